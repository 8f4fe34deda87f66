/* core/verify + core/eligibility through the real Beijing preset
 * (policy/beijing.json): decisions that the shared data changes.
 *
 * For each of the eight feeds there is a household whose declaration gives
 * one decision and whose verified figures give another (eligible or not, or
 * another tier and amount); then sources that were never loaded, loaded
 * sources without a row for a person, and spot checks of the preset's
 * figures at their bounds. Households are built as records (valid GB 11643
 * numbers, checked with household_validate), feed rows as struct
 * feed_record; every decision runs verify_household then
 * eligibility_evaluate. The expected figures and sentences are written out
 * here by hand, never computed from the policy, so a wrong figure in the
 * preset or in the engine fails a test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idnum.h"
#include "core/eligibility.h"
#include "core/verify.h"
#include "io/policy_json.h"

#define PRESET ANJU_TEST_DATA "/../../policy/beijing.json"
#define AS_OF "2026-11-23"

#define YUAN(y) ((int64_t)(y)*100)
#define M2(a) ((int64_t)(a)*100)
#define BIT(k) (1u << (k))

#define ALL_FEEDS ((1u << FEED_COUNT) - 1)
/* the five sources of the assets figure: only with all of them loaded is the
 * assets criterion marked as verified */
#define ASSET_FEEDS                                                                                \
    (BIT(FEED_PROPERTY) | BIT(FEED_VEHICLES) | BIT(FEED_DEPOSITS) | BIT(FEED_SECURITIES) |         \
     BIT(FEED_INSURANCE))

/* Where the preset lists the criteria these tests read (checked first, by
 * the_preset_lists_the_criteria_in_the_order_these_tests_read). */
enum {
    PR_HUKOU = 0, /* 公租房 */
    PR_AREA = 1,
    PR_INCOME = 2,
    PRS_TENURE = 0, /* 公租房租金补贴 */
    PRS_INCOME = 1,
    PRS_ASSETS = 2,
    MKT_NO_HOME = 0, /* 市场租房补贴 */
    MKT_INCOME = 1,
    MKT_ASSETS = 2,
    SO_NO_HOME = 0, /* 共有产权住房 */
    SO_HUKOU_OR_SI = 1,
    SO_SINGLE_AGE = 2,
};

/* ------------------------------------------------------------- preset */

static struct policy *bj;

static int load_preset(void **state)
{
    (void)state;
    FILE *in = fopen(PRESET, "rb");
    if (!in) {
        fprintf(stderr, "cannot open %s\n", PRESET);
        return -1;
    }
    char *text = NULL;
    size_t len = 0;
    if (fseek(in, 0, SEEK_END) == 0) {
        long n = ftell(in);
        if (n > 0 && fseek(in, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)) != NULL)
            len = fread(text, 1, (size_t)n, in);
    }
    fclose(in);
    if (!text || len == 0) {
        free(text);
        fprintf(stderr, "cannot read %s\n", PRESET);
        return -1;
    }
    bj = calloc(1, sizeof *bj); /* about 1.2 MB */
    struct err_list errs = {0};
    int rc = bj ? policy_parse(text, len, bj, &errs) : -1;
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s: %s / %s\n", errs.items[i].field, errs.items[i].zh, errs.items[i].en);
    err_list_free(&errs);
    free(text);
    return rc;
}

static int free_preset(void **state)
{
    (void)state;
    free(bj);
    bj = NULL;
    return 0;
}

/* ------------------------------------------------------------ fixture */

enum { ROWS_PER_MEMBER = 16 };

struct fx {
    struct household h;
    struct feed_record r[HH_MAX_MEMBERS][ROWS_PER_MEMBER];
    struct member_feeds feeds[HH_MAX_MEMBERS]; /* feeds[i].rows = r[i] */
    struct household_facts f;
    struct verification v;
    struct eligibility e;
};

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    if (!x) return -1;
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static void make_id(char out[19], const char *region6, const char *birth8, int seq)
{
    snprintf(out, 19, "%s%s%03d", region6, birth8, seq);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

static const struct {
    const char *name, *birth8;
    int seq;
    enum relation relation;
} people[] = {
    {"张伟", "19850412", 11, REL_APPLICANT},
    {"李娜", "19870930", 22, REL_SPOUSE},
    {"张子涵", "20150601", 32, REL_CHILD},
    {"张子墨", "20180315", 41, REL_CHILD},
};
enum { NPEOPLE = sizeof people / sizeof people[0] };

/* A household of n (1..4) living in `street` (9 digits; the district is its
 * first 6): 张伟 the applicant, 李娜 his wife, then two children; Beijing
 * hukou (110105), renting privately (20 m2), no income, nothing owned,
 * nothing declared. No feed rows. */
static void family(struct fx *x, int n, const char *street)
{
    assert_true(n >= 1 && n <= NPEOPLE);
    memset(&x->h, 0, sizeof x->h);
    memset(x->feeds, 0, sizeof x->feeds);
    for (int i = 0; i < HH_MAX_MEMBERS; i++)
        x->feeds[i].rows = x->r[i];
    struct household *h = &x->h;
    strcpy(h->household_no, "BJ2026000101");
    snprintf(h->region_code, sizeof h->region_code, "%s", street);
    snprintf(h->district_code, sizeof h->district_code, "%.6s", street);
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "北京市某区某街道某小区 2 号楼 301");
    h->housing_area = M2(20);
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-10");
    h->nmembers = n;
    for (int i = 0; i < n; i++) {
        struct member *m = &h->members[i];
        strcpy(m->name, people[i].name);
        make_id(m->id_number, "110105", people[i].birth8, people[i].seq);
        m->relation = people[i].relation;
        m->marital_status = i < 2 && n >= 2 ? MAR_MARRIED : MAR_UNMARRIED;
        strcpy(m->hukou_region_code, "110105");
        m->hukou_urban = 1;
    }
}

/* The applicant's hukou (and ID number) from elsewhere: 130102, 石家庄. */
static void applicant_from_hebei(struct fx *x)
{
    struct member *a = &x->h.members[0];
    make_id(a->id_number, "130102", people[0].birth8, people[0].seq);
    strcpy(a->hukou_region_code, "130102");
}

/* Member m's 12-month income, spread over the months. */
static void set_income(struct fx *x, int m, int64_t total)
{
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        x->h.members[m].income[k] = total / HH_INCOME_MONTHS;
    x->h.members[m].income[HH_INCOME_MONTHS - 1] += total % HH_INCOME_MONTHS;
}

