/* app/stock — the housing-stock use cases (see stock.h). */
#include "app/app_internal.h"
#include "app/stock.h"

#include "app/audit.h"
#include "base/date.h"
#include "base/strmap.h"
#include "io/stock_csv.h"
#include "io/stock_json.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

void project_view_free(struct project_view *v)
{
    free(v->buildings);
    v->buildings = NULL;
    v->nbuildings = 0;
}

/* --- scope ---------------------------------------------------------------- */

static int project_not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "项目 %lld 不存在", "project %lld does not exist",
                   (long long)id);
}

static int unit_not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "单元 %lld 不存在", "unit %lld does not exist",
                   (long long)id);
}

static int covers(const struct actor *who, const struct stock_project *p)
{
    return access_covers(who, p->district_code, p->region_code, 0);
}

/* A staff member may put a project only in their own region. */
static int in_scope_for_write(const struct actor *who, const struct stock_project *p, struct err *e)
{
    if (!who || covers(who, p)) return 0;
    return err_set(e, ERR_FORBIDDEN, "region_code", "街道/乡镇 %s 不在您的管辖范围（%s）内",
                   "street/township %s is outside your region (%s)", p->region_code,
                   who->scope[0] ? who->scope : "-");
}

/* Batch jobs are for the command line only. */
static int cli_only(const struct actor *who, struct err *e)
{
    if (!who) return 0;
    return err_set(e, ERR_FORBIDDEN, "", "房源的批量导入导出只能在命令行进行",
                   "bulk stock import and export are for the command line only");
}

/* --- audit ---------------------------------------------------------------- */

