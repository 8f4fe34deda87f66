/* store/db — the thin database interface every SQL caller uses.
 *
 * SQL is written in the dialect common to SQLite and PostgreSQL with named
 * parameters `$name`; a driver (SQLite now, PostgreSQL later) implements the
 * vtable in store/db_driver.h, so callers never see the engine.
 *
 * Ownership: db_open gives a struct db that db_close frees; db_prepare gives
 * a struct db_stmt that db_finalize frees (finalize every statement before
 * closing). Text returned by db_col_text lives until the next db_step,
 * db_reset or db_finalize on that statement.
 *
 * Transactions: db_begin(db, DB_WRITE) takes the write lock at once
 * (SQLite BEGIN IMMEDIATE), so two writers never deadlock half-way;
 * db_begin(db, DB_READ) gives a consistent snapshot. Not nested.
 */
#ifndef ANJU_STORE_DB_H
#define ANJU_STORE_DB_H

#include "base/err.h"

#include <stdint.h>

struct db;
struct db_stmt;

enum db_open_flags { DB_OPEN_READWRITE = 0, DB_OPEN_READONLY = 1 };
enum db_tx { DB_READ = 0, DB_WRITE = 1 };

/* url: a file path (SQLite; ":memory:" for a private in-memory database). */
int db_open(struct db **out, const char *url, int flags, struct err *e);
void db_close(struct db *db);
const char *db_engine(const struct db *db); /* "sqlite" */

/* Runs one or more statements without parameters or results. */
int db_exec(struct db *db, const char *sql, struct err *e);

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct err *e);
/* name includes the '$' and should be a string literal (drivers cache the
 * parameter by the name's address). Binding an unknown name is an
 * ERR_INTERNAL error. db_bind_text copies v. */
int db_bind_text(struct db_stmt *s, const char *name, const char *v, struct err *e);
/* Does not copy: v must stay unchanged until the statement is stepped to
 * completion or reset. For bulk paths. */
int db_bind_text_static(struct db_stmt *s, const char *name, const char *v, struct err *e);
int db_bind_int(struct db_stmt *s, const char *name, int64_t v, struct err *e);
int db_bind_null(struct db_stmt *s, const char *name, struct err *e);
/* 1 = a row is ready, 0 = done, -1 = error. A unique or check constraint
 * violation is ERR_CONFLICT / ERR_INVALID with the engine's text in e->en. */
int db_step(struct db_stmt *s, struct err *e);
int db_col_count(struct db_stmt *s);
int64_t db_col_int(struct db_stmt *s, int col);
const char *db_col_text(struct db_stmt *s, int col); /* "" for NULL */
int db_col_is_null(struct db_stmt *s, int col);
/* Ready to run again; bindings are cleared. */
void db_reset(struct db_stmt *s);
void db_finalize(struct db_stmt *s);
/* The two passes of a paged list, one statement each (the same WHERE):
 * pass 0 is "SELECT count(*) …": reads it into *total, finalizes *s and
 * returns 1 (go on to the next pass); pass 1 binds $limit and $offset and
 * returns 0. -1 on error. */
int db_page_pass(struct db_stmt **s, int pass, int64_t limit, int64_t offset, int64_t *total,
                 struct err *e);

int db_begin(struct db *db, enum db_tx tx, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db); /* harmless when no transaction is open */
/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);

/* Bulk-load mode for large imports: trades crash durability of the
 * in-flight transaction for speed (a crash still leaves the database as it
 * was before the transaction). on = 1 enters, 0 restores the defaults. */
int db_bulk_mode(struct db *db, int on, struct err *e);
/* The page cache of this connection, in MiB (0 restores the default). A
 * long read-and-write pass (an eligibility run) keeps its working set of
 * index pages in memory this way; safe while other connections are open. */
int db_cache_size(struct db *db, int mib, struct err *e);

#endif
