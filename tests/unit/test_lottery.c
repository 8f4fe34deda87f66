/* core/lottery + app/lottery: the verifiable lottery anju-lottery-v1.
 *
 * The published test vector (issue 5, docs/lottery.md) with its seed and
 * order; the result file of that vector as computed independently (Python's
 * hashlib/hmac); every kind of error in an entrant list, with its line and
 * column; the canonical randomness string; several tickets taking the
 * smallest key (checked against OpenSSL's one-shot HMAC); bucket order;
 * the fast order against a plain sort; verify catching any changed byte of
 * any of the three files; and the database rules of draws and re-draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/lottery.h"
#include "core/lottery.h"
#include "store/db.h"

/* ------------------------------------------------------ the test vector */

#define VECTOR_LIST                                                                                \
    "entrant_id,bucket,tickets\n"                                                                  \
    "A001,2,1\n"                                                                                   \
    "A002,1,1\n"                                                                                   \
    "A003,2,2\n"                                                                                   \
    "A004,1,1\n"                                                                                   \
    "A005,2,1\n"                                                                                   \
    "A006,1,3\n"
#define VECTOR_ID "2026-BJ-GZF-0001"
#define VECTOR_RANDOMNESS "9319;2,5,12,8,10;9,18,26,34,41,45"
#define VECTOR_CANONICAL "9319./2.5.8.10.12./9.18.26.34.41.45./"
#define VECTOR_LIST_SHA256 "7a06d2c4a6a59ea55e552f71c657aa580ebf700a2f7b6227fb4e9f5c1fc22ab4"
#define VECTOR_SEED "37a44542a5e826625b6f074db95fad0b84d3ad548dafa74b51c5ab362790c342"
/* computed with Python's hashlib and hmac from the rules in docs/lottery.md */
#define VECTOR_RESULT                                                                              \
    "sequence,entrant_id,bucket,rank_in_bucket,key\n"                                              \
    "1,A006,1,1,2ce0016c8b48ecd7b8027dd100f0ea73595209dff120b42febb67e2860af79e2\n"                \
    "2,A004,1,2,4d46159747d86d23a6cc77198d67744f330c366e678a219f788a0d99b92d5c65\n"                \
    "3,A002,1,3,89dd2bfc0299f04ede57ca849acfa71575de5e21ea87021535d7fb73b9620cc7\n"                \
    "4,A005,2,1,220b14e60822c883d23c1fca7a40628d7f50bdb779ff164805f5d1f462ce044f\n"                \
    "5,A003,2,2,3618f786c145b83ab63264ff9d2677ff7ac626d4009f77af0302aebddd5bb4c2\n"                \
    "6,A001,2,3,fc8ddb06d561996be2b298bd798b0cec44312afa059b664723f667ec732f131f\n"

/* A sink collecting the result file in memory. */
struct collect {
    char *data;
    size_t len;
};

static int collect_sink(void *ctx, const char *bytes, size_t n)
{
    struct collect *c = ctx;
    char *p = realloc(c->data, c->len + n + 1);
    if (!p) return -1;
    memcpy(p + c->len, bytes, n);
    c->data = p;
    c->len += n;
    c->data[c->len] = '\0';
    return 0;
}

/* A draw in memory: result and manifest text (free both). */
static void draw_in_memory(const char *list, const char *id, const char *canonical, int threads,
                           char **result, char **manifest)
{
    struct lottery_draw d;
    struct err_list errs = {0};
    int rc = lottery_draw_prepare(id, list, strlen(list), canonical, threads, &d, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "line %ld [%s] %s\n", errs.items[i].row, errs.items[i].field,
                errs.items[i].en);
    assert_int_equal(rc, 0);
    struct collect c = {0};
    uint8_t sha[32];
    struct err e = {0};
    assert_int_equal(lottery_result_render(&d.list, collect_sink, &c, sha, &e), 0);
    lottery_hex(sha, d.manifest.result_sha256);
    *manifest = lottery_manifest_render(&d.manifest);
    assert_non_null(*manifest);
    *result = c.data;
    lottery_draw_free(&d);
    err_list_free(&errs);
}

