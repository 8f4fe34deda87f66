/* core/verify — checking declarations against shared data (see verify.h). */
#include "core/verify.h"

#include "base/money.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const struct code_name feed_source_names[FEED_COUNT] = {
    [FEED_CIVIL_AFFAIRS] = {"civil_affairs", "民政（低保、低收入、特困，核定收入）",
                            "civil affairs (minimum-living status, assessed income)"},
    [FEED_PROPERTY] = {"property", "不动产登记", "property registry"},
    [FEED_VEHICLES] = {"vehicles", "车辆登记", "vehicle registry"},
    [FEED_SOCIAL_INSURANCE] = {"social_insurance", "社会保险", "social insurance"},
    [FEED_PROVIDENT_FUND] = {"provident_fund", "住房公积金", "housing provident fund"},
    [FEED_DEPOSITS] = {"deposits", "银行存款", "bank deposits"},
    [FEED_SECURITIES] = {"securities", "证券", "securities"},
    [FEED_INSURANCE] = {"insurance", "商业保险", "commercial insurance"},
};

const struct code_name civil_status_names[CIVIL_COUNT] = {
    [CIVIL_NONE] = {"none", "无", "none"},
    [CIVIL_DIBAO] = {"dibao", "低保", "minimum living allowance (dibao)"},
    [CIVIL_LOW_INCOME] = {"low_income", "低收入", "low income"},
    [CIVIL_TEKUN] = {"tekun", "特困", "extreme poverty support (tekun)"},
};

const struct code_name verify_field_names[VERIFY_FIELD_COUNT] = {
    {"income", "年收入（元）", "annual income (yuan)"},
    {"status", "低保/低收入/特困身份", "civil-affairs status"},
    {"home_count", "住房套数", "homes"},
    {"home_area", "住房面积（㎡）", "home area (m²)"},
    {"home_value", "住房价值（元）", "home value (yuan)"},
    {"vehicle_count", "车辆数", "vehicles"},
    {"vehicle_value", "车辆价值（元）", "vehicle value (yuan)"},
    {"deposits", "存款（元）", "deposits (yuan)"},
    {"securities", "证券（元）", "securities (yuan)"},
    {"insurance", "商业保险（元）", "commercial insurance (yuan)"},
    {"social_insurance_months", "社保缴费月数", "social insurance months"},
    {"employer", "工作单位", "employer"},
    {"work_region_code", "工作地区划代码", "work region code"},
    {"name", "姓名", "name"},
};

const struct code_name *verify_field_name(const char *code)
{
    static const struct code_name unknown = {"", "", ""};
    int i = code_lookup(verify_field_names, VERIFY_FIELD_COUNT, code);
    return i < 0 ? &unknown : &verify_field_names[i];
}

void facts_from_household(const struct household *h, struct household_facts *f)
{
    memset(f, 0, sizeof *f);
    f->nmembers = h->nmembers;
    memcpy(f->region_code, h->region_code, sizeof f->region_code);
    memcpy(f->district_code, h->district_code, sizeof f->district_code);
    f->housing_area = h->housing_area;
    f->tenure = h->housing_tenure;
    f->categories = h->priority;
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        struct member_facts *x = &f->m[i];
        memcpy(x->id_number, m->id_number, sizeof x->id_number);
        memcpy(x->birth_date, m->birth_date, sizeof x->birth_date);
        x->relation = m->relation;
        memcpy(x->hukou_region_code, m->hukou_region_code, sizeof x->hukou_region_code);
        x->hukou_urban = m->hukou_urban;
        x->disability_grade = m->disability_grade;
        x->serious_illness = m->serious_illness;
        for (int k = 0; k < HH_INCOME_MONTHS; k++)
            x->income += m->income[k];
        x->home_count = m->assets.home_count;
        x->home_area = m->assets.home_area;
        x->home_value = m->assets.home_value;
        x->vehicle_count = m->assets.vehicle_count;
        x->vehicle_value = m->assets.vehicle_value;
        x->deposits = m->assets.deposits;
        x->securities = m->assets.securities;
        x->insurance = m->assets.insurance;
        x->social_insurance_months = m->social_insurance_months;
        memcpy(x->employer, m->employer, sizeof x->employer);
        memcpy(x->work_region_code, m->work_region_code, sizeof x->work_region_code);
    }
}

