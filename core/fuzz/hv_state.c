/*
 * Saving and restoring the static state of the code under test and of the
 * machine it runs on (the block hv_state.h and hv_state.ld make).  Not in
 * that block itself.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

extern uint8_t septum_hv_state_start[], septum_hv_state_end[];

static uint8_t *saved;

static size_t block_size(void)
{
	return (size_t)((uintptr_t)septum_hv_state_end -
			(uintptr_t)septum_hv_state_start);
}

/*
 * A copy the sanitizers do not look at: the block holds the redzones
 * AddressSanitizer put around each variable, and restoring them is no
 * access by the program.  The block is 8-byte aligned and sized.
 */
__attribute__((no_sanitize("address")))
static void copy(volatile uint64_t *to, const uint64_t *from, size_t bytes)
{
	for (size_t i = 0; i < bytes / 8; i++)
		to[i] = from[i];
}

void hv_state_save(void)
{
	size_t n = block_size();

	if (n % 8 || (uintptr_t)septum_hv_state_start % 8) {
		fprintf(stderr, "fuzz: the state block is not 8-byte aligned\n");
		abort();
	}
	saved = malloc(n ? n : 8);
	if (!saved)
		abort();
	copy((uint64_t *)(void *)saved,
	     (const uint64_t *)(void *)septum_hv_state_start, n);
}

void hv_state_restore(void)
{
	if (!saved) {
		fprintf(stderr, "fuzz: hv_state_save() was not called\n");
		abort();
	}
	copy((uint64_t *)(void *)septum_hv_state_start,
	     (const uint64_t *)(void *)saved, block_size());
}
