/* app/queue — the waiting-list use cases (see queue.h, docs/queue.md). */
#include "app/queue.h"

#include "app/app_internal.h"
#include "app/audit.h"
#include "app/eligibility.h"
#include "base/bigmem.h"
#include "base/date.h"
#include "base/idnum.h"
#include "store/application_store.h"
#include "store/household_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

/* The one answer for a missing application and for one out of scope (the
 * words of app/application). */
static int not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "申请 %lld 不存在", "application %lld does not exist",
                   (long long)id);
}

/* --- one programme's queue, computed -------------------------------------- */

enum { GROUPS_MAX = 64 };

/* The families governed by one policy version (or by none: p NULL). */
struct group {
    const struct policy *p;
    struct queue_classes cls;
    long size;
    int rank;     /* the groups' order in a list: by code and version, none last */
    size_t start; /* where its families begin in computed.order */
};

struct computed {
    struct queue_rows rows; /* owns the families; fam, info and n are its */
    struct queue_family *fam;
    struct queue_entry *info;
    size_t n;
    int *group; /* per family */
    struct queue_place *place;
    size_t *order; /* every family: the groups by rank, each in queue order */
    struct group groups[GROUPS_MAX];
    int ngroups;
    struct policy *none; /* the empty policy of the families no version covers */
};

static void computed_free(struct computed *c)
{
    size_t n = c->n ? c->n : 1;
    queue_rows_free(&c->rows);
    bigmem_free(c->group, n * sizeof *c->group);
    bigmem_free(c->place, n * sizeof *c->place);
    bigmem_free(c->order, n * sizeof *c->order);
    free(c->none);
    memset(c, 0, sizeof *c);
}

/* The group of policy p (NULL: none), added when new; -1 when full. */
static int group_of(struct computed *c, const struct policy *p)
{
    for (int g = 0; g < c->ngroups; g++)
        if (c->groups[g].p == p) return g;
    if (c->ngroups == GROUPS_MAX) return -1;
    c->groups[c->ngroups].p = p;
    return c->ngroups++;
}

static int group_compare(const struct group *x, const struct group *y)
{
    if (!x->p || !y->p) return (x->p == NULL) - (y->p == NULL);
    int k = strcmp(x->p->code, y->p->code);
    return k ? k : strcmp(x->p->version, y->p->version);
}

/* Orders the families of group g: in place when it is the only group, else
 * through a copy of its families. */
static int order_group(struct computed *c, int g, const char *as_of, struct err *e)
{
    const struct policy *p = c->groups[g].p ? c->groups[g].p : c->none;
    size_t *order = c->order + c->groups[g].start;
    if (c->ngroups == 1) return queue_order(p, as_of, c->fam, c->n, c->place, order, e);
    size_t m = (size_t)c->groups[g].size, k = 0;
    struct queue_family *fam = malloc((m ? m : 1) * sizeof *fam);
    struct queue_place *place = malloc((m ? m : 1) * sizeof *place);
    size_t *index = malloc((m ? m : 1) * sizeof *index);
    int rc = -1;
    if (!fam || !place || !index) {
        oom(e);
        goto out;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->group[i] == g) {
            index[k] = i;
            fam[k++] = c->fam[i];
        }
    if (queue_order(p, as_of, fam, m, place, order, e)) goto out;
    for (k = 0; k < m; k++) {
        c->place[index[k]] = place[k];
        order[k] = index[order[k]];
    }
    rc = 0;
out:
    free(fam);
    free(place);
    free(index);
    return rc;
}

