/*
 * The emulated distributor (GICv3 and GICv2) and GICv3 redistributors a
 * cell sees.  A cell can see and configure only interrupts it owns: reads of
 * another's state are zero, writes to it are ignored and logged (once per
 * cell and register kind).  The state behind the registers is vgic_state.c's.
 * The registers a running cell uses most and the SGIs are built for speed
 * (vgic_dist_trap()'s: SPIs' priorities and set/clear registers, GICD_CTLR
 * reads); the rest is COLD, and takes an access vgic_dist_trap() leaves
 * (the exit has more to do) the general way.
 *
 * What the cell's GIC is, as its registers say:
 *  - GICv3: one security state (GICD_CTLR.DS reads 1, ARE 1), Group 0 and
 *    Group 1 with their own distributor enables, no LPIs, affinity level 0
 *    only (A3V 0), no 1-of-N routing (No1N 1); every redistributor of the
 *    cell's CPUs reachable from each of them, GICR_TYPER.Last ending each
 *    run of consecutive CPUs (each region of the cell's device tree);
 *  - GICv2: no security extensions, interrupt grouping, the CPU targets
 *    of the cell's CPUs (none, RAZ/WI, on a one-CPU cell), SGIs pending
 *    per sender (GICD_SPENDSGIR/CPENDSGIR).
 */
#include <arch/aarch32.h>
#include <arch/sysreg.h>
#include <arch/vgic_int.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>

struct vgic_window vgic_dist_window, vgic_frames_window, vgic_span;
/* No HPFAR_EL2 value has bits [3:0] set: none matches before vgic_init(). */
uint64_t vgic_dist_hpfar = ~0ull;

/* What a bit/byte/field register does with one interrupt. */
enum reg_kind {
	REG_ENABLE_SET,
	REG_ENABLE_CLEAR,
	REG_PEND_SET,
	REG_PEND_CLEAR,
	REG_ACTIVE_SET,
	REG_ACTIVE_CLEAR,
	REG_GROUP,
	REG_PRIORITY,
	REG_TARGET,
	REG_CONFIG,
	REG_SGI_PEND_SET,	/* v2 GICD_SPENDSGIR */
	REG_SGI_PEND_CLEAR,	/* v2 GICD_CPENDSGIR */
	REG_ROUTE,	/* GICD_IROUTER (v3): not a field register */
};

/* GICD_CTLR (v3, one security state): ARE and DS read as one. */
#define CTLR_ARE BIT(4)
#define CTLR_DS BIT(6)
/* GICD_TYPER */
#define TYPER_CPUS_SHIFT 5
#define TYPER_IDBITS_10 (9u << 19)
#define TYPER_NO1N BIT(25)
/* GICD_IROUTER: what is kept (Aff3 is RES0 without A3V). */
#define IROUTER_IRM BIT(31)
#define IROUTER_KEPT (IROUTER_IRM | 0xffffffu)
/* GICR_TYPER, GICR_WAKER */
#define GICR_TYPER_LAST BIT(4)
#define WAKER_SLEEP BIT(1)
#define WAKER_ASLEEP BIT(2)

/* GICD_CTLR as the cell reads it: its group enables (and ARE, DS). */
static inline uint32_t ctlr_value(const struct vgic_cell *g)
{
	return g->ctlr | (gic_version() == 3 ? CTLR_ARE | CTLR_DS : 0);
}

/*
 * A write that touches an interrupt the cell does not own is ignored; the
 * first one of each register kind is logged (a guest that programs every
 * line of its distributor, as Linux does at boot, gets one line a kind).
 * Only an attempt to enable, pend or activate one is a warning: disabling,
 * clearing and configuring every line is how a GIC driver initialises.
 */
static COLD void foreign(struct vcpu *v, uint64_t off, uint32_t intid,
			 enum reg_kind kind)
{
	struct vgic_cell *g = vgic_of(v->cell);
	uint64_t bit = BIT(kind);
	void (*say)(const char *, ...) PRINTF_LIKE(1, 2);

	if (__atomic_fetch_or(&g->logged, bit, __ATOMIC_RELAXED) & bit)
		return;
	say = kind == REG_ENABLE_SET || kind == REG_PEND_SET ||
	      kind == REG_ACTIVE_SET ? log_warn : log_info;
	say("cell %s: CPU %u: GIC register 0x%llx: interrupt %u is not the "
	    "cell's: write ignored (logged once per register kind)",
	    v->cell->cfg->name, v->index, (unsigned long long)off, intid);
}

