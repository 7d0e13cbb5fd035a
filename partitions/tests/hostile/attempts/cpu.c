/*
 * The CPU itself: registers of higher exception levels (UNDEFINED at EL1,
 * so the cell takes its own exception), trapped registers that reach shared
 * hardware (ACTLR: the fault policy), set/way cache
 * maintenance (trapped, done as clean+invalidate: harmless), TLB maintenance
 * (its own VMID), the debug and PMU registers of its own CPUs (not trapped:
 * the cell's own), storms of exceptions, traps and WFI/WFE, and faults taken
 * inside its own exception handlers.
 *
 * Not here: a write to an IMPLEMENTATION DEFINED register (HCR_EL2.TIDCP
 * traps it to the fault policy on hardware).  QEMU 7.2 does not implement
 * that trap: the write lands in its RAZ/WI model of the register.
 */
#include <kit/gic.h>
#include <kit/sysreg.h>

#include "../hostile.h"

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN 0x00
#define STORM 20000u

/* --- the second CPU ----------------------------------------------------- */

static volatile uint32_t sibling_ready;
static volatile bool sibling_stop;

void second_cpu_idle(unsigned int cpu)
{
	(void)cpu;
	kit_gic_init_cpu();
	for (uint32_t s = 0; s < 16; s++)
		kit_gic_enable(s);
	kit_irq_enable();
	sibling_ready = 1;
	kit_wait_flag(&sibling_stop);
	kit_irq_disable();
}

bool second_cpu_start(void (*fn)(unsigned int cpu))
{
	sibling_ready = 0;
	sibling_stop = false;
	if (kit_cpu_on(1, fn) != PSCI_SUCCESS)
		return false;
	return wait_count(&sibling_ready, 1, WAIT_US);
}

bool second_cpu_stop(void)
{
	sibling_stop = true;
	__asm__ volatile("dsb sy" : : : "memory");
	kit_gic_send_sgi(0, 1);		/* out of its WFI */
	return sibling_is(AFF_OFF);
}

bool sibling_is(int64_t state)
{
	uint64_t end = kit_counter() + WAIT_US * kit_counter_freq() / 1000000;

	while (kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0) != state) {
		if (kit_counter() > end)
			return false;
		kit_udelay(1000);
	}
	return true;
}

bool undefined_at_el1(void)
{
	struct kit_fault f;

	return kit_fault_taken(&f) && ESR_EC(f.esr) == EC_UNKNOWN;
}

/* --- registers of EL2 and EL3 -------------------------------------------- */

/* One probe per instruction: each must be UNDEFINED at EL1. */
#define PROBE(fn, insn)                                                        \
	static void fn(void)                                                   \
	{                                                                      \
		__asm__ volatile(insn : : : "x0", "memory");                   \
	}

PROBE(w_hcr, "msr hcr_el2, xzr")
PROBE(r_hcr, "mrs x0, hcr_el2")
PROBE(w_vttbr, "msr vttbr_el2, xzr")
PROBE(w_vtcr, "msr vtcr_el2, xzr")
PROBE(w_cntvoff, "msr cntvoff_el2, xzr")
PROBE(r_cntvoff, "mrs x0, cntvoff_el2")
PROBE(w_cnthctl, "msr cnthctl_el2, xzr")
PROBE(w_cnthp_ctl, "msr cnthp_ctl_el2, xzr")
PROBE(w_mdcr, "msr mdcr_el2, xzr")
PROBE(w_vbar, "msr vbar_el2, xzr")
PROBE(w_sctlr, "msr sctlr_el2, xzr")
PROBE(r_tpidr, "mrs x0, tpidr_el2")
PROBE(w_ich_hcr, "msr S3_4_C12_C11_0, xzr")
PROBE(w_icc_sre_el2, "msr S3_4_C12_C9_5, xzr")
PROBE(w_scr_el3, "msr scr_el3, xzr")
PROBE(tlbi_alle2, "tlbi alle2")
PROBE(tlbi_alle1is, "tlbi alle1is")
PROBE(tlbi_vmalls12e1is, "tlbi vmalls12e1is")
PROBE(at_s12e1r, "at s12e1r, xzr")

