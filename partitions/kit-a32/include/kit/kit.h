/*
 * The bare-metal cell kit for AArch32 guests: the AArch64 kit's runtime
 * (partitions/kit/) for cells whose image is AArch32 code, on newlib.  It
 * boots in Supervisor mode on the cell's first CPU, entered in A32 at the
 * image's first byte or in T32 at KIT_T32_ENTRY (the config's `entry` says
 * which: bit 0 set is T32), turns on an identity-mapped MMU (short
 * descriptors: RAM normal, the rest device), routes newlib's printf() to the
 * cell's PL011, gives malloc() the heap kit.ld reserves, and calls main().
 * The kit's code is T32 (newlib's ARMv8-A multilib), its start-up and
 * vectors A32.
 */
#ifndef KIT_KIT_H
#define KIT_KIT_H

#include <stdbool.h>
#include <stdint.h>

#define KIT_MAX_CPUS 8

/* Offset of the T32 entry point in the image (the config's entry: +1). */
#define KIT_T32_ENTRY 0x40

/* r0 at entry (a DTB address, or 0); the instruction set entered in. */
extern uint32_t kit_boot_r0;
extern uint32_t kit_entry_t32;

/* Virtual CPU index of the caller (MPIDR Aff0 as the hypervisor shows it). */
unsigned int kit_cpu_index(void);

/* SMCCC calls (SMC32/HVC32) through the given conduit; return r0. */
int32_t kit_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
int32_t kit_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

/*
 * Start virtual CPU `cpu` (MPIDR `cpu`) running fn(cpu) on its own stack
 * (PSCI CPU_ON, SMC32); returns the PSCI status.
 */
int32_t kit_cpu_on(unsigned int cpu, void (*fn)(unsigned int cpu));

/* Stop the calling CPU (PSCI CPU_OFF); does not return. */
void kit_cpu_off(void) __attribute__((noreturn));

/* End the cell: SYSTEM_OFF (stop) or SYSTEM_RESET (restart). */
void kit_system_off(void) __attribute__((noreturn));
void kit_system_reset(void) __attribute__((noreturn));

/*
 * Exceptions.  By default an exception prints a line and stops the CPU.  A
 * test may instead survive one data or prefetch abort: kit_expect_fault()
 * arms a one-shot catch; kit_fault_taken() says whether one was taken (the
 * faulting instruction is skipped).  esr is DFSR or IFSR, far DFAR or IFAR.
 */
struct kit_fault {
	uint32_t esr;
	uint32_t far;
	uint32_t elr;
};
void kit_expect_fault(void);
bool kit_fault_taken(struct kit_fault *fault);

/*
 * A test may also survive one Undefined Instruction exception:
 * kit_expect_undef() arms a one-shot catch for an instruction in T32 (t32)
 * or A32; kit_undef_taken() says whether one was taken and how it arrived:
 * lr and spsr as the CPU gave them to Undefined mode (LR_und, SPSR_und),
 * cpsr as the handler ran.  Execution resumes after the instruction, in
 * that instruction set and the mode, masks and flags kit_expect_undef()
 * was called with.
 */
struct kit_undef {
	uint32_t lr;
	uint32_t spsr;
	uint32_t cpsr;
};
void kit_expect_undef(bool t32);
bool kit_undef_taken(struct kit_undef *undef);

/* Interrupt handling: kit_irq_handler is called with the INTID. */
extern void (*kit_irq_handler)(uint32_t intid);
void kit_irq_enable(void);
void kit_irq_disable(void);

/* Print through the cell's UART, one call at a time (any CPU). */
int kit_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Busy-wait for `us` microseconds on the virtual counter. */
void kit_udelay(uint64_t us);

static inline uint64_t kit_counter(void)
{
	uint32_t lo, hi;

	/* CNTVCT */
	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t kit_counter_freq(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));	/* CNTFRQ */
	return v;
}

static inline uint32_t kit_read32(uintptr_t a)
{
	uint32_t v;

	/* One plain load, so a trapping hypervisor sees a decodable access. */
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void kit_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* This CPU's stores to memory visible to the other CPUs before a device
 * register write that follows (one telling a peer about them). */
static inline void kit_publish_barrier(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void kit_write8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* A 64-bit register as two 32-bit accesses, low word first (as GICv3 allows). */
static inline uint64_t kit_read64(uintptr_t a)
{
	return (uint64_t)kit_read32(a + 4) << 32 | kit_read32(a);
}

static inline void kit_write64(uintptr_t a, uint64_t v)
{
	kit_write32(a, (uint32_t)v);
	kit_write32(a + 4, (uint32_t)(v >> 32));
}

/* PSCI function IDs (SMC32) and results (ARM DEN 0022). */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_CPU_ON_64 0xc4000003u	/* not callable from AArch32 */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)

#endif /* KIT_KIT_H */
