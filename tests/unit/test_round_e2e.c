/* A whole round (配租批次) on a real SQLite file, through app/round: a small
 * city in district 110105 — five public-rental units (two of them
 * accessible), eight families with filed applications (one 低保 family, one
 * that needs an accessible home, one too rich at the re-check, one too late
 * in the queue to be shortlisted, one with a preference list) — create, add
 * units, open, register (one with preferences, then --all), shortlist,
 * recheck, publish the list, draw, allocate, accept, decline, allocate
 * again (the declined unit is not offered to its decliner again, the family
 * left unassigned before is offered it now), accept, publish, results; and a
 * targeted round that takes 低保 families only. Every outcome is asserted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy.h"
#include "app/round.h"
#include "base/idnum.h"

#define TODAY "2026-11-15"

static struct app *g;
static char path[64];

static void sql(const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = {0};
    if (db_exec(app_db(g), text, &e)) fail_msg("%s: %s", text, e.en);
}

static int64_t scalar(const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct db_stmt *s;
    struct err e = {0};
    if (db_prepare(app_db(g), text, &s, &e)) fail_msg("%s: %s", text, e.en);
    assert_int_equal(db_step(s, &e), 1);
    int64_t n = db_col_int(s, 0);
    db_finalize(s);
    return n;
}

/* A household of `members` people in street 110105001 (applicant, spouse,
 * children), renting privately, no home; the applicant earns `monthly` fen a
 * month (300000: eligible for 公租房; 1500000: over the limit). */
static int64_t household(int seq, int members, int64_t monthly)
{
    struct household *h = calloc(1, sizeof *h);
    assert_non_null(h);
    snprintf(h->household_no, sizeof h->household_no, "BJ%010d", seq);
    strcpy(h->region_code, "110105001");
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "北京市朝阳区建外街道 1 号");
    h->housing_area = 1800;
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-10");
    h->nmembers = members;
    static const char *const names[] = {"张伟", "李娜", "张小明", "张小红"};
    static const char *const births[] = {"19880312", "19900721", "20150101", "20180601"};
    for (int i = 0; i < members; i++) {
        struct member *m = &h->members[i];
        strcpy(m->name, names[i]);
        snprintf(m->id_number, sizeof m->id_number, "110105%s%03d", births[i], 10 * seq + i);
        m->id_number[17] = idnum_check_char(m->id_number);
        m->id_number[18] = 0;
        m->relation = i == 0 ? REL_APPLICANT : i == 1 ? REL_SPOUSE : REL_CHILD;
        m->marital_status = i < 2 && members > 1 ? MAR_MARRIED : MAR_UNMARRIED;
        m->hukou_urban = 1;
        strcpy(m->hukou_region_code, "110105");
    }
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        h->members[0].income[k] = monthly;
    struct err_list errs = {0};
    int rc = app_household_create(g, NULL, h, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "  %s: %s\n", errs.items[i].field, errs.items[i].en);
    err_list_free(&errs);
    assert_int_equal(rc, 0);
    int64_t id = h->id;
    free(h);
    return id;
}

/* A filed public-rental application SQ2025-00000<seq> of household hh with
 * its waiting-list row (filed on `filed`, stated categories `cats`), as
 * bench/round.sh puts them in. Returns the application id. */
static int64_t filed(int seq, int64_t hh, const char *filed_on, const char *cats)
{
    sql("INSERT INTO application (application_no, household_id, programme, region_code,"
        " district_code, state, filed_date, created_at, updated_at) VALUES ('SQ2025-%06d', %lld,"
        " 'public_rental', '110105001', '110105', 'filed', '%s', '2024-01-01T00:00:00Z',"
        " '2024-01-01T00:00:00Z')",
        seq, (long long)hh, filed_on);
    int64_t id = scalar("SELECT id FROM application WHERE application_no = 'SQ2025-%06d'", seq);
    sql("INSERT INTO queue_entry (application_id, programme, application_no, household_id,"
        " region_code, district_code, filed_date, categories, oldest_birth_date,"
        " severe_disability, serious_illness, verified_on) VALUES (%lld, 'public_rental',"
        " 'SQ2025-%06d', %lld, '110105001', '110105', '%s', '%s', '1988-03-12', 0, 0, '%s')",
        (long long)id, seq, (long long)hh, filed_on, cats, filed_on);
    return id;
}

