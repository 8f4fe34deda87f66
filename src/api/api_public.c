/* api/api_public — what anyone may read without signing in:
 *   GET /api/public/notices?programme=&district=&include_filed=&page=&page_size=
 *
 * A public route has no actor, and app/ reads a NULL actor as the local
 * operator: so this handler calls only app_public_notices, which takes no
 * actor at all and returns masked data only (张*, 110101********1234). */
#include "api/api_handlers.h"
#include "api/api_problem.h"

#include "app/application.h"

#include <stdlib.h>

int api_public_notices(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"programme", "district", "include_filed", "page",
                                        "page_size"};
    const char *v[5];
    struct err_list errs = {0};
    api_query_args(rq, known, 5, v, &errs);
    struct notice_query q = {.programme = -1};
    if (v[0]) api_programme_param(v[0], &q.programme, &errs);
    if (v[1]) api_district_param(v[1], &q.district, &errs);
    if (v[2]) api_flag_param("include_filed", v[2], &q.include_filed, &errs);
    api_page_params(v[3], v[4], &q.page, &q.page_size, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct public_notice *list;
    size_t n;
    int64_t total;
    struct err e = {0};
    if (app_public_notices(rq->app, &q, &list, &n, &total, &e)) return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, app_notice_json(&list[i]));
    free(list);
    json_t *j = items
                    ? json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)q.page,
                                "page_size", (json_int_t)q.page_size, "total", (json_int_t)total)
                    : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}