int64_t facts_income(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++)
        t += f->m[i].income;
    return t;
}

int64_t facts_assets(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++) {
        const struct member_facts *x = &f->m[i];
        t += x->home_value + x->vehicle_value + x->deposits + x->securities + x->insurance;
    }
    return t;
}

int64_t facts_home_count(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++)
        t += f->m[i].home_count;
    return t;
}

int64_t facts_home_area(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++)
        t += f->m[i].home_area;
    return t;
}

/* --- verify_household ---------------------------------------------------
 *
 * Two passes. The first reads every member's rows source by source into a
 * summary and replaces the declared facts; the second compares and writes
 * the discrepancies, member by member, source by source, field by field
 * (the order of the fields is the table below), so the report reads the
 * same however the rows arrived. */

enum vfield {
    VF_INCOME,
    VF_STATUS,
    VF_HOME_COUNT,
    VF_HOME_AREA,
    VF_HOME_VALUE,
    VF_VEHICLE_COUNT,
    VF_VEHICLE_VALUE,
    VF_DEPOSITS,
    VF_SECURITIES,
    VF_INSURANCE,
    VF_SOCIAL_INSURANCE_MONTHS,
    VF_EMPLOYER,
    VF_WORK_REGION_CODE,
    VF_NAME,
};
static const char *const vfield_names[] = {
    [VF_INCOME] = "income",
    [VF_STATUS] = "status",
    [VF_HOME_COUNT] = "home_count",
    [VF_HOME_AREA] = "home_area",
    [VF_HOME_VALUE] = "home_value",
    [VF_VEHICLE_COUNT] = "vehicle_count",
    [VF_VEHICLE_VALUE] = "vehicle_value",
    [VF_DEPOSITS] = "deposits",
    [VF_SECURITIES] = "securities",
    [VF_INSURANCE] = "insurance",
    [VF_SOCIAL_INSURANCE_MONTHS] = "social_insurance_months",
    [VF_EMPLOYER] = "employer",
    [VF_WORK_REGION_CODE] = "work_region_code",
    [VF_NAME] = "name",
};

/* the 低保/低收入/特困 categories and the civil-affairs status of each */
static const struct {
    enum civil_status status;
    enum priority_category category;
} civil_categories[] = {
    {CIVIL_DIBAO, PRI_DIBAO},
    {CIVIL_LOW_INCOME, PRI_LOW_INCOME},
    {CIVIL_TEKUN, PRI_TEKUN},
};
enum { NCIVIL = sizeof civil_categories / sizeof civil_categories[0] };

/* Feed figures are capped on import, but a person may have many rows:
 * sums saturate instead of overflowing. */
