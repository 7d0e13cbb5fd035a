/*
 * IVSHMEM channels for x86 kit guests: opening one (its doorbell on the
 * I/O APIC) and waiting for its doorbells.  See kit/chan.h; the rest is
 * partitions/lib/kit_chan.c.
 */
#include <kit/chan.h>
#include <kit/kit.h>

#define US_PER_S 1000000ull
/* Longest single arming of the APIC timer (its count is 32 bits). */
#define WAKE_STEP_US 1000000ull

bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t gsi,
		   uint32_t vector)
{
	if (!kit_chan_attach(ch, regs))
		return false;
	if (vector) {
		kit_ioapic_route(gsi, vector, kit_cpu_index());
		kit_chan_listen(ch, vector);
	}
	return true;
}

/*
 * Interrupts are masked from the last look at ch->events to the HLT: STI's
 * one-instruction shadow makes "sti; hlt" atomic, so a doorbell arriving
 * in between wakes the HLT instead of being taken before it.  The APIC
 * timer, armed for what is left (at most WAKE_STEP_US at a time), ends the
 * sleep if nothing comes.
 */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us)
{
	uint64_t per_us = kit_counter_freq() / US_PER_S;
	uint64_t now = kit_counter(), ticks = timeout_us * per_us;
	uint64_t deadline = per_us && ticks / per_us == timeout_us &&
					    ticks <= UINT64_MAX - now
				    ? now + ticks
				    : UINT64_MAX;
	uint64_t flags;

	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	while (kit_chan_events(ch) == seen && (now = kit_counter()) < deadline) {
		uint64_t left = per_us ? (deadline - now) / per_us + 1 : 1;

		kit_irq_disable();
		kit_timer_start(KIT_CHAN_WAKE_VECTOR,
				left < WAKE_STEP_US ? left : WAKE_STEP_US, false);
		if (kit_chan_events(ch) == seen)
			__asm__ volatile("sti; hlt; cli" : : : "memory");
		kit_timer_stop();
		kit_irq_enable();	/* what came meanwhile is taken here */
	}
	if (!(flags & (1u << 9)))
		kit_irq_disable();
	return kit_chan_events(ch);
}
