/* store/audit_store — the audit_log table: append, walk, look up, list. */
#include "store/audit_store.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int audit_store_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1], struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &s, e))
        return -1;
    int rc = db_step(s, e);
    if (rc == 1) {
        *seq = db_col_int(s, 0);
        str_copy(hash, AUDIT_HASH_HEX + 1, db_col_text(s, 1));
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

int64_t audit_store_count(struct db *db, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT count(*) FROM audit_log", &s, e)) return -1;
    int64_t n = db_step(s, e) == 1 ? db_col_int(s, 0) : -1;
    db_finalize(s);
    return n;
}

#define ENTRY_COLUMNS                                                                              \
    "seq, at, actor_id, actor, role, action, entity_type, entity_id, before_digest,"               \
    " after_digest, detail, prev_hash, hash"

/* A row of ENTRY_COLUMNS into en. */
static void entry_read(struct db_stmt *s, struct audit_entry *en)
{
    en->seq = db_col_int(s, 0);
    str_copy(en->at, sizeof en->at, db_col_text(s, 1));
    en->actor_id = db_col_is_null(s, 2) ? 0 : db_col_int(s, 2);
    str_copy(en->actor, sizeof en->actor, db_col_text(s, 3));
    str_copy(en->role, sizeof en->role, db_col_text(s, 4));
    str_copy(en->action, sizeof en->action, db_col_text(s, 5));
    str_copy(en->entity_type, sizeof en->entity_type, db_col_text(s, 6));
    str_copy(en->entity_id, sizeof en->entity_id, db_col_text(s, 7));
    str_copy(en->before_digest, sizeof en->before_digest, db_col_text(s, 8));
    str_copy(en->after_digest, sizeof en->after_digest, db_col_text(s, 9));
    str_copy(en->detail, sizeof en->detail, db_col_text(s, 10));
    str_copy(en->prev_hash, sizeof en->prev_hash, db_col_text(s, 11));
    str_copy(en->hash, sizeof en->hash, db_col_text(s, 12));
}

int audit_store_each(struct db *db, int (*fn)(const struct audit_entry *en, void *ctx), void *ctx,
                     struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY seq", &s, e)) return -1;
    struct audit_entry en;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        entry_read(s, &en);
        if (fn(&en, ctx)) {
            rc = 1;
            break;
        }
    }
    db_finalize(s);
    return rc;
}

int audit_store_get(struct db *db, int64_t seq, struct audit_entry *en, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " ENTRY_COLUMNS " FROM audit_log WHERE seq = $seq", &s, e))
        return -1;
    int rc = db_bind_int(s, "$seq", seq, e) ? -1 : db_step(s, e);
    if (rc == 1) entry_read(s, en);
    db_finalize(s);
    return rc;
}

int audit_store_find_hash(struct db *db, const char *hash, int64_t *seq, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT min(seq) FROM audit_log WHERE hash = $hash", &s, e)) return -1;
    int rc = db_bind_text(s, "$hash", hash, e) ? -1 : db_step(s, e);
    if (rc == 1) {
        if (db_col_is_null(s, 0))
            rc = 0;
        else
            *seq = db_col_int(s, 0);
    }
    db_finalize(s);
    return rc;
}

int audit_store_list(struct db *db, const struct audit_filter *f, struct audit_entry **out,
                     size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    int by_type = f->entity_type && *f->entity_type;
    int by_id = by_type && f->entity_id && *f->entity_id;
    int by_actor = f->actor && *f->actor;
    char where[256] = "WHERE 1 = 1";
    if (by_type) strcat(where, " AND entity_type = $type");
    if (by_id) strcat(where, " AND entity_id = $id");
    if (by_actor) strcat(where, " AND actor = $actor");
    char sql[512];
    struct db_stmt *s = NULL;
    struct audit_entry *list = NULL;
    size_t len = 0;
    int rc = -1;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log %s", where);
        else
            snprintf(sql, sizeof sql,
                     "SELECT " ENTRY_COLUMNS
                     " FROM audit_log %s ORDER BY seq DESC LIMIT $limit OFFSET $offset",
                     where);
        if (db_prepare(db, sql, &s, e)) goto done;
        if ((by_type && db_bind_text(s, "$type", f->entity_type, e)) ||
            (by_id && db_bind_text(s, "$id", f->entity_id, e)) ||
            (by_actor && db_bind_text(s, "$actor", f->actor, e)))
            goto done;
        int paged = db_page_pass(&s, pass, f->limit, f->offset, total, e);
        if (paged < 0) goto done;
        if (paged) continue;
        size_t cap = (size_t)(f->limit < *total ? f->limit : *total);
        list = calloc(cap ? cap : 1, sizeof *list);
        if (!list) {
            err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            goto done;
        }
        int step = 0;
        while (len < cap && (step = db_step(s, e)) == 1)
            entry_read(s, &list[len++]);
        if (len < cap && step < 0) goto done;
    }
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    db_finalize(s);
    free(list);
    return rc;
}
