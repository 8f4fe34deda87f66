/* io/policy_json: the presets hold the figures of the rules, render is
 * canonical and round-trips, diff names what changed, and every kind of
 * mistake in a preset is reported at its JSON path with the reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "core/round.h"
#include "io/policy_json.h"

#define REPO_ROOT ANJU_TEST_DATA "/../.."

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return text;
}

static void print_errors(const struct err_list *errs)
{
    for (size_t i = 0; i < errs->len; i++)
        fprintf(stderr, "%s: %s / %s\n", errs->items[i].field, errs->items[i].zh,
                errs->items[i].en);
}

/* A struct policy is about 1.2 MB: tests keep them on the heap. */
static struct policy *load_preset(const char *name)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/policy/%s", REPO_ROOT, name);
    char *text = read_file(path, &len);
    struct policy *p = calloc(1, sizeof *p);
    struct err_list errs = {0};
    int rc = policy_parse(text, len, p, &errs);
    if (rc) print_errors(&errs);
    assert_int_equal(rc, 0);
    assert_int_equal(errs.total, 0);
    err_list_free(&errs);
    free(text);
    return p;
}

static const struct criterion *find(const struct policy *p, enum programme prog,
                                    enum criterion_kind kind)
{
    const struct programme_rules *r = &p->programmes[prog];
    for (int i = 0; i < r->ncriteria; i++)
        if (r->criteria[i].kind == kind) return &r->criteria[i];
    fail_msg("programme %s has no criterion %s", programme_names[prog].code,
             criterion_names[kind].code);
    return NULL;
}

static void source_ok(const struct policy_source *s, const char *effective, const char *what)
{
    if (!s->document[0] || date_valid(s->effective) != 0 || strcmp(s->effective, effective) > 0)
        fail_msg("%s: source \"%s\" \"%s\"", what, s->document, s->effective);
}

/* Every criterion, subsidy, programme and the priority rules carry a source. */
static void all_sources_ok(const struct policy *p)
{
    source_ok(&p->priority_source, p->effective, "priority");
    for (int g = 0; g < PROG_COUNT; g++) {
        const struct programme_rules *r = &p->programmes[g];
        if (!r->offered) continue;
        source_ok(&r->source, p->effective, programme_names[g].code);
        for (int i = 0; i < r->ncriteria; i++)
            source_ok(&r->criteria[i].source, p->effective,
                      criterion_names[r->criteria[i].kind].code);
        if (r->subsidy.kind != SUBSIDY_NONE) source_ok(&r->subsidy.source, p->effective, "subsidy");
    }
}

#define BIT(x) (1u << (x))

