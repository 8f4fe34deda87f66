/* app household import/export: every edge case of the issue, through the
 * real importer into a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/idnum.h"
#include "store/household_store.h"

#define HEADER                                                                                     \
    "household_no,region_code,contact_phone,housing_address,housing_area,housing_tenure,"          \
    "priority_categories,income_end_month,name,id_number,relation,hukou_region_code,hukou_urban,"  \
    "marital_status,disability_grade,serious_illness,veteran,youfu,employer,work_region_code,"     \
    "social_insurance_months,income_01,income_02,income_03,income_04,income_05,income_06,"         \
    "income_07,income_08,income_09,income_10,income_11,income_12,home_count,home_area,home_value," \
    "vehicle_count,vehicle_value,deposits,securities,insurance\n"

/* the same with the column needs_accessible (written by every export) */
#define HEADER_ACC                                                                                 \
    "household_no,region_code,contact_phone,housing_address,housing_area,housing_tenure,"          \
    "priority_categories,income_end_month,needs_accessible,name,id_number,relation,"               \
    "hukou_region_code,hukou_urban,marital_status,disability_grade,serious_illness,veteran,youfu," \
    "employer,work_region_code,social_insurance_months,income_01,income_02,income_03,income_04,"   \
    "income_05,income_06,income_07,income_08,income_09,income_10,income_11,income_12,home_count,"  \
    "home_area,home_value,vehicle_count,vehicle_value,deposits,securities,insurance\n"

#define INCOMES                                                                                    \
    "3000.00,3000.00,3000.00,3000.00,3000.00,3000.00,3000.00,3000.00,3000.00,3000.00,3000.00,"     \
    "3000.00"
#define ASSETS "0,0.00,0.00,0,0.00,1000.00,0.00,0.00"

/* every test runs twice: row-by-row index maintenance, then the bulk path */
static enum import_bulk g_bulk = IMPORT_BULK_NEVER;

/* How a duplicate of an ID number imported earlier from the same file is
 * reported: by the unique index (row-by-row) or by the in-memory set (bulk). */
static const char *in_file_duplicate(const char *household, const char *line)
{
    static char buf[128];
    if (g_bulk == IMPORT_BULK_ALWAYS)
        snprintf(buf, sizeof buf, "same as on line %s", line);
    else
        snprintf(buf, sizeof buf, "already registered in household %s", household);
    return buf;
}

