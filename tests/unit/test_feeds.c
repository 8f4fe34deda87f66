/* Shared-data feeds: the eight file formats (io/feed_csv), the importer
 * (app/feeds) with every error kind, the store (store/feed_store), the
 * `anju feeds` command and the demo feeds generator (app/demo_feeds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/demo.h"
#include "app/demo_feeds.h"
#include "app/feeds.h"
#include "base/idnum.h"
#include "cli/cli.h"
#include "io/feed_csv.h"
#include "store/feed_store.h"

/* every test runs twice: indexes maintained row by row, then dropped and
 * rebuilt (the bulk path of large files) */
static enum import_bulk g_bulk = IMPORT_BULK_NEVER;

/* ---- fixture ------------------------------------------------------------- */

struct fixture {
    char path[64];
    struct app *app;
};

static int setup(void **state)
{
    /* ID numbers are checked against "today"; the demo data needs a date
     * after its reference month */
    setenv("ANJU_TODAY", "2026-11-15", 1);
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-feeds-XXXXXX");
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
    snprintf(p, sizeof p, "%s-journal", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* ---- helpers ------------------------------------------------------------- */

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

static char *sample(enum feed_source s, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/feeds/%s.csv", ANJU_TEST_DATA, feed_source_names[s].code);
    return read_file(path, len);
}

static void dump_errors(const struct feed_import_report *rep)
{
    for (size_t i = 0; i < rep->errs.len; i++)
        fprintf(stderr, "  line %ld [%s] %s / %s\n", rep->errs.items[i].row,
                rep->errs.items[i].field, rep->errs.items[i].zh, rep->errs.items[i].en);
}

static int import_enc(struct fixture *f, enum feed_source s, const char *text, size_t len,
                      enum csv_encoding enc, struct feed_import_report *rep)
{
    FILE *in = fmemopen((void *)text, len, "rb");
    assert_non_null(in);
    struct feed_import_options o = {.encoding = enc, .bulk = g_bulk};
    struct err e = {0};
    int rc = app_feed_import(f->app, NULL, s, in, "test.csv", &o, rep, &e);
    fclose(in);
    if (rep->committed) assert_int_equal(rep->bulk, g_bulk == IMPORT_BULK_ALWAYS);
    if (rc) fprintf(stderr, "import failed: %s\n", e.en);
    if (getenv("ANJU_TEST_VERBOSE")) dump_errors(rep);
    return rc;
}

static int import_text(struct fixture *f, enum feed_source s, const char *text,
                       struct feed_import_report *rep)
{
    return import_enc(f, s, text, strlen(text), CSV_UTF8, rep);
}

/* Imports text and expects it to be committed. */
static void import_ok(struct fixture *f, enum feed_source s, const char *text, size_t len)
{
    struct feed_import_report rep;
    assert_int_equal(import_enc(f, s, text, len, CSV_UTF8, &rep), 0);
    if (rep.errs.total) dump_errors(&rep);
    assert_int_equal(rep.errs.total, 0);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
}

static void import_sample(struct fixture *f, enum feed_source s)
{
    size_t len;
    char *text = sample(s, &len);
    import_ok(f, s, text, len);
    free(text);
}

static void import_households_sample(struct fixture *f)
{
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    FILE *in = fmemopen(text, len, "rb");
    struct import_options o = {.encoding = CSV_UTF8};
    struct import_report rep;
    struct err e = {0};
    assert_int_equal(app_household_import(f->app, NULL, in, &o, &rep, &e), 0);
    assert_true(rep.committed);
    fclose(in);
    err_list_free(&rep.errs);
    free(text);
}

static int has_error(const struct feed_import_report *rep, long line, const char *field,
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

/* The batch in force for s (0 when none) and its row count. */
static int64_t batch_of(struct fixture *f, enum feed_source s, long *rows)
{
    struct feed_batch_info *list;
    size_t n;
    struct err e = {0};
    assert_int_equal(app_feed_batches(f->app, NULL, &list, &n, &e), 0);
    int64_t id = 0;
    for (size_t i = 0; i < n; i++)
        if (list[i].source == s) {
            id = list[i].id;
            if (rows) *rows = list[i].rows;
        }
    free(list);
    return id;
}

static int64_t count_rows(struct fixture *f, enum feed_source s)
{
    struct db_stmt *st;
    struct err e = {0};
    assert_int_equal(
        db_prepare(app_db(f->app), "SELECT count(*) FROM feed_record WHERE source = $s", &st, &e),
        0);
    assert_int_equal(db_bind_text(st, "$s", feed_source_names[s].code, &e), 0);
    assert_int_equal(db_step(st, &e), 1);
    int64_t n = db_col_int(st, 0);
    db_finalize(st);
    return n;
}

/* The indexes of feed_record, by name. */
static void assert_indexes_in_place(struct fixture *f)
{
    struct db_stmt *st;
    struct err e = {0};
    assert_int_equal(
        db_prepare(app_db(f->app),
                   "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master"
                   " WHERE type = 'index' AND tbl_name = 'feed_record' ORDER BY name)",
                   &st, &e),
        0);
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "feed_record_person feed_record_source");
    db_finalize(st);
}

/* A valid ID number for birth date YYYYMMDD and a sequence. */
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

/* ---- the formats ---------------------------------------------------------- */

static void every_source_has_a_documented_table(void **state)
{
    (void)state;
    for (int s = 0; s < FEED_COUNT; s++) {
        const struct feed_format *fmt = feed_format_of((enum feed_source)s);
        assert_int_equal(fmt->source, s);
        assert_true(fmt->ncols >= 3 && fmt->ncols <= FEED_CSV_MAX_COLS);
        assert_string_equal(fmt->cols[0].name, "id_number");
        assert_string_equal(fmt->cols[1].name, "name");
        int keys = 0;
        for (int k = 0; k < fmt->ncols; k++) {
            assert_true(fmt->cols[k].zh[0] && fmt->cols[k].en[0]);
            keys += fmt->cols[k].field == FEED_F_KEY;
        }
        /* many-row sources tell their rows apart by a key */
        assert_int_equal(keys, fmt->one_per_person ? (s == FEED_PROVIDENT_FUND) : 1);
    }
    assert_true(feed_format_of(FEED_CIVIL_AFFAIRS)->one_per_person);
    assert_true(feed_format_of(FEED_SOCIAL_INSURANCE)->one_per_person);
    assert_true(feed_format_of(FEED_PROVIDENT_FUND)->one_per_person);
    assert_false(feed_format_of(FEED_DEPOSITS)->one_per_person);
}

/* Reads a sample with io/feed_csv and writes it back: the samples are in the
 * canonical form, so the bytes are the same. */
static void samples_parse_and_write_back_byte_for_byte(void **state)
{
    (void)state;
    for (int s = 0; s < FEED_COUNT; s++) {
        size_t len;
        char *text = sample((enum feed_source)s, &len);
        struct csv_reader *r = csv_reader_new_mem(text, len);
        struct feed_csv *fc;
        struct err_list errs = {0};
        struct err e = {0};
        assert_int_equal(feed_csv_open(r, (enum feed_source)s, &fc, &errs, &e), 0);
        struct buf out = {0};
        assert_int_equal(feed_csv_write_header(&out, (enum feed_source)s), 0);
        struct feed_record rec;
        int bad, n = 0;
        while (feed_csv_next(fc, &rec, &bad, &errs) == 1) {
            assert_false(bad);
            assert_int_equal(rec.source, s);
            assert_int_equal(rec.line, n + 2);
            assert_int_equal(feed_csv_write(&out, &rec), 0);
            n++;
        }
        assert_int_equal(errs.total, 0);
        assert_int_equal(feed_csv_rows(fc), n);
        assert_int_equal(out.len, len);
        assert_memory_equal(out.data, text, len);
        feed_csv_close(fc);
        buf_free(&out);
        free(text);
    }
}

static void civil_affairs_fields(void **state)
{
    (void)state;
    const char *text = "id_number,name,status,assessed_income\n"
                       "110102195709180026,王秀英,dibao,17280.00\n"
                       "110105198803120030,张伟,none,\n"
                       "110108199007210047,李娜,low_income,12000\n";
    struct csv_reader *r = csv_reader_new_mem(text, strlen(text));
    struct feed_csv *fc;
    struct err_list errs = {0};
    struct err e = {0};
    assert_int_equal(feed_csv_open(r, FEED_CIVIL_AFFAIRS, &fc, &errs, &e), 0);
    struct feed_record rec;
    int bad;
    assert_int_equal(feed_csv_next(fc, &rec, &bad, &errs), 1);
    assert_string_equal(rec.id_number, "110102195709180026");
    assert_string_equal(rec.name, "王秀英");
    assert_int_equal(rec.status, CIVIL_DIBAO);
    assert_int_equal(rec.has_amount, 1);
    assert_int_equal(rec.amount, 1728000);
    assert_int_equal(feed_csv_next(fc, &rec, &bad, &errs), 1);
    assert_int_equal(rec.status, CIVIL_NONE);
    assert_int_equal(rec.has_amount, 0); /* not assessed */
    assert_int_equal(rec.amount, 0);
    assert_int_equal(feed_csv_next(fc, &rec, &bad, &errs), 1);
    assert_int_equal(rec.status, CIVIL_LOW_INCOME);
    assert_int_equal(rec.amount, 1200000); /* fewer decimals are read the same */
    assert_int_equal(feed_csv_next(fc, &rec, &bad, &errs), 0);
    assert_int_equal(errs.total, 0);
    feed_csv_close(fc);
}

static void columns_may_come_in_any_order(void **state)
{
    (void)state;
    const char *text = "value,area,address,certificate_no,name,id_number\n"
                       "2815000.00,56.30,北京市朝阳区某处,京(2019)朝阳区不动产权第0056789号,张伟,"
                       "110105198803120030\n";
    struct csv_reader *r = csv_reader_new_mem(text, strlen(text));
    struct feed_csv *fc;
    struct err_list errs = {0};
    struct err e = {0};
    assert_int_equal(feed_csv_open(r, FEED_PROPERTY, &fc, &errs, &e), 0);
    struct feed_record rec;
    int bad;
    assert_int_equal(feed_csv_next(fc, &rec, &bad, &errs), 1);
    assert_false(bad);
    assert_string_equal(rec.id_number, "110105198803120030");
    assert_string_equal(rec.key, "京(2019)朝阳区不动产权第0056789号");
    assert_string_equal(rec.label, "北京市朝阳区某处");
    assert_int_equal(rec.area, 5630);
    assert_int_equal(rec.amount, 281500000);
    feed_csv_close(fc);
}

/* ---- errors: every kind names line and column, and writes nothing --------- */

struct bad_case {
    enum feed_source source;
    const char *text;
    long line;
    const char *field; /* NULL: any */
    const char *en_part;
};

#define CA_HEADER "id_number,name,status,assessed_income\n"
#define DEP_HEADER "id_number,name,bank,account_no,balance\n"
#define SI_HEADER "id_number,name,employer,region_code,months\n"
#define PROP_HEADER "id_number,name,certificate_no,address,area,value\n"

static const struct bad_case bad_cases[] = {
    {FEED_CIVIL_AFFAIRS, "", 1, NULL, "empty"},
    {FEED_CIVIL_AFFAIRS, "id_number,name,status\n110105198803120030,张伟,none\n", 1,
     "assessed_income", "lacks column \"assessed_income\""},
    {FEED_CIVIL_AFFAIRS,
     "id_number,name,status,assessed_income,income\n110105198803120030,张伟,none,,\n", 1, "income",
     "is not a column of a civil_affairs file"},
    {FEED_CIVIL_AFFAIRS,
     "id_number,name,status,status,assessed_income\n110105198803120030,张伟,none,none,\n", 1,
     "status", "repeats column 3"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120031,张伟,none,\n", 2, "id_number",
     "check digit is wrong: expected 0, got 1"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "11010519880312003,张伟,none,\n", 2, "id_number", "18"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,,none,\n", 2, "name", "must not be empty"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,张伟,poor,\n", 2, "status",
     "invalid value \"poor\""},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,张伟,dibao,12.345\n", 2, "assessed_income",
     "at most two decimals"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,张伟,dibao,1 200.00\n", 2, "assessed_income",
     "not a valid number"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,张伟,dibao,-5.00\n", 2, "assessed_income",
     "cannot be negative"},
    {FEED_CIVIL_AFFAIRS,
     CA_HEADER "110105198803120030,张伟,none,\n110102195709180026,王秀英,dibao,1.00\n"
               "110105198803120030,张伟,dibao,\n",
     4, "id_number", "already has a row on line 2"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,张伟,none\n", 2, "",
     "3 columns, 4 expected"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,张伟,none,,\n", 2, "",
     "5 columns, 4 expected"},
    {FEED_CIVIL_AFFAIRS, CA_HEADER "110105198803120030,\"张伟,none,\n", 2, NULL, "quote"},
    {FEED_DEPOSITS,
     DEP_HEADER "110105198803120030,张伟,京华商业银行,6217001,100.00\n"
                "110105198803120030,张伟,北辰银行,6217002,100.00\n"
                "110105198803120030,张伟,京华商业银行,6217001,200.00\n",
     4, "account_no", "same ID number and account_no \"6217001\" is already on line 2"},
    {FEED_DEPOSITS, DEP_HEADER "110105198803120030,张伟,京华商业银行,,100.00\n", 2, "account_no",
     "must not be empty"},
    {FEED_DEPOSITS, DEP_HEADER "110105198803120030,张伟,京华商业银行,6217001,-0.01\n", 2, "balance",
     "cannot be negative"},
    {FEED_DEPOSITS, DEP_HEADER "110105198803120030,张伟,京华商业银行,6217001,\n", 2, "balance",
     "must not be empty"},
    {FEED_SOCIAL_INSURANCE, SI_HEADER "110105198803120030,张伟,,110105,-3\n", 2, "months",
     "cannot be negative"},
    {FEED_SOCIAL_INSURANCE, SI_HEADER "110105198803120030,张伟,,110105,721\n", 2, "months", "720"},
    {FEED_SOCIAL_INSURANCE, SI_HEADER "110105198803120030,张伟,,1101,12\n", 2, "region_code",
     "division code"},
    {FEED_SOCIAL_INSURANCE,
     SI_HEADER "110105198803120030,张伟,,110105,12\n110105198803120030,张伟,某公司,110108,24\n", 3,
     "id_number", "already has a row on line 2"},
    {FEED_PROPERTY, PROP_HEADER "110105198803120030,张伟,京(2019)第1号,北京市某处,-56.30,1.00\n", 2,
     "area", "cannot be negative"},
    {FEED_PROPERTY, PROP_HEADER "110105198803120030,张伟,京(2019)第1号,北京市某处,56.301,1.00\n", 2,
     "area", "at most two decimals"},
    {FEED_PROPERTY, PROP_HEADER "110105198803120030,张伟,京(2019)第1号,,56.30,1.00\n", 2, "address",
     "must not be empty"},
};

static void every_error_names_line_and_column_and_keeps_the_batch_in_force(void **state)
{
    struct fixture *f = *state;
    for (int s = 0; s < FEED_COUNT; s++)
        import_sample(f, (enum feed_source)s);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        long rows_before = -1, rows_after = -1;
        int64_t batch = batch_of(f, c->source, &rows_before);
        int64_t n = count_rows(f, c->source);
        struct feed_import_report rep;
        assert_int_equal(import_text(f, c->source, c->text, &rep), 0);
        if (!has_error(&rep, c->line, c->field, c->en_part)) {
            fprintf(stderr, "case %zu: expected line %ld [%s] \"%s\"; got:\n", i, c->line,
                    c->field ? c->field : "*", c->en_part);
            dump_errors(&rep);
            fail();
        }
        assert_false(rep.committed);
        assert_int_equal(rep.rows_imported, 0);
        /* the database is as it was: the same batch, the same rows */
        assert_int_equal(batch_of(f, c->source, &rows_after), batch);
        assert_int_equal(rows_after, rows_before);
        assert_int_equal(count_rows(f, c->source), n);
        err_list_free(&rep.errs);
    }
    assert_indexes_in_place(f);
}

