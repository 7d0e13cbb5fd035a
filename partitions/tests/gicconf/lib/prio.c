/*
 * Priorities: which handler preempts which (IHI 0069 §4.8, IHI 0048 §3.3),
 * the running priority and active priorities a handler sees, the priority
 * mask, the binary point, the order of several pending interrupts, and the
 * group enables of the CPU interface and the distributor.  Preemption is
 * observed as the order in which handlers enter (>id) and leave (<id): a
 * handler unmasks IRQs, raises the next interrupt and waits a moment.
 */
#include <stdio.h>

#include "../gicconf.h"

#define SGI_A 2u
#define SGI_B 3u
#define SGI_C 4u
#define SGI_D 5u
#define SGI_E 6u

static uint32_t next_of[GC_NIDS];
static const char *scn;

static void raise_id(uint32_t id)
{
	if (id < 16)
		gc_sgi_self(id);
	else
		gc_src_of(id)->raise();
}

/* The nest hook: raise what comes next, give it time to arrive. */
static void nest(uint32_t id)
{
	if (id < GC_NIDS && next_of[id] != GC_NIDS)
		raise_id(next_of[id]);
	gc_spin(GC_SETTLE_US);
}

static void prepare(const char *name)
{
	scn = name;
	gc_irq_reset();
	gc_quiet_all();
	for (uint32_t i = 0; i < GC_NIDS; i++)
		next_of[i] = GC_NIDS;
	gc_nest_hook = nest;
}

/* Interrupt id: on, idle, at priority p, handled with mode m. */
static void use(uint32_t id, uint8_t p, enum gc_hmode m)
{
	gc_bit_set(0, GICD_ICENABLER, id);
	gc_bit_set(0, GICD_ICPENDR, id);
	gc_prio_set(0, id, p);
	if (id >= 32)
		gc_route(id, 0);
	gc_bit_set(0, GICD_ISENABLER, id);
	gc_hmode[id] = m;
}

static void unuse(uint32_t id)
{
	gc_bit_set(0, GICD_ICENABLER, id);
	gc_bit_set(0, GICD_ICPENDR, id);
	gc_prio_set(0, id, 0xa0);
}

static void print_trace(void)
{
	char buf[160];

	gc_trace_str(0, buf, sizeof(buf));
	gc_res(buf, "prio.%s.trace", scn);
}

static void finish(const uint32_t *ids, unsigned int n)
{
	gc_quiet_all();
	for (unsigned int i = 0; i < n; i++)
		unuse(ids[i]);
	gc_irq_reset();
	gc_pmr_set(0xff);
	gc_bpr_set(0);
}

/* outer at po raises inner at pi from its handler. */
static void nested(const char *name, uint32_t outer, uint8_t po, uint32_t inner,
		   uint8_t pi)
{
	const uint32_t ids[] = { outer, inner };

	prepare(name);
	use(outer, po, HM_NEST);
	use(inner, pi, HM_SILENCE_EOI);
	next_of[outer] = inner;
	raise_id(outer);
	gc_window(GC_WINDOW_US);
	print_trace();
	gc_resx(gc_irqs[0].last_rpr, "prio.%s.rpr_in_last_entered", scn);
	gc_resx(gc_irqs[0].last_ap, "prio.%s.active_priorities_in_last_entered",
		scn);
	finish(ids, 2);
}

static void preemption(void)
{
	const uint32_t ids[] = { SGI_A, SGI_B, SGI_C };

	nested("virt_over_virt", SGI_A, 0xa0, SGI_B, 0x80);
	nested("virt_lower", SGI_A, 0x80, SGI_B, 0xa0);
	nested("virt_equal", SGI_A, 0xa0, SGI_B, 0xa0);
	nested("hw_ppi_over_virt", SGI_A, 0xa0, GC_VTIMER_INTID, 0x80);
	nested("virt_over_hw_ppi", GC_VTIMER_INTID, 0xa0, SGI_B, 0x80);
	nested("virt_over_hw_spi", GC_RTC_INTID, 0xa0, SGI_B, 0x80);
	nested("hw_ppi_over_hw_spi", GC_RTC_INTID, 0xa0, GC_VTIMER_INTID, 0x80);
	nested("hw_spi_over_hw_ppi", GC_PTIMER_INTID, 0xa0, GC_RTC_INTID, 0x80);
	nested("vuart_over_virt", SGI_A, 0xa0, GC_UART_INTID, 0x80);
	/* Three deep. */
	prepare("three_deep");
	use(SGI_A, 0xc0, HM_NEST);
	use(SGI_B, 0xa0, HM_NEST);
	use(SGI_C, 0x80, HM_SILENCE_EOI);
	next_of[SGI_A] = SGI_B;
	next_of[SGI_B] = SGI_C;
	raise_id(SGI_A);
	gc_window(GC_WINDOW_US);
	print_trace();
	gc_resx(gc_irqs[0].last_ap, "prio.%s.active_priorities_in_last_entered",
		scn);
	finish(ids, 3);
}

