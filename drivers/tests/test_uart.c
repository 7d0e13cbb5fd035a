/* UART drivers over fake register files. */
#include <septum/test.h>

#include <septum/drivers/uart.h>
#include <string.h>

TEST(uart, pl011_registers)
{
	volatile uint32_t regs[0x40] = { 0 };
	uintptr_t base = (uintptr_t)regs;

	pl011_uart_ops.init(base);
	EXPECT_EQ(regs[0x30 / 4], 0x301);	/* CR: UARTEN, TXE, RXE */
	EXPECT_EQ(regs[0x38 / 4], 0);		/* IMSC: all masked */
	EXPECT(pl011_uart_ops.tx_ready(base));
	pl011_uart_ops.tx(base, 'A');
	EXPECT_EQ(regs[0], 'A');
	regs[0x18 / 4] = 1u << 5;		/* FR.TXFF */
	EXPECT(!pl011_uart_ops.tx_ready(base));
	regs[0x18 / 4] = 1u << 4;		/* FR.RXFE */
	EXPECT(!pl011_uart_ops.rx_ready(base));
	regs[0x18 / 4] = 0;
	regs[0] = 'z';
	EXPECT(pl011_uart_ops.rx_ready(base));
	EXPECT_EQ(pl011_uart_ops.rx(base), 'z');
	regs[0x18 / 4] = 1u << 5;
	pl011_early_putc(base, 'B');		/* bounded wait, then writes */
	EXPECT_EQ(regs[0], 'B');
}

TEST(uart, ns16550_byte_registers)
{
	volatile uint8_t regs[8] = { 0 };
	uintptr_t base = (uintptr_t)regs;

	regs[1] = 0xff;
	ns16550_uart_ops.init(base);
	EXPECT_EQ(regs[1], 0);		/* IER */
	EXPECT_EQ(regs[2], 1);		/* FCR: FIFOs on */
	EXPECT(!ns16550_uart_ops.tx_ready(base));
	regs[5] = 0x20;			/* LSR.THRE */
	EXPECT(ns16550_uart_ops.tx_ready(base));
	ns16550_uart_ops.tx(base, 'q');
	EXPECT_EQ(regs[0], 'q');
	regs[5] = 0x01;			/* LSR.DR */
	EXPECT(ns16550_uart_ops.rx_ready(base));
}

TEST(uart, ns16550_32bit_registers)
{
	volatile uint32_t regs[8] = { 0 };
	uintptr_t base = (uintptr_t)regs;

	ns16550_r32_uart_ops.init(base);
	EXPECT_EQ(regs[2], 1);		/* FCR at 4 * 2 */
	regs[5] = 0x20;
	EXPECT(ns16550_r32_uart_ops.tx_ready(base));
	ns16550_r32_uart_ops.tx(base, 'r');
	EXPECT_EQ(regs[0], 'r');
	ns16550_r32_early_putc(base, 's');
	EXPECT_EQ(regs[0], 's');
}

TEST(uart, table_lookup)
{
	EXPECT(uart_find("pl011") == &pl011_uart_ops);
	EXPECT(uart_find("ns16550_r32") == &ns16550_r32_uart_ops);
	EXPECT(uart_find("pl01") == NULL);
	EXPECT(uart_find("nope") == NULL);
}