static void all_errors_are_listed_at_once(void **state)
{
    struct fixture *f = *state;
    const char *text = CA_HEADER "110105198803120031,张伟,none,\n"
                                 "110108199007210047,李娜,poor,\n"
                                 "110105201601050024,张子涵,none,1.234\n"
                                 "110102195709180026,王秀英,dibao,15840.00\n"
                                 "410102199502030011,刘洋\n"
                                 "110102195709180026,王秀英,dibao,15840.00\n";
    struct feed_import_report rep;
    assert_int_equal(import_text(f, FEED_CIVIL_AFFAIRS, text, &rep), 0);
    assert_int_equal(rep.errs.total, 5);
    assert_true(has_error(&rep, 2, "id_number", "check digit"));
    assert_true(has_error(&rep, 3, "status", "invalid value"));
    assert_true(has_error(&rep, 4, "assessed_income", "two decimals"));
    assert_true(has_error(&rep, 6, "", "2 columns"));
    assert_true(has_error(&rep, 7, "id_number", "line 5"));
    assert_int_equal(rep.rows, 6);
    assert_false(rep.committed);
    assert_int_equal(batch_of(f, FEED_CIVIL_AFFAIRS, NULL), 0); /* never loaded */
    assert_int_equal(count_rows(f, FEED_CIVIL_AFFAIRS), 0);
    err_list_free(&rep.errs);
}

