/*
 * One vCPU's list registers, always on that vCPU's own CPU: filling them
 * from its queue by priority, looking at them when asked (another CPU's
 * call, a deactivation it asked to see, a line that dropped), and the
 * controls of its virtual interface (underflow maintenance interrupt,
 * GICv3's trap of the Group 1 CPU interface registers).
 *
 * Hardware-linked interrupts whose line may drop before the cell takes
 * them: one put in an LR while the cell has IRQs masked is checked again
 * before the cell can acknowledge it.  On GICv3 the cell's next Group 1
 * CPU interface access (its ICV_IAR1_EL1 read, ...) traps while such an
 * LR waits (ICH_HCR_EL2.TALL1): its line is sampled (the physical GIC
 * shows an active level-sensitive interrupt whose line is still high as
 * pending), the LR dropped and the physical interrupt deactivated if the
 * line fell, and the access runs again on the virtual interface.  GICv2
 * has no such trap: the vCPU unmaps its CPU interface page for itself
 * instead (stage2_trap_page()), and each access it makes there meanwhile is
 * sampled the same way and done for it (vgic_gicv_access()).  Every exit
 * meanwhile looks too.
 */
#include <arch/guest.h>
#include <arch/stage2.h>
#include <arch/vgic_int.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>

#define MAX_CANDS 32
#define GICV_IAR 0x0c		/* GICv2 CPU interface: acknowledges */
#define GICV_AIAR 0x20

/* The list registers as this CPU sees them: the used ones read, once. */
struct lr_view {
	uint64_t lr[MAX_LRS];	/* arch/gic.h's values */
	uint64_t used;		/* bit i: LR i holds something */
};

static uint64_t all_lrs(void)
{
	return BIT(vgic_nr_lrs) - 1;
}

static void view_read(struct lr_view *lv)
{
	lv->used = ~gic_lr_empty() & all_lrs();
	for (uint64_t u = lv->used; u; u &= u - 1)
		lv->lr[vgic_ctz(u)] = gic_lr_read(vgic_ctz(u));
}

/* Where vintid sits in the LRs, or -1. */
static int view_find(const struct lr_view *lv, uint32_t vintid)
{
	for (uint64_t u = lv->used; u; u &= u - 1) {
		if (gic_lr_vintid(lv->lr[vgic_ctz(u)]) == vintid)
			return (int)vgic_ctz(u);
	}
	return -1;
}

static void view_set(struct lr_view *lv, unsigned int i, uint64_t lr)
{
	lv->lr[i] = lr;
	gic_lr_write(i, lr);
	if (lr & (ICH_LR_PENDING | ICH_LR_ACTIVE))
		lv->used |= BIT(i);
	else
		lv->used &= ~BIT(i);
}

/* This CPU's vCPU's state (everything here runs on v's own CPU). */
static struct vgic_vcpu *vv_of(const struct vcpu *v)
{
	return vgic_here[v->pcpu];
}

static struct virq *virq_here(const struct vcpu *v, uint32_t vintid)
{
	struct vgic_vcpu *vv = vv_of(v);

	if (vintid < FIRST_SPI)
		return &vv->banked[vintid];
	return virq_of(vv->g, v->index, vintid);
}

/* The vCPU interrupt vintid of v's cell goes to (banked: v itself). */
static unsigned int home_of(const struct vcpu *v, uint32_t vintid,
			    const struct virq *q)
{
	return virq_home(v->index, vintid, q);
}

void vgic_give_back(const struct virq *q, unsigned int pcpu)
{
	uint8_t f = virq_flags(q);

	if (f & (VIRQ_EDGE | VIRQ_LATCH))
		gic_set_pending(q->pintid, pcpu, true);
	if (!(f & VIRQ_ACTIVE))
		gic_set_active(q->pintid, pcpu, false);
}

