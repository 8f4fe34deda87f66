/* io/json_errors — naming what is wrong in a JSON document (see json_errors.h). */
#include "io/json_errors.h"

#include <stdio.h>

void json_errors_add(struct err_list *errs, const char *path, const char *zh, const char *en)
{
    struct err e;
    err_set(&e, ERR_INVALID, path, "%s%.0s", "%.0s%s", zh, en);
    err_list_add(errs, &e);
}

const char *json_errors_type_zh(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "对象";
    case JSON_ARRAY:
        return "数组";
    case JSON_STRING:
        return "字符串";
    case JSON_INTEGER:
        return "整数";
    case JSON_REAL:
        return "小数";
    case JSON_TRUE:
    case JSON_FALSE:
        return "布尔值";
    case JSON_NULL:
        return "null";
    }
    return "未知类型";
}

const char *json_errors_type_en(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "an unknown type";
}

void json_errors_wrong_type(struct err_list *errs, const char *path, const json_t *v,
                            const char *want_zh, const char *want_en)
{
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "类型错误：应为%s，实际为%s", want_zh, json_errors_type_zh(v));
    snprintf(en, sizeof en, "wrong type: must be %s, got %s", want_en, json_errors_type_en(v));
    json_errors_add(errs, path, zh, en);
}