static void errors_past_the_cap_are_counted(void **state)
{
    struct fixture *f = *state;
    struct buf b = {0};
    buf_puts(&b, CA_HEADER);
    for (int i = 0; i < 1500; i++)
        buf_printf(&b, "%s,张伟,bad,\n", id_for("19800101", i % 900 + 1));
    struct feed_import_report rep;
    assert_int_equal(import_text(f, FEED_CIVIL_AFFAIRS, b.data, &rep), 0);
    assert_int_equal(rep.errs.len, 1000);
    assert_true(rep.errs.total >= 1500);
    assert_false(rep.committed);
    err_list_free(&rep.errs);
    buf_free(&b);
}

static void gbk_file_needs_the_encoding_option(void **state)
{
    struct fixture *f = *state;
    /* 张伟 and 京华银行 as GBK bytes */
    const char *text = DEP_HEADER "110105198803120030,\xd5\xc5\xce\xb0,"
                                  "\xbe\xa9\xbb\xaa\xd2\xf8\xd0\xd0,6217001,100.00\n";
    struct feed_import_report rep;
    assert_int_equal(import_enc(f, FEED_DEPOSITS, text, strlen(text), CSV_UTF8, &rep), 0);
    assert_false(rep.committed);
    assert_true(has_error(&rep, 2, NULL, "GBK"));
    err_list_free(&rep.errs);
    assert_int_equal(import_enc(f, FEED_DEPOSITS, text, strlen(text), CSV_GBK, &rep), 0);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
    struct household h = {.nmembers = 1};
    strcpy(h.members[0].id_number, "110105198803120030");
    struct feed_store *st;
    struct feed_rows buf = {0};
    struct member_feeds feeds[HH_MAX_MEMBERS];
    struct err e = {0};
    assert_int_equal(feed_store_open(app_db(f->app), &st, &e), 0);
    assert_int_equal(feed_store_household(st, &h, &buf, feeds, &e), 0);
    assert_int_equal(feeds[0].n, 1);
    assert_string_equal(feeds[0].rows[0].name, "张伟");
    assert_string_equal(feeds[0].rows[0].label, "京华银行");
    feed_store_close(st);
    free(buf.rows);
}

