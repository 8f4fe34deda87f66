#include "io/household_json.h"

#include "base/idnum.h"
#include "base/money.h"
#include "io/json_errors.h"

#include <stdio.h>
#include <stdlib.h>
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

static void set_money(json_t *o, const char *key, int64_t fen)
{
    char s[32];
    money_format(fen, s);
    set_str(o, key, s);
}

static void set_area(json_t *o, const char *key, int64_t centi_m2)
{
    char s[32];
    area_format(centi_m2, s);
    set_str(o, key, s);
}

static json_t *priority_array(unsigned mask)
{
    json_t *a = json_array();
    for (int i = 0; i < PRI_COUNT; i++)
        if (mask & (1u << i)) json_array_append_new(a, json_string(priority_names[i].code));
    return a;
}

static const char *code_of(const struct code_name *table, int n, int i)
{
    return i >= 0 && i < n ? table[i].code : "";
}

static json_t *member_render(const struct member *m, int mask_ids)
{
    json_t *o = json_object();
    char id[19], sex[2] = {m->sex, '\0'};
    if (mask_ids)
        idnum_mask(m->id_number, id);
    else
        snprintf(id, sizeof id, "%s", m->id_number);
    set_str(o, "name", m->name);
    set_str(o, "id_number", id);
    set_str(o, "birth_date", m->birth_date);
    set_str(o, "sex", sex);
    set_str(o, "relation", code_of(relation_names, REL_COUNT, (int)m->relation));
    set_str(o, "hukou_region_code", m->hukou_region_code);
    json_object_set_new(o, "hukou_urban", json_boolean(m->hukou_urban));
    set_str(o, "marital_status", code_of(marital_names, MAR_COUNT, (int)m->marital_status));
    set_int(o, "disability_grade", m->disability_grade);
    json_object_set_new(o, "serious_illness", json_boolean(m->serious_illness));
    json_object_set_new(o, "veteran", json_boolean(m->veteran));
    json_object_set_new(o, "youfu", json_boolean(m->youfu));
    set_str(o, "employer", m->employer);
    set_str(o, "work_region_code", m->work_region_code);
    set_int(o, "social_insurance_months", m->social_insurance_months);
    json_t *income = json_array();
    for (int k = 0; k < HH_INCOME_MONTHS; k++) {
        char s[32];
        money_format(m->income[k], s);
        json_array_append_new(income, json_string(s));
    }
    json_object_set_new(o, "monthly_income", income);
    const struct member_assets *a = &m->assets;
    json_t *assets = json_object();
    set_int(assets, "home_count", a->home_count);
    set_area(assets, "home_area", a->home_area);
    set_money(assets, "home_value", a->home_value);
    set_int(assets, "vehicle_count", a->vehicle_count);
    set_money(assets, "vehicle_value", a->vehicle_value);
    set_money(assets, "deposits", a->deposits);
    set_money(assets, "securities", a->securities);
    set_money(assets, "insurance", a->insurance);
    json_object_set_new(o, "assets", assets);
    return o;
}

json_t *household_json_render(const struct household *h, int mask_ids)
{
    json_t *o = json_object();
    if (!o) return NULL;
    set_int(o, "id", h->id);
    set_str(o, "household_no", h->household_no);
    set_str(o, "region_code", h->region_code);
    set_str(o, "district_code", h->district_code);
    set_str(o, "contact_phone", h->contact_phone);
    json_t *housing = json_object();
    set_str(housing, "address", h->housing_address);
    set_area(housing, "area", h->housing_area);
    set_str(housing, "tenure", code_of(tenure_names, TEN_COUNT, (int)h->housing_tenure));
    json_object_set_new(o, "housing", housing);
    json_object_set_new(o, "priority_categories", priority_array(h->priority));
    set_str(o, "income_end_month", h->income_end_month);
    json_object_set_new(o, "needs_accessible", json_boolean(h->needs_accessible));
    json_t *members = json_array();
    for (int i = 0; i < h->nmembers && i < HH_MAX_MEMBERS; i++)
        json_array_append_new(members, member_render(&h->members[i], mask_ids));
    json_object_set_new(o, "members", members);
    set_int(o, "version", h->version);
    set_str(o, "created_at", h->created_at);
    set_str(o, "updated_at", h->updated_at);
    return o;
}

