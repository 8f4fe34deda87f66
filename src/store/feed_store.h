/* store/feed_store — the shared-data feeds (核对数据) in the database.
 *
 * Each import of a source is a batch (feed_batch); it replaces that
 * source's current rows (feed_record), so the tables always hold the latest
 * data of every source, and each row keeps the batch and line it came from
 * as evidence. Callers own the transaction (a whole import is one).
 *
 * A struct feed_store holds prepared statements for one connection.
 */
#ifndef ANJU_STORE_FEED_STORE_H
#define ANJU_STORE_FEED_STORE_H

#include "core/verify.h"
#include "store/db.h"

#include <stddef.h>

struct feed_store;

int feed_store_open(struct db *db, struct feed_store **out, struct err *e);
void feed_store_close(struct feed_store *st);

/* Records a new batch of `source` and deletes the source's current rows. */
int feed_store_begin_batch(struct feed_store *st, enum feed_source source, const char *file_name,
                           const char *sha256_hex, int64_t *batch_id, struct err *e);
/* For a large batch, call before feed_store_begin_batch: drops
 * feed_record's secondary indexes, so that the source's old rows are
 * deleted and the new ones appended without maintaining them row by row;
 * feed_store_finish_batch rebuilds them (in the same transaction: a
 * rollback restores them). Worth it when the rows deleted and inserted are
 * a good share of the table. */
int feed_store_bulk(struct feed_store *st, struct err *e);
/* r->batch_id must be the batch's id. */
int feed_store_insert(struct feed_store *st, const struct feed_record *r, struct err *e);
/* Sets the batch's row count (and rebuilds the indexes after
 * feed_store_bulk). */
int feed_store_finish_batch(struct feed_store *st, int64_t batch_id, long rows, struct err *e);

/* Which sources have data (bit per enum feed_source) and the batch now in
 * force for each (0 when none). */
int feed_store_loaded(struct feed_store *st, unsigned *loaded, int64_t batch_ids[FEED_COUNT],
                      struct err *e);

/* A reusable row buffer (caller frees rows with free()). */
struct feed_rows {
    struct feed_record *rows;
    size_t n, cap;
};

/* Every current row of every source for each member of h, into buf (reset
 * first); feeds[i] then points into buf for member i. */
int feed_store_household(struct feed_store *st, const struct household *h, struct feed_rows *buf,
                         struct member_feeds feeds[HH_MAX_MEMBERS], struct err *e);

struct feed_batch_info {
    int64_t id;
    enum feed_source source;
    char file_name[256];
    char sha256[65];
    long rows;
    char imported_at[21];
};
/* The batch in force for every loaded source, in source order; *out is the
 * caller's to free. */
int feed_store_batches(struct feed_store *st, struct feed_batch_info **out, size_t *n,
                       struct err *e);

#endif
