/* app/demo_feeds — the demo city's shared-data feeds (see demo_feeds.h and
 * docs/demo.md, "核对数据 / Shared-data feeds"). */
#include "app/demo_feeds.h"

#include "base/buf.h"
#include "base/money.h"
#include "io/csv.h"
#include "io/feed_csv.h"
#include "store/region_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct demo_plant_info demo_plants[DEMO_PLANT_COUNT] = {
    [PLANT_UNDECLARED_HOME] = {"undeclared_home", FEED_PROPERTY, 100,
                               "任一家庭：申请人名下多一套未申报的住房",
                               "any household: the applicant has a home more than declared"},
    [PLANT_UNDECLARED_VEHICLE] = {"undeclared_vehicle", FEED_VEHICLES, 100,
                                  "任一家庭：申请人名下多一辆未申报的车",
                                  "any household: the applicant has a vehicle more than declared"},
    [PLANT_LARGER_DEPOSITS] = {"larger_deposits", FEED_DEPOSITS, 100,
                               "任一家庭：申请人多一个未申报的存款账户（5–50 万元）",
                               "any household: the applicant has an undeclared account "
                               "(50,000-500,000 yuan)"},
    [PLANT_INCOME_BELOW_BASE] = {"income_below_fund_base", FEED_PROVIDENT_FUND, 300,
                                 "有公积金缴存人的家庭：其缴存基数 × 12 为申报收入的 130%–250%",
                                 "households with a provident-fund member: their base x 12 is "
                                 "130-250% of the declared income"},
    [PLANT_STATUS_UNDECLARED] = {"status_undeclared", FEED_CIVIL_AFFAIRS, 50,
                                 "未申报低保/低收入/特困的家庭：民政登记为低收入",
                                 "households declaring no assistance status: civil affairs "
                                 "registers them as low income"},
    [PLANT_STATUS_ABSENT] = {"status_absent", FEED_CIVIL_AFFAIRS, 1000,
                             "申报了低保/低收入/特困的家庭：民政登记为无",
                             "households declaring dibao, low income or tekun: civil affairs "
                             "registers none"},
    [PLANT_FEWER_SI_MONTHS] = {"fewer_si_months", FEED_SOCIAL_INSURANCE, 100,
                               "有成员社保满 24 个月的家庭：该成员的缴费月数少 12–60 个月",
                               "households with a member of 24+ social-insurance months: that "
                               "member has 12-60 months fewer"},
};

/* ===== a small generator: splitmix64 (integer only) ===================== */

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

struct frng {
    uint64_t s;
};

static uint64_t fnext(struct frng *r)
{
    return mix(r->s += UINT64_C(0x9E3779B97F4A7C15));
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static uint64_t fbelow(struct frng *r, uint64_t n)
{
    uint64_t threshold = (0 - n) % n, x;
    do
        x = fnext(r);
    while (x < threshold);
    return x % n;
}

/* Uniform in [lo, hi]. */
static int64_t frange(struct frng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) return lo;
    return lo + (int64_t)fbelow(r, (uint64_t)(hi - lo) + 1);
}

static int fchance(struct frng *r, int per10k)
{
    return (int)fbelow(r, 10000) < per10k;
}

/* The household's own stream, and whether it gets planted discrepancy kind:
 * both depend on (seed, household number) only. */
static struct frng household_rng(uint64_t seed, long no)
{
    struct frng r = {mix(seed ^ UINT64_C(0x6665656473)) ^ mix((uint64_t)no)};
    return r;
}

static int planted(uint64_t seed, long no, enum demo_plant kind)
{
    uint64_t h = mix(mix(seed + UINT64_C(0x706c616e74)) ^ ((uint64_t)no << 8) ^ (uint64_t)kind);
    return (int)(h % 10000) < demo_plants[kind].per10k;
}

/* ===== names ============================================================ */

/* Invented institutions: none is meant to name a real bank or company. */
static const char *const banks[] = {
    "京华商业银行", "北辰农村商业银行", "安平储蓄银行", "华信银行", "燕山银行", "长安商业银行",
};
static const char *const brokers[] = {"京华证券", "北辰证券", "华信证券", "燕山证券"};
static const char *const insurers[] = {"安平人寿保险", "京华人寿保险", "华信人寿保险",
                                       "长安人寿保险"};
static const char *const compounds[] = {"幸福家园", "和平里小区", "阳光花园",
                                        "金色家园", "望月小区",   "康居苑"};
