/* app/audit — appending entries for the use cases. */
#include "app/audit.h"

#include "app/app_internal.h"
#include "base/buf.h"
#include "base/date.h"
#include "store/audit_store.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void app_actor_name(const struct actor *who, char *name, size_t size, const char **role)
{
    if (who) {
        snprintf(name, size, "%s", who->username);
        *role = (unsigned)who->role < ROLE_COUNT ? role_names[who->role].code : "?";
        return;
    }
    const char *user = getenv("USER");
    if (!user || !user[0]) {
        struct passwd *pw = getpwuid(geteuid());
        user = pw ? pw->pw_name : "?";
    }
    snprintf(name, size, "local:%s", user);
    *role = "local";
}

int app_audit(struct app *a, const struct actor *who, const char *action, const char *entity_type,
              const char *entity_id, const char *before, const char *after, const char *detail,
              struct err *e)
{
    struct audit_entry en;
    memset(&en, 0, sizeof en);
    date_now_utc(en.at);
    en.actor_id = who ? who->account_id : 0;
    const char *role;
    app_actor_name(who, en.actor, sizeof en.actor, &role);
    str_copy(en.role, sizeof en.role, role);
    str_copy(en.action, sizeof en.action, action);
    str_copy(en.entity_type, sizeof en.entity_type, entity_type);
    str_copy(en.entity_id, sizeof en.entity_id, entity_id);
    audit_digest(before, before ? strlen(before) : 0, en.before_digest);
    audit_digest(after, after ? strlen(after) : 0, en.after_digest);
    str_copy(en.detail, sizeof en.detail, detail);
    return audit_store_append(a->db, &en, e);
}

/* --- reading and verifying ------------------------------------------------ */

int app_audit_parse_anchor(const char *text, struct audit_anchor *out, const char *field,
                           struct err *e)
{
    memset(out, 0, sizeof *out);
    const char *colon = text ? strchr(text, ':') : NULL;
    int ok = colon && colon > text && colon - text <= 18 && strlen(colon + 1) == AUDIT_HASH_HEX;
    int64_t seq = 0;
    for (const char *p = text; ok && p < colon; p++) {
        if (*p < '0' || *p > '9')
            ok = 0;
        else
            seq = seq * 10 + (*p - '0');
    }
    for (int i = 0; ok && i < AUDIT_HASH_HEX; i++) {
        char c = colon[1 + i];
        if (c >= 'A' && c <= 'F') c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) ok = 0;
        out->hash[i] = c;
    }
    if (!ok || seq < 1) {
        memset(out, 0, sizeof *out);
        return err_set(e, ERR_USAGE, field,
                       "锚点应为 序号:哈希（如 1234:ab12…，哈希为 64 位十六进制），即 anju audit "
                       "verify 所报的末条",
                       "the head must be SEQ:HASH (e.g. 1234:ab12..., a 64-digit hex hash), as "
                       "anju audit verify reports it");
    }
    out->seq = seq;
    out->hash[AUDIT_HASH_HEX] = '\0';
    return 0;
}

