#include "api/api_problem.h"

#include "api/api_json.h"

#include <stdio.h>
#include <string.h>

int api_problem_status(enum err_code code)
{
    switch (code) {
    case ERR_INVALID:
        return 422;
    case ERR_USAGE:
        return 400;
    case ERR_NOT_FOUND:
        return 404;
    case ERR_CONFLICT:
        return 409;
    case ERR_TOO_LARGE:
        return 413;
    case ERR_UNAUTHENTICATED:
        return 401;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_LOCKED:
        return 429;
    default:
        return 500;
    }
}

static const struct {
    int status;
    const char *slug, *title;
} kinds[] = {
    {400, "bad-request", "请求格式错误 / Bad request"},
    {401, "unauthenticated", "未登录或会话已失效 / Not signed in"},
    {403, "forbidden", "无权执行此操作 / Forbidden"},
    {404, "not-found", "资源不存在 / Not found"},
    {405, "method-not-allowed", "方法不允许 / Method not allowed"},
    {409, "conflict", "与现有数据冲突 / Conflict"},
    {413, "content-too-large", "请求体过大 / Content too large"},
    {415, "unsupported-media-type", "不支持的内容类型 / Unsupported media type"},
    {422, "validation-failed", "数据校验未通过 / Validation failed"},
    {428, "precondition-required", "缺少版本号 / Precondition required"},
    {429, "too-many-requests", "尝试过于频繁 / Too many requests"},
    {500, "internal-error", "服务器内部错误 / Internal server error"},
};

static int kind_index(int status)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].status == status) return (int)i;
    return (int)(sizeof kinds / sizeof kinds[0]) - 1; /* 500 */
}

const char *api_problem_type(int status)
{
    return kinds[kind_index(status)].slug;
}

/* The internal text of a 5xx goes to the log, never to the client. */
static void log_internal(const struct err *e)
{
    char field[ERR_FIELD_MAX * 4], msg[ERR_TEXT_MAX * 4];
    api_escape(e->field, field, sizeof field);
    api_escape(e->en, msg, sizeof msg);
    fprintf(stderr, "anju: internal error (%s) %s%s%s\n", err_code_name(e->code), field,
            field[0] ? ": " : "", msg);
}

int api_problem(struct api_response *rs, int status, const char *detail_zh, const char *detail_en,
                const struct err *items, size_t nitems)
{
    int k = kind_index(status);
    status = kinds[k].status;
    if (status >= 500) {
        for (size_t i = 0; i < nitems; i++)
            log_internal(&items[i]);
        detail_zh = "服务器内部错误，已记录；请稍后重试或联系管理员";
        detail_en = "internal server error (logged); try again later or contact the "
                    "administrator";
        nitems = 0;
    }
    char type[96];
    snprintf(type, sizeof type, "%s%s", API_PROBLEM_BASE, kinds[k].slug);
    json_t *p = json_object();
    json_t *errors = json_array();
    if (p && errors) {
        json_object_set_new(p, "type", json_string(type));
        json_object_set_new(p, "title", json_string(kinds[k].title));
        json_object_set_new(p, "status", json_integer(status));
        json_object_set_new(p, "detail", api_json_text(detail_zh));
        json_object_set_new(p, "detail_en", api_json_text(detail_en));
        for (size_t i = 0; i < nitems; i++) {
            json_t *x = json_object();
            json_object_set_new(x, "field", api_json_text(items[i].field));
            json_object_set_new(x, "message_zh", api_json_text(items[i].zh));
            json_object_set_new(x, "message_en", api_json_text(items[i].en));
            json_array_append_new(errors, x);
        }
        json_object_set_new(p, "errors", errors);
        errors = NULL;
    }
    json_decref(errors);
    api_reply_json(rs, status, p);
    rs->content_type = "application/problem+json";
    return 0;
}

/* One error as the detail: "field：message" / "field: message". */
static int problem_one(struct api_response *rs, int status, const struct err *e)
{
    char zh[ERR_FIELD_MAX + ERR_TEXT_MAX + 8], en[ERR_FIELD_MAX + ERR_TEXT_MAX + 8];
    snprintf(zh, sizeof zh, "%s%s%s", e->field, e->field[0] ? "：" : "", e->zh);
    snprintf(en, sizeof en, "%s%s%s", e->field, e->field[0] ? ": " : "", e->en);
    return api_problem(rs, status, zh, en, e, 1);
}

int api_problem_err(struct api_response *rs, const struct err *e)
{
    return problem_one(rs, api_problem_status(e->code), e);
}

