/* The housing stock: core/stock's rules of form and status table, the CSV
 * import (every kind of error with its line and column, all or nothing,
 * rejects, GBK, re-import) and export through a real SQLite file, the use
 * cases' roles, scope and audit entries, and the demo stock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/demo_stock.h"
#include "app/stock.h"
#include "base/money.h"

#define HEADER                                                                                     \
    "project_code,project_name,programme,region_code,address,longitude,latitude,operator,"         \
    "building,floors,unit_no,layout,area,floor,accessible,rent,price,status\n"
/* a public rental project in 垡头街道 (Chaoyang) and a shared-ownership one in
 * 回龙观街道 (Changping) */
#define GZF                                                                                                             \
    "GZF-T-001,垡头测试家园,public_rental,110105019,北京市朝阳区垡头街道垡头西里 8 号,116.512300," \
    "39.858700,测试运营公司,"
#define GYF                                                                                                 \
    "GYF-T-001,回龙观测试家园,shared_ownership,110114011,北京市昌平区回龙观街道 1 号,,," \
    "测试开发公司,"

struct fixture {
    char path[64];
    struct app *app;
};

static struct fixture *g;

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    g = f;
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-stock-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0) return -1;
    close(fd);
    struct err e = {0};
    if (app_open(&f->app, f->path, &e)) return -1;
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
    return 0;
}

/* --- helpers -------------------------------------------------------------- */

static int64_t count(const char *sql)
{
    struct db_stmt *s;
    struct err e = {0};
    if (db_prepare(app_db(g->app), sql, &s, &e)) fail_msg("%s: %s", sql, e.en);
    assert_int_equal(db_step(s, &e), 1);
    int64_t n = db_col_int(s, 0);
    db_finalize(s);
    return n;
}

static void dump(const struct stock_import_report *rep)
{
    for (size_t i = 0; i < rep->errs.len; i++)
        fprintf(stderr, "  line %ld [%s] %s\n", rep->errs.items[i].row, rep->errs.items[i].field,
                rep->errs.items[i].en);
}

/* Imports text; returns app_stock_import's result. */
static int import_with(const char *text, size_t len, FILE *rejects, enum csv_encoding enc,
                       struct stock_import_report *rep, struct err *e)
{
    FILE *in = fmemopen((void *)text, len, "rb");
    assert_non_null(in);
    struct stock_import_options o = {.encoding = enc, .rejects = rejects};
    int rc = app_stock_import(g->app, NULL, in, &o, rep, e);
    fclose(in);
    if (getenv("ANJU_TEST_VERBOSE")) dump(rep);
    return rc;
}

static int import_text(const char *text, struct stock_import_report *rep)
{
    struct err e = {0};
    int rc = import_with(text, strlen(text), NULL, CSV_UTF8, rep, &e);
    if (rc) fprintf(stderr, "import: %s\n", e.en);
    return rc;
}

/* Imports text that must go in whole. */
static void import_ok(const char *text)
{
    struct stock_import_report rep;
    assert_int_equal(import_text(text, &rep), 0);
    if (!rep.committed) dump(&rep);
    assert_true(rep.committed);
    assert_int_equal(rep.errs.total, 0);
    err_list_free(&rep.errs);
}

static int has_error(const struct stock_import_report *rep, long line, const char *field,
                     const char *en_part)
{
    for (size_t i = 0; i < rep->errs.len; i++) {
        const struct err *x = &rep->errs.items[i];
        if (x->row == line && (!field || strcmp(x->field, field) == 0) && strstr(x->en, en_part) &&
            x->zh[0] && x->zh[0] != x->en[0])
            return 1;
    }
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The export as a string (caller frees). */
static char *export_text(void)
{
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    assert_non_null(out);
    struct err e = {0};
    long n;
    assert_int_equal(app_stock_export(g->app, NULL, out, &n, &e), 0);
    fclose(out);
    return data;
}

static struct actor actor(int64_t id, enum role r, const char *scope)
{
    struct actor who;
    memset(&who, 0, sizeof who);
    who.account_id = id;
    who.role = r;
    snprintf(who.username, sizeof who.username, "%s%lld", role_names[r].code, (long long)id);
    snprintf(who.scope, sizeof who.scope, "%s", scope);
    return who;
}

static int64_t audit_count(const char *action)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
    return count(sql);
}

/* --- core/stock --------------------------------------------------------------- */

static struct stock_project good_project(void)
{
    struct stock_project p;
    memset(&p, 0, sizeof p);
    strcpy(p.code, "GZF-110105-001");
    strcpy(p.name, "垡头家园");
    p.programme = PROG_PUBLIC_RENTAL;
    strcpy(p.region_code, "110105019");
    strcpy(p.address, "北京市朝阳区垡头街道 1 号");
    p.has_coords = 1;
    p.longitude = 116512300;
    p.latitude = 39858700;
    strcpy(p.operator_name, "测试运营公司");
    p.status = PROJECT_ACTIVE;
    return p;
}

static struct stock_unit good_unit(void)
{
    struct stock_unit u;
    memset(&u, 0, sizeof u);
    strcpy(u.unit_no, "1-0101");
    u.layout = LAYOUT_STUDIO;
    u.area = 3520;
    u.floor = 1;
    u.rent = 158400;
    u.status = UNIT_VACANT;
    return u;
}

/* 1 when errs names field. */
static int names(const struct err_list *errs, const char *field)
{
    for (size_t i = 0; i < errs->len; i++)
        if (strcmp(errs->items[i].field, field) == 0) return 1;
    return 0;
}

