/*
 * Facts about the board chosen at build time, generated from
 * boards/<board>/board.mk into the build directory.
 */
#ifndef SEPTUM_DRIVERS_BOARD_H
#define SEPTUM_DRIVERS_BOARD_H

#include <septum/types.h>

struct board_info {
	const char *name;
	const char *console_driver;	/* a uart_ops name */
	uint64_t console_pa;		/* the hypervisor console's registers */
	uint64_t dtb_fallback_pa;	/* where to look for a DTB if none is passed */
};

extern const struct board_info board;

/* Early console output: the board's console driver, MMU off, polled. */
void board_early_putc(uint8_t c);

#endif /* SEPTUM_DRIVERS_BOARD_H */
