/* app/stock — the housing-stock use cases: projects, buildings and units
 * (create, read, list, change a unit's fields and status), and the CSV
 * import and export (docs/stock.md).
 *
 * Each function is one transaction. Who may: stock.read (street, district
 * and city officers, operators, auditors) and stock.write (district and
 * city officers, operators) in core/access; where: a project's district and
 * street against the actor's scope (access_covers): a project or unit
 * outside it is the same ERR_NOT_FOUND as a missing one, and creating a
 * project outside it is ERR_FORBIDDEN naming region_code. Every change
 * appends to the audit log in its own transaction (entities project,
 * building, unit; the import one stock_import entry, plus one per existing
 * record it changed).
 *
 * Import and export are batch jobs of the command line (NULL actor only).
 */
#ifndef ANJU_APP_STOCK_H
#define ANJU_APP_STOCK_H

#include "app/app.h"
#include "core/stock.h"
#include "store/stock_store.h"

#include <stdio.h>

/* A project with its unit counts and its buildings (each with counts). */
struct project_view {
    struct stock_project p;
    struct stock_counts counts;
    struct stock_building_summary *buildings; /* owned: project_view_free */
    size_t nbuildings;
};
void project_view_free(struct project_view *v);

/* The rules of form and the region table, without saving (derives the
 * district): 0 when p passes. */
int app_project_check(struct app *a, struct stock_project *p, struct err_list *errs);
/* Validates and inserts p (district derived from the street; status as
 * given); sets id, version, timestamps. A taken code is ERR_CONFLICT. */
int app_project_create(struct app *a, const struct actor *who, struct stock_project *p,
                       struct err_list *errs);
int app_project_get(struct app *a, const struct actor *who, int64_t id, struct project_view *v,
                    struct err *e);
/* By project code (the command line's `stock show`). */
int app_project_get_by_code(struct app *a, const struct actor *who, const char *code,
                            struct project_view *v, struct err *e);
/* A page of the projects the actor may see (f's scope fields are set here;
 * a district outside the scope gives an empty page). free(*out). */
int app_project_list(struct app *a, const struct actor *who, const struct stock_project_filter *f,
                     struct stock_project_summary **out, size_t *n, int64_t *total, struct err *e);

/* Adds unit u to project project_id, in the building named u->building,
 * which is created when the project has none of that name (then floors,
 * its number of floors, is required; for an existing building floors is 0
 * or must match). Sets u's ids, version and timestamps. */
int app_unit_create(struct app *a, const struct actor *who, int64_t project_id,
                    struct stock_unit *u, int64_t floors, struct err_list *errs);
int app_unit_get(struct app *a, const struct actor *who, int64_t id, struct stock_unit *u,
                 struct err *e);
/* A page of a project's units (f->project_id). free(*out). */
int app_unit_list(struct app *a, const struct actor *who, const struct stock_unit_filter *f,
                  struct stock_unit **out, size_t *n, int64_t *total, struct err *e);
/* Replaces the fields of unit u->id (number, layout, area, floor,
 * accessible, rent, price, status) with u's when its version is still
 * expected_version: the rules of form and the status table are checked.
 * No change at all leaves the version as it was. On success *u is the
 * stored unit. */
int app_unit_update(struct app *a, const struct actor *who, struct stock_unit *u,
                    int64_t expected_version, struct err_list *errs);
/* The status alone (the command line's `stock set-status`). */
int app_unit_set_status(struct app *a, const struct actor *who, int64_t id, enum unit_status status,
                        int64_t expected_version, struct stock_unit *out, struct err_list *errs);

/* --- import and export -------------------------------------------------- */

struct stock_import_options {
    enum csv_encoding encoding;
    FILE *rejects; /* NULL: all or nothing; else import the good rows and
                      write the bad ones here with their reasons */
};

struct stock_import_report {
    long rows, rows_bad;
    long projects_new, projects_updated;
    long buildings_new, buildings_updated;
    long units_new, units_updated, units_unchanged;
    struct err_list errs; /* every error with line and column (first 1000 kept) */
    int committed;        /* 1 when anything was written */
};

/* Imports the stock CSV: new projects, buildings and units are inserted,
 * existing ones (by project code; building name within the project; unit
 * number within the building) are updated where the file differs, nothing
 * is deleted. Without rejects nothing is written when any row is wrong.
 * Returns 0 when the import ran (rep says how), -1 when it could not. */
int app_stock_import(struct app *a, const struct actor *who, FILE *in,
                     const struct stock_import_options *o, struct stock_import_report *rep,
                     struct err *e);
/* Writes every unit in the import format, by project code, building, floor
 * and unit number, streaming. Projects and buildings without units have no
 * row. */
int app_stock_export(struct app *a, const struct actor *who, FILE *out, long *units, struct err *e);

#endif
