/* app/verify — the verification use cases (核对): check households against
 * the shared-data feeds, keep the report, show it.
 *
 * The rules are core/verify's; this module loads the household and its
 * feed rows, calls verify_household, and saves the report through
 * store/verification_store, each use case in one transaction.
 *
 * A struct verification_report is a plain value (about 60 KiB: allocate it
 * on the heap). ID numbers in it are always masked.
 */
#ifndef ANJU_APP_VERIFY_H
#define ANJU_APP_VERIFY_H

#include "app/app.h"
#include "core/verify.h"

#include <stdint.h>

/* One discrepancy as people read it. */
struct verification_item {
    int member_seq; /* the member's place in the household, from 1 */
    /* the member now at that place ("" when there is none any more) */
    char member_name[HH_NAME_MAX + 1];
    char member_id_masked[19];
    enum relation relation;
    enum feed_source source;
    char field[32];
    char declared[VERIFY_VALUE_MAX + 1];
    char found[VERIFY_VALUE_MAX + 1];
    char evidence[VERIFY_EVIDENCE_MAX + 1];
};

/* A verification report (核对报告). */
struct verification_report {
    int64_t id; /* the stored report */
    int64_t household_id;
    char household_no[HH_NO_MAX + 1];
    int64_t household_version; /* the version that was verified */
    int64_t current_version;   /* the household's version now */
    int changed_since;         /* 1 when the household was changed after the report */
    char verified_at[21];
    unsigned sources;            /* bit per enum feed_source: loaded and used */
    int64_t batches[FEED_COUNT]; /* the batch in force for each source used */
    int total;                   /* discrepancies found */
    int truncated;               /* more were found than are listed */
    int n;                       /* listed */
    struct verification_item items[VERIFY_DISCREPANCIES_MAX];
};

/* Verifies one household against every loaded feed and saves the report,
 * in one write transaction; out (may be NULL) gets the report. */
int app_verify_household(struct app *a, const struct actor *who, int64_t household_id,
                         struct verification_report *out, struct err *e);

struct verify_run_counts {
    unsigned sources;            /* the sources loaded and used (bit per enum feed_source) */
    int64_t batches[FEED_COUNT]; /* the batch in force for each */
    long households;             /* verified */
    long with_discrepancies;     /* of them, with at least one discrepancy */
    long discrepancies;          /* found in all */
};

/* Called every VERIFY_RUN_PROGRESS_EVERY households and once at the end. */
typedef void (*verify_progress_fn)(const struct verify_run_counts *so_far, void *ctx);
enum { VERIFY_RUN_PROGRESS_EVERY = 10000 };

/* Verifies every household and saves a report for each, streaming (one
 * household in memory at a time), in one write transaction against one
 * snapshot of the feeds: a failure leaves no report of the run. progress
 * may be NULL. */
int app_verify_run(struct app *a, const struct actor *who, verify_progress_fn progress, void *ctx,
                   struct verify_run_counts *out, struct err *e);

/* The latest report of a household. ERR_NOT_FOUND when the household does
 * not exist or has never been verified (「该家庭尚未核对」). */
int app_verification_report(struct app *a, const struct actor *who, int64_t household_id,
                            struct verification_report *out, struct err *e);

/* The JSON representation of a report (docs/openapi.json,
 * VerificationReport), shared by api/ and cli/. NULL when out of memory. */
#include <jansson.h>
json_t *app_verification_json(const struct verification_report *r);

#endif
