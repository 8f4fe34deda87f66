/* io/policy_json — policy presets as JSON (see policy_json.h, docs/policy.md). */
#include "io/policy_json.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/money.h"
#include "core/round.h"
#include "io/json_errors.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- paths -------------------------------------------------------------- */

/* Appends s to out (cap bytes with the NUL), cutting at a character
 * boundary when it does not fit. */
static void path_append(char *out, size_t cap, const char *s)
{
    size_t n = strlen(out), m = strlen(s);
    if (n + m >= cap) {
        m = cap - 1 - n;
        while (m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
            m--;
    }
    memcpy(out + n, s, m);
    out[n + m] = '\0';
}

static void path_key_n(char *out, size_t cap, const char *parent, const char *key)
{
    out[0] = '\0';
    path_append(out, cap, parent);
    if (*parent) path_append(out, cap, ".");
    path_append(out, cap, key);
}

static void path_index_n(char *out, size_t cap, const char *parent, size_t i)
{
    char idx[32];
    snprintf(idx, sizeof idx, "[%zu]", i);
    out[0] = '\0';
    path_append(out, cap, parent);
    path_append(out, cap, idx);
}

static void path_key(char out[ERR_FIELD_MAX], const char *parent, const char *key)
{
    path_key_n(out, ERR_FIELD_MAX, parent, key);
}

static void path_index(char out[ERR_FIELD_MAX], const char *parent, size_t i)
{
    path_index_n(out, ERR_FIELD_MAX, parent, i);
}

/* --- errors ------------------------------------------------------------- */

/* Adds an ERR_INVALID error; both formats consume the same arguments. */
#define FAIL(errs, path, ...)                                                                      \
    do {                                                                                           \
        struct err fail_e_ = {0};                                                                  \
        err_set(&fail_e_, ERR_INVALID, (path), __VA_ARGS__);                                       \
        err_list_add((errs), &fail_e_);                                                            \
    } while (0)

/* "a, b, c" from a NULL-terminated list or a code table. */
static void join_list(char *out, size_t cap, const char *const *list)
{
    out[0] = '\0';
    for (size_t i = 0; list[i]; i++) {
        if (i) path_append(out, cap, ", ");
        path_append(out, cap, list[i]);
    }
}

static void join_codes(char *out, size_t cap, const struct code_name *table, int n)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i) path_append(out, cap, ", ");
        path_append(out, cap, table[i].code);
    }
}

/* --- reading values ----------------------------------------------------- */

struct ctx {
    struct err_list *errs;
    char effective[11]; /* the version's effective date once read, else "" */
};

static int in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0) return 1;
    return 0;
}

static void check_keys(const json_t *obj, const char *parent, const char *const *allowed,
                       struct err_list *errs)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (in_list(key, allowed)) continue;
        char path[ERR_FIELD_MAX], known[300];
        path_key(path, parent, key);
        join_list(known, sizeof known, allowed);
        FAIL(errs, path, "未知的键“%.60s”，此处可用：%s", "unknown key \"%.60s\"; allowed here: %s",
             key, known);
    }
}

/* obj[key] with its path; NULL when absent (reported when required). */
static const json_t *member(const json_t *obj, const char *parent, const char *key, int required,
                            char path[ERR_FIELD_MAX], struct err_list *errs)
{
    path_key(path, parent, key);
    const json_t *v = json_object_get(obj, key);
    if (!v && required) FAIL(errs, path, "缺少必填项", "is required");
    return v;
}

static int object_value(const json_t *v, const char *path, struct err_list *errs)
{
    if (json_is_object(v)) return 1;
    json_errors_wrong_type(errs, path, v, "对象", "an object");
    return 0;
}

/* The number of entries to read (at most cap), or -1 when v is not an array;
 * too many or too few entries are reported. */
static long array_value(const json_t *v, const char *path, size_t min, size_t cap,
                        struct err_list *errs)
{
    if (!json_is_array(v)) {
        json_errors_wrong_type(errs, path, v, "数组", "an array");
        return -1;
    }
    size_t n = json_array_size(v);
    if (n > cap)
        FAIL(errs, path, "最多 %zu 项，实际 %zu 项", "at most %zu entries, got %zu", cap, n);
    else if (n < min)
        FAIL(errs, path, "至少需要 %zu 项，实际 %zu 项",
             "too few entries: at least %zu needed, got %zu", min, n);
    return (long)(n < cap ? n : cap);
}

/* Text of at most max bytes copied into dst; 0 when done. */
static int text_value(const json_t *v, const char *path, char *dst, size_t max, int rules,
                      struct err_list *errs)
{
    if (!json_is_string(v)) {
        json_errors_wrong_type(errs, path, v, "字符串", "a string");
        return -1;
    }
    const char *s = json_string_value(v);
    struct err e = {0};
    if (household_text_ok(s, max, rules, path, &e)) {
        err_list_add(errs, &e);
        return -1;
    }
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}

static int get_text(const json_t *obj, const char *parent, const char *key, char *dst, size_t max,
                    int required, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = member(obj, parent, key, required, path, errs);
    return v ? text_value(v, path, dst, max, TEXT_REQUIRED, errs) : -1;
}

/* A code made of [a-z0-9_-] (policy and zone codes). */
static int get_code_text(const json_t *obj, const char *parent, const char *key, char *dst,
                         size_t max, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = member(obj, parent, key, 1, path, errs);
    if (!v || text_value(v, path, dst, max, TEXT_REQUIRED, errs)) return -1;
    for (const char *s = dst; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-')) {
            FAIL(errs, path, "代码“%s”无效：只能用小写字母、数字、下划线和连字符",
                 "code \"%s\" is not valid: use lowercase letters, digits, '_' and '-' only", dst);
            dst[0] = '\0';
            return -1;
        }
    return 0;
}

static int int_value(const json_t *v, const char *path, int64_t min, int64_t max, int64_t *out,
                     struct err_list *errs)
{
    if (!json_is_integer(v)) {
        json_errors_wrong_type(errs, path, v, "整数", "an integer");
        return -1;
    }
    long long x = json_integer_value(v);
    if (x < 0 && min >= 0) {
        FAIL(errs, path, "不能为负数，实际为 %lld", "must not be negative, got %lld", x);
        return -1;
    }
    if (x < min || x > max) {
        FAIL(errs, path, "应在 %lld 至 %lld 之间，实际为 %lld",
             "must be between %lld and %lld, got %lld", (long long)min, (long long)max, x);
        return -1;
    }
    *out = (int64_t)x;
    return 0;
}

static int get_int(const json_t *obj, const char *parent, const char *key, int64_t min, int64_t max,
                   int required, int *out, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    int64_t x;
    const json_t *v = member(obj, parent, key, required, path, errs);
    if (!v || int_value(v, path, min, max, &x, errs)) return -1;
    *out = (int)x;
    return 0;
}

static int get_bool(const json_t *obj, const char *parent, const char *key, int required, int *out,
                    struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = member(obj, parent, key, required, path, errs);
    if (!v) return -1;
    if (!json_is_boolean(v)) {
        json_errors_wrong_type(errs, path, v, "布尔值（true 或 false）",
                               "a boolean (true or false)");
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

/* Figures with exactly two decimals, kept as hundredths. */
enum dec_kind { DEC_MONEY, DEC_AREA, DEC_PERCENT };
static const struct {
    const char *zh, *en, *example;
    int64_t max;
} dec_info[] = {
    [DEC_MONEY] = {"金额", "amount", "2400.00", MONEY_MAX_FEN},
    [DEC_AREA] = {"面积", "area", "15.00", AREA_MAX},
    [DEC_PERCENT] = {"百分比", "percentage", "95.00", 10000},
};

static int decimal_value(const json_t *v, const char *path, enum dec_kind kind, int64_t *out,
                         struct err_list *errs)
{
    const char *zh = dec_info[kind].zh, *en = dec_info[kind].en, *ex = dec_info[kind].example;
    if (!json_is_string(v)) {
        char want_zh[80], want_en[80];
        snprintf(want_zh, sizeof want_zh, "字符串形式的%s（如 \"%s\"）", zh, ex);
        snprintf(want_en, sizeof want_en, "the %s as a string (e.g. \"%s\")", en, ex);
        json_errors_wrong_type(errs, path, v, want_zh, want_en);
        return -1;
    }
    const char *s = json_string_value(v);
    size_t n = strlen(s);
    if (s[0] == '-') {
        FAIL(errs, path, "%s%.0s不能为负数：“%.40s”", "%.0sthe %s must not be negative: \"%.40s\"",
             zh, en, s);
        return -1;
    }
    int ok = n >= 4 && s[n - 3] == '.';
    for (size_t i = 0; ok && i < n; i++)
        if (i != n - 3 && (s[i] < '0' || s[i] > '9')) ok = 0;
    if (!ok) {
        FAIL(errs, path,
             "%s%.0s“%.40s”格式错误：须为不带符号和千分位的数字，恰有两位小数（如 “%s”）",
             "%.0s%s \"%.40s\" is malformed: it must be a plain number with exactly two decimals "
             "(e.g. \"%s\")",
             zh, en, s, ex);
        return -1;
    }
    int64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == n - 3) continue;
        x = x * 10 + (s[i] - '0');
        if (x > dec_info[kind].max) {
            char limit[32];
            money_format(dec_info[kind].max, limit);
            FAIL(errs, path, "%s%.0s“%.40s”超过上限 %s", "%.0s%s \"%.40s\" exceeds the limit %s",
                 zh, en, s, limit);
            return -1;
        }
    }
    *out = x;
    return 0;
}

