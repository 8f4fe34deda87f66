/* io/allocation_json — `anju allocate` input and output (see allocation_json.h).
 *
 * Reading order: allocation_json_parse at the bottom reads the root, then
 * the units (ids, capacities), the applicants (ids), and only then the
 * lists that name them — preferences, current units, priority lists, the
 * order — so that every reference can be checked, and every problem is
 * reported with its JSON path.
 */
#include "io/allocation_json.h"

#include "io/json_errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds an ERR_INVALID error at path; both formats take the same arguments. */
#define FAIL(errs, path, ...)                                                                      \
    do {                                                                                           \
        struct err fail_e_ = {0};                                                                  \
        err_set(&fail_e_, ERR_INVALID, (path), __VA_ARGS__);                                       \
        err_list_add((errs), &fail_e_);                                                            \
    } while (0)

/* s cut to at most 60 bytes at a character boundary, for messages. */
static const char *clip(const char *s, char out[64])
{
    size_t n = strlen(s);
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

static const char *const root_keys[] = {"mode", "order", "applicants", "units", NULL};
static const char *const applicant_keys[] = {"id", "preferences", "current_unit", NULL};
static const char *const unit_keys[] = {"id", "capacity", "priority", NULL};

static void check_keys(const json_t *obj, const char *path, const char *const *allowed,
                       struct err_list *errs)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int known = 0;
        for (const char *const *k = allowed; *k; k++)
            known |= strcmp(key, *k) == 0;
        if (known) continue;
        char at[ERR_FIELD_MAX], list[120] = "", c[64];
        for (const char *const *k = allowed; *k; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     k == allowed ? "" : ", ", *k);
        snprintf(at, sizeof at, "%s%s%s", path, *path ? "." : "", clip(key, c));
        FAIL(errs, at, "未知的键“%s”，此处可用：%s", "unknown key \"%s\"; allowed here: %s",
             clip(key, c), list);
    }
}

/* The state of one parse. Maps go from an id to its index (a jansson
 * object used as a hash table); seen[] find repeats within one list. */
struct parse {
    struct err_list *errs;
    struct allocation_input *out;
    const json_t *applicants, *units;
    int32_t n, m;
    json_t *applicant_index, *unit_index;
    int32_t *seen_list, *seen_at; /* per unit or applicant: which list saw it, where */
    int32_t *tenant_of;           /* per unit: the applicant whose current unit it is */
};

/* An id: a non-empty string of at most ALLOCATION_ID_MAX bytes, unique
 * within its kind. Returns a copy (also of a bad one, "" then) or NULL when
 * out of memory. */
static char *read_id(struct parse *p, const json_t *obj, const char *path, const char *what_zh,
                     const char *what_en, const char *array, json_t *index, int32_t i)
{
    char at[ERR_FIELD_MAX], c[64];
    snprintf(at, sizeof at, "%s.id", path);
    const json_t *v = json_object_get(obj, "id");
    if (!v) {
        FAIL(p->errs, at, "缺少必填项", "is required");
        return strdup("");
    }
    if (!json_is_string(v)) {
        json_errors_wrong_type(p->errs, at, v, "字符串", "a string");
        return strdup("");
    }
    const char *id = json_string_value(v);
    size_t len = json_string_length(v);
    if (len == 0 || len > ALLOCATION_ID_MAX || strlen(id) != len) {
        FAIL(p->errs, at, "编号不能为空，不超过 %d 字节，且不含 NUL 字符",
             "an id must be non-empty, at most %d bytes, without NUL characters",
             (int)ALLOCATION_ID_MAX);
        return strdup("");
    }
    const json_t *before = json_object_get(index, id);
    if (before) {
        FAIL(p->errs, at, "%s%.0s编号“%s”重复（首次出现于 %s[%lld]）",
             "%.0s%s id \"%s\" is used twice (first at %s[%lld])", what_zh, what_en, clip(id, c),
             array, (long long)json_integer_value(before));
        return strdup(id);
    }
    json_object_set_new(index, id, json_integer(i));
    return strdup(id);
}

