/* core/verify: the rules of verification (pure). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idnum.h"
#include "core/verify.h"

/* --- pure: verify_household ------------------------------------------- */

static void make_id(char out[19], const char *birth8, int seq)
{
    snprintf(out, 19, "110105%s%03d", birth8, seq);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

/* 张三 (applicant, 36,000.00 a year, nothing owned) and 李四 (spouse, no
 * income, one car worth 50,000.00, 10,000.00 in the bank). */
static void two_people(struct household *h)
{
    memset(h, 0, sizeof *h);
    strcpy(h->household_no, "BJ0000000001");
    strcpy(h->region_code, "110105001");
    strcpy(h->district_code, "110105");
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    h->housing_area = 2000;
    h->nmembers = 2;
    struct member *a = &h->members[0], *s = &h->members[1];
    strcpy(a->name, "张三");
    make_id(a->id_number, "19880312", 3);
    a->relation = REL_APPLICANT;
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        a->income[k] = 300000;
    strcpy(a->employer, "北京某科技有限公司");
    strcpy(a->work_region_code, "110105");
    a->social_insurance_months = 24;
    strcpy(s->name, "李四");
    make_id(s->id_number, "19900721", 4);
    s->relation = REL_SPOUSE;
    s->assets.vehicle_count = 1;
    s->assets.vehicle_value = 5000000;
    s->assets.deposits = 1000000;
}

/* A feed row of `source` for member m of h. */
static struct feed_record row_for(const struct household *h, int m, enum feed_source source,
                                  int64_t batch, long line)
{
    struct feed_record r;
    memset(&r, 0, sizeof r);
    r.source = source;
    r.batch_id = batch;
    r.line = line;
    memcpy(r.id_number, h->members[m].id_number, sizeof r.id_number);
    snprintf(r.name, sizeof r.name, "%s", h->members[m].name);
    return r;
}

/* Rows per member for one test; feeds point into them. */
struct rows {
    struct feed_record r[HH_MAX_MEMBERS][40];
    struct member_feeds feeds[HH_MAX_MEMBERS];
};

static void rows_reset(struct rows *x)
{
    memset(x, 0, sizeof *x);
    for (int i = 0; i < HH_MAX_MEMBERS; i++)
        x->feeds[i].rows = x->r[i];
}

static struct feed_record *rows_add(struct rows *x, const struct household *h, int m,
                                    enum feed_source source, int64_t batch, long line)
{
    struct feed_record *r = &x->r[m][x->feeds[m].n++];
    *r = row_for(h, m, source, batch, line);
    return r;
}

#define BIT(s) (1u << (s))

static const struct discrepancy *find(const struct verification *v, int member, const char *field)
{
    for (int i = 0; i < v->ndiscrepancies; i++)
        if (v->d[i].member == member && strcmp(v->d[i].field, field) == 0) return &v->d[i];
    return NULL;
}

static void expect(const struct verification *v, int member, enum feed_source source,
                   const char *field, const char *declared, const char *found, const char *evidence)
{
    const struct discrepancy *d = find(v, member, field);
    if (!d) fail_msg("no discrepancy %s for member %d", field, member);
    assert_int_equal(d->source, source);
    assert_string_equal(d->declared, declared);
    assert_string_equal(d->found, found);
    if (evidence) assert_string_equal(d->evidence, evidence);
}

struct fixture_pure {
    struct household h;
    struct rows rows;
    struct household_facts f;
    struct verification v;
};

static int setup_pure(void **state)
{
    struct fixture_pure *p = calloc(1, sizeof *p);
    if (!p) return -1;
    two_people(&p->h);
    rows_reset(&p->rows);
    *state = p;
    return 0;
}

static int teardown_pure(void **state)
{
    free(*state);
    return 0;
}

static void no_source_loaded_keeps_every_declaration(void **state)
{
    struct fixture_pure *p = *state;
    verify_household(&p->h, 0, p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.verified, 0);
    assert_int_equal(p->v.sources, 0);
    assert_int_equal(p->v.ndiscrepancies, 0);
    assert_int_equal(p->v.total, 0);
    assert_int_equal(facts_income(&p->f), 3600000);
    assert_int_equal(p->f.m[1].vehicle_count, 1);
    assert_int_equal(p->f.m[1].deposits, 1000000);
    assert_string_equal(p->f.m[0].employer, "北京某科技有限公司");
}

static void property_rows_replace_the_declared_homes(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_PROPERTY, 3, 17);
    strcpy(r->key, "京(2020)朝阳区不动产权第0001234号");
    strcpy(r->label, "朝阳区某小区 3 号楼 2 单元 501");
    r->area = 8520;
    r->amount = 320000000;
    verify_household(&p->h, BIT(FEED_PROPERTY), p->rows.feeds, &p->f, &p->v);
    assert_true(p->f.verified & (1u << FACT_HOMES));
    assert_false(p->f.verified & (1u << FACT_VEHICLES));
    assert_int_equal(p->f.m[0].home_count, 1);
    assert_int_equal(p->f.m[0].home_area, 8520);
    assert_int_equal(p->f.m[0].home_value, 320000000);
    assert_int_equal(facts_home_count(&p->f), 1);
    assert_int_equal(p->v.sources, BIT(FEED_PROPERTY));
    assert_int_equal(p->v.ndiscrepancies, 3);
    expect(&p->v, 0, FEED_PROPERTY, "home_count", "0", "1",
           "property batch 3, line 17: 京(2020)朝阳区不动产权第0001234号, 85.20㎡");
    expect(&p->v, 0, FEED_PROPERTY, "home_area", "0.00", "85.20",
           "property batch 3, line 17: 京(2020)朝阳区不动产权第0001234号, 85.20㎡");
    expect(&p->v, 0, FEED_PROPERTY, "home_value", "0.00", "3,200,000.00",
           "property batch 3, line 17: 京(2020)朝阳区不动产权第0001234号, 3,200,000.00");
}

