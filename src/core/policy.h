/* core/policy — a housing-security policy version as plain data.
 *
 * A policy (政策版本) is what a city's rules say at one time: for each
 * programme the criteria a household must meet, the subsidy tiers, and the
 * order of the priority categories. It is loaded from a preset
 * (policy/beijing.json, ...) by io/policy_json and stored immutably by
 * store/policy_store; decisions name the policy version that made them.
 *
 * Every criterion and tier table carries its source: the document number
 * and the date it took effect. Nothing here is a rule by itself; the engine
 * (core/eligibility) reads these figures.
 *
 * Memory: struct policy is a plain value of fixed arrays (about 1 MiB:
 * allocate it on the heap); it owns no pointers. Units: money in fen, area
 * in 0.01 m2, ages in whole years.
 */
#ifndef ANJU_CORE_POLICY_H
#define ANJU_CORE_POLICY_H

#include "core/household.h"

#include <stdint.h>

enum programme {
    PROG_PUBLIC_RENTAL,         /* 公租房 */
    PROG_PUBLIC_RENTAL_SUBSIDY, /* 公租房租金补贴 */
    PROG_MARKET_RENT_SUBSIDY,   /* 市场租房补贴 */
    PROG_AFFORDABLE_RENTAL,     /* 保障性租赁住房 */
    PROG_SHARED_OWNERSHIP,      /* 共有产权住房 */
    PROG_SALE_TYPE,             /* 配售型保障性住房 */
    PROG_TALENT,                /* 人才住房 */
    PROG_COUNT
};
extern const struct code_name programme_names[PROG_COUNT];

/* The criteria a programme may list. Each reads the household's figures
 * (verified ones where a feed was checked, see core/verify) as of a date. */
enum criterion_kind {
    /* the applicant's hukou region code starts with one of `regions` */
    CRIT_HUKOU_IN,
    /* hukou in `regions`, or working there (work region) with at least
     * `months` months of social insurance */
    CRIT_HUKOU_OR_SOCIAL_INSURANCE,
    /* at least `months` months of social insurance, by the applicant */
    CRIT_SOCIAL_INSURANCE_MONTHS_MIN,
    /* the applicant works in `regions` (work region code prefix) */
    CRIT_EMPLOYED_IN,
    /* the applicant's employer is one of `employers` (key institutions) */
    CRIT_EMPLOYER_IN,
    /* no member owns a home (registered homes = 0) */
    CRIT_NO_HOME,
    /* per-capita housing area (owned homes + a rented public flat) vs `value` */
    CRIT_PER_CAPITA_HOUSING_AREA_MAX,
    /* total income of the 12 months vs the limit for the household's size */
    CRIT_ANNUAL_INCOME_MAX,
    /* per-capita monthly income (12-month total / 12 / members) vs `value` */
    CRIT_PER_CAPITA_MONTHLY_INCOME_MAX,
    /* total assets (homes, vehicles, deposits, securities, insurance) vs the
     * limit for the household's size */
    CRIT_ASSETS_MAX,
    /* current housing tenure is one of `tenures` */
    CRIT_TENURE_IN,
    /* the applicant is at least `value` years old */
    CRIT_APPLICANT_AGE_MIN,
    /* the applicant is at most `value` years old */
    CRIT_APPLICANT_AGE_MAX,
    /* a one-person household's applicant is at least `value` years old */
    CRIT_SINGLE_APPLICANT_AGE_MIN,
    CRIT_COUNT
};
extern const struct code_name criterion_names[CRIT_COUNT];

enum {
    POLICY_CODE_MAX = 32,
    POLICY_VERSION_MAX = 32,
    POLICY_TEXT_MAX = 200, /* names and document titles, bytes of UTF-8 */
    POLICY_DOC_MAX = 120,  /* a document number, bytes */
    POLICY_NOTE_MAX = 400, /* a source's note, bytes of UTF-8 */
    POLICY_REGIONS_MAX = 8,
    POLICY_SIZES_MAX = 4,
    POLICY_EMPLOYERS_MAX = 32,
    POLICY_CRITERIA_MAX = 16,
    POLICY_TIERS_MAX = 8,
    POLICY_ZONES_MAX = 4,
    POLICY_ZONE_DISTRICTS_MAX = 16,
    POLICY_ROUND_SIZES_MAX = 8, /* = ALLOC_SIZE_RULES_MAX */
};

/* Where a rule comes from. */
struct policy_source {
    char document[POLICY_DOC_MAX + 1]; /* e.g. 京建法〔2011〕25号 */
    char effective[11];                /* YYYY-MM-DD the rule took effect */
    char note[POLICY_NOTE_MAX + 1];    /* "" or e.g. 文号待核 / number to be confirmed */
};

/* A limit that depends on the household's size: applies when
 * members_min <= members && (members_max == 0 || members <= members_max). */
struct size_limit {
    int members_min, members_max;
    int64_t value;
};

