/* store/application_store — applications, events, objections, notices
 * (see application_store.h). */
#include "store/application_store.h"
#include "store/scope.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_COLS                                                                                   \
    "a.id, a.application_no, a.household_id, a.programme, a.region_code, a.district_code,"         \
    " a.state, a.returned_from, a.correction_request, a.policy_id, a.eligible, a.submitted_at,"    \
    " a.publicity_start, a.publicity_end, a.filed_date, a.version, a.created_at, a.updated_at,"    \
    " h.household_no, m.name, p.code, p.version"

#define APP_FROM                                                                                   \
    " FROM application a JOIN household h ON h.id = a.household_id"                                \
    " LEFT JOIN member m ON m.household_id = a.household_id AND m.relation = 'applicant'"          \
    " LEFT JOIN policy p ON p.id = a.policy_id"

static int oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

/* A stored code back to its enum; -1 when unknown. */
static int lookup(const struct code_name *table, int n, const char *code)
{
    return code && *code ? code_lookup(table, n, code) : -1;
}

static int corrupt(struct err *e, const char *what, const char *value)
{
    return err_set(e, ERR_DB, what, "数据库中的%s“%s”无法识别", "unknown %s \"%s\" in the database",
                   what, value);
}

/* Reads one row of APP_COLS. */
static int read_application(struct db_stmt *s, struct application *ap, struct err *e)
{
    memset(ap, 0, sizeof *ap);
    ap->id = db_col_int(s, 0);
    str_copy(ap->application_no, sizeof ap->application_no, db_col_text(s, 1));
    ap->household_id = db_col_int(s, 2);
    int p = lookup(programme_names, PROG_COUNT, db_col_text(s, 3));
    if (p < 0) return corrupt(e, "programme", db_col_text(s, 3));
    ap->programme = (enum programme)p;
    str_copy(ap->region_code, sizeof ap->region_code, db_col_text(s, 4));
    str_copy(ap->district_code, sizeof ap->district_code, db_col_text(s, 5));
    int st = lookup(workflow_state_names, WF_STATE_COUNT, db_col_text(s, 6));
    if (st < 0) return corrupt(e, "state", db_col_text(s, 6));
    ap->state = (enum workflow_state)st;
    ap->returned_from = lookup(workflow_state_names, WF_STATE_COUNT, db_col_text(s, 7));
    str_copy(ap->correction_request, sizeof ap->correction_request, db_col_text(s, 8));
    ap->policy_id = db_col_is_null(s, 9) ? 0 : db_col_int(s, 9);
    ap->eligible = db_col_is_null(s, 10) ? -1 : (int)db_col_int(s, 10);
    str_copy(ap->submitted_at, sizeof ap->submitted_at, db_col_text(s, 11));
    str_copy(ap->publicity_start, sizeof ap->publicity_start, db_col_text(s, 12));
    str_copy(ap->publicity_end, sizeof ap->publicity_end, db_col_text(s, 13));
    str_copy(ap->filed_date, sizeof ap->filed_date, db_col_text(s, 14));
    ap->version = db_col_int(s, 15);
    str_copy(ap->created_at, sizeof ap->created_at, db_col_text(s, 16));
    str_copy(ap->updated_at, sizeof ap->updated_at, db_col_text(s, 17));
    str_copy(ap->household_no, sizeof ap->household_no, db_col_text(s, 18));
    str_copy(ap->applicant_name, sizeof ap->applicant_name, db_col_text(s, 19));
    str_copy(ap->policy_code, sizeof ap->policy_code, db_col_text(s, 20));
    str_copy(ap->policy_version, sizeof ap->policy_version, db_col_text(s, 21));
    return 0;
}

