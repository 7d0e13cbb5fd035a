/*
 * The guest's other CPUs: started with PSCI CPU_ON, they set up their GIC
 * interface and then run what CPU 0 posts to them, one call at a time.
 * CPU 0 drives every section and waits for each call, so what they print
 * comes in a fixed order.  Waiting is WFE (SEV on each change), which under
 * QEMU's round-robin vCPUs hands the host thread over at once.
 */
#include "../gicconf.h"

#define START_US 200000u
#define CALL_US 500000u
#define PSCI_ABSENT_CPU 7u
#define AFFINITY_OFF 1	/* AFFINITY_INFO's answer for an off CPU */

struct call {
	void (*volatile fn)(uint32_t arg);
	volatile uint32_t arg;
	volatile uint32_t posted;
	volatile uint32_t done;
};

static struct call calls[GC_MAX_CPUS];
static volatile bool up[GC_MAX_CPUS];
struct gc_psci_seen gc_psci_seen;

static void sev(void)
{
	__asm__ volatile("dsb sy; sev" : : : "memory");
}

static void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static void secondary(unsigned int cpu)
{
	uint32_t seen = calls[cpu].posted;	/* started again: none new */

	gc_vectors_install();
	gc_gic_init_cpu();
	up[cpu] = true;
	sev();
	for (;;) {
		while (calls[cpu].posted == seen)
			wfe();
		seen = calls[cpu].posted;
		__asm__ volatile("dmb sy" : : : "memory");
		calls[cpu].fn(calls[cpu].arg);
		calls[cpu].done = seen;
		sev();
	}
}

bool gc_cpu_up(unsigned int cpu)
{
	return cpu == 0 || (cpu < GC_MAX_CPUS && up[cpu]);
}

void gc_post(unsigned int cpu, void (*fn)(uint32_t arg), uint32_t arg)
{
	if (!gc_cpu_up(cpu) || cpu == 0)
		return;
	calls[cpu].fn = fn;
	calls[cpu].arg = arg;
	__asm__ volatile("dmb sy" : : : "memory");
	calls[cpu].posted++;
	sev();
}

bool gc_join(unsigned int cpu)
{
	uint64_t end = kit_counter() + gc_ticks(CALL_US);

	if (!gc_cpu_up(cpu) || cpu == 0)
		return false;
	while (calls[cpu].done != calls[cpu].posted && kit_counter() < end)
		wfe();
	if (calls[cpu].done == calls[cpu].posted)
		return true;
	gc_problem("CPU %u did not finish a call", cpu);
	return false;
}

bool gc_on_cpu(unsigned int cpu, void (*fn)(uint32_t arg), uint32_t arg)
{
	if (cpu == 0) {
		fn(arg);
		return true;
	}
	gc_post(cpu, fn, arg);
	return gc_join(cpu);
}

static bool wait_up(unsigned int cpu)
{
	uint64_t end = kit_counter() + gc_ticks(START_US);

	while (!up[cpu] && kit_counter() < end)
		wfe();
	return up[cpu];
}

/* CPU 1's start, with the answers a second CPU_ON and AFFINITY_INFO give. */
static void start_first(void)
{
	struct gc_psci_seen *p = &gc_psci_seen;

	p->on = kit_cpu_on(1, secondary);
	p->on_again = kit_cpu_on(1, secondary);
	p->affinity_after_on = kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0);
	if (wait_up(1)) {
		p->affinity_running = kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0);
		p->on_running = kit_cpu_on(1, secondary);
	}
}

unsigned int gc_cpus_start(void)
{
	struct gc_psci_seen *p = &gc_psci_seen;
	unsigned int n = 1;

	p->version = kit_hvc(PSCI_VERSION, 0, 0, 0);
	p->features_on = kit_hvc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0);
	p->on_absent = kit_hvc(PSCI_CPU_ON, PSCI_ABSENT_CPU, 0, 0);
	p->affinity_absent = kit_hvc(PSCI_AFFINITY_INFO, PSCI_ABSENT_CPU, 0, 0);
	for (unsigned int cpu = 1; cpu < gc.ncpus && cpu < GC_MAX_CPUS; cpu++) {
		if (cpu == 1)
			start_first();
		else if (kit_cpu_on(cpu, secondary) == PSCI_SUCCESS)
			wait_up(cpu);
		if (up[cpu])
			n++;
		else
			gc_problem("CPU %u did not start", cpu);
	}
	return n;
}

static void c_off(uint32_t arg)
{
	(void)arg;
	up[kit_cpu_index()] = false;
	sev();
	kit_hvc(PSCI_CPU_OFF, 0, 0, 0);
}

bool gc_cpu_off(unsigned int cpu)
{
	uint64_t end = kit_counter() + gc_ticks(START_US);
	bool off = false;

	if (!gc_cpu_up(cpu) || cpu == 0)
		return false;
	gc_post(cpu, c_off, 0);
	while (!off && kit_counter() < end)
		off = kit_hvc(PSCI_AFFINITY_INFO, cpu, 0, 0) == AFFINITY_OFF;
	calls[cpu].done = calls[cpu].posted;	/* CPU_OFF does not return */
	return off;
}

bool gc_cpu_restart(unsigned int cpu)
{
	return cpu < GC_MAX_CPUS && !up[cpu] &&
	       kit_cpu_on(cpu, secondary) == PSCI_SUCCESS && wait_up(cpu);
}
