#include "api/api_router.h"

#include <stdio.h>
#include <string.h>

/* Matches path against pattern; fills params when given. 0 when it does
 * not match, else 1 + the number of literal segments (how specific it is). */
static int pattern_match(const char *pattern, const char *path,
                         char params[API_MAX_PARAMS][API_PARAM_MAX], size_t *nparams)
{
    const char *p = pattern, *s = path;
    size_t np = 0;
    int literal = 0;
    while (*p && *s) {
        if (*p != '/' || *s != '/') return 0;
        p++;
        s++;
        size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");
        if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
            if (slen == 0 || slen >= API_PARAM_MAX || np >= API_MAX_PARAMS) return 0;
            if (params) {
                memcpy(params[np], s, slen);
                params[np][slen] = '\0';
            }
            np++;
        } else if (plen != slen || memcmp(p, s, plen) != 0)
            return 0;
        else
            literal++;
        p += plen;
        s += slen;
    }
    if (*p || *s) return 0;
    if (nparams) *nparams = np;
    return 1 + literal;
}

enum api_route_result api_route_match(const struct api_route *routes, size_t n,
                                      struct api_request *rq, api_handler_fn *fn,
                                      enum api_access *access, char allow[64])
{
    int path_known = 0;
    const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    allow[0] = '\0';
    /* the most specific patterns that match win: /queues/summary over /queues/{programme} */
    int best = 0;
    for (size_t i = 0; i < n; i++) {
        int m = pattern_match(routes[i].pattern, rq->path, NULL, NULL);
        if (m > best) best = m;
    }
    for (size_t i = 0; best && i < n; i++) {
        if (pattern_match(routes[i].pattern, rq->path, NULL, NULL) != best) continue;
        if (strcmp(routes[i].method, method) == 0) {
            pattern_match(routes[i].pattern, rq->path, rq->params, &rq->nparams);
            *fn = routes[i].fn;
            if (access) *access = routes[i].access;
            allow[0] = '\0';
            return API_ROUTE_FOUND;
        }
        size_t used = strlen(allow);
        snprintf(allow + used, 64 - used, "%s%s%s", path_known ? ", " : "", routes[i].method,
                 strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
        path_known = 1;
    }
    return path_known ? API_ROUTE_BAD_METHOD : API_ROUTE_NOT_FOUND;
}
