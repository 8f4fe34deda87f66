/* app/application — the workflow use cases (see application.h). */
#include "app/application.h"

#include "app/app_internal.h"
#include "app/audit.h"
#include "app/eligibility.h"
#include "base/date.h"
#include "base/idnum.h"
#include "store/household_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void application_view_free(struct application_view *v)
{
    if (!v) return;
    application_events_free(v->events, v->nevents);
    free(v->objections);
    v->events = NULL;
    v->objections = NULL;
    v->nevents = v->nobjections = 0;
}

/* err_set for a message whose words differ by language (names in Chinese,
 * codes in English): each text is written in full by the caller. */
static int refuse(struct err *e, enum err_code code, const char *field, const char *zh,
                  const char *en)
{
    if (!e) return -1;
    err_set(e, code, field, "", "");
    snprintf(e->zh, sizeof e->zh, "%s", zh);
    snprintf(e->en, sizeof e->en, "%s", en);
    return -1;
}

static int codes_parse(const struct code_name *table, int n, const char *code, int *out,
                       const char *what_zh, const char *what_en, const char *field, struct err *e)
{
    int i = code && *code ? code_lookup(table, n, code) : -1;
    if (i >= 0) {
        *out = i;
        return 0;
    }
    char list[256] = "";
    for (int k = 0; k < n; k++) {
        strncat(list, table[k].code, sizeof list - strlen(list) - 1);
        if (k + 1 < n) strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    char safe[40];
    snprintf(safe, sizeof safe, "%.32s", code ? code : "");
    for (char *p = safe; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) *p = '?';
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "未知的%s“%s”，可选：%s", what_zh, safe, list);
    snprintf(en, sizeof en, "unknown %s \"%s\"; valid: %s", what_en, safe, list);
    return refuse(e, ERR_INVALID, field, zh, en);
}

int app_workflow_state_parse(const char *code, enum workflow_state *s, const char *field,
                             struct err *e)
{
    int i = 0;
    if (codes_parse(workflow_state_names, WF_STATE_COUNT, code, &i, "状态", "state", field, e))
        return -1;
    *s = (enum workflow_state)i;
    return 0;
}

int app_workflow_action_parse(const char *code, enum workflow_action *a, const char *field,
                              struct err *e)
{
    int i = 0;
    if (codes_parse(workflow_action_names, WF_ACTION_COUNT, code, &i, "操作", "action", field, e))
        return -1;
    *a = (enum workflow_action)i;
    return 0;
}

/* --- JSON --------------------------------------------------------------- */

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *lines_json(const char *text)
{
    json_t *a = json_array();
    const char *p = text;
    while (a && p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) json_array_append_new(a, json_stringn(p, n));
        p = nl ? nl + 1 : NULL;
    }
    return a;
}

json_t *app_application_json(const struct application *ap, unsigned actions)
{
    json_t *acts = json_array();
    for (int k = 0; acts && k < WF_ACTION_COUNT; k++)
        if (actions & (1u << k))
            json_array_append_new(acts, json_string(workflow_action_names[k].code));
    json_t *policy = ap->policy_id > 0
                         ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ap->policy_id, "code",
                                     ap->policy_code, "version", ap->policy_version)
                         : json_null();
    json_t *from = ap->returned_from >= 0 && ap->returned_from < WF_STATE_COUNT
                       ? json_string(workflow_state_names[ap->returned_from].code)
                       : json_null();
    json_t *eligible = ap->eligible < 0 ? json_null() : json_boolean(ap->eligible);
    return json_pack(
        "{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:I, s:s, s:s, s:o}",
        "id", (json_int_t)ap->id, "application_no", ap->application_no, "household_id",
        (json_int_t)ap->household_id, "household_no", ap->household_no, "applicant_name",
        ap->applicant_name, "programme", programme_names[ap->programme].code, "region_code",
        ap->region_code, "district_code", ap->district_code, "state",
        workflow_state_names[ap->state].code, "returned_from", from, "correction_request",
        lines_json(ap->correction_request), "policy", policy, "eligible", eligible, "submitted_at",
        text_or_null(ap->submitted_at), "publicity_start", text_or_null(ap->publicity_start),
        "publicity_end", text_or_null(ap->publicity_end), "filed_date",
        text_or_null(ap->filed_date), "version", (json_int_t)ap->version, "created_at",
        ap->created_at, "updated_at", ap->updated_at, "actions", acts);
}

