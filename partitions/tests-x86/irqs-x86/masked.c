/*
 * External interrupts reach the cell only where the architecture delivers
 * them: with RFLAGS.IF set, and below the task priority.  Each timer
 * interrupt's handler (entered through an interrupt gate, so with IF
 * clear) holds the CPU for many timer periods without an exit; no
 * interrupt may arrive inside it, so handlers never nest.  Interrupts
 * masked with CLI, or by the TPR, wait until unmasked, then arrive.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#define VEC_TICK 0x40u
#define TICK_US 100u
#define HOLD_US 2000u		/* 20 ticks fall due meanwhile */
#define ROUNDS 20u
#define WAIT_US 500000u		/* far more than ROUNDS handlers take */
#define MSR_X2APIC_TPR 0x808u
#define TPR_ABOVE_TICK 0x50u	/* priority class 5: masks class 4 (0x40) */

static volatile unsigned int depth, deepest, taken, last;

static void hold(uint64_t us)
{
	uint64_t end = kit_counter() + us * (kit_counter_freq() / 1000000);

	while (kit_counter() < end)
		__asm__ volatile("pause");
}

static void tick(unsigned int vector)
{
	if (vector != VEC_TICK)
		return;
	if (++depth > deepest)
		deepest = depth;
	hold(HOLD_US);
	/* A tick is due again by now: the last one stops the timer, or the
	 * interrupted code would never run another instruction. */
	if (++taken == last)
		kit_timer_stop();
	depth--;
}

/*
 * Interrupts on until the n-th tick from now (the timer's last) was taken
 * or WAIT_US passed; a tick that fell due as the timer stopped may follow.
 */
static unsigned int take(unsigned int n)
{
	unsigned int from = taken;
	uint64_t end = kit_counter() + WAIT_US * (kit_counter_freq() / 1000000);

	last = from + n;
	kit_irq_enable();
	while (taken - from < n && kit_counter() < end)
		__asm__ volatile("pause");
	kit_irq_disable();
	return taken - from;
}

TEST(irqs, handlers_never_nest)
{
	kit_timer_start(VEC_TICK, TICK_US, true);
	EXPECT(take(ROUNDS) >= ROUNDS);
	EXPECT_EQ(deepest, 1u);
}

TEST(irqs, cli_holds_them)
{
	unsigned int before = taken;

	kit_timer_start(VEC_TICK, TICK_US, true);
	hold(HOLD_US);
	EXPECT_EQ(taken, before);
	EXPECT(take(1) >= 1u);
	EXPECT_EQ(deepest, 1u);
}

TEST(irqs, tpr_holds_them)
{
	unsigned int before = taken;

	kit_apic_write(MSR_X2APIC_TPR, TPR_ABOVE_TICK);
	kit_timer_start(VEC_TICK, TICK_US, true);
	kit_irq_enable();
	hold(HOLD_US);
	kit_irq_disable();
	EXPECT_EQ(taken, before);
	kit_apic_write(MSR_X2APIC_TPR, 0);
	EXPECT(take(1) >= 1u);
	EXPECT_EQ(deepest, 1u);
}

int main(void)
{
	kit_irq_handler = tick;
	test_run_all();
	return 0;
}
