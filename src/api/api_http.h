/* api/api_http — what a handler sees of an HTTP exchange, without libmicrohttpd.
 *
 * The server (api.c) fills a struct api_request once the whole request has
 * arrived and calls the route's handler, which fills a struct api_response;
 * the server then sends it. Handlers never touch the connection, so they
 * are plain functions: parse the input, call app/, render the reply.
 *
 * Ownership: every pointer in api_request is borrowed and valid for the
 * handler call only. api_response owns body (malloc'd) unless body_static
 * is set; api_response_free releases it.
 */
#ifndef ANJU_API_API_HTTP_H
#define ANJU_API_API_HTTP_H

#include "core/access.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct app;

enum { API_MAX_PARAMS = 4, API_PARAM_MAX = 64, API_MAX_QUERY = 32, API_MAX_HEADERS = 8 };

struct api_query_arg {
    const char *key;
    const char *value; /* "" for "?key" without '=' */
};

struct api_request {
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* percent-decoded, without the query string */
    /* the {name} segments of the route pattern, in order */
    char params[API_MAX_PARAMS][API_PARAM_MAX];
    size_t nparams;
    /* the query arguments in order, repeats included */
    struct api_query_arg query[API_MAX_QUERY];
    size_t nquery;
    int query_overflow;       /* more than API_MAX_QUERY arguments */
    const char *content_type; /* NULL when absent */
    const char *body;         /* the whole body (not NUL-terminated); may be NULL */
    size_t body_len;
    struct app *app; /* this worker thread's connection */
    /* Who asks; never NULL over HTTP. On an API_SESSION route: the
     * signed-in account (it points at actor_buf) and session_token its
     * cookie. On an API_PUBLIC route: anonymous = 1 and actor points at
     * api_anonymous, a role (ROLE_COUNT) that no permission grants and no
     * scope covers. A public handler calls only the public use cases
     * (app_login, app_account_register, ...), which take no actor; should
     * one pass rq->actor to a use case by mistake, it gets 403/404 — never
     * the powers of the NULL actor, which app/ reads as the local operator. */
    const struct actor *actor;
    struct actor actor_buf;
    int anonymous;
    const char *session_token; /* NULL on public routes */
};

struct api_response {
    int status;
    char *body;
    size_t len;
    int body_static; /* body points to static data: do not free */
    const char *content_type;
    char location[128]; /* "" = no header */
    char etag[32];
    char allow[64];
    char set_cookie[256];      /* "" = no Set-Cookie header */
    char retry_after[24];      /* "" = no Retry-After header (seconds) */
    const char *cache_control; /* NULL = "no-store" */
    /* further headers; names and values are static strings, not copied */
    struct {
        const char *name, *value;
    } headers[API_MAX_HEADERS];
    size_t nheaders;
};

/* The actor of public routes: no permissions, no scope. */
extern const struct actor api_anonymous;

void api_response_free(struct api_response *rs);

/* Set-Cookie for a new session token (HttpOnly; SameSite=Strict; Path=/;
 * Max-Age = the absolute session lifetime; Secure when ANJU_COOKIE_SECURE=1),
 * and the same cookie emptied and expired. */
void api_set_session_cookie(struct api_response *rs, const char *token);
void api_expire_cookie(struct api_response *rs);

/* Adds a header (static strings). -1 when API_MAX_HEADERS are already set. */
int api_add_header(struct api_response *rs, const char *name, const char *value);

/* Sets a JSON reply: takes j (decrefs it). Returns 0. Out of memory turns
 * into a 500 problem. */
int api_reply_json(struct api_response *rs, int status, json_t *j);
/* Sets a reply whose body is static data (not copied, not freed). */
int api_reply_static(struct api_response *rs, int status, const char *content_type,
                     const char *data, size_t len);

/* 1 when the Content-Type is application/json (or, with merge_patch, also
 * application/merge-patch+json), parameters allowed, charset UTF-8 if given. */
int api_media_is_json(const char *content_type, int merge_patch);

/* Copies s into out (cap bytes) with everything but printable ASCII written
 * as \xNN, so request text can go into a log line or a message safely. */
void api_escape(const char *s, char *out, size_t cap);

/* A positive decimal id from a path parameter; 0 when it is not one. */
int64_t api_param_id(const char *s);

#endif
