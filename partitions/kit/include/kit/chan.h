/*
 * IVSHMEM channels for bare-metal cells: the register page and shared
 * memory of one channel as the config places them in this cell, plus the
 * message rings of partitions/lib/chan_ring.h.
 *
 * A bare-metal peer has no PCI bus: it is given (in its own source, from
 * its system's config) the guest address of the channel's register page and
 * the doorbell interrupt; everything else is read from the register page.
 *
 * Rules: call kit_gic_init() before kit_chan_open(); wait on the CPU that
 * opened the channel (its interrupt is routed there); the memory must lie in
 * the 1 GiB the kit maps as normal memory (the one holding the image).
 * kit_chan_wait() times out with the CPU's virtual timer (INTID 27), so the
 * cell's IRQ handler may see that INTID once after a timeout: ignore it.
 */
#ifndef KIT_CHAN_H
#define KIT_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include <chan_ring.h>
#include <septum/abi/ivshmem.h>

struct kit_chan {
	uintptr_t regs;		/* the register page */
	uint8_t *shmem;		/* the shared memory (state table first) */
	uint32_t id;		/* this peer's ID */
	uint32_t num_peers;
	uint64_t rw_size;
	uint64_t out_size;
	uint32_t intid;		/* doorbell interrupt, 0 if not used */
	volatile uint32_t events;	/* interrupts taken (kit_chan_irq) */
};

/*
 * Open the channel whose register page is at `regs`, with doorbell
 * interrupt `intid` (0: poll only).  Reads the layout from the registers,
 * enables the interrupt at the GIC and in the device, routed to the calling
 * CPU.  Returns false if the page does not look like an ivshmem device.
 */
bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t intid);

/* Ring peer `peer`'s doorbell (vector 0). */
void kit_chan_notify(const struct kit_chan *ch, uint32_t peer);

/* Set this peer's state (peers see it in the state table, get an IRQ). */
void kit_chan_set_state(const struct kit_chan *ch, uint32_t state);

/* Peer `peer`'s state as the state table shows it. */
uint32_t kit_chan_peer_state(const struct kit_chan *ch, uint32_t peer);

/* Doorbells this peer sent that reached no one (the Septum counter). */
uint32_t kit_chan_dropped(const struct kit_chan *ch);

/*
 * For the cell's IRQ handler: if `intid` is this channel's, count the event
 * and return true.
 */
bool kit_chan_irq(struct kit_chan *ch, uint32_t intid);

/*
 * Sleep (WFI) until ch->events differs from `seen` or `timeout_us` passes;
 * returns the new event count (== seen on timeout).
 */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us);

/* The rings between this peer and `peer`, with the protocol's slot size. */
enum chan_ring_status kit_chan_ring(const struct kit_chan *ch,
				    struct chan_ring *r, uint32_t peer,
				    uint32_t slot_size);

#endif /* KIT_CHAN_H */
