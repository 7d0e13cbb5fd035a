/*
 * A guest's own stage-1 translation (VMSAv8-64, EL1&0 regime), walked
 * again by the hypervisor after its walk faulted at stage 2: which level's
 * descriptor was the one fetched from the faulting guest-physical page.
 */
#ifndef ARCH_S1WALK_H
#define ARCH_S1WALK_H

#include <septum/types.h>

/* The guest's translation registers, as they were when the walk faulted. */
struct s1walk_regs {
	uint64_t sctlr;		/* SCTLR_EL1 */
	uint64_t tcr;		/* TCR_EL1 */
	uint64_t ttbr0;		/* TTBR0_EL1 */
	uint64_t ttbr1;		/* TTBR1_EL1 */
};

/* Read the descriptor at guest-physical `at` into *desc: false if the
 * address is none of the cell's RAM. */
typedef bool (*s1walk_read)(void *ctx, uint64_t at, uint64_t *desc);

/*
 * The level (-1 to 3) of the descriptor of the walk for virtual address
 * `va` that lies in the 4 KiB guest-physical page `page`, into *level.
 * Redoes the walk from TTBR0/1 and TCR (granule 4K, 16K or 64K, 48-bit or
 * 52-bit output addresses), reading each descriptor through `read`, at
 * most five levels.  false when the walk cannot have fetched from `page`:
 * no stage 1, walks disabled or reserved settings for that half of the
 * address space, or the walk ending (an invalid descriptor, a block, a
 * page, a descriptor not in RAM) before it reaches `page` -- the guest
 * changed its tables since, for one.
 */
bool s1walk_level(const struct s1walk_regs *r, uint64_t va, uint64_t page,
		  s1walk_read read, void *ctx, int *level);

#endif /* ARCH_S1WALK_H */
