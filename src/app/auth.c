/* app/auth — accounts, passwords, sign-in, sessions, CSRF (see app/auth.h). */
#include "app/auth.h"

#include "app/app_internal.h"
#include "app/audit.h"
#include "base/date.h"
#include "base/idnum.h"
#include "store/household_store.h"
#include "store/region_store.h"
#include "store/session_store.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- settings ------------------------------------------------------------ */

/* A positive integer from the environment, or def. */
static long long env_ll(const char *name, long long def)
{
    const char *v = getenv(name);
    if (!v || !*v) return def;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || *end || x <= 0) return def;
    return x;
}

long long auth_session_idle_s(void)
{
    return env_ll("ANJU_SESSION_IDLE_S", 30 * 60);
}

long long auth_session_max_s(void)
{
    return env_ll("ANJU_SESSION_MAX_S", 12 * 3600);
}

int auth_cookie_secure(void)
{
    const char *v = getenv("ANJU_COOKIE_SECURE");
    return v && strcmp(v, "1") == 0;
}

/* The argon2id cost: the environment's, clamped to what libsodium accepts. */
static void pwhash_params(unsigned long long *ops, size_t *mem)
{
    long long o = env_ll("ANJU_PWHASH_OPSLIMIT", (long long)crypto_pwhash_OPSLIMIT_INTERACTIVE);
    long long m = env_ll("ANJU_PWHASH_MEMLIMIT", (long long)crypto_pwhash_MEMLIMIT_INTERACTIVE);
    if (o < (long long)crypto_pwhash_OPSLIMIT_MIN) o = (long long)crypto_pwhash_OPSLIMIT_MIN;
    if (m < (long long)crypto_pwhash_MEMLIMIT_MIN) m = (long long)crypto_pwhash_MEMLIMIT_MIN;
    if (m > (long long)1 << 32) m = (long long)1 << 32;
    *ops = (unsigned long long)o;
    *mem = (size_t)m;
}

static int sodium_ready(struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, ERR_INTERNAL, "", "无法初始化 libsodium", "cannot initialise libsodium");
    return 0;
}

static int hash_password(const char *password, char out[ACCOUNT_HASH_MAX + 1], struct err *e)
{
    unsigned long long ops;
    size_t mem;
    pwhash_params(&ops, &mem);
    char h[crypto_pwhash_STRBYTES];
    if (sodium_ready(e)) return -1;
    if (crypto_pwhash_str(h, password, strlen(password), ops, mem) != 0)
        return err_set(e, ERR_INTERNAL, "password", "计算密码哈希失败（内存不足？）",
                       "cannot hash the password (out of memory?)");
    snprintf(out, ACCOUNT_HASH_MAX + 1, "%s", h);
    sodium_memzero(h, sizeof h);
    return 0;
}

/* A hash of a random password, made once: what an unknown username is
 * verified against, so that it costs the same time as a known one. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    unsigned char pw[24];
    char text[sizeof pw * 2 + 1];
    if (sodium_init() < 0) return;
    randombytes_buf(pw, sizeof pw);
    sodium_bin2hex(text, sizeof text, pw, sizeof pw);
    unsigned long long ops;
    size_t mem;
    pwhash_params(&ops, &mem);
    if (crypto_pwhash_str(dummy_hash, text, strlen(text), ops, mem) != 0) dummy_hash[0] = '\0';
}

static void spend_one_verification(const char *password)
{
    pthread_once(&dummy_once, make_dummy);
    if (!dummy_hash[0]) return;
    volatile int r = crypto_pwhash_str_verify(dummy_hash, password, strlen(password));
    (void)r;
}

/* --- rendering and checks ------------------------------------------------ */

int auth_role_parse(const char *code, enum role *r, const char *field, struct err *e)
{
    int i = code ? code_lookup(role_names, ROLE_COUNT, code) : -1;
    if (i >= 0) {
        *r = (enum role)i;
        return 0;
    }
    return err_set(e, ERR_INVALID, field,
                   "角色“%s”无效，应为 applicant、street_officer、district_officer、city_officer、"
                   "operator、auditor 或 admin",
                   "unknown role \"%s\": use applicant, street_officer, district_officer, "
                   "city_officer, operator, auditor or admin",
                   code ? code : "");
}