/* ---- batches --------------------------------------------------------------- */

static void sha256_hex(const char *text, size_t len, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(text, len, md, &n, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void second_import_replaces_the_first(void **state)
{
    struct fixture *f = *state;
    import_sample(f, FEED_DEPOSITS);
    import_sample(f, FEED_VEHICLES);
    long rows;
    int64_t first = batch_of(f, FEED_DEPOSITS, &rows);
    assert_true(first > 0);
    assert_int_equal(rows, 5);
    assert_int_equal(count_rows(f, FEED_DEPOSITS), 5);

    const char *text = DEP_HEADER "110105198803120030,张伟,京华商业银行,6217009,99.00\n";
    struct feed_import_report rep;
    assert_int_equal(import_text(f, FEED_DEPOSITS, text, &rep), 0);
    assert_true(rep.committed);
    assert_int_equal(rep.rows_imported, 1);
    assert_int_equal(rep.previous_rows, 5);
    char hex[65];
    sha256_hex(text, strlen(text), hex);
    assert_string_equal(rep.sha256, hex);
    err_list_free(&rep.errs);

    int64_t second = batch_of(f, FEED_DEPOSITS, &rows);
    assert_true(second > first);
    assert_int_equal(rep.batch_id, second);
    assert_int_equal(rows, 1);
    assert_int_equal(count_rows(f, FEED_DEPOSITS), 1);
    assert_int_equal(count_rows(f, FEED_VEHICLES), 2); /* other sources untouched */

    struct feed_batch_info *list;
    size_t n;
    struct err e = {0};
    assert_int_equal(app_feed_batches(f->app, NULL, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].source, FEED_VEHICLES); /* source order */
    assert_int_equal(list[1].source, FEED_DEPOSITS);
    assert_string_equal(list[1].sha256, hex);
    assert_string_equal(list[1].file_name, "test.csv");
    assert_int_equal(strlen(list[1].imported_at), 20);
    free(list);

    /* an empty file (header only) is a batch too: nobody has deposits */
    assert_int_equal(import_text(f, FEED_DEPOSITS, DEP_HEADER, &rep), 0);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
    assert_int_equal(count_rows(f, FEED_DEPOSITS), 0);
    assert_true(batch_of(f, FEED_DEPOSITS, &rows) > second);
    assert_int_equal(rows, 0);
    assert_indexes_in_place(f);
}

static void a_pipe_is_read_and_hashed_like_a_file(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = sample(FEED_DEPOSITS, &len);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], text, len), (ssize_t)len); /* fits in the pipe buffer */
    close(fds[1]);
    FILE *in = fdopen(fds[0], "rb");
    struct feed_import_options o = {.encoding = CSV_UTF8, .bulk = g_bulk};
    struct feed_import_report rep;
    struct err e = {0};
    assert_int_equal(app_feed_import(f->app, NULL, FEED_DEPOSITS, in, NULL, &o, &rep, &e), 0);
    fclose(in);
    assert_true(rep.committed);
    assert_int_equal(rep.rows_imported, 5);
    char hex[65];
    sha256_hex(text, len, hex);
    assert_string_equal(rep.sha256, hex);
    err_list_free(&rep.errs);
    free(text);
}

