/* store/application_store — applications, their history and 公示 objections
 * (the application, application_event and objection tables of migration
 * 0004).
 *
 * The only place that knows those tables. Callers own the transaction
 * (db_begin/db_commit) around every call; a change is written with its
 * version checked (optimistic concurrency). States, actions and programmes
 * are stored as their codes (core/workflow.h, core/policy.h).
 *
 * Ownership: lists (*out) are the caller's to free with free(); events own
 * their reason and detail text: free a list with application_events_free.
 */
#ifndef ANJU_STORE_APPLICATION_STORE_H
#define ANJU_STORE_APPLICATION_STORE_H

#include "core/policy.h"
#include "core/workflow.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

enum {
    APPLICATION_NO_MAX = 24, /* SQ2026-000123 */
    APPLICATION_CORRECTION_MAX = WF_MISSING_MAX * (WF_MISSING_ITEM_MAX + 1),
    OBJECTOR_MAX = 200, /* bytes of UTF-8 */
};

struct application {
    int64_t id;
    char application_no[APPLICATION_NO_MAX + 1];
    int64_t household_id;
    enum programme programme;
    char region_code[13], district_code[7]; /* copied from the household, for scoping */
    enum workflow_state state;
    int returned_from; /* enum workflow_state that asked for 补正; -1 when none */
    /* what is missing, one item per line; "" unless returned */
    char correction_request[APPLICATION_CORRECTION_MAX + 1];
    int64_t policy_id; /* of the last eligibility re-run; 0 = not yet run */
    int eligible;      /* its outcome: 1, 0, or -1 = not yet run */
    char submitted_at[21];
    char publicity_start[11], publicity_end[11], filed_date[11]; /* "" = not yet */
    int64_t version;
    char created_at[21], updated_at[21];
    /* read with the application (joined, never written through it) */
    char household_no[HH_NO_MAX + 1];
    char applicant_name[HH_NAME_MAX + 1];
    char policy_code[POLICY_CODE_MAX + 1], policy_version[POLICY_VERSION_MAX + 1];
};

/* The largest number used this year: SQ<year>-NNNNNN → NNNNNN (0 when none). */
int application_store_last_no(struct db *db, const char *year, int64_t *last, struct err *e);
/* The live (not rejected or withdrawn) application of a household for a
 * programme: 1 found (its number and state), 0 none, -1 error. */
int application_store_find_live(struct db *db, int64_t household_id, enum programme p,
                                char no[APPLICATION_NO_MAX + 1], enum workflow_state *state,
                                struct err *e);
/* Inserts ap (version 1); sets ap->id and ap->version. */
int application_store_insert(struct db *db, struct application *ap, struct err *e);
/* ERR_NOT_FOUND when there is no such application. */
int application_store_get(struct db *db, int64_t id, struct application *ap, struct err *e);
/* Writes ap's state and workflow fields when its version is still
 * expected_version (else ERR_CONFLICT); sets ap->version to the new one. */
int application_store_update(struct db *db, struct application *ap, int64_t expected_version,
                             struct err *e);

struct application_filter {
    /* the actor's scope (core/access: access_list_filter) */
    const char *scope_district, *scope_region, *scope_prefix;
    int64_t scope_household_id;
    /* what was asked for */
    unsigned states;           /* bit per enum workflow_state; 0 = every state */
    int programme;             /* enum programme, or -1 = all */
    const char *district_code; /* NULL or "" = all */
    int64_t page, page_size;   /* page from 1 */
};
/* *out (caller frees) gets up to page_size applications, newest first;
 * *total all that match. */
int application_store_list(struct db *db, const struct application_filter *f,
                           struct application **out, size_t *n, int64_t *total, struct err *e);

/* How many applications match f (its page and page_size ignored), counted
 * by district, programme and state: one entry per combination that has
 * any, ordered by district code, programme code and state code. *out is
 * the caller's to free. */
struct application_count {
    char district_code[7];
    enum programme programme;
    enum workflow_state state;
    int64_t applications;
};
int application_store_counts(struct db *db, const struct application_filter *f,
                             struct application_count **out, size_t *n, struct err *e);

/* --- history ------------------------------------------------------------ */

struct application_event {
    int64_t id, application_id;
    char at[21];
    int64_t account_id; /* 0 = the local operator */
    char actor[80];
    char role[24];
    char action[32];     /* an action code, or create / objection / objection_resolved */
    char from_state[24]; /* state codes; "" before creation */
    char to_state[24];
    char *reason; /* "" when none */
    char *detail; /* JSON object text */
};
/* Appends ev (reason and detail borrowed); sets ev->id. */
int application_store_event_add(struct db *db, struct application_event *ev, struct err *e);
/* Every event of the application, oldest first. */
int application_store_events(struct db *db, int64_t application_id, struct application_event **out,
                             size_t *n, struct err *e);
void application_events_free(struct application_event *list, size_t n);

/* --- objections (公示异议) ---------------------------------------------- */

struct objection {
    int64_t id, application_id;
    char received_at[21];
    char objector[OBJECTOR_MAX + 1];
    char content[WF_REASON_MAX + 1];
    int64_t recorded_by; /* account id; 0 = the local operator */
    char resolved_at[21];
    char resolution[WF_REASON_MAX + 1];
    int upheld; /* 1, 0, or -1 = not yet resolved */
    int64_t resolved_by;
};
/* Inserts o (open); sets o->id. */
int application_store_objection_add(struct db *db, struct objection *o, struct err *e);
/* ERR_NOT_FOUND when the application has no such objection. */
int application_store_objection_get(struct db *db, int64_t application_id, int64_t id,
                                    struct objection *o, struct err *e);
/* Records the resolution of o->id (resolved_at, resolution, upheld,
 * resolved_by) when it is still open; ERR_CONFLICT when it is not. */
int application_store_objection_resolve(struct db *db, const struct objection *o, struct err *e);
/* Every objection of the application, oldest first (*out: caller frees). */
int application_store_objections(struct db *db, int64_t application_id, struct objection **out,
                                 size_t *n, struct err *e);
/* How many are open and how many were upheld. */
int application_store_objection_counts(struct db *db, int64_t application_id, int *open,
                                       int *upheld, struct err *e);

/* --- public notices (公示) ---------------------------------------------- */

struct notice_filter {
    int programme;             /* enum programme, or -1 = all */
    const char *district_code; /* NULL or "" = all */
    const char *filed_since;   /* NULL: publicity only; else also filed on or after this date */
    int64_t page, page_size;
};

/* A row of the notice, unmasked: masking is the caller's duty. */
struct notice_row {
    enum programme programme;
    enum workflow_state state; /* publicity or filed */
    char applicant_name[HH_NAME_MAX + 1];
    char applicant_id_number[19];
    char district_code[7], region_code[13];
    char district_name[192], street_name[192];
    int members;
    char publicity_start[11], publicity_end[11], filed_date[11];
};
/* Newest publicity first; *out (caller frees). */
int application_store_notices(struct db *db, const struct notice_filter *f, struct notice_row **out,
                              size_t *n, int64_t *total, struct err *e);

#endif