/* GICv2 GICD_ITARGETSR of an SPI: RAZ/WI on a one-CPU cell; bits of CPUs
 * the cell lacks are RAZ/WI; the lowest CPU named takes it. */
static COLD void set_targets(struct vcpu *v, struct virq *q, uint32_t intid,
			     uint32_t field)
{
	uint8_t t = (uint8_t)(field & (BIT(v->cell->cfg->num_cpus) - 1));

	if (v->cell->cfg->num_cpus == 1)
		return;
	q->targets = t;
	vgic_set_target(v, intid, t ? (unsigned int)__builtin_ctz(t) : NO_TARGET);
}

/* Owned interrupt intid (bank: whose banked copy): within spi[]. */
static inline struct virq *owned_virq(struct vgic_cell *g, unsigned int bank,
				      uint32_t intid)
{
	return intid < FIRST_SPI ? &g->vcpus[bank].banked[intid] : &g->spi[intid];
}

/*
 * Write `field` of owned interrupt intid (bank: whose banked copy),
 * returning 0, or read its pending, active, target or GICv2 SGI sources
 * (field_read() reads the rest).
 */
static COLD NOINLINE uint32_t field_rw(struct vcpu *v, unsigned int bank,
				       enum reg_kind kind, uint32_t intid,
				       bool write, uint32_t field)
{
	struct virq *q = owned_virq(vgic_of(v->cell), bank, intid);
	bool set = kind == REG_ENABLE_SET || kind == REG_PEND_SET ||
		   kind == REG_ACTIVE_SET || kind == REG_SGI_PEND_SET;

	/* GICv2's only (bank_access()): not in a GICv3 image. */
	if ((kind == REG_TARGET || kind == REG_SGI_PEND_SET ||
	     kind == REG_SGI_PEND_CLEAR) && gic_version() != 2)
		return 0;
	switch (kind) {
	case REG_ENABLE_SET:
	case REG_ENABLE_CLEAR:
		vgic_set_enabled(v, bank, intid, set);
		break;
	case REG_PEND_SET:
	case REG_PEND_CLEAR:
		if (!write)
			return vgic_is_pending(v, bank, intid);
		vgic_set_pending(v, bank, intid, set);
		break;
	case REG_ACTIVE_SET:
	case REG_ACTIVE_CLEAR:
		if (!write)
			return vgic_is_active(v, bank, intid);
		vgic_set_active(v, bank, intid, set);
		break;
	case REG_GROUP:
		virq_set(q, VIRQ_GROUP1, field);
		break;
	case REG_PRIORITY:
		q->priority = (uint8_t)field;
		break;
	case REG_TARGET:
		if (write) {
			if (intid >= FIRST_SPI)
				set_targets(v, q, intid, field);
			break;
		}
		if (v->cell->cfg->num_cpus == 1)
			return 0;
		return intid < FIRST_SPI ? 1u << v->index : q->targets;
	case REG_CONFIG:
		/* SGIs are edge, read-only; the rest changes only if told */
		if (intid >= 16 && !(virq_flags(q) & VIRQ_EDGE) != !(field & 2))
			vgic_set_edge(v, bank, intid, field & 2);
		break;
	case REG_SGI_PEND_SET:
	case REG_SGI_PEND_CLEAR:
		if (!write)
			return vgic_sgi_sources(v, intid);
		vgic_sgi_set_sources(v, intid, (uint8_t)field, set);
		break;
	case REG_ROUTE:
		break;	/* irouter_access() */
	}
	return 0;
}

/* Read the field of owned interrupt intid: what its struct virq holds
 * here, the rest from field_rw(). */
static inline uint32_t field_read(struct vcpu *v, unsigned int bank,
				  enum reg_kind kind, uint32_t intid)
{
	const struct virq *q = owned_virq(vgic_of(v->cell), bank, intid);
	uint8_t f = virq_flags(q);

