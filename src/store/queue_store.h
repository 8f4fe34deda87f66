/* store/queue_store — the waiting-list rows and the re-reports (tables
 * queue_entry and queue_re_report of migration 0007).
 *
 * The only place that knows those tables. A queue is loaded by one scan of
 * queue_entry (index queue_entry_programme) into two arrays that share the
 * index: what core/queue orders by (struct queue_family) and the rest
 * (struct queue_entry). Callers own the transaction around every call.
 *
 * Ownership: rows (struct queue_rows) are released with queue_rows_free;
 * the list of queue_store_re_reports is the caller's to free().
 */
#ifndef ANJU_STORE_QUEUE_STORE_H
#define ANJU_STORE_QUEUE_STORE_H

#include "core/queue.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* The rest of a queue row. */
struct queue_entry {
    enum programme programme;
    int64_t household_id;
    char region_code[13], district_code[7];
    char verified_on[11];
    int64_t decision_id; /* 0 = none */
    char last_report_on[11];
    char answered_through[11];  /* the latest due date answered (core/queue); "" = none */
    char overdue_due[11];       /* "" = not marked overdue */
    char overdue_marked_on[11]; /* "" = not marked */
};

/* Rows read: fam[i] and info[i] describe the same application. The arrays
 * are base/bigmem's (a million rows are 160 MB): release them with
 * queue_rows_free. */
struct queue_rows {
    struct queue_family *fam;
    struct queue_entry *info;
    size_t n, cap;
};
void queue_rows_free(struct queue_rows *r);

/* Every row of programme p (-1: of every programme), in application id
 * order. */
int queue_store_load(struct db *db, int p, struct queue_rows *out, struct err *e);
/* The rows of one household's applications (an applicant's own), in
 * application id order. */
int queue_store_household(struct db *db, int64_t household_id, struct queue_rows *out,
                          struct err *e);
/* One row: 1 found, 0 the application is not on a waiting list, -1 error. */
int queue_store_get(struct db *db, int64_t application_id, struct queue_family *fam,
                    struct queue_entry *info, struct err *e);

/* Puts a filed application on its programme's list (at filing). */
int queue_store_enter(struct db *db, const struct queue_family *fam, const struct queue_entry *info,
                      struct err *e);
/* After a re-report: the category facts verified on verified_on by
 * decision_id (0: none, the facts are kept), last_report_on = reported_on,
 * the due dates answered through `answered`, and the overdue mark cleared. */
int queue_store_reported(struct db *db, int64_t application_id, const struct category_facts *facts,
                         const char *verified_on, int64_t decision_id, const char *reported_on,
                         const char *answered, struct err *e);
/* Marks a row overdue: due is the date missed, as_of the day it was found. */
int queue_store_mark_overdue(struct db *db, int64_t application_id, const char *due,
                             const char *as_of, struct err *e);

/* --- re-reports --------------------------------------------------------- */

struct queue_re_report {
    int64_t id, application_id;
    char reported_on[11], at[21];
    int64_t account_id; /* 0 = the local operator */
    char actor[80], role[24];
    int64_t decision_id; /* 0 = none */
    int eligible;        /* 1, 0, or -1 = no policy covered the household */
    char cleared_overdue[11];
    char application_no[QUEUE_NO_MAX + 1]; /* read with it (not stored in the row) */
};
/* Appends r; sets r->id. */
int queue_store_re_report_add(struct db *db, struct queue_re_report *r, struct err *e);
/* Every re-report of an application, oldest first. */
int queue_store_re_reports(struct db *db, int64_t application_id, struct queue_re_report **out,
                           size_t *n, struct err *e);

/* --- who the families are (a page at a time) ----------------------------- */

struct queue_person {
    int64_t household_id;
    char household_no[HH_NO_MAX + 1];
    char applicant_name[HH_NAME_MAX + 1];
    char applicant_id_number[19]; /* unmasked: masking is the caller's duty */
    int members;
};
/* The applicant and size of each household of ids (n of them); out[i] for
 * ids[i] (a household without an applicant member: empty name and number). */
int queue_store_people(struct db *db, const int64_t *ids, size_t n, struct queue_person *out,
                       struct err *e);

#endif
