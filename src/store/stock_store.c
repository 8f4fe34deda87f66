/* store/stock_store — projects, buildings and units (see stock_store.h). */
#include "store/stock_store.h"
#include "store/scope.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum stmt_id {
    S_PROJECT_INSERT,
    S_PROJECT_UPDATE,
    S_PROJECT_GET,
    S_PROJECT_FIND,
    S_PROJECT_COUNTS,
    S_PROJECT_BUILDINGS,
    S_BUILDING_INSERT,
    S_BUILDING_UPDATE,
    S_BUILDING_FIND,
    S_BUILDING_LIST,
    S_BUILDING_COUNTS,
    S_BUILDING_TOP,
    S_UNIT_INSERT,
    S_UNIT_UPDATE,
    S_UNIT_GET,
    S_UNIT_FIND,
    S_COUNT
};

struct stock_store {
    struct db *db;
    struct db_stmt *stmt[S_COUNT];
};

#define PROJECT_COLS                                                                               \
    "p.id, p.code, p.name, p.programme, p.district_code, p.region_code, p.address,"                \
    " p.longitude, p.latitude, p.operator, p.status, p.version, p.created_at, p.updated_at"
#define BUILDING_COLS "b.id, b.project_id, b.name, b.floors, b.version, b.created_at, b.updated_at"
#define UNIT_COLS                                                                                  \
    "u.id, u.building_id, b.project_id, b.name, u.unit_no, u.layout, u.area, u.floor,"             \
    " u.accessible, u.rent, u.price, u.status, u.version, u.created_at, u.updated_at"
#define UNIT_FROM " FROM unit u JOIN building b ON b.id = u.building_id"
/* the one order of units everywhere: lists, show, export */
#define UNIT_ORDER "b.name, u.floor, u.unit_no"

static const char *const sql[S_COUNT] = {
    [S_PROJECT_INSERT] =
        "INSERT INTO project (code, name, programme, district_code, region_code, address,"
        " longitude, latitude, operator, status, version, created_at, updated_at) VALUES"
        " ($code, $name, $programme, $district_code, $region_code, $address, $longitude,"
        " $latitude, $operator, $status, 1, $created_at, $updated_at) RETURNING id",
    [S_PROJECT_UPDATE] =
        "UPDATE project SET code = $code, name = $name, programme = $programme,"
        " district_code = $district_code, region_code = $region_code, address = $address,"
        " longitude = $longitude, latitude = $latitude, operator = $operator, status = $status,"
        " version = version + 1, updated_at = $updated_at WHERE id = $id AND version = $version",
    [S_PROJECT_GET] = "SELECT " PROJECT_COLS " FROM project p WHERE p.id = $id",
    [S_PROJECT_FIND] = "SELECT " PROJECT_COLS " FROM project p WHERE p.code = $code",
    [S_PROJECT_COUNTS] =
        "SELECT u.status, count(*)" UNIT_FROM " WHERE b.project_id = $project_id GROUP BY u.status",
    [S_PROJECT_BUILDINGS] = "SELECT count(*) FROM building WHERE project_id = $project_id",
    [S_BUILDING_INSERT] = "INSERT INTO building (project_id, name, floors, version, created_at,"
                          " updated_at) VALUES ($project_id, $name, $floors, 1, $created_at,"
                          " $updated_at) RETURNING id",
    [S_BUILDING_UPDATE] = "UPDATE building SET name = $name, floors = $floors,"
                          " version = version + 1, updated_at = $updated_at"
                          " WHERE id = $id AND version = $version",
    [S_BUILDING_FIND] = "SELECT " BUILDING_COLS
                        " FROM building b WHERE b.project_id = $project_id AND b.name = $name",
    [S_BUILDING_LIST] =
        "SELECT " BUILDING_COLS " FROM building b WHERE b.project_id = $project_id ORDER BY b.name",
    [S_BUILDING_COUNTS] = "SELECT u.building_id, u.status, count(*)" UNIT_FROM
                          " WHERE b.project_id = $project_id GROUP BY u.building_id, u.status",
    [S_BUILDING_TOP] = "SELECT coalesce(max(floor), 0) FROM unit WHERE building_id = $building_id",
    [S_UNIT_INSERT] = "INSERT INTO unit (building_id, unit_no, layout, area, floor, accessible,"
                      " rent, price, status, version, created_at, updated_at) VALUES"
                      " ($building_id, $unit_no, $layout, $area, $floor, $accessible, $rent,"
                      " $price, $status, 1, $created_at, $updated_at) RETURNING id",
    [S_UNIT_UPDATE] = "UPDATE unit SET unit_no = $unit_no, layout = $layout, area = $area,"
                      " floor = $floor, accessible = $accessible, rent = $rent, price = $price,"
                      " status = $status, version = version + 1, updated_at = $updated_at"
                      " WHERE id = $id AND version = $version",
    [S_UNIT_GET] = "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id = $id",
    [S_UNIT_FIND] = "SELECT " UNIT_COLS UNIT_FROM
                    " WHERE u.building_id = $building_id AND u.unit_no = $unit_no",
};

