/* base/err — errors that name what is wrong, in Chinese and English.
 *
 * Every function that can fail returns int (0 ok, -1 failed) and fills a
 * struct err: which field/column/JSON path, which row or line (1-based, 0 if
 * none), a category, and one message per language. A struct err is a plain
 * value (no heap). A struct err_list collects many errors (an import reports
 * every bad row at once); it owns its array and is freed with err_list_free.
 */
#ifndef ANJU_BASE_ERR_H
#define ANJU_BASE_ERR_H

#include <stddef.h>

enum err_code {
    ERR_OK = 0,
    ERR_INVALID,         /* the input is wrong: the caller can fix it (HTTP 422, exit 1) */
    ERR_USAGE,           /* bad command-line usage (exit 2) / malformed request (HTTP 400) */
    ERR_NOT_FOUND,       /* HTTP 404 */
    ERR_CONFLICT,        /* duplicate or stale version (HTTP 409) */
    ERR_TOO_LARGE,       /* a size cap was hit (HTTP 413) */
    ERR_IO,              /* file or network I/O failed */
    ERR_DB,              /* the database failed */
    ERR_INTERNAL,        /* a bug or resource exhaustion */
    ERR_UNAUTHENTICATED, /* no valid session (HTTP 401) */
    ERR_FORBIDDEN,       /* the role may not do this (HTTP 403); out-of-scope is ERR_NOT_FOUND */
    ERR_LOCKED,          /* too many failed logins: wait (HTTP 429) */
};

enum { ERR_FIELD_MAX = 128, ERR_TEXT_MAX = 480 };

struct err {
    enum err_code code;
    long row; /* 1-based row or line; 0 when it does not apply */
    char field[ERR_FIELD_MAX];
    char zh[ERR_TEXT_MAX];
    char en[ERR_TEXT_MAX];
};

/* Sets *e and returns -1, so that `return err_set(...)` reads naturally.
 * zh_fmt and en_fmt are printf formats consuming the SAME arguments in the
 * same order. e may be NULL (the error is then dropped). */
int err_set(struct err *e, enum err_code code, const char *field, const char *zh_fmt,
            const char *en_fmt, ...);
void err_clear(struct err *e);
/* Prefixes both messages with context, e.g. "第 3 行：" / "row 3: ". */
void err_prefix(struct err *e, const char *zh, const char *en);
const char *err_code_name(enum err_code code);

/* A growing list of errors. Keeps the first `cap` errors in full and counts
 * the rest (total), so a file with a million bad rows cannot exhaust memory. */
struct err_list {
    struct err *items;
    size_t len, alloc;
    size_t cap;   /* at most this many kept; 0 means 1000 */
    size_t total; /* all errors added, kept or not */
};
void err_list_add(struct err_list *l, const struct err *e);
void err_list_free(struct err_list *l);

#endif
