/* app/demo_stock — the synthetic housing stock (see demo_stock.h). */
#include "app/demo_stock.h"

#include "base/buf.h"
#include "io/stock_csv.h"
#include "store/region_store.h"

#include <stdlib.h>
#include <string.h>

/* ===== PRNG: splitmix64 (integer only) ================================== */

struct rng {
    uint64_t s;
};

static uint64_t next(struct rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (the modulo bias is below 2^-40 for these ranges). */
static int64_t range(struct rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next(r) % (uint64_t)(hi - lo + 1));
}

/* An index drawn with the given integer weights. */
static int pick(struct rng *r, const int *w, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    int x = (int)range(r, 0, sum - 1);
    for (int i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

/* ===== the figures ======================================================== */

/* Where new affordable housing is built: weights per district (the inner
 * districts have little land), a price tier (0 inner, 1 near, 2 outer) and
 * an approximate centre (micro-degrees) with a jitter. */
static const struct district {
    const char *code;
    int weight, tier;
    int64_t lon, lat, jitter;
} districts[] = {
    {"110101", 1, 0, 116416000, 39928000, 15000},  /* 东城区 */
    {"110102", 1, 0, 116366000, 39912000, 15000},  /* 西城区 */
    {"110105", 14, 0, 116486000, 39921000, 60000}, /* 朝阳区 */
    {"110106", 12, 1, 116287000, 39858000, 50000}, /* 丰台区 */
    {"110107", 4, 1, 116223000, 39906000, 30000},  /* 石景山区 */
    {"110108", 10, 0, 116298000, 39959000, 60000}, /* 海淀区 */
    {"110109", 2, 2, 116102000, 39940000, 40000},  /* 门头沟区 */
    {"110111", 8, 2, 116143000, 39748000, 60000},  /* 房山区 */
    {"110112", 10, 2, 116657000, 39909000, 60000}, /* 通州区 */
    {"110113", 8, 2, 116654000, 40130000, 60000},  /* 顺义区 */
    {"110114", 12, 2, 116231000, 40221000, 60000}, /* 昌平区 */
    {"110115", 10, 2, 116341000, 39727000, 60000}, /* 大兴区 */
    {"110116", 2, 2, 116632000, 40316000, 40000},  /* 怀柔区 */
    {"110117", 1, 2, 117121000, 40141000, 30000},  /* 平谷区 */
    {"110118", 1, 2, 116843000, 40377000, 30000},  /* 密云区 */
    {"110119", 1, 2, 115975000, 40457000, 30000},  /* 延庆区 */
};
enum { NDISTRICTS = sizeof districts / sizeof districts[0] };

/* The programmes generated, their share of projects and code prefix. */
static const struct programme_mix {
    enum programme p;
    int weight;
    const char *prefix;
    const char *const names[4];   /* project-name endings */
    const char *operator_pattern; /* %s = the district's name */
    int layout_weight[LAYOUT_COUNT];
    int64_t area_lo[LAYOUT_COUNT], area_hi[LAYOUT_COUNT]; /* 0.01 m2 */
    int floors_lo, floors_hi;
} mixes[] = {
    {PROG_PUBLIC_RENTAL,
     45,
     "GZF",
     {"家园", "嘉园", "康居苑", "和园"},
     "%s公共租赁住房运营管理有限公司",
     {0, 30, 45, 25, 0},
     {0, 3000, 4000, 5000, 0},
     {0, 4000, 5000, 6000, 0},
     6,
     18},
    {PROG_AFFORDABLE_RENTAL,
     35,
     "BZL",
     {"青年公寓", "人才公寓", "乐居公寓", "安居驿站"},
     "%s保障性租赁住房投资运营有限公司",
     {20, 40, 30, 10, 0},
     {1500, 2500, 4000, 5500, 0},
     {3000, 4500, 6000, 7000, 0},
     6,
     18},
    {PROG_SHARED_OWNERSHIP,
     20,
     "GYF",
     {"共有产权家园", "雅苑", "佳苑", "新城"},
     "%s共有产权住房开发建设有限公司",
     {0, 0, 0, 60, 40},
     {0, 0, 0, 6000, 8000},
     {0, 0, 0, 8000, 9000},
     6,
     15},
};
enum { NMIXES = sizeof mixes / sizeof mixes[0] };

static const char *const roads[] = {"兴华路", "康庄路", "安平街", "和谐路", "丰收路",
                                    "育才路", "光明街", "永安路", "长兴街", "福润路"};

/* Monthly rent per m2 (fen) of public rental by tier; affordable rental
 * pays half as much again. Sale price per m2 (fen) by tier. */
static const int64_t rent_lo[3] = {5000, 4000, 2500}, rent_hi[3] = {7000, 5500, 4500};
static const int64_t price_lo[3] = {4500000, 3500000, 2000000},
                     price_hi[3] = {6000000, 4500000, 3500000};

/* ===== streets ============================================================ */

struct street {
    char code[13];
    char name[64 * 3];
};

struct streets {
    struct street *all;
    size_t n;
    size_t first[NDISTRICTS], count[NDISTRICTS];
    char district_name[NDISTRICTS][64 * 3];
};

static int street_cmp(const void *a, const void *b)
{
    return strcmp(((const struct street *)a)->code, ((const struct street *)b)->code);
}

static int load_streets(struct db *db, struct streets *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct region *list;
    size_t n;
    if (region_store_list(db, NULL, "street", &list, &n, e)) return -1;
    s->all = calloc(n ? n : 1, sizeof *s->all);
    if (!s->all) {
        free(list);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < NDISTRICTS; d++)
            if (strcmp(list[i].parent_code, districts[d].code) == 0) {
                snprintf(s->all[s->n].code, sizeof s->all[s->n].code, "%s", list[i].code);
                snprintf(s->all[s->n].name, sizeof s->all[s->n].name, "%s", list[i].name);
                s->n++;
            }
    free(list);
    qsort(s->all, s->n, sizeof *s->all, street_cmp);
    for (int d = 0; d < NDISTRICTS; d++) {
        struct region r;
        if (region_store_get(db, districts[d].code, &r, e)) return -1;
        snprintf(s->district_name[d], sizeof s->district_name[d], "%s", r.name);
        for (size_t i = 0; i < s->n; i++)
            if (strncmp(s->all[i].code, districts[d].code, 6) == 0) {
                if (!s->count[d]) s->first[d] = i;
                s->count[d]++;
            }
        if (!s->count[d])
            return err_set(e, ERR_NOT_FOUND, "", "区划表中没有 %s 的街道/乡镇",
                           "the region table has no streets of %s", districts[d].code);
    }
    return 0;
}

/* "垡头街道" → "垡头": the street's name without its kind. */
static void short_name(const char *name, char *out, size_t cap)
{
    static const char *const kinds[] = {"街道", "地区", "镇", "乡"};
    str_copy(out, cap, name);
    size_t n = strlen(out);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t m = strlen(kinds[k]);
        if (n > m && strcmp(out + n - m, kinds[k]) == 0) {
            out[n - m] = '\0';
            return;
        }
    }
}

/* ===== projects =========================================================== */

struct plan {
    char code[STOCK_CODE_MAX + 1];
    int mix, district;
    size_t street;
    uint64_t seed;
};

static int plan_cmp(const void *a, const void *b)
{
    return strcmp(((const struct plan *)a)->code, ((const struct plan *)b)->code);
}

static int flush(struct buf *b, FILE *out, struct err *e)
{
    if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
        return err_set(e, ERR_IO, "", "写出失败", "write failed");
    buf_reset(b);
    return 0;
}

static void count_unit(struct demo_stock_stats *st, const struct stock_project *p,
                       const struct stock_unit *u)
{
    st->units++;
    st->units_by_programme[p->programme]++;
    st->units_by_status[u->status]++;
    st->units_by_layout[u->layout]++;
    st->accessible += u->accessible;
    if (u->area > st->max_area[p->programme]) st->max_area[p->programme] = u->area;
}

/* A unit's status in an active project of this programme. */
static enum unit_status unit_status(struct rng *r, enum programme p)
{
    static const int rental[UNIT_STATUS_COUNT] = {10, 3, 2, 80, 0, 5};
    static const int sale[UNIT_STATUS_COUNT] = {8, 3, 4, 0, 85, 0};
    return (enum unit_status)pick(r, stock_programme_sells(p) ? sale : rental, UNIT_STATUS_COUNT);
}

static int write_project(const struct plan *pl, const struct streets *s, struct buf *b, FILE *out,
                         struct demo_stock_stats *st, struct err *e)
{
    struct rng r = {pl->seed};
    const struct programme_mix *m = &mixes[pl->mix];
    const struct district *d = &districts[pl->district];
    const struct street *street = &s->all[pl->street];
    struct stock_project p = {0};
    snprintf(p.code, sizeof p.code, "%s", pl->code);
    char place[60];
    short_name(street->name, place, sizeof place);
    snprintf(p.name, sizeof p.name, "%s%s", place, m->names[range(&r, 0, 3)]);
    p.programme = m->p;
    snprintf(p.region_code, sizeof p.region_code, "%s", street->code);
    snprintf(p.address, sizeof p.address, "北京市%s%s%s %lld 号", s->district_name[pl->district],
             street->name, roads[range(&r, 0, 9)], (long long)range(&r, 1, 199));
    p.has_coords = 1;
    p.longitude = d->lon + range(&r, -d->jitter, d->jitter);
    p.latitude = d->lat + range(&r, -d->jitter * 2 / 3, d->jitter * 2 / 3);
    snprintf(p.operator_name, sizeof p.operator_name, m->operator_pattern,
             s->district_name[pl->district]);
    int building = range(&r, 0, 99) < 8; /* still under construction: all vacant */
    int sells = stock_programme_sells(m->p);
    int64_t rate = sells ? range(&r, price_lo[d->tier], price_hi[d->tier])
                         : range(&r, rent_lo[d->tier], rent_hi[d->tier]);
    if (m->p == PROG_AFFORDABLE_RENTAL) rate = rate * 3 / 2;
    static const int nbuildings_w[3] = {50, 35, 15};
    int nb = 1 + pick(&r, nbuildings_w, 3);
    st->projects++;
    st->projects_by_programme[m->p]++;
    for (int bi = 1; bi <= nb; bi++) {
        struct stock_building bl = {0};
        snprintf(bl.name, sizeof bl.name, "%d号楼", bi);
        bl.floors = range(&r, m->floors_lo, m->floors_hi);
        int per_floor = (int)range(&r, 2, 4);
        enum unit_layout layout[4];
        int64_t area[4];
        for (int k = 0; k < per_floor; k++) {
            layout[k] = (enum unit_layout)pick(&r, m->layout_weight, LAYOUT_COUNT);
            area[k] = range(&r, m->area_lo[layout[k]], m->area_hi[layout[k]]);
        }
        st->buildings++;
        for (int64_t f = 1; f <= bl.floors; f++)
            for (int k = 0; k < per_floor; k++) {
                struct stock_unit u = {0};
                snprintf(u.unit_no, sizeof u.unit_no, "%d-%02d%02d", bi, (int)f, k + 1);
                u.layout = layout[k];
                u.area = area[k];
                u.floor = f;
                u.accessible = (f == 1 && k == 0) || (f <= 3 && range(&r, 0, 29) == 0);
                int64_t amount = u.area * rate / 100; /* fen */
                if (sells)
                    u.price = (amount + 5000) / 10000 * 10000; /* whole hundreds of yuan */
                else
                    u.rent = (amount + 50) / 100 * 100; /* whole yuan */
                u.status = building ? UNIT_VACANT : unit_status(&r, m->p);
                if (stock_csv_write(b, &p, &bl, &u))
                    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                count_unit(st, &p, &u);
            }
        if (b->len > 1 << 20 && flush(b, out, e)) return -1;
    }
    return 0;
}

int demo_stock_generate(struct db *db, uint64_t seed, long projects, FILE *out,
                        struct demo_stock_stats *stats, struct err *e)
{
    struct demo_stock_stats local;
    struct demo_stock_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    if (projects < 1 || projects > DEMO_STOCK_MAX_PROJECTS)
        return err_set(e, ERR_USAGE, "projects", "项目数应为 1 至 %d",
                       "the number of projects must be 1 to %d", DEMO_STOCK_MAX_PROJECTS);
    struct streets s;
    if (load_streets(db, &s, e)) {
        free(s.all);
        return -1;
    }
    struct plan *plans = calloc((size_t)projects, sizeof *plans);
    if (!plans) {
        free(s.all);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    /* the projects' programmes and places first, numbered per programme
     * and district; then written in code order */
    struct rng r = {seed ^ UINT64_C(0x5354434B2D763031)}; /* "STCK-v01" */
    int seq[NMIXES][NDISTRICTS] = {{0}};
    int mix_w[NMIXES], district_w[NDISTRICTS];
    for (int k = 0; k < NMIXES; k++)
        mix_w[k] = mixes[k].weight;
    for (int k = 0; k < NDISTRICTS; k++)
        district_w[k] = districts[k].weight;
    for (long i = 0; i < projects; i++) {
        struct plan *pl = &plans[i];
        pl->mix = pick(&r, mix_w, NMIXES);
        pl->district = pick(&r, district_w, NDISTRICTS);
        pl->street =
            s.first[pl->district] + (size_t)range(&r, 0, (int64_t)s.count[pl->district] - 1);
        pl->seed = next(&r);
        snprintf(pl->code, sizeof pl->code, "%s-%s-%04d", mixes[pl->mix].prefix,
                 districts[pl->district].code, ++seq[pl->mix][pl->district]);
    }
    qsort(plans, (size_t)projects, sizeof *plans, plan_cmp);
    struct buf b = {0};
    int rc = -1;
    if (stock_csv_write_header(&b)) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto done;
    }
    for (long i = 0; i < projects; i++)
        if (write_project(&plans[i], &s, &b, out, st, e)) goto done;
    if (flush(&b, out, e)) goto done;
    if (fflush(out)) {
        err_set(e, ERR_IO, "", "写出失败", "write failed");
        goto done;
    }
    rc = 0;
done:
    buf_free(&b);
    free(plans);
    free(s.all);
    return rc;
}
