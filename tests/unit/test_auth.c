/* app/auth: the password rule, account administration, sign-in, lockout,
 * rehash, sessions and their expiry, CSRF tokens, binding an applicant,
 * and scoping of household reads — on an in-memory database, with the
 * clock driven through $ANJU_NOW. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "app/auth.h"
#include "base/date.h"
#include "base/idnum.h"
#include "store/account_store.h"
#include "store/session_store.h"

static const char *const PW = "correct horse 2026";
static const char *const T0 = "2026-03-01T08:00:00Z";

/* Sets $ANJU_NOW to T0 + seconds. */
static void at(long long seconds)
{
    long long t0;
    assert_int_equal(date_time_parse(T0, &t0), 0);
    char s[21];
    date_time_format(t0 + seconds, s);
    setenv("ANJU_NOW", s, 1);
}

static int setup(void **state)
{
    setenv("ANJU_PWHASH_OPSLIMIT", "1", 1);
    setenv("ANJU_PWHASH_MEMLIMIT", "8192", 1);
    setenv("ANJU_TODAY", "2026-03-01", 1);
    unsetenv("ANJU_SESSION_IDLE_S");
    unsetenv("ANJU_SESSION_MAX_S");
    at(0);
    struct app *a;
    struct err e = {0};
    if (app_open(&a, ":memory:", &e)) return -1;
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    app_close(*state);
    return 0;
}

static void add(struct app *a, const char *username, enum role r, const char *scope)
{
    struct account_input in = {.username = username, .role = r, .scope = scope, .password = PW};
    struct err e = {0};
    int rc = app_account_add(a, NULL, &in, NULL, &e);
    if (rc) fprintf(stderr, "%s\n", e.en);
    assert_int_equal(rc, 0);
}

static struct account get(struct app *a, const char *username)
{
    struct account acc;
    struct err e = {0};
    assert_int_equal(account_store_by_username(app_db(a), username, &acc, &e), 1);
    return acc;
}

static int64_t count(struct app *a, const char *sql)
{
    struct db_stmt *s;
    struct err e = {0};
    assert_int_equal(db_prepare(app_db(a), sql, &s, &e), 0);
    assert_int_equal(db_step(s, &e), 1);
    int64_t n = db_col_int(s, 0);
    db_finalize(s);
    return n;
}

/* --- the password rule ---------------------------------------------------- */

static void password_rule(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(access_password_ok("abcdefghij", "bob", "", "", &e), 0);
    assert_int_equal(access_password_ok("abcdefghi", "bob", "", "", &e), -1);
    assert_string_equal(e.field, "password");
    /* characters, not bytes: ten Chinese characters pass, nine do not */
    assert_int_equal(access_password_ok("住房保障信息系统安居", "bob", "", "", &e), 0);
    assert_int_equal(access_password_ok("住房保障信息系统安", "bob", "", "", &e), -1);
    assert_int_equal(access_password_ok("x13800138000y", "bob", "13800138000", "", &e), -1);
    assert_non_null(strstr(e.en, "phone number"));
    assert_null(strstr(e.en, "手机"));
    assert_int_equal(
        access_password_ok("id11010519900307123x!", "bob", "", "11010519900307123X", &e), -1);
    assert_non_null(strstr(e.en, "ID number"));
    assert_int_equal(access_password_ok("my-ALICE-password", "alice", "", "", &e), -1);
    assert_non_null(strstr(e.en, "username"));
    /* usernames shorter than 4 characters are not looked for */
    assert_int_equal(access_password_ok("bobbobbobbob", "bob", "", "", &e), 0);
}

