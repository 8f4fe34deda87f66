/* app/application — the application workflow use cases: open an
 * application, read and list them, act on one (submit, accept, approve,
 * return, resubmit, reject, withdraw, file), record and resolve 公示
 * objections, and the public notices.
 *
 * Each is one transaction. Every act checks the role (access_may and the
 * transition table of core/workflow) and the scope (access_covers on the
 * application's district, street and household: out of scope answers the
 * same ERR_NOT_FOUND as a missing id), refuses a stale version with
 * ERR_CONFLICT, re-runs eligibility for the application's programme as of
 * today (stored as app_eligibility_check stores a decision), and appends
 * the event to the application's history and an entry to the audit log, all
 * in the same transaction: a refused act changes nothing.
 *
 * A NULL actor is the local operator (CLI), who may take any transition of
 * the table. The public notices take no actor at all: they are public and
 * hold only masked data.
 *
 * Ownership: a struct application_view owns its lists (application_view_free);
 * lists of applications and notices are the caller's to free().
 */
#ifndef ANJU_APP_APPLICATION_H
#define ANJU_APP_APPLICATION_H

#include "app/app.h"
#include "store/application_store.h"

#include <jansson.h>

/* One application with its history and objections, as the actor may see it. */
struct application_view {
    struct application app;
    struct application_event *events;
    size_t nevents;
    struct objection *objections;
    size_t nobjections;
    unsigned actions; /* what the actor may do now by the table (bit per enum workflow_action) */
    int applicant;    /* seen by the applicant: objectors are not shown */
};
void application_view_free(struct application_view *v);

/* Parses a state or action code; ERR_INVALID naming field, listing the valid codes. */
int app_workflow_state_parse(const char *code, enum workflow_state *s, const char *field,
                             struct err *e);
int app_workflow_action_parse(const char *code, enum workflow_action *a, const char *field,
                              struct err *e);

/* Opens an application (draft) of household_id for programme (a code of
 * programme_names). One live application per household and programme:
 * ERR_CONFLICT naming the one there is. */
int app_application_create(struct app *a, const struct actor *who, int64_t household_id,
                           const char *programme, struct application_view *out, struct err *e);
int app_application_get(struct app *a, const struct actor *who, int64_t id,
                        struct application_view *out, struct err *e);

struct application_query {
    int state;            /* enum workflow_state, or -1 = all */
    int programme;        /* enum programme, or -1 = all */
    const char *district; /* 6 digits, NULL = all the actor may see */
    int inbox;            /* 1: only the states the actor's role acts on */
    int64_t page, page_size;
};
/* The applications the actor may see, newest first. */
int app_application_list(struct app *a, const struct actor *who, const struct application_query *q,
                         struct application **out, size_t *n, int64_t *total, struct err *e);

/* Summaries are staff reports: an applicant account is refused
 * (ERR_FORBIDDEN) even where it may read its own records. */
int app_staff_report(const struct actor *who, struct err *e);

/* How many applications the actor may see (PERM_APPLICATION_READ, staff
 * only), by district, programme and state (store/application_store:
 * application_store_counts); only `district` (6 digits) when not NULL —
 * a district outside the scope counts nothing. *out is the caller's to free. */
int app_application_summary(struct app *a, const struct actor *who, const char *district,
                            struct application_count **out, size_t *n, struct err *e);

struct application_act {
    enum workflow_action action;
    int64_t version;    /* the version the actor saw */
    const char *reason; /* NULL = none */
    const char *const *missing;
    int nmissing;
    const char *answer; /* NULL = none */
};
/* Takes one transition. Refusals go to errs: ERR_FORBIDDEN, ERR_NOT_FOUND,
 * ERR_CONFLICT (stale version), ERR_INVALID (not in this state, a missing
 * reason/list/answer, publicity not over, objections); a household that is
 * not eligible any more is ERR_INVALID on "eligibility" followed by one
 * error per failed criterion ("eligibility.criteria.<code>"). */
int app_application_act(struct app *a, const struct actor *who, int64_t id,
                        const struct application_act *act, struct application_view *out,
                        struct err_list *errs);

/* Records an objection (公示异议) during publicity: city officers.
 * objector: who objected (a name, or 匿名). */
int app_objection_record(struct app *a, const struct actor *who, int64_t application_id,
                         const char *objector, const char *content, struct objection *out,
                         struct err *e);
/* Resolves an open objection; upheld = 1 when it stands (the city officer
 * then rejects: an application with an upheld objection cannot be filed). */
int app_objection_resolve(struct app *a, const struct actor *who, int64_t application_id,
                          int64_t objection_id, int upheld, const char *resolution,
                          struct objection *out, struct err *e);

/* --- public notices (公示) ---------------------------------------------- */

enum { NOTICE_FILED_DAYS = 30 };

struct public_notice {
    enum programme programme;
    enum workflow_state state;            /* publicity, or filed */
    char applicant_name[HH_NAME_MAX + 1]; /* masked: 张* */
    char applicant_id_number[19];         /* masked: 110101********1234 */
    char district_code[7], district_name[192];
    char region_code[13], street_name[192];
    int members;
    char publicity_start[11], publicity_end[11], filed_date[11]; /* "" = none */
};

struct notice_query {
    int programme;        /* enum programme, or -1 = all */
    const char *district; /* 6 digits, NULL = all */
    int include_filed;    /* also those filed in the last NOTICE_FILED_DAYS days */
    int64_t page, page_size;
};
/* Applications in publicity (and, asked for, recently filed), names and ID
 * numbers masked. No actor: public by design. */
int app_public_notices(struct app *a, const struct notice_query *q, struct public_notice **out,
                       size_t *n, int64_t *total, struct err *e);

/* --- JSON (docs/openapi.json: Application, ApplicationDetail, Objection,
 * PublicNotice), shared by api/ and cli/. NULL when out of memory. -------- */

json_t *app_application_json(const struct application *ap, unsigned actions);
json_t *app_application_view_json(const struct application_view *v);
json_t *app_objection_json(const struct objection *o, int show_objector);
json_t *app_notice_json(const struct public_notice *n);

#endif
