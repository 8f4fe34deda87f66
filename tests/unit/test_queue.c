/* The waiting lists (轮候): core/queue's order — every rule and every
 * tie-break, the class precedence as the policy gives it, the long-wait
 * rule at exactly 5 years and a day before, 老龄 derived on the queue's
 * date — the counts and the "why" sentences, the re-reporting calendar; the
 * preset's "long_wait" place; and app/queue over a real SQLite file: filing
 * puts a family on the list, lists and places by scope, re-reports and
 * overdue marks with their history and audit entries, and migration 0007
 * taking in applications filed before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/application.h"
#include "app/audit.h"
#include "app/policy.h"
#include "app/queue.h"
#include "base/date.h"
#include "base/idnum.h"
#include "core/queue.h"
#include "io/policy_json.h"
#include "store/embedded.h"
#include "store/migrate.h"

/* --- core: policies and families ------------------------------------------- */

/* A policy whose precedence is order[0..n-1]; long-wait rule of `years`
 * (0: off), placed at `rank` when rank >= 0, else unlisted (first). */
static struct policy *policy_new(const enum priority_category *order, int n, int years, int rank)
{
    struct policy *p = calloc(1, sizeof *p);
    assert_non_null(p);
    strcpy(p->code, "test");
    strcpy(p->version, "1");
    for (int i = 0; i < n; i++)
        p->priority_order[p->npriority++] = order[i];
    p->long_wait_years = years;
    if (rank >= 0) {
        p->long_wait_listed = 1;
        p->long_wait_rank = rank;
    }
    p->programmes[PROG_PUBLIC_RENTAL].offered = 1;
    p->programmes[PROG_PUBLIC_RENTAL].re_report_months = 24;
    return p;
}

static struct queue_family family(int64_t id, const char *no, const char *filed, unsigned stated)
{
    struct queue_family f;
    memset(&f, 0, sizeof f);
    f.application_id = id;
    snprintf(f.application_no, sizeof f.application_no, "%s", no);
    snprintf(f.filed_date, sizeof f.filed_date, "%s", filed);
    f.facts.stated = stated;
    strcpy(f.facts.oldest_birth_date, "1985-06-01");
    return f;
}

#define BIT(c) (1u << (c))

/* Orders f and returns the application numbers in queue order, joined by
 * spaces (static buffer). */
static const char *ordered(const struct policy *p, const char *as_of, const struct queue_family *f,
                           size_t n, struct queue_place *places)
{
    static char out[1024];
    size_t order[64];
    struct err e = {0};
    assert_true(n <= 64);
    assert_int_equal(queue_order(p, as_of, f, n, places, order, &e), 0);
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (k) strcat(out, " ");
        strcat(out, f[order[k]].application_no);
        assert_int_equal(places[order[k]].position, (long)k + 1);
    }
    return out;
}

static const enum priority_category DIBAO_LOW[] = {PRI_DIBAO, PRI_LOW_INCOME};

/* The example of docs/queue.md: long wait (unlisted: first), 低保, 低收入,
 * then none; as of 2026-11-30. */
static void example(struct queue_family f[7])
{
    f[0] = family(1, "SQ2026-000001", "2021-11-30", 0);              /* waited 5 years */
    f[1] = family(2, "SQ2026-000002", "2026-01-10", BIT(PRI_DIBAO)); /* 低保 */
    f[2] = family(3, "SQ2026-000003", "2026-02-10", BIT(PRI_DIBAO)); /* 低保 */
    f[3] = family(5, "SQ2026-000005", "2026-03-10", BIT(PRI_DIBAO)); /* 低保, same day as ... */
    f[4] = family(4, "SQ2026-000004", "2026-03-10", BIT(PRI_DIBAO)); /* ... this one */
    f[5] = family(6, "SQ2026-000006", "2025-01-01", BIT(PRI_LOW_INCOME));
    f[6] = family(7, "SQ2026-000007", "2024-01-01", 0); /* none, the earliest but for A */
}

static void order_is_class_then_filing_date_then_number(void **state)
{
    (void)state;
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    struct queue_family f[7];
    struct queue_place pl[7];
    example(f);
    assert_string_equal(ordered(p, "2026-11-30", f, 7, pl),
                        "SQ2026-000001 SQ2026-000002 SQ2026-000003 SQ2026-000004 SQ2026-000005 "
                        "SQ2026-000006 SQ2026-000007");
    /* classes: 1 long wait, 2 低保, 3 低收入, 4 none */
    int classes[7] = {0, 1, 1, 1, 1, 2, 3};
    for (int i = 0; i < 7; i++)
        assert_int_equal(pl[i].class_index, classes[i]);
    /* SQ2026-000005: 5th; in 低保 4th of 4, behind two earlier and one the same day */
    assert_int_equal(pl[3].position, 5);
    assert_int_equal(pl[3].position_in_class, 4);
    assert_int_equal(pl[3].ahead_in_class, 3);
    assert_int_equal(pl[3].ahead_earlier, 2);
    assert_int_equal(pl[3].ahead_same_day, 1);
    assert_int_equal(pl[3].ahead_higher_classes, 1);
    assert_int_equal(pl[3].class_size, 4);
    /* its twin of the same day with the smaller number */
    assert_int_equal(pl[4].ahead_earlier, 2);
    assert_int_equal(pl[4].ahead_same_day, 0);
    /* the family with none, though filed before every priority family but one */
    assert_int_equal(pl[6].position, 7);
    assert_int_equal(pl[6].ahead_higher_classes, 6);
    assert_int_equal(pl[6].class_size, 1);
    free(p);
}

static void same_day_ties_go_by_application_number_bytewise(void **state)
{
    (void)state;
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    struct queue_family f[3] = {
        family(1, "SQ2026-000010", "2026-05-05", 0),
        family(2, "SQ2026-000009", "2026-05-05", 0),
        family(3, "SQ2025-000100", "2026-05-05", 0),
    };
    struct queue_place pl[3];
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2025-000100 SQ2026-000009 SQ2026-000010");
    assert_int_equal(pl[0].ahead_same_day, 2);
    assert_int_equal(pl[0].ahead_earlier, 0);
    free(p);
}

static void input_order_does_not_matter(void **state)
{
    (void)state;
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    struct queue_family f[7], g[7];
    struct queue_place pl[7];
    example(f);
    char first[1024];
    snprintf(first, sizeof first, "%s", ordered(p, "2026-11-30", f, 7, pl));
    for (int rot = 1; rot < 7; rot++) {
        for (int i = 0; i < 7; i++)
            g[i] = f[(i * 3 + rot) % 7]; /* 3 is prime to 7: a permutation */
        assert_string_equal(ordered(p, "2026-11-30", g, 7, pl), first);
    }
    free(p);
}

