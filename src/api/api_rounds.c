/* api/api_rounds — rounds (配租/配售批次) over HTTP (docs/rounds.md, docs/api.md):
 *   GET  /api/v1/rounds?state=&programme=         the rounds in scope, newest first
 *   POST /api/v1/rounds                           create (draft)
 *   GET  /api/v1/rounds/{id}                      with counts and the list's SHA-256
 *   POST /api/v1/rounds/{id}/actions              {action, version?, ...}: one step
 *   GET  /api/v1/rounds/{id}/units
 *   GET  /api/v1/rounds/{id}/entrants             names masked unless the role reads households
 *   POST /api/v1/rounds/{id}/entrants             register {application_id, preferences?}
 *   GET  /api/v1/rounds/{id}/offers
 *   GET  /api/v1/rounds/{id}/files/{name}         entrants.csv, result.csv, manifest.json
 *   GET  /api/v1/me/rounds                        the applicant's rounds
 *   POST /api/v1/offers/{id}/answer               {answer: accept|decline}
 *   GET  /api/public/rounds                       (public) rounds with a published list
 *   GET  /api/public/rounds/{id}/results          (public) a published round's results
 *   GET  /api/public/rounds/{id}/files/{name}     (public) the same bytes as the staff route
 *
 * Thin: roles, scope, states and rules are app/round's and core/round's.
 * Public handlers call only the use cases that take no actor. */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/eligibility.h"
#include "app/round_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- request helpers -------------------------------------------------------- */

enum field_type { F_STRING, F_INT, F_INTS };

struct field {
    const char *name;
    enum field_type type;
    int required;
    json_t *value; /* borrowed from the body; NULL when absent */
};

/* Decodes the JSON body and reads these fields only, each of its type;
 * every problem is listed. NULL after replying. */
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
    if (!json_is_object(body)) {
        err_set(&e, ERR_USAGE, "", "请求体应为 JSON 对象", "the body must be a JSON object");
        err_list_add(&errs, &e);
    } else {
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
                err_list_add(&errs, &e);
                continue;
            }
            int ok = f[k].type == F_STRING ? json_is_string(v)
                     : f[k].type == F_INT  ? json_is_integer(v)
                                           : json_is_array(v);
            for (size_t i = 0; ok && f[k].type == F_INTS && i < json_array_size(v); i++)
                ok = json_is_integer(json_array_get(v, i));
            if (!ok) {
                static const char *const zh[] = {"字符串", "整数", "整数数组"};
                static const char *const en[] = {"a string", "an integer", "an array of integers"};
                err_set(&e, ERR_INVALID, safe, "应为%s%.0s", "must be %.0s%s", zh[f[k].type],
                        en[f[k].type]);
                err_list_add(&errs, &e);
                continue;
            }
            f[k].value = v;
        }
        for (size_t k = 0; k < n; k++)
            if (f[k].required && !json_object_get(body, f[k].name)) {
                err_set(&e, ERR_INVALID, f[k].name, "缺少此字段", "this field is required");
                err_list_add(&errs, &e);
            }
    }
    if (errs.total) {
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

/* The id of path parameter k; 0 after replying 404 when it is not one. */
static int64_t path_id(struct api_request *rq, struct api_response *rs, size_t k,
                       const char *what_zh, const char *what_en)
{
    int64_t id = api_param_id(rq->params[k]);
    if (id) return id;
    char safe[API_PARAM_MAX * 4];
    api_escape(rq->params[k], safe, sizeof safe);
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "%s %s 不存在", what_zh, safe);
    snprintf(en, sizeof en, "%s %s does not exist", what_en, safe);
    struct err e = {0};
    err_set(&e, ERR_NOT_FOUND, "id", "%s%.0s", "%.0s%s", zh, en);
    api_problem_err(rs, &e);
    return 0;
}

static int64_t round_id(struct api_request *rq, struct api_response *rs)
{
    return path_id(rq, rs, 0, "配租批次", "round");
}

