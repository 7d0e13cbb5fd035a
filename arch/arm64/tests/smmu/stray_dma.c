/*
 * EL2 self-test of the SMMU's hold on PCI functions no cell owns, linked
 * only into the dma system's self-test image (ci/smmu.mk), on the board
 * qemu-aarch64-virt-smmu whose second edu (00:03.0) belongs to nobody.
 * The hypervisor itself stands in for what could drive such a function (a
 * boot loader that left it running, a device going astray on its own): it
 * gives the function a BAR and bus mastering and aims its DMA engine at a
 * page of the hypervisor's own memory.  The SMMU must abort the write, so
 * the page keeps its pattern, and record it, and the event must be taken
 * (the runner expects the hypervisor's log line naming the stream).
 */
#include <septum/console.h>
#define TEST_PRINTF console_printf
#include <septum/test.h>

#include <arch/smmu.h>
#include <arch/sysreg.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/config.h>
#include <septum/hypmem.h>
#include <septum/mmio.h>

#define ECAM_BUS_BYTES 0x100000u
#define ECAM_FN_SHIFT 12
#define FNS_ON_BUS 256u
#define PCI_ID 0x00
#define EDU_PCI_ID 0x11e81234u	/* device 0x11e8, vendor 0x1234 */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x2u
#define PCI_COMMAND_MASTER 0x4u
#define PCI_BAR0 0x10
#define EDU_BAR_SIZE 0x100000u
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_DMA_RUN 0x1u
#define EDU_DMA_TO_RAM 0x2u
#define EDU_BUFFER 0x40000u	/* its internal buffer, the DMA's source */
#define PAGE 4096u
#define PATTERN 0xa5u
#define WAIT_MS 2000u		/* edu finishes a DMA 100 ms after the start */

/* Whether a cell owns function `bdf`. */
static bool owned(const struct septum_smmu *s, uint32_t bdf)
{
	for (uint32_t i = 0; i < s->num_funcs; i++) {
		if (s->funcs[i].bdf == bdf)
			return true;
	}
	return false;
}

/* The first edu on bus 0 that no cell owns, or -1. */
static int stray_edu(const struct septum_smmu *s, uintptr_t ecam)
{
	for (uint32_t bdf = 0; bdf < FNS_ON_BUS; bdf++) {
		uintptr_t cfg = ecam + ((uintptr_t)bdf << ECAM_FN_SHIFT);

		if (mmio_read32(cfg + PCI_ID) == EDU_PCI_ID && !owned(s, bdf))
			return (int)bdf;
	}
	return -1;
}

/* A bus address for its BAR0 past every BAR the config tool placed (in
 * the host's window), and *cpu where the CPU reaches it. */
static uint64_t free_bar(const struct septum_smmu *s, uint64_t *cpu)
{
	uint64_t end = 0, offset = 0;

	for (uint32_t i = 0; i < s->num_funcs; i++) {
		for (uint32_t n = 0; n < SEPTUM_PCI_BARS; n++) {
			const struct septum_pci_bar *b = &s->funcs[i].bars[n];

			if (b->size && b->bus + b->size > end) {
				end = b->bus + b->size;
				offset = b->pa - b->bus;
			}
		}
	}
	end = (end + EDU_BAR_SIZE - 1u) & ~(uint64_t)(EDU_BAR_SIZE - 1u);
	*cpu = end + offset;
	return end;
}

/* Start edu's DMA of `bytes` from its buffer to `dst`; true once done. */
static bool edu_dma_to(uintptr_t regs, uint64_t dst, uint32_t bytes)
{
	uint64_t t0 = arch_timer_now();
	uint64_t limit = arch_timer_freq() / 1000u * WAIT_MS;

	mmio_write32(regs + EDU_DMA_SRC, EDU_BUFFER);
	mmio_write32(regs + EDU_DMA_DST, (uint32_t)dst);
	mmio_write32(regs + EDU_DMA_COUNT, bytes);
	mmio_write32(regs + EDU_DMA_CMD, EDU_DMA_RUN | EDU_DMA_TO_RAM);
	while (mmio_read32(regs + EDU_DMA_CMD) & EDU_DMA_RUN) {
		if (arch_timer_now() - t0 > limit)
			return false;
	}
	return true;
}

TEST(smmu, stray_dma_of_a_function_nobody_owns_is_blocked)
{
	const struct septum_smmu *s = &config_get()->smmu;
	uintptr_t ecam = 0, cfg, regs = 0;
	uint64_t bus = 0, cpu = 0;
	paddr_t page_pa;
	volatile uint8_t *page;
	int bdf = -1;
	bool done = false, intact = true;

	EXPECT(s->pa != 0);
	if (s->pa)
		ecam = arch_mmu_map_device(pa(s->ecam_pa), ECAM_BUS_BYTES);
	if (ecam)
		bdf = stray_edu(s, ecam);
	EXPECT(bdf >= 0);
	if (bdf < 0)
		return;
	cfg = ecam + ((uintptr_t)bdf << ECAM_FN_SHIFT);
	bus = free_bar(s, &cpu);
	regs = arch_mmu_map_device(pa(cpu), EDU_BAR_SIZE);
	EXPECT(regs != 0);
	page = hypmem_need(PAGE, &page_pa, "the stray DMA test's target");
	for (uint32_t i = 0; i < PAGE; i++)
		page[i] = PATTERN;
	dsb_ishst();
	mmio_write32(cfg + PCI_BAR0, (uint32_t)bus);
	mmio_write32(cfg + PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (regs)
		done = edu_dma_to(regs, page_pa.bits, 64u);
	mmio_write32(cfg + PCI_COMMAND, 0);
	EXPECT(done);
	for (uint32_t i = 0; i < PAGE; i++)
		intact = intact && page[i] == PATTERN;
	EXPECT(intact);
	/* Nothing else takes the event queue yet: the cells have not run. */
	EXPECT(smmu_irq(s->evtq_intid));
}