/* The index of the id in value v at path, or ALLOC_NONE (reported). */
static int32_t lookup(struct parse *p, const json_t *v, const char *at, json_t *index,
                      const char *what_zh, const char *what_en)
{
    char c[64];
    if (!json_is_string(v)) {
        json_errors_wrong_type(p->errs, at, v, "字符串（编号）", "a string (an id)");
        return ALLOC_NONE;
    }
    const json_t *i = json_object_get(index, json_string_value(v));
    if (!i) {
        FAIL(p->errs, at, "未知的%s%.0s“%s”", "%.0sunknown %s \"%s\"", what_zh, what_en,
             clip(json_string_value(v), c));
        return ALLOC_NONE;
    }
    return (int32_t)json_integer_value(i);
}

/* A list of ids at path (array `a`): each must name a known one (index) and
 * appear once. The indexes go to dst; the count is returned. list_no tells
 * this list from the others in seen_list (seen_* have a slot per id). */
static uint32_t read_id_list(struct parse *p, const json_t *a, const char *path, json_t *index,
                             const char *what_zh, const char *what_en, int32_t list_no,
                             int32_t *dst)
{
    uint32_t count = 0;
    size_t k;
    const json_t *v;
    json_array_foreach(a, k, v)
    {
        char at[ERR_FIELD_MAX], c[64];
        snprintf(at, sizeof at, "%s[%zu]", path, k);
        int32_t x = lookup(p, v, at, index, what_zh, what_en);
        if (x == ALLOC_NONE) continue;
        if (p->seen_list[x] == list_no) {
            FAIL(p->errs, at, "%s%.0s“%s”重复（已见于 %s[%ld]）",
                 "%.0s%s \"%s\" is listed twice (first at %s[%ld])", what_zh, what_en,
                 clip(json_string_value(v), c), strrchr(path, '.') ? strrchr(path, '.') + 1 : path,
                 (long)p->seen_at[x]);
            continue;
        }
        p->seen_list[x] = list_no;
        p->seen_at[x] = (int32_t)k;
        dst[count++] = x;
    }
    return count;
}

static const json_t *root_member(struct parse *p, const json_t *root, const char *key, int array)
{
    const json_t *v = json_object_get(root, key);
    if (!v) {
        FAIL(p->errs, key, "缺少必填项", "is required");
        return NULL;
    }
    if (array && !json_is_array(v)) {
        json_errors_wrong_type(p->errs, key, v, "数组", "an array");
        return NULL;
    }
    return v;
}

static void read_mode(struct parse *p, const json_t *v)
{
    char c[64];
    p->out->mode = ALLOC_MODE_COUNT;
    if (!json_is_string(v)) {
        json_errors_wrong_type(p->errs, "mode", v, "字符串", "a string");
        return;
    }
    for (int k = 0; k < ALLOC_MODE_COUNT; k++)
        if (strcmp(json_string_value(v), alloc_mode_names[k].code) == 0)
            p->out->mode = (enum alloc_mode)k;
    if (p->out->mode == ALLOC_MODE_COUNT)
        FAIL(p->errs, "mode",
             "应为 serial、deferred_acceptance 或 tenant_exchange 之一，实际为“%s”",
             "must be one of serial, deferred_acceptance, tenant_exchange; got \"%s\"",
             clip(json_string_value(v), c));
}

