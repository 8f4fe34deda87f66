/* io/stock_csv — the housing-stock import/export format (docs/stock.md).
 *
 * UTF-8 CSV with a header; one row per unit, carrying its building's and
 * its project's columns (which repeat and must agree: app/ checks that,
 * since rows of one project need not be consecutive). The canonical form
 * written by stock_csv_write reads back to the same records and the same
 * bytes.
 *
 * stock_csv_next parses every field of one row; it does not check the
 * rules of form (core/stock does) or the database (app/ does).
 */
#ifndef ANJU_IO_STOCK_CSV_H
#define ANJU_IO_STOCK_CSV_H

#include "base/buf.h"
#include "core/stock.h"
#include "io/csv.h"

enum stock_csv_column {
    SC_PROJECT_CODE,
    SC_PROJECT_NAME,
    SC_PROGRAMME,
    SC_REGION_CODE,
    SC_ADDRESS,
    SC_LONGITUDE,
    SC_LATITUDE,
    SC_OPERATOR,
    SC_BUILDING, /* the building's columns from here */
    SC_FLOORS,
    SC_UNIT_NO, /* the unit's columns from here */
    SC_LAYOUT,
    SC_AREA,
    SC_FLOOR,
    SC_ACCESSIBLE,
    SC_RENT,
    SC_PRICE,
    SC_STATUS,
    STOCK_CSV_NCOLS
};
extern const char *const stock_csv_columns[STOCK_CSV_NCOLS];

struct stock_csv_row {
    long line;               /* physical line where the record starts */
    int parsed;              /* 0: the record could not be read or had the wrong column count */
    unsigned bad_cols;       /* bit (1u << column) for every field that did not parse */
    struct stock_project p;  /* code, name, programme, region_code, address, coords, operator */
    struct stock_building b; /* name, floors */
    struct stock_unit u;     /* unit_no, layout, area, floor, accessible, rent, price, status */
};

struct stock_csv;

/* Takes ownership of r. Reads and checks the header: on a wrong header it
 * returns NULL with e naming the first wrong column and line 1. */
struct stock_csv *stock_csv_open(struct csv_reader *r, struct err *e);
void stock_csv_close(struct stock_csv *sc);

/* 1 = a record was read into *row (every field that failed to parse was
 * added to errs with its line and column, and row->parsed tells whether
 * the fields were there at all); 0 = end of input; -1 = the file cannot be
 * read further (the error was added to errs). */
int stock_csv_next(struct stock_csv *sc, struct stock_csv_row *row, struct err_list *errs);
/* The text of column `col` of the record just read ("" when it had no such
 * column); valid until the next stock_csv_next. */
const char *stock_csv_field(const struct stock_csv *sc, int col);
/* The record just read, re-encoded as canonical CSV without a line end
 * (empty for a record that could not be read), for a rejects file. */
int stock_csv_raw(const struct stock_csv *sc, struct buf *out);
/* Data records read so far. */
long stock_csv_rows(const struct stock_csv *sc);

/* The CSV column for a field named by core/stock ("code" → project_code,
 * "name" → project_name; the rest are the same). */
const char *stock_csv_column_for(const char *field);

int stock_csv_write_header(struct buf *out);
int stock_csv_write(struct buf *out, const struct stock_project *p, const struct stock_building *b,
                    const struct stock_unit *u);

#endif
