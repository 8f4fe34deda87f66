/* app/round on a real SQLite file: the entrant list is published before the
 * draw (publish_list: stored, hashed, audited, never changed), the draw
 * needs it and uses exactly its bytes (even when the entrants changed
 * since), and offer deadlines: an answer after the deadline is refused
 * while the sweep it ran stays done (expired offers count as declines, the
 * units go back to reserved), app_round_expire, and declines_max expiries
 * losing the place.
 *
 * Three 2-person families of 110105001 with 公租房 applications filed on
 * 2026-10-16, three studios of a project in 垡头街道 (110105019); the round
 * is run by the local operator (NULL actor). ANJU_TODAY moves the date. */
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
#include "app/policy.h"
#include "app/round_view.h"
#include "app/stock.h"
#include "base/idnum.h"
#include "core/lottery.h"

struct fixture {
    char path[64];
    struct app *app;
    int64_t round;
    int64_t apps[3];
};

static struct fixture *g;

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

static void sql(const char *text)
{
    struct err e = {0};
    if (db_exec(app_db(g->app), text, &e)) fail_msg("%s: %s", text, e.en);
}

static int64_t household(const char *no, int seq)
{
    struct household *h = calloc(1, sizeof *h);
    assert_non_null(h);
    snprintf(h->household_no, sizeof h->household_no, "%s", no);
    strcpy(h->region_code, "110105001");
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "北京市朝阳区某街道 1 号");
    h->housing_area = 2000;
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-09");
    h->nmembers = 2;
    const char *names[2] = {"张伟", "李娜"};
    const char *births[2] = {"19880312", "19900721"};
    for (int i = 0; i < 2; i++) {
        struct member *m = &h->members[i];
        strcpy(m->name, names[i]);
        snprintf(m->id_number, sizeof m->id_number, "110105%s%03d", births[i], 2 * seq + i);
        m->id_number[17] = idnum_check_char(m->id_number);
        m->id_number[18] = 0;
        m->relation = i == 0 ? REL_APPLICANT : REL_SPOUSE;
        m->marital_status = MAR_MARRIED;
        m->hukou_urban = 1;
        strcpy(m->hukou_region_code, "110105");
    }
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        h->members[0].income[k] = 300000;
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

static void act(int64_t id, enum workflow_action a)
{
    struct application_view v;
    struct err e = {0};
    if (app_application_get(g->app, NULL, id, &v, &e)) fail_msg("get: %s", e.en);
    struct application_act x = {.action = a, .version = v.app.version};
    application_view_free(&v);
    struct err_list errs = {0};
    if (app_application_act(g->app, NULL, id, &x, &v, &errs))
        fail_msg("%s: %s", workflow_action_names[a].code, errs.items[0].en);
    application_view_free(&v);
    err_list_free(&errs);
}

static int64_t filed(int64_t household_id)
{
    setenv("ANJU_TODAY", "2026-10-01", 1);
    struct application_view v;
    struct err e = {0};
    if (app_application_create(g->app, NULL, household_id, "public_rental", &v, &e))
        fail_msg("create: %s", e.en);
    int64_t id = v.app.id;
    application_view_free(&v);
    const enum workflow_action path[] = {WF_SUBMIT, WF_ACCEPT, WF_APPROVE, WF_APPROVE, WF_APPROVE};
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++)
        act(id, path[i]);
    setenv("ANJU_TODAY", "2026-10-16", 1);
    act(id, WF_FILE);
    return id;
}

