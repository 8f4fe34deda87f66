/* app/household — the household use cases: create, read, replace, list,
 * import and export. */
#include "app/app_internal.h"

#include "app/audit.h"
#include "base/date.h"
#include "base/idnum.h"
#include "base/idset.h"
#include "io/household_csv.h"
#include "io/household_json.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The bytes of a household that the audit log digests: its API
 * representation (full ID numbers), compact with sorted keys. NULL when
 * out of memory. */
static char *household_canonical(const struct household *h)
{
    json_t *j = household_json_render(h, 0);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* Appends the audit entry of a change to household `after` (before: the
 * stored record it replaced, or NULL). The detail names the household
 * number, never an ID number. */
static int audit_household(struct app *a, const struct actor *who, const char *action,
                           const struct household *before, const struct household *after,
                           struct err *e)
{
    char *b = before ? household_canonical(before) : NULL;
    char *x = household_canonical(after);
    int rc = -1;
    if ((before && !b) || !x)
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    else {
        char id[24], detail[96];
        snprintf(id, sizeof id, "%lld", (long long)after->id);
        snprintf(detail, sizeof detail, "household_no=%s version=%lld", after->household_no,
                 (long long)after->version);
        rc = app_audit(a, who, action, "household", id, b, x, detail, e);
    }
    free(b);
    free(x);
    return rc;
}

/* Everything that makes a household acceptable apart from the database's
 * uniqueness: the rules of form (core) and the region table. */
static int household_check(struct app *a, struct household *h, const char *today,
                           struct err_list *errs)
{
    size_t before = errs->total;
    household_validate(h, today, errs);
    struct err e = {0};
    if (strlen(h->region_code) == 9 &&
        app_street_district(a, h->region_code, h->district_code, "region_code", &e))
        err_list_add(errs, &e);
    return errs->total == before ? 0 : -1;
}

int app_household_not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "家庭 %lld 不存在", "household %lld does not exist",
                   (long long)id);
}

int app_household_visible(const struct actor *who, const struct household *h, struct err *e)
{
    if (access_covers(who, h->district_code, h->region_code, h->id)) return 0;
    return app_household_not_found(h->id, e);
}

/* A staff member may put a household only in their own region. */
static int in_scope_for_write(const struct actor *who, const struct household *h, struct err *e)
{
    if (!who || who->role == ROLE_APPLICANT ||
        access_covers(who, h->district_code, h->region_code, h->id))
        return 0;
    return err_set(e, ERR_FORBIDDEN, "region_code", "街道/乡镇 %s 不在您的管辖范围（%s）内",
                   "street/township %s is outside your region (%s)", h->region_code,
                   who->scope[0] ? who->scope : "-");
}

/* A new household without a number gets one from the server: W, the year
 * and a 6-digit sequence (W2026000001). Until then it is checked with the
 * first number of the year in its place. */
static int wants_number(const struct household *h)
{
    return h->id == 0 && h->household_no[0] == '\0';
}

static void provisional_number(struct household *h, const char *today)
{
    snprintf(h->household_no, sizeof h->household_no, "W%.4s000000", today);
}

/* Sets the next free number of the year; inside the caller's transaction. */
static int assign_number(struct app *a, struct household *h, const char *today, struct err *e)
{
    int64_t last;
    if (household_store_last_assigned_no(a->db, today, &last, e)) return -1;
    if (last < 0 || last >= 999999)
        return err_set(e, ERR_INTERNAL, "household_no", "%.4s 年的家庭编号已用尽",
                       "the household numbers of %.4s are used up", today);
    snprintf(h->household_no, sizeof h->household_no, "W%.4s%06d", today, (int)(last + 1));
    return 0;
}

int app_household_check(struct app *a, const struct actor *who, struct household *h,
                        struct err_list *errs)
{
    struct err e = {0};
    if (access_require(who, PERM_HOUSEHOLD_WRITE, &e)) {
        err_list_add(errs, &e);
        return -1;
    }
    char today[11];
    date_today(today);
    int assign = wants_number(h);
    if (assign) provisional_number(h, today);
    int rc = household_check(a, h, today, errs);
    if (assign) h->household_no[0] = '\0';
    return rc;
}

