/*
 * The common invariants (check.h).  Ownership is worked out from the config
 * here, independently of the vGIC's own bookkeeping.
 */
#include <arch/vgic_int.h>
#include <septum/abi/ivshmem.h>
#include <septum/config.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core_check.h"
#include "fake.h"
#include "fake_gic.h"

#define NO_PINTID 0xffffu

/* What the config gives cell c. */
struct owner {
	uint64_t own[NR_WORDS];		/* virtual INTIDs it may see */
	uint64_t events[NR_WORDS];	/* of those, what others may raise */
	uint16_t hw[NR_INTIDS];		/* vINTID -> linked pINTID, or NO_PINTID */
	uint64_t pcpus;			/* its CPUs, a bit each */
};

/* A CPU of a cell, as far as another cell must never change it. */
struct cpu_snap {
	struct guest_frame frame;
	enum m_cpu_state state;
	uint64_t deadline;
	struct fgic_lr lr[FGIC_MAX_LRS];
	bool underflow;
	struct fgic_irq banked[32];
};

/* The largest state a cell's virtual GIC can have. */
#define VGIC_SNAP_MAX (sizeof(struct vgic_cell) + \
		       NR_INTIDS * sizeof(struct virq) + \
		       SEPTUM_MAX_CPUS * sizeof(struct vgic_vcpu))

/* A copy of a cell's virtual GIC: its distributor, then its vCPUs'. */
struct vgic_snap {
	size_t size;		/* bytes copied */
	size_t vcpus_at;	/* where the vCPUs' state starts in them */
	unsigned int nvcpus;
	_Alignas(16) uint8_t bytes[VGIC_SNAP_MAX];
};

/* One cell's state, as far as another cell must never change it. */
struct snap {
	struct core_snap core;	/* core's (core/fuzz/core_check.h) */
	struct vgic_snap vgic;
	struct cpu_snap cpus[M_CPUS];	/* the cell's, in CPU order */
	unsigned int ncpus;
};

static const struct septum_config *cfg;
static struct owner owners[M_CELLS];
static int pint_owner[NR_INTIDS];	/* physical SPI -> cell, or -1 */
static uint32_t pint_vint[NR_INTIDS];
static struct snap before[M_CELLS], after;
static int actor;
static bool world;
static unsigned int restarts[M_CELLS];
static unsigned int rx_tail;

void check_fail(const char *format, ...)
{
	va_list ap;

	fprintf(stderr, "\nFUZZ INVARIANT VIOLATED: ");
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fprintf(stderr, "\n(console output so far:)\n%.*s\n", (int)m.out_len,
		m.out);
	abort();
}

static void set_bit(uint64_t *words, uint32_t n)
{
	words[n / 64] |= BIT(n % 64);
}

static bool has_bit(const uint64_t *words, uint32_t n)
{
	return n < NR_INTIDS && (words[n / 64] >> (n % 64) & 1);
}

bool check_owns(unsigned int cell, uint32_t vintid)
{
	return has_bit(owners[cell].own, vintid);
}

static const char *name(unsigned int c)
{
	return cfg->cells[c].name;
}

/* --- ownership from the config ----------------------------------------- */

static void own(struct owner *o, uint32_t vintid, uint32_t pintid, bool event)
{
	if (vintid < 32 || vintid >= NR_INTIDS - 4)
		return;	/* the vGIC gives a cell SPIs only, 32..1019 */
	set_bit(o->own, vintid);
	if (event)
		set_bit(o->events, vintid);
	o->hw[vintid] = (uint16_t)pintid;
}

