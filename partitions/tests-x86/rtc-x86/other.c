/*
 * The cell beside the clock's owner: the chip is not shared, so its ports
 * read as all ones, as where nothing decodes them, and writes reach
 * nothing (the owner's own test sees only its own writes).
 */
#include "rtc.h"
#define TEST_MAIN
#include <septum/test.h>

TEST(other, sees_no_clock)
{
	EXPECT_EQ(rtc_read(0x00), 0xffu);
	EXPECT_EQ(rtc_read(RTC_REG_B), 0xffu);
	EXPECT_EQ(rtc_read(RTC_REG_D), 0xffu);
	rtc_write(RTC_RAM_SCRATCH, 0x5a);
	EXPECT_EQ(rtc_read(RTC_RAM_SCRATCH), 0xffu);
}

int main(void)
{
	test_run_all();
	return 0;
}
