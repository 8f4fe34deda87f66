/* Tests for io/csv: the streaming reader (memory and FILE paths, UTF-8 and
 * GBK) and the writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "io/csv.h"

/* ---- helpers ------------------------------------------------------------ */

/* Reads every record and renders it as text: "LINE:f1|f2|f3\n" for a record
 * (LINE = csv_record_line), "!code@row[field]\n" for an error. Stops after a
 * fatal error. Frees the reader. */
static char *dump_reader(struct csv_reader *r)
{
    assert_non_null(r);
    struct buf out = {0};
    struct err e;
    int rc;
    while ((rc = csv_read(r, &e)) != 0) {
        if (rc < 0) {
            buf_printf(&out, "!%s@%ld[%s]\n", err_code_name(e.code), e.row, e.field);
            if (csv_reader_fatal(r)) break;
            continue;
        }
        assert_int_equal(rc, 1);
        assert_true(csv_nfields(r) >= 1);
        buf_printf(&out, "%ld:", csv_record_line(r));
        for (size_t i = 0; i < csv_nfields(r); i++) {
            assert_int_equal(strlen(csv_field(r, i)), csv_field_len(r, i));
            if (i) buf_putc(&out, '|');
            buf_append(&out, csv_field(r, i), csv_field_len(r, i));
        }
        buf_putc(&out, '\n');
    }
    csv_reader_free(r);
    return buf_take(&out);
}

static char *dump_mem_n(const char *s, size_t n)
{
    return dump_reader(csv_reader_new_mem(s, n));
}

static char *dump_file_n(const char *s, size_t n, enum csv_encoding enc)
{
    FILE *f = fmemopen((void *)s, n, "r");
    assert_non_null(f);
    char *d = dump_reader(csv_reader_new(f, enc));
    fclose(f);
    return d;
}

/* Checks the memory reader and the FILE reader agree with `want`. */
static void check_dump(const char *in, size_t n, const char *want)
{
    char *got = dump_mem_n(in, n);
    assert_string_equal(got, want);
    free(got);
    got = dump_file_n(in, n, CSV_UTF8);
    assert_string_equal(got, want);
    free(got);
}
#define CHECK(in, want) check_dump((in), sizeof(in) - 1, (want))

/* Reads the first record or error of `in` (memory reader) into *e. */
static int first_result(const char *in, size_t n, struct err *e)
{
    struct csv_reader *r = csv_reader_new_mem(in, n);
    assert_non_null(r);
    err_clear(e);
    int rc = csv_read(r, e);
    csv_reader_free(r);
    return rc;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) fail_msg("\"%s\" does not mention \"%s\"", hay, needle);
}

/* Checks the first result of `in` is an error with this code, row and
 * column, whose messages mention zh and en. */
static void check_error(const char *in, size_t n, enum err_code code, long row, const char *col,
                        const char *zh, const char *en)
{
    struct err e;
    assert_int_equal(first_result(in, n, &e), -1);
    assert_int_equal(e.code, code);
    assert_int_equal(e.row, row);
    assert_string_equal(e.field, col);
    assert_contains(e.zh, zh);
    assert_contains(e.en, en);
    char line_zh[32], line_en[32];
    snprintf(line_zh, sizeof line_zh, "第 %ld 行", row);
    snprintf(line_en, sizeof line_en, "line %ld", row);
    assert_contains(e.zh, line_zh);
    assert_contains(e.en, line_en);
}
#define CHECK_ERROR(in, code, row, col, zh, en)                                                    \
    check_error((in), sizeof(in) - 1, code, row, col, zh, en)

/* A string of n copies of c (caller frees). */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* ---- well-formed input -------------------------------------------------- */

static void test_plain_rows_are_split_into_fields(void **state)
{
    (void)state;
    CHECK("id,name,age\n1,张三,34\n2,李四,5\n", "1:id|name|age\n2:1|张三|34\n3:2|李四|5\n");
    CHECK("a,b\nc,d", "1:a|b\n2:c|d\n"); /* no final line end */
    CHECK(" a , b \n", "1: a | b \n");   /* spaces are data */
}