static void project_rules_of_form(void **state)
{
    (void)state;
    struct err_list errs = {0};
    struct stock_project p = good_project();
    assert_int_equal(stock_project_validate(&p, &errs), 0);
    /* each field spoiled on its own is named */
    p = good_project();
    strcpy(p.code, "-GZF");
    assert_int_equal(stock_project_validate(&p, &errs), -1);
    assert_true(names(&errs, "code"));
    p = good_project();
    strcpy(p.code, "GZF 001");
    assert_int_equal(stock_project_validate(&p, &errs), -1);
    p = good_project();
    p.name[0] = '\0';
    stock_project_validate(&p, &errs);
    assert_true(names(&errs, "name"));
    p = good_project();
    p.programme = PROG_MARKET_RENT_SUBSIDY;
    err_list_free(&errs);
    assert_int_equal(stock_project_validate(&p, &errs), -1);
    assert_true(names(&errs, "programme"));
    assert_non_null(strstr(errs.items[0].en, "market_rent_subsidy has no homes"));
    p = good_project();
    strcpy(p.region_code, "110105");
    stock_project_validate(&p, &errs);
    assert_true(names(&errs, "region_code"));
    p = good_project();
    p.longitude = 180000001;
    p.latitude = -90000001;
    err_list_free(&errs);
    assert_int_equal(stock_project_validate(&p, &errs), -1);
    assert_true(names(&errs, "longitude") && names(&errs, "latitude"));
    p = good_project();
    p.has_coords = 0; /* unknown coordinates are fine */
    err_list_free(&errs);
    assert_int_equal(stock_project_validate(&p, &errs), 0);
    strcpy(p.operator_name, " 前后有空格 ");
    assert_int_equal(stock_project_validate(&p, &errs), -1);
    assert_true(names(&errs, "operator"));
    err_list_free(&errs);

    struct stock_building b = {.floors = 18};
    strcpy(b.name, "1号楼");
    assert_int_equal(stock_building_validate(&b, &errs), 0);
    b.floors = 0;
    assert_int_equal(stock_building_validate(&b, &errs), -1);
    b.floors = STOCK_FLOORS_MAX + 1;
    b.name[0] = '\0';
    assert_int_equal(stock_building_validate(&b, &errs), -1);
    assert_true(names(&errs, "floors") && names(&errs, "building"));
    err_list_free(&errs);
}

static void unit_rules_of_form(void **state)
{
    (void)state;
    struct err_list errs = {0};
    struct stock_unit u = good_unit();
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), 0);
    /* area: above 0, at most 300.00 m2 */
    u.area = 0;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), -1);
    assert_true(names(&errs, "area"));
    err_list_free(&errs);
    u.area = STOCK_AREA_MAX;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), 0);
    u.area = STOCK_AREA_MAX + 1;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), -1);
    err_list_free(&errs);
    /* floor: within the building */
    u = good_unit();
    u.floor = 18;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), 0);
    u.floor = 19;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), -1);
    assert_non_null(strstr(errs.items[0].en, "the building has 18 floors"));
    err_list_free(&errs);
    u.floor = 0;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), -1);
    err_list_free(&errs);
    /* rent xor price, by the programme */
    u = good_unit();
    u.price = 100000000;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), -1);
    assert_true(names(&errs, "price") && !names(&errs, "rent"));
    err_list_free(&errs);
    u.rent = 0;
    assert_int_equal(stock_unit_validate(&u, PROG_SHARED_OWNERSHIP, 18, &errs), 0);
    assert_int_equal(stock_unit_validate(&u, PROG_TALENT, 18, &errs), -1); /* talent lets */
    assert_true(names(&errs, "rent") && names(&errs, "price"));
    err_list_free(&errs);
    u.price = STOCK_PRICE_MAX + 1;
    assert_int_equal(stock_unit_validate(&u, PROG_SALE_TYPE, 18, &errs), -1);
    err_list_free(&errs);
    u = good_unit();
    u.rent = STOCK_RENT_MAX + 1;
    assert_int_equal(stock_unit_validate(&u, PROG_AFFORDABLE_RENTAL, 18, &errs), -1);
    err_list_free(&errs);
    /* let belongs to rental programmes, sold to sale programmes */
    u = good_unit();
    u.status = UNIT_SOLD;
    assert_int_equal(stock_unit_validate(&u, PROG_PUBLIC_RENTAL, 18, &errs), -1);
    assert_true(names(&errs, "status"));
    err_list_free(&errs);
    u.status = UNIT_LET;
    u.rent = 0;
    u.price = 300000000;
    assert_int_equal(stock_unit_validate(&u, PROG_SHARED_OWNERSHIP, 18, &errs), -1);
    assert_true(names(&errs, "status"));
    err_list_free(&errs);
    u.unit_no[0] = '\0';
    u.status = UNIT_SOLD;
    assert_int_equal(stock_unit_validate(&u, PROG_SHARED_OWNERSHIP, 18, &errs), -1);
    assert_true(names(&errs, "unit_no"));
    err_list_free(&errs);
}

