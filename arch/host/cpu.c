/* Fake CPUs: one real thread plays every CPU; see host/fake.h. */
#include <host/fake.h>
#include <septum/arch/cpu.h>
#include <septum/smp.h>

enum err host_cpu_start_result = E_OK;
bool host_cpu_arrives = true;
unsigned int host_cpu_start_calls;
uint64_t host_boot_hwid;

static struct percpu *local;

uint64_t arch_cpu_hwid(void)
{
	return host_boot_hwid;
}

void arch_cpu_set_local(struct percpu *p)
{
	local = p;
}

struct percpu *arch_cpu_local(void)
{
	return local;
}

enum err arch_cpu_start(unsigned int index, uint64_t hwid)
{
	struct percpu *caller = local;

	(void)hwid;
	host_cpu_start_calls++;
	if (host_cpu_start_result != E_OK || !host_cpu_arrives)
		return host_cpu_start_result;
	/* The started CPU "runs" to its arrival, then the caller resumes. */
	smp_cpu_arrived(index);
	local = caller;
	return E_OK;
}

void arch_cpu_wait_event(void)
{
}

void arch_cpu_idle(void)
{
}

void arch_cpu_yield(void)
{
}

void arch_cpu_send_event(void)
{
}

void arch_cpu_halt(void)
{
	host_exit(HOST_EXIT_HALTED);
}

void arch_cpu_read_facts(struct arch_cpu_facts *facts)
{
	*facts = (struct arch_cpu_facts){ true, true, true, 2 };
}
