/*
 * Virtual GIC state shared by vgic.c (list registers, physical interrupts)
 * and vgic_dist.c (the emulated distributor and redistributors).
 */
#ifndef ARCH_VGIC_INT_H
#define ARCH_VGIC_INT_H

#include <arch/gic.h>
#include <arch/vgic.h>

#define NR_INTIDS 1024
#define NR_WORDS (NR_INTIDS / 64)
#define MAX_LRS 16

#define VIRQ_OWNED BIT(0)
#define VIRQ_ENABLED BIT(1)
#define VIRQ_EDGE BIT(2)
#define VIRQ_HW BIT(3)

/* Distributor registers (common offsets of v2 and v3). */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_IROUTER 0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICV3_PIDR2 0xffe8
#define GICV2_PIDR2 0xfe8
#define GICV3_DIST_SIZE 0x10000
#define GICV2_DIST_SIZE 0x1000
#define IIDR_ARM 0x43b

#define GICR_STRIDE 0x20000
#define GICR_SGI 0x10000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014

struct virq {
	uint8_t priority;
	uint8_t target;		/* SPIs: the vCPU it goes to */
	uint8_t flags;
	uint16_t pintid;	/* with VIRQ_HW */
};

struct vgic_vcpu {
	struct virq banked[32];
	uint64_t pending[NR_WORDS];
};

struct vgic_cell {
	bool enabled;
	unsigned int lines;	/* ITLinesNumber + 1, in 32s */
	struct virq spi[NR_INTIDS];
	struct vgic_vcpu vcpus[SEPTUM_MAX_CPUS];
	uint64_t logged;
};

/* Which cell (index + 1) and virtual INTID a physical SPI belongs to. */
struct powner {
	uint8_t cell;
	uint16_t vintid;
};


extern const struct septum_config *vgic_cfg;

struct vgic_cell *vgic_of(const struct cell *c);
/* An interrupt's state: banked per vCPU below 32; never NULL. */
struct virq *virq_of(struct vgic_cell *g, unsigned int vcpu, uint32_t intid);

/* Queue vintid for vCPU `vcpu` of cell c (kicking its CPU if remote). */
void vgic_queue(struct cell *c, unsigned int vcpu, uint32_t vintid);

#endif /* ARCH_VGIC_INT_H */
