/* api/api_applications — the application workflow over HTTP:
 *   POST /api/v1/applications                       open one (draft)
 *   GET  /api/v1/applications?state=&programme=&district=&inbox=&page=&page_size=
 *   GET  /api/v1/applications/{id}                  with history, objections, eligibility
 *   POST /api/v1/applications/{id}/actions          one transition
 *   POST /api/v1/applications/{id}/objections       record a 公示 objection
 *   POST /api/v1/applications/{id}/objections/{oid}/resolution
 *
 * Thin: the rules (roles, scope, the transition table, versions,
 * eligibility) are app/application's and core/workflow's. */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/application.h"
#include "app/eligibility.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGE_SIZE_DEFAULT = 20, PAGE_SIZE_MAX = 100 };

/* --- request helpers (shared with api_public.c through api_handlers.h) ---- */

int api_page_params(const char *page, const char *page_size, int64_t *p, int64_t *size,
                    struct err_list *errs)
{
    const char *names[2] = {"page", "page_size"};
    const char *values[2] = {page, page_size};
    const int64_t max[2] = {1000000000, PAGE_SIZE_MAX};
    int64_t *out[2] = {p, size};
    *p = 1;
    *size = PAGE_SIZE_DEFAULT;
    for (int k = 0; k < 2; k++) {
        const char *v = values[k];
        if (!v) continue;
        int64_t x = 0;
        size_t n = strlen(v);
        int ok = n > 0 && n <= 10;
        for (size_t i = 0; ok && i < n; i++) {
            if (v[i] < '0' || v[i] > '9')
                ok = 0;
            else
                x = x * 10 + (v[i] - '0');
        }
        if (ok && x >= 1 && x <= max[k]) {
            *out[k] = x;
            continue;
        }
        char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX], safe[64];
        api_escape(v, safe, sizeof safe);
        snprintf(zh, sizeof zh, "参数 %s 应为 1 至 %lld 的整数，实际为“%s”", names[k],
                 (long long)max[k], safe);
        snprintf(en, sizeof en, "parameter %s must be an integer from 1 to %lld, got \"%s\"",
                 names[k], (long long)max[k], safe);
        api_bad_param(errs, names[k], zh, en);
    }
    return errs->total ? -1 : 0;
}

int api_programme_param(const char *v, int *programme, struct err_list *errs)
{
    enum programme p;
    struct err e = {0};
    if (app_programme_parse(v, &p, "programme", &e)) {
        api_bad_param(errs, "programme", e.zh, e.en);
        return -1;
    }
    *programme = (int)p;
    return 0;
}

/* 0/1 flags: "1" or "true" is on, "0" or "false" off. */
static int flag_param(const char *name, const char *v, int *out, struct err_list *errs)
{
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) return *out = 1, 0;
    if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0) return *out = 0, 0;
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX], safe[64];
    api_escape(v, safe, sizeof safe);
    snprintf(zh, sizeof zh, "参数 %s 应为 1 或 0，实际为“%s”", name, safe);
    snprintf(en, sizeof en, "parameter %s must be 1 or 0, got \"%s\"", name, safe);
    api_bad_param(errs, name, zh, en);
    return -1;
}

int api_flag_param(const char *name, const char *v, int *out, struct err_list *errs)
{
    return flag_param(name, v, out, errs);
}

enum field_type { F_STRING, F_INT, F_BOOL, F_STRINGS };

struct field {
    const char *name;
    enum field_type type;
    int required;
    json_t *value; /* borrowed from the body; NULL when absent */
};

/* Reads a JSON object with only these fields, each of its type; every
 * problem is listed. A missing required field is ERR_INVALID. */
