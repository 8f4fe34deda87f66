/* app/round — rounds as use cases (see round.h). */
#include "app/round.h"

#include "app/app_internal.h"
#include "app/audit.h"
#include "app/eligibility.h"
#include "base/date.h"
#include "core/lottery.h"
#include "core/queue.h"
#include "core/stock.h"
#include "store/household_store.h"
#include "store/lottery_store.h"
#include "store/queue_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int no_memory(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

static int not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "没有编号为 %lld 的配租批次", "there is no round %lld",
                   (long long)id, (long long)id);
}

/* The actor may see/run a round of district_code. */
static int covers(const struct actor *who, const struct round_row *r)
{
    return access_covers(who, r->district_code, r->district_code, 0);
}

/* Loads round id inside the transaction, checking perm and scope. */
static int load(struct app *a, const struct actor *who, enum permission perm, int64_t id,
                struct round_row *r, struct err *e)
{
    if (access_require(who, perm, e)) return -1;
    int rc = round_store_get(a->db, id, r, e);
    if (rc < 0) return -1;
    if (rc == 0 || !covers(who, r)) return not_found(id, e);
    return 0;
}

static int need_state(const struct round_row *r, enum round_state want, struct err *e)
{
    if (r->state == want) return 0;
    char zh[ERR_TEXT_MAX / 2], en[ERR_TEXT_MAX / 2];
    snprintf(zh, sizeof zh, "配租批次 %s 处于“%s”阶段，此操作须在“%s”阶段进行", r->code,
             round_state_names[r->state].zh, round_state_names[want].zh);
    snprintf(en, sizeof en, "round %s is %s; this step needs it %s", r->code,
             round_state_names[r->state].code, round_state_names[want].code);
    /* err_set gives both formats the same arguments: each skips the other's */
    return err_set(e, ERR_CONFLICT, "state", "%s%.0s", "%.0s%s", zh, en);
}

/* Audits step `action` of round r with a detail note, then commits. */
static int finish(struct app *a, const struct actor *who, struct round_row *r, const char *action,
                  const char *detail, struct err *e)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    json_t *j = app_round_json(r);
    char *after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!after) return no_memory(e);
    int rc = app_audit(a, who, action, "round", id, NULL, after, detail, e);
    free(after);
    if (rc || db_commit(a->db, e)) return -1;
    return 0;
}

/* Moves r to state `to` (stored). */
static int move(struct app *a, struct round_row *r, enum round_state to, struct err *e)
{
    r->state = to;
    date_now_utc(r->updated_at);
    return round_store_update(a->db, r, e);
}

static int begin_load(struct app *a, const struct actor *who, int64_t id, struct round_row *r,
                      struct err *e)
{
    /* the steps read and write a row per entrant: a page cache that holds
     * the round's tables (a city round: 100,000 entrants) saves re-reading
     * the same pages (db_cache_size: this connection only) */
    if (db_cache_size(a->db, 64, e)) return -1;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load(a, who, PERM_ROUND_RUN, id, r, e)) {
        db_rollback(a->db);
        return -1;
    }
    return 0;
}

#define FAIL_TX                                                                                    \
    do {                                                                                           \
        db_rollback(a->db);                                                                        \
        return -1;                                                                                 \
    } while (0)

/* ------------------------------------------------------------- create etc */

/* The round rules (core/policy.h) of r's programme in the policy version in
 * force on the date `when` (YYYY-MM-DD…) for r's area: *pol that version,
 * or NULL and the defaults (round_rules_default) when none covers it.
 * Inside a transaction. */
static int round_rules_for(struct app *a, const struct round_row *r, const char *when,
                           struct round_rules *rules, const struct policy **pol, struct err *e)
{
    char day[11];
    snprintf(day, sizeof day, "%.10s", when);
    *pol = NULL;
    if (app_policies_load(a, e)) return -1;
    struct err ignore = {0};
    if (app_policy_pick(a, r->district_code, day, pol, &ignore)) *pol = NULL;
    if (*pol)
        *rules = (*pol)->programmes[r->programme].round;
    else
        round_rules_default(rules);
    return 0;
}

/* "policy=CODE@VERSION policy_id=N" or "policy=none (defaults)" */
static void rules_detail(const struct policy *pol, char *out, size_t cap)
{
    if (pol)
        snprintf(out, cap, "policy=%s@%s policy_id=%lld", pol->code, pol->version,
                 (long long)pol->id);
    else
        snprintf(out, cap, "policy=none (defaults)");
}

int app_round_create(struct app *a, const struct actor *who, struct round_row *r, struct err *e)
{
    if (access_require(who, PERM_ROUND_RUN, e)) return -1;
    if (!r->code[0] || lottery_id_check(r->code, "code", e)) {
        if (!r->code[0]) err_set(e, ERR_INVALID, "code", "须给出批次编号", "a round needs a code");
        return -1;
    }
    if (!r->name[0])
        return err_set(e, ERR_INVALID, "name", "须给出批次名称", "a round needs a name");
    if (!stock_programme_has_stock(r->programme))
        return err_set(e, ERR_INVALID, "programme", "该保障项目没有房源，不能组织配租批次",
                       "this programme has no homes to offer in a round");
    if (r->kind == ROUND_TARGETED) {
        if (code_lookup(priority_names, PRI_COUNT, r->target_category) < 0)
            return err_set(e, ERR_INVALID, "target_category",
                           "专项配租须指明优先类别，“%s”无法识别",
                           "a targeted round needs a priority category; \"%s\" is unknown",
                           r->target_category, r->target_category);
    } else {
        r->target_category[0] = 0;
    }
    if (strlen(r->district_code) != 6 || strspn(r->district_code, "0123456789") != 6)
        return err_set(e, ERR_INVALID, "district_code", "范围须为 6 位区县或城市代码",
                       "the scope must be a 6-digit district or city code");
    /* figures the caller gives are checked now; the others (0) come from
     * the policy version in force today for the round's area */
    if (r->ratio_permille && round_ratio_check(r->ratio_permille, "ratio", e)) return -1;
    if (r->declines_max < 0 || r->choose_days < 0)
        return err_set(e, ERR_INVALID, "declines_max", "放弃次数上限和选房天数须至少为 1",
                       "declines_max and choose_days must be at least 1");
    if (!covers(who, r))
        return err_set(e, ERR_FORBIDDEN, "district_code", "不能为管辖范围以外的地区组织配租批次",
                       "you cannot run a round outside your scope");
    r->state = ROUND_DRAFT;
    r->lottery_id[0] = r->as_of[0] = 0;
    date_now_utc(r->created_at);
    memcpy(r->updated_at, r->created_at, sizeof r->updated_at);
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    struct round_rules rules;
    const struct policy *pol = NULL;
    if (round_rules_for(a, r, r->created_at, &rules, &pol, e)) FAIL_TX;
    if (!r->ratio_permille) r->ratio_permille = rules.shortlist_ratio_permille;
    if (!r->declines_max) r->declines_max = rules.declines_max;
    if (!r->choose_days) r->choose_days = rules.offer_days;
    if (round_ratio_check(r->ratio_permille, "ratio", e)) FAIL_TX;
    if (r->declines_max < 1 || r->choose_days < 1) {
        err_set(e, ERR_INVALID, "declines_max", "放弃次数上限和选房天数须至少为 1",
                "declines_max and choose_days must be at least 1");
        FAIL_TX;
    }
    if (round_store_insert(a->db, r, e)) {
        if (e->code == ERR_CONFLICT)
            err_set(e, ERR_CONFLICT, "code", "批次编号 %s 已被使用", "round code %s is taken",
                    r->code, r->code);
        FAIL_TX;
    }
    char detail[200];
    rules_detail(pol, detail, sizeof detail);
    if (finish(a, who, r, "round.create", detail, e)) FAIL_TX;
    return 0;
}

