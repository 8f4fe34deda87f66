/* base/bigmem — see bigmem.h. MAP_POPULATE and MADV_HUGEPAGE are Linux's. */
#define _DEFAULT_SOURCE
#include "base/bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { BIGMEM_MIN = 1 << 20, HUGE_PAGE = 2 << 20 };

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

void *bigmem_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    if (bytes == 0) bytes = 1;
    if (bytes < BIGMEM_ARRAY_MIN) return malloc(bytes);
    void *p;
    if (posix_memalign(&p, HUGE_PAGE, bytes)) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE); /* a hint: failure is fine */
#endif
    return p;
}
