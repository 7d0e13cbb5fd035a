/*
 * The hypervisor's own memory beyond its image and the partition table it
 * keeps (the config's /hypervisor region): what is sized by the partition
 * config rather than by the ABI's maxima comes from here (the cells'
 * second-stage tables, the virtual GIC's state of each cell), so the image
 * reserves nothing for cells, CPUs or interrupts a system does not have.
 */
#ifndef SEPTUM_HYPMEM_H
#define SEPTUM_HYPMEM_H

#include <septum/types.h>

/* [start, end): the free part of the hypervisor's region.  Boot CPU. */
void hypmem_init(paddr_t start, paddr_t end);

/*
 * `size` bytes (rounded up to pages), page-aligned and zeroed, mapped for
 * the hypervisor; *pa_out (if not NULL) gets their physical address.  NULL when
 * they do not fit.  Any CPU.
 */
void *hypmem_alloc(size_t size, paddr_t *pa_out) MUST_CHECK;

/* hypmem_alloc() that cannot fail: a panic names `what` and the shortfall. */
void *hypmem_need(size_t size, paddr_t *pa_out, const char *what);

/* Bytes handed out so far, and bytes the region has in all. */
size_t hypmem_used(void);
size_t hypmem_size(void);

#endif /* SEPTUM_HYPMEM_H */
