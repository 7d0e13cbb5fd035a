/* Fake CPUs: one real thread plays every CPU; see host/fake.h. */
#include <host/fake.h>
#include <septum/arch/cpu.h>
#include <septum/smp.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

/* Waits for an event in a run with no event in between: a hang. */
#define WAITS_FOR_EVER 100000ul

enum err host_cpu_start_result = E_OK;
bool host_cpu_arrives = true;
unsigned int host_cpu_start_calls;
uint64_t host_boot_hwid;

static struct percpu *local;
static jmp_buf *run_back;	/* where the CPU of the run under way returns */
static unsigned long waits;	/* waits for an event since the last event */

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

bool host_cpu_in_run(void)
{
	return run_back != NULL;
}

void host_cpu_leave(enum host_left how)
{
	if (!run_back) {
		fprintf(stderr, "host: a CPU left the hypervisor outside a run\n");
		abort();
	}
	longjmp(*run_back, (int)how);
}

enum host_left host_cpu_run(unsigned int cpu, void (*fn)(void *), void *arg)
{
	jmp_buf here;
	/* volatile: read after longjmp() returns to the setjmp() below. */
	volatile int how;

	if (run_back) {
		fprintf(stderr, "host: host_cpu_run() inside a run\n");
		abort();
	}
	arch_cpu_set_local(&percpu_all[cpu]);
	waits = 0;
	run_back = &here;
	how = setjmp(here);
	if (how == 0) {
		fn(arg);
		how = HOST_LEFT_RETURNED;
	}
	run_back = NULL;
	return (enum host_left)how;
}

/*
 * In a run, a wait that no event ends is a lock this thread already holds
 * (or one left held): on hardware, the CPU would hang.
 */
void arch_cpu_wait_event(void)
{
	if (run_back && ++waits > WAITS_FOR_EVER) {
		fprintf(stderr, "host: CPU %u waits for ever (a spinlock that "
				"is never released)\n", local ? local->index : 0);
		abort();
	}
}

void arch_cpu_idle(void)
{
	waits = 0;
	if (run_back)
		host_cpu_leave(HOST_LEFT_IDLE);
}

void arch_cpu_yield(void)
{
}

void arch_cpu_send_event(void)
{
	waits = 0;
}

void arch_cpu_halt(void)
{
	host_exit(HOST_EXIT_HALTED);
}

void arch_cpu_read_facts(struct arch_cpu_facts *facts)
{
	*facts = (struct arch_cpu_facts){ true, true, true, 2 };
}
