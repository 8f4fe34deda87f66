/* api — the HTTP server: `anju serve`.
 *
 * libmicrohttpd with an internal pool of worker threads (epoll where the
 * library has it). Each worker thread opens its own struct app (its own
 * SQLite connection) on its first request and keeps it; a connection is
 * never shared between threads. All are closed when the server stops.
 *
 * A request is answered only once its whole body has arrived, except that
 * a body over the limit is refused with 413 as soon as that is known: at
 * once when Content-Length says so (the body is then never read), else
 * (chunked) when the rest has been read and discarded — a chunked body far
 * over the limit has its connection closed instead.
 *
 * Every request writes one access-log line to stderr:
 *   2026-03-07T08:15:02Z 127.0.0.1 GET /api/v1/households/12 200 1834 1.7ms
 * (UTC time, client address, method, path without the query string — a
 * query may hold names — status, body bytes sent, duration in ms).
 *
 * With web_dir set, every path outside /api/ is the web app (api/api_static.h).
 *
 * api_serve blocks SIGINT and SIGTERM in every thread and waits for them in
 * the calling thread; on either it stops accepting, closes every connection,
 * joins the workers, closes the databases and returns 0.
 */
#ifndef ANJU_API_API_H
#define ANJU_API_API_H

#include "base/err.h"

#include <netinet/in.h>
#include <stddef.h>

#define API_SERVER_VERSION ANJU_VERSION /* from CMakeLists.txt project() */

enum {
    API_DEFAULT_THREADS = 4,
    API_MAX_THREADS = 256,
    API_DEFAULT_BODY_LIMIT = 1 << 20, /* 1 MiB */
    API_DEFAULT_TIMEOUT_S = 30,
    API_DEFAULT_CONNECTION_LIMIT = 1024,
};

struct api_options {
    const char *listen;        /* "127.0.0.1:8080" (IPv4 host:port; port 0 = any free one) */
    const char *db;            /* database path */
    unsigned threads;          /* worker threads; 0 = API_DEFAULT_THREADS */
    size_t body_limit;         /* bytes; 0 = API_DEFAULT_BODY_LIMIT */
    unsigned timeout_s;        /* idle connection timeout; 0 = API_DEFAULT_TIMEOUT_S */
    unsigned connection_limit; /* 0 = API_DEFAULT_CONNECTION_LIMIT */
    const char *web_dir;       /* the built web app served outside /api/; NULL = none */
    /* called once the socket listens, with "http://127.0.0.1:8080/" */
    void (*on_listening)(const char *url, void *ctx);
    void *ctx;
};

/* Parses "a.b.c.d:port" strictly: dotted-quad IPv4 without leading zeros,
 * a decimal port 0..65535. ERR_USAGE naming the field "listen" otherwise. */
int api_listen_parse(const char *s, struct sockaddr_in *out, struct err *e);

/* Runs the server until SIGINT/SIGTERM. 0 after a clean stop; -1 with e
 * when it cannot start (bad address, port in use, database unusable). */
int api_serve(const struct api_options *o, struct err *e);

#endif
