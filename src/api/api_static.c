/* api/api_static — the built web app over HTTP (see api_static.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "api/api_static.h"

#include "api/api_problem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext;
    const char *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot)
        for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++)
            if (strcasecmp(dot, content_types[i].ext) == 0) return content_types[i].type;
    return "application/octet-stream";
}

int api_static_owns(const char *path)
{
    if (!path || path[0] != '/') return 0;
    return !(strncmp(path, "/api", 4) == 0 && (path[4] == '\0' || path[4] == '/'));
}

int api_static_accepts_gzip(const char *ae)
{
    if (!ae) return 0;
    const char *p = ae;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *tok = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - tok);
        int match = (n == 4 && strncasecmp(tok, "gzip", 4) == 0) || (n == 1 && *tok == '*');
        int q_zero = 0;
        while (*p && *p != ',') { /* parameters: look for q=0, q=0.0, q=0.000 */
            while (*p == ' ' || *p == '\t' || *p == ';')
                p++;
            if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                const char *v = p + 2;
                if (*v == '0') {
                    v++;
                    if (*v == '.') {
                        v++;
                        while (*v == '0')
                            v++;
                    }
                    q_zero = (*v == '\0' || *v == ',' || *v == ';' || *v == ' ' || *v == '\t');
                }
            }
            while (*p && *p != ',' && *p != ';')
                p++;
        }
        if (match && !q_zero) return 1;
    }
    return 0;
}

/* 1 when every segment of path is a plain name: no "", ".", ".." or
 * ".hidden" segment (a trailing "/" is allowed), no backslash. */
static int path_is_clean(const char *path)
{
    if (path[0] != '/' || strlen(path) >= API_STATIC_PATH_MAX) return 0;
    if (strchr(path, '\\')) return 0;
    const char *seg = path + 1;
    while (*seg) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0 && end) return 0; /* "//" */
        if (n > 0 && seg[0] == '.') return 0;
        if (!end) break;
        seg = end + 1;
    }
    return 1;
}

/* 1 when the last segment has no '.' (a route of the app, not a file). */
static int looks_like_route(const char *path)
{
    const char *last = strrchr(path, '/');
    return !strchr(last ? last : path, '.');
}

/* Reads the regular file at full (which must resolve inside root) into a
 * malloc'd buffer. 0 ok; -1 missing, not a regular file, or outside root;
 * -2 unreadable or too large. */
static int read_inside(const char *root, const char *full, char **out, size_t *len)
{
    char real[PATH_MAX];
    if (!realpath(full, real)) return -1;
    size_t rl = strlen(root);
    if (strncmp(real, root, rl) != 0 || (real[rl] != '/' && real[rl] != '\0')) return -1;
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? -1 : -2;
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    if (st.st_size > API_STATIC_MAX) {
        close(fd);
        return -2;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size ? size : 1);
    if (!buf) {
        close(fd);
        return -2;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (got != size) {
        free(buf);
        return -2;
    }
    *out = buf;
    *len = size;
    return 0;
}

static int not_found(struct api_response *rs, const char *path)
{
    char safe[API_STATIC_PATH_MAX * 4 + 1], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    api_escape(path, safe, sizeof safe);
    snprintf(zh, sizeof zh, "没有这个地址：%.300s", safe);
    snprintf(en, sizeof en, "no such resource: %.300s", safe);
    return api_problem(rs, 404, zh, en, NULL, 0);
}

static int internal(struct api_response *rs, const char *full)
{
    fprintf(stderr, "anju: cannot read %s\n", full);
    return api_problem(rs, 500, "服务器内部错误", "internal server error", NULL, 0);
}

/* Serves rel (a clean path below root, "" = index.html); 0 done, -1 missing. */
static int serve_file(const char *root, const char *rel, int gzip_ok, struct api_response *rs)
{
    char full[PATH_MAX], gz[PATH_MAX + 4];
    int n = snprintf(full, sizeof full, "%s%s", root, rel);
    if (n < 0 || (size_t)n >= sizeof full - 3) return -1;
    const char *type = type_of(full);
    int compressible = strncmp(type, "text/", 5) == 0 || strcmp(type, "image/svg+xml") == 0 ||
                       strcmp(type, "application/json") == 0 || strcmp(type, "image/x-icon") == 0;
    char *data = NULL;
    size_t len = 0;
    int r = read_inside(root, full, &data, &len);
    if (r == -1) return -1;
    if (r == -2) return internal(rs, full), 0;
    int encoded = 0;
    if (gzip_ok && compressible) {
        snprintf(gz, sizeof gz, "%s.gz", full);
        char *zdata = NULL;
        size_t zlen = 0;
        if (read_inside(root, gz, &zdata, &zlen) == 0) {
            free(data);
            data = zdata;
            len = zlen;
            encoded = 1;
        }
    }
    api_response_free(rs);
    rs->status = 200;
    rs->body = data;
    rs->len = len;
    rs->content_type = type;
    if (encoded) api_add_header(rs, "Content-Encoding", "gzip");
    if (compressible) api_add_header(rs, "Vary", "Accept-Encoding");
    rs->cache_control =
        strncmp(rel, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
    if (strncmp(type, "text/html", 9) == 0) {
        api_add_header(rs, "Content-Security-Policy", API_STATIC_CSP);
        api_add_header(rs, "X-Frame-Options", "DENY");
        api_add_header(rs, "Referrer-Policy", "same-origin");
    }
    return 0;
}

int api_static_serve(const char *dir, const char *method, const char *path,
                     const char *accept_encoding, struct api_response *rs)
{
    if (!dir || !api_static_owns(path)) return 0;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        char safe[64], zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
        api_escape(method, safe, sizeof safe);
        snprintf(rs->allow, sizeof rs->allow, "GET, HEAD");
        snprintf(zh, sizeof zh, "网页只支持 GET 和 HEAD，不支持 %s", safe);
        snprintf(en, sizeof en, "web pages support GET and HEAD only, not %s", safe);
        api_problem(rs, 405, zh, en, NULL, 0);
        return 1;
    }
    char root[PATH_MAX];
    if (!realpath(dir, root)) {
        internal(rs, dir);
        return 1;
    }
    if (!path_is_clean(path)) {
        not_found(rs, path);
        return 1;
    }
    int gzip_ok = api_static_accepts_gzip(accept_encoding);
    char rel[API_STATIC_PATH_MAX + 16];
    size_t n = strlen(path);
    snprintf(rel, sizeof rel, "%s%s", path, path[n - 1] == '/' ? "index.html" : "");
    if (serve_file(root, rel, gzip_ok, rs) == 0) return 1;
    /* the app's own routes get index.html; missing files and assets are 404 */
    if (looks_like_route(path) && strncmp(path, "/assets/", 8) != 0 &&
        serve_file(root, "/index.html", gzip_ok, rs) == 0)
        return 1;
    not_found(rs, path);
    return 1;
}