int app_round_get(struct app *a, const struct actor *who, int64_t id, struct round_row *r,
                  struct err *e)
{
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load(a, who, PERM_ROUND_READ, id, r, e);
    db_rollback(a->db);
    return rc;
}

int app_round_list(struct app *a, const struct actor *who, struct round_row **out, size_t *n,
                   struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_ROUND_READ, e) || db_begin(a->db, DB_READ, e)) return -1;
    int rc = round_store_list(a->db, out, n, e);
    db_rollback(a->db);
    if (rc) return -1;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (covers(who, &(*out)[i])) (*out)[k++] = (*out)[i];
    *n = k;
    return 0;
}

int app_round_add_units(struct app *a, const struct actor *who, int64_t id,
                        const char *project_code, int64_t *added, struct err *e)
{
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    if (r.state != ROUND_DRAFT && r.state != ROUND_OPEN) {
        need_state(&r, ROUND_DRAFT, e);
        FAIL_TX;
    }
    date_now_utc(r.updated_at);
    if (round_store_add_units(a->db, &r, project_code, added, e)) FAIL_TX;
    char detail[160];
    snprintf(detail, sizeof detail, "units=%lld project=%s", (long long)*added,
             project_code ? project_code : "*");
    if (round_store_update(a->db, &r, e) || finish(a, who, &r, "round.add_units", detail, e))
        FAIL_TX;
    return 0;
}

int app_round_open(struct app *a, const struct actor *who, int64_t id, struct err *e)
{
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    struct round_unit_row *u;
    size_t n;
    if (need_state(&r, ROUND_DRAFT, e) || round_store_units(a->db, id, &u, &n, e)) FAIL_TX;
    free(u);
    if (n == 0) {
        err_set(e, ERR_CONFLICT, "units", "批次还没有房源，请先添加房源",
                "the round has no units yet: add units first");
        FAIL_TX;
    }
    if (move(a, &r, ROUND_OPEN, e) || finish(a, who, &r, "round.open", "", e)) FAIL_TX;
    return 0;
}

/* ----------------------------------------------------------- registering */

/* May who act for application ap's family? Applicants: own household;
 * officers: PERM_ROUND_RUN (checked by the caller's load). */
static int may_act_for(const struct actor *who, int64_t household_id, struct err *e)
{
    if (!who) return 0;
    if (who->role == ROLE_APPLICANT)
        return who->household_id == household_id
                   ? 0
                   : err_set(e, ERR_NOT_FOUND, "application_id", "没有该申请",
                             "there is no such application");
    return access_require(who, PERM_ROUND_RUN, e);
}

/* Loads round id for a family's step: an applicant sees any round (the
 * application decides); others need to run it. */
static int load_for_family(struct app *a, const struct actor *who, int64_t id, struct round_row *r,
                           struct err *e)
{
    if (!who || who->role != ROLE_APPLICANT) return load(a, who, PERM_ROUND_RUN, id, r, e);
    int rc = round_store_get(a->db, id, r, e);
    return rc < 0 ? -1 : rc == 0 ? not_found(id, e) : 0;
}

/* Checks a preferences JSON array of unit ids against the round's units. */
static int check_preferences(const char *prefs, const struct round_unit_row *u, size_t n,
                             struct err *e)
{
    json_error_t je;
    json_t *j = json_loads(prefs, JSON_REJECT_DUPLICATES, &je);
    int rc = 0;
    if (!json_is_array(j) || json_array_size(j) > 40 || strlen(prefs) >= 500) {
        rc = err_set(e, ERR_INVALID, "preferences", "意向须为房源编号的数组（至多 40 个）",
                     "preferences must be an array of unit ids (at most 40)");
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            int ok = 0;
            for (size_t k = 0; json_is_integer(v) && k < n; k++)
                if (u[k].unit_id == json_integer_value(v)) ok = 1;
            if (!ok) {
                rc = err_set(e, ERR_INVALID, "preferences", "意向第 %zu 项不是本批次的房源",
                             "preference %zu is not a unit of this round", i + 1, i + 1);
                break;
            }
        }
    }
    json_decref(j);
    return rc;
}

int app_round_register(struct app *a, const struct actor *who, int64_t id, int64_t application_id,
                       const char *preferences, int *created, struct err *e)
{
    *created = 0;
    if (!preferences || !preferences[0]) preferences = "[]";
    struct round_row r;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load_for_family(a, who, id, &r, e)) FAIL_TX;
    if (need_state(&r, ROUND_OPEN, e)) FAIL_TX;
    struct queue_family fam;
    struct queue_entry info;
    int found = queue_store_get(a->db, application_id, &fam, &info, e);
    if (found < 0) FAIL_TX;
    if (!found || may_act_for(who, found ? info.household_id : 0, e)) {
        if (found) FAIL_TX;
        err_set(e, ERR_INVALID, "application_id", "申请 %lld 不在轮候名单上（须已备案）",
                "application %lld is not on a waiting list (it must be filed)",
                (long long)application_id, (long long)application_id);
        FAIL_TX;
    }
    if (info.programme != r.programme || !round_area_covers(r.district_code, info.district_code)) {
        err_set(e, ERR_INVALID, "application_id", "申请 %s 不属于本批次的保障项目或地区",
                "application %s is not of this round's programme or area", fam.application_no,
                fam.application_no);
        FAIL_TX;
    }
    char today[11];
    date_today(today);
    if (!round_kind_takes(r.kind, r.target_category, eligibility_categories(&fam.facts, today))) {
        int c = code_lookup(priority_names, PRI_COUNT, r.target_category);
        err_set(e, ERR_INVALID, "application_id", "专项配租只面向“%s”家庭%.0s",
                "this targeted round is for %.0s%s families only",
                c >= 0 ? priority_names[c].zh : "?", c >= 0 ? priority_names[c].en : "?");
        FAIL_TX;
    }
    struct round_unit_row *u;
    size_t nu;
    if (round_store_units(a->db, id, &u, &nu, e)) FAIL_TX;
    int bad = check_preferences(preferences, u, nu, e);
    free(u);
    if (bad) FAIL_TX;
    char now[21];
    date_now_utc(now);
    int rc =
        round_store_register(a->db, id, application_id, fam.application_no, preferences, now, e);
    if (rc < 0) FAIL_TX;
    *created = rc;
    char detail[160];
    snprintf(detail, sizeof detail, "application=%s%s", fam.application_no,
             rc ? "" : " (already registered)");
    if (finish(a, who, &r, "round.register", detail, e)) FAIL_TX;
    return 0;
}

