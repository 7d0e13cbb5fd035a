/*
 * IVSHMEM channels for kit guests: opening one (its doorbell interrupt at
 * the GIC) and waiting for its doorbells.  See kit/chan.h; the rest is
 * partitions/lib/kit_chan.c.
 */
#include <kit/chan.h>
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>

/* The EL1 virtual timer's PPI (the same on every GICv2/v3 arm64 board). */
#ifndef KIT_VTIMER_INTID
#define KIT_VTIMER_INTID 27
#endif

#define US_PER_S 1000000ull

bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t intid)
{
	if (!kit_chan_attach(ch, regs))
		return false;
	/* kit_chan_wait() wakes from WFI on this CPU's virtual timer. */
	kit_gic_enable(KIT_VTIMER_INTID);
	if (intid) {
		if (intid >= 32)
			kit_gic_route(intid, kit_cpu_index());
		kit_gic_enable(intid);
		kit_chan_listen(ch, intid);
	}
	return true;
}

/* `us` microseconds in counter ticks, without overflowing for long waits. */
static uint64_t us_to_ticks(uint64_t us)
{
	uint64_t freq = kit_counter_freq();

	return us / US_PER_S * freq + us % US_PER_S * freq / US_PER_S;
}

/*
 * Interrupts are masked from the last look at ch->events to the WFI, so a
 * doorbell arriving in between cannot be taken (and missed) before the CPU
 * sleeps: a pending interrupt ends WFI even while masked, and is taken when
 * they are unmasked again.  The virtual timer, armed at the deadline, ends
 * the sleep if nothing comes; it is turned off before interrupts are taken,
 * so the cell's handler sees INTID 27 at most once for a timeout.
 */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us)
{
	uint64_t now = kit_counter();
	uint64_t ticks = us_to_ticks(timeout_us);
	uint64_t deadline = ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;
	bool masked = kit_irqs_masked();

	while (kit_chan_events(ch) == seen && kit_counter() < deadline) {
		kit_irq_disable();
		kit_cntv_cval_write(deadline);
		kit_cntv_ctl_write(CNTV_CTL_ENABLE);
		if (kit_chan_events(ch) == seen)
			__asm__ volatile("wfi" : : : "memory");
		kit_cntv_ctl_write(0);
		kit_irq_enable();
		/* A pending doorbell is taken here, before the next look. */
		__asm__ volatile("isb" : : : "memory");
	}
	if (masked)
		kit_irq_disable();
	return kit_chan_events(ch);
}
