/*
 * An interrupt's enable, pending and active state as the distributor and
 * redistributor registers show and change it (arch/vgic_int.h says where
 * each part lives).  These are the registers' rare paths: what sits in a
 * list register is asked of (or changed by) the vCPU that holds it, on its
 * own CPU (vgic_call()); a hardware-linked interrupt's own state is the
 * physical GIC's, read and written there.
 *
 * `bank` is the vCPU whose copy of a banked interrupt (below 32) is meant:
 * the caller's on GICv2, the redistributor frame's on GICv3.
 */
#include <arch/vgic_int.h>
#include <septum/cell.h>

struct virq *virq_of(struct vgic_cell *g, unsigned int bank, uint32_t intid)
{
	if (intid >= g->nints) {
		vgic_nobody = (struct virq){ 0 };
		return &vgic_nobody;
	}
	return intid < FIRST_SPI ? &g->vcpus[bank].banked[intid] : &g->spi[intid];
}

/* The vCPUs whose LRs or queues may hold intid, a bit each. */
static uint8_t holders_of(unsigned int bank, uint32_t intid,
			  const struct virq *q)
{
	uint8_t m;

	if (intid < FIRST_SPI)
		return (uint8_t)BIT(bank);
	m = __atomic_load_n(&q->holders, __ATOMIC_RELAXED);
	if (q->target != NO_TARGET)
		m |= (uint8_t)BIT(q->target);
	return m;
}

/* Run op on the LRs of the vCPUs in `who`; their answers OR-ed. */
static unsigned int on_lrs(struct vcpu *v, uint8_t who, uint32_t intid,
			   enum lr_op op)
{
	struct cell *c = v->cell;
	unsigned int r = 0;

	for (; who; who &= (uint8_t)(who - 1)) {
		unsigned int i = vgic_ctz(who);

		if (i == v->index)
			r |= vgic_lr_op(v, intid, op);
		else if (cell_vcpu_is_on(c, i))
			r |= vgic_call(v, i, intid, op);
	}
	return r;
}

/*
 * Take intid out of every queue that may hold it (for a hardware-linked
 * one: the hypervisor acknowledged it, the cell has not seen it): true if
 * one did.
 */
static bool unqueue_all(struct vcpu *v, uint8_t who, uint32_t intid,
			const struct virq *q)
{
	bool found = false;

	if (intid >= FIRST_SPI && q->target == NO_TARGET)
		found = vgic_unqueue(v->cell, NO_TARGET, intid);
	for (; who; who &= (uint8_t)(who - 1))
		found |= vgic_unqueue(v->cell, vgic_ctz(who), intid);
	return found;
}

/* What the functions below look at first: the interrupt's flags, the
 * vCPUs that may hold it (holders_of()) and the CPU of vCPU `bank`. */
struct look {
	unsigned int pcpu;
	uint8_t f, who;
};

static NOINLINE struct virq *look(struct vcpu *v, unsigned int bank,
				  uint32_t intid, struct look *l)
{
	struct virq *q = virq_of(vgic_of(v->cell), bank, intid);

	l->f = virq_flags(q);
	l->who = holders_of(bank, intid, q);
	l->pcpu = vgic_pcpu(v->cell, bank);
	return q;
}

/* Pending for the cell: queued, in an LR, its line, or (hardware) the
 * physical GIC's. */
bool vgic_is_pending(struct vcpu *v, unsigned int bank, uint32_t intid)
{
	struct cell *c = v->cell;
	struct look l;
	struct virq *q = look(v, bank, intid, &l);
	uint8_t f = l.f;
	bool queued = vgic_queued(c, virq_home(bank, intid, q), intid);
	bool in_lr = on_lrs(v, l.who, intid, LR_STATE) & LRS_PENDING;

	if (gic_version() == 2 && intid < 16)
		return vgic_of(c)->vcpus[bank].sgi_src[intid] || in_lr;
	if (f & VIRQ_HW) {
		/* Acknowledged for it, not yet by it: an edge, a latch. */
		if ((queued || in_lr) && (f & (VIRQ_EDGE | VIRQ_LATCH)))
			return true;
		return gic_is_pending(q->pintid, l.pcpu);
	}
	return queued || in_lr || (f & (VIRQ_LINE | VIRQ_EDGE)) == VIRQ_LINE;
}

