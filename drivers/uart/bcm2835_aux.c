/*
 * The BCM2835/BCM2711 auxiliary "mini UART" ("brcm,bcm2835-aux-uart": the
 * Raspberry Pi's console, the stdout of its device tree), polled.  Its
 * registers are 16550-like, 32 bits wide and 4 bytes apart, from the node's
 * reg (AUX_MU_IO, 0x40 into the auxiliary block); the block's enable
 * register sits 0x3c before it.  Its baud rate derives from the VPU clock:
 * the firmware's `enable_uart=1` fixes that clock, and the line settings are
 * left as firmware programmed them.  Register map: BCM2835 ARM Peripherals,
 * chapter 2 (with its errata: IER bit 0 enables the receive interrupt).
 */
#include <septum/abi/config.h>
#include <septum/drivers/uart.h>
#include <septum/mmio.h>

#define AUX_ENABLES (-0x3c)	/* from AUX_MU_IO */
#define MU_IO 0x00
#define MU_IER 0x04
#define MU_LSR 0x14
#define MU_CNTL 0x20

#define ENABLES_MINI_UART BIT(0)
#define IER_RX BIT(0)
#define LSR_DATA_READY BIT(0)
#define LSR_TX_EMPTY BIT(5)	/* room for at least one byte */
#define CNTL_RX_TX (BIT(0) | BIT(1))

#define EARLY_TX_POLLS 1000000u

static void set_bits(uintptr_t reg, uint32_t bits)
{
	uint32_t v = mmio_read32(reg);

	if ((v & bits) != bits)
		mmio_write32(reg, v | bits);
}

static void enable(uintptr_t base)
{
	set_bits(base + (uintptr_t)AUX_ENABLES, ENABLES_MINI_UART);
	set_bits(base + MU_CNTL, CNTL_RX_TX);
}

static void aux_init(uintptr_t base)
{
	enable(base);
	mmio_write32(base + MU_IER, 0);	/* polled: no interrupts */
}

static bool aux_tx_ready(uintptr_t base)
{
	return mmio_read32(base + MU_LSR) & LSR_TX_EMPTY;
}

static void aux_tx(uintptr_t base, uint8_t c)
{
	mmio_write32(base + MU_IO, c);
}

static bool aux_rx_ready(uintptr_t base)
{
	return mmio_read32(base + MU_LSR) & LSR_DATA_READY;
}

static uint8_t aux_rx(uintptr_t base)
{
	return (uint8_t)mmio_read32(base + MU_IO);
}

static void aux_rx_irq(uintptr_t base, bool on)
{
	mmio_write32(base + MU_IER, on ? (uint32_t)IER_RX : 0);
}

void bcm2835_aux_early_putc(uintptr_t base, uint8_t c)
{
	enable(base);
	for (unsigned int i = 0; i < EARLY_TX_POLLS && !aux_tx_ready(base); i++)
		;
	aux_tx(base, c);
}

const struct uart_ops bcm2835_aux_uart_ops = {
	.name = "bcm2835_aux",
	.kind = SEPTUM_UART_BCM2835_AUX,
	.init = aux_init,
	.tx_ready = aux_tx_ready,
	.tx = aux_tx,
	.rx_ready = aux_rx_ready,
	.rx = aux_rx,
	.rx_irq = aux_rx_irq,
};