	switch (kind) {
	case REG_ENABLE_SET:
	case REG_ENABLE_CLEAR:
		return (f & VIRQ_ENABLED) ? 1 : 0;
	case REG_GROUP:
		return (f & VIRQ_GROUP1) ? 1 : 0;
	case REG_PRIORITY:
		return q->priority;
	case REG_CONFIG:
		return (f & VIRQ_EDGE) ? 2 : 0;
	default:
		return field_rw(v, bank, kind, intid, false, 0);
	}
}

/* Which of the 32 interrupts of word w the cell owns, a bit each: banked
 * ones (if banked_ok) are the same for every vCPU, SPIs the cell's. */
static inline uint32_t owned_word(const struct vgic_cell *g, unsigned int w,
				  bool banked_ok)
{
	if (w == 0)
		return banked_ok ? vgic_banked_owned() : 0;
	return w < NR_INTIDS / 32 ? g->owned_spis[w] : 0;
}

/*
 * Which of the n (at most 64) interrupts from `first` (a multiple of n)
 * the cell owns, a bit each.
 */
static COLD uint64_t owned_mask(struct vcpu *v, uint32_t first, unsigned int n,
				bool banked_ok)
{
	const struct vgic_cell *g = vgic_of(v->cell);
	uint64_t own = owned_word(g, first / 32, banked_ok);

	if (n == 64)
		return own | (uint64_t)owned_word(g, first / 32 + 1, banked_ok)
				     << 32;
	return own >> (first % 32) & (BIT(n) - 1);
}

/*
 * The bytes of a word selected by the 4 bits of the index.  In a section of
 * its own, so that vgic_dist_trap() indexes it from its own address, with no
 * offset to add (the file's other tables come first in .rodata).
 */
static const uint32_t byte_masks[16]
	__attribute__((section(".rodata.vgic_byte_masks"))) = {
	0x00000000, 0x000000ff, 0x0000ff00, 0x0000ffff,
	0x00ff0000, 0x00ff00ff, 0x00ffff00, 0x00ffffff,
	0xff000000, 0xff0000ff, 0xff00ff00, 0xff00ffff,
	0xffff0000, 0xffff00ff, 0xffffff00, 0xffffffff,
};

/*
 * Which of the n (at most 32) SPIs from `first` (a multiple of n) the cell
 * owns, a bit each: one word of its bitmap.
 */
static inline uint32_t owned_spis(const struct vgic_cell *g, uint32_t first,
				  unsigned int n)
{
	return (g->owned_spis[first / 32] >> (first % 32)) &
	       (uint32_t)(BIT(n) - 1);
}

/*
 * The priorities of the SPIs from `first` that `own` names (a bit each, at
 * most 4): read, a byte each, and written.  Unrolled: an exit's few
 * instructions.
 */
static inline uint32_t priorities_read(const struct vgic_cell *g,
				       uint32_t first, uint32_t own)
{
	uint32_t value = 0;

	if (own & 1)
		value = g->spi[first].priority;
	if (own & 2)
		value |= (uint32_t)g->spi[first + 1].priority << 8;
	if (own & 4)
		value |= (uint32_t)g->spi[first + 2].priority << 16;
	if (own & 8)
		value |= (uint32_t)g->spi[first + 3].priority << 24;
	return value;
}

static inline void priorities_write(struct vgic_cell *g, uint32_t first,
				    uint32_t own, uint32_t value)
{
	if (own & 1)
		g->spi[first].priority = (uint8_t)value;
	if (own & 2)
		g->spi[first + 1].priority = (uint8_t)(value >> 8);
	if (own & 4)
		g->spi[first + 2].priority = (uint8_t)(value >> 16);
	if (own & 8)
		g->spi[first + 3].priority = (uint8_t)(value >> 24);
}

/* The `width`-bit fields of the interrupts in `own` (a bit each, from
 * `first`), read. */
static COLD uint64_t fields_read(struct vcpu *v, unsigned int bank,
				 enum reg_kind kind, uint32_t first,
				 unsigned int width, uint64_t own)
{
	uint64_t value = 0;

	for (; own; own &= own - 1) {
		unsigned int i = vgic_ctz(own);

		value |= (uint64_t)field_read(v, bank, kind, first + i)
			 << (i * width);
	}
	return value;
}

