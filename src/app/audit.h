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

int app_audit(struct app *a, const struct actor *who, const char *action, const char *entity_type,
              const char *entity_id, const char *before, const char *after, const char *detail,
              struct err *e);

/* What the actor is called in the log: the username, or local:<login name>
 * for the operator at the command line; and the role code ("local"). */
void app_actor_name(const struct actor *who, char *name, size_t size, const char **role);

#endif
