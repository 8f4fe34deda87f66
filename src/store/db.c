#include "store/db.h"

#include "store/db_driver.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db {
    const struct db_driver *drv;
    void *impl;
    int in_tx;
    int holds_writer; /* this connection holds writer_lock */
};

/* Writers of one process queue here before asking the engine for its write
 * lock. The API server's threads each have a connection; without this they
 * would all poll SQLite's lock (sleeping between tries) and a short wait
 * would stretch into a long tail. A waiter blocks and is woken when the
 * writer before it commits. Other processes (the command line) are still
 * ordered by the engine's lock. The wait is bounded: after
 * WRITER_WAIT_S the transaction goes ahead to the engine's own busy wait,
 * so a thread that somehow held two write transactions at once could not
 * deadlock itself. */
enum { WRITER_WAIT_S = 5 };
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

static void writer_acquire(struct db *db)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WRITER_WAIT_S;
    db->holds_writer = pthread_mutex_timedlock(&writer_lock, &until) == 0;
}

static void writer_release(struct db *db)
{
    if (!db->holds_writer) return;
    db->holds_writer = 0;
    pthread_mutex_unlock(&writer_lock);
}

struct db_stmt {
    const struct db_driver *drv;
    void *impl;
};

int db_open(struct db **out, const char *url, int flags, struct err *e)
{
    *out = NULL;
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return err_set(e, ERR_USAGE, "db", "尚不支持 PostgreSQL 连接：%s",
                       "PostgreSQL is not supported yet: %s", url);
    struct db *db = calloc(1, sizeof *db);
    if (!db) return err_set(e, ERR_INTERNAL, "db", "内存不足", "out of memory");
    db->drv = &db_sqlite_driver;
    if (db->drv->open(&db->impl, url, flags, e)) {
        free(db);
        return -1;
    }
    *out = db;
    return 0;
}

void db_close(struct db *db)
{
    if (!db) return;
    db->drv->close(db->impl);
    free(db);
}

const char *db_engine(const struct db *db)
{
    return db->drv->name;
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
    return db->drv->exec(db->impl, sql, e);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct err *e)
{
    *out = NULL;
    struct db_stmt *s = calloc(1, sizeof *s);
    if (!s) return err_set(e, ERR_INTERNAL, "db", "内存不足", "out of memory");
    s->drv = db->drv;
    if (db->drv->prepare(db->impl, sql, &s->impl, e)) {
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

int db_bind_text(struct db_stmt *s, const char *name, const char *v, struct err *e)
{
    return s->drv->bind_text(s->impl, name, v, 1, e);
}

int db_bind_text_static(struct db_stmt *s, const char *name, const char *v, struct err *e)
{
    return s->drv->bind_text(s->impl, name, v, 0, e);
}

int db_bind_int(struct db_stmt *s, const char *name, int64_t v, struct err *e)
{
    return s->drv->bind_int(s->impl, name, v, e);
}

int db_bind_null(struct db_stmt *s, const char *name, struct err *e)
{
    return s->drv->bind_null(s->impl, name, e);
}

int db_step(struct db_stmt *s, struct err *e)
{
    return s->drv->step(s->impl, e);
}

int db_col_count(struct db_stmt *s)
{
    return s->drv->col_count(s->impl);
}

int64_t db_col_int(struct db_stmt *s, int col)
{
    return s->drv->col_int(s->impl, col);
}

const char *db_col_text(struct db_stmt *s, int col)
{
    return s->drv->col_text(s->impl, col);
}

int db_col_is_null(struct db_stmt *s, int col)
{
    return s->drv->col_is_null(s->impl, col);
}

void db_reset(struct db_stmt *s)
{
    s->drv->reset(s->impl);
}

void db_finalize(struct db_stmt *s)
{
    if (!s) return;
    s->drv->finalize(s->impl);
    free(s);
}

int db_begin(struct db *db, enum db_tx tx, struct err *e)
{
    if (db->in_tx)
        return err_set(e, ERR_INTERNAL, "db", "事务不能嵌套", "transactions do not nest");
    if (tx == DB_WRITE) writer_acquire(db);
    if (db->drv->begin(db->impl, tx, e)) {
        writer_release(db);
        return -1;
    }
    db->in_tx = 1;
    return 0;
}

int db_commit(struct db *db, struct err *e)
{
    if (db->drv->exec(db->impl, "COMMIT", e)) {
        db_rollback(db);
        return -1;
    }
    db->in_tx = 0;
    writer_release(db);
    return 0;
}

void db_rollback(struct db *db)
{
    if (!db->in_tx) return;
    struct err ignore;
    db->drv->exec(db->impl, "ROLLBACK", &ignore);
    db->in_tx = 0;
    writer_release(db);
}

int64_t db_changes(struct db *db)
{
    return db->drv->changes(db->impl);
}

int db_cache_size(struct db *db, int mib, struct err *e)
{
    return db->drv->cache_size(db->impl, mib, e);
}

int db_bulk_mode(struct db *db, int on, struct err *e)
{
    return db->drv->bulk_mode(db->impl, on, e);
}

int db_page_pass(struct db_stmt **s, int pass, int64_t limit, int64_t offset, int64_t *total,
                 struct err *e)
{
    if (pass == 0) {
        if (db_step(*s, e) != 1) return -1;
        *total = db_col_int(*s, 0);
        db_finalize(*s);
        *s = NULL;
        return 1;
    }
    return db_bind_int(*s, "$limit", limit, e) || db_bind_int(*s, "$offset", offset, e) ? -1 : 0;
}
