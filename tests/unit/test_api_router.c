/* Tests for api/api_router: placeholders, exact matching, 405 with Allow,
 * and literal segments winning over placeholders (…/summary beside …/{id}). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/api_router.h"

static int h_list(struct api_request *rq, struct api_response *rs)
{
    (void)rq, (void)rs;
    return 1;
}
static int h_get(struct api_request *rq, struct api_response *rs)
{
    (void)rq, (void)rs;
    return 2;
}
static int h_patch(struct api_request *rq, struct api_response *rs)
{
    (void)rq, (void)rs;
    return 3;
}
static int h_summary(struct api_request *rq, struct api_response *rs)
{
    (void)rq, (void)rs;
    return 4;
}

/* the literal route after the placeholder: order in the table does not matter */
static const struct api_route routes[] = {
    {"GET", "/api/v1/households", h_list, API_SESSION},
    {"GET", "/api/v1/households/{id}", h_get, API_SESSION},
    {"PATCH", "/api/v1/households/{id}", h_patch, API_SESSION},
    {"GET", "/api/v1/households/summary", h_summary, API_SESSION},
};
static const size_t nroutes = sizeof routes / sizeof routes[0];

static enum api_route_result route(const char *method, const char *path, api_handler_fn *fn,
                                   struct api_request *rq, char allow[64])
{
    memset(rq, 0, sizeof *rq);
    rq->method = method;
    rq->path = path;
    *fn = NULL;
    return api_route_match(routes, nroutes, rq, fn, NULL, allow);
}

static void test_placeholders_and_exact_paths(void **state)
{
    (void)state;
    struct api_request *rq = calloc(1, sizeof *rq);
    api_handler_fn fn;
    char allow[64];
    assert_int_equal(route("GET", "/api/v1/households/12", &fn, rq, allow), API_ROUTE_FOUND);
    assert_ptr_equal(fn, h_get);
    assert_int_equal(rq->nparams, 1);
    assert_string_equal(rq->params[0], "12");
    assert_int_equal(route("HEAD", "/api/v1/households", &fn, rq, allow), API_ROUTE_FOUND);
    assert_ptr_equal(fn, h_list);
    assert_int_equal(route("GET", "/api/v1/households/", &fn, rq, allow), API_ROUTE_NOT_FOUND);
    assert_int_equal(route("GET", "/api/v1/households/1/x", &fn, rq, allow), API_ROUTE_NOT_FOUND);
    assert_int_equal(route("DELETE", "/api/v1/households/12", &fn, rq, allow),
                     API_ROUTE_BAD_METHOD);
    assert_string_equal(allow, "GET, HEAD, PATCH");
    free(rq);
}

static void test_a_literal_segment_wins_over_a_placeholder(void **state)
{
    (void)state;
    struct api_request *rq = calloc(1, sizeof *rq);
    api_handler_fn fn;
    char allow[64];
    assert_int_equal(route("GET", "/api/v1/households/summary", &fn, rq, allow), API_ROUTE_FOUND);
    assert_ptr_equal(fn, h_summary);
    assert_int_equal(rq->nparams, 0);
    /* the {id} routes do not answer for it under other methods either */
    assert_int_equal(route("PATCH", "/api/v1/households/summary", &fn, rq, allow),
                     API_ROUTE_BAD_METHOD);
    assert_string_equal(allow, "GET, HEAD");
    assert_int_equal(route("POST", "/api/v1/households/summary", &fn, rq, allow),
                     API_ROUTE_BAD_METHOD);
    assert_string_equal(allow, "GET, HEAD");
    /* a near miss is still an id */
    assert_int_equal(route("GET", "/api/v1/households/summaryx", &fn, rq, allow), API_ROUTE_FOUND);
    assert_ptr_equal(fn, h_get);
    free(rq);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_and_exact_paths),
        cmocka_unit_test(test_a_literal_segment_wins_over_a_placeholder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
