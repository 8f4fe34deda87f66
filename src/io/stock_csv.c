#include "io/stock_csv.h"

#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const stock_csv_columns[STOCK_CSV_NCOLS] = {
    [SC_PROJECT_CODE] = "project_code",
    [SC_PROJECT_NAME] = "project_name",
    [SC_PROGRAMME] = "programme",
    [SC_REGION_CODE] = "region_code",
    [SC_ADDRESS] = "address",
    [SC_LONGITUDE] = "longitude",
    [SC_LATITUDE] = "latitude",
    [SC_OPERATOR] = "operator",
    [SC_BUILDING] = "building",
    [SC_FLOORS] = "floors",
    [SC_UNIT_NO] = "unit_no",
    [SC_LAYOUT] = "layout",
    [SC_AREA] = "area",
    [SC_FLOOR] = "floor",
    [SC_ACCESSIBLE] = "accessible",
    [SC_RENT] = "rent",
    [SC_PRICE] = "price",
    [SC_STATUS] = "status",
};

struct stock_csv {
    struct csv_reader *r;
    int fatal;
    long rows;
};

struct stock_csv *stock_csv_open(struct csv_reader *r, struct err *e)
{
    int rc = csv_read(r, e);
    if (rc == 0) {
        err_set(e, ERR_INVALID, "", "文件为空：缺少表头", "the file is empty: no header row");
        e->row = 1;
        goto fail;
    }
    if (rc < 0) goto fail;
    for (size_t i = 0; i < STOCK_CSV_NCOLS; i++) {
        if (i >= csv_nfields(r)) {
            err_set(e, ERR_INVALID, stock_csv_columns[i],
                    "表头缺少第 %zu 列“%s”（共应有 %d 列，见 docs/stock.md）",
                    "the header lacks column %zu \"%s\" (%d columns expected, see docs/stock.md)",
                    i + 1, stock_csv_columns[i], STOCK_CSV_NCOLS);
            e->row = csv_record_line(r);
            goto fail;
        }
        if (strcmp(csv_field(r, i), stock_csv_columns[i]) != 0) {
            err_set(e, ERR_INVALID, stock_csv_columns[i],
                    "表头第 %zu 列应为“%s”，实际为“%.80s”（见 docs/stock.md）",
                    "header column %zu must be \"%s\", got \"%.80s\" (see docs/stock.md)", i + 1,
                    stock_csv_columns[i], csv_field(r, i));
            e->row = csv_record_line(r);
            goto fail;
        }
    }
    if (csv_nfields(r) != STOCK_CSV_NCOLS) {
        err_set(e, ERR_INVALID, "", "表头有 %zu 列，应为 %d 列（见 docs/stock.md）",
                "the header has %zu columns, %d expected (see docs/stock.md)", csv_nfields(r),
                STOCK_CSV_NCOLS);
        e->row = csv_record_line(r);
        goto fail;
    }
    struct stock_csv *sc = calloc(1, sizeof *sc);
    if (!sc) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    sc->r = r;
    return sc;
fail:
    csv_reader_free(r);
    return NULL;
}

void stock_csv_close(struct stock_csv *sc)
{
    if (!sc) return;
    csv_reader_free(sc->r);
    free(sc);
}

long stock_csv_rows(const struct stock_csv *sc)
{
    return sc->rows;
}

const char *stock_csv_field(const struct stock_csv *sc, int col)
{
    if (col < 0 || (size_t)col >= csv_nfields(sc->r)) return "";
    return csv_field(sc->r, (size_t)col);
}

int stock_csv_raw(const struct stock_csv *sc, struct buf *out)
{
    for (size_t i = 0; i < csv_nfields(sc->r); i++) {
        if (i && buf_putc(out, ',')) return -1;
        if (csv_write_field(out, csv_field(sc->r, i), csv_field_len(sc->r, i))) return -1;
    }
    return 0;
}

const char *stock_csv_column_for(const char *field)
{
    if (strcmp(field, "code") == 0) return "project_code";
    if (strcmp(field, "name") == 0) return "project_name";
    return field;
}

/* --- field parsing ------------------------------------------------------ */

struct ctx {
    struct csv_reader *r;
    struct stock_csv_row *row;
    struct err_list *errs;
};

static const char *fld(struct ctx *c, int col)
{
    return csv_field(c->r, (size_t)col);
}

