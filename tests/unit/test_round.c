/* Tests for core/round: the shortlist size at the ratio, buckets, layouts
 * by household size, the decline rule and the lottery entrant list. */
#include "core/lottery.h"
#include "core/round.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* the rules of a preset without a "round" object (Beijing's values) */
static struct round_rules defaults;

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

/* Who a round takes: its area (a district or the whole city) and, for a
 * targeted round, the category. */
static void test_who_may_join(void **state)
{
    (void)state;
    assert_true(round_area_covers("110105", "110105"));
    assert_false(round_area_covers("110105", "110108"));
    assert_true(round_area_covers("110000", "110108"));  /* the city */
    assert_false(round_area_covers("110000", "120101")); /* another city */
    assert_false(round_area_covers("1100", "110108"));   /* not a city code */
    unsigned dibao = 1u << PRI_DIBAO, low = 1u << PRI_LOW_INCOME;
    const char *dibao_code = priority_names[PRI_DIBAO].code;
    assert_true(round_kind_takes(ROUND_GENERAL, "", 0));
    assert_true(round_kind_takes(ROUND_DIRECT, "", low));
    assert_true(round_kind_takes(ROUND_TARGETED, dibao_code, dibao | low));
    assert_false(round_kind_takes(ROUND_TARGETED, dibao_code, low));
    assert_false(round_kind_takes(ROUND_TARGETED, "no_such_category", ~0u));
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
    assert_true(round_layout_fits(&defaults, 1, ALLOC_LAYOUT_DORMITORY));
    assert_true(round_layout_fits(&defaults, 1, ALLOC_LAYOUT_ONE_ROOM));
    assert_false(round_layout_fits(&defaults, 1, ALLOC_LAYOUT_TWO_ROOM));
    assert_true(round_layout_fits(&defaults, 2, ALLOC_LAYOUT_TWO_ROOM));
    assert_false(round_layout_fits(&defaults, 2, ALLOC_LAYOUT_DORMITORY));
    assert_false(round_layout_fits(&defaults, 2, ALLOC_LAYOUT_THREE_ROOM));
    assert_true(round_layout_fits(&defaults, 3, ALLOC_LAYOUT_THREE_ROOM));
    assert_true(round_layout_fits(&defaults, 6, ALLOC_LAYOUT_TWO_ROOM));
    assert_false(round_layout_fits(&defaults, 3, ALLOC_LAYOUT_ONE_ROOM));
    /* the same rules through the constraint layer */
    struct alloc_constraints c;
    round_constraints(&defaults, &c);
    struct alloc_household h = {.members = 1};
    struct alloc_unit_info u = {.layout = ALLOC_LAYOUT_THREE_ROOM, .pool = ALLOC_POOL_GENERAL};
    assert_false(alloc_acceptable(&c, &h, &u));
    h.members = 4;
    assert_true(alloc_acceptable(&c, &h, &u));
}