int stock_store_open(struct db *db, struct stock_store **out, struct err *e)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    (*out)->db = db;
    return 0;
}

void stock_store_close(struct stock_store *st)
{
    if (!st) return;
    for (int i = 0; i < S_COUNT; i++)
        db_finalize(st->stmt[i]);
    free(st);
}

/* The statement k, prepared once and reset (bindings cleared) for reuse. */
static struct db_stmt *prep(struct stock_store *st, enum stmt_id k, struct err *e)
{
    if (st->stmt[k]) {
        db_reset(st->stmt[k]);
        return st->stmt[k];
    }
    if (db_prepare(st->db, sql[k], &st->stmt[k], e)) return NULL;
    return st->stmt[k];
}

static int corrupt(struct err *e, const char *what, const char *value)
{
    return err_set(e, ERR_DB, "", "数据库中的%s“%.40s”无法识别",
                   "unrecognised %s \"%.40s\" in the database", what, value);
}

static int code_col(struct db_stmt *s, int col, const struct code_name *t, int n, int *out,
                    const char *what, struct err *e)
{
    const char *v = db_col_text(s, col);
    int i = code_lookup(t, n, v);
    if (i < 0) return corrupt(e, what, v);
    *out = i;
    return 0;
}

static int read_project(struct db_stmt *s, int c, struct stock_project *p, struct err *e)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(s, c + 0);
    str_copy(p->code, sizeof p->code, db_col_text(s, c + 1));
    str_copy(p->name, sizeof p->name, db_col_text(s, c + 2));
    int prog = 0, status = 0;
    if (code_col(s, c + 3, programme_names, PROG_COUNT, &prog, "programme", e)) return -1;
    p->programme = (enum programme)prog;
    str_copy(p->district_code, sizeof p->district_code, db_col_text(s, c + 4));
    str_copy(p->region_code, sizeof p->region_code, db_col_text(s, c + 5));
    str_copy(p->address, sizeof p->address, db_col_text(s, c + 6));
    p->has_coords = !db_col_is_null(s, c + 7);
    p->longitude = db_col_int(s, c + 7);
    p->latitude = db_col_int(s, c + 8);
    str_copy(p->operator_name, sizeof p->operator_name, db_col_text(s, c + 9));
    if (code_col(s, c + 10, project_status_names, PROJECT_STATUS_COUNT, &status, "status", e))
        return -1;
    p->status = (enum project_status)status;
    p->version = db_col_int(s, c + 11);
    str_copy(p->created_at, sizeof p->created_at, db_col_text(s, c + 12));
    str_copy(p->updated_at, sizeof p->updated_at, db_col_text(s, c + 13));
    return 0;
}

static void read_building(struct db_stmt *s, int c, struct stock_building *b)
{
    memset(b, 0, sizeof *b);
    b->id = db_col_int(s, c + 0);
    b->project_id = db_col_int(s, c + 1);
    str_copy(b->name, sizeof b->name, db_col_text(s, c + 2));
    b->floors = db_col_int(s, c + 3);
    b->version = db_col_int(s, c + 4);
    str_copy(b->created_at, sizeof b->created_at, db_col_text(s, c + 5));
    str_copy(b->updated_at, sizeof b->updated_at, db_col_text(s, c + 6));
}

