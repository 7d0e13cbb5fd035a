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

#endif /* SEPTUM_ARCH_TIMER_H */
