/*
 * Virtual GIC state shared by vgic.c (physical interrupts, list registers),
 * vgic_lr.c (one vCPU's list registers), vgic_call.c (work run on another
 * vCPU's CPU), vgic_state.c (an interrupt's enable, pending and active
 * state) and vgic_dist.c (the emulated distributor and redistributors).
 *
 * Where an interrupt's state lives:
 *  - its configuration (enable, group, priority, trigger, route) in its
 *    struct virq, banked per vCPU below 32;
 *  - pending and waiting for a list register: a bit in the pending bitmap
 *    of the vCPU it goes to (any CPU sets it, only that vCPU's CPU takes
 *    it); a GICv2 SGI also names its senders in sgi_src;
 *  - in a list register of the vCPU that took it: pending, active, or
 *    both, readable and changeable only on that vCPU's CPU, which others
 *    ask through vgic_call();
 *  - a hardware-linked interrupt that waits or sits in a list register is
 *    active in the physical GIC too (the hypervisor acknowledged it); the
 *    physical GIC keeps its pending state meanwhile (a level-sensitive
 *    line, a new edge), and again once the cell's EOI deactivates it.
 */
#ifndef ARCH_VGIC_INT_H
#define ARCH_VGIC_INT_H

#include <arch/gic.h>
#include <arch/guest.h>
#include <arch/vgic.h>

#define NR_INTIDS 1024
#define NR_WORDS (NR_INTIDS / 64)
#define MAX_LRS 16
#define FIRST_SPI 32

#define VIRQ_OWNED BIT(0)
#define VIRQ_ENABLED BIT(1)
#define VIRQ_EDGE BIT(2)
#define VIRQ_HW BIT(3)
#define VIRQ_GROUP1 BIT(4)
#define VIRQ_ACTIVE BIT(5)	/* made active by ISACTIVER, in no LR */
#define VIRQ_LINE BIT(6)	/* purely virtual: its device's line is high */
#define VIRQ_LATCH BIT(7)	/* level-sensitive: pending by ISPENDR */

#define NO_TARGET 0xff		/* an SPI routed to no CPU of the cell */
/* SPIs a cell can own: passed-through, its UART's, one a channel. */
#define MAX_OWNED_SPIS (SEPTUM_MAX_IRQS + 1 + SEPTUM_MAX_CHANNELS)

/* More distributor registers (those at the same offsets in both versions:
 * arch/gic.h). */
#define GICD_CPENDSGIR 0xf10
#define GICD_SPENDSGIR 0xf20
#define GICD_IROUTER 0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICV3_PIDR2 0xffe8
#define GICV2_PIDR2 0xfe8
#define GICV3_DIST_SIZE 0x10000
#define GICV2_DIST_SIZE 0x1000
#define IIDR_ARM 0x43b

/* GICv2: the page of the CPU interface that holds IAR, EOIR, HPPIR... */
#define GICV2_CPUIF_PAGE 0x1000

#define GICR_STRIDE 0x20000
#define GICR_SGI 0x10000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014

/* GICD_CTLR's group enables (both versions). */
#define CTLR_GRP0 BIT(0)
#define CTLR_GRP1 BIT(1)

struct virq {
	uint8_t priority;
	uint8_t target;		/* SPIs: the vCPU it goes to, or NO_TARGET */
	uint8_t flags;		/* VIRQ_*, changed atomically */
	uint8_t targets;	/* v2 SPIs: GICD_ITARGETSR as kept */
	uint16_t pintid;	/* with VIRQ_HW */
	uint8_t holders;	/* SPIs: vCPUs it was queued to since */
	uint8_t slot;		/* owned SPIs: its index in vgic_cell.irouter */
};
_Static_assert(sizeof(struct virq) == 8, "a virq indexes by a shift");

/* summary: bit w (< NR_WORDS): word w of pending may be non-zero. */
#define SUMMARY_ATTN BIT(63)	/* look at the list registers (vgic_lr.c) */

