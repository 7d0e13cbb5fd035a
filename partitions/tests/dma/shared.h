/* What the DMA thief and its victim share: the channel "progress". */
#ifndef DMA_SHARED_H
#define DMA_SHARED_H

#include <stdint.h>

#define PROGRESS 0x46001000ul	/* the channel after its state table */
#define STATE_TABLE 0x46000000ul	/* read-only for both peers */
#define HYP_IMAGE 0x40200000ul	/* the hypervisor's image */
#define HYP_MEMORY 0x40000000ul	/* the start of the hypervisor's memory */
#define GUARD_WORDS 1024u
#define VPCI_ECAM 0x30000000ul	/* the thief's virtual PCI host (default) */
#define EDU_INTID 37u		/* edu 02:0's INTA: SPI 5 (interrupt-map) */

struct progress {
	volatile uint32_t round;	/* next attempt of the thief */
	volatile uint32_t done;		/* the thief finished every round */
	volatile uint32_t lives;	/* times the thief booted */
	volatile uint32_t passed;	/* the thief's TEST lines, all lives */
	volatile uint32_t failed;
	volatile uint64_t guard;	/* the victim's guard words (its RAM) */
};

#define ROUNDS 5

#endif