static char *canonical(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

static char *project_bytes(const struct stock_project *p)
{
    return canonical(stock_project_json_render(p));
}

static char *building_bytes(const struct stock_building *b)
{
    json_t *j = stock_building_json_render(b, NULL);
    if (j) json_object_set_new(j, "project_id", json_integer((json_int_t)b->project_id));
    return canonical(j);
}

static char *unit_bytes(const struct stock_unit *u)
{
    return canonical(stock_unit_json_render(u));
}

/* One audit entry of a change: before (NULL for a creation) and after are
 * the entity's canonical bytes, taken. */
static int audit(struct app *a, const struct actor *who, const char *action, const char *type,
                 int64_t id, char *before, char *after, int had_before, const char *detail,
                 struct err *e)
{
    int rc = -1;
    if ((had_before && !before) || !after)
        oom(e);
    else {
        char sid[24];
        snprintf(sid, sizeof sid, "%lld", (long long)id);
        rc = app_audit(a, who, action, type, sid, before, after, detail, e);
    }
    free(before);
    free(after);
    return rc;
}

static int audit_project(struct app *a, const struct actor *who, const char *action,
                         const struct stock_project *before, const struct stock_project *after,
                         struct err *e)
{
    char detail[96];
    snprintf(detail, sizeof detail, "code=%s version=%lld", after->code, (long long)after->version);
    return audit(a, who, action, "project", after->id, before ? project_bytes(before) : NULL,
                 project_bytes(after), before != NULL, detail, e);
}

static int audit_building(struct app *a, const struct actor *who, const char *action,
                          const struct stock_building *before, const struct stock_building *after,
                          const char *project_code, struct err *e)
{
    char detail[160];
    snprintf(detail, sizeof detail, "project=%s building=%s floors=%lld", project_code, after->name,
             (long long)after->floors);
    return audit(a, who, action, "building", after->id, before ? building_bytes(before) : NULL,
                 building_bytes(after), before != NULL, detail, e);
}

/* unit.create, or for a change unit.status when only the status moved,
 * else unit.update. */
static int audit_unit(struct app *a, const struct actor *who, const struct stock_unit *before,
                      const struct stock_unit *after, const char *project_code, struct err *e)
{
    char detail[200];
    const char *action = "unit.create";
    int n = snprintf(detail, sizeof detail, "project=%s building=%s unit=%s", project_code,
                     after->building, after->unit_no);
    if (before) {
        struct stock_unit x = *before;
        x.status = after->status;
        x.version = after->version;
        memcpy(x.updated_at, after->updated_at, sizeof x.updated_at);
        action = memcmp(&x, after, sizeof x) == 0 ? "unit.status" : "unit.update";
        if (before->status != after->status && n > 0 && (size_t)n < sizeof detail)
            snprintf(detail + n, sizeof detail - (size_t)n, " status=%s->%s",
                     unit_status_names[before->status].code, unit_status_names[after->status].code);
    }
    return audit(a, who, action, "unit", after->id, before ? unit_bytes(before) : NULL,
                 unit_bytes(after), before != NULL, detail, e);
}

/* --- projects ------------------------------------------------------------- */

/* The rules of form and the region table; derives the district. */
static int project_check(struct app *a, struct stock_project *p, struct err_list *errs)
{
    size_t before = errs->total;
    stock_project_validate(p, errs);
    struct err e = {0};
    if (strlen(p->region_code) == 9 &&
        app_street_district(a, p->region_code, p->district_code, "region_code", &e))
        err_list_add(errs, &e);
    return errs->total == before ? 0 : -1;
}

int app_project_check(struct app *a, struct stock_project *p, struct err_list *errs)
{
    return project_check(a, p, errs);
}

int app_project_create(struct app *a, const struct actor *who, struct stock_project *p,
                       struct err_list *errs)
{
    struct err e = {0};
    struct stock_store *st = NULL;
    if (access_require(who, PERM_STOCK_WRITE, &e)) goto refuse;
    if (project_check(a, p, errs)) return -1;
    if (in_scope_for_write(who, p, &e)) goto refuse;
    date_now_utc(p->created_at);
    memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
    if (db_begin(a->db, DB_WRITE, &e) || stock_store_open(a->db, &st, &e) ||
        stock_store_project_insert(st, p, &e) ||
        audit_project(a, who, "project.create", NULL, p, &e) || db_commit(a->db, &e))
        goto fail;
    stock_store_close(st);
    return 0;
fail:
    stock_store_close(st);
    db_rollback(a->db);
refuse:
    err_list_add(errs, &e);
    return -1;
}

/* Loads project id inside the caller's transaction; out of scope is the
 * same not-found as missing. */
static int load_project(struct stock_store *st, const struct actor *who, int64_t id,
                        struct stock_project *p, struct err *e)
{
    if (stock_store_project_get(st, id, p, e)) {
        if (e->code == ERR_NOT_FOUND) project_not_found(id, e);
        return -1;
    }
    if (!covers(who, p)) return project_not_found(id, e);
    return 0;
}

static int fill_view(struct stock_store *st, struct project_view *v, struct err *e)
{
    return stock_store_project_counts(st, v->p.id, &v->counts, e) ||
                   stock_store_building_list(st, v->p.id, &v->buildings, &v->nbuildings, e)
               ? -1
               : 0;
}

int app_project_get(struct app *a, const struct actor *who, int64_t id, struct project_view *v,
                    struct err *e)
{
    memset(v, 0, sizeof *v);
    if (access_require(who, PERM_STOCK_READ, e)) return -1;
    struct stock_store *st = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (stock_store_open(a->db, &st, e) == 0 && load_project(st, who, id, &v->p, e) == 0 &&
        fill_view(st, v, e) == 0)
        rc = 0;
    stock_store_close(st);
    db_rollback(a->db);
    if (rc) project_view_free(v);
    return rc;
}

int app_project_get_by_code(struct app *a, const struct actor *who, const char *code,
                            struct project_view *v, struct err *e)
{
    memset(v, 0, sizeof *v);
    if (access_require(who, PERM_STOCK_READ, e)) return -1;
    struct stock_store *st = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (stock_store_open(a->db, &st, e) == 0) {
        int found = stock_store_project_find(st, code, &v->p, e);
        if (found == 0 || (found == 1 && !covers(who, &v->p)))
            err_set(e, ERR_NOT_FOUND, "code", "项目 %.40s 不存在", "project %.40s does not exist",
                    code);
        else if (found == 1 && fill_view(st, v, e) == 0)
            rc = 0;
    }
    stock_store_close(st);
    db_rollback(a->db);
    if (rc) project_view_free(v);
    return rc;
}

int app_project_list(struct app *a, const struct actor *who, const struct stock_project_filter *f,
                     struct stock_project_summary **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (access_require(who, PERM_STOCK_READ, e)) return -1;
    struct stock_project_filter nf = *f;
    nf.scope_district = nf.scope_region = nf.scope_prefix = NULL;
    struct access_filter af;
    access_list_filter(who, &af);
    if (af.none || af.household_id) return 0;
    nf.scope_district = af.district;
    nf.scope_region = af.region;
    nf.scope_prefix = af.prefix;
    struct stock_store *st = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (stock_store_open(a->db, &st, e) == 0 &&
        stock_store_project_list(st, &nf, out, n, total, e) == 0)
        rc = 0;
    stock_store_close(st);
    db_rollback(a->db);
    return rc;
}

/* --- units ---------------------------------------------------------------- */

/* Adds core's unit errors; each names its field. */
static int unit_check(const struct stock_unit *u, enum programme p, int64_t floors,
                      struct err_list *errs)
{
    return stock_unit_validate(u, p, floors, errs);
}

int app_unit_create(struct app *a, const struct actor *who, int64_t project_id,
                    struct stock_unit *u, int64_t floors, struct err_list *errs)
{
    struct err e = {0};
    struct stock_store *st = NULL;
    struct stock_project p;
    struct stock_building b;
    if (access_require(who, PERM_STOCK_WRITE, &e)) goto refuse;
    char now[21];
    date_now_utc(now);
    if (db_begin(a->db, DB_WRITE, &e) || stock_store_open(a->db, &st, &e) ||
        load_project(st, who, project_id, &p, &e))
        goto fail;
    int found = stock_store_building_find(st, project_id, u->building, &b, &e);
    if (found < 0) goto fail;
    size_t before = errs->total;
    if (found) {
        if (floors && floors != b.floors) {
            err_set(&e, ERR_INVALID, "floors", "楼栋“%s”有 %lld 层，不是 %lld 层（可省略 floors）",
                    "%.0sthe building has %lld floors, not %lld (floors may be left out)", b.name,
                    (long long)b.floors, (long long)floors);
            err_list_add(errs, &e);
        }
    } else {
        memset(&b, 0, sizeof b);
        b.project_id = project_id;
        snprintf(b.name, sizeof b.name, "%s", u->building);
        b.floors = floors;
        if (!floors) {
            err_set(&e, ERR_INVALID, "floors", "项目中还没有楼栋“%s”：新楼栋须给出楼层数 floors",
                    "%.0sthe project has no building of that name yet: a new building needs floors",
                    u->building);
            err_list_add(errs, &e);
        } else
            stock_building_validate(&b, errs);
    }
    unit_check(u, p.programme, b.floors ? b.floors : 1, errs);
    if (errs->total != before) {
        stock_store_close(st);
        db_rollback(a->db);
        return -1;
    }
    if (!found) {
        memcpy(b.created_at, now, sizeof now);
        memcpy(b.updated_at, now, sizeof now);
        if (stock_store_building_insert(st, &b, &e) ||
            audit_building(a, who, "building.create", NULL, &b, p.code, &e))
            goto fail;
    }
    u->building_id = b.id;
    u->project_id = project_id;
    memcpy(u->building, b.name, sizeof u->building);
    memcpy(u->created_at, now, sizeof now);
    memcpy(u->updated_at, now, sizeof now);
    if (stock_store_unit_insert(st, u, &e) || audit_unit(a, who, NULL, u, p.code, &e) ||
        db_commit(a->db, &e))
        goto fail;
    stock_store_close(st);
    return 0;
fail:
    stock_store_close(st);
    db_rollback(a->db);
refuse:
    err_list_add(errs, &e);
    return -1;
}

/* Loads unit id and its project inside the caller's transaction; a unit of
 * a project out of scope is the same not-found as a missing one. */
static int load_unit(struct stock_store *st, const struct actor *who, int64_t id,
                     struct stock_unit *u, struct stock_project *p, struct err *e)
{
    if (stock_store_unit_get(st, id, u, e) || stock_store_project_get(st, u->project_id, p, e)) {
        if (e->code == ERR_NOT_FOUND) unit_not_found(id, e);
        return -1;
    }
    if (!covers(who, p)) return unit_not_found(id, e);
    return 0;
}

int app_unit_get(struct app *a, const struct actor *who, int64_t id, struct stock_unit *u,
                 struct err *e)
{
    if (access_require(who, PERM_STOCK_READ, e)) return -1;
    struct stock_store *st = NULL;
    struct stock_project p;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (stock_store_open(a->db, &st, e) == 0 && load_unit(st, who, id, u, &p, e) == 0) rc = 0;
    stock_store_close(st);
    db_rollback(a->db);
    return rc;
}

int app_unit_list(struct app *a, const struct actor *who, const struct stock_unit_filter *f,
                  struct stock_unit **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (access_require(who, PERM_STOCK_READ, e)) return -1;
    struct stock_store *st = NULL;
    struct stock_project p;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (stock_store_open(a->db, &st, e) == 0 && load_project(st, who, f->project_id, &p, e) == 0 &&
        stock_store_unit_list(st, f, out, n, total, e) == 0)
        rc = 0;
    stock_store_close(st);
    db_rollback(a->db);
    return rc;
}

static int same_unit_fields(const struct stock_unit *x, const struct stock_unit *y)
{
    return strcmp(x->unit_no, y->unit_no) == 0 && x->layout == y->layout && x->area == y->area &&
           x->floor == y->floor && x->accessible == y->accessible && x->rent == y->rent &&
           x->price == y->price && x->status == y->status;
}

/* Changes unit u->id in one transaction: to u's fields, or (status >= 0)
 * only to that status, the stored fields staying as they are. */
static int unit_change(struct app *a, const struct actor *who, struct stock_unit *u, int status,
                       int64_t expected_version, struct err_list *errs)
{
    struct err e = {0};
    struct stock_store *st = NULL;
    struct stock_project p;
    struct stock_unit old;
    struct stock_building b;
    if (access_require(who, PERM_STOCK_WRITE, &e)) goto refuse;
    if (db_begin(a->db, DB_WRITE, &e) || stock_store_open(a->db, &st, &e) ||
        load_unit(st, who, u->id, &old, &p, &e))
        goto fail;
    if (status >= 0) {
        *u = old;
        u->status = (enum unit_status)status;
    }
    if (old.version != expected_version) {
        err_set(&e, ERR_CONFLICT, "version",
                "单元 %lld 已被他人修改（当前版本 %lld，请求基于版本 %lld），请刷新后重试",
                "unit %lld was changed by someone else (now version %lld, the request is based on "
                "%lld); reload and try again",
                (long long)u->id, (long long)old.version, (long long)expected_version);
        goto fail;
    }
    int found = stock_store_building_find(st, old.project_id, old.building, &b, &e);
    if (found != 1) {
        if (found == 0) err_set(&e, ERR_DB, "", "单元的楼栋不存在", "the unit's building is gone");
        goto fail;
    }
    size_t before = errs->total;
    unit_check(u, p.programme, b.floors, errs);
    struct err te = {0};
    if (stock_status_transition(old.status, u->status, p.programme, &te)) err_list_add(errs, &te);
    if (errs->total != before) {
        stock_store_close(st);
        db_rollback(a->db);
        return -1;
    }
    /* what is not the unit's own stays as stored */
    u->building_id = old.building_id;
    u->project_id = old.project_id;
    memcpy(u->building, old.building, sizeof u->building);
    memcpy(u->created_at, old.created_at, sizeof u->created_at);
    if (same_unit_fields(&old, u)) {
        *u = old;
        stock_store_close(st);
        db_rollback(a->db);
        return 0;
    }
    date_now_utc(u->updated_at);
    if (stock_store_unit_update(st, u, expected_version, &e) ||
        audit_unit(a, who, &old, u, p.code, &e) || db_commit(a->db, &e))
        goto fail;
    stock_store_close(st);
    return 0;
fail:
    stock_store_close(st);
    db_rollback(a->db);
refuse:
    err_list_add(errs, &e);
    return -1;
}

int app_unit_update(struct app *a, const struct actor *who, struct stock_unit *u,
                    int64_t expected_version, struct err_list *errs)
{
    return unit_change(a, who, u, -1, expected_version, errs);
}

int app_unit_set_status(struct app *a, const struct actor *who, int64_t id, enum unit_status status,
                        int64_t expected_version, struct stock_unit *out, struct err_list *errs)
{
    memset(out, 0, sizeof *out);
    out->id = id;
    return unit_change(a, who, out, (int)status, expected_version, errs);
}

/* --- import ----------------------------------------------------------------- */

enum { PROJECT_COLS = SC_BUILDING }; /* the project's columns come first */

/* Where a project or building named by the file stands. */
enum seen_state {
    SEEN_BAD,            /* its columns are wrong: none of its rows is imported */
    SEEN_STORED,         /* in the database as the file has it */
    SEEN_PENDING_INSERT, /* new: inserted with the first good row that needs it */
    SEEN_PENDING_UPDATE, /* stored but different: updated with the first good row */
};

/* A project as the file first named it. */
struct seen_project {
    long line;
    enum seen_state state;
    struct stock_project p;   /* as it is (or will be) stored */
    struct stock_project old; /* as it was stored, for a pending update */
    char *cols[PROJECT_COLS]; /* the texts of its columns on that line */
};

/* A building as the file first named it. */
struct seen_building {
    long line;
    enum seen_state state;
    struct stock_building b, old;
    char *floors_text;
};

struct importer {
    struct app *a;
    const struct actor *who;
    struct stock_store *st;
    struct stock_csv *sc;
    struct stock_import_report *rep;
    char now[21];
    struct strmap project_index, building_index, unit_lines;
    struct seen_project *projects;
    size_t nprojects, aprojects;
    struct seen_building *buildings;
    size_t nbuildings, abuildings;
    struct buf key;
    /* the row being imported */
    struct stock_csv_row row;
    struct err_list errs;
    long see_line; /* a silent reject: its project's/building's columns are wrong on that line */
    int see_building;
};

/* Keeps one error per (line, column): a column that failed to parse is not
 * reported again by the rules that then see its empty value. */
static void add_unique(struct err_list *l, struct err *e)
{
    for (size_t k = 0; k < l->len; k++)
        if (l->items[k].row == e->row && strcmp(l->items[k].field, e->field) == 0) return;
    err_list_add(l, e);
}

/* Adds core's errors (fields named as core names them) on the row's line. */
static void add_rule_errors(struct importer *im, struct err_list *rules)
{
    for (size_t k = 0; k < rules->len; k++) {
        struct err *x = &rules->items[k];
        char col[ERR_FIELD_MAX];
        snprintf(col, sizeof col, "%s", stock_csv_column_for(x->field));
        snprintf(x->field, sizeof x->field, "%s", col);
        x->row = im->row.line;
        add_unique(&im->errs, x);
    }
}

/* Forgets this row's errors in column col (reported on an earlier line). */
static void drop_errors(struct importer *im, int col)
{
    size_t k = 0;
    for (size_t i = 0; i < im->errs.len; i++)
        if (strcmp(im->errs.items[i].field, stock_csv_columns[col]) != 0)
            im->errs.items[k++] = im->errs.items[i];
    im->errs.total -= im->errs.len - k;
    im->errs.len = k;
}

static void row_error(struct importer *im, int col, enum err_code code, const char *zh,
                      const char *en)
{
    struct err e;
    err_set(&e, code, stock_csv_columns[col], "%s%.0s", "%.0s%s", zh, en);
    e.row = im->row.line;
    add_unique(&im->errs, &e);
}

static int differs(const struct stock_project *x, const struct stock_project *y)
{
    return strcmp(x->name, y->name) || strcmp(x->region_code, y->region_code) ||
           strcmp(x->address, y->address) || x->has_coords != y->has_coords ||
           (x->has_coords && (x->longitude != y->longitude || x->latitude != y->latitude)) ||
           strcmp(x->operator_name, y->operator_name);
}

/* The project of the row the first time the file names it: checked, and
 * compared with the database. -1 only when the import cannot go on (e). */
static int first_project(struct importer *im, struct seen_project *sp, struct err *e)
{
    struct stock_project *p = &im->row.p;
    size_t before = im->errs.total;
    struct err_list rules = {0};
    project_check(im->a, p, &rules);
    add_rule_errors(im, &rules);
    err_list_free(&rules);
    if ((im->row.bad_cols & ((1u << PROJECT_COLS) - 1)) || im->errs.total != before) {
        sp->state = SEEN_BAD;
        return 0;
    }
    struct stock_project old;
    int found = stock_store_project_find(im->st, p->code, &old, e);
    if (found < 0) return -1;
    if (found && old.programme != p->programme) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "项目 %s 已登记为 %s（%s），项目的 programme 不能改变", p->code,
                 programme_names[old.programme].code, programme_names[old.programme].zh);
        snprintf(en, sizeof en,
                 "project %s is registered as %s: a project's programme never changes", p->code,
                 programme_names[old.programme].code);
        row_error(im, SC_PROGRAMME, ERR_INVALID, zh, en);
        sp->state = SEEN_BAD;
        return 0;
    }
    if (!found) {
        sp->p = *p;
        memcpy(sp->p.created_at, im->now, sizeof im->now);
        memcpy(sp->p.updated_at, im->now, sizeof im->now);
        sp->state = SEEN_PENDING_INSERT;
    } else if (differs(&old, p)) {
        sp->old = old;
        sp->p = old;
        struct stock_project *x = &sp->p;
        snprintf(x->name, sizeof x->name, "%s", p->name);
        memcpy(x->region_code, p->region_code, sizeof x->region_code);
        memcpy(x->district_code, p->district_code, sizeof x->district_code);
        snprintf(x->address, sizeof x->address, "%s", p->address);
        x->has_coords = p->has_coords;
        x->longitude = p->longitude;
        x->latitude = p->latitude;
        snprintf(x->operator_name, sizeof x->operator_name, "%s", p->operator_name);
        memcpy(x->updated_at, im->now, sizeof im->now);
        sp->state = SEEN_PENDING_UPDATE;
    } else {
        sp->p = old;
        sp->state = SEEN_STORED;
    }
    return 0;
}