int api_problem_list(struct api_response *rs, const struct err_list *errs)
{
    int status = 422, chosen = 0;
    for (size_t i = 0; i < errs->len; i++) {
        int s = api_problem_status(errs->items[i].code);
        if (s >= 500) {
            status = s;
            break;
        }
        if (!chosen && errs->items[i].code != ERR_INVALID) {
            status = s;
            chosen = 1;
        }
    }
    if (errs->len == 0) status = 500; /* a failure that said nothing is a bug */
    if (errs->len == 1 && errs->total == 1) return problem_one(rs, status, &errs->items[0]);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "请求中有 %zu 处错误，详见 errors", errs->total);
    snprintf(en, sizeof en, "the request has %zu errors; see errors", errs->total);
    return api_problem(rs, status, zh, en, errs->items, errs->len);
}

int api_oom(struct api_response *rs)
{
    struct err e;
    err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
    return api_problem_err(rs, &e);
}

int api_need_json(struct api_request *rq, struct api_response *rs, int merge_patch)
{
    if (api_media_is_json(rq->content_type, merge_patch)) return 0;
    char got[128];
    api_escape(rq->content_type ? rq->content_type : "(none)", got, sizeof got);
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "请求体应为 JSON：Content-Type 应为 application/json%s，实际为 %s",
             merge_patch ? " 或 application/merge-patch+json" : "", got);
    snprintf(en, sizeof en,
             "the body must be JSON: Content-Type must be application/json%s, got %s",
             merge_patch ? " or application/merge-patch+json" : "", got);
    api_problem(rs, 415, zh, en, NULL, 0);
    return -1;
}

void api_bad_param(struct err_list *errs, const char *name, const char *zh, const char *en)
{
    struct err e;
    err_set(&e, ERR_USAGE, name, "%s%.0s", "%.0s%s", zh, en);
    err_list_add(errs, &e);
}

void api_query_args(const struct api_request *rq, const char *const *known, size_t nknown,
                    const char **values, struct err_list *errs)
{
    char names[256] = "";
    for (size_t k = 0; k < nknown; k++) {
        values[k] = NULL;
        strncat(names, k ? "、" : "", sizeof names - strlen(names) - 1);
        strncat(names, known[k], sizeof names - strlen(names) - 1);
    }
    char names_en[256] = "";
    for (size_t k = 0; k < nknown; k++) {
        strncat(names_en, k ? ", " : "", sizeof names_en - strlen(names_en) - 1);
        strncat(names_en, known[k], sizeof names_en - strlen(names_en) - 1);
    }
    if (rq->query_overflow) api_bad_param(errs, "", "查询参数过多", "too many query parameters");
    for (size_t i = 0; i < rq->nquery; i++) {
        const char *k = rq->query[i].key;
        size_t which = 0;
        while (which < nknown && strcmp(k, known[which]) != 0)
            which++;
        char safe[64], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        api_escape(k, safe, sizeof safe);
        if (which == nknown) {
            snprintf(zh, sizeof zh, "未知的查询参数“%s”（可用：%s）", safe, names);
            snprintf(en, sizeof en, "unknown query parameter \"%s\" (known: %s)", safe, names_en);
            api_bad_param(errs, safe, zh, en);
        } else if (values[which]) {
            snprintf(zh, sizeof zh, "查询参数 %s 重复", safe);
            snprintf(en, sizeof en, "query parameter %s is given more than once", safe);
            api_bad_param(errs, safe, zh, en);
        } else
            values[which] = rq->query[i].value;
    }
}

int api_int_param(const char *name, const char *v, int64_t min, int64_t max, int64_t *out,
                  struct err_list *errs)
{
    int64_t x = 0;
    size_t n = strlen(v);
    int ok = n > 0 && n <= 10;
    for (size_t i = 0; ok && i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            ok = 0;
        else
            x = x * 10 + (v[i] - '0');
    }
    if (ok && x >= min && x <= max) {
        *out = x;
        return 0;
    }
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX], safe[64];
    api_escape(v, safe, sizeof safe);
    snprintf(zh, sizeof zh, "参数 %s 应为 %lld 至 %lld 的整数，实际为“%s”", name, (long long)min,
             (long long)max, safe);
    snprintf(en, sizeof en, "parameter %s must be an integer from %lld to %lld, got \"%s\"", name,
             (long long)min, (long long)max, safe);
    api_bad_param(errs, name, zh, en);
    return -1;
}

int api_district_param(const char *d, const char **out, struct err_list *errs)
{
    int ok = strlen(d) == 6;
    for (int i = 0; ok && i < 6; i++)
        ok = d[i] >= '0' && d[i] <= '9';
    if (ok) {
        *out = d;
        return 0;
    }
    char safe[64], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    api_escape(d, safe, sizeof safe);
    snprintf(zh, sizeof zh, "参数 district 应为 6 位区县代码（如 110105），实际为“%s”", safe);
    snprintf(en, sizeof en,
             "parameter district must be a 6-digit district code (e.g. 110105), got \"%s\"", safe);
    api_bad_param(errs, "district", zh, en);
    return -1;
}