bool vgic_is_active(struct vcpu *v, unsigned int bank, uint32_t intid)
{
	struct look l;

	(void)look(v, bank, intid, &l);
	return (l.f & VIRQ_ACTIVE) ||
	       (on_lrs(v, l.who, intid, LR_STATE) & LRS_ACTIVE);
}

/*
 * Disabled: not signalled any more.  A hardware-linked one goes back to
 * the physical GIC, which keeps its pending state (its line, a latch) as a
 * disabled interrupt's; a purely virtual one stays pending, queued.
 */
void vgic_set_enabled(struct vcpu *v, unsigned int bank, uint32_t intid,
		      bool on)
{
	struct look l;
	struct virq *q = look(v, bank, intid, &l);
	uint8_t f = l.f, who = l.who;
	unsigned int pcpu = l.pcpu;

	virq_set(q, VIRQ_ENABLED, on);
	if (intid >= FIRST_SPI && intid < NR_INTIDS) {
		uint32_t *w = &vgic_of(v->cell)->enabled_spis[intid / 32];
		uint32_t bit = (uint32_t)BIT(intid % 32);

		if (on)
			__atomic_fetch_or(w, bit, __ATOMIC_RELAXED);
		else
			__atomic_fetch_and(w, ~bit, __ATOMIC_RELAXED);
	}
	if ((f & VIRQ_HW) && on && (intid < FIRST_SPI || q->target != NO_TARGET))
		gic_enable(q->pintid, pcpu, true);
	if (on) {
		vgic_wake(v->cell, virq_home(bank, intid, q), intid);
		return;
	}
	if (f & VIRQ_HW) {
		gic_enable(q->pintid, pcpu, false);
		if (unqueue_all(v, who, intid, q))
			vgic_give_back(q, pcpu);
	}
	(void)on_lrs(v, who, intid, LR_RECALL);
}

void vgic_set_pending(struct vcpu *v, unsigned int bank, uint32_t intid,
		      bool on)
{
	struct look l;
	struct virq *q = look(v, bank, intid, &l);
	uint8_t f = l.f, who = l.who;
	bool level = !(f & VIRQ_EDGE) && intid >= 16;
	unsigned int pcpu = l.pcpu;

	if (gic_version() == 2 && intid < 16)
		return;	/* GICD_SPENDSGIR, GICD_CPENDSGIR do that */
	if (on) {
		virq_set(q, VIRQ_LATCH, level);
		if (f & VIRQ_HW)
			gic_set_pending(q->pintid, pcpu, true);
		else
			vgic_queue(v->cell, virq_home(bank, intid, q), intid);
		return;
	}
	virq_set(q, VIRQ_LATCH, false);
	if (f & VIRQ_HW) {
		if (unqueue_all(v, who, intid, q) && !(f & VIRQ_ACTIVE))
			gic_set_active(q->pintid, pcpu, false);
		(void)on_lrs(v, who, intid, LR_UNPEND);
		gic_set_pending(q->pintid, pcpu, false);
		return;
	}
	if ((f & (VIRQ_LINE | VIRQ_EDGE)) != VIRQ_LINE)
		(void)unqueue_all(v, who, intid, q);
	(void)on_lrs(v, who, intid, LR_UNPEND);
}

/*
 * Made active by software: never signalled until made inactive.  What is
 * pending stays pending (queued, or in the physical GIC, which keeps a
 * hardware-linked one active meanwhile).
 */
void vgic_set_active(struct vcpu *v, unsigned int bank, uint32_t intid,
		     bool on)
{
	struct look l;
	struct virq *q = look(v, bank, intid, &l);
	uint8_t f = l.f, who = l.who;
	unsigned int pcpu = l.pcpu;

	if (on) {
		if (f & VIRQ_HW)
			gic_set_active(q->pintid, pcpu, true);
		virq_set(q, VIRQ_ACTIVE, true);
		if ((f & VIRQ_HW) && unqueue_all(v, who, intid, q))
			vgic_give_back(q, pcpu);
		(void)on_lrs(v, who, intid, LR_RECALL);
		return;
	}
	virq_set(q, VIRQ_ACTIVE, false);
	(void)on_lrs(v, who, intid, LR_UNACTIVE);
	if ((f & (VIRQ_HW | VIRQ_ACTIVE)) == (VIRQ_HW | VIRQ_ACTIVE))
		gic_set_active(q->pintid, pcpu, false);
	vgic_wake(v->cell, virq_home(bank, intid, q), intid);
}