static const char *applicant_id_number(const struct household *h)
{
    for (int i = 0; i < h->nmembers; i++)
        if (h->members[i].relation == REL_APPLICANT) return h->members[i].id_number;
    return "";
}

int app_household_create(struct app *a, const struct actor *who, struct household *h,
                         struct err_list *errs)
{
    struct err e = {0};
    int assign = wants_number(h);
    if (access_require(who, PERM_HOUSEHOLD_WRITE, &e)) goto refuse;
    /* an applicant creates the one household of the account */
    if (who && who->role == ROLE_APPLICANT && who->household_id) {
        err_set(&e, ERR_CONFLICT, "household_id", "您的账号已绑定家庭 %lld，请修改该家庭",
                "your account is already bound to household %lld: change that one",
                (long long)who->household_id);
        goto refuse;
    }
    char today[11];
    date_today(today);
    if (assign) provisional_number(h, today);
    if (household_check(a, h, today, errs)) {
        if (assign) h->household_no[0] = '\0';
        return -1;
    }
    if (in_scope_for_write(who, h, &e)) goto refuse;
    struct household_store *st = NULL;
    date_now_utc(h->created_at);
    memcpy(h->updated_at, h->created_at, sizeof h->updated_at);
    /* the number is chosen in the transaction that inserts it: writers
     * are serialised, so two creations never get the same one */
    if (db_begin(a->db, DB_WRITE, &e) || (assign && assign_number(a, h, today, &e)) ||
        household_store_open(a->db, &st, &e) || household_store_insert(st, h, &e))
        goto fail;
    household_store_close(st);
    st = NULL;
    if (audit_household(a, who, "household.create", NULL, h, &e)) goto fail;
    if (who && who->role == ROLE_APPLICANT &&
        app_account_bind_created(a, who, h->id, applicant_id_number(h), &e))
        goto fail;
    if (db_commit(a->db, &e)) goto fail;
    return 0;
fail:
    household_store_close(st);
    db_rollback(a->db);
refuse:
    if (assign) h->household_no[0] = '\0';
    err_list_add(errs, &e);
    return -1;
}

int app_household_get(struct app *a, const struct actor *who, int64_t id, struct household *h,
                      struct err *e)
{
    if (access_require(who, PERM_HOUSEHOLD_READ, e)) return -1;
    struct household_store *st = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (household_store_open(a->db, &st, e) == 0 && household_store_get(st, id, h, e) == 0 &&
        app_household_visible(who, h, e) == 0)
        rc = 0;
    household_store_close(st);
    db_rollback(a->db); /* read-only: nothing to commit */
    if (rc) memset(h, 0, sizeof *h);
    return rc;
}

int app_household_replace(struct app *a, const struct actor *who, struct household *h,
                          int64_t expected_version, struct err_list *errs)
{
    struct err e = {0};
    if (access_require(who, PERM_HOUSEHOLD_WRITE, &e)) {
        err_list_add(errs, &e);
        return -1;
    }
    char today[11];
    date_today(today);
    if (household_check(a, h, today, errs)) return -1;
    struct household_store *st = NULL;
    struct household *old = calloc(1, sizeof *old);
    if (!old) {
        err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
        err_list_add(errs, &e);
        return -1;
    }
    date_now_utc(h->updated_at);
    /* the stored record is read in the same transaction: it is the
     * "before" of the audit entry */
    if (db_begin(a->db, DB_WRITE, &e) || household_store_open(a->db, &st, &e) ||
        household_store_get(st, h->id, old, &e) || app_household_visible(who, old, &e) ||
        in_scope_for_write(who, h, &e) || household_store_update(st, h, expected_version, &e))
        goto fail;
    household_store_close(st);
    st = NULL;
    if (audit_household(a, who, "household.replace", old, h, &e) || db_commit(a->db, &e)) goto fail;
    free(old);
    return 0;
fail:
    household_store_close(st);
    db_rollback(a->db);
    err_list_add(errs, &e);
    free(old);
    return -1;
}

/* Narrows a list filter to what the actor may see. 1 when the actor may see
 * nothing at all. */
