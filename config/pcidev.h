/*
 * PCI functions passed through to cells behind the board's SMMUv3
 * (`pci-devices`; pcidev.c): what the board has, where their BARs go,
 * which StreamID each has.
 */
#ifndef CONFIG_PCIDEV_H
#define CONFIG_PCIDEV_H

#include "board.h"
#include "model.h"

/*
 * Find the board's SMMUv3 and the PCIe host behind it (sys->smmu), once:
 * the hypervisor owns them whether or not a cell has a function there.
 */
void pcidev_board(struct m_system *sys, const struct board *b);

/*
 * Resolve PCI function reference `d` of cell `ci`: check it is a function
 * of the host behind the SMMU, place its BARs, give it to the cell as MMIO
 * ranges (d->dev) and record it for the blob.  Errors go to diag.
 */
void pcidev_resolve(struct m_system *sys, uint32_t ci, struct m_device *d,
		    const struct board *b);

/* `node` is the SMMU or the PCIe host behind it: the hypervisor's. */
int pcidev_is_smmu(const struct m_system *sys, int node);

#endif /* CONFIG_PCIDEV_H */
