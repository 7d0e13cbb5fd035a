/*
 * One escape attempt per life.  Rounds 0-2 access memory the cell does not
 * own and must be restarted for it (they print FAIL if the access returns);
 * round 3 reads its own emulated UART with a load pair, which gives the
 * hypervisor no syndrome to emulate; round 4 writes ACTLR_EL1, which can
 * reach shared hardware; both must end the life too.  Round 5 tries PSCI on
 * CPUs it does not own (refused, no restart) and restarts itself with
 * SYSTEM_RESET; round 6 reads one byte of its channel's register page,
 * which takes aligned 32-bit accesses only.  Each life first reports on the round
 * before, which proves the previous life ended as it should have.
 */
#include <kit/kit.h>
#include <stdbool.h>

#include "shared.h"

static struct progress *const p = (struct progress *)PROGRESS;

/* One TEST line; the counts survive restarts in the channel. */
static void report(const char *name, bool ok)
{
	kit_printf("TEST thief.%s %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		p->passed++;
	else
		p->failed++;
}

static void attempt(const char *what, uintptr_t addr, bool write)
{
	kit_printf("attempt %u: %s 0x%lx\n", p->round, what, (unsigned long)addr);
	if (write)
		kit_write32(addr, 0xbad);
	else
		(void)kit_read32(addr);
	report(what, false);	/* still alive: it escaped */
	p->round = ROUNDS;
	p->done = 1;
	kit_system_off();
}

int main(void)
{
	uint32_t round = p->round;

	p->lives++;
	kit_printf("life %u, round %u\n", p->lives, round);
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
		uint64_t a, b;

		kit_printf("attempt %u: load pair from its UART\n", p->round);
		__asm__ volatile("ldp %0, %1, [%2]"
				 : "=r"(a), "=r"(b) : "r"(OWN_UART) : "memory");
		report("unemulatable_access", false);
		kit_system_off();
		break;
	}
	case 4:
		kit_printf("attempt %u: write ACTLR_EL1\n", p->round);
		__asm__ volatile("msr actlr_el1, %0" : : "r"(0ull));
		report("auxiliary_register_write", false);
		kit_system_off();
		break;
	case 5:
		/* The cell has one CPU (its number 0): everything else is foreign. */
		report("cpu_on_foreign", kit_hvc(PSCI_CPU_ON, 1, 0x44000000, 0) ==
						   PSCI_INVALID_PARAMETERS);
		report("affinity_info_foreign",
		       kit_hvc(PSCI_AFFINITY_INFO, 2, 0, 0) ==
			       PSCI_INVALID_PARAMETERS);
		report("cpu_on_self_already_on",
		       kit_hvc(PSCI_CPU_ON, 0, 0x44000000, 0) == PSCI_ALREADY_ON);
		kit_system_reset();
		break;
	case 6: {
		uint8_t v;

		kit_printf("attempt %u: byte read of its channel registers\n",
			   p->round);
		__asm__ volatile("ldrb %w0, [%1]"
				 : "=r"(v) : "r"(PROGRESS_REGS) : "memory");
		report("narrow_register_access", false);
		kit_system_off();
		break;
	}
	default:
		kit_printf("thief: done after %u lives\n", p->lives);
		kit_printf("%u passed, %u failed\n", p->passed, p->failed);
		p->done = 1;
		kit_system_off();
	}
	return 0;
}
