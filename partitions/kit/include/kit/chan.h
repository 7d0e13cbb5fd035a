/*
 * IVSHMEM channels for bare-metal cells: the register page and shared
 * memory of one channel as the config places them in this cell, plus the
 * message rings of partitions/lib/chan_ring.h (the calls both kits share:
 * partitions/lib/kit_chan.h).
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

#include <kit_chan.h>

/*
 * Open the channel whose register page is at `regs`, with doorbell
 * interrupt `intid` (0: poll only).  Reads the layout from the registers,
 * enables the interrupt at the GIC and in the device, routed to the calling
 * CPU.  Returns false if the page does not look like an ivshmem device.
 */
bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t intid);

#endif /* KIT_CHAN_H */
