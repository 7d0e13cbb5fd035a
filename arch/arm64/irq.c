#include <arch/gic.h>
#include <arch/vgic.h>
#include <septum/arch/irq.h>
#include <septum/cell.h>

void arch_irq_claim(uint32_t intid, unsigned int cpu)
{
	vgic_claim(intid, cpu, false);
}

void arch_irq_poll(void)
{
	struct vcpu *v = cell_this_vcpu();

	/* Bounded: an interrupt storm cannot keep this CPU here for ever. */
	for (unsigned int i = 0; vgic_up && i < 64 && vgic_handle_irq(v); i++)
		;
	/* A CPU waiting here still answers its siblings' GIC calls. */
	if (vgic_up && v)
		vgic_call_serve(v);
}