void auth_actor(const struct account *acc, struct actor *out)
{
    memset(out, 0, sizeof *out);
    out->account_id = acc->id;
    out->role = acc->role;
    snprintf(out->username, sizeof out->username, "%s", acc->username);
    snprintf(out->scope, sizeof out->scope, "%s", acc->scope);
    out->household_id = acc->household_id;
}

static int is_locked(const struct account *acc, long long now)
{
    long long until;
    return acc->locked_until[0] && date_time_parse(acc->locked_until, &until) == 0 && until > now;
}

const char *auth_account_state(const struct account *acc, long long now)
{
    if (acc->disabled) return "disabled";
    return is_locked(acc, now) ? "locked" : "active";
}

json_t *app_account_json(const struct account *acc, int full)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)acc->id, "username",
                          acc->username, "display_name", acc->display_name, "role",
                          role_names[acc->role].code, "scope", acc->scope, "household_id",
                          acc->household_id ? json_integer(acc->household_id) : json_null());
    if (!j || !full) return j;
    long long now = date_now_epoch();
    int locked = is_locked(acc, now);
    json_t *more = json_pack("{s:s, s:b, s:s, s:o, s:I, s:s, s:s}", "phone", acc->phone, "disabled",
                             acc->disabled, "state", auth_account_state(acc, now), "locked_until",
                             locked ? json_string(acc->locked_until) : json_null(), "version",
                             (json_int_t)acc->version, "created_at", acc->created_at, "updated_at",
                             acc->updated_at);
    if (!more || json_object_update(j, more)) {
        json_decref(more);
        json_decref(j);
        return NULL;
    }
    json_decref(more);
    return j;
}

/* The audit form of an account: its full JSON plus the login counters. */
static char *audit_json(const struct account *acc)
{
    json_t *j = app_account_json(acc, 1);
    if (!j) return NULL;
    json_object_set_new(j, "failed_logins", json_integer(acc->failed_logins));
    json_object_set_new(j, "lockouts", json_integer(acc->lockouts));
    json_object_set_new(j, "locked_until", json_string(acc->locked_until));
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

/* Appends an audit entry for an account change, before and after as JSON. */
static int audit_account(struct app *a, const struct actor *who, const char *action,
                         const struct account *before, const struct account *after,
                         const char *detail, struct err *e)
{
    char *b = before ? audit_json(before) : NULL, *f = after ? audit_json(after) : NULL;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)(after ? after->id : before->id));
    int rc;
    if ((before && !b) || (after && !f))
        rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    else
        rc = app_audit(a, who, action, "account", id, b, f, detail, e);
    free(b);
    free(f);
    return rc;
}

static int check_username(const char *u, struct err *e)
{
    size_t n = u ? strlen(u) : 0;
    int ok = n >= 1 && n <= ACCESS_USERNAME_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)u[i]) || strchr("._@+-", u[i]);
    if (ok) return 0;
    return err_set(e, ERR_INVALID, "username",
                   "用户名应为 1–%d 个字母、数字或 . _ @ + -，而不是“%.80s”",
                   "a username is 1-%d letters, digits or . _ @ + -, not \"%.80s\"",
                   ACCESS_USERNAME_MAX, u ? u : "");
}

static int check_display_name(const char *s, struct err *e)
{
    size_t points = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return err_set(e, ERR_INVALID, "display_name", "姓名中不能有控制字符",
                           "the display name must not contain control characters");
        if ((*p & 0xC0) != 0x80) points++;
    }
    if (strlen(s) > ACCOUNT_NAME_MAX || points > 64)
        return err_set(e, ERR_INVALID, "display_name", "姓名最多 64 个字符",
                       "the display name has at most 64 characters");
    return 0;
}

/* An 11-digit mainland mobile number: 1, then 3-9, then nine digits. */
static int mobile_ok(const char *p)
{
    if (!p || strlen(p) != 11 || p[0] != '1' || p[1] < '3' || p[1] > '9') return 0;
    for (int i = 0; i < 11; i++)
        if (!isdigit((unsigned char)p[i])) return 0;
    return 1;
}

static int check_phone(const char *field, const char *p, struct err *e)
{
    if (mobile_ok(p)) return 0;
    return err_set(e, ERR_INVALID, field, "手机号应为 11 位大陆手机号码（1 开头），而不是“%.40s”",
                   "a phone number is an 11-digit mainland mobile number starting with 1, not "
                   "\"%.40s\"",
                   p ? p : "");
}