static void the_test_vector_gives_the_published_seed_and_order(void **state)
{
    (void)state;
    char canonical[LOTTERY_RANDOMNESS_MAX + 1];
    struct err e = {0};
    assert_int_equal(lottery_randomness_canonical(VECTOR_RANDOMNESS, canonical, "r", &e), 0);
    assert_string_equal(canonical, VECTOR_CANONICAL);

    struct lottery_draw d;
    struct err_list errs = {0};
    assert_int_equal(
        lottery_draw_prepare(VECTOR_ID, VECTOR_LIST, strlen(VECTOR_LIST), canonical, 1, &d, &errs),
        0);
    assert_string_equal(d.manifest.list_sha256, VECTOR_LIST_SHA256);
    assert_string_equal(d.manifest.seed, VECTOR_SEED);
    assert_int_equal(d.manifest.entrants, 6);
    static const char *const order[] = {"A006", "A004", "A002", "A005", "A003", "A001"};
    assert_int_equal(d.list.n, 6);
    for (size_t i = 0; i < 6; i++) {
        const struct lottery_entrant *en = &d.list.entrants[i];
        assert_int_equal(en->id_len, 4);
        assert_memory_equal(d.list.text + en->id_off, order[i], 4);
    }
    lottery_draw_free(&d);

    char *result, *manifest;
    draw_in_memory(VECTOR_LIST, VECTOR_ID, canonical, 2, &result, &manifest);
    assert_string_equal(result, VECTOR_RESULT);
    uint8_t sha[32];
    char hex[65];
    assert_int_equal(lottery_sha256(result, strlen(result), sha, &e), 0);
    lottery_hex(sha, hex);
    char expected[1024];
    snprintf(expected, sizeof expected,
             "{\n"
             "  \"algorithm\": \"anju-lottery-v1\",\n"
             "  \"lottery_id\": \"" VECTOR_ID "\",\n"
             "  \"list_sha256\": \"" VECTOR_LIST_SHA256 "\",\n"
             "  \"randomness\": \"" VECTOR_CANONICAL "\",\n"
             "  \"seed\": \"" VECTOR_SEED "\",\n"
             "  \"entrants\": 6,\n"
             "  \"result_sha256\": \"%s\"\n"
             "}\n",
             hex);
    assert_string_equal(manifest, expected);
    free(result);
    free(manifest);
}

/* The seed is HMAC-SHA256 keyed with the raw list hash: the same through
 * OpenSSL's one-shot HMAC(). */
static void the_seed_is_hmac_of_the_canonical_string_under_the_list_hash(void **state)
{
    (void)state;
    uint8_t list_sha[32], seed[32], again[32];
    struct err e = {0};
    assert_int_equal(lottery_sha256(VECTOR_LIST, strlen(VECTOR_LIST), list_sha, &e), 0);
    assert_int_equal(lottery_seed(list_sha, VECTOR_CANONICAL, seed, &e), 0);
    unsigned int n = 0;
    HMAC(EVP_sha256(), list_sha, 32, (const unsigned char *)VECTOR_CANONICAL,
         strlen(VECTOR_CANONICAL), again, &n);
    assert_int_equal(n, 32);
    assert_memory_equal(seed, again, 32);
    char hex[65];
    lottery_hex(seed, hex);
    assert_string_equal(hex, VECTOR_SEED);
}

/* ---------------------------------------------------------- randomness */

static void canonical(const char *in, const char *want)
{
    char out[LOTTERY_RANDOMNESS_MAX + 1];
    struct err e = {0};
    int rc = lottery_randomness_canonical(in, out, "randomness", &e);
    if (rc) fprintf(stderr, "%s: %s\n", in, e.en);
    assert_int_equal(rc, 0);
    assert_string_equal(out, want);
}