static void beijing_preset_holds_the_domain_figures(void **state)
{
    (void)state;
    struct policy *p = load_preset("beijing.json");
    assert_string_equal(p->code, "beijing");
    assert_string_equal(p->version, "2026.1");
    assert_string_equal(p->effective, "2026-01-01");
    assert_int_equal(p->nregions, 1);
    assert_string_equal(p->regions[0], "11");
    assert_int_equal(p->id, 0);
    all_sources_ok(p);

    /* priority families in precedence order, long wait 5 years */
    static const enum priority_category order[] = {PRI_DIBAO,
                                                   PRI_TEKUN,
                                                   PRI_LOW_INCOME,
                                                   PRI_SERIOUS_ILLNESS,
                                                   PRI_SEVERE_DISABILITY,
                                                   PRI_ELDERLY,
                                                   PRI_YOUFU,
                                                   PRI_VETERAN,
                                                   PRI_MANY_MINORS,
                                                   PRI_SANFANG,
                                                   PRI_ADULT_ORPHAN,
                                                   PRI_MODEL_WORKER};
    assert_int_equal(p->npriority, 12);
    for (int i = 0; i < 12; i++)
        assert_int_equal(p->priority_order[i], order[i]);
    assert_int_equal(p->long_wait_years, 5);
    assert_non_null(strstr(p->priority_source.document, "京建发〔2022〕339号"));
    assert_string_equal(p->priority_source.effective, "2022-09-05");

    /* 公租房: ≤15 m2 per person, ≤100,000 (≤3) / ≤130,000 (≥4), Beijing hukou */
    const struct programme_rules *pr = &p->programmes[PROG_PUBLIC_RENTAL];
    assert_true(pr->offered);
    assert_int_equal(pr->publicity_days, 15);
    assert_int_equal(pr->re_report_months, 24);
    const struct criterion *c = find(p, PROG_PUBLIC_RENTAL, CRIT_PER_CAPITA_HOUSING_AREA_MAX);
    assert_int_equal(c->value, 1500);
    assert_true(c->inclusive);
    assert_non_null(strstr(c->source.document, "京建法〔2011〕25号"));
    c = find(p, PROG_PUBLIC_RENTAL, CRIT_ANNUAL_INCOME_MAX);
    assert_true(c->inclusive);
    assert_int_equal(c->nsizes, 2);
    assert_int_equal(c->sizes[0].members_min, 1);
    assert_int_equal(c->sizes[0].members_max, 3);
    assert_int_equal(c->sizes[0].value, 10000000);
    assert_int_equal(c->sizes[1].members_min, 4);
    assert_int_equal(c->sizes[1].members_max, 0);
    assert_int_equal(c->sizes[1].value, 13000000);
    c = find(p, PROG_PUBLIC_RENTAL, CRIT_HUKOU_IN);
    assert_int_equal(c->nregions, 1);
    assert_string_equal(c->regions[0], "11");

    /* 公租房租金补贴: tenants, ≤2,400 a month, assets 570k / 760k, shares on ≤60 m2 */
    c = find(p, PROG_PUBLIC_RENTAL_SUBSIDY, CRIT_TENURE_IN);
    assert_int_equal(c->tenures, BIT(TEN_PUBLIC_RENTAL));
    c = find(p, PROG_PUBLIC_RENTAL_SUBSIDY, CRIT_PER_CAPITA_MONTHLY_INCOME_MAX);
    assert_int_equal(c->value, 240000);
    assert_true(c->inclusive);
    c = find(p, PROG_PUBLIC_RENTAL_SUBSIDY, CRIT_ASSETS_MAX);
    assert_int_equal(c->nsizes, 2);
    assert_int_equal(c->sizes[0].members_max, 3);
    assert_int_equal(c->sizes[0].value, 57000000);
    assert_int_equal(c->sizes[1].members_min, 4);
    assert_int_equal(c->sizes[1].value, 76000000);
    const struct subsidy *s = &p->programmes[PROG_PUBLIC_RENTAL_SUBSIDY].subsidy;
    assert_int_equal(s->kind, SUBSIDY_RENT_SHARE);
    assert_int_equal(s->area_cap, 6000);
    assert_int_equal(s->ntiers, 6);
    static const int shares[] = {9500, 9000, 7000, 5000, 2500, 1000};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(s->tiers[i].number, i + 1);
        assert_int_equal(s->tiers[i].share_bp, shares[i]);
    }
    assert_int_equal(s->tiers[0].categories, BIT(PRI_DIBAO) | BIT(PRI_TEKUN));
    assert_int_equal(s->tiers[1].categories, BIT(PRI_LOW_INCOME));
    assert_false(s->tiers[0].has_income);
    assert_true(s->tiers[2].has_income);
    assert_false(s->tiers[2].income.has_min);
    assert_int_equal(s->tiers[2].income.max, 120000);
    assert_true(s->tiers[2].income.max_inclusive);
    assert_int_equal(s->tiers[3].income.min, 120000);
    assert_false(s->tiers[3].income.min_inclusive);
    assert_int_equal(s->tiers[3].income.max, 160000);
    assert_true(s->tiers[3].income.max_inclusive);
    assert_int_equal(s->tiers[5].income.min, 200000);
    assert_int_equal(s->tiers[5].income.max, 240000);

    /* 市场租房补贴: no home, ≤4,200 a month, six tiers by zone and size */
    find(p, PROG_MARKET_RENT_SUBSIDY, CRIT_NO_HOME);
    c = find(p, PROG_MARKET_RENT_SUBSIDY, CRIT_PER_CAPITA_MONTHLY_INCOME_MAX);
    assert_int_equal(c->value, 420000);
    assert_true(c->inclusive);
    c = find(p, PROG_MARKET_RENT_SUBSIDY, CRIT_ASSETS_MAX);
    assert_int_equal(c->sizes[0].value, 57000000);
    assert_int_equal(c->sizes[1].value, 76000000);
    s = &p->programmes[PROG_MARKET_RENT_SUBSIDY].subsidy;
    assert_int_equal(s->kind, SUBSIDY_AMOUNT);
    assert_int_equal(s->large_from_members, 3);
    assert_true(s->cap_at_rent);
    assert_int_equal(s->nzones, 2);
    assert_int_equal(s->zones[0].ndistricts, 0);
    assert_string_equal(s->zones[1].code, "outer");
    assert_int_equal(s->zones[1].ndistricts, 4);
    static const char *outer[] = {"110116", "110117", "110118", "110119"};
    for (int i = 0; i < 4; i++)
        assert_string_equal(s->zones[1].districts[i], outer[i]);
    /* yuan: [tier][zone][small, large] */
    static const int64_t amounts[6][2][2] = {
        {{2500, 3500}, {1500, 2100}}, {{2200, 3000}, {1320, 1800}}, {{1900, 2500}, {1140, 1500}},
        {{1600, 2000}, {960, 1200}},  {{1300, 1500}, {780, 900}},   {{1000, 1200}, {600, 720}}};
    assert_int_equal(s->ntiers, 6);
    for (int t = 0; t < 6; t++)
        for (int z = 0; z < 2; z++)
            for (int k = 0; k < 2; k++)
                assert_int_equal(s->tiers[t].amount[z][k], amounts[t][z][k] * 100);
    assert_int_equal(s->tiers[0].categories, BIT(PRI_DIBAO) | BIT(PRI_TEKUN));
    assert_int_equal(s->tiers[1].categories, BIT(PRI_LOW_INCOME));
    assert_int_equal(s->tiers[2].income.max, 270000);
    assert_true(s->tiers[2].income.max_inclusive);
    static const int64_t bands[][2] = {{270000, 320000}, {320000, 370000}, {370000, 420000}};
    for (int t = 3; t < 6; t++) {
        const struct income_band *b = &s->tiers[t].income;
        assert_true(b->has_min && b->has_max);
        assert_int_equal(b->min, bands[t - 3][0]);
        assert_false(b->min_inclusive);
        assert_int_equal(b->max, bands[t - 3][1]);
        assert_true(b->max_inclusive);
    }
    assert_int_equal(s->uplift_categories, BIT(PRI_SERIOUS_ILLNESS) | BIT(PRI_SEVERE_DISABILITY));
    assert_int_equal(s->uplift_elderly_age, 60);
    assert_int_equal(s->uplift_tiers, 1);

    /* 保障性租赁住房: no home, works in Beijing, no income threshold */
    const struct programme_rules *ar = &p->programmes[PROG_AFFORDABLE_RENTAL];
    assert_true(ar->offered);
    assert_int_equal(ar->ncriteria, 2);
    find(p, PROG_AFFORDABLE_RENTAL, CRIT_NO_HOME);
    c = find(p, PROG_AFFORDABLE_RENTAL, CRIT_EMPLOYED_IN);
    assert_string_equal(c->regions[0], "11");
    assert_int_equal(ar->subsidy.kind, SUBSIDY_NONE);

    /* 共有产权住房: no home; hukou or 60 months of social insurance; singles 30+ */
    find(p, PROG_SHARED_OWNERSHIP, CRIT_NO_HOME);
    c = find(p, PROG_SHARED_OWNERSHIP, CRIT_HUKOU_OR_SOCIAL_INSURANCE);
    assert_string_equal(c->regions[0], "11");
    assert_int_equal(c->months, 60);
    c = find(p, PROG_SHARED_OWNERSHIP, CRIT_SINGLE_APPLICANT_AGE_MIN);
    assert_int_equal(c->value, 30);
    assert_true(c->inclusive);

    /* 人才住房: the registry of key institutions, not entered yet */
    c = find(p, PROG_TALENT, CRIT_EMPLOYER_IN);
    assert_int_equal(c->nemployers, 0);
    assert_false(p->programmes[PROG_SALE_TYPE].offered);
    free(p);
}