static void learn_cell(unsigned int c)
{
	const struct septum_cell *s = &cfg->cells[c];
	const struct septum_timer *t = &cfg->board.arch.arm64.timer;
	struct owner *o = &owners[c];

	memset(o, 0, sizeof(*o));
	for (uint32_t i = 0; i < NR_INTIDS; i++)
		o->hw[i] = NO_PINTID;
	for (uint32_t i = 0; i < 16; i++)
		set_bit(o->own, i);
	set_bit(o->own, t->virt_intid);
	set_bit(o->own, t->phys_intid);
	o->hw[t->virt_intid] = (uint16_t)t->virt_intid;
	o->hw[t->phys_intid] = (uint16_t)t->phys_intid;
	for (unsigned int i = 0; i < s->num_irqs; i++) {
		own(o, s->irqs[i].vintid, s->irqs[i].pintid, false);
		pint_owner[s->irqs[i].pintid] = (int)c;
		pint_vint[s->irqs[i].pintid] = s->irqs[i].vintid;
	}
	if (s->vuart.kind != SEPTUM_VUART_NONE)
		own(o, s->vuart.vintid, NO_PINTID, true);
	for (unsigned int i = 0; i < cfg->header.num_channels; i++) {
		const struct septum_channel *ch = &cfg->channels[i];

		for (unsigned int k = 0; k < ch->num_peers; k++) {
			if (ch->peers[k].cell == c)
				own(o, ch->peers[k].vintid, NO_PINTID, true);
		}
	}
	for (unsigned int i = 0; i < s->num_cpus; i++)
		o->pcpus |= BIT(s->cpus[i].board_cpu);
}

/* --- snapshots ----------------------------------------------------------- */

static void capture_cpus(unsigned int c, struct snap *s)
{
	s->ncpus = 0;
	for (unsigned int p = 0; p < M_CPUS; p++) {
		struct cpu_snap *cs = &s->cpus[s->ncpus];

		if (!(owners[c].pcpus & BIT(p)))
			continue;
		memset(cs, 0, sizeof(*cs));
		cs->frame = m.frame[p];
		cs->state = m.cpu[p];
		cs->deadline = m.deadline[p];
		memcpy(cs->lr, fgic.lr[p], sizeof(cs->lr));
		cs->underflow = fgic.underflow[p];
		memcpy(cs->banked, fgic.banked[p], sizeof(cs->banked));
		cs->banked[GIC_KICK_SGI].pending = false;	/* kicks */
		s->ncpus++;
	}
}

static struct vgic_cell *snap_cell(struct vgic_snap *s)
{
	return (struct vgic_cell *)(void *)s->bytes;
}

static struct vgic_vcpu *snap_vcpus(struct vgic_snap *s)
{
	return (struct vgic_vcpu *)(void *)(s->bytes + s->vcpus_at);
}

static void capture_vgic(unsigned int c, struct vgic_snap *s)
{
	const struct vgic_cell *g = vgic_of(cell_get(c));

	s->nvcpus = cfg->cells[c].num_cpus;
	s->vcpus_at = (size_t)((const char *)g->vcpus - (const char *)g);
	s->size = s->vcpus_at + s->nvcpus * sizeof(struct vgic_vcpu);
	if (s->size > sizeof(s->bytes))
		check_fail("cell %s's virtual GIC is larger (%zu bytes) than "
			   "any can be", name(c), s->size);
	memcpy(s->bytes, g, s->size);
	snap_cell(s)->vcpus = NULL;	/* the same in every copy */
}

static void capture(unsigned int c, struct snap *s)
{
	core_snap(c, &s->core);
	capture_vgic(c, &s->vgic);
	capture_cpus(c, s);
}

/*
 * Clear, in every vCPU's pending bits, the INTIDs set in `allowed` (and the
 * summary bits of their words).
 */
static void forgive(struct vgic_snap *s, const uint64_t *allowed)
{
	struct vgic_vcpu *vcpus = snap_vcpus(s);

	for (unsigned int v = 0; v < s->nvcpus; v++) {
		for (unsigned int w = 0; w < NR_WORDS; w++) {
			vcpus[v].pending[w] &= ~allowed[w];
			if (allowed[w])
				vcpus[v].summary &= ~BIT(w);
		}
	}
}

/* Name the first difference of two virtual GICs, for the report. */
static void vgic_diff(unsigned int c, struct vgic_snap *sa,
		      struct vgic_snap *sb)
{
	const struct vgic_cell *a = snap_cell(sa), *b = snap_cell(sb);
	const struct vgic_vcpu *av = snap_vcpus(sa), *bv = snap_vcpus(sb);