int app_round_register_all(struct app *a, const struct actor *who, int64_t id, int64_t *n,
                           struct err *e)
{
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    char now[21], detail[64];
    date_now_utc(now);
    if (need_state(&r, ROUND_OPEN, e) || round_store_register_all(a->db, &r, now, n, e)) FAIL_TX;
    snprintf(detail, sizeof detail, "registered=%lld", (long long)*n);
    if (finish(a, who, &r, "round.register_all", detail, e)) FAIL_TX;
    return 0;
}

/* ------------------------------------------------------------- shortlist */

int app_round_shortlist(struct app *a, const struct actor *who, int64_t id, int64_t *shortlisted,
                        struct err *e)
{
    *shortlisted = 0;
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    if (need_state(&r, ROUND_OPEN, e)) FAIL_TX;
    struct round_entrant_row *x = NULL;
    struct round_unit_row *u = NULL;
    struct queue_family *fam = NULL;
    struct queue_place *place = NULL;
    size_t *order = NULL, nx = 0, nu = 0;
    struct queue_rows rows = {0};
    struct round_writer *w = NULL;
    if (round_store_entrants(a->db, id, 0, &x, &nx, e) || round_store_units(a->db, id, &u, &nu, e))
        goto fail;
    if (nx == 0) {
        err_set(e, ERR_CONFLICT, "entrants", "还没有家庭登记", "no family has registered yet");
        goto fail;
    }
    /* the entrants' queue rows: both lists are in application id order */
    if (app_policies_load(a, e) || queue_store_load(a->db, (int)r.programme, &rows, e)) goto fail;
    fam = calloc(nx, sizeof *fam);
    place = calloc(nx, sizeof *place);
    order = calloc(nx, sizeof *order);
    if (!fam || !place || !order) {
        no_memory(e);
        goto fail;
    }
    size_t k = 0;
    const char *region = "";
    for (size_t i = 0; i < nx; i++) {
        while (k < rows.n && rows.fam[k].application_id < x[i].application_id)
            k++;
        if (k == rows.n || rows.fam[k].application_id != x[i].application_id) {
            err_set(e, ERR_CONFLICT, "entrants", "申请 %s 已不在轮候名单上",
                    "application %s is no longer on the waiting list", x[i].application_no,
                    x[i].application_no);
            goto fail;
        }
        fam[i] = rows.fam[k];
        if (!region[0]) region = rows.info[k].region_code;
    }
    date_today(r.as_of);
    const struct policy *pol = NULL;
    struct err ignore = {0};
    if (app_policy_pick(a, region, r.as_of, &pol, &ignore)) {
        err_set(e, ERR_CONFLICT, "policy", "没有适用于本批次地区的政策版本",
                "no policy version governs this round's area");
        goto fail;
    }
    if (queue_order(pol, r.as_of, fam, nx, place, order, e)) goto fail;
    struct queue_classes cls;
    queue_classes(pol, &cls);
    int64_t want = round_shortlist_size((int64_t)nu, r.ratio_permille, (int64_t)nx);
    if (round_writer_open(a->db, id, &w, e)) goto fail;
    int target = code_lookup(priority_names, PRI_COUNT, r.target_category);
    for (size_t p = 0; p < nx; p++) {
        size_t i = order[p];
        const struct queue_place *pl = &place[i];
        int priority = cls.c[pl->class_index].kind != QUEUE_CLASS_NONE;
        int fits = r.kind == ROUND_GENERAL ||
                   (r.kind == ROUND_TARGETED && target >= 0 && ((pl->categories >> target) & 1u)) ||
                   (r.kind == ROUND_DIRECT && pl->long_wait);
        x[i].queue_position = (long)(p + 1);
        x[i].bucket = round_bucket(r.kind, priority);
        x[i].shortlisted = fits && *shortlisted < want;
        if (x[i].shortlisted) (*shortlisted)++;
        /* why a family goes no further: outside the round's group, or
         * beyond units × ratio in the queue */
        snprintf(x[i].reason, sizeof x[i].reason, "%s",
                 x[i].shortlisted ? ""
                 : !fits ? (r.kind == ROUND_TARGETED ? "not_target_category" : "not_long_wait")
                         : "not_shortlisted");
        if (round_writer_entrant(w, &x[i], e)) goto fail;
    }
    char detail[160];
    snprintf(detail, sizeof detail, "entrants=%zu units=%zu ratio=%d shortlisted=%lld as_of=%s", nx,
             nu, r.ratio_permille, (long long)*shortlisted, r.as_of);
    round_writer_close(w);
    w = NULL;
    if (move(a, &r, ROUND_SHORTLISTED, e) || finish(a, who, &r, "round.shortlist", detail, e))
        goto fail;
    free(x), free(u), free(fam), free(place), free(order);
    queue_rows_free(&rows);
    return 0;
fail:
    round_writer_close(w);
    free(x), free(u), free(fam), free(place), free(order);
    queue_rows_free(&rows);
    FAIL_TX;
}

