/* bench/allocation_bench — how fast are the allocation mechanisms?
 *
 *   anju_bench_allocation MODE [options]
 *
 * MODE is serial, deferred_acceptance or tenant_exchange. Builds one random
 * instance in memory from a fixed seed (the same instance on every run),
 * then runs the mechanism (alloc_run, which checks the instance first) a
 * few times, timing each run with CLOCK_MONOTONIC. JSON parsing is not part
 * of it: this measures the algorithm on arrays already in memory.
 *
 * The instances (defaults):
 *   serial, deferred_acceptance: 1,000,000 applicants; 5,000 projects of
 *     150..250 seats (about 200, 1,000,000 in all); each applicant lists 20
 *     distinct projects, drawn with a popularity skew (project j is chosen
 *     with weight 1 / (1 + j / 500): the first ones are the central,
 *     sought-after ones); the order is a random permutation; no project
 *     priority lists unless --priority-share P (then P% of the projects
 *     rank a random 2% of the applicants first).
 *   tenant_exchange: 1,000,000 applicants of whom 80% are sitting tenants,
 *     one occupied unit each, plus 200,000 vacant units; every applicant
 *     lists 10 distinct units drawn with the same skew over all units; a
 *     tenant's own unit is put at a random place in their list (0..10, so
 *     it may come after every listed unit); the order is a random
 *     permutation.
 *
 * Prints one JSON object: the parameters, the build time of the instance,
 * the time of alloc_check alone, every run's time, the best and median, the
 * outcome (assigned, kept, unassigned, cycles) and the peak RSS of the
 * process (getrusage). bench/allocation.sh runs one process per mechanism.
 */
#include "base/bigmem.h"
#include "core/allocation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t rng_state;

