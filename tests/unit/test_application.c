/* app/application through a real SQLite file: an application through every
 * level to 备案 with its history (who, when, why), 补正 and its answer back
 * to the level that asked, rejection citing the failed criteria, stale
 * versions, scope, roles, objections, public notices, an audit entry per
 * transition, and refused transitions that leave nothing changed.
 *
 * Actors are real struct actor values (core/access.h) backed by account
 * rows; the Beijing preset governs (公示 15 days for 公租房). ANJU_TODAY
 * moves the date past publicity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/application.h"
#include "app/demo_workflow.h"
#include "app/policy.h"
#include "base/idnum.h"
#include "cli/cli.h"

#define TODAY "2026-11-15"

struct fixture {
    char path[64];
    struct app *app;
    /* the actors */
    struct actor applicant, applicant_other, street, street_other, district, district_other, city,
        city_other, auditor, operator_, admin;
    int64_t household, household_other, household_poor;
};

static struct fixture *g; /* for the helpers */

static void sql(const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = {0};
    if (db_exec(app_db(g->app), text, &e)) fail_msg("%s: %s", text, e.en);
}

static int64_t count(const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct db_stmt *s;
    struct err e = {0};
    if (db_prepare(app_db(g->app), text, &s, &e)) fail_msg("%s: %s", text, e.en);
    assert_int_equal(db_step(s, &e), 1);
    int64_t n = db_col_int(s, 0);
    db_finalize(s);
    return n;
}

static void make_id(char out[19], const char *birth8, int seq)
{
    snprintf(out, 19, "110105%s%03d", birth8, seq);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

/* 张伟 and 李娜 of `street`, Beijing hukou, renting privately, no home;
 * monthly income of the applicant in fen (300000 = 3,000.00 yuan: eligible
 * for 公租房; 1200000: 144,000.00 a year, over the 100,000.00 limit). */
static int64_t household(const char *no, const char *street, int seq, int64_t monthly)
{
    struct household *h = calloc(1, sizeof *h);
    assert_non_null(h);
    snprintf(h->household_no, sizeof h->household_no, "%s", no);
    snprintf(h->region_code, sizeof h->region_code, "%s", street);
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "北京市朝阳区某街道 1 号");
    h->housing_area = 2000;
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-10");
    h->nmembers = 2;
    const char *names[2] = {"张伟", "李娜"};
    const char *births[2] = {"19880312", "19900721"};
    for (int i = 0; i < 2; i++) {
        struct member *m = &h->members[i];
        strcpy(m->name, names[i]);
        make_id(m->id_number, births[i], 2 * seq + i);
        m->relation = i == 0 ? REL_APPLICANT : REL_SPOUSE;
        m->marital_status = MAR_MARRIED;
        m->hukou_urban = 1;
        strcpy(m->hukou_region_code, "110105");
    }
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        h->members[0].income[k] = monthly;
    struct err_list errs = {0};
    int rc = app_household_create(g->app, NULL, h, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "  %s: %s\n", errs.items[i].field, errs.items[i].en);
    err_list_free(&errs);
    assert_int_equal(rc, 0);
    int64_t id = h->id;
    free(h);
    return id;
}

/* An account row and the actor for it. */
static struct actor account(int64_t id, enum role r, const char *scope, int64_t household_id)
{
    struct actor who;
    memset(&who, 0, sizeof who);
    who.account_id = id;
    who.role = r;
    snprintf(who.username, sizeof who.username, "%s%lld", role_names[r].code, (long long)id);
    snprintf(who.scope, sizeof who.scope, "%s", scope);
    who.household_id = household_id;
    char hh[24] = "NULL";
    if (household_id) snprintf(hh, sizeof hh, "%lld", (long long)household_id);
    sql("INSERT INTO account (id, username, display_name, role, scope, household_id,"
        " password_hash, created_at, updated_at) VALUES (%lld, '%s', '%s', '%s', '%s', %s, 'x',"
        " '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
        (long long)id, who.username, who.username, role_names[r].code, scope, hh);
    return who;
}

static int setup(void **state)
{
    setenv("ANJU_TODAY", TODAY, 1);
    struct fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    g = f;
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-application-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0) return -1;
    close(fd);
    struct err e = {0};
    if (app_open(&f->app, f->path, &e)) return -1;
    struct err_list errs = {0};
    int created;
    if (app_policy_import_presets(f->app, NULL, &created, &errs)) return -1;
    err_list_free(&errs);
    f->household = household("BJ0000000001", "110105001", 1, 300000);
    f->household_other = household("BJ0000000002", "110105002", 2, 300000);
    f->household_poor = household("BJ0000000003", "110105001", 3, 1200000); /* over the limit */
    f->applicant = account(1, ROLE_APPLICANT, "", f->household);
    f->applicant_other = account(2, ROLE_APPLICANT, "", f->household_other);
    f->street = account(3, ROLE_STREET_OFFICER, "110105001", 0);
    f->street_other = account(4, ROLE_STREET_OFFICER, "110105002", 0);
    f->district = account(5, ROLE_DISTRICT_OFFICER, "110105", 0);
    f->district_other = account(6, ROLE_DISTRICT_OFFICER, "110108", 0);
    f->city = account(7, ROLE_CITY_OFFICER, "110000", 0);
    f->city_other = account(8, ROLE_CITY_OFFICER, "120000", 0);
    f->auditor = account(9, ROLE_AUDITOR, "", 0);
    f->operator_ = account(10, ROLE_OPERATOR, "110000", 0);
    f->admin = account(11, ROLE_ADMIN, "", 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    app_close(f->app);
    char p[80];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    setenv("ANJU_TODAY", TODAY, 1);
    return 0;
}

