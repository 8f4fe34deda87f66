/* store/session_store — the session table (migration 0004).
 *
 * A row per signed-in browser, keyed by the hex BLAKE2b-256 of the cookie
 * token (the token itself is never stored). Times are UTC
 * YYYY-MM-DDTHH:MM:SSZ. Callers own the transaction.
 */
#ifndef ANJU_STORE_SESSION_STORE_H
#define ANJU_STORE_SESSION_STORE_H

#include "store/db.h"

#include <stdint.h>

enum { SESSION_HASH_HEX = 64 };

struct session_row {
    char token_hash[SESSION_HASH_HEX + 1];
    int64_t account_id;
    char created_at[21];
    char last_seen[21];
    char expires_at[21]; /* absolute expiry */
};

int session_store_insert(struct db *db, const struct session_row *s, struct err *e);
/* 1 found, 0 none, -1 error. */
int session_store_get(struct db *db, const char *token_hash, struct session_row *s, struct err *e);
int session_store_touch(struct db *db, const char *token_hash, const char *last_seen,
                        struct err *e);
int session_store_delete(struct db *db, const char *token_hash, struct err *e);
/* Every session of an account (when it is disabled). */
int session_store_delete_account(struct db *db, int64_t account_id, struct err *e);
/* Sessions past their absolute expiry or idle since before idle_cutoff. */
int session_store_delete_expired(struct db *db, const char *now, const char *idle_cutoff,
                                 struct err *e);

#endif
