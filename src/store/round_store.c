/* store/round_store — rounds, their units, entrants and offers (see round_store.h). */
#include "store/round_store.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int corrupt(struct err *e, const char *what, const char *value)
{
    return err_set(e, ERR_DB, what, "数据库中的%s“%s”无法识别", "unknown %s \"%s\" in the database",
                   what, value);
}

/* Steps a statement that returns no rows and finalizes it. */
static int run(struct db_stmt *s, struct err *e)
{
    int rc = db_step(s, e);
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

/* Appends a row to a growing array. */
static void *grow(void *arr, size_t *cap, size_t n, size_t size, struct err *e)
{
    if (n < *cap) return arr;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(arr, c * size);
    if (!p) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        return NULL;
    }
    *cap = c;
    return p;
}

/* --- rounds ---------------------------------------------------------------- */

#define ROUND_COLS                                                                                 \
    "id, code, name, programme, kind, target_category, district_code, state,"                      \
    " shortlist_ratio_permille, declines_max, choose_days, coalesce(lottery_id, ''), as_of,"       \
    " version, created_at, updated_at, list_published_at"

static int round_from(struct db_stmt *s, struct round_row *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    str_copy(r->code, sizeof r->code, db_col_text(s, 1));
    str_copy(r->name, sizeof r->name, db_col_text(s, 2));
    int p = code_lookup(programme_names, PROG_COUNT, db_col_text(s, 3));
    int k = code_lookup(round_kind_names, ROUND_KIND_COUNT, db_col_text(s, 4));
    int st = code_lookup(round_state_names, ROUND_STATE_COUNT, db_col_text(s, 7));
    if (p < 0) return corrupt(e, "programme", db_col_text(s, 3));
    if (k < 0) return corrupt(e, "kind", db_col_text(s, 4));
    if (st < 0) return corrupt(e, "state", db_col_text(s, 7));
    r->programme = (enum programme)p;
    r->kind = (enum round_kind)k;
    r->state = (enum round_state)st;
    str_copy(r->target_category, sizeof r->target_category, db_col_text(s, 5));
    str_copy(r->district_code, sizeof r->district_code, db_col_text(s, 6));
    r->ratio_permille = (int)db_col_int(s, 8);
    r->declines_max = (int)db_col_int(s, 9);
    r->choose_days = (int)db_col_int(s, 10);
    str_copy(r->lottery_id, sizeof r->lottery_id, db_col_text(s, 11));
    str_copy(r->as_of, sizeof r->as_of, db_col_text(s, 12));
    r->version = db_col_int(s, 13);
    str_copy(r->created_at, sizeof r->created_at, db_col_text(s, 14));
    str_copy(r->updated_at, sizeof r->updated_at, db_col_text(s, 15));
    str_copy(r->list_published_at, sizeof r->list_published_at, db_col_text(s, 16));
    return 0;
}

int round_store_insert(struct db *db, struct round_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO round (code, name, programme, kind, target_category, district_code,"
                   " state, shortlist_ratio_permille, declines_max, choose_days, created_at,"
                   " updated_at) VALUES ($code, $name, $programme, $kind, $target, $district,"
                   " $state, $ratio, $declines, $days, $now, $now)",
                   &s, e))
        return -1;
    if (db_bind_text(s, "$code", r->code, e) || db_bind_text(s, "$name", r->name, e) ||
        db_bind_text(s, "$programme", programme_names[r->programme].code, e) ||
        db_bind_text(s, "$kind", round_kind_names[r->kind].code, e) ||
        db_bind_text(s, "$target", r->target_category, e) ||
        db_bind_text(s, "$district", r->district_code, e) ||
        db_bind_text(s, "$state", round_state_names[r->state].code, e) ||
        db_bind_int(s, "$ratio", r->ratio_permille, e) ||
        db_bind_int(s, "$declines", r->declines_max, e) ||
        db_bind_int(s, "$days", r->choose_days, e) || db_bind_text(s, "$now", r->created_at, e)) {
        db_finalize(s);
        return -1;
    }
    if (run(s, e)) return -1;
    struct db_stmt *q;
    if (db_prepare(db, "SELECT id FROM round WHERE code = $code", &q, e)) return -1;
    int rc = db_bind_text(q, "$code", r->code, e) ? -1 : db_step(q, e);
    if (rc == 1) r->id = db_col_int(q, 0);
    db_finalize(q);
    r->version = 1;
    return rc == 1 ? 0 : -1;
}