static void coordinates_parse_and_format(void **state)
{
    (void)state;
    struct err e;
    int64_t v;
    assert_int_equal(stock_coord_parse("116.4475", 0, &v, "longitude", &e), 0);
    assert_int_equal(v, 116447500);
    assert_int_equal(stock_coord_parse("-33.868800", 1, &v, "latitude", &e), 0);
    assert_int_equal(v, -33868800);
    assert_int_equal(stock_coord_parse("180", 0, &v, "longitude", &e), 0);
    assert_int_equal(v, 180000000);
    const char *bad_lon[] = {"180.000001", "1e2",         "116,44", " 116.4", "116.", ".5",
                             "-",          "116.4475001", "abc",    "",       "1116"};
    for (size_t i = 0; i < sizeof bad_lon / sizeof bad_lon[0]; i++) {
        if (stock_coord_parse(bad_lon[i], 0, &v, "longitude", &e) == 0)
            fail_msg("accepted \"%s\"", bad_lon[i]);
        assert_string_equal(e.field, "longitude");
    }
    assert_int_equal(stock_coord_parse("90.5", 1, &v, "latitude", &e), -1);
    assert_non_null(strstr(e.en, "from -90 to 90"));
    char out[16];
    stock_coord_format(116447500, out);
    assert_string_equal(out, "116.447500");
    stock_coord_format(-33868800, out);
    assert_string_equal(out, "-33.868800");
    stock_coord_format(-500, out);
    assert_string_equal(out, "-0.000500");
}

static void the_status_table(void **state)
{
    (void)state;
    /* exactly the moves of the issue */
    const char *allowed[] = {"vacant>reserved", "vacant>maintenance", "reserved>offered",
                             "reserved>vacant", "offered>let",        "offered>sold",
                             "offered>vacant",  "let>vacant",         "maintenance>vacant"};
    for (int f = 0; f < UNIT_STATUS_COUNT; f++)
        for (int t = 0; t < UNIT_STATUS_COUNT; t++) {
            char move[40];
            snprintf(move, sizeof move, "%s>%s", unit_status_names[f].code,
                     unit_status_names[t].code);
            int listed = 0;
            for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
                listed |= strcmp(allowed[k], move) == 0;
            assert_int_equal(stock_status_may((enum unit_status)f, (enum unit_status)t), listed);
        }
    struct err e;
    /* the programme decides between let and sold */
    assert_int_equal(stock_status_transition(UNIT_OFFERED, UNIT_LET, PROG_PUBLIC_RENTAL, &e), 0);
    assert_int_equal(stock_status_transition(UNIT_OFFERED, UNIT_SOLD, PROG_PUBLIC_RENTAL, &e), -1);
    assert_string_equal(e.field, "status");
    assert_non_null(strstr(e.en, "from offered only to let, vacant"));
    assert_int_equal(stock_status_transition(UNIT_OFFERED, UNIT_SOLD, PROG_SHARED_OWNERSHIP, &e),
                     0);
    assert_int_equal(stock_status_transition(UNIT_OFFERED, UNIT_LET, PROG_SHARED_OWNERSHIP, &e),
                     -1);
    /* sold is final; staying put is no move */
    assert_int_equal(stock_status_transition(UNIT_SOLD, UNIT_VACANT, PROG_SHARED_OWNERSHIP, &e),
                     -1);
    assert_non_null(strstr(e.en, "final"));
    assert_int_equal(stock_status_transition(UNIT_SOLD, UNIT_SOLD, PROG_SHARED_OWNERSHIP, &e), 0);
    assert_int_equal(stock_status_transition(UNIT_LET, UNIT_RESERVED, PROG_PUBLIC_RENTAL, &e), -1);
    assert_non_null(strstr(e.zh, "已出租"));
}

/* --- import and export ------------------------------------------------------------ */

static void the_sample_imports_and_exports_the_same_bytes(void **state)
{
    (void)state;
    size_t len;
    char *sample = read_file(ANJU_TEST_DATA "/stock/sample.csv", &len);
    struct stock_import_report rep;
    struct err e = {0};
    assert_int_equal(import_with(sample, len, NULL, CSV_UTF8, &rep, &e), 0);
    assert_true(rep.committed);
    assert_int_equal(rep.rows, 8);
    assert_int_equal(rep.projects_new, 3);
    assert_int_equal(rep.buildings_new, 4);
    assert_int_equal(rep.units_new, 8);
    err_list_free(&rep.errs);
    assert_int_equal(count("SELECT count(*) FROM unit"), 8);
    assert_int_equal(count("SELECT count(*) FROM unit WHERE rent IS NULL"), 2);
    char *out = export_text();
    assert_string_equal(out, sample);
    /* the import is one audit entry naming the file's digest */
    assert_int_equal(audit_count("stock.import"), 1);
    assert_int_equal(count("SELECT count(*) FROM audit_log"), 1);
    free(out);
    free(sample);
}

