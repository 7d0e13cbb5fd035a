/*
 * The soak test's protocol (partitions/tests/soak/): what the bare-metal
 * cell rt (rt.c) and the Linux cell's septum-soak (linux/septum-soak.c)
 * exchange over channel rt-linux, the record rt keeps of all its lives, and
 * the numbered console lines both print.  One definition for both sides:
 * freestanding C, fixed-width types, no libc beyond memcpy.
 *
 * Messages, in rings of SOAK_SLOT-byte slots (partitions/lib/chan_ring.h):
 *
 *   magic u32 | kind u32 | seq u32 | len u32 | payload[len] | crc u32
 *
 * (little-endian, as both ends are).  `seq` numbers every message in its
 * direction from 0 for the whole soak, across rt's lives: the receiver
 * expects exactly the next number, so a lost message shows as a gap and a
 * repeated one as going back.  The CRC-32 (crc32_update) covers every byte
 * before it.  DATA payloads are a function of direction and sequence number
 * (soak_data_fill), so the receiver checks every byte.
 *
 * A round, driven by Linux (peer 1) while rt (peer 0) is still down:
 *  1. Linux queues GO (or END after the last round) and some DATA, then sets
 *     its state to the life it waits for (rt's lives count from 1);
 *  2. rt boots, counts the life in its record, waits until Linux's state
 *     names that life, then sets its own state to it: Linux sees rt up;
 *  3. both stream GO.count DATA messages at each other, each printing
 *     GO.lines console lines along the way;
 *  4. rt, having sent and received them all, answers DONE with its totals;
 *  5. rt ends this life (GO.method): it resets itself at once (SELF), or
 *     Linux asks with RESTART and rt resets (REQUEST) or writes to the
 *     read-only state table, a fault its restart policy handles (FAULT).
 *     Linux sees rt's state fall to 0 and starts the next round.
 * After END, rt answers TOTALS; both print their totals.
 *
 * The channel memory survives a cell restart, so the rings resume where
 * they were (chan_ring_attach) and rt's record (struct soak_record, at the
 * start of its output section, in the lane rt has to itself) carries its
 * counters from life to life.  rt ends a life only between messages, after
 * its record is up to date.
 */
#ifndef SOAK_H
#define SOAK_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <chan_ring.h>
#include <septum/crc32.h>

#define SOAK_SLOT 256u			/* ring slot size of the protocol */
#define SOAK_MAGIC 0x4b414f53u		/* "SOAK" */
#define SOAK_HDR 16u
#define SOAK_MAX_PAYLOAD 200u
#define SOAK_MAX_WIRE (SOAK_HDR + SOAK_MAX_PAYLOAD + 4u)

_Static_assert(SOAK_MAX_WIRE <= SOAK_SLOT - 4u, "a message fits a slot");

enum soak_kind {
	SOAK_DATA = 1,		/* payload: soak_data_fill() */
	SOAK_GO = 2,		/* Linux -> rt: struct soak_go */
	SOAK_DONE = 3,		/* rt -> Linux: struct soak_totals */
	SOAK_RESTART = 4,	/* Linux -> rt: end this life now */
	SOAK_END = 5,		/* Linux -> rt: the soak is over */
	SOAK_TOTALS = 6,	/* rt -> Linux: struct soak_totals, the last */
};

/* How rt ends a life (round i uses method i % SOAK_METHODS). */
enum soak_method {
	SOAK_BY_SELF = 0,	/* PSCI SYSTEM_RESET right after DONE */
	SOAK_BY_REQUEST = 1,	/* PSCI SYSTEM_RESET on RESTART */
	SOAK_BY_FAULT = 2,	/* a write to the state table on RESTART */
	SOAK_METHODS = 3,
};

/* Directions, mixed into DATA payloads: a message read back from the
 * wrong lane fails its check. */
#define SOAK_TO_RT 0x52u
#define SOAK_TO_LINUX 0x4cu

struct soak_go {
	uint32_t round;		/* 0, 1, ...: rt checks it against its record */
	uint32_t count;		/* DATA messages each way */
	uint32_t lines;		/* console lines each cell prints */
	uint32_t method;	/* enum soak_method */
};

/* rt's counters over all its lives (DONE, TOTALS and its record). */
struct soak_totals {
	uint32_t lives;		/* boots of rt, 1.. */
	uint32_t rounds;	/* rounds finished (DONE sent) */
	uint32_t rx_msgs;	/* messages taken from Linux's ring */
	uint32_t rx_data;	/* DATA from Linux that checked out */
	uint32_t rx_bad;	/* bad CRC, format, payload, order or kind */
	uint32_t rx_gaps;	/* sequence numbers skipped (lost messages) */
	uint32_t tx_msgs;	/* messages sent to Linux */
	uint32_t tx_data;
	uint32_t lines;		/* console lines printed */
	uint32_t ends[SOAK_METHODS];	/* lives ended, by method */
};

#define SOAK_RECORD_MAGIC 0x44434552u	/* "RECD" */

