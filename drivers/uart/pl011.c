/*
 * ARM PrimeCell UART (PL011), polled.  Line settings (baud, framing) are left
 * as firmware programmed them; init only makes sure the UART and both
 * directions are enabled.  Register map: ARM DDI 0183.
 */
#include <septum/abi/config.h>
#include <septum/drivers/uart.h>
#include <septum/mmio.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTCR 0x30
#define UARTIMSC 0x38

#define FR_RXFE BIT(4)	/* receive FIFO empty */
#define FR_TXFF BIT(5)	/* transmit FIFO full */

#define CR_UARTEN BIT(0)
#define CR_TXE BIT(8)
#define CR_RXE BIT(9)

/* Polls of a full transmit FIFO before an early byte is given up on. */
#define EARLY_TX_POLLS 1000000u

static void pl011_init(uintptr_t base)
{
	uint32_t cr = mmio_read32(base + UARTCR);

	mmio_write32(base + UARTIMSC, 0);	/* polled: no interrupts */
	mmio_write32(base + UARTCR, cr | (uint32_t)(CR_UARTEN | CR_TXE | CR_RXE));
}

static bool pl011_tx_ready(uintptr_t base)
{
	return !(mmio_read32(base + UARTFR) & FR_TXFF);
}

static void pl011_tx(uintptr_t base, uint8_t c)
{
	mmio_write32(base + UARTDR, c);
}

static bool pl011_rx_ready(uintptr_t base)
{
	return !(mmio_read32(base + UARTFR) & FR_RXFE);
}

static uint8_t pl011_rx(uintptr_t base)
{
	return (uint8_t)mmio_read32(base + UARTDR);
}

#define IMSC_RX (BIT(4) | BIT(6))	/* receive, receive timeout */

static void pl011_rx_irq(uintptr_t base, bool on)
{
	uint32_t imsc = mmio_read32(base + UARTIMSC);

	mmio_write32(base + UARTIMSC, on ? imsc | (uint32_t)IMSC_RX
					 : imsc & ~(uint32_t)IMSC_RX);
}

void pl011_early_putc(uintptr_t base, uint8_t c)
{
	for (unsigned int i = 0; i < EARLY_TX_POLLS && !pl011_tx_ready(base); i++)
		;
	pl011_tx(base, c);
}

const struct uart_ops pl011_uart_ops = {
	.name = "pl011",
	.kind = SEPTUM_UART_PL011,
	.init = pl011_init,
	.tx_ready = pl011_tx_ready,
	.tx = pl011_tx,
	.rx_ready = pl011_rx_ready,
	.rx = pl011_rx,
	.rx_irq = pl011_rx_irq,
};
