/*
 * rt: the real-time cell of the soak test (system.dts), peer 0 of channel
 * rt-linux.  Like the demo's rt it runs a 1 kHz periodic task off the EL1
 * virtual timer; each tick (and each doorbell) wakes its main loop, which
 * serves the soak protocol (soak.h): it streams DATA to Linux, checks every
 * message Linux sends (sequence, CRC-32, payload), floods the console with
 * numbered lines and ends each life as the round says (reset itself, on
 * request, or by a fault).  Its counters live in its record in the channel
 * memory, so they add up over all its lives.  When the Linux peer leaves
 * the channel (its state falls back to 0), rt powers off, so the whole
 * system stops and QEMU exits.
 *
 * The kit's vector saves only the general registers and the tick interrupts
 * printf(), which may use FP/SIMD registers: the interrupt path is built for
 * general registers only (RT_IRQ_PATH).
 */
#include <stdbool.h>
#include <stdint.h>

#include <kit/chan.h>
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>

#include "soak.h"

/* Where the system config (system.dts) puts rt's side of the channel. */
#define RT_CHAN_REGS 0x47100000ul
#define RT_CHAN_INTID 72u		/* <0 40 1>: SPI 40 */
#define VTIMER_INTID 27u		/* the EL1 virtual timer's PPI */
#define LINUX_ID 1u
#define RATE_HZ 1000u
/* A reply waits this long at most for room in the ring. */
#define SEND_RETRY_US 10ull
#define SEND_RETRIES 500000u
/* Bad messages reported one by one, then only counted. */
#define BAD_REPORTS 10u

#define RT_IRQ_PATH __attribute__((target("general-regs-only")))

/* The round being played, in this life. */
struct round {
	bool active;
	bool finished;		/* DONE sent: a RESTART may come */
	struct soak_go go;
	uint32_t rx, tx;	/* DATA taken and sent in this round */
	uint32_t first_line;	/* the record's line count at GO */
};

static struct kit_chan ch;
static struct chan_ring ring;
static volatile struct soak_record *rec;	/* in rt's output section */
static struct round cur;
static uint32_t bad_reports;

/* The periodic task, written by its handler only. */
static uint64_t period;
static uint64_t deadline;
static volatile uint32_t ticks;
static volatile uint32_t late;		/* periods skipped: the tick came late */

RT_IRQ_PATH static void on_tick(void)
{
	uint64_t now = kit_counter();

	if (now < deadline)
		return;
	deadline += period;
	if (deadline <= now) {
		/* Arm in the future only: a late tick skips, and counts. */
		late = late + (uint32_t)((now - deadline) / period + 1u);
		deadline = now + period;
	}
	sysreg_write(cntv_cval_el0, deadline);
	__asm__ volatile("isb" : : : "memory");
	ticks = ticks + 1u;
}

RT_IRQ_PATH static void irq(uint32_t intid)
{
	if (intid == VTIMER_INTID)
		on_tick();
	else
		kit_chan_irq(&ch, intid);
}

static void start_ticks(void)
{
	period = kit_counter_freq() / RATE_HZ;
	deadline = kit_counter() + period;
	sysreg_write(cntv_cval_el0, deadline);
	sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	__asm__ volatile("isb" : : : "memory");
	kit_gic_enable(VTIMER_INTID);
}

/* Whatever wakes the main loop: ticks and channel interrupts. */
static uint32_t wakeups(void)
{
	return ticks + __atomic_load_n(&ch.events, __ATOMIC_ACQUIRE);
}

/*
 * Sleep until a tick or a doorbell.  Interrupts are masked from the look
 * at the count to the WFI, so one arriving in between ends the WFI instead
 * of being taken unseen; it is taken right after.
 */
static void sleep_from(uint32_t seen)
{
	kit_irq_disable();
	if (wakeups() == seen) {
		kit_vtimer_unstick();
		__asm__ volatile("wfi" : : : "memory");
	}
	kit_irq_enable();
	__asm__ volatile("isb" : : : "memory");
}

/* Find the record in rt's output section, or start it; count this life. */
static bool record_open(void)
{
	uint64_t off = soak_record_offset(IVSHMEM_STATE_TABLE_SIZE, ch.rw_size,
					  ch.out_size, ch.num_peers, ch.id);

	if (off == 0)
		return false;
	rec = (volatile struct soak_record *)(ch.shmem + off);
	if (rec->magic != SOAK_RECORD_MAGIC) {
		memset((void *)rec, 0, sizeof(*rec));
		rec->magic = SOAK_RECORD_MAGIC;
	}
	rec->t.lives++;
	return true;
}

