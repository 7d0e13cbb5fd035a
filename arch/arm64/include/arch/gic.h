/*
 * The physical GIC as the hypervisor drives it (arm64 only), version 3 or 2
 * as the config's board description says.  The hypervisor owns the
 * distributor and every CPU interface; cells see only the virtual GIC
 * (vgic.c), fed through the list registers.
 *
 * Interrupts are Group 1, all at one priority; the CPU interface splits
 * priority drop from deactivation (EOImode 1), so an interrupt handed to a
 * cell through a hardware-linked list register is deactivated by the cell's
 * own EOI, without an exit.
 */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include <septum/abi/config.h>
#include <septum/types.h>

#define GIC_SPURIOUS 1023
#define GIC_KICK_SGI 0	/* the hypervisor's "look at your vCPU" SGI */

/* One list register's content, version-neutral. */
struct gic_lr {
	uint32_t vintid;
	uint32_t pintid;	/* with hw: the physical interrupt linked */
	uint8_t priority;	/* the cell's priority (8-bit) */
	bool hw;
	bool pending;
	bool active;
};

struct gic_ops {
	/* Set up the distributor (boot CPU) / this CPU's interface (every CPU). */
	void (*init)(const struct septum_gic *cfg);
	void (*init_cpu)(void);
	/* Acknowledge: the INTID, or GIC_SPURIOUS.  Then priority drop. */
	uint32_t (*ack)(void);
	void (*priority_drop)(uint32_t intid);
	void (*deactivate)(uint32_t intid);
	/* Physical controls of one interrupt. */
	void (*enable)(uint32_t intid, bool on);
	void (*route)(uint32_t intid, unsigned int cpu);
	void (*set_pending)(uint32_t intid, bool on);
	void (*set_edge)(uint32_t intid, bool edge);
	void (*send_sgi)(uint32_t sgi, unsigned int cpu);
	/* List registers of this CPU. */
	unsigned int (*lr_count)(void);
	/* Bit i set: list register i holds nothing (ELRSR). */
	uint64_t (*lr_empty)(void);
	void (*lr_read)(unsigned int i, struct gic_lr *lr);
	void (*lr_write)(unsigned int i, const struct gic_lr *lr);
	/* Underflow maintenance interrupt on/off; the virtual interface on. */
	void (*underflow_irq)(bool on);
};

extern const struct gic_ops gicv3_ops;
extern const struct gic_ops gicv2_ops;

/* The driver in use (set by gic_init()). */
extern const struct gic_ops *gic;

/* Pick and initialise the driver for the config's GIC.  Boot CPU. */
void gic_init(const struct septum_gic *cfg);

#endif /* ARCH_GIC_H */
