/* io/json_errors — naming what is wrong in a JSON document (see json_errors.h). */
#include "io/json_errors.h"

#include <stdio.h>
#include <string.h>

void json_errors_add(struct err_list *errs, const char *path, const char *zh, const char *en)
{
    struct err e = {0};
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

/* Appends s to out (ERR_FIELD_MAX bytes with the NUL), cutting at a
 * character boundary when it does not fit. */
static void path_append(char *out, const char *s)
{
    size_t n = strlen(out), m = strlen(s);
    if (n + m >= ERR_FIELD_MAX) {
        m = ERR_FIELD_MAX - 1 - n;
        while (m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
            m--;
    }
    memcpy(out + n, s, m);
    out[n + m] = '\0';
}

/* The JSON path of what the parser was reading at byte pos of text, for the
 * errors jansson reports by position (syntax errors, duplicate keys); the
 * key last read in the innermost object goes to key (cap 64). */
static void path_at(const char *text, size_t len, size_t pos, char out[ERR_FIELD_MAX], char key[64])
{
    enum { DEPTH = 32 };
    struct frame {
        int array, has_key;
        size_t index;
        char key[64];
    } st[DEPTH];
    int depth = 0;
    if (pos > len) pos = len;
    key[0] = '\0';
    for (size_t i = 0; i < pos;) {
        char ch = text[i];
        if (ch == '"') {
            size_t start = ++i;
            while (i < pos && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            size_t end = i < pos ? i : pos;
            if (i < pos) i++;
            if (depth > 0 && depth <= DEPTH && !st[depth - 1].array && !st[depth - 1].has_key) {
                struct frame *f = &st[depth - 1];
                size_t n = end - start < sizeof f->key - 1 ? end - start : sizeof f->key - 1;
                memcpy(f->key, text + start, n);
                f->key[n] = '\0';
                f->has_key = 1;
            }
            continue;
        }
        if (ch == '{' || ch == '[') {
            if (depth < DEPTH) {
                memset(&st[depth], 0, sizeof st[depth]);
                st[depth].array = ch == '[';
            }
            depth++;
        } else if ((ch == '}' || ch == ']') && depth > 0) {
            depth--;
        } else if (ch == ',' && depth > 0 && depth <= DEPTH) {
            if (st[depth - 1].array)
                st[depth - 1].index++;
            else
                st[depth - 1].has_key = 0;
        }
        i++;
    }
    out[0] = '\0';
    for (int d = 0; d < depth && d < DEPTH; d++) {
        char step[96];
        if (st[d].array)
            snprintf(step, sizeof step, "[%zu]", st[d].index);
        else if (st[d].has_key)
            snprintf(step, sizeof step, "%s%s", out[0] ? "." : "", st[d].key);
        else
            continue;
        path_append(out, step);
    }
    for (int d = depth < DEPTH ? depth : DEPTH; d > 0; d--)
        if (!st[d - 1].array && st[d - 1].has_key) {
            memcpy(key, st[d - 1].key, 64);
            break;
        }
}

void json_errors_load_failed(struct err_list *errs, const char *text, size_t len,
                             const json_error_t *jerr)
{
    char path[ERR_FIELD_MAX], key[64];
    struct err e = {0};
    path_at(text, len, jerr->position > 0 ? (size_t)jerr->position : 0, path, key);
    if (json_error_code(jerr) == json_error_duplicate_key)
        err_set(
            &e, ERR_INVALID, path, "键“%s”重复（第 %d 行第 %d 列）：同一对象中每个键只能出现一次",
            "duplicate key \"%s\" (line %d, column %d): a key may appear only once in an object",
            key, jerr->line, jerr->column);
    else
        err_set(&e, ERR_INVALID, path, "JSON 格式错误（第 %d 行第 %d 列）：%s",
                "malformed JSON (line %d, column %d): %s", jerr->line, jerr->column, jerr->text);
    err_list_add(errs, &e);
}