/* Every family of programme p on as_of, in the caller's transaction. */
static int compute(struct app *a, enum programme p, const char *as_of, struct computed *c,
                   struct err *e)
{
    memset(c, 0, sizeof *c);
    if (app_policies_load(a, e) || queue_store_load(a->db, (int)p, &c->rows, e)) return -1;
    c->fam = c->rows.fam;
    c->info = c->rows.info;
    c->n = c->rows.n;
    size_t n = c->n ? c->n : 1;
    c->group = bigmem_alloc(n * sizeof *c->group);
    c->place = bigmem_alloc(n * sizeof *c->place);
    c->order = bigmem_alloc(n * sizeof *c->order);
    if (!c->group || !c->place || !c->order) goto fail_oom;
    for (size_t i = 0; i < c->n; i++) {
        const struct policy *pol = NULL;
        struct err ignore;
        if (app_policy_pick(a, c->info[i].region_code, as_of, &pol, &ignore)) pol = NULL;
        int g = group_of(c, pol);
        if (g < 0) {
            err_set(e, ERR_INTERNAL, "", "政策版本过多（超过 %d 个）",
                    "too many policy versions (over %d)", GROUPS_MAX);
            goto fail;
        }
        c->group[i] = g;
        c->groups[g].size++;
    }
    for (int g = 0; g < c->ngroups; g++) {
        if (!c->groups[g].p && !c->none && !(c->none = calloc(1, sizeof *c->none))) goto fail_oom;
        queue_classes(c->groups[g].p ? c->groups[g].p : c->none, &c->groups[g].cls);
        /* the groups before it in a list: those that sort before it */
        for (int h = 0; h < c->ngroups; h++)
            if (group_compare(&c->groups[h], &c->groups[g]) < 0) {
                c->groups[g].rank++;
                c->groups[g].start += (size_t)c->groups[h].size;
            }
    }
    for (int g = 0; g < c->ngroups; g++)
        if (order_group(c, g, as_of, e)) goto fail;
    return 0;
fail_oom:
    oom(e);
fail:
    computed_free(c);
    return -1;
}

/* The family of application id in c (rows are in id order); -1 when absent. */
static long find(const struct computed *c, int64_t application_id)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->fam[mid].application_id < application_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n && c->fam[lo].application_id == application_id ? (long)lo : -1;
}

static void item_fill(const struct computed *c, size_t i, const char *as_of, struct queue_item *it)
{
    memset(it, 0, sizeof *it);
    const struct queue_family *f = &c->fam[i];
    const struct queue_entry *x = &c->info[i];
    const struct group *g = &c->groups[c->group[i]];
    it->application_id = f->application_id;
    it->household_id = x->household_id;
    snprintf(it->application_no, sizeof it->application_no, "%s", f->application_no);
    it->programme = x->programme;
    if (g->p) {
        it->policy_id = g->p->id;
        snprintf(it->policy_code, sizeof it->policy_code, "%s", g->p->code);
        snprintf(it->policy_version, sizeof it->policy_version, "%s", g->p->version);
        it->re_report_months = g->p->programmes[x->programme].re_report_months;
    }
    memcpy(it->region_code, x->region_code, sizeof it->region_code);
    memcpy(it->district_code, x->district_code, sizeof it->district_code);
    memcpy(it->filed_date, f->filed_date, sizeof it->filed_date);
    snprintf(it->as_of, sizeof it->as_of, "%s", as_of);
    it->queue_size = g->size;
    it->place = c->place[i];
    it->class_number = it->place.class_index + 1;
    snprintf(it->class_code, sizeof it->class_code, "%s",
             queue_class_code(&g->cls.c[it->place.class_index]));
    queue_class_name(&g->cls, it->place.class_index, it->class_zh, it->class_en);
    queue_why(&g->cls, f, &it->place, g->size, it->why_zh, it->why_en);
    memcpy(it->last_re_report, x->last_report_on, sizeof it->last_re_report);
    queue_next_due(f->filed_date, it->re_report_months, x->answered_through,
                   it->next_re_report_due);
    it->overdue = x->overdue_due[0] != '\0';
    memcpy(it->overdue_due, x->overdue_due, sizeof it->overdue_due);
}

