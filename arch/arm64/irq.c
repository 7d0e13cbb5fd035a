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

	/*
	 * Bounded: an interrupt storm cannot keep this CPU here for ever.  The
	 * CPU waits in the hypervisor: its vCPU, off or not yet started, is
	 * not in its guest, so nothing goes into its list registers (they
	 * were emptied as it left); an interrupt for it waits in its queue.
	 */
	for (unsigned int i = 0; vgic_up && i < 64 && vgic_handle_irq(NULL);
	     i++)
		;
	/* A CPU waiting here still answers its siblings' GIC calls. */
	if (vgic_up && v)
		vgic_call_serve(v);
}