static void a_loaded_source_without_rows_means_nothing_registered(void **state)
{
    struct fixture_pure *p = *state;
    verify_household(&p->h, BIT(FEED_VEHICLES) | BIT(FEED_DEPOSITS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[1].vehicle_count, 0);
    assert_int_equal(p->f.m[1].vehicle_value, 0);
    assert_int_equal(p->f.m[1].deposits, 0);
    assert_int_equal(p->v.ndiscrepancies, 3);
    expect(&p->v, 1, FEED_VEHICLES, "vehicle_count", "1", "0", "vehicles: no record (无登记记录)");
    expect(&p->v, 1, FEED_VEHICLES, "vehicle_value", "50,000.00", "0.00",
           "vehicles: no record (无登记记录)");
    expect(&p->v, 1, FEED_DEPOSITS, "deposits", "10,000.00", "0.00",
           "deposits: no record (无登记记录)");
}

static void an_unloaded_source_leaves_the_declaration(void **state)
{
    struct fixture_pure *p = *state;
    /* a stray deposits row while deposits are not loaded is not used */
    struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_DEPOSITS, 9, 1);
    r->amount = 99900;
    verify_household(&p->h, BIT(FEED_PROPERTY), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[1].deposits, 1000000);
    assert_int_equal(p->f.m[1].vehicle_count, 1);
    assert_int_equal(p->f.m[0].social_insurance_months, 24);
    assert_false(p->f.verified & (1u << FACT_DEPOSITS));
    assert_int_equal(p->v.ndiscrepancies, 0);
}

