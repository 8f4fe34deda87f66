#include "io/household_csv.h"

#include "base/money.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const household_csv_columns[HOUSEHOLD_CSV_NCOLS] = {
    "household_no", "region_code", "contact_phone", "housing_address", "housing_area",
    "housing_tenure", "priority_categories", "income_end_month", "needs_accessible",
    /* member columns from here */
    "name", "id_number", "relation", "hukou_region_code", "hukou_urban", "marital_status",
    "disability_grade", "serious_illness", "veteran", "youfu", "employer", "work_region_code",
    "social_insurance_months", "income_01", "income_02", "income_03", "income_04", "income_05",
    "income_06", "income_07", "income_08", "income_09", "income_10", "income_11", "income_12",
    "home_count", "home_area", "home_value", "vehicle_count", "vehicle_value", "deposits",
    "securities", "insurance"};

enum {
    C_HOUSEHOLD_NO,
    C_REGION,
    C_PHONE,
    C_ADDRESS,
    C_AREA,
    C_TENURE,
    C_PRIORITY,
    C_INCOME_END,
    C_ACCESSIBLE,     /* optional on input: files exported before it existed lack it */
    C_HOUSEHOLD_COLS, /* = first member column */
    C_NAME = C_HOUSEHOLD_COLS,
    C_ID,
    C_RELATION,
    C_HUKOU,
    C_HUKOU_URBAN,
    C_MARITAL,
    C_DISABILITY,
    C_ILLNESS,
    C_VETERAN,
    C_YOUFU,
    C_EMPLOYER,
    C_WORK_REGION,
    C_SI_MONTHS,
    C_INCOME_01,
    C_HOME_COUNT = C_INCOME_01 + HH_INCOME_MONTHS,
    C_HOME_AREA,
    C_HOME_VALUE,
    C_VEHICLE_COUNT,
    C_VEHICLE_VALUE,
    C_DEPOSITS,
    C_SECURITIES,
    C_INSURANCE,
};

struct household_csv {
    struct csv_reader *r;
    int pending;     /* the reader holds a record not yet consumed */
    int eof, fatal;  /* input finished / cannot continue */
    int poison_next; /* an unreadable record may belong to the next household */
    int keep_raw;    /* re-encode rows into household_rows.raw */
    long rows;
    size_t ncols;                       /* columns of this file's header */
    int map[HOUSEHOLD_CSV_NCOLS];       /* canonical column -> field of this file, -1 absent */
    struct buf first[C_HOUSEHOLD_COLS]; /* the household columns of its first row */
};

/* Columns a file may leave out, and the value they then have. */
static const char *column_default(int col)
{
    return col == C_ACCESSIBLE ? "0" : NULL;
}

struct household_csv *household_csv_open(struct csv_reader *r, struct err *e)
{
    int rc = csv_read(r, e);
    if (rc == 0) {
        err_set(e, ERR_INVALID, "", "文件为空：缺少表头", "the file is empty: no header row");
        e->row = 1;
        goto fail;
    }
    if (rc < 0) goto fail;
    /* the canonical columns in order; an optional column may be left out */
    int map[HOUSEHOLD_CSV_NCOLS];
    size_t j = 0, nf = csv_nfields(r);
    for (size_t i = 0; i < HOUSEHOLD_CSV_NCOLS; i++) {
        if (j < nf && strcmp(csv_field(r, j), household_csv_columns[i]) == 0) {
            map[i] = (int)j++;
            continue;
        }
        if (column_default((int)i)) {
            map[i] = -1;
            continue;
        }
        if (j >= nf) {
            err_set(e, ERR_INVALID, household_csv_columns[i],
                    "表头缺少第 %zu 列“%s”（共应有 %d 列，见 docs/import.md）",
                    "the header lacks column %zu \"%s\" (%d columns expected, see docs/import.md)",
                    j + 1, household_csv_columns[i], HOUSEHOLD_CSV_NCOLS);
            e->row = csv_record_line(r);
            goto fail;
        }
        err_set(e, ERR_INVALID, household_csv_columns[i],
                "表头第 %zu 列应为“%s”，实际为“%.80s”（见 docs/import.md）",
                "header column %zu must be \"%s\", got \"%.80s\" (see docs/import.md)", j + 1,
                household_csv_columns[i], csv_field(r, j));
        e->row = csv_record_line(r);
        goto fail;
    }
    if (j != nf) {
        err_set(e, ERR_INVALID, "",
                "表头第 %zu 列“%.80s”多余或位置不对（应为 docs/import.md 所列的 %d 列，依次排列）",
                "header column %zu \"%.80s\" is surplus or out of place (the %d columns of "
                "docs/import.md are expected, in that order)",
                j + 1, csv_field(r, j), HOUSEHOLD_CSV_NCOLS);
        e->row = csv_record_line(r);
        goto fail;
    }
    struct household_csv *hc = calloc(1, sizeof *hc);
    if (!hc) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    hc->r = r;
    hc->ncols = nf;
    memcpy(hc->map, map, sizeof map);
    return hc;
fail:
    csv_reader_free(r);
    return NULL;
}

