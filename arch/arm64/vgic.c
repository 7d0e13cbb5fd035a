/*
 * The virtual GIC (see arch/vgic.h).
 *
 * State: per cell, one entry per SPI (owned or not); per vCPU, its banked
 * SGIs/PPIs and a bitmap of interrupts waiting to be put in its list
 * registers.  Any CPU may set bits in any vCPU's bitmap (atomically) and
 * kick its CPU; only the vCPU's own CPU moves them into its list registers.
 * A physical interrupt owned by a cell is acknowledged and priority-dropped
 * by the hypervisor and stays active until the cell's EOI deactivates it
 * through the hardware-linked list register.
 */
#include <arch/stage2.h>
#include <arch/sysreg.h>
#include <arch/vgic_int.h>
#include <septum/arch/vm.h>
#include <septum/config.h>
#include <septum/irq.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/percpu.h>

struct vgic_cell vgics[SEPTUM_MAX_CELLS];
static struct powner powners[NR_INTIDS];
const struct septum_config *vgic_cfg;
const struct septum_gic *vgic_gic;
const struct septum_timer *vgic_timer;
unsigned int vgic_version;
static unsigned int nr_lrs;	/* list registers: the same on every CPU */

const struct gic_ops *gic;

static bool ppi(uint32_t intid)
{
	return intid >= SEPTUM_INTID_PPI_FIRST && intid < SEPTUM_INTID_SPI_FIRST;
}

/*
 * The arm64 part of the board description (core checks the rest): a GIC
 * version this code drives, and PPIs where the timers and the maintenance
 * interrupt must be.
 */
static COLD void check_board(const struct septum_board *b)
{
	const struct septum_timer *t = &b->arch.arm64.timer;

	if (b->irqchip != SEPTUM_IRQCHIP_GICV2 &&
	    b->irqchip != SEPTUM_IRQCHIP_GICV3)
		panic("the partition config describes interrupt controller "
		      "kind %u, not a GIC: it was built for another board",
		      b->irqchip);
	if (!ppi(b->arch.arm64.gic.maint_intid) || !ppi(t->phys_intid) ||
	    !ppi(t->virt_intid) || !ppi(t->hyp_intid))
		panic("the partition config's GIC maintenance or timer "
		      "interrupts are not PPIs");
}

COLD void vgic_init(void)
{
	vgic_cfg = config_get();
	check_board(&vgic_cfg->board);
	vgic_gic = &vgic_cfg->board.arch.arm64.gic;
	vgic_timer = &vgic_cfg->board.arch.arm64.timer;
	vgic_version = vgic_cfg->board.irqchip == SEPTUM_IRQCHIP_GICV3 ? 3 : 2;
	gic = vgic_version == 3 ? &gicv3_ops : &gicv2_ops;
	gic->init(vgic_gic);
	nr_lrs = gic->lr_count();
	if (nr_lrs > MAX_LRS)
		nr_lrs = MAX_LRS;
	log_info("GICv%u: interrupts of cells go through list registers",
		 vgic_version);
}

/* The hypervisor's own device interrupts, routed as their CPU comes up. */
static struct {
	uint32_t intid;
	unsigned int cpu;
} claims[4];
static unsigned int nclaims;
static bool cpu_ready[SEPTUM_MAX_CPUS];

