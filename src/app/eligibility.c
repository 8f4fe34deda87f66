/* app/eligibility — checks, runs and summaries (see eligibility.h). */
#include "app/eligibility.h"

#include "app/app_internal.h"
#include "app/audit.h"
#include "base/date.h"
#include "store/household_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REASONS_MAX = POLICY_CRITERIA_MAX * (ELIG_FIGURE_MAX * 2 + 48) };

int app_programme_parse(const char *code, enum programme *p, const char *field, struct err *e)
{
    int i = code_lookup(programme_names, PROG_COUNT, code);
    if (i >= 0) {
        *p = (enum programme)i;
        return 0;
    }
    char list[256] = "";
    for (int k = 0; k < PROG_COUNT; k++) {
        strncat(list, programme_names[k].code, sizeof list - strlen(list) - 1);
        if (k + 1 < PROG_COUNT) strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    return err_set(e, ERR_INVALID, field, "未知的保障方式 “%s”，可选：%s",
                   "unknown programme \"%s\"; valid: %s", code, list);
}

static void sources_format(unsigned sources, char out[256])
{
    size_t len = 0;
    out[0] = '\0';
    for (int s = 0; s < FEED_COUNT; s++)
        if (sources & (1u << s)) {
            int n =
                snprintf(out + len, 256 - len, "%s%s", len ? ";" : "", feed_source_names[s].code);
            if (n > 0 && (size_t)n < 256 - len) len += (size_t)n;
        }
}

/* Everything a decision needs besides the store: facts, policy, evaluation. */
struct decider {
    struct app *a;
    struct feed_store *feeds;
    unsigned loaded; /* the sources with data, read once per transaction */
    struct feed_rows rows;
    struct household_facts facts;
    struct verification v;
    struct eligibility result;
};

static int feed_loaded(struct decider *d, struct err *e)
{
    int64_t batches[FEED_COUNT];
    return feed_store_loaded(d->feeds, &d->loaded, batches, e);
}

/* 1 decided, 0 no policy covers the household, -1 error. The policy
 * versions must have been loaded in this transaction (app_policies_load). */
static int decide(struct decider *d, const struct household *h,
                  const struct eligibility_request *req, const char *as_of,
                  const struct policy **policy, struct err *e)
{
    int rc = app_policy_pick(d->a, h->region_code, as_of, policy, e);
    if (rc) return e->code == ERR_NOT_FOUND ? 0 : -1;
    if (app_household_facts(d->a, d->feeds, d->loaded, h, &d->rows, &d->facts, &d->v, e)) return -1;
    struct eligibility_input in = {
        .facts = &d->facts,
        .policy = *policy,
        .programme = req->programme,
        .as_of = as_of,
        .rent = req->rent,
        .rent_area = req->rent_area,
    };
    eligibility_evaluate(&in, &d->result);
    return 1;
}

static void decision_row_fill(struct decision_row *row, const struct household *h,
                              const struct policy *p, const char *as_of, const struct decider *d,
                              const char *now)
{
    memset(row, 0, sizeof *row);
    row->household_id = h->id;
    row->household_version = h->version;
    memcpy(row->district_code, h->district_code, sizeof row->district_code);
    row->programme = d->result.programme;
    row->policy_id = p->id;
    snprintf(row->as_of, sizeof row->as_of, "%s", as_of);
    row->eligible = d->result.eligible;
    row->tier = d->result.tier;
    row->amount = d->result.amount;
    priority_format(d->result.priority, row->priority);
    sources_format(d->v.sources, row->verified);
    memcpy(row->decided_at, now, sizeof row->decided_at);
}

static int audit_decision(struct app *a, const struct actor *who,
                          const struct eligibility_decision *d, struct err *e)
{
    json_t *j = app_eligibility_json(d);
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!text) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    char id[24], detail[256];
    snprintf(id, sizeof id, "%lld", (long long)d->household_id);
    snprintf(detail, sizeof detail,
             "decision=%lld programme=%s as_of=%s policy=%s@%s household_version=%lld eligible=%d",
             (long long)d->id, programme_names[d->result.programme].code, d->as_of, d->policy_code,
             d->policy_version, (long long)d->household_version, d->result.eligible);
    int rc = app_audit(a, who, "eligibility.check", "household", id, NULL, text, detail, e);
    free(text);
    return rc;
}

