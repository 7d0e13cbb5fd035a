/*
 * Arch interface: the hypervisor's own address space.
 *
 * The hypervisor runs at fixed virtual addresses of its own, whatever physical
 * address it was loaded at.  During boot its image is also identity-mapped so
 * the MMU can be switched on; arch_mmu_drop_boot_map() removes that once every
 * CPU runs at its virtual address, and nothing relies on VA == PA afterwards.
 */
#ifndef SEPTUM_ARCH_MMU_H
#define SEPTUM_ARCH_MMU_H

#include <septum/error.h>
#include <septum/types.h>

enum mmu_access {
	MMU_READ = 1,
	MMU_WRITE = 2,
	MMU_EXEC = 4,
};

/*
 * Map `size` bytes of device registers at `base` into the hypervisor's device
 * window (uncached, never executable).  Returns the virtual address of `base`,
 * or 0 if the window is full or the arguments are not page-sized.
 * Boot CPU, during boot.
 */
uintptr_t arch_mmu_map_device(paddr_t base, size_t size);

/*
 * Whether `va` is currently mapped for `access` (a mask of enum mmu_access) at
 * the hypervisor's privilege, as the hardware would translate it.  Any context.
 */
bool arch_mmu_can_access(uintptr_t va, unsigned int access);

/* What the hypervisor's memory holds, in bytes (the boot's log line). */
struct mmu_usage {
	size_t image;		/* code and data, the partition table aside */
	size_t stacks;		/* of the CPUs online */
	size_t hyp_tables;	/* the hypervisor's own page tables */
	size_t cell_tables;	/* the cells' second-stage tables */
	size_t pool;		/* the page-table pools both come from */
	size_t pool_hypmem;	/* of which taken from hypmem (septum/hypmem.h) */
	size_t own_hypmem;	/* a coloured hypervisor's image copies and
				 * own tables, taken from hypmem */
};

/* Fill u; boot CPU, once the cells are built. */
void arch_mmu_usage(struct mmu_usage *u, unsigned int cpus_online);

/* The physical address of a hypervisor image address (text, data, bss). */
paddr_t arch_mmu_image_pa(const void *va);

/*
 * Remove the boot-time identity map of the image on every CPU.  Boot CPU, once
 * every other CPU has reached main_secondary().
 */
void arch_mmu_drop_boot_map(void);

/*
 * Move the hypervisor onto pages of its own last-level cache colours, which
 * hypmem hands out (hypmem_colour() done): its image but the partition
 * table linked into it (code, data, stacks, its static table pool) is
 * copied to them and its translation tables rebuilt in them, everything at
 * the same virtual addresses, and the calling CPU switches to those tables;
 * the CPUs started afterwards start on them.  E_NOMEM: hypmem ran out
 * (nothing switched).  Boot CPU, before any other CPU is started.
 */
enum err arch_mmu_colour(void) MUST_CHECK;

/* What a page of the hypervisor's own memory holds (arch_mmu_own_pages()). */
enum own_page_kind {
	OWN_IMAGE,	/* code, data, stacks: the image but the table */
	OWN_CONFIG,	/* the partition table linked into the image */
	OWN_TABLES,	/* a page of its own or a cell's translation tables */
	OWN_STATE,	/* its window on scattered state (a coloured one's) */
	OWN_KINDS	/* number of kinds, not a kind */
};
typedef void own_page_fn(void *arg, paddr_t page, enum own_page_kind kind);

/*
 * Walk the hypervisor's own translation tables and call fn once for each
 * page they map as its own memory (its image, the partition table linked
 * in, its window on scattered state) and each page of its tables and of
 * every cell's second-stage tables.  Boot CPU, once the cells are built.
 */
void arch_mmu_own_pages(own_page_fn *fn, void *arg);

#endif /* SEPTUM_ARCH_MMU_H */
