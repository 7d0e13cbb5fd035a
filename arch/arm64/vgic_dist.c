/*
 * The emulated distributor (GICv3 and GICv2) and GICv3 redistributors a
 * cell sees.  A cell can see and configure only interrupts it owns: reads of
 * another's state are zero, writes to it are ignored and logged (once per
 * cell and interrupt class).  Physical state follows for owned hardware
 * interrupts: enable, trigger type, routing to the CPU of the target vCPU.
 */
#include <arch/vgic_int.h>
#include <septum/arch/vm.h>
#include <septum/log.h>
#include <septum/percpu.h>

#define FIRST_SPI 32

/* What a bit/byte/field register does with one interrupt. */
enum reg_kind {
	REG_ENABLE_SET,
	REG_ENABLE_CLEAR,
	REG_PEND_SET,
	REG_PEND_CLEAR,
	REG_PRIORITY,
	REG_TARGET,
	REG_CONFIG,
	REG_ROUTE,	/* GICD_IROUTER (v3): not a field register */
};

/*
 * A write that touches an interrupt the cell does not own is ignored; the
 * first one of each register kind is logged (a guest that programs every
 * line of its distributor, as Linux does at boot, gets one line a kind).
 */
static void foreign(struct vcpu *v, uint64_t off, uint32_t intid,
		    enum reg_kind kind)
{
	struct vgic_cell *g = vgic_of(v->cell);
	uint64_t bit = BIT(kind);

	if (__atomic_fetch_or(&g->logged, bit, __ATOMIC_RELAXED) & bit)
		return;
	log_warn("cell %s: CPU %u: GIC register 0x%llx: interrupt %u is not "
		 "the cell's: write ignored (logged once per register kind)",
		 v->cell->cfg->name, v->index, (unsigned long long)off, intid);
}

/* The vCPU an SPI is routed to, kept in range. */
static unsigned int target_of(const struct cell *c, unsigned int t)
{
	return t < c->cfg->num_cpus ? t : 0;
}

static void set_enable(struct vcpu *v, struct virq *q, uint32_t intid, bool on)
{
	struct vgic_vcpu *vv;

	if (on)
		q->flags |= VIRQ_ENABLED;
	else
		q->flags &= (uint8_t)~VIRQ_ENABLED;
	if ((q->flags & VIRQ_HW) && intid >= FIRST_SPI)
		gic->enable(q->pintid, on);
	if (!on)
		return;
	/* Something may be waiting for this: let its vCPU look. */
	vv = &vgic_of(v->cell)->vcpus[intid < FIRST_SPI ? v->index : q->target];
	if (vv->pending[intid / 64] & BIT(intid % 64))
		vgic_queue(v->cell, intid < FIRST_SPI ? v->index : q->target,
			   intid);
}

static void set_pending(struct vcpu *v, struct virq *q, uint32_t intid, bool on)
{
	unsigned int t = intid < FIRST_SPI ? v->index : q->target;

	if ((q->flags & VIRQ_HW) && intid >= FIRST_SPI)
		gic->set_pending(q->pintid, on);
	else if (on)
		vgic_queue(v->cell, t, intid);
	else
		__atomic_fetch_and(&vgic_of(v->cell)->vcpus[t].pending[intid / 64],
				   ~BIT(intid % 64), __ATOMIC_RELAXED);
}

static void set_target(struct vcpu *v, struct virq *q, uint32_t intid,
		       unsigned int t)
{
	q->target = (uint8_t)target_of(v->cell, t);
	if ((q->flags & VIRQ_HW) && intid >= FIRST_SPI)
		gic->route(q->pintid, v->cell->vcpus[q->target].pcpu);
}

/* Write `field` (of `width` bits) of interrupt intid through register kind. */
static void write_field(struct vcpu *v, enum reg_kind kind, uint32_t intid,
			uint32_t field)
{
	struct virq *q = virq_of(vgic_of(v->cell), v->index, intid);

	switch (kind) {
	case REG_ENABLE_SET:
	case REG_ENABLE_CLEAR:
		if (field)
			set_enable(v, q, intid, kind == REG_ENABLE_SET);
		break;
	case REG_PEND_SET:
	case REG_PEND_CLEAR:
		if (field)
			set_pending(v, q, intid, kind == REG_PEND_SET);
		break;
	case REG_PRIORITY:
		q->priority = (uint8_t)field;
		break;
	case REG_TARGET:
		if (field && intid >= FIRST_SPI)
			set_target(v, q, intid, (unsigned int)__builtin_ctz(field));
		break;
	case REG_CONFIG:
		if (intid < 16)
			break;	/* SGIs are edge, read-only */
		if (field & 2)
			q->flags |= VIRQ_EDGE;
		else
			q->flags &= (uint8_t)~VIRQ_EDGE;
		if (q->flags & VIRQ_HW)
			gic->set_edge(q->pintid, field & 2);
		break;
	case REG_ROUTE:
		break;	/* irouter_access() */
	}
}

