/*
 * Calls into the hypervisor: PSCI on CPUs the cell does not have, SMCCC
 * and Septum function IDs that do not exist, junk arguments, and the
 * channel register page (the only interface that takes peer IDs and
 * vectors).  Documented outcomes: PSCI INVALID_PARAMETERS for a foreign
 * CPU, NOT_SUPPORTED (-1) for an unknown call (logged once per function),
 * doorbells to no one dropped and counted, read-only registers unchanged.
 */
#include <septum/abi/hypercall.h>
#include <septum/abi/ivshmem.h>

#include "../hostile.h"

#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_1_1 0x00010001
#define SMCCC_1_1 0x00010001
#define ARCH_WORKAROUND_1 0x80008000u

/* Function IDs nobody serves: SiP, OEM, Trusted OS, reserved PSCI and
 * architecture numbers, a standard hypervisor service, Septum's owner in
 * the 32-bit convention, a yielding call, and nonsense. */
static const uint32_t unknown_ids[] = {
	0x82000000u, 0xc2000001u, 0x83000000u, 0xb2000000u, 0x84000012u,
	0x8400ffffu, 0x80000002u, 0xc5000000u, 0x86000000u, 0x06000000u,
	0x00000000u, 0xffffffffu,
};

#define STORM 50000u

static volatile uint32_t sibling_runs;

void psci_round(const struct round *r)
{
	unsigned int n = hostile_cpus();
	bool foreign_on = true, foreign_aff = true;

	(void)r;
	check("psci.version", kit_hvc(PSCI_VERSION, 0, 0, 0) == PSCI_1_1);
	check("psci.smccc_version", kit_hvc(SMCCC_VERSION, 0, 0, 0) == SMCCC_1_1);
	check("psci.features_of_unknown_not_supported",
	      kit_hvc(PSCI_FEATURES, 0x8400ffffu, 0, 0) == PSCI_NOT_SUPPORTED &&
		      kit_hvc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0) == 0);
	check("psci.migrate_info_type_no_trusted_os",
	      kit_hvc(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0) == 2);
	/* Every CPU the cell does not have, in both calling conventions. */
	for (uint64_t t = n; t < 8; t++) {
		foreign_on &= kit_hvc(PSCI_CPU_ON, t, HOSTILE_RAM, 0) ==
			      PSCI_INVALID_PARAMETERS;
		foreign_on &= kit_smc(PSCI_CPU_ON_32, t, HOSTILE_RAM, 0) ==
			      PSCI_INVALID_PARAMETERS;
		foreign_aff &= kit_hvc(PSCI_AFFINITY_INFO, t, 0, 0) ==
			       PSCI_INVALID_PARAMETERS;
	}
	foreign_on &= kit_hvc(PSCI_CPU_ON, 0x100, HOSTILE_RAM, 0) ==
		      PSCI_INVALID_PARAMETERS;
	foreign_on &= kit_hvc(PSCI_CPU_ON, 1ull << 32, HOSTILE_RAM, 0) ==
		      PSCI_INVALID_PARAMETERS;
	foreign_on &= kit_hvc(PSCI_CPU_ON, 1ull << 31, HOSTILE_RAM, 0) ==
		      PSCI_INVALID_PARAMETERS;
	check("psci.cpu_on_foreign_invalid", foreign_on);
	check("psci.affinity_info_foreign_invalid", foreign_aff);
	check("psci.affinity_info_level_1_invalid",
	      kit_hvc(PSCI_AFFINITY_INFO, 0, 1, 0) == PSCI_INVALID_PARAMETERS);
	check("psci.cpu_on_itself_already_on",
	      kit_hvc(PSCI_CPU_ON, 0, HOSTILE_RAM, 0) == PSCI_ALREADY_ON);
	check("psci.affinity_info_itself_on",
	      kit_smc(PSCI_AFFINITY_INFO_32, 0, 0, 0) == AFF_ON);
	check("psci.cpu_suspend_returns", kit_hvc(PSCI_CPU_SUSPEND, 0, 0, 0) == 0);
	/* SMCCC: the function ID is W0; the upper half is not part of it. */
	check("psci.function_id_is_w0",
	      kit_hvc(0xdead000000000000ull | PSCI_VERSION, 0, 0, 0) == PSCI_1_1);
}

static void sibling_once(unsigned int cpu)
{
	(void)cpu;
	sibling_runs++;
	__asm__ volatile("dsb sy" : : : "memory");
	kit_cpu_off();
}

