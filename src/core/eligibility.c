/* core/eligibility — the engine (see eligibility.h).
 *
 * Reading order: eligibility_evaluate, at the bottom, checks each criterion
 * of the programme with the one check_* function of its kind, then derives
 * the priority categories, then, for subsidies, picks the tier and computes
 * the amount. Every check fills one struct criterion_result: pass or fail,
 * the two figures compared, and one sentence per language.
 *
 * Per-capita figures are never divided to be compared: "per-capita monthly
 * income <= L" is "12-month total <= L x 12 x members". Division appears
 * only where a per-capita figure is shown in a sentence (rounded down).
 */
#include "core/eligibility.h"

#include "base/date.h"
#include "base/money.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* 老龄: a member aged 60 or more (the category's definition, core/household.h). */
enum { ELDERLY_AGE = 60 };

/* ---------------------------------------------------------------- text */

/* Cuts s back to the last whole UTF-8 character (after a truncated write). */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), lead = n;
    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0) return;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n - (lead - 1) < need) s[lead - 1] = '\0';
}

/* Appends to the text in dst (cap bytes); what does not fit is dropped at a
 * character boundary. */
__attribute__((format(printf, 3, 4))) static void text_add(char *dst, size_t cap, const char *fmt,
                                                           ...)
{
    size_t used = strlen(dst);
    if (used + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst + used, cap - used, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n >= cap - used) utf8_trim(dst);
}

/* Both take a char array (not a pointer): the size comes with it. */
#define SET(array, ...) ((array)[0] = '\0', text_add((array), sizeof(array), __VA_ARGS__))
#define ADD(array, ...) text_add((array), sizeof(array), __VA_ARGS__)

/* A phrase in both languages. */
struct words {
    char zh[ELIG_SENTENCE_MAX], en[ELIG_SENTENCE_MAX];
};

struct word_pair {
    const char *zh, *en;
};

static struct words money_words(int64_t fen)
{
    char s[40];
    money_format_grouped(fen, s);
    struct words w;
    SET(w.zh, "%s 元", s);
    SET(w.en, "%s yuan", s);
    return w;
}

static struct words area_words(int64_t centi_m2)
{
    char s[32];
    area_format(centi_m2, s);
    struct words w;
    SET(w.zh, "%s 平方米", s);
    SET(w.en, "%s m²", s);
    return w;
}

static struct words years_words(int64_t years)
{
    struct words w;
    SET(w.zh, "%lld 周岁", (long long)years);
    SET(w.en, "%lld years", (long long)years);
    return w;
}

static struct words months_words(int64_t months)
{
    struct words w;
    SET(w.zh, "%lld 个月", (long long)months);
    SET(w.en, "%lld months", (long long)months);
    return w;
}

static const char *people_en(int64_t n)
{
    return n == 1 ? "person" : "people";
}

/* 9500 -> "95%", 2550 -> "25.5%". */
static void percent_text(int bp, char out[16])
{
    if (bp % 100 == 0)
        snprintf(out, 16, "%d%%", bp / 100);
    else if (bp % 10 == 0)
        snprintf(out, 16, "%d.%d%%", bp / 100, bp % 100 / 10);
    else
        snprintf(out, 16, "%d.%02d%%", bp / 100, bp % 100);
}

/* ---------------------------------------------------------- comparisons */

enum bound {
    AT_MOST, /* an upper limit (上限) */
    AT_LEAST /* a lower limit (下限) */
};

/* The sign of figure - limit x factor (factor >= 1), without overflow. */
static int compare_scaled(int64_t figure, int64_t limit, int64_t factor)
{
    if (limit > INT64_MAX / factor) return -1;
    if (limit < INT64_MIN / factor) return 1;
    int64_t scaled = limit * factor;
    return (figure > scaled) - (figure < scaled);
}

static int compare(int64_t figure, int64_t limit)
{
    return compare_scaled(figure, limit, 1);
}

/* Whether a figure that compares to the limit as cmp (<0, 0, >0) meets the
 * bound. inclusive: the limit itself meets it. */
static int bound_met(int cmp, enum bound b, int inclusive)
{
    if (cmp == 0) return inclusive;
    return b == AT_MOST ? cmp < 0 : cmp > 0;
}

/* How the figure stands to the limit, in the words of the sentence. */
enum standing { NOT_ABOVE, BELOW, ABOVE, NOT_BELOW };
static const struct word_pair standing_words[] = {
    [NOT_ABOVE] = {"不高于", "not above"},
    [BELOW] = {"低于", "below"},
    [ABOVE] = {"高于", "above"},
    [NOT_BELOW] = {"不低于", "not below"},
};

static enum standing standing_of(enum bound b, int inclusive, int met)
{
    if (b == AT_MOST)
        return met ? (inclusive ? NOT_ABOVE : BELOW) : (inclusive ? ABOVE : NOT_BELOW);
    return met ? (inclusive ? NOT_BELOW : ABOVE) : (inclusive ? BELOW : NOT_ABOVE);
}

/* The common sentence of a bound, from r->pass:
 *   「<what> <actual>，<不高于><scope> <limit>」
 *   "<what> <actual>, <not above> <limit><scope>"
 * scope names the size group (" 3 人及以下家庭上限" / " (the limit for ...)"). */
static void say_bound(struct criterion_result *r, struct word_pair what, const struct words *actual,
                      enum bound b, int inclusive, const struct words *limit,
                      const struct words *scope)
{
    struct word_pair w = standing_words[standing_of(b, inclusive, r->pass)];
    SET(r->zh, "%s %s，%s%s %s", what.zh, actual->zh, w.zh, scope->zh, limit->zh);
    SET(r->en, "%s %s, %s %s%s", what.en, actual->en, w.en, limit->en, scope->en);
}

