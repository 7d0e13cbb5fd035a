/* What ping and pong share: the channel "sync". */
#ifndef IRQS_SHARED_H
#define IRQS_SHARED_H

#include <stdint.h>

#define SYNC 0x50001000ul	/* after the channel's state table */
#define RTC_INTID 34		/* PL031: SPI 2 */
#define VTIMER_INTID 27

struct sync {
	volatile uint32_t pong_done;	/* pong finished its attempts */
};

#endif
