#include "api/api_json.h"

#include "base/buf.h"

#include <string.h>

json_t *api_json_decode(const char *body, size_t len, struct err *e)
{
    json_error_t je;
    json_t *j = json_loadb(body ? body : "", body ? len : 0, JSON_REJECT_DUPLICATES, &je);
    if (j) return j;
    err_set(e, ERR_USAGE, "", "请求体不是有效的 JSON（第 %d 行第 %d 列）：%s",
            "the request body is not valid JSON (line %d, column %d): %s", je.line, je.column,
            je.text);
    return NULL;
}

json_t *api_json_merge_patch(json_t *target, const json_t *patch)
{
    if (!json_is_object(patch)) {
        json_decref(target);
        return json_deep_copy(patch);
    }
    if (!json_is_object(target)) {
        json_decref(target);
        target = json_object();
        if (!target) return NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)patch, key, value)
    {
        if (json_is_null(value)) {
            json_object_del(target, key);
            continue;
        }
        json_t *current = json_object_get(target, key);
        json_incref(current); /* the recursion takes a reference */
        json_t *merged = api_json_merge_patch(current, value);
        if (!merged || json_object_set_new(target, key, merged)) {
            json_decref(target);
            return NULL;
        }
    }
    return target;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80) return 1;
    size_t len;
    unsigned cp;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        len = 2, cp = p[0] & 0x1f;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        len = 3, cp = p[0] & 0x0f;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        len = 4, cp = p[0] & 0x07;
    else
        return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

json_t *api_json_text(const char *s)
{
    if (!s) s = "";
    json_t *j = json_string(s);
    if (j) return j;
    struct buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(p + i, n - i);
        if (k) {
            buf_append(&b, p + i, k);
            i += k;
        } else {
            buf_puts(&b, "\xef\xbf\xbd");
            i++;
        }
    }
    j = json_string(buf_str(&b));
    buf_free(&b);
    return j ? j : json_string("");
}