static void forbidden_messages_in_both_languages(void **state)
{
    (void)state;
    struct actor admin = {.account_id = 1, .role = ROLE_ADMIN, .username = "root"};
    struct err e = {0};
    assert_int_equal(access_require(&admin, PERM_HOUSEHOLD_READ, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.zh, "系统管理员角色无权查看家庭档案");
    assert_string_equal(e.en, "the administrator role may not read households");
}

/* --- administration ------------------------------------------------------- */

static void add_checks_everything(void **state)
{
    struct app *a = *state;
    struct err e = {0};
    struct account acc;
    struct account_input in = {.username = "s1",
                               .role = ROLE_STREET_OFFICER,
                               .scope = "110105001",
                               .display_name = "建外街道",
                               .phone = "13800138000",
                               .password = PW};
    assert_int_equal(app_account_add(a, NULL, &in, &acc, &e), 0);
    assert_true(acc.id > 0);
    assert_int_equal(acc.version, 1);
    assert_string_equal(acc.display_name, "建外街道");
    assert_non_null(strstr(acc.password_hash, "$argon2id$"));
    /* taken */
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "username");
    /* the scope against the region table */
    in.username = "s2";
    in.scope = "110105999";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_string_equal(e.field, "scope");
    assert_non_null(strstr(e.en, "no street/township with code 110105999"));
    in.role = ROLE_DISTRICT_OFFICER;
    in.scope = "110199";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_string_equal(e.field, "scope");
    in.scope = "110105";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), 0);
    in.username = "c2";
    in.role = ROLE_CITY_OFFICER;
    in.scope = "120000";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_string_equal(e.field, "scope");
    in.role = ROLE_AUDITOR;
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    in.scope = "";
    in.username = "bad name";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_string_equal(e.field, "username");
    in.username = "u3";
    in.phone = "12345";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_string_equal(e.field, "phone");
    in.phone = "13800138000";
    in.password = "13800138000-pw";
    assert_int_equal(app_account_add(a, NULL, &in, NULL, &e), -1);
    assert_string_equal(e.field, "password");

    /* only administrators (and the local operator) manage accounts */
    struct actor city = {
        .account_id = 1, .role = ROLE_CITY_OFFICER, .username = "c", .scope = "110000"};
    in.password = PW;
    in.username = "u4";
    assert_int_equal(app_account_add(a, &city, &in, NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    struct actor admin = {.account_id = 1, .role = ROLE_ADMIN, .username = "root"};
    assert_int_equal(app_account_add(a, &admin, &in, NULL, &e), 0);

    struct account *list;
    size_t n;
    assert_int_equal(app_account_list(a, NULL, &list, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].username, "s1");
    assert_string_equal(list[2].username, "u4");
    json_t *j = app_account_json(&list[0], 1);
    char *text = json_dumps(j, 0);
    assert_null(strstr(text, "argon2"));
    assert_null(strstr(text, "password"));
    free(text);
    json_decref(j);
    free(list);
    assert_int_equal(app_account_list(a, &city, &list, &n, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* every creation was audited */
    assert_int_equal(count(a, "SELECT count(*) FROM audit_log WHERE action = 'account.create'"), 3);
}

/* --- sign-in ---------------------------------------------------------------- */

static void login_ok_wrong_unknown(void **state)
{
    struct app *a = *state;
    add(a, "alice", ROLE_AUDITOR, "");
    struct auth_session s;
    struct err e = {0}, e2 = {0};
    assert_int_equal(app_login(a, "alice", PW, &s, &e), 0);
    assert_int_equal(strlen(s.token), AUTH_TOKEN_B64);
    assert_int_equal(strlen(s.csrf), AUTH_CSRF_HEX);
    assert_string_equal(s.account.username, "alice");
    assert_string_equal(s.account.password_hash, "");
    assert_string_equal(s.expires_at, "2026-03-01T20:00:00Z");
    /* wrong password and unknown user: the same error */
    assert_int_equal(app_login(a, "alice", "wrong password!", &s, &e), -1);
    assert_int_equal(app_login(a, "nobody", PW, &s, &e2), -1);
    assert_int_equal(e.code, ERR_UNAUTHENTICATED);
    assert_int_equal(e2.code, ERR_UNAUTHENTICATED);
    assert_string_equal(e.zh, e2.zh);
    assert_string_equal(e.en, e2.en);
    assert_string_equal(e.field, e2.field);
    assert_string_equal(s.token, "");
    /* only the token's hash is stored */
    assert_int_equal(count(a, "SELECT count(*) FROM session WHERE length(token_hash) = 64"), 1);
    assert_int_equal(count(a, "SELECT count(*) FROM audit_log WHERE action = 'session.login'"), 1);
    assert_int_equal(
        count(a, "SELECT count(*) FROM audit_log WHERE action = 'session.login_failed'"), 1);
}

static void lockout_after_five_and_reset_on_success(void **state)
{
    struct app *a = *state;
    add(a, "bob", ROLE_AUDITOR, "");
    struct auth_session s;
    struct err e = {0};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(app_login(a, "bob", "wrong password!", &s, &e), -1);
        assert_int_equal(e.code, ERR_UNAUTHENTICATED);
    }
    assert_int_equal(get(a, "bob").failed_logins, 4);
    assert_int_equal(app_login(a, "bob", "wrong password!", &s, &e), -1);
    assert_int_equal(e.code, ERR_LOCKED);
    assert_string_equal(s.locked_until, "2026-03-01T08:15:00Z");
    assert_non_null(strstr(e.en, "2026-03-01T08:15:00Z"));
    /* while locked even the right password is refused */
    at(14 * 60 + 59);
    assert_int_equal(app_login(a, "bob", PW, &s, &e), -1);
    assert_int_equal(e.code, ERR_LOCKED);
    assert_string_equal(s.locked_until, "2026-03-01T08:15:00Z");
    /* after it: five more failures lock for twice as long */
    at(15 * 60);
    for (int i = 0; i < 5; i++)
        app_login(a, "bob", "wrong password!", &s, &e);
    assert_int_equal(e.code, ERR_LOCKED);
    assert_string_equal(s.locked_until, "2026-03-01T08:45:00Z");
    assert_int_equal(get(a, "bob").lockouts, 2);
    /* a success resets everything */
    at(45 * 60);
    assert_int_equal(app_login(a, "bob", PW, &s, &e), 0);
    struct account acc = get(a, "bob");
    assert_int_equal(acc.failed_logins, 0);
    assert_int_equal(acc.lockouts, 0);
    assert_string_equal(acc.locked_until, "");
    assert_int_equal(acc.version, 1); /* signing in is not an edit */
    assert_int_equal(count(a, "SELECT count(*) FROM audit_log WHERE action = 'account.lock'"), 2);
}

static void lock_is_capped_at_a_day_and_cleared_by_passwd_and_enable(void **state)
{
    struct app *a = *state;
    add(a, "carol", ROLE_AUDITOR, "");
    struct err e = {0};
    struct account acc = get(a, "carol");
    acc.lockouts = 12;
    assert_int_equal(account_store_set_login_state(app_db(a), &acc, &e), 0);
    struct auth_session s;
    for (int i = 0; i < 5; i++)
        app_login(a, "carol", "wrong password!", &s, &e);
    assert_int_equal(e.code, ERR_LOCKED);
    assert_string_equal(s.locked_until, "2026-03-02T08:00:00Z");
    assert_string_equal(auth_account_state(&acc, date_now_epoch()), "active");
    acc = get(a, "carol");
    assert_string_equal(auth_account_state(&acc, date_now_epoch()), "locked");
    assert_int_equal(app_account_passwd(a, NULL, "carol", "a new password 1", &e), 0);
    assert_int_equal(app_login(a, "carol", "a new password 1", &s, &e), 0);
    for (int i = 0; i < 5; i++)
        app_login(a, "carol", "wrong password!", &s, &e);
    assert_int_equal(e.code, ERR_LOCKED);
    assert_int_equal(app_account_enable(a, NULL, "carol", &e), 0);
    assert_int_equal(app_login(a, "carol", "a new password 1", &s, &e), 0);
    /* passwd checks the rule */
    assert_int_equal(app_account_passwd(a, NULL, "carol", "short", &e), -1);
    assert_string_equal(e.field, "password");
    assert_int_equal(app_account_passwd(a, NULL, "nobody", PW, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void rehash_when_the_cost_changes(void **state)
{
    struct app *a = *state;
    add(a, "dave", ROLE_AUDITOR, "");
    struct account before = get(a, "dave");
    assert_non_null(strstr(before.password_hash, "$m=8,t=1,"));
    setenv("ANJU_PWHASH_OPSLIMIT", "2", 1);
    setenv("ANJU_PWHASH_MEMLIMIT", "16384", 1);
    struct auth_session s;
    struct err e = {0};
    assert_int_equal(app_login(a, "dave", PW, &s, &e), 0);
    struct account after = get(a, "dave");
    assert_string_not_equal(after.password_hash, before.password_hash);
    assert_non_null(strstr(after.password_hash, "$m=16,t=2,"));
    assert_int_equal(app_login(a, "dave", PW, &s, &e), 0);
    assert_string_equal(get(a, "dave").password_hash, after.password_hash);
    assert_int_equal(count(a, "SELECT count(*) FROM audit_log WHERE detail = 'rehashed'"), 1);
    setenv("ANJU_PWHASH_OPSLIMIT", "1", 1);
    setenv("ANJU_PWHASH_MEMLIMIT", "8192", 1);
}

/* --- sessions ---------------------------------------------------------------- */

static void idle_expiry_and_touch_once_a_minute(void **state)
{
    struct app *a = *state;
    add(a, "erin", ROLE_AUDITOR, "");
    struct auth_session s, got;
    struct actor who;
    struct err e = {0};
    assert_int_equal(app_login(a, "erin", PW, &s, &e), 0);
    struct session_row row;
    char hash[65];
    assert_int_equal(count(a, "SELECT count(*) FROM session"), 1);
    {
        struct db_stmt *st;
        assert_int_equal(db_prepare(app_db(a), "SELECT token_hash FROM session", &st, &e), 0);
        assert_int_equal(db_step(st, &e), 1);
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 0));
        db_finalize(st);
    }
    at(30);
    assert_int_equal(app_session_resolve(a, s.token, &who, &got, &e), 0);
    assert_string_equal(who.username, "erin");
    assert_int_equal(who.role, ROLE_AUDITOR);
    assert_string_equal(got.csrf, s.csrf);
    assert_int_equal(session_store_get(app_db(a), hash, &row, &e), 1);
    assert_string_equal(row.last_seen, "2026-03-01T08:00:00Z"); /* not touched within a minute */
    at(29 * 60);
    assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), 0);
    assert_int_equal(session_store_get(app_db(a), hash, &row, &e), 1);
    assert_string_equal(row.last_seen, "2026-03-01T08:29:00Z");
    at(58 * 60); /* 29 idle minutes again: alive */
    assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), 0);
    at(88 * 60); /* 30 idle minutes: over */
    assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), -1);
    assert_int_equal(e.code, ERR_UNAUTHENTICATED);
    assert_int_equal(session_store_get(app_db(a), hash, &row, &e), 0); /* deleted */
}

