/*
 * Passed-through PCI functions (pci_pass.c) in an image for a board without
 * an IOMMU (board.mk names none): no function can be passed through, since
 * nothing would translate its DMA.  A partition table naming any is refused
 * before the cells are built (arch/arm64/smmu_none.c; blob_verify() on a
 * PC), so the virtual PCI host finds none here.
 */
#include "vdev_int.h"

int pci_pass_find(const struct cell *c, uint32_t fn)
{
	(void)c;
	(void)fn;
	return -1;
}

/* Never called: pci_pass_find() finds no function. */
uint32_t pci_pass_read(uint32_t i, uint32_t reg)
{
	(void)i;
	(void)reg;
	return UINT32_MAX;
}

void pci_pass_write(uint32_t i, uint32_t reg, uint32_t value, uint32_t mask)
{
	(void)i;
	(void)reg;
	(void)value;
	(void)mask;
}

void pci_pass_cell_init(const struct cell *c)
{
	(void)c;
}

void pci_pass_cell_reset(const struct cell *c)
{
	(void)c;
}
