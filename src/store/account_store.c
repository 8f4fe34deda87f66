/* store/account_store — rows of the account table. */
#include "store/account_store.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS                                                                                    \
    "id, username, display_name, role, scope, phone, id_number, household_id, password_hash,"      \
    " failed_logins, lockouts, locked_until, disabled, version, created_at, updated_at"

static void read_row(struct db_stmt *s, struct account *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_col_int(s, 0);
    str_copy(a->username, sizeof a->username, db_col_text(s, 1));
    str_copy(a->display_name, sizeof a->display_name, db_col_text(s, 2));
    int r = code_lookup(role_names, ROLE_COUNT, db_col_text(s, 3));
    a->role = r < 0 ? ROLE_APPLICANT : (enum role)r;
    str_copy(a->scope, sizeof a->scope, db_col_text(s, 4));
    str_copy(a->phone, sizeof a->phone, db_col_text(s, 5));
    str_copy(a->id_number, sizeof a->id_number, db_col_text(s, 6));
    a->household_id = db_col_is_null(s, 7) ? 0 : db_col_int(s, 7);
    str_copy(a->password_hash, sizeof a->password_hash, db_col_text(s, 8));
    a->failed_logins = (int)db_col_int(s, 9);
    a->lockouts = (int)db_col_int(s, 10);
    str_copy(a->locked_until, sizeof a->locked_until, db_col_text(s, 11));
    a->disabled = (int)db_col_int(s, 12);
    a->version = db_col_int(s, 13);
    str_copy(a->created_at, sizeof a->created_at, db_col_text(s, 14));
    str_copy(a->updated_at, sizeof a->updated_at, db_col_text(s, 15));
}

/* Binds the columns every write sets. */
static int bind_fields(struct db_stmt *s, const struct account *a, struct err *e)
{
    return db_bind_text(s, "$username", a->username, e) ||
           db_bind_text(s, "$display_name", a->display_name, e) ||
           db_bind_text(s, "$role", role_names[a->role].code, e) ||
           db_bind_text(s, "$scope", a->scope, e) || db_bind_text(s, "$phone", a->phone, e) ||
           db_bind_text(s, "$id_number", a->id_number, e) ||
           (a->household_id ? db_bind_int(s, "$household_id", a->household_id, e)
                            : db_bind_null(s, "$household_id", e)) ||
           db_bind_text(s, "$password_hash", a->password_hash, e) ||
           db_bind_int(s, "$failed_logins", a->failed_logins, e) ||
           db_bind_int(s, "$lockouts", a->lockouts, e) ||
           db_bind_text(s, "$locked_until", a->locked_until, e) ||
           db_bind_int(s, "$disabled", a->disabled ? 1 : 0, e) ||
           db_bind_text(s, "$updated_at", a->updated_at, e);
}

/* A unique-index violation names the column it concerns. */
static void name_conflict(const struct account *a, struct err *e)
{
    if (e->code != ERR_CONFLICT) return;
    if (strstr(e->en, "household")) {
        err_set(e, ERR_CONFLICT, "household_id", "该家庭已绑定到另一个账号",
                "this household is already bound to another account");
    } else {
        err_set(e, ERR_CONFLICT, "username", "用户名“%s”已被使用",
                "the username \"%s\" is already taken", a->username);
    }
}

int account_store_insert(struct db *db, struct account *a, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO account (username, display_name, role, scope, phone, id_number,"
                   " household_id, password_hash, failed_logins, lockouts, locked_until, disabled,"
                   " version, created_at, updated_at) VALUES ($username, $display_name, $role,"
                   " $scope, $phone, $id_number, $household_id, $password_hash, $failed_logins,"
                   " $lockouts, $locked_until, $disabled, 1, $created_at, $updated_at)",
                   &s, e))
        return -1;
    int rc = -1;
    if (bind_fields(s, a, e) || db_bind_text(s, "$created_at", a->created_at, e)) goto done;
    if (db_step(s, e) < 0) {
        name_conflict(a, e);
        goto done;
    }
    db_finalize(s);
    s = NULL;
    if (db_prepare(db, "SELECT id FROM account WHERE username = $username", &s, e) ||
        db_bind_text(s, "$username", a->username, e) || db_step(s, e) != 1)
        goto done;
    a->id = db_col_int(s, 0);
    a->version = 1;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

static int get_one(struct db *db, const char *where, const char *name, const char *text,
                   int64_t num, struct account *a, struct err *e)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " COLUMNS " FROM account WHERE %s", where);
    struct db_stmt *s;
    if (db_prepare(db, sql, &s, e)) return -1;
    int rc = text ? db_bind_text(s, name, text, e) : db_bind_int(s, name, num, e);
    if (rc == 0) rc = db_step(s, e);
    if (rc == 1) read_row(s, a);
    db_finalize(s);
    return rc;
}

int account_store_get(struct db *db, int64_t id, struct account *a, struct err *e)
{
    return get_one(db, "id = $id", "$id", NULL, id, a, e);
}

int account_store_by_username(struct db *db, const char *username, struct account *a, struct err *e)
{
    return get_one(db, "username = $username", "$username", username, 0, a, e);
}

int account_store_by_household(struct db *db, int64_t household_id, struct account *a,
                               struct err *e)
{
    return get_one(db, "household_id = $household_id", "$household_id", NULL, household_id, a, e);
}

int account_store_update(struct db *db, struct account *a, int64_t expected_version, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE account SET username = $username, display_name = $display_name,"
                   " role = $role, scope = $scope, phone = $phone, id_number = $id_number,"
                   " household_id = $household_id, password_hash = $password_hash,"
                   " failed_logins = $failed_logins, lockouts = $lockouts,"
                   " locked_until = $locked_until, disabled = $disabled, version = version + 1,"
                   " updated_at = $updated_at WHERE id = $id AND version = $version",
                   &s, e))
        return -1;
    int rc = -1;
    if (bind_fields(s, a, e) || db_bind_int(s, "$id", a->id, e) ||
        db_bind_int(s, "$version", expected_version, e))
        goto done;
    if (db_step(s, e) < 0) {
        name_conflict(a, e);
        goto done;
    }
    if (db_changes(db) != 1) {
        err_set(e, ERR_CONFLICT, "version",
                "账号 %lld 已被他人修改（请求基于版本 %lld），请刷新后重试",
                "account %lld was changed by someone else (the request is based on version "
                "%lld); reload and try again",
                (long long)a->id, (long long)expected_version);
        goto done;
    }
    a->version = expected_version + 1;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int account_store_set_login_state(struct db *db, const struct account *a, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "UPDATE account SET failed_logins = $failed_logins, lockouts = $lockouts,"
                   " locked_until = $locked_until, password_hash = $password_hash WHERE id = $id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_int(s, "$failed_logins", a->failed_logins, e) ||
        db_bind_int(s, "$lockouts", a->lockouts, e) ||
        db_bind_text(s, "$locked_until", a->locked_until, e) ||
        db_bind_text(s, "$password_hash", a->password_hash, e) || db_bind_int(s, "$id", a->id, e))
        goto done;
    if (db_step(s, e) < 0) goto done;
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int account_store_list(struct db *db, struct account **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " COLUMNS " FROM account ORDER BY id", &s, e)) return -1;
    struct account *list = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct account *x = realloc(list, ncap * sizeof *x);
            if (!x) {
                rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                break;
            }
            list = x;
            cap = ncap;
        }
        read_row(s, &list[len++]);
    }
    db_finalize(s);
    if (rc < 0) {
        free(list);
        return -1;
    }
    *out = list;
    *n = len;
    return 0;
}
