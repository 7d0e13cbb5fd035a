/*
 * Arch interface: the hypervisor's own interrupts.  The hypervisor always
 * runs with interrupts masked; it takes them when it leaves a cell (an IRQ
 * exit) or by polling while it waits.
 */
#ifndef SEPTUM_ARCH_IRQ_H
#define SEPTUM_ARCH_IRQ_H

#include <septum/types.h>

/*
 * Handle the physical interrupts pending for this CPU (a CPU waiting in the
 * hypervisor with interrupts masked calls this when it wakes).
 */
void arch_irq_poll(void);

/*
 * Take physical interrupt `intid` for the hypervisor's own use (a device
 * driven by it, like the console UART), delivered to CPU `cpu`, which calls
 * irq_device() (septum/irq.h) for it.  Boot CPU.
 */
void arch_irq_claim(uint32_t intid, unsigned int cpu);

#endif /* SEPTUM_ARCH_IRQ_H */
