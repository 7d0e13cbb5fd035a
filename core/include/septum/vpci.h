/*
 * The virtual PCI host of a cell with channels: a generic ECAM window (bus 0)
 * whose devices are the cell's IVSHMEM devices, slot k for its k-th channel.
 */
#ifndef SEPTUM_VPCI_H
#define SEPTUM_VPCI_H

#include <septum/cell.h>
#include <septum/vm.h>

/* ECAM bytes: bus 0, 32 devices x 8 functions x 4 KiB. */
#define VPCI_ECAM_SIZE 0x100000u

/*
 * If `a` hits cell v's ECAM window, emulate it and return true; *faulted
 * says the access was malformed (not naturally aligned, or 8 bytes) and the
 * cell's fault policy was applied.  Absent functions read as all-ones.
 */
bool vpci_mmio(struct vcpu *v, struct vm_access *a, bool *faulted);

#endif /* SEPTUM_VPCI_H */