/*
 * A register holding `width`-bit fields (1, 2 or 8) for consecutive
 * interrupts from `first`: apply the access to each interrupt it covers
 * that the cell owns.  A set/clear register acts on an interrupt for a 1
 * alone, and only those are visited; a plain one (IGROUPR, the byte and
 * 2-bit registers) writes each of its own fields.  A write of a non-zero
 * field for an interrupt the cell does not own is logged (foreign()), but
 * not in IGROUPR, which a GIC driver writes whole; reads of them are zero.
 */
static COLD void field_access(struct vcpu *v, unsigned int bank, uint64_t off,
			      struct vm_access *a, enum reg_kind kind,
			      uint32_t first, unsigned int width,
			      bool banked_ok)
{
	unsigned int n = a->size * 8 / width;
	uint32_t mask = (1u << width) - 1;
	uint64_t all = n == 64 ? ~0ull : BIT(n) - 1;
	uint64_t own = owned_mask(v, first, n, banked_ok);
	bool setclear = width == 1 && kind != REG_GROUP;
	uint64_t visit;

	if (!a->write) {
		a->value = fields_read(v, bank, kind, first, width, own);
		return;
	}
	visit = ((setclear ? 0 : own) | (width == 1 ? a->value : ~0ull)) & all;
	for (; visit; visit &= visit - 1) {
		unsigned int i = vgic_ctz(visit);
		uint32_t intid = first + i;
		uint32_t field = (uint32_t)(a->value >> (i * width)) & mask;

		if (own & BIT(i)) {
			if (field || !setclear)
				(void)field_rw(v, bank, kind, intid, true,
					       field);
		} else if (field && kind != REG_GROUP && intid < NR_INTIDS &&
			   (first >= FIRST_SPI || banked_ok)) {
			foreign(v, off, intid, kind);
		}
	}
}

/* A field register: what it does, its fields' width, where it starts. */
struct field_reg {
	uint8_t kind;		/* enum reg_kind */
	uint8_t width;		/* bits per interrupt; 0: not a field register */
	uint16_t base;
};

#define FIELD_BLOCK 0x80	/* the smallest field register: 1024 bits */
#define BLOCK(off) ((off) / FIELD_BLOCK)

/*
 * The field registers of a distributor-like frame below GICD_SGIR, by
 * 128-byte block of offsets: a register is found by one load.
 */
static const struct field_reg field_regs[BLOCK(GICD_SGIR)] = {
	[BLOCK(GICD_IGROUPR)] = { REG_GROUP, 1, GICD_IGROUPR },
	[BLOCK(GICD_ISENABLER)] = { REG_ENABLE_SET, 1, GICD_ISENABLER },
	[BLOCK(GICD_ICENABLER)] = { REG_ENABLE_CLEAR, 1, GICD_ICENABLER },
	[BLOCK(GICD_ISPENDR)] = { REG_PEND_SET, 1, GICD_ISPENDR },
	[BLOCK(GICD_ICPENDR)] = { REG_PEND_CLEAR, 1, GICD_ICPENDR },
	[BLOCK(GICD_ISACTIVER)] = { REG_ACTIVE_SET, 1, GICD_ISACTIVER },
	[BLOCK(GICD_ICACTIVER)] = { REG_ACTIVE_CLEAR, 1, GICD_ICACTIVER },
	[BLOCK(GICD_IPRIORITYR) ... BLOCK(GICD_ITARGETSR) - 1] =
		{ REG_PRIORITY, 8, GICD_IPRIORITYR },
	[BLOCK(GICD_ITARGETSR) ... BLOCK(GICD_ICFGR) - 1] =
		{ REG_TARGET, 8, GICD_ITARGETSR },
	[BLOCK(GICD_ICFGR) ... BLOCK(GICD_ICFGR + 0x100) - 1] =
		{ REG_CONFIG, 2, GICD_ICFGR },
};

/* GICv2's SGI pending registers, after GICD_SGIR. */
static const struct field_reg sgi_regs[2] = {
	{ REG_SGI_PEND_CLEAR, 8, GICD_CPENDSGIR },
	{ REG_SGI_PEND_SET, 8, GICD_SPENDSGIR },
};

/* Bit, byte and 2-bit registers in a distributor-like frame. */
static COLD bool bank_access(struct vcpu *v, unsigned int bank, uint64_t off,
			     struct vm_access *a, bool banked_ok)
{
	const struct field_reg *r;

