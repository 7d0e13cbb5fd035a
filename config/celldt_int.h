/* Internal interface between the cell device tree generator's files. */
#ifndef CONFIG_CELLDT_INT_H
#define CONFIG_CELLDT_INT_H

#include <stdint.h>

#include "board.h"
#include "model.h"

/* Fixed phandles of a generated tree; copied clocks get phandles from
 * PHANDLE_FIRST_FREE on. */
#define PHANDLE_GIC 1u
#define PHANDLE_CLOCK 2u
#define PHANDLE_FIRST_FREE 3u

/* Write property `prop` = <a-hi a-lo b-hi b-lo>; libfdt error code. */
int dt_u64_pair(void *fdt, const char *prop, uint64_t a, uint64_t b);

/* Write a string property (libfdt's macro for it trips -Wconversion). */
int dt_string(void *fdt, const char *prop, const char *s);

/* Write `interrupts` = <GIC_SPI (vintid - 32) flags>; libfdt error code. */
int dt_spi(void *fdt, uint32_t vintid, uint32_t flags);

/* Write the cell's passed-through devices (and the fixed clocks they use) at
 * the root of the tree being generated; libfdt error code. */
int celldt_write_devices(void *fdt, const struct m_cell *c,
			 const struct board *b);

/* Write the virtual PCI host for the channels of cell `ci`; libfdt error. */
int celldt_write_pci(void *fdt, const struct m_system *sys, uint32_t ci);

#endif /* CONFIG_CELLDT_INT_H */