static void beitun_preset_holds_the_plan(void **state)
{
    (void)state;
    struct policy *p = load_preset("beitun.json");
    assert_string_equal(p->code, "beitun");
    assert_int_equal(p->nregions, 1);
    assert_string_equal(p->regions[0], "659005");
    all_sources_ok(p);
    for (int g = 0; g < PROG_COUNT; g++)
        assert_int_equal(p->programmes[g].offered, g == PROG_SALE_TYPE);
    assert_int_equal(p->programmes[PROG_SALE_TYPE].ncriteria, 2);
    const struct criterion *c = find(p, PROG_SALE_TYPE, CRIT_EMPLOYED_IN);
    assert_string_equal(c->regions[0], "659005");
    find(p, PROG_SALE_TYPE, CRIT_NO_HOME);
    assert_non_null(strstr(p->programmes[PROG_SALE_TYPE].source.document, "国发〔2023〕14号"));
    assert_int_equal(p->npriority, 0);
    free(p);
}

static void presets_are_stored_in_canonical_form(void **state)
{
    (void)state;
    const char *names[] = {"beijing.json", "beitun.json"};
    for (size_t i = 0; i < 2; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/policy/%s", REPO_ROOT, names[i]);
        char *text = read_file(path, &len);
        struct policy *p = load_preset(names[i]);
        char *out = policy_render(p);
        assert_non_null(out);
        assert_string_equal(out, text);
        free(out);
        free(text);
        free(p);
    }
}

static void render_round_trips_byte_exact(void **state)
{
    (void)state;
    const char *names[] = {"beijing.json", "beitun.json"};
    for (size_t i = 0; i < 2; i++) {
        struct policy *p = load_preset(names[i]);
        struct policy *q = calloc(1, sizeof *q);
        struct err_list errs = {0};
        char *r1 = policy_render(p);
        assert_int_equal(policy_parse(r1, strlen(r1), q, &errs), 0);
        assert_memory_equal(p, q, sizeof *p);
        char *r2 = policy_render(q);
        assert_string_equal(r1, r2);
        assert_int_equal(r1[strlen(r1) - 1], '\n');
        free(r1);
        free(r2);
        free(p);
        free(q);
        err_list_free(&errs);
    }
}

static const char *change_path(const json_t *diff, size_t i)
{
    return json_string_value(json_object_get(json_array_get(diff, i), "path"));
}

