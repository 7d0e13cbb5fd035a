/*
 * libFuzzer target: the virtual GIC -- distributor (GICv3 and GICv2 modes)
 * and GICv3 redistributors emulated by arch/arm64/vgic_dist.c, SGIs by
 * register (GICD_SGIR) and system register (ICC_SGI1R_EL1), physical
 * interrupts routed through vgic.c and the list registers -- driven through
 * the trap path with every other kind of step mixed in (ops.h).
 *
 * Beyond check.h, after every access: a read of the distributor or of a
 * redistributor returns no bit for an interrupt the cell's config does not
 * give it; ID, type, group and routing registers hold the cell's own values
 * as the GIC architecture keeps them; an SGI reaches exactly the vCPUs of
 * the sender's cell it names (in the group it is sent for); a physical
 * interrupt taken from the GIC reaches the vCPU its owner routed it to (or
 * waits for a route, routed to none).
 */
#include <arch/vgic_int.h>
#include <septum/config.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fake_gic.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const struct septum_gic *gic_cfg(void)
{
	return &config_get()->board.arch.arm64.gic;
}

static bool v3(void)
{
	return config_get()->board.irqchip == SEPTUM_IRQCHIP_GICV3;
}

/* --- where accesses go --------------------------------------------------- */

static uint64_t dist_register(struct in *in)
{
	static const uint16_t regs[] = {
		GICD_CTLR, GICD_TYPER, GICD_IIDR, GICD_IGROUPR, GICD_ISENABLER,
		GICD_ICENABLER, GICD_ISPENDR, GICD_ICPENDR, GICD_ISACTIVER,
		GICD_IPRIORITYR, GICD_ITARGETSR, GICD_ICFGR, GICD_SGIR,
		GICD_IROUTER, GICV3_PIDR2, GICV2_PIDR2, GICD_ICACTIVER,
		GICD_CPENDSGIR, GICD_SPENDSGIR,
	};
	uint8_t b = in_u8(in);
	uint16_t reg = regs[b % ARRAY_SIZE(regs)];
	unsigned int k = in_u8(in);

	if (reg == GICD_IROUTER)
		return reg + (k % 64u) * 8u;	/* INTIDs 0..63: ours are there */
	if (reg >= GICD_IGROUPR && reg < GICD_IPRIORITYR)
		return reg + (k % 4u) * 4u;
	if (reg == GICD_CPENDSGIR || reg == GICD_SPENDSGIR)
		return reg + k % 16u;
	if (reg == GICD_IPRIORITYR || reg == GICD_ITARGETSR)
		return reg + k % 64u;
	return reg == GICD_ICFGR ? reg + (k % 8u) * 4u : reg;
}

static uint64_t address(struct in *in, const struct op *op)
{
	const struct septum_gic *g = gic_cfg();
	uint8_t b = in_u8(in);
	uint64_t dist = v3() ? GICV3_DIST_SIZE : GICV2_DIST_SIZE, off;

	switch (b % 4) {
	case 0:
		off = in_u16(in) % dist;
		break;
	case 1:
		return g->gicd_pa + dist_register(in);
	case 2:
		if (!v3())
			return g->gicc_pa + in_u16(in) % 0x2000u;
		off = (uint64_t)(b >> 2) % SEPTUM_MAX_CPUS * GICR_STRIDE +
		      ((b & 0x80) ? GICR_SGI : 0) + in_u16(in) % 0x1000u;
		return g->gicr_pa + (off & ~(uint64_t)(op->a.size - 1));
	default:
		return in_u32(in);
	}
	if (!(b & 0x80))
		off &= ~(uint64_t)(op->a.size - 1);
	return g->gicd_pa + off;
}

/* --- what reads may return ------------------------------------------------ */

struct bank {
	uint32_t base, end;
	unsigned int width;
};

