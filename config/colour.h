/*
 * Cache colouring: the pages of a coloured cell's RAM are picked from the
 * board RAM nobody else has, of the cell's colours only (a page's colour is
 * the group of last-level cache sets its lines fall in), and laid out
 * contiguously in the cell's guest address space.  See docs/config.md.
 */
#ifndef CONFIG_COLOUR_H
#define CONFIG_COLOUR_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "model.h"

/*
 * Check the hypervisor's colours and every coloured cell's against the
 * board's cache, and place each cell's pages (c->runs, sorted by guest
 * address) in board RAM that the hypervisor, the uncoloured cells and the
 * channels do not have.  Warns about colours two cells (or a cell and the
 * hypervisor) share and about uncoloured cells beside coloured ones.  Run
 * after check_memory(): placement uses what it accepted.
 */
void colour_place(struct m_system *sys, const struct board *b);

/*
 * A coloured hypervisor's memory has enough pages of its colours from
 * `free_from` (after its image and the partition table) for its image of
 * `image_size` bytes and its tables and state; else an error at its size.
 */
void colour_check_hyp(const struct m_system *sys, const struct board *b,
		      uint64_t free_from, uint64_t image_size);

/* The colours of `mask` as a list like "0-3, 8" into buf (len bytes). */
void colour_list_str(uint64_t mask, char *buf, size_t len);

#endif /* CONFIG_COLOUR_H */
