#include "io/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How the reader works
 *
 * Input arrives in blocks of at most CSV_BLOCK_SIZE UTF-8 bytes (read from
 * the FILE, decoded from GBK by iconv, or copied from memory), each followed
 * by a NUL sentinel. The parser is a small state machine written with gotos;
 * its hot loops copy 8 bytes at a time into the record buffer up to the
 * first byte that needs attention, so they need no bounds check: a NUL
 * stops them, and a NUL at `end` means "block exhausted". The state
 * survives refills, so a field, a quote pair or a CRLF may straddle two
 * blocks.
 *
 * Fields are stored back to back in one record buffer, each NUL-terminated.
 * Size caps are checked at field ends and at block ends; since the parser
 * never writes more bytes than it reads, the buffer only needs room for what
 * is stored plus one block, which refill guarantees.
 *
 * After the first problem in a record (`bad`), the parser keeps going with
 * the same state machine to find where the record ends, but stores nothing
 * (it writes into the start of the buffer and rewinds). UTF-8 is validated
 * once per record over the whole buffer (the NUL separators are ASCII, so a
 * sequence cannot run across fields). */

enum csv_state {
    ST_RECORD_START,
    ST_FIELD_START,
    ST_UNQUOTED,
    ST_QUOTED,
    ST_QUOTE_IN_QUOTED, /* read a quote inside a quoted field: doubled or closing? */
    ST_AFTER_QUOTED,    /* the quoted field closed: a comma or line end must follow */
    ST_CR,              /* read a CR outside quotes: an LF must follow */
};

/* The copy loops look at 8 bytes at a time (SWAR): they copy all 8, then
 * advance to the first byte that needs attention. Input blocks and the record
 * buffer carry CSV_SLACK spare bytes so that these wide loads and stores
 * never leave their allocations. */
enum { CSV_SLACK = 8 };

/* The record buffer holds at most CSV_RECORD_MAX checked bytes plus what one
 * block can add before the next check. */
#define REC_ALLOC_MAX ((size_t)CSV_RECORD_MAX + CSV_BLOCK_SIZE + 2 + CSV_SLACK)

#define BYTES_ONES UINT64_C(0x0101010101010101)
#define BYTES_LOW7 UINT64_C(0x7F7F7F7F7F7F7F7F)

/* 0x80 in each byte of v that is zero, 0x00 in the others (exact: no
 * borrow between bytes). */
static inline uint64_t zero_bytes(uint64_t v)
{
    return ~(((v & BYTES_LOW7) + BYTES_LOW7) | v | BYTES_LOW7);
}

static inline uint64_t bytes_equal(uint64_t v, unsigned char c)
{
    return zero_bytes(v ^ (BYTES_ONES * c));
}

/* Index (in memory order) of the first flagged byte of a nonzero mask. */
static inline unsigned first_flagged(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (unsigned)__builtin_clzll(m) >> 3;
#else
    return (unsigned)__builtin_ctzll(m) >> 3;
#endif
}

/* Stops: in an unquoted field , LF CR " and NUL (the block sentinel or a
 * real NUL); in a quoted field " LF and NUL. */
static inline uint64_t unquoted_stops(uint64_t v)
{
    return zero_bytes(v) | bytes_equal(v, ',') | bytes_equal(v, '\n') | bytes_equal(v, '\r') |
           bytes_equal(v, '"');
}

static inline uint64_t quoted_stops(uint64_t v)
{
    return zero_bytes(v) | bytes_equal(v, '\n') | bytes_equal(v, '"');
}

struct csv_reader {
    /* input: one of */
    FILE *f;
    const unsigned char *mem;
    size_t mem_len, mem_pos;

    enum csv_encoding enc;
    iconv_t cd;         /* GBK mode */
    unsigned char *raw; /* GBK mode: bytes not yet decoded */
    size_t raw_pos, raw_len;
    int raw_eof;
    unsigned char bad_byte; /* GBK mode: the byte iconv rejected */
    csv_tap_fn tap;         /* sees every raw block read (csv_reader_tap) */
    void *tap_ctx;