static const char plate_letters[] = "ABCEFGHJKLMNPQY";
static const char plate_chars[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ===== the writer ======================================================= */

struct district_name {
    char code[7];
    char name[64 * 3];
};

struct fgen {
    uint64_t seed;
    struct buf out[FEED_COUNT], manifest;
    FILE **files, *planted;
    struct district_name *districts;
    size_t ndistricts;
    struct demo_feeds_stats *st;
    int oom;
};

static void emit(struct fgen *g, const struct feed_record *r)
{
    if (feed_csv_write(&g->out[r->source], r)) g->oom = 1;
    g->st->rows[r->source]++;
}

static void record(struct feed_record *r, enum feed_source src, const struct member *m)
{
    memset(r, 0, sizeof *r);
    r->source = src;
    memcpy(r->id_number, m->id_number, sizeof r->id_number);
    memcpy(r->name, m->name, sizeof r->name);
}

static void plant_note(struct fgen *g, const struct household *h, const struct member *m,
                       enum demo_plant kind, const char *declared, const char *found)
{
    const char *f[6] = {
        h->household_no,        m->id_number, feed_source_names[demo_plants[kind].source].code,
        demo_plants[kind].code, declared,     found};
    if (csv_write_row(&g->manifest, f, 6)) g->oom = 1;
    g->st->planted[kind]++;
}

/* Splits total into n parts that add up to it exactly. */
static void split(struct frng *r, int64_t total, int n, int64_t *parts)
{
    int64_t left = total;
    for (int i = 0; i < n - 1; i++) {
        parts[i] = left * frange(r, 30, 70) / 100;
        left -= parts[i];
    }
    parts[n - 1] = left;
}

static int64_t income12(const struct member *m)
{
    int64_t t = 0;
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        t += m->income[k];
    return t;
}

static int is_gig(const char *employer)
{
    return strncmp(employer, "个体", strlen("个体")) == 0 ||
           strncmp(employer, "灵活就业", strlen("灵活就业")) == 0;
}

static void property_row(struct fgen *g, struct frng *r, const struct household *h, int i, int k,
                         const char *address, int64_t area, int64_t value)
{
    const struct member *m = &h->members[i];
    struct feed_record rec;
    record(&rec, FEED_PROPERTY, m);
    long no = atol(h->household_no + 4);
    int year = (int)frange(r, 2003, 2025);
    snprintf(rec.key, sizeof rec.key, "京(%d)不动产权第%07ld号", year,
             (no * 7 + i * 3 + k) % 10000000);
    snprintf(rec.label, sizeof rec.label, "%s", address);
    rec.area = area;
    rec.amount = value;
    rec.has_amount = 1;
    emit(g, &rec);
}

/* An address somewhere in the city, for homes other than the one lived in. */
static void other_address(struct fgen *g, struct frng *r, char *out, size_t cap)
{
    const struct district_name *d = &g->districts[fbelow(r, g->ndistricts)];
    const char *c = compounds[fbelow(r, COUNT(compounds))];
    int bldg = (int)frange(r, 1, 30), unit = (int)frange(r, 1, 6);
    int room = (int)frange(r, 1, 18) * 100 + (int)frange(r, 1, 4);
    snprintf(out, cap, "北京市%s%s%d号楼%d单元%d", d->name, c, bldg, unit, room);
}

static void vehicle_row(struct fgen *g, struct frng *r, const struct member *m, int k,
                        int64_t value)
{
    struct feed_record rec;
    record(&rec, FEED_VEHICLES, m);
    char plate[6];
    for (int c = 0; c < 4; c++)
        plate[c] = plate_chars[fbelow(r, sizeof plate_chars - 1)];
    plate[4] = (char)('0' + k); /* distinct for each vehicle of a person */
    plate[5] = '\0';
    snprintf(rec.key, sizeof rec.key, "京%c·%s", plate_letters[fbelow(r, sizeof plate_letters - 1)],
             plate);
    rec.amount = value;
    rec.has_amount = 1;
    emit(g, &rec);
}

static void account_row(struct fgen *g, enum feed_source src, const struct member *m,
                        const char *label, const char *key, int64_t amount)
{
    struct feed_record rec;
    record(&rec, src, m);
    snprintf(rec.label, sizeof rec.label, "%s", label);
    snprintf(rec.key, sizeof rec.key, "%s", key);
    rec.amount = amount;
    rec.has_amount = 1;
    emit(g, &rec);
}

static void one_household(struct fgen *g, const struct household *h)
{
    long no = atol(h->household_no + 4);
    struct frng rr = household_rng(g->seed, no), *r = &rr;
    char a[32], b[32], key[FEED_KEY_MAX + 1], addr[FEED_LABEL_MAX + 1];
    const struct member *app = &h->members[0];

    /* civil affairs: every member, with the household's status */
    enum civil_status status = CIVIL_NONE;
    if (h->priority & (1u << PRI_DIBAO)) status = CIVIL_DIBAO;
    if (h->priority & (1u << PRI_LOW_INCOME)) status = CIVIL_LOW_INCOME;
    if (h->priority & (1u << PRI_TEKUN)) status = CIVIL_TEKUN;
    enum civil_status found = status;
    if (status != CIVIL_NONE && planted(g->seed, no, PLANT_STATUS_ABSENT)) {
        found = CIVIL_NONE;
        plant_note(g, h, app, PLANT_STATUS_ABSENT, civil_status_names[status].code, "none");
    } else if (status == CIVIL_NONE && planted(g->seed, no, PLANT_STATUS_UNDECLARED)) {
        found = CIVIL_LOW_INCOME;
        plant_note(g, h, app, PLANT_STATUS_UNDECLARED, "none", "low_income");
    }
    for (int i = 0; i < h->nmembers; i++) {
        struct feed_record rec;
        record(&rec, FEED_CIVIL_AFFAIRS, &h->members[i]);
        rec.status = found;
        if (found != CIVIL_NONE) { /* assessed when assistance is granted */
            rec.has_amount = 1;
            rec.amount = income12(&h->members[i]);
        }
        emit(g, &rec);
    }

    /* property: the declared homes, split evenly; maybe one more */
    for (int i = 0; i < h->nmembers; i++) {
        const struct member_assets *x = &h->members[i].assets;
        int n = (int)x->home_count;
        for (int k = 0; k < n; k++) {
            int64_t area = x->home_area / n + (k == n - 1 ? x->home_area % n : 0);
            int64_t value = x->home_value / n + (k == n - 1 ? x->home_value % n : 0);
            if (i == 0 && k == 0 && h->housing_tenure == TEN_OWNED)
                snprintf(addr, sizeof addr, "%s", h->housing_address);
            else
                other_address(g, r, addr, sizeof addr);
            property_row(g, r, h, i, k, addr, area, value);
        }
    }
    if (planted(g->seed, no, PLANT_UNDECLARED_HOME)) {
        int64_t area = frange(r, 4000, 9000);
        int64_t value = area * frange(r, 20000, 60000); /* 0.01 m2 x yuan/m2 = fen */
        other_address(g, r, addr, sizeof addr);
        property_row(g, r, h, 0, (int)app->assets.home_count, addr, area, value);
        snprintf(a, sizeof a, "%lld", (long long)app->assets.home_count);
        snprintf(b, sizeof b, "%lld", (long long)app->assets.home_count + 1);
        plant_note(g, h, app, PLANT_UNDECLARED_HOME, a, b);
    }

    /* vehicles */
    for (int i = 0; i < h->nmembers; i++) {
        const struct member_assets *x = &h->members[i].assets;
        int n = (int)x->vehicle_count;
        int64_t parts[8];
        if (n <= 0 || n > 8) continue;
        split(r, x->vehicle_value, n, parts);
        for (int k = 0; k < n; k++)
            vehicle_row(g, r, &h->members[i], k, parts[k]);
    }
    if (planted(g->seed, no, PLANT_UNDECLARED_VEHICLE)) {
        vehicle_row(g, r, app, (int)app->assets.vehicle_count, frange(r, 30000, 250000) * 100);
        snprintf(a, sizeof a, "%lld", (long long)app->assets.vehicle_count);
        snprintf(b, sizeof b, "%lld", (long long)app->assets.vehicle_count + 1);
        plant_note(g, h, app, PLANT_UNDECLARED_VEHICLE, a, b);
    }

    /* social insurance: the declared months; maybe fewer for one member */
    int fewer = -1;
    if (planted(g->seed, no, PLANT_FEWER_SI_MONTHS))
        for (int i = 0; i < h->nmembers && fewer < 0; i++)
            if (h->members[i].social_insurance_months >= 24) fewer = i;
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        if (m->social_insurance_months <= 0) continue;
        struct feed_record rec;
        record(&rec, FEED_SOCIAL_INSURANCE, m);
        snprintf(rec.label, sizeof rec.label, "%s", m->employer);
        snprintf(rec.region_code, sizeof rec.region_code, "%s", m->work_region_code);
        rec.months = m->social_insurance_months;
        if (i == fewer) {
            int64_t most = rec.months < 60 ? rec.months : 60;
            rec.months -= frange(r, 12, most);
            snprintf(a, sizeof a, "%lld", (long long)m->social_insurance_months);
            snprintf(b, sizeof b, "%lld", (long long)rec.months);
            plant_note(g, h, m, PLANT_FEWER_SI_MONTHS, a, b);
        }
        emit(g, &rec);
    }

    /* provident fund: most employees; base x 12 within the declared income */
    int fund_planted = planted(g->seed, no, PLANT_INCOME_BELOW_BASE);
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        int64_t income = income12(m);
        if (!m->employer[0] || is_gig(m->employer) || income < 1200 * 100) continue;
        if (!fchance(r, 8500)) continue;
        struct feed_record rec;
        record(&rec, FEED_PROVIDENT_FUND, m);
        snprintf(rec.key, sizeof rec.key, "GJ%010ld%02d", no, i + 1);
        snprintf(rec.label, sizeof rec.label, "%s", m->employer);
        snprintf(rec.region_code, sizeof rec.region_code, "%s", m->work_region_code);
        int64_t base = income / 12 * frange(r, 60, 100) / 100;
        rec.amount = base - base % 100; /* whole yuan, rounded down: x 12 <= income */
        if (fund_planted) {
            fund_planted = 0;
            base = income / 12 * frange(r, 130, 250) / 100;
            rec.amount = (base + 99) / 100 * 100; /* rounded up */
            money_format(income, a);
            money_format(rec.amount * 12, b);
            plant_note(g, h, m, PLANT_INCOME_BELOW_BASE, a, b);
        }
        rec.has_amount = 1;
        emit(g, &rec);
    }

    /* deposits: one to three accounts adding up to the declaration */
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        if (m->assets.deposits <= 0) continue;
        int n = 1 + (fchance(r, 4000) ? 1 : 0) + (fchance(r, 2500) ? 1 : 0);
        int64_t parts[3];
        split(r, m->assets.deposits, n, parts);
        int bank = (int)fbelow(r, COUNT(banks));
        for (int k = 0; k < n; k++) {
            int bk = (bank + k) % COUNT(banks);
            snprintf(key, sizeof key, "62%02d%010ld%02d%d", bk, no, i + 1, k);
            account_row(g, FEED_DEPOSITS, m, banks[bk], key, parts[k]);
        }
    }
    if (planted(g->seed, no, PLANT_LARGER_DEPOSITS)) {
        int bk = (int)fbelow(r, COUNT(banks));
        int64_t extra = frange(r, 50000, 500000) * 100;
        snprintf(key, sizeof key, "62%02d%010ld%02d9", bk, no, 1);
        account_row(g, FEED_DEPOSITS, app, banks[bk], key, extra);
        money_format(app->assets.deposits, a);
        money_format(app->assets.deposits + extra, b);
        plant_note(g, h, app, PLANT_LARGER_DEPOSITS, a, b);
    }

    /* securities and insurance: as declared */
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        if (m->assets.securities > 0) {
            int n = fchance(r, 2000) ? 2 : 1;
            int64_t parts[2];
            split(r, m->assets.securities, n, parts);
            int first = (int)fbelow(r, COUNT(brokers));
            for (int k = 0; k < n; k++) {
                snprintf(key, sizeof key, "S%010ld%02d%d", no, i + 1, k);
                account_row(g, FEED_SECURITIES, m, brokers[(first + k) % COUNT(brokers)], key,
                            parts[k]);
            }
        }
        if (m->assets.insurance > 0) {
            snprintf(key, sizeof key, "P%010ld%02d", no, i + 1);
            account_row(g, FEED_INSURANCE, m, insurers[fbelow(r, COUNT(insurers))], key,
                        m->assets.insurance);
        }
    }
}

