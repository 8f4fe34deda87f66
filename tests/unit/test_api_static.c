/* Tests for api/api_static: which paths are the web app's, Accept-Encoding,
 * and serving from a directory (files, gzip copies, the fallback, refusals)
 * without a server in between. */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_http.h"
#include "api/api_static.h"

static char dir[64];

static void write_file(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/anju-static-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char assets[128];
    snprintf(assets, sizeof assets, "%s/assets", dir);
    mkdir(assets, 0755);
    write_file("index.html", "<html>app</html>");
    write_file("index.html.gz", "GZ-INDEX");
    write_file("assets/app-1a2b.js", "js();");
    write_file("assets/app-1a2b.js.gz", "GZ-JS");
    write_file("assets/font.woff2", "wOF2");
    write_file(".env", "secret");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *header(const struct api_response *rs, const char *name)
{
    for (size_t i = 0; i < rs->nheaders; i++)
        if (strcmp(rs->headers[i].name, name) == 0) return rs->headers[i].value;
    return NULL;
}

static void body_is(const struct api_response *rs, const char *text)
{
    assert_int_equal(rs->len, strlen(text));
    assert_memory_equal(rs->body, text, rs->len);
}

static void test_owns_everything_but_the_api(void **state)
{
    (void)state;
    assert_true(api_static_owns("/"));
    assert_true(api_static_owns("/households/12"));
    assert_true(api_static_owns("/apiary"));
    assert_true(api_static_owns("/public/api"));
    assert_false(api_static_owns("/api"));
    assert_false(api_static_owns("/api/"));
    assert_false(api_static_owns("/api/v1/health"));
    assert_false(api_static_owns("relative"));
    assert_false(api_static_owns(NULL));
}

static void test_accepts_gzip(void **state)
{
    (void)state;
    assert_true(api_static_accepts_gzip("gzip"));
    assert_true(api_static_accepts_gzip("gzip, deflate, br"));
    assert_true(api_static_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    assert_true(api_static_accepts_gzip("*"));
    assert_true(api_static_accepts_gzip("deflate, gzip;q=0.01"));
    assert_false(api_static_accepts_gzip(NULL));
    assert_false(api_static_accepts_gzip(""));
    assert_false(api_static_accepts_gzip("identity"));
    assert_false(api_static_accepts_gzip("gzip;q=0"));
    assert_false(api_static_accepts_gzip("gzip; q=0.000"));
    assert_false(api_static_accepts_gzip("gzipped, x-gzip"));
    assert_false(api_static_accepts_gzip("*;q=0"));
}

static void test_serves_files_with_types_and_caching(void **state)
{
    (void)state;
    struct api_response rs = {0};
    assert_int_equal(api_static_serve(dir, "GET", "/", NULL, &rs), 1);
    assert_int_equal(rs.status, 200);
    body_is(&rs, "<html>app</html>");
    assert_string_equal(rs.content_type, "text/html; charset=utf-8");
    assert_string_equal(rs.cache_control, "no-cache");
    assert_non_null(strstr(header(&rs, "Content-Security-Policy"), "script-src 'self';"));
    assert_string_equal(header(&rs, "X-Frame-Options"), "DENY");
    assert_string_equal(header(&rs, "Referrer-Policy"), "same-origin");
    assert_null(header(&rs, "Content-Encoding"));
    api_response_free(&rs);

    struct api_response js = {0};
    assert_int_equal(api_static_serve(dir, "HEAD", "/assets/app-1a2b.js", "br", &js), 1);
    assert_int_equal(js.status, 200);
    body_is(&js, "js();");
    assert_string_equal(js.content_type, "text/javascript; charset=utf-8");
    assert_string_equal(js.cache_control, "public, max-age=31536000, immutable");
    assert_null(header(&js, "Content-Security-Policy"));
    assert_string_equal(header(&js, "Vary"), "Accept-Encoding");
    api_response_free(&js);

    struct api_response font = {0};
    assert_int_equal(api_static_serve(dir, "GET", "/assets/font.woff2", "gzip", &font), 1);
    assert_string_equal(font.content_type, "font/woff2");
    assert_null(header(&font, "Content-Encoding")); /* not a compressible type */
    api_response_free(&font);
}

static void test_sends_the_gzip_copy(void **state)
{
    (void)state;
    struct api_response rs = {0};
    assert_int_equal(api_static_serve(dir, "GET", "/assets/app-1a2b.js", "gzip, br", &rs), 1);
    body_is(&rs, "GZ-JS");
    assert_string_equal(header(&rs, "Content-Encoding"), "gzip");
    assert_string_equal(rs.content_type, "text/javascript; charset=utf-8");
    api_response_free(&rs);
}

static void test_falls_back_to_index_for_routes_only(void **state)
{
    (void)state;
    const char *routes[] = {"/households", "/households/12", "/apply/status", "/public/notices/"};
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        struct api_response rs = {0};
        assert_int_equal(api_static_serve(dir, "GET", routes[i], NULL, &rs), 1);
        assert_int_equal(rs.status, 200);
        body_is(&rs, "<html>app</html>");
        api_response_free(&rs);
    }
    const char *missing[] = {"/assets/gone.js", "/assets/chunk", "/logo.png", "/index.html/x.css"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        struct api_response rs = {0};
        assert_int_equal(api_static_serve(dir, "GET", missing[i], NULL, &rs), 1);
        assert_int_equal(rs.status, 404);
        api_response_free(&rs);
    }
}

static void test_refuses_traversal_hidden_files_and_methods(void **state)
{
    (void)state;
    const char *bad[] = {"/../etc/passwd",
                         "/assets/../../etc/passwd",
                         "/..",
                         "/./index.html",
                         "//etc/passwd",
                         "/.env",
                         "/assets/.",
                         "/a\\b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct api_response rs = {0};
        assert_int_equal(api_static_serve(dir, "GET", bad[i], NULL, &rs), 1);
        assert_int_equal(rs.status, 404);
        assert_null(strstr(rs.body, "secret"));
        api_response_free(&rs);
    }
    struct api_response rs = {0};
    assert_int_equal(api_static_serve(dir, "POST", "/", NULL, &rs), 1);
    assert_int_equal(rs.status, 405);
    assert_string_equal(rs.allow, "GET, HEAD");
    api_response_free(&rs);
}

static void test_leaves_the_api_and_a_missing_dir_alone(void **state)
{
    (void)state;
    struct api_response rs = {0};
    assert_int_equal(api_static_serve(dir, "GET", "/api/v1/health", NULL, &rs), 0);
    assert_int_equal(api_static_serve(NULL, "GET", "/", NULL, &rs), 0);
    assert_int_equal(rs.status, 0);
    assert_null(rs.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_owns_everything_but_the_api),
        cmocka_unit_test(test_accepts_gzip),
        cmocka_unit_test(test_serves_files_with_types_and_caching),
        cmocka_unit_test(test_sends_the_gzip_copy),
        cmocka_unit_test(test_falls_back_to_index_for_routes_only),
        cmocka_unit_test(test_refuses_traversal_hidden_files_and_methods),
        cmocka_unit_test(test_leaves_the_api_and_a_missing_dir_alone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