int round_store_get(struct db *db, int64_t id, struct round_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " ROUND_COLS " FROM round WHERE id = $id", &s, e)) return -1;
    int rc = db_bind_int(s, "$id", id, e) ? -1 : db_step(s, e);
    if (rc == 1 && round_from(s, r, e)) rc = -1;
    db_finalize(s);
    return rc;
}

int round_store_list(struct db *db, struct round_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " ROUND_COLS " FROM round ORDER BY id", &s, e)) return -1;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct round_row *p = grow(*out, &cap, *n, sizeof **out, e);
        if (!p) {
            rc = -1;
            break;
        }
        *out = p;
        if (round_from(s, &p[*n], e)) {
            rc = -1;
            break;
        }
        (*n)++;
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int round_store_update(struct db *db, struct round_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE round SET state = $state, lottery_id = nullif($lottery, ''),"
                   " as_of = $as_of, version = version + 1, updated_at = $now WHERE id = $id",
                   &s, e))
        return -1;
    if (db_bind_text(s, "$state", round_state_names[r->state].code, e) ||
        db_bind_text(s, "$lottery", r->lottery_id, e) || db_bind_text(s, "$as_of", r->as_of, e) ||
        db_bind_text(s, "$now", r->updated_at, e) || db_bind_int(s, "$id", r->id, e)) {
        db_finalize(s);
        return -1;
    }
    if (run(s, e)) return -1;
    r->version++;
    return 0;
}

int round_store_set_draw(struct db *db, int64_t round_id, const char *entrants_csv,
                         const char *result_csv, const char *manifest, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE round SET entrants_csv = $entrants, result_csv = $result,"
                   " manifest = $manifest WHERE id = $id",
                   &s, e))
        return -1;
    if (db_bind_text_static(s, "$entrants", entrants_csv, e) ||
        db_bind_text_static(s, "$result", result_csv, e) ||
        db_bind_text_static(s, "$manifest", manifest, e) || db_bind_int(s, "$id", round_id, e)) {
        db_finalize(s);
        return -1;
    }
    return run(s, e);
}

int round_store_set_list(struct db *db, int64_t round_id, const char *entrants_csv,
                         const char *published_at, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE round SET entrants_csv = $entrants, list_published_at = $at"
                   " WHERE id = $id",
                   &s, e))
        return -1;
    if (db_bind_text_static(s, "$entrants", entrants_csv, e) ||
        db_bind_text(s, "$at", published_at, e) || db_bind_int(s, "$id", round_id, e)) {
        db_finalize(s);
        return -1;
    }
    return run(s, e);
}