static uint32_t read_field(struct vcpu *v, enum reg_kind kind, uint32_t intid)
{
	const struct virq *q = virq_of(vgic_of(v->cell), v->index, intid);
	const struct vgic_vcpu *vv = &vgic_of(v->cell)->vcpus[v->index];

	switch (kind) {
	case REG_ENABLE_SET:
	case REG_ENABLE_CLEAR:
		return (q->flags & VIRQ_ENABLED) ? 1 : 0;
	case REG_PEND_SET:
	case REG_PEND_CLEAR:
		return (vv->pending[intid / 64] >> (intid % 64)) & 1;
	case REG_PRIORITY:
		return q->priority;
	case REG_TARGET:
		return intid < FIRST_SPI ? 1u << v->index : 1u << q->target;
	case REG_CONFIG:
		return (q->flags & VIRQ_EDGE) ? 2 : 0;
	case REG_ROUTE:
		break;	/* irouter_access() */
	}
	return 0;
}

/* Whether the cell owns intid, as a register of vCPU v sees it. */
static bool owns(struct vcpu *v, uint32_t intid, bool banked_ok)
{
	const struct vgic_cell *g = vgic_of(v->cell);

	if (intid >= NR_INTIDS)
		return false;
	if (intid >= FIRST_SPI)
		return (g->owned_spis[intid / 32] >> (intid % 32)) & 1;
	return banked_ok &&
	       (g->vcpus[v->index].banked[intid].flags & VIRQ_OWNED);
}

/*
 * Which of the n (at most 64) interrupts from `first` the cell owns, a bit
 * each.  An aligned word of SPIs is one load from the cell's bitmap.
 */
static uint64_t owned_mask(struct vcpu *v, uint32_t first, unsigned int n,
			   bool banked_ok)
{
	uint64_t own = 0;

	if (n == 32 && first % 32 == 0 && first >= FIRST_SPI &&
	    first < NR_INTIDS)
		return vgic_of(v->cell)->owned_spis[first / 32];
	for (unsigned int i = 0; i < n; i++) {
		if (owns(v, first + i, banked_ok))
			own |= BIT(i);
	}
	return own;
}

/*
 * A register of one bit per interrupt: only the cell's own interrupts are
 * visited (a 32-bit access covers 32, and a cell owns few of them); a 1 for
 * one it does not own is logged, and ignored like every 0 bit.
 */
static void bit_access(struct vcpu *v, uint64_t off, struct vm_access *a,
		       enum reg_kind kind, uint32_t first, bool banked_ok)
{
	unsigned int n = a->size * 8;
	uint64_t own = owned_mask(v, first, n, banked_ok);
	uint64_t value = 0;

	if (a->write) {
		/* Bits of interrupts that exist: INTIDs below NR_INTIDS. */
		unsigned int exist = first >= NR_INTIDS ? 0 :
				     NR_INTIDS - first < n ? NR_INTIDS - first : n;
		uint64_t all = exist == 64 ? ~0ull : BIT(exist) - 1;
		uint64_t stray = a->value & ~own & all;

		if (stray && (first >= FIRST_SPI || banked_ok))
			foreign(v, off, first + (uint32_t)__builtin_ctzll(stray),
				kind);
		own &= a->value;
	}
	for (; own; own &= own - 1) {
		uint32_t i = (uint32_t)__builtin_ctzll(own);

		if (a->write)
			write_field(v, kind, first + i, 1);
		else
			value |= (uint64_t)read_field(v, kind, first + i) << i;
	}
	if (!a->write)
		a->value = value;
}

/*
 * A register holding `width`-bit fields for consecutive interrupts from
 * `first`: apply the access to each interrupt it covers.
 */