static void vehicles_deposits_securities_and_insurance_are_summed(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_VEHICLES, 4, 8);
    strcpy(r->key, "京A12345");
    r->amount = 4000000;
    r = rows_add(&p->rows, &p->h, 1, FEED_VEHICLES, 4, 2);
    strcpy(r->key, "京B54321");
    r->amount = 2000000;
    r = rows_add(&p->rows, &p->h, 1, FEED_DEPOSITS, 5, 30);
    strcpy(r->key, "6222020200001234567");
    strcpy(r->label, "中国工商银行");
    r->amount = 1000000;
    r = rows_add(&p->rows, &p->h, 0, FEED_SECURITIES, 6, 3);
    strcpy(r->key, "A123456789");
    strcpy(r->label, "某证券公司");
    r->amount = 1234567;
    r = rows_add(&p->rows, &p->h, 0, FEED_INSURANCE, 7, 11);
    strcpy(r->key, "P2024000123");
    strcpy(r->label, "某人寿保险公司");
    r->amount = 800000;
    unsigned loaded =
        BIT(FEED_VEHICLES) | BIT(FEED_DEPOSITS) | BIT(FEED_SECURITIES) | BIT(FEED_INSURANCE);
    verify_household(&p->h, loaded, p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[1].vehicle_count, 2);
    assert_int_equal(p->f.m[1].vehicle_value, 6000000);
    assert_int_equal(p->f.m[1].deposits, 1000000); /* the same as declared: no discrepancy */
    assert_int_equal(p->f.m[0].securities, 1234567);
    assert_int_equal(p->f.m[0].insurance, 800000);
    unsigned facts = (1u << FACT_VEHICLES) | (1u << FACT_DEPOSITS) | (1u << FACT_SECURITIES) |
                     (1u << FACT_INSURANCE);
    assert_int_equal(p->f.verified, facts);
    assert_int_equal(p->v.ndiscrepancies, 4);
    expect(&p->v, 0, FEED_SECURITIES, "securities", "0.00", "12,345.67",
           "securities batch 6, line 3: A123456789, 某证券公司, 12,345.67");
    expect(&p->v, 0, FEED_INSURANCE, "insurance", "0.00", "8,000.00",
           "insurance batch 7, line 11: P2024000123, 某人寿保险公司, 8,000.00");
    /* rows listed in line order whatever order they came in */
    expect(&p->v, 1, FEED_VEHICLES, "vehicle_count", "1", "2",
           "vehicles batch 4, line 2: 京B54321, 20,000.00; line 8: 京A12345, 40,000.00");
    expect(&p->v, 1, FEED_VEHICLES, "vehicle_value", "50,000.00", "60,000.00", NULL);
    assert_null(find(&p->v, 1, "deposits"));
}

static void social_insurance_gives_months_employer_and_work_region(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_SOCIAL_INSURANCE, 8, 40);
    strcpy(r->label, "北京某贸易有限公司");
    strcpy(r->region_code, "110108");
    r->months = 61;
    verify_household(&p->h, BIT(FEED_SOCIAL_INSURANCE), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[0].social_insurance_months, 61);
    assert_string_equal(p->f.m[0].employer, "北京某贸易有限公司");
    assert_string_equal(p->f.m[0].work_region_code, "110108");
    assert_true(p->f.verified & (1u << FACT_SOCIAL_INSURANCE));
    const char *ev = "social_insurance batch 8, line 40: 61 months, 北京某贸易有限公司, 110108";
    expect(&p->v, 0, FEED_SOCIAL_INSURANCE, "social_insurance_months", "24", "61", ev);
    expect(&p->v, 0, FEED_SOCIAL_INSURANCE, "employer", "北京某科技有限公司", "北京某贸易有限公司",
           ev);
    expect(&p->v, 0, FEED_SOCIAL_INSURANCE, "work_region_code", "110105", "110108", ev);
    /* the spouse declared nothing and has nothing: no discrepancy */
    assert_int_equal(p->v.ndiscrepancies, 3);
    /* the fields of one source come in a fixed order */
    assert_string_equal(p->v.d[0].field, "social_insurance_months");
    assert_string_equal(p->v.d[1].field, "employer");
    assert_string_equal(p->v.d[2].field, "work_region_code");
}

static void civil_affairs_assessed_income_wins(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_CIVIL_AFFAIRS, 2, 5);
    r->has_amount = 1;
    r->amount = 2400000;
    /* the spouse has a row without an assessed income: her income stays */
    r = rows_add(&p->rows, &p->h, 1, FEED_CIVIL_AFFAIRS, 2, 6);
    verify_household(&p->h, BIT(FEED_CIVIL_AFFAIRS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[0].income, 2400000);
    assert_int_equal(p->f.m[1].income, 0);
    assert_true(p->f.verified & (1u << FACT_INCOME));
    assert_true(p->f.verified & (1u << FACT_STATUS));
    assert_int_equal(p->v.ndiscrepancies, 1);
    expect(&p->v, 0, FEED_CIVIL_AFFAIRS, "income", "36,000.00", "24,000.00",
           "civil_affairs batch 2, line 5: assessed income 24,000.00");
}

