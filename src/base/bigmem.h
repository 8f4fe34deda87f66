/* base/bigmem — large arrays (tens to hundreds of MiB), two ways.
 *
 * bigmem_alloc: with every page mapped at once. A fresh page costs a page
 * fault when first touched; on the virtual machines we run on that is
 * expensive (measured: filling a 40 MiB calloc'd array took 0.26 s, almost
 * all faults). bigmem_alloc maps every page in one call (mmap MAP_POPULATE:
 * 0.03 s for the same 40 MiB); below 1 MiB it is calloc. Zeroed memory;
 * release with bigmem_free and the same size. Used by the lottery, which
 * fills its arrays front to back.
 *
 * bigmem_array: on transparent huge pages. An algorithm that jumps around
 * a few hundred megabytes at random (the allocation engine's walks over a
 * million applicants) spends much of its time on TLB misses with 4 KiB
 * pages. bigmem_array gives BIGMEM_ARRAY_MIN bytes or more 2 MiB-aligned and
 * asks for huge pages (madvise MADV_HUGEPAGE; Debian's default THP mode,
 * "madvise", honours it); smaller requests are a plain malloc. Only a
 * hint. Contents undefined; release with free(), like malloc.
 */
#ifndef ANJU_BASE_BIGMEM_H
#define ANJU_BASE_BIGMEM_H

#include <stddef.h>

enum { BIGMEM_ARRAY_MIN = 4 << 20 };

void *bigmem_alloc(size_t size);
void bigmem_free(void *p, size_t size);

/* n elements of `size` bytes (at least one byte); NULL when out of memory
 * or when n * size overflows. */
void *bigmem_array(size_t n, size_t size);

#endif
