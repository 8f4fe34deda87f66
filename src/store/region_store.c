#include "store/region_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void region_from_row(struct db_stmt *st, struct region *r)
{
    snprintf(r->code, sizeof r->code, "%s", db_col_text(st, 0));
    snprintf(r->parent_code, sizeof r->parent_code, "%s", db_col_text(st, 1));
    snprintf(r->level, sizeof r->level, "%s", db_col_text(st, 2));
    snprintf(r->name, sizeof r->name, "%s", db_col_text(st, 3));
    snprintf(r->kind, sizeof r->kind, "%s", db_col_text(st, 4));
}

int region_store_get(struct db *db, const char *code, struct region *r, struct err *e)
{
    struct db_stmt *st;
    if (db_prepare(db, "SELECT code, parent_code, level, name, kind FROM region WHERE code = $code",
                   &st, e))
        return -1;
    int rc = db_bind_text(st, "$code", code, e) ? -1 : db_step(st, e);
    if (rc == 1) region_from_row(st, r);
    db_finalize(st);
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "region_code", "区划代码 %s 不存在",
                       "region code %s does not exist", code);
    return rc < 0 ? -1 : 0;
}

int region_store_list(struct db *db, const char *parent, const char *level, struct region **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    const char *sql = parent  ? "SELECT code, parent_code, level, name, kind FROM region"
                                " WHERE parent_code = $p ORDER BY code"
                      : level ? "SELECT code, parent_code, level, name, kind FROM region"
                                " WHERE level = $l ORDER BY code"
                              : "SELECT code, parent_code, level, name, kind FROM region"
                                " WHERE parent_code IS NULL ORDER BY code";
    struct db_stmt *st;
    if (db_prepare(db, sql, &st, e)) return -1;
    if ((parent && db_bind_text(st, "$p", parent, e)) ||
        (!parent && level && db_bind_text(st, "$l", level, e))) {
        db_finalize(st);
        return -1;
    }
    size_t cap = 0, len = 0;
    struct region *list = NULL;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        if (len == cap) {
            cap = cap ? cap * 2 : 32;
            struct region *p = realloc(list, cap * sizeof *p);
            if (!p) {
                rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                break;
            }
            list = p;
        }
        region_from_row(st, &list[len++]);
    }
    db_finalize(st);
    if (rc < 0) {
        free(list);
        return -1;
    }
    *out = list;
    *n = len;
    return 0;
}