/* Take LR i (pending, not active) back: its interrupt waits where it goes. */
static void recall(struct vcpu *v, struct lr_view *lv, unsigned int i)
{
	uint64_t lr = lv->lr[i];
	uint32_t vintid = gic_lr_vintid(lr);
	struct virq *q = virq_here(v, vintid);
	uint8_t f = virq_flags(q);

	view_set(lv, i, 0);
	if (lr & ICH_LR_HW) {
		vgic_give_back(q, v->pcpu);
		return;
	}
	if (gic_version() == 2 && vintid < 16) {
		vgic_queue_sgi(v->cell, v->index, vintid, gic_lr_source(lr));
		return;
	}
	if (!(f & VIRQ_EDGE) && vintid >= 16 &&
	    !(f & (VIRQ_LINE | VIRQ_LATCH)))
		return;	/* a level it no longer has */
	vgic_queue(v->cell, home_of(v, vintid, q), vintid);
}

unsigned int vgic_lr_op(struct vcpu *v, uint32_t vintid, enum lr_op op)
{
	struct lr_view lv;
	uint64_t lr, bit;
	struct virq *q;
	int i;

	view_read(&lv);
	i = view_find(&lv, vintid);
	if (i < 0)
		return 0;
	lr = lv.lr[i];
	q = virq_here(v, vintid);
	if (lr & ICH_LR_ACTIVE)
		virq_set(q, VIRQ_LATCH, false);	/* the cell took it */
	/* ICPENDR and ICACTIVER: the state bit they end, if the LR has it;
	 * a hardware-linked one is the physical GIC's to end. */
	bit = op == LR_UNPEND ? ICH_LR_PENDING : ICH_LR_ACTIVE;
	if (op == LR_RECALL) {
		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) == ICH_LR_PENDING)
			recall(v, &lv, (unsigned int)i);
	} else if (op != LR_STATE && (lr & bit) && (lr & ICH_LR_HW)) {
		view_set(&lv, (unsigned int)i, 0);
		if (op == LR_UNPEND)
			gic_set_pending(q->pintid, v->pcpu, false);
		gic_set_active(q->pintid, v->pcpu, false);
	} else if (op != LR_STATE && (lr & bit) &&
		   (op == LR_UNACTIVE || vintid < 16 ||
		    (virq_flags(q) & (VIRQ_EDGE | VIRQ_LINE)) != VIRQ_LINE)) {
		lr &= ~bit;	/* a device's level keeps it pending */
		view_set(&lv, (unsigned int)i, lr);
	}
	return ((lr & ICH_LR_PENDING) ? LRS_PENDING |
						LRS_SOURCE(gic_lr_source(lr))
				      : 0) |
	       ((lr & ICH_LR_ACTIVE) ? LRS_ACTIVE : 0);
}

/* --- looking at them ---------------------------------------------------- */

/*
 * LRs the cell deactivated that asked to be seen (a level-sensitive
 * purely virtual interrupt, a GICv2 SGI another CPU sends too): free them;
 * a line still high makes the interrupt pending again.
 */
static void eoied(struct vcpu *v)
{
	uint64_t e = gic_lr_eoied() & all_lrs();

	for (; e; e &= e - 1) {
		uint32_t vintid = gic_lr_vintid(gic_lr_read(vgic_ctz(e)));
		struct virq *q;

		gic_lr_write(vgic_ctz(e), 0);
		q = virq_here(v, vintid);
		virq_set(q, VIRQ_LATCH, false);
		if (vintid >= 16 && (virq_flags(q) & VIRQ_LINE))
			vgic_queue(v->cell, home_of(v, vintid, q), vintid);
	}
}

/*
 * Sample a hardware-linked interrupt waiting in LR i: a level-sensitive
 * one whose line fell is dropped (deactivated, the physical GIC tracks its
 * line again); an edge-triggered one that saw another edge merges it.
 */
static void hw_sample(struct vcpu *v, struct lr_view *lv, unsigned int i,
		      const struct virq *q)
{
	bool now = gic_is_pending(q->pintid, v->pcpu);
	uint8_t f = virq_flags(q);

	if (f & VIRQ_EDGE) {
		if (now)
			gic_set_pending(q->pintid, v->pcpu, false);
	} else if (!now && !(f & VIRQ_LATCH)) {
		view_set(lv, i, 0);
		gic_set_active(q->pintid, v->pcpu, false);
	}
}

