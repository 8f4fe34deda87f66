/* core/stock — the housing stock (房源): projects, buildings and units, their
 * vocabulary and their rules of form (pure: no I/O, no SQL).
 *
 * A project (项目) is one programme's homes at one address, run by one
 * operator (产权单位); it has buildings (楼栋), which have units (套/间).
 * A unit of a rental programme (public_rental, affordable_rental, talent)
 * has a monthly rent; one of a sale programme (shared_ownership,
 * sale_type) a price for the whole unit; never both. The subsidy
 * programmes have no homes.
 *
 * A unit's status moves only along the table in stock.c:
 *   vacant → reserved | maintenance     reserved → offered | vacant
 *   offered → let | sold | vacant       let → vacant
 *   maintenance → vacant                sold: final
 * and `let` belongs to rental programmes, `sold` to sale programmes.
 *
 * Whether a street code exists, and whether codes are unique, is for the
 * caller (app/) to check against the database.
 *
 * Error fields are the names of the API's JSON (and, but for the
 * project's code and name, of the CSV columns): code, name, programme,
 * region_code, address, longitude, latitude, operator, status; building,
 * floors; unit_no, layout, area, floor, accessible, rent, price, status.
 *
 * Units: money in fen, area in 0.01 m2, coordinates in micro-degrees.
 * Structs are plain values (no heap).
 */
#ifndef ANJU_CORE_STOCK_H
#define ANJU_CORE_STOCK_H

#include "base/err.h"
#include "core/household.h"
#include "core/policy.h"

#include <stdint.h>

enum {
    STOCK_CODE_MAX = 32,      /* project code: letters, digits, . _ - */
    STOCK_NAME_MAX = 120,     /* bytes of UTF-8 (40 CJK characters) */
    STOCK_ADDRESS_MAX = 600,  /* bytes of UTF-8 (200 CJK characters) */
    STOCK_OPERATOR_MAX = 200, /* bytes */
    STOCK_BUILDING_MAX = 60,  /* bytes: "3号楼", "B座" */
    STOCK_UNIT_NO_MAX = 32,   /* bytes: "2-1203" */
    STOCK_FLOORS_MAX = 200,
    STOCK_Q_MAX = 120, /* bytes of a project search (GET /api/v1/projects?q=) */
};
/* Sane caps: larger values are typing errors. */
#define STOCK_AREA_MAX INT64_C(30000)          /* 300.00 m2 */
#define STOCK_RENT_MAX INT64_C(5000000)        /* 50,000.00 yuan a month */
#define STOCK_PRICE_MAX INT64_C(10000000000)   /* 100,000,000.00 yuan */
#define STOCK_LONGITUDE_MAX INT64_C(180000000) /* micro-degrees */
#define STOCK_LATITUDE_MAX INT64_C(90000000)

enum unit_layout {
    LAYOUT_DORMITORY,  /* 宿舍型 */
    LAYOUT_STUDIO,     /* 开间 */
    LAYOUT_ONE_ROOM,   /* 一居室 */
    LAYOUT_TWO_ROOM,   /* 二居室 */
    LAYOUT_THREE_ROOM, /* 三居室 */
    LAYOUT_COUNT
};

enum unit_status {
    UNIT_VACANT,      /* 空置待配 */
    UNIT_RESERVED,    /* 已预留（纳入配租/配售批次） */
    UNIT_OFFERED,     /* 已配出，待签约 */
    UNIT_LET,         /* 已出租 */
    UNIT_SOLD,        /* 已售出 */
    UNIT_MAINTENANCE, /* 维修中 */
    UNIT_STATUS_COUNT
};

enum project_status {
    PROJECT_CONSTRUCTION, /* 在建 */
    PROJECT_ACTIVE,       /* 已投入使用 */
    PROJECT_CLOSED,       /* 已退出保障 */
    PROJECT_STATUS_COUNT
};

extern const struct code_name layout_names[LAYOUT_COUNT];
extern const struct code_name unit_status_names[UNIT_STATUS_COUNT];
extern const struct code_name project_status_names[PROJECT_STATUS_COUNT];

struct stock_project {
    int64_t id; /* database id; 0 when new */
    char code[STOCK_CODE_MAX + 1];
    char name[STOCK_NAME_MAX + 1];
    enum programme programme;
    char region_code[13];  /* street/township (9 digits) */
    char district_code[7]; /* derived from region_code (set by app/) */
    char address[STOCK_ADDRESS_MAX + 1];
    int has_coords;              /* 0: longitude and latitude unknown */
    int64_t longitude, latitude; /* micro-degrees */
    char operator_name[STOCK_OPERATOR_MAX + 1];
    enum project_status status;
    int64_t version;
    char created_at[21], updated_at[21];
};

struct stock_building {
    int64_t id, project_id;
    char name[STOCK_BUILDING_MAX + 1];
    int64_t floors;
    int64_t version;
    char created_at[21], updated_at[21];
};

struct stock_unit {
    int64_t id, building_id;
    int64_t project_id;                    /* read with the unit (its building's) */
    char building[STOCK_BUILDING_MAX + 1]; /* its building's name, likewise */
    char unit_no[STOCK_UNIT_NO_MAX + 1];
    enum unit_layout layout;
    int64_t area; /* 0.01 m2 */
    int64_t floor;
    int accessible;
    int64_t rent;  /* fen a month; 0 = none (sale programmes) */
    int64_t price; /* fen; 0 = none (rental programmes) */
    enum unit_status status;
    int64_t version;
    char created_at[21], updated_at[21];
};

/* Units by status, and their total. */
struct stock_counts {
    int64_t total;
    int64_t by_status[UNIT_STATUS_COUNT];
};

/* 1 for the programmes that have homes (all but the two rent subsidies). */
int stock_programme_has_stock(enum programme p);
/* 1 for the sale programmes (shared_ownership, sale_type): units have a
 * price; 0 for the rental ones: units have a rent. */
int stock_programme_sells(enum programme p);

/* Checks a project's fields; every problem goes to errs. 0 when none. */
int stock_project_validate(const struct stock_project *p, struct err_list *errs);
/* Checks a building's name and floors. */
int stock_building_validate(const struct stock_building *b, struct err_list *errs);
/* Checks a unit of a project of programme p in a building of `floors`
 * floors: number, area (0 < area <= STOCK_AREA_MAX), floor (1..floors),
 * rent xor price by the programme, a status the programme can have. */
int stock_unit_validate(const struct stock_unit *u, enum programme p, int64_t floors,
                        struct err_list *errs);

/* 1 when the status table has from → to (whatever the programme). */
int stock_status_may(enum unit_status from, enum unit_status to);
/* 0 when a unit of programme p may go from → to (from == to is no move and
 * passes); else ERR_INVALID naming "status" and saying where `from` may go. */
int stock_status_transition(enum unit_status from, enum unit_status to, enum programme p,
                            struct err *e);

/* Decimal degrees with at most 6 decimals ("116.4475", "-33.8688"), within
 * ±180 (longitude) or ±90 (latitude), into micro-degrees. */
int stock_coord_parse(const char *s, int latitude, int64_t *micro, const char *field,
                      struct err *e);
/* "116.447500"; out holds 16 bytes. */
void stock_coord_format(int64_t micro, char out[16]);

#endif