static void test_utf8_bom_is_stripped_at_start_only(void **state)
{
    (void)state;
    CHECK("\xEF\xBB\xBFid,name\n1,x\n", "1:id|name\n2:1|x\n");
    CHECK("\xEF\xBB\xBF", "");
    CHECK("\xEF\xBB\xBF\n", "");
    /* a second BOM is data (U+FEFF is valid UTF-8) */
    CHECK("\xEF\xBB\xBF\xEF\xBB\xBF"
          "a\n",
          "1:\xEF\xBB\xBF"
          "a\n");
    CHECK("a\n\xEF\xBB\xBF"
          "b\n",
          "1:a\n2:\xEF\xBB\xBF"
          "b\n");
}

static void test_crlf_line_ends_are_accepted(void **state)
{
    (void)state;
    CHECK("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
    CHECK("a,b\r\nc,d", "1:a|b\n2:c|d\n");
    CHECK("\"a\",\"b\"\r\n\"c\"\r\n", "1:a|b\n2:c\n");
    CHECK("a,b\nc\r\nd\n", "1:a|b\n2:c\n3:d\n"); /* mixed */
    CHECK("a,\r\n", "1:a|\n");
}

static void test_quoted_field_keeps_commas(void **state)
{
    (void)state;
    CHECK("\"北京市,朝阳区\",1\n", "1:北京市,朝阳区|1\n");
    CHECK("\",\",\",,\"\n", "1:,|,,\n");
}

static void test_quoted_newlines_keep_record_lines_right(void **state)
{
    (void)state;
    CHECK("id,addr\n1,\"line one\nline two\nline three\"\n2,x\n3,\"a\r\nb\"\n4,y\n",
          "1:id|addr\n2:1|line one\nline two\nline three\n5:2|x\n6:3|a\r\nb\n8:4|y\n");
    /* the line count also feeds error rows after a multi-line field */
    CHECK("\"a\nb\"\nx\"y\n", "1:a\nb\n!invalid@3[1]\n");
}

static void test_doubled_quotes_become_one_quote(void **state)
{
    (void)state;
    CHECK("\"say \"\"hi\"\"\",\"\"\"\"\n", "1:say \"hi\"|\"\n");
    CHECK("\"\"\"\"\"\"\n", "1:\"\"\n");
}

static void test_empty_fields_and_trailing_empty_field(void **state)
{
    (void)state;
    CHECK(",\n", "1:|\n");
    CHECK("a,,c,\n", "1:a||c|\n");
    CHECK("a,", "1:a|\n");
    CHECK("\"\"\n", "1:\n"); /* one empty quoted field is a record */
    CHECK("\"\",\"\"\n", "1:|\n");
    struct csv_reader *r = csv_reader_new_mem("a,,\n", 4);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_nfields(r), 3);
    assert_string_equal(csv_field(r, 1), "");
    assert_int_equal(csv_field_len(r, 2), 0);
    assert_int_equal(csv_read(r, &e), 0);
    assert_int_equal(csv_read(r, &e), 0); /* stays at the end */
    csv_reader_free(r);
}

static void test_blank_lines_are_skipped_and_final_newline_is_no_record(void **state)
{
    (void)state;
    CHECK("", "");
    CHECK("\n", "");
    CHECK("\n\r\n\n", "");
    CHECK("a\n\nb\n", "1:a\n3:b\n");
    CHECK("\n\na\r\n\r\nb\r\n\r\n", "3:a\n5:b\n");
    CHECK("a\n\n", "1:a\n");
}

static void test_cr_inside_quotes_is_kept(void **state)
{
    (void)state;
    CHECK("\"a\rb\",c\n", "1:a\rb|c\n");
}

/* ---- errors ------------------------------------------------------------- */

static void test_quote_inside_unquoted_field_is_an_error(void **state)
{
    (void)state;
    CHECK_ERROR("a,b\"c\n", ERR_INVALID, 1, "2", "双引号", "double quote");
}