/*
 * Every LR still pending, not yet taken by the cell, against its
 * interrupt's state: recalled if it may not be delivered here any more
 * (disabled, group off, made active, routed elsewhere), dropped if its
 * line fell; hardware-linked ones sampled when asked (hw_check).
 */
static void reconcile(struct vcpu *v, struct lr_view *lv)
{
	struct vgic_cell *g = vgic_of(v->cell);
	bool hw_left = false;

	for (uint64_t u = lv->used; u; u &= u - 1) {
		unsigned int i = vgic_ctz(u);
		uint64_t lr = lv->lr[i];
		uint32_t vintid = gic_lr_vintid(lr);
		struct virq *q = virq_here(v, vintid);
		uint8_t f = virq_flags(q);

		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) != ICH_LR_PENDING)
			continue;
		if (!virq_deliverable(g, q) || home_of(v, vintid, q) != v->index) {
			recall(v, lv, i);
		} else if (lr & ICH_LR_HW) {
			if (vv_of(v)->hw_check)
				hw_sample(v, lv, i, q);
			hw_left = hw_left || (lv->used & BIT(i));
		} else if (!(f & (VIRQ_EDGE | VIRQ_LINE | VIRQ_LATCH)) &&
			   vintid >= 16) {
			view_set(lv, i, 0);	/* its level fell */
		}
	}
	vv_of(v)->hw_check = vv_of(v)->hw_check && hw_left;
}

void vgic_lr_attention(struct vcpu *v)
{
	struct vgic_vcpu *vv = vv_of(v);
	struct lr_view lv;

	vgic_call_serve(v);
	eoied(v);
	view_read(&lv);
	reconcile(v, &lv);
	/* Still waiting with IRQs masked: look again at the next exit. */
	if (vv->hw_check)
		__atomic_fetch_or(&vv->summary, SUMMARY_ATTN, __ATOMIC_RELAXED);
}

void vgic_lr_hw_masked(struct vcpu *v)
{
	struct vgic_vcpu *vv = vv_of(v);

	vv->hw_check = true;
	__atomic_fetch_or(&vv->summary, SUMMARY_ATTN, __ATOMIC_RELAXED);
}

/* ICV_HPPIR1_EL1 as the virtual interface would answer: the highest
 * priority pending LR of an enabled group, if it is Group 1. */
static uint64_t hppir1(const struct lr_view *lv)
{
	uint32_t groups = gic_vgroups();
	uint64_t best = 0;

	for (uint64_t u = lv->used; u; u &= u - 1) {
		uint64_t lr = lv->lr[vgic_ctz(u)];

		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) != ICH_LR_PENDING ||
		    !(groups & ((lr & ICH_LR_GROUP1) ? 2u : 1u)))
			continue;
		if (!best || gic_lr_priority(lr) < gic_lr_priority(best))
			best = lr;
	}
	return (best & ICH_LR_GROUP1) ? gic_lr_vintid(best) : GIC_SPURIOUS;
}

/* Sample every LR that waits (a trapped look at the CPU interface). */
static void sample_now(struct vcpu *v, struct lr_view *lv)
{
	struct vgic_vcpu *vv = vv_of(v);
	bool check = vv->hw_check;

	view_read(lv);
	vv->hw_check = true;
	reconcile(v, lv);
	vv->hw_check = check && vv->hw_check;
}

bool vgic_g1_trap(struct vcpu *v, enum g1_access what, uint64_t *value)
{
	struct lr_view lv;

	sample_now(v, &lv);
	if (what == G1_HPPIR) {
		*value = hppir1(&lv);
		return true;	/* a look, not an acknowledge: still trapped */
	}
	if (what == G1_IAR)
		vv_of(v)->hw_check = false;	/* the cell takes them now */
	else
		vv_of(v)->g1_once = true;	/* this access passes untrapped */
	return false;
}

/* --- filling them ------------------------------------------------------- */