static void canonical_refused(const char *in, const char *en_part)
{
    char out[LOTTERY_RANDOMNESS_MAX + 1];
    struct err e = {0};
    assert_int_equal(lottery_randomness_canonical(in, out, "randomness", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "randomness");
    if (!strstr(e.en, en_part)) fprintf(stderr, "%s: %s\n", in, e.en);
    assert_non_null(strstr(e.en, en_part));
    assert_true(e.zh[0] != '\0');
}

static void the_randomness_has_the_rfc3797_canonical_form(void **state)
{
    (void)state;
    canonical("9319;2,5,12,8,10", "9319./2.5.8.10.12./");
    canonical(VECTOR_RANDOMNESS, VECTOR_CANONICAL);
    canonical("9319./2.5.8.10.12./", "9319./2.5.8.10.12./");     /* already canonical */
    canonical("9319./12.2.5.10.8./", "9319./2.5.8.10.12./");     /* sorted within a source */
    canonical(" 9319 ; 02, 5 ,12,8,10 ", "9319./2.5.8.10.12./"); /* spaces, leading zeros */
    canonical("0", "0./");
    canonical("7,7,3", "3.7.7./"); /* a number drawn twice counts twice */
    canonical("5;1", "5./1./");    /* sources keep their published order */
    canonical("999999999999999999", "999999999999999999./");

    canonical_refused("", "empty");
    canonical_refused("1;;2", "missing");
    canonical_refused("1;", "missing");
    canonical_refused("1,,2", "missing");
    canonical_refused("1;a", "character 3 \"a\" is not allowed");
    canonical_refused("-1", "character 1 \"-\" is not allowed");
    canonical_refused("1 2", "not allowed");
    canonical_refused("1234567890123456789", "more than 18 digits");
    canonical_refused("9319./2.5", "must be \".\"");
    canonical_refused("9319./2.5.", "\"/\" is missing");
    canonical_refused("9319/", "must be \".\"");
}

/* ------------------------------------------------------- entrant lists */

/* Parses text and expects it refused with an error on `line`, in `field`,
 * whose English message contains en_part. */
static void list_refused(const char *text, size_t len, long line, const char *field,
                         const char *en_part)
{
    struct lottery_list l;
    struct err_list errs = {0};
    assert_int_equal(lottery_list_parse(text, len, &l, &errs), -1);
    assert_null(l.entrants);
    assert_true(errs.len >= 1);
    const struct err *e = &errs.items[0];
    if (e->row != line || strcmp(e->field, field) != 0 || !strstr(e->en, en_part))
        fprintf(stderr, "got line %ld [%s] %s\n", e->row, e->field, e->en);
    assert_int_equal(e->code, ERR_INVALID);
    assert_int_equal(e->row, line);
    assert_string_equal(e->field, field);
    assert_non_null(strstr(e->en, en_part));
    assert_true(e->zh[0] != '\0');
    err_list_free(&errs);
}

#define REFUSED(text, line, field, en_part)                                                        \
    list_refused(text, sizeof text - 1, line, field, en_part)
#define H "entrant_id,bucket,tickets\n"

static void every_entrant_list_error_names_its_line_and_column(void **state)
{
    (void)state;
    REFUSED("", 0, "", "empty");
    REFUSED(H, 0, "", "no entrants");
    REFUSED("entrant_id,bucket,tickets", 1, "", "does not end in LF");
    REFUSED("entrant_id,bucket,tickets\r\nA001,1,1\r\n", 1, "", "CRLF");
    REFUSED(H "A001,1,1\r\n", 2, "", "carriage return");
    REFUSED("\xEF\xBB\xBF" H "A001,1,1\n", 1, "", "byte-order mark");
    REFUSED("entrant_id,bucket,ticket\nA001,1,1\n", 1, "", "header must be exactly");
    REFUSED("id,bucket,tickets\nA001,1,1\n", 1, "", "header must be exactly");
    REFUSED(H "A002,1,1\nA001,1,1\n", 3, "entrant_id", "out of order");
    REFUSED(H "A001,1,1\nA001,2,1\n", 3, "entrant_id", "duplicate (of line 2)");
    REFUSED(H "A001,0,1\n", 2, "bucket", "column 2 (bucket)");
    REFUSED(H "A001,1000,1\n", 2, "bucket", "from 1 to 999");
    REFUSED(H "A001,01,1\n", 2, "bucket", "without leading zeros");
    REFUSED(H "A001,,1\n", 2, "bucket", "column 2");
    REFUSED(H "A001,1,0\n", 2, "tickets", "column 3 (tickets)");
    REFUSED(H "A001,1,101\n", 2, "tickets", "from 1 to 100");
    REFUSED(H "A001,1,x\n", 2, "tickets", "got \"x\"");
    REFUSED(H "11010519900307123X,1,1\n", 2, "entrant_id",
            "entrant_id must be the application number, never a person's ID number");
    REFUSED(H "110105199003071234,1,1\n", 2, "entrant_id", "never a person's ID number");
    REFUSED(H "A001,1,1\n\xB0\xA1,1,1\n", 3, "", "invalid UTF-8");
    REFUSED(H "A001,1,1\nA\xC3\x28,1,1\n", 3, "", "byte 2 (0xC3) starts invalid UTF-8");
    REFUSED(H "\xE7\x94\xB3,1,1\n", 2, "entrant_id", "only printable ASCII");
    REFUSED(H "A 1,1,1\n", 2, "entrant_id", "character 2");
    REFUSED(H "A|1,1,1\n", 2, "entrant_id", "character 2");
    REFUSED(H "\"A1\",1,1\n", 2, "entrant_id", "character 1");
    REFUSED(H ",1,1\n", 2, "entrant_id", "empty");
    REFUSED(H "A001,1,1\n\nA002,1,1\n", 3, "", "empty line");
    REFUSED(H "A001,1\n", 2, "", "found 2");
    REFUSED(H "A001,1,1,1\n", 2, "", "found 4");
    REFUSED(H "A001,1,1", 2, "", "does not end in LF");
    REFUSED(H "A001,1,1\nA002\t,1,1\n", 3, "", "control character 0x09");
    REFUSED(H "A00000000000000000000000000000000000000000000000000000000000000001,1,1\n", 2,
            "entrant_id", "longer than 64");
}

/* An 18-character id that is not shaped like an ID number is fine, and so
 * is a 17-digit one. */
static void ids_not_shaped_like_id_numbers_are_accepted(void **state)
{
    (void)state;
    static const char text[] = H "11010519900307123,1,1\n"
                                 "1101051990030712Y4,1,1\n"
                                 "SQ2026-00000000001,1,1\n";
    struct lottery_list l;
    struct err_list errs = {0};
    assert_int_equal(lottery_list_parse(text, sizeof text - 1, &l, &errs), 0);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.tickets, 3);
    lottery_list_free(&l);
    assert_true(lottery_looks_like_id_number("11010519900307123x", 18));
    assert_false(lottery_looks_like_id_number("1101051990030712345", 19));
}

