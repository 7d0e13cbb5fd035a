/*
 * 16550-compatible UART, polled.  Two register layouts share the code: byte
 * registers at consecutive addresses ("ns16550", PC-style and most SoCs), and
 * 32-bit registers 4 bytes apart ("ns16550_r32", e.g. Synopsys DesignWare
 * APB UARTs with reg-shift = 2, reg-io-width = 4).  Line settings are left as
 * firmware programmed them.
 */
#include <septum/abi/config.h>
#include <septum/drivers/uart.h>
#include <septum/mmio.h>

#define RBR 0	/* receive buffer (read) */
#define THR 0	/* transmit holding (write) */
#define IER 1	/* interrupt enable */
#define FCR 2	/* FIFO control (write) */
#define LSR 5	/* line status */

#define FCR_FIFO_ENABLE BIT(0)
#define LSR_DATA_READY BIT(0)
#define LSR_THR_EMPTY BIT(5)

#define EARLY_TX_POLLS 1000000u

/* Read/write register `reg` in the byte (r32 false) or 32-bit layout. */
static inline uint8_t reg_read(uintptr_t base, unsigned int reg, bool r32)
{
	return r32 ? (uint8_t)mmio_read32(base + 4 * reg) : mmio_read8(base + reg);
}

static inline void reg_write(uintptr_t base, unsigned int reg, uint8_t v,
			     bool r32)
{
	if (r32)
		mmio_write32(base + 4 * reg, v);
	else
		mmio_write8(base + reg, v);
}

static inline void uart_init(uintptr_t base, bool r32)
{
	reg_write(base, IER, 0, r32);	/* polled: no interrupts */
	reg_write(base, FCR, (uint8_t)FCR_FIFO_ENABLE, r32);
}

static inline bool uart_tx_ready(uintptr_t base, bool r32)
{
	return reg_read(base, LSR, r32) & LSR_THR_EMPTY;
}

static inline bool uart_rx_ready(uintptr_t base, bool r32)
{
	return reg_read(base, LSR, r32) & LSR_DATA_READY;
}

static inline void uart_early_putc(uintptr_t base, uint8_t c, bool r32)
{
	for (unsigned int i = 0; i < EARLY_TX_POLLS && !uart_tx_ready(base, r32);
	     i++)
		;
	reg_write(base, THR, c, r32);
}

#define IER_RX BIT(0)	/* received data available */

static inline void uart_rx_irq(uintptr_t base, bool on, bool r32)
{
	reg_write(base, IER, on ? (uint8_t)IER_RX : 0, r32);
}

static void ns16550_init(uintptr_t b) { uart_init(b, false); }
static bool ns16550_tx_ready(uintptr_t b) { return uart_tx_ready(b, false); }
static void ns16550_tx(uintptr_t b, uint8_t c) { reg_write(b, THR, c, false); }
static bool ns16550_rx_ready(uintptr_t b) { return uart_rx_ready(b, false); }
static uint8_t ns16550_rx(uintptr_t b) { return reg_read(b, RBR, false); }
void ns16550_early_putc(uintptr_t b, uint8_t c) { uart_early_putc(b, c, false); }
static void ns16550_rx_irq(uintptr_t b, bool on) { uart_rx_irq(b, on, false); }

static void ns16550_r32_init(uintptr_t b) { uart_init(b, true); }
static bool ns16550_r32_tx_ready(uintptr_t b) { return uart_tx_ready(b, true); }
static void ns16550_r32_tx(uintptr_t b, uint8_t c) { reg_write(b, THR, c, true); }
static bool ns16550_r32_rx_ready(uintptr_t b) { return uart_rx_ready(b, true); }
static uint8_t ns16550_r32_rx(uintptr_t b) { return reg_read(b, RBR, true); }
void ns16550_r32_early_putc(uintptr_t b, uint8_t c) { uart_early_putc(b, c, true); }
static void ns16550_r32_rx_irq(uintptr_t b, bool on) { uart_rx_irq(b, on, true); }

const struct uart_ops ns16550_uart_ops = {
	.name = "ns16550",
	.kind = 0,	/* a config's 16550 is the 32-bit variant */
	.init = ns16550_init,
	.tx_ready = ns16550_tx_ready,
	.tx = ns16550_tx,
	.rx_ready = ns16550_rx_ready,
	.rx = ns16550_rx,
	.rx_irq = ns16550_rx_irq,
};

const struct uart_ops ns16550_r32_uart_ops = {
	.name = "ns16550_r32",
	.kind = SEPTUM_UART_NS16550,
	.init = ns16550_r32_init,
	.tx_ready = ns16550_r32_tx_ready,
	.tx = ns16550_r32_tx,
	.rx_ready = ns16550_r32_rx_ready,
	.rx = ns16550_r32_rx,
	.rx_irq = ns16550_r32_rx_irq,
};
