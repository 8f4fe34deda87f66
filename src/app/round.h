/* app/round — rounds (配租/配售批次) as use cases (docs/rounds.md).
 *
 * create → add units → open → register → shortlist → recheck → draw →
 * allocate → accept/decline offers (allocate again for the units declined)
 * → publish. Each function is one write transaction with an audit entry
 * (entity "round", its id; actions round.create, round.add_units, ...).
 *
 * Who may: running a round (every step but register and answering an offer)
 * needs PERM_ROUND_RUN (district and city officers, as lottery.draw) and the
 * round's district in the actor's scope (access_covers; out of scope is the
 * same ERR_NOT_FOUND as a missing round); reading needs PERM_ROUND_READ
 * (those, operators and auditors, as lottery.read).
 * Registering and answering an offer: an applicant for their own household's
 * application, or an officer who runs the round on the family's behalf.
 * The NULL actor (the command line) may do everything.
 */
#ifndef ANJU_APP_ROUND_H
#define ANJU_APP_ROUND_H

#include "app/app.h"
#include "store/round_store.h"

#include <jansson.h>

/* r: code, name, programme, kind, target_category, district_code; ratio,
 * declines_max, choose_days: 0 takes the programme's round rules
 * (shortlist_ratio_permille, declines_max, offer_days) of the policy version
 * in force today for the district (the defaults of round_rules_default when
 * none covers it); the audit detail names that version. Sets the rest. */
int app_round_create(struct app *a, const struct actor *who, struct round_row *r, struct err *e);
int app_round_get(struct app *a, const struct actor *who, int64_t id, struct round_row *r,
                  struct err *e);
int app_round_list(struct app *a, const struct actor *who, struct round_row **out, size_t *n,
                   struct err *e);
/* Reserves the vacant units of the programme in the round's scope (one
 * project when project_code is given). Draft or open rounds only. */
int app_round_add_units(struct app *a, const struct actor *who, int64_t id,
                        const char *project_code, int64_t *added, struct err *e);
/* draft → open (needs units). */
int app_round_open(struct app *a, const struct actor *who, int64_t id, struct err *e);
/* Registers a filed application of the round's programme and scope, with
 * preferences (a JSON array of unit ids of the round, best first; NULL or
 * "[]": any unit that fits). A targeted round takes only families with its
 * category. *created: 0 when it was registered already. */
int app_round_register(struct app *a, const struct actor *who, int64_t id, int64_t application_id,
                       const char *preferences, int *created, struct err *e);
/* Registers every filed family of the programme in scope (officers). */
int app_round_register_all(struct app *a, const struct actor *who, int64_t id, int64_t *n,
                           struct err *e);
/* open → shortlisted: queue order among the entrants (core/queue with the
 * policy in force today), units × ratio of them; buckets set. */
int app_round_shortlist(struct app *a, const struct actor *who, int64_t id, int64_t *shortlisted,
                        struct err *e);
/* shortlisted → rechecked: eligibility re-run (stored decision) of each
 * shortlisted family. */
int app_round_recheck(struct app *a, const struct actor *who, int64_t id, int64_t *eligible,
                      int64_t *ineligible, struct err *e);
/* rechecked (list not yet published) → rechecked with its list: fixes the
 * anju-lottery-v1 entrant list of the shortlisted eligible families (one
 * ticket each, bucket from the shortlist) and stores it with its time,
 * BEFORE the randomness of the draw exists; list_sha256 (hex) is what is
 * announced. entrants.csv written into out_dir when given. Audit
 * round.publish_list. A published list never changes (ERR_CONFLICT). */
int app_round_publish_list(struct app *a, const struct actor *who, int64_t id, const char *out_dir,
                           char list_sha256[65], int64_t *entrants, struct err *e);
/* rechecked with a published list → drawn: the lottery (lottery_id new,
 * randomness public) on exactly the published bytes, recorded as a lottery
 * draw; the three files written into out_dir when given (for `anju lottery
 * verify`). ERR_CONFLICT (field "list") when the list is not published. */
int app_round_draw(struct app *a, const struct actor *who, int64_t id, const char *lottery_id,
                   const char *randomness, const char *out_dir, struct err *e);
/* drawn/choosing → choosing: serial dictatorship in lottery order over the
 * preferences, under the size → layout table of the programme's round rules
 * in the policy version in force on the round's creation day for its area
 * (the defaults when none); offers with a deadline. Run
 * again after declines to offer the units that came back. */
int app_round_allocate(struct app *a, const struct actor *who, int64_t id, int64_t *offered,
                       int64_t *unassigned, struct err *e);
int app_round_offers(struct app *a, const struct actor *who, int64_t id,
                     struct round_offer_row **out, size_t *n, struct err *e);
/* Accepts (unit let or sold) or declines (unit back to the pool; the
 * decline counts) an open offer. */
int app_round_answer(struct app *a, const struct actor *who, int64_t offer_id, int accept,
                     struct round_offer_row *out, struct err *e);
/* choosing: the offers still open whose deadline (the last day to answer)
 * is before today expire; each counts as a decline (at declines_max the
 * family loses its place) and its unit goes back to reserved. Audit
 * round.expire. allocate, answer and publish run the same sweep first (an
 * answer to an expired offer is ERR_CONFLICT, field "deadline"). */
int app_round_expire(struct app *a, const struct actor *who, int64_t id, int64_t *expired,
                     struct err *e);
/* choosing → published: open offers expire, units still reserved go back
 * to vacant; the results become public. */
int app_round_publish(struct app *a, const struct actor *who, int64_t id, struct err *e);
int app_round_entrants(struct app *a, const struct actor *who, int64_t id,
                       struct round_entrant_row **out, size_t *n, struct err *e);

/* JSON */
json_t *app_round_json(const struct round_row *r);
/* 张三丰 → 张**: the first character, then one * for each other. */
void app_round_mask_name(const char *name, char *out, size_t size);
/* The public results of a published round (no sign-in): masked names, unit
 * numbers, sequence and the lottery manifest. ERR_NOT_FOUND unless published. */
json_t *app_round_results(struct app *a, int64_t id, struct err *e);

#endif