static int check_password(const char *password, const struct account *acc, struct err *e)
{
    if (!password)
        return err_set(e, ERR_INVALID, "password", "缺少密码", "the password is missing");
    if (strlen(password) > AUTH_PASSWORD_MAX)
        return err_set(e, ERR_INVALID, "password", "密码最多 %d 字节",
                       "the password has at most %d bytes", AUTH_PASSWORD_MAX);
    return access_password_ok(password, acc->username, acc->phone, acc->id_number, e);
}

/* The scope's form for the role and that it names a region of that level
 * in the region table. Inside a transaction. */
static int check_scope(struct app *a, enum role r, const char *scope, struct err *e)
{
    if (access_scope_valid(r, scope, e)) return -1;
    if (!scope || !scope[0]) return 0;
    const char *level = r == ROLE_STREET_OFFICER     ? "street"
                        : r == ROLE_DISTRICT_OFFICER ? "district"
                                                     : "city";
    struct region reg;
    struct err ne = {0};
    int rc = region_store_get(a->db, scope, &reg, &ne);
    if (rc != 0 && ne.code != ERR_NOT_FOUND) {
        *e = ne;
        return -1;
    }
    if (rc == 0 && strcmp(reg.level, level) == 0) return 0;
    /* the two messages put code and level in different orders */
    err_set(e, ERR_INVALID, "scope", "区划表中没有代码为 %s 的%s",
            "the region table has no region with code %s at the %s level", scope,
            r == ROLE_STREET_OFFICER     ? "街道/乡镇"
            : r == ROLE_DISTRICT_OFFICER ? "区县"
                                         : "城市");
    snprintf(e->en, sizeof e->en, "the region table has no %s with code %s",
             r == ROLE_STREET_OFFICER     ? "street/township"
             : r == ROLE_DISTRICT_OFFICER ? "district"
                                          : "city",
             scope);
    return -1;
}

/* Runs inside a read or write transaction: the account of that username,
 * ERR_NOT_FOUND naming "username" when there is none. */
static int load_by_username(struct app *a, const char *username, struct account *acc, struct err *e)
{
    int rc = account_store_by_username(a->db, username ? username : "", acc, e);
    if (rc < 0) return -1;
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "username", "账号“%.80s”不存在",
                       "there is no account \"%.80s\"", username ? username : "");
    return 0;
}

static int load_by_id(struct app *a, int64_t id, struct account *acc, struct err *e)
{
    int rc = account_store_get(a->db, id, acc, e);
    if (rc < 0) return -1;
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "账号 %lld 不存在", "account %lld does not exist",
                       (long long)id);
    return 0;
}

static void clear_lock(struct account *acc)
{
    acc->failed_logins = 0;
    acc->lockouts = 0;
    acc->locked_until[0] = '\0';
}

/* --- administration ------------------------------------------------------ */

int app_account_add(struct app *a, const struct actor *who, const struct account_input *in,
                    struct account *out, struct err *e)
{
    if (access_require(who, PERM_ACCOUNT_ADMIN, e)) return -1;
    struct account acc;
    memset(&acc, 0, sizeof acc);
    if (check_username(in->username, e)) return -1;
    snprintf(acc.username, sizeof acc.username, "%s", in->username);
    const char *name = in->display_name && in->display_name[0] ? in->display_name : in->username;
    if (check_display_name(name, e)) return -1;
    snprintf(acc.display_name, sizeof acc.display_name, "%s", name);
    if ((unsigned)in->role >= ROLE_COUNT)
        return err_set(e, ERR_INVALID, "role", "角色无效", "invalid role");
    acc.role = in->role;
    if (in->phone && in->phone[0]) {
        if (check_phone("phone", in->phone, e)) return -1;
        snprintf(acc.phone, sizeof acc.phone, "%s", in->phone);
    }
    if (check_password(in->password, &acc, e)) return -1;
    const char *scope = in->scope ? in->scope : "";
    if (access_scope_valid(acc.role, scope, e)) return -1;
    snprintf(acc.scope, sizeof acc.scope, "%s", scope);
    /* the expensive hash before the write lock */
    if (hash_password(in->password, acc.password_hash, e)) return -1;
    date_now_utc(acc.created_at);
    memcpy(acc.updated_at, acc.created_at, sizeof acc.updated_at);
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (check_scope(a, acc.role, acc.scope, e) || account_store_insert(a->db, &acc, e) ||
        audit_account(a, who, "account.create", NULL, &acc, "", e) || db_commit(a->db, e)) {
        db_rollback(a->db);
        return -1;
    }
    if (out) *out = acc;
    return 0;
}

