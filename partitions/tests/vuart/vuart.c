/*
 * The virtual PL011's interrupt line (ARM DDI 0183: UARTINTR is the OR of
 * UARTMIS = UARTRIS & UARTIMSC), seen by a cell of two CPUs.  CPU 0 takes
 * the UART's interrupt; its handler counts each one, notes UARTMIS, and
 * then either masks everything (IMSC = 0) or, for receive, reads the data
 * register empty.  A handler that finds UARTMIS zero counts as a spurious
 * interrupt.  Checks, each a TEST line:
 *
 *   tx_*    with the transmit ring empty TX is raw-pending: unmasking it
 *           raises the line before the next instruction, and once masked
 *           no interrupt follows; with more than half the ring queued
 *           (no line end, so the console holds it) TX is not pending,
 *           unmasking it raises nothing, and the interrupt comes when the
 *           console writes the line out
 *   rx_*    input arriving raises the line; while a byte waits, unmasking
 *           RX raises it at once, masking quiets it, and reading the byte
 *           lowers it although RX stays unmasked
 *   decode_*  the trap's decode, on the UART's registers (the claim the
 *           vCPU used last, as after any print): loads into x19-x28, of
 *           every width with and without sign extension, stores of every
 *           width (the bytes beyond the access not stored) and through the
 *           zero register, a load into it; mask bits that RIS never sets,
 *           so no interrupt
 *   busy_*  while CPU 1 writes lines through the same UART (the console's
 *           lock and its interrupt status updated on that CPU), 200 and
 *           more unmask/mask rounds on CPU 0: every unmask interrupts at
 *           once, and nothing else interrupts
 *
 * Runs under icount (ci/tests.mk): the waits are counts of instructions,
 * the same on any host.
 */
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>

#define UART_INTID 33u		/* the virtual PL011's interrupt: SPI 1 */
#define VTIMER_INTID 27u
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTRIS 0x3c
#define UARTMIS 0x40
#define UARTPCELLID1 0xff4	/* reads 0xf0 */
#define UARTPCELLID3 0xffc	/* reads 0xb1 */
#define IMSC_QUIET 0x781u	/* RIMIM, FEIM, PEIM, BEIM, OEIM: never raw */
#define FR_BUSY (1u << 3)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define HELD_BYTES 1500u	/* over half the console's 2 KiB ring */
#define BUSY_LINES 300u
#define BUSY_ROUNDS 200u
#define QUIET_US 2000u
#define WAIT_S 2u

static const char *suite = "uart";

/* What the handler does, and what it saw. */
static volatile enum { MASK, DRAIN } mode;
static volatile unsigned int hits, spurious;
static volatile uint32_t last_mis;
static volatile bool woke, timed_out;
static volatile bool busy_done;

static void uart_irq(void)
{
	uint32_t mis = kit_read32(KIT_UART + UARTMIS);

	last_mis = mis;
	if (!mis)
		spurious++;
	if (mode == MASK)
		kit_write32(KIT_UART + UARTIMSC, 0);
	else
		while (!(kit_read32(KIT_UART + UARTFR) & FR_RXFE))
			(void)kit_read32(KIT_UART + UARTDR);
	hits++;
	woke = true;
}

static void irq(uint32_t intid)
{
	if (intid == UART_INTID) {
		uart_irq();
	} else if (intid == VTIMER_INTID) {
		sysreg_write(cntv_ctl_el0, 0);
		timed_out = true;
		woke = true;
	}
}

static void check(const char *name, bool ok)
{
	kit_check(suite, name, ok);
}

/*
 * Write IMSC; whether the handler ran before the very next instruction
 * (one asm statement: the store, then the load of the count).
 */
static bool raises_now(uint32_t imsc)
{
	unsigned int before = hits, after;

	__asm__ volatile("str %w[v], [%[a]]\n\tldr %w[h], [%[p]]"
			 : [h] "=&r"(after)
			 : [v] "r"(imsc), [a] "r"(KIT_UART + UARTIMSC),
			   [p] "r"(&hits)
			 : "memory");
	return after == before + 1;
}

