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