json_t *app_objection_json(const struct objection *o, int show_objector)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)o->id, "received_at",
                     o->received_at, "objector",
                     show_objector ? json_string(o->objector) : json_null(), "content", o->content,
                     "resolved_at", text_or_null(o->resolved_at), "resolution",
                     text_or_null(o->resolution), "upheld",
                     o->upheld < 0 ? json_null() : json_boolean(o->upheld));
}

static json_t *event_json(const struct application_event *ev)
{
    json_t *detail = json_loads(ev->detail ? ev->detail : "{}", 0, NULL);
    if (!json_is_object(detail)) {
        json_decref(detail);
        detail = json_object();
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)ev->id,
                     "at", ev->at, "actor", ev->actor, "role", ev->role, "action", ev->action,
                     "from_state", text_or_null(ev->from_state), "to_state", ev->to_state, "reason",
                     text_or_null(ev->reason), "detail", detail);
}

json_t *app_application_view_json(const struct application_view *v)
{
    json_t *j = app_application_json(&v->app, v->actions);
    json_t *history = json_array(), *objections = json_array();
    json_t *latest = json_null();
    for (size_t i = 0; history && i < v->nevents; i++) {
        json_t *ev = event_json(&v->events[i]);
        json_t *el = json_object_get(json_object_get(ev, "detail"), "eligibility");
        if (el) {
            json_decref(latest);
            latest = json_incref(el);
        }
        json_array_append_new(history, ev);
    }
    for (size_t i = 0; objections && i < v->nobjections; i++)
        json_array_append_new(objections, app_objection_json(&v->objections[i], !v->applicant));
    if (!j || !history || !objections) {
        json_decref(j);
        json_decref(history);
        json_decref(objections);
        json_decref(latest);
        return NULL;
    }
    json_object_set_new(j, "history", history);
    json_object_set_new(j, "objections", objections);
    json_object_set_new(j, "eligibility", latest);
    return j;
}

json_t *app_notice_json(const struct public_notice *n)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "programme",
                     programme_names[n->programme].code, "state",
                     workflow_state_names[n->state].code, "applicant_name", n->applicant_name,
                     "applicant_id_number", n->applicant_id_number, "district_name",
                     n->district_name, "street_name", n->street_name, "household_size", n->members,
                     "publicity_start", text_or_null(n->publicity_start), "publicity_end",
                     text_or_null(n->publicity_end), "filed_date", text_or_null(n->filed_date));
}

/* The application's canonical bytes for the audit log: its JSON without
 * what depends on who looks, keys sorted. Caller frees; NULL out of memory. */
static char *audit_text(const struct application *ap)
{
    json_t *j = app_application_json(ap, 0);
    if (!j) return NULL;
    json_object_del(j, "actions");
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

static char *objection_text(const struct objection *o)
{
    json_t *j = app_objection_json(o, 1);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* --- shared steps ----------------------------------------------------- */

static int oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

/* The one answer for a missing application and for one out of scope. */
static int not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "申请 %lld 不存在", "application %lld does not exist",
                   (long long)id);
}

/* Reads application id if the actor may see it (inside a transaction). */
static int load(struct app *a, const struct actor *who, int64_t id, struct application *ap,
                struct err *e)
{
    if (application_store_get(a->db, id, ap, e)) return -1;
    if (!access_covers(who, ap->district_code, ap->region_code, ap->household_id))
        return not_found(id, e);
    return 0;
}