	if (off < GICD_SGIR) {
		r = &field_regs[BLOCK(off)];
		if (r->width == 0)
			return false;
		/* v3: ITARGETSR is RAZ/WI with ARE. */
		if (r->kind == REG_TARGET && gic_version() == 3)
			return false;
	} else if (gic_version() == 2 && off >= GICD_CPENDSGIR &&
		   off < GICD_SPENDSGIR + 0x10) {
		r = &sgi_regs[off >= GICD_SPENDSGIR];
	} else {
		return false;	/* v3: the SGI registers are GICv2's only */
	}
	field_access(v, bank, off, a, (enum reg_kind)r->kind,
		     (uint32_t)(off - r->base) * (8u / r->width), r->width,
		     banked_ok);
	return true;
}

/* Virtual SGIs from vCPU v to the vCPUs in `targets` (a bit per vCPU). */
static void send_sgis(struct vcpu *v, uint32_t sgi, uint32_t targets)
{
	for (unsigned int t = 0; t < v->cell->cfg->num_cpus; t++) {
		if (!(targets & (1u << t)))
			continue;
		if (gic_version() == 2)
			vgic_queue_sgi(v->cell, t, sgi, v->index);
		else
			vgic_queue(v->cell, t, sgi);
	}
}

static uint32_t all_but(const struct vcpu *v)
{
	return ((1u << v->cell->cfg->num_cpus) - 1) & ~(1u << v->index);
}

/* GICD_SGIR (v2): TargetListFilter [25:24], CPUTargetList [23:16], INTID. */
static COLD void sgir_write(struct vcpu *v, uint32_t value)
{
	uint32_t sgi = value & 0xf;

	switch (FIELD_GET(value, 25, 24)) {
	case 0:
		send_sgis(v, sgi, (uint32_t)FIELD_GET(value, 23, 16));
		break;
	case 1:
		send_sgis(v, sgi, all_but(v));
		break;
	case 2:
		send_sgis(v, sgi, 1u << v->index);
		break;
	default:
		break;
	}
}

/* The vCPUs in `targets` whose SGI `sgi` is in the group asked for. */
static uint32_t in_group(struct vcpu *v, uint32_t sgi, uint32_t targets,
			 bool group1)
{
	const struct vgic_cell *g = vgic_of(v->cell);

	for (unsigned int t = 0; t < v->cell->cfg->num_cpus; t++) {
		if (!!(g->vcpus[t].banked[sgi].flags & VIRQ_GROUP1) != group1)
			targets &= ~(1u << t);
	}
	return targets;
}

/*
 * ICC_SGI1R_EL1 generates Group 1 SGIs; ICC_SGI0R_EL1, and ICC_ASGI1R_EL1
 * with one security state (its "other" Group 1 is the Secure one, which
 * GICD_CTLR.DS makes Group 0), Group 0 ones.  A target whose SGI is in the
 * other group does not get it.
 */
void vgic_sgi_sysreg(struct vcpu *v, uint64_t value, bool group1)
{
	uint32_t sgi = (uint32_t)FIELD_GET(value, 27, 24);
	uint32_t targets;

	if (value & BIT(40)) {		/* IRM: every other PE */
		targets = all_but(v);
	} else {
		/* The cell's CPUs are Aff0 = 0..n-1 with Aff3-1 = 0, RS = 0. */
		if (value & (GENMASK(23, 16) | GENMASK(39, 32) |
			     GENMASK(47, 44) | GENMASK(55, 48)))
			return;
		targets = (uint32_t)FIELD_GET(value, 15, 0);
	}
	send_sgis(v, sgi, in_group(v, sgi, targets, group1));
}

/* GICD_IROUTER as kept: the vCPU it names, or NO_TARGET. */
static COLD unsigned int route_target(const struct vcpu *v, uint32_t irouter)
{
	if (irouter & IROUTER_IRM)
		return 0;	/* any PE: this GIC always picks CPU 0 */
	if ((irouter & 0xffffff) >= v->cell->cfg->num_cpus)
		return NO_TARGET;	/* a PE the cell lacks: not forwarded */
	return irouter & 0xff;
}

