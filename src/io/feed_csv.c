/* io/feed_csv — the feed file formats (see feed_csv.h and docs/feeds.md). */
#include "io/feed_csv.h"

#include "base/date.h"
#include "base/idnum.h"
#include "base/idset.h"
#include "base/money.h"
#include "core/household.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===== the column tables ================================================= */

#define ID_COL                                                                                     \
    {                                                                                              \
        "id_number", FEED_F_ID_NUMBER, 0, "身份证号", "ID number"                                  \
    }
#define NAME_COL                                                                                   \
    {                                                                                              \
        "name", FEED_F_NAME, 0, "姓名", "name"                                                     \
    }

static const struct feed_column civil_cols[] = {
    ID_COL,
    NAME_COL,
    {"status", FEED_F_STATUS, 0, "救助身份", "assistance status"},
    {"assessed_income", FEED_F_AMOUNT, 1, "核定的 12 个月收入（元）",
     "assessed income of 12 months (yuan)"},
};
static const struct feed_column property_cols[] = {
    ID_COL,
    NAME_COL,
    {"certificate_no", FEED_F_KEY, 0, "不动产权证号", "title certificate number"},
    {"address", FEED_F_LABEL, 0, "坐落", "address"},
    {"area", FEED_F_AREA, 0, "建筑面积（㎡）", "floor area (m²)"},
    {"value", FEED_F_AMOUNT, 0, "评估价值（元）", "assessed value (yuan)"},
};
static const struct feed_column vehicle_cols[] = {
    ID_COL,
    NAME_COL,
    {"plate_no", FEED_F_KEY, 0, "号牌号码", "plate number"},
    {"value", FEED_F_AMOUNT, 0, "评估价值（元）", "assessed value (yuan)"},
};
static const struct feed_column social_cols[] = {
    ID_COL,
    NAME_COL,
    {"employer", FEED_F_LABEL, 1, "参保单位", "employer"},
    {"region_code", FEED_F_REGION, 1, "参保地区划代码", "division code where insured"},
    {"months", FEED_F_MONTHS, 0, "累计缴费月数", "months paid in total"},
};
static const struct feed_column fund_cols[] = {
    ID_COL,
    NAME_COL,
    {"account_no", FEED_F_KEY, 0, "公积金账号", "fund account number"},
    {"employer", FEED_F_LABEL, 0, "缴存单位", "employer"},
    {"region_code", FEED_F_REGION, 1, "缴存地区划代码", "division code where paid"},
    {"monthly_base", FEED_F_AMOUNT, 0, "月缴存基数（元）", "monthly contribution base (yuan)"},
};
static const struct feed_column deposit_cols[] = {
    ID_COL,
    NAME_COL,
    {"bank", FEED_F_LABEL, 0, "开户银行", "bank"},
    {"account_no", FEED_F_KEY, 0, "账号", "account number"},
    {"balance", FEED_F_AMOUNT, 0, "余额（元）", "balance (yuan)"},
};
static const struct feed_column securities_cols[] = {
    ID_COL,
    NAME_COL,
    {"institution", FEED_F_LABEL, 0, "证券公司", "securities company"},
    {"account_no", FEED_F_KEY, 0, "资金账号", "account number"},
    {"value", FEED_F_AMOUNT, 0, "市值（元）", "market value (yuan)"},
};
static const struct feed_column insurance_cols[] = {
    ID_COL,
    NAME_COL,
    {"insurer", FEED_F_LABEL, 0, "保险公司", "insurer"},
    {"policy_no", FEED_F_KEY, 0, "保单号", "policy number"},
    {"cash_value", FEED_F_AMOUNT, 0, "现金价值（元）", "cash value (yuan)"},
};

#define FORMAT(src, one, cols) [src] = {src, one, (int)(sizeof cols / sizeof cols[0]), cols}
static const struct feed_format formats[FEED_COUNT] = {
    FORMAT(FEED_CIVIL_AFFAIRS, 1, civil_cols),   FORMAT(FEED_PROPERTY, 0, property_cols),
    FORMAT(FEED_VEHICLES, 0, vehicle_cols),      FORMAT(FEED_SOCIAL_INSURANCE, 1, social_cols),
    FORMAT(FEED_PROVIDENT_FUND, 1, fund_cols),   FORMAT(FEED_DEPOSITS, 0, deposit_cols),
    FORMAT(FEED_SECURITIES, 0, securities_cols), FORMAT(FEED_INSURANCE, 0, insurance_cols),
};

