/* app/audit — appending entries for the use cases. */
#include "app/audit.h"

#include "app/app_internal.h"
#include "base/date.h"
#include "store/audit_store.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

void app_actor_name(const struct actor *who, char *name, size_t size, const char **role)
{
    if (who) {
        snprintf(name, size, "%s", who->username);
        *role = (unsigned)who->role < ROLE_COUNT ? role_names[who->role].code : "?";
        return;
    }
    const char *user = getenv("USER");
    if (!user || !user[0]) {
        struct passwd *pw = getpwuid(geteuid());
        user = pw ? pw->pw_name : "?";
    }
    snprintf(name, size, "local:%s", user);
    *role = "local";
}

int app_audit(struct app *a, const struct actor *who, const char *action, const char *entity_type,
              const char *entity_id, const char *before, const char *after, const char *detail,
              struct err *e)
{
    struct audit_entry en;
    memset(&en, 0, sizeof en);
    date_now_utc(en.at);
    en.actor_id = who ? who->account_id : 0;
    const char *role;
    app_actor_name(who, en.actor, sizeof en.actor, &role);
    copy(en.role, sizeof en.role, role);
    copy(en.action, sizeof en.action, action);
    copy(en.entity_type, sizeof en.entity_type, entity_type);
    copy(en.entity_id, sizeof en.entity_id, entity_id);
    audit_digest(before, before ? strlen(before) : 0, en.before_digest);
    audit_digest(after, after ? strlen(after) : 0, en.after_digest);
    copy(en.detail, sizeof en.detail, detail);
    return audit_store_append(a->db, &en, e);
}
