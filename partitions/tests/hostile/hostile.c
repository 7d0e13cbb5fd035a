/*
 * The hostile cell: a catalogue of escape attempts, one TEST line each.
 *
 * Rounds whose documented outcome is an error code, a read-as-zero or a
 * write that changes nothing run in-line and check the value.  Rounds whose
 * outcome is the fault policy (this cell restarts) run one per life: the
 * progress in channel "progress" survives the restart, and the next life
 * reports that the previous one ended where it should have.  The runner
 * checks the hypervisor's log line for each, and the victim's heartbeat.
 *
 * The cell starts its attempts when the runner types "go" at its console,
 * so that the victim (bare metal or Linux) is beating by then.
 *
 * Built with HOSTILE_INJECT (partitions/tests/hostile-inject/), the same
 * catalogue runs in a cell under the `inject` fault policy: each access
 * outside the map comes back to the cell's own handler as a synchronous
 * external abort, whose syndrome the round checks before going on.
 */
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>
#include <septum/abi/ivshmem.h>

#include "hostile.h"

static struct progress *const p = (struct progress *)PROGRESS_RW;

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)

static const struct round rounds[] = {
	/* In-line: each checks its outcome and the life goes on. */
	{ "psci", ROUND_INLINE, 0, psci_round, 0, 0, 0 },
	{ "unknown_calls", ROUND_INLINE, 0, unknown_calls_round, 0, 0, 0 },
	{ "hypercalls", ROUND_INLINE, 0, hypercall_round, 0, 0, 0 },
	{ "channel_regs", ROUND_INLINE, 0, channel_regs_round, 0, 0, 0 },
	{ "cpu_off_on", ROUND_INLINE, NEEDS_TWO_CPUS, cpu_off_on_round, 0, 0,
	  0 },
	{ "gicd_foreign", ROUND_INLINE, GIC_ROUND, gicd_foreign_round, 0, 0,
	  0 },
	{ "gicd_sweep", ROUND_INLINE, GIC_ROUND, gicd_sweep_round, 0, 0, 0 },
	{ "sgi", ROUND_INLINE, GIC_ROUND, sgi_round, 0, 0, 0 },
	{ "gicr", ROUND_INLINE, NEEDS_GICV3 | GIC_ROUND, gicr_round, 0, 0, 0 },
	{ "unaligned", ROUND_INLINE, 0, unaligned_emulated, 0, 0, 0 },
	{ "el2_regs", ROUND_INLINE, 0, el2_registers_round, 0, 0, 0 },
	{ "set_way", ROUND_INLINE, 0, set_way_round, 0, 0, 0 },
	{ "tlb", ROUND_INLINE, 0, tlb_round, 0, 0, 0 },
	{ "debug", ROUND_INLINE, 0, debug_round, 0, 0, 0 },
	{ "pmu", ROUND_INLINE, 0, pmu_round, 0, 0, 0 },
	{ "storm", ROUND_INLINE, 0, storm_round, 0, 0, 0 },
	/*
	 * One life each: the fault policy (restart) must end it.  Under
	 * `inject` the cell's own handler takes each abort (its syndrome
	 * checked) and the life goes on.
	 */
	{ "read_victim_ram", ROUND_ENDS_LIFE, 0, touch_read, VICTIM_RAM,
	  INJ_LOAD, 0 },
	{ "write_victim_ram", ROUND_ENDS_LIFE, 0, touch_write, VICTIM_RAM_LAST,
	  INJ_STORE, 0 },
	{ "read_hypervisor_ram", ROUND_ENDS_LIFE, 0, touch_read, HYP_RAM,
	  INJ_LOAD, 0 },
	{ "write_hypervisor_image", ROUND_ENDS_LIFE, 0, touch_write, HYP_IMAGE,
	  INJ_STORE, 0 },
	{ "read_hypervisor_ram_high", ROUND_ENDS_LIFE, 0, touch_read,
	  HYP_RAM_HIGH, INJ_LOAD, 0 },
	{ "read_unassigned_ram", ROUND_ENDS_LIFE, 0, touch_read, UNASSIGNED_RAM,
	  INJ_LOAD, 0 },
	{ "read_foreign_device", ROUND_ENDS_LIFE, 0, touch_read, RTC, INJ_LOAD,
	  0 },
	{ "write_unassigned_device", ROUND_ENDS_LIFE, 0, touch_write,
	  VIRTIO_MMIO, INJ_STORE, 0 },
	{ "read_pcie_ecam", ROUND_ENDS_LIFE, 0, touch_read, PCIE_ECAM_HIGH,
	  INJ_LOAD, 0 },
	{ "read_gic_its", ROUND_ENDS_LIFE, NEEDS_GICV3 | GIC_ROUND, touch_read,
	  GICV3_ITS, INJ_LOAD, 0 },
	{ "read_gicr_beyond_cpus", ROUND_ENDS_LIFE, NEEDS_GICV3 | GIC_ROUND,
	  touch_read, GICR_EMULATED_END, INJ_LOAD, 0 },
	{ "read_gicc_frame", ROUND_ENDS_LIFE, NEEDS_GICV3 | GIC_ROUND,
	  touch_read, GICV2_GICC, INJ_LOAD, 0 },
	{ "read_gich_frame", ROUND_ENDS_LIFE, NEEDS_GICV2 | GIC_ROUND,
	  touch_read, GICV2_GICH, INJ_LOAD, 0 },
	{ "write_gicv_frame", ROUND_ENDS_LIFE, NEEDS_GICV2 | GIC_ROUND,
	  touch_write, GICV2_GICV, INJ_STORE, 0 },
	{ "write_state_table", ROUND_ENDS_LIFE, 0, touch_write, PROGRESS_BASE,
	  INJ_STORE, 0 },
	{ "write_peer_output", ROUND_ENDS_LIFE, 0, touch_write, PROGRESS_OUT1,
	  INJ_STORE, 0 },
	{ "write_readonly_channel", ROUND_ENDS_LIFE, 0, touch_write,
	  READONLY_RW, INJ_STORE, 0 },
	{ "exec_channel_memory", ROUND_ENDS_LIFE, 0, touch_exec, PROGRESS_OUT0,
	  INJ_FETCH, 0 },
	{ "exec_victim_ram", ROUND_ENDS_LIFE, 0, touch_exec, VICTIM_RAM,
	  INJ_FETCH, 0 },
	{ "zero_victim_block", ROUND_ENDS_LIFE, 0, touch_zero_block,
	  VICTIM_RAM + 0x1000, INJ_STORE, 0 },
	{ "zero_state_table", ROUND_ENDS_LIFE, 0, touch_zero_block,
	  PROGRESS_BASE, INJ_STORE, 0 },
	{ "load_pair_emulated_uart", ROUND_ENDS_LIFE, 0, touch_load_pair,
	  OWN_UART, INJ_LOAD, 0 },
	{ "exclusive_emulated_uart", ROUND_ENDS_LIFE, 0, touch_exclusive,
	  OWN_UART + UARTFR, INJ_LOAD, 0 },
	/* The IPA is reached through VA block 3: the abort names the VA. */
	{ "ipa_beyond_stage2", ROUND_ENDS_LIFE, 0, touch_ipa_beyond,
	  1ull << 39, INJ_LOAD, 3ull << 30 },
	/* Its own level-2 table out of its map, for VA block 3: the abort
	 * on a translation table walk, level 2, for the fetch from there. */
	{ "table_walk_in_victim_ram", ROUND_ENDS_LIFE, 0, walk_in_foreign_memory,
	  VICTIM_RAM, INJ_WALK_FETCH, 3ull << 30 },
	/*
	 * Exceptions whose handler cannot run.  Under `inject` the abort
	 * comes back at once to the same place: that CPU loops for good, so
	 * the cell's second CPU makes the attempt and the first ends the
	 * life with SYSTEM_RESET once it has seen that nothing else stalled.
	 */
	{ "vectors_in_victim_ram", ROUND_ENDS_LIFE, 0, vectors_in_foreign_memory,
	  VICTIM_RAM, INJ_LOOPS, 0 },
	{ "stack_in_victim_ram", ROUND_ENDS_LIFE, NOT_UNDER_INJECT,
	  stack_in_foreign_memory, VICTIM_RAM + 0x2000, INJ_LOOPS, 0 },
	/* Its own CPU loops at EL1; its sibling resets the cell (SMC). */
	{ "fault_loop_in_handler", ROUND_ENDS_LIFE, NEEDS_TWO_CPUS,
	  fault_loop_in_handler, 0, 0, 0 },
	{ "system_reset_by_smc", ROUND_ENDS_LIFE, 0, system_reset_smc, 0, 0,
	  0 },
	/* Its second CPU sleeps from here until the next life. */
	{ "wfi_forever", ROUND_INLINE, NEEDS_TWO_CPUS, wfi_forever_round, 0, 0,
	  0 },
	/*
	 * Faults that are no access outside the map: the fault policy under
	 * `restart`, and under `inject` too (which then stops the cell: the
	 * first of these is that run's last act).
	 */
	{ "write_actlr", ROUND_ENDS_LIFE, 0, write_actlr, 0, INJ_STOPS, 0 },
	{ "unaligned_channel_regs", ROUND_ENDS_LIFE, 0, touch_unaligned,
	  PROGRESS_REGS + 2, INJ_STOPS, 0 },
	{ "wide_channel_regs", ROUND_ENDS_LIFE, 0, touch_read64, PROGRESS_REGS,
	  INJ_STOPS, 0 },
};

