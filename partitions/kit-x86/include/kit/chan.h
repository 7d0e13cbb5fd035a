/*
 * IVSHMEM channels for bare-metal x86 cells: the register page and shared
 * memory of one channel as the config places them in this cell, its
 * doorbell on an input of the cell's I/O APIC, plus the message rings of
 * partitions/lib/chan_ring.h.  The same calls as the arm64 kit's
 * (partitions/lib/kit_chan.h), with the interrupt named by its I/O APIC
 * input and the vector it is routed to.
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

#include <kit_chan.h>

/* The vector kit_chan_wait()'s timeout arrives at (ignored by the kit). */
#define KIT_CHAN_WAKE_VECTOR 0xefu

/*
 * Open the channel whose register page is at `regs`; with a nonzero
 * `vector`, route I/O APIC input `gsi` to it on the calling CPU and enable
 * the doorbell.  Returns false if the page does not look like an IVSHMEM
 * device.
 */
bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t gsi,
		   uint32_t vector);

#endif /* KIT_CHAN_H */