static int get_decimal(const json_t *obj, const char *parent, const char *key, enum dec_kind kind,
                       int required, int64_t *out, struct err_list *errs)
{
    char path[ERR_FIELD_MAX];
    const json_t *v = member(obj, parent, key, required, path, errs);
    return v ? decimal_value(v, path, kind, out, errs) : -1;
}

static int date_value(const json_t *v, const char *path, char dst[11], struct err_list *errs)
{
    if (!json_is_string(v)) {
        json_errors_wrong_type(errs, path, v, "字符串形式的日期（如 \"2026-01-01\"）",
                               "a date as a string (e.g. \"2026-01-01\")");
        return -1;
    }
    const char *s = json_string_value(v);
    if (date_valid(s) != 0) {
        FAIL(errs, path, "日期“%.40s”无效：应为实际存在的日期，格式 YYYY-MM-DD",
             "date \"%.40s\" is not valid: use a day that exists, written YYYY-MM-DD", s);
        return -1;
    }
    memcpy(dst, s, 11);
    return 0;
}

/* The index of a code in table, or -1 (reported). */
static int code_value(const json_t *v, const char *path, const struct code_name *table, int n,
                      const char *what_zh, const char *what_en, struct err_list *errs)
{
    if (!json_is_string(v)) {
        json_errors_wrong_type(errs, path, v, "字符串", "a string");
        return -1;
    }
    const char *s = json_string_value(v);
    int i = code_lookup(table, n, s);
    if (i < 0) {
        char known[400];
        join_codes(known, sizeof known, table, n);
        FAIL(errs, path, "未知的%s%.0s“%.40s”，可用：%s",
             "unknown %.0s%s \"%.40s\"; use one of: %s", what_zh, what_en, s, known);
    }
    return i;
}

/* An array of codes as a bit mask; unknown and repeated codes reported. */
static void codes_value(const json_t *v, const char *path, const struct code_name *table, int n,
                        const char *what_zh, const char *what_en, unsigned *mask,
                        struct err_list *errs)
{
    *mask = 0;
    long count = array_value(v, path, 0, (size_t)n, errs);
    for (long i = 0; i < count; i++) {
        char ip[ERR_FIELD_MAX];
        path_index(ip, path, (size_t)i);
        int c = code_value(json_array_get(v, (size_t)i), ip, table, n, what_zh, what_en, errs);
        if (c < 0) continue;
        if (*mask & (1u << c))
            FAIL(errs, ip, "%s%.0s“%s”重复", "%.0s%s \"%s\" is repeated", what_zh, what_en,
                 table[c].code);
        *mask |= 1u << c;
    }
}

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Region code prefixes (2 to 12 digits), no repeats; into dst[cap][13]. */
static void regions_value(const json_t *v, const char *path, char (*dst)[13], int cap, int *count,
                          struct err_list *errs)
{
    *count = 0;
    long n = array_value(v, path, 1, (size_t)cap, errs);
    for (long i = 0; i < n; i++) {
        char ip[ERR_FIELD_MAX];
        path_index(ip, path, (size_t)i);
        const json_t *r = json_array_get(v, (size_t)i);
        if (!json_is_string(r)) {
            json_errors_wrong_type(errs, ip, r, "字符串形式的地区代码（如 \"11\"）",
                                   "a region code as a string (e.g. \"11\")");
            continue;
        }
        const char *s = json_string_value(r);
        if (!all_digits(s, 2, 12)) {
            FAIL(errs, ip, "地区代码前缀“%.40s”无效：应为 2 至 12 位数字（如 \"11\" 表示北京市）",
                 "region code prefix \"%.40s\" is not valid: use 2 to 12 digits (e.g. \"11\" for "
                 "Beijing)",
                 s);
            continue;
        }
        int seen = 0;
        for (int k = 0; k < *count; k++)
            if (strcmp(dst[k], s) == 0) seen = 1;
        if (seen) {
            FAIL(errs, ip, "地区代码“%s”重复", "region code \"%s\" is repeated", s);
            continue;
        }
        memcpy(dst[(*count)++], s, strlen(s) + 1);
    }
}

/* --- sources ------------------------------------------------------------ */

static const char *const source_keys[] = {"document", "effective", "note", NULL};

static void get_source_at(const json_t *obj, const char *parent, const char *key,
                          struct policy_source *src, struct ctx *c)
{
    char path[ERR_FIELD_MAX], dp[ERR_FIELD_MAX];
    const json_t *v = member(obj, parent, key, 0, path, c->errs);
    if (!v) {
        FAIL(c->errs, path, "缺少来源：须注明文件（文号或标题）和施行日期",
             "the source is missing: name the document (number or title) and the date it took "
             "effect");
        return;
    }
    if (!object_value(v, path, c->errs)) return;
    check_keys(v, path, source_keys, c->errs);
    get_text(v, path, "document", src->document, POLICY_DOC_MAX, 1, c->errs);
    const json_t *d = member(v, path, "effective", 1, dp, c->errs);
    if (d && date_value(d, dp, src->effective, c->errs) == 0 && c->effective[0] &&
        strcmp(src->effective, c->effective) > 0)
        FAIL(c->errs, dp, "来源的施行日期 %s 晚于本政策版本的生效日期 %s",
             "the source took effect on %s, after this policy version's effective date %s",
             src->effective, c->effective);
    get_text(v, path, "note", src->note, POLICY_NOTE_MAX, 0, c->errs);
}

static void get_source(const json_t *obj, const char *parent, struct policy_source *src,
                       struct ctx *c)
{
    get_source_at(obj, parent, "source", src, c);
}

/* --- criteria ----------------------------------------------------------- */

/* Which members a criterion has, by kind (see core/policy.h). */
enum shape {
    SHAPE_NONE,
    SHAPE_REGIONS,
    SHAPE_REGIONS_MONTHS,
    SHAPE_MONTHS,
    SHAPE_EMPLOYERS,
    SHAPE_AREA,
    SHAPE_AMOUNT,
    SHAPE_BY_SIZE,
    SHAPE_TENURES,
    SHAPE_YEARS,
};

static const enum shape crit_shape[CRIT_COUNT] = {
    [CRIT_HUKOU_IN] = SHAPE_REGIONS,
    [CRIT_HUKOU_OR_SOCIAL_INSURANCE] = SHAPE_REGIONS_MONTHS,
    [CRIT_SOCIAL_INSURANCE_MONTHS_MIN] = SHAPE_MONTHS,
    [CRIT_EMPLOYED_IN] = SHAPE_REGIONS,
    [CRIT_EMPLOYER_IN] = SHAPE_EMPLOYERS,
    [CRIT_NO_HOME] = SHAPE_NONE,
    [CRIT_PER_CAPITA_HOUSING_AREA_MAX] = SHAPE_AREA,
    [CRIT_ANNUAL_INCOME_MAX] = SHAPE_BY_SIZE,
    [CRIT_PER_CAPITA_MONTHLY_INCOME_MAX] = SHAPE_AMOUNT,
    [CRIT_ASSETS_MAX] = SHAPE_BY_SIZE,
    [CRIT_TENURE_IN] = SHAPE_TENURES,
    [CRIT_APPLICANT_AGE_MIN] = SHAPE_YEARS,
    [CRIT_APPLICANT_AGE_MAX] = SHAPE_YEARS,
    [CRIT_SINGLE_APPLICANT_AGE_MIN] = SHAPE_YEARS,
};

