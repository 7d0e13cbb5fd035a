/*
 * Per-CPU set-up of the hypervisor on x86_64: its descriptor tables (a GDT
 * and TSS per CPU, whose interrupt stacks are in the CPU's stack slot; one
 * IDT for all), the control registers it runs with, and SVM switched on.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <septum/types.h>

/*
 * Load this CPU's GDT, TSS and the IDT, and set the control registers
 * (CR0.WP, CR4, EFER.NXE and SVME).  `index` is the CPU's logical number (its
 * stack slot).  Boot CPU first (which builds the IDT), then each AP on
 * arrival.
 */
void x86_cpu_setup(unsigned int index);

/*
 * Whether this CPU can run cells: AMD SVM with nested paging, not disabled
 * by firmware, and NX; if not, `why` says what is missing.
 */
bool x86_cpu_supported(const char **why);

/* Whether `addr` is in a stack guard page; *cpu gets whose. */
bool x86_stack_guard(uint64_t addr, unsigned int *cpu);

/* The CPU's APIC id as CPUID reports it (valid before the APIC is mapped). */
uint32_t x86_apic_id(void);

/*
 * What each CPU's registers said as it arrived in core (recorded by
 * arch_cpu_read_facts()), for the self-tests.
 */
struct x86_cpu_state {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t gdt_base, idt_base, tss_base;
	uint64_t ist[2];	/* the TSS's IST 1 and 2 */
	uint16_t tr;
	bool recorded;
};

extern struct x86_cpu_state x86_cpu_state[];

/* Base of CPU `index`'s own GDT, and the one IDT. */
uintptr_t x86_cpu_gdt(unsigned int index);
uintptr_t x86_idt(void);

/*
 * The C entry points of the assembly: the boot CPU from head.S (Multiboot
 * magic, the information block's physical address, the TSC at entry), an
 * AP from the trampoline (its logical number).  Never return.
 */
NORETURN void x86_boot_primary(uint32_t magic, uint32_t info_pa,
			       uint64_t entry_tsc);
NORETURN void x86_ap_entry(unsigned int index);

/* The AP start-up code (trampoline.S): copied to TRAMPOLINE_PA. */
extern const uint8_t trampoline_start[], trampoline_end[];

#endif /* ARCH_CPU_H */
