/* store/audit_store — appending to the audit log. */
#include "store/audit_store.h"

#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

int audit_store_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1], struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &s, e))
        return -1;
    int rc = db_step(s, e);
    if (rc == 1) {
        *seq = db_col_int(s, 0);
        copy(hash, AUDIT_HASH_HEX + 1, db_col_text(s, 1));
    } else if (rc == 0) {
        *seq = 0;
        memcpy(hash, audit_genesis, AUDIT_HASH_HEX + 1);
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int audit_store_append(struct db *db, struct audit_entry *en, struct err *e)
{
    int64_t last;
    if (audit_store_head(db, &last, en->prev_hash, e)) return -1;
    en->seq = last + 1;
    if (audit_entry_hash(en, en->hash))
        return err_set(e, ERR_INTERNAL, "audit_log", "审计日志末条哈希损坏",
                       "the newest audit entry has a malformed hash");
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO audit_log (seq, at, actor_id, actor, role, action, entity_type,"
                   " entity_id, before_digest, after_digest, detail, prev_hash, hash) VALUES"
                   " ($seq, $at, $actor_id, $actor, $role, $action, $entity_type, $entity_id,"
                   " $before, $after, $detail, $prev, $hash)",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$seq", en->seq, e) || db_bind_text(s, "$at", en->at, e) ||
        (en->actor_id ? db_bind_int(s, "$actor_id", en->actor_id, e)
                      : db_bind_null(s, "$actor_id", e)) ||
        db_bind_text(s, "$actor", en->actor, e) || db_bind_text(s, "$role", en->role, e) ||
        db_bind_text(s, "$action", en->action, e) ||
        db_bind_text(s, "$entity_type", en->entity_type, e) ||
        db_bind_text(s, "$entity_id", en->entity_id, e) ||
        db_bind_text(s, "$before", en->before_digest, e) ||
        db_bind_text(s, "$after", en->after_digest, e) ||
        db_bind_text(s, "$detail", en->detail, e) || db_bind_text(s, "$prev", en->prev_hash, e) ||
        db_bind_text(s, "$hash", en->hash, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}
