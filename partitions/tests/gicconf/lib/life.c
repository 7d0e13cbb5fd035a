/*
 * The life cycle of one interrupt, for every kind of source (lib/src.c):
 * edge and level, hardware-linked and purely virtual in a cell.  The walks
 * run with IRQs masked at the CPU (PSTATE.I) and acknowledge by reading
 * the IAR themselves, so every step is a known point; after each step they
 * print the interrupt's state as the GIC reports it: <step>.pend (its
 * ISPENDR bit), <step>.act (its ISACTIVER bit), <step>.hppi (the INTID the
 * HPPIR names, or none).
 *
 * A walk ends with what happens once IRQs are unmasked ("fires": how many
 * times the handler ran in a window) and with what could still be
 * acknowledged after it, with the interrupt disabled and its source quiet
 * ("drain": nothing, natively).
 *
 * The level-sensitive rules (IHI 0069 §4.1.2 and IHI 0048 §3.2.4): the
 * pending state follows the line, except that a write to ISPENDR latches
 * it until an acknowledge or ICPENDR; a disabled interrupt is still
 * pending while its line is high, and is not pending once the line drops.
 */
#include <stdio.h>

#include "../gicconf.h"

#define PRIO 0x80u
#define DRAIN_MAX 8u

static const struct gc_src *src;
static const char *scn;

static void state(const char *step)
{
	uint32_t h = gc_intid(gc_hppir());

	gc_resu(gc_bit(0, GICD_ISPENDR, src->intid), "life.%s.%s.%s.pend",
		src->name, scn, step);
	gc_resu(gc_bit(0, GICD_ISACTIVER, src->intid), "life.%s.%s.%s.act",
		src->name, scn, step);
	if (h >= 1020)
		gc_res("none", "life.%s.%s.%s.hppi", src->name, scn, step);
	else
		gc_resu(h, "life.%s.%s.%s.hppi", src->name, scn, step);
}

static void id_value(uint32_t iar, const char *what)
{
	uint32_t id = gc_intid(iar);
	char v[32];

	if (id >= 1020)
		snprintf(v, sizeof(v), "none");
	else if (gc.version == 2 && id < 16)
		snprintf(v, sizeof(v), "%lu cpuid=%lu", (unsigned long)id,
			 (unsigned long)((iar >> 10) & 7u));
	else
		snprintf(v, sizeof(v), "%lu", (unsigned long)id);
	gc_res(v, "life.%s.%s.%s", src->name, scn, what);
}

static uint32_t ack(void)
{
	uint32_t iar = gc_iar();

	id_value(iar, "ack");
	return iar;
}

static void settle(void)
{
	gc_spin(GC_SETTLE_US);
}

static void raise(void)
{
	src->raise();
	settle();
}

static void lower(void)
{
	if (src->lower)
		src->lower();
	settle();
}

static void enable(bool on)
{
	gc_bit_set(0, on ? GICD_ISENABLER : GICD_ICENABLER, src->intid);
	settle();
}

static void setbit(uint32_t reg)
{
	gc_bit_set(0, reg, src->intid);
	settle();
}

/* Unmask IRQs for a window: how many times the handler ran so far. */
static void fires_as(const char *key)
{
	gc_window(GC_WINDOW_US);
	gc_resu(gc_irqs[0].count[src->intid], "life.%s.%s.%s", src->name, scn,
		key);
}

static void fires(void)
{
	fires_as("fires");
}

/* Acknowledge whatever is left once the interrupt is off and quiet. */
static void drain(void)
{
	char v[64];
	unsigned int len = 0;

	v[0] = '\0';
	enable(false);
	lower();
	for (unsigned int i = 0; i < DRAIN_MAX; i++) {
		uint32_t iar = gc_iar(), id = gc_intid(iar);
		int n;

		if (id >= 1020)
			break;
		gc_eoi(iar);
		if (gc_split[0])
			gc_dir(iar);
		n = snprintf(v + len, sizeof(v) - len, "%s%lu", len ? " " : "",
			     (unsigned long)id);
		if (n > 0 && (unsigned int)n < sizeof(v) - len)
			len += (unsigned int)n;
	}
	gc_res(len ? v : "none", "life.%s.%s.drain", src->name, scn);
}

