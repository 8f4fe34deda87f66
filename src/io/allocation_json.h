/* io/allocation_json — a round for `anju allocate` as JSON, and its result.
 *
 * Input (docs/allocation.md):
 *
 *   {"mode": "serial" | "deferred_acceptance" | "tenant_exchange",
 *    "order": ["A2", "A1", ...],
 *    "applicants": [{"id": "A1", "preferences": ["U3", "U1"], "current_unit": "U7"}, ...],
 *    "units": [{"id": "U1", "capacity": 2, "priority": ["A2", "A1"]}, ...]}
 *
 * Every member is required except "current_unit" (a sitting tenant's unit;
 * tenant_exchange only), "capacity" (default 1) and "priority" (the unit's
 * priority list; deferred_acceptance only; absent: the order). Ids are
 * non-empty strings of at most ALLOCATION_ID_MAX bytes, unique among the
 * applicants and among the units. "order" lists every applicant exactly
 * once. Parsing is strict — duplicate keys, unknown keys, wrong types,
 * unknown or repeated ids, a member the mode does not use — and reports
 * every problem, each at its JSON path ("applicants[3].preferences[2]")
 * with a Chinese and an English sentence.
 *
 * Applicants and units become dense indexes in input order (applicants[i]
 * is applicant i, units[j] unit j), so struct allocation_input holds a core
 * instance (core/allocation.h) ready to run.
 *
 * Output, rendered from a core result:
 *
 *   {"assignments": {"A1": "U3", "A2": null, ...},   every applicant, input order
 *    "cycles": [["A4", "A7"], ...],                  tenant_exchange; else []
 *    "unassigned": {"A2": {"reason": "all_taken", "message_zh": "…",
 *                          "message_en": "…"}, ...}}
 *
 * Ownership: allocation_json_parse fills *out, which allocation_input_free
 * releases (also after a failed parse); render returns a new jansson
 * reference (json_decref), NULL only when out of memory.
 */
#ifndef ANJU_IO_ALLOCATION_JSON_H
#define ANJU_IO_ALLOCATION_JSON_H

#include "base/err.h"
#include "core/allocation.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

enum { ALLOCATION_ID_MAX = 100 };

struct allocation_input {
    enum alloc_mode mode;
    struct alloc_instance in; /* points into the arrays below */
    char **applicant_id;      /* napplicants strings */
    char **unit_id;           /* nunits strings */
    uint32_t *pref_start, *prio_start;
    int32_t *pref, *order, *capacity, *prio, *current;
};

/* Parses json (len bytes) into *out: 0, or -1 with every problem in errs
 * (ERR_INVALID, the JSON path as the field; ERR_INTERNAL when out of
 * memory). */
int allocation_json_parse(const char *json, size_t len, struct allocation_input *out,
                          struct err_list *errs);
void allocation_input_free(struct allocation_input *in);

json_t *allocation_json_render(const struct allocation_input *in, const struct alloc_result *r);

/* Writes a rendered result to f as the CLI shows it: one member of
 * "assignments" and "unassigned", and one cycle, a line:
 *   {
 *     "assignments": {
 *       "A1": "U3",
 *       "A2": null
 *     },
 *     "cycles": [
 *       ["A4", "A7"]
 *     ],
 *     "unassigned": {
 *       "A2": {"reason": "all_taken", "message_zh": "…", "message_en": "…"}
 *     }
 *   }
 * 0, or -1 when writing (or memory) failed. */
int allocation_json_print(FILE *f, const json_t *doc);

#endif
