/*
 * Fake MMU, timer, interrupts, traps and power for host unit tests.
 */
#include <host/fake.h>
#include <septum/arch/irq.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/arch/trap.h>
#include <septum/drivers/power.h>
#include <stdlib.h>

uint64_t host_timer_step = 1000;
static uint64_t now;

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
	(void)delay;
}

void arch_irq_poll(void)
{
}

void arch_irq_claim(uint32_t intid, unsigned int cpu)
{
	(void)intid;
	(void)cpu;
}

/* Devices are plain memory: each mapping gets fresh zeroed pages. */
uintptr_t arch_mmu_map_device(paddr_t base, size_t size)
{
	(void)base;
	return size ? (uintptr_t)calloc(1, size) : 0;
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

void arch_trap_provoke_fault(void)
{
	abort();
}

void power_off(void)
{
	host_exit(0);
}

void power_fail(int code)
{
	host_exit(code);
}
