/*
 * IVSHMEM channels: the part the kits share (kit_chan.h).  Every register
 * access is one aligned 32-bit load or store, the only kind the device
 * takes.
 */
#include <kit/chan.h>
#include <kit/kit.h>

/* Most peers the state table page can describe. */
#define MAX_PEERS (IVSHMEM_STATE_TABLE_SIZE / 4u)

static uint32_t reg_read(const struct kit_chan *ch, uint32_t offset)
{
	return kit_read32(ch->regs + offset);
}

static void reg_write(const struct kit_chan *ch, uint32_t offset,
		      uint32_t value)
{
	kit_write32(ch->regs + offset, value);
}

/* A 64-bit register as its two halves, the high one first. */
static uint64_t reg_read64(const struct kit_chan *ch, uint32_t lo)
{
	return (uint64_t)reg_read(ch, lo + 4u) << 32 | reg_read(ch, lo);
}

bool kit_chan_attach(struct kit_chan *ch, uintptr_t regs)
{
	uint64_t shmem;

	ch->regs = regs;
	ch->id = reg_read(ch, IVSHMEM_REG_ID);
	ch->num_peers = reg_read(ch, IVSHMEM_REG_MAX_PEERS);
	if (ch->num_peers < 2 || ch->num_peers > MAX_PEERS ||
	    ch->id >= ch->num_peers ||
	    reg_read(ch, IVSHMEM_REG_STATE_TABLE_SIZE) !=
		    IVSHMEM_STATE_TABLE_SIZE)
		return false;
	ch->rw_size = reg_read64(ch, IVSHMEM_REG_RW_SIZE_LO);
	ch->out_size = reg_read64(ch, IVSHMEM_REG_OUT_SIZE_LO);
	shmem = reg_read64(ch, IVSHMEM_REG_SHMEM_LO);
	if (shmem == 0 || shmem > UINTPTR_MAX)
		return false;
	ch->shmem = (uint8_t *)(uintptr_t)shmem;
	ch->irq = 0;
	ch->events = 0;
	return true;
}

void kit_chan_listen(struct kit_chan *ch, uint32_t irq)
{
	ch->irq = irq;
	reg_write(ch, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
}

void kit_chan_notify(const struct kit_chan *ch, uint32_t peer)
{
	kit_publish_barrier();
	reg_write(ch, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(peer, 0));
}

void kit_chan_set_state(const struct kit_chan *ch, uint32_t state)
{
	kit_publish_barrier();
	reg_write(ch, IVSHMEM_REG_STATE, state);
}

uint32_t kit_chan_peer_state(const struct kit_chan *ch, uint32_t peer)
{
	const volatile uint32_t *table = (const volatile uint32_t *)ch->shmem;

	if (peer >= ch->num_peers)
		return 0;
	/* Acquire: what the peer wrote before its state is read after it. */
	return __atomic_load_n(&table[peer], __ATOMIC_ACQUIRE);
}

uint32_t kit_chan_dropped(const struct kit_chan *ch)
{
	return reg_read(ch, IVSHMEM_REG_DROPPED);
}

bool kit_chan_irq(struct kit_chan *ch, uint32_t irq)
{
	if (ch->irq == 0 || irq != ch->irq)
		return false;
	__atomic_fetch_add(&ch->events, 1u, __ATOMIC_RELEASE);
	return true;
}

enum chan_ring_status kit_chan_ring(const struct kit_chan *ch,
				    struct chan_ring *r, uint32_t peer,
				    uint32_t slot_size)
{
	return chan_ring_attach(r, ch->shmem, ch->num_peers, ch->rw_size,
				ch->out_size, ch->id, peer, slot_size);
}
