/* core/verify: the rules of verification (pure), then the verification
 * store and use cases through a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "app/verify.h"
#include "base/idnum.h"
#include "core/verify.h"
#include "store/feed_store.h"
#include "store/verification_store.h"

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

/* Regression: with civil affairs not loaded, a stray civil-affairs row was
 * quoted in the income evidence though its figure was not used. */
static void unloaded_civil_affairs_is_not_quoted_as_evidence(void **state)
{
    struct fixture_pure *p = *state;
    struct feed_record *r = rows_add(&p->rows, &p->h, 0, FEED_CIVIL_AFFAIRS, 1, 2);
    r->has_amount = 1;
    r->amount = 1000000;
    r = rows_add(&p->rows, &p->h, 0, FEED_PROVIDENT_FUND, 4, 9);
    r->amount = 800000; /* 8,000.00 a month: 96,000.00 a year */
    verify_household(&p->h, BIT(FEED_PROVIDENT_FUND), p->rows.feeds, &p->f, &p->v);
    assert_int_equal(p->f.m[0].income, 9600000);
    expect(&p->v, 0, FEED_PROVIDENT_FUND, "income", "36,000.00", "96,000.00",
           "provident_fund batch 4, line 9: monthly base 8,000.00 × 12 = 96,000.00");
    assert_int_equal(p->v.ndiscrepancies, 1);
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

/* --- store and use cases through a real SQLite file ------------------- */

struct fixture {
    char path[64];
    struct app *app;
    struct household h;
    struct verification_report r;
};

static int setup_app(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-verify-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0) return -1;
    close(fd);
    struct err e = {0};
    if (app_open(&f->app, f->path, &e)) return -1;
    *state = f;
    return 0;
}

static int teardown_app(void **state)
{
    struct fixture *f = *state;
    app_close(f->app);
    char p[80];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* two_people, complete enough to be saved, with its own number and ID
 * numbers (seq distinguishes households). */
static int64_t create_household(struct fixture *f, struct household *h, int seq)
{
    two_people(h);
    snprintf(h->household_no, sizeof h->household_no, "BJ%010d", seq);
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "朝阳区建外街道 1 号");
    strcpy(h->income_end_month, "2026-10");
    make_id(h->members[0].id_number, "19880312", 2 * seq + 1);
    make_id(h->members[1].id_number, "19900721", 2 * seq + 2);
    for (int i = 0; i < 2; i++) {
        h->members[i].marital_status = MAR_MARRIED;
        h->members[i].hukou_urban = 1;
        strcpy(h->members[i].hukou_region_code, "110105");
    }
    struct err_list errs = {0};
    int rc = app_household_create(f->app, NULL, h, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "  %s: %s\n", errs.items[i].field, errs.items[i].en);
    err_list_free(&errs);
    assert_int_equal(rc, 0);
    return h->id;
}

static void sql(struct fixture *f, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = {0};
    if (db_exec(app_db(f->app), text, &e)) fail_msg("%s: %s", text, e.en);
}

/* A new batch of source (replacing its rows, as an import does); returns its id. */
static int64_t batch(struct fixture *f, const char *source, long rows)
{
    sql(f,
        "DELETE FROM feed_record WHERE source = '%s';"
        " INSERT INTO feed_batch (source, file_name, sha256, rows, imported_at)"
        " VALUES ('%s', '%s.csv', '', %ld, '2026-11-20T08:00:00Z')",
        source, source, source, rows);
    struct db_stmt *s;
    struct err e = {0};
    assert_int_equal(db_prepare(app_db(f->app), "SELECT max(id) FROM feed_batch", &s, &e), 0);
    assert_int_equal(db_step(s, &e), 1);
    int64_t id = db_col_int(s, 0);
    db_finalize(s);
    return id;
}

static void record(struct fixture *f, const char *source, int64_t batch_id, long line,
                   const struct member *m, const char *key, const char *status, int64_t amount,
                   int64_t area)
{
    sql(f,
        "INSERT INTO feed_record (source, batch_id, line, id_number, name, key, label,"
        " region_code, status, has_amount, amount, area, months) VALUES ('%s', %lld, %ld, '%s',"
        " '%s', '%s', '', '', '%s', %d, %lld, %lld, 0)",
        source, (long long)batch_id, line, m->id_number, m->name, key, status,
        strcmp(source, "civil_affairs") == 0 && amount > 0, (long long)amount, (long long)area);
}

static const struct verification_item *item(const struct verification_report *r, int member_seq,
                                            const char *field)
{
    for (int i = 0; i < r->n; i++)
        if (r->items[i].member_seq == member_seq && strcmp(r->items[i].field, field) == 0)
            return &r->items[i];
    return NULL;
}