/* Loads by username in a write transaction, lets change() edit the copy,
 * saves it and audits action. */
static int change_account(struct app *a, const struct actor *who, const char *username,
                          const char *action, const char *new_hash, int disable, int enable,
                          struct err *e)
{
    if (access_require(who, PERM_ACCOUNT_ADMIN, e)) return -1;
    struct account before, acc;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load_by_username(a, username, &before, e)) goto fail;
    acc = before;
    if (new_hash) {
        snprintf(acc.password_hash, sizeof acc.password_hash, "%s", new_hash);
        clear_lock(&acc);
    }
    if (disable) acc.disabled = 1;
    if (enable) {
        acc.disabled = 0;
        clear_lock(&acc);
    }
    date_now_utc(acc.updated_at);
    if (account_store_update(a->db, &acc, before.version, e) ||
        (disable && session_store_delete_account(a->db, acc.id, e)) ||
        audit_account(a, who, action, &before, &acc, "", e) || db_commit(a->db, e))
        goto fail;
    return 0;
fail:
    db_rollback(a->db);
    return -1;
}

int app_account_passwd(struct app *a, const struct actor *who, const char *username,
                       const char *password, struct err *e)
{
    if (access_require(who, PERM_ACCOUNT_ADMIN, e)) return -1;
    struct account acc;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load_by_username(a, username, &acc, e);
    db_rollback(a->db);
    if (rc || check_password(password, &acc, e)) return -1;
    char hash[ACCOUNT_HASH_MAX + 1];
    if (hash_password(password, hash, e)) return -1;
    return change_account(a, who, username, "account.passwd", hash, 0, 0, e);
}

int app_account_disable(struct app *a, const struct actor *who, const char *username, struct err *e)
{
    if (who && strcmp(who->username, username ? username : "") == 0)
        return err_set(e, ERR_INVALID, "disabled", "不能停用自己的账号",
                       "you cannot disable your own account");
    return change_account(a, who, username, "account.disable", NULL, 1, 0, e);
}

int app_account_enable(struct app *a, const struct actor *who, const char *username, struct err *e)
{
    return change_account(a, who, username, "account.enable", NULL, 0, 1, e);
}

int app_account_list(struct app *a, const struct actor *who, struct account **out, size_t *n,
                     struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_ACCOUNT_ADMIN, e) || db_begin(a->db, DB_READ, e)) return -1;
    int rc = account_store_list(a->db, out, n, e);
    db_rollback(a->db);
    return rc;
}

int app_account_get(struct app *a, const struct actor *who, int64_t id, struct account *out,
                    struct err *e)
{
    if (access_require(who, PERM_ACCOUNT_ADMIN, e) || db_begin(a->db, DB_READ, e)) return -1;
    int rc = load_by_id(a, id, out, e);
    db_rollback(a->db);
    return rc;
}