struct criterion {
    enum criterion_kind kind;
    int inclusive; /* 1: the limit itself passes (不高于/不低于); 0: it fails (低于/高于) */
    int64_t value; /* money fen, area 0.01 m2, or years, by kind */
    int64_t months;
    int nsizes;
    struct size_limit sizes[POLICY_SIZES_MAX]; /* non-overlapping, sorted */
    int nregions;
    char regions[POLICY_REGIONS_MAX][13]; /* region code prefixes, e.g. "11" */
    unsigned tenures;                     /* bit (1u << enum tenure) */
    int nemployers;
    char employers[POLICY_EMPLOYERS_MAX][HH_EMPLOYER_MAX + 1];
    struct policy_source source;
};

/* A band of per-capita monthly income, in fen. */
struct income_band {
    int has_min, min_inclusive;
    int64_t min;
    int has_max, max_inclusive;
    int64_t max;
};

struct tier {
    int number;                /* 1 is the highest tier */
    unsigned categories;       /* a household in any of these is in this tier */
    struct income_band income; /* else: by per-capita monthly income */
    int has_income;
    /* SUBSIDY_AMOUNT: fen per month, [zone][0 small household, 1 large] */
    int64_t amount[POLICY_ZONES_MAX][2];
    int share_bp; /* SUBSIDY_RENT_SHARE: share of the rent, basis points (9500 = 95%) */
};

struct zone {
    char code[POLICY_CODE_MAX + 1];
    char zh[POLICY_TEXT_MAX + 1], en[POLICY_TEXT_MAX + 1];
    int ndistricts; /* 0 for the default zone (zones[0]) */
    char districts[POLICY_ZONE_DISTRICTS_MAX][7];
};

enum subsidy_kind {
    SUBSIDY_NONE,
    SUBSIDY_AMOUNT,     /* a monthly amount by tier, zone and household size */
    SUBSIDY_RENT_SHARE, /* a share of the rent on at most area_cap */
};

struct subsidy {
    enum subsidy_kind kind;
    int ntiers;
    struct tier tiers[POLICY_TIERS_MAX]; /* categories tiers first, then income bands */
    int large_from_members;              /* households of this size or more use column 1 */
    int nzones;
    struct zone zones[POLICY_ZONES_MAX];
    /* one tier up (number - uplift_tiers, at least 1) for households with
     * a member in uplift_categories, or whose members are all aged
     * uplift_elderly_age or more with no child among them (0: off) */
    unsigned uplift_categories;
    int uplift_elderly_age;
    int uplift_tiers;
    int64_t area_cap; /* SUBSIDY_RENT_SHARE: 0.01 m2 */
    int cap_at_rent;  /* SUBSIDY_AMOUNT: paid = min(registered lease rent, amount) */
    struct policy_source source;
};

/* Household size → the layouts it may be offered in a round: applies when
 * members_min <= members && (members_max == 0 || members <= members_max). */
struct round_size_layouts {
    int members_min, members_max;
    unsigned layouts; /* bits 1u << enum alloc_layout (core/allocation.h) */
};

/* The rules of a programme's rounds (配租/配售批次, core/round.h,
 * docs/rounds.md). A preset without a "round" object gets the defaults of
 * round_rules_default (has_round = 0, sources empty). */
struct round_rules {
    int shortlist_ratio_permille; /* 1000..1200: units × ratio / 1000 shortlisted */
    int declines_max;             /* at this many declines a family loses its place */
    int offer_days;               /* an offer's deadline, days after it is made */
    int nsizes;
    struct round_size_layouts sizes[POLICY_ROUND_SIZES_MAX]; /* non-overlapping, sorted */
    struct policy_source source;                             /* ratio, declines, days */
    struct policy_source sizes_source;                       /* the size → layout table */
};

struct programme_rules {
    int offered; /* 0: this policy has no such programme */
    int ncriteria;
    struct criterion criteria[POLICY_CRITERIA_MAX];
    struct subsidy subsidy;
    int publicity_days;   /* 公示 days (0: none) */
    int re_report_months; /* 轮候 re-report interval (0: none) */
    int has_round;        /* 1: the preset gives "round"; 0: round holds the defaults */
    struct round_rules round;
    struct policy_source source;
};

/* The code that places the long-wait class in a preset's priority order. */
#define POLICY_LONG_WAIT_CODE "long_wait"

struct policy {
    int64_t id;                           /* database id once stored; 0 before */
    char code[POLICY_CODE_MAX + 1];       /* "beijing" */
    char version[POLICY_VERSION_MAX + 1]; /* "2026.1" */
    char name_zh[POLICY_TEXT_MAX + 1], name_en[POLICY_TEXT_MAX + 1];
    char effective[11]; /* the version applies to as-of dates from this day */
    int nregions;
    char regions[POLICY_REGIONS_MAX][13]; /* households whose street code starts so */
    /* priority categories in precedence order (first served first) */
    int npriority;
    enum priority_category priority_order[PRI_COUNT];
    struct policy_source priority_source;
    /* families waiting this many years or more (轮候满 N 年) form a priority
     * class of their own (0: off); its place in the precedence is
     * long_wait_rank — the number of priority_order entries served before
     * it — when the preset lists "long_wait" in the order
     * (long_wait_listed = 1), else first (core/queue.h, docs/queue.md) */
    int long_wait_years;
    int long_wait_listed;
    int long_wait_rank;
    struct programme_rules programmes[PROG_COUNT];
};

/* 1 when the household's street code is covered by the policy's regions. */
int policy_covers(const struct policy *p, const char *region_code);

#endif
