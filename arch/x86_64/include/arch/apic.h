/*
 * The hypervisor's local APIC (xAPIC, memory-mapped at the address of
 * IA32_APIC_BASE, the same on every CPU): its own timer, its IPIs and
 * starting the APs.  Cells never touch it: they see a virtual one.
 */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include <septum/error.h>
#include <septum/types.h>

/* Where every CPU has its APIC (the architecture's default base). */
#define APIC_PA_DEFAULT 0xfee00000u

/* Interrupt vectors the hypervisor uses (above every exception). */
#define VECTOR_TIMER 0xf0	/* its one-shot timer */
#define VECTOR_KICK 0xf1	/* another CPU wants this one's attention */
#define VECTOR_DEVICE 0xe0	/* first of the device interrupts (GSI + this) */
#define VECTOR_DEVICE_LAST 0xef
#define VECTOR_SPURIOUS 0xff

/*
 * Map the local APIC's registers (boot CPU, once, before apic_cpu_init()).
 * Panics if the APIC is missing or not where every CPU has it.
 */
void apic_map(void);

/* Enable this CPU's APIC: spurious vector, LINT0 masked, timer stopped. */
void apic_cpu_init(void);

/* Signal end of interrupt for the one being handled. */
void apic_eoi(void);

/* Send interrupt `vector` to the CPU with APIC id `apic_id`. */
void apic_send_ipi(uint32_t apic_id, uint8_t vector);

/*
 * INIT, then two STARTUP IPIs to `apic_id` at real-mode address `start`
 * (page-aligned, below 1 MiB), with the delays the architecture asks for.
 * E_TIMEOUT if the APIC never accepts one.  Boot CPU.
 */
enum err apic_start_ap(uint32_t apic_id, uint64_t start) MUST_CHECK;

/*
 * The timer: its rate is measured against the TSC at boot
 * (apic_timer_calibrate(), boot CPU, once the TSC rate is known); then one
 * shot `ticks` of the TSC from now on the calling CPU (0: stop it).
 */
void apic_timer_calibrate(void);
void apic_timer_oneshot(uint64_t tsc_ticks);
uint64_t apic_timer_hz(void);

#endif /* ARCH_APIC_H */
