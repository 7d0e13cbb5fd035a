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
 * Check every coloured cell's colours against the board's cache, and place
 * its pages (c->runs, sorted by guest address) in board RAM that the
 * hypervisor, the uncoloured cells and the channels do not have.  Warns
 * about colours two cells share and about uncoloured cells beside coloured
 * ones.  Run after check_memory(): placement uses what it accepted.
 */
void colour_place(struct m_system *sys, const struct board *b);

/* The colours of `mask` as a list like "0-3, 8" into buf (len bytes). */
void colour_list_str(uint64_t mask, char *buf, size_t len);

#endif /* CONFIG_COLOUR_H */