static void class_precedence_comes_from_the_policy(void **state)
{
    (void)state;
    struct queue_family f[3] = {
        family(1, "SQ2026-000001", "2026-01-01", BIT(PRI_LOW_INCOME)),
        family(2, "SQ2026-000002", "2026-02-01", BIT(PRI_DIBAO)),
        family(3, "SQ2026-000003", "2026-03-01", BIT(PRI_VETERAN)),
    };
    struct queue_place pl[3];
    struct policy *p = policy_new(DIBAO_LOW, 2, 0, -1);
    /* 低保 before 低收入; 退役军人 is not in this policy's list: no priority */
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2026-000002 SQ2026-000001 SQ2026-000003");
    assert_int_equal(pl[2].categories, 0);
    free(p);
    const enum priority_category other[] = {PRI_VETERAN, PRI_LOW_INCOME, PRI_DIBAO};
    p = policy_new(other, 3, 0, -1);
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2026-000003 SQ2026-000001 SQ2026-000002");
    assert_int_equal(pl[2].class_index, 0);
    free(p);
}

static void a_family_in_several_classes_is_in_the_first(void **state)
{
    (void)state;
    const enum priority_category order[] = {PRI_DIBAO, PRI_SEVERE_DISABILITY, PRI_LOW_INCOME};
    struct policy *p = policy_new(order, 3, 0, -1);
    struct queue_family f[2] = {
        family(1, "SQ2026-000001", "2026-01-01", BIT(PRI_LOW_INCOME)),
        family(2, "SQ2026-000002", "2026-06-01", BIT(PRI_LOW_INCOME)),
    };
    f[1].facts.severe_disability = 1; /* also 重残, which comes before 低收入 */
    struct queue_place pl[2];
    assert_string_equal(ordered(p, "2026-11-30", f, 2, pl), "SQ2026-000002 SQ2026-000001");
    assert_int_equal(pl[1].class_index, 1);
    assert_int_equal(pl[1].categories, BIT(PRI_SEVERE_DISABILITY) | BIT(PRI_LOW_INCOME));
    free(p);
}

static void long_wait_counts_from_exactly_five_years(void **state)
{
    (void)state;
    assert_true(queue_long_wait("2021-11-30", 5, "2026-11-30"));
    assert_false(queue_long_wait("2021-11-30", 5, "2026-11-29"));
    assert_true(queue_long_wait("2021-11-30", 5, "2027-01-01"));
    /* 29 February: five years end on the last day of February */
    assert_true(queue_long_wait("2024-02-29", 5, "2029-02-28"));
    assert_false(queue_long_wait("2024-02-29", 5, "2029-02-27"));
    assert_true(queue_long_wait("2024-02-29", 4, "2028-02-29"));
    assert_false(queue_long_wait("2024-02-29", 4, "2028-02-28"));
    /* the rule off */
    assert_false(queue_long_wait("2001-01-01", 0, "2026-11-30"));

    /* in the order: a family with no category moves to the long-wait class
     * (first, unlisted) on the fifth anniversary of its filing, not a day before */
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    struct queue_family f[2] = {
        family(1, "SQ2026-000001", "2026-01-01", BIT(PRI_DIBAO)),
        family(2, "SQ2021-000001", "2021-11-30", 0),
    };
    struct queue_place pl[2];
    assert_string_equal(ordered(p, "2026-11-29", f, 2, pl), "SQ2026-000001 SQ2021-000001");
    assert_false(pl[1].long_wait);
    assert_int_equal(pl[1].class_index, 3); /* none: long wait, 低保, 低收入, none */
    assert_string_equal(ordered(p, "2026-11-30", f, 2, pl), "SQ2021-000001 SQ2026-000001");
    assert_true(pl[1].long_wait);
    assert_int_equal(pl[1].class_index, 0);
    free(p);
}

static void the_policy_places_the_long_wait_class(void **state)
{
    (void)state;
    struct queue_family f[3] = {
        family(1, "SQ2026-000001", "2026-01-01", BIT(PRI_DIBAO)),
        family(2, "SQ2026-000002", "2026-02-01", BIT(PRI_LOW_INCOME)),
        family(3, "SQ2020-000001", "2020-05-01", 0), /* waited over 5 years */
    };
    struct queue_place pl[3];
    struct queue_classes cls;

    struct policy *p = policy_new(DIBAO_LOW, 2, 5, 1); /* after 低保, before 低收入 */
    queue_classes(p, &cls);
    assert_int_equal(cls.n, 4);
    assert_int_equal(cls.c[1].kind, QUEUE_CLASS_LONG_WAIT);
    assert_string_equal(queue_class_code(&cls.c[1]), "long_wait");
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2026-000001 SQ2020-000001 SQ2026-000002");
    free(p);

    p = policy_new(DIBAO_LOW, 2, 5, 2); /* after both: changes nothing here */
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2026-000001 SQ2026-000002 SQ2020-000001");
    assert_int_equal(pl[2].class_index, 2);
    free(p);

    p = policy_new(DIBAO_LOW, 2, 5, -1); /* unlisted: first */
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2020-000001 SQ2026-000001 SQ2026-000002");
    free(p);

    p = policy_new(DIBAO_LOW, 2, 0, -1); /* off: no such class */
    queue_classes(p, &cls);
    assert_int_equal(cls.n, 3);
    assert_string_equal(queue_class_code(&cls.c[2]), "none");
    assert_string_equal(ordered(p, "2026-11-30", f, 3, pl),
                        "SQ2026-000001 SQ2026-000002 SQ2020-000001");
    assert_false(pl[2].long_wait);
    free(p);
}

