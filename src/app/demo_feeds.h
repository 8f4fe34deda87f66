/* app/demo_feeds — the shared government data (核对数据) of the demo city:
 * the eight feed files (docs/feeds.md) for the households that app/demo
 * generates with the same seed and count (docs/demo.md, "核对数据").
 *
 * Invariants:
 *   - Deterministic: the same seed and count give the same bytes in every
 *     file. The households come from app/demo (so its determinism carries
 *     over); every figure of the feeds is drawn from a generator seeded by
 *     (seed, household number), so a household's feed rows do not depend
 *     on how many households come before or after it.
 *   - Consistent with the declarations: every row agrees with what the
 *     household declared (homes, vehicles, deposits, ... split over one or
 *     more rows that sum to the declared figure), except for the planted
 *     discrepancies below, chosen per household with fixed rates.
 *   - Every file imports cleanly (anju feeds import).
 *
 * planted.csv lists every planted discrepancy (household, ID number,
 * source, kind, declared, found), so that tests of verification know what
 * they must find.
 *
 * Memory: app/demo's ID cells (about 21 MB) plus a 1 MiB buffer per file.
 */
#ifndef ANJU_APP_DEMO_FEEDS_H
#define ANJU_APP_DEMO_FEEDS_H

#include "app/demo.h"
#include "core/verify.h"

#include <stdint.h>
#include <stdio.h>

enum demo_plant {
    PLANT_UNDECLARED_HOME,    /* property: a home the applicant did not declare */
    PLANT_UNDECLARED_VEHICLE, /* vehicles: a vehicle the applicant did not declare */
    PLANT_LARGER_DEPOSITS,    /* deposits: an undeclared account of the applicant */
    PLANT_INCOME_BELOW_BASE,  /* provident fund: base x 12 above the declared income */
    PLANT_STATUS_UNDECLARED,  /* civil affairs: low_income, household declared none */
    PLANT_STATUS_ABSENT,      /* civil affairs: none, household declared dibao/... */
    PLANT_FEWER_SI_MONTHS,    /* social insurance: fewer months than declared */
    DEMO_PLANT_COUNT
};
/* code, what is planted, and the rate (per 10,000 eligible households). */
struct demo_plant_info {
    const char *code;
    enum feed_source source;
    int per10k;
    const char *zh, *en; /* which households are eligible and what is planted */
};
extern const struct demo_plant_info demo_plants[DEMO_PLANT_COUNT];

struct demo_feeds_stats {
    long households, members;
    long rows[FEED_COUNT];
    long planted[DEMO_PLANT_COUNT];
};

/* The manifest file's name in the output directory. */
#define DEMO_FEEDS_PLANTED "planted.csv"

/* Writes the feeds of the first `households` households of seed: out[s]
 * receives source s's file (header included), planted (may be NULL) the
 * manifest. Streets and district names come from db. ERR_IO when writing
 * fails. */
int demo_feeds_write(struct db *db, uint64_t seed, long households, FILE *out[FEED_COUNT],
                     FILE *planted, struct demo_feeds_stats *stats, struct err *e);
/* The same into dir/<source>.csv and dir/planted.csv; dir is created when
 * it does not exist (one level). */
int demo_feeds_generate(struct db *db, uint64_t seed, long households, const char *dir,
                        struct demo_feeds_stats *stats, struct err *e);

#endif
