/* api/api_stock — the housing stock over HTTP:
 *   GET   /api/v1/projects?programme=&district=&status=&q=&page=&page_size=
 *   POST  /api/v1/projects
 *   GET   /api/v1/projects/{id}                  with buildings and unit counts
 *   GET   /api/v1/projects/{id}/units?layout=&status=&accessible=&page=&page_size=
 *   POST  /api/v1/projects/{id}/units            (creates the building if needed)
 *   GET   /api/v1/units/{id}
 *   PATCH /api/v1/units/{id}                     fields and status, with version
 *
 * Thin: roles, scope, the rules of form and the status table are
 * app/stock's and core/stock's. */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/stock.h"
#include "io/stock_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The id of path parameter 0; 0 after replying 404 when it is not one. */
static int64_t path_id(struct api_request *rq, struct api_response *rs, const char *what_zh,
                       const char *what_en)
{
    int64_t id = api_param_id(rq->params[0]);
    if (id) return id;
    char safe[API_PARAM_MAX * 4];
    api_escape(rq->params[0], safe, sizeof safe);
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "%s %s 不存在", what_zh, safe);
    snprintf(en, sizeof en, "%s %s does not exist", what_en, safe);
    struct err e = {0};
    err_set(&e, ERR_NOT_FOUND, "id", "%s%.0s", "%.0s%s", zh, en);
    api_problem_err(rs, &e);
    return 0;
}

/* Decodes a JSON body; NULL after replying when it cannot be read. */
static json_t *body_json(struct api_request *rq, struct api_response *rs, int merge_patch)
{
    if (api_need_json(rq, rs, merge_patch)) return NULL;
    struct err e = {0};
    json_t *body = api_json_decode(rq->body, rq->body_len, &e);
    if (!body) api_problem_err(rs, &e);
    return body;
}

static int reply_project(struct api_response *rs, int status, struct project_view *v)
{
    json_t *j = stock_project_json_render(&v->p);
    json_t *buildings = json_array();
    for (size_t i = 0; j && buildings && i < v->nbuildings; i++)
        json_array_append_new(
            buildings, stock_building_json_render(&v->buildings[i].b, &v->buildings[i].counts));
    if (j) {
        json_object_set_new(j, "unit_counts", stock_counts_json_render(&v->counts));
        json_object_set_new(j, "buildings", buildings);
    } else
        json_decref(buildings);
    if (status == 201)
        snprintf(rs->location, sizeof rs->location, "/api/v1/projects/%lld", (long long)v->p.id);
    snprintf(rs->etag, sizeof rs->etag, "\"%lld\"", (long long)v->p.version);
    project_view_free(v);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

static int reply_unit(struct api_response *rs, int status, const struct stock_unit *u)
{
    if (status == 201)
        snprintf(rs->location, sizeof rs->location, "/api/v1/units/%lld", (long long)u->id);
    snprintf(rs->etag, sizeof rs->etag, "\"%lld\"", (long long)u->version);
    json_t *j = stock_unit_json_render(u);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

/* A code of table (n entries) as query parameter `name`: its index, or a
 * 400 error and -1. */
static int code_param(const char *name, const char *v, const struct code_name *t, int n,
                      struct err_list *errs)
{
    int i = code_lookup(t, n, v);
    if (i >= 0) return i;
    char known[300] = "", safe[64], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    for (int k = 0; k < n; k++) {
        strncat(known, k ? ", " : "", sizeof known - strlen(known) - 1);
        strncat(known, t[k].code, sizeof known - strlen(known) - 1);
    }
    api_escape(v, safe, sizeof safe);
    snprintf(zh, sizeof zh, "参数 %s 的取值“%s”无效，可用：%s", name, safe, known);
    snprintf(en, sizeof en, "parameter %s: invalid value \"%s\"; use one of: %s", name, safe,
             known);
    api_bad_param(errs, name, zh, en);
    return -1;
}

/* --- projects ------------------------------------------------------------- */

int api_project_list(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"programme", "district",  "status",
                                        "page",      "page_size", "q"};
    const char *v[6];
    struct err_list errs = {0};
    api_query_args(rq, known, 6, v, &errs);
    struct stock_project_filter f = {.programme = -1, .status = -1};
    if (v[0]) api_programme_param(v[0], &f.programme, &errs);
    if (v[1]) api_district_param(v[1], &f.district_code, &errs);
    if (v[2])
        f.status = code_param("status", v[2], project_status_names, PROJECT_STATUS_COUNT, &errs);
    api_page_params(v[3], v[4], &f.page, &f.page_size, &errs);
    if (v[5] && strlen(v[5]) > STOCK_Q_MAX) {
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        snprintf(zh, sizeof zh, "参数 q 过长：最多 %d 字节", STOCK_Q_MAX);
        snprintf(en, sizeof en, "parameter q is too long: at most %d bytes", STOCK_Q_MAX);
        api_bad_param(&errs, "q", zh, en);
    } else if (v[5])
        f.q = v[5];
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct stock_project_summary *list;
    size_t n;
    int64_t total;
    struct err e = {0};
    if (app_project_list(rq->app, rq->actor, &f, &list, &n, &total, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        json_t *o = stock_project_json_render(&list[i].p);
        if (o) {
            json_object_set_new(o, "building_count", json_integer((json_int_t)list[i].buildings));
            json_object_set_new(o, "unit_counts", stock_counts_json_render(&list[i].counts));
        }
        json_array_append_new(items, o);
    }
    free(list);
    json_t *j = items
                    ? json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)f.page,
                                "page_size", (json_int_t)f.page_size, "total", (json_int_t)total)
                    : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

int api_project_create(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_STOCK_WRITE, &e)) return api_problem_err(rs, &e);
    json_t *body = body_json(rq, rs, 0);
    if (!body) return 0;
    struct project_view v = {0};
    struct err_list errs = {0};
    if (stock_json_parse_project(body, &v.p, &errs)) {
        /* the rules still run on what could be read, so that one answer
         * lists everything; a field the parser refused is not named twice */
        if (json_is_object(body)) {
            struct err_list rules = {0};
            size_t parsed = errs.len;
            app_project_check(rq->app, &v.p, &rules);
            for (size_t i = 0; i < rules.len; i++) {
                int dup = 0;
                for (size_t k = 0; k < parsed && !dup; k++)
                    dup = strcmp(errs.items[k].field, rules.items[i].field) == 0;
                if (!dup) err_list_add(&errs, &rules.items[i]);
            }
            err_list_free(&rules);
        }
        api_problem_list(rs, &errs);
    } else if (app_project_create(rq->app, rq->actor, &v.p, &errs))
        api_problem_list(rs, &errs);
    else
        reply_project(rs, 201, &v);
    err_list_free(&errs);
    json_decref(body);
    return 0;
}

