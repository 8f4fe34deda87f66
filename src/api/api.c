/* api — libmicrohttpd glue: threads, bodies, dispatch, access log, shutdown. */
#include "api/api.h"

#include "api/api_handlers.h"
#include "api/api_http.h"
#include "api/api_problem.h"
#include "api/api_static.h"
#include "app/app.h"
#include "app/auth.h"
#include "base/buf.h"
#include "base/date.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A chunked body is read and dropped up to this many times the limit before
 * the connection is cut instead of answered. */
enum { DISCARD_FACTOR = 16, LOG_PATH_MAX = 200 };

struct server {
    const char *db;
    const char *web_dir; /* the built web app; NULL = none */
    size_t body_limit;
    pthread_key_t app_key;
    pthread_mutex_t lock; /* guards apps */
    struct app **apps;    /* one per worker thread that has served a request */
    size_t napps, aapps;
};

/* One request, from its headers to its completion. */
struct request_ctx {
    struct timespec start;
    char method[16];
    char path[LOG_PATH_MAX * 4 + 1]; /* escaped for the log */
    char client[INET6_ADDRSTRLEN];
    struct buf body; /* cap = the body limit */
    size_t received; /* body bytes seen, kept or not */
    int too_large;
    int status; /* 0 until a response is queued */
    size_t bytes;
};

/* --- per-thread application ------------------------------------------- */

/* This worker thread's struct app, opened on its first request. */
static struct app *thread_app(struct server *s, struct err *e)
{
    struct app *a = pthread_getspecific(s->app_key);
    if (a) return a;
    if (app_open(&a, s->db, e)) return NULL;
    pthread_mutex_lock(&s->lock);
    int ok = 1;
    if (s->napps == s->aapps) {
        size_t n = s->aapps ? s->aapps * 2 : 8;
        struct app **p = realloc(s->apps, n * sizeof *p);
        if (p) {
            s->apps = p;
            s->aapps = n;
        } else
            ok = 0;
    }
    if (ok) s->apps[s->napps++] = a;
    pthread_mutex_unlock(&s->lock);
    if (!ok || pthread_setspecific(s->app_key, a)) {
        if (!ok) app_close(a); /* registered ones are closed at shutdown */
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        return NULL;
    }
    return a;
}

/* --- dispatch ----------------------------------------------------------- */

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    struct api_request *rq = cls;
    if (rq->nquery == API_MAX_QUERY) {
        rq->query_overflow = 1;
        return MHD_NO;
    }
    rq->query[rq->nquery].key = key ? key : "";
    rq->query[rq->nquery].value = value ? value : "";
    rq->nquery++;
    return MHD_YES;
}

static int safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

/* Who is asking, before any handler runs. A public route gets the
 * powerless api_anonymous (rq->anonymous). A session route needs the anju_session cookie of a live
 * session (else 401, and the stale cookie is cleared) and, for a method
 * that changes state, the X-CSRF-Token header of that session (else 403).
 * Returns -1 when rs holds the refusal. */
static int authenticate(struct MHD_Connection *c, struct api_request *rq, struct api_response *rs,
                        enum api_access access)
{
    rq->actor = &api_anonymous;
    rq->session_token = NULL;
    if (access == API_PUBLIC) {
        rq->anonymous = 1;
        return 0;
    }
    rq->anonymous = 0;
    const char *token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, AUTH_COOKIE);
    struct err e = {0};
    if (!token || !*token) {
        err_set(&e, ERR_UNAUTHENTICATED, "", "请先登录", "sign in first");
        api_problem_err(rs, &e);
        return -1;
    }
    if (app_session_resolve(rq->app, token, &rq->actor_buf, NULL, &e)) {
        api_problem_err(rs, &e);
        if (e.code == ERR_UNAUTHENTICATED) api_expire_cookie(rs);
        return -1;
    }
    if (!safe_method(rq->method)) {
        const char *csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, AUTH_CSRF_HEADER);
        if (!auth_csrf_ok(token, csrf)) {
            err_set(&e, ERR_FORBIDDEN, AUTH_CSRF_HEADER,
                    "%s 请求头%s%.0s：请带上登录时（或 GET /api/v1/session）得到的 csrf_token",
                    "the %s header is %.0s%s: send the csrf_token given at sign-in (or by GET "
                    "/api/v1/session)",
                    AUTH_CSRF_HEADER, csrf ? "不正确" : "缺失", csrf ? "wrong" : "missing");
            api_problem_err(rs, &e);
            return -1;
        }
    }
    rq->actor = &rq->actor_buf;
    rq->session_token = token;
    return 0;
}