static void absolute_expiry_and_overrides(void **state)
{
    struct app *a = *state;
    add(a, "frank", ROLE_AUDITOR, "");
    struct auth_session s;
    struct actor who;
    struct err e = {0};
    assert_int_equal(app_login(a, "frank", PW, &s, &e), 0);
    long long t = 0;
    for (; t < 12 * 3600 - 20 * 60; t += 20 * 60) {
        at(t);
        assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), 0);
    }
    at(12 * 3600);
    assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), -1);
    assert_int_equal(e.code, ERR_UNAUTHENTICATED);

    setenv("ANJU_SESSION_IDLE_S", "60", 1);
    setenv("ANJU_SESSION_MAX_S", "600", 1);
    at(0);
    assert_int_equal(app_login(a, "frank", PW, &s, &e), 0);
    assert_string_equal(s.expires_at, "2026-03-01T08:10:00Z");
    at(59);
    assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), 0);
    at(120);
    assert_int_equal(app_session_resolve(a, s.token, &who, NULL, &e), -1);
    unsetenv("ANJU_SESSION_IDLE_S");
    unsetenv("ANJU_SESSION_MAX_S");
}

static void logout_and_disable_end_sessions(void **state)
{
    struct app *a = *state;
    add(a, "gina", ROLE_AUDITOR, "");
    struct auth_session s1, s2;
    struct actor who;
    struct err e = {0};
    assert_int_equal(app_login(a, "gina", PW, &s1, &e), 0);
    assert_int_equal(app_login(a, "gina", PW, &s2, &e), 0);
    assert_string_not_equal(s1.token, s2.token);
    assert_string_not_equal(s1.csrf, s2.csrf);
    assert_int_equal(app_session_resolve(a, s1.token, &who, NULL, &e), 0);
    assert_int_equal(app_logout(a, &who, s1.token, &e), 0);
    assert_int_equal(app_session_resolve(a, s1.token, &who, NULL, &e), -1);
    assert_int_equal(app_session_resolve(a, s2.token, &who, NULL, &e), 0);
    assert_int_equal(app_account_disable(a, NULL, "gina", &e), 0);
    assert_int_equal(app_session_resolve(a, s2.token, &who, NULL, &e), -1);
    assert_int_equal(count(a, "SELECT count(*) FROM session"), 0);
    /* disabled: even the right password opens nothing */
    assert_int_equal(app_login(a, "gina", PW, &s1, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(app_login(a, "gina", "wrong password!", &s1, &e), -1);
    assert_int_equal(e.code, ERR_UNAUTHENTICATED);
    assert_int_equal(app_account_enable(a, NULL, "gina", &e), 0);
    assert_int_equal(app_login(a, "gina", PW, &s1, &e), 0);
    /* a session whose account was disabled behind its back dies too */
    struct account acc = get(a, "gina");
    acc.disabled = 1;
    assert_int_equal(account_store_update(app_db(a), &acc, acc.version, &e), 0);
    assert_int_equal(app_session_resolve(a, s1.token, &who, NULL, &e), -1);
    /* an administrator may not disable their own account */
    struct actor self = {.account_id = 9, .role = ROLE_ADMIN, .username = "root"};
    assert_int_equal(app_account_disable(a, &self, "root", &e), -1);
    assert_string_equal(e.field, "disabled");
}

static void csrf_tokens(void **state)
{
    struct app *a = *state;
    add(a, "hank", ROLE_AUDITOR, "");
    struct auth_session s1, s2;
    struct err e = {0};
    assert_int_equal(app_login(a, "hank", PW, &s1, &e), 0);
    assert_int_equal(app_login(a, "hank", PW, &s2, &e), 0);
    char derived[AUTH_CSRF_HEX + 1];
    assert_int_equal(auth_csrf_token(s1.token, derived), 0);
    assert_string_equal(derived, s1.csrf);
    assert_true(auth_csrf_ok(s1.token, s1.csrf));
    assert_false(auth_csrf_ok(s1.token, s2.csrf));
    assert_false(auth_csrf_ok(s1.token, NULL));
    assert_false(auth_csrf_ok(s1.token, ""));
    char upper[AUTH_CSRF_HEX + 1];
    snprintf(upper, sizeof upper, "%s", s1.csrf);
    upper[0] = upper[0] == 'a' ? 'b' : 'a';
    assert_false(auth_csrf_ok(s1.token, upper));
    assert_int_equal(auth_csrf_token("not a token", derived), -1);
    assert_false(auth_csrf_ok("not a token", s1.csrf));
    struct actor who;
    assert_int_equal(app_session_resolve(a, "AAAA", &who, NULL, &e), -1);
    assert_int_equal(e.code, ERR_UNAUTHENTICATED);
    assert_int_equal(
        app_session_resolve(a, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &who, NULL, &e), -1);
}

/* --- applicants and scoping ------------------------------------------------- */

static void make_id(char out[19], const char *birth8, int seq)
{
    snprintf(out, 19, "110105%s%03d", birth8, seq);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

static int64_t make_household(struct app *a, const char *no, const char *street, int seq)
{
    struct household *h = calloc(1, sizeof *h);
    snprintf(h->household_no, sizeof h->household_no, "%s", no);
    snprintf(h->region_code, sizeof h->region_code, "%s", street);
    strcpy(h->contact_phone, "13800138000");
    strcpy(h->housing_address, "北京市朝阳区光华路 1 号");
    h->housing_area = 4550;
    h->housing_tenure = TEN_PRIVATE_RENTAL;
    strcpy(h->income_end_month, "2026-02");
    h->nmembers = 1;
    struct member *m = &h->members[0];
    strcpy(m->name, "张三");
    make_id(m->id_number, "19880312", seq);
    m->relation = REL_APPLICANT;
    strcpy(m->hukou_region_code, "110105");
    m->hukou_urban = 1;
    m->marital_status = MAR_UNMARRIED;
    struct err_list errs = {0};
    int rc = app_household_create(a, NULL, h, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s: %s\n", errs.items[i].field, errs.items[i].en);
    assert_int_equal(rc, 0);
    err_list_free(&errs);
    int64_t id = h->id;
    free(h);
    return id;
}

static void register_and_bind(void **state)
{
    struct app *a = *state;
    int64_t h1 = make_household(a, "H1", "110105001", 11);
    struct account me;
    struct err e = {0};
    assert_int_equal(app_account_register(a, "13900001111", PW, "张三", &me, &e), 0);
    assert_int_equal(me.role, ROLE_APPLICANT);
    assert_string_equal(me.username, "13900001111");
    assert_int_equal(app_account_register(a, "13900001111", PW, "张三", NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "phone");
    assert_int_equal(app_account_register(a, "23900001111", PW, "张三", NULL, &e), -1);
    assert_string_equal(e.field, "phone");
    assert_int_equal(app_account_register(a, "13900002222", "x13900002222", "张三", NULL, &e), -1);
    assert_string_equal(e.field, "password");

    struct actor who;
    auth_actor(&me, &who);
    char id[19];
    make_id(id, "19880312", 11);
    assert_int_equal(app_account_bind(a, &who, id, "李四", NULL, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    char zh[ERR_TEXT_MAX];
    snprintf(zh, sizeof zh, "%s", e.zh);
    char other[19];
    make_id(other, "19880312", 99);
    assert_int_equal(app_account_bind(a, &who, other, "张三", NULL, &e), -1);
    assert_string_equal(e.zh, zh); /* one neutral message */
    assert_int_equal(app_account_bind(a, &who, "123", "张三", NULL, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(app_account_bind(a, &who, id, "张三", &me, &e), 0);
    assert_int_equal(me.household_id, h1);
    auth_actor(&me, &who);
    assert_int_equal(app_account_bind(a, &who, id, "张三", NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    struct account second;
    assert_int_equal(app_account_register(a, "13900003333", PW, "王五", &second, &e), 0);
    struct actor who2;
    auth_actor(&second, &who2);
    assert_int_equal(app_account_bind(a, &who2, id, "张三", NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    /* staff cannot bind */
    struct actor city = {
        .account_id = 1, .role = ROLE_CITY_OFFICER, .username = "c", .scope = "110000"};
    assert_int_equal(app_account_bind(a, &city, id, "张三", NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(count(a, "SELECT count(*) FROM audit_log WHERE action = 'account.bind'"), 1);
}

static void households_are_scoped(void **state)
{
    struct app *a = *state;
    int64_t street1 = make_household(a, "S1", "110105001", 21);
    int64_t street2 = make_household(a, "S2", "110105002", 22);
    int64_t other = make_household(a, "O1", "110108001", 23);
    struct actor street = {.account_id = 1, .role = ROLE_STREET_OFFICER, .username = "s"};
    strcpy(street.scope, "110105001");
    struct actor district = {.account_id = 2, .role = ROLE_DISTRICT_OFFICER, .username = "d"};
    strcpy(district.scope, "110105");
    struct actor city = {.account_id = 3, .role = ROLE_CITY_OFFICER, .username = "c"};
    strcpy(city.scope, "110000");
    struct actor admin = {.account_id = 4, .role = ROLE_ADMIN, .username = "m"};
    struct actor applicant = {
        .account_id = 5, .role = ROLE_APPLICANT, .username = "a", .household_id = street2};
    struct household *h = calloc(1, sizeof *h);
    struct err e = {0}, missing = {0};
    assert_int_equal(app_household_get(a, NULL, 999, h, &missing), -1);

    assert_int_equal(app_household_get(a, &street, street1, h, &e), 0);
    assert_int_equal(app_household_get(a, &street, street2, h, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_non_null(strstr(e.en, "does not exist"));
    assert_string_equal(e.field, missing.field);
    assert_int_equal(app_household_get(a, &district, street2, h, &e), 0);
    assert_int_equal(app_household_get(a, &district, other, h, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(app_household_get(a, &city, other, h, &e), 0);
    assert_int_equal(app_household_get(a, &applicant, street2, h, &e), 0);
    assert_int_equal(app_household_get(a, &applicant, street1, h, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(app_household_get(a, &admin, street1, h, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);

    struct household_filter f = {.page = 1, .page_size = 10};
    struct household_summary *list;
    size_t n;
    int64_t total;
    assert_int_equal(app_household_list(a, &street, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, street1);
    free(list);
    assert_int_equal(app_household_list(a, &district, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    free(list);
    assert_int_equal(app_household_list(a, &city, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    free(list);
    assert_int_equal(app_household_list(a, &applicant, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, street2);
    free(list);
    f.district_code = "110108";
    assert_int_equal(app_household_list(a, &district, &f, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0); /* outside the scope: an empty page */
    free(list);
    int64_t c;
    assert_int_equal(app_household_count(a, &district, &c, &e), 0);
    assert_int_equal(c, 2);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(password_rule),
        cmocka_unit_test(forbidden_messages_in_both_languages),
        cmocka_unit_test_setup_teardown(add_checks_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(login_ok_wrong_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(lockout_after_five_and_reset_on_success, setup, teardown),
        cmocka_unit_test_setup_teardown(lock_is_capped_at_a_day_and_cleared_by_passwd_and_enable,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(rehash_when_the_cost_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(idle_expiry_and_touch_once_a_minute, setup, teardown),
        cmocka_unit_test_setup_teardown(absolute_expiry_and_overrides, setup, teardown),
        cmocka_unit_test_setup_teardown(logout_and_disable_end_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(csrf_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(register_and_bind, setup, teardown),
        cmocka_unit_test_setup_teardown(households_are_scoped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
