/* app/policy — policy versions (see policy.h) and the choice of the version
 * that governs a household on a date. */
#include "app/policy.h"

#include "app/app_internal.h"
#include "base/date.h"
#include "io/policy_json.h"
#include "store/embedded.h"
#include "store/migrate.h"

#include <stdlib.h>
#include <string.h>

int app_policy_import(struct app *a, const struct actor *who, const char *json, size_t len,
                      struct policy_import_result *r, struct err_list *errs)
{
    memset(r, 0, sizeof *r);
    struct err e = {0};
    if (access_require(who, PERM_POLICY_WRITE, &e)) {
        err_list_add(errs, &e);
        return -1;
    }
    struct policy *p = calloc(1, sizeof *p);
    if (!p) {
        err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
        err_list_add(errs, &e);
        return -1;
    }
    char *canonical = NULL;
    struct policy_row old = {0};
    if (policy_parse(json, len, p, errs)) goto fail_quiet;
    canonical = policy_render(p);
    if (!canonical) {
        err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    struct policy_row *row = &r->row;
    memcpy(row->code, p->code, sizeof row->code);
    memcpy(row->version, p->version, sizeof row->version);
    memcpy(row->name_zh, p->name_zh, sizeof row->name_zh);
    memcpy(row->name_en, p->name_en, sizeof row->name_en);
    memcpy(row->effective, p->effective, sizeof row->effective);
    migrate_sha256_hex(canonical, row->sha256);
    date_now_utc(row->imported_at);
    if (db_begin(a->db, DB_WRITE, &e)) goto fail;
    int found = policy_store_find(a->db, p->code, p->version, &old, &e);
    if (found < 0) goto fail_tx;
    if (found == 1) {
        if (strcmp(old.sha256, row->sha256) != 0) {
            err_set(&e, ERR_CONFLICT, "version",
                    "政策 %s 的版本 %s 已导入且内容不同：规则变更须使用新的版本号",
                    "policy %s version %s was already imported with other content: a changed "
                    "rule needs a new version",
                    p->code, p->version);
            goto fail_tx;
        }
        row->id = old.id;
        memcpy(row->imported_at, old.imported_at, sizeof row->imported_at);
        db_rollback(a->db);
    } else {
        row->document = canonical;
        int rc = policy_store_insert(a->db, row, &e);
        row->document = NULL;
        if (rc || db_commit(a->db, &e)) goto fail_tx;
        r->created = 1;
    }
    policy_row_free(&old);
    free(canonical);
    free(p);
    return 0;
fail_tx:
    db_rollback(a->db);
fail:
    err_list_add(errs, &e);
fail_quiet:
    policy_row_free(&old);
    free(canonical);
    free(p);
    return -1;
}

int app_policy_import_presets(struct app *a, const struct actor *who, int *created,
                              struct err_list *errs)
{
    *created = 0;
    for (const struct embedded_file *f = embedded_policies; f->name; f++) {
        struct policy_import_result r;
        size_t before = errs->total;
        if (app_policy_import(a, who, f->data, f->len, &r, errs)) {
            /* name the preset in each error it produced */
            for (size_t i = before; i < errs->len; i++)
                err_prefix(&errs->items[i], f->name, f->name);
            return -1;
        }
        *created += r.created;
    }
    return 0;
}

int app_policy_list(struct app *a, const struct actor *who, struct policy_row **out, size_t *n,
                    struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_POLICY_READ, e)) return -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = policy_store_list(a->db, out, n, e);
    db_rollback(a->db);
    return rc;
}

/* "3" or "beijing@2026.1" → the row, inside the caller's transaction. */
static int policy_lookup(struct app *a, const char *ref, struct policy_row *row, struct err *e)
{
    const char *at = strchr(ref, '@');
    if (!at) {
        char *end;
        long long id = strtoll(ref, &end, 10);
        if (*ref == '\0' || *end != '\0' || id <= 0)
            return err_set(e, ERR_USAGE, "policy",
                           "政策版本 “%s” 应为编号或 代码@版本（如 beijing@2026.1）",
                           "policy version \"%s\" must be an id or CODE@VERSION (e.g. "
                           "beijing@2026.1)",
                           ref);
        return policy_store_get(a->db, id, row, e);
    }
    char code[POLICY_CODE_MAX + 1];
    size_t n = (size_t)(at - ref);
    if (n == 0 || n > POLICY_CODE_MAX || strlen(at + 1) > POLICY_VERSION_MAX)
        return err_set(e, ERR_USAGE, "policy", "政策版本 “%s” 格式不正确",
                       "policy version \"%s\" is malformed", ref);
    memcpy(code, ref, n);
    code[n] = '\0';
    int found = policy_store_find(a->db, code, at + 1, row, e);
    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "policy", "没有政策版本 %s（可用 anju policy list 查看）",
                       "there is no policy version %s (see anju policy list)", ref);
    return found == 1 ? 0 : -1;
}

