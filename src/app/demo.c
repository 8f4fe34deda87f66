/* app/demo — the synthetic-Beijing household generator (see demo.h and
 * docs/demo.md for the figures and why they were chosen). */
#include "app/demo.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/idnum.h"
#include "io/household_csv.h"
#include "store/region_store.h"

#include <stdlib.h>
#include <string.h>

/* ===== PRNG: splitmix64 seeds xoshiro256** (integer only) =============== */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

struct rng {
    uint64_t s[4];
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static uint64_t below(struct rng *r, uint64_t n)
{
    uint64_t threshold = (0 - n) % n; /* 2^64 mod n */
    uint64_t x;
    do
        x = rng_next(r);
    while (x < threshold);
    return x % n;
}

/* Uniform in [lo, hi] (inclusive); lo when hi < lo. */
static int64_t range(struct rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) return lo;
    return lo + (int64_t)below(r, (uint64_t)(hi - lo) + 1);
}

/* An amount in fen: whole yuan in [lo, hi] plus 0-99 fen, drawn in that
 * order. (Two draws in one expression would be unsequenced: C leaves the
 * order to the compiler, and gcc and clang differ. Every draw here is its
 * own statement or is sequenced by ?:, && or ||.) */
static int64_t fen_between(struct rng *r, int64_t lo, int64_t hi)
{
    int64_t yuan = range(r, lo, hi);
    return yuan * 100 + range(r, 0, 99);
}

/* True with probability per10k / 10,000. */
static int chance(struct rng *r, int per10k)
{
    return (int)below(r, 10000) < per10k;
}

/* Index drawn with the given integer weights. */
static int pick(struct rng *r, const int *w, int n)
{
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        total += (uint64_t)w[i];
    uint64_t x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < (uint64_t)w[i]) return i;
        x -= (uint64_t)w[i];
    }
    return n - 1;
}

/* Piecewise-linear inverse CDF: p in parts per million (first 0, last
 * 1,000,000), v the value at that quantile. */
struct qpoint {
    int p;
    int64_t v;
};

static int64_t quantile(struct rng *r, const struct qpoint *q, int n)
{
    int64_t u = (int64_t)below(r, 1000000);
    for (int i = 0; i + 1 < n; i++)
        if (u < q[i + 1].p)
            return q[i].v + (q[i + 1].v - q[i].v) * (u - q[i].p) / (q[i + 1].p - q[i].p);
    return q[n - 1].v;
}

/* ===== reference tables ================================================== */

/* Resident population by district, 7th national census (2020-11-01),
 * Beijing bulletin no. 2; and a rough weight of where jobs are (for the
 * work place of members who do not work in their home district). */
static const struct {
    const char *code;
    long population;
    int jobs;
} districts[] = {
    {"110101", 708829, 70},   /* 东城 */
    {"110102", 1106214, 90},  /* 西城 */
    {"110105", 3452460, 200}, /* 朝阳 */
    {"110106", 2019764, 70},  /* 丰台 */
    {"110107", 567851, 30},   /* 石景山 */
    {"110108", 3133469, 190}, /* 海淀 */
    {"110109", 392606, 10},   /* 门头沟 */
    {"110111", 1312778, 30},  /* 房山 */
    {"110112", 1840295, 50},  /* 通州 */
    {"110113", 1324044, 60},  /* 顺义 */
    {"110114", 2269487, 60},  /* 昌平 */
    {"110115", 1993591, 70},  /* 大兴 (with most of 经开区) */
    {"110116", 441040, 15},   /* 怀柔 */
    {"110117", 457313, 10},   /* 平谷 */
    {"110118", 527683, 12},   /* 密云 */
    {"110119", 345671, 8},    /* 延庆 */
};
enum { NDISTRICTS = sizeof districts / sizeof districts[0] };

/* Where Beijing's residents without a Beijing hukou come from: provinces
 * weighted roughly as in the census migrant tables (Hebei, Henan and
 * Shandong first), each with a few real county-level codes (GB/T 2260,
 * 2023). One of them is the ID address code and hukou of such a person. */
static const struct {
    int weight;
    const char *codes[27];
} provinces[] = {
    {23,
     {"130102", "130104", "130181", "130203", "130208", "130229", "130302", "130402", "130425",
      "130503", "130529", "130602", "130606", "130627", "130632", "130681", "130682", "130702",
      "130726", "130802", "130902", "130984", "131002", "131082", "131102", "131127"}}, /* 河北 */
    {13,
     {"410102", "410105", "410302", "410402", "410522", "410526", "410702", "411302", "411381",
      "411402", "411502", "411525", "411602", "411627", "411702"}}, /* 河南 */
    {9,
     {"370102", "370202", "370302", "370702", "370811", "371302", "371321", "371402", "371502",
      "371702", "371722"}},                                                      /* 山东 */
    {5, {"230102", "230103", "230202", "230602", "230183", "231281", "231084"}}, /* 黑龙江 */
    {5, {"340102", "340104", "341202", "341221", "341302", "341322", "340302"}}, /* 安徽 */
    {4, {"140105", "140106", "140213", "140702", "140802", "141002", "140902"}}, /* 山西 */
    {4, {"150102", "150105", "150203", "150402", "150502", "150902"}},           /* 内蒙古 */
    {4,
     {"210102", "210106", "210202", "210302", "210402", "210702", "211302", "211224"}}, /* 辽宁 */
    {3, {"220102", "220104", "220202", "220182", "222401"}},                            /* 吉林 */
    {4, {"420102", "420106", "420902", "421102", "421181", "429004"}},                  /* 湖北 */
    {4, {"510104", "510107", "511302", "510722"}},                                      /* 四川 */
    {3, {"320102", "320303", "320322", "320382", "321302", "321322"}},                  /* 江苏 */
    {3, {"120101", "120104", "120110", "120114", "120116"}},                            /* 天津 */
    {3, {"430102", "430602", "431322"}},                                                /* 湖南 */
    {2, {"610102", "610113"}},                                                          /* 陕西 */
    {2, {"360102", "360731", "361128"}},                                                /* 江西 */
    {2, {"500101", "500103", "500235"}},                                                /* 重庆 */
    {1, {"620102"}},                                                                    /* 甘肃 */
    {1, {"330106", "330302", "330782"}},                                                /* 浙江 */
    {1, {"350102", "350582"}},                                                          /* 福建 */
    {1, {"440106", "440304"}},                                                          /* 广东 */
};
enum { NPROVINCES = sizeof provinces / sizeof provinces[0] };

/* Common surnames with their approximate share (per mille of the
 * population, national name statistics). */
