/* api/api_session — signing in and out, registering, the signed-in
 * account, and account administration:
 *   POST/GET/DELETE /api/v1/session
 *   POST /api/v1/accounts (public: an applicant registers)
 *   GET /api/v1/me, POST /api/v1/me/household
 *   GET/POST /api/v1/users, PATCH /api/v1/users/{id} (administrators)
 *
 * POST /api/v1/session and POST /api/v1/accounts are public routes: they
 * have no actor and call only app_login / app_account_register.
 */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/auth.h"
#include "base/date.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- strict bodies -------------------------------------------------------- */

enum field_type { F_STRING, F_BOOL, F_INT };

struct field {
    const char *name;
    enum field_type type;
    int required;
    json_t *value; /* borrowed from the body; NULL when absent */
};

/* Reads a JSON object with only these fields, each of its type; every
 * problem is listed. */
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
        if (k == n) {
            char safe[64];
            api_escape(key, safe, sizeof safe);
            err_set(&e, ERR_INVALID, safe, "未知字段（可用：%s）", "unknown field (known: %s)",
                    names);
            err_list_add(errs, &e);
            continue;
        }
        int ok = f[k].type == F_STRING ? json_is_string(v)
                 : f[k].type == F_BOOL ? json_is_boolean(v)
                                       : json_is_integer(v);
        if (!ok) {
            const char *zh = f[k].type == F_STRING ? "字符串"
                             : f[k].type == F_BOOL ? "布尔值"
                                                   : "整数";
            const char *en = f[k].type == F_STRING ? "a string"
                             : f[k].type == F_BOOL ? "a boolean"
                                                   : "an integer";
            err_set(&e, ERR_INVALID, key, "应为%s%.0s", "must be %.0s%s", zh, en);
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

static const char *str(const struct field *f)
{
    return f->value ? json_string_value(f->value) : NULL;
}

/* Decodes a JSON body and reads its fields; on failure rs holds the problem
 * and NULL is returned. The caller json_decrefs the result. */
static json_t *read_body(struct api_request *rq, struct api_response *rs, int merge_patch,
                         struct field *f, size_t n)
{
    if (api_need_json(rq, rs, merge_patch)) return NULL;
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

/* --- session -------------------------------------------------------------- */

static int reply_session(struct api_response *rs, int status, const struct auth_session *s)
{
    json_t *j = json_pack("{s:o, s:s, s:s}", "account", app_account_json(&s->account, 0),
                          "csrf_token", s->csrf, "expires_at", s->expires_at);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

int api_session_create(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"username", F_STRING, 1, NULL}, {"password", F_STRING, 1, NULL}};
    json_t *body = read_body(rq, rs, 0, f, 2);
    if (!body) return 0;
    struct auth_session *s = calloc(1, sizeof *s);
    struct err e = {0};
    if (!s)
        api_oom(rs);
    else if (app_login(rq->app, str(&f[0]), str(&f[1]), s, &e)) {
        api_problem_err(rs, &e);
        long long until;
        if (e.code == ERR_LOCKED && date_time_parse(s->locked_until, &until) == 0) {
            long long wait = until - date_now_epoch();
            snprintf(rs->retry_after, sizeof rs->retry_after, "%lld", wait > 0 ? wait : 1);
        }
    } else {
        api_set_session_cookie(rs, s->token);
        reply_session(rs, 201, s);
    }
    if (s) sodium_memzero(s, sizeof *s);
    free(s);
    json_decref(body);
    return 0;
}

int api_session_get(struct api_request *rq, struct api_response *rs)
{
    struct auth_session s;
    struct actor who;
    struct err e = {0};
    if (app_session_resolve(rq->app, rq->session_token, &who, &s, &e))
        return api_problem_err(rs, &e);
    return reply_session(rs, 200, &s);
}

int api_session_delete(struct api_request *rq, struct api_response *rs)
{
    struct err e = {0};
    if (app_logout(rq->app, rq->actor, rq->session_token, &e)) return api_problem_err(rs, &e);
    api_expire_cookie(rs);
    return api_reply_static(rs, 204, NULL, "", 0);
}

/* --- self-service ------------------------------------------------------------ */

static int reply_account(struct api_response *rs, int status, const struct account *a)
{
    json_t *j = app_account_json(a, 1);
    return j ? api_reply_json(rs, status, j) : api_oom(rs);
}

int api_account_register(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"phone", F_STRING, 1, NULL},
                        {"password", F_STRING, 1, NULL},
                        {"display_name", F_STRING, 1, NULL}};
    json_t *body = read_body(rq, rs, 0, f, 3);
    if (!body) return 0;
    struct account a;
    struct err e = {0};
    if (app_account_register(rq->app, str(&f[0]), str(&f[1]), str(&f[2]), &a, &e))
        api_problem_err(rs, &e);
    else {
        snprintf(rs->location, sizeof rs->location, "/api/v1/me");
        reply_account(rs, 201, &a);
    }
    json_decref(body);
    return 0;
}