	for (unsigned int i = 0; i < a->nints && i < b->nints; i++) {
		if (memcmp(&a->spi[i], &b->spi[i], sizeof(a->spi[i])))
			check_fail("cell %s's virtual GIC: SPI %u changed (flags "
				   "0x%x->0x%x prio %u->%u target %u->%u)",
				   name(c), i, a->spi[i].flags, b->spi[i].flags,
				   a->spi[i].priority, b->spi[i].priority,
				   a->spi[i].target, b->spi[i].target);
	}
	for (unsigned int v = 0; v < sa->nvcpus; v++) {
		for (unsigned int w = 0; w < NR_WORDS; w++) {
			if (av[v].pending[w] != bv[v].pending[w])
				check_fail("cell %s's virtual GIC: vCPU %u pending "
					   "INTIDs %u-%u: 0x%llx -> 0x%llx", name(c),
					   v, w * 64, w * 64 + 63,
					   (unsigned long long)av[v].pending[w],
					   (unsigned long long)bv[v].pending[w]);
		}
		if (av[v].summary != bv[v].summary)
			check_fail("cell %s's virtual GIC: vCPU %u's pending "
				   "summary 0x%llx -> 0x%llx", name(c), v,
				   (unsigned long long)av[v].summary,
				   (unsigned long long)bv[v].summary);
		if (memcmp(av[v].banked, bv[v].banked, sizeof(av[v].banked)))
			check_fail("cell %s's virtual GIC: vCPU %u's SGIs/PPIs "
				   "changed", name(c), v);
	}
	check_fail("cell %s's virtual GIC changed (CTLR 0x%x->0x%x, INTIDs "
		   "%u->%u)", name(c), a->ctlr, b->ctlr, a->nints, b->nints);
}

/* INTIDs the step may have raised in cell c; fail on one it may not. */
static void allowed_for(unsigned int c, uint64_t *allowed)
{
	memset(allowed, 0, NR_WORDS * sizeof(*allowed));
	for (unsigned int i = 0; i < m.ninjected[c] && i < 8; i++) {
		uint32_t v = m.injected[c][i];

		if ((int)c != actor && !has_bit(owners[c].events, v))
			check_fail("a step of %s raised interrupt %u in cell %s, "
				   "which is no channel or console interrupt of it",
				   actor < 0 ? "the hypervisor" : name((unsigned)actor),
				   v, name(c));
		if (v < NR_INTIDS)
			set_bit(allowed, v);
	}
	for (unsigned int j = 0; j < fgic.njournal && j < FGIC_JOURNAL; j++) {
		const struct fgic_entry *e = &fgic.journal[j];

		if (e->op == FGIC_ACK && e->intid >= 32 &&
		    pint_owner[e->intid] == (int)c)
			set_bit(allowed, pint_vint[e->intid]);
	}
}

static void differs(unsigned int c, const char *what)
{
	check_fail("a step of %s changed cell %s's %s",
		   actor < 0 ? "the hypervisor" : name((unsigned)actor), name(c),
		   what);
}

static void compare_cpus(unsigned int c, const struct snap *a,
			 const struct snap *b)
{
	for (unsigned int i = 0; i < a->ncpus; i++) {
		const struct cpu_snap *x = &a->cpus[i], *y = &b->cpus[i];

		if (memcmp(&x->frame, &y->frame, sizeof(x->frame)))
			differs(c, "vCPU registers");
		if (x->state != y->state)
			differs(c, "CPUs (guest or parked)");
		if (x->deadline != y->deadline)
			differs(c, "CPUs' hypervisor timers");
		if (memcmp(x->lr, y->lr, sizeof(x->lr)) ||
		    x->underflow != y->underflow)
			differs(c, "list registers");
		if (memcmp(x->banked, y->banked, sizeof(x->banked)))
			differs(c, "physical SGIs/PPIs");
	}
}

static void compare(unsigned int c, struct snap *a, struct snap *b)
{
	uint64_t allowed[NR_WORDS];
	/*
	 * Typed input goes to the cell with focus, which typing may move (core's
	 * vuart target checks where each byte lands).
	 */
	const char *what = core_snap_diff(&a->core, &b->core,
					  m.rx_tail != rx_tail);

	allowed_for(c, allowed);
	if (what)
		differs(c, what);
	if (a->vgic.size != b->vgic.size)
		differs(c, "virtual GIC's size");
	if (memcmp(a->vgic.bytes, b->vgic.bytes, a->vgic.size)) {
		forgive(&a->vgic, allowed);
		forgive(&b->vgic, allowed);
		if (memcmp(a->vgic.bytes, b->vgic.bytes, a->vgic.size))
			vgic_diff(c, &a->vgic, &b->vgic);
	}
	compare_cpus(c, a, b);
}

