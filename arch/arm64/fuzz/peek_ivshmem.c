/* core/ivshmem.c with a reader for the checks (peek.h). */
#include "../../../core/ivshmem.c"

#include "peek.h"

_Static_assert(sizeof(struct ivshmem_dev) <= PEEK_DEV_MAX, "peek buffer");

size_t peek_ivshmem(unsigned int ci, unsigned int k, void *buf, bool events)
{
	struct ivshmem_dev *d = buf;

	memcpy(d, &chans[ci].dev[k], sizeof(*d));
	if (events) {
		d->pending = false;
		if (d->priv_control & IVSHMEM_PRIV_ONESHOT)
			d->int_control = 0;
	}
	return sizeof(*d);
}

uint32_t peek_ivshmem_state(unsigned int ci, unsigned int k)
{
	return chans[ci].dev[k].state;
}

uint32_t peek_ivshmem_table(unsigned int ci, unsigned int k)
{
	return chans[ci].table ? chans[ci].table[k] : 0;
}

uint32_t peek_ivshmem_int_control(unsigned int ci, unsigned int k)
{
	return chans[ci].dev[k].int_control;
}

bool peek_ivshmem_pending(unsigned int ci, unsigned int k)
{
	return chans[ci].dev[k].pending;
}