static const struct {
	const char *name;
	void (*fn)(void);
} el2_probes[] = {
	{ "el2_regs.write_hcr_el2_undefined", w_hcr },
	{ "el2_regs.read_hcr_el2_undefined", r_hcr },
	{ "el2_regs.write_vttbr_el2_undefined", w_vttbr },
	{ "el2_regs.write_vtcr_el2_undefined", w_vtcr },
	{ "el2_regs.write_cntvoff_el2_undefined", w_cntvoff },
	{ "el2_regs.read_cntvoff_el2_undefined", r_cntvoff },
	{ "el2_regs.write_cnthctl_el2_undefined", w_cnthctl },
	{ "el2_regs.write_cnthp_ctl_el2_undefined", w_cnthp_ctl },
	{ "el2_regs.write_mdcr_el2_undefined", w_mdcr },
	{ "el2_regs.write_vbar_el2_undefined", w_vbar },
	{ "el2_regs.write_sctlr_el2_undefined", w_sctlr },
	{ "el2_regs.read_tpidr_el2_undefined", r_tpidr },
	{ "el2_regs.write_ich_hcr_el2_undefined", w_ich_hcr },
	{ "el2_regs.write_icc_sre_el2_undefined", w_icc_sre_el2 },
	{ "el2_regs.write_scr_el3_undefined", w_scr_el3 },
	{ "el2_regs.tlbi_alle2_undefined", tlbi_alle2 },
	{ "el2_regs.tlbi_alle1is_undefined", tlbi_alle1is },
	{ "el2_regs.tlbi_vmalls12e1is_undefined", tlbi_vmalls12e1is },
	{ "el2_regs.at_s12e1r_undefined", at_s12e1r },
};

void el2_registers_round(const struct round *r)
{
	uint64_t pct, vct;

	(void)r;
	for (unsigned int i = 0; i < sizeof(el2_probes) / sizeof(el2_probes[0]);
	     i++) {
		kit_expect_fault();
		el2_probes[i].fn();
		check(el2_probes[i].name, undefined_at_el1());
	}
	/* CNTVOFF_EL2 is still 0: virtual and physical counts agree. */
	__asm__ volatile("isb; mrs %0, cntpct_el0; mrs %1, cntvct_el0"
			 : "=r"(pct), "=r"(vct));
	check("el2_regs.cntvoff_still_zero",
	      vct >= pct && vct - pct < kit_counter_freq() / 1000);
}

/* --- caches and TLBs ------------------------------------------------------ */

#define BUF_WORDS 16384u
static volatile uint32_t buf[BUF_WORDS];

static void fill(uint32_t seed)
{
	for (uint32_t i = 0; i < BUF_WORDS; i++)
		buf[i] = seed ^ i;
}

static bool intact(uint32_t seed)
{
	for (uint32_t i = 0; i < BUF_WORDS; i++) {
		if (buf[i] != (seed ^ i))
			return false;
	}
	return true;
}

/* Each set/way of data cache level `level` (0-based) through op. */
static unsigned int each_set_way(unsigned int level, unsigned int op)
{
	uint64_t ccsidr;
	unsigned int sets, ways, line, wshift, n = 0;

	sysreg_write(csselr_el1, level << 1);
	__asm__ volatile("isb");
	ccsidr = sysreg_read(ccsidr_el1);
	line = (unsigned int)(ccsidr & 7) + 4;
	ways = (unsigned int)((ccsidr >> 3) & 0x3ff) + 1;
	sets = (unsigned int)((ccsidr >> 13) & 0x7fff) + 1;
	wshift = ways > 1 ? (unsigned int)__builtin_clz(ways - 1) : 0;
	for (unsigned int w = 0; w < ways; w++) {
		for (unsigned int s = 0; s < sets; s++, n++) {
			uint64_t sw = (uint64_t)w << wshift |
				      (uint64_t)s << line | level << 1;

			if (op == 0)
				__asm__ volatile("dc isw, %0" : : "r"(sw) : "memory");
			else if (op == 1)
				__asm__ volatile("dc csw, %0" : : "r"(sw) : "memory");
			else
				__asm__ volatile("dc cisw, %0" : : "r"(sw) : "memory");
		}
	}
	return n;
}

