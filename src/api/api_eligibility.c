/* api/api_eligibility — eligibility decisions, their summary, and the
 * policy versions they are made under:
 *   POST /api/v1/households/{id}/eligibility
 *   GET  /api/v1/eligibility/summary?programme=&district=
 *   GET  /api/v1/policies, GET /api/v1/policies/{ref}
 *   POST /api/v1/policies (import a version), GET /api/v1/policies/{ref}/diff?against=
 *   GET/POST /api/v1/households/{id}/verification (the latest report / verify now)
 */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/eligibility.h"
#include "app/policy.h"
#include "app/verify.h"
#include "base/date.h"
#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The body {"programme", "as_of"?, "rent"?, "rent_area"?}: every problem
 * listed at once, by field. */
static int parse_check_body(json_t *body, struct eligibility_request *req, char as_of[11],
                            struct err_list *errs)
{
    static const char *const known[] = {"programme", "as_of", "rent", "rent_area"};
    struct err e;
    if (!json_is_object(body)) {
        err_set(&e, ERR_USAGE, "", "请求体应为 JSON 对象", "the body must be a JSON object");
        err_list_add(errs, &e);
        return -1;
    }
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        size_t k = 0;
        while (k < 4 && strcmp(key, known[k]) != 0)
            k++;
        if (k == 4) {
            char safe[64];
            api_escape(key, safe, sizeof safe);
            err_set(&e, ERR_INVALID, safe, "未知字段（可用：programme、as_of、rent、rent_area）",
                    "unknown field (known: programme, as_of, rent, rent_area)");
            err_list_add(errs, &e);
            continue;
        }
        if (!json_is_string(v) && !(k > 0 && json_is_null(v))) {
            err_set(&e, ERR_INVALID, key, "应为字符串", "must be a string");
            err_list_add(errs, &e);
        }
    }
    json_t *p = json_object_get(body, "programme");
    if (!p) {
        err_set(&e, ERR_INVALID, "programme", "缺少保障方式 programme", "programme is required");
        err_list_add(errs, &e);
    } else if (json_is_string(p) &&
               app_programme_parse(json_string_value(p), &req->programme, "programme", &e))
        err_list_add(errs, &e);
    json_t *d = json_object_get(body, "as_of");
    if (json_is_string(d)) {
        snprintf(as_of, 11, "%.10s", json_string_value(d));
        req->as_of = as_of;
        if (strlen(json_string_value(d)) != 10 || date_valid(as_of) != 0) {
            err_set(&e, ERR_INVALID, "as_of", "应为有效日期 YYYY-MM-DD",
                    "must be a valid date YYYY-MM-DD");
            err_list_add(errs, &e);
        }
    }
    json_t *r = json_object_get(body, "rent");
    if (json_is_string(r) && money_parse(json_string_value(r), &req->rent, "rent", &e))
        err_list_add(errs, &e);
    json_t *a = json_object_get(body, "rent_area");
    if (json_is_string(a) && area_parse(json_string_value(a), &req->rent_area, "rent_area", &e))
        err_list_add(errs, &e);
    return errs->total ? -1 : 0;
}

int api_eligibility_check(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_ELIGIBILITY_CHECK, &e)) return api_problem_err(rs, &e);
    if (api_need_json(rq, rs, 0)) return 0;
    int64_t id = api_param_id(rq->params[0]);
    if (!id) {
        err_set(&e, ERR_NOT_FOUND, "id", "家庭不存在", "no such household");
        return api_problem_err(rs, &e);
    }
    json_t *body = api_json_decode(rq->body, rq->body_len, &e);
    if (!body) return api_problem_err(rs, &e);
    struct eligibility_request req = {.rent = -1, .rent_area = -1};
    char as_of[11];
    struct err_list errs = {0};
    struct eligibility_decision *d = NULL;
    if (parse_check_body(body, &req, as_of, &errs))
        api_problem_list(rs, &errs);
    else if (!(d = calloc(1, sizeof *d)))
        api_oom(rs);
    else if (app_eligibility_check(rq->app, rq->actor, id, &req, d, &e))
        api_problem_err(rs, &e);
    else {
        json_t *j = app_eligibility_json(d);
        if (j)
            api_reply_json(rs, 200, j);
        else
            api_oom(rs);
    }
    free(d);
    err_list_free(&errs);
    json_decref(body);
    return 0;
}