/* ------------------------------------------------------ the household */

struct context {
    const struct household_facts *facts;
    const char *as_of;
    const struct member_facts *applicant; /* NULL when the household names none */
    int members;                          /* 1..HH_MAX_MEMBERS */
};

#define FACT_BIT(fact) (1u << (fact))

static int verified(const struct household_facts *f, unsigned facts_needed)
{
    return (f->verified & facts_needed) == facts_needed;
}

/* Whole years on as_of; -1 when either date is not valid. */
static int age_on(const char *birth, const char *as_of)
{
    if (date_valid(birth) != 0 || date_valid(as_of) != 0) return -1;
    return date_age(birth, as_of);
}

/* 1 when code starts with one of the criterion's region prefixes. */
static int in_regions(const struct criterion *c, const char *code)
{
    if (code[0] == '\0') return 0;
    for (int i = 0; i < c->nregions && i < POLICY_REGIONS_MAX; i++) {
        size_t n = strlen(c->regions[i]);
        if (n > 0 && strncmp(code, c->regions[i], n) == 0) return 1;
    }
    return 0;
}

/* "11、12" / "11, 12" */
static struct words regions_words(const struct criterion *c)
{
    struct words w = {{0}, {0}};
    for (int i = 0; i < c->nregions && i < POLICY_REGIONS_MAX; i++) {
        ADD(w.zh, "%s%s", i ? "、" : "", c->regions[i]);
        ADD(w.en, "%s%s", i ? ", " : "", c->regions[i]);
    }
    return w;
}

static void no_applicant(struct criterion_result *r)
{
    r->pass = 0;
    SET(r->zh, "家庭未登记申请人，无法认定");
    SET(r->en, "the household names no applicant, so this cannot be decided");
}

/* The size limit covering a household of `members`, or NULL. */
static const struct size_limit *size_limit_for(const struct criterion *c, int members)
{
    for (int i = 0; i < c->nsizes && i < POLICY_SIZES_MAX; i++) {
        const struct size_limit *s = &c->sizes[i];
        if (members >= s->members_min && (s->members_max == 0 || members <= s->members_max))
            return s;
    }
    return NULL;
}

/* The size group in the limit field ("≤ 3 人") and in sentences
 * (" 3 人及以下家庭上限" / " (the limit for households of 3 or fewer)").
 * A group covering every size is not named. */
static void size_group(const struct size_limit *s, char label[ELIG_FIGURE_MAX], struct words *scope)
{
    int lo = s->members_min, hi = s->members_max;
    char zh[64], en[64];
    if (hi == 0 && lo <= 1) {
        label[0] = scope->zh[0] = scope->en[0] = '\0';
        return;
    }
    if (lo == hi) {
        snprintf(label, ELIG_FIGURE_MAX, "%d 人", lo);
        snprintf(zh, sizeof zh, "%d 人", lo);
        snprintf(en, sizeof en, "%d", lo);
    } else if (hi == 0) {
        snprintf(label, ELIG_FIGURE_MAX, "≥ %d 人", lo);
        snprintf(zh, sizeof zh, "%d 人及以上", lo);
        snprintf(en, sizeof en, "%d or more", lo);
    } else if (lo <= 1) {
        snprintf(label, ELIG_FIGURE_MAX, "≤ %d 人", hi);
        snprintf(zh, sizeof zh, "%d 人及以下", hi);
        snprintf(en, sizeof en, "%d or fewer", hi);
    } else {
        snprintf(label, ELIG_FIGURE_MAX, "%d–%d 人", lo, hi);
        snprintf(zh, sizeof zh, "%d 至 %d 人", lo, hi);
        snprintf(en, sizeof en, "%d to %d", lo, hi);
    }
    SET(scope->zh, " %s家庭上限", zh);
    SET(scope->en, " (the limit for households of %s)", en);
}

/* ------------------------------------------------------------ criteria */

/* A household total (income, assets) against the limit for its size
 * (`sizes`), or against `value` when the criterion has no sizes. */
static void check_total_max(const struct context *cx, const struct criterion *c, int64_t total,
                            struct word_pair what, struct criterion_result *r)
{
    struct words actual = money_words(total), scope = {{0}, {0}};
    int64_t limit = c->value;
    char label[ELIG_FIGURE_MAX] = "";
    money_format_grouped(total, r->actual);
    if (c->nsizes > 0) {
        const struct size_limit *s = size_limit_for(c, cx->members);
        if (!s) {
            r->pass = 0;
            SET(r->zh, "%s %s，政策未规定 %d 人家庭的上限，无法认定", what.zh, actual.zh,
                cx->members);
            SET(r->en, "%s %s, but the policy sets no limit for a household of %d", what.en,
                actual.en, cx->members);
            return;
        }
        limit = s->value;
        size_group(s, label, &scope);
    }
    char figure[40];
    money_format_grouped(limit, figure);
    SET(r->limit, "%s%s%s", label, label[0] ? ": " : "", figure);
    r->pass = bound_met(compare(total, limit), AT_MOST, c->inclusive);
    struct words limit_words = money_words(limit);
    say_bound(r, what, &actual, AT_MOST, c->inclusive, &limit_words, &scope);
}

static void check_annual_income(const struct context *cx, const struct criterion *c,
                                struct criterion_result *r)
{
    r->verified = verified(cx->facts, FACT_BIT(FACT_INCOME));
    check_total_max(cx, c, facts_income(cx->facts),
                    (struct word_pair){"家庭年收入", "household annual income"}, r);
}

