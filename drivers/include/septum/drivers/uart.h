/*
 * UART drivers.  Each driver exports one `const struct uart_ops` (it may serve
 * several UARTs: the instance is the register base passed to every call) and,
 * for output before the MMU is on, `<name>_early_putc()`.  The drivers a board
 * links are listed in board.mk; the build generates the one table of them.
 */
#ifndef SEPTUM_DRIVERS_UART_H
#define SEPTUM_DRIVERS_UART_H

#include <septum/types.h>

struct uart_ops {
	const char *name;
	uint32_t kind;	/* enum septum_uart_kind: what a config calls it */
	/* Enable transmit and receive, keeping the line settings firmware chose. */
	void (*init)(uintptr_t base);
	/* Whether the transmitter can take a byte now. */
	bool (*tx_ready)(uintptr_t base);
	/* Queue one byte; only after tx_ready() said yes. */
	void (*tx)(uintptr_t base, uint8_t c);
	/* Whether a received byte is waiting. */
	bool (*rx_ready)(uintptr_t base);
	/* Take one received byte; only after rx_ready() said yes. */
	uint8_t (*rx)(uintptr_t base);
	/* Interrupt (or not) while received bytes wait. */
	void (*rx_irq)(uintptr_t base, bool on);
};

extern const struct uart_ops pl011_uart_ops;
extern const struct uart_ops ns16550_uart_ops;
extern const struct uart_ops ns16550_r32_uart_ops;
extern const struct uart_ops cadence_uart_ops;
extern const struct uart_ops imx_uart_ops;
extern const struct uart_ops bcm2835_aux_uart_ops;
extern const struct uart_ops ns16550_pio_uart_ops;	/* x86 I/O ports */

/*
 * Polled output of one byte with the MMU off, waiting a bounded time for the
 * transmitter.  Pointer-free (no ops table), so it runs at the load address.
 */
void pl011_early_putc(uintptr_t base, uint8_t c);
void ns16550_early_putc(uintptr_t base, uint8_t c);
void ns16550_r32_early_putc(uintptr_t base, uint8_t c);
void cadence_early_putc(uintptr_t base, uint8_t c);
void imx_early_putc(uintptr_t base, uint8_t c);
void bcm2835_aux_early_putc(uintptr_t base, uint8_t c);
void ns16550_pio_early_putc(uintptr_t base, uint8_t c);	/* base: a port */

/* The UART drivers this board links (generated from board.mk). */
extern const struct uart_ops *const uart_drivers[];
extern const unsigned int uart_driver_count;

/* The driver named `name`, or NULL. */
const struct uart_ops *uart_find(const char *name);

/* The linked driver of a config's UART kind (enum septum_uart_kind), or NULL. */
const struct uart_ops *uart_find_kind(uint32_t kind);

#endif /* SEPTUM_DRIVERS_UART_H */
