/*
 * Console mux test guest (both cells run it).  Phase 1: print SEQ_LINES
 * numbered lines as fast as the virtual UART takes them; the runner checks
 * every line arrives whole, tagged, in order; then a clear screen and a
 * carriage return, after which the text must carry the tag again.  Phase 2: read console input
 * line by line, interrupt-driven (RX and receive-timeout interrupts of the
 * virtual PL011), and echo "got: <line>" until "quit".
 */
#include <kit/gic.h>
#include <kit/kit.h>

#define UART_INTID 33	/* the virtual PL011's interrupt: SPI 1 */
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define FR_RXFE (1u << 4)
#define IMSC_RX ((1u << 4) | (1u << 6))
#define SEQ_LINES 400

static char line[128];
static volatile unsigned int line_len;
static volatile bool line_done;

/* RX interrupt: take every waiting byte, up to the end of a line. */
static void irq(uint32_t intid)
{
	if (intid != UART_INTID)
		return;
	while (!(kit_read32(KIT_UART + UARTFR) & FR_RXFE)) {
		char c = (char)kit_read32(KIT_UART + UARTDR);

		if (c == '\r' || c == '\n')
			line_done = true;
		else if (line_len < sizeof(line) - 1 && !line_done)
			line[line_len++] = c;
	}
}

static void flood(void)
{
	for (unsigned int n = 0; n < SEQ_LINES; n++) {
		uint32_t h = n * 2654435761u;

		kit_printf("seq %u %08lx%08lx%08lx%08lx%08lx%08lx%08lx%08lx\n", n,
			   (unsigned long)h, (unsigned long)h, (unsigned long)h,
			   (unsigned long)h, (unsigned long)h, (unsigned long)h,
			   (unsigned long)h, (unsigned long)h);
	}
}

static bool is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	flood();
	/* Terminal control: the text after each is tagged again. */
	kit_printf("\033[H\033[2Jcleared\n");
	kit_printf("working\rdone\n");
	kit_gic_route(UART_INTID, 0);
	kit_gic_enable(UART_INTID);
	kit_write32(KIT_UART + UARTIMSC, IMSC_RX);
	kit_irq_enable();
	kit_printf("ready for input\n");
	for (;;) {
		kit_wait_flag(&line_done);
		line[line_len] = '\0';
		kit_printf("got: %s\n", line);
		if (is(line, "quit"))
			return 0;
		line_len = 0;
		line_done = false;
	}
}
