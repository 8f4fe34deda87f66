/* store/eligibility_store — decisions and runs (see eligibility_store.h). */
#include "store/eligibility_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct eligibility_store {
    struct db *db;
    struct db_stmt *insert, *begin_run, *finish_run;
};

int eligibility_store_open(struct db *db, struct eligibility_store **out, struct err *e)
{
    struct eligibility_store *st = calloc(1, sizeof *st);
    *out = NULL;
    if (!st) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    st->db = db;
    if (db_prepare(db,
                   "INSERT INTO eligibility_decision (run_id, household_id, household_version,"
                   " district_code, programme, policy_id, as_of, eligible, tier, amount,"
                   " priority, verified, criteria, decided_at) VALUES ($run_id, $household_id,"
                   " $household_version, $district_code, $programme, $policy_id, $as_of,"
                   " $eligible, $tier, $amount, $priority, $verified, $criteria, $decided_at)"
                   " RETURNING id",
                   &st->insert, e) ||
        db_prepare(db,
                   "INSERT INTO eligibility_run (programme, as_of, started_at, finished_at,"
                   " households, eligible) VALUES ($programme, $as_of, $started_at, '', 0, 0)"
                   " RETURNING id",
                   &st->begin_run, e) ||
        db_prepare(db,
                   "UPDATE eligibility_run SET finished_at = $finished_at,"
                   " households = $households, eligible = $eligible WHERE id = $id",
                   &st->finish_run, e)) {
        eligibility_store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void eligibility_store_close(struct eligibility_store *st)
{
    if (!st) return;
    db_finalize(st->insert);
    db_finalize(st->begin_run);
    db_finalize(st->finish_run);
    free(st);
}

void eligibility_store_reasons(const struct eligibility *r, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < r->ncriteria && len < size; i++) {
        const struct criterion_result *c = &r->criteria[i];
        int n = snprintf(out + len, size - len, "%s%s|%d|%s|%s", i ? "\n" : "",
                         criterion_names[c->kind].code, c->pass, c->actual, c->limit);
        if (n < 0) break;
        len += (size_t)n;
    }
    if (len >= size) out[size - 1] = '\0';
}

int eligibility_store_insert(struct eligibility_store *st, struct decision_row *d, struct err *e)
{
    struct db_stmt *s = st->insert;
    int rc = -1;
    if ((d->run_id ? db_bind_int(s, "$run_id", d->run_id, e) : db_bind_null(s, "$run_id", e)) ||
        db_bind_int(s, "$household_id", d->household_id, e) ||
        db_bind_int(s, "$household_version", d->household_version, e) ||
        db_bind_text_static(s, "$district_code", d->district_code, e) ||
        db_bind_text_static(s, "$programme", programme_names[d->programme].code, e) ||
        db_bind_int(s, "$policy_id", d->policy_id, e) ||
        db_bind_text_static(s, "$as_of", d->as_of, e) ||
        db_bind_int(s, "$eligible", d->eligible, e) || db_bind_int(s, "$tier", d->tier, e) ||
        db_bind_int(s, "$amount", d->amount, e) ||
        db_bind_text_static(s, "$priority", d->priority, e) ||
        db_bind_text_static(s, "$verified", d->verified, e) ||
        db_bind_text_static(s, "$criteria", d->criteria ? d->criteria : "", e) ||
        db_bind_text_static(s, "$decided_at", d->decided_at, e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    d->id = db_col_int(s, 0);
    rc = 0;
done:
    db_reset(s);
    return rc;
}

int eligibility_store_begin_run(struct eligibility_store *st, enum programme p, const char *as_of,
                                const char *started_at, int64_t *run_id, struct err *e)
{
    struct db_stmt *s = st->begin_run;
    int rc = -1;
    if (db_bind_text_static(s, "$programme", programme_names[p].code, e) ||
        db_bind_text(s, "$as_of", as_of, e) || db_bind_text(s, "$started_at", started_at, e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    *run_id = db_col_int(s, 0);
    rc = 0;
done:
    db_reset(s);
    return rc;
}

int eligibility_store_finish_run(struct eligibility_store *st, int64_t run_id,
                                 const char *finished_at, long households, long eligible,
                                 struct err *e)
{
    struct db_stmt *s = st->finish_run;
    int rc = -1;
    if (db_bind_text(s, "$finished_at", finished_at, e) ||
        db_bind_int(s, "$households", households, e) || db_bind_int(s, "$eligible", eligible, e) ||
        db_bind_int(s, "$id", run_id, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    rc = 0;
done:
    db_reset(s);
    return rc;
}

int eligibility_store_summary(struct db *db, enum programme p, const char *district,
                              struct eligibility_summary *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT id, as_of, finished_at FROM eligibility_run"
                   " WHERE programme = $programme AND finished_at <> '' ORDER BY id DESC LIMIT 1",
                   &s, e))
        return -1;
    int found =
        db_bind_text_static(s, "$programme", programme_names[p].code, e) ? -1 : db_step(s, e);
    if (found == 1) {
        out->run_id = db_col_int(s, 0);
        snprintf(out->as_of, sizeof out->as_of, "%s", db_col_text(s, 1));
        snprintf(out->finished_at, sizeof out->finished_at, "%s", db_col_text(s, 2));
    }
    db_finalize(s);
    if (found <= 0) return found;
    if (db_prepare(db,
                   "SELECT district_code, tier, count(*), sum(eligible) FROM eligibility_decision"
                   " WHERE run_id = $run_id AND ($district = '' OR district_code = $district)"
                   " GROUP BY district_code, tier ORDER BY district_code, tier",
                   &s, e))
        return -1;
    int rc;
    size_t cap = 0;
    if (db_bind_int(s, "$run_id", out->run_id, e) ||
        db_bind_text(s, "$district", district ? district : "", e)) {
        db_finalize(s);
        return -1;
    }
    while ((rc = db_step(s, e)) == 1) {
        const char *d = db_col_text(s, 0);
        if (out->n == 0 || strcmp(out->districts[out->n - 1].district_code, d) != 0) {
            if (out->n == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                struct eligibility_count *x = realloc(out->districts, ncap * sizeof *x);
                if (!x) {
                    rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                    break;
                }
                out->districts = x;
                cap = ncap;
            }
            struct eligibility_count *c = &out->districts[out->n++];
            memset(c, 0, sizeof *c);
            snprintf(c->district_code, sizeof c->district_code, "%s", d);
        }
        struct eligibility_count *c = &out->districts[out->n - 1];
        int64_t tier = db_col_int(s, 1);
        long count = (long)db_col_int(s, 2), eligible = (long)db_col_int(s, 3);
        c->households += count;
        c->eligible += eligible;
        out->total.households += count;
        out->total.eligible += eligible;
        if (tier >= 0 && tier <= POLICY_TIERS_MAX) {
            c->by_tier[tier] += eligible;
            out->total.by_tier[tier] += eligible;
        }
    }
    db_finalize(s);
    if (rc < 0) {
        free(out->districts);
        out->districts = NULL;
        out->n = 0;
        return -1;
    }
    return 1;
}
