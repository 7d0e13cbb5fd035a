/*
 * Message rings over an IVSHMEM channel's output sections: the protocol
 * Septum's bare-metal kit and its Linux tool speak, so both ends build from
 * this one file (freestanding C, no allocation, no locks).
 *
 * Each peer's output section (writable by that peer alone) is cut into one
 * lane per peer ID.  Lane j of peer i carries peer i's messages to peer j,
 * and, in its header, how many of peer j's messages peer i has consumed:
 *
 *   lane header (64 bytes): head  messages published into this lane
 *                           ack   messages consumed from the opposite lane
 *   slots:                  nslots * slot_size bytes; a slot is
 *                           { uint32_t len; uint8_t data[slot_size - 4] }
 *
 * A lane is out_size / num_peers bytes rounded down to 64; nslots is the
 * largest power of two whose slots fit after the header, and message number
 * c (counting from 0) uses slot c % nslots.  Lane i of peer i carries no ring.
 *
 * So every counter has exactly one writer and no peer ever writes the other's
 * memory: a ring from i to j is (head in i's lane j, ack in j's lane i).
 * Counters run freely and wrap.  A peer cannot trust the other: the reader
 * checks every count and length it reads and reports CHAN_RING_EPROTO.
 *
 * Ordering: a message's bytes are written before its head is published
 * (store-release), and read after the head is seen (load-acquire); that holds
 * on normal memory of any cacheability, so it works with Linux's
 * write-combining mapping of the PCI BAR.
 */
#ifndef CHAN_RING_H
#define CHAN_RING_H

#include <stddef.h>
#include <stdint.h>

#define CHAN_RING_HDR 64u	/* lane header bytes */

enum chan_ring_status {
	CHAN_RING_OK = 0,
	CHAN_RING_EMPTY = 1,	/* nothing to receive */
	CHAN_RING_FULL = 2,	/* the peer has not consumed enough yet */
	CHAN_RING_EPROTO = 3,	/* the peer's counters or lengths are bad */
	CHAN_RING_EINVAL = 4,	/* a bad argument (size, peer) */
};

struct chan_lane {
	volatile uint32_t head;
	volatile uint32_t ack;
	uint32_t pad[14];
};
_Static_assert(sizeof(struct chan_lane) == CHAN_RING_HDR, "lane header");

/* One direction of traffic between this peer and another. */
struct chan_ring {
	struct chan_lane *lane;		/* in this peer's output section */
	const struct chan_lane *peer;	/* opposite lane, in the peer's one */
	uint8_t *tx_slots;		/* this peer's slots to the peer */
	const uint8_t *rx_slots;	/* the peer's slots to this peer */
	uint32_t nslots;
	uint32_t slot_size;
	uint32_t tx_head;		/* private copies of what we publish */
	uint32_t rx_tail;
};

/*
 * Attach to the lanes between peers `self` and `other` of a channel whose
 * shared memory starts at `shmem` (as mapped by the caller), with `num_peers`
 * peers, read/write section `rw_size` and output sections `out_size` bytes.
 * `slot_size` (a multiple of 8, at least 16) is the protocol's message slot.
 * Picks up the counters where they are, so a restarted peer resumes.
 */
enum chan_ring_status chan_ring_attach(struct chan_ring *r, void *shmem,
				       uint32_t num_peers, uint64_t rw_size,
				       uint64_t out_size, uint32_t self,
				       uint32_t other, uint32_t slot_size);

/*
 * Start the rings afresh: this side's head and ack become zero.  Only valid
 * when the peer has agreed (e.g. through the state table) that it will too.
 */
void chan_ring_reset(struct chan_ring *r);

/* Largest message that fits a slot. */
static inline uint32_t chan_ring_max_msg(const struct chan_ring *r)
{
	return r->slot_size - 4u;
}

/* Queue `len` bytes for the peer (does not ring its doorbell). */
enum chan_ring_status chan_ring_send(struct chan_ring *r, const void *msg,
				     uint32_t len);

/*
 * Take the oldest message from the peer into buf (up to `cap` bytes);
 * *len gets its length.  A message longer than cap is CHAN_RING_EINVAL and
 * stays queued.
 */
enum chan_ring_status chan_ring_recv(struct chan_ring *r, void *buf,
				     uint32_t cap, uint32_t *len);

/* Messages from the peer waiting to be received (0 on a bad count). */
uint32_t chan_ring_pending(const struct chan_ring *r);

#endif /* CHAN_RING_H */