/* Binary point: 0xa0 and 0x90 share the group priority of bits [7:6]. */
static void binary_point(void)
{
	const uint32_t ids[] = { SGI_A, SGI_B };

	prepare("bpr_same_group");
	gc_bpr_set(gc.version == 3 ? 6 : 5);
	gc_resx(gc_bpr(), "prio.%s.bpr", scn);
	use(SGI_A, 0xa0, HM_NEST);
	use(SGI_B, 0x90, HM_SILENCE_EOI);
	next_of[SGI_A] = SGI_B;
	raise_id(SGI_A);
	gc_window(GC_WINDOW_US);
	print_trace();
	finish(ids, 2);
	prepare("bpr_lowest");
	gc_bpr_set(0);
	gc_resx(gc_bpr(), "prio.%s.bpr", scn);
	use(SGI_A, 0xa0, HM_NEST);
	use(SGI_B, 0x98, HM_SILENCE_EOI);
	next_of[SGI_A] = SGI_B;
	raise_id(SGI_A);
	gc_window(GC_WINDOW_US);
	print_trace();
	finish(ids, 2);
}

/* Several pending at once are taken highest priority first. */
static void ordering(void)
{
	const uint32_t ids[] = { SGI_C, SGI_D, GC_VTIMER_INTID, GC_RTC_INTID,
				 GC_UART_INTID };

	prepare("pending_order");
	use(SGI_C, 0xc0, HM_SILENCE_EOI);
	use(SGI_D, 0x90, HM_SILENCE_EOI);
	use(GC_VTIMER_INTID, 0xa0, HM_SILENCE_EOI);
	use(GC_RTC_INTID, 0xb0, HM_SILENCE_EOI);
	use(GC_UART_INTID, 0x88, HM_SILENCE_EOI);
	raise_id(SGI_C);
	raise_id(SGI_D);
	raise_id(GC_VTIMER_INTID);
	raise_id(GC_RTC_INTID);
	raise_id(GC_UART_INTID);
	gc_spin(GC_SETTLE_US);
	gc_resu(gc_intid(gc_hppir()), "prio.%s.hppir", scn);
	gc_window(GC_WINDOW_US);
	print_trace();
	finish(ids, 5);
}

static void id_or_none(uint32_t iar, const char *what)
{
	uint32_t id = gc_intid(iar);

	if (id >= 1020) {
		gc_res("none", "prio.%s.%s", scn, what);
		return;
	}
	gc_resu(id, "prio.%s.%s", scn, what);
	/* Acknowledged after all: end it, so the next steps start clean. */
	gc_quiet_all();
	gc_eoi(iar);
}

static void count(uint32_t id, const char *what)
{
	gc_window(GC_WINDOW_US);
	gc_resu(gc_irqs[0].count[id], "prio.%s.%s", scn, what);
}

/* The priority mask: only a priority higher than PMR is signalled. */
static void mask(const char *name, uint32_t id)
{
	const uint32_t ids[] = { id };

	prepare(name);
	use(id, 0x80, HM_SILENCE_EOI);
	gc_pmr_set(0x80);
	raise_id(id);
	gc_spin(GC_SETTLE_US);
	gc_resu(gc_intid(gc_hppir()), "prio.%s.hppir_masked", scn);
	id_or_none(gc_iar(), "iar_masked");
	count(id, "fires_masked");
	raise_id(id);	/* an SGI still pending merges with this one */
	gc_pmr_set(0x88);
	count(id, "fires_pmr_0x88");
	finish(ids, 1);
}

/* With a group (or the distributor) off, nothing is signalled. */
static void group_off(const char *name, bool dist)
{
	const uint32_t ids[] = { SGI_E, GC_VTIMER_INTID, GC_RTC_INTID,
				 GC_UART_INTID };

	/* Distinct priorities: among equal ones the order is the GIC's choice. */
	prepare(name);
	for (unsigned int i = 0; i < 4; i++)
		use(ids[i], (uint8_t)(0x80 + 8 * i), HM_SILENCE_EOI);
	if (dist)
		gc_dist_enable(false);
	else
		gc_cpuif_enable(false);
	for (unsigned int i = 0; i < 4; i++)
		raise_id(ids[i]);
	gc_spin(GC_SETTLE_US);
	id_or_none(gc_iar(), "iar_off");
	gc_window(GC_WINDOW_US);
	gc_resu(gc_irqs[0].total, "prio.%s.fires_off", scn);
	gc_resu(gc_bit(0, GICD_ISPENDR, GC_RTC_INTID), "prio.%s.rtc_pending_off",
		scn);
	if (dist)
		gc_dist_enable(true);
	else
		gc_cpuif_enable(true);
	gc_window(GC_WINDOW_US);
	print_trace();
	finish(ids, 4);
}

void gc_sec_prio(void)
{
	gc_resx(gc_rpr(), "prio.idle.rpr");
	preemption();
	binary_point();
	ordering();
	mask("pmr_virt", SGI_E);
	mask("pmr_hw_ppi", GC_VTIMER_INTID);
	mask("pmr_hw_spi", GC_RTC_INTID);
	mask("pmr_vuart", GC_UART_INTID);
	group_off("cpuif_disabled", false);
	group_off("dist_disabled", true);
	gc_quiet_all();
	gc_irq_reset();
}
