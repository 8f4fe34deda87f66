/* store/db_sqlite — the SQLite driver behind store/db.h.
 * Every connection: WAL, foreign keys on, a 5 s busy wait (polling, see on_busy), NORMAL sync. */
#include "store/db_driver.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Waiting for another connection's write lock. SQLite's own busy timeout
 * sleeps in steps of up to 100 ms, which under many concurrent writers (the
 * API server's threads) turns a wait of a few milliseconds into a tail of
 * hundreds; this handler polls every 0.2 ms for the first 10 ms, then every
 * 1 ms, and gives up after about 5 s as before. */
enum { BUSY_FAST_TRIES = 50, BUSY_FAST_US = 200, BUSY_SLOW_US = 1000, BUSY_SLOW_TRIES = 4990 };

static int on_busy(void *ctx, int tries)
{
    (void)ctx;
    if (tries >= BUSY_FAST_TRIES + BUSY_SLOW_TRIES) return 0;
    struct timespec ts = {0, (tries < BUSY_FAST_TRIES ? BUSY_FAST_US : BUSY_SLOW_US) * 1000L};
    nanosleep(&ts, NULL);
    return 1;
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
    sqlite3_busy_handler(h, on_busy, NULL);
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

/* A statement with a cache of parameter indexes keyed by the address of
 * the name: callers pass string literals, so a bulk insert of 45 columns
 * looks each name up once instead of comparing strings on every row. */
enum { SQ_CACHE = 128 }; /* power of two, > the most parameters of a statement */

struct sq_stmt {
    sqlite3_stmt *s;
    struct {
        const char *name;
        int index;
    } cache[SQ_CACHE];
};

static int sq_prepare(void *impl, const char *sql, void **stmt, struct err *e)
{
    struct sq_stmt *st = calloc(1, sizeof *st);
    if (!st) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    int rc = sqlite3_prepare_v3(impl, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->s, NULL);
    if (rc != SQLITE_OK) {
        free(st);
        return sq_error(impl, rc, e);
    }
    *stmt = st;
    return 0;
}

static int sq_index(struct sq_stmt *st, const char *name, struct err *e)
{
    size_t h = ((uintptr_t)name >> 3) & (SQ_CACHE - 1);
    for (size_t probe = 0; probe < SQ_CACHE; probe++, h = (h + 1) & (SQ_CACHE - 1)) {
        if (st->cache[h].name == name) return st->cache[h].index;
        if (!st->cache[h].name) {
            int i = sqlite3_bind_parameter_index(st->s, name);
            if (i == 0) {
                err_set(e, ERR_INTERNAL, name, "SQL 中没有参数 %s", "no parameter %s in the SQL",
                        name);
                return 0;
            }
            st->cache[h].name = name;
            st->cache[h].index = i;
            return i;
        }
    }
    int i = sqlite3_bind_parameter_index(st->s, name); /* cache full: look it up */
    if (i == 0)
        err_set(e, ERR_INTERNAL, name, "SQL 中没有参数 %s", "no parameter %s in the SQL", name);
    return i;
}

static int sq_bind_rc(struct sq_stmt *st, int rc, struct err *e)
{
    if (rc == SQLITE_OK) return 0;
    return sq_error(sqlite3_db_handle(st->s), rc, e);
}

static int sq_bind_text(void *stmt, const char *name, const char *v, int copy, struct err *e)
{
    struct sq_stmt *st = stmt;
    int i = sq_index(st, name, e);
    if (!i) return -1;
    return sq_bind_rc(
        st, sqlite3_bind_text(st->s, i, v, -1, copy ? SQLITE_TRANSIENT : SQLITE_STATIC), e);
}

static int sq_bind_int(void *stmt, const char *name, int64_t v, struct err *e)
{
    struct sq_stmt *st = stmt;
    int i = sq_index(st, name, e);
    if (!i) return -1;
    return sq_bind_rc(st, sqlite3_bind_int64(st->s, i, v), e);
}

static int sq_bind_null(void *stmt, const char *name, struct err *e)
{
    struct sq_stmt *st = stmt;
    int i = sq_index(st, name, e);
    if (!i) return -1;
    return sq_bind_rc(st, sqlite3_bind_null(st->s, i), e);
}

static int sq_step(void *stmt, struct err *e)
{
    sqlite3_stmt *s = ((struct sq_stmt *)stmt)->s;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    sq_error(sqlite3_db_handle(s), rc, e);
    sqlite3_reset(s);
    return -1;
}

static int sq_col_count(void *stmt)
{
    return sqlite3_column_count(((struct sq_stmt *)stmt)->s);
}

static int64_t sq_col_int(void *stmt, int col)
{
    return sqlite3_column_int64(((struct sq_stmt *)stmt)->s, col);
}

static const char *sq_col_text(void *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(((struct sq_stmt *)stmt)->s, col);
    return t ? (const char *)t : "";
}

static int sq_col_is_null(void *stmt, int col)
{
    return sqlite3_column_type(((struct sq_stmt *)stmt)->s, col) == SQLITE_NULL;
}

static void sq_reset(void *stmt)
{
    sqlite3_stmt *s = ((struct sq_stmt *)stmt)->s;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static void sq_finalize(void *stmt)
{
    struct sq_stmt *st = stmt;
    sqlite3_finalize(st->s);
    free(st);
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
    /* During a bulk load the rollback journal is much cheaper than WAL:
     * WAL appends every page that spills from the cache, reads it back
     * through the WAL index and copies it all again at the checkpoint. The
     * switch needs the only connection: when another one is open (a running
     * server) it is tried once without waiting and the load stays in WAL,
     * merely slower. The rollback journal still makes the load
     * all-or-nothing across a crash. */
    if (on) {
        sqlite3 *h = impl;
        sqlite3_busy_handler(h, NULL, NULL);
        (void)sqlite3_exec(h, "PRAGMA journal_mode=DELETE;", NULL, NULL, NULL);
        sqlite3_busy_handler(h, on_busy, NULL);
        return sq_exec(impl, "PRAGMA cache_size=-49152; PRAGMA synchronous=OFF;", e);
    }
    return sq_exec(
        impl, "PRAGMA journal_mode=WAL; PRAGMA cache_size=-2000; PRAGMA synchronous=NORMAL;", e);
}

static int sq_cache_size(void *impl, int mib, struct err *e)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d;", mib > 0 ? -1024 * mib : -2000);
    return sq_exec(impl, sql, e);
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
    .cache_size = sq_cache_size,
};
