/* store/scope — the region scope of a list (what access_list_filter gives
 * an actor: a district, a street, or a city's two-digit prefix) as SQL over
 * one table alias, and the values it binds. The application and stock
 * lists share it. */
#ifndef ANJU_STORE_SCOPE_H
#define ANJU_STORE_SCOPE_H

#include "store/db.h"

#include <stddef.h>

struct store_scope {
    const char *district, *region, *prefix; /* NULL: not limited that way */
    char lo[8], hi[8];                      /* a city: its districts' code range */
};

/* Appends " AND <alias>.district_code = $scope_district" and the like for
 * the parts of sc that are set (values bound by store_scope_bind) to where
 * (size bytes, NUL-terminated), and fills sc's range for a city. */
void store_scope_where(struct store_scope *sc, const char *alias, char *where, size_t size);
int store_scope_bind(struct db_stmt *s, const struct store_scope *sc, struct err *e);

#endif