    unsigned char *block;         /* CSV_BLOCK_SIZE + 1 + CSV_SLACK bytes */
    size_t block_size;            /* bytes per block: CSV_BLOCK_SIZE; the fuzz harness,
                                     which compiles this file in, sets 4..CSV_BLOCK_SIZE
                                     to put block boundaries everywhere */
    const unsigned char *p, *end; /* unread input; *end == '\0' */
    int first_fill;               /* the BOM check is still to do */

    long line; /* current physical line */
    int done;  /* end of input reached */
    int fatal; /* fatal_err is returned from now on */
    struct err fatal_err;

    /* the current record */
    unsigned char *rec;
    size_t rec_alloc;
    size_t *field_off, *field_len;
    size_t nfields;
    long rec_line;   /* where it starts */
    long quote_line; /* where the last quoted field opened */
    struct err rec_err;
    char err_col[ERR_FIELD_MAX];
};

/* ---- errors -------------------------------------------------------------- */

static const char *err_at(struct csv_reader *r, long row, size_t col)
{
    r->rec_err.row = row;
    if (col)
        snprintf(r->err_col, sizeof r->err_col, "%zu", col);
    else
        r->err_col[0] = '\0';
    return r->err_col;
}

/* Physical line of byte `off` of the record buffer: the LFs stored there
 * are all from quoted fields of this record. */
static long line_at(const struct csv_reader *r, size_t off)
{
    long line = r->rec_line;
    const unsigned char *q = r->rec, *stop = r->rec + off;
    while (q < stop && (q = memchr(q, '\n', (size_t)(stop - q)))) {
        line++;
        q++;
    }
    return line;
}

static void fail_quote_in_unquoted(struct csv_reader *r, size_t col)
{
    err_set(&r->rec_err, ERR_INVALID, err_at(r, r->line, col),
            "第 %ld 行第 %zu 列：未加引号的字段中出现了双引号（\"）；"
            "字段含双引号时须整体用双引号括起，并把其中的双引号写成两个（\"\"）",
            "line %ld, column %zu: a double quote (\") inside an unquoted field; a field "
            "containing quotes must be enclosed in quotes with each inner quote doubled (\"\")",
            r->line, col);
}

static void fail_after_quote(struct csv_reader *r, size_t col)
{
    err_set(&r->rec_err, ERR_INVALID, err_at(r, r->line, col),
            "第 %ld 行第 %zu 列：右引号之后还有其他字符；引号字段结束后只能是逗号或换行",
            "line %ld, column %zu: text after the closing quote; a quoted field must be "
            "followed by a comma or the end of the line",
            r->line, col);
}

static void fail_lone_cr(struct csv_reader *r, size_t col)
{
    err_set(&r->rec_err, ERR_INVALID, err_at(r, r->line, col),
            "第 %ld 行第 %zu 列：未加引号的字段中出现了单独的回车符（CR）；"
            "换行应为 LF 或 CRLF，字段内换行须用双引号括起",
            "line %ld, column %zu: a lone carriage return (CR) outside quotes; lines must end "
            "in LF or CRLF, and a line break inside a field needs quotes",
            r->line, col);
}

static void fail_nul(struct csv_reader *r, size_t col)
{
    err_set(&r->rec_err, ERR_INVALID, err_at(r, r->line, col),
            "第 %ld 行第 %zu 列：含有空字符（NUL，0x00），这不像是文本文件",
            "line %ld, column %zu: a NUL byte (0x00); this does not look like a text file", r->line,
            col);
}

static void fail_gbk_byte(struct csv_reader *r, size_t col)
{
    err_set(&r->rec_err, ERR_INVALID, err_at(r, r->line, col),
            "第 %ld 行第 %zu 列：不是有效的 GBK/GB18030 编码（字节 0x%02X）",
            "line %ld, column %zu: invalid GBK/GB18030 text (byte 0x%02X)", r->line, col,
            (unsigned)r->bad_byte);
}

/* A cap was passed; report the one passed first in the input, whatever the
 * block boundaries (the field cap is passed at buffer offset field_off +
 * CSV_FIELD_MAX + 1, the record cap at CSV_RECORD_MAX + 1). */
