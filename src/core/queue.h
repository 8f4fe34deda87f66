/* core/queue — the waiting list (轮候) of one programme under one policy
 * version: its order, every family's place in it and why, and the
 * re-reporting (定期申报) calendar.
 *
 * The order (docs/queue.md gives the sources):
 *
 *   1. class: the classes are the policy's priority categories in its
 *      precedence (priority_order), with the class of families waiting
 *      long_wait_years or more (轮候满 N 年) at the place the policy gives it
 *      (long_wait_rank; first when the preset does not place it), then the
 *      families with none of them, last. A family is in the first class of
 *      that list it belongs to: its categories on the queue's date (derived
 *      as the eligibility engine derives them, eligibility_categories: 老龄
 *      from the oldest member's age on that date) and its waiting time;
 *   2. filing date (备案日期), earlier first;
 *   3. application number, bytewise, smaller first: no two families tie.
 *
 * A family waits N years or more on as_of when as_of is on or after its
 * filing date plus N years (queue_long_wait), counted as the civil code
 * counts periods of years: 2021-11-30 + 5 years = 2026-11-30; 2024-02-29 +
 * 5 years = 2029-02-28.
 *
 * Re-reporting: every re_report_months after filing, a family must report
 * its situation again. The due dates are fixed by the filing date: D(k) =
 * filing date + k × months (k = 1, 2, ...; the same day of the month, or the
 * month's last day). A family has answered the due dates up to some D(j)
 * (none at first); its next due date is D(j + 1). A re-report made on day r
 *   - on or after the next due date (on the day, or late) answers every due
 *     date up to r: a late report catches up, and the next due date is the
 *     first after r;
 *   - before it, answers it when made within its period (after the due date
 *     before it — the filing date for the first); a second report within a
 *     period already answered answers nothing more.
 * A family is overdue on as_of when its next due date is before as_of.
 *
 * Pure: no I/O, no clock, integer arithmetic. Deterministic: the same
 * families in any input order give the same order.
 *
 * Memory: plain values; queue_order writes into arrays the caller owns, n
 * entries each, and allocates two temporary arrays of n keys (32 bytes
 * each) that it frees before returning.
 */
#ifndef ANJU_CORE_QUEUE_H
#define ANJU_CORE_QUEUE_H

#include "base/err.h"
#include "core/eligibility.h"
#include "core/policy.h"

#include <stddef.h>
#include <stdint.h>

enum {
    QUEUE_NO_MAX = 24,   /* an application number, bytes (SQ2026-000123) */
    QUEUE_WHY_MAX = 900, /* one "why" sentence, bytes of UTF-8 */
    QUEUE_CLASS_MAX = PRI_COUNT + 2,
};

enum queue_class_kind {
    QUEUE_CLASS_CATEGORY,  /* a priority category of the policy's order */
    QUEUE_CLASS_LONG_WAIT, /* waiting long_wait_years or more */
    QUEUE_CLASS_NONE,      /* none of the above: after every priority class */
};

struct queue_class {
    enum queue_class_kind kind;
    enum priority_category category; /* QUEUE_CLASS_CATEGORY */
};

/* The classes of a policy in precedence order; the last is always
 * QUEUE_CLASS_NONE. Class number k (from 1) is c[k - 1]. */
struct queue_classes {
    int n;
    int long_wait_years;
    struct queue_class c[QUEUE_CLASS_MAX];
};
void queue_classes(const struct policy *p, struct queue_classes *out);

/* A class's code ("dibao", "long_wait", "none") and its name in both
 * languages (「低保」/"minimum living allowance", 「轮候满 5 年」/"waiting 5
 * years or more", 「无优先类别」/"no priority category"); zh and en hold 96
 * bytes. */
const char *queue_class_code(const struct queue_class *c);
void queue_class_name(const struct queue_classes *cls, int index, char zh[96], char en[96]);

/* One filed application of the queue. */
struct queue_family {
    int64_t application_id;
    char application_no[QUEUE_NO_MAX + 1];
    char filed_date[11];         /* YYYY-MM-DD: the 备案 date */
    struct category_facts facts; /* from its last verification (filing or re-report) */
};

/* Where a family stands on as_of. */
struct queue_place {
    int class_index;     /* into queue_classes.c; the class number is class_index + 1 */
    unsigned categories; /* the policy's categories it has on as_of (bit per category) */
    int long_wait;       /* waiting long_wait_years or more on as_of (0 when the rule is off) */
    long position;       /* 1 = served first */
    long position_in_class;
    long ahead_in_class;       /* position_in_class - 1 */
    long ahead_earlier;        /* of those ahead in its class: filed before it */
    long ahead_same_day;       /* filed the same day, with a smaller application number */
    long ahead_higher_classes; /* position - position_in_class */
    long class_size;           /* families in its class */
};

/* Orders the n families f (one programme, governed by p) on as_of: fills
 * places[i] for f[i] and, when order is not NULL, order[k] = the index of
 * the family at position k + 1. Families with invalid filing dates are the
 * caller's to refuse (they sort first in their class). ERR_INTERNAL only
 * when out of memory. */
int queue_order(const struct policy *p, const char *as_of, const struct queue_family *f, size_t n,
                struct queue_place *places, size_t *order, struct err *e);

/* 1 when a family filed on `filed` has waited `years` years or more on
 * as_of; 0 when years is 0 (the rule is off). */
int queue_long_wait(const char *filed, int years, const char *as_of);

/* Why the family stands where it does, one paragraph per language, e.g.
 *   「您排在第 57 位（共 300 户）。前面有 44 户属于更优先的类别。您属于“低保家庭”优先
 *    类别（第 2 类），该类别中有 12 户排在您前面：10 户的备案日期早于您的
 *    2026-11-30，2 户与您同日备案、申请编号小于您的 SQ2026-000123。」
 *   "You are number 57 of 300. 44 families ahead of you are in classes served
 *    before yours. You are in priority class 2, "minimum-living-allowance
 *    (dibao) household"; 12 families in it are ahead of you: 10 filed before
 *    your filing date (2026-11-30); 2 filed the same day with a smaller
 *    application number than yours (SQ2026-000123)."
 * queue_size is the number of families in the queue. */
void queue_why(const struct queue_classes *cls, const struct queue_family *f,
               const struct queue_place *pl, long queue_size, char zh[QUEUE_WHY_MAX],
               char en[QUEUE_WHY_MAX]);

/* --- re-reporting (定期申报) ----------------------------------------------- */

/* D(k) = filed + k × months (k >= 0; D(0) is the filing date). */
void queue_due_date(const char *filed, int months, int k, char out[11]);
/* The next due date of a family filed on `filed` that has answered the due
 * dates up to `answered` ("" = none yet): the first D(k), k >= 1, after it;
 * "" when months is 0 (no re-reporting). */
void queue_next_due(const char *filed, int months, const char *answered, char out[11]);
/* The due dates answered once a re-report is made on day `reported`: the
 * new `answered` (unchanged when the report answers nothing more). */
void queue_answer(const char *filed, int months, const char *answered, const char *reported,
                  char out[11]);
/* 1 when a family whose next due date is next_due is overdue on as_of
 * (next_due is before as_of); 0 when next_due is "". */
int queue_overdue(const char *next_due, const char *as_of);

#endif
