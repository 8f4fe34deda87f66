/* api/api_queue — the waiting lists over HTTP:
 *   GET  /api/v1/me/queue                       the applicant's places and why
 *   POST /api/v1/me/queue/re-report             the applicant re-reports {application_id}
 *   POST /api/v1/applications/{id}/re-report    an officer records a re-report
 *   GET  /api/v1/queues/{programme}?district=&page=&page_size=   an officer's list
 *
 * Thin: the rules (roles, scope, the order, the calendar) are app/queue's
 * and core/queue's. */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/eligibility.h"
#include "app/queue.h"
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Refuses any query parameter (the endpoint takes none). 0 ok, else the
 * problem is in rs. */
static int no_query(struct api_request *rq, struct api_response *rs)
{
    struct err_list errs = {0};
    const char *none[1];
    api_query_args(rq, NULL, 0, none, &errs);
    if (!errs.total) return 0;
    api_problem_list(rs, &errs);
    err_list_free(&errs);
    return -1;
}

static int reply_items(struct api_response *rs, json_t *j, struct queue_item *items, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++) {
        json_t *it = app_queue_item_json(&items[i]);
        if (!it || json_array_append_new(list, it)) {
            json_decref(list);
            list = NULL;
        }
    }
    free(items);
    if (!j || !list || json_object_set_new(j, "items", list)) {
        json_decref(j);
        return api_oom(rs);
    }
    return api_reply_json(rs, 200, j);
}

int api_me_queue(struct api_request *rq, struct api_response *rs)
{
    if (no_query(rq, rs)) return 0;
    struct queue_item *items;
    size_t n;
    struct err e = {0};
    if (app_queue_mine(rq->app, rq->actor, &items, &n, &e)) return api_problem_err(rs, &e);
    char today[11];
    date_today(today);
    return reply_items(rs, json_pack("{s:s}", "as_of", today), items, n);
}

int api_queue_list(struct api_request *rq, struct api_response *rs)
{
    int p = code_lookup(programme_names, PROG_COUNT, rq->params[0]);
    if (p < 0) {
        char safe[API_PARAM_MAX * 4];
        api_escape(rq->params[0], safe, sizeof safe);
        struct err e = {0};
        err_set(
            &e, ERR_NOT_FOUND, "programme", "没有“%s”的轮候名单（保障方式代码如 public_rental）",
            "there is no waiting list \"%s\" (programme codes are like public_rental)", safe, safe);
        return api_problem_err(rs, &e);
    }
    static const char *const known[] = {"district", "page", "page_size"};
    const char *v[3];
    struct err_list errs = {0};
    api_query_args(rq, known, 3, v, &errs);
    struct queue_query q = {.programme = (enum programme)p};
    if (v[0]) api_district_param(v[0], &q.district, &errs);
    api_page_params(v[1], v[2], &q.page, &q.page_size, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct queue_item *items;
    size_t n;
    int64_t total;
    char as_of[11];
    struct err e = {0};
    if (app_queue_list(rq->app, rq->actor, &q, &items, &n, &total, as_of, &e))
        return api_problem_err(rs, &e);
    return reply_items(rs,
                       json_pack("{s:s, s:s, s:I, s:I, s:I}", "programme", programme_names[p].code,
                                 "as_of", as_of, "page", (json_int_t)q.page, "page_size",
                                 (json_int_t)q.page_size, "total", (json_int_t)total),
                       items, n);
}

/* The reply to a re-report: the record, and the place once reported. */
static int reply_re_report(struct api_response *rs, const struct queue_re_report *r,
                           struct queue_item *after)
{
    json_t *j = app_re_report_json(r, after->application_id ? after->next_re_report_due : "");
    json_t *place = after->application_id ? app_queue_item_json(after) : json_null();
    if (!j || !place || json_object_set_new(j, "place", place)) {
        json_decref(j);
        return api_oom(rs);
    }
    return api_reply_json(rs, 201, j);
}

/* {"application_id": N}: N, or 0 with the problem in rs. */
static int64_t body_application_id(struct api_request *rq, struct api_response *rs)
{
    if (api_need_json(rq, rs, 0)) return 0;
    struct err e = {0};
    json_t *body = api_json_decode(rq->body, rq->body_len, &e);
    if (!body) {
        api_problem_err(rs, &e);
        return 0;
    }
    struct err_list errs = {0};
    const char *key;
    json_t *v, *id = NULL;
    if (!json_is_object(body)) {
        err_set(&e, ERR_USAGE, "", "请求体应为 JSON 对象", "the body must be a JSON object");
        err_list_add(&errs, &e);
    } else {
        json_object_foreach(body, key, v)
        {
            if (strcmp(key, "application_id") == 0) {
                id = v;
                continue;
            }
            char safe[64];
            api_escape(key, safe, sizeof safe);
            err_set(&e, ERR_INVALID, safe, "未知字段（可用：application_id）",
                    "unknown field (known: application_id)");
            err_list_add(&errs, &e);
        }
        if (!id) {
            err_set(&e, ERR_INVALID, "application_id", "缺少此字段", "this field is required");
            err_list_add(&errs, &e);
        } else if (!json_is_integer(id) || json_integer_value(id) < 1) {
            err_set(&e, ERR_INVALID, "application_id", "应为正整数（申请编号 id）",
                    "must be a positive integer (the application's id)");
            err_list_add(&errs, &e);
        }
    }
    int64_t out = errs.total ? 0 : (int64_t)json_integer_value(id);
    if (errs.total) api_problem_list(rs, &errs);
    err_list_free(&errs);
    json_decref(body);
    return out;
}

int api_me_queue_re_report(struct api_request *rq, struct api_response *rs)
{
    int64_t id = body_application_id(rq, rs);
    if (!id) return 0;
    struct queue_re_report r;
    struct err e = {0};
    struct queue_item *after = malloc(sizeof *after);
    if (!after) return api_oom(rs);
    if (app_queue_re_report_mine(rq->app, rq->actor, id, &r, after, &e))
        api_problem_err(rs, &e);
    else
        reply_re_report(rs, &r, after);
    free(after);
    return 0;
}

int api_application_re_report(struct api_request *rq, struct api_response *rs)
{
    int64_t id = api_param_id(rq->params[0]);
    struct err e = {0};
    if (!id) {
        char safe[API_PARAM_MAX * 4];
        api_escape(rq->params[0], safe, sizeof safe);
        err_set(&e, ERR_NOT_FOUND, "id", "申请 %s 不存在", "application %s does not exist", safe,
                safe);
        return api_problem_err(rs, &e);
    }
    struct queue_re_report r;
    struct queue_item *after = malloc(sizeof *after);
    if (!after) return api_oom(rs);
    if (app_queue_re_report(rq->app, rq->actor, id, &r, after, &e))
        api_problem_err(rs, &e);
    else
        reply_re_report(rs, &r, after);
    free(after);
    return 0;
}
