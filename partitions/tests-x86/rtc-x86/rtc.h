/* The PC's real-time clock as the rtc-x86 cells reach it: the register
 * index written to port 0x70, the register at port 0x71. */
#ifndef RTC_X86_RTC_H
#define RTC_X86_RTC_H

#include <kit/kit.h>

#define RTC_REG_B 0x0bu
#define RTC_REG_C 0x0cu
#define RTC_REG_D 0x0du
#define RTC_D_VALID 0x80u	/* valid RAM and time */
#define RTC_RAM_SCRATCH 0x38u	/* a byte of the battery-backed RAM */

static inline uint8_t rtc_read(uint8_t reg)
{
	kit_outb(0x70, reg);
	return kit_inb(0x71);
}

static inline void rtc_write(uint8_t reg, uint8_t v)
{
	kit_outb(0x70, reg);
	kit_outb(0x71, v);
}

#endif /* RTC_X86_RTC_H */