static void field_access(struct vcpu *v, uint64_t off, struct vm_access *a,
			 enum reg_kind kind, uint32_t first, unsigned int width,
			 bool banked_ok)
{
	unsigned int n = a->size * 8 / width;
	uint32_t mask = width == 32 ? ~0u : (1u << width) - 1;
	uint64_t value = 0;

	if (width == 1) {
		bit_access(v, off, a, kind, first, banked_ok);
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t intid = first + i;
		const struct virq *q = virq_of(vgic_of(v->cell), v->index, intid);
		bool mine = intid < NR_INTIDS && (q->flags & VIRQ_OWNED) &&
			    (intid >= FIRST_SPI || banked_ok);
		uint32_t field = (uint32_t)(a->value >> (i * width)) & mask;

		if (a->write && mine)
			write_field(v, kind, intid, field);
		else if (a->write && field && intid < NR_INTIDS &&
			 (intid >= FIRST_SPI || banked_ok))
			foreign(v, off, intid, kind);
		else if (!a->write && mine)
			value |= (uint64_t)read_field(v, kind, intid) << (i * width);
	}
	if (!a->write)
		a->value = value;
}

/* Bit, byte and 2-bit registers at `base` in a distributor-like frame. */
static bool bank_access(struct vcpu *v, uint64_t off, struct vm_access *a,
			bool banked_ok)
{
	static const struct {
		uint32_t base, end;
		enum reg_kind kind;
		unsigned int width;
	} regs[] = {
		{ GICD_ISENABLER, GICD_ICENABLER, REG_ENABLE_SET, 1 },
		{ GICD_ICENABLER, GICD_ISPENDR, REG_ENABLE_CLEAR, 1 },
		{ GICD_ISPENDR, GICD_ICPENDR, REG_PEND_SET, 1 },
		{ GICD_ICPENDR, GICD_ISACTIVER, REG_PEND_CLEAR, 1 },
		{ GICD_IPRIORITYR, GICD_ITARGETSR, REG_PRIORITY, 8 },
		{ GICD_ITARGETSR, GICD_ICFGR, REG_TARGET, 8 },
		{ GICD_ICFGR, GICD_ICFGR + 0x100, REG_CONFIG, 2 },
	};

	for (unsigned int i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		uint32_t per_byte = 8 / regs[i].width;

		if (off < regs[i].base || off >= regs[i].end)
			continue;
		if (regs[i].kind == REG_TARGET && vgic_version == 3)
			return false;	/* ITARGETSR is RAZ/WI with ARE */
		field_access(v, off, a, regs[i].kind,
			     (uint32_t)(off - regs[i].base) * per_byte,
			     regs[i].width, banked_ok);
		return true;
	}
	return false;
}

/* Virtual SGIs from vCPU v to the vCPUs in `targets` (a bit per vCPU). */
static void send_sgis(struct vcpu *v, uint32_t sgi, uint32_t targets)
{
	for (unsigned int t = 0; t < v->cell->cfg->num_cpus; t++) {
		if (targets & (1u << t))
			vgic_queue(v->cell, t, sgi);
	}
}

static uint32_t all_but(const struct vcpu *v)
{
	return ((1u << v->cell->cfg->num_cpus) - 1) & ~(1u << v->index);
}

/* GICD_SGIR (v2): TargetListFilter [25:24], CPUTargetList [23:16], INTID. */
static void sgir_write(struct vcpu *v, uint32_t value)
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

void vgic_sgi_sysreg(struct vcpu *v, uint64_t value)
{
	uint32_t sgi = (uint32_t)FIELD_GET(value, 27, 24);

	if (value & BIT(40)) {		/* IRM: every other PE */
		send_sgis(v, sgi, all_but(v));
		return;
	}
	/* The cell's CPUs are Aff0 = 0..n-1 with Aff3-1 = 0 (and RS = 0). */
	if (FIELD_GET(value, 23, 16) || FIELD_GET(value, 39, 32) ||
	    FIELD_GET(value, 47, 44) || FIELD_GET(value, 55, 48))
		return;
	send_sgis(v, sgi, (uint32_t)FIELD_GET(value, 15, 0));
}

static void irouter_access(struct vcpu *v, uint64_t off, struct vm_access *a)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	struct virq *q = virq_of(vgic_of(v->cell), v->index, intid);
	bool high = (off & 4) && a->size == 4;

	if (intid < FIRST_SPI || !(q->flags & VIRQ_OWNED)) {
		if (a->write && a->value)
			foreign(v, off, intid, REG_ROUTE);
		a->value = 0;
		return;
	}
	if (!a->write) {
		a->value = high ? 0 : q->target;
		return;
	}
	if (!high)	/* Aff0 names the vCPU; IRM (any PE) means vCPU 0 */
		set_target(v, q, intid, (a->value & BIT(31)) ? 0 :
				 (unsigned int)(a->value & 0xff));
}