static COLD void irouter_access(struct vcpu *v, uint64_t off,
				struct vm_access *a)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	struct vgic_cell *g = vgic_of(v->cell);
	struct virq *q = virq_of(g, v->index, intid);
	bool high = (off & 4) && a->size == 4;

	if (intid < FIRST_SPI || !(q->flags & VIRQ_OWNED)) {
		if (a->write && a->value)
			foreign(v, off, intid, REG_ROUTE);
		a->value = 0;
		return;
	}
	if (!a->write) {
		a->value = high ? 0 : g->irouter[q->slot];
		return;
	}
	if (high)
		return;	/* Aff3: RES0 */
	g->irouter[q->slot] = (uint32_t)a->value & IROUTER_KEPT;
	vgic_set_target(v, intid, route_target(v, g->irouter[q->slot]));
}

static COLD uint64_t dist_typer(const struct vcpu *v)
{
	const struct vgic_cell *g = vgic_of(v->cell);
	uint64_t t = g->nints / 32 - 1;

	if (gic_version() == 3)
		return t | TYPER_IDBITS_10 | TYPER_NO1N;
	return t | (uint64_t)(v->cell->cfg->num_cpus - 1) << TYPER_CPUS_SHIFT;
}

/* An access to the distributor at `off`. */
static COLD NOINLINE bool dist_access(struct vcpu *v, uint64_t off,
				      struct vm_access *a)
{
	bool v3 = gic_version() == 3;

	if (bank_access(v, v->index, off, a, !v3))
		return true;
	if (v3 && off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		irouter_access(v, off, a);
		return true;
	}
	if (a->write) {
		if (off == GICD_CTLR)
			vgic_set_ctlr(v, (uint8_t)(a->value &
						   (CTLR_GRP0 | CTLR_GRP1)));
		else if (!v3 && off == GICD_SGIR)
			sgir_write(v, (uint32_t)a->value);
		return true;
	}
	switch (off) {
	case GICD_CTLR:
		a->value = ctlr_value(vgic_of(v->cell));
		break;
	case GICD_TYPER:
		a->value = dist_typer(v);
		break;
	case GICD_IIDR:
		a->value = IIDR_ARM;
		break;
	default:
		a->value = off == (v3 ? GICV3_PIDR2 : GICV2_PIDR2)
				   ? (v3 ? 3u : 2u) << 4 | 0xb
				   : 0;
	}
	return true;
}

/* Whether vCPU idx's frame ends a run of consecutive board CPUs (a region
 * of the cell's device tree). */
static COLD bool frame_last(const struct cell *c, unsigned int idx)
{
	return idx + 1 == c->cfg->num_cpus ||
	       c->cfg->cpus[idx + 1].board_cpu != c->cfg->cpus[idx].board_cpu + 1;
}

static COLD void redist_rd(struct vcpu *v, unsigned int idx, uint64_t off,
			   struct vm_access *a)
{
	struct vgic_vcpu *vv = &vgic_of(v->cell)->vcpus[idx];
	uint64_t typer = (uint64_t)idx << 32 | (uint64_t)idx << 8 |
			 (frame_last(v->cell, idx) ? GICR_TYPER_LAST : 0);

	if (a->write) {
		if (off == GICR_WAKER)
			vv->asleep = a->value & WAKER_SLEEP;
		return;	/* CTLR: nothing to enable without LPIs */
	}
	switch (off) {
	case GICR_TYPER:
		a->value = typer;
		break;
	case GICR_TYPER + 4:
		a->value = typer >> 32;
		break;
	case GICR_IIDR:
		a->value = IIDR_ARM;
		break;
	case GICR_WAKER:
		a->value = vv->asleep ? WAKER_SLEEP | WAKER_ASLEEP : 0;
		break;
	case GICV3_PIDR2:
		a->value = 0x3b;
		break;
	default:
		a->value = 0;	/* CTLR (no LPIs, no write pending), the rest */
	}
}

/*
 * GICv3 redistributor frame of vCPU `idx`, at `off` into it: any vCPU of
 * the cell may reach any of its CPUs' frames, as any PE may.
 */
static COLD void redist_access(struct vcpu *v, unsigned int idx, uint64_t off,
			       struct vm_access *a)
{
	if (off < GICR_SGI) {
		redist_rd(v, idx, off, a);
		return;
	}
	if (bank_access(v, idx, off - GICR_SGI, a, true))
		return;
	if (!a->write)
		a->value = 0;	/* IGRPMODR0, NSACR (one security state) */
}

