/* api/api_households — /api/v1/households: create, read, patch, list.
 *
 * The single-household view (GET/POST/PATCH responses) shows full ID
 * numbers to whoever may see the household (its officers, its applicant,
 * auditors); the list masks them. Role and scope are app/'s checks: a
 * household outside the caller's region answers the same 404 as a missing
 * one. */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/app.h"
#include "io/household_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LIST_PAGE_SIZE_DEFAULT = 20, LIST_PAGE_SIZE_MAX = 100, LIST_Q_MAX = 120 };

static int not_found(struct api_response *rs, const char *id)
{
    char safe[API_PARAM_MAX * 4];
    api_escape(id, safe, sizeof safe);
    struct err e;
    err_set(&e, ERR_NOT_FOUND, "id", "家庭 %s 不存在", "household %s does not exist", safe);
    return api_problem_err(rs, &e);
}

/* Household errors from core/store name CSV columns: give them JSON paths. */
static int household_problem(struct api_response *rs, struct err_list *errs)
{
    for (size_t i = 0; i < errs->len; i++)
        household_json_field_path(&errs->items[i]);
    return api_problem_list(rs, errs);
}

/* 1 when one field path contains the other ("members" and
 * "members[0].name", "housing" and "housing.area", or equal). */
static int paths_overlap(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    const char *shorter = la <= lb ? a : b, *longer = la <= lb ? b : a;
    size_t n = la <= lb ? la : lb;
    if (strncmp(shorter, longer, n) != 0) return 0;
    char next = longer[n];
    return next == '\0' || next == '.' || next == '[';
}

/* A body that is wrong in shape (types, missing or unknown keys) still gets
 * the rule checks on whatever could be read, so that one answer lists
 * everything; a rule error on a field the parser already refused (or
 * inside it) is left out, being a consequence of that. */
static void add_rule_errors(struct api_request *rq, struct household *h, struct err_list *errs)
{
    struct err_list rules = {0};
    size_t parse_errors = errs->len;
    app_household_check(rq->app, rq->actor, h, &rules);
    for (size_t i = 0; i < rules.len; i++) {
        household_json_field_path(&rules.items[i]);
        int dup = 0;
        for (size_t k = 0; k < parse_errors && !dup; k++)
            dup = paths_overlap(errs->items[k].field, rules.items[i].field);
        if (!dup) err_list_add(errs, &rules.items[i]);
    }
    err_list_free(&rules);
}

static int reply_household(struct api_response *rs, int status, const struct household *h)
{
    snprintf(rs->etag, sizeof rs->etag, "\"%lld\"", (long long)h->version);
    json_t *j = household_json_render(h, 0);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

int api_household_create(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_HOUSEHOLD_WRITE, &e)) return api_problem_err(rs, &e);
    if (api_need_json(rq, rs, 0)) return 0;
    json_t *body = api_json_decode(rq->body, rq->body_len, &e);
    if (!body) return api_problem_err(rs, &e);
    struct household *h = calloc(1, sizeof *h);
    struct err_list errs = {0};
    if (!h)
        api_oom(rs);
    else if (household_json_parse(body, h, &errs)) {
        add_rule_errors(rq, h, &errs);
        household_problem(rs, &errs);
    } else if (app_household_create(rq->app, rq->actor, h, &errs))
        household_problem(rs, &errs);
    else {
        snprintf(rs->location, sizeof rs->location, "/api/v1/households/%lld", (long long)h->id);
        reply_household(rs, 201, h);
    }
    err_list_free(&errs);
    free(h);
    json_decref(body);
    return 0;
}

int api_household_get(struct api_request *rq, struct api_response *rs)
{
    int64_t id = api_param_id(rq->params[0]);
    if (!id) return not_found(rs, rq->params[0]);
    struct household *h = calloc(1, sizeof *h);
    if (!h) return api_oom(rs);
    struct err e = {0};
    if (app_household_get(rq->app, rq->actor, id, h, &e))
        api_problem_err(rs, &e);
    else
        reply_household(rs, 200, h);
    free(h);
    return 0;
}

/* A JSON merge patch (RFC 7396) on the household's representation. The
 * patch carries the version the client read; the merged document is parsed
 * as strictly as a POST body and replaces the record. */