static void check_assets(const struct context *cx, const struct criterion *c,
                         struct criterion_result *r)
{
    r->verified = verified(cx->facts, FACT_BIT(FACT_HOMES) | FACT_BIT(FACT_VEHICLES) |
                                          FACT_BIT(FACT_DEPOSITS) | FACT_BIT(FACT_SECURITIES) |
                                          FACT_BIT(FACT_INSURANCE));
    check_total_max(cx, c, facts_assets(cx->facts),
                    (struct word_pair){"家庭资产", "household assets"}, r);
}

/* total12 <= value x 12 x members; the sentence shows total12 / 12 / members
 * rounded down to the fen, and the total when that rounding hid something. */
static void check_per_capita_income(const struct context *cx, const struct criterion *c,
                                    struct criterion_result *r)
{
    int64_t total = facts_income(cx->facts), divisor = 12 * (int64_t)cx->members;
    r->verified = verified(cx->facts, FACT_BIT(FACT_INCOME));
    r->pass = bound_met(compare_scaled(total, c->value, divisor), AT_MOST, c->inclusive);
    money_format_grouped(total / divisor, r->actual);
    money_format_grouped(c->value, r->limit);

    struct words actual = money_words(total / divisor), limit = money_words(c->value);
    if (total % divisor != 0) {
        struct words sum = money_words(total);
        ADD(actual.zh, "（%d 人 12 个月共 %s）", cx->members, sum.zh);
        ADD(actual.en, " (%s over 12 months for %d %s)", sum.en, cx->members,
            people_en(cx->members));
    }
    struct words no_scope = {{0}, {0}};
    say_bound(r, (struct word_pair){"家庭人均月收入", "per-capita monthly income"}, &actual,
              AT_MOST, c->inclusive, &limit, &no_scope);
}

/* The area counted: homes registered to members, plus the current home when
 * it is a rented public flat (承租公房: it houses the family as a home of its
 * own would). area <= value x members. */
static void check_housing_area(const struct context *cx, const struct criterion *c,
                               struct criterion_result *r)
{
    const struct household_facts *f = cx->facts;
    int64_t owned = facts_home_area(f);
    int64_t public_flat = f->tenure == TEN_PUBLIC_RENTAL ? f->housing_area : 0;
    int64_t area = owned + public_flat, n = cx->members;
    r->verified = verified(f, FACT_BIT(FACT_HOMES));
    r->pass = bound_met(compare_scaled(area, c->value, n), AT_MOST, c->inclusive);
    area_format(area / n, r->actual);
    area_format(c->value, r->limit);

    struct words actual = area_words(area / n), limit = area_words(c->value);
    if (area % n != 0 || public_flat > 0) {
        struct words sum = area_words(area), flat = area_words(public_flat);
        ADD(actual.zh, "（%lld 人共 %s", (long long)n, sum.zh);
        ADD(actual.en, " (%s for %lld %s", sum.en, (long long)n, people_en(n));
        if (public_flat > 0) {
            ADD(actual.zh, "，含承租公房 %s", flat.zh);
            ADD(actual.en, ", including the rented public flat of %s", flat.en);
        }
        ADD(actual.zh, "）");
        ADD(actual.en, ")");
    }
    struct words no_scope = {{0}, {0}};
    say_bound(r, (struct word_pair){"人均住房面积", "per-capita housing area"}, &actual, AT_MOST,
              c->inclusive, &limit, &no_scope);
}

static void check_no_home(const struct context *cx, const struct criterion *c,
                          struct criterion_result *r)
{
    (void)c;
    int64_t homes = facts_home_count(cx->facts);
    r->verified = verified(cx->facts, FACT_BIT(FACT_HOMES));
    r->pass = homes == 0;
    SET(r->actual, "%lld", (long long)homes);
    SET(r->limit, "0");
    SET(r->zh, "家庭成员名下住房 %lld 套，%s", (long long)homes,
        r->pass ? "无自有住房" : "已有自有住房");
    SET(r->en, "homes owned by members: %lld, %s", (long long)homes,
        r->pass ? "no home owned" : "a home is owned");
}

static void check_tenure(const struct context *cx, const struct criterion *c,
                         struct criterion_result *r)
{
    enum tenure t = cx->facts->tenure;
    int known = (int)t >= 0 && (int)t < TEN_COUNT;
    struct words allowed = {{0}, {0}};
    for (int k = 0; k < TEN_COUNT; k++) {
        if (!(c->tenures & (1u << k))) continue;
        ADD(allowed.zh, "%s%s", allowed.zh[0] ? "、" : "", tenure_names[k].zh);
        ADD(allowed.en, "%s%s", allowed.en[0] ? ", " : "", tenure_names[k].en);
        ADD(r->limit, "%s%s", r->limit[0] ? ";" : "", tenure_names[k].code);
    }
    r->pass = known && (c->tenures & (1u << t)) != 0;
    SET(r->actual, "%s", known ? tenure_names[t].code : "?");
    SET(r->zh, "现住房状况为%s，%s规定情形（%s）", known ? tenure_names[t].zh : "未知",
        r->pass ? "属于" : "不属于", allowed.zh);
    SET(r->en, "current housing: %s, %s of the required situations (%s)",
        known ? tenure_names[t].en : "unknown", r->pass ? "one" : "not one", allowed.en);
}