static const char *const keys_none[] = {"criterion", "source", NULL};
static const char *const keys_regions[] = {"criterion", "regions", "source", NULL};
static const char *const keys_regions_months[] = {"criterion", "regions", "months", "source", NULL};
static const char *const keys_months[] = {"criterion", "months", "source", NULL};
static const char *const keys_employers[] = {"criterion", "employers", "source", NULL};
static const char *const keys_area[] = {"criterion", "area", "inclusive", "source", NULL};
static const char *const keys_amount[] = {"criterion", "amount", "inclusive", "source", NULL};
static const char *const keys_by_size[] = {"criterion", "by_size", "inclusive", "source", NULL};
static const char *const keys_tenures[] = {"criterion", "tenures", "source", NULL};
static const char *const keys_years[] = {"criterion", "years", "inclusive", "source", NULL};

static const char *const *const shape_keys[] = {
    [SHAPE_NONE] = keys_none,
    [SHAPE_REGIONS] = keys_regions,
    [SHAPE_REGIONS_MONTHS] = keys_regions_months,
    [SHAPE_MONTHS] = keys_months,
    [SHAPE_EMPLOYERS] = keys_employers,
    [SHAPE_AREA] = keys_area,
    [SHAPE_AMOUNT] = keys_amount,
    [SHAPE_BY_SIZE] = keys_by_size,
    [SHAPE_TENURES] = keys_tenures,
    [SHAPE_YEARS] = keys_years,
};

static int shape_has_inclusive(enum shape s)
{
    return s == SHAPE_AREA || s == SHAPE_AMOUNT || s == SHAPE_BY_SIZE || s == SHAPE_YEARS;
}

/* "1 至 3 人" / "1 to 3 people"; max 0 means no upper bound. */
static void size_range(const struct size_limit *s, char zh[64], char en[64])
{
    if (s->members_max == 0) {
        snprintf(zh, 64, "%d 人及以上", s->members_min);
        snprintf(en, 64, "%d or more people", s->members_min);
    } else if (s->members_max == s->members_min) {
        snprintf(zh, 64, "%d 人", s->members_min);
        snprintf(en, 64, "%d %s", s->members_min, s->members_min == 1 ? "person" : "people");
    } else {
        snprintf(zh, 64, "%d 至 %d 人", s->members_min, s->members_max);
        snprintf(en, 64, "%d to %d people", s->members_min, s->members_max);
    }
}

static const char *const size_keys[] = {"members_min", "members_max", "amount", NULL};

static void parse_by_size(const json_t *v, const char *path, struct criterion *cr,
                          struct err_list *errs)
{
    long n = array_value(v, path, 1, POLICY_SIZES_MAX, errs);
    int ok = n > 0;
    for (long i = 0; i < n; i++) {
        char ip[ERR_FIELD_MAX];
        path_index(ip, path, (size_t)i);
        const json_t *o = json_array_get(v, (size_t)i);
        struct size_limit *s = &cr->sizes[i];
        s->members_min = 1;
        if (!object_value(o, ip, errs)) {
            ok = 0;
            continue;
        }
        check_keys(o, ip, size_keys, errs);
        if (json_object_get(o, "members_min") &&
            get_int(o, ip, "members_min", 1, HH_MAX_MEMBERS, 1, &s->members_min, errs))
            ok = 0;
        if (json_object_get(o, "members_max") &&
            get_int(o, ip, "members_max", 1, HH_MAX_MEMBERS, 1, &s->members_max, errs))
            ok = 0;
        if (get_decimal(o, ip, "amount", DEC_MONEY, 1, &s->value, errs)) ok = 0;
        if (s->members_max && s->members_max < s->members_min) {
            char mp[ERR_FIELD_MAX];
            path_key(mp, ip, "members_max");
            FAIL(errs, mp, "人数上限 %d 小于下限 %d", "members_max %d is below members_min %d",
                 s->members_max, s->members_min);
            ok = 0;
        }
    }
    cr->nsizes = n > 0 ? (int)n : 0;
    if (!ok) return;
    /* Overlaps first: a household size must have exactly one limit. */
    int overlaps = 0;
    for (int j = 1; j < cr->nsizes; j++)
        for (int i = 0; i < j; i++) {
            const struct size_limit *a = &cr->sizes[i], *b = &cr->sizes[j];
            int a_hi = a->members_max ? a->members_max : INT32_MAX;
            int b_hi = b->members_max ? b->members_max : INT32_MAX;
            if (a->members_min > b_hi || b->members_min > a_hi) continue;
            char ip[ERR_FIELD_MAX], azh[64], aen[64], bzh[64], ben[64];
            path_index(ip, path, (size_t)j);
            size_range(a, azh, aen);
            size_range(b, bzh, ben);
            FAIL(errs, ip, "人数范围“%s%.0s”与 by_size[%d] 的“%s%.0s”重叠",
                 "%.0sthe size range \"%s\" overlaps by_size[%d]'s \"%.0s%s\"", bzh, ben, i, azh,
                 aen);
            overlaps = 1;
        }
    if (overlaps) return;
    /* Then order and coverage: from 1 person up, no gap, the last open. */
    char ip[ERR_FIELD_MAX], fp[ERR_FIELD_MAX];
    if (cr->sizes[0].members_min != 1) {
        path_index(ip, path, 0);
        path_key(fp, ip, "members_min");
        FAIL(errs, fp, "人数范围须从 1 人起，实际从 %d 人起",
             "the size ranges must start at 1 person, not %d", cr->sizes[0].members_min);
    }
    for (int i = 1; i < cr->nsizes; i++) {
        const struct size_limit *a = &cr->sizes[i - 1], *b = &cr->sizes[i];
        path_index(ip, path, (size_t)i);
        path_key(fp, ip, "members_min");
        if (b->members_min < a->members_min)
            FAIL(errs, fp, "人数范围须从少到多排列：从 %d 人起的一项应排在从 %d 人起的一项之前",
                 "the size ranges must go from small to large: the one from %d people comes "
                 "before the one from %d",
                 b->members_min, a->members_min);
        else if (a->members_max && b->members_min > a->members_max + 1) {
            struct size_limit gap = {a->members_max + 1, b->members_min - 1, 0};
            char gzh[64], gen[64];
            size_range(&gap, gzh, gen);
            FAIL(errs, fp, "人数范围有缺口：%s%.0s的家庭没有限额",
                 "%.0sthe size ranges leave a gap: households of %s have no limit", gzh, gen);
        }
    }
    const struct size_limit *last = &cr->sizes[cr->nsizes - 1];
    if (last->members_max) {
        path_index(ip, path, (size_t)cr->nsizes - 1);
        path_key(fp, ip, "members_max");
        FAIL(errs, fp, "最后一项不能有人数上限（%d 人以上的家庭将没有限额）",
             "the last entry must have no members_max (households above %d people would have no "
             "limit)",
             last->members_max);
    }
}

static void parse_employers(const json_t *v, const char *path, struct criterion *cr,
                            struct err_list *errs)
{
    long n = array_value(v, path, 0, POLICY_EMPLOYERS_MAX, errs);
    for (long i = 0; i < n; i++) {
        char ip[ERR_FIELD_MAX];
        path_index(ip, path, (size_t)i);
        char *dst = cr->employers[cr->nemployers];
        if (text_value(json_array_get(v, (size_t)i), ip, dst, HH_EMPLOYER_MAX, TEXT_REQUIRED, errs))
            continue;
        int seen = 0;
        for (int k = 0; k < cr->nemployers; k++)
            if (strcmp(cr->employers[k], dst) == 0) seen = 1;
        if (seen) {
            FAIL(errs, ip, "单位“%s”重复", "employer \"%s\" is repeated", dst);
            memset(dst, 0, HH_EMPLOYER_MAX + 1);
            continue;
        }
        cr->nemployers++;
    }
}