/* Who the families of items are (one query per item). */
static int people_fill(struct app *a, struct queue_item *items, size_t n, struct err *e)
{
    if (n == 0) return 0;
    int64_t *ids = malloc(n * sizeof *ids);
    struct queue_person *people = malloc(n * sizeof *people);
    int rc = -1;
    if (!ids || !people) {
        oom(e);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = items[i].household_id;
    if (queue_store_people(a->db, ids, n, people, e)) goto out;
    for (size_t i = 0; i < n; i++) {
        struct queue_item *it = &items[i];
        it->people = 1;
        memcpy(it->household_no, people[i].household_no, sizeof it->household_no);
        memcpy(it->applicant_name, people[i].applicant_name, sizeof it->applicant_name);
        idnum_mask(people[i].applicant_id_number, it->applicant_id_number);
        it->members = people[i].members;
    }
    rc = 0;
out:
    free(ids);
    free(people);
    return rc;
}

/* --- reading --------------------------------------------------------------- */

int app_queue_mine(struct app *a, const struct actor *who, struct queue_item **out, size_t *n,
                   struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!who || who->role != ROLE_APPLICANT)
        return err_set(e, ERR_FORBIDDEN, "", "只有申请人账号有自己的轮候位次",
                       "only an applicant account has a place of its own on a waiting list");
    if (access_require(who, PERM_QUEUE_READ, e)) return -1;
    if (who->household_id <= 0) return 0;
    char today[11];
    date_today(today);
    struct queue_rows mine = {0};
    struct queue_item *items = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (queue_store_household(a->db, who->household_id, &mine, e)) goto out;
    items = calloc(mine.n ? mine.n : 1, sizeof *items);
    if (!items) {
        oom(e);
        goto out;
    }
    for (size_t k = 0; k < mine.n; k++) {
        struct computed c;
        if (compute(a, mine.info[k].programme, today, &c, e)) goto out;
        long i = find(&c, mine.fam[k].application_id);
        if (i >= 0) item_fill(&c, (size_t)i, today, &items[(*n)++]);
        computed_free(&c);
    }
    *out = items;
    items = NULL;
    rc = 0;
out:
    db_rollback(a->db);
    queue_rows_free(&mine);
    free(items);
    if (rc) *n = 0;
    return rc;
}

/* Application id in the actor's scope (inside a transaction): 0, or
 * not_found. */
static int application_visible(struct app *a, const struct actor *who, int64_t id,
                               struct application *ap, struct err *e)
{
    if (application_store_get(a->db, id, ap, e))
        return e->code == ERR_NOT_FOUND ? not_found(id, e) : -1;
    if (!access_covers(who, ap->district_code, ap->region_code, ap->household_id))
        return not_found(id, e);
    return 0;
}

static int not_queued(const struct application *ap, struct err *e)
{
    return err_set(e, ERR_INVALID, "application_id",
                   "申请 %s 不在轮候名单中：只有已备案的申请才轮候（现为“%s”）%.0s%.0s",
                   "%.0s%.0sapplication %s is not on a waiting list: only filed applications "
                   "wait (it is %s)",
                   ap->application_no, workflow_state_names[ap->state].zh, ap->application_no,
                   workflow_state_names[ap->state].code);
}

int app_queue_position(struct app *a, const struct actor *who, int64_t application_id,
                       struct queue_item *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (access_require(who, PERM_QUEUE_READ, e)) return -1;
    char today[11];
    date_today(today);
    struct application *ap = calloc(1, sizeof *ap);
    if (!ap) return oom(e);
    struct queue_family fam;
    struct queue_entry info;
    struct computed c = {0};
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) goto out;
    if (application_visible(a, who, application_id, ap, e)) goto out;
    int found = queue_store_get(a->db, application_id, &fam, &info, e);
    if (found < 0) goto out;
    if (found == 0) {
        not_queued(ap, e);
        goto out;
    }
    if (compute(a, info.programme, today, &c, e)) goto out;
    long i = find(&c, application_id);
    if (i < 0) {
        not_queued(ap, e);
        goto out;
    }
    item_fill(&c, (size_t)i, today, out);
    if (who && who->role == ROLE_APPLICANT) {
        rc = 0;
        goto out;
    }
    rc = people_fill(a, out, 1, e);
out:
    db_rollback(a->db);
    computed_free(&c);
    free(ap);
    return rc;
}