/* The building of the row the first time the file names it. */
static int first_building(struct importer *im, const struct seen_project *sp,
                          struct seen_building *sb, struct err *e)
{
    struct stock_building *b = &im->row.b;
    size_t before = im->errs.total;
    struct err_list rules = {0};
    stock_building_validate(b, &rules);
    add_rule_errors(im, &rules);
    err_list_free(&rules);
    if ((im->row.bad_cols & ((1u << SC_BUILDING) | (1u << SC_FLOORS))) ||
        im->errs.total != before || sp->state == SEEN_BAD) {
        sb->state = SEEN_BAD;
        if (sp->state == SEEN_BAD && im->errs.total == before) sb->b = *b; /* floors for units */
        return 0;
    }
    sb->b = *b;
    memcpy(sb->b.created_at, im->now, sizeof im->now);
    memcpy(sb->b.updated_at, im->now, sizeof im->now);
    sb->state = SEEN_PENDING_INSERT;
    if (sp->state == SEEN_PENDING_INSERT) return 0; /* a new project has no buildings */
    struct stock_building old;
    int found = stock_store_building_find(im->st, sp->p.id, b->name, &old, e);
    if (found < 0) return -1;
    if (!found) return 0;
    if (old.floors == b->floors) {
        sb->b = old;
        sb->state = SEEN_STORED;
        return 0;
    }
    int64_t top = 0;
    if (stock_store_building_top_floor(im->st, old.id, &top, e)) return -1;
    if (top > b->floors) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "楼栋“%s”已登记的单元最高在第 %lld 层，楼层数不能少于此", b->name,
                 (long long)top);
        snprintf(en, sizeof en,
                 "units of building \"%s\" are registered up to floor %lld: it cannot have "
                 "fewer floors",
                 b->name, (long long)top);
        row_error(im, SC_FLOORS, ERR_INVALID, zh, en);
        sb->state = SEEN_BAD;
        sb->b.floors = top;
        return 0;
    }
    sb->old = old;
    sb->b = old;
    sb->b.floors = b->floors;
    memcpy(sb->b.updated_at, im->now, sizeof im->now);
    sb->state = SEEN_PENDING_UPDATE;
    return 0;
}

