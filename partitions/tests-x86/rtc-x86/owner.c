/*
 * The cell that owns the real-time clock's ports: its accesses reach the
 * chip, with nothing of the hypervisor's read-only view between (which
 * reads register C and the RAM as all ones and drops every write).
 */
#include "rtc.h"
#define TEST_MAIN
#include <septum/test.h>

TEST(owner, reads_the_chip_itself)
{
	uint8_t sec = rtc_read(0x00);

	EXPECT(sec < 0x60 && (sec & 0xf) < 10);		/* BCD seconds */
	EXPECT_EQ(rtc_read(RTC_REG_D), RTC_D_VALID);
	EXPECT((rtc_read(RTC_REG_C) & 0x0f) == 0);	/* bits 3:0 read 0 */
}

TEST(owner, writes_reach_the_chip)
{
	uint8_t old = rtc_read(RTC_RAM_SCRATCH);

	rtc_write(RTC_RAM_SCRATCH, (uint8_t)~old);
	EXPECT_EQ(rtc_read(RTC_RAM_SCRATCH), (uint8_t)~old);
	rtc_write(RTC_RAM_SCRATCH, old);
	EXPECT_EQ(rtc_read(RTC_RAM_SCRATCH), old);
}

int main(void)
{
	test_run_all();
	return 0;
}