struct cand {
	uint32_t vintid;
	uint8_t priority;
	uint8_t source;		/* v2 SGIs */
};

/*
 * What to do with a candidate already in LR i: true if it is there now (it
 * merged, or the LR is pending again), false to keep it waiting (a GICv2
 * SGI from another CPU, a hardware-linked one still active, any active one
 * without the virtual IRQ wire), with the LR asking to be seen once the
 * cell deactivates it.
 */
static bool merge(struct vcpu *v, struct lr_view *lv, unsigned int i,
		  const struct cand *k)
{
	uint64_t lr = lv->lr[i];
	bool sgi2 = gic_version() == 2 && k->vintid < 16;
	bool same = !sgi2 || gic_lr_source(lr) == k->source;

	if ((lr & ICH_LR_PENDING) && same)
		return true;
	/* GICv2: of the senders of a pending SGI, the lowest CPU first. */
	if (sgi2 && (lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) == ICH_LR_PENDING &&
	    k->source < gic_lr_source(lr)) {
		vgic_queue_sgi(v->cell, v->index, k->vintid, gic_lr_source(lr));
		/* the other sender waits */
		view_set(lv, i, (lr & ~(7ull << ICH_LR_SOURCE_SHIFT)) |
					(uint64_t)k->source << ICH_LR_SOURCE_SHIFT |
					ICH_LR_EOI);
		return true;
	}
	/*
	 * Active and pending again.  Not on a board whose GIC drives no
	 * virtual IRQ line (gicv3.c, virq-unwired): the LR would turn pending
	 * when the cell deactivates it, with no exit to raise HCR_EL2.VI, and
	 * the interrupt would wait for the cell's next exit.  There it waits
	 * in the queue, and the deactivation is seen (EOI maintenance).
	 */
	if (!(lr & (ICH_LR_PENDING | ICH_LR_HW)) && same && !GIC_VIRQ_UNWIRED) {
		view_set(lv, i, lr | ICH_LR_PENDING);
		return true;
	}
	if (!(lr & (ICH_LR_HW | ICH_LR_EOI)))
		view_set(lv, i, lr | ICH_LR_EOI);
	return false;
}

/* The LR to give candidate k: a free one, or the worst pending-only one
 * of lower priority (its interrupt waits again); -1: none. */
static int lr_for(struct vcpu *v, struct lr_view *lv, const struct cand *k)
{
	uint64_t free = ~lv->used & all_lrs();
	int worst = -1;
	unsigned int worst_prio = k->priority;

	if (free)
		return (int)vgic_ctz(free);
	for (uint64_t u = lv->used; u; u &= u - 1) {
		uint64_t lr = lv->lr[vgic_ctz(u)];
		unsigned int p = virq_here(v, gic_lr_vintid(lr))->priority;

		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) == ICH_LR_PENDING &&
		    p > worst_prio) {
			worst = (int)vgic_ctz(u);
			worst_prio = p;
		}
	}
	if (worst >= 0) {
		uint64_t lr = lv->lr[worst];

		if (lr & ICH_LR_HW) {	/* still acknowledged: it waits in the queue */
			vgic_queue(v->cell, v->index, gic_lr_vintid(lr));
			view_set(lv, (unsigned int)worst, 0);
		} else {
			recall(v, lv, (unsigned int)worst);
		}
	}
	return worst;
}

static void place(struct vcpu *v, struct lr_view *lv, unsigned int i,
		  const struct cand *k, bool more_sources)
{
	const struct virq *q = virq_here(v, k->vintid);
	uint8_t f = virq_flags(q);

	/* a device's level still high: see when the cell is done with it
	 * (an edge injected, or a latch, needs no second look) */
	view_set(lv, i, virq_lr(k->vintid, q, f, k->priority, k->source,
				more_sources ||
					(f & (VIRQ_EDGE | VIRQ_LINE)) ==
						VIRQ_LINE));
	if ((f & VIRQ_HW) && vgic_masked(v))
		vgic_lr_hw_masked(v);
}