/* The bit/byte/2-bit registers, as the GIC architecture lays them out. */
static const struct bank banks[] = {
	{ GICD_IGROUPR, GICD_ISENABLER, 1 },
	{ GICD_ISENABLER, GICD_ICENABLER, 1 }, { GICD_ICENABLER, GICD_ISPENDR, 1 },
	{ GICD_ISPENDR, GICD_ICPENDR, 1 }, { GICD_ICPENDR, GICD_ISACTIVER, 1 },
	{ GICD_ISACTIVER, GICD_ICACTIVER, 1 },
	{ GICD_ICACTIVER, GICD_IPRIORITYR, 1 },
	{ GICD_IPRIORITYR, GICD_ITARGETSR, 8 }, { GICD_ITARGETSR, GICD_ICFGR, 8 },
	{ GICD_ICFGR, GICD_ICFGR + 0x100, 2 },
	/* GICv2's SGI pending registers: a byte of source CPUs per SGI. */
	{ GICD_CPENDSGIR, GICD_SPENDSGIR, 8 },
	{ GICD_SPENDSGIR, GICD_SPENDSGIR + 0x10, 8 },
};

/* ITARGETSR and the SGI pending registers: GICv2's only (RAZ/WI on v3). */
static bool gicv2_only(const struct bank *bk)
{
	return bk->base == GICD_ITARGETSR || bk->base == GICD_CPENDSGIR ||
	       bk->base == GICD_SPENDSGIR;
}

static const struct bank *bank_at(uint64_t off)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(banks); i++) {
		if (off >= banks[i].base && off < banks[i].end)
			return &banks[i];
	}
	return NULL;
}

static int vcpu_of_frame(const struct op *op, uint64_t frame);

/* --- the distributor as each cell programmed it -------------------------- */

/*
 * A model, from the GIC architecture, of what a guest writes to its
 * interrupts' fields and must read back: group, enable, priority, trigger,
 * targets (GICv2) or route (GICv3); pending and active state are left to
 * the common checks.  Reset as the vGIC says: a vCPU's SGIs/PPIs when it
 * starts, everything when the cell starts (vCPU 0 starts, no other vCPU
 * on); the group reset value is UNKNOWN or IMPLEMENTATION DEFINED, the
 * vGIC's is Group 1 on GICv3, Group 0 on GICv2.
 */
struct fmodel {
	uint8_t prio;
	uint8_t targets;	/* GICv2 GICD_ITARGETSR of an SPI */
	uint32_t irouter;	/* GICv3 GICD_IROUTER's low word as kept */
	bool group, enabled, edge;
};

static struct {
	struct fmodel spi[M_CELLS][NR_INTIDS];
	struct fmodel banked[M_CELLS][SEPTUM_MAX_CPUS][32];
	uint8_t ctlr[M_CELLS];	/* GICD_CTLR's group enables */
} dm;

static void model_reset_banked(unsigned int c, unsigned int vcpu)
{
	memset(dm.banked[c][vcpu], 0, sizeof(dm.banked[c][vcpu]));
	for (unsigned int i = 0; i < 32; i++) {
		dm.banked[c][vcpu][i].edge = i < 16;	/* SGIs */
		dm.banked[c][vcpu][i].group = v3();
	}
}

/* vCPU `vcpu` of cell c started (`cell`: the cell started with it). */
static void model_reset(unsigned int c, unsigned int vcpu, bool cell)
{
	unsigned int n = config_get()->cells[c].num_cpus;

	model_reset_banked(c, vcpu);
	if (cell) {
		for (unsigned int v = 0; v < SEPTUM_MAX_CPUS; v++)
			model_reset_banked(c, v);
		memset(dm.spi[c], 0, sizeof(dm.spi[c]));
		for (unsigned int i = 0; i < NR_INTIDS; i++) {
			dm.spi[c][i].group = v3();
			dm.spi[c][i].targets = n > 1 ? 1 : 0;
		}
		dm.ctlr[c] = 0;
	}
}

static void boot(void)
{
	memset(&dm, 0, sizeof(dm));
	for (unsigned int c = 0; c < M_CELLS; c++)
		model_reset(c, 0, true);
}

/* Whether no vCPU of cell c but vCPU 0 is on. */
static bool alone(unsigned int c)
{
	for (unsigned int v = 1; v < config_get()->cells[c].num_cpus; v++) {
		if (cell_vcpu_is_on(cell_get(c), v))
			return false;
	}
	return true;
}

/* The model of intid as vCPU `vcpu` (its banked copy) sees it. */
static struct fmodel *fm(const struct op *op, unsigned int vcpu,
			 uint32_t intid)
{
	return intid < 32 ? &dm.banked[op->cell][vcpu][intid]
			  : &dm.spi[op->cell][intid % NR_INTIDS];
}

