/*
 * Configuration space of the PCI functions passed through to a cell, as
 * the cell sees them on its virtual PCI host (pci_host.c): each function
 * keeps its device and function number on bus 0, and what it shows is the
 * real function's header filtered.
 *
 *  - identity (vendor, device, class, revision, subsystem) and the header
 *    type are read from the real function;
 *  - the BARs hold what the config tool placed (the hypervisor writes them
 *    as the cell starts, arch/arm64/smmu.c); writing all-ones makes a BAR
 *    read back the real size mask (measured once, on the real function, as
 *    the cell is built), any other write only ends that; a 64-bit BAR's
 *    upper half is a register of its own in this (the placed address's
 *    upper 32 bits, its own size mask), as PCI sizes it;
 *  - memory enable, bus master enable and INTx disable are the cell's and
 *    go to the real command register; every other command bit reads 0 and
 *    is never written; status shows the interrupt status and the read-only
 *    timing bits, its error bits read 0 and writes to them are ignored;
 *  - the capability list is hidden (status bit 4 clear, pointer 0, and
 *    everything from 0x40 up reads 0): no MSI, no power management, no
 *    capability the cell could misprogram; the expansion ROM and BIST too;
 *  - interrupt pin: the pin the config routes to one of the cell's
 *    interrupts (0: none); interrupt line: scratch for the cell's software,
 *    reading that interrupt's number (the GIC INTID) after each start.
 */
#include <septum/arch/mmu.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/mmio.h>
#include <septum/panic.h>

#include "vdev_int.h"

#define ECAM_FN_SHIFT 12u
#define PCI_VENDOR_DEVICE 0x00u
#define PCI_COMMAND_STATUS 0x04u
#define PCI_COMMAND_MEMORY 0x0002u
#define PCI_COMMAND_MASTER 0x0004u
#define PCI_COMMAND_INTX_DISABLE 0x0400u
#define PCI_COMMAND_CELL (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | \
			  PCI_COMMAND_INTX_DISABLE)
#define PCI_STATUS_SHOWN 0x06a8u /* interrupt, 66 MHz, fast b2b, DEVSEL */
#define PCI_CLASS_REVISION 0x08u
#define PCI_HEADER_DWORD 0x0cu	/* cache line, latency, header type, BIST */
#define PCI_HEADER_SHOWN 0x00ffffffu	/* all but BIST */
#define PCI_BAR0 0x10u
#define PCI_SUBSYSTEM 0x2cu
#define PCI_INTERRUPT 0x3cu	/* line, pin, min_gnt, max_lat */
#define PCI_INT_LINE_MASK 0xffu
#define PCI_INT_PIN_SHIFT 8u
#define PCI_INT_GRANT_MASK 0xffff0000u
#define PCI_INT_LINE_UNKNOWN 0xffu
#define PCI_BAR_TYPE_MASK 0xfu
#define PCI_BAR_MEM_TYPE 0x6u	/* memory BAR: its width */
#define PCI_BAR_MEM_TYPE_64 0x4u
#define ALL_ONES 0xffffffffu

struct pci_pass_fn {
	struct spinlock lock;
	uint32_t bar_mask[SEPTUM_PCI_BARS];	/* real size mask and type bits;
						 * 0: the BAR is not there */
	uint8_t sizing;		/* BARs written all-ones, by bit */
	uint8_t upper;		/* registers that are a 64-bit BAR's upper
				 * half, by bit */
	uint8_t int_line;	/* the interrupt line register (scratch) */
};

static struct pci_pass_fn fns[SEPTUM_MAX_PCI_FUNCS];
uintptr_t pci_pass_ecam;	/* the real host's ECAM, the functions used */

static const struct septum_smmu *smmu(void)
{
	return &config_get()->smmu;
}

static uintptr_t real_reg(uint32_t i, uint32_t reg)
{
	return pci_pass_ecam +
	       ((uintptr_t)smmu()->funcs[i].bdf << ECAM_FN_SHIFT) + reg;
}

static uint32_t real_read(uint32_t i, uint32_t reg)
{
	return mmio_read32(real_reg(i, reg));
}

static void real_write(uint32_t i, uint32_t reg, uint32_t v)
{
	mmio_write32(real_reg(i, reg), v);
}