void household_csv_close(struct household_csv *hc)
{
    if (!hc) return;
    csv_reader_free(hc->r);
    for (int i = 0; i < C_HOUSEHOLD_COLS; i++)
        buf_free(&hc->first[i]);
    free(hc);
}

void household_csv_keep_raw(struct household_csv *hc, int on)
{
    hc->keep_raw = on;
}

long household_csv_rows(const struct household_csv *hc)
{
    return hc->rows;
}

size_t household_csv_input_columns(const struct household_csv *hc, const char **names)
{
    size_t n = 0;
    for (int i = 0; i < HOUSEHOLD_CSV_NCOLS; i++)
        if (hc->map[i] >= 0) names[n++] = household_csv_columns[i];
    return n;
}

/* --- field parsing ------------------------------------------------------ */

struct row_ctx {
    struct csv_reader *r;
    const int *map;
    long line;
    struct err_list *errs;
    int bad;
};

static void row_error(struct row_ctx *c, struct err *e, int col)
{
    e->row = c->line;
    snprintf(e->field, sizeof e->field, "%s", household_csv_columns[col]);
    err_list_add(c->errs, e);
    c->bad = 1;
}

static const char *fld(struct row_ctx *c, int col)
{
    return c->map[col] < 0 ? column_default(col) : csv_field(c->r, (size_t)c->map[col]);
}

static void get_text(struct row_ctx *c, int col, char *dst, size_t cap)
{
    size_t n = c->map[col] < 0 ? strlen(fld(c, col)) : csv_field_len(c->r, (size_t)c->map[col]);
    if (n >= cap) {
        struct err e;
        err_set(&e, ERR_INVALID, "", "内容过长：最多 %zu 字节（UTF-8），实际 %zu 字节",
                "too long: at most %zu bytes of UTF-8, got %zu", cap - 1, n);
        row_error(c, &e, col);
        dst[0] = '\0';
        return;
    }
    memcpy(dst, fld(c, col), n + 1);
}

static void get_money(struct row_ctx *c, int col, int64_t *v)
{
    struct err e;
    if (money_parse(fld(c, col), v, "", &e)) row_error(c, &e, col);
}

static void get_area(struct row_ctx *c, int col, int64_t *v)
{
    struct err e;
    if (area_parse(fld(c, col), v, "", &e)) row_error(c, &e, col);
}

static void get_int(struct row_ctx *c, int col, int64_t max, int64_t *v)
{
    struct err e;
    if (int_parse(fld(c, col), max, v, "", &e)) row_error(c, &e, col);
}

static void get_flag(struct row_ctx *c, int col, int *v)
{
    const char *s = fld(c, col);
    if ((s[0] == '0' || s[0] == '1') && s[1] == '\0') {
        *v = s[0] - '0';
        return;
    }
    struct err e;
    err_set(&e, ERR_INVALID, "", "应为 0（否）或 1（是），实际为“%.40s”",
            "must be 0 (no) or 1 (yes), got \"%.40s\"", s);
    row_error(c, &e, col);
}

static int get_code(struct row_ctx *c, int col, const struct code_name *table, int n)
{
    const char *s = fld(c, col);
    int i = code_lookup(table, n, s);
    if (i >= 0) return i;
    char known[512] = "";
    for (int k = 0; k < n; k++) {
        strncat(known, k ? ", " : "", sizeof known - strlen(known) - 1);
        strncat(known, table[k].code, sizeof known - strlen(known) - 1);
    }
    struct err e;
    err_set(&e, ERR_INVALID, "", "取值“%.40s”无效，可用：%s",
            "invalid value \"%.40s\"; use one of: %s", s, known);
    row_error(c, &e, col);
    return 0;
}