static void test_quote_inside_unquoted_field_names_its_line(void **state)
{
    (void)state;
    CHECK("ok\nx,12\" screen\nnext\n", "1:ok\n!invalid@2[2]\n3:next\n");
}

static void test_text_after_closing_quote_is_an_error(void **state)
{
    (void)state;
    CHECK_ERROR("\"abc\"def,1\n", ERR_INVALID, 1, "1", "右引号之后", "after the closing quote");
    CHECK_ERROR("1,\"a\nb\" ,2\n", ERR_INVALID, 2, "2", "右引号之后", "after the closing quote");
}

static void test_unterminated_quote_is_fatal_and_names_its_first_line(void **state)
{
    (void)state;
    static const char in[] = "a,b\nc,\"open\nmore\nstill more\n";
    CHECK(in, "1:a|b\n!invalid@2[2]\n");
    struct csv_reader *r = csv_reader_new_mem(in, sizeof in - 1);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_read(r, &e), -1);
    assert_true(csv_reader_fatal(r));
    assert_int_equal(e.row, 2);
    assert_contains(e.zh, "第 2 行");
    assert_contains(e.zh, "引号");
    assert_contains(e.en, "line 2");
    assert_contains(e.en, "unterminated quoted field");
    /* fatal errors are sticky */
    struct err again;
    assert_int_equal(csv_read(r, &again), -1);
    assert_int_equal(again.row, 2);
    assert_string_equal(again.en, e.en);
    csv_reader_free(r);
}

static void test_lone_cr_outside_quotes_is_an_error(void **state)
{
    (void)state;
    CHECK_ERROR("a\rb,c\n", ERR_INVALID, 1, "1", "回车", "carriage return");
    CHECK_ERROR("x,\"a\"\rb\n", ERR_INVALID, 1, "2", "回车", "carriage return");
    CHECK("x\na\rb,c\ny\n", "1:x\n!invalid@2[1]\n3:y\n");
    CHECK("\rb\n", "!invalid@1[1]\n");
}

static void test_invalid_utf8_is_an_error(void **state)
{
    (void)state;
    CHECK_ERROR("caf\xE9\n", ERR_INVALID, 1, "1", "UTF-8", "invalid UTF-8 (byte 0xE9)");
    CHECK("name\ncaf\xE9\nok\n", "1:name\n!invalid@2[1]\n3:ok\n");
    CHECK_ERROR("\xC0\x80\n", ERR_INVALID, 1, "1", "UTF-8", "UTF-8");         /* overlong */
    CHECK_ERROR("\xED\xA0\x80\n", ERR_INVALID, 1, "1", "UTF-8", "UTF-8");     /* surrogate */
    CHECK_ERROR("\xF4\x90\x80\x80\n", ERR_INVALID, 1, "1", "UTF-8", "UTF-8"); /* > U+10FFFF */
    CHECK_ERROR("\xE5\xBC\n", ERR_INVALID, 1, "1", "UTF-8", "UTF-8");         /* truncated */
    /* the row is the physical line of the bad byte inside a multi-line field */
    CHECK_ERROR("a,\"x\ny\nz\xFF\"\n", ERR_INVALID, 3, "2", "UTF-8", "UTF-8");
    /* valid 4-byte sequences pass */
    CHECK("\xF0\xA0\x80\x80,\xF4\x8F\xBF\xBF\n", "1:\xF0\xA0\x80\x80|\xF4\x8F\xBF\xBF\n");
}