static int narrow(const struct actor *who, const struct household_filter *in,
                  struct household_filter *out)
{
    *out = *in;
    struct access_filter af;
    access_list_filter(who, &af);
    if (af.none) return 1;
    if (af.district) {
        if (out->district_code && *out->district_code && strcmp(out->district_code, af.district))
            return 1;
        out->district_code = af.district;
    }
    if (af.region) {
        if (out->region_code && *out->region_code && strcmp(out->region_code, af.region)) return 1;
        out->region_code = af.region;
    }
    if (af.prefix) out->city_prefix = af.prefix;
    if (af.household_id) {
        if (out->household_id && out->household_id != af.household_id) return 1;
        out->household_id = af.household_id;
    }
    return 0;
}

int app_health_households(struct app *a, int64_t *n, struct err *e)
{
    *n = household_store_count(a->db, e);
    return *n < 0 ? -1 : 0;
}

int app_household_count(struct app *a, const struct actor *who, int64_t *n, struct err *e)
{
    *n = 0;
    if (access_require(who, PERM_HOUSEHOLD_READ, e)) return -1;
    if (!who) {
        *n = household_store_count(a->db, e);
        return *n < 0 ? -1 : 0;
    }
    struct household_filter f = {.page = 1, .page_size = 1};
    struct household_summary *list = NULL;
    size_t len = 0;
    int rc = app_household_list(a, who, &f, &list, &len, n, e);
    free(list);
    return rc;
}

int app_household_list(struct app *a, const struct actor *who, const struct household_filter *f,
                       struct household_summary **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (access_require(who, PERM_HOUSEHOLD_READ, e)) return -1;
    struct household_filter nf;
    if (narrow(who, f, &nf)) return 0; /* outside the scope: an empty page */
    struct household_store *st = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (household_store_open(a->db, &st, e) == 0 &&
        household_store_list(st, &nf, out, n, total, e) == 0)
        rc = 0;
    household_store_close(st);
    db_rollback(a->db);
    return rc;
}

int app_household_summary(struct app *a, const struct actor *who, const char *district,
                          struct household_district_count **out, size_t *n, int64_t *total,
                          struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (access_require(who, PERM_HOUSEHOLD_READ, e)) return -1;
    if (who && who->role == ROLE_APPLICANT)
        return err_set(e, ERR_FORBIDDEN, "", "统计只供工作人员查看；申请人请查看自己的家庭",
                       "summaries are for staff; applicants see their own household");
    struct household_filter f = {.district_code = district}, nf;
    if (narrow(who, &f, &nf)) return 0; /* outside the scope: nothing */
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = household_store_count_by_district(a->db, &nf, out, n, e);
    db_rollback(a->db);
    for (size_t i = 0; rc == 0 && i < *n; i++)
        *total += (*out)[i].households;
    return rc;
}

/* Bulk import and export are batch jobs of the command line. */
static int cli_only(const struct actor *who, struct err *e)
{
    if (!who) return 0;
    return err_set(e, ERR_FORBIDDEN, "", "批量导入导出只能在命令行进行",
                   "bulk import and export are for the command line only");
}

/* --- import ------------------------------------------------------------ */

/* Writes the household's rows to the rejects file, each with the reasons
 * that concern its line (or a pointer to the household's other lines). */
static int write_rejects(FILE *out, const struct household_rows *rows, const struct err_list *hh)
{
    struct buf line = {0}, zh = {0}, en = {0};
    int rc = 0;
    for (size_t j = 0; j < rows->nraw && rc == 0; j++) {
        buf_reset(&line);
        buf_reset(&zh);
        buf_reset(&en);
        for (size_t k = 0; k < hh->len; k++) {
            const struct err *x = &hh->items[k];
            if (x->row != rows->raw_line[j]) continue;
            if (zh.len) buf_puts(&zh, "；");
            if (en.len) buf_puts(&en, "; ");
            if (x->field[0]) buf_printf(&zh, "%s：", x->field), buf_printf(&en, "%s: ", x->field);
            buf_puts(&zh, x->zh);
            buf_puts(&en, x->en);
        }
        if (!zh.len) {
            buf_printf(&zh, "同一家庭的其他行有错误（第 %ld–%ld 行）", rows->first_line,
                       rows->last_line);
            buf_printf(&en, "another row of this household is wrong (lines %ld-%ld)",
                       rows->first_line, rows->last_line);
        }
        buf_append(&line, rows->raw.data + rows->raw_start[j],
                   rows->raw_start[j + 1] - rows->raw_start[j]);
        buf_printf(&line, ",%ld,", rows->raw_line[j]);
        csv_write_field(&line, zh.data, zh.len);
        buf_putc(&line, ',');
        csv_write_field(&line, en.data, en.len);
        buf_putc(&line, '\n');
        if (fwrite(line.data, 1, line.len, out) != line.len) rc = -1;
    }
    buf_free(&line);
    buf_free(&zh);
    buf_free(&en);
    return rc;
}