/* One criterion; 0 when its kind is known (the criterion is then kept). */
static int parse_criterion(const json_t *o, const char *path, struct criterion *cr, struct ctx *c)
{
    struct err_list *errs = c->errs;
    char kp[ERR_FIELD_MAX], vp[ERR_FIELD_MAX];
    if (!object_value(o, path, errs)) return -1;
    const json_t *k = member(o, path, "criterion", 1, kp, errs);
    int kind = k ? code_value(k, kp, criterion_names, CRIT_COUNT, "条件", "criterion", errs) : -1;
    if (kind < 0) return -1;
    cr->kind = (enum criterion_kind)kind;
    enum shape sh = crit_shape[kind];
    check_keys(o, path, shape_keys[sh], errs);
    const json_t *v;
    int64_t x;
    switch (sh) {
    case SHAPE_NONE:
    case SHAPE_EMPLOYERS:
    case SHAPE_TENURES:
        break;
    case SHAPE_REGIONS:
    case SHAPE_REGIONS_MONTHS:
        if ((v = member(o, path, "regions", 1, vp, errs)))
            regions_value(v, vp, cr->regions, POLICY_REGIONS_MAX, &cr->nregions, errs);
        break;
    case SHAPE_MONTHS:
        break;
    case SHAPE_AREA:
        get_decimal(o, path, "area", DEC_AREA, 1, &cr->value, errs);
        break;
    case SHAPE_AMOUNT:
        get_decimal(o, path, "amount", DEC_MONEY, 1, &cr->value, errs);
        break;
    case SHAPE_BY_SIZE:
        if ((v = member(o, path, "by_size", 1, vp, errs))) parse_by_size(v, vp, cr, errs);
        break;
    case SHAPE_YEARS:
        if ((v = member(o, path, "years", 1, vp, errs)) && int_value(v, vp, 0, 150, &x, errs) == 0)
            cr->value = x;
        break;
    }
    if (sh == SHAPE_REGIONS_MONTHS || sh == SHAPE_MONTHS) {
        if ((v = member(o, path, "months", 1, vp, errs)) && int_value(v, vp, 0, 720, &x, errs) == 0)
            cr->months = x;
    }
    if (sh == SHAPE_EMPLOYERS && (v = member(o, path, "employers", 1, vp, errs)))
        parse_employers(v, vp, cr, errs);
    if (sh == SHAPE_TENURES && (v = member(o, path, "tenures", 1, vp, errs))) {
        codes_value(v, vp, tenure_names, TEN_COUNT, "住房状况", "tenure", &cr->tenures, errs);
        if (json_is_array(v) && json_array_size(v) == 0)
            FAIL(errs, vp, "至少需要 1 种住房状况", "needs at least 1 tenure");
    }
    if (shape_has_inclusive(sh)) get_bool(o, path, "inclusive", 1, &cr->inclusive, errs);
    get_source(o, path, &cr->source, c);
    return 0;
}

/* --- subsidies ---------------------------------------------------------- */

static const char *const subsidy_kind_codes[] = {
    [SUBSIDY_NONE] = "none", [SUBSIDY_AMOUNT] = "amount", [SUBSIDY_RENT_SHARE] = "rent_share"};
static const char *const subsidy_amount_keys[] = {
    "kind", "large_from_members", "cap_at_rent", "zones", "tiers", "uplift", "source", NULL};
static const char *const subsidy_share_keys[] = {"kind",   "area_cap", "tiers",
                                                 "uplift", "source",   NULL};
static const char *const zone_keys[] = {"code", "zh", "en", "districts", NULL};
static const char *const tier_amount_keys[] = {"tier", "categories", "income", "amounts", NULL};
static const char *const tier_share_keys[] = {"tier", "categories", "income", "share_percent",
                                              NULL};
static const char *const band_keys[] = {"min", "min_inclusive", "max", "max_inclusive", NULL};
static const char *const uplift_keys[] = {"categories", "elderly_age", "tiers", NULL};

static void parse_zones(const json_t *v, const char *path, struct subsidy *s, struct err_list *errs)
{
    long n = array_value(v, path, 1, POLICY_ZONES_MAX, errs);
    for (long i = 0; i < n; i++) {
        char zp[ERR_FIELD_MAX], dp[ERR_FIELD_MAX];
        path_index(zp, path, (size_t)i);
        struct zone *z = &s->zones[i];
        const json_t *o = json_array_get(v, (size_t)i);
        if (!object_value(o, zp, errs)) continue;
        check_keys(o, zp, zone_keys, errs);
        if (get_code_text(o, zp, "code", z->code, POLICY_CODE_MAX, errs) == 0)
            for (long k = 0; k < i; k++)
                if (strcmp(s->zones[k].code, z->code) == 0) {
                    char cp[ERR_FIELD_MAX];
                    path_key(cp, zp, "code");
                    FAIL(errs, cp, "分区代码“%s”重复", "zone code \"%s\" is repeated", z->code);
                }
        get_text(o, zp, "zh", z->zh, POLICY_TEXT_MAX, 1, errs);
        get_text(o, zp, "en", z->en, POLICY_TEXT_MAX, 1, errs);
        const json_t *d = member(o, zp, "districts", 0, dp, errs);
        long nd = d ? array_value(d, dp, 0, POLICY_ZONE_DISTRICTS_MAX, errs) : 0;
        for (long k = 0; k < nd; k++) {
            char ip[ERR_FIELD_MAX];
            path_index(ip, dp, (size_t)k);
            const json_t *r = json_array_get(d, (size_t)k);
            if (!json_is_string(r) || !all_digits(json_string_value(r), 6, 6)) {
                if (!json_is_string(r))
                    json_errors_wrong_type(errs, ip, r, "字符串形式的区县代码（如 \"110116\"）",
                                           "a district code as a string (e.g. \"110116\")");
                else
                    FAIL(errs, ip, "区县代码“%.40s”无效：应为 6 位数字",
                         "district code \"%.40s\" is not valid: use 6 digits",
                         json_string_value(r));
                continue;
            }
            const char *code = json_string_value(r);
            int seen = -1;
            for (long zi = 0; zi <= i && seen < 0; zi++)
                for (int di = 0; di < s->zones[zi].ndistricts; di++)
                    if (strcmp(s->zones[zi].districts[di], code) == 0) seen = (int)zi;
            if (seen >= 0) {
                FAIL(errs, ip, "区县“%s”已列在 zones[%d] 中",
                     "district \"%s\" is already in zones[%d]", code, seen);
                continue;
            }
            memcpy(z->districts[z->ndistricts++], code, 7);
        }
        if (i == 0 && d && json_is_array(d) && json_array_size(d) > 0)
            FAIL(errs, dp, "第一个分区是默认分区，不能列出区县",
                 "the first zone is the default zone and lists no districts");
        if (i > 0 && (!d || (json_is_array(d) && json_array_size(d) == 0)))
            FAIL(errs, dp, "除第一个（默认）分区外，每个分区须列出所含区县代码",
                 "every zone but the first (the default) must list its district codes");
    }
    s->nzones = n > 0 ? (int)n : 0;
}

/* The band as whole fen [lo, hi]. */
static void band_bounds(const struct income_band *b, int64_t *lo, int64_t *hi)
{
    *lo = b->has_min ? b->min + (b->min_inclusive ? 0 : 1) : INT64_MIN;
    *hi = b->has_max ? b->max - (b->max_inclusive ? 0 : 1) : INT64_MAX;
}

/* "(1200.00, 1600.00]" — the same in both languages. */
static void band_text(const struct income_band *b, char out[80])
{
    char lo[32] = "…", hi[32] = "…";
    if (b->has_min) money_format(b->min, lo);
    if (b->has_max) money_format(b->max, hi);
    snprintf(out, 80, "%c%s, %s%c", b->has_min && b->min_inclusive ? '[' : '(', lo, hi,
             b->has_max && b->max_inclusive ? ']' : ')');
}

static int parse_band(const json_t *o, const char *path, struct income_band *b,
                      struct err_list *errs)
{
    char kp[ERR_FIELD_MAX];
    int ok = 1;
    if (!object_value(o, path, errs)) return -1;
    check_keys(o, path, band_keys, errs);
    if (json_object_get(o, "min")) {
        if (get_decimal(o, path, "min", DEC_MONEY, 1, &b->min, errs) ||
            get_bool(o, path, "min_inclusive", 1, &b->min_inclusive, errs))
            ok = 0;
        b->has_min = 1;
    } else if (member(o, path, "min_inclusive", 0, kp, errs)) {
        FAIL(errs, kp, "只能与 min 一起使用", "only goes with min");
        ok = 0;
    }
    if (json_object_get(o, "max")) {
        if (get_decimal(o, path, "max", DEC_MONEY, 1, &b->max, errs) ||
            get_bool(o, path, "max_inclusive", 1, &b->max_inclusive, errs))
            ok = 0;
        b->has_max = 1;
    } else if (member(o, path, "max_inclusive", 0, kp, errs)) {
        FAIL(errs, kp, "只能与 max 一起使用", "only goes with max");
        ok = 0;
    }
    if (!b->has_min && !b->has_max) {
        FAIL(errs, path, "收入区间须至少给出 min 或 max", "an income band needs min, max or both");
        return -1;
    }
    int64_t lo, hi;
    band_bounds(b, &lo, &hi);
    if (ok && lo > hi) {
        char t[80];
        band_text(b, t);
        FAIL(errs, path, "收入区间 %s 为空", "the income band %s is empty", t);
        ok = 0;
    }
    return ok ? 0 : -1;
}