int app_queue_list(struct app *a, const struct actor *who, const struct queue_query *q,
                   struct queue_item **out, size_t *n, int64_t *total, char as_of[11],
                   struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    date_today(as_of);
    if (access_require(who, PERM_QUEUE_LIST, e)) return -1;
    if ((unsigned)q->programme >= PROG_COUNT)
        return err_set(e, ERR_INVALID, "programme", "未知的保障方式", "unknown programme");
    const char *district = q->district && *q->district ? q->district : NULL;
    int64_t page = q->page > 0 ? q->page : 1, size = q->page_size > 0 ? q->page_size : 20;
    if (size > QUEUE_PAGE_MAX) size = QUEUE_PAGE_MAX;
    struct computed c = {0};
    struct queue_item *items = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (compute(a, q->programme, as_of, &c, e)) goto out;
    items = calloc((size_t)size, sizeof *items);
    if (!items) {
        oom(e);
        goto out;
    }
    /* the families the actor may see, in the list's order; the page's are kept */
    size_t from = (size_t)((page - 1) * size), m = 0, count = 0;
    for (size_t k = 0; k < c.n; k++) {
        size_t i = c.order[k];
        const struct queue_entry *x = &c.info[i];
        if (!access_covers(who, x->district_code, x->region_code, x->household_id)) continue;
        if (district && strcmp(x->district_code, district) != 0) continue;
        if (m >= from && count < (size_t)size) item_fill(&c, i, as_of, &items[count++]);
        m++;
    }
    *total = (int64_t)m;
    if (people_fill(a, items, count, e)) goto out;
    *out = items;
    *n = count;
    items = NULL;
    rc = 0;
out:
    db_rollback(a->db);
    computed_free(&c);
    free(items);
    if (rc) *total = 0;
    return rc;
}

void queue_summary_free(struct queue_summary *s)
{
    for (int p = 0; p < PROG_COUNT; p++)
        free(s->programmes[p].groups);
    memset(s, 0, sizeof *s);
}

/* Counts the families of c that the actor may see into pc, by group rank. */
static int summary_count(const struct computed *c, const struct actor *who, const char *district,
                         struct queue_programme_count *pc, struct err *e)
{
    long seen[GROUPS_MAX][QUEUE_CLASS_MAX];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < c->n; i++) {
        const struct queue_entry *x = &c->info[i];
        if (!access_covers(who, x->district_code, x->region_code, x->household_id)) continue;
        if (district && strcmp(x->district_code, district) != 0) continue;
        seen[c->group[i]][c->place[i].class_index]++;
        pc->families++;
    }
    if (!pc->families) return 0;
    pc->groups = calloc((size_t)c->ngroups, sizeof *pc->groups);
    if (!pc->groups) return oom(e);
    /* the groups in a list's order (by rank), those with families only */
    for (int r = 0; r < c->ngroups; r++)
        for (int g = 0; g < c->ngroups; g++) {
            const struct group *gr = &c->groups[g];
            if (gr->rank != r) continue;
            long total = 0;
            for (int k = 0; k < gr->cls.n; k++)
                total += seen[g][k];
            if (!total) continue;
            struct queue_group_count *out = &pc->groups[pc->ngroups++];
            if (gr->p) {
                out->policy_id = gr->p->id;
                snprintf(out->policy_code, sizeof out->policy_code, "%s", gr->p->code);
                snprintf(out->policy_version, sizeof out->policy_version, "%s", gr->p->version);
            }
            out->families = total;
            out->nclasses = gr->cls.n;
            for (int k = 0; k < gr->cls.n; k++) {
                struct queue_class_count *cc = &out->classes[k];
                cc->class_number = k + 1;
                snprintf(cc->class_code, sizeof cc->class_code, "%s",
                         queue_class_code(&gr->cls.c[k]));
                queue_class_name(&gr->cls, k, cc->class_zh, cc->class_en);
                cc->families = seen[g][k];
            }
        }
    return 0;
}

int app_queue_summary(struct app *a, const struct actor *who, const char *district,
                      struct queue_summary *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    date_today(out->as_of);
    if (access_require(who, PERM_QUEUE_LIST, e)) return -1;
    if (district && !*district) district = NULL;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = 0;
    for (int p = 0; rc == 0 && p < PROG_COUNT; p++) {
        struct computed c;
        if (compute(a, (enum programme)p, out->as_of, &c, e)) {
            rc = -1;
            break;
        }
        rc = summary_count(&c, who, district, &out->programmes[p], e);
        out->families += out->programmes[p].families;
        computed_free(&c);
    }
    db_rollback(a->db);
    if (rc) {
        char as_of[11];
        memcpy(as_of, out->as_of, sizeof as_of);
        queue_summary_free(out);
        memcpy(out->as_of, as_of, sizeof as_of);
    }
    return rc;
}

/* --- changing: entering, re-reports, overdue marks ------------------------ */

