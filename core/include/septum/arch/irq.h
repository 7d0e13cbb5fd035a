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

#endif /* SEPTUM_ARCH_IRQ_H */
