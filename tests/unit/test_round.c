/* Tests for core/round: the shortlist size at the ratio, buckets, layouts
 * by household size, the decline rule and the lottery entrant list. */
#include "core/lottery.h"
#include "core/round.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_shortlist_size(void **state)
{
    (void)state;
    assert_int_equal(round_shortlist_size(7, 1200, 20), 8); /* floor(8.4) */
    assert_int_equal(round_shortlist_size(10, 1200, 100), 12);
    assert_int_equal(round_shortlist_size(3, 1200, 100), 3); /* floor(3.6)=3, never below units */
    assert_int_equal(round_shortlist_size(1, 1000, 100), 1);
    assert_int_equal(round_shortlist_size(20000, 1200, 100000), 24000);
    assert_int_equal(round_shortlist_size(10, 1200, 5), 5); /* fewer families than that */
    assert_int_equal(round_shortlist_size(0, 1200, 5), 0);
    struct err e = {0};
    assert_int_equal(round_ratio_check(1200, "ratio", &e), 0);
    assert_int_equal(round_ratio_check(1000, "ratio", &e), 0);
    assert_int_equal(round_ratio_check(1201, "ratio", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(round_ratio_check(999, "ratio", &e), -1);
}

static void test_buckets(void **state)
{
    (void)state;
    assert_int_equal(round_bucket(ROUND_GENERAL, 1), 1);
    assert_int_equal(round_bucket(ROUND_GENERAL, 0), 2);
    assert_int_equal(round_bucket(ROUND_TARGETED, 0), 1);
    assert_int_equal(round_bucket(ROUND_DIRECT, 0), 1);
}

static void test_layouts(void **state)
{
    (void)state;
    assert_true(round_layout_fits(1, ALLOC_LAYOUT_DORMITORY));
    assert_true(round_layout_fits(1, ALLOC_LAYOUT_ONE_ROOM));
    assert_false(round_layout_fits(1, ALLOC_LAYOUT_TWO_ROOM));
    assert_true(round_layout_fits(2, ALLOC_LAYOUT_TWO_ROOM));
    assert_false(round_layout_fits(2, ALLOC_LAYOUT_DORMITORY));
    assert_false(round_layout_fits(2, ALLOC_LAYOUT_THREE_ROOM));
    assert_true(round_layout_fits(3, ALLOC_LAYOUT_THREE_ROOM));
    assert_true(round_layout_fits(6, ALLOC_LAYOUT_TWO_ROOM));
    assert_false(round_layout_fits(3, ALLOC_LAYOUT_ONE_ROOM));
    /* the same rules through the constraint layer */
    struct alloc_constraints c;
    round_constraints(&c);
    struct alloc_household h = {.members = 1};
    struct alloc_unit_info u = {.layout = ALLOC_LAYOUT_THREE_ROOM, .pool = ALLOC_POOL_GENERAL};
    assert_false(alloc_acceptable(&c, &h, &u));
    h.members = 4;
    assert_true(alloc_acceptable(&c, &h, &u));
}

static void test_declines(void **state)
{
    (void)state;
    assert_false(round_lost_place(1, ROUND_DECLINES_MAX));
    assert_true(round_lost_place(2, ROUND_DECLINES_MAX));
}

static void test_entrant_list(void **state)
{
    (void)state;
    struct round_lottery_entry en[] = {
        {"SQ2026-000003", 2}, {"SQ2026-000001", 1}, {"SQ2026-000002", 2}};
    char out[512];
    struct err e = {0};
    long n = round_entrant_list(en, 3, out, sizeof out, &e);
    const char *want = "entrant_id,bucket,tickets\nSQ2026-000001,1,1\nSQ2026-000002,2,1\n"
                       "SQ2026-000003,2,1\n";
    assert_int_equal(n, (long)strlen(want));
    assert_memory_equal(out, want, strlen(want));
    /* the list is one the lottery accepts */
    struct lottery_list l;
    struct err_list errs = {0};
    assert_int_equal(lottery_list_parse(out, (size_t)n, &l, &errs), 0);
    assert_int_equal(l.n, 3);
    lottery_list_free(&l);
    /* duplicates and ID numbers are refused */
    struct round_lottery_entry dup[] = {{"A1", 1}, {"A1", 1}};
    assert_int_equal(round_entrant_list(dup, 2, out, sizeof out, &e), -1);
    struct round_lottery_entry idn[] = {{"11010519491231002X", 1}};
    assert_int_equal(round_entrant_list(idn, 1, out, sizeof out, &e), -1);
    assert_int_equal(round_entrant_list(en, 3, out, 40, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LARGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortlist_size), cmocka_unit_test(test_buckets),
        cmocka_unit_test(test_layouts),        cmocka_unit_test(test_declines),
        cmocka_unit_test(test_entrant_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
