/* app — the use cases. Each public function is one transaction: it checks
 * who acts and what they may see, loads, calls core/, saves.
 *
 * struct app holds the database connection and the reference data loaded
 * once (the street → district map). One struct app per thread: a
 * connection is not shared between threads.
 *
 * Actors (core/access.h): NULL means the local operator at the command
 * line, who may do everything; otherwise the signed-in account with its
 * role and region scope, checked by every use case.
 */
#ifndef ANJU_APP_APP_H
#define ANJU_APP_APP_H

#include "base/err.h"
#include "core/household.h"
#include "io/csv.h"
#include "store/db.h"
#include "store/household_store.h"

#include <stdio.h>

#include "core/access.h"

struct app;

/* Opens (creating when new) the database and applies pending migrations. */
int app_open(struct app **out, const char *db_url, struct err *e);
void app_close(struct app *a);
struct db *app_db(struct app *a);

/* The district of a street code; ERR_INVALID naming `field` when the code
 * is not a street/township in the region table. */
int app_street_district(struct app *a, const char *street, char district[7], const char *field,
                        struct err *e);

/* --- households ------------------------------------------------------- */

/* Checks h against the rules of form and the region table without saving
 * (derives birth dates, sexes and the district). 0 when it passes. */
int app_household_check(struct app *a, const struct actor *who, struct household *h,
                        struct err_list *errs);
/* Validates and inserts h; sets h->id and h->version. All problems go to errs.
 * An empty h->household_no is assigned in the same transaction: W, the year
 * of date_today and a 6-digit sequence (W2026000001), set in h. */
int app_household_create(struct app *a, const struct actor *who, struct household *h,
                         struct err_list *errs);
int app_household_get(struct app *a, const struct actor *who, int64_t id, struct household *h,
                      struct err *e);
/* Replaces household h->id with h if its version is still expected_version. */
int app_household_replace(struct app *a, const struct actor *who, struct household *h,
                          int64_t expected_version, struct err_list *errs);
/* Public (takes no actor): how many households the registry holds, for the
 * health check — an aggregate that names no one. */
int app_health_households(struct app *a, int64_t *n, struct err *e);
/* How many households the actor may see. */
int app_household_count(struct app *a, const struct actor *who, int64_t *n, struct err *e);
int app_household_list(struct app *a, const struct actor *who, const struct household_filter *f,
                       struct household_summary **out, size_t *n, int64_t *total, struct err *e);

/* How many households the actor may see (PERM_HOUSEHOLD_READ; staff only:
 * an applicant is refused), by district; only `district` (6 digits) when
 * not NULL — a district outside the scope counts nothing. *total is their
 * sum; *out is the caller's to free. */
int app_household_summary(struct app *a, const struct actor *who, const char *district,
                          struct household_district_count **out, size_t *n, int64_t *total,
                          struct err *e);

enum import_bulk {
    IMPORT_BULK_AUTO = 0, /* bulk-load when the file is large against the registry */
    IMPORT_BULK_ALWAYS,
    IMPORT_BULK_NEVER,
};

struct import_options {
    enum csv_encoding encoding;
    /* Bulk loading builds the registry's indexes once at the end instead of
     * row by row, and finds duplicate ID numbers in memory. */
    enum import_bulk bulk;
    FILE *rejects; /* NULL: all or nothing; else import the good households
                      and write the bad rows here with their reasons */
};

struct import_report {
    long rows;           /* data rows read */
    long households_ok;  /* imported */
    long households_bad; /* with at least one error */
    long members_imported;
    struct err_list errs; /* every error, row and column (first 1000 kept) */
    int committed;        /* 1 when anything was written */
    int bulk;             /* 1 when the bulk-load path was taken */
};

/* Imports the household CSV from in. Without rejects, nothing is written
 * when any row is wrong. Returns 0 when the import ran (rep says how it
 * went; rep->errs may be non-empty), -1 when it could not run at all. */
int app_household_import(struct app *a, const struct actor *who, FILE *in,
                         const struct import_options *o, struct import_report *rep, struct err *e);
/* Writes every household in the import format, in id order, streaming. */
int app_household_export(struct app *a, const struct actor *who, FILE *out, long *households,
                         struct err *e);

#endif