int app_account_update(struct app *a, const struct actor *who, int64_t id,
                       const struct account_patch *p, struct account *out, struct err *e)
{
    if (access_require(who, PERM_ACCOUNT_ADMIN, e)) return -1;
    struct account before, acc;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load_by_id(a, id, &acc, e);
    db_rollback(a->db);
    if (rc) return -1;
    if (p->disabled == 1 && who && who->account_id == id)
        return err_set(e, ERR_INVALID, "disabled", "不能停用自己的账号",
                       "you cannot disable your own account");
    if (p->display_name && check_display_name(p->display_name, e)) return -1;
    if (p->scope && access_scope_valid(acc.role, p->scope, e)) return -1;
    char hash[ACCOUNT_HASH_MAX + 1] = "";
    if (p->password &&
        (check_password(p->password, &acc, e) || hash_password(p->password, hash, e)))
        return -1;

    char detail[128] = "";
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load_by_id(a, id, &before, e)) goto fail;
    if (before.version != p->version) {
        err_set(e, ERR_CONFLICT, "version",
                "账号 %lld 已被他人修改（当前版本 %lld，请求基于版本 %lld），请刷新后重试",
                "account %lld was changed by someone else (now version %lld, the request is "
                "based on %lld); reload and try again",
                (long long)id, (long long)before.version, (long long)p->version);
        goto fail;
    }
    acc = before;
    if (p->display_name) {
        snprintf(acc.display_name, sizeof acc.display_name, "%s",
                 p->display_name[0] ? p->display_name : acc.username);
        strcat(detail, "display_name ");
    }
    if (p->scope) {
        if (check_scope(a, acc.role, p->scope, e)) goto fail;
        snprintf(acc.scope, sizeof acc.scope, "%s", p->scope);
        strcat(detail, "scope ");
    }
    if (p->password) {
        snprintf(acc.password_hash, sizeof acc.password_hash, "%s", hash);
        clear_lock(&acc);
        strcat(detail, "password ");
    }
    if (p->disabled == 1) {
        acc.disabled = 1;
        strcat(detail, "disabled ");
    } else if (p->disabled == 0) {
        acc.disabled = 0;
        clear_lock(&acc);
        strcat(detail, "enabled ");
    }
    size_t dl = strlen(detail);
    if (dl) detail[dl - 1] = '\0';
    date_now_utc(acc.updated_at);
    if (account_store_update(a->db, &acc, before.version, e) ||
        (acc.disabled && session_store_delete_account(a->db, acc.id, e)) ||
        audit_account(a, who, "account.update", &before, &acc, detail, e) || db_commit(a->db, e))
        goto fail;
    if (out) *out = acc;
    sodium_memzero(hash, sizeof hash);
    return 0;
fail:
    db_rollback(a->db);
    return -1;
}

/* --- self-service ---------------------------------------------------------- */

int app_account_register(struct app *a, const char *phone, const char *password,
                         const char *display_name, struct account *out, struct err *e)
{
    if (check_phone("phone", phone, e)) return -1;
    struct account acc;
    memset(&acc, 0, sizeof acc);
    snprintf(acc.username, sizeof acc.username, "%s", phone);
    snprintf(acc.phone, sizeof acc.phone, "%s", phone);
    if (!display_name || !display_name[0])
        return err_set(e, ERR_INVALID, "display_name", "请填写姓名", "the name is required");
    if (check_display_name(display_name, e)) return -1;
    snprintf(acc.display_name, sizeof acc.display_name, "%s", display_name);
    acc.role = ROLE_APPLICANT;
    if (check_password(password, &acc, e)) return -1;
    if (hash_password(password, acc.password_hash, e)) return -1;
    date_now_utc(acc.created_at);
    memcpy(acc.updated_at, acc.created_at, sizeof acc.updated_at);
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (account_store_insert(a->db, &acc, e)) {
        if (e->code == ERR_CONFLICT)
            err_set(e, ERR_CONFLICT, "phone", "手机号 %s 已注册",
                    "the phone number %s is already registered", phone);
        goto fail;
    }
    struct actor self;
    auth_actor(&acc, &self);
    if (audit_account(a, &self, "account.register", NULL, &acc, "", e) || db_commit(a->db, e))
        goto fail;
    if (out) *out = acc;
    return 0;
fail:
    db_rollback(a->db);
    return -1;
}

int app_account_me(struct app *a, const struct actor *who, struct account *out, struct err *e)
{
    if (!who)
        return err_set(e, ERR_INVALID, "", "命令行操作员没有账号",
                       "the command-line operator has no account");
    if (db_begin(a->db, DB_READ, e)) return -1;
    int rc = load_by_id(a, who->account_id, out, e);
    db_rollback(a->db);
    return rc;
}

