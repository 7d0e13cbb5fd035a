/*
 * The bare-metal cell kit: a runtime for small AArch64 guests (tests, the
 * real-time demo).  It boots at EL1 on the cell's first CPU, turns on an
 * identity-mapped MMU (RAM normal, the rest device), routes printf() to the
 * cell's PL011, and calls main().  Link with kit.ld and picolibc.
 *
 * A guest may start its other CPUs with kit_cpu_on(); each runs the function
 * given, on its own stack.
 */
#ifndef KIT_KIT_H
#define KIT_KIT_H

#include <stdbool.h>
#include <stdint.h>

#define KIT_MAX_CPUS 8

/* Arguments the cell was entered with (x0 = its DTB address, or 0). */
extern uint64_t kit_boot_x0;

/* Virtual CPU index of the caller (MPIDR_EL1 Aff0 as the hypervisor shows it). */
unsigned int kit_cpu_index(void);

/* PSCI / SMCCC calls through the given conduit; return x0. */
int64_t kit_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
int64_t kit_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/*
 * Start virtual CPU `cpu` (MPIDR `cpu`) running fn(cpu) on its own stack;
 * returns the PSCI status.
 */
int64_t kit_cpu_on(unsigned int cpu, void (*fn)(unsigned int cpu));

/* Stop the calling CPU (PSCI CPU_OFF); does not return. */
void kit_cpu_off(void) __attribute__((noreturn));

/* End the cell: SYSTEM_OFF (stop) or SYSTEM_RESET (restart). */
void kit_system_off(void) __attribute__((noreturn));
void kit_system_reset(void) __attribute__((noreturn));

/*
 * Exceptions.  By default an exception prints a line and stops the CPU.  A
 * test may instead ask to survive synchronous exceptions: kit_expect_fault()
 * arms a one-shot catch; kit_fault_taken() says whether one was taken (and
 * skips the faulting instruction; after an instruction abort, execution
 * resumes at x30, as if the call that branched there had returned).
 */
struct kit_fault {
	uint64_t esr;
	uint64_t far;
	uint64_t elr;
};
void kit_expect_fault(void);
bool kit_fault_taken(struct kit_fault *fault);

/*
 * Whether the guest runs in a Septum cell: Septum answers its VERSION
 * hypercall; natively HVC is the firmware's PSCI (or undefined, which the
 * fault catch skips).  For guests that also run natively at EL1.
 */
bool kit_in_septum(void);

/*
 * A heartbeat: a beat every millisecond of the counter until *done is set
 * or `max_beats` beats, each() (if not NULL) after every 100th; prints
 * "<beats> beats, longest interval <us> us" and returns that longest
 * interval in counter ticks (a stall of this CPU shows there).
 */
uint64_t kit_heartbeat(const volatile uint32_t *done, unsigned int max_beats,
		       void (*each)(unsigned int beats));

/* Interrupt handling: kit_irq_handler is called with the INTID. */
extern void (*kit_irq_handler)(uint32_t intid);
void kit_irq_enable(void);
void kit_irq_disable(void);
/*
 * Sleep in WFI until an interrupt handler sets *flag; called and returning
 * with IRQs unmasked.  They are masked from each look at the flag to the
 * WFI, so a handler that sets it in between cannot leave the CPU asleep.
 */
void kit_wait_flag(const volatile bool *flag);

/* Print through the cell's UART, one call at a time (any CPU). */
int kit_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * One test result: "TEST <suite>.<name> PASS|FAIL", counted for
 * kit_check_summary(), which prints "<n> passed, <m> failed".
 */
void kit_check(const char *suite, const char *name, bool ok);
void kit_check_summary(void);

/* Busy-wait for `us` microseconds on the virtual counter. */
void kit_udelay(uint64_t us);

static inline uint64_t kit_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static inline uint64_t kit_counter_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static inline uint32_t kit_read32(uintptr_t a)
{
	uint32_t v;

	/* One plain load, so a trapping hypervisor sees a decodable access. */
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void kit_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* This CPU's stores to memory visible to the other CPUs before a device
 * register write that follows (one telling a peer about them). */
static inline void kit_publish_barrier(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void kit_write8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline uint64_t kit_read64(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void kit_write64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* PSCI function IDs and results (ARM DEN 0022). */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0xc4000003u
#define PSCI_AFFINITY_INFO 0xc4000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)

#endif /* KIT_KIT_H */