static void check_hukou_in(const struct context *cx, const struct criterion *c,
                           struct criterion_result *r)
{
    const struct member_facts *a = cx->applicant;
    if (!a) {
        no_applicant(r);
        return;
    }
    struct words regions = regions_words(c);
    r->pass = in_regions(c, a->hukou_region_code);
    SET(r->actual, "%s", a->hukou_region_code);
    SET(r->limit, "%s", regions.en);
    SET(r->zh, "申请人户籍 %s，%s规定地区（%s）内", a->hukou_region_code, r->pass ? "在" : "不在",
        regions.zh);
    SET(r->en, "applicant's hukou %s, %s the required regions (%s)", a->hukou_region_code,
        r->pass ? "within" : "outside", regions.en);
}

/* Hukou in the regions; or else working there (work region, from social
 * insurance) with at least `months` months of social insurance. */
static void check_hukou_or_social_insurance(const struct context *cx, const struct criterion *c,
                                            struct criterion_result *r)
{
    const struct member_facts *a = cx->applicant;
    if (!a) {
        no_applicant(r);
        return;
    }
    if (in_regions(c, a->hukou_region_code)) {
        check_hukou_in(cx, c, r);
        return;
    }
    struct words regions = regions_words(c);
    int works_here = in_regions(c, a->work_region_code);
    int enough = bound_met(compare(a->social_insurance_months, c->months), AT_LEAST, 1);
    r->verified = verified(cx->facts, FACT_BIT(FACT_SOCIAL_INSURANCE));
    r->pass = works_here && enough;
    SET(r->actual, "%lld", (long long)a->social_insurance_months);
    SET(r->limit, "%lld", (long long)c->months);
    SET(r->zh, "申请人户籍 %s，不在规定地区（%s）内；", a->hukou_region_code, regions.zh);
    SET(r->en, "applicant's hukou %s, outside the required regions (%s); ", a->hukou_region_code,
        regions.en);
    if (!works_here && a->work_region_code[0] == '\0') {
        ADD(r->zh, "也未登记工作地");
        ADD(r->en, "no place of work registered");
    } else if (!works_here) {
        ADD(r->zh, "工作地 %s 也不在规定地区内", a->work_region_code);
        ADD(r->en, "place of work %s also outside them", a->work_region_code);
    } else {
        struct words have = months_words(a->social_insurance_months);
        struct words need = months_words(c->months);
        struct word_pair w = standing_words[standing_of(AT_LEAST, 1, enough)];
        ADD(r->zh, "在 %s 工作，缴纳社保 %s，%s %s", a->work_region_code, have.zh, w.zh, need.zh);
        ADD(r->en, "works in %s with %s of social insurance, %s %s", a->work_region_code, have.en,
            w.en, need.en);
    }
}

static void check_social_insurance_months(const struct context *cx, const struct criterion *c,
                                          struct criterion_result *r)
{
    const struct member_facts *a = cx->applicant;
    if (!a) {
        no_applicant(r);
        return;
    }
    r->verified = verified(cx->facts, FACT_BIT(FACT_SOCIAL_INSURANCE));
    r->pass = bound_met(compare(a->social_insurance_months, c->months), AT_LEAST, c->inclusive);
    SET(r->actual, "%lld", (long long)a->social_insurance_months);
    SET(r->limit, "%lld", (long long)c->months);
    struct words actual = months_words(a->social_insurance_months), limit = months_words(c->months),
                 no_scope = {{0}, {0}};
    say_bound(r, (struct word_pair){"申请人社保缴纳", "applicant's social insurance"}, &actual,
              AT_LEAST, c->inclusive, &limit, &no_scope);
}

static void check_employed_in(const struct context *cx, const struct criterion *c,
                              struct criterion_result *r)
{
    const struct member_facts *a = cx->applicant;
    if (!a) {
        no_applicant(r);
        return;
    }
    struct words regions = regions_words(c);
    r->verified = verified(cx->facts, FACT_BIT(FACT_SOCIAL_INSURANCE));
    r->pass = in_regions(c, a->work_region_code);
    SET(r->actual, "%s", a->work_region_code);
    SET(r->limit, "%s", regions.en);
    if (a->work_region_code[0] == '\0') {
        SET(r->zh, "申请人未登记工作地");
        SET(r->en, "the applicant has no registered place of work");
        return;
    }
    SET(r->zh, "申请人工作地 %s，%s规定地区（%s）内", a->work_region_code, r->pass ? "在" : "不在",
        regions.zh);
    SET(r->en, "applicant's place of work %s, %s the required regions (%s)", a->work_region_code,
        r->pass ? "within" : "outside", regions.en);
}

static void check_employer_in(const struct context *cx, const struct criterion *c,
                              struct criterion_result *r)
{
    const struct member_facts *a = cx->applicant;
    if (!a) {
        no_applicant(r);
        return;
    }
    int n = c->nemployers < POLICY_EMPLOYERS_MAX ? c->nemployers : POLICY_EMPLOYERS_MAX;
    r->verified = verified(cx->facts, FACT_BIT(FACT_SOCIAL_INSURANCE));
    r->pass = 0;
    for (int i = 0; i < n && a->employer[0]; i++)
        if (strcmp(a->employer, c->employers[i]) == 0) r->pass = 1;
    SET(r->actual, "%s", a->employer);
    SET(r->limit, "%d", n);
    if (a->employer[0] == '\0') {
        SET(r->zh, "申请人未登记就业单位");
        SET(r->en, "the applicant has no registered employer");
        return;
    }
    SET(r->zh, "申请人就业单位“%s”%s重点单位名录（共 %d 家）内", a->employer,
        r->pass ? "在" : "不在", n);
    SET(r->en, "the applicant's employer \"%s\" is %s the list of key institutions (%d in all)",
        a->employer, r->pass ? "on" : "not on", n);
}

