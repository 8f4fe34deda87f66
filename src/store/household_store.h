/* store/household_store — households and members in the database.
 *
 * The only place that knows the household tables. A struct household_store
 * holds prepared statements for one connection; open it once per use case
 * (or once for a whole import) and close it before the connection.
 * Callers own the transaction (db_begin/db_commit) around these calls.
 */
#ifndef ANJU_STORE_HOUSEHOLD_STORE_H
#define ANJU_STORE_HOUSEHOLD_STORE_H

#include "core/household.h"
#include "store/db.h"

#include <stddef.h>

struct household_store;

int household_store_open(struct db *db, struct household_store **out, struct err *e);
void household_store_close(struct household_store *st);

/* Inserts h with its members and categories; sets h->id and h->version = 1.
 * h->created_at/updated_at must be set. A duplicate household number or ID
 * number is ERR_CONFLICT naming the field (members[i].id_number). */
int household_store_insert(struct household_store *st, struct household *h, struct err *e);
/* ERR_NOT_FOUND when there is no such household. */
int household_store_get(struct household_store *st, int64_t id, struct household *h, struct err *e);
/* Replaces the household row, members and categories when its version is
 * still expected_version (else ERR_CONFLICT); sets h->version to the new one. */
int household_store_update(struct household_store *st, struct household *h,
                           int64_t expected_version, struct err *e);

struct household_filter {
    const char *district_code; /* NULL or "" = all */
    const char *region_code;   /* NULL or "" = all; a street code */
    const char *city_prefix;   /* NULL or "" = all; the first two digits of district codes */
    int64_t household_id;      /* 0 = all; else only this household */
    const char *q;             /* name prefix, ID-number suffix (4+ chars), or household number */
    int64_t page, page_size;   /* page from 1 */
};

struct household_summary {
    int64_t id;
    char household_no[HH_NO_MAX + 1];
    char region_code[13], district_code[7];
    char applicant_name[HH_NAME_MAX + 1];
    char applicant_id_number[19]; /* unmasked: masking is the caller's duty */
    int member_count;
    unsigned priority;
    char updated_at[21];
};

/* *out (caller frees) gets up to page_size summaries; *total all matches. */
int household_store_list(struct household_store *st, const struct household_filter *f,
                         struct household_summary **out, size_t *n, int64_t *total, struct err *e);

/* How many households match f (its q, page and page_size ignored), by
 * district: one entry per district that has any, by district code. *out is
 * the caller's to free. One scan of the index household_district. */
struct household_district_count {
    char district_code[7];
    int64_t households;
};
int household_store_count_by_district(struct db *db, const struct household_filter *f,
                                      struct household_district_count **out, size_t *n,
                                      struct err *e);

/* Calls fn for every household in id order, streaming (one household in
 * memory at a time). fn returning non-zero stops with that value. */
int household_store_each(struct db *db, int (*fn)(const struct household *h, void *ctx), void *ctx,
                         struct err *e);

/* The household number that holds this ID number, if any: 1 found, 0 not. */
int household_store_find_id_number(struct household_store *st, const char *id_number,
                                   char household_no[HH_NO_MAX + 1], struct err *e);
/* 1 when a household with this number exists (its number copied to no_out), 0 when not. */
int household_store_find_no(struct household_store *st, const char *household_no,
                            char no_out[HH_NO_MAX + 1], struct err *e);
int64_t household_store_count(struct db *db, struct err *e);
/* The largest server-assigned number of a year: W<year>NNNNNN → NNNNNN (0
 * when none). Numbers given by staff or imports that happen to have this
 * form count too, so the next one is always free. */
int household_store_last_assigned_no(struct db *db, const char *year, int64_t *last, struct err *e);
/* The household whose member with relation applicant has this ID number and
 * this name: 1 found (*id set), 0 none, -1 error. */
int household_store_find_applicant(struct db *db, const char *id_number, const char *name,
                                   int64_t *id, struct err *e);
int64_t household_store_member_count(struct db *db, struct err *e);

/* Bulk loading. household_store_drop_indexes removes the secondary indexes
 * of the household tables (the unique index on ID numbers among them) inside
 * the caller's transaction and returns their definitions; the caller must
 * then keep ID numbers unique itself, and household_store_build_indexes
 * recreates them before the commit (ERR_CONFLICT if a duplicate got in).
 * A rollback restores the indexes with everything else. */
struct index_defs;
int household_store_drop_indexes(struct db *db, struct index_defs **saved, struct err *e);
int household_store_build_indexes(struct db *db, struct index_defs *saved, struct err *e);
void index_defs_free(struct index_defs *d);
/* Calls fn with every registered ID number (in no particular order). */
int household_store_each_id_number(struct db *db, int (*fn)(const char *id, void *ctx), void *ctx,
                                   struct err *e);

#endif
