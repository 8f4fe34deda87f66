/* store/region_store — the region tree (city → district → street → community).
 * Read-only at run time: regions are shipped as migrations. */
#ifndef ANJU_STORE_REGION_STORE_H
#define ANJU_STORE_REGION_STORE_H

#include "store/db.h"

#include <stddef.h>

struct region {
    char code[13];
    char parent_code[13];
    char level[10]; /* city | district | street | community */
    char name[64 * 3];
    char kind[32];
};

/* ERR_NOT_FOUND when there is no such code. */
int region_store_get(struct db *db, const char *code, struct region *r, struct err *e);
/* Children of parent (NULL = the top), or every region of `level` when
 * parent is NULL and level is not; *out is the caller's to free. */
int region_store_list(struct db *db, const char *parent, const char *level, struct region **out,
                      size_t *n, struct err *e);

#endif