int application_store_last_no(struct db *db, const char *year, int64_t *last, struct err *e)
{
    struct db_stmt *s;
    char prefix[16];
    snprintf(prefix, sizeof prefix, "SQ%.4s-", year);
    if (db_prepare(db,
                   "SELECT coalesce(max(CAST(substr(application_no, 8) AS INTEGER)), 0)"
                   " FROM application WHERE substr(application_no, 1, 7) = $prefix",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$prefix", prefix, e) == 0 && db_step(s, e) == 1) {
        *last = db_col_int(s, 0);
        rc = 0;
    }
    db_finalize(s);
    return rc;
}

int application_store_find_live(struct db *db, int64_t household_id, enum programme p,
                                char no[APPLICATION_NO_MAX + 1], enum workflow_state *state,
                                struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT application_no, state FROM application WHERE household_id = $household"
                   " AND programme = $programme AND state NOT IN ('rejected', 'withdrawn')",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$household", household_id, e) ||
        db_bind_text(s, "$programme", programme_names[p].code, e))
        goto done;
    rc = db_step(s, e);
    if (rc == 1) {
        str_copy(no, APPLICATION_NO_MAX + 1, db_col_text(s, 0));
        int st = lookup(workflow_state_names, WF_STATE_COUNT, db_col_text(s, 1));
        *state = st < 0 ? WF_DRAFT : (enum workflow_state)st;
    }
done:
    db_finalize(s);
    return rc;
}

/* The workflow columns, shared by insert and update (ap must not change
 * until the statement has been stepped). */
static int bind_workflow(struct db_stmt *s, const struct application *ap, struct err *e)
{
    const char *from = ap->returned_from >= 0 && ap->returned_from < WF_STATE_COUNT
                           ? workflow_state_names[ap->returned_from].code
                           : "";
    return db_bind_text_static(s, "$state", workflow_state_names[ap->state].code, e) ||
           db_bind_text_static(s, "$returned_from", from, e) ||
           db_bind_text_static(s, "$correction_request", ap->correction_request, e) ||
           (ap->policy_id > 0 ? db_bind_int(s, "$policy_id", ap->policy_id, e)
                              : db_bind_null(s, "$policy_id", e)) ||
           (ap->eligible >= 0 ? db_bind_int(s, "$eligible", ap->eligible, e)
                              : db_bind_null(s, "$eligible", e)) ||
           db_bind_text_static(s, "$submitted_at", ap->submitted_at, e) ||
           db_bind_text_static(s, "$publicity_start", ap->publicity_start, e) ||
           db_bind_text_static(s, "$publicity_end", ap->publicity_end, e) ||
           db_bind_text_static(s, "$filed_date", ap->filed_date, e) ||
           db_bind_text_static(s, "$updated_at", ap->updated_at, e);
}

