/*
 * The physical GIC of the fuzz machine: a model of what arch/gic.h drives
 * (distributor state, each CPU's banked SGIs/PPIs and list registers), and a
 * journal of every operation the hypervisor asked of it during one step, so
 * the checks can tell whose interrupts a guest's action reached.
 */
#ifndef FUZZ_FAKE_GIC_H
#define FUZZ_FAKE_GIC_H

#include <arch/gic.h>
#include "machine.h"

#define FGIC_INTIDS 1024
#define FGIC_MAX_LRS 16

struct fgic_irq {
	bool enabled, pending, active, edge;
	bool line;		/* its device asserts it (level-sensitive) */
	unsigned int route;	/* SPIs: the CPU it is delivered to */
};

/* One list register's content, decoded (arch/gic.h's value, field by
 * field). */
struct fgic_lr {
	uint32_t vintid;
	uint32_t pintid;	/* with hw: the physical interrupt linked */
	uint8_t priority;
	uint8_t source;		/* GICv2 SGI without hw: the sending vCPU */
	bool hw;
	bool pending;
	bool active;
	bool group1;		/* else Group 0 */
	bool eoi;		/* without hw: maintenance once deactivated */
};

enum fgic_op {
	FGIC_DEACTIVATE,
	FGIC_ENABLE,
	FGIC_DISABLE,
	FGIC_ROUTE,
	FGIC_SET_PENDING,
	FGIC_CLEAR_PENDING,
	FGIC_SET_ACTIVE,
	FGIC_SET_EDGE,
	FGIC_SEND_SGI,
	FGIC_ACK,
	FGIC_LR_WRITE,
};

/* One operation: on which CPU, which interrupt, and its argument. */
struct fgic_entry {
	enum fgic_op op;
	unsigned int cpu;
	uint32_t intid;
	uint32_t arg;		/* route/SGI: the target CPU; LR: its index */
};

#define FGIC_JOURNAL 512

struct fgic {
	struct fgic_irq spi[FGIC_INTIDS];
	struct fgic_irq banked[M_CPUS][32];
	struct fgic_lr lr[M_CPUS][FGIC_MAX_LRS];
	bool underflow[M_CPUS];	/* GIC_HCR_UNDERFLOW */
	bool trap_g1[M_CPUS];	/* GIC_HCR_TRAP_G1 (GICv3 only) */
	uint32_t vgroups[M_CPUS];	/* the guest's group enables */
	unsigned int nlr;
	struct fgic_entry journal[FGIC_JOURNAL];
	unsigned int njournal;	/* may exceed FGIC_JOURNAL: then truncated */
};

extern struct fgic fgic;

/* Power-on state with `nlr` list registers per CPU. */
void fgic_reset(unsigned int nlr);

/* State of intid as CPU `cpu` sees it (banked below 32). */
struct fgic_irq *fgic_irq(unsigned int cpu, uint32_t intid);

/*
 * A device asserts SPI (or PPI on `cpu`) intid: an edge (latched), or a
 * level that stays until the interrupt's handler quiets the device (the
 * hypervisor deactivating its own interrupt, the guest ending or quieting
 * a hardware-linked one).  A level-sensitive interrupt is pending only
 * while its line is high, as in a GIC: one whose line fell before it was
 * taken is not pending any more.
 */
void fgic_raise(unsigned int cpu, uint32_t intid);

/*
 * The guest on CPU `cpu` works through list register i % (their number) as
 * the virtual CPU interface would: pending -> active (it acknowledged),
 * active -> free (its EOI; a hardware-linked one deactivates the physical
 * interrupt too, one with the EOI bit stays for the hypervisor to see,
 * raising the maintenance interrupt).  With 0xe0 <= i < 0xf0 the guest
 * instead quiets the device of the hardware-linked interrupt there without
 * ending it (its line drops); with i >= 0xf0 it flips its CPU interface's
 * group enables (bit 0 Group 0, bit 1 Group 1).
 */
void fgic_guest_lr(unsigned int cpu, unsigned int i);

#endif /* FUZZ_FAKE_GIC_H */