/* CPU_OFF names no target: it stops the caller, here its own sibling. */
void cpu_off_on_round(const struct round *r)
{
	(void)r;
	sibling_runs = 0;
	check("cpu_off_on.sibling_starts",
	      kit_cpu_on(1, sibling_once) == PSCI_SUCCESS &&
		      wait_count(&sibling_runs, 1, WAIT_US));
	check("cpu_off_on.cpu_off_stops_the_caller", sibling_is(AFF_OFF));
	check("cpu_off_on.sibling_starts_again",
	      kit_cpu_on(1, sibling_once) == PSCI_SUCCESS &&
		      wait_count(&sibling_runs, 2, WAIT_US) &&
		      sibling_is(AFF_OFF));
}

void unknown_calls_round(const struct round *r)
{
	bool hvc = true, smc = true, storm = true;
	unsigned int n = sizeof(unknown_ids) / sizeof(unknown_ids[0]);

	(void)r;
	for (unsigned int i = 0; i < n; i++) {
		hvc &= kit_hvc(unknown_ids[i], 0, 0, 0) == PSCI_NOT_SUPPORTED;
		smc &= kit_smc(unknown_ids[i], 0, 0, 0) == PSCI_NOT_SUPPORTED;
	}
	check("unknown_calls.hvc_not_supported", hvc);
	check("unknown_calls.smc_not_supported", smc);
	check("unknown_calls.arch_workaround_not_supported",
	      kit_hvc(SMCCC_ARCH_FEATURES, ARCH_WORKAROUND_1, 0, 0) ==
			      PSCI_NOT_SUPPORTED &&
		      kit_hvc(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0) == 0);
	for (unsigned int i = 0; i < STORM / 10; i++)
		storm &= kit_smc(0xc2000001u, i, i, i) == PSCI_NOT_SUPPORTED;
	check("unknown_calls.storm_answered", storm);
}

/* HVC with every argument register set; true if x1-x7 came back as sent. */
static int64_t hvc_all(uint32_t fn, bool *kept)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = VICTIM_RAM;
	register uint64_t x2 __asm__("x2") = HYP_RAM + 1;	/* misaligned */
	register uint64_t x3 __asm__("x3") = 0xffffffffu;	/* no channel */
	register uint64_t x4 __asm__("x4") = ~0ull;
	register uint64_t x5 __asm__("x5") = 5;
	register uint64_t x6 __asm__("x6") = 6;
	register uint64_t x7 __asm__("x7") = 7;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6), "+r"(x7)
			 : : "memory");
	*kept = x1 == VICTIM_RAM && x2 == HYP_RAM + 1 && x3 == 0xffffffffu &&
		x4 == ~0ull && x5 == 5 && x6 == 6 && x7 == 7;
	return (int64_t)x0;
}

