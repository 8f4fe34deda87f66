/* base/idnum: GB 11643 check digits, birth dates, sex, masking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/idnum.h"

static void valid_number_gives_birth_date_and_sex(void **state)
{
    (void)state;
    struct idnum_info info;
    struct err e = {0};
    /* 11010519491231002X: the standard's own example (female, check X) */
    assert_int_equal(idnum_validate("11010519491231002X", "2026-11-23", &info, "id", &e), 0);
    assert_string_equal(info.birth_date, "1949-12-31");
    assert_int_equal(info.sex, 'F');
    assert_string_equal(info.region, "110105");
    assert_int_equal(idnum_validate("110105198803120030", NULL, &info, "id", &e), 0);
    assert_int_equal(info.sex, 'M');
}

static void check_char_matches_iso7064(void **state)
{
    (void)state;
    assert_int_equal(idnum_check_char("11010519491231002"), 'X');
    assert_int_equal(idnum_check_char("11010519880312003"), '0');
    assert_int_equal(idnum_check_char("11010819900721004"), '7');
}

static void wrong_check_digit_is_refused_with_expected_value(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(idnum_validate("110105198803120031", NULL, NULL, "id_number", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "id_number");
    assert_non_null(strstr(e.zh, "校验位"));
    assert_non_null(strstr(e.en, "expected 0, got 1"));
}

static void impossible_dates_are_refused(void **state)
{
    (void)state;
    struct err e = {0};
    const char *bad17[] = {"11010519900230001",  /* 30 Feb */
                           "11010519001301001",  /* month 13 */
                           "11010520230229001",  /* 2023 is not leap */
                           "11010518991231001",  /* before 1900 */
                           "11010519900100001"}; /* day 0 */
    for (size_t i = 0; i < sizeof bad17 / sizeof *bad17; i++) {
        char id[19];
        memcpy(id, bad17[i], 17);
        id[17] = idnum_check_char(bad17[i]);
        id[18] = '\0';
        assert_int_equal(idnum_validate(id, NULL, NULL, "id", &e), -1);
        assert_non_null(strstr(e.en, "birth date"));
    }
    /* 29 Feb of a leap year exists */
    char ok[19] = "20000229";
    char id[19];
    memcpy(id, "110105", 6);
    memcpy(id + 6, ok, 8);
    memcpy(id + 14, "001", 3);
    id[17] = idnum_check_char(id);
    id[18] = '\0';
    assert_int_equal(idnum_validate(id, NULL, NULL, "id", &e), 0);
}

static void future_birth_date_is_refused(void **state)
{
    (void)state;
    char id[19] = "11010520270101001";
    id[17] = idnum_check_char(id);
    id[18] = '\0';
    struct err e = {0};
    assert_int_equal(idnum_validate(id, "2026-11-23", NULL, "id", &e), -1);
    assert_non_null(strstr(e.en, "future"));
}

static void malformed_numbers_are_refused(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(idnum_validate("11010519491231002", NULL, NULL, "id", &e), -1);
    assert_non_null(strstr(e.en, "18 characters"));
    assert_int_equal(idnum_validate("11010519491231002x", NULL, NULL, "id", &e), -1);
    assert_non_null(strstr(e.en, "capital X"));
    assert_int_equal(idnum_validate("1101051949123100AX", NULL, NULL, "id", &e), -1);
    assert_non_null(strstr(e.en, "digit"));
    assert_int_equal(idnum_validate("", NULL, NULL, "id", &e), -1);
    assert_int_equal(idnum_validate("01010519491231002X", NULL, NULL, "id", &e), -1);
}

static void mask_keeps_region_and_last_four(void **state)
{
    (void)state;
    char out[19];
    idnum_mask("11010519491231002X", out);
    assert_string_equal(out, "110105********002X");
    idnum_mask("short", out);
    assert_string_equal(out, "******************");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_number_gives_birth_date_and_sex),
        cmocka_unit_test(check_char_matches_iso7064),
        cmocka_unit_test(wrong_check_digit_is_refused_with_expected_value),
        cmocka_unit_test(impossible_dates_are_refused),
        cmocka_unit_test(future_birth_date_is_refused),
        cmocka_unit_test(malformed_numbers_are_refused),
        cmocka_unit_test(mask_keeps_region_and_last_four),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