/* Candidate n's index with the highest priority (lowest INTID on a tie). */
static unsigned int best_of(const struct cand *c, unsigned int n)
{
	unsigned int b = 0;

	for (unsigned int i = 1; i < n; i++) {
		if (c[i].priority < c[b].priority ||
		    (c[i].priority == c[b].priority && c[i].vintid < c[b].vintid))
			b = i;
	}
	return b;
}

/*
 * Take what waits for v into candidates; what must wait longer goes back
 * (without a summary bit when it cannot be delivered now: whatever makes it
 * deliverable rings again).
 */
static unsigned int gather(struct vcpu *v, struct cand *c)
{
	struct vgic_vcpu *vv = vv_of(v);
	struct vgic_cell *g = vv->g;
	uint64_t words = __atomic_fetch_and(&vv->summary, SUMMARY_ATTN,
					    __ATOMIC_ACQUIRE) & ~SUMMARY_ATTN;
	unsigned int n = 0;

	for (; words; words &= words - 1) {
		unsigned int w = vgic_ctz(words);
		uint64_t bits = __atomic_exchange_n(&vv->pending[w], 0,
						    __ATOMIC_ACQUIRE);
		uint64_t later = 0, retry = 0;

		for (; bits; bits &= bits - 1) {
			uint32_t id = w * 64 + vgic_ctz(bits);
			const struct virq *q = id < FIRST_SPI ? &vv->banked[id]
							      : &g->spi[id];
			unsigned int home = id < FIRST_SPI ? v->index : q->target;
			uint8_t src = 0;

			if (!(virq_flags(q) & VIRQ_OWNED))
				continue;
			if (gic_version() == 2 && id < 16 &&
			    !(src = vv->sgi_src[id]))
				continue;
			if (home != v->index)
				vgic_queue(v->cell, home, id);
			else if (!virq_deliverable(g, q))
				later |= bits & -bits;
			else if (n == MAX_CANDS)
				retry |= bits & -bits;
			else
				c[n++] = (struct cand){ id, q->priority,
							(uint8_t)(src ? vgic_ctz(src)
								      : 0) };
		}
		if (later | retry)
			__atomic_fetch_or(&vv->pending[w], later | retry,
					  __ATOMIC_RELEASE);
		if (retry)
			__atomic_fetch_or(&vv->summary, BIT(w), __ATOMIC_RELEASE);
	}
	return n;
}

/*
 * Candidate k stays queued, its summary bit set: it is looked at again.
 * (A GICv2 SGI's senders stay in sgi_src until take_source().)
 */
static void requeue(struct vcpu *v, const struct cand *k)
{
	vgic_queue(v->cell, v->index, k->vintid);
	__atomic_fetch_or(&vv_of(v)->summary, BIT(k->vintid / 64),
			  __ATOMIC_RELEASE);
}

/* A GICv2 SGI placed from source k->source: true if others still send it. */
static bool take_source(struct vcpu *v, const struct cand *k)
{
	if (gic_version() != 2 || k->vintid >= 16)
		return false;
	return __atomic_and_fetch(&vv_of(v)->sgi_src[k->vintid],
				  (uint8_t)~BIT(k->source),
				  __ATOMIC_ACQ_REL) != 0;
}

void vgic_lr_fill(struct vcpu *v)
{
	struct cand c[MAX_CANDS];
	struct lr_view lv;
	unsigned int n = gather(v, c);
	bool full = false;

	if (!n) {
		vv_of(v)->lr_full = false;
		return;
	}
	view_read(&lv);
	while (n) {
		unsigned int b = best_of(c, n);
		struct cand k = c[b];
		int at = view_find(&lv, k.vintid);
		bool more;

		c[b] = c[--n];
		if (at >= 0) {
			if (merge(v, &lv, (unsigned int)at, &k)) {
				if (take_source(v, &k))
					requeue(v, &k);
			} else {
				requeue(v, &k);
			}
			continue;
		}
		at = full ? -1 : lr_for(v, &lv, &k);
		if (at < 0) {
			full = true;
			requeue(v, &k);
			continue;
		}
		more = take_source(v, &k);
		place(v, &lv, (unsigned int)at, &k, more);
		if (more)
			requeue(v, &k);
	}
	vv_of(v)->lr_full = full;
}