/* The interrupt as the walk starts: off, idle, priority PRIO, its trigger. */
static void begin(const char *name)
{
	scn = name;
	gc_irq_reset();
	gc_quiet_all();
	gc_bit_set(0, GICD_ICENABLER, src->intid);
	if (src->intid >= 32) {
		gc_cfg_edge(0, src->intid, !src->level);
		gc_route(src->intid, 0);
	}
	gc_bit_set(0, GICD_ICPENDR, src->intid);
	/* GICv2: an SGI's pending state is cleared here, from every source. */
	if (gc.version == 2 && src->intid < 16)
		gc_wr8(gc.gicd + GICD_CPENDSGIR + src->intid, 0xff);
	gc_bit_set(0, GICD_ICACTIVER, src->intid);
	gc_prio_set(0, src->intid, PRIO);
	settle();
	gc_bit_set(0, GICD_ISENABLER, src->intid);
	settle();
}

static void end(void)
{
	drain();
	gc_eoimode_set(false);
	gc_quiet_all();
	if (src->intid >= 32)
		gc_cfg_edge(0, src->intid, false);
	gc_prio_set(0, src->intid, 0xa0);
}

/* ---------------------------------------------------------------- both kinds */

static void basic(void)
{
	uint32_t iar;

	begin("basic");
	raise();
	state("raised");
	iar = ack();
	state("acked");
	lower();
	state("lowered");
	gc_eoi(iar);
	settle();
	state("eoi");
	fires();
	end();
}

static void soft_pend(void)
{
	uint32_t iar;

	begin("ispendr");
	setbit(GICD_ISPENDR);
	state("set");
	iar = ack();
	state("acked");
	gc_eoi(iar);
	settle();
	state("eoi");
	fires();
	end();
}

static void soft_pend_disabled(void)
{
	begin("ispendr_disabled");
	enable(false);
	setbit(GICD_ISPENDR);
	state("set");
	setbit(GICD_ICPENDR);
	state("cleared");
	enable(true);
	fires();
	end();
}

/* Software active: the interrupt is not signalled again until ICACTIVER. */
static void soft_active(void)
{
	begin("isactiver");
	setbit(GICD_ISACTIVER);
	state("set");
	raise();
	state("raised");
	fires_as("fires_while_active");
	setbit(GICD_ICACTIVER);
	state("cleared");
	fires_as("fires_after_clear");
	end();
}

/* EOImode 1: the priority drop leaves it active until DIR. */
static void split_eoi(void)
{
	uint32_t iar;

	begin("eoimode1");
	gc_eoimode_set(true);
	raise();
	iar = ack();
	lower();
	gc_eoi(iar);
	settle();
	state("dropped");
	gc_resx(gc_rpr(), "life.%s.%s.rpr_after_drop", src->name, scn);
	gc_dir(iar);
	settle();
	state("deactivated");
	fires();
	end();
}

static void repeat(void)
{
	begin("repeat3");
	for (unsigned int i = 0; i < 3; i++) {
		raise();
		gc_window(GC_SETTLE_US);
	}
	fires();
	end();
}

/* ---------------------------------------------------------------- level */

/* Disabled while pending, the line drops, enabled again: nothing. */
static void disable_lower_enable(void)
{
	begin("disable_lower_enable");
	raise();
	state("raised");
	enable(false);
	state("disabled");
	lower();
	state("lowered");
	enable(true);
	state("enabled");
	fires();
	end();
}

static void disable_enable(void)
{
	begin("disable_enable");
	raise();
	enable(false);
	state("disabled");
	enable(true);
	state("enabled");
	fires();
	end();
}

