/* core/eligibility — the engine: may this household have this programme
 * under this policy version on this date, and why.
 *
 * eligibility_evaluate reads the household's facts (core/verify: declared
 * figures, or verified ones where a feed was checked), the programme's
 * rules in the policy, and the as-of date; it decides every criterion with
 * the figures compared and one sentence per language, e.g.
 *   「家庭人均月收入 3,850.00 元，不高于 4,200.00 元」
 *   "per-capita monthly income 3,850.00 yuan, not above 4,200.00 yuan".
 * Then, for programmes with tiers, the tier and the monthly amount, and the
 * priority categories that apply (declared categories that are verified or
 * verifiable, plus those the facts show: 老龄 from ages, 重残 from grades, ...).
 *
 * Integer arithmetic only; per-capita comparisons multiply, never divide
 * (income <= limit * 12 * members). Ages come from the 身份证 birth date as
 * of the date. Pure: no I/O, no clock.
 */
#ifndef ANJU_CORE_ELIGIBILITY_H
#define ANJU_CORE_ELIGIBILITY_H

#include "core/policy.h"
#include "core/verify.h"

#include <stdint.h>

enum { ELIG_SENTENCE_MAX = 400, ELIG_FIGURE_MAX = 48 };

struct criterion_result {
    enum criterion_kind kind;
    int pass;
    int verified;                 /* the figure came from shared data */
    char actual[ELIG_FIGURE_MAX]; /* the household's figure, formatted ("3,850.00") */
    char limit[ELIG_FIGURE_MAX];  /* the rule's figure ("4,200.00", "≤ 3 人: 100,000.00") */
    char zh[ELIG_SENTENCE_MAX], en[ELIG_SENTENCE_MAX];
    struct policy_source source;
};

struct eligibility {
    enum programme programme;
    int eligible;
    int ncriteria;
    struct criterion_result criteria[POLICY_CRITERIA_MAX];
    unsigned priority; /* categories that apply, enum priority_category bits */
    /* subsidies */
    int tier;      /* 0 when the programme has none or the household fits no tier */
    int base_tier; /* before the uplift */
    int uplifted;
    int zone;       /* index into the subsidy's zones */
    int large;      /* 1 when the household uses the large-household column */
    int64_t amount; /* fen per month; -1 when it needs a rent that was not given */
    int capped_at_rent;
    char amount_zh[ELIG_SENTENCE_MAX], amount_en[ELIG_SENTENCE_MAX];
    /* overall sentence: 「符合公租房申请条件」 / 「不符合：2 项条件未满足」 */
    char summary_zh[ELIG_SENTENCE_MAX], summary_en[ELIG_SENTENCE_MAX];
};

struct eligibility_input {
    const struct household_facts *facts;
    const struct policy *policy;
    enum programme programme;
    const char *as_of; /* YYYY-MM-DD */
    /* the registered monthly rent, fen (市场租房补贴: paid = min(rent, tier
     * amount); 公租房租金补贴: the rent of the flat); -1 when unknown */
    int64_t rent;
    /* the rented flat's area for 公租房租金补贴, 0.01 m2; -1: the household's
     * current housing area */
    int64_t rent_area;
};

/* Decides; never fails for a valid policy (a programme the policy does not
 * offer gives eligible = 0 with the reason). */
void eligibility_evaluate(const struct eligibility_input *in, struct eligibility *out);

#endif
