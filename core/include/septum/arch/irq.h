/*
 * Arch interface: local interrupt masking.  The hypervisor runs with its own
 * interrupts masked; these exist for the few places that must be explicit.
 */
#ifndef SEPTUM_ARCH_IRQ_H
#define SEPTUM_ARCH_IRQ_H

#include <septum/types.h>

/* Mask interrupts on this CPU and return the previous mask state. */
unsigned long arch_irq_save(void);

/* Restore the mask state returned by arch_irq_save(). */
void arch_irq_restore(unsigned long flags);

/*
 * Handle the physical interrupts pending for this CPU (a CPU waiting in the
 * hypervisor with interrupts masked calls this when it wakes).
 */
void arch_irq_poll(void);

/*
 * Take physical interrupt `intid` for the hypervisor's own use (a device
 * driven by it, like the console UART), delivered to CPU `cpu`.  Boot CPU.
 */
void arch_irq_claim(uint32_t intid, unsigned int cpu);

#endif /* SEPTUM_ARCH_IRQ_H */