/* Fills the rest of the view of ap (inside the transaction). */
static int view_fill(struct app *a, const struct actor *who, struct application_view *v,
                     struct err *e)
{
    v->actions = workflow_actions(v->app.state, who);
    v->applicant = who && who->role == ROLE_APPLICANT;
    if (application_store_events(a->db, v->app.id, &v->events, &v->nevents, e) ||
        application_store_objections(a->db, v->app.id, &v->objections, &v->nobjections, e))
        return -1;
    return 0;
}

/* One event of the history, stamped now by the actor. */
static int add_event(struct app *a, const struct actor *who, int64_t application_id,
                     const char *action, const char *from, const char *to, const char *reason,
                     json_t *detail, const char *now, struct err *e)
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
    snprintf(ev.from_state, sizeof ev.from_state, "%s", from);
    snprintf(ev.to_state, sizeof ev.to_state, "%s", to);
    ev.reason = (char *)(reason ? reason : "");
    ev.detail = detail ? json_dumps(detail, JSON_COMPACT) : strdup("{}");
    if (!ev.detail) return oom(e);
    int rc = application_store_event_add(a->db, &ev, e);
    free(ev.detail);
    return rc;
}

/* Audits a change of the application from before to ap. */
static int audit_application(struct app *a, const struct actor *who, const char *action,
                             const char *before, const struct application *ap, const char *detail,
                             struct err *e)
{
    char *after = audit_text(ap);
    if (!after) return oom(e);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)ap->id);
    int rc = app_audit(a, who, action, "application", id, before, after, detail, e);
    free(after);
    return rc;
}

static int text_field(const char *s, size_t max, int rules, const char *field, const char *zh,
                      const char *en, struct err *e)
{
    int blank = 1;
    for (const char *p = s; p && *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r') blank = 0;
    if (blank) return refuse(e, ERR_INVALID, field, zh, en);
    return household_text_ok(s, max, rules, field, e);
}

/* --- create, get, list ------------------------------------------------ */

int app_application_create(struct app *a, const struct actor *who, int64_t household_id,
                           const char *programme, struct application_view *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    enum programme p;
    if (access_require(who, PERM_APPLICATION_CREATE, e) ||
        app_programme_parse(programme ? programme : "", &p, "programme", e))
        return -1;
    struct household *h = calloc(1, sizeof *h);
    if (!h) return oom(e);
    struct household_store *hs = NULL;
    struct application *ap = &out->app;
    char today[11], now[21];
    date_today(today);
    date_now_utc(now);
    int rc = -1;
    if (db_begin(a->db, DB_WRITE, e)) goto out;
    if (household_store_open(a->db, &hs, e)) goto fail;
    int missing = household_store_get(hs, household_id, h, e) != 0;
    if (missing && e->code != ERR_NOT_FOUND) goto fail;
    if (missing || !access_covers(who, h->district_code, h->region_code, h->id)) {
        err_set(e, ERR_NOT_FOUND, "household_id", "家庭 %lld 不存在",
                "household %lld does not exist", (long long)household_id);
        goto fail;
    }
    char no[APPLICATION_NO_MAX + 1];
    enum workflow_state live_state;
    int live = application_store_find_live(a->db, h->id, p, no, &live_state, e);
    if (live < 0) goto fail;
    if (live) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "该家庭已有一份进行中的%s申请 %s（%s）", programme_names[p].zh, no,
                 workflow_state_names[live_state].zh);
        snprintf(en, sizeof en, "the household already has a live %s application, %s (%s)",
                 programme_names[p].en, no, workflow_state_names[live_state].code);
        refuse(e, ERR_CONFLICT, "programme", zh, en);
        goto fail;
    }
    int64_t last;
    if (application_store_last_no(a->db, today, &last, e)) goto fail;
    if (last < 0 || last >= 99999999) {
        err_set(e, ERR_INTERNAL, "application_no", "%.4s 年的申请编号已用尽",
                "the application numbers of %.4s are used up", today);
        goto fail;
    }
    snprintf(ap->application_no, sizeof ap->application_no, "SQ%.4s-%06d", today, (int)(last + 1));
    ap->household_id = h->id;
    ap->programme = p;
    memcpy(ap->region_code, h->region_code, sizeof ap->region_code);
    memcpy(ap->district_code, h->district_code, sizeof ap->district_code);
    ap->state = WF_DRAFT;
    ap->returned_from = -1;
    ap->eligible = -1;
    memcpy(ap->created_at, now, sizeof ap->created_at);
    memcpy(ap->updated_at, now, sizeof ap->updated_at);
    if (application_store_insert(a->db, ap, e) || application_store_get(a->db, ap->id, ap, e) ||
        add_event(a, who, ap->id, "create", "", workflow_state_names[WF_DRAFT].code, "", NULL, now,
                  e))
        goto fail;
    char detail[64];
    snprintf(detail, sizeof detail, "%s %s", ap->application_no, programme_names[p].code);
    if (audit_application(a, who, "application.create", NULL, ap, detail, e) ||
        view_fill(a, who, out, e))
        goto fail;
    household_store_close(hs);
    hs = NULL;
    if (db_commit(a->db, e)) goto fail;
    rc = 0;
    goto out;
