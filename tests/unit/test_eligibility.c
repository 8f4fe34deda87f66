/* core/eligibility: every rule at its bounds (1 fen / 0.01 m2 either side),
 * the tiers and amounts of both subsidies, ages on the as-of date, the
 * verified mark, priority categories, and the sentences people read.
 *
 * The policy is built here in C with the Beijing figures of DOMAIN.md; the
 * expected tiers and amounts are written out again, separately, in the
 * tables below, so a wrong figure in either place fails a test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/eligibility.h"

#define YUAN(y) ((int64_t)(y)*100)
#define M2(a) ((int64_t)(a)*100)
#define BIT(k) (1u << (k))

/* --------------------------------------------------------------- policy */

static void add_criterion(struct programme_rules *pr, struct criterion c)
{
    strcpy(c.source.document, "测试文件〔2026〕1号");
    strcpy(c.source.effective, "2026-01-01");
    pr->criteria[pr->ncriteria++] = c;
}

static const struct size_limit beijing_assets[] = {{1, 3, YUAN(570000)}, {4, 0, YUAN(760000)}};

static void add_assets_max(struct programme_rules *pr)
{
    struct criterion c = {.kind = CRIT_ASSETS_MAX, .inclusive = 1, .nsizes = 2};
    memcpy(c.sizes, beijing_assets, sizeof beijing_assets);
    add_criterion(pr, c);
}

static struct tier income_tier(int number, int64_t min_fen, int64_t max_fen)
{
    struct tier t = {.number = number, .has_income = 1};
    t.income.has_min = min_fen > 0;
    t.income.min = min_fen;
    t.income.min_inclusive = 0; /* "1,200–1,600": above 1,200 */
    t.income.has_max = 1;
    t.income.max = max_fen;
    t.income.max_inclusive = 1; /* up to and including 1,600 */
    return t;
}

static void set_amounts(struct tier *t, int general_small, int general_large, int outer_small,
                        int outer_large)
{
    t->amount[0][0] = YUAN(general_small);
    t->amount[0][1] = YUAN(general_large);
    t->amount[1][0] = YUAN(outer_small);
    t->amount[1][1] = YUAN(outer_large);
}

static void beijing(struct policy *p)
{
    memset(p, 0, sizeof *p);
    strcpy(p->code, "beijing");
    strcpy(p->version, "test.1");
    strcpy(p->name_zh, "北京市住房保障（测试）");
    strcpy(p->name_en, "Beijing housing security (test)");
    strcpy(p->effective, "2026-01-01");
    p->nregions = 1;
    strcpy(p->regions[0], "11");
    for (int k = 0; k < PRI_COUNT; k++)
        p->priority_order[p->npriority++] = (enum priority_category)k;

    /* 公租房: per-capita housing <= 15 m2; income <= 100,000 (<= 3) / 130,000 (>= 4) */
    struct programme_rules *pr = &p->programmes[PROG_PUBLIC_RENTAL];
    pr->offered = 1;
    add_criterion(pr, (struct criterion){.kind = CRIT_PER_CAPITA_HOUSING_AREA_MAX,
                                         .inclusive = 1,
                                         .value = M2(15)});
    add_criterion(pr, (struct criterion){.kind = CRIT_ANNUAL_INCOME_MAX,
                                         .inclusive = 1,
                                         .nsizes = 2,
                                         .sizes = {{1, 3, YUAN(100000)}, {4, 0, YUAN(130000)}}});

    /* 公租房租金补贴: tenants, per-capita monthly income <= 2,400, assets */
    pr = &p->programmes[PROG_PUBLIC_RENTAL_SUBSIDY];
    pr->offered = 1;
    add_criterion(pr,
                  (struct criterion){.kind = CRIT_TENURE_IN, .tenures = BIT(TEN_PUBLIC_RENTAL)});
    add_criterion(pr, (struct criterion){.kind = CRIT_PER_CAPITA_MONTHLY_INCOME_MAX,
                                         .inclusive = 1,
                                         .value = YUAN(2400)});
    add_assets_max(pr);
    struct subsidy *s = &pr->subsidy;
    s->kind = SUBSIDY_RENT_SHARE;
    s->area_cap = M2(60);
    s->tiers[0] = (struct tier){.number = 1, .categories = BIT(PRI_DIBAO) | BIT(PRI_TEKUN)};
    s->tiers[1] = (struct tier){.number = 2, .categories = BIT(PRI_LOW_INCOME)};
    s->tiers[2] = income_tier(3, 0, YUAN(1200));
    s->tiers[3] = income_tier(4, YUAN(1200), YUAN(1600));
    s->tiers[4] = income_tier(5, YUAN(1600), YUAN(2000));
    s->tiers[5] = income_tier(6, YUAN(2000), YUAN(2400));
    const int shares[] = {9500, 9000, 7000, 5000, 2500, 1000};
    for (int i = 0; i < 6; i++)
        s->tiers[i].share_bp = shares[i];
    s->ntiers = 6;

    /* 市场租房补贴: no home, per-capita monthly income <= 4,200, assets */
    pr = &p->programmes[PROG_MARKET_RENT_SUBSIDY];
    pr->offered = 1;
    add_criterion(pr, (struct criterion){.kind = CRIT_NO_HOME});
    add_criterion(pr, (struct criterion){.kind = CRIT_PER_CAPITA_MONTHLY_INCOME_MAX,
                                         .inclusive = 1,
                                         .value = YUAN(4200)});
    add_assets_max(pr);
    s = &pr->subsidy;
    s->kind = SUBSIDY_AMOUNT;
    s->cap_at_rent = 1;
    s->large_from_members = 3;
    s->nzones = 2;
    strcpy(s->zones[0].code, "general");
    strcpy(s->zones[0].zh, "一般区域");
    strcpy(s->zones[0].en, "general districts");
    strcpy(s->zones[1].code, "outer");
    strcpy(s->zones[1].zh, "怀柔、平谷、密云、延庆");
    strcpy(s->zones[1].en, "Huairou, Pinggu, Miyun, Yanqing");
    const char *outer[] = {"110116", "110117", "110118", "110119"};
    for (int i = 0; i < 4; i++)
        strcpy(s->zones[1].districts[s->zones[1].ndistricts++], outer[i]);
    s->tiers[0] = (struct tier){.number = 1, .categories = BIT(PRI_DIBAO) | BIT(PRI_TEKUN)};
    s->tiers[1] = (struct tier){.number = 2, .categories = BIT(PRI_LOW_INCOME)};
    s->tiers[2] = income_tier(3, 0, YUAN(2700));
    s->tiers[3] = income_tier(4, YUAN(2700), YUAN(3200));
    s->tiers[4] = income_tier(5, YUAN(3200), YUAN(3700));
    s->tiers[5] = income_tier(6, YUAN(3700), YUAN(4200));
    set_amounts(&s->tiers[0], 2500, 3500, 1500, 2100);
    set_amounts(&s->tiers[1], 2200, 3000, 1320, 1800);
    set_amounts(&s->tiers[2], 1900, 2500, 1140, 1500);
    set_amounts(&s->tiers[3], 1600, 2000, 960, 1200);
    set_amounts(&s->tiers[4], 1300, 1500, 780, 900);
    set_amounts(&s->tiers[5], 1000, 1200, 600, 720);
    s->ntiers = 6;
    s->uplift_categories = BIT(PRI_SEVERE_DISABILITY) | BIT(PRI_SERIOUS_ILLNESS);
    s->uplift_elderly_age = 60;
    s->uplift_tiers = 1;

    /* 共有产权住房: no home; hukou, or 60 months of social insurance; single applicants 30+ */
    pr = &p->programmes[PROG_SHARED_OWNERSHIP];
    pr->offered = 1;
    add_criterion(pr, (struct criterion){.kind = CRIT_NO_HOME});
    add_criterion(pr, (struct criterion){.kind = CRIT_HUKOU_OR_SOCIAL_INSURANCE,
                                         .months = 60,
                                         .nregions = 1,
                                         .regions = {"11"}});
    add_criterion(
        pr, (struct criterion){.kind = CRIT_SINGLE_APPLICANT_AGE_MIN, .inclusive = 1, .value = 30});
}