json_t *household_summary_json_render(const struct household_summary *s, int mask_ids)
{
    json_t *o = json_object();
    if (!o) return NULL;
    char id[19];
    if (mask_ids)
        idnum_mask(s->applicant_id_number, id);
    else
        snprintf(id, sizeof id, "%s", s->applicant_id_number);
    set_int(o, "id", s->id);
    set_str(o, "household_no", s->household_no);
    set_str(o, "district_code", s->district_code);
    set_str(o, "region_code", s->region_code);
    set_str(o, "applicant_name", s->applicant_name);
    set_str(o, "applicant_id_number", id);
    set_int(o, "member_count", s->member_count);
    json_object_set_new(o, "priority_categories", priority_array(s->priority));
    set_str(o, "updated_at", s->updated_at);
    return o;
}

/* --- parsing ------------------------------------------------------------ */

/* Adds one error; zh and en are finished sentences. */
static void add(struct err_list *errs, const char *path, const char *zh, const char *en)
{
    json_errors_add(errs, path, zh, en);
}

static void path_key(char out[ERR_FIELD_MAX], const char *parent, const char *key)
{
    if (*parent)
        snprintf(out, ERR_FIELD_MAX, "%.31s.%.31s", parent, key);
    else
        snprintf(out, ERR_FIELD_MAX, "%.40s", key);
}

static void path_index(char out[ERR_FIELD_MAX], const char *parent, size_t i)
{
    snprintf(out, ERR_FIELD_MAX, "%.40s[%zu]", parent, i);
}

static int in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0) return 1;
    return 0;
}

/* Reports every key of obj that is neither writable nor read-only. */
static void check_keys(const json_t *obj, const char *parent, const char *const *writable,
                       const char *const *readonly, struct err_list *errs)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (in_list(key, writable) || (readonly && in_list(key, readonly))) continue;
        char path[ERR_FIELD_MAX], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        path_key(path, parent, key);
        snprintf(zh, sizeof zh, "未知的键“%.60s”", key);
        snprintf(en, sizeof en, "unknown key \"%.60s\"", key);
        add(errs, path, zh, en);
    }
}

/* The value of a required key, or NULL (reported) when it is missing. */
static const json_t *need(const json_t *obj, const char *parent, const char *key,
                          char path[ERR_FIELD_MAX], struct err_list *errs)
{
    path_key(path, parent, key);
    const json_t *v = json_object_get(obj, key);
    if (!v) add(errs, path, "缺少必填项", "is required");
    return v;
}

/* A string copied into dst (cap bytes with the NUL); 0 when done. */
static int get_text(const json_t *obj, const char *parent, const char *key, char *dst, size_t cap,
                    struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = need(obj, parent, key, path, errs);
    if (!v) return -1;
    if (!json_is_string(v)) {
        json_errors_wrong_type(errs, path, v, "字符串", "a string");
        return -1;
    }
    size_t n = json_string_length(v);
    if (n >= cap) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "过长：最多 %zu 字节（UTF-8），实际 %zu 字节", cap - 1, n);
        snprintf(en, sizeof en, "too long: at most %zu bytes of UTF-8, got %zu", cap - 1, n);
        add(errs, path, zh, en);
        return -1;
    }
    memcpy(dst, json_string_value(v), n + 1);
    return 0;
}

enum decimal_kind { DEC_MONEY, DEC_AREA };

static void decimal_value(const json_t *v, const char *path, enum decimal_kind kind, int64_t *out,
                          struct err_list *errs)
{
    if (!json_is_string(v)) {
        if (kind == DEC_MONEY)
            json_errors_wrong_type(errs, path, v, "字符串形式的金额（如 \"3850.00\"）",
                                   "an amount as a string (e.g. \"3850.00\")");
        else
            json_errors_wrong_type(errs, path, v, "字符串形式的面积（如 \"45.50\"）",
                                   "an area as a string (e.g. \"45.50\")");
        return;
    }
    struct err e = {0};
    int rc = kind == DEC_MONEY ? money_parse(json_string_value(v), out, path, &e)
                               : area_parse(json_string_value(v), out, path, &e);
    if (rc) err_list_add(errs, &e);
}

static void get_decimal(const json_t *obj, const char *parent, const char *key,
                        enum decimal_kind kind, int64_t *out, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = need(obj, parent, key, path, errs);
    if (v) decimal_value(v, path, kind, out, errs);
}