/* The units: ids and capacities; their priority lists come later. */
static int read_units(struct parse *p)
{
    struct allocation_input *o = p->out;
    size_t j;
    const json_t *u;
    json_array_foreach(p->units, j, u)
    {
        char path[48], at[ERR_FIELD_MAX];
        snprintf(path, sizeof path, "units[%zu]", j);
        o->capacity[j] = 1;
        if (!json_is_object(u)) {
            json_errors_wrong_type(p->errs, path, u, "对象", "an object");
            if (!(o->unit_id[j] = strdup(""))) return -1;
            continue;
        }
        check_keys(u, path, unit_keys, p->errs);
        if (!(o->unit_id[j] =
                  read_id(p, u, path, "房源", "unit", "units", p->unit_index, (int32_t)j)))
            return -1;
        const json_t *cap = json_object_get(u, "capacity");
        snprintf(at, sizeof at, "%s.capacity", path);
        if (cap && (!json_is_integer(cap) || json_integer_value(cap) < 1 ||
                    json_integer_value(cap) > ALLOC_MAX))
            FAIL(p->errs, at, "应为 1 至 %d 的整数", "must be an integer from 1 to %d",
                 (int)ALLOC_MAX);
        else if (cap)
            o->capacity[j] = (int32_t)json_integer_value(cap);
        const json_t *prio = json_object_get(u, "priority");
        snprintf(at, sizeof at, "%s.priority", path);
        if (prio && o->mode != ALLOC_DEFERRED_ACCEPTANCE && o->mode != ALLOC_MODE_COUNT)
            FAIL(p->errs, at, "只有 deferred_acceptance 方式使用房源优先顺序",
                 "only mode deferred_acceptance uses unit priority lists");
        else if (prio && !json_is_array(prio))
            json_errors_wrong_type(p->errs, at, prio, "数组", "an array");
    }
    return 0;
}

/* The applicants: ids, and the shape of their members. */
static int read_applicants(struct parse *p)
{
    struct allocation_input *o = p->out;
    size_t i;
    const json_t *a;
    json_array_foreach(p->applicants, i, a)
    {
        char path[48], at[ERR_FIELD_MAX];
        snprintf(path, sizeof path, "applicants[%zu]", i);
        if (!json_is_object(a)) {
            json_errors_wrong_type(p->errs, path, a, "对象", "an object");
            if (!(o->applicant_id[i] = strdup(""))) return -1;
            continue;
        }
        check_keys(a, path, applicant_keys, p->errs);
        if (!(o->applicant_id[i] = read_id(p, a, path, "申请人", "applicant", "applicants",
                                           p->applicant_index, (int32_t)i)))
            return -1;
        const json_t *prefs = json_object_get(a, "preferences");
        snprintf(at, sizeof at, "%s.preferences", path);
        if (!prefs)
            FAIL(p->errs, at, "缺少必填项（没有意向房源时写 []）",
                 "is required ([] when the applicant lists no unit)");
        else if (!json_is_array(prefs))
            json_errors_wrong_type(p->errs, at, prefs, "数组", "an array");
        const json_t *cur = json_object_get(a, "current_unit");
        snprintf(at, sizeof at, "%s.current_unit", path);
        if (cur && o->mode != ALLOC_TENANT_EXCHANGE && o->mode != ALLOC_MODE_COUNT)
            FAIL(p->errs, at, "只有 tenant_exchange 方式使用现住房",
                 "only mode tenant_exchange uses current units");
    }
    return 0;
}

