/* core/lottery — anju-lottery-v1 (see lottery.h and docs/lottery.md). */
#include "core/lottery.h"

#include "base/bigmem.h"

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

void lottery_hex(const uint8_t bytes[32], char out[LOTTERY_HASH_HEX + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[LOTTERY_HASH_HEX] = '\0';
}

static int crypto_failed(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "OpenSSL 计算哈希失败", "OpenSSL failed to compute a hash");
}

int lottery_sha256(const void *data, size_t len, uint8_t out[32], struct err *e)
{
    unsigned int n = 0;
    if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) || n != 32) return crypto_failed(e);
    return 0;
}

/* An HMAC-SHA256 context keyed with key; EVP_MAC_CTX_free releases it. */
static EVP_MAC_CTX *hmac_new(const uint8_t *key, size_t key_len)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!mac) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    if (!ctx) return NULL;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (!EVP_MAC_init(ctx, key, key_len, params)) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* HMAC-SHA256(the context's key, msg). EVP_MAC_init without a key starts a
 * new message under the key already set, so one context serves any number
 * of messages. */
static int hmac_once(EVP_MAC_CTX *ctx, const void *msg, size_t len, uint8_t out[32])
{
    size_t n = 0;
    return EVP_MAC_init(ctx, NULL, 0, NULL) && EVP_MAC_update(ctx, msg, len) &&
                   EVP_MAC_final(ctx, out, &n, 32) && n == 32
               ? 0
               : -1;
}

/* Writes v in decimal at p; returns the number of digits. */
static size_t put_decimal(char *p, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        p[i] = tmp[n - 1 - i];
    return n;
}

/* Adds an ERR_INVALID error on line `line` (0: none) to errs. Once errs
 * keeps all it may, further errors are only counted: a list with a million
 * bad rows costs no more than one with a thousand. */
static void add_error(struct err_list *errs, long line, const char *field, const char *zh,
                      const char *en, ...) __attribute__((format(printf, 5, 6)));

static void add_error(struct err_list *errs, long line, const char *field, const char *zh,
                      const char *en, ...)
{
    size_t cap = errs->cap ? errs->cap : 1000;
    if (errs->len >= cap) {
        errs->total++;
        return;
    }
    struct err e = {0};
    e.code = ERR_INVALID;
    e.row = line;
    snprintf(e.field, sizeof e.field, "%s", field);
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
    /* zh and en take the same arguments: format each from its own copy */
    vsnprintf(e.zh, sizeof e.zh, zh, ap);
    vsnprintf(e.en, sizeof e.en, en, ap2);
    va_end(ap2);
    va_end(ap);
    err_list_add(errs, &e);
}

/* ------------------------------------------------------- entrant list */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it
 * is not valid (overlong forms, surrogates and code points above U+10FFFF
 * are not). */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80) return 1;
    size_t len;
    uint32_t cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int lottery_looks_like_id_number(const char *s, size_t n)
{
    if (n != 18) return 0;
    for (size_t i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return (s[17] >= '0' && s[17] <= '9') || s[17] == 'X' || s[17] == 'x';
}

/* An entrant_id character: printable ASCII other than space , " and |. */
static int entrant_id_char_ok(unsigned char c)
{
    return c > 0x20 && c < 0x7F && c != ',' && c != '"' && c != '|';
}

/* 0 when s[0 … n) is a well-formed entrant_id; else reports why and -1. */
static int check_entrant_id(const char *s, size_t n, long line, struct err_list *errs)
{
    if (n == 0) {
        add_error(errs, line, "entrant_id", "第 1 列 entrant_id 为空",
                  "column 1 (entrant_id) is empty");
        return -1;
    }
    if (n > LOTTERY_ENTRANT_ID_MAX) {
        add_error(errs, line, "entrant_id", "第 1 列 entrant_id 超过 %d 个字符",
                  "column 1 (entrant_id) is longer than %d characters", LOTTERY_ENTRANT_ID_MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!entrant_id_char_ok((unsigned char)s[i])) {
            add_error(errs, line, "entrant_id",
                      "第 1 列 entrant_id 的第 %zu 个字符不允许：只能使用可打印的 ASCII 字符，"
                      "不含空格、逗号、引号和 |",
                      "column 1 (entrant_id), character %zu is not allowed: only printable ASCII "
                      "without spaces, commas, quotes or |",
                      i + 1);
            return -1;
        }
    }
    if (lottery_looks_like_id_number(s, n)) {
        add_error(
            errs, line, "entrant_id",
            "第 1 列 entrant_id 形如 18 位身份证号：entrant_id 必须是申请编号，绝不能是身份证号",
            "column 1 (entrant_id) has the shape of an 18-character ID number: entrant_id "
            "must be the application number, never a person's ID number");
        return -1;
    }
    return 0;
}

/* A decimal integer from 1 to max without sign, spaces or leading zeros. */
static int parse_count(const char *s, size_t n, unsigned max, unsigned *out)
{
    if (n == 0 || n > 9 || s[0] == '0') return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > max) return -1;
    *out = v;
    return 0;
}

