/* api/api_static — the built web app (web/dist) over HTTP.
 *
 * `anju serve --web DIR` answers every GET or HEAD whose path is not under
 * /api/ from DIR:
 *
 *   - the file at DIR/PATH when it is a regular file inside DIR ("/" is
 *     DIR/index.html). A path with a "." or ".." segment, a segment that
 *     starts with ".", or a file that resolves (through symbolic links)
 *     outside DIR is 404, never read;
 *   - DIR/FILE.gz instead, with Content-Encoding: gzip, when the client
 *     accepts gzip and the build wrote that copy (Vary: Accept-Encoding);
 *   - DIR/index.html for a path that names no file and whose last segment
 *     has no "." (the single-page app's own routes: /households/12,
 *     /apply/..., /public/...), outside /assets/; anything else is 404.
 *
 * Content-Type follows the extension (.html .js .mjs .css .svg .png .jpg
 * .webp .woff2 .json .map .ico .txt; else application/octet-stream).
 * Vite's content-hashed files under /assets/ are cached for a year
 * ("public, max-age=31536000, immutable"); everything else, index.html
 * first, is "no-cache". HTML also carries the Content-Security-Policy
 * (scripts, connections, fonts and images from the same origin only; inline
 * styles allowed, which Element Plus and ECharts set; no eval), X-Frame-
 * Options: DENY and Referrer-Policy: same-origin. Other methods are 405.
 *
 * Files are read whole into memory per request (at most API_STATIC_MAX
 * bytes); the built app's largest file is well under a megabyte.
 */
#ifndef ANJU_API_API_STATIC_H
#define ANJU_API_API_STATIC_H

#include "api/api_http.h"

enum { API_STATIC_MAX = 32 << 20, API_STATIC_PATH_MAX = 1024 };

#define API_STATIC_CSP                                                                             \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                    \
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "   \
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/* 1 when path is the web app's (not /api or under /api/); 0 otherwise. */
int api_static_owns(const char *path);

/* Serves path from dir as above and returns 1, or returns 0 without
 * touching rs when dir is NULL or the path belongs to the API.
 * accept_encoding is the request's Accept-Encoding header (NULL if none). */
int api_static_serve(const char *dir, const char *method, const char *path,
                     const char *accept_encoding, struct api_response *rs);

/* 1 when an Accept-Encoding header value accepts gzip (a "gzip" or "*"
 * token whose q is not 0). */
int api_static_accepts_gzip(const char *accept_encoding);

#endif
