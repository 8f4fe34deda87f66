/* libFuzzer harness for core/lottery.
 *
 * The input is an entrant list, optionally followed by a NUL byte and a
 * randomness string. For every input it checks that:
 *   - lottery_list_parse either accepts the list or refuses it with at
 *     least one error, each with both messages; it never crashes;
 *   - the randomness string either has a canonical form, which is its own
 *     canonical form, or is refused with both messages;
 *   - an accepted list draws, and `verify` accepts the draw's own three
 *     files, with one thread or two giving the same bytes;
 *   - verify refuses the draw when the result's last byte is cut off.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* compiled in so that the coverage instrumentation sees its branches */
#include "core/lottery.c"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

struct collect {
    char *data;
    size_t len;
};

static int collect(void *ctx, const char *bytes, size_t n)
{
    struct collect *c = ctx;
    char *p = realloc(c->data, c->len + n + 1);
    CHECK(p);
    memcpy(p + c->len, bytes, n);
    c->data = p;
    c->len += n;
    return 0;
}

/* Draws list with randomness; returns the result (caller frees) and the
 * manifest (caller frees). */
static void draw(const char *list, size_t len, const char *canonical, int threads, char **result,
                 size_t *result_len, char **manifest)
{
    struct lottery_draw d;
    struct err_list errs = {0};
    CHECK(lottery_draw_prepare("FUZZ-1", list, len, canonical, threads, &d, &errs) == 0);
    struct collect c = {0};
    uint8_t sha[32];
    struct err e = {0};
    CHECK(lottery_result_render(&d.list, collect, &c, sha, &e) == 0);
    lottery_hex(sha, d.manifest.result_sha256);
    *manifest = lottery_manifest_render(&d.manifest);
    CHECK(*manifest);
    *result = c.data;
    *result_len = c.len;
    lottery_draw_free(&d);
    err_list_free(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t list_len = nul ? (size_t)(nul - text) : size;
    char randomness[LOTTERY_RANDOMNESS_MAX + 1] = "1./";
    if (nul) {
        size_t n = size - list_len - 1;
        char *r = malloc(n + 1);
        CHECK(r);
        memcpy(r, nul + 1, n);
        r[n] = '\0';
        char canonical[LOTTERY_RANDOMNESS_MAX + 1], again[LOTTERY_RANDOMNESS_MAX + 1];
        struct err e = {0};
        if (strlen(r) == n && lottery_randomness_canonical(r, canonical, "r", &e) == 0) {
            CHECK(lottery_randomness_canonical(canonical, again, "r", &e) == 0);
            CHECK(strcmp(canonical, again) == 0);
            memcpy(randomness, canonical, sizeof randomness);
        } else if (strlen(r) == n) {
            CHECK(e.zh[0] && e.en[0]);
        }
        free(r);
    }

    struct lottery_list l;
    struct err_list errs = {.cap = 50};
    if (lottery_list_parse(text, list_len, &l, &errs)) {
        CHECK(errs.total >= 1 && errs.len >= 1);
        for (size_t i = 0; i < errs.len; i++)
            CHECK(errs.items[i].zh[0] && errs.items[i].en[0]);
        err_list_free(&errs);
        return 0;
    }
    CHECK(l.n >= 1 && errs.total == 0);
    lottery_list_free(&l);

    char *result, *manifest, *result2, *manifest2;
    size_t result_len, result2_len;
    draw(text, list_len, randomness, 1, &result, &result_len, &manifest);
    draw(text, list_len, randomness, 2, &result2, &result2_len, &manifest2);
    CHECK(result_len == result2_len && memcmp(result, result2, result_len) == 0);
    CHECK(strcmp(manifest, manifest2) == 0);
    struct lottery_manifest m;
    struct err_list diffs = {0};
    CHECK(lottery_verify(text, list_len, manifest, strlen(manifest), result, result_len, 1, &m,
                         &diffs) == 0);
    CHECK(lottery_verify(text, list_len, manifest, strlen(manifest), result, result_len - 1, 1, &m,
                         &diffs) == -1);
    err_list_free(&diffs);
    free(result);
    free(result2);
    free(manifest);
    free(manifest2);
    return 0;
}
