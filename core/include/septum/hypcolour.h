/*
 * The check of a cache-coloured hypervisor: every page of its own memory
 * (its image but the partition table linked into it, its and the cells'
 * translation tables, its scattered state), as its own translation tables
 * map it, has one of its colours.  See docs/config.md, "Cache colouring".
 */
#ifndef SEPTUM_HYPCOLOUR_H
#define SEPTUM_HYPCOLOUR_H

#include <septum/abi/config.h>
#include <septum/arch/mmu.h>
#include <septum/types.h>

/* What the pages seen so far say (hypcolour_tally_*()). */
struct hypcolour_tally {
	uint64_t colours;		/* the hypervisor's */
	unsigned int ncolours;		/* the board's cache's */
	size_t pages[OWN_KINDS];	/* by kind */
	size_t wrong;			/* pages of another colour */
	paddr_t first_wrong;
	enum own_page_kind first_wrong_kind;
	uint64_t seen;			/* colours its pages have (the
					 * partition table's aside) */
};

/* Start a tally for a hypervisor of `colours` of `ncolours`.  Any context. */
void hypcolour_tally_init(struct hypcolour_tally *t, uint64_t colours,
			  unsigned int ncolours);

/* Count one page (an own_page_fn: arg is the tally).  Any context. */
void hypcolour_tally_page(void *arg, paddr_t page, enum own_page_kind kind);

/*
 * Whether every page counted but the partition table's has one of its
 * colours; one line into buf (len bytes) saying so (pages by kind, colours,
 * the cells of `cfg` its colours are shared with and whether they asked for
 * them), or naming the first page of another colour.  Any context.
 */
bool hypcolour_verdict(const struct hypcolour_tally *t,
		       const struct septum_config *cfg, char *buf, size_t len);

/*
 * Walk the hypervisor's tables (arch_mmu_own_pages()) and log the verdict's
 * line, or panic with it: a page of another colour breaks what the config
 * asked for.  Boot CPU, once the cells are built.
 */
void hypcolour_check(void);

#endif /* SEPTUM_HYPCOLOUR_H */
