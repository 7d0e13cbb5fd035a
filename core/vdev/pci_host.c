/*
 * The virtual PCI host of a cell with channels: a generic ECAM window (bus
 * 0, 1 MiB) whose devices are the cell's IVSHMEM devices, slot k for its
 * k-th channel.  Only function 0 of a slot exists; absent functions read as
 * all-ones and ignore writes.
 */
#include "vdev_int.h"

#define ECAM_SIZE 0x100000u	/* bus 0: 32 devices x 8 functions x 4 KiB */
#define ECAM_FN_SHIFT 12u
#define ECAM_FNS_PER_SLOT 8u
#define ECAM_REG_MASK 0xfffu

static void pci_host_access(struct vcpu *v, uint32_t instance, uint64_t off,
			    struct vm_access *a)
{
	uint32_t fn = (uint32_t)(off >> ECAM_FN_SHIFT);
	uint32_t reg = (uint32_t)off & ECAM_REG_MASK;
	uint32_t shift = (reg % 4) * 8, dword = UINT32_MAX;
	uint32_t mask = a->size == 4 ? UINT32_MAX
				     : ((1u << (a->size * 8)) - 1u) << shift;
	enum err e = E_NOTFOUND;

	(void)instance;
	if (fn % ECAM_FNS_PER_SLOT == 0) {
		uint32_t slot = fn / ECAM_FNS_PER_SLOT;

		e = a->write ? ivshmem_cfg_write(v->cell, slot, reg & ~3u,
						 (uint32_t)a->value << shift, mask)
			     : ivshmem_cfg_read(v->cell, slot, reg & ~3u, &dword);
	}
	if (!a->write)
		a->value = ((e == E_OK ? dword : UINT32_MAX) & mask) >> shift;
}

static COLD bool pci_host_claim(const struct cell *c, unsigned int i,
				struct vdev_range *r)
{
	if (i > 0 || !c->cfg->pci_ecam)
		return false;
	*r = (struct vdev_range){ VM_SPACE_MMIO, c->cfg->pci_ecam, ECAM_SIZE, 0,
				  "host" };
	return true;
}

const struct vdev pci_host_vdev = {
	.what = "its virtual PCI",
	.sizes = BIT(1) | BIT(2) | BIT(4),
	.aligned = true,
	.rule = "configuration space takes aligned 1, 2 or 4-byte accesses",
	.claim = pci_host_claim,
	.access = pci_host_access,
};