struct app_decider {
    struct decider d;
    struct eligibility_store *es;
    char *reasons;
};

void app_decider_close(struct app_decider *ad)
{
    if (!ad) return;
    eligibility_store_close(ad->es);
    feed_store_close(ad->d.feeds);
    free(ad->d.rows.rows);
    free(ad->reasons);
    free(ad);
}

int app_decider_open(struct app *a, struct app_decider **out, struct err *e)
{
    *out = NULL;
    struct app_decider *ad = calloc(1, sizeof *ad);
    if (!ad || !(ad->reasons = malloc(REASONS_MAX))) {
        app_decider_close(ad);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    ad->d.a = a;
    if (app_policies_load(a, e) || feed_store_open(a->db, &ad->d.feeds, e) ||
        feed_loaded(&ad->d, e) || eligibility_store_open(a->db, &ad->es, e)) {
        app_decider_close(ad);
        return -1;
    }
    *out = ad;
    return 0;
}

int app_decider_decide(struct app_decider *ad, const struct household *h,
                       const struct eligibility_request *req, const char *as_of,
                       struct eligibility_decision *out, const struct policy **policy,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    *policy = NULL;
    struct decider *d = &ad->d;
    const struct policy *p;
    int decided = decide(d, h, req, as_of, &p, e);
    if (decided <= 0) return decided;
    struct decision_row row;
    char now[21];
    date_now_utc(now);
    decision_row_fill(&row, h, p, as_of, d, now);
    eligibility_store_reasons(&d->result, ad->reasons, REASONS_MAX);
    row.criteria = ad->reasons;
    if (eligibility_store_insert(ad->es, &row, e)) return -1;
    out->id = row.id;
    out->household_id = h->id;
    out->household_version = h->version;
    memcpy(out->household_no, h->household_no, sizeof out->household_no);
    memcpy(out->district_code, h->district_code, sizeof out->district_code);
    out->policy_id = p->id;
    memcpy(out->policy_code, p->code, sizeof out->policy_code);
    memcpy(out->policy_version, p->version, sizeof out->policy_version);
    snprintf(out->as_of, sizeof out->as_of, "%s", as_of);
    memcpy(out->decided_at, now, sizeof out->decided_at);
    out->sources = d->v.sources;
    out->result = d->result;
    *policy = p;
    return 1;
}

int app_eligibility_decide(struct app *a, const struct household *h,
                           const struct eligibility_request *req, const char *as_of,
                           struct eligibility_decision *out, const struct policy **policy,
                           struct err *e)
{
    memset(out, 0, sizeof *out);
    *policy = NULL;
    struct app_decider *ad;
    if (app_decider_open(a, &ad, e)) return -1;
    int rc = app_decider_decide(ad, h, req, as_of, out, policy, e);
    app_decider_close(ad);
    return rc;
}

int app_eligibility_check(struct app *a, const struct actor *who, int64_t household_id,
                          const struct eligibility_request *req, struct eligibility_decision *out,
                          struct err *e)
{
    memset(out, 0, sizeof *out);
    if (access_require(who, PERM_ELIGIBILITY_CHECK, e)) return -1;
    char today[11];
    const char *as_of = req->as_of;
    if (!as_of) {
        date_today(today);
        as_of = today;
    } else if (date_valid(as_of) != 0) {
        return err_set(e, ERR_INVALID, "as_of", "日期 “%s” 无效，应为 YYYY-MM-DD",
                       "date \"%s\" is not a valid YYYY-MM-DD date", as_of);
    }
    struct household *h = calloc(1, sizeof *h);
    struct household_store *hs = NULL;
    int rc = -1;
    if (!h) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    if (db_begin(a->db, DB_WRITE, e)) goto out;
    const struct policy *p;
    int decided = -1;
    if (household_store_open(a->db, &hs, e) == 0 &&
        household_store_get(hs, household_id, h, e) == 0 && app_household_visible(who, h, e) == 0)
        decided = app_eligibility_decide(a, h, req, as_of, out, &p, e);
    household_store_close(hs);
    hs = NULL;
    if (decided == 0) /* no policy: the request cannot be met (e says why) */
        e->code = ERR_INVALID;
    /* the stored decision, as the API renders it, is the audit entry's "after" */
    if (decided <= 0 || audit_decision(a, who, out, e) || db_commit(a->db, e)) {
        db_rollback(a->db);
        goto out;
    }
    rc = 0;
out:
    free(h);
    return rc;
}

/* --- runs --------------------------------------------------------------- */

struct run_ctx {
    struct decider *d;
    struct eligibility_store *es;
    const struct eligibility_request *req;
    const char *as_of;
    char now[21];
    char *reasons;
    struct eligibility_run_report *r;
    void (*progress)(long done, void *ctx);
    void *progress_ctx;
    struct err *e;
};

static int run_one(const struct household *h, void *ctx)
{
    struct run_ctx *c = ctx;
    const struct policy *p;
    int decided = decide(c->d, h, c->req, c->as_of, &p, c->e);
    if (decided < 0) return -1;
    if (decided == 0) {
        c->r->no_policy++;
    } else {
        struct decision_row row;
        decision_row_fill(&row, h, p, c->as_of, c->d, c->now);
        row.run_id = c->r->run_id;
        eligibility_store_reasons(&c->d->result, c->reasons, REASONS_MAX);
        row.criteria = c->reasons;
        if (eligibility_store_insert(c->es, &row, c->e)) return -1;
        c->r->households++;
        c->r->eligible += c->d->result.eligible;
    }
    long done = c->r->households + c->r->no_policy;
    if (c->progress && done % 100000 == 0) c->progress(done, c->progress_ctx);
    return 0;
}

int app_eligibility_run(struct app *a, const struct actor *who, enum programme p, const char *as_of,
                        void (*progress)(long done, void *ctx), void *ctx,
                        struct eligibility_run_report *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    if (who)
        return err_set(e, ERR_FORBIDDEN, "", "批量资格判定只能在命令行进行",
                       "an eligibility run is for the command line only");
    if (date_valid(as_of) != 0)
        return err_set(e, ERR_INVALID, "as_of", "日期 “%s” 无效，应为 YYYY-MM-DD",
                       "date \"%s\" is not a valid YYYY-MM-DD date", as_of);
    struct eligibility_request req = {.programme = p, .as_of = as_of, .rent = -1, .rent_area = -1};
    struct run_ctx c = {
        .req = &req, .as_of = as_of, .r = r, .progress = progress, .progress_ctx = ctx, .e = e};
    c.d = calloc(1, sizeof *c.d);
    c.reasons = malloc(REASONS_MAX);
    int rc = -1;
    if (!c.d || !c.reasons) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto out;
    }
    c.d->a = a;
    date_now_utc(c.now);
    /* a larger cache keeps the feed index and the new rows' pages in memory */
    if (db_cache_size(a->db, 48, e) || db_begin(a->db, DB_WRITE, e)) goto out;
    if (app_policies_load(a, e) || feed_store_open(a->db, &c.d->feeds, e) || feed_loaded(c.d, e) ||
        eligibility_store_open(a->db, &c.es, e) ||
        eligibility_store_begin_run(c.es, p, as_of, c.now, &r->run_id, e) ||
        household_store_each(a->db, run_one, &c, e))
        goto fail;
    char finished[21];
    date_now_utc(finished);
    if (eligibility_store_finish_run(c.es, r->run_id, finished, r->households, r->eligible, e))
        goto fail;
    eligibility_store_close(c.es);
    c.es = NULL;
    feed_store_close(c.d->feeds);
    c.d->feeds = NULL;
    char id[24], detail[256];
    snprintf(id, sizeof id, "%lld", (long long)r->run_id);
    snprintf(detail, sizeof detail,
             "programme=%s as_of=%s households=%ld eligible=%ld no_policy=%ld",
             programme_names[p].code, as_of, r->households, r->eligible, r->no_policy);
    if (app_audit(a, who, "eligibility.run", "eligibility_run", id, NULL, NULL, detail, e) ||
        db_commit(a->db, e))
        goto fail;
    rc = 0;
    goto out;
fail:
    eligibility_store_close(c.es);
    c.es = NULL;
    feed_store_close(c.d->feeds);
    c.d->feeds = NULL;
    db_rollback(a->db);
out:;
    struct err ignore;
    db_cache_size(a->db, 0, &ignore);
    if (c.d) free(c.d->rows.rows);
    free(c.d);
    free(c.reasons);
    return rc;
}