static void units(void)
{
    static const char csv[] =
        "project_code,project_name,programme,region_code,address,longitude,latitude,operator,"
        "building,floors,unit_no,layout,area,floor,accessible,rent,price,status\n"
        "GZF-X-001,垡头测试家园,public_rental,110105019,北京市朝阳区垡头街道垡头西里 8 号,,,"
        "测试运营公司,1号楼,6,1-0101,studio,35.00,1,0,1500.00,,vacant\n"
        "GZF-X-001,垡头测试家园,public_rental,110105019,北京市朝阳区垡头街道垡头西里 8 号,,,"
        "测试运营公司,1号楼,6,1-0102,studio,35.00,1,0,1500.00,,vacant\n"
        "GZF-X-001,垡头测试家园,public_rental,110105019,北京市朝阳区垡头街道垡头西里 8 号,,,"
        "测试运营公司,1号楼,6,1-0103,studio,35.00,1,0,1500.00,,vacant\n";
    FILE *in = fmemopen((void *)csv, strlen(csv), "rb");
    assert_non_null(in);
    struct stock_import_options o = {.encoding = CSV_UTF8};
    struct stock_import_report rep;
    struct err e = {0};
    int rc = app_stock_import(g->app, NULL, in, &o, &rep, &e);
    fclose(in);
    for (size_t i = 0; i < rep.errs.len; i++)
        fprintf(stderr, "  line %ld %s\n", rep.errs.items[i].row, rep.errs.items[i].en);
    assert_int_equal(rc, 0);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    g = f;
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-round-expire-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0) return -1;
    close(fd);
    setenv("ANJU_TODAY", "2026-10-01", 1);
    struct err e = {0};
    if (app_open(&f->app, f->path, &e)) return -1;
    struct err_list errs = {0};
    int created;
    if (app_policy_import_presets(f->app, NULL, &created, &errs)) return -1;
    err_list_free(&errs);
    for (int i = 0; i < 3; i++) {
        char no[32];
        snprintf(no, sizeof no, "RX%010d", i + 1);
        f->apps[i] = filed(household(no, i + 1));
    }
    units();

    setenv("ANJU_TODAY", "2026-11-15", 1);
    struct round_row r = {.programme = PROG_PUBLIC_RENTAL, .kind = ROUND_GENERAL};
    strcpy(r.code, "2026-GZF-RX-01");
    strcpy(r.name, "测试批次");
    strcpy(r.district_code, "110105");
    int64_t n, ok, bad;
    if (app_round_create(f->app, NULL, &r, &e) ||
        app_round_add_units(f->app, NULL, r.id, NULL, &n, &e) || n != 3 ||
        app_round_open(f->app, NULL, r.id, &e) ||
        app_round_register_all(f->app, NULL, r.id, &n, &e) || n != 3 ||
        app_round_shortlist(f->app, NULL, r.id, &n, &e) || n != 3 ||
        app_round_recheck(f->app, NULL, r.id, &ok, &bad, &e) || ok != 3) {
        fprintf(stderr, "round setup: %s (%s)\n", e.en, e.field);
        return -1;
    }
    f->round = r.id;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    app_close(f->app);
    char p[96];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

static void draw(struct fixture *f, const char *lottery_id, struct err *e, int want)
{
    assert_int_equal(
        app_round_draw(f->app, NULL, f->round, lottery_id, "9319;2,5,12,8,10", NULL, e), want);
}