static void fail_caps(struct csv_reader *r, size_t field_len, size_t field_off, size_t rec_len,
                      size_t col)
{
    if (field_len > CSV_FIELD_MAX &&
        (rec_len <= CSV_RECORD_MAX || field_off + CSV_FIELD_MAX <= CSV_RECORD_MAX)) {
        long row = line_at(r, field_off);
        err_set(&r->rec_err, ERR_TOO_LARGE, err_at(r, row, col),
                "第 %ld 行第 %zu 列：字段超过 64 KiB（%d 字节）的上限",
                "line %ld, column %zu: the field is longer than 64 KiB (%d bytes)", row, col,
                CSV_FIELD_MAX);
    } else {
        err_set(&r->rec_err, ERR_TOO_LARGE, err_at(r, r->rec_line, 0),
                "第 %ld 行：一条记录超过 1 MiB（%d 字节）的上限",
                "line %ld: the record is longer than 1 MiB (%d bytes)", r->rec_line,
                CSV_RECORD_MAX);
    }
}

static void fail_too_many(struct csv_reader *r, size_t field_off, size_t col)
{
    long row = line_at(r, field_off);
    err_set(&r->rec_err, ERR_TOO_LARGE, err_at(r, row, col),
            "第 %ld 行：一条记录超过 %d 个字段的上限",
            "line %ld: the record has more than %d fields", row, CSV_FIELDS_MAX);
}

/* True when s is well-formed GBK/GB18030 with at least one multibyte char. */
static int looks_like_gb18030(const unsigned char *s, size_t n)
{
    int multibyte = 0;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xFF || i + 1 >= n) return 0;
        unsigned c2 = s[i + 1];
        if ((c2 >= 0x40 && c2 <= 0x7E) || (c2 >= 0x80 && c2 <= 0xFE)) {
            i += 2;
        } else if (c2 >= 0x30 && c2 <= 0x39 && i + 3 < n && s[i + 2] >= 0x81 && s[i + 2] <= 0xFE &&
                   s[i + 3] >= 0x30 && s[i + 3] <= 0x39) {
            i += 4;
        } else {
            return 0;
        }
        multibyte = 1;
    }
    return multibyte;
}

static void fail_utf8(struct csv_reader *r, size_t bad, size_t nf)
{
    size_t i = 0;
    while (i + 1 < nf && r->field_off[i + 1] <= bad)
        i++;
    const unsigned char *field = r->rec + r->field_off[i];
    long row = line_at(r, bad);
    const char *col = err_at(r, row, i + 1);
    if (looks_like_gb18030(field, r->field_len[i]))
        err_set(&r->rec_err, ERR_INVALID, col,
                "第 %ld 行：文件不是 UTF-8 编码（看起来是 GBK/GB18030），请另存为 UTF-8，"
                "或使用 --encoding gbk 导入",
                "line %ld: the file is not UTF-8 (it looks like GBK/GB18030); save it as UTF-8 "
                "or import with --encoding gbk",
                row);
    else
        err_set(&r->rec_err, ERR_INVALID, col,
                "第 %ld 行第 %zu 列：不是有效的 UTF-8 编码（字节 0x%02X），请将文件另存为 UTF-8",
                "line %ld, column %zu: invalid UTF-8 (byte 0x%02X); save the file as UTF-8", row,
                i + 1, (unsigned)r->rec[bad]);
}

static int set_fatal(struct csv_reader *r, struct err *e)
{
    r->fatal = 1;
    r->nfields = 0;
    if (e) *e = r->fatal_err;
    return -1;
}

static int fatal_unterminated(struct csv_reader *r, size_t col, struct err *e)
{
    char fld[ERR_FIELD_MAX];
    snprintf(fld, sizeof fld, "%zu", col);
    err_set(
        &r->fatal_err, ERR_INVALID, fld,
        "第 %ld 行第 %zu 列：引号字段没有结束——从这里开始的双引号直到文件末尾都没有配对的右引号",
        "line %ld, column %zu: unterminated quoted field: the quote opened here is never "
        "closed before the end of the file",
        r->quote_line, col);
    r->fatal_err.row = r->quote_line;
    return set_fatal(r, e);
}

static int fatal_oom(struct csv_reader *r, struct err *e)
{
    err_set(&r->fatal_err, ERR_INTERNAL, "", "第 %ld 行：内存不足", "line %ld: out of memory",
            r->line);
    r->fatal_err.row = r->line;
    return set_fatal(r, e);
}