const struct feed_format *feed_format_of(enum feed_source s)
{
    return &formats[s];
}

/* ===== rows seen: (ID number, key) -> first line ========================= */

/* An open-addressing table of the (ID number, key) pairs of a many-rows
 * source: the ID number as its 17 leading digits (the check character
 * follows from them), the key in an append-only arena. 16 bytes a slot. */
struct pair_slot {
    uint64_t id; /* 0 = empty */
    uint32_t line;
    uint32_t key; /* offset into the arena */
};

struct pair_set {
    struct pair_slot *slots;
    size_t mask, count;
    char *arena;
    size_t alen, acap;
};

static uint64_t id_code(const char *id)
{
    uint64_t k = 0;
    for (int i = 0; i < 17; i++)
        k = k * 10 + (uint64_t)(id[i] - '0');
    return k + 1; /* never 0 */
}

static size_t pair_hash(uint64_t id, const char *key)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ id;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    return (size_t)h;
}

static void pair_set_free(struct pair_set *s)
{
    free(s->slots);
    free(s->arena);
    memset(s, 0, sizeof *s);
}

static int pair_set_grow(struct pair_set *s)
{
    size_t n = s->slots ? (s->mask + 1) * 2 : 1024;
    struct pair_slot *t = calloc(n, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; s->slots && i <= s->mask; i++) {
        if (!s->slots[i].id) continue;
        size_t j = pair_hash(s->slots[i].id, s->arena + s->slots[i].key) & (n - 1);
        while (t[j].id)
            j = (j + 1) & (n - 1);
        t[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = t;
    s->mask = n - 1;
    return 0;
}

/* 0 added, 1 already there (*first set), -1 out of memory. */
static int pair_set_add(struct pair_set *s, const char *id, const char *key, uint32_t line,
                        uint32_t *first)
{
    if (!s->slots || (s->count + 1) * 4 > (s->mask + 1) * 3)
        if (pair_set_grow(s)) return -1;
    uint64_t code = id_code(id);
    size_t i = pair_hash(code, key) & s->mask;
    for (; s->slots[i].id; i = (i + 1) & s->mask)
        if (s->slots[i].id == code && strcmp(s->arena + s->slots[i].key, key) == 0) {
            *first = s->slots[i].line;
            return 1;
        }
    size_t klen = strlen(key) + 1;
    if (s->alen + klen > UINT32_MAX) return -1;
    if (s->alen + klen > s->acap) {
        size_t cap = s->acap ? s->acap * 2 : 64 * 1024;
        while (cap < s->alen + klen)
            cap *= 2;
        char *p = realloc(s->arena, cap);
        if (!p) return -1;
        s->arena = p;
        s->acap = cap;
    }
    memcpy(s->arena + s->alen, key, klen);
    s->slots[i] = (struct pair_slot){code, line, (uint32_t)s->alen};
    s->alen += klen;
    s->count++;
    return 0;
}

/* ===== reading =========================================================== */

struct feed_csv {
    struct csv_reader *r;
    const struct feed_format *fmt;
    int map[FEED_CSV_MAX_COLS]; /* file column -> index into fmt->cols */
    int fatal, eof;
    long rows;
    char today[11];
    struct idset persons;  /* one-row-per-person sources */
    struct pair_set pairs; /* the others */
};

static void add_at(struct err_list *errs, struct err *e, long line, const char *field)
{
    e->row = line;
    snprintf(e->field, sizeof e->field, "%.*s", (int)sizeof e->field - 1, field);
    err_list_add(errs, e);
}

/* "a, b, c": the columns of fmt, for messages (out holds 256 bytes). */
static void column_list(const struct feed_format *fmt, char out[256])
{
    out[0] = '\0';
    for (int k = 0; k < fmt->ncols; k++) {
        strncat(out, k ? ", " : "", 255 - strlen(out));
        strncat(out, fmt->cols[k].name, 255 - strlen(out));
    }
}

int feed_csv_open(struct csv_reader *r, enum feed_source source, struct feed_csv **out,
                  struct err_list *errs, struct err *e)
{
    *out = NULL;
    const struct feed_format *fmt = &formats[source];
    const char *src = feed_source_names[source].code;
    struct err x = {0};
    int rc = csv_read(r, &x);
    if (rc == 0) {
        err_set(&x, ERR_INVALID, "", "文件为空：缺少表头（%s 文件的列见 docs/feeds.md）",
                "the file is empty: no header row (see docs/feeds.md for the %s columns)", src);
        add_at(errs, &x, 1, "");
        csv_reader_free(r);
        return 1;
    }
    if (rc < 0) {
        err_list_add(errs, &x);
        csv_reader_free(r);
        return 1;
    }
    size_t before = errs->total, nf = csv_nfields(r);
    long line = csv_record_line(r);
    int seen[FEED_CSV_MAX_COLS];
    for (int k = 0; k < fmt->ncols; k++)
        seen[k] = -1;
    char known[256];
    column_list(fmt, known);
    for (size_t i = 0; i < nf; i++) {
        const char *name = csv_field(r, i);
        int k = 0;
        while (k < fmt->ncols && strcmp(fmt->cols[k].name, name) != 0)
            k++;
        if (k == fmt->ncols) {
            err_set(&x, ERR_INVALID, "", "表头第 %zu 列“%.60s”不是 %s 文件的列；应有的列：%s",
                    "header column %zu \"%.60s\" is not a column of a %s file; the columns are: %s",
                    i + 1, name, src, known);
            add_at(errs, &x, line, name);
        } else if (seen[k] >= 0) {
            err_set(&x, ERR_INVALID, "", "表头第 %zu 列“%s”与第 %d 列重复",
                    "header column %zu \"%s\" repeats column %d", i + 1, name, seen[k] + 1);
            add_at(errs, &x, line, name);
        } else {
            seen[k] = (int)i;
        }
    }
    for (int k = 0; k < fmt->ncols; k++)
        if (seen[k] < 0) {
            /* both messages take the same arguments: each skips the other
             * language's meaning with %.0s */
            err_set(&x, ERR_INVALID, "", "表头缺少列“%s”（%s%.0s）；%s 文件的列：%s",
                    "the header lacks column \"%s\" (%.0s%s); a %s file has the columns: %s",
                    fmt->cols[k].name, fmt->cols[k].zh, fmt->cols[k].en, src, known);
            add_at(errs, &x, line, fmt->cols[k].name);
        }
    if (errs->total != before) {
        csv_reader_free(r);
        return 1;
    }
    struct feed_csv *fc = calloc(1, sizeof *fc);
    if (!fc) {
        csv_reader_free(r);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    fc->r = r;
    fc->fmt = fmt;
    for (int k = 0; k < fmt->ncols; k++)
        fc->map[seen[k]] = k;
    date_today(fc->today);
    if (fmt->one_per_person && idset_init(&fc->persons, 1024)) {
        feed_csv_close(fc);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    *out = fc;
    return 0;
}

void feed_csv_close(struct feed_csv *fc)
{
    if (!fc) return;
    csv_reader_free(fc->r);
    idset_free(&fc->persons);
    pair_set_free(&fc->pairs);
    free(fc);
}

long feed_csv_rows(const struct feed_csv *fc)
{
    return fc->rows;
}

static int region_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0) return 1;
    if (!(n == 6 || n == 9 || n == 12) || s[0] == '0') return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Parses a money, area or month figure; 0 when fine. */
static int parse_number(const struct feed_column *col, const char *s, int64_t *v, struct err *e)
{
    if (s[0] == '-') {
        if (col->field == FEED_F_MONTHS)
            return err_set(e, ERR_INVALID, "", "月数“%.40s”不能为负数",
                           "months \"%.40s\" cannot be negative", s);
        if (col->field == FEED_F_AREA)
            return err_set(e, ERR_INVALID, "", "面积“%.40s”不能为负数",
                           "area \"%.40s\" cannot be negative", s);
        return err_set(e, ERR_INVALID, "", "金额“%.40s”不能为负数",
                       "amount \"%.40s\" cannot be negative", s);
    }
    if (col->field == FEED_F_AREA) return area_parse(s, v, "", e);
    if (col->field == FEED_F_MONTHS) return int_parse(s, 720, v, "", e);
    return money_parse(s, v, "", e);
}

/* Checks and stores field j of the current record into rec. Returns 0 when
 * it is fine, -1 when an error was added. */
static int parse_field(struct feed_csv *fc, size_t j, struct feed_record *rec,
                       struct err_list *errs)
{
    const struct feed_column *col = &fc->fmt->cols[fc->map[j]];
    const char *s = csv_field(fc->r, j);
    size_t n = csv_field_len(fc->r, j);
    struct err e = {0};
    int rc = 0;
    switch (col->field) {
    case FEED_F_ID_NUMBER:
        rc = idnum_validate(s, fc->today, NULL, "", &e);
        if (!rc) memcpy(rec->id_number, s, IDNUM_LEN + 1);
        break;
    case FEED_F_NAME:
        rc = household_text_ok(s, HH_NAME_MAX, TEXT_REQUIRED, "", &e);
        if (!rc) memcpy(rec->name, s, n + 1);
        break;
    case FEED_F_KEY:
        rc = household_text_ok(s, FEED_KEY_MAX, col->optional ? TEXT_MAY_BE_EMPTY : TEXT_REQUIRED,
                               "", &e);
        if (!rc) memcpy(rec->key, s, n + 1);
        break;
    case FEED_F_LABEL:
        rc = household_text_ok(s, FEED_LABEL_MAX,
                               TEXT_MULTILINE | (col->optional ? TEXT_MAY_BE_EMPTY : 0), "", &e);
        if (!rc) memcpy(rec->label, s, n + 1);
        break;
    case FEED_F_REGION:
        if (!region_code_ok(s) || (!col->optional && n == 0))
            rc = err_set(&e, ERR_INVALID, "", "应为空或 6、9、12 位行政区划代码，实际为“%.40s”",
                         "must be empty or a 6-, 9- or 12-digit division code, got \"%.40s\"", s);
        else
            memcpy(rec->region_code, s, n + 1);
        break;
    case FEED_F_STATUS: {
        int k = code_lookup(civil_status_names, CIVIL_COUNT, s);
        if (k < 0)
            rc = err_set(&e, ERR_INVALID, "",
                         "取值“%.40s”无效，可用：none（无）、dibao（低保）、low_income（低收入）、"
                         "tekun（特困）",
                         "invalid value \"%.40s\"; use one of: none, dibao, low_income, tekun", s);
        else
            rec->status = (enum civil_status)k;
        break;
    }
    case FEED_F_AMOUNT:
    case FEED_F_AREA:
    case FEED_F_MONTHS: {
        if (n == 0 && col->optional) break; /* not given: has_amount stays 0 */
        int64_t v = 0;
        rc = parse_number(col, s, &v, &e);
        if (rc) break;
        if (col->field == FEED_F_AREA)
            rec->area = v;
        else if (col->field == FEED_F_MONTHS)
            rec->months = v;
        else {
            rec->amount = v;
            rec->has_amount = 1;
        }
        break;
    }
    }
    if (rc) add_at(errs, &e, rec->line, col->name);
    return rc ? -1 : 0;
}

/* Refuses a second row of the same person (one-row sources) or the same
 * person and key (the others). */
static int check_duplicate(struct feed_csv *fc, struct feed_record *rec, struct err_list *errs)
{
    uint32_t line = rec->line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)rec->line, first = 0;
    const char *src = feed_source_names[fc->fmt->source].code;
    struct err e = {0};
    if (fc->fmt->one_per_person) {
        int rc = idset_add(&fc->persons, rec->id_number, line, &first);
        if (rc < 0) return -1;
        if (rc == 0) return 0;
        err_set(&e, ERR_CONFLICT, "",
                "此人（同一身份证号）在第 %lu 行已有一行：%s 数据每人只能有一行",
                "this person (the same ID number) already has a row on line %lu: %s data has "
                "one row per person",
                (unsigned long)first, src);
        add_at(errs, &e, rec->line, "id_number");
        return 1;
    }
    int rc = pair_set_add(&fc->pairs, rec->id_number, rec->key, line, &first);
    if (rc < 0) return -1;
    if (rc == 0) return 0;
    const char *key_col = "";
    for (int k = 0; k < fc->fmt->ncols; k++)
        if (fc->fmt->cols[k].field == FEED_F_KEY) key_col = fc->fmt->cols[k].name;
    err_set(&e, ERR_CONFLICT, "",
            "同一身份证号、同一 %s“%.64s”的行已在第 %lu 行出现（每人每个编号只能有一行）",
            "a row with the same ID number and %s \"%.64s\" is already on line %lu (one row per "
            "person and number)",
            key_col, rec->key, (unsigned long)first);
    add_at(errs, &e, rec->line, key_col);
    return 1;
}

int feed_csv_next(struct feed_csv *fc, struct feed_record *rec, int *bad, struct err_list *errs)
{
    *bad = 0;
    if (fc->fatal) return -1;
    if (fc->eof) return 0;
    struct err e = {0};
    int rc = csv_read(fc->r, &e);
    if (rc == 0) {
        fc->eof = 1;
        return 0;
    }
    memset(rec, 0, sizeof *rec);
    rec->source = fc->fmt->source;
    if (rc < 0) {
        err_list_add(errs, &e);
        if (csv_reader_fatal(fc->r)) {
            fc->fatal = 1;
            return -1;
        }
        fc->rows++;
        rec->line = e.row;
        *bad = 1;
        return 1;
    }
    fc->rows++;
    rec->line = csv_record_line(fc->r);
    size_t nf = csv_nfields(fc->r);
    if (nf != (size_t)fc->fmt->ncols) {
        err_set(&e, ERR_INVALID, "", "本行有 %zu 列，应为 %d 列（字段中的逗号需用英文双引号括起）",
                "this row has %zu columns, %d expected (quote fields that contain commas)", nf,
                fc->fmt->ncols);
        add_at(errs, &e, rec->line, "");
        *bad = 1;
        return 1;
    }
    int id_ok = 1, key_ok = 1;
    for (size_t j = 0; j < nf; j++)
        if (parse_field(fc, j, rec, errs)) {
            *bad = 1;
            enum feed_field f = fc->fmt->cols[fc->map[j]].field;
            if (f == FEED_F_ID_NUMBER) id_ok = 0;
            if (f == FEED_F_KEY) key_ok = 0;
        }
    if (id_ok && key_ok) {
        int d = check_duplicate(fc, rec, errs);
        if (d < 0) {
            err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
            add_at(errs, &e, rec->line, "");
            fc->fatal = 1;
            return -1;
        }
        if (d) *bad = 1;
    }
    return 1;
}

/* ===== writing =========================================================== */

int feed_csv_write_header(struct buf *out, enum feed_source s)
{
    const struct feed_format *fmt = &formats[s];
    const char *names[FEED_CSV_MAX_COLS];
    for (int k = 0; k < fmt->ncols; k++)
        names[k] = fmt->cols[k].name;
    return csv_write_row(out, names, (size_t)fmt->ncols);
}

int feed_csv_write(struct buf *out, const struct feed_record *r)
{
    const struct feed_format *fmt = &formats[r->source];
    const char *f[FEED_CSV_MAX_COLS];
    char num[FEED_CSV_MAX_COLS][32];
    for (int k = 0; k < fmt->ncols; k++) {
        const struct feed_column *col = &fmt->cols[k];
        switch (col->field) {
        case FEED_F_ID_NUMBER:
            f[k] = r->id_number;
            break;
        case FEED_F_NAME:
            f[k] = r->name;
            break;
        case FEED_F_KEY:
            f[k] = r->key;
            break;
        case FEED_F_LABEL:
            f[k] = r->label;
            break;
        case FEED_F_REGION:
            f[k] = r->region_code;
            break;
        case FEED_F_STATUS:
            f[k] = civil_status_names[r->status].code;
            break;
        case FEED_F_AMOUNT:
            if (col->optional && !r->has_amount)
                num[k][0] = '\0';
            else
                money_format(r->amount, num[k]);
            f[k] = num[k];
            break;
        case FEED_F_AREA:
            area_format(r->area, num[k]);
            f[k] = num[k];
            break;
        case FEED_F_MONTHS:
            snprintf(num[k], sizeof num[k], "%lld", (long long)r->months);
            f[k] = num[k];
            break;
        }
    }
    return csv_write_row(out, f, (size_t)fmt->ncols);
}
