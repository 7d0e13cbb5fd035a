/*
 * Two bare-metal cells exchanging interrupts, the board test of every board
 * (`cells-<board>`): both cells run this guest.  Each checks, as TEST lines
 * of its own suite (left: peer 0 of channel link, right: peer 1):
 *
 *   timer       its EL1 virtual timer interrupts it, again and again;
 *   sgi         SGIs it sends itself arrive, each once;
 *   doorbell    doorbells go back and forth with the other cell, each one an
 *               interrupt on the other's CPU;
 *   uart_input  a line typed at the console reaches it through its virtual
 *               UART's receive interrupt (the runner moves the console focus
 *               from left to right).
 *
 * Board-neutral: every board's system (partitions/tests/exchange/<board>.dts)
 * puts the same things at the same guest addresses and interrupts (RAM at
 * KIT_RAM, the channel's registers at LINK_REGS, the virtual UART's
 * interrupt at SPI 1, the doorbell at SPI 10); only the kit's UART and GIC
 * addresses are the board's.
 */
#include <kit/chan.h>
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>

#define LINK_REGS 0x47100000ul	/* system: each peer's `registers` */
#define UART_INTID 33u		/* system: console { interrupt = <0 1 4>; } */
#define DOORBELL_INTID 42u	/* system: the peers' `interrupt = <0 10 1>` */
#define VTIMER_INTID 27u
#define SELF_SGI 1u
#define TIMER_TICKS 20u
#define SGIS 5u
#define ROUND_TRIPS 50u
#define WAIT_US 10000000u	/* the host may not run a vCPU for a while */

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define FR_RXFE (1u << 4)
#define IMSC_RX ((1u << 4) | (1u << 6))

#define STATE_READY 1u
#define STATE_DONE 2u

static struct kit_chan link;
static const char *suite;
static volatile unsigned int timer_hits, sgi_hits;
static char line[64];
static volatile unsigned int line_len;
static volatile bool line_done;

static void take_input(void)
{
	while (!(kit_read32(KIT_UART + UARTFR) & FR_RXFE)) {
		char c = (char)kit_read32(KIT_UART + UARTDR);

		if (c == '\r' || c == '\n')
			line_done = true;
		else if (line_len < sizeof(line) - 1 && !line_done)
			line[line_len++] = c;
	}
}

static void irq(uint32_t intid)
{
	if (intid == VTIMER_INTID) {
		sysreg_write(cntv_ctl_el0, 0);
		timer_hits++;
	} else if (intid == SELF_SGI) {
		sgi_hits++;
	} else if (intid == UART_INTID) {
		take_input();
	} else {
		(void)kit_chan_irq(&link, intid);
	}
}

static void check(const char *name, bool ok)
{
	kit_check(suite, name, ok);
}

/* Wait up to WAIT_US for *count to reach `want`. */
static bool wait_for(const volatile unsigned int *count, unsigned int want)
{
	uint64_t end = kit_counter() + WAIT_US * kit_counter_freq() / 1000000;

	while (*count < want && kit_counter() < end)
		;
	return *count >= want;
}

static bool timer_fires(void)
{
	uint64_t ticks = 500 * kit_counter_freq() / 1000000;	/* 500 us */

	kit_gic_enable(VTIMER_INTID);
	for (unsigned int i = 0; i < TIMER_TICKS; i++) {
		sysreg_write(cntv_tval_el0, ticks);
		sysreg_write(cntv_ctl_el0, 1);
		__asm__ volatile("isb");
		if (!wait_for(&timer_hits, i + 1))
			return false;
	}
	return true;
}

static bool sgis_arrive(void)
{
	kit_gic_enable(SELF_SGI);
	for (unsigned int i = 0; i < SGIS; i++) {
		kit_gic_send_sgi(SELF_SGI, kit_cpu_index());
		if (!wait_for(&sgi_hits, i + 1))
			return false;
	}
	kit_udelay(10000);	/* a second delivery would be late, not missing */
	return sgi_hits == SGIS;
}

/* Wait for the other peer's state to reach `state`. */
static bool peer_reaches(uint32_t peer, uint32_t state)
{
	uint64_t end = kit_counter() + WAIT_US * kit_counter_freq() / 1000000;

	while (kit_chan_peer_state(&link, peer) < state) {
		if (kit_counter() > end)
			return false;
	}
	return true;
}

/*
 * The doorbells each peer has rung, in the channel's read-write section (a
 * word per peer, each on its own 64 bytes).  A state change interrupts the
 * other peers too, so the interrupts taken do not count doorbells by
 * themselves: the peer's READY may arrive before or after this peer opened
 * the channel.
 */
static volatile uint32_t *rings_of(uint32_t peer)
{
	return (volatile uint32_t *)(link.shmem + IVSHMEM_STATE_TABLE_SIZE) +
	       peer * 16u;
}

static void ring(uint32_t other)
{
	__atomic_store_n(rings_of(link.id), *rings_of(link.id) + 1u,
			 __ATOMIC_RELEASE);
	kit_chan_notify(&link, other);
}

/*
 * Wait until the other peer has rung `want` times.  Each ring is an
 * interrupt here: a wait that ends with none taken is a doorbell lost.
 */
static bool rung(uint32_t other, uint32_t want)
{
	for (;;) {
		uint32_t seen = link.events;

		if (__atomic_load_n(rings_of(other), __ATOMIC_ACQUIRE) >= want)
			return true;
		if (kit_chan_wait(&link, seen, WAIT_US) == seen)
			return false;
	}
}

/* Left rings first; each doorbell taken is answered by one. */
static bool doorbells(void)
{
	uint32_t other = link.id ^ 1u;

	if (link.rw_size < 2u * 64u || !peer_reaches(other, STATE_READY))
		return false;
	for (unsigned int i = 1; i <= ROUND_TRIPS; i++) {
		if (link.id == 0)
			ring(other);
		if (!rung(other, i))
			return false;
		if (link.id == 1)
			ring(other);
	}
	return kit_chan_dropped(&link) == 0;
}

static bool input_arrives(void)
{
	kit_gic_route(UART_INTID, 0);
	kit_gic_enable(UART_INTID);
	kit_write32(KIT_UART + UARTIMSC, IMSC_RX);
	kit_printf("ready for input\n");
	kit_wait_flag(&line_done);
	line[line_len] = '\0';
	kit_printf("got: %s\n", line);
	return line_len == 5 && line[0] == 'h' && line[4] == 'o';	/* "hello" */
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	if (!kit_chan_open(&link, LINK_REGS, DOORBELL_INTID)) {
		kit_printf("exchange: no channel at 0x%lx\n", LINK_REGS);
		return 1;
	}
	suite = link.id == 0 ? "left" : "right";
	kit_irq_enable();
	kit_chan_set_state(&link, STATE_READY);
	check("timer", timer_fires());
	check("sgi", sgis_arrive());
	check("doorbell", doorbells());
	check("uart_input", input_arrives());
	kit_chan_set_state(&link, STATE_DONE);
	(void)peer_reaches(link.id ^ 1u, STATE_DONE);
	kit_check_summary();
	return 0;
}
