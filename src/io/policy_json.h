/* io/policy_json — a policy version (core/policy.h) as a JSON preset.
 *
 * The preset is the file a city officer edits (policy/beijing.json, ...);
 * docs/policy.md describes every key. In brief:
 *
 *   {"code": "beijing", "version": "2026.1", "name_zh": "…", "name_en": "…",
 *    "effective": "2026-01-01", "regions": ["11"],
 *    "priority": {"order": ["dibao", …], "long_wait_years": 5, "source": {…}},
 *    "programmes": {
 *      "public_rental": {"publicity_days": 15, "re_report_months": 24,
 *        "criteria": [{"criterion": "per_capita_housing_area_max", "area": "15.00",
 *                      "inclusive": true, "source": {…}}, …],
 *        "source": {…}},
 *      "market_rent_subsidy": {…, "subsidy": {"kind": "amount", "large_from_members": 3,
 *        "cap_at_rent": true, "zones": [{"code": "general", …}, …],
 *        "tiers": [{"tier": 1, "categories": ["dibao", "tekun"],
 *                   "amounts": {"general": ["2500.00", "3500.00"], …}}, …],
 *        "uplift": {…}, "source": {…}}}}}
 *
 * with every source {"document": "…", "effective": "YYYY-MM-DD"} and an
 * optional "note". Money, areas and percentages are strings with exactly two
 * decimals ("2400.00"), never JSON numbers; counts are integers.
 *
 * Parsing is strict: duplicate keys (JSON_REJECT_DUPLICATES), unknown keys,
 * wrong types, missing members, malformed or negative figures, unknown codes,
 * overlapping size limits or income bands, tiers out of order, full arrays,
 * sources missing or dated after the version: every problem is reported, each
 * naming its JSON path ("programmes.market_rent_subsidy.subsidy.tiers[3].
 * income.max") with a Chinese and an English reason.
 *
 * Rendering gives the canonical form, which the database stores and hashes:
 * keys in a fixed order, 2-space indent, figures with two decimals, a final
 * newline. policy_parse(policy_render(p)) gives back p byte for byte (for
 * any p that policy_parse produced), and render(parse(render(p))) is
 * render(p).
 *
 * Ownership: policy_render returns a malloc'd string the caller frees;
 * policy_diff returns a new jansson reference (json_decref). policy_parse
 * borrows its input and fills *p (about 1.2 MB: keep it off small stacks).
 */
#ifndef ANJU_IO_POLICY_JSON_H
#define ANJU_IO_POLICY_JSON_H

#include "base/err.h"
#include "core/policy.h"

#include <jansson.h>
#include <stddef.h>

/* Parses json (len bytes, UTF-8) into *p and returns 0, or adds every
 * problem to errs (ERR_INVALID, the JSON path as the field) and returns -1;
 * *p is then incomplete. p->id is left 0. */
int policy_parse(const char *json, size_t len, struct policy *p, struct err_list *errs);

/* The canonical JSON text of p; NULL only when out of memory. */
char *policy_render(const struct policy *p);

/* What changed from a to b: a JSON array of {"path", "before", "after"}
 * in document order, comparing the canonical JSON trees (objects by key,
 * arrays by index); "before" is null for what b added, "after" null for
 * what b removed. Paths are written as in errors ("regions[0]",
 * "programmes.public_rental.criteria[1].area"); the root is "". NULL only
 * when out of memory. */
json_t *policy_diff(const struct policy *a, const struct policy *b);

#endif