static void dispatch(struct server *s, struct MHD_Connection *c, struct request_ctx *rc,
                     const char *url, const char *method, struct api_response *rs)
{
    struct api_request rq = {.method = method, .path = url};
    rq.body = rc->body.data;
    rq.body_len = rc->body.len;
    api_handler_fn fn = NULL;
    char safe[LOG_PATH_MAX * 4 + 1], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    enum api_access access = API_SESSION;
    if (api_static_serve(s->web_dir, method, url,
                         MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding"), rs))
        return; /* the web app: every path outside /api/ (api/api_static.h) */
    switch (api_route_match(api_routes, api_route_count, &rq, &fn, &access, rs->allow)) {
    case API_ROUTE_NOT_FOUND:
        api_escape(url, safe, sizeof safe);
        snprintf(zh, sizeof zh, "没有这个地址：%.300s", safe);
        snprintf(en, sizeof en, "no such resource: %.300s", safe);
        api_problem(rs, 404, zh, en, NULL, 0);
        return;
    case API_ROUTE_BAD_METHOD:
        api_escape(method, safe, sizeof safe);
        snprintf(zh, sizeof zh, "%.200s 不支持方法 %.40s（可用：%s）", rc->path, safe, rs->allow);
        snprintf(en, sizeof en, "%.200s does not support %.40s (allowed: %s)", rc->path, safe,
                 rs->allow);
        api_problem(rs, 405, zh, en, NULL, 0);
        return;
    case API_ROUTE_FOUND:
        break;
    }
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &rq);
    rq.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    struct err e = {0};
    rq.app = thread_app(s, &e);
    if (!rq.app) {
        api_problem_err(rs, &e);
        return;
    }
    if (authenticate(c, &rq, rs, access)) return;
    fn(&rq, rs);
}

static enum MHD_Result queue(struct MHD_Connection *c, struct request_ctx *rc,
                             struct api_response *rs)
{
    struct MHD_Response *r;
    if (rs->body_static)
        r = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_PERSISTENT);
    else {
        r = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_MUST_FREE);
        if (r) rs->body = NULL; /* MHD frees it */
    }
    if (!r) {
        api_response_free(rs);
        return MHD_NO;
    }
    if (rs->status != 204) /* 204 No Content has no body to type */
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                rs->content_type ? rs->content_type : "application/json");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                            rs->cache_control ? rs->cache_control : "no-store");
    for (size_t i = 0; i < rs->nheaders; i++)
        MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (rs->location[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
    if (rs->etag[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, rs->etag);
    if (rs->allow[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->set_cookie[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rs->set_cookie);
    if (rs->retry_after[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, rs->retry_after);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    rc->status = rs->status;
    rc->bytes = strcmp(rc->method, "HEAD") == 0 ? 0 : rs->len;
    api_response_free(rs);
    return ok;
}

static int too_large(struct server *s, struct api_response *rs)
{
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "请求体超过上限 %zu 字节", s->body_limit);
    snprintf(en, sizeof en, "the request body exceeds the limit of %zu bytes", s->body_limit);
    return api_problem(rs, 413, zh, en, NULL, 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    struct server *s = cls;
    struct request_ctx *rc = *con_cls;
    if (!rc) { /* the headers have arrived */
        rc = calloc(1, sizeof *rc);
        if (!rc) return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &rc->start);
        api_escape(method, rc->method, sizeof rc->method);
        char cut[LOG_PATH_MAX + 1];
        snprintf(cut, sizeof cut, "%s", url);
        api_escape(cut, rc->path, sizeof rc->path);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        snprintf(rc->client, sizeof rc->client, "-");
        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                          rc->client, sizeof rc->client);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                          rc->client, sizeof rc->client);
        }
        rc->body.cap = s->body_limit;
        *con_cls = rc;
        /* A declared length over the limit: the body is read and discarded
         * so that the client, still sending, can read the 413 (answering at
         * once and closing would reset its connection mid-upload). A length
         * beyond DISCARD_FACTOR times the limit is refused at once. */
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (end != cl && *end == '\0' && (errno == ERANGE || n > s->body_limit)) {
                rc->too_large = 1;
                if (errno == ERANGE || n / DISCARD_FACTOR > s->body_limit) {
                    struct api_response rs = {0};
                    too_large(s, &rs);
                    return queue(c, rc, &rs);
                }
            }
        }
        return MHD_YES;
    }
    if (*upload_size) { /* a piece of the body */
        if (!rc->too_large && buf_append(&rc->body, upload_data, *upload_size)) {
            rc->too_large = 1;
            buf_free(&rc->body);
        }
        rc->received += *upload_size;
        *upload_size = 0;
        if (rc->too_large && rc->received / DISCARD_FACTOR > s->body_limit) return MHD_NO;
        return MHD_YES;
    }
    if (rc->status) return MHD_YES; /* already answered (413 from the headers) */
    /* the whole request is here */
    struct api_response rs = {0};
    if (rc->too_large)
        too_large(s, &rs);
    else
        dispatch(s, c, rc, url, method, &rs);
    return queue(c, rc, &rs);
}