static void diff_lists_exactly_the_changed_paths(void **state)
{
    (void)state;
    struct policy *a = load_preset("beijing.json");
    struct policy *b = malloc(sizeof *b);
    memcpy(b, a, sizeof *a);

    json_t *none = policy_diff(a, b);
    assert_int_equal(json_array_size(none), 0);
    json_decref(none);

    strcpy(b->version, "2026.2");
    b->npriority--; /* model_worker no longer gives priority */
    b->programmes[PROG_PUBLIC_RENTAL].criteria[1].value = 1600;
    b->programmes[PROG_MARKET_RENT_SUBSIDY].subsidy.tiers[5].amount[0][1] = 130000;
    b->programmes[PROG_TALENT].offered = 0;
    json_t *d = policy_diff(a, b);
    static const char *paths[] = {
        "version",
        "priority.order[11]",
        "programmes.public_rental.criteria[1].area",
        "programmes.market_rent_subsidy.subsidy.tiers[5].amounts.general[1]",
        "programmes.talent",
    };
    assert_int_equal(json_array_size(d), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(change_path(d, i), paths[i]);
    const json_t *c = json_array_get(d, 0);
    assert_string_equal(json_string_value(json_object_get(c, "before")), "2026.1");
    assert_string_equal(json_string_value(json_object_get(c, "after")), "2026.2");
    c = json_array_get(d, 1);
    assert_string_equal(json_string_value(json_object_get(c, "before")), "model_worker");
    assert_true(json_is_null(json_object_get(c, "after")));
    c = json_array_get(d, 2);
    assert_string_equal(json_string_value(json_object_get(c, "before")), "15.00");
    assert_string_equal(json_string_value(json_object_get(c, "after")), "16.00");
    c = json_array_get(d, 3);
    assert_string_equal(json_string_value(json_object_get(c, "before")), "1200.00");
    assert_string_equal(json_string_value(json_object_get(c, "after")), "1300.00");
    c = json_array_get(d, 4);
    assert_true(json_is_object(json_object_get(c, "before")));
    assert_true(json_is_null(json_object_get(c, "after")));
    json_decref(d);

    /* the other way round: talent is added, in its place among the programmes */
    d = policy_diff(b, a);
    assert_int_equal(json_array_size(d), 5);
    assert_string_equal(change_path(d, 4), "programmes.talent");
    c = json_array_get(d, 4);
    assert_true(json_is_null(json_object_get(c, "before")));
    assert_true(json_is_object(json_object_get(c, "after")));
    json_decref(d);

    /* a programme added in the middle comes in document order */
    memcpy(b, a, sizeof *a);
    a->programmes[PROG_PUBLIC_RENTAL_SUBSIDY].offered = 0;
    d = policy_diff(a, b);
    assert_int_equal(json_array_size(d), 1);
    assert_string_equal(change_path(d, 0), "programmes.public_rental_subsidy");
    json_decref(d);
    free(a);
    free(b);
}

/* --- validation: a small valid preset, broken one way per test ---------- */

static const char base_json[] =
    "{\"code\": \"test\", \"version\": \"1\", \"name_zh\": \"测试\", \"name_en\": \"test\",\n"
    " \"effective\": \"2026-01-01\", \"regions\": [\"11\"],\n"
    " \"priority\": {\"order\": [\"dibao\", \"low_income\"], \"long_wait_years\": 5,\n"
    "   \"source\": {\"document\": \"D1\", \"effective\": \"2022-09-05\"}},\n"
    " \"programmes\": {\n"
    "  \"public_rental\": {\"publicity_days\": 15, \"re_report_months\": 24, \"criteria\": [\n"
    "    {\"criterion\": \"per_capita_housing_area_max\", \"area\": \"15.00\", \"inclusive\": "
    "true,\n"
    "     \"source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\"}},\n"
    "    {\"criterion\": \"annual_income_max\", \"by_size\": [{\"members_min\": 1, "
    "\"members_max\": 3, \"amount\": \"100000.00\"},\n"
    "       {\"members_min\": 4, \"amount\": \"130000.00\"}], \"inclusive\": true,\n"
    "     \"source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\"}},\n"
    "    {\"criterion\": \"tenure_in\", \"tenures\": [\"private_rental\"],\n"
    "     \"source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\"}}],\n"
    "   \"source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\"}},\n"
    "  \"market_rent_subsidy\": {\"publicity_days\": 0, \"re_report_months\": 0,\n"
    "   \"criteria\": [{\"criterion\": \"no_home\", \"source\": {\"document\": \"D1\", "
    "\"effective\": \"2022-09-05\"}}],\n"
    "   \"subsidy\": {\"kind\": \"amount\", \"large_from_members\": 3, \"cap_at_rent\": true,\n"
    "     \"zones\": [{\"code\": \"general\", \"zh\": \"一般地区\", \"en\": \"general\"},\n"
    "               {\"code\": \"outer\", \"zh\": \"远郊\", \"en\": \"outer\", \"districts\": "
    "[\"110116\"]}],\n"
    "     \"tiers\": [\n"
    "       {\"tier\": 1, \"categories\": [\"dibao\"], \"amounts\": {\"general\": [\"2500.00\", "
    "\"3500.00\"], \"outer\": [\"1500.00\", \"2100.00\"]}},\n"
    "       {\"tier\": 2, \"income\": {\"max\": \"2700.00\", \"max_inclusive\": true},\n"
    "        \"amounts\": {\"general\": [\"1900.00\", \"2500.00\"], \"outer\": [\"1140.00\", "
    "\"1500.00\"]}},\n"
    "       {\"tier\": 3, \"income\": {\"min\": \"2700.00\", \"min_inclusive\": false, \"max\": "
    "\"3200.00\", \"max_inclusive\": true},\n"
    "        \"amounts\": {\"general\": [\"1600.00\", \"2000.00\"], \"outer\": [\"960.00\", "
    "\"1200.00\"]}}],\n"
    "     \"uplift\": {\"categories\": [\"serious_illness\"], \"tiers\": 1},\n"
    "     \"source\": {\"document\": \"D1\", \"effective\": \"2022-09-05\", \"note\": \"文号待核 / "
    "number to be confirmed\"}},\n"
    "   \"source\": {\"document\": \"D1\", \"effective\": \"2022-09-05\"}}}}\n";

struct parsed {
    struct policy *p;
    struct err_list errs;
    int rc;
};

/* Parses base_json with the first occurrence of `from` replaced by `to`
 * (from NULL: unchanged). */
static struct parsed parse_edited(const char *from, const char *to)
{
    char text[sizeof base_json + 1024];
    if (from) {
        const char *at = strstr(base_json, from);
        if (!at) fail_msg("\"%s\" is not in the base preset", from);
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - base_json), base_json, to,
                 at + strlen(from));
    } else
        snprintf(text, sizeof text, "%s", base_json);
    struct parsed r = {.p = calloc(1, sizeof *r.p)};
    r.rc = policy_parse(text, strlen(text), r.p, &r.errs);
    return r;
}

