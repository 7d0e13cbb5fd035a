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

/*
 * pending: interrupts waiting for a list register.  summary bit w: word w
 * of pending may be non-zero (set after the word, cleared before it is
 * taken), so the exit path finds "nothing waits" in one load.
 */
struct vgic_vcpu {
	struct virq banked[32];
	uint64_t summary;
	uint64_t pending[NR_WORDS];
};
_Static_assert(NR_WORDS <= 64, "one summary bit per pending word");

struct vgic_cell {
	bool enabled;
	unsigned int lines;	/* ITLinesNumber + 1, in 32s */
	struct virq spi[NR_INTIDS];
	uint32_t owned_spis[NR_INTIDS / 32];	/* bit per VIRQ_OWNED SPI */
	struct vgic_vcpu vcpus[SEPTUM_MAX_CPUS];
	uint64_t logged;
};

/* Which cell (index + 1) and virtual INTID a physical SPI belongs to. */
struct powner {
	uint8_t cell;
	uint16_t vintid;
};


extern const struct septum_config *vgic_cfg;
/* The board's GIC, timers and GIC version (2 or 3), from the config. */
extern const struct septum_gic *vgic_gic;
extern const struct septum_timer *vgic_timer;
extern unsigned int vgic_version;
extern struct vgic_cell vgics[SEPTUM_MAX_CELLS];
extern struct virq vgic_nobody;

/* Inline: the distributor emulation looks them up once per interrupt. */
static inline struct vgic_cell *vgic_of(const struct cell *c)
{
	return &vgics[c->index];
}

/* An interrupt's state: banked per vCPU below 32; never NULL. */
static inline struct virq *virq_of(struct vgic_cell *g, unsigned int vcpu,
				   uint32_t intid)
{
	/* Beyond the INTID space: an interrupt nobody owns, written to no avail. */
	if (intid >= NR_INTIDS) {
		vgic_nobody = (struct virq){ 0 };
		return &vgic_nobody;
	}
	return intid < 32 ? &g->vcpus[vcpu].banked[intid] : &g->spi[intid];
}

/* Queue vintid for vCPU `vcpu` of cell c (kicking its CPU if remote). */
void vgic_queue(struct cell *c, unsigned int vcpu, uint32_t vintid);

#endif /* ARCH_VGIC_INT_H */