int app_round_recheck(struct app *a, const struct actor *who, int64_t id, int64_t *eligible,
                      int64_t *ineligible, struct err *e)
{
    *eligible = *ineligible = 0;
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    struct round_entrant_row *x = NULL;
    size_t nx = 0;
    struct household_store *hs = NULL;
    struct round_writer *w = NULL;
    struct app_decider *dc = NULL;
    struct household *h = malloc(sizeof *h);
    if (!h) {
        no_memory(e);
        FAIL_TX;
    }
    if (need_state(&r, ROUND_SHORTLISTED, e) ||
        round_store_entrants_where(a->db, id, 0, ROUND_ENTRANTS_SHORTLISTED, &x, &nx, e) ||
        household_store_open(a->db, &hs, e) || round_writer_open(a->db, id, &w, e) ||
        app_decider_open(a, &dc, e))
        goto fail;
    char today[11];
    date_today(today);
    for (size_t i = 0; i < nx; i++) {
        if (!x[i].shortlisted) continue;
        if (household_store_get(hs, x[i].household_id, h, e)) goto fail;
        struct eligibility_request rq = {
            .programme = r.programme, .as_of = today, .rent = -1, .rent_area = -1};
        struct eligibility_decision d;
        const struct policy *pol;
        int rc = app_decider_decide(dc, h, &rq, today, &d, &pol, e);
        if (rc < 0) goto fail;
        if (rc == 0) {
            snprintf(x[i].recheck, sizeof x[i].recheck, "no_policy");
            x[i].decision_id = 0;
            (*ineligible)++;
        } else {
            snprintf(x[i].recheck, sizeof x[i].recheck, "%s",
                     d.result.eligible ? "eligible" : "ineligible");
            x[i].decision_id = d.id;
            (*(d.result.eligible ? eligible : ineligible))++;
        }
        snprintf(x[i].reason, sizeof x[i].reason, "%s",
                 strcmp(x[i].recheck, "eligible") == 0 ? "" : x[i].recheck);
        if (round_writer_entrant(w, &x[i], e)) goto fail;
    }
    round_writer_close(w);
    w = NULL;
    app_decider_close(dc);
    dc = NULL;
    household_store_close(hs);
    hs = NULL;
    char detail[96];
    snprintf(detail, sizeof detail, "eligible=%lld ineligible=%lld", (long long)*eligible,
             (long long)*ineligible);
    if (move(a, &r, ROUND_RECHECKED, e) || finish(a, who, &r, "round.recheck", detail, e))
        goto fail;
    free(x);
    free(h);
    return 0;
fail:
    app_decider_close(dc);
    round_writer_close(w);
    if (hs) household_store_close(hs);
    free(x);
    free(h);
    FAIL_TX;
}

/* ----------------------------------------------------------------- draw */

struct membuf {
    char *p;
    size_t n, cap;
};
static int mem_sink(void *ctx, const char *bytes, size_t n)
{
    struct membuf *m = ctx;
    if (m->n + n + 1 > m->cap) {
        size_t c = (m->cap ? m->cap * 2 : 1 << 16) + n;
        char *q = realloc(m->p, c);
        if (!q) return -1;
        m->p = q;
        m->cap = c;
    }
    memcpy(m->p + m->n, bytes, n);
    m->n += n;
    m->p[m->n] = 0;
    return 0;
}

static int write_file(const char *dir, const char *name, const char *text, size_t len,
                      struct err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wx");
    if (!f)
        return err_set(e, ERR_IO, "out", "无法创建 %s：%s", "cannot create %s: %s", path,
                       strerror(errno), path, strerror(errno));
    size_t w = fwrite(text, 1, len, f);
    if (fclose(f) || w != len)
        return err_set(e, ERR_IO, "out", "写入 %s 失败", "cannot write %s", path, path);
    return 0;
}

/* Finds the entrant of application number no (x sorted by number). */
static int by_no(const void *k, const void *v)
{
    return strcmp(k, ((const struct round_entrant_row *)v)->application_no);
}
static int x_by_no(const void *p, const void *q)
{
    return strcmp(((const struct round_entrant_row *)p)->application_no,
                  ((const struct round_entrant_row *)q)->application_no);
}

/* The anju-lottery-v1 entrant list of the shortlisted eligible entrants of
 * round id: *list (malloc'd, NUL-terminated), *len its bytes, *ne rows. */
static int entrant_list(struct app *a, int64_t id, char **list, long *len, size_t *ne,
                        struct err *e)
{
    struct round_entrant_row *x = NULL;
    struct round_lottery_entry *en = NULL;
    size_t nx = 0;
    *list = NULL;
    *ne = 0;
    *len = 0;
    if (round_store_entrants_where(a->db, id, 0, ROUND_ENTRANTS_ELIGIBLE, &x, &nx, e)) return -1;
    en = calloc(nx ? nx : 1, sizeof *en);
    if (!en) {
        free(x);
        return no_memory(e);
    }
    for (size_t i = 0; i < nx; i++)
        if (x[i].shortlisted && strcmp(x[i].recheck, "eligible") == 0)
            en[(*ne)++] = (struct round_lottery_entry){x[i].application_no, x[i].bucket};
    int rc = 0;
    if (*ne == 0) {
        rc = err_set(e, ERR_CONFLICT, "entrants", "没有通过复核的入围家庭，无法公布摇号名单",
                     "no shortlisted family passed the re-check: there is no list to publish");
    } else {
        size_t cap = *ne * ROUND_LIST_ROW_MAX + 64;
        *list = malloc(cap);
        if (!*list)
            rc = no_memory(e);
        else if ((*len = round_entrant_list(en, *ne, *list, cap, e)) < 0)
            rc = -1;
    }
    if (rc) {
        free(*list);
        *list = NULL;
    }
    free(x);
    free(en);
    return rc;
}

static int write_out(const char *out_dir, struct err *e)
{
    if (mkdir(out_dir, 0755) && errno != EEXIST)
        return err_set(e, ERR_IO, "out", "无法创建目录 %s", "cannot create directory %s", out_dir,
                       out_dir);
    return 0;
}

int app_round_publish_list(struct app *a, const struct actor *who, int64_t id, const char *out_dir,
                           char list_sha256[65], int64_t *entrants, struct err *e)
{
    *entrants = 0;
    list_sha256[0] = 0;
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    if (need_state(&r, ROUND_RECHECKED, e)) FAIL_TX;
    if (r.list_published_at[0]) {
        err_set(e, ERR_CONFLICT, "state", "批次 %s 的摇号名单已于 %s 公布，不能再改",
                "the entrant list of round %s was published at %s and cannot change", r.code,
                r.list_published_at, r.code, r.list_published_at);
        FAIL_TX;
    }
    char *list;
    long len;
    size_t ne;
    if (entrant_list(a, id, &list, &len, &ne, e)) FAIL_TX;
    uint8_t sha[32];
    char now[21];
    date_now_utc(now);
    if (lottery_sha256(list, (size_t)len, sha, e) || round_store_set_list(a->db, id, list, now, e))
        goto fail;
    lottery_hex(sha, list_sha256);
    *entrants = (int64_t)ne;
    memcpy(r.list_published_at, now, sizeof r.list_published_at);
    if (out_dir && out_dir[0] &&
        (write_out(out_dir, e) || write_file(out_dir, "entrants.csv", list, (size_t)len, e)))
        goto fail;
    char detail[160];
    snprintf(detail, sizeof detail, "entrants=%zu list_sha256=%s", ne, list_sha256);
    date_now_utc(r.updated_at);
    if (round_store_update(a->db, &r, e) || finish(a, who, &r, "round.publish_list", detail, e))
        goto fail;
    free(list);
    return 0;
fail:
    free(list);
    list_sha256[0] = 0;
    *entrants = 0;
    FAIL_TX;
}