static void parsed_free(struct parsed *r)
{
    free(r->p);
    err_list_free(&r->errs);
}

/* Exactly one error: at path, with zh_part in the Chinese message. */
static void expect_one(const char *from, const char *to, const char *path, const char *zh_part)
{
    struct parsed r = parse_edited(from, to);
    if (r.errs.len != 1 || strcmp(r.errs.items[0].field, path) != 0 ||
        !strstr(r.errs.items[0].zh, zh_part) || !r.errs.items[0].en[0]) {
        print_errors(&r.errs);
        fail_msg("expected one error at %s saying %s", path, zh_part);
    }
    assert_int_equal(r.rc, -1);
    assert_int_equal(r.errs.items[0].code, ERR_INVALID);
    parsed_free(&r);
}

static void the_base_preset_is_valid(void **state)
{
    (void)state;
    struct parsed r = parse_edited(NULL, NULL);
    if (r.rc) print_errors(&r.errs);
    assert_int_equal(r.rc, 0);
    const struct subsidy *s = &r.p->programmes[PROG_MARKET_RENT_SUBSIDY].subsidy;
    assert_int_equal(s->ntiers, 3);
    assert_int_equal(s->uplift_elderly_age, 0);
    assert_string_equal(s->source.note, "文号待核 / number to be confirmed");
    assert_false(r.p->programmes[PROG_TALENT].offered);
    parsed_free(&r);
}

static void unknown_criterion(void **state)
{
    (void)state;
    expect_one("\"tenure_in\"", "\"tenure_is\"", "programmes.public_rental.criteria[2].criterion",
               "未知的条件“tenure_is”");
}

static void wrong_type(void **state)
{
    (void)state;
    expect_one("\"publicity_days\": 15", "\"publicity_days\": \"15\"",
               "programmes.public_rental.publicity_days", "类型错误：应为整数，实际为字符串");
    expect_one("\"area\": \"15.00\"", "\"area\": 15", "programmes.public_rental.criteria[0].area",
               "类型错误");
    expect_one("\"inclusive\": true", "\"inclusive\": 1",
               "programmes.public_rental.criteria[0].inclusive", "应为布尔值");
    expect_one("\"regions\": [\"11\"]", "\"regions\": \"11\"", "regions", "应为数组");
}

static void negative_amount(void **state)
{
    (void)state;
    expect_one("\"100000.00\"", "\"-100000.00\"",
               "programmes.public_rental.criteria[1].by_size[0].amount", "金额不能为负数");
    expect_one("\"long_wait_years\": 5", "\"long_wait_years\": -5", "priority.long_wait_years",
               "不能为负数");
}

static void money_and_area_need_exactly_two_decimals(void **state)
{
    (void)state;
    /* a path longer than 64 bytes, kept whole */
    expect_one("\"1900.00\"", "\"1900\"",
               "programmes.market_rent_subsidy.subsidy.tiers[1].amounts.general[0]",
               "恰有两位小数");
    expect_one("\"15.00\"", "\"15.5\"", "programmes.public_rental.criteria[0].area",
               "面积“15.5”格式错误");
    expect_one("\"2700.00\", \"max_inclusive\"", "\"2,700.00\", \"max_inclusive\"",
               "programmes.market_rent_subsidy.subsidy.tiers[1].income.max", "恰有两位小数");
}

static void overlapping_income_bands(void **state)
{
    (void)state;
    /* (…, 2700] and (2700, 3200] do not overlap (the base); [2700, 3200] does */
    expect_one("\"min_inclusive\": false", "\"min_inclusive\": true",
               "programmes.market_rent_subsidy.subsidy.tiers[2].income.min",
               "收入区间 [2700.00, 3200.00] 与第 2 档的收入区间 (…, 2700.00] 重叠");
    /* (…, 2700) and (2700, 3200] leave 2700.00 out but do not overlap */
    struct parsed r = parse_edited("\"max_inclusive\": true}", "\"max_inclusive\": false}");
    assert_int_equal(r.rc, 0);
    parsed_free(&r);
    expect_one("\"min\": \"2700.00\"", "\"min\": \"2600.00\"",
               "programmes.market_rent_subsidy.subsidy.tiers[2].income.min", "重叠");
}

