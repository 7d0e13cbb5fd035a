#include <arch/gic.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <septum/arch/irq.h>

unsigned long arch_irq_save(void)
{
	unsigned long flags = sysreg_read(daif);

	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	sysreg_write(daif, flags);
}

void arch_irq_claim(uint32_t intid, unsigned int cpu)
{
	vgic_claim(intid, cpu);
}

void arch_irq_poll(void)
{
	if (gic)
		vgic_handle_irqs();
}