int app_account_bind(struct app *a, const struct actor *who, const char *id_number,
                     const char *name, struct account *out, struct err *e)
{
    if (!who || who->role != ROLE_APPLICANT)
        return err_set(e, ERR_FORBIDDEN, "", "只有申请人账号可以绑定家庭",
                       "only an applicant account can bind to a household");
    char today[11];
    date_today(today);
    if (idnum_validate(id_number ? id_number : "", today, NULL, "id_number", e)) return -1;
    if (!name || !name[0])
        return err_set(e, ERR_INVALID, "name", "请填写申请人姓名",
                       "the applicant's name is required");
    struct account before, acc;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load_by_id(a, who->account_id, &before, e)) goto fail;
    if (before.household_id) {
        err_set(e, ERR_CONFLICT, "household_id", "您的账号已绑定家庭 %lld",
                "your account is already bound to household %lld", (long long)before.household_id);
        goto fail;
    }
    int64_t hid = 0;
    int found = household_store_find_applicant(a->db, id_number, name, &hid, e);
    if (found < 0) goto fail;
    if (found == 0) {
        err_set(e, ERR_NOT_FOUND, "id_number", "没有找到与该身份证号和姓名相符的家庭申请人",
                "no household applicant matches this ID number and name");
        goto fail;
    }
    struct account other;
    int taken = account_store_by_household(a->db, hid, &other, e);
    if (taken < 0) goto fail;
    if (taken) {
        err_set(e, ERR_CONFLICT, "id_number", "该家庭已绑定到另一个账号",
                "this household is already bound to another account");
        goto fail;
    }
    acc = before;
    acc.household_id = hid;
    snprintf(acc.id_number, sizeof acc.id_number, "%s", id_number);
    date_now_utc(acc.updated_at);
    if (account_store_update(a->db, &acc, before.version, e) ||
        audit_account(a, who, "account.bind", &before, &acc, "", e) || db_commit(a->db, e))
        goto fail;
    if (out) *out = acc;
    return 0;
fail:
    db_rollback(a->db);
    return -1;
}

/* Used by app/household.c: binds the applicant's account to the household
 * it has just created, inside that transaction. */
int app_account_bind_created(struct app *a, const struct actor *who, int64_t household_id,
                             const char *id_number, struct err *e)
{
    struct account before, acc;
    if (load_by_id(a, who->account_id, &before, e)) return -1;
    if (before.household_id)
        return err_set(e, ERR_CONFLICT, "household_id", "您的账号已绑定家庭 %lld",
                       "your account is already bound to household %lld",
                       (long long)before.household_id);
    acc = before;
    acc.household_id = household_id;
    snprintf(acc.id_number, sizeof acc.id_number, "%s", id_number);
    date_now_utc(acc.updated_at);
    if (account_store_update(a->db, &acc, before.version, e)) return -1;
    return audit_account(a, who, "account.bind", &before, &acc, "created", e);
}

/* --- tokens ---------------------------------------------------------------- */

/* The 32 bytes of a cookie token; -1 when it is not 43 base64url characters. */
static int token_decode(const char *token, unsigned char raw[32])
{
    size_t len = 0;
    if (!token || strlen(token) != AUTH_TOKEN_B64) return -1;
    if (sodium_base642bin(raw, 32, token, AUTH_TOKEN_B64, NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        len != 32)
        return -1;
    return 0;
}

static void token_hash(const unsigned char raw[32], char out[SESSION_HASH_HEX + 1])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, raw, 32, NULL, 0);
    sodium_bin2hex(out, SESSION_HASH_HEX + 1, h, sizeof h);
}

static void csrf_of(const unsigned char raw[32], char out[AUTH_CSRF_HEX + 1])
{
    static const char msg[] = "anju-csrf-v1";
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, sizeof msg - 1, raw, 32);
    sodium_bin2hex(out, AUTH_CSRF_HEX + 1, h, sizeof h);
}

int auth_csrf_token(const char *token, char out[AUTH_CSRF_HEX + 1])
{
    unsigned char raw[32];
    if (sodium_init() < 0 || token_decode(token, raw)) return -1;
    csrf_of(raw, out);
    sodium_memzero(raw, sizeof raw);
    return 0;
}

int auth_csrf_ok(const char *token, const char *header)
{
    char want[AUTH_CSRF_HEX + 1];
    if (!header || strlen(header) != AUTH_CSRF_HEX || auth_csrf_token(token, want)) return 0;
    return sodium_memcmp(want, header, AUTH_CSRF_HEX) == 0;
}

/* --- sign-in ---------------------------------------------------------------- */

static int wrong_credentials(struct err *e)
{
    return err_set(e, ERR_UNAUTHENTICATED, "", "用户名或密码错误", "wrong username or password");
}

