/*
 * ping: drives the channel test.  Each round it streams numbered, checksummed
 * messages to pong and checks pong's echoes, sleeping on doorbells whenever
 * it can neither send nor receive; between rounds it watches pong die and
 * come back through the state table (the handshake is in shared.h).
 */
#include <kit/gic.h>

#include "shared.h"

#define TEST_MAIN
#include <septum/test.h>

static struct kit_chan ch;
static struct chan_ring ring;
static bool broken;	/* a handshake failed: later steps cannot work */

static void irq(uint32_t intid)
{
	(void)kit_chan_irq(&ch, intid);
}

struct round_stats {
	uint32_t waits;		/* sleeps until a doorbell */
	uint32_t doorbells;	/* rung at pong */
	uint32_t full;		/* sends refused: the ring was full */
};

/* Everything pong echoed so far: false on a bad message. */
static bool receive(uint32_t n, uint32_t *got, bool *progress)
{
	struct msg m;
	uint32_t len;
	enum chan_ring_status st = CHAN_RING_OK;

	while (*got < n && (st = chan_ring_recv(&ring, &m, sizeof(m),
						&len)) == CHAN_RING_OK) {
		if (!msg_ok(&m, len, *got, DIR_PONG)) {
			kit_printf("echo %u: bad (seq %u, %u bytes)\n", *got,
				   m.seq, len);
			return false;
		}
		++*got;
		*progress = true;
	}
	if (st != CHAN_RING_OK && st != CHAN_RING_EMPTY) {
		kit_printf("echo %u: ring status %d\n", *got, (int)st);
		return false;
	}
	return true;
}

/*
 * As many messages as the ring and the window (messages not yet echoed)
 * take: false on a ring error.
 */
static bool send(uint32_t n, uint32_t window, uint32_t got, uint32_t *sent,
		 bool *progress, struct round_stats *s)
{
	struct msg m;

	while (*sent < n && *sent - got < window) {
		enum chan_ring_status st;

		msg_fill(&m, *sent, DIR_PING);
		st = chan_ring_send(&ring, &m,
				    MSG_HDR + msg_len(*sent, DIR_PING));
		if (st == CHAN_RING_FULL) {
			s->full++;
			return true;
		}
		if (st != CHAN_RING_OK) {
			kit_printf("message %u: ring status %d\n", *sent,
				   (int)st);
			return false;
		}
		++*sent;
		*progress = true;
	}
	return true;
}

/* Round `life`: every message to pong and every echo back, checked. */
static bool ping_pong(uint32_t life)
{
	uint32_t n = round_msgs(life), sent = 0, got = 0;
	struct round_stats s = { 0 };
	uint64_t start = kit_counter();

	while (got < n) {
		uint32_t seen = ch.events;
		bool progress = false;

		if (!receive(n, &got, &progress) ||
		    !send(n, round_window(life, got), got, &sent, &progress,
			  &s))
			return false;
		if (progress) {
			kit_chan_notify(&ch, PONG_ID);
			s.doorbells++;
			continue;
		}
		if (kit_chan_peer_state(&ch, PONG_ID) !=
		    STATE(ST_RESET, life)) {
			kit_printf("pong left during the round (%u of %u)\n",
				   got, n);
			return false;
		}
		if (kit_chan_wait(&ch, seen, WAIT_US) == seen) {
			kit_printf("no doorbell for %u us (sent %u, got %u)\n",
				   WAIT_US, sent, got);
			return false;
		}
		s.waits++;
	}
	kit_printf("round %u: %u messages each way in %llu ms; %u waits, "
		   "%u doorbells, ring full %u times\n", life, n,
		   (unsigned long long)((kit_counter() - start) * 1000u /
					kit_counter_freq()),
		   s.waits, s.doorbells, s.full);
	/* Strict ping-pong cannot go without sleeping on doorbells. */
	return round_window(life, 0) > 1 || s.waits > 0;
}

/* Pong's life `life` has started: reset our side of the rings for it. */
static void pong_comes_up(uint32_t life)
{
	if (!EXPECT(!broken &&
		    wait_state(&ch, PONG_ID, STATE(ST_RESET, life)))) {
		broken = true;
		return;
	}
	chan_ring_reset(&ring);
	kit_chan_set_state(&ch, STATE(ST_RESET, life));
}

static void round_passes(uint32_t life)
{
	if (!EXPECT(!broken && ping_pong(life)))
		broken = true;
}

/*
 * Pong says goodbye, we answer, and its life ends: the state-change
 * interrupt must come and its entry must read 0.  Nothing else interrupts
 * us meanwhile (pong is waiting for our answer, then gone).
 */