/*
 * One vCPU's interrupts.  pending: waiting for a list register.  summary:
 * bit w set after word w of pending may have become non-zero, cleared
 * before it is taken, so the exit path finds "nothing waits" in one load;
 * SUMMARY_ATTN asks the vCPU's CPU to look at its list registers (calls
 * from other CPUs, deactivations it asked to see, a line that dropped).
 */
struct vgic_cell;

struct vgic_vcpu {
	uint64_t summary;
	uint32_t hcr;		/* GIC_HCR_* in force on its CPU */
	struct vgic_cell *g;	/* its cell's */
	struct virq banked[32];
	uint64_t pending[NR_WORDS];
	uint8_t sgi_src[16];	/* v2: per SGI, the vCPUs it is pending from */
	bool asleep;		/* v3 GICR_WAKER.ProcessorSleep */
	bool hw_check;		/* hardware-linked LRs filled while the cell
				 * masked IRQs: their lines may drop before it
				 * takes them (vgic_lr.c) */
	bool lr_full;		/* something waits for a free LR */
	bool g1_once;		/* the trapped access runs untrapped once */
};
_Static_assert(NR_WORDS <= 63, "one summary bit per pending word");

/*
 * A cell's distributor, sized to the cell: it has nints INTIDs (32 times
 * ITLinesNumber + 1, enough for the highest SPI the cell owns), and spi[]
 * holds exactly those, indexed by INTID (the first 32 unused); every index
 * into spi[] is checked against nints or comes from an owned SPI.
 */
struct vgic_cell {
	uint8_t ctlr;		/* GICD_CTLR group enables, CTLR_GRP* */
	unsigned int nints;	/* INTIDs: spi[]'s length, a multiple of 32 */
	/* v3: GICD_IROUTER as kept (Aff2-0, IRM), by owned SPI's slot */
	uint32_t irouter[MAX_OWNED_SPIS];
	unsigned int nowned;
	uint32_t owned_spis[NR_INTIDS / 32];	/* bit per VIRQ_OWNED SPI */
	uint32_t enabled_spis[NR_INTIDS / 32];	/* bit per VIRQ_ENABLED SPI,
						 * set and cleared with it */
	uint64_t orphans[NR_WORDS];	/* pending SPIs routed to no vCPU */
	struct vgic_vcpu *vcpus;	/* the cell's vCPUs', after spi[] */
	uint64_t logged;
	struct virq spi[];
};

/* Which cell (index + 1) and virtual INTID a physical SPI belongs to. */
struct powner {
	uint8_t cell;
	uint16_t vintid;
};

extern const struct septum_config *vgic_cfg;
/* The board's GIC and timers, from the config. */
extern const struct septum_gic *vgic_gic;
extern const struct septum_timer *vgic_timer;
extern unsigned int vgic_nr_lrs;	/* list registers: the same on every CPU */
/* What a cell's accesses to the GIC hit (vgic_dist.c): the distributor's
 * window, the one of the other frames it may reach (the
 * redistributors, or GICv2's CPU interface), and the span of both (with
 * what lies between). */
struct vgic_window {
	uint64_t pa, size;
};
extern struct vgic_window vgic_dist_window, vgic_frames_window, vgic_span;
/* Each cell's, from the hypervisor's region as the cell is built. */
extern struct vgic_cell *vgics[SEPTUM_MAX_CELLS];
extern struct virq vgic_nobody;
/* The vCPU pinned to each CPU, for the exit path (set as cells are built). */
extern struct vgic_vcpu *vgic_here[SEPTUM_MAX_CPUS];

/* Inline: the distributor emulation looks them up once per interrupt. */
static inline struct vgic_cell *vgic_of(const struct cell *c)
{
	return vgics[c->index];
}

/*
 * An interrupt's state: banked for vCPU `bank` below 32; never NULL.  Beyond
 * the cell's INTIDs: an interrupt nobody owns, written to no avail.  Out of
 * line (vgic_state.c): the registers' rare paths ask it, not the exits.
 */
struct virq *virq_of(struct vgic_cell *g, unsigned int bank, uint32_t intid);

