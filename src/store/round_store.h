/* store/round_store — the tables of migration 0008 (round, round_unit,
 * round_entrant, round_offer). Callers own the transaction around every
 * call. Lists (*out) are the caller's to free(). */
#ifndef ANJU_STORE_ROUND_STORE_H
#define ANJU_STORE_ROUND_STORE_H

#include "core/policy.h"
#include "core/round.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

enum { ROUND_CODE_MAX = 48, ROUND_NAME_MAX = 200 };

struct round_row {
    int64_t id;
    char code[ROUND_CODE_MAX + 1];
    char name[ROUND_NAME_MAX + 1];
    enum programme programme;
    enum round_kind kind;
    char target_category[32]; /* targeted rounds: a priority category code */
    char district_code[7];    /* a district, or a city code (xx0000) */
    enum round_state state;
    int ratio_permille, declines_max, choose_days;
    char lottery_id[64]; /* "" before the draw */
    char as_of[11];
    int64_t version;
    char created_at[21], updated_at[21];
    char list_published_at[21]; /* "" until the entrant list is published */
};

int round_store_insert(struct db *db, struct round_row *r, struct err *e);
/* 1 found, 0 not, -1 error. */
int round_store_get(struct db *db, int64_t id, struct round_row *r, struct err *e);
int round_store_list(struct db *db, struct round_row **out, size_t *n, struct err *e);
/* state, lottery_id, as_of, version + 1, updated_at from r. */
int round_store_update(struct db *db, struct round_row *r, struct err *e);
/* The draw's three published files. */
int round_store_set_draw(struct db *db, int64_t round_id, const char *entrants_csv,
                         const char *result_csv, const char *manifest, struct err *e);
/* Publishes the entrant list (before the draw): entrants_csv and
 * list_published_at. */
int round_store_set_list(struct db *db, int64_t round_id, const char *entrants_csv,
                         const char *published_at, struct err *e);
/* The published entrant list ("" before); free() it. *len its bytes. */
int round_store_get_list(struct db *db, int64_t round_id, char **entrants_csv, size_t *len,
                         struct err *e);
/* The manifest and result of the draw ("" before); free() both. */
int round_store_get_draw(struct db *db, int64_t round_id, char **manifest, char **result,
                         struct err *e);

/* What a round holds now: its units by status, its entrants at each
 * step, its offers by state. */
struct round_counts {
    int64_t units, reserved, offered, let, sold, vacant;
    int64_t entrants, shortlisted, eligible, drawn;
    int64_t offers_offered, offers_accepted, offers_declined, offers_expired;
};
int round_store_counts(struct db *db, int64_t round_id, struct round_counts *c, struct err *e);

/* Reserves every vacant unit of the projects of programme p in the round's
 * scope (project_code NULL: all such projects; else that project) and adds
 * it to the round; *added counts them. */
int round_store_add_units(struct db *db, const struct round_row *r, const char *project_code,
                          int64_t *added, struct err *e);

struct round_unit_row {
    int64_t unit_id;
    char unit_no[32];
    char project_code[64], building[64];
    char layout[16];
    int accessible;
    char status[16];
};
int round_store_units(struct db *db, int64_t round_id, struct round_unit_row **out, size_t *n,
                      struct err *e);
/* Sets the status of a unit (version + 1). */
int round_store_unit_status(struct db *db, int64_t unit_id, const char *status, const char *now,
                            struct err *e);
/* Units of the round still reserved go back to vacant; *n counts them. */
int round_store_release_units(struct db *db, int64_t round_id, const char *now, int64_t *n,
                              struct err *e);

struct round_entrant_row {
    int64_t application_id, household_id;
    char application_no[32];
    char registered_at[21];
    long queue_position;
    int shortlisted;
    char recheck[16];
    int64_t decision_id;
    int bucket;
    long sequence;
    char preferences[512]; /* JSON array of unit ids */
    int declines;
    char outcome[16];
    int64_t unit_id;
    char reason[32];
    int members;             /* the household's size */
    int needs_accessible;    /* household.needs_accessible (migration 0009) */
    char applicant_name[64]; /* unmasked: masking is the caller's */
    char district_code[7], region_code[13];
    char unit_no[32]; /* of unit_id */
};
/* Registers application_id (already checked) with preferences (JSON). 1
 * registered, 0 already registered, -1 error. */
