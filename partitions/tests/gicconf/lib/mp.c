/*
 * Several CPUs: SGIs from every CPU to every CPU (and on GICv2 the source
 * CPU each acknowledge names), SGIs to every other CPU, two senders of the
 * same SGI at once, SPIs routed to each CPU (the PL031's, hardware, and the
 * console UART's, purely virtual in a cell), an SPI re-routed while
 * pending, each CPU's timer, (GICv3) one CPU's access to another's
 * redistributor, and SPIs that became pending while their CPU was off.  A receiving CPU keeps IRQs masked until CPU 0 asks it to
 * take what is pending, so nothing depends on how fast a CPU runs.
 */
#include <stdio.h>

#include "../gicconf.h"

#define SGI_X 12u
#define SGI_B 13u
#define SGI_2 14u
#define SGI_R 5u
#define OWNED_SGIS 0xffffu

/* ---------------------------------------------------------------- calls */

static void c_window(uint32_t arg)
{
	(void)arg;
	gc_window(GC_WINDOW_US);
}

/* Every SGI of this CPU off and idle, then SGIs 12-14 on at 0x80. */
static void c_setup(uint32_t arg)
{
	unsigned int me = kit_cpu_index();
	uintptr_t f = gc_frame(me, 0);

	(void)arg;
	gc_wr32(f + GICD_ICENABLER, OWNED_SGIS);
	gc_wr32(f + GICD_ICPENDR, OWNED_SGIS);
	if (gc.version == 2)
		for (uint32_t i = 0; i < 16; i += 4)
			gc_wr32(gc.gicd + GICD_CPENDSGIR + i, ~0u);
	for (uint32_t id = SGI_X; id <= SGI_2; id++) {
		gc_prio_set(me, id, 0x80);
		gc_bit_set(me, GICD_ISENABLER, id);
	}
}

static void c_nothing(uint32_t arg)
{
	(void)arg;
}

static void c_send(uint32_t arg)
{
	gc_sgi(arg & 0xfu, arg >> 8);
}

static void c_send_others(uint32_t arg)
{
	gc_sgi_others(arg);
}

/* ---------------------------------------------------------------- helpers */

/* Every CPU takes what is pending for it; counts of `id` by CPU. */
static void take_all(uint32_t id, char *buf, unsigned int cap)
{
	unsigned int len = 0;

	for (unsigned int c = 0; c < gc.ncpus; c++)
		gc_on_cpu(c, c_window, 0);
	for (unsigned int c = 0; c < gc.ncpus; c++) {
		int n = snprintf(buf + len, cap - len, "%s%lu", c ? " " : "",
				 (unsigned long)gc_irqs[c].count[id]);

		if (n > 0 && (unsigned int)n < cap - len)
			len += (unsigned int)n;
	}
}

/* GICv2: the source CPUs the acknowledges on CPU `cpu` named. */
static void cpuids(unsigned int cpu, char *buf, unsigned int cap)
{
	const struct gc_irqs *r = &gc_irqs[cpu];
	unsigned int len = 0;

	snprintf(buf, cap, "none");
	for (unsigned int i = 0; i < r->nacks && i < GC_TRACE; i++) {
		int n = snprintf(buf + len, cap - len, "%s%lu", i ? " " : "",
				 (unsigned long)((r->iars[i] >> 10) & 7u));

		if (n > 0 && (unsigned int)n < cap - len)
			len += (unsigned int)n;
	}
}

static void sgis(void)
{
	char buf[64];

	for (unsigned int from = 0; from < gc.ncpus; from++) {
		for (unsigned int to = 0; to < gc.ncpus; to++) {
			gc_irq_reset();
			gc_on_cpu(from, c_send, SGI_X | (1u << to) << 8);
			take_all(SGI_X, buf, sizeof(buf));
			gc_res(buf, "mp.sgi.from%u.to%u.fires_by_cpu", from, to);
			if (gc.version == 2) {
				cpuids(to, buf, sizeof(buf));
				gc_res(buf, "mp.sgi.from%u.to%u.cpuid", from, to);
			}
		}
		gc_irq_reset();
		gc_on_cpu(from, c_send_others, SGI_B);
		take_all(SGI_B, buf, sizeof(buf));
		gc_res(buf, "mp.sgi.from%u.others.fires_by_cpu", from);
	}
}

/* CPUs 1 and 0 send the same SGI to CPU 0 before it looks. */
static void two_senders(void)
{
	char buf[64];

	gc_irq_reset();
	gc_on_cpu(1, c_send, SGI_2 | 1u << 8);
	gc_sgi(SGI_2, 1u);
	take_all(SGI_2, buf, sizeof(buf));
	gc_res(buf, "mp.sgi.two_senders.fires_by_cpu");
	if (gc.version == 2) {
		cpuids(0, buf, sizeof(buf));
		gc_res(buf, "mp.sgi.two_senders.cpuids");
	}
}