/* Compares two entrant ids bytewise (a shorter prefix comes first). */
static int id_compare(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

/* Checks the bytes of one line: valid UTF-8, no CR, no control characters.
 * Returns 0, or -1 after reporting the first bad byte. */
static int check_line_bytes(const char *line, size_t n, long lineno, struct err_list *errs)
{
    const unsigned char *s = (const unsigned char *)line;
    for (size_t i = 0; i < n;) {
        if (s[i] >= 0x20 && s[i] < 0x7F) { /* printable ASCII: the common case */
            i++;
            continue;
        }
        if (s[i] == '\r') {
            add_error(errs, lineno, "", "第 %zu 个字节是回车符（CR）：行尾只能是 LF，不能是 CRLF",
                      "byte %zu is a carriage return (CR): lines must end in LF only, not CRLF",
                      i + 1);
            return -1;
        }
        if (s[i] < 0x20 || s[i] == 0x7F) {
            add_error(errs, lineno, "", "第 %zu 个字节是控制字符 0x%02X",
                      "byte %zu is the control character 0x%02X", i + 1, (unsigned)s[i]);
            return -1;
        }
        size_t k = utf8_length(s + i, n - i);
        if (k == 0) {
            add_error(errs, lineno, "",
                      "第 %zu 个字节（0x%02X）起不是有效的 UTF-8 编码：名单须为 UTF-8 文件",
                      "byte %zu (0x%02X) starts invalid UTF-8: the list must be a UTF-8 file",
                      i + 1, (unsigned)s[i]);
            return -1;
        }
        i += k;
    }
    return 0;
}

/* The header line: exactly LOTTERY_LIST_HEADER then LF. */
static int check_header(const char *text, size_t len, size_t *body, struct err_list *errs)
{
    static const char header[] = LOTTERY_LIST_HEADER;
    const size_t hlen = sizeof header - 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        add_error(errs, 1, "", "文件以字节顺序标记（BOM）开头：请去掉 BOM",
                  "the file starts with a byte-order mark (BOM): remove it");
        return -1;
    }
    const char *nl = memchr(text, '\n', len);
    size_t n = nl ? (size_t)(nl - text) : len;
    if (n == hlen + 1 && memcmp(text, header, hlen) == 0 && text[hlen] == '\r') {
        add_error(errs, 1, "", "行尾是 CRLF：名单的每一行须以 LF 结尾（请转换为 LF 换行）",
                  "the lines end in CRLF: every line of the list must end in LF (convert the "
                  "line ends to LF)");
        return -1;
    }
    if (n != hlen || memcmp(text, header, hlen) != 0) {
        add_error(errs, 1, "", "表头应为 %s", "the header must be exactly %s", header);
        return -1;
    }
    if (!nl) {
        add_error(errs, 1, "", "表头后缺少换行符 LF，且名单中没有报名人",
                  "the header does not end in LF and the list has no entrants");
        return -1;
    }
    *body = n + 1;
    return 0;
}

int lottery_list_parse(const char *text, size_t len, struct lottery_list *l, struct err_list *errs)
{
    memset(l, 0, sizeof *l);
    if (len == 0) {
        add_error(errs, 0, "", "名单文件为空", "the entrant list is empty");
        return -1;
    }
    if (len > LOTTERY_LIST_BYTES_MAX) {
        struct err e;
        err_set(&e, ERR_TOO_LARGE, "", "名单文件超过 %zu 字节",
                "the entrant list exceeds %zu bytes", LOTTERY_LIST_BYTES_MAX);
        e.row = 0;
        err_list_add(errs, &e);
        return -1;
    }
    size_t pos;
    if (check_header(text, len, &pos, errs)) return -1;

    /* one row per line: count them to allocate the array once */
    size_t rows = 0;
    for (const char *p = text + pos; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
        rows++;
    if (text[len - 1] != '\n') rows++; /* a last line without its LF (an error below) */
    if (rows == 0) {
        add_error(errs, 0, "", "名单中没有报名人（只有表头）",
                  "the list has no entrants (only the header)");
        return -1;
    }
    if (rows > LOTTERY_ENTRANTS_MAX) {
        add_error(errs, 0, "", "名单超过 %d 行", "the list has more than %d rows",
                  LOTTERY_ENTRANTS_MAX);
        return -1;
    }
    struct lottery_entrant *all = bigmem_alloc(rows * sizeof *all);
    if (!all) {
        add_error(errs, 0, "", "内存不足", "out of memory");
        return -1;
    }

    size_t before = errs->total, n = 0;
    uint64_t tickets = 0;
    const char *prev = NULL; /* the last well-formed entrant_id, for the order check */
    size_t prev_len = 0;
    long prev_line = 0;
    for (long lineno = 2; pos < len; lineno++) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - line) : len - pos;
        pos += llen + 1;
        if (!nl)
            add_error(errs, lineno, "", "最后一行缺少换行符 LF：每一行都须以 LF 结尾",
                      "the last line does not end in LF: every line must end in LF");
        if (llen == 0) {
            add_error(errs, lineno, "", "空行", "empty line");
            continue;
        }
        if (check_line_bytes(line, llen, lineno, errs)) continue;

        const char *c1 = memchr(line, ',', llen);
        const char *c2 = c1 ? memchr(c1 + 1, ',', llen - (size_t)(c1 + 1 - line)) : NULL;
        const char *c3 = c2 ? memchr(c2 + 1, ',', llen - (size_t)(c2 + 1 - line)) : NULL;
        if (!c2 || c3) {
            size_t columns = 1;
            for (size_t i = 0; i < llen; i++)
                columns += line[i] == ',';
            add_error(errs, lineno, "", "应有 3 列（entrant_id,bucket,tickets），实际 %zu 列",
                      "expected 3 columns (entrant_id,bucket,tickets), found %zu", columns);
            continue;
        }
        const char *id = line, *bucket = c1 + 1, *tick = c2 + 1;
        size_t id_len = (size_t)(c1 - id), bucket_len = (size_t)(c2 - bucket),
               tick_len = (size_t)(line + llen - tick);

        int id_ok = check_entrant_id(id, id_len, lineno, errs) == 0, bad = !id_ok;
        unsigned b = 0, t = 0;
        if (parse_count(bucket, bucket_len, LOTTERY_BUCKET_MAX, &b)) {
            add_error(errs, lineno, "bucket",
                      "第 2 列 bucket 应为 1 至 %d 的整数（无前导零），实际为“%.*s”",
                      "column 2 (bucket) must be an integer from 1 to %d without leading zeros, "
                      "got \"%.*s\"",
                      LOTTERY_BUCKET_MAX, (int)(bucket_len < 20 ? bucket_len : 20), bucket);
            bad = 1;
        }
        if (parse_count(tick, tick_len, LOTTERY_TICKETS_MAX, &t)) {
            add_error(errs, lineno, "tickets",
                      "第 3 列 tickets 应为 1 至 %d 的整数（无前导零），实际为“%.*s”",
                      "column 3 (tickets) must be an integer from 1 to %d without leading "
                      "zeros, got \"%.*s\"",
                      LOTTERY_TICKETS_MAX, (int)(tick_len < 20 ? tick_len : 20), tick);
            bad = 1;
        }
        if (id_ok && prev) {
            int c = id_compare(prev, prev_len, id, id_len);
            if (c == 0) {
                add_error(errs, lineno, "entrant_id",
                          "第 1 列 entrant_id“%.*s”重复（与第 %ld 行相同）",
                          "column 1 (entrant_id) \"%.*s\" is a duplicate (of line %ld)",
                          (int)id_len, id, prev_line);
                bad = 1;
            } else if (c > 0) {
                add_error(errs, lineno, "entrant_id",
                          "第 1 列 entrant_id 未按字节顺序排列：“%.*s”应排在第 %ld 行的“%.*s”"
                          "之前",
                          "column 1 (entrant_id) is out of order: \"%.*s\" must come before "
                          "line %ld, \"%.*s\" (rows are sorted by entrant_id bytewise)",
                          (int)id_len, id, prev_line, (int)prev_len, prev);
                bad = 1;
            }
        }
        if (id_ok) { /* each row is compared with the one before: one report per step back */
            prev = id;
            prev_len = id_len;
            prev_line = lineno;
        }
        if (bad) continue;
        struct lottery_entrant *en = &all[n++];
        en->id_off = (uint32_t)(id - text);
        en->id_len = (uint8_t)id_len;
        en->bucket = (uint16_t)b;
        en->tickets = (uint8_t)t;
        tickets += t;
    }
    if (errs->total == before && tickets > LOTTERY_TICKETS_TOTAL_MAX)
        add_error(errs, 0, "tickets", "所有报名人的 tickets 合计超过 %d",
                  "the tickets of all entrants together exceed %d", LOTTERY_TICKETS_TOTAL_MAX);
    if (errs->total != before) {
        bigmem_free(all, rows * sizeof *all);
        return -1;
    }
    l->text = text;
    l->len = len;
    l->entrants = all;
    l->capacity = rows;
    l->n = n;
    l->tickets = tickets;
    return 0;
}