/* Preferences (CSR) and current units, now that every id is known. */
static void read_preferences(struct parse *p)
{
    struct allocation_input *o = p->out;
    uint32_t at = 0;
    for (int32_t x = 0; x < p->m; x++)
        p->seen_list[x] = -1;
    int32_t *tenant_of = p->tenant_of;
    for (int32_t u = 0; u < p->m; u++)
        tenant_of[u] = ALLOC_NONE;
    for (int32_t i = 0; i < p->n; i++) {
        const json_t *a = json_array_get(p->applicants, (size_t)i);
        char path[ERR_FIELD_MAX], c[64], c2[64];
        o->pref_start[i] = at;
        o->current[i] = ALLOC_NONE;
        if (!json_is_object(a)) continue;
        const json_t *prefs = json_object_get(a, "preferences");
        snprintf(path, sizeof path, "applicants[%ld].preferences", (long)i);
        if (json_is_array(prefs))
            at += read_id_list(p, prefs, path, p->unit_index, "房源", "unit", i, o->pref + at);
        const json_t *cur = json_object_get(a, "current_unit");
        if (!cur || o->mode != ALLOC_TENANT_EXCHANGE) continue;
        snprintf(path, sizeof path, "applicants[%ld].current_unit", (long)i);
        int32_t u = lookup(p, cur, path, p->unit_index, "房源", "unit");
        if (u == ALLOC_NONE) continue;
        if (tenant_of[u] != ALLOC_NONE) {
            FAIL(p->errs, path, "房源“%s”已是“%s”的现住房：一套房源只能有一位在住承租人",
                 "unit \"%s\" is already the current unit of \"%s\": a unit has at most one "
                 "sitting tenant",
                 clip(o->unit_id[u], c), clip(o->applicant_id[tenant_of[u]], c2));
        } else if (o->capacity[u] != 1) {
            FAIL(p->errs, path, "房源“%s”有人在住，其可分配数（capacity）应为 1，现为 %ld",
                 "unit \"%s\" is occupied, so its capacity must be 1; it is %ld",
                 clip(o->unit_id[u], c), (long)o->capacity[u]);
        } else {
            tenant_of[u] = i;
            o->current[i] = u;
        }
    }
    o->pref_start[p->n] = at;
}

/* Priority lists (deferred acceptance) and the order. */
static void read_priorities_and_order(struct parse *p, const json_t *order)
{
    struct allocation_input *o = p->out;
    for (int32_t x = 0; x < p->n; x++)
        p->seen_list[x] = -1;
    uint32_t at = 0;
    for (int32_t u = 0; u < p->m; u++) {
        const json_t *unit = json_array_get(p->units, (size_t)u);
        const json_t *prio = json_is_object(unit) ? json_object_get(unit, "priority") : NULL;
        char path[ERR_FIELD_MAX];
        o->prio_start[u] = at;
        if (!json_is_array(prio) || o->mode != ALLOC_DEFERRED_ACCEPTANCE) continue;
        snprintf(path, sizeof path, "units[%ld].priority", (long)u);
        at +=
            read_id_list(p, prio, path, p->applicant_index, "申请人", "applicant", u, o->prio + at);
    }
    o->prio_start[p->m] = at;

    uint32_t placed =
        read_id_list(p, order, "order", p->applicant_index, "申请人", "applicant", p->m, o->order);
    if (placed == (uint32_t)p->n) return;
    for (int32_t i = 0; i < p->n; i++) { /* who is missing */
        char c[64];
        const json_t *index = json_object_get(p->applicant_index, o->applicant_id[i]);
        if (p->seen_list[i] == p->m || !index || json_integer_value(index) != i)
            continue; /* placed, or a bad or repeated id (reported already) */
        FAIL(p->errs, "order", "缺少申请人“%s”：顺序须列出每位申请人，且只列一次",
             "applicant \"%s\" is missing: the order must list every applicant exactly once",
             clip(o->applicant_id[i], c));
    }
}

