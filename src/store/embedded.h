/* store/embedded — files compiled into the binary by cmake/embed.cmake:
 * the migrations (in version order), the policy presets (the JSON files in policy/, by
 * file name) and the OpenAPI document. Read-only. */
#ifndef ANJU_STORE_EMBEDDED_H
#define ANJU_STORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name; /* file name, e.g. "0001_init.sql" */
    const char *data; /* NUL-terminated */
    size_t len;
};

extern const struct embedded_file embedded_migrations[]; /* ends with {NULL, NULL, 0} */
extern const size_t embedded_migration_count;
extern const struct embedded_file embedded_policies[]; /* ends with {NULL, NULL, 0} */
extern const struct embedded_file embedded_openapi;

#endif
