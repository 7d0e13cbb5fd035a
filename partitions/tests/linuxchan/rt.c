/*
 * rt: the bare-metal peer (ID 0) of channel rt-linux in the linuxchan test.
 * It answers the Linux cell's `septum-chan pingpong` (partitions/linux/
 * septum-chan/pingpong.h): every PING gets a PONG with rt's own sequence
 * number, the PING's number and payload, and a CRC-32.  Text messages are
 * echoed back, except "restart", on which rt resets its own cell (PSCI
 * SYSTEM_RESET: only this cell restarts).  When the Linux peer leaves the
 * channel (its state falls back to 0: it powered off) rt powers off too, so
 * the whole system stops and QEMU exits.
 *
 * State protocol: rt sets its state to RT_READY once it serves the rings.
 * It waits RT_UP_DELAY_US after boot first, so a peer watching the state
 * table sees the restart as two distinct changes (0, then RT_READY).
 *
 * The same source is the x86 linuxchan-x86 test's rt, on the x86 kit
 * (partitions/tests-x86/linuxchan-x86/rt.c): only where its system puts the
 * channel and how the doorbell reaches it differ.
 */
#include <stdbool.h>
#include <string.h>

#include <kit/chan.h>
#include <kit/kit.h>

#include "../../linux/septum-chan/pingpong.h"

/* Where the system config (system.dts) puts rt's side of the channel. */
#ifdef __x86_64__
/* Its doorbell: the lowest I/O APIC input from 16 (the tool's default). */
#define RT_CHAN_REGS 0x2000000ul
#define RT_CHAN_GSI 16u
#define RT_CHAN_VECTOR 0x40u

static bool chan_open(struct kit_chan *c)
{
	return kit_chan_open(c, RT_CHAN_REGS, RT_CHAN_GSI, RT_CHAN_VECTOR);
}
#else
#include <kit/gic.h>
#define RT_CHAN_REGS 0x47100000ul
#define RT_CHAN_INTID 72u		/* <0 40 1>: SPI 40 */

static bool chan_open(struct kit_chan *c)
{
	kit_gic_init();
	return kit_chan_open(c, RT_CHAN_REGS, RT_CHAN_INTID);
}
#endif
#define LINUX_ID 1u
#define RT_READY 1u
#define RT_UP_DELAY_US 1000000ull
#define IDLE_WAIT_US 1000000ull
#define SEND_RETRY_US 10ull
#define SEND_RETRIES 100000u

static struct kit_chan ch;
static struct chan_ring ring;
static uint32_t pongs;		/* PONGs sent since this boot */

static void irq(uint32_t intid)
{
	kit_chan_irq(&ch, intid);
}

/* Queue a reply; the Linux side reads as it goes, so a full ring drains. */
static bool reply(const void *msg, uint32_t len)
{
	for (uint32_t i = 0; i < SEND_RETRIES; i++) {
		enum chan_ring_status st = chan_ring_send(&ring, msg, len);

		if (st != CHAN_RING_FULL)
			return st == CHAN_RING_OK;
		kit_chan_notify(&ch, LINUX_ID);
		kit_udelay(SEND_RETRY_US);
	}
	return false;
}

static void answer_ping(const struct pingpong_msg *ping)
{
	uint8_t wire[PINGPONG_MAX_WIRE];
	struct pingpong_msg pong = *ping;

	pong.magic = PINGPONG_PONG;
	pong.seq = pongs;
	pong.echo = ping->seq;
	if (reply(wire, pingpong_encode(&pong, wire)))
		pongs++;
	else
		kit_printf("rt: cannot answer PING %u: the ring stays full\n",
			   ping->seq);
}

static void handle_text(const uint8_t *msg, uint32_t len)
{
	char echo[PINGPONG_SLOT];
	uint32_t n = (uint32_t)strlen(PINGPONG_ECHO_PREFIX);

	if (len == strlen(PINGPONG_RESTART) &&
	    memcmp(msg, PINGPONG_RESTART, len) == 0) {
		kit_printf("rt: restart requested after %u PONGs: resetting "
			   "this cell\n", pongs);
		kit_system_reset();
	}
	kit_printf("rt: got text '%.*s'\n", (int)len, (const char *)msg);
	if (len > chan_ring_max_msg(&ring) - n)
		len = chan_ring_max_msg(&ring) - n;
	memcpy(echo, PINGPONG_ECHO_PREFIX, n);
	memcpy(echo + n, msg, len);
	if (!reply(echo, n + len))
		kit_printf("rt: cannot echo: the ring stays full\n");
}

/* Answer everything queued; false if the peer's ring is corrupt. */
static bool serve(void)
{
	uint8_t msg[PINGPONG_SLOT];
	struct pingpong_msg ping;
	enum chan_ring_status st;
	bool answered = false;
	uint32_t len;

	while ((st = chan_ring_recv(&ring, msg, sizeof(msg), &len)) ==
	       CHAN_RING_OK) {
		if (pingpong_decode(msg, len, &ping) &&
		    ping.magic == PINGPONG_PING)
			answer_ping(&ping);
		else if (pingpong_is_binary(msg, len))
			kit_printf("rt: dropped a malformed PING (%u bytes)\n",
				   len);
		else
			handle_text(msg, len);
		answered = true;
	}
	if (answered)
		kit_chan_notify(&ch, LINUX_ID);
	if (st == CHAN_RING_EMPTY)
		return true;
	kit_printf("rt: the Linux peer's ring is corrupt (status %d)\n", st);
	return false;
}

/* A boot counter in the channel's read/write section (rt's first word). */
static uint32_t count_boot(void)
{
	volatile uint32_t *boots =
		(volatile uint32_t *)(ch.shmem + IVSHMEM_STATE_TABLE_SIZE);

	if (ch.rw_size < sizeof(uint32_t))
		return 0;
	return ++*boots;
}

static void run(void)
{
	bool linux_seen = false;

	for (;;) {
		uint32_t seen = ch.events;

		if (!serve())
			return;
		if (kit_chan_peer_state(&ch, LINUX_ID) != 0) {
			linux_seen = true;
		} else if (linux_seen) {
			kit_printf("rt: linux left the channel: "
				   "powering off\n");
			return;
		}
		kit_chan_wait(&ch, seen, IDLE_WAIT_US);
	}
}

int main(void)
{
	uint32_t boot;

	kit_irq_handler = irq;
	if (!chan_open(&ch)) {
		kit_printf("rt: no ivshmem register page at 0x%lx\n",
			   RT_CHAN_REGS);
		kit_system_off();
	}
	kit_irq_enable();
	if (kit_chan_ring(&ch, &ring, LINUX_ID, PINGPONG_SLOT) !=
	    CHAN_RING_OK) {
		kit_printf("rt: rt-linux's output sections are too small\n");
		kit_system_off();
	}
	boot = count_boot();
	kit_udelay(RT_UP_DELAY_US);
	kit_chan_set_state(&ch, RT_READY);
	kit_printf("rt: rt-linux up: peer %u of %u, boot %u, %u-slot rings\n",
		   ch.id, ch.num_peers, boot, ring.nslots);
	run();
	kit_system_off();
}
