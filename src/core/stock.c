/* core/stock — the vocabulary, the rules of form and the status table. */
#include "core/stock.h"

#include <stdio.h>
#include <string.h>

const struct code_name layout_names[LAYOUT_COUNT] = {
    [LAYOUT_DORMITORY] = {"dormitory", "宿舍型", "dormitory"},
    [LAYOUT_STUDIO] = {"studio", "开间", "studio"},
    [LAYOUT_ONE_ROOM] = {"one_room", "一居室", "one-room flat"},
    [LAYOUT_TWO_ROOM] = {"two_room", "二居室", "two-room flat"},
    [LAYOUT_THREE_ROOM] = {"three_room", "三居室", "three-room flat"},
};

const struct code_name unit_status_names[UNIT_STATUS_COUNT] = {
    [UNIT_VACANT] = {"vacant", "空置待配", "vacant"},
    [UNIT_RESERVED] = {"reserved", "已预留", "reserved"},
    [UNIT_OFFERED] = {"offered", "已配出待签约", "offered"},
    [UNIT_LET] = {"let", "已出租", "let"},
    [UNIT_SOLD] = {"sold", "已售出", "sold"},
    [UNIT_MAINTENANCE] = {"maintenance", "维修中", "under maintenance"},
};

const struct code_name project_status_names[PROJECT_STATUS_COUNT] = {
    [PROJECT_CONSTRUCTION] = {"construction", "在建", "under construction"},
    [PROJECT_ACTIVE] = {"active", "已投入使用", "in use"},
    [PROJECT_CLOSED] = {"closed", "已退出保障", "withdrawn from the programme"},
};

/* The status table: every move a unit may make. */
static const struct {
    enum unit_status from, to;
} moves[] = {
    {UNIT_VACANT, UNIT_RESERVED}, {UNIT_VACANT, UNIT_MAINTENANCE}, {UNIT_RESERVED, UNIT_OFFERED},
    {UNIT_RESERVED, UNIT_VACANT}, {UNIT_OFFERED, UNIT_LET},        {UNIT_OFFERED, UNIT_SOLD},
    {UNIT_OFFERED, UNIT_VACANT},  {UNIT_LET, UNIT_VACANT},         {UNIT_MAINTENANCE, UNIT_VACANT},
};

int stock_programme_has_stock(enum programme p)
{
    switch (p) {
    case PROG_PUBLIC_RENTAL:
    case PROG_AFFORDABLE_RENTAL:
    case PROG_SHARED_OWNERSHIP:
    case PROG_SALE_TYPE:
    case PROG_TALENT:
        return 1;
    case PROG_PUBLIC_RENTAL_SUBSIDY:
    case PROG_MARKET_RENT_SUBSIDY:
    case PROG_COUNT:
        break;
    }
    return 0;
}

int stock_programme_sells(enum programme p)
{
    return p == PROG_SHARED_OWNERSHIP || p == PROG_SALE_TYPE;
}

static void add(struct err_list *errs, struct err *e)
{
    err_list_add(errs, e);
}

static int code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > STOCK_CODE_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.'))) return 0;
    }
    return 1;
}

