/*
 * The hypervisor's own interrupts on x86_64: its local APIC's timer and
 * kick IPIs, and the device interrupts it claims (the console UART's),
 * routed through the I/O APIC.  The hypervisor runs with interrupts masked
 * and opens a window (STI) where it may take them: idle CPUs, and after a
 * cell's exit.  Handlers run on the stack of whatever was interrupted.
 */
#include <arch/apic.h>
#include <arch/ioapic.h>
#include <arch/svm.h>
#include <arch/trap.h>
#include <septum/arch/irq.h>
#include <septum/irq.h>
#include <septum/percpu.h>

void x86_trap(struct x86_frame *f)
{
	uint64_t v = f->vector;

	if (v < X86_EXCEPTIONS)
		x86_trap_fatal(f);
	if (v == VECTOR_SPURIOUS)
		return;	/* no EOI for the spurious vector */
	if (v == VECTOR_TIMER) {
		apic_eoi();
		timer_interrupt();
	} else if (v == VECTOR_KICK) {
		apic_eoi();	/* the interrupt itself was the message */
	} else if (v >= VECTOR_DEVICE && v <= VECTOR_DEVICE_LAST) {
		irq_device((uint32_t)(v - VECTOR_DEVICE));
		apic_eoi();
	} else {
		x86_trap_fatal(f);
	}
}

void arch_irq_poll(void)
{
	/* Pending interrupts are taken in STI's shadow, before the CLI. */
	__asm__ volatile("sti\n\tnop\n\tcli" : : : "memory");
}

void arch_irq_claim(uint32_t intid, unsigned int cpu)
{
	ioapic_route(intid, (uint32_t)percpu_all[cpu].hwid);
}
