/*
 * libFuzzer target: the virtual GIC -- distributor (GICv3 and GICv2 modes)
 * and GICv3 redistributors emulated by arch/arm64/vgic_dist.c, SGIs by
 * register (GICD_SGIR) and system register (ICC_SGI1R_EL1), physical
 * interrupts routed through vgic.c and the list registers -- driven through
 * the trap path with every other kind of step mixed in (ops.h).
 *
 * Beyond check.h, after every access: a read of the distributor or of a
 * redistributor returns no bit for an interrupt the cell's config does not
 * give it; ID, type and routing registers hold the cell's own values; an
 * SGI reaches exactly the vCPUs of the sender's cell it names; a physical
 * interrupt taken from the GIC reaches the vCPU its owner routed it to.
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
		GICD_IROUTER, GICV3_PIDR2, GICV2_PIDR2,
	};
	uint8_t b = in_u8(in);
	uint16_t reg = regs[b % ARRAY_SIZE(regs)];
	unsigned int k = in_u8(in);

	if (reg == GICD_IROUTER)
		return reg + (k % 64u) * 8u;	/* INTIDs 0..63: ours are there */
	if (reg >= GICD_ISENABLER && reg < GICD_IPRIORITYR)
		return reg + (k % 4u) * 4u;
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
	{ GICD_ISENABLER, GICD_ICENABLER, 1 }, { GICD_ICENABLER, GICD_ISPENDR, 1 },
	{ GICD_ISPENDR, GICD_ICPENDR, 1 }, { GICD_ICPENDR, GICD_ISACTIVER, 1 },
	{ GICD_IPRIORITYR, GICD_ITARGETSR, 8 }, { GICD_ITARGETSR, GICD_ICFGR, 8 },
	{ GICD_ICFGR, GICD_ICFGR + 0x100, 2 },
};

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
 * interrupts' fields and must read back: enable, priority, trigger, target
 * (pending state is left to the common checks).  Reset as the vGIC says:
 * a vCPU's SGIs/PPIs when it starts, the SPIs when vCPU 0 does.
 */
struct fmodel {
	uint8_t prio, target;
	bool enabled, edge;
};

static struct {
	struct fmodel spi[M_CELLS][NR_INTIDS];
	struct fmodel banked[M_CELLS][SEPTUM_MAX_CPUS][32];
	bool enabled[M_CELLS];
} dm;

static void model_reset(unsigned int c, unsigned int vcpu)
{
	memset(dm.banked[c][vcpu], 0, sizeof(dm.banked[c][vcpu]));
	for (unsigned int i = 0; i < 16; i++)
		dm.banked[c][vcpu][i].edge = true;	/* SGIs */
	if (vcpu == 0) {
		memset(dm.spi[c], 0, sizeof(dm.spi[c]));
		dm.enabled[c] = false;
	}
}

static void boot(void)
{
	memset(&dm, 0, sizeof(dm));
	for (unsigned int c = 0; c < M_CELLS; c++) {
		for (unsigned int v = SEPTUM_MAX_CPUS; v-- > 0;)
			model_reset(c, v);
	}
}

static struct fmodel *fm(const struct op *op, uint32_t intid)
{
	return intid < 32 ? &dm.banked[op->cell][op->vcpu][intid]
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

static void model_field(const struct op *op, uint32_t base, uint32_t intid,
			uint32_t field)
{
	struct fmodel *f = fm(op, intid);
	unsigned int n = config_get()->cells[op->cell].num_cpus;
	unsigned int t = (unsigned int)__builtin_ctz(field | 0x100u);

	switch (base) {
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		if (field)
			f->enabled = base == GICD_ISENABLER;
		break;
	case GICD_IPRIORITYR:
		f->prio = (uint8_t)field;
		break;
	case GICD_ITARGETSR:
		if (field && intid >= 32 && !v3())
			f->target = (uint8_t)(t < n ? t : 0);
		break;
	case GICD_ICFGR:
		if (intid >= 16)
			f->edge = field & 2;
		break;
	default:
		break;
	}
}

static void model_bank_write(const struct op *op, uint64_t off, bool banked)
{
	const struct bank *bk = bank_at(off);
	uint32_t first = (uint32_t)(off - bk->base) * (8 / bk->width);
	uint64_t v = stored(op), mask = BIT(bk->width) - 1;
	unsigned int fields = op->a.size * 8 / bk->width;

	for (unsigned int i = 0; i < fields; i++) {
		if (mine(op, first + i, banked))
			model_field(op, bk->base, first + i,
				    (uint32_t)(v >> (i * bk->width) & mask));
	}
}

static void model_irouter_write(const struct op *op, uint64_t off)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	unsigned int n = config_get()->cells[op->cell].num_cpus;
	uint64_t v = stored(op), t = (v & BIT(31)) ? 0 : v & 0xff;

