/*
 * The virtual GIC (see arch/vgic.h and, for where its state lives,
 * arch/vgic_int.h): set-up, the physical interrupts and how they reach a
 * cell, the queues of waiting interrupts, and the exit path's look at them.
 *
 * The common delivery is short on purpose: a physical interrupt of the
 * vCPU running here (its timer, a device routed to it) goes straight into
 * list register 0 when the list registers are empty and nothing waits.
 * Everything else (several waiting, priorities, level-sensitive lines,
 * calls from other CPUs) takes the slow path of the exit, vgic_lr.c.
 */
#include <arch/gic_exit.h>
#include <arch/guest.h>
#include <arch/smmu.h>
#include <arch/stage2.h>
#include <arch/sysreg.h>
#include <arch/vgic_int.h>
#include <septum/arch/vm.h>
#include <septum/config.h>
#include <septum/drivers/board.h>
#include <septum/hypmem.h>
#include <septum/irq.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/percpu.h>

struct vgic_cell *vgics[SEPTUM_MAX_CELLS];
struct vgic_vcpu *vgic_here[SEPTUM_MAX_CPUS];
static struct powner powners[NR_INTIDS];
const struct septum_config *vgic_cfg;
const struct septum_gic *vgic_gic;
const struct septum_timer *vgic_timer;
unsigned int gic_any_version;
unsigned int vgic_nr_lrs;
static uint64_t all_lrs;	/* a bit per list register */
_Static_assert(MAX_LRS <= 32, "GICv2's fast path reads GICH_ELRSR0 alone");

bool vgic_up;

static bool ppi(uint32_t intid)
{
	return intid >= SEPTUM_INTID_PPI_FIRST && intid < SEPTUM_INTID_SPI_FIRST;
}

/*
 * The arm64 part of the board description (core checks the rest): the GIC
 * version this image drives, and PPIs where the timers and the maintenance
 * interrupt must be.
 */
static COLD void check_board(const struct septum_board *b)
{
	const struct septum_timer *t = &b->arch.arm64.timer;
	unsigned int version = b->irqchip == SEPTUM_IRQCHIP_GICV3 ? 3 : 2;

	if (b->irqchip != SEPTUM_IRQCHIP_GICV2 &&
	    b->irqchip != SEPTUM_IRQCHIP_GICV3)
		panic("the partition config describes interrupt controller "
		      "kind %u, not a GIC: it was built for another board",
		      b->irqchip);
	if (GIC_VERSION && version != GIC_VERSION)
		panic("the partition table describes a GICv%u, but this image "
		      "(board %s) drives a GICv%u: build Septum for the board "
		      "the table was made for", version, board.name,
		      (unsigned int)GIC_VERSION);
	if (!ppi(b->arch.arm64.gic.maint_intid) || !ppi(t->phys_intid) ||
	    !ppi(t->virt_intid) || !ppi(t->hyp_intid))
		panic("the partition config's GIC maintenance or timer "
		      "interrupts are not PPIs");
}

/* The smallest window holding both a and b. */
static COLD struct vgic_window span(const struct vgic_window *a,
				    const struct vgic_window *b)
{
	uint64_t lo = a->pa < b->pa ? a->pa : b->pa;
	uint64_t hi = a->pa + a->size > b->pa + b->size ? a->pa + a->size
							: b->pa + b->size;

	return (struct vgic_window){ lo, hi - lo };
}

COLD void vgic_init(void)
{
	vgic_cfg = config_get();
	check_board(&vgic_cfg->board);
	vgic_gic = &vgic_cfg->board.arch.arm64.gic;
	vgic_timer = &vgic_cfg->board.arch.arm64.timer;
	gic_any_version = vgic_cfg->board.irqchip == SEPTUM_IRQCHIP_GICV3 ? 3
									 : 2;
	vgic_dist_window = (struct vgic_window){
		vgic_gic->gicd_pa,
		gic_version() == 3 ? GICV3_DIST_SIZE : GICV2_DIST_SIZE };
	vgic_frames_window = gic_version() == 3
		? (struct vgic_window){ vgic_gic->gicr_pa,
					(uint64_t)GICR_STRIDE * SEPTUM_MAX_CPUS }
		: (struct vgic_window){ vgic_gic->gicc_pa, GICV2_CPUIF_PAGE };
	vgic_span = span(&vgic_dist_window, &vgic_frames_window);
	vgic_dist_hpfar = HPFAR_OF(vgic_gic->gicd_pa);
	gic_init(vgic_gic);
	vgic_nr_lrs = gic_lr_count();
	if (vgic_nr_lrs > MAX_LRS)
		vgic_nr_lrs = MAX_LRS;
	all_lrs = BIT(vgic_nr_lrs) - 1;
	log_info("GICv%u: interrupts of cells go through list registers",
		 gic_version());
	vgic_up = true;
}