void set_way_round(const struct round *r)
{
	unsigned int n = 0;

	(void)r;
	fill(0x5e7a7u);
	kit_expect_fault();
	n += each_set_way(0, 0);
	n += each_set_way(1, 0);
	check("set_way.invalidate_keeps_its_data",
	      !kit_fault_taken(NULL) && intact(0x5e7a7u));
	fill(0xc1ea7u);
	kit_expect_fault();
	n += each_set_way(0, 1);
	n += each_set_way(0, 2);
	check("set_way.clean_and_clean_invalidate_harmless",
	      !kit_fault_taken(NULL) && intact(0xc1ea7u));
	kit_printf("hostile: %u set/way operations, each trapped\n", n);
}

void tlb_round(const struct round *r)
{
	(void)r;
	kit_expect_fault();
	for (uint64_t i = 0; i < 2000; i++) {
		__asm__ volatile("tlbi vmalle1is; tlbi vae1is, %0; "
				 "tlbi aside1is, %0; tlbi vmalle1; "
				 "ic ialluis; ic iallu; dsb ish; isb"
				 : : "r"(i << 12) : "memory");
	}
	check("tlb.own_vmid_maintenance_is_harmless", !kit_fault_taken(NULL));
}

/* --- debug and PMU ---------------------------------------------------------- */

#define MDSCR_KDE (1ull << 13)
#define MDSCR_MDE (1ull << 15)
/* DBGWCR: MASK 31 (2 GiB), HMC, SSC 01, BAS all, LSC load+store, PAC EL1+EL0. */
#define WCR_2GIB ((31ull << 24) | (1ull << 13) | (1ull << 14) | (0xffull << 5) | \
		  (3ull << 3) | (3ull << 1) | 1ull)