/* Arrays sized from the document; ids start NULL. */
static int allocate(struct parse *p, const json_t *order)
{
    struct allocation_input *o = p->out;
    size_t n = (size_t)p->n, m = (size_t)p->m, prefs = 0, prios = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_array_get(p->applicants, i);
        const json_t *l = json_is_object(a) ? json_object_get(a, "preferences") : NULL;
        prefs += json_is_array(l) ? json_array_size(l) : 0;
    }
    for (size_t j = 0; j < m; j++) {
        const json_t *u = json_array_get(p->units, j);
        const json_t *l = json_is_object(u) ? json_object_get(u, "priority") : NULL;
        prios += json_is_array(l) ? json_array_size(l) : 0;
    }
    size_t orders = json_array_size(order) > n ? json_array_size(order) : n;
    size_t big = n > m ? n : m;
    o->applicant_id = calloc(n + 1, sizeof *o->applicant_id);
    o->unit_id = calloc(m + 1, sizeof *o->unit_id);
    o->pref_start = malloc((n + 1) * sizeof *o->pref_start);
    o->prio_start = malloc((m + 1) * sizeof *o->prio_start);
    o->pref = malloc((prefs + 1) * sizeof *o->pref);
    o->prio = malloc((prios + 1) * sizeof *o->prio);
    o->order = malloc((orders + 1) * sizeof *o->order);
    o->capacity = malloc((m + 1) * sizeof *o->capacity);
    o->current = malloc((n + 1) * sizeof *o->current);
    p->seen_list = malloc((big + 1) * sizeof *p->seen_list);
    p->seen_at = malloc((big + 1) * sizeof *p->seen_at);
    p->tenant_of = malloc((m + 1) * sizeof *p->tenant_of);
    p->applicant_index = json_object();
    p->unit_index = json_object();
    return o->applicant_id && o->unit_id && o->pref_start && o->prio_start && o->pref && o->prio &&
                   o->order && o->capacity && o->current && p->seen_list && p->seen_at &&
                   p->tenant_of && p->applicant_index && p->unit_index
               ? 0
               : -1;
}

int allocation_json_parse(const char *json, size_t len, struct allocation_input *out,
                          struct err_list *errs)
{
    memset(out, 0, sizeof *out);
    struct parse p = {.errs = errs, .out = out};
    size_t before = errs->total;
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        json_errors_load_failed(errs, json, len, &jerr);
        return -1;
    }
    int rc = -1;
    if (!json_is_object(root)) {
        json_errors_wrong_type(errs, "", root, "对象", "an object");
        goto done;
    }
    check_keys(root, "", root_keys, errs);
    const json_t *mode = root_member(&p, root, "mode", 0);
    const json_t *order = root_member(&p, root, "order", 1);
    p.applicants = root_member(&p, root, "applicants", 1);
    p.units = root_member(&p, root, "units", 1);
    if (mode) read_mode(&p, mode);
    if (!mode || !order || !p.applicants || !p.units) goto done;
    if (json_array_size(p.applicants) > ALLOC_MAX || json_array_size(p.units) > ALLOC_MAX) {
        FAIL(errs, "", "申请人或房源超过 %d 个", "more than %d applicants or units",
             (int)ALLOC_MAX);
        goto done;
    }
    p.n = (int32_t)json_array_size(p.applicants);
    p.m = (int32_t)json_array_size(p.units);
    if (allocate(&p, order) || read_units(&p) || read_applicants(&p)) {
        struct err e = {0};
        err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
        err_list_add(errs, &e);
        goto done;
    }
    read_preferences(&p);
    read_priorities_and_order(&p, order);
    if (errs->total > before) goto done;

    out->in = (struct alloc_instance){
        .napplicants = p.n,
        .nunits = p.m,
        .pref_start = out->pref_start,
        .pref = out->pref,
        .order = out->order,
        .capacity = out->capacity,
        .prio_start = out->mode == ALLOC_DEFERRED_ACCEPTANCE ? out->prio_start : NULL,
        .prio = out->mode == ALLOC_DEFERRED_ACCEPTANCE ? out->prio : NULL,
        .current = out->mode == ALLOC_TENANT_EXCHANGE ? out->current : NULL,
    };
    struct err e = {0};
    if (alloc_check(out->mode, &out->in, &e)) { /* cannot happen after the checks above */
        err_list_add(errs, &e);
        goto done;
    }
    rc = 0;
done:
    json_decref(p.applicant_index);
    json_decref(p.unit_index);
    free(p.seen_list);
    free(p.seen_at);
    free(p.tenant_of);
    json_decref(root);
    return rc;
}

