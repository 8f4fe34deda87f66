/* io/csv — a streaming RFC 4180 CSV reader and a small writer.
 *
 * Reader invariants:
 *   - Memory is bounded whatever the input: one 64 KiB input block (two in
 *     GBK mode), a record buffer that grows with the longest record read, to
 *     at most CSV_RECORD_MAX plus one block, and CSV_FIELDS_MAX field slots.
 *     The input is never held whole (a memory reader copies it block by
 *     block, so it behaves exactly like a FILE reader).
 *   - Fields handed out are valid UTF-8 without NUL bytes, NUL-terminated,
 *     and stay valid until the next csv_read or csv_reader_free.
 *   - Lines are physical lines (1-based, counted by LF), including the LFs
 *     inside quoted fields, so error rows match what an editor shows.
 *   - Accepted: an optional UTF-8 BOM at the very start; LF or CRLF line
 *     ends; quoted fields with commas, doubled quotes, CR and LF inside.
 *     A completely blank line is not a record (it is skipped), so the final
 *     line end of a file never produces an empty record.
 *   - Rejected (csv_read returns -1 and fills e): a quote inside an unquoted
 *     field, text after a closing quote, a lone CR outside quotes, invalid
 *     UTF-8 (with a hint when the bytes look like GBK/GB18030), a NUL byte,
 *     a field over CSV_FIELD_MAX bytes, a record over CSV_RECORD_MAX bytes
 *     or over CSV_FIELDS_MAX fields (ERR_TOO_LARGE); these are recoverable:
 *     the bad record is consumed whole and the next csv_read returns the
 *     next record. Fatal (csv_reader_fatal true, every later csv_read
 *     returns the same error): a quoted field still open at end of input,
 *     a read error, running out of memory.
 *   - e->row is the physical line of the problem (for an unclosed quote:
 *     the line where that field began); e->field is the 1-based column as
 *     text, or "" when the problem concerns the whole record.
 *
 * Ownership: the reader does not own or close the FILE it reads; the memory
 * given to csv_reader_new_mem must outlive the reader. csv_reader_free
 * releases everything the reader allocated.
 *
 * Writer: csv_write_field / csv_write_row append to a struct buf the caller
 * owns. On failure (buffer cap or out of memory) they return -1 and leave
 * the buffer as it was.
 */
#ifndef ANJU_IO_CSV_H
#define ANJU_IO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"

enum {
    CSV_BLOCK_SIZE = 64 * 1024,   /* bytes read from the FILE at a time */
    CSV_FIELD_MAX = 64 * 1024,    /* longest field, in bytes (decoded) */
    CSV_RECORD_MAX = 1024 * 1024, /* longest record: fields plus separators */
    CSV_FIELDS_MAX = 512,         /* most fields in one record */
};

struct csv_reader;

enum csv_encoding { CSV_UTF8 = 0, CSV_GBK = 1 };

/* Reads from f (not owned; not closed). CSV_GBK converts GBK/GB18030 input
 * to UTF-8 with iconv while streaming; a GBK-mode file that starts with a
 * UTF-8 BOM is read as UTF-8 (the BOM proves it). NULL when out of memory
 * or when iconv lacks GB18030. */
struct csv_reader *csv_reader_new(FILE *f, enum csv_encoding enc);
/* UTF-8 input held in memory; data must outlive the reader. */
struct csv_reader *csv_reader_new_mem(const char *data, size_t len);
/* Hands every block of raw input bytes (before any GBK decoding), in order,
 * to fn as it is read from the FILE: a caller can hash the file as the
 * reader streams it. Set it before the first csv_read; not called for a
 * memory reader. */
typedef void (*csv_tap_fn)(const void *data, size_t len, void *ctx);
void csv_reader_tap(struct csv_reader *r, csv_tap_fn fn, void *ctx);

/* 1 = a record was read, 0 = end of input, -1 = error (see above). */
int csv_read(struct csv_reader *r, struct err *e);
int csv_reader_fatal(const struct csv_reader *r);
/* Fields of the record just read (0 fields after an error). */
size_t csv_nfields(const struct csv_reader *r);
const char *csv_field(const struct csv_reader *r, size_t i); /* i < csv_nfields */
size_t csv_field_len(const struct csv_reader *r, size_t i);
/* Physical line (1-based) where the current record starts; after an error,
 * where the rejected record starts. */
long csv_record_line(const struct csv_reader *r);
void csv_reader_free(struct csv_reader *r);

/* Appends one field, quoted only when it contains , " CR or LF (quotes
 * doubled); also quoted when it is the very first thing in `out` and starts
 * with a UTF-8 BOM, which a reader would otherwise strip. */
int csv_write_field(struct buf *out, const char *s, size_t len);
/* Appends n fields separated by commas and an LF. A row of one empty field
 * is written as "" so that it is not read back as a blank line. */
int csv_write_row(struct buf *out, const char *const *fields, size_t n);

#endif
