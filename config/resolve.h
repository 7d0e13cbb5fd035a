/*
 * Resolving the system against the board: device references to board nodes
 * (with their MMIO ranges and INTIDs), image files to sizes and bytes, and the
 * defaults the user did not write (virtual UART, DTB address, PCI window,
 * channel placement and doorbell interrupts), and the places of what the
 * config gives only a size (place.c).  Problems that make an item
 * unresolvable are reported here; everything else is for check.c.
 */
#ifndef CONFIG_RESOLVE_H
#define CONFIG_RESOLVE_H

#include <septum/abi/ivshmem.h>

#include "board.h"
#include "model.h"

/* Default virtual PCI host of a cell with channels (guest-physical). */
#define DEFAULT_PCI_ECAM 0x30000000u
#define PCI_ECAM_SIZE 0x100000u		/* bus 0 only: 32 slots x 8 fns x 4K */
#define DEFAULT_PCI_WINDOW 0x20000000u
#define DEFAULT_PCI_WINDOW_SIZE 0x10000000u
/* Room kept for a Linux DTB (the arm64 boot protocol's limit). */
#define DTB_RESERVE 0x200000u

/*
 * Resolve *sys against *board.  Image files are read when they exist; a
 * missing file is an error unless the image is preloaded and has a max-size.
 * Errors go to diag.
 */
void resolve_system(struct m_system *sys, const struct board *board);

/* The end of a cell's guest-physical address space on board `b`: 39 bits
 * on arm64 (the stage-2 tables' walk), 48 on x86 (four-level nested
 * paging). */
uint64_t guest_addr_limit(const struct board *b);

/* x86: the local APICs and I/O APICs, where each cell finds its own
 * virtual ones (guest-physical). */
#define X86_APIC_WINDOW 0xfec00000u
#define X86_APIC_WINDOW_END 0xff000000u

/* The frames of the virtual interrupt controller a cell sees where the board
 * has its GIC (none on x86): up to 2, as base, size and a name for
 * messages.  Returns how many. */
uint32_t guest_gic_frames(const struct board *b, uint64_t base[2],
			  uint64_t size[2], const char *what[2]);

/* Index of the cell's region holding guest range [ipa, ipa + size), or -1. */
int cell_region_of(const struct m_cell *c, uint64_t ipa, uint64_t size);

/* The guest INTID is already used in cell `ci`'s view (devices, console,
 * channel doorbells). */
int cell_vintid_used(const struct m_system *sys, uint32_t ci, uint32_t vintid);

/*
 * Size of channel ch's read/write section: what its memory leaves after the
 * state table and the output sections (septum/abi/ivshmem.h).  Only
 * meaningful once check.c found the layout fits (else it wraps).
 */
uint64_t channel_rw_size(const struct m_channel *ch);

#endif /* CONFIG_RESOLVE_H */