int app_round_draw(struct app *a, const struct actor *who, int64_t id, const char *lottery_id,
                   const char *randomness, const char *out_dir, struct err *e)
{
    char canonical[LOTTERY_RANDOMNESS_MAX + 1];
    if (lottery_id_check(lottery_id, "lottery_id", e) ||
        lottery_randomness_canonical(randomness, canonical, "randomness", e))
        return -1;
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    struct round_entrant_row *x = NULL;
    char *list = NULL, *manifest = NULL;
    struct membuf result = {0};
    size_t nx = 0, len = 0;
    struct lottery_draw d;
    struct round_writer *w = NULL;
    int prepared = 0;
    if (need_state(&r, ROUND_RECHECKED, e)) goto fail;
    if (!r.list_published_at[0]) {
        err_set(e, ERR_CONFLICT, "list", "须先公布摇号名单（publish-list），再取开奖号码摇号",
                "publish the entrant list first (publish-list), then draw with the public numbers");
        goto fail;
    }
    /* every family of the published list gets its sequence, even if its
     * row changed since (the list is what was drawn) */
    if (round_store_entrants_where(a->db, id, 0, ROUND_ENTRANTS_SHORTLISTED, &x, &nx, e) ||
        round_store_get_list(a->db, id, &list, &len, e))
        goto fail;
    int found = lottery_store_find(a->db, lottery_id, NULL, e);
    if (found < 0) goto fail;
    if (found) {
        err_set(e, ERR_CONFLICT, "lottery_id", "抽签编号 %s 已使用过：同一编号永远不能再抽",
                "lottery id %s was already drawn: the same id can never be drawn twice", lottery_id,
                lottery_id);
        goto fail;
    }
    /* exactly the published bytes */
    size_t rows = 0;
    for (size_t i = 0; i < len; i++)
        rows += list[i] == '\n';
    struct err_list errs = {.cap = 4};
    if (lottery_draw_prepare(lottery_id, list, len, canonical, rows > 20000 ? 2 : 1, &d, &errs)) {
        if (errs.len)
            *e = errs.items[0];
        else
            err_set(e, ERR_INTERNAL, "", "摇号失败", "the draw failed");
        err_list_free(&errs);
        goto fail;
    }
    err_list_free(&errs);
    prepared = 1;
    uint8_t sha[32];
    if (lottery_result_render(&d.list, mem_sink, &result, sha, e)) goto fail;
    lottery_hex(sha, d.manifest.result_sha256);
    manifest = lottery_manifest_render(&d.manifest);
    if (!manifest) {
        no_memory(e);
        goto fail;
    }
    /* sequences from the draw order */
    qsort(x, nx, sizeof *x, x_by_no);
    if (round_writer_open(a->db, id, &w, e)) goto fail;
    for (size_t s = 0; s < d.list.n; s++) {
        const struct lottery_entrant *le = &d.list.entrants[s];
        char no[LOTTERY_ENTRANT_ID_MAX + 1];
        memcpy(no, d.list.text + le->id_off, le->id_len);
        no[le->id_len] = 0;
        struct round_entrant_row *t = bsearch(no, x, nx, sizeof *x, by_no);
        if (!t) continue;
        t->sequence = (long)(s + 1);
        if (round_writer_entrant(w, t, e)) goto fail;
    }
    round_writer_close(w);
    w = NULL;
    struct lottery_draw_row row = {0};
    snprintf(row.lottery_id, sizeof row.lottery_id, "%s", lottery_id);
    memcpy(row.list_sha256, d.manifest.list_sha256, sizeof row.list_sha256);
    memcpy(row.randomness, d.manifest.randomness, sizeof row.randomness);
    memcpy(row.seed, d.manifest.seed, sizeof row.seed);
    row.entrants = d.manifest.entrants;
    memcpy(row.result_sha256, d.manifest.result_sha256, sizeof row.result_sha256);
    date_now_utc(row.drawn_at);
    const char *role;
    app_actor_name(who, row.actor, sizeof row.actor, &role);
    snprintf(row.reason, sizeof row.reason, "round %s", r.code);
    if (lottery_store_insert(a->db, &row, e) ||
        round_store_set_draw(a->db, id, list, result.p ? result.p : "", manifest, e))
        goto fail;
    if (app_audit(a, who, "lottery.draw", "lottery", lottery_id, NULL, manifest, row.reason, e))
        goto fail;
    if (out_dir && out_dir[0]) {
        if (write_out(out_dir, e) || write_file(out_dir, "entrants.csv", list, len, e) ||
            write_file(out_dir, "result.csv", result.p, result.n, e) ||
            write_file(out_dir, "manifest.json", manifest, strlen(manifest), e))
            goto fail;
    }
    snprintf(r.lottery_id, sizeof r.lottery_id, "%s", lottery_id);
    char detail[200];
    snprintf(detail, sizeof detail, "lottery=%s entrants=%zu seed=%s", lottery_id,
             (size_t)d.manifest.entrants, d.manifest.seed);
    if (move(a, &r, ROUND_DRAWN, e) || finish(a, who, &r, "round.draw", detail, e)) goto fail;
    lottery_draw_free(&d);
    free(x), free(list), free(manifest), free(result.p);
    return 0;
fail:
    round_writer_close(w);
    if (prepared) lottery_draw_free(&d);
    free(x), free(list), free(manifest), free(result.p);
    FAIL_TX;
}

/* --------------------------------------------------------------- expire */

/* Offers of round r still open whose deadline is before today expire: each
 * counts as a decline (declines_max of them lose the place) and its unit
 * goes back to the round's pool (reserved). *n counts them. With audit, an
 * entry round.expire is appended when any expired (the lazy sweep of
 * allocate, answer and publish); the caller commits. */
