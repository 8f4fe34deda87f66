/* app/demo — a deterministic synthetic Beijing: applicant households for
 * demos, tests and benchmarks (docs/demo.md explains every figure).
 *
 * Invariants:
 *   - Deterministic: the same seed and count give the same households and
 *     the same CSV bytes on every machine. Only integer arithmetic and a
 *     hand-written PRNG (splitmix64 seeding xoshiro256**) are used; nothing
 *     depends on the clock, the locale or libm. Dates are relative to the
 *     fixed reference date DEMO_REFERENCE_DATE, not to today.
 *   - Every household passes core/household_validate and the region check
 *     of the import (its street is one of the database's Beijing streets).
 *   - ID numbers (身份证号) are unique across everything one generator has
 *     produced, by construction: each (address code, birth date, sex) cell
 *     hands out its 499 sequence codes in a cell-specific order, never
 *     twice. Household numbers are BJ26 + an 8-digit running number.
 *
 * Ownership: demo_new gives a struct demo that demo_free releases; it holds
 * the street list copied from the database, so the database may be closed
 * afterwards. Memory: about 21 MB for the ID cells (calloc'd, touched only
 * where used), whatever the number of households.
 */
#ifndef ANJU_APP_DEMO_H
#define ANJU_APP_DEMO_H

#include "base/err.h"
#include "core/household.h"
#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

/* Ages and income months are counted back from this fixed date. */
#define DEMO_REFERENCE_DATE "2026-10-31"
#define DEMO_INCOME_END_MONTH "2026-10"

enum { DEMO_MAX_HOUSEHOLDS = 10000000 };

/* What was generated, for the summary and for tests of the distributions. */
struct demo_stats {
    long households, members;
    long by_size[HH_MAX_MEMBERS + 1];
    long by_priority[PRI_COUNT];
    long by_tenure[TEN_COUNT];
    long nonlocal;     /* households whose applicant has no Beijing hukou */
    long pc_le_2400;   /* per-capita monthly income <= 2,400 yuan */
    long pc_le_4200;   /* per-capita monthly income <= 4,200 yuan */
    long annual_ok;    /* 12-month total <= 100,000 (<=3 people) / 130,000 (>=4) */
    long with_vehicle; /* households with at least one vehicle */
    long with_home;    /* households where a member owns a home */
    long members_60plus, minors;
    long needs_accessible; /* households that need an accessible home */
};

struct demo;

/* Reads the streets (region_store_list level "street") of the 16 Beijing
 * districts from db; ERR_NOT_FOUND when there are none. */
int demo_new(struct demo **out, struct db *db, uint64_t seed, struct err *e);
void demo_free(struct demo *g);
/* Fills *h with the next household (household_no, members with birth_date
 * and sex filled, district_code set). -1 only when a capacity is exhausted
 * (more than 99,999,999 households). */
int demo_next(struct demo *g, struct household *h, struct err *e);
/* Totals over every household demo_next has produced so far. */
const struct demo_stats *demo_get_stats(const struct demo *g);

/* Writes `households` households (1..DEMO_MAX_HOUSEHOLDS) as household CSV
 * (header included, io/household_csv canonical form) to out, streets from
 * db. Fills *stats when not NULL. ERR_IO when writing fails. */
int demo_generate(struct db *db, uint64_t seed, long households, FILE *out,
                  struct demo_stats *stats, struct err *e);

#endif