struct fixture {
    char path[64];
    struct app *app;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-import-XXXXXX");
    int fd = mkstemp(f->path);
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

/* A valid ID number for birth date YYYYMMDD and a sequence (odd = male). */
static const char *id_for(const char *birth8, int seq)
{
    static char ring[8][19];
    static int next;
    char *id = ring[next++ % 8];
    snprintf(id, 19, "110105%s%03d", birth8, seq);
    id[17] = idnum_check_char(id);
    id[18] = '\0';
    return id;
}

/* One member row of household no, living on a Chaoyang street. */
static void row(char *out, size_t cap, const char *no, const char *name, const char *id,
                const char *relation, const char *marital)
{
    snprintf(out, cap,
             "%s,110105001,13800138000,朝阳区建外街道 1 号,20.00,private_rental,,2026-10,%s,%s,"
             "%s,110105,1,%s,0,0,0,0,,,12," INCOMES "," ASSETS "\n",
             no, name, id, relation, marital);
}

/* The same row with needs_accessible (acc: its text, as in the file). */
static void row_acc(char *out, size_t cap, const char *no, const char *name, const char *id,
                    const char *relation, const char *marital, const char *acc)
{
    snprintf(out, cap,
             "%s,110105001,13800138000,朝阳区建外街道 1 号,20.00,private_rental,,2026-10,%s,%s,%s,"
             "%s,110105,1,%s,0,0,0,0,,,12," INCOMES "," ASSETS "\n",
             no, acc, name, id, relation, marital);
}

static void dump_errors(const struct import_report *rep)
{
    for (size_t i = 0; i < rep->errs.len; i++)
        fprintf(stderr, "  line %ld [%s] %s\n", rep->errs.items[i].row, rep->errs.items[i].field,
                rep->errs.items[i].en);
}

static int import_text(struct fixture *f, const char *text, size_t len, FILE *rejects,
                       enum csv_encoding enc, struct import_report *rep)
{
    FILE *in = fmemopen((void *)text, len, "rb");
    assert_non_null(in);
    struct import_options o = {.encoding = enc, .rejects = rejects, .bulk = g_bulk};
    struct err e = {0};
    int rc = app_household_import(f->app, NULL, in, &o, rep, &e);
    assert_int_equal(rep->bulk, g_bulk == IMPORT_BULK_ALWAYS);
    fclose(in);
    if (getenv("ANJU_TEST_VERBOSE")) dump_errors(rep);
    return rc;
}

static int64_t households(struct fixture *f)
{
    struct err e = {0};
    return household_store_count(app_db(f->app), &e);
}

static int has_error(const struct import_report *rep, long line, const char *field,
                     const char *en_part)
{
    for (size_t i = 0; i < rep->errs.len; i++) {
        const struct err *x = &rep->errs.items[i];
        if (x->row == line && (!field || strcmp(x->field, field) == 0) && strstr(x->en, en_part) &&
            x->zh[0])
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
    char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    p[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return p;
}

static char *export_all(struct fixture *f, size_t *len)
{
    char *data = NULL;
    FILE *out = open_memstream(&data, len);
    struct err e = {0};
    long n;
    assert_int_equal(app_household_export(f->app, NULL, out, &n, &e), 0);
    fclose(out);
    return data;
}

static void sample_file_imports_and_exports_byte_for_byte(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report rep;
    assert_int_equal(import_text(f, text, len, NULL, CSV_UTF8, &rep), 0);
    assert_int_equal(rep.errs.total, 0);
    assert_int_equal(rep.households_ok, 3);
    assert_int_equal(rep.members_imported, 5);
    assert_true(rep.committed);
    size_t elen;
    char *exported = export_all(f, &elen);
    assert_int_equal(elen, len);
    assert_memory_equal(exported, text, len);
    free(exported);
    free(text);
    err_list_free(&rep.errs);
    /* the bulk path rebuilt every index it dropped */
    struct db_stmt *s;
    struct err e = {0};
    assert_int_equal(
        db_prepare(app_db(f->app),
                   "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master"
                   " WHERE type = 'index' AND sql IS NOT NULL"
                   " AND tbl_name IN ('household', 'member', 'household_priority', 'region')"
                   " ORDER BY name)",
                   &s, &e),
        0);
    assert_int_equal(db_step(s, &e), 1);
    assert_string_equal(db_col_text(s, 0),
                        "household_district household_priority_category household_region"
                        " member_id_number member_id_reversed member_name region_parent");
    db_finalize(s);
}

static void bad_check_digit_names_row_and_column_and_imports_nothing(void **state)
{
    struct fixture *f = *state;
    char r1[1024], r2[1024], bad_id[19];
    strcpy(bad_id, id_for("19880312", 3));
    bad_id[17] = bad_id[17] == '1' ? '2' : '1';
    row(r1, sizeof r1, "H1", "张三", id_for("19880312", 5), "applicant", "unmarried");
    row(r2, sizeof r2, "H2", "李四", bad_id, "applicant", "unmarried");
    char text[4096];
    snprintf(text, sizeof text, HEADER "%s%s", r1, r2);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 3, "id_number", "check digit"));
    assert_int_equal(households(f), 0); /* H1 was fine but nothing is imported */
    err_list_free(&rep.errs);
}

static void all_errors_are_reported_at_once(void **state)
{
    struct fixture *f = *state;
    char text[8192] = HEADER, r[1024];
    row(r, sizeof r, "H1", "张三", "110105198803120031", "applicant",
        "unmarried"); /* check digit */
    strcat(text, r);
    row(r, sizeof r, "H2", "", id_for("19900101", 7), "applicant", "unmarried"); /* empty name */
    strcat(text, r);
    row(r, sizeof r, "H3", "王五", id_for("19900102", 9), "boss", "unmarried"); /* relation */
    strcat(text, r);
    strcat(text, "H4,110105001,too,few\n"); /* column count */
    row(r, sizeof r, "H5", "赵六", id_for("19900103", 11), "applicant", "married"); /* fine */
    strcat(text, r);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 2, "id_number", "check digit"));
    assert_true(has_error(&rep, 3, "name", "empty"));
    assert_true(has_error(&rep, 4, "relation", "invalid value"));
    assert_true(has_error(&rep, 5, NULL, "41 expected"));
    assert_int_equal(rep.households_bad, 4);
    assert_int_equal(rep.errs.total, 4);
    assert_int_equal(households(f), 0); /* H5 was fine, but one error stops everything */
    err_list_free(&rep.errs);
}

