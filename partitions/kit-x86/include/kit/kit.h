/*
 * The bare-metal cell kit for x86_64 cells: a runtime for small guests
 * (tests).  The hypervisor enters a cell's first CPU in 32-bit protected
 * mode with paging off; the kit switches to long mode with identity page
 * tables over the first 4 GiB (the last GiB uncached: the interrupt
 * controllers), installs its interrupt table, and calls main().  Output
 * goes to the cell's virtual 16550 at COM1 (I/O ports), one kit_printf()
 * at a time.  Other CPUs start with kit_cpu_on() (INIT and STARTUP IPIs
 * through the virtual x2APIC).
 *
 * Link: kit/start.S, kit.c, core/fmt.c; freestanding (no C library on x86
 * in Debian's packages): printf is kit_printf, with fmt.c's conversions.
 */
#ifndef KIT_KIT_H
#define KIT_KIT_H

#include <stdbool.h>
#include <stdint.h>

#define KIT_MAX_CPUS 8
#define KIT_COM1 0x3f8

/* The value the cell was entered with (EBX). */
extern uint64_t kit_boot_arg;

/*
 * True when no hypervisor answers (CPUID leaf 0x40000000 has no Septum
 * signature): the image was booted alone by QEMU's Multiboot loader and
 * owns the machine (benchmarks compare the two).  The kit then reaches the
 * local APIC through its xAPIC page (kit_apic_write()), masks the 8259
 * PICs, takes QEMU's APIC timer rate (1 GHz) and measures the TSC against
 * it; ending the cell turns
 * QEMU off (ACPI soft-off at SeaBIOS's PM base) or resets the machine.
 * Natively kit_hypercall() is an invalid opcode.
 */
extern bool kit_native;

/* The calling CPU's number in the cell (its x2APIC id). */
unsigned int kit_cpu_index(void);

/* Start CPU `cpu` of the cell running fn(cpu); false if it did not arrive. */
bool kit_cpu_on(unsigned int cpu, void (*fn)(unsigned int cpu));

/* Stop the calling CPU (it waits for a STARTUP IPI); does not return. */
void kit_cpu_off(void) __attribute__((noreturn));

/* End the cell: stop (SYSTEM_OFF) or restart (SYSTEM_RESET). */
void kit_system_off(void) __attribute__((noreturn));
void kit_system_reset(void) __attribute__((noreturn));

/* A Septum hypercall (VMMCALL): function in RAX, arguments RDI, RSI, RDX. */
int64_t kit_hypercall(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* Print through the cell's UART, one call at a time (any CPU). */
int kit_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A byte typed on the console, waited for at most `us` us; -1 if none. */
int kit_getc(uint64_t us);

/* Interrupts: kit_irq_handler(vector) for every vector from 32 up. */
extern void (*kit_irq_handler)(unsigned int vector);
void kit_irq_enable(void);
void kit_irq_disable(void);
void kit_eoi(void);

/* The local APIC timer: one shot or periodic at `vector`, every `us`. */
void kit_timer_start(unsigned int vector, uint64_t us, bool periodic);
void kit_timer_stop(void);
/*
 * One shot at `vector` when the TSC reaches `deadline` (kit_counter()), or
 * at once if it has: the local APIC timer counting down what is left, and
 * never firing before it.  A deadline more than a second away fires after
 * a second, before it: the handler compares the TSC and arms it again.
 * The same vector on every call, or the timer's setup is redone.
 */
void kit_timer_at(unsigned int vector, uint64_t deadline);
/* The rate the timer counts at (divide by 1), in Hz. */
uint64_t kit_timer_freq(void);

/*
 * A local APIC register, named by its x2APIC MSR (0x800 + offset / 16):
 * the MSR in a cell, the same register in the xAPIC page natively (the
 * ICR's destination then goes to its high word).  QEMU's TCG under
 * -icount aborts on the x2APIC timer MSRs, so natively the kit keeps the
 * APIC in xAPIC mode.
 */
void kit_apic_write(uint32_t msr, uint64_t v);
uint64_t kit_apic_read(uint32_t msr);

/* An IPI at `vector` to CPU `cpu` of the cell. */
void kit_send_ipi(unsigned int cpu, unsigned int vector);

/* Route the cell's I/O APIC input `gsi` to `vector` on CPU `cpu`. */
void kit_ioapic_route(unsigned int gsi, unsigned int vector, unsigned int cpu);

/* The TSC and its rate (from the hypervisor's CPUID leaf 0x40000010). */
uint64_t kit_counter(void);
uint64_t kit_counter_freq(void);
void kit_udelay(uint64_t us);

/*
 * MSR accesses that survive a #GP: true if it faulted (the access did not
 * happen); *value is 0 then.
 */
bool kit_try_rdmsr(uint32_t msr, uint64_t *value);
bool kit_try_wrmsr(uint32_t msr, uint64_t value);

/* Exceptions other than those: a line naming it, then the CPU stops. */

static inline uint8_t kit_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void kit_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint32_t kit_read32(uintptr_t a)
{
	uint32_t v;

	/* One plain MOV, so the hypervisor can emulate it. */
	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void kit_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("movl %0, (%1)" : : "r"(v), "r"(a) : "memory");
}

/* This CPU's stores to memory visible to the other CPUs before a device
 * register write that follows (one telling a peer about them). */
static inline void kit_publish_barrier(void)
{
	/* x86 keeps stores in order, and the register write (an exit to
	 * the hypervisor) comes after them: only the compiler must not move
	 * them past it. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline uint64_t kit_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void kit_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void kit_cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			 "=d"(r[3]) : "a"(leaf), "c"(0));
}

#endif /* KIT_KIT_H */