/* --- the virtual interface's controls ----------------------------------- */

void vgic_lr_controls(struct vcpu *v)
{
	struct vgic_vcpu *vv = vv_of(v);
	uint32_t want = 0;

	if (vv->lr_full)
		want |= GIC_HCR_UNDERFLOW;
	if (vv->hw_check && !vv->g1_once)
		want |= GIC_HCR_TRAP_G1;
	vv->g1_once = false;
	if (want == vv->hcr)
		return;
	/* GICv2: the trap is the cell's CPU interface page, unmapped. */
	if (!gic_can_trap_g1() && ((want ^ vv->hcr) & GIC_HCR_TRAP_G1) &&
	    !stage2_trap_page(v, ipa(vgic_gic->gicc_pa), want & GIC_HCR_TRAP_G1))
		want &= ~(uint32_t)GIC_HCR_TRAP_G1;
	gic_set_hcr(want);
	vv->hcr = want;
}

/*
 * GICv2: the cell accessed its CPU interface page while it traps: sample
 * what waits, then do the access for it on the virtual interface (an
 * acknowledge ends the need for the trap).
 */
void vgic_gicv_access(struct vcpu *v, uint32_t off, struct vm_access *a)
{
	struct lr_view lv;

	sample_now(v, &lv);
	if (!a->write && (off == GICV_IAR || off == GICV_AIAR))
		vv_of(v)->hw_check = false;
	if (a->size != 4 || (off & 3)) {	/* word registers only */
		a->value = 0;
		return;
	}
	if (a->write)
		gic_vif_write(off, (uint32_t)a->value);
	else
		a->value = gic_vif_read(off);
}

void vgic_lr_drop_all(struct vcpu *v)
{
	struct vgic_vcpu *vv = vv_of(v);
	struct lr_view lv;
	uint64_t bits;

	view_read(&lv);
	for (uint64_t u = lv.used; u; u &= u - 1) {
		unsigned int i = vgic_ctz(u);
		uint64_t lr = lv.lr[i];

		if (gic_lr_vintid(lr) < FIRST_SPI) {
			if (lr & ICH_LR_HW)
				gic_set_active(gic_lr_pintid(lr), v->pcpu, false);
			view_set(&lv, i, 0);
			continue;
		}
		/* An SPI is the distributor's: it stays active (as ISACTIVER
		 * makes it) and pending, for whichever vCPU it goes to. */
		if (lr & ICH_LR_ACTIVE)
			virq_set(virq_here(v, gic_lr_vintid(lr)), VIRQ_ACTIVE,
				 true);
		if (lr & ICH_LR_PENDING)
			recall(v, &lv, i);
		else
			view_set(&lv, i, 0);
	}
	/* Its SGIs and PPIs wait no more; the SPIs queued to it still do. */
	bits = __atomic_fetch_and(&vv->pending[0], ~(BIT(FIRST_SPI) - 1),
				  __ATOMIC_ACQUIRE) & (BIT(FIRST_SPI) - 1);
	for (; bits; bits &= bits - 1) {
		const struct virq *q = &vv->banked[vgic_ctz(bits)];

		if (q->flags & VIRQ_HW)
			gic_set_active(q->pintid, v->pcpu, false);
	}
	__atomic_fetch_and(&vv->summary, ~SUMMARY_ATTN, __ATOMIC_RELAXED);
	for (unsigned int i = 0; i < 16; i++)
		vv->sgi_src[i] = 0;
	if ((vv->hcr & GIC_HCR_TRAP_G1) && !gic_can_trap_g1())
		(void)stage2_trap_page(v, ipa(vgic_gic->gicc_pa), false);
	vv->hw_check = false;
	vv->g1_once = false;
	vv->lr_full = false;
	vv->hcr = 0;
	gic_set_hcr(0);
}
