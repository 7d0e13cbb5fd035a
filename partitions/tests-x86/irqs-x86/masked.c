/*
 * External interrupts reach the cell only where the architecture delivers
 * them: with RFLAGS.IF set, and below the task priority.  Each timer
 * interrupt's handler (entered through an interrupt gate, so with IF
 * clear) holds the CPU for many timer periods without an exit; no
 * interrupt may arrive inside it, so handlers never nest.  Interrupts
 * masked with CLI, or by the TPR, wait until unmasked, then arrive.
 *
 * CR8 is the task priority's class (CR8[3:0] = TPR[7:4]): what is written
 * through CR8, the x2APIC TPR MSR or the xAPIC page's TPR is what the
 * others read, and a priority raised through any of them holds the ticks.
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
#define TICK_CLASS (VEC_TICK >> 4)
#define FEW 3u
#define MSR_APIC_BASE 0x1bu
#define APIC_BASE 0xfee00000u
#define APIC_BASE_ENABLE 0x800u
#define APIC_BASE_EXTD 0x400u	/* x2APIC mode */
#define XAPIC_TPR (APIC_BASE + 0x80u)
#define MSR_X2APIC_EOI 0x80bu
#define MSR_X2APIC_ESR 0x828u
#define MSR_X2APIC_ICR 0x830u
#define MSR_X2APIC_LVT_ERROR 0x837u
#define MSR_X2APIC_DIVIDE 0x83eu
#define MSR_X2APIC_SELF_IPI 0x83fu
#define VEC_SPARE 0x50u		/* no handler counts it: never sent here */

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

static uint64_t cr8(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr8, %0" : "=r"(v));
	return v;
}

static void set_cr8(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr8" : : "r"(v) : "memory");
}

static uint64_t tpr(void)
{
	return kit_apic_read(MSR_X2APIC_TPR);
}

/*
 * A MOV to CR8 loads TPR[7:4] and clears TPR[3:0]; a TPR write shows in
 * CR8 as its class.  Checked in x2APIC mode, then (off and back on as the
 * architecture allows) through the xAPIC page.
 */
TEST(irqs, cr8_is_the_tpr)
{
	set_cr8(3);
	EXPECT_EQ(tpr(), 0x30u);
	EXPECT_EQ(cr8(), 3u);
	kit_apic_write(MSR_X2APIC_TPR, 0x7a);
	EXPECT_EQ(cr8(), 7u);
	EXPECT_EQ(tpr(), 0x7au);
	set_cr8(2);
	EXPECT_EQ(tpr(), 0x20u);

	kit_wrmsr(MSR_APIC_BASE, APIC_BASE);
	kit_wrmsr(MSR_APIC_BASE, APIC_BASE | APIC_BASE_ENABLE);
	set_cr8(9);
	EXPECT_EQ(kit_read32(XAPIC_TPR), 0x90u);
	kit_write32(XAPIC_TPR, 0x65);
	EXPECT_EQ(cr8(), 6u);
	EXPECT_EQ(kit_read32(XAPIC_TPR), 0x65u);
	kit_wrmsr(MSR_APIC_BASE, APIC_BASE | APIC_BASE_ENABLE | APIC_BASE_EXTD);

	set_cr8(0);
	EXPECT_EQ(tpr(), 0u);
	kit_apic_write(MSR_X2APIC_TPR, 0);
}

/* CR8 at the tick's class or above holds the ticks; lowered, they come. */
TEST(irqs, cr8_holds_them)
{
	static const uint64_t raised[] = { TICK_CLASS, 15 };

	kit_apic_write(MSR_X2APIC_TPR, 0);
	for (unsigned int i = 0; i < sizeof(raised) / sizeof(raised[0]); i++) {
		unsigned int before = taken;

		set_cr8(raised[i]);
		last = before + 1;	/* a tick let through stops the timer */
		kit_timer_start(VEC_TICK, TICK_US, true);
		kit_irq_enable();
		hold(HOLD_US);
		kit_irq_disable();
		EXPECT_EQ(taken, before);
		set_cr8(0);
		EXPECT(take(1) >= 1u);
	}
	EXPECT_EQ(deepest, 1u);
}

/*
 * Ticks held by a TPR above their class come in once CR8 lowers the
 * priority to just below it.
 */
TEST(irqs, cr8_below_them_lets_them_in)
{
	kit_apic_write(MSR_X2APIC_TPR, 0xf0);
	kit_timer_start(VEC_TICK, TICK_US, true);
	set_cr8(TICK_CLASS - 1);
	EXPECT(take(FEW) >= FEW);
	EXPECT_EQ(tpr(), (TICK_CLASS - 1) << 4);
	EXPECT_EQ(deepest, 1u);
	set_cr8(0);
}

/*
 * A one-shot tick held by CR8 comes in as soon as CR8 is lowered, with no
 * other exit (no timer left to cause one) to deliver it.
 */
TEST(irqs, cr8_lowered_lets_a_held_one_in_at_once)
{
	unsigned int before = taken;

	set_cr8(15);
	last = before + 1;
	kit_timer_start(VEC_TICK, TICK_US, false);
	kit_irq_enable();
	hold(HOLD_US);
	EXPECT_EQ(taken, before);
	set_cr8(0);
	hold(TICK_US);
	kit_irq_disable();
	EXPECT_EQ(taken, before + 1);
	EXPECT_EQ(deepest, 1u);
}

/*
 * In x2APIC mode a WRMSR that sets a reserved bit of an APIC register
 * raises #GP and changes nothing (Intel SDM vol. 3A, 11.12.1.3); the same
 * value without the bit is taken.
 */
TEST(irqs, x2apic_reserved_bits_fault)
{
	static const struct { uint32_t msr; uint64_t value; } bad[] = {
		{ MSR_X2APIC_TPR, 0x130 },		/* bits 31:8 */
		{ MSR_X2APIC_TPR, 1ull << 32 | 0x30 },	/* bits 63:32 */
		{ MSR_X2APIC_EOI, 1 },			/* only 0 */
		{ MSR_X2APIC_ESR, 1 },			/* only 0 */
		{ MSR_X2APIC_ICR, 0x1000 | VEC_SPARE },	/* delivery status */
		{ MSR_X2APIC_DIVIDE, 0x4 },		/* bit 2 */
		{ MSR_X2APIC_SELF_IPI, 0x100 | VEC_SPARE },
		{ MSR_X2APIC_LVT_ERROR, 1ull << 32 | 0x10000 },
	};

	kit_apic_write(MSR_X2APIC_TPR, 0x20);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT(kit_try_wrmsr(bad[i].msr, bad[i].value));
	EXPECT_EQ(tpr(), 0x20u);
	EXPECT(!kit_try_wrmsr(MSR_X2APIC_TPR, 0x30));
	EXPECT_EQ(tpr(), 0x30u);
	EXPECT(!kit_try_wrmsr(MSR_X2APIC_LVT_ERROR, 0x10000));
	kit_apic_write(MSR_X2APIC_TPR, 0);
}

int main(void)
{
	kit_irq_handler = tick;
	test_run_all();
	return 0;
}