static int sweep(struct app *a, const struct actor *who, struct round_row *r, int audit,
                 const char *by, int64_t *n, struct err *e)
{
    *n = 0;
    if (r->state != ROUND_CHOOSING) return 0;
    struct round_offer_row *o;
    size_t no;
    char today[11], now[21];
    date_today(today);
    date_now_utc(now);
    if (round_store_offers(a->db, r->id, 0, &o, &no, e)) return -1;
    int64_t lost = 0;
    for (size_t i = 0; i < no; i++) {
        if (strcmp(o[i].state, "offered") != 0 || strcmp(o[i].deadline, today) >= 0) continue;
        struct round_entrant_row x;
        if (round_store_entrant_get(a->db, r->id, o[i].application_id, &x, e) != 1) {
            if (e->code == ERR_OK)
                err_set(e, ERR_DB, "offer_id", "选房通知 %lld 没有对应的登记",
                        "offer %lld has no entrant", (long long)o[i].id, (long long)o[i].id);
            free(o);
            return -1;
        }
        snprintf(o[i].state, sizeof o[i].state, "expired");
        memcpy(o[i].answered_at, now, sizeof o[i].answered_at);
        o[i].decline_counted = 1;
        x.declines++;
        int out = round_lost_place(x.declines, r->declines_max);
        lost += out;
        snprintf(x.outcome, sizeof x.outcome, "%s", out ? "lost_place" : "declined");
        x.unit_id = 0;
        snprintf(x.reason, sizeof x.reason, "%s", out ? "declines_max" : "offer_expired");
        if (round_store_offer_update(a->db, &o[i], e) ||
            round_store_entrant_update(a->db, r->id, &x, e) ||
            round_store_unit_status(a->db, o[i].unit_id, "reserved", now, e)) {
            free(o);
            return -1;
        }
        (*n)++;
    }
    free(o);
    if (!audit || *n == 0) return 0;
    char id[24], detail[160];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(detail, sizeof detail, "expired=%lld lost_place=%lld today=%s by=%s", (long long)*n,
             (long long)lost, today, by);
    return app_audit(a, who, "round.expire", "round", id, NULL, NULL, detail, e);
}

int app_round_expire(struct app *a, const struct actor *who, int64_t id, int64_t *expired,
                     struct err *e)
{
    *expired = 0;
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    if (need_state(&r, ROUND_CHOOSING, e) || sweep(a, who, &r, 0, "expire", expired, e)) FAIL_TX;
    char today[11], detail[96];
    date_today(today);
    snprintf(detail, sizeof detail, "expired=%lld today=%s", (long long)*expired, today);
    if (finish(a, who, &r, "round.expire", detail, e)) FAIL_TX;
    return 0;
}

/* -------------------------------------------------------------- allocate */

static int by_sequence(const void *p, const void *q)
{
    long a = (*(struct round_entrant_row *const *)p)->sequence;
    long b = (*(struct round_entrant_row *const *)q)->sequence;
    return (a > b) - (a < b);
}

static void add_days(const char *day, int n, char out[11])
{
    date_from_days(date_to_days(day) + n, out);
}

static int by_unit_id(const void *k, const void *v)
{
    int64_t a = *(const int64_t *)k, b = ((const struct round_unit_row *)v)->unit_id;
    return (a > b) - (a < b);
}

/* The index in u (sorted by unit id) of unit_id, or -1. */
static int32_t unit_index(const struct round_unit_row *u, size_t nu, int64_t unit_id)
{
    const struct round_unit_row *w = bsearch(&unit_id, u, nu, sizeof *u, by_unit_id);
    return w ? (int32_t)(w - u) : -1;
}

/* Who takes part in an allocate: drawn families without a unit (never
 * offered, left unassigned by an earlier allocate, or who declined without
 * losing their place). */
static int takes_part(const struct round_entrant_row *x)
{
    return x->sequence > 0 && (x->outcome[0] == 0 || strcmp(x->outcome, "declined") == 0 ||
                               strcmp(x->outcome, "unassigned") == 0);
}

