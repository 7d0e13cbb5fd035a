/*
 * Generating a Linux cell's device tree from its resolved config: only its CPUs
 * (renumbered from 0), its memory, the virtual GIC and timer, PSCI over HVC, its
 * passed-through devices (interrupts rewritten to the cell's view), its virtual
 * UART as stdout-path, a virtual PCI host for its channels, and /chosen.
 * The layout is documented in docs/config.md.
 */
#ifndef CONFIG_CELLDT_H
#define CONFIG_CELLDT_H

#include "board.h"
#include "model.h"

/*
 * Generate the DTB of every Linux cell that has no DTB image of its own, keep
 * it in the cell (gen_dtb) and, if `dir` is not NULL, write it to
 * <dir>/<cell>.dtb.  Returns 0, or -1 with an error reported.
 */
int celldt_generate_all(struct m_system *sys, const struct board *board,
			const char *dir);

#endif /* CONFIG_CELLDT_H */
