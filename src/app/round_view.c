/* app/round_view — reading rounds (see round_view.h). */
#include "app/round_view.h"

#include "app/app_internal.h"
#include "app/eligibility.h"
#include "base/date.h"
#include "core/lottery.h"
#include "store/queue_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int no_memory(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

static int not_found(int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "id", "没有编号为 %lld 的配租批次", "there is no round %lld",
                   (long long)id, (long long)id);
}

static int covers(const struct actor *who, const struct round_row *r)
{
    return access_covers(who, r->district_code, r->district_code, 0);
}

/* Loads round id (inside a transaction) for a staff reader. */
static int load(struct app *a, const struct actor *who, int64_t id, struct round_row *r,
                struct err *e)
{
    if (access_require(who, PERM_ROUND_READ, e)) return -1;
    int rc = round_store_get(a->db, id, r, e);
    if (rc < 0) return -1;
    if (rc == 0 || !covers(who, r)) return not_found(id, e);
    return 0;
}

/* The counts and the published list's hash of v->r. */
static int fill(struct app *a, struct round_view *v, struct err *e)
{
    v->list_sha256[0] = 0;
    v->list_entrants = 0;
    if (round_store_counts(a->db, v->r.id, &v->counts, e)) return -1;
    if (!v->r.list_published_at[0]) return 0;
    char *list;
    size_t len;
    if (round_store_get_list(a->db, v->r.id, &list, &len, e)) return -1;
    uint8_t sha[32];
    int rc = lottery_sha256(list, len, sha, e);
    if (rc == 0) {
        lottery_hex(sha, v->list_sha256);
        for (size_t i = 0; i < len; i++)
            v->list_entrants += list[i] == '\n';
        if (v->list_entrants > 0) v->list_entrants--; /* the header */
    }
    free(list);
    return rc;
}

int app_round_view(struct app *a, const struct actor *who, int64_t id, struct round_view *v,
                   struct err *e)
{
    memset(v, 0, sizeof *v);
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load(a, who, id, &v->r, e);
    if (rc == 0) rc = fill(a, v, e);
    db_rollback(a->db);
    return rc;
}

int app_round_views(struct app *a, const struct actor *who, int state, int programme,
                    struct round_view **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_ROUND_READ, e) || db_begin(a->db, DB_READ, e)) return -1;
    struct round_row *r;
    size_t nr;
    int rc = round_store_list(a->db, &r, &nr, e);
    struct round_view *v = NULL;
    if (rc == 0 && !(v = calloc(nr ? nr : 1, sizeof *v))) rc = no_memory(e);
    for (size_t i = nr; rc == 0 && i-- > 0;) { /* newest first */
        if (!covers(who, &r[i]) || (state >= 0 && (int)r[i].state != state) ||
            (programme >= 0 && (int)r[i].programme != programme))
            continue;
        v[*n].r = r[i];
        rc = fill(a, &v[*n], e);
        (*n)++;
    }
    db_rollback(a->db);
    free(r);
    if (rc) {
        free(v);
        v = NULL;
        *n = 0;
    }
    *out = v;
    return rc;
}

int app_round_units(struct app *a, const struct actor *who, int64_t id, struct round_unit_row **out,
                    size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct round_row r;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load(a, who, id, &r, e);
    if (rc == 0) rc = round_store_units(a->db, id, out, n, e);
    db_rollback(a->db);
    return rc;
}