static void provident_fund_base_is_a_floor_over_civil_affairs(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_CIVIL_AFFAIRS, 2, 5);
    r->has_amount = 1;
    r->amount = 2400000;
    r = rows_add(&p->rows, &p->h, 0, FEED_PROVIDENT_FUND, 10, 7);
    strcpy(r->label, "北京某科技有限公司");
    r->amount = 350000; /* 3,500.00 a month: 42,000.00 a year */
    /* the spouse: base 1,000.00 x 12 = 12,000.00 over a declared 0 */
    r = rows_add(&p->rows, &p->h, 1, FEED_PROVIDENT_FUND, 10, 8);
    r->amount = 100000;
    unsigned loaded = BIT(FEED_CIVIL_AFFAIRS) | BIT(FEED_PROVIDENT_FUND);
    verify_household(&p->h, loaded, p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[0].income, 4200000);
    assert_int_equal(p->f.m[1].income, 1200000);
    expect(&p->v, 0, FEED_PROVIDENT_FUND, "income", "36,000.00", "42,000.00",
           "civil_affairs batch 2, line 5: assessed income 24,000.00; provident_fund batch 10, "
           "line 7: monthly base 3,500.00 × 12 = 42,000.00");
    expect(&p->v, 1, FEED_PROVIDENT_FUND, "income", "0.00", "12,000.00",
           "provident_fund batch 10, line 8: monthly base 1,000.00 × 12 = 12,000.00");
    assert_int_equal(p->v.ndiscrepancies, 2);
}

static void a_provident_fund_base_below_the_income_changes_nothing(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_CIVIL_AFFAIRS, 2, 5);
    r->has_amount = 1;
    r->amount = 4800000;
    r = rows_add(&p->rows, &p->h, 0, FEED_PROVIDENT_FUND, 10, 7);
    r->amount = 350000; /* 42,000.00 < the assessed 48,000.00 */
    unsigned loaded = BIT(FEED_CIVIL_AFFAIRS) | BIT(FEED_PROVIDENT_FUND);
    verify_household(&p->h, loaded, p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[0].income, 4800000);
    expect(&p->v, 0, FEED_CIVIL_AFFAIRS, "income", "36,000.00", "48,000.00",
           "civil_affairs batch 2, line 5: assessed income 48,000.00");
    assert_int_equal(p->v.ndiscrepancies, 1);
    /* provident fund alone, base below the declared income: declared stays */
    rows_reset(&p->rows);
    r = rows_add(&p->rows, &p->h, 0, FEED_PROVIDENT_FUND, 10, 7);
    r->amount = 200000;
    verify_household(&p->h, BIT(FEED_PROVIDENT_FUND), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[0].income, 3600000);
    assert_true(p->f.verified & (1u << FACT_INCOME));
    assert_int_equal(p->v.ndiscrepancies, 0);
}

static void civil_affairs_statuses_replace_the_declared_ones(void **state)
{
    struct fixture_pure *p = *state;
    /* declared 低保 and 老龄; civil affairs knows the spouse as 低收入 */
    p->h.priority = (1u << PRI_DIBAO) | (1u << PRI_ELDERLY);
    struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_CIVIL_AFFAIRS, 2, 9);
    r->status = CIVIL_LOW_INCOME;
    verify_household(&p->h, BIT(FEED_CIVIL_AFFAIRS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.categories, (1u << PRI_LOW_INCOME) | (1u << PRI_ELDERLY));
    assert_int_equal(p->v.ndiscrepancies, 2);
    /* a declared status nobody has is reported at the applicant */
    assert_int_equal(p->v.d[0].member, 0);
    expect(&p->v, 0, FEED_CIVIL_AFFAIRS, "status", "低保", "无",
           "civil_affairs: no member registered as 低保 (无成员登记为低保)");
    /* a status found at the member who has it */
    assert_int_equal(p->v.d[1].member, 1);
    expect(&p->v, 1, FEED_CIVIL_AFFAIRS, "status", "无", "低收入",
           "civil_affairs batch 2, line 9: 低收入");
}