static int key_of(struct importer *im, int ncols)
{
    static const int cols[3] = {SC_PROJECT_CODE, SC_BUILDING, SC_UNIT_NO};
    buf_reset(&im->key);
    for (int c = 0; c < ncols; c++)
        if ((c && buf_putc(&im->key, '\x1f')) ||
            buf_puts(&im->key, stock_csv_field(im->sc, cols[c])))
            return -1;
    return 0;
}

/* The project part of a row: its entry (new or seen), or -1 to stop the
 * import. *agrees = 0 when a seen project's columns differ on this row. */
static long row_project(struct importer *im, int *agrees, struct err *e)
{
    *agrees = 1;
    if (key_of(im, 1)) return oom(e);
    int64_t idx;
    int r = strmap_put(&im->project_index, im->key.data, im->key.len, (int64_t)im->nprojects, &idx);
    if (r < 0) return oom(e);
    if (r == 1) { /* named before: its columns must agree */
        struct seen_project *sp = &im->projects[idx];
        for (int c = 0; c < PROJECT_COLS; c++) {
            const char *now = stock_csv_field(im->sc, c);
            if (strcmp(now, sp->cols[c]) == 0) {
                drop_errors(im, c); /* reported on the first line */
                continue;
            }
            char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
            snprintf(zh, sizeof zh,
                     "同一项目（%.40s）各行的项目信息应一致：本行为“%.60s”，第 %ld 行为“%.60s”",
                     sp->cols[0], now, sp->line, sp->cols[c]);
            snprintf(en, sizeof en,
                     "rows of one project (%.40s) must agree on its columns: this row has "
                     "\"%.60s\", line %ld has \"%.60s\"",
                     sp->cols[0], now, sp->line, sp->cols[c]);
            row_error(im, c, ERR_INVALID, zh, en);
            *agrees = 0;
        }
        if (sp->state == SEEN_BAD) im->see_line = sp->line, im->see_building = 0;
        return (long)idx;
    }
    if (im->nprojects == im->aprojects) {
        size_t n = im->aprojects ? im->aprojects * 2 : 64;
        struct seen_project *grown = realloc(im->projects, n * sizeof *grown);
        if (!grown) return oom(e);
        im->projects = grown;
        im->aprojects = n;
    }
    struct seen_project *sp = &im->projects[im->nprojects++];
    memset(sp, 0, sizeof *sp);
    sp->line = im->row.line;
    for (int c = 0; c < PROJECT_COLS; c++)
        if (!(sp->cols[c] = strdup(stock_csv_field(im->sc, c)))) return oom(e);
    if (first_project(im, sp, e)) return -1;
    return (long)(sp - im->projects);
}