/* {"items": [...]} */
static int reply_items(struct api_response *rs, json_t *items)
{
    json_t *j = items ? json_pack("{s:o}", "items", items) : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

static int reply_view(struct api_request *rq, struct api_response *rs, int status, int64_t id)
{
    struct round_view v;
    struct err e = {0};
    if (app_round_view(rq->app, rq->actor, id, &v, &e)) return api_problem_err(rs, &e);
    if (status == 201)
        snprintf(rs->location, sizeof rs->location, "/api/v1/rounds/%lld", (long long)id);
    json_t *j = app_round_view_json(&v);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

/* A query parameter that names a code of table t (n entries): its index, or
 * a 400 error and -1. */
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

/* --- staff ------------------------------------------------------------------ */

int api_round_list(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"state", "programme"};
    const char *v[2];
    struct err_list errs = {0};
    api_query_args(rq, known, 2, v, &errs);
    int state = -1, programme = -1;
    if (v[0]) state = code_param("state", v[0], round_state_names, ROUND_STATE_COUNT, &errs);
    if (v[1]) api_programme_param(v[1], &programme, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct round_view *list;
    size_t n;
    struct err e = {0};
    if (app_round_views(rq->app, rq->actor, state, programme, &list, &n, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, app_round_view_json(&list[i]));
    free(list);
    return reply_items(rs, items);
}

/* An optional integer field in [min, max], else an error naming it. */
static int int_field(const struct field *f, int min, int max, int *out, struct err_list *errs)
{
    *out = 0;
    if (!f->value) return 0;
    json_int_t v = json_integer_value(f->value);
    if (v >= min && v <= max) return *out = (int)v, 0;
    struct err e;
    err_set(&e, ERR_INVALID, f->name, "应为 %d 至 %d 的整数", "must be an integer from %d to %d",
            min, max);
    err_list_add(errs, &e);
    return -1;
}

/* A string field of at most max bytes into out. */
static void text_field(const struct field *f, char *out, size_t size, struct err_list *errs)
{
    const char *s = str(f);
    out[0] = 0;
    if (!s) return;
    if (strlen(s) >= size) {
        struct err e;
        err_set(&e, ERR_INVALID, f->name, "太长（至多 %zu 字节）", "too long (at most %zu bytes)",
                size - 1, size - 1);
        err_list_add(errs, &e);
        return;
    }
    memcpy(out, s, strlen(s) + 1);
}

int api_round_create(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (access_require(rq->actor, PERM_ROUND_RUN, &e)) return api_problem_err(rs, &e);
    struct field f[] = {{"code", F_STRING, 1, NULL},
                        {"name", F_STRING, 1, NULL},
                        {"programme", F_STRING, 1, NULL},
                        {"kind", F_STRING, 0, NULL},
                        {"target_category", F_STRING, 0, NULL},
                        {"district_code", F_STRING, 1, NULL},
                        {"shortlist_ratio_permille", F_INT, 0, NULL},
                        {"declines_max", F_INT, 0, NULL},
                        {"choose_days", F_INT, 0, NULL}};
    json_t *body = read_body(rq, rs, f, 9);
    if (!body) return 0;
    struct round_row r = {0};
    struct err_list errs = {0};
    text_field(&f[0], r.code, sizeof r.code, &errs);
    text_field(&f[1], r.name, sizeof r.name, &errs);
    if (app_programme_parse(str(&f[2]), &r.programme, "programme", &e)) err_list_add(&errs, &e);
    int k = code_lookup(round_kind_names, ROUND_KIND_COUNT, f[3].value ? str(&f[3]) : "general");
    if (k < 0) {
        err_set(&e, ERR_INVALID, "kind", "应为 general、targeted 或 direct",
                "must be general, targeted or direct");
        err_list_add(&errs, &e);
    } else
        r.kind = (enum round_kind)k;
    text_field(&f[4], r.target_category, sizeof r.target_category, &errs);
    text_field(&f[5], r.district_code, sizeof r.district_code, &errs);
    if (f[6].value) {
        json_int_t ratio = json_integer_value(f[6].value);
        r.ratio_permille = ratio >= 0 && ratio <= 1000000 ? (int)ratio : -1;
        if (round_ratio_check(r.ratio_permille, "shortlist_ratio_permille", &e))
            err_list_add(&errs, &e);
    }
    int_field(&f[7], 1, 100, &r.declines_max, &errs);
    int_field(&f[8], 1, 365, &r.choose_days, &errs);
    if (errs.total)
        api_problem_list(rs, &errs);
    else if (app_round_create(rq->app, rq->actor, &r, &e))
        api_problem_err(rs, &e);
    else
        reply_view(rq, rs, 201, r.id);
    err_list_free(&errs);
    json_decref(body);
    return 0;
}

int api_round_get(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    return id ? reply_view(rq, rs, 200, id) : 0;
}

enum round_action {
    A_ADD_UNITS,
    A_OPEN,
    A_REGISTER_ALL,
    A_SHORTLIST,
    A_RECHECK,
    A_PUBLISH_LIST,
    A_DRAW,
    A_ALLOCATE,
    A_EXPIRE,
    A_PUBLISH,
    A_COUNT
};
static const char *const action_names[A_COUNT] = {
    "add_units",    "open", "register_all", "shortlist", "recheck",
    "publish_list", "draw", "allocate",     "expire",    "publish",
};

/* Runs one step; *result gets what it returns. */
static int run_action(struct api_request *rq, int64_t id, enum round_action act,
                      const struct field *f, json_t **result, struct err *e)
{
    struct app *a = rq->app;
    const struct actor *who = rq->actor;
    int64_t n = 0, m = 0;
    int rc;
    switch (act) {
    case A_ADD_UNITS:
        rc = app_round_add_units(a, who, id, str(&f[2]), &n, e);
        *result = json_pack("{s:I}", "added", (json_int_t)n);
        break;
    case A_OPEN:
        rc = app_round_open(a, who, id, e);
        *result = json_object();
        break;
    case A_REGISTER_ALL:
        rc = app_round_register_all(a, who, id, &n, e);
        *result = json_pack("{s:I}", "registered", (json_int_t)n);
        break;
    case A_SHORTLIST:
        rc = app_round_shortlist(a, who, id, &n, e);
        *result = json_pack("{s:I}", "shortlisted", (json_int_t)n);
        break;
    case A_RECHECK:
        rc = app_round_recheck(a, who, id, &n, &m, e);
        *result = json_pack("{s:I, s:I}", "eligible", (json_int_t)n, "ineligible", (json_int_t)m);
        break;
    case A_PUBLISH_LIST: {
        char sha[65];
        rc = app_round_publish_list(a, who, id, NULL, sha, &n, e);
        *result = json_pack("{s:s, s:I}", "list_sha256", sha, "entrants", (json_int_t)n);
        break;
    }
    case A_DRAW: {
        if (!f[3].value || !f[4].value)
            return err_set(e, ERR_INVALID, f[3].value ? "randomness" : "lottery_id",
                           "摇号须给出 lottery_id 和 randomness",
                           "a draw needs lottery_id and randomness");
        rc = app_round_draw(a, who, id, str(&f[3]), str(&f[4]), NULL, e);
        char *bytes = NULL;
        size_t len;
        const char *type;
        if (rc == 0) rc = app_round_file(a, who, id, "manifest.json", &bytes, &len, &type, e);
        json_t *man = bytes ? json_loadb(bytes, len, 0, NULL) : NULL;
        free(bytes);
        *result = man ? json_pack("{s:o}", "manifest", man) : NULL;
        break;
    }
    case A_ALLOCATE:
        rc = app_round_allocate(a, who, id, &n, &m, e);
        *result = json_pack("{s:I, s:I}", "offered", (json_int_t)n, "unassigned", (json_int_t)m);
        break;
    case A_EXPIRE:
        rc = app_round_expire(a, who, id, &n, e);
        *result = json_pack("{s:I}", "expired", (json_int_t)n);
        break;
    default:
        rc = app_round_publish(a, who, id, e);
        *result = json_object();
        break;
    }
    if (rc) {
        json_decref(*result);
        *result = NULL;
    }
    return rc;
}

int api_round_act(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"action", F_STRING, 1, NULL},
                        {"version", F_INT, 0, NULL},
                        {"project_code", F_STRING, 0, NULL},
                        {"lottery_id", F_STRING, 0, NULL},
                        {"randomness", F_STRING, 0, NULL}};
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    json_t *body = read_body(rq, rs, f, 5);
    if (!body) return 0;
    struct err e = {0};
    int act = 0;
    while (act < A_COUNT && strcmp(str(&f[0]), action_names[act]) != 0)
        act++;
    struct round_view v;
    json_t *result = NULL;
    if (act == A_COUNT) {
        char safe[64];
        api_escape(str(&f[0]), safe, sizeof safe);
        err_set(&e, ERR_INVALID, "action",
                "未知操作“%s”（可用：add_units、open、register_all、shortlist、recheck、"
                "publish_list、draw、allocate、expire、publish）",
                "unknown action \"%s\" (use add_units, open, register_all, shortlist, recheck, "
                "publish_list, draw, allocate, expire or publish)",
                safe, safe);
        api_problem_err(rs, &e);
    } else if (f[1].value && app_round_view(rq->app, rq->actor, id, &v, &e)) {
        api_problem_err(rs, &e);
    } else if (f[1].value && v.r.version != json_integer_value(f[1].value)) {
        err_set(&e, ERR_CONFLICT, "version",
                "批次已被他人更新（当前版本 %lld，请求中的版本 %lld），请重新读取",
                "the round was changed meanwhile (version %lld now, %lld sent): read it again",
                (long long)v.r.version, (long long)json_integer_value(f[1].value),
                (long long)v.r.version, (long long)json_integer_value(f[1].value));
        api_problem_err(rs, &e);
    } else if (run_action(rq, id, (enum round_action)act, f, &result, &e)) {
        api_problem_err(rs, &e);
    } else if (!result || app_round_view(rq->app, rq->actor, id, &v, &e)) {
        json_decref(result);
        if (!result)
            api_oom(rs);
        else
            api_problem_err(rs, &e);
    } else {
        json_t *j = json_pack("{s:o, s:o}", "round", app_round_view_json(&v), "result", result);
        if (j)
            api_reply_json(rs, 200, j);
        else
            api_oom(rs);
    }
    json_decref(body);
    return 0;
}

int api_round_units(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    struct round_unit_row *u;
    size_t n;
    struct err e = {0};
    if (app_round_units(rq->app, rq->actor, id, &u, &n, &e)) return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, app_round_unit_json(&u[i]));
    free(u);
    return reply_items(rs, items);
}

