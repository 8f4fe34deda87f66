#include "base/idset.h"

#include <stdlib.h>

static uint64_t key_of(const char *id)
{
    uint64_t k = 0;
    for (int i = 0; i < 17; i++)
        k = k * 10 + (uint64_t)(id[i] - '0');
    return k + 1; /* never 0 */
}

static size_t slot_of(uint64_t k, size_t mask)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    return (size_t)k & mask;
}

static int idset_alloc(struct idset *s, size_t slots)
{
    s->keys = calloc(slots, sizeof *s->keys);
    s->lines = calloc(slots, sizeof *s->lines);
    if (!s->keys || !s->lines) {
        free(s->keys);
        free(s->lines);
        s->keys = NULL;
        s->lines = NULL;
        return -1;
    }
    s->mask = slots - 1;
    s->count = 0;
    return 0;
}

int idset_init(struct idset *s, size_t expected)
{
    size_t slots = 1024;
    while (slots < expected + expected / 2)
        slots *= 2;
    return idset_alloc(s, slots);
}

void idset_free(struct idset *s)
{
    free(s->keys);
    free(s->lines);
    s->keys = NULL;
    s->lines = NULL;
    s->mask = s->count = 0;
}

static void put(struct idset *s, uint64_t k, uint32_t line)
{
    size_t i = slot_of(k, s->mask);
    while (s->keys[i])
        i = (i + 1) & s->mask;
    s->keys[i] = k;
    s->lines[i] = line;
    s->count++;
}

static int grow(struct idset *s)
{
    struct idset bigger;
    if (idset_alloc(&bigger, (s->mask + 1) * 2)) return -1;
    for (size_t i = 0; i <= s->mask; i++)
        if (s->keys[i]) put(&bigger, s->keys[i], s->lines[i]);
    idset_free(s);
    *s = bigger;
    return 0;
}

int idset_add(struct idset *s, const char *id, uint32_t line, uint32_t *first_line)
{
    uint64_t k = key_of(id);
    size_t i = slot_of(k, s->mask);
    for (; s->keys[i]; i = (i + 1) & s->mask)
        if (s->keys[i] == k) {
            if (first_line) *first_line = s->lines[i];
            return 1;
        }
    if ((s->count + 1) * 4 > (s->mask + 1) * 3) {
        if (grow(s)) return -1;
        put(s, k, line);
        return 0;
    }
    s->keys[i] = k;
    s->lines[i] = line;
    s->count++;
    return 0;
}

int idset_find(const struct idset *s, const char *id, uint32_t *first_line)
{
    uint64_t k = key_of(id);
    for (size_t i = slot_of(k, s->mask); s->keys[i]; i = (i + 1) & s->mask)
        if (s->keys[i] == k) {
            if (first_line) *first_line = s->lines[i];
            return 1;
        }
    return 0;
}
