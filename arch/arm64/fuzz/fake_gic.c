/*
 * The fuzz machine's physical GIC (fake_gic.h): both gic_ops the hypervisor
 * may pick, over one model.  An operation the real driver could not do (a
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
}

struct fgic_irq *fgic_irq(unsigned int cpu, uint32_t intid)
{
	if (intid >= FGIC_INTIDS)
		bug("an interrupt beyond INTID 1023", intid);
	return intid < 32 ? &fgic.banked[cpu][intid] : &fgic.spi[intid];
}

void fgic_raise(unsigned int cpu, uint32_t intid)
{
	if (intid < FGIC_INTIDS)
		fgic_irq(cpu, intid)->pending = true;
}

/* The interrupt CPU `cpu` would take now, or GIC_SPURIOUS. */
static uint32_t next_for(unsigned int cpu)
{
	for (uint32_t i = 0; i < FGIC_INTIDS; i++) {
		const struct fgic_irq *q = fgic_irq(cpu, i);

		if (q->pending && q->enabled && !q->active &&
		    (i < 32 || q->route == cpu))
			return i;
	}
	return GIC_SPURIOUS;
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
	struct gic_lr *lr = &fgic.lr[cpu][i % fgic.nlr];

	if (lr->pending && !lr->active) {
		lr->pending = false;
		lr->active = true;
	} else if (lr->active) {
		lr->active = false;
		if (lr->hw && lr->pintid < FGIC_INTIDS)
			fgic_irq(cpu, lr->pintid)->active = false;
	}
	if (!lr->pending && !lr->active)
		*lr = (struct gic_lr){ 0 };
	/* Underflow: at most one entry left raises the maintenance PPI. */
	if (fgic.underflow[cpu] && lrs_used(cpu) <= 1)
		fgic_raise(cpu, config_get()->board.arch.arm64.gic.maint_intid);
}

/* --- gic_ops ------------------------------------------------------------ */

static void f_init(const struct septum_gic *cfg)
{
	(void)cfg;
}

static void f_init_cpu(void)
{
}

static uint32_t f_ack(void)
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

static void f_priority_drop(uint32_t intid)
{
	(void)intid;
}

static void f_deactivate(uint32_t intid)
{
	note(FGIC_DEACTIVATE, intid, 0);
	fgic_irq(here(), intid)->active = false;
}

static void f_enable(uint32_t intid, bool on)
{
	note(on ? FGIC_ENABLE : FGIC_DISABLE, intid, 0);
	fgic_irq(here(), intid)->enabled = on;
}

static void f_route(uint32_t intid, unsigned int cpu)
{
	if (cpu >= M_CPUS)
		bug("a route to a CPU that does not exist", cpu);
	note(FGIC_ROUTE, intid, cpu);
	if (intid >= 32)
		fgic_irq(here(), intid)->route = cpu;
}

static void f_set_pending(uint32_t intid, bool on)
{
	note(on ? FGIC_SET_PENDING : FGIC_CLEAR_PENDING, intid, 0);
	fgic_irq(here(), intid)->pending = on;
}

static void f_set_edge(uint32_t intid, bool edge)
{
	note(FGIC_SET_EDGE, intid, edge);
	if (intid >= 16)
		fgic_irq(here(), intid)->edge = edge;
}

static void f_send_sgi(uint32_t sgi, unsigned int cpu)
{
	if (sgi >= 16 || cpu >= M_CPUS)
		bug("an SGI or target out of range", sgi << 8 | cpu);
	note(FGIC_SEND_SGI, sgi, cpu);
	fgic.banked[cpu][sgi].pending = true;
}

static unsigned int f_lr_count(void)
{
	return fgic.nlr;
}

static uint64_t f_lr_empty(void)
{
	uint64_t empty = 0;

	for (unsigned int i = 0; i < fgic.nlr; i++) {
		if (!fgic.lr[here()][i].pending && !fgic.lr[here()][i].active)
			empty |= BIT(i);
	}
	return empty;
}

static void f_lr_read(unsigned int i, struct gic_lr *lr)
{
	if (i >= fgic.nlr)
		bug("a list register it does not have", i);
	*lr = fgic.lr[here()][i];
}

static void lr_store(unsigned int i, const struct gic_lr *lr, bool v2)
{
	struct gic_lr *to;

	if (i >= fgic.nlr)
		bug("a list register it does not have", i);
	to = &fgic.lr[here()][i];
	note(FGIC_LR_WRITE, lr->vintid, i);
	if (lr->vintid >= FGIC_INTIDS || (lr->hw && lr->pintid >= FGIC_INTIDS))
		bug("a list register INTID the GIC cannot hold", lr->vintid);
	*to = *lr;
	if (!lr->pending && !lr->active)
		*to = (struct gic_lr){ 0 };
	else if (!lr->hw)
		to->pintid = 0;
	if (v2)
		to->priority &= 0xf8;	/* GICH_LR keeps the top 5 bits */
}

static void v3_lr_write(unsigned int i, const struct gic_lr *lr)
{
	lr_store(i, lr, false);
}

static void v2_lr_write(unsigned int i, const struct gic_lr *lr)
{
	lr_store(i, lr, true);
}

static void f_underflow_irq(bool on)
{
	fgic.underflow[here()] = on;
}

#define FAKE_OPS(lr_write_fn)                                                  \
	{ .init = f_init, .init_cpu = f_init_cpu, .ack = f_ack,                \
	  .priority_drop = f_priority_drop, .deactivate = f_deactivate,       \
	  .enable = f_enable, .route = f_route, .set_pending = f_set_pending, \
	  .set_edge = f_set_edge, .send_sgi = f_send_sgi,                     \
	  .lr_count = f_lr_count, .lr_empty = f_lr_empty,                     \
	  .lr_read = f_lr_read,                                               \
	  .lr_write = lr_write_fn, .underflow_irq = f_underflow_irq }

const struct gic_ops gicv3_ops = FAKE_OPS(v3_lr_write);
const struct gic_ops gicv2_ops = FAKE_OPS(v2_lr_write);
