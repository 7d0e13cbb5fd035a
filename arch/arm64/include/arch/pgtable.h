/*
 * VMSAv8-64 translation tables, 4 KiB granule, starting at level 0 (48-bit
 * input addresses) or level 1 (39-bit: stage 2 on CPUs with 40-bit PAs).  Plain C over memory, shared by the hypervisor's own
 * stage-1 tables and (later) the cells' stage-2 tables, and unit-tested on the
 * host.  Callers pass the attribute bits of the descriptors they want; this
 * module owns the descriptor layout and the walk.
 *
 * Tables come from a fixed pool of pages.  The pool is reached through a
 * pointer valid in the caller's current view (physical before the MMU is on,
 * virtual after), while descriptors always hold physical addresses.
 */
#ifndef ARCH_PGTABLE_H
#define ARCH_PGTABLE_H

#include <septum/error.h>
#include <septum/types.h>

#define PT_LEVELS 4
#define PT_ENTRIES 512

/* Descriptor bits (ARM DDI 0487, D8.3). */
#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1)	/* at levels 0-2: next-level table */
#define PTE_PAGE BIT(1)		/* at level 3: must be set */
#define PTE_ATTRINDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_RO BIT(7)	/* AP[2]: read-only */
#define PTE_AP_RES1 BIT(6)	/* AP[1]: RES1 in the EL2 regime */
#define PTE_SH_INNER ((uint64_t)3 << 8)
#define PTE_AF BIT(10)
#define PTE_XN BIT(54)
#define PTE_ADDR_MASK GENMASK(47, 12)

#define PGTABLE_POOL_CHUNKS 16

/* Pages of a pool, contiguous. */
struct pgtable_chunk {
	uint8_t *base;		/* as the caller sees them */
	uint64_t base_pa;	/* their physical address */
	size_t pages;
};

/*
 * Where tables come from: chunks of pages, filled in turn.  When the last
 * is full, `grow` (if any) may add one with pgtable_pool_add().
 *
 * A pool with `linear` set reaches every page it has at linear + its
 * physical address (the hypervisor's window on physical memory), so its
 * chunks may be many single pages scattered in memory (a cache-coloured
 * hypervisor's): when the array is full, the oldest chunk is forgotten
 * (its tables are still reached through the window; `retired` counts it).
 */
struct pgtable_pool {
	struct pgtable_chunk chunk[PGTABLE_POOL_CHUNKS];
	unsigned int chunks;
	size_t last_used;	/* pages taken from the last chunk */
	size_t used;		/* pages taken from all of them */
	bool (*grow)(struct pgtable_pool *pool);
	uintptr_t linear;	/* 0, or where physical address 0 is seen */
	size_t retired;		/* pages of forgotten chunks (linear only) */
	uint64_t free_pa;	/* tables given back, each holding the next's
				 * address in its first word; 0: none */
};

/*
 * Add a chunk to the pool; false if it has PGTABLE_POOL_CHUNKS already
 * (a linear pool forgets its oldest instead).
 */
bool pgtable_pool_add(struct pgtable_pool *pool, void *base, uint64_t base_pa,
		      size_t pages) MUST_CHECK;

/* Pages the pool holds in all. */
size_t pgtable_pool_pages(const struct pgtable_pool *pool);

struct pgtable {
	struct pgtable_pool *pool;
	uint64_t root_pa;
	unsigned int start_level;	/* 0: 48-bit inputs; 1: 39-bit */
	size_t tables;			/* pages taken from the pool */
};

/*
 * Take a zeroed root table from `pool` for a walk starting at `start_level`
 * (0 or 1).  E_NOMEM if the pool is empty, E_INVALID for another level.
 */
enum err pgtable_init(struct pgtable *pt, struct pgtable_pool *pool,
		      unsigned int start_level) MUST_CHECK;

/* Bits of input address the table translates (48 or 39). */
unsigned int pgtable_input_bits(const struct pgtable *pt);

/*
 * Map [va, va + size) to [pa, pa + size) with descriptor attribute bits
 * `attrs` (no type or address bits).  All three must be page-aligned.  Uses
 * 1 GiB / 2 MiB blocks where both addresses are aligned and `blocks` is set.
 * Returns E_BUSY if any part is already mapped (nothing is overwritten),
 * E_INVALID for misaligned input, E_NOMEM if the pool runs out.  Not atomic:
 * on error, a prefix may be mapped.
 */
enum err pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa,
		     uint64_t size, uint64_t attrs, bool blocks) MUST_CHECK;

/*
 * Remove every mapping in [va, va + size), page-aligned.  Entries (tables
 * or blocks) wholly inside the range are cleared at the highest level; a
 * block only partly inside gives E_INVALID (no splitting).  The caller
 * invalidates TLBs.
 */
enum err pgtable_unmap(struct pgtable *pt, uint64_t va, uint64_t size) MUST_CHECK;

/*
 * Take the whole subtree of the root entry that translates va out of pt:
 * the entry is cleared and its descriptor returned (0 if it was invalid).
 * The caller invalidates TLBs (walk caches included), then gives the
 * subtree's tables back with pgtable_release(); nothing else may map in
 * that entry's range meanwhile.
 */
uint64_t pgtable_detach(struct pgtable *pt, uint64_t va);

/* Give the tables of a subtree pgtable_detach() returned back to pt's pool,
 * for its next tables. */
void pgtable_release(struct pgtable *pt, uint64_t desc);

/*
 * Give the page at va a path of its own: build in *copy a table that
 * translates like pt, sharing every table of pt except those on the way to
 * va's level-3 descriptor, which are copies (from pt's pool).  Returns that
 * descriptor in the copy, to change for the copy alone, or NULL: va is not
 * mapped by a page, or the pool ran out (the copy is then incomplete).
 * Mappings added to pt later reach the copy only below the shared tables.
 */
uint64_t *pgtable_private_page(const struct pgtable *pt, struct pgtable *copy,
			       uint64_t va);

/*
 * Walk pt: leaf(arg, va, pa, size, desc) for each valid page or block in
 * address order, and table(arg, pa) (if not NULL) for each table page, the
 * root included.
 */
typedef void pgtable_leaf_fn(void *arg, uint64_t va, uint64_t pa,
			     uint64_t size, uint64_t desc);
typedef void pgtable_table_fn(void *arg, uint64_t pa);
void pgtable_walk(const struct pgtable *pt, pgtable_leaf_fn *leaf,
		  pgtable_table_fn *table, void *arg);

/* The attribute bits of a leaf descriptor (what pgtable_map() takes). */
static inline uint64_t pgtable_attrs(uint64_t desc)
{
	return desc & ~(PTE_ADDR_MASK | PTE_VALID | PTE_PAGE);
}

/*
 * Translate va: returns true and the physical address and leaf descriptor
 * if mapped, false otherwise.
 */
bool pgtable_lookup(const struct pgtable *pt, uint64_t va, uint64_t *pa,
		    uint64_t *desc);

#endif /* ARCH_PGTABLE_H */