static void every_import_error_names_its_line_and_column(void **state)
{
    (void)state;
    import_ok(HEADER GYF "3号楼,15,3-0201,two_room,78.50,2,1,,2826000.00,sold\n" GYF
                         "5号楼,15,5-0301,two_room,78.50,3,0,,2826000.00,sold\n"
                         "GYF-T-002,沙河测试家园,shared_ownership,110114011,北京市昌平区 2 号,,,"
                         "测试开发公司,1号楼,6,1-0101,two_room,70.00,1,0,,2000000.00,vacant\n");
    const char *text = HEADER
        /* 2: parse errors in the unit's columns */
        GZF
        "1号楼,18,1-0101,penthouse,abc,x,2,0,,vacant\n"
        /* 3: rules: floor above the building, price on a rental unit, let/sold */
        GZF "1号楼,18,1-0102,studio,35.00,19,0,1500.00,9.00,sold\n"
        /* 4: the project's columns disagree with line 2 */
        "GZF-T-001,另一个名字,public_rental,110105019,北京市朝阳区垡头街道垡头西里 8 号,"
        "116.512300,39.858700,测试运营公司,1号楼,18,1-0103,studio,35.00,1,0,1500.00,,vacant\n"
        /* 5: the building's floors disagree with line 2 */
        GZF "1号楼,20,1-0104,studio,35.00,1,0,1500.00,,vacant\n"
        /* 6, 7: the same unit twice */
        GZF "2号楼,6,2-0101,studio,35.00,1,0,1500.00,,vacant\n" GZF
        "2号楼,6,2-0101,studio,36.00,1,0,1500.00,,vacant\n"
        /* 8: a project of a subsidy programme, a street not in the table, one coordinate */
        "SUB-1,补贴项目,market_rent_subsidy,110105999,某地址,116.5,,某公司,1号楼,6,101,studio,"
        "30.00,1,0,1000.00,,vacant\n"
        /* 9: the wrong number of columns */
        "GZF-T-002,短行\n"
        /* 10: a quote inside an unquoted field */
        "GZF-T-003,bad\"quote,public_rental\n"
        /* 11: too many floors, an empty rent */
        "GZF-T-004,某家园,public_rental,110105019,某地址,,,某公司,1号楼,201,101,studio,30.00,1,0,"
        ",,vacant\n"
        /* 12: a registered unit leaves sold */
        GYF "3号楼,15,3-0201,two_room,78.50,2,1,,2826000.00,vacant\n"
        /* 13: a registered building cannot drop below its units' floors */
        GYF "5号楼,1,5-0101,two_room,78.50,1,0,,2826000.00,vacant\n"
        /* 14: a registered project changes programme */
        "GYF-T-002,沙河测试家园,public_rental,110114011,北京市昌平区 2 号,,,测试开发公司,1号楼,6,"
        "1-0102,two_room,70.00,1,0,3000.00,,vacant\n"
        /* 15: rent 0 (leave it empty instead), a longitude out of range */
        "GZF-T-005,某家园,public_rental,110105019,某地址,181,39.9,某公司,1号楼,6,101,studio,30.00,"
        "1,0,0.00,,vacant\n";
    struct stock_import_report rep;
    assert_int_equal(import_text(text, &rep), 0);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 2, "layout", "penthouse"));
    assert_true(has_error(&rep, 2, "area", "abc"));
    assert_true(has_error(&rep, 2, "floor", ""));
    assert_true(has_error(&rep, 2, "accessible", "0 (no) or 1 (yes)"));
    assert_true(has_error(&rep, 2, "rent", "must be above 0"));
    assert_true(has_error(&rep, 3, "floor", "the building has 18 floors"));
    assert_true(has_error(&rep, 3, "price", "leave the price empty"));
    assert_true(has_error(&rep, 3, "status", "cannot be sold"));
    assert_true(has_error(&rep, 4, "project_name", "line 2 has"));
    assert_true(has_error(&rep, 5, "floors", "line 2 has \"18\""));
    assert_true(has_error(&rep, 7, "unit_no", "on line 6 already"));
    assert_false(has_error(&rep, 6, NULL, ""));
    assert_true(has_error(&rep, 8, "programme", "has no homes"));
    assert_true(has_error(&rep, 8, "region_code", "not in the region table"));
    assert_true(has_error(&rep, 8, "latitude", "both the longitude and the latitude"));
    assert_true(has_error(&rep, 9, "", "18 expected"));
    assert_true(has_error(&rep, 10, "2", "quote"));
    assert_true(has_error(&rep, 11, "floors", "1 to 200"));
    assert_true(has_error(&rep, 11, "rent", "needs a monthly rent"));
    assert_true(has_error(&rep, 12, "status", "final"));
    assert_true(has_error(&rep, 13, "floors", "up to floor 3"));
    assert_true(has_error(&rep, 14, "programme", "never changes"));
    assert_true(has_error(&rep, 15, "rent", "must be above 0; leave it empty"));
    assert_true(has_error(&rep, 15, "longitude", "from -180 to 180"));
    assert_int_equal(rep.rows, 14);
    assert_int_equal(rep.rows_bad, 13); /* all but line 6 */
    err_list_free(&rep.errs);
}

static void a_header_that_is_not_the_format_is_refused(void **state)
{
    (void)state;
    struct stock_import_report rep;
    struct err e = {0};
    const char *text = "project_code,name\nGZF,x\n";
    assert_int_equal(import_with(text, strlen(text), NULL, CSV_UTF8, &rep, &e), -1);
    assert_int_equal(e.row, 1);
    assert_string_equal(e.field, "project_name");
    assert_non_null(strstr(e.en, "docs/stock.md"));
    const char *empty = "";
    assert_int_equal(import_with(empty, 0, NULL, CSV_UTF8, &rep, &e), -1);
    assert_non_null(strstr(e.en, "empty"));
}

static void one_wrong_row_writes_nothing(void **state)
{
    (void)state;
    const char *text = HEADER GZF "1号楼,18,1-0101,studio,35.20,1,1,1584.00,,vacant\n" GZF
                                  "1号楼,18,1-0102,studio,35.20,1,0,1584.00,,vacant\n" GZF
                                  "1号楼,18,1-0103,studio,-5,1,0,1584.00,,vacant\n";
    struct stock_import_report rep;
    assert_int_equal(import_text(text, &rep), 0);
    assert_false(rep.committed);
    assert_int_equal(rep.rows_bad, 1);
    assert_int_equal(rep.units_new, 0);
    assert_true(has_error(&rep, 4, "area", "-5"));
    err_list_free(&rep.errs);
    assert_int_equal(count("SELECT count(*) FROM project"), 0);
    assert_int_equal(count("SELECT count(*) FROM building"), 0);
    assert_int_equal(count("SELECT count(*) FROM unit"), 0);
    assert_int_equal(count("SELECT count(*) FROM audit_log"), 0);
}

