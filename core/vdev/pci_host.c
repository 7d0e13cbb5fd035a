/*
 * The virtual PCI host of a cell: a generic ECAM window (bus 0, 1 MiB)
 * whose devices are the PCI functions passed through to the cell, at their
 * own device and function numbers (pci_pass.c), and a Linux cell's IVSHMEM
 * devices, function 0 of slot k for its k-th channel (slots its functions
 * use are skipped).  Absent functions read as all-ones and ignore writes.
 */
#include "vdev_int.h"

#define ECAM_SIZE 0x100000u	/* bus 0: 32 devices x 8 functions x 4 KiB */
#define ECAM_FN_SHIFT 12u
#define ECAM_FNS_PER_SLOT 8u
#define ECAM_REG_MASK 0xfffu

/* One dword of function fn on cell c's bus: `value` (its bytes in `mask`)
 * written, or *dword read.  E_NOTFOUND: no such function. */
static enum err cfg_dword(struct cell *c, uint32_t fn, uint32_t reg,
			  bool write, uint32_t value, uint32_t mask,
			  uint32_t *dword)
{
	int pass = pci_pass_find(c, fn);

	if (pass >= 0) {
		if (write)
			pci_pass_write((uint32_t)pass, reg, value, mask);
		else
			*dword = pci_pass_read((uint32_t)pass, reg);
		return E_OK;
	}
	if (fn % ECAM_FNS_PER_SLOT != 0)
		return E_NOTFOUND;
	return write ? ivshmem_cfg_write(c, fn / ECAM_FNS_PER_SLOT, reg, value,
					 mask)
		     : ivshmem_cfg_read(c, fn / ECAM_FNS_PER_SLOT, reg, dword);
}

static void pci_host_access(struct vcpu *v, uint32_t instance, uint64_t off,
			    struct vm_access *a)
{
	uint32_t fn = (uint32_t)(off >> ECAM_FN_SHIFT);
	uint32_t reg = (uint32_t)off & ECAM_REG_MASK;
	uint32_t shift = (reg % 4) * 8, dword = UINT32_MAX;
	uint32_t mask = a->size == 4 ? UINT32_MAX
				     : ((1u << (a->size * 8)) - 1u) << shift;
	enum err e;

	(void)instance;
	e = cfg_dword(v->cell, fn, reg & ~3u, a->write,
		      (uint32_t)a->value << shift, mask, &dword);
	if (!a->write)
		a->value = ((e == E_OK ? dword : UINT32_MAX) & mask) >> shift;
}

static COLD void pci_host_cell_init(struct cell *c)
{
	pci_pass_cell_init(c);
}

static void pci_host_cell_reset(struct cell *c)
{
	pci_pass_cell_reset(c);
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
	.hook = {
		[VDEV_CELL_INIT] = pci_host_cell_init,
		[VDEV_CELL_RESET] = pci_host_cell_reset,
	},
};