static int read_unit(struct db_stmt *s, int c, struct stock_unit *u, struct err *e)
{
    memset(u, 0, sizeof *u);
    u->id = db_col_int(s, c + 0);
    u->building_id = db_col_int(s, c + 1);
    u->project_id = db_col_int(s, c + 2);
    str_copy(u->building, sizeof u->building, db_col_text(s, c + 3));
    str_copy(u->unit_no, sizeof u->unit_no, db_col_text(s, c + 4));
    int layout = 0, status = 0;
    if (code_col(s, c + 5, layout_names, LAYOUT_COUNT, &layout, "layout", e)) return -1;
    u->layout = (enum unit_layout)layout;
    u->area = db_col_int(s, c + 6);
    u->floor = db_col_int(s, c + 7);
    u->accessible = (int)db_col_int(s, c + 8);
    u->rent = db_col_is_null(s, c + 9) ? 0 : db_col_int(s, c + 9);
    u->price = db_col_is_null(s, c + 10) ? 0 : db_col_int(s, c + 10);
    if (code_col(s, c + 11, unit_status_names, UNIT_STATUS_COUNT, &status, "status", e)) return -1;
    u->status = (enum unit_status)status;
    u->version = db_col_int(s, c + 12);
    str_copy(u->created_at, sizeof u->created_at, db_col_text(s, c + 13));
    str_copy(u->updated_at, sizeof u->updated_at, db_col_text(s, c + 14));
    return 0;
}

/* A statement that changed no row: the record is gone or its version moved. */
static int stale(struct err *e, const char *what_zh, const char *what_en, int64_t id,
                 int64_t expected)
{
    return err_set(e, ERR_CONFLICT, "version",
                   "%s%.0s %lld 已被他人修改（请求基于第 %lld 版），请刷新后重试",
                   "%.0s%s %lld was changed by someone else (the request is based on version "
                   "%lld): reload and try again",
                   what_zh, what_en, (long long)id, (long long)expected);
}

/* --- projects ------------------------------------------------------------ */

static int bind_project(struct db_stmt *s, const struct stock_project *p, struct err *e)
{
    if (db_bind_text(s, "$code", p->code, e) || db_bind_text(s, "$name", p->name, e) ||
        db_bind_text(s, "$programme", programme_names[p->programme].code, e) ||
        db_bind_text(s, "$district_code", p->district_code, e) ||
        db_bind_text(s, "$region_code", p->region_code, e) ||
        db_bind_text(s, "$address", p->address, e) ||
        db_bind_text(s, "$operator", p->operator_name, e) ||
        db_bind_text(s, "$status", project_status_names[p->status].code, e) ||
        db_bind_text(s, "$updated_at", p->updated_at, e))
        return -1;
    if (p->has_coords)
        return db_bind_int(s, "$longitude", p->longitude, e) ||
                       db_bind_int(s, "$latitude", p->latitude, e)
                   ? -1
                   : 0;
    return db_bind_null(s, "$longitude", e) || db_bind_null(s, "$latitude", e) ? -1 : 0;
}

int stock_store_project_insert(struct stock_store *st, struct stock_project *p, struct err *e)
{
    struct db_stmt *s = prep(st, S_PROJECT_INSERT, e);
    if (!s || bind_project(s, p, e) || db_bind_text(s, "$created_at", p->created_at, e)) return -1;
    int rc = db_step(s, e);
    if (rc != 1) {
        db_reset(s);
        if (e->code == ERR_CONFLICT)
            err_set(e, ERR_CONFLICT, "code", "项目编号 %s 已存在", "project code %s is taken",
                    p->code);
        return -1;
    }
    p->id = db_col_int(s, 0);
    p->version = 1;
    db_reset(s);
    return 0;
}

int stock_store_project_update(struct stock_store *st, struct stock_project *p,
                               int64_t expected_version, struct err *e)
{
    struct db_stmt *s = prep(st, S_PROJECT_UPDATE, e);
    if (!s || bind_project(s, p, e) || db_bind_int(s, "$id", p->id, e) ||
        db_bind_int(s, "$version", expected_version, e))
        return -1;
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0) {
        if (e->code == ERR_CONFLICT)
            err_set(e, ERR_CONFLICT, "code", "项目编号 %s 已存在", "project code %s is taken",
                    p->code);
        return -1;
    }
    if (db_changes(st->db) != 1) return stale(e, "项目", "project", p->id, expected_version);
    p->version = expected_version + 1;
    return 0;
}