/* ---- the store ------------------------------------------------------------- */

static int count_source(const struct member_feeds *m, enum feed_source s)
{
    int n = 0;
    for (size_t i = 0; i < m->n; i++)
        n += m->rows[i].source == s;
    return n;
}

static void household_rows_come_back_per_member(void **state)
{
    struct fixture *f = *state;
    import_households_sample(f);
    for (int s = 0; s < FEED_COUNT; s++)
        import_sample(f, (enum feed_source)s);
    struct household *h = calloc(1, sizeof *h);
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, 1, h, &e), 0);
    assert_int_equal(h->nmembers, 3);

    struct feed_store *st;
    struct feed_rows buf = {0};
    struct member_feeds feeds[HH_MAX_MEMBERS];
    assert_int_equal(feed_store_open(app_db(f->app), &st, &e), 0);
    unsigned loaded;
    int64_t ids[FEED_COUNT];
    assert_int_equal(feed_store_loaded(st, &loaded, ids, &e), 0);
    assert_int_equal(loaded, (1u << FEED_COUNT) - 1);
    for (int s = 0; s < FEED_COUNT; s++)
        assert_int_equal(ids[s], s + 1);

    assert_int_equal(feed_store_household(st, h, &buf, feeds, &e), 0);
    /* 张伟: civil affairs, an undeclared home, social insurance, the fund,
     * two deposit accounts and an insurance policy */
    assert_int_equal(feeds[0].n, 7);
    assert_int_equal(count_source(&feeds[0], FEED_CIVIL_AFFAIRS), 1);
    assert_int_equal(count_source(&feeds[0], FEED_PROPERTY), 1);
    assert_int_equal(count_source(&feeds[0], FEED_DEPOSITS), 2);
    assert_int_equal(count_source(&feeds[0], FEED_INSURANCE), 1);
    for (size_t i = 0; i < feeds[0].n; i++) {
        const struct feed_record *r = &feeds[0].rows[i];
        assert_string_equal(r->id_number, "110105198803120030");
        assert_string_equal(r->name, "张伟");
        assert_int_equal(r->batch_id, ids[r->source]);
        assert_true(r->line >= 2);
        if (r->source == FEED_PROPERTY) {
            assert_string_equal(r->key, "京(2019)朝阳区不动产权第0056789号");
            assert_int_equal(r->area, 5630);
            assert_int_equal(r->amount, 281500000);
        }
        if (r->source == FEED_SOCIAL_INSURANCE) {
            assert_int_equal(r->months, 72);
            assert_string_equal(r->region_code, "110105");
            assert_string_equal(r->label, "北京某物业服务有限公司");
        }
        if (r->source == FEED_PROVIDENT_FUND) assert_int_equal(r->amount, 520000);
        if (r->source == FEED_CIVIL_AFFAIRS) {
            assert_int_equal(r->status, CIVIL_NONE);
            assert_int_equal(r->has_amount, 0);
        }
    }
    /* 李娜: civil affairs, social insurance, undeclared securities */
    assert_int_equal(feeds[1].n, 3);
    assert_int_equal(count_source(&feeds[1], FEED_SECURITIES), 1);
    /* 张子涵: civil affairs only */
    assert_int_equal(feeds[2].n, 1);
    assert_null(feeds[3].rows);
    assert_int_equal(feeds[3].n, 0);

    /* the buffer is reused: a smaller household needs no more room */
    size_t cap = buf.cap;
    assert_int_equal(app_household_get(f->app, NULL, 2, h, &e), 0);
    assert_int_equal(feed_store_household(st, h, &buf, feeds, &e), 0);
    assert_int_equal(buf.cap, cap);
    assert_int_equal(feeds[0].n, 3); /* 王秀英: civil, social, deposits (one account) */
    assert_int_equal(count_source(&feeds[0], FEED_CIVIL_AFFAIRS), 1);
    for (size_t i = 0; i < feeds[0].n; i++)
        if (feeds[0].rows[i].source == FEED_CIVIL_AFFAIRS) {
            assert_int_equal(feeds[0].rows[i].status, CIVIL_DIBAO);
            assert_int_equal(feeds[0].rows[i].has_amount, 1);
            assert_int_equal(feeds[0].rows[i].amount, 1728000);
        }
    /* 刘洋: civil, two vehicles, social, fund, two deposits, securities */
    assert_int_equal(app_household_get(f->app, NULL, 3, h, &e), 0);
    assert_int_equal(feed_store_household(st, h, &buf, feeds, &e), 0);
    assert_int_equal(feeds[0].n, 8);
    assert_int_equal(count_source(&feeds[0], FEED_VEHICLES), 2);
    feed_store_close(st);
    free(buf.rows);
    free(h);
}

