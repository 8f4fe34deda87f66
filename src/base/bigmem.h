/* base/bigmem — large arrays (tens of MiB) with their pages mapped at once.
 *
 * A fresh page of memory costs a page fault when it is first touched; on
 * the virtual machines we run on that is expensive (measured: filling a
 * 40 MiB calloc'd array took 0.26 s, of which almost all were faults). For
 * an array of a million records bigmem_alloc maps every page in one call
 * (mmap MAP_POPULATE: 0.03 s for the same 40 MiB). Small sizes simply use
 * calloc.
 *
 * Ownership: bigmem_alloc gives zeroed memory (NULL when there is none)
 * that bigmem_free releases, given the same size.
 */
#ifndef ANJU_BASE_BIGMEM_H
#define ANJU_BASE_BIGMEM_H

#include <stddef.h>

void *bigmem_alloc(size_t size);
void bigmem_free(void *p, size_t size);

#endif