/* Writes out whatever the buffers hold (all of it when `all`, else only
 * full ones). -1 on a write error. */
static int flush(struct fgen *g, int all)
{
    for (int s = 0; s < FEED_COUNT; s++) {
        struct buf *b = &g->out[s];
        if (!b->len || (!all && b->len < (1u << 20))) continue;
        if (fwrite(b->data, 1, b->len, g->files[s]) != b->len) return -1;
        buf_reset(b);
    }
    if (g->planted && g->manifest.len && (all || g->manifest.len >= (1u << 20))) {
        if (fwrite(g->manifest.data, 1, g->manifest.len, g->planted) != g->manifest.len) return -1;
        buf_reset(&g->manifest);
    }
    return 0;
}

int demo_feeds_write(struct db *db, uint64_t seed, long households, FILE *out[FEED_COUNT],
                     FILE *planted_out, struct demo_feeds_stats *stats, struct err *e)
{
    if (households < 1 || households > DEMO_MAX_HOUSEHOLDS)
        return err_set(e, ERR_USAGE, "households", "户数应在 1 至 %d 之间",
                       "the number of households must be 1 to %d", DEMO_MAX_HOUSEHOLDS);
    struct demo_feeds_stats local;
    struct fgen g = {
        .seed = seed, .files = out, .planted = planted_out, .st = stats ? stats : &local};
    memset(g.st, 0, sizeof *g.st);
    struct demo *d = NULL;
    struct household *h = malloc(sizeof *h);
    struct region *list = NULL;
    int rc = -1;
    if (!h) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto done;
    }
    if (region_store_list(db, NULL, "district", &list, &g.ndistricts, e)) goto done;
    g.districts = calloc(g.ndistricts ? g.ndistricts : 1, sizeof *g.districts);
    if (!g.districts) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < g.ndistricts; i++) {
        snprintf(g.districts[i].code, sizeof g.districts[i].code, "%.6s", list[i].code);
        snprintf(g.districts[i].name, sizeof g.districts[i].name, "%s", list[i].name);
    }
    if (demo_new(&d, db, seed, e)) goto done;
    for (int s = 0; s < FEED_COUNT; s++)
        if (feed_csv_write_header(&g.out[s], (enum feed_source)s)) g.oom = 1;
    static const char *const manifest_cols[] = {"household_no", "id_number", "source",
                                                "kind",         "declared",  "found"};
    if (csv_write_row(&g.manifest, manifest_cols, 6)) g.oom = 1;
    for (long i = 0; i < households && !g.oom; i++) {
        if (demo_next(d, h, e)) goto done;
        one_household(&g, h);
        g.st->households++;
        g.st->members += h->nmembers;
        if (flush(&g, 0)) goto io;
    }
    if (g.oom) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto done;
    }
    if (flush(&g, 1)) goto io;
    for (int s = 0; s < FEED_COUNT; s++)
        if (fflush(out[s])) goto io;
    if (planted_out && fflush(planted_out)) goto io;
    rc = 0;
    goto done;
