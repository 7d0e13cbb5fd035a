/*
 * Per-CPU state of the hypervisor.  Each CPU reaches its own through
 * percpu_this(); other CPUs' entries are read only after their `online` flag
 * (release/acquire) says they are filled in.
 */
#ifndef SEPTUM_PERCPU_H
#define SEPTUM_PERCPU_H

#include <septum/arch/cpu.h>
#include <septum/types.h>

/* Most CPUs the hypervisor manages (the config ABI has the same limit). */
#define MAX_CPUS 8

struct percpu {
	unsigned int index;	/* logical index, 0 = boot CPU */
	uint64_t hwid;		/* hardware id the firmware knows it by */
	bool online;		/* set (release) once it runs hypervisor C code */
	struct arch_cpu_facts facts;	/* read on arrival, for self-tests */
	struct vcpu *vcpu;	/* the cell CPU pinned here, or NULL */
};

extern struct percpu percpu_all[MAX_CPUS];

/* The calling CPU's entry.  Any context after arch_cpu_set_local(). */
static inline struct percpu *percpu_this(void)
{
	return arch_cpu_local();
}

#endif /* SEPTUM_PERCPU_H */