/* ---- UTF-8 --------------------------------------------------------------- */

/* Offset of the first byte of an invalid UTF-8 sequence in s, or n. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        for (uint64_t v; i + 8 <= n; i += 8) {
            memcpy(&v, s + i, 8);
            if (v & UINT64_C(0x8080808080808080)) break;
        }
        while (i < n && s[i] < 0x80)
            i++;
        if (i >= n) return n;
        unsigned c = s[i], lo = 0x80, hi = 0xBF;
        size_t need;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return i;
        }
        if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += need + 1;
    }
}

/* ---- input --------------------------------------------------------------- */

enum { FILL_DATA = 1, FILL_EOF = 0, FILL_FATAL = -1, FILL_BAD_BYTE = -2 };

static int window(struct csv_reader *r, size_t n)
{
    r->block[n] = '\0';
    r->p = r->block;
    r->end = r->block + n;
    return n ? FILL_DATA : FILL_EOF;
}

static int fill_read_error(struct csv_reader *r, int why)
{
    err_set(&r->fatal_err, ERR_IO, "", "第 %ld 行：读取文件失败（%s）",
            "line %ld: reading the file failed (%s)", r->line, strerror(why));
    r->fatal_err.row = r->line;
    return FILL_FATAL;
}

static int fill_mem(struct csv_reader *r)
{
    size_t n = r->mem_len - r->mem_pos;
    if (n > r->block_size) n = r->block_size;
    if (n) memcpy(r->block, r->mem + r->mem_pos, n);
    r->mem_pos += n;
    return window(r, n);
}

static int fill_utf8(struct csv_reader *r)
{
    size_t n = fread(r->block, 1, r->block_size, r->f);
    if (n == 0 && ferror(r->f)) return fill_read_error(r, errno);
    if (n && r->tap) r->tap(r->block, n, r->tap_ctx);
    return window(r, n);
}

static int fill_gbk(struct csv_reader *r)
{
    for (;;) {
        if (r->raw_pos < r->raw_len) {
            char *in = (char *)r->raw + r->raw_pos, *out = (char *)r->block;
            size_t inleft = r->raw_len - r->raw_pos, outleft = r->block_size;
            size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
            int why = errno;
            r->raw_pos = r->raw_len - inleft;
            if (outleft < r->block_size) return window(r, r->block_size - outleft);
            if (rc == (size_t)-1 && (why == EILSEQ || (why == EINVAL && r->raw_eof))) {
                r->bad_byte = r->raw[r->raw_pos++];
                return FILL_BAD_BYTE;
            }
            /* E2BIG without output cannot happen: a block holds any character */
            if (rc == (size_t)-1 && why != EINVAL) return fill_read_error(r, why);
        }
        if (r->raw_eof) return window(r, 0);
        size_t keep = r->raw_len - r->raw_pos; /* an incomplete multibyte sequence */
        memmove(r->raw, r->raw + r->raw_pos, keep);
        r->raw_pos = 0;
        r->raw_len = keep;
        size_t n = fread(r->raw + keep, 1, r->block_size - keep, r->f);
        if (n && r->tap) r->tap(r->raw + keep, n, r->tap_ctx);
        if (n == 0) {
            if (ferror(r->f)) return fill_read_error(r, errno);
            r->raw_eof = 1;
        }
        r->raw_len += n;
        if (r->first_fill && r->raw_len >= 3 && memcmp(r->raw, "\xEF\xBB\xBF", 3) == 0) {
            /* A UTF-8 BOM: the file is UTF-8 whatever the caller thought. */
            r->enc = CSV_UTF8;
            memcpy(r->block, r->raw, r->raw_len);
            r->raw_pos = r->raw_len;
            return window(r, r->raw_len);
        }
    }
}

static int fill(struct csv_reader *r)
{
    int rc = !r->f ? fill_mem(r) : r->enc == CSV_GBK ? fill_gbk(r) : fill_utf8(r);
    if (r->first_fill) {
        r->first_fill = 0;
        if (rc == FILL_DATA && r->end - r->p >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0) {
            r->p += 3;
            if (r->p == r->end) return fill(r);
        }
    }
    return rc;
}

/* ---- the parser ---------------------------------------------------------- */