int api_round_entrants(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    struct round_entrant_row *x;
    size_t n;
    struct err e = {0};
    if (app_round_entrants(rq->app, rq->actor, id, &x, &n, &e)) return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, app_round_entrant_json(rq->actor, &x[i]));
    free(x);
    return reply_items(rs, items);
}

int api_round_register(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"application_id", F_INT, 1, NULL}, {"preferences", F_INTS, 0, NULL}};
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    json_t *body = read_body(rq, rs, f, 2);
    if (!body) return 0;
    struct err e = {0};
    json_int_t app_id = json_integer_value(f[0].value);
    char *prefs = f[1].value ? json_dumps(f[1].value, JSON_COMPACT) : NULL;
    int created;
    struct round_entrant_row x;
    if (app_id < 1) {
        err_set(&e, ERR_INVALID, "application_id", "应为正整数（申请编号）",
                "must be a positive integer (the application's id)");
        api_problem_err(rs, &e);
    } else if (f[1].value && !prefs)
        api_oom(rs);
    else if (app_round_register(rq->app, rq->actor, id, (int64_t)app_id, prefs, &created, &e) ||
             app_round_entrant_get(rq->app, rq->actor, id, (int64_t)app_id, &x, &e))
        api_problem_err(rs, &e);
    else {
        json_t *j = app_round_entrant_json(rq->actor, &x);
        if (j)
            api_reply_json(rs, created ? 201 : 200, j);
        else
            api_oom(rs);
    }
    free(prefs);
    json_decref(body);
    return 0;
}