	if (intid >= 32 && mine(op, intid, false) &&
	    !((off & 4) && op->a.size == 4))
		fm(op, intid)->target = (uint8_t)(t < n ? t : 0);
}

/* A store the vGIC emulated: what it changes in the model. */
static void model_write(const struct op *op, uint64_t at)
{
	const struct septum_gic *g = gic_cfg();
	uint64_t off = at - g->gicd_pa, in;

	if (at >= g->gicd_pa && off < (v3() ? GICV3_DIST_SIZE : GICV2_DIST_SIZE)) {
		if (bank_at(off) && !(v3() && bank_at(off)->base == GICD_ITARGETSR))
			model_bank_write(op, off, !v3());
		else if (v3() && off >= GICD_IROUTER && off < GICD_IROUTER_END)
			model_irouter_write(op, off);
		else if (off == GICD_CTLR)
			dm.enabled[op->cell] = stored(op) & (v3() ? 2 : 1);
		return;
	}
	off = at - g->gicr_pa;
	in = off % GICR_STRIDE;
	if (v3() && at >= g->gicr_pa && in >= GICR_SGI &&
	    bank_at(in - GICR_SGI) && bank_at(in - GICR_SGI)->base != GICD_ITARGETSR &&
	    vcpu_of_frame(op, off / GICR_STRIDE) == (int)op->vcpu)
		model_bank_write(op, in - GICR_SGI, true);
}