int app_audit_parse_entity(const char *text, char type[32], char id[64], const char *field,
                           struct err *e)
{
    type[0] = id[0] = '\0';
    const char *colon = strchr(text, ':');
    size_t tn = colon ? (size_t)(colon - text) : strlen(text);
    int ok = tn > 0 && tn < 32 && (!colon || strlen(colon + 1) < 64);
    for (size_t i = 0; ok && i < tn; i++) {
        char c = text[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    }
    if (!ok)
        return err_set(e, ERR_USAGE, field,
                       "实体应为 类型[:编号]，如 household 或 household:42（类型为小写字母、数字、"
                       "下划线，最多 31 字节；编号最多 63 字节）",
                       "the entity must be TYPE[:ID], e.g. household or household:42 (the type "
                       "in lowercase letters, digits and underscores, at most 31 bytes; the id "
                       "at most 63 bytes)");
    memcpy(type, text, tn);
    type[tn] = '\0';
    if (colon) snprintf(id, 64, "%s", colon + 1);
    return 0;
}

struct verify_walk {
    struct audit_check check;
    struct audit_entry bad; /* the entry where the walk stopped */
    int64_t last_seq;
    char last_hash[AUDIT_HASH_HEX + 1];
};

static int verify_one(const struct audit_entry *en, void *ctx)
{
    struct verify_walk *w = ctx;
    if (audit_check_step(&w->check, en) != AUDIT_OK) {
        w->bad = *en;
        return 1;
    }
    w->last_seq = en->seq;
    memcpy(w->last_hash, en->hash, sizeof w->last_hash);
    return 0;
}

static void fault_set(struct audit_report *r, enum audit_fault kind, int64_t seq, const char *zh,
                      const char *en, ...) __attribute__((format(printf, 4, 6)));

/* Records a fault; zh and en take the same arguments. */
static void fault_set(struct audit_report *r, enum audit_fault kind, int64_t seq, const char *zh,
                      const char *en, ...)
{
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
    vsnprintf(r->fault_zh, sizeof r->fault_zh, zh, ap);
    vsnprintf(r->fault_en, sizeof r->fault_en, en, ap2);
    va_end(ap2);
    va_end(ap);
    r->intact = 0;
    r->fault = kind;
    r->fault_seq = seq;
}

/* Turns the walk's first fault into the report's words. */
static int describe_chain_fault(struct app *a, const struct verify_walk *w, struct audit_report *r,
                                struct err *e)
{
    const struct audit_check *c = &w->check;
    long long seq = (long long)c->fault_seq, at = (long long)w->bad.seq;
    if (c->fault == AUDIT_ALTERED) {
        fault_set(r, AUDIT_ALTERED, c->fault_seq, "审计日志第 %lld 条被篡改：内容与其哈希不符",
                  "audit entry %lld was altered: its contents do not match its hash", seq);
        return 0;
    }
    if (w->bad.seq != c->fault_seq) { /* a gap in the sequence */
        if (at - seq == 1)
            fault_set(r, AUDIT_REMOVED, c->fault_seq, "审计日志第 %lld 条缺失",
                      "audit entry %lld is missing", seq);
        else
            fault_set(r, AUDIT_REMOVED, c->fault_seq, "审计日志第 %lld 至 %lld 条缺失",
                      "audit entries %lld to %lld are missing", seq, at - 1);
        return 0;
    }
    /* the entry is whole but does not follow the one stored before it */
    int64_t found = 0;
    int rc = audit_store_find_hash(a->db, w->bad.prev_hash, &found, e);
    if (rc < 0) return -1;
    if (rc == 1)
        fault_set(
            r, AUDIT_REORDERED, c->fault_seq, "审计日志第 %lld 条顺序被调换：它应在第 %lld 条之后",
            "audit entry %lld is out of order: it belongs after entry %lld", seq, (long long)found);
    else if (c->fault_seq == 1) /* most likely the oldest entries cut and the rest renumbered */
        fault_set(r, AUDIT_REMOVED, 1,
                  "审计日志第 1 条之前的条目被删除（或第 1 条被篡改）：它没有链接到链的起点",
                  "audit entries before entry 1 were removed (or entry 1 was altered): it does "
                  "not link to the start of the chain");
    else /* the two cases leave the same traces: say both */
        fault_set(r, AUDIT_ALTERED, c->fault_seq - 1,
                  "审计日志第 %lld 条被篡改（并重算了哈希），或其后的条目被删除：第 %lld "
                  "条所链接的前一条在日志中已不存在",
                  "audit entry %lld was altered (and its hash recomputed), or entries after it "
                  "were removed: the entry that entry %lld links to is nowhere in the log",
                  seq - 1, seq);
    return 0;
}

/* Checks the anchor; a fault there is kept only when it comes before the
 * chain's own (the first wrong entry is what is named). */
static int check_anchor(struct app *a, const struct audit_anchor *anchor, struct audit_report *r,
                        struct err *e)
{
    struct audit_entry en;
    int rc = audit_store_get(a->db, anchor->seq, &en, e);
    if (rc < 0) return -1;
    if (rc == 1 && strcmp(en.hash, anchor->hash) == 0) {
        r->anchor_checked = r->intact;
        return 0;
    }
    if (!r->intact && r->fault_seq <= anchor->seq) return 0;
    long long seq = (long long)anchor->seq;
    if (rc == 0)
        fault_set(r, AUDIT_REMOVED, anchor->seq,
                  "审计日志第 %lld 条缺失：日志被截短，现只到第 %lld 条（所给锚点为第 %lld 条）",
                  "audit entry %lld is missing: the log was cut short and now ends at entry "
                  "%lld (the given head is entry %lld)",
                  seq, (long long)r->head_seq, seq);
    else
        fault_set(r, AUDIT_ALTERED, anchor->seq,
                  "审计日志第 %lld 条的哈希与所给锚点不符：锚点记录之后，第 %lld "
                  "条及其之前的日志被改写",
                  "audit entry %lld does not have the given head's hash: the log up to entry "
                  "%lld was rewritten after the head was recorded",
                  seq, seq);
    return 0;
}

int app_audit_verify(struct app *a, const struct actor *who, const struct audit_anchor *anchor,
                     struct audit_report *report, struct err *e)
{
    memset(report, 0, sizeof *report);
    if (access_require(who, PERM_AUDIT_READ, e)) return -1;
    struct verify_walk *w = calloc(1, sizeof *w);
    if (!w) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    audit_check_init(&w->check);
    memcpy(w->last_hash, audit_genesis, sizeof w->last_hash);
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) goto done;
    int walked = audit_store_each(a->db, verify_one, w, e);
    if (walked < 0) goto rollback;
    report->intact = 1;
    if (walked == 0) { /* the whole log is one chain: its end is the head */
        report->entries = w->check.entries;
        report->head_seq = w->last_seq;
        memcpy(report->head_hash, w->last_hash, sizeof report->head_hash);
    } else {
        report->entries = audit_store_count(a->db, e);
        if (report->entries < 0 ||
            audit_store_head(a->db, &report->head_seq, report->head_hash, e) ||
            describe_chain_fault(a, w, report, e))
            goto rollback;
    }
    if (anchor && check_anchor(a, anchor, report, e)) goto rollback;
    rc = 0;
rollback:
    db_rollback(a->db); /* read-only */
done:
    free(w);
    if (rc) memset(report, 0, sizeof *report);
    return rc;
}

int app_audit_list(struct app *a, const struct actor *who, const struct audit_filter *f,
                   struct audit_entry **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (access_require(who, PERM_AUDIT_READ, e)) return -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = audit_store_list(a->db, f, out, n, total, e);
    db_rollback(a->db);
    return rc;
}