/* Keeps one error per (row, field): a field that failed to parse is not
 * reported again by the rules that then see its empty value. */
static void add_unique(struct err_list *hh, struct err *e)
{
    for (size_t k = 0; k < hh->len; k++)
        if (hh->items[k].row == e->row && strcmp(hh->items[k].field, e->field) == 0) return;
    err_list_add(hh, e);
}

/* In a file, a household number that exists already is either in the
 * database or a household whose rows are split. */
static void household_no_taken(struct err *e, const char *no)
{
    err_set(e, ERR_CONFLICT, "household_no",
            "家庭编号 %s 已存在（已在数据库中，或本文件中同一家庭的行不连续）",
            "household number %s already exists (in the database, or this household's rows are "
            "not consecutive in the file)",
            no);
}

/* Bulk-load when the file holds more rows than the registry (about 300
 * bytes a member row): rebuilding the indexes at the end then costs less
 * than maintaining them row by row. */
static int want_bulk(struct app *a, FILE *in, const struct import_options *o, size_t *rows_hint,
                     struct err *e)
{
    *rows_hint = 0;
    struct stat sb;
    if (fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode)) *rows_hint = (size_t)sb.st_size / 300;
    if (o->bulk == IMPORT_BULK_NEVER) return 0;
    if (o->bulk == IMPORT_BULK_ALWAYS) return 1;
    if (*rows_hint < 20000) return 0;
    int64_t existing = household_store_member_count(a->db, e);
    return existing >= 0 && (size_t)existing < *rows_hint;
}

static int preload_id(const char *id, void *ctx)
{
    return idset_add(ctx, id, 0, NULL) < 0;
}

/* Bulk path: the unique index is gone, so look for each member's ID number
 * among those already registered or imported earlier from the file.
 * Returns 1 when one is a duplicate (errors added to hh), 0 when none. */
static int check_duplicates(struct household_store *st, const struct idset *ids,
                            const struct household *h, const struct household_rows *rows,
                            struct err_list *hh)
{
    int dup = 0;
    for (int i = 0; i < h->nmembers; i++) {
        uint32_t first = 0;
        if (!idset_find(ids, h->members[i].id_number, &first)) continue;
        struct err de;
        if (first == 0) {
            char other[HH_NO_MAX + 1] = "?";
            struct err ignore;
            household_store_find_id_number(st, h->members[i].id_number, other, &ignore);
            err_set(&de, ERR_CONFLICT, "id_number", "身份证号已登记在家庭 %s 中",
                    "the ID number is already registered in household %s", other);
        } else
            err_set(&de, ERR_CONFLICT, "id_number", "身份证号与第 %u 行相同（已在本文件中出现）",
                    "the ID number is the same as on line %u of this file", (unsigned)first);
        de.row = rows->line[i];
        add_unique(hh, &de);
        dup = 1;
    }
    return dup;
}

/* Remembers an imported household's ID numbers with their lines. */
static int remember_ids(struct idset *ids, const struct household *h,
                        const struct household_rows *rows)
{
    for (int i = 0; i < h->nmembers; i++)
        if (idset_add(ids, h->members[i].id_number, (uint32_t)rows->line[i], NULL) < 0) return -1;
    return 0;
}

/* SHA-256 of the file's bytes as the CSV reader streams them. */
static void sha256_tap(const void *data, size_t len, void *ctx)
{
    EVP_DigestUpdate(ctx, data, len);
}

static void sha256_hex(EVP_MD_CTX *ctx, char hex[65])
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* One entry for the whole import: the counts and the file's SHA-256 (its
 * first 16 digits name the import). */
static int audit_import(struct app *a, const struct actor *who, const struct import_report *rep,
                        const char sha256[65], struct err *e)
{
    char id[17], detail[256];
    snprintf(id, sizeof id, "%.16s", sha256);
    snprintf(detail, sizeof detail,
             "rows=%ld households=%ld members=%ld rejected=%ld bulk=%d sha256=%s", rep->rows,
             rep->households_ok, rep->members_imported, rep->households_bad, rep->bulk, sha256);
    return app_audit(a, who, "household.import", "household_import", id, NULL, sha256, detail, e);
}