static void duplicate_id_number_in_file_and_in_database(void **state)
{
    struct fixture *f = *state;
    const char *dup = id_for("19750505", 13);
    char text[4096], r1[1024], r2[1024];
    row(r1, sizeof r1, "H1", "张三", dup, "applicant", "unmarried");
    row(r2, sizeof r2, "H2", "张三", dup, "applicant", "unmarried");
    snprintf(text, sizeof text, HEADER "%s%s", r1, r2);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 3, "id_number", in_file_duplicate("H1", "2")));
    assert_int_equal(households(f), 0);
    err_list_free(&rep.errs);

    /* now H1 is in the database; a later file with the same person is refused */
    snprintf(text, sizeof text, HEADER "%s", r1);
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_int_equal(households(f), 1);
    err_list_free(&rep.errs);
    row(r2, sizeof r2, "H9", "张三", dup, "applicant", "unmarried");
    snprintf(text, sizeof text, HEADER "%s", r2);
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 2, "id_number", "already registered in household H1"));
    assert_int_equal(households(f), 1);
    err_list_free(&rep.errs);
}

static void duplicate_id_within_one_household(void **state)
{
    struct fixture *f = *state;
    const char *dup = id_for("19750505", 15);
    char text[4096], r1[1024], r2[1024];
    row(r1, sizeof r1, "H1", "张三", dup, "applicant", "married");
    row(r2, sizeof r2, "H1", "李四", dup, "spouse", "married");
    snprintf(text, sizeof text, HEADER "%s%s", r1, r2);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 3, "id_number", "appears twice"));
    err_list_free(&rep.errs);
}

static void gbk_file_is_refused_with_a_hint_and_imports_with_gbk_encoding(void **state)
{
    struct fixture *f = *state;
    /* name 张三 and address 朝阳区 1 as GBK bytes */
    char text[4096], r[1024];
    snprintf(r, sizeof r,
             "H1,110105001,13800138000,\xb3\xaf\xd1\xf4\xc7\xf8 1,20.00,private_rental,,2026-10,"
             "\xd5\xc5\xc8\xfd,%s,applicant,110105,1,unmarried,0,0,0,0,,,12," INCOMES "," ASSETS
             "\n",
             id_for("19800101", 17));
    snprintf(text, sizeof text, HEADER "%s", r);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 2, NULL, "GBK"));
    assert_int_equal(households(f), 0);
    err_list_free(&rep.errs);
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_GBK, &rep), 0);
    assert_int_equal(rep.errs.total, 0);
    assert_int_equal(households(f), 1);
    struct household_summary *list;
    size_t n;
    int64_t total;
    struct household_filter filter = {.page = 1, .page_size = 10};
    struct err e = {0};
    assert_int_equal(app_household_list(f->app, NULL, &filter, &list, &n, &total, &e), 0);
    assert_string_equal(list[0].applicant_name, "张三");
    free(list);
    err_list_free(&rep.errs);
}

static void bom_and_crlf_are_accepted(void **state)
{
    struct fixture *f = *state;
    char r[1024], text[4096];
    row(r, sizeof r, "H1", "张三", id_for("19800101", 19), "applicant", "unmarried");
    r[strlen(r) - 1] = '\0';
    char hdr[2048] = HEADER;
    hdr[strlen(hdr) - 1] = '\0';
    snprintf(text, sizeof text, "\xef\xbb\xbf%s\r\n%s\r\n", hdr, r);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_int_equal(rep.errs.total, 0);
    assert_int_equal(households(f), 1);
    err_list_free(&rep.errs);
}

static void quoted_commas_quotes_and_newlines_round_trip(void **state)
{
    struct fixture *f = *state;
    char r[1024], text[4096];
    row_acc(r, sizeof r, "H1", "张三", id_for("19800101", 21), "applicant", "unmarried", "0");
    const char *plain = "朝阳区建外街道 1 号";
    char *addr = strstr(r, plain);
    char fixed[1024];
    snprintf(fixed, sizeof fixed, "%.*s\"朝阳区, \"\"光华里\"\"\n2 号楼\"%s", (int)(addr - r), r,
             addr + strlen(plain));
    snprintf(text, sizeof text, HEADER_ACC "%s", fixed);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_int_equal(rep.errs.total, 0);
    struct household h;
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, 1, &h, &e), 0);
    assert_string_equal(h.housing_address, "朝阳区, \"光华里\"\n2 号楼");
    size_t elen;
    char *exported = export_all(f, &elen);
    assert_int_equal(elen, strlen(text));
    assert_memory_equal(exported, text, elen);
    free(exported);
    err_list_free(&rep.errs);
}

