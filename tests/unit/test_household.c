/* core/household: the rules of form, each with the field it names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/idnum.h"
#include "core/household.h"

static void make_id(char out[19], const char *birth8, int seq)
{
    snprintf(out, 19, "110105%s%03d", birth8, seq);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

static void valid_household(struct household *h)
{
    memset(h, 0, sizeof *h);
    strcpy(h->household_no, "BJ0000000001");
    strcpy(h->region_code, "110105001");
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "朝阳区某街 1 号");
    h->housing_area = 2000;
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-10");
    h->nmembers = 2;
    struct member *a = &h->members[0], *s = &h->members[1];
    strcpy(a->name, "张三");
    make_id(a->id_number, "19880312", 3);
    a->relation = REL_APPLICANT;
    a->marital_status = MAR_MARRIED;
    strcpy(a->hukou_region_code, "110105");
    strcpy(s->name, "李四");
    make_id(s->id_number, "19900721", 4);
    s->relation = REL_SPOUSE;
    s->marital_status = MAR_MARRIED;
    strcpy(s->hukou_region_code, "110108");
}

static int has(const struct err_list *l, const char *field, const char *en_part)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].field, field) == 0 && strstr(l->items[i].en, en_part) &&
            l->items[i].zh[0])
            return 1;
    return 0;
}

static void a_valid_household_passes_and_gets_derived_fields(void **state)
{
    (void)state;
    struct household h;
    valid_household(&h);
    struct err_list errs = {0};
    assert_int_equal(household_validate(&h, "2026-11-23", &errs), 0);
    assert_int_equal(errs.total, 0);
    assert_string_equal(h.members[0].birth_date, "1988-03-12");
    assert_int_equal(h.members[0].sex, 'M');
    assert_int_equal(h.members[1].sex, 'F');
    err_list_free(&errs);
}

static void exactly_one_applicant(void **state)
{
    (void)state;
    struct household h;
    struct err_list errs = {0};
    valid_household(&h);
    h.members[0].relation = REL_CHILD;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members", "exactly one applicant, got 0"));
    err_list_free(&errs);
    valid_household(&h);
    h.members[1].relation = REL_APPLICANT;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members", "exactly one applicant, got 2"));
    err_list_free(&errs);
}

static void spouse_requires_married_applicant_and_spouse(void **state)
{
    (void)state;
    struct household h;
    struct err_list errs = {0};
    valid_household(&h);
    h.members[0].marital_status = MAR_DIVORCED;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members", "applicant is not married"));
    err_list_free(&errs);
    valid_household(&h);
    h.members[1].marital_status = MAR_UNMARRIED;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members[1].marital_status", "married"));
    err_list_free(&errs);
}

static void phone_region_and_month_formats(void **state)
{
    (void)state;
    struct household h;
    struct err_list errs = {0};
    const char *good_phones[] = {"13800138000", "010-66012345", "0731-8888888"};
    for (size_t i = 0; i < 3; i++) {
        valid_household(&h);
        strcpy(h.contact_phone, good_phones[i]);
        assert_int_equal(household_validate(&h, NULL, &errs), 0);
    }
    const char *bad_phones[] = {"1380013800", "12800138000", "010-123", "010 66012345", ""};
    for (size_t i = 0; i < 5; i++) {
        valid_household(&h);
        strcpy(h.contact_phone, bad_phones[i]);
        assert_int_equal(household_validate(&h, NULL, &errs), -1);
        assert_true(has(&errs, "contact_phone", "not valid"));
        err_list_free(&errs);
    }
    valid_household(&h);
    strcpy(h.region_code, "110105");
    strcpy(h.members[1].hukou_region_code, "11010");
    strcpy(h.members[1].work_region_code, "abc");
    strcpy(h.income_end_month, "2026-13");
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "region_code", "9-digit"));
    assert_true(has(&errs, "members[1].hukou_region_code", "division code"));
    assert_true(has(&errs, "members[1].work_region_code", "division code"));
    assert_true(has(&errs, "income_end_month", "YYYY-MM"));
    err_list_free(&errs);
    valid_household(&h);
    strcpy(h.income_end_month, "2026-12");
    assert_int_equal(household_validate(&h, "2026-11-23", &errs), -1);
    assert_true(has(&errs, "income_end_month", "after the current month"));
    err_list_free(&errs);
}

static void tenure_none_means_no_area_and_assets_consistent(void **state)
{
    (void)state;
    struct household h;
    struct err_list errs = {0};
    valid_household(&h);
    h.housing_tenure = TEN_NONE;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "housing_area", "must be 0"));
    err_list_free(&errs);
    valid_household(&h);
    h.members[0].assets.home_value = 100;
    h.members[1].assets.vehicle_value = 100;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members[0].home_area", "home count is 0"));
    assert_true(has(&errs, "members[1].vehicle_value", "vehicle count is 0"));
    err_list_free(&errs);
}

static void text_fields_refuse_control_characters_and_padding(void **state)
{
    (void)state;
    struct household h;
    struct err_list errs = {0};
    valid_household(&h);
    strcpy(h.members[0].name, "张\t三");
    strcpy(h.members[1].name, " 李四");
    strcpy(h.household_no, "BJ 1");
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members[0].name", "control character"));
    assert_true(has(&errs, "members[1].name", "space"));
    assert_true(has(&errs, "household_no", "only letters"));
    err_list_free(&errs);
    valid_household(&h);
    strcpy(h.housing_address, "第一行\n第二行");
    assert_int_equal(household_validate(&h, NULL, &errs), 0);
}

static void members_bounds(void **state)
{
    (void)state;
    struct household h;
    struct err_list errs = {0};
    valid_household(&h);
    h.nmembers = 0;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members", "1 to 20 members, got 0"));
    err_list_free(&errs);
    valid_household(&h);
    h.members[0].disability_grade = 5;
    h.members[1].social_insurance_months = 721;
    h.members[1].income[3] = -1;
    assert_int_equal(household_validate(&h, NULL, &errs), -1);
    assert_true(has(&errs, "members[0].disability_grade", "0 (none) to 4"));
    assert_true(has(&errs, "members[1].social_insurance_months", "0 to 720"));
    assert_true(has(&errs, "members[1].income_04", "negative"));
    err_list_free(&errs);
}

static void priority_categories_parse_and_format_canonically(void **state)
{
    (void)state;
    unsigned m;
    struct err e;
    assert_int_equal(priority_parse("elderly;dibao", &m, "p", &e), 0);
    assert_int_equal(m, (1u << PRI_DIBAO) | (1u << PRI_ELDERLY));
    char out[256];
    priority_format(m, out);
    assert_string_equal(out, "dibao;elderly");
    assert_int_equal(priority_parse("", &m, "p", &e), 0);
    assert_int_equal(m, 0);
    assert_int_equal(priority_parse("rich", &m, "p", &e), -1);
    assert_non_null(strstr(e.en, "unknown priority category \"rich\""));
    assert_int_equal(priority_parse("dibao;dibao", &m, "p", &e), -1);
    assert_non_null(strstr(e.en, "repeated"));
    assert_int_equal(priority_parse("dibao;", &m, "p", &e), -1);
    assert_int_equal(priority_parse("dibao;;elderly", &m, "p", &e), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_valid_household_passes_and_gets_derived_fields),
        cmocka_unit_test(exactly_one_applicant),
        cmocka_unit_test(spouse_requires_married_applicant_and_spouse),
        cmocka_unit_test(phone_region_and_month_formats),
        cmocka_unit_test(tenure_none_means_no_area_and_assets_consistent),
        cmocka_unit_test(text_fields_refuse_control_characters_and_padding),
        cmocka_unit_test(members_bounds),
        cmocka_unit_test(priority_categories_parse_and_format_canonically),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
