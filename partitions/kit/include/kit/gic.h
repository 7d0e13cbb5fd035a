/*
 * The kit's GIC helpers, for the cell's virtual GIC: version 3 (system
 * register CPU interface, distributor and redistributors) or 2 (memory-mapped
 * CPU interface).  Addresses are the board's (the hypervisor shows each cell
 * its GIC where the board has it): -DKIT_GICD=, -DKIT_GICR=, -DKIT_GICC=.
 */
#ifndef KIT_GIC_H
#define KIT_GIC_H

#include <stdint.h>

/* Where the board has them; QEMU virt's unless the build says. */
#ifndef KIT_GICD
#define KIT_GICD 0x08000000
#endif
#ifndef KIT_GICR
#define KIT_GICR 0x080a0000
#endif
#ifndef KIT_GICC
#define KIT_GICC 0x08010000
#endif

/* Probe the distributor: 3, 2, or 0 when the cell has no GIC. */
unsigned int kit_gic_version(void);

/*
 * Register offsets (ARM IHI 0069 GICv3, ARM IHI 0048 GICv2), for
 * kit_gicd_read()/kit_gicd_write() and tests of the emulation.
 */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00
#define GICD_IROUTER 0x6000
#define GICV2_PIDR2 0x0fe8
#define GICV3_PIDR2 0xffe8

#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define GICR_STRIDE 0x20000
#define GICR_SGI 0x10000	/* SGI_base frame */

/* Enable the distributor (boot CPU) and this CPU's interface (every CPU). */
void kit_gic_init(void);
void kit_gic_init_cpu(void);

/* Enable/disable an interrupt (SGIs and PPIs: the caller's CPU's). */
void kit_gic_enable(uint32_t intid);
void kit_gic_disable(uint32_t intid);

/* Route SPI `intid` to the cell's CPU `cpu`. */
void kit_gic_route(uint32_t intid, unsigned int cpu);

/* Send SGI `intid` (0-15) to the cell's CPU `cpu`. */
void kit_gic_send_sgi(uint32_t intid, unsigned int cpu);

/* Set an interrupt pending by software (GICD_ISPENDR). */
void kit_gic_set_pending(uint32_t intid);

/* Raw distributor access, for tests of the emulation. */
uint32_t kit_gicd_read(uint32_t offset);
void kit_gicd_write(uint32_t offset, uint32_t value);
/* One byte of a byte-accessible register (IPRIORITYR, ITARGETSR). */
void kit_gicd_write8(uint32_t offset, uint8_t value);

#endif /* KIT_GIC_H */
