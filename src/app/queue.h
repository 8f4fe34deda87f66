/* app/queue — the waiting lists (轮候) as use cases: a family's place and
 * why, a programme's list for an officer's region, re-reports (定期申报),
 * and marking the families who did not re-report.
 *
 * Nothing about an order is stored: every read computes the queue on
 * demand, in one read transaction, from the filed applications' rows
 * (store/queue_store: one scan) with core/queue, on today's date (UTC, or
 * $ANJU_TODAY). A queue is one programme under one policy version: the
 * version in force today for each family's street (app_policy_pick);
 * families that different versions govern are in different queues, and a
 * family no version covers is in a queue of its own kind, ordered by filing
 * date alone. Positions are city-wide: an officer sees the families of the
 * region they hold, each with its place in the whole queue.
 *
 * Roles (core/access): an applicant reads the places of their own
 * household's applications (PERM_QUEUE_READ) and re-reports for them;
 * officers read lists of their region (PERM_QUEUE_LIST) and places in it,
 * and record re-reports on a family's behalf; auditors read everything;
 * marking families overdue is for the command line only. Out of scope is
 * the same ERR_NOT_FOUND as an application that does not exist.
 *
 * Changes (a re-report, an overdue mark) are one write transaction each,
 * with an event in the application's history and an audit entry.
 *
 * Ownership: lists (*out) are the caller's to free().
 */
#ifndef ANJU_APP_QUEUE_H
#define ANJU_APP_QUEUE_H

#include "app/app.h"
#include "core/queue.h"
#include "store/queue_store.h"

#include <jansson.h>

/* One family's place, as the use cases give it. */
struct queue_item {
    int64_t application_id, household_id;
    char application_no[QUEUE_NO_MAX + 1];
    enum programme programme;
    int64_t policy_id; /* 0: no policy version covers the family's street */
    char policy_code[POLICY_CODE_MAX + 1], policy_version[POLICY_VERSION_MAX + 1];
    char region_code[13], district_code[7];
    char filed_date[11];
    char as_of[11];
    long queue_size; /* families in this queue */
    struct queue_place place;
    int class_number; /* place.class_index + 1 */
    char class_code[32], class_zh[96], class_en[96];
    char why_zh[QUEUE_WHY_MAX], why_en[QUEUE_WHY_MAX];
    int re_report_months;        /* the policy's; 0 = no re-reporting */
    char last_re_report[11];     /* "" = none yet */
    char next_re_report_due[11]; /* "" = none (no re-reporting) */
    int overdue;                 /* marked overdue (app_queue_mark_overdue) */
    char overdue_due[11];        /* the due date missed, when marked */
    /* who the family is: lists only (people = 1) */
    int people;
    char household_no[HH_NO_MAX + 1];
    char applicant_name[HH_NAME_MAX + 1];
    char applicant_id_number[19]; /* masked: 110105********0030 */
    int members;
};

/* The places of the applicant's own household's filed applications (an
 * applicant account: else ERR_FORBIDDEN), one per programme, in
 * application order; none when the account has no household yet. */
int app_queue_mine(struct app *a, const struct actor *who, struct queue_item **out, size_t *n,
                   struct err *e);

/* The place of one filed application (PERM_QUEUE_READ, in scope); ERR_NOT_FOUND
 * for a missing or unseen application, ERR_INVALID (field "application_id")
 * for one that is not on a waiting list. With people: who the family is. */
int app_queue_position(struct app *a, const struct actor *who, int64_t application_id,
                       struct queue_item *out, struct err *e);

enum { QUEUE_PAGE_MAX = 10000 }; /* families on one page at most */

struct queue_query {
    enum programme programme;
    const char *district; /* 6 digits; NULL = all the actor may see */
    int64_t page, page_size;
};
/* The families of one programme's queue that the actor may see
 * (PERM_QUEUE_LIST), a page of at most QUEUE_PAGE_MAX, in queue order — by policy version (code,
 * version), then position — each with its city-wide place and who it is (ID numbers masked). A
 * district outside the scope gives an empty page. *total counts the families the query matches;
 * as_of (11 bytes) gets the date. */
int app_queue_list(struct app *a, const struct actor *who, const struct queue_query *q,
                   struct queue_item **out, size_t *n, int64_t *total, char as_of[11],
                   struct err *e);

/* How many families wait, by programme, policy version and class: what a
 * dashboard shows. Counts only, of the families the actor may see
 * (PERM_QUEUE_LIST; narrowed to the scope as a list is, and to `district`
 * when it is not NULL); computed as a list is (every queue ordered on
 * today's date), so a family is in the class its place gives it. */
struct queue_class_count {
    int class_number; /* from 1 */
    char class_code[32], class_zh[96], class_en[96];
    long families;
};
struct queue_group_count {
    int64_t policy_id; /* 0: the families no policy version covers */
    char policy_code[POLICY_CODE_MAX + 1], policy_version[POLICY_VERSION_MAX + 1];
    long families;
    int nclasses; /* every class of the version, those without families too */
    struct queue_class_count classes[QUEUE_CLASS_MAX];
};
struct queue_programme_count {
    long families;
    int ngroups; /* the versions with families the actor sees, by code and version */
    struct queue_group_count *groups;
};
struct queue_summary {
    char as_of[11];
    long families;
    struct queue_programme_count programmes[PROG_COUNT]; /* by enum programme */
};
int app_queue_summary(struct app *a, const struct actor *who, const char *district,
                      struct queue_summary *out, struct err *e);
void queue_summary_free(struct queue_summary *s);

/* A re-report (定期申报) of a filed application, today, by its applicant or
 * an officer of its region (PERM_QUEUE_RE_REPORT): eligibility is re-run on
 * the household's current record verified against every loaded feed (the
 * decision is stored), the queue row takes the categories so verified, the
 * overdue mark is cleared, and the report is recorded with an event and an
 * audit entry. ERR_INVALID when the application is not on a waiting list or
 * its programme has no re-reporting under the policy in force. *after
 * (may be NULL) gets the family's place once reported. */
int app_queue_re_report(struct app *a, const struct actor *who, int64_t application_id,
                        struct queue_re_report *out, struct queue_item *after, struct err *e);

/* The same for the applicant's own application only (an applicant account:
 * else ERR_FORBIDDEN): POST /api/v1/me/queue/re-report. */
int app_queue_re_report_mine(struct app *a, const struct actor *who, int64_t application_id,
                             struct queue_re_report *out, struct queue_item *after, struct err *e);

/* Every re-report of an application (PERM_QUEUE_READ, in scope), oldest first. */
int app_queue_re_reports(struct app *a, const struct actor *who, int64_t application_id,
                         struct queue_re_report **out, size_t *n, struct err *e);

struct overdue_report {
    char as_of[11];
    long checked; /* families on the lists looked at */
    long due;     /* with re-reporting under their policy */
    long marked;  /* newly marked overdue */
    long already; /* overdue and marked before */
    long covered; /* not overdue */
};
/* Marks every family (of programme p; -1 = every programme) whose next
 * re-report due date is before as_of (NULL = today; not after today) and
 * that is not marked yet: one event and one audit entry per family, and one
 * audit entry for the run. Command line only (who must be NULL). */
int app_queue_mark_overdue(struct app *a, const struct actor *who, int p, const char *as_of,
                           struct overdue_report *r, struct err *e);

/* --- JSON (docs/openapi.json: QueueEntry, ReReport), shared by api/ and
 * cli/. NULL when out of memory. ---------------------------------------- */
json_t *app_queue_item_json(const struct queue_item *it);
json_t *app_re_report_json(const struct queue_re_report *r, const char *next_due);

#endif
