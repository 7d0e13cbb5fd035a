/*
 * The AArch32 thief: one escape attempt per life, as the AArch64 thief's
 * (partitions/tests/isolation/thief.c), with AArch32's means.  Rounds 0-2
 * access memory the cell does not own and must be restarted for it; round 3
 * reads its own emulated UART with LDRD, which gives the hypervisor no
 * syndrome to emulate; round 4 writes ACTLR through CP15, which can reach
 * shared hardware; all must end the life.  Round 5 makes SMC32 PSCI calls
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
		kit_printf("attempt %u: write ACTLR\n", (unsigned int)p->round);
		__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" : : "r"(0u));
		escaped("auxiliary_register_write");
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
			"auxiliary_register_write_ended_the_life",
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
