/*
 * IVSHMEM channels as a cell sees them: the shared-memory layout, the
 * register page and, for cells with a virtual PCI bus, the PCI device.
 * Shared by the hypervisor, the config tool and the guest libraries.
 *
 * Septum follows the ivshmem v2 interface published with Jailhouse
 * (Documentation/ivshmem-v2-specification.md there), INTx flavour, one
 * interrupt vector.  Differences, all documented in docs/ivshmem.md:
 *  - the PCI Interrupt Status bit (status register bit 3) is implemented, as
 *    in any PCI 2.3 device, so Linux's stock uio_pci_generic can share and
 *    mask the INTx line;
 *  - the register page has read-only Septum registers after the standard
 *    ones (section sizes, where the memory is, dropped doorbells), so a
 *    bare-metal peer without PCI finds the layout there.
 *
 * Shared memory of a channel with N peers, from its base (every section a
 * multiple of 4 KiB, so stage 2 can give each its own rights):
 *
 *   0                     state table: N 32-bit states, read-only for all
 *   STATE_SIZE            read/write section: writable by every peer with
 *                         write access ("read-only" peers only read it)
 *   STATE_SIZE + rw       output section of peer 0: writable by peer 0 only
 *   ... + k * out         output section of peer k
 *
 * A peer's ID is its position in the channel's peer list in the config.
 */
#ifndef SEPTUM_ABI_IVSHMEM_H
#define SEPTUM_ABI_IVSHMEM_H

#include <stdint.h>

/* Size of the state table section (one page holds 1024 states). */
#define IVSHMEM_STATE_TABLE_SIZE 0x1000u

/* The register page (BAR0 on PCI). Aligned 32-bit accesses only. */
#define IVSHMEM_REGS_SIZE 0x1000u
#define IVSHMEM_REG_ID 0x00u		/* RO: this peer's ID */
#define IVSHMEM_REG_MAX_PEERS 0x04u	/* RO: peers of the channel */
#define IVSHMEM_REG_INT_CONTROL 0x08u	/* RW: bit 0 enables interrupts */
#define IVSHMEM_REG_DOORBELL 0x0cu	/* WO: vector | target ID << 16 */
#define IVSHMEM_REG_STATE 0x10u		/* RW: this peer's state */
/* Septum registers (read-only; RAZ on other ivshmem v2 providers). */
#define IVSHMEM_REG_STATE_TABLE_SIZE 0x20u
#define IVSHMEM_REG_RW_SIZE_LO 0x28u	/* read/write section size */
#define IVSHMEM_REG_RW_SIZE_HI 0x2cu
#define IVSHMEM_REG_OUT_SIZE_LO 0x30u	/* each output section's size */
#define IVSHMEM_REG_OUT_SIZE_HI 0x34u
#define IVSHMEM_REG_SHMEM_LO 0x38u	/* where this peer sees the memory */
#define IVSHMEM_REG_SHMEM_HI 0x3cu
#define IVSHMEM_REG_DROPPED 0x40u	/* this peer's doorbells that reached
					 * no one (bad target/vector, target
					 * stopped or not listening) */

#define IVSHMEM_INT_ENABLE (1u << 0)
#define IVSHMEM_DOORBELL(target, vector) \
	(((uint32_t)(target) << 16) | ((uint32_t)(vector) & 0xffffu))
#define IVSHMEM_VECTORS 1u		/* vector 0 only (INTx) */

/* The PCI device (configuration space of function 0 in the peer's slot). */
#define IVSHMEM_PCI_VENDOR 0x110au
#define IVSHMEM_PCI_DEVICE 0x4106u
#define IVSHMEM_PCI_CLASS 0xffu		/* base class; protocol in the rest */
#define IVSHMEM_PCI_BAR_REGS 0		/* BAR0: the register page */
#define IVSHMEM_PCI_BAR_SHMEM 2		/* BAR2/3: 64-bit, the shared memory */
#define IVSHMEM_PCI_CAP 0x40u		/* the vendor-specific capability */
#define IVSHMEM_PCI_CAP_LEN 0x18u
/* Offsets in the vendor capability (ID 09h). */
#define IVSHMEM_CAP_PRIV_CONTROL 0x03u	/* bit 0: one-shot interrupt mode */
#define IVSHMEM_CAP_STATE_TABLE_SIZE 0x04u
#define IVSHMEM_CAP_RW_SIZE 0x08u	/* 64-bit */
#define IVSHMEM_CAP_OUT_SIZE 0x10u	/* 64-bit */

#define IVSHMEM_PRIV_ONESHOT (1u << 0)

#endif /* SEPTUM_ABI_IVSHMEM_H */
