/* app/app_internal — what the use-case files of app/ share. Not for api/ or cli/. */
#ifndef ANJU_APP_APP_INTERNAL_H
#define ANJU_APP_APP_INTERNAL_H

#include "app/app.h"

struct street_entry {
    char code[13];
    char district[7];
};

struct app {
    struct db *db;
    struct street_entry *streets; /* sorted by code */
    size_t nstreets;
};

#include "core/verify.h"
#include "store/feed_store.h"

/* The facts rules read for household h: its declarations verified against
 * every loaded feed (app/verify.c). rows is a reusable buffer; v may be NULL. */
int app_household_facts(struct app *a, struct feed_store *fs, const struct household *h,
                        struct feed_rows *rows, struct household_facts *f, struct verification *v,
                        struct err *e);

#endif