fail:
    household_store_close(hs);
    hs = NULL;
    db_rollback(a->db);
    application_view_free(out);
out:
    free(h);
    return rc;
}

int app_application_get(struct app *a, const struct actor *who, int64_t id,
                        struct application_view *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (access_require(who, PERM_APPLICATION_READ, e)) return -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load(a, who, id, &out->app, e) || view_fill(a, who, out, e) ? -1 : 0;
    db_rollback(a->db);
    if (rc) application_view_free(out);
    return rc;
}

int app_application_list(struct app *a, const struct actor *who, const struct application_query *q,
                         struct application **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (access_require(who, PERM_APPLICATION_READ, e)) return -1;
    struct access_filter af;
    access_list_filter(who, &af);
    unsigned states = q->state >= 0 ? 1u << q->state : 0;
    if (q->inbox) {
        unsigned inbox = workflow_inbox(who);
        states = states ? states & inbox : inbox;
        if (!states) return 0; /* asked for a state the role does not act on */
    }
    if (af.none) return 0;
    struct application_filter f = {
        .scope_district = af.district,
        .scope_region = af.region,
        .scope_prefix = af.prefix,
        .scope_household_id = af.household_id,
        .states = states,
        .programme = q->programme,
        .district_code = q->district,
        .page = q->page > 0 ? q->page : 1,
        .page_size = q->page_size > 0 ? q->page_size : 20,
    };
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = application_store_list(a->db, &f, out, n, total, e);
    db_rollback(a->db);
    return rc;
}

int app_staff_report(const struct actor *who, struct err *e)
{
    if (who && who->role == ROLE_APPLICANT)
        return err_set(e, ERR_FORBIDDEN, "", "统计只供工作人员查看；申请人请查看自己的申请",
                       "summaries are for staff; applicants see their own applications");
    return 0;
}

int app_application_summary(struct app *a, const struct actor *who, const char *district,
                            struct application_count **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_APPLICATION_READ, e) || app_staff_report(who, e)) return -1;
    struct access_filter af;
    access_list_filter(who, &af);
    if (af.none) return 0;
    struct application_filter f = {
        .scope_district = af.district,
        .scope_region = af.region,
        .scope_prefix = af.prefix,
        .scope_household_id = af.household_id,
        .programme = -1,
        .district_code = district,
    };
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = application_store_counts(a->db, &f, out, n, e);
    db_rollback(a->db);
    return rc;
}

/* --- acting on an application ------------------------------------------- */