static void bad(struct ctx *c, struct err *e, int col)
{
    e->row = c->row->line;
    snprintf(e->field, sizeof e->field, "%s", stock_csv_columns[col]);
    err_list_add(c->errs, e);
    c->row->bad_cols |= 1u << col;
}

static void get_text(struct ctx *c, int col, char *dst, size_t cap)
{
    size_t n = csv_field_len(c->r, (size_t)col);
    if (n >= cap) {
        struct err e;
        err_set(&e, ERR_INVALID, "", "内容过长：最多 %zu 字节（UTF-8），实际 %zu 字节",
                "too long: at most %zu bytes of UTF-8, got %zu", cap - 1, n);
        bad(c, &e, col);
        dst[0] = '\0';
        return;
    }
    memcpy(dst, fld(c, col), n + 1);
}

static void get_int(struct ctx *c, int col, int64_t max, int64_t *v)
{
    struct err e;
    if (int_parse(fld(c, col), max, v, "", &e)) bad(c, &e, col);
}

/* An amount that may be left empty (0 = none); when given, above 0. */
static void get_amount(struct ctx *c, int col, int64_t *v)
{
    const char *s = fld(c, col);
    *v = 0;
    if (!*s) return;
    struct err e;
    if (money_parse(s, v, "", &e))
        bad(c, &e, col);
    else if (*v == 0) {
        err_set(&e, ERR_INVALID, "", "应大于 0；不适用时留空",
                "must be above 0; leave it empty when it does not apply");
        bad(c, &e, col);
    }
}

static int get_code(struct ctx *c, int col, const struct code_name *table, int n, int first)
{
    const char *s = fld(c, col);
    int i = code_lookup(table, n, s);
    if (i >= first) return i;
    char known[512] = "";
    for (int k = first; k < n; k++) {
        strncat(known, k > first ? ", " : "", sizeof known - strlen(known) - 1);
        strncat(known, table[k].code, sizeof known - strlen(known) - 1);
    }
    struct err e;
    err_set(&e, ERR_INVALID, "", "取值“%.40s”无效，可用：%s",
            "invalid value \"%.40s\"; use one of: %s", s, known);
    bad(c, &e, col);
    return first;
}

static void get_coords(struct ctx *c, struct stock_project *p)
{
    const char *lon = fld(c, SC_LONGITUDE), *lat = fld(c, SC_LATITUDE);
    struct err e;
    p->has_coords = 0;
    if (!*lon && !*lat) return;
    if (!*lon || !*lat) {
        err_set(&e, ERR_INVALID, "", "经度和纬度须同时填写或同时留空",
                "give both the longitude and the latitude, or neither");
        bad(c, &e, *lon ? SC_LATITUDE : SC_LONGITUDE);
        return;
    }
    int ok = 1;
    if (stock_coord_parse(lon, 0, &p->longitude, "", &e)) bad(c, &e, SC_LONGITUDE), ok = 0;
    if (stock_coord_parse(lat, 1, &p->latitude, "", &e)) bad(c, &e, SC_LATITUDE), ok = 0;
    p->has_coords = ok;
}

/* The programmes of the vocabulary, as a CSV value. */
static enum programme get_programme(struct ctx *c)
{
    return (enum programme)get_code(c, SC_PROGRAMME, programme_names, PROG_COUNT, 0);
}

static void get_flag(struct ctx *c, int col, int *v)
{
    const char *s = fld(c, col);
    if ((s[0] == '0' || s[0] == '1') && s[1] == '\0') {
        *v = s[0] - '0';
        return;
    }
    struct err e;
    err_set(&e, ERR_INVALID, "", "应为 0（否）或 1（是），实际为“%.40s”",
            "must be 0 (no) or 1 (yes), got \"%.40s\"", s);
    bad(c, &e, col);
}

