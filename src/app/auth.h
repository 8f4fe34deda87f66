/* app/auth — accounts, signing in, sessions and CSRF tokens.
 *
 * Passwords are hashed with libsodium's crypto_pwhash_str (argon2id). The
 * cost is crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE unless
 * $ANJU_PWHASH_OPSLIMIT / $ANJU_PWHASH_MEMLIMIT (bytes) say otherwise; a
 * stored hash made with other parameters is replaced at the next successful
 * sign-in. The password rule is core/access's access_password_ok.
 *
 * Signing in: the same error (401) for an unknown username and a wrong
 * password, and an unknown username still spends one argon2id verification
 * so that timing does not tell them apart. AUTH_MAX_FAILURES consecutive
 * failures lock the account for 15 min × 2^(lockouts-1), at most 24 h;
 * while locked, signing in answers ERR_LOCKED (429) even with the right
 * password. A success resets the counters; passwd and enable clear a lock.
 *
 * Sessions: the cookie token is 32 random bytes, base64url without padding
 * (43 characters); only its BLAKE2b-256 (hex) is stored. A session ends
 * after $ANJU_SESSION_IDLE_S seconds without a request (default 1800) or
 * $ANJU_SESSION_MAX_S after signing in (default 43200), at logout, and at
 * once when the account is disabled. last_seen is written at most once a
 * minute. The CSRF token is keyed BLAKE2b-256 (key = the raw cookie token,
 * message "anju-csrf-v1"), hex: derived, so never stored, and the same for
 * the whole session.
 *
 * Actors: every account change needs PERM_ACCOUNT_ADMIN (NULL = the local
 * operator may). app_account_register and app_login take no actor: they
 * are the public use cases. Every change, sign-in, failed sign-in, lock and
 * sign-out appends an audit entry in its own transaction; the before/after
 * JSON is app_account_json's, which never holds the password hash.
 */
#ifndef ANJU_APP_AUTH_H
#define ANJU_APP_AUTH_H

#include "app/app.h"
#include "core/access.h"
#include "store/account_store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum {
    AUTH_TOKEN_B64 = 43,        /* the cookie value's length */
    AUTH_CSRF_HEX = 64,         /* the CSRF token's length */
    AUTH_MAX_FAILURES = 5,      /* consecutive failures that lock */
    AUTH_LOCK_BASE_S = 15 * 60, /* the first lock */
    AUTH_LOCK_MAX_S = 24 * 3600,
    AUTH_PASSWORD_MAX = 1024, /* bytes */
    AUTH_TOUCH_S = 60,        /* last_seen is written at most this often */
};

#define AUTH_COOKIE "anju_session"
#define AUTH_CSRF_HEADER "X-CSRF-Token"

/* What an account change asks for. NULL strings: "" (display_name: the
 * username). */
struct account_input {
    const char *username;
    const char *display_name;
    enum role role;
    const char *scope;
    const char *phone;
    const char *password;
};

/* A role code ("street_officer"); ERR_INVALID naming field otherwise. */
int auth_role_parse(const char *code, enum role *r, const char *field, struct err *e);
/* The actor an account acts as. */
void auth_actor(const struct account *acc, struct actor *out);
/* The JSON of an account as the API shows it and the audit log digests it:
 * never the password hash or the ID number. full = 0: only id, username,
 * display_name, role, scope and household_id (the session view). */
json_t *app_account_json(const struct account *acc, int full);
/* "active", "disabled" or "locked" (now: seconds since the epoch). */
const char *auth_account_state(const struct account *acc, long long now);

/* --- administration (PERM_ACCOUNT_ADMIN) ------------------------------- */

int app_account_add(struct app *a, const struct actor *who, const struct account_input *in,
                    struct account *out, struct err *e);
/* Sets a new password and clears any lock. */
int app_account_passwd(struct app *a, const struct actor *who, const char *username,
                       const char *password, struct err *e);
/* Disables the account and ends its sessions. */
int app_account_disable(struct app *a, const struct actor *who, const char *username,
                        struct err *e);
/* Enables the account and clears any lock. */
int app_account_enable(struct app *a, const struct actor *who, const char *username, struct err *e);
/* *out (caller frees): every account in id order. */
int app_account_list(struct app *a, const struct actor *who, struct account **out, size_t *n,
                     struct err *e);
int app_account_get(struct app *a, const struct actor *who, int64_t id, struct account *out,
                    struct err *e);

struct account_patch {
    int64_t version;          /* the version the change is based on */
    int disabled;             /* -1 unchanged, 0 enable (and unlock), 1 disable */
    const char *display_name; /* NULL unchanged */
    const char *scope;        /* NULL unchanged */
    const char *password;     /* NULL unchanged; also clears a lock */
};
int app_account_update(struct app *a, const struct actor *who, int64_t id,
                       const struct account_patch *p, struct account *out, struct err *e);

/* --- self-service ------------------------------------------------------ */

/* Public: an applicant registers; username = phone (11-digit mainland
 * mobile number). ERR_CONFLICT naming "phone" when taken. */
int app_account_register(struct app *a, const char *phone, const char *password,
                         const char *display_name, struct account *out, struct err *e);
/* An applicant binds to the household whose applicant member has this ID
 * number and name: ERR_NOT_FOUND (one neutral message) when none does,
 * ERR_CONFLICT when it is bound to another account or this one is bound. */
int app_account_bind(struct app *a, const struct actor *who, const char *id_number,
                     const char *name, struct account *out, struct err *e);
/* The signed-in account itself. */
int app_account_me(struct app *a, const struct actor *who, struct account *out, struct err *e);

/* --- sessions ------------------------------------------------------------ */

struct auth_session {
    struct account account;
    char token[AUTH_TOKEN_B64 + 1]; /* the cookie value (only from app_login) */
    char csrf[AUTH_CSRF_HEX + 1];
    char expires_at[21];   /* absolute expiry */
    char locked_until[21]; /* app_login's ERR_LOCKED: when the lock ends */
};

/* Public: signs in and opens a session. ERR_UNAUTHENTICATED for a wrong
 * username or password, ERR_LOCKED (out->locked_until set) while locked,
 * ERR_FORBIDDEN for a disabled account with the right password. */
int app_login(struct app *a, const char *username, const char *password, struct auth_session *out,
              struct err *e);
/* The actor of a cookie token; ERR_UNAUTHENTICATED when it is malformed,
 * unknown, expired or its account disabled (an ended session is deleted).
 * out (may be NULL) gets the account, the CSRF token and the expiry. */
int app_session_resolve(struct app *a, const char *token, struct actor *who,
                        struct auth_session *out, struct err *e);
/* Ends the session of this cookie token. */
int app_logout(struct app *a, const struct actor *who, const char *token, struct err *e);

/* The CSRF token of a cookie token; -1 when the token is malformed. */
int auth_csrf_token(const char *token, char out[AUTH_CSRF_HEX + 1]);
/* 1 when header is the CSRF token of this cookie token (constant time). */
int auth_csrf_ok(const char *token, const char *header);

/* Settings from the environment (see docs/security.md). */
long long auth_session_idle_s(void);
long long auth_session_max_s(void);
int auth_cookie_secure(void);

#endif
