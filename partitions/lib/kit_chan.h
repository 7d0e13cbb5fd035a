/*
 * IVSHMEM channels for the kits' bare-metal cells, what the arm64 kit
 * (partitions/kit/, also built for AArch32) and the x86 kit
 * (partitions/kit-x86/) share: one channel's register page and shared
 * memory as the config places them in the cell, its state table, its
 * doorbell count, and the message rings of chan_ring.h.  Each kit's
 * <kit/chan.h> includes this and adds its kit_chan_open() and its rules
 * for the doorbell's interrupt.
 *
 * Each kit provides, in its <kit/kit.h>: kit_read32(), kit_write32() and
 * kit_publish_barrier() (this CPU's stores to memory visible before a
 * register write that tells a peer about them).
 */
#ifndef KIT_CHAN_COMMON_H
#define KIT_CHAN_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include <chan_ring.h>
#include <septum/abi/ivshmem.h>

struct kit_chan {
	uintptr_t regs;		/* the register page (guest address) */
	uint8_t *shmem;		/* the shared memory: state table first */
	uint32_t id;		/* this peer's ID */
	uint32_t num_peers;
	uint64_t rw_size;
	uint64_t out_size;
	uint32_t irq;		/* the doorbell as the kit's IRQ handler names
				 * it (arm64: INTID, x86: vector); 0: none */
	volatile uint32_t events;	/* doorbells taken (kit_chan_irq) */
};

/*
 * For a kit's kit_chan_open(): read the channel's layout from its register
 * page at `regs` into ch (no doorbell yet, no event counted); false if the
 * page does not look like an IVSHMEM device.
 */
bool kit_chan_attach(struct kit_chan *ch, uintptr_t regs);
/* ... then, once the kit routed it, take doorbells as interrupt `irq`. */
void kit_chan_listen(struct kit_chan *ch, uint32_t irq);

/* Ring peer `peer`'s doorbell (after making this CPU's stores visible). */
void kit_chan_notify(const struct kit_chan *ch, uint32_t peer);

/* Publish this peer's state in the state table (peers get a doorbell). */
void kit_chan_set_state(const struct kit_chan *ch, uint32_t state);

/* Peer `peer`'s state from the state table (0 if there is no such peer). */
uint32_t kit_chan_peer_state(const struct kit_chan *ch, uint32_t peer);

/* Doorbells this peer rang that reached no one (the Septum counter). */
uint32_t kit_chan_dropped(const struct kit_chan *ch);

/*
 * For the cell's IRQ handler: if `irq` is this channel's doorbell, count
 * the event and return true.
 */
bool kit_chan_irq(struct kit_chan *ch, uint32_t irq);

/*
 * Sleep until ch->events differs from `seen` or `timeout_us` passes, with
 * interrupts masked or not (they are as they were on return); returns
 * ch->events (== seen on timeout).  Each kit's, with its own wake-up.
 */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us);

/* Attach ring `r` to the channel's sections for talking with `peer`, with
 * the protocol's slot size. */
enum chan_ring_status kit_chan_ring(const struct kit_chan *ch,
				    struct chan_ring *r, uint32_t peer,
				    uint32_t slot_size);

/* The events counted so far (for kit_chan_wait()). */
static inline uint32_t kit_chan_events(const struct kit_chan *ch)
{
	return __atomic_load_n(&ch->events, __ATOMIC_ACQUIRE);
}

#endif /* KIT_CHAN_COMMON_H */