static void get_bool(const json_t *obj, const char *parent, const char *key, int *out,
                     struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = need(obj, parent, key, path, errs);
    if (!v) return;
    if (!json_is_boolean(v)) {
        json_errors_wrong_type(errs, path, v, "布尔值（true 或 false）",
                               "a boolean (true or false)");
        return;
    }
    *out = json_is_true(v);
}

static void get_int(const json_t *obj, const char *parent, const char *key, int64_t min,
                    int64_t max, int64_t *out, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = need(obj, parent, key, path, errs);
    if (!v) return;
    if (!json_is_integer(v)) {
        json_errors_wrong_type(errs, path, v, "整数", "an integer");
        return;
    }
    json_int_t x = json_integer_value(v);
    if (x < min || x > max) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "应在 %lld 至 %lld 之间，实际为 %lld", (long long)min,
                 (long long)max, (long long)x);
        snprintf(en, sizeof en, "must be between %lld and %lld, got %lld", (long long)min,
                 (long long)max, (long long)x);
        add(errs, path, zh, en);
        return;
    }
    *out = (int64_t)x;
}

/* One of table's codes; *out untouched when missing or wrong. */
static void get_code(const json_t *obj, const char *parent, const char *key,
                     const struct code_name *table, int n, int *out, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = need(obj, parent, key, path, errs);
    if (!v) return;
    if (!json_is_string(v)) {
        json_errors_wrong_type(errs, path, v, "字符串", "a string");
        return;
    }
    int i = code_lookup(table, n, json_string_value(v));
    if (i >= 0) {
        *out = i;
        return;
    }
    char known[300] = "", zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    for (int k = 0; k < n; k++) {
        strncat(known, k ? ", " : "", sizeof known - strlen(known) - 1);
        strncat(known, table[k].code, sizeof known - strlen(known) - 1);
    }
    snprintf(zh, sizeof zh, "取值“%.40s”无效，可用：%s", json_string_value(v), known);
    snprintf(en, sizeof en, "invalid value \"%.40s\"; use one of: %s", json_string_value(v), known);
    add(errs, path, zh, en);
}

/* An object at obj[key]; NULL (reported) when missing or not an object. */
static const json_t *get_object(const json_t *obj, const char *parent, const char *key,
                                char path[ERR_FIELD_MAX], struct err_list *errs)
{
    const json_t *v = need(obj, parent, key, path, errs);
    if (v && !json_is_object(v)) {
        json_errors_wrong_type(errs, path, v, "对象", "an object");
        return NULL;
    }
    return v;
}

static const json_t *get_array(const json_t *obj, const char *parent, const char *key,
                               char path[ERR_FIELD_MAX], struct err_list *errs)
{
    const json_t *v = need(obj, parent, key, path, errs);
    if (v && !json_is_array(v)) {
        json_errors_wrong_type(errs, path, v, "数组", "an array");
        return NULL;
    }
    return v;
}

static const char *const household_keys[] = {
    "household_no",     "region_code", "contact_phone",    "housing", "priority_categories",
    "income_end_month", "members",     "needs_accessible", NULL};
static const char *const household_readonly[] = {"id",         "district_code", "version",
                                                 "created_at", "updated_at",    NULL};
static const char *const housing_keys[] = {"address", "area", "tenure", NULL};
static const char *const member_keys[] = {"name",
                                          "id_number",
                                          "relation",
                                          "hukou_region_code",
                                          "hukou_urban",
                                          "marital_status",
                                          "disability_grade",
                                          "serious_illness",
                                          "veteran",
                                          "youfu",
                                          "employer",
                                          "work_region_code",
                                          "social_insurance_months",
                                          "monthly_income",
                                          "assets",
                                          NULL};
static const char *const member_readonly[] = {"birth_date", "sex", NULL};
static const char *const asset_keys[] = {"home_count",    "home_area",     "home_value",
                                         "vehicle_count", "vehicle_value", "deposits",
                                         "securities",    "insurance",     NULL};