static int body_fields(json_t *body, struct field *f, size_t n, struct err_list *errs)
{
    struct err e;
    if (!json_is_object(body)) {
        err_set(&e, ERR_USAGE, "", "请求体应为 JSON 对象", "the body must be a JSON object");
        err_list_add(errs, &e);
        return -1;
    }
    char names[256] = "";
    for (size_t k = 0; k < n; k++) {
        strncat(names, k ? ", " : "", sizeof names - strlen(names) - 1);
        strncat(names, f[k].name, sizeof names - strlen(names) - 1);
    }
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        size_t k = 0;
        while (k < n && strcmp(key, f[k].name) != 0)
            k++;
        char safe[64];
        api_escape(key, safe, sizeof safe);
        if (k == n) {
            err_set(&e, ERR_INVALID, safe, "未知字段（可用：%s）", "unknown field (known: %s)",
                    names);
            err_list_add(errs, &e);
            continue;
        }
        int ok;
        switch (f[k].type) {
        case F_STRING:
            ok = json_is_string(v);
            break;
        case F_INT:
            ok = json_is_integer(v);
            break;
        case F_BOOL:
            ok = json_is_boolean(v);
            break;
        default:
            ok = json_is_array(v);
            for (size_t i = 0; ok && i < json_array_size(v); i++)
                ok = json_is_string(json_array_get(v, i));
            break;
        }
        if (!ok) {
            static const char *const zh[] = {"字符串", "整数", "布尔值", "字符串数组"};
            static const char *const en[] = {"a string", "an integer", "a boolean",
                                             "an array of strings"};
            err_set(&e, ERR_INVALID, safe, "应为%s%.0s", "must be %.0s%s", zh[f[k].type],
                    en[f[k].type]);
            err_list_add(errs, &e);
            continue;
        }
        f[k].value = v;
    }
    for (size_t k = 0; k < n; k++)
        if (f[k].required && !json_object_get(body, f[k].name)) {
            err_set(&e, ERR_INVALID, f[k].name, "缺少此字段", "this field is required");
            err_list_add(errs, &e);
        }
    return errs->total ? -1 : 0;
}

/* Decodes the JSON body and reads its fields; on failure rs holds the
 * problem and NULL is returned. The caller json_decrefs the result. */
static json_t *read_body(struct api_request *rq, struct api_response *rs, struct field *f, size_t n)
{
    if (api_need_json(rq, rs, 0)) return NULL;
    struct err e = {0};
    json_t *body = api_json_decode(rq->body, rq->body_len, &e);
    if (!body) {
        api_problem_err(rs, &e);
        return NULL;
    }
    struct err_list errs = {0};
    if (body_fields(body, f, n, &errs)) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        json_decref(body);
        return NULL;
    }
    return body;
}

static const char *str(const struct field *f)
{
    return f->value ? json_string_value(f->value) : NULL;
}

/* The id of a path parameter; 0 after replying 404 when it is not one. */
static int64_t path_id(struct api_request *rq, struct api_response *rs, size_t k,
                       const char *what_zh, const char *what_en)
{
    int64_t id = api_param_id(rq->params[k]);
    if (id) return id;
    char safe[API_PARAM_MAX * 4];
    api_escape(rq->params[k], safe, sizeof safe);
    struct err e = {0};
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "%s %s 不存在", what_zh, safe);
    snprintf(en, sizeof en, "%s %s does not exist", what_en, safe);
    err_set(&e, ERR_NOT_FOUND, k ? "oid" : "id", "%s%.0s", "%.0s%s", zh, en);
    api_problem_err(rs, &e);
    return 0;
}

static int reply_view(struct api_response *rs, int status, struct application_view *v)
{
    json_t *j = app_application_view_json(v);
    if (status == 201)
        snprintf(rs->location, sizeof rs->location, "/api/v1/applications/%lld",
                 (long long)v->app.id);
    snprintf(rs->etag, sizeof rs->etag, "\"%lld\"", (long long)v->app.version);
    application_view_free(v);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

/* --- the endpoints -------------------------------------------------------- */

int api_application_create(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"household_id", F_INT, 1, NULL}, {"programme", F_STRING, 1, NULL}};
    json_t *body = read_body(rq, rs, f, 2);
    if (!body) return 0;
    struct err e = {0};
    json_int_t hid = json_integer_value(f[0].value);
    struct application_view v;
    if (hid < 1) {
        err_set(&e, ERR_INVALID, "household_id", "应为正整数（家庭编号）",
                "must be a positive integer (the household's id)");
        api_problem_err(rs, &e);
    } else if (app_application_create(rq->app, rq->actor, (int64_t)hid, str(&f[1]), &v, &e))
        api_problem_err(rs, &e);
    else
        reply_view(rs, 201, &v);
    json_decref(body);
    return 0;
}