int stock_csv_next(struct stock_csv *sc, struct stock_csv_row *row, struct err_list *errs)
{
    memset(row, 0, sizeof *row);
    if (sc->fatal) return -1;
    struct err e = {0};
    int rc = csv_read(sc->r, &e);
    if (rc == 0) return 0;
    if (rc < 0) {
        err_list_add(errs, &e);
        if (csv_reader_fatal(sc->r)) {
            sc->fatal = 1;
            return -1;
        }
        sc->rows++;
        row->line = e.row;
        return 1; /* unreadable: parsed = 0 */
    }
    sc->rows++;
    row->line = csv_record_line(sc->r);
    size_t nf = csv_nfields(sc->r);
    if (nf != STOCK_CSV_NCOLS) {
        err_set(&e, ERR_INVALID, "", "本行有 %zu 列，应为 %d 列（字段中的逗号需用英文双引号括起）",
                "this row has %zu columns, %d expected (quote fields that contain commas)", nf,
                STOCK_CSV_NCOLS);
        e.row = row->line;
        err_list_add(errs, &e);
        return 1;
    }
    row->parsed = 1;
    struct ctx c = {.r = sc->r, .row = row, .errs = errs};
    struct stock_project *p = &row->p;
    get_text(&c, SC_PROJECT_CODE, p->code, sizeof p->code);
    get_text(&c, SC_PROJECT_NAME, p->name, sizeof p->name);
    p->programme = get_programme(&c);
    get_text(&c, SC_REGION_CODE, p->region_code, sizeof p->region_code);
    get_text(&c, SC_ADDRESS, p->address, sizeof p->address);
    get_coords(&c, p);
    get_text(&c, SC_OPERATOR, p->operator_name, sizeof p->operator_name);
    p->status = PROJECT_ACTIVE;
    struct stock_building *b = &row->b;
    get_text(&c, SC_BUILDING, b->name, sizeof b->name);
    get_int(&c, SC_FLOORS, 1000, &b->floors);
    struct stock_unit *u = &row->u;
    get_text(&c, SC_UNIT_NO, u->unit_no, sizeof u->unit_no);
    memcpy(u->building, b->name, sizeof u->building);
    u->layout = (enum unit_layout)get_code(&c, SC_LAYOUT, layout_names, LAYOUT_COUNT, 0);
    struct err ae;
    if (area_parse(fld(&c, SC_AREA), &u->area, "", &ae)) bad(&c, &ae, SC_AREA);
    get_int(&c, SC_FLOOR, 1000, &u->floor);
    get_flag(&c, SC_ACCESSIBLE, &u->accessible);
    get_amount(&c, SC_RENT, &u->rent);
    get_amount(&c, SC_PRICE, &u->price);
    u->status = (enum unit_status)get_code(&c, SC_STATUS, unit_status_names, UNIT_STATUS_COUNT, 0);
    return 1;
}

/* --- writing ------------------------------------------------------------ */

int stock_csv_write_header(struct buf *out)
{
    return csv_write_row(out, stock_csv_columns, STOCK_CSV_NCOLS);
}

int stock_csv_write(struct buf *out, const struct stock_project *p, const struct stock_building *b,
                    const struct stock_unit *u)
{
    char lon[16] = "", lat[16] = "", floors[24], area[32], floor[24], rent[32] = "", price[32] = "";
    if (p->has_coords) {
        stock_coord_format(p->longitude, lon);
        stock_coord_format(p->latitude, lat);
    }
    snprintf(floors, sizeof floors, "%lld", (long long)b->floors);
    area_format(u->area, area);
    snprintf(floor, sizeof floor, "%lld", (long long)u->floor);
    if (u->rent) money_format(u->rent, rent);
    if (u->price) money_format(u->price, price);
    const char *f[STOCK_CSV_NCOLS] = {
        [SC_PROJECT_CODE] = p->code,
        [SC_PROJECT_NAME] = p->name,
        [SC_PROGRAMME] = programme_names[p->programme].code,
        [SC_REGION_CODE] = p->region_code,
        [SC_ADDRESS] = p->address,
        [SC_LONGITUDE] = lon,
        [SC_LATITUDE] = lat,
        [SC_OPERATOR] = p->operator_name,
        [SC_BUILDING] = b->name,
        [SC_FLOORS] = floors,
        [SC_UNIT_NO] = u->unit_no,
        [SC_LAYOUT] = layout_names[u->layout].code,
        [SC_AREA] = area,
        [SC_FLOOR] = floor,
        [SC_ACCESSIBLE] = u->accessible ? "1" : "0",
        [SC_RENT] = rent,
        [SC_PRICE] = price,
        [SC_STATUS] = unit_status_names[u->status].code,
    };
    return csv_write_row(out, f, STOCK_CSV_NCOLS);
}