static void check_age(const struct context *cx, const struct criterion *c, enum bound b,
                      struct word_pair what, struct criterion_result *r)
{
    const struct member_facts *a = cx->applicant;
    if (!a) {
        no_applicant(r);
        return;
    }
    int age = age_on(a->birth_date, cx->as_of);
    SET(r->limit, "%lld", (long long)c->value);
    if (age < 0) {
        r->pass = 0;
        SET(r->zh, "%s无法确定（出生日期 %s，认定日期 %s）", what.zh, a->birth_date, cx->as_of);
        SET(r->en, "%s cannot be determined (born %s, as of %s)", what.en, a->birth_date,
            cx->as_of);
        return;
    }
    r->pass = bound_met(compare(age, c->value), b, c->inclusive);
    SET(r->actual, "%d", age);
    struct words actual = years_words(age), limit = years_words(c->value), no_scope = {{0}, {0}};
    say_bound(r, what, &actual, b, c->inclusive, &limit, &no_scope);
}

/* Applies to one-person households only; larger households pass. */
static void check_single_applicant_age(const struct context *cx, const struct criterion *c,
                                       struct criterion_result *r)
{
    if (cx->members != 1) {
        r->pass = 1;
        SET(r->limit, "%lld", (long long)c->value);
        SET(r->zh, "不适用（非单身申请）");
        SET(r->en, "not applicable (not a single applicant)");
        return;
    }
    check_age(cx, c, AT_LEAST, (struct word_pair){"单身申请人年龄", "single applicant's age"}, r);
}

static void check_criterion(const struct context *cx, const struct criterion *c,
                            struct criterion_result *r)
{
    memset(r, 0, sizeof *r);
    r->kind = c->kind;
    r->source = c->source;
    switch (c->kind) {
    case CRIT_HUKOU_IN:
        check_hukou_in(cx, c, r);
        break;
    case CRIT_HUKOU_OR_SOCIAL_INSURANCE:
        check_hukou_or_social_insurance(cx, c, r);
        break;
    case CRIT_SOCIAL_INSURANCE_MONTHS_MIN:
        check_social_insurance_months(cx, c, r);
        break;
    case CRIT_EMPLOYED_IN:
        check_employed_in(cx, c, r);
        break;
    case CRIT_EMPLOYER_IN:
        check_employer_in(cx, c, r);
        break;
    case CRIT_NO_HOME:
        check_no_home(cx, c, r);
        break;
    case CRIT_PER_CAPITA_HOUSING_AREA_MAX:
        check_housing_area(cx, c, r);
        break;
    case CRIT_ANNUAL_INCOME_MAX:
        check_annual_income(cx, c, r);
        break;
    case CRIT_PER_CAPITA_MONTHLY_INCOME_MAX:
        check_per_capita_income(cx, c, r);
        break;
    case CRIT_ASSETS_MAX:
        check_assets(cx, c, r);
        break;
    case CRIT_TENURE_IN:
        check_tenure(cx, c, r);
        break;
    case CRIT_APPLICANT_AGE_MIN:
        check_age(cx, c, AT_LEAST, (struct word_pair){"申请人年龄", "applicant's age"}, r);
        break;
    case CRIT_APPLICANT_AGE_MAX:
        check_age(cx, c, AT_MOST, (struct word_pair){"申请人年龄", "applicant's age"}, r);
        break;
    case CRIT_SINGLE_APPLICANT_AGE_MIN:
        check_single_applicant_age(cx, c, r);
        break;
    default:
        r->pass = 0;
        SET(r->zh, "政策含未知条件（%d），无法认定", (int)c->kind);
        SET(r->en, "the policy has an unknown criterion (%d), so this cannot be decided",
            (int)c->kind);
        break;
    }
    if (r->verified) {
        ADD(r->zh, "（经核对）");
        ADD(r->en, " (verified)");
    }
}

/* ---------------------------------------------------------- priority */

void eligibility_category_facts(const struct household_facts *f, struct category_facts *out)
{
    memset(out, 0, sizeof *out);
    out->stated = f->categories;
    int n = f->nmembers < HH_MAX_MEMBERS ? f->nmembers : HH_MAX_MEMBERS;
    for (int i = 0; i < n; i++) {
        const struct member_facts *m = &f->m[i];
        if (date_valid(m->birth_date) == 0 &&
            (!out->oldest_birth_date[0] || strcmp(m->birth_date, out->oldest_birth_date) < 0))
            memcpy(out->oldest_birth_date, m->birth_date, sizeof out->oldest_birth_date);
        if (m->disability_grade == 1 || m->disability_grade == 2) out->severe_disability = 1;
        if (m->serious_illness) out->serious_illness = 1;
    }
}

/* The stated categories, except that 老龄, 重残 and 大病 are what the
 * members' figures show — ages from the ID numbers on the as-of date (the
 * oldest member decides: an older member is at least as old), disability
 * grades, illness flags — whatever the household declared for them. */
unsigned eligibility_categories(const struct category_facts *c, const char *as_of)
{
    unsigned derived = 1u << PRI_ELDERLY | 1u << PRI_SEVERE_DISABILITY | 1u << PRI_SERIOUS_ILLNESS;
    unsigned categories = c->stated & ~derived;
    if (c->oldest_birth_date[0] && age_on(c->oldest_birth_date, as_of) >= ELDERLY_AGE)
        categories |= 1u << PRI_ELDERLY;
    if (c->severe_disability) categories |= 1u << PRI_SEVERE_DISABILITY;
    if (c->serious_illness) categories |= 1u << PRI_SERIOUS_ILLNESS;
    return categories;
}

