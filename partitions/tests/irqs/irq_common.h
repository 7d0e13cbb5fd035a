/* Helpers both test guests use: the virtual timer and interrupt counting. */
#ifndef IRQS_COMMON_H
#define IRQS_COMMON_H

#include <kit/gic.h>
#include <kit/kit.h>

#include "shared.h"

static volatile unsigned int timer_hits[KIT_MAX_CPUS];
static volatile unsigned int sgi_hits[KIT_MAX_CPUS][16];

static inline void vtimer_arm(uint64_t us)
{
	uint64_t ticks = us * kit_counter_freq() / 1000000;

	__asm__ volatile("msr cntv_tval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 : : "r"(ticks), "r"(1ull));
}

static inline void vtimer_stop(void)
{
	__asm__ volatile("msr cntv_ctl_el0, %0; isb" : : "r"(0ull));
}

/* Wait up to `us` for *count to reach `want`. */
static inline bool wait_count(volatile unsigned int *count, unsigned int want,
			      uint64_t us)
{
	uint64_t end = kit_counter() + us * kit_counter_freq() / 1000000;

	/* Spin, not WFI: with nothing pending, WFI would sleep for ever. */
	while (*count < want && kit_counter() < end)
		;
	return *count >= want;
}

/* The virtual timer of the calling CPU interrupts it, `n` times. */
static inline bool vtimer_fires(unsigned int n)
{
	unsigned int cpu = kit_cpu_index();
	unsigned int start = timer_hits[cpu];

	kit_gic_enable(VTIMER_INTID);
	for (unsigned int i = 0; i < n; i++) {
		vtimer_arm(500);
		if (!wait_count(&timer_hits[cpu], start + i + 1, 200000))
			return false;
	}
	return true;
}

static inline void count_irq(uint32_t intid)
{
	unsigned int cpu = kit_cpu_index();

	if (intid == VTIMER_INTID) {
		vtimer_stop();
		timer_hits[cpu]++;
	} else if (intid < 16) {
		sgi_hits[cpu][intid]++;
	}
}

#endif
