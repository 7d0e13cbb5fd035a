/*
 * Core's handlers for the hypervisor's own interrupts (septum/arch/irq.h is
 * the arch's side).  The arch calls them with interrupts masked, on the CPU
 * that took the interrupt, once it is acknowledged; it deactivates it after.
 */
#ifndef SEPTUM_IRQ_H
#define SEPTUM_IRQ_H

#include <septum/types.h>

/* The one-shot timer (arch_timer_oneshot()) expired. */
void irq_timer_expired(void);

/* Device interrupt `intid`, claimed with arch_irq_claim(), is pending. */
void irq_device(uint32_t intid);

#endif /* SEPTUM_IRQ_H */