/* ------------------------------------------------------------ household */

/* A household of n in 朝阳 (110105), renting privately: the applicant (born
 * 1980-05-01), a spouse (1982-03-03), then children; Beijing hukou, no
 * income, no assets. Built as a household record and turned into facts. */
static void household_of(int n, struct household_facts *f)
{
    static struct household h;
    memset(&h, 0, sizeof h);
    strcpy(h.household_no, "BJ0000000001");
    strcpy(h.region_code, "110105001");
    strcpy(h.district_code, "110105");
    h.housing_area = M2(20);
    h.housing_tenure = TEN_PRIVATE_RENTAL;
    h.nmembers = n;
    for (int i = 0; i < n; i++) {
        struct member *m = &h.members[i];
        m->relation = i == 0 ? REL_APPLICANT : i == 1 ? REL_SPOUSE : REL_CHILD;
        snprintf(m->birth_date, sizeof m->birth_date, "%s",
                 i == 0   ? "1980-05-01"
                 : i == 1 ? "1982-03-03"
                          : "2012-07-07");
        strcpy(m->hukou_region_code, "110105");
        m->hukou_urban = 1;
    }
    facts_from_household(&h, f);
}

/* The whole 12-month income on the applicant. */
static void set_income(struct household_facts *f, int64_t total)
{
    for (int i = 0; i < f->nmembers; i++)
        f->m[i].income = 0;
    f->m[0].income = total;
}

static void set_district(struct household_facts *f, const char *district)
{
    strcpy(f->district_code, district);
}

static struct policy bj;
static struct eligibility out;

static const struct eligibility *evaluate_with(const struct policy *p,
                                               const struct household_facts *f, enum programme prog,
                                               const char *as_of, int64_t rent, int64_t rent_area)
{
    struct eligibility_input in = {.facts = f,
                                   .policy = p,
                                   .programme = prog,
                                   .as_of = as_of,
                                   .rent = rent,
                                   .rent_area = rent_area};
    eligibility_evaluate(&in, &out);
    return &out;
}

static const struct eligibility *evaluate(const struct household_facts *f, enum programme prog,
                                          int64_t rent)
{
    return evaluate_with(&bj, f, prog, "2026-11-23", rent, -1);
}

static int setup(void **state)
{
    (void)state;
    beijing(&bj);
    return 0;
}

/* --------------------------------------------------------- 公租房 */

static void public_rental_annual_income_at_sizes_3_and_4(void **state)
{
    (void)state;
    const struct {
        int members;
        int64_t total;
        int pass;
    } rows[] = {
        {3, YUAN(100000) - 1, 1}, {3, YUAN(100000), 1},     {3, YUAN(100000) + 1, 0},
        {4, YUAN(130000) - 1, 1}, {4, YUAN(130000), 1},     {4, YUAN(130000) + 1, 0},
        {1, YUAN(100000) + 1, 0}, {4, YUAN(100000) + 1, 1}, {6, YUAN(130000), 1},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(rows[i].members, &f);
        set_income(&f, rows[i].total);
        const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
        assert_int_equal(e->ncriteria, 2);
        assert_int_equal(e->criteria[1].kind, CRIT_ANNUAL_INCOME_MAX);
        assert_int_equal(e->criteria[1].pass, rows[i].pass);
        assert_int_equal(e->eligible, rows[i].pass);
        assert_string_equal(e->criteria[1].limit,
                            rows[i].members <= 3 ? "≤ 3 人: 100,000.00" : "≥ 4 人: 130,000.00");
    }
}

static void public_rental_per_capita_area_at_sizes_3_and_4(void **state)
{
    (void)state;
    const struct {
        int members;
        int64_t area;
        int pass;
        const char *actual;
    } rows[] = {
        {3, M2(45) - 1, 1, "14.99"}, {3, M2(45), 1, "15.00"}, {3, M2(45) + 1, 0, "15.00"},
        {4, M2(60) - 1, 1, "14.99"}, {4, M2(60), 1, "15.00"}, {4, M2(60) + 1, 0, "15.00"},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(rows[i].members, &f);
        f.m[1].home_count = 1;
        f.m[1].home_area = rows[i].area;
        const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
        assert_int_equal(e->criteria[0].kind, CRIT_PER_CAPITA_HOUSING_AREA_MAX);
        assert_int_equal(e->criteria[0].pass, rows[i].pass);
        assert_string_equal(e->criteria[0].actual, rows[i].actual);
        assert_string_equal(e->criteria[0].limit, "15.00");
        assert_int_equal(e->eligible, rows[i].pass);
    }
}

static void a_rented_public_flat_counts_as_housing_area(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(3, &f);
    f.housing_area = M2(45) + 1; /* the current home, 45.01 m2 */
    f.tenure = TEN_PRIVATE_RENTAL;
    const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
    assert_true(e->criteria[0].pass); /* a private let is not the family's housing */
    assert_string_equal(e->criteria[0].actual, "0.00");

    f.tenure = TEN_PUBLIC_RENTAL;
    e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
    assert_false(e->criteria[0].pass);
    assert_string_equal(e->criteria[0].zh, "人均住房面积 15.00 平方米（3 人共 45.01 平方米，"
                                           "含承租公房 45.01 平方米），高于 15.00 平方米");
    assert_string_equal(e->criteria[0].en,
                        "per-capita housing area 15.00 m² (45.01 m² for 3 people, including the "
                        "rented public flat of 45.01 m²), above 15.00 m²");

    f.housing_area = M2(30); /* owned 15.00 + public flat 30.00 = 45.00: at the limit */
    f.m[0].home_count = 1;
    f.m[0].home_area = M2(15);
    e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
    assert_true(e->criteria[0].pass);
    assert_string_equal(e->criteria[0].actual, "15.00");
}