void lottery_list_free(struct lottery_list *l)
{
    if (!l) return;
    bigmem_free(l->entrants, l->capacity * sizeof *l->entrants);
    memset(l, 0, sizeof *l);
}

int lottery_id_check(const char *id, const char *field, struct err *e)
{
    size_t n = strlen(id);
    if (n == 0 || n > LOTTERY_ID_MAX)
        return err_set(e, ERR_INVALID, field, "抽签编号应为 1 至 %d 个字符",
                       "the lottery id must have 1 to %d characters", LOTTERY_ID_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return err_set(e, ERR_INVALID, field,
                           "抽签编号的第 %zu 个字符不允许：只能使用字母、数字和 . _ -",
                           "character %zu of the lottery id is not allowed: only letters, digits "
                           "and . _ -",
                           i + 1);
    }
    return 0;
}

int lottery_reason_check(const char *reason, const char *field, struct err *e)
{
    size_t n = strlen(reason);
    if (n == 0 || n > LOTTERY_REASON_MAX)
        return err_set(e, ERR_INVALID, field, "重新抽签的原因应为 1 至 %d 个字节",
                       "the reason for a re-draw must have 1 to %d bytes", LOTTERY_REASON_MAX);
    const unsigned char *s = (const unsigned char *)reason;
    for (size_t i = 0; i < n;) {
        size_t k = s[i] < 0x20 || s[i] == 0x7F ? 0 : utf8_length(s + i, n - i);
        if (k == 0)
            return err_set(e, ERR_INVALID, field,
                           "重新抽签的原因第 %zu 个字节无效：须为 UTF-8 文本，不含控制字符",
                           "byte %zu of the reason is not allowed: it must be UTF-8 text without "
                           "control characters",
                           i + 1);
        i += k;
    }
    return 0;
}

/* ------------------------------------------------------------ randomness */

struct sources {
    uint64_t number[LOTTERY_SOURCES_MAX][LOTTERY_NUMBERS_MAX];
    size_t count[LOTTERY_SOURCES_MAX];
    size_t n;
};

/* Adds the number written in digits s[0 … len) to the current source. */
static int add_number(struct sources *src, const char *s, size_t len, size_t at, const char *field,
                      struct err *e)
{
    if (len == 0)
        return err_set(e, ERR_INVALID, field, "第 %zu 个字符处缺少数字",
                       "a number is missing at character %zu", at + 1);
    if (len > LOTTERY_NUMBER_DIGITS_MAX)
        return err_set(e, ERR_INVALID, field, "第 %zu 个字符起的数字超过 %d 位",
                       "the number at character %zu has more than %d digits", at + 1,
                       LOTTERY_NUMBER_DIGITS_MAX);
    size_t k = src->n - 1;
    if (src->count[k] == LOTTERY_NUMBERS_MAX)
        return err_set(e, ERR_INVALID, field, "第 %zu 个来源的数字超过 %d 个",
                       "source %zu has more than %d numbers", k + 1, LOTTERY_NUMBERS_MAX);
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (uint64_t)(s[i] - '0');
    src->number[k][src->count[k]++] = v;
    return 0;
}