/* The eligibility part of an event's detail. */
static json_t *eligibility_detail(const struct eligibility_decision *d, const struct err *none)
{
    if (!d)
        return json_pack("{s:n, s:n, s:n, s:s, s:s}", "eligible", "policy", "decision_id",
                         "message_zh", none->zh, "message_en", none->en);
    const struct eligibility *r = &d->result;
    json_t *failed = json_array();
    for (int i = 0; failed && i < r->ncriteria; i++)
        if (!r->criteria[i].pass)
            json_array_append_new(failed,
                                  json_pack("{s:s, s:s, s:s}", "criterion",
                                            criterion_names[r->criteria[i].kind].code, "message_zh",
                                            r->criteria[i].zh, "message_en", r->criteria[i].en));
    char policy[POLICY_CODE_MAX + POLICY_VERSION_MAX + 2];
    snprintf(policy, sizeof policy, "%s@%s", d->policy_code, d->policy_version);
    return json_pack("{s:b, s:s, s:I, s:I, s:s, s:s, s:s, s:o}", "eligible", r->eligible, "policy",
                     policy, "policy_id", (json_int_t)d->policy_id, "decision_id",
                     (json_int_t)d->id, "as_of", d->as_of, "summary_zh", r->summary_zh,
                     "summary_en", r->summary_en, "failed", failed);
}

/* One error per failed criterion, after the refusal itself. */
static void add_failed_criteria(struct err_list *errs, const struct eligibility *r)
{
    for (int i = 0; i < r->ncriteria; i++) {
        const struct criterion_result *c = &r->criteria[i];
        if (c->pass) continue;
        struct err x = {0};
        char field[64];
        snprintf(field, sizeof field, "eligibility.criteria.%s", criterion_names[c->kind].code);
        refuse(&x, ERR_INVALID, field, c->zh, c->en);
        err_list_add(errs, &x);
    }
}

/* Everything an act needs besides the application, on the heap (a
 * household and a decision are large). */
struct act_work {
    struct household h;
    struct eligibility_decision d;
};

static int load_household(struct app *a, int64_t id, struct household *h, struct err *e)
{
    struct household_store *hs;
    if (household_store_open(a->db, &hs, e)) return -1;
    int rc = household_store_get(hs, id, h, e);
    household_store_close(hs);
    return rc;
}

int app_application_act(struct app *a, const struct actor *who, int64_t id,
                        const struct application_act *act, struct application_view *out,
                        struct err_list *errs)
{
    memset(out, 0, sizeof *out);
    struct err e = {0};
    struct application *ap = &out->app;
    if ((unsigned)act->action >= WF_ACTION_COUNT) {
        err_set(&e, ERR_INVALID, "action", "未知的操作", "unknown action");
        err_list_add(errs, &e);
        return -1;
    }
    if (access_require(who, PERM_APPLICATION_READ, &e)) {
        err_list_add(errs, &e);
        return -1;
    }
    const struct code_name *action = &workflow_action_names[act->action];
    struct act_work *w = calloc(1, sizeof *w);
    char *before = NULL;
    json_t *detail = NULL;
    if (!w) {
        oom(&e);
        err_list_add(errs, &e);
        return -1;
    }
    char today[11], now[21];
    date_today(today);
    date_now_utc(now);
    int rc = -1, decided = 0;
    if (db_begin(a->db, DB_WRITE, &e)) goto refused;
    if (load(a, who, id, ap, &e)) goto fail;
    if (ap->version != act->version) {
        err_set(&e, ERR_CONFLICT, "version",
                "申请 %s 已被他人处理（现为第 %lld 版，您看到的是第 %lld 版），请刷新后重试",
                "application %s was changed meanwhile (it is at version %lld, you saw %lld): "
                "reload and try again",
                ap->application_no, (long long)ap->version, (long long)act->version);
        goto fail;
    }
    const struct workflow_transition *row;
    if (workflow_permits(ap->state, act->action, who, &row, &e)) goto fail;