static int64_t add_sat(int64_t a, int64_t b)
{
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* One member's rows of one source, summed up. */
struct source_sum {
    long rows;
    int64_t area, amount;           /* sums */
    int has_amount;                 /* civil affairs: some row gives an assessed income */
    int64_t assessed;               /* civil affairs: the highest assessed income */
    unsigned statuses;              /* civil affairs: bit per enum civil_status */
    int64_t base;                   /* provident fund: the highest monthly base */
    const struct feed_record *best; /* social insurance: the row with the most months */
};

/* Rows are compared by (batch, line, position) so that every listing is in
 * a stable order whatever order the rows came in. */
static int row_before(const struct member_feeds *mf, size_t a, size_t b)
{
    const struct feed_record *x = &mf->rows[a], *y = &mf->rows[b];
    if (x->batch_id != y->batch_id) return x->batch_id < y->batch_id;
    if (x->line != y->line) return x->line < y->line;
    return a < b;
}

/* Which rows a listing takes. */
enum select_kind {
    SEL_ALL,        /* every row of the source */
    SEL_AMOUNT,     /* civil affairs rows with an assessed income */
    SEL_STATUS,     /* civil affairs rows with one status */
    SEL_OTHER_NAME, /* rows whose name differs from the member's */
};
struct selector {
    enum feed_source source;
    enum select_kind kind;
    enum civil_status status;
    const char *name;
};

static int selected(const struct feed_record *r, const struct selector *s)
{
    if (r->source != s->source) return 0;
    switch (s->kind) {
    case SEL_ALL:
        return 1;
    case SEL_AMOUNT:
        return r->has_amount;
    case SEL_STATUS:
        return r->status == s->status;
    case SEL_OTHER_NAME:
        return r->name[0] && strcmp(r->name, s->name) != 0;
    }
    return 0;
}

/* The position of the first selected row after position prev in row
 * order (prev = -1: the first), or -1. */
static long next_row(const struct member_feeds *mf, const struct selector *s, long prev)
{
    long best = -1;
    for (size_t i = 0; mf && i < mf->n; i++) {
        if (!selected(&mf->rows[i], s)) continue;
        if (prev >= 0 && !row_before(mf, (size_t)prev, i)) continue;
        if (best < 0 || row_before(mf, i, (size_t)best)) best = (long)i;
    }
    return best;
}

static long count_rows(const struct member_feeds *mf, const struct selector *s)
{
    long n = 0;
    for (size_t i = 0; mf && i < mf->n; i++)
        n += selected(&mf->rows[i], s);
    return n;
}

/* Copies src into dst (cap bytes with the NUL), cutting at a UTF-8
 * character boundary and ending with "…" when it does not fit. */
static void copy_clipped(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n < cap) {
        memcpy(dst, src, n + 1);
        return;
    }
    size_t keep = cap - 1 - 3; /* room for "…" */
    while (keep > 0 && ((unsigned char)src[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(dst, src, keep);
    memcpy(dst + keep, "…", 4);
}

static void format_count(int64_t n, char out[VERIFY_VALUE_MAX + 1])
{
    snprintf(out, VERIFY_VALUE_MAX + 1, "%lld", (long long)n);
}

static void format_money(int64_t fen, char out[VERIFY_VALUE_MAX + 1])
{
    char t[40];
    money_format_grouped(fen, t);
    snprintf(out, VERIFY_VALUE_MAX + 1, "%s", t);
}

static void format_area(int64_t centi_m2, char out[VERIFY_VALUE_MAX + 1])
{
    char t[32];
    area_format(centi_m2, t);
    snprintf(out, VERIFY_VALUE_MAX + 1, "%s", t);
}

/* How a row is described in the evidence. */
enum detail {
    DET_ASSESSED,   /* assessed income 36,000.00 */
    DET_STATUS,     /* 低保 */
    DET_HOME_AREA,  /* certificate, 85.20㎡ */
    DET_HOME_VALUE, /* certificate, 1,200,000.00 */
    DET_VEHICLE,    /* plate, 150,000.00 */
    DET_SOCIAL,     /* 36 months, employer, region */
    DET_BASE,       /* monthly base 8,000.00 × 12 = 96,000.00 */
    DET_ACCOUNT,    /* account, bank, 50,000.00 */
    DET_NAME,       /* the name on the row */
};

static void describe(const struct feed_record *r, enum detail d, char *out, size_t cap)
{
    char key[FEED_KEY_MAX + 1], label[161], money[40], t[40];
    copy_clipped(key, sizeof key, r->key);
    copy_clipped(label, sizeof label, r->label);
    money_format_grouped(r->amount, money);
    const char *sep = key[0] ? ", " : "";
    switch (d) {
    case DET_ASSESSED:
        snprintf(out, cap, "assessed income %s", money);
        break;
    case DET_STATUS:
        snprintf(out, cap, "%s", civil_status_names[r->status].zh);
        break;
    case DET_HOME_AREA:
        area_format(r->area, t);
        snprintf(out, cap, "%s%s%s㎡", key, sep, t);
        break;
    case DET_HOME_VALUE:
        snprintf(out, cap, "%s%s%s", key, sep, money);
        break;
    case DET_VEHICLE:
        snprintf(out, cap, "%s%s%s", key, sep, money);
        break;
    case DET_SOCIAL:
        snprintf(out, cap, "%lld months%s%s%s%s", (long long)r->months, label[0] ? ", " : "", label,
                 r->region_code[0] ? ", " : "", r->region_code);
        break;
    case DET_BASE:
        money_format_grouped(r->amount > INT64_MAX / 12 ? INT64_MAX : r->amount * 12, t);
        snprintf(out, cap, "monthly base %s × 12 = %s", money, t);
        break;
    case DET_ACCOUNT:
        snprintf(out, cap, "%s%s%s%s%s", key, sep, label, label[0] ? ", " : "", money);
        break;
    case DET_NAME:
        snprintf(out, cap, "%s", r->name);
        break;
    }
}

/* The evidence text being written: pieces separated by "; ", each naming
 * its source and batch when they change. Once a piece does not fit, the
 * rest are only counted, and the count ends the text: "(+N more)". */
struct evidence {
    char *out; /* VERIFY_EVIDENCE_MAX + 1 bytes */
    size_t len;
    int source;    /* of the last piece; -1 before the first */
    int64_t batch; /* of the last piece */
    long omitted;  /* pieces not written */
};
enum { EVIDENCE_RESERVE = 24 }; /* for "; (+NNNNNNN more)" */

static void evidence_init(struct evidence *ev, char *out)
{
    ev->out = out;
    ev->len = 0;
    ev->source = -1;
    ev->batch = -1;
    ev->omitted = 0;
    out[0] = '\0';
}

/* Appends piece when it fits (keeping room for the count) and nothing has
 * been left out yet; else counts it. 0 when written. */
static int evidence_put(struct evidence *ev, const char *piece)
{
    size_t n = strlen(piece);
    if (ev->omitted || ev->len + n > VERIFY_EVIDENCE_MAX - EVIDENCE_RESERVE) {
        ev->omitted++;
        return -1;
    }
    memcpy(ev->out + ev->len, piece, n + 1);
    ev->len += n;
    return 0;
}

static void evidence_row(struct evidence *ev, const struct feed_record *r, enum detail d)
{
    if (ev->omitted) {
        ev->omitted++;
        return;
    }
    char what[300], head[96], piece[420];
    describe(r, d, what, sizeof what);
    const char *sep = ev->len ? "; " : "";
    if (ev->source != (int)r->source)
        snprintf(head, sizeof head, "%s%s batch %lld, line %ld", sep,
                 feed_source_names[r->source].code, (long long)r->batch_id, r->line);
    else if (ev->batch != r->batch_id)
        snprintf(head, sizeof head, "%sbatch %lld, line %ld", sep, (long long)r->batch_id, r->line);
    else
        snprintf(head, sizeof head, "%sline %ld", sep, r->line);
    snprintf(piece, sizeof piece, "%s: %s", head, what);
    if (evidence_put(ev, piece)) return;
    ev->source = (int)r->source;
    ev->batch = r->batch_id;
}

/* A piece that is not a row, e.g. "property: no record". */
static void evidence_note(struct evidence *ev, enum feed_source source, const char *note)
{
    char piece[200];
    snprintf(piece, sizeof piece, "%s%s: %s", ev->len ? "; " : "", feed_source_names[source].code,
             note);
    if (evidence_put(ev, piece) == 0) ev->source = -1; /* the next row names its source again */
}

/* Lists the selected rows of one member in row order. */
static void evidence_rows(struct evidence *ev, const struct member_feeds *mf,
                          const struct selector *s, enum detail d)
{
    long total = count_rows(mf, s), seen = 0;
    for (long i = next_row(mf, s, -1); i >= 0 && !ev->omitted; i = next_row(mf, s, i)) {
        evidence_row(ev, &mf->rows[i], d);
        seen++;
    }
    ev->omitted += total - seen; /* once full, the rest are only counted */
}

static void evidence_done(struct evidence *ev)
{
    if (!ev->omitted) return;
    snprintf(ev->out + ev->len, VERIFY_EVIDENCE_MAX + 1 - ev->len, "%s(+%ld more)",
             ev->len ? "; " : "", ev->omitted);
}

/* A new discrepancy slot, or NULL when the report is full (it is then
 * only counted). */
static struct discrepancy *add_discrepancy(struct verification *v, int member,
                                           enum feed_source source, enum vfield field)
{
    v->total++;
    if (v->ndiscrepancies == VERIFY_DISCREPANCIES_MAX) {
        v->truncated = 1;
        return NULL;
    }
    struct discrepancy *d = &v->d[v->ndiscrepancies++];
    memset(d, 0, sizeof *d);
    d->member = member;
    d->source = source;
    snprintf(d->field, sizeof d->field, "%s", vfield_names[field]);
    return d;
}

/* A figure of one member that a source replaced: a discrepancy when the
 * feed's differs from the declared one. */
static void compare_figure(struct verification *v, int member, const struct member_feeds *mf,
                           enum feed_source source, enum vfield field, int64_t declared,
                           int64_t found, enum detail d,
                           void (*format)(int64_t, char[VERIFY_VALUE_MAX + 1]))
{
    if (declared == found) return;
    struct discrepancy *x = add_discrepancy(v, member, source, field);
    if (!x) return;
    format(declared, x->declared);
    format(found, x->found);
    struct evidence ev;
    evidence_init(&ev, x->evidence);
    struct selector s = {.source = source, .kind = SEL_ALL};
    if (count_rows(mf, &s))
        evidence_rows(&ev, mf, &s, d);
    else
        evidence_note(&ev, source, "no record (无登记记录)");
    evidence_done(&ev);
}

static void compare_text(struct verification *v, int member, const struct member_feeds *mf,
                         enum feed_source source, enum vfield field, const char *declared,
                         const char *found)
{
    if (strcmp(declared, found) == 0) return;
    struct discrepancy *x = add_discrepancy(v, member, source, field);
    if (!x) return;
    copy_clipped(x->declared, sizeof x->declared, declared);
    copy_clipped(x->found, sizeof x->found, found);
    struct evidence ev;
    evidence_init(&ev, x->evidence);
    struct selector s = {.source = source, .kind = SEL_ALL};
    if (count_rows(mf, &s))
        evidence_rows(&ev, mf, &s, DET_SOCIAL);
    else
        evidence_note(&ev, source, "no record (无登记记录)");
    evidence_done(&ev);
}

/* Reads one member's rows of every loaded source. */
static void summarize(const struct member_feeds *mf, unsigned loaded,
                      struct source_sum sum[FEED_COUNT])
{
    memset(sum, 0, sizeof(struct source_sum) * FEED_COUNT);
    for (size_t k = 0; mf && k < mf->n; k++) {
        const struct feed_record *r = &mf->rows[k];
        if ((unsigned)r->source >= FEED_COUNT || !(loaded & (1u << r->source))) continue;
        struct source_sum *s = &sum[r->source];
        s->rows++;
        s->area = add_sat(s->area, r->area > 0 ? r->area : 0);
        s->amount = add_sat(s->amount, r->amount > 0 ? r->amount : 0);
        switch (r->source) {
        case FEED_CIVIL_AFFAIRS:
            if ((unsigned)r->status < CIVIL_COUNT) s->statuses |= 1u << r->status;
            if (r->has_amount && (!s->has_amount || r->amount > s->assessed)) {
                s->assessed = r->amount;
                s->has_amount = 1;
            }
            break;
        case FEED_PROVIDENT_FUND:
            if (r->amount > s->base) s->base = r->amount;
            break;
        case FEED_SOCIAL_INSURANCE:
            if (!s->best || r->months > s->best->months ||
                (r->months == s->best->months && row_before(mf, k, (size_t)(s->best - mf->rows))))
                s->best = r;
            break;
        default:
            break;
        }
    }
}

/* The income the rules use and the source that set it (-1: declared). */
static int64_t member_income(int64_t declared, unsigned loaded, const struct source_sum sum[],
                             int *source)
{
    int64_t income = declared;
    *source = -1;
    if ((loaded & (1u << FEED_CIVIL_AFFAIRS)) && sum[FEED_CIVIL_AFFAIRS].has_amount) {
        income = sum[FEED_CIVIL_AFFAIRS].assessed;
        *source = FEED_CIVIL_AFFAIRS;
    }
    if ((loaded & (1u << FEED_PROVIDENT_FUND)) && sum[FEED_PROVIDENT_FUND].rows) {
        int64_t b = sum[FEED_PROVIDENT_FUND].base;
        int64_t floor = b > INT64_MAX / 12 ? INT64_MAX : b * 12;
        if (floor > income) {
            income = floor;
            *source = FEED_PROVIDENT_FUND;
        }
    }
    return income;
}

static void income_discrepancy(struct verification *v, int member, const struct member_feeds *mf,
                               unsigned loaded, int source, int64_t declared, int64_t found)
{
    if (declared == found) return;
    struct discrepancy *x = add_discrepancy(v, member, (enum feed_source)source, VF_INCOME);
    if (!x) return;
    format_money(declared, x->declared);
    format_money(found, x->found);
    struct evidence ev;
    evidence_init(&ev, x->evidence);
    /* the assessed income is evidence only when civil affairs was used */
    if (loaded & (1u << FEED_CIVIL_AFFAIRS)) {
        struct selector civil = {.source = FEED_CIVIL_AFFAIRS, .kind = SEL_AMOUNT};
        evidence_rows(&ev, mf, &civil, DET_ASSESSED);
    }
    if (source == FEED_PROVIDENT_FUND) {
        struct selector pf = {.source = FEED_PROVIDENT_FUND, .kind = SEL_ALL};
        evidence_rows(&ev, mf, &pf, DET_BASE);
    }
    evidence_done(&ev);
}

/* Rows of one source that carry another name than the member's. */
static void name_discrepancy(struct verification *v, int member, const struct member_feeds *mf,
                             enum feed_source source, const char *name)
{
    struct selector s = {.source = source, .kind = SEL_OTHER_NAME, .name = name};
    long first = next_row(mf, &s, -1);
    if (first < 0) return;
    struct discrepancy *x = add_discrepancy(v, member, source, VF_NAME);
    if (!x) return;
    copy_clipped(x->declared, sizeof x->declared, name);
    copy_clipped(x->found, sizeof x->found, mf->rows[first].name);
    struct evidence ev;
    evidence_init(&ev, x->evidence);
    evidence_rows(&ev, mf, &s, DET_NAME);
    evidence_done(&ev);
}

static const char *status_zh(enum civil_status s)
{
    return civil_status_names[s].zh;
}

/* The household's 低保/低收入/特困 categories against what civil affairs
 * registered for its members; written at member `member`: a category found
 * is reported at the first member registered with it, a declared category
 * nobody has at the applicant. */
static void status_discrepancies(struct verification *v, const struct household *h,
                                 const struct member_feeds *feeds, int member, int applicant,
                                 const int first_with[NCIVIL])
{
    for (int c = 0; c < NCIVIL; c++) {
        enum civil_status st = civil_categories[c].status;
        int declared = (h->priority >> civil_categories[c].category) & 1;
        int found = first_with[c] >= 0;
        if (declared == found) continue;
        if ((found && first_with[c] != member) || (!found && applicant != member)) continue;
        struct discrepancy *x = add_discrepancy(v, member, FEED_CIVIL_AFFAIRS, VF_STATUS);
        if (!x) continue;
        snprintf(x->declared, sizeof x->declared, "%s", declared ? status_zh(st) : "无");
        snprintf(x->found, sizeof x->found, "%s", found ? status_zh(st) : "无");
        struct evidence ev;
        evidence_init(&ev, x->evidence);
        if (found) {
            struct selector s = {.source = FEED_CIVIL_AFFAIRS, .kind = SEL_STATUS, .status = st};
            evidence_rows(&ev, feeds ? &feeds[member] : NULL, &s, DET_STATUS);
        } else {
            char note[120];
            snprintf(note, sizeof note, "no member registered as %s (无成员登记为%s)",
                     status_zh(st), status_zh(st));
            evidence_note(&ev, FEED_CIVIL_AFFAIRS, note);
        }
        evidence_done(&ev);
    }
}

void verify_household(const struct household *h, unsigned loaded, const struct member_feeds *feeds,
                      struct household_facts *f, struct verification *v)
{
    loaded &= (1u << FEED_COUNT) - 1;
    facts_from_household(h, f);
    if (v) { /* slots are cleared as they are used: a run reuses one v per household */
        v->sources = loaded;
        v->ndiscrepancies = v->truncated = v->total = 0;
    }
    int n = h->nmembers < HH_MAX_MEMBERS ? h->nmembers : HH_MAX_MEMBERS;
    if (n < 0) n = 0;

    static const enum fact fact_of[FEED_COUNT] = {
        [FEED_CIVIL_AFFAIRS] = FACT_STATUS,  [FEED_PROPERTY] = FACT_HOMES,
        [FEED_VEHICLES] = FACT_VEHICLES,     [FEED_SOCIAL_INSURANCE] = FACT_SOCIAL_INSURANCE,
        [FEED_PROVIDENT_FUND] = FACT_INCOME, [FEED_DEPOSITS] = FACT_DEPOSITS,
        [FEED_SECURITIES] = FACT_SECURITIES, [FEED_INSURANCE] = FACT_INSURANCE,
    };
    for (int s = 0; s < FEED_COUNT; s++)
        if (loaded & (1u << s)) f->verified |= 1u << fact_of[s];
    /* civil affairs checks the income too (its assessed income wins) */
    if (loaded & (1u << FEED_CIVIL_AFFAIRS)) f->verified |= 1u << FACT_INCOME;

    /* pass 1: the facts */
    struct source_sum sums[HH_MAX_MEMBERS][FEED_COUNT];
    int64_t declared_income[HH_MAX_MEMBERS];
    int income_source[HH_MAX_MEMBERS];
    int first_with[NCIVIL] = {-1, -1, -1};
    for (int i = 0; i < n; i++) {
        const struct member_feeds *mf = feeds ? &feeds[i] : NULL;
        struct source_sum *sum = sums[i];
        struct member_facts *x = &f->m[i];
        summarize(mf, loaded, sum);
        declared_income[i] = x->income;
        x->income = member_income(x->income, loaded, sum, &income_source[i]);
        if (loaded & (1u << FEED_PROPERTY)) {
            x->home_count = sum[FEED_PROPERTY].rows;
            x->home_area = sum[FEED_PROPERTY].area;
            x->home_value = sum[FEED_PROPERTY].amount;
        }
        if (loaded & (1u << FEED_VEHICLES)) {
            x->vehicle_count = sum[FEED_VEHICLES].rows;
            x->vehicle_value = sum[FEED_VEHICLES].amount;
        }
        if (loaded & (1u << FEED_SOCIAL_INSURANCE)) {
            const struct feed_record *b = sum[FEED_SOCIAL_INSURANCE].best;
            x->social_insurance_months = b ? b->months : 0;
            copy_clipped(x->employer, sizeof x->employer, b ? b->label : "");
            copy_clipped(x->work_region_code, sizeof x->work_region_code, b ? b->region_code : "");
        }
        if (loaded & (1u << FEED_DEPOSITS)) x->deposits = sum[FEED_DEPOSITS].amount;
        if (loaded & (1u << FEED_SECURITIES)) x->securities = sum[FEED_SECURITIES].amount;
        if (loaded & (1u << FEED_INSURANCE)) x->insurance = sum[FEED_INSURANCE].amount;
        for (int c = 0; c < NCIVIL; c++)
            if (first_with[c] < 0 &&
                (sum[FEED_CIVIL_AFFAIRS].statuses & (1u << civil_categories[c].status)))
                first_with[c] = i;
    }
    if (loaded & (1u << FEED_CIVIL_AFFAIRS))
        for (int c = 0; c < NCIVIL; c++) {
            unsigned bit = 1u << civil_categories[c].category;
            f->categories = first_with[c] >= 0 ? f->categories | bit : f->categories & ~bit;
        }
    if (!v) return;

    /* pass 2: the discrepancies, by member, source, field */
    int applicant = household_applicant(h);
    if (applicant < 0 || applicant >= n) applicant = 0;
    for (int i = 0; i < n; i++) {
        const struct member *m = &h->members[i];
        const struct member_feeds *mf = feeds ? &feeds[i] : NULL;
        const struct member_facts *x = &f->m[i];
        const struct member_assets *a = &m->assets;
        for (int s = 0; s < FEED_COUNT; s++) {
            if (!(loaded & (1u << s))) continue;
            enum feed_source src = (enum feed_source)s;
            if (income_source[i] == s)
                income_discrepancy(v, i, mf, loaded, s, declared_income[i], x->income);
            switch (src) {
            case FEED_CIVIL_AFFAIRS:
                status_discrepancies(v, h, feeds, i, applicant, first_with);
                break;
            case FEED_PROPERTY:
                compare_figure(v, i, mf, src, VF_HOME_COUNT, a->home_count, x->home_count,
                               DET_HOME_AREA, format_count);
                compare_figure(v, i, mf, src, VF_HOME_AREA, a->home_area, x->home_area,
                               DET_HOME_AREA, format_area);
                compare_figure(v, i, mf, src, VF_HOME_VALUE, a->home_value, x->home_value,
                               DET_HOME_VALUE, format_money);
                break;
            case FEED_VEHICLES:
                compare_figure(v, i, mf, src, VF_VEHICLE_COUNT, a->vehicle_count, x->vehicle_count,
                               DET_VEHICLE, format_count);
                compare_figure(v, i, mf, src, VF_VEHICLE_VALUE, a->vehicle_value, x->vehicle_value,
                               DET_VEHICLE, format_money);
                break;
            case FEED_SOCIAL_INSURANCE:
                compare_figure(v, i, mf, src, VF_SOCIAL_INSURANCE_MONTHS,
                               m->social_insurance_months, x->social_insurance_months, DET_SOCIAL,
                               format_count);
                compare_text(v, i, mf, src, VF_EMPLOYER, m->employer, x->employer);
                compare_text(v, i, mf, src, VF_WORK_REGION_CODE, m->work_region_code,
                             x->work_region_code);
                break;
            case FEED_DEPOSITS:
                compare_figure(v, i, mf, src, VF_DEPOSITS, a->deposits, x->deposits, DET_ACCOUNT,
                               format_money);
                break;
            case FEED_SECURITIES:
                compare_figure(v, i, mf, src, VF_SECURITIES, a->securities, x->securities,
                               DET_ACCOUNT, format_money);
                break;
            case FEED_INSURANCE:
                compare_figure(v, i, mf, src, VF_INSURANCE, a->insurance, x->insurance, DET_ACCOUNT,
                               format_money);
                break;
            case FEED_PROVIDENT_FUND:
            case FEED_COUNT:
                break;
            }
            name_discrepancy(v, i, mf, src, m->name);
        }
    }
}