int csv_read(struct csv_reader *r, struct err *e)
{
    if (r->fatal) return set_fatal(r, e);
    r->nfields = 0;
    if (r->done) return 0;

    unsigned char *rec = r->rec, *w = rec, *fstart = rec; /* write position, field start */
    size_t *const foff = r->field_off, *const flen = r->field_len;
    size_t nf = 0; /* fields ended so far; the current field's column is nf + 1 */
    const unsigned char *p = r->p, *end = r->end;
    enum csv_state st;
    int bad = 0;      /* the record has a problem: store nothing more */
    int cr_blank = 0; /* the pending CR began an otherwise blank line */
    unsigned char c;

/* Records the first problem of the record; from then on, discard. */
#define FAIL(call)                                                                                 \
    do {                                                                                           \
        if (!bad) {                                                                                \
            bad = 1;                                                                               \
            call;                                                                                  \
        }                                                                                          \
        w = fstart = rec;                                                                          \
    } while (0)
#define CHECK_CAPS()                                                                               \
    do {                                                                                           \
        if (bad)                                                                                   \
            w = fstart = rec;                                                                      \
        else if ((size_t)(w - fstart) > CSV_FIELD_MAX || (size_t)(w - rec) > CSV_RECORD_MAX)       \
            FAIL(fail_caps(r, (size_t)(w - fstart), (size_t)(fstart - rec), (size_t)(w - rec),     \
                           nf + 1));                                                               \
    } while (0)
#define END_FIELD()                                                                                \
    do {                                                                                           \
        CHECK_CAPS();                                                                              \
        if (!bad) {                                                                                \
            if (nf < CSV_FIELDS_MAX) {                                                             \
                foff[nf] = (size_t)(fstart - rec);                                                 \
                flen[nf] = (size_t)(w - fstart);                                                   \
                *w++ = '\0';                                                                       \
            } else {                                                                               \
                FAIL(fail_too_many(r, (size_t)(fstart - rec), nf + 1));                            \
            }                                                                                      \
        }                                                                                          \
        nf++;                                                                                      \
        fstart = w;                                                                                \
    } while (0)

    r->rec_line = r->line;

record_start:
    c = *p;
    if (c == '\n') { /* a blank line */
        p++;
        r->line++;
        goto record_start;
    }
    if (c == '\r') {
        p++;
        cr_blank = 1;
        goto cr;
    }
    if (p == end) {
        st = ST_RECORD_START;
        goto refill;
    }
    r->rec_line = r->line;
field_start:
    if (*p == '"') {
        p++;
        r->quote_line = r->line;
        goto quoted;
    }
    if (p == end) {
        st = ST_FIELD_START;
        goto refill;
    }
unquoted:
    for (;;) {
        uint64_t v, m;
        memcpy(&v, p, 8);
        memcpy(w, &v, 8);
        if ((m = unquoted_stops(v))) {
            unsigned k = first_flagged(m);
            p += k;
            w += k;
            break;
        }
        p += 8;
        w += 8;
    }
    c = *p;
    if (c == ',') {
        p++;
        END_FIELD();
        goto field_start;
    }
    if (c == '\n') {
        p++;
        END_FIELD();
        r->line++;
        goto record_done;
    }
    if (c == '\r') {
        p++;
        cr_blank = 0;
        goto cr;
    }
    if (p == end) {
        st = ST_UNQUOTED;
        goto refill;
    }
    p++;
    CHECK_CAPS();
    if (c == '"')
        FAIL(fail_quote_in_unquoted(r, nf + 1));
    else
        FAIL(fail_nul(r, nf + 1));
    goto unquoted; /* the rest of the record is scanned as plain text */
quoted:
    for (;;) {
        uint64_t v, m;
        memcpy(&v, p, 8);
        memcpy(w, &v, 8);
        if ((m = quoted_stops(v))) {
            unsigned k = first_flagged(m);
            p += k;
            w += k;
            break;
        }
        p += 8;
        w += 8;
    }
    c = *p;
    if (c == '"') {
        p++;
        goto quote_in_quoted;
    }
    if (c == '\n') {
        *w++ = c;
        p++;
        r->line++;
        goto quoted;
    }
    if (p == end) {
        st = ST_QUOTED;
        goto refill;
    }
    p++;
    CHECK_CAPS();
    FAIL(fail_nul(r, nf + 1));
    goto quoted;
quote_in_quoted:
    if (*p == '"') { /* a doubled quote */
        *w++ = '"';
        p++;
        goto quoted;
    }
    if (p == end) {
        st = ST_QUOTE_IN_QUOTED;
        goto refill;
    }
after_quoted:
    c = *p;
    if (c == ',') {
        p++;
        END_FIELD();
        goto field_start;
    }
    if (c == '\n') {
        p++;
        END_FIELD();
        r->line++;
        goto record_done;
    }
    if (c == '\r') {
        p++;
        cr_blank = 0;
        goto cr;
    }
    if (p == end) {
        st = ST_AFTER_QUOTED;
        goto refill;
    }
    CHECK_CAPS();
    FAIL(fail_after_quote(r, nf + 1));
    goto unquoted;
cr:
    if (*p == '\n') {
        p++;
        r->line++;
        if (cr_blank) goto record_start; /* a blank CRLF line */
        END_FIELD();
        goto record_done;
    }
    if (p == end) {
        st = ST_CR;
        goto refill;
    }
    if (cr_blank) r->rec_line = r->line;
    CHECK_CAPS();
    FAIL(fail_lone_cr(r, nf + 1));
    goto unquoted;

refill:
    CHECK_CAPS();
    r->p = p;
    switch (fill(r)) {
    case FILL_DATA: {
        p = r->p;
        end = r->end;
        /* This block can add at most end - p bytes (plus a NUL) to the record;
         * the copy loops may store CSV_SLACK bytes beyond. */
        size_t used = (size_t)(w - rec), start = (size_t)(fstart - rec);
        size_t need = used + (size_t)(end - p) + 2 + CSV_SLACK;
        if (need > r->rec_alloc) {
            size_t n = r->rec_alloc * 2;
            if (n < need) n = need;
            if (n > REC_ALLOC_MAX) n = REC_ALLOC_MAX; /* need never exceeds it */
            unsigned char *grown = realloc(r->rec, n);
            if (!grown) return fatal_oom(r, e);
            r->rec = rec = grown;
            r->rec_alloc = n;
            w = rec + used;
            fstart = rec + start;
        }
        break;
    }
    case FILL_BAD_BYTE:
        /* GBK mode: iconv rejected a byte; it counts as text of the current field. */
        p = r->p;
        end = r->end;
        if (st == ST_RECORD_START || (st == ST_CR && cr_blank)) r->rec_line = r->line;
        if (st != ST_QUOTED) st = ST_UNQUOTED;
        FAIL(fail_gbk_byte(r, nf + 1));
        break;
    case FILL_EOF:
        p = r->p;
        end = r->end;
        r->done = 1;
        switch (st) {
        case ST_RECORD_START:
            return 0;
        case ST_CR:
            if (cr_blank) return 0;
            break;
        case ST_QUOTED:
            return fatal_unterminated(r, nf + 1, e);
        default:
            break;
        }
        END_FIELD();
        goto record_done;
    default:
        return set_fatal(r, e);
    }
    switch (st) {
    case ST_RECORD_START:
        goto record_start;
    case ST_FIELD_START:
        goto field_start;
    case ST_UNQUOTED:
        goto unquoted;
    case ST_QUOTED:
        goto quoted;
    case ST_QUOTE_IN_QUOTED:
        goto quote_in_quoted;
    case ST_AFTER_QUOTED:
        goto after_quoted;
    case ST_CR:
        goto cr;
    }

record_done:
    r->p = p;
    if (!bad) {
        size_t n = (size_t)(w - rec), at = utf8_invalid_at(rec, n);
        if (at < n) {
            bad = 1;
            fail_utf8(r, at, nf);
        }
    }
    if (bad) {
        if (e) *e = r->rec_err;
        return -1;
    }
    r->nfields = nf;
    return 1;
#undef END_FIELD
#undef CHECK_CAPS
#undef FAIL
}

