/* The route table of /api/v1 (declared in api/api_handlers.h). Keep it in
 * step with docs/openapi.json: tests/api checks every documented operation. */
#include "api/api_handlers.h"

const struct api_route api_routes[] = {
    {"GET", "/api/v1/health", api_health, API_PUBLIC},
    {"GET", "/api/v1/openapi.json", api_openapi, API_PUBLIC},
    {"GET", "/api/v1/households", api_household_list, API_SESSION},
    {"POST", "/api/v1/households", api_household_create, API_SESSION},
    {"GET", "/api/v1/households/{id}", api_household_get, API_SESSION},
    {"PATCH", "/api/v1/households/{id}", api_household_patch, API_SESSION},
    {"POST", "/api/v1/households/{id}/eligibility", api_eligibility_check, API_SESSION},
    {"GET", "/api/v1/households/{id}/verification", api_verification_get, API_SESSION},
    {"POST", "/api/v1/households/{id}/verification", api_verification_run, API_SESSION},
    {"GET", "/api/v1/eligibility/summary", api_eligibility_summary, API_SESSION},
    {"GET", "/api/v1/policies", api_policy_list, API_SESSION},
    {"GET", "/api/v1/policies/{ref}", api_policy_get, API_SESSION},
    {"POST", "/api/v1/session", api_session_create, API_PUBLIC},
    {"GET", "/api/v1/session", api_session_get, API_SESSION},
    {"DELETE", "/api/v1/session", api_session_delete, API_SESSION},
    {"POST", "/api/v1/accounts", api_account_register, API_PUBLIC},
    {"GET", "/api/v1/me", api_me_get, API_SESSION},
    {"POST", "/api/v1/me/household", api_me_household, API_SESSION},
    {"GET", "/api/v1/users", api_user_list, API_SESSION},
    {"POST", "/api/v1/users", api_user_create, API_SESSION},
    {"PATCH", "/api/v1/users/{id}", api_user_patch, API_SESSION},
    {"GET", "/api/v1/audit", api_audit_list, API_SESSION},
    {"GET", "/api/v1/audit/verification", api_audit_verification, API_SESSION},
    {"GET", "/api/v1/applications", api_application_list, API_SESSION},
    {"POST", "/api/v1/applications", api_application_create, API_SESSION},
    {"GET", "/api/v1/applications/{id}", api_application_get, API_SESSION},
    {"POST", "/api/v1/applications/{id}/actions", api_application_act, API_SESSION},
    {"POST", "/api/v1/applications/{id}/objections", api_objection_create, API_SESSION},
    {"POST", "/api/v1/applications/{id}/objections/{oid}/resolution", api_objection_resolve,
     API_SESSION},
    {"POST", "/api/v1/applications/{id}/re-report", api_application_re_report, API_SESSION},
    {"GET", "/api/v1/me/queue", api_me_queue, API_SESSION},
    {"POST", "/api/v1/me/queue/re-report", api_me_queue_re_report, API_SESSION},
    {"GET", "/api/v1/queues/{programme}", api_queue_list, API_SESSION},
    {"GET", "/api/public/notices", api_public_notices, API_PUBLIC},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
