/*
 * The SMMU interface (arch/smmu.h) of a board without an SMMUv3: its
 * board.mk names no IOMMU, so the driver (smmu.c) is not linked.  A
 * partition table that names an SMMU was made for another board: the
 * hypervisor refuses it rather than leave DMA untranslated.
 */
#include <arch/smmu.h>
#include <septum/drivers/board.h>
#include <septum/panic.h>

void smmu_init(const struct septum_config *cfg, unsigned int irq_cpu,
	       uint32_t cpu_parange)
{
	(void)irq_cpu;
	(void)cpu_parange;
	if (cfg->smmu.pa != 0)
		panic("the partition table names an SMMUv3 at 0x%llx, but this "
		      "image (board %s) has no SMMU driver: build for a board "
		      "whose board.mk says IOMMU := smmuv3",
		      (unsigned long long)cfg->smmu.pa, board.name);
}

void smmu_cell_start(const struct cell *c, uint64_t s2_root, uint16_t vmid)
{
	(void)c;
	(void)s2_root;
	(void)vmid;
}

void smmu_cell_stop(const struct cell *c)
{
	(void)c;
}

void smmu_cell_reset(const struct cell *c)
{
	(void)c;
}

bool smmu_irq(uint32_t intid)
{
	(void)intid;
	return false;
}
