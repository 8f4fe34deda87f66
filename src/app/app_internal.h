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

#endif
