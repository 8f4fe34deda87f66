/* api/api_problem — errors as RFC 9457 problem details (application/problem+json).
 *
 *   {"type":"https://anju.example/problems/validation-failed",
 *    "title":"数据校验未通过 / Validation failed","status":422,
 *    "detail":"请求中有 2 处错误","detail_en":"the request has 2 errors",
 *    "errors":[{"field":"members[0].id_number","message_zh":"…","message_en":"…"}]}
 *
 * The type (and title) follow from the status; the status from the error
 * code: ERR_INVALID 422, ERR_USAGE 400, ERR_NOT_FOUND 404, ERR_CONFLICT 409,
 * ERR_TOO_LARGE 413, ERR_UNAUTHENTICATED 401, ERR_FORBIDDEN 403,
 * ERR_LOCKED 429, anything else 500. A 500 never carries the internal
 * message: that goes to stderr, the client gets a generic sentence.
 *
 * Every function fills rs and returns 0, so a handler can
 * `return api_problem_err(rs, &e);`.
 */
#ifndef ANJU_API_API_PROBLEM_H
#define ANJU_API_API_PROBLEM_H

#include "api/api_http.h"
#include "base/err.h"

#include <stdint.h>

#define API_PROBLEM_BASE "https://anju.example/problems/"

/* The HTTP status for an error code. */
int api_problem_status(enum err_code code);
/* The slug after API_PROBLEM_BASE for a status ("validation-failed"). */
const char *api_problem_type(int status);

/* A problem with the given status and detail and errors[] from items. */
int api_problem(struct api_response *rs, int status, const char *detail_zh, const char *detail_en,
                const struct err *items, size_t nitems);
/* One error: its status, its message as the detail, itself in errors[]. */
int api_problem_err(struct api_response *rs, const struct err *e);
/* Many errors: the status of the most serious (any 5xx wins, else the first
 * error that is not ERR_INVALID, else 422); all of them in errors[]. */
int api_problem_list(struct api_response *rs, const struct err_list *errs);
/* 500 "out of memory"; returns 0. */
int api_oom(struct api_response *rs);
/* 0 when the request body is declared JSON (merge_patch: also
 * application/merge-patch+json); else replies 415 and returns -1. */
int api_need_json(struct api_request *rq, struct api_response *rs, int merge_patch);

/* Query parameters. api_bad_param adds a 400 error naming parameter `name`.
 * api_query_args sets values[k] to the value of known[k] (NULL when absent)
 * and reports unknown and repeated parameters. api_district_param checks a
 * 6-digit district code. */
void api_bad_param(struct err_list *errs, const char *name, const char *zh, const char *en);
void api_query_args(const struct api_request *rq, const char *const *known, size_t nknown,
                    const char **values, struct err_list *errs);
int api_district_param(const char *d, const char **out, struct err_list *errs);
/* A decimal integer in [min, max] (at most 10 digits) into *out; else a 400
 * error naming parameter `name` and -1. */
int api_int_param(const char *name, const char *v, int64_t min, int64_t max, int64_t *out,
                  struct err_list *errs);

#endif