static int row_parse(const struct policy_row *row, struct policy *p, struct err *e)
{
    struct err_list errs = {0};
    int rc = policy_parse(row->document, strlen(row->document), p, &errs);
    if (rc) {
        /* stored documents were validated on import: this is not the user's fault */
        err_set(e, ERR_INTERNAL, "policy", "已存储的政策版本 %lld 无法解析：%s",
                "stored policy version %lld cannot be parsed: %s", (long long)row->id,
                errs.len ? errs.items[0].zh : "", errs.len ? errs.items[0].en : "");
    }
    err_list_free(&errs);
    if (rc == 0) p->id = row->id;
    return rc;
}

int app_policy_get(struct app *a, const struct actor *who, const char *ref, struct policy_row *row,
                   struct policy *p, struct err *e)
{
    memset(row, 0, sizeof *row);
    if (access_require(who, PERM_POLICY_READ, e)) return -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = policy_lookup(a, ref, row, e);
    db_rollback(a->db);
    if (rc == 0 && p && row_parse(row, p, e)) rc = -1;
    if (rc) policy_row_free(row);
    return rc;
}

int app_policy_diff(struct app *a, const struct actor *who, const char *ref_a, const char *ref_b,
                    json_t **out, struct err *e)
{
    *out = NULL;
    struct policy_row ra, rb;
    struct policy *pa = calloc(2, sizeof *pa);
    if (!pa) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    int rc = -1;
    if (app_policy_get(a, who, ref_a, &ra, &pa[0], e) == 0) {
        if (app_policy_get(a, who, ref_b, &rb, &pa[1], e) == 0) {
            *out = policy_diff(&pa[0], &pa[1]);
            rc = *out ? 0 : err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            policy_row_free(&rb);
        }
        policy_row_free(&ra);
    }
    free(pa);
    return rc;
}

/* --- the version that governs a household ------------------------------- */

static int policies_reload(struct app *a, struct err *e)
{
    int64_t last = policy_store_last_id(a->db, e);
    if (last < 0) return -1;
    if (a->policies && last == a->policies_last_id) return 0;
    struct policy_row *rows;
    size_t n;
    if (policy_store_list(a->db, &rows, &n, e)) return -1;
    struct policy *ps = calloc(n ? n : 1, sizeof *ps);
    if (!ps) {
        free(rows);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        struct policy_row full = {0};
        if (policy_store_get(a->db, rows[i].id, &full, e) || row_parse(&full, &ps[i], e)) {
            policy_row_free(&full);
            free(rows);
            free(ps);
            return -1;
        }
        policy_row_free(&full);
    }
    free(rows);
    free(a->policies);
    a->policies = ps;
    a->npolicies = n;
    a->policies_last_id = last;
    return 0;
}

int app_policy_for(struct app *a, const char *region_code, const char *as_of,
                   const struct policy **out, struct err *e)
{
    *out = NULL;
    if (policies_reload(a, e)) return -1;
    return app_policy_pick(a, region_code, as_of, out, e);
}

int app_policies_load(struct app *a, struct err *e)
{
    return policies_reload(a, e);
}

int app_policy_pick(struct app *a, const char *region_code, const char *as_of,
                    const struct policy **out, struct err *e)
{
    *out = NULL;
    const struct policy *best = NULL;
    for (size_t i = 0; i < a->npolicies; i++) {
        const struct policy *p = &a->policies[i];
        if (!policy_covers(p, region_code) || strcmp(p->effective, as_of) > 0) continue;
        if (!best || strcmp(p->effective, best->effective) > 0 ||
            (strcmp(p->effective, best->effective) == 0 && p->id > best->id))
            best = p;
    }
    if (!best)
        return err_set(e, ERR_NOT_FOUND, "as_of",
                       "没有适用于区划 %s、在 %s 已生效的政策版本（可用 anju policy import 导入）",
                       "no policy version covers region %s and is in force on %s (import one "
                       "with anju policy import)",
                       region_code, as_of);
    *out = best;
    return 0;
}
