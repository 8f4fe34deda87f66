#include "io/stock_json.h"

#include "base/money.h"

#include <stdio.h>
#include <string.h>

/* --- rendering ---------------------------------------------------------- */

static void set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, json_string(v));
}

static void set_int(json_t *o, const char *key, int64_t v)
{
    json_object_set_new(o, key, json_integer((json_int_t)v));
}

static const char *code_of(const struct code_name *t, int n, int i)
{
    return i >= 0 && i < n ? t[i].code : "";
}

json_t *stock_project_json_render(const struct stock_project *p)
{
    json_t *o = json_object();
    if (!o) return NULL;
    set_int(o, "id", p->id);
    set_str(o, "code", p->code);
    set_str(o, "name", p->name);
    set_str(o, "programme", code_of(programme_names, PROG_COUNT, (int)p->programme));
    set_str(o, "district_code", p->district_code);
    set_str(o, "region_code", p->region_code);
    set_str(o, "address", p->address);
    if (p->has_coords) {
        char lon[16], lat[16];
        stock_coord_format(p->longitude, lon);
        stock_coord_format(p->latitude, lat);
        set_str(o, "longitude", lon);
        set_str(o, "latitude", lat);
    } else {
        json_object_set_new(o, "longitude", json_null());
        json_object_set_new(o, "latitude", json_null());
    }
    set_str(o, "operator", p->operator_name);
    set_str(o, "status", code_of(project_status_names, PROJECT_STATUS_COUNT, (int)p->status));
    set_int(o, "version", p->version);
    set_str(o, "created_at", p->created_at);
    set_str(o, "updated_at", p->updated_at);
    return o;
}

json_t *stock_counts_json_render(const struct stock_counts *c)
{
    json_t *o = json_object();
    if (!o) return NULL;
    set_int(o, "total", c->total);
    for (int k = 0; k < UNIT_STATUS_COUNT; k++)
        set_int(o, unit_status_names[k].code, c->by_status[k]);
    return o;
}

json_t *stock_building_json_render(const struct stock_building *b, const struct stock_counts *c)
{
    json_t *o = json_object();
    if (!o) return NULL;
    set_int(o, "id", b->id);
    set_str(o, "name", b->name);
    set_int(o, "floors", b->floors);
    set_int(o, "version", b->version);
    if (c) json_object_set_new(o, "unit_counts", stock_counts_json_render(c));
    return o;
}

static void set_money_or_null(json_t *o, const char *key, int64_t fen)
{
    if (!fen) {
        json_object_set_new(o, key, json_null());
        return;
    }
    char s[32];
    money_format(fen, s);
    set_str(o, key, s);
}

json_t *stock_unit_json_render(const struct stock_unit *u)
{
    json_t *o = json_object();
    if (!o) return NULL;
    char area[32];
    area_format(u->area, area);
    set_int(o, "id", u->id);
    set_int(o, "project_id", u->project_id);
    set_int(o, "building_id", u->building_id);
    set_str(o, "building", u->building);
    set_str(o, "unit_no", u->unit_no);
    set_str(o, "layout", code_of(layout_names, LAYOUT_COUNT, (int)u->layout));
    set_str(o, "area", area);
    set_int(o, "floor", u->floor);
    json_object_set_new(o, "accessible", json_boolean(u->accessible));
    set_money_or_null(o, "rent", u->rent);
    set_money_or_null(o, "price", u->price);
    set_str(o, "status", code_of(unit_status_names, UNIT_STATUS_COUNT, (int)u->status));
    set_int(o, "version", u->version);
    set_str(o, "created_at", u->created_at);
    set_str(o, "updated_at", u->updated_at);
    return o;
}

/* --- parsing ------------------------------------------------------------ */

enum jtype { J_STRING, J_INT, J_BOOL, J_STRING_OR_NULL, J_ANY };

struct jfield {
    const char *name;
    enum jtype type;
    int required;
    const json_t *v; /* NULL when absent */
};

static void add(struct err_list *errs, const char *field, enum err_code code, const char *zh,
                const char *en)
{
    struct err e;
    err_set(&e, code, field, "%s%.0s", "%.0s%s", zh, en);
    err_list_add(errs, &e);
}

/* Reads an object with only these keys, each of its type; every problem is
 * listed. */