static COLD void route_claim(unsigned int i)
{
	gic->set_edge(claims[i].intid, false);
	gic->route(claims[i].intid, claims[i].cpu);
	gic->enable(claims[i].intid, true);
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

COLD void vgic_claim(uint32_t intid, unsigned int cpu)
{
	if (nclaims == sizeof(claims) / sizeof(claims[0]))
		panic("GIC: more hypervisor interrupts than slots");
	claims[nclaims].intid = intid;
	claims[nclaims].cpu = cpu;
	if (__atomic_load_n(&cpu_ready[cpu], __ATOMIC_ACQUIRE))
		route_claim(nclaims);
	__atomic_store_n(&nclaims, nclaims + 1, __ATOMIC_RELEASE);
}

COLD void vgic_init_cpu(void)
{
	unsigned int me = percpu_this()->index;

	gic->init_cpu();
	__atomic_store_n(&cpu_ready[me], true, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < __atomic_load_n(&nclaims, __ATOMIC_ACQUIRE);
	     i++) {
		if (claims[i].cpu == me)
			route_claim(i);
	}
	gic->enable(GIC_KICK_SGI, true);
	gic->enable(vgic_gic->maint_intid, true);
	gic->enable(vgic_timer->hyp_intid, true);
}

struct virq vgic_nobody;

/* Mark vintid owned by the cell, linked to physical pintid if hw. */
static void own(struct vgic_cell *g, uint32_t vintid, bool hw, uint32_t pintid)
{
	struct virq *q = &g->spi[vintid];

	if (vintid < 32 || vintid >= NR_INTIDS - 4)
		return;
	q->flags = (uint8_t)(VIRQ_OWNED | (hw ? VIRQ_HW : 0));
	q->pintid = (uint16_t)pintid;
	g->owned_spis[vintid / 32] |= BIT(vintid % 32);
	if (g->lines < vintid / 32 + 1)
		g->lines = vintid / 32 + 1;
}

/* SGIs and the timer PPIs, as after reset. */
static void reset_banked(struct vgic_vcpu *vv)
{
	const struct septum_timer *t = vgic_timer;

	for (unsigned int i = 0; i < 32; i++)
		vv->banked[i] = (struct virq){ 0 };
	for (unsigned int i = 0; i < 16; i++)
		vv->banked[i].flags = VIRQ_OWNED | VIRQ_EDGE;
	vv->banked[t->virt_intid].flags = VIRQ_OWNED | VIRQ_HW;
	vv->banked[t->virt_intid].pintid = (uint16_t)t->virt_intid;
	vv->banked[t->phys_intid].flags = VIRQ_OWNED | VIRQ_HW;
	vv->banked[t->phys_intid].pintid = (uint16_t)t->phys_intid;
}

COLD void vgic_cell_init(struct cell *c)
{
	struct vgic_cell *g = vgic_of(c);
	const struct septum_cell *cc = c->cfg;
	const struct septum_config *sc = config_get();

	g->lines = 1;
	for (unsigned int i = 0; i < cc->num_irqs; i++) {
		own(g, cc->irqs[i].vintid, true, cc->irqs[i].pintid);
		powners[cc->irqs[i].pintid] = (struct powner){
			(uint8_t)(c->index + 1), (uint16_t)cc->irqs[i].vintid };
	}
	if (cc->vuart.kind != SEPTUM_VUART_NONE)
		own(g, cc->vuart.vintid, false, 0);
	for (unsigned int i = 0; i < sc->header.num_channels; i++) {
		const struct septum_channel *ch = &sc->channels[i];

		for (unsigned int p = 0; p < ch->num_peers; p++) {
			if (ch->peers[p].cell == c->index &&
			    ch->peers[p].vintid != SEPTUM_NONE)
				own(g, ch->peers[p].vintid, false, 0);
		}
	}
}

COLD enum err vgic_cell_map(struct cell *c)
{
	if (vgic_version != 2)
		return E_OK;
	/* The cell's CPU interface is the hardware's virtual one. */
	return stage2_map_device(c, ipa(vgic_gic->gicc_pa), pa(vgic_gic->gicv_pa),
				 0x2000);
}

/* --- list registers ------------------------------------------------- */

void vgic_queue(struct cell *c, unsigned int vcpu, uint32_t vintid)
{
	struct vgic_vcpu *vv = &vgic_of(c)->vcpus[vcpu];
	uint64_t was = __atomic_fetch_or(&vv->pending[vintid / 64],
					 BIT(vintid % 64), __ATOMIC_RELEASE);

	/* Already queued: the kick that queued it is on its way. */
	if (was & BIT(vintid % 64))
		return;
	__atomic_fetch_or(&vv->summary, BIT(vintid / 64), __ATOMIC_RELEASE);
	if (c->vcpus[vcpu].pcpu != percpu_this()->index)
		arch_cpu_kick(c->vcpus[vcpu].pcpu);
}

void vgic_inject(struct cell *c, uint32_t vintid)
{
	struct vgic_cell *g = vgic_of(c);

	if (vintid >= 32 && vintid < NR_INTIDS &&
	    (g->spi[vintid].flags & VIRQ_OWNED))
		vgic_queue(c, g->spi[vintid].target, vintid);
}

/* The list registers as a flush sees them: the used ones read, once. */
struct lr_view {
	struct gic_lr lr[MAX_LRS];
	uint64_t empty;		/* bit i: LR i holds nothing */
	bool full;		/* something could not be placed */
};

/* Where vintid already sits in the LRs, or -1. */
static int lr_find(const struct lr_view *lv, uint32_t vintid)
{
	for (uint64_t used = ~lv->empty & (BIT(nr_lrs) - 1); used;
	     used &= used - 1) {
		unsigned int i = (unsigned int)__builtin_ctzll(used);

		if (lv->lr[i].vintid == vintid)
			return (int)i;
	}
	return -1;
}

/*
 * Try to put vintid in an LR: true if it is there now (or merged with an
 * identical pending one), false to keep it waiting.
 */
static bool place(struct lr_view *lv, const struct virq *q, uint32_t vintid)
{
	int at = lr_find(lv, vintid);
	struct gic_lr *lr;

	if (at >= 0) {
		lr = &lv->lr[at];
		if (lr->pending)
			return true;	/* still pending: the two merge */
		if (lr->hw)
			return false;	/* re-raise once it is deactivated */
		lr->pending = true;	/* active and pending again */
	} else {
		if (!(lv->empty & (BIT(nr_lrs) - 1))) {
			lv->full = true;
			return false;
		}
		at = __builtin_ctzll(lv->empty);
		lv->empty &= ~BIT(at);
		lr = &lv->lr[at];
		*lr = (struct gic_lr){ .vintid = vintid, .pintid = q->pintid,
				       .priority = q->priority,
				       .hw = q->flags & VIRQ_HW, .pending = true };
	}
	gic->lr_write((unsigned int)at, lr);
	return true;
}

/* Whether this CPU's underflow maintenance interrupt is on (own CPU only). */
static bool underflow_on[SEPTUM_MAX_CPUS];

/* Out of line: the exit path only looks at underflow_on[]. */
static __attribute__((noinline)) void set_underflow(unsigned int cpu, bool on)
{
	if (underflow_on[cpu] != on) {
		gic->underflow_irq(on);
		underflow_on[cpu] = on;
	}
}

/* Move word w's waiting interrupts into LRs; those that do not fit stay. */
static void flush_word(struct vgic_cell *g, struct vgic_vcpu *vv,
		       unsigned int vcpu, unsigned int w, struct lr_view *lv)
{
	uint64_t keep = 0;
	uint64_t bits = __atomic_exchange_n(&vv->pending[w], 0, __ATOMIC_ACQUIRE);

	for (; bits; bits &= bits - 1) {
		uint32_t vintid = w * 64 + (uint32_t)__builtin_ctzll(bits);
		const struct virq *q = virq_of(g, vcpu, vintid);

		if (!(q->flags & VIRQ_OWNED))
			continue;
		if (!(q->flags & VIRQ_ENABLED) || !g->enabled ||
		    !place(lv, q, vintid))
			keep |= bits & -bits;
	}
	if (keep) {
		__atomic_fetch_or(&vv->pending[w], keep, __ATOMIC_RELAXED);
		__atomic_fetch_or(&vv->summary, BIT(w), __ATOMIC_RELEASE);
	}
}

/* vgic_flush() with something waiting: out of line, its frame too. */
static __attribute__((noinline)) void flush_slow(struct vcpu *v,
						 struct vgic_cell *g,
						 struct vgic_vcpu *vv)
{
	struct lr_view lv = { .full = false };
	uint64_t words;

	lv.empty = gic->lr_empty();
	for (uint64_t used = ~lv.empty & (BIT(nr_lrs) - 1); used;
	     used &= used - 1)
		gic->lr_read((unsigned int)__builtin_ctzll(used),
			     &lv.lr[__builtin_ctzll(used)]);
	words = __atomic_exchange_n(&vv->summary, 0, __ATOMIC_ACQUIRE);
	for (; words; words &= words - 1)
		flush_word(g, vv, v->index, (unsigned int)__builtin_ctzll(words),
			   &lv);
	set_underflow(v->pcpu, lv.full);
}

void vgic_flush(struct vcpu *v)
{
	struct vgic_cell *g = vgic_of(v->cell);
	struct vgic_vcpu *vv = &g->vcpus[v->index];

	/* The common exit: nothing waits (one load), the LRs untouched. */
	if (__atomic_load_n(&vv->summary, __ATOMIC_RELAXED))
		flush_slow(v, g, vv);
	else if (underflow_on[v->pcpu])
		set_underflow(v->pcpu, false);
}

/* --- physical interrupts -------------------------------------------- */

/*
 * The fast way in for a physical interrupt of the vCPU running here (its
 * timer, a device routed to it): straight into a list register when no LR
 * is in use and nothing else waits, so nothing can merge with it or
 * overtake it.  False: queue it.
 */
static inline __attribute__((always_inline)) bool
place_now(struct vcpu *v, const struct virq *q, uint32_t intid)
{
	struct vgic_cell *g = vgic_of(v->cell);
	struct vgic_vcpu *vv = &g->vcpus[v->index];
	uint64_t all = BIT(nr_lrs) - 1;
	struct gic_lr lr;

	if (!(q->flags & VIRQ_ENABLED) || !g->enabled ||
	    __atomic_load_n(&vv->summary, __ATOMIC_RELAXED) ||
	    (gic->lr_empty() & all) != all)
		return false;
	lr = (struct gic_lr){ .vintid = intid, .pintid = q->pintid,
			      .priority = q->priority,
			      .hw = q->flags & VIRQ_HW, .pending = true };
	gic->lr_write(0, &lr);
	return true;
}

static void log_unowned(uint32_t intid)
{
	log_warn("physical interrupt %u belongs to no cell: disabled", intid);
}

static void route_physical(struct vcpu *v, uint32_t intid)
{
	const struct powner *o;

	/* First the common one: a timer of the cell running here. */
	if (v && intid < 32 && intid >= 16 &&
	    (vgic_of(v->cell)->vcpus[v->index].banked[intid].flags & VIRQ_HW)) {
		if (!place_now(v, &vgic_of(v->cell)->vcpus[v->index].banked[intid],
			       intid))
			vgic_queue(v->cell, v->index, intid);
		return;
	}
	if (intid == GIC_KICK_SGI || intid == vgic_gic->maint_intid ||
	    intid < 16) {
		gic->deactivate(intid);	/* the exit path does the rest */
		return;
	}
	if (intid == vgic_timer->hyp_intid) {
		sysreg_write(cnthp_ctl_el2, 0);
		gic->deactivate(intid);
		irq_timer_expired();
		return;
	}
	if (intid >= 32 && intid < NR_INTIDS && (o = &powners[intid])->cell) {
		struct cell *c = cell_get(o->cell - 1U);
		const struct virq *q = &vgic_of(c)->spi[o->vintid];

		if (c->state == CELL_RUNNING) {
			if (!v || v->cell != c || q->target != v->index ||
			    !place_now(v, q, o->vintid))
				vgic_queue(c, q->target, o->vintid);
			return;
		}
	}
	if (claimed(intid)) {
		irq_device(intid);
		gic->deactivate(intid);
		return;
	}
	gic->enable(intid, false);
	gic->deactivate(intid);
	log_unowned(intid);
}

bool vgic_handle_irq(struct vcpu *v)
{
	uint32_t intid = gic->ack();

	if (intid >= GIC_SPURIOUS)
		return false;
	gic->priority_drop(intid);
	route_physical(v, intid);
	return true;
}

/* --- vCPU and cell life ---------------------------------------------- */

/* Deactivate the physical side of everything this vCPU holds. */
static COLD void drop_hw(struct vcpu *v)
{
	struct vgic_cell *g = vgic_of(v->cell);
	struct vgic_vcpu *vv = &g->vcpus[v->index];
	struct gic_lr lr;

	for (unsigned int i = 0; i < nr_lrs; i++) {
		gic->lr_read(i, &lr);
		if (lr.hw && (lr.pending || lr.active))
			gic->deactivate(lr.pintid);
		lr = (struct gic_lr){ 0 };
		gic->lr_write(i, &lr);
	}
	__atomic_store_n(&vv->summary, 0, __ATOMIC_RELAXED);
	for (unsigned int w = 0; w < NR_WORDS; w++) {
		uint64_t bits = __atomic_exchange_n(&vv->pending[w], 0,
						    __ATOMIC_ACQUIRE);

		for (; bits; bits &= bits - 1) {
			uint32_t vintid = w * 64 + (uint32_t)__builtin_ctzll(bits);
			const struct virq *q = virq_of(g, v->index, vintid);

			if (q->flags & VIRQ_HW)
				gic->deactivate(q->pintid);
		}
	}
	set_underflow(v->pcpu, false);
}

COLD void vgic_vcpu_reset(struct vcpu *v)
{
	struct vgic_cell *g = vgic_of(v->cell);
	const struct septum_timer *t = vgic_timer;

	drop_hw(v);
	reset_banked(&g->vcpus[v->index]);
	if (v->index == 0) {
		/* The cell (re)starts: its distributor as after reset. */
		g->enabled = false;
		for (unsigned int i = 32; i < NR_INTIDS; i++) {
			struct virq *q = &g->spi[i];

			q->flags &= VIRQ_OWNED | VIRQ_HW;
			q->priority = 0;
			q->target = 0;
			if (q->flags & VIRQ_HW) {
				gic->enable(q->pintid, false);
				gic->route(q->pintid, v->pcpu);
			}
		}
	}
	/* The timers of this CPU are the cell's; level-triggered. */
	gic->set_edge(t->virt_intid, false);
	gic->set_edge(t->phys_intid, false);
	gic->enable(t->virt_intid, true);
	gic->enable(t->phys_intid, true);
}

void vgic_vcpu_park(struct vcpu *v)
{
	const struct septum_timer *t = vgic_timer;

	drop_hw(v);
	gic->enable(t->virt_intid, false);
	gic->enable(t->phys_intid, false);
}

COLD void vgic_cell_stopped(struct cell *c)
{
	struct vgic_cell *g = vgic_of(c);

	for (unsigned int i = 32; i < NR_INTIDS; i++) {
		if (g->spi[i].flags & VIRQ_HW)
			gic->enable(g->spi[i].pintid, false);
	}
}