static int project_one(struct stock_store *st, struct db_stmt *s, struct stock_project *p,
                       struct err *e)
{
    int rc = db_step(s, e);
    if (rc == 1 && p && read_project(s, 0, p, e)) rc = -1;
    db_reset(s);
    (void)st;
    return rc;
}

int stock_store_project_get(struct stock_store *st, int64_t id, struct stock_project *p,
                            struct err *e)
{
    struct db_stmt *s = prep(st, S_PROJECT_GET, e);
    if (!s || db_bind_int(s, "$id", id, e)) return -1;
    int rc = project_one(st, s, p, e);
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "项目 %lld 不存在", "project %lld does not exist",
                       (long long)id);
    return rc == 1 ? 0 : -1;
}

int stock_store_project_find(struct stock_store *st, const char *code, struct stock_project *p,
                             struct err *e)
{
    struct db_stmt *s = prep(st, S_PROJECT_FIND, e);
    if (!s || db_bind_text(s, "$code", code, e)) return -1;
    return project_one(st, s, p, e);
}

/* Adds a counts row (status text, count) to c. */
static int add_count(struct db_stmt *s, int col, struct stock_counts *c, struct err *e)
{
    int status = 0;
    if (code_col(s, col, unit_status_names, UNIT_STATUS_COUNT, &status, "status", e)) return -1;
    int64_t n = db_col_int(s, col + 1);
    c->by_status[status] += n;
    c->total += n;
    return 0;
}

int stock_store_project_counts(struct stock_store *st, int64_t project_id, struct stock_counts *c,
                               struct err *e)
{
    memset(c, 0, sizeof *c);
    struct db_stmt *s = prep(st, S_PROJECT_COUNTS, e);
    if (!s || db_bind_int(s, "$project_id", project_id, e)) return -1;
    int r;
    while ((r = db_step(s, e)) == 1)
        if (add_count(s, 0, c, e)) {
            r = -1;
            break;
        }
    db_reset(s);
    return r < 0 ? -1 : 0;
}

static int building_count(struct stock_store *st, int64_t project_id, int64_t *n, struct err *e)
{
    struct db_stmt *s = prep(st, S_PROJECT_BUILDINGS, e);
    if (!s || db_bind_int(s, "$project_id", project_id, e)) return -1;
    int r = db_step(s, e);
    if (r == 1) *n = db_col_int(s, 0);
    db_reset(s);
    return r == 1 ? 0 : -1;
}