static void overlapping_by_size(void **state)
{
    (void)state;
    expect_one("{\"members_min\": 4,", "{\"members_min\": 3,",
               "programmes.public_rental.criteria[1].by_size[1]",
               "人数范围“3 人及以上”与 by_size[0] 的“1 至 3 人”重叠");
    expect_one("{\"members_min\": 4,", "{\"members_min\": 5,",
               "programmes.public_rental.criteria[1].by_size[1].members_min", "4 人的家庭没有限额");
    expect_one("\"amount\": \"130000.00\"}", "\"members_max\": 6, \"amount\": \"130000.00\"}",
               "programmes.public_rental.criteria[1].by_size[1].members_max", "不能有人数上限");
}

static void unknown_category_and_tenure(void **state)
{
    (void)state;
    expect_one("[\"dibao\", \"low_income\"]", "[\"dibao\", \"lowincome\"]", "priority.order[1]",
               "未知的优先类别“lowincome”");
    expect_one("\"categories\": [\"dibao\"]", "\"categories\": [\"poor\"]",
               "programmes.market_rent_subsidy.subsidy.tiers[0].categories[0]",
               "未知的优先类别“poor”");
    expect_one("[\"private_rental\"]", "[\"rented\"]",
               "programmes.public_rental.criteria[2].tenures[0]", "未知的住房状况“rented”");
    expect_one("[\"dibao\", \"low_income\"]", "[\"dibao\", \"dibao\"]", "priority.order[1]",
               "重复");
}

static void unknown_programme(void **state)
{
    (void)state;
    expect_one("\"market_rent_subsidy\": {", "\"market_subsidy\": {", "programmes.market_subsidy",
               "未知的保障方式“market_subsidy”");
}

static void bad_date(void **state)
{
    (void)state;
    expect_one("\"effective\": \"2026-01-01\"", "\"effective\": \"2026-02-30\"", "effective",
               "日期“2026-02-30”无效");
    expect_one("\"effective\": \"2011-01-01\"", "\"effective\": \"2011/01/01\"",
               "programmes.public_rental.criteria[0].source.effective", "日期“2011/01/01”无效");
    /* a rule cannot take effect after the version that applies it */
    expect_one("\"effective\": \"2011-01-01\"", "\"effective\": \"2027-01-01\"",
               "programmes.public_rental.criteria[0].source.effective", "晚于本政策版本的生效日期");
}

static void missing_source(void **state)
{
    (void)state;
    expect_one(",\n     \"source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\"}}", "}",
               "programmes.public_rental.criteria[0].source", "缺少来源");
    expect_one("{\"document\": \"D1\", \"effective\": \"2022-09-05\"}}", "{\"document\": \"D1\"}}",
               "priority.source.effective", "缺少必填项");
}

static void duplicate_key(void **state)
{
    (void)state;
    expect_one("\"area\": \"15.00\",", "\"area\": \"15.00\", \"area\": \"16.00\",",
               "programmes.public_rental.criteria[0].area", "键“area”重复（第 7 行");
}

static void unknown_key(void **state)
{
    (void)state;
    expect_one("\"inclusive\": true,", "\"inclusive\": true, \"amount\": \"1.00\",",
               "programmes.public_rental.criteria[0].amount", "未知的键“amount”");
    expect_one("\"name_en\": \"test\"", "\"name_en\": \"test\", \"comment\": \"x\"", "comment",
               "未知的键“comment”");
}

static void tiers_numbered_in_order(void **state)
{
    (void)state;
    expect_one("{\"tier\": 2,", "{\"tier\": 3,",
               "programmes.market_rent_subsidy.subsidy.tiers[1].tier", "应为 2，实际为 3");
}

static void tier_needs_categories_or_income(void **state)
{
    (void)state;
    expect_one("\"categories\": [\"dibao\"], ", "",
               "programmes.market_rent_subsidy.subsidy.tiers[0]", "既无优先类别");
}

static void missing_member_and_zone_amounts(void **state)
{
    (void)state;
    expect_one("\"large_from_members\": 3, ", "",
               "programmes.market_rent_subsidy.subsidy.large_from_members", "缺少必填项");
    expect_one(", \"outer\": [\"1500.00\", \"2100.00\"]", "",
               "programmes.market_rent_subsidy.subsidy.tiers[0].amounts.outer", "缺少必填项");
    expect_one("\"outer\": [\"1500.00\", \"2100.00\"]",
               "\"outer\": [\"1500.00\", \"2100.00\"], \"inner\": [\"1.00\", \"2.00\"]",
               "programmes.market_rent_subsidy.subsidy.tiers[0].amounts.inner",
               "未知的分区“inner”");
}

static void more_entries_than_the_arrays_hold(void **state)
{
    (void)state;
    expect_one("\"regions\": [\"11\"]",
               "\"regions\": [\"11\", \"12\", \"13\", \"14\", \"15\", \"21\", \"22\", \"23\", "
               "\"31\"]",
               "regions", "最多 8 项，实际 9 项");
}

static void malformed_json_names_the_place(void **state)
{
    (void)state;
    expect_one("\"area\": \"15.00\",", "\"area\": \"15.00\",,",
               "programmes.public_rental.criteria[0]", "JSON 格式错误（第 7 行");
}