static void test_declines(void **state)
{
    (void)state;
    assert_false(round_lost_place(1, defaults.declines_max));
    assert_true(round_lost_place(2, defaults.declines_max));
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

/* round_choose on a hand-made case: the accessible units go first to the
 * families who need them, a listed family takes its first open unit, a
 * family without a list the first fitting unit in unit order, and a
 * declined unit is never chosen again. */
static void test_choose(void **state)
{
    (void)state;
    const struct alloc_unit_info units[] = {
        {ALLOC_LAYOUT_ONE_ROOM, 0, ALLOC_POOL_GENERAL}, /* 0 */
        {ALLOC_LAYOUT_TWO_ROOM, 1, ALLOC_POOL_GENERAL}, /* 1 accessible */
        {ALLOC_LAYOUT_TWO_ROOM, 0, ALLOC_POOL_GENERAL}, /* 2 */
        {ALLOC_LAYOUT_ONE_ROOM, 1, ALLOC_POOL_GENERAL}, /* 3 accessible */
        {ALLOC_LAYOUT_STUDIO, 0, ALLOC_POOL_GENERAL},   /* 4 */
    };
    const int32_t c_list[] = {3, 1}, f_list[] = {0}, d_declined[] = {2}, g_declined[] = {0, 4};
    const struct round_family fam[] = {
        {.members = 1, .any = 1},                                            /* A */
        {.members = 3, .needs_accessible = 1, .any = 1},                     /* B */
        {.members = 2, .prefs = c_list, .nprefs = 2},                        /* C */
        {.members = 4, .any = 1, .declined = d_declined, .ndeclined = 1},    /* D */
        {.members = 1, .needs_accessible = 1, .any = 1},                     /* E */
        {.members = 2, .needs_accessible = 1, .prefs = f_list, .nprefs = 1}, /* F */
        {.members = 1, .any = 1, .declined = g_declined, .ndeclined = 2},    /* G */
        {.members = 2, .any = 1},                                            /* H */
    };
    int32_t got[8];
    uint8_t why[8];
    struct err e = {0};
    assert_int_equal(round_choose(&defaults, fam, 8, units, 5, got, why, &e), 0);
    assert_int_equal(got[0], 0);          /* A: the first one-room in unit order (3 went to E) */
    assert_int_equal(got[1], 1);          /* B: the accessible two-room, before A chose */
    assert_int_equal(got[2], ALLOC_NONE); /* C: both listed units went to B and E */
    assert_int_equal(why[2], ALLOC_ALL_TAKEN);
    assert_int_equal(got[3], ALLOC_NONE); /* D: declined 2, and 1 is B's */
    assert_int_equal(why[3], ALLOC_ALL_TAKEN);
    assert_int_equal(got[4], 3);          /* E: the accessible one-room */
    assert_int_equal(got[5], ALLOC_NONE); /* F: listed only a unit that is not accessible */
    assert_int_equal(why[5], ALLOC_NONE_ACCEPTABLE);
    assert_int_equal(got[6], ALLOC_NONE); /* G: declined 0 and 4, 3 is E's */
    assert_int_equal(why[6], ALLOC_ALL_TAKEN);
    assert_int_equal(got[7], 2); /* H: the studio would fit too; 2 comes first */
    for (int f = 0; f < 8; f++)
        if (got[f] != ALLOC_NONE) assert_int_equal(why[f], ALLOC_ASSIGNED);
    /* a unit index out of range is refused */
    const int32_t bad[] = {5};
    struct round_family b = {.members = 1, .prefs = bad, .nprefs = 1};
    assert_int_equal(round_choose(&defaults, &b, 1, units, 5, got, why, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    /* no units: everybody unassigned, none acceptable */
    assert_int_equal(round_choose(&defaults, fam, 1, units, 0, got, why, &e), 0);
    assert_int_equal(got[0], ALLOC_NONE);
    assert_int_equal(why[0], ALLOC_NONE_ACCEPTABLE);
}

/* round_choose gives the same units as serial dictatorship under the
 * constraint layer (alloc_run_constrained with the accessible units as a
 * reserved pool for the families who need them, leftovers to the general
 * round), with every family's list written out: "any" = every unit in unit
 * order, declined units struck. Random small instances from a fixed seed. */
static void test_choose_matches_constrained(void **state)
{
    (void)state;
    srand(20260301);
    enum { NU_MAX = 14, NF_MAX = 18 };
    for (int iter = 0; iter < 3000; iter++) {
        int32_t nu = rand() % NU_MAX, nf = 1 + rand() % NF_MAX;
        struct alloc_unit_info units[NU_MAX];
        for (int32_t u = 0; u < nu; u++) {
            units[u].layout = (enum alloc_layout)(rand() % ALLOC_LAYOUT_COUNT);
            units[u].accessible = rand() % 4 == 0;
            units[u].pool = units[u].accessible ? 0 : ALLOC_POOL_GENERAL;
        }
        struct round_family fam[NF_MAX];
        struct alloc_household hh[NF_MAX];
        int32_t lists[NF_MAX][6], decl[NF_MAX][3];
        int32_t pref[NF_MAX * NU_MAX], order[NF_MAX];
        uint32_t start[NF_MAX + 1];
        uint32_t np = 0;
        for (int32_t f = 0; f < nf; f++) {
            struct round_family *x = &fam[f];
            memset(x, 0, sizeof *x);
            x->members = 1 + rand() % 5;
            x->needs_accessible = rand() % 5 == 0;
            x->any = nu == 0 || rand() % 2;
            x->declined = decl[f];
            for (int k = 0; nu > 0 && k < rand() % 3; k++)
                decl[f][x->ndeclined++] = rand() % nu;
            x->prefs = lists[f];
            for (int k = 0; !x->any && k < 1 + rand() % 5; k++) {
                int32_t u = rand() % nu, dup = 0;
                for (int32_t j = 0; j < x->nprefs; j++)
                    dup |= lists[f][j] == u;
                if (!dup) lists[f][x->nprefs++] = u;
            }
            hh[f] = (struct alloc_household){.members = x->members,
                                             .needs_accessible = x->needs_accessible,
                                             .pools = x->needs_accessible ? 1u : 0u};
            order[f] = f;
            start[f] = np;
            int32_t n = x->any ? nu : x->nprefs;
            for (int32_t k = 0; k < n; k++) {
                int32_t u = x->any ? k : lists[f][k], d = 0;
                for (int32_t j = 0; j < x->ndeclined; j++)
                    d |= decl[f][j] == u;
                if (!d) pref[np++] = u;
            }
        }
        start[nf] = np;
        struct alloc_constraints c;
        round_constraints(&defaults, &c);
        c.npools = 1;
        c.pools[0].leftover_to = ALLOC_TO_GENERAL;
        struct alloc_instance in = {
            .napplicants = nf, .nunits = nu, .pref_start = start, .pref = pref, .order = order};
        struct alloc_result want;
        struct err e = {0};
        int32_t got[NF_MAX];
        uint8_t why[NF_MAX];
        assert_int_equal(round_choose(&defaults, fam, nf, units, nu, got, why, &e), 0);
        if (nu == 0) {
            for (int32_t f = 0; f < nf; f++)
                assert_int_equal(got[f], ALLOC_NONE);
            continue;
        }
        assert_int_equal(alloc_run_constrained(ALLOC_SERIAL, &in, &c, hh, units, &want, &e), 0);
        for (int32_t f = 0; f < nf; f++) {
            assert_int_equal(got[f], want.unit[f]);
            assert_int_equal(why[f] == ALLOC_ASSIGNED, want.unit[f] != ALLOC_NONE);
        }
        alloc_result_free(&want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortlist_size), cmocka_unit_test(test_who_may_join),
        cmocka_unit_test(test_buckets),        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_declines),       cmocka_unit_test(test_entrant_list),
        cmocka_unit_test(test_choose),         cmocka_unit_test(test_choose_matches_constrained),
    };
    round_rules_default(&defaults);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