/* Unit `no` of the test project; returns its id. */
static int64_t unit(const char *no, const char *layout, int accessible)
{
    sql("INSERT INTO unit (building_id, unit_no, layout, area, floor, accessible, rent, status,"
        " created_at, updated_at) VALUES (1, '%s', '%s', 4000, 1, %d, 150000, 'vacant',"
        " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        no, layout, accessible);
    return scalar("SELECT id FROM unit WHERE unit_no = '%s'", no);
}

static int setup(void **state)
{
    (void)state;
    setenv("ANJU_TODAY", TODAY, 1);
    snprintf(path, sizeof path, "/tmp/anju-test-round-e2e-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    close(fd);
    struct err e = {0};
    if (app_open(&g, path, &e)) return -1;
    struct err_list errs = {0};
    int created;
    if (app_policy_import_presets(g, NULL, &created, &errs)) return -1;
    err_list_free(&errs);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_close(g);
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

/* The entrant of application id (after a step). */
static struct round_entrant_row entrant(int64_t round, int64_t app)
{
    struct round_entrant_row *x;
    size_t n;
    struct err e = {0};
    assert_int_equal(app_round_entrants(g, NULL, round, &x, &n, &e), 0);
    struct round_entrant_row out = {0};
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (x[i].application_id == app) out = x[i], found = 1;
    free(x);
    assert_true(found);
    return out;
}

/* The open offer of application app in round (0 when none). */
static int64_t offer_of(int64_t round, int64_t app, int64_t *unit_id)
{
    struct round_offer_row *o;
    size_t n;
    struct err e = {0};
    assert_int_equal(app_round_offers(g, NULL, round, &o, &n, &e), 0);
    int64_t id = 0;
    for (size_t i = 0; i < n; i++)
        if (o[i].application_id == app && strcmp(o[i].state, "offered") == 0) {
            id = o[i].id;
            if (unit_id) *unit_id = o[i].unit_id;
        }
    free(o);
    return id;
}

#define OK(call)                                                                                   \
    do {                                                                                           \
        struct err e_ = {0};                                                                       \
        struct err *e = &e_;                                                                       \
        if ((call) != 0) fail_msg("%s: %s", #call, e_.en);                                         \
    } while (0)

static void assert_outcome(int64_t round, int64_t app, const char *outcome, int64_t unit_id,
                           const char *reason)
{
    struct round_entrant_row x = entrant(round, app);
    assert_string_equal(x.outcome, outcome);
    assert_int_equal(x.unit_id, unit_id);
    assert_string_equal(x.reason, reason);
}

static void whole_round(void **state)
{
    (void)state;
    sql("INSERT INTO project (code, name, programme, district_code, region_code, address,"
        " operator, status, created_at, updated_at) VALUES ('GZF-110105-001', '测试公租房',"
        " 'public_rental', '110105', '110105001', '朝阳区建外街道 9 号', '测试公司', 'active',"
        " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    sql("INSERT INTO building (project_id, name, floors, created_at, updated_at) VALUES (1,"
        " '1号楼', 6, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    /* in unit id order: the fixed order of families without a list */
    int64_t u1 = unit("1-0101", "one_room", 0);
    int64_t u2 = unit("1-0102", "one_room", 1);
    int64_t u3 = unit("1-0201", "two_room", 0);
    int64_t u4 = unit("1-0202", "two_room", 1);
    int64_t u5 = unit("1-0301", "studio", 0);

    /* the families, in queue order: A (低保) first, then by filing date */
    int64_t A = filed(1, household(1, 1, 300000), "2024-06-01", "dibao");
    int64_t hB = household(2, 3, 300000);
    int64_t B = filed(2, hB, "2024-01-01", ""); /* needs an accessible home */
    sql("UPDATE household SET needs_accessible = 1 WHERE id = %lld", (long long)hB);
    int64_t C = filed(3, household(3, 2, 300000), "2024-02-01", ""); /* lists 1-0201 only */
    int64_t D = filed(4, household(4, 1, 300000), "2024-03-01", "");
    int64_t E = filed(5, household(5, 4, 300000), "2024-04-01", "");
    int64_t F = filed(6, household(6, 2, 1500000), "2024-05-01", ""); /* too rich */
    int64_t G = filed(7, household(7, 1, 300000), "2025-06-01", "");  /* 7th: not shortlisted */

    struct round_row r = {0};
    strcpy(r.code, "2026-GZF-CY-01");
    strcpy(r.name, "2026年第一批公租房配租（朝阳）");
    r.programme = PROG_PUBLIC_RENTAL;
    r.kind = ROUND_GENERAL;
    strcpy(r.district_code, "110105");
    OK(app_round_create(g, NULL, &r, e));
    int64_t id = r.id, n = 0, m = 0;
    OK(app_round_add_units(g, NULL, id, NULL, &n, e));
    assert_int_equal(n, 5);
    assert_int_equal(scalar("SELECT count(*) FROM unit WHERE status = 'reserved'"), 5);
    OK(app_round_open(g, NULL, id, e));
    int created;
    char prefs[64];
    snprintf(prefs, sizeof prefs, "[%lld]", (long long)u3);
    OK(app_round_register(g, NULL, id, C, prefs, &created, e));
    assert_int_equal(created, 1);
    OK(app_round_register_all(g, NULL, id, &n, e));
    assert_int_equal(n, 6); /* C was registered already */

    /* shortlist: 5 units × 1.2 = 6 of 7, in queue order */
    OK(app_round_shortlist(g, NULL, id, &n, e));
    assert_int_equal(n, 6);
    struct round_entrant_row x = entrant(id, A);
    assert_int_equal(x.queue_position, 1);
    assert_int_equal(x.bucket, 1); /* 低保: a priority class */
    assert_int_equal(entrant(id, B).queue_position, 2);
    assert_int_equal(entrant(id, B).bucket, 2);
    x = entrant(id, G);
    assert_int_equal(x.queue_position, 7);
    assert_false(x.shortlisted);
    assert_string_equal(x.reason, "not_shortlisted");

    /* recheck: F earns too much */
    OK(app_round_recheck(g, NULL, id, &n, &m, e));
    assert_int_equal(n, 5);
    assert_int_equal(m, 1);
    x = entrant(id, F);
    assert_string_equal(x.recheck, "ineligible");
    assert_string_equal(x.reason, "ineligible");
    assert_true(x.decision_id > 0);

    /* the list first, then the draw on exactly it */
    char sha[65];
    OK(app_round_publish_list(g, NULL, id, NULL, sha, &n, e));
    assert_int_equal(n, 5);
    assert_int_equal(strlen(sha), 64);
    OK(app_round_draw(g, NULL, id, "2026-GZF-CY-01-L1", "9319;2,5,12,8,10", NULL, e));
    /* bucket 1 first: A chooses first; the rest in the order the draw gave */
    assert_int_equal(entrant(id, A).sequence, 1);
    assert_int_equal(entrant(id, E).sequence, 2);
    assert_int_equal(entrant(id, C).sequence, 3);
    assert_int_equal(entrant(id, B).sequence, 4);
    assert_int_equal(entrant(id, D).sequence, 5);
    assert_int_equal(entrant(id, F).sequence, 0);
    assert_int_equal(entrant(id, G).sequence, 0);

    /* allocate: B (needs an accessible home) takes the accessible two-room
     * before anybody else chooses, although it draws 4th; A and D take the
     * one-rooms in unit order (D the accessible one nobody who needs it can
     * use); E the two-room; C, after E, listed only that one: all taken */
    OK(app_round_allocate(g, NULL, id, &n, &m, e));
    assert_int_equal(n, 4);
    assert_int_equal(m, 1);
    assert_outcome(id, A, "offered", u1, "");
    assert_outcome(id, B, "offered", u4, "");
    assert_outcome(id, D, "offered", u2, "");
    assert_outcome(id, E, "offered", u3, "");
    assert_outcome(id, C, "unassigned", 0, "all_taken");
    assert_int_equal(scalar("SELECT count(*) FROM unit WHERE status = 'offered'"), 4);

    /* A accepts; E declines the two-room */
    struct round_offer_row o;
    OK(app_round_answer(g, NULL, offer_of(id, A, NULL), 1, &o, e));
    assert_string_equal(o.state, "accepted");
    assert_int_equal(scalar("SELECT status = 'let' FROM unit WHERE id = %lld", (long long)u1), 1);
    int64_t declined_unit = 0;
    OK(app_round_answer(g, NULL, offer_of(id, E, &declined_unit), 0, &o, e));
    assert_int_equal(declined_unit, u3);
    assert_outcome(id, E, "declined", 0, "declined_offer");
    assert_int_equal(entrant(id, E).declines, 1);

    /* allocate again: C, left unassigned before, is offered the two-room
     * now; E is never offered the unit it declined (and no other fits it) */
    OK(app_round_allocate(g, NULL, id, &n, &m, e));
    assert_int_equal(n, 1);
    assert_int_equal(m, 1);
    assert_outcome(id, C, "offered", u3, "");
    assert_outcome(id, E, "unassigned", 0, "none_acceptable");
    assert_int_equal(scalar("SELECT count(*) FROM round_offer WHERE application_id = %lld"
                            " AND unit_id = %lld",
                            (long long)E, (long long)u3),
                     1);
    /* a third allocate changes nothing */
    OK(app_round_allocate(g, NULL, id, &n, &m, e));
    assert_int_equal(n, 0);
    assert_int_equal(m, 1);

    /* C and B accept; D never answers: its offer expires at publish */
    OK(app_round_answer(g, NULL, offer_of(id, C, NULL), 1, &o, e));
    OK(app_round_answer(g, NULL, offer_of(id, B, NULL), 1, &o, e));
    OK(app_round_publish(g, NULL, id, e));
    assert_outcome(id, A, "accepted", u1, "");
    assert_outcome(id, B, "accepted", u4, "");
    assert_outcome(id, C, "accepted", u3, "");
    assert_outcome(id, D, "unassigned", 0, "offer_expired");
    assert_outcome(id, E, "unassigned", 0, "none_acceptable");
    assert_outcome(id, F, "unassigned", 0, "ineligible");
    assert_outcome(id, G, "unassigned", 0, "not_shortlisted");
    assert_int_equal(scalar("SELECT count(*) FROM round_entrant WHERE outcome = 'unassigned'"
                            " AND reason = ''"),
                     0);
    /* the units: three let, the others back to vacant */
    assert_int_equal(scalar("SELECT count(*) FROM unit WHERE status = 'let'"), 3);
    assert_int_equal(scalar("SELECT count(*) FROM unit WHERE status = 'vacant' AND id IN (%lld,"
                            " %lld)",
                            (long long)u2, (long long)u5),
                     2);
    assert_int_equal(scalar("SELECT count(*) FROM round_offer WHERE state = 'expired'"), 1);

    /* the public results: the drawn families, names masked */
    struct err e = {0};
    json_t *res = app_round_results(g, id, &e);
    assert_non_null(res);
    json_t *list = json_object_get(res, "entrants");
    assert_int_equal(json_array_size(list), 5);
    json_t *first = json_array_get(list, 0); /* by application number: A */
    assert_string_equal(json_string_value(json_object_get(first, "application_no")),
                        "SQ2025-000001");
    assert_string_equal(json_string_value(json_object_get(first, "name")), "张*");
    assert_string_equal(json_string_value(json_object_get(first, "outcome")), "accepted");
    assert_string_equal(json_string_value(json_object_get(first, "unit_no")), "1-0101");
    json_t *fifth = json_array_get(list, 4); /* E */
    assert_string_equal(json_string_value(json_object_get(fifth, "outcome")), "unassigned");
    assert_string_equal(json_string_value(json_object_get(fifth, "reason")), "none_acceptable");
    json_decref(res);
    /* every step audited */
    assert_int_equal(scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'round.%%'"), 17);
}

/* A targeted round (专项配租) for 低保 families: others cannot register. */
static void targeted_round(void **state)
{
    (void)state;
    struct round_row r = {0};
    strcpy(r.code, "2026-GZF-CY-02");
    strcpy(r.name, "2026年低保家庭专项配租（朝阳）");
    r.programme = PROG_PUBLIC_RENTAL;
    r.kind = ROUND_TARGETED;
    strcpy(r.target_category, "dibao");
    strcpy(r.district_code, "110105");
    OK(app_round_create(g, NULL, &r, e));
    int64_t n;
    OK(app_round_add_units(g, NULL, r.id, NULL, &n, e));
    assert_int_equal(n, 2); /* the two the first round gave back */
    OK(app_round_open(g, NULL, r.id, e));
    int64_t A = scalar("SELECT id FROM application WHERE application_no = 'SQ2025-000001'");
    int64_t D = scalar("SELECT id FROM application WHERE application_no = 'SQ2025-000004'");
    int created;
    struct err bad = {0};
    assert_int_equal(app_round_register(g, NULL, r.id, D, NULL, &created, &bad), -1);
    assert_int_equal(bad.code, ERR_INVALID);
    OK(app_round_register(g, NULL, r.id, A, NULL, &created, e));
    assert_int_equal(created, 1);
    /* register --all takes everybody in scope; the shortlist only 低保 */
    OK(app_round_register_all(g, NULL, r.id, &n, e));
    assert_int_equal(n, 6);
    OK(app_round_shortlist(g, NULL, r.id, &n, e));
    assert_int_equal(n, 1);
    struct round_entrant_row x = entrant(r.id, D);
    assert_false(x.shortlisted);
    assert_string_equal(x.reason, "not_target_category");
    assert_int_equal(entrant(r.id, A).bucket, 1);
}

/* Round creation takes the ratio, decline limit and answer days of the
 * policy version in force today for its district when the caller gives 0,
 * and names that version in the audit entry; no version: the defaults. */
static void create_takes_the_policy_rules(void **state)
{
    (void)state;
    /* no policy covers 99xxxx yet: the defaults */
    struct round_row r = {0};
    strcpy(r.code, "2026-GZF-T-01");
    strcpy(r.name, "测试批次");
    r.programme = PROG_PUBLIC_RENTAL;
    r.kind = ROUND_GENERAL;
    strcpy(r.district_code, "990100");
    OK(app_round_create(g, NULL, &r, e));
    assert_int_equal(r.ratio_permille, 1200);
    assert_int_equal(r.declines_max, 2);
    assert_int_equal(r.choose_days, 7);
    assert_int_equal(scalar("SELECT count(*) FROM audit_log WHERE action = 'round.create' AND"
                            " entity_id = '%lld' AND detail = 'policy=none (defaults)'",
                            (long long)r.id),
                     1);

    /* a preset for city 99 whose public-rental rounds are 1:1.1, 3 declines, 10 days */
    json_error_t jerr;
    json_t *pre = json_load_file(ANJU_TEST_DATA "/../../policy/beijing.json", 0, &jerr);
    assert_non_null(pre);
    json_object_set_new(pre, "code", json_string("testcity"));
    json_object_set_new(pre, "version", json_string("1"));
    json_t *regions = json_array();
    json_array_append_new(regions, json_string("99"));
    json_object_set_new(pre, "regions", regions);
    json_t *round = json_object_get(
        json_object_get(json_object_get(pre, "programmes"), "public_rental"), "round");
    assert_non_null(round);
    json_object_set_new(round, "shortlist_ratio_permille", json_integer(1100));
    json_object_set_new(round, "declines_max", json_integer(3));
    json_object_set_new(round, "offer_days", json_integer(10));
    char *text = json_dumps(pre, 0);
    json_decref(pre);
    struct policy_import_result res;
    struct err_list errs = {0};
    int rc = app_policy_import(g, NULL, text, strlen(text), &res, &errs);
    if (rc)
        for (size_t i = 0; i < errs.len; i++)
            fprintf(stderr, "%s: %s\n", errs.items[i].field, errs.items[i].en);
    assert_int_equal(rc, 0);
    err_list_free(&errs);
    free(text);

    struct round_row s = r;
    strcpy(s.code, "2026-GZF-T-02");
    s.id = 0;
    s.ratio_permille = s.declines_max = s.choose_days = 0;
    OK(app_round_create(g, NULL, &s, e));
    assert_int_equal(s.ratio_permille, 1100);
    assert_int_equal(s.declines_max, 3);
    assert_int_equal(s.choose_days, 10);
    assert_int_equal(scalar("SELECT count(*) FROM audit_log WHERE action = 'round.create' AND"
                            " entity_id = '%lld' AND detail = 'policy=testcity@1 policy_id=%lld'",
                            (long long)s.id, (long long)res.row.id),
                     1);
    /* figures the caller gives win */
    struct round_row t = r;
    strcpy(t.code, "2026-GZF-T-03");
    t.id = 0;
    t.ratio_permille = 1000;
    t.declines_max = 1;
    t.choose_days = 3;
    OK(app_round_create(g, NULL, &t, e));
    assert_int_equal(t.ratio_permille, 1000);
    assert_int_equal(t.declines_max, 1);
    assert_int_equal(t.choose_days, 3);
    /* Beijing's districts still get Beijing's figures */
    struct round_row b = r;
    strcpy(b.code, "2026-GZF-T-04");
    strcpy(b.district_code, "110105");
    b.id = 0;
    b.ratio_permille = b.declines_max = b.choose_days = 0;
    OK(app_round_create(g, NULL, &b, e));
    assert_int_equal(b.ratio_permille, 1200);
    assert_int_equal(b.declines_max, 2);
    assert_int_equal(b.choose_days, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_round),
        cmocka_unit_test(targeted_round),
        cmocka_unit_test(create_takes_the_policy_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