int api_round_offers(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    struct round_offer_row *o;
    size_t n;
    struct err e = {0};
    /* readers; app_round_offers itself also lets applicants and runners in */
    if (access_require(rq->actor, PERM_ROUND_READ, &e) ||
        app_round_offers(rq->app, rq->actor, id, &o, &n, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, app_round_offer_json(&o[i]));
    free(o);
    return reply_items(rs, items);
}

/* Sends a file's bytes (takes them). */
static int reply_file(struct api_response *rs, char *bytes, size_t len, const char *type)
{
    rs->status = 200;
    rs->body = bytes;
    rs->len = len;
    rs->body_static = 0;
    rs->content_type = type;
    return 0;
}

int api_round_file(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    char *bytes;
    size_t len;
    const char *type;
    struct err e = {0};
    if (app_round_file(rq->app, rq->actor, id, rq->params[1], &bytes, &len, &type, &e))
        return api_problem_err(rs, &e);
    return reply_file(rs, bytes, len, type);
}

/* --- applicants ------------------------------------------------------------- */

int api_me_rounds(struct api_request *rq, struct api_response *rs)
{
    struct err_list errs = {0};
    const char *none[1];
    api_query_args(rq, NULL, 0, none, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct err e = {0};
    json_t *j = app_round_mine(rq->app, rq->actor, &e);
    return j ? api_reply_json(rs, 200, j) : api_problem_err(rs, &e);
}

int api_offer_answer(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"answer", F_STRING, 1, NULL}};
    int64_t id = path_id(rq, rs, 0, "选房通知", "offer");
    if (!id) return 0;
    json_t *body = read_body(rq, rs, f, 1);
    if (!body) return 0;
    struct err e = {0};
    const char *answer = str(&f[0]);
    struct round_offer_row o;
    if (strcmp(answer, "accept") != 0 && strcmp(answer, "decline") != 0) {
        err_set(&e, ERR_INVALID, "answer", "应为 accept（接受）或 decline（放弃）",
                "must be accept or decline");
        api_problem_err(rs, &e);
    } else if (app_round_answer(rq->app, rq->actor, id, answer[0] == 'a', &o, &e))
        api_problem_err(rs, &e);
    else {
        json_t *j = app_round_offer_json(&o);
        if (j)
            api_reply_json(rs, 200, j);
        else
            api_oom(rs);
    }
    json_decref(body);
    return 0;
}

/* --- public ----------------------------------------------------------------- */

int api_public_rounds(struct api_request *rq, struct api_response *rs)
{
    struct err_list errs = {0};
    const char *none[1];
    api_query_args(rq, NULL, 0, none, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct err e = {0};
    json_t *j = app_round_public_list(rq->app, &e);
    return j ? api_reply_json(rs, 200, j) : api_problem_err(rs, &e);
}

int api_public_round_results(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    struct err e = {0};
    json_t *j = app_round_results(rq->app, id, &e);
    return j ? api_reply_json(rs, 200, j) : api_problem_err(rs, &e);
}

int api_public_round_file(struct api_request *rq, struct api_response *rs)
{
    int64_t id = round_id(rq, rs);
    if (!id) return 0;
    char *bytes;
    size_t len;
    const char *type;
    struct err e = {0};
    if (app_round_public_file(rq->app, id, rq->params[1], &bytes, &len, &type, &e))
        return api_problem_err(rs, &e);
    return reply_file(rs, bytes, len, type);
}