static void rejects_take_the_bad_rows_and_the_rest_goes_in(void **state)
{
    (void)state;
    const char *text =
        HEADER GZF "1号楼,18,1-0101,studio,35.20,1,1,1584.00,,vacant\n"
                   "GZF-T-009,坏项目,public_rental,999999999,某地址,,,某公司,1号楼,6,101,"
                   "studio,30.00,1,0,1000.00,,vacant\n"
                   "GZF-T-009,坏项目,public_rental,999999999,某地址,,,某公司,1号楼,6,102,"
                   "studio,30.00,1,0,1000.00,,vacant\n" GZF
                   "1号楼,18,1-0102,studio,35.20,99,0,1584.00,,vacant\n";
    char *rej = NULL;
    size_t rej_len = 0;
    FILE *rejects = open_memstream(&rej, &rej_len);
    struct stock_import_report rep;
    struct err e = {0};
    assert_int_equal(import_with(text, strlen(text), rejects, CSV_UTF8, &rep, &e), 0);
    fclose(rejects);
    assert_true(rep.committed);
    assert_int_equal(rep.rows_bad, 3);
    assert_int_equal(rep.units_new, 1);
    assert_int_equal(rep.projects_new, 1); /* the bad project is not created */
    err_list_free(&rep.errs);
    assert_int_equal(count("SELECT count(*) FROM project"), 1);
    assert_int_equal(count("SELECT count(*) FROM unit"), 1);
    /* the header with three more columns, then each bad row with its line and reasons */
    assert_non_null(strstr(rej, "status,error_line,error_zh,error_en\n"));
    assert_non_null(strstr(rej, ",3,region_code：街道/乡镇代码 999999999 不在区划表中"));
    assert_non_null(strstr(rej, ",4,该项目的列有错误，见第 3 行,"));
    assert_non_null(strstr(rej, ",5,floor：楼层应为 1 至 18"));
    free(rej);
}

static void gbk_files_are_read_with_the_encoding_option(void **state)
{
    (void)state;
    const char *utf8 = HEADER GZF "1号楼,18,1-0101,studio,35.20,1,1,1584.00,,vacant\n";
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char gbk[2048];
    char *in = (char *)utf8, *out = gbk;
    size_t inleft = strlen(utf8), outleft = sizeof gbk;
    assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    size_t len = sizeof gbk - outleft;
    struct stock_import_report rep;
    struct err e = {0};
    /* as UTF-8: refused with a hint at GBK */
    assert_int_equal(import_with(gbk, len, NULL, CSV_UTF8, &rep, &e), 0);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 2, NULL, "GBK"));
    err_list_free(&rep.errs);
    /* with the encoding: the same as the UTF-8 file */
    FILE *f = fmemopen(gbk, len, "rb");
    struct stock_import_options o = {.encoding = CSV_GBK};
    assert_int_equal(app_stock_import(g->app, NULL, f, &o, &rep, &e), 0);
    fclose(f);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
    char *exported = export_text();
    assert_string_equal(exported, utf8);
    free(exported);
}

static void a_re_import_updates_by_key_and_audits_each_change(void **state)
{
    (void)state;
    const char *first = HEADER GZF "1号楼,18,1-0101,studio,35.20,1,1,1584.00,,vacant\n" GZF
                                   "1号楼,18,1-0102,one_room,45.80,1,0,2061.00,,let\n" GZF
                                   "1号楼,18,1-0103,one_room,45.80,1,0,2061.00,,vacant\n";
    import_ok(first);
    /* the same file again changes nothing */
    struct stock_import_report rep;
    assert_int_equal(import_text(first, &rep), 0);
    assert_true(rep.committed);
    assert_int_equal(rep.units_unchanged, 3);
    assert_int_equal(rep.units_new + rep.units_updated + rep.projects_updated, 0);
    err_list_free(&rep.errs);
    int64_t before = count("SELECT version FROM unit WHERE unit_no = '1-0101'");
    /* a new name, one more floor, a rent, a status move, a new unit */
    const char *second = HEADER
        "GZF-T-001,垡头测试家园（一期）,public_rental,110105019,北京市朝阳区垡头街道垡头西里 "
        "8 号,116.512300,39.858700,测试运营公司,1号楼,19,1-0101,studio,35.20,1,1,1600.00,,"
        "vacant\n"
        "GZF-T-001,垡头测试家园（一期）,public_rental,110105019,北京市朝阳区垡头街道垡头西里 "
        "8 号,116.512300,39.858700,测试运营公司,1号楼,19,1-0102,one_room,45.80,1,0,2061.00,,"
        "let\n"
        "GZF-T-001,垡头测试家园（一期）,public_rental,110105019,北京市朝阳区垡头街道垡头西里 "
        "8 号,116.512300,39.858700,测试运营公司,1号楼,19,1-0103,one_room,45.80,1,0,2061.00,,"
        "reserved\n"
        "GZF-T-001,垡头测试家园（一期）,public_rental,110105019,北京市朝阳区垡头街道垡头西里 "
        "8 号,116.512300,39.858700,测试运营公司,1号楼,19,1-1901,one_room,45.80,19,0,2061.00,,"
        "vacant\n";
    assert_int_equal(import_text(second, &rep), 0);
    assert_true(rep.committed);
    assert_int_equal(rep.projects_updated, 1);
    assert_int_equal(rep.buildings_updated, 1);
    assert_int_equal(rep.units_updated, 2);
    assert_int_equal(rep.units_unchanged, 1);
    assert_int_equal(rep.units_new, 1);
    err_list_free(&rep.errs);
    assert_int_equal(count("SELECT version FROM unit WHERE unit_no = '1-0101'"), before + 1);
    assert_int_equal(count("SELECT rent FROM unit WHERE unit_no = '1-0101'"), 160000);
    assert_int_equal(count("SELECT floors FROM building"), 19);
    assert_int_equal(count("SELECT count(*) FROM project WHERE name LIKE '%一期%'"), 1);
    assert_int_equal(audit_count("stock.import"), 3);
    assert_int_equal(audit_count("project.update"), 1);
    assert_int_equal(audit_count("building.update"), 1);
    assert_int_equal(audit_count("unit.update"), 1);
    assert_int_equal(audit_count("unit.status"), 1);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'unit.status' AND detail "
                           "LIKE '%status=vacant->reserved%'"),
                     1);
    /* nothing is deleted: a file without 1-1901 leaves it */
    struct stock_import_report again;
    assert_int_equal(
        import_text(HEADER GZF "1号楼,19,1-0101,studio,35.20,1,1,1600.00,,vacant\n", &again), 0);
    assert_true(again.committed);
    err_list_free(&again.errs);
    assert_int_equal(count("SELECT count(*) FROM unit"), 4);
}