static void parse_tier(const json_t *o, const char *path, int i, struct subsidy *s,
                       unsigned *used_categories, int *band_ok, struct err_list *errs)
{
    struct tier *t = &s->tiers[i];
    char kp[ERR_FIELD_MAX];
    size_t before = errs->total;
    *band_ok = 0;
    if (!object_value(o, path, errs)) return;
    check_keys(o, path, s->kind == SUBSIDY_AMOUNT ? tier_amount_keys : tier_share_keys, errs);
    const json_t *v = member(o, path, "tier", 1, kp, errs);
    int64_t number;
    if (v && int_value(v, kp, 1, POLICY_TIERS_MAX, &number, errs) == 0) {
        if (number != i + 1)
            FAIL(errs, kp, "档次须从 1 起按顺序编号：此处应为 %d，实际为 %lld",
                 "tiers must be numbered 1..n in order: %d expected here, got %lld", i + 1,
                 (long long)number);
    }
    t->number = i + 1;
    if ((v = member(o, path, "categories", 0, kp, errs))) {
        codes_value(v, kp, priority_names, PRI_COUNT, "优先类别", "priority category",
                    &t->categories, errs);
        for (int c = 0; c < PRI_COUNT; c++)
            if (t->categories & *used_categories & (1u << c))
                FAIL(errs, kp, "类别“%s”已列在前面的档次中",
                     "category \"%s\" is already in an earlier tier", priority_names[c].code);
        *used_categories |= t->categories;
    }
    if ((v = member(o, path, "income", 0, kp, errs))) {
        t->has_income = 1;
        *band_ok = parse_band(v, kp, &t->income, errs) == 0;
    }
    if (!t->categories && !t->has_income && errs->total == before)
        FAIL(errs, path, "此档既无优先类别（categories）也无收入区间（income），没有家庭能落入此档",
             "this tier has neither categories nor an income band: no household could fall in it");
    if (s->kind == SUBSIDY_RENT_SHARE) {
        int64_t bp;
        if (get_decimal(o, path, "share_percent", DEC_PERCENT, 1, &bp, errs) == 0)
            t->share_bp = (int)bp;
        return;
    }
    const json_t *amounts = member(o, path, "amounts", 1, kp, errs);
    if (!amounts || !object_value(amounts, kp, errs)) return;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)amounts, key, val)
    {
        int known = 0;
        for (int z = 0; z < s->nzones; z++)
            if (s->zones[z].code[0] && strcmp(s->zones[z].code, key) == 0) known = 1;
        if (!known) {
            char ap[ERR_FIELD_MAX];
            path_key(ap, kp, key);
            FAIL(errs, ap, "未知的分区“%.40s”：须是 zones 中的代码",
                 "unknown zone \"%.40s\": use a code from zones", key);
        }
    }
    for (int z = 0; z < s->nzones; z++) {
        char ap[ERR_FIELD_MAX];
        if (!s->zones[z].code[0]) continue;
        const json_t *pair = member(amounts, kp, s->zones[z].code, 1, ap, errs);
        if (!pair) continue;
        if (!json_is_array(pair) || json_array_size(pair) != 2) {
            FAIL(errs, ap, "应为两个金额的数组：[小户（少于 large_from_members 人）, 大户]",
                 "must be an array of two amounts: [small household (below large_from_members), "
                 "large household]");
            continue;
        }
        for (size_t k = 0; k < 2; k++) {
            char ip[ERR_FIELD_MAX];
            path_index(ip, ap, k);
            decimal_value(json_array_get(pair, k), ip, DEC_MONEY, &t->amount[z][k], errs);
        }
    }
}

static void parse_tiers(const json_t *v, const char *path, struct subsidy *s, struct err_list *errs)
{
    long n = array_value(v, path, 1, POLICY_TIERS_MAX, errs);
    int band_ok[POLICY_TIERS_MAX] = {0};
    unsigned used = 0;
    for (long i = 0; i < n; i++) {
        char tp[ERR_FIELD_MAX];
        path_index(tp, path, (size_t)i);
        parse_tier(json_array_get(v, (size_t)i), tp, (int)i, s, &used, &band_ok[i], errs);
    }
    s->ntiers = n > 0 ? (int)n : 0;
    /* Income bands of different tiers must not share a single fen. */
    for (int j = 1; j < s->ntiers; j++)
        for (int i = 0; i < j; i++) {
            if (!band_ok[i] || !band_ok[j]) continue;
            const struct income_band *a = &s->tiers[i].income, *b = &s->tiers[j].income;
            int64_t alo, ahi, blo, bhi;
            band_bounds(a, &alo, &ahi);
            band_bounds(b, &blo, &bhi);
            if ((alo > blo ? alo : blo) > (ahi < bhi ? ahi : bhi)) continue;
            char tp[ERR_FIELD_MAX], ip[ERR_FIELD_MAX], bp[ERR_FIELD_MAX], at[80], bt[80];
            path_index(tp, path, (size_t)j);
            path_key(ip, tp, "income");
            if (b->has_min && blo >= alo && blo <= ahi)
                path_key(bp, ip, "min");
            else if (b->has_max && bhi >= alo && bhi <= ahi)
                path_key(bp, ip, "max");
            else
                memcpy(bp, ip, sizeof bp);
            band_text(b, bt);
            band_text(a, at);
            FAIL(errs, bp, "收入区间 %s 与第 %d 档的收入区间 %s 重叠",
                 "the income band %s overlaps tier %d's band %s", bt, i + 1, at);
        }
}

static void parse_uplift(const json_t *o, const char *path, struct subsidy *s,
                         struct err_list *errs)
{
    char kp[ERR_FIELD_MAX];
    if (!object_value(o, path, errs)) return;
    check_keys(o, path, uplift_keys, errs);
    size_t errors = errs->total;
    const json_t *v = member(o, path, "categories", 0, kp, errs);
    if (v)
        codes_value(v, kp, priority_names, PRI_COUNT, "优先类别", "priority category",
                    &s->uplift_categories, errs);
    if (json_object_get(o, "elderly_age"))
        get_int(o, path, "elderly_age", 0, 150, 1, &s->uplift_elderly_age, errs);
    if (errs->total == errors && !s->uplift_categories && !s->uplift_elderly_age)
        FAIL(errs, path, "上调档次须至少给出 categories 或 elderly_age（大于 0）",
             "an uplift needs categories, an elderly_age above 0, or both");
    get_int(o, path, "tiers", 1, POLICY_TIERS_MAX - 1, 1, &s->uplift_tiers, errs);
}

static void parse_subsidy(const json_t *o, const char *path, struct subsidy *s, struct ctx *c)
{
    struct err_list *errs = c->errs;
    char kp[ERR_FIELD_MAX];
    if (!object_value(o, path, errs)) return;
    const json_t *v = member(o, path, "kind", 1, kp, errs);
    if (!v) return;
    if (!json_is_string(v)) {
        json_errors_wrong_type(errs, kp, v, "字符串", "a string");
        return;
    }
    const char *kind = json_string_value(v);
    if (strcmp(kind, subsidy_kind_codes[SUBSIDY_AMOUNT]) == 0)
        s->kind = SUBSIDY_AMOUNT;
    else if (strcmp(kind, subsidy_kind_codes[SUBSIDY_RENT_SHARE]) == 0)
        s->kind = SUBSIDY_RENT_SHARE;
    else {
        FAIL(errs, kp,
             "未知的补贴方式“%.40s”，可用：amount（按档定额）, rent_share（按比例补租金）",
             "unknown subsidy kind \"%.40s\"; use amount (a fixed amount per tier) or rent_share "
             "(a share of the rent)",
             kind);
        return;
    }
    check_keys(o, path, s->kind == SUBSIDY_AMOUNT ? subsidy_amount_keys : subsidy_share_keys, errs);
    if (s->kind == SUBSIDY_AMOUNT) {
        get_int(o, path, "large_from_members", 2, HH_MAX_MEMBERS, 1, &s->large_from_members, errs);
        get_bool(o, path, "cap_at_rent", 1, &s->cap_at_rent, errs);
        if ((v = member(o, path, "zones", 1, kp, errs))) parse_zones(v, kp, s, errs);
    } else {
        if (get_decimal(o, path, "area_cap", DEC_AREA, 1, &s->area_cap, errs) == 0 &&
            s->area_cap == 0) {
            path_key(kp, path, "area_cap");
            FAIL(errs, kp, "面积上限须大于 0", "the area cap must be above 0");
        }
    }
    if ((v = member(o, path, "tiers", 1, kp, errs))) parse_tiers(v, kp, s, errs);
    if ((v = member(o, path, "uplift", 0, kp, errs))) parse_uplift(v, kp, s, errs);
    get_source(o, path, &s->source, c);
}

/* --- programmes and the whole policy ------------------------------------ */

/* --- rounds -------------------------------------------------------------- */

static const char *const round_keys[] = {"shortlist_ratio_permille",
                                         "declines_max",
                                         "offer_days",
                                         "size_layouts",
                                         "source",
                                         "size_layouts_source",
                                         NULL};