int app_round_allocate(struct app *a, const struct actor *who, int64_t id, int64_t *offered,
                       int64_t *unassigned, struct err *e)
{
    *offered = *unassigned = 0;
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    if (r.state != ROUND_DRAWN && r.state != ROUND_CHOOSING) {
        need_state(&r, ROUND_DRAWN, e);
        FAIL_TX;
    }
    int64_t swept;
    if (sweep(a, who, &r, 1, "allocate", &swept, e)) FAIL_TX;
    struct round_entrant_row *x = NULL, **sel = NULL;
    struct round_unit_row *u = NULL;
    struct round_declined *dec = NULL;
    struct round_writer *w = NULL;
    size_t nx = 0, nu = 0, na = 0, nfree = 0, ndec = 0;
    int32_t *ui = NULL, *umap = NULL, *pref = NULL, *dlist = NULL, *got = NULL;
    uint8_t *why = NULL;
    struct round_family *fam = NULL;
    struct alloc_unit_info *info = NULL;
    if (round_store_entrants_where(a->db, id, 1, ROUND_ENTRANTS_CHOOSING, &x, &nx, e) ||
        round_store_units(a->db, id, &u, &nu, e) || round_store_declined(a->db, id, &dec, &ndec, e))
        goto fail;
    sel = calloc(nx + 1, sizeof *sel);
    ui = calloc(nu + 1, sizeof *ui);     /* free unit k -> round unit index */
    umap = calloc(nu + 1, sizeof *umap); /* round unit index -> free unit k or -1 */
    info = calloc(nu + 1, sizeof *info);
    if (!sel || !ui || !umap || !info) goto oom;
    for (size_t i = 0; i < nu; i++) { /* u is in unit id order: the fixed unit order */
        umap[i] = -1;
        if (strcmp(u[i].status, "reserved") != 0) continue;
        int l = code_lookup(alloc_layout_names, ALLOC_LAYOUT_COUNT, u[i].layout);
        info[nfree].layout = l >= 0 ? (enum alloc_layout)l : ALLOC_LAYOUT_DORMITORY;
        info[nfree].accessible = u[i].accessible;
        info[nfree].pool = ALLOC_POOL_GENERAL;
        umap[i] = (int32_t)nfree;
        ui[nfree++] = (int32_t)i;
    }
    for (size_t i = 0; i < nx; i++)
        if (takes_part(&x[i])) sel[na++] = &x[i];
    qsort(sel, na, sizeof *sel, by_sequence);
    fam = calloc(na + 1, sizeof *fam);
    got = calloc(na + 1, sizeof *got);
    why = calloc(na + 1, 1);
    pref = calloc(na * 40 + 1, sizeof *pref); /* at most 40 listed units each */
    dlist = calloc(ndec + 1, sizeof *dlist);
    if (!fam || !got || !why || !pref || !dlist) goto oom;
    size_t npref = 0, nd = 0;
    for (size_t k = 0; k < na; k++) {
        struct round_family *f = &fam[k];
        f->members = sel[k]->members > 0 ? sel[k]->members : 1;
        f->needs_accessible = sel[k]->needs_accessible;
        /* the units the family declined in this round, still free (dec is
         * sorted by application id) */
        size_t lo = 0, hi = ndec;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (dec[mid].application_id < sel[k]->application_id)
                lo = mid + 1;
            else
                hi = mid;
        }
        f->declined = dlist + nd;
        for (; lo < ndec && dec[lo].application_id == sel[k]->application_id; lo++) {
            int32_t i = unit_index(u, nu, dec[lo].unit_id);
            if (i >= 0 && umap[i] >= 0) dlist[nd++] = umap[i];
        }
        f->ndeclined = (int32_t)(dlist + nd - f->declined);
        /* the units the family listed and still free; none listed: any */
        json_t *j = json_loads(sel[k]->preferences, 0, NULL);
        size_t listed = json_array_size(j);
        f->any = listed == 0;
        f->prefs = pref + npref;
        for (size_t t = 0; t < listed && t < 40; t++) {
            int32_t i = unit_index(u, nu, (int64_t)json_integer_value(json_array_get(j, t)));
            if (i >= 0 && umap[i] >= 0) pref[npref++] = umap[i];
        }
        f->nprefs = (int32_t)(pref + npref - f->prefs);
        json_decref(j);
    }
    /* the size → layout table of the policy version the round was created
     * under (in force on its creation day for its area) */
    struct round_rules rules;
    const struct policy *pol = NULL;
    if (round_rules_for(a, &r, r.created_at, &rules, &pol, e)) goto fail;
    if (round_choose(&rules, fam, (int32_t)na, info, (int32_t)nfree, got, why, e)) goto fail;
    char today[11], now[21], deadline[11];
    date_today(today);
    date_now_utc(now);
    add_days(today, r.choose_days, deadline);
    if (round_writer_open(a->db, id, &w, e)) goto fail;
    for (size_t k = 0; k < na; k++) {
        struct round_entrant_row *t = sel[k];
        if (got[k] != ALLOC_NONE) {
            const struct round_unit_row *v = &u[ui[got[k]]];
            struct round_offer_row o = {
                .round_id = id, .unit_id = v->unit_id, .application_id = t->application_id};
            memcpy(o.offered_at, now, sizeof o.offered_at);
            memcpy(o.deadline, deadline, sizeof o.deadline);
            if (round_writer_offer(w, &o, e) ||
                round_writer_unit_status(w, v->unit_id, "offered", now, e))
                goto fail;
            snprintf(t->outcome, sizeof t->outcome, "offered");
            t->unit_id = v->unit_id;
            t->reason[0] = 0;
            (*offered)++;
        } else {
            snprintf(t->outcome, sizeof t->outcome, "unassigned");
            snprintf(t->reason, sizeof t->reason, "%s",
                     alloc_reason_code((enum alloc_reason)why[k]));
            t->unit_id = 0;
            (*unassigned)++;
        }
        if (round_writer_entrant(w, t, e)) goto fail;
    }
    round_writer_close(w);
    w = NULL;
    char detail[160];
    snprintf(detail, sizeof detail,
             "mode=serial families=%zu units=%zu offered=%lld unassigned=%lld", na, nfree,
             (long long)*offered, (long long)*unassigned);
    if (move(a, &r, ROUND_CHOOSING, e) || finish(a, who, &r, "round.allocate", detail, e))
        goto fail;
    free(x), free(sel), free(u), free(dec), free(ui), free(umap), free(pref), free(dlist),
        free(got), free(why), free(fam), free(info);
    return 0;
oom:
    no_memory(e);
fail:
    round_writer_close(w);
    free(x), free(sel), free(u), free(dec), free(ui), free(umap), free(pref), free(dlist),
        free(got), free(why), free(fam), free(info);
    FAIL_TX;
}

int app_round_offers(struct app *a, const struct actor *who, int64_t id,
                     struct round_offer_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct round_row r;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = who && who->role == ROLE_APPLICANT ? load_for_family(a, who, id, &r, e)
                                                : load(a, who, PERM_ROUND_READ, id, &r, e);
    if (rc == 0 && who && who->role == ROLE_APPLICANT) {
        /* an applicant sees the offers of their own household only */
        struct round_offer_row *all;
        size_t m;
        rc = round_store_offers(a->db, id, 0, &all, &m, e);
        for (size_t i = 0; rc == 0 && i < m; i++) {
            struct queue_family fam;
            struct queue_entry info;
            if (queue_store_get(a->db, all[i].application_id, &fam, &info, e) < 0)
                rc = -1;
            else if (info.household_id == who->household_id)
                all[(*n)++] = all[i];
        }
        *out = all;
    } else if (rc == 0) {
        rc = round_store_offers(a->db, id, 0, out, n, e);
    }
    db_rollback(a->db);
    return rc;
}