static void parse_household_fields(struct row_ctx *c, struct household *h)
{
    get_text(c, C_HOUSEHOLD_NO, h->household_no, sizeof h->household_no);
    get_text(c, C_REGION, h->region_code, sizeof h->region_code);
    get_text(c, C_PHONE, h->contact_phone, sizeof h->contact_phone);
    get_text(c, C_ADDRESS, h->housing_address, sizeof h->housing_address);
    get_area(c, C_AREA, &h->housing_area);
    h->housing_tenure = (enum tenure)get_code(c, C_TENURE, tenure_names, TEN_COUNT);
    struct err e;
    if (priority_parse(fld(c, C_PRIORITY), &h->priority, "", &e)) row_error(c, &e, C_PRIORITY);
    get_text(c, C_INCOME_END, h->income_end_month, sizeof h->income_end_month);
    get_flag(c, C_ACCESSIBLE, &h->needs_accessible);
}

static void parse_member_fields(struct row_ctx *c, struct member *m)
{
    memset(m, 0, sizeof *m);
    int64_t v;
    get_text(c, C_NAME, m->name, sizeof m->name);
    get_text(c, C_ID, m->id_number, sizeof m->id_number);
    m->relation = (enum relation)get_code(c, C_RELATION, relation_names, REL_COUNT);
    get_text(c, C_HUKOU, m->hukou_region_code, sizeof m->hukou_region_code);
    get_flag(c, C_HUKOU_URBAN, &m->hukou_urban);
    m->marital_status = (enum marital)get_code(c, C_MARITAL, marital_names, MAR_COUNT);
    v = 0;
    get_int(c, C_DISABILITY, 4, &v);
    m->disability_grade = (int)v;
    get_flag(c, C_ILLNESS, &m->serious_illness);
    get_flag(c, C_VETERAN, &m->veteran);
    get_flag(c, C_YOUFU, &m->youfu);
    get_text(c, C_EMPLOYER, m->employer, sizeof m->employer);
    get_text(c, C_WORK_REGION, m->work_region_code, sizeof m->work_region_code);
    get_int(c, C_SI_MONTHS, 720, &m->social_insurance_months);
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        get_money(c, C_INCOME_01 + k, &m->income[k]);
    struct member_assets *a = &m->assets;
    get_int(c, C_HOME_COUNT, 1000, &a->home_count);
    get_area(c, C_HOME_AREA, &a->home_area);
    get_money(c, C_HOME_VALUE, &a->home_value);
    get_int(c, C_VEHICLE_COUNT, 1000, &a->vehicle_count);
    get_money(c, C_VEHICLE_VALUE, &a->vehicle_value);
    get_money(c, C_DEPOSITS, &a->deposits);
    get_money(c, C_SECURITIES, &a->securities);
    get_money(c, C_INSURANCE, &a->insurance);
}

/* --- grouping rows into households ------------------------------------- */

static void rows_reset(struct household_rows *rows)
{
    rows->n = 0;
    rows->first_line = rows->last_line = 0;
    rows->nraw = 0;
    buf_reset(&rows->raw);
}

void household_rows_free(struct household_rows *rows)
{
    buf_free(&rows->raw);
    free(rows->raw_start);
    free(rows->raw_line);
    rows->raw_start = NULL;
    rows->raw_line = NULL;
    rows->nraw = rows->raw_alloc = 0;
}

static int keep_raw(struct household_csv *hc, struct household_rows *rows, long line)
{
    struct csv_reader *r = hc->r;
    if (!hc->keep_raw) return 0;
    if (rows->nraw + 2 > rows->raw_alloc) {
        size_t n = rows->raw_alloc ? rows->raw_alloc * 2 : 32;
        size_t *s = realloc(rows->raw_start, n * sizeof *s);
        if (!s) return -1;
        rows->raw_start = s;
        long *l = realloc(rows->raw_line, n * sizeof *l);
        if (!l) return -1;
        rows->raw_line = l;
        rows->raw_alloc = n;
    }
    rows->raw_start[rows->nraw] = rows->raw.len;
    rows->raw_line[rows->nraw] = line;
    for (size_t i = 0; i < csv_nfields(r); i++) {
        if (i && buf_putc(&rows->raw, ',')) return -1;
        if (csv_write_field(&rows->raw, csv_field(r, i), csv_field_len(r, i))) return -1;
    }
    rows->nraw++;
    rows->raw_start[rows->nraw] = rows->raw.len;
    return 0;
}