static const struct {
    const char *name;
    int w;
} surnames[] = {
    {"王", 71},  {"李", 70},  {"张", 68}, {"刘", 54}, {"陈", 46}, {"杨", 31}, {"赵", 23},
    {"黄", 21},  {"周", 19},  {"吴", 19}, {"徐", 15}, {"孙", 15}, {"马", 13}, {"胡", 12},
    {"朱", 12},  {"郭", 12},  {"何", 11}, {"高", 12}, {"林", 10}, {"罗", 9},  {"郑", 9},
    {"梁", 9},   {"谢", 8},   {"宋", 8},  {"唐", 7},  {"许", 7},  {"韩", 8},  {"冯", 6},
    {"邓", 6},   {"曹", 6},   {"彭", 6},  {"曾", 5},  {"肖", 6},  {"田", 6},  {"董", 6},
    {"袁", 5},   {"潘", 5},   {"于", 6},  {"蒋", 5},  {"蔡", 5},  {"余", 5},  {"杜", 5},
    {"叶", 4},   {"程", 4},   {"苏", 4},  {"魏", 5},  {"吕", 4},  {"丁", 4},  {"任", 4},
    {"沈", 4},   {"姚", 4},   {"卢", 4},  {"姜", 5},  {"崔", 5},  {"钟", 3},  {"谭", 3},
    {"陆", 3},   {"汪", 3},   {"范", 3},  {"金", 3},  {"石", 3},  {"廖", 3},  {"贾", 4},
    {"夏", 3},   {"韦", 3},   {"付", 3},  {"方", 3},  {"白", 3},  {"邹", 3},  {"孟", 3},
    {"熊", 3},   {"秦", 3},   {"邱", 3},  {"江", 3},  {"尹", 3},  {"薛", 3},  {"闫", 3},
    {"段", 3},   {"雷", 3},   {"侯", 3},  {"龙", 2},  {"史", 3},  {"常", 2},  {"牛", 2},
    {"欧阳", 1}, {"司马", 1},
};
enum { NSURNAMES = sizeof surnames / sizeof surnames[0] };

/* Given names by generation (born before 1970, 1970-1989, 1990-2009, 2010
 * on) and sex; each entry is a complete given name of 1 or 2 characters. */
static const char *const given_m[4][24] = {
    {"建国", "建军", "国庆", "卫东", "志强", "永刚", "国华", "德明", "振华", "文革", "红军", "保国",
     "福生", "长春", "金山", "宝林", "树林", "玉成", "春生", "广明", "庆",   "军",   "明",   "华"},
    {"伟",   "强",   "磊",   "军",   "勇",   "涛",   "斌",   "刚",
     "辉",   "鹏",   "海涛", "建华", "立新", "晓东", "志刚", "永强",
     "俊杰", "国强", "海波", "立伟", "东升", "宏伟", "建伟", "晓军"},
    {"浩",   "宇",   "杰",   "鑫",   "磊",   "凯",   "帅",   "超",
     "鹏飞", "浩然", "子豪", "宇航", "明轩", "文博", "家豪", "思远",
     "天宇", "俊峰", "博文", "嘉伟", "志远", "一鸣", "晨阳", "泽宇"},
    {"子轩", "浩宇", "宇轩", "梓睿", "俊熙", "沐阳", "一诺", "奕辰",
     "子墨", "宇泽", "皓轩", "承泽", "睿",   "铭",   "浩然", "博宇",
     "子航", "锦程", "嘉懿", "思源", "瑞霖", "辰逸", "煜祺", "明哲"},
};
static const char *const given_f[4][24] = {
    {"秀英", "桂英", "玉兰", "秀兰", "淑珍", "凤英", "玉珍", "淑英", "桂兰", "秀珍", "兰英", "素芬",
     "玉梅", "淑兰", "丽华", "红梅", "秀荣", "桂芳", "玉英", "春兰", "芳",   "英",   "华",   "珍"},
    {"芳",   "娜",   "敏",   "静",   "丽",   "艳",   "娟",   "霞",
     "丽娟", "海燕", "春燕", "晓红", "红霞", "丽萍", "雪梅", "晓燕",
     "秀梅", "桂香", "丽娜", "艳红", "建红", "小红", "玉霞", "凤霞"},
    {"婷",   "雪",   "颖",   "琳",   "晶",   "倩",   "丹",   "璐",
     "佳琪", "雨欣", "思雨", "梦瑶", "欣然", "慧敏", "晓雪", "佳怡",
     "雅婷", "诗雨", "文静", "舒婷", "雨婷", "心怡", "梦洁", "嘉欣"},
    {"梓涵", "欣怡", "一诺", "雨桐", "诗涵", "子涵", "可馨", "梦琪",
     "语桐", "若汐", "沐瑶", "依诺", "悦",   "彤",   "欣妍", "紫涵",
     "思彤", "梓萱", "芷若", "嘉怡", "诗琪", "雨萱", "可欣", "佳宁"},
};

/* Invented employer names of the kinds applicants work for; "%s" is the
 * work district's name. None is meant to name a real company. */
static const char *const employers_district[] = {
    "北京市%s环境卫生服务中心",     "北京市%s社区卫生服务中心", "北京市%s园林绿化服务中心",
    "北京市%s城市管理综合服务中心", "北京市%s第二幼儿园",       "北京市%s养老照料中心",
};
static const char *const employers_company[] = {
    "北京京安物业管理有限公司",     "北京顺捷快递服务有限公司",     "北京美厨餐饮管理有限公司",
    "北京华宇保安服务有限公司",     "北京康宁家政服务有限公司",     "北京恒信建筑劳务有限公司",
    "北京新程汽车服务有限公司",     "北京优选超市连锁有限公司",     "北京博文教育科技有限公司",
    "北京中科云数信息技术有限公司", "北京城南机电设备安装有限公司", "北京安泰医药连锁有限公司",
    "北京速达同城配送有限公司",     "北京金盾保洁服务有限公司",     "北京盛世酒店管理有限公司",
    "北京鑫源商贸有限公司",         "北京华康养老服务有限公司",     "北京通达出租汽车有限公司",
};
static const char *const employers_gig[] = {
    "个体经营",
    "灵活就业（网约车司机）",
    "灵活就业（外卖配送）",
    "灵活就业（家政服务）",
    "个体工商户（小吃店）",
    "灵活就业（装修零工）",
};

/* Mobile prefixes in use by the three carriers. */
static const char *const phone_prefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
};

static const char *const compound_suffix[] = {"北里", "南里", "东里", "西里", "小区",
                                              "家园", "新村", "嘉园", "西街", "东路"};
static const char *const village_suffix[] = {"东", "西", "南", "北", "前", "后", "中"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ===== distributions (weights per 10,000 unless said otherwise) ========== */

/* Monthly gross wage of an employed member, yuan. */
static const struct qpoint wage_q[] = {
    {0, 2540},       {50000, 2800},   {150000, 3300},   {300000, 4100},
    {500000, 5300},  {700000, 6900},  {850000, 8800},   {930000, 11000},
    {980000, 16000}, {995000, 25000}, {1000000, 40000},
};
/* Monthly income of a flexible worker in a month with work, yuan. */
static const struct qpoint flex_q[] = {
    {0, 800}, {200000, 1600}, {500000, 2800}, {800000, 4500}, {950000, 7000}, {1000000, 12000},
};
/* Monthly employee pension, yuan. */
static const struct qpoint pension_q[] = {
    {0, 2100}, {200000, 3000}, {500000, 3900}, {800000, 4800}, {950000, 6000}, {1000000, 8500},
};

enum econ { ECON_NORMAL, ECON_LOW, ECON_DIBAO, ECON_TEKUN };

enum status {
    ST_CHILD,     /* under 16 */
    ST_STUDENT,   /* no income */
    ST_EMPLOYED,  /* wage */
    ST_FLEX,      /* irregular monthly income */
    ST_UNEMP,     /* no income now, maybe some months earlier */
    ST_HOMEMAKER, /* no income */
    ST_PENSION,   /* employee pension */
    ST_RESIDENT,  /* urban-rural resident pension */
    ST_NONE,      /* no income (e.g. elderly without pension) */
};

/* ===== the generator ===================================================== */

struct demo_district {
    char code[7];
    char name[64 * 3];
    long population;
    int jobs;
    size_t first, nstreets; /* its streets in demo.streets */
};

struct demo_street {
    char code[13];
    char name[64 * 3];
    char stem[64 * 3]; /* the name without 街道 / 地区 / 镇 / 乡 */
    int town;          /* 1 for 镇 / 乡: villages as well as compounds */
    int district;      /* index into demo.districts */
};

enum {
    DAY0_YEAR = 1935,   /* earliest birth year the ID cells cover */
    SEQ_PER_CELL = 499, /* sequence codes per (address, date, sex) */
    MAX_AGE = 85,
};

struct demo {
    struct rng rng;
    uint64_t cell_salt;
    struct demo_district d[NDISTRICTS];
    int nd; /* districts that have streets */
    struct demo_street *streets;
    size_t nstreets;
    /* ID address codes: the 16 districts, then every province code */
    int naddr;
    char (*addr)[7];
    int addr_province_first; /* index of the first non-Beijing code */
    int prov_first[NPROVINCES], prov_n[NPROVINCES];
    long day0, ref_days, ndays;
    long age_lo[MAX_AGE + 1], age_hi[MAX_AGE + 1]; /* birth-day window per age */
    uint16_t *cells;
    long next_no;
    struct demo_stats stats;
};

static void strip_suffix(char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n > k && strcmp(s + n - k, suffix) == 0) s[n - k] = '\0';
}