/* --- helpers -------------------------------------------------------------- */

static int64_t create(const struct actor *who, int64_t household_id, const char *programme)
{
    struct application_view v;
    struct err e = {0};
    if (app_application_create(g->app, who, household_id, programme, &v, &e))
        fail_msg("create: %s", e.en);
    int64_t id = v.app.id;
    application_view_free(&v);
    return id;
}

static struct application current(int64_t id)
{
    struct application_view v;
    struct err e = {0};
    if (app_application_get(g->app, NULL, id, &v, &e)) fail_msg("get: %s", e.en);
    struct application ap = v.app;
    application_view_free(&v);
    return ap;
}

/* Acts with the current version; returns 0 or the first error's code. */
static int act_full(const struct actor *who, int64_t id, enum workflow_action a, const char *reason,
                    const char *const *missing, int nmissing, const char *answer, struct err *first)
{
    struct application ap = current(id);
    struct application_act act = {.action = a,
                                  .version = ap.version,
                                  .reason = reason,
                                  .missing = missing,
                                  .nmissing = nmissing,
                                  .answer = answer};
    struct application_view v;
    struct err_list errs = {0};
    int rc = app_application_act(g->app, who, id, &act, &v, &errs);
    if (rc == 0) {
        application_view_free(&v);
        err_list_free(&errs);
        return 0;
    }
    assert_true(errs.len > 0);
    if (first) *first = errs.items[0];
    int code = errs.items[0].code;
    err_list_free(&errs);
    return code;
}

static void act_ok(const struct actor *who, int64_t id, enum workflow_action a)
{
    struct err e = {0};
    int rc = act_full(who, id, a, NULL, NULL, 0, NULL, &e);
    if (rc) fail_msg("%s: %s (%s)", workflow_action_names[a].code, e.en, e.field);
}

static enum workflow_state state_of(int64_t id)
{
    return current(id).state;
}

/* What a refused act must leave as it was. */
struct snapshot {
    int64_t version, events, audits, decisions, objections;
    enum workflow_state state;
};

static struct snapshot snap(int64_t id)
{
    struct snapshot s = {
        .version = current(id).version,
        .events = count("SELECT count(*) FROM application_event WHERE application_id = %lld",
                        (long long)id),
        .audits = count("SELECT count(*) FROM audit_log"),
        .decisions = count("SELECT count(*) FROM eligibility_decision"),
        .objections = count("SELECT count(*) FROM objection"),
        .state = state_of(id),
    };
    return s;
}

static void unchanged(int64_t id, const struct snapshot *before)
{
    struct snapshot now = snap(id);
    assert_int_equal(now.version, before->version);
    assert_int_equal(now.events, before->events);
    assert_int_equal(now.audits, before->audits);
    assert_int_equal(now.decisions, before->decisions);
    assert_int_equal(now.objections, before->objections);
    assert_int_equal(now.state, before->state);
}

/* Takes an application of f->household to `to` through the reviews. */
static int64_t to_state(struct fixture *f, int64_t household_id, enum workflow_state to)
{
    const struct actor *street = household_id == f->household_other ? &f->street_other : &f->street;
    int64_t id = create(street, household_id, "public_rental");
    const struct {
        enum workflow_state at;
        const struct actor *who;
        enum workflow_action a;
    } path[] = {
        {WF_DRAFT, street, WF_SUBMIT},          {WF_SUBMITTED, street, WF_ACCEPT},
        {WF_STREET_REVIEW, street, WF_APPROVE}, {WF_DISTRICT_REVIEW, &f->district, WF_APPROVE},
        {WF_CITY_FILING, &f->city, WF_APPROVE},
    };
    for (size_t i = 0; i < sizeof path / sizeof path[0] && state_of(id) != to; i++)
        act_ok(path[i].who, id, path[i].a);
    assert_int_equal(state_of(id), to);
    return id;
}

/* --- tests ---------------------------------------------------------------- */

