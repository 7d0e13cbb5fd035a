/* core/mux.c with a reader for the checks (peek.h). */
#include "../../../core/mux.c"

#include <string.h>

#include "peek.h"

_Static_assert(sizeof(struct source) <= PEEK_MAX, "peek buffer");

size_t peek_mux(unsigned int s, void *buf, bool events)
{
	struct source *copy = buf;

	memcpy(copy, &sources[s], sizeof(*copy));
	if (events)
		copy->tail = 0;
	return sizeof(*copy);
}

uint32_t peek_mux_head(unsigned int s)
{
	return sources[s].head;
}

char peek_mux_byte(unsigned int s, uint32_t i)
{
	return sources[s].ring[i % MUX_RING_SIZE];
}