/* The GICv2 CPU interfaces, physical and virtual: two pages each. */
#define GICV2_CPUIF_SIZE 0x2000

/*
 * The GIC's frames, physical and as each cell finds them at the same
 * addresses (on GICv2, the virtual CPU interface mapped where the CPU
 * interface is): GICv3 has the first two, GICv2 all but the second.
 */
static const char *const gic_frames[2][5] = {
	{ "the GIC distributor", "the GIC redistributors",
	  "the GIC CPU interface", "the GIC virtual interface control",
	  "the GIC virtual CPU interface" },
	{ "the virtual GIC distributor", "the virtual GIC redistributors",
	  "the virtual GIC CPU interface" } };

COLD bool arch_vm_reserved(bool guest, unsigned int k, struct vm_range *r)
{
	const struct septum_gic *g = vgic_gic;
	unsigned int i = k == 0 || gic_version() == 3 ? k : k + 1;

	if (k >= (guest || gic_version() == 3 ? 2u : 4u))
		return false;
	/* Only the one asked for: the frames' bases, then their sizes. */
	r->base = i == 0 ? g->gicd_pa : i == 1 ? g->gicr_pa
		: i == 2 ? g->gicc_pa : i == 3 ? g->gich_pa : g->gicv_pa;
	r->size = i == 0 ? vgic_dist_window.size
		: i == 1 ? (uint64_t)GICR_STRIDE * vgic_cfg->board.num_cpus
		: i == 3 ? 0x1000 : GICV2_CPUIF_SIZE;
	r->what = gic_frames[guest][i];
	return true;
}

/* The hypervisor's own device interrupts, routed as their CPU comes up. */
static struct {
	uint32_t intid;
	unsigned int cpu;
	bool edge;
} claims[4];
static unsigned int nclaims;
static bool cpu_ready[SEPTUM_MAX_CPUS];

static COLD void route_claim(unsigned int i)
{
	gic_set_edge(claims[i].intid, claims[i].cpu, claims[i].edge);
	gic_route(claims[i].intid, claims[i].cpu);
	gic_enable(claims[i].intid, claims[i].cpu, true);
}

/* Whether the hypervisor claimed intid for itself (vgic_claim()). */
static bool claimed(uint32_t intid)
{
	unsigned int n = __atomic_load_n(&nclaims, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < n; i++) {
		if (claims[i].intid == intid)
			return true;
	}
	return false;
}

COLD void vgic_claim(uint32_t intid, unsigned int cpu, bool edge)
{
	if (nclaims == sizeof(claims) / sizeof(claims[0]))
		panic("GIC: more hypervisor interrupts than slots");
	claims[nclaims].intid = intid;
	claims[nclaims].cpu = cpu;
	claims[nclaims].edge = edge;
	if (__atomic_load_n(&cpu_ready[cpu], __ATOMIC_ACQUIRE))
		route_claim(nclaims);
	__atomic_store_n(&nclaims, nclaims + 1, __ATOMIC_RELEASE);
}

COLD void vgic_init_cpu(void)
{
	unsigned int me = percpu_this()->index;
	struct vcpu *v = cell_this_vcpu();

	/* Cells are built: the exit path finds this CPU's vCPU directly. */
	if (v)
		vgic_here[me] = &vgic_of(v->cell)->vcpus[v->index];

	gic_init_cpu();
	__atomic_store_n(&cpu_ready[me], true, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < __atomic_load_n(&nclaims, __ATOMIC_ACQUIRE);
	     i++) {
		if (claims[i].cpu == me)
			route_claim(i);
	}
	gic_enable(GIC_KICK_SGI, me, true);
	gic_enable(vgic_gic->maint_intid, me, true);
	gic_enable(vgic_timer->hyp_intid, me, true);
}

struct virq vgic_nobody;

/* Whether vintid is an SPI a cell can own (not 1020-1023, special). */
static bool ownable(uint32_t vintid)
{
	return vintid >= FIRST_SPI && vintid < NR_INTIDS - 4;
}

/* Mark vintid owned by the cell, linked to physical pintid if hw. */
static void own(struct vgic_cell *g, uint32_t vintid, bool hw, uint32_t pintid)
{
	struct virq *q;

	if (!ownable(vintid) || vintid >= g->nints)
		return;
	q = &g->spi[vintid];
	if (!(q->flags & VIRQ_OWNED)) {
		if (g->nowned == MAX_OWNED_SPIS)
			panic("GIC: cell owns more SPIs than its limits allow");
		q->slot = (uint8_t)g->nowned++;
	}
	q->flags = (uint8_t)(VIRQ_OWNED | (hw ? VIRQ_HW : 0));
	q->pintid = (uint16_t)pintid;
	g->owned_spis[vintid / 32] |= BIT(vintid % 32);
	g->enabled_spis[vintid / 32] &= ~(uint32_t)BIT(vintid % 32);
}

