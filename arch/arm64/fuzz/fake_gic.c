/*
 * The fuzz machine's physical GIC (fake_gic.h): the driver functions of
 * arch/gic.h for either GIC version, the one the partition table names,
 * over one model.  An operation the real driver could not do (a
 * list register beyond the implemented ones, an SGI or CPU out of range) is
 * a hypervisor bug: abort.
 */
#include <septum/config.h>
#include <septum/percpu.h>
#include <stdio.h>
#include <stdlib.h>

#include "fake_gic.h"

struct fgic fgic;

static unsigned int here(void)
{
	return percpu_this()->index;
}

static NORETURN void bug(const char *what, uint32_t n)
{
	fprintf(stderr, "fuzz: the hypervisor asked the GIC for %s (%u)\n",
		what, n);
	abort();
}

static void note(enum fgic_op op, uint32_t intid, uint32_t arg)
{
	if (intid >= FGIC_INTIDS)
		bug("an interrupt beyond INTID 1023", intid);
	if (fgic.njournal < FGIC_JOURNAL)
		fgic.journal[fgic.njournal] =
			(struct fgic_entry){ op, here(), intid, arg };
	fgic.njournal++;
}

void fgic_reset(unsigned int nlr)
{
	fgic.nlr = nlr;
	for (unsigned int i = 0; i < M_CPUS; i++)
		fgic.vgroups[i] = 3;
}

struct fgic_irq *fgic_irq(unsigned int cpu, uint32_t intid)
{
	if (intid >= FGIC_INTIDS)
		bug("an interrupt beyond INTID 1023", intid);
	return intid < 32 ? &fgic.banked[cpu][intid] : &fgic.spi[intid];
}

void fgic_raise(unsigned int cpu, uint32_t intid)
{
	if (intid < FGIC_INTIDS) {
		struct fgic_irq *q = fgic_irq(cpu, intid);

		if (q->edge)
			q->pending = true;
		q->line = true;
	}
}

/* Pending: latched, or a level-sensitive one's line high. */
static bool asserted(const struct fgic_irq *q)
{
	return q->pending || (!q->edge && q->line);
}

/* The interrupt CPU `cpu` would take now, or GIC_SPURIOUS. */
static uint32_t next_for(unsigned int cpu)
{
	for (uint32_t i = 0; i < FGIC_INTIDS; i++) {
		const struct fgic_irq *q = fgic_irq(cpu, i);

		if (asserted(q) && q->enabled && !q->active &&
		    (i < 32 || q->route == cpu))
			return i;
	}
	return GIC_SPURIOUS;
}

static bool v2(void)
{
	return config_get()->board.irqchip == SEPTUM_IRQCHIP_GICV2;
}

/* A list register the cell deactivated that asked to be seen (EISR). */
static bool lr_eoi_held(const struct fgic_lr *lr)
{
	return !lr->pending && !lr->active && lr->eoi && !lr->hw;
}

/* Number of list registers of `cpu` holding a pending or active entry. */
static unsigned int lrs_used(unsigned int cpu)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fgic.nlr; i++)
		n += fgic.lr[cpu][i].pending || fgic.lr[cpu][i].active;
	return n;
}

void fgic_guest_lr(unsigned int cpu, unsigned int i)
{
	struct fgic_lr *lr = &fgic.lr[cpu][i % fgic.nlr];
	uint32_t maint = config_get()->board.arch.arm64.gic.maint_intid;

	if (i >= 0xf0) {
		fgic.vgroups[cpu] ^= i & 3;
		return;
	}
	if (i >= 0xe0) {
		if (lr->hw && lr->pintid < FGIC_INTIDS)
			fgic_irq(cpu, lr->pintid)->line = false;
		return;
	}
	if (lr->pending && !lr->active) {
		lr->pending = false;
		lr->active = true;
	} else if (lr->active) {
		lr->active = false;
		/* Its handler quieted the device before this EOI. */
		if (lr->hw && lr->pintid < FGIC_INTIDS) {
			fgic_irq(cpu, lr->pintid)->active = false;
			fgic_irq(cpu, lr->pintid)->line = false;
		}
		if (lr_eoi_held(lr))
			fgic_raise(cpu, maint);
	}
	if (!lr->pending && !lr->active && !lr_eoi_held(lr))
		*lr = (struct fgic_lr){ 0 };
	/* Underflow: at most one entry left raises the maintenance PPI. */
	if (fgic.underflow[cpu] && lrs_used(cpu) <= 1)
		fgic_raise(cpu, maint);
}

/* --- the driver (arch/gic.h) --------------------------------------------- */

void gic_init(const struct septum_gic *cfg)
{
	(void)cfg;
}