static void a_source_never_loaded_is_not_in_the_mask(void **state)
{
    struct fixture *f = *state;
    import_sample(f, FEED_PROPERTY);
    struct feed_store *st;
    struct err e = {0};
    assert_int_equal(feed_store_open(app_db(f->app), &st, &e), 0);
    unsigned loaded;
    int64_t ids[FEED_COUNT];
    assert_int_equal(feed_store_loaded(st, &loaded, ids, &e), 0);
    assert_int_equal(loaded, 1u << FEED_PROPERTY);
    assert_int_equal(ids[FEED_CIVIL_AFFAIRS], 0);
    assert_true(ids[FEED_PROPERTY] > 0);
    feed_store_close(st);
}

/* ---- the command ------------------------------------------------------------ */

static int run(int argc, const char **argv)
{
    return cmd_feeds(argc, (char **)argv);
}

static void command_exit_codes(void **state)
{
    struct fixture *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/feeds/vehicles.csv", ANJU_TEST_DATA);
    const char *ok[] = {"feeds", "import", "vehicles", path, "--db", f->path};
    assert_int_equal(run(6, ok), EXIT_OK);
    const char *unknown[] = {"feeds", "import", "cars", path, "--db", f->path};
    assert_int_equal(run(6, unknown), EXIT_USAGE);
    const char *wrong[] = {"feeds", "import", "deposits", path, "--db", f->path};
    assert_int_equal(run(6, wrong), EXIT_FAIL); /* a vehicles file is not a deposits file */
    const char *missing[] = {"feeds", "import", "vehicles", "--db", f->path};
    assert_int_equal(run(5, missing), EXIT_USAGE);
    const char *enc[] = {"feeds", "import", "vehicles", path, "--encoding", "latin1"};
    assert_int_equal(run(6, enc), EXIT_USAGE);
    const char *list[] = {"feeds", "list", "--db", f->path};
    assert_int_equal(run(4, list), EXIT_OK);
    const char *help[] = {"feeds", "import", "--help"};
    assert_int_equal(run(3, help), EXIT_OK);
    const char *sub[] = {"feeds", "drop"};
    assert_int_equal(run(2, sub), EXIT_USAGE);
    assert_int_equal(batch_of(f, FEED_VEHICLES, NULL), 1);
    assert_int_equal(batch_of(f, FEED_DEPOSITS, NULL), 0);
}