static void every_problem_is_reported(void **state)
{
    (void)state;
    struct parsed r = parse_edited("\"area\": \"15.00\", \"inclusive\": true,",
                                   "\"area\": \"-15.00\", \"inclusive\": \"yes\", \"extra\": 1,");
    assert_int_equal(r.rc, -1);
    assert_int_equal(r.errs.total, 3);
    assert_string_equal(r.errs.items[0].field, "programmes.public_rental.criteria[0].extra");
    assert_string_equal(r.errs.items[1].field, "programmes.public_rental.criteria[0].area");
    assert_string_equal(r.errs.items[2].field, "programmes.public_rental.criteria[0].inclusive");
    parsed_free(&r);
    r = parse_edited("\"version\": \"1\"", "\"version\": 1, \"x\": 0");
    assert_int_equal(r.errs.total, 2);
    assert_string_equal(r.errs.items[0].field, "x");
    assert_string_equal(r.errs.items[1].field, "version");
    parsed_free(&r);
}

/* --- the rules of rounds ("round") -------------------------------------- */

/* The base preset with a "round" object in public_rental: fields given as
 * JSON text (NULL: the Beijing value). */
static struct parsed parse_round(const char *ratio, const char *sizes)
{
    char round[1024];
    snprintf(round, sizeof round,
             "\"publicity_days\": 15, \"round\": {\"shortlist_ratio_permille\": %s, "
             "\"declines_max\": 2, \"offer_days\": 7, \"size_layouts\": %s, "
             "\"source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\"}, "
             "\"size_layouts_source\": {\"document\": \"D2\", \"effective\": \"2011-01-01\", "
             "\"note\": \"本项目假设 / the project's assumption\"}}, ",
             ratio ? ratio : "1200",
             sizes ? sizes
                   : "[{\"members_min\": 1, \"members_max\": 1, \"layouts\": [\"studio\"]}, "
                     "{\"members_min\": 2, \"layouts\": [\"two_room\"]}]");
    return parse_edited("\"publicity_days\": 15, ", round);
}

static void beijing_round_rules_are_the_old_constants(void **state)
{
    (void)state;
    struct policy *p = load_preset("beijing.json");
    struct round_rules d;
    round_rules_default(&d);
    const struct programme_rules *pr = &p->programmes[PROG_PUBLIC_RENTAL];
    assert_true(pr->has_round);
    assert_int_equal(pr->round.shortlist_ratio_permille, 1200);
    assert_int_equal(pr->round.declines_max, 2);
    assert_int_equal(pr->round.offer_days, 7);
    assert_int_equal(pr->round.nsizes, d.nsizes);
    assert_memory_equal(pr->round.sizes, d.sizes, sizeof d.sizes);
    source_ok(&pr->round.source, p->effective, "round");
    source_ok(&pr->round.sizes_source, p->effective, "round.size_layouts");
    assert_non_null(strstr(pr->round.source.document, "京建法〔2011〕25号"));
    assert_non_null(strstr(pr->round.source.note, "1:1.2"));
    /* a programme without "round" keeps the defaults */
    const struct programme_rules *ar = &p->programmes[PROG_AFFORDABLE_RENTAL];
    assert_false(ar->has_round);
    assert_int_equal(ar->round.shortlist_ratio_permille, 1200);
    assert_memory_equal(ar->round.sizes, d.sizes, sizeof d.sizes);
    free(p);
    struct policy *b = load_preset("beitun.json");
    assert_false(b->programmes[PROG_SALE_TYPE].has_round);
    assert_int_equal(b->programmes[PROG_SALE_TYPE].round.declines_max, 2);
    assert_int_equal(b->programmes[PROG_SALE_TYPE].round.offer_days, 7);
    free(b);
}

/* A preset with another size table changes what a 2-person family may be
 * offered: Beijing's lets it take a studio, this one only a two_room. */
static void size_table_decides_what_a_family_is_offered(void **state)
{
    (void)state;
    struct parsed r = parse_round("1100", NULL);
    if (r.rc) print_errors(&r.errs);
    assert_int_equal(r.rc, 0);
    const struct round_rules *mine = &r.p->programmes[PROG_PUBLIC_RENTAL].round;
    assert_int_equal(mine->shortlist_ratio_permille, 1100);
    struct policy *bj = load_preset("beijing.json");
    const struct round_rules *beijing = &bj->programmes[PROG_PUBLIC_RENTAL].round;
    assert_true(round_layout_fits(beijing, 2, ALLOC_LAYOUT_STUDIO));
    assert_false(round_layout_fits(mine, 2, ALLOC_LAYOUT_STUDIO));
    assert_true(round_layout_fits(mine, 2, ALLOC_LAYOUT_TWO_ROOM));
    assert_true(round_layout_fits(mine, 7, ALLOC_LAYOUT_TWO_ROOM));
    /* one 2-person family, a studio then a two_room in unit order */
    struct alloc_unit_info units[2] = {{.layout = ALLOC_LAYOUT_STUDIO},
                                       {.layout = ALLOC_LAYOUT_TWO_ROOM}};
    struct round_family fam = {.members = 2, .any = 1};
    int32_t got;
    uint8_t why;
    struct err e = {0};
    assert_int_equal(round_choose(beijing, &fam, 1, units, 2, &got, &why, &e), 0);
    assert_int_equal(got, 0);
    assert_int_equal(round_choose(mine, &fam, 1, units, 2, &got, &why, &e), 0);
    assert_int_equal(got, 1);
    assert_int_equal(round_choose(mine, &fam, 1, units, 1, &got, &why, &e), 0);
    assert_int_equal(got, ALLOC_NONE);
    assert_int_equal(why, ALLOC_NONE_ACCEPTABLE);
    /* and the table is what core/allocation is given */
    struct alloc_constraints c;
    round_constraints(mine, &c);
    assert_int_equal(c.nsize_rules, 2);
    assert_int_equal(c.size_rules[1].layouts, 1u << ALLOC_LAYOUT_TWO_ROOM);
    /* it renders and parses back the same */
    char *text = policy_render(r.p);
    struct policy *q = calloc(1, sizeof *q);
    struct err_list errs = {0};
    assert_int_equal(policy_parse(text, strlen(text), q, &errs), 0);
    assert_memory_equal(r.p, q, sizeof *q);
    assert_non_null(strstr(text, "\"size_layouts_source\""));
    free(text);
    free(q);
    free(bj);
    parsed_free(&r);
}

