/* Tests for app/demo and `anju demo`: determinism, every household importable,
 * the export round trip, and distributions that a broken generator would miss. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/demo.h"
#include "base/date.h"
#include "base/idnum.h"
#include "cli/cli.h"
#include "core/household.h"

/* The output of `anju demo --households 300 --seed 1 --csv -`. */
#define PINNED_LEN 249697
#define PINNED_FNV1A UINT64_C(0x9178e3c04d8a67fb)

/* ---- helpers ------------------------------------------------------------ */

struct mem {
    char *data;
    size_t len;
};

/* Generates n households with seed into memory, regions from a fresh
 * in-memory database. */
static struct mem generate(uint64_t seed, long n, struct demo_stats *st)
{
    struct app *a;
    struct err e = {0};
    assert_int_equal(app_open(&a, ":memory:", &e), 0);
    struct mem m = {0};
    FILE *f = open_memstream(&m.data, &m.len);
    assert_non_null(f);
    struct demo_stats local;
    assert_int_equal(demo_generate(app_db(a), seed, n, f, st ? st : &local, &e), 0);
    assert_int_equal(fclose(f), 0);
    app_close(a);
    return m;
}

static char *read_all(FILE *f, size_t *len)
{
    struct mem m = {0};
    FILE *out = open_memstream(&m.data, &m.len);
    assert_non_null(out);
    rewind(f);
    char block[65536];
    size_t k;
    while ((k = fread(block, 1, sizeof block, f)) > 0)
        assert_int_equal(fwrite(block, 1, k, out), k);
    assert_int_equal(fclose(out), 0);
    *len = m.len;
    return m.data;
}

static char tmpdir[64];