static void public_rental_sentences_and_summary(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(3, &f);
    set_income(&f, YUAN(120000));
    f.m[0].home_count = 1;
    f.m[0].home_area = M2(45) + 1;
    const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
    assert_int_equal(e->programme, PROG_PUBLIC_RENTAL);
    assert_false(e->eligible);
    assert_string_equal(e->criteria[0].zh,
                        "人均住房面积 15.00 平方米（3 人共 45.01 平方米），高于 15.00 平方米");
    assert_string_equal(e->criteria[0].en,
                        "per-capita housing area 15.00 m² (45.01 m² for 3 people), above 15.00 m²");
    assert_string_equal(e->criteria[1].zh,
                        "家庭年收入 120,000.00 元，高于 3 人及以下家庭上限 100,000.00 元");
    assert_string_equal(e->criteria[1].en, "household annual income 120,000.00 yuan, above "
                                           "100,000.00 yuan (the limit for households of 3 or "
                                           "fewer)");
    assert_string_equal(e->criteria[1].actual, "120,000.00");
    assert_string_equal(e->summary_zh, "不符合公租房申请条件：2 项条件未满足");
    assert_string_equal(e->summary_en,
                        "does not meet the conditions for public rental housing: 2 conditions "
                        "not met");
    assert_string_equal(e->criteria[1].source.document, "测试文件〔2026〕1号");
    assert_int_equal(e->tier, 0);
    assert_int_equal(e->amount, 0);

    set_income(&f, YUAN(90000));
    f.m[0].home_area = M2(30);
    e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
    assert_true(e->eligible);
    assert_string_equal(e->criteria[0].zh, "人均住房面积 10.00 平方米，不高于 15.00 平方米");
    assert_string_equal(e->criteria[1].zh,
                        "家庭年收入 90,000.00 元，不高于 3 人及以下家庭上限 100,000.00 元");
    assert_string_equal(e->summary_zh, "符合公租房申请条件");
    assert_string_equal(e->summary_en, "meets the conditions for public rental housing");

    set_income(&f, YUAN(120000));
    e = evaluate(&f, PROG_PUBLIC_RENTAL, -1);
    assert_string_equal(e->summary_zh, "不符合公租房申请条件：1 项条件未满足");
    assert_string_equal(e->summary_en,
                        "does not meet the conditions for public rental housing: 1 condition "
                        "not met");
}

static void a_programme_not_offered_is_refused_with_one_sentence(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(2, &f);
    const struct eligibility *e = evaluate(&f, PROG_SALE_TYPE, -1);
    assert_false(e->eligible);
    assert_int_equal(e->programme, PROG_SALE_TYPE);
    assert_int_equal(e->ncriteria, 0);
    assert_string_equal(
        e->summary_zh,
        "政策版本“北京市住房保障（测试）”（test.1）不提供配售型保障性住房，不能申请");
    assert_string_equal(e->summary_en, "the policy version \"Beijing housing security (test)\" "
                                       "(test.1) does not offer sale-type affordable housing");
}

static void no_size_limit_covering_the_household_fails(void **state)
{
    (void)state;
    static struct policy p;
    p = bj;
    struct criterion *c = &p.programmes[PROG_PUBLIC_RENTAL].criteria[1];
    c->nsizes = 1; /* only households of 1 to 3 */
    struct household_facts f;
    household_of(4, &f);
    set_income(&f, YUAN(50000));
    const struct eligibility *e = evaluate_with(&p, &f, PROG_PUBLIC_RENTAL, "2026-11-23", -1, -1);
    assert_false(e->criteria[1].pass);
    assert_false(e->eligible);
    assert_string_equal(e->criteria[1].zh,
                        "家庭年收入 50,000.00 元，政策未规定 4 人家庭的上限，无法认定");
    assert_string_equal(e->criteria[1].en, "household annual income 50,000.00 yuan, but the "
                                           "policy sets no limit for a household of 4");
    assert_string_equal(e->criteria[1].limit, "");
}

/* ---------------------------------------------- per-capita income */

static void per_capita_income_is_compared_without_dividing(void **state)
{
    (void)state;
    /* total = limit x 12 x members +- 1 fen: dividing first would round
     * 4,200.00 + 1/24 fen down to 4,200.00 and let it pass. */
    const struct {
        enum programme prog;
        int members;
        int64_t total;
        int pass;
        const char *actual;
    } rows[] = {
        {PROG_PUBLIC_RENTAL_SUBSIDY, 3, YUAN(2400) * 36 - 1, 1, "2,399.99"},
        {PROG_PUBLIC_RENTAL_SUBSIDY, 3, YUAN(2400) * 36, 1, "2,400.00"},
        {PROG_PUBLIC_RENTAL_SUBSIDY, 3, YUAN(2400) * 36 + 1, 0, "2,400.00"},
        {PROG_MARKET_RENT_SUBSIDY, 2, YUAN(4200) * 24 - 1, 1, "4,199.99"},
        {PROG_MARKET_RENT_SUBSIDY, 2, YUAN(4200) * 24, 1, "4,200.00"},
        {PROG_MARKET_RENT_SUBSIDY, 2, YUAN(4200) * 24 + 1, 0, "4,200.00"},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(rows[i].members, &f);
        f.tenure = TEN_PUBLIC_RENTAL;
        set_income(&f, rows[i].total);
        const struct eligibility *e = evaluate(&f, rows[i].prog, YUAN(1000));
        assert_int_equal(e->criteria[1].kind, CRIT_PER_CAPITA_MONTHLY_INCOME_MAX);
        assert_int_equal(e->criteria[1].pass, rows[i].pass);
        assert_string_equal(e->criteria[1].actual, rows[i].actual);
        assert_int_equal(e->eligible, rows[i].pass);
    }
    household_of(2, &f);
    set_income(&f, YUAN(4200) * 24 + 1);
    const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
    assert_string_equal(e->criteria[1].zh, "家庭人均月收入 4,200.00 元（2 人 12 个月共 "
                                           "100,800.01 元），高于 4,200.00 元");
    assert_string_equal(e->criteria[1].en, "per-capita monthly income 4,200.00 yuan (100,800.01 "
                                           "yuan over 12 months for 2 people), above 4,200.00 "
                                           "yuan");
    assert_string_equal(e->summary_zh,
                        "不符合市场租房补贴申请条件：1 项条件未满足，不在任何补贴档次内");
    assert_string_equal(e->summary_en, "does not meet the conditions for market rental subsidy: "
                                       "1 condition not met; not in any subsidy tier");
}

static void exclusive_and_inclusive_bounds_on_the_same_figure(void **state)
{
    (void)state;
    static struct policy p;
    p = bj;
    struct criterion *c = &p.programmes[PROG_MARKET_RENT_SUBSIDY].criteria[1];
    const struct {
        int inclusive;
        int64_t total;
        int pass;
        const char *zh, *en;
    } rows[] = {
        {1, YUAN(4200) * 24, 1, "家庭人均月收入 4,200.00 元，不高于 4,200.00 元",
         "per-capita monthly income 4,200.00 yuan, not above 4,200.00 yuan"},
        {0, YUAN(4200) * 24, 0, "家庭人均月收入 4,200.00 元，不低于 4,200.00 元",
         "per-capita monthly income 4,200.00 yuan, not below 4,200.00 yuan"},
        {0, YUAN(4200) * 24 - 24, 1, "家庭人均月收入 4,199.99 元，低于 4,200.00 元",
         "per-capita monthly income 4,199.99 yuan, below 4,200.00 yuan"},
        {1, YUAN(4200) * 24 + 24, 0, "家庭人均月收入 4,200.01 元，高于 4,200.00 元",
         "per-capita monthly income 4,200.01 yuan, above 4,200.00 yuan"},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        c->inclusive = rows[i].inclusive;
        household_of(2, &f);
        set_income(&f, rows[i].total);
        const struct eligibility *e =
            evaluate_with(&p, &f, PROG_MARKET_RENT_SUBSIDY, "2026-11-23", -1, -1);
        assert_int_equal(e->criteria[1].pass, rows[i].pass);
        assert_string_equal(e->criteria[1].zh, rows[i].zh);
        assert_string_equal(e->criteria[1].en, rows[i].en);
    }
}

