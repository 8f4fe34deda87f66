/* store/eligibility_store — eligibility decisions and runs.
 *
 * A decision names the policy version that made it, the as-of date, the
 * verified sources it used and its reasons, one line per criterion:
 * "code|pass|actual|limit" (pass 1/0). A run (`anju eligibility run`) is one
 * programme over every household; its decisions carry its id, and a run
 * counts only once finished. Callers own the transaction.
 */
#ifndef ANJU_STORE_ELIGIBILITY_STORE_H
#define ANJU_STORE_ELIGIBILITY_STORE_H

#include "core/eligibility.h"
#include "store/db.h"

#include <stddef.h>

struct eligibility_store;

int eligibility_store_open(struct db *db, struct eligibility_store **out, struct err *e);
void eligibility_store_close(struct eligibility_store *st);

struct decision_row {
    int64_t id;
    int64_t run_id; /* 0: a single check */
    int64_t household_id, household_version;
    char district_code[7];
    enum programme programme;
    int64_t policy_id;
    char as_of[11];
    int eligible, tier;
    int64_t amount;
    char priority[256]; /* "dibao;elderly" */
    char verified[256]; /* "civil_affairs;property" */
    char decided_at[21];
    const char *criteria; /* the reasons text (borrowed when inserting) */
};

/* Formats r's reasons into out ("code|pass|actual|limit" lines). */
void eligibility_store_reasons(const struct eligibility *r, char *out, size_t size);

int eligibility_store_insert(struct eligibility_store *st, struct decision_row *d, struct err *e);
/* Starts a run (finished_at empty until eligibility_store_finish_run). */
int eligibility_store_begin_run(struct eligibility_store *st, enum programme p, const char *as_of,
                                const char *started_at, int64_t *run_id, struct err *e);
int eligibility_store_finish_run(struct eligibility_store *st, int64_t run_id,
                                 const char *finished_at, long households, long eligible,
                                 struct err *e);

struct eligibility_count {
    char district_code[7];
    long households, eligible;
    long by_tier[POLICY_TIERS_MAX + 1]; /* eligible households per tier (0 = no tier) */
};
struct eligibility_summary {
    int64_t run_id; /* 0: no finished run of this programme */
    char as_of[11], finished_at[21];
    size_t n;
    struct eligibility_count *districts; /* by district code; caller frees */
    struct eligibility_count total;
};
/* The latest finished run of programme p, counted by district (only
 * `district` when not NULL/""): 1 when there is one, 0 when there is none. */
int eligibility_store_summary(struct db *db, enum programme p, const char *district,
                              struct eligibility_summary *out, struct err *e);

#endif
