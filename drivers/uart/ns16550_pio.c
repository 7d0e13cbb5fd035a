/*
 * 16550-compatible UART in the x86 I/O port space (a PC's COM ports), polled.
 * The instance is the base port (0x3f8 for COM1) in place of a register
 * address.  Line settings are left as firmware programmed them.
 */
#include <arch/pio.h>
#include <septum/drivers/uart.h>

#define RBR 0	/* receive buffer (read) */
#define THR 0	/* transmit holding (write) */
#define IER 1	/* interrupt enable */
#define FCR 2	/* FIFO control (write) */
#define MCR 4	/* modem control */
#define LSR 5	/* line status */

#define IER_RX BIT(0)	/* received data available */
#define FCR_FIFO_ENABLE BIT(0)
#define MCR_OUT2 BIT(3)	/* on a PC, gates the UART's interrupt line */
#define MCR_DTR_RTS (BIT(0) | BIT(1))
#define LSR_DATA_READY BIT(0)
#define LSR_THR_EMPTY BIT(5)

#define EARLY_TX_POLLS 1000000u

static uint16_t port(uintptr_t base, unsigned int reg)
{
	return (uint16_t)(base + reg);
}

static void pio_uart_init(uintptr_t base)
{
	pio_write8(port(base, IER), 0);	/* polled until rx_irq() */
	pio_write8(port(base, FCR), (uint8_t)FCR_FIFO_ENABLE);
	pio_write8(port(base, MCR), (uint8_t)(MCR_OUT2 | MCR_DTR_RTS));
}

static bool pio_uart_tx_ready(uintptr_t base)
{
	return pio_read8(port(base, LSR)) & LSR_THR_EMPTY;
}

static void pio_uart_tx(uintptr_t base, uint8_t c)
{
	pio_write8(port(base, THR), c);
}

static bool pio_uart_rx_ready(uintptr_t base)
{
	return pio_read8(port(base, LSR)) & LSR_DATA_READY;
}

static uint8_t pio_uart_rx(uintptr_t base)
{
	return pio_read8(port(base, RBR));
}

static void pio_uart_rx_irq(uintptr_t base, bool on)
{
	pio_write8(port(base, IER), on ? (uint8_t)IER_RX : 0);
}

void ns16550_pio_early_putc(uintptr_t base, uint8_t c)
{
	for (unsigned int i = 0; i < EARLY_TX_POLLS && !pio_uart_tx_ready(base);
	     i++)
		;
	pio_uart_tx(base, c);
}

const struct uart_ops ns16550_pio_uart_ops = {
	.name = "ns16550_pio",
	.init = pio_uart_init,
	.tx_ready = pio_uart_tx_ready,
	.tx = pio_uart_tx,
	.rx_ready = pio_uart_rx_ready,
	.rx = pio_uart_rx,
	.rx_irq = pio_uart_rx_irq,
};
