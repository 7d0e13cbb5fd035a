/*
 * The machine of core's device fuzzers (machine.h): boot, and the
 * operations that run one CPU through one exit or wake-up.
 */
#include <host/fake.h>
#include <septum/arch/irq.h>
#include <septum/cell.h>
#include <septum/config.h>
#include <septum/console.h>
#include <septum/main.h>
#include <septum/percpu.h>
#include <septum/vm.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "machine.h"

/* The hypervisor image, inside the memory the config gives it. */
#define IMAGE_PA 0x40200000u
#define IMAGE_SIZE 0x100000u

struct m_state m;

struct vcpu *m_vcpu(unsigned int cpu)
{
	return percpu_all[cpu].vcpu;
}

/* Power-off is only legitimate once every cell has stopped for good. */
static void powered_off(void)
{
	for (unsigned int i = 0; i < cell_count(); i++) {
		const struct cell *c = cell_get(i);

		if (c->state == CELL_RUNNING || c->restart_pending)
			check_fail("power-off while cell %s runs", c->cfg->name);
	}
	m.alive = false;
}

/* Run fn(arg) on `cpu` until it returns or the CPU leaves; note where it is. */
static void run_on(unsigned int cpu, void (*fn)(void *), void *arg)
{
	enum host_left how = host_cpu_run(cpu, fn, arg);

	if (how == HOST_LEFT_IDLE || how == HOST_LEFT_OFF)
		m.cpu[cpu] = m_vcpu(cpu) ? M_PARKED : M_IDLE;
	else if (how == HOST_LEFT_GUEST)
		m.cpu[cpu] = M_GUEST;
	if (how == HOST_LEFT_OFF)
		powered_off();
}

static void run_cpu(void *arg)
{
	(void)arg;
	cell_run_this_cpu();
}

/* What the arch's boot does before core takes over (arch/arm64: boot.c). */
static void boot_primary(void *arg)
{
	static const struct boot_info boot = {
		.image_pa = { IMAGE_PA }, .image_size = IMAGE_SIZE,
		.num_cpus = M_CPUS, .cpu_hwid = { 0, 1, 2, 3, 4, 5, 6 },
		.cmdline = "",
	};

	(void)arg;
	console_init(&host_uart_ops, 0);
	main_primary(&boot);
}

void m_boot(bool stop)
{
	hv_state_restore();
	mconfig_select(stop);
	m = (struct m_state){ .alive = true };
	run_on(0, boot_primary, NULL);
	for (unsigned int i = 1; i < M_CPUS && m.alive; i++)
		run_on(i, run_cpu, NULL);
}

/* --- exits -------------------------------------------------------------- */

static bool in_guest(unsigned int cpu)
{
	return m.alive && cpu < M_CPUS && m.cpu[cpu] == M_GUEST;
}

/*
 * The end of every exit, as an arch's trap path ends it: the vCPU carries on
 * in its guest unless its cell stopped, restarted or turned it off.
 */
static void checkpoint(void)
{
	(void)cell_exit_checkpoint(cell_this_vcpu());
}

static void do_access(void *arg)
{
	const struct m_access *a = arg;
	struct vcpu *v = cell_this_vcpu();
	struct host_vcpu_regs *r = v->arch;
	uint64_t mask = a->size == 8 ? ~0ull : BIT(8 * a->size) - 1;
	struct vm_access va = {
		.space = VM_SPACE_MMIO, .addr = a->addr, .size = a->size,
		.write = a->write, .value = 0,
		.syndrome = a->denied,	/* arch/host: non-zero is read-only */
	};

	if (a->undecodable) {
		cell_fault(v, "data abort at IPA 0x%llx: not a single load/store",
			   (unsigned long long)a->addr);
	} else {
		if (a->write)
			va.value = (a->reg < 31 ? r->x[a->reg] : 0) & mask;
		if (vm_exit_access(v, &va) == E_OK) {
			if (!a->write && a->reg < 31)
				r->x[a->reg] = va.value & mask;
			r->pc += 4;
		}
	}
	checkpoint();
}

bool m_access(unsigned int cpu, const struct m_access *a)
{
	if (!in_guest(cpu))
		return false;
	if (a->write && a->reg < 31)
		host_vcpu_regs[cpu].x[a->reg] = a->value;
	run_on(cpu, do_access, (void *)(uintptr_t)a);
	return true;
}

struct call_arg {
	enum m_call call;
	uint32_t fn;
};

static int64_t answer(enum err e)
{
	return e == E_OK ? 0 : -(int64_t)e - 1;
}

static void do_call(void *arg)
{
	const struct call_arg *c = arg;
	struct vcpu *v = cell_this_vcpu();
	struct host_vcpu_regs *r = v->arch;
	int64_t x0 = 0;

	switch (c->call) {
	case M_CALL_HYPERCALL:
		if (vm_hypercall(v, c->fn, &x0) != E_OK) {
			vm_call_refused(v, c->fn, "host");
			x0 = -1;
		}
		break;
	case M_CALL_WAIT:
		break;
	case M_CALL_VCPU_OFF:
		cell_vcpu_off(v, "host CPU off");
		break;
	case M_CALL_VCPU_START:
		x0 = answer(cell_vcpu_start(v, (unsigned int)r->x[1], r->x[2],
					    r->x[3]));
		break;
	case M_CALL_VCPU_IS_ON:
		x0 = cell_vcpu_is_on(v->cell, (unsigned int)r->x[1]);
		break;
	case M_CALL_SYSTEM_OFF:
		cell_system_off(v, "host system off");
		break;
	case M_CALL_SYSTEM_RESET:
		cell_system_reset(v, "host system reset");
		break;
	}
	r->x[0] = (uint64_t)x0;
	checkpoint();
}

bool m_call(unsigned int cpu, enum m_call call, uint32_t fn, const uint64_t x[4])
{
	struct call_arg c = { call, fn };

	if (!in_guest(cpu))
		return false;
	for (unsigned int i = 0; i < 4; i++)
		host_vcpu_regs[cpu].x[i] = x[i];
	run_on(cpu, do_call, &c);
	return true;
}

static void do_irq(void *arg)
{
	(void)arg;
	arch_irq_poll();
	checkpoint();
}

bool m_irq(unsigned int cpu)
{
	if (!in_guest(cpu))
		return false;
	run_on(cpu, do_irq, NULL);
	return true;
}

static void do_exit(void *arg)
{
	const uint64_t *what = arg;

	cell_fault(cell_this_vcpu(), "unhandled exit %llu (syndrome 0x%llx)",
		   (unsigned long long)what[0], (unsigned long long)what[1]);
	checkpoint();
}

bool m_exit(unsigned int cpu, unsigned int kind, uint64_t syndrome)
{
	uint64_t what[2] = { kind, syndrome };

	if (!in_guest(cpu))
		return false;
	run_on(cpu, do_exit, what);
	return true;
}

bool m_wake(unsigned int cpu)
{
	if (!m.alive || cpu >= M_CPUS || m.cpu[cpu] == M_GUEST)
		return false;
	run_on(cpu, run_cpu, NULL);
	return true;
}

/* --- the outside world -------------------------------------------------- */

unsigned int m_type(const uint8_t *bytes, unsigned int n)
{
	return host_uart_type(bytes, n);
}

void m_raise(uint32_t intid)
{
	if (intid == config_get()->hyp.uart_intid)
		host_irq_raise();
}

void m_advance(uint64_t ticks)
{
	host_timer_advance(ticks);
}

void m_uart_busy(unsigned int polls)
{
	host_uart_busy_polls = polls;
}
