/*
 * Benchmark: the IVSHMEM channel (system.dts here; the method and what each
 * figure includes are in docs/performance.md).  One image plays both ends:
 *
 *   tx  peer 0, on CPU 0: rings the doorbells and sends the data;
 *   rx  peer 1, on CPU 1: takes the doorbells and receives the data.
 *
 * In Septum the two ends are the cells `tx` and `rx` and the channel is the
 * hypervisor's.  Natively (QEMU at EL1, no hypervisor) CPU 0 is tx and
 * starts CPU 1 as rx, the "channel" is plain RAM at the same address and
 * a notification is an SGI: the same ring code over the same memory, with
 * the cheapest notification the hardware has.
 *
 * Metrics:
 *   doorbell            ns     tx's doorbell write to the first instruction
 *                              of rx's interrupt handler (Septum only)
 *   doorbell_send       ns     the doorbell write as tx sees it: from the
 *                              instruction before to the one after
 *                              (Septum only)
 *   channel_throughput  MiB/s  4 KiB messages through the ring, per chunk
 *                              of 256 KiB, as rx receives them
 */
#include <kit/chan.h>

#include "../bench.h"

/* The channel `chan` of system.dts, at the same addresses in both cells. */
#define CHAN_SHMEM 0x48000000ul
#define CHAN_REGS 0x48100000ul
#define CHAN_INTID (32u + 40u)	/* SPI 40 */
#define CHAN_RW_SIZE 0x1000u
#define CHAN_OUT_SIZE 0x21000u
#define NATIVE_SGI 1u

#define TX 0u
#define RX 1u
#define ST_UP 1u	/* state: this end is open and listening */

/* A message: 4 KiB, numbered in its first word. */
#define MSG_BYTES 4096u
#define SLOT_SIZE (MSG_BYTES + 8u)	/* + length word, 8-byte multiple */
#define CHUNK_MSGS 64u			/* a throughput sample: 256 KiB */
#define CHUNK_BYTES ((uint64_t)CHUNK_MSGS * MSG_BYTES)

/* Sample counts: the runner's parameters, else the full run's. */
#define DEF_DOORBELLS 1000u
#define MAX_DOORBELLS 10000u
#define DEF_CHUNKS 64u			/* 16 MiB */
#define MAX_CHUNKS 1024u

/* Each end's mailbox: its own lane of its output section (no ring uses it). */
struct tx_box {
	volatile uint32_t doorbells;	/* the run's parameters */
	volatile uint32_t chunks;
	volatile uint32_t seq;		/* doorbell sample being rung */
	volatile uint32_t pad;
	volatile uint64_t t0;		/* counter just before that doorbell */
};

struct rx_box {
	volatile uint32_t ready;	/* rx waits for doorbell sample `ready`;
					 * doorbells + 1: for the data */
	volatile uint32_t done;		/* rx has measured everything */
	volatile uint32_t printed;	/* natively: rx's results are out */
};

#define LANE_SIZE ((CHAN_OUT_SIZE / 2u) & ~63u)
#define OUT_SECTION(id) \
	(CHAN_SHMEM + IVSHMEM_STATE_TABLE_SIZE + CHAN_RW_SIZE + \
	 (uintptr_t)(id) * CHAN_OUT_SIZE)
#define TX_BOX ((struct tx_box *)(OUT_SECTION(TX) + TX * LANE_SIZE))
#define RX_BOX ((struct rx_box *)(OUT_SECTION(RX) + RX * LANE_SIZE))

/* One end of the channel, as this CPU sees it. */
struct link {
	struct kit_chan ch;	/* natively: a stand-in over plain RAM */
	bool native;
	uint32_t peer;
	struct chan_ring ring;
	volatile uint64_t irq_at;	/* counter at the handler, last event */
	volatile uint32_t irq_seq;	/* tx's seq the handler saw then */
};

static struct link links[2];
static struct link *cpu_link[KIT_MAX_CPUS];
static volatile bool failed;	/* natively: shared by both CPUs */

static uint64_t doorbell[MAX_DOORBELLS];
static uint64_t doorbell_send[MAX_DOORBELLS];
static uint64_t throughput[MAX_CHUNKS];
static uint8_t tx_msg[MSG_BYTES];
static uint8_t rx_msg[MSG_BYTES];

/* Time first, so the figure ends at the handler's first instruction. */
static void irq(uint32_t intid)
{
	uint64_t now = kit_counter();
	struct link *l = cpu_link[kit_cpu_index()];

	if (l && kit_chan_irq(&l->ch, intid)) {
		l->irq_at = now;
		l->irq_seq = TX_BOX->seq;
	}
}

static void fail(const char *what, int status)
{
	failed = true;
	kit_printf("BENCH error %s (status %d)\n", what, status);
}

static void link_notify(const struct link *l)
{
	if (l->native) {
		__asm__ volatile("dsb ish" : : : "memory");
		kit_gic_send_sgi(NATIVE_SGI, l->peer);
	} else {
		kit_chan_notify(&l->ch, l->peer);
	}
}