    /* the eligibility re-run, on the current verification, as of today */
    struct eligibility_request req = {
        .programme = ap->programme, .as_of = today, .rent = -1, .rent_area = -1};
    const struct policy *policy = NULL;
    struct err no_policy = {0};
    if (load_household(a, ap->household_id, &w->h, &e)) goto fail;
    decided = app_eligibility_decide(a, &w->h, &req, today, &w->d, &policy, &no_policy);
    if (decided < 0) {
        e = no_policy;
        goto fail;
    }

    struct workflow_case c = {
        .state = ap->state,
        .returned_from = ap->returned_from,
        .publicity_days = decided ? policy->programmes[ap->programme].publicity_days : 0,
    };
    snprintf(c.publicity_end, sizeof c.publicity_end, "%s", ap->publicity_end);
    if (application_store_objection_counts(a->db, ap->id, &c.open_objections, &c.upheld_objections,
                                           &e))
        goto fail;
    struct workflow_act wa = {
        .action = act->action,
        .who = who,
        .reason = act->reason,
        .missing = act->missing,
        .nmissing = act->nmissing,
        .answer = act->answer,
        .today = today,
        .eligibility = decided ? &w->d.result : NULL,
    };
    struct workflow_result r;
    if (workflow_decide(&c, &wa, &r, &e)) {
        if (strcmp(e.field, "eligibility") == 0 && decided) {
            err_list_add(errs, &e);
            add_failed_criteria(errs, &w->d.result);
            err_clear(&e);
        }
        goto fail;
    }

    /* the change */
    before = audit_text(ap);
    if (!before) {
        oom(&e);
        goto fail;
    }
    enum workflow_state from = ap->state;
    ap->state = r.to;
    ap->returned_from = r.returned_from;
    ap->correction_request[0] = '\0';
    if (r.to == WF_RETURNED)
        for (int i = 0; i < act->nmissing; i++) {
            if (i) strcat(ap->correction_request, "\n");
            strcat(ap->correction_request, act->missing[i]); /* sizes checked by the core */
        }
    ap->policy_id = decided ? w->d.policy_id : 0;
    ap->eligible = decided ? w->d.result.eligible : -1;
    if (act->action == WF_SUBMIT && !ap->submitted_at[0])
        memcpy(ap->submitted_at, now, sizeof ap->submitted_at);
    if (r.publicity_start[0]) {
        memcpy(ap->publicity_start, r.publicity_start, sizeof ap->publicity_start);
        memcpy(ap->publicity_end, r.publicity_end, sizeof ap->publicity_end);
    }
    if (r.filed_date[0]) memcpy(ap->filed_date, r.filed_date, sizeof ap->filed_date);
    memcpy(ap->updated_at, now, sizeof ap->updated_at);
    if (application_store_update(a->db, ap, act->version, &e) ||
        application_store_get(a->db, ap->id, ap, &e))
        goto fail;
    /* filed: on the waiting list, with the categories this re-run verified */
    if (ap->state == WF_FILED && from != WF_FILED && decided &&
        app_queue_enter(a, who, ap, &w->d, &e))
        goto fail;

    /* the history: what, why, and the eligibility it rests on */
    json_t *el = eligibility_detail(decided ? &w->d : NULL, &no_policy);
    detail = el ? json_pack("{s:o}", "eligibility", el) : NULL;
    if (!detail) {
        oom(&e);
        goto fail;
    }
    if (act->action == WF_RETURN)
        json_object_set_new(detail, "missing", lines_json(ap->correction_request));
    if (act->action == WF_RESUBMIT) json_object_set_new(detail, "answer", json_string(act->answer));
    if (act->action == WF_REJECT)
        json_object_set(detail, "cited_criteria", json_object_get(el, "failed"));
    if (r.publicity_start[0])
        json_object_set_new(
            detail, "publicity",
            json_pack("{s:s, s:s}", "start", ap->publicity_start, "end", ap->publicity_end));
    if (r.filed_date[0]) json_object_set_new(detail, "filed_date", json_string(ap->filed_date));
    if (add_event(a, who, ap->id, action->code, workflow_state_names[from].code,
                  workflow_state_names[ap->state].code, act->reason, detail, now, &e))
        goto fail;