static unsigned policy_priority_mask(const struct policy *p)
{
    unsigned mask = 0;
    for (int i = 0; i < p->npriority && i < PRI_COUNT; i++)
        if ((int)p->priority_order[i] >= 0 && (int)p->priority_order[i] < PRI_COUNT)
            mask |= 1u << p->priority_order[i];
    return mask;
}

/* The first category (in enum order) of a mask; PRI_COUNT when empty. */
static enum priority_category first_category(unsigned mask)
{
    for (int k = 0; k < PRI_COUNT; k++)
        if (mask & (1u << k)) return (enum priority_category)k;
    return PRI_COUNT;
}

/* ------------------------------------------------------------ subsidy */

/* Per-capita monthly income (total12 / factor, factor = 12 x members) within
 * the band, compared without dividing. */
static int band_contains(const struct income_band *b, int64_t total12, int64_t factor)
{
    if (b->has_min &&
        !bound_met(compare_scaled(total12, b->min, factor), AT_LEAST, b->min_inclusive))
        return 0;
    if (b->has_max &&
        !bound_met(compare_scaled(total12, b->max, factor), AT_MOST, b->max_inclusive))
        return 0;
    return 1;
}

static int tier_count(const struct subsidy *s)
{
    return s->ntiers < POLICY_TIERS_MAX ? s->ntiers : POLICY_TIERS_MAX;
}

/* The first tier for one of the household's categories, else the first whose
 * income band holds the household's per-capita monthly income; NULL: none. */
static const struct tier *tier_for(const struct subsidy *s, unsigned categories, int64_t total12,
                                   int64_t factor)
{
    for (int i = 0; i < tier_count(s); i++)
        if (s->tiers[i].categories & categories) return &s->tiers[i];
    for (int i = 0; i < tier_count(s); i++)
        if (s->tiers[i].has_income && band_contains(&s->tiers[i].income, total12, factor))
            return &s->tiers[i];
    return NULL;
}

static const struct tier *tier_numbered(const struct subsidy *s, int number)
{
    for (int i = 0; i < tier_count(s); i++)
        if (s->tiers[i].number == number) return &s->tiers[i];
    return NULL;
}

/* Why the household goes up: a member in uplift_categories, or every member
 * aged uplift_elderly_age or more with no child among them. The reason is
 * written into why; 0 when the uplift does not apply. */
static int uplift_applies(const struct context *cx, const struct subsidy *s, unsigned categories,
                          struct words *why)
{
    if (s->uplift_tiers <= 0) return 0;
    enum priority_category k = first_category(categories & s->uplift_categories);
    if (k != PRI_COUNT) {
        SET(why->zh, "%s", priority_names[k].zh);
        SET(why->en, "%s", priority_names[k].en);
        return 1;
    }
    if (s->uplift_elderly_age <= 0) return 0;
    for (int i = 0; i < cx->members; i++) {
        const struct member_facts *m = &cx->facts->m[i];
        if (m->relation == REL_CHILD) return 0;
        if (age_on(m->birth_date, cx->as_of) < s->uplift_elderly_age) return 0;
    }
    SET(why->zh, "成员均年满 %d 周岁且无子女", s->uplift_elderly_age);
    SET(why->en, "all members aged %d or more, no children", s->uplift_elderly_age);
    return 1;
}

/* The zone whose districts hold the household's district (zones[1..]);
 * 0, the default zone, otherwise. */
static int zone_of(const struct subsidy *s, const char *district)
{
    int nzones = s->nzones < POLICY_ZONES_MAX ? s->nzones : POLICY_ZONES_MAX;
    for (int z = 1; z < nzones; z++)
        for (int d = 0; d < s->zones[z].ndistricts && d < POLICY_ZONE_DISTRICTS_MAX; d++)
            if (strcmp(s->zones[z].districts[d], district) == 0) return z;
    return 0;
}

/* SUBSIDY_AMOUNT: the tier's amount for the zone and the size column; with
 * cap_at_rent, never more than the registered rent. */
static void pay_amount(const struct context *cx, const struct eligibility_input *in,
                       const struct subsidy *s, const struct tier *t, struct eligibility *out)
{
    out->zone = zone_of(s, cx->facts->district_code);
    out->large = s->large_from_members > 0 && cx->members >= s->large_from_members;
    int64_t amount = t->amount[out->zone][out->large];
    out->amount = amount;

    /* where: 「一般区域、3 人及以上家庭」 / "general districts, households of 3 or more" */
    struct words where = {{0}, {0}};
    if (out->zone < s->nzones) {
        SET(where.zh, "%s", s->zones[out->zone].zh);
        SET(where.en, "%s", s->zones[out->zone].en);
    }
    if (s->large_from_members > 1) {
        const char *sep_zh = where.zh[0] ? "、" : "", *sep_en = where.en[0] ? ", " : "";
        int n = out->large ? s->large_from_members : s->large_from_members - 1;
        ADD(where.zh, "%s%d 人及%s家庭", sep_zh, n, out->large ? "以上" : "以下");
        ADD(where.en, "%shouseholds of %d or %s", sep_en, n, out->large ? "more" : "fewer");
    }
    struct words tier_amount = money_words(amount);
    ADD(out->amount_zh, "；%s每月 %s", where.zh, tier_amount.zh);
    ADD(out->amount_en, "; %s%s%s a month", where.en, where.en[0] ? ": " : "", tier_amount.en);

    if (!s->cap_at_rent) return;
    if (in->rent < 0) {
        ADD(out->amount_zh, "，按登记租赁合同租金发放，最多 %s", tier_amount.zh);
        ADD(out->amount_en, ", paid up to the registered lease rent (at most %s)", tier_amount.en);
        return;
    }
    struct words rent = money_words(in->rent);
    if (in->rent < amount) {
        out->amount = in->rent;
        out->capped_at_rent = 1;
        ADD(out->amount_zh, "；登记租金每月 %s低于此数，按租金发放 %s", rent.zh, rent.zh);
        ADD(out->amount_en, "; the registered rent of %s a month is lower, so %s is paid", rent.en,
            rent.en);
        return;
    }
    ADD(out->amount_zh, "；登记租金每月 %s，发放 %s", rent.zh, tier_amount.zh);
    ADD(out->amount_en, "; registered rent %s a month, %s paid", rent.en, tier_amount.en);
}

