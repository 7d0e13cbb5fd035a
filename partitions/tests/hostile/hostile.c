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
	{ "psci", ROUND_INLINE, 0, psci_round, 0 },
	{ "unknown_calls", ROUND_INLINE, 0, unknown_calls_round, 0 },
	{ "hypercalls", ROUND_INLINE, 0, hypercall_round, 0 },
	{ "channel_regs", ROUND_INLINE, 0, channel_regs_round, 0 },
	{ "cpu_off_on", ROUND_INLINE, NEEDS_TWO_CPUS, cpu_off_on_round, 0 },
	{ "gicd_foreign", ROUND_INLINE, GIC_ROUND, gicd_foreign_round, 0 },
	{ "gicd_sweep", ROUND_INLINE, GIC_ROUND, gicd_sweep_round, 0 },
	{ "sgi", ROUND_INLINE, GIC_ROUND, sgi_round, 0 },
	{ "gicr", ROUND_INLINE, NEEDS_GICV3 | GIC_ROUND, gicr_round, 0 },
	{ "unaligned", ROUND_INLINE, 0, unaligned_emulated, 0 },
	{ "el2_regs", ROUND_INLINE, 0, el2_registers_round, 0 },
	{ "set_way", ROUND_INLINE, 0, set_way_round, 0 },
	{ "tlb", ROUND_INLINE, 0, tlb_round, 0 },
	{ "debug", ROUND_INLINE, 0, debug_round, 0 },
	{ "pmu", ROUND_INLINE, 0, pmu_round, 0 },
	{ "storm", ROUND_INLINE, 0, storm_round, 0 },
	/* Its second CPU sleeps from here until the next life. */
	{ "wfi_forever", ROUND_INLINE, NEEDS_TWO_CPUS, wfi_forever_round, 0 },
	/* One life each: the fault policy (restart) must end it. */
	{ "read_victim_ram", ROUND_ENDS_LIFE, 0, touch_read, VICTIM_RAM },
	{ "write_victim_ram", ROUND_ENDS_LIFE, 0, touch_write, VICTIM_RAM_LAST },
	{ "read_hypervisor_ram", ROUND_ENDS_LIFE, 0, touch_read, HYP_RAM },
	{ "write_hypervisor_image", ROUND_ENDS_LIFE, 0, touch_write, HYP_IMAGE },
	{ "read_hypervisor_ram_high", ROUND_ENDS_LIFE, 0, touch_read,
	  HYP_RAM_HIGH },
	{ "read_unassigned_ram", ROUND_ENDS_LIFE, 0, touch_read, UNASSIGNED_RAM },
	{ "read_foreign_device", ROUND_ENDS_LIFE, 0, touch_read, RTC },
	{ "write_unassigned_device", ROUND_ENDS_LIFE, 0, touch_write,
	  VIRTIO_MMIO },
	{ "read_pcie_ecam", ROUND_ENDS_LIFE, 0, touch_read, PCIE_ECAM_HIGH },
	{ "read_gic_its", ROUND_ENDS_LIFE, NEEDS_GICV3 | GIC_ROUND, touch_read, GICV3_ITS },
	{ "read_gicr_beyond_cpus", ROUND_ENDS_LIFE, NEEDS_GICV3 | GIC_ROUND, touch_read,
	  GICR_EMULATED_END },
	{ "read_gicc_frame", ROUND_ENDS_LIFE, NEEDS_GICV3 | GIC_ROUND, touch_read,
	  GICV2_GICC },
	{ "read_gich_frame", ROUND_ENDS_LIFE, NEEDS_GICV2 | GIC_ROUND, touch_read,
	  GICV2_GICH },
	{ "write_gicv_frame", ROUND_ENDS_LIFE, NEEDS_GICV2 | GIC_ROUND, touch_write,
	  GICV2_GICV },
	{ "write_state_table", ROUND_ENDS_LIFE, 0, touch_write, PROGRESS_BASE },
	{ "write_peer_output", ROUND_ENDS_LIFE, 0, touch_write, PROGRESS_OUT1 },
	{ "write_readonly_channel", ROUND_ENDS_LIFE, 0, touch_write,
	  READONLY_RW },
	{ "exec_channel_memory", ROUND_ENDS_LIFE, 0, touch_exec, PROGRESS_OUT0 },
	{ "exec_victim_ram", ROUND_ENDS_LIFE, 0, touch_exec, VICTIM_RAM },
	{ "zero_victim_block", ROUND_ENDS_LIFE, 0, touch_zero_block,
	  VICTIM_RAM + 0x1000 },
	{ "zero_state_table", ROUND_ENDS_LIFE, 0, touch_zero_block,
	  PROGRESS_BASE },
	{ "load_pair_emulated_uart", ROUND_ENDS_LIFE, 0, touch_load_pair,
	  OWN_UART },
	{ "exclusive_emulated_uart", ROUND_ENDS_LIFE, 0, touch_exclusive,
	  OWN_UART + UARTFR },
	{ "unaligned_channel_regs", ROUND_ENDS_LIFE, 0, touch_unaligned,
	  PROGRESS_REGS + 2 },
	{ "wide_channel_regs", ROUND_ENDS_LIFE, 0, touch_read64, PROGRESS_REGS },
	{ "write_actlr", ROUND_ENDS_LIFE, 0, write_actlr, 0 },
	{ "ipa_beyond_stage2", ROUND_ENDS_LIFE, 0, touch_ipa_beyond,
	  1ull << 39 },
	{ "table_walk_in_victim_ram", ROUND_ENDS_LIFE, 0, walk_in_foreign_memory,
	  VICTIM_RAM },
	{ "vectors_in_victim_ram", ROUND_ENDS_LIFE, 0, vectors_in_foreign_memory,
	  VICTIM_RAM },
	{ "stack_in_victim_ram", ROUND_ENDS_LIFE, 0, stack_in_foreign_memory,
	  VICTIM_RAM + 0x2000 },
	/* Its own CPU loops at EL1; its sibling resets the cell (SMC). */
	{ "fault_loop_in_handler", ROUND_ENDS_LIFE, NEEDS_TWO_CPUS,
	  fault_loop_in_handler, 0 },
	{ "system_reset_by_smc", ROUND_ENDS_LIFE, 0, system_reset_smc, 0 },
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
	       !(HOSTILE_GIC_ONLY && !(r->needs & GIC_ROUND));
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