static void elderly_disability_and_illness_come_from_the_members(void **state)
{
    (void)state;
    const enum priority_category order[] = {PRI_SEVERE_DISABILITY, PRI_ELDERLY,
                                            PRI_SERIOUS_ILLNESS};
    struct policy *p = policy_new(order, 3, 0, -1);
    struct queue_family f[4] = {
        family(1, "SQ2026-000001", "2026-01-01", BIT(PRI_ELDERLY)), /* declared, but all young */
        family(2, "SQ2026-000002", "2026-02-01", 0), family(3, "SQ2026-000003", "2026-03-01", 0),
        family(4, "SQ2026-000004", "2026-04-01", BIT(PRI_SEVERE_DISABILITY)), /* declared only */
    };
    strcpy(f[1].facts.oldest_birth_date, "1966-12-01"); /* 60 on 2026-12-01 */
    f[2].facts.serious_illness = 1;
    struct queue_place pl[4];
    assert_string_equal(ordered(p, "2026-11-30", f, 4, pl),
                        "SQ2026-000003 SQ2026-000001 SQ2026-000002 SQ2026-000004");
    assert_int_equal(pl[0].categories, 0);
    assert_int_equal(pl[3].categories, 0);
    assert_int_equal(pl[2].categories, BIT(PRI_SERIOUS_ILLNESS));
    /* the day the oldest member turns 60 */
    assert_string_equal(ordered(p, "2026-12-01", f, 4, pl),
                        "SQ2026-000002 SQ2026-000003 SQ2026-000001 SQ2026-000004");
    assert_int_equal(pl[1].categories, BIT(PRI_ELDERLY));

    /* the same derivation as the eligibility engine's */
    struct category_facts c = {.stated = BIT(PRI_DIBAO) | BIT(PRI_ELDERLY)};
    strcpy(c.oldest_birth_date, "1966-12-01");
    assert_int_equal(eligibility_categories(&c, "2026-11-30"), BIT(PRI_DIBAO));
    assert_int_equal(eligibility_categories(&c, "2026-12-01"), BIT(PRI_DIBAO) | BIT(PRI_ELDERLY));
    struct household_facts *hf = calloc(1, sizeof *hf);
    assert_non_null(hf);
    hf->nmembers = 3;
    strcpy(hf->m[0].birth_date, "1980-01-01");
    strcpy(hf->m[1].birth_date, "1950-03-04");
    strcpy(hf->m[2].birth_date, "2010-01-01");
    hf->m[2].disability_grade = 2;
    hf->categories = BIT(PRI_LOW_INCOME);
    struct category_facts got;
    eligibility_category_facts(hf, &got);
    assert_string_equal(got.oldest_birth_date, "1950-03-04");
    assert_true(got.severe_disability);
    assert_false(got.serious_illness);
    assert_int_equal(got.stated, BIT(PRI_LOW_INCOME));
    hf->m[2].disability_grade = 3; /* grade 3 is not 重残 */
    eligibility_category_facts(hf, &got);
    assert_false(got.severe_disability);
    free(hf);
    free(p);
}

static void why_says_where_and_why(void **state)
{
    (void)state;
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    struct queue_family f[7];
    struct queue_place pl[7];
    example(f);
    ordered(p, "2026-11-30", f, 7, pl);
    struct queue_classes cls;
    queue_classes(p, &cls);
    char zh[QUEUE_WHY_MAX], en[QUEUE_WHY_MAX];

    queue_why(&cls, &f[3], &pl[3], 7, zh, en);
    assert_string_equal(zh,
                        "您排在第 5 位（共 7 户）。前面有 1 户属于更优先的类别。您属于“低保家庭”"
                        "优先类别（第 2 类），该类别中有 3 户排在您前面：2 户的备案日期早于您的 "
                        "2026-03-10，1 户与您同日备案、申请编号小于您的 SQ2026-000005。");
    assert_string_equal(en,
                        "You are number 5 of 7. 1 family ahead of you is in classes served "
                        "before yours. You are in priority class 2, \"minimum-living-allowance "
                        "(dibao) household\"; 3 families in it are ahead of you: 2 filed before "
                        "your filing date (2026-03-10); 1 filed the same day with a smaller "
                        "application number than yours (SQ2026-000005).");

    queue_why(&cls, &f[0], &pl[0], 7, zh, en);
    assert_string_equal(zh, "您排在第 1 位（共 7 户）。您于 2021-11-30 备案，已轮候满 5 年，属于"
                            "“轮候满 5 年”优先类别（第 1 类），该类别中没有家庭排在您前面。");
    assert_string_equal(en,
                        "You are number 1 of 7. You filed on 2021-11-30 and have waited 5 "
                        "years or more: priority class 1, \"waiting 5 years or more\"; no family "
                        "in it is ahead of you.");

    queue_why(&cls, &f[6], &pl[6], 7, zh, en);
    assert_string_equal(zh,
                        "您排在第 7 位（共 7 户）。前面有 6 户属于更优先的类别。您不属于任何优先"
                        "类别，排在各优先类别之后（第 4 类），该类别中没有家庭排在您前面。");
    assert_string_equal(en, "You are number 7 of 7. 6 families ahead of you are in classes served "
                            "before yours. You are in no priority class: yours (class 4) comes "
                            "after all of them; no family in it is ahead of you.");

    /* a family in two classes; only earlier families ahead */
    f[2].facts.stated |= BIT(PRI_LOW_INCOME);
    ordered(p, "2026-11-30", f, 7, pl);
    queue_why(&cls, &f[2], &pl[2], 7, zh, en);
    assert_string_equal(
        zh, "您排在第 3 位（共 7 户）。前面有 1 户属于更优先的类别。您属于“低保家庭”"
            "优先类别（第 2 类）；您同时属于“低收入家庭”，按其中最优先的类别排队，该类别"
            "中有 1 户排在您前面：1 户的备案日期早于您的 2026-02-10。");
    assert_string_equal(en,
                        "You are number 3 of 7. 1 family ahead of you is in classes served "
                        "before yours. You are in priority class 2, \"minimum-living-allowance "
                        "(dibao) household\"; you are also in \"low-income household\", and the "
                        "class served first counts; 1 family in it is ahead of you: 1 filed "
                        "before your filing date (2026-02-10).");
    free(p);
}

/* queue_order's long-wait class agrees with queue_long_wait for every
 * filing date around the anniversaries, month ends and 29 February. */
static void the_order_and_queue_long_wait_agree(void **state)
{
    (void)state;
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    static const char *const as_of[] = {"2026-11-30", "2029-02-28", "2028-02-29", "2026-03-31",
                                        "2026-03-01", "2031-12-31", "2027-02-28"};
    enum { DAYS = 1200 };
    struct queue_family *f = calloc(DAYS, sizeof *f);
    struct queue_place *pl = calloc(DAYS, sizeof *pl);
    assert_non_null(f);
    assert_non_null(pl);
    for (size_t a = 0; a < sizeof as_of / sizeof as_of[0]; a++) {
        long last = date_to_days(as_of[a]) - 5 * 365 + 600;
        for (int i = 0; i < DAYS; i++) {
            char d[11], no[16];
            date_from_days(last - i, d);
            snprintf(no, sizeof no, "SQ-%06d", i);
            f[i] = family(i + 1, no, d, 0);
        }
        struct err e = {0};
        assert_int_equal(queue_order(p, as_of[a], f, DAYS, pl, NULL, &e), 0);
        for (int i = 0; i < DAYS; i++)
            if (pl[i].long_wait != queue_long_wait(f[i].filed_date, 5, as_of[a]))
                fail_msg("filed %s, as of %s: %d", f[i].filed_date, as_of[a], pl[i].long_wait);
    }
    free(f);
    free(pl);
    free(p);
}

static void an_empty_queue_and_a_queue_of_one(void **state)
{
    (void)state;
    struct policy *p = policy_new(DIBAO_LOW, 2, 5, -1);
    struct queue_place pl[1];
    struct err e = {0};
    assert_int_equal(queue_order(p, "2026-11-30", NULL, 0, pl, NULL, &e), 0);
    struct queue_family f = family(1, "SQ2026-000001", "2026-01-01", 0);
    assert_int_equal(queue_order(p, "2026-11-30", &f, 1, pl, NULL, &e), 0);
    assert_int_equal(pl[0].position, 1);
    assert_int_equal(pl[0].class_size, 1);
    free(p);
}

