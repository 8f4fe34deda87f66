/* core/access — who may do what, and where (pure).
 *
 * Every request is made by an actor: an account with a role and, for staff,
 * a region scope. The rules are two questions asked by app/ before it loads
 * or changes anything:
 *
 *   - may this role do this at all?  (access_may; no → 403 Forbidden)
 *   - is this household in the actor's region? (access_covers; no → the
 *     same 404 as a household that does not exist, so existence never leaks)
 *
 * The NULL actor is the local operator at the command line, who may do
 * everything (the operating-system account is the boundary there).
 *
 * Scopes are region codes: a street officer holds a street/township code
 * (9 digits) and sees that street; a district officer a district code (6)
 * and sees that district; a city officer or operator a city code (6 digits
 * ending 0000, e.g. 110000) and sees every district whose code starts with
 * the same two digits. Auditors see everything, read-only; admins manage
 * accounts and see no households; an applicant sees only the household
 * bound to the account.
 */
#ifndef ANJU_CORE_ACCESS_H
#define ANJU_CORE_ACCESS_H

#include "base/err.h"
#include "core/household.h"

#include <stdint.h>

enum role {
    ROLE_APPLICANT,        /* 申请人 */
    ROLE_STREET_OFFICER,   /* 街道/乡镇经办人 */
    ROLE_DISTRICT_OFFICER, /* 区住房保障部门 */
    ROLE_CITY_OFFICER,     /* 市住建委 */
    ROLE_OPERATOR,         /* 产权单位/运营机构 */
    ROLE_AUDITOR,          /* 审计（只读） */
    ROLE_ADMIN,            /* 系统管理员 */
    ROLE_COUNT
};
extern const struct code_name role_names[ROLE_COUNT];

enum { ACCESS_USERNAME_MAX = 64, ACCESS_SCOPE_MAX = 9 };

struct actor {
    int64_t account_id; /* > 0 */
    enum role role;
    char username[ACCESS_USERNAME_MAX + 1];
    char scope[ACCESS_SCOPE_MAX + 1]; /* region code, "" when the role has none */
    int64_t household_id;             /* applicant: the bound household, 0 = none yet */
};

/* What an actor may ask for. Scope is checked separately (access_covers). */
enum permission {
    PERM_HOUSEHOLD_READ,     /* read households (applicant: own only) */
    PERM_HOUSEHOLD_WRITE,    /* create, change, import households (applicant: own only) */
    PERM_ELIGIBILITY_CHECK,  /* run an eligibility check on a household */
    PERM_ELIGIBILITY_REPORT, /* eligibility summaries */
    PERM_VERIFY_READ,        /* read a verification report */
    PERM_VERIFY_RUN,         /* verify a household now */
    PERM_POLICY_READ,        /* read policy versions */
    PERM_POLICY_WRITE,       /* import a policy version */
    PERM_APPLICATION_READ,   /* read applications and their history (applicant: own) */
    PERM_APPLICATION_CREATE, /* open an application (applicant: for own household) */
    PERM_OBJECTION,          /* record and resolve 公示 objections */
    PERM_AUDIT_READ,         /* read the audit log */
    PERM_ACCOUNT_ADMIN,      /* manage accounts */
    PERM_LOTTERY_DRAW,       /* draw a lottery (and re-draw, with a reason) */
    PERM_LOTTERY_READ,       /* list recorded draws */
    PERM_STOCK_READ,         /* read projects, buildings and units (by scope) */
    PERM_STOCK_WRITE,        /* create projects and units, change units (by scope) */
    PERM_QUEUE_READ,         /* a place on a waiting list and why (applicant: own only) */
    PERM_QUEUE_LIST,         /* whole waiting lists, narrowed to the scope */
    PERM_QUEUE_RE_REPORT,    /* record a re-report (定期申报) (applicant: own only) */
    PERM_ROUND_READ,         /* read rounds, their units, entrants, offers (by scope) */
    PERM_ROUND_RUN,          /* run a round: create, add units, ..., draw, allocate, publish */
    PERM_COUNT
};
extern const char *const permission_names[PERM_COUNT];

/* 1 when the role may do p (NULL actor: always). */
int access_may(const struct actor *who, enum permission p);
/* 0 when access_may; else ERR_FORBIDDEN naming the role and the act. */
int access_require(const struct actor *who, enum permission p, struct err *e);

/* 1 when a household of street region_code (9 digits) in district
 * district_code (6) with id household_id lies in the actor's scope. NULL
 * actor and auditors: always; admins: never; applicants: only their own.
 * Records that are not households (housing projects) pass household_id 0,
 * which no applicant holds. */
int access_covers(const struct actor *who, const char *district_code, const char *region_code,
                  int64_t household_id);

/* How a list query must be narrowed for the actor: at most one of *district
 * (6 digits), *region (9 digits) or *prefix (2 digits: a city) is set, or
 * *household_id for an applicant; *none = 1 when the actor may see nothing.
 * Unset outputs are NULL / 0. */
struct access_filter {
    const char *district;
    const char *region;
    const char *prefix;
    int64_t household_id;
    int none;
};
void access_list_filter(const struct actor *who, struct access_filter *f);

/* Checks a scope for a role: street officers a 9-digit code, district
 * officers 6 digits not ending 0000, city officers and operators 6 digits
 * ending 0000, others "". Whether the code exists is the caller's check. */
int access_scope_valid(enum role r, const char *scope, struct err *e);

/* The password rule: at least 10 characters (UTF-8 code points), not the
 * username, the phone number or the ID number (compared case-insensitively
 * and also as a substring of the password: "13800138000a" is refused). */
int access_password_ok(const char *password, const char *username, const char *phone,
                       const char *id_number, struct err *e);

#endif