/* ---------------------------------------------- 公租房租金补贴 */

static void rent_subsidy_tiers_at_every_band_boundary(void **state)
{
    (void)state;
    const struct {
        int64_t total; /* 3 members: per-capita x 36 */
        int tier;
        int64_t amount; /* of a 2,000.00 rent on 50 m2 */
    } rows[] = {
        {YUAN(1200) * 36 - 1, 3, YUAN(1400)},
        {YUAN(1200) * 36, 3, YUAN(1400)},
        {YUAN(1200) * 36 + 1, 4, YUAN(1000)},
        {YUAN(1600) * 36 - 1, 4, YUAN(1000)},
        {YUAN(1600) * 36, 4, YUAN(1000)},
        {YUAN(1600) * 36 + 1, 5, YUAN(500)},
        {YUAN(2000) * 36 - 1, 5, YUAN(500)},
        {YUAN(2000) * 36, 5, YUAN(500)},
        {YUAN(2000) * 36 + 1, 6, YUAN(200)},
        {YUAN(2400) * 36 - 1, 6, YUAN(200)},
        {YUAN(2400) * 36, 6, YUAN(200)},
        {YUAN(2400) * 36 + 1, 0, 0},
        {0, 3, YUAN(1400)},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(3, &f);
        f.tenure = TEN_PUBLIC_RENTAL;
        f.housing_area = M2(50);
        set_income(&f, rows[i].total);
        const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(2000));
        assert_int_equal(e->tier, rows[i].tier);
        assert_int_equal(e->base_tier, rows[i].tier);
        assert_int_equal(e->amount, rows[i].amount);
        assert_int_equal(e->eligible, rows[i].tier != 0);
        assert_false(e->uplifted);
    }
}

/* Tiers are tried in order; listed from the top band down, the lower end of
 * each band decides (above 2,000.00 is tier 6, 2,000.00 itself is not). */
static void income_bands_are_exact_at_both_ends(void **state)
{
    (void)state;
    static struct policy p;
    p = bj;
    struct subsidy *s = &p.programmes[PROG_PUBLIC_RENTAL_SUBSIDY].subsidy;
    struct tier by_income[4];
    memcpy(by_income, &s->tiers[2], sizeof by_income);
    for (int i = 0; i < 4; i++)
        s->tiers[2 + i] = by_income[3 - i]; /* 6, 5, 4, 3 */
    const struct {
        int64_t total;
        int tier;
    } rows[] = {
        {YUAN(2000) * 36 + 1, 6}, {YUAN(2000) * 36, 5},     {YUAN(1600) * 36 + 1, 5},
        {YUAN(1600) * 36, 4},     {YUAN(1200) * 36 + 1, 4}, {YUAN(1200) * 36, 3},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(3, &f);
        f.tenure = TEN_PUBLIC_RENTAL;
        set_income(&f, rows[i].total);
        const struct eligibility *e =
            evaluate_with(&p, &f, PROG_PUBLIC_RENTAL_SUBSIDY, "2026-11-23", YUAN(2000), M2(50));
        assert_int_equal(e->tier, rows[i].tier);
    }
}

static void rent_subsidy_category_tiers_and_their_shares(void **state)
{
    (void)state;
    const struct {
        unsigned categories;
        int tier;
        int64_t amount;
    } rows[] = {
        {BIT(PRI_DIBAO), 1, YUAN(1900)},      {BIT(PRI_TEKUN), 1, YUAN(1900)},
        {BIT(PRI_LOW_INCOME), 2, YUAN(1800)}, {BIT(PRI_LOW_INCOME) | BIT(PRI_DIBAO), 1, YUAN(1900)},
        {BIT(PRI_VETERAN), 6, YUAN(200)}, /* not a tier category: by income */
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(3, &f);
        f.tenure = TEN_PUBLIC_RENTAL;
        f.housing_area = M2(50);
        f.categories = rows[i].categories;
        set_income(&f, YUAN(2400) * 36); /* tier 6 by income */
        const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(2000));
        assert_true(e->eligible);
        assert_int_equal(e->tier, rows[i].tier);
        assert_int_equal(e->amount, rows[i].amount);
    }
    household_of(3, &f);
    f.tenure = TEN_PUBLIC_RENTAL;
    f.housing_area = M2(50);
    f.categories = BIT(PRI_DIBAO);
    const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(2000));
    assert_string_equal(e->amount_zh,
                        "第 1 档（低保家庭）；月租金 2,000.00 元 × 95% = 1,900.00 元");
    assert_string_equal(e->amount_en, "tier 1 (minimum-living-allowance (dibao) household); rent "
                                      "2,000.00 yuan × 95% = 1,900.00 yuan a month");
}

static void rent_subsidy_area_cap_and_rounding(void **state)
{
    (void)state;
    const struct {
        int64_t income; /* per-capita monthly, 3 members */
        int64_t rent, area;
        int64_t amount;
    } rows[] = {
        {YUAN(1000), YUAN(3000), M2(75), YUAN(1680)}, /* 3000 x 60/75 x 70% */
        {YUAN(1000), YUAN(3000), M2(60), YUAN(2100)}, /* at the cap: all of it */
        {YUAN(1000), YUAN(3000), 5999, YUAN(2100)},   /* below the cap */
        {YUAN(1000), YUAN(3000), 6001, 209965},       /* 2100 x 6000/6001 = 2,099.650058 */
        {YUAN(1800), 33333, M2(50), 8333},            /* 25% of 333.33 = 83.3325 */
        {YUAN(1800), 33334, M2(50), 8334},            /* 25% of 333.34 = 83.335: half up */
        {YUAN(1400), 100002, M2(120), 25001},         /* x 60/120 x 50% = 250.005: half up */
        {YUAN(2200), 123457, 8888, 8334},             /* x 6000/8888 x 10% = 83.3418 */
        {YUAN(1000), 0, M2(50), 0},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(3, &f);
        f.tenure = TEN_PUBLIC_RENTAL;
        f.housing_area = M2(20); /* not used: the rented flat's area is given */
        set_income(&f, rows[i].income * 36);
        const struct eligibility *e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL_SUBSIDY,
                                                    "2026-11-23", rows[i].rent, rows[i].area);
        assert_true(e->eligible);
        assert_int_equal(e->amount, rows[i].amount);
    }

    household_of(3, &f);
    f.tenure = TEN_PUBLIC_RENTAL;
    f.housing_area = M2(75); /* rent_area -1: the current home's area */
    set_income(&f, YUAN(1000) * 36);
    const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(3000));
    assert_int_equal(e->amount, YUAN(1680));
    assert_string_equal(e->amount_zh, "第 3 档（人均月收入 1,000.00 元）；月租金 3,000.00 元 × "
                                      "面积上限 60.00 平方米 ÷ 住房面积 75.00 平方米 × 70% = "
                                      "1,680.00 元");
    assert_string_equal(e->amount_en, "tier 3 (per-capita monthly income 1,000.00 yuan); rent "
                                      "3,000.00 yuan × the area cap of 60.00 m² ÷ the flat's area "
                                      "of 75.00 m² × 70% = 1,680.00 yuan a month");

    set_income(&f, YUAN(1400) * 36);
    e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL_SUBSIDY, "2026-11-23", 100002, M2(120));
    assert_string_equal(e->amount_zh, "第 4 档（人均月收入 1,400.00 元）；月租金 1,000.02 元 × "
                                      "面积上限 60.00 平方米 ÷ 住房面积 120.00 平方米 × 50% = "
                                      "250.01 元（四舍五入到分）");

    e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL_SUBSIDY, "2026-11-23", YUAN(1000), 0);
    assert_int_equal(e->amount, 0);
    assert_true(e->eligible);
}