int app_household_import(struct app *a, const struct actor *who, FILE *in,
                         const struct import_options *o, struct import_report *rep, struct err *e)
{
    memset(rep, 0, sizeof *rep);
    if (cli_only(who, e)) return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    struct csv_reader *r = csv_reader_new(in, o->encoding);
    if (!r) {
        EVP_MD_CTX_free(md);
        return err_set(e, ERR_INTERNAL, "", "无法创建 CSV 读取器（内存不足或缺少 GB18030 转换）",
                       "cannot create the CSV reader (out of memory or no GB18030 converter)");
    }
    csv_reader_tap(r, sha256_tap, md);
    struct household_csv *hc = household_csv_open(r, e);
    if (!hc) {
        EVP_MD_CTX_free(md);
        return -1;
    }
    if (o->rejects) {
        household_csv_keep_raw(hc, 1);
        struct buf hdr = {0};
        const char *cols[HOUSEHOLD_CSV_NCOLS];
        size_t ncols = household_csv_input_columns(hc, cols);
        for (size_t i = 0; i < ncols; i++)
            buf_printf(&hdr, "%s,", cols[i]);
        buf_puts(&hdr, "error_line,error_zh,error_en\n");
        fwrite(hdr.data, 1, hdr.len, o->rejects);
        buf_free(&hdr);
    }

    struct household *h = calloc(1, sizeof *h);
    struct household_rows rows = {0};
    struct err_list hh = {0};
    struct household_store *st = NULL;
    struct index_defs *indexes = NULL;
    struct idset ids = {0};
    int rc = -1, began = 0;
    char today[11], now[21];
    date_today(today);
    date_now_utc(now);
    if (!h) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto done;
    }
    size_t rows_hint;
    int bulk = want_bulk(a, in, o, &rows_hint, e);
    if (db_bulk_mode(a->db, 1, e) || db_begin(a->db, DB_WRITE, e)) goto done;
    began = 1;
    if (household_store_open(a->db, &st, e)) goto done;
    if (bulk) {
        rep->bulk = 1;
        if (household_store_drop_indexes(a->db, &indexes, e)) goto done;
        if (idset_init(&ids, rows_hint)) {
            err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            goto done;
        }
        if (household_store_each_id_number(a->db, preload_id, &ids, e)) goto done;
    }

    int more, parse_bad;
    while ((more = household_csv_next(hc, h, &rows, &parse_bad, &hh)) != 0) {
        if (more < 0) break;
        if (parse_bad && hh.total == 0) {
            /* an unreadable line just before this household's rows */
            struct err pe;
            err_set(&pe, ERR_INVALID, "",
                    "上一行无法读取，它可能属于本家庭；为免遗漏，本家庭未导入",
                    "the line before could not be read and may belong to this household; it "
                    "was not imported so that no member is lost");
            pe.row = rows.first_line;
            err_list_add(&hh, &pe);
        }
        /* the rules run on every household that has a readable row; one
         * whose every row was unreadable has its errors already */
        struct err_list rules = {0};
        if (h->nmembers > 0) household_check(a, h, today, &rules);
        for (size_t k = 0; k < rules.len; k++) {
            household_csv_locate(&rows, &rules.items[k]);
            add_unique(&hh, &rules.items[k]);
        }
        err_list_free(&rules);
        int bad = hh.total > 0;
        char other[HH_NO_MAX + 1];
        struct err ne = {0};
        if (bad && household_store_find_no(st, h->household_no, other, &ne) == 1) {
            household_no_taken(&ne, h->household_no);
            ne.row = rows.first_line;
            add_unique(&hh, &ne);
        }
        if (!bad && ids.keys) bad = check_duplicates(st, &ids, h, &rows, &hh);
        if (!bad) {
            memcpy(h->created_at, now, sizeof now);
            memcpy(h->updated_at, now, sizeof now);
            struct err ie = {0};
            int sp = o->rejects != NULL; /* only a partial import needs to undo one household */
            if (sp && db_exec(a->db, "SAVEPOINT household_import", e)) goto done;
            if (household_store_insert(st, h, &ie)) {
                if (ie.code != ERR_CONFLICT && ie.code != ERR_INVALID) {
                    *e = ie;
                    goto done;
                }
                if (strcmp(ie.field, "household_no") == 0) {
                    household_no_taken(&ie, h->household_no);
                }
                household_csv_locate(&rows, &ie);
                add_unique(&hh, &ie);
                bad = 1;
                if (sp &&
                    db_exec(a->db, "ROLLBACK TO household_import; RELEASE household_import", e))
                    goto done;
            } else if (sp && db_exec(a->db, "RELEASE household_import", e))
                goto done;
            if (!bad && ids.keys && remember_ids(&ids, h, &rows)) {
                err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                goto done;
            }
        }
        if (bad) {
            rep->households_bad++;
            for (size_t k = 0; k < hh.len; k++)
                err_list_add(&rep->errs, &hh.items[k]);
            rep->errs.total += hh.total - hh.len;
            if (o->rejects && write_rejects(o->rejects, &rows, &hh)) {
                err_set(e, ERR_IO, "", "无法写入错误行文件", "cannot write the rejects file");
                goto done;
            }
        } else {
            rep->households_ok++;
            rep->members_imported += h->nmembers;
        }
        hh.len = hh.total = 0;
    }
    rep->rows = household_csv_rows(hc);
    if (hh.total) {
        /* errors not tied to a household: unreadable lines after the last
         * one, or a file that cannot be read to its end */
        for (size_t k = 0; k < hh.len; k++)
            err_list_add(&rep->errs, &hh.items[k]);
        rep->errs.total += hh.total - hh.len;
        if (o->rejects && write_rejects(o->rejects, &rows, &hh)) {
            err_set(e, ERR_IO, "", "无法写入错误行文件", "cannot write the rejects file");
            goto done;
        }
    }
    household_store_close(st);
    st = NULL;
    if (rep->errs.total && (!o->rejects || more < 0)) {
        /* all or nothing: one error (or an unreadable file) writes nothing */
        db_rollback(a->db);
        began = 0;
        rep->households_ok = 0;
        rep->members_imported = 0;
        rc = 0;
        goto done;
    }
    if (indexes && household_store_build_indexes(a->db, indexes, e)) goto done;
    char sha256[65];
    sha256_hex(md, sha256); /* the whole file was read: more == 0 */
    if (audit_import(a, who, rep, sha256, e)) goto done;
    if (db_commit(a->db, e)) {
        began = 0;
        goto done;
    }
    began = 0;
    rep->committed = 1;
    rc = 0;