static void parse_assets(const json_t *a, const char *path, struct member_assets *x,
                         struct err_list *errs)
{
    check_keys(a, path, asset_keys, NULL, errs);
    get_int(a, path, "home_count", 0, 1000, &x->home_count, errs);
    get_decimal(a, path, "home_area", DEC_AREA, &x->home_area, errs);
    get_decimal(a, path, "home_value", DEC_MONEY, &x->home_value, errs);
    get_int(a, path, "vehicle_count", 0, 1000, &x->vehicle_count, errs);
    get_decimal(a, path, "vehicle_value", DEC_MONEY, &x->vehicle_value, errs);
    get_decimal(a, path, "deposits", DEC_MONEY, &x->deposits, errs);
    get_decimal(a, path, "securities", DEC_MONEY, &x->securities, errs);
    get_decimal(a, path, "insurance", DEC_MONEY, &x->insurance, errs);
}

static void parse_member(const json_t *o, const char *path, struct member *m, struct err_list *errs)
{
    memset(m, 0, sizeof *m);
    if (!json_is_object(o)) {
        json_errors_wrong_type(errs, path, o, "对象", "an object");
        return;
    }
    check_keys(o, path, member_keys, member_readonly, errs);
    get_text(o, path, "name", m->name, sizeof m->name, errs);
    get_text(o, path, "id_number", m->id_number, sizeof m->id_number, errs);
    int code = 0;
    get_code(o, path, "relation", relation_names, REL_COUNT, &code, errs);
    m->relation = (enum relation)code;
    get_text(o, path, "hukou_region_code", m->hukou_region_code, sizeof m->hukou_region_code, errs);
    get_bool(o, path, "hukou_urban", &m->hukou_urban, errs);
    code = 0;
    get_code(o, path, "marital_status", marital_names, MAR_COUNT, &code, errs);
    m->marital_status = (enum marital)code;
    int64_t grade = 0;
    get_int(o, path, "disability_grade", 0, 4, &grade, errs);
    m->disability_grade = (int)grade;
    get_bool(o, path, "serious_illness", &m->serious_illness, errs);
    get_bool(o, path, "veteran", &m->veteran, errs);
    get_bool(o, path, "youfu", &m->youfu, errs);
    get_text(o, path, "employer", m->employer, sizeof m->employer, errs);
    get_text(o, path, "work_region_code", m->work_region_code, sizeof m->work_region_code, errs);
    get_int(o, path, "social_insurance_months", 0, 720, &m->social_insurance_months, errs);

    char sub[ERR_FIELD_MAX];
    const json_t *income = get_array(o, path, "monthly_income", sub, errs);
    if (income) {
        size_t n = json_array_size(income);
        if (n != HH_INCOME_MONTHS) {
            char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
            snprintf(zh, sizeof zh,
                     "应恰有 %d 个月的收入（最后一个为 income_end_month 当月），实际 %zu 个",
                     HH_INCOME_MONTHS, n);
            snprintf(en, sizeof en,
                     "must hold exactly %d monthly incomes (the last is income_end_month), got "
                     "%zu",
                     HH_INCOME_MONTHS, n);
            add(errs, sub, zh, en);
        }
        for (size_t k = 0; k < n && k < HH_INCOME_MONTHS; k++) {
            char ip[ERR_FIELD_MAX];
            path_index(ip, sub, k);
            decimal_value(json_array_get(income, k), ip, DEC_MONEY, &m->income[k], errs);
        }
    }
    const json_t *assets = get_object(o, path, "assets", sub, errs);
    if (assets) parse_assets(assets, sub, &m->assets, errs);
}

static void parse_priority(const json_t *a, const char *path, unsigned *mask, struct err_list *errs)
{
    *mask = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        char ip[ERR_FIELD_MAX], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        path_index(ip, path, i);
        if (!json_is_string(v)) {
            json_errors_wrong_type(errs, ip, v, "字符串", "a string");
            continue;
        }
        const char *s = json_string_value(v);
        int c = code_lookup(priority_names, PRI_COUNT, s);
        if (c < 0) {
            char known[300] = "";
            for (int k = 0; k < PRI_COUNT; k++) {
                strncat(known, k ? ", " : "", sizeof known - strlen(known) - 1);
                strncat(known, priority_names[k].code, sizeof known - strlen(known) - 1);
            }
            snprintf(zh, sizeof zh, "未知的优先类别“%.40s”，可用：%s", s, known);
            snprintf(en, sizeof en, "unknown priority category \"%.40s\"; use one of: %s", s,
                     known);
            add(errs, ip, zh, en);
        } else if (*mask & (1u << c)) {
            snprintf(zh, sizeof zh, "优先类别“%s”重复", s);
            snprintf(en, sizeof en, "priority category \"%s\" is repeated", s);
            add(errs, ip, zh, en);
        } else
            *mask |= 1u << c;
    }
}

