/*
 * The real-time demo's statistics block: what the rt cell (rt.c) publishes
 * at the start of its output section of channel rt-linux, and what
 * septum-rtstat (septum-rtstat.c, in the Linux cell) reads.  One definition
 * for both sides: fixed-width types, no pointers, sizes and offsets checked.
 *
 * Protocol:
 *  - rt writes the block, then sets its channel state to
 *    RTSTAT_STATE_PUBLISHING; a reader trusts the block only while that
 *    state shows (the hypervisor resets it to 0 when rt stops or restarts).
 *  - Sequence lock: rt is the only writer.  It makes `seq` odd, updates the
 *    fields, then makes `seq` even again, with a store barrier between each
 *    step.  A reader reads `seq` (acquire), the fields, then `seq` again
 *    after a load barrier, and keeps the copy only if both reads are the
 *    same even value.
 *  - The channel memory survives a restart of either cell, so rt finds its
 *    previous block after a restart and counts `starts` on.
 *
 * Latencies are in nanoseconds: the counter value at the first instruction
 * of rt's timer handler minus the deadline it was armed for.  A tick is a
 * miss when its handler runs at or after the following deadline.
 */
#ifndef DEMO_RTSTAT_H
#define DEMO_RTSTAT_H

#include <stddef.h>
#include <stdint.h>

#define RTSTAT_MAGIC 0x54535452u	/* "RTST" in memory */
#define RTSTAT_VERSION 1u
#define RTSTAT_STATE_PUBLISHING 1u	/* rt's state in the channel's table */

/* Histogram: bucket i holds latencies below RTSTAT_BUCKET_US[i] µs (and at
 * or above the previous bound); the last bucket has no upper bound. */
#define RTSTAT_BUCKETS 12u
#define RTSTAT_BUCKET_US \
	{ 1u, 2u, 5u, 10u, 20u, 50u, 100u, 200u, 500u, 1000u, 2000u, UINT32_MAX }

struct rtstat {
	uint32_t magic;		/* RTSTAT_MAGIC */
	uint32_t version;	/* RTSTAT_VERSION */
	uint32_t seq;		/* odd while rt updates the block */
	uint32_t size;		/* sizeof(struct rtstat) */
	uint32_t period_ns;	/* the task's period */
	uint32_t starts;	/* rt's starts since the memory was clear (1..) */
	uint64_t counter_hz;	/* the counter's frequency */
	uint64_t ticks;		/* handler runs, one per period */
	uint64_t misses;	/* ticks handled at or after the next deadline */
	uint64_t lat_min_ns;	/* 0 until the first tick */
	uint64_t lat_max_ns;
	uint64_t lat_sum_ns;	/* avg = lat_sum_ns / ticks */
	uint64_t last_deadline;	/* counter value of the last tick's deadline */
	uint32_t bucket_us[RTSTAT_BUCKETS];	/* RTSTAT_BUCKET_US */
	uint64_t hist[RTSTAT_BUCKETS];		/* ticks per bucket */
};

_Static_assert(offsetof(struct rtstat, seq) == 8, "rtstat: seq moved");
_Static_assert(offsetof(struct rtstat, counter_hz) == 24,
	       "rtstat: counter_hz moved");
_Static_assert(offsetof(struct rtstat, ticks) == 32, "rtstat: ticks moved");
_Static_assert(offsetof(struct rtstat, last_deadline) == 72,
	       "rtstat: last_deadline moved");
_Static_assert(offsetof(struct rtstat, bucket_us) == 80,
	       "rtstat: bucket_us moved");
_Static_assert(offsetof(struct rtstat, hist) == 128, "rtstat: hist moved");
_Static_assert(sizeof(struct rtstat) == 224, "rtstat: size changed");

/*
 * Offset of peer `peer`'s block from the start of the channel memory: the
 * start of that peer's output section (docs/ivshmem.md, "the layout").
 */
static inline uint64_t rtstat_offset(uint64_t state_size, uint64_t rw_size,
				     uint64_t out_size, uint32_t peer)
{
	return state_size + rw_size + (uint64_t)peer * out_size;
}

#endif /* DEMO_RTSTAT_H */
