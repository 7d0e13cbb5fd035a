/*
 * Arch interface: the system counter, for bounded waits and timestamps.
 */
#ifndef SEPTUM_ARCH_TIMER_H
#define SEPTUM_ARCH_TIMER_H

#include <septum/types.h>

/* The free-running system counter (monotonic, same on every CPU). */
uint64_t arch_timer_now(void);

/* Its frequency in Hz (never 0). */
uint64_t arch_timer_freq(void);

/*
 * Interrupt the calling CPU once, `delay` ticks from now (replacing an
 * earlier request); the expiry calls irq_timer_expired() (septum/irq.h).
 * Any CPU.
 */
void arch_timer_oneshot(uint64_t delay);

#endif /* SEPTUM_ARCH_TIMER_H */