/* Every bad row of a list is reported, not only the first. */
static void every_bad_row_is_reported(void **state)
{
    (void)state;
    static const char text[] = H "A001,0,1\nA002,1,0\nA003,1,1\nA003,1,1\n";
    struct lottery_list l;
    struct err_list errs = {0};
    assert_int_equal(lottery_list_parse(text, sizeof text - 1, &l, &errs), -1);
    assert_int_equal(errs.total, 3);
    assert_int_equal(errs.items[0].row, 2);
    assert_int_equal(errs.items[1].row, 3);
    assert_int_equal(errs.items[2].row, 5);
    err_list_free(&errs);
}

/* ------------------------------------------------------- keys and order */

/* HMAC-SHA256(seed, "lottery_id|entrant_id|j") with OpenSSL's one-shot HMAC. */
static void ticket_key(const uint8_t seed[32], const char *lottery_id, const char *entrant,
                       unsigned j, uint8_t out[32])
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "%s|%s|%u", lottery_id, entrant, j);
    unsigned int len = 0;
    HMAC(EVP_sha256(), seed, 32, (const unsigned char *)msg, (size_t)n, out, &len);
    assert_int_equal(len, 32);
}

static void several_tickets_take_the_smallest_key(void **state)
{
    (void)state;
    static const char text[] = H "A006,1,3\nB,1,100\nC,1,1\n";
    struct lottery_list l;
    struct err_list errs = {0};
    struct err e = {0};
    assert_int_equal(lottery_list_parse(text, sizeof text - 1, &l, &errs), 0);
    uint8_t seed[32];
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)(i * 7 + 1);
    assert_int_equal(lottery_keys(&l, VECTOR_ID, seed, 1, &e), 0);
    static const char *const ids[] = {"A006", "B", "C"};
    static const unsigned tickets[] = {3, 100, 1};
    for (size_t k = 0; k < 3; k++) {
        uint8_t min[32], h[32];
        int smallest_at_zero = 1;
        for (unsigned j = 0; j < tickets[k]; j++) {
            ticket_key(seed, VECTOR_ID, ids[k], j, h);
            if (j == 0 || memcmp(h, min, 32) < 0) {
                memcpy(min, h, 32);
                smallest_at_zero = j == 0;
            }
        }
        assert_memory_equal(l.entrants[k].key, min, 32);
        if (k == 1) assert_false(smallest_at_zero); /* 100 tickets: not the first one */
    }
    lottery_list_free(&l);

    /* in the vector, A006 (3 tickets) holds the smallest of its three keys */
    uint8_t vseed[32], h[32], min[32];
    for (int i = 0; i < 32; i++) {
        unsigned v;
        sscanf(VECTOR_SEED + 2 * i, "%2x", &v);
        vseed[i] = (uint8_t)v;
    }
    for (unsigned j = 0; j < 3; j++) {
        ticket_key(vseed, VECTOR_ID, "A006", j, h);
        if (j == 0 || memcmp(h, min, 32) < 0) memcpy(min, h, 32);
    }
    char hex[65];
    lottery_hex(min, hex);
    assert_string_equal(hex, "2ce0016c8b48ecd7b8027dd100f0ea73595209dff120b42febb67e2860af79e2");
}

/* Buckets are served in numeric order (10 after 3), whatever the keys. */
static void buckets_come_first_in_numeric_order(void **state)
{
    (void)state;
    static const char text[] = H "A,10,1\nB,3,1\nC,1,1\nD,3,1\nE,10,1\nF,1,1\n";
    char *result, *manifest;
    draw_in_memory(text, "T-1", "1./", 1, &result, &manifest);
    /* buckets 1, 1, 3, 3, 10, 10 in that order, ranks restarting at 1 */
    const char *line = strchr(result, '\n') + 1;
    static const char *const bucket_rank[] = {",1,1,", ",1,2,",  ",3,1,",
                                              ",3,2,", ",10,1,", ",10,2,"};
    for (int i = 0; i < 6; i++) {
        const char *comma = strchr(line, ',');
        assert_non_null(comma);
        assert_memory_equal(strchr(comma + 1, ','), bucket_rank[i], strlen(bucket_rank[i]));
        line = strchr(line, '\n') + 1;
    }
    free(result);
    free(manifest);
}