/* The building part; same returns as row_project. */
static long row_building(struct importer *im, const struct seen_project *sp, int *agrees,
                         struct err *e)
{
    *agrees = 1;
    if (key_of(im, 2)) return oom(e);
    int64_t idx;
    int r =
        strmap_put(&im->building_index, im->key.data, im->key.len, (int64_t)im->nbuildings, &idx);
    if (r < 0) return oom(e);
    const char *floors = stock_csv_field(im->sc, SC_FLOORS);
    if (r == 1) {
        struct seen_building *sb = &im->buildings[idx];
        if (strcmp(floors, sb->floors_text) == 0)
            drop_errors(im, SC_FLOORS);
        else {
            char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
            snprintf(zh, sizeof zh,
                     "同一楼栋（%.40s）各行的楼层数应一致：本行为“%.20s”，第 %ld 行为“%.20s”",
                     im->row.b.name, floors, sb->line, sb->floors_text);
            snprintf(en, sizeof en,
                     "rows of one building (%.40s) must agree on floors: this row has \"%.20s\", "
                     "line %ld has \"%.20s\"",
                     im->row.b.name, floors, sb->line, sb->floors_text);
            row_error(im, SC_FLOORS, ERR_INVALID, zh, en);
            *agrees = 0;
        }
        drop_errors(im, SC_BUILDING); /* the same name: reported on the first line */
        if (sb->state == SEEN_BAD && !im->see_line) im->see_line = sb->line, im->see_building = 1;
        return (long)idx;
    }
    if (im->nbuildings == im->abuildings) {
        size_t n = im->abuildings ? im->abuildings * 2 : 256;
        struct seen_building *grown = realloc(im->buildings, n * sizeof *grown);
        if (!grown) return oom(e);
        im->buildings = grown;
        im->abuildings = n;
    }
    struct seen_building *sb = &im->buildings[im->nbuildings++];
    memset(sb, 0, sizeof *sb);
    sb->line = im->row.line;
    if (!(sb->floors_text = strdup(floors))) return oom(e);
    if (first_building(im, sp, sb, e)) return -1;
    return (long)(sb - im->buildings);
}