void debug_round(const struct round *r)
{
	bool ok = true;
	uint64_t wcr;

	(void)r;
	kit_expect_fault();
	sysreg_write(dbgwvr0_el1, 0);
	sysreg_write(dbgwcr0_el1, WCR_2GIB);
	sysreg_write(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
	sysreg_write(oslar_el1, 0);
	__asm__ volatile("isb");
	wcr = sysreg_read(dbgwcr0_el1);
	/* The hypervisor works on its own data: no debug event at EL2. */
	for (unsigned int i = 0; i < 1000; i++) {
		ok &= kit_hvc(PSCI_VERSION, 0, 0, 0) == 0x10001;
		ok &= kit_gicd_read(0x4) != 0;
	}
	sysreg_write(dbgwcr0_el1, 0);
	sysreg_write(mdscr_el1, 0);
	__asm__ volatile("isb");
	check("debug.registers_are_its_own", !kit_fault_taken(NULL) &&
						     (wcr & 1));
	check("debug.watchpoint_over_el2_never_fires", ok);
}

#define PMCR_E (1ull << 0)
#define PMCR_C (1ull << 2)
#define PMCCFILTR_NSH (1ull << 27)
#define PMU_CYCLES (1ull << 31)
#define PMU_INTID 23

void pmu_round(const struct round *r)
{
	uint64_t before, after, ovs;

	(void)r;
	kit_expect_fault();
	sysreg_write(pmccfiltr_el0, PMCCFILTR_NSH);
	sysreg_write(pmcr_el0, PMCR_E | PMCR_C);
	sysreg_write(pmcntenset_el0, PMU_CYCLES);
	__asm__ volatile("isb");
	before = sysreg_read(pmccntr_el0);
	for (unsigned int i = 0; i < 100; i++)
		(void)kit_hvc(PSCI_VERSION, 0, 0, 0);
	after = sysreg_read(pmccntr_el0);
	check("pmu.its_own_and_counting", !kit_fault_taken(NULL) &&
						  after > before);
	/* An overflow raises the PMU's PPI, which is nobody's: no interrupt. */
	sysreg_write(pmintenset_el1, PMU_CYCLES);
	sysreg_write(pmccntr_el0, 0xffff0000ull);
	kit_udelay(20000);
	ovs = sysreg_read(pmovsset_el0);
	check("pmu.overflow_interrupt_reaches_nobody",
	      (ovs & PMU_CYCLES) && irq_count[0][PMU_INTID] == 0);
	sysreg_write(pmintenclr_el1, PMU_CYCLES);
	sysreg_write(pmovsclr_el0, PMU_CYCLES);
	sysreg_write(pmcntenclr_el0, PMU_CYCLES);
	sysreg_write(pmcr_el0, 0);
}

/* --- storms ---------------------------------------------------------------- */

static uint64_t micros(uint64_t since)
{
	return (kit_counter() - since) * 1000000 / kit_counter_freq();
}

static uint32_t victim_ticks(void)
{
	const struct victim_status *v = victim_status();

	return v ? v->ticks : 0;
}

static void storm_report(const char *what, unsigned int n, uint64_t t0,
			 uint32_t ticks0)
{
	kit_printf("hostile: storm: %u %s in %llu us", n, what,
		   (unsigned long long)micros(t0));
	if (victim_status())
		kit_printf("; the victim ticked %u times meanwhile",
			   victim_ticks() - ticks0);
	kit_printf("\n");
}

static bool self_sgis(void)
{
	uint32_t start = irq_count[0][7];

	kit_gic_enable(7);
	for (unsigned int i = 0; i < STORM; i++) {
		kit_gic_send_sgi(7, 0);
		if (!wait_count(&irq_count[0][7], start + i + 1, WAIT_US))
			return false;
	}
	return true;
}

static bool mmio_reads(void)
{
	uint32_t typer = kit_gicd_read(0x4);
	bool ok = true;

	for (unsigned int i = 0; i < STORM; i++)
		ok &= kit_gicd_read(0x4) == typer;
	return ok;
}

static bool el1_exceptions(void)
{
	bool ok = true;

	for (unsigned int i = 0; i < STORM; i++) {
		kit_expect_fault();
		__asm__ volatile("udf #0" : : : "memory");
		ok &= undefined_at_el1();
	}
	return ok;
}

/*
 * WFI (not trapped) with its own timer pending behind a masked PSTATE.I:
 * each wakes, within a second of its deadline.
 */
static bool wfi_on_own_timer(void)
{
	uint64_t tick = kit_counter_freq() / 10000;	/* 100 us */
	bool ok = true;

	kit_irq_disable();
	kit_gic_enable(VTIMER_INTID);
	for (unsigned int i = 0; i < 200; i++) {
		uint64_t due = kit_counter() + tick;

		sysreg_write(cntv_cval_el0, due);
		sysreg_write(cntv_ctl_el0, 1);
		__asm__ volatile("isb");
		while (kit_counter() < due)
			__asm__ volatile("wfi");
		ok &= kit_counter() - due < 5 * kit_counter_freq();
		sysreg_write(cntv_ctl_el0, 0);
	}
	kit_irq_enable();
	return ok;
}

typedef bool (*storm_fn)(void);

static void storm(const char *name, const char *what, unsigned int n,
		  storm_fn fn)
{
	uint64_t t0 = kit_counter();
	uint32_t ticks0 = victim_ticks();
	bool ok = fn();

	storm_report(what, n, t0, ticks0);
	check(name, ok);
}

/*
 * WFE (not trapped): on hardware the event stream ends each within 8192
 * counter ticks (2000 take about 0.3 s); QEMU returns from it at once.
 */
static bool wfe_loop(void)
{
	uint64_t t0 = kit_counter();

	for (unsigned int i = 0; i < 2000; i++)
		__asm__ volatile("wfe");
	return kit_counter() - t0 < 10 * kit_counter_freq();
}

void storm_round(const struct round *r)
{
	(void)r;
	storm("storm.self_sgis_all_taken", "self-SGIs", STORM, self_sgis);
	storm("storm.trapped_reads_all_answered", "distributor reads", STORM,
	      mmio_reads);
	storm("storm.el1_exceptions_stay_at_el1", "undefined instructions",
	      STORM, el1_exceptions);
	storm("storm.wfi_wakes_on_its_timer", "WFIs", 200, wfi_on_own_timer);
	storm("storm.wfe_returns", "WFEs", 2000, wfe_loop);
}

/* Its second CPU sleeps with everything masked until the cell ends. */
static void wfi_forever(unsigned int cpu)
{
	(void)cpu;
	__asm__ volatile("msr daifset, #0xf; 1: wfi; b 1b");
}

void wfi_forever_round(const struct round *r)
{
	(void)r;
	check("wfi_forever.sibling_starts",
	      kit_cpu_on(1, wfi_forever) == PSCI_SUCCESS && sibling_is(AFF_ON));
	kit_udelay(50000);
	check("wfi_forever.sibling_still_on", sibling_is(AFF_ON));
}

/* --- trapped registers: the fault policy ---------------------------------- */

void write_actlr(const struct round *r)
{
	(void)r;
	kit_printf("hostile: attempt: write ACTLR_EL1\n");
	sysreg_write(actlr_el1, 0);
}

/* --- faults inside its own exception handler --------------------------------- */

/* The next exception's handler is fetched from another cell's RAM. */
void vectors_in_foreign_memory(const struct round *r)
{
	kit_printf("hostile: attempt: VBAR_EL1 = 0x%llx, then UDF\n",
		   (unsigned long long)r->addr);
	__asm__ volatile("msr vbar_el1, %0; isb; udf #0" : : "r"(r->addr)
			 : "memory");
}

/* The kit's handler saves registers on a stack in another cell's RAM. */
void stack_in_foreign_memory(const struct round *r)
{
	kit_printf("hostile: attempt: SP = 0x%llx, then UDF\n",
		   (unsigned long long)r->addr);
	__asm__ volatile("mov x9, sp; mov sp, %0; udf #0; mov sp, x9"
			 : : "r"(r->addr) : "x9", "memory");
}

/*
 * A vector table whose every entry counts, then faults again at once: an
 * EL1 exception loop that never leaves the CPU.  It needs no stack.
 */
__asm__(".pushsection .text\n"
	".balign 2048\n"
	"loop_vectors:\n"
	".rept 16\n"
	"ldr x1, =handler_loops\n"
	"ldr x2, [x1]\n"
	"add x2, x2, #1\n"
	"str x2, [x1]\n"
	"udf #0\n"
	".balign 128\n"
	".endr\n"
	".ltorg\n"
	".popsection\n");

extern char loop_vectors[];
volatile uint64_t handler_loops;

static void fault_loop(unsigned int cpu)
{
	(void)cpu;
	__asm__ volatile("msr daifset, #0xf; msr vbar_el1, %0; isb; udf #0"
			 : : "r"(loop_vectors) : "memory");
}

/*
 * Its second CPU faults inside its own handler for ever; the first checks
 * it loops (only its own CPU is busy) and ends the life by SYSTEM_RESET,
 * which must take that CPU out of the loop too.
 */
void fault_loop_in_handler(const struct round *r)
{
	uint64_t end = kit_counter() + WAIT_US * kit_counter_freq() / 1000000;

	(void)r;
	handler_loops = 0;
	(void)kit_cpu_on(1, fault_loop);
	while (handler_loops < 100000 && kit_counter() < end)
		;
	kit_printf("hostile: its CPU 1 faulted %llu times in its handler\n",
		   (unsigned long long)handler_loops);
	check("fault_loop_in_handler.stays_at_el1",
	      handler_loops >= 100000 && sibling_is(AFF_ON));
	kit_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
}