/* At the start of rt's output section; only rt writes it. */
struct soak_record {
	uint32_t magic;
	uint32_t rx_next;	/* the seq expected next from Linux */
	struct soak_totals t;
	uint32_t ticks;		/* rt's 1 kHz task: periods run, in ended */
	uint32_t late;		/* lives; periods skipped by a late tick */
};

/*
 * Where peer `peer` keeps its record: in the lane of its output section
 * that carries no ring, the one to itself (chan_ring.h: lane j of peer i
 * is (out_size / num_peers) & ~(CHAN_RING_HDR - 1) bytes, j lanes into
 * peer i's section).  0 if the record does not fit.
 */
static inline uint64_t soak_record_offset(uint64_t state_size,
					  uint64_t rw_size, uint64_t out_size,
					  uint32_t num_peers, uint32_t peer)
{
	uint64_t lane = (out_size / num_peers) & ~(uint64_t)(CHAN_RING_HDR - 1);

	if (lane < sizeof(struct soak_record))
		return 0;
	return state_size + rw_size + peer * out_size + peer * lane;
}

/* Decoded message. */
struct soak_msg {
	uint32_t kind;
	uint32_t seq;
	uint32_t len;
	uint8_t payload[SOAK_MAX_PAYLOAD];
};

/* A message in wire format into `wire` (SOAK_MAX_WIRE bytes); its length. */
static inline uint32_t soak_encode(uint32_t kind, uint32_t seq,
				   const void *payload, uint32_t len,
				   uint8_t *wire)
{
	uint32_t hdr[4] = { SOAK_MAGIC, kind, seq, 0 };
	uint32_t crc;

	if (len > SOAK_MAX_PAYLOAD)
		len = 0;
	hdr[3] = len;
	memcpy(wire, hdr, sizeof(hdr));
	memcpy(wire + SOAK_HDR, payload, len);
	crc = crc32_update(0, wire, SOAK_HDR + len);
	memcpy(wire + SOAK_HDR + len, &crc, sizeof(crc));
	return SOAK_HDR + len + 4u;
}

/* Parse `n` received bytes; false unless magic, length and CRC add up. */
static inline bool soak_decode(const uint8_t *wire, uint32_t n,
			       struct soak_msg *m)
{
	uint32_t hdr[4], crc;

	if (n < SOAK_HDR + 4u)
		return false;
	memcpy(hdr, wire, sizeof(hdr));
	if (hdr[0] != SOAK_MAGIC || hdr[3] > SOAK_MAX_PAYLOAD ||
	    n != SOAK_HDR + hdr[3] + 4u)
		return false;
	memcpy(&crc, wire + SOAK_HDR + hdr[3], sizeof(crc));
	if (crc != crc32_update(0, wire, SOAK_HDR + hdr[3]))
		return false;
	m->kind = hdr[1];
	m->seq = hdr[2];
	m->len = hdr[3];
	memcpy(m->payload, wire + SOAK_HDR, m->len);
	return true;
}

static inline uint32_t soak_hash(uint32_t x)
{
	return x * 2654435761u;		/* Knuth's multiplicative hash */
}

/* The DATA payload numbered `seq` in direction `dir`; its length (0 to
 * SOAK_MAX_PAYLOAD, varying so slots are filled to every length). */
static inline uint32_t soak_data_fill(uint32_t dir, uint32_t seq,
				      uint8_t *out)
{
	uint32_t len = soak_hash(seq ^ dir) % (SOAK_MAX_PAYLOAD + 1u);
	uint32_t h = soak_hash(seq + (dir << 24));

	for (uint32_t i = 0; i < len; i++)
		out[i] = (uint8_t)((h >> (i % 4u * 8u)) ^ i ^ dir);
	return len;
}

/* Whether a DATA message is the one numbered m->seq in direction `dir`. */
static inline bool soak_data_ok(uint32_t dir, const struct soak_msg *m)
{
	uint8_t want[SOAK_MAX_PAYLOAD];
	uint32_t len = soak_data_fill(dir, m->seq, want);

	return m->len == len && memcmp(m->payload, want, len) == 0;
}

/*
 * Console lines: "seq N H" where H is soak_hash(N) as 8 hex digits, eight
 * times (ci/runner.py --seq checks every line whole and in order).  N runs
 * from 0 over the whole soak, across rt's lives.
 */
#define SOAK_LINE_FMT "seq %u %08x%08x%08x%08x%08x%08x%08x%08x\n"
#define SOAK_LINE_ARGS(n) (n), soak_hash(n), soak_hash(n), soak_hash(n), \
	soak_hash(n), soak_hash(n), soak_hash(n), soak_hash(n), soak_hash(n)

/* Console lines due once `done` of `total` units of a round's work are
 * done, `lines` in all: spread evenly, all of them by the end. */
static inline uint32_t soak_lines_due(uint32_t lines, uint32_t done,
				      uint32_t total)
{
	if (total == 0 || done >= total)
		return lines;
	return (uint32_t)((uint64_t)lines * done / total);
}

#endif /* SOAK_H */