static int locked_error(const char *until, struct err *e)
{
    return err_set(e, ERR_LOCKED, "", "登录失败次数过多，账号已锁定至 %s",
                   "too many failed sign-ins: the account is locked until %s", until);
}

/* Counts one failed sign-in; locks after AUTH_MAX_FAILURES. 1 when this
 * failure locked the account, 0 when not, -1 on error. */
static int count_failure(struct app *a, int64_t id, long long now, char until[21], struct err *e)
{
    struct account before, acc;
    int locked = 0;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load_by_id(a, id, &before, e)) goto fail;
    acc = before;
    if (is_locked(&acc, now)) { /* locked meanwhile by another attempt */
        snprintf(until, 21, "%s", acc.locked_until);
        db_rollback(a->db);
        return 1;
    }
    acc.failed_logins++;
    struct actor self;
    auth_actor(&acc, &self);
    if (acc.failed_logins >= AUTH_MAX_FAILURES) {
        acc.lockouts++;
        long long len = AUTH_LOCK_BASE_S;
        for (int i = 1; i < acc.lockouts && len < AUTH_LOCK_MAX_S; i++)
            len *= 2;
        if (len > AUTH_LOCK_MAX_S) len = AUTH_LOCK_MAX_S;
        date_time_format(now + len, acc.locked_until);
        snprintf(until, 21, "%s", acc.locked_until);
        acc.failed_logins = 0;
        locked = 1;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "failures=%d lockouts=%d", before.failed_logins + 1,
             acc.lockouts);
    if (account_store_set_login_state(a->db, &acc, e) ||
        audit_account(a, &self, locked ? "account.lock" : "session.login_failed", &before, &acc,
                      detail, e) ||
        db_commit(a->db, e))
        goto fail;
    return locked;
fail:
    db_rollback(a->db);
    return -1;
}

int app_login(struct app *a, const char *username, const char *password, struct auth_session *out,
              struct err *e)
{
    memset(out, 0, sizeof *out);
    if (sodium_ready(e)) return -1;
    if (!username) username = "";
    if (!password) password = "";
    struct account acc;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int found = strlen(username) <= ACCESS_USERNAME_MAX
                    ? account_store_by_username(a->db, username, &acc, e)
                    : 0;
    db_rollback(a->db);
    if (found < 0) return -1;
    if (found == 0 || strlen(password) > AUTH_PASSWORD_MAX) {
        spend_one_verification(password);
        return wrong_credentials(e);
    }
    long long now = date_now_epoch();
    if (is_locked(&acc, now)) {
        snprintf(out->locked_until, sizeof out->locked_until, "%s", acc.locked_until);
        return locked_error(acc.locked_until, e);
    }
    if (crypto_pwhash_str_verify(acc.password_hash, password, strlen(password)) != 0) {
        int locked = count_failure(a, acc.id, now, out->locked_until, e);
        if (locked < 0) return -1;
        if (locked) return locked_error(out->locked_until, e);
        return wrong_credentials(e);
    }
    if (acc.disabled)
        return err_set(e, ERR_FORBIDDEN, "", "该账号已停用，请联系管理员",
                       "this account is disabled: ask an administrator");