static void household_columns_must_agree_and_rows_be_consecutive(void **state)
{
    struct fixture *f = *state;
    char r1[1024], r2[1024], r3[1024], text[8192];
    row(r1, sizeof r1, "H1", "张三", id_for("19800101", 23), "applicant", "married");
    row(r2, sizeof r2, "H1", "李四", id_for("19800101", 24), "spouse", "married");
    char *phone = strstr(r2, "13800138000");
    memcpy(phone, "13900139000", 11);
    snprintf(text, sizeof text, HEADER "%s%s", r1, r2);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 3, "contact_phone", "must agree"));
    err_list_free(&rep.errs);

    row(r2, sizeof r2, "H2", "王五", id_for("19800101", 25), "applicant", "unmarried");
    row(r3, sizeof r3, "H1", "李四", id_for("19800101", 27), "other", "unmarried");
    snprintf(text, sizeof text, HEADER "%s%s%s", r1, r2, r3);
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 4, "household_no", "not consecutive"));
    assert_int_equal(households(f), 0);
    err_list_free(&rep.errs);
}

/* regression: a household whose only row had the wrong column count was
 * blamed for the previous household's number ("already exists") */
static void a_short_row_is_not_confused_with_the_previous_household(void **state)
{
    struct fixture *f = *state;
    char r1[1024], text[4096];
    row(r1, sizeof r1, "H1", "张三", id_for("19800101", 41), "applicant", "unmarried");
    snprintf(text, sizeof text, HEADER "%sH2,110105001,too,few\n", r1);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 3, NULL, "41 expected"));
    assert_int_equal(rep.errs.total, 1);
    err_list_free(&rep.errs);
}

static void wrong_header_is_refused(void **state)
{
    struct fixture *f = *state;
    const char *text = "household_no,region,phone\nH1,1,2\n";
    FILE *in = fmemopen((void *)text, strlen(text), "rb");
    struct import_options o = {0};
    struct import_report rep;
    struct err e = {0};
    assert_int_equal(app_household_import(f->app, NULL, in, &o, &rep, &e), -1);
    fclose(in);
    assert_string_equal(e.field, "region_code");
    assert_int_equal(e.row, 1);
    assert_non_null(strstr(e.en, "header column 2"));
    err_list_free(&rep.errs);
}

static void unterminated_quote_imports_nothing_even_with_skip_bad(void **state)
{
    struct fixture *f = *state;
    char r1[1024], text[4096];
    row(r1, sizeof r1, "H1", "张三", id_for("19800101", 29), "applicant", "unmarried");
    snprintf(text, sizeof text, HEADER "%sH2,\"unterminated\n", r1);
    char *rej = NULL;
    size_t rlen;
    FILE *rejects = open_memstream(&rej, &rlen);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), rejects, CSV_UTF8, &rep), 0);
    fclose(rejects);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 3, NULL, "quote"));
    assert_int_equal(households(f), 0);
    free(rej);
    err_list_free(&rep.errs);
}