static void pong_goes_down(uint32_t life)
{
	uint32_t before;

	if (!EXPECT(!broken && wait_state(&ch, PONG_ID, STATE(ST_BYE, life)))) {
		broken = true;
		return;
	}
	kit_udelay(SETTLE_US);
	before = ch.events;
	kit_chan_set_state(&ch, STATE(ST_BYE, life));
	if (!EXPECT(wait_state(&ch, PONG_ID, 0)))
		broken = true;
	/* Its entry may read 0 just before the interrupt is taken. */
	EXPECT(kit_chan_wait(&ch, before, WAIT_US) != before);
	kit_printf("pong's life %u is over: entry 0 after %u interrupt(s)\n",
		   life, ch.events - before);
}

TEST(link, opens)
{
	uint32_t *marker = (uint32_t *)OWN_LANE(PING_ID);

	if (!EXPECT(kit_chan_open(&ch, LINK_REGS, LINK_INTID))) {
		broken = true;
		return;
	}
	EXPECT_EQ(ch.id, PING_ID);
	EXPECT_EQ(ch.num_peers, 2);
	EXPECT_EQ(ch.rw_size, LINK_RW_SIZE);
	EXPECT_EQ(ch.out_size, LINK_OUT_SIZE);
	EXPECT_EQ((uintptr_t)ch.shmem, LINK_SHMEM);
	EXPECT_EQ(kit_chan_dropped(&ch), 0);
	EXPECT_EQ(kit_chan_ring(&ch, &ring, PONG_ID, SLOT_SIZE), CHAN_RING_OK);
	*marker = PING_MARKER;
	kit_chan_set_state(&ch, STATE(ST_DOWN, 0));
	EXPECT_EQ(kit_chan_peer_state(&ch, PING_ID), STATE(ST_DOWN, 0));
}

TEST(life1, pong_comes_up)
{
	pong_comes_up(1);
}

TEST(life1, ping_pong_10000_each_way)
{
	round_passes(1);
}

/*
 * Doorbells to peer 7 (there is none) and on vector 1 (there is only 0)
 * reach no one and count as dropped; the good one after them must be the
 * only interrupt pong counts in its quiet window.
 */
TEST(life1, bad_doorbells_dropped)
{
	uint32_t before = kit_chan_dropped(&ch);

	if (!EXPECT(!broken))
		return;
	LINK_RW->quiet_request = 1;
	if (!EXPECT(wait_flag(&LINK_RW->quiet_open)))
		return;
	kit_chan_notify(&ch, BAD_PEER_ID);
	kit_write32(LINK_REGS + IVSHMEM_REG_DOORBELL,
		    IVSHMEM_DOORBELL(PONG_ID, 1));
	EXPECT_EQ(kit_chan_dropped(&ch) - before, 2);
	kit_chan_notify(&ch, PONG_ID);
	EXPECT_EQ(kit_chan_dropped(&ch) - before, 2);
	kit_udelay(SETTLE_US);
	LINK_RW->quiet_done = 1;
}

TEST(life1, pong_reset_seen)
{
	pong_goes_down(1);
	kit_chan_set_state(&ch, STATE(ST_DOWN, 1));
}

TEST(life2, pong_back_after_reset)
{
	pong_comes_up(2);
}

TEST(life2, ping_pong_1000_each_way)
{
	round_passes(2);
}

/* Pong's second life ends writing our marker: a permission fault. */
TEST(life2, pong_restarted_for_writing_our_output)
{
	pong_goes_down(2);
	EXPECT_EQ(*(volatile uint32_t *)OWN_LANE(PING_ID), PING_MARKER);
	kit_chan_set_state(&ch, STATE(ST_DOWN, 2));
}

TEST(life3, pong_back_after_fault)
{
	pong_comes_up(3);
}

TEST(life3, ping_pong_1000_each_way)
{
	round_passes(3);
}

/* Pong's third life ends forging our state table entry. */
TEST(life3, pong_restarted_for_writing_state_table)
{
	pong_goes_down(3);
	EXPECT_EQ(kit_chan_peer_state(&ch, PING_ID), STATE(ST_BYE, 3));
	kit_chan_set_state(&ch, STATE(ST_DOWN, 3));
}

TEST(life4, pong_back_again)
{
	pong_comes_up(4);
}

TEST(life4, ping_pong_1000_each_way)
{
	round_passes(4);
}

/* Pong's last life powers it off: it must stay down. */
TEST(life4, pong_off_seen)
{
	uint32_t before;

	pong_goes_down(4);
	kit_chan_set_state(&ch, STATE(ST_DOWN, 4));
	before = kit_chan_dropped(&ch);
	kit_chan_notify(&ch, PONG_ID);
	EXPECT_EQ(kit_chan_dropped(&ch) - before, 1);
	kit_udelay(10 * SETTLE_US);
	EXPECT_EQ(kit_chan_peer_state(&ch, PONG_ID), 0);
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	kit_irq_enable();
	kit_printf("GICv%u\n", kit_gic_version());
	test_run_all();
	return 0;
}
