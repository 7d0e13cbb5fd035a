/*
 * What ping and pong agree on: where the channel `link` is in both cells
 * (system.dts), the message format, and the handshake over the state table.
 *
 * Pong lives several times (its RAM is zeroed and its image reloaded at each
 * restart); all it keeps is in its own output section.  Each life L of pong:
 *
 *   pong                                   ping
 *   boot; wait until ping's state is
 *     DOWN(L-1) ("your life L-1 is over")
 *   chan_ring_reset(); state RESET(L)
 *                                          sees RESET(L): chan_ring_reset();
 *                                          state RESET(L)
 *   sees ping's RESET(L): round L
 *                                          round L (ping sends, pong echoes)
 *   [life 1: the quiet window]
 *   state BYE(L); wait for ping's BYE(L)
 *                                          sees BYE(L): waits until its own
 *                                          interrupts settle, notes its event
 *                                          count, state BYE(L)
 *   ends its life (how: end_life(), pong.c)
 *                                          the hypervisor sets pong's entry
 *                                          to 0 and interrupts ping: ping
 *                                          checks both, then state DOWN(L)
 *
 * Why it is safe to reset the rings: a side zeroes its lane only while the
 * other provably does not read it (pong before it says RESET(L), when ping
 * has stopped for good with the previous life; ping before it says
 * RESET(L), when pong has not started round L), and neither reads the
 * other's lane before the other's RESET(L) says it is zeroed.  Every state
 * carries the life number, so a state left over from an earlier life is
 * never taken for the current one.  Ping's DOWN(L-1) also guarantees that
 * ping saw pong's entry at 0 before pong's next life can set it again.
 */
#ifndef IVSHMEM_SHARED_H
#define IVSHMEM_SHARED_H

#include <stdint.h>

#include <kit/chan.h>
#include <kit/kit.h>
#include <septum/crc32.h>

/* The channel `link` (system.dts), seen at the same addresses by both. */
#define LINK_REGS 0x48100000ul
#define LINK_SHMEM 0x48000000ul
#define LINK_INTID (32u + 40u)	/* SPI 40 */
#define LINK_RW_SIZE 0x1000u
#define LINK_OUT_SIZE 0x8000u
#define PING_ID 0u
#define PONG_ID 1u
#define BAD_PEER_ID 7u

/* Where each peer's output section starts, and what is in them. */
#define LINK_OUT(id) \
	(LINK_SHMEM + IVSHMEM_STATE_TABLE_SIZE + LINK_RW_SIZE + \
	 (uintptr_t)(id) * LINK_OUT_SIZE)

/* States: a phase and pong's life number. */
#define ST_DOWN 1u	/* ping: pong's life L is over (L = 0: none yet) */
#define ST_RESET 2u	/* both: my lane is zeroed for life L */
#define ST_BYE 3u	/* pong: round done, may I go; ping: go */
#define STATE(phase, life) ((uint32_t)(life) << 8 | (phase))

/* Pong's lives, and how each one ends (see pong.c). */
#define LIVES 4u
#define END_RESET 1u		/* PSCI SYSTEM_RESET */
#define END_WRITE_OUTPUT 2u	/* a write to ping's output section */
#define END_WRITE_STATE 3u	/* a write to the state table */
#define END_OFF 4u		/* PSCI SYSTEM_OFF: the test is over */

/*
 * Messages per direction in the round of a life, and how many ping sends
 * ahead of pong's echoes (`got` echoes in): round 1 starts with strict
 * ping-pong (a doorbell and a sleep on each side for every message), then
 * every round streams until the ring is full.  (Strict ping-pong costs two
 * cross-CPU wake-ups per message, milliseconds each under a busy QEMU.)
 */
#define ROUND1_MSGS 10000u
#define ROUND_MSGS 1000u
#define LOCKSTEP_MSGS 1000u

static inline uint32_t round_msgs(uint32_t life)
{
	return life == 1 ? ROUND1_MSGS : ROUND_MSGS;
}

static inline uint32_t round_window(uint32_t life, uint32_t got)
{
	return life == 1 && got < LOCKSTEP_MSGS ? 1u : UINT32_MAX;
}