static int setup_dir(void **state)
{
    (void)state;
    /* imports check dates against "today": fix it after the reference date */
    setenv("ANJU_TODAY", "2026-11-15", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/anju_test_demo_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- determinism -------------------------------------------------------- */

static void same_seed_gives_identical_bytes(void **state)
{
    (void)state;
    struct mem a = generate(7, 500, NULL), b = generate(7, 500, NULL);
    assert_true(a.len > 100000);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* a longer run starts with the same households */
    struct mem c = generate(7, 501, NULL);
    assert_true(c.len > a.len);
    assert_memory_equal(a.data, c.data, a.len);
    free(a.data);
    free(b.data);
    free(c.data);
}

/* FNV-1a, 64-bit: a fingerprint of the bytes. */
static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * UINT64_C(0x100000001b3);
    return h;
}

/* The promise is "the same bytes on every machine and compiler": this pins
 * them. It fails when the generator's output changes — on purpose (then
 * update the figure, and say so in the change) or by accident (two random
 * draws in one unsequenced expression, a platform-dependent type, ...). */
static void output_is_pinned_across_machines(void **state)
{
    (void)state;
    struct mem a = generate(1, 300, NULL);
    print_message("seed 1, 300 households: %zu bytes, fnv1a %016llx\n", a.len,
                  (unsigned long long)fnv1a(a.data, a.len));
    assert_int_equal(a.len, PINNED_LEN);
    assert_true(fnv1a(a.data, a.len) == PINNED_FNV1A);
    free(a.data);
}

static void different_seed_gives_different_data(void **state)
{
    (void)state;
    struct mem a = generate(7, 200, NULL), b = generate(8, 200, NULL);
    assert_true(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
    /* the header is the same; the first data row already differs */
    const char *a2 = strchr(a.data, '\n') + 1, *b2 = strchr(b.data, '\n') + 1;
    assert_int_equal(a2 - a.data, b2 - b.data);
    assert_memory_equal(a.data, b.data, (size_t)(a2 - a.data));
    const char *ae = strchr(a2, '\n'), *be = strchr(b2, '\n');
    assert_false(ae - a2 == be - b2 && memcmp(a2, b2, (size_t)(ae - a2)) == 0);
    free(a.data);
    free(b.data);
}

static void starts_with_the_import_header_and_fixed_month(void **state)
{
    (void)state;
    struct mem a = generate(1, 3, NULL);
    assert_true(strncmp(a.data, "household_no,region_code,contact_phone,", 39) == 0);
    const char *row = strchr(a.data, '\n') + 1;
    assert_true(strncmp(row, "BJ2600000001,", 13) == 0);
    assert_non_null(strstr(row, ",2026-10,"));
    free(a.data);
}

/* ---- import and round trip --------------------------------------------- */

static void every_household_imports_and_exports_byte_for_byte(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/demo.db", tmpdir);
    struct app *a;
    struct err e = {0};
    assert_int_equal(app_open(&a, path, &e), 0);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    struct demo_stats st;
    assert_int_equal(demo_generate(app_db(a), 2026, 2000, tmp, &st, &e), 0);
    assert_int_equal(st.households, 2000);
    size_t gen_len;
    char *gen = read_all(tmp, &gen_len);

    rewind(tmp);
    struct import_options io = {.encoding = CSV_UTF8};
    struct import_report rep;
    assert_int_equal(app_household_import(a, NULL, tmp, &io, &rep, &e), 0);
    for (size_t k = 0; k < rep.errs.len && k < 5; k++)
        fprintf(stderr, "line %ld %s: %s\n", rep.errs.items[k].row, rep.errs.items[k].field,
                rep.errs.items[k].en);
    assert_int_equal(rep.errs.total, 0);
    assert_int_equal(rep.committed, 1);
    assert_int_equal(rep.households_ok, 2000);
    assert_int_equal(rep.households_bad, 0);
    assert_int_equal(rep.members_imported, st.members);
    assert_int_equal(rep.rows, st.members);
    err_list_free(&rep.errs);
    fclose(tmp);

    struct mem out = {0};
    FILE *f = open_memstream(&out.data, &out.len);
    long count = 0;
    assert_int_equal(app_household_export(a, NULL, f, &count, &e), 0);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(count, 2000);
    assert_int_equal(out.len, gen_len);
    assert_memory_equal(out.data, gen, gen_len);
    free(out.data);
    free(gen);

    /* the same demo again: every household number is already there, so
     * nothing is imported (all or nothing) */
    tmp = tmpfile();
    assert_int_equal(demo_generate(app_db(a), 2026, 10, tmp, NULL, &e), 0);
    rewind(tmp);
    assert_int_equal(app_household_import(a, NULL, tmp, &io, &rep, &e), 0);
    assert_int_equal(rep.committed, 0);
    assert_true(rep.errs.total >= 10);
    err_list_free(&rep.errs);
    fclose(tmp);
    app_close(a);
}

/* ---- the command -------------------------------------------------------- */

static int run(int argc, const char **argv)
{
    return cmd_demo(argc, (char **)argv);
}

static void command_rejects_bad_usage(void **state)
{
    (void)state;
    const char *zero[] = {"demo", "--households", "0", "--csv", "-"};
    const char *big[] = {"demo", "--households", "10000001", "--csv", "-"};
    const char *word[] = {"demo", "--households", "ten", "--csv", "-"};
    const char *neg[] = {"demo", "--seed", "-1", "--csv", "-"};
    const char *plus[] = {"demo", "--seed", "+3", "--csv", "-"};
    const char *huge[] = {"demo", "--seed", "18446744073709551616", "--csv", "-"};
    const char *both[] = {"demo", "--csv", "x.csv", "--db", "x.db"};
    const char *unknown[] = {"demo", "--frobnicate"};
    const char *extra[] = {"demo", "--csv", "-", "surplus"};
    assert_int_equal(run(5, zero), EXIT_USAGE);
    assert_int_equal(run(5, big), EXIT_USAGE);
    assert_int_equal(run(5, word), EXIT_USAGE);
    assert_int_equal(run(5, neg), EXIT_USAGE);
    assert_int_equal(run(5, plus), EXIT_USAGE);
    assert_int_equal(run(5, huge), EXIT_USAGE);
    assert_int_equal(run(5, both), EXIT_USAGE);
    assert_int_equal(run(2, unknown), EXIT_USAGE);
    assert_int_equal(run(4, extra), EXIT_USAGE);
}

static void command_writes_the_same_csv_as_the_library(void **state)
{
    (void)state;
    char path[128], cwd[4096];
    snprintf(path, sizeof path, "%s/cli.csv", tmpdir);
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0); /* to see that no anju.db appears */
    const char *argv[] = {"demo",  "--households", "150", "--seed", "18446744073709551615",
                          "--csv", "cli.csv"};
    int rc = run(7, argv);
    int made_db = access("anju.db", F_OK) == 0;
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, EXIT_OK);
    assert_false(made_db);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t len;
    char *got = read_all(f, &len);
    fclose(f);
    struct mem want = generate(UINT64_MAX, 150, NULL);
    assert_int_equal(len, want.len);
    assert_memory_equal(got, want.data, len);
    free(got);
    free(want.data);
}

