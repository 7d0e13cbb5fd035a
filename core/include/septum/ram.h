/*
 * A cell's RAM as the config gives it: uncoloured, each region is one
 * contiguous physical range; coloured (cache colouring, docs/config.md),
 * each region is made of runs of pages scattered in physical memory.  Every
 * user of a cell's RAM -- its stage-2 tables, the loading of its images,
 * its seeds -- goes through these, so neither case is special anywhere else.
 * The config is verified (blob_verify()): runs are sorted, inside regions.
 */
#ifndef SEPTUM_RAM_H
#define SEPTUM_RAM_H

#include <septum/abi/config.h>
#include <septum/types.h>

/* Guest [ipa, ipa + size) is physical [pa, pa + size), with `flags`. */
struct ram_piece {
	ipaddr_t ipa;
	paddr_t pa;
	uint64_t size;
	uint32_t flags;		/* SEPTUM_MEM_* of its region */
};

/*
 * The n-th contiguous piece of cell cfg's RAM (a region, or a coloured
 * cell's run) into *p.  false when there are fewer than n + 1.  Any context.
 */
bool ram_piece(const struct septum_cell *cfg, unsigned int n,
	       struct ram_piece *p);

/*
 * The physical address of guest address `at` in cell cfg's RAM; *contig
 * gets how many bytes from there on are contiguous in both address spaces
 * (to the end of its piece), 0 when `at` is not the cell's RAM (the result
 * is then 0 too).  Any context.
 */
paddr_t ram_pa(const struct septum_cell *cfg, ipaddr_t at, uint64_t *contig);

/*
 * Copy `size` bytes from `src` to the cell's guest address `to`, piece by
 * piece, calling arch_phys_sync() on what it wrote.  false, having copied
 * nothing, when [to, to + size) is not all the cell's RAM.  The RAM must be
 * mapped for the hypervisor (ram_map()).
 */
bool ram_write(const struct septum_cell *cfg, ipaddr_t to, const void *src,
	       uint64_t size);

/*
 * Map cell cfg's RAM for the hypervisor (arch_phys_map()): each region, or
 * for a coloured cell the physical span from its lowest page to its
 * highest (one mapping, not one per run; the tool keeps the span in one
 * bank of RAM).  false when the arch cannot.  Boot CPU.
 */
bool ram_map(const struct septum_cell *cfg);

#endif /* SEPTUM_RAM_H */