static int new_source(struct sources *src, const char *field, struct err *e)
{
    if (src->n == LOTTERY_SOURCES_MAX)
        return err_set(e, ERR_INVALID, field, "随机来源超过 %d 个",
                       "there are more than %d randomness sources", LOTTERY_SOURCES_MAX);
    src->count[src->n++] = 0;
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "9319./2.5.8.10.12./": numbers each followed by '.', '/' after each source. */
static int parse_canonical_form(const char *t, struct sources *src, const char *field,
                                struct err *e)
{
    size_t i = 0;
    while (t[i]) {
        if (new_source(src, field, e)) return -1;
        do {
            size_t start = i;
            while (is_digit(t[i]))
                i++;
            if (add_number(src, t + start, i - start, start, field, e)) return -1;
            if (t[i] != '.')
                return err_set(e, ERR_INVALID, field, "第 %zu 个字符应为“.”",
                               "character %zu must be \".\"", i + 1);
            i++;
        } while (t[i] && t[i] != '/');
        if (t[i] != '/')
            return err_set(e, ERR_INVALID, field, "末尾缺少“/”：每个来源都以“/”结束",
                           "a \"/\" is missing at the end: every source ends with \"/\"");
        i++;
    }
    return 0;
}

/* "9319; 2,5,12,8,10": sources separated by ';', numbers by ','. */
static int parse_list_form(const char *t, struct sources *src, const char *field, struct err *e)
{
    size_t i = 0;
    for (;;) {
        if (new_source(src, field, e)) return -1;
        for (;;) {
            while (t[i] == ' ')
                i++;
            size_t start = i;
            while (is_digit(t[i]))
                i++;
            if (i == start && t[i] && t[i] != ',' && t[i] != ';') break; /* named below */
            if (add_number(src, t + start, i - start, start, field, e)) return -1;
            while (t[i] == ' ')
                i++;
            if (t[i] != ',') break;
            i++;
        }
        if (t[i] == '\0') return 0;
        if (t[i] != ';')
            return err_set(e, ERR_INVALID, field,
                           "第 %zu 个字符“%c”不允许：来源之间用“;”分隔，数字之间用“,”分隔",
                           "character %zu \"%c\" is not allowed: separate sources with \";\" and "
                           "numbers with \",\"",
                           i + 1, t[i] > 0x20 && t[i] < 0x7F ? t[i] : '?');
        i++;
    }
}

int lottery_randomness_canonical(const char *text, char out[LOTTERY_RANDOMNESS_MAX + 1],
                                 const char *field, struct err *e)
{
    out[0] = '\0';
    if (strlen(text) > LOTTERY_RANDOMNESS_MAX)
        return err_set(e, ERR_INVALID, field, "随机数字符串超过 %d 个字符",
                       "the randomness string is longer than %d characters",
                       LOTTERY_RANDOMNESS_MAX);
    if (text[0] == '\0')
        return err_set(e, ERR_INVALID, field, "随机数为空", "the randomness is empty");
    struct sources *src = calloc(1, sizeof *src); /* 8 KiB: not on the stack */
    if (!src) return err_set(e, ERR_INTERNAL, field, "内存不足", "out of memory");
    int rc = strchr(text, '/') ? parse_canonical_form(text, src, field, e)
                               : parse_list_form(text, src, field, e);
    size_t len = 0;
    for (size_t k = 0; rc == 0 && k < src->n; k++) {
        /* RFC 3797 §4: the numbers of each source sorted ascending */
        uint64_t *v = src->number[k];
        for (size_t i = 1; i < src->count[k]; i++)
            for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
                uint64_t t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        for (size_t i = 0; rc == 0 && i < src->count[k]; i++) {
            char digits[24];
            size_t d = put_decimal(digits, v[i]);
            if (len + d + 2 > LOTTERY_RANDOMNESS_MAX) {
                rc = err_set(e, ERR_INVALID, field, "规范形式超过 %d 个字符",
                             "the canonical form is longer than %d characters",
                             LOTTERY_RANDOMNESS_MAX);
                break;
            }
            memcpy(out + len, digits, d);
            len += d;
            out[len++] = '.';
        }
        out[len++] = '/';
    }
    out[rc == 0 ? len : 0] = '\0';
    free(src);
    return rc;
}

/* ------------------------------------------------------------- the draw */

int lottery_seed(const uint8_t list_sha256[32], const char *canonical, uint8_t seed[32],
                 struct err *e)
{
    EVP_MAC_CTX *ctx = hmac_new(list_sha256, 32);
    int rc = ctx ? hmac_once(ctx, canonical, strlen(canonical), seed) : -1;
    EVP_MAC_CTX_free(ctx);
    return rc ? crypto_failed(e) : 0;
}

struct key_job {
    struct lottery_list *list;
    size_t from, to;
    const char *lottery_id;
    EVP_MAC_CTX *hmac; /* keyed with the seed */
    int rc;
};

/* key = min over j of HMAC-SHA256(seed, "lottery_id|entrant_id|j"). */
static void *key_job_run(void *arg)
{
    struct key_job *job = arg;
    char msg[LOTTERY_ID_MAX + 1 + LOTTERY_ENTRANT_ID_MAX + 1 + 4];
    size_t prefix = strlen(job->lottery_id);
    memcpy(msg, job->lottery_id, prefix);
    msg[prefix++] = '|';
    for (size_t i = job->from; i < job->to; i++) {
        struct lottery_entrant *en = &job->list->entrants[i];
        size_t len = prefix;
        memcpy(msg + len, job->list->text + en->id_off, en->id_len);
        len += en->id_len;
        msg[len++] = '|';
        for (unsigned j = 0; j < en->tickets; j++) {
            uint8_t h[32];
            size_t n = len + put_decimal(msg + len, j);
            if (hmac_once(job->hmac, msg, n, h)) {
                job->rc = -1;
                return NULL;
            }
            if (j == 0 || memcmp(h, en->key, 32) < 0) memcpy(en->key, h, 32);
        }
    }
    job->rc = 0;
    return NULL;
}

int lottery_keys(struct lottery_list *l, const char *lottery_id, const uint8_t seed[32],
                 int threads, struct err *e)
{
    if (lottery_id_check(lottery_id, "lottery_id", e)) return -1;
    if (threads < 1 || l->n < 2) threads = 1;
    if (threads > 2) threads = 2;
    struct key_job job[2];
    memset(job, 0, sizeof job);
    EVP_MAC_CTX *keyed = hmac_new(seed, 32);
    if (!keyed) return crypto_failed(e);
    size_t half = threads == 2 ? l->n / 2 : l->n;
    for (int t = 0; t < threads; t++) {
        job[t].list = l;
        job[t].from = t == 0 ? 0 : half;
        job[t].to = t == 0 ? half : l->n;
        job[t].lottery_id = lottery_id;
        job[t].hmac = t == 0 ? keyed : EVP_MAC_CTX_dup(keyed);
        job[t].rc = -1;
    }
    int rc = 0;
    pthread_t second;
    int started =
        threads == 2 && job[1].hmac && pthread_create(&second, NULL, key_job_run, &job[1]) == 0;
    key_job_run(&job[0]);
    if (started)
        pthread_join(second, NULL);
    else if (threads == 2 && job[1].hmac)
        key_job_run(&job[1]); /* no second thread: the same work here */
    for (int t = 0; t < threads; t++)
        if (job[t].rc) rc = -1;
    if (threads == 2) EVP_MAC_CTX_free(job[1].hmac);
    EVP_MAC_CTX_free(keyed);
    return rc ? crypto_failed(e) : 0;
}

/* Step 5: bucket ascending, then key bytewise, then entrant_id bytewise. */
static int entrant_compare(const struct lottery_entrant *a, const struct lottery_entrant *b,
                           const char *text)
{
    if (a->bucket != b->bucket) return a->bucket < b->bucket ? -1 : 1;
    int c = memcmp(a->key, b->key, 32);
    if (c) return c;
    return id_compare(text + a->id_off, a->id_len, text + b->id_off, b->id_len);
}

/* Sorting a million 40-byte records with that comparison moves a lot of
 * memory, so the order is found on 16-byte items instead: a 64-bit prefix
 * that orders exactly as entrant_compare does on the bucket and the first
 * 54 bits of the key, and the entrant's index. A stable radix sort puts the
 * items in prefix order; the rare runs of equal prefixes are then finished
 * with entrant_compare itself; last, the entrants are gathered into that
 * order. The result is the order of entrant_compare, whatever the keys. */
struct order_item {
    uint64_t prefix;
    uint32_t index;
    uint32_t unused;
};

static uint64_t order_prefix(const struct lottery_entrant *en)
{
    uint64_t k = 0;
    for (int i = 0; i < 7; i++)
        k = k << 8 | en->key[i];
    /* the bucket (< 2^10) in the top 10 bits, then 54 bits of the key */
    return (uint64_t)en->bucket << 54 | k >> 2;
}

/* Least-significant-digit radix sort of a[0 … n) by prefix, one byte at a
 * time, using tmp; stable. A byte that is the same in every item (the top
 * bits when there are few buckets) is skipped. The result is left in a. */
static void radix_sort(struct order_item *a, struct order_item *tmp, size_t n)
{
    struct order_item *from = a, *to = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(from[i].prefix >> shift) & 0xFF]++;
        if (count[(from[0].prefix >> shift) & 0xFF] == n) continue; /* nothing to do */
        size_t sum = 0;
        for (size_t d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].prefix >> shift) & 0xFF]++] = from[i];
        struct order_item *t = from;
        from = to;
        to = t;
    }
    if (from != a) memcpy(a, from, n * sizeof *a);
}

