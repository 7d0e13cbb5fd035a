/*
 * The IVSHMEM device each peer of a channel sees (septum/abi/ivshmem.h): its
 * register page, its PCI configuration space (for cells with a virtual PCI
 * host), doorbells and the state table.  See docs/ivshmem.md.
 *
 * Every device of a channel shares the channel's lock; nothing here waits
 * for anything but that lock, so any CPU may call in.
 */
#ifndef SEPTUM_IVSHMEM_H
#define SEPTUM_IVSHMEM_H

#include <septum/cell.h>
#include <septum/vm.h>

/* Clear every state table and device.  Boot CPU, before cells start. */
void ivshmem_init(void);

/*
 * If `a` hits the register page of one of cell v's channel devices, emulate
 * it and return true.  A register access that is not an aligned 32-bit one
 * is a guest error: the cell's fault policy applies (and true is returned
 * with the vCPU no longer in the faulting context).
 */
bool ivshmem_mmio(struct vcpu *v, struct vm_access *a, bool *faulted);

/*
 * Configuration space of the device in PCI slot `slot` of cell c's virtual
 * bus: read the dword at `reg` (a multiple of 4), or write the bytes of
 * `value` selected by `mask`.  Returns false if no device sits in the slot.
 */
bool ivshmem_cfg_read(struct cell *c, uint32_t slot, uint32_t reg,
		      uint32_t *value);
bool ivshmem_cfg_write(struct cell *c, uint32_t slot, uint32_t reg,
		       uint32_t value, uint32_t mask);

/*
 * Cell c stopped or is restarting: reset its devices (state 0 in every state
 * table it is in, interrupts off) and interrupt the peers that listen.  Any
 * CPU, cell lock held.
 */
void ivshmem_cell_reset(struct cell *c);

#endif /* SEPTUM_IVSHMEM_H */
