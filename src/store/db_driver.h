/* store/db_driver — the vtable a database engine implements (see db.h).
 * Only db.c and the drivers include this. */
#ifndef ANJU_STORE_DB_DRIVER_H
#define ANJU_STORE_DB_DRIVER_H

#include "store/db.h"

struct db_driver {
    const char *name;
    int (*open)(void **impl, const char *url, int flags, struct err *e);
    void (*close)(void *impl);
    int (*exec)(void *impl, const char *sql, struct err *e);
    int (*prepare)(void *impl, const char *sql, void **stmt, struct err *e);
    int (*bind_text)(void *stmt, const char *name, const char *v, int copy, struct err *e);
    int (*bind_int)(void *stmt, const char *name, int64_t v, struct err *e);
    int (*bind_null)(void *stmt, const char *name, struct err *e);
    int (*step)(void *stmt, struct err *e);
    int (*col_count)(void *stmt);
    int64_t (*col_int)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    int (*col_is_null)(void *stmt, int col);
    void (*reset)(void *stmt);
    void (*finalize)(void *stmt);
    int (*begin)(void *impl, enum db_tx tx, struct err *e);
    int64_t (*changes)(void *impl);
    int (*bulk_mode)(void *impl, int on, struct err *e);
    int (*cache_size)(void *impl, int mib, struct err *e);
};

extern const struct db_driver db_sqlite_driver;

#endif