int lottery_order(struct lottery_list *l, struct err *e)
{
    size_t n = l->n;
    if (n < 2) return 0;
    struct order_item *items = bigmem_alloc(n * sizeof *items);
    struct order_item *tmp = bigmem_alloc(n * sizeof *tmp);
    struct lottery_entrant *ordered = bigmem_alloc(n * sizeof *ordered);
    int rc = items && tmp && ordered ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        items[i].prefix = order_prefix(&l->entrants[i]);
        items[i].index = (uint32_t)i;
    }
    if (rc == 0) radix_sort(items, tmp, n);
    for (size_t i = 0; rc == 0 && i < n;) {
        size_t end = i + 1; /* items[i … end) share one prefix */
        while (end < n && items[end].prefix == items[i].prefix)
            end++;
        for (size_t j = i + 1; j < end; j++) { /* insertion sort by the full comparison */
            struct order_item x = items[j];
            size_t k = j;
            for (; k > i && entrant_compare(&l->entrants[items[k - 1].index], &l->entrants[x.index],
                                            l->text) > 0;
                 k--)
                items[k] = items[k - 1];
            items[k] = x;
        }
        i = end;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (i + 16 < n) __builtin_prefetch(&l->entrants[items[i + 16].index]);
        ordered[i] = l->entrants[items[i].index];
    }
    bigmem_free(items, n * sizeof *items);
    bigmem_free(tmp, n * sizeof *tmp);
    if (rc) {
        bigmem_free(ordered, n * sizeof *ordered);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    bigmem_free(l->entrants, l->capacity * sizeof *l->entrants);
    l->entrants = ordered;
    l->capacity = n;
    return 0;
}

/* ------------------------------------------------------------ the result */

enum {
    RESULT_CHUNK = 1 << 20,
    /* sequence,entrant_id,bucket,rank_in_bucket,key LF */
    RESULT_LINE_MAX = 10 + 1 + LOTTERY_ENTRANT_ID_MAX + 1 + 3 + 1 + 10 + 1 + LOTTERY_HASH_HEX + 1,
};