int round_store_get_list(struct db *db, int64_t round_id, char **entrants_csv, size_t *len,
                         struct err *e)
{
    *entrants_csv = NULL;
    *len = 0;
    struct db_stmt *s;
    if (db_prepare(db, "SELECT entrants_csv FROM round WHERE id = $id", &s, e)) return -1;
    int rc = db_bind_int(s, "$id", round_id, e) ? -1 : db_step(s, e);
    if (rc == 1) {
        const char *t = db_col_text(s, 0);
        *len = strlen(t);
        *entrants_csv = strdup(t);
        if (!*entrants_csv) rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    } else if (rc == 0) {
        *entrants_csv = strdup("");
        if (!*entrants_csv) rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int round_store_get_draw(struct db *db, int64_t round_id, char **manifest, char **result,
                         struct err *e)
{
    *manifest = *result = NULL;
    struct db_stmt *s;
    if (db_prepare(db, "SELECT manifest, result_csv FROM round WHERE id = $id", &s, e)) return -1;
    int rc = db_bind_int(s, "$id", round_id, e) ? -1 : db_step(s, e);
    if (rc == 1) {
        *manifest = strdup(db_col_text(s, 0));
        *result = strdup(db_col_text(s, 1));
        if (!*manifest || !*result) rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    db_finalize(s);
    if (rc < 0) {
        free(*manifest);
        free(*result);
        *manifest = *result = NULL;
    }
    return rc < 0 ? -1 : 0;
}

int round_store_counts(struct db *db, int64_t round_id, struct round_counts *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT (SELECT count(*) FROM round_unit WHERE round_id = $r),"
                   " (SELECT count(*) FROM round_unit ru JOIN unit u ON u.id = ru.unit_id"
                   "  WHERE ru.round_id = $r AND u.status = 'reserved'),"
                   " (SELECT count(*) FROM round_unit ru JOIN unit u ON u.id = ru.unit_id"
                   "  WHERE ru.round_id = $r AND u.status = 'offered'),"
                   " (SELECT count(*) FROM round_unit ru JOIN unit u ON u.id = ru.unit_id"
                   "  WHERE ru.round_id = $r AND u.status = 'let'),"
                   " (SELECT count(*) FROM round_unit ru JOIN unit u ON u.id = ru.unit_id"
                   "  WHERE ru.round_id = $r AND u.status = 'sold'),"
                   " (SELECT count(*) FROM round_unit ru JOIN unit u ON u.id = ru.unit_id"
                   "  WHERE ru.round_id = $r AND u.status = 'vacant'),"
                   " (SELECT count(*) FROM round_entrant WHERE round_id = $r),"
                   " (SELECT count(*) FROM round_entrant WHERE round_id = $r AND shortlisted = 1),"
                   " (SELECT count(*) FROM round_entrant WHERE round_id = $r AND shortlisted = 1"
                   "  AND recheck = 'eligible'),"
                   " (SELECT count(*) FROM round_entrant WHERE round_id = $r AND sequence > 0),"
                   " (SELECT count(*) FROM round_offer WHERE round_id = $r AND state = 'offered'),"
                   " (SELECT count(*) FROM round_offer WHERE round_id = $r AND state = 'accepted'),"
                   " (SELECT count(*) FROM round_offer WHERE round_id = $r AND state = 'declined'),"
                   " (SELECT count(*) FROM round_offer WHERE round_id = $r AND state = 'expired')",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$r", round_id, e) ? -1 : db_step(s, e);
    if (rc == 1) {
        int64_t *f[] = {&c->units,
                        &c->reserved,
                        &c->offered,
                        &c->let,
                        &c->sold,
                        &c->vacant,
                        &c->entrants,
                        &c->shortlisted,
                        &c->eligible,
                        &c->drawn,
                        &c->offers_offered,
                        &c->offers_accepted,
                        &c->offers_declined,
                        &c->offers_expired};
        for (int i = 0; i < (int)(sizeof f / sizeof f[0]); i++)
            *f[i] = db_col_int(s, i);
    }
    db_finalize(s);
    return rc == 1 ? 0 : -1;
}

/* --- units ----------------------------------------------------------------- */

/* The scope of a round: a district, or a whole city (xx0000). */
#define IN_SCOPE(col)                                                                              \
    " (" col " = $district OR (substr($district, 3) = '0000' AND substr(" col                      \
    ", 1, 2) = substr($district, 1, 2)))"

int round_store_add_units(struct db *db, const struct round_row *r, const char *project_code,
                          int64_t *added, struct err *e)
{
    *added = 0;
    static const char *const sql[2] = {
        "INSERT OR IGNORE INTO round_unit (round_id, unit_id)"
        " SELECT $round, u.id FROM unit u JOIN building b ON b.id = u.building_id"
        " JOIN project p ON p.id = b.project_id WHERE u.status = 'vacant'"
        " AND p.programme = $programme AND ($project = '' OR p.code = $project) AND" IN_SCOPE(
            "p.district_code"),
        "UPDATE unit SET status = 'reserved', version = version + 1, updated_at = $now"
        " WHERE status = 'vacant' AND id IN (SELECT unit_id FROM round_unit WHERE round_id = "
        "$round)",
    };
    for (int i = 0; i < 2; i++) {
        struct db_stmt *s;
        if (db_prepare(db, sql[i], &s, e)) return -1;
        int bad = db_bind_int(s, "$round", r->id, e);
        if (!bad && i == 0)
            bad = db_bind_text(s, "$programme", programme_names[r->programme].code, e) ||
                  db_bind_text(s, "$project", project_code ? project_code : "", e) ||
                  db_bind_text(s, "$district", r->district_code, e);
        if (!bad && i == 1) bad = db_bind_text(s, "$now", r->updated_at, e);
        if (bad || run(s, e)) {
            if (bad) db_finalize(s);
            return -1;
        }
        if (i == 1) *added = db_changes(db);
    }
    return 0;
}

int round_store_units(struct db *db, int64_t round_id, struct round_unit_row **out, size_t *n,
                      struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT u.id, u.unit_no, p.code, b.name, u.layout, u.accessible, u.status"
                   " FROM round_unit r JOIN unit u ON u.id = r.unit_id"
                   " JOIN building b ON b.id = u.building_id JOIN project p ON p.id = b.project_id"
                   " WHERE r.round_id = $round ORDER BY u.id",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$round", round_id, e) ? -1 : 1;
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        struct round_unit_row *p = grow(*out, &cap, *n, sizeof **out, e);
        if (!p) {
            rc = -1;
            break;
        }
        *out = p;
        struct round_unit_row *u = &p[(*n)++];
        memset(u, 0, sizeof *u);
        u->unit_id = db_col_int(s, 0);
        str_copy(u->unit_no, sizeof u->unit_no, db_col_text(s, 1));
        str_copy(u->project_code, sizeof u->project_code, db_col_text(s, 2));
        str_copy(u->building, sizeof u->building, db_col_text(s, 3));
        str_copy(u->layout, sizeof u->layout, db_col_text(s, 4));
        u->accessible = (int)db_col_int(s, 5);
        str_copy(u->status, sizeof u->status, db_col_text(s, 6));
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int round_store_unit_status(struct db *db, int64_t unit_id, const char *status, const char *now,
                            struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE unit SET status = $status, version = version + 1, updated_at = $now"
                   " WHERE id = $id",
                   &s, e))
        return -1;
    if (db_bind_text(s, "$status", status, e) || db_bind_text(s, "$now", now, e) ||
        db_bind_int(s, "$id", unit_id, e)) {
        db_finalize(s);
        return -1;
    }
    return run(s, e);
}

int round_store_release_units(struct db *db, int64_t round_id, const char *now, int64_t *n,
                              struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE unit SET status = 'vacant', version = version + 1, updated_at = $now"
                   " WHERE status = 'reserved' AND id IN (SELECT unit_id FROM round_unit"
                   " WHERE round_id = $round)",
                   &s, e))
        return -1;
    if (db_bind_text(s, "$now", now, e) || db_bind_int(s, "$round", round_id, e)) {
        db_finalize(s);
        return -1;
    }
    if (run(s, e)) return -1;
    *n = db_changes(db);
    return 0;
}