/* --- global invariants --------------------------------------------------- */

/*
 * The interrupts of word w waiting for vCPU v that could go to a list
 * register now (those that cannot wait without a summary bit: what makes
 * them deliverable sets it).
 */
static uint64_t deliverable(const struct vgic_cell *g, unsigned int v,
			    unsigned int w)
{
	uint64_t bits = g->vcpus[v].pending[w], now = 0;

	for (; bits; bits &= bits - 1) {
		uint32_t id = w * 64 + (uint32_t)__builtin_ctzll(bits);

		if (id < g->nints &&
		    virq_deliverable(g, id < 32 ? &g->vcpus[v].banked[id]
						: &g->spi[id]))
			now |= bits & -bits;
	}
	return now;
}

static void check_pending(unsigned int c)
{
	const struct vgic_cell *g = vgic_of(cell_get(c));

	/* Its vCPUs' state only: the vGIC keeps no other. */
	for (unsigned int v = 0; v < cfg->cells[c].num_cpus; v++) {
		for (unsigned int w = 0; w < NR_WORDS; w++) {
			uint64_t bad = g->vcpus[v].pending[w] & ~owners[c].own[w];

			if (w * 64 >= g->nints)
				bad = g->vcpus[v].pending[w];
			if (bad)
				check_fail("cell %s vCPU %u: interrupt %u pending, "
					   "which is not the cell's (or beyond its "
					   "INTIDs)", name(c), v,
					   w * 64 + (unsigned)__builtin_ctzll(bad));
			if (!(g->vcpus[v].summary & BIT(w)) &&
			    (bad = deliverable(g, v, w)))
				check_fail("cell %s vCPU %u: interrupts %u-%u wait "
					   "(0x%llx) but the summary says none: no "
					   "flush would see them", name(c), v,
					   w * 64, w * 64 + 63,
					   (unsigned long long)bad);
		}
	}
}

static void check_lr(unsigned int p, int c, const struct fgic_lr *lr,
		     const struct fgic_lr *lrs, unsigned int i)
{
	uint16_t hw;

	if (c < 0 || m.cpu[p] != M_GUEST)
		check_fail("CPU %u holds interrupt %u in a list register outside "
			   "a guest", p, lr->vintid);
	if (!check_owns((unsigned)c, lr->vintid))
		check_fail("CPU %u (cell %s): list register holds interrupt %u, "
			   "not the cell's", p, name((unsigned)c), lr->vintid);
	hw = owners[c].hw[lr->vintid];
	if (lr->hw != (hw != NO_PINTID) || (lr->hw && lr->pintid != hw))
		check_fail("CPU %u (cell %s): interrupt %u linked to physical "
			   "%u (hw %d), want %u", p, name((unsigned)c),
			   lr->vintid, lr->pintid, lr->hw, hw);
	for (unsigned int k = 0; k < i; k++) {
		if ((lrs[k].pending || lrs[k].active) &&
		    lrs[k].vintid == lr->vintid)
			check_fail("CPU %u: interrupt %u in two list registers",
				   p, lr->vintid);
	}
}

static void check_lrs(void)
{
	for (unsigned int p = 0; p < M_CPUS; p++) {
		const struct fgic_lr *lrs = fgic.lr[p];

		for (unsigned int i = 0; i < FGIC_MAX_LRS; i++) {
			if ((lrs[i].pending || lrs[i].active) && i >= fgic.nlr)
				check_fail("CPU %u: list register %u beyond the "
					   "%u it has", p, i, fgic.nlr);
			if (lrs[i].pending || lrs[i].active)
				check_lr(p, m_cell_of_cpu(p), &lrs[i], lrs, i);
		}
	}
}

/*
 * Physical SPIs of each cell: enabled only towards its own CPUs, and not
 * at all once it has stopped and its last vCPU has left.
 */