static void skip_bad_imports_good_households_and_writes_rejects(void **state)
{
    struct fixture *f = *state;
    char r1[1024], r2[1024], r3[1024], r4[1024], text[8192];
    row(r1, sizeof r1, "H1", "张三", id_for("19800101", 31), "applicant", "married");
    row(r2, sizeof r2, "H1", "李四", id_for("19800101", 32), "spouse", "married");
    row(r3, sizeof r3, "H2", "王五", "110105198001010000", "applicant", "unmarried");
    row(r4, sizeof r4, "H3", "赵六", id_for("19800101", 33), "applicant", "unmarried");
    /* H3 shares an ID with H1's spouse: the unique index catches it mid-insert */
    row(r4, sizeof r4, "H3", "赵六", id_for("19800101", 32), "applicant", "unmarried");
    snprintf(text, sizeof text, HEADER "%s%s%s%s", r1, r2, r3, r4);
    char *rej = NULL;
    size_t rlen;
    FILE *rejects = open_memstream(&rej, &rlen);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), rejects, CSV_UTF8, &rep), 0);
    fclose(rejects);
    assert_true(rep.committed);
    assert_int_equal(rep.households_ok, 1);
    assert_int_equal(rep.households_bad, 2);
    assert_int_equal(households(f), 1);
    /* rejects: the header plus error columns, then H2's and H3's rows with reasons */
    assert_non_null(strstr(rej, "insurance,error_line,error_zh,error_en\n"));
    /* the rejects repeat the file's own header: this one has no needs_accessible */
    assert_null(strstr(rej, "needs_accessible"));
    assert_non_null(strstr(rej, "H2,110105001"));
    assert_non_null(strstr(rej, ",4,"));
    assert_non_null(strstr(rej, "check digit"));
    assert_non_null(strstr(rej, "H3,110105001"));
    assert_non_null(strstr(rej, in_file_duplicate("H1", "3")));
    assert_null(strstr(rej, "H1,110105001"));
    /* no stray member of H3 was left behind by the failed insert */
    struct household_summary *list;
    size_t n;
    int64_t total;
    struct household_filter filter = {.q = "赵六", .page = 1, .page_size = 10};
    struct err e = {0};
    assert_int_equal(app_household_list(f->app, NULL, &filter, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    free(list);
    free(rej);
    err_list_free(&rep.errs);
}

static void list_searches_by_name_prefix_and_id_suffix(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report rep;
    assert_int_equal(import_text(f, text, len, NULL, CSV_UTF8, &rep), 0);
    err_list_free(&rep.errs);
    free(text);
    struct household_summary *list;
    size_t n;
    int64_t total;
    struct err e = {0};
    struct household_filter q1 = {.q = "张", .page = 1, .page_size = 10};
    assert_int_equal(app_household_list(f->app, NULL, &q1, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1); /* 张伟 and 张子涵 are one household */
    assert_string_equal(list[0].household_no, "BJ2026000001");
    assert_int_equal(list[0].member_count, 3);
    free(list);
    struct household_filter q2 = {.q = "0026", .page = 1, .page_size = 10};
    assert_int_equal(app_household_list(f->app, NULL, &q2, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].applicant_name, "王秀英");
    assert_int_equal(list[0].priority, (1u << PRI_DIBAO) | (1u << PRI_SERIOUS_ILLNESS));
    free(list);
    struct household_filter q3 = {.district_code = "110114", .page = 1, .page_size = 10};
    assert_int_equal(app_household_list(f->app, NULL, &q3, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].household_no, "BJ2026000003");
    free(list);
    struct household_filter all = {.page = 2, .page_size = 2};
    assert_int_equal(app_household_list(f->app, NULL, &all, &list, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_int_equal(n, 1);
    free(list);
}

static void stale_version_is_a_conflict(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report rep;
    assert_int_equal(import_text(f, text, len, NULL, CSV_UTF8, &rep), 0);
    err_list_free(&rep.errs);
    free(text);
    struct household h;
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, 2, &h, &e), 0);
    strcpy(h.contact_phone, "13700137000");
    struct err_list errs = {0};
    assert_int_equal(app_household_replace(f->app, NULL, &h, 1, &errs), 0);
    assert_int_equal(h.version, 2);
    assert_int_equal(app_household_replace(f->app, NULL, &h, 1, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT);
    assert_string_equal(errs.items[0].field, "version");
    err_list_free(&errs);
    assert_int_equal(app_household_get(f->app, NULL, 2, &h, &e), 0);
    assert_string_equal(h.contact_phone, "13700137000");
    assert_int_equal(app_household_get(f->app, NULL, 99, &h, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void unknown_street_is_refused(void **state)
{
    struct fixture *f = *state;
    char r[1024], text[4096];
    row(r, sizeof r, "H1", "张三", id_for("19800101", 35), "applicant", "unmarried");
    memcpy(strstr(r, "110105001"), "110105999", 9);
    snprintf(text, sizeof text, HEADER "%s", r);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_true(has_error(&rep, 2, "region_code", "not in the region table"));
    err_list_free(&rep.errs);
}

/* Files exported before needs_accessible existed import as 0 and export
 * with the column. */
static void file_without_needs_accessible_imports_as_no(void **state)
{
    struct fixture *f = *state;
    char r1[1024], r2[1024], text[4096];
    row(r1, sizeof r1, "H1", "张三", id_for("19800101", 41), "applicant", "married");
    row(r2, sizeof r2, "H1", "李四", id_for("19800101", 42), "spouse", "married");
    snprintf(text, sizeof text, HEADER "%s%s", r1, r2);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_int_equal(rep.errs.total, 0);
    assert_int_equal(rep.households_ok, 1);
    struct household h;
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, 1, &h, &e), 0);
    assert_int_equal(h.needs_accessible, 0);
    char w1[1024], w2[1024], want[4096];
    row_acc(w1, sizeof w1, "H1", "张三", id_for("19800101", 41), "applicant", "married", "0");
    row_acc(w2, sizeof w2, "H1", "李四", id_for("19800101", 42), "spouse", "married", "0");
    snprintf(want, sizeof want, HEADER_ACC "%s%s", w1, w2);
    size_t elen;
    char *exported = export_all(f, &elen);
    assert_int_equal(elen, strlen(want));
    assert_memory_equal(exported, want, elen);
    free(exported);
    err_list_free(&rep.errs);
}

static void needs_accessible_round_trips(void **state)
{
    struct fixture *f = *state;
    char r1[1024], r2[1024], r3[1024], text[4096];
    row_acc(r1, sizeof r1, "H1", "张三", id_for("19500101", 43), "applicant", "married", "1");
    row_acc(r2, sizeof r2, "H1", "李四", id_for("19520101", 44), "spouse", "married", "1");
    row_acc(r3, sizeof r3, "H2", "王五", id_for("19800101", 45), "applicant", "unmarried", "0");
    snprintf(text, sizeof text, HEADER_ACC "%s%s%s", r1, r2, r3);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_int_equal(rep.errs.total, 0);
    assert_int_equal(rep.households_ok, 2);
    struct household h;
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, 1, &h, &e), 0);
    assert_int_equal(h.needs_accessible, 1);
    assert_int_equal(app_household_get(f->app, NULL, 2, &h, &e), 0);
    assert_int_equal(h.needs_accessible, 0);
    size_t elen;
    char *exported = export_all(f, &elen);
    assert_int_equal(elen, strlen(text));
    assert_memory_equal(exported, text, elen);
    free(exported);
    err_list_free(&rep.errs);
}

static void bad_needs_accessible_is_named_by_row_and_column(void **state)
{
    struct fixture *f = *state;
    char r1[1024], r2[1024], r3[1024], text[4096];
    row_acc(r1, sizeof r1, "H1", "张三", id_for("19800101", 46), "applicant", "unmarried", "yes");
    row_acc(r2, sizeof r2, "H2", "李四", id_for("19800101", 47), "applicant", "married", "1");
    row_acc(r3, sizeof r3, "H2", "王五", id_for("19800101", 48), "spouse", "married", "0");
    snprintf(text, sizeof text, HEADER_ACC "%s%s%s", r1, r2, r3);
    struct import_report rep;
    assert_int_equal(import_text(f, text, strlen(text), NULL, CSV_UTF8, &rep), 0);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 2, "needs_accessible", "must be 0 (no) or 1 (yes), got \"yes\""));
    assert_true(has_error(&rep, 4, "needs_accessible", "must agree on household columns"));
    assert_int_equal(households(f), 0);
    err_list_free(&rep.errs);
}

