/*
 * Fake MMU, timer, interrupts, traps and power for the host (host/fake.h).
 */
#include <host/fake.h>
#include <septum/arch/irq.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/arch/trap.h>
#include <septum/drivers/power.h>
#include <septum/irq.h>
#include <stdlib.h>

uint64_t host_timer_step = 1000;
uint64_t host_timer_deadline[MAX_CPUS];
uint32_t host_irq_claimed = SEPTUM_NONE;
unsigned int host_irq_cpu;
static uint64_t now;
static bool irq_raised;		/* host_irq_raise() since it was last taken */

/* The calling CPU's index (0 before any CPU is set up). */
static unsigned int here(void)
{
	const struct percpu *p = arch_cpu_local();

	return p ? p->index : 0;
}

uint64_t arch_timer_now(void)
{
	now += host_timer_step;
	return now;
}

uint64_t arch_timer_freq(void)
{
	return 1000000000;	/* 1 GHz: one tick per nanosecond */
}

void arch_timer_oneshot(uint64_t delay)
{
	host_timer_deadline[here()] = now + (delay ? delay : 1);
}

uint64_t host_timer_peek(void)
{
	return now;
}

void host_timer_advance(uint64_t ticks)
{
	now += ticks;
}

void host_irq_raise(void)
{
	irq_raised = true;
}

/* The calling CPU's expired timer, then the claimed device's interrupt. */
void arch_irq_poll(void)
{
	unsigned int cpu = here();
	uint64_t *deadline = &host_timer_deadline[cpu];

	if (*deadline && *deadline <= now) {
		*deadline = 0;	/* one-shot: the handler sets the next one */
		irq_timer_expired();
	}
	if (host_irq_claimed != SEPTUM_NONE && host_irq_cpu == cpu &&
	    (irq_raised || host_uart_irq_level())) {
		irq_raised = false;
		irq_device(host_irq_claimed);
	}
}

void arch_irq_claim(uint32_t intid, unsigned int cpu)
{
	host_irq_claimed = intid;
	host_irq_cpu = cpu;
}

/*
 * Devices are plain memory: each mapping gets fresh zeroed pages from a
 * static arena, which starts empty again with the rest of the machine's
 * state for every input (nothing is allocated, so nothing leaks).
 */
#define DEVICE_ARENA_PAGES 32

uintptr_t arch_mmu_map_device(paddr_t base, size_t size)
{
	/* cppcheck-suppress unassignedVariable ; written through the VA */
	static uint8_t arena[DEVICE_ARENA_PAGES * 4096]
		__attribute__((aligned(4096)));
	static size_t used;
	size_t pages = (size + 4095) / 4096;
	uintptr_t va;

	(void)base;
	if (!size || pages > DEVICE_ARENA_PAGES - used / 4096)
		return 0;
	va = (uintptr_t)&arena[used];
	used += pages * 4096;
	return va;
}

bool arch_mmu_can_access(uintptr_t va, unsigned int access)
{
	(void)va;
	(void)access;
	return false;
}

void arch_mmu_usage(struct mmu_usage *u, unsigned int cpus_online)
{
	(void)cpus_online;
	*u = (struct mmu_usage){ 0 };
}

paddr_t arch_mmu_image_pa(const void *va)
{
	return pa((uintptr_t)va);
}

void arch_mmu_drop_boot_map(void)
{
}

/* The host fake has no translation tables: nothing to move or walk. */
enum err arch_mmu_colour(void)
{
	return E_INVALID;
}

void arch_mmu_own_pages(own_page_fn *fn, void *arg)
{
	(void)fn;
	(void)arg;
}

void arch_trap_provoke_fault(void)
{
	abort();
}

void power_off(void)
{
	if (host_cpu_in_run())
		host_cpu_leave(HOST_LEFT_OFF);
	host_exit(0);
}

void power_fail(int code)
{
	host_exit(code);
}