/*
 * The group an interrupt has after reset, which is UNKNOWN (GICv3) or
 * IMPLEMENTATION DEFINED: what the cells' OSes use with one security
 * state, Group 1 on GICv3 (Group 0 is FIQ there), Group 0 on GICv2 (where
 * a GIC without security extensions signals it as IRQ, and an OS enables
 * Group 0 only).
 */
#define RESET_GROUP (gic_version() == 3 ? VIRQ_GROUP1 : 0)

/* SGIs and the timer PPIs, as after reset: disabled. */
static void reset_banked(struct vgic_vcpu *vv)
{
	const struct septum_timer *t = vgic_timer;
	uint8_t grp = RESET_GROUP;

	for (unsigned int i = 0; i < 32; i++)
		vv->banked[i] = (struct virq){ 0 };
	for (unsigned int i = 0; i < 16; i++)
		vv->banked[i].flags = VIRQ_OWNED | VIRQ_EDGE | grp;
	vv->banked[t->virt_intid].flags = VIRQ_OWNED | VIRQ_HW | grp;
	vv->banked[t->virt_intid].pintid = (uint16_t)t->virt_intid;
	vv->banked[t->phys_intid].flags = VIRQ_OWNED | VIRQ_HW | grp;
	vv->banked[t->phys_intid].pintid = (uint16_t)t->phys_intid;
	for (unsigned int i = 0; i < 16; i++)
		vv->sgi_src[i] = 0;
	vv->asleep = true;
}

/* An SPI a cell may own: `top`, the highest so far, updated; with g, the
 * cell's distributor owns it (linked to physical pintid if hw). */
static COLD uint32_t spi_of_cell(struct vgic_cell *g, uint32_t top,
				 uint32_t vintid, bool hw, uint32_t pintid)
{
	if (g)
		own(g, vintid, hw, pintid);
	return ownable(vintid) && vintid > top ? vintid : top;
}

/*
 * The SPIs cell c owns (its passed-through interrupts, its UART's, its
 * channels'): the highest is returned; with g, the cell's distributor owns
 * each, and the exit path finds the passed-through ones.
 */
static COLD uint32_t cell_spis(const struct septum_config *sc,
			       const struct cell *c, struct vgic_cell *g)
{
	const struct septum_cell *cc = c->cfg;
	uint32_t top = 0;

	for (unsigned int i = 0; i < cc->num_irqs; i++) {
		top = spi_of_cell(g, top, cc->irqs[i].vintid, true,
				  cc->irqs[i].pintid);
		/* The exit path indexes spi[] by what it finds here. */
		if (g && ownable(cc->irqs[i].vintid))
			powners[cc->irqs[i].pintid] = (struct powner){
				(uint8_t)(c->index + 1),
				(uint16_t)cc->irqs[i].vintid };
	}
	if (cc->vuart.kind != SEPTUM_VUART_NONE)
		top = spi_of_cell(g, top, cc->vuart.vintid, false, 0);
	for (unsigned int i = 0; i < sc->header.num_channels; i++) {
		const struct septum_channel *ch = &sc->channels[i];

		for (unsigned int p = 0; p < ch->num_peers; p++) {
			if (ch->peers[p].cell == c->index &&
			    ch->peers[p].vintid != SEPTUM_NONE)
				top = spi_of_cell(g, top, ch->peers[p].vintid,
						  false, 0);
		}
	}
	return top;
}

COLD void vgic_cell_init(struct cell *c)
{
	const struct septum_cell *cc = c->cfg;
	const struct septum_config *sc = config_get();
	/* Up to its highest SPI, in 32s. */
	unsigned int nints = (cell_spis(sc, c, NULL) / 32 + 1) * 32;
	size_t spis = sizeof(struct vgic_cell) + nints * sizeof(struct virq);
	struct vgic_cell *g = hypmem_need(spis + cc->num_cpus *
						 sizeof(struct vgic_vcpu),
					  NULL, "a cell's virtual GIC");

	vgics[c->index] = g;
	g->nints = nints;
	g->vcpus = (struct vgic_vcpu *)((char *)g + spis);
	for (unsigned int i = 0; i < cc->num_cpus; i++)
		g->vcpus[i].g = g;
	(void)cell_spis(sc, c, g);
}