/* The reference order (docs/lottery.md step 5) as a plain comparison. */
static const char *ref_text;
static int ref_compare(const void *pa, const void *pb)
{
    const struct lottery_entrant *a = pa, *b = pb;
    if (a->bucket != b->bucket) return a->bucket < b->bucket ? -1 : 1;
    int c = memcmp(a->key, b->key, 32);
    if (c) return c;
    size_t n = a->id_len < b->id_len ? a->id_len : b->id_len;
    c = memcmp(ref_text + a->id_off, ref_text + b->id_off, n);
    return c ? c : (int)a->id_len - (int)b->id_len;
}

/* lottery_order sorts through a 54-bit prefix; keys that share it (and
 * keys that are equal) must still come out in the full order. */
static void the_fast_order_is_the_full_order(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char text[N * 16 + 64];
    size_t len = (size_t)snprintf(text, sizeof text, "%s", H);
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "E%05d,%d,1\n", i, 1 + i % 3);
    struct lottery_list l;
    struct err_list errs = {0};
    struct err e = {0};
    assert_int_equal(lottery_list_parse(text, len, &l, &errs), 0);
    uint32_t x = 12345;
    for (size_t i = 0; i < l.n; i++) {
        for (int b = 0; b < 32; b++) {
            x = x * 1103515245u + 12345u;
            l.entrants[i].key[b] = (uint8_t)(x >> 16);
        }
        if (i % 7 == 1) memcpy(l.entrants[i].key, l.entrants[i - 1].key, 12);  /* prefix ties */
        if (i % 11 == 2) memcpy(l.entrants[i].key, l.entrants[i - 1].key, 32); /* equal keys */
        if (i % 13 == 3) l.entrants[i].bucket = l.entrants[i - 1].bucket;
    }
    struct lottery_entrant *want = malloc(l.n * sizeof *want);
    memcpy(want, l.entrants, l.n * sizeof *want);
    /* the reference sees the rows in reverse, so equal keys are not already in id order */
    for (size_t i = 0; i < l.n / 2; i++) {
        struct lottery_entrant t = want[i];
        want[i] = want[l.n - 1 - i];
        want[l.n - 1 - i] = t;
    }
    ref_text = text;
    qsort(want, l.n, sizeof *want, ref_compare);
    assert_int_equal(lottery_order(&l, &e), 0);
    assert_memory_equal(l.entrants, want, l.n * sizeof *want);
    free(want);
    lottery_list_free(&l);
}

/* One thread or two: the same keys. */
static void keys_do_not_depend_on_the_number_of_threads(void **state)
{
    (void)state;
    enum { N = 3001 };
    static char text[N * 16 + 64];
    size_t len = (size_t)snprintf(text, sizeof text, "%s", H);
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "SQ%05d,%d,%d\n", i, 1 + i % 2,
                                1 + i % 3);
    char *r1, *m1, *r2, *m2;
    draw_in_memory(text, "T-2", "1./2./", 1, &r1, &m1);
    draw_in_memory(text, "T-2", "1./2./", 2, &r2, &m2);
    assert_string_equal(r1, r2);
    assert_string_equal(m1, m2);
    free(r1);
    free(m1);
    free(r2);
    free(m2);
}

/* --------------------------------------------------------------- verify */

static int verify(const char *list, size_t list_len, const char *manifest, size_t manifest_len,
                  const char *result, size_t result_len, struct err_list *diffs)
{
    struct lottery_manifest m;
    return lottery_verify(list, list_len, manifest, manifest_len, result, result_len, 1, &m, diffs);
}