static void needs_accessible_out_of_place_is_refused(void **state)
{
    struct fixture *f = *state;
    /* the column belongs after income_end_month, not at the end */
    char text[2048];
    snprintf(text, sizeof text, "%.*s,needs_accessible\n", (int)strlen(HEADER) - 1, HEADER);
    FILE *in = fmemopen((void *)text, strlen(text), "rb");
    struct import_options o = {0};
    struct import_report rep;
    struct err e = {0};
    assert_int_equal(app_household_import(f->app, NULL, in, &o, &rep, &e), -1);
    fclose(in);
    assert_int_equal(e.row, 1);
    assert_non_null(
        strstr(e.en, "header column 42 \"needs_accessible\" is surplus or out of place"));
    assert_non_null(strstr(e.zh, "第 42 列“needs_accessible”多余或位置不对"));
    err_list_free(&rep.errs);
}

/* A household built in memory: one applicant on a Chaoyang street. */
static void one_person(struct household *h, const char *no, int seq)
{
    memset(h, 0, sizeof *h);
    snprintf(h->household_no, sizeof h->household_no, "%s", no);
    strcpy(h->region_code, "110105001");
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "朝阳区建外街道 1 号");
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-10");
    h->nmembers = 1;
    struct member *m = &h->members[0];
    strcpy(m->name, "张三");
    snprintf(m->id_number, sizeof m->id_number, "%s", id_for("19800101", seq));
    m->relation = REL_APPLICANT;
    m->hukou_urban = 1;
    strcpy(m->hukou_region_code, "110105");
}