COLD enum err vgic_cell_map(struct cell *c)
{
	if (gic_version() != 2)
		return E_OK;
	/* The cell's CPU interface is the hardware's virtual one. */
	return stage2_map_device(c, ipa(vgic_gic->gicc_pa), pa(vgic_gic->gicv_pa),
				 0x2000);
}

/* --- the queues --------------------------------------------------------- */

/* Set bit vintid of a queue; true if it was clear. */
static bool queue_bit(uint64_t *words, uint32_t vintid)
{
	return !(__atomic_fetch_or(&words[vintid / 64], BIT(vintid % 64),
				   __ATOMIC_RELEASE) &
		 BIT(vintid % 64));
}

/*
 * vCPU `vcpu` of cell c has news (its queue, a request): its CPU, if
 * another, is kicked out of its cell or out of a wait at EL2, as
 * arch_cpu_kick() does, less its checks (the vGIC is up here).
 */
static inline void kick_vcpu(const struct cell *c, unsigned int vcpu)
{
	unsigned int cpu = vgic_pcpu(c, vcpu);

	if (cpu == percpu_this()->index)
		return;
	gic_send_sgi(GIC_KICK_SGI, cpu);
	arch_cpu_send_event();
}

/* Summary bits `bits` of vCPU `vcpu` set, its CPU kicked. */
static NOINLINE void summon(struct cell *c, unsigned int vcpu, uint64_t bits)
{
	__atomic_fetch_or(&vgic_of(c)->vcpus[vcpu].summary, bits,
			  __ATOMIC_RELEASE);
	kick_vcpu(c, vcpu);
}

void vgic_attention(struct cell *c, unsigned int vcpu)
{
	summon(c, vcpu, SUMMARY_ATTN);
}

void vgic_queue(struct cell *c, unsigned int vcpu, uint32_t vintid)
{
	struct vgic_cell *g = vgic_of(c);
	struct vgic_vcpu *vv;

	if (vintid >= g->nints)
		return;
	if (vcpu == NO_TARGET) {
		(void)queue_bit(g->orphans, vintid);
		return;
	}
	vv = &g->vcpus[vcpu];
	if (vintid >= FIRST_SPI &&
	    !(__atomic_load_n(&g->spi[vintid].holders, __ATOMIC_RELAXED) &
	      BIT(vcpu)))
		__atomic_fetch_or(&g->spi[vintid].holders, (uint8_t)BIT(vcpu),
				  __ATOMIC_RELAXED);
	/* Already queued: the kick that queued it is on its way. */
	if (!queue_bit(vv->pending, vintid))
		return;
	__atomic_fetch_or(&vv->summary, BIT(vintid / 64), __ATOMIC_RELEASE);
	kick_vcpu(c, vcpu);
}

void vgic_queue_sgi(struct cell *c, unsigned int vcpu, uint32_t sgi,
		    unsigned int source)
{
	struct vgic_vcpu *vv = &vgic_of(c)->vcpus[vcpu];

	__atomic_fetch_or(&vv->sgi_src[sgi], (uint8_t)BIT(source),
			  __ATOMIC_RELEASE);
	vgic_queue(c, vcpu, sgi);
}

COLD void vgic_wake(struct cell *c, unsigned int vcpu, uint32_t vintid)
{
	if (vcpu != NO_TARGET && vgic_queued(c, vcpu, vintid))
		summon(c, vcpu, BIT(vintid / 64));
}

/* The word of vCPU `vcpu`'s queue (NO_TARGET: the orphans) with vintid. */
static uint64_t *queue_word(const struct cell *c, unsigned int vcpu,
			    uint32_t vintid)
{
	struct vgic_cell *g = vgic_of(c);

	return &(vcpu == NO_TARGET ? g->orphans
				   : g->vcpus[vcpu].pending)[vintid / 64];
}

bool vgic_unqueue(struct cell *c, unsigned int vcpu, uint32_t vintid)
{
	return __atomic_fetch_and(queue_word(c, vcpu, vintid),
				  ~BIT(vintid % 64), __ATOMIC_ACQUIRE) &
	       BIT(vintid % 64);
}

COLD bool vgic_queued(const struct cell *c, unsigned int vcpu,
		      uint32_t vintid)
{
	return (__atomic_load_n(queue_word(c, vcpu, vintid), __ATOMIC_ACQUIRE) >>
		(vintid % 64)) & 1;
}

void vgic_inject(struct cell *c, uint32_t vintid)
{
	struct vgic_cell *g = vgic_of(c);

	if (vintid >= FIRST_SPI && vintid < g->nints &&
	    (g->spi[vintid].flags & VIRQ_OWNED))
		vgic_queue(c, g->spi[vintid].target, vintid);
}

