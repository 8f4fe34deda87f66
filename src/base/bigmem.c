/* base/bigmem — see bigmem.h. MAP_ANONYMOUS and MAP_POPULATE are Linux's. */
#define _DEFAULT_SOURCE
#include "base/bigmem.h"

#include <stdlib.h>
#include <sys/mman.h>

enum { BIGMEM_MIN = 1 << 20 }; /* below this, calloc */

void *bigmem_alloc(size_t size)
{
    if (size < BIGMEM_MIN) return calloc(1, size ? size : 1);
    void *p =
        mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void bigmem_free(void *p, size_t size)
{
    if (!p) return;
    if (size < BIGMEM_MIN)
        free(p);
    else
        munmap(p, size);
}