int stock_store_project_list(struct stock_store *st, const struct stock_project_filter *f,
                             struct stock_project_summary **out, size_t *n, int64_t *total,
                             struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char where[768] = " WHERE 1 = 1";
    struct store_scope sc = {
        .district = f->scope_district, .region = f->scope_region, .prefix = f->scope_prefix};
    store_scope_where(&sc, "p", where, sizeof where);
    if (f->district_code && *f->district_code) strcat(where, " AND p.district_code = $district");
    if (f->programme >= 0) strcat(where, " AND p.programme = $programme");
    if (f->status >= 0) strcat(where, " AND p.status = $status");
    /* q: a code that starts with it (the unique index's range) or a name that
     * contains it (LIKE with the wildcards in q escaped; a few hundred
     * projects a city, so a scan of the names is cheap) */
    int has_q = f->q && *f->q;
    char q_end[STOCK_Q_MAX + 8] = "", q_like[2 * STOCK_Q_MAX + 3] = "";
    if (has_q) {
        strcat(where, " AND ((p.code >= $q AND p.code < $q_end)"
                      " OR p.name LIKE $q_like ESCAPE '\\')");
        snprintf(q_end, sizeof q_end, "%.*s\xf4\x8f\xbf\xbf", STOCK_Q_MAX, f->q);
        size_t k = 0;
        q_like[k++] = '%';
        for (const char *c = f->q; *c && k < sizeof q_like - 3; c++) {
            if (*c == '%' || *c == '_' || *c == '\\') q_like[k++] = '\\';
            q_like[k++] = *c;
        }
        q_like[k++] = '%';
        q_like[k] = 0;
    }
    struct db_stmt *s = NULL;
    struct stock_project_summary *list = NULL;
    size_t len = 0;
    int rc = -1;
    char text[1536];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(text, sizeof text, "SELECT count(*) FROM project p%s", where);
        else
            snprintf(text, sizeof text,
                     "SELECT " PROJECT_COLS
                     " FROM project p%s ORDER BY p.code LIMIT $limit OFFSET $offset",
                     where);
        if (db_prepare(st->db, text, &s, e)) goto done;
        if (store_scope_bind(s, &sc, e) ||
            (f->district_code && *f->district_code &&
             db_bind_text(s, "$district", f->district_code, e)) ||
            (f->programme >= 0 &&
             db_bind_text(s, "$programme", programme_names[f->programme].code, e)) ||
            (f->status >= 0 &&
             db_bind_text(s, "$status", project_status_names[f->status].code, e)) ||
            (has_q && (db_bind_text(s, "$q", f->q, e) || db_bind_text(s, "$q_end", q_end, e) ||
                       db_bind_text(s, "$q_like", q_like, e))))
            goto done;
        int paged = db_page_pass(&s, pass, f->page_size, (f->page - 1) * f->page_size, total, e);
        if (paged < 0) goto done;
        if (paged) continue;
        list = calloc((size_t)f->page_size + 1, sizeof *list);
        if (!list) {
            err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            goto done;
        }
        int r;
        while ((r = db_step(s, e)) == 1)
            if (read_project(s, 0, &list[len++].p, e)) goto done;
        if (r < 0) goto done;
    }
    db_finalize(s);
    s = NULL;
    for (size_t i = 0; i < len; i++)
        if (stock_store_project_counts(st, list[i].p.id, &list[i].counts, e) ||
            building_count(st, list[i].p.id, &list[i].buildings, e))
            goto done;
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    free(list);
    db_finalize(s);
    return rc;
}

/* --- buildings ----------------------------------------------------------- */

int stock_store_building_insert(struct stock_store *st, struct stock_building *b, struct err *e)
{
    struct db_stmt *s = prep(st, S_BUILDING_INSERT, e);
    if (!s || db_bind_int(s, "$project_id", b->project_id, e) ||
        db_bind_text(s, "$name", b->name, e) || db_bind_int(s, "$floors", b->floors, e) ||
        db_bind_text(s, "$created_at", b->created_at, e) ||
        db_bind_text(s, "$updated_at", b->updated_at, e))
        return -1;
    int rc = db_step(s, e);
    if (rc != 1) {
        db_reset(s);
        if (e->code == ERR_CONFLICT)
            err_set(e, ERR_CONFLICT, "building", "该项目已有楼栋“%s”%.0s",
                    "%.0sthe project has a building of that name already", b->name, "");
        return -1;
    }
    b->id = db_col_int(s, 0);
    b->version = 1;
    db_reset(s);
    return 0;
}

int stock_store_building_update(struct stock_store *st, struct stock_building *b,
                                int64_t expected_version, struct err *e)
{
    struct db_stmt *s = prep(st, S_BUILDING_UPDATE, e);
    if (!s || db_bind_text(s, "$name", b->name, e) || db_bind_int(s, "$floors", b->floors, e) ||
        db_bind_text(s, "$updated_at", b->updated_at, e) || db_bind_int(s, "$id", b->id, e) ||
        db_bind_int(s, "$version", expected_version, e))
        return -1;
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0) return -1;
    if (db_changes(st->db) != 1) return stale(e, "楼栋", "building", b->id, expected_version);
    b->version = expected_version + 1;
    return 0;
}

int stock_store_building_find(struct stock_store *st, int64_t project_id, const char *name,
                              struct stock_building *b, struct err *e)
{
    struct db_stmt *s = prep(st, S_BUILDING_FIND, e);
    if (!s || db_bind_int(s, "$project_id", project_id, e) || db_bind_text(s, "$name", name, e))
        return -1;
    int rc = db_step(s, e);
    if (rc == 1 && b) read_building(s, 0, b);
    db_reset(s);
    return rc;
}