static void a_household_is_verified_and_its_report_kept(void **state)
{
    struct fixture *f = *state;
    int64_t id = create_household(f, &f->h, 1);
    int64_t civil = batch(f, "civil_affairs", 1);
    int64_t property = batch(f, "property", 1);
    record(f, "civil_affairs", civil, 2, &f->h.members[1], "", "dibao", 0, 0);
    record(f, "property", property, 17, &f->h.members[0], "京(2020)朝阳区不动产权第0001234号",
           "none", 320000000, 8520);

    struct err e = {0};
    assert_int_equal(app_verify_household(f->app, NULL, id, &f->r, &e), 0);
    const struct verification_report *r = &f->r;
    assert_true(r->id > 0);
    assert_int_equal(r->household_id, id);
    assert_string_equal(r->household_no, "BJ0000000001");
    assert_int_equal(r->household_version, 1);
    assert_false(r->changed_since);
    assert_int_equal(r->sources, BIT(FEED_CIVIL_AFFAIRS) | BIT(FEED_PROPERTY));
    assert_int_equal(r->batches[FEED_CIVIL_AFFAIRS], civil);
    assert_int_equal(r->batches[FEED_PROPERTY], property);
    assert_int_equal(r->total, 4);
    assert_int_equal(r->n, 4);
    const struct verification_item *x = item(r, 1, "home_area");
    assert_non_null(x);
    assert_string_equal(x->member_name, "张三");
    char masked[19];
    idnum_mask(f->h.members[0].id_number, masked);
    assert_string_equal(x->member_id_masked, masked);
    assert_non_null(strstr(x->member_id_masked, "********"));
    assert_string_equal(x->declared, "0.00");
    assert_string_equal(x->found, "85.20");
    char ev[200];
    snprintf(ev, sizeof ev,
             "property batch %lld, line 17: 京(2020)朝阳区不动产权第0001234号, 85.20㎡",
             (long long)property);
    assert_string_equal(x->evidence, ev);
    x = item(r, 2, "status");
    assert_non_null(x);
    assert_string_equal(x->member_name, "李四");
    assert_int_equal(x->source, FEED_CIVIL_AFFAIRS);
    assert_string_equal(x->found, "低保");

    /* the stored report reads back the same */
    struct verification_report *back = calloc(1, sizeof *back);
    assert_int_equal(app_verification_report(f->app, NULL, id, back, &e), 0);
    assert_int_equal(back->id, r->id);
    assert_int_equal(back->sources, r->sources);
    assert_int_equal(back->batches[FEED_PROPERTY], property);
    assert_int_equal(back->n, r->n);
    assert_int_equal(back->total, r->total);
    assert_string_equal(back->verified_at, r->verified_at);
    for (int i = 0; i < r->n; i++) {
        assert_int_equal(back->items[i].member_seq, r->items[i].member_seq);
        assert_int_equal(back->items[i].source, r->items[i].source);
        assert_string_equal(back->items[i].field, r->items[i].field);
        assert_string_equal(back->items[i].declared, r->items[i].declared);
        assert_string_equal(back->items[i].found, r->items[i].found);
        assert_string_equal(back->items[i].evidence, r->items[i].evidence);
        assert_string_equal(back->items[i].member_name, r->items[i].member_name);
    }
    free(back);

    /* the row as stored */
    struct db_stmt *s;
    assert_int_equal(db_prepare(app_db(f->app),
                                "SELECT sources, batches, discrepancies FROM verification", &s, &e),
                     0);
    assert_int_equal(db_step(s, &e), 1);
    assert_string_equal(db_col_text(s, 0), "civil_affairs;property");
    char batches[64];
    snprintf(batches, sizeof batches, "civil_affairs:%lld;property:%lld", (long long)civil,
             (long long)property);
    assert_string_equal(db_col_text(s, 1), batches);
    assert_int_equal(db_col_int(s, 2), 4);
    db_finalize(s);
}

