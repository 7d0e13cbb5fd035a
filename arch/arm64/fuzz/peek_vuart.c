/* core/vuart.c with a reader for the checks (peek.h). */
#include "../../../core/vuart.c"

#include <string.h>

#include "peek.h"

_Static_assert(sizeof(struct vuart) <= PEEK_MAX, "peek buffer");

size_t peek_vuart(unsigned int c, void *buf, bool events)
{
	struct vuart *u = buf;

	memcpy(u, &vuarts[c], sizeof(*u));
	if (events) {
		u->line = false;
		u->lock = (struct spinlock)SPINLOCK_INIT;
	}
	return sizeof(*u);
}

unsigned int peek_vuart_rx(unsigned int c, uint8_t *bytes)
{
	const struct vuart *u = &vuarts[c];
	unsigned int n = 0;

	for (uint32_t i = u->rx_tail; i != u->rx_head && n < RX_SIZE; i++)
		bytes[n++] = u->rx[i % RX_SIZE];
	return n;
}