int demo_new(struct demo **out, struct db *db, uint64_t seed, struct err *e)
{
    *out = NULL;
    struct demo *g = calloc(1, sizeof *g);
    if (!g) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++)
        g->rng.s[i] = splitmix64(&sm);
    g->cell_salt = splitmix64(&sm);

    struct region *dl = NULL, *sl = NULL;
    size_t ndl = 0, nsl = 0;
    if (region_store_list(db, NULL, "district", &dl, &ndl, e) ||
        region_store_list(db, NULL, "street", &sl, &nsl, e))
        goto fail;
    g->streets = calloc(nsl ? nsl : 1, sizeof *g->streets);
    if (!g->streets) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    for (int k = 0; k < NDISTRICTS; k++) {
        struct demo_district *dd = &g->d[g->nd];
        memset(dd, 0, sizeof *dd);
        snprintf(dd->code, sizeof dd->code, "%s", districts[k].code);
        dd->population = districts[k].population;
        dd->jobs = districts[k].jobs;
        for (size_t i = 0; i < ndl; i++)
            if (strcmp(dl[i].code, dd->code) == 0)
                snprintf(dd->name, sizeof dd->name, "%s", dl[i].name);
        dd->first = g->nstreets;
        for (size_t i = 0; i < nsl; i++) {
            if (strcmp(sl[i].parent_code, dd->code) != 0 || strlen(sl[i].code) != 9) continue;
            struct demo_street *st = &g->streets[g->nstreets++];
            snprintf(st->code, sizeof st->code, "%s", sl[i].code);
            snprintf(st->name, sizeof st->name, "%s", sl[i].name);
            snprintf(st->stem, sizeof st->stem, "%s", sl[i].name);
            st->town = strcmp(sl[i].kind, "镇") == 0 || strcmp(sl[i].kind, "乡") == 0;
            strip_suffix(st->stem, "街道");
            strip_suffix(st->stem, "地区");
            strip_suffix(st->stem, "镇");
            strip_suffix(st->stem, "乡");
            strip_suffix(st->stem, "回族");
            strip_suffix(st->stem, "满族");
            strip_suffix(st->stem, "蒙古族");
            st->district = g->nd;
        }
        dd->nstreets = g->nstreets - dd->first;
        if (dd->nstreets && dd->name[0])
            g->nd++;
        else
            g->nstreets = dd->first; /* a district without streets is skipped */
    }
    free(dl);
    free(sl);
    dl = sl = NULL;
    if (g->nd == 0) {
        err_set(e, ERR_NOT_FOUND, "region",
                "区划表中没有北京市各区的街道/乡镇，无法生成演示数据（请先执行 anju migrate up）",
                "the region table has no streets of Beijing's districts: cannot generate demo "
                "data (run anju migrate up first)");
        goto fail;
    }

    /* ID address codes: all 16 district codes (even one the table lacks) */
    int naddr = NDISTRICTS;
    for (int p = 0; p < NPROVINCES; p++)
        for (int c = 0; c < 27 && provinces[p].codes[c]; c++)
            naddr++;
    g->addr = calloc((size_t)naddr, sizeof *g->addr);
    if (!g->addr) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    for (int k = 0; k < NDISTRICTS; k++)
        snprintf(g->addr[k], 7, "%s", districts[k].code);
    g->naddr = NDISTRICTS;
    g->addr_province_first = NDISTRICTS;
    for (int p = 0; p < NPROVINCES; p++) {
        g->prov_first[p] = g->naddr;
        for (int c = 0; c < 27 && provinces[p].codes[c]; c++)
            snprintf(g->addr[g->naddr++], 7, "%s", provinces[p].codes[c]);
        g->prov_n[p] = g->naddr - g->prov_first[p];
    }

    char buf[32];
    snprintf(buf, sizeof buf, "%d-01-01", DAY0_YEAR);
    g->day0 = date_to_days(buf);
    g->ref_days = date_to_days(DEMO_REFERENCE_DATE);
    g->ndays = g->ref_days - g->day0 + 1;
    int ref_year = atoi(DEMO_REFERENCE_DATE);
    for (int a = 0; a <= MAX_AGE; a++) {
        /* exactly `a` years old on the reference date (31 October) */
        snprintf(buf, sizeof buf, "%d-11-01", ref_year - 1 - a);
        g->age_lo[a] = date_to_days(buf);
        snprintf(buf, sizeof buf, "%d-10-31", ref_year - a);
        g->age_hi[a] = date_to_days(buf);
    }
    g->cells = calloc((size_t)g->naddr * (size_t)g->ndays * 2, sizeof *g->cells);
    if (!g->cells) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    *out = g;
    return 0;
fail:
    free(dl);
    free(sl);
    demo_free(g);
    return -1;
}

void demo_free(struct demo *g)
{
    if (!g) return;
    free(g->streets);
    free(g->addr);
    free(g->cells);
    free(g);
}

const struct demo_stats *demo_get_stats(const struct demo *g)
{
    return &g->stats;
}

/* ----- people ------------------------------------------------------------ */

static int pick_district(struct demo *g, int by_jobs)
{
    int w[NDISTRICTS];
    for (int i = 0; i < g->nd; i++)
        w[i] = by_jobs ? g->d[i].jobs : (int)(g->d[i].population / 100);
    return pick(&g->rng, w, g->nd);
}

static int pick_province_code(struct demo *g, int province)
{
    return g->prov_first[province] + (int)below(&g->rng, (uint64_t)g->prov_n[province]);
}

static int pick_province(struct demo *g)
{
    int w[NPROVINCES];
    for (int p = 0; p < NPROVINCES; p++)
        w[p] = provinces[p].weight;
    return pick(&g->rng, w, NPROVINCES);
}

/* The address-code index of a Beijing district (by its demo index). */
static int beijing_addr(struct demo *g, int d)
{
    for (int k = 0; k < NDISTRICTS; k++)
        if (strcmp(g->addr[k], g->d[d].code) == 0) return k;
    return 0;
}

