#include "store/household_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMBER_COLS                                                                                \
    "name, id_number, birth_date, sex, relation, hukou_region_code, hukou_urban,"                  \
    " marital_status, disability_grade, serious_illness, veteran, youfu, employer,"                \
    " work_region_code, social_insurance_months, income_01, income_02, income_03, income_04,"      \
    " income_05, income_06, income_07, income_08, income_09, income_10, income_11, income_12,"     \
    " home_count, home_area, home_value, vehicle_count, vehicle_value, deposits, securities,"      \
    " insurance"

#define HOUSEHOLD_COLS                                                                             \
    "id, household_no, region_code, district_code, contact_phone, housing_address,"                \
    " housing_area, housing_tenure, income_end_month, version, created_at, updated_at,"            \
    " needs_accessible"

struct household_store {
    struct db *db;
    struct db_stmt *ins_household, *ins_member, *ins_priority;
    struct db_stmt *get_household, *get_members, *get_priority;
    struct db_stmt *upd_household, *del_members, *del_priority, *find_id, *find_no;
};

int household_store_open(struct db *db, struct household_store **out, struct err *e)
{
    struct household_store *st = calloc(1, sizeof *st);
    if (!st) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    st->db = db;
    if (db_prepare(db,
                   "INSERT INTO household (household_no, region_code, district_code,"
                   " contact_phone, housing_address, housing_area, housing_tenure,"
                   " income_end_month, needs_accessible, version, created_at, updated_at)"
                   " VALUES ($household_no, $region_code, $district_code, $contact_phone,"
                   " $housing_address, $housing_area, $housing_tenure, $income_end_month,"
                   " $needs_accessible, 1, $created_at, $updated_at) RETURNING id",
                   &st->ins_household, e) ||
        db_prepare(db,
                   "INSERT INTO member (household_id, seq, id_reversed, " MEMBER_COLS ")"
                   " VALUES ($household_id, $seq, $id_reversed, $name, $id_number, $birth_date,"
                   " $sex, $relation, $hukou_region_code, $hukou_urban, $marital_status,"
                   " $disability_grade, $serious_illness, $veteran, $youfu, $employer,"
                   " $work_region_code, $social_insurance_months, $income_01, $income_02,"
                   " $income_03, $income_04, $income_05, $income_06, $income_07, $income_08,"
                   " $income_09, $income_10, $income_11, $income_12, $home_count, $home_area,"
                   " $home_value, $vehicle_count, $vehicle_value, $deposits, $securities,"
                   " $insurance)",
                   &st->ins_member, e) ||
        db_prepare(db,
                   "INSERT INTO household_priority (household_id, category)"
                   " VALUES ($household_id, $category)",
                   &st->ins_priority, e) ||
        db_prepare(db, "SELECT " HOUSEHOLD_COLS " FROM household WHERE id = $id",
                   &st->get_household, e) ||
        db_prepare(db,
                   "SELECT id, " MEMBER_COLS " FROM member WHERE household_id = $id ORDER BY seq",
                   &st->get_members, e) ||
        db_prepare(db, "SELECT category FROM household_priority WHERE household_id = $id",
                   &st->get_priority, e) ||
        db_prepare(
            db,
            "UPDATE household SET household_no = $household_no, region_code = $region_code,"
            " district_code = $district_code, contact_phone = $contact_phone,"
            " housing_address = $housing_address, housing_area = $housing_area,"
            " housing_tenure = $housing_tenure, income_end_month = $income_end_month,"
            " needs_accessible = $needs_accessible, version = version + 1, updated_at = $updated_at"
            " WHERE id = $id AND version = $version",
            &st->upd_household, e) ||
        db_prepare(db, "DELETE FROM member WHERE household_id = $id", &st->del_members, e) ||
        db_prepare(db, "DELETE FROM household_priority WHERE household_id = $id", &st->del_priority,
                   e) ||
        db_prepare(db,
                   "SELECT h.household_no FROM member m JOIN household h ON h.id = m.household_id"
                   " WHERE m.id_number = $id_number",
                   &st->find_id, e) ||
        db_prepare(db, "SELECT household_no FROM household WHERE household_no = $no", &st->find_no,
                   e)) {
        household_store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void household_store_close(struct household_store *st)
{
    if (!st) return;
    db_finalize(st->ins_household);
    db_finalize(st->ins_member);
    db_finalize(st->ins_priority);
    db_finalize(st->get_household);
    db_finalize(st->get_members);
    db_finalize(st->get_priority);
    db_finalize(st->upd_household);
    db_finalize(st->del_members);
    db_finalize(st->del_priority);
    db_finalize(st->find_id);
    db_finalize(st->find_no);
    free(st);
}

/* Binds without copying: h must not change until the statement is stepped. */
static int bind_household(struct db_stmt *s, const struct household *h, struct err *e)
{
    return db_bind_text_static(s, "$household_no", h->household_no, e) ||
           db_bind_text_static(s, "$region_code", h->region_code, e) ||
           db_bind_text_static(s, "$district_code", h->district_code, e) ||
           db_bind_text_static(s, "$contact_phone", h->contact_phone, e) ||
           db_bind_text_static(s, "$housing_address", h->housing_address, e) ||
           db_bind_int(s, "$housing_area", h->housing_area, e) ||
           db_bind_text_static(s, "$housing_tenure", tenure_names[h->housing_tenure].code, e) ||
           db_bind_text_static(s, "$income_end_month", h->income_end_month, e) ||
           db_bind_int(s, "$needs_accessible", h->needs_accessible ? 1 : 0, e) ||
           db_bind_text_static(s, "$updated_at", h->updated_at, e);
}

/* Inserts one member row (binding without copies, then stepping). */
static int insert_member(struct db_stmt *s, int64_t household_id, int seq, const struct member *m,
                         struct err *e)
{
    static const char *income_names[HH_INCOME_MONTHS] = {
        "$income_01", "$income_02", "$income_03", "$income_04", "$income_05", "$income_06",
        "$income_07", "$income_08", "$income_09", "$income_10", "$income_11", "$income_12"};
    char rev[19];
    size_t n = strlen(m->id_number);
    for (size_t i = 0; i < n; i++)
        rev[i] = m->id_number[n - 1 - i];
    rev[n] = '\0';
    char sex[2] = {m->sex, 0};
    db_reset(s);
    if (db_bind_int(s, "$household_id", household_id, e) || db_bind_int(s, "$seq", seq, e) ||
        db_bind_text_static(s, "$id_reversed", rev, e) ||
        db_bind_text_static(s, "$name", m->name, e) ||
        db_bind_text_static(s, "$id_number", m->id_number, e) ||
        db_bind_text_static(s, "$birth_date", m->birth_date, e) ||
        db_bind_text_static(s, "$sex", sex, e) ||
        db_bind_text_static(s, "$relation", relation_names[m->relation].code, e) ||
        db_bind_text_static(s, "$hukou_region_code", m->hukou_region_code, e) ||
        db_bind_int(s, "$hukou_urban", m->hukou_urban, e) ||
        db_bind_text_static(s, "$marital_status", marital_names[m->marital_status].code, e) ||
        db_bind_int(s, "$disability_grade", m->disability_grade, e) ||
        db_bind_int(s, "$serious_illness", m->serious_illness, e) ||
        db_bind_int(s, "$veteran", m->veteran, e) || db_bind_int(s, "$youfu", m->youfu, e) ||
        db_bind_text_static(s, "$employer", m->employer, e) ||
        db_bind_text_static(s, "$work_region_code", m->work_region_code, e) ||
        db_bind_int(s, "$social_insurance_months", m->social_insurance_months, e))
        return -1;
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        if (db_bind_int(s, income_names[k], m->income[k], e)) return -1;
    const struct member_assets *a = &m->assets;
    if (db_bind_int(s, "$home_count", a->home_count, e) ||
        db_bind_int(s, "$home_area", a->home_area, e) ||
        db_bind_int(s, "$home_value", a->home_value, e) ||
        db_bind_int(s, "$vehicle_count", a->vehicle_count, e) ||
        db_bind_int(s, "$vehicle_value", a->vehicle_value, e) ||
        db_bind_int(s, "$deposits", a->deposits, e) ||
        db_bind_int(s, "$securities", a->securities, e) ||
        db_bind_int(s, "$insurance", a->insurance, e))
        return -1;
    int rc = db_step(s, e);
    db_reset(s); /* the bound buffers die with this frame */
    return rc < 0 ? -1 : 0;
}

/* Fills m from a row of "SELECT <first>..., MEMBER_COLS" starting at col. */
static void member_from_row(struct db_stmt *s, int c, struct member *m)
{
    snprintf(m->name, sizeof m->name, "%s", db_col_text(s, c + 0));
    snprintf(m->id_number, sizeof m->id_number, "%s", db_col_text(s, c + 1));
    snprintf(m->birth_date, sizeof m->birth_date, "%s", db_col_text(s, c + 2));
    m->sex = db_col_text(s, c + 3)[0];
    int r = code_lookup(relation_names, REL_COUNT, db_col_text(s, c + 4));
    m->relation = r < 0 ? REL_OTHER : (enum relation)r;
    snprintf(m->hukou_region_code, sizeof m->hukou_region_code, "%s", db_col_text(s, c + 5));
    m->hukou_urban = (int)db_col_int(s, c + 6);
    int ms = code_lookup(marital_names, MAR_COUNT, db_col_text(s, c + 7));
    m->marital_status = ms < 0 ? MAR_UNMARRIED : (enum marital)ms;
    m->disability_grade = (int)db_col_int(s, c + 8);
    m->serious_illness = (int)db_col_int(s, c + 9);
    m->veteran = (int)db_col_int(s, c + 10);
    m->youfu = (int)db_col_int(s, c + 11);
    snprintf(m->employer, sizeof m->employer, "%s", db_col_text(s, c + 12));
    snprintf(m->work_region_code, sizeof m->work_region_code, "%s", db_col_text(s, c + 13));
    m->social_insurance_months = db_col_int(s, c + 14);
    for (int k = 0; k < HH_INCOME_MONTHS; k++)
        m->income[k] = db_col_int(s, c + 15 + k);
    struct member_assets *a = &m->assets;
    a->home_count = db_col_int(s, c + 27);
    a->home_area = db_col_int(s, c + 28);
    a->home_value = db_col_int(s, c + 29);
    a->vehicle_count = db_col_int(s, c + 30);
    a->vehicle_value = db_col_int(s, c + 31);
    a->deposits = db_col_int(s, c + 32);
    a->securities = db_col_int(s, c + 33);
    a->insurance = db_col_int(s, c + 34);
}

static void household_from_row(struct db_stmt *s, struct household *h)
{
    h->id = db_col_int(s, 0);
    snprintf(h->household_no, sizeof h->household_no, "%s", db_col_text(s, 1));
    snprintf(h->region_code, sizeof h->region_code, "%s", db_col_text(s, 2));
    snprintf(h->district_code, sizeof h->district_code, "%s", db_col_text(s, 3));
    snprintf(h->contact_phone, sizeof h->contact_phone, "%s", db_col_text(s, 4));
    snprintf(h->housing_address, sizeof h->housing_address, "%s", db_col_text(s, 5));
    h->housing_area = db_col_int(s, 6);
    int t = code_lookup(tenure_names, TEN_COUNT, db_col_text(s, 7));
    h->housing_tenure = t < 0 ? TEN_OTHER : (enum tenure)t;
    snprintf(h->income_end_month, sizeof h->income_end_month, "%s", db_col_text(s, 8));
    h->version = db_col_int(s, 9);
    snprintf(h->created_at, sizeof h->created_at, "%s", db_col_text(s, 10));
    snprintf(h->updated_at, sizeof h->updated_at, "%s", db_col_text(s, 11));
    h->needs_accessible = db_col_int(s, 12) != 0;
    h->nmembers = 0;
    h->priority = 0;
}

/* Turns a unique-constraint failure into a message that names the field. */
static int conflict_error(struct household_store *st, const struct household *h, int member,
                          struct err *e)
{
    if (e->code != ERR_CONFLICT) return -1;
    if (member < 0)
        return err_set(e, ERR_CONFLICT, "household_no", "家庭编号 %s 已存在",
                       "household number %s already exists", h->household_no);
    char field[48], other[HH_NO_MAX + 1] = "";
    snprintf(field, sizeof field, "members[%d].id_number", member);
    struct err e2;
    household_store_find_id_number(st, h->members[member].id_number, other, &e2);
    return err_set(e, ERR_CONFLICT, field, "身份证号已登记在家庭 %s 中",
                   "the ID number is already registered in household %s", other);
}

static int insert_children(struct household_store *st, struct household *h, struct err *e)
{
    for (int i = 0; i < h->nmembers; i++)
        if (insert_member(st->ins_member, h->id, i + 1, &h->members[i], e))
            return conflict_error(st, h, i, e);
    for (int c = 0; c < PRI_COUNT; c++) {
        if (!(h->priority & (1u << c))) continue;
        db_reset(st->ins_priority);
        if (db_bind_int(st->ins_priority, "$household_id", h->id, e) ||
            db_bind_text_static(st->ins_priority, "$category", priority_names[c].code, e) ||
            db_step(st->ins_priority, e) < 0)
            return -1;
    }
    return 0;
}

int household_store_insert(struct household_store *st, struct household *h, struct err *e)
{
    struct db_stmt *s = st->ins_household;
    db_reset(s);
    if (bind_household(s, h, e) || db_bind_text_static(s, "$created_at", h->created_at, e))
        return -1;
    int rc = db_step(s, e);
    if (rc < 0) return conflict_error(st, h, -1, e);
    h->id = db_col_int(s, 0);
    db_reset(s);
    h->version = 1;
    return insert_children(st, h, e);
}

/* The household's declared categories as a bit mask. */
static int load_priority(struct household_store *st, int64_t id, unsigned *mask, struct err *e)
{
    struct db_stmt *s = st->get_priority;
    int rc;
    *mask = 0;
    db_reset(s);
    if (db_bind_int(s, "$id", id, e)) return -1;
    while ((rc = db_step(s, e)) == 1) {
        int c = code_lookup(priority_names, PRI_COUNT, db_col_text(s, 0));
        if (c >= 0) *mask |= 1u << c;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int household_store_get(struct household_store *st, int64_t id, struct household *h, struct err *e)
{
    struct db_stmt *s = st->get_household;
    db_reset(s);
    if (db_bind_int(s, "$id", id, e)) return -1;
    int rc = db_step(s, e);
    if (rc < 0) return -1;
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "家庭 %lld 不存在", "household %lld does not exist",
                       (long long)id);
    household_from_row(s, h);
    db_reset(s);
    s = st->get_members;
    db_reset(s);
    if (db_bind_int(s, "$id", id, e)) return -1;
    while ((rc = db_step(s, e)) == 1 && h->nmembers < HH_MAX_MEMBERS) {
        struct member *m = &h->members[h->nmembers++];
        memset(m, 0, sizeof *m);
        m->id = db_col_int(s, 0);
        member_from_row(s, 1, m);
    }
    db_reset(s);
    if (rc < 0) return -1;
    return load_priority(st, id, &h->priority, e);
}

int household_store_update(struct household_store *st, struct household *h,
                           int64_t expected_version, struct err *e)
{
    struct db_stmt *s = st->upd_household;
    db_reset(s);
    if (bind_household(s, h, e) || db_bind_int(s, "$id", h->id, e) ||
        db_bind_int(s, "$version", expected_version, e))
        return -1;
    if (db_step(s, e) < 0) return conflict_error(st, h, -1, e);
    if (db_changes(st->db) == 0)
        return err_set(e, ERR_CONFLICT, "version",
                       "家庭 %lld 已被他人修改（当前版本不是 %lld），请刷新后重试",
                       "household %lld was changed by someone else (its version is no longer "
                       "%lld); reload and try again",
                       (long long)h->id, (long long)expected_version);
    db_reset(s);
    db_reset(st->del_members);
    db_reset(st->del_priority);
    if (db_bind_int(st->del_members, "$id", h->id, e) || db_step(st->del_members, e) < 0 ||
        db_bind_int(st->del_priority, "$id", h->id, e) || db_step(st->del_priority, e) < 0)
        return -1;
    h->version = expected_version + 1;
    return insert_children(st, h, e);
}

int household_store_find_id_number(struct household_store *st, const char *id_number,
                                   char household_no[HH_NO_MAX + 1], struct err *e)
{
    struct db_stmt *s = st->find_id;
    db_reset(s);
    if (db_bind_text(s, "$id_number", id_number, e)) return -1;
    int rc = db_step(s, e);
    if (rc == 1) snprintf(household_no, HH_NO_MAX + 1, "%s", db_col_text(s, 0));
    db_reset(s);
    return rc;
}

int household_store_find_no(struct household_store *st, const char *household_no,
                            char no_out[HH_NO_MAX + 1], struct err *e)
{
    struct db_stmt *s = st->find_no;
    db_reset(s);
    if (db_bind_text(s, "$no", household_no, e)) return -1;
    int rc = db_step(s, e);
    if (rc == 1) snprintf(no_out, HH_NO_MAX + 1, "%s", db_col_text(s, 0));
    db_reset(s);
    return rc;
}

int64_t household_store_count(struct db *db, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT count(*) FROM household", &s, e)) return -1;
    int64_t n = db_step(s, e) == 1 ? db_col_int(s, 0) : -1;
    db_finalize(s);
    return n;
}

int household_store_last_assigned_no(struct db *db, const char *year, int64_t *last, struct err *e)
{
    struct db_stmt *s;
    char lo[16], hi[16];
    snprintf(lo, sizeof lo, "W%.4s000000", year);
    snprintf(hi, sizeof hi, "W%.4s999999", year);
    /* a range of the unique index on household_no; the length keeps out
     * longer numbers that merely start the same way */
    if (db_prepare(db,
                   "SELECT coalesce(max(CAST(substr(household_no, 6) AS INTEGER)), 0)"
                   " FROM household WHERE household_no >= $lo AND household_no <= $hi"
                   " AND length(household_no) = 11",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$lo", lo, e) == 0 && db_bind_text(s, "$hi", hi, e) == 0 &&
        db_step(s, e) == 1) {
        *last = db_col_int(s, 0);
        rc = 0;
    }
    db_finalize(s);
    return rc;
}

/* --- listing and search ------------------------------------------------ */

static int is_id_fragment(const char *q)
{
    size_t n = strlen(q);
    if (n < 4 || n > 18) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((q[i] >= '0' && q[i] <= '9') || q[i] == 'X')) return 0;
    return 1;
}

/* The WHERE clause of a household filter (region scope, household, search)
 * and the values its parameters take; the list and the counts share it. */
struct household_where {
    char sql[1024];
    int has_q, id_q, has_prefix;
    char prefix[3], prefix_end[4]; /* a city: district codes from "11" up to "11~" */
    char rev[19], rev_end[20], q_end[600];
};

static void household_where(const struct household_filter *f, struct household_where *w)
{
    memset(w, 0, sizeof *w);
    w->has_q = f->q && *f->q;
    w->id_q = w->has_q && is_id_fragment(f->q);
    strcpy(w->sql, "WHERE 1 = 1");
    if (f->district_code && *f->district_code) strcat(w->sql, " AND h.district_code = $district");
    if (f->region_code && *f->region_code) strcat(w->sql, " AND h.region_code = $region");
    w->has_prefix = f->city_prefix && strlen(f->city_prefix) >= 2;
    if (w->has_prefix) {
        memcpy(w->prefix, f->city_prefix, 2);
        snprintf(w->prefix_end, sizeof w->prefix_end, "%s~", w->prefix);
        strcat(w->sql, " AND h.district_code >= $prefix AND h.district_code < $prefix_end");
    }
    if (f->household_id) strcat(w->sql, " AND h.id = $household_id");
    if (w->has_q)
        strcat(w->sql, w->id_q ? " AND h.id IN (SELECT household_id FROM member"
                                 " WHERE id_reversed >= $rev AND id_reversed < $rev_end"
                                 " UNION SELECT id FROM household WHERE household_no = $q)"
                               : " AND h.id IN (SELECT household_id FROM member"
                                 " WHERE name >= $q AND name < $q_end"
                                 " UNION SELECT id FROM household WHERE household_no = $q)");
    if (w->id_q) {
        size_t len = strlen(f->q);
        for (size_t i = 0; i < len; i++)
            w->rev[i] = f->q[len - 1 - i];
        w->rev[len] = '\0';
        snprintf(w->rev_end, sizeof w->rev_end, "%s~", w->rev);
    } else if (w->has_q)
        snprintf(w->q_end, sizeof w->q_end, "%.500s\xf4\x8f\xbf\xbf", f->q);
}

static int household_where_bind(struct db_stmt *s, const struct household_filter *f,
                                const struct household_where *w, struct err *e)
{
    return (f->district_code && *f->district_code &&
            db_bind_text(s, "$district", f->district_code, e)) ||
                   (f->region_code && *f->region_code &&
                    db_bind_text(s, "$region", f->region_code, e)) ||
                   (w->has_prefix && (db_bind_text(s, "$prefix", w->prefix, e) ||
                                      db_bind_text(s, "$prefix_end", w->prefix_end, e))) ||
                   (f->household_id && db_bind_int(s, "$household_id", f->household_id, e)) ||
                   (w->has_q && db_bind_text(s, "$q", f->q, e)) ||
                   (w->id_q && (db_bind_text(s, "$rev", w->rev, e) ||
                                db_bind_text(s, "$rev_end", w->rev_end, e))) ||
                   (w->has_q && !w->id_q && db_bind_text(s, "$q_end", w->q_end, e))
               ? -1
               : 0;
}

int household_store_count_by_district(struct db *db, const struct household_filter *f,
                                      struct household_district_count **out, size_t *n,
                                      struct err *e)
{
    *out = NULL;
    *n = 0;
    struct household_where w;
    household_where(f, &w);
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT h.district_code, count(*) FROM household h %s"
             " GROUP BY h.district_code ORDER BY h.district_code",
             w.sql);
    struct db_stmt *s = NULL;
    struct household_district_count *list = NULL;
    size_t len = 0, cap = 0;
    int rc = -1, r;
    if (db_prepare(db, sql, &s, e)) goto done;
    if (household_where_bind(s, f, &w, e)) goto done;
    while ((r = db_step(s, e)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct household_district_count *grown = realloc(list, ncap * sizeof *list);
            if (!grown) {
                err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                goto done;
            }
            list = grown;
            cap = ncap;
        }
        snprintf(list[len].district_code, sizeof list[len].district_code, "%s", db_col_text(s, 0));
        list[len++].households = db_col_int(s, 1);
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

int household_store_list(struct household_store *st, const struct household_filter *f,
                         struct household_summary **out, size_t *n, int64_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    struct household_where w;
    household_where(f, &w);

    char sql[2048];
    struct db_stmt *s = NULL;
    int rc = -1;
    struct household_summary *list = NULL;
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM household h %s", w.sql);
        else
            snprintf(sql, sizeof sql,
                     "SELECT h.id, h.household_no, h.region_code, h.district_code, h.updated_at,"
                     " a.name, a.id_number,"
                     " (SELECT count(*) FROM member c WHERE c.household_id = h.id)"
                     " FROM household h JOIN member a ON a.household_id = h.id"
                     "  AND a.relation = 'applicant' %s ORDER BY h.id LIMIT $limit OFFSET $offset",
                     w.sql);
        if (db_prepare(st->db, sql, &s, e)) goto done;
        if (household_where_bind(s, f, &w, e)) goto done;
        int paged = db_page_pass(&s, pass, f->page_size, (f->page - 1) * f->page_size, total, e);
        if (paged < 0) goto done;
        if (paged) continue;
        list = calloc((size_t)f->page_size + 1, sizeof *list);
        if (!list) {
            err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            goto done;
        }
        int r;
        while ((r = db_step(s, e)) == 1) {
            struct household_summary *x = &list[len++];
            x->id = db_col_int(s, 0);
            snprintf(x->household_no, sizeof x->household_no, "%s", db_col_text(s, 1));
            snprintf(x->region_code, sizeof x->region_code, "%s", db_col_text(s, 2));
            snprintf(x->district_code, sizeof x->district_code, "%s", db_col_text(s, 3));
            snprintf(x->updated_at, sizeof x->updated_at, "%s", db_col_text(s, 4));
            snprintf(x->applicant_name, sizeof x->applicant_name, "%s", db_col_text(s, 5));
            snprintf(x->applicant_id_number, sizeof x->applicant_id_number, "%s",
                     db_col_text(s, 6));
            x->member_count = (int)db_col_int(s, 7);
        }
        if (r < 0) goto done;
        for (size_t i = 0; i < len; i++) /* a page is at most a few hundred rows */
            if (load_priority(st, list[i].id, &list[i].priority, e)) goto done;
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

/* --- streaming every household (export) ------------------------------- */

int household_store_each(struct db *db, int (*fn)(const struct household *h, void *ctx), void *ctx,
                         struct err *e)
{
    struct db_stmt *hs = NULL, *ms = NULL, *ps = NULL;
    struct household *h = calloc(1, sizeof *h);
    int rc = -1;
    if (!h) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    if (db_prepare(db, "SELECT " HOUSEHOLD_COLS " FROM household ORDER BY id", &hs, e) ||
        db_prepare(db,
                   "SELECT household_id, " MEMBER_COLS " FROM member ORDER BY household_id, seq",
                   &ms, e) ||
        db_prepare(db,
                   "SELECT household_id, category FROM household_priority"
                   " ORDER BY household_id",
                   &ps, e))
        goto done;
    /* three ordered streams merged on household id */
    int mrow = db_step(ms, e), prow = db_step(ps, e), hrow;
    if (mrow < 0 || prow < 0) goto done;
    while ((hrow = db_step(hs, e)) == 1) {
        household_from_row(hs, h);
        while (mrow == 1 && db_col_int(ms, 0) < h->id)
            mrow = db_step(ms, e);
        while (mrow == 1 && db_col_int(ms, 0) == h->id) {
            if (h->nmembers < HH_MAX_MEMBERS) {
                struct member *m = &h->members[h->nmembers++];
                memset(m, 0, sizeof *m);
                member_from_row(ms, 1, m);
            }
            mrow = db_step(ms, e);
        }
        while (prow == 1 && db_col_int(ps, 0) < h->id)
            prow = db_step(ps, e);
        while (prow == 1 && db_col_int(ps, 0) == h->id) {
            int c = code_lookup(priority_names, PRI_COUNT, db_col_text(ps, 1));
            if (c >= 0) h->priority |= 1u << c;
            prow = db_step(ps, e);
        }
        if (mrow < 0 || prow < 0) goto done;
        int r = fn(h, ctx);
        if (r) {
            rc = r;
            goto done;
        }
    }
    rc = hrow < 0 ? -1 : 0;
done:
    db_finalize(hs);
    db_finalize(ms);
    db_finalize(ps);
    free(h);
    return rc;
}

/* --- bulk loading ------------------------------------------------------ */

int64_t household_store_member_count(struct db *db, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT count(*) FROM member", &s, e)) return -1;
    int64_t n = db_step(s, e) == 1 ? db_col_int(s, 0) : -1;
    db_finalize(s);
    return n;
}

struct index_defs {
    size_t n;
    char **name, **sql;
};

void index_defs_free(struct index_defs *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->name[i]);
        free(d->sql[i]);
    }
    free(d->name);
    free(d->sql);
    free(d);
}

int household_store_drop_indexes(struct db *db, struct index_defs **saved, struct err *e)
{
    *saved = NULL;
    struct index_defs *d = calloc(1, sizeof *d);
    struct db_stmt *s = NULL;
    if (!d) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    /* the catalog query is SQLite's; the PostgreSQL driver will read pg_indexes */
    if (db_prepare(db,
                   "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                   " AND tbl_name IN ('household', 'member', 'household_priority')"
                   " ORDER BY name",
                   &s, e))
        goto fail;
    int rc;
    size_t cap = 0;
    while ((rc = db_step(s, e)) == 1) {
        if (d->n == cap) {
            cap = cap ? cap * 2 : 8;
            char **nn = realloc(d->name, cap * sizeof *nn);
            if (nn) d->name = nn;
            char **ss = realloc(d->sql, cap * sizeof *ss);
            if (ss) d->sql = ss;
            if (!nn || !ss) {
                err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                goto fail;
            }
        }
        d->name[d->n] = strdup(db_col_text(s, 0));
        d->sql[d->n] = strdup(db_col_text(s, 1));
        d->n++;
    }
    db_finalize(s);
    s = NULL;
    if (rc < 0) goto fail;
    for (size_t i = 0; i < d->n; i++) {
        char sql[200];
        snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", d->name[i]);
        if (db_exec(db, sql, e)) goto fail;
    }
    *saved = d;
    return 0;
fail:
    db_finalize(s);
    index_defs_free(d);
    return -1;
}

int household_store_build_indexes(struct db *db, struct index_defs *saved, struct err *e)
{
    for (size_t i = 0; saved && i < saved->n; i++)
        if (db_exec(db, saved->sql[i], e)) {
            err_prefix(e, "重建索引失败：", "rebuilding an index failed: ");
            snprintf(e->field, sizeof e->field, "%.60s", saved->name[i]);
            return -1;
        }
    return 0;
}

int household_store_each_id_number(struct db *db, int (*fn)(const char *id, void *ctx), void *ctx,
                                   struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT id_number FROM member", &s, e)) return -1;
    int rc;
    while ((rc = db_step(s, e)) == 1)
        if (fn(db_col_text(s, 0), ctx)) {
            rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            break;
        }
    db_finalize(s);
    return rc < 0 ? -1 : 0;
}

int household_store_find_applicant(struct db *db, const char *id_number, const char *name,
                                   int64_t *id, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "SELECT household_id FROM member WHERE id_number = $id_number"
                   " AND relation = 'applicant' AND name = $name",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$id_number", id_number, e) || db_bind_text(s, "$name", name, e)) goto done;
    rc = db_step(s, e);
    if (rc == 1) *id = db_col_int(s, 0);
done:
    db_finalize(s);
    return rc;
}