struct floor_ctx {
    struct feed_store *feeds;
    unsigned loaded; /* the sources with data, read once per transaction */
    struct feed_rows rows;
    struct member_feeds mf[HH_MAX_MEMBERS];
    long households;
    struct err *e;
};

static int floor_one(const struct household *h, void *ctx)
{
    struct floor_ctx *c = ctx;
    if (feed_store_household(c->feeds, h, &c->rows, c->mf, c->e)) return -1;
    c->households++;
    return 0;
}

int app_eligibility_read_floor(struct app *a, const struct actor *who, long *households,
                               struct err *e)
{
    if (who) return err_set(e, ERR_FORBIDDEN, "", "只能在命令行进行", "for the command line only");
    struct floor_ctx c = {.e = e};
    int rc = -1;
    /* the same cache as a run, so that the comparison is fair */
    if (db_cache_size(a->db, 48, e) || db_begin(a->db, DB_READ, e)) return -1;
    if (feed_store_open(a->db, &c.feeds, e) == 0 &&
        household_store_each(a->db, floor_one, &c, e) == 0)
        rc = 0;
    feed_store_close(c.feeds);
    free(c.rows.rows);
    db_rollback(a->db);
    struct err ignore;
    db_cache_size(a->db, 0, &ignore);
    *households = c.households;
    return rc;
}