static void an_application_goes_through_every_level_to_filed(void **state)
{
    struct fixture *f = *state;
    struct application_view v;
    struct err e = {0};
    assert_int_equal(
        app_application_create(f->app, &f->applicant, f->household, "public_rental", &v, &e), 0);
    int64_t id = v.app.id;
    assert_string_equal(v.app.application_no, "SQ2026-000001");
    assert_int_equal(v.app.state, WF_DRAFT);
    assert_int_equal(v.app.version, 1);
    assert_string_equal(v.app.applicant_name, "张伟");
    assert_string_equal(v.app.district_code, "110105");
    assert_int_equal(v.actions, 1u << WF_SUBMIT | 1u << WF_WITHDRAW);
    application_view_free(&v);

    act_ok(&f->applicant, id, WF_SUBMIT);
    act_ok(&f->street, id, WF_ACCEPT);
    act_ok(&f->street, id, WF_APPROVE);
    act_ok(&f->district, id, WF_APPROVE);
    act_ok(&f->city, id, WF_APPROVE);
    struct application ap = current(id);
    assert_int_equal(ap.state, WF_PUBLICITY);
    assert_string_equal(ap.publicity_start, "2026-11-15");
    assert_string_equal(ap.publicity_end, "2026-11-29"); /* 15 days */
    assert_int_equal(ap.eligible, 1);
    assert_string_equal(ap.policy_code, "beijing");
    assert_string_equal(ap.policy_version, "2026.1");
    assert_true(ap.submitted_at[0]);

    struct snapshot before = snap(id);
    assert_int_equal(act_full(&f->city, id, WF_FILE, NULL, NULL, 0, NULL, &e), ERR_INVALID);
    assert_string_equal(e.field, "publicity_end");
    unchanged(id, &before);

    setenv("ANJU_TODAY", "2026-11-30", 1);
    act_ok(&f->city, id, WF_FILE);
    ap = current(id);
    assert_int_equal(ap.state, WF_FILED);
    assert_string_equal(ap.filed_date, "2026-11-30"); /* the waiting-list date */
    assert_int_equal(ap.version, 7);                  /* one per change */

    /* the history: who, in which role, when, from and to */
    assert_int_equal(app_application_get(f->app, &f->applicant, id, &v, &e), 0);
    const struct {
        const char *actor, *role, *action, *from, *to;
    } want[] = {
        {"applicant1", "applicant", "create", "", "draft"},
        {"applicant1", "applicant", "submit", "draft", "submitted"},
        {"street_officer3", "street_officer", "accept", "submitted", "street_review"},
        {"street_officer3", "street_officer", "approve", "street_review", "district_review"},
        {"district_officer5", "district_officer", "approve", "district_review", "city_filing"},
        {"city_officer7", "city_officer", "approve", "city_filing", "publicity"},
        {"city_officer7", "city_officer", "file", "publicity", "filed"},
    };
    assert_int_equal(v.nevents, 7);
    for (size_t i = 0; i < v.nevents; i++) {
        const struct application_event *ev = &v.events[i];
        assert_string_equal(ev->actor, want[i].actor);
        assert_string_equal(ev->role, want[i].role);
        assert_string_equal(ev->action, want[i].action);
        assert_string_equal(ev->from_state, want[i].from);
        assert_string_equal(ev->to_state, want[i].to);
        assert_int_equal(strlen(ev->at), 20);
        if (i > 0) { /* every transition re-ran eligibility and says so */
            assert_non_null(strstr(ev->detail, "\"eligible\":true"));
            assert_non_null(strstr(ev->detail, "\"policy\":\"beijing@2026.1\""));
        }
    }
    assert_non_null(strstr(v.events[5].detail, "\"publicity\":{\"start\":\"2026-11-15\""));
    assert_non_null(strstr(v.events[6].detail, "\"filed_date\":\"2026-11-30\""));
    assert_int_equal(v.actions, 0); /* filed is final */
    application_view_free(&v);

    /* one audit entry per change, chained, with the application's digests */
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity_type = 'application'"
                           " AND entity_id = '%lld'",
                           (long long)id),
                     7);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity_id = '%lld' AND action IN"
                           " ('application.create', 'application.submit', 'application.accept',"
                           " 'application.approve', 'application.file')",
                           (long long)id),
                     7);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity_type = 'application'"
                           " AND entity_id = '%lld' AND action <> 'application.create' AND "
                           "(before_digest = after_digest"
                           " OR length(before_digest) <> 64 OR length(after_digest) <> 64)",
                           (long long)id),
                     0);
    /* approve and file, and the filing's entry on the waiting list (queue.enter) */
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE actor = 'city_officer7' AND"
                           " role = 'city_officer' AND actor_id = 7"),
                     3);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'queue.enter' AND"
                           " entity_type = 'queue_entry' AND entity_id = '%lld'",
                           (long long)id),
                     1);
    /* and one stored eligibility decision per transition */
    assert_int_equal(count("SELECT count(*) FROM eligibility_decision WHERE household_id = %lld",
                           (long long)f->household),
                     6);
}

