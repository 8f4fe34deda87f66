/* app/verify — the verification use cases (see app/verify.h). */
#include "app/verify.h"

#include "app/app_internal.h"
#include "base/date.h"
#include "base/idnum.h"
#include "store/verification_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Facts of h against the sources already known to be loaded. */
static int facts_with(struct feed_store *fs, unsigned loaded, const struct household *h,
                      struct feed_rows *rows, struct household_facts *f, struct verification *v,
                      struct err *e)
{
    struct member_feeds feeds[HH_MAX_MEMBERS];
    memset(feeds, 0, sizeof feeds);
    if (loaded && feed_store_household(fs, h, rows, feeds, e)) return -1;
    verify_household(h, loaded, feeds, f, v);
    return 0;
}

int app_household_facts(struct app *a, struct feed_store *fs, unsigned loaded,
                        const struct household *h, struct feed_rows *rows,
                        struct household_facts *f, struct verification *v, struct err *e)
{
    (void)a;
    return facts_with(fs, loaded, h, rows, f, v, e);
}

/* The report as people read it: the stored rows with the members now at
 * their places. */
static void report_fill(struct verification_report *out, const struct household *h,
                        const struct verification_header *vh, const struct verification *v)
{
    memset(out, 0, sizeof *out);
    out->id = vh->id;
    out->household_id = h->id;
    memcpy(out->household_no, h->household_no, sizeof out->household_no);
    out->household_version = vh->household_version;
    out->current_version = h->version;
    out->changed_since = vh->household_version != h->version;
    memcpy(out->verified_at, vh->verified_at, sizeof out->verified_at);
    verification_store_parse_sources(vh, &out->sources, out->batches);
    out->total = v->total;
    out->truncated = v->truncated;
    out->n = v->ndiscrepancies;
    for (int i = 0; i < v->ndiscrepancies; i++) {
        const struct discrepancy *d = &v->d[i];
        struct verification_item *x = &out->items[i];
        x->member_seq = d->member + 1;
        x->source = d->source;
        if (d->member >= 0 && d->member < h->nmembers) {
            const struct member *m = &h->members[d->member];
            memcpy(x->member_name, m->name, sizeof x->member_name);
            idnum_mask(m->id_number, x->member_id_masked);
            x->relation = m->relation;
        }
        memcpy(x->field, d->field, sizeof x->field);
        memcpy(x->declared, d->declared, sizeof x->declared);
        memcpy(x->found, d->found, sizeof x->found);
        memcpy(x->evidence, d->evidence, sizeof x->evidence);
    }
}

static void *alloc_or_err(size_t size, struct err *e)
{
    void *p = calloc(1, size);
    if (!p) err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    return p;
}

/* What one verification needs besides the household: kept together so
 * that a run allocates them once. */
struct verify_work {
    struct feed_store *fs;
    struct verification_store *vs;
    unsigned loaded;
    int64_t batches[FEED_COUNT];
    struct feed_rows rows;
    struct household_facts facts;
    struct verification v;
    struct verification_header vh;
};

static int work_open(struct app *a, struct verify_work *w, struct err *e)
{
    if (feed_store_open(a->db, &w->fs, e) || verification_store_open(a->db, &w->vs, e) ||
        feed_store_loaded(w->fs, &w->loaded, w->batches, e))
        return -1;
    w->loaded &= (1u << FEED_COUNT) - 1;
    verification_store_format_sources(w->loaded, w->batches, &w->vh);
    date_now_utc(w->vh.verified_at);
    return 0;
}

static void work_close(struct verify_work *w)
{
    if (w->fs) feed_store_close(w->fs);
    verification_store_close(w->vs);
    free(w->rows.rows);
    w->fs = NULL;
    w->vs = NULL;
    w->rows.rows = NULL;
}

/* Verifies h and saves its report (w->v and w->vh hold it after). */
static int verify_and_save(struct verify_work *w, const struct household *h, struct err *e)
{
    if (facts_with(w->fs, w->loaded, h, &w->rows, &w->facts, &w->v, e)) return -1;
    w->vh.household_id = h->id;
    w->vh.household_version = h->version;
    return verification_store_save(w->vs, &w->vh, &w->v, e);
}

