/*
 * NXP i.MX UART ("fsl,imx8mp-uart", "fsl,imx6q-uart", "fsl,imx21-uart"),
 * polled.  Line settings are left as firmware programmed them; init makes
 * sure the UART and both directions are enabled (QEMU's imx8mp-evk, booted
 * straight into Septum, leaves them off, and the transmitter drops bytes
 * while TXEN is clear).  Register map: i.MX 8M Plus reference manual, UART.
 */
#include <septum/abi/config.h>
#include <septum/drivers/uart.h>
#include <septum/mmio.h>

#define URXD 0x00	/* receive data */
#define UTXD 0x40	/* transmit data */
#define UCR1 0x80
#define UCR2 0x84
#define UCR4 0x8c
#define USR2 0x98
#define UTS 0xb4	/* test register: FIFO states */

#define UCR1_UARTEN BIT(0)
#define UCR1_IRQS (BIT(4) | BIT(6) | BIT(9) | BIT(13) | BIT(15))
			/* RTSDEN TXMPTYEN RRDYEN TRDYEN ADEN */
#define UCR2_SRST BIT(0)	/* 0 resets the UART */
#define UCR2_RXEN BIT(1)
#define UCR2_TXEN BIT(2)
#define UCR4_DREN BIT(0)	/* interrupt while received data is ready */
#define USR2_RDR BIT(0)
#define UTS_TXFULL BIT(4)

#define EARLY_TX_POLLS 1000000u

static void set_bits(uintptr_t reg, uint32_t bits)
{
	uint32_t v = mmio_read32(reg);

	if ((v & bits) != bits)
		mmio_write32(reg, v | bits);
}

static void enable(uintptr_t base)
{
	set_bits(base + UCR1, UCR1_UARTEN);
	set_bits(base + UCR2, UCR2_SRST | UCR2_RXEN | UCR2_TXEN);
}

static void imx_init(uintptr_t base)
{
	/* Polled: no interrupts. */
	mmio_write32(base + UCR1, mmio_read32(base + UCR1) & ~(uint32_t)UCR1_IRQS);
	mmio_write32(base + UCR4, mmio_read32(base + UCR4) & ~(uint32_t)UCR4_DREN);
	enable(base);
}

static bool imx_tx_ready(uintptr_t base)
{
	return !(mmio_read32(base + UTS) & UTS_TXFULL);
}

static void imx_tx(uintptr_t base, uint8_t c)
{
	mmio_write32(base + UTXD, c);
}

static bool imx_rx_ready(uintptr_t base)
{
	return mmio_read32(base + USR2) & USR2_RDR;
}

static uint8_t imx_rx(uintptr_t base)
{
	return (uint8_t)mmio_read32(base + URXD);
}

/* DREN: a level interrupt while the receive FIFO holds data. */
static void imx_rx_irq(uintptr_t base, bool on)
{
	uint32_t v = mmio_read32(base + UCR4);

	mmio_write32(base + UCR4, on ? v | (uint32_t)UCR4_DREN
				     : v & ~(uint32_t)UCR4_DREN);
}

void imx_early_putc(uintptr_t base, uint8_t c)
{
	enable(base);
	for (unsigned int i = 0; i < EARLY_TX_POLLS && !imx_tx_ready(base); i++)
		;
	imx_tx(base, c);
}

const struct uart_ops imx_uart_ops = {
	.name = "imx",
	.kind = SEPTUM_UART_IMX,
	.init = imx_init,
	.tx_ready = imx_tx_ready,
	.tx = imx_tx,
	.rx_ready = imx_rx_ready,
	.rx = imx_rx,
	.rx_irq = imx_rx_irq,
};