static void check_routes(void)
{
	for (uint32_t i = 32; i < NR_INTIDS; i++) {
		const struct fgic_irq *q = &fgic.spi[i];
		int c = pint_owner[i];
		const struct cell *cl = c >= 0 ? cell_get((unsigned)c) : NULL;

		if (c >= 0 && q->enabled && !(owners[c].pcpus & BIT(q->route)))
			check_fail("physical interrupt %u of cell %s is enabled "
				   "and routed to CPU %u, not one of the cell's",
				   i, name((unsigned)c), q->route);
		if (cl && q->enabled && cl->state == CELL_STOPPED &&
		    !cl->vcpus_in_guest)
			check_fail("physical interrupt %u of cell %s is enabled, "
				   "the cell stopped", i, name((unsigned)c));
	}
}

static bool hyp_intid(uint32_t intid)
{
	return intid == GIC_KICK_SGI || intid == cfg->board.arch.arm64.gic.maint_intid ||
	       intid == cfg->board.arch.arm64.timer.hyp_intid ||
	       intid == cfg->hyp.uart_intid;
}

/* Whether the acting cell may have the GIC do `e`. */
static bool actor_may(const struct fgic_entry *e)
{
	const struct septum_timer *t = &cfg->board.arch.arm64.timer;
	bool timer = e->intid == t->virt_intid || e->intid == t->phys_intid;

	if (actor < 0 || !(owners[actor].pcpus & BIT(e->cpu)))
		return false;
	if (timer)
		return e->op != FGIC_ROUTE;
	if (e->intid < 32 || pint_owner[e->intid] != actor)
		return false;
	return e->op != FGIC_ROUTE || (owners[actor].pcpus & BIT(e->arg));
}

static void check_journal(void)
{
	uint64_t acked[NR_WORDS] = { 0 };

	for (unsigned int j = 0; j < fgic.njournal && j < FGIC_JOURNAL; j++) {
		const struct fgic_entry *e = &fgic.journal[j];

		if (e->op == FGIC_ACK)
			set_bit(acked, e->intid);
		if (e->op == FGIC_ACK || e->op == FGIC_LR_WRITE)
			continue;
		if (e->op == FGIC_SEND_SGI) {
			if (e->intid != GIC_KICK_SGI)
				check_fail("the hypervisor sent physical SGI %u",
					   e->intid);
			continue;
		}
		if (hyp_intid(e->intid) || actor_may(e) ||
		    (has_bit(acked, e->intid) &&
		     (e->op == FGIC_DISABLE || e->op == FGIC_DEACTIVATE)))
			continue;
		check_fail("a step of %s on CPU %u did GIC operation %d on "
			   "physical interrupt %u (arg %u), which is not its",
			   actor < 0 ? "the hypervisor" : name((unsigned)actor),
			   e->cpu, (int)e->op, e->intid, e->arg);
	}
}

static void check_life(unsigned int c)
{
	const struct cell *cl = cell_get(c);
	unsigned int in_guest = 0;

	for (unsigned int i = 0; i < cfg->cells[c].num_cpus; i++) {
		const struct vcpu *v = &cl->vcpus[i];

		in_guest += m.cpu[v->pcpu] == M_GUEST;
		if ((m.cpu[v->pcpu] == M_GUEST) != (v->state == VCPU_ON))
			check_fail("cell %s vCPU %u: state %d but its CPU is %s",
				   name(c), i, (int)v->state,
				   m.cpu[v->pcpu] == M_GUEST ? "in the guest"
							     : "parked");
		if (cl->state == CELL_STOPPED && v->state == VCPU_STARTING)
			check_fail("cell %s is stopped but its vCPU %u is about "
				   "to start", name(c), i);
	}
	if (in_guest != cl->vcpus_in_guest)
		check_fail("cell %s: %u vCPUs in the guest, %u counted", name(c),
			   in_guest, cl->vcpus_in_guest);
	if (cl->state == CELL_RUNNING && cl->restart_pending)
		check_fail("cell %s runs with a restart pending", name(c));
	if (cl->nrefused > ARRAY_SIZE(cl->refused) + 1)
		check_fail("cell %s: refused-call count %u", name(c),
			   cl->nrefused);
}

/* --- a clean slate ------------------------------------------------------- */