/* --- core: the re-reporting calendar --------------------------------------- */

static void due_dates_are_fixed_by_the_filing_date(void **state)
{
    (void)state;
    char d[11];
    queue_due_date("2026-11-30", 24, 1, d);
    assert_string_equal(d, "2028-11-30");
    queue_due_date("2026-11-30", 24, 2, d);
    assert_string_equal(d, "2030-11-30");
    queue_due_date("2024-02-29", 24, 1, d); /* no 29 February in 2026: its last day */
    assert_string_equal(d, "2026-02-28");
    queue_due_date("2024-02-29", 24, 2, d); /* counted from the filing date, not the last due */
    assert_string_equal(d, "2028-02-29");
    queue_due_date("2026-01-31", 1, 1, d);
    assert_string_equal(d, "2026-02-28");
    queue_due_date("2026-11-30", 24, 0, d);
    assert_string_equal(d, "2026-11-30");
    date_add_months("2026-12-15", 1, d);
    assert_string_equal(d, "2027-01-15");
    date_add_months("9999-06-01", 12, d);
    assert_string_equal(d, "9999-12-31");
}

/* The answered-through date after reports on days r[0..n) (none: ""). */
static const char *answered_after(const char *filed, int months, const char *const *r, int n)
{
    static char a[11];
    a[0] = '\0';
    for (int i = 0; i < n; i++) {
        char next[11];
        queue_answer(filed, months, a, r[i], next);
        memcpy(a, next, sizeof a);
    }
    return a;
}

/* The next due date after reports on days r[0..n). */
static const char *next_after_reports(const char *filed, int months, const char *const *r, int n)
{
    static char d[11];
    queue_next_due(filed, months, answered_after(filed, months, r, n), d);
    return d;
}

