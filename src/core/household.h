/* core/household — the household record (家庭档案) and its rules of form.
 *
 * A household is the unit that applies: an applicant and the members who
 * live with them, their incomes for the last 12 months, their assets, their
 * current housing and the priority categories they declare. This module is
 * pure: it knows the vocabulary (relations, tenures, categories, ...) and
 * checks that a record is well formed and consistent. Whether a region code
 * exists is for the caller (app/) to check against the region table.
 *
 * Memory: struct household is a plain value with fixed-size fields (about
 * 16 KiB); no heap, so bulk paths can reuse one.
 *
 * Units: money in fen (int64), area in 0.01 m2 (int64), dates YYYY-MM-DD.
 */
#ifndef ANJU_CORE_HOUSEHOLD_H
#define ANJU_CORE_HOUSEHOLD_H

#include "base/err.h"

#include <stdint.h>

enum {
    HH_MAX_MEMBERS = 20,
    HH_INCOME_MONTHS = 12,
    HH_NO_MAX = 32,       /* bytes */
    HH_NAME_MAX = 120,    /* bytes of UTF-8 (40 CJK characters) */
    HH_ADDRESS_MAX = 600, /* bytes of UTF-8 (200 CJK characters) */
    HH_EMPLOYER_MAX = 300,
    HH_PHONE_MAX = 20,
};

enum relation {
    REL_APPLICANT, /* 申请人 */
    REL_SPOUSE,    /* 配偶 */
    REL_CHILD,     /* 子女 */
    REL_PARENT,    /* 父母 */
    REL_PARENT_IN_LAW,
    REL_GRANDPARENT,
    REL_GRANDCHILD,
    REL_SIBLING,
    REL_CHILD_IN_LAW,
    REL_OTHER,
    REL_COUNT
};

enum marital { MAR_UNMARRIED, MAR_MARRIED, MAR_DIVORCED, MAR_WIDOWED, MAR_COUNT };

enum tenure {
    TEN_NONE,           /* 无住房（借住、寄居等） */
    TEN_PRIVATE_RENTAL, /* 租赁私房 */
    TEN_PUBLIC_RENTAL,  /* 承租公房/公租房 */
    TEN_OWNED,          /* 自有住房 */
    TEN_FAMILY,         /* 与亲属同住 */
    TEN_DORMITORY,      /* 单位宿舍 */
    TEN_OTHER,
    TEN_COUNT
};

/* Priority categories a household declares (优先家庭). Which of them give
 * priority, and in what order, is policy (policy/), not this list. */
enum priority_category {
    PRI_DIBAO,             /* 低保 */
    PRI_LOW_INCOME,        /* 低收入 */
    PRI_TEKUN,             /* 分散供养特困 */
    PRI_SERIOUS_ILLNESS,   /* 大病 */
    PRI_SEVERE_DISABILITY, /* 重残 */
    PRI_ELDERLY,           /* 老龄（成员 60 岁以上） */
    PRI_YOUFU,             /* 优抚对象 */
    PRI_VETERAN,           /* 退役军人 */
    PRI_MANY_MINORS,       /* 多未成年子女 */
    PRI_SANFANG,           /* 三房轮候 */
    PRI_ADULT_ORPHAN,      /* 成年孤儿 */
    PRI_MODEL_WORKER,      /* 省部级以上劳动模范 */
    PRI_COUNT
};

struct code_name {
    const char *code; /* stable machine code, e.g. "private_rental" */
    const char *zh;
    const char *en;
};

extern const struct code_name relation_names[REL_COUNT];
extern const struct code_name marital_names[MAR_COUNT];
extern const struct code_name tenure_names[TEN_COUNT];
extern const struct code_name priority_names[PRI_COUNT];
/* The index of code in table (n entries), or -1. */
int code_lookup(const struct code_name *table, int n, const char *code);

struct member_assets {
    int64_t home_count;
    int64_t home_area;                                                                 /* 0.01 m2 */
    int64_t home_value, vehicle_count, vehicle_value, deposits, securities, insurance; /* fen */
};

struct member {
    int64_t id; /* database id; 0 when new */
    char name[HH_NAME_MAX + 1];
    char id_number[19];
    char birth_date[11]; /* derived from id_number */
    char sex;            /* 'M' / 'F', derived from id_number */
    enum relation relation;
    char hukou_region_code[13]; /* 6-digit GB/T 2260 code (or longer) */
    int hukou_urban;            /* 1 = urban (城镇) hukou */
    enum marital marital_status;
    int disability_grade; /* 0 none, 1 (most severe) .. 4 */
    int serious_illness, veteran, youfu;
    char employer[HH_EMPLOYER_MAX + 1];
    char work_region_code[13]; /* "" when not employed */
    int64_t social_insurance_months;
    int64_t income[HH_INCOME_MONTHS]; /* fen; [11] is income_end_month */
    struct member_assets assets;
};

struct household {
    int64_t id; /* database id; 0 when new */
    int64_t version;
    char household_no[HH_NO_MAX + 1];
    char region_code[13];  /* street/township (9 digits) */
    char district_code[7]; /* derived: the first 6 digits' district (set by app/) */
    char contact_phone[HH_PHONE_MAX + 1];
    char housing_address[HH_ADDRESS_MAX + 1];
    int64_t housing_area; /* 0.01 m2 */
    enum tenure housing_tenure;
    unsigned priority; /* bit (1u << enum priority_category) */
    char income_end_month[8];
    int needs_accessible; /* 1 = a member needs an accessible home (无障碍住房需求) */
    char created_at[21], updated_at[21];
    int nmembers;
    struct member members[HH_MAX_MEMBERS];
};

/* Checks the whole record; every problem is added to errs (field names like
 * "members[2].id_number"); returns 0 when none was found. today (YYYY-MM-DD)
 * bounds birth dates. Derives birth_date and sex from each ID number. */
int household_validate(struct household *h, const char *today, struct err_list *errs);

enum text_rule {
    TEXT_REQUIRED = 0,
    TEXT_MAY_BE_EMPTY = 1,
    TEXT_MULTILINE = 2, /* line breaks allowed (addresses) */
};
/* Checks a single text field: valid UTF-8 is the reader's job; this refuses
 * control characters (but LF/CR with TEXT_MULTILINE), text longer than max
 * bytes, spaces at either end, and empty text unless TEXT_MAY_BE_EMPTY. */
int household_text_ok(const char *s, size_t max, int rules, const char *field, struct err *e);

/* Sums for rules and lists: total income of the 12 months, in fen. */
int64_t household_income_total(const struct household *h);
/* Index of the applicant, or -1. */
int household_applicant(const struct household *h);

/* "dibao;elderly" in table order; out holds 256 bytes. */
void priority_format(unsigned mask, char out[256]);
/* Parses "dibao;elderly" (any order, no duplicates, "" = none). */
int priority_parse(const char *s, unsigned *mask, const char *field, struct err *e);

#endif