#define NROUNDS (sizeof(rounds) / sizeof(rounds[0]))

volatile uint32_t irq_count[2][64];
static unsigned int ncpus;

void check(const char *name, bool ok)
{
	kit_printf("TEST hostile.%s %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		p->passed++;
	else
		p->failed++;
}

unsigned int hostile_cpus(void)
{
	return ncpus;
}

bool wait_count(const volatile uint32_t *count, uint32_t want, uint64_t us)
{
	uint64_t end = kit_counter() + us * kit_counter_freq() / 1000000;

	while (*count < want && kit_counter() < end)
		;
	return *count >= want;
}

const struct victim_status *victim_status(void)
{
	const struct victim_status *v = (const struct victim_status *)PROGRESS_OUT1;

	return v->magic == VICTIM_MAGIC ? v : NULL;
}

static void irq(uint32_t intid)
{
	unsigned int cpu = kit_cpu_index();

	if (intid == VTIMER_INTID)
		sysreg_write(cntv_ctl_el0, 0);
	if (cpu < 2 && intid < 64)
		irq_count[cpu][intid]++;
}

static bool applies(const struct round *r)
{
	unsigned int gic = kit_gic_version();

	return !((r->needs & NEEDS_TWO_CPUS) && ncpus < 2) &&
	       !((r->needs & NEEDS_GICV3) && gic != 3) &&
	       !((r->needs & NEEDS_GICV2) && gic != 2) &&
	       !(HOSTILE_GIC_ONLY && !(r->needs & GIC_ROUND)) &&
	       !(HOSTILE_INJECT && (r->needs & NOT_UNDER_INJECT));
}

/* Wait for the runner's "go" on the console (polled gently). */
static void wait_for_go(void)
{
	kit_printf("hostile: ready: type go\n");
	for (;;) {
		while (kit_read32(OWN_UART + UARTFR) & FR_RXFE)
			kit_udelay(5000);
		if ((kit_read32(OWN_UART + UARTDR) & 0xff) == 'g')
			break;
	}
	kit_printf("hostile: go (%u CPUs, GICv%u)\n", ncpus, kit_gic_version());
}

/* Whether round r ends a life, under this build's fault policy. */
static bool ends_life(const struct round *r)
{
	return r->kind == ROUND_ENDS_LIFE &&
	       (!HOSTILE_INJECT || r->inject == 0 || r->inject == INJ_LOOPS);
}

/* The life before this one ended in round `r`: was that its purpose? */
static void report_ended(unsigned int r)
{
	if (ends_life(&rounds[r])) {
		p->ended++;
		check(rounds[r].name, true);
		return;
	}
	kit_printf("hostile: round %s ended the life\n", rounds[r].name);
	check("inline_round_kept_the_life", false);
}

/* One TEST line hostile.<round>.<what>. */
static void check_round(const struct round *r, const char *what, bool ok)
{
	kit_printf("TEST hostile.%s.%s %s\n", r->name, what,
		   ok ? "PASS" : "FAIL");
	if (ok)
		p->passed++;
	else
		p->failed++;
}

#define ESR_EC(esr) (((esr) >> 26) & 0x3fu)
#define EC_IABT_CUR 0x21u
#define EC_DABT_CUR 0x25u
#define ESR_IL (1ull << 25)
#define ESR_WNR (1ull << 6)
#define ESR_FSC(esr) ((esr) & 0x3fu)
#define FSC_SYNC_EXTERNAL 0x10u
#define FSC_WALK_EXTERNAL_L2 0x16u	/* on a translation table walk */

/*
 * Under `inject`: the round's access comes back to the cell's own handler
 * as the abort a machine raises for an address with nothing behind it (on
 * a translation table walk when that address held its own descriptor), on
 * the instruction that made it, and the life goes on.
 */
static void abort_round(const struct round *r)
{
	bool walk = r->inject == INJ_WALK_FETCH, taken, ok;
	bool fetch = r->inject == INJ_FETCH || walk;
	uint64_t far = r->far ? r->far : r->addr;
	struct kit_fault f = { 0, 0, 0 };

	kit_expect_fault();
	r->run(r);
	taken = kit_fault_taken(&f);
	kit_printf("hostile: %s: %s: ESR 0x%llx FAR 0x%llx ELR 0x%llx\n",
		   r->name, taken ? "abort taken" : "no abort",
		   (unsigned long long)f.esr, (unsigned long long)f.far,
		   (unsigned long long)f.elr);
	ok = taken && ESR_EC(f.esr) == (fetch ? EC_IABT_CUR : EC_DABT_CUR) &&
	     ESR_FSC(f.esr) == (walk ? FSC_WALK_EXTERNAL_L2
				     : FSC_SYNC_EXTERNAL) &&
	     (f.esr & ESR_IL) && f.far == far;
	if (fetch)
		ok = ok && f.elr == far;
	else
		ok = ok && !!(f.esr & ESR_WNR) == (r->inject == INJ_STORE);
	check(r->name, ok);
}

static const struct round *sibling_round;
static volatile uint32_t sibling_attacking;

static void attack_from_sibling(unsigned int cpu)
{
	(void)cpu;
	sibling_attacking = 1;
	__asm__ volatile("dsb sy" : : : "memory");
	sibling_round->run(sibling_round);
	sibling_attacking = 2;	/* its handler ran: it cannot have */
}

/*
 * Under `inject`, a round whose exception handler cannot run: the abort
 * comes back to the same place for good, one exit to the hypervisor each
 * time.  The second CPU makes the attempt; the first checks that, while it
 * loops, the victim ticks on and the hypervisor answers its calls, then
 * ends the life by SYSTEM_RESET (the next life reports the round).
 */
static void loop_round(const struct round *r)
{
	const struct victim_status *v = victim_status();
	uint32_t ticks = v ? v->ticks : 0;
	bool started, ticked, answered = true;

	sibling_round = r;
	sibling_attacking = 0;
	started = ncpus == 2 && kit_cpu_on(1, attack_from_sibling) ==
					PSCI_SUCCESS &&
		  wait_count(&sibling_attacking, 1, WAIT_US);
	/* A quarter of a second of the victim's ticks (a Linux victim has
	 * no published count: its heartbeat lines are the runner's). */
	ticked = !v || wait_count(&v->ticks, ticks + 250, WAIT_US);
	for (unsigned int i = 0; i < 1000; i++)
		answered &= kit_hvc(PSCI_VERSION, 0, 0, 0) == 0x10001;
	check_round(r, "sibling_loops",
		    started && sibling_attacking == 1 && sibling_is(AFF_ON));
	check_round(r, "victim_ticks_on", ticked);
	check_round(r, "hypervisor_answers", answered);
	kit_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
}

static void run_round(const struct round *r)
{
	if (HOSTILE_INJECT && r->kind == ROUND_ENDS_LIFE &&
	    r->inject >= INJ_LOAD && r->inject <= INJ_WALK_FETCH)
		abort_round(r);
	else if (HOSTILE_INJECT && r->inject == INJ_LOOPS)
		loop_round(r);
	else
		r->run(r);
}

/* Every round before `limit` that should have ended a life did, and
 * nothing else did. */
static void final_checks(unsigned int limit)
{
	unsigned int expected = 0;

	for (unsigned int r = 0; r < limit; r++) {
		if (applies(&rounds[r]) && ends_life(&rounds[r]))
			expected++;
	}
	kit_printf("hostile: %u lives, %u ended by their attempt\n", p->lives,
		   p->ended);
	check("one_life_per_fatal_attempt",
	      p->ended == expected && p->lives == expected + 1);
}

static void finish(void)
{
	kit_printf("%u passed, %u failed\n", p->passed, p->failed);
	p->done = 1;
	__asm__ volatile("dsb sy" : : : "memory");
}

/*
 * Under `inject`, the first fault that is no access outside the map stops
 * the cell: the catalogue's last act, after its summary.
 */
static void last_act(unsigned int r)
{
	unsigned int rest = 0;

	for (unsigned int i = r + 1; i < NROUNDS; i++)
		rest += applies(&rounds[i]);
	final_checks(r);
	kit_printf("hostile: last act: %s, which stops this cell (the %u "
		   "rounds after it would too: not run)\n", rounds[r].name,
		   rest);
	finish();
	p->round = r;
	p->in_round = 1;
	rounds[r].run(&rounds[r]);
	kit_printf("hostile: %s returned: it escaped\n", rounds[r].name);
	for (;;)
		__asm__ volatile("wfi");
}

static void run_rounds(unsigned int from)
{
	for (unsigned int r = from; r < NROUNDS; r++) {
		if (!applies(&rounds[r]))
			continue;
		if (HOSTILE_INJECT && rounds[r].inject == INJ_STOPS)
			last_act(r);
		p->round = r;
		p->in_round = 1;
		__asm__ volatile("dsb sy" : : : "memory");
		kit_printf("hostile: round %u: %s\n", r, rounds[r].name);
		run_round(&rounds[r]);
		p->in_round = 0;
		if (ends_life(&rounds[r])) {
			kit_printf("hostile: %s returned: it escaped\n",
				   rounds[r].name);
			check(rounds[r].name, false);
		}
	}
}

int main(void)
{
	unsigned int from = 0;

	p->lives++;
	ncpus = kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0) == PSCI_INVALID_PARAMETERS
			? 1 : 2;
	kit_irq_handler = irq;
	kit_gic_init();
	kit_irq_enable();
	kit_printf("hostile: life %u\n", p->lives);
	/* Its state says "alive" (a stop or restart puts it back to 0). */
	kit_write32(PROGRESS_REGS + IVSHMEM_REG_STATE, 1);
	if (!p->started) {
		wait_for_go();
		p->started = 1;
	}
	if (p->in_round) {
		report_ended(p->round);
		from = p->round + 1;
		p->in_round = 0;
	}
	run_rounds(from);
	final_checks(NROUNDS);
	finish();
	/* The last attempt: SYSTEM_OFF by SMC stops this cell only. */
	kit_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	kit_printf("hostile: SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}
