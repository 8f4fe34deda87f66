/* core/verify — checking a household's declarations against shared
 * government data (核对), and the figures the rules then use.
 *
 * Feeds (civil affairs, property registry, vehicles, social insurance,
 * provident fund, deposits, securities, insurance) arrive as rows keyed by
 * 身份证号 (io/feed_csv reads them, store/feed_store keeps them). For one
 * household, verify_household takes the rows found for each member and the
 * set of sources that have been loaded at all, and produces
 *   - the household's facts (struct household_facts): the declared figures,
 *     replaced by the feed's for every loaded source, each fact marked as
 *     verified or declared; and
 *   - every discrepancy between declared and found, with its evidence.
 * A loaded source with no row for a person means "nothing registered" (zero
 * homes, no vehicle, ...). A source never loaded leaves the declaration.
 *
 * Which figure wins (the rules of verification, docs/feeds.md):
 *   income: civil affairs' assessed 12-month income when given; then, if the
 *           provident-fund base x 12 is higher, that (a declared income
 *           below the contribution base is not credible);
 *   status: 低保/低收入/特困 categories are the civil-affairs statuses;
 *   homes, vehicles, deposits, securities, insurance: the feeds' counts and
 *           sums; social insurance: months, employer and work region.
 *
 * Pure: no I/O. Memory: plain values; discrepancies go to a caller-owned
 * fixed array (struct verification), at most VERIFY_DISCREPANCIES_MAX.
 */
#ifndef ANJU_CORE_VERIFY_H
#define ANJU_CORE_VERIFY_H

#include "core/household.h"

#include <stdint.h>

enum feed_source {
    FEED_CIVIL_AFFAIRS,    /* 民政：低保/低收入/特困，核定收入 */
    FEED_PROPERTY,         /* 不动产登记 */
    FEED_VEHICLES,         /* 车辆登记 */
    FEED_SOCIAL_INSURANCE, /* 社会保险 */
    FEED_PROVIDENT_FUND,   /* 住房公积金 */
    FEED_DEPOSITS,         /* 银行存款 */
    FEED_SECURITIES,       /* 证券 */
    FEED_INSURANCE,        /* 商业保险 */
    FEED_COUNT
};
extern const struct code_name feed_source_names[FEED_COUNT];

enum civil_status { CIVIL_NONE, CIVIL_DIBAO, CIVIL_LOW_INCOME, CIVIL_TEKUN, CIVIL_COUNT };
extern const struct code_name civil_status_names[CIVIL_COUNT];

enum { FEED_KEY_MAX = 64, FEED_LABEL_MAX = 600 };

/* One row of a feed. Which fields a source fills is in io/feed_csv's
 * column table and docs/feeds.md; unused fields are 0 / "". */
struct feed_record {
    enum feed_source source;
    int64_t batch_id; /* the import it came from */
    long line;        /* its line in that file */
    char id_number[19];
    char name[HH_NAME_MAX + 1];
    char key[FEED_KEY_MAX + 1];     /* certificate, plate, account or policy number */
    char label[FEED_LABEL_MAX + 1]; /* address, bank, insurer or employer */
    char region_code[13];           /* social insurance / provident fund: where paid */
    enum civil_status status;       /* civil affairs */
    int has_amount;                 /* civil affairs: 1 when an assessed income is given */
    int64_t amount;                 /* fen: assessed income, value, balance, monthly base */
    int64_t area;                   /* property: 0.01 m2 */
    int64_t months;                 /* social insurance months */
};

/* The figures the rules read, per member and for the household. */
struct member_facts {
    char id_number[19];
    char birth_date[11];
    enum relation relation;
    char hukou_region_code[13];
    int hukou_urban;
    int disability_grade, serious_illness;
    int64_t income; /* 12-month total, fen */
    int64_t home_count, home_area, home_value;
    int64_t vehicle_count, vehicle_value;
    int64_t deposits, securities, insurance;
    int64_t social_insurance_months;
    char employer[HH_EMPLOYER_MAX + 1];
    char work_region_code[13];
};

/* Which facts came from a feed (bit per enum fact). */
enum fact {
    FACT_INCOME,
    FACT_STATUS, /* 低保/低收入/特困 */
    FACT_HOMES,
    FACT_VEHICLES,
    FACT_DEPOSITS,
    FACT_SECURITIES,
    FACT_INSURANCE,
    FACT_SOCIAL_INSURANCE,
    FACT_COUNT
};

struct household_facts {
    int nmembers;
    struct member_facts m[HH_MAX_MEMBERS];
    char region_code[13], district_code[7];
    int64_t housing_area; /* 0.01 m2, the current home */
    enum tenure tenure;
    unsigned categories; /* enum priority_category bits (verified statuses) */
    unsigned verified;   /* bit (1u << enum fact): this fact is from feeds */
};

/* The declared figures, nothing verified. */
void facts_from_household(const struct household *h, struct household_facts *f);
/* Sums over members. */
int64_t facts_income(const struct household_facts *f);
int64_t
facts_assets(const struct household_facts *f); /* homes+vehicles+deposits+securities+insurance */
int64_t facts_home_count(const struct household_facts *f);
int64_t facts_home_area(const struct household_facts *f);

enum { VERIFY_DISCREPANCIES_MAX = 64, VERIFY_VALUE_MAX = 120, VERIFY_EVIDENCE_MAX = 400 };

/* The fields a discrepancy can name, with their labels for people. */
enum { VERIFY_FIELD_COUNT = 14 };
extern const struct code_name verify_field_names[VERIFY_FIELD_COUNT];
/* The entry for code, or one with empty texts when unknown. */
const struct code_name *verify_field_name(const char *code);

struct discrepancy {
    int member; /* index into the household's members */
    enum feed_source source;
    char field[32];                      /* "income", "home_count", "name", "status", ... */
    char declared[VERIFY_VALUE_MAX + 1]; /* as text: "12,000.00", "0", "张三" */
    char found[VERIFY_VALUE_MAX + 1];
    char evidence[VERIFY_EVIDENCE_MAX + 1]; /* batch, lines and keys of the rows */
};

struct verification {
    unsigned sources; /* bit (1u << enum feed_source): loaded and used */
    int ndiscrepancies;
    int truncated; /* more than VERIFY_DISCREPANCIES_MAX were found */
    int total;     /* all found, kept in d or not */
    struct discrepancy d[VERIFY_DISCREPANCIES_MAX];
};

/* The rows of all loaded sources for one member (any order). */
struct member_feeds {
    size_t n;
    const struct feed_record *rows;
};

/* Verifies h against the feeds. loaded: bit per source that has data at
 * all. feeds[i] are member i's rows. Fills f and v (v may be NULL). */
void verify_household(const struct household *h, unsigned loaded, const struct member_feeds *feeds,
                      struct household_facts *f, struct verification *v);

#endif
