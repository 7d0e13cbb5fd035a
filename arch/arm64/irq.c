#include <arch/gic.h>
#include <arch/vgic.h>
#include <septum/arch/irq.h>

void arch_irq_claim(uint32_t intid, unsigned int cpu)
{
	vgic_claim(intid, cpu);
}

void arch_irq_poll(void)
{
	if (gic)
		vgic_handle_irqs();
}