int app_round_answer(struct app *a, const struct actor *who, int64_t offer_id, int accept,
                     struct round_offer_row *o, struct err *e)
{
    /* the role first (403), then the offer and its scope (404) */
    if (who && who->role != ROLE_APPLICANT && access_require(who, PERM_ROUND_RUN, e)) return -1;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    int rc = round_store_offer_get(a->db, offer_id, o, e);
    if (rc < 0) FAIL_TX;
    struct round_row r;
    struct round_entrant_row x;
    struct queue_family fam;
    struct queue_entry info;
    if (rc == 0 || round_store_get(a->db, o->round_id, &r, e) != 1 ||
        queue_store_get(a->db, o->application_id, &fam, &info, e) != 1 ||
        (who && who->role != ROLE_APPLICANT && !covers(who, &r)) ||
        may_act_for(who, info.household_id, e)) {
        if (!(e->code == ERR_FORBIDDEN))
            err_set(e, ERR_NOT_FOUND, "offer_id", "没有编号为 %lld 的选房通知",
                    "there is no offer %lld", (long long)offer_id, (long long)offer_id);
        FAIL_TX;
    }
    int64_t swept = 0;
    if (sweep(a, who, &r, 1, "answer", &swept, e) ||
        (swept && round_store_offer_get(a->db, offer_id, o, e) != 1))
        FAIL_TX;
    if (strcmp(o->state, "expired") == 0) {
        char deadline[11];
        memcpy(deadline, o->deadline, sizeof deadline);
        /* the sweep that expired it stays done */
        if (swept ? db_commit(a->db, e) : (db_rollback(a->db), 0)) FAIL_TX;
        return err_set(e, ERR_CONFLICT, "deadline", "该选房通知已过期（答复截止日为 %s）",
                       "this offer expired (the last day to answer was %s)", deadline, deadline);
    }
    if (strcmp(o->state, "offered") != 0) {
        err_set(e, ERR_CONFLICT, "state", "该选房通知已答复（%s）",
                "this offer was already answered (%s)", o->state, o->state);
        FAIL_TX;
    }
    if (need_state(&r, ROUND_CHOOSING, e) ||
        round_store_entrant_get(a->db, r.id, o->application_id, &x, e) != 1)
        FAIL_TX;
    char now[21];
    date_now_utc(now);
    memcpy(o->answered_at, now, sizeof o->answered_at);
    const char *unit_status;
    if (accept) {
        snprintf(o->state, sizeof o->state, "accepted");
        snprintf(x.outcome, sizeof x.outcome, "accepted");
        unit_status = stock_programme_sells(r.programme) ? "sold" : "let";
    } else {
        snprintf(o->state, sizeof o->state, "declined");
        o->decline_counted = 1;
        x.declines++;
        int lost = round_lost_place(x.declines, r.declines_max);
        snprintf(x.outcome, sizeof x.outcome, "%s", lost ? "lost_place" : "declined");
        snprintf(x.reason, sizeof x.reason, "%s", lost ? "declines_max" : "declined_offer");
        x.unit_id = 0;
        unit_status = "reserved"; /* back to the round's pool */
    }
    char detail[160];
    snprintf(detail, sizeof detail, "offer=%lld application=%s unit=%s %s declines=%d",
             (long long)o->id, o->application_no, o->unit_no, o->state, x.declines);
    if (round_store_offer_update(a->db, o, e) || round_store_entrant_update(a->db, r.id, &x, e) ||
        round_store_unit_status(a->db, o->unit_id, unit_status, now, e) ||
        finish(a, who, &r, accept ? "round.accept" : "round.decline", detail, e))
        FAIL_TX;
    return 0;
}

int app_round_publish(struct app *a, const struct actor *who, int64_t id, struct err *e)
{
    struct round_row r;
    if (begin_load(a, who, id, &r, e)) return -1;
    int64_t swept;
    if (need_state(&r, ROUND_CHOOSING, e) || sweep(a, who, &r, 1, "publish", &swept, e)) FAIL_TX;
    char now[21];
    date_now_utc(now);
    /* open offers expire, the units still reserved go back to vacant, and
     * every family without a unit is recorded as unassigned (with why) */
    int64_t expired = 0, released = 0, closed = 0;
    if (round_store_expire_offers(a->db, id, now, &expired, e) ||
        round_store_release_units(a->db, id, now, &released, e) ||
        round_store_close_entrants(a->db, id, &closed, e))
        FAIL_TX;
    char detail[128];
    snprintf(detail, sizeof detail, "expired=%lld released=%lld unassigned=%lld",
             (long long)expired, (long long)released, (long long)closed);
    if (move(a, &r, ROUND_PUBLISHED, e) || finish(a, who, &r, "round.publish", detail, e)) FAIL_TX;
    return 0;
}

int app_round_entrants(struct app *a, const struct actor *who, int64_t id,
                       struct round_entrant_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct round_row r;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load(a, who, PERM_ROUND_READ, id, &r, e);
    if (rc == 0) rc = round_store_entrants(a->db, id, 1, out, n, e);
    db_rollback(a->db);
    return rc;
}

/* ------------------------------------------------------------------ JSON */

json_t *app_round_json(const struct round_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s?, s:s, s:I, "
                     "s:s, s:s}",
                     "id", (json_int_t)r->id, "code", r->code, "name", r->name, "programme",
                     programme_names[r->programme].code, "kind", round_kind_names[r->kind].code,
                     "target_category", r->target_category, "district_code", r->district_code,
                     "state", round_state_names[r->state].code, "shortlist_ratio_permille",
                     r->ratio_permille, "declines_max", r->declines_max, "choose_days",
                     r->choose_days, "lottery_id", r->lottery_id[0] ? r->lottery_id : NULL, "as_of",
                     r->as_of, "version", (json_int_t)r->version, "created_at", r->created_at,
                     "updated_at", r->updated_at);
}

void app_round_mask_name(const char *name, char *out, size_t size)
{
    size_t first = 0, rest = 0;
    const unsigned char *p = (const unsigned char *)name;
    if (*p) {
        first = 1;
        while ((p[first] & 0xC0) == 0x80)
            first++;
        for (const unsigned char *q = p + first; *q; q++)
            if ((*q & 0xC0) != 0x80) rest++;
    }
    size_t n = 0;
    for (size_t i = 0; i < first && n + 1 < size; i++)
        out[n++] = name[i];
    for (size_t i = 0; i < rest && n + 1 < size; i++)
        out[n++] = '*';
    out[n] = 0;
}

json_t *app_round_results(struct app *a, int64_t id, struct err *e)
{
    struct round_row r;
    struct round_entrant_row *x = NULL;
    size_t nx = 0;
    char *manifest = NULL, *result = NULL;
    json_t *out = NULL;
    if (db_begin(a->db, DB_READ, e)) return NULL;
    int rc = round_store_get(a->db, id, &r, e);
    if (rc == 1 && r.state != ROUND_PUBLISHED) rc = 0;
    if (rc == 0) not_found(id, e);
    if (rc == 1 && (round_store_entrants_where(a->db, id, 1, ROUND_ENTRANTS_DRAWN, &x, &nx, e) ||
                    round_store_get_draw(a->db, id, &manifest, &result, e)))
        rc = -1;
    db_rollback(a->db);
    if (rc != 1) goto out;
    qsort(x, nx, sizeof *x, x_by_no);
    json_t *list = json_array();
    json_t *m = json_loads(manifest, 0, NULL);
    for (size_t i = 0; list && i < nx; i++) {
        if (!x[i].sequence) continue;
        char masked[64];
        app_round_mask_name(x[i].applicant_name, masked, sizeof masked);
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:I, s:i, s:s, s:s?, s:s}", "application_no", x[i].application_no,
                      "name", masked, "sequence", (json_int_t)x[i].sequence, "bucket", x[i].bucket,
                      "outcome", x[i].outcome[0] ? x[i].outcome : "unassigned", "unit_no",
                      x[i].unit_no[0] ? x[i].unit_no : NULL, "reason", x[i].reason));
    }
    out =
        json_pack("{s:o, s:o?, s:o}", "round", app_round_json(&r), "manifest", m, "entrants", list);
    if (!out) no_memory(e);
out:
    free(x);
    free(manifest);
    free(result);
    return out;
}
