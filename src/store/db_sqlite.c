/* store/db_sqlite — the SQLite driver behind store/db.h.
 * Every connection: WAL, foreign keys on, a 5 s busy timeout, NORMAL sync. */
#include "store/db_driver.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static int sq_error(sqlite3 *h, int rc, struct err *e)
{
    const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
    int primary = rc & 0xff;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return err_set(e, ERR_CONFLICT, "", "数据重复：%s", "duplicate: %s", msg);
    if (primary == SQLITE_CONSTRAINT)
        return err_set(e, ERR_INVALID, "", "数据不满足约束：%s", "constraint failed: %s", msg);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return err_set(e, ERR_CONFLICT, "", "数据库正忙，请稍后重试：%s",
                       "the database is busy, try again: %s", msg);
    return err_set(e, ERR_DB, "", "数据库错误：%s", "database error: %s", msg);
}

static int sq_open(void **impl, const char *url, int flags, struct err *e)
{
    sqlite3 *h = NULL;
    int of = (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY
                                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    of |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(url, &h, of, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, ERR_DB, "db", "无法打开数据库 %s：%s", "cannot open database %s: %s", url,
                h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return -1;
    }
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 5000);
    const char *setup = (flags & DB_OPEN_READONLY)
                            ? "PRAGMA foreign_keys=ON;"
                            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                              " PRAGMA foreign_keys=ON;";
    char *msg = NULL;
    if (sqlite3_exec(h, setup, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ERR_DB, "db", "无法打开数据库 %s：%s", "cannot open database %s: %s", url,
                msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(h);
        return -1;
    }
    *impl = h;
    return 0;
}

static void sq_close(void *impl)
{
    sqlite3_close(impl);
}

static int sq_exec(void *impl, const char *sql, struct err *e)
{
    char *msg = NULL;
    int rc = sqlite3_exec(impl, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) return sq_error(impl, rc, e);
    return 0;
}

static int sq_prepare(void *impl, const char *sql, void **stmt, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(impl, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) return sq_error(impl, rc, e);
    *stmt = s;
    return 0;
}

static int sq_index(void *stmt, const char *name, struct err *e)
{
    int i = sqlite3_bind_parameter_index(stmt, name);
    if (i == 0)
        err_set(e, ERR_INTERNAL, name, "SQL 中没有参数 %s", "no parameter %s in the SQL", name);
    return i;
}

static int sq_bind_rc(void *stmt, int rc, struct err *e)
{
    if (rc == SQLITE_OK) return 0;
    return sq_error(sqlite3_db_handle(stmt), rc, e);
}

static int sq_bind_text(void *stmt, const char *name, const char *v, struct err *e)
{
    int i = sq_index(stmt, name, e);
    if (!i) return -1;
    return sq_bind_rc(stmt, sqlite3_bind_text(stmt, i, v, -1, SQLITE_TRANSIENT), e);
}

static int sq_bind_int(void *stmt, const char *name, int64_t v, struct err *e)
{
    int i = sq_index(stmt, name, e);
    if (!i) return -1;
    return sq_bind_rc(stmt, sqlite3_bind_int64(stmt, i, v), e);
}

static int sq_bind_null(void *stmt, const char *name, struct err *e)
{
    int i = sq_index(stmt, name, e);
    if (!i) return -1;
    return sq_bind_rc(stmt, sqlite3_bind_null(stmt, i), e);
}

static int sq_step(void *stmt, struct err *e)
{
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    sq_error(sqlite3_db_handle(stmt), rc, e);
    sqlite3_reset(stmt);
    return -1;
}

static int sq_col_count(void *stmt)
{
    return sqlite3_column_count(stmt);
}

static int64_t sq_col_int(void *stmt, int col)
{
    return sqlite3_column_int64(stmt, col);
}

static const char *sq_col_text(void *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    return t ? (const char *)t : "";
}

static int sq_col_is_null(void *stmt, int col)
{
    return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static void sq_reset(void *stmt)
{
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

static void sq_finalize(void *stmt)
{
    sqlite3_finalize(stmt);
}

static int sq_begin(void *impl, enum db_tx tx, struct err *e)
{
    return sq_exec(impl, tx == DB_WRITE ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", e);
}

static int64_t sq_changes(void *impl)
{
    return sqlite3_changes64(impl);
}

static int sq_bulk_mode(void *impl, int on, struct err *e)
{
    /* a larger page cache keeps the unique indexes of a million-row import
     * in memory; synchronous=OFF only skips fsyncs, WAL still protects
     * against a torn database. */
    return sq_exec(impl,
                   on ? "PRAGMA cache_size=-65536; PRAGMA synchronous=OFF;"
                      : "PRAGMA cache_size=-2000; PRAGMA synchronous=NORMAL;",
                   e);
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_count = sq_col_count,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_is_null = sq_col_is_null,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .begin = sq_begin,
    .changes = sq_changes,
    .bulk_mode = sq_bulk_mode,
};