/* The life before this one ended in round `r`: was that its purpose? */
static void report_ended(unsigned int r)
{
	if (rounds[r].kind == ROUND_ENDS_LIFE) {
		p->ended++;
		check(rounds[r].name, true);
		return;
	}
	kit_printf("hostile: in-line round %s ended the life\n", rounds[r].name);
	check("inline_round_kept_the_life", false);
}

static void run_rounds(unsigned int from)
{
	for (unsigned int r = from; r < NROUNDS; r++) {
		if (!applies(&rounds[r]))
			continue;
		p->round = r;
		p->in_round = 1;
		__asm__ volatile("dsb sy" : : : "memory");
		kit_printf("hostile: round %u: %s\n", r, rounds[r].name);
		rounds[r].run(&rounds[r]);
		p->in_round = 0;
		if (rounds[r].kind == ROUND_ENDS_LIFE) {
			kit_printf("hostile: %s returned: it escaped\n",
				   rounds[r].name);
			check(rounds[r].name, false);
		}
	}
}

/* Every round that should have ended a life did, and nothing else did. */
static void final_checks(void)
{
	unsigned int expected = 0;

	for (unsigned int r = 0; r < NROUNDS; r++) {
		if (applies(&rounds[r]) && rounds[r].kind == ROUND_ENDS_LIFE)
			expected++;
	}
	kit_printf("hostile: %u lives, %u ended by their attempt\n", p->lives,
		   p->ended);
	check("one_life_per_fatal_attempt",
	      p->ended == expected && p->lives == expected + 1);
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
	final_checks();
	kit_printf("%u passed, %u failed\n", p->passed, p->failed);
	p->done = 1;
	__asm__ volatile("dsb sy" : : : "memory");
	/* The last attempt: SYSTEM_OFF by SMC stops this cell only. */
	kit_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	kit_printf("hostile: SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}
