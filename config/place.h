/*
 * Placing what a config gives only a size: a region's or a channel's memory
 * in free board RAM, and a region's, a channel's, its register page's or a
 * PCI memory window's guest address in the cell's free guest address space.
 * The same system always gets the same layout: things are placed in file
 * order, each at the lowest address that fits, naturally aligned.  See
 * docs/config.md, "Placement".
 */
#ifndef CONFIG_PLACE_H
#define CONFIG_PLACE_H

#include <stdint.h>

#include "board.h"
#include "model.h"

/* Guest placement starts here: page 0 and the first megabyte stay unmapped
 * (a guest's null pointer faults). */
#define PLACE_GUEST_FIRST 0x100000u

/*
 * Place every uncoloured region and every channel without a base in the
 * board RAM that the hypervisor and the items with a base leave, regions
 * (cell by cell) before channels.  What does not fit is reported at its
 * size and marked malformed.
 */
void place_memory(struct m_system *sys, const struct board *b);

/*
 * Place, in each cell's guest address space, a Linux cell's PCI memory window
 * given as a size, then the regions without base and guest-base.  Run once
 * the cells' devices, consoles and PCI hosts are resolved.
 */
void place_guest(struct m_system *sys, const struct board *b);

/*
 * Peer `p` (a bare-metal cell's) of channel `ch`: its guest-base when the
 * channel's memory was placed (the identity otherwise, as written), and its
 * register page when not written (the first free page after its memory).
 */
void place_peer_guest(struct m_system *sys, const struct board *b,
		      struct m_peer *p, const struct m_channel *ch);

/* The alignment of a region of `size` bytes (2 MiB from 2 MiB up, else
 * 4 KiB) and of a channel (its size's power of two, 4 KiB to 2 MiB). */
uint64_t place_region_align(uint64_t size);
uint64_t place_channel_align(uint64_t size);

#endif /* CONFIG_PLACE_H */