/* A queue row's canonical bytes for the audit log (keys sorted). */
static char *entry_text(const struct queue_family *f, const struct queue_entry *x)
{
    char cats[256];
    priority_format(f->facts.stated, cats);
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:I, s:s, s:s, s:s, s:s}", "application_id",
        (json_int_t)f->application_id, "application_no", f->application_no, "programme",
        programme_names[x->programme].code, "filed_date", f->filed_date, "categories", cats,
        "oldest_birth_date", f->facts.oldest_birth_date, "severe_disability",
        f->facts.severe_disability, "serious_illness", f->facts.serious_illness, "verified_on",
        x->verified_on, "decision_id", (json_int_t)x->decision_id, "last_report_on",
        x->last_report_on, "overdue_due", x->overdue_due, "overdue_marked_on", x->overdue_marked_on,
        "answered_through", x->answered_through);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

static int audit_entry(struct app *a, const struct actor *who, const char *action,
                       const char *before, const struct queue_family *f,
                       const struct queue_entry *x, const char *detail, struct err *e)
{
    char *after = entry_text(f, x);
    if (!after) return oom(e);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)f->application_id);
    int rc = app_audit(a, who, action, "queue_entry", id, before, after, detail, e);
    free(after);
    return rc;
}

/* One event of the application's history (the state stays filed). */
static int history_event(struct app *a, const struct actor *who, int64_t application_id,
                         const char *action, json_t *detail, const char *now, struct err *e)
{
    struct application_event ev;
    memset(&ev, 0, sizeof ev);
    ev.application_id = application_id;
    memcpy(ev.at, now, sizeof ev.at);
    ev.account_id = who ? who->account_id : 0;
    const char *role;
    app_actor_name(who, ev.actor, sizeof ev.actor, &role);
    snprintf(ev.role, sizeof ev.role, "%s", role);
    snprintf(ev.action, sizeof ev.action, "%s", action);
    snprintf(ev.from_state, sizeof ev.from_state, "%s", workflow_state_names[WF_FILED].code);
    snprintf(ev.to_state, sizeof ev.to_state, "%s", workflow_state_names[WF_FILED].code);
    ev.reason = (char *)"";
    ev.detail = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
    if (!ev.detail) return oom(e);
    int rc = application_store_event_add(a->db, &ev, e);
    free(ev.detail);
    return rc;
}

int app_queue_enter(struct app *a, const struct actor *who, const struct application *ap,
                    const struct eligibility_decision *d, struct err *e)
{
    struct queue_family f;
    struct queue_entry x;
    memset(&f, 0, sizeof f);
    memset(&x, 0, sizeof x);
    f.application_id = ap->id;
    snprintf(f.application_no, sizeof f.application_no, "%s", ap->application_no);
    memcpy(f.filed_date, ap->filed_date, sizeof f.filed_date);
    f.facts = d->result.category_facts;
    x.programme = ap->programme;
    x.household_id = ap->household_id;
    memcpy(x.region_code, ap->region_code, sizeof x.region_code);
    memcpy(x.district_code, ap->district_code, sizeof x.district_code);
    snprintf(x.verified_on, sizeof x.verified_on, "%s", d->as_of);
    x.decision_id = d->id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s filed_date=%s decision=%lld", ap->application_no,
             programme_names[ap->programme].code, ap->filed_date, (long long)d->id);
    if (queue_store_enter(a->db, &f, &x, e)) return -1;
    return audit_entry(a, who, "queue.enter", NULL, &f, &x, detail, e);
}