/* A new feed row of `source` for member m, with the member's ID and name. */
static struct feed_record *add_row(struct fx *x, int m, enum feed_source source, int64_t batch,
                                   long line)
{
    assert_true(x->feeds[m].n < ROWS_PER_MEMBER);
    struct feed_record *r = &x->r[m][x->feeds[m].n++];
    memset(r, 0, sizeof *r);
    r->source = source;
    r->batch_id = batch;
    r->line = line;
    memcpy(r->id_number, x->h.members[m].id_number, sizeof r->id_number);
    snprintf(r->name, sizeof r->name, "%s", x->h.members[m].name);
    return r;
}

/* Checks the household is a valid record, verifies it against the `loaded`
 * sources and decides `prog` on AS_OF with the registered rent. */
static const struct eligibility *decide(struct fx *x, unsigned loaded, enum programme prog,
                                        int64_t rent)
{
    struct err_list errs = {0};
    int rc = household_validate(&x->h, AS_OF, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s: %s\n", errs.items[i].field, errs.items[i].en);
    err_list_free(&errs);
    assert_int_equal(rc, 0);
    verify_household(&x->h, loaded, x->feeds, &x->f, &x->v);
    struct eligibility_input in = {.facts = &x->f,
                                   .policy = bj,
                                   .programme = prog,
                                   .as_of = AS_OF,
                                   .rent = rent,
                                   .rent_area = -1};
    eligibility_evaluate(&in, &x->e);
    return &x->e;
}

static void expect_decision(const struct eligibility *e, int eligible, int tier, int64_t amount)
{
    assert_int_equal(e->eligible, eligible);
    assert_int_equal(e->tier, tier);
    assert_int_equal(e->amount, amount);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* The criterion's figure came from shared data, and both sentences say so. */
static void expect_verified(const struct criterion_result *c)
{
    assert_true(c->verified);
    if (!ends_with(c->zh, "（经核对）")) fail_msg("not marked verified: %s", c->zh);
    if (!ends_with(c->en, " (verified)")) fail_msg("not marked verified: %s", c->en);
}

static void expect_declared(const struct criterion_result *c)
{
    assert_false(c->verified);
    if (strstr(c->zh, "经核对")) fail_msg("marked verified: %s", c->zh);
    if (strstr(c->en, "verified")) fail_msg("marked verified: %s", c->en);
}

/* The first discrepancy of member m in `field`, or a failure. */
static const struct discrepancy *discrepancy(const struct fx *x, int m, const char *field)
{
    for (int i = 0; i < x->v.ndiscrepancies; i++)
        if (x->v.d[i].member == m && strcmp(x->v.d[i].field, field) == 0) return &x->v.d[i];
    fail_msg("no discrepancy %s for member %d", field, m);
    return NULL;
}

static void expect_discrepancy(const struct fx *x, int m, enum feed_source source,
                               const char *field, const char *declared, const char *found)
{
    const struct discrepancy *d = discrepancy(x, m, field);
    assert_int_equal(d->source, source);
    assert_string_equal(d->declared, declared);
    assert_string_equal(d->found, found);
}

/* -------------------------------------------------------- the preset */

static void expect_kinds(enum programme prog, int n, const enum criterion_kind *kinds)
{
    const struct programme_rules *r = &bj->programmes[prog];
    assert_true(r->offered);
    assert_int_equal(r->ncriteria, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(r->criteria[i].kind, kinds[i]);
}

static void the_preset_lists_the_criteria_in_the_order_these_tests_read(void **state)
{
    (void)state;
    assert_string_equal(bj->code, "beijing");
    assert_string_equal(bj->version, "2026.1");
    expect_kinds(PROG_PUBLIC_RENTAL, 3,
                 (enum criterion_kind[]){[PR_HUKOU] = CRIT_HUKOU_IN,
                                         [PR_AREA] = CRIT_PER_CAPITA_HOUSING_AREA_MAX,
                                         [PR_INCOME] = CRIT_ANNUAL_INCOME_MAX});
    expect_kinds(PROG_PUBLIC_RENTAL_SUBSIDY, 3,
                 (enum criterion_kind[]){[PRS_TENURE] = CRIT_TENURE_IN,
                                         [PRS_INCOME] = CRIT_PER_CAPITA_MONTHLY_INCOME_MAX,
                                         [PRS_ASSETS] = CRIT_ASSETS_MAX});
    expect_kinds(PROG_MARKET_RENT_SUBSIDY, 3,
                 (enum criterion_kind[]){[MKT_NO_HOME] = CRIT_NO_HOME,
                                         [MKT_INCOME] = CRIT_PER_CAPITA_MONTHLY_INCOME_MAX,
                                         [MKT_ASSETS] = CRIT_ASSETS_MAX});
    expect_kinds(PROG_SHARED_OWNERSHIP, 3,
                 (enum criterion_kind[]){[SO_NO_HOME] = CRIT_NO_HOME,
                                         [SO_HUKOU_OR_SI] = CRIT_HUKOU_OR_SOCIAL_INSURANCE,
                                         [SO_SINGLE_AGE] = CRIT_SINGLE_APPLICANT_AGE_MIN});
    const struct criterion *c = &bj->programmes[PROG_SHARED_OWNERSHIP].criteria[SO_HUKOU_OR_SI];
    assert_int_equal(c->months, 60);
    assert_int_equal(c->nregions, 1);
    assert_string_equal(c->regions[0], "11");
}

/* ----------------------------------------------------- property 不动产 */

/* 2 people, 60,000.00 a year: per-capita 2,500.00, tier 3 (1,900.00 for
 * two in the general districts), rent 3,000.00. */
static void property_registry_home_fails_no_home_for_the_market_subsidy(void **state)
{
    struct fx *x = *state;
    family(x, 2, "110105001");
    set_income(x, 0, YUAN(60000));
    const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    expect_decision(e, 1, 3, YUAN(1900));
    assert_true(e->criteria[MKT_NO_HOME].pass);
    expect_declared(&e->criteria[MKT_NO_HOME]);
    assert_string_equal(e->criteria[MKT_NO_HOME].zh, "家庭成员名下住房 0 套，无自有住房");

    /* the wife owns a flat she did not declare */
    struct feed_record *r = add_row(x, 1, FEED_PROPERTY, 2, 17);
    strcpy(r->key, "京(2019)朝阳区不动产权第0056789号");
    strcpy(r->label, "北京市朝阳区望京街道望京西园三区312号楼5单元601");
    r->area = 5630;
    r->amount = YUAN(300000);
    e = decide(x, BIT(FEED_PROPERTY), PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    expect_decision(e, 0, 3, 0);
    assert_false(e->criteria[MKT_NO_HOME].pass);
    expect_verified(&e->criteria[MKT_NO_HOME]);
    assert_string_equal(e->criteria[MKT_NO_HOME].zh,
                        "家庭成员名下住房 1 套，已有自有住房（经核对）");
    assert_string_equal(e->criteria[MKT_NO_HOME].en,
                        "homes owned by members: 1, a home is owned (verified)");
    /* the flat's 300,000.00 stays under the asset cap; with only the
     * property registry loaded the assets are not all verified */
    assert_true(e->criteria[MKT_ASSETS].pass);
    assert_string_equal(e->criteria[MKT_ASSETS].actual, "300,000.00");
    expect_declared(&e->criteria[MKT_ASSETS]);
    assert_true(e->criteria[MKT_INCOME].pass);
    assert_string_equal(e->summary_zh, "不符合市场租房补贴申请条件：1 项条件未满足");
    assert_string_equal(e->amount_zh, "第 3 档（人均月收入 2,500.00 元）；条件未满足，不予发放");
    assert_int_equal(x->v.ndiscrepancies, 3);
    expect_discrepancy(x, 1, FEED_PROPERTY, "home_count", "0", "1");
    expect_discrepancy(x, 1, FEED_PROPERTY, "home_area", "0.00", "56.30");
    expect_discrepancy(x, 1, FEED_PROPERTY, "home_value", "0.00", "300,000.00");
}

/* 3 people: 公租房 allows 15 m2 each, 45 m2 in all. */
static void property_registry_home_decides_public_rental_per_capita_area(void **state)
{
    struct fx *x = *state;
    const struct {
        int64_t area;
        int pass;
        const char *zh;
    } rows[] = {
        {M2(45), 1, "人均住房面积 15.00 平方米，不高于 15.00 平方米（经核对）"},
        {M2(45) + 1, 0,
         "人均住房面积 15.00 平方米（3 人共 45.01 平方米），高于 15.00 平方米（经核对）"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        family(x, 3, "110105001");
        set_income(x, 0, YUAN(90000));
        const struct eligibility *e = decide(x, 0, PROG_PUBLIC_RENTAL, -1);
        expect_decision(e, 1, 0, 0);
        assert_string_equal(e->criteria[PR_AREA].zh,
                            "人均住房面积 0.00 平方米，不高于 15.00 平方米");

        struct feed_record *r = add_row(x, 1, FEED_PROPERTY, 2, 3);
        strcpy(r->key, "京(2015)海淀区不动产权第0012345号");
        strcpy(r->label, "北京市海淀区某街道某小区 5 号楼 102");
        r->area = rows[i].area;
        r->amount = YUAN(1500000);
        e = decide(x, BIT(FEED_PROPERTY), PROG_PUBLIC_RENTAL, -1);
        expect_decision(e, rows[i].pass, 0, 0);
        assert_int_equal(e->criteria[PR_AREA].pass, rows[i].pass);
        expect_verified(&e->criteria[PR_AREA]);
        assert_string_equal(e->criteria[PR_AREA].zh, rows[i].zh);
        assert_true(e->criteria[PR_INCOME].pass);
    }
}

/* -------------------------------- vehicles, deposits, securities, insurance */

/* 2 people, 48,000.00 a year (per-capita 2,000.00), rent 2,000.00:
 * 市场租房补贴 tier 3 pays 1,900.00; 公租房租金补贴 (a 40 m2 public flat)
 * tier 5 pays 25% = 500.00. Declared: deposits only. Every asset source is
 * loaded; the bank shows the declared deposits unless deposits is the
 * source under test; the tested source's row is the wife's. */
static void each_asset_feed_can_push_two_people_over_the_570000_cap(void **state)
{
    struct fx *x = *state;
    const struct {
        enum feed_source source;
        enum programme prog;
        int64_t declared_deposits, found;
        int declared_pass, fed_pass;
        const char *field, *found_text, *zh;
    } rows[] = {
        {FEED_VEHICLES, PROG_MARKET_RENT_SUBSIDY, YUAN(500000), YUAN(70000) + 1, 1, 0,
         "vehicle_value", "70,000.01",
         "家庭资产 570,000.01 元，高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
        {FEED_VEHICLES, PROG_MARKET_RENT_SUBSIDY, YUAN(500000), YUAN(70000), 1, 1, "vehicle_value",
         "70,000.00", "家庭资产 570,000.00 元，不高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
        {FEED_SECURITIES, PROG_MARKET_RENT_SUBSIDY, YUAN(500000), YUAN(70000) + 1, 1, 0,
         "securities", "70,000.01",
         "家庭资产 570,000.01 元，高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
        {FEED_INSURANCE, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(500000), YUAN(70000) + 1, 1, 0,
         "insurance", "70,000.01",
         "家庭资产 570,000.01 元，高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
        {FEED_INSURANCE, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(500000), YUAN(70000), 1, 1, "insurance",
         "70,000.00", "家庭资产 570,000.00 元，不高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
        {FEED_DEPOSITS, PROG_PUBLIC_RENTAL_SUBSIDY, YUAN(500000), YUAN(570000) + 1, 1, 0,
         "deposits", "570,000.01",
         "家庭资产 570,000.01 元，高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
        /* and the other way: the bank holds less than was declared */
        {FEED_DEPOSITS, PROG_MARKET_RENT_SUBSIDY, YUAN(600000), YUAN(100000), 0, 1, "deposits",
         "100,000.00", "家庭资产 100,000.00 元，不高于 3 人及以下家庭上限 570,000.00 元（经核对）"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rent_share = rows[i].prog == PROG_PUBLIC_RENTAL_SUBSIDY;
        int tier = rent_share ? 5 : 3;
        int64_t paid = rent_share ? YUAN(500) : YUAN(1900);
        int assets = rent_share ? PRS_ASSETS : MKT_ASSETS;
        family(x, 2, "110105001");
        x->h.housing_tenure = rent_share ? TEN_PUBLIC_RENTAL : TEN_PRIVATE_RENTAL;
        x->h.housing_area = rent_share ? M2(40) : M2(20);
        set_income(x, 0, YUAN(48000));
        x->h.members[0].assets.deposits = rows[i].declared_deposits;

        const struct eligibility *e = decide(x, 0, rows[i].prog, YUAN(2000));
        expect_decision(e, rows[i].declared_pass, tier, rows[i].declared_pass ? paid : 0);
        assert_int_equal(e->criteria[assets].pass, rows[i].declared_pass);
        expect_declared(&e->criteria[assets]);

        int deposits_tested = rows[i].source == FEED_DEPOSITS;
        struct feed_record *r = add_row(x, 0, FEED_DEPOSITS, 5, 2);
        strcpy(r->key, "6217000100000001");
        strcpy(r->label, "京华商业银行");
        r->amount = deposits_tested ? rows[i].found : rows[i].declared_deposits;
        if (!deposits_tested) {
            r = add_row(x, 1, rows[i].source, 6, 4);
            strcpy(r->key, "K-0001");
            strcpy(r->label, "某机构");
            r->amount = rows[i].found;
        }
        e = decide(x, ASSET_FEEDS, rows[i].prog, YUAN(2000));
        expect_decision(e, rows[i].fed_pass, tier, rows[i].fed_pass ? paid : 0);
        assert_int_equal(e->criteria[assets].pass, rows[i].fed_pass);
        expect_verified(&e->criteria[assets]);
        assert_string_equal(e->criteria[assets].zh, rows[i].zh);
        const struct discrepancy *d = discrepancy(x, deposits_tested ? 0 : 1, rows[i].field);
        assert_int_equal(d->source, rows[i].source);
        assert_string_equal(d->found, rows[i].found_text);
    }
}

/* ---------------------------------------------- civil affairs 民政 */

/* Per-capita 3,000.00 is tier 4 (1,600.00 for two, 2,000.00 for three);
 * a status registered for the wife takes the household to its tier. */
static void civil_affairs_status_moves_a_market_subsidy_household_up(void **state)
{
    struct fx *x = *state;
    const struct {
        enum civil_status status;
        enum priority_category category;
        int members;
        int64_t rent, declared_amount;
        int tier;
        int64_t amount;
        const char *status_zh, *amount_zh;
    } rows[] = {
        {CIVIL_DIBAO, PRI_DIBAO, 2, YUAN(3000), YUAN(1600), 1, YUAN(2500), "低保",
         "第 1 档（低保家庭）；一般地区、2 人及以下家庭每月 2,500.00 元；"
         "登记租金每月 3,000.00 元，发放 2,500.00 元"},
        {CIVIL_TEKUN, PRI_TEKUN, 3, YUAN(4000), YUAN(2000), 1, YUAN(3500), "特困",
         "第 1 档（分散供养特困人员）；一般地区、3 人及以上家庭每月 3,500.00 元；"
         "登记租金每月 4,000.00 元，发放 3,500.00 元"},
        {CIVIL_LOW_INCOME, PRI_LOW_INCOME, 2, YUAN(3000), YUAN(1600), 2, YUAN(2200), "低收入",
         "第 2 档（低收入家庭）；一般地区、2 人及以下家庭每月 2,200.00 元；"
         "登记租金每月 3,000.00 元，发放 2,200.00 元"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int n = rows[i].members;
        family(x, n, "110105001");
        set_income(x, 0, YUAN(3000) * 12 * n);
        const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, rows[i].rent);
        expect_decision(e, 1, 4, rows[i].declared_amount);
        assert_int_equal(e->priority, 0);

        for (int m = 0; m < n; m++) {
            struct feed_record *r = add_row(x, m, FEED_CIVIL_AFFAIRS, 1, 2 + m);
            r->status = m == 1 ? rows[i].status : CIVIL_NONE;
        }
        e = decide(x, BIT(FEED_CIVIL_AFFAIRS), PROG_MARKET_RENT_SUBSIDY, rows[i].rent);
        expect_decision(e, 1, rows[i].tier, rows[i].amount);
        assert_int_equal(e->base_tier, rows[i].tier);
        assert_false(e->uplifted);
        assert_string_equal(e->amount_zh, rows[i].amount_zh);
        assert_int_equal(x->f.categories, BIT(rows[i].category));
        assert_int_equal(e->priority, BIT(rows[i].category));
        /* civil affairs checked the income too (no assessed income: it stays) */
        assert_true(e->criteria[MKT_INCOME].pass);
        expect_verified(&e->criteria[MKT_INCOME]);
        assert_string_equal(e->criteria[MKT_INCOME].zh,
                            "家庭人均月收入 3,000.00 元，不高于 4,200.00 元（经核对）");
        assert_int_equal(x->v.ndiscrepancies, 1);
        expect_discrepancy(x, 1, FEED_CIVIL_AFFAIRS, "status", "无", rows[i].status_zh);
    }
}

static void a_declared_dibao_absent_from_civil_affairs_loses_tier_1(void **state)
{
    struct fx *x = *state;
    family(x, 2, "110105001");
    set_income(x, 0, YUAN(72000));
    x->h.priority = BIT(PRI_DIBAO);
    const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    expect_decision(e, 1, 1, YUAN(2500));
    assert_int_equal(e->priority, BIT(PRI_DIBAO));
    assert_string_equal(e->amount_zh, "第 1 档（低保家庭）；一般地区、2 人及以下家庭每月 "
                                      "2,500.00 元；登记租金每月 3,000.00 元，发放 2,500.00 元");

    add_row(x, 0, FEED_CIVIL_AFFAIRS, 1, 2)->status = CIVIL_NONE;
    add_row(x, 1, FEED_CIVIL_AFFAIRS, 1, 3)->status = CIVIL_NONE;
    e = decide(x, BIT(FEED_CIVIL_AFFAIRS), PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    expect_decision(e, 1, 4, YUAN(1600));
    assert_int_equal(e->priority, 0);
    assert_int_equal(x->f.categories, 0);
    assert_string_equal(e->amount_zh,
                        "第 4 档（人均月收入 3,000.00 元）；一般地区、2 人及以下家庭"
                        "每月 1,600.00 元；登记租金每月 3,000.00 元，发放 1,600.00 元");
    expect_verified(&e->criteria[MKT_INCOME]);
    assert_int_equal(x->v.ndiscrepancies, 1);
    expect_discrepancy(x, 0, FEED_CIVIL_AFFAIRS, "status", "低保", "无");
    assert_string_equal(x->v.d[0].evidence,
                        "civil_affairs: no member registered as 低保 (无成员登记为低保)");
}

/* The assessed income replaces the applicant's declared one, up or down. */
static void civil_affairs_assessed_income_decides_public_rental(void **state)
{
    struct fx *x = *state;
    const struct {
        int members;
        int64_t declared, assessed;
        int declared_pass, fed_pass;
        const char *declared_text, *found_text, *zh;
    } rows[] = {
        {3, YUAN(90000), YUAN(100000) + 1, 1, 0, "90,000.00", "100,000.01",
         "家庭年收入 100,000.01 元，高于 3 人及以下家庭上限 100,000.00 元（经核对）"},
        {3, YUAN(110000), YUAN(100000), 0, 1, "110,000.00", "100,000.00",
         "家庭年收入 100,000.00 元，不高于 3 人及以下家庭上限 100,000.00 元（经核对）"},
        {4, YUAN(120000), YUAN(130000) + 1, 1, 0, "120,000.00", "130,000.01",
         "家庭年收入 130,000.01 元，高于 4 人及以上家庭上限 130,000.00 元（经核对）"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        family(x, rows[i].members, "110105001");
        set_income(x, 0, rows[i].declared);
        const struct eligibility *e = decide(x, 0, PROG_PUBLIC_RENTAL, -1);
        expect_decision(e, rows[i].declared_pass, 0, 0);
        assert_int_equal(e->criteria[PR_INCOME].pass, rows[i].declared_pass);
        expect_declared(&e->criteria[PR_INCOME]);

        struct feed_record *r = add_row(x, 0, FEED_CIVIL_AFFAIRS, 1, 2);
        r->has_amount = 1;
        r->amount = rows[i].assessed;
        e = decide(x, BIT(FEED_CIVIL_AFFAIRS), PROG_PUBLIC_RENTAL, -1);
        expect_decision(e, rows[i].fed_pass, 0, 0);
        assert_int_equal(e->criteria[PR_INCOME].pass, rows[i].fed_pass);
        expect_verified(&e->criteria[PR_INCOME]);
        assert_string_equal(e->criteria[PR_INCOME].zh, rows[i].zh);
        assert_string_equal(e->summary_zh, rows[i].fed_pass
                                               ? "符合公租房申请条件"
                                               : "不符合公租房申请条件：1 项条件未满足");
        expect_discrepancy(x, 0, FEED_CIVIL_AFFAIRS, "income", rows[i].declared_text,
                           rows[i].found_text);
    }
}

/* ---------------------------------------------- provident fund 公积金 */

/* 2 people, 60,000.00 declared by the applicant (per-capita 2,500.00,
 * tier 3, 1,900.00), rent 3,000.00. A monthly base x 12 above a member's
 * income replaces it. */
static void provident_fund_base_moves_the_market_subsidy_tier(void **state)
{
    struct fx *x = *state;
    const struct {
        int member;
        int64_t base;
        int eligible, tier;
        int64_t amount;
        const char *zh, *summary;
    } rows[] = {
        /* 48,000.00 is below the declared 60,000.00: nothing changes */
        {0, YUAN(4000), 1, 3, YUAN(1900),
         "家庭人均月收入 2,500.00 元，不高于 4,200.00 元（经核对）", "符合市场租房补贴申请条件"},
        {0, YUAN(6000), 1, 4, YUAN(1600),
         "家庭人均月收入 3,000.00 元，不高于 4,200.00 元（经核对）", "符合市场租房补贴申请条件"},
        {0, YUAN(8400), 1, 6, YUAN(1000),
         "家庭人均月收入 4,200.00 元，不高于 4,200.00 元（经核对）", "符合市场租房补贴申请条件"},
        {0, YUAN(8400) + 1, 0, 0, 0,
         "家庭人均月收入 4,200.00 元（2 人 12 个月共 100,800.12 元），高于 4,200.00 元（经核对）",
         "不符合市场租房补贴申请条件：1 项条件未满足，不在任何补贴档次内"},
        {0, YUAN(9000), 0, 0, 0, "家庭人均月收入 4,500.00 元，高于 4,200.00 元（经核对）",
         "不符合市场租房补贴申请条件：1 项条件未满足，不在任何补贴档次内"},
        /* the wife declared no income; her base is 1,000.00: 72,000.00 in all */
        {1, YUAN(1000), 1, 4, YUAN(1600),
         "家庭人均月收入 3,000.00 元，不高于 4,200.00 元（经核对）", "符合市场租房补贴申请条件"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        family(x, 2, "110105001");
        set_income(x, 0, YUAN(60000));
        const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
        expect_decision(e, 1, 3, YUAN(1900));
        expect_declared(&e->criteria[MKT_INCOME]);

        struct feed_record *r = add_row(x, rows[i].member, FEED_PROVIDENT_FUND, 4, 9);
        strcpy(r->key, "110105000123456");
        strcpy(r->label, "北京某科技有限公司");
        strcpy(r->region_code, "110105");
        r->amount = rows[i].base;
        e = decide(x, BIT(FEED_PROVIDENT_FUND), PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
        expect_decision(e, rows[i].eligible, rows[i].tier, rows[i].amount);
        assert_int_equal(e->criteria[MKT_INCOME].pass, rows[i].eligible);
        expect_verified(&e->criteria[MKT_INCOME]);
        assert_string_equal(e->criteria[MKT_INCOME].zh, rows[i].zh);
        assert_string_equal(e->summary_zh, rows[i].summary);
        assert_int_equal(x->v.ndiscrepancies, i == 0 ? 0 : 1);
    }
}

/* ------------------------------------------- social insurance 社保 */

/* 共有产权住房 for an applicant with a Hebei hukou: working in Beijing with
 * at least 60 months of social insurance. */
static void social_insurance_months_decide_shared_ownership_without_beijing_hukou(void **state)
{
    struct fx *x = *state;
    const struct {
        int64_t declared, months;
        const char *region;
        int declared_pass, fed_pass;
        const char *zh;
    } rows[] = {
        {72, 59, "110105", 1, 0,
         "申请人户籍 130102，不在规定地区（11）内；在 110105 工作，缴纳社保 59 个月，低于 60 "
         "个月（经核对）"},
        {72, 60, "110105", 1, 1,
         "申请人户籍 130102，不在规定地区（11）内；在 110105 工作，缴纳社保 60 个月，不低于 60 "
         "个月（经核对）"},
        {59, 60, "110108", 0, 1,
         "申请人户籍 130102，不在规定地区（11）内；在 110108 工作，缴纳社保 60 个月，不低于 60 "
         "个月（经核对）"},
        /* insured at home in Hebei: the work place is not in Beijing */
        {72, 120, "130102", 1, 0,
         "申请人户籍 130102，不在规定地区（11）内；工作地 130102 也不在规定地区内（经核对）"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        family(x, 2, "110105001");
        applicant_from_hebei(x);
        struct member *a = &x->h.members[0];
        strcpy(a->employer, "北京某科技有限公司");
        strcpy(a->work_region_code, "110105");
        a->social_insurance_months = rows[i].declared;
        const struct eligibility *e = decide(x, 0, PROG_SHARED_OWNERSHIP, -1);
        expect_decision(e, rows[i].declared_pass, 0, 0);
        assert_int_equal(e->criteria[SO_HUKOU_OR_SI].pass, rows[i].declared_pass);
        expect_declared(&e->criteria[SO_HUKOU_OR_SI]);

        struct feed_record *r = add_row(x, 0, FEED_SOCIAL_INSURANCE, 3, 2);
        strcpy(r->label, "北京某科技有限公司");
        strcpy(r->region_code, rows[i].region);
        r->months = rows[i].months;
        e = decide(x, BIT(FEED_SOCIAL_INSURANCE), PROG_SHARED_OWNERSHIP, -1);
        expect_decision(e, rows[i].fed_pass, 0, 0);
        assert_int_equal(e->criteria[SO_HUKOU_OR_SI].pass, rows[i].fed_pass);
        expect_verified(&e->criteria[SO_HUKOU_OR_SI]);
        assert_string_equal(e->criteria[SO_HUKOU_OR_SI].zh, rows[i].zh);
        assert_true(e->criteria[SO_NO_HOME].pass);
        assert_true(e->criteria[SO_SINGLE_AGE].pass);
        assert_string_equal(e->summary_zh, rows[i].fed_pass
                                               ? "符合共有产权住房申请条件"
                                               : "不符合共有产权住房申请条件：1 项条件未满足");
    }
}

static void social_insurance_does_not_matter_with_a_beijing_hukou(void **state)
{
    struct fx *x = *state;
    family(x, 2, "110105001");
    x->h.members[0].social_insurance_months = 72;
    add_row(x, 0, FEED_SOCIAL_INSURANCE, 3, 2)->months = 0;
    const struct eligibility *e = decide(x, BIT(FEED_SOCIAL_INSURANCE), PROG_SHARED_OWNERSHIP, -1);
    expect_decision(e, 1, 0, 0);
    assert_true(e->criteria[SO_HUKOU_OR_SI].pass);
    expect_declared(&e->criteria[SO_HUKOU_OR_SI]); /* decided by the hukou, no feed checks it */
    assert_string_equal(e->criteria[SO_HUKOU_OR_SI].zh, "申请人户籍 110105，在规定地区（11）内");
    expect_discrepancy(x, 0, FEED_SOCIAL_INSURANCE, "social_insurance_months", "72", "0");
}

/* -------------------------------- unloaded sources, empty loaded sources */

/* One decision-changing row per source. With every other source loaded
 * (and empty) the row is not used: the declared decision stands, and
 * nothing is reported. With its source loaded too, the decision changes. */
static void a_source_rows_count_only_once_the_source_is_loaded(void **state)
{
    struct fx *x = *state;
    const struct {
        enum feed_source source;
        enum programme prog;
        int fact; /* the fact only this source verifies; -1: none */
        int eligible, tier;
    } rows[] = {
        {FEED_CIVIL_AFFAIRS, PROG_MARKET_RENT_SUBSIDY, FACT_STATUS, 0, 0},
        {FEED_PROPERTY, PROG_MARKET_RENT_SUBSIDY, FACT_HOMES, 0, 3},
        {FEED_VEHICLES, PROG_MARKET_RENT_SUBSIDY, FACT_VEHICLES, 0, 3},
        {FEED_SOCIAL_INSURANCE, PROG_SHARED_OWNERSHIP, FACT_SOCIAL_INSURANCE, 0, 0},
        {FEED_PROVIDENT_FUND, PROG_MARKET_RENT_SUBSIDY, -1, 0, 0},
        {FEED_DEPOSITS, PROG_MARKET_RENT_SUBSIDY, FACT_DEPOSITS, 0, 3},
        {FEED_SECURITIES, PROG_MARKET_RENT_SUBSIDY, FACT_SECURITIES, 0, 3},
        {FEED_INSURANCE, PROG_MARKET_RENT_SUBSIDY, FACT_INSURANCE, 0, 3},
    };
    assert_int_equal(sizeof rows / sizeof rows[0], FEED_COUNT);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        enum feed_source s = rows[i].source;
        int market = rows[i].prog == PROG_MARKET_RENT_SUBSIDY;
        int64_t rent = market ? YUAN(3000) : -1;
        family(x, 2, "110105001");
        set_income(x, 0, YUAN(60000)); /* market: tier 3, 1,900.00 */
        if (!market) {
            applicant_from_hebei(x);
            strcpy(x->h.members[0].work_region_code, "110105");
            x->h.members[0].social_insurance_months = 72;
        }
        /* the wife's row, but social insurance counts the applicant's */
        struct feed_record *r = add_row(x, s == FEED_SOCIAL_INSURANCE ? 0 : 1, s, 7, 5);
        switch (s) {
        case FEED_CIVIL_AFFAIRS:
            r->has_amount = 1;
            r->amount = YUAN(120000); /* per-capita 5,000.00 */
            break;
        case FEED_PROPERTY:
            strcpy(r->key, "京(2019)朝阳区不动产权第0056789号");
            r->area = 5630;
            r->amount = YUAN(300000);
            break;
        case FEED_SOCIAL_INSURANCE:
            strcpy(r->region_code, "110105");
            r->months = 59;
            break;
        case FEED_PROVIDENT_FUND:
            r->amount = YUAN(9000); /* 108,000.00 a year: 168,000.00 in all */
            break;
        default:
            strcpy(r->key, "K-0001");
            r->amount = YUAN(600000);
            break;
        }
        const struct eligibility *e = decide(x, 0, rows[i].prog, rent);
        expect_decision(e, 1, market ? 3 : 0, market ? YUAN(1900) : 0);

        e = decide(x, ALL_FEEDS & ~BIT(s), rows[i].prog, rent);
        expect_decision(e, 1, market ? 3 : 0, market ? YUAN(1900) : 0);
        assert_int_equal(x->v.sources, ALL_FEEDS & ~BIT(s));
        if (rows[i].fact >= 0) assert_false(x->f.verified & BIT(rows[i].fact));
        assert_int_equal(x->v.ndiscrepancies, 0);

        e = decide(x, ALL_FEEDS, rows[i].prog, rent);
        expect_decision(e, rows[i].eligible, rows[i].tier, 0);
        assert_true(x->v.ndiscrepancies >= 1);
        for (int k = 0; k < x->v.ndiscrepancies; k++)
            assert_int_equal(x->v.d[k].source, s);
    }
}

/* Declared: the wife owns a flat worth 2,000,000.00 — no home and assets
 * both fail. The property registry is loaded and has no row for anyone:
 * no home, and the flat's value leaves the assets. */
static void a_loaded_property_registry_without_rows_removes_a_declared_home(void **state)
{
    struct fx *x = *state;
    family(x, 2, "110105001");
    set_income(x, 0, YUAN(60000));
    struct member_assets *a = &x->h.members[1].assets;
    a->home_count = 1;
    a->home_area = 5630;
    a->home_value = YUAN(2000000);
    const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    expect_decision(e, 0, 3, 0);
    assert_false(e->criteria[MKT_NO_HOME].pass);
    assert_string_equal(e->criteria[MKT_NO_HOME].zh, "家庭成员名下住房 1 套，已有自有住房");
    assert_false(e->criteria[MKT_ASSETS].pass);
    assert_string_equal(e->criteria[MKT_ASSETS].zh,
                        "家庭资产 2,000,000.00 元，高于 3 人及以下家庭上限 570,000.00 元");
    assert_string_equal(e->summary_zh, "不符合市场租房补贴申请条件：2 项条件未满足");

    e = decide(x, BIT(FEED_PROPERTY), PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
    expect_decision(e, 1, 3, YUAN(1900));
    assert_true(e->criteria[MKT_NO_HOME].pass);
    expect_verified(&e->criteria[MKT_NO_HOME]);
    assert_string_equal(e->criteria[MKT_NO_HOME].zh, "家庭成员名下住房 0 套，无自有住房（经核对）");
    assert_true(e->criteria[MKT_ASSETS].pass);
    assert_string_equal(e->criteria[MKT_ASSETS].actual, "0.00");
    assert_string_equal(e->summary_zh, "符合市场租房补贴申请条件");
    assert_int_equal(x->v.ndiscrepancies, 3);
    expect_discrepancy(x, 1, FEED_PROPERTY, "home_count", "1", "0");
    expect_discrepancy(x, 1, FEED_PROPERTY, "home_area", "56.30", "0.00");
    expect_discrepancy(x, 1, FEED_PROPERTY, "home_value", "2,000,000.00", "0.00");
    assert_string_equal(x->v.d[0].evidence, "property: no record (无登记记录)");
}

/* Social insurance loaded without the applicant: 0 months and no place of
 * work, whatever was declared. */
static void
a_loaded_social_insurance_feed_without_the_applicant_fails_shared_ownership(void **state)
{
    struct fx *x = *state;
    family(x, 2, "110105001");
    applicant_from_hebei(x);
    strcpy(x->h.members[0].employer, "北京某科技有限公司");
    strcpy(x->h.members[0].work_region_code, "110105");
    x->h.members[0].social_insurance_months = 72;
    const struct eligibility *e = decide(x, 0, PROG_SHARED_OWNERSHIP, -1);
    expect_decision(e, 1, 0, 0);

    e = decide(x, BIT(FEED_SOCIAL_INSURANCE), PROG_SHARED_OWNERSHIP, -1);
    expect_decision(e, 0, 0, 0);
    assert_false(e->criteria[SO_HUKOU_OR_SI].pass);
    expect_verified(&e->criteria[SO_HUKOU_OR_SI]);
    assert_string_equal(e->criteria[SO_HUKOU_OR_SI].zh,
                        "申请人户籍 130102，不在规定地区（11）内；也未登记工作地（经核对）");
    assert_int_equal(x->v.ndiscrepancies, 3);
    expect_discrepancy(x, 0, FEED_SOCIAL_INSURANCE, "social_insurance_months", "72", "0");
    expect_discrepancy(x, 0, FEED_SOCIAL_INSURANCE, "employer", "北京某科技有限公司", "");
    expect_discrepancy(x, 0, FEED_SOCIAL_INSURANCE, "work_region_code", "110105", "");
}

/* ------------------------------------------- preset spot checks */

static void public_rental_annual_income_limits_of_the_preset(void **state)
{
    struct fx *x = *state;
    const struct {
        int members;
        int64_t total;
        int pass;
        const char *limit, *zh;
    } rows[] = {
        {3, YUAN(100000), 1, "≤ 3 人: 100,000.00",
         "家庭年收入 100,000.00 元，不高于 3 人及以下家庭上限 100,000.00 元"},
        {3, YUAN(100000) + 1, 0, "≤ 3 人: 100,000.00",
         "家庭年收入 100,000.01 元，高于 3 人及以下家庭上限 100,000.00 元"},
        {1, YUAN(100000) + 1, 0, "≤ 3 人: 100,000.00",
         "家庭年收入 100,000.01 元，高于 3 人及以下家庭上限 100,000.00 元"},
        {4, YUAN(100000) + 1, 1, "≥ 4 人: 130,000.00",
         "家庭年收入 100,000.01 元，不高于 4 人及以上家庭上限 130,000.00 元"},
        {4, YUAN(130000), 1, "≥ 4 人: 130,000.00",
         "家庭年收入 130,000.00 元，不高于 4 人及以上家庭上限 130,000.00 元"},
        {4, YUAN(130000) + 1, 0, "≥ 4 人: 130,000.00",
         "家庭年收入 130,000.01 元，高于 4 人及以上家庭上限 130,000.00 元"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        family(x, rows[i].members, "110105001");
        set_income(x, 0, rows[i].total);
        const struct eligibility *e = decide(x, 0, PROG_PUBLIC_RENTAL, -1);
        expect_decision(e, rows[i].pass, 0, 0);
        assert_true(e->criteria[PR_HUKOU].pass);
        assert_true(e->criteria[PR_AREA].pass);
        assert_int_equal(e->criteria[PR_INCOME].pass, rows[i].pass);
        assert_string_equal(e->criteria[PR_INCOME].limit, rows[i].limit);
        assert_string_equal(e->criteria[PR_INCOME].zh, rows[i].zh);
    }
}

static void market_subsidy_per_capita_income_limit_of_the_preset(void **state)
{
    struct fx *x = *state;
    const struct {
        int members;
        int64_t total;
        int pass, tier;
        int64_t amount;
        const char *zh;
    } rows[] = {
        {2, YUAN(4200) * 24, 1, 6, YUAN(1000), "家庭人均月收入 4,200.00 元，不高于 4,200.00 元"},
        {2, (YUAN(4200) + 1) * 24, 0, 0, 0, "家庭人均月收入 4,200.01 元，高于 4,200.00 元"},
        /* one fen over in the year is over, though it does not show per capita */
        {2, YUAN(4200) * 24 + 1, 0, 0, 0,
         "家庭人均月收入 4,200.00 元（2 人 12 个月共 100,800.01 元），高于 4,200.00 元"},
        {3, YUAN(4200) * 36, 1, 6, YUAN(1200), "家庭人均月收入 4,200.00 元，不高于 4,200.00 元"},
        {3, (YUAN(4200) + 1) * 36, 0, 0, 0, "家庭人均月收入 4,200.01 元，高于 4,200.00 元"},
        /* the band edge below: 3,700.00 is tier 5, 3,700.01 tier 6 */
        {2, YUAN(3700) * 24, 1, 5, YUAN(1300), "家庭人均月收入 3,700.00 元，不高于 4,200.00 元"},
        {2, (YUAN(3700) + 1) * 24, 1, 6, YUAN(1000),
         "家庭人均月收入 3,700.01 元，不高于 4,200.00 元"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        family(x, rows[i].members, "110105001");
        set_income(x, 0, rows[i].total);
        const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
        expect_decision(e, rows[i].pass, rows[i].tier, rows[i].amount);
        assert_int_equal(e->criteria[MKT_INCOME].pass, rows[i].pass);
        assert_string_equal(e->criteria[MKT_INCOME].limit, "4,200.00");
        assert_string_equal(e->criteria[MKT_INCOME].zh, rows[i].zh);
    }
}

/* Per-capita 2,500.00 (tier 3) unless 低保 is declared; rent 3,000.00. */
static void outer_districts_get_the_outer_amounts(void **state)
{
    struct fx *x = *state;
    const struct {
        const char *street;
        int members;
        unsigned priority;
        int tier, zone, large;
        int64_t amount;
        const char *amount_zh;
    } rows[] = {
        {"110116001", 2, 0, 3, 1, 0, YUAN(1140),
         "第 3 档（人均月收入 2,500.00 元）；怀柔、平谷、密云、延庆四区、2 人及以下家庭每月 "
         "1,140.00 元；登记租金每月 3,000.00 元，发放 1,140.00 元"},
        {"110116001", 3, 0, 3, 1, 1, YUAN(1500),
         "第 3 档（人均月收入 2,500.00 元）；怀柔、平谷、密云、延庆四区、3 人及以上家庭每月 "
         "1,500.00 元；登记租金每月 3,000.00 元，发放 1,500.00 元"},
        {"110119001", 3, BIT(PRI_DIBAO), 1, 1, 1, YUAN(2100),
         "第 1 档（低保家庭）；怀柔、平谷、密云、延庆四区、3 人及以上家庭每月 2,100.00 元；"
         "登记租金每月 3,000.00 元，发放 2,100.00 元"},
        /* the same households in 朝阳 */
        {"110105001", 2, 0, 3, 0, 0, YUAN(1900),
         "第 3 档（人均月收入 2,500.00 元）；一般地区、2 人及以下家庭每月 1,900.00 元；"
         "登记租金每月 3,000.00 元，发放 1,900.00 元"},
        {"110105001", 3, 0, 3, 0, 1, YUAN(2500),
         "第 3 档（人均月收入 2,500.00 元）；一般地区、3 人及以上家庭每月 2,500.00 元；"
         "登记租金每月 3,000.00 元，发放 2,500.00 元"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int n = rows[i].members;
        family(x, n, rows[i].street);
        set_income(x, 0, YUAN(2500) * 12 * n);
        x->h.priority = rows[i].priority;
        const struct eligibility *e = decide(x, 0, PROG_MARKET_RENT_SUBSIDY, YUAN(3000));
        expect_decision(e, 1, rows[i].tier, rows[i].amount);
        assert_int_equal(e->zone, rows[i].zone);
        assert_int_equal(e->large, rows[i].large);
        assert_false(e->capped_at_rent);
        assert_string_equal(e->amount_zh, rows[i].amount_zh);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(the_preset_lists_the_criteria_in_the_order_these_tests_read),
        T(property_registry_home_fails_no_home_for_the_market_subsidy),
        T(property_registry_home_decides_public_rental_per_capita_area),
        T(each_asset_feed_can_push_two_people_over_the_570000_cap),
        T(civil_affairs_status_moves_a_market_subsidy_household_up),
        T(a_declared_dibao_absent_from_civil_affairs_loses_tier_1),
        T(civil_affairs_assessed_income_decides_public_rental),
        T(provident_fund_base_moves_the_market_subsidy_tier),
        T(social_insurance_months_decide_shared_ownership_without_beijing_hukou),
        T(social_insurance_does_not_matter_with_a_beijing_hukou),
        T(a_source_rows_count_only_once_the_source_is_loaded),
        T(a_loaded_property_registry_without_rows_removes_a_declared_home),
        T(a_loaded_social_insurance_feed_without_the_applicant_fails_shared_ownership),
        T(public_rental_annual_income_limits_of_the_preset),
        T(market_subsidy_per_capita_income_limit_of_the_preset),
        T(outer_districts_get_the_outer_amounts),
    };
#undef T
    return cmocka_run_group_tests(tests, load_preset, free_preset);
}
