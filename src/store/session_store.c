/* store/session_store — rows of the session table. */
#include "store/session_store.h"

#include <stdio.h>
#include <string.h>

int session_store_insert(struct db *db, const struct session_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO session (token_hash, account_id, created_at, last_seen, expires_at)"
                   " VALUES ($token_hash, $account_id, $created_at, $last_seen, $expires_at)",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$token_hash", r->token_hash, e) ||
        db_bind_int(s, "$account_id", r->account_id, e) ||
        db_bind_text(s, "$created_at", r->created_at, e) ||
        db_bind_text(s, "$last_seen", r->last_seen, e) ||
        db_bind_text(s, "$expires_at", r->expires_at, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int session_store_get(struct db *db, const char *token_hash, struct session_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT token_hash, account_id, created_at, last_seen, expires_at FROM session"
                   " WHERE token_hash = $token_hash",
                   &s, e))
        return -1;
    int rc = db_bind_text(s, "$token_hash", token_hash, e);
    if (rc == 0) rc = db_step(s, e);
    if (rc == 1) {
        memset(r, 0, sizeof *r);
        snprintf(r->token_hash, sizeof r->token_hash, "%s", db_col_text(s, 0));
        r->account_id = db_col_int(s, 1);
        snprintf(r->created_at, sizeof r->created_at, "%s", db_col_text(s, 2));
        snprintf(r->last_seen, sizeof r->last_seen, "%s", db_col_text(s, 3));
        snprintf(r->expires_at, sizeof r->expires_at, "%s", db_col_text(s, 4));
    }
    db_finalize(s);
    return rc;
}

/* Runs one statement with up to two text parameters and one integer. */
static int run(struct db *db, const char *sql, const char *n1, const char *v1, const char *n2,
               const char *v2, const char *ni, int64_t vi, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, sql, &s, e)) return -1;
    int rc = -1;
    if ((n1 && db_bind_text(s, n1, v1, e)) || (n2 && db_bind_text(s, n2, v2, e)) ||
        (ni && db_bind_int(s, ni, vi, e)))
        goto done;
    if (db_step(s, e) < 0) goto done;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int session_store_touch(struct db *db, const char *token_hash, const char *last_seen, struct err *e)
{
    return run(db, "UPDATE session SET last_seen = $last_seen WHERE token_hash = $token_hash",
               "$last_seen", last_seen, "$token_hash", token_hash, NULL, 0, e);
}

int session_store_delete(struct db *db, const char *token_hash, struct err *e)
{
    return run(db, "DELETE FROM session WHERE token_hash = $token_hash", "$token_hash", token_hash,
               NULL, NULL, NULL, 0, e);
}

int session_store_delete_account(struct db *db, int64_t account_id, struct err *e)
{
    return run(db, "DELETE FROM session WHERE account_id = $account_id", NULL, NULL, NULL, NULL,
               "$account_id", account_id, e);
}

int session_store_delete_expired(struct db *db, const char *now, const char *idle_cutoff,
                                 struct err *e)
{
    return run(db, "DELETE FROM session WHERE expires_at <= $now OR last_seen < $idle_cutoff",
               "$now", now, "$idle_cutoff", idle_cutoff, NULL, 0, e);
}