int pci_pass_find(const struct cell *c, uint32_t fn)
{
	const struct septum_smmu *s = smmu();

	for (uint32_t i = 0; pci_pass_ecam && i < s->num_funcs; i++) {
		if (s->funcs[i].cell == c->index && s->funcs[i].bdf == fn)
			return (int)i;
	}
	return -1;
}

/* Whether BAR register n of function i is the upper half of a 64-bit
 * BAR (the config tool's word, from the board description). */
static bool upper_half(uint32_t i, uint32_t n)
{
	return n > 0 && (smmu()->bar64[i] & BIT(n - 1u)) != 0;
}

/* What the tool placed in BAR register n of function i. */
static uint32_t placed(uint32_t i, uint32_t n)
{
	const struct septum_pci_bar *bars = smmu()->funcs[i].bars;

	return upper_half(i, n) ? (uint32_t)(bars[n - 1u].bus >> 32)
				: (uint32_t)bars[n].bus;
}

/* The visible value of BAR n of function i (lock held). */
static uint32_t bar_read(uint32_t i, uint32_t n)
{
	const struct pci_pass_fn *f = &fns[i];

	if (f->bar_mask[n] == 0)
		return 0;
	if (f->sizing & BIT(n))
		return f->bar_mask[n];
	if (f->upper & BIT(n))
		return placed(i, n);
	return placed(i, n) | (f->bar_mask[n] & PCI_BAR_TYPE_MASK);
}

static uint32_t interrupt_read(uint32_t i)
{
	uint32_t pin = smmu()->intx[i].pin;

	return (real_read(i, PCI_INTERRUPT) & PCI_INT_GRANT_MASK) |
	       pin << PCI_INT_PIN_SHIFT | fns[i].int_line;
}

uint32_t pci_pass_read(uint32_t i, uint32_t reg)
{
	uint32_t v = 0, cmd;

	spin_lock(&fns[i].lock);
	switch (reg) {
	case PCI_VENDOR_DEVICE:
	case PCI_CLASS_REVISION:
	case PCI_SUBSYSTEM:
		v = real_read(i, reg);
		break;
	case PCI_COMMAND_STATUS:
		cmd = real_read(i, reg);
		v = (cmd & PCI_COMMAND_CELL) |
		    (cmd & (PCI_STATUS_SHOWN << 16));
		break;
	case PCI_HEADER_DWORD:
		v = real_read(i, reg) & PCI_HEADER_SHOWN;
		break;
	case PCI_INTERRUPT:
		v = interrupt_read(i);
		break;
	default:
		if (reg >= PCI_BAR0 && reg < PCI_BAR0 + 4u * SEPTUM_PCI_BARS)
			v = bar_read(i, (reg - PCI_BAR0) / 4u);
		break;
	}
	spin_unlock(&fns[i].lock);
	return v;
}

/* The cell's command bits in `mask` go to the real function; the status
 * half is written 0 (its error bits are write-one-to-clear). */
static void command_write(uint32_t i, uint32_t value, uint32_t mask)
{
	uint32_t cell = PCI_COMMAND_CELL & mask;
	uint32_t cmd = real_read(i, PCI_COMMAND_STATUS) & 0xffffu;

	real_write(i, PCI_COMMAND_STATUS, (cmd & ~cell) | (value & cell));
}

void pci_pass_write(uint32_t i, uint32_t reg, uint32_t value, uint32_t mask)
{
	struct pci_pass_fn *f = &fns[i];

	spin_lock(&f->lock);
	if (reg == PCI_COMMAND_STATUS) {
		command_write(i, value, mask);
	} else if (reg == PCI_INTERRUPT) {
		if (mask & PCI_INT_LINE_MASK)
			f->int_line = (uint8_t)value;
	} else if (reg >= PCI_BAR0 && reg < PCI_BAR0 + 4u * SEPTUM_PCI_BARS) {
		uint32_t n = (reg - PCI_BAR0) / 4u;

		/* Sizing: the whole BAR all-ones; anything else ends it. */
		if (((placed(i, n) & ~mask) | (value & mask)) == ALL_ONES)
			f->sizing = (uint8_t)(f->sizing | BIT(n));
		else
			f->sizing = (uint8_t)(f->sizing & ~BIT(n));
	}
	spin_unlock(&f->lock);
}