int api_me_get(struct api_request *rq, struct api_response *rs)
{
    struct account a;
    struct err e = {0};
    if (app_account_me(rq->app, rq->actor, &a, &e)) return api_problem_err(rs, &e);
    /* the account and what its role may do (the console shows what it may) */
    json_t *j = app_account_json(&a, 1), *perms = json_array();
    for (int p = 0; j && perms && p < PERM_COUNT; p++)
        if (access_may(rq->actor, (enum permission)p))
            json_array_append_new(perms, json_string(permission_names[p]));
    if (!j || !perms || json_object_set_new(j, "permissions", perms)) {
        json_decref(j);
        return api_oom(rs);
    }
    return api_reply_json(rs, 200, j);
}

int api_me_household(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"id_number", F_STRING, 1, NULL}, {"name", F_STRING, 1, NULL}};
    json_t *body = read_body(rq, rs, 0, f, 2);
    if (!body) return 0;
    struct account a;
    struct err e = {0};
    if (app_account_bind(rq->app, rq->actor, str(&f[0]), str(&f[1]), &a, &e))
        api_problem_err(rs, &e);
    else
        reply_account(rs, 200, &a);
    json_decref(body);
    return 0;
}

/* --- administration ------------------------------------------------------- */

int api_user_list(struct api_request *rq, struct api_response *rs)
{
    struct err_list errs = {0};
    const char *none[1];
    api_query_args(rq, NULL, 0, none, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct account *list;
    size_t n;
    struct err e = {0};
    if (app_account_list(rq->app, rq->actor, &list, &n, &e)) return api_problem_err(rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, app_account_json(&list[i], 1));
    free(list);
    json_t *j = items ? json_pack("{s:o}", "items", items) : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

int api_user_create(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"username", F_STRING, 1, NULL}, {"display_name", F_STRING, 0, NULL},
                        {"role", F_STRING, 1, NULL},     {"scope", F_STRING, 0, NULL},
                        {"password", F_STRING, 1, NULL}, {"phone", F_STRING, 0, NULL}};
    struct err e = {0};
    /* the role check first, so that nobody learns the rules of the body */
    if (access_require(rq->actor, PERM_ACCOUNT_ADMIN, &e)) return api_problem_err(rs, &e);
    json_t *body = read_body(rq, rs, 0, f, 6);
    if (!body) return 0;
    struct account_input in = {.username = str(&f[0]),
                               .display_name = str(&f[1]),
                               .scope = str(&f[3]),
                               .password = str(&f[4]),
                               .phone = str(&f[5])};
    struct account a;
    if (auth_role_parse(str(&f[2]), &in.role, "role", &e) ||
        app_account_add(rq->app, rq->actor, &in, &a, &e))
        api_problem_err(rs, &e);
    else {
        snprintf(rs->location, sizeof rs->location, "/api/v1/users/%lld", (long long)a.id);
        reply_account(rs, 201, &a);
    }
    json_decref(body);
    return 0;
}

int api_user_patch(struct api_request *rq, struct api_response *rs)
{
    struct field f[] = {{"version", F_INT, 0, NULL},
                        {"disabled", F_BOOL, 0, NULL},
                        {"display_name", F_STRING, 0, NULL},
                        {"scope", F_STRING, 0, NULL},
                        {"password", F_STRING, 0, NULL}};
    struct err e = {0};
    if (access_require(rq->actor, PERM_ACCOUNT_ADMIN, &e)) return api_problem_err(rs, &e);
    int64_t id = api_param_id(rq->params[0]);
    json_t *body = read_body(rq, rs, 1, f, 5);
    if (!body) return 0;
    if (!f[0].value) {
        err_set(&e, ERR_USAGE, "version", "缺少 version：请带上读取时的版本号，以免覆盖他人的修改",
                "version is required: send the version you read, so that nobody's changes are "
                "overwritten");
        api_problem(rs, 428, e.zh, e.en, &e, 1);
    } else if (!id) {
        char safe[API_PARAM_MAX * 4];
        api_escape(rq->params[0], safe, sizeof safe);
        err_set(&e, ERR_NOT_FOUND, "id", "账号 %s 不存在", "account %s does not exist", safe);
        api_problem_err(rs, &e);
    } else {
        struct account_patch p = {.version = json_integer_value(f[0].value),
                                  .disabled = f[1].value ? json_is_true(f[1].value) : -1,
                                  .display_name = str(&f[2]),
                                  .scope = str(&f[3]),
                                  .password = str(&f[4])};
        struct account a;
        if (app_account_update(rq->app, rq->actor, id, &p, &a, &e))
            api_problem_err(rs, &e);
        else
            reply_account(rs, 200, &a);
    }
    json_decref(body);
    return 0;
}
