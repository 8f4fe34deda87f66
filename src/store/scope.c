#include "store/scope.h"

#include <stdio.h>
#include <string.h>

void store_scope_where(struct store_scope *sc, const char *alias, char *where, size_t size)
{
    size_t len = strlen(where);
    if (sc->district)
        len += (size_t)snprintf(where + len, size - len, " AND %s.district_code = $scope_district",
                                alias);
    if (sc->region && len < size)
        len += (size_t)snprintf(where + len, size - len, " AND %s.region_code = $scope_region",
                                alias);
    sc->lo[0] = sc->hi[0] = '\0';
    /* a city: its districts' codes share the first two digits (an index range) */
    if (sc->prefix && len < size) {
        snprintf(where + len, size - len,
                 " AND %s.district_code >= $scope_lo AND %s.district_code <= $scope_hi", alias,
                 alias);
        snprintf(sc->lo, sizeof sc->lo, "%.2s0000", sc->prefix);
        snprintf(sc->hi, sizeof sc->hi, "%.2s9999", sc->prefix);
    }
}

int store_scope_bind(struct db_stmt *s, const struct store_scope *sc, struct err *e)
{
    if ((sc->district && db_bind_text(s, "$scope_district", sc->district, e)) ||
        (sc->region && db_bind_text(s, "$scope_region", sc->region, e)) ||
        (sc->prefix && (db_bind_text(s, "$scope_lo", sc->lo, e) ||
                        db_bind_text(s, "$scope_hi", sc->hi, e))))
        return -1;
    return 0;
}
