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

#endif /* SEPTUM_ARCH_MMU_H */