static void spi_to(uint32_t id, const struct gc_src *s, unsigned int cpu)
{
	char buf[64];

	gc_irq_reset();
	gc_route(id, cpu);
	s->raise();
	take_all(id, buf, sizeof(buf));
	gc_res(buf, "mp.spi.%s.to%u.fires_by_cpu", s->name, cpu);
	s->lower();
}

static void spis(void)
{
	static const uint32_t ids[] = { GC_RTC_INTID, GC_UART_INTID };
	char buf[64];

	for (unsigned int i = 0; i < 2; i++) {
		const struct gc_src *s = gc_src_of(ids[i]);

		gc_prio_set(0, ids[i], 0x80);
		gc_bit_set(0, GICD_ISENABLER, ids[i]);
		for (unsigned int c = 0; c < gc.ncpus; c++)
			spi_to(ids[i], s, c);
		/*
		 * Pending for CPU 1 (which runs, IRQs masked, so that it has
		 * seen it), then routed to CPU 0: a pending interrupt goes
		 * where its routing says when it is signalled.
		 */
		gc_irq_reset();
		gc_route(ids[i], 1);
		s->raise();
		gc_spin(GC_SETTLE_US);
		gc_on_cpu(1, c_nothing, 0);
		gc_route(ids[i], 0);
		take_all(ids[i], buf, sizeof(buf));
		gc_res(buf, "mp.spi.%s.rerouted_while_pending.fires_by_cpu",
		       s->name);
		s->lower();
		gc_bit_set(0, GICD_ICENABLER, ids[i]);
		gc_prio_set(0, ids[i], 0xa0);
		gc_route(ids[i], 0);
	}
}

/* Each CPU's own virtual timer: acknowledged on that CPU. */
static void c_timer(uint32_t cpu)
{
	const struct gc_src *t = gc_src_of(GC_VTIMER_INTID);
	uint32_t iar;

	gc_bit_set(cpu, GICD_ICPENDR, GC_VTIMER_INTID);
	gc_prio_set(cpu, GC_VTIMER_INTID, 0x80);
	gc_bit_set(cpu, GICD_ISENABLER, GC_VTIMER_INTID);
	t->raise();
	gc_spin(GC_SETTLE_US);
	gc_resu(gc_bit(cpu, GICD_ISPENDR, GC_VTIMER_INTID),
		"mp.cpu%u.vtimer.pending", (unsigned int)cpu);
	iar = gc_iar();
	gc_resu(gc_intid(iar), "mp.cpu%u.vtimer.ack", (unsigned int)cpu);
	t->lower();
	if (gc_intid(iar) < 1020)
		gc_eoi(iar);
	gc_window(GC_WINDOW_US);
	gc_resu(gc_irqs[cpu].count[GC_VTIMER_INTID], "mp.cpu%u.vtimer.fires_after",
		(unsigned int)cpu);
	gc_bit_set(cpu, GICD_ICENABLER, GC_VTIMER_INTID);
	gc_prio_set(cpu, GC_VTIMER_INTID, 0xa0);
	if (gc.version == 2)
		gc_resx(gc_rd8(gc.gicd + GICD_ITARGETSR + GC_VTIMER_INTID),
			"mp.cpu%u.itargetsr27", (unsigned int)cpu);
}

/* ---------------------------------------------------------------- GICv3 */

static void c_own_enable(uint32_t arg)
{
	gc_bit_set(kit_cpu_index(), GICD_ISENABLER, arg);
}

static void c_own_read(uint32_t cpu)
{
	uintptr_t sgi = gc.rd[cpu] + GICR_SGI;

	gc_resx(gc_rd32(sgi + GICD_ISENABLER) & OWNED_SGIS,
		"mp.cpu%u.own_frame.isenabler0_sgis", (unsigned int)cpu);
	gc_resx(gc_rd8(sgi + GICD_IPRIORITYR + SGI_R),
		"mp.cpu%u.own_frame.ipriorityr5", (unsigned int)cpu);
	gc_bit_set(cpu, GICD_ICENABLER, SGI_R);
	gc_prio_set(cpu, SGI_R, 0xa0);
}

