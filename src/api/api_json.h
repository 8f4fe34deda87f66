/* api/api_json — JSON helpers for the HTTP layer: strict body decoding,
 * RFC 7396 merge patch, and strings that are always valid UTF-8.
 *
 * Ownership: api_json_decode and api_json_text give new references (caller
 * json_decrefs); api_json_merge_patch takes target and borrows patch.
 */
#ifndef ANJU_API_API_JSON_H
#define ANJU_API_API_JSON_H

#include "base/err.h"

#include <jansson.h>
#include <stddef.h>

/* Decodes a request body: one JSON value (an object or array), UTF-8,
 * duplicate keys refused. NULL with ERR_USAGE in e naming line and column. */
json_t *api_json_decode(const char *body, size_t len, struct err *e);

/* RFC 7396: applies patch to target and returns the result (target itself,
 * changed, or a new value); null members of patch remove keys; arrays and
 * other non-objects in patch replace what they land on. NULL when out of
 * memory (target is released). */
json_t *api_json_merge_patch(json_t *target, const json_t *patch);

/* A JSON string from text that may have been cut in the middle of a UTF-8
 * sequence (fixed-size messages): bad bytes become U+FFFD. */
json_t *api_json_text(const char *s);

#endif
