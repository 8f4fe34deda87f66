/* io/household_csv — the household import/export format (docs/import.md).
 *
 * UTF-8 CSV with a header; one row per member; the household's own columns
 * repeat on each of its rows and must agree; a household's rows are
 * consecutive. The column needs_accessible may be absent (files written
 * before it existed): it is then 0 for every household. The canonical form written by
 * household_csv_write reads back to the same record and the same bytes.
 *
 * household_csv_next groups rows into households and parses every field;
 * it does not check cross-field rules (core/household_validate does) or the
 * database (app/ does).
 */
#ifndef ANJU_IO_HOUSEHOLD_CSV_H
#define ANJU_IO_HOUSEHOLD_CSV_H

#include "base/buf.h"
#include "core/household.h"
#include "io/csv.h"

enum { HOUSEHOLD_CSV_NCOLS = 42 };
extern const char *const household_csv_columns[HOUSEHOLD_CSV_NCOLS];

/* One household's rows as read: their line numbers, and the rows themselves
 * re-encoded as CSV (for a rejects file). */
struct household_rows {
    int n;                     /* member rows parsed into the household */
    long line[HH_MAX_MEMBERS]; /* physical line of each member row */
    long first_line, last_line;
    /* every row of the household as read (also those that could not be
     * parsed), re-encoded as canonical CSV without the line end: row j is
     * raw.data[raw_start[j] .. raw_start[j + 1]) and came from raw_line[j]. */
    struct buf raw;
    size_t *raw_start; /* nraw + 1 offsets */
    long *raw_line;
    size_t nraw, raw_alloc;
};
/* Frees what household_csv_next allocated in rows. */
void household_rows_free(struct household_rows *rows);

struct household_csv;

/* Takes ownership of r. Reads and checks the header: on a wrong header it
 * returns NULL with e naming the first wrong column. */
struct household_csv *household_csv_open(struct csv_reader *r, struct err *e);
void household_csv_close(struct household_csv *hc);
/* Keep each household's rows as read (household_rows.raw) for a rejects
 * file; off by default, since re-encoding every row costs time. */
void household_csv_keep_raw(struct household_csv *hc, int on);

/* 1 = a household was read into *h and *rows (errors found in its rows were
 * added to errs, each with row and column, and *bad set); 0 = end of input;
 * -1 = the file cannot be read further (the error was added to errs). */
int household_csv_next(struct household_csv *hc, struct household *h, struct household_rows *rows,
                       int *bad, struct err_list *errs);
/* The columns of this file's header (names from household_csv_columns, in
 * order; an optional column the file lacks is left out); names holds
 * HOUSEHOLD_CSV_NCOLS. Returns how many. A rejects file repeats them. */
size_t household_csv_input_columns(const struct household_csv *hc, const char **names);
/* Rows read so far (data rows, not the header). */
long household_csv_rows(const struct household_csv *hc);

/* Maps a core field path ("members[2].id_number") to the row and column of
 * the member row it came from; other paths map to the household's first row. */
void household_csv_locate(const struct household_rows *rows, struct err *e);

int household_csv_write_header(struct buf *out);
int household_csv_write(struct buf *out, const struct household *h);

#endif