int app_queue_re_report(struct app *a, const struct actor *who, int64_t application_id,
                        struct queue_re_report *out, struct queue_item *after, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (after) memset(after, 0, sizeof *after);
    if (access_require(who, PERM_QUEUE_RE_REPORT, e)) return -1;
    char today[11], now[21];
    date_today(today);
    date_now_utc(now);
    struct application *ap = calloc(1, sizeof *ap);
    struct household *h = calloc(1, sizeof *h);
    struct eligibility_decision *d = calloc(1, sizeof *d);
    char *before = NULL;
    json_t *detail = NULL;
    int rc = -1;
    if (!ap || !h || !d) {
        oom(e);
        goto out;
    }
    if (db_begin(a->db, DB_WRITE, e)) goto out;
    if (application_visible(a, who, application_id, ap, e)) goto fail;
    struct queue_family f;
    struct queue_entry x;
    int found = queue_store_get(a->db, application_id, &f, &x, e);
    if (found < 0) goto fail;
    if (found == 0) {
        not_queued(ap, e);
        goto fail;
    }
    const struct policy *p = NULL;
    struct err no_policy = {0};
    if (app_policy_for(a, x.region_code, today, &p, &no_policy)) p = NULL;
    int months = p ? p->programmes[x.programme].re_report_months : 0;
    if (months <= 0) {
        if (p)
            err_set(e, ERR_INVALID, "application_id", "按政策版本 %s@%s，%s无需定期申报%.0s",
                    "under policy version %s@%s%.0s, %s has no re-reporting", p->code, p->version,
                    programme_names[x.programme].zh, programme_names[x.programme].en);
        else
            err_set(e, ERR_INVALID, "application_id",
                    "没有适用于区划 %s 的政策版本，无从确定定期申报周期",
                    "no policy version covers region %s: there is no re-reporting interval",
                    x.region_code);
        goto fail;
    }
    before = entry_text(&f, &x);
    if (!before) {
        oom(e);
        goto fail;
    }

    /* re-verify the household as it is now */
    struct household_store *hs;
    if (household_store_open(a->db, &hs, e)) goto fail;
    int loaded = household_store_get(hs, ap->household_id, h, e);
    household_store_close(hs);
    if (loaded) goto fail;
    struct eligibility_request req = {
        .programme = x.programme, .as_of = today, .rent = -1, .rent_area = -1};
    const struct policy *used = NULL;
    int decided = app_eligibility_decide(a, h, &req, today, d, &used, &no_policy);
    if (decided < 0) {
        *e = no_policy;
        goto fail;
    }

    /* record it: the due dates it answers (a late report catches up) */
    char cleared[11], answered[11];
    memcpy(cleared, x.overdue_due, sizeof cleared);
    queue_answer(f.filed_date, months, x.answered_through, today, answered);
    if (queue_store_reported(a->db, application_id, decided ? &d->result.category_facts : NULL,
                             today, decided ? d->id : 0, today, answered, e))
        goto fail;
    if (decided) {
        f.facts = d->result.category_facts;
        memcpy(x.verified_on, today, sizeof x.verified_on);
        x.decision_id = d->id;
    }
    memcpy(x.last_report_on, today, sizeof x.last_report_on);
    memcpy(x.answered_through, answered, sizeof x.answered_through);
    x.overdue_due[0] = x.overdue_marked_on[0] = '\0';
    out->application_id = application_id;
    snprintf(out->application_no, sizeof out->application_no, "%s", ap->application_no);
    memcpy(out->reported_on, today, sizeof out->reported_on);
    memcpy(out->at, now, sizeof out->at);
    out->account_id = who ? who->account_id : 0;
    const char *role;
    app_actor_name(who, out->actor, sizeof out->actor, &role);
    snprintf(out->role, sizeof out->role, "%s", role);
    out->decision_id = decided ? d->id : 0;
    out->eligible = decided ? d->result.eligible : -1;
    memcpy(out->cleared_overdue, cleared, sizeof out->cleared_overdue);
    if (queue_store_re_report_add(a->db, out, e)) goto fail;

    char next[11];
    queue_next_due(f.filed_date, months, answered, next);
    detail = json_pack("{s:I, s:s, s:o, s:o, s:o, s:s}", "re_report_id", (json_int_t)out->id,
                       "reported_on", today, "eligible",
                       decided ? json_boolean(d->result.eligible) : json_null(), "decision_id",
                       decided ? json_integer((json_int_t)d->id) : json_null(), "cleared_overdue",
                       cleared[0] ? json_string(cleared) : json_null(), "next_re_report_due", next);
    if (!detail) {
        oom(e);
        goto fail;
    }
    char note[200];
    snprintf(note, sizeof note, "%s reported_on=%s eligible=%s next_due=%s%s%s", ap->application_no,
             today,
             !decided             ? "unknown"
             : d->result.eligible ? "yes"
                                  : "no",
             next, cleared[0] ? " cleared_overdue=" : "", cleared);
    if (history_event(a, who, application_id, "re_report", detail, now, e) ||
        audit_entry(a, who, "queue.re_report", before, &f, &x, note, e) || db_commit(a->db, e))
        goto fail;
    rc = 0;
    goto out;
fail:
    db_rollback(a->db);
out:
    json_decref(detail);
    free(before);
    free(ap);
    free(h);
    free(d);
    if (rc == 0 && after) {
        /* the place once reported, read anew (a failure here loses nothing) */
        struct err ignore = {0};
        if (app_queue_position(a, who, application_id, after, &ignore))
            memset(after, 0, sizeof *after);
    }
    return rc;
}