/* --- entrants -------------------------------------------------------------- */

int round_store_register(struct db *db, int64_t round_id, int64_t application_id,
                         const char *application_no, const char *preferences, const char *now,
                         struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT OR IGNORE INTO round_entrant (round_id, application_id, application_no,"
                   " registered_at, preferences) VALUES ($round, $app, $no, $now, $prefs)",
                   &s, e))
        return -1;
    if (db_bind_int(s, "$round", round_id, e) || db_bind_int(s, "$app", application_id, e) ||
        db_bind_text(s, "$no", application_no, e) || db_bind_text(s, "$now", now, e) ||
        db_bind_text(s, "$prefs", preferences, e)) {
        db_finalize(s);
        return -1;
    }
    if (run(s, e)) return -1;
    return db_changes(db) > 0 ? 1 : 0;
}

int round_store_register_all(struct db *db, const struct round_row *r, const char *now, int64_t *n,
                             struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT OR IGNORE INTO round_entrant (round_id, application_id, application_no,"
                   " registered_at) SELECT $round, q.application_id, q.application_no, $now"
                   " FROM queue_entry q WHERE q.programme = $programme AND" IN_SCOPE(
                       "q.district_code") " ORDER BY q.application_id",
                   &s, e))
        return -1;
    if (db_bind_int(s, "$round", r->id, e) || db_bind_text(s, "$now", now, e) ||
        db_bind_text(s, "$programme", programme_names[r->programme].code, e) ||
        db_bind_text(s, "$district", r->district_code, e)) {
        db_finalize(s);
        return -1;
    }
    if (run(s, e)) return -1;
    *n = db_changes(db);
    return 0;
}