/* ---- construction and accessors ------------------------------------------ */

static struct csv_reader *reader_alloc(void)
{
    struct csv_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->cd = (iconv_t)-1;
    r->line = 1;
    r->rec_line = 1;
    r->first_fill = 1;
    /* grows up to REC_ALLOC_MAX */
    r->block_size = CSV_BLOCK_SIZE;
    r->rec_alloc = CSV_BLOCK_SIZE + 2 + CSV_SLACK;
    r->rec = malloc(r->rec_alloc);
    r->block = calloc(1, CSV_BLOCK_SIZE + 1 + CSV_SLACK); /* sentinel, then slack */
    r->field_off = malloc(CSV_FIELDS_MAX * sizeof *r->field_off);
    r->field_len = malloc(CSV_FIELDS_MAX * sizeof *r->field_len);
    if (!r->rec || !r->block || !r->field_off || !r->field_len) {
        csv_reader_free(r);
        return NULL;
    }
    window(r, 0);
    return r;
}

struct csv_reader *csv_reader_new(FILE *f, enum csv_encoding enc)
{
    struct csv_reader *r = reader_alloc();
    if (!r) return NULL;
    r->f = f;
    r->enc = enc;
    if (enc == CSV_GBK) {
        r->raw = malloc(CSV_BLOCK_SIZE);
        r->cd = iconv_open("UTF-8", "GB18030");
        if (!r->raw || r->cd == (iconv_t)-1) {
            csv_reader_free(r);
            return NULL;
        }
    }
    return r;
}

