/* app/round_view — what the console, the applicant and the public read of
 * rounds (docs/rounds.md, docs/api.md): a round with its counts and the
 * SHA-256 of its published entrant list, its units, entrants (names masked
 * for roles that may not read households), offers, the published files, an
 * applicant's rounds and the public list.
 *
 * Staff reads need PERM_ROUND_READ and the round's district in scope (out
 * of scope: the same ERR_NOT_FOUND as a missing round). The public reads
 * take no actor and return what is published only; they never hold names
 * or ID numbers.
 */
#ifndef ANJU_APP_ROUND_VIEW_H
#define ANJU_APP_ROUND_VIEW_H

#include "app/round.h"

struct round_view {
    struct round_row r;
    char list_sha256[65];  /* "" until the entrant list is published */
    int64_t list_entrants; /* rows of the published list */
    struct round_counts counts;
};

/* One round (PERM_ROUND_READ, scope). */
int app_round_view(struct app *a, const struct actor *who, int64_t id, struct round_view *v,
                   struct err *e);
/* The rounds in scope, newest first; state / programme -1 = any. */
int app_round_views(struct app *a, const struct actor *who, int state, int programme,
                    struct round_view **out, size_t *n, struct err *e);
/* The units of a round (PERM_ROUND_READ, scope). */
int app_round_units(struct app *a, const struct actor *who, int64_t id, struct round_unit_row **out,
                    size_t *n, struct err *e);
/* One entrant: an applicant their own household's only (else the same
 * ERR_NOT_FOUND as none); staff PERM_ROUND_READ and scope. */
int app_round_entrant_get(struct app *a, const struct actor *who, int64_t id,
                          int64_t application_id, struct round_entrant_row *out, struct err *e);

/* The published files of a round: name is entrants.csv (after
 * publish_list), result.csv or manifest.json (after the draw); *bytes
 * (malloc'd) are exactly what was published, *len their length,
 * *content_type "text/csv; charset=utf-8" or "application/json".
 * ERR_NOT_FOUND before the file exists. Staff: PERM_ROUND_READ and scope;
 * app_round_public_file: anybody (no actor). */
int app_round_file(struct app *a, const struct actor *who, int64_t id, const char *name,
                   char **bytes, size_t *len, const char **content_type, struct err *e);
int app_round_public_file(struct app *a, int64_t id, const char *name, char **bytes, size_t *len,
                          const char **content_type, struct err *e);

/* An applicant's rounds: {"items": [{round, application_id, application_no,
 * entrant|null, offers}]} for each round from open to published whose
 * programme, area and target fit one of the household's filed applications.
 * Other roles: ERR_FORBIDDEN. */
json_t *app_round_mine(struct app *a, const struct actor *who, struct err *e);
/* The rounds whose entrant list is published, newest first (no actor):
 * {"items": [{id, code, name, programme, district_code, state, list_sha256,
 * list_published_at, lottery_id, randomness, units, entrants}]}. */
json_t *app_round_public_list(struct app *a, struct err *e);

/* JSON */
json_t *app_round_view_json(const struct round_view *v);
json_t *app_round_unit_json(const struct round_unit_row *u);
/* applicant_name masked (张**) unless who may read households (NULL: full). */
json_t *app_round_entrant_json(const struct actor *who, const struct round_entrant_row *x);
json_t *app_round_offer_json(const struct round_offer_row *o);

#endif
