/* app/feeds — loading the shared government data (核对数据) that
 * verification checks households against (docs/feeds.md).
 *
 * An import reads one source's whole file, checks every row (io/feed_csv)
 * and lists every error with its line and column. One error means nothing
 * is written and the batch in force stays in force. A clean file becomes a
 * new batch in one write transaction: the batch (file name, SHA-256 of the
 * file's bytes, row count, time) replaces every row of that source.
 *
 * Memory: rows are streamed into the database; what grows with the file is
 * the duplicate check of io/feed_csv (about 16 bytes a row plus the keys)
 * and, when the input is not a regular file, a temporary copy on disk.
 */
#ifndef ANJU_APP_FEEDS_H
#define ANJU_APP_FEEDS_H

#include "app/app.h"
#include "core/verify.h"
#include "io/csv.h"
#include "store/feed_store.h"

#include <stdio.h>

struct feed_import_options {
    enum csv_encoding encoding;
    /* AUTO: a large file against the table drops feed_record's indexes and
     * rebuilds them at the end (see store/feed_store.h, feed_store_bulk) */
    enum import_bulk bulk;
};

struct feed_import_report {
    enum feed_source source;
    long rows;             /* data rows read */
    long rows_imported;    /* rows written (0 unless committed) */
    int64_t batch_id;      /* the new batch when committed */
    char sha256[65];       /* of the file's bytes, as read */
    struct err_list errs;  /* every error, line and column (first 1000 kept) */
    int committed;         /* 1 when the batch was written */
    int64_t previous_rows; /* rows of the batch in force before (-1: none) */
    int bulk;              /* 1 when the indexes were rebuilt instead of maintained */
};

/* Imports the file of `source` from in (read to its end; not closed).
 * file_name is recorded with the batch (NULL: "-"). Returns 0 when the
 * import ran (rep says how it went: rep->errs may be non-empty, and then
 * nothing was written), -1 when it could not run at all (e says why). The
 * caller frees rep->errs with err_list_free. */
int app_feed_import(struct app *a, const struct actor *who, enum feed_source source, FILE *in,
                    const char *file_name, const struct feed_import_options *o,
                    struct feed_import_report *rep, struct err *e);

/* The batch in force for every loaded source, in source order (*out is the
 * caller's to free; *n may be 0). */
int app_feed_batches(struct app *a, const struct actor *who, struct feed_batch_info **out,
                     size_t *n, struct err *e);

#endif