static void the_report_says_when_the_household_changed_since(void **state)
{
    struct fixture *f = *state;
    int64_t id = create_household(f, &f->h, 1);
    int64_t b = batch(f, "vehicles", 0);
    struct err e = {0};
    assert_int_equal(app_verify_household(f->app, NULL, id, &f->r, &e), 0);
    assert_int_equal(f->r.total, 2); /* the spouse's car is not registered */
    assert_int_equal(f->r.batches[FEED_VEHICLES], b);

    /* the household gives up the car */
    struct household *h = calloc(1, sizeof *h);
    assert_int_equal(app_household_get(f->app, NULL, id, h, &e), 0);
    h->members[1].assets.vehicle_count = 0;
    h->members[1].assets.vehicle_value = 0;
    struct err_list errs = {0};
    assert_int_equal(app_household_replace(f->app, NULL, h, 1, &errs), 0);
    err_list_free(&errs);

    assert_int_equal(app_verification_report(f->app, NULL, id, &f->r, &e), 0);
    assert_true(f->r.changed_since);
    assert_int_equal(f->r.household_version, 1);
    assert_int_equal(f->r.current_version, 2);
    assert_int_equal(f->r.total, 2);

    /* verifying again gives a newer report in force, with nothing to flag */
    int64_t first = f->r.id;
    assert_int_equal(app_verify_household(f->app, NULL, id, &f->r, &e), 0);
    assert_int_equal(app_verification_report(f->app, NULL, id, &f->r, &e), 0);
    assert_true(f->r.id > first);
    assert_false(f->r.changed_since);
    assert_int_equal(f->r.household_version, 2);
    assert_int_equal(f->r.total, 0);
    assert_int_equal(f->r.n, 0);
    free(h);
}