/* A unique ID number for someone `age` years old on the reference date. */
static int make_id(struct demo *g, int addr, int age, char sex, struct member *m, struct err *e)
{
    long lo = g->age_lo[age], hi = g->age_hi[age], span = hi - lo + 1;
    long day = lo + (long)below(&g->rng, (uint64_t)span);
    for (long tries = 0; tries < span; tries++, day = day == hi ? lo : day + 1) {
        size_t cell =
            ((size_t)addr * (size_t)g->ndays + (size_t)(day - g->day0)) * 2 + (sex == 'F');
        uint16_t k = g->cells[cell];
        if (k >= SEQ_PER_CELL) continue;
        g->cells[cell] = (uint16_t)(k + 1);
        /* this cell's own order of the 499 codes: start + k * step (mod 499,
         * a prime, so every step visits all of them) */
        uint64_t h = g->cell_salt ^ (uint64_t)cell;
        uint64_t mix = splitmix64(&h);
        unsigned start = (unsigned)(mix % SEQ_PER_CELL);
        unsigned step = 1 + (unsigned)((mix >> 32) % (SEQ_PER_CELL - 1));
        unsigned p = (start + (unsigned)k * step) % SEQ_PER_CELL;
        unsigned seq = sex == 'M' ? 2 * p + 1 : 2 * p + 2; /* odd male, even female */
        date_from_days(day, m->birth_date);
        char first17[18];
        snprintf(first17, sizeof first17, "%.6s%.4s%.2s%.2s%03u", g->addr[addr], m->birth_date,
                 m->birth_date + 5, m->birth_date + 8, seq);
        memcpy(m->id_number, first17, 17);
        m->id_number[17] = idnum_check_char(first17);
        m->id_number[18] = '\0';
        m->sex = sex;
        return 0;
    }
    return err_set(e, ERR_INTERNAL, "", "身份证号顺序码已用尽", "ID sequence codes exhausted");
}

static int generation(int age)
{
    int birth_year = atoi(DEMO_REFERENCE_DATE) - age;
    return birth_year < 1970 ? 0 : birth_year < 1990 ? 1 : birth_year < 2010 ? 2 : 3;
}

static int pick_surname(struct demo *g)
{
    int w[NSURNAMES];
    for (int i = 0; i < NSURNAMES; i++)
        w[i] = surnames[i].w;
    return pick(&g->rng, w, NSURNAMES);
}

static void make_name(struct demo *g, struct member *m, int surname, int age, char sex)
{
    const char *const *pool = sex == 'M' ? given_m[generation(age)] : given_f[generation(age)];
    snprintf(m->name, sizeof m->name, "%s%s", surnames[surname].name, pool[below(&g->rng, 24)]);
}

/* ----- household composition -------------------------------------------- */

enum { R_A, R_S, R_C, R_P, R_PL, R_CL, R_GC };

struct person {
    int rel, age, surname, mar;
    char sex;
    int status;
    int local, prov; /* Beijing hukou; else the origin province */
};

struct plan {
    int n;
    struct person p[HH_MAX_MEMBERS];
};