/* The real size mask of BAR register n of function i, its memory decoding
 * off meanwhile (PCI sizing), then the placed address back. */
static COLD uint32_t measure_bar(uint32_t i, uint32_t n)
{
	uint32_t cmd = real_read(i, PCI_COMMAND_STATUS) & 0xffffu;
	uint32_t reg = PCI_BAR0 + 4u * n, mask;

	real_write(i, PCI_COMMAND_STATUS, cmd & ~PCI_COMMAND_MEMORY);
	real_write(i, reg, ALL_ONES);
	mask = real_read(i, reg);
	real_write(i, reg, placed(i, n));
	real_write(i, PCI_COMMAND_STATUS, cmd);
	if (upper_half(i, n))
		return mask;	/* every bit an address bit */
	return (mask & ~PCI_BAR_TYPE_MASK) != 0 ? mask : 0;
}

/* Function i's BAR register n measured, and the board description's
 * word on it checked against the function (a warning: the cell's driver
 * finds out the same). */
static COLD void take_bar(const struct cell *c, uint32_t i, uint32_t n)
{
	const struct septum_smmu *s = smmu();
	uint32_t bdf = s->funcs[i].bdf, mask = measure_bar(i, n);
	bool is64 = (mask & PCI_BAR_MEM_TYPE) == PCI_BAR_MEM_TYPE_64;

	fns[i].bar_mask[n] = mask;
	if (upper_half(i, n)) {
		fns[i].upper = (uint8_t)(fns[i].upper | BIT(n));
		return;
	}
	if (mask == 0)
		log_warn("cell %s: PCI %02x:%02x.%x has no BAR%u, which the "
			 "board description gives it",
			 config_cell_name(c->index), bdf >> 8,
			 (bdf >> 3) & 0x1fu, bdf & 7u, n);
	else if (is64 != ((s->bar64[i] & BIT(n)) != 0))
		log_warn("cell %s: PCI %02x:%02x.%x: its BAR%u is %u-bit, not "
			 "what the board description says",
			 config_cell_name(c->index), bdf >> 8,
			 (bdf >> 3) & 0x1fu, bdf & 7u, n, is64 ? 64u : 32u);
}

/* The real ECAM up to the last function any cell owns (4 KiB each). */
static COLD void map_ecam(void)
{
	const struct septum_smmu *s = smmu();
	uint64_t fns_used = 0;

	for (uint32_t i = 0; i < s->num_funcs; i++) {
		uint64_t n = (uint64_t)s->funcs[i].bdf + 1u;

		fns_used = n > fns_used ? n : fns_used;
	}
	if (fns_used && !pci_pass_ecam) {
		pci_pass_ecam = arch_mmu_map_device(pa(s->ecam_pa),
						    fns_used << ECAM_FN_SHIFT);
		if (!pci_pass_ecam)
			panic("PCI: cannot map the PCIe host's configuration "
			      "space at 0x%llx",
			      (unsigned long long)s->ecam_pa);
	}
}

COLD void pci_pass_cell_init(const struct cell *c)
{
	const struct septum_smmu *s = smmu();

	map_ecam();
	for (uint32_t i = 0; pci_pass_ecam && i < s->num_funcs; i++) {
		if (s->funcs[i].cell != c->index)
			continue;
		for (uint32_t n = 0; n < SEPTUM_PCI_BARS; n++) {
			if (s->funcs[i].bars[n].size || upper_half(i, n))
				take_bar(c, i, n);
		}
	}
	pci_pass_cell_reset(c);
}

void pci_pass_cell_reset(const struct cell *c)
{
	const struct septum_smmu *s = smmu();

	for (uint32_t i = 0; i < s->num_funcs; i++) {
		uint32_t intid = s->intx[i].intid;

		if (s->funcs[i].cell != c->index)
			continue;
		spin_lock(&fns[i].lock);
		fns[i].sizing = 0;
		fns[i].int_line = s->intx[i].pin && intid < PCI_INT_LINE_UNKNOWN
					  ? (uint8_t)intid
					  : PCI_INT_LINE_UNKNOWN;
		spin_unlock(&fns[i].lock);
	}
}