static const char *create(struct fixture *f, struct household *h)
{
    struct err_list errs = {0};
    int rc = app_household_create(f->app, NULL, h, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "  %s: %s\n", errs.items[i].field, errs.items[i].en);
    err_list_free(&errs);
    assert_int_equal(rc, 0);
    return h->household_no;
}

static void server_assigns_numbers_w_year_sequence(void **state)
{
    struct fixture *f = *state;
    setenv("ANJU_TODAY", "2026-11-02", 1);
    struct household h;
    one_person(&h, "", 51);
    h.needs_accessible = 1;
    assert_string_equal(create(f, &h), "W2026000001");
    struct household got;
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, h.id, &got, &e), 0);
    assert_string_equal(got.household_no, "W2026000001");
    assert_int_equal(got.needs_accessible, 1);
    /* a number given by staff is honoured, and one of the same form is skipped */
    one_person(&h, "W2026000009", 52);
    assert_string_equal(create(f, &h), "W2026000009");
    one_person(&h, "W20260000999", 53); /* longer: not of the form */
    assert_string_equal(create(f, &h), "W20260000999");
    one_person(&h, "W2025999999", 54); /* last year's */
    create(f, &h);
    one_person(&h, "", 55);
    assert_string_equal(create(f, &h), "W2026000010");
    assert_int_equal(h.needs_accessible, 0);
    /* the audit entry of the creation names the number */
    struct db_stmt *s;
    assert_int_equal(db_prepare(app_db(f->app),
                                "SELECT detail FROM audit_log WHERE action = 'household.create'"
                                " ORDER BY seq DESC LIMIT 1",
                                &s, &e),
                     0);
    assert_int_equal(db_step(s, &e), 1);
    assert_non_null(strstr(db_col_text(s, 0), "household_no=W2026000010"));
    db_finalize(s);
    /* a new year starts again at 1 */
    setenv("ANJU_TODAY", "2027-01-01", 1);
    one_person(&h, "", 56);
    assert_string_equal(create(f, &h), "W2027000001");
    /* a refused household gets no number */
    one_person(&h, "", 57);
    strcpy(h.region_code, "110105999");
    struct err_list errs = {0};
    assert_int_not_equal(app_household_create(f->app, NULL, &h, &errs), 0);
    assert_string_equal(h.household_no, "");
    err_list_free(&errs);
    unsetenv("ANJU_TODAY");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(sample_file_imports_and_exports_byte_for_byte),
        T(bad_check_digit_names_row_and_column_and_imports_nothing),
        T(all_errors_are_reported_at_once),
        T(duplicate_id_number_in_file_and_in_database),
        T(duplicate_id_within_one_household),
        T(gbk_file_is_refused_with_a_hint_and_imports_with_gbk_encoding),
        T(bom_and_crlf_are_accepted),
        T(quoted_commas_quotes_and_newlines_round_trip),
        T(household_columns_must_agree_and_rows_be_consecutive),
        T(a_short_row_is_not_confused_with_the_previous_household),
        T(wrong_header_is_refused),
        T(unterminated_quote_imports_nothing_even_with_skip_bad),
        T(skip_bad_imports_good_households_and_writes_rejects),
        T(list_searches_by_name_prefix_and_id_suffix),
        T(stale_version_is_a_conflict),
        T(unknown_street_is_refused),
        T(file_without_needs_accessible_imports_as_no),
        T(needs_accessible_round_trips),
        T(bad_needs_accessible_is_named_by_row_and_column),
        T(needs_accessible_out_of_place_is_refused),
        T(server_assigns_numbers_w_year_sequence),
    };
    int failed = cmocka_run_group_tests_name("row by row", tests, NULL, NULL);
    g_bulk = IMPORT_BULK_ALWAYS;
    failed += cmocka_run_group_tests_name("bulk load", tests, NULL, NULL);
    return failed;
}