/* Writes a pending project or building before the first unit that needs it. */
static int write_project(struct importer *im, struct seen_project *sp, struct err *e)
{
    if (sp->state == SEEN_PENDING_INSERT) {
        if (stock_store_project_insert(im->st, &sp->p, e)) return -1;
        im->rep->projects_new++;
    } else if (sp->state == SEEN_PENDING_UPDATE) {
        if (stock_store_project_update(im->st, &sp->p, sp->old.version, e) ||
            audit_project(im->a, im->who, "project.update", &sp->old, &sp->p, e))
            return -1;
        im->rep->projects_updated++;
    }
    sp->state = SEEN_STORED;
    return 0;
}

static int write_building(struct importer *im, const struct seen_project *sp,
                          struct seen_building *sb, struct err *e)
{
    sb->b.project_id = sp->p.id;
    if (sb->state == SEEN_PENDING_INSERT) {
        if (stock_store_building_insert(im->st, &sb->b, e)) return -1;
        im->rep->buildings_new++;
    } else if (sb->state == SEEN_PENDING_UPDATE) {
        if (stock_store_building_update(im->st, &sb->b, sb->old.version, e) ||
            audit_building(im->a, im->who, "building.update", &sb->old, &sb->b, sp->p.code, e))
            return -1;
        im->rep->buildings_updated++;
    }
    sb->state = SEEN_STORED;
    return 0;
}

/* The unit part: checked (as far as its project and building allow), then,
 * when the whole row is good, inserted, updated or left as it is. */