/* The cell's vCPU running on board CPU `board_cpu`, or -1. */
static COLD int vcpu_on_board_cpu(const struct cell *c, uint64_t board_cpu)
{
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++) {
		if (c->cfg->cpus[i].board_cpu == board_cpu)
			return (int)i;
	}
	return -1;
}

/*
 * A cell sees the redistributor of each of its CPUs where the board has
 * it (the frame of board CPU n at GICR + n * stride), as its generated
 * device tree says; other CPUs' frames read as zero and ignore writes.
 */
static COLD NOINLINE bool other_frames(struct vcpu *v, struct vm_access *a)
{
	const struct septum_gic *gc = vgic_gic;
	uint64_t at = a->addr;
	uint64_t rd_size = (uint64_t)GICR_STRIDE * SEPTUM_MAX_CPUS;

	if (gic_version() == 3 && at >= gc->gicr_pa && at - gc->gicr_pa < rd_size) {
		uint64_t off = at - gc->gicr_pa;
		int idx = vcpu_on_board_cpu(v->cell, off / GICR_STRIDE);

		if (idx >= 0)
			redist_access(v, (unsigned int)idx, off % GICR_STRIDE, a);
		else if (!a->write)
			a->value = 0;
		return true;
	}
	/* GICv2: the CPU interface page, while this vCPU traps it. */
	if (gic_version() == 2 && at >= gc->gicc_pa &&
	    at - gc->gicc_pa < GICV2_CPUIF_PAGE &&
	    (vgic_here[v->pcpu]->hcr & GIC_HCR_TRAP_G1)) {
		vgic_gicv_access(v, (uint32_t)(at - gc->gicc_pa), a);
		return true;
	}
	return false;
}

/* The distributor first, its priorities first of all: the most frequent. */
static NOINLINE bool gic_access(struct vcpu *v, struct vm_access *a)
{
	uint64_t off = a->addr - vgic_dist_window.pa;

	if (off >= vgic_dist_window.size) {
		if (a->addr - vgic_frames_window.pa < vgic_frames_window.size)
			return other_frames(v, a);
		return false;
	}
	return dist_access(v, off, a);
}

/* Anything outside the GIC's span (a virtual device) leaves at once. */
bool vgic_mmio(struct vcpu *v, struct vm_access *a)
{
	if (a->addr - vgic_span.pa >= vgic_span.size)
		return false;
	return gic_access(v, a);
}

/* --- the exit's own way to the hottest registers ------------------------ */

/*
 * The registers of the distributor's first page a running cell uses
 * most, for SPIs, at an aligned 1, 2 or 4 bytes: GICD_IPRIORITYR, reads
 * of GICD_ISENABLER and GICD_ICENABLER, and of GICD_CTLR (a GIC driver's
 * wait for RWP), as vgic_mmio() does them.  *value: what a write stores
 * (bytes beyond `size` ignored), what a read returns.
 * False (nothing done): anything else, and a write of a non-zero byte for
 * an interrupt the cell does not own, which vgic_mmio() logs.
 */
static inline bool hot_access(struct vgic_cell *g, uint32_t off,
			      unsigned int size, bool write, uint32_t *value)
{
	uint32_t first;

	if (off - GICD_IPRIORITYR < GICD_ITARGETSR - GICD_IPRIORITYR) {
		uint32_t own;

		first = off - GICD_IPRIORITYR;
		if (first < FIRST_SPI)
			return false;
		own = owned_spis(g, first, size);
		if (!write) {
			*value = priorities_read(g, first, own);
			return true;
		}
		if (*value & byte_masks[~own & (uint32_t)(BIT(size) - 1)])
			return false;
		priorities_write(g, first, own, *value);
		return true;
	}
	if (write)
		return false;
	if (off - GICD_ISENABLER < GICD_ISPENDR - GICD_ISENABLER) {
		/* ISENABLER and ICENABLER read alike: a bit per own enabled
		 * SPI. */
		first = off % 0x80 * 8;
		if (first < FIRST_SPI)
			return false;
		*value = __atomic_load_n(&g->enabled_spis[first / 32],
					 __ATOMIC_RELAXED) >> (first % 32) &
			 owned_spis(g, first, 8 * size);
		return true;
	}
	if (off != GICD_CTLR)
		return false;
	*value = ctlr_value(g);
	return true;
}

