/* What the prober and the steady cell share: the channel "progress". */
#ifndef INJECT_SHARED_H
#define INJECT_SHARED_H

#include <stdint.h>

#define PROGRESS 0x46001000ul	/* the channel after its state table */

struct progress {
	volatile uint32_t storming;	/* the prober's storm has begun */
	volatile uint32_t done;		/* ... and ended */
};

/* Accesses outside the map the prober makes in its storm. */
#define STORM 20000u

#endif