int app_round_entrant_get(struct app *a, const struct actor *who, int64_t id,
                          int64_t application_id, struct round_entrant_row *out, struct err *e)
{
    struct round_row r;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc;
    if (who && who->role == ROLE_APPLICANT) {
        rc = round_store_get(a->db, id, &r, e);
        if (rc == 0) not_found(id, e);
        rc = rc == 1 ? 0 : -1;
    } else {
        rc = load(a, who, id, &r, e);
    }
    if (rc == 0) {
        int found = round_store_entrant_get(a->db, id, application_id, out, e);
        if (found == 1 && who && who->role == ROLE_APPLICANT &&
            out->household_id != who->household_id)
            found = 0;
        if (found == 0)
            err_set(e, ERR_NOT_FOUND, "application_id", "申请 %lld 没有登记参加本批次",
                    "application %lld is not registered in this round", (long long)application_id,
                    (long long)application_id);
        rc = found == 1 ? 0 : -1;
    }
    db_rollback(a->db);
    return rc;
}

/* ------------------------------------------------------------------ files */

static int read_file(struct app *a, int64_t id, const char *name, char **bytes, size_t *len,
                     const char **content_type, struct err *e)
{
    *bytes = NULL;
    *len = 0;
    char *manifest = NULL, *result = NULL;
    int rc = 0;
    if (strcmp(name, "entrants.csv") == 0) {
        rc = round_store_get_list(a->db, id, bytes, len, e);
        *content_type = "text/csv; charset=utf-8";
    } else if (strcmp(name, "result.csv") == 0 || strcmp(name, "manifest.json") == 0) {
        rc = round_store_get_draw(a->db, id, &manifest, &result, e);
        if (rc == 0) {
            int m = name[0] == 'm';
            *bytes = m ? manifest : result;
            free(m ? result : manifest);
            *len = strlen(*bytes);
            *content_type = m ? "application/json" : "text/csv; charset=utf-8";
        }
    }
    if (rc == 0 && *len == 0) {
        free(*bytes);
        *bytes = NULL;
        char safe[64];
        snprintf(safe, sizeof safe, "%s", name);
        for (char *p = safe; *p; p++)
            if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e) *p = '?';
        rc = err_set(e, ERR_NOT_FOUND, "name",
                     "批次 %lld 没有文件“%s”（可有：entrants.csv 名单公布后；result.csv、"
                     "manifest.json 摇号后）",
                     "round %lld has no file \"%s\" (entrants.csv exists once the list is "
                     "published, result.csv and manifest.json after the draw)",
                     (long long)id, safe, (long long)id, safe);
    }
    return rc;
}

int app_round_file(struct app *a, const struct actor *who, int64_t id, const char *name,
                   char **bytes, size_t *len, const char **content_type, struct err *e)
{
    struct round_row r;
    *bytes = NULL;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load(a, who, id, &r, e);
    if (rc == 0) rc = read_file(a, id, name, bytes, len, content_type, e);
    db_rollback(a->db);
    return rc;
}

int app_round_public_file(struct app *a, int64_t id, const char *name, char **bytes, size_t *len,
                          const char **content_type, struct err *e)
{
    struct round_row r;
    *bytes = NULL;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = round_store_get(a->db, id, &r, e);
    if (rc == 0) not_found(id, e);
    rc = rc == 1 ? read_file(a, id, name, bytes, len, content_type, e) : -1;
    db_rollback(a->db);
    return rc;
}

/* ------------------------------------------------------------------- JSON */

json_t *app_round_view_json(const struct round_view *v)
{
    json_t *j = app_round_json(&v->r);
    const struct round_counts *c = &v->counts;
    json_t *counts = json_pack(
        "{s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}}", "units",
        (json_int_t)c->units, "units_by_status", "reserved", (json_int_t)c->reserved, "offered",
        (json_int_t)c->offered, "let", (json_int_t)c->let, "sold", (json_int_t)c->sold, "vacant",
        (json_int_t)c->vacant, "entrants", (json_int_t)c->entrants, "shortlisted",
        (json_int_t)c->shortlisted, "eligible", (json_int_t)c->eligible, "drawn",
        (json_int_t)c->drawn, "offers", "offered", (json_int_t)c->offers_offered, "accepted",
        (json_int_t)c->offers_accepted, "declined", (json_int_t)c->offers_declined, "expired",
        (json_int_t)c->offers_expired);
    if (!j || !counts ||
        json_object_set_new(j, "list_sha256",
                            v->list_sha256[0] ? json_string(v->list_sha256) : json_null()) ||
        json_object_set_new(j, "list_published_at", json_string(v->r.list_published_at)) ||
        json_object_set_new(j, "counts", counts)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

json_t *app_round_unit_json(const struct round_unit_row *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s}", "unit_id", (json_int_t)u->unit_id,
                     "unit_no", u->unit_no, "project_code", u->project_code, "building",
                     u->building, "layout", u->layout, "accessible", u->accessible, "status",
                     u->status);
}

