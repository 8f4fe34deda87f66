/* base/money and base/date: fixed-point parsing and formatting, dates, ages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"

static void money_accepts_zero_one_or_two_decimals(void **state)
{
    (void)state;
    int64_t v;
    struct err e;
    assert_int_equal(money_parse("3850", &v, "f", &e), 0);
    assert_int_equal(v, 385000);
    assert_int_equal(money_parse("3850.5", &v, "f", &e), 0);
    assert_int_equal(v, 385050);
    assert_int_equal(money_parse("3850.05", &v, "f", &e), 0);
    assert_int_equal(v, 385005);
    assert_int_equal(money_parse("0.01", &v, "f", &e), 0);
    assert_int_equal(v, 1);
    assert_int_equal(money_parse("100000000000.00", &v, "f", &e), 0);
    assert_int_equal(v, MONEY_MAX_FEN);
}

static void money_refuses_malformed_text(void **state)
{
    (void)state;
    int64_t v = 42;
    struct err e;
    const char *bad[] = {"",
                         "-1",
                         "+1",
                         "1,000",
                         "1e3",
                         " 12",
                         "12 ",
                         "12.",
                         ".5",
                         "12.345",
                         "1.2.3",
                         "abc",
                         "１２",
                         "100000000000.01",
                         "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(money_parse(bad[i], &v, "deposits", &e), -1);
        assert_int_equal(e.code, ERR_INVALID);
        assert_string_equal(e.field, "deposits");
        assert_true(strlen(e.zh) > 0 && strlen(e.en) > 0);
    }
    assert_int_equal(v, 42); /* untouched on failure */
    money_parse("12.345", &v, "f", &e);
    assert_non_null(strstr(e.en, "two decimals"));
    money_parse("", &v, "f", &e);
    assert_non_null(strstr(e.en, "empty"));
}

static void area_uses_hundredths_of_a_square_metre(void **state)
{
    (void)state;
    int64_t v;
    struct err e;
    assert_int_equal(area_parse("45.5", &v, "a", &e), 0);
    assert_int_equal(v, 4550);
    assert_int_equal(area_parse("100000.01", &v, "a", &e), -1);
    assert_non_null(strstr(e.zh, "面积"));
}

static void formatting_is_canonical_and_round_trips(void **state)
{
    (void)state;
    char out[32], g[40];
    money_format(385050, out);
    assert_string_equal(out, "3850.50");
    money_format(0, out);
    assert_string_equal(out, "0.00");
    money_format(-5, out);
    assert_string_equal(out, "-0.05");
    money_format_grouped(123456789, g);
    assert_string_equal(g, "1,234,567.89");
    money_format_grouped(385000, g);
    assert_string_equal(g, "3,850.00");
    int64_t v;
    struct err e;
    for (int64_t x = 0; x < 100000; x += 37) {
        money_format(x, out);
        assert_int_equal(money_parse(out, &v, "f", &e), 0);
        assert_int_equal(v, x);
    }
}

static void int_parse_bounds(void **state)
{
    (void)state;
    int64_t v;
    struct err e;
    assert_int_equal(int_parse("720", 720, &v, "m", &e), 0);
    assert_int_equal(v, 720);
    assert_int_equal(int_parse("721", 720, &v, "m", &e), -1);
    assert_int_equal(int_parse("-1", 720, &v, "m", &e), -1);
    assert_int_equal(int_parse("", 720, &v, "m", &e), -1);
}

static void dates_and_ages(void **state)
{
    (void)state;
    assert_int_equal(date_valid("2024-02-29"), 0);
    assert_int_equal(date_valid("2023-02-29"), -1);
    assert_int_equal(date_valid("2023-2-28"), -1);
    assert_int_equal(month_valid("2026-10"), 0);
    assert_int_equal(month_valid("2026-13"), -1);
    char d[11];
    date_from_days(date_to_days("2024-02-28") + 1, d);
    assert_string_equal(d, "2024-02-29");
    date_from_days(0, d);
    assert_string_equal(d, "1970-01-01");
    assert_int_equal(date_to_days("2026-11-23") - date_to_days("2025-11-23"), 365);
    assert_int_equal(date_age("1966-11-24", "2026-11-23"), 59);
    assert_int_equal(date_age("1966-11-23", "2026-11-23"), 60);
    assert_int_equal(date_age("2000-02-29", "2023-02-28"), 22);
    assert_int_equal(date_age("2000-02-29", "2023-03-01"), 23);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_accepts_zero_one_or_two_decimals),
        cmocka_unit_test(money_refuses_malformed_text),
        cmocka_unit_test(area_uses_hundredths_of_a_square_metre),
        cmocka_unit_test(formatting_is_canonical_and_round_trips),
        cmocka_unit_test(int_parse_bounds),
        cmocka_unit_test(dates_and_ages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