static void link_set_state(const struct link *l, uint32_t state)
{
	if (l->native) {
		__atomic_store_n((uint32_t *)l->ch.shmem + l->ch.id, state,
				 __ATOMIC_RELEASE);
		link_notify(l);
	} else {
		kit_chan_set_state(&l->ch, state);
	}
}

/* Sleep on the link's events until *word == want. */
static void wait_for(struct link *l, const volatile uint32_t *word,
		     uint32_t want)
{
	for (;;) {
		uint32_t seen = l->ch.events;

		if (__atomic_load_n(word, __ATOMIC_ACQUIRE) == want)
			return;
		bench_wait_event(&l->ch.events, seen);
	}
}

static void wait_peer_up(struct link *l)
{
	wait_for(l, (const volatile uint32_t *)l->ch.shmem + l->peer, ST_UP);
}

/*
 * Natively: the same layout in plain RAM, the peer on the CPU of its ID,
 * SGIs for notifications.  The real GIC's SGIs must be Group 1 first.
 */
static void open_native(struct link *l, uint32_t id)
{
	l->native = true;
	l->ch.shmem = (uint8_t *)CHAN_SHMEM;
	l->ch.id = id;
	l->ch.num_peers = 2;
	l->ch.rw_size = CHAN_RW_SIZE;
	l->ch.out_size = CHAN_OUT_SIZE;
	l->ch.irq = NATIVE_SGI;
	bench_native_gic_cpu();
	kit_gic_enable(NATIVE_SGI);
}

/* This CPU's end: open, rings attached, interrupts on, state UP. */
static bool open_link(uint32_t id, bool native)
{
	struct link *l = &links[id];
	enum chan_ring_status st;

	if (native)
		open_native(l, id);
	else if (!kit_chan_open(&l->ch, CHAN_REGS, CHAN_INTID) ||
		 l->ch.id != id) {
		fail("the channel did not open as expected", (int)l->ch.id);
		return false;
	}
	l->peer = id ^ 1u;
	cpu_link[kit_cpu_index()] = l;
	st = kit_chan_ring(&l->ch, &l->ring, l->peer, SLOT_SIZE);
	if (st != CHAN_RING_OK) {
		fail("ring attach", (int)st);
		return false;
	}
	kit_irq_enable();
	link_set_state(l, ST_UP);
	return true;
}

/*
 * Doorbell samples, tx side: for each, wait until rx sleeps for it, then
 * publish the time and the number and ring.  The wait for the data phase
 * is the same call, so the last sample's path into sleep is no different.
 */
static void tx_doorbells(struct link *l, uint32_t n)
{
	struct tx_box *box = TX_BOX;

	for (uint32_t i = 1;; i++) {
		uint64_t t0;

		wait_for(l, &RX_BOX->ready, i);
		if (i > n)
			return;
		t0 = kit_counter();
		box->t0 = t0;
		__atomic_store_n(&box->seq, i, __ATOMIC_RELEASE);
		link_notify(l);
		doorbell_send[i - 1] = bench_ns(kit_counter() - t0);
	}
}

/* Doorbell samples, rx side: say ready, sleep, take the handler's time. */
static void rx_doorbells(struct link *l, uint32_t n)
{
	for (uint32_t i = 1; i <= n; i++) {
		__atomic_store_n(&RX_BOX->ready, i, __ATOMIC_RELEASE);
		link_notify(l);
		wait_for(l, &l->irq_seq, i);
		doorbell[i - 1] = bench_ns(l->irq_at - TX_BOX->t0);
	}
}

/* Queue what fits; false on a ring error. */
static bool tx_fill(struct link *l, uint32_t total, uint32_t *sent)
{
	while (*sent < total) {
		enum chan_ring_status st;

		memcpy(tx_msg, sent, sizeof(*sent));
		st = chan_ring_send(&l->ring, tx_msg, MSG_BYTES);
		if (st == CHAN_RING_FULL)
			return true;
		if (st != CHAN_RING_OK) {
			fail("ring send", (int)st);
			return false;
		}
		++*sent;
	}
	return true;
}

/* Throughput, tx side: fill the ring, ring, sleep until rx made room. */
static void tx_stream(struct link *l, uint32_t chunks)
{
	uint32_t total = chunks * CHUNK_MSGS, sent = 0;

	while (sent < total) {
		uint32_t seen = l->ch.events, before = sent;

		if (!tx_fill(l, total, &sent))
			return;
		if (sent != before)
			link_notify(l);
		else
			bench_wait_event(&l->ch.events, seen);
	}
}

/* MiB/s in tenths, for `bytes` in `ticks`. */
static uint64_t mib_per_s_x10(uint64_t bytes, uint64_t ticks)
{
	uint64_t ns = bench_ns(ticks);

	return ns ? bytes * 10u * NS_PER_S / ns / (1024u * 1024u) : 0;
}