static const char *const size_layout_keys[] = {"members_min", "members_max", "layouts", NULL};

static void parse_size_layouts(const json_t *v, const char *path, struct round_rules *r,
                               struct err_list *errs)
{
    long n = array_value(v, path, 1, POLICY_ROUND_SIZES_MAX, errs);
    int ok = n > 0;
    r->nsizes = 0;
    for (long i = 0; i < n; i++) {
        char ip[ERR_FIELD_MAX], kp[ERR_FIELD_MAX];
        path_index(ip, path, (size_t)i);
        const json_t *o = json_array_get(v, (size_t)i);
        struct round_size_layouts *s = &r->sizes[i];
        memset(s, 0, sizeof *s);
        if (!object_value(o, ip, errs)) {
            ok = 0;
            continue;
        }
        check_keys(o, ip, size_layout_keys, errs);
        if (get_int(o, ip, "members_min", 1, HH_MAX_MEMBERS, 1, &s->members_min, errs)) ok = 0;
        if (json_object_get(o, "members_max") &&
            get_int(o, ip, "members_max", 1, HH_MAX_MEMBERS, 1, &s->members_max, errs))
            ok = 0;
        if (s->members_max && s->members_max < s->members_min) {
            path_key(kp, ip, "members_max");
            FAIL(errs, kp, "人数上限 %d 小于下限 %d", "members_max %d is below members_min %d",
                 s->members_max, s->members_min);
            ok = 0;
        }
        const json_t *l = member(o, ip, "layouts", 1, kp, errs);
        if (l) {
            size_t before = errs->total;
            codes_value(l, kp, alloc_layout_names, ALLOC_LAYOUT_COUNT, "户型", "layout",
                        &s->layouts, errs);
            if (errs->total == before && !s->layouts)
                FAIL(errs, kp, "至少须列出一种户型", "must list at least one layout");
        } else {
            ok = 0;
        }
    }
    r->nsizes = n > 0 ? (int)n : 0;
    if (!ok) return;
    /* A household size has at most one entry, and the entries go from small to large. */
    for (int j = 1; j < r->nsizes; j++) {
        const struct round_size_layouts *a = &r->sizes[j - 1], *b = &r->sizes[j];
        char ip[ERR_FIELD_MAX];
        path_index(ip, path, (size_t)j);
        int a_hi = a->members_max ? a->members_max : INT32_MAX;
        if (b->members_min <= a_hi) {
            struct size_limit x = {b->members_min, b->members_max, 0};
            struct size_limit y = {a->members_min, a->members_max, 0};
            char xzh[64], xen[64], yzh[64], yen[64];
            size_range(&x, xzh, xen);
            size_range(&y, yzh, yen);
            FAIL(errs, ip, "人数范围“%s%.0s”与 size_layouts[%d] 的“%s%.0s”重叠或未按从少到多排列",
                 "%.0sthe size range \"%s\" overlaps or comes before size_layouts[%d]'s \"%.0s%s\"",
                 xzh, xen, j - 1, yzh, yen);
        }
    }
}

static void parse_round(const json_t *o, const char *path, struct round_rules *r, struct ctx *c)
{
    struct err_list *errs = c->errs;
    char kp[ERR_FIELD_MAX];
    if (!object_value(o, path, errs)) return;
    check_keys(o, path, round_keys, errs);
    get_int(o, path, "shortlist_ratio_permille", ROUND_RATIO_MIN, ROUND_RATIO_MAX, 1,
            &r->shortlist_ratio_permille, errs);
    get_int(o, path, "declines_max", 1, 99, 1, &r->declines_max, errs);
    get_int(o, path, "offer_days", 1, 365, 1, &r->offer_days, errs);
    const json_t *v = member(o, path, "size_layouts", 1, kp, errs);
    if (v) parse_size_layouts(v, kp, r, errs);
    get_source(o, path, &r->source, c);
    get_source_at(o, path, "size_layouts_source", &r->sizes_source, c);
}

static const char *const programme_keys[] = {
    "publicity_days", "re_report_months", "criteria", "subsidy", "round", "source", NULL};
static const char *const priority_keys[] = {"order", "long_wait_years", "source", NULL};
static const char *const policy_keys[] = {"code",     "version",    "name_zh",
                                          "name_en",  "effective",  "regions",
                                          "priority", "programmes", NULL};

static void parse_programme(const json_t *o, const char *path, struct programme_rules *r,
                            struct ctx *c)
{
    struct err_list *errs = c->errs;
    char kp[ERR_FIELD_MAX];
    r->offered = 1;
    if (!object_value(o, path, errs)) return;
    check_keys(o, path, programme_keys, errs);
    get_int(o, path, "publicity_days", 0, 366, 1, &r->publicity_days, errs);
    get_int(o, path, "re_report_months", 0, 240, 1, &r->re_report_months, errs);
    const json_t *v = member(o, path, "criteria", 1, kp, errs);
    long n = v ? array_value(v, kp, 1, POLICY_CRITERIA_MAX, errs) : 0;
    unsigned seen = 0;
    for (long i = 0; i < n; i++) {
        char cp[ERR_FIELD_MAX];
        path_index(cp, kp, (size_t)i);
        struct criterion *cr = &r->criteria[r->ncriteria];
        if (parse_criterion(json_array_get(v, (size_t)i), cp, cr, c)) {
            memset(cr, 0, sizeof *cr);
            continue;
        }
        if (seen & (1u << cr->kind)) {
            char ckp[ERR_FIELD_MAX];
            path_key(ckp, cp, "criterion");
            FAIL(errs, ckp, "条件“%s”在本保障方式中重复",
                 "criterion \"%s\" is repeated in this programme", criterion_names[cr->kind].code);
        }
        seen |= 1u << cr->kind;
        r->ncriteria++;
    }
    if ((v = member(o, path, "subsidy", 0, kp, errs))) parse_subsidy(v, kp, &r->subsidy, c);
    if ((v = member(o, path, "round", 0, kp, errs))) {
        r->has_round = 1;
        parse_round(v, kp, &r->round, c);
    }
    get_source(o, path, &r->source, c);
}

static void parse_priority(const json_t *o, const char *path, struct policy *p, struct ctx *c)
{
    struct err_list *errs = c->errs;
    char kp[ERR_FIELD_MAX];
    if (!object_value(o, path, errs)) return;
    check_keys(o, path, priority_keys, errs);
    const json_t *v = member(o, path, "order", 1, kp, errs);
    long n = v ? array_value(v, kp, 0, PRI_COUNT + 1, errs) : 0;
    unsigned seen = 0;
    char long_wait_path[ERR_FIELD_MAX] = "";
    for (long i = 0; i < n; i++) {
        char ip[ERR_FIELD_MAX];
        path_index(ip, kp, (size_t)i);
        const json_t *item = json_array_get(v, (size_t)i);
        /* "long_wait": the place of the class of long-waiting families */
        if (json_is_string(item) && strcmp(json_string_value(item), POLICY_LONG_WAIT_CODE) == 0) {
            if (p->long_wait_listed)
                FAIL(errs, ip, "优先类别“%s”重复", "priority category \"%s\" is repeated",
                     POLICY_LONG_WAIT_CODE);
            p->long_wait_listed = 1;
            p->long_wait_rank = p->npriority;
            snprintf(long_wait_path, sizeof long_wait_path, "%s", ip);
            continue;
        }
        if (p->npriority >= PRI_COUNT) {
            FAIL(errs, ip, "优先次序最多 %d 项", "the order has at most %d entries", PRI_COUNT + 1);
            continue;
        }
        int cat =
            code_value(item, ip, priority_names, PRI_COUNT, "优先类别", "priority category", errs);
        if (cat < 0) continue;
        if (seen & (1u << cat)) {
            FAIL(errs, ip, "优先类别“%s”重复", "priority category \"%s\" is repeated",
                 priority_names[cat].code);
            continue;
        }
        seen |= 1u << cat;
        p->priority_order[p->npriority++] = (enum priority_category)cat;
    }
    get_int(o, path, "long_wait_years", 0, 50, 1, &p->long_wait_years, errs);
    if (p->long_wait_listed && p->long_wait_years == 0)
        FAIL(errs, long_wait_path, "次序中列有“%s”，但 long_wait_years 为 0（未启用轮候年限优先）",
             "\"%s\" is in the order but long_wait_years is 0 (the long-wait rule is off)",
             POLICY_LONG_WAIT_CODE);
    get_source(o, path, &p->priority_source, c);
}

