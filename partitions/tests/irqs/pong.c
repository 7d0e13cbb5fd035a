/*
 * pong: its own timer works; every attempt to touch ping's interrupts
 * through its virtual GIC reads as zero and changes nothing.
 */
#include "irq_common.h"

#define TEST_MAIN
#include <septum/test.h>

static struct sync *const sync = (struct sync *)SYNC;

#define PTIMER_INTID 30

static volatile unsigned int ptimer_hits;

static void irq(uint32_t intid)
{
	if (intid == PTIMER_INTID) {
		__asm__ volatile("msr cntp_ctl_el0, %0; isb" : : "r"(0ull));
		ptimer_hits++;
		return;
	}
	count_irq(intid);
}

TEST(pong, own_vtimer_fires)
{
	EXPECT(vtimer_fires(5));
}

/* The EL1 physical timer is the cell's too (its PPI 30). */
TEST(pong, own_physical_timer_fires)
{
	uint64_t ticks = 500 * kit_counter_freq() / 1000000;

	kit_gic_enable(PTIMER_INTID);
	__asm__ volatile("msr cntp_tval_el0, %0; msr cntp_ctl_el0, %1; isb"
			 : : "r"(ticks), "r"(1ull));
	EXPECT(wait_count(&ptimer_hits, 1, 200000));
}

TEST(pong, foreign_interrupt_reads_as_zero_and_stays_off)
{
	uint32_t bit = 1u << (RTC_INTID % 32), word = RTC_INTID / 32 * 4;

	kit_gicd_write(GICD_ISENABLER + word, bit);
	kit_gicd_write(GICD_ISPENDR + word, bit);
	kit_gicd_write8(GICD_IPRIORITYR + RTC_INTID, 0);
	if (kit_gic_version() == 3)
		kit_write64(0x08000000 + GICD_IROUTER + RTC_INTID * 8, 0);
	else
		kit_gicd_write8(GICD_ITARGETSR + RTC_INTID, 0x01);
	EXPECT_EQ(kit_gicd_read(GICD_ISENABLER + word) & bit, 0);
	EXPECT_EQ(kit_gicd_read(GICD_ISPENDR + word) & bit, 0);
}

TEST(pong, sgis_stay_in_the_cell)
{
	unsigned int before = sgi_hits[0][5];

	kit_gic_enable(5);
	/* Every target it can name: only itself exists in its cell. */
	for (unsigned int s = 0; s < 16; s++) {
		for (unsigned int cpu = 0; cpu < 8; cpu++)
			kit_gic_send_sgi(s, cpu);
	}
	EXPECT(wait_count(&sgi_hits[0][5], before + 1, 200000));
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	kit_irq_enable();
	test_run_all();
	sync->pong_done = 1;
	return 0;
}
