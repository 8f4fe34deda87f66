/* io/feed_csv — the file formats of the shared-data feeds (核对数据,
 * docs/feeds.md): one CSV format per source, described by a column table.
 *
 * A feed file is CSV (io/csv: UTF-8 or, when asked, GBK; RFC 4180 quoting)
 * whose first row names its columns. The header must hold every column of
 * the source's table exactly once and nothing else; the order is free (the
 * canonical order, the one written by feed_csv_write, is the table's).
 * Every data row carries a valid 身份证号 (GB 11643 check digit) and a name.
 *
 * Which struct feed_record field each column fills is the table's business:
 *   key    certificate / plate / account / policy number
 *   label  address / bank / institution / insurer / employer
 *   amount money in fen (assessed income, value, balance, monthly base)
 *   area   0.01 m2 (property)      months  social-insurance months
 *   status civil-affairs status   region_code  where insurance is paid
 * Money and areas are decimals with at most two fraction digits (written
 * with exactly two), never negative.
 *
 * Duplicates within one file are refused: sources with one row per person
 * (civil affairs, social insurance, provident fund) refuse a second row with
 * the same id_number; the others refuse a second row with the same
 * (id_number, key). The error names the earlier line. The reader remembers
 * about 16 bytes plus the key's length per row for this.
 *
 * Errors: every problem of a row is added to the caller's err_list with the
 * physical line (header = line 1) and the column's header name as field.
 *
 * Ownership: feed_csv_open takes the csv_reader in every case and
 * feed_csv_close frees it with everything else the reader allocated.
 */
#ifndef ANJU_IO_FEED_CSV_H
#define ANJU_IO_FEED_CSV_H

#include "base/buf.h"
#include "base/err.h"
#include "core/verify.h"
#include "io/csv.h"

/* The struct feed_record field a column fills. */
enum feed_field {
    FEED_F_ID_NUMBER,
    FEED_F_NAME,
    FEED_F_KEY,
    FEED_F_LABEL,
    FEED_F_REGION, /* empty, or a 6-, 9- or 12-digit division code */
    FEED_F_STATUS, /* civil_status_names */
    FEED_F_AMOUNT, /* money, fen */
    FEED_F_AREA,   /* 0.01 m2 */
    FEED_F_MONTHS, /* 0..720 */
};

enum { FEED_CSV_MAX_COLS = 8 };

struct feed_column {
    const char *name; /* the header name */
    enum feed_field field;
    int optional;        /* 1: may be empty (an empty amount: has_amount = 0) */
    const char *zh, *en; /* what it holds, for documentation and errors */
};

struct feed_format {
    enum feed_source source;
    int one_per_person; /* 1: one row per id_number; 0: one per (id_number, key) */
    int ncols;
    const struct feed_column *cols; /* canonical order */
};

/* The format of source s. */
const struct feed_format *feed_format_of(enum feed_source s);

struct feed_csv;

/* Reads and checks the header of a file of `source` from r (taken over).
 * 0: ready; 1: the header is wrong (every problem added to errs, *out is
 * NULL); -1: cannot read at all (out of memory; e filled, *out NULL). */
int feed_csv_open(struct csv_reader *r, enum feed_source source, struct feed_csv **out,
                  struct err_list *errs, struct err *e);
void feed_csv_close(struct feed_csv *fc);

/* 1 = a row was read into *rec (rec->line set; the row's problems added to
 * errs and *bad set when it has any); 0 = end of input; -1 = the file cannot
 * be read further (the error was added to errs) or out of memory. */
int feed_csv_next(struct feed_csv *fc, struct feed_record *rec, int *bad, struct err_list *errs);
/* Data rows read so far (not the header). */
long feed_csv_rows(const struct feed_csv *fc);

/* The canonical header of source s, and one row of r in the canonical
 * form (money with two decimals, columns in table order). */
int feed_csv_write_header(struct buf *out, enum feed_source s);
int feed_csv_write(struct buf *out, const struct feed_record *r);

#endif