io:
    err_set(e, ERR_IO, "", "写出核对数据失败：%s", "writing the feeds failed: %s", strerror(errno));
done:
    for (int s = 0; s < FEED_COUNT; s++)
        buf_free(&g.out[s]);
    buf_free(&g.manifest);
    free(g.districts);
    free(list);
    free(h);
    demo_free(d);
    return rc;
}

int demo_feeds_generate(struct db *db, uint64_t seed, long households, const char *dir,
                        struct demo_feeds_stats *stats, struct err *e)
{
    if (mkdir(dir, 0777) && errno != EEXIST)
        return err_set(e, ERR_IO, "out", "无法创建目录 %s：%s", "cannot create directory %s: %s",
                       dir, strerror(errno));
    FILE *out[FEED_COUNT] = {0}, *planted_out = NULL;
    char path[4096];
    int rc = -1;
    for (int s = 0; s <= FEED_COUNT; s++) {
        const char *name = s < FEED_COUNT ? feed_source_names[s].code : NULL;
        if (name)
            snprintf(path, sizeof path, "%s/%s.csv", dir, name);
        else
            snprintf(path, sizeof path, "%s/%s", dir, DEMO_FEEDS_PLANTED);
        FILE *f = fopen(path, "wb");
        if (!f) {
            err_set(e, ERR_IO, "out", "无法创建 %s：%s", "cannot create %s: %s", path,
                    strerror(errno));
            goto done;
        }
        if (s < FEED_COUNT)
            out[s] = f;
        else
            planted_out = f;
    }
    rc = demo_feeds_write(db, seed, households, out, planted_out, stats, e);
done:
    for (int s = 0; s < FEED_COUNT; s++)
        if (out[s] && fclose(out[s]) && rc == 0)
            rc = err_set(e, ERR_IO, "out", "写入 %s 失败", "writing %s failed", dir);
    if (planted_out && fclose(planted_out) && rc == 0)
        rc = err_set(e, ERR_IO, "out", "写入 %s 失败", "writing %s failed", dir);
    return rc;
}