int lottery_result_render(const struct lottery_list *l, lottery_sink sink, void *ctx,
                          uint8_t result_sha256[32], struct err *e)
{
    /* a piece holds at most RESULT_CHUNK bytes: less for a short list */
    size_t size = RESULT_CHUNK;
    if (l->n < RESULT_CHUNK / RESULT_LINE_MAX) size = (l->n + 2) * RESULT_LINE_MAX;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    char *buf = malloc(size);
    if (!md || !buf || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        free(buf);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    int rc = 0;
    size_t len = sizeof LOTTERY_RESULT_HEADER - 1;
    memcpy(buf, LOTTERY_RESULT_HEADER, len);
    buf[len++] = '\n';
    unsigned bucket = 0;
    size_t rank = 0;
    for (size_t i = 0; i <= l->n && rc == 0; i++) {
        /* hand over whole lines only, so every piece starts a line */
        if (i == l->n || size - len < RESULT_LINE_MAX) {
            if (!EVP_DigestUpdate(md, buf, len))
                rc = crypto_failed(e);
            else if (sink(ctx, buf, len))
                rc = err_set(e, ERR_IO, "", "写出抽签结果失败", "cannot write the result");
            len = 0;
            if (i == l->n) break;
        }
        const struct lottery_entrant *en = &l->entrants[i];
        /* the entrant ids lie all over the list's text: ask for them early */
        if (i + 16 < l->n) __builtin_prefetch(l->text + l->entrants[i + 16].id_off);
        rank = en->bucket == bucket ? rank + 1 : 1;
        bucket = en->bucket;
        char *p = buf + len;
        p += put_decimal(p, i + 1);
        *p++ = ',';
        memcpy(p, l->text + en->id_off, en->id_len);
        p += en->id_len;
        *p++ = ',';
        p += put_decimal(p, en->bucket);
        *p++ = ',';
        p += put_decimal(p, rank);
        *p++ = ',';
        lottery_hex(en->key, p); /* writes a NUL after the 64 digits: overwritten next */
        p += LOTTERY_HASH_HEX;
        *p++ = '\n';
        len = (size_t)(p - buf);
    }
    unsigned int n = 0;
    if (rc == 0 && (!EVP_DigestFinal_ex(md, result_sha256, &n) || n != 32)) rc = crypto_failed(e);
    EVP_MD_CTX_free(md);
    free(buf);
    return rc;
}

/* ---------------------------------------------------------- the manifest */

char *lottery_manifest_render(const struct lottery_manifest *m)
{
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = json_object_set_new(o, "algorithm", json_string(m->algorithm)) ||
              json_object_set_new(o, "lottery_id", json_string(m->lottery_id)) ||
              json_object_set_new(o, "list_sha256", json_string(m->list_sha256)) ||
              json_object_set_new(o, "randomness", json_string(m->randomness)) ||
              json_object_set_new(o, "seed", json_string(m->seed)) ||
              json_object_set_new(o, "entrants", json_integer((json_int_t)m->entrants)) ||
              json_object_set_new(o, "result_sha256", json_string(m->result_sha256));
    char *text = bad ? NULL : json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!text) return NULL;
    size_t n = strlen(text);
    char *out = realloc(text, n + 2);
    if (!out) {
        free(text);
        return NULL;
    }
    out[n] = '\n';
    out[n + 1] = '\0';
    return out;
}

/* The manifest's string members: where each goes and how long it may be. */
struct manifest_string {
    const char *name;
    size_t offset, size;
};
static const struct manifest_string manifest_strings[] = {
    {"algorithm", offsetof(struct lottery_manifest, algorithm), 32},
    {"lottery_id", offsetof(struct lottery_manifest, lottery_id), LOTTERY_ID_MAX + 1},
    {"list_sha256", offsetof(struct lottery_manifest, list_sha256), LOTTERY_HASH_HEX + 1},
    {"randomness", offsetof(struct lottery_manifest, randomness), LOTTERY_RANDOMNESS_MAX + 1},
    {"seed", offsetof(struct lottery_manifest, seed), LOTTERY_HASH_HEX + 1},
    {"result_sha256", offsetof(struct lottery_manifest, result_sha256), LOTTERY_HASH_HEX + 1},
};
enum { MANIFEST_STRINGS = sizeof manifest_strings / sizeof manifest_strings[0] };

int lottery_manifest_parse(const char *text, size_t len, struct lottery_manifest *m, struct err *e)
{
    memset(m, 0, sizeof *m);
    json_error_t jerr;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o)
        return err_set(e, ERR_INVALID, "manifest.json",
                       "manifest.json 不是有效的 JSON（第 %d 行第 %d 列：%s）",
                       "manifest.json is not valid JSON (line %d, column %d: %s)", jerr.line,
                       jerr.column, jerr.text);
    int rc = 0;
    if (!json_is_object(o)) {
        rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.json 应为一个 JSON 对象",
                     "manifest.json must be a JSON object");
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        int known = strcmp(key, "entrants") == 0;
        for (size_t i = 0; i < MANIFEST_STRINGS && !known; i++)
            known = strcmp(key, manifest_strings[i].name) == 0;
        if (!known) {
            rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.json 含有未知成员“%.60s”",
                         "manifest.json has an unknown member \"%.60s\"", key);
            goto done;
        }
    }
    for (size_t i = 0; i < MANIFEST_STRINGS; i++) {
        const struct manifest_string *f = &manifest_strings[i];
        json_t *s = json_object_get(o, f->name);
        if (!s) {
            rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.json 缺少成员 %s",
                         "manifest.json lacks the member %s", f->name);
            goto done;
        }
        if (!json_is_string(s)) {
            rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.%s 应为字符串",
                         "manifest.%s must be a string", f->name);
            goto done;
        }
        size_t n = json_string_length(s);
        if (n >= f->size || strlen(json_string_value(s)) != n) {
            rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.%s 过长或含有 NUL",
                         "manifest.%s is too long or holds a NUL", f->name);
            goto done;
        }
        memcpy((char *)m + f->offset, json_string_value(s), n + 1);
    }
    json_t *count = json_object_get(o, "entrants");
    if (!count) {
        rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.json 缺少成员 entrants",
                     "manifest.json lacks the member entrants");
        goto done;
    }
    if (!json_is_integer(count)) {
        rc = err_set(e, ERR_INVALID, "manifest.json", "manifest.entrants 应为整数",
                     "manifest.entrants must be an integer");
        goto done;
    }
    m->entrants = (int64_t)json_integer_value(count);