/* The interrupt is the cell's, where this frame shows it. */
static bool mine(const struct op *op, uint32_t intid, bool banked)
{
	return intid < NR_INTIDS && check_owns((unsigned)op->cell, intid) &&
	       (intid >= 32 || banked);
}

/* The value a store hands the emulation (exit.c: xzr reads as zero). */
static uint64_t stored(const struct op *op)
{
	uint64_t mask = op->a.size == 8 ? ~0ull : BIT(8 * op->a.size) - 1;

	return op->a.srt < 31 ? op->a.value & mask : 0;
}

static void model_field(const struct op *op, unsigned int vcpu, uint32_t base,
			uint32_t intid, uint32_t field)
{
	struct fmodel *f = fm(op, vcpu, intid);
	unsigned int n = config_get()->cells[op->cell].num_cpus;

	switch (base) {
	case GICD_IGROUPR:
		f->group = field;
		break;
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		if (field)
			f->enabled = base == GICD_ISENABLER;
		break;
	case GICD_IPRIORITYR:
		f->prio = (uint8_t)field;
		break;
	case GICD_ITARGETSR:
		/* The bits of the cell's CPUs; none at all on one CPU. */
		if (intid >= 32 && !v3() && n > 1)
			f->targets = (uint8_t)(field & (BIT(n) - 1));
		break;
	case GICD_ICFGR:
		if (intid >= 16)
			f->edge = field & 2;
		break;
	default:
		break;
	}
}

static void model_bank_write(const struct op *op, unsigned int vcpu,
			     uint64_t off, bool banked)
{
	const struct bank *bk = bank_at(off);
	uint32_t first = (uint32_t)(off - bk->base) * (8 / bk->width);
	uint64_t v = stored(op), mask = BIT(bk->width) - 1;
	unsigned int fields = op->a.size * 8 / bk->width;

	for (unsigned int i = 0; i < fields; i++) {
		if (mine(op, first + i, banked))
			model_field(op, vcpu, bk->base, first + i,
				    (uint32_t)(v >> (i * bk->width) & mask));
	}
}

/* IROUTER keeps IRM and Aff2-0 (Aff3 is RES0: no A3V), whatever CPU they
 * name; a word write to its upper half changes nothing. */
static void model_irouter_write(const struct op *op, uint64_t off)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);

	if (intid >= 32 && mine(op, intid, false) &&
	    !((off & 4) && op->a.size == 4))
		fm(op, 0, intid)->irouter = (uint32_t)stored(op) &
					    (uint32_t)(BIT(31) | 0xffffff);
}

/* A store the vGIC emulated: what it changes in the model. */
static void model_write(const struct op *op, uint64_t at)
{
	const struct septum_gic *g = gic_cfg();
	uint64_t off = at - g->gicd_pa, in;

	if (at >= g->gicd_pa && off < (v3() ? GICV3_DIST_SIZE : GICV2_DIST_SIZE)) {
		if (bank_at(off) && !(v3() && gicv2_only(bank_at(off))))
			model_bank_write(op, op->vcpu, off, !v3());
		else if (v3() && off >= GICD_IROUTER && off < GICD_IROUTER_END)
			model_irouter_write(op, off);
		else if (off == GICD_CTLR)
			dm.ctlr[op->cell] = stored(op) & 3;
		return;
	}
	off = at - g->gicr_pa;
	in = off % GICR_STRIDE;
	/* Any vCPU of the cell writes any of its CPUs' SGI frames. */
	if (v3() && at >= g->gicr_pa && in >= GICR_SGI &&
	    bank_at(in - GICR_SGI) && !gicv2_only(bank_at(in - GICR_SGI)) &&
	    vcpu_of_frame(op, off / GICR_STRIDE) >= 0)
		model_bank_write(op, (unsigned int)vcpu_of_frame(op, off / GICR_STRIDE),
				 in - GICR_SGI, true);
}

/* What the model says field `intid` of bank `base` reads, if it says. */
static bool model_read(const struct op *op, unsigned int vcpu, uint32_t base,
		       uint32_t intid, uint64_t *want)
{
	const struct fmodel *f = fm(op, vcpu, intid);
	unsigned int n = config_get()->cells[op->cell].num_cpus;

	switch (base) {
	case GICD_IGROUPR:
		*want = f->group;
		return true;
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		*want = f->enabled;
		return true;
	case GICD_IPRIORITYR:
		*want = f->prio;
		return true;
	case GICD_ITARGETSR:
		*want = n == 1 ? 0 : intid < 32 ? 1u << vcpu : f->targets;
		return true;
	case GICD_ICFGR:
		*want = f->edge ? 2 : 0;
		return true;
	default:
		return false;
	}
}

