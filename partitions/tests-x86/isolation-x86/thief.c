/*
 * The x86 thief.  Fatal attempts, one per life: each must end the life
 * (the cell restarts, its fault policy) with the hypervisor's log line;
 * the next life reports it.  One life makes the attempts that the
 * hypervisor only refuses (the cell goes on): ports it does not own,
 * IPIs, INIT and SIPI to CPUs it does not have, SVM MSRs, EFER.SVME, the
 * APIC base; then it resets itself.  Every life first reports on the one
 * before.  Built with THIEF_WAITS_FOR_GO (hostile-linux-x86), its first
 * life waits for "go" typed at its console before the first attempt.
 */
#include <kit/kit.h>
#include <septum/abi/hypercall.h>
#include <stdbool.h>

#include "shared.h"

#define MSR_EFER 0xc0000080u
#define EFER_SVME (1ull << 12)
#define MSR_APIC_BASE 0x1bu
#define MSR_VM_CR 0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define MSR_X2APIC_ICR 0x830u
#define ICR_FIXED_TO_1 ((1ull << 32) | 0x40)
#define ICR_INIT_TO_1 ((1ull << 32) | 0x4500)
#define ICR_SIPI_TO_1 ((1ull << 32) | 0x4608)

static struct progress *const p = (struct progress *)PROGRESS;

static const char *const ended[] = {
	"read_victim_ram_ended_the_life",
	"write_hypervisor_ram_ended_the_life",
	"write_unassigned_device_ended_the_life",
	"refused_attempts_then_reset",
	"physical_apic_icr_ended_the_life",
	"vmrun_ended_the_life",
	"clgi_ended_the_life",
	"wide_uart_access_ended_the_life",
	"triple_fault_ended_the_life",
	"stack_on_a_device_ended_the_life",
};
#define ROUNDS (sizeof(ended) / sizeof(ended[0]))

/* One TEST line; the counts survive restarts in the channel. */
static void report(const char *name, bool ok)
{
	kit_printf("TEST thief.%s %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		p->passed++;
	else
		p->failed++;
}

static void escaped(const char *what)
{
	report(what, false);	/* still alive: it got through */
	p->round = ROUNDS;
}

/* The attempts the hypervisor refuses without ending the cell. */
static void refused_attempts(void)
{
	uint64_t v = 0;

	report("unowned_port_reads_all_ones", kit_inb(0x64) == 0xff);
	kit_outb(0xcf8, 0x12);		/* PCI configuration: dropped */
	report("pci_config_port_reads_all_ones", kit_inb(0xcfc) == 0xff);
	kit_wrmsr(MSR_X2APIC_ICR, ICR_FIXED_TO_1);	/* dropped, logged */
	kit_wrmsr(MSR_X2APIC_ICR, ICR_INIT_TO_1);
	kit_wrmsr(MSR_X2APIC_ICR, ICR_SIPI_TO_1);
	report("efer_svme_raises_gp",
	       kit_try_wrmsr(MSR_EFER, kit_rdmsr(MSR_EFER) | EFER_SVME));
	report("vm_hsave_pa_raises_gp", kit_try_wrmsr(MSR_VM_HSAVE_PA, 0x1000));
	report("vm_cr_raises_gp", kit_try_rdmsr(MSR_VM_CR, &v));
	v = kit_rdmsr(MSR_APIC_BASE);
	kit_wrmsr(MSR_APIC_BASE, 0xfee10000u | (v & 0xfff));
	report("apic_base_stays", kit_rdmsr(MSR_APIC_BASE) == v);
	kit_system_reset();
}

static void attempt(uint32_t round)
{
	uint16_t w;

	switch (round) {
	case 0:
		(void)kit_read32(VICTIM_RAM);
		escaped("read_victim_ram");
		break;
	case 1:
		kit_write32(HYP_RAM, 0xbad);
		escaped("write_hypervisor_ram");
		break;
	case 2:
		kit_write32(HPET, 0xbad);
		escaped("write_unassigned_device");
		break;
	case 3:
		refused_attempts();
		break;
	case 4:
		kit_write32(LAPIC_ICR_HIGH, 1u << 24);
		kit_write32(LAPIC_ICR_LOW, 0x4500);	/* INIT to CPU 1 */
		escaped("physical_apic_icr");
		break;
	case 5:
		__asm__ volatile("vmrun" : : "a"(0x1000ull) : "memory");
		escaped("vmrun");
		break;
	case 6:
		__asm__ volatile("clgi" : : : "memory");
		escaped("clgi");
		break;
	case 7:
		__asm__ volatile("inw %1, %0" : "=a"(w) : "Nd"((uint16_t)KIT_COM1));
		escaped("wide_uart_access");
		break;
	case 8: {
		/* No IDT at all: the breakpoint becomes a triple fault. */
		struct __attribute__((packed)) { uint16_t l; uint64_t b; } none = { 0, 0 };

		__asm__ volatile("lidt %0; int3" : : "m"(none));
		escaped("triple_fault");
		break;
	}
	case 9:
		/* Its stack on a device page: the breakpoint's frame goes there,
		 * pushed by the CPU, not by an instruction to emulate.  Nothing
		 * after it runs on that stack. */
		__asm__ volatile("movq %0, %%rsp; int3; 1: jmp 1b"
				 : : "r"((uint64_t)HPET + 0x1000u) : "memory");
		break;
	default:
		break;
	}
}

#ifdef THIEF_WAITS_FOR_GO
#define GO_POLL_US 100000u

/* Wait for the letters "go" typed at this cell's console. */
static void wait_for_go(void)
{
	int prev = 0, c;

	kit_printf("thief: type go to start\n");
	for (;;) {
		c = kit_getc(GO_POLL_US);
		if (prev == 'g' && c == 'o')
			return;
		if (c >= 0)
			prev = c;
	}
}
#else
static void wait_for_go(void)
{
}
#endif

int main(void)
{
	uint32_t round = p->round;

	if (round == 0 && p->lives == 0)
		wait_for_go();
	p->lives++;
	kit_printf("life %u, round %u\n", p->lives, round);
	if (round > 0 && round <= ROUNDS)
		report(ended[round - 1], true);
	if (round < ROUNDS) {
		p->round = round + 1;
		kit_printf("attempt %u\n", round);
		attempt(round);
	}
	kit_printf("thief: done after %u lives\n", p->lives);
	kit_printf("%u passed, %u failed\n", p->passed, p->failed);
	p->done = 1;
	kit_system_off();
}
