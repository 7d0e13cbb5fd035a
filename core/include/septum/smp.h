/*
 * Bringing up the other CPUs.
 */
#ifndef SEPTUM_SMP_H
#define SEPTUM_SMP_H

#include <septum/main.h>
#include <septum/types.h>

/* How long one CPU may take from its start request to hypervisor C code. */
#define SMP_CPU_ARRIVAL_TIMEOUT_MS 1000

/*
 * Register the boot CPU as logical 0.  Boot CPU, first thing in main_primary().
 */
void smp_init_boot_cpu(void);

/*
 * Start every other CPU the boot information lists through arch_cpu_start()
 * and wait (bounded) for each to arrive.  CPUs beyond MAX_CPUS are reported
 * and left off.  A CPU that firmware refuses or that does not arrive in time
 * is a hardware failure: panic naming it.  Returns the number of CPUs online.
 */
unsigned int smp_boot_secondaries(const struct boot_info *boot);

/*
 * Called by a secondary CPU on arrival in C: record its facts, mark it online.
 */
void smp_cpu_arrived(unsigned int index);

/* Number of CPUs online. */
unsigned int smp_online_count(void);

#endif /* SEPTUM_SMP_H */
