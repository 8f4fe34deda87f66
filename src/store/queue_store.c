/* store/queue_store — waiting-list rows and re-reports (see queue_store.h). */
#include "store/queue_store.h"

#include "base/bigmem.h"
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRY_COLS                                                                                 \
    "application_id, application_no, filed_date, categories, oldest_birth_date,"                   \
    " severe_disability, serious_illness, programme, household_id, region_code, district_code,"    \
    " verified_on, coalesce(decision_id, 0), last_report_on, overdue_due, overdue_marked_on,"      \
    " answered_through"

/* Copies src into dst (size bytes), cut to fit: a bulk path, no printf. */
static int oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

static int corrupt(struct err *e, const char *what, const char *value)
{
    return err_set(e, ERR_DB, what, "数据库中的%s“%s”无法识别", "unknown %s \"%s\" in the database",
                   what, value);
}

/* Reads one row of ENTRY_COLS. */
static int read_entry(struct db_stmt *s, struct queue_family *f, struct queue_entry *x,
                      struct err *e)
{
    memset(f, 0, sizeof *f);
    memset(x, 0, sizeof *x);
    f->application_id = db_col_int(s, 0);
    str_copy(f->application_no, sizeof f->application_no, db_col_text(s, 1));
    str_copy(f->filed_date, sizeof f->filed_date, db_col_text(s, 2));
    const char *cats = db_col_text(s, 3);
    if (cats[0] && priority_parse(cats, &f->facts.stated, "categories", e)) return -1;
    str_copy(f->facts.oldest_birth_date, sizeof f->facts.oldest_birth_date, db_col_text(s, 4));
    f->facts.severe_disability = (int)db_col_int(s, 5);
    f->facts.serious_illness = (int)db_col_int(s, 6);
    int p = code_lookup(programme_names, PROG_COUNT, db_col_text(s, 7));
    if (p < 0) return corrupt(e, "programme", db_col_text(s, 7));
    x->programme = (enum programme)p;
    x->household_id = db_col_int(s, 8);
    str_copy(x->region_code, sizeof x->region_code, db_col_text(s, 9));
    str_copy(x->district_code, sizeof x->district_code, db_col_text(s, 10));
    str_copy(x->verified_on, sizeof x->verified_on, db_col_text(s, 11));
    x->decision_id = db_col_int(s, 12);
    str_copy(x->last_report_on, sizeof x->last_report_on, db_col_text(s, 13));
    str_copy(x->overdue_due, sizeof x->overdue_due, db_col_text(s, 14));
    str_copy(x->overdue_marked_on, sizeof x->overdue_marked_on, db_col_text(s, 15));
    str_copy(x->answered_through, sizeof x->answered_through, db_col_text(s, 16));
    return 0;
}

void queue_rows_free(struct queue_rows *r)
{
    bigmem_free(r->fam, r->cap * sizeof *r->fam);
    bigmem_free(r->info, r->cap * sizeof *r->info);
    memset(r, 0, sizeof *r);
}

/* Room for cap rows in r (keeping those read). */
static int rows_reserve(struct queue_rows *r, size_t cap, struct err *e)
{
    struct queue_family *fam = bigmem_alloc(cap * sizeof *fam);
    struct queue_entry *info = bigmem_alloc(cap * sizeof *info);
    if (!fam || !info) {
        bigmem_free(fam, cap * sizeof *fam);
        bigmem_free(info, cap * sizeof *info);
        return oom(e);
    }
    if (r->n) {
        memcpy(fam, r->fam, r->n * sizeof *fam);
        memcpy(info, r->info, r->n * sizeof *info);
    }
    size_t n = r->n;
    queue_rows_free(r);
    r->fam = fam;
    r->info = info;
    r->n = n;
    r->cap = cap;
    return 0;
}

/* Steps s to the end, appending every row; expect: how many rows there
 * should be (the arrays are sized once for them). */
static int read_all(struct db_stmt *s, size_t expect, struct queue_rows *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    int rc = rows_reserve(r, expect > 8 ? expect : 8, e) ? -1 : 1;
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        if (r->n == r->cap && rows_reserve(r, r->cap * 2, e)) {
            rc = -1;
            break;
        }
        if (read_entry(s, &r->fam[r->n], &r->info[r->n], e)) {
            rc = -1;
            break;
        }
        r->n++;
    }
    if (rc < 0) {
        queue_rows_free(r);
        return -1;
    }
    return 0;
}