static void verify_accepts_the_draw_and_names_what_differs(void **state)
{
    (void)state;
    char *result, *manifest;
    draw_in_memory(VECTOR_LIST, VECTOR_ID, VECTOR_CANONICAL, 1, &result, &manifest);
    struct err_list diffs = {0};
    assert_int_equal(verify(VECTOR_LIST, strlen(VECTOR_LIST), manifest, strlen(manifest), result,
                            strlen(result), &diffs),
                     0);
    assert_int_equal(diffs.total, 0);

    /* a changed seed: exactly that field is named */
    char *m2 = strdup(manifest);
    char *seed = strstr(m2, VECTOR_SEED);
    seed[10] = seed[10] == '0' ? '1' : '0';
    assert_int_equal(
        verify(VECTOR_LIST, strlen(VECTOR_LIST), m2, strlen(m2), result, strlen(result), &diffs),
        -1);
    assert_int_equal(diffs.total, 1);
    assert_string_equal(diffs.items[0].field, "manifest.seed");
    assert_non_null(strstr(diffs.items[0].zh, "manifest.seed 与重算结果不同"));
    assert_non_null(strstr(diffs.items[0].en, "manifest.seed differs from the recomputed value"));
    err_list_free(&diffs);
    free(m2);

    /* two entrants swapped in the result: the first line that differs */
    char *r2 = strdup(result);
    char *a = strstr(r2, "A004"), *b = strstr(r2, "A002");
    memcpy(a, "A002", 4);
    memcpy(b, "A004", 4);
    memset(&diffs, 0, sizeof diffs);
    assert_int_equal(verify(VECTOR_LIST, strlen(VECTOR_LIST), manifest, strlen(manifest), r2,
                            strlen(r2), &diffs),
                     -1);
    assert_string_equal(diffs.items[0].field, "result.csv");
    assert_int_equal(diffs.items[0].row, 3);
    assert_non_null(strstr(diffs.items[0].en, "result.csv line 3 differs"));
    err_list_free(&diffs);
    free(r2);

    /* the manifest re-indented: same members, not the canonical bytes */
    char *m3 = malloc(strlen(manifest) + 2);
    strcpy(m3, "{ ");
    strcat(m3, manifest + 2);
    memset(&diffs, 0, sizeof diffs);
    assert_int_equal(
        verify(VECTOR_LIST, strlen(VECTOR_LIST), m3, strlen(m3), result, strlen(result), &diffs),
        -1);
    assert_string_equal(diffs.items[0].field, "manifest.json");
    assert_non_null(strstr(diffs.items[0].en, "canonical layout"));
    err_list_free(&diffs);
    free(m3);
    free(result);
    free(manifest);
}

/* Flips bit patterns of every byte of one of the three files in turn;
 * verify must fail every time. Also a byte cut off and a byte added. */
static void verify_catches_any_changed_byte(void **state)
{
    (void)state;
    char *result, *manifest;
    draw_in_memory(VECTOR_LIST, VECTOR_ID, VECTOR_CANONICAL, 1, &result, &manifest);
    const char *files[3] = {VECTOR_LIST, manifest, result};
    static const unsigned char masks[] = {0x01, 0x20, 0x80, 0xFF};
    long checked = 0;
    for (int f = 0; f < 3; f++) {
        size_t len = strlen(files[f]);
        char *copy = malloc(len + 2);
        for (size_t i = 0; i <= len; i++) {
            for (size_t m = 0; m < sizeof masks; m++) {
                const char *t[3] = {files[0], files[1], files[2]};
                size_t n[3] = {strlen(files[0]), strlen(files[1]), strlen(files[2])};
                memcpy(copy, files[f], len + 1);
                if (i < len) {
                    copy[i] = (char)(copy[i] ^ masks[m]);
                } else if (m == 0) {
                    n[f] = len - 1; /* the last byte cut off */
                } else if (m == 1) {
                    copy[len] = '\n'; /* one byte added */
                    n[f] = len + 1;
                } else {
                    continue;
                }
                t[f] = copy;
                struct err_list diffs = {0};
                int rc = verify(t[0], n[0], t[1], n[1], t[2], n[2], &diffs);
                if (rc != -1)
                    fprintf(stderr, "file %d byte %zu mask 0x%02X: not caught\n", f, i, masks[m]);
                assert_int_equal(rc, -1);
                assert_true(diffs.total >= 1);
                err_list_free(&diffs);
                checked++;
            }
        }
        free(copy);
    }
    assert_true(checked > 3000);
    free(result);
    free(manifest);
}