static void rent_subsidy_without_a_rent_needs_the_rent(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(3, &f);
    f.tenure = TEN_PUBLIC_RENTAL;
    f.housing_area = M2(50);
    set_income(&f, YUAN(1500) * 36);
    const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, -1);
    assert_true(e->eligible);
    assert_int_equal(e->tier, 4);
    assert_int_equal(e->amount, -1);
    assert_string_equal(e->amount_zh, "第 4 档（人均月收入 1,500.00 元）；补贴租金的 50%（计租面积"
                                      "不超过 60.00 平方米），金额待登记租金后计算");
    assert_string_equal(e->amount_en, "tier 4 (per-capita monthly income 1,500.00 yuan); 50% of "
                                      "the rent on at most 60.00 m²; the amount needs the rent");
}

static void rent_subsidy_at_the_largest_figures_does_not_overflow(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(1, &f);
    f.tenure = TEN_PUBLIC_RENTAL;
    f.categories = BIT(PRI_DIBAO);
    /* 100 billion yuan on 100,000 m2: 95% of rent x 60/100000 */
    const struct eligibility *e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL_SUBSIDY, "2026-11-23",
                                                INT64_C(10000000000000), INT64_C(10000000));
    assert_int_equal(e->amount, INT64_C(5700000000));
    e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL_SUBSIDY, "2026-11-23", INT64_MAX, M2(50));
    assert_int_equal(e->amount, -1);
    assert_non_null(strstr(e->amount_zh, "超出可计算范围"));
}

static void rent_subsidy_requires_a_public_tenancy_and_the_asset_limit(void **state)
{
    (void)state;
    const struct {
        int members;
        int64_t assets;
        int pass;
    } rows[] = {
        {3, YUAN(570000) - 1, 1}, {3, YUAN(570000), 1}, {3, YUAN(570000) + 1, 0},
        {4, YUAN(760000) - 1, 1}, {4, YUAN(760000), 1}, {4, YUAN(760000) + 1, 0},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(rows[i].members, &f);
        f.tenure = TEN_PUBLIC_RENTAL;
        f.housing_area = M2(50);
        f.m[0].deposits = rows[i].assets - YUAN(100000);
        f.m[1].vehicle_value = YUAN(60000);
        f.m[1].securities = YUAN(30000);
        f.m[0].insurance = YUAN(10000);
        const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(2000));
        assert_int_equal(e->criteria[2].kind, CRIT_ASSETS_MAX);
        assert_int_equal(e->criteria[2].pass, rows[i].pass);
        assert_int_equal(e->eligible, rows[i].pass);
    }
    household_of(2, &f);
    f.tenure = TEN_PRIVATE_RENTAL;
    const struct eligibility *e = evaluate(&f, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(2000));
    assert_false(e->criteria[0].pass);
    assert_string_equal(e->criteria[0].actual, "private_rental");
    assert_string_equal(e->criteria[0].limit, "public_rental");
    assert_string_equal(e->criteria[0].zh, "现住房状况为租赁私房，不属于规定情形（承租公房）");
    assert_string_equal(e->criteria[0].en, "current housing: renting privately, not one of the "
                                           "required situations (renting public housing)");
    assert_int_equal(e->tier, 3);
    assert_int_equal(e->amount, 0); /* not eligible: nothing paid */
    assert_string_equal(e->amount_zh, "第 3 档（人均月收入 0.00 元）；条件未满足，不予发放");
}

/* ---------------------------------------------- 市场租房补贴 */

/* The DOMAIN.md table, written out again: yuan a month by tier 1..6, for
 * [general small, general large, outer small, outer large]. */
static const int market_amounts[7][4] = {
    {0, 0, 0, 0},
    {2500, 3500, 1500, 2100},
    {2200, 3000, 1320, 1800},
    {1900, 2500, 1140, 1500},
    {1600, 2000, 960, 1200},
    {1300, 1500, 780, 900},
    {1000, 1200, 600, 720},
};

static void market_subsidy_every_band_zone_and_size(void **state)
{
    (void)state;
    const struct {
        int64_t per_capita; /* the band's upper limit, yuan */
        int below, at, above;
    } bands[] = {{2700, 3, 3, 4}, {3200, 4, 4, 5}, {3700, 5, 5, 6}, {4200, 6, 6, 0}};
    const struct {
        const char *district;
        int members, column, zone, large;
    } places[] = {
        {"110105", 2, 0, 0, 0}, {"110105", 3, 1, 0, 1}, {"110116", 2, 2, 1, 0},
        {"110116", 3, 3, 1, 1}, {"110119", 4, 3, 1, 1}, {"110108", 1, 0, 0, 0},
    };
    struct household_facts f;
    for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
        for (size_t b = 0; b < sizeof bands / sizeof bands[0]; b++) {
            int64_t limit = YUAN(bands[b].per_capita) * 12 * places[p].members;
            const struct {
                int64_t total;
                int tier;
            } cases[] = {
                {limit - 1, bands[b].below}, {limit, bands[b].at}, {limit + 1, bands[b].above}};
            for (int k = 0; k < 3; k++) {
                household_of(places[p].members, &f);
                set_district(&f, places[p].district);
                set_income(&f, cases[k].total);
                const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
                assert_int_equal(e->tier, cases[k].tier);
                assert_int_equal(e->eligible, cases[k].tier != 0);
                if (!cases[k].tier) continue;
                assert_int_equal(e->zone, places[p].zone);
                assert_int_equal(e->large, places[p].large);
                assert_int_equal(e->amount, YUAN(market_amounts[cases[k].tier][places[p].column]));
                assert_false(e->capped_at_rent);
            }
        }
    }
}

static void market_subsidy_category_tiers(void **state)
{
    (void)state;
    const struct {
        unsigned categories;
        const char *district;
        int members, tier;
        int64_t amount;
    } rows[] = {
        {BIT(PRI_DIBAO), "110105", 2, 1, YUAN(2500)},
        {BIT(PRI_TEKUN), "110105", 3, 1, YUAN(3500)},
        {BIT(PRI_DIBAO), "110117", 2, 1, YUAN(1500)},
        {BIT(PRI_LOW_INCOME), "110118", 3, 2, YUAN(1800)},
        {BIT(PRI_LOW_INCOME), "110105", 2, 2, YUAN(2200)},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(rows[i].members, &f);
        set_district(&f, rows[i].district);
        f.categories = rows[i].categories;
        set_income(&f, YUAN(4000) * 12 * rows[i].members);
        const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
        assert_true(e->eligible);
        assert_int_equal(e->tier, rows[i].tier);
        assert_int_equal(e->amount, rows[i].amount);
    }
}

