/* core/eligibility — the engine: may this household have this programme
 * under this policy version on this date, and why.
 *
 * eligibility_evaluate reads the household's facts (core/verify: declared
 * figures, or verified ones where a feed was checked), the programme's
 * rules in the policy, and the as-of date; it decides every criterion with
 * the figures compared and one sentence per language, e.g.
 *   「家庭人均月收入 3,850.00 元，不高于 4,200.00 元」
 *   "per-capita monthly income 3,850.00 yuan, not above 4,200.00 yuan".
 * A figure read from shared data (facts->verified) adds 「（经核对）」 /
 * " (verified)" at the end of the sentence. Then, for programmes with tiers,
 * the tier and the monthly amount, and the priority categories that apply:
 * the household's categories (facts->categories: declared, the 低保/低收入/
 * 特困 statuses from civil affairs once checked), except that 老龄, 重残 and
 * 大病 are only what the facts show, whatever was declared (老龄: a member 60
 * or older on as_of; 重残: disability grade 1 or 2; 大病: the flag); kept
 * only if the policy's priority_order lists them.
 *
 * Integer arithmetic only; per-capita comparisons multiply, never divide
 * (income <= limit * 12 * members); a per-capita figure is divided only to
 * be shown, rounded down. Ages are whole years on as_of from the members'
 * birth dates. Pure: no I/O, no clock.
 *
 * How the engine reads the policy where policy.h leaves it open:
 *   - `inclusive` decides every bound of a criterion (income, area, assets,
 *     ages, social-insurance months), except CRIT_HUKOU_OR_SOCIAL_INSURANCE,
 *     whose `months` is always "at least";
 *   - CRIT_PER_CAPITA_HOUSING_AREA_MAX counts the homes registered to members
 *     plus the current home when its tenure is TEN_PUBLIC_RENTAL (a rented
 *     public flat houses the family like a home of its own);
 *   - CRIT_ANNUAL_INCOME_MAX and CRIT_ASSETS_MAX use `sizes` when given
 *     (no entry for the household's size: the criterion fails), else `value`;
 *   - CRIT_SINGLE_APPLICANT_AGE_MIN passes households of two or more
 *     (「不适用（非单身申请）」);
 *   - subsidy: tiers are numbered 1..n; area_cap 0 means no cap;
 *     large_from_members 0 means every household uses column 0.
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

/* What a household's priority categories are derived from: the categories
 * as stated (declared; 低保/低收入/特困 as civil affairs registered them once
 * checked) and the three member figures that decide 老龄, 重残 and 大病.
 * Small enough to keep per family: core/queue derives the categories again
 * on the queue's date from the facts of the last verification. */
struct category_facts {
    unsigned stated; /* enum priority_category bits; 老龄/重残/大病 bits are ignored */
    char oldest_birth_date[11]; /* the oldest member's birth date; "" when none is known */
    int severe_disability;      /* a member of disability grade 1 or 2 */
    int serious_illness;        /* a member with a serious illness */
};

/* The category facts of a household (its members' figures). */
void eligibility_category_facts(const struct household_facts *f, struct category_facts *out);
/* The categories a household has on as_of: the stated ones but 老龄, 重残 and
 * 大病, which are what the figures show — 老龄 when the oldest member is 60
 * or older on as_of, 重残 for a grade 1 or 2 disability, 大病 for the flag —
 * whatever was declared for them. Not narrowed to a policy's list. This is
 * the engine's own derivation (eligibility_evaluate calls it). */
unsigned eligibility_categories(const struct category_facts *c, const char *as_of);

struct eligibility {
    enum programme programme;
    int eligible;
    int ncriteria;
    struct criterion_result criteria[POLICY_CRITERIA_MAX];
    unsigned priority;                    /* categories that apply, enum priority_category bits */
    struct category_facts category_facts; /* what they were derived from */
    /* subsidies */
    int tier;      /* 0 when the programme has none or the household fits no tier */
    int base_tier; /* before the uplift */
    int uplifted;  /* the uplift applies (tier may equal base_tier when already 1) */
    /* zone, large and amount are set only for an eligible household */
    int zone;           /* index into the subsidy's zones */
    int large;          /* 1 when the household uses the large-household column */
    int64_t amount;     /* fen per month; -1 when it needs a rent that was not given
                           (or the rent/area given are beyond MONEY_MAX_FEN/AREA_MAX) */
    int capped_at_rent; /* the registered rent was below the tier amount and is paid */
    char amount_zh[ELIG_SENTENCE_MAX], amount_en[ELIG_SENTENCE_MAX]; /* how, with figures */
    /* overall sentence: 「符合公租房申请条件」 / 「不符合公租房申请条件：2 项条件未满足」 */
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
