#include "store/migrate.h"

#include "base/date.h"
#include "store/embedded.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void migrate_sha256_hex(const char *text, char out[65])
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(text, strlen(text), md, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

const struct migration_source *migrate_embedded(size_t *n)
{
    static struct migration_source list[256];
    static size_t count;
    if (!count) {
        for (size_t i = 0; embedded_migrations[i].name && i < 256; i++) {
            list[i].name = embedded_migrations[i].name;
            list[i].sql = embedded_migrations[i].data;
            count = i + 1;
        }
    }
    *n = count;
    return list;
}

static int version_of(const char *name)
{
    int v = 0, digits = 0;
    for (; name[digits] >= '0' && name[digits] <= '9'; digits++)
        v = v * 10 + (name[digits] - '0');
    return (digits == 4 && name[4] == '_') ? v : -1;
}

static const char *ensure_sql = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " version INTEGER PRIMARY KEY,"
                                " name TEXT NOT NULL,"
                                " checksum TEXT NOT NULL,"
                                " applied_at TEXT NOT NULL) STRICT";

int migrate_status(struct db *db, const struct migration_source *src, size_t n,
                   struct migration_status **out, size_t *count, struct err *e)
{
    *out = NULL;
    *count = 0;
    if (db_exec(db, ensure_sql, e)) return -1;
    struct db_stmt *st;
    if (db_prepare(db,
                   "SELECT version, name, checksum, applied_at FROM schema_migrations"
                   " ORDER BY version",
                   &st, e))
        return -1;
    size_t cap = n + 16, len = 0;
    struct migration_status *list = calloc(cap, sizeof *list);
    for (size_t i = 0; i < n; i++) {
        struct migration_status *m = &list[len++];
        m->version = version_of(src[i].name);
        if (m->version < 0) {
            db_finalize(st);
            free(list);
            return err_set(e, ERR_INTERNAL, src[i].name, "迁移文件名 %s 应为 NNNN_名称.sql",
                           "migration file name %s must be NNNN_name.sql", src[i].name);
        }
        snprintf(m->name, sizeof m->name, "%s", src[i].name);
        migrate_sha256_hex(src[i].sql, m->checksum);
        m->state = MIGRATION_PENDING;
    }
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int v = (int)db_col_int(st, 0);
        struct migration_status *m = NULL;
        for (size_t i = 0; i < len; i++)
            if (list[i].version == v) m = &list[i];
        if (!m) {
            if (len == cap) {
                cap *= 2;
                struct migration_status *p = realloc(list, cap * sizeof *p);
                if (!p) break;
                list = p;
            }
            m = &list[len++];
            memset(m, 0, sizeof *m);
            m->version = v;
            snprintf(m->name, sizeof m->name, "%s", db_col_text(st, 1));
            m->state = MIGRATION_UNKNOWN;
        } else {
            m->state = strcmp(m->checksum, db_col_text(st, 2)) == 0 ? MIGRATION_APPLIED
                                                                    : MIGRATION_CHANGED;
        }
        snprintf(m->applied_at, sizeof m->applied_at, "%s", db_col_text(st, 3));
    }
    db_finalize(st);
    if (rc < 0) {
        free(list);
        return -1;
    }
    *out = list;
    *count = len;
    return 0;
}

int migrate_up(struct db *db, const struct migration_source *src, size_t n, int *applied,
               struct err *e)
{
    if (applied) *applied = 0;
    struct migration_status *list;
    size_t count;
    if (migrate_status(db, src, n, &list, &count, e)) return -1;
    for (size_t i = 0; i < count; i++) {
        if (list[i].state == MIGRATION_CHANGED) {
            err_set(e, ERR_CONFLICT, list[i].name,
                    "迁移 %s 已执行过，但其内容已被修改（校验和不一致）；已执行的迁移不得修改，"
                    "请新增一个迁移文件",
                    "migration %s was already applied but its text has changed (checksum "
                    "mismatch); never edit an applied migration, add a new one",
                    list[i].name);
            free(list);
            return -1;
        }
        if (list[i].state == MIGRATION_UNKNOWN) {
            err_set(e, ERR_CONFLICT, list[i].name,
                    "数据库中有本程序不认识的迁移 %s（版本 %d）：请使用更新版本的 anju",
                    "the database has migration %s (version %d) that this binary does not "
                    "know: use a newer anju",
                    list[i].name, list[i].version);
            free(list);
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (list[i].state != MIGRATION_PENDING) continue;
        if (db_begin(db, DB_WRITE, e)) goto fail;
        struct db_stmt *ins = NULL;
        char now[21];
        date_now_utc(now);
        if (db_exec(db, src[i].sql, e) ||
            db_prepare(db,
                       "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                       " VALUES ($version, $name, $checksum, $applied_at)",
                       &ins, e) ||
            db_bind_int(ins, "$version", list[i].version, e) ||
            db_bind_text(ins, "$name", list[i].name, e) ||
            db_bind_text(ins, "$checksum", list[i].checksum, e) ||
            db_bind_text(ins, "$applied_at", now, e) || db_step(ins, e) < 0) {
            db_finalize(ins);
            db_rollback(db);
            err_prefix(e, "执行迁移失败：", "migration failed: ");
            snprintf(e->field, sizeof e->field, "%.60s", list[i].name);
            goto fail;
        }
        db_finalize(ins);
        if (db_commit(db, e)) goto fail;
        if (applied) (*applied)++;
    }
    free(list);
    return 0;
fail:
    free(list);
    return -1;
}

int migrate_open(struct db **out, const char *url, struct err *e)
{
    struct db *db;
    if (db_open(&db, url, DB_OPEN_READWRITE, e)) return -1;
    size_t n;
    const struct migration_source *src = migrate_embedded(&n);
    if (migrate_up(db, src, n, NULL, e)) {
        db_close(db);
        return -1;
    }
    *out = db;
    return 0;
}