int household_json_parse(const json_t *j, struct household *h, struct err_list *errs)
{
    size_t before = errs->total;
    memset(h, 0, sizeof *h);
    if (!json_is_object(j)) {
        json_errors_wrong_type(errs, "", j, "JSON 对象", "a JSON object");
        return -1;
    }
    check_keys(j, "", household_keys, household_readonly, errs);
    /* optional: absent (or null) on a new household = the server assigns one */
    const json_t *no = json_object_get(j, "household_no");
    if (no && !json_is_null(no))
        get_text(j, "", "household_no", h->household_no, sizeof h->household_no, errs);
    get_text(j, "", "region_code", h->region_code, sizeof h->region_code, errs);
    get_text(j, "", "contact_phone", h->contact_phone, sizeof h->contact_phone, errs);

    char path[ERR_FIELD_MAX];
    const json_t *housing = get_object(j, "", "housing", path, errs);
    if (housing) {
        check_keys(housing, path, housing_keys, NULL, errs);
        get_text(housing, path, "address", h->housing_address, sizeof h->housing_address, errs);
        get_decimal(housing, path, "area", DEC_AREA, &h->housing_area, errs);
        int t = 0;
        get_code(housing, path, "tenure", tenure_names, TEN_COUNT, &t, errs);
        h->housing_tenure = (enum tenure)t;
    }
    const json_t *pri = get_array(j, "", "priority_categories", path, errs);
    if (pri) parse_priority(pri, path, &h->priority, errs);
    get_text(j, "", "income_end_month", h->income_end_month, sizeof h->income_end_month, errs);
    /* optional, false when absent (clients written before it existed) */
    if (json_object_get(j, "needs_accessible"))
        get_bool(j, "", "needs_accessible", &h->needs_accessible, errs);

    const json_t *members = get_array(j, "", "members", path, errs);
    if (members) {
        size_t n = json_array_size(members);
        if (n == 0 || n > HH_MAX_MEMBERS) {
            char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
            snprintf(zh, sizeof zh, "家庭成员应为 1 至 %d 人，实际 %zu 人", HH_MAX_MEMBERS, n);
            snprintf(en, sizeof en, "a household has 1 to %d members, got %zu", HH_MAX_MEMBERS, n);
            add(errs, path, zh, en);
        }
        for (size_t i = 0; i < n && i < HH_MAX_MEMBERS; i++) {
            char mp[ERR_FIELD_MAX];
            path_index(mp, "members", i);
            parse_member(json_array_get(members, i), mp, &h->members[i], errs);
        }
        h->nmembers = n < HH_MAX_MEMBERS ? (int)n : HH_MAX_MEMBERS;
    }
    return errs->total == before ? 0 : -1;
}

/* --- error paths -------------------------------------------------------- */

void household_json_field_path(struct err *e)
{
    static const struct {
        const char *from, *to;
    } top[] = {
        {"housing_address", "housing.address"},
        {"housing_area", "housing.area"},
        {"housing_tenure", "housing.tenure"},
    };
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        if (strcmp(e->field, top[i].from) == 0) {
            snprintf(e->field, sizeof e->field, "%s", top[i].to);
            return;
        }
    if (strncmp(e->field, "members[", 8) != 0) return;
    char *end;
    long idx = strtol(e->field + 8, &end, 10);
    if (end == e->field + 8 || strncmp(end, "].", 2) != 0 || idx < 0 || idx >= HH_MAX_MEMBERS)
        return;
    const char *rest = end + 2;
    char out[ERR_FIELD_MAX];
    if (strncmp(rest, "income_", 7) == 0 && rest[7] >= '0' && rest[7] <= '1' && rest[8] >= '0' &&
        rest[8] <= '9' && rest[9] == '\0') {
        int month = (rest[7] - '0') * 10 + (rest[8] - '0');
        if (month < 1 || month > HH_INCOME_MONTHS) return;
        snprintf(out, sizeof out, "members[%ld].monthly_income[%d]", idx, month - 1);
    } else if (in_list(rest, asset_keys))
        snprintf(out, sizeof out, "members[%ld].assets.%s", idx, rest);
    else
        return;
    memcpy(e->field, out, sizeof out);
}
