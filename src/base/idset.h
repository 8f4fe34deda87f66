/* base/idset — a set of 身份证号 with the line each was first seen on.
 *
 * Keys are the first 17 digits of a validated 18-character ID number (the
 * check character follows from them), held as integers in an open-addressing
 * table: 12 bytes a slot, grown at 3/4 load. Used by bulk imports to find
 * duplicates without an index. Owns its arrays; idset_free releases them.
 */
#ifndef ANJU_BASE_IDSET_H
#define ANJU_BASE_IDSET_H

#include <stddef.h>
#include <stdint.h>

struct idset {
    uint64_t *keys; /* 0 = empty slot */
    uint32_t *lines;
    size_t mask, count;
};

/* Sized for about `expected` numbers. 0 ok, -1 out of memory. */
int idset_init(struct idset *s, size_t expected);
void idset_free(struct idset *s);
/* Adds id (a validated ID number) seen on line. Returns 0 when added, 1 when
 * it was already there (*first_line set to the line stored then), -1 out of
 * memory. */
int idset_add(struct idset *s, const char *id, uint32_t line, uint32_t *first_line);

/* 1 when id is in the set (*first_line set), 0 when not. */
int idset_find(const struct idset *s, const char *id, uint32_t *first_line);

#endif