int application_store_insert(struct db *db, struct application *ap, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO application (application_no, household_id, programme, region_code,"
                   " district_code, state, returned_from, correction_request, policy_id, eligible,"
                   " submitted_at, publicity_start, publicity_end, filed_date, version, created_at,"
                   " updated_at) VALUES ($no, $household_id, $programme, $region_code,"
                   " $district_code, $state, $returned_from, $correction_request, $policy_id,"
                   " $eligible, $submitted_at, $publicity_start, $publicity_end, $filed_date, 1,"
                   " $created_at, $updated_at) RETURNING id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text_static(s, "$no", ap->application_no, e) ||
        db_bind_int(s, "$household_id", ap->household_id, e) ||
        db_bind_text_static(s, "$programme", programme_names[ap->programme].code, e) ||
        db_bind_text_static(s, "$region_code", ap->region_code, e) ||
        db_bind_text_static(s, "$district_code", ap->district_code, e) ||
        db_bind_text_static(s, "$created_at", ap->created_at, e) || bind_workflow(s, ap, e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    ap->id = db_col_int(s, 0);
    ap->version = 1;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int application_store_get(struct db *db, int64_t id, struct application *ap, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " APP_COLS APP_FROM " WHERE a.id = $id", &s, e)) return -1;
    int rc = -1;
    if (db_bind_int(s, "$id", id, e)) goto done;
    int r = db_step(s, e);
    if (r == 0)
        err_set(e, ERR_NOT_FOUND, "id", "申请 %lld 不存在", "application %lld does not exist",
                (long long)id);
    else if (r == 1 && read_application(s, ap, e) == 0)
        rc = 0;
done:
    db_finalize(s);
    return rc;
}

int application_store_update(struct db *db, struct application *ap, int64_t expected_version,
                             struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE application SET state = $state, returned_from = $returned_from,"
                   " correction_request = $correction_request, policy_id = $policy_id,"
                   " eligible = $eligible, submitted_at = $submitted_at,"
                   " publicity_start = $publicity_start, publicity_end = $publicity_end,"
                   " filed_date = $filed_date, updated_at = $updated_at, version = version + 1"
                   " WHERE id = $id AND version = $version",
                   &s, e))
        return -1;
    int rc = -1;
    if (bind_workflow(s, ap, e) || db_bind_int(s, "$id", ap->id, e) ||
        db_bind_int(s, "$version", expected_version, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    if (db_changes(db) != 1) {
        err_set(e, ERR_CONFLICT, "version", "申请 %s 已被他人修改，请刷新后重试",
                "application %s was changed by someone else: reload and try again",
                ap->application_no);
        goto done;
    }
    ap->version = expected_version + 1;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

/* The WHERE clause of a filter (codes from the tables only, values bound by
 * bind_filter); sc gets the filter's region scope. */
static void filter_where(const struct application_filter *f, char where[1024],
                         struct store_scope *sc)
{
    strcpy(where, " WHERE 1 = 1");
    *sc = (struct store_scope){
        .district = f->scope_district, .region = f->scope_region, .prefix = f->scope_prefix};
    store_scope_where(sc, "a", where, 1024);
    if (f->scope_household_id) strcat(where, " AND a.household_id = $scope_household");
    if (f->district_code && *f->district_code) strcat(where, " AND a.district_code = $district");
    if (f->programme >= 0) strcat(where, " AND a.programme = $programme");
    if (f->states) {
        strcat(where, " AND a.state IN (");
        int first = 1;
        for (int k = 0; k < WF_STATE_COUNT; k++)
            if (f->states & (1u << k)) {
                if (!first) strcat(where, ", ");
                strcat(where, "'");
                strcat(where, workflow_state_names[k].code); /* codes from the table only */
                strcat(where, "'");
                first = 0;
            }
        strcat(where, ")");
    }
}

static int bind_filter(struct db_stmt *s, const struct application_filter *f,
                       const struct store_scope *sc, struct err *e)
{
    if (store_scope_bind(s, sc, e) ||
        (f->scope_household_id && db_bind_int(s, "$scope_household", f->scope_household_id, e)) ||
        (f->district_code && *f->district_code &&
         db_bind_text(s, "$district", f->district_code, e)) ||
        (f->programme >= 0 && db_bind_text(s, "$programme", programme_names[f->programme].code, e)))
        return -1;
    return 0;
}

int application_store_list(struct db *db, const struct application_filter *f,
                           struct application **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char where[1024];
    struct store_scope sc;
    filter_where(f, where, &sc);

    struct db_stmt *s = NULL;
    struct application *list = NULL;
    size_t len = 0;
    int rc = -1;
    char sql[2048];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM application a%s", where);
        else
            snprintf(sql, sizeof sql,
                     "SELECT " APP_COLS APP_FROM
                     "%s ORDER BY a.id DESC LIMIT $limit OFFSET $offset",
                     where);
        if (db_prepare(db, sql, &s, e)) goto done;
        if (bind_filter(s, f, &sc, e)) goto done;
        int paged = db_page_pass(&s, pass, f->page_size, (f->page - 1) * f->page_size, total, e);
        if (paged < 0) goto done;
        if (paged) continue;
        list = calloc((size_t)f->page_size + 1, sizeof *list);
        if (!list) {
            oom(e);
            goto done;
        }
        int r;
        while ((r = db_step(s, e)) == 1)
            if (read_application(s, &list[len++], e)) goto done;
        if (r < 0) goto done;
    }
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    free(list);
    db_finalize(s);
    return rc;
}

int application_store_counts(struct db *db, const struct application_filter *f,
                             struct application_count **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char where[1024], sql[1400];
    struct store_scope sc;
    filter_where(f, where, &sc);
    snprintf(sql, sizeof sql,
             "SELECT a.district_code, a.programme, a.state, count(*) FROM application a%s"
             " GROUP BY a.district_code, a.programme, a.state"
             " ORDER BY a.district_code, a.programme, a.state",
             where);
    struct db_stmt *s = NULL;
    struct application_count *list = NULL;
    size_t len = 0, cap = 0;
    int rc = -1, r;
    if (db_prepare(db, sql, &s, e) || bind_filter(s, f, &sc, e)) goto done;
    while ((r = db_step(s, e)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct application_count *grown = realloc(list, ncap * sizeof *list);
            if (!grown) {
                oom(e);
                goto done;
            }
            list = grown;
            cap = ncap;
        }
        struct application_count *c = &list[len];
        memset(c, 0, sizeof *c);
        str_copy(c->district_code, sizeof c->district_code, db_col_text(s, 0));
        int p = lookup(programme_names, PROG_COUNT, db_col_text(s, 1));
        if (p < 0) {
            corrupt(e, "programme", db_col_text(s, 1));
            goto done;
        }
        int st = lookup(workflow_state_names, WF_STATE_COUNT, db_col_text(s, 2));
        if (st < 0) {
            corrupt(e, "state", db_col_text(s, 2));
            goto done;
        }
        c->programme = (enum programme)p;
        c->state = (enum workflow_state)st;
        c->applications = db_col_int(s, 3);
        len++;
    }
    if (r < 0) goto done;
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    free(list);
    db_finalize(s);
    return rc;
}

/* --- history ------------------------------------------------------------ */

int application_store_event_add(struct db *db, struct application_event *ev, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO application_event (application_id, at, account_id, actor, role,"
                   " action, from_state, to_state, reason, detail) VALUES ($application_id, $at,"
                   " $account_id, $actor, $role, $action, $from_state, $to_state, $reason,"
                   " $detail) RETURNING id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$application_id", ev->application_id, e) ||
        db_bind_text(s, "$at", ev->at, e) ||
        (ev->account_id > 0 ? db_bind_int(s, "$account_id", ev->account_id, e)
                            : db_bind_null(s, "$account_id", e)) ||
        db_bind_text(s, "$actor", ev->actor, e) || db_bind_text(s, "$role", ev->role, e) ||
        db_bind_text(s, "$action", ev->action, e) ||
        db_bind_text(s, "$from_state", ev->from_state, e) ||
        db_bind_text(s, "$to_state", ev->to_state, e) ||
        db_bind_text(s, "$reason", ev->reason ? ev->reason : "", e) ||
        db_bind_text(s, "$detail", ev->detail ? ev->detail : "{}", e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    ev->id = db_col_int(s, 0);
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

void application_events_free(struct application_event *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].reason);
        free(list[i].detail);
    }
    free(list);
}

int application_store_events(struct db *db, int64_t application_id, struct application_event **out,
                             size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT id, at, account_id, actor, role, action, from_state, to_state, reason,"
                   " detail FROM application_event WHERE application_id = $id ORDER BY id",
                   &s, e))
        return -1;
    struct application_event *list = NULL;
    size_t len = 0, cap = 0;
    int rc = -1, r;
    if (db_bind_int(s, "$id", application_id, e)) goto done;
    while ((r = db_step(s, e)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct application_event *p = realloc(list, ncap * sizeof *p);
            if (!p) {
                oom(e);
                goto done;
            }
            list = p;
            cap = ncap;
        }
        struct application_event *ev = &list[len];
        memset(ev, 0, sizeof *ev);
        ev->id = db_col_int(s, 0);
        ev->application_id = application_id;
        str_copy(ev->at, sizeof ev->at, db_col_text(s, 1));
        ev->account_id = db_col_is_null(s, 2) ? 0 : db_col_int(s, 2);
        str_copy(ev->actor, sizeof ev->actor, db_col_text(s, 3));
        str_copy(ev->role, sizeof ev->role, db_col_text(s, 4));
        str_copy(ev->action, sizeof ev->action, db_col_text(s, 5));
        str_copy(ev->from_state, sizeof ev->from_state, db_col_text(s, 6));
        str_copy(ev->to_state, sizeof ev->to_state, db_col_text(s, 7));
        ev->reason = strdup(db_col_text(s, 8));
        ev->detail = strdup(db_col_text(s, 9));
        len++;
        if (!ev->reason || !ev->detail) {
            oom(e);
            goto done;
        }
    }
    if (r < 0) goto done;
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    application_events_free(list, len);
    db_finalize(s);
    return rc;
}