done:
    if (rc && began) {
        rep->households_ok = 0;
        rep->members_imported = 0;
    }
    household_store_close(st);
    if (began) db_rollback(a->db);
    struct err ignore;
    db_bulk_mode(a->db, 0, &ignore);
    household_csv_close(hc);
    EVP_MD_CTX_free(md);
    index_defs_free(indexes);
    idset_free(&ids);
    household_rows_free(&rows);
    err_list_free(&hh);
    free(h);
    return rc;
}

/* --- export ------------------------------------------------------------ */

struct export_ctx {
    FILE *out;
    struct buf b;
    long count;
};

static int export_one(const struct household *h, void *ctx)
{
    struct export_ctx *x = ctx;
    if (household_csv_write(&x->b, h)) return -1;
    x->count++;
    if (x->b.len > 1 << 20) {
        if (fwrite(x->b.data, 1, x->b.len, x->out) != x->b.len) return -1;
        buf_reset(&x->b);
    }
    return 0;
}

int app_household_export(struct app *a, const struct actor *who, FILE *out, long *households,
                         struct err *e)
{
    if (cli_only(who, e)) return -1;
    struct export_ctx x = {.out = out};
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    household_csv_write_header(&x.b);
    int r = household_store_each(a->db, export_one, &x, e);
    if (r > 0 || (r == 0 && x.b.len && fwrite(x.b.data, 1, x.b.len, out) != x.b.len) ||
        (r == 0 && fflush(out))) {
        err_set(e, ERR_IO, "", "写出失败", "write failed");
    } else if (r == 0)
        rc = 0;
    db_rollback(a->db);
    buf_free(&x.b);
    if (households) *households = x.count;
    return rc;
}
