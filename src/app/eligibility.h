/* app/eligibility — deciding eligibility and keeping the decisions.
 *
 * A check evaluates one household for one programme on an as-of date with
 * the policy version in force for its region then (app_policy_for), on its
 * declarations verified against every loaded feed (app_household_facts),
 * and stores the decision with the policy id and the reasons. A run does
 * the same for every household in one transaction, streaming.
 */
#ifndef ANJU_APP_ELIGIBILITY_H
#define ANJU_APP_ELIGIBILITY_H

#include "app/app.h"
#include "core/eligibility.h"
#include "store/eligibility_store.h"

struct eligibility_decision {
    int64_t id; /* the stored decision */
    int64_t household_id, household_version;
    char household_no[HH_NO_MAX + 1];
    char district_code[7];
    int64_t policy_id;
    char policy_code[POLICY_CODE_MAX + 1], policy_version[POLICY_VERSION_MAX + 1];
    char as_of[11], decided_at[21];
    unsigned sources; /* feeds used, bit per enum feed_source */
    struct eligibility result;
};

struct eligibility_request {
    enum programme programme;
    const char *as_of; /* YYYY-MM-DD; NULL = today */
    int64_t rent;      /* fen per month, -1 unknown (see eligibility_input) */
    int64_t rent_area; /* 0.01 m2, -1 = the current housing area */
};

/* Parses a programme code ("public_rental"); ERR_INVALID naming field with
 * the valid codes when unknown. */
int app_programme_parse(const char *code, enum programme *p, const char *field, struct err *e);

int app_eligibility_check(struct app *a, const struct actor *who, int64_t household_id,
                          const struct eligibility_request *req, struct eligibility_decision *out,
                          struct err *e);

struct eligibility_run_report {
    int64_t run_id;
    long households, eligible;
    long no_policy; /* households no policy version covers (not decided) */
};
/* progress (may be NULL) is called every 100,000 households. */
int app_eligibility_run(struct app *a, const struct actor *who, enum programme p, const char *as_of,
                        void (*progress)(long done, void *ctx), void *ctx,
                        struct eligibility_run_report *r, struct err *e);
/* Reads what a run reads (every household, its members and their feed rows)
 * and decides nothing: the floor a run is measured against (bench/). */
int app_eligibility_read_floor(struct app *a, const struct actor *who, long *households,
                               struct err *e);

/* The latest finished run's counts (out->run_id 0 when none). district:
 * NULL/"" = all the actor may see. */
int app_eligibility_summary(struct app *a, const struct actor *who, enum programme p,
                            const char *district, struct eligibility_summary *out, struct err *e);

/* The JSON representation of a decision, shared by api/ and cli/ (see
 * docs/openapi.json, EligibilityDecision). NULL when out of memory. */
#include <jansson.h>
json_t *app_eligibility_json(const struct eligibility_decision *d);

#endif