int stock_store_building_list(struct stock_store *st, int64_t project_id,
                              struct stock_building_summary **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct stock_building_summary *list = NULL;
    size_t len = 0, alloc = 0;
    struct db_stmt *s = prep(st, S_BUILDING_LIST, e);
    if (!s || db_bind_int(s, "$project_id", project_id, e)) return -1;
    int r;
    while ((r = db_step(s, e)) == 1) {
        if (len == alloc) {
            alloc = alloc ? alloc * 2 : 8;
            struct stock_building_summary *grown = realloc(list, alloc * sizeof *list);
            if (!grown) {
                r = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                break;
            }
            list = grown;
        }
        memset(&list[len], 0, sizeof list[len]);
        read_building(s, 0, &list[len++].b);
    }
    db_reset(s);
    if (r < 0) goto fail;
    s = prep(st, S_BUILDING_COUNTS, e);
    if (!s || db_bind_int(s, "$project_id", project_id, e)) goto fail;
    while ((r = db_step(s, e)) == 1) {
        int64_t bid = db_col_int(s, 0);
        for (size_t i = 0; i < len; i++)
            if (list[i].b.id == bid && add_count(s, 1, &list[i].counts, e)) r = -1;
        if (r < 0) break;
    }
    db_reset(s);
    if (r < 0) goto fail;
    *out = list;
    *n = len;
    return 0;
fail:
    free(list);
    return -1;
}

int stock_store_building_top_floor(struct stock_store *st, int64_t building_id, int64_t *top,
                                   struct err *e)
{
    struct db_stmt *s = prep(st, S_BUILDING_TOP, e);
    if (!s || db_bind_int(s, "$building_id", building_id, e)) return -1;
    int r = db_step(s, e);
    if (r == 1) *top = db_col_int(s, 0);
    db_reset(s);
    return r == 1 ? 0 : -1;
}

/* --- units --------------------------------------------------------------- */

static int bind_unit(struct db_stmt *s, const struct stock_unit *u, struct err *e)
{
    return (db_bind_text(s, "$unit_no", u->unit_no, e) ||
            db_bind_text(s, "$layout", layout_names[u->layout].code, e) ||
            db_bind_int(s, "$area", u->area, e) || db_bind_int(s, "$floor", u->floor, e) ||
            db_bind_int(s, "$accessible", u->accessible, e) ||
            (u->rent ? db_bind_int(s, "$rent", u->rent, e) : db_bind_null(s, "$rent", e)) ||
            (u->price ? db_bind_int(s, "$price", u->price, e) : db_bind_null(s, "$price", e)) ||
            db_bind_text(s, "$status", unit_status_names[u->status].code, e) ||
            db_bind_text(s, "$updated_at", u->updated_at, e))
               ? -1
               : 0;
}

static void unit_taken(struct err *e, const struct stock_unit *u)
{
    err_set(e, ERR_CONFLICT, "unit_no", "楼栋“%s”已有单元 %s%.0s",
            "%.0sthe building has a unit %s already", u->building, u->unit_no);
}

int stock_store_unit_insert(struct stock_store *st, struct stock_unit *u, struct err *e)
{
    struct db_stmt *s = prep(st, S_UNIT_INSERT, e);
    if (!s || bind_unit(s, u, e) || db_bind_int(s, "$building_id", u->building_id, e) ||
        db_bind_text(s, "$created_at", u->created_at, e))
        return -1;
    int rc = db_step(s, e);
    if (rc != 1) {
        db_reset(s);
        if (e->code == ERR_CONFLICT) unit_taken(e, u);
        return -1;
    }
    u->id = db_col_int(s, 0);
    u->version = 1;
    db_reset(s);
    return 0;
}

int stock_store_unit_update(struct stock_store *st, struct stock_unit *u, int64_t expected_version,
                            struct err *e)
{
    struct db_stmt *s = prep(st, S_UNIT_UPDATE, e);
    if (!s || bind_unit(s, u, e) || db_bind_int(s, "$id", u->id, e) ||
        db_bind_int(s, "$version", expected_version, e))
        return -1;
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0) {
        if (e->code == ERR_CONFLICT) unit_taken(e, u);
        return -1;
    }
    if (db_changes(st->db) != 1) return stale(e, "单元", "unit", u->id, expected_version);
    u->version = expected_version + 1;
    return 0;
}

