/*
 * Reading the system DTS (compiled by dtc) into the model: the binding of
 * docs/config.md.  Only syntax and per-property rules are checked here (missing
 * or unknown properties, malformed values); cross-checks against the board and
 * between cells are in check.c.
 */
#ifndef CONFIG_SYSTEM_H
#define CONFIG_SYSTEM_H

#include "model.h"

/*
 * Fill *sys from the compiled system tree `fdt` (source locations come from
 * the srcmap, which must be loaded).  `board` may receive extra RAM from the
 * system's board-memory property.  Errors go to diag; returns the number of
 * errors found.
 */
unsigned int system_read(struct m_system *sys, const void *fdt,
			 struct board *board);

/* Free what system_read() allocated inside *sys (not *sys itself). */
void system_free(struct m_system *sys);

#endif /* CONFIG_SYSTEM_H */