struct csv_reader *csv_reader_new_mem(const char *data, size_t len)
{
    struct csv_reader *r = reader_alloc();
    if (!r) return NULL;
    r->mem = (const unsigned char *)data;
    r->mem_len = data ? len : 0;
    return r;
}

void csv_reader_tap(struct csv_reader *r, csv_tap_fn fn, void *ctx)
{
    r->tap = fn;
    r->tap_ctx = ctx;
}

int csv_reader_fatal(const struct csv_reader *r)
{
    return r->fatal;
}

size_t csv_nfields(const struct csv_reader *r)
{
    return r->nfields;
}

const char *csv_field(const struct csv_reader *r, size_t i)
{
    return i < r->nfields ? (const char *)r->rec + r->field_off[i] : NULL;
}

size_t csv_field_len(const struct csv_reader *r, size_t i)
{
    return i < r->nfields ? r->field_len[i] : 0;
}

long csv_record_line(const struct csv_reader *r)
{
    return r->rec_line;
}

void csv_reader_free(struct csv_reader *r)
{
    if (!r) return;
    if (r->cd != (iconv_t)-1) iconv_close(r->cd);
    free(r->raw);
    free(r->block);
    free(r->rec);
    free(r->field_off);
    free(r->field_len);
    free(r);
}

/* ---- writer ------------------------------------------------------------ */

static int needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n') return 1;
    }
    return 0;
}

static int write_field(struct buf *out, const char *s, size_t len)
{
    int quote =
        needs_quotes(s, len) || (out->len == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0);
    if (!quote) return buf_append(out, s, len);
    if (buf_putc(out, '"')) return -1;
    const char *q;
    while ((q = memchr(s, '"', len))) {
        size_t n = (size_t)(q - s) + 1; /* through the quote, then the quote again */
        if (buf_append(out, s, n) || buf_putc(out, '"')) return -1;
        s += n;
        len -= n;
    }
    if (buf_append(out, s, len) || buf_putc(out, '"')) return -1;
    return 0;
}

int csv_write_field(struct buf *out, const char *s, size_t len)
{
    size_t before = out->len;
    if (write_field(out, s, len) == 0) return 0;
    if (out->data) {
        out->len = before;
        out->data[before] = '\0';
    }
    return -1;
}

int csv_write_row(struct buf *out, const char *const *fields, size_t n)
{
    size_t before = out->len;
    int rc = 0;
    if (n == 1 && fields[0][0] == '\0') {
        rc = buf_append(out, "\"\"", 2);
    } else {
        for (size_t i = 0; i < n && rc == 0; i++) {
            if (i) rc = buf_putc(out, ',');
            if (rc == 0) rc = write_field(out, fields[i], strlen(fields[i]));
        }
    }
    if (rc == 0) rc = buf_putc(out, '\n');
    if (rc == 0) return 0;
    if (out->data) {
        out->len = before;
        out->data[before] = '\0';
    }
    return -1;
}
