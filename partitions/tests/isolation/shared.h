/* What the thief and the victim share: the channel "progress". */
#ifndef ISOLATION_SHARED_H
#define ISOLATION_SHARED_H

#include <stdint.h>

#define PROGRESS 0x46001000ul	/* the channel after its state table */
#define PROGRESS_REGS 0x46010000ul	/* the thief's ivshmem register page */
/*
 * What the thief aims at: physical addresses of the board it is built for
 * (guests.mk passes the real boards' ones; these are the virt board's).
 */
#ifndef VICTIM_RAM
#define VICTIM_RAM 0x45000000ul		/* the victim's RAM */
#endif
#ifndef HYP_RAM
#define HYP_RAM 0x40200000ul		/* the hypervisor's image */
#endif
#ifndef UNASSIGNED_DEVICE
#define UNASSIGNED_DEVICE 0x0a000000ul	/* virtio-mmio: nobody's */
#endif
#define OWN_UART KIT_UART		/* its own virtual PL011 */

struct progress {
	volatile uint32_t round;	/* next attempt of the thief */
	volatile uint32_t done;		/* the thief finished every round */
	volatile uint32_t lives;	/* times the thief booted */
	volatile uint32_t passed;	/* the thief's TEST lines, all lives */
	volatile uint32_t failed;
};

#define ROUNDS 8

#endif