/*
 * A device's line: rising, the interrupt is pending (the edge of an
 * edge-triggered one, the level of a level-sensitive one); falling, a
 * level-sensitive one is pending no more, unless ISPENDR latched it.  What
 * waits is taken back here; a list register that holds it is its vCPU's
 * CPU's to fix, at its next exit (it is kicked): this may run on any CPU
 * with the device's lock held, so it never waits for another.
 */
void vgic_set_line(struct cell *c, uint32_t vintid, bool level)
{
	struct vgic_cell *g = vgic_of(c);
	struct virq *q;
	uint8_t was, who;

	if (vintid < FIRST_SPI || vintid >= g->nints)
		return;
	q = &g->spi[vintid];
	if (!(q->flags & VIRQ_OWNED) || (q->flags & VIRQ_HW))
		return;
	was = level ? __atomic_fetch_or(&q->flags, VIRQ_LINE, __ATOMIC_RELAXED)
		    : __atomic_fetch_and(&q->flags, (uint8_t)~VIRQ_LINE,
					 __ATOMIC_RELAXED);
	if (level == !!(was & VIRQ_LINE))
		return;
	if (level) {
		vgic_queue(c, q->target, vintid);
		return;
	}
	if (was & (VIRQ_EDGE | VIRQ_LATCH))
		return;
	(void)vgic_unqueue(c, q->target, vintid);
	who = __atomic_load_n(&q->holders, __ATOMIC_RELAXED);
	if (q->target != NO_TARGET)
		who |= (uint8_t)BIT(q->target);
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++) {
		if (who & BIT(i))
			vgic_attention(c, i);
	}
}

/* --- the exit path ------------------------------------------------------ */

/*
 * The common wait, as short as place_now(): one interrupt waits (a
 * doorbell, an SGI, an acknowledged physical one), nothing else asks for
 * attention, no LR is in use: straight into LR 0.  False: the general way
 * (vgic_lr_fill()).  A GICv2 SGI names its sender: the general way too.
 */
static inline __attribute__((always_inline)) bool
place_waiting(struct vcpu *v, struct vgic_vcpu *vv, uint64_t summary)
{
	uint64_t all = BIT(vgic_nr_lrs) - 1, bits, bit;
	unsigned int w = (unsigned int)__builtin_ctzll(summary);
	const struct virq *q;
	uint32_t id;
	uint8_t f;
	bool eoi;

	if (summary & (summary - 1) || (summary & SUMMARY_ATTN))
		return false;
	bits = __atomic_load_n(&vv->pending[w], __ATOMIC_ACQUIRE);
	if (!bits || (bits & (bits - 1)))
		return false;
	id = w * 64 + (uint32_t)__builtin_ctzll(bits);
	q = id < FIRST_SPI ? &vv->banked[id] : &vv->g->spi[id];
	f = virq_flags(q);
	if (!(f & VIRQ_OWNED) || (id < 16 && gic_version() == 2) ||
	    (id >= FIRST_SPI && q->target != v->index) ||
	    !virq_deliverable(vv->g, q) ||
	    !(gic_version() == 3 ? gicv3_lrs_empty(all)
				: gicv2_lrs_empty((uint32_t)all)))
		return false;
	/* Take it: the summary bit first, as setters set it last.  Another
	 * CPU may have taken it back meanwhile (vgic_unqueue()). */
	bit = bits;
	__atomic_fetch_and(&vv->summary, ~BIT(w), __ATOMIC_ACQUIRE);
	bits = __atomic_fetch_and(&vv->pending[w], ~bit, __ATOMIC_ACQUIRE);
	if (bits & ~bit)
		__atomic_fetch_or(&vv->summary, BIT(w), __ATOMIC_RELEASE);
	if (!(bits & bit))
		return true;	/* nothing to place after all */
	eoi = (f & (VIRQ_HW | VIRQ_EDGE | VIRQ_LINE)) == VIRQ_LINE;
	/* Synchronised by the ERET into the cell (gic_exit.h), or before
	 * the LRs are looked at again here. */
	if (GIC_VIRQ_UNWIRED)
		gic_lr_write(0, virq_lr(id, q, f, q->priority, 0, eoi));
	else if (gic_version() == 3)
		gicv3_lr0_pending(id, q->pintid, q->priority, f & VIRQ_HW,
				  f & VIRQ_GROUP1, eoi);
	else
		gicv2_lr0_pending(id, q->pintid, q->priority, f & VIRQ_HW,
				  f & VIRQ_GROUP1, eoi);
	vv->lr_full = false;
	if ((f & VIRQ_HW) && vgic_masked(v)) {
		gic_exit_sync();
		vgic_lr_hw_masked(v);
	}
	return true;
}