    /* a hash made with other parameters is replaced (before the write lock) */
    unsigned long long ops;
    size_t mem;
    pwhash_params(&ops, &mem);
    char rehash[ACCOUNT_HASH_MAX + 1] = "";
    if (crypto_pwhash_str_needs_rehash(acc.password_hash, ops, mem) != 0 &&
        hash_password(password, rehash, e))
        return -1;

    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    struct session_row row;
    memset(&row, 0, sizeof row);
    token_hash(raw, row.token_hash);
    sodium_bin2base64(out->token, sizeof out->token, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    csrf_of(raw, out->csrf);
    sodium_memzero(raw, sizeof raw);
    row.account_id = acc.id;
    date_time_format(now, row.created_at);
    memcpy(row.last_seen, row.created_at, sizeof row.last_seen);
    date_time_format(now + auth_session_max_s(), row.expires_at);
    char idle_cutoff[21];
    date_time_format(now - auth_session_idle_s(), idle_cutoff);

    struct account before;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    if (load_by_id(a, acc.id, &before, e)) goto fail;
    if (before.disabled) {
        err_set(e, ERR_FORBIDDEN, "", "该账号已停用，请联系管理员",
                "this account is disabled: ask an administrator");
        goto fail;
    }
    acc = before;
    clear_lock(&acc);
    if (rehash[0]) snprintf(acc.password_hash, sizeof acc.password_hash, "%s", rehash);
    struct actor self;
    auth_actor(&acc, &self);
    int changed = before.failed_logins || before.lockouts || before.locked_until[0] || rehash[0];
    if ((changed && account_store_set_login_state(a->db, &acc, e)) ||
        session_store_delete_expired(a->db, row.created_at, idle_cutoff, e) ||
        session_store_insert(a->db, &row, e) ||
        audit_account(a, &self, "session.login", &before, &acc, rehash[0] ? "rehashed" : "", e) ||
        db_commit(a->db, e))
        goto fail;
    out->account = acc;
    memset(out->account.password_hash, 0, sizeof out->account.password_hash);
    snprintf(out->expires_at, sizeof out->expires_at, "%s", row.expires_at);
    return 0;
fail:
    db_rollback(a->db);
    memset(out->token, 0, sizeof out->token);
    memset(out->csrf, 0, sizeof out->csrf);
    return -1;
}

static int session_ended(struct err *e)
{
    return err_set(e, ERR_UNAUTHENTICATED, "", "登录已过期或已退出，请重新登录",
                   "the session has expired or ended: sign in again");
}

int app_session_resolve(struct app *a, const char *token, struct actor *who,
                        struct auth_session *out, struct err *e)
{
    unsigned char raw[32];
    if (sodium_ready(e)) return -1;
    if (token_decode(token, raw)) return session_ended(e);
    char hash[SESSION_HASH_HEX + 1];
    token_hash(raw, hash);
    sodium_memzero(raw, sizeof raw);
    struct session_row row;
    struct account acc;
    if (db_begin(a->db, DB_READ, e)) return -1;
    int found = session_store_get(a->db, hash, &row, e);
    if (found == 1) found = account_store_get(a->db, row.account_id, &acc, e);
    db_rollback(a->db);
    if (found < 0) return -1;
    if (found == 0) return session_ended(e);
    long long now = date_now_epoch(), expires, seen;
    int dead = acc.disabled || date_time_parse(row.expires_at, &expires) ||
               date_time_parse(row.last_seen, &seen) || expires <= now ||
               seen + auth_session_idle_s() <= now;
    if (dead || now - seen >= AUTH_TOUCH_S) {
        char now_s[21];
        date_time_format(now, now_s);
        if (db_begin(a->db, DB_WRITE, e)) return -1;
        if ((dead ? session_store_delete(a->db, hash, e)
                  : session_store_touch(a->db, hash, now_s, e)) ||
            db_commit(a->db, e)) {
            db_rollback(a->db);
            return -1;
        }
        if (dead) return session_ended(e);
    }
    auth_actor(&acc, who);
    if (out) {
        memset(out, 0, sizeof *out);
        out->account = acc;
        memset(out->account.password_hash, 0, sizeof out->account.password_hash);
        auth_csrf_token(token, out->csrf);
        snprintf(out->expires_at, sizeof out->expires_at, "%s", row.expires_at);
    }
    return 0;
}

int app_logout(struct app *a, const struct actor *who, const char *token, struct err *e)
{
    unsigned char raw[32];
    if (sodium_ready(e)) return -1;
    if (token_decode(token, raw)) return session_ended(e);
    char hash[SESSION_HASH_HEX + 1];
    token_hash(raw, hash);
    sodium_memzero(raw, sizeof raw);
    struct session_row row;
    struct account acc;
    if (db_begin(a->db, DB_WRITE, e)) return -1;
    int found = session_store_get(a->db, hash, &row, e);
    if (found == 1) found = account_store_get(a->db, row.account_id, &acc, e);
    if (found <= 0) {
        db_rollback(a->db);
        return found < 0 ? -1 : session_ended(e);
    }
    if (session_store_delete(a->db, hash, e) ||
        audit_account(a, who, "session.logout", &acc, &acc, "", e) || db_commit(a->db, e)) {
        db_rollback(a->db);
        return -1;
    }
    return 0;
}