done:
    json_decref(o);
    return rc;
}

/* ------------------------------------------------------ a whole draw */

int lottery_draw_prepare(const char *lottery_id, const char *list_text, size_t list_len,
                         const char *randomness_canonical, int threads, struct lottery_draw *d,
                         struct err_list *errs)
{
    memset(d, 0, sizeof *d);
    struct err e = {0};
    char canonical[LOTTERY_RANDOMNESS_MAX + 1];
    if (lottery_id_check(lottery_id, "lottery_id", &e) ||
        lottery_randomness_canonical(randomness_canonical, canonical, "randomness", &e))
        goto fail;
    if (strcmp(canonical, randomness_canonical) != 0) {
        err_set(&e, ERR_INVALID, "randomness", "随机数不是规范形式，规范形式为 %s",
                "the randomness is not in the canonical form, which is %s", canonical);
        goto fail;
    }
    if (lottery_sha256(list_text, list_len, d->list_sha256, &e)) goto fail;
    if (lottery_list_parse(list_text, list_len, &d->list, errs)) return -1;
    if (lottery_seed(d->list_sha256, canonical, d->seed, &e) ||
        lottery_keys(&d->list, lottery_id, d->seed, threads, &e) || lottery_order(&d->list, &e))
        goto fail;
    struct lottery_manifest *m = &d->manifest;
    snprintf(m->algorithm, sizeof m->algorithm, "%s", LOTTERY_ALGORITHM);
    snprintf(m->lottery_id, sizeof m->lottery_id, "%s", lottery_id);
    lottery_hex(d->list_sha256, m->list_sha256);
    snprintf(m->randomness, sizeof m->randomness, "%s", canonical);
    lottery_hex(d->seed, m->seed);
    m->entrants = (int64_t)d->list.n;
    return 0;
fail:
    err_list_add(errs, &e);
    lottery_draw_free(d);
    return -1;
}

void lottery_draw_free(struct lottery_draw *d)
{
    if (d) lottery_list_free(&d->list);
}

/* ------------------------------------------------------------- verify */

/* A sink comparing the recomputed result with the bytes of result.csv. */
struct result_compare {
    const char *file;
    size_t len;
    size_t off;         /* recomputed bytes seen so far */
    size_t differs;     /* offset of the first difference; SIZE_MAX: none yet */
    char expected[161]; /* the recomputed line holding that difference */
};

static int compare_sink(void *ctx, const char *bytes, size_t n)
{
    struct result_compare *c = ctx;
    if (c->differs == SIZE_MAX) {
        size_t have = c->off < c->len ? c->len - c->off : 0;
        size_t m = n < have ? n : have, k = 0;
        if (memcmp(bytes, c->file + c->off, m) != 0)
            while (bytes[k] == c->file[c->off + k])
                k++;
        else
            k = m; /* equal so far; a difference only if the file ends inside this piece */
        if (k < n) {
            c->differs = c->off + k;
            size_t s = k, end = k; /* pieces start lines, so the line starts in this one */
            while (s > 0 && bytes[s - 1] != '\n')
                s--;
            while (end < n && bytes[end] != '\n')
                end++;
            size_t len = end - s < sizeof c->expected - 1 ? end - s : sizeof c->expected - 1;
            memcpy(c->expected, bytes + s, len);
            c->expected[len] = '\0';
        }
    }
    c->off += n;
    return 0;
}

/* Copies at most size - 1 bytes of s[0 … n) to out, printable ASCII only
 * (anything else becomes '?'): safe to show whatever the file held. */
static void printable(const char *s, size_t n, char *out, size_t size)
{
    size_t k = n < size - 1 ? n : size - 1;
    for (size_t i = 0; i < k; i++)
        out[i] = s[i] >= 0x20 && s[i] < 0x7F ? s[i] : '?';
    out[k] = '\0';
}

/* "manifest.<name> differs from the recomputed value". */
static void diff_value(struct err_list *diffs, const char *name, const char *in_file,
                       const char *recomputed)
{
    char field[64], shown[80];
    snprintf(field, sizeof field, "manifest.%s", name);
    printable(in_file, strlen(in_file), shown, sizeof shown);
    add_error(diffs, 0, field, "%s 与重算结果不同：文件中为 %s，重算为 %s",
              "%s differs from the recomputed value: the file has %s, recomputed %s", field, shown,
              recomputed);
}

/* The first difference between result.csv and the recomputed result. */
static void diff_result(struct err_list *diffs, const struct result_compare *c, size_t lines)
{
    long line = 1;
    size_t start = 0;
    for (const char *p = c->file; (p = memchr(p, '\n', c->differs - (size_t)(p - c->file)));
         start = (size_t)(++p - c->file))
        line++;
    const char *nl = memchr(c->file + start, '\n', c->len - start);
    size_t end = nl ? (size_t)(nl - c->file) : c->len;
    char found[161];
    printable(c->file + start, end - start, found, sizeof found);
    if (c->differs >= c->off)
        add_error(diffs, line, "result.csv",
                  "result.csv 第 %ld 行起有多余内容：重算结果只有 %zu 行",
                  "result.csv has extra content from line %ld: the recomputed result has %zu lines",
                  line, lines);
    else if (c->differs >= c->len)
        add_error(diffs, line, "result.csv",
                  "result.csv 在第 %ld 行提前结束：重算应为“%s”，重算结果共 %zu 行",
                  "result.csv ends early, at line %ld: recomputed \"%s\", of %zu lines", line,
                  c->expected, lines);
    else
        add_error(diffs, line, "result.csv",
                  "result.csv 第 %ld 行与重算结果不同：文件中为“%s”，重算为“%s”",
                  "result.csv line %ld differs from the recomputed result: the file has \"%s\", "
                  "recomputed \"%s\"",
                  line, found, c->expected);
}