    char note[160], what[64];
    snprintf(what, sizeof what, "application.%s", action->code);
    snprintf(note, sizeof note, "%s %s→%s; eligible=%s", ap->application_no,
             workflow_state_names[from].code, workflow_state_names[ap->state].code,
             !decided               ? "unknown"
             : w->d.result.eligible ? "yes"
                                    : "no");
    if (audit_application(a, who, what, before, ap, note, &e) || view_fill(a, who, out, &e))
        goto fail;
    if (db_commit(a->db, &e)) goto fail;
    rc = 0;
    goto out;
fail:
    db_rollback(a->db);
refused:
    application_view_free(out);
    if (e.code != ERR_OK) err_list_add(errs, &e);
out:
    json_decref(detail);
    free(before);
    free(w);
    return rc;
}

/* --- objections --------------------------------------------------------- */

/* Bumps the application's version (an objection changes what may be done
 * with it) and records the event. */
static int objection_touch(struct app *a, const struct actor *who, struct application *ap,
                           const char *action, int64_t objection_id, const char *now, struct err *e)
{
    memcpy(ap->updated_at, now, sizeof ap->updated_at);
    if (application_store_update(a->db, ap, ap->version, e)) return -1;
    json_t *detail = json_pack("{s:I}", "objection_id", (json_int_t)objection_id);
    if (!detail) return oom(e);
    const char *st = workflow_state_names[ap->state].code;
    int rc = add_event(a, who, ap->id, action, st, st, "", detail, now, e);
    json_decref(detail);
    return rc;
}

int app_objection_record(struct app *a, const struct actor *who, int64_t application_id,
                         const char *objector, const char *content, struct objection *out,
                         struct err *e)
{
    memset(out, 0, sizeof *out);
    if (access_require(who, PERM_OBJECTION, e) ||
        text_field(objector, OBJECTOR_MAX, TEXT_REQUIRED, "objector",
                   "须写明异议人（姓名或“匿名”）", "objector is required (a name, or 匿名)", e) ||
        text_field(content, WF_REASON_MAX, TEXT_MULTILINE, "content", "须写明异议内容",
                   "content is required", e))
        return -1;
    struct application ap;
    char now[21];
    date_now_utc(now);
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load(a, who, application_id, &ap, e)) goto fail;
    if (ap.state != WF_PUBLICITY) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "只能在公示期间登记异议（申请 %s 现为“%s”）", ap.application_no,
                 workflow_state_names[ap.state].zh);
        snprintf(en, sizeof en,
                 "objections are recorded during publicity only (application %s is %s)",
                 ap.application_no, workflow_state_names[ap.state].code);
        refuse(e, ERR_INVALID, "state", zh, en);
        goto fail;
    }
    out->application_id = ap.id;
    memcpy(out->received_at, now, sizeof out->received_at);
    snprintf(out->objector, sizeof out->objector, "%s", objector);
    snprintf(out->content, sizeof out->content, "%s", content);
    out->recorded_by = who ? who->account_id : 0;
    if (application_store_objection_add(a->db, out, e) ||
        objection_touch(a, who, &ap, "objection", out->id, now, e))
        goto fail;
    char *after = objection_text(out);
    if (!after) {
        oom(e);
        goto fail;
    }
    char id[24], note[64];
    snprintf(id, sizeof id, "%lld", (long long)out->id);
    snprintf(note, sizeof note, "%s", ap.application_no);
    int arc = app_audit(a, who, "objection.record", "objection", id, NULL, after, note, e);
    free(after);
    if (arc || db_commit(a->db, e)) goto fail;
    return 0;
