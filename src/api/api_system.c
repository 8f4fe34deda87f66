/* api/api_system — the service's own endpoints: health and the OpenAPI document. */
#include "api/api.h"
#include "api/api_handlers.h"
#include "api/api_problem.h"

#include "app/app.h"
#include "store/embedded.h"

int api_health(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    int64_t n;
    /* a public route: only the public use case, never one that takes an actor */
    if (app_health_households(rq->app, &n, &e)) return api_problem_err(rs, &e);
    json_t *j =
        json_pack("{s:s, s:s, s:I, s:s}", "status", "ok", "database", db_engine(app_db(rq->app)),
                  "households", (json_int_t)n, "version", API_SERVER_VERSION);
    return api_reply_json(rs, 200, j);
}

int api_openapi(struct api_request *rq, struct api_response *rs)
{
    (void)rq;
    return api_reply_static(rs, 200, "application/json", embedded_openapi.data,
                            embedded_openapi.len);
}