static void market_subsidy_uplift(void **state)
{
    (void)state;
    struct household_facts f;
    const struct {
        int disability_grade, serious_illness;
        unsigned categories;
        int64_t per_capita;
        int base_tier, tier, uplifted;
        int64_t amount; /* 2 members, general */
    } rows[] = {
        {1, 0, 0, YUAN(3000), 4, 3, 1, YUAN(1900)},
        {2, 0, 0, YUAN(4200), 6, 5, 1, YUAN(1300)},
        {3, 0, 0, YUAN(3000), 4, 4, 0, YUAN(1600)}, /* grade 3 is not severe */
        {0, 1, 0, YUAN(2000), 3, 2, 1, YUAN(2200)},
        /* declared, but no member has grade 1 or 2: the figures decide */
        {0, 0, BIT(PRI_SEVERE_DISABILITY), YUAN(3500), 5, 5, 0, YUAN(1300)},
        {1, 0, BIT(PRI_DIBAO), YUAN(3000), 1, 1, 1, YUAN(2500)}, /* tier 1 stays 1 */
        {0, 1, BIT(PRI_LOW_INCOME), YUAN(3000), 2, 1, 1, YUAN(2500)},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(2, &f);
        f.m[1].disability_grade = rows[i].disability_grade;
        f.m[1].serious_illness = rows[i].serious_illness;
        f.categories = rows[i].categories;
        set_income(&f, rows[i].per_capita * 24);
        const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
        assert_true(e->eligible);
        assert_int_equal(e->base_tier, rows[i].base_tier);
        assert_int_equal(e->tier, rows[i].tier);
        assert_int_equal(e->uplifted, rows[i].uplifted);
        assert_int_equal(e->amount, rows[i].amount);
    }

    household_of(2, &f);
    f.m[1].disability_grade = 1;
    set_income(&f, YUAN(3000) * 24);
    const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, YUAN(1800));
    assert_string_equal(e->amount_zh,
                        "第 4 档（人均月收入 3,000.00 元），因重残家庭上浮 1 档为第 "
                        "3 档；一般区域、2 人及以下家庭每月 1,900.00 元；登记租金每月 "
                        "1,800.00 元低于此数，按租金发放 1,800.00 元");
    assert_string_equal(e->amount_en,
                        "tier 4 (per-capita monthly income 3,000.00 yuan), up 1 tier to tier 3 "
                        "(household with a severe disability); general districts, households of "
                        "2 or fewer: 1,900.00 yuan a month; the registered rent of 1,800.00 yuan "
                        "a month is lower, so 1,800.00 yuan is paid");

    f.categories = BIT(PRI_DIBAO);
    e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    assert_string_equal(e->amount_zh, "第 1 档（低保家庭），符合上浮条件（重残家庭），已是第 1 "
                                      "档；一般区域、2 人及以下家庭每月 2,500.00 元；登记租金每月 "
                                      "3,000.00 元，发放 2,500.00 元");
}

static void market_subsidy_uplift_for_an_all_elderly_household_without_children(void **state)
{
    (void)state;
    struct household_facts f;
    const struct {
        const char *as_of;
        int add_child;
        int tier;
    } rows[] = {
        {"2026-06-14", 0, 5}, /* the younger turns 60 tomorrow */
        {"2026-06-15", 0, 4}, /* 60 today: everyone 60+, no child */
        {"2026-06-15", 1, 5}, /* a child (aged 60 too) in the household */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(rows[i].add_child ? 3 : 2, &f);
        strcpy(f.m[0].birth_date, "1958-02-01");
        strcpy(f.m[1].birth_date, "1966-06-15");
        if (rows[i].add_child) strcpy(f.m[2].birth_date, "1966-01-01");
        set_income(&f, YUAN(3500) * 12 * f.nmembers);
        const struct eligibility *e =
            evaluate_with(&bj, &f, PROG_MARKET_RENT_SUBSIDY, rows[i].as_of, -1, -1);
        assert_true(e->eligible);
        assert_int_equal(e->base_tier, 5);
        assert_int_equal(e->tier, rows[i].tier);
        assert_int_equal(e->uplifted, rows[i].tier == 4);
    }
    household_of(2, &f);
    strcpy(f.m[0].birth_date, "1958-02-01");
    strcpy(f.m[1].birth_date, "1966-06-15");
    set_income(&f, YUAN(3500) * 24);
    set_district(&f, "110116");
    const struct eligibility *e =
        evaluate_with(&bj, &f, PROG_MARKET_RENT_SUBSIDY, "2026-06-15", -1, -1);
    assert_int_equal(e->amount, YUAN(960));
    assert_string_equal(e->amount_zh,
                        "第 5 档（人均月收入 3,500.00 元），因成员均年满 60 周岁且无子女上浮 1 "
                        "档为第 4 档；怀柔、平谷、密云、延庆、2 人及以下家庭每月 960.00 元，"
                        "按登记租赁合同租金发放，最多 960.00 元");
    assert_string_equal(e->amount_en,
                        "tier 5 (per-capita monthly income 3,500.00 yuan), up 1 tier to tier 4 "
                        "(all members aged 60 or more, no children); Huairou, Pinggu, Miyun, "
                        "Yanqing, households of 2 or fewer: 960.00 yuan a month, paid up to the "
                        "registered lease rent (at most 960.00 yuan)");
}

static void market_subsidy_is_capped_at_the_registered_rent(void **state)
{
    (void)state;
    const struct {
        int64_t rent, amount;
        int capped;
    } rows[] = {
        {YUAN(1900) - 1, YUAN(1900) - 1, 1},
        {YUAN(1900), YUAN(1900), 0},
        {YUAN(1900) + 1, YUAN(1900), 0},
        {YUAN(1500), YUAN(1500), 1},
        {0, 0, 1},
        {-1, YUAN(1900), 0},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(2, &f);
        set_income(&f, YUAN(2700) * 24);
        const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, rows[i].rent);
        assert_true(e->eligible);
        assert_int_equal(e->tier, 3);
        assert_int_equal(e->amount, rows[i].amount);
        assert_int_equal(e->capped_at_rent, rows[i].capped);
    }
}

static void market_subsidy_requires_no_home(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(2, &f);
    set_income(&f, YUAN(3000) * 24);
    f.m[1].home_count = 1;
    f.m[1].home_area = M2(40);
    const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, YUAN(2000));
    assert_false(e->criteria[0].pass);
    assert_false(e->eligible);
    assert_string_equal(e->criteria[0].actual, "1");
    assert_string_equal(e->criteria[0].zh, "家庭成员名下住房 1 套，已有自有住房");
    assert_string_equal(e->criteria[0].en, "homes owned by members: 1, a home is owned");
    assert_int_equal(e->tier, 4);
    assert_int_equal(e->amount, 0);
    f.m[1].home_count = 0;
    e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, YUAN(2000));
    assert_true(e->criteria[0].pass);
    assert_string_equal(e->criteria[0].zh, "家庭成员名下住房 0 套，无自有住房");
    assert_int_equal(e->amount, YUAN(1600));
}

/* ---------------------------------------------- 共有产权住房: ages, hukou */