void vgic_set_edge(struct vcpu *v, unsigned int bank, uint32_t intid,
		   bool edge)
{
	struct look l;
	struct virq *q = look(v, bank, intid, &l);

	virq_set(q, VIRQ_EDGE, edge);
	if (l.f & VIRQ_HW)	/* (fixed when the cell is built) */
		gic_set_edge(q->pintid, l.pcpu, edge);
}

/*
 * A pending SPI goes where its routing says when it is signalled: what
 * waits moves to the new target; a hardware-linked one goes back to the
 * physical GIC, routed anew, which signals it there.  An active one stays
 * with the vCPU that took it.
 */
void vgic_set_target(struct vcpu *v, uint32_t intid, unsigned int target)
{
	struct cell *c = v->cell;
	struct look l;
	struct virq *q = look(v, 0, intid, &l);
	uint8_t f = l.f, who = l.who;	/* the old target's bit too */
	unsigned int old = q->target;

	if (target == old)
		return;
	if (old != NO_TARGET)
		__atomic_fetch_or(&q->holders, (uint8_t)BIT(old), __ATOMIC_RELAXED);
	q->target = (uint8_t)target;
	if (target != NO_TARGET)
		who &= (uint8_t)~BIT(target);
	if (f & VIRQ_HW) {
		if (target == NO_TARGET) {
			gic_enable(q->pintid, 0, false);
		} else {
			gic_route(q->pintid, vgic_pcpu(c, target));
			if (f & VIRQ_ENABLED)
				gic_enable(q->pintid, 0, true);
		}
		if (unqueue_all(v, who, intid, q))
			vgic_give_back(q, 0);
	} else {
		uint8_t from = who;

		if (old == NO_TARGET && vgic_unqueue(c, NO_TARGET, intid))
			vgic_queue(c, target, intid);
		for (; from; from &= (uint8_t)(from - 1)) {
			if (vgic_unqueue(c, vgic_ctz(from), intid))
				vgic_queue(c, target, intid);
		}
	}
	(void)on_lrs(v, who, intid, LR_RECALL);
}

void vgic_set_ctlr(struct vcpu *v, uint8_t ctlr)
{
	struct cell *c = v->cell;
	struct vgic_cell *g = vgic_of(c);
	uint8_t old = g->ctlr;

	g->ctlr = ctlr;
	if (ctlr == old)
		return;
	/* Enabled: every vCPU looks at what waits; disabled: at its LRs. */
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++) {
		__atomic_fetch_or(&g->vcpus[i].summary, BIT(NR_WORDS) - 1,
				  __ATOMIC_RELEASE);
		vgic_attention(c, i);
	}
}

uint8_t vgic_sgi_sources(struct vcpu *v, uint32_t sgi)
{
	return (uint8_t)(vgic_of(v->cell)->vcpus[v->index].sgi_src[sgi] |
			 LRS_SOURCES(vgic_lr_op(v, sgi, LR_STATE)));
}

void vgic_sgi_set_sources(struct vcpu *v, uint32_t sgi, uint8_t sources,
			  bool on)
{
	struct vgic_vcpu *vv = &vgic_of(v->cell)->vcpus[v->index];

	sources &= (uint8_t)(BIT(v->cell->cfg->num_cpus) - 1);
	if (on) {
		for (; sources; sources &= (uint8_t)(sources - 1))
			vgic_queue_sgi(v->cell, v->index, sgi, vgic_ctz(sources));
		return;
	}
	if (!__atomic_and_fetch(&vv->sgi_src[sgi], (uint8_t)~sources,
				__ATOMIC_ACQ_REL))
		(void)vgic_unqueue(v->cell, v->index, sgi);
	if (LRS_SOURCES(vgic_lr_op(v, sgi, LR_STATE)) & sources)
		(void)vgic_lr_op(v, sgi, LR_UNPEND);
}