/*
 * A message: sequence number, CRC-32 of the payload, payload.  Its length
 * and bytes follow from the sequence number and the direction, so the
 * receiver checks all of them.
 */
#define SLOT_SIZE 64u
#define MSG_HDR 8u
#define MSG_PAYLOAD_MAX (SLOT_SIZE - 4u - MSG_HDR)
#define DIR_PING 0x50494e47u	/* payload seeds */
#define DIR_PONG 0x504f4e47u

struct msg {
	uint32_t seq;
	uint32_t crc;
	uint8_t payload[MSG_PAYLOAD_MAX];
};
_Static_assert(sizeof(struct msg) == SLOT_SIZE - 4u, "a message fills a slot");

static inline uint32_t msg_len(uint32_t seq, uint32_t dir)
{
	return (seq ^ dir) % (MSG_PAYLOAD_MAX + 1u);
}

static inline void msg_fill(struct msg *m, uint32_t seq, uint32_t dir)
{
	uint32_t x = seq * 2654435761u ^ dir;
	uint32_t len = msg_len(seq, dir);

	m->seq = seq;
	for (uint32_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		m->payload[i] = (uint8_t)x;
	}
	m->crc = crc32_update(0, m->payload, len);
}

/* A received message is the one expected: length, number, CRC, bytes. */
static inline bool msg_ok(const struct msg *m, uint32_t len, uint32_t seq,
			  uint32_t dir)
{
	struct msg want;
	uint32_t n = msg_len(seq, dir);

	msg_fill(&want, seq, dir);
	if (len != MSG_HDR + n || m->seq != seq ||
	    m->crc != crc32_update(0, m->payload, n))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (m->payload[i] != want.payload[i])
			return false;
	}
	return true;
}

/*
 * The read/write section: the quiet window of pong's first life, in which
 * ping rings two doorbells that must reach no one and one that must.
 */
struct link_rw {
	volatile uint32_t quiet_request;	/* ping: round 1 is over */
	volatile uint32_t quiet_open;	/* pong: counting from now */
	volatile uint32_t quiet_done;	/* ping: its doorbells are rung */
};
#define LINK_RW ((struct link_rw *)(LINK_SHMEM + IVSHMEM_STATE_TABLE_SIZE))

/*
 * The lane of each peer's output section that carries no ring (lane `id`
 * of peer `id`, chan_ring.h): ping keeps a marker there that pong's second
 * life tries to overwrite, pong what survives its restarts.
 */
#define LANE_SIZE (LINK_OUT_SIZE / 2u)
#define OWN_LANE(id) (LINK_OUT(id) + (uintptr_t)(id) * LANE_SIZE)
#define PING_MARKER 0x7069676eu

struct pong_keep {
	volatile uint32_t lives;	/* boots so far */
	volatile uint32_t passed;	/* pong's TEST lines, every life */
	volatile uint32_t failed;
};
#define PONG_KEEP ((struct pong_keep *)OWN_LANE(PONG_ID))

/* Waits: a doorbell or state change far longer apart means a lost one. */
#define WAIT_US 5000000u
/* Long enough for interrupts already raised to have been taken. */
#define SETTLE_US 20000u

static inline uint64_t us_ticks(uint64_t us)
{
	return us * kit_counter_freq() / 1000000u;
}

/*
 * Wait for peer's state to become `want`, woken by the state-change
 * interrupt: false (and a line saying so) if none comes for WAIT_US.
 */
static inline bool wait_state(struct kit_chan *ch, uint32_t peer,
			      uint32_t want)
{
	uint64_t end = kit_counter() + us_ticks(2 * WAIT_US);

	for (;;) {
		uint32_t seen = ch->events;
		uint32_t st = kit_chan_peer_state(ch, peer);

		if (st == want)
			return true;
		if (kit_counter() > end ||
		    kit_chan_wait(ch, seen, WAIT_US) == seen) {
			kit_printf("peer %u: state 0x%x, waited for 0x%x\n",
				   peer, st, want);
			return false;
		}
	}
}

/* Spin (the R/W section raises no interrupt) until *flag is set. */
static inline bool wait_flag(const volatile uint32_t *flag)
{
	uint64_t end = kit_counter() + us_ticks(WAIT_US);

	while (!*flag && kit_counter() < end)
		;
	return *flag != 0;
}

#endif