json_t *app_round_entrant_json(const struct actor *who, const struct round_entrant_row *x)
{
    char name[sizeof x->applicant_name];
    if (access_may(who, PERM_HOUSEHOLD_READ))
        snprintf(name, sizeof name, "%s", x->applicant_name);
    else
        app_round_mask_name(x->applicant_name, name, sizeof name);
    json_t *prefs = json_loads(x->preferences, 0, NULL);
    if (!json_is_array(prefs)) {
        json_decref(prefs);
        prefs = json_array();
    }
    return json_pack(
        "{s:I, s:s, s:I, s:s, s:i, s:b, s:I, s:b, s:s, s:i, s:I, s:o, s:i, s:s, s:o, "
        "s:o, s:s, s:s}",
        "application_id", (json_int_t)x->application_id, "application_no", x->application_no,
        "household_id", (json_int_t)x->household_id, "applicant_name", name, "members", x->members,
        "needs_accessible", x->needs_accessible, "queue_position", (json_int_t)x->queue_position,
        "shortlisted", x->shortlisted, "recheck", x->recheck, "bucket", x->bucket, "sequence",
        (json_int_t)x->sequence, "preferences", prefs, "declines", x->declines, "outcome",
        x->outcome, "unit_id", x->unit_id ? json_integer(x->unit_id) : json_null(), "unit_no",
        x->unit_no[0] ? json_string(x->unit_no) : json_null(), "reason", x->reason, "registered_at",
        x->registered_at);
}

json_t *app_round_offer_json(const struct round_offer_row *o)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
                     (json_int_t)o->id, "round_id", (json_int_t)o->round_id, "unit_id",
                     (json_int_t)o->unit_id, "unit_no", o->unit_no, "layout", o->layout,
                     "application_id", (json_int_t)o->application_id, "application_no",
                     o->application_no, "state", o->state, "offered_at", o->offered_at, "deadline",
                     o->deadline, "answered_at", o->answered_at, "decline_counted",
                     o->decline_counted);
}

/* ------------------------------------------------------ applicant, public */

/* 1 when the filed application (fam, info) fits round r. */
static int fits(const struct round_row *r, const struct queue_family *fam,
                const struct queue_entry *info, const char *today)
{
    return info->programme == r->programme &&
           round_area_covers(r->district_code, info->district_code) &&
           round_kind_takes(r->kind, r->target_category,
                            eligibility_categories(&fam->facts, today));
}

