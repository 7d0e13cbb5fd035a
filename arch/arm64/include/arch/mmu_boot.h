/*
 * Boot-time construction of the hypervisor's address space, and the growth
 * of the pools of tables from its region (arm64 only).
 */
#ifndef ARCH_MMU_BOOT_H
#define ARCH_MMU_BOOT_H

#include <arch/pgtable.h>
#include <septum/error.h>
#include <septum/types.h>

/* What head.S loads into MAIR_EL2, TCR_EL2 and TTBR0_EL2 (offsets fixed). */
struct mmu_boot_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
};

/*
 * Build the EL2 tables with the MMU off: the image at HV_VA_IMAGE (text
 * read-only executable, rodata read-only, data/bss read-write, stacks with
 * guard pages), the image's text identity-mapped for the switch, the DTB at
 * HV_VA_FDT, and the console's registers in the device window (its virtual
 * address returned in *console_va).  Fills mmu_boot_regs.  Boot CPU only.
 */
enum err mmu_boot_build(uint64_t load_pa, paddr_t dtb, uint32_t dtb_size,
			paddr_t console, uintptr_t *console_va) MUST_CHECK;

/* Called first thing after the MMU is on (boot CPU). */
void mmu_boot_switched(void);

/*
 * The boot is over and the hypervisor's region is up: every table its own
 * map needs from here on comes from the region (the static pool's pages
 * already in use stay).  Boot CPU, before the cells are built.
 */
void mmu_pool_close_boot(void);

/*
 * pgtable's grow for a pool of tables from the hypervisor's region: a
 * chunk of up to `most` adjacent pages (fewer where its cache colours give
 * shorter runs) added to p; with `linear_if_short`, a shorter chunk makes p
 * reach all its pages through hypmem's window (p->linear).  False if the
 * region or the pool has no room.  Caller serialises p's growth.
 */
bool mmu_pool_grow(struct pgtable_pool *p, size_t most, bool linear_if_short);

/* Virtual address at which the DTB at `dtb` is mapped. */
uintptr_t mmu_boot_fdt_va(paddr_t dtb);

#endif /* ARCH_MMU_BOOT_H */