/* Raised while disabled: pending (level), not once the line drops. */
static void raise_disabled(void)
{
	begin("raise_disabled");
	enable(false);
	raise();
	state("raised");
	lower();
	state("lowered");
	enable(true);
	state("enabled");
	fires();
	end();
}

static void raise_disabled_enable(void)
{
	begin("raise_disabled_enable");
	enable(false);
	raise();
	enable(true);
	state("enabled");
	fires();
	end();
}

static void disable_active(void)
{
	uint32_t iar;

	begin("disable_active");
	raise();
	iar = ack();
	enable(false);
	state("disabled");
	lower();
	state("lowered");
	gc_eoi(iar);
	settle();
	state("eoi");
	enable(true);
	fires();
	end();
}

/* Raised again while active: pending and active; pending after the EOI. */
static void active_reraise(void)
{
	uint32_t iar;

	begin("active_reraise");
	raise();
	iar = ack();
	lower();
	state("lowered");
	raise();
	state("reraised");
	gc_eoi(iar);
	settle();
	state("eoi");
	fires();
	end();
}

/* The line drops before anyone acknowledged it: nothing is pending. */
static void lower_before_ack(void)
{
	begin("lower_before_ack");
	raise();
	lower();
	state("lowered");
	fires();
	end();
}

/* ICPENDR while the line is high: still pending. */
static void cpend_high(void)
{
	begin("icpendr_high");
	raise();
	setbit(GICD_ICPENDR);
	state("cleared");
	lower();
	state("lowered");
	fires();
	end();
}

/*
 * A handler that ends the interrupt before it quiets its device runs once:
 * the line drops before IRQs are unmasked again (IRQs stay masked in the
 * handler).  EOImode 0 (EOI also deactivates) and EOImode 1 (EOI, quiet,
 * DIR).
 */
static void eoi_first(bool split, const char *name)
{
	begin(name);
	gc_eoimode_set(split);
	gc_hmode[src->intid] = HM_EOI_FIRST;
	src->raise();
	fires();
	end();
}

/* ---------------------------------------------------------------- edge */

static void edge_twice(void)
{
	begin("two_edges");
	raise();
	lower();
	raise();
	state("raised_twice");
	fires();
	end();
}

static void edge_active(void)
{
	uint32_t iar;

	begin("edge_while_active");
	raise();
	iar = ack();
	lower();
	raise();
	state("raised_again");
	gc_eoi(iar);
	settle();
	state("eoi");
	fires();
	end();
}

/* An edge while disabled is latched: it fires once enabled. */
static void edge_disabled(void)
{
	begin("edge_disabled");
	enable(false);
	raise();
	lower();
	state("latched");
	enable(true);
	fires();
	end();
}

static void edge_disabled_cleared(void)
{
	begin("edge_disabled_cleared");
	enable(false);
	raise();
	setbit(GICD_ICPENDR);
	state("cleared");
	enable(true);
	fires();
	end();
}

static void level_walks(void)
{
	basic();
	disable_lower_enable();
	disable_enable();
	raise_disabled();
	raise_disabled_enable();
	disable_active();
	active_reraise();
	lower_before_ack();
	soft_pend();
	soft_pend_disabled();
	cpend_high();
	soft_active();
	split_eoi();
	eoi_first(false, "eoi_before_quiet");
	eoi_first(true, "eoi_before_quiet_eoimode1");
	repeat();
}

static void edge_walks(void)
{
	basic();
	edge_twice();
	edge_active();
	edge_disabled();
	edge_disabled_cleared();
	soft_pend();
	soft_pend_disabled();
	soft_active();
	split_eoi();
	repeat();
}

void gc_sec_life(void)
{
	for (unsigned int i = 0; i < gc_nsrcs; i++) {
		src = &gc_srcs[i];
		gc_hold();
		if (src->level)
			level_walks();
		else
			edge_walks();
		gc_flush();
	}
	gc_irq_reset();
	gc_quiet_all();
}
