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
    default:
        return 500;
    }
}

static const struct {
    int status;
    const char *slug, *title;
} kinds[] = {
    {400, "bad-request", "请求格式错误 / Bad request"},
    {404, "not-found", "资源不存在 / Not found"},
    {405, "method-not-allowed", "方法不允许 / Method not allowed"},
    {409, "conflict", "与现有数据冲突 / Conflict"},
    {413, "content-too-large", "请求体过大 / Content too large"},
    {415, "unsupported-media-type", "不支持的内容类型 / Unsupported media type"},
    {422, "validation-failed", "数据校验未通过 / Validation failed"},
    {428, "precondition-required", "缺少版本号 / Precondition required"},
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