static void civil_affairs_confirming_the_status_gives_no_discrepancy(void **state)
{
    struct fixture_pure *p = *state;
    p->h.priority = 1u << PRI_TEKUN;
    struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_CIVIL_AFFAIRS, 2, 9);
    r->status = CIVIL_TEKUN;
    verify_household(&p->h, BIT(FEED_CIVIL_AFFAIRS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.categories, 1u << PRI_TEKUN);
    assert_int_equal(p->v.ndiscrepancies, 0);
    /* and with civil affairs loaded but no rows at all, the status goes */
    rows_reset(&p->rows);
    verify_household(&p->h, BIT(FEED_CIVIL_AFFAIRS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.categories, 0);
    expect(&p->v, 0, FEED_CIVIL_AFFAIRS, "status", "特困", "无", NULL);
    /* civil affairs not loaded: the declared status stands, unverified */
    verify_household(&p->h, BIT(FEED_PROPERTY), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.categories, 1u << PRI_TEKUN);
    assert_false(p->f.verified & (1u << FACT_STATUS));
}

static void another_name_on_a_row_is_a_discrepancy_that_changes_no_figure(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_VEHICLES, 4, 8);
    strcpy(r->name, "李 四");
    strcpy(r->key, "京A12345");
    r->amount = 5000000;
    r = rows_add(&p->rows, &p->h, 1, FEED_DEPOSITS, 5, 1);
    strcpy(r->name, ""); /* no name given: nothing to compare */
    r->amount = 1000000;
    verify_household(&p->h, BIT(FEED_VEHICLES) | BIT(FEED_DEPOSITS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[1].vehicle_count, 1);
    assert_int_equal(p->f.m[1].vehicle_value, 5000000);
    assert_int_equal(p->v.ndiscrepancies, 1);
    expect(&p->v, 1, FEED_VEHICLES, "name", "李四", "李 四", "vehicles batch 4, line 8: 李 四");
}

static void the_report_is_ordered_by_member_source_field(void **state)
{
    struct fixture_pure *p = *state;
    p->h.priority = 1u << PRI_LOW_INCOME;
    /* rows given in a scrambled order */
    struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_DEPOSITS, 5, 1);
    r->amount = 1;
    r = rows_add(&p->rows, &p->h, 1, FEED_CIVIL_AFFAIRS, 2, 2);
    r->status = CIVIL_DIBAO;
    r = rows_add(&p->rows, &p->h, 0, FEED_PROPERTY, 3, 3);
    r->area = 100;
    r = rows_add(&p->rows, &p->h, 0, FEED_CIVIL_AFFAIRS, 2, 1);
    r->has_amount = 1;
    r->amount = 1;
    verify_household(&p->h, (1u << FEED_COUNT) - 1, p->rows.feeds, &p->f, &p->v);
    assert_true(p->v.ndiscrepancies > 6);
    assert_int_equal(p->v.total, p->v.ndiscrepancies);
    assert_false(p->v.truncated);
    for (int i = 1; i < p->v.ndiscrepancies; i++) {
        const struct discrepancy *a = &p->v.d[i - 1], *b = &p->v.d[i];
        assert_true(a->member < b->member || (a->member == b->member && a->source <= b->source));
    }
    /* member 0: civil affairs income, then the declared 低收入 nobody has,
     * then property */
    assert_string_equal(p->v.d[0].field, "income");
    assert_string_equal(p->v.d[1].field, "status");
    assert_string_equal(p->v.d[1].declared, "低收入");
    assert_string_equal(p->v.d[2].field, "home_count");
    assert_int_equal(p->f.categories, 1u << PRI_DIBAO);
}

