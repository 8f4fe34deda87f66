#include "api/api_http.h"

#include "api/api_problem.h"
#include "app/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void api_response_free(struct api_response *rs)
{
    if (!rs->body_static) free(rs->body);
    rs->body = NULL;
    rs->len = 0;
    rs->body_static = 0;
}

int api_add_header(struct api_response *rs, const char *name, const char *value)
{
    if (rs->nheaders == API_MAX_HEADERS) return -1;
    rs->headers[rs->nheaders].name = name;
    rs->headers[rs->nheaders].value = value;
    rs->nheaders++;
    return 0;
}

int api_reply_json(struct api_response *rs, int status, json_t *j)
{
    api_response_free(rs);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text) {
        static const char oom[] =
            "{\"type\":\"" API_PROBLEM_BASE "internal-error\",\"title\":\"服务器内部错误 / "
            "Internal server error\",\"status\":500,\"detail\":\"服务器内部错误\","
            "\"detail_en\":\"internal server error\",\"errors\":[]}";
        fprintf(stderr, "anju: out of memory rendering a response\n");
        return api_reply_static(rs, 500, "application/problem+json", oom, sizeof oom - 1);
    }
    rs->status = status;
    rs->body = text;
    rs->len = strlen(text);
    rs->content_type = "application/json";
    return 0;
}

int api_reply_static(struct api_response *rs, int status, const char *content_type,
                     const char *data, size_t len)
{
    api_response_free(rs);
    rs->status = status;
    rs->body = (char *)data;
    rs->len = len;
    rs->body_static = 1;
    rs->content_type = content_type;
    return 0;
}

/* Skips spaces and tabs. */
static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

int api_media_is_json(const char *ct, int merge_patch)
{
    if (!ct) return 0;
    const char *p = skip_ws(ct);
    size_t n = strcspn(p, ";");
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    int ok = (n == 16 && strncasecmp(p, "application/json", 16) == 0) ||
             (merge_patch && n == 28 && strncasecmp(p, "application/merge-patch+json", 28) == 0);
    if (!ok) return 0;
    /* parameters: only charset, and only UTF-8 */
    for (const char *q = strchr(p, ';'); q; q = strchr(q + 1, ';')) {
        const char *param = skip_ws(q + 1);
        if (strncasecmp(param, "charset=", 8) == 0) {
            const char *v = param + 8;
            if (*v == '"') v++;
            if (strncasecmp(v, "utf-8", 5) != 0 || !strchr("\"; \t", v[5])) return 0;
        }
    }
    return 1;
}

void api_escape(const char *s, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    if (!cap) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p > 0x20 && *p < 0x7f && *p != '\\' && *p != '"') {
            if (o + 1 >= cap) break;
            out[o++] = (char)*p;
        } else {
            if (o + 4 >= cap) break;
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

int64_t api_param_id(const char *s)
{
    int64_t v = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 18 || s[0] == '0') return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

const struct actor api_anonymous = {.account_id = 0, .role = ROLE_COUNT, .username = "anonymous"};

void api_set_session_cookie(struct api_response *rs, const char *token)
{
    snprintf(rs->set_cookie, sizeof rs->set_cookie,
             AUTH_COOKIE "=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s", token,
             auth_session_max_s(), auth_cookie_secure() ? "; Secure" : "");
}

void api_expire_cookie(struct api_response *rs)
{
    snprintf(rs->set_cookie, sizeof rs->set_cookie,
             AUTH_COOKIE "=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
                         "SameSite=Strict%s",
             auth_cookie_secure() ? "; Secure" : "");
}