static void single_applicant_turns_30_on_the_birthday(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(1, &f);
    strcpy(f.m[0].birth_date, "1996-11-24");
    const struct eligibility *e =
        evaluate_with(&bj, &f, PROG_SHARED_OWNERSHIP, "2026-11-23", -1, -1);
    assert_int_equal(e->criteria[2].kind, CRIT_SINGLE_APPLICANT_AGE_MIN);
    assert_false(e->criteria[2].pass);
    assert_false(e->eligible);
    assert_string_equal(e->criteria[2].actual, "29");
    assert_string_equal(e->criteria[2].limit, "30");
    assert_string_equal(e->criteria[2].zh, "单身申请人年龄 29 周岁，低于 30 周岁");
    assert_string_equal(e->criteria[2].en, "single applicant's age 29 years, below 30 years");

    e = evaluate_with(&bj, &f, PROG_SHARED_OWNERSHIP, "2026-11-24", -1, -1);
    assert_true(e->criteria[2].pass);
    assert_true(e->eligible);
    assert_string_equal(e->criteria[2].zh, "单身申请人年龄 30 周岁，不低于 30 周岁");

    household_of(2, &f);
    strcpy(f.m[0].birth_date, "2000-01-01");
    e = evaluate_with(&bj, &f, PROG_SHARED_OWNERSHIP, "2026-11-23", -1, -1);
    assert_true(e->criteria[2].pass);
    assert_string_equal(e->criteria[2].zh, "不适用（非单身申请）");
    assert_string_equal(e->criteria[2].en, "not applicable (not a single applicant)");
}

static void applicant_age_bounds(void **state)
{
    (void)state;
    static struct policy p;
    p = bj;
    struct programme_rules *pr = &p.programmes[PROG_TALENT];
    pr->offered = 1;
    pr->criteria[0] =
        (struct criterion){.kind = CRIT_APPLICANT_AGE_MIN, .inclusive = 1, .value = 18};
    pr->criteria[1] =
        (struct criterion){.kind = CRIT_APPLICANT_AGE_MAX, .inclusive = 0, .value = 45};
    pr->ncriteria = 2;
    struct household_facts f;
    household_of(2, &f);
    strcpy(f.m[0].birth_date, "1981-11-24");
    const struct eligibility *e = evaluate_with(&p, &f, PROG_TALENT, "2026-11-23", -1, -1);
    assert_true(e->criteria[1].pass);
    assert_string_equal(e->criteria[1].zh, "申请人年龄 44 周岁，低于 45 周岁");
    e = evaluate_with(&p, &f, PROG_TALENT, "2026-11-24", -1, -1);
    assert_false(e->criteria[1].pass);
    assert_string_equal(e->criteria[1].en, "applicant's age 45 years, not below 45 years");
    assert_true(e->criteria[0].pass);
    strcpy(f.m[0].birth_date, "");
    e = evaluate_with(&p, &f, PROG_TALENT, "2026-11-24", -1, -1);
    assert_false(e->criteria[0].pass);
    assert_string_equal(e->criteria[0].actual, "");
}

static void hukou_or_social_insurance(void **state)
{
    (void)state;
    const struct {
        const char *hukou, *work;
        int64_t months;
        int pass;
        const char *zh;
    } rows[] = {
        {"110105", "", 0, 1, "申请人户籍 110105，在规定地区（11）内"},
        {"130102", "110105", 59, 0,
         "申请人户籍 130102，不在规定地区（11）内；在 110105 工作，缴纳社保 59 个月，低于 60 个月"},
        {"130102", "110105", 60, 1,
         "申请人户籍 130102，不在规定地区（11）内；在 110105 工作，缴纳社保 60 个月，不低于 60 "
         "个月"},
        {"130102", "130102", 120, 0,
         "申请人户籍 130102，不在规定地区（11）内；工作地 130102 也不在规定地区内"},
        {"130102", "", 120, 0, "申请人户籍 130102，不在规定地区（11）内；也未登记工作地"},
    };
    struct household_facts f;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        household_of(2, &f);
        strcpy(f.m[0].hukou_region_code, rows[i].hukou);
        strcpy(f.m[0].work_region_code, rows[i].work);
        f.m[0].social_insurance_months = rows[i].months;
        const struct eligibility *e = evaluate(&f, PROG_SHARED_OWNERSHIP, -1);
        assert_int_equal(e->criteria[1].pass, rows[i].pass);
        assert_string_equal(e->criteria[1].zh, rows[i].zh);
    }
    household_of(2, &f);
    strcpy(f.m[0].hukou_region_code, "130102");
    strcpy(f.m[0].work_region_code, "110105");
    f.m[0].social_insurance_months = 72;
    f.verified = BIT(FACT_SOCIAL_INSURANCE);
    const struct eligibility *e = evaluate(&f, PROG_SHARED_OWNERSHIP, -1);
    assert_true(e->criteria[1].verified);
    assert_string_equal(e->criteria[1].en,
                        "applicant's hukou 130102, outside the required regions (11); works in "
                        "110105 with 72 months of social insurance, not below 60 months "
                        "(verified)");
    strcpy(f.m[0].hukou_region_code, "110108");
    e = evaluate(&f, PROG_SHARED_OWNERSHIP, -1);
    assert_false(e->criteria[1].verified); /* decided by the hukou, which no feed checks */
}

static void the_other_applicant_criteria(void **state)
{
    (void)state;
    static struct policy p;
    p = bj;
    struct programme_rules *pr = &p.programmes[PROG_TALENT];
    pr->offered = 1;
    pr->ncriteria = 0;
    add_criterion(
        pr, (struct criterion){.kind = CRIT_HUKOU_IN, .nregions = 2, .regions = {"1101", "1201"}});
    add_criterion(
        pr, (struct criterion){.kind = CRIT_EMPLOYED_IN, .nregions = 1, .regions = {"110108"}});
    add_criterion(pr, (struct criterion){.kind = CRIT_EMPLOYER_IN,
                                         .nemployers = 2,
                                         .employers = {"北京某研究院", "某大学"}});
    add_criterion(pr, (struct criterion){
                          .kind = CRIT_SOCIAL_INSURANCE_MONTHS_MIN, .inclusive = 1, .months = 12});
    struct household_facts f;
    household_of(1, &f);
    strcpy(f.m[0].hukou_region_code, "120101");
    strcpy(f.m[0].work_region_code, "110108");
    strcpy(f.m[0].employer, "北京某研究院");
    f.m[0].social_insurance_months = 12;
    const struct eligibility *e = evaluate_with(&p, &f, PROG_TALENT, "2026-11-23", -1, -1);
    assert_true(e->eligible);
    assert_string_equal(e->criteria[0].zh, "申请人户籍 120101，在规定地区（1101、1201）内");
    assert_string_equal(e->criteria[0].limit, "1101, 1201");
    assert_string_equal(e->criteria[1].zh, "申请人工作地 110108，在规定地区（110108）内");
    assert_string_equal(e->criteria[2].zh,
                        "申请人就业单位“北京某研究院”在重点单位名录（共 2 家）内");
    assert_string_equal(e->criteria[3].zh, "申请人社保缴纳 12 个月，不低于 12 个月");

    strcpy(f.m[0].hukou_region_code, "130102");
    strcpy(f.m[0].work_region_code, "");
    strcpy(f.m[0].employer, "某公司");
    f.m[0].social_insurance_months = 11;
    e = evaluate_with(&p, &f, PROG_TALENT, "2026-11-23", -1, -1);
    assert_false(e->eligible);
    for (int i = 0; i < 4; i++)
        assert_false(e->criteria[i].pass);
    assert_string_equal(e->summary_zh, "不符合人才住房申请条件：4 项条件未满足");
    assert_string_equal(e->criteria[0].en,
                        "applicant's hukou 130102, outside the required regions (1101, 1201)");
    assert_string_equal(e->criteria[1].zh, "申请人未登记工作地");
    assert_string_equal(e->criteria[2].en, "the applicant's employer \"某公司\" is not on the "
                                           "list of key institutions (2 in all)");
    assert_string_equal(e->criteria[3].en,
                        "applicant's social insurance 11 months, below 12 months");

    f.m[0].relation = REL_OTHER; /* nobody is the applicant */
    e = evaluate_with(&p, &f, PROG_TALENT, "2026-11-23", -1, -1);
    assert_string_equal(e->criteria[0].zh, "家庭未登记申请人，无法认定");
}