static json_t *count_json(const struct eligibility_count *c, const char *district)
{
    json_t *tiers = json_object();
    for (int t = 1; tiers && t <= POLICY_TIERS_MAX; t++)
        if (c->by_tier[t]) {
            char k[8];
            snprintf(k, sizeof k, "%d", t);
            json_object_set_new(tiers, k, json_integer(c->by_tier[t]));
        }
    json_t *o = json_pack("{s:I, s:I, s:I, s:o}", "households", (json_int_t)c->households,
                          "eligible", (json_int_t)c->eligible, "ineligible",
                          (json_int_t)(c->households - c->eligible), "eligible_by_tier", tiers);
    if (o && district) json_object_set_new(o, "district_code", json_string(district));
    return o;
}

int api_eligibility_summary(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"programme", "district"};
    const char *v[2];
    struct err_list errs = {0};
    api_query_args(rq, known, 2, v, &errs);
    const char *district = NULL;
    enum programme p = PROG_PUBLIC_RENTAL;
    struct err e = {0};
    if (!v[0])
        api_bad_param(&errs, "programme", "缺少查询参数 programme",
                      "query parameter programme is required");
    else if (app_programme_parse(v[0], &p, "programme", &e))
        api_bad_param(&errs, "programme", e.zh, e.en);
    if (v[1]) api_district_param(v[1], &district, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct eligibility_summary s;
    if (app_eligibility_summary(rq->app, rq->actor, p, district, &s, &e))
        return api_problem_err(rs, &e);
    json_t *j;
    if (!s.run_id) {
        j = json_pack("{s:s, s:n, s:[], s:n}", "programme", programme_names[p].code, "run",
                      "districts", "total");
    } else {
        json_t *ds = json_array();
        for (size_t i = 0; ds && i < s.n; i++)
            json_array_append_new(ds, count_json(&s.districts[i], s.districts[i].district_code));
        j = json_pack("{s:s, s:{s:I, s:s, s:s}, s:o, s:o}", "programme", programme_names[p].code,
                      "run", "id", (json_int_t)s.run_id, "as_of", s.as_of, "finished_at",
                      s.finished_at, "districts", ds, "total", count_json(&s.total, NULL));
    }
    free(s.districts);
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

static json_t *policy_row_json(const struct policy_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "code",
                     r->code, "version", r->version, "name_zh", r->name_zh, "name_en", r->name_en,
                     "effective", r->effective, "sha256", r->sha256, "imported_at", r->imported_at);
}

int api_policy_list(struct api_request *rq, struct api_response *rs)
{
    struct policy_row *rows;
    size_t n;
    struct err e = {0};
    if (app_policy_list(rq->app, rq->actor, &rows, &n, &e)) return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, policy_row_json(&rows[i]));
    free(rows);
    json_t *j = items ? json_pack("{s:o}", "items", items) : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

/* The version ref with its document, or NULL with e set (a malformed ref
 * names nothing: 404). */
static json_t *policy_full_json(struct api_request *rq, const char *ref, struct err *e)
{
    struct policy_row row;
    if (app_policy_get(rq->app, rq->actor, ref, &row, NULL, e)) {
        if (e->code == ERR_USAGE) e->code = ERR_NOT_FOUND;
        return NULL;
    }
    json_t *doc = json_loads(row.document, 0, NULL);
    json_t *j = policy_row_json(&row);
    policy_row_free(&row);
    if (!doc || !j) {
        json_decref(doc);
        json_decref(j);
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        return NULL;
    }
    json_object_set_new(j, "document", doc);
    return j;
}

int api_policy_get(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    json_t *j = policy_full_json(rq, rq->params[0], &e);
    return j ? api_reply_json(rs, 200, j) : api_problem_err(rs, &e);
}

/* The body is a preset as `anju policy import` reads it (docs/policy.md):
 * every problem is named by its JSON path (422); a version already stored
 * is 409 whether or not its content is the same. */