/* CPU 0 reads and writes CPU c's SGI frame (memory-mapped: any PE may). */
static void other_frames(void)
{
	for (unsigned int c = 1; c < gc.ncpus; c++) {
		uintptr_t sgi = gc.rd[c] + GICR_SGI;

		gc_on_cpu(c, c_own_enable, SGI_R);
		gc_resx(gc_rd32(sgi + GICD_ISENABLER) & OWNED_SGIS,
			"mp.cpu0_reads_cpu%u.isenabler0_sgis", c);
		gc_wr32(sgi + GICD_ICENABLER, 1u << SGI_R);
		gc_wr8(sgi + GICD_IPRIORITYR + SGI_R, 0x40);
		gc_on_cpu(c, c_own_read, c);
	}
}

void gc_sec_mp(void)
{
	for (unsigned int c = 0; c < gc.ncpus; c++)
		gc_on_cpu(c, c_setup, 0);
	sgis();
	two_senders();
	spis();
	for (unsigned int c = 0; c < gc.ncpus; c++)
		gc_on_cpu(c, c_timer, c);
	if (gc.version == 3)
		other_frames();
	gc_irq_reset();
}

/* ---------------------------------------------------------------- PSCI */

/* An answer PSCI allows two of (DEN 0022 §5.6, §5.7), as one value. */
static void either(int64_t v, int64_t a, int64_t b, const char *name,
		   const char *key)
{
	gc_info("PSCI %s answered %lld", key, (long long)v);
	if (v == a || v == b)
		gc_res(name, "psci.%s", key);
	else
		gc_resx((uint64_t)v, "psci.%s", key);
}

void gc_sec_psci(void)
{
	const struct gc_psci_seen *p = &gc_psci_seen;

	gc_resx((uint64_t)p->version, "psci.version");
	gc_resx((uint64_t)p->features_on, "psci.features.cpu_on");
	gc_resx((uint64_t)p->on_absent, "psci.cpu_on.absent_cpu");
	gc_resx((uint64_t)p->affinity_absent, "psci.affinity_info.absent_cpu");
	gc_resx((uint64_t)p->on, "psci.cpu_on.first");
	either(p->on_again, PSCI_ALREADY_ON, -5, "ALREADY_ON-or-ON_PENDING",
	       "cpu_on.again_at_once");
	either(p->affinity_after_on, 0, 2, "ON-or-ON_PENDING",
	       "affinity_info.after_cpu_on");
	gc_resx((uint64_t)p->affinity_running, "psci.affinity_info.running");
	gc_resx((uint64_t)p->on_running, "psci.cpu_on.running");
}

/* ---------------------------------------------------------------- CPU off */

/*
 * SPIs made pending while the CPU they are routed to is off (PSCI
 * CPU_OFF) wait in the distributor: that CPU takes each once, after it is
 * started again and has enabled its interface.  The PL031's, hardware and
 * configured edge-triggered (its one edge is all there is), and the
 * console UART's, edge-triggered and made pending by ISPENDR.
 */
void gc_sec_off(void)
{
	static const uint32_t ids[] = { GC_RTC_INTID, GC_UART_INTID };
	static const char *const names[] = { "rtc-edge", "uart-ispendr" };
	unsigned int c = gc.ncpus - 1;
	char buf[64];

	if (!gc_cpu_off(c)) {
		gc_problem("CPU %u did not turn off", c);
		return;
	}
	gc_hold();
	gc_irq_reset();
	for (unsigned int i = 0; i < 2; i++) {
		gc_cfg_edge(0, ids[i], true);
		gc_prio_set(0, ids[i], 0x80);
		gc_route(ids[i], c);
		gc_bit_set(0, GICD_ISENABLER, ids[i]);
	}
	gc_src_of(GC_RTC_INTID)->raise();
	gc_spin(GC_SETTLE_US);
	gc_src_of(GC_RTC_INTID)->lower();
	gc_bit_set(0, GICD_ISPENDR, GC_UART_INTID);
	gc_spin(GC_SETTLE_US);
	for (unsigned int i = 0; i < 2; i++)
		gc_resu(gc_bit(0, GICD_ISPENDR, ids[i]),
			"off.%s.pending_while_off", names[i]);
	if (!gc_cpu_restart(c))
		gc_problem("CPU %u did not start again", c);
	for (unsigned int i = 0; i < 2; i++) {
		take_all(ids[i], buf, sizeof(buf));
		gc_res(buf, "off.%s.fires_by_cpu", names[i]);
		gc_resu(gc_bit(0, GICD_ISPENDR, ids[i]),
			"off.%s.pending_after", names[i]);
		gc_bit_set(0, GICD_ICENABLER, ids[i]);
		gc_bit_set(0, GICD_ICPENDR, ids[i]);
		gc_cfg_edge(0, ids[i], false);
		gc_prio_set(0, ids[i], 0xa0);
		gc_route(ids[i], 0);
	}
	gc_irq_reset();
	gc_flush();
}