static int read_fields(const json_t *j, struct jfield *f, size_t n, struct err_list *errs)
{
    size_t before = errs->total;
    if (!json_is_object(j)) {
        add(errs, "", ERR_USAGE, "请求体应为 JSON 对象", "the body must be a JSON object");
        return -1;
    }
    char names[400] = "";
    for (size_t k = 0; k < n; k++) {
        strncat(names, names[0] ? ", " : "", sizeof names - strlen(names) - 1);
        strncat(names, f[k].name, sizeof names - strlen(names) - 1);
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)j, key, v)
    {
        size_t k = 0;
        while (k < n && strcmp(key, f[k].name) != 0)
            k++;
        char field[64];
        snprintf(field, sizeof field, "%.63s", key);
        for (char *p = field; *p; p++)
            if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) *p = '?';
        if (k == n) {
            char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
            snprintf(zh, sizeof zh, "未知字段（可用：%s）", names);
            snprintf(en, sizeof en, "unknown field (known: %s)", names);
            add(errs, field, ERR_INVALID, zh, en);
            continue;
        }
        int ok = 1;
        const char *zh = "", *en = "";
        switch (f[k].type) {
        case J_STRING:
            ok = json_is_string(v), zh = "应为字符串", en = "must be a string";
            break;
        case J_INT:
            ok = json_is_integer(v), zh = "应为整数", en = "must be an integer";
            break;
        case J_BOOL:
            ok = json_is_boolean(v), zh = "应为布尔值", en = "must be a boolean";
            break;
        case J_STRING_OR_NULL:
            ok = json_is_string(v) || json_is_null(v);
            zh = "应为字符串或 null", en = "must be a string or null";
            break;
        case J_ANY:
            break;
        }
        if (!ok) {
            add(errs, field, ERR_INVALID, zh, en);
            continue;
        }
        f[k].v = v;
    }
    for (size_t k = 0; k < n; k++)
        if (f[k].required && !json_object_get(j, f[k].name))
            add(errs, f[k].name, ERR_INVALID, "缺少此字段", "this field is required");
    return errs->total == before ? 0 : -1;
}

static void text(const struct jfield *f, char *dst, size_t cap, struct err_list *errs)
{
    if (!f->v) return;
    const char *s = json_string_value(f->v);
    size_t n = strlen(s);
    if (n >= cap) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "过长：最多 %zu 字节（UTF-8），实际 %zu 字节", cap - 1, n);
        snprintf(en, sizeof en, "too long: at most %zu bytes of UTF-8, got %zu", cap - 1, n);
        add(errs, f->name, ERR_INVALID, zh, en);
        return;
    }
    memcpy(dst, s, n + 1);
}

static int code(const struct jfield *f, const struct code_name *t, int n, int *out,
                struct err_list *errs)
{
    if (!f->v) return 0;
    const char *s = json_string_value(f->v);
    int i = code_lookup(t, n, s);
    if (i >= 0) {
        *out = i;
        return 0;
    }
    char known[400] = "";
    for (int k = 0; k < n; k++) {
        strncat(known, k ? ", " : "", sizeof known - strlen(known) - 1);
        strncat(known, t[k].code, sizeof known - strlen(known) - 1);
    }
    struct err e;
    err_set(&e, ERR_INVALID, f->name, "取值“%.40s”无效，可用：%s",
            "invalid value \"%.40s\"; use one of: %s", s, known);
    err_list_add(errs, &e);
    return -1;
}

/* An amount string, or null (0 = none). */
static void amount(const struct jfield *f, int64_t *v, struct err_list *errs)
{
    if (!f->v) return;
    if (json_is_null(f->v)) {
        *v = 0;
        return;
    }
    struct err e;
    if (money_parse(json_string_value(f->v), v, f->name, &e))
        err_list_add(errs, &e);
    else if (*v == 0)
        add(errs, f->name, ERR_INVALID, "应大于 0；不适用时为 null",
            "must be above 0; null when it does not apply");
}

static void area(const struct jfield *f, int64_t *v, struct err_list *errs)
{
    struct err e;
    if (f->v && area_parse(json_string_value(f->v), v, f->name, &e)) err_list_add(errs, &e);
}

static void integer(const struct jfield *f, int64_t *v)
{
    if (f->v) *v = (int64_t)json_integer_value(f->v);
}