static void test_gbk_bytes_in_utf8_mode_get_the_gbk_hint(void **state)
{
    (void)state;
    /* 张三,34 in GBK */
    static const char in[] = "id,name\n1,\xd5\xc5\xc8\xfd,34\n";
    struct csv_reader *r = csv_reader_new_mem(in, sizeof in - 1);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_read(r, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(e.row, 2);
    assert_string_equal(e.field, "2");
    assert_string_equal(e.zh,
                        "第 2 行：文件不是 UTF-8 编码（看起来是 GBK/GB18030），请另存为 UTF-8，"
                        "或使用 --encoding gbk 导入");
    assert_string_equal(e.en, "line 2: the file is not UTF-8 (it looks like GBK/GB18030); save "
                              "it as UTF-8 or import with --encoding gbk");
    assert_false(csv_reader_fatal(r));
    assert_int_equal(csv_read(r, &e), 0);
    csv_reader_free(r);
}

static void test_gbk_mode_converts_to_utf8(void **state)
{
    (void)state;
    /* 张三,李四 / "王五,x",€ / 𠀀 (a four-byte GB18030 sequence) */
    static const char in[] = "\xd5\xc5\xc8\xfd,\xc0\xee\xcb\xc4\r\n"
                             "\"\xcd\xf5\xce\xe5,x\",\xa2\xe3\n"
                             "\x95\x32\x82\x36\n";
    char *got = dump_file_n(in, sizeof in - 1, CSV_GBK);
    assert_string_equal(got, "1:张三|李四\n2:王五,x|€\n3:\xF0\xA0\x80\x80\n");
    free(got);
}

static void test_gbk_mode_strips_boms_and_trusts_a_utf8_bom(void **state)
{
    (void)state;
    /* the GB18030 BOM (U+FEFF) */
    static const char gb[] = "\x84\x31\x95\x33\xd5\xc5\xc8\xfd\n";
    char *got = dump_file_n(gb, sizeof gb - 1, CSV_GBK);
    assert_string_equal(got, "1:张三\n");
    free(got);
    /* a UTF-8 BOM proves the file is UTF-8 even in GBK mode */
    static const char u8[] = "\xEF\xBB\xBF张三,李四\n";
    got = dump_file_n(u8, sizeof u8 - 1, CSV_GBK);
    assert_string_equal(got, "1:张三|李四\n");
    free(got);
}

static void test_gbk_mode_reports_invalid_bytes_and_recovers(void **state)
{
    (void)state;
    static const char in[] =
        "a\nb,\xff\x01z\nc\n\xd5"; /* 0xFF is not GB18030; a truncated char at EOF */
    char *got = dump_file_n(in, sizeof in - 1, CSV_GBK);
    assert_string_equal(got, "1:a\n!invalid@2[2]\n3:c\n!invalid@4[1]\n");
    free(got);

    FILE *f = fmemopen((void *)in, sizeof in - 1, "r");
    struct csv_reader *r = csv_reader_new(f, CSV_GBK);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_read(r, &e), -1);
    assert_contains(e.zh, "第 2 行");
    assert_contains(e.zh, "GBK");
    assert_contains(e.en, "line 2");
    assert_contains(e.en, "0xFF");
    csv_reader_free(r);
    fclose(f);
}

static void test_nul_byte_is_an_error(void **state)
{
    (void)state;
    static const char in[] = "a,b\nc,d\0e\n\"f\0\"\ng\n";
    CHECK_ERROR("x\0y\n", ERR_INVALID, 1, "1", "空字符", "NUL");
    CHECK(in, "1:a|b\n!invalid@2[2]\n!invalid@3[1]\n4:g\n");
}

static void test_field_over_64k_is_too_large(void **state)
{
    (void)state;
    char *big = repeat('x', CSV_FIELD_MAX + 1);
    struct buf in = {0};
    buf_printf(&in, "a\nb,%s\nc\n", big);
    check_dump(in.data, in.len, "1:a\n!too_large@2[2]\n3:c\n");
    check_error(in.data + 2, in.len - 2, ERR_TOO_LARGE, 1, "2", "64 KiB", "64 KiB");
    /* exactly 64 KiB is fine, quoted or not */
    buf_reset(&in);
    buf_printf(&in, "%.*s\n\"%.*s\"\n", CSV_FIELD_MAX, big, CSV_FIELD_MAX, big);
    struct csv_reader *r = csv_reader_new_mem(in.data, in.len);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_field_len(r, 0), CSV_FIELD_MAX);
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_field_len(r, 0), CSV_FIELD_MAX);
    assert_int_equal(csv_read(r, &e), 0);
    csv_reader_free(r);
    buf_free(&in);
    free(big);
}

