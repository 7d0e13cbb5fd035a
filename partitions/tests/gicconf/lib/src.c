/*
 * Interrupt sources the guest can raise and lower at will, each through
 * its device (never through the GIC):
 *
 *   sgi       SGI 1 to the caller itself (edge; purely virtual in a cell)
 *   vtimer    the EL1 virtual timer, PPI 27 (level; hardware-linked in a cell)
 *   ptimer    the EL1 physical timer, PPI 30 (level; hardware-linked)
 *   rtc       the PL031's interrupt, SPI 34 (level; passed through)
 *   rtc-edge  the same line configured edge-triggered in the GIC
 *   uart      the PL011's interrupt, SPI 33 (level; the console: real
 *             natively, Septum's virtual UART in a cell, purely virtual)
 *
 * A timer is raised by a compare value in the past with the timer enabled,
 * lowered by disabling it.  The PL031 drives its line with RIS & IMSC:
 * gc_sources_init() makes its match fire once (RIS stays set: nobody
 * clears it), then IMSC raises and lowers the line.  The PL011 likewise
 * with its transmit interrupt, which is set once a character went out.
 */
#include "../gicconf.h"

#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_RIS 0x14
#define UART_IMSC 0x38
#define UART_TXIM (1u << 5)
#define RTC_TRIES 5u

static void sgi_raise(void)
{
	gc_sgi_self(1);
}

static void vtimer_raise(void)
{
	__asm__ volatile("msr cntv_cval_el0, xzr; msr cntv_ctl_el0, %0; isb"
			 : : "r"(1ull) : "memory");
}

static void vtimer_lower(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb" : : : "memory");
}

static void ptimer_raise(void)
{
	__asm__ volatile("msr cntp_cval_el0, xzr; msr cntp_ctl_el0, %0; isb"
			 : : "r"(1ull) : "memory");
}

static void ptimer_lower(void)
{
	__asm__ volatile("msr cntp_ctl_el0, xzr; isb" : : : "memory");
}

static void rtc_raise(void)
{
	gc_wr32(GC_RTC + RTC_IMSC, 1);
}

static void rtc_lower(void)
{
	gc_wr32(GC_RTC + RTC_IMSC, 0);
}

static void uart_raise(void)
{
	gc_wr32(GC_UART + UART_IMSC, UART_TXIM);
}

static void uart_lower(void)
{
	gc_wr32(GC_UART + UART_IMSC, 0);
}

const struct gc_src gc_srcs[] = {
	{ "sgi", 1, false, sgi_raise, 0 },
	{ "vtimer", GC_VTIMER_INTID, true, vtimer_raise, vtimer_lower },
	{ "ptimer", GC_PTIMER_INTID, true, ptimer_raise, ptimer_lower },
	{ "rtc", GC_RTC_INTID, true, rtc_raise, rtc_lower },
	{ "rtc-edge", GC_RTC_INTID, false, rtc_raise, rtc_lower },
	{ "uart", GC_UART_INTID, true, uart_raise, uart_lower },
};
const unsigned int gc_nsrcs = sizeof(gc_srcs) / sizeof(gc_srcs[0]);

const struct gc_src *gc_src_of(uint32_t intid)
{
	for (unsigned int i = 0; i < gc_nsrcs; i++) {
		if (gc_srcs[i].intid == intid)
			return &gc_srcs[i];
	}
	return 0;
}

void gc_sources_init(void)
{
	rtc_lower();
	uart_lower();
	for (unsigned int i = 0; i < RTC_TRIES; i++) {
		gc_wr32(GC_RTC + RTC_MR, gc_rd32(GC_RTC + RTC_DR));
		if (gc_rd32(GC_RTC + RTC_RIS) & 1u)
			break;
	}
	if (!(gc_rd32(GC_RTC + RTC_RIS) & 1u))
		gc_problem("the PL031's match did not set its RIS");
}

void gc_quiet_all(void)
{
	vtimer_lower();
	ptimer_lower();
	rtc_lower();
	uart_lower();
}
