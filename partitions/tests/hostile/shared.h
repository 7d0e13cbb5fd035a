/*
 * The hostile test's memory map, as every cell sees it (cells are
 * identity-mapped, so the hostile cell aims at the others' real physical
 * addresses), and what the hostile cell and its victim share in channel
 * "progress".  The same map holds for both systems: hostile/system.dts
 * (a bare-metal victim) and hostile-linux/system.dts (a Linux cell whose
 * RAM starts where the victim's does).
 */
#ifndef HOSTILE_SHARED_H
#define HOSTILE_SHARED_H

#include <kit/gic.h>
#include <stdint.h>

/* The hypervisor's memory (the first 16 MiB of it in both systems). */
#define HYP_RAM 0x40000000ul
#define HYP_IMAGE 0x40200000ul		/* where its image is loaded */
#define HYP_RAM_HIGH 0x40fff000ul
/* The cells' RAM. */
#define HOSTILE_RAM 0x44000000ul
#define VICTIM_RAM 0x48000000ul		/* the victim's, or Linux's */
#define VICTIM_RAM_LAST 0x48fffffcul	/* last word of the victim's 16 MiB */
#define UNASSIGNED_RAM 0x7ffff000ul	/* board RAM nobody was given */

/* Channel "progress": hostile is peer 0, the victim (or Linux) peer 1. */
#define PROGRESS_BASE 0x46000000ul	/* the state table */
#define PROGRESS_RW 0x46001000ul	/* the read/write section */
#define PROGRESS_OUT0 0x46008000ul	/* hostile's output section */
#define PROGRESS_OUT1 0x4600c000ul	/* the victim's output section */
#define PROGRESS_REGS 0x46010000ul	/* each bare-metal peer's register page */
#define PROGRESS_INTID 42		/* the hostile cell's doorbell: SPI 10 */
/* Channel "readonly": the hostile cell may only read it. */
#define READONLY_BASE 0x46100000ul
#define READONLY_RW 0x46101000ul
#define READONLY_REGS 0x46102000ul
#define READONLY_INTID 43		/* SPI 11 */

/*
 * Devices.  These are the virt board's; a real board's build passes its own
 * (guests.mk) and may run only the GIC rounds (HOSTILE_GIC_ONLY), with a
 * victim device that has no alarm (VICTIM_ALARM 0: the victim owns it and
 * its interrupt, which the hostile cell then attacks).
 */
#define OWN_UART KIT_UART		/* every cell's virtual PL011 */
#define OWN_UART_INTID 33
#ifndef RTC
#define RTC 0x09010000ul		/* PL031: the bare-metal victim's */
#define RTC_INTID 34
#define VICTIM_ALARM 1
#else
#define VICTIM_ALARM 0
#endif
#define VIRTIO_MMIO 0x0a000000ul	/* nobody's */
#define PCIE_ECAM_HIGH 0x4010000000ul	/* the board's PCIe: nobody's */
#ifndef GICV2_GICH
#define GICD 0x08000000ul
#define GICV2_GICC 0x08010000ul		/* v2: the cell's virtual CPU interface */
#define GICV2_GICH 0x08030000ul		/* v2: the hypervisor's control frame */
#define GICV2_GICV 0x08040000ul		/* v2: the virtual interface itself */
#endif
#ifndef HOSTILE_GIC_ONLY
#define HOSTILE_GIC_ONLY 0
#endif
#define GICV3_ITS 0x08080000ul
#define GICV3_GICR 0x080a0000ul
#define GICR_EMULATED_END (GICV3_GICR + 8 * GICR_STRIDE) /* SEPTUM_MAX_CPUS */

/* Board CPUs: hostile has 0 (and 2 with a bare-metal victim), the victim 1. */
#define BOARD_CPUS 4

#define VTIMER_INTID 27
#define PTIMER_INTID 30

/* What the hostile cell keeps across its lives (the read/write section). */
struct progress {
	volatile uint32_t round;	/* the round under way */
	volatile uint32_t in_round;	/* a life was in that round */
	volatile uint32_t lives;	/* times the hostile cell booted */
	volatile uint32_t passed;	/* its TEST lines, all lives */
	volatile uint32_t failed;
	volatile uint32_t ended;	/* rounds that ended a life as they should */
	volatile uint32_t started;	/* the runner said go */
	volatile uint32_t done;		/* every round is over */
};

/* What the bare-metal victim publishes (its output section). */
#define VICTIM_MAGIC 0x76696374u	/* "vict" */
struct victim_status {
	volatile uint32_t magic;
	volatile uint32_t ticks;	/* its 1 kHz timer interrupts */
	volatile uint32_t beats;	/* its heartbeat lines */
};

#endif