int api_application_list(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"state", "programme", "district",
                                        "inbox", "page",      "page_size"};
    const char *v[6];
    struct err_list errs = {0};
    api_query_args(rq, known, 6, v, &errs);
    struct application_query q = {.state = -1, .programme = -1};
    struct err e = {0};
    if (v[0]) {
        enum workflow_state s;
        if (app_workflow_state_parse(v[0], &s, "state", &e))
            api_bad_param(&errs, "state", e.zh, e.en);
        else
            q.state = (int)s;
    }
    if (v[1]) api_programme_param(v[1], &q.programme, &errs);
    if (v[2]) api_district_param(v[2], &q.district, &errs);
    if (v[3]) flag_param("inbox", v[3], &q.inbox, &errs);
    api_page_params(v[4], v[5], &q.page, &q.page_size, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct application *list;
    size_t n;
    int64_t total;
    if (app_application_list(rq->app, rq->actor, &q, &list, &n, &total, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(
            items, app_application_json(&list[i], workflow_actions(list[i].state, rq->actor)));
    free(list);
    json_t *j = items
                    ? json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)q.page,
                                "page_size", (json_int_t)q.page_size, "total", (json_int_t)total)
                    : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

int api_application_get(struct api_request *rq, struct api_response *rs)
{
    int64_t id = path_id(rq, rs, 0, "申请", "application");
    if (!id) return 0;
    struct application_view v;
    struct err e = {0};
    if (app_application_get(rq->app, rq->actor, id, &v, &e)) return api_problem_err(rs, &e);
    return reply_view(rs, 200, &v);
}

int api_application_act(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"action", F_STRING, 1, NULL},
                        {"version", F_INT, 0, NULL},
                        {"reason", F_STRING, 0, NULL},
                        {"missing", F_STRINGS, 0, NULL},
                        {"answer", F_STRING, 0, NULL}};
    int64_t id = path_id(rq, rs, 0, "申请", "application");
    if (!id) return 0;
    json_t *body = read_body(rq, rs, f, 5);
    if (!body) return 0;
    struct err e = {0};
    struct application_act act = {.reason = str(&f[2]), .answer = str(&f[4])};
    const char *missing[WF_MISSING_MAX + 1];
    size_t nmissing = f[3].value ? json_array_size(f[3].value) : 0;
    if (!f[1].value) {
        err_set(&e, ERR_USAGE, "version",
                "缺少 version：请带上读取申请时的版本号，以免与他人的处理冲突",
                "version is required: send the version you read, so that two people never act "
                "on the same application at once");
        api_problem(rs, 428, e.zh, e.en, &e, 1);
    } else if (app_workflow_action_parse(str(&f[0]), &act.action, "action", &e))
        api_problem_err(rs, &e);
    else if (nmissing > WF_MISSING_MAX) {
        err_set(&e, ERR_INVALID, "missing", "补正清单最多 %d 项", "at most %d items may be listed",
                WF_MISSING_MAX);
        api_problem_err(rs, &e);
    } else {
        for (size_t i = 0; i < nmissing; i++)
            missing[i] = json_string_value(json_array_get(f[3].value, i));
        act.missing = missing;
        act.nmissing = (int)nmissing;
        act.version = json_integer_value(f[1].value);
        struct application_view v;
        struct err_list errs = {0};
        if (app_application_act(rq->app, rq->actor, id, &act, &v, &errs))
            api_problem_list(rs, &errs);
        else
            reply_view(rs, 200, &v);
        err_list_free(&errs);
    }
    json_decref(body);
    return 0;
}

static int reply_objection(struct api_request *rq, struct api_response *rs, int status,
                           const struct objection *o)
{
    (void)rq;
    json_t *j = app_objection_json(o, 1); /* city officers only get here */
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

int api_objection_create(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"objector", F_STRING, 1, NULL}, {"content", F_STRING, 1, NULL}};
    int64_t id = path_id(rq, rs, 0, "申请", "application");
    if (!id) return 0;
    json_t *body = read_body(rq, rs, f, 2);
    if (!body) return 0;
    struct objection o;
    struct err e = {0};
    if (app_objection_record(rq->app, rq->actor, id, str(&f[0]), str(&f[1]), &o, &e))
        api_problem_err(rs, &e);
    else
        reply_objection(rq, rs, 201, &o);
    json_decref(body);
    return 0;
}

int api_objection_resolve(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"upheld", F_BOOL, 1, NULL}, {"resolution", F_STRING, 1, NULL}};
    int64_t id = path_id(rq, rs, 0, "申请", "application");
    if (!id) return 0;
    int64_t oid = path_id(rq, rs, 1, "异议", "objection");
    if (!oid) return 0;
    json_t *body = read_body(rq, rs, f, 2);
    if (!body) return 0;
    struct objection o;
    struct err e = {0};
    if (app_objection_resolve(rq->app, rq->actor, id, oid, json_is_true(f[0].value), str(&f[1]), &o,
                              &e))
        api_problem_err(rs, &e);
    else
        reply_objection(rq, rs, 200, &o);
    json_decref(body);
    return 0;
}