static void print_line(void)
{
	uint32_t n = rec->t.lines;

	kit_printf(SOAK_LINE_FMT, SOAK_LINE_ARGS(n));
	rec->t.lines = n + 1u;
}

/* The round's console lines due so far. */
static void print_lines(void)
{
	uint32_t due = soak_lines_due(cur.go.lines, cur.rx + cur.tx,
				      2u * cur.go.count);

	while (rec->t.lines - cur.first_line < due)
		print_line();
}

/* Queue one message to Linux; false if the ring is full. */
static bool try_send(uint32_t kind, const void *payload, uint32_t len)
{
	uint8_t wire[SOAK_MAX_WIRE];
	uint32_t n = soak_encode(kind, rec->t.tx_msgs, payload, len, wire);
	enum chan_ring_status st = chan_ring_send(&ring, wire, n);

	if (st == CHAN_RING_FULL)
		return false;
	if (st != CHAN_RING_OK) {
		kit_printf("rt: cannot send to linux: ring status %d\n", st);
		kit_system_off();
	}
	rec->t.tx_msgs++;
	return true;
}

/* A control message: wait for room (Linux keeps draining its ring). */
static void send_reply(uint32_t kind, const void *payload, uint32_t len)
{
	for (uint32_t i = 0; i < SEND_RETRIES; i++) {
		if (try_send(kind, payload, len)) {
			kit_chan_notify(&ch, LINUX_ID);
			return;
		}
		kit_chan_notify(&ch, LINUX_ID);
		kit_udelay(SEND_RETRY_US);
	}
	kit_printf("rt: linux does not drain its ring: message kind %u not "
		   "sent\n", kind);
}

/* Stream this round's DATA while the ring has room; whether any went. */
static bool send_data(void)
{
	uint8_t payload[SOAK_MAX_PAYLOAD];
	bool sent = false;

	while (cur.active && cur.tx < cur.go.count) {
		uint32_t seq = rec->t.tx_msgs;
		uint32_t len = soak_data_fill(SOAK_TO_LINUX, seq, payload);

		if (!try_send(SOAK_DATA, payload, len))
			break;
		rec->t.tx_data++;
		cur.tx++;
		sent = true;
		print_lines();
	}
	return sent;
}

static void complain(const char *what, uint32_t seq)
{
	if (bad_reports++ < BAD_REPORTS)
		kit_printf("rt: bad message from linux: %s (seq %u, expected "
			   "%u)\n", what, seq, rec->rx_next);
}

static void bad(const char *what, uint32_t seq)
{
	rec->t.rx_bad++;
	complain(what, seq);
}

/* The record says this life ends by `method`: account for it, end it. */
__attribute__((noreturn)) static void end_life(uint32_t method)
{
	rec->t.ends[method]++;
	rec->ticks += ticks;
	rec->late += late;
	__asm__ volatile("dsb sy" : : : "memory");
	if (method == SOAK_BY_FAULT) {
		/* The state table is read-only: the hypervisor restarts rt. */
		*(volatile uint32_t *)ch.shmem = 0;
	}
	kit_system_reset();
}

static void start_round(const struct soak_msg *m)
{
	struct soak_go go;

	if (m->len != sizeof(go) || cur.active || cur.finished) {
		bad(m->len != sizeof(go) ? "GO of a bad size" :
		    "a second GO in a life", m->seq);
		return;
	}
	memcpy(&go, m->payload, sizeof(go));
	if (go.round != rec->t.rounds || go.method >= SOAK_METHODS)
		bad("GO for another round or method", m->seq);
	cur = (struct round){ .active = true, .go = go,
			      .first_line = rec->t.lines };
}

static void take_data(const struct soak_msg *m)
{
	if (!cur.active || cur.rx >= cur.go.count) {
		bad("DATA outside a round", m->seq);
		return;
	}
	if (!soak_data_ok(SOAK_TO_RT, m)) {
		bad("DATA payload differs", m->seq);
		return;
	}
	rec->t.rx_data++;
	cur.rx++;
	print_lines();
}

/* END: the totals to Linux, then (counting that message) to the console. */
static void answer_end(void)
{
	struct soak_totals t = rec->t;

	send_reply(SOAK_TOTALS, &t, sizeof(t));
	t = rec->t;
	kit_printf("rt: soak totals: lives %u, rounds %u; from linux: %u "
		   "messages, %u data, %u bad, %u gaps; to linux: %u messages, "
		   "%u data; console lines %u; lives ended by self %u, request "
		   "%u, fault %u; 1 kHz task: %u periods, %u skipped late\n",
		   t.lives, t.rounds, t.rx_msgs, t.rx_data, t.rx_bad, t.rx_gaps,
		   t.tx_msgs, t.tx_data, t.lines, t.ends[SOAK_BY_SELF],
		   t.ends[SOAK_BY_REQUEST], t.ends[SOAK_BY_FAULT],
		   rec->ticks + ticks, rec->late + late);
}

