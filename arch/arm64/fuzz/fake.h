/*
 * Between the fake arch (fake_arch.c) and the machine that drives it
 * (machine.c): how a CPU leaves the hypervisor, and the fake devices.
 */
#ifndef FUZZ_FAKE_H
#define FUZZ_FAKE_H

#include <septum/drivers/uart.h>
#include "machine.h"

#define FAKE_RAM_SIZE 0x4000u	/* each cell's one region */
#define FAKE_CHAN_SIZE 0x4000u	/* each channel's memory */
/* The free part of the hypervisor's region (hypmem): the cells' vGICs. */
#define FAKE_HYP_PA 0x40f00000u
#define FAKE_HYP_SIZE 0x10000u

/* Where the running CPU went when the machine took it back. */
enum m_left {
	M_LEFT_RETURNED = 0,	/* the exit is handled: back to the guest */
	M_LEFT_PARKED,		/* it sleeps in the hypervisor */
	M_LEFT_ENTERED,		/* it entered its guest afresh */
	M_LEFT_OFF,		/* the hypervisor powered the machine off */
};

/* Take the running CPU back (never returns). */
NORETURN void m_leave(enum m_left how);

/* power_off(): only legitimate once every cell has stopped for good. */
NORETURN void m_power_off(void);

extern const struct uart_ops fake_uart_ops;

/* Backing memory of cell i's region. */
uint8_t *fake_ram(unsigned int cell);

#endif /* FUZZ_FAKE_H */
