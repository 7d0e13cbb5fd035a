#include <arch/psci.h>
#include <arch/spintable.h>
#include <arch/sysreg.h>
#include <septum/arch/cpu.h>
#include <septum/arch/mmu.h>

extern char vectors[];
extern char secondary_entry[];

uint64_t arch_cpu_hwid(void)
{
	return sysreg_read(mpidr_el1) & MPIDR_AFFINITY_MASK;
}

void arch_cpu_set_local(struct percpu *p)
{
	sysreg_write(tpidr_el2, (uintptr_t)p);
}

struct percpu *arch_cpu_local(void)
{
	return (struct percpu *)sysreg_read(tpidr_el2);
}

enum err arch_cpu_start(unsigned int index, uint64_t hwid)
{
	enum err e = spintable_cpu_on(index, hwid);

	if (e != E_NOTFOUND)
		return e;
	/*
	 * Pass only the affinity fields: firmware (QEMU's among them) rejects
	 * a target with MPIDR bit 31 set, and the CPU never starts.
	 */
	return psci_cpu_on(hwid & MPIDR_AFFINITY_MASK,
			   arch_mmu_image_pa(secondary_entry), index);
}

void arch_cpu_wait_event(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

void arch_cpu_idle(void)
{
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
}

void arch_cpu_yield(void)
{
	__asm__ volatile("yield" : : : "memory");
}

void arch_cpu_send_event(void)
{
	__asm__ volatile("dsb ishst\n\tsev" : : : "memory");
}

void arch_cpu_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		__asm__ volatile("wfi");
}

void arch_cpu_read_facts(struct arch_cpu_facts *facts)
{
	facts->exception_level =
		(unsigned int)CURRENTEL_EL(sysreg_read(CurrentEL));
	facts->hyp_mode = facts->exception_level == 2;
	facts->mmu_on = sysreg_read(sctlr_el2) & SCTLR_M;
	facts->vectors_installed = sysreg_read(vbar_el2) == (uintptr_t)vectors;
}