/* ---- the demo feeds ---------------------------------------------------------- */

struct mem {
    char *data;
    size_t len;
};

/* The eight files and the manifest for seed and n households. */
static void demo_feeds(struct fixture *f, uint64_t seed, long n, struct mem out[FEED_COUNT + 1],
                       struct demo_feeds_stats *st)
{
    FILE *files[FEED_COUNT + 1];
    for (int s = 0; s <= FEED_COUNT; s++) {
        memset(&out[s], 0, sizeof out[s]);
        files[s] = open_memstream(&out[s].data, &out[s].len);
        assert_non_null(files[s]);
    }
    struct err e = {0};
    assert_int_equal(demo_feeds_write(app_db(f->app), seed, n, files, files[FEED_COUNT], st, &e),
                     0);
    for (int s = 0; s <= FEED_COUNT; s++)
        assert_int_equal(fclose(files[s]), 0);
}

static void demo_feeds_are_deterministic(void **state)
{
    struct fixture *f = *state;
    struct mem a[FEED_COUNT + 1], b[FEED_COUNT + 1];
    struct demo_feeds_stats sa, sb;
    demo_feeds(f, 11, 400, a, &sa);
    demo_feeds(f, 11, 400, b, &sb);
    for (int s = 0; s <= FEED_COUNT; s++) {
        assert_int_equal(a[s].len, b[s].len);
        assert_memory_equal(a[s].data, b[s].data, a[s].len);
        free(b[s].data);
    }
    assert_memory_equal(&sa, &sb, sizeof sa);
    assert_int_equal(sa.households, 400);
    assert_int_equal(sa.rows[FEED_CIVIL_AFFAIRS], sa.members); /* everybody has a row */
    /* a longer run starts with the same rows: a household's feeds depend on
     * it alone */
    struct mem c[FEED_COUNT + 1];
    demo_feeds(f, 11, 450, c, NULL);
    for (int s = 0; s <= FEED_COUNT; s++) {
        assert_true(c[s].len >= a[s].len);
        assert_memory_equal(a[s].data, c[s].data, a[s].len);
        free(c[s].data);
    }
    /* another seed, other data */
    demo_feeds(f, 12, 400, c, NULL);
    assert_false(c[FEED_DEPOSITS].len == a[FEED_DEPOSITS].len &&
                 memcmp(c[FEED_DEPOSITS].data, a[FEED_DEPOSITS].data, a[FEED_DEPOSITS].len) == 0);
    for (int s = 0; s <= FEED_COUNT; s++) {
        free(a[s].data);
        free(c[s].data);
    }
}

/* The demo's feeds import cleanly next to its households, agree with the
 * declarations person by person except where planted.csv says, and every
 * kind of discrepancy is planted at least once in 3,000 households. */
