/* store/audit_store — the audit_log table (append-only; see core/audit_chain.h).
 *
 * Append inside the transaction of the change it records: it reads the
 * newest entry and chains to it, so two writers are ordered by the write
 * lock (db_begin DB_WRITE) and the chain never forks.
 */
#ifndef ANJU_STORE_AUDIT_STORE_H
#define ANJU_STORE_AUDIT_STORE_H

#include "core/audit_chain.h"
#include "store/db.h"

/* Sets en->seq, en->prev_hash and en->hash and inserts en. Must run inside
 * a write transaction. */
int audit_store_append(struct db *db, struct audit_entry *en, struct err *e);

/* The newest entry's seq and hash (0 and audit_genesis when the log is empty). */
int audit_store_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1], struct err *e);

/* The number of entries. */
int64_t audit_store_count(struct db *db, struct err *e);

/* Calls fn for every entry in seq order, streaming (one entry in memory at
 * a time). fn returns 0 to go on, non-zero to stop: the walk then returns
 * 1. Returns 0 after the last entry, -1 on a database error. Text longer
 * than a field of struct audit_entry is cut (a stored entry never is: it
 * was hashed from the same struct, so a cut one no longer verifies). */
int audit_store_each(struct db *db, int (*fn)(const struct audit_entry *en, void *ctx), void *ctx,
                     struct err *e);

/* Entry seq: 1 with *en filled, 0 when there is none, -1 on error. */
int audit_store_get(struct db *db, int64_t seq, struct audit_entry *en, struct err *e);

/* The lowest seq of an entry whose hash is `hash`: 1 with *seq set, 0 when
 * none has it (a full scan: verification asks this once, on a fault). */
int audit_store_find_hash(struct db *db, const char *hash, int64_t *seq, struct err *e);

/* Entries newest first, narrowed by whatever is set (NULL or "" = any):
 * entity_type, entity_id (only with entity_type), actor. */
struct audit_filter {
    const char *entity_type;
    const char *entity_id;
    const char *actor;
    int64_t limit; /* 1.. */
    int64_t offset;
};
/* *out (caller frees) gets up to f->limit entries, *total how many match. */
int audit_store_list(struct db *db, const struct audit_filter *f, struct audit_entry **out,
                     size_t *n, int64_t *total, struct err *e);

#endif
