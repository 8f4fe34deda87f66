#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int err_set(struct err *e, enum err_code code, const char *field, const char *zh_fmt,
            const char *en_fmt, ...)
{
    if (!e) return -1;
    e->code = code;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap, ap2;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
    vsnprintf(e->zh, sizeof e->zh, zh_fmt, ap);
    vsnprintf(e->en, sizeof e->en, en_fmt, ap2);
    va_end(ap2);
    va_end(ap);
    return -1;
}

void err_clear(struct err *e)
{
    if (e) memset(e, 0, sizeof *e);
}

void err_prefix(struct err *e, const char *zh, const char *en)
{
    char tmp[ERR_TEXT_MAX];
    snprintf(tmp, sizeof tmp, "%s%s", zh, e->zh);
    memcpy(e->zh, tmp, sizeof tmp);
    snprintf(tmp, sizeof tmp, "%s%s", en, e->en);
    memcpy(e->en, tmp, sizeof tmp);
}

const char *err_code_name(enum err_code code)
{
    switch (code) {
    case ERR_OK:
        return "ok";
    case ERR_INVALID:
        return "invalid";
    case ERR_USAGE:
        return "usage";
    case ERR_NOT_FOUND:
        return "not_found";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_TOO_LARGE:
        return "too_large";
    case ERR_IO:
        return "io";
    case ERR_DB:
        return "db";
    case ERR_INTERNAL:
        return "internal";
    case ERR_UNAUTHENTICATED:
        return "unauthenticated";
    case ERR_FORBIDDEN:
        return "forbidden";
    case ERR_LOCKED:
        return "locked";
    }
    return "unknown";
}

void err_list_add(struct err_list *l, const struct err *e)
{
    size_t cap = l->cap ? l->cap : 1000;
    l->total++;
    if (l->len >= cap) return;
    if (l->len == l->alloc) {
        size_t n = l->alloc ? l->alloc * 2 : 16;
        struct err *p = realloc(l->items, n * sizeof *p);
        if (!p) return; /* counted in total, not kept */
        l->items = p;
        l->alloc = n;
    }
    l->items[l->len++] = *e;
}

void err_list_free(struct err_list *l)
{
    free(l->items);
    l->items = NULL;
    l->len = l->alloc = l->total = 0;
}
