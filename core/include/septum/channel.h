/*
 * IVSHMEM channels: shared memory between cells (include/septum/abi/config.h),
 * mapped section by section into each peer with that peer's rights and into
 * nobody else.  The device each peer drives is in septum/ivshmem.h.
 */
#ifndef SEPTUM_CHANNEL_H
#define SEPTUM_CHANNEL_H

#include <septum/cell.h>

/* Map every channel cell c is a peer of into c.  Boot CPU; panics on failure. */
void channel_map_cell(struct cell *c);

#endif /* SEPTUM_CHANNEL_H */