static void projects_without_units_are_not_exported_and_rows_sort(void **state)
{
    (void)state;
    /* rows in any order come out by project code, building, floor, unit number */
    import_ok(HEADER GZF "2号楼,6,2-0101,studio,35.00,1,0,1500.00,,vacant\n" GYF
                         "3号楼,15,3-0201,two_room,78.50,2,1,,2826000.00,sold\n" GZF
                         "1号楼,18,1-1001,studio,35.00,10,0,1500.00,,vacant\n" GZF
                         "1号楼,18,1-0201,studio,35.00,2,0,1500.00,,vacant\n");
    struct stock_project p = good_project();
    strcpy(p.code, "EMPTY-1");
    struct err_list errs = {0};
    assert_int_equal(app_project_create(g->app, NULL, &p, &errs), 0);
    char *out = export_text();
    assert_string_equal(out, HEADER GYF "3号楼,15,3-0201,two_room,78.50,2,1,,2826000.00,sold\n" GZF
                                        "1号楼,18,1-0201,studio,35.00,2,0,1500.00,,vacant\n" GZF
                                        "1号楼,18,1-1001,studio,35.00,10,0,1500.00,,vacant\n" GZF
                                        "2号楼,6,2-0101,studio,35.00,1,0,1500.00,,vacant\n");
    free(out);
}

/* --- the use cases: roles, scope, versions, audit ---------------------------- */

static int64_t create_project(const struct actor *who, const char *code, const char *street,
                              enum programme prog, struct err_list *errs)
{
    struct stock_project p = good_project();
    strcpy(p.code, code);
    strcpy(p.region_code, street);
    p.programme = prog;
    if (app_project_create(g->app, who, &p, errs)) return 0;
    return p.id;
}

static struct stock_unit new_unit(const char *building, const char *no, int64_t floor)
{
    struct stock_unit u = good_unit();
    strcpy(u.building, building);
    strcpy(u.unit_no, no);
    u.floor = floor;
    return u;
}