json_t *app_round_mine(struct app *a, const struct actor *who, struct err *e)
{
    if (!who || who->role != ROLE_APPLICANT) {
        err_set(e, ERR_FORBIDDEN, "", "只有申请人账号有自己的配租批次",
                "only an applicant account has rounds of its own");
        return NULL;
    }
    json_t *items = json_array();
    if (!items) return no_memory(e), NULL;
    if (who->household_id <= 0) return json_pack("{s:o}", "items", items);
    char today[11];
    date_today(today);
    struct queue_rows mine = {0};
    struct round_row *r = NULL;
    size_t nr = 0;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) {
        json_decref(items);
        return NULL;
    }
    if (queue_store_household(a->db, who->household_id, &mine, e) ||
        round_store_list(a->db, &r, &nr, e))
        goto out;
    for (size_t i = nr; i-- > 0;) {
        if (r[i].state < ROUND_OPEN) continue;
        for (size_t k = 0; k < mine.n; k++) {
            if (!fits(&r[i], &mine.fam[k], &mine.info[k], today)) continue;
            struct round_view v = {.r = r[i]};
            struct round_entrant_row x;
            struct round_offer_row *o = NULL;
            size_t no = 0;
            int64_t app_id = mine.fam[k].application_id;
            int found;
            if (fill(a, &v, e) ||
                (found = round_store_entrant_get(a->db, r[i].id, app_id, &x, e)) < 0 ||
                round_store_offers(a->db, r[i].id, app_id, &o, &no, e))
                goto out;
            json_t *offers = json_array();
            for (size_t t = 0; offers && t < no; t++)
                json_array_append_new(offers, app_round_offer_json(&o[t]));
            free(o);
            /* while the round is open: its units, so the family can list
             * the ones it wants (preferences) when it registers */
            json_t *units = json_array();
            if (r[i].state == ROUND_OPEN) {
                struct round_unit_row *u = NULL;
                size_t nu = 0;
                if (round_store_units(a->db, r[i].id, &u, &nu, e)) {
                    json_decref(offers);
                    json_decref(units);
                    goto out;
                }
                for (size_t t = 0; units && t < nu; t++)
                    json_array_append_new(units, app_round_unit_json(&u[t]));
                free(u);
            }
            json_t *item = json_pack("{s:o, s:I, s:s, s:o, s:o, s:o}", "round",
                                     app_round_view_json(&v), "application_id", (json_int_t)app_id,
                                     "application_no", mine.fam[k].application_no, "entrant",
                                     found ? app_round_entrant_json(who, &x) : json_null(),
                                     "offers", offers, "units", units);
            if (!item || json_array_append_new(items, item)) {
                no_memory(e);
                goto out;
            }
        }
    }
    rc = 0;
out:
    db_rollback(a->db);
    queue_rows_free(&mine);
    free(r);
    if (rc) {
        json_decref(items);
        return NULL;
    }
    return json_pack("{s:o}", "items", items);
}

json_t *app_round_public_list(struct app *a, struct err *e)
{
    json_t *items = json_array();
    if (!items) return no_memory(e), NULL;
    struct round_row *r = NULL;
    size_t nr = 0;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) {
        json_decref(items);
        return NULL;
    }
    if (round_store_list(a->db, &r, &nr, e)) goto out;
    for (size_t i = nr; i-- > 0;) {
        if (!r[i].list_published_at[0]) continue;
        struct round_view v = {.r = r[i]};
        char *manifest = NULL, *result = NULL;
        if (fill(a, &v, e) || round_store_get_draw(a->db, r[i].id, &manifest, &result, e)) goto out;
        json_t *m = manifest[0] ? json_loads(manifest, 0, NULL) : NULL;
        json_t *rnd = json_object_get(m, "randomness");
        json_t *item = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:O?, s:I, s:I}", "id",
            (json_int_t)r[i].id, "code", r[i].code, "name", r[i].name, "programme",
            programme_names[r[i].programme].code, "district_code", r[i].district_code, "state",
            round_state_names[r[i].state].code, "list_sha256", v.list_sha256, "list_published_at",
            r[i].list_published_at, "lottery_id", r[i].lottery_id[0] ? r[i].lottery_id : NULL,
            "randomness", json_is_string(rnd) ? rnd : NULL, "units", (json_int_t)v.counts.units,
            "entrants", (json_int_t)v.list_entrants);
        json_decref(m);
        free(manifest);
        free(result);
        if (!item || json_array_append_new(items, item)) {
            no_memory(e);
            goto out;
        }
    }
    rc = 0;
out:
    db_rollback(a->db);
    free(r);
    if (rc) {
        json_decref(items);
        return NULL;
    }
    return json_pack("{s:o}", "items", items);
}