/* What the model says field `intid` of bank `base` reads, if it says. */
static bool model_read(const struct op *op, uint32_t base, uint32_t intid,
		       uint64_t *want)
{
	const struct fmodel *f = fm(op, intid);

	switch (base) {
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		*want = f->enabled;
		return true;
	case GICD_IPRIORITYR:
		*want = f->prio;
		return true;
	case GICD_ITARGETSR:
		*want = 1u << (intid < 32 ? op->vcpu : f->target);
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
static void check_field(const struct op *op, const struct bank *bk,
			uint32_t intid, uint64_t field, bool banked)
{
	uint64_t want;

	if (!mine(op, intid, banked) && field)
		check_fail("cell %u read GIC bank 0x%x: interrupt %u, not its, "
			   "reads 0x%llx", op->cell, bk->base, intid,
			   (unsigned long long)field);
	if (mine(op, intid, banked) && model_read(op, bk->base, intid, &want) &&
	    field != want)
		check_fail("cell %u vCPU %u: GIC bank 0x%x, interrupt %u reads "
			   "0x%llx, the cell made it 0x%llx", op->cell, op->vcpu,
			   bk->base, intid, (unsigned long long)field,
			   (unsigned long long)want);
}

static void check_bank_read(const struct op *op, uint64_t off, uint64_t value,
			    bool banked)
{
	const struct bank *bk = bank_at(off);
	uint32_t per_byte = 8 / bk->width;
	uint32_t first = (uint32_t)(off - bk->base) * per_byte;
	uint64_t mask = bk->width == 8 ? 0xff : BIT(bk->width) - 1;

	if (bk->base == GICD_ITARGETSR && v3()) {
		if (value)
			check_fail("ITARGETSR reads 0x%llx with affinity routing",
				   (unsigned long long)value);
		return;
	}
	for (unsigned int i = 0; i < op->a.size * 8 / bk->width; i++)
		check_field(op, bk, first + i, value >> (i * bk->width) & mask,
			    banked);
}

/* IROUTER, by word or doubleword: Aff0 of the target vCPU, or zero. */
static void check_irouter(const struct op *op, uint64_t off, uint64_t value)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	uint64_t want = intid >= 32 && mine(op, intid, false) && off % 8 == 0 ?
			fm(op, intid)->target : 0;

	if (op->a.size >= 4 && value != want)
		check_fail("cell %u: IROUTER of interrupt %u reads 0x%llx, want "
			   "0x%llx", op->cell, intid, (unsigned long long)value,
			   (unsigned long long)want);
}

static void check_dist_read(const struct op *op, uint64_t off, uint64_t value)
{
	unsigned int n = config_get()->cells[op->cell].num_cpus;

	if (bank_at(off)) {
		check_bank_read(op, off, value, !v3());
	} else if (v3() && off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		check_irouter(op, off, value);
	} else if (off == GICD_TYPER) {
		if ((value >> 5 & 7) != n - 1)
			check_fail("cell %u: GICD_TYPER says %llu CPUs, it has %u",
				   op->cell, (unsigned long long)(value >> 5 & 7) + 1,
				   n);
	} else if (off == GICD_IIDR) {
		if (value != (IIDR_ARM & (op->a.size == 8 ? ~0ull :
					  BIT(8 * op->a.size) - 1)))
			check_fail("GICD_IIDR reads 0x%llx",
				   (unsigned long long)value);
	} else if (off == GICD_CTLR) {
		uint64_t want = v3() ? (dm.enabled[op->cell] ? 0x12 : 0x10)
				     : dm.enabled[op->cell];

		if (value != (want & (op->a.size == 8 ? ~0ull :
				      BIT(8 * op->a.size) - 1)))
			check_fail("cell %u: GICD_CTLR reads 0x%llx, want 0x%llx",
				   op->cell, (unsigned long long)value,
				   (unsigned long long)want);
	} else if (!(off >= GICD_IGROUPR && off < GICD_ISENABLER) &&
		   off != (v3() ? GICV3_PIDR2 : GICV2_PIDR2) && value) {
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
		if (idx == (int)op->vcpu)
			check_bank_read(op, in - GICR_SGI, value, true);
		else if (value)
			check_fail("cell %u vCPU %u reads 0x%llx from vCPU %d's "
				   "SGI frame", op->cell, op->vcpu,
				   (unsigned long long)value, idx);
	} else if (in == GICR_TYPER + 4 && value != (uint64_t)idx) {
		check_fail("GICR_TYPER of vCPU %d says %llu", idx,
			   (unsigned long long)value);
	}
}

/* --- SGIs and physical interrupts arrive ------------------------------ */

/* Interrupt vintid waits for vCPU `vcpu` of cell c: pending, or in an LR. */
static bool waiting(unsigned int c, unsigned int vcpu, uint32_t vintid)
{
	const struct cell *cl = cell_get(c);
	const struct vgic_cell *g = vgic_of(cl);
	unsigned int cpu = cl->vcpus[vcpu].pcpu;

	if (g->vcpus[vcpu].pending[vintid / 64] & BIT(vintid % 64))
		return true;
	for (unsigned int i = 0; i < fgic.nlr; i++) {
		const struct gic_lr *lr = &fgic.lr[cpu][i];

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

/* A write of ICC_SGI1R_EL1: the vCPUs it names (IRM: all but the sender). */
static void after_sgi1r(const struct op *op)
{
	uint64_t v = op->value;
	unsigned int n = config_get()->cells[op->cell].num_cpus;
	unsigned int rt = (unsigned int)FIELD_GET(op->iss, 9, 5);

	if (rt == 31)
		v = 0;
	if (v & BIT(40))
		check_sgis(op, (uint32_t)FIELD_GET(v, 27, 24),
			   ((1u << n) - 1) & ~(1u << op->vcpu));
	else if (!FIELD_GET(v, 23, 16) && !FIELD_GET(v, 39, 32) &&
		 !FIELD_GET(v, 47, 44) && !FIELD_GET(v, 55, 48))
		check_sgis(op, (uint32_t)FIELD_GET(v, 27, 24),
			   (uint32_t)FIELD_GET(v, 15, 0));
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
				    !(m.resets[c] & (1u << t)) &&
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
				model_reset(c, v);
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