TEST(uart, cadence_registers)
{
	volatile uint32_t regs[0x40 / 4] = { 0 };
	uintptr_t base = (uintptr_t)regs;

	regs[0] = 0x28;				/* CR: RX and TX disabled */
	cadence_uart_ops.init(base);
	EXPECT_EQ(regs[0], 0x14);		/* CR: RX_EN, TX_EN */
	EXPECT_EQ(regs[0x0c / 4], 0x3fff);	/* IDR: all off */
	EXPECT(cadence_uart_ops.tx_ready(base));
	cadence_uart_ops.tx(base, 'c');
	EXPECT_EQ(regs[0x30 / 4], 'c');
	regs[0x2c / 4] = 1u << 4;		/* SR.TXFULL */
	EXPECT(!cadence_uart_ops.tx_ready(base));
	regs[0x2c / 4] = 1u << 1;		/* SR.RXEMPTY */
	EXPECT(!cadence_uart_ops.rx_ready(base));
	EXPECT_EQ(regs[0x14 / 4], 0x101);	/* ISR: RXTRIG, TOUT cleared */
	regs[0x2c / 4] = 0;
	EXPECT(cadence_uart_ops.rx_ready(base));
	cadence_uart_ops.rx_irq(base, true);
	EXPECT_EQ(regs[0x20 / 4], 1);		/* RXWM: every byte */
	EXPECT_EQ(regs[0x08 / 4], 1);		/* IER: RXTRIG */
	regs[0] = 0x20;				/* TX disabled again */
	cadence_early_putc(base, 'd');
	EXPECT_EQ(regs[0], 0x14);
	EXPECT_EQ(regs[0x30 / 4], 'd');
}

TEST(uart, imx_registers)
{
	volatile uint32_t regs[0xc0 / 4] = { 0 };
	uintptr_t base = (uintptr_t)regs;

	regs[0x80 / 4] = 1u << 9;		/* UCR1.RRDYEN */
	imx_uart_ops.init(base);
	EXPECT_EQ(regs[0x80 / 4], 1);		/* UCR1: UARTEN, no interrupts */
	EXPECT_EQ(regs[0x84 / 4], 7);		/* UCR2: SRST, RXEN, TXEN */
	EXPECT(imx_uart_ops.tx_ready(base));
	imx_uart_ops.tx(base, 'i');
	EXPECT_EQ(regs[0x40 / 4], 'i');
	regs[0xb4 / 4] = 1u << 4;		/* UTS.TXFULL */
	EXPECT(!imx_uart_ops.tx_ready(base));
	EXPECT(!imx_uart_ops.rx_ready(base));
	regs[0x98 / 4] = 1;			/* USR2.RDR */
	regs[0] = 0x8000 | 'x';			/* URXD: CHARRDY, data */
	EXPECT(imx_uart_ops.rx_ready(base));
	EXPECT_EQ(imx_uart_ops.rx(base), 'x');
	imx_uart_ops.rx_irq(base, true);
	EXPECT_EQ(regs[0x8c / 4], 1);		/* UCR4.DREN */
	imx_uart_ops.rx_irq(base, false);
	EXPECT_EQ(regs[0x8c / 4], 0);
}

TEST(uart, bcm2835_aux_registers)
{
	volatile uint32_t regs[0x80 / 4] = { 0 };
	uintptr_t base = (uintptr_t)&regs[0x40 / 4];	/* AUX_MU_IO */

	regs[1] = 0x4;				/* AUX_ENABLES (0x04): SPI2 only */
	bcm2835_aux_uart_ops.init(base);
	EXPECT_EQ(regs[1], 0x5);		/* and the mini UART */
	EXPECT_EQ(regs[0x60 / 4], 3);		/* CNTL: RX, TX */
	EXPECT(!bcm2835_aux_uart_ops.tx_ready(base));
	regs[0x54 / 4] = 0x20;			/* LSR: TX empty */
	EXPECT(bcm2835_aux_uart_ops.tx_ready(base));
	bcm2835_aux_uart_ops.tx(base, 'm');
	EXPECT_EQ(regs[0x40 / 4], 'm');
	regs[0x54 / 4] = 0x01;			/* LSR: data ready */
	EXPECT(bcm2835_aux_uart_ops.rx_ready(base));
	bcm2835_aux_uart_ops.rx_irq(base, true);
	EXPECT_EQ(regs[0x44 / 4], 1);		/* IER: RX */
	EXPECT(uart_find("bcm2835_aux") == &bcm2835_aux_uart_ops);
}