/* rent x share_bp / 10000 x counted / area, rounded half up to the fen,
 * computed exactly in int64 for rent <= MONEY_MAX_FEN, 0 < counted <= area
 * <= AREA_MAX and 0 <= share_bp <= 10000:
 *   numerator = rent x share_bp <= 10^17, denominator = area x 10^4 <= 10^11,
 *   numerator x counted / denominator
 *     = (numerator / denominator) x counted + (numerator % denominator) x counted / denominator,
 *   and the remainder times counted stays below 10^11 x 10^7.
 * *exact: 1 when nothing was rounded. */
static int64_t rent_share(int64_t rent, int64_t counted, int64_t area, int share_bp, int *exact)
{
    int64_t numerator = rent * share_bp, denominator = area * 10000;
    int64_t rest = numerator % denominator * counted;
    int64_t amount = numerator / denominator * counted + rest / denominator;
    int64_t fraction = rest % denominator;
    *exact = fraction == 0;
    return amount + (2 * fraction >= denominator);
}

/* SUBSIDY_RENT_SHARE: the tier's share of the rent on at most area_cap
 * (0: no cap); the area is the rented flat's (rent_area), else the current
 * home's. */
static void pay_rent_share(const struct context *cx, const struct eligibility_input *in,
                           const struct subsidy *s, const struct tier *t, struct eligibility *out)
{
    int64_t area = in->rent_area >= 0 ? in->rent_area : cx->facts->housing_area;
    int64_t counted = s->area_cap > 0 && area > s->area_cap ? s->area_cap : area;
    char share[16];
    percent_text(t->share_bp, share);
    struct words cap = area_words(s->area_cap);

    if (in->rent < 0) {
        out->amount = -1;
        ADD(out->amount_zh, "；补贴租金的 %s", share);
        ADD(out->amount_en, "; %s of the rent", share);
        if (s->area_cap > 0) {
            ADD(out->amount_zh, "（计租面积不超过 %s）", cap.zh);
            ADD(out->amount_en, " on at most %s", cap.en);
        }
        ADD(out->amount_zh, "，金额待登记租金后计算");
        ADD(out->amount_en, "; the amount needs the rent");
        return;
    }
    if (in->rent > MONEY_MAX_FEN || area > AREA_MAX || t->share_bp < 0 || t->share_bp > 10000) {
        out->amount = -1;
        ADD(out->amount_zh, "；租金、面积或比例超出可计算范围，金额无法计算");
        ADD(out->amount_en, "; the rent, area or share is out of range, so no amount");
        return;
    }
    struct words rent = money_words(in->rent);
    if (area == 0) {
        out->amount = 0;
        ADD(out->amount_zh, "；住房面积为 0，补贴 0.00 元");
        ADD(out->amount_en, "; the flat's area is 0, so 0.00 yuan");
        return;
    }
    int exact;
    out->amount = rent_share(in->rent, counted, area, t->share_bp, &exact);
    struct words paid = money_words(out->amount), whole = area_words(area);
    if (counted == area) {
        ADD(out->amount_zh, "；月租金 %s × %s = %s", rent.zh, share, paid.zh);
        ADD(out->amount_en, "; rent %s × %s = %s a month", rent.en, share, paid.en);
    } else {
        struct words cap_used = area_words(counted);
        ADD(out->amount_zh, "；月租金 %s × 面积上限 %s ÷ 住房面积 %s × %s = %s", rent.zh,
            cap_used.zh, whole.zh, share, paid.zh);
        ADD(out->amount_en,
            "; rent %s × the area cap of %s ÷ the flat's area of %s × %s = %s a month", rent.en,
            cap_used.en, whole.en, share, paid.en);
    }
    if (!exact) {
        ADD(out->amount_zh, "（四舍五入到分）");
        ADD(out->amount_en, " (rounded to the fen)");
    }
}

/* The tier (with the uplift) and, when the household is eligible, the
 * amount. Returns 1 when a tier was found. */
static int decide_subsidy(const struct context *cx, const struct eligibility_input *in,
                          const struct subsidy *s, unsigned categories, int criteria_met,
                          struct eligibility *out)
{
    int64_t total12 = facts_income(cx->facts), factor = 12 * (int64_t)cx->members;
    const struct tier *t = tier_for(s, categories, total12, factor);
    if (!t) {
        SET(out->amount_zh, "不在任何补贴档次内");
        SET(out->amount_en, "not in any subsidy tier");
        return 0;
    }
    out->tier = out->base_tier = t->number;
    enum priority_category by = first_category(t->categories & categories);
    if (by != PRI_COUNT) {
        SET(out->amount_zh, "第 %d 档（%s）", t->number, priority_names[by].zh);
        SET(out->amount_en, "tier %d (%s)", t->number, priority_names[by].en);
    } else {
        struct words income = money_words(total12 / factor);
        SET(out->amount_zh, "第 %d 档（人均月收入 %s）", t->number, income.zh);
        SET(out->amount_en, "tier %d (per-capita monthly income %s)", t->number, income.en);
    }