static void demo_feeds_import_and_differ_only_where_planted(void **state)
{
    struct fixture *f = *state;
    const long n = 3000;
    char *hh = NULL;
    size_t hlen = 0;
    FILE *out = open_memstream(&hh, &hlen);
    struct err e = {0};
    assert_int_equal(demo_generate(app_db(f->app), 5, n, out, NULL, &e), 0);
    fclose(out);
    FILE *in = fmemopen(hh, hlen, "rb");
    struct import_options io = {.encoding = CSV_UTF8};
    struct import_report irep;
    assert_int_equal(app_household_import(f->app, NULL, in, &io, &irep, &e), 0);
    assert_true(irep.committed);
    fclose(in);
    err_list_free(&irep.errs);
    free(hh);

    struct mem m[FEED_COUNT + 1];
    struct demo_feeds_stats st;
    demo_feeds(f, 5, n, m, &st);
    for (int s = 0; s < FEED_COUNT; s++) {
        struct feed_import_report rep;
        assert_int_equal(import_enc(f, (enum feed_source)s, m[s].data, m[s].len, CSV_UTF8, &rep),
                         0);
        if (rep.errs.total) dump_errors(&rep);
        assert_true(rep.committed);
        assert_int_equal(rep.rows_imported, st.rows[s]);
        err_list_free(&rep.errs);
    }
    for (int k = 0; k < DEMO_PLANT_COUNT; k++)
        assert_true(st.planted[k] > 0);
    /* manifest lines = planted */
    long lines = -1; /* the header */
    for (size_t i = 0; i < m[FEED_COUNT].len; i++)
        lines += m[FEED_COUNT].data[i] == '\n';
    long total = 0;
    for (int k = 0; k < DEMO_PLANT_COUNT; k++)
        total += st.planted[k];
    assert_int_equal(lines, total);

    /* people whose feeds disagree with their declarations, per kind */
    static const struct {
        enum demo_plant kind;
        const char *sql;
    } checks[] = {
        {PLANT_UNDECLARED_HOME,
         "SELECT count(*) FROM member m WHERE m.home_count != (SELECT count(*) FROM feed_record"
         " f WHERE f.id_number = m.id_number AND f.source = 'property') OR m.home_value !="
         " (SELECT coalesce(sum(amount), 0) FROM feed_record f WHERE f.id_number = m.id_number"
         " AND f.source = 'property')"},
        {PLANT_UNDECLARED_VEHICLE,
         "SELECT count(*) FROM member m WHERE m.vehicle_count != (SELECT count(*) FROM"
         " feed_record f WHERE f.id_number = m.id_number AND f.source = 'vehicles')"},
        {PLANT_LARGER_DEPOSITS,
         "SELECT count(*) FROM member m WHERE m.deposits != (SELECT coalesce(sum(amount), 0)"
         " FROM feed_record f WHERE f.id_number = m.id_number AND f.source = 'deposits')"},
        {PLANT_FEWER_SI_MONTHS,
         "SELECT count(*) FROM member m WHERE m.social_insurance_months != (SELECT"
         " coalesce(sum(months), 0) FROM feed_record f WHERE f.id_number = m.id_number AND"
         " f.source = 'social_insurance')"},
        {PLANT_INCOME_BELOW_BASE,
         "SELECT count(*) FROM member m JOIN feed_record f ON f.id_number = m.id_number AND"
         " f.source = 'provident_fund' WHERE f.amount * 12 > m.income_01 + m.income_02 +"
         " m.income_03 + m.income_04 + m.income_05 + m.income_06 + m.income_07 + m.income_08 +"
         " m.income_09 + m.income_10 + m.income_11 + m.income_12"},
        {PLANT_STATUS_ABSENT,
         "SELECT count(*) FROM household h JOIN member m ON m.household_id = h.id AND m.seq = 1"
         " JOIN feed_record f ON f.id_number = m.id_number AND f.source = 'civil_affairs'"
         " WHERE f.status = 'none' AND EXISTS (SELECT 1 FROM household_priority p WHERE"
         " p.household_id = h.id AND p.category IN ('dibao', 'low_income', 'tekun'))"},
        {PLANT_STATUS_UNDECLARED,
         "SELECT count(*) FROM household h JOIN member m ON m.household_id = h.id AND m.seq = 1"
         " JOIN feed_record f ON f.id_number = m.id_number AND f.source = 'civil_affairs'"
         " WHERE f.status != 'none' AND NOT EXISTS (SELECT 1 FROM household_priority p WHERE"
         " p.household_id = h.id AND p.category IN ('dibao', 'low_income', 'tekun'))"},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        struct db_stmt *s;
        assert_int_equal(db_prepare(app_db(f->app), checks[i].sql, &s, &e), 0);
        assert_int_equal(db_step(s, &e), 1);
        if (db_col_int(s, 0) != st.planted[checks[i].kind])
            fprintf(stderr, "%s: %lld found, %ld planted\n", demo_plants[checks[i].kind].code,
                    (long long)db_col_int(s, 0), st.planted[checks[i].kind]);
        assert_int_equal(db_col_int(s, 0), st.planted[checks[i].kind]);
        db_finalize(s);
    }
    for (int s = 0; s <= FEED_COUNT; s++)
        free(m[s].data);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(every_source_has_a_documented_table),
        T(samples_parse_and_write_back_byte_for_byte),
        T(civil_affairs_fields),
        T(columns_may_come_in_any_order),
        T(every_error_names_line_and_column_and_keeps_the_batch_in_force),
        T(all_errors_are_listed_at_once),
        T(errors_past_the_cap_are_counted),
        T(gbk_file_needs_the_encoding_option),
        T(second_import_replaces_the_first),
        T(a_pipe_is_read_and_hashed_like_a_file),
        T(household_rows_come_back_per_member),
        T(a_source_never_loaded_is_not_in_the_mask),
        T(command_exit_codes),
        T(demo_feeds_are_deterministic),
        T(demo_feeds_import_and_differ_only_where_planted),
    };
    int failed = cmocka_run_group_tests_name("indexes row by row", tests, NULL, NULL);
    g_bulk = IMPORT_BULK_ALWAYS;
    failed += cmocka_run_group_tests_name("indexes rebuilt (bulk)", tests, NULL, NULL);
    return failed;
}
