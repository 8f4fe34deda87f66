/* api/api_handlers — the endpoints of /api/v1 and their route table.
 *
 * Each handler is thin: it parses and checks the request, calls one app_*
 * use case with rq->actor, and renders the result (JSON or problem+json).
 * Rules and SQL live in core/, app/ and store/, never here.
 */
#ifndef ANJU_API_API_HANDLERS_H
#define ANJU_API_API_HANDLERS_H

#include "api/api_router.h"

#include <stddef.h>
#include <stdint.h>

/* GET /api/v1/health */
int api_health(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/openapi.json */
int api_openapi(struct api_request *rq, struct api_response *rs);

/* POST /api/v1/households */
int api_household_create(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/households/{id} */
int api_household_get(struct api_request *rq, struct api_response *rs);
/* PATCH /api/v1/households/{id} (JSON merge patch with "version") */
int api_household_patch(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/households?district=&q=&page=&page_size= */
int api_household_list(struct api_request *rq, struct api_response *rs);

/* POST /api/v1/households/{id}/eligibility */
int api_eligibility_check(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/eligibility/summary?programme=&district= */
int api_eligibility_summary(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/policies */
int api_policy_list(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/policies/{ref} (id or CODE@VERSION) */
int api_policy_get(struct api_request *rq, struct api_response *rs);
/* POST /api/v1/policies (a preset as JSON; city officers) */
int api_policy_import(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/policies/{ref}/diff?against=REF */
int api_policy_diff(struct api_request *rq, struct api_response *rs);

/* GET /api/v1/households/{id}/verification (the latest 核对报告) */
int api_verification_get(struct api_request *rq, struct api_response *rs);
/* POST /api/v1/households/{id}/verification (verify now, keep the report) */
int api_verification_run(struct api_request *rq, struct api_response *rs);

/* POST /api/v1/session (public: sign in), GET (the session again, e.g.
 * after a reload), DELETE (sign out) */
int api_session_create(struct api_request *rq, struct api_response *rs);
int api_session_get(struct api_request *rq, struct api_response *rs);
int api_session_delete(struct api_request *rq, struct api_response *rs);
/* POST /api/v1/accounts (public: an applicant registers) */
int api_account_register(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/me, POST /api/v1/me/household (an applicant binds) */
int api_me_get(struct api_request *rq, struct api_response *rs);
int api_me_household(struct api_request *rq, struct api_response *rs);
/* GET/POST /api/v1/users, PATCH /api/v1/users/{id} (administrators) */
int api_user_list(struct api_request *rq, struct api_response *rs);
int api_user_create(struct api_request *rq, struct api_response *rs);
int api_user_patch(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/audit?entity=TYPE[:ID]&actor=&page=&page_size= (auditors; newest first) */
int api_audit_list(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/audit/verification?head=SEQ:HASH (the hash chain checked now) */
int api_audit_verification(struct api_request *rq, struct api_response *rs);

/* POST /api/v1/applications, GET /api/v1/applications?state=&programme=&district=
 * &inbox=&page=&page_size=, GET /api/v1/applications/{id} */
int api_application_create(struct api_request *rq, struct api_response *rs);
int api_application_list(struct api_request *rq, struct api_response *rs);
int api_application_get(struct api_request *rq, struct api_response *rs);
/* POST /api/v1/applications/{id}/actions {action, version, reason?, missing?, answer?} */
int api_application_act(struct api_request *rq, struct api_response *rs);
/* POST /api/v1/applications/{id}/objections {objector, content};
 * POST /api/v1/applications/{id}/objections/{oid}/resolution {upheld, resolution} */
int api_objection_create(struct api_request *rq, struct api_response *rs);
int api_objection_resolve(struct api_request *rq, struct api_response *rs);
/* GET /api/public/notices (public: masked 公示 entries) */
int api_public_notices(struct api_request *rq, struct api_response *rs);

/* The housing stock (api_stock.c): GET/POST /api/v1/projects, GET
 * /api/v1/projects/{id}, GET/POST /api/v1/projects/{id}/units, GET/PATCH
 * /api/v1/units/{id} */
int api_project_list(struct api_request *rq, struct api_response *rs);
int api_project_create(struct api_request *rq, struct api_response *rs);
int api_project_get(struct api_request *rq, struct api_response *rs);
int api_unit_list(struct api_request *rq, struct api_response *rs);
int api_unit_create(struct api_request *rq, struct api_response *rs);
int api_unit_get(struct api_request *rq, struct api_response *rs);
int api_unit_patch(struct api_request *rq, struct api_response *rs);
/* GET /api/v1/me/queue (the applicant's places and why);
 * POST /api/v1/me/queue/re-report {application_id} (the applicant re-reports);
 * POST /api/v1/applications/{id}/re-report (an officer, on the family's behalf);
 * GET /api/v1/queues/{programme}?district=&page=&page_size= (an officer's list) */
int api_me_queue(struct api_request *rq, struct api_response *rs);
int api_me_queue_re_report(struct api_request *rq, struct api_response *rs);
int api_application_re_report(struct api_request *rq, struct api_response *rs);
int api_queue_list(struct api_request *rq, struct api_response *rs);

/* Rounds (api_rounds.c): GET/POST /api/v1/rounds, GET /api/v1/rounds/{id},
 * POST /api/v1/rounds/{id}/actions, GET /api/v1/rounds/{id}/units, GET/POST
 * /api/v1/rounds/{id}/entrants, GET /api/v1/rounds/{id}/offers, GET
 * /api/v1/rounds/{id}/files/{name}, GET /api/v1/me/rounds, POST
 * /api/v1/offers/{id}/answer; public: GET /api/public/rounds, GET
 * /api/public/rounds/{id}/results, GET /api/public/rounds/{id}/files/{name} */
int api_round_list(struct api_request *rq, struct api_response *rs);
int api_round_create(struct api_request *rq, struct api_response *rs);
int api_round_get(struct api_request *rq, struct api_response *rs);
int api_round_act(struct api_request *rq, struct api_response *rs);
int api_round_units(struct api_request *rq, struct api_response *rs);
int api_round_entrants(struct api_request *rq, struct api_response *rs);
int api_round_register(struct api_request *rq, struct api_response *rs);
int api_round_offers(struct api_request *rq, struct api_response *rs);
int api_round_file(struct api_request *rq, struct api_response *rs);
int api_me_rounds(struct api_request *rq, struct api_response *rs);
int api_offer_answer(struct api_request *rq, struct api_response *rs);
int api_public_rounds(struct api_request *rq, struct api_response *rs);
int api_public_round_results(struct api_request *rq, struct api_response *rs);
int api_public_round_file(struct api_request *rq, struct api_response *rs);

/* Counts for the dashboard (api_summary.c), narrowed to the caller's scope:
 * GET /api/v1/applications/summary?district=  (staff with application.read)
 * GET /api/v1/households/summary?district=    (staff with household.read)
 * GET /api/v1/queues/summary?district=        (queue.list) */
int api_application_summary(struct api_request *rq, struct api_response *rs);
int api_household_summary(struct api_request *rq, struct api_response *rs);
int api_queue_summary(struct api_request *rq, struct api_response *rs);

/* Query helpers of the list endpoints (api_applications.c), adding 400
 * errors to errs: page (default 1) and page_size (default 20, at most 100),
 * a programme code, a 0/1 flag. */
struct err_list;
int api_page_params(const char *page, const char *page_size, int64_t *p, int64_t *size,
                    struct err_list *errs);
int api_programme_param(const char *v, int *programme, struct err_list *errs);
int api_flag_param(const char *name, const char *v, int *out, struct err_list *errs);

extern const struct api_route api_routes[];
extern const size_t api_route_count;

#endif