/* ---------------------------------------------- verified, priority */

static void verified_figures_say_so(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(3, &f);
    set_income(&f, YUAN(3850) * 36);
    const struct eligibility *e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
    assert_false(e->criteria[1].verified);
    assert_string_equal(e->criteria[1].zh, "家庭人均月收入 3,850.00 元，不高于 4,200.00 元");
    assert_string_equal(e->criteria[1].en,
                        "per-capita monthly income 3,850.00 yuan, not above 4,200.00 yuan");

    f.verified = BIT(FACT_INCOME) | BIT(FACT_HOMES) | BIT(FACT_VEHICLES) | BIT(FACT_DEPOSITS) |
                 BIT(FACT_SECURITIES);
    e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
    assert_true(e->criteria[0].verified); /* no home: the property registry */
    assert_string_equal(e->criteria[0].zh, "家庭成员名下住房 0 套，无自有住房（经核对）");
    assert_true(e->criteria[1].verified);
    assert_string_equal(e->criteria[1].zh,
                        "家庭人均月收入 3,850.00 元，不高于 4,200.00 元（经核对）");
    assert_string_equal(e->criteria[1].en,
                        "per-capita monthly income 3,850.00 yuan, not above 4,200.00 yuan "
                        "(verified)");
    assert_false(e->criteria[2].verified); /* insurance not checked */
    assert_string_equal(e->criteria[2].zh,
                        "家庭资产 0.00 元，不高于 3 人及以下家庭上限 570,000.00 元");

    f.verified |= BIT(FACT_INSURANCE);
    e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
    assert_true(e->criteria[2].verified);
    assert_string_equal(e->criteria[2].en, "household assets 0.00 yuan, not above 570,000.00 yuan "
                                           "(the limit for households of 3 or fewer) (verified)");
    f.verified = BIT(FACT_STATUS) | BIT(FACT_SOCIAL_INSURANCE);
    e = evaluate(&f, PROG_MARKET_RENT_SUBSIDY, -1);
    for (int i = 0; i < e->ncriteria; i++)
        assert_false(e->criteria[i].verified);
}

static void priority_categories_derived_and_filtered_by_the_policy(void **state)
{
    (void)state;
    struct household_facts f;
    household_of(4, &f);
    f.categories = BIT(PRI_VETERAN) | BIT(PRI_LOW_INCOME);
    strcpy(f.m[1].birth_date, "1966-06-15");
    f.m[2].disability_grade = 2;
    f.m[3].serious_illness = 1;
    const unsigned all = BIT(PRI_VETERAN) | BIT(PRI_LOW_INCOME) | BIT(PRI_ELDERLY) |
                         BIT(PRI_SEVERE_DISABILITY) | BIT(PRI_SERIOUS_ILLNESS);
    const struct eligibility *e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL, "2026-06-15", -1, -1);
    assert_int_equal(e->priority, all);
    e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL, "2026-06-14", -1, -1); /* 59 */
    assert_int_equal(e->priority, all & ~BIT(PRI_ELDERLY));

    f.m[2].disability_grade = 3;
    f.m[3].serious_illness = 0;
    e = evaluate_with(&bj, &f, PROG_PUBLIC_RENTAL, "2026-06-15", -1, -1);
    assert_int_equal(e->priority, BIT(PRI_VETERAN) | BIT(PRI_LOW_INCOME) | BIT(PRI_ELDERLY));

    static struct policy p;
    p = bj;
    p.npriority = 0; /* this city gives priority to 低保, 低收入 and 重残 only */
    p.priority_order[p.npriority++] = PRI_DIBAO;
    p.priority_order[p.npriority++] = PRI_SEVERE_DISABILITY;
    p.priority_order[p.npriority++] = PRI_LOW_INCOME;
    f.m[2].disability_grade = 1;
    e = evaluate_with(&p, &f, PROG_PUBLIC_RENTAL, "2026-06-15", -1, -1);
    assert_int_equal(e->priority, BIT(PRI_LOW_INCOME) | BIT(PRI_SEVERE_DISABILITY));
}

static void the_same_input_gives_the_same_result(void **state)
{
    (void)state;
    static struct eligibility first;
    struct household_facts f;
    household_of(3, &f);
    set_income(&f, YUAN(3300) * 36);
    f.m[2].serious_illness = 1;
    evaluate(&f, PROG_MARKET_RENT_SUBSIDY, YUAN(1400));
    first = out;
    memset(&out, 0xA5, sizeof out);
    evaluate(&f, PROG_MARKET_RENT_SUBSIDY, YUAN(1400));
    assert_memory_equal(&first, &out, sizeof out);
    assert_int_equal(out.tier, 4);
    assert_int_equal(out.amount, YUAN(1400));
    assert_true(out.capped_at_rent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_rental_annual_income_at_sizes_3_and_4),
        cmocka_unit_test(public_rental_per_capita_area_at_sizes_3_and_4),
        cmocka_unit_test(a_rented_public_flat_counts_as_housing_area),
        cmocka_unit_test(public_rental_sentences_and_summary),
        cmocka_unit_test(a_programme_not_offered_is_refused_with_one_sentence),
        cmocka_unit_test(no_size_limit_covering_the_household_fails),
        cmocka_unit_test(per_capita_income_is_compared_without_dividing),
        cmocka_unit_test(exclusive_and_inclusive_bounds_on_the_same_figure),
        cmocka_unit_test(rent_subsidy_tiers_at_every_band_boundary),
        cmocka_unit_test(income_bands_are_exact_at_both_ends),
        cmocka_unit_test(rent_subsidy_category_tiers_and_their_shares),
        cmocka_unit_test(rent_subsidy_area_cap_and_rounding),
        cmocka_unit_test(rent_subsidy_without_a_rent_needs_the_rent),
        cmocka_unit_test(rent_subsidy_at_the_largest_figures_does_not_overflow),
        cmocka_unit_test(rent_subsidy_requires_a_public_tenancy_and_the_asset_limit),
        cmocka_unit_test(market_subsidy_every_band_zone_and_size),
        cmocka_unit_test(market_subsidy_category_tiers),
        cmocka_unit_test(market_subsidy_uplift),
        cmocka_unit_test(market_subsidy_uplift_for_an_all_elderly_household_without_children),
        cmocka_unit_test(market_subsidy_is_capped_at_the_registered_rent),
        cmocka_unit_test(market_subsidy_requires_no_home),
        cmocka_unit_test(single_applicant_turns_30_on_the_birthday),
        cmocka_unit_test(applicant_age_bounds),
        cmocka_unit_test(hukou_or_social_insurance),
        cmocka_unit_test(the_other_applicant_criteria),
        cmocka_unit_test(verified_figures_say_so),
        cmocka_unit_test(priority_categories_derived_and_filtered_by_the_policy),
        cmocka_unit_test(the_same_input_gives_the_same_result),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
