/* base/bigmem — large arrays on transparent huge pages.
 *
 * An algorithm that jumps around a few hundred megabytes at random (the
 * allocation engine's walks over a million applicants) spends much of its
 * time on TLB misses when the memory is in 4 KiB pages. bigmem_alloc gives
 * an array of BIGMEM_MIN bytes or more 2 MiB-aligned and asks the kernel
 * for huge pages (madvise MADV_HUGEPAGE; Debian's default THP mode,
 * "madvise", honours it). Smaller requests are a plain malloc. It is only a
 * hint: where huge pages are unavailable the memory is ordinary.
 *
 * Ownership: release with free(), like malloc. Contents are undefined.
 */
#ifndef ANJU_BASE_BIGMEM_H
#define ANJU_BASE_BIGMEM_H

#include <stddef.h>

enum { BIGMEM_MIN = 4 << 20 };

/* n elements of `size` bytes (at least one byte); NULL when out of memory
 * or when n * size overflows. */
void *bigmem_alloc(size_t n, size_t size);

#endif