static void test_record_over_1mib_is_too_large(void **state)
{
    (void)state;
    char *field = repeat('y', 60000);
    struct buf in = {0};
    buf_puts(&in, "ok\n");
    for (int i = 0; i < 18; i++)
        buf_printf(&in, "%s%s", i ? "," : "", field); /* 1.08 MB */
    buf_puts(&in, "\nafter\n");
    check_dump(in.data, in.len, "1:ok\n!too_large@2[]\n3:after\n");
    check_error(in.data + 3, in.len - 3, ERR_TOO_LARGE, 1, "", "1 MiB", "1 MiB");

    /* exactly 1 MiB counting the commas is fine; one more comma is not */
    char *full = repeat('z', CSV_FIELD_MAX);
    buf_reset(&in);
    for (int i = 0; i < 15; i++)
        buf_printf(&in, "%s,", full);
    buf_printf(&in, "%.*s", CSV_RECORD_MAX - 15 * (CSV_FIELD_MAX + 1), full);
    assert_int_equal(in.len, CSV_RECORD_MAX);
    for (int pass = 0; pass < 2; pass++) {
        struct csv_reader *r = pass ? csv_reader_new_mem(in.data, in.len) : NULL;
        FILE *f = NULL;
        if (!r) {
            f = fmemopen(in.data, in.len, "r");
            r = csv_reader_new(f, CSV_UTF8);
        }
        struct err e;
        assert_int_equal(csv_read(r, &e), 1);
        assert_int_equal(csv_nfields(r), 16);
        assert_int_equal(csv_read(r, &e), 0);
        csv_reader_free(r);
        if (f) fclose(f);
    }
    buf_putc(&in, ',');
    check_dump(in.data, in.len, "!too_large@1[]\n");

    /* both caps passed: the one passed first in the input is reported,
     * wherever the block boundaries fall */
    char *long_field = repeat('w', 70000);
    buf_reset(&in);
    for (int i = 0; i < 15; i++)
        buf_printf(&in, "%s,", full);
    buf_printf(&in, "%s\n", long_field); /* the record passes 1 MiB first */
    check_dump(in.data, in.len, "!too_large@1[]\n");
    buf_reset(&in);
    buf_printf(&in, "%s,%s\n", full, long_field); /* only the field cap */
    check_dump(in.data, in.len, "!too_large@1[2]\n");
    free(long_field);
    buf_free(&in);
    free(full);
    free(field);
}

static void test_record_over_512_fields_is_too_large(void **state)
{
    (void)state;
    struct buf in = {0};
    for (int i = 0; i < CSV_FIELDS_MAX; i++)
        buf_puts(&in, i ? ",x" : "x");
    buf_puts(&in, "\n");
    struct csv_reader *r = csv_reader_new_mem(in.data, in.len);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1); /* exactly 512 is fine */
    assert_int_equal(csv_nfields(r), CSV_FIELDS_MAX);
    csv_reader_free(r);

    buf_reset(&in);
    buf_puts(&in, "head\n");
    for (int i = 0; i <= CSV_FIELDS_MAX; i++)
        buf_puts(&in, i ? ",x" : "x");
    buf_puts(&in, "\ntail\n");
    check_dump(in.data, in.len, "1:head\n!too_large@2[513]\n3:tail\n");
    check_error(in.data + 5, in.len - 5, ERR_TOO_LARGE, 1, "513", "512", "512 fields");
    buf_free(&in);
}