int lottery_verify(const char *entrants, size_t entrants_len, const char *manifest,
                   size_t manifest_len, const char *result, size_t result_len, int threads,
                   struct lottery_manifest *m, struct err_list *diffs)
{
    size_t before = diffs->total;
    struct err e = {0};
    /* the manifest: its members, then the ones that are not recomputed */
    if (lottery_manifest_parse(manifest, manifest_len, m, &e)) {
        err_list_add(diffs, &e);
        return -1;
    }
    if (strcmp(m->algorithm, LOTTERY_ALGORITHM) != 0) {
        char shown[40];
        printable(m->algorithm, strlen(m->algorithm), shown, sizeof shown);
        add_error(diffs, 0, "manifest.algorithm",
                  "manifest.algorithm 为“%s”：本程序只验证 " LOTTERY_ALGORITHM,
                  "manifest.algorithm is \"%s\": this program verifies " LOTTERY_ALGORITHM " only",
                  shown);
        return -1;
    }
    if (lottery_id_check(m->lottery_id, "manifest.lottery_id", &e)) {
        err_prefix(&e, "manifest.lottery_id：", "manifest.lottery_id: ");
        err_list_add(diffs, &e);
        return -1;
    }
    char canonical[LOTTERY_RANDOMNESS_MAX + 1];
    if (lottery_randomness_canonical(m->randomness, canonical, "manifest.randomness", &e)) {
        err_prefix(&e, "manifest.randomness：", "manifest.randomness: ");
        err_list_add(diffs, &e);
        return -1;
    }
    if (strcmp(canonical, m->randomness) != 0)
        add_error(diffs, 0, "manifest.randomness",
                  "manifest.randomness 不是规范形式（RFC 3797）：规范形式为 %s",
                  "manifest.randomness is not in the canonical form (RFC 3797): that is %s",
                  canonical);

    /* list_sha256, then everything the list gives */
    uint8_t sha[32];
    char hex[LOTTERY_HASH_HEX + 1];
    if (lottery_sha256(entrants, entrants_len, sha, &e)) {
        err_list_add(diffs, &e);
        return -1;
    }
    lottery_hex(sha, hex);
    if (strcmp(hex, m->list_sha256) != 0) diff_value(diffs, "list_sha256", m->list_sha256, hex);

    struct lottery_draw d;
    struct err_list list_errs = {.cap = 20};
    if (lottery_draw_prepare(m->lottery_id, entrants, entrants_len, canonical, threads, &d,
                             &list_errs)) {
        for (size_t i = 0; i < list_errs.len; i++) {
            struct err *le = &list_errs.items[i];
            if (le->row) {
                char zh[40], en[40];
                snprintf(zh, sizeof zh, "entrants.csv 第 %ld 行：", le->row);
                snprintf(en, sizeof en, "entrants.csv line %ld: ", le->row);
                err_prefix(le, zh, en);
            } else {
                err_prefix(le, "entrants.csv：", "entrants.csv: ");
            }
            err_list_add(diffs, le);
        }
        err_list_free(&list_errs);
        return -1;
    }
    if (strcmp(d.manifest.seed, m->seed) != 0) diff_value(diffs, "seed", m->seed, d.manifest.seed);
    if (m->entrants != d.manifest.entrants) {
        char in_file[24], recomputed[24];
        snprintf(in_file, sizeof in_file, "%lld", (long long)m->entrants);
        snprintf(recomputed, sizeof recomputed, "%lld", (long long)d.manifest.entrants);
        diff_value(diffs, "entrants", in_file, recomputed);
    }

    /* every key, the order and the result file */
    struct result_compare c = {.file = result, .len = result_len, .differs = SIZE_MAX};
    uint8_t result_sha[32];
    if (lottery_result_render(&d.list, compare_sink, &c, result_sha, &e)) {
        err_list_add(diffs, &e);
        lottery_draw_free(&d);
        return -1;
    }
    if (c.differs == SIZE_MAX && c.len > c.off) c.differs = c.off; /* longer than recomputed */
    if (c.differs != SIZE_MAX) diff_result(diffs, &c, d.list.n + 1);
    lottery_hex(result_sha, d.manifest.result_sha256);
    if (strcmp(d.manifest.result_sha256, m->result_sha256) != 0)
        diff_value(diffs, "result_sha256", m->result_sha256, d.manifest.result_sha256);

    /* every member matches: then the file must be exactly their rendering */
    if (diffs->total == before) {
        char *expected = lottery_manifest_render(&d.manifest);
        if (!expected) {
            err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
            err_list_add(diffs, &e);
        } else if (strlen(expected) != manifest_len ||
                   memcmp(expected, manifest, manifest_len) != 0) {
            size_t k = 0;
            while (k < manifest_len && manifest[k] == expected[k])
                k++;
            add_error(diffs, 0, "manifest.json",
                      "manifest.json 的各成员正确，但排版与规范形式不同（自第 %zu 个字节起）",
                      "manifest.json has the right members but not the canonical layout (from "
                      "byte %zu)",
                      k + 1);
        }
        free(expected);
    }
    lottery_draw_free(&d);
    return diffs->total == before ? 0 : -1;
}