int app_queue_re_report_mine(struct app *a, const struct actor *who, int64_t application_id,
                             struct queue_re_report *out, struct queue_item *after, struct err *e)
{
    if (!who || who->role != ROLE_APPLICANT) {
        memset(out, 0, sizeof *out);
        if (after) memset(after, 0, sizeof *after);
        return err_set(e, ERR_FORBIDDEN, "",
                       "只有申请人账号在这里申报；工作人员请用 "
                       "/api/v1/applications/{id}/re-report 代为申报",
                       "only an applicant account re-reports here; officers record one on a "
                       "family's behalf at /api/v1/applications/{id}/re-report");
    }
    return app_queue_re_report(a, who, application_id, out, after, e);
}

int app_queue_re_reports(struct app *a, const struct actor *who, int64_t application_id,
                         struct queue_re_report **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_QUEUE_READ, e)) return -1;
    struct application *ap = calloc(1, sizeof *ap);
    if (!ap) return oom(e);
    int rc = -1;
    if (db_begin(a->db, DB_READ, e) == 0) {
        if (application_visible(a, who, application_id, ap, e) == 0 &&
            queue_store_re_reports(a->db, application_id, out, n, e) == 0)
            rc = 0;
        db_rollback(a->db);
    }
    free(ap);
    return rc;
}

int app_queue_mark_overdue(struct app *a, const struct actor *who, int p, const char *as_of,
                           struct overdue_report *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    if (who)
        return err_set(e, ERR_FORBIDDEN, "", "标记逾期未申报只能在命令行进行",
                       "marking overdue re-reports is for the command line only");
    char today[11], now[21];
    date_today(today);
    date_now_utc(now);
    if (!as_of) as_of = today;
    if (date_valid(as_of) != 0)
        return err_set(e, ERR_USAGE, "as_of", "日期 “%s” 无效，应为 YYYY-MM-DD",
                       "date \"%s\" is not a valid YYYY-MM-DD date", as_of);
    if (strcmp(as_of, today) > 0)
        return err_set(e, ERR_USAGE, "as_of", "日期 %s 晚于今天 %s：不能预先标记逾期",
                       "%s is after today, %s: overdue re-reports cannot be marked in advance",
                       as_of, today);
    snprintf(r->as_of, sizeof r->as_of, "%s", as_of);
    struct queue_rows rows = {0};
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (app_policies_load(a, e) || queue_store_load(a->db, p, &rows, e)) goto fail;
    for (size_t i = 0; i < rows.n; i++) {
        struct queue_family *f = &rows.fam[i];
        struct queue_entry *x = &rows.info[i];
        r->checked++;
        const struct policy *pol;
        struct err ignore;
        if (app_policy_pick(a, x->region_code, as_of, &pol, &ignore)) continue;
        int months = pol->programmes[x->programme].re_report_months;
        if (months <= 0) continue;
        r->due++;
        char next[11];
        queue_next_due(f->filed_date, months, x->answered_through, next);
        if (!queue_overdue(next, as_of)) {
            r->covered++;
            continue;
        }
        if (x->overdue_due[0]) {
            r->already++;
            continue;
        }
        char *before = entry_text(f, x);
        if (!before) {
            oom(e);
            goto fail;
        }
        memcpy(x->overdue_due, next, sizeof x->overdue_due);
        memcpy(x->overdue_marked_on, as_of, sizeof x->overdue_marked_on);
        json_t *detail =
            json_pack("{s:s, s:s, s:o}", "overdue_due", next, "as_of", as_of, "last_re_report",
                      x->last_report_on[0] ? json_string(x->last_report_on) : json_null());
        char note[160];
        snprintf(note, sizeof note, "%s due=%s as_of=%s", f->application_no, next, as_of);
        int rc =
            !detail ? oom(e)
            : queue_store_mark_overdue(a->db, f->application_id, next, as_of, e) ||
                    history_event(a, who, f->application_id, "re_report_overdue", detail, now, e) ||
                    audit_entry(a, who, "queue.overdue", before, f, x, note, e)
                ? -1
                : 0;
        json_decref(detail);
        free(before);
        if (rc) goto fail;
        r->marked++;
    }
    char note[200];
    snprintf(note, sizeof note, "as_of=%s checked=%ld due=%ld marked=%ld already=%ld", as_of,
             r->checked, r->due, r->marked, r->already);
    if (app_audit(a, who, "queue.mark_overdue", "queue", p >= 0 ? programme_names[p].code : "all",
                  NULL, NULL, note, e) ||
        db_commit(a->db, e))
        goto fail;
    queue_rows_free(&rows);
    return 0;
fail:
    db_rollback(a->db);
    queue_rows_free(&rows);
    return -1;
}