/* A bad "round" object is rejected, each problem at its JSON path. */
static void bad_round_rules(void **state)
{
    (void)state;
    const char *rp = "programmes.public_rental.round";
    struct {
        const char *ratio, *sizes, *path, *zh;
    } cases[] = {
        {"1300", NULL, ".shortlist_ratio_permille", "应在 1000 至 1200 之间"},
        {"999", NULL, ".shortlist_ratio_permille", "应在 1000 至 1200 之间"},
        {"\"1.2\"", NULL, ".shortlist_ratio_permille", "整数"},
        {NULL, "[{\"members_min\": 1, \"layouts\": [\"penthouse\"]}]",
         ".size_layouts[0].layouts[0]", "未知的户型"},
        {NULL,
         "[{\"members_min\": 1, \"members_max\": 2, \"layouts\": [\"studio\"]}, "
         "{\"members_min\": 2, \"layouts\": [\"two_room\"]}]",
         ".size_layouts[1]", "重叠"},
        {NULL, "[{\"members_min\": 1, \"layouts\": []}]", ".size_layouts[0].layouts",
         "至少须列出一种户型"},
        {NULL, "[{\"members_max\": 2, \"layouts\": [\"studio\"]}]", ".size_layouts[0].members_min",
         "缺少必填项"},
        {NULL, "[]", ".size_layouts", "至少需要 1 项"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct parsed r = parse_round(cases[i].ratio, cases[i].sizes);
        char path[200];
        snprintf(path, sizeof path, "%s%s", rp, cases[i].path);
        if (r.errs.len != 1 || strcmp(r.errs.items[0].field, path) != 0 ||
            !strstr(r.errs.items[0].zh, cases[i].zh) || !r.errs.items[0].en[0]) {
            print_errors(&r.errs);
            fail_msg("case %zu: expected one error at %s saying %s", i, path, cases[i].zh);
        }
        assert_int_equal(r.rc, -1);
        parsed_free(&r);
    }
    /* declines and days at least 1; a missing source is named too */
    struct parsed r = parse_edited(
        "\"publicity_days\": 15, ",
        "\"publicity_days\": 15, \"round\": {\"shortlist_ratio_permille\": 1200, "
        "\"declines_max\": 0, \"offer_days\": 0, \"size_layouts\": [{\"members_min\": 1, "
        "\"layouts\": [\"studio\"]}], \"source\": {\"document\": \"D2\", \"effective\": "
        "\"2011-01-01\"}}, ");
    assert_int_equal(r.rc, -1);
    assert_int_equal(r.errs.total, 3);
    assert_string_equal(r.errs.items[0].field, "programmes.public_rental.round.declines_max");
    assert_string_equal(r.errs.items[1].field, "programmes.public_rental.round.offer_days");
    assert_string_equal(r.errs.items[2].field,
                        "programmes.public_rental.round.size_layouts_source");
    parsed_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(beijing_preset_holds_the_domain_figures),
        cmocka_unit_test(beitun_preset_holds_the_plan),
        cmocka_unit_test(presets_are_stored_in_canonical_form),
        cmocka_unit_test(render_round_trips_byte_exact),
        cmocka_unit_test(diff_lists_exactly_the_changed_paths),
        cmocka_unit_test(the_base_preset_is_valid),
        cmocka_unit_test(unknown_criterion),
        cmocka_unit_test(wrong_type),
        cmocka_unit_test(negative_amount),
        cmocka_unit_test(money_and_area_need_exactly_two_decimals),
        cmocka_unit_test(overlapping_income_bands),
        cmocka_unit_test(overlapping_by_size),
        cmocka_unit_test(unknown_category_and_tenure),
        cmocka_unit_test(unknown_programme),
        cmocka_unit_test(bad_date),
        cmocka_unit_test(missing_source),
        cmocka_unit_test(duplicate_key),
        cmocka_unit_test(unknown_key),
        cmocka_unit_test(tiers_numbered_in_order),
        cmocka_unit_test(tier_needs_categories_or_income),
        cmocka_unit_test(missing_member_and_zone_amounts),
        cmocka_unit_test(more_entries_than_the_arrays_hold),
        cmocka_unit_test(malformed_json_names_the_place),
        cmocka_unit_test(every_problem_is_reported),
        cmocka_unit_test(beijing_round_rules_are_the_old_constants),
        cmocka_unit_test(size_table_decides_what_a_family_is_offered),
        cmocka_unit_test(bad_round_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