static void test_reader_recovers_after_recoverable_errors(void **state)
{
    (void)state;
    /* each bad record is consumed whole, including its quoted line breaks */
    CHECK("a,b\nc\"d,e\nf,g\n\"x\ny\"z,\"p\nq\"\nh,\"i\"\n",
          "1:a|b\n!invalid@2[1]\n3:f|g\n!invalid@5[1]\n7:h|i\n");
    struct csv_reader *r = csv_reader_new_mem("1\nbad\"\n2\n", 9);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_read(r, &e), -1);
    assert_false(csv_reader_fatal(r));
    assert_int_equal(csv_record_line(r), 2);
    assert_int_equal(csv_nfields(r), 0);
    assert_int_equal(csv_read(r, &e), 1);
    assert_string_equal(csv_field(r, 0), "2");
    assert_int_equal(csv_record_line(r), 3);
    assert_int_equal(csv_read(r, &e), 0);
    csv_reader_free(r);
}

/* ---- the FILE path and block boundaries --------------------------------- */

static void test_file_reader_reads_60000_byte_field_across_block_boundary(void **state)
{
    (void)state;
    char *a = repeat('a', 30000), *b = repeat('b', 60000);
    struct buf in = {0};
    buf_printf(&in, "%s,1\n\"%s\",2\r\nlast\n", a, b); /* b spans offset 65536 */
    FILE *f = fmemopen(in.data, in.len, "r");
    struct csv_reader *r = csv_reader_new(f, CSV_UTF8);
    struct err e;
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_field_len(r, 0), 30000);
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_nfields(r), 2);
    assert_int_equal(csv_field_len(r, 0), 60000);
    assert_memory_equal(csv_field(r, 0), b, 60000);
    assert_string_equal(csv_field(r, 1), "2");
    assert_int_equal(csv_read(r, &e), 1);
    assert_string_equal(csv_field(r, 0), "last");
    assert_int_equal(csv_record_line(r), 3);
    assert_int_equal(csv_read(r, &e), 0);
    csv_reader_free(r);
    fclose(f);
    buf_free(&in);
    free(a);
    free(b);
}

static void test_file_reader_rejects_70000_byte_field_and_recovers(void **state)
{
    (void)state;
    char *c = repeat('c', 70000);
    struct buf in = {0};
    buf_printf(&in, "ok\nx,%s,y\nafter\n", c);
    char *got = dump_file_n(in.data, in.len, CSV_UTF8);
    assert_string_equal(got, "1:ok\n!too_large@2[2]\n3:after\n");
    free(got);
    buf_reset(&in);
    buf_printf(&in, "\"%s\"\nafter\n", c); /* quoted */
    got = dump_file_n(in.data, in.len, CSV_UTF8);
    assert_string_equal(got, "!too_large@1[1]\n2:after\n");
    free(got);
    buf_free(&in);
    free(c);
}

/* Places every byte of `tail` on the 64 KiB block boundary in turn (after a
 * padding row) and checks the FILE reader agrees with the memory reader. */
static void check_straddles(const char *tail, size_t tail_len, enum csv_encoding enc,
                            const char *tail_utf8, size_t tail_utf8_len)
{
    for (size_t k = CSV_BLOCK_SIZE - tail_len - 2; k <= CSV_BLOCK_SIZE; k++) {
        struct buf file = {0}, same = {0};
        char *pad = repeat('p', k);
        buf_printf(&file, "%s\n", pad);
        buf_append(&file, tail, tail_len);
        buf_printf(&same, "%s\n", pad);
        buf_append(&same, tail_utf8, tail_utf8_len);
        char *want = dump_mem_n(same.data, same.len);
        char *got = dump_file_n(file.data, file.len, enc);
        if (strcmp(got, want) != 0) {
            size_t skip = k + 3; /* the padding record "1:ppp...\n" */
            fail_msg("pad %zu: got \"%s\", want \"%s\"", k, strlen(got) > skip ? got + skip : got,
                     strlen(want) > skip ? want + skip : want);
        }
        free(want);
        free(got);
        free(pad);
        buf_free(&file);
        buf_free(&same);
    }
}

