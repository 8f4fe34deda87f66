/* store/migrate — the schema, as numbered SQL files embedded in the binary.
 *
 * migrations/NNNN_name.sql are applied in order, each in its own write
 * transaction, and recorded in schema_migrations with the SHA-256 of their
 * text. A migration whose text changed after it was applied, or a database
 * that has a migration this binary does not know, is refused: the schema
 * would no longer be the one the code was written for.
 */
#ifndef ANJU_STORE_MIGRATE_H
#define ANJU_STORE_MIGRATE_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>

enum migration_state {
    MIGRATION_PENDING,
    MIGRATION_APPLIED,
    MIGRATION_CHANGED, /* applied, but the embedded text differs */
    MIGRATION_UNKNOWN, /* applied, but not in this binary */
};

struct migration_status {
    int version;
    char name[96];
    char checksum[65];   /* of the embedded text ("" when unknown) */
    char applied_at[21]; /* "" when pending */
    enum migration_state state;
};

/* A list of migrations to apply: parallel to embedded_migrations by
 * default; tests pass their own. */
struct migration_source {
    const char *name; /* NNNN_name.sql */
    const char *sql;
};

/* Fills *out (caller frees) with one entry per known or applied migration. */
int migrate_status(struct db *db, const struct migration_source *src, size_t n,
                   struct migration_status **out, size_t *count, struct err *e);
/* Applies every pending migration; refuses (nothing applied) when any is
 * CHANGED or UNKNOWN. *applied counts what was applied (may be NULL). */
int migrate_up(struct db *db, const struct migration_source *src, size_t n, int *applied,
               struct err *e);
/* The embedded migrations as a source list (static storage). */
const struct migration_source *migrate_embedded(size_t *n);
/* Opens url and brings it up to date with the embedded migrations. */
int migrate_open(struct db **out, const char *url, struct err *e);
void migrate_sha256_hex(const char *text, char out[65]);

#endif