int app_verify_household(struct app *a, const struct actor *who, int64_t household_id,
                         struct verification_report *out, struct err *e)
{
    if (access_require(who, PERM_VERIFY_RUN, e)) return -1;
    struct household *h = alloc_or_err(sizeof *h, e);
    struct verify_work *w = h ? alloc_or_err(sizeof *w, e) : NULL;
    struct household_store *hs = NULL;
    int rc = -1;
    if (!w) goto done;
    if (db_begin(a->db, DB_WRITE, e)) goto done;
    if (household_store_open(a->db, &hs, e) || household_store_get(hs, household_id, h, e) ||
        app_household_visible(who, h, e) || work_open(a, w, e) || verify_and_save(w, h, e))
        goto rollback;
    household_store_close(hs);
    hs = NULL;
    work_close(w);
    if (db_commit(a->db, e)) goto rollback;
    if (out) report_fill(out, h, &w->vh, &w->v);
    rc = 0;
    goto done;
rollback:
    household_store_close(hs);
    hs = NULL;
    work_close(w);
    db_rollback(a->db);
done:
    free(w);
    free(h);
    return rc;
}

struct run_ctx {
    struct verify_work *w;
    struct verify_run_counts counts;
    verify_progress_fn progress;
    void *progress_ctx;
    struct err *e;
};

static int run_one(const struct household *h, void *arg)
{
    struct run_ctx *r = arg;
    if (verify_and_save(r->w, h, r->e)) return 1;
    r->counts.households++;
    if (r->w->v.total) {
        r->counts.with_discrepancies++;
        r->counts.discrepancies += r->w->v.total;
    }
    if (r->progress && r->counts.households % VERIFY_RUN_PROGRESS_EVERY == 0)
        r->progress(&r->counts, r->progress_ctx);
    return 0;
}

int app_verify_run(struct app *a, const struct actor *who, verify_progress_fn progress, void *ctx,
                   struct verify_run_counts *out, struct err *e)
{
    if (who)
        return err_set(e, ERR_FORBIDDEN, "", "批量核对只能在命令行进行",
                       "a verification run is for the command line only");
    struct run_ctx r = {.progress = progress, .progress_ctx = ctx, .e = e};
    if (out) memset(out, 0, sizeof *out);
    r.w = alloc_or_err(sizeof *r.w, e);
    if (!r.w) return -1;
    int rc = -1;
    if (db_begin(a->db, DB_WRITE, e)) goto done;
    if (work_open(a, r.w, e)) goto rollback;
    r.counts.sources = r.w->loaded;
    memcpy(r.counts.batches, r.w->batches, sizeof r.counts.batches);
    /* run_one stops the walk only after filling e */
    if (household_store_each(a->db, run_one, &r, e)) goto rollback;
    work_close(r.w);
    if (db_commit(a->db, e)) goto rollback_closed;
    if (progress && r.counts.households % VERIFY_RUN_PROGRESS_EVERY != 0) progress(&r.counts, ctx);
    if (out) *out = r.counts;
    rc = 0;
    goto done;
rollback:
    work_close(r.w);
rollback_closed:
    db_rollback(a->db);
done:
    free(r.w);
    return rc;
}

int app_verification_report(struct app *a, const struct actor *who, int64_t household_id,
                            struct verification_report *out, struct err *e)
{
    if (access_require(who, PERM_VERIFY_READ, e)) return -1;
    struct household *h = alloc_or_err(sizeof *h, e);
    struct verification *v = h ? alloc_or_err(sizeof *v, e) : NULL;
    struct household_store *hs = NULL;
    struct verification_store *vs = NULL;
    struct verification_header vh;
    int rc = -1;
    if (!v) goto done;
    if (db_begin(a->db, DB_READ, e)) goto done;
    if (household_store_open(a->db, &hs, e) == 0 &&
        household_store_get(hs, household_id, h, e) == 0 && app_household_visible(who, h, e) == 0 &&
        verification_store_open(a->db, &vs, e) == 0) {
        int found = verification_store_latest(vs, household_id, &vh, v, e);
        if (found == 1) {
            report_fill(out, h, &vh, v);
            rc = 0;
        } else if (found == 0)
            err_set(e, ERR_NOT_FOUND, "id", "该家庭尚未核对（家庭 %lld）",
                    "household %lld has not been verified yet", (long long)household_id);
    }
    household_store_close(hs);
    verification_store_close(vs);
    db_rollback(a->db); /* read-only */
done:
    free(v);
    free(h);
    return rc;
}