fail:
    db_rollback(a->db);
    return -1;
}

int app_objection_resolve(struct app *a, const struct actor *who, int64_t application_id,
                          int64_t objection_id, int upheld, const char *resolution,
                          struct objection *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (access_require(who, PERM_OBJECTION, e) ||
        text_field(resolution, WF_REASON_MAX, TEXT_MULTILINE, "resolution", "须写明处理结果",
                   "resolution is required", e))
        return -1;
    struct application ap;
    char now[21];
    date_now_utc(now);
    char *before = NULL, *after = NULL;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load(a, who, application_id, &ap, e) ||
        application_store_objection_get(a->db, ap.id, objection_id, out, e))
        goto fail;
    if (out->upheld >= 0) {
        err_set(e, ERR_CONFLICT, "oid", "异议 %lld 已于 %s 处理",
                "objection %lld was resolved at %s", (long long)out->id, out->resolved_at);
        goto fail;
    }
    before = objection_text(out);
    memcpy(out->resolved_at, now, sizeof out->resolved_at);
    snprintf(out->resolution, sizeof out->resolution, "%s", resolution);
    out->upheld = upheld ? 1 : 0;
    out->resolved_by = who ? who->account_id : 0;
    after = objection_text(out);
    if (!before || !after) {
        oom(e);
        goto fail;
    }
    if (application_store_objection_resolve(a->db, out, e) ||
        objection_touch(a, who, &ap, "objection_resolved", out->id, now, e))
        goto fail;
    char id[24], note[64];
    snprintf(id, sizeof id, "%lld", (long long)out->id);
    snprintf(note, sizeof note, "%s upheld=%s", ap.application_no, upheld ? "yes" : "no");
    if (app_audit(a, who, "objection.resolve", "objection", id, before, after, note, e) ||
        db_commit(a->db, e))
        goto fail;
    free(before);
    free(after);
    return 0;
fail:
    db_rollback(a->db);
    free(before);
    free(after);
    return -1;
}

/* --- public notices ------------------------------------------------------ */

int app_public_notices(struct app *a, const struct notice_query *q, struct public_notice **out,
                       size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char today[11], since[11];
    date_today(today);
    date_from_days(date_to_days(today) - (NOTICE_FILED_DAYS - 1), since);
    struct notice_filter f = {
        .programme = q->programme,
        .district_code = q->district,
        .filed_since = q->include_filed ? since : NULL,
        .page = q->page > 0 ? q->page : 1,
        .page_size = q->page_size > 0 ? q->page_size : 20,
    };
    struct notice_row *rows = NULL;
    size_t len = 0;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = application_store_notices(a->db, &f, &rows, &len, total, e);
    db_rollback(a->db);
    if (rc) return -1;
    struct public_notice *list = calloc(len + 1, sizeof *list);
    if (!list) {
        free(rows);
        return oom(e);
    }
    for (size_t i = 0; i < len; i++) {
        const struct notice_row *r = &rows[i];
        struct public_notice *x = &list[i];
        x->programme = r->programme;
        x->state = r->state;
        workflow_mask_name(r->applicant_name, x->applicant_name, sizeof x->applicant_name);
        idnum_mask(r->applicant_id_number, x->applicant_id_number);
        memcpy(x->district_code, r->district_code, sizeof x->district_code);
        memcpy(x->district_name, r->district_name, sizeof x->district_name);
        memcpy(x->region_code, r->region_code, sizeof x->region_code);
        memcpy(x->street_name, r->street_name, sizeof x->street_name);
        x->members = r->members;
        memcpy(x->publicity_start, r->publicity_start, sizeof x->publicity_start);
        memcpy(x->publicity_end, r->publicity_end, sizeof x->publicity_end);
        memcpy(x->filed_date, r->filed_date, sizeof x->filed_date);
    }
    free(rows);
    *out = list;
    *n = len;
    return 0;
}