int stock_json_parse_project(const json_t *j, struct stock_project *p, struct err_list *errs)
{
    memset(p, 0, sizeof *p);
    p->status = PROJECT_ACTIVE;
    struct jfield f[] = {
        {"code", J_STRING, 1, NULL},
        {"name", J_STRING, 1, NULL},
        {"programme", J_STRING, 1, NULL},
        {"region_code", J_STRING, 1, NULL},
        {"address", J_STRING, 1, NULL},
        {"longitude", J_STRING_OR_NULL, 0, NULL},
        {"latitude", J_STRING_OR_NULL, 0, NULL},
        {"operator", J_STRING, 1, NULL},
        {"status", J_STRING, 0, NULL},
    };
    size_t before = errs->total;
    if (read_fields(j, f, sizeof f / sizeof f[0], errs) && !json_is_object(j)) return -1;
    text(&f[0], p->code, sizeof p->code, errs);
    text(&f[1], p->name, sizeof p->name, errs);
    int prog = PROG_PUBLIC_RENTAL, status = PROJECT_ACTIVE;
    code(&f[2], programme_names, PROG_COUNT, &prog, errs);
    p->programme = (enum programme)prog;
    text(&f[3], p->region_code, sizeof p->region_code, errs);
    text(&f[4], p->address, sizeof p->address, errs);
    const json_t *lon = f[5].v && !json_is_null(f[5].v) ? f[5].v : NULL;
    const json_t *lat = f[6].v && !json_is_null(f[6].v) ? f[6].v : NULL;
    if (lon && lat) {
        struct err e;
        int ok = 1;
        if (stock_coord_parse(json_string_value(lon), 0, &p->longitude, "longitude", &e))
            err_list_add(errs, &e), ok = 0;
        if (stock_coord_parse(json_string_value(lat), 1, &p->latitude, "latitude", &e))
            err_list_add(errs, &e), ok = 0;
        p->has_coords = ok;
    } else if (lon || lat)
        add(errs, lon ? "latitude" : "longitude", ERR_INVALID, "经度和纬度须同时给出或同时为 null",
            "give both the longitude and the latitude, or neither");
    text(&f[7], p->operator_name, sizeof p->operator_name, errs);
    code(&f[8], project_status_names, PROJECT_STATUS_COUNT, &status, errs);
    p->status = (enum project_status)status;
    return errs->total == before ? 0 : -1;
}

/* The unit fields that both POST and PATCH take, at f[0..7]. */
#define UNIT_FIELDS(req)                                                                           \
    {"unit_no", J_STRING, req, NULL}, {"layout", J_STRING, req, NULL},                             \
        {"area", J_STRING, req, NULL}, {"floor", J_INT, req, NULL},                                \
        {"accessible", J_BOOL, 0, NULL}, {"rent", J_STRING_OR_NULL, 0, NULL},                      \
        {"price", J_STRING_OR_NULL, 0, NULL},                                                      \
    {                                                                                              \
        "status", J_STRING, 0, NULL                                                                \
    }

static void unit_fields(const struct jfield *f, struct stock_unit *u, struct err_list *errs)
{
    text(&f[0], u->unit_no, sizeof u->unit_no, errs);
    int layout = (int)u->layout, status = (int)u->status;
    code(&f[1], layout_names, LAYOUT_COUNT, &layout, errs);
    u->layout = (enum unit_layout)layout;
    area(&f[2], &u->area, errs);
    integer(&f[3], &u->floor);
    if (f[4].v) u->accessible = json_is_true(f[4].v);
    amount(&f[5], &u->rent, errs);
    amount(&f[6], &u->price, errs);
    code(&f[7], unit_status_names, UNIT_STATUS_COUNT, &status, errs);
    u->status = (enum unit_status)status;
}

int stock_json_parse_unit(const json_t *j, struct stock_unit *u, int64_t *floors,
                          struct err_list *errs)
{
    memset(u, 0, sizeof *u);
    *floors = 0;
    u->status = UNIT_VACANT;
    struct jfield f[] = {
        UNIT_FIELDS(1), {"building", J_STRING, 1, NULL}, {"floors", J_INT, 0, NULL}};
    size_t before = errs->total;
    if (read_fields(j, f, sizeof f / sizeof f[0], errs) && !json_is_object(j)) return -1;
    unit_fields(f, u, errs);
    text(&f[8], u->building, sizeof u->building, errs);
    integer(&f[9], floors);
    if (f[9].v && *floors < 1) {
        /* 0 means "absent" to the caller: refuse it here */
        add(errs, "floors", ERR_INVALID, "楼层数应为 1 至 200",
            "the number of floors must be 1 to 200");
        *floors = 0;
    }
    return errs->total == before ? 0 : -1;
}

int stock_json_patch_unit(const json_t *j, struct stock_unit *u, struct err_list *errs)
{
    struct jfield f[] = {UNIT_FIELDS(0), {"version", J_ANY, 0, NULL}};
    size_t before = errs->total;
    if (read_fields(j, f, sizeof f / sizeof f[0], errs) && !json_is_object(j)) return -1;
    unit_fields(f, u, errs);
    return errs->total == before ? 0 : -1;
}