/*
 * The access done: a load's value in its register (at most 32 bits, not
 * sign-extended: the same in a W and an X register; x19-x29 come back from
 * the frame only when it says so, vectors.S), the guest on after it.
 */
static inline void trap_done(struct guest_frame *f, uint64_t esr,
			     uint32_t value)
{
	unsigned int srt = (unsigned int)ISS_SRT(esr);

	if (!(esr & ESR_ISS_WNR) && srt < 31) {
		f->x[srt] = value;
		if (srt >= 19 && srt <= 29)
			f->full = 1;
	}
	if (aarch32_frame(f))
		aarch32_skip(f, esr);
	else
		f->pc += 4;
}

/*
 * vgic_dist_trap()'s set/clear registers of the cell's SPIs but enable
 * reads (hot_access()'s): writes to GICD_ISENABLER and GICD_ICENABLER (a
 * GIC driver's unmask and mask), reads and writes of the pending and
 * active ones; then what the exit has left to do.  A write that names an
 * SPI the cell does not own goes on in arm64_exit_dabt(), which logs it.
 */
static NOINLINE void bits_trap(struct guest_frame *f, uint64_t esr,
			       uint32_t off, uint32_t value)
{
	bool write = esr & ESR_ISS_WNR;
	unsigned int size = 1u << ISS_SAS(esr);
	enum reg_kind kind = (enum reg_kind)field_regs[BLOCK(off)].kind;
	uint32_t first = off % 0x80 * 8;
	uint32_t bits = value & byte_masks[BIT(size) - 1];
	uint32_t own = owned_spis(f->vgic->g, first, 8 * size);

	if (first < FIRST_SPI || (write && (bits & ~own))) {
		arm64_exit_dabt(f);
		return;
	}
	if (!write)
		value = (uint32_t)fields_read(f->vcpu, 0, kind, first, 1, own);
	for (; write && bits; bits &= bits - 1)
		(void)field_rw(f->vcpu, 0, kind, first + vgic_ctz(bits), true,
			       1);
	trap_done(f, esr, value);
	arm64_exit_done(f);
}

/*
 * Whether the exit can end with the access: nothing else for it to do
 * (what cell_exit_checkpoint() and vgic_flush() would act on), and an
 * access hot_access() may take whole: the syndrome names it (ISV, not
 * the cell's own table walk), no sign extension, 1, 2 or 4 bytes, aligned.
 */
static inline bool trap_simple(const struct guest_frame *f,
			       const struct vgic_vcpu *vv, uint64_t esr,
			       uint32_t off, unsigned int sas)
{
	return (esr & ISS_ISV) && !(esr & ISS_S1PTW) && !(esr & ISS_SSE) &&
	       sas < 3 && (off >> sas) << sas == off &&
	       !__atomic_load_n(&vv->summary, __ATOMIC_RELAXED) && !vv->hcr &&
	       !cell_exit_pending(f->vcpu);
}

void vgic_dist_trap(struct guest_frame *f)
{
	uint64_t esr = sysreg_read(esr_el2);
	uint32_t off = (uint32_t)(sysreg_read(far_el2) & (PAGE_SIZE - 1));
	unsigned int sas = (unsigned int)ISS_SAS(esr);
	unsigned int srt = (unsigned int)ISS_SRT(esr);
	bool write = esr & ESR_ISS_WNR;
	const struct vgic_vcpu *vv = f->vgic;
	struct vgic_cell *g = vv->g;
	/* A store's bytes beyond its size are never looked at. */
	uint32_t value = write && srt < 31 ? (uint32_t)f->x[srt] : 0;

	if (!trap_simple(f, vv, esr, off, sas)) {
		arm64_exit_dabt(f);
		return;
	}
	if (hot_access(g, off, 1u << sas, write, &value))
		trap_done(f, esr, value);
	else if (off - GICD_ISENABLER < GICD_IPRIORITYR - GICD_ISENABLER)
		bits_trap(f, esr, off, value);
	else
		arm64_exit_dabt(f);
}
