/* app/audit — the audit log from the use cases' side.
 *
 * app_audit is called by every use case that changes state, inside its own
 * write transaction, after the change: the entry commits or rolls back with
 * it. before and after are the entity's canonical bytes (its JSON as the
 * API renders it, or a file's SHA-256 for an import); only their BLAKE2b
 * digests are kept, so the log holds no personal data. detail is a short
 * note (a reason, counts); never put an ID number in it.
 */
#ifndef ANJU_APP_AUDIT_H
#define ANJU_APP_AUDIT_H

#include "app/app.h"
#include "core/access.h"
#include "core/audit_chain.h"
#include "store/audit_store.h"

int app_audit(struct app *a, const struct actor *who, const char *action, const char *entity_type,
              const char *entity_id, const char *before, const char *after, const char *detail,
              struct err *e);

/* --- reading and verifying (auditors; the NULL actor may too) ---------- */

/* A head recorded earlier (published, written down): entry seq had hash. */
struct audit_anchor {
    int64_t seq;
    char hash[AUDIT_HASH_HEX + 1];
};
/* Parses "SEQ:HASH" (SEQ >= 1, HASH 64 hex digits, either case; kept in
 * lowercase). ERR_USAGE naming `field` when malformed. */
int app_audit_parse_anchor(const char *text, struct audit_anchor *out, const char *field,
                           struct err *e);

/* What verification found. */
struct audit_report {
    int intact;                         /* 1: no fault */
    int64_t entries;                    /* entries stored */
    int64_t head_seq;                   /* the newest stored entry (0: empty log) */
    char head_hash[AUDIT_HASH_HEX + 1]; /* its hash (audit_genesis when empty) */
    int anchor_checked;                 /* an anchor was given and matched */
    enum audit_fault fault;             /* AUDIT_OK when intact */
    int64_t fault_seq;                  /* the first entry found wrong */
    char fault_zh[ERR_TEXT_MAX], fault_en[ERR_TEXT_MAX];
};

/* Walks the whole log in seq order (streaming, one read snapshot) and
 * names the first entry that was altered, removed or reordered; with an
 * anchor (may be NULL), also that entry anchor->seq still exists and has
 * anchor->hash, which catches the newest entries cut off or the whole
 * chain rewritten. Returns 0 when the check ran (report->intact says how it
 * went), -1 when it could not (e: database error, or ERR_FORBIDDEN for an
 * actor without PERM_AUDIT_READ). */
int app_audit_verify(struct app *a, const struct actor *who, const struct audit_anchor *anchor,
                     struct audit_report *report, struct err *e);

/* Entries newest first (store/audit_store.h's filter and paging); *out is
 * the caller's to free. PERM_AUDIT_READ. */
int app_audit_list(struct app *a, const struct actor *who, const struct audit_filter *f,
                   struct audit_entry **out, size_t *n, int64_t *total, struct err *e);

/* The names used in the log: lowercase letters, digits, '_' and '.' for an
 * entity type (at most 31 bytes); entity ids and actors are free text of at
 * most 63 and 79 bytes. Parses an entity filter "TYPE[:ID]" into type and
 * id (id "" when absent); ERR_USAGE naming `field` when malformed. */
int app_audit_parse_entity(const char *text, char type[32], char id[64], const char *field,
                           struct err *e);

/* What the actor is called in the log: the username, or local:<login name>
 * for the operator at the command line; and the role code ("local"). */
void app_actor_name(const struct actor *who, char *name, size_t size, const char **role);

#endif
