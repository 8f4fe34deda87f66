/* api/api_router — method + path pattern → handler.
 *
 * A pattern is a path whose segments are literal or a {name} placeholder,
 * which matches one non-empty segment of at most API_PARAM_MAX - 1 bytes:
 * "/api/v1/households/{id}". Matching is exact (no trailing slash, no
 * prefixes). When several patterns match a path, only those with the most
 * literal segments count: "/api/v1/queues/summary" is never the {programme}
 * of "/api/v1/queues/{programme}", under any method. HEAD is answered by a GET route. A path that
 * no pattern matches is API_ROUTE_NOT_FOUND (404); a path some pattern matches under other methods
 * is API_ROUTE_BAD_METHOD (405) with those methods in allow. The table is static data; nothing is
 * allocated.
 */
#ifndef ANJU_API_API_ROUTER_H
#define ANJU_API_API_ROUTER_H

#include "api/api_http.h"

typedef int (*api_handler_fn)(struct api_request *rq, struct api_response *rs);

/* Who may call a route before any role check: API_PUBLIC routes need no
 * session (health, the OpenAPI document, signing in, registering, public
 * notices); API_SESSION routes answer 401 without a valid session cookie,
 * and 403 to a state-changing method without the X-CSRF-Token header. */
enum api_access { API_SESSION = 0, API_PUBLIC = 1 };

struct api_route {
    const char *method;  /* "GET", "POST", "PATCH", ... */
    const char *pattern; /* "/api/v1/households/{id}" */
    api_handler_fn fn;
    enum api_access access;
};

enum api_route_result { API_ROUTE_FOUND, API_ROUTE_NOT_FOUND, API_ROUTE_BAD_METHOD };

/* On API_ROUTE_FOUND sets *fn (and *access when access is not NULL) and fills rq->params/nparams
 * from rq->path; on API_ROUTE_BAD_METHOD writes "GET, HEAD, PATCH"-style text to allow. */
enum api_route_result api_route_match(const struct api_route *routes, size_t n,
                                      struct api_request *rq, api_handler_fn *fn,
                                      enum api_access *access, char allow[64]);

#endif