static void add(struct plan *pl, int rel)
{
    memset(&pl->p[pl->n], 0, sizeof pl->p[0]);
    pl->p[pl->n++].rel = rel;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Household size (per 10,000): applicant families are small. */
static const int size_w[] = {0, 3000, 2600, 2800, 1000, 420, 180};

static void plan_members(struct demo *g, enum econ econ, struct plan *pl)
{
    struct rng *r = &g->rng;
    pl->n = 0;
    int size = econ == ECON_TEKUN ? 1 : pick(r, size_w, COUNT(size_w));
    add(pl, R_A);
    int has_s = 0, nc = 0, np = 0, npl = 0, gc = 0;
    switch (size) {
    case 1:
        break;
    case 2: {
        static const int w[] = {5200, 2600, 2200};
        int t = pick(r, w, 3);
        has_s = t == 0, nc = t == 1, np = t == 2;
        break;
    }
    case 3: {
        static const int w[] = {7400, 700, 1100, 800};
        int t = pick(r, w, 4);
        if (t == 0) has_s = 1, nc = 1;
        if (t == 1) nc = 2;
        if (t == 2) has_s = 1, np = 1;
        if (t == 3) nc = 1, np = 1;
        break;
    }
    case 4: {
        static const int w[] = {5200, 2800, 1000, 1000};
        int t = pick(r, w, 4);
        has_s = 1;
        if (t == 0) nc = 2;
        if (t == 1) nc = 1, np = 1;
        if (t == 2) np = 2;
        if (t == 3) nc = 1, npl = 1;
        break;
    }
    case 5: {
        static const int w[] = {4000, 3000, 1500, 1500};
        int t = pick(r, w, 4);
        has_s = 1;
        if (t == 0) nc = 1, np = 2;
        if (t == 1) nc = 2, np = 1;
        if (t == 2) nc = 3;
        if (t == 3) nc = 1, npl = 2;
        break;
    }
    default: {
        static const int w[] = {6000, 4000};
        has_s = 1;
        if (pick(r, w, 2) == 0)
            nc = 2, np = 2;
        else
            nc = 1, gc = 2; /* three generations: a married child and grandchildren */
        break;
    }
    }

    /* the applicant's age, by what the household needs */
    struct person *a = &pl->p[0];
    if (econ == ECON_TEKUN) {
        a->age = chance(r, 7000) ? (int)range(r, 60, 85) : (int)range(r, 30, 59);
    } else if (gc) {
        a->age = (int)range(r, 50, 70);
    } else if (np || npl) {
        a->age = (int)range(r, 24, 55);
    } else if (nc) {
        a->age = (int)range(r, 27, 56);
    } else if (has_s) {
        int t = pick(r, (const int[]){6000, 2200, 1800}, 3);
        a->age = t == 0   ? (int)range(r, 24, 40)
                 : t == 1 ? (int)range(r, 41, 59)
                          : (int)range(r, 60, 84);
    } else {
        int t = pick(r, (const int[]){6000, 2200, 1800}, 3);
        a->age = t == 0   ? (int)range(r, 22, 39)
                 : t == 1 ? (int)range(r, 40, 59)
                          : (int)range(r, 60, 85);
    }
    a->sex = chance(r, 5000) ? 'M' : 'F';
    if (!has_s && nc) a->sex = chance(r, 7000) ? 'F' : 'M'; /* single parents: mostly mothers */
    a->surname = pick_surname(g);

    int s_age = 0;
    if (has_s) {
        add(pl, R_S);
        struct person *s = &pl->p[pl->n - 1];
        int lo = gc ? 48 : 22, hi = (np || npl) ? 58 : MAX_AGE;
        s->age = clampi(a->age + (int)range(r, -4, 4), lo, hi);
        s->sex = a->sex == 'M' ? 'F' : 'M';
        s->surname = pick_surname(g);
        s->mar = a->mar = MAR_MARRIED;
        s_age = s->age;
    } else if (size == 1 || nc || np) {
        if (econ == ECON_TEKUN || a->age >= 60) {
            int t = pick(r, (const int[]){6500, 2000, 1500}, 3);
            a->mar = t == 0 ? MAR_WIDOWED : t == 1 ? MAR_DIVORCED : MAR_UNMARRIED;
        } else if (nc) {
            int t = pick(r, (const int[]){7000, 1500, 1500}, 3);
            a->mar = t == 0 ? MAR_DIVORCED : t == 1 ? MAR_WIDOWED : MAR_UNMARRIED;
        } else if (a->age < 30) {
            a->mar = chance(r, 9500) ? MAR_UNMARRIED : MAR_DIVORCED;
        } else {
            a->mar = chance(r, 5500) ? MAR_UNMARRIED : chance(r, 8500) ? MAR_DIVORCED : MAR_WIDOWED;
        }
    }
    int father_surname = a->sex == 'M' ? a->surname : has_s ? pl->p[1].surname : a->surname;
    int youngest_parent = has_s && s_age < a->age ? s_age : a->age;

    /* children: at least 22 years younger than both parents */
    int first_child = pl->n;
    for (int i = 0; i < nc; i++) {
        add(pl, R_C);
        struct person *c = &pl->p[pl->n - 1];
        int maxc = youngest_parent - 22;
        if (gc)
            c->age = (int)range(r, 24, maxc < 24 ? 24 : maxc);
        else if (chance(r, 8000) || maxc < 18)
            c->age = (int)range(r, 0, maxc < 17 ? maxc : 17);
        else
            c->age = (int)range(r, 18, maxc < 30 ? maxc : 30);
        c->sex = chance(r, 5100) ? 'M' : 'F';
        /* single mothers: the child has her surname in most cases */
        c->surname =
            (!has_s && a->sex == 'F' && chance(r, 4000)) ? pick_surname(g) : father_surname;
        if (c->age >= 25 && !gc)
            c->mar = chance(r, 8500) ? MAR_UNMARRIED : MAR_DIVORCED;
        else
            c->mar = gc ? MAR_MARRIED : MAR_UNMARRIED;
    }
    if (gc) {
        struct person *c = &pl->p[first_child];
        add(pl, R_CL);
        struct person *cl = &pl->p[pl->n - 1];
        cl->age = clampi(c->age + (int)range(r, -3, 3), 22, c->age + 5);
        cl->sex = c->sex == 'M' ? 'F' : 'M';
        cl->surname = pick_surname(g);
        cl->mar = MAR_MARRIED;
        int maxg = (cl->age < c->age ? cl->age : c->age) - 22;
        int gsurname = c->sex == 'M' ? c->surname : cl->surname;
        for (int i = 0; i < gc; i++) {
            add(pl, R_GC);
            struct person *x = &pl->p[pl->n - 1];
            x->age = (int)range(r, 0, maxg < 0 ? 0 : maxg > 17 ? 17 : maxg);
            x->sex = chance(r, 5100) ? 'M' : 'F';
            x->surname = gsurname;
            x->mar = MAR_UNMARRIED;
        }
    }
    /* parents (of the applicant) and parents-in-law (of the spouse): at
     * least 22 years older, at most 85 */
    for (int k = 0; k < 2; k++) {
        int n = k == 0 ? np : npl;
        int base = k == 0 ? a->age : s_age;
        int own_surname = k == 0 ? a->surname : (has_s ? pl->p[1].surname : a->surname);
        char first_sex = chance(r, 4000) ? 'M' : 'F';
        for (int i = 0; i < n; i++) {
            add(pl, k == 0 ? R_P : R_PL);
            struct person *p = &pl->p[pl->n - 1];
            int lo = base + 22, hi = base + 36;
            if (hi > MAX_AGE) hi = MAX_AGE;
            p->age = (int)range(r, lo > MAX_AGE ? MAX_AGE : lo, hi);
            p->sex = n == 2 ? (i == 0 ? 'M' : 'F') : first_sex;
            p->surname = p->sex == 'M' ? own_surname : pick_surname(g);
            p->mar = n == 2 ? MAR_MARRIED : (chance(r, 7500) ? MAR_WIDOWED : MAR_DIVORCED);
        }
    }
}

/* ----- income, assets ---------------------------------------------------- */

static int retire_age(char sex)
{
    return sex == 'M' ? 60 : 55;
}

static int pick_status(struct demo *g, enum econ econ, const struct person *p)
{
    struct rng *r = &g->rng;
    if (p->age < 16) return ST_CHILD;
    if (p->age < 18) return ST_STUDENT;
    if (econ == ECON_TEKUN) return ST_NONE;
    int retired = p->age >= retire_age(p->sex);
    if (!retired) {
        if (p->age <= 22 && p->rel != R_A && p->rel != R_S && chance(r, 6000)) return ST_STUDENT;
        if (p->age <= 22 && chance(r, 3000)) return ST_STUDENT;
        if (econ == ECON_DIBAO) {
            int t = pick(r, (const int[]){1000, 4000, 5000}, 3);
            return t == 0 ? ST_EMPLOYED : t == 1 ? ST_FLEX : ST_UNEMP;
        }
        if (econ == ECON_LOW) {
            int t = pick(r, (const int[]){4500, 3500, 1500, 500}, 4);
            return t == 0 ? ST_EMPLOYED : t == 1 ? ST_FLEX : t == 2 ? ST_UNEMP : ST_HOMEMAKER;
        }
        int t = pick(r, (const int[]){7600, 1100, 800, p->sex == 'F' ? 700 : 200}, 4);
        return t == 0 ? ST_EMPLOYED : t == 1 ? ST_FLEX : t == 2 ? ST_UNEMP : ST_HOMEMAKER;
    }
    if (p->age < 65 && econ == ECON_NORMAL && chance(r, 1500))
        return chance(r, 5000) ? ST_EMPLOYED : ST_FLEX;
    if (p->local) {
        int employee = econ == ECON_DIBAO ? 3500 : econ == ECON_LOW ? 6000 : 7800;
        return chance(r, employee) ? ST_PENSION : ST_RESIDENT;
    }
    int t = pick(r, (const int[]){3500, 5000, 1500}, 3);
    return t == 0 ? ST_PENSION : t == 1 ? ST_RESIDENT : ST_NONE;
}

/* 12 monthly incomes in fen: [0] is 2025-11, [11] is 2026-10. */
static void gen_income(struct demo *g, const struct person *p, struct member *m)
{
    struct rng *r = &g->rng;
    int64_t *inc = m->income;
    memset(inc, 0, sizeof m->income);
    switch (p->status) {
    case ST_EMPLOYED: {
        int64_t w = quantile(r, wage_q, COUNT(wage_q)) * 100;
        w += range(r, 0, 99);
        if (p->age < 25) w = w * 85 / 100;
        if (p->age >= 50) w = w * 95 / 100;
        int start = chance(r, 800) ? (int)range(r, 1, 8) : 0; /* a job started recently */
        for (int k = start; k < 12; k++)
            inc[k] = w + range(r, -w / 12, w / 12);
        if (start == 0 && chance(r, 2000))
            inc[2] += w * range(r, 30, 100) / 100; /* bonus in January */
        break;
    }
    case ST_FLEX: {
        int64_t f = quantile(r, flex_q, COUNT(flex_q)) * 100;
        for (int k = 0; k < 12; k++)
            if (!chance(r, 2500)) inc[k] = f + range(r, -f * 3 / 10, f * 3 / 10);
        break;
    }
    case ST_UNEMP:
        if (chance(r, 4500)) { /* lost the job during the year */
            int64_t w = quantile(r, wage_q, COUNT(wage_q)) * 100 * 85 / 100;
            int until = (int)range(r, 1, 9);
            for (int k = 0; k < until; k++)
                inc[k] = w + range(r, -w / 20, w / 20);
        }
        break;
    case ST_PENSION: {
        int64_t pn = quantile(r, pension_q, COUNT(pension_q)) * 100;
        /* the yearly adjustment, paid from July (income_09 = 2026-07) */
        for (int k = 0; k < 12; k++)
            inc[k] = k >= 8 ? pn * 102 / 100 : pn;
        break;
    }
    case ST_RESIDENT: {
        int64_t pn = p->local ? range(r, 90000, 110000) : range(r, 15000, 40000);
        for (int k = 0; k < 12; k++)
            inc[k] = pn;
        break;
    }
    case ST_STUDENT:
        if (p->age >= 18 && chance(r, 1000)) /* part-time work in some months */
            for (int k = 0; k < 12; k++)
                if (chance(r, 4000)) inc[k] = range(r, 50000, 150000);
        break;
    default:
        break;
    }
}

static int64_t sum12(const int64_t *inc)
{
    int64_t t = 0;
    for (int k = 0; k < 12; k++)
        t += inc[k];
    return t;
}

/* Social-insurance months consistent with age and work history. */
static int64_t gen_si_months(struct demo *g, const struct person *p, const struct member *m)
{
    struct rng *r = &g->rng;
    int start = (int)range(r, 18, 24);
    int years = p->age - start;
    if (years < 0) years = 0;
    int64_t months = 0, paid = 0;
    for (int k = 0; k < 12; k++)
        paid += m->income[k] > 0;
    switch (p->status) {
    case ST_EMPLOYED:
        months = (int64_t)years * 12 * range(r, p->local ? 70 : 45, 100) / 100;
        break;
    case ST_FLEX:
        months = (int64_t)years * 12 * range(r, 10, 60) / 100;
        break;
    case ST_UNEMP:
        months = (int64_t)years * 12 * range(r, 20, 70) / 100;
        break;
    case ST_HOMEMAKER:
        months = (int64_t)years * 12 * range(r, 0, 30) / 100;
        break;
    case ST_PENSION: {
        int64_t max = (int64_t)(retire_age(p->sex) - 18) * 12;
        months = range(r, 180, max < 540 ? max : 540);
        break;
    }
    case ST_RESIDENT:
        months = range(r, 0, 60);
        break;
    default:
        months = 0;
    }
    if (p->status == ST_EMPLOYED && months < paid) months = paid;
    int64_t cap = p->age > 16 ? (int64_t)(p->age - 16) * 12 : 0;
    if (months > cap) months = cap;
    return months > 720 ? 720 : months;
}

/* Deposits, vehicles, securities, insurance: grow with income. */
static void gen_assets(struct demo *g, enum econ econ, const struct person *p, struct member *m)
{
    struct rng *r = &g->rng;
    struct member_assets *a = &m->assets;
    int64_t annual = sum12(m->income);
    if (p->age < 18) {
        if (chance(r, 500)) a->deposits = range(r, 500, 5000) * 100;
        return;
    }
    if (econ == ECON_DIBAO || econ == ECON_TEKUN) {
        a->deposits = chance(r, 6000) ? fen_between(r, 0, 8000) : 0;
        return;
    }
    if (annual == 0) { /* savings from earlier work, or none */
        if (chance(r, 5000)) a->deposits = fen_between(r, 100, 20000);
        return;
    }
    int t = pick(r, (const int[]){2000, 4000, 3000, 1000}, 4);
    int64_t pct = t == 0   ? 0
                  : t == 1 ? range(r, 5, 30)
                  : t == 2 ? range(r, 30, 100)
                           : range(r, 100, 250);
    a->deposits = annual * pct / 100 + (t ? range(r, 0, 99) : 0);
    if (p->status == ST_PENSION && chance(r, 5000)) a->deposits += range(r, 10000, 150000) * 100;
    if (econ == ECON_LOW && a->deposits > 3000000) a->deposits = range(r, 5000, 30000) * 100;
    int64_t monthly = annual / 12;
    int vehicle_chance = econ == ECON_LOW   ? 150
                         : monthly < 400000 ? 300
                         : monthly < 700000 ? 900
                                            : 2000;
    if (p->age < 75 && chance(r, vehicle_chance)) {
        a->vehicle_count = chance(r, 9500) ? 1 : 2;
        a->vehicle_value = range(r, 20000, 120000) * 100 * a->vehicle_count;
    }
    if (econ == ECON_NORMAL && monthly > 0 && chance(r, 400))
        a->securities = range(r, 1000, 80000) * 100;
    if (chance(r, econ == ECON_LOW ? 300 : 800)) a->insurance = range(r, 2000, 60000) * 100;
}

/* ----- the household ----------------------------------------------------- */

/* The address-code index of the Beijing district a hukou code lies in. */
static int beijing_addr_of_code(struct demo *g, const char *code)
{
    for (int k = 0; k < NDISTRICTS; k++)
        if (strncmp(g->addr[k], code, 6) == 0) return k;
    return 0;
}

/* Hukou and ID address code of p. `anchor` is the member whose hukou p
 * normally shares (a child the parent's, a parent the applicant's), or
 * NULL; anchor_addr and anchor_hukou are that member's. */
static void person_region(struct demo *g, int home_district, struct person *p,
                          const struct person *anchor, int anchor_addr, const char *anchor_hukou,
                          int household_prov, int same_origin, int *addr_out, char *hukou)
{
    struct rng *r = &g->rng;
    if (anchor && anchor->local == p->local && chance(r, 8500)) {
        snprintf(hukou, 13, "%s", anchor_hukou);
        if (!p->local)
            *addr_out = anchor_addr; /* same home county */
        else if (p->age < 18 || chance(r, 8000))
            *addr_out = beijing_addr_of_code(g, hukou); /* born where registered */
        else
            *addr_out = anchor_addr;
        p->prov = anchor->prov;
        return;
    }
    if (p->local) {
        /* hukou: a street of the home district (mostly) or of another one */
        int d = chance(r, 7500) ? home_district : pick_district(g, 0);
        const struct demo_district *dd = &g->d[d];
        const struct demo_street *st = &g->streets[dd->first + below(r, dd->nstreets)];
        snprintf(hukou, 13, "%s", st->code);
        /* ID address: where the hukou was first registered */
        if (p->age >= 18 && chance(r, 1500)) /* moved the hukou to Beijing */
            *addr_out = pick_province_code(g, pick_province(g));
        else if (p->age >= 18 && chance(r, 2000))
            *addr_out = beijing_addr(g, pick_district(g, 0));
        else
            *addr_out = beijing_addr(g, d);
        return;
    }
    p->prov = same_origin ? household_prov : pick_province(g);
    *addr_out = pick_province_code(g, p->prov);
    snprintf(hukou, 13, "%s", g->addr[*addr_out]);
}

static int gen_household(struct demo *g, struct household *h, struct err *e)
{
    struct rng *r = &g->rng;
    memset(h, 0, sizeof *h);
    long no = ++g->next_no;
    if (no > 99999999)
        return err_set(e, ERR_TOO_LARGE, "", "家庭编号已用尽", "household numbers exhausted");
    snprintf(h->household_no, sizeof h->household_no, "BJ26%08ld", no);

    int d = pick_district(g, 0);
    const struct demo_district *dd = &g->d[d];
    const struct demo_street *st = &g->streets[dd->first + below(r, dd->nstreets)];
    snprintf(h->region_code, sizeof h->region_code, "%s", st->code);
    snprintf(h->district_code, sizeof h->district_code, "%s", dd->code);
    snprintf(h->income_end_month, sizeof h->income_end_month, "%s", DEMO_INCOME_END_MONTH);

    int x = (int)below(r, 10000);
    enum econ econ = x < 30 ? ECON_TEKUN : x < 280 ? ECON_DIBAO : x < 730 ? ECON_LOW : ECON_NORMAL;

    struct plan pl;
    plan_members(g, econ, &pl);

    /* hukou: social assistance needs a Beijing hukou; else ~30% non-local */
    int local = econ != ECON_NORMAL || chance(r, 7000);
    int prov = pick_province(g);
    for (int i = 0; i < pl.n; i++) {
        struct person *p = &pl.p[i];
        p->local = local;
        if (local && (p->rel == R_S || p->rel == R_PL || p->rel == R_CL) && chance(r, 1500))
            p->local = 0; /* a spouse (and their parents) from elsewhere */
        if (!local && p->rel == R_C && p->age < 18 && chance(r, 1000))
            p->local = 1; /* a child who got a Beijing hukou (e.g. by points) */
    }

    int64_t total = 0;
    int minors_child = 0, any60 = 0, addr_of[HH_MAX_MEMBERS] = {0};
    for (int i = 0; i < pl.n; i++) {
        struct person *p = &pl.p[i];
        struct member *m = &h->members[i];
        static const enum relation relmap[] = {REL_APPLICANT, REL_SPOUSE,        REL_CHILD,
                                               REL_PARENT,    REL_PARENT_IN_LAW, REL_CHILD_IN_LAW,
                                               REL_GRANDCHILD};
        m->relation = relmap[p->rel];
        m->marital_status = (enum marital)p->mar;
        make_name(g, m, p->surname, p->age, p->sex);
        int same_origin = p->rel != R_S && p->rel != R_PL && p->rel != R_CL ? 1 : chance(r, 6000);
        /* whose hukou this member normally shares */
        int anchor = -1;
        if (p->rel == R_C || p->rel == R_P) anchor = 0;
        if (p->rel == R_PL) anchor = 1; /* the spouse */
        if (p->rel == R_GC)
            for (int k = 0; k < i; k++)
                if (pl.p[k].rel == R_C) anchor = k;
        person_region(g, d, p, anchor >= 0 ? &pl.p[anchor] : NULL,
                      anchor >= 0 ? addr_of[anchor] : 0,
                      anchor >= 0 ? h->members[anchor].hukou_region_code : "", prov, same_origin,
                      &addr_of[i], m->hukou_region_code);
        if (make_id(g, addr_of[i], p->age, p->sex, m, e)) return -1;
        m->hukou_urban = p->local ? chance(r, 8800) : chance(r, 4500);
        p->status = pick_status(g, econ, p);
        gen_income(g, p, m);
        if (p->status == ST_EMPLOYED || p->status == ST_FLEX) {
            int wd = chance(r, 6000) ? d : pick_district(g, 1);
            snprintf(m->work_region_code, sizeof m->work_region_code, "%s", g->d[wd].code);
            if (p->status == ST_FLEX) {
                snprintf(m->employer, sizeof m->employer, "%s",
                         employers_gig[below(r, COUNT(employers_gig))]);
            } else if (chance(r, 3000)) {
                char fmt[128];
                snprintf(fmt, sizeof fmt, "%s",
                         employers_district[below(r, COUNT(employers_district))]);
                char *s = strstr(fmt, "%s");
                snprintf(m->employer, sizeof m->employer, "%.*s%s%s", (int)(s - fmt), fmt,
                         g->d[wd].name, s + 2);
            } else {
                snprintf(m->employer, sizeof m->employer, "%s",
                         employers_company[below(r, COUNT(employers_company))]);
            }
        }
        if (p->age < 18 && p->rel == R_C) minors_child++;
        if (p->age >= 60) any60 = 1;
        total += sum12(m->income);
    }
    h->nmembers = pl.n;

    /* dibao / low income: bring the per-capita income into its band */
    int64_t n = pl.n;
    if (econ != ECON_NORMAL) {
        int64_t target = econ == ECON_TEKUN   ? 0
                         : econ == ECON_DIBAO ? range(r, 0, 1400) * 100 * 12 * n
                                              : range(r, 1400, 2900) * 100 * 12 * n;
        if (total == 0 && target > 0) {
            /* no earner: the applicant (or first adult) does odd jobs */
            struct member *m0 = &h->members[0];
            for (int k = 0; k < 12; k++)
                m0->income[k] = target / 12;
            pl.p[0].status = ST_FLEX;
            snprintf(m0->employer, sizeof m0->employer, "%s", employers_gig[0]);
            snprintf(m0->work_region_code, sizeof m0->work_region_code, "%s", dd->code);
        } else if (total > 0) {
            for (int i = 0; i < pl.n; i++)
                for (int k = 0; k < 12; k++)
                    h->members[i].income[k] = h->members[i].income[k] * target / total;
        }
        total = 0;
        for (int i = 0; i < pl.n; i++)
            total += sum12(h->members[i].income);
    }

    /* health, disability, service */
    int ill = econ == ECON_NORMAL ? 250 : econ == ECON_TEKUN ? 2000 : 800;
    int sev = econ == ECON_NORMAL ? 150 : econ == ECON_TEKUN ? 3000 : 800;
    if (chance(r, ill)) h->members[below(r, (uint64_t)pl.n)].serious_illness = 1;
    if (chance(r, sev)) {
        struct member *m = &h->members[below(r, (uint64_t)pl.n)];
        m->disability_grade = (int)range(r, 1, 2);
    }
    if (econ == ECON_TEKUN && pl.p[0].age < 60) /* unable to work: that is what qualifies them */
        h->members[0].disability_grade = (int)range(r, 1, 2);
    for (int i = 0; i < pl.n; i++)
        if (h->members[i].disability_grade == 0 && chance(r, pl.p[i].age >= 60 ? 500 : 150))
            h->members[i].disability_grade = (int)range(r, 3, 4);
    if (chance(r, 150)) { /* a veteran: a man of 22-75, applicant or spouse first */
        for (int i = 0; i < pl.n; i++)
            if (pl.p[i].sex == 'M' && pl.p[i].age >= 22 && pl.p[i].age <= 75) {
                h->members[i].veteran = 1;
                if (chance(r, 3500)) h->members[i].youfu = 1;
                break;
            }
    }
    if (chance(r, 60)) h->members[below(r, (uint64_t)pl.n)].youfu = 1; /* e.g. a martyr's family */

    /* SI months and assets need the final incomes */
    for (int i = 0; i < pl.n; i++) {
        h->members[i].social_insurance_months = gen_si_months(g, &pl.p[i], &h->members[i]);
        gen_assets(g, econ, &pl.p[i], &h->members[i]);
    }

    /* current housing */
    static const int ten_normal[TEN_COUNT] = {
        [TEN_NONE] = 600,  [TEN_PRIVATE_RENTAL] = 4800, [TEN_PUBLIC_RENTAL] = 600,
        [TEN_OWNED] = 900, [TEN_FAMILY] = 1700,         [TEN_DORMITORY] = 800,
        [TEN_OTHER] = 600};
    static const int ten_poor[TEN_COUNT] = {
        [TEN_NONE] = 800,   [TEN_PRIVATE_RENTAL] = 3500, [TEN_PUBLIC_RENTAL] = 1500,
        [TEN_OWNED] = 1500, [TEN_FAMILY] = 2000,         [TEN_DORMITORY] = 0,
        [TEN_OTHER] = 700};
    static const int ten_tekun[TEN_COUNT] = {[TEN_NONE] = 3000,
                                             [TEN_PRIVATE_RENTAL] = 1500,
                                             [TEN_PUBLIC_RENTAL] = 2500,
                                             [TEN_FAMILY] = 3000};
    static const int ten_nonlocal[TEN_COUNT] = {
        [TEN_NONE] = 500,  [TEN_PRIVATE_RENTAL] = 6000, [TEN_PUBLIC_RENTAL] = 100,
        [TEN_OWNED] = 200, [TEN_FAMILY] = 900,          [TEN_DORMITORY] = 1800,
        [TEN_OTHER] = 500};
    const int *tw = econ == ECON_TEKUN    ? ten_tekun
                    : econ != ECON_NORMAL ? ten_poor
                    : local               ? ten_normal
                                          : ten_nonlocal;
    int tw2[TEN_COUNT];
    memcpy(tw2, tw, sizeof tw2);
    if (!(pl.p[0].status == ST_EMPLOYED ||
          (pl.n > 1 && pl.p[1].rel == R_S && pl.p[1].status == ST_EMPLOYED)))
        tw2[TEN_DORMITORY] = 0; /* an employer's dormitory needs an employee */
    enum tenure ten = (enum tenure)pick(r, tw2, TEN_COUNT);
    h->housing_tenure = ten;
    int64_t area; /* 0.01 m2 */
    switch (ten) {
    case TEN_NONE:
        area = 0;
        break;
    case TEN_PRIVATE_RENTAL:
        area = (10 + 8 * n) * 100 + range(r, 0, 2500);
        break;
    case TEN_PUBLIC_RENTAL:
        area = range(r, 2500, 5500);
        break;
    case TEN_OWNED:
        area = 15 * n * range(r, 45, 100);
        area += range(r, 0, 99);
        break; /* <= 15 m2 a head */
    case TEN_FAMILY:
        area = range(r, 3500, 9500);
        break;
    case TEN_DORMITORY:
        area = range(r, 800, 2500);
        break;
    default:
        area = range(r, 800, 4000);
        break;
    }
    if (ten == TEN_OWNED && area < 800) area = 800 + range(r, 0, 400);
    h->housing_area = area;
    if (ten == TEN_OWNED) {
        int owner = (pl.n > 1 && pl.p[1].rel == R_S && chance(r, 3000)) ? 1 : 0;
        struct member_assets *a = &h->members[owner].assets;
        a->home_count = 1;
        a->home_area = area;
        int64_t per_m2 = g->d[d].jobs >= 60 ? range(r, 45000, 100000) : range(r, 20000, 50000);
        a->home_value = area * per_m2; /* area in 0.01 m2 x yuan/m2 = fen */
    } else if (econ == ECON_NORMAL && chance(r, 100)) {
        struct member_assets *a = &h->members[0].assets; /* a home elsewhere */
        a->home_count = 1;
        a->home_area = range(r, 2000, 6000);
        a->home_value = a->home_area * range(r, 20000, 60000);
    }

    /* address */
    int bldg = (int)range(r, 1, 30), unit = (int)range(r, 1, 6);
    int floor = (int)range(r, 1, 18);
    int room = floor * 100 + (int)range(r, 1, 4);
    if (st->town && chance(r, 5000)) {
        const char *dir = village_suffix[below(r, COUNT(village_suffix))];
        int number = (int)range(r, 1, 300);
        snprintf(h->housing_address, sizeof h->housing_address, "北京市%s%s%s%s村%d号", dd->name,
                 st->name, st->stem, dir, number);
    } else {
        const char *compound = compound_suffix[below(r, COUNT(compound_suffix))];
        snprintf(h->housing_address, sizeof h->housing_address, "北京市%s%s%s%s%d号楼%d单元%d",
                 dd->name, st->name, st->stem, compound, bldg, unit, room);
    }
    const char *prefix = phone_prefixes[below(r, COUNT(phone_prefixes))];
    unsigned subscriber = (unsigned)below(r, 100000000);
    snprintf(h->contact_phone, sizeof h->contact_phone, "%s%08u", prefix, subscriber);

    /* priority categories, each backed by the members' facts */
    unsigned pri = 0;
    if (econ == ECON_DIBAO) pri |= 1u << PRI_DIBAO;
    if (econ == ECON_LOW) pri |= 1u << PRI_LOW_INCOME;
    if (econ == ECON_TEKUN) pri |= 1u << PRI_TEKUN;
    for (int i = 0; i < pl.n; i++) {
        const struct member *m = &h->members[i];
        if (m->serious_illness) pri |= 1u << PRI_SERIOUS_ILLNESS;
        if (m->disability_grade == 1 || m->disability_grade == 2)
            pri |= 1u << PRI_SEVERE_DISABILITY;
        if (m->veteran) pri |= 1u << PRI_VETERAN;
        if (m->youfu) pri |= 1u << PRI_YOUFU;
    }
    if (any60) pri |= 1u << PRI_ELDERLY;
    if (minors_child >= 2) pri |= 1u << PRI_MANY_MINORS;
    if (local && pl.p[0].age >= 40 && chance(r, 60)) pri |= 1u << PRI_SANFANG;
    if (local && pl.n == 1 && pl.p[0].age <= 35 && pl.p[0].mar == MAR_UNMARRIED && chance(r, 40))
        pri |= 1u << PRI_ADULT_ORPHAN;
    if (pl.p[0].status == ST_EMPLOYED && pl.p[0].age >= 40 && chance(r, 30))
        pri |= 1u << PRI_MODEL_WORKER;
    h->priority = pri;

    /* an accessible home (无障碍住房): most families with a member of
     * disability grade 1-2 (a wheelchair, no stairs), some with a member of
     * 75 or more, a few with one of 60-74; none else */
    int severe = 0, age75 = 0;
    for (int i = 0; i < pl.n; i++) {
        severe |= h->members[i].disability_grade == 1 || h->members[i].disability_grade == 2;
        age75 |= pl.p[i].age >= 75;
    }
    int acc = severe ? 6000 : age75 ? 1500 : any60 ? 300 : 0;
    h->needs_accessible = acc > 0 && chance(r, acc);

    /* statistics */
    struct demo_stats *s = &g->stats;
    s->households++;
    s->members += pl.n;
    s->by_size[pl.n]++;
    for (int k = 0; k < PRI_COUNT; k++)
        if (pri & (1u << k)) s->by_priority[k]++;
    s->by_tenure[ten]++;
    s->needs_accessible += h->needs_accessible;
    if (!pl.p[0].local) s->nonlocal++;
    if (total <= 240000 * 12 * n) s->pc_le_2400++;
    if (total <= 420000 * 12 * n) s->pc_le_4200++;
    if (total <= (n <= 3 ? 10000000 : 13000000)) s->annual_ok++;
    int veh = 0, home = 0;
    for (int i = 0; i < pl.n; i++) {
        veh |= h->members[i].assets.vehicle_count > 0;
        home |= h->members[i].assets.home_count > 0;
        if (pl.p[i].age >= 60) s->members_60plus++;
        if (pl.p[i].age < 18) s->minors++;
    }
    s->with_vehicle += veh;
    s->with_home += home;
    return 0;
}

int demo_next(struct demo *g, struct household *h, struct err *e)
{
    return gen_household(g, h, e);
}

int demo_generate(struct db *db, uint64_t seed, long households, FILE *out,
                  struct demo_stats *stats, struct err *e)
{
    if (households < 1 || households > DEMO_MAX_HOUSEHOLDS)
        return err_set(e, ERR_USAGE, "households", "户数应在 1 至 %d 之间",
                       "the number of households must be 1 to %d", DEMO_MAX_HOUSEHOLDS);
    struct demo *g;
    if (demo_new(&g, db, seed, e)) return -1;
    struct household *h = malloc(sizeof *h);
    struct buf b = {0};
    int rc = -1;
    if (!h) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto done;
    }
    if (household_csv_write_header(&b)) goto oom;
    for (long i = 0; i < households; i++) {
        if (demo_next(g, h, e)) goto done;
        if (household_csv_write(&b, h)) goto oom;
        if (b.len >= (1u << 20)) {
            if (fwrite(b.data, 1, b.len, out) != b.len) goto io;
            buf_reset(&b);
        }
    }
    if (b.len && fwrite(b.data, 1, b.len, out) != b.len) goto io;
    if (fflush(out)) goto io;
    if (stats) *stats = g->stats;
    rc = 0;
    goto done;
oom:
    err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    goto done;
io:
    err_set(e, ERR_IO, "", "写出演示数据失败", "writing the demo data failed");
done:
    buf_free(&b);
    free(h);
    demo_free(g);
    return rc;
}