static void test_file_reader_handles_every_token_across_block_boundary(void **state)
{
    (void)state;
    static const char tail[] =
        "\"a\"\"b\",\"c\r\nd\"\r\n\r\n张三,x\"y\n\"\",é\xFF\n\"z\"\"\"\r\nend";
    check_straddles(tail, sizeof tail - 1, CSV_UTF8, tail, sizeof tail - 1);
    static const char tail2[] = "\"open\nnever closed";
    check_straddles(tail2, sizeof tail2 - 1, CSV_UTF8, tail2, sizeof tail2 - 1);
}

static void test_gbk_mode_handles_characters_across_block_boundary(void **state)
{
    (void)state;
    static const char gbk[] =
        "\xd5\xc5\xc8\xfd,\"\xc0\xee\n\xcb\xc4\"\r\n\x95\x32\x82\x36\xa2\xe3\n";
    static const char utf8[] = "张三,\"李\n四\"\r\n\xF0\xA0\x80\x80€\n";
    check_straddles(gbk, sizeof gbk - 1, CSV_GBK, utf8, sizeof utf8 - 1);
}

static void test_file_reader_strips_bom_and_reads_empty_file(void **state)
{
    (void)state;
    char *got = dump_file_n("\xEF\xBB\xBF"
                            "a,b\n",
                            7, CSV_UTF8);
    assert_string_equal(got, "1:a|b\n");
    free(got);
    FILE *f = tmpfile();
    assert_non_null(f);
    got = dump_reader(csv_reader_new(f, CSV_UTF8));
    assert_string_equal(got, "");
    free(got);
    fclose(f);
}

static void test_file_reader_reads_a_tmpfile(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%d,\"name %d\",x\r\n", i, i);
    rewind(f);
    struct csv_reader *r = csv_reader_new(f, CSV_UTF8);
    struct err e;
    char want[32];
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(csv_read(r, &e), 1);
        snprintf(want, sizeof want, "name %d", i);
        assert_string_equal(csv_field(r, 1), want);
        assert_int_equal(csv_record_line(r), i + 1);
    }
    assert_int_equal(csv_read(r, &e), 0);
    csv_reader_free(r);
    fclose(f);
}

/* ---- writer ------------------------------------------------------------- */

static void check_field(const char *in, const char *want)
{
    struct buf out = {0};
    assert_int_equal(csv_write_field(&out, in, strlen(in)), 0);
    assert_string_equal(buf_str(&out), want);
    buf_free(&out);
}

static void test_writer_quotes_only_when_needed(void **state)
{
    (void)state;
    check_field("plain", "plain");
    check_field("", "");
    check_field(" spaced ", " spaced ");
    check_field("张三", "张三");
    check_field("a,b", "\"a,b\"");
    check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_field("\"", "\"\"\"\"");
    check_field("a\nb", "\"a\nb\"");
    check_field("a\rb", "\"a\rb\"");
    check_field("\xEF\xBB\xBFx", "\"\xEF\xBB\xBFx\""); /* a BOM at the start of output */

    struct buf out = {0};
    const char *row[] = {"1", "x,y", "", "q\""};
    assert_int_equal(csv_write_row(&out, row, 4), 0);
    const char *one_empty[] = {""};
    assert_int_equal(csv_write_row(&out, one_empty, 1), 0);
    const char *bom_later[] = {"\xEF\xBB\xBFx"};
    assert_int_equal(csv_write_row(&out, bom_later, 1), 0);
    assert_string_equal(buf_str(&out), "1,\"x,y\",,\"q\"\"\"\n\"\"\n\xEF\xBB\xBFx\n");
    buf_free(&out);
}

static void test_writer_fails_cleanly_at_the_buffer_cap(void **state)
{
    (void)state;
    struct buf out = {.cap = 8};
    assert_int_equal(csv_write_field(&out, "abc", 3), 0);
    assert_int_equal(csv_write_field(&out, "d\"e,f", 5), -1);
    assert_string_equal(buf_str(&out), "abc");
    const char *row[] = {"12", "34"};
    assert_int_equal(csv_write_row(&out, row, 2), -1);
    assert_string_equal(buf_str(&out), "abc");
    buf_free(&out);
}