int queue_store_load(struct db *db, int p, struct queue_rows *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    /* how many (from the index alone), so that the arrays are sized once */
    struct db_stmt *s;
    int64_t expect = 0;
    if (db_prepare(db,
                   p >= 0 ? "SELECT count(*) FROM queue_entry WHERE programme = $programme"
                          : "SELECT count(*) FROM queue_entry",
                   &s, e))
        return -1;
    int rc = p >= 0 ? db_bind_text(s, "$programme", programme_names[p].code, e) : 0;
    if (rc == 0 && db_step(s, e) == 1)
        expect = db_col_int(s, 0);
    else
        rc = -1;
    db_finalize(s);
    if (rc) return -1;
    if (db_prepare(db,
                   p >= 0 ? "SELECT " ENTRY_COLS " FROM queue_entry WHERE programme = $programme"
                            " ORDER BY application_id"
                          : "SELECT " ENTRY_COLS " FROM queue_entry ORDER BY application_id",
                   &s, e))
        return -1;
    rc = p >= 0 ? db_bind_text(s, "$programme", programme_names[p].code, e) : 0;
    if (rc == 0) rc = read_all(s, (size_t)expect, out, e);
    db_finalize(s);
    return rc;
}

int queue_store_household(struct db *db, int64_t household_id, struct queue_rows *out,
                          struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT " ENTRY_COLS " FROM queue_entry WHERE household_id = $household_id"
                   " ORDER BY application_id",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$household_id", household_id, e) ? -1 : read_all(s, 8, out, e);
    db_finalize(s);
    return rc;
}

int queue_store_get(struct db *db, int64_t application_id, struct queue_family *fam,
                    struct queue_entry *info, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " ENTRY_COLS " FROM queue_entry WHERE application_id = $id", &s, e))
        return -1;
    int found = -1;
    if (db_bind_int(s, "$id", application_id, e) == 0) {
        found = db_step(s, e);
        if (found == 1 && read_entry(s, fam, info, e)) found = -1;
    }
    db_finalize(s);
    return found;
}