static void manifest_members_are_checked(void **state)
{
    (void)state;
    struct lottery_manifest m;
    struct err e = {0};
    static const char extra[] = "{\"algorithm\":\"a\",\"lottery_id\":\"b\",\"list_sha256\":\"c\","
                                "\"randomness\":\"d\",\"seed\":\"e\",\"entrants\":1,"
                                "\"result_sha256\":\"f\",\"note\":\"x\"}";
    assert_int_equal(lottery_manifest_parse(extra, sizeof extra - 1, &m, &e), -1);
    assert_non_null(strstr(e.en, "unknown member \"note\""));
    static const char missing[] = "{\"algorithm\":\"a\",\"lottery_id\":\"b\",\"list_sha256\":\"c\","
                                  "\"randomness\":\"d\",\"entrants\":1,\"result_sha256\":\"f\"}";
    assert_int_equal(lottery_manifest_parse(missing, sizeof missing - 1, &m, &e), -1);
    assert_non_null(strstr(e.en, "lacks the member seed"));
    static const char type[] = "{\"algorithm\":\"a\",\"lottery_id\":\"b\",\"list_sha256\":\"c\","
                               "\"randomness\":\"d\",\"seed\":\"e\",\"entrants\":\"1\","
                               "\"result_sha256\":\"f\"}";
    assert_int_equal(lottery_manifest_parse(type, sizeof type - 1, &m, &e), -1);
    assert_non_null(strstr(e.en, "manifest.entrants must be an integer"));
    static const char dup[] = "{\"seed\":\"e\",\"seed\":\"e\"}";
    assert_int_equal(lottery_manifest_parse(dup, sizeof dup - 1, &m, &e), -1);
    assert_non_null(strstr(e.en, "not valid JSON"));
}

static void lottery_ids_are_checked(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(lottery_id_check("2026-BJ-GZF-0001", "id", &e), 0);
    assert_int_equal(lottery_id_check("a.b_c-1", "id", &e), 0);
    assert_int_equal(lottery_id_check("", "id", &e), -1);
    assert_int_equal(lottery_id_check("a|b", "id", &e), -1);
    assert_non_null(strstr(e.en, "character 2"));
    assert_int_equal(lottery_id_check("a b", "id", &e), -1);
    assert_int_equal(
        lottery_id_check("0123456789012345678901234567890123456789012345678", "id", &e), -1);
}

/* ------------------------------------------------- draws in the database */

struct fixture {
    char dir[64];
    char db[96];
    char list[96];
    struct app *app;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/anju-test-lottery-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->db, sizeof f->db, "%s/anju.db", f->dir);
    snprintf(f->list, sizeof f->list, "%s/entrants.csv", f->dir);
    FILE *out = fopen(f->list, "wb");
    if (!out) return -1;
    fputs(VECTOR_LIST, out);
    fclose(out);
    struct err e = {0};
    if (app_open(&f->app, f->db, &e)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    app_close(f->app);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) return -1;
    free(f);
    return 0;
}

static int draw(struct fixture *f, const char *id, const char *out, const char *redraw_of,
                const char *reason, struct err *first)
{
    char dir[160];
    snprintf(dir, sizeof dir, "%s/%s", f->dir, out);
    struct lottery_draw_request rq = {
        .lottery_id = id,
        .entrants_path = f->list,
        .randomness = VECTOR_RANDOMNESS,
        .out_dir = dir,
        .redraw_of = redraw_of,
        .reason = reason,
    };
    struct lottery_draw_row row;
    struct err_list errs = {0};
    int rc = app_lottery_draw(f->app, NULL, &rq, &row, &errs);
    if (rc == 0) {
        assert_string_equal(row.lottery_id, id);
        assert_string_equal(row.randomness, VECTOR_CANONICAL);
    }
    if (first) *first = errs.len ? errs.items[0] : (struct err){0};
    err_list_free(&errs);
    return rc;
}

static int64_t count(struct fixture *f, const char *sql)
{
    struct db_stmt *s;
    struct err e = {0};
    assert_int_equal(db_prepare(app_db(f->app), sql, &s, &e), 0);
    assert_int_equal(db_step(s, &e), 1);
    int64_t n = db_col_int(s, 0);
    db_finalize(s);
    return n;
}

