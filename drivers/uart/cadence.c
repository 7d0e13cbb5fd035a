/*
 * Cadence UART (r1p12: Xilinx Zynq and ZynqMP, "cdns,uart-r1p12",
 * "xlnx,xuartps"), polled.  Line settings are left as firmware programmed
 * them; init only makes sure both directions are enabled: the UART comes out
 * of reset with its transmitter disabled, so on a board booted straight into
 * Septum (QEMU's xlnx-zcu102) nothing would print until CR enables it.
 * Register map: Zynq UltraScale+ TRM (UG1085), UART module.
 */
#include <septum/abi/config.h>
#include <septum/drivers/uart.h>
#include <septum/mmio.h>

#define CR 0x00		/* control */
#define IER 0x08	/* interrupt enable (write 1 to enable) */
#define IDR 0x0c	/* interrupt disable (write 1 to disable) */
#define ISR 0x14	/* interrupt status (sticky; write 1 to clear) */
#define RXWM 0x20	/* receive FIFO trigger level */
#define SR 0x2c		/* channel status */
#define FIFO 0x30	/* transmit / receive FIFO */

#define CR_RX_EN BIT(2)
#define CR_RX_DIS BIT(3)
#define CR_TX_EN BIT(4)
#define CR_TX_DIS BIT(5)

#define SR_RXEMPTY BIT(1)
#define SR_TXFULL BIT(4)

#define IXR_RXTRIG BIT(0)	/* receive FIFO at its trigger level */
#define IXR_TOUT BIT(8)		/* receive timeout */
#define IXR_ALL 0x3fffu

#define EARLY_TX_POLLS 1000000u

/* Both directions on, their disable bits off (a set DIS bit wins). */
static void enable(uintptr_t base)
{
	uint32_t cr = mmio_read32(base + CR);
	uint32_t want = (cr | (uint32_t)(CR_RX_EN | CR_TX_EN)) &
			~(uint32_t)(CR_RX_DIS | CR_TX_DIS);

	if (cr != want)
		mmio_write32(base + CR, want);
}

static void cadence_init(uintptr_t base)
{
	mmio_write32(base + IDR, IXR_ALL);	/* polled: no interrupts */
	mmio_write32(base + ISR, IXR_ALL);
	enable(base);
}

static bool cadence_tx_ready(uintptr_t base)
{
	return !(mmio_read32(base + SR) & SR_TXFULL);
}

static void cadence_tx(uintptr_t base, uint8_t c)
{
	mmio_write32(base + FIFO, c);
}

/*
 * The receive interrupt's status bits are sticky: they are cleared here,
 * before the FIFO is looked at, so a byte that arrives after the look sets
 * them again and is not left waiting for the next one.
 */
static bool cadence_rx_ready(uintptr_t base)
{
	mmio_write32(base + ISR, IXR_RXTRIG | IXR_TOUT);
	return !(mmio_read32(base + SR) & SR_RXEMPTY);
}

static uint8_t cadence_rx(uintptr_t base)
{
	return (uint8_t)mmio_read32(base + FIFO);
}

static void cadence_rx_irq(uintptr_t base, bool on)
{
	if (on) {
		mmio_write32(base + RXWM, 1);	/* every byte */
		mmio_write32(base + ISR, IXR_RXTRIG);
		mmio_write32(base + IER, IXR_RXTRIG);
	} else {
		mmio_write32(base + IDR, IXR_RXTRIG);
	}
}

void cadence_early_putc(uintptr_t base, uint8_t c)
{
	enable(base);
	for (unsigned int i = 0; i < EARLY_TX_POLLS && !cadence_tx_ready(base);
	     i++)
		;
	cadence_tx(base, c);
}

const struct uart_ops cadence_uart_ops = {
	.name = "cadence",
	.kind = SEPTUM_UART_CADENCE,
	.init = cadence_init,
	.tx_ready = cadence_tx_ready,
	.tx = cadence_tx,
	.rx_ready = cadence_rx_ready,
	.rx = cadence_rx,
	.rx_irq = cadence_rx_irq,
};