static int row_unit(struct importer *im, struct seen_project *sp, struct seen_building *sb,
                    int good, struct err *e)
{
    struct stock_unit *u = &im->row.u;
    /* the programme and floors to check against, even when the project or
     * building is wrong, so that one pass reports what it can */
    enum programme prog = im->row.p.programme;
    int know_prog = sp->state != SEEN_BAD ||
                    (!(im->row.bad_cols & (1u << SC_PROGRAMME)) && stock_programme_has_stock(prog));
    if (sp->state != SEEN_BAD) prog = sp->p.programme;
    int64_t floors =
        sb->b.floors >= 1 && sb->b.floors <= STOCK_FLOORS_MAX ? sb->b.floors : STOCK_FLOORS_MAX;
    if (know_prog) {
        struct err_list rules = {0};
        stock_unit_validate(u, prog, floors, &rules);
        add_rule_errors(im, &rules);
        err_list_free(&rules);
    }
    if (!good || sp->state == SEEN_BAD || sb->state == SEEN_BAD) return 0;
    if (key_of(im, 3)) return oom(e);
    int64_t first;
    int r = strmap_put(&im->unit_lines, im->key.data, im->key.len, im->row.line, &first);
    if (r < 0) return oom(e);
    if (r == 1) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "单元 %.32s（项目 %.32s，楼栋 %.40s）与第 %lld 行重复", u->unit_no,
                 sp->p.code, u->building, (long long)first);
        snprintf(en, sizeof en,
                 "unit %.32s (project %.32s, building %.40s) is on line %lld already", u->unit_no,
                 sp->p.code, u->building, (long long)first);
        row_error(im, SC_UNIT_NO, ERR_CONFLICT, zh, en);
    }
    if (im->errs.total) return 0;
    struct stock_unit old;
    int found = 0;
    if (sb->state != SEEN_PENDING_INSERT) {
        found = stock_store_unit_find(im->st, sb->b.id, u->unit_no, &old, e);
        if (found < 0) return -1;
    }
    struct err te;
    if (found && stock_status_transition(old.status, u->status, prog, &te)) {
        row_error(im, SC_STATUS, ERR_INVALID, te.zh, te.en);
        return 0;
    }
    /* the row is good: what it needs is written, then the unit */
    if (write_project(im, sp, e) || write_building(im, sp, sb, e)) return -1;
    u->building_id = sb->b.id;
    u->project_id = sp->p.id;
    if (!found) {
        memcpy(u->created_at, im->now, sizeof im->now);
        memcpy(u->updated_at, im->now, sizeof im->now);
        if (stock_store_unit_insert(im->st, u, e)) return -1;
        im->rep->units_new++;
        return 0;
    }
    if (same_unit_fields(&old, u)) {
        im->rep->units_unchanged++;
        return 0;
    }
    u->id = old.id;
    memcpy(u->created_at, old.created_at, sizeof u->created_at);
    memcpy(u->updated_at, im->now, sizeof im->now);
    if (stock_store_unit_update(im->st, u, old.version, e) ||
        audit_unit(im->a, im->who, &old, u, sp->p.code, e))
        return -1;
    im->rep->units_updated++;
    return 0;
}

/* Writes the row just read to the rejects file with its reasons. */
static int write_reject(struct importer *im, FILE *out)
{
    struct buf line = {0}, zh = {0}, en = {0};
    for (size_t k = 0; k < im->errs.len; k++) {
        const struct err *x = &im->errs.items[k];
        if (zh.len) buf_puts(&zh, "；");
        if (en.len) buf_puts(&en, "; ");
        if (x->field[0]) buf_printf(&zh, "%s：", x->field), buf_printf(&en, "%s: ", x->field);
        buf_puts(&zh, x->zh);
        buf_puts(&en, x->en);
    }
    if (!zh.len) {
        const char *what_zh = im->see_building ? "楼栋" : "项目";
        const char *what_en = im->see_building ? "building" : "project";
        buf_printf(&zh, "该%s的列有错误，见第 %ld 行", what_zh, im->see_line);
        buf_printf(&en, "the %s's columns are wrong: see line %ld", what_en, im->see_line);
    }
    stock_csv_raw(im->sc, &line);
    buf_printf(&line, ",%ld,", im->row.line);
    csv_write_field(&line, zh.data ? zh.data : "", zh.len);
    buf_putc(&line, ',');
    csv_write_field(&line, en.data ? en.data : "", en.len);
    buf_putc(&line, '\n');
    int rc = fwrite(line.data, 1, line.len, out) == line.len ? 0 : -1;
    buf_free(&line);
    buf_free(&zh);
    buf_free(&en);
    return rc;
}

static void sha256_tap(const void *data, size_t len, void *ctx)
{
    EVP_DigestUpdate(ctx, data, len);
}

static int audit_import(struct importer *im, EVP_MD_CTX *md, struct err *e)
{
    unsigned char digest[32];
    unsigned int len = 0;
    char hex[65], id[17], detail[320];
    EVP_DigestFinal_ex(md, digest, &len);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(id, sizeof id, "%.16s", hex);
    const struct stock_import_report *r = im->rep;
    snprintf(detail, sizeof detail,
             "rows=%ld rejected=%ld projects=%ld+%ld buildings=%ld+%ld units=%ld+%ld "
             "unchanged=%ld sha256=%s",
             r->rows, r->rows_bad, r->projects_new, r->projects_updated, r->buildings_new,
             r->buildings_updated, r->units_new, r->units_updated, r->units_unchanged, hex);
    return app_audit(im->a, im->who, "stock.import", "stock_import", id, NULL, hex, detail, e);
}

static void importer_free(struct importer *im)
{
    for (size_t i = 0; i < im->nprojects; i++)
        for (int c = 0; c < PROJECT_COLS; c++)
            free(im->projects[i].cols[c]);
    free(im->projects);
    for (size_t i = 0; i < im->nbuildings; i++)
        free(im->buildings[i].floors_text);
    free(im->buildings);
    strmap_free(&im->project_index);
    strmap_free(&im->building_index);
    strmap_free(&im->unit_lines);
    buf_free(&im->key);
    err_list_free(&im->errs);
    stock_store_close(im->st);
    stock_csv_close(im->sc);
}