/* Take what is queued, timing each chunk; false on a bad message. */
static bool rx_drain(struct link *l, uint32_t total, uint32_t *got,
		     uint64_t *t_prev)
{
	enum chan_ring_status st = CHAN_RING_OK;
	uint32_t len, seq;

	while (*got < total &&
	       (st = chan_ring_recv(&l->ring, rx_msg, sizeof(rx_msg), &len)) ==
		       CHAN_RING_OK) {
		memcpy(&seq, rx_msg, sizeof(seq));
		if (len != MSG_BYTES || seq != *got) {
			fail("bad message", (int)seq);
			return false;
		}
		if (++*got % CHUNK_MSGS == 0) {
			uint64_t now = kit_counter();

			throughput[*got / CHUNK_MSGS - 1] =
				mib_per_s_x10(CHUNK_BYTES, now - *t_prev);
			*t_prev = now;
		}
	}
	if (st != CHAN_RING_OK && st != CHAN_RING_EMPTY) {
		fail("ring receive", (int)st);
		return false;
	}
	return true;
}

/*
 * Throughput, rx side: say go (ready = doorbells + 1), then drain and ring
 * back until all came.
 */
static void rx_stream(struct link *l, uint32_t doorbells, uint32_t chunks)
{
	uint32_t total = chunks * CHUNK_MSGS, got = 0;
	uint64_t t_prev = kit_counter();

	__atomic_store_n(&RX_BOX->ready, doorbells + 1, __ATOMIC_RELEASE);
	link_notify(l);
	while (got < total) {
		uint32_t seen = l->ch.events, before = got;

		if (!rx_drain(l, total, &got, &t_prev))
			return;
		if (got == before)
			bench_wait_event(&l->ch.events, seen);
		else if (got < total)
			link_notify(l);
	}
}

/*
 * Each end prints only once rx has measured everything: under QEMU's
 * round-robin scheduling a printing CPU keeps the host thread, and its
 * console traps would land inside the other end's last sample.
 */
/* The doorbell has no native counterpart: natively there are none. */
static uint32_t doorbell_count(bool native)
{
	return native ? 0 : TX_BOX->doorbells;
}

static void tx_run(bool native)
{
	struct link *l = &links[TX];
	uint32_t doorbells = doorbell_count(native);

	if (!open_link(TX, native))
		return;
	wait_peer_up(l);
	tx_doorbells(l, doorbells);
	tx_stream(l, TX_BOX->chunks);
	wait_for(l, &RX_BOX->done, 1);
	if (doorbells && !failed)
		bench_print("doorbell_send", "ns", doorbell_send, doorbells, 0);
}

static void rx_run(bool native)
{
	struct link *l = &links[RX];
	uint32_t doorbells, chunks;

	if (!open_link(RX, native))
		return;
	/* tx wrote the parameters before it said UP. */
	wait_peer_up(l);
	doorbells = doorbell_count(native);
	chunks = TX_BOX->chunks;
	rx_doorbells(l, doorbells);
	rx_stream(l, doorbells, chunks);
	__atomic_store_n(&RX_BOX->done, 1, __ATOMIC_RELEASE);
	link_notify(l);
	if (!failed) {
		if (doorbells)
			bench_print("doorbell", "ns", doorbell, doorbells, 0);
		bench_print("channel_throughput", "MiB/s", throughput, chunks,
			    1);
	}
	if (native) {
		/* CPU 0 powers the machine off once this is out. */
		__atomic_store_n(&RX_BOX->printed, 1, __ATOMIC_RELEASE);
		link_notify(l);
	}
}

/* The run's parameters go into tx's mailbox, where rx reads them. */
static void tx_params(void)
{
	bench_load_params();
	TX_BOX->doorbells = bench_param("doorbells", DEF_DOORBELLS,
					MAX_DOORBELLS);
	TX_BOX->chunks = bench_param("chunks", DEF_CHUNKS, MAX_CHUNKS);
}

static void native_rx(unsigned int cpu)
{
	(void)cpu;
	kit_gic_init_cpu();
	rx_run(true);
}

/* Nothing is printed before the end: see docs/performance.md. */
int main(void)
{
	bool septum = bench_in_septum();

	kit_irq_handler = irq;
	kit_gic_init();
	if (septum) {
		/* Which end this cell is: its peer ID on the channel. */
		if (kit_read32(CHAN_REGS + IVSHMEM_REG_ID) == TX) {
			tx_params();
			tx_run(false);
		} else {
			rx_run(false);
		}
	} else {
		tx_params();
		if (kit_cpu_on(RX, native_rx) == PSCI_SUCCESS) {
			tx_run(true);
			wait_for(&links[TX], &RX_BOX->printed, 1);
		} else {
			fail("CPU 1 did not start", 0);
		}
	}
	bench_mode_line(septum);
	return 0;
}