/* Keeps the districts of the summary whose code starts with prefix (2
 * digits) and recounts the total. */
static void summary_keep_prefix(struct eligibility_summary *s, const char *prefix)
{
    size_t k = 0;
    memset(&s->total, 0, sizeof s->total);
    for (size_t i = 0; i < s->n; i++) {
        if (strncmp(s->districts[i].district_code, prefix, 2) != 0) continue;
        s->districts[k] = s->districts[i];
        struct eligibility_count *c = &s->districts[k++];
        s->total.households += c->households;
        s->total.eligible += c->eligible;
        for (int t = 0; t <= POLICY_TIERS_MAX; t++)
            s->total.by_tier[t] += c->by_tier[t];
    }
    s->n = k;
}

int app_eligibility_summary(struct app *a, const struct actor *who, enum programme p,
                            const char *district, struct eligibility_summary *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (access_require(who, PERM_ELIGIBILITY_REPORT, e)) return -1;
    struct access_filter af;
    access_list_filter(who, &af);
    if (district && !*district) district = NULL;
    /* a district outside the scope is counted as empty, like a list */
    int empty = af.none || (af.district && district && strcmp(district, af.district) != 0) ||
                (af.prefix && district && strncmp(district, af.prefix, 2) != 0);
    if (af.district) district = af.district;
    if (empty) district = "-"; /* no district has this code: the run, no counts */
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = eligibility_store_summary(a->db, p, district, out, e);
    db_rollback(a->db);
    if (rc >= 0 && af.prefix && !district) summary_keep_prefix(out, af.prefix);
    return rc < 0 ? -1 : 0;
}
