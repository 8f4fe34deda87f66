/* libFuzzer harness for io/csv.
 *
 * For every input it checks that:
 *   - the memory reader and the FILE reader (fmemopen) give exactly the same
 *     records and errors, messages included;
 *   - every record has 1..CSV_FIELDS_MAX fields, each at most CSV_FIELD_MAX
 *     bytes, NUL-free, NUL-terminated and valid UTF-8; every error has a
 *     code, a row and both messages; a fatal error is sticky; reading always
 *     terminates;
 *   - block boundaries do not matter: with blocks of 4..64 bytes instead of
 *     64 KiB (set directly on the reader, which this harness compiles in),
 *     the same records and errors come out, in UTF-8 and in GBK mode;
 *   - writing the good records with csv_write_row and reading the result
 *     back gives the same records.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
/* The reader is compiled into this harness (rather than taken from
 * anju_lib) so that libFuzzer's coverage instrumentation, which the build
 * applies to harness sources only, sees its branches. The library's csv.o is
 * then never pulled from the archive, so nothing is defined twice. */
#include "io/csv.c"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void put_size(struct buf *b, size_t v)
{
    CHECK(buf_append(b, &v, sizeof v) == 0);
}

struct drain_opts {
    size_t block_size; /* 0: the reader's default (CSV_BLOCK_SIZE) */
    int messages;      /* put the message texts into the transcript */
    struct buf *rows;  /* if not NULL, good records are written here as CSV */
};

/* Reads everything from r into a byte-exact transcript. Frees r. */
static void drain(struct csv_reader *r, size_t input_len, struct buf *transcript,
                  const struct drain_opts *o)
{
    CHECK(r);
    if (o->block_size) r->block_size = o->block_size;
    struct err e;
    const char *fields[CSV_FIELDS_MAX];
    size_t calls = 0;
    for (;;) {
        CHECK(++calls <= input_len + 2); /* every call consumes a line end or ends */
        err_clear(&e);
        int rc = csv_read(r, &e);
        CHECK(rc >= -1 && rc <= 1);
        put_size(transcript, (size_t)(rc + 1));
        if (rc == 0) {
            CHECK(csv_read(r, &e) == 0);
            break;
        }
        put_size(transcript, (size_t)csv_record_line(r));
        if (rc < 0) {
            CHECK(e.code != ERR_OK && e.row >= 1 && e.zh[0] && e.en[0]);
            CHECK(csv_nfields(r) == 0);
            put_size(transcript, (size_t)e.code);
            put_size(transcript, (size_t)e.row);
            CHECK(buf_puts(transcript, e.field) == 0 && buf_putc(transcript, 0) == 0);
            if (o->messages)
                CHECK(buf_puts(transcript, e.zh) == 0 && buf_puts(transcript, e.en) == 0);
            if (csv_reader_fatal(r)) {
                struct err again;
                CHECK(csv_read(r, &again) == -1 && again.row == e.row && again.code == e.code);
                break;
            }
            continue;
        }
        size_t n = csv_nfields(r);
        CHECK(n >= 1 && n <= CSV_FIELDS_MAX);
        put_size(transcript, n);
        for (size_t i = 0; i < n; i++) {
            const char *f = csv_field(r, i);
            size_t len = csv_field_len(r, i);
            CHECK(f && len <= CSV_FIELD_MAX && strlen(f) == len);
            CHECK(utf8_invalid_at((const unsigned char *)f, len) == len);
            put_size(transcript, len);
            CHECK(buf_append(transcript, f, len) == 0);
            fields[i] = f;
        }
        if (o->rows) CHECK(csv_write_row(o->rows, fields, n) == 0);
    }
    csv_reader_free(r);
}

static void drain_mem(const char *data, size_t len, struct buf *t, const struct drain_opts *o)
{
    drain(csv_reader_new_mem(data, len), len, t, o);
}

static void drain_file(const char *data, size_t len, enum csv_encoding enc, struct buf *t,
                       const struct drain_opts *o)
{
    if (len == 0) { /* fmemopen may refuse an empty buffer */
        drain_mem("", 0, t, o);
        return;
    }
    FILE *f = fmemopen((void *)data, len, "r");
    CHECK(f);
    drain(csv_reader_new(f, enc), len, t, o);
    fclose(f);
}

/* Only the good records' fields: what a write→read round trip must keep. */
static void good_records(const char *data, size_t len, struct buf *out)
{
    struct csv_reader *r = csv_reader_new_mem(data, len);
    CHECK(r);
    struct err e;
    int rc;
    while ((rc = csv_read(r, &e)) != 0) {
        if (rc < 0) {
            if (csv_reader_fatal(r)) break;
            continue;
        }
        put_size(out, csv_nfields(r));
        for (size_t i = 0; i < csv_nfields(r); i++) {
            put_size(out, csv_field_len(r, i));
            CHECK(buf_append(out, csv_field(r, i), csv_field_len(r, i)) == 0);
        }
    }
    csv_reader_free(r);
}

static int same(const struct buf *a, const struct buf *b)
{
    return a->len == b->len && memcmp(buf_str(a), buf_str(b), a->len) == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* Every run allocates and frees a few 64 KiB buffers; keep glibc from
     * returning them to the kernel each time (it dominated the run time). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    struct buf want = {0}, rows = {0}, t = {0};
    /* small blocks put block boundaries everywhere (a block must hold one
     * UTF-8 character, so at least 4 bytes) */
    size_t small1 = 4 + (size ? data[0] % 29 : 0), small2 = 4 + (size ? data[size - 1] % 61 : 0);

    /* UTF-8: memory and FILE readers, any block size, same transcript */
    struct drain_opts o = {.messages = 1, .rows = &rows};
    drain_mem(in, size, &want, &o);
    o.rows = NULL;
    drain_file(in, size, CSV_UTF8, &t, &o);
    CHECK(same(&want, &t));
    buf_reset(&t);
    o.block_size = small1;
    drain_mem(in, size, &t, &o);
    CHECK(same(&want, &t));
    buf_reset(&t);
    o.block_size = small2;
    drain_file(in, size, CSV_UTF8, &t, &o);
    CHECK(same(&want, &t));

    /* GBK: any block size, same transcript */
    buf_reset(&want);
    buf_reset(&t);
    o.block_size = 0;
    drain_file(in, size, CSV_GBK, &want, &o);
    o.block_size = small2;
    drain_file(in, size, CSV_GBK, &t, &o);
    CHECK(same(&want, &t));

    /* write → read keeps the good records */
    buf_reset(&want);
    buf_reset(&t);
    good_records(in, size, &want);
    good_records(buf_str(&rows), rows.len, &t);
    CHECK(same(&want, &t));

    buf_free(&want);
    buf_free(&rows);
    buf_free(&t);
    return 0;
}