#define ENTRANT_COLS                                                                               \
    "x.application_id, x.application_no, x.registered_at, x.queue_position, x.shortlisted,"        \
    " x.recheck, coalesce(x.decision_id, 0), x.bucket, x.sequence, x.preferences, x.declines,"     \
    " x.outcome, coalesce(x.unit_id, 0), x.reason, a.household_id, a.district_code,"               \
    " a.region_code, coalesce((SELECT unit_no FROM unit WHERE id = x.unit_id), '')"
#define PEOPLE_COLS                                                                                \
    ", (SELECT count(*) FROM member c WHERE c.household_id = a.household_id),"                     \
    " coalesce((SELECT m.name FROM member m WHERE m.household_id = a.household_id"                 \
    " AND m.relation = 'applicant' ORDER BY m.seq LIMIT 1), ''),"                                  \
    " coalesce((SELECT h.needs_accessible FROM household h WHERE h.id = a.household_id), 0)"

static void entrant_from(struct db_stmt *s, int people, struct round_entrant_row *x)
{
    memset(x, 0, sizeof *x);
    x->application_id = db_col_int(s, 0);
    str_copy(x->application_no, sizeof x->application_no, db_col_text(s, 1));
    str_copy(x->registered_at, sizeof x->registered_at, db_col_text(s, 2));
    x->queue_position = (long)db_col_int(s, 3);
    x->shortlisted = (int)db_col_int(s, 4);
    str_copy(x->recheck, sizeof x->recheck, db_col_text(s, 5));
    x->decision_id = db_col_int(s, 6);
    x->bucket = (int)db_col_int(s, 7);
    x->sequence = (long)db_col_int(s, 8);
    str_copy(x->preferences, sizeof x->preferences, db_col_text(s, 9));
    x->declines = (int)db_col_int(s, 10);
    str_copy(x->outcome, sizeof x->outcome, db_col_text(s, 11));
    x->unit_id = db_col_int(s, 12);
    str_copy(x->reason, sizeof x->reason, db_col_text(s, 13));
    x->household_id = db_col_int(s, 14);
    str_copy(x->district_code, sizeof x->district_code, db_col_text(s, 15));
    str_copy(x->region_code, sizeof x->region_code, db_col_text(s, 16));
    str_copy(x->unit_no, sizeof x->unit_no, db_col_text(s, 17));
    if (people) {
        x->members = (int)db_col_int(s, 18);
        str_copy(x->applicant_name, sizeof x->applicant_name, db_col_text(s, 19));
        x->needs_accessible = db_col_int(s, 20) != 0;
    }
}

static const char *const entrant_filters[ROUND_ENTRANT_FILTER_COUNT] = {
    [ROUND_ENTRANTS_ALL] = "",
    [ROUND_ENTRANTS_SHORTLISTED] = " AND x.shortlisted = 1",
    [ROUND_ENTRANTS_ELIGIBLE] = " AND x.shortlisted = 1 AND x.recheck = 'eligible'",
    [ROUND_ENTRANTS_DRAWN] = " AND x.sequence > 0",
    [ROUND_ENTRANTS_CHOOSING] =
        " AND x.sequence > 0 AND x.outcome IN ('', 'unassigned', 'declined')",
};

