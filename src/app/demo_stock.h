/* app/demo_stock — a deterministic synthetic housing stock for the demo
 * Beijing (docs/stock.md explains the figures).
 *
 * Projects of three programmes: public rental (公租房: studios and flats of
 * at most 60 m2), affordable rental (保障性租赁住房: dormitories, studios and
 * small flats of at most 70 m2) and shared ownership (共有产权住房: two- and
 * three-room flats with prices), mostly in the districts where new
 * affordable housing is built, on streets of the database's region table.
 * Every unit passes core/stock's rules and the import's region check.
 *
 * Invariants: the same seed and count give the same bytes on every machine
 * (integer arithmetic and splitmix64 only; no clock, locale or libm); the
 * rows come in the export's order (project code, building, floor, unit
 * number), so exporting an imported demo stock gives the same file.
 * Memory: one project's description at a time plus the street list.
 */
#ifndef ANJU_APP_DEMO_STOCK_H
#define ANJU_APP_DEMO_STOCK_H

#include "base/err.h"
#include "core/stock.h"
#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

enum { DEMO_STOCK_MAX_PROJECTS = 20000, DEMO_STOCK_DEFAULT_PROJECTS = 350 };

struct demo_stock_stats {
    long projects, buildings, units;
    long projects_by_programme[PROG_COUNT];
    long units_by_programme[PROG_COUNT];
    long units_by_status[UNIT_STATUS_COUNT];
    long units_by_layout[LAYOUT_COUNT];
    long accessible;
    int64_t max_area[PROG_COUNT]; /* 0.01 m2 */
};

/* Writes `projects` projects (1..DEMO_STOCK_MAX_PROJECTS) as stock CSV
 * (header included, io/stock_csv's canonical form) to out, streets from
 * db. Fills *stats when not NULL. ERR_IO when writing fails; ERR_NOT_FOUND
 * when db has no Beijing streets. */
int demo_stock_generate(struct db *db, uint64_t seed, long projects, FILE *out,
                        struct demo_stock_stats *stats, struct err *e);

#endif