/*
 * A field of a bank register read for interrupt `intid`: zero unless the
 * interrupt is the cell's (SGIs/PPIs only where `banked` says they live),
 * else what the cell last made it.
 */
static void check_field(const struct op *op, unsigned int vcpu,
			const struct bank *bk, uint32_t intid, uint64_t field,
			bool banked)
{
	uint64_t want;

	if (!mine(op, intid, banked) && field)
		check_fail("cell %u read GIC bank 0x%x: interrupt %u, not its, "
			   "reads 0x%llx", op->cell, bk->base, intid,
			   (unsigned long long)field);
	if (mine(op, intid, banked) &&
	    model_read(op, vcpu, bk->base, intid, &want) && field != want)
		check_fail("cell %u vCPU %u: GIC bank 0x%x, interrupt %u reads "
			   "0x%llx, the cell made it 0x%llx", op->cell, vcpu,
			   bk->base, intid, (unsigned long long)field,
			   (unsigned long long)want);
}

static void check_bank_read(const struct op *op, unsigned int vcpu,
			    uint64_t off, uint64_t value, bool banked)
{
	const struct bank *bk = bank_at(off);
	uint32_t per_byte = 8 / bk->width;
	uint32_t first = (uint32_t)(off - bk->base) * per_byte;
	uint64_t mask = bk->width == 8 ? 0xff : BIT(bk->width) - 1;

	if (gicv2_only(bk) && v3()) {
		if (value)
			check_fail("GICv2 register 0x%x reads 0x%llx on GICv3",
				   bk->base, (unsigned long long)value);
		return;
	}
	for (unsigned int i = 0; i < op->a.size * 8 / bk->width; i++)
		check_field(op, vcpu, bk, first + i,
			    value >> (i * bk->width) & mask, banked);
}

/* IROUTER, by word or doubleword: as the cell wrote it, or zero. */
static void check_irouter(const struct op *op, uint64_t off, uint64_t value)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	uint64_t want = intid >= 32 && mine(op, intid, false) && off % 8 == 0 ?
			fm(op, 0, intid)->irouter : 0;

	if (op->a.size >= 4 && value != want)
		check_fail("cell %u: IROUTER of interrupt %u reads 0x%llx, want "
			   "0x%llx", op->cell, intid, (unsigned long long)value,
			   (unsigned long long)want);
}

static void check_dist_read(const struct op *op, uint64_t off, uint64_t value)
{
	unsigned int n = config_get()->cells[op->cell].num_cpus;

	if (bank_at(off)) {
		check_bank_read(op, op->vcpu, off, value, !v3());
	} else if (v3() && off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		check_irouter(op, off, value);
	} else if (off == GICD_TYPER) {
		/* CPUNumber: GICv2's CPU interfaces; 0 with affinity routing. */
		if ((value >> 5 & 7) != (v3() ? 0 : n - 1))
			check_fail("cell %u: GICD_TYPER says %llu CPUs, it has %u",
				   op->cell, (unsigned long long)(value >> 5 & 7) + 1,
				   n);
	} else if (off == GICD_IIDR) {
		if (value != (IIDR_ARM & (op->a.size == 8 ? ~0ull :
					  BIT(8 * op->a.size) - 1)))
			check_fail("GICD_IIDR reads 0x%llx",
				   (unsigned long long)value);
	} else if (off == GICD_CTLR) {
		/* GICv3: one security state, DS and ARE read as one. */
		uint64_t want = dm.ctlr[op->cell] | (v3() ? 0x50 : 0);

		if (value != (want & (op->a.size == 8 ? ~0ull :
				      BIT(8 * op->a.size) - 1)))
			check_fail("cell %u: GICD_CTLR reads 0x%llx, want 0x%llx",
				   op->cell, (unsigned long long)value,
				   (unsigned long long)want);
	} else if (off != (v3() ? GICV3_PIDR2 : GICV2_PIDR2) && value) {
		check_fail("cell %u: GIC distributor offset 0x%llx reads 0x%llx",
			   op->cell, (unsigned long long)off,
			   (unsigned long long)value);
	}
}