static void roles_and_scope_decide_who_registers_and_sees_stock(void **state)
{
    (void)state;
    struct actor city = actor(1, ROLE_CITY_OFFICER, "110000"),
                 district = actor(2, ROLE_DISTRICT_OFFICER, "110105"),
                 other_district = actor(3, ROLE_DISTRICT_OFFICER, "110108"),
                 street = actor(4, ROLE_STREET_OFFICER, "110105019"),
                 other_street = actor(5, ROLE_STREET_OFFICER, "110105001"),
                 op = actor(6, ROLE_OPERATOR, "110000"),
                 other_city = actor(7, ROLE_OPERATOR, "120000"),
                 auditor = actor(8, ROLE_AUDITOR, ""), admin = actor(9, ROLE_ADMIN, ""),
                 applicant = actor(10, ROLE_APPLICANT, "");
    struct err_list errs = {0};
    /* who may register: district (own district), city, operator */
    int64_t id = create_project(&district, "P-1", "110105019", PROG_PUBLIC_RENTAL, &errs);
    assert_true(id > 0);
    assert_true(create_project(&city, "P-2", "110108028", PROG_AFFORDABLE_RENTAL, &errs) > 0);
    assert_true(create_project(&op, "P-3", "110114011", PROG_SHARED_OWNERSHIP, &errs) > 0);
    assert_int_equal(errs.total, 0);
    const struct actor *forbidden[] = {&street, &auditor, &admin, &applicant};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(
            create_project(forbidden[k], "P-X", "110105019", PROG_PUBLIC_RENTAL, &errs), 0);
        assert_int_equal(errs.items[0].code, ERR_FORBIDDEN);
        err_list_free(&errs);
    }
    /* outside the region: 403 naming region_code */
    assert_int_equal(create_project(&other_district, "P-X", "110105019", PROG_PUBLIC_RENTAL, &errs),
                     0);
    assert_int_equal(errs.items[0].code, ERR_FORBIDDEN);
    assert_string_equal(errs.items[0].field, "region_code");
    err_list_free(&errs);
    /* a taken code */
    assert_int_equal(create_project(&city, "P-1", "110105019", PROG_PUBLIC_RENTAL, &errs), 0);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT);
    assert_string_equal(errs.items[0].field, "code");
    err_list_free(&errs);

    /* who sees project P-1 (street 110105019): out of scope is the same 404 */
    struct project_view v;
    struct err e = {0}, missing = {0};
    const struct actor *see[] = {NULL, &city, &district, &street, &op, &auditor};
    for (size_t k = 0; k < 6; k++) {
        assert_int_equal(app_project_get(g->app, see[k], id, &v, &e), 0);
        project_view_free(&v);
    }
    assert_int_equal(app_project_get(g->app, NULL, 987654, &v, &missing), -1);
    const struct actor *blind[] = {&other_district, &other_street, &other_city};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(app_project_get(g->app, blind[k], id, &v, &e), -1);
        assert_int_equal(e.code, ERR_NOT_FOUND);
        assert_non_null(strstr(e.en, "does not exist"));
    }
    assert_int_equal(app_project_get(g->app, &admin, id, &v, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(app_project_get(g->app, &applicant, id, &v, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);

    /* lists are narrowed to the scope; another district is an empty page */
    struct stock_project_filter f = {.programme = -1, .status = -1, .page = 1, .page_size = 20};
    struct stock_project_summary *list;
    size_t n;
    int64_t total;
    assert_int_equal(app_project_list(g->app, &city, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    free(list);
    assert_int_equal(app_project_list(g->app, &street, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    free(list);
    assert_int_equal(app_project_list(g->app, &other_city, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
    f.district_code = "110108";
    assert_int_equal(app_project_list(g->app, &district, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
    f.district_code = NULL;
    f.programme = PROG_SHARED_OWNERSHIP;
    assert_int_equal(app_project_list(g->app, &auditor, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].p.code, "P-3");
    free(list);

    /* units: the district officer of another district cannot reach them */
    struct stock_unit u = new_unit("1号楼", "1-0101", 1);
    assert_int_equal(app_unit_create(g->app, &other_district, id, &u, 18, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_NOT_FOUND);
    err_list_free(&errs);
    assert_int_equal(app_unit_create(g->app, &street, id, &u, 18, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_FORBIDDEN);
    err_list_free(&errs);
    assert_int_equal(app_unit_create(g->app, &district, id, &u, 18, &errs), 0);
    struct stock_unit got;
    assert_int_equal(app_unit_get(g->app, &other_street, u.id, &got, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.en, "unit " /* same words as a missing one */ "1 does not exist");
    assert_int_equal(app_unit_get(g->app, &street, u.id, &got, &e), 0);
    got.status = UNIT_RESERVED;
    assert_int_equal(app_unit_update(g->app, &other_city, &got, got.version, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_NOT_FOUND);
    err_list_free(&errs);
}

static void units_new_buildings_versions_and_transitions(void **state)
{
    (void)state;
    struct err_list errs = {0};
    struct err e = {0};
    int64_t pid = create_project(NULL, "P-1", "110105019", PROG_PUBLIC_RENTAL, &errs);
    /* a new building needs its floors */
    struct stock_unit u = new_unit("1号楼", "1-0101", 1);
    assert_int_equal(app_unit_create(g->app, NULL, pid, &u, 0, &errs), -1);
    assert_string_equal(errs.items[0].field, "floors");
    err_list_free(&errs);
    assert_int_equal(app_unit_create(g->app, NULL, pid, &u, 18, &errs), 0);
    assert_int_equal(u.version, 1);
    assert_true(u.building_id > 0);
    /* an existing building: floors may be left out, or must match */
    struct stock_unit w = new_unit("1号楼", "1-1801", 18);
    assert_int_equal(app_unit_create(g->app, NULL, pid, &w, 12, &errs), -1);
    assert_string_equal(errs.items[0].field, "floors");
    err_list_free(&errs);
    assert_int_equal(app_unit_create(g->app, NULL, pid, &w, 0, &errs), 0);
    assert_int_equal(w.building_id, u.building_id);
    /* above the building's floors */
    struct stock_unit x = new_unit("1号楼", "1-1901", 19);
    assert_int_equal(app_unit_create(g->app, NULL, pid, &x, 0, &errs), -1);
    assert_string_equal(errs.items[0].field, "floor");
    err_list_free(&errs);
    /* the same number twice: 409 */
    struct stock_unit y = new_unit("1号楼", "1-0101", 1);
    assert_int_equal(app_unit_create(g->app, NULL, pid, &y, 0, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT);
    assert_string_equal(errs.items[0].field, "unit_no");
    err_list_free(&errs);
    assert_int_equal(audit_count("project.create"), 1);
    assert_int_equal(audit_count("building.create"), 1);
    assert_int_equal(audit_count("unit.create"), 2);

    /* status moves along the table only, with the version read */
    struct stock_unit got;
    assert_int_equal(app_unit_set_status(g->app, NULL, u.id, UNIT_LET, 1, &got, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_INVALID);
    assert_string_equal(errs.items[0].field, "status");
    err_list_free(&errs);
    assert_int_equal(app_unit_set_status(g->app, NULL, u.id, UNIT_RESERVED, 1, &got, &errs), 0);
    assert_int_equal(got.version, 2);
    assert_int_equal(app_unit_set_status(g->app, NULL, u.id, UNIT_OFFERED, 1, &got, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT); /* stale */
    assert_string_equal(errs.items[0].field, "version");
    err_list_free(&errs);
    const enum unit_status path[] = {UNIT_OFFERED, UNIT_LET, UNIT_VACANT, UNIT_MAINTENANCE,
                                     UNIT_VACANT};
    for (size_t k = 0; k < sizeof path / sizeof path[0]; k++)
        assert_int_equal(app_unit_set_status(g->app, NULL, u.id, path[k], got.version, &got, &errs),
                         0);
    assert_int_equal(got.version, 7);
    assert_int_equal(audit_count("unit.status"), 6);
    /* fields: a change is checked and audited; no change leaves the version */
    assert_int_equal(app_unit_get(g->app, NULL, u.id, &got, &e), 0);
    got.area = 4000;
    got.rent = 180000;
    assert_int_equal(app_unit_update(g->app, NULL, &got, 7, &errs), 0);
    assert_int_equal(got.version, 8);
    assert_int_equal(audit_count("unit.update"), 1);
    assert_int_equal(app_unit_update(g->app, NULL, &got, 8, &errs), 0);
    assert_int_equal(got.version, 8);
    got.price = 100;
    assert_int_equal(app_unit_update(g->app, NULL, &got, 8, &errs), -1);
    assert_string_equal(errs.items[0].field, "price");
    err_list_free(&errs);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity_type = 'unit'"), 9);

    /* counts by status in the project's view */
    struct project_view v;
    assert_int_equal(app_project_get(g->app, NULL, pid, &v, &e), 0);
    assert_int_equal(v.counts.total, 2);
    assert_int_equal(v.counts.by_status[UNIT_VACANT], 2);
    assert_int_equal(v.nbuildings, 1);
    assert_int_equal(v.buildings[0].counts.total, 2);
    project_view_free(&v);
    /* units list filters */
    struct stock_unit_filter uf = {.project_id = pid,
                                   .layout = LAYOUT_STUDIO,
                                   .status = -1,
                                   .accessible = -1,
                                   .page = 1,
                                   .page_size = 10};
    struct stock_unit *list;
    size_t n;
    int64_t total;
    assert_int_equal(app_unit_list(g->app, NULL, &uf, &list, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    free(list);
    uf.status = UNIT_LET;
    assert_int_equal(app_unit_list(g->app, NULL, &uf, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
}

static void import_and_export_are_for_the_command_line(void **state)
{
    (void)state;
    struct actor city = actor(1, ROLE_CITY_OFFICER, "110000");
    const char *text = HEADER;
    FILE *in = fmemopen((void *)text, strlen(text), "rb");
    struct stock_import_options o = {.encoding = CSV_UTF8};
    struct stock_import_report rep;
    struct err e = {0};
    assert_int_equal(app_stock_import(g->app, &city, in, &o, &rep, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    fclose(in);
    assert_int_equal(app_stock_export(g->app, &city, stdout, NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

/* --- the demo stock ------------------------------------------------------------- */

static void the_demo_stock_is_plausible_deterministic_and_imports_clean(void **state)
{
    (void)state;
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    struct demo_stock_stats st, st2;
    struct err e = {0};
    FILE *out = open_memstream(&a, &alen);
    assert_int_equal(demo_stock_generate(app_db(g->app), 7, 40, out, &st, &e), 0);
    fclose(out);
    out = open_memstream(&b, &blen);
    assert_int_equal(demo_stock_generate(app_db(g->app), 7, 40, out, &st2, &e), 0);
    fclose(out);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    assert_int_equal(st.projects, 40);
    assert_true(st.units > 40 * 12);
    /* the caps of each programme */
    assert_true(st.max_area[PROG_PUBLIC_RENTAL] <= 6000);
    assert_true(st.max_area[PROG_AFFORDABLE_RENTAL] <= 7000);
    assert_int_equal(st.units_by_status[UNIT_SOLD] + st.units_by_status[UNIT_LET] > 0, 1);
    assert_true(st.accessible > 0);
    /* it imports whole, and exports to the same bytes */
    struct stock_import_report rep;
    assert_int_equal(import_with(a, alen, NULL, CSV_UTF8, &rep, &e), 0);
    if (!rep.committed) dump(&rep);
    assert_true(rep.committed);
    assert_int_equal(rep.units_new, st.units);
    err_list_free(&rep.errs);
    char *exported = export_text();
    assert_int_equal(strlen(exported), alen);
    assert_memory_equal(exported, a, alen);
    /* shared ownership has prices and two or three rooms only */
    assert_int_equal(count("SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id"
                           " JOIN project p ON p.id = b.project_id WHERE p.programme ="
                           " 'shared_ownership' AND (u.price IS NULL OR u.layout NOT IN"
                           " ('two_room', 'three_room'))"),
                     0);
    /* another seed, another stock */
    free(b);
    b = NULL;
    out = open_memstream(&b, &blen);
    assert_int_equal(demo_stock_generate(app_db(g->app), 8, 40, out, NULL, &e), 0);
    fclose(out);
    assert_true(alen != blen || memcmp(a, b, alen) != 0);
    free(exported);
    free(a);
    free(b);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(project_rules_of_form),
        cmocka_unit_test(unit_rules_of_form),
        cmocka_unit_test(coordinates_parse_and_format),
        cmocka_unit_test(the_status_table),
        T(the_sample_imports_and_exports_the_same_bytes),
        T(every_import_error_names_its_line_and_column),
        T(a_header_that_is_not_the_format_is_refused),
        T(one_wrong_row_writes_nothing),
        T(rejects_take_the_bad_rows_and_the_rest_goes_in),
        T(gbk_files_are_read_with_the_encoding_option),
        T(a_re_import_updates_by_key_and_audits_each_change),
        T(projects_without_units_are_not_exported_and_rows_sort),
        T(roles_and_scope_decide_who_registers_and_sees_stock),
        T(units_new_buildings_versions_and_transitions),
        T(import_and_export_are_for_the_command_line),
        T(the_demo_stock_is_plausible_deterministic_and_imports_clean),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