int queue_store_enter(struct db *db, const struct queue_family *fam, const struct queue_entry *info,
                      struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO queue_entry (application_id, programme, application_no,"
                   " household_id, region_code, district_code, filed_date, categories,"
                   " oldest_birth_date, severe_disability, serious_illness, verified_on,"
                   " decision_id) VALUES ($id, $programme, $no, $household_id, $region_code,"
                   " $district_code, $filed_date, $categories, $oldest, $severe, $illness,"
                   " $verified_on, $decision_id)",
                   &s, e))
        return -1;
    char cats[256];
    priority_format(fam->facts.stated, cats);
    int rc = -1;
    if (db_bind_int(s, "$id", fam->application_id, e) ||
        db_bind_text(s, "$programme", programme_names[info->programme].code, e) ||
        db_bind_text(s, "$no", fam->application_no, e) ||
        db_bind_int(s, "$household_id", info->household_id, e) ||
        db_bind_text(s, "$region_code", info->region_code, e) ||
        db_bind_text(s, "$district_code", info->district_code, e) ||
        db_bind_text(s, "$filed_date", fam->filed_date, e) ||
        db_bind_text(s, "$categories", cats, e) ||
        db_bind_text(s, "$oldest", fam->facts.oldest_birth_date, e) ||
        db_bind_int(s, "$severe", fam->facts.severe_disability ? 1 : 0, e) ||
        db_bind_int(s, "$illness", fam->facts.serious_illness ? 1 : 0, e) ||
        db_bind_text(s, "$verified_on", info->verified_on, e) ||
        (info->decision_id > 0 ? db_bind_int(s, "$decision_id", info->decision_id, e)
                               : db_bind_null(s, "$decision_id", e)))
        goto done;
    if (db_step(s, e) < 0) goto done;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int queue_store_reported(struct db *db, int64_t application_id, const struct category_facts *facts,
                         const char *verified_on, int64_t decision_id, const char *reported_on,
                         const char *answered, struct err *e)
{
    struct db_stmt *s;
    int rc = -1;
    if (decision_id > 0) {
        if (db_prepare(db,
                       "UPDATE queue_entry SET categories = $categories, oldest_birth_date ="
                       " $oldest, severe_disability = $severe, serious_illness = $illness,"
                       " verified_on = $verified_on, decision_id = $decision_id, last_report_on ="
                       " $reported_on, answered_through = $answered, overdue_due = '',"
                       " overdue_marked_on = '' WHERE application_id = $id",
                       &s, e))
            return -1;
        char cats[256];
        priority_format(facts->stated, cats);
        if (db_bind_text(s, "$categories", cats, e) ||
            db_bind_text(s, "$oldest", facts->oldest_birth_date, e) ||
            db_bind_int(s, "$severe", facts->severe_disability ? 1 : 0, e) ||
            db_bind_int(s, "$illness", facts->serious_illness ? 1 : 0, e) ||
            db_bind_text(s, "$verified_on", verified_on, e) ||
            db_bind_int(s, "$decision_id", decision_id, e))
            goto done;
    } else if (db_prepare(db,
                          "UPDATE queue_entry SET last_report_on = $reported_on, answered_through ="
                          " $answered, overdue_due = '', overdue_marked_on = ''"
                          " WHERE application_id = $id",
                          &s, e)) {
        return -1;
    }
    if (db_bind_text(s, "$reported_on", reported_on, e) ||
        db_bind_text(s, "$answered", answered, e) || db_bind_int(s, "$id", application_id, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    if (db_changes(db) != 1) {
        err_set(e, ERR_NOT_FOUND, "application_id", "申请 %lld 不在轮候名单中",
                "application %lld is not on a waiting list", (long long)application_id);
        goto done;
    }
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int queue_store_mark_overdue(struct db *db, int64_t application_id, const char *due,
                             const char *as_of, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE queue_entry SET overdue_due = $due, overdue_marked_on = $as_of"
                   " WHERE application_id = $id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$due", due, e) == 0 && db_bind_text(s, "$as_of", as_of, e) == 0 &&
        db_bind_int(s, "$id", application_id, e) == 0 && db_step(s, e) >= 0)
        rc = 0;
    db_finalize(s);
    return rc;
}

/* --- re-reports ----------------------------------------------------------- */

int queue_store_re_report_add(struct db *db, struct queue_re_report *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO queue_re_report (application_id, reported_on, at, account_id,"
                   " actor, role, decision_id, eligible, cleared_overdue) VALUES ($application_id,"
                   " $reported_on, $at, $account_id, $actor, $role, $decision_id, $eligible,"
                   " $cleared) RETURNING id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$application_id", r->application_id, e) ||
        db_bind_text(s, "$reported_on", r->reported_on, e) || db_bind_text(s, "$at", r->at, e) ||
        (r->account_id > 0 ? db_bind_int(s, "$account_id", r->account_id, e)
                           : db_bind_null(s, "$account_id", e)) ||
        db_bind_text(s, "$actor", r->actor, e) || db_bind_text(s, "$role", r->role, e) ||
        (r->decision_id > 0 ? db_bind_int(s, "$decision_id", r->decision_id, e)
                            : db_bind_null(s, "$decision_id", e)) ||
        (r->eligible >= 0 ? db_bind_int(s, "$eligible", r->eligible, e)
                          : db_bind_null(s, "$eligible", e)) ||
        db_bind_text(s, "$cleared", r->cleared_overdue, e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    r->id = db_col_int(s, 0);
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int queue_store_re_reports(struct db *db, int64_t application_id, struct queue_re_report **out,
                           size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT r.id, r.application_id, r.reported_on, r.at, coalesce(r.account_id, 0),"
                   " r.actor, r.role, coalesce(r.decision_id, 0), coalesce(r.eligible, -1),"
                   " r.cleared_overdue, a.application_no FROM queue_re_report r"
                   " JOIN application a ON a.id = r.application_id"
                   " WHERE r.application_id = $id ORDER BY r.id",
                   &s, e))
        return -1;
    int rc = db_bind_int(s, "$id", application_id, e) ? -1 : 1;
    size_t cap = 0;
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct queue_re_report *p = realloc(*out, ncap * sizeof *p);
            if (!p) {
                rc = oom(e);
                break;
            }
            *out = p;
            cap = ncap;
        }
        struct queue_re_report *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->application_id = db_col_int(s, 1);
        str_copy(r->reported_on, sizeof r->reported_on, db_col_text(s, 2));
        str_copy(r->at, sizeof r->at, db_col_text(s, 3));
        r->account_id = db_col_int(s, 4);
        str_copy(r->actor, sizeof r->actor, db_col_text(s, 5));
        str_copy(r->role, sizeof r->role, db_col_text(s, 6));
        r->decision_id = db_col_int(s, 7);
        r->eligible = (int)db_col_int(s, 8);
        str_copy(r->cleared_overdue, sizeof r->cleared_overdue, db_col_text(s, 9));
        str_copy(r->application_no, sizeof r->application_no, db_col_text(s, 10));
    }
    db_finalize(s);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* --- people --------------------------------------------------------------- */

int queue_store_people(struct db *db, const int64_t *ids, size_t n, struct queue_person *out,
                       struct err *e)
{
    if (n == 0) return 0;
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT h.household_no, coalesce(m.name, ''), coalesce(m.id_number, ''),"
                   " (SELECT count(*) FROM member c WHERE c.household_id = h.id)"
                   " FROM household h LEFT JOIN member m ON m.household_id = h.id"
                   " AND m.relation = 'applicant' WHERE h.id = $id ORDER BY m.seq LIMIT 1",
                   &s, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct queue_person *p = &out[i];
        memset(p, 0, sizeof *p);
        p->household_id = ids[i];
        db_reset(s);
        if (db_bind_int(s, "$id", ids[i], e)) {
            rc = -1;
            break;
        }
        int step = db_step(s, e);
        if (step < 0) {
            rc = -1;
        } else if (step == 1) {
            str_copy(p->household_no, sizeof p->household_no, db_col_text(s, 0));
            str_copy(p->applicant_name, sizeof p->applicant_name, db_col_text(s, 1));
            str_copy(p->applicant_id_number, sizeof p->applicant_id_number, db_col_text(s, 2));
            p->members = (int)db_col_int(s, 3);
        }
    }
    db_finalize(s);
    return rc;
}