int api_project_get(struct api_request *rq, struct api_response *rs)
{
    int64_t id = path_id(rq, rs, "项目", "project");
    if (!id) return 0;
    struct project_view v;
    struct err e = {0};
    if (app_project_get(rq->app, rq->actor, id, &v, &e)) return api_problem_err(rs, &e);
    return reply_project(rs, 200, &v);
}

/* --- units ----------------------------------------------------------------- */

int api_unit_list(struct api_request *rq, struct api_response *rs)
{
    int64_t id = path_id(rq, rs, "项目", "project");
    if (!id) return 0;
    static const char *const known[] = {"layout", "status", "accessible", "page", "page_size"};
    const char *v[5];
    struct err_list errs = {0};
    api_query_args(rq, known, 5, v, &errs);
    struct stock_unit_filter f = {.project_id = id, .layout = -1, .status = -1, .accessible = -1};
    if (v[0]) f.layout = code_param("layout", v[0], layout_names, LAYOUT_COUNT, &errs);
    if (v[1]) f.status = code_param("status", v[1], unit_status_names, UNIT_STATUS_COUNT, &errs);
    if (v[2]) api_flag_param("accessible", v[2], &f.accessible, &errs);
    api_page_params(v[3], v[4], &f.page, &f.page_size, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct stock_unit *list;
    size_t n;
    int64_t total;
    struct err e = {0};
    if (app_unit_list(rq->app, rq->actor, &f, &list, &n, &total, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, stock_unit_json_render(&list[i]));
    free(list);
    json_t *j = items
                    ? json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)f.page,
                                "page_size", (json_int_t)f.page_size, "total", (json_int_t)total)
                    : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

int api_unit_create(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_STOCK_WRITE, &e)) return api_problem_err(rs, &e);
    int64_t id = path_id(rq, rs, "项目", "project");
    if (!id) return 0;
    json_t *body = body_json(rq, rs, 0);
    if (!body) return 0;
    struct stock_unit u;
    int64_t floors;
    struct err_list errs = {0};
    if (stock_json_parse_unit(body, &u, &floors, &errs) ||
        app_unit_create(rq->app, rq->actor, id, &u, floors, &errs))
        api_problem_list(rs, &errs);
    else
        reply_unit(rs, 201, &u);
    err_list_free(&errs);
    json_decref(body);
    return 0;
}

int api_unit_get(struct api_request *rq, struct api_response *rs)
{
    int64_t id = path_id(rq, rs, "单元", "unit");
    if (!id) return 0;
    struct stock_unit u;
    struct err e = {0};
    if (app_unit_get(rq->app, rq->actor, id, &u, &e)) return api_problem_err(rs, &e);
    return reply_unit(rs, 200, &u);
}

/* A JSON merge patch (RFC 7396) on the unit's own fields, with the version
 * the client read. */
int api_unit_patch(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_STOCK_WRITE, &e)) return api_problem_err(rs, &e);
    json_t *patch = body_json(rq, rs, 1);
    if (!patch) return 0;
    const json_t *version = json_object_get(patch, "version");
    struct err_list errs = {0};
    struct stock_unit u;
    int64_t id = 0;
    if (!json_is_object(patch)) {
        err_set(&e, ERR_USAGE, "", "合并补丁（RFC 7396）应为 JSON 对象",
                "a merge patch (RFC 7396) must be a JSON object");
        api_problem_err(rs, &e);
    } else if (!version || json_is_null(version)) {
        err_set(&e, ERR_USAGE, "version", "缺少 version：请带上读取时的版本号，以免覆盖他人的修改",
                "version is required: send the version you read, so that nobody's changes are "
                "overwritten");
        api_problem(rs, 428, e.zh, e.en, &e, 1);
    } else if (!json_is_integer(version) || json_integer_value(version) < 1) {
        err_set(&e, ERR_INVALID, "version", "version 应为正整数（读取时的版本号）",
                "version must be a positive integer (the version you read)");
        api_problem_err(rs, &e);
    } else if (!(id = path_id(rq, rs, "单元", "unit")))
        ; /* replied */
    else if (app_unit_get(rq->app, rq->actor, id, &u, &e))
        api_problem_err(rs, &e);
    else if (stock_json_patch_unit(patch, &u, &errs) ||
             app_unit_update(rq->app, rq->actor, &u, (int64_t)json_integer_value(version), &errs))
        api_problem_list(rs, &errs);
    else
        reply_unit(rs, 200, &u);
    err_list_free(&errs);
    json_decref(patch);
    return 0;
}