int household_csv_next(struct household_csv *hc, struct household *h, struct household_rows *rows,
                       int *bad, struct err_list *errs)
{
    rows_reset(rows);
    *bad = 0;
    /* nothing of the previous household may leak into this one */
    memset(h, 0, offsetof(struct household, members));
    h->nmembers = 0;
    if (hc->fatal) return -1;
    struct row_ctx c = {.r = hc->r, .map = hc->map, .errs = errs};
    int started = 0, have_first = 0;
    for (;;) {
        if (!hc->pending) {
            if (hc->eof) break;
            struct err e = {0};
            int rc = csv_read(hc->r, &e);
            if (rc == 0) {
                hc->eof = 1;
                break;
            }
            if (rc < 0) {
                err_list_add(errs, &e);
                if (csv_reader_fatal(hc->r)) {
                    hc->fatal = 1;
                    if (started) *bad = 1;
                    return started ? 1 : -1;
                }
                /* an unreadable record: it belongs to this household or the next;
                 * it is kept (empty) so that a rejects file names its line */
                hc->rows++;
                keep_raw(hc, rows, e.row);
                *bad = 1;
                hc->poison_next = 1;
                continue;
            }
            hc->rows++;
            hc->pending = 1;
        }
        const char *hno = csv_field(hc->r, (size_t)hc->map[C_HOUSEHOLD_NO]);
        if (started && strcmp(hno, buf_str(&hc->first[C_HOUSEHOLD_NO])) != 0)
            break; /* the next household starts: leave its row pending */
        hc->pending = 0;
        c.line = csv_record_line(hc->r);
        c.bad = 0;
        if (!started) {
            started = 1;
            if (hc->poison_next) *bad = 1;
            rows->first_line = c.line;
        }
        hc->poison_next = 0;
        rows->last_line = c.line;
        if (keep_raw(hc, rows, c.line)) {
            struct err e;
            err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
            err_list_add(errs, &e);
            hc->fatal = 1;
            *bad = 1;
            return 1;
        }
        size_t nf = csv_nfields(hc->r);
        if (nf != hc->ncols) {
            struct err e;
            err_set(&e, ERR_INVALID, "",
                    "本行有 %zu 列，应为 %zu 列（字段中的逗号需用英文双引号括起）",
                    "this row has %zu columns, %zu expected (quote fields that contain commas)", nf,
                    hc->ncols);
            e.row = c.line;
            err_list_add(errs, &e);
            *bad = 1;
            if (!have_first) { /* still group the following rows by this number */
                buf_reset(&hc->first[C_HOUSEHOLD_NO]);
                buf_puts(&hc->first[C_HOUSEHOLD_NO], hno);
                snprintf(h->household_no, sizeof h->household_no, "%s", hno);
            }
            continue;
        }
        if (!have_first) {
            have_first = 1;
            parse_household_fields(&c, h);
            for (int i = 0; i < C_HOUSEHOLD_COLS; i++) {
                buf_reset(&hc->first[i]);
                buf_puts(&hc->first[i], fld(&c, i));
            }
        } else {
            for (int i = 1; i < C_HOUSEHOLD_COLS; i++)
                if (strcmp(fld(&c, i), buf_str(&hc->first[i])) != 0) {
                    struct err e;
                    err_set(&e, ERR_INVALID, "",
                            "同一家庭（%s）各行的家庭信息应一致：本行为“%.60s”，第 %ld 行为“%.60s”",
                            "rows of one household (%s) must agree on household columns: this "
                            "row has \"%.60s\", line %ld has \"%.60s\"",
                            hno, fld(&c, i), rows->first_line, buf_str(&hc->first[i]));
                    row_error(&c, &e, i);
                }
        }
        if (h->nmembers >= HH_MAX_MEMBERS) {
            struct err e;
            err_set(&e, ERR_INVALID, "", "家庭 %s 的成员超过 %d 人",
                    "household %s has more than %d members", hno, HH_MAX_MEMBERS);
            e.row = c.line;
            err_list_add(errs, &e);
            *bad = 1;
            continue;
        }
        rows->line[h->nmembers] = c.line;
        parse_member_fields(&c, &h->members[h->nmembers]);
        h->nmembers++;
        rows->n = h->nmembers;
        if (c.bad) *bad = 1;
    }
    if (!started) return 0;
    return 1;
}