static void command_imports_into_a_database(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/cli.db", tmpdir);
    const char *argv[] = {"demo", "--households", "120", "--seed", "3", "--db", path};
    assert_int_equal(run(7, argv), EXIT_OK);
    struct app *a;
    struct err e = {0};
    assert_int_equal(app_open(&a, path, &e), 0);
    assert_int_equal(household_store_count(app_db(a), &e), 120);
    app_close(a);
    /* again: the numbers exist, nothing is imported, exit 1 */
    assert_int_equal(run(7, argv), EXIT_FAIL);
}

/* ---- distributions and consistency ------------------------------------- */

static int cmp_id(const void *a, const void *b)
{
    return memcmp(a, b, 18);
}

static int age_of(const struct member *m)
{
    return date_age(m->birth_date, DEMO_REFERENCE_DATE);
}

static void households_are_consistent_and_plausible(void **state)
{
    (void)state;
    enum { N = 20000 };
    struct app *a;
    struct err e = {0};
    assert_int_equal(app_open(&a, ":memory:", &e), 0);
    struct demo *g;
    assert_int_equal(demo_new(&g, app_db(a), 99, &e), 0);
    struct household *h = malloc(sizeof *h), *copy = malloc(sizeof *copy);
    char(*ids)[18] = malloc((size_t)N * HH_MAX_MEMBERS * 18);
    assert_non_null(h);
    assert_non_null(ids);
    size_t nid = 0;
    long chaoyang = 0, yanqing = 0, beijing_id = 0, people = 0;
    for (long i = 0; i < N; i++) {
        assert_int_equal(demo_next(g, h, &e), 0);
        /* well formed, as the import will check it */
        *copy = *h;
        struct err_list errs = {0};
        assert_int_equal(household_validate(copy, "2026-11-15", &errs), 0);
        err_list_free(&errs);
        char district[7];
        assert_int_equal(app_street_district(a, h->region_code, district, "region_code", &e), 0);
        assert_string_equal(district, h->district_code);
        if (strcmp(district, "110105") == 0) chaoyang++;
        if (strcmp(district, "110119") == 0) yanqing++;
        assert_int_equal(strlen(h->contact_phone), 11);
        assert_true(h->housing_tenure != TEN_NONE || h->housing_area == 0);

        int ap = household_applicant(h);
        assert_int_equal(ap, 0);
        int has_spouse = 0, grade12 = 0, any60 = 0, minors = 0, ill = 0, vet = 0, youfu = 0;
        int young = age_of(&h->members[0]);
        for (int k = 0; k < h->nmembers; k++) {
            const struct member *m = &h->members[k];
            /* sex and birth date filled by the generator agree with the ID */
            assert_int_equal(m->sex, copy->members[k].sex);
            assert_string_equal(m->birth_date, copy->members[k].birth_date);
            assert_int_equal(m->sex == 'M', (m->id_number[16] - '0') % 2 == 1);
            int age = age_of(m);
            if (strncmp(m->id_number, "11", 2) == 0) beijing_id++;
            people++;
            if (m->relation == REL_SPOUSE) {
                has_spouse = 1;
                assert_int_equal(m->marital_status, MAR_MARRIED);
                if (age < young) young = age;
            }
            if (m->relation != REL_CHILD && m->relation != REL_GRANDCHILD) {
                assert_in_range(age, 18, 85);
            }
            if (m->disability_grade == 1 || m->disability_grade == 2) grade12 = 1;
            if (age >= 60) any60 = 1;
            if (m->relation == REL_CHILD && age < 18) minors++;
            ill |= m->serious_illness;
            vet |= m->veteran;
            youfu |= m->youfu;
            if (age < 16) assert_int_equal(m->social_insurance_months, 0);
            assert_true(m->social_insurance_months <= (age > 16 ? (age - 16) * 12 : 0));
            if (m->assets.home_count == 0) assert_int_equal(m->assets.home_value, 0);
            memcpy(ids[nid++], m->id_number, 18);
        }
        if (has_spouse) assert_int_equal(h->members[0].marital_status, MAR_MARRIED);
        for (int k = 0; k < h->nmembers; k++) {
            const struct member *m = &h->members[k];
            int age = age_of(m);
            if (m->relation == REL_CHILD) assert_true(young - age >= 20);
            if (m->relation == REL_PARENT) assert_true(age - age_of(&h->members[0]) >= 20);
        }
        /* each declared category is backed by the members' facts */
        assert_int_equal(!!(h->priority & (1u << PRI_SEVERE_DISABILITY)), grade12);
        assert_int_equal(!!(h->priority & (1u << PRI_ELDERLY)), any60);
        assert_int_equal(!!(h->priority & (1u << PRI_MANY_MINORS)), minors >= 2);
        assert_int_equal(!!(h->priority & (1u << PRI_SERIOUS_ILLNESS)), ill);
        assert_int_equal(!!(h->priority & (1u << PRI_VETERAN)), vet);
        assert_int_equal(!!(h->priority & (1u << PRI_YOUFU)), youfu);
        int64_t total = household_income_total(h);
        if (h->priority & (1u << PRI_DIBAO)) {
            assert_true(total <= (int64_t)140000 * 12 * h->nmembers);
            assert_false(h->priority & (1u << PRI_LOW_INCOME));
        }
        if (h->priority & (1u << PRI_TEKUN)) {
            assert_int_equal(h->nmembers, 1);
            assert_int_equal(total, 0);
        }
    }
    /* ID numbers unique across all 20,000 households */
    qsort(ids, nid, 18, cmp_id);
    for (size_t k = 1; k < nid; k++)
        assert_true(memcmp(ids[k - 1], ids[k], 18) != 0);

    const struct demo_stats *st = demo_get_stats(g);
    assert_int_equal(st->households, N);
    assert_int_equal(st->members, (long)nid);
    double n = N;
    long small = st->by_size[1] + st->by_size[2] + st->by_size[3];
    print_message("size 1-3 %.3f, dibao %.4f, low %.4f, tekun %.4f, elderly %.3f, nonlocal %.3f, "
                  "pc<=2400 %.3f, pc<=4200 %.3f, annual ok %.3f, members/household %.2f\n",
                  small / n, st->by_priority[PRI_DIBAO] / n, st->by_priority[PRI_LOW_INCOME] / n,
                  st->by_priority[PRI_TEKUN] / n, st->by_priority[PRI_ELDERLY] / n,
                  st->nonlocal / n, st->pc_le_2400 / n, st->pc_le_4200 / n, st->annual_ok / n,
                  st->members / n);
    assert_true(small / n > 0.78 && small / n < 0.90);
    assert_true(st->by_size[6] > 0 && st->by_size[7] == 0);
    assert_true(st->members / n > 2.0 && st->members / n < 2.7);
    assert_true(st->by_priority[PRI_DIBAO] / n > 0.018 && st->by_priority[PRI_DIBAO] / n < 0.032);
    assert_true(st->by_priority[PRI_LOW_INCOME] / n > 0.035 &&
                st->by_priority[PRI_LOW_INCOME] / n < 0.055);
    assert_true(st->by_priority[PRI_TEKUN] > 0 && st->by_priority[PRI_TEKUN] / n < 0.005);
    assert_true(st->by_priority[PRI_SERIOUS_ILLNESS] / n > 0.02 &&
                st->by_priority[PRI_SERIOUS_ILLNESS] / n < 0.045);
    assert_true(st->by_priority[PRI_SEVERE_DISABILITY] / n > 0.012 &&
                st->by_priority[PRI_SEVERE_DISABILITY] / n < 0.03);
    assert_true(st->by_priority[PRI_VETERAN] / n > 0.007 &&
                st->by_priority[PRI_VETERAN] / n < 0.02);
    assert_true(st->by_priority[PRI_MANY_MINORS] / n > 0.02);
    assert_true(st->by_priority[PRI_ELDERLY] / n > 0.12 && st->by_priority[PRI_ELDERLY] / n < 0.40);
    assert_true(st->nonlocal / n > 0.22 && st->nonlocal / n < 0.34);
    /* the thresholds split the population */
    assert_true(st->pc_le_2400 / n > 0.15 && st->pc_le_2400 / n < 0.55);
    assert_true(st->pc_le_4200 / n > 0.45 && st->pc_le_4200 / n < 0.90);
    assert_true((st->pc_le_4200 - st->pc_le_2400) / n > 0.15);
    assert_true(st->annual_ok / n > 0.50 && st->annual_ok / n < 0.95);
    /* tenure: private rental is the most common; 'none' exists */
    for (int t = 0; t < TEN_COUNT; t++)
        if (t != TEN_PRIVATE_RENTAL)
            assert_true(st->by_tenure[TEN_PRIVATE_RENTAL] > st->by_tenure[t]);
    assert_true(st->by_tenure[TEN_NONE] > 0 && st->by_tenure[TEN_OWNED] > 0);
    assert_true(st->with_home / n < 0.15 && st->with_vehicle / n < 0.25);
    /* an accessible home: a small share, fewer than the severely disabled and elderly together */
    assert_true(st->needs_accessible / n > 0.01 && st->needs_accessible / n < 0.05);
    assert_true(st->needs_accessible <
                st->by_priority[PRI_SEVERE_DISABILITY] + st->by_priority[PRI_ELDERLY]);
    /* districts follow population: 朝阳 (3.45M) about ten times 延庆 (0.35M) */
    assert_true(chaoyang / n > 0.13 && chaoyang / n < 0.18);
    assert_true(yanqing > 0 && (double)chaoyang / (double)yanqing > 7 &&
                (double)chaoyang / (double)yanqing < 14);
    /* most people carry a Beijing ID number, not all */
    assert_true((double)beijing_id / (double)people > 0.5 &&
                (double)beijing_id / (double)people < 0.8);

    free(ids);
    free(h);
    free(copy);
    demo_free(g);
    app_close(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_gives_identical_bytes),
        cmocka_unit_test(output_is_pinned_across_machines),
        cmocka_unit_test(different_seed_gives_different_data),
        cmocka_unit_test(starts_with_the_import_header_and_fixed_month),
        cmocka_unit_test(every_household_imports_and_exports_byte_for_byte),
        cmocka_unit_test(command_rejects_bad_usage),
        cmocka_unit_test(command_writes_the_same_csv_as_the_library),
        cmocka_unit_test(command_imports_into_a_database),
        cmocka_unit_test(households_are_consistent_and_plausible),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