/* --- JSON ------------------------------------------------------------------ */

static json_t *date_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *app_queue_item_json(const struct queue_item *it)
{
    char cats[256], policy[POLICY_CODE_MAX + POLICY_VERSION_MAX + 2];
    priority_format(it->place.categories, cats);
    snprintf(policy, sizeof policy, "%s@%s", it->policy_code, it->policy_version);
    const struct queue_place *pl = &it->place;
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:s, s:s, s:s, s:I, s:I, s:I, "
        "s:I, s:I, s:I, s:s, s:b, s:o, s:o, s:o, s:b, s:o}",
        "application_id", (json_int_t)it->application_id, "application_no", it->application_no,
        "programme", programme_names[it->programme].code, "policy",
        it->policy_id ? json_string(policy) : json_null(), "region_code", it->region_code,
        "district_code", it->district_code, "filed_date", it->filed_date, "as_of", it->as_of,
        "position", (json_int_t)pl->position, "queue_size", (json_int_t)it->queue_size, "class",
        it->class_number, "class_code", it->class_code, "class_name_zh", it->class_zh,
        "class_name_en", it->class_en, "class_size", (json_int_t)pl->class_size,
        "position_in_class", (json_int_t)pl->position_in_class, "ahead_in_class",
        (json_int_t)pl->ahead_in_class, "ahead_filed_earlier", (json_int_t)pl->ahead_earlier,
        "ahead_filed_same_day", (json_int_t)pl->ahead_same_day, "ahead_in_higher_classes",
        (json_int_t)pl->ahead_higher_classes, "categories", cats, "long_wait", pl->long_wait,
        "re_report_months", it->re_report_months ? json_integer(it->re_report_months) : json_null(),
        "last_re_report", date_or_null(it->last_re_report), "next_re_report_due",
        date_or_null(it->next_re_report_due), "overdue", it->overdue, "overdue_due",
        date_or_null(it->overdue_due));
    if (!j) return NULL;
    if (json_object_set_new(j, "why_zh", json_string(it->why_zh)) ||
        json_object_set_new(j, "why_en", json_string(it->why_en)))
        goto fail;
    if (it->people &&
        (json_object_set_new(j, "household_id", json_integer((json_int_t)it->household_id)) ||
         json_object_set_new(j, "household_no", json_string(it->household_no)) ||
         json_object_set_new(j, "applicant_name", json_string(it->applicant_name)) ||
         json_object_set_new(j, "applicant_id_number", json_string(it->applicant_id_number)) ||
         json_object_set_new(j, "household_size", json_integer(it->members))))
        goto fail;
    return j;
fail:
    json_decref(j);
    return NULL;
}

json_t *app_re_report_json(const struct queue_re_report *r, const char *next_due)
{
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
        "application_id", (json_int_t)r->application_id, "application_no", r->application_no,
        "reported_on", r->reported_on, "at", r->at, "actor", r->actor, "role", r->role, "eligible",
        r->eligible < 0 ? json_null() : json_boolean(r->eligible), "decision_id",
        r->decision_id ? json_integer((json_int_t)r->decision_id) : json_null(), "cleared_overdue",
        date_or_null(r->cleared_overdue), "next_re_report_due", date_or_null(next_due));
}