int round_store_entrants_where(struct db *db, int64_t round_id, int people,
                               enum round_entrant_filter filter, struct round_entrant_row **out,
                               size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *s;
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT " ENTRANT_COLS "%s FROM round_entrant x JOIN application a"
             " ON a.id = x.application_id WHERE x.round_id = $round%s ORDER BY x.application_id",
             people ? PEOPLE_COLS : "", entrant_filters[filter]);
    if (db_prepare(db, sql, &s, e)) return -1;
    int rc = db_bind_int(s, "$round", round_id, e) ? -1 : 1;
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        struct round_entrant_row *p = grow(*out, &cap, *n, sizeof **out, e);
        if (!p) {
            rc = -1;
            break;
        }
        *out = p;
        entrant_from(s, people, &p[(*n)++]);
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int round_store_entrants(struct db *db, int64_t round_id, int people,
                         struct round_entrant_row **out, size_t *n, struct err *e)
{
    return round_store_entrants_where(db, round_id, people, ROUND_ENTRANTS_ALL, out, n, e);
}

int round_store_entrant_get(struct db *db, int64_t round_id, int64_t application_id,
                            struct round_entrant_row *out, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT " ENTRANT_COLS PEOPLE_COLS
                   " FROM round_entrant x JOIN application a ON a.id = x.application_id"
                   " WHERE x.round_id = $round AND x.application_id = $app",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$round", round_id, e) || db_bind_int(s, "$app", application_id, e)
                 ? -1
                 : db_step(s, e);
    if (rc == 1) entrant_from(s, 1, out);
    db_finalize(s);
    return rc;
}

#define ENTRANT_UPDATE                                                                             \
    "UPDATE round_entrant SET queue_position = $pos, shortlisted = $short,"                        \
    " recheck = $recheck, decision_id = nullif($decision, 0), bucket = $bucket,"                   \
    " sequence = $seq, preferences = $prefs, declines = $declines,"                                \
    " outcome = $outcome, unit_id = nullif($unit, 0), reason = $reason"                            \
    " WHERE round_id = $round AND application_id = $app"

static int entrant_bind(struct db_stmt *s, int64_t round_id, const struct round_entrant_row *x,
                        struct err *e)
{
    return db_bind_int(s, "$pos", x->queue_position, e) ||
                   db_bind_int(s, "$short", x->shortlisted, e) ||
                   db_bind_text_static(s, "$recheck", x->recheck, e) ||
                   db_bind_int(s, "$decision", x->decision_id, e) ||
                   db_bind_int(s, "$bucket", x->bucket, e) ||
                   db_bind_int(s, "$seq", x->sequence, e) ||
                   db_bind_text_static(s, "$prefs", x->preferences, e) ||
                   db_bind_int(s, "$declines", x->declines, e) ||
                   db_bind_text_static(s, "$outcome", x->outcome, e) ||
                   db_bind_int(s, "$unit", x->unit_id, e) ||
                   db_bind_text_static(s, "$reason", x->reason, e) ||
                   db_bind_int(s, "$round", round_id, e) ||
                   db_bind_int(s, "$app", x->application_id, e)
               ? -1
               : 0;
}

int round_store_entrant_update(struct db *db, int64_t round_id, const struct round_entrant_row *x,
                               struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, ENTRANT_UPDATE, &s, e)) return -1;
    if (entrant_bind(s, round_id, x, e)) {
        db_finalize(s);
        return -1;
    }
    return run(s, e);
}

int round_store_close_entrants(struct db *db, int64_t round_id, int64_t *n, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE round_entrant SET outcome = 'unassigned',"
                   " reason = CASE WHEN reason = '' THEN 'not_drawn' ELSE reason END"
                   " WHERE round_id = $round AND outcome = ''",
                   &s, e))
        return -1;
    if (db_bind_int(s, "$round", round_id, e)) {
        db_finalize(s);
        return -1;
    }
    if (run(s, e)) return -1;
    *n = db_changes(db);
    return 0;
}

/* --- the writer ------------------------------------------------------------ */

struct round_writer {
    struct db *db;
    int64_t round_id;
    struct db_stmt *entrant, *offer, *unit;
};

