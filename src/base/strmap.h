/* base/strmap — a map from byte strings to 64-bit values.
 *
 * Open addressing with linear probing (FNV-1a hashes), grown at 3/4 load.
 * Keys are copied; the map owns the copies and its table, and strmap_free
 * releases them. A zeroed struct strmap is an empty map. Used by imports to
 * remember what the file has named before (project codes, unit keys) and on
 * which line.
 */
#ifndef ANJU_BASE_STRMAP_H
#define ANJU_BASE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
    char *key; /* NULL = empty */
    size_t len;
    uint64_t hash;
    int64_t value;
};

struct strmap {
    struct strmap_slot *slots;
    size_t mask, count;
};

/* Adds key → value: 0 when added, 1 when key was there already (*existing,
 * when not NULL, gets its value; the map is unchanged), -1 out of memory. */
int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value, int64_t *existing);
/* 1 when key is in the map (*value set), 0 when not. */
int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value);
void strmap_free(struct strmap *m);

#endif