int api_household_patch(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_HOUSEHOLD_WRITE, &e)) return api_problem_err(rs, &e);
    if (api_need_json(rq, rs, 1)) return 0;
    json_t *patch = api_json_decode(rq->body, rq->body_len, &e);
    if (!patch) return api_problem_err(rs, &e);
    struct household *cur = NULL, *h = NULL;
    json_t *doc = NULL;
    struct err_list errs = {0};
    int64_t id = api_param_id(rq->params[0]);
    const json_t *version = json_object_get(patch, "version");
    if (!json_is_object(patch)) {
        err_set(&e, ERR_USAGE, "", "合并补丁（RFC 7396）应为 JSON 对象",
                "a merge patch (RFC 7396) must be a JSON object");
        api_problem_err(rs, &e);
    } else if (!version || json_is_null(version)) { /* null: "remove" = not sent */
        err_set(&e, ERR_USAGE, "version", "缺少 version：请带上读取时的版本号，以免覆盖他人的修改",
                "version is required: send the version you read, so that nobody's changes are "
                "overwritten");
        api_problem(rs, 428, e.zh, e.en, &e, 1);
    } else if (!json_is_integer(version) || json_integer_value(version) < 1) {
        err_set(&e, ERR_INVALID, "version", "version 应为正整数（读取时的版本号）",
                "version must be a positive integer (the version you read)");
        api_problem_err(rs, &e);
    } else if (!id)
        not_found(rs, rq->params[0]);
    else if (!(cur = calloc(1, sizeof *cur)) || !(h = calloc(1, sizeof *h)))
        api_oom(rs);
    else if (app_household_get(rq->app, rq->actor, id, cur, &e))
        api_problem_err(rs, &e);
    else if (cur->version != json_integer_value(version)) {
        err_set(&e, ERR_CONFLICT, "version",
                "家庭 %lld 已被他人修改（当前版本 %lld，请求基于版本 %lld），请刷新后重试",
                "household %lld was changed by someone else (now version %lld, the request is "
                "based on %lld); reload and try again",
                (long long)id, (long long)cur->version, (long long)json_integer_value(version));
        api_problem_err(rs, &e);
    } else if (!(doc = api_json_merge_patch(household_json_render(cur, 0), patch)))
        api_oom(rs);
    else if (household_json_parse(doc, h, &errs)) {
        h->id = id; /* an existing household: its number is never assigned */
        add_rule_errors(rq, h, &errs);
        household_problem(rs, &errs);
    } else {
        h->id = id;
        memcpy(h->created_at, cur->created_at, sizeof h->created_at);
        if (app_household_replace(rq->app, rq->actor, h, cur->version, &errs))
            household_problem(rs, &errs);
        else
            reply_household(rs, 200, h);
    }
    err_list_free(&errs);
    json_decref(doc);
    json_decref(patch);
    free(cur);
    free(h);
    return 0;
}

/* --- list --------------------------------------------------------------- */

static int parse_list_query(const struct api_request *rq, struct household_filter *f,
                            struct err_list *errs)
{
    static const char *const known[] = {"district", "q", "page", "page_size"};
    const char *seen[4];
    api_query_args(rq, known, 4, seen, errs);
    f->page = 1;
    f->page_size = LIST_PAGE_SIZE_DEFAULT;
    if (seen[0]) api_district_param(seen[0], &f->district_code, errs);
    if (seen[1]) {
        if (strlen(seen[1]) > LIST_Q_MAX) {
            char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
            snprintf(zh, sizeof zh, "参数 q 过长：最多 %d 字节", LIST_Q_MAX);
            snprintf(en, sizeof en, "parameter q is too long: at most %d bytes", LIST_Q_MAX);
            api_bad_param(errs, "q", zh, en);
        } else
            f->q = seen[1];
    }
    if (seen[2]) api_int_param("page", seen[2], 1, 1000000000, &f->page, errs);
    if (seen[3]) api_int_param("page_size", seen[3], 1, LIST_PAGE_SIZE_MAX, &f->page_size, errs);
    return errs->total ? -1 : 0;
}

int api_household_list(struct api_request *rq, struct api_response *rs)
{
    struct household_filter f = {0};
    struct err_list errs = {0};
    if (parse_list_query(rq, &f, &errs)) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct household_summary *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    struct err e = {0};
    if (app_household_list(rq->app, rq->actor, &f, &list, &n, &total, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, household_summary_json_render(&list[i], 1));
    free(list);
    json_t *j = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)f.page,
                          "page_size", (json_int_t)f.page_size, "total", (json_int_t)total);
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}