/* A non-zero HVC immediate: still an SMCCC call. */
static int64_t hvc_imm(uint32_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	__asm__ volatile("hvc #0x1234" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return (int64_t)x0;
}

void hypercall_round(const struct round *r)
{
	bool kept_v, kept_n, storm = true, range = true;
	int64_t v = hvc_all(SEPTUM_HC_VERSION, &kept_v);
	int64_t nop = hvc_all(SEPTUM_HC_NOP, &kept_n);

	(void)r;
	check("hypercalls.version", v == SEPTUM_HC_ABI_VERSION &&
					    kit_smc(SEPTUM_HC_VERSION, 0, 0, 0) ==
						    SEPTUM_HC_ABI_VERSION);
	check("hypercalls.junk_arguments_ignored",
	      nop == SEPTUM_HC_OK && kept_v && kept_n);
	check("hypercalls.nonzero_immediate", hvc_imm(SEPTUM_HC_NOP) == 0);
	for (uint32_t fn = SEPTUM_HC_NOP + 1; fn < SEPTUM_HC_BASE + 0x40; fn++)
		range &= kit_hvc(fn, 0, 0, 0) == SEPTUM_HC_NOT_SUPPORTED;
	range &= kit_hvc(SEPTUM_HC_BASE + 0xffff, 0, 0, 0) ==
		 SEPTUM_HC_NOT_SUPPORTED;
	check("hypercalls.out_of_range_not_supported", range);
	for (unsigned int i = 0; i < STORM; i++)
		storm &= kit_hvc(SEPTUM_HC_NOP, i, 0, 0) == SEPTUM_HC_OK;
	check("hypercalls.storm_answered", storm);
}

static uint32_t reg(uintptr_t regs, uint32_t off)
{
	return kit_read32(regs + off);
}

/* Writes to read-only registers change nothing. */
static bool read_only_regs_hold(uintptr_t regs)
{
	static const uint32_t ro[] = {
		IVSHMEM_REG_ID, IVSHMEM_REG_MAX_PEERS,
		IVSHMEM_REG_STATE_TABLE_SIZE, IVSHMEM_REG_RW_SIZE_LO,
		IVSHMEM_REG_OUT_SIZE_LO, IVSHMEM_REG_SHMEM_LO,
		IVSHMEM_REG_SHMEM_HI, IVSHMEM_REG_DROPPED,
	};
	bool ok = true;

	for (unsigned int i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		uint32_t before = reg(regs, ro[i]);

		kit_write32(regs + ro[i], ~before);
		ok &= reg(regs, ro[i]) == before;
	}
	return ok;
}

/* Doorbells that reach no one: counted in DROPPED, one each. */
static bool doorbells_dropped(uintptr_t regs)
{
	static const uint32_t bells[] = {
		IVSHMEM_DOORBELL(2, 0),	     /* no such peer */
		IVSHMEM_DOORBELL(3, 0),
		IVSHMEM_DOORBELL(0xffff, 0),
		IVSHMEM_DOORBELL(1, 1),	     /* no such vector */
		IVSHMEM_DOORBELL(1, 0xffff),
		IVSHMEM_DOORBELL(1, 0),	     /* the peer does not listen */
		IVSHMEM_DOORBELL(0, 0),	     /* itself, not listening */
	};
	uint32_t before = reg(regs, IVSHMEM_REG_DROPPED);
	unsigned int n = sizeof(bells) / sizeof(bells[0]);

	for (unsigned int i = 0; i < n; i++)
		kit_write32(regs + IVSHMEM_REG_DOORBELL, bells[i]);
	return reg(regs, IVSHMEM_REG_DROPPED) == before + n;
}

void channel_regs_round(const struct round *r)
{
	const volatile uint32_t *table = (const volatile uint32_t *)PROGRESS_BASE;
	uint32_t other = table[1];

	(void)r;
	check("channel_regs.identity", reg(PROGRESS_REGS, IVSHMEM_REG_ID) == 0 &&
					       reg(PROGRESS_REGS,
						   IVSHMEM_REG_MAX_PEERS) == 2 &&
					       reg(READONLY_REGS, IVSHMEM_REG_ID) == 0);
	check("channel_regs.bad_doorbells_dropped_and_counted",
	      doorbells_dropped(PROGRESS_REGS) && doorbells_dropped(READONLY_REGS));
	check("channel_regs.read_only_registers_unchanged",
	      read_only_regs_hold(PROGRESS_REGS) &&
		      read_only_regs_hold(READONLY_REGS));
	kit_write32(PROGRESS_REGS + 0xffc, ~0u);
	kit_write32(PROGRESS_REGS + IVSHMEM_REG_INT_CONTROL, ~0u);
	check("channel_regs.unbacked_and_doorbell_read_zero",
	      reg(PROGRESS_REGS, 0xffc) == 0 && reg(PROGRESS_REGS, 0x44) == 0 &&
		      reg(PROGRESS_REGS, IVSHMEM_REG_DOORBELL) == 0);
	check("channel_regs.int_control_keeps_bit_0",
	      reg(PROGRESS_REGS, IVSHMEM_REG_INT_CONTROL) == 1);
	kit_write32(PROGRESS_REGS + IVSHMEM_REG_INT_CONTROL, 0);
	/* Its state goes in its own entry of the table only (which the
	 * hypervisor writes: the table is volatile, re-read here). */
	kit_write32(PROGRESS_REGS + IVSHMEM_REG_STATE, 0xdeadbeefu);
	check("channel_regs.state_writes_its_own_entry_only",
	      /* cppcheck-suppress knownConditionTrueFalse */
	      table[0] == 0xdeadbeefu && table[1] == other);
	kit_write32(PROGRESS_REGS + IVSHMEM_REG_STATE, 1);
}

void system_reset_smc(const struct round *r)
{
	(void)r;
	kit_printf("hostile: attempt: PSCI SYSTEM_RESET by SMC\n");
	kit_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
}
