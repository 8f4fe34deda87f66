/* store/policy_store — policy versions in the database.
 *
 * A policy row is immutable (the database refuses UPDATE and DELETE): a new
 * version of a city's rules is a new row, so every decision that names a
 * policy id keeps meaning what it meant. The row holds the preset in its
 * canonical JSON (io/policy_json's policy_render) and its SHA-256.
 * Callers own the transaction.
 */
#ifndef ANJU_STORE_POLICY_STORE_H
#define ANJU_STORE_POLICY_STORE_H

#include "core/policy.h"
#include "store/db.h"

#include <stddef.h>

struct policy_row {
    int64_t id;
    char code[POLICY_CODE_MAX + 1];
    char version[POLICY_VERSION_MAX + 1];
    char name_zh[POLICY_TEXT_MAX + 1], name_en[POLICY_TEXT_MAX + 1];
    char effective[11];
    char sha256[65];
    char imported_at[21];
    char *document; /* canonical JSON; NULL in lists; freed by policy_row_free */
};
void policy_row_free(struct policy_row *r);

/* Inserts; sets r->id. */
int policy_store_insert(struct db *db, struct policy_row *r, struct err *e);
/* By id (document loaded). ERR_NOT_FOUND when none. */
int policy_store_get(struct db *db, int64_t id, struct policy_row *r, struct err *e);
/* By code and version (document loaded): 1 found, 0 not, -1 error. */
int policy_store_find(struct db *db, const char *code, const char *version, struct policy_row *r,
                      struct err *e);
/* Every version, by code then effective date then id, without documents;
 * *out is the caller's to free (free(), documents are NULL). */
int policy_store_list(struct db *db, struct policy_row **out, size_t *n, struct err *e);
/* The largest policy id (0 when none): a cheap "did anything change". */
int64_t policy_store_last_id(struct db *db, struct err *e);

#endif
