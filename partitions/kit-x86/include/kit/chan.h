/*
 * IVSHMEM channels for bare-metal x86 cells: the register page and shared
 * memory of one channel as the config places them in this cell, its
 * doorbell on an input of the cell's I/O APIC, plus the message rings of
 * partitions/lib/chan_ring.h.  The same calls as the arm64 kit's, with the
 * interrupt named by its I/O APIC input and the vector it is routed to.
 *
 * A guest hard-codes (from its system's config) the guest address of the
 * channel's register page and its doorbell's input (the config's
 * `interrupt`, or the lowest input from 16 free in the cell).
 *
 * Rules: wait on the CPU that opened the channel (its doorbell is routed
 * there); the cell's kit_irq_handler passes every vector to kit_chan_irq();
 * kit_chan_wait() times out with the local APIC timer at
 * KIT_CHAN_WAKE_VECTOR (so a cell waiting on a channel does not use the
 * timer meanwhile).
 */
#ifndef KIT_CHAN_H
#define KIT_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include <chan_ring.h>
#include <septum/abi/ivshmem.h>

/* The vector kit_chan_wait()'s timeout arrives at (ignored by the kit). */
#define KIT_CHAN_WAKE_VECTOR 0xefu

struct kit_chan {
	uintptr_t regs;			/* register page (guest address) */
	uint8_t *shmem;			/* the channel's memory: state table first */
	uint32_t id;			/* this cell's peer ID */
	uint32_t num_peers;
	uint64_t rw_size, out_size;
	uint32_t vector;		/* the doorbell's, or 0: not listening */
	volatile uint32_t events;	/* interrupts taken (kit_chan_irq) */
};

/*
 * Open the channel whose register page is at `regs`; with a nonzero
 * `vector`, route I/O APIC input `gsi` to it on the calling CPU and enable
 * the doorbell.  Returns false if the page does not look like an IVSHMEM
 * device.
 */
bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t gsi,
		   uint32_t vector);

/* Ring peer `peer`'s doorbell (after making this CPU's stores visible). */
void kit_chan_notify(const struct kit_chan *ch, uint32_t peer);

/* Publish this cell's state in the channel's state table. */
void kit_chan_set_state(const struct kit_chan *ch, uint32_t state);

/* Peer `peer`'s state from the table (0 if no such peer). */
uint32_t kit_chan_peer_state(const struct kit_chan *ch, uint32_t peer);

/* Doorbells this cell rang that reached no one. */
uint32_t kit_chan_dropped(const struct kit_chan *ch);

/*
 * For the cell's IRQ handler: if `vector` is this channel's, count the
 * event and return true.
 */
bool kit_chan_irq(struct kit_chan *ch, uint32_t vector);

/* Wait until ch->events differs from `seen` or `timeout_us` passes (with
 * interrupts masked or not); returns ch->events. */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us);

/* Attach ring `r` to the channel's sections for talking with `peer`. */
enum chan_ring_status kit_chan_ring(const struct kit_chan *ch,
				    struct chan_ring *r, uint32_t peer,
				    uint32_t slot_size);

#endif /* KIT_CHAN_H */