#define NEXT(filed, ...)                                                                           \
    next_after_reports(filed, 24, (const char *const[]){__VA_ARGS__},                              \
                       (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

static void the_next_due_date_follows_the_reports(void **state)
{
    (void)state;
    char d[11];
    queue_next_due("2026-11-30", 24, "", d); /* none yet: the first */
    assert_string_equal(d, "2028-11-30");
    queue_next_due("2026-11-30", 0, "", d); /* no re-reporting */
    assert_string_equal(d, "");
    /* a report within the first period answers the first due date */
    assert_string_equal(NEXT("2026-11-30", "2028-06-01"), "2030-11-30");
    assert_string_equal(NEXT("2026-11-30", "2026-12-01"), "2030-11-30");
    /* on the due date itself: in time */
    assert_string_equal(NEXT("2026-11-30", "2028-11-30"), "2030-11-30");
    /* on the filing day: answers none */
    assert_string_equal(NEXT("2026-11-30", "2026-11-30"), "2028-11-30");
    /* a second report in a period already answered answers nothing more */
    assert_string_equal(NEXT("2026-11-30", "2027-06-01", "2028-06-01"), "2030-11-30");
    /* then the next period's */
    assert_string_equal(NEXT("2026-11-30", "2027-06-01", "2028-12-01"), "2032-11-30");
    /* late: a day after the due date; it catches up, the next is the one after */
    assert_string_equal(NEXT("2026-11-30", "2028-12-01"), "2030-11-30");
    /* late by two periods: one report catches up both */
    assert_string_equal(NEXT("2026-11-30", "2031-01-15"), "2032-11-30");
    /* late, on a later due date: that one is answered too */
    assert_string_equal(NEXT("2026-11-30", "2030-11-30"), "2032-11-30");
    /* 29 February: due dates on the last day of February */
    assert_string_equal(NEXT("2024-02-29", "2026-02-28"), "2028-02-29");
    assert_string_equal(answered_after("2024-02-29", 24, (const char *const[]){"2026-03-01"}, 1),
                        "2026-02-28");
    /* a report before any due date is kept as it was */
    char a[11];
    queue_answer("2026-11-30", 24, "2028-11-30", "2028-01-01", a);
    assert_string_equal(a, "2028-11-30");
    queue_answer("2026-11-30", 0, "", "2028-01-01", a);
    assert_string_equal(a, "");

    assert_false(queue_overdue("2028-11-30", "2028-11-30")); /* by the due date: in time */
    assert_true(queue_overdue("2028-11-30", "2028-12-01"));
    assert_false(queue_overdue("", "2099-01-01"));
}

/* --- the preset's "long_wait" --------------------------------------------- */

static char *preset_text(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/../../policy/beijing.json", ANJU_TEST_DATA);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    return text;
}

/* The Beijing preset with `from` replaced by `to` once; the result is
 * static. */
static const char *preset_with(const char *from, const char *to)
{
    static char out[1 << 20];
    const char *text = preset_text();
    const char *at = strstr(text, from);
    assert_non_null(at);
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

static void the_preset_places_long_wait(void **state)
{
    (void)state;
    struct policy *p = calloc(1, sizeof *p);
    assert_non_null(p);
    struct err_list errs = {0};
    const char *t =
        preset_with("\"order\": [\"dibao\", ", "\"order\": [\"dibao\", \"long_wait\", ");
    assert_int_equal(policy_parse(t, strlen(t), p, &errs), 0);
    assert_true(p->long_wait_listed);
    assert_int_equal(p->long_wait_rank, 1);
    assert_int_equal(p->npriority, 12);
    char *canonical = policy_render(p);
    assert_non_null(strstr(canonical, "\"order\": [\"dibao\", \"long_wait\", \"tekun\""));
    free(canonical);

    /* the shipped preset does not list it: first */
    memset(p, 0, sizeof *p);
    t = preset_text();
    assert_int_equal(policy_parse(t, strlen(t), p, &errs), 0);
    assert_false(p->long_wait_listed);
    assert_int_equal(p->long_wait_years, 5);
    struct queue_classes cls;
    queue_classes(p, &cls);
    assert_int_equal(cls.n, 14);
    assert_int_equal(cls.c[0].kind, QUEUE_CLASS_LONG_WAIT);
    assert_int_equal(cls.c[1].category, PRI_DIBAO);

    /* twice, or with the rule off: refused, naming the place */
    memset(p, 0, sizeof *p);
    t = preset_with("\"order\": [\"dibao\", ", "\"order\": [\"long_wait\", \"long_wait\", ");
    assert_int_not_equal(policy_parse(t, strlen(t), p, &errs), 0);
    assert_string_equal(errs.items[0].field, "priority.order[1]");
    err_list_free(&errs);
    memset(&errs, 0, sizeof errs);
    memset(p, 0, sizeof *p);
    static char both[1 << 20];
    snprintf(both, sizeof both, "%s",
             preset_with("\"order\": [\"dibao\", ", "\"order\": [\"dibao\", \"long_wait\", "));
    char *years = strstr(both, "\"long_wait_years\": 5");
    assert_non_null(years);
    years[19] = '0';
    assert_int_not_equal(policy_parse(both, strlen(both), p, &errs), 0);
    assert_string_equal(errs.items[0].field, "priority.order[1]");
    err_list_free(&errs);
    free(p);
}

/* --- app/queue over a real database ----------------------------------------- */

#define TODAY "2026-11-15"

struct fixture {
    char path[64];
    struct app *app;
    struct actor applicant, street, street_other, district, city, auditor, operator_, admin;
    int64_t household[4]; /* 0, 1: street 110105001; 2: 110105002; 3: district 110102 */
};

static struct fixture *g;

static void sql(const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = {0};
    if (db_exec(app_db(g->app), text, &e)) fail_msg("%s: %s", text, e.en);
}

static int64_t count(const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct db_stmt *s;
    struct err e = {0};
    if (db_prepare(app_db(g->app), text, &s, &e)) fail_msg("%s: %s", text, e.en);
    assert_int_equal(db_step(s, &e), 1);
    int64_t n = db_col_int(s, 0);
    db_finalize(s);
    return n;
}

/* A household of `street` eligible for 公租房, with declared categories
 * (no civil-affairs data is loaded, so they stand) and its applicant born
 * on birth8. */
static int64_t household(const char *no, const char *street, int seq, unsigned categories,
                         const char *birth8)
{
    struct household *h = calloc(1, sizeof *h);
    assert_non_null(h);
    snprintf(h->household_no, sizeof h->household_no, "%s", no);
    snprintf(h->region_code, sizeof h->region_code, "%s", street);
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "北京市某街道 1 号");
    h->housing_area = 2000;
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    h->priority = categories;
    strcpy(h->income_end_month, "2025-12");
    h->nmembers = 1;
    struct member *m = &h->members[0];
    snprintf(m->name, sizeof m->name, "申请人%d", seq);
    snprintf(m->id_number, 19, "110105%s%03d", birth8, seq);
    m->id_number[17] = idnum_check_char(m->id_number);
    m->id_number[18] = '\0';
    m->relation = REL_APPLICANT;
    m->marital_status = MAR_UNMARRIED;
    m->hukou_urban = 1;
    strcpy(m->hukou_region_code, "110105");
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        m->income[k] = 300000;
    struct err_list errs = {0};
    int rc = app_household_create(g->app, NULL, h, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "  %s: %s\n", errs.items[i].field, errs.items[i].en);
    err_list_free(&errs);
    assert_int_equal(rc, 0);
    int64_t id = h->id;
    free(h);
    return id;
}

static struct actor account(int64_t id, enum role r, const char *scope, int64_t household_id)
{
    struct actor who;
    memset(&who, 0, sizeof who);
    who.account_id = id;
    who.role = r;
    snprintf(who.username, sizeof who.username, "%s%lld", role_names[r].code, (long long)id);
    snprintf(who.scope, sizeof who.scope, "%s", scope);
    who.household_id = household_id;
    char hh[24] = "NULL";
    if (household_id) snprintf(hh, sizeof hh, "%lld", (long long)household_id);
    sql("INSERT INTO account (id, username, display_name, role, scope, household_id,"
        " password_hash, created_at, updated_at) VALUES (%lld, '%s', '%s', '%s', '%s', %s, 'x',"
        " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        (long long)id, who.username, who.username, role_names[r].code, scope, hh);
    return who;
}

static int setup(void **state)
{
    setenv("ANJU_TODAY", "2026-01-05", 1);
    struct fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    g = f;
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-queue-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0) return -1;
    close(fd);
    struct err e = {0};
    if (app_open(&f->app, f->path, &e)) return -1;
    struct err_list errs = {0};
    int created;
    if (app_policy_import_presets(f->app, NULL, &created, &errs)) return -1;
    err_list_free(&errs);
    f->household[0] = household("BJ0000000001", "110105001", 1, 0, "19880312");
    f->household[1] = household("BJ0000000002", "110105001", 2, 1u << PRI_DIBAO, "19900101");
    f->household[2] = household("BJ0000000003", "110105002", 3, 0, "19661201");
    f->household[3] = household("BJ0000000004", "110102003", 4, 1u << PRI_LOW_INCOME, "19920101");
    f->applicant = account(1, ROLE_APPLICANT, "", f->household[0]);
    f->street = account(2, ROLE_STREET_OFFICER, "110105001", 0);
    f->street_other = account(3, ROLE_STREET_OFFICER, "110105002", 0);
    f->district = account(4, ROLE_DISTRICT_OFFICER, "110105", 0);
    f->city = account(5, ROLE_CITY_OFFICER, "110000", 0);
    f->auditor = account(6, ROLE_AUDITOR, "", 0);
    f->operator_ = account(7, ROLE_OPERATOR, "110000", 0);
    f->admin = account(8, ROLE_ADMIN, "", 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
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
    setenv("ANJU_TODAY", TODAY, 1);
    return 0;
}

static void act(int64_t id, enum workflow_action a)
{
    struct application_view v;
    struct err e = {0};
    if (app_application_get(g->app, NULL, id, &v, &e)) fail_msg("get: %s", e.en);
    struct application_act x = {.action = a, .version = v.app.version};
    application_view_free(&v);
    struct err_list errs = {0};
    if (app_application_act(g->app, NULL, id, &x, &v, &errs))
        fail_msg("%s: %s", workflow_action_names[a].code, errs.len ? errs.items[0].en : "?");
    application_view_free(&v);
    err_list_free(&errs);
}

/* Opens an application of household for programme on `opened` and takes it
 * to filed: the reviews that day, 公示 of the programme, filing the day
 * after it ends (or at once when it has none). Returns its id. */
static int64_t filed(int64_t household_id, const char *programme, const char *opened)
{
    setenv("ANJU_TODAY", opened, 1);
    struct application_view v;
    struct err e = {0};
    if (app_application_create(g->app, NULL, household_id, programme, &v, &e))
        fail_msg("create: %s", e.en);
    int64_t id = v.app.id;
    application_view_free(&v);
    const enum workflow_action steps[] = {WF_SUBMIT, WF_ACCEPT, WF_APPROVE, WF_APPROVE, WF_APPROVE};
    for (int i = 0; i < 5; i++)
        act(id, steps[i]);
    if (app_application_get(g->app, NULL, id, &v, &e)) fail_msg("get: %s", e.en);
    char end[11];
    snprintf(end, sizeof end, "%s", v.app.publicity_end);
    enum workflow_state st = v.app.state;
    application_view_free(&v);
    if (st == WF_PUBLICITY) {
        char after[11];
        date_from_days(date_to_days(end) + 1, after);
        setenv("ANJU_TODAY", after, 1);
        act(id, WF_FILE);
    }
    return id;
}

static void filing_puts_the_family_on_the_list(void **state)
{
    struct fixture *f = *state;
    int64_t id = filed(f->household[1], "public_rental", "2026-02-01");
    assert_int_equal(count("SELECT count(*) FROM queue_entry WHERE application_id = %lld AND"
                           " filed_date = '2026-02-16' AND categories = 'dibao' AND"
                           " programme = 'public_rental' AND verified_on = '2026-02-16' AND"
                           " decision_id IS NOT NULL",
                           (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'queue.enter' AND"
                           " entity_type = 'queue_entry' AND entity_id = '%lld'",
                           (long long)id),
                     1);
    /* not filed: not on a list */
    setenv("ANJU_TODAY", "2026-03-01", 1);
    struct application_view v;
    struct err e = {0};
    assert_int_equal(app_application_create(g->app, NULL, f->household[0], "public_rental", &v, &e),
                     0);
    int64_t draft = v.app.id;
    application_view_free(&v);
    struct queue_item it;
    assert_int_not_equal(app_queue_position(g->app, NULL, draft, &it, &e), 0);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "application_id");
    assert_non_null(strstr(e.en, "is not on a waiting list"));
    assert_non_null(strstr(e.en, "(it is draft)"));
    assert_int_not_equal(app_queue_position(g->app, NULL, 987654, &it, &e), 0);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

/* The ids of the four families filed as the tests below expect. */
static void file_four(int64_t ids[4])
{
    ids[0] = filed(g->household[0], "public_rental", "2026-02-01"); /* none */
    ids[1] = filed(g->household[1], "public_rental", "2026-03-01"); /* 低保 */
    ids[2] = filed(g->household[2], "public_rental", "2026-02-01"); /* 老龄 on 2026-12-01 */
    ids[3] = filed(g->household[3], "public_rental", "2026-01-10"); /* 低收入 */
}

static void the_list_is_in_queue_order_with_city_wide_places(void **state)
{
    struct fixture *f = *state;
    int64_t ids[4];
    file_four(ids);
    setenv("ANJU_TODAY", "2026-11-30", 1);
    struct queue_query q = {.programme = PROG_PUBLIC_RENTAL, .page = 1, .page_size = 20};
    struct queue_item *items;
    size_t n;
    int64_t total;
    char as_of[11];
    struct err e = {0};
    assert_int_equal(app_queue_list(g->app, &f->city, &q, &items, &n, &total, as_of, &e), 0);
    assert_string_equal(as_of, "2026-11-30");
    assert_int_equal(total, 4);
    /* 低保, 低收入, then the two without (filed the same day: by number) */
    assert_int_equal(items[0].application_id, ids[1]);
    assert_int_equal(items[1].application_id, ids[3]);
    assert_int_equal(items[2].application_id, ids[0]);
    assert_int_equal(items[3].application_id, ids[2]);
    assert_string_equal(items[0].class_code, "dibao");
    assert_int_equal(items[0].class_number, 2); /* 1 is the long wait */
    assert_string_equal(items[2].class_code, "none");
    assert_int_equal(items[3].place.ahead_same_day, 1);
    assert_string_equal(items[0].policy_code, "beijing");
    assert_int_equal(items[0].re_report_months, 24);
    assert_string_equal(items[0].next_re_report_due, "2028-03-16");
    assert_true(items[0].people);
    assert_string_equal(items[0].household_no, "BJ0000000002");
    assert_int_equal(strlen(items[0].applicant_id_number), 18); /* masked: 110105********NNNN */
    assert_memory_equal(items[0].applicant_id_number + 6, "********", 8);
    free(items);

    /* the next day the oldest member of household 2 is 60: 老龄 */
    setenv("ANJU_TODAY", "2026-12-01", 1);
    assert_int_equal(app_queue_list(g->app, &f->city, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(items[0].application_id, ids[1]);
    assert_int_equal(items[1].application_id, ids[3]);
    assert_int_equal(items[2].application_id, ids[2]); /* now 老龄: before those with none */
    assert_string_equal(items[2].class_code, "elderly");
    assert_int_equal(items[2].class_number, 7);
    free(items);

    /* a street officer sees the families of the street, with city-wide places */
    assert_int_equal(app_queue_list(g->app, &f->street_other, &q, &items, &n, &total, as_of, &e),
                     0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].application_id, ids[2]);
    assert_int_equal(items[0].place.position, 3);
    assert_int_equal(items[0].queue_size, 4);
    free(items);
    /* a district officer; another district asked for: an empty page */
    assert_int_equal(app_queue_list(g->app, &f->district, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(total, 3);
    free(items);
    q.district = "110102";
    assert_int_equal(app_queue_list(g->app, &f->district, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(total, 0);
    free(items);
    assert_int_equal(app_queue_list(g->app, &f->auditor, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(total, 1);
    free(items);
    q.district = NULL;
    /* paging */
    q.page = 2;
    q.page_size = 3;
    assert_int_equal(app_queue_list(g->app, &f->auditor, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 4);
    assert_int_equal(items[0].place.position, 4);
    free(items);
    q.page = 1;
    /* who may list: officers and auditors; not applicants, operators, admins */
    const struct actor *refused[] = {&f->applicant, &f->operator_, &f->admin};
    for (int i = 0; i < 3; i++) {
        assert_int_not_equal(app_queue_list(g->app, refused[i], &q, &items, &n, &total, as_of, &e),
                             0);
        assert_int_equal(e.code, ERR_FORBIDDEN);
    }
}

/* A family whose street no policy version covers (a made-up city) waits in
 * a queue of its own, after the others in a list, by filing date alone. */
static void families_no_policy_covers_wait_apart(void **state)
{
    struct fixture *f = *state;
    int64_t ids[4];
    file_four(ids);
    sql("INSERT INTO region (code, parent_code, level, name) VALUES ('990000', NULL, 'city', "
        "'测试市'),"
        " ('990100', '990000', 'district', '测试区'), ('990100001', '990100', 'street', "
        "'测试街道');"
        "INSERT INTO household (id, household_no, region_code, district_code, contact_phone,"
        " housing_address, housing_area, housing_tenure, income_end_month, created_at, updated_at)"
        " VALUES (90, 'T90', '990100001', '990100', '13800138000', 'x', 100, 'none', '2025-12',"
        " 't', 't'), (91, 'T91', '990100001', '990100', '13800138000', 'x', 100, 'none',"
        " '2025-12', 't', 't');"
        "INSERT INTO application (id, application_no, household_id, programme, region_code,"
        " district_code, state, filed_date, created_at, updated_at) VALUES"
        " (90, 'SQ2026-900000', 90, 'public_rental', '990100001', '990100', 'filed', '2026-05-01',"
        " 't', 't'), (91, 'SQ2026-900001', 91, 'public_rental', '990100001', '990100', 'filed',"
        " '2026-04-01', 't', 't');"
        "INSERT INTO queue_entry (application_id, programme, application_no, household_id,"
        " region_code, district_code, filed_date, categories, oldest_birth_date,"
        " severe_disability, serious_illness, verified_on) VALUES"
        " (90, 'public_rental', 'SQ2026-900000', 90, '990100001', '990100', '2026-05-01',"
        " 'dibao', '1950-01-01', 0, 0, '2026-05-01'),"
        " (91, 'public_rental', 'SQ2026-900001', 91, '990100001', '990100', '2026-04-01', '',"
        " '1990-01-01', 0, 0, '2026-04-01');");
    setenv("ANJU_TODAY", "2026-11-30", 1);
    struct queue_query q = {.programme = PROG_PUBLIC_RENTAL, .page = 1, .page_size = 20};
    struct queue_item *items;
    size_t n;
    int64_t total;
    char as_of[11];
    struct err e = {0};
    assert_int_equal(app_queue_list(g->app, &f->auditor, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(total, 6);
    assert_string_equal(items[0].policy_code, "beijing");
    assert_int_equal(items[3].place.position, 4);
    assert_int_equal(items[3].queue_size, 4);
    /* no priority without a policy: by filing date */
    assert_int_equal(items[4].application_id, 91);
    assert_int_equal(items[5].application_id, 90);
    assert_int_equal(items[4].policy_id, 0);
    assert_int_equal(items[5].place.position, 2);
    assert_int_equal(items[5].queue_size, 2);
    assert_string_equal(items[5].class_code, "none");
    assert_int_equal(items[5].re_report_months, 0);
    assert_string_equal(items[5].next_re_report_due, "");
    free(items);
    /* the city officer of Beijing sees only Beijing's */
    assert_int_equal(app_queue_list(g->app, &f->city, &q, &items, &n, &total, as_of, &e), 0);
    assert_int_equal(total, 4);
    free(items);
    /* and a re-report there has no interval to keep */
    struct queue_re_report rr;
    assert_int_not_equal(app_queue_re_report(g->app, NULL, 90, &rr, NULL, &e), 0);
    assert_int_equal(e.code, ERR_INVALID);
    assert_non_null(strstr(e.en, "no policy version covers region 990100001"));
}

static void an_applicant_sees_only_their_own_place(void **state)
{
    struct fixture *f = *state;
    int64_t ids[4];
    file_four(ids);
    setenv("ANJU_TODAY", "2026-11-30", 1);
    struct queue_item *items;
    size_t n;
    struct err e = {0};
    assert_int_equal(app_queue_mine(g->app, &f->applicant, &items, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].application_id, ids[0]);
    assert_int_equal(items[0].place.position, 3);
    assert_false(items[0].people);
    assert_non_null(strstr(items[0].why_zh, "您排在第 3 位（共 4 户）"));
    free(items);
    /* another family's place: the same 404 as a missing application */
    struct queue_item it;
    struct err missing = {0};
    assert_int_not_equal(app_queue_position(g->app, &f->applicant, ids[1], &it, &e), 0);
    assert_int_not_equal(app_queue_position(g->app, &f->applicant, 987654, &it, &missing), 0);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(strstr(e.en, "does not exist") ? "ok" : e.en, "ok");
    assert_int_equal(missing.code, ERR_NOT_FOUND);
    assert_int_equal(app_queue_position(g->app, &f->applicant, ids[0], &it, &e), 0);
    assert_false(it.people);
    /* officers out of scope: 404; in scope: the place and who it is */
    assert_int_not_equal(app_queue_position(g->app, &f->street_other, ids[0], &it, &e), 0);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(app_queue_position(g->app, &f->street, ids[0], &it, &e), 0);
    assert_true(it.people);
    assert_string_equal(it.household_no, "BJ0000000001");
    /* staff have no place of their own */
    assert_int_not_equal(app_queue_mine(g->app, &f->street, &items, &n, &e), 0);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* an applicant without a household: nothing */
    struct actor lone = f->applicant;
    lone.household_id = 0;
    assert_int_equal(app_queue_mine(g->app, &lone, &items, &n, &e), 0);
    assert_int_equal(n, 0);
    free(items);
}

static void re_reports_and_overdue_marks(void **state)
{
    struct fixture *f = *state;
    int64_t ids[4];
    file_four(ids);
    struct overdue_report r;
    struct err e = {0};
    /* ids[1] was filed 2026-03-16: due 2028-03-16 */
    setenv("ANJU_TODAY", "2028-03-16", 1);
    assert_int_equal(app_queue_mark_overdue(g->app, NULL, -1, NULL, &r, &e), 0);
    assert_int_equal(r.checked, 4);
    assert_int_equal(r.due, 4);
    assert_int_equal(r.marked, 3); /* the others were due in February or January */
    setenv("ANJU_TODAY", "2028-03-17", 1);
    assert_int_equal(app_queue_mark_overdue(g->app, NULL, PROG_PUBLIC_RENTAL, NULL, &r, &e), 0);
    assert_int_equal(r.marked, 1);
    assert_int_equal(r.already, 3);
    assert_int_equal(count("SELECT count(*) FROM queue_entry WHERE overdue_due <> ''"), 4);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'queue.overdue'"), 4);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'queue.mark_overdue'"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM application_event WHERE action ="
                           " 're_report_overdue' AND application_id = %lld",
                           (long long)ids[1]),
                     1);
    /* flagged, still listed, in the same place */
    struct queue_item it;
    assert_int_equal(app_queue_position(g->app, &f->street, ids[1], &it, &e), 0);
    assert_true(it.overdue);
    assert_string_equal(it.overdue_due, "2028-03-16");
    assert_int_equal(it.place.position, 1);

    /* the applicant re-reports: re-verified, recorded, the mark cleared */
    struct queue_re_report rr;
    assert_int_equal(app_queue_re_report(g->app, &f->applicant, ids[0], &rr, &it, &e), 0);
    assert_string_equal(rr.reported_on, "2028-03-17");
    assert_string_equal(rr.cleared_overdue, "2028-02-16");
    assert_int_equal(rr.eligible, 1);
    assert_true(rr.decision_id > 0);
    assert_string_equal(rr.role, "applicant");
    assert_false(it.overdue);
    assert_string_equal(it.last_re_report, "2028-03-17");
    assert_string_equal(it.next_re_report_due, "2030-02-16"); /* late: it caught up */
    assert_int_equal(count("SELECT count(*) FROM queue_re_report WHERE application_id = %lld",
                           (long long)ids[0]),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'queue.re_report' AND"
                           " entity_id = '%lld' AND actor = 'applicant1'",
                           (long long)ids[0]),
                     1);
    assert_int_equal(count("SELECT count(*) FROM application_event WHERE action = 're_report'"
                           " AND application_id = %lld",
                           (long long)ids[0]),
                     1);
    /* a street officer on the family's behalf; out of scope: 404; others: 403 */
    assert_int_equal(app_queue_re_report(g->app, &f->street_other, ids[2], &rr, NULL, &e), 0);
    assert_string_equal(rr.role, "street_officer");
    assert_int_not_equal(app_queue_re_report(g->app, &f->street_other, ids[1], &rr, NULL, &e), 0);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_not_equal(app_queue_re_report(g->app, &f->auditor, ids[1], &rr, NULL, &e), 0);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* only applicants use the applicant's door */
    assert_int_not_equal(app_queue_re_report_mine(g->app, &f->street, ids[1], &rr, NULL, &e), 0);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    struct queue_re_report *list;
    size_t n;
    assert_int_equal(app_queue_re_reports(g->app, &f->auditor, ids[0], &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].application_no, it.application_no);
    free(list);
    /* re-reports are never changed or removed */
    assert_int_not_equal(db_exec(app_db(g->app), "DELETE FROM queue_re_report", &e), 0);

    /* a programme without re-reporting (Beijing's market rental subsidy) */
    setenv("ANJU_TODAY", "2028-03-17", 1);
    int64_t subsidy = filed(f->household[0], "market_rent_subsidy", "2028-03-17");
    assert_int_not_equal(app_queue_re_report(g->app, &f->applicant, subsidy, &rr, NULL, &e), 0);
    assert_int_equal(e.code, ERR_INVALID);
    assert_non_null(strstr(e.en, "has no re-reporting"));

    /* marking is for the command line, never in advance */
    assert_int_not_equal(app_queue_mark_overdue(g->app, &f->city, -1, NULL, &r, &e), 0);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_not_equal(app_queue_mark_overdue(g->app, NULL, -1, "2028-03-18", &r, &e), 0);
    assert_string_equal(e.field, "as_of");
    assert_int_not_equal(app_queue_mark_overdue(g->app, NULL, -1, "2028-02-30", &r, &e), 0);
    /* the audit chain still holds */
    struct audit_report ar;
    assert_int_equal(app_audit_verify(g->app, NULL, NULL, &ar, &e), 0);
    assert_true(ar.intact);
}

/* --- migration 0007 takes in what was filed before it ---------------------- */

static void migration_takes_in_filed_applications(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/anju-test-queue-mig-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct db *db;
    struct err e = {0};
    assert_int_equal(db_open(&db, path, DB_OPEN_READWRITE, &e), 0);
    size_t n;
    const struct migration_source *all = migrate_embedded(&n);
    struct migration_source before[64];
    size_t m = 0;
    for (size_t i = 0; i < n && m < 64; i++)
        if (strncmp(all[i].name, "0007", 4) < 0) before[m++] = all[i];
    assert_int_equal(migrate_up(db, before, m, NULL, &e), 0);
    const char *data =
        "INSERT INTO household (id, household_no, region_code, district_code, contact_phone,"
        " housing_address, housing_area, housing_tenure, income_end_month, created_at, updated_at)"
        " VALUES (1, 'H1', '110105001', '110105', '13800138000', 'x', 100, 'none', '2026-10',"
        " 't', 't');"
        "INSERT INTO member (household_id, seq, name, id_number, id_reversed, birth_date, sex,"
        " relation, hukou_region_code, hukou_urban, marital_status, disability_grade,"
        " serious_illness, veteran, youfu, employer, work_region_code, social_insurance_months,"
        " income_01, income_02, income_03, income_04, income_05, income_06, income_07, income_08,"
        " income_09, income_10, income_11, income_12, home_count, home_area, home_value,"
        " vehicle_count, vehicle_value, deposits, securities, insurance) VALUES"
        " (1, 1, 'a', 'x1', '1x', '1950-01-01', 'M', 'applicant', '110105', 1, 'married', 1, 0,"
        " 0, 0, '', '', 0, 0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0),"
        " (1, 2, 'b', 'x2', '2x', '1990-01-01', 'F', 'spouse', '110105', 1, 'married', 0, 1,"
        " 0, 0, '', '', 0, 0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0);"
        "INSERT INTO policy (id, code, version, name_zh, name_en, effective, document, sha256,"
        " imported_at) VALUES (1, 'p', '1', 'p', 'p', '2026-01-01', '{}', 'x', 't');"
        "INSERT INTO eligibility_decision (id, household_id, household_version, district_code,"
        " programme, policy_id, as_of, eligible, tier, amount, priority, verified, criteria,"
        " decided_at) VALUES (7, 1, 1, '110105', 'public_rental', 1, '2026-03-01', 1, 0, 0,"
        " 'dibao;elderly', '', '', 't'),"
        " (8, 1, 1, '110105', 'public_rental', 1, '2026-05-01', 1, 0, 0, 'low_income', '', '', "
        "'t');"
        "INSERT INTO application (id, application_no, household_id, programme, region_code,"
        " district_code, state, filed_date, created_at, updated_at) VALUES"
        " (1, 'SQ2026-000001', 1, 'public_rental', '110105001', '110105', 'filed', '2026-03-01',"
        " 't', 't'),"
        " (2, 'SQ2026-000002', 1, 'talent', '110105001', '110105', 'draft', '', 't', 't');";
    assert_int_equal(db_exec(db, data, &e), 0);
    assert_int_equal(migrate_up(db, all, n, NULL, &e), 0);
    struct queue_family fam;
    struct queue_entry info;
    assert_int_equal(queue_store_get(db, 1, &fam, &info, &e), 1);
    assert_string_equal(fam.filed_date, "2026-03-01");
    assert_int_equal(fam.facts.stated, (1u << PRI_DIBAO) | (1u << PRI_ELDERLY));
    assert_string_equal(fam.facts.oldest_birth_date, "1950-01-01");
    assert_true(fam.facts.severe_disability);
    assert_true(fam.facts.serious_illness);
    assert_int_equal(info.decision_id, 7);
    assert_int_equal(queue_store_get(db, 2, &fam, &info, &e), 0); /* a draft waits for nothing */
    db_close(db);
    unlink(path);
}

int main(void)
{
#define T(name) cmocka_unit_test(name)
#define D(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(order_is_class_then_filing_date_then_number),
        T(same_day_ties_go_by_application_number_bytewise),
        T(input_order_does_not_matter),
        T(class_precedence_comes_from_the_policy),
        T(a_family_in_several_classes_is_in_the_first),
        T(long_wait_counts_from_exactly_five_years),
        T(the_policy_places_the_long_wait_class),
        T(elderly_disability_and_illness_come_from_the_members),
        T(why_says_where_and_why),
        T(the_order_and_queue_long_wait_agree),
        T(an_empty_queue_and_a_queue_of_one),
        T(due_dates_are_fixed_by_the_filing_date),
        T(the_next_due_date_follows_the_reports),
        T(the_preset_places_long_wait),
        D(filing_puts_the_family_on_the_list),
        D(the_list_is_in_queue_order_with_city_wide_places),
        D(families_no_policy_covers_wait_apart),
        D(an_applicant_sees_only_their_own_place),
        D(re_reports_and_overdue_marks),
        T(migration_takes_in_filed_applications),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