int policy_parse(const char *json, size_t len, struct policy *p, struct err_list *errs)
{
    size_t before = errs->total;
    memset(p, 0, sizeof *p);
    for (int i = 0; i < PROG_COUNT; i++)
        round_rules_default(&p->programmes[i].round);
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        json_errors_load_failed(errs, json, len, &jerr);
        return -1;
    }
    struct ctx c = {.errs = errs};
    char kp[ERR_FIELD_MAX];
    if (!json_is_object(root)) {
        json_errors_wrong_type(errs, "", root, "JSON 对象", "a JSON object");
        json_decref(root);
        return -1;
    }
    check_keys(root, "", policy_keys, errs);
    get_code_text(root, "", "code", p->code, POLICY_CODE_MAX, errs);
    const json_t *v = member(root, "", "version", 1, kp, errs);
    if (v && text_value(v, kp, p->version, POLICY_VERSION_MAX, TEXT_REQUIRED, errs) == 0)
        for (const char *s = p->version; *s; s++)
            if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                  (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-')) {
                FAIL(errs, kp, "版本号“%s”无效：只能用字母、数字、点、下划线和连字符（如 2026.1）",
                     "version \"%s\" is not valid: use letters, digits, '.', '_' and '-' (e.g. "
                     "2026.1)",
                     p->version);
                break;
            }
    get_text(root, "", "name_zh", p->name_zh, POLICY_TEXT_MAX, 1, errs);
    get_text(root, "", "name_en", p->name_en, POLICY_TEXT_MAX, 1, errs);
    if ((v = member(root, "", "effective", 1, kp, errs)) &&
        date_value(v, kp, p->effective, errs) == 0)
        memcpy(c.effective, p->effective, sizeof c.effective);
    if ((v = member(root, "", "regions", 1, kp, errs)))
        regions_value(v, kp, p->regions, POLICY_REGIONS_MAX, &p->nregions, errs);
    if ((v = member(root, "", "priority", 1, kp, errs))) parse_priority(v, kp, p, &c);
    const json_t *progs = member(root, "", "programmes", 1, kp, errs);
    if (progs && object_value(progs, kp, errs)) {
        if (json_object_size(progs) == 0)
            FAIL(errs, kp, "至少须有一种保障方式", "needs at least one programme");
        const char *key;
        json_t *val;
        json_object_foreach((json_t *)progs, key, val)
        {
            char pp[ERR_FIELD_MAX];
            path_key(pp, "programmes", key);
            int prog = code_lookup(programme_names, PROG_COUNT, key);
            if (prog < 0) {
                char known[300];
                join_codes(known, sizeof known, programme_names, PROG_COUNT);
                FAIL(errs, pp, "未知的保障方式“%.40s”，可用：%s",
                     "unknown programme \"%.40s\"; use one of: %s", key, known);
                continue;
            }
            parse_programme(val, pp, &p->programmes[prog], &c);
        }
    }
    json_decref(root);
    return errs->total == before ? 0 : -1;
}

/* --- rendering ---------------------------------------------------------- */

static void put_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, json_string(v));
}

static void put_int(json_t *o, const char *key, int64_t v)
{
    json_object_set_new(o, key, json_integer((json_int_t)v));
}

static void put_fixed2(json_t *o, const char *key, int64_t v)
{
    char s[32];
    money_format(v, s); /* the same text for fen, 0.01 m2 and basis points */
    put_str(o, key, s);
}

static json_t *fixed2_string(int64_t v)
{
    char s[32];
    money_format(v, s);
    return json_string(s);
}

static json_t *codes_array(unsigned mask, const struct code_name *table, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        if (mask & (1u << i)) json_array_append_new(a, json_string(table[i].code));
    return a;
}

static json_t *regions_array(const char (*regions)[13], int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(regions[i]));
    return a;
}

static json_t *source_render(const struct policy_source *s)
{
    json_t *o = json_object();
    put_str(o, "document", s->document);
    put_str(o, "effective", s->effective);
    if (s->note[0]) put_str(o, "note", s->note);
    return o;
}

static json_t *criterion_render(const struct criterion *cr)
{
    json_t *o = json_object();
    int kind = (int)cr->kind;
    if (kind < 0 || kind >= CRIT_COUNT) return o;
    enum shape sh = crit_shape[kind];
    put_str(o, "criterion", criterion_names[kind].code);
    switch (sh) {
    case SHAPE_NONE:
        break;
    case SHAPE_REGIONS:
        json_object_set_new(o, "regions", regions_array(cr->regions, cr->nregions));
        break;
    case SHAPE_REGIONS_MONTHS:
        json_object_set_new(o, "regions", regions_array(cr->regions, cr->nregions));
        put_int(o, "months", cr->months);
        break;
    case SHAPE_MONTHS:
        put_int(o, "months", cr->months);
        break;
    case SHAPE_EMPLOYERS: {
        json_t *a = json_array();
        for (int i = 0; i < cr->nemployers; i++)
            json_array_append_new(a, json_string(cr->employers[i]));
        json_object_set_new(o, "employers", a);
        break;
    }
    case SHAPE_AREA:
        put_fixed2(o, "area", cr->value);
        break;
    case SHAPE_AMOUNT:
        put_fixed2(o, "amount", cr->value);
        break;
    case SHAPE_BY_SIZE: {
        json_t *a = json_array();
        for (int i = 0; i < cr->nsizes; i++) {
            json_t *s = json_object();
            put_int(s, "members_min", cr->sizes[i].members_min);
            if (cr->sizes[i].members_max) put_int(s, "members_max", cr->sizes[i].members_max);
            put_fixed2(s, "amount", cr->sizes[i].value);
            json_array_append_new(a, s);
        }
        json_object_set_new(o, "by_size", a);
        break;
    }
    case SHAPE_TENURES:
        json_object_set_new(o, "tenures", codes_array(cr->tenures, tenure_names, TEN_COUNT));
        break;
    case SHAPE_YEARS:
        put_int(o, "years", cr->value);
        break;
    }
    if (shape_has_inclusive(sh)) json_object_set_new(o, "inclusive", json_boolean(cr->inclusive));
    json_object_set_new(o, "source", source_render(&cr->source));
    return o;
}

static json_t *tier_render(const struct subsidy *s, const struct tier *t)
{
    json_t *o = json_object();
    put_int(o, "tier", t->number);
    if (t->categories)
        json_object_set_new(o, "categories", codes_array(t->categories, priority_names, PRI_COUNT));
    if (t->has_income) {
        json_t *b = json_object();
        if (t->income.has_min) {
            put_fixed2(b, "min", t->income.min);
            json_object_set_new(b, "min_inclusive", json_boolean(t->income.min_inclusive));
        }
        if (t->income.has_max) {
            put_fixed2(b, "max", t->income.max);
            json_object_set_new(b, "max_inclusive", json_boolean(t->income.max_inclusive));
        }
        json_object_set_new(o, "income", b);
    }
    if (s->kind == SUBSIDY_RENT_SHARE) {
        put_fixed2(o, "share_percent", t->share_bp);
    } else {
        json_t *amounts = json_object();
        for (int z = 0; z < s->nzones && z < POLICY_ZONES_MAX; z++) {
            json_t *pair = json_array();
            json_array_append_new(pair, fixed2_string(t->amount[z][0]));
            json_array_append_new(pair, fixed2_string(t->amount[z][1]));
            json_object_set_new(amounts, s->zones[z].code, pair);
        }
        json_object_set_new(o, "amounts", amounts);
    }
    return o;
}

static json_t *subsidy_render(const struct subsidy *s)
{
    json_t *o = json_object();
    put_str(o, "kind", subsidy_kind_codes[s->kind]);
    if (s->kind == SUBSIDY_AMOUNT) {
        put_int(o, "large_from_members", s->large_from_members);
        json_object_set_new(o, "cap_at_rent", json_boolean(s->cap_at_rent));
        json_t *zones = json_array();
        for (int i = 0; i < s->nzones && i < POLICY_ZONES_MAX; i++) {
            const struct zone *z = &s->zones[i];
            json_t *zo = json_object();
            put_str(zo, "code", z->code);
            put_str(zo, "zh", z->zh);
            put_str(zo, "en", z->en);
            json_t *d = json_array();
            for (int k = 0; k < z->ndistricts; k++)
                json_array_append_new(d, json_string(z->districts[k]));
            json_object_set_new(zo, "districts", d);
            json_array_append_new(zones, zo);
        }
        json_object_set_new(o, "zones", zones);
    } else {
        put_fixed2(o, "area_cap", s->area_cap);
    }
    json_t *tiers = json_array();
    for (int i = 0; i < s->ntiers && i < POLICY_TIERS_MAX; i++)
        json_array_append_new(tiers, tier_render(s, &s->tiers[i]));
    json_object_set_new(o, "tiers", tiers);
    if (s->uplift_tiers) {
        json_t *u = json_object();
        json_object_set_new(u, "categories",
                            codes_array(s->uplift_categories, priority_names, PRI_COUNT));
        put_int(u, "elderly_age", s->uplift_elderly_age);
        put_int(u, "tiers", s->uplift_tiers);
        json_object_set_new(o, "uplift", u);
    }
    json_object_set_new(o, "source", source_render(&s->source));
    return o;
}