/* flush_slow() when no single interrupt goes straight into LR 0. */
static __attribute__((noinline)) bool flush_general(struct vcpu *v,
						    struct vgic_vcpu *vv,
						    uint64_t summary)
{
	if ((summary & SUMMARY_ATTN) &&
	    (__atomic_fetch_and(&vv->summary, ~SUMMARY_ATTN, __ATOMIC_ACQUIRE) &
	     SUMMARY_ATTN))
		vgic_lr_attention(v);
	vgic_lr_fill(v);
	/* Controls to change only if some are, or may be, wanted. */
	if (vv->lr_full || vv->hw_check || vv->hcr)
		vgic_lr_controls(v);
	return true;
}

/* vgic_flush() with something waiting (`summary`): out of line, its frame
 * too.  True, so that a kick's exit ends in a tail call (kick_flush()). */
static __attribute__((noinline)) bool flush_slow(struct vcpu *v,
						 struct vgic_vcpu *vv,
						 uint64_t summary)
{
	if (!place_waiting(v, vv, summary))
		return flush_general(v, vv, summary);
	if (vv->hw_check || vv->hcr) {
		gic_exit_sync();
		vgic_lr_controls(v);
	}
	return true;
}

/* vgic_flush() of v, whose state vv is; always true. */
static inline __attribute__((always_inline)) bool
flush(struct vcpu *v, struct vgic_vcpu *vv)
{
	uint64_t summary = __atomic_load_n(&vv->summary, __ATOMIC_RELAXED);

	/* The common exit: nothing waits (one load), the LRs untouched. */
	if (summary)
		return flush_slow(v, vv, summary);
	if (vv->hcr) {
		vv->lr_full = false;	/* nothing waits */
		vgic_lr_controls(v);
	}
	return true;
}

void vgic_flush(struct vcpu *v)
{
	(void)flush(v, ((struct guest_frame *)v->arch)->vgic);
}

/* --- physical interrupts -------------------------------------------- */

/*
 * The fast way in for a physical interrupt of the vCPU running here (its
 * timer, a device routed to it): straight into a list register when no LR
 * is in use and nothing else waits, so nothing can merge with it or
 * overtake it.  False: queue it.
 */
static __attribute__((noinline)) bool
place_now(struct vcpu *v, struct vgic_vcpu *vv, const struct virq *q,
	  uint32_t intid)
{
	if (!virq_deliverable(vv->g, q) ||
	    __atomic_load_n(&vv->summary, __ATOMIC_RELAXED) ||
	    !gic_lr_place_hw(BIT(vgic_nr_lrs) - 1, intid, q->pintid,
			      q->priority, q->flags & VIRQ_GROUP1))
		return false;
	/* IRQs masked: its line may drop before the cell takes it. */
	if (vgic_masked(v))
		vgic_lr_hw_masked(v);
	return true;
}

static COLD void log_unowned(uint32_t intid)
{
	log_warn("physical interrupt %u belongs to no cell: disabled", intid);
}

/* Everything that is not a cell's timer: rarer, out of the timer's way. */
static __attribute__((noinline)) void route_other(struct vcpu *v,
						  uint32_t intid)
{
	if (intid == vgic_gic->maint_intid) {
		gic_deactivate(intid);
		if (v)	/* the exit path looks at the LRs */
			__atomic_fetch_or(&vgic_of(v->cell)->vcpus[v->index].summary,
					  SUMMARY_ATTN, __ATOMIC_RELAXED);
		return;
	}
	if (intid == vgic_timer->hyp_intid) {
		sysreg_write(cnthp_ctl_el2, 0);
		gic_deactivate(intid);
		irq_timer_expired();
		return;
	}
	if (claimed(intid)) {
		if (!smmu_irq(intid))
			irq_device(intid);
		gic_deactivate(intid);
		return;
	}
	gic_enable(intid, percpu_this()->index, false);
	gic_deactivate(intid);
	log_unowned(intid);
}

static void route_physical(struct vcpu *v, uint32_t intid)
{
	const struct powner *o;

	/* First the common one: a timer of the cell running here. */
	if (v && intid < 32 && intid >= 16) {
		struct vgic_vcpu *vv = vgic_here[v->pcpu];
		const struct virq *q = &vv->banked[intid];

		if (q->flags & VIRQ_HW) {
			if (!place_now(v, vv, q, intid))
				vgic_queue(v->cell, v->index, intid);
			return;
		}
	}
	if (intid >= 32 && intid < NR_INTIDS && (o = &powners[intid])->cell) {
		struct cell *c = cell_get(o->cell - 1U);
		const struct virq *q = &vgic_of(c)->spi[o->vintid];

		if (c->state == CELL_RUNNING) {
			if (!v || v->cell != c || q->target != v->index ||
			    !place_now(v, vgic_here[v->pcpu], q, o->vintid))
				vgic_queue(c, q->target, o->vintid);
			return;
		}
	}
	if (intid < 16) {
		gic_deactivate(intid);	/* a kick: the exit path does the rest */
		return;
	}
	route_other(v, intid);
}