/* --- objections ------------------------------------------------------- */

#define OBJECTION_COLS                                                                             \
    "id, application_id, received_at, objector, content, recorded_by, resolved_at, resolution,"    \
    " upheld, resolved_by"

static void read_objection(struct db_stmt *s, struct objection *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(s, 0);
    o->application_id = db_col_int(s, 1);
    str_copy(o->received_at, sizeof o->received_at, db_col_text(s, 2));
    str_copy(o->objector, sizeof o->objector, db_col_text(s, 3));
    str_copy(o->content, sizeof o->content, db_col_text(s, 4));
    o->recorded_by = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
    str_copy(o->resolved_at, sizeof o->resolved_at, db_col_text(s, 6));
    str_copy(o->resolution, sizeof o->resolution, db_col_text(s, 7));
    o->upheld = db_col_is_null(s, 8) ? -1 : (int)db_col_int(s, 8);
    o->resolved_by = db_col_is_null(s, 9) ? 0 : db_col_int(s, 9);
}

int application_store_objection_add(struct db *db, struct objection *o, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO objection (application_id, received_at, objector, content,"
                   " recorded_by) VALUES ($application_id, $received_at, $objector, $content,"
                   " $recorded_by) RETURNING id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$application_id", o->application_id, e) ||
        db_bind_text(s, "$received_at", o->received_at, e) ||
        db_bind_text(s, "$objector", o->objector, e) ||
        db_bind_text(s, "$content", o->content, e) ||
        (o->recorded_by > 0 ? db_bind_int(s, "$recorded_by", o->recorded_by, e)
                            : db_bind_null(s, "$recorded_by", e)))
        goto done;
    if (db_step(s, e) != 1) goto done;
    o->id = db_col_int(s, 0);
    o->upheld = -1;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int application_store_objection_get(struct db *db, int64_t application_id, int64_t id,
                                    struct objection *o, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT " OBJECTION_COLS
                   " FROM objection WHERE id = $id AND application_id = $application_id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$id", id, e) || db_bind_int(s, "$application_id", application_id, e))
        goto done;
    int r = db_step(s, e);
    if (r == 0)
        err_set(e, ERR_NOT_FOUND, "oid", "异议 %lld 不存在", "objection %lld does not exist",
                (long long)id);
    else if (r == 1) {
        read_objection(s, o);
        rc = 0;
    }
