/* store/account_store — the account table (migration 0004).
 *
 * The only place that knows the account table's SQL. Callers own the
 * transaction around these calls. struct account is a plain value; it
 * carries the password hash, which must never leave app/ (JSON renderings
 * and audit entries leave it out).
 */
#ifndef ANJU_STORE_ACCOUNT_STORE_H
#define ANJU_STORE_ACCOUNT_STORE_H

#include "core/access.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

enum {
    ACCOUNT_NAME_MAX = 64 * 3, /* display name: 64 characters of up to 3 UTF-8 bytes */
    ACCOUNT_PHONE_MAX = 20,
    ACCOUNT_HASH_MAX = 127, /* crypto_pwhash_STRBYTES - 1 */
};

struct account {
    int64_t id;
    char username[ACCESS_USERNAME_MAX + 1];
    char display_name[ACCOUNT_NAME_MAX + 1];
    enum role role;
    char scope[ACCESS_SCOPE_MAX + 1];
    char phone[ACCOUNT_PHONE_MAX + 1];
    char id_number[19];   /* applicants: the ID number they bound with ("" = none) */
    int64_t household_id; /* 0 = none */
    char password_hash[ACCOUNT_HASH_MAX + 1];
    int failed_logins; /* consecutive failures since the last success or lock */
    int lockouts;      /* locks since the last success */
    char locked_until[21];
    int disabled;
    int64_t version;
    char created_at[21], updated_at[21];
};

/* Inserts a (id ignored); sets a->id and a->version = 1. A taken username
 * is ERR_CONFLICT naming "username"; a household already bound to another
 * account ERR_CONFLICT naming "household_id". */
int account_store_insert(struct db *db, struct account *a, struct err *e);
/* 1 found, 0 no such account, -1 error. */
int account_store_get(struct db *db, int64_t id, struct account *a, struct err *e);
int account_store_by_username(struct db *db, const char *username, struct account *a,
                              struct err *e);
/* The account bound to a household: 1 found, 0 none, -1 error. */
int account_store_by_household(struct db *db, int64_t household_id, struct account *a,
                               struct err *e);
/* Writes every field of a when its version is still expected_version (else
 * ERR_CONFLICT naming "version"); sets a->version to the new one. */
int account_store_update(struct db *db, struct account *a, int64_t expected_version, struct err *e);
/* Writes the login counters, lock and password hash of a without changing
 * its version: signing in is not an edit that should make an administrator's
 * form stale. */
int account_store_set_login_state(struct db *db, const struct account *a, struct err *e);
/* Every account in id order; *out is the caller's to free. */
int account_store_list(struct db *db, struct account **out, size_t *n, struct err *e);

#endif