int round_writer_open(struct db *db, int64_t round_id, struct round_writer **out, struct err *e)
{
    struct round_writer *w = calloc(1, sizeof *w);
    *out = NULL;
    if (!w) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    w->db = db;
    w->round_id = round_id;
    if (db_prepare(db, ENTRANT_UPDATE, &w->entrant, e) ||
        db_prepare(db,
                   "INSERT INTO round_offer (round_id, unit_id, application_id, state, offered_at,"
                   " deadline) VALUES ($round, $unit, $app, 'offered', $at, $deadline)"
                   " RETURNING id",
                   &w->offer, e) ||
        db_prepare(db,
                   "UPDATE unit SET status = $status, version = version + 1, updated_at = $now"
                   " WHERE id = $id",
                   &w->unit, e)) {
        round_writer_close(w);
        return -1;
    }
    *out = w;
    return 0;
}

void round_writer_close(struct round_writer *w)
{
    if (!w) return;
    if (w->entrant) db_finalize(w->entrant);
    if (w->offer) db_finalize(w->offer);
    if (w->unit) db_finalize(w->unit);
    free(w);
}

/* Steps s (no rows or one) and resets it for the next use. */
static int step_reset(struct db_stmt *s, struct err *e)
{
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int round_writer_entrant(struct round_writer *w, const struct round_entrant_row *x, struct err *e)
{
    if (entrant_bind(w->entrant, w->round_id, x, e)) {
        db_reset(w->entrant);
        return -1;
    }
    return step_reset(w->entrant, e);
}

int round_writer_offer(struct round_writer *w, struct round_offer_row *o, struct err *e)
{
    struct db_stmt *s = w->offer;
    int rc = db_bind_int(s, "$round", o->round_id, e) || db_bind_int(s, "$unit", o->unit_id, e) ||
                     db_bind_int(s, "$app", o->application_id, e) ||
                     db_bind_text(s, "$at", o->offered_at, e) ||
                     db_bind_text(s, "$deadline", o->deadline, e)
                 ? -1
                 : db_step(s, e);
    if (rc == 1) o->id = db_col_int(s, 0);
    if (rc == 1 && db_step(s, e) < 0) rc = -1; /* RETURNING: finish the statement */
    db_reset(s);
    return rc == 1 ? 0 : -1;
}

int round_writer_unit_status(struct round_writer *w, int64_t unit_id, const char *status,
                             const char *now, struct err *e)
{
    struct db_stmt *s = w->unit;
    if (db_bind_text(s, "$status", status, e) || db_bind_text(s, "$now", now, e) ||
        db_bind_int(s, "$id", unit_id, e)) {
        db_reset(s);
        return -1;
    }
    return step_reset(s, e);
}

int round_store_declined(struct db *db, int64_t round_id, struct round_declined **out, size_t *n,
                         struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT application_id, unit_id FROM round_offer WHERE round_id = $round"
                   " AND (state = 'declined' OR (state = 'expired' AND decline_counted = 1))"
                   " ORDER BY application_id, unit_id",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$round", round_id, e) ? -1 : 1;
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        struct round_declined *p = grow(*out, &cap, *n, sizeof **out, e);
        if (!p) {
            rc = -1;
            break;
        }
        *out = p;
        p[*n].application_id = db_col_int(s, 0);
        p[*n].unit_id = db_col_int(s, 1);
        (*n)++;
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int round_store_expire_offers(struct db *db, int64_t round_id, const char *now, int64_t *n,
                              struct err *e)
{
    /* each element in parentheses: one statement per element */
    static const char *const sql[3] = {
        ("UPDATE round_entrant SET outcome = 'unassigned', reason = 'offer_expired',"
         " unit_id = NULL WHERE round_id = $round AND application_id IN (SELECT application_id"
         " FROM round_offer WHERE round_id = $round AND state = 'offered')"),
        ("UPDATE unit SET status = 'reserved', version = version + 1, updated_at = $now"
         " WHERE id IN (SELECT unit_id FROM round_offer WHERE round_id = $round"
         " AND state = 'offered')"),
        ("UPDATE round_offer SET state = 'expired', answered_at = $now"
         " WHERE round_id = $round AND state = 'offered'"),
    };
    for (int i = 0; i < 3; i++) {
        struct db_stmt *s;
        if (db_prepare(db, sql[i], &s, e)) return -1;
        if (db_bind_int(s, "$round", round_id, e) || (i > 0 && db_bind_text(s, "$now", now, e))) {
            db_finalize(s);
            return -1;
        }
        if (run(s, e)) return -1;
        if (i == 2) *n = db_changes(db);
    }
    return 0;
}

/* --- offers ---------------------------------------------------------------- */

#define OFFER_COLS                                                                                 \
    "o.id, o.round_id, o.unit_id, o.application_id, a.application_no, u.unit_no, o.state,"         \
    " o.offered_at, o.deadline, o.answered_at, o.decline_counted, u.layout FROM round_offer o"     \
    " JOIN application a ON a.id = o.application_id JOIN unit u ON u.id = o.unit_id"

static void offer_from(struct db_stmt *s, struct round_offer_row *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(s, 0);
    o->round_id = db_col_int(s, 1);
    o->unit_id = db_col_int(s, 2);
    o->application_id = db_col_int(s, 3);
    str_copy(o->application_no, sizeof o->application_no, db_col_text(s, 4));
    str_copy(o->unit_no, sizeof o->unit_no, db_col_text(s, 5));
    str_copy(o->state, sizeof o->state, db_col_text(s, 6));
    str_copy(o->offered_at, sizeof o->offered_at, db_col_text(s, 7));
    str_copy(o->deadline, sizeof o->deadline, db_col_text(s, 8));
    str_copy(o->answered_at, sizeof o->answered_at, db_col_text(s, 9));
    o->decline_counted = (int)db_col_int(s, 10);
    str_copy(o->layout, sizeof o->layout, db_col_text(s, 11));
}

int round_store_offer_insert(struct db *db, struct round_offer_row *o, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO round_offer (round_id, unit_id, application_id, state, offered_at,"
                   " deadline) VALUES ($round, $unit, $app, 'offered', $at, $deadline)"
                   " RETURNING id",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$round", o->round_id, e) || db_bind_int(s, "$unit", o->unit_id, e) ||
                     db_bind_int(s, "$app", o->application_id, e) ||
                     db_bind_text(s, "$at", o->offered_at, e) ||
                     db_bind_text(s, "$deadline", o->deadline, e)
                 ? -1
                 : db_step(s, e);
    if (rc == 1) o->id = db_col_int(s, 0);
    db_finalize(s);
    return rc == 1 ? 0 : -1;
}

int round_store_offer_get(struct db *db, int64_t id, struct round_offer_row *o, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " OFFER_COLS " WHERE o.id = $id", &s, e)) return -1;
    int rc = db_bind_int(s, "$id", id, e) ? -1 : db_step(s, e);
    if (rc == 1) offer_from(s, o);
    db_finalize(s);
    return rc;
}

int round_store_offer_update(struct db *db, const struct round_offer_row *o, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE round_offer SET state = $state, answered_at = $at,"
                   " decline_counted = $counted WHERE id = $id",
                   &s, e))
        return -1;
    if (db_bind_text(s, "$state", o->state, e) || db_bind_text(s, "$at", o->answered_at, e) ||
        db_bind_int(s, "$counted", o->decline_counted, e) || db_bind_int(s, "$id", o->id, e)) {
        db_finalize(s);
        return -1;
    }
    return run(s, e);
}

int round_store_offers(struct db *db, int64_t round_id, int64_t application_id,
                       struct round_offer_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT " OFFER_COLS " WHERE o.round_id = $round"
                   " AND ($app = 0 OR o.application_id = $app) ORDER BY o.id",
                   &s, e))
        return -1;
    int rc =
        db_bind_int(s, "$round", round_id, e) || db_bind_int(s, "$app", application_id, e) ? -1 : 1;
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        struct round_offer_row *p = grow(*out, &cap, *n, sizeof **out, e);
        if (!p) {
            rc = -1;
            break;
        }
        *out = p;
        offer_from(s, &p[(*n)++]);
    }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}