int api_policy_import(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_POLICY_WRITE, &e)) return api_problem_err(rs, &e);
    if (api_need_json(rq, rs, 0)) return 0;
    json_t *body = api_json_decode(rq->body, rq->body_len, &e); /* malformed JSON: 400 */
    if (!body) return api_problem_err(rs, &e);
    json_decref(body);
    struct policy_import_result r;
    struct err_list errs = {0};
    if (app_policy_import(rq->app, rq->actor, rq->body, rq->body_len, &r, &errs)) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    err_list_free(&errs);
    if (!r.created) {
        err_set(&e, ERR_CONFLICT, "version", "政策 %s 的版本 %s 已导入（内容相同）",
                "policy %s version %s was already imported (same content)", r.row.code,
                r.row.version);
        return api_problem_err(rs, &e);
    }
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r.row.id);
    json_t *j = policy_full_json(rq, id, &e);
    if (!j) return api_problem_err(rs, &e);
    snprintf(rs->location, sizeof rs->location, "/api/v1/policies/%s", id);
    return api_reply_json(rs, 201, j);
}

/* What changed from version ?against= to version {ref}: {from, to, changes:
 * [{path, before, after}]} (before: against's value, after: ref's). */
int api_policy_diff(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"against"};
    const char *v[1];
    struct err_list errs = {0};
    api_query_args(rq, known, 1, v, &errs);
    if (!v[0] && !errs.total)
        api_bad_param(&errs, "against", "缺少查询参数 against（要比较的版本）",
                      "query parameter against (the version to compare with) is required");
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct err e = {0};
    json_t *to = policy_full_json(rq, rq->params[0], &e);
    if (!to) return api_problem_err(rs, &e);
    json_t *from = policy_full_json(rq, v[0], &e);
    if (!from) {
        json_decref(to);
        return api_problem_err(rs, &e);
    }
    json_t *changes = NULL;
    if (app_policy_diff(rq->app, rq->actor, v[0], rq->params[0], &changes, &e)) {
        json_decref(to);
        json_decref(from);
        if (e.code == ERR_USAGE) e.code = ERR_NOT_FOUND;
        return api_problem_err(rs, &e);
    }
    /* the lists name the versions; their documents are not repeated */
    json_object_del(to, "document");
    json_object_del(from, "document");
    json_t *j = json_pack("{s:o, s:o, s:o}", "from", from, "to", to, "changes", changes);
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

/* --- verification (核对) ------------------------------------------------ */

static int verification_reply(struct api_response *rs, int status,
                              const struct verification_report *r)
{
    json_t *j = app_verification_json(r);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

int api_verification_get(struct api_request *rq, struct api_response *rs)
{
    int64_t id = api_param_id(rq->params[0]);
    struct err e = {0};
    if (!id) {
        err_set(&e, ERR_NOT_FOUND, "id", "家庭不存在", "no such household");
        return api_problem_err(rs, &e);
    }
    struct verification_report *r = calloc(1, sizeof *r);
    if (!r) return api_oom(rs);
    if (app_verification_report(rq->app, rq->actor, id, r, &e))
        api_problem_err(rs, &e);
    else
        verification_reply(rs, 200, r);
    free(r);
    return 0;
}

int api_verification_run(struct api_request *rq, struct api_response *rs)
{
    int64_t id = api_param_id(rq->params[0]);
    struct err e = {0};
    if (!id) {
        err_set(&e, ERR_NOT_FOUND, "id", "家庭不存在", "no such household");
        return api_problem_err(rs, &e);
    }
    if (rq->body_len > 0) {
        err_set(&e, ERR_USAGE, "", "此请求不需要请求体", "this request takes no body");
        return api_problem_err(rs, &e);
    }
    struct verification_report *r = calloc(1, sizeof *r);
    if (!r) return api_oom(rs);
    if (app_verify_household(rq->app, rq->actor, id, r, &e))
        api_problem_err(rs, &e);
    else {
        snprintf(rs->location, sizeof rs->location, "/api/v1/households/%lld/verification",
                 (long long)id);
        verification_reply(rs, 201, r);
    }
    free(r);
    return 0;
}
