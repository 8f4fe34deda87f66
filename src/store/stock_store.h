/* store/stock_store — projects, buildings and units in the database (the
 * project, building and unit tables of migration 0006).
 *
 * The only place that knows those tables. A struct stock_store holds the
 * prepared statements of one connection (prepared on first use, kept for
 * the next call: an import makes thousands of calls); open it inside a use
 * case and close it before the connection. Callers own the transaction
 * around every call. Changes are written with their version checked
 * (optimistic concurrency): a stale version is ERR_CONFLICT naming
 * "version". Codes (programme, status, layout) are stored as text.
 *
 * Ownership: lists (*out) are the caller's to free with free().
 */
#ifndef ANJU_STORE_STOCK_STORE_H
#define ANJU_STORE_STOCK_STORE_H

#include "core/stock.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct stock_store;

int stock_store_open(struct db *db, struct stock_store **out, struct err *e);
void stock_store_close(struct stock_store *st);

/* --- projects ---------------------------------------------------------- */

/* Inserts p (version 1; created_at/updated_at must be set); sets p->id and
 * p->version. A taken code is ERR_CONFLICT naming "code". */
int stock_store_project_insert(struct stock_store *st, struct stock_project *p, struct err *e);
/* Writes p's fields over project p->id when its version is still
 * expected_version; sets p->version to the new one. */
int stock_store_project_update(struct stock_store *st, struct stock_project *p,
                               int64_t expected_version, struct err *e);
/* ERR_NOT_FOUND naming "id" when there is no such project. */
int stock_store_project_get(struct stock_store *st, int64_t id, struct stock_project *p,
                            struct err *e);
/* 1 found (p filled when not NULL), 0 none, -1 error. */
int stock_store_project_find(struct stock_store *st, const char *code, struct stock_project *p,
                             struct err *e);

struct stock_project_filter {
    /* the actor's scope (app/ sets at most one) */
    const char *scope_district, *scope_region, *scope_prefix; /* prefix: 2 digits */
    const char *district_code;                                /* NULL or "" = all */
    const char *q; /* NULL or "" = all; else a code starting with it or a name containing it */
    int programme; /* -1 = all */
    int status;    /* enum project_status; -1 = all */
    int64_t page, page_size; /* page from 1 */
};

struct stock_project_summary {
    struct stock_project p;
    int64_t buildings;
    struct stock_counts counts;
};

/* A page of projects by code, each with its unit counts; *total all
 * matches. */
int stock_store_project_list(struct stock_store *st, const struct stock_project_filter *f,
                             struct stock_project_summary **out, size_t *n, int64_t *total,
                             struct err *e);
int stock_store_project_counts(struct stock_store *st, int64_t project_id, struct stock_counts *c,
                               struct err *e);

/* --- buildings --------------------------------------------------------- */

/* Inserts b (b->project_id, name, floors, timestamps); sets id, version. */
int stock_store_building_insert(struct stock_store *st, struct stock_building *b, struct err *e);
int stock_store_building_update(struct stock_store *st, struct stock_building *b,
                                int64_t expected_version, struct err *e);
/* 1 found, 0 none, -1 error. */
int stock_store_building_find(struct stock_store *st, int64_t project_id, const char *name,
                              struct stock_building *b, struct err *e);

struct stock_building_summary {
    struct stock_building b;
    struct stock_counts counts;
};
/* Every building of a project by name, with its unit counts. */
int stock_store_building_list(struct stock_store *st, int64_t project_id,
                              struct stock_building_summary **out, size_t *n, struct err *e);
/* The highest floor any unit of the building stands on (0 when none). */
int stock_store_building_top_floor(struct stock_store *st, int64_t building_id, int64_t *top,
                                   struct err *e);

/* --- units ------------------------------------------------------------- */

/* Inserts u into building u->building_id; sets id and version. A taken
 * number is ERR_CONFLICT naming "unit_no". */
int stock_store_unit_insert(struct stock_store *st, struct stock_unit *u, struct err *e);
/* Writes u's own fields (number, layout, area, floor, accessible, rent,
 * price, status) when the version is still expected_version. */
int stock_store_unit_update(struct stock_store *st, struct stock_unit *u, int64_t expected_version,
                            struct err *e);
/* ERR_NOT_FOUND naming "id" when there is no such unit. */
int stock_store_unit_get(struct stock_store *st, int64_t id, struct stock_unit *u, struct err *e);
/* 1 found, 0 none, -1 error. */
int stock_store_unit_find(struct stock_store *st, int64_t building_id, const char *unit_no,
                          struct stock_unit *u, struct err *e);

struct stock_unit_filter {
    int64_t project_id;
    int layout;     /* -1 = all */
    int status;     /* -1 = all */
    int accessible; /* -1 = all */
    int64_t page, page_size;
};
/* A page of a project's units by building name, floor and number. */
int stock_store_unit_list(struct stock_store *st, const struct stock_unit_filter *f,
                          struct stock_unit **out, size_t *n, int64_t *total, struct err *e);

/* Calls fn for every unit with its building and project, by project code,
 * building name, floor and unit number, streaming. fn returning non-zero
 * stops with that value. */
typedef int (*stock_each_fn)(const struct stock_project *p, const struct stock_building *b,
                             const struct stock_unit *u, void *ctx);
int stock_store_each(struct db *db, stock_each_fn fn, void *ctx, struct err *e);

#endif
