/* store/policy_store — policy versions in the database (see policy_store.h). */
#include "store/policy_store.h"

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

#define POLICY_COLS "id, code, version, name_zh, name_en, effective, sha256, imported_at"

void policy_row_free(struct policy_row *r)
{
    if (!r) return;
    free(r->document);
    r->document = NULL;
}

static void row_from(struct db_stmt *s, struct policy_row *r)
{
    r->id = db_col_int(s, 0);
    str_copy(r->code, sizeof r->code, db_col_text(s, 1));
    str_copy(r->version, sizeof r->version, db_col_text(s, 2));
    str_copy(r->name_zh, sizeof r->name_zh, db_col_text(s, 3));
    str_copy(r->name_en, sizeof r->name_en, db_col_text(s, 4));
    str_copy(r->effective, sizeof r->effective, db_col_text(s, 5));
    str_copy(r->sha256, sizeof r->sha256, db_col_text(s, 6));
    str_copy(r->imported_at, sizeof r->imported_at, db_col_text(s, 7));
}

int policy_store_insert(struct db *db, struct policy_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO policy (code, version, name_zh, name_en, effective, document,"
                   " sha256, imported_at) VALUES ($code, $version, $name_zh, $name_en,"
                   " $effective, $document, $sha256, $imported_at) RETURNING id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$code", r->code, e) || db_bind_text(s, "$version", r->version, e) ||
        db_bind_text(s, "$name_zh", r->name_zh, e) || db_bind_text(s, "$name_en", r->name_en, e) ||
        db_bind_text(s, "$effective", r->effective, e) ||
        db_bind_text(s, "$document", r->document, e) || db_bind_text(s, "$sha256", r->sha256, e) ||
        db_bind_text(s, "$imported_at", r->imported_at, e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    r->id = db_col_int(s, 0);
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

static int load_one(struct db_stmt *s, struct policy_row *r, struct err *e)
{
    int found = db_step(s, e);
    if (found != 1) return found;
    row_from(s, r);
    r->document = strdup(db_col_text(s, 8));
    if (!r->document) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    return 1;
}

int policy_store_get(struct db *db, int64_t id, struct policy_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " POLICY_COLS ", document FROM policy WHERE id = $id", &s, e))
        return -1;
    int found = db_bind_int(s, "$id", id, e) ? -1 : load_one(s, r, e);
    db_finalize(s);
    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "policy", "没有编号为 %lld 的政策版本",
                       "there is no policy version %lld", (long long)id);
    return found == 1 ? 0 : -1;
}

int policy_store_find(struct db *db, const char *code, const char *version, struct policy_row *r,
                      struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT " POLICY_COLS ", document FROM policy"
                   " WHERE code = $code AND version = $version",
                   &s, e))
        return -1;
    int found = -1;
    if (db_bind_text(s, "$code", code, e) == 0 && db_bind_text(s, "$version", version, e) == 0)
        found = load_one(s, r, e);
    db_finalize(s);
    return found;
}

int policy_store_list(struct db *db, struct policy_row **out, size_t *n, struct err *e)
{
    struct db_stmt *s;
    *out = NULL;
    *n = 0;
    if (db_prepare(db, "SELECT " POLICY_COLS " FROM policy ORDER BY code, effective, id", &s, e))
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct policy_row *p = realloc(*out, ncap * sizeof *p);
            if (!p) {
                rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                break;
            }
            *out = p;
            cap = ncap;
        }
        struct policy_row *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        row_from(s, r);
    }
    db_finalize(s);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

int64_t policy_store_last_id(struct db *db, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT coalesce(max(id), 0) FROM policy", &s, e)) return -1;
    int64_t id = db_step(s, e) == 1 ? db_col_int(s, 0) : -1;
    db_finalize(s);
    return id;
}