void allocation_input_free(struct allocation_input *in)
{
    if (!in) return;
    for (int32_t i = 0; in->applicant_id && in->applicant_id[i]; i++)
        free(in->applicant_id[i]);
    for (int32_t j = 0; in->unit_id && in->unit_id[j]; j++)
        free(in->unit_id[j]);
    free(in->applicant_id), free(in->unit_id), free(in->pref_start), free(in->prio_start);
    free(in->pref), free(in->order), free(in->capacity), free(in->prio), free(in->current);
    memset(in, 0, sizeof *in);
}

json_t *allocation_json_render(const struct allocation_input *in, const struct alloc_result *r)
{
    json_t *doc = json_object(), *assignments = json_object(), *cycles = json_array();
    json_t *unassigned = json_object();
    int bad = !doc || !assignments || !cycles || !unassigned;
    for (int32_t a = 0; a < r->napplicants && !bad; a++) {
        int32_t u = r->unit[a];
        bad |= json_object_set_new(assignments, in->applicant_id[a],
                                   u == ALLOC_NONE ? json_null() : json_string(in->unit_id[u]));
        if (u != ALLOC_NONE) continue;
        enum alloc_reason why = (enum alloc_reason)r->reason[a];
        json_t *o =
            json_pack("{s:s, s:s, s:s}", "reason", alloc_reason_code(why), "message_zh",
                      alloc_reason_zh(why, in->mode), "message_en", alloc_reason_en(why, in->mode));
        bad |= !o || json_object_set_new(unassigned, in->applicant_id[a], o);
    }
    for (int32_t c = 0; c < r->ncycles && !bad; c++) {
        json_t *cycle = json_array();
        for (uint32_t k = r->cycle_start[c]; cycle && k < r->cycle_start[c + 1]; k++)
            bad |= json_array_append_new(cycle, json_string(in->applicant_id[r->cycle_member[k]]));
        bad |= !cycle || json_array_append_new(cycles, cycle);
    }
    if (!bad) {
        bad |= json_object_set_new(doc, "assignments", assignments);
        assignments = NULL;
        bad |= json_object_set_new(doc, "cycles", cycles);
        cycles = NULL;
        bad |= json_object_set_new(doc, "unassigned", unassigned);
        unassigned = NULL;
    }
    json_decref(assignments);
    json_decref(cycles);
    json_decref(unassigned);
    if (bad) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* One JSON value on one line (strings escaped by jansson). */
static int print_value(FILE *f, const json_t *v)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY);
    int rc = s && fputs(s, f) >= 0 ? 0 : -1;
    free(s);
    return rc;
}

int allocation_json_print(FILE *f, const json_t *doc)
{
    int rc = fputs("{\n", f) < 0;
    const char *key;
    json_t *v;
    size_t members = json_object_size(doc), m = 0;
    json_object_foreach((json_t *)doc, key, v)
    {
        json_t *name = json_string(key);
        rc |= fprintf(f, "  ") < 0 || print_value(f, name) || fputs(": ", f) < 0;
        json_decref(name);
        int is_object = json_is_object(v);
        size_t size = is_object ? json_object_size(v) : json_array_size(v), k = 0;
        rc |= fputs(is_object ? "{" : "[", f) < 0;
        if (is_object) {
            const char *inner;
            json_t *iv;
            json_object_foreach(v, inner, iv)
            {
                json_t *iname = json_string(inner);
                rc |= fputs(k++ ? ",\n    " : "\n    ", f) < 0 || print_value(f, iname) ||
                      fputs(": ", f) < 0 || print_value(f, iv);
                json_decref(iname);
            }
        } else {
            size_t i;
            json_t *iv;
            json_array_foreach(v, i, iv)
            {
                rc |= fputs(k++ ? ",\n    " : "\n    ", f) < 0 || print_value(f, iv);
            }
        }
        rc |= fprintf(f, "%s%s%s\n", size ? "\n  " : "", is_object ? "}" : "]",
                      ++m < members ? "," : "") < 0;
    }
    rc |= fputs("}\n", f) < 0;
    return rc ? -1 : 0;
}