static void a_correction_goes_back_to_the_level_that_asked_for_it(void **state)
{
    struct fixture *f = *state;
    int64_t id = to_state(f, f->household, WF_DISTRICT_REVIEW);
    const char *missing[] = {"近 12 个月收入证明", "户口簿复印件"};
    struct err e = {0};
    assert_int_equal(act_full(&f->district, id, WF_RETURN, "材料不全", missing, 2, NULL, &e), 0);
    struct application ap = current(id);
    assert_int_equal(ap.state, WF_RETURNED);
    assert_int_equal(ap.returned_from, WF_DISTRICT_REVIEW);
    assert_string_equal(ap.correction_request, "近 12 个月收入证明\n户口簿复印件");

    /* the applicant finds it in the inbox, the district officer does not */
    struct application_query q = {.state = -1, .programme = -1, .inbox = 1};
    struct application *list;
    size_t n;
    int64_t total;
    assert_int_equal(app_application_list(f->app, &f->applicant, &q, &list, &n, &total, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    free(list);
    assert_int_equal(app_application_list(f->app, &f->district, &q, &list, &n, &total, &e), 0);
    assert_int_equal(n, 0);
    free(list);

    /* an answer is needed */
    struct snapshot before = snap(id);
    assert_int_equal(act_full(&f->applicant, id, WF_RESUBMIT, NULL, NULL, 0, "", &e), ERR_INVALID);
    assert_string_equal(e.field, "answer");
    unchanged(id, &before);
    assert_int_equal(
        act_full(&f->applicant, id, WF_RESUBMIT, NULL, NULL, 0, "已补交收入证明和户口簿", &e), 0);
    ap = current(id);
    assert_int_equal(ap.state, WF_DISTRICT_REVIEW); /* back where it was returned from */
    assert_int_equal(ap.returned_from, -1);
    assert_string_equal(ap.correction_request, "");

    struct application_view v;
    assert_int_equal(app_application_get(f->app, &f->district, id, &v, &e), 0);
    const struct application_event *ret = &v.events[v.nevents - 2], *ans = &v.events[v.nevents - 1];
    assert_string_equal(ret->action, "return");
    assert_string_equal(ret->reason, "材料不全");
    assert_non_null(strstr(ret->detail, "\"missing\":[\"近 12 个月收入证明\",\"户口簿复印件\"]"));
    assert_string_equal(ans->action, "resubmit");
    assert_string_equal(ans->actor, "applicant1");
    assert_string_equal(ans->to_state, "district_review");
    assert_non_null(strstr(ans->detail, "\"answer\":\"已补交收入证明和户口簿\""));
    application_view_free(&v);

    /* the street level's own return comes back to the street */
    int64_t other = to_state(f, f->household_other, WF_STREET_REVIEW);
    assert_int_equal(act_full(&f->street_other, other, WF_RETURN, NULL, missing, 1, NULL, &e), 0);
    assert_int_equal(act_full(&f->street_other, other, WF_RESUBMIT, NULL, NULL, 0, "已补交", &e),
                     0);
    assert_int_equal(state_of(other), WF_STREET_REVIEW);
}

static void rejection_cites_the_failed_criteria(void **state)
{
    struct fixture *f = *state;
    int64_t id = to_state(f, f->household_poor, WF_STREET_REVIEW);
    struct application ap = current(id);
    assert_int_equal(ap.eligible, 0); /* the re-runs found it */

    /* approval is refused with every failed criterion, and changes nothing */
    struct snapshot before = snap(id);
    struct application_act act = {.action = WF_APPROVE, .version = ap.version};
    struct application_view v;
    struct err_list errs = {0};
    assert_int_equal(app_application_act(f->app, &f->street, id, &act, &v, &errs), -1);
    assert_true(errs.len >= 2);
    assert_int_equal(errs.items[0].code, ERR_INVALID);
    assert_string_equal(errs.items[0].field, "eligibility");
    assert_string_equal(errs.items[1].field, "eligibility.criteria.annual_income_max");
    assert_non_null(strstr(errs.items[1].zh, "144,000.00"));
    err_list_free(&errs);
    unchanged(id, &before);

    /* a reason is required */
    struct err e = {0};
    assert_int_equal(act_full(&f->street, id, WF_REJECT, "  ", NULL, 0, NULL, &e), ERR_INVALID);
    assert_string_equal(e.field, "reason");
    unchanged(id, &before);

    assert_int_equal(
        act_full(&f->street, id, WF_REJECT, "家庭年收入超过公租房标准", NULL, 0, NULL, &e), 0);
    assert_int_equal(app_application_get(f->app, &f->street, id, &v, &e), 0);
    assert_int_equal(v.app.state, WF_REJECTED);
    const struct application_event *ev = &v.events[v.nevents - 1];
    assert_string_equal(ev->action, "reject");
    assert_string_equal(ev->reason, "家庭年收入超过公租房标准");
    assert_non_null(strstr(ev->detail, "\"cited_criteria\":[{\"criterion\":\"annual_income_max\""));
    assert_non_null(strstr(ev->detail, "\"eligible\":false"));
    json_t *j = app_application_view_json(&v);
    json_t *cited = json_object_get(
        json_object_get(json_array_get(json_object_get(j, "history"), v.nevents - 1), "detail"),
        "cited_criteria");
    assert_int_equal(json_array_size(cited), 1);
    assert_non_null(strstr(
        json_string_value(json_object_get(json_array_get(cited, 0), "message_en")), "144,000.00"));
    json_decref(j);
    application_view_free(&v);

    /* a rejected application is no longer live: a new one may be opened */
    int64_t again = create(&f->street, f->household_poor, "public_rental");
    assert_true(again != id);
}

static void a_stale_version_is_refused(void **state)
{
    struct fixture *f = *state;
    int64_t id = to_state(f, f->household, WF_STREET_REVIEW);
    int64_t seen = current(id).version;
    struct application_act approve = {.action = WF_APPROVE, .version = seen};
    const char *missing[] = {"收入证明"};
    struct application_act give_back = {
        .action = WF_RETURN, .version = seen, .missing = missing, .nmissing = 1};
    struct application_view v;
    struct err_list errs = {0};
    /* two officers saw the same version: the first wins */
    assert_int_equal(app_application_act(f->app, &f->street, id, &approve, &v, &errs), 0);
    application_view_free(&v);
    struct snapshot before = snap(id);
    assert_int_equal(app_application_act(f->app, &f->street, id, &give_back, &v, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT);
    assert_string_equal(errs.items[0].field, "version");
    assert_non_null(strstr(errs.items[0].en, "changed meanwhile"));
    err_list_free(&errs);
    unchanged(id, &before);
    assert_int_equal(state_of(id), WF_DISTRICT_REVIEW);
}

static void out_of_scope_is_the_same_not_found_as_a_missing_id(void **state)
{
    struct fixture *f = *state;
    int64_t id = to_state(f, f->household, WF_STREET_REVIEW);
    struct application_view v;
    struct err missing = {0}, e = {0};
    assert_int_equal(app_application_get(f->app, &f->street, 999999, &v, &missing), -1);
    assert_int_equal(missing.code, ERR_NOT_FOUND);

    char expect_zh[64], expect_en[64];
    snprintf(expect_zh, sizeof expect_zh, "申请 %lld 不存在", (long long)id);
    snprintf(expect_en, sizeof expect_en, "application %lld does not exist", (long long)id);
    const struct actor *outside[] = {&f->street_other, &f->district_other, &f->city_other,
                                     &f->applicant_other};
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        assert_int_equal(app_application_get(f->app, outside[i], id, &v, &e), -1);
        assert_int_equal(e.code, ERR_NOT_FOUND);
        assert_string_equal(e.field, missing.field);
        assert_string_equal(e.zh, expect_zh);
        assert_string_equal(e.en, expect_en);
    }
    struct snapshot before = snap(id);
    assert_int_equal(act_full(&f->street_other, id, WF_APPROVE, NULL, NULL, 0, NULL, &e),
                     ERR_NOT_FOUND);
    assert_string_equal(e.zh, expect_zh);
    unchanged(id, &before);

    /* in scope: the street, its district, the city, the household's applicant, auditors */
    const struct actor *inside[] = {&f->street, &f->district, &f->city, &f->applicant, &f->auditor};
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        assert_int_equal(app_application_get(f->app, inside[i], id, &v, &e), 0);
        application_view_free(&v);
    }

    /* lists: nothing of another street, district or city */
    struct application_query q = {.state = -1, .programme = -1};
    struct application *list;
    size_t n;
    int64_t total;
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        assert_int_equal(app_application_list(f->app, outside[i], &q, &list, &n, &total, &e), 0);
        assert_int_equal(total, 0);
        free(list);
    }
    assert_int_equal(app_application_list(f->app, &f->city, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    free(list);

    /* opening an application for a household out of scope: the household "does not exist" */
    assert_int_equal(
        app_application_create(f->app, &f->street_other, f->household, "public_rental", &v, &e),
        -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "household_id");
    assert_int_equal(
        app_application_create(f->app, &f->applicant_other, f->household, "public_rental", &v, &e),
        -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void roles_that_may_not_act_are_forbidden(void **state)
{
    struct fixture *f = *state;
    int64_t id = to_state(f, f->household, WF_STREET_REVIEW);
    struct snapshot before = snap(id);
    struct err e = {0};
    /* in scope, but not this level's */
    assert_int_equal(act_full(&f->district, id, WF_APPROVE, NULL, NULL, 0, NULL, &e),
                     ERR_FORBIDDEN);
    assert_int_equal(act_full(&f->applicant, id, WF_APPROVE, NULL, NULL, 0, NULL, &e),
                     ERR_FORBIDDEN);
    assert_int_equal(act_full(&f->auditor, id, WF_REJECT, "x", NULL, 0, NULL, &e), ERR_FORBIDDEN);
    assert_int_equal(act_full(&f->city, id, WF_ACCEPT, NULL, NULL, 0, NULL, &e), ERR_FORBIDDEN);
    /* not in this state */
    assert_int_equal(act_full(&f->street, id, WF_ACCEPT, NULL, NULL, 0, NULL, &e), ERR_INVALID);
    assert_string_equal(e.zh, "“受理”不适用于“街道审核”状态");
    assert_string_equal(e.en, "accept is not allowed in state street_review");
    /* who may not read applications at all */
    assert_int_equal(act_full(&f->operator_, id, WF_APPROVE, NULL, NULL, 0, NULL, &e),
                     ERR_FORBIDDEN);
    assert_int_equal(act_full(&f->admin, id, WF_APPROVE, NULL, NULL, 0, NULL, &e), ERR_FORBIDDEN);
    unchanged(id, &before);

    struct application_view v;
    assert_int_equal(app_application_get(f->app, &f->admin, id, &v, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.zh, "系统管理员角色无权查看申请");
    assert_string_equal(e.en, "the administrator role may not read applications");
    assert_int_equal(
        app_application_create(f->app, &f->city, f->household_other, "public_rental", &v, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(
        app_application_create(f->app, &f->auditor, f->household_other, "public_rental", &v, &e),
        -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

static void one_live_application_per_household_and_programme(void **state)
{
    struct fixture *f = *state;
    int64_t id = create(&f->applicant, f->household, "public_rental");
    struct application_view v;
    struct err e = {0};
    assert_int_equal(
        app_application_create(f->app, &f->street, f->household, "public_rental", &v, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_non_null(strstr(e.zh, "SQ2026-000001"));
    assert_non_null(strstr(e.en, "live public rental housing application, SQ2026-000001 (draft)"));
    /* another programme is another application */
    int64_t other = create(&f->applicant, f->household, "market_rent_subsidy");
    assert_string_equal(current(other).application_no, "SQ2026-000002");
    assert_int_equal(app_application_create(f->app, &f->street, f->household, "palace", &v, &e),
                     -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "programme");
    assert_int_equal(app_application_create(f->app, NULL, 999999, "public_rental", &v, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);

    /* withdrawn by the applicant (only), then a new one may be opened */
    assert_int_equal(act_full(&f->street, id, WF_WITHDRAW, NULL, NULL, 0, NULL, &e), ERR_FORBIDDEN);
    act_ok(&f->applicant, id, WF_WITHDRAW);
    assert_int_equal(state_of(id), WF_WITHDRAWN);
    assert_int_equal(act_full(&f->applicant, id, WF_SUBMIT, NULL, NULL, 0, NULL, &e), ERR_INVALID);
    int64_t again = create(&f->applicant, f->household, "public_rental");
    assert_string_equal(current(again).application_no, "SQ2026-000003");
}

static void objections_are_recorded_resolved_and_hold_back_filing(void **state)
{
    struct fixture *f = *state;
    int64_t id = to_state(f, f->household, WF_PUBLICITY);
    int64_t seen = current(id).version;
    struct objection o;
    struct err e = {0};

    /* only city officers, only during publicity, with who and what */
    assert_int_equal(app_objection_record(f->app, &f->street, id, "王五", "该户有房", &o, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(app_objection_record(f->app, &f->city, id, "", "该户有房", &o, &e), -1);
    assert_string_equal(e.field, "objector");
    assert_int_equal(app_objection_record(f->app, &f->city, id, "王五", " ", &o, &e), -1);
    assert_string_equal(e.field, "content");
    assert_int_equal(app_objection_record(f->app, &f->city_other, id, "王五", "有房", &o, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(
        app_objection_record(f->app, &f->city, id, "王五", "该户在通州区有一套住房", &o, &e), 0);
    int64_t first = o.id;
    assert_int_equal(o.upheld, -1);
    assert_int_equal(current(id).version, seen + 1); /* an objection changes the application */

    /* filing waits for the end of publicity and for the objection */
    setenv("ANJU_TODAY", "2026-11-30", 1);
    struct snapshot before = snap(id);
    assert_int_equal(act_full(&f->city, id, WF_FILE, NULL, NULL, 0, NULL, &e), ERR_INVALID);
    assert_string_equal(e.field, "objections");
    unchanged(id, &before);

    /* resolved, not upheld: filing goes ahead */
    assert_int_equal(app_objection_resolve(f->app, &f->city, id, first, 0,
                                           "经核查，该房屋已于 2020 年出售", &o, &e),
                     0);
    assert_int_equal(o.upheld, 0);
    assert_int_equal(app_objection_resolve(f->app, &f->city, id, first, 1, "再次处理", &o, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(app_objection_resolve(f->app, &f->city, id, 424242, 1, "x", &o, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);

    /* the applicant sees the objection and its resolution, not who objected */
    struct application_view v;
    assert_int_equal(app_application_get(f->app, &f->applicant, id, &v, &e), 0);
    assert_int_equal(v.nobjections, 1);
    json_t *j = app_application_view_json(&v);
    json_t *obj = json_array_get(json_object_get(j, "objections"), 0);
    assert_true(json_is_null(json_object_get(obj, "objector")));
    assert_string_equal(json_string_value(json_object_get(obj, "content")),
                        "该户在通州区有一套住房");
    assert_true(json_is_false(json_object_get(obj, "upheld")));
    json_decref(j);
    application_view_free(&v);
    assert_int_equal(app_application_get(f->app, &f->city, id, &v, &e), 0);
    j = app_application_view_json(&v);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(j, "objections"), 0), "objector")),
                        "王五");
    json_decref(j);
    assert_string_equal(v.events[v.nevents - 1].action, "objection_resolved");
    assert_string_equal(v.events[v.nevents - 2].action, "objection");
    application_view_free(&v);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity_type = 'objection'"), 2);

    act_ok(&f->city, id, WF_FILE);
    assert_int_equal(state_of(id), WF_FILED);
    assert_int_equal(app_objection_record(f->app, &f->city, id, "王五", "又有异议", &o, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "state");

    /* upheld: no filing, the city officer rejects */
    setenv("ANJU_TODAY", TODAY, 1);
    int64_t other = to_state(f, f->household_other, WF_PUBLICITY);
    assert_int_equal(
        app_objection_record(f->app, &f->city, other, "匿名", "实际不在本市居住", &o, &e), 0);
    assert_int_equal(
        app_objection_resolve(f->app, &f->city, other, o.id, 1, "经核实，异议成立", &o, &e), 0);
    setenv("ANJU_TODAY", "2026-12-01", 1);
    assert_int_equal(act_full(&f->city, other, WF_FILE, NULL, NULL, 0, NULL, &e), ERR_INVALID);
    assert_non_null(strstr(e.en, "upheld"));
    assert_int_equal(act_full(&f->city, other, WF_REJECT, "公示异议成立", NULL, 0, NULL, &e), 0);
    assert_int_equal(state_of(other), WF_REJECTED);
}

static void no_publicity_files_at_once_under_a_policy_without_it(void **state)
{
    struct fixture *f = *state;
    /* a later version of the Beijing preset with no 公示 for 公租房 */
    FILE *in = fopen(ANJU_TEST_DATA "/../../policy/beijing.json", "rb");
    assert_non_null(in);
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[len] = '\0';
    char *v = strstr(text, "\"version\": \"2026.1\"");
    char *eff = strstr(text, "\"effective\": \"2026-01-01\"");
    char *days = strstr(text, "\"publicity_days\": 15");
    assert_non_null(v);
    assert_non_null(eff);
    assert_non_null(days);
    memcpy(v, "\"version\": \"2026.9\"", 19);
    memcpy(eff, "\"effective\": \"2026-11-01\"", 25);
    memcpy(days, "\"publicity_days\":  0", 20);
    struct policy_import_result r;
    struct err_list errs = {0};
    assert_int_equal(app_policy_import(f->app, NULL, text, len, &r, &errs), 0);
    err_list_free(&errs);

    int64_t id = to_state(f, f->household, WF_CITY_FILING);
    act_ok(&f->city, id, WF_APPROVE);
    struct application ap = current(id);
    assert_int_equal(ap.state, WF_FILED);
    assert_string_equal(ap.filed_date, TODAY);
    assert_string_equal(ap.publicity_start, "");
    assert_string_equal(ap.policy_version, "2026.9");
}

static void public_notices_show_masked_names_and_nothing_else(void **state)
{
    struct fixture *f = *state;
    int64_t in_publicity = to_state(f, f->household, WF_PUBLICITY);
    int64_t other = to_state(f, f->household_other, WF_PUBLICITY);
    (void)in_publicity;
    to_state(f, f->household_poor, WF_SUBMITTED); /* not yet public */

    struct notice_query q = {.programme = -1, .page = 1, .page_size = 10};
    struct public_notice *list;
    size_t n;
    int64_t total;
    struct err e = {0};
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(list[i].applicant_name, "张*");
        assert_int_equal(strlen(list[i].applicant_id_number), 18);
        assert_memory_equal(list[i].applicant_id_number, "110105********", 14);
        assert_int_equal(list[i].members, 2);
        assert_string_equal(list[i].district_name, "朝阳区");
        assert_string_equal(list[i].publicity_start, "2026-11-15");
        assert_string_equal(list[i].publicity_end, "2026-11-29");
        json_t *j = app_notice_json(&list[i]);
        char *text = json_dumps(j, JSON_SORT_KEYS);
        /* exactly these keys, and neither the name nor the ID number in full */
        assert_int_equal(json_object_size(j), 10);
        assert_null(strstr(text, "张伟"));
        assert_null(strstr(text, "BJ000000"));
        assert_null(strstr(text, "SQ2026"));
        free(text);
        json_decref(j);
    }
    assert_true(strcmp(list[0].street_name, "建外街道") == 0 ||
                strcmp(list[0].street_name, "朝外街道") == 0);
    free(list);

    q.district = "110108";
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
    q.district = NULL;
    q.programme = PROG_TALENT;
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);

    /* filed: only with the flag, and only for 30 days */
    setenv("ANJU_TODAY", "2026-11-30", 1);
    act_ok(&f->city, other, WF_FILE);
    q.programme = -1;
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    free(list);
    q.include_filed = 1;
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    int filed = 0;
    for (size_t i = 0; i < n; i++)
        if (list[i].state == WF_FILED) {
            filed++;
            assert_string_equal(list[i].filed_date, "2026-11-30");
        }
    assert_int_equal(filed, 1);
    free(list);
    setenv("ANJU_TODAY", "2026-12-29", 1); /* the 30th day */
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    free(list);
    setenv("ANJU_TODAY", "2026-12-30", 1);
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    free(list);

    /* paging */
    setenv("ANJU_TODAY", "2026-11-30", 1);
    q.page_size = 1;
    q.page = 2;
    assert_int_equal(app_public_notices(f->app, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    assert_int_equal(n, 1);
    free(list);
}

static void lists_filter_by_state_programme_district_and_inbox(void **state)
{
    struct fixture *f = *state;
    int64_t a = to_state(f, f->household, WF_DISTRICT_REVIEW);
    int64_t b = to_state(f, f->household_other, WF_SUBMITTED);
    int64_t c = create(&f->street, f->household_poor, "market_rent_subsidy");
    struct application_query q = {.state = -1, .programme = -1};
    struct application *list;
    size_t n;
    int64_t total;
    struct err e = {0};
    assert_int_equal(app_application_list(f->app, NULL, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_int_equal(list[0].id, c); /* newest first */
    free(list);
    q.state = WF_SUBMITTED;
    assert_int_equal(app_application_list(f->app, NULL, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, b);
    free(list);
    q.state = -1;
    q.programme = PROG_MARKET_RENT_SUBSIDY;
    assert_int_equal(app_application_list(f->app, NULL, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    free(list);
    q.programme = -1;
    q.district = "110108";
    assert_int_equal(app_application_list(f->app, NULL, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
    q.district = NULL;
    q.inbox = 1; /* the district officer's work: district review */
    assert_int_equal(app_application_list(f->app, &f->district, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, a);
    free(list);
    /* the street officer of 110105001: the draft of c (not b: another street) */
    assert_int_equal(app_application_list(f->app, &f->street, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, c);
    free(list);
    q.state = WF_FILED; /* no one's inbox holds filed ones */
    assert_int_equal(app_application_list(f->app, &f->city, &q, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
}

/* anju demo applications: the real use cases take households to every stage. */
static void the_demo_takes_applications_to_every_stage(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 10; i++) {
        char no[16];
        snprintf(no, sizeof no, "BJ00000001%02d", i);
        household(no, "110105001", 20 + i, 300000);
    }
    struct demo_workflow_stats st;
    struct err e = {0};
    int rc = demo_applications(f->app, 13, &st, &e);
    if (rc) fprintf(stderr, "  %s: %s\n", e.field, e.en);
    assert_int_equal(rc, 0);
    assert_int_equal(st.created, 13);
    assert_string_equal(getenv("ANJU_TODAY"), TODAY); /* the date is put back */
    static const struct {
        const char *state;
        int n;
    } want[] = {{"draft", 2},           {"submitted", 2},   {"street_review", 2},
                {"district_review", 1}, {"city_filing", 1}, {"returned", 1},
                {"publicity", 1},       {"filed", 2},       {"withdrawn", 1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(
            count("SELECT count(*) FROM application WHERE state = '%s'", want[i].state), want[i].n);
    /* filed after a full publicity, dated before today */
    assert_int_equal(count("SELECT count(*) FROM application WHERE state = 'filed' AND"
                           " filed_date > publicity_end AND filed_date < '%s'",
                           TODAY),
                     2);
    /* every transition is in the history and the audit log */
    assert_int_equal(count("SELECT count(*) FROM application_event"),
                     count("SELECT count(*) FROM audit_log WHERE entity_type = 'application'"));
    /* run again: one live application per household and programme, so only
     * the household that withdrew applies anew */
    assert_int_equal(demo_applications(f->app, 13, &st, &e), 0);
    assert_int_equal(st.created, 1);
}

static int run_cli(int argc, const char **argv)
{
    char *args[16];
    for (int i = 0; i < argc; i++)
        args[i] = (char *)argv[i];
    args[argc] = NULL;
    fflush(stdout);
    return cmd_application(argc, args);
}

static void the_command_line_acts_as_the_local_operator(void **state)
{
    struct fixture *f = *state;
    char hid[24];
    snprintf(hid, sizeof hid, "%lld", (long long)f->household);
    const char *create_args[] = {"application",   "create", hid,    "--programme",
                                 "public_rental", "--db",   f->path};
    assert_int_equal(run_cli(7, create_args), EXIT_OK);
    const char *submit[] = {"application", "act", "1", "submit", "--version", "1", "--db", f->path};
    assert_int_equal(run_cli(8, submit), EXIT_OK);
    const char *stale[] = {"application", "act", "1", "accept", "--version", "1", "--db", f->path};
    assert_int_equal(run_cli(8, stale), EXIT_FAIL);
    const char *accept[] = {"application", "act", "1", "accept", "--version", "2", "--db", f->path};
    assert_int_equal(run_cli(8, accept), EXIT_OK);
    const char *give_back[] = {"application", "act",    "1",         "return",
                               "--version",   "3",      "--missing", "收入证明",
                               "--missing",   "户口簿", "--db",      f->path};
    assert_int_equal(run_cli(12, give_back), EXIT_OK);
    assert_string_equal(current(1).correction_request, "收入证明\n户口簿");
    const char *no_answer[] = {"application", "act", "1",    "resubmit",
                               "--version",   "4",   "--db", f->path};
    assert_int_equal(run_cli(8, no_answer), EXIT_FAIL);
    const char *bad_action[] = {"application", "act", "1",    "bless",
                                "--version",   "4",   "--db", f->path};
    assert_int_equal(run_cli(8, bad_action), EXIT_USAGE);
    const char *no_version[] = {"application", "act", "1", "withdraw", "--db", f->path};
    assert_int_equal(run_cli(6, no_version), EXIT_USAGE);
    const char *stray[] = {"application", "show", "1", "--reason", "x", "--db", f->path};
    assert_int_equal(run_cli(7, stray), EXIT_USAGE);
    const char *show[] = {"application", "show", "1", "--json", "--db", f->path};
    assert_int_equal(run_cli(6, show), EXIT_OK);
    const char *list[] = {"application", "list", "--state", "returned", "--db", f->path};
    assert_int_equal(run_cli(6, list), EXIT_OK);
    const char *bad_state[] = {"application", "list", "--state", "limbo", "--db", f->path};
    assert_int_equal(run_cli(6, bad_state), EXIT_USAGE);
    const char *missing_id[] = {"application", "show", "77", "--db", f->path};
    assert_int_equal(run_cli(5, missing_id), EXIT_FAIL);
    /* recorded as the local operator */
    assert_int_equal(count("SELECT count(*) FROM application_event WHERE application_id = 1 AND"
                           " role = 'local' AND actor LIKE 'local:%%' AND account_id IS NULL"),
                     4);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(an_application_goes_through_every_level_to_filed),
        T(a_correction_goes_back_to_the_level_that_asked_for_it),
        T(rejection_cites_the_failed_criteria),
        T(a_stale_version_is_refused),
        T(out_of_scope_is_the_same_not_found_as_a_missing_id),
        T(roles_that_may_not_act_are_forbidden),
        T(one_live_application_per_household_and_programme),
        T(objections_are_recorded_resolved_and_hold_back_filing),
        T(no_publicity_files_at_once_under_a_policy_without_it),
        T(public_notices_show_masked_names_and_nothing_else),
        T(lists_filter_by_state_programme_district_and_inbox),
        T(the_command_line_acts_as_the_local_operator),
        T(the_demo_takes_applications_to_every_stage),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