static uint64_t rng_next(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t rng_below(uint32_t bound)
{
    return (uint32_t)(((rng_next() >> 32) * (uint64_t)bound) >> 32);
}

static double clock_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* wall time (what the targets are about) */
static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this process: on a busy machine, less disturbed by others */
static double cpu_s(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void *xmalloc(size_t n)
{
    void *p = bigmem_array(n ? n : 1, 1);
    if (!p) {
        fprintf(stderr, "anju_bench_allocation: out of memory\n");
        exit(1);
    }
    return p;
}

/* Skewed draws: cumulative weights 1 / (1 + j / 500), scaled to integers,
 * searched by bisection. */
struct skew {
    uint32_t n;
    uint64_t *cum;
};

static void skew_init(struct skew *s, uint32_t n)
{
    s->n = n;
    s->cum = xmalloc(sizeof *s->cum * n);
    uint64_t total = 0;
    for (uint32_t j = 0; j < n; j++) {
        total += (uint64_t)(1000000.0 / (1.0 + j / 500.0));
        s->cum[j] = total;
    }
}

static uint32_t skew_draw(const struct skew *s)
{
    uint64_t x = rng_next() % s->cum[s->n - 1];
    uint32_t lo = 0, hi = s->n - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* `len` distinct skewed draws into out. */
static void draw_list(const struct skew *s, int32_t *out, int len)
{
    for (int j = 0; j < len; j++) {
        int32_t u;
        int again;
        do {
            u = (int32_t)skew_draw(s);
            again = 0;
            for (int i = 0; i < j; i++)
                again |= out[i] == u;
        } while (again);
        out[j] = u;
    }
}

static void permutation(int32_t *v, int32_t n)
{
    for (int32_t i = 0; i < n; i++)
        v[i] = i;
    for (int32_t i = n - 1; i > 0; i--) {
        int32_t j = (int32_t)rng_below((uint32_t)i + 1), x = v[i];
        v[i] = v[j];
        v[j] = x;
    }
}

struct params {
    enum alloc_mode mode;
    int32_t applicants, units, choices, vacant;
    int tenant_pct, priority_pct, repeat;
    uint64_t seed;
};

struct instance {
    struct alloc_instance in;
    uint32_t *pref_start, *prio_start;
    int32_t *pref, *order, *capacity, *prio, *current;
};

static void build_projects(const struct params *p, struct instance *x)
{
    int32_t n = p->applicants, m = p->units, c = p->choices;
    if (c > m) c = m;
    struct skew s;
    skew_init(&s, (uint32_t)m);
    x->pref_start = xmalloc(sizeof *x->pref_start * ((size_t)n + 1));
    x->pref = xmalloc(sizeof *x->pref * (size_t)n * (size_t)c);
    for (int32_t a = 0; a < n; a++) {
        x->pref_start[a] = (uint32_t)a * (uint32_t)c;
        draw_list(&s, x->pref + (size_t)a * (size_t)c, c);
    }
    x->pref_start[n] = (uint32_t)n * (uint32_t)c;
    x->capacity = xmalloc(sizeof *x->capacity * (size_t)m);
    for (int32_t u = 0; u < m; u++)
        x->capacity[u] = 150 + (int32_t)rng_below(101);
    x->order = xmalloc(sizeof *x->order * (size_t)n);
    permutation(x->order, n);
    if (p->priority_pct > 0) { /* P% of projects rank a random 2% of applicants first */
        int32_t listed = n / 50;
        int32_t *all = xmalloc(sizeof *all * (size_t)n);
        permutation(all, n);
        x->prio_start = xmalloc(sizeof *x->prio_start * ((size_t)m + 1));
        x->prio = xmalloc(sizeof *x->prio * (size_t)m * (size_t)listed);
        uint32_t at = 0;
        for (int32_t u = 0; u < m; u++) {
            x->prio_start[u] = at;
            if ((int)rng_below(100) >= p->priority_pct) continue;
            int32_t from = (int32_t)rng_below((uint32_t)(n - listed));
            memcpy(x->prio + at, all + from, sizeof *all * (size_t)listed);
            at += (uint32_t)listed;
        }
        x->prio_start[m] = at;
        free(all);
        x->in.prio_start = x->prio_start;
        x->in.prio = x->prio;
    }
    free(s.cum);
    x->in.napplicants = n;
    x->in.nunits = m;
    x->in.pref_start = x->pref_start;
    x->in.pref = x->pref;
    x->in.order = x->order;
    x->in.capacity = x->capacity;
}

static void build_exchange(const struct params *p, struct instance *x)
{
    int32_t n = p->applicants, c = p->choices;
    int32_t tenants = (int32_t)((int64_t)n * p->tenant_pct / 100);
    int32_t m = tenants + p->vacant;
    if (c > m - 1) c = m - 1;
    struct skew s;
    skew_init(&s, (uint32_t)m);
    /* tenants are random applicants, in random units */
    int32_t *who = xmalloc(sizeof *who * (size_t)n), *where = xmalloc(sizeof *where * (size_t)m);
    permutation(who, n);
    permutation(where, m);
    x->current = xmalloc(sizeof *x->current * (size_t)n);
    for (int32_t a = 0; a < n; a++)
        x->current[a] = ALLOC_NONE;
    for (int32_t t = 0; t < tenants; t++)
        x->current[who[t]] = where[t];
    free(who);
    free(where);
    x->pref_start = xmalloc(sizeof *x->pref_start * ((size_t)n + 1));
    x->pref = xmalloc(sizeof *x->pref * (size_t)n * ((size_t)c + 1));
    uint32_t at = 0;
    int32_t list[256];
    for (int32_t a = 0; a < n; a++) {
        x->pref_start[a] = at;
        int32_t own = x->current[a], len = c;
        for (;;) { /* c distinct units other than their own */
            draw_list(&s, list, len);
            int clash = 0;
            for (int j = 0; j < len; j++)
                clash |= list[j] == own;
            if (!clash) break;
        }
        int put = own != ALLOC_NONE ? (int)rng_below((uint32_t)len + 1) : -1;
        for (int j = 0; j <= len; j++) {
            if (j == put) x->pref[at++] = own;
            if (j < len) x->pref[at++] = list[j];
        }
    }
    x->pref_start[n] = at;
    x->capacity = xmalloc(sizeof *x->capacity * (size_t)m);
    for (int32_t u = 0; u < m; u++)
        x->capacity[u] = 1;
    x->order = xmalloc(sizeof *x->order * (size_t)n);
    permutation(x->order, n);
    free(s.cum);
    x->in.napplicants = n;
    x->in.nunits = m;
    x->in.pref_start = x->pref_start;
    x->in.pref = x->pref;
    x->in.order = x->order;
    x->in.capacity = x->capacity;
    x->in.current = x->current;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int usage(void)
{
    fprintf(stderr,
            "usage: anju_bench_allocation serial|deferred_acceptance|tenant_exchange\n"
            "         [--applicants N] [--units M] [--choices C] [--vacant V]\n"
            "         [--tenant-share PCT] [--priority-share PCT] [--repeat R] [--seed S]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage();
    struct params p = {.applicants = 1000000,
                       .units = 5000,
                       .choices = 20,
                       .vacant = 200000,
                       .tenant_pct = 80,
                       .priority_pct = 0,
                       .repeat = 3,
                       .seed = 1};
    int mode = -1;
    for (int m = 0; m < ALLOC_MODE_COUNT; m++)
        if (strcmp(argv[1], alloc_mode_names[m].code) == 0) mode = m;
    if (mode < 0) return usage();
    p.mode = (enum alloc_mode)mode;
    if (p.mode == ALLOC_TENANT_EXCHANGE) p.choices = 10;
    for (int i = 2; i < argc; i += 2) { /* --option value */
        if (i + 1 >= argc) return usage();
        long v = strtol(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--applicants") == 0)
            p.applicants = (int32_t)v;
        else if (strcmp(argv[i], "--units") == 0)
            p.units = (int32_t)v;
        else if (strcmp(argv[i], "--choices") == 0)
            p.choices = (int32_t)v;
        else if (strcmp(argv[i], "--vacant") == 0)
            p.vacant = (int32_t)v;
        else if (strcmp(argv[i], "--tenant-share") == 0)
            p.tenant_pct = (int)v;
        else if (strcmp(argv[i], "--priority-share") == 0)
            p.priority_pct = (int)v;
        else if (strcmp(argv[i], "--repeat") == 0)
            p.repeat = (int)v;
        else if (strcmp(argv[i], "--seed") == 0)
            p.seed = (uint64_t)v;
        else
            return usage();
    }
    if (p.applicants < 1 || p.units < 1 || p.choices < 1 || p.choices > 200 || p.vacant < 0 ||
        p.tenant_pct < 0 || p.tenant_pct > 100 || p.priority_pct < 0 || p.priority_pct > 100 ||
        p.repeat < 1 || p.repeat > 50)
        return usage();

    rng_state = p.seed;
    struct instance x;
    memset(&x, 0, sizeof x);
    double t0 = now_s();
    if (p.mode == ALLOC_TENANT_EXCHANGE)
        build_exchange(&p, &x);
    else
        build_projects(&p, &x);
    double build_s = now_s() - t0;

    struct err e = {0};
    t0 = now_s();
    if (alloc_check(p.mode, &x.in, &e)) {
        fprintf(stderr, "anju_bench_allocation: %s\n", e.en);
        return 1;
    }
    double check_s = now_s() - t0;

    double runs[50], cpus[50];
    struct alloc_result r;
    memset(&r, 0, sizeof r);
    for (int k = 0; k < p.repeat; k++) {
        alloc_result_free(&r);
        t0 = now_s();
        double c0 = cpu_s();
        if (alloc_run(p.mode, &x.in, &r, &e)) {
            fprintf(stderr, "anju_bench_allocation: %s\n", e.en);
            return 1;
        }
        runs[k] = now_s() - t0;
        cpus[k] = cpu_s() - c0;
    }
    long counts[ALLOC_REASON_COUNT] = {0};
    for (int32_t a = 0; a < r.napplicants; a++)
        counts[r.reason[a]]++;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    long seats = 0;
    for (int32_t u = 0; u < x.in.nunits; u++)
        seats += x.capacity[u];
    double sorted[50];
    memcpy(sorted, runs, sizeof runs);
    qsort(sorted, (size_t)p.repeat, sizeof *sorted, cmp_double);
    printf("{\"mode\": \"%s\", \"applicants\": %ld, \"units\": %ld, \"choices\": %ld, "
           "\"preference_entries\": %lu, ",
           alloc_mode_names[p.mode].code, (long)x.in.napplicants, (long)x.in.nunits,
           (long)p.choices, (unsigned long)x.in.pref_start[x.in.napplicants]);
    if (p.mode == ALLOC_TENANT_EXCHANGE)
        printf("\"tenant_share_pct\": %d, \"vacant_units\": %ld, ", p.tenant_pct, (long)p.vacant);
    else
        printf("\"seats\": %ld, \"priority_share_pct\": %d, ", seats, p.priority_pct);
    printf("\"seed\": %lu, \"build_seconds\": %.3f, \"check_seconds\": %.3f, \"run_seconds\": [",
           (unsigned long)p.seed, build_s, check_s);
    for (int k = 0; k < p.repeat; k++)
        printf("%s%.3f", k ? ", " : "", runs[k]);
    printf("], \"run_cpu_seconds\": [");
    for (int k = 0; k < p.repeat; k++)
        printf("%s%.3f", k ? ", " : "", cpus[k]);
    printf("], \"best_seconds\": %.3f, \"median_seconds\": %.3f, ", sorted[0],
           sorted[p.repeat / 2]);
    printf("\"assigned\": %ld, \"kept_own_unit\": %ld, \"unassigned\": %ld, \"cycles\": %ld, "
           "\"peak_rss_mb\": %.1f}\n",
           counts[ALLOC_ASSIGNED], counts[ALLOC_KEPT_OWN_UNIT],
           counts[ALLOC_NO_PREFERENCES] + counts[ALLOC_ALL_TAKEN], (long)r.ncycles,
           (double)ru.ru_maxrss / 1024.0);
    alloc_result_free(&r);
    free(x.pref_start), free(x.prio_start), free(x.pref), free(x.order), free(x.capacity);
    free(x.prio), free(x.current);
    return 0;
}
