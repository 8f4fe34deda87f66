#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
    for (size_t i = (size_t)h & m->mask;; i = (i + 1) & m->mask) {
        struct strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)) return s;
    }
}

static int grow(struct strmap *m)
{
    size_t n = m->slots ? (m->mask + 1) * 2 : 64;
    struct strmap_slot *slots = calloc(n, sizeof *slots);
    if (!slots) return -1;
    struct strmap old = *m;
    m->slots = slots;
    m->mask = n - 1;
    for (size_t i = 0; old.slots && i <= old.mask; i++)
        if (old.slots[i].key)
            *find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
    free(old.slots);
    return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value, int64_t *existing)
{
    if ((!m->slots || (m->count + 1) * 4 > (m->mask + 1) * 3) && grow(m)) return -1;
    uint64_t h = fnv1a(key, len);
    struct strmap_slot *s = find(m, key, len, h);
    if (s->key) {
        if (existing) *existing = s->value;
        return 1;
    }
    char *copy = malloc(len + 1);
    if (!copy) return -1;
    memcpy(copy, key, len);
    copy[len] = '\0';
    *s = (struct strmap_slot){copy, len, h, value};
    m->count++;
    return 0;
}

int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value)
{
    if (!m->slots) return 0;
    struct strmap_slot *s = find(m, key, len, fnv1a(key, len));
    if (!s->key) return 0;
    if (value) *value = s->value;
    return 1;
}

void strmap_free(struct strmap *m)
{
    for (size_t i = 0; m->slots && i <= m->mask; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