static int digits(const char *s, size_t n)
{
    if (strlen(s) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int stock_project_validate(const struct stock_project *p, struct err_list *errs)
{
    size_t before = errs->total;
    struct err e;
    if (!code_ok(p->code)) {
        err_set(&e, ERR_INVALID, "code",
                "项目编号应为 1–%d 个字母、数字或 . _ -（以字母或数字开头），实际为“%.40s”",
                "a project code is 1-%d letters, digits or . _ - (starting with a letter or "
                "digit), not \"%.40s\"",
                STOCK_CODE_MAX, p->code);
        add(errs, &e);
    }
    if (household_text_ok(p->name, STOCK_NAME_MAX, TEXT_REQUIRED, "name", &e)) add(errs, &e);
    if ((unsigned)p->programme >= PROG_COUNT || !stock_programme_has_stock(p->programme)) {
        const struct code_name *n =
            (unsigned)p->programme < PROG_COUNT ? &programme_names[p->programme] : NULL;
        err_set(&e, ERR_INVALID, "programme",
                "%s没有房源：项目只属于公租房、保障性租赁住房、共有产权住房、配售型保障性住房"
                "或人才住房%.0s",
                "%.0s%s has no homes: a project belongs to public_rental, affordable_rental, "
                "shared_ownership, sale_type or talent",
                n ? n->zh : "该项目", n ? n->code : "this programme");
        add(errs, &e);
    }
    if (!digits(p->region_code, 9)) {
        err_set(&e, ERR_INVALID, "region_code", "应为 9 位街道/乡镇代码，实际为“%.20s”",
                "must be a 9-digit street/township code, not \"%.20s\"", p->region_code);
        add(errs, &e);
    }
    if (household_text_ok(p->address, STOCK_ADDRESS_MAX, TEXT_REQUIRED, "address", &e))
        add(errs, &e);
    if (p->has_coords) {
        if (p->longitude < -STOCK_LONGITUDE_MAX || p->longitude > STOCK_LONGITUDE_MAX) {
            err_set(&e, ERR_INVALID, "longitude", "经度应在 -180 至 180 度之间",
                    "the longitude must be from -180 to 180 degrees");
            add(errs, &e);
        }
        if (p->latitude < -STOCK_LATITUDE_MAX || p->latitude > STOCK_LATITUDE_MAX) {
            err_set(&e, ERR_INVALID, "latitude", "纬度应在 -90 至 90 度之间",
                    "the latitude must be from -90 to 90 degrees");
            add(errs, &e);
        }
    }
    if (household_text_ok(p->operator_name, STOCK_OPERATOR_MAX, TEXT_REQUIRED, "operator", &e))
        add(errs, &e);
    if ((unsigned)p->status >= PROJECT_STATUS_COUNT) {
        err_set(&e, ERR_INVALID, "status",
                "项目状态应为 construction（在建）、active（已投入使用）或 closed（已退出保障）",
                "a project's status is construction, active or closed");
        add(errs, &e);
    }
    return errs->total == before ? 0 : -1;
}

int stock_building_validate(const struct stock_building *b, struct err_list *errs)
{
    size_t before = errs->total;
    struct err e;
    if (household_text_ok(b->name, STOCK_BUILDING_MAX, TEXT_REQUIRED, "building", &e))
        add(errs, &e);
    if (b->floors < 1 || b->floors > STOCK_FLOORS_MAX) {
        err_set(&e, ERR_INVALID, "floors", "楼层数应为 1 至 %d，实际为 %lld",
                "the number of floors must be 1 to %d, not %lld", STOCK_FLOORS_MAX,
                (long long)b->floors);
        add(errs, &e);
    }
    return errs->total == before ? 0 : -1;
}

int stock_unit_validate(const struct stock_unit *u, enum programme p, int64_t floors,
                        struct err_list *errs)
{
    size_t before = errs->total;
    struct err e;
    if (household_text_ok(u->unit_no, STOCK_UNIT_NO_MAX, TEXT_REQUIRED, "unit_no", &e))
        add(errs, &e);
    if ((unsigned)u->layout >= LAYOUT_COUNT) {
        err_set(&e, ERR_INVALID, "layout", "户型无效", "unknown layout");
        add(errs, &e);
    }
    if (u->area <= 0 || u->area > STOCK_AREA_MAX) {
        err_set(&e, ERR_INVALID, "area", "面积应大于 0 且不超过 %lld.00 平方米",
                "the area must be above 0 and at most %lld.00 m2",
                (long long)(STOCK_AREA_MAX / 100));
        add(errs, &e);
    }
    if (u->floor < 1 || u->floor > floors) {
        err_set(&e, ERR_INVALID, "floor", "楼层应为 1 至 %lld（该楼共 %lld 层），实际为 %lld",
                "the floor must be 1 to %lld (the building has %lld floors), not %lld",
                (long long)(floors > 0 ? floors : 1), (long long)floors, (long long)u->floor);
        add(errs, &e);
    }
    if (u->accessible != 0 && u->accessible != 1) {
        err_set(&e, ERR_INVALID, "accessible", "应为 0（否）或 1（是）",
                "must be 0 (no) or 1 (yes)");
        add(errs, &e);
    }
    int sells = stock_programme_sells(p);
    const char *pzh = (unsigned)p < PROG_COUNT ? programme_names[p].zh : "?";
    const char *pen = (unsigned)p < PROG_COUNT ? programme_names[p].code : "?";
    if (sells) {
        if (u->price <= 0 || u->price > STOCK_PRICE_MAX) {
            err_set(&e, ERR_INVALID, "price",
                    "%s项目的单元须有售价（大于 0，至多 100000000.00 元）%.0s",
                    "%.0sa unit of a %s project needs a price (above 0, at most 100000000.00)", pzh,
                    pen);
            add(errs, &e);
        }
        if (u->rent != 0) {
            err_set(&e, ERR_INVALID, "rent", "%s项目出售而不出租：不填租金%.0s",
                    "%.0sa %s project sells its units: leave the rent empty", pzh, pen);
            add(errs, &e);
        }
    } else {
        if (u->rent <= 0 || u->rent > STOCK_RENT_MAX) {
            err_set(&e, ERR_INVALID, "rent",
                    "%s项目的单元须有月租金（大于 0，至多 50000.00 元）%.0s",
                    "%.0sa unit of a %s project needs a monthly rent (above 0, at most 50000.00)",
                    pzh, pen);
            add(errs, &e);
        }
        if (u->price != 0) {
            err_set(&e, ERR_INVALID, "price", "%s项目出租而不出售：不填售价%.0s",
                    "%.0sa %s project lets its units: leave the price empty", pzh, pen);
            add(errs, &e);
        }
    }
    if ((unsigned)u->status >= UNIT_STATUS_COUNT) {
        err_set(&e, ERR_INVALID, "status", "单元状态无效", "unknown unit status");
        add(errs, &e);
    } else if ((u->status == UNIT_LET && sells) || (u->status == UNIT_SOLD && !sells)) {
        err_set(&e, ERR_INVALID, "status", "%s项目的单元不能是“%s”状态%.0s%.0s",
                "%.0s%.0sa unit of a %s project cannot be %s", pzh, unit_status_names[u->status].zh,
                pen, unit_status_names[u->status].code);
        add(errs, &e);
    }
    return errs->total == before ? 0 : -1;
}

int stock_status_may(enum unit_status from, enum unit_status to)
{
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if (moves[i].from == from && moves[i].to == to) return 1;
    return 0;
}

int stock_status_transition(enum unit_status from, enum unit_status to, enum programme p,
                            struct err *e)
{
    if ((unsigned)from >= UNIT_STATUS_COUNT || (unsigned)to >= UNIT_STATUS_COUNT)
        return err_set(e, ERR_INVALID, "status", "单元状态无效", "unknown unit status");
    if (from == to) return 0;
    int sells = stock_programme_sells(p);
    if (stock_status_may(from, to) && !(to == UNIT_LET && sells) && !(to == UNIT_SOLD && !sells))
        return 0;
    /* where it may go instead, for the message */
    char zh[200] = "", en[200] = "";
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (moves[i].from != from) continue;
        if ((moves[i].to == UNIT_LET && sells) || (moves[i].to == UNIT_SOLD && !sells)) continue;
        size_t lz = strlen(zh), le = strlen(en);
        snprintf(zh + lz, sizeof zh - lz, "%s%s", lz ? "、" : "",
                 unit_status_names[moves[i].to].code);
        snprintf(en + le, sizeof en - le, "%s%s", le ? ", " : "",
                 unit_status_names[moves[i].to].code);
    }
    const struct code_name *f = &unit_status_names[from], *t = &unit_status_names[to];
    if (!zh[0])
        return err_set(e, ERR_INVALID, "status", "单元已是“%s”（%s），状态不能再改变%.0s",
                       "%.0s%.0sthe unit is %s: its status is final", f->zh, f->code, f->code);
    char why_zh[ERR_TEXT_MAX], why_en[ERR_TEXT_MAX];
    snprintf(why_zh, sizeof why_zh, "单元不能从“%s”（%s）改为“%s”（%s）：只能改为 %s", f->zh,
             f->code, t->zh, t->code, zh);
    snprintf(why_en, sizeof why_en, "a unit cannot go from %s to %s: from %s only to %s", f->code,
             t->code, f->code, en);
    return err_set(e, ERR_INVALID, "status", "%s%.0s", "%.0s%s", why_zh, why_en);
}

int stock_coord_parse(const char *s, int latitude, int64_t *micro, const char *field, struct err *e)
{
    const char *what_zh = latitude ? "纬度" : "经度",
               *what_en = latitude ? "latitude" : "longitude";
    int64_t max = latitude ? STOCK_LATITUDE_MAX : STOCK_LONGITUDE_MAX;
    const char *p = s;
    int neg = 0;
    if (*p == '-') neg = 1, p++;
    int64_t whole = 0, frac = 0;
    int nwhole = 0, nfrac = 0, ok = 1;
    for (; *p >= '0' && *p <= '9'; p++, nwhole++)
        if (nwhole < 4) whole = whole * 10 + (*p - '0');
    if (*p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++, nfrac++)
            if (nfrac < 6) frac = frac * 10 + (*p - '0');
        if (nfrac == 0) ok = 0;
    }
    if (*p || nwhole == 0 || nwhole > 3 || nfrac > 6) ok = 0;
    if (!ok)
        return err_set(e, ERR_INVALID, field,
                       "%s%.0s应为十进制度数，最多 6 位小数（如 116.447500），实际为“%.40s”",
                       "%.0sthe %s must be decimal degrees with at most 6 decimals (e.g. "
                       "116.447500), not \"%.40s\"",
                       what_zh, what_en, s);
    for (int k = nfrac; k < 6; k++)
        frac *= 10;
    int64_t v = whole * 1000000 + frac;
    if (v > max)
        return err_set(e, ERR_INVALID, field, "%s%.0s应在 -%lld 至 %lld 度之间，实际为 %.40s",
                       "%.0sthe %s must be from -%lld to %lld degrees, not %.40s", what_zh, what_en,
                       (long long)(max / 1000000), (long long)(max / 1000000), s);
    *micro = neg ? -v : v;
    return 0;
}

void stock_coord_format(int64_t micro, char out[16])
{
    /* in range, |micro| <= 180000000: at most "-180.000000" */
    uint64_t a = micro < 0 ? (uint64_t)0 - (uint64_t)micro : (uint64_t)micro;
    unsigned whole = (unsigned)((a / 1000000) % 1000), frac = (unsigned)(a % 1000000);
    snprintf(out, 16, "%s%u.%06u", micro < 0 ? "-" : "", whole, frac);
}
