/* The virtual PCI host's configuration space (ECAM); see septum/vpci.h. */
#include <septum/ivshmem.h>
#include <septum/vpci.h>

#define ECAM_FN_SHIFT 12u
#define ECAM_FNS_PER_SLOT 8u
#define ECAM_REG_MASK 0xfffu

bool vpci_mmio(struct vcpu *v, struct vm_access *a, bool *faulted)
{
	uint64_t ecam = v->cell->cfg->pci_ecam, off = a->ipa.bits - ecam;
	uint32_t fn, reg, shift, mask, dword = UINT32_MAX;
	bool present = false;

	if (ecam == 0 || a->ipa.bits < ecam || off >= VPCI_ECAM_SIZE)
		return false;
	*faulted = a->size > 4 || off % a->size != 0;
	if (*faulted) {
		cell_fault(v, "%u-byte access at ECAM offset 0x%llx of its "
			      "virtual PCI host: configuration space takes "
			      "aligned 1, 2 or 4-byte accesses", a->size,
			   (unsigned long long)off);
		return true;
	}
	fn = (uint32_t)(off >> ECAM_FN_SHIFT);
	reg = (uint32_t)off & ECAM_REG_MASK;
	shift = (reg % 4) * 8;
	mask = a->size == 4 ? UINT32_MAX : ((1u << (a->size * 8)) - 1u) << shift;
	/* Only function 0 of a slot exists. */
	if (fn % ECAM_FNS_PER_SLOT == 0) {
		uint32_t slot = fn / ECAM_FNS_PER_SLOT;

		present = a->write ? ivshmem_cfg_write(v->cell, slot, reg & ~3u,
						       (uint32_t)a->value << shift,
						       mask)
				   : ivshmem_cfg_read(v->cell, slot, reg & ~3u,
						      &dword);
	}
	if (!a->write)
		a->value = ((present ? dword : UINT32_MAX) & mask) >> shift;
	return true;
}