static uint64_t dist_typer(const struct vcpu *v)
{
	const struct vgic_cell *g = vgic_of(v->cell);
	uint64_t t = (uint64_t)(g->lines - 1) | (v->cell->cfg->num_cpus - 1) << 5;

	if (vgic_version == 3)
		t |= 9ull << 19;	/* IDbits: 10-bit INTIDs; no LPIs */
	return t;
}

/* GICD_CTLR's group enable: on, every vCPU looks at what is waiting. */
static void dist_enable(struct vcpu *v, bool on)
{
	struct cell *c = v->cell;

	vgic_of(c)->enabled = on;
	for (unsigned int i = 0; on && i < c->cfg->num_cpus; i++) {
		if (i != v->index)
			arch_cpu_kick(c->vcpus[i].pcpu);
	}
}

/* An access to the distributor at `off`. */
static void dist_access(struct vcpu *v, uint64_t off, struct vm_access *a)
{
	struct vgic_cell *g = vgic_of(v->cell);
	bool v3 = vgic_version == 3;

	if (bank_access(v, off, a, !v3))
		return;
	if (v3 && off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		irouter_access(v, off, a);
		return;
	}
	if (a->write) {
		if (off == GICD_CTLR)
			dist_enable(v, a->value & (v3 ? 2 : 1));
		else if (!v3 && off == GICD_SGIR)
			sgir_write(v, (uint32_t)a->value);
		return;
	}
	switch (off) {
	case GICD_CTLR:
		a->value = g->enabled ? (v3 ? 0x12 : 1) : (v3 ? 0x10 : 0);
		break;
	case GICD_TYPER:
		a->value = dist_typer(v);
		break;
	case GICD_IIDR:
		a->value = IIDR_ARM;
		break;
	default:
		if (off >= GICD_IGROUPR && off < GICD_ISENABLER)
			a->value = v3 ? ~0u : 0;	/* v3: all Group 1 */
		else if (off == (v3 ? GICV3_PIDR2 : GICV2_PIDR2))
			a->value = (v3 ? 3u : 2u) << 4 | 0xb;
		else
			a->value = 0;
	}
}

/* GICv3 redistributor frame of vCPU `idx`, at `off` into it. */
static void redist_access(struct vcpu *v, unsigned int idx, uint64_t off,
			  struct vm_access *a)
{
	bool last = idx + 1 == v->cell->cfg->num_cpus;

	if (off >= GICR_SGI) {
		if (idx == v->index && bank_access(v, off - GICR_SGI, a, true))
			return;	/* only a vCPU's own SGI/PPI frame */
		if (off - GICR_SGI >= GICD_IGROUPR &&
		    off - GICR_SGI < GICD_ISENABLER && !a->write) {
			a->value = ~0u;
			return;
		}
		if (!a->write)
			a->value = 0;
		return;
	}
	if (a->write)
		return;	/* CTLR, WAKER: nothing to do */
	switch (off) {
	case GICR_TYPER:
		a->value = (uint64_t)idx << 32 | (uint64_t)idx << 8 |
			   (last ? BIT(4) : 0);
		break;
	case GICR_TYPER + 4:
		a->value = idx;
		break;
	case GICR_IIDR:
		a->value = IIDR_ARM;
		break;
	case GICV3_PIDR2:
		a->value = 0x3b;
		break;
	default:
		a->value = 0;	/* CTLR, WAKER (awake), the rest */
	}
}

/* The cell's vCPU running on board CPU `board_cpu`, or -1. */
static int vcpu_on_board_cpu(const struct cell *c, uint64_t board_cpu)
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
bool vgic_mmio(struct vcpu *v, struct vm_access *a)
{
	const struct septum_gic *gc = vgic_gic;
	uint64_t at = a->addr;
	uint64_t dist_size = vgic_version == 3 ? GICV3_DIST_SIZE : GICV2_DIST_SIZE;
	uint64_t rd_size = (uint64_t)GICR_STRIDE * SEPTUM_MAX_CPUS;

	if (at >= gc->gicd_pa && at - gc->gicd_pa < dist_size) {
		dist_access(v, at - gc->gicd_pa, a);
		return true;
	}
	if (vgic_version == 3 && at >= gc->gicr_pa && at - gc->gicr_pa < rd_size) {
		uint64_t off = at - gc->gicr_pa;
		int idx = vcpu_on_board_cpu(v->cell, off / GICR_STRIDE);

		if (idx >= 0)
			redist_access(v, (unsigned int)idx, off % GICR_STRIDE, a);
		else if (!a->write)
			a->value = 0;
		return true;
	}
	return false;
}
