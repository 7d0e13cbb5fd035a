/*
 * x86-64 four-level page tables (4 KiB pages, 2 MiB large pages), 48-bit
 * input addresses.  One format serves the hypervisor's own tables and the
 * cells' nested page tables (AMD64 APM vol. 2, 5.3 and 15.25).  Plain C over
 * memory, unit-tested on the host.  Callers pass the attribute bits of the
 * entries they want; this module owns the entry layout and the walk.
 *
 * Tables come from a fixed pool of pages, reached through a pointer valid in
 * the caller's view, while entries hold physical addresses.
 */
#ifndef ARCH_PGTABLE_H
#define ARCH_PGTABLE_H

#include <septum/error.h>
#include <septum/types.h>

#define PT_LEVELS 4
#define PT_ENTRIES 512

/* Entry bits. */
#define PTE_P BIT(0)		/* present */
#define PTE_RW BIT(1)		/* writable */
#define PTE_US BIT(2)		/* user (every nested-table access is one) */
#define PTE_PWT BIT(3)
#define PTE_PCD BIT(4)		/* with PWT: uncacheable (PAT entry 3) */
#define PTE_A BIT(5)
#define PTE_D BIT(6)
#define PTE_PS BIT(7)		/* in a directory: a 2 MiB page */
#define PTE_G BIT(8)		/* global */
#define PTE_NX BIT(63)		/* no execute (EFER.NXE) */
#define PTE_ADDR_MASK GENMASK(51, 12)

/* The attribute bits a caller may pass (no type or address bits). */
#define PTE_ATTR_MASK (PTE_RW | PTE_US | PTE_PWT | PTE_PCD | PTE_A | PTE_D | \
		       PTE_G | PTE_NX)

struct pgtable_pool {
	uint8_t *base;		/* the pool's pages as the caller sees them */
	uint64_t base_pa;	/* their physical address */
	size_t pages;
	size_t used;
};

struct pgtable {
	struct pgtable_pool *pool;
	uint64_t root_pa;
	size_t tables;		/* pages taken from the pool */
};

/* Take a zeroed top-level table from `pool`.  E_NOMEM if the pool is empty. */
enum err pgtable_init(struct pgtable *pt, struct pgtable_pool *pool) MUST_CHECK;

/*
 * Map [va, va + size) to [pa, pa + size) with attribute bits `attrs` (within
 * PTE_ATTR_MASK).  va must be canonical; all three page-aligned.  Uses 2 MiB
 * pages where both addresses are aligned and `large` is set.  E_BUSY if any
 * part is already mapped (nothing is overwritten), E_INVALID for misaligned
 * or non-canonical input or foreign bits, E_NOMEM if the pool runs out.  Not
 * atomic: on error, a prefix may be mapped.  Upper-level entries allow
 * everything; the last level decides.
 */
enum err pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa,
		     uint64_t size, uint64_t attrs, bool large) MUST_CHECK;

/*
 * Remove every mapping in [va, va + size), page-aligned.  Entries wholly
 * inside the range are cleared at the highest level; a large page only
 * partly inside gives E_INVALID (no splitting).  The caller flushes TLBs.
 */
enum err pgtable_unmap(struct pgtable *pt, uint64_t va, uint64_t size) MUST_CHECK;

/*
 * Translate va: true with the physical address and the leaf entry (its
 * RW bit cleared if any level forbids writes, its NX bit set if any level
 * forbids execution, its US bit cleared if any level is supervisor-only),
 * false if it is not mapped.
 */
bool pgtable_lookup(const struct pgtable *pt, uint64_t va, uint64_t *pa,
		    uint64_t *entry);

#endif /* ARCH_PGTABLE_H */
