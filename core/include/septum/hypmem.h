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

/*
 * [start, end): the free part of the hypervisor's region, mapped whole in
 * the hypervisor's window at once (so that no later allocation needs a
 * page table: the hypervisor's own tables grow from here).  false: that
 * mapping failed.  Boot CPU.
 */
bool hypmem_init(paddr_t start, paddr_t end);

/*
 * From now on hand out only pages of `colours` (bit c: the pages whose
 * number modulo `ncolours` is c), the hypervisor's last-level cache colours:
 * an allocation is then a run of adjacent pages of those colours when it
 * fits one, else (when no physical address is asked for) pages taken one by
 * one and seen contiguous through arch_mmu_map_own().  Maps the free part
 * of the region once.  false: that mapping failed.  Boot CPU, after
 * hypmem_init(), before any allocation.
 */
bool hypmem_colour(uint64_t colours, unsigned int ncolours) MUST_CHECK;

/*
 * The most pages an allocation that asks for its physical address can
 * have: the longest run of adjacent colours when coloured, else no limit
 * (SIZE_MAX).
 */
size_t hypmem_run_pages(void);

/*
 * `size` bytes (rounded up to pages), page-aligned and zeroed, mapped for
 * the hypervisor; *pa_out (if not NULL) gets their physical address.  NULL when
 * they do not fit (coloured: with pa_out, when no run of that many pages of
 * its colours is left).  Any CPU.
 */
void *hypmem_alloc(size_t size, paddr_t *pa_out) MUST_CHECK;

/* hypmem_alloc() that cannot fail: a panic names `what` and the shortfall. */
void *hypmem_need(size_t size, paddr_t *pa_out, const char *what);

/* Bytes handed out so far, and bytes the region has in all (coloured: of
 * its colours). */
size_t hypmem_used(void);
size_t hypmem_size(void);

#endif /* SEPTUM_HYPMEM_H */