/* No interrupt for QUIET_US, and none masked-pending either. */
static bool quiet(void)
{
	unsigned int before = hits;

	kit_udelay(QUIET_US);
	return hits == before && kit_read32(KIT_UART + UARTMIS) == 0;
}

/* Sleep until the UART's interrupt, or WAIT_S seconds: whether it came. */
static bool wait_uart(void)
{
	unsigned int before = hits;

	timed_out = false;
	woke = false;
	sysreg_write(cntv_tval_el0, WAIT_S * kit_counter_freq());
	sysreg_write(cntv_ctl_el0, 1);
	while (hits == before && !timed_out) {
		kit_wait_flag(&woke);
		woke = false;
	}
	sysreg_write(cntv_ctl_el0, 0);
	return hits == before + 1;
}

/* Whatever was printed has reached the UART (bounded). */
static void wait_tx_empty(void)
{
	for (unsigned int i = 0; i < 1000; i++) {
		if (!(kit_read32(KIT_UART + UARTFR) & FR_BUSY))
			return;
		kit_udelay(1000);
	}
}

/* A load of the UART at `off` by `insn` (its destination %0) into a
 * register of x19-x28 holding all ones before. */
#define LOAD_INTO(reg, insn, off, out)					\
	__asm__ volatile("mov " reg ", #-1\n\t" insn "\n\tmov %0, " reg	\
			 : "=r"(out) : "r"(KIT_UART + (off)) : reg, "memory")

static void decode_checks(void)
{
	uintptr_t imsc = KIT_UART + UARTIMSC;
	uint64_t a, b, c, d, e;

	kit_write32(imsc, IMSC_QUIET);
	LOAD_INTO("x19", "ldr w19, [%1]", UARTIMSC, a);
	LOAD_INTO("x28", "ldr x28, [%1]", UARTIMSC, b);
	LOAD_INTO("x24", "ldrh w24, [%1]", UARTIMSC, c);
	LOAD_INTO("x21", "ldrb w21, [%1]", UARTIMSC, d);
	check("decode_load_x19_x28", a == IMSC_QUIET && b == IMSC_QUIET &&
	      c == IMSC_QUIET && d == (IMSC_QUIET & 0xff));
	LOAD_INTO("x20", "ldrsb x20, [%1]", UARTPCELLID1, a);
	LOAD_INTO("x22", "ldrsb w22, [%1]", UARTPCELLID1, b);
	LOAD_INTO("x23", "ldrsh x23, [%1]", UARTPCELLID1, c);
	LOAD_INTO("x25", "ldrsw x25, [%1]", UARTPCELLID3, d);
	__asm__ volatile("ldrsb %0, [%1]" : "=r"(e)
			 : "r"(KIT_UART + UARTPCELLID3) : "memory");
	check("decode_sign_extension", a == 0xfffffffffffffff0ull &&
	      b == 0xfffffff0ull && c == 0xf0 && d == 0xb1 &&
	      e == 0xffffffffffffffb1ull);
	__asm__ volatile("strb %w0, [%1]" : : "r"(0xabcd0701u), "r"(imsc)
			 : "memory");
	a = kit_read32(imsc);
	__asm__ volatile("strh %w0, [%1]" : : "r"(0xabcd0780u), "r"(imsc)
			 : "memory");
	b = kit_read32(imsc);
	__asm__ volatile("str %0, [%1]" : : "r"(0xffffffff00000781ull),
			 "r"(imsc) : "memory");
	c = kit_read32(imsc);
	check("decode_store_widths", a == 0x01 && b == 0x780 && c == 0x781);
	__asm__ volatile("ldr wzr, [%0]\n\tstr wzr, [%0]" : : "r"(imsc)
			 : "memory");
	check("decode_zero_register", kit_read32(imsc) == 0);
}

