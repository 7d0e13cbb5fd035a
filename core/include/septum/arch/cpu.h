/*
 * Arch interface: the CPU.  Implemented by arch/<arch>/cpu.c and arch/host/.
 *
 * CPUs are numbered by the hypervisor: logical index 0 is the boot CPU, the
 * others follow in device-tree order.  The hardware id (MPIDR affinity on
 * arm64, APIC id on x86) is what firmware and interrupt routing use.
 */
#ifndef SEPTUM_ARCH_CPU_H
#define SEPTUM_ARCH_CPU_H

#include <septum/error.h>
#include <septum/types.h>

struct percpu;

/* Hardware id of the calling CPU (MPIDR_EL1 affinity fields on arm64). */
uint64_t arch_cpu_hwid(void);

/* Point this CPU's per-CPU register at p.  Called once per CPU, first thing in C. */
void arch_cpu_set_local(struct percpu *p);

/* This CPU's per-CPU data as set by arch_cpu_set_local(). */
struct percpu *arch_cpu_local(void);

/*
 * Ask firmware to start CPU `hwid`; it enters the hypervisor, sets up its
 * mappings, stack and vectors and calls main_secondary(index).  Returns
 * E_OK once firmware accepted the request (the CPU may not have arrived yet),
 * E_BUSY if it is already on, E_DENIED/E_INVALID as firmware answers.
 * Boot CPU only.
 */
enum err arch_cpu_start(unsigned int index, uint64_t hwid) MUST_CHECK;

/* Wait for an event (another CPU's arch_cpu_send_event() or a periodic tick). */
void arch_cpu_wait_event(void);

/*
 * Sleep until an interrupt is pending for this CPU (taken or not: the
 * hypervisor runs with them masked), e.g. arch_cpu_kick()'s.  For CPUs that
 * wait long, with nothing to run: an emulator parks the CPU for it, where a
 * wait for an event may spin.
 */
void arch_cpu_idle(void);

/*
 * A hint between the chunks of long work (loading a large image): lets the
 * other hardware threads of a core, or the other CPUs of an emulator that
 * runs CPUs in turn (QEMU TCG with -icount), have their share.  Costs one
 * instruction; never waits.
 */
void arch_cpu_yield(void);

/* Wake every CPU waiting in arch_cpu_wait_event(). */
void arch_cpu_send_event(void);

/* Mask interrupts and stop this CPU for good. */
NORETURN void arch_cpu_halt(void);

/*
 * Facts about the calling CPU that boot self-tests check: running at the
 * hypervisor's privilege level, its own MMU on, its own exception vectors in
 * place, and the exception level number it runs at.
 */
struct arch_cpu_facts {
	bool hyp_mode;
	bool mmu_on;
	bool vectors_installed;
	unsigned int exception_level;
};
void arch_cpu_read_facts(struct arch_cpu_facts *facts);

#endif /* SEPTUM_ARCH_CPU_H */
