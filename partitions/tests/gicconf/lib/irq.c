/*
 * The guest's IRQ handling: acknowledge, record (counts by INTID, the
 * order of entries and exits, the running priority), do what the test
 * asked with the interrupt (enum gc_hmode), end it.  Plus the bounded
 * waits every section uses.
 */
#include <stdio.h>

#include "../gicconf.h"

struct gc_irqs gc_irqs[GC_MAX_CPUS];
volatile enum gc_hmode gc_hmode[GC_NIDS];
void (*volatile gc_nest_hook)(uint32_t intid);

extern char gc_vectors[];
void kit_exception(uint64_t kind, uint64_t *regs);
void gc_exception(uint64_t kind, uint64_t *regs);

void gc_vectors_install(void)
{
	__asm__ volatile("msr vbar_el1, %0; isb" : : "r"(gc_vectors) : "memory");
}

static void trace(struct gc_irqs *r, int32_t ev)
{
	if (r->ntrace < GC_TRACE)
		r->trace[r->ntrace] = ev;
	r->ntrace++;
}

static void silence(uint32_t intid)
{
	const struct gc_src *s = gc_src_of(intid);

	if (s && s->lower)
		s->lower();
}

static uint32_t active_priorities(void)
{
	if (gc.version == 3)
		return (uint32_t)gc_sysread(ICC_AP1R0);
	return gc_rd32(gc.gicc + GICC_APR0);
}

static void irq(void)
{
	unsigned int cpu = kit_cpu_index();
	struct gc_irqs *r = &gc_irqs[cpu];
	uint32_t iar = gc_iar(), id = gc_intid(iar);
	bool split = gc_split[cpu];
	enum gc_hmode mode;

	if (id >= 1020) {
		r->spurious++;
		return;
	}
	r->last_iar = iar;
	r->last_rpr = gc_rpr();
	r->last_ap = active_priorities();
	if (id < GC_NIDS)
		r->count[id]++;
	r->total++;
	if (r->nacks < GC_TRACE)
		r->iars[r->nacks] = iar;
	r->nacks++;
	trace(r, (int32_t)id);
	mode = id < GC_NIDS ? gc_hmode[id] : HM_SILENCE_EOI;
	if (mode == HM_EOI_FIRST) {
		gc_eoi(iar);
		silence(id);
	} else if (mode == HM_NEST) {
		kit_irq_enable();
		if (gc_nest_hook)
			gc_nest_hook(id);
		kit_irq_disable();
		silence(id);
		gc_eoi(iar);
	} else {
		silence(id);
		gc_eoi(iar);
	}
	if (split)
		gc_dir(iar);
	trace(r, -(int32_t)id - 1);
}

void gc_exception(uint64_t kind, uint64_t *regs)
{
	if (kind % 4 == 1)
		irq();
	else
		kit_exception(kind, regs);
}

void gc_irq_reset(void)
{
	for (unsigned int c = 0; c < GC_MAX_CPUS; c++) {
		struct gc_irqs *r = &gc_irqs[c];

		for (unsigned int i = 0; i < GC_NIDS; i++)
			r->count[i] = 0;
		r->total = r->spurious = r->ntrace = r->nacks = 0;
		r->last_iar = r->last_rpr = r->last_ap = 0;
	}
	for (unsigned int i = 0; i < GC_NIDS; i++)
		gc_hmode[i] = HM_SILENCE_EOI;
	gc_nest_hook = 0;
	__asm__ volatile("dsb sy" : : : "memory");
}

void gc_trace_str(unsigned int cpu, char *buf, unsigned int cap)
{
	const struct gc_irqs *r = &gc_irqs[cpu];
	unsigned int len = 0;

	buf[0] = '\0';
	if (r->ntrace == 0) {
		snprintf(buf, cap, "none");
		return;
	}
	for (unsigned int i = 0; i < r->ntrace && i < GC_TRACE; i++) {
		int32_t ev = r->trace[i];
		int n = snprintf(buf + len, cap - len, "%s%c%ld", i ? " " : "",
				 ev >= 0 ? '>' : '<',
				 (long)(ev >= 0 ? ev : -ev - 1));

		if (n < 0 || (unsigned int)n >= cap - len)
			return;
		len += (unsigned int)n;
	}
	if (r->ntrace > GC_TRACE)
		snprintf(buf + len, cap - len, " ...");
}

uint64_t gc_ticks(uint64_t us)
{
	return us * kit_counter_freq() / 1000000u;
}

void gc_spin(uint64_t us)
{
	uint64_t end = kit_counter() + gc_ticks(us);

	while (kit_counter() < end)
		;
}

void gc_window(uint64_t us)
{
	kit_irq_enable();
	gc_spin(us);
	kit_irq_disable();
}