bool vgic_handle_irq(struct vcpu *v)
{
	uint32_t intid = gic_ack();

	if (intid >= GIC_SPURIOUS)
		return false;
	route_physical(v, intid);
	return true;
}

/* exit_irq()'s other cases: out of line (a tail call), so that the common
 * case runs without a stack frame. */
static __attribute__((noinline)) bool exit_irq_general(struct vcpu *v,
						       uint32_t intid, bool v3)
{
	if (v3)	/* the priority drop before anything else */
		gic_exit_sync();
	route_physical(v, intid);
	return false;
}

/*
 * A kick's exit, ended here (a tail call: exit_irq() keeps no frame): the
 * flush alone.  What a kick brings is most often one interrupt, which
 * flush_slow() puts straight into LR 0 before it needs a frame.
 */
static __attribute__((noinline)) bool kick_flush(struct vcpu *v,
						 struct vgic_vcpu *vv)
{
	return flush(v, vv);
}

/*
 * An IRQ exit's common case, finished here without the general routing and
 * the exit path's look at the queues: a hardware-linked interrupt of the
 * vCPU running here (its timer, or an SPI passed through to it and routed
 * to it) that it can take now (enabled, its group on, not made active, IRQs
 * unmasked), with every list register empty, nothing waiting or asking for
 * attention, no virtual interface control in force, and the vCPU without
 * other business (cell_exit_checkpoint()).  It goes into list register 0,
 * as place_now() would put it, and nothing else changes.  The hypervisor's
 * kick is deactivated and, when the vCPU has no business for core, the
 * exit ended here too (what a kick asks for is the exit's end: core's
 * checkpoint, vgic_flush()); any other case takes route_physical() as
 * vgic_handle_irq() would.
 */
static inline __attribute__((always_inline)) bool
exit_irq(struct guest_frame *f, bool v3)
{
	struct vcpu *v = f->vcpu;
	struct vgic_vcpu *vv = f->vgic;
	uint32_t intid = v3 ? gicv3_ack_drop() : gicv2_ack_drop();
	uint32_t vintid = intid;
	const struct virq *q;
	const struct powner *o;
	uint8_t fl;

	if (intid >= 16 && intid < FIRST_SPI) {
		q = &vv->banked[intid];
	} else if (__builtin_expect(intid >= FIRST_SPI && intid < NR_INTIDS &&
				    (o = &powners[intid])->cell ==
					    v->cell->index + 1, 1)) {
		vintid = o->vintid;
		q = &vv->g->spi[vintid];
		if (q->target != v->index || v->cell->state != CELL_RUNNING)
			goto general;
	} else if (intid < 16) {
		/* The hypervisor's kick: what it asks for is the exit's end,
		 * core's checkpoint and vgic_flush(); with no business for
		 * core (the checkpoint's one load), the flush alone, here. */
		if (v3) {
			gic_exit_sync();
			gicv3_deactivate(intid);
		} else {
			gicv2_deactivate(intid);
		}
		if (__atomic_load_n(&v->attention, __ATOMIC_ACQUIRE))
			return false;
		return kick_flush(v, vv);
	} else {
		goto general;
	}
	fl = virq_flags(q);
	if ((fl & (VIRQ_HW | VIRQ_ENABLED | VIRQ_ACTIVE)) !=
		    (VIRQ_HW | VIRQ_ENABLED) ||
	    !(vv->g->ctlr & ((fl & VIRQ_GROUP1) ? CTLR_GRP1 : CTLR_GRP0)) ||
	    (f->pstate & BIT(7)) ||
	    __atomic_load_n(&vv->summary, __ATOMIC_RELAXED) || vv->hcr)
		goto general;
	if (!(v3 ? gicv3_place_hw(all_lrs, vintid, q->pintid, q->priority,
				  fl & VIRQ_GROUP1)
		 : gicv2_place_hw((uint32_t)all_lrs, vintid, q->pintid,
				  q->priority, fl & VIRQ_GROUP1)))
		goto general;
	return !__atomic_load_n(&v->attention, __ATOMIC_ACQUIRE);
general:
	if (intid >= GIC_SPURIOUS)
		return false;
	return exit_irq_general(v, intid, v3);
}

