/*
 * The time-stamp counter as the system counter: its rate is measured at
 * boot against a clock of fixed rate (the ACPI PM timer, else the PIT),
 * since it differs between machines and CPUID does not say it on the CPUs
 * this runs on.
 */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <septum/types.h>

/* Measure the TSC's rate.  Boot CPU, early, interrupts masked. */
void tsc_calibrate(void);

/* Busy-wait `us` microseconds on the TSC (after tsc_calibrate()). */
void tsc_delay_us(uint64_t us);

#endif /* ARCH_TSC_H */