void gic_init_cpu(void)
{
}

uint32_t gic_ack(void)
{
	uint32_t intid = next_for(here());

	if (intid != GIC_SPURIOUS) {
		struct fgic_irq *q = fgic_irq(here(), intid);

		q->active = true;
		q->pending = false;
		note(FGIC_ACK, intid, 0);
	}
	return intid;
}

/* The hypervisor ends its own interrupt: it quieted the device. */
void gic_deactivate(uint32_t intid)
{
	note(FGIC_DEACTIVATE, intid, 0);
	fgic_irq(here(), intid)->active = false;
	fgic_irq(here(), intid)->line = false;
}

/*
 * The copy of intid a per-interrupt control with CPU `cpu` means: on
 * GICv2 a banked one is reachable from its own CPU only.
 */
static struct fgic_irq *target(uint32_t intid, unsigned int cpu)
{
	if (cpu >= M_CPUS)
		bug("a CPU that does not exist", cpu);
	if (intid < 32 && cpu != here() && v2())
		bug("another CPU's banked interrupt on GICv2", intid);
	return fgic_irq(intid < 32 ? cpu : here(), intid);
}

/* As note(), for the CPU whose copy of a banked interrupt it changes. */
static void note_on(enum fgic_op op, uint32_t intid, unsigned int cpu,
		    uint32_t arg)
{
	unsigned int n = fgic.njournal;

	note(op, intid, arg);
	if (n < FGIC_JOURNAL && intid < 32)
		fgic.journal[n].cpu = cpu;
}

void gic_enable(uint32_t intid, unsigned int cpu, bool on)
{
	struct fgic_irq *q = target(intid, cpu);

	note_on(on ? FGIC_ENABLE : FGIC_DISABLE, intid, cpu, 0);
	q->enabled = on;
}

void gic_route(uint32_t intid, unsigned int cpu)
{
	if (cpu >= M_CPUS)
		bug("a route to a CPU that does not exist", cpu);
	note(FGIC_ROUTE, intid, cpu);
	if (intid >= 32)
		fgic_irq(here(), intid)->route = cpu;
}

void gic_set_pending(uint32_t intid, unsigned int cpu, bool on)
{
	struct fgic_irq *q = target(intid, cpu);

	note_on(on ? FGIC_SET_PENDING : FGIC_CLEAR_PENDING, intid, cpu, 0);
	q->pending = on;
}

void gic_set_active(uint32_t intid, unsigned int cpu, bool on)
{
	struct fgic_irq *q = target(intid, cpu);

	note_on(on ? FGIC_SET_ACTIVE : FGIC_DEACTIVATE, intid, cpu, 0);
	q->active = on;
}

void gic_set_edge(uint32_t intid, unsigned int cpu, bool edge)
{
	struct fgic_irq *q = target(intid, cpu);

	note_on(FGIC_SET_EDGE, intid, cpu, edge);
	if (intid >= 16)
		q->edge = edge;
}

bool gic_is_pending(uint32_t intid, unsigned int cpu)
{
	return asserted(target(intid, cpu));
}

void gic_send_sgi(uint32_t sgi, unsigned int cpu)
{
	if (sgi >= 16 || cpu >= M_CPUS)
		bug("an SGI or target out of range", sgi << 8 | cpu);
	note(FGIC_SEND_SGI, sgi, cpu);
	fgic.banked[cpu][sgi].pending = true;
}

unsigned int gic_lr_count(void)
{
	return fgic.nlr;
}

uint64_t gic_lr_empty(void)
{
	uint64_t empty = 0;

	for (unsigned int i = 0; i < fgic.nlr; i++) {
		const struct fgic_lr *lr = &fgic.lr[here()][i];

		if (!lr->pending && !lr->active && !lr_eoi_held(lr))
			empty |= BIT(i);
	}
	return empty;
}

uint64_t gic_lr_eoied(void)
{
	uint64_t eoied = 0;

	for (unsigned int i = 0; i < fgic.nlr; i++) {
		if (lr_eoi_held(&fgic.lr[here()][i]))
			eoied |= BIT(i);
	}
	return eoied;
}