static void a_household_never_verified_has_no_report(void **state)
{
    struct fixture *f = *state;
    int64_t id = create_household(f, &f->h, 1);
    struct err e = {0};
    assert_int_equal(app_verification_report(f->app, NULL, id, &f->r, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_non_null(strstr(e.zh, "该家庭尚未核对"));
    err_clear(&e);
    assert_int_equal(app_verification_report(f->app, NULL, id + 100, &f->r, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    err_clear(&e);
    assert_int_equal(app_verify_household(f->app, NULL, id + 100, &f->r, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void without_any_feed_the_report_keeps_the_declarations(void **state)
{
    struct fixture *f = *state;
    int64_t id = create_household(f, &f->h, 1);
    struct err e = {0};
    assert_int_equal(app_verify_household(f->app, NULL, id, &f->r, &e), 0);
    assert_int_equal(f->r.sources, 0);
    assert_int_equal(f->r.total, 0);
    assert_int_equal(app_verification_report(f->app, NULL, id, &f->r, &e), 0);
    assert_int_equal(f->r.sources, 0);
}

static void a_newer_batch_is_the_one_used(void **state)
{
    struct fixture *f = *state;
    int64_t id = create_household(f, &f->h, 1);
    int64_t old = batch(f, "deposits", 1);
    record(f, "deposits", old, 1, &f->h.members[1], "6222000011112222", "none", 1000000, 0);
    int64_t now = batch(f, "deposits", 1);
    record(f, "deposits", now, 4, &f->h.members[1], "6222000011112222", "none", 2500000, 0);
    struct err e = {0};
    assert_int_equal(app_verify_household(f->app, NULL, id, &f->r, &e), 0);
    assert_int_equal(f->r.batches[FEED_DEPOSITS], now);
    const struct verification_item *x = item(&f->r, 2, "deposits");
    assert_non_null(x);
    assert_string_equal(x->declared, "10,000.00");
    assert_string_equal(x->found, "25,000.00");
    char ev[120];
    snprintf(ev, sizeof ev, "deposits batch %lld, line 4: 6222000011112222, 25,000.00",
             (long long)now);
    assert_string_equal(x->evidence, ev);
}

static void the_facts_rules_read_come_from_the_feeds(void **state)
{
    struct fixture *f = *state;
    create_household(f, &f->h, 1);
    int64_t b = batch(f, "civil_affairs", 1);
    record(f, "civil_affairs", b, 1, &f->h.members[0], "", "low_income", 1800000, 0);
    struct err e = {0};
    struct feed_store *fs;
    struct feed_rows rows = {0};
    struct household_facts facts;
    assert_int_equal(feed_store_open(app_db(f->app), &fs, &e), 0);
    unsigned loaded;
    int64_t batches[FEED_COUNT];
    assert_int_equal(feed_store_loaded(fs, &loaded, batches, &e), 0);
    assert_int_equal(app_household_facts(NULL, fs, loaded, &f->h, &rows, &facts, NULL, &e), 0);
    assert_int_equal(facts.m[0].income, 1800000);
    assert_int_equal(facts.categories, 1u << PRI_LOW_INCOME);
    assert_true(facts.verified & (1u << FACT_STATUS));
    feed_store_close(fs);
    free(rows.rows);
}

struct progress_seen {
    int calls;
    long last;
};

static void on_progress(const struct verify_run_counts *c, void *ctx)
{
    struct progress_seen *p = ctx;
    p->calls++;
    p->last = c->households;
}

static void a_run_verifies_every_household(void **state)
{
    struct fixture *f = *state;
    struct household h2, h3;
    int64_t id1 = create_household(f, &f->h, 1);
    int64_t id2 = create_household(f, &h2, 2);
    int64_t id3 = create_household(f, &h3, 3);
    /* the third household's spouse really has her car and her deposits */
    int64_t v = batch(f, "vehicles", 1);
    record(f, "vehicles", v, 1, &h3.members[1], "京A12345", "none", 5000000, 0);
    int64_t d = batch(f, "deposits", 1);
    record(f, "deposits", d, 1, &h3.members[1], "6222000011112222", "none", 1000000, 0);
    struct verify_run_counts c;
    struct progress_seen seen = {0};
    struct err e = {0};
    assert_int_equal(app_verify_run(f->app, NULL, on_progress, &seen, &c, &e), 0);
    assert_int_equal(c.households, 3);
    assert_int_equal(c.with_discrepancies, 2);
    assert_int_equal(c.discrepancies, 6); /* car, its value, deposits, twice */
    assert_int_equal(seen.calls, 1);
    assert_int_equal(seen.last, 3);
    assert_int_equal(app_verification_report(f->app, NULL, id1, &f->r, &e), 0);
    assert_int_equal(f->r.total, 3);
    assert_int_equal(app_verification_report(f->app, NULL, id2, &f->r, &e), 0);
    assert_int_equal(f->r.total, 3);
    assert_int_equal(app_verification_report(f->app, NULL, id3, &f->r, &e), 0);
    assert_int_equal(f->r.total, 0);
    assert_int_equal(f->r.batches[FEED_VEHICLES], v);
    /* an empty registry is a run of nothing */
    assert_int_equal(app_verify_run(f->app, NULL, NULL, NULL, &c, &e), 0);
    assert_int_equal(c.households, 3);
}

static void a_truncated_report_keeps_its_count(void **state)
{
    struct fixture *f = *state;
    struct verification_store *vs;
    struct err e = {0};
    int64_t id = create_household(f, &f->h, 1);
    struct verification *v = calloc(1, sizeof *v);
    struct verification_header vh = {.household_id = id, .household_version = 1};
    strcpy(vh.verified_at, "2026-11-23T10:00:00Z");
    int64_t batches[FEED_COUNT] = {[FEED_DEPOSITS] = 7};
    verification_store_format_sources(BIT(FEED_DEPOSITS), batches, &vh);
    assert_string_equal(vh.sources, "deposits");
    assert_string_equal(vh.batches, "deposits:7");
    v->ndiscrepancies = VERIFY_DISCREPANCIES_MAX;
    v->total = 100;
    v->truncated = 1;
    for (int i = 0; i < v->ndiscrepancies; i++) {
        v->d[i].member = 1;
        v->d[i].source = FEED_DEPOSITS;
        snprintf(v->d[i].field, sizeof v->d[i].field, "deposits");
        snprintf(v->d[i].evidence, sizeof v->d[i].evidence, "#%d", i);
    }
    assert_int_equal(db_begin(app_db(f->app), DB_WRITE, &e), 0);
    assert_int_equal(verification_store_open(app_db(f->app), &vs, &e), 0);
    assert_int_equal(verification_store_save(vs, &vh, v, &e), 0);
    verification_store_close(vs);
    assert_int_equal(db_commit(app_db(f->app), &e), 0);
    free(v);
    assert_int_equal(app_verification_report(f->app, NULL, id, &f->r, &e), 0);
    assert_int_equal(f->r.n, VERIFY_DISCREPANCIES_MAX);
    assert_int_equal(f->r.total, 100);
    assert_true(f->r.truncated);
    assert_string_equal(f->r.items[63].evidence, "#63");
    assert_string_equal(f->r.items[0].member_name, "李四");
    assert_int_equal(f->r.batches[FEED_DEPOSITS], 7);
}

#define PURE(t) cmocka_unit_test_setup_teardown(t, setup_pure, teardown_pure)
#define APP(t) cmocka_unit_test_setup_teardown(t, setup_app, teardown_app)

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
        PURE(unloaded_civil_affairs_is_not_quoted_as_evidence),
        PURE(civil_affairs_statuses_replace_the_declared_ones),
        PURE(civil_affairs_confirming_the_status_gives_no_discrepancy),
        PURE(another_name_on_a_row_is_a_discrepancy_that_changes_no_figure),
        PURE(the_report_is_ordered_by_member_source_field),
        PURE(discrepancies_stop_at_the_cap_and_are_counted),
        PURE(long_evidence_is_cut_between_rows_and_counted),
        PURE(facts_without_a_report),
        APP(a_household_is_verified_and_its_report_kept),
        APP(the_report_says_when_the_household_changed_since),
        APP(a_household_never_verified_has_no_report),
        APP(without_any_feed_the_report_keeps_the_declarations),
        APP(a_newer_batch_is_the_one_used),
        APP(the_facts_rules_read_come_from_the_feeds),
        APP(a_run_verifies_every_household),
        APP(a_truncated_report_keeps_its_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