static inline __attribute__((always_inline)) uint8_t
virq_flags(const struct virq *q)
{
	return __atomic_load_n(&q->flags, __ATOMIC_RELAXED);
}

static inline void virq_set(struct virq *q, uint8_t bits, bool on)
{
	if (on)
		__atomic_fetch_or(&q->flags, bits, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&q->flags, (uint8_t)~bits, __ATOMIC_RELAXED);
}

/* The banked interrupts every vCPU owns (reset_banked() in vgic.c): the
 * SGIs and the timer PPIs. */
static inline uint32_t vgic_banked_owned(void)
{
	return 0xffffu | (uint32_t)BIT(vgic_timer->virt_intid) |
	       (uint32_t)BIT(vgic_timer->phys_intid);
}

/* The physical CPU of vCPU `index` of cell c. */
static inline unsigned int vgic_pcpu(const struct cell *c, unsigned int index)
{
	return c->vcpus[index].pcpu;
}

static inline unsigned int vgic_ctz(uint64_t bits)
{
	return (unsigned int)__builtin_ctzll(bits);
}

/* Whether v's cell runs with IRQs masked (PSTATE.I in its exit frame). */
static inline bool vgic_masked(const struct vcpu *v)
{
	return ((const struct guest_frame *)v->arch)->pstate & BIT(7);
}

/* The vCPU interrupt intid goes to: `bank` (banked), its target (SPIs). */
static inline unsigned int virq_home(unsigned int bank, uint32_t intid,
				     const struct virq *q)
{
	return intid < FIRST_SPI ? bank : q->target;
}

/*
 * Whether interrupt q may be put in a list register now: enabled, its group
 * enabled in the distributor, not made active by software.
 */
static inline bool virq_deliverable(const struct vgic_cell *g,
				    const struct virq *q)
{
	uint8_t f = virq_flags(q);

	return (f & (VIRQ_ENABLED | VIRQ_ACTIVE)) == VIRQ_ENABLED &&
	       (g->ctlr & ((f & VIRQ_GROUP1) ? CTLR_GRP1 : CTLR_GRP0));
}

/*
 * The list register value (arch/gic.h) that makes interrupt vintid (q, its
 * flags f) pending at `priority`: linked to its physical interrupt if
 * VIRQ_HW; else from GICv2 SGI sender `source`, asking to see its
 * deactivation if eoi.
 */
static inline uint64_t virq_lr(uint32_t vintid, const struct virq *q,
			       uint8_t f, uint8_t priority, uint8_t source,
			       bool eoi)
{
	return ICH_LR_PENDING | ((f & VIRQ_GROUP1) ? ICH_LR_GROUP1 : 0) |
	       (uint64_t)priority << ICH_LR_PRIORITY_SHIFT |
	       ((f & VIRQ_HW) ? ICH_LR_HW | (uint64_t)q->pintid
						    << ICH_LR_PINTID_SHIFT
			      : (uint64_t)source << ICH_LR_SOURCE_SHIFT |
					(eoi ? ICH_LR_EOI : 0)) |
	       vintid;
}

/* Queue vintid for vCPU `vcpu` of cell c (kicking its CPU if remote). */
void vgic_queue(struct cell *c, unsigned int vcpu, uint32_t vintid);
/* The same for a GICv2 SGI from vCPU `source`. */
void vgic_queue_sgi(struct cell *c, unsigned int vcpu, uint32_t sgi,
		    unsigned int source);
/* Take vintid out of vCPU `vcpu`'s queue; true if it was there. */
bool vgic_unqueue(struct cell *c, unsigned int vcpu, uint32_t vintid);
/* Whether vintid waits in vCPU `vcpu`'s queue. */
bool vgic_queued(const struct cell *c, unsigned int vcpu, uint32_t vintid);
/* Ask vCPU `vcpu` to look at its list registers (kicking its CPU). */
void vgic_attention(struct cell *c, unsigned int vcpu);
/* vintid may have become deliverable: if it waits for vCPU `vcpu`, look. */
void vgic_wake(struct cell *c, unsigned int vcpu, uint32_t vintid);