static void check_ram(unsigned int c)
{
	static uint8_t want[FAKE_RAM_SIZE];
	const struct septum_image *im = &cfg->cells[c].images[0];
	const uint8_t *ram = fake_ram(c);
	uint64_t at = im->load_ipa - cfg->cells[c].regions[0].ipa;

	memset(want, 0, sizeof(want));
	memcpy(want + at, config_payload(im->offset), im->size);
	if (!memcmp(ram, want, sizeof(want)))
		return;
	for (uint64_t i = 0; i < FAKE_RAM_SIZE; i++) {
		if (ram[i] != want[i])
			check_fail("cell %s: memory byte 0x%llx is 0x%02x, not its "
				   "image's 0x%02x", name(c),
				   (unsigned long long)i, ram[i], want[i]);
	}
}

/* Cell c restarted in this step: its devices and memory as new. */
static void check_restarted(unsigned int c)
{
	const struct cell *cl = cell_get(c);

	core_check_restarted(c);
	for (unsigned int i = 1; i < cfg->cells[c].num_cpus; i++) {
		if (cl->vcpus[i].state != VCPU_OFF)
			check_fail("cell %s restarted with vCPU %u already "
				   "started (state %d)", name(c), i,
				   (int)cl->vcpus[i].state);
	}
	check_ram(c);
}

/* Whether no vCPU of cell c but vCPU 0 is on (it started the cell). */
static bool alone(unsigned int c)
{
	for (unsigned int v = 1; v < cfg->cells[c].num_cpus; v++) {
		if (cell_vcpu_is_on(cell_get(c), v))
			return false;
	}
	return true;
}

/* vCPU 0 of cell c started the cell: its distributor is as after reset. */
static void check_dist_reset(unsigned int c)
{
	const struct vgic_cell *g = vgic_of(cell_get(c));
	unsigned int cpu0 = cfg->cells[c].cpus[0].board_cpu;

	if (g->ctlr)
		check_fail("cell %s: distributor enabled as its vCPU 0 starts",
			   name(c));
	for (uint32_t i = 32; i < NR_INTIDS; i++) {
		const struct virq *q = i < g->nints ? &g->spi[i] : NULL;

		if (q && ((q->flags & ~(VIRQ_OWNED | VIRQ_HW | VIRQ_GROUP1)) ||
			  q->priority || q->target))
			check_fail("cell %s: SPI %u not reset as vCPU 0 starts",
				   name(c), i);
		if (pint_owner[i] == (int)c &&
		    (fgic.spi[i].enabled || fgic.spi[i].route != cpu0))
			check_fail("cell %s: physical %u still enabled or routed "
				   "elsewhere as vCPU 0 starts", name(c), i);
	}
}

/* --- the steps ------------------------------------------------------------ */

/* The invariants of the state as it is (no step to attribute). */
static void check_state(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++) {
		check_pending(c);
		check_life(c);
	}
	check_lrs();
	check_routes();
	core_check_tables();
	core_check_console(m.out, m.out_len, m.out_len == M_OUT_MAX);
}

void check_boot(void)
{
	cfg = config_get();
	for (unsigned int i = 0; i < NR_INTIDS; i++)
		pint_owner[i] = -1;
	for (unsigned int c = 0; c < M_CELLS; c++)
		learn_cell(c);
	core_check_boot();
	check_state();
	for (unsigned int c = 0; c < M_CELLS; c++)
		check_ram(c);
}

void check_begin(int acting, bool outside)
{
	actor = acting;
	world = outside;
	for (unsigned int c = 0; c < M_CELLS; c++) {
		if ((int)c != actor && !world)
			capture(c, &before[c]);
		restarts[c] = cell_get(c)->restarts;
	}
	rx_tail = m.rx_tail;
	memset(m.ninjected, 0, sizeof(m.ninjected));
	memset(m.resets, 0, sizeof(m.resets));
	m.vgic_handled = false;
	fgic.njournal = 0;
}

void check_end(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++) {
		if ((int)c != actor && !world) {
			capture(c, &after);
			compare(c, &before[c], &after);
		}
		if (cell_get(c)->restarts != restarts[c])
			check_restarted(c);
		if ((m.resets[c] & 1) && alone(c))
			check_dist_reset(c);
	}
	check_journal();
	check_state();
}

void check_finish(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++)
		check_ram(c);
}