/* Check a message's place in the sequence, then act on it. */
static void handle(const struct soak_msg *m)
{
	if (m->seq > rec->rx_next) {
		rec->t.rx_gaps += m->seq - rec->rx_next;
		complain("messages missing", m->seq);
	} else if (m->seq < rec->rx_next) {
		bad("sequence went back", m->seq);
	}
	rec->rx_next = m->seq + 1u;
	rec->t.rx_msgs++;
	switch (m->kind) {
	case SOAK_DATA:
		take_data(m);
		break;
	case SOAK_GO:
		start_round(m);
		break;
	case SOAK_RESTART:
		if (!cur.finished || cur.go.method == SOAK_BY_SELF)
			bad("RESTART out of turn", m->seq);
		else
			end_life(cur.go.method);
		break;
	case SOAK_END:
		answer_end();
		break;
	default:
		bad("unknown kind", m->seq);
	}
}

/* Take everything Linux queued; whether anything came. */
static bool receive(void)
{
	uint8_t wire[SOAK_SLOT];
	struct soak_msg m;
	enum chan_ring_status st;
	bool got = false;
	uint32_t n;

	while ((st = chan_ring_recv(&ring, wire, sizeof(wire), &n)) ==
	       CHAN_RING_OK) {
		got = true;
		if (soak_decode(wire, n, &m)) {
			handle(&m);
			continue;
		}
		rec->t.rx_msgs++;
		rec->rx_next++;		/* it took a number, whatever it was */
		bad("bad length, magic or CRC-32", rec->rx_next - 1u);
	}
	if (st != CHAN_RING_EMPTY) {
		kit_printf("rt: linux's ring is corrupt (status %d)\n", st);
		kit_system_off();
	}
	return got;
}

/* The round is complete: report, and end the life if it is rt's to end. */
static void finish_round(void)
{
	struct soak_totals t;

	if (!cur.active || cur.rx < cur.go.count || cur.tx < cur.go.count)
		return;
	print_lines();
	cur.active = false;
	cur.finished = true;
	rec->t.rounds++;
	t = rec->t;
	send_reply(SOAK_DONE, &t, sizeof(t));
	if (cur.go.method == SOAK_BY_SELF)
		end_life(SOAK_BY_SELF);
}

static bool serve(void)
{
	bool got = receive();
	bool sent = send_data();

	if (got || sent)
		kit_chan_notify(&ch, LINUX_ID);
	finish_round();
	return got || sent;
}

/*
 * Until Linux's state names this life: it has seen rt go and queued the
 * round.  False if Linux left instead (its state fell to 0; before rt's
 * first life it has simply not started yet).
 */
static bool wait_for_linux(uint32_t life)
{
	for (;;) {
		uint32_t seen = wakeups();
		uint32_t st = kit_chan_peer_state(&ch, LINUX_ID);

		if (st == life)
			return true;
		if (st == 0 && life > 1)
			return false;
		sleep_from(seen);
	}
}

/* Serve the soak until Linux leaves the channel (its state falls to 0). */
static void run(void)
{
	for (;;) {
		uint32_t seen = wakeups();
		bool busy = serve();

		if (kit_chan_peer_state(&ch, LINUX_ID) == 0)
			return;
		if (!busy)
			sleep_from(seen);
	}
}

static void open_channel(void)
{
	if (!kit_chan_open(&ch, RT_CHAN_REGS, RT_CHAN_INTID)) {
		kit_printf("rt: no ivshmem register page at 0x%lx\n",
			   RT_CHAN_REGS);
		kit_system_off();
	}
	if (kit_chan_ring(&ch, &ring, LINUX_ID, SOAK_SLOT) != CHAN_RING_OK ||
	    !record_open()) {
		kit_printf("rt: rt-linux's output sections are too small\n");
		kit_system_off();
	}
}

int main(void)
{
	uint32_t life;

	kit_irq_handler = irq;
	kit_gic_init();
	open_channel();
	start_ticks();
	kit_irq_enable();
	life = rec->t.lives;
	kit_printf("rt: life %u: %u Hz task, %u-slot rings; waiting for linux "
		   "to name this life\n", life, RATE_HZ, ring.nslots);
	if (wait_for_linux(life)) {
		kit_chan_set_state(&ch, life);
		kit_printf("rt: life %u up\n", life);
		run();
	}
	kit_printf("rt: linux left the channel: powering off\n");
	kit_system_off();
}
