/* Message rings over IVSHMEM output sections; see chan_ring.h. */
#include <string.h>

#include <septum/abi/ivshmem.h>

#include "chan_ring.h"

static uint32_t load_acquire(const volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(volatile uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/*
 * Slots of a lane: the largest power of two that fits.  Slot k of a lane
 * holds message number c with c % nslots == k; counters wrap at 2^32, which
 * only a power of two divides, so a message never lands in the slot of one
 * still waiting across the wrap.
 */
static uint32_t slots_in(uint64_t bytes, uint32_t slot_size)
{
	uint64_t n = bytes / slot_size;
	uint32_t p = 1;

	while (p < (1u << 31) && (uint64_t)p * 2 <= n)
		p *= 2;
	return p;
}

enum chan_ring_status chan_ring_attach(struct chan_ring *r, void *shmem,
				       uint32_t num_peers, uint64_t rw_size,
				       uint64_t out_size, uint32_t self,
				       uint32_t other, uint32_t slot_size)
{
	uint8_t *out;
	uint64_t lane_size;

	if (num_peers < 2 || self >= num_peers || other >= num_peers ||
	    self == other || slot_size < 16 || slot_size % 8)
		return CHAN_RING_EINVAL;
	lane_size = (out_size / num_peers) & ~(uint64_t)(CHAN_RING_HDR - 1);
	if (lane_size < CHAN_RING_HDR + 2ull * slot_size)
		return CHAN_RING_EINVAL;
	out = (uint8_t *)shmem + IVSHMEM_STATE_TABLE_SIZE + rw_size;
	r->lane = (struct chan_lane *)(out + self * out_size + other * lane_size);
	r->peer = (const struct chan_lane *)(out + other * out_size +
					     self * lane_size);
	r->tx_slots = (uint8_t *)r->lane + CHAN_RING_HDR;
	r->rx_slots = (const uint8_t *)r->peer + CHAN_RING_HDR;
	r->slot_size = slot_size;
	r->nslots = slots_in(lane_size - CHAN_RING_HDR, slot_size);
	r->tx_head = r->lane->head;
	r->rx_tail = r->lane->ack;
	return CHAN_RING_OK;
}

void chan_ring_reset(struct chan_ring *r)
{
	r->tx_head = 0;
	r->rx_tail = 0;
	store_release(&r->lane->head, 0);
	store_release(&r->lane->ack, 0);
}

enum chan_ring_status chan_ring_send(struct chan_ring *r, const void *msg,
				     uint32_t len)
{
	uint32_t used = r->tx_head - load_acquire(&r->peer->ack);
	uint8_t *slot;

	if (len > chan_ring_max_msg(r))
		return CHAN_RING_EINVAL;
	if (used > r->nslots)
		return CHAN_RING_EPROTO;
	if (used == r->nslots)
		return CHAN_RING_FULL;
	slot = r->tx_slots + (r->tx_head % r->nslots) * r->slot_size;
	memcpy(slot + 4, msg, len);
	*(volatile uint32_t *)slot = len;
	store_release(&r->lane->head, ++r->tx_head);
	return CHAN_RING_OK;
}

uint32_t chan_ring_pending(const struct chan_ring *r)
{
	uint32_t n = load_acquire(&r->peer->head) - r->rx_tail;

	return n <= r->nslots ? n : 0;
}

enum chan_ring_status chan_ring_recv(struct chan_ring *r, void *buf,
				     uint32_t cap, uint32_t *len)
{
	uint32_t n = load_acquire(&r->peer->head) - r->rx_tail;
	const uint8_t *slot;
	uint32_t l;

	if (n > r->nslots)
		return CHAN_RING_EPROTO;
	if (n == 0)
		return CHAN_RING_EMPTY;
	slot = r->rx_slots + (r->rx_tail % r->nslots) * r->slot_size;
	l = *(const volatile uint32_t *)slot;
	if (l > chan_ring_max_msg(r))
		return CHAN_RING_EPROTO;
	if (l > cap)
		return CHAN_RING_EINVAL;
	memcpy(buf, slot + 4, l);
	*len = l;
	store_release(&r->lane->ack, ++r->rx_tail);
	return CHAN_RING_OK;
}