/* --- access log ---------------------------------------------------------- */

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    struct request_ctx *rc = *con_cls;
    if (!rc) return;
    *con_cls = NULL;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - rc->start.tv_sec) * 1e3 +
                (double)(now.tv_nsec - rc->start.tv_nsec) / 1e6;
    char when[21], line[LOG_PATH_MAX * 4 + 200];
    date_now_utc(when);
    int n = snprintf(line, sizeof line, "%s %s %s %s %d %zu %.1fms\n", when, rc->client, rc->method,
                     rc->path, rc->status, rc->bytes, ms);
    if (n > 0) {
        size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
        /* one write per line, so lines from different threads never interleave */
        ssize_t w = write(STDERR_FILENO, line, len);
        (void)w;
    }
    buf_free(&rc->body);
    free(rc);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    fprintf(stderr, "anju: microhttpd: %s\n", msg);
}

/* --- listen address ------------------------------------------------------ */

int api_listen_parse(const char *s, struct sockaddr_in *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    const char *colon = s ? strrchr(s, ':') : NULL;
    char host[16];
    size_t hlen = colon ? (size_t)(colon - s) : 0;
    const char *port = colon ? colon + 1 : "";
    size_t plen = strlen(port);
    int ok = colon && hlen > 0 && hlen < sizeof host && plen > 0 && plen <= 5;
    unsigned long p = 0;
    for (size_t i = 0; ok && i < plen; i++) {
        if (port[i] < '0' || port[i] > '9') ok = 0;
        p = p * 10 + (unsigned long)(port[i] - '0');
    }
    if (ok && (p > 65535 || (plen > 1 && port[0] == '0'))) ok = 0;
    if (ok) {
        memcpy(host, s, hlen);
        host[hlen] = '\0';
        ok = inet_pton(AF_INET, host, &out->sin_addr) == 1;
    }
    if (!ok)
        return err_set(e, ERR_USAGE, "listen",
                       "监听地址“%s”无效：应为 IPv4地址:端口，如 127.0.0.1:8080",
                       "invalid listen address \"%s\": use IPv4-address:port, e.g. 127.0.0.1:8080",
                       s ? s : "");
    out->sin_family = AF_INET;
    out->sin_port = htons((uint16_t)p);
    return 0;
}

/* --- the server --------------------------------------------------------- */

int api_serve(const struct api_options *o, struct err *e)
{
    struct sockaddr_in addr;
    if (api_listen_parse(o->listen, &addr, e)) return -1;
    unsigned threads = o->threads ? o->threads : API_DEFAULT_THREADS;
    if (threads > API_MAX_THREADS)
        return err_set(e, ERR_USAGE, "threads", "线程数最多 %d", "at most %d threads",
                       API_MAX_THREADS);
    struct server s = {.db = o->db,
                       .web_dir = o->web_dir,
                       .body_limit = o->body_limit ? o->body_limit : API_DEFAULT_BODY_LIMIT};

    /* Creates or migrates the database now, so that a bad path fails before
     * the socket opens and the workers never race to migrate. */
    struct app *first;
    if (app_open(&first, o->db, e)) return -1;
    app_close(first);

    if (pthread_key_create(&s.app_key, NULL))
        return err_set(e, ERR_INTERNAL, "", "无法创建线程键", "cannot create a thread key");
    pthread_mutex_init(&s.lock, NULL);

    /* The workers inherit this mask, so only sigwait below sees the signals. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES) flags |= MHD_USE_EPOLL;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, ntohs(addr.sin_port), NULL, NULL, on_request, &s, MHD_OPTION_EXTERNAL_LOGGER,
        on_mhd_log, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(o->timeout_s ? o->timeout_s : API_DEFAULT_TIMEOUT_S),
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(o->connection_limit ? o->connection_limit : API_DEFAULT_CONNECTION_LIMIT),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_END);
    int rc = 0;
    if (!d) {
        err_set(e, ERR_IO, "listen", "无法在 %s 上监听（端口已被占用或没有权限？）",
                "cannot listen on %s (is the port in use, or not permitted?)", o->listen);
        rc = -1;
    } else {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        char host[INET_ADDRSTRLEN], url[64];
        inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
        snprintf(url, sizeof url, "http://%s:%u/", host,
                 di ? (unsigned)di->port : (unsigned)ntohs(addr.sin_port));
        if (o->on_listening) o->on_listening(url, o->ctx);
        int sig = 0;
        while (sigwait(&stop, &sig) != 0 || (sig != SIGINT && sig != SIGTERM)) {
        }
        MHD_stop_daemon(d); /* closes every connection and joins the workers */
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    for (size_t i = 0; i < s.napps; i++)
        app_close(s.apps[i]);
    free(s.apps);
    pthread_key_delete(s.app_key);
    pthread_mutex_destroy(&s.lock);
    return rc;
}