/* The cell's vCPU whose redistributor frame is board CPU `frame`'s, or -1. */
static int vcpu_of_frame(const struct op *op, uint64_t frame)
{
	const struct septum_cell *s = &config_get()->cells[op->cell];

	for (unsigned int i = 0; i < s->num_cpus; i++) {
		if (s->cpus[i].board_cpu == frame)
			return (int)i;
	}
	return -1;
}

static void check_redist_read(const struct op *op, uint64_t off, uint64_t value)
{
	int idx = vcpu_of_frame(op, off / GICR_STRIDE);
	uint64_t in = off % GICR_STRIDE;

	if (idx < 0) {
		if (value)
			check_fail("cell %u reads 0x%llx from the redistributor "
				   "of board CPU %llu, not its", op->cell,
				   (unsigned long long)value,
				   (unsigned long long)(off / GICR_STRIDE));
		return;
	}
	if (in >= GICR_SGI && bank_at(in - GICR_SGI)) {
		check_bank_read(op, (unsigned int)idx, in - GICR_SGI, value, true);
	} else if (in == GICR_TYPER + 4 && value != (uint64_t)idx) {
		check_fail("GICR_TYPER of vCPU %d says %llu", idx,
			   (unsigned long long)value);
	}
}

/* --- SGIs and physical interrupts arrive ------------------------------ */

/*
 * Interrupt vintid waits for vCPU `vcpu` of cell c: pending (a GICv2 SGI:
 * from some sender), or in an LR; with vcpu NO_TARGET, for a route.
 */
static bool waiting(unsigned int c, unsigned int vcpu, uint32_t vintid)
{
	const struct cell *cl = cell_get(c);
	const struct vgic_cell *g = vgic_of(cl);
	unsigned int cpu;

	if (vcpu == NO_TARGET)
		return g->orphans[vintid / 64] & BIT(vintid % 64);
	cpu = cl->vcpus[vcpu].pcpu;
	if ((g->vcpus[vcpu].pending[vintid / 64] & BIT(vintid % 64)) ||
	    (vintid < 16 && g->vcpus[vcpu].sgi_src[vintid]))
		return true;
	for (unsigned int i = 0; i < fgic.nlr; i++) {
		const struct fgic_lr *lr = &fgic.lr[cpu][i];

		if ((lr->pending || lr->active) && lr->vintid == vintid)
			return true;
	}
	return false;
}

static void check_sgis(const struct op *op, uint32_t sgi, uint32_t targets)
{
	const struct cell *cl = cell_get((unsigned)op->cell);

	if (cl->state != CELL_RUNNING || m.cpu[op->cpu] != M_GUEST ||
	    m.resets[op->cell])
		return;	/* the cell ended or restarted: a new life owes nothing */
	for (unsigned int t = 0; t < cl->cfg->num_cpus; t++) {
		if ((targets & BIT(t)) && !waiting((unsigned)op->cell, t, sgi))
			check_fail("cell %u: SGI %u to vCPU %u was lost", op->cell,
				   sgi, t);
	}
}

/* ICC_SGI1R/ASGI1R/SGI0R_EL1 written (what exit.c hands the vGIC). */
static bool is_sgi_sysreg(uint32_t iss)
{
	return FIELD_GET(iss, 21, 20) == 3 && FIELD_GET(iss, 13, 10) == 12 &&
	       FIELD_GET(iss, 4, 1) == 11 && FIELD_GET(iss, 19, 17) >= 5 &&
	       !(iss & 1);
}

/*
 * A write of ICC_SGI1R_EL1 (a Group 1 SGI), ICC_ASGI1R_EL1 or ICC_SGI0R_EL1
 * (Group 0, with one security state): the vCPUs it names (IRM: all but the
 * sender) whose copy of the SGI is in that group.
 */
static void after_sgi1r(const struct op *op)
{
	uint64_t v = op->value;
	unsigned int n = config_get()->cells[op->cell].num_cpus;
	unsigned int rt = (unsigned int)FIELD_GET(op->iss, 9, 5);
	bool group1 = FIELD_GET(op->iss, 19, 17) == 5;
	uint32_t sgi, targets;

	if (rt == 31)
		v = 0;
	sgi = (uint32_t)FIELD_GET(v, 27, 24);
	if (v & BIT(40))
		targets = ((1u << n) - 1) & ~(1u << op->vcpu);
	else if (!FIELD_GET(v, 23, 16) && !FIELD_GET(v, 39, 32) &&
		 !FIELD_GET(v, 47, 44) && !FIELD_GET(v, 55, 48))
		targets = (uint32_t)FIELD_GET(v, 15, 0);
	else
		return;
	for (unsigned int t = 0; t < n; t++) {
		if (dm.banked[op->cell][t][sgi].group != group1)
			targets &= ~(1u << t);
	}
	check_sgis(op, sgi, targets);
}

