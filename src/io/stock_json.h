/* io/stock_json — projects, buildings and units as JSON (the API's
 * representation, docs/openapi.json).
 *
 *   project: {"id","code","name","programme","district_code","region_code",
 *             "address","longitude","latitude","operator","status","version",
 *             "created_at","updated_at"}
 *     longitude/latitude: decimal-degree strings with 6 decimals
 *     ("116.447500") or null when unknown
 *   unit:    {"id","project_id","building_id","building","unit_no","layout",
 *             "area","floor","accessible","rent","price","status","version",
 *             "created_at","updated_at"}
 *     area "45.50" (m2), rent (a month) and price "1850.00" (yuan) or null
 *   counts:  {"total","vacant","reserved","offered","let","sold","maintenance"}
 *
 * Money, areas and coordinates are strings, never JSON numbers, so no value
 * passes through a double. Input is strict: unknown keys and wrong types are
 * errors, every problem is reported, each naming its key. Whether values
 * obey the rules (core/stock) is not this module's job.
 *
 * Ownership: _render functions give a new reference (json_decref it);
 * parsers borrow their input.
 */
#ifndef ANJU_IO_STOCK_JSON_H
#define ANJU_IO_STOCK_JSON_H

#include "base/err.h"
#include "core/stock.h"

#include <jansson.h>

json_t *stock_project_json_render(const struct stock_project *p);
json_t *stock_counts_json_render(const struct stock_counts *c);
json_t *stock_building_json_render(const struct stock_building *b, const struct stock_counts *c);
json_t *stock_unit_json_render(const struct stock_unit *u);

/* POST /api/v1/projects: code, name, programme, region_code, address,
 * operator (required), longitude and latitude (both or neither; strings or
 * null), status (default active). */
int stock_json_parse_project(const json_t *j, struct stock_project *p, struct err_list *errs);

/* POST /api/v1/projects/{id}/units: building, unit_no, layout, area, floor
 * (required); floors (the building's, needed when it is new), accessible
 * (default false), rent, price, status (default vacant). *floors = 0 when
 * absent. */
int stock_json_parse_unit(const json_t *j, struct stock_unit *u, int64_t *floors,
                          struct err_list *errs);

/* PATCH /api/v1/units/{id}: applies the keys present (unit_no, layout,
 * area, floor, accessible, rent, price, status; rent and price may be null
 * = none) to *u. "version" is allowed and skipped: the caller reads it. */
int stock_json_patch_unit(const json_t *j, struct stock_unit *u, struct err_list *errs);

#endif