static void discrepancies_stop_at_the_cap_and_are_counted(void **state)
{
    struct fixture_pure *p = *state;
    struct household *h = &p->h;
    h->nmembers = HH_MAX_MEMBERS;
    for (int i = 2; i < HH_MAX_MEMBERS; i++) {
        h->members[i] = h->members[1];
        snprintf(h->members[i].name, sizeof h->members[i].name, "成员%d", i);
        make_id(h->members[i].id_number, "20100101", 10 + i);
        h->members[i].relation = REL_CHILD;
    }
    for (int i = 1; i < HH_MAX_MEMBERS; i++) {
        strcpy(h->members[i].employer, "某单位");
        strcpy(h->members[i].work_region_code, "110105");
        h->members[i].social_insurance_months = 12;
    }
    /* nothing registered: the applicant's 3 social-insurance figures, then
     * 6 for every other member (car, its value, deposits, 3 social insurance) */
    unsigned loaded = BIT(FEED_VEHICLES) | BIT(FEED_DEPOSITS) | BIT(FEED_SOCIAL_INSURANCE);
    verify_household(h, loaded, p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->v.total, 3 + 6 * (HH_MAX_MEMBERS - 1));
    assert_int_equal(p->v.ndiscrepancies, VERIFY_DISCREPANCIES_MAX);
    assert_true(p->v.truncated);
    assert_int_equal(p->v.d[0].member, 0);
    assert_int_equal(p->v.d[3].member, 1);
    assert_string_equal(p->v.d[3].field, "vehicle_count");
    assert_int_equal(p->v.d[VERIFY_DISCREPANCIES_MAX - 1].member, 11);
    assert_string_equal(p->v.d[VERIFY_DISCREPANCIES_MAX - 1].field, "vehicle_count");
    /* the facts are complete whatever the report holds */
    for (int i = 1; i < HH_MAX_MEMBERS; i++)
        assert_int_equal(p->f.m[i].vehicle_count, 0);
}

static void long_evidence_is_cut_between_rows_and_counted(void **state)
{
    struct fixture_pure *p = *state;
    for (int k = 0; k < 40; k++) {
        struct feed_record *r = rows_add(&p->rows, &p->h, 1, FEED_DEPOSITS, 5, 100 + k);
        snprintf(r->key, sizeof r->key, "62220202000%08d", k);
        strcpy(r->label, "中国工商银行北京朝阳支行");
        r->amount = 100;
    }
    verify_household(&p->h, BIT(FEED_DEPOSITS), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[1].deposits, 4000);
    const struct discrepancy *d = find(&p->v, 1, "deposits");
    assert_non_null(d);
    assert_true(strlen(d->evidence) <= VERIFY_EVIDENCE_MAX);
    assert_true(strncmp(d->evidence, "deposits batch 5, line 100: 6222020200000000000, ", 49) == 0);
    const char *more = strstr(d->evidence, "; (+");
    assert_non_null(more);
    assert_string_equal(more + strlen(more) - 6, " more)");
    /* listed rows plus the count make the 40 */
    int listed = 0;
    for (const char *s = d->evidence; (s = strstr(s, "line ")) != NULL; s++)
        listed++;
    assert_int_equal(listed + atoi(more + 4), 40);
}

static void facts_without_a_report(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_PROPERTY, 3, 1);
    r->area = 6000;
    verify_household(&p->h, BIT(FEED_PROPERTY), p->rows.feeds, &p->f, NULL);
    assert_int_equal(facts_home_area(&p->f), 6000);
    /* no feeds at all */
    verify_household(&p->h, BIT(FEED_PROPERTY), NULL, &p->f, NULL);
    assert_int_equal(facts_home_area(&p->f), 0);
}

#define PURE(t) cmocka_unit_test_setup_teardown(t, setup_pure, teardown_pure)

int main(void)
{
    const struct CMUnitTest tests[] = {
        PURE(no_source_loaded_keeps_every_declaration),
        PURE(property_rows_replace_the_declared_homes),
        PURE(a_loaded_source_without_rows_means_nothing_registered),
        PURE(an_unloaded_source_leaves_the_declaration),
        PURE(vehicles_deposits_securities_and_insurance_are_summed),
        PURE(social_insurance_gives_months_employer_and_work_region),
        PURE(civil_affairs_assessed_income_wins),
        PURE(provident_fund_base_is_a_floor_over_civil_affairs),
        PURE(a_provident_fund_base_below_the_income_changes_nothing),
        PURE(civil_affairs_statuses_replace_the_declared_ones),
        PURE(civil_affairs_confirming_the_status_gives_no_discrepancy),
        PURE(another_name_on_a_row_is_a_discrepancy_that_changes_no_figure),
        PURE(the_report_is_ordered_by_member_source_field),
        PURE(discrepancies_stop_at_the_cap_and_are_counted),
        PURE(long_evidence_is_cut_between_rows_and_counted),
        PURE(facts_without_a_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