static void after_sgir(const struct op *op)
{
	uint32_t v = (uint32_t)op->a.value;
	unsigned int n = config_get()->cells[op->cell].num_cpus;
	uint32_t all = (1u << n) - 1;

	if (op->a.srt == 31)
		v = 0;
	switch (FIELD_GET(v, 25, 24)) {
	case 0:
		check_sgis(op, v & 0xf, (uint32_t)FIELD_GET(v, 23, 16));
		break;
	case 1:
		check_sgis(op, v & 0xf, all & ~(1u << op->vcpu));
		break;
	case 2:
		check_sgis(op, v & 0xf, 1u << op->vcpu);
		break;
	default:
		break;
	}
}

/*
 * Every owned SPI taken from the GIC waits in its owner's target vCPU
 * (unless that vCPU was reset in the same step: it starts a new life).
 */
static void check_delivery(void)
{
	const struct septum_config *cfg = config_get();

	for (unsigned int j = 0; j < fgic.njournal && j < FGIC_JOURNAL; j++) {
		if (fgic.journal[j].op != FGIC_ACK)
			continue;
		for (unsigned int c = 0; c < M_CELLS; c++) {
			const struct septum_cell *s = &cfg->cells[c];

			for (unsigned int i = 0; i < s->num_irqs; i++) {
				uint32_t vi = s->irqs[i].vintid;
				unsigned int t = vgic_of(cell_get(c))->spi[vi].target;

				/* (A vCPU reset drops what waited for it.) */
				if (s->irqs[i].pintid == fgic.journal[j].intid &&
				    cell_get(c)->state == CELL_RUNNING &&
				    !(t != NO_TARGET && (m.resets[c] & (1u << t))) &&
				    !waiting(c, t, vi))
					check_fail("physical %u taken, but cell %s's "
						   "interrupt %u is not waiting",
						   s->irqs[i].pintid, s->name, vi);
			}
		}
	}
}

static void after(const struct op *op)
{
	const struct septum_gic *g = gic_cfg();
	uint64_t value, dist = v3() ? GICV3_DIST_SIZE : GICV2_DIST_SIZE;
	uint64_t at = op->a.ipa;

	check_delivery();
	if (op->kind == OP_SYSREG && op->ran && is_sgi_sysreg(op->iss))
		after_sgi1r(op);
	if (op->kind == OP_MMIO && op->a.write && m.vgic_handled)
		model_write(op, at);
	for (unsigned int c = 0; c < M_CELLS; c++) {
		for (unsigned int v = SEPTUM_MAX_CPUS; v-- > 0;) {
			if (m.resets[c] & (1u << v))
				model_reset(c, v, v == 0 && alone(c));
		}
	}
	if (op->kind != OP_MMIO || !op->ran || !op_emulated(op) ||
	    at % op->a.size)
		return;
	if (op->a.write) {
		if (!v3() && at == g->gicd_pa + GICD_SGIR && op->a.size == 4)
			after_sgir(op);
		return;
	}
	if (!op_read(op, &value))
		return;
	if (at >= g->gicd_pa && at - g->gicd_pa < dist)
		check_dist_read(op, at - g->gicd_pa, value);
	else if (v3() && at >= g->gicr_pa &&
		 at - g->gicr_pa < (uint64_t)GICR_STRIDE * SEPTUM_MAX_CPUS)
		check_redist_read(op, at - g->gicr_pa, value);
}

static const struct target vgic_target = {
	.mix = { OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_SYSREG,
		 OP_SYSREG, OP_IRQ, OP_RAISE, OP_GUEST_LR, OP_GUEST_LR, OP_WAKE,
		 OP_CALL, OP_EXIT, OP_TIME },
	.address = address,
	.boot = boot,
	.after = after,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	hv_state_save();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ops_run(&vgic_target, data, size);
}