static void tx_checks(void)
{
	bool full_not_pending, full_quiet, drained;
	unsigned int before;

	mode = MASK;
	wait_tx_empty();
	check("tx_pending_with_room",
	      (kit_read32(KIT_UART + UARTRIS) & INT_TX) != 0);
	check("tx_unmask_raises", raises_now(INT_TX) && (last_mis & INT_TX));
	check("tx_masked_quiet", quiet());
	/*
	 * A partial line the console holds: more than half the ring.  The
	 * checks print after the line is ended (a line end lets it out).
	 */
	for (unsigned int i = 0; i < HELD_BYTES; i++) {
		while (kit_read32(KIT_UART + UARTFR) & FR_TXFF)
			;
		kit_write32(KIT_UART + UARTDR, 'x');
	}
	full_not_pending = !(kit_read32(KIT_UART + UARTRIS) & INT_TX);
	before = hits;
	full_quiet = !raises_now(INT_TX) && hits == before;
	drained = wait_uart() && (last_mis & INT_TX);
	kit_printf("\n");
	check("tx_full_not_pending", full_not_pending);
	check("tx_full_unmask_quiet", full_quiet);
	check("tx_drained_raises", drained);
}

static void rx_checks(void)
{
	mode = MASK;
	woke = false;
	kit_write32(KIT_UART + UARTIMSC, INT_RX | INT_RT);
	kit_printf("ready for input\n");
	kit_wait_flag(&woke);	/* the runner types one byte */
	check("rx_arrival_raises", (last_mis & INT_RX) != 0);
	check("rx_pending_masked", (kit_read32(KIT_UART + UARTRIS) & INT_RX) &&
				   !(kit_read32(KIT_UART + UARTFR) & FR_RXFE));
	check("rx_unmask_raises", raises_now(INT_RX) && (last_mis & INT_RX));
	check("rx_masked_quiet", quiet() &&
				 (kit_read32(KIT_UART + UARTRIS) & INT_RX));
	check("rx_unmask_again_raises", raises_now(INT_RX | INT_RT));
	mode = DRAIN;
	check("rx_read_lowers", raises_now(INT_RX | INT_RT) && quiet() &&
				kit_read32(KIT_UART + UARTIMSC) ==
					(INT_RX | INT_RT));
	kit_write32(KIT_UART + UARTIMSC, 0);
}

/*
 * CPU 1: lines through the UART, each written out before the next, so
 * that the ring never holds more than a line: TX stays raw-pending
 * throughout, whatever the UART's pace, and every unmask on CPU 0 must
 * raise the line.
 */
static void busy_writer(unsigned int cpu)
{
	(void)cpu;
	for (unsigned int i = 0; i < BUSY_LINES; i++) {
		kit_printf("busy %u: the second CPU writes while the first "
			   "masks and unmasks\n", i);
		while (kit_read32(KIT_UART + UARTFR) & FR_BUSY)
			;
	}
	__atomic_store_n(&busy_done, true, __ATOMIC_RELEASE);
}

static void busy_checks(void)
{
	unsigned int rounds = 0, late = 0, first = hits;

	mode = MASK;
	spurious = 0;
	if (kit_cpu_on(1, busy_writer) != PSCI_SUCCESS) {
		check("busy_writer_started", false);
		return;
	}
	while (rounds < BUSY_ROUNDS ||
	       !__atomic_load_n(&busy_done, __ATOMIC_ACQUIRE)) {
		if (!raises_now(INT_TX))
			late++;
		rounds++;
	}
	check("busy_unmask_raises", late == 0);
	check("busy_nothing_else", spurious == 0 && hits - first == rounds &&
				   quiet());
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	kit_gic_route(UART_INTID, 0);
	kit_gic_enable(UART_INTID);
	kit_gic_enable(VTIMER_INTID);
	kit_write32(KIT_UART + UARTIMSC, 0);
	kit_irq_enable();
	decode_checks();
	tx_checks();
	rx_checks();
	busy_checks();
	kit_check_summary();
	return 0;
}