static void test_write_then_read_round_trips(void **state)
{
    (void)state;
    const char *rows[][4] = {
        {"id", "姓名", "地址", "备注"},
        {"1", "张三", "北京市,朝阳区", "he said \"ok\""},
        {"2", "", "line one\nline two", "crlf\r\ninside"},
        {"3", "\"", ",", "\r"},
        {"4", " ", "\"\"", ""},
    };
    size_t nrows = sizeof rows / sizeof rows[0];
    struct buf out = {0};
    for (size_t i = 0; i < nrows; i++)
        assert_int_equal(csv_write_row(&out, rows[i], 4), 0);
    const char *single[] = {""};
    assert_int_equal(csv_write_row(&out, single, 1), 0);

    struct csv_reader *r = csv_reader_new_mem(out.data, out.len);
    struct err e;
    for (size_t i = 0; i < nrows; i++) {
        assert_int_equal(csv_read(r, &e), 1);
        assert_int_equal(csv_nfields(r), 4);
        for (size_t j = 0; j < 4; j++)
            assert_string_equal(csv_field(r, j), rows[i][j]);
    }
    assert_int_equal(csv_read(r, &e), 1);
    assert_int_equal(csv_nfields(r), 1);
    assert_string_equal(csv_field(r, 0), "");
    assert_int_equal(csv_read(r, &e), 0);
    csv_reader_free(r);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_rows_are_split_into_fields),
        cmocka_unit_test(test_utf8_bom_is_stripped_at_start_only),
        cmocka_unit_test(test_crlf_line_ends_are_accepted),
        cmocka_unit_test(test_quoted_field_keeps_commas),
        cmocka_unit_test(test_quoted_newlines_keep_record_lines_right),
        cmocka_unit_test(test_doubled_quotes_become_one_quote),
        cmocka_unit_test(test_empty_fields_and_trailing_empty_field),
        cmocka_unit_test(test_blank_lines_are_skipped_and_final_newline_is_no_record),
        cmocka_unit_test(test_cr_inside_quotes_is_kept),
        cmocka_unit_test(test_quote_inside_unquoted_field_is_an_error),
        cmocka_unit_test(test_quote_inside_unquoted_field_names_its_line),
        cmocka_unit_test(test_text_after_closing_quote_is_an_error),
        cmocka_unit_test(test_unterminated_quote_is_fatal_and_names_its_first_line),
        cmocka_unit_test(test_lone_cr_outside_quotes_is_an_error),
        cmocka_unit_test(test_invalid_utf8_is_an_error),
        cmocka_unit_test(test_gbk_bytes_in_utf8_mode_get_the_gbk_hint),
        cmocka_unit_test(test_gbk_mode_converts_to_utf8),
        cmocka_unit_test(test_gbk_mode_strips_boms_and_trusts_a_utf8_bom),
        cmocka_unit_test(test_gbk_mode_reports_invalid_bytes_and_recovers),
        cmocka_unit_test(test_nul_byte_is_an_error),
        cmocka_unit_test(test_field_over_64k_is_too_large),
        cmocka_unit_test(test_record_over_1mib_is_too_large),
        cmocka_unit_test(test_record_over_512_fields_is_too_large),
        cmocka_unit_test(test_reader_recovers_after_recoverable_errors),
        cmocka_unit_test(test_file_reader_reads_60000_byte_field_across_block_boundary),
        cmocka_unit_test(test_file_reader_rejects_70000_byte_field_and_recovers),
        cmocka_unit_test(test_file_reader_handles_every_token_across_block_boundary),
        cmocka_unit_test(test_gbk_mode_handles_characters_across_block_boundary),
        cmocka_unit_test(test_file_reader_strips_bom_and_reads_empty_file),
        cmocka_unit_test(test_file_reader_reads_a_tmpfile),
        cmocka_unit_test(test_writer_quotes_only_when_needed),
        cmocka_unit_test(test_writer_fails_cleanly_at_the_buffer_cap),
        cmocka_unit_test(test_write_then_read_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