void household_csv_locate(const struct household_rows *rows, struct err *e)
{
    int i;
    char col[ERR_FIELD_MAX];
    if (sscanf(e->field, "members[%d].%63s", &i, col) == 2 && i >= 0 && i < rows->n) {
        e->row = rows->line[i];
        snprintf(e->field, sizeof e->field, "%s", col);
        return;
    }
    e->row = rows->first_line;
    if (strcmp(e->field, "members") == 0) e->field[0] = '\0';
}

/* --- writing ------------------------------------------------------------ */

int household_csv_write_header(struct buf *out)
{
    return csv_write_row(out, household_csv_columns, HOUSEHOLD_CSV_NCOLS);
}

int household_csv_write(struct buf *out, const struct household *h)
{
    char area[32], cats[256], nums[HOUSEHOLD_CSV_NCOLS][32];
    const char *f[HOUSEHOLD_CSV_NCOLS];
    area_format(h->housing_area, area);
    priority_format(h->priority, cats);
    f[C_HOUSEHOLD_NO] = h->household_no;
    f[C_REGION] = h->region_code;
    f[C_PHONE] = h->contact_phone;
    f[C_ADDRESS] = h->housing_address;
    f[C_AREA] = area;
    f[C_TENURE] = tenure_names[h->housing_tenure].code;
    f[C_PRIORITY] = cats;
    f[C_INCOME_END] = h->income_end_month;
    f[C_ACCESSIBLE] = h->needs_accessible ? "1" : "0";
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        f[C_NAME] = m->name;
        f[C_ID] = m->id_number;
        f[C_RELATION] = relation_names[m->relation].code;
        f[C_HUKOU] = m->hukou_region_code;
        f[C_HUKOU_URBAN] = m->hukou_urban ? "1" : "0";
        f[C_MARITAL] = marital_names[m->marital_status].code;
        snprintf(nums[C_DISABILITY], 32, "%d", m->disability_grade);
        f[C_DISABILITY] = nums[C_DISABILITY];
        f[C_ILLNESS] = m->serious_illness ? "1" : "0";
        f[C_VETERAN] = m->veteran ? "1" : "0";
        f[C_YOUFU] = m->youfu ? "1" : "0";
        f[C_EMPLOYER] = m->employer;
        f[C_WORK_REGION] = m->work_region_code;
        snprintf(nums[C_SI_MONTHS], 32, "%lld", (long long)m->social_insurance_months);
        f[C_SI_MONTHS] = nums[C_SI_MONTHS];
        for (int k = 0; k < HH_INCOME_MONTHS; k++) {
            money_format(m->income[k], nums[C_INCOME_01 + k]);
            f[C_INCOME_01 + k] = nums[C_INCOME_01 + k];
        }
        const struct member_assets *a = &m->assets;
        snprintf(nums[C_HOME_COUNT], 32, "%lld", (long long)a->home_count);
        area_format(a->home_area, nums[C_HOME_AREA]);
        money_format(a->home_value, nums[C_HOME_VALUE]);
        snprintf(nums[C_VEHICLE_COUNT], 32, "%lld", (long long)a->vehicle_count);
        money_format(a->vehicle_value, nums[C_VEHICLE_VALUE]);
        money_format(a->deposits, nums[C_DEPOSITS]);
        money_format(a->securities, nums[C_SECURITIES]);
        money_format(a->insurance, nums[C_INSURANCE]);
        for (int k = C_HOME_COUNT; k <= C_INSURANCE; k++)
            f[k] = nums[k];
        if (csv_write_row(out, f, HOUSEHOLD_CSV_NCOLS)) return -1;
    }
    return 0;
}
