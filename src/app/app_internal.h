/* app/app_internal — what the use-case files of app/ share. Not for api/ or cli/. */
#ifndef ANJU_APP_APP_INTERNAL_H
#define ANJU_APP_APP_INTERNAL_H

#include "app/app.h"

struct street_entry {
    char code[13];
    char district[7];
};

struct policy;

struct app {
    struct db *db;
    struct street_entry *streets; /* sorted by code */
    size_t nstreets;
    /* every stored policy version, parsed (app/policy.c); reloaded when the
     * largest policy id in the database changes */
    struct policy *policies;
    size_t npolicies;
    int64_t policies_last_id;
};

#include "core/verify.h"
#include "store/feed_store.h"

/* The facts rules read for household h: its declarations verified against
 * every loaded feed (app/verify.c). loaded is feed_store_loaded's mask, read
 * once per transaction; rows is a reusable buffer; v may be NULL. */
int app_household_facts(struct app *a, struct feed_store *fs, unsigned loaded,
                        const struct household *h, struct feed_rows *rows,
                        struct household_facts *f, struct verification *v, struct err *e);

/* The policy version that governs a household of street region_code on
 * as_of: among the stored versions whose regions cover it and whose
 * effective date is on or before as_of, the latest effective (then the
 * latest imported). ERR_NOT_FOUND naming "as_of" when there is none. The
 * pointer stays valid until the next call on this app. Call inside the use
 * case's transaction. */
int app_policy_for(struct app *a, const char *region_code, const char *as_of,
                   const struct policy **out, struct err *e);
/* The two halves of app_policy_for, for use cases that decide many
 * households in one transaction: load (or refresh) the versions once, then
 * pick per household without asking the database again. */
int app_policies_load(struct app *a, struct err *e);
int app_policy_pick(struct app *a, const char *region_code, const char *as_of,
                    const struct policy **out, struct err *e);

struct eligibility_decision;
struct eligibility_request;
/* Decides household h (read in this transaction) for req->programme as of
 * as_of, with the policy version in force for its region then and its
 * declarations verified against every loaded feed, and stores the decision
 * as app_eligibility_check does: the same thing inside the caller's write
 * transaction. 1 decided (*out, *policy = the version used), 0 when no
 * policy version covers the household (e says so), -1 error. */
int app_eligibility_decide(struct app *a, const struct household *h,
                           const struct eligibility_request *req, const char *as_of,
                           struct eligibility_decision *out, const struct policy **policy,
                           struct err *e);

/* The same for many households in one transaction: the stores and feeds
 * are opened once (app_decider_open, after the transaction began) and
 * every app_decider_decide is app_eligibility_decide. */
struct app_decider;
int app_decider_open(struct app *a, struct app_decider **out, struct err *e);
int app_decider_decide(struct app_decider *d, const struct household *h,
                       const struct eligibility_request *req, const char *as_of,
                       struct eligibility_decision *out, const struct policy **policy,
                       struct err *e);
void app_decider_close(struct app_decider *d);

struct application;
/* Puts application ap, filed just now (ap->filed_date) after the eligibility
 * re-run d, on its programme's waiting list (app/queue.c): the row keeps
 * the category facts d verified; audited as queue.enter. Inside the
 * filing's write transaction. */
int app_queue_enter(struct app *a, const struct actor *who, const struct application *ap,
                    const struct eligibility_decision *d, struct err *e);

/* Binds the applicant `who` to the household it has just created
 * (app/auth.c), inside the caller's write transaction, with the audit entry;
 * ERR_CONFLICT when the account is bound already. */
int app_account_bind_created(struct app *a, const struct actor *who, int64_t household_id,
                             const char *id_number, struct err *e);

/* The error for a household that does not exist or lies outside the actor's
 * scope: the same words either way, so that existence never leaks. */
int app_household_not_found(int64_t id, struct err *e);
/* 0 when the actor may see household h (NULL actor: always); else
 * app_household_not_found. */
int app_household_visible(const struct actor *who, const struct household *h, struct err *e);

#endif
