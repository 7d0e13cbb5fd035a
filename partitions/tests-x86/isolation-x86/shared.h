/* What the thief and the victim share: the progress channel's layout. */
#ifndef ISOLATION_X86_SHARED_H
#define ISOLATION_X86_SHARED_H

#include <stdint.h>

#ifndef VICTIM_RAM		/* a variant's victim may be elsewhere */
#define VICTIM_RAM 0x5000000u
#endif
#define HYP_RAM 0x200000u
#define HPET 0xfed00000u		/* a board device nobody was given */
#define LAPIC_ICR_LOW 0xfee00300u	/* the physical APIC's, xAPIC mode */
#define LAPIC_ICR_HIGH 0xfee00310u
/* The channel: a 4 KiB state table (read-only), then what we write. */
#define PROGRESS 0x6001000u

struct progress {
	volatile uint32_t round;	/* the next attempt */
	volatile uint32_t lives;
	volatile uint32_t passed, failed;
	volatile uint32_t done;
};

#endif /* ISOLATION_X86_SHARED_H */
