/* io/household_json — the household record as JSON (the API's representation).
 *
 *   {"id":1,"household_no":"BJ2026000001","region_code":"110105001",
 *    "district_code":"110105","contact_phone":"13800138000",
 *    "housing":{"address":"…","area":"45.50","tenure":"private_rental"},
 *    "priority_categories":["dibao","elderly"],"income_end_month":"2026-10",
 *    "needs_accessible":false,
 *    "members":[{"name":"张三","id_number":"110101199003071234",
 *                "birth_date":"1990-03-07","sex":"M","relation":"applicant",
 *                "hukou_region_code":"110105","hukou_urban":true,
 *                "marital_status":"married","disability_grade":0,
 *                "serious_illness":false,"veteran":false,"youfu":false,
 *                "employer":"","work_region_code":"","social_insurance_months":36,
 *                "monthly_income":["3850.00", … 12 entries, the last is income_end_month],
 *                "assets":{"home_count":0,"home_area":"0.00","home_value":"0.00",
 *                          "vehicle_count":0,"vehicle_value":"0.00","deposits":"12000.00",
 *                          "securities":"0.00","insurance":"0.00"}}],
 *    "version":1,"created_at":"…","updated_at":"…"}
 *
 * Money and areas are JSON strings in the CSV's decimal form (base/money.h),
 * never JSON numbers, so no value passes through a double.
 *
 * Input is strict: every writable key is required (but household_no, which
 * a new household may leave to the server, and needs_accessible, false when
 * absent), unknown keys and wrong
 * types are errors, and every problem is reported (not only the first), each
 * naming its JSON path ("members[2].monthly_income[5]", "housing.area").
 * Read-only keys (id, district_code, version, created_at, updated_at and the
 * members' birth_date and sex) are accepted with any value and ignored.
 * Whether the record obeys the household rules (check digits, one
 * applicant, ...) is core/household_validate's job, not this module's.
 *
 * Ownership: functions named _render give a new jansson reference that the
 * caller releases with json_decref; parse borrows its input.
 */
#ifndef ANJU_IO_HOUSEHOLD_JSON_H
#define ANJU_IO_HOUSEHOLD_JSON_H

#include "base/err.h"
#include "core/household.h"
#include "store/household_store.h"

#include <jansson.h>

/* The household as JSON; with mask_ids every ID number is masked
 * ("110101********1234"). NULL only when out of memory. */
json_t *household_json_render(const struct household *h, int mask_ids);

/* A list entry: {"id","household_no","district_code","region_code",
 * "applicant_name","applicant_id_number","member_count",
 * "priority_categories","updated_at"}; the ID number is masked when
 * mask_ids is set. */
json_t *household_summary_json_render(const struct household_summary *s, int mask_ids);

/* Fills *h from j (which must be an object) and returns 0, or adds every
 * problem to errs (ERR_INVALID with the JSON path as the field) and returns
 * -1. household_no is "" when absent or null (app/ assigns one to a new
 * household). h->id, version, district_code and the timestamps are left zero/empty;
 * the caller sets what it knows. */
int household_json_parse(const json_t *j, struct household *h, struct err_list *errs);

/* Rewrites a field named the way core/ and store/ name it (the CSV column
 * names: "housing_area", "members[1].income_03", "members[0].deposits") to
 * its JSON path ("housing.area", "members[1].monthly_income[2]",
 * "members[0].assets.deposits"). Other fields are left as they are. */
void household_json_field_path(struct err *e);

#endif