/* --- one vCPU's list registers (vgic_lr.c), on that vCPU's CPU ---------- */

/* What vgic_lr_op() does with one interrupt in this CPU's LRs. */
enum lr_op {
	LR_STATE,	/* report LRS_* */
	LR_UNPEND,	/* ICPENDR: its pending state ends */
	LR_UNACTIVE,	/* ICACTIVER: its active state ends */
	LR_RECALL,	/* take it back from a pending LR: its configuration
			 * changed (disabled, made active, re-routed) */
};
#define LRS_PENDING BIT(0)
#define LRS_ACTIVE BIT(1)
#define LRS_SOURCE(cpu) (1u << (8 + (cpu)))	/* a pending GICv2 SGI's sender */
#define LRS_SOURCES(st) (((st) >> 8) & 0xff)

unsigned int vgic_lr_op(struct vcpu *v, uint32_t vintid, enum lr_op op);
/*
 * Hardware-linked q leaves the cell pending, not taken (from an LR or a
 * queue): the physical GIC keeps its pending state again (an edge or a
 * latch raised again: the hypervisor's acknowledge consumed them) and it
 * is deactivated there, unless software keeps it active.  pcpu: the CPU of
 * a banked one.
 */
void vgic_give_back(const struct virq *q, unsigned int pcpu);
/* Bring the LRs in line with the interrupts' state (ATTN, exits). */
void vgic_lr_attention(struct vcpu *v);
/* Put what waits in the LRs, highest priority first. */
void vgic_lr_fill(struct vcpu *v);
/* The virtual interface controls this vCPU needs now. */
void vgic_lr_controls(struct vcpu *v);
/*
 * The vCPU stops or restarts: its LRs empty, its SGIs and PPIs dropped
 * (their physical side deactivated).  Its SPIs outlive it, as they do in
 * a GIC's distributor: a pending one waits where it goes, an active one
 * stays active.
 */
void vgic_lr_drop_all(struct vcpu *v);
/* A hardware-linked interrupt was put in an LR while the cell masked IRQs. */
void vgic_lr_hw_masked(struct vcpu *v);
/* GICv2: an access at `off` to the cell's CPU interface page, trapped. */
void vgic_gicv_access(struct vcpu *v, uint32_t off, struct vm_access *a);

/* --- work on another vCPU's CPU (vgic_call.c) --------------------------- */

/*
 * Run vgic_lr_op(vintid, op) (vintid below NR_INTIDS, as the registers
 * decode every INTID) for vCPU `target` of v's cell on its CPU and
 * return its result (0 if it did not answer in time, logged).  From an
 * exit of v, no lock held.
 */
unsigned int vgic_call(struct vcpu *v, unsigned int target, uint32_t vintid,
		       enum lr_op op);

/* --- an interrupt's state as the registers see it (vgic_state.c) -------- */

bool vgic_is_pending(struct vcpu *v, unsigned int bank, uint32_t intid);
bool vgic_is_active(struct vcpu *v, unsigned int bank, uint32_t intid);
void vgic_set_enabled(struct vcpu *v, unsigned int bank, uint32_t intid,
		      bool on);
void vgic_set_pending(struct vcpu *v, unsigned int bank, uint32_t intid,
		      bool on);
void vgic_set_active(struct vcpu *v, unsigned int bank, uint32_t intid,
		     bool on);
void vgic_set_edge(struct vcpu *v, unsigned int bank, uint32_t intid,
		   bool edge);
/* SPI intid now goes to vCPU `target` (NO_TARGET: none). */
void vgic_set_target(struct vcpu *v, uint32_t intid, unsigned int target);
/* GICD_CTLR's group enables became `ctlr`. */
void vgic_set_ctlr(struct vcpu *v, uint8_t ctlr);
/* GICv2 SGI `sgi` of v from the vCPUs in `sources`: pending or not. */
uint8_t vgic_sgi_sources(struct vcpu *v, uint32_t sgi);
void vgic_sgi_set_sources(struct vcpu *v, uint32_t sgi, uint8_t sources,
			  bool on);

#endif /* ARCH_VGIC_INT_H */