done:
    db_finalize(s);
    return rc;
}

int application_store_objection_resolve(struct db *db, const struct objection *o, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE objection SET resolved_at = $resolved_at, resolution = $resolution,"
                   " upheld = $upheld, resolved_by = $resolved_by"
                   " WHERE id = $id AND upheld IS NULL",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$resolved_at", o->resolved_at, e) ||
        db_bind_text(s, "$resolution", o->resolution, e) ||
        db_bind_int(s, "$upheld", o->upheld ? 1 : 0, e) ||
        (o->resolved_by > 0 ? db_bind_int(s, "$resolved_by", o->resolved_by, e)
                            : db_bind_null(s, "$resolved_by", e)) ||
        db_bind_int(s, "$id", o->id, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    if (db_changes(db) != 1) {
        err_set(e, ERR_CONFLICT, "oid", "异议 %lld 已处理", "objection %lld is already resolved",
                (long long)o->id);
        goto done;
    }
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int application_store_objections(struct db *db, int64_t application_id, struct objection **out,
                                 size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *s;
    if (db_prepare(
            db, "SELECT " OBJECTION_COLS " FROM objection WHERE application_id = $id ORDER BY id",
            &s, e))
        return -1;
    struct objection *list = NULL;
    size_t len = 0, cap = 0;
    int rc = -1, r;
    if (db_bind_int(s, "$id", application_id, e)) goto done;
    while ((r = db_step(s, e)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            struct objection *p = realloc(list, ncap * sizeof *p);
            if (!p) {
                oom(e);
                goto done;
            }
            list = p;
            cap = ncap;
        }
        read_objection(s, &list[len++]);
    }
    if (r < 0) goto done;
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    free(list);
    db_finalize(s);
    return rc;
}

int application_store_objection_counts(struct db *db, int64_t application_id, int *open,
                                       int *upheld, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT coalesce(sum(upheld IS NULL), 0), coalesce(sum(upheld = 1), 0)"
                   " FROM objection WHERE application_id = $id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$id", application_id, e) == 0 && db_step(s, e) == 1) {
        *open = (int)db_col_int(s, 0);
        *upheld = (int)db_col_int(s, 1);
        rc = 0;
    }
    db_finalize(s);
    return rc;
}