    struct words why;
    if (uplift_applies(cx, s, categories, &why)) {
        int target = t->number - s->uplift_tiers < 1 ? 1 : t->number - s->uplift_tiers;
        const struct tier *up = tier_numbered(s, target);
        out->uplifted = 1;
        if (up && up != t) {
            t = up;
            out->tier = t->number;
            ADD(out->amount_zh, "，因%s上浮 %d 档为第 %d 档", why.zh, s->uplift_tiers, t->number);
            ADD(out->amount_en, ", up %d tier%s to tier %d (%s)", s->uplift_tiers,
                s->uplift_tiers == 1 ? "" : "s", t->number, why.en);
        } else {
            ADD(out->amount_zh, "，符合上浮条件（%s），已是第 %d 档", why.zh, t->number);
            ADD(out->amount_en, ", eligible to go up (%s) but already tier %d", why.en, t->number);
        }
    }

    if (!criteria_met) {
        ADD(out->amount_zh, "；条件未满足，不予发放");
        ADD(out->amount_en, "; not paid: conditions not met");
        return 1;
    }
    if (s->kind == SUBSIDY_AMOUNT) pay_amount(cx, in, s, t, out);
    if (s->kind == SUBSIDY_RENT_SHARE) pay_rent_share(cx, in, s, t, out);
    return 1;
}

/* ------------------------------------------------------------ decision */

static const struct member_facts *applicant_of(const struct household_facts *f)
{
    for (int i = 0; i < f->nmembers; i++)
        if (f->m[i].relation == REL_APPLICANT) return &f->m[i];
    return NULL;
}

/* The cases decided before any criterion: an unknown programme, one the
 * policy does not offer, a household with no members (or too many).
 * Returns 1 when out is complete. */
static int cannot_apply(const struct eligibility_input *in, struct eligibility *out)
{
    const struct policy *p = in->policy;
    if ((int)in->programme < 0 || (int)in->programme >= PROG_COUNT) {
        SET(out->summary_zh, "未知的保障方式（%d），不能申请", (int)in->programme);
        SET(out->summary_en, "unknown programme (%d): cannot apply", (int)in->programme);
        return 1;
    }
    const struct code_name *name = &programme_names[in->programme];
    if (!p->programmes[in->programme].offered) {
        SET(out->summary_zh, "政策版本“%s”（%s）不提供%s，不能申请", p->name_zh, p->version,
            name->zh);
        SET(out->summary_en, "the policy version \"%s\" (%s) does not offer %s", p->name_en,
            p->version, name->en);
        return 1;
    }
    int n = in->facts->nmembers;
    if (n < 1 || n > HH_MAX_MEMBERS) {
        SET(out->summary_zh, "不符合%s申请条件：家庭成员人数 %d 无效", name->zh, n);
        SET(out->summary_en, "does not meet the conditions for %s: invalid number of members %d",
            name->en, n);
        return 1;
    }
    return 0;
}

void eligibility_evaluate(const struct eligibility_input *in, struct eligibility *out)
{
    memset(out, 0, sizeof *out);
    out->programme = in->programme;
    eligibility_category_facts(in->facts, &out->category_facts);
    if (cannot_apply(in, out)) return;

    const struct programme_rules *rules = &in->policy->programmes[in->programme];
    const struct code_name *name = &programme_names[in->programme];
    struct context cx = {
        .facts = in->facts,
        .as_of = in->as_of,
        .applicant = applicant_of(in->facts),
        .members = in->facts->nmembers,
    };

    int failed = 0;
    out->ncriteria =
        rules->ncriteria < POLICY_CRITERIA_MAX ? rules->ncriteria : POLICY_CRITERIA_MAX;
    for (int i = 0; i < out->ncriteria; i++) {
        check_criterion(&cx, &rules->criteria[i], &out->criteria[i]);
        failed += !out->criteria[i].pass;
    }

    unsigned categories = eligibility_categories(&out->category_facts, cx.as_of);
    out->priority = categories & policy_priority_mask(in->policy);

    int tier_missing = 0;
    const struct subsidy *s = &rules->subsidy;
    if (s->kind != SUBSIDY_NONE && s->ntiers > 0)
        tier_missing = !decide_subsidy(&cx, in, s, categories, failed == 0, out);

    out->eligible = failed == 0 && !tier_missing;
    if (out->eligible) {
        SET(out->summary_zh, "符合%s申请条件", name->zh);
        SET(out->summary_en, "meets the conditions for %s", name->en);
        return;
    }
    SET(out->summary_zh, "不符合%s申请条件：", name->zh);
    SET(out->summary_en, "does not meet the conditions for %s: ", name->en);
    if (failed) {
        ADD(out->summary_zh, "%d 项条件未满足", failed);
        ADD(out->summary_en, "%d condition%s not met", failed, failed == 1 ? "" : "s");
    }
    if (tier_missing) {
        ADD(out->summary_zh, "%s不在任何补贴档次内", failed ? "，" : "");
        ADD(out->summary_en, "%snot in any subsidy tier", failed ? "; " : "");
    }
}
