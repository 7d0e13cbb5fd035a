/*
 * The AArch32 thief: one escape attempt per life, as the AArch64 thief's
 * (partitions/tests/isolation/thief.c), with AArch32's means.  Rounds 0-2
 * access memory the cell does not own and must be restarted for it; round 3
 * reads its own emulated UART with LDRD, which gives the hypervisor no
 * syndrome to emulate; all must end the life.  Round 4 writes ACTLR through
 * CP15, which can reach shared hardware, the OS lock through CP14 and reads
 * the debug ROM's address: each is undefined for it (it takes the
 * exception in its own handler and carries on), then it resets itself.
 * Round 5 makes SMC32 PSCI calls
 * for CPUs it does not own and a 64-bit one (refused, no restart), tries to
 * enable an interrupt that is not its own in its GIC (ignored), and restarts
 * itself with SYSTEM_RESET; round 6 reads one byte of its channel's
 * register page.  Each life first reports on the round before.
 */
#include <kit/gic.h>
#include <kit/kit.h>
#include <stdbool.h>

#include "../../tests/isolation/shared.h"

#define FOREIGN_INTID 34	/* an SPI none of its devices has */

static struct progress *const p = (struct progress *)PROGRESS;

/* One TEST line; the counts survive restarts in the channel. */
static void report(const char *name, bool ok)
{
	kit_printf("TEST thief32.%s %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		p->passed++;
	else
		p->failed++;
}

static void escaped(const char *what)
{
	report(what, false);	/* still alive: it escaped */
	p->round = ROUNDS;
	p->done = 1;
	kit_system_off();
}

static void attempt(const char *what, uintptr_t addr, bool write)
{
	kit_printf("attempt %u: %s 0x%lx\n", (unsigned int)p->round, what,
		   (unsigned long)addr);
	if (write)
		kit_write32(addr, 0xbad);
	else
		(void)kit_read32(addr);
	escaped(what);
}

static void refused_calls(void)
{
	uint32_t bit = 1u << (FOREIGN_INTID % 32);

	/* The cell has one CPU (its number 0): everything else is foreign. */
	report("cpu_on_foreign", kit_smc(PSCI_CPU_ON, 1, 0x44000000, 0) ==
					 PSCI_INVALID_PARAMETERS);
	report("affinity_info_foreign", kit_smc(PSCI_AFFINITY_INFO, 2, 0, 0) ==
						PSCI_INVALID_PARAMETERS);
	report("cpu_on_self_already_on",
	       kit_smc(PSCI_CPU_ON, 0, 0x44000000, 0) == PSCI_ALREADY_ON);
	report("cpu_on_64_from_aarch32",
	       kit_smc(PSCI_CPU_ON_64, 1, 0x44000000, 0) == PSCI_NOT_SUPPORTED);
	kit_gicd_write(GICD_ISENABLER + FOREIGN_INTID / 32 * 4, bit);
	report("foreign_interrupt_not_enabled",
	       !(kit_gicd_read(GICD_ISENABLER + FOREIGN_INTID / 32 * 4) & bit));
}

/* Whether the last kit_expect_undef() caught one, in Undefined mode. */
static bool undefined_here(void)
{
	struct kit_undef u;

	return kit_undef_taken(&u) && (u.cpsr & 0x1fu) == 0x1bu;
}

/*
 * Registers it must not use (T32 instructions: the kit is built for T32),
 * each undefined for it: ACTLR (CP15), which
 * reaches shared hardware; the OS lock (CP14, DBGOSLAR) and the debug
 * components' addresses (CP14, DBGDRAR and DBGDSAR).  The cell survives
 * each.
 */
static void undefined_instructions(void)
{
	uint32_t lo = 0, hi = 0;

	kit_printf("attempt %u: write ACTLR, DBGOSLAR; read DBGDRAR, DBGDSAR\n",
		   (unsigned int)p->round);
	kit_expect_undef(true);
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" : : "r"(0u));
	report("auxiliary_register_write_undefined", undefined_here());
	kit_expect_undef(true);
	__asm__ volatile("mcr p14, 0, %0, c1, c0, 4" : : "r"(0xc5acce55u));
	report("os_lock_write_undefined", undefined_here());
	kit_expect_undef(true);
	__asm__ volatile("mrc p14, 0, %0, c1, c0, 0" : "=r"(lo));
	report("debug_rom_address_read_undefined", undefined_here());
	kit_expect_undef(true);
	__asm__ volatile("mrc p14, 0, %0, c2, c0, 0" : "=r"(hi));
	report("debug_self_address_read_undefined", undefined_here());
}

static void run_round(uint32_t round)
{
	switch (round) {
	case 0:
		attempt("read_victim_ram", VICTIM_RAM, false);
		break;
	case 1:
		attempt("write_hypervisor_ram", HYP_RAM, true);
		break;
	case 2:
		attempt("write_unassigned_device", UNASSIGNED_DEVICE, true);
		break;
	case 3: {
		uint32_t a, b;

		kit_printf("attempt %u: LDRD from its UART\n",
			   (unsigned int)p->round);
		__asm__ volatile("ldrd %0, %1, [%2]"
				 : "=r"(a), "=r"(b) : "r"(OWN_UART) : "memory");
		escaped("unemulatable_access");
		break;
	}
	case 4:
		undefined_instructions();
		kit_system_reset();
		break;
	case 5:
		refused_calls();
		kit_system_reset();
		break;
	case 6: {
		uint8_t v;

		kit_printf("attempt %u: byte read of its channel registers\n",
			   (unsigned int)p->round);
		__asm__ volatile("ldrb %0, [%1]"
				 : "=r"(v) : "r"(PROGRESS_REGS) : "memory");
		escaped("narrow_register_access");
		break;
	}
	default:
		kit_printf("thief32: done after %u lives\n",
			   (unsigned int)p->lives);
		kit_printf("%u passed, %u failed\n", (unsigned int)p->passed,
			   (unsigned int)p->failed);
		p->done = 1;
		kit_system_off();
	}
}

int main(void)
{
	uint32_t round = p->round;

	p->lives++;
	kit_printf("life %u, round %u\n", (unsigned int)p->lives,
		   (unsigned int)round);
	if (round > 0 && round <= ROUNDS) {
		static const char *const ended[] = {
			"read_victim_ram_ended_the_life",
			"write_hypervisor_ram_ended_the_life",
			"write_unassigned_device_ended_the_life",
			"unemulatable_access_ended_the_life",
			"reset_after_undefined_instructions",
			"system_reset_ended_the_life",
			"narrow_register_access_ended_the_life",
		};

		report(ended[round - 1], true);
	}
	p->round = round + 1;
	kit_gic_init();
	run_round(round);
	return 0;
}
