#include <septum/arch/cpu.h>
#include <septum/console.h>
#include <septum/drivers/power.h>
#include <septum/fmt.h>
#include <septum/panic.h>
#include <septum/percpu.h>

#define NO_CPU (~0u)

/* Logical index of the CPU that owns the fatal report, NO_CPU while none. */
static unsigned int panic_owner = NO_CPU;

/* The CPU's index, or 0 before per-CPU data exists (boot CPU, early boot). */
static unsigned int this_cpu_index(void)
{
	const struct percpu *p = percpu_this();

	return p ? p->index : 0;
}

bool panic_active(void)
{
	return __atomic_load_n(&panic_owner, __ATOMIC_ACQUIRE) != NO_CPU;
}

bool panic_begin(void)
{
	unsigned int me = this_cpu_index();
	unsigned int none = NO_CPU;

	/*
	 * Before per-CPU data exists only the boot CPU runs, possibly with the
	 * MMU off, where exclusive accesses are not guaranteed to work.
	 */
	if (!percpu_this()) {
		if (panic_owner == me)
			return false;
		panic_owner = me;
		return true;
	}
	if (!__atomic_compare_exchange_n(&panic_owner, &none, me, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (none != me)
			arch_cpu_halt();	/* another CPU is reporting */
		return false;			/* we faulted while reporting */
	}
	arch_cpu_send_event();	/* idle CPUs wake, see panic_active(), halt */
	console_panic_takeover();
	return true;
}

void panic_end(void)
{
	console_puts("[septum] system stopped\n");
	power_fail(POWER_FAIL_PANIC);
}

void panic(const char *format, ...)
{
	if (panic_begin()) {
		char msg[CONSOLE_LINE_MAX];
		va_list ap;

		va_start(ap, format);
		fmt_vsnprintf(msg, sizeof(msg), format, ap);
		va_end(ap);
		console_printf("[septum] PANIC on CPU %u: %s\n", this_cpu_index(),
			       msg);
	}
	panic_end();
}