uint64_t gic_lr_read(unsigned int i)
{
	const struct fgic_lr *lr;

	if (i >= fgic.nlr)
		bug("a list register it does not have", i);
	lr = &fgic.lr[here()][i];
	return lr->vintid | (uint64_t)lr->priority << ICH_LR_PRIORITY_SHIFT |
	       (lr->group1 ? ICH_LR_GROUP1 : 0) |
	       (lr->pending ? ICH_LR_PENDING : 0) |
	       (lr->active ? ICH_LR_ACTIVE : 0) |
	       (lr->hw ? ICH_LR_HW | (uint64_t)lr->pintid << ICH_LR_PINTID_SHIFT
		       : (uint64_t)lr->source << ICH_LR_SOURCE_SHIFT |
				 (lr->eoi ? ICH_LR_EOI : 0));
}
static void lr_store(unsigned int i, const struct fgic_lr *lr, bool v2)
{
	struct fgic_lr *to;

	if (i >= fgic.nlr)
		bug("a list register it does not have", i);
	to = &fgic.lr[here()][i];
	note(FGIC_LR_WRITE, lr->vintid, i);
	if (lr->vintid >= FGIC_INTIDS || (lr->hw && lr->pintid >= FGIC_INTIDS))
		bug("a list register INTID the GIC cannot hold", lr->vintid);
	*to = *lr;
	if (lr->hw)
		to->eoi = false;	/* the field is the physical INTID's */
	else
		to->pintid = 0;
	if (!v2 || lr->hw || lr->vintid >= 16)
		to->source = 0;		/* GICH_LR.CPUID: GICv2 SGIs only */
	if (!to->pending && !to->active && !to->eoi)
		*to = (struct fgic_lr){ 0 };
	if (v2) {
		to->priority &= 0xf8;	/* GICH_LR keeps the top 5 bits */
		to->source &= 7;
	}
}

void gic_lr_write(unsigned int i, uint64_t v)
{
	struct fgic_lr lr = {
		.vintid = gic_lr_vintid(v), .pintid = gic_lr_pintid(v),
		.priority = gic_lr_priority(v), .source = gic_lr_source(v),
		.hw = v & ICH_LR_HW, .pending = v & ICH_LR_PENDING,
		.active = v & ICH_LR_ACTIVE, .group1 = v & ICH_LR_GROUP1,
		.eoi = gic_lr_eoi(v),
	};

	lr_store(i, &lr, v2());
}

/* gic_lr_place_hw(): what gic_lr_write() of LR 0 with the same fields does. */
bool gic_lr_place_hw(uint64_t lrs, uint32_t vintid, uint32_t pintid,
		     uint8_t priority, bool group1)
{
	struct fgic_lr lr = { .vintid = vintid, .pintid = pintid,
			     .priority = priority, .hw = true, .pending = true,
			     .group1 = group1 };

	if ((gic_lr_empty() & lrs) != lrs)
		return false;
	lr_store(0, &lr, v2());
	return true;
}

void gic_set_hcr(uint32_t flags)
{
	/* GICv2 has no such trap: the vGIC unmaps the CPU interface page
	 * instead (the driver ignores the flag). */
	if (flags & ~(uint32_t)(GIC_HCR_UNDERFLOW | GIC_HCR_TRAP_G1) ||
	    (v2() && (flags & GIC_HCR_TRAP_G1) && !m.gicv_trapped[here()]))
		bug("a virtual interface control it does not have", flags);
	fgic.underflow[here()] = flags & GIC_HCR_UNDERFLOW;
	fgic.trap_g1[here()] = flags & GIC_HCR_TRAP_G1;
}

uint32_t gic_vgroups(void)
{
	return fgic.vgroups[here()];
}

/*
 * GICv2's virtual CPU interface as the cell would use it: an acknowledge
 * takes the first pending LR of an enabled group (its INTID, and an SGI's
 * source CPU), an EOI (EOImode 0) ends the active one it names; the rest
 * reads zero and ignores writes.
 */
#define GICV_IAR 0x0c
#define GICV_EOIR 0x10

uint32_t gic_vif_read(uint32_t off)
{
	if (off >= 0x1000 || (off & 3))
		bug("a GICV register outside the page the vGIC traps", off);
	if (off != GICV_IAR)
		return 0;
	for (unsigned int i = 0; i < fgic.nlr; i++) {
		struct fgic_lr *lr = &fgic.lr[here()][i];

		if (lr->pending && !lr->active &&
		    (fgic.vgroups[here()] & (lr->group1 ? 2u : 1u))) {
			fgic_guest_lr(here(), i);
			return lr->vintid | (uint32_t)lr->source << 10;
		}
	}
	return GIC_SPURIOUS;
}

void gic_vif_write(uint32_t off, uint32_t value)
{
	if (off >= 0x1000 || (off & 3))
		bug("a GICV register outside the page the vGIC traps", off);
	if (off != GICV_EOIR)
		return;
	for (unsigned int i = 0; i < fgic.nlr; i++) {
		const struct fgic_lr *lr = &fgic.lr[here()][i];

		if (lr->active && lr->vintid == (value & 0x3ff) &&
		    (value >> 10 & 7) == lr->source) {
			fgic_guest_lr(here(), i);
			return;
		}
	}
}