int app_stock_import(struct app *a, const struct actor *who, FILE *in,
                     const struct stock_import_options *o, struct stock_import_report *rep,
                     struct err *e)
{
    memset(rep, 0, sizeof *rep);
    if (cli_only(who, e)) return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        return oom(e);
    }
    struct csv_reader *r = csv_reader_new(in, o->encoding);
    if (!r) {
        EVP_MD_CTX_free(md);
        return err_set(e, ERR_INTERNAL, "", "无法创建 CSV 读取器（内存不足或缺少 GB18030 转换）",
                       "cannot create the CSV reader (out of memory or no GB18030 converter)");
    }
    csv_reader_tap(r, sha256_tap, md);
    struct importer im = {.a = a, .who = who, .rep = rep};
    im.sc = stock_csv_open(r, e);
    if (!im.sc) {
        EVP_MD_CTX_free(md);
        return -1;
    }
    if (o->rejects) {
        struct buf hdr = {0};
        for (int i = 0; i < STOCK_CSV_NCOLS; i++)
            buf_printf(&hdr, "%s,", stock_csv_columns[i]);
        buf_puts(&hdr, "error_line,error_zh,error_en\n");
        int bad = fwrite(hdr.data, 1, hdr.len, o->rejects) != hdr.len;
        buf_free(&hdr);
        if (bad) {
            importer_free(&im);
            EVP_MD_CTX_free(md);
            return err_set(e, ERR_IO, "", "无法写入错误行文件", "cannot write the rejects file");
        }
    }
    date_now_utc(im.now);
    int rc = -1, began = 0, more;
    if (db_begin(a->db, DB_WRITE, e)) goto done;
    began = 1;
    if (stock_store_open(a->db, &im.st, e)) goto done;
    while ((more = stock_csv_next(im.sc, &im.row, &im.errs)) == 1) {
        im.see_line = 0;
        if (im.row.parsed) {
            int pagree, bagree;
            long pi = row_project(&im, &pagree, e);
            if (pi < 0) goto done;
            long bi = row_building(&im, &im.projects[pi], &bagree, e);
            if (bi < 0 || row_unit(&im, &im.projects[pi], &im.buildings[bi], pagree && bagree, e))
                goto done;
        }
        int bad = im.errs.total || im.see_line || !im.row.parsed;
        if (bad) {
            rep->rows_bad++;
            for (size_t k = 0; k < im.errs.len; k++)
                err_list_add(&rep->errs, &im.errs.items[k]);
            rep->errs.total += im.errs.total - im.errs.len;
            if (o->rejects && write_reject(&im, o->rejects)) {
                err_set(e, ERR_IO, "", "无法写入错误行文件", "cannot write the rejects file");
                goto done;
            }
        }
        im.errs.len = im.errs.total = 0;
    }
    rep->rows = stock_csv_rows(im.sc);
    if (more < 0) { /* the file cannot be read to its end */
        for (size_t k = 0; k < im.errs.len; k++)
            err_list_add(&rep->errs, &im.errs.items[k]);
        rep->errs.total += im.errs.total - im.errs.len;
    }
    if (rep->errs.total && (!o->rejects || more < 0)) {
        /* all or nothing: one error (or an unreadable file) writes nothing */
        db_rollback(a->db);
        began = 0;
        rc = 0;
        goto done;
    }
    if (audit_import(&im, md, e) || db_commit(a->db, e)) goto done;
    began = 0;
    rep->committed = 1;
    rc = 0;
done:
    if (began) db_rollback(a->db);
    if (!rep->committed) {
        rep->projects_new = rep->projects_updated = rep->buildings_new = 0;
        rep->buildings_updated = rep->units_new = rep->units_updated = rep->units_unchanged = 0;
    }
    importer_free(&im);
    EVP_MD_CTX_free(md);
    return rc;
}

/* --- export ----------------------------------------------------------------- */

struct export_ctx {
    FILE *out;
    struct buf b;
    long count;
};

static int export_one(const struct stock_project *p, const struct stock_building *b,
                      const struct stock_unit *u, void *ctx)
{
    struct export_ctx *x = ctx;
    if (stock_csv_write(&x->b, p, b, u)) return 1;
    x->count++;
    if (x->b.len > 1 << 20) {
        if (fwrite(x->b.data, 1, x->b.len, x->out) != x->b.len) return 1;
        buf_reset(&x->b);
    }
    return 0;
}

int app_stock_export(struct app *a, const struct actor *who, FILE *out, long *units, struct err *e)
{
    if (units) *units = 0;
    if (cli_only(who, e)) return -1;
    struct export_ctx x = {.out = out};
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    stock_csv_write_header(&x.b);
    int r = stock_store_each(a->db, export_one, &x, e);
    if (r > 0 || (r == 0 && x.b.len && fwrite(x.b.data, 1, x.b.len, out) != x.b.len) ||
        (r == 0 && fflush(out)))
        err_set(e, ERR_IO, "", "写出失败", "write failed");
    else if (r == 0)
        rc = 0;
    db_rollback(a->db);
    buf_free(&x.b);
    if (units) *units = x.count;
    return rc;
}