int round_store_register(struct db *db, int64_t round_id, int64_t application_id,
                         const char *application_no, const char *preferences, const char *now,
                         struct err *e);
/* Registers every filed application of the round's programme in its scope
 * (not registered yet): *n counts them. */
int round_store_register_all(struct db *db, const struct round_row *r, const char *now, int64_t *n,
                             struct err *e);
/* The entrants, by application id; with people: members and names too. */
int round_store_entrants(struct db *db, int64_t round_id, int people,
                         struct round_entrant_row **out, size_t *n, struct err *e);
/* Only some of them (a city round has 100,000 entrants and a step may need
 * a fifth of them). */
enum round_entrant_filter {
    ROUND_ENTRANTS_ALL,
    ROUND_ENTRANTS_SHORTLISTED, /* shortlisted */
    ROUND_ENTRANTS_ELIGIBLE,    /* shortlisted and eligible at the re-check */
    ROUND_ENTRANTS_DRAWN,       /* with a lottery sequence */
    ROUND_ENTRANTS_CHOOSING,    /* drawn, without a unit and still in the round: never offered
                                   one, left unassigned, or declined one without losing their
                                   place (the families an allocate serves) */
    ROUND_ENTRANT_FILTER_COUNT
};
int round_store_entrants_where(struct db *db, int64_t round_id, int people,
                               enum round_entrant_filter filter, struct round_entrant_row **out,
                               size_t *n, struct err *e);
int round_store_entrant_get(struct db *db, int64_t round_id, int64_t application_id,
                            struct round_entrant_row *out, struct err *e);
/* Writes the mutable fields (queue_position … reason) of x. */
int round_store_entrant_update(struct db *db, int64_t round_id, const struct round_entrant_row *x,
                               struct err *e);

/* Sets outcome 'unassigned' on every entrant still without one (not
 * shortlisted, not eligible at the re-check, not drawn): their reason stays;
 * *n counts them. */
int round_store_close_entrants(struct db *db, int64_t round_id, int64_t *n, struct err *e);

/* Bulk writes inside the caller's transaction, each statement prepared once
 * and reused (a round step writes up to one row per entrant). */
struct round_writer;
int round_writer_open(struct db *db, int64_t round_id, struct round_writer **out, struct err *e);
void round_writer_close(struct round_writer *w);
/* As round_store_entrant_update. */
int round_writer_entrant(struct round_writer *w, const struct round_entrant_row *x, struct err *e);

struct round_offer_row {
    int64_t id, round_id, unit_id, application_id;
    char application_no[32], unit_no[32];
    char layout[16]; /* of the unit */
    char state[16];
    char offered_at[21], deadline[11], answered_at[21];
    int decline_counted;
};
int round_store_offer_insert(struct db *db, struct round_offer_row *o, struct err *e);
int round_store_offer_get(struct db *db, int64_t id, struct round_offer_row *o, struct err *e);
int round_store_offer_update(struct db *db, const struct round_offer_row *o, struct err *e);
/* As round_store_offer_insert and round_store_unit_status. */
int round_writer_offer(struct round_writer *w, struct round_offer_row *o, struct err *e);
int round_writer_unit_status(struct round_writer *w, int64_t unit_id, const char *status,
                             const char *now, struct err *e);

/* The units each family declined in the round (declined offers, and
 * offers that expired counted as a decline), by application id then unit
 * id. */
struct round_declined {
    int64_t application_id, unit_id;
};
int round_store_declined(struct db *db, int64_t round_id, struct round_declined **out, size_t *n,
                         struct err *e);
/* Open offers of the round expire (answered_at now): their units go back to
 * reserved, their families become unassigned with reason offer_expired. *n
 * counts them. */
int round_store_expire_offers(struct db *db, int64_t round_id, const char *now, int64_t *n,
                              struct err *e);

/* The offers of a round (application_id 0: all), by id. */
int round_store_offers(struct db *db, int64_t round_id, int64_t application_id,
                       struct round_offer_row **out, size_t *n, struct err *e);

#endif