static json_t *round_render(const struct round_rules *r)
{
    json_t *o = json_object();
    put_int(o, "shortlist_ratio_permille", r->shortlist_ratio_permille);
    put_int(o, "declines_max", r->declines_max);
    put_int(o, "offer_days", r->offer_days);
    json_t *sizes = json_array();
    for (int i = 0; i < r->nsizes && i < POLICY_ROUND_SIZES_MAX; i++) {
        const struct round_size_layouts *s = &r->sizes[i];
        json_t *e = json_object();
        put_int(e, "members_min", s->members_min);
        if (s->members_max) put_int(e, "members_max", s->members_max);
        json_object_set_new(e, "layouts",
                            codes_array(s->layouts, alloc_layout_names, ALLOC_LAYOUT_COUNT));
        json_array_append_new(sizes, e);
    }
    json_object_set_new(o, "size_layouts", sizes);
    json_object_set_new(o, "source", source_render(&r->source));
    json_object_set_new(o, "size_layouts_source", source_render(&r->sizes_source));
    return o;
}

static json_t *programme_render(const struct programme_rules *r)
{
    json_t *o = json_object();
    put_int(o, "publicity_days", r->publicity_days);
    put_int(o, "re_report_months", r->re_report_months);
    json_t *criteria = json_array();
    for (int i = 0; i < r->ncriteria && i < POLICY_CRITERIA_MAX; i++)
        json_array_append_new(criteria, criterion_render(&r->criteria[i]));
    json_object_set_new(o, "criteria", criteria);
    if (r->subsidy.kind == SUBSIDY_AMOUNT || r->subsidy.kind == SUBSIDY_RENT_SHARE)
        json_object_set_new(o, "subsidy", subsidy_render(&r->subsidy));
    if (r->has_round) json_object_set_new(o, "round", round_render(&r->round));
    json_object_set_new(o, "source", source_render(&r->source));
    return o;
}

/* The canonical tree; NULL when out of memory. */
static json_t *policy_tree(const struct policy *p)
{
    json_t *o = json_object();
    if (!o) return NULL;
    put_str(o, "code", p->code);
    put_str(o, "version", p->version);
    put_str(o, "name_zh", p->name_zh);
    put_str(o, "name_en", p->name_en);
    put_str(o, "effective", p->effective);
    json_object_set_new(o, "regions", regions_array(p->regions, p->nregions));
    json_t *pri = json_object();
    json_t *order = json_array();
    for (int i = 0; i <= p->npriority && i <= PRI_COUNT; i++) {
        if (p->long_wait_listed && p->long_wait_rank == i)
            json_array_append_new(order, json_string(POLICY_LONG_WAIT_CODE));
        int c = i < p->npriority && i < PRI_COUNT ? (int)p->priority_order[i] : -1;
        if (c >= 0 && c < PRI_COUNT)
            json_array_append_new(order, json_string(priority_names[c].code));
    }
    json_object_set_new(pri, "order", order);
    put_int(pri, "long_wait_years", p->long_wait_years);
    json_object_set_new(pri, "source", source_render(&p->priority_source));
    json_object_set_new(o, "priority", pri);
    json_t *progs = json_object();
    for (int i = 0; i < PROG_COUNT; i++)
        if (p->programmes[i].offered)
            json_object_set_new(progs, programme_names[i].code,
                                programme_render(&p->programmes[i]));
    json_object_set_new(o, "programmes", progs);
    return o;
}

/* The canonical layout: 2-space indent, one member or element a line, but
 * arrays of scalars on one line (["2500.00", "3500.00"]) so that a table of
 * figures reads as a table. Scalars are written by jansson. */
static int layout(struct buf *b, const json_t *v, int indent)
{
    int rc = 0;
    if (json_is_object(v)) {
        if (json_object_size(v) == 0) return buf_puts(b, "{}");
        const char *key;
        json_t *val;
        size_t i = 0;
        rc |= buf_puts(b, "{\n");
        json_object_foreach((json_t *)v, key, val)
        {
            json_t *k = json_string(key);
            char *ks = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
            json_decref(k);
            if (!ks) return -1;
            rc |= buf_printf(b, "%*s%s: ", indent + 2, "", ks);
            free(ks);
            rc |= layout(b, val, indent + 2);
            rc |= buf_puts(b, ++i < json_object_size(v) ? ",\n" : "\n");
        }
        return rc | buf_printf(b, "%*s}", indent, "");
    }
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        if (n == 0) return buf_puts(b, "[]");
        int flat = 1;
        for (size_t i = 0; i < n; i++)
            if (json_is_object(json_array_get(v, i)) || json_is_array(json_array_get(v, i)))
                flat = 0;
        rc |= buf_puts(b, flat ? "[" : "[\n");
        for (size_t i = 0; i < n; i++) {
            if (!flat) rc |= buf_printf(b, "%*s", indent + 2, "");
            rc |= layout(b, json_array_get(v, i), indent + 2);
            if (i + 1 < n) rc |= buf_puts(b, flat ? ", " : ",\n");
        }
        return rc | (flat ? buf_puts(b, "]") : buf_printf(b, "\n%*s]", indent, ""));
    }
    char *text = json_dumps(v, JSON_ENCODE_ANY);
    if (!text) return -1;
    rc = buf_puts(b, text);
    free(text);
    return rc;
}

char *policy_render(const struct policy *p)
{
    json_t *tree = policy_tree(p);
    if (!tree) return NULL;
    struct buf b = {0};
    int rc = layout(&b, tree, 0);
    json_decref(tree);
    if (rc || buf_putc(&b, '\n')) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

/* --- diff --------------------------------------------------------------- */

enum { DIFF_PATH_MAX = 256 };

static void diff_add(json_t *out, const char *path, json_t *before, json_t *after)
{
    json_t *c = json_object();
    put_str(c, "path", path);
    json_object_set(c, "before", before ? before : json_null());
    json_object_set(c, "after", after ? after : json_null());
    json_array_append_new(out, c);
}

static void diff_walk(json_t *out, const char *path, json_t *a, json_t *b)
{
    char sub[DIFF_PATH_MAX];
    if (json_is_object(a) && json_is_object(b)) {
        /* a's keys in a's order; b's new keys where they come in b. */
        void *ib = json_object_iter(b);
        const char *ka;
        json_t *va;
        json_object_foreach(a, ka, va)
        {
            for (; ib && !json_object_get(a, json_object_iter_key(ib));
                 ib = json_object_iter_next(b, ib)) {
                path_key_n(sub, sizeof sub, path, json_object_iter_key(ib));
                diff_add(out, sub, NULL, json_object_iter_value(ib));
            }
            if (ib && strcmp(json_object_iter_key(ib), ka) == 0) ib = json_object_iter_next(b, ib);
            path_key_n(sub, sizeof sub, path, ka);
            json_t *vb = json_object_get(b, ka);
            if (vb)
                diff_walk(out, sub, va, vb);
            else
                diff_add(out, sub, va, NULL);
        }
        for (; ib; ib = json_object_iter_next(b, ib))
            if (!json_object_get(a, json_object_iter_key(ib))) {
                path_key_n(sub, sizeof sub, path, json_object_iter_key(ib));
                diff_add(out, sub, NULL, json_object_iter_value(ib));
            }
        return;
    }
    if (json_is_array(a) && json_is_array(b)) {
        size_t na = json_array_size(a), nb = json_array_size(b);
        for (size_t i = 0; i < na || i < nb; i++) {
            path_index_n(sub, sizeof sub, path, i);
            if (i < na && i < nb)
                diff_walk(out, sub, json_array_get(a, i), json_array_get(b, i));
            else
                diff_add(out, sub, i < na ? json_array_get(a, i) : NULL,
                         i < nb ? json_array_get(b, i) : NULL);
        }
        return;
    }
    if (!json_equal(a, b)) diff_add(out, path, a, b);
}

json_t *policy_diff(const struct policy *a, const struct policy *b)
{
    json_t *ta = policy_tree(a), *tb = policy_tree(b), *out = json_array();
    if (ta && tb && out)
        diff_walk(out, "", ta, tb);
    else {
        json_decref(out);
        out = NULL;
    }
    json_decref(ta);
    json_decref(tb);
    return out;
}
