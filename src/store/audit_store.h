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

#endif