int stock_store_unit_get(struct stock_store *st, int64_t id, struct stock_unit *u, struct err *e)
{
    struct db_stmt *s = prep(st, S_UNIT_GET, e);
    if (!s || db_bind_int(s, "$id", id, e)) return -1;
    int rc = db_step(s, e);
    if (rc == 1 && read_unit(s, 0, u, e)) rc = -1;
    db_reset(s);
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "单元 %lld 不存在", "unit %lld does not exist",
                       (long long)id);
    return rc == 1 ? 0 : -1;
}

int stock_store_unit_find(struct stock_store *st, int64_t building_id, const char *unit_no,
                          struct stock_unit *u, struct err *e)
{
    struct db_stmt *s = prep(st, S_UNIT_FIND, e);
    if (!s || db_bind_int(s, "$building_id", building_id, e) ||
        db_bind_text(s, "$unit_no", unit_no, e))
        return -1;
    int rc = db_step(s, e);
    if (rc == 1 && u && read_unit(s, 0, u, e)) rc = -1;
    db_reset(s);
    return rc;
}

int stock_store_unit_list(struct stock_store *st, const struct stock_unit_filter *f,
                          struct stock_unit **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char where[256] = " WHERE b.project_id = $project_id";
    if (f->layout >= 0) strcat(where, " AND u.layout = $layout");
    if (f->status >= 0) strcat(where, " AND u.status = $status");
    if (f->accessible >= 0) strcat(where, " AND u.accessible = $accessible");
    struct db_stmt *s = NULL;
    struct stock_unit *list = NULL;
    size_t len = 0;
    int rc = -1;
    char text[1024];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(text, sizeof text, "SELECT count(*)" UNIT_FROM "%s", where);
        else
            snprintf(text, sizeof text,
                     "SELECT " UNIT_COLS UNIT_FROM "%s ORDER BY " UNIT_ORDER
                     " LIMIT $limit OFFSET $offset",
                     where);
        if (db_prepare(st->db, text, &s, e)) goto done;
        if (db_bind_int(s, "$project_id", f->project_id, e) ||
            (f->layout >= 0 && db_bind_text(s, "$layout", layout_names[f->layout].code, e)) ||
            (f->status >= 0 && db_bind_text(s, "$status", unit_status_names[f->status].code, e)) ||
            (f->accessible >= 0 && db_bind_int(s, "$accessible", f->accessible, e)))
            goto done;
        int paged = db_page_pass(&s, pass, f->page_size, (f->page - 1) * f->page_size, total, e);
        if (paged < 0) goto done;
        if (paged) continue;
        list = calloc((size_t)f->page_size + 1, sizeof *list);
        if (!list) {
            err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            goto done;
        }
        int r;
        while ((r = db_step(s, e)) == 1)
            if (read_unit(s, 0, &list[len++], e)) goto done;
        if (r < 0) goto done;
    }
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    free(list);
    db_finalize(s);
    return rc;
}

int stock_store_each(struct db *db, stock_each_fn fn, void *ctx, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT " PROJECT_COLS ", " BUILDING_COLS ", " UNIT_COLS
                   " FROM project p JOIN building b ON b.project_id = p.id"
                   " JOIN unit u ON u.building_id = b.id ORDER BY p.code, " UNIT_ORDER,
                   &s, e))
        return -1;
    struct stock_project p;
    struct stock_building b;
    struct stock_unit u;
    int r, rc = 0;
    while ((r = db_step(s, e)) == 1) {
        if (read_project(s, 0, &p, e)) {
            rc = -1;
            break;
        }
        read_building(s, 14, &b);
        if (read_unit(s, 21, &u, e)) {
            rc = -1;
            break;
        }
        if ((rc = fn(&p, &b, &u, ctx)) != 0) break;
    }
    if (r < 0) rc = -1;
    db_finalize(s);
    return rc;
}