static void a_draw_is_recorded_audited_and_never_repeated(void **state)
{
    struct fixture *f = *state;
    struct err e;
    assert_int_equal(draw(f, VECTOR_ID, "d1", NULL, NULL, &e), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM lottery_draw"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'lottery.draw'"
                              " AND entity_type = 'lottery' AND entity_id = '" VECTOR_ID "'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM lottery_draw WHERE seed = '" VECTOR_SEED
                              "' AND list_sha256 = '" VECTOR_LIST_SHA256 "' AND entrants = 6"),
                     1);

    /* the directory verifies, without the database */
    char dir[160];
    snprintf(dir, sizeof dir, "%s/d1", f->dir);
    struct lottery_manifest m;
    struct err_list diffs = {0};
    assert_int_equal(app_lottery_verify(dir, &m, &diffs), 0);
    assert_string_equal(m.seed, VECTOR_SEED);

    /* the same id again: refused, whatever the directory */
    assert_int_equal(draw(f, VECTOR_ID, "d2", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_non_null(strstr(e.en, "can never be drawn twice"));
    struct stat st;
    assert_int_not_equal(stat(f->dir, &st), -1);
    char path[200];
    snprintf(path, sizeof path, "%s/d2/result.csv", f->dir);
    assert_int_equal(stat(path, &st), -1); /* nothing written */

    /* a re-draw: needs a reason, an existing earlier draw, a new id */
    assert_int_equal(draw(f, "2026-BJ-GZF-0002", "d2", VECTOR_ID, NULL, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "reason");
    assert_int_equal(draw(f, "2026-BJ-GZF-0002", "d2", "2026-BJ-GZF-0999", "名单有误", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "redraw_of");
    assert_int_equal(draw(f, VECTOR_ID, "d2", VECTOR_ID, "名单有误", &e), -1);
    assert_string_equal(e.field, "redraw_of");
    assert_int_equal(draw(f, "2026-BJ-GZF-0002", "d2", VECTOR_ID, "bad\x01reason", &e), -1);
    assert_string_equal(e.field, "reason");
    /* a directory holding an earlier draw's files is never overwritten */
    assert_int_equal(draw(f, "2026-BJ-GZF-0002", "d1", VECTOR_ID, "名单有误", &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(app_lottery_verify(dir, &m, &diffs), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM lottery_draw"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), 1);

    assert_int_equal(draw(f, "2026-BJ-GZF-0002", "d2", VECTOR_ID, "公示期发现名单遗漏", &e), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM lottery_draw WHERE lottery_id ="
                              " '2026-BJ-GZF-0002' AND redraw_of = '" VECTOR_ID
                              "' AND reason = '公示期发现名单遗漏'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'lottery.redraw'"
                              " AND entity_id = '2026-BJ-GZF-0002'"
                              " AND detail LIKE '%redraw_of=" VECTOR_ID "; reason=公示期%'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), 2);

    struct lottery_draw_row *rows;
    size_t n;
    assert_int_equal(app_lottery_list(f->app, NULL, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].lottery_id, VECTOR_ID);
    assert_string_equal(rows[0].redraw_of, "");
    assert_string_equal(rows[1].redraw_of, VECTOR_ID);
    free(rows);

    /* the record cannot be changed or removed */
    assert_int_equal(db_exec(app_db(f->app), "UPDATE lottery_draw SET seed = 'x'", &e), -1);
    assert_int_equal(db_exec(app_db(f->app), "DELETE FROM lottery_draw", &e), -1);
}

static void only_officers_may_draw(void **state)
{
    struct fixture *f = *state;
    struct actor street = {.account_id = 7, .role = ROLE_STREET_OFFICER};
    snprintf(street.username, sizeof street.username, "street");
    char dir[160];
    snprintf(dir, sizeof dir, "%s/d9", f->dir);
    struct lottery_draw_request rq = {
        .lottery_id = "X-1", .entrants_path = f->list, .randomness = "1", .out_dir = dir};
    struct lottery_draw_row row;
    struct err_list errs = {0};
    assert_int_equal(app_lottery_draw(f->app, &street, &rq, &row, &errs), -1);
    assert_int_equal(errs.items[0].code, ERR_FORBIDDEN);
    err_list_free(&errs);
    struct actor city = street;
    city.role = ROLE_CITY_OFFICER;
    assert_int_equal(app_lottery_draw(f->app, &city, &rq, &row, &errs), 0);
    assert_string_equal(row.actor, "street"); /* the account's name */
    struct lottery_draw_row *rows;
    size_t n;
    struct err e = {0};
    struct actor applicant = street;
    applicant.role = ROLE_APPLICANT;
    assert_int_equal(app_lottery_list(f->app, &applicant, &rows, &n, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_test_vector_gives_the_published_seed_and_order),
        cmocka_unit_test(the_seed_is_hmac_of_the_canonical_string_under_the_list_hash),
        cmocka_unit_test(the_randomness_has_the_rfc3797_canonical_form),
        cmocka_unit_test(every_entrant_list_error_names_its_line_and_column),
        cmocka_unit_test(ids_not_shaped_like_id_numbers_are_accepted),
        cmocka_unit_test(every_bad_row_is_reported),
        cmocka_unit_test(several_tickets_take_the_smallest_key),
        cmocka_unit_test(buckets_come_first_in_numeric_order),
        cmocka_unit_test(the_fast_order_is_the_full_order),
        cmocka_unit_test(keys_do_not_depend_on_the_number_of_threads),
        cmocka_unit_test(verify_accepts_the_draw_and_names_what_differs),
        cmocka_unit_test(verify_catches_any_changed_byte),
        cmocka_unit_test(manifest_members_are_checked),
        cmocka_unit_test(lottery_ids_are_checked),
        cmocka_unit_test_setup_teardown(a_draw_is_recorded_audited_and_never_repeated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(only_officers_may_draw, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