bool vgic_exit_irq(struct guest_frame *f)
{
	if (gic_version() == 2)
		return exit_irq(f, false);
	/* Without the virtual IRQ wire, every LR write updates HCR_EL2.VI. */
	if (!GIC_VIRQ_UNWIRED)
		return exit_irq(f, true);
	(void)vgic_handle_irq(f->vcpu);
	return false;
}

/* --- vCPU and cell life ---------------------------------------------- */

/* A cell's physical interrupt pintid as after reset: disabled, inactive,
 * not pending, level-sensitive, and an SPI routed to pcpu. */
static COLD void reset_physical(uint32_t pintid, unsigned int pcpu)
{
	gic_enable(pintid, pcpu, false);
	gic_set_active(pintid, pcpu, false);
	gic_set_pending(pintid, pcpu, false);
	gic_set_edge(pintid, pcpu, false);
	if (pintid >= FIRST_SPI)
		gic_route(pintid, pcpu);
}

/* The distributor's state of cell c as after reset (its first vCPU). */
static COLD void reset_cell(struct vgic_cell *g, unsigned int pcpu,
			    unsigned int ncpus)
{
	g->ctlr = 0;
	for (unsigned int w = 0; w < NR_WORDS; w++)
		g->orphans[w] = 0;
	for (unsigned int w = 0; w < NR_INTIDS / 32; w++)
		g->enabled_spis[w] = 0;
	for (unsigned int i = 0; i < MAX_OWNED_SPIS; i++)
		g->irouter[i] = 0;
	for (unsigned int i = FIRST_SPI; i < g->nints; i++) {
		struct virq *q = &g->spi[i];

		q->flags &= VIRQ_OWNED | VIRQ_HW;
		if (q->flags & VIRQ_OWNED)
			q->flags |= RESET_GROUP;
		q->priority = 0;
		q->target = 0;
		q->targets = ncpus > 1 ? 1 : 0;
		q->holders = 0;
		if (q->flags & VIRQ_HW)
			reset_physical(q->pintid, pcpu);
	}
	/* What the old cell left pending for its vCPUs is gone too. */
	for (unsigned int i = 0; i < ncpus; i++) {
		struct vgic_vcpu *vv = &g->vcpus[i];

		for (unsigned int w = 0; w < NR_WORDS; w++)
			__atomic_store_n(&vv->pending[w], 0, __ATOMIC_RELAXED);
		__atomic_store_n(&vv->summary, 0, __ATOMIC_RELAXED);
	}
}

/* Whether the cell (re)starts: vCPU 0 starts with no sibling on (a
 * sibling's CPU_ON of vCPU 0 is no GIC reset). */
static bool cell_starts(const struct vcpu *v)
{
	for (unsigned int i = 1; i < v->cell->cfg->num_cpus; i++) {
		if (cell_vcpu_is_on(v->cell, i))
			return false;
	}
	return v->index == 0;
}

/*
 * A vCPU starts: its redistributor (SGIs, PPIs) as after reset, as a CPU
 * whose power domain was off has it; when the cell starts, the
 * distributor and every vCPU's redistributor, as after the GIC's reset.
 */
COLD void vgic_vcpu_reset(struct vcpu *v)
{
	struct vgic_cell *g = vgic_of(v->cell);
	const struct septum_timer *t = vgic_timer;

	vgic_lr_drop_all(v);
	reset_banked(&g->vcpus[v->index]);
	((struct guest_frame *)v->arch)->vgic = &g->vcpus[v->index];
	if (cell_starts(v)) {
		reset_cell(g, v->pcpu, v->cell->cfg->num_cpus);
		for (unsigned int i = 1; i < v->cell->cfg->num_cpus; i++)
			reset_banked(&g->vcpus[i]);
	}
	/* The timers of this CPU are the cell's: level-sensitive, and on
	 * only while the cell enables them. */
	reset_physical(t->virt_intid, v->pcpu);
	reset_physical(t->phys_intid, v->pcpu);
	/* SPIs that waited for it while it was off: in its LRs before it
	 * runs, as nothing else may make it exit. */
	vgic_flush(v);
}

void vgic_vcpu_park(struct vcpu *v)
{
	const struct septum_timer *t = vgic_timer;

	vgic_lr_drop_all(v);
	gic_enable(t->virt_intid, v->pcpu, false);
	gic_enable(t->phys_intid, v->pcpu, false);
}

COLD void vgic_cell_stopped(struct cell *c)
{
	struct vgic_cell *g = vgic_of(c);

	for (unsigned int i = FIRST_SPI; i < g->nints; i++) {
		if (g->spi[i].flags & VIRQ_HW)
			gic_enable(g->spi[i].pintid, 0, false);
	}
}