static void the_list_is_published_before_the_draw_and_the_draw_uses_its_bytes(void **state)
{
    struct fixture *f = *state;
    struct err e = {0};
    draw(f, "RX-L1", &e, -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "list");

    char sha[65];
    int64_t n;
    assert_int_equal(app_round_publish_list(f->app, NULL, f->round, NULL, sha, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'round.publish_list'"),
                     1);
    struct round_view v;
    assert_int_equal(app_round_view(f->app, NULL, f->round, &v, &e), 0);
    assert_string_equal(v.list_sha256, sha);
    assert_true(strlen(v.r.list_published_at) == 20);
    assert_int_equal(v.list_entrants, 3);
    assert_int_equal(v.r.state, ROUND_RECHECKED);

    /* the stored bytes are the published ones, and hash to sha */
    char *bytes;
    size_t len;
    const char *type;
    assert_int_equal(
        app_round_public_file(f->app, f->round, "entrants.csv", &bytes, &len, &type, &e), 0);
    uint8_t raw[32];
    char hex[65];
    assert_int_equal(lottery_sha256(bytes, len, raw, &e), 0);
    lottery_hex(raw, hex);
    assert_string_equal(hex, sha);
    assert_non_null(strstr(bytes, "entrant_id,bucket,tickets\n"));
    assert_null(strstr(bytes, "张")); /* no names */
    free(bytes);

    /* published once: never again */
    assert_int_equal(app_round_publish_list(f->app, NULL, f->round, NULL, sha, &n, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);

    /* the entrants change after publication (one is no longer eligible):
     * the draw still uses exactly the published list */
    sql("UPDATE round_entrant SET recheck = 'ineligible' WHERE application_id = "
        "(SELECT min(application_id) FROM round_entrant)");
    assert_int_equal(app_round_view(f->app, NULL, f->round, &v, &e), 0);
    char published[65];
    memcpy(published, v.list_sha256, sizeof published);
    draw(f, "RX-L1", &e, 0);
    assert_int_equal(
        app_round_public_file(f->app, f->round, "manifest.json", &bytes, &len, &type, &e), 0);
    char want[100];
    snprintf(want, sizeof want, "\"list_sha256\": \"%s\"", published);
    assert_non_null(strstr(bytes, want));
    assert_non_null(strstr(bytes, "\"entrants\": 3"));
    free(bytes);
    assert_int_equal(count("SELECT count(*) FROM round_entrant WHERE sequence > 0"), 3);
}

/* The offer of application app_id still open (0 when none). */
static int64_t open_offer(struct fixture *f, int64_t app_id)
{
    return count("SELECT coalesce(max(id), 0) FROM round_offer WHERE round_id = %lld AND"
                 " application_id = %lld AND state = 'offered'",
                 (long long)f->round, (long long)app_id);
}

static void deadlines_expire_offers_as_declines(void **state)
{
    struct fixture *f = *state;
    struct err e = {0};
    char sha[65];
    int64_t n, offered, unassigned;
    assert_int_equal(app_round_publish_list(f->app, NULL, f->round, NULL, sha, &n, &e), 0);
    draw(f, "RX-L2", &e, 0);
    /* nothing is past its deadline before the offers exist */
    assert_int_equal(app_round_expire(f->app, NULL, f->round, &n, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(app_round_allocate(f->app, NULL, f->round, &offered, &unassigned, &e), 0);
    assert_int_equal(offered, 3);
    assert_int_equal(count("SELECT count(*) FROM round_offer WHERE deadline = '2026-11-22'"), 3);

    /* the first family accepts on the last day */
    setenv("ANJU_TODAY", "2026-11-22", 1);
    struct round_offer_row o;
    int64_t first = open_offer(f, f->apps[0]);
    assert_int_equal(app_round_expire(f->app, NULL, f->round, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(app_round_answer(f->app, NULL, first, 1, &o, &e), 0);
    assert_string_equal(o.state, "accepted");

    /* a day later the second answers: refused, and both open offers expired */
    setenv("ANJU_TODAY", "2026-11-23", 1);
    int64_t second = open_offer(f, f->apps[1]);
    int64_t audits = count("SELECT count(*) FROM audit_log");
    assert_int_equal(app_round_answer(f->app, NULL, second, 1, &o, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "deadline");
    assert_non_null(strstr(e.en, "2026-11-22"));
    assert_int_equal(count("SELECT count(*) FROM round_offer WHERE state = 'expired'"
                           " AND decline_counted = 1"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM audit_log"), audits + 1);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'round.expire' AND"
                           " detail LIKE 'expired=2 %%by=answer'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM round_entrant WHERE declines = 1 AND"
                           " outcome = 'declined' AND unit_id IS NULL"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM unit WHERE status = 'reserved'"), 2);
    assert_int_equal(count("SELECT count(*) FROM unit WHERE status = 'let'"), 1);
    /* nothing left to expire */
    assert_int_equal(app_round_expire(f->app, NULL, f->round, &n, &e), 0);
    assert_int_equal(n, 0);

    /* offered again; with declines_max 2 the second expiry loses the place */
    assert_int_equal(app_round_allocate(f->app, NULL, f->round, &offered, &unassigned, &e), 0);
    assert_int_equal(offered, 2);
    assert_int_equal(count("SELECT count(*) FROM round_offer WHERE state = 'offered'"
                           " AND deadline = '2026-11-30'"),
                     2);
    setenv("ANJU_TODAY", "2026-12-01", 1);
    assert_int_equal(app_round_expire(f->app, NULL, f->round, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(count("SELECT count(*) FROM round_entrant WHERE declines = 2 AND"
                           " outcome = 'lost_place'"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM unit WHERE status = 'reserved'"), 2);
    assert_int_equal(
        count("SELECT count(*) FROM audit_log WHERE action = 'round.expire' AND detail LIKE "
              "'expired=2 today=2026-12-01'"),
        1);
    /* those who lost their place are not offered again */
    assert_int_equal(app_round_allocate(f->app, NULL, f->round, &offered, &unassigned, &e), 0);
    assert_int_equal(offered, 0);
    assert_int_equal(app_round_publish(f->app, NULL, f->round, &e), 0);
    assert_int_equal(count("SELECT count(*) FROM unit WHERE status = 'vacant'"), 2);
    assert_int_equal(app_round_expire(f->app, NULL, f->round, &n, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    setenv("ANJU_TODAY", "2026-11-15", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            the_list_is_published_before_the_draw_and_the_draw_uses_its_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(deadlines_expire_offers_as_declines, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