/* --- public notices ------------------------------------------------------ */

int application_store_notices(struct db *db, const struct notice_filter *f, struct notice_row **out,
                              size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char where[512];
    snprintf(where, sizeof where, " WHERE (a.state = 'publicity'%s)%s%s",
             f->filed_since ? " OR (a.state = 'filed' AND a.filed_date >= $since)" : "",
             f->programme >= 0 ? " AND a.programme = $programme" : "",
             f->district_code && *f->district_code ? " AND a.district_code = $district" : "");
    struct db_stmt *s = NULL;
    struct notice_row *list = NULL;
    size_t len = 0;
    int rc = -1;
    char sql[2048];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM application a%s", where);
        else
            snprintf(sql, sizeof sql,
                     "SELECT a.programme, a.state, m.name, m.id_number, a.district_code,"
                     " a.region_code, coalesce(d.name, ''), coalesce(r.name, ''),"
                     " (SELECT count(*) FROM member c WHERE c.household_id = a.household_id),"
                     " a.publicity_start, a.publicity_end, a.filed_date"
                     " FROM application a"
                     " LEFT JOIN member m ON m.household_id = a.household_id"
                     "  AND m.relation = 'applicant'"
                     " LEFT JOIN region d ON d.code = a.district_code"
                     " LEFT JOIN region r ON r.code = a.region_code%s"
                     " ORDER BY a.publicity_start DESC, a.id DESC LIMIT $limit OFFSET $offset",
                     where);
        if (db_prepare(db, sql, &s, e)) goto done;
        if ((f->filed_since && db_bind_text(s, "$since", f->filed_since, e)) ||
            (f->programme >= 0 &&
             db_bind_text(s, "$programme", programme_names[f->programme].code, e)) ||
            (f->district_code && *f->district_code &&
             db_bind_text(s, "$district", f->district_code, e)))
            goto done;
        int paged = db_page_pass(&s, pass, f->page_size, (f->page - 1) * f->page_size, total, e);
        if (paged < 0) goto done;
        if (paged) continue;
        list = calloc((size_t)f->page_size + 1, sizeof *list);
        if (!list) {
            oom(e);
            goto done;
        }
        int r;
        while ((r = db_step(s, e)) == 1) {
            struct notice_row *x = &list[len];
            int p = lookup(programme_names, PROG_COUNT, db_col_text(s, 0));
            int st = lookup(workflow_state_names, WF_STATE_COUNT, db_col_text(s, 1));
            if (p < 0 || st < 0) {
                corrupt(e, p < 0 ? "programme" : "state", db_col_text(s, p < 0 ? 0 : 1));
                goto done;
            }
            x->programme = (enum programme)p;
            x->state = (enum workflow_state)st;
            str_copy(x->applicant_name, sizeof x->applicant_name, db_col_text(s, 2));
            str_copy(x->applicant_id_number, sizeof x->applicant_id_number, db_col_text(s, 3));
            str_copy(x->district_code, sizeof x->district_code, db_col_text(s, 4));
            str_copy(x->region_code, sizeof x->region_code, db_col_text(s, 5));
            str_copy(x->district_name, sizeof x->district_name, db_col_text(s, 6));
            str_copy(x->street_name, sizeof x->street_name, db_col_text(s, 7));
            x->members = (int)db_col_int(s, 8);
            str_copy(x->publicity_start, sizeof x->publicity_start, db_col_text(s, 9));
            str_copy(x->publicity_end, sizeof x->publicity_end, db_col_text(s, 10));
            str_copy(x->filed_date, sizeof x->filed_date, db_col_text(s, 11));
            len++;
        }
        if (r < 0) goto done;
    }
    *out = list;
    *n = len;
    list = NULL;
    rc = 0;
done:
    free(list);
    db_finalize(s);
    return rc;
}
