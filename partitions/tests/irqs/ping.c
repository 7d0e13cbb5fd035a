/*
 * ping: interrupts it owns arrive, and nothing pong does reaches it.
 */
#include "irq_common.h"

#define TEST_MAIN
#include <septum/test.h>

#define RTC 0x09010000ul
#define RTCDR 0x00
#define RTCMR 0x04
#define RTCIMSC 0x10
#define RTCICR 0x1c
#define SGI_PING 3
#define SGI_PONG 4
#define ROUNDS 20

static struct sync *const sync = (struct sync *)SYNC;
static volatile unsigned int rtc_hits;
static volatile bool cpu1_up, cpu1_stop, cpu1_timer_ok;

static void irq(uint32_t intid)
{
	if (intid == RTC_INTID) {
		kit_write32(RTC + RTCICR, 1);
		rtc_hits++;
		return;
	}
	count_irq(intid);
	/* CPU 1 answers each ping with a pong. */
	if (intid == SGI_PING && kit_cpu_index() == 1)
		kit_gic_send_sgi(SGI_PONG, 0);
}

static void cpu1(unsigned int cpu)
{
	(void)cpu;
	kit_gic_init_cpu();
	kit_gic_enable(SGI_PING);
	kit_irq_enable();
	cpu1_timer_ok = vtimer_fires(3);
	cpu1_up = true;
	kit_wait_flag(&cpu1_stop);
}

TEST(irq, vtimer_fires_repeatedly)
{
	EXPECT(vtimer_fires(10));
}

TEST(irq, sgis_between_own_cpus)
{
	kit_gic_enable(SGI_PONG);
	EXPECT_EQ(kit_cpu_on(1, cpu1), PSCI_SUCCESS);
	while (!cpu1_up)
		;
	for (unsigned int i = 1; i <= ROUNDS; i++) {
		kit_gic_send_sgi(SGI_PING, 1);
		if (!EXPECT(wait_count(&sgi_hits[0][SGI_PONG], i, 200000)))
			break;
	}
	EXPECT_EQ(sgi_hits[1][SGI_PING], ROUNDS);
	EXPECT_EQ(sgi_hits[0][SGI_PONG], ROUNDS);
}

TEST(irq, vtimer_on_second_cpu)
{
	EXPECT(cpu1_up && cpu1_timer_ok);
}

/* CPU 1 turns itself off (PSCI CPU_OFF) and can be started again. */
TEST(psci, cpu_off_and_on_again)
{
	uint64_t end = kit_counter() + kit_counter_freq();

	EXPECT_EQ(kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0), 0);	/* ON */
	cpu1_stop = true;
	kit_gic_send_sgi(SGI_PING, 1);
	while (kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0) != 1 && kit_counter() < end)
		;
	EXPECT_EQ(kit_hvc(PSCI_AFFINITY_INFO, 1, 0, 0), 1);	/* OFF */
	cpu1_up = false;
	cpu1_stop = false;
	EXPECT_EQ(kit_cpu_on(1, cpu1), PSCI_SUCCESS);
	while (!cpu1_up && kit_counter() < end + kit_counter_freq())
		;
	EXPECT(cpu1_up && cpu1_timer_ok);
	EXPECT_EQ(kit_cpu_on(1, cpu1), PSCI_ALREADY_ON);
}

TEST(irq, nothing_from_pong)
{
	uint64_t end = kit_counter() + 5 * kit_counter_freq();

	/* pong forges interrupts at us meanwhile; give it time to finish. */
	while (!sync->pong_done && kit_counter() < end)
		;
	EXPECT(sync->pong_done);
	kit_udelay(20000);
	EXPECT_EQ(rtc_hits, 0);	/* its forged RTC interrupt did not land */
	for (unsigned int s = 0; s < 16; s++) {
		if (s != SGI_PONG)
			EXPECT_EQ(sgi_hits[0][s], 0);
		if (s != SGI_PING)
			EXPECT_EQ(sgi_hits[1][s], 0);
	}
}

TEST(irq, passed_through_rtc_alarm)
{
	kit_gic_route(RTC_INTID, 0);
	kit_gic_enable(RTC_INTID);
	kit_write32(RTC + RTCMR, kit_read32(RTC + RTCDR) + 1);
	kit_write32(RTC + RTCIMSC, 1);
	/* The PL031 counts seconds: the alarm comes within two. */
	EXPECT(wait_count(&rtc_hits, 1, 3000000));
	kit_write32(RTC + RTCIMSC, 0);
	kit_udelay(10000);
	EXPECT_EQ(rtc_hits, 1);
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	kit_irq_enable();
	kit_printf("GICv%u\n", kit_gic_version());
	test_run_all();
	cpu1_stop = true;
	kit_gic_send_sgi(SGI_PING, 1);
	return 0;
}
