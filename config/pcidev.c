/*
 * PCI functions given to cells (`pci-devices`): each is a child node of the
 * board's PCIe host (the DT PCI binding: reg's first entry names its
 * configuration space, the others its BARs and their sizes), behind the
 * board's SMMUv3 (the host's iommu-map), which the hypervisor owns.  The
 * tool places every BAR in the host's 32-bit memory window, in the order the
 * functions are listed, and hands the BARs to the owning cell as MMIO ranges.
 */
#include <libfdt.h>
#include <string.h>

#include "pcidev.h"
#include "util.h"

#define CELL_BYTES 4
#define PCI_ADDR_CELLS 3
#define PCI_SIZE_CELLS 2
#define PCI_ENTRY_BYTES ((PCI_ADDR_CELLS + PCI_SIZE_CELLS) * CELL_BYTES)
#define PCI_SPACE(hi) ((hi) & 0x03000000u)
#define PCI_SPACE_MEM32 0x02000000u
#define PCI_PREFETCH 0x40000000u
#define PCI_REGNUM(hi) ((hi) & 0xffu)
#define PCI_BAR0_REG 0x10u
#define PCI_BDF(hi) (((hi) >> 8) & 0xffffu)
#define IOMMU_MAP_BYTES (4 * CELL_BYTES)
#define ECAM_BUS_BYTES 0x100000u
#define PAGE SEPTUM_PAGE_SIZE

static uint32_t cell_at(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

/* The SMMU's interrupt called `name` (interrupt-names), or 0. */
static uint32_t smmu_irq(const struct board *b, const struct board_device *d,
			 const char *name)
{
	int idx = fdt_stringlist_search(b->fdt, d->node, "interrupt-names",
					name);

	return idx >= 0 && (uint32_t)idx < d->num_irqs ? d->intid[idx] : 0;
}

/* The host's 32-bit memory window (its `ranges`), or 0 if it has none. */
static int read_window(const struct board *b, struct m_smmu *s)
{
	int len, off, pac = fdt_address_cells(b->fdt, 0);
	const uint8_t *r = fdt_getprop(b->fdt, s->host, "ranges", &len);
	int entry = (PCI_ADDR_CELLS + pac + PCI_SIZE_CELLS) * CELL_BYTES;

	if (r == NULL || pac < 1 || pac > 2)
		return 0;
	for (off = 0; off + entry <= len; off += entry) {
		uint32_t hi = cell_at(r + off, 0);

		if (PCI_SPACE(hi) != PCI_SPACE_MEM32)
			continue;
		s->win_bus = board_read_cells(r + off + CELL_BYTES, 2);
		s->win_cpu = board_read_cells(r + off + PCI_ADDR_CELLS *
						      CELL_BYTES, pac);
		s->win_size = board_read_cells(r + off + (PCI_ADDR_CELLS + pac) *
						       CELL_BYTES, PCI_SIZE_CELLS);
		s->cursor = s->win_bus;
		return 1;
	}
	return 0;
}

/* The PCIe host whose iommu-map names the SMMU: its ECAM and StreamIDs. */
static void find_host(const struct board *b, struct m_smmu *s)
{
	int node, len;

	fdt_for_each_subnode(node, b->fdt, 0) {
		const uint8_t *map = fdt_getprop(b->fdt, node, "iommu-map", &len);
		const uint8_t *reg;

		if (map == NULL || len != IOMMU_MAP_BYTES ||
		    fdt_node_offset_by_phandle(b->fdt, cell_at(map, 1)) !=
			    s->node ||
		    fdt_node_check_compatible(b->fdt, node,
					      "pci-host-ecam-generic") != 0)
			continue;
		reg = fdt_getprop(b->fdt, node, "reg", &len);
		if (reg == NULL || len != 4 * CELL_BYTES)
			continue;
		s->host = node;
		s->out.ecam_pa = board_read_cells(reg, 2);
		s->out.ecam_size = board_read_cells(reg + 2 * CELL_BYTES, 2);
		s->rid_base = cell_at(map, 0);
		s->sid_base = cell_at(map, 2);
		s->sid_len = cell_at(map, 3);
		if (!read_window(b, s))
			s->host = -1;
		return;
	}
}

void pcidev_board(struct m_system *sys, const struct board *b)
{
	struct m_smmu *s = &sys->smmu;
	struct board_device d;

	if (s->looked)
		return;
	s->looked = 1;
	s->host = -1;
	s->node = fdt_node_offset_by_compatible(b->fdt, -1, "arm,smmu-v3");
	if (s->node < 0 || board_device(b, s->node, &d) != BOARD_DEV_OK ||
	    d.num_mmio != 1 || d.disabled) {
		s->node = -1;
		return;
	}
	s->out.pa = d.mmio[0].base;
	s->out.size = d.mmio[0].size;
	s->out.evtq_intid = smmu_irq(b, &d, "eventq");
	s->out.gerror_intid = smmu_irq(b, &d, "gerror");
	find_host(b, s);
}

/* Give BAR `bar` of `size` bytes a place in the window; 0 if it is full. */
static int place_bar(struct m_smmu *s, struct septum_pci_bar *bar,
		     uint64_t size)
{
	uint64_t at;

	if (size < PAGE)
		size = PAGE;	/* a page of its own: stage 2 maps pages */
	at = align_up(s->cursor, size);
	if (at < s->cursor || !range_within(at, size, s->win_bus, s->win_size))
		return 0;
	s->cursor = at + size;
	bar->bus = at;
	bar->pa = at - s->win_bus + s->win_cpu;
	bar->size = size;
	return 1;
}

/* The function's BARs, from its reg entries after the first. */
static int read_bars(struct m_cell *c, struct m_device *d, struct m_smmu *s,
		     const uint8_t *reg, int len, struct septum_pci_func *f)
{
	for (int off = PCI_ENTRY_BYTES; off + PCI_ENTRY_BYTES <= len;
	     off += PCI_ENTRY_BYTES) {
		uint32_t hi = cell_at(reg + off, 0);
		uint32_t num = (PCI_REGNUM(hi) - PCI_BAR0_REG) / 4u;
		uint64_t size = board_read_cells(reg + off + PCI_ADDR_CELLS *
							       CELL_BYTES, 2);

		if (PCI_SPACE(hi) != PCI_SPACE_MEM32 || (hi & PCI_PREFETCH) ||
		    PCI_REGNUM(hi) < PCI_BAR0_REG || PCI_REGNUM(hi) % 4u ||
		    num >= SEPTUM_PCI_BARS || size == 0 ||
		    (size & (size - 1u)) != 0) {
			diag_error(d->loc, "cell '%s': PCI function '%s' has a "
				   "BAR other than 32-bit non-prefetchable "
				   "memory, which Septum cannot pass through "
				   "yet", c->name, d->ref);
			return 0;
		}
		if (!place_bar(s, &f->bars[num], size)) {
			diag_error(d->loc, "cell '%s': PCI function '%s': its "
				   "BAR%u does not fit in what is left of the "
				   "PCIe host's 32-bit memory window", c->name,
				   d->ref, num);
			return 0;
		}
	}
	return 1;
}

/* The function's StreamID through the host's iommu-map, or SEPTUM_NONE. */
static uint32_t stream_of(const struct m_smmu *s, uint32_t bdf)
{
	if (bdf < s->rid_base || bdf - s->rid_base >= s->sid_len)
		return SEPTUM_NONE;
	return bdf - s->rid_base + s->sid_base;
}

/* The function as listed already (by this cell or an earlier one), or NULL. */
static const struct septum_pci_func *listed(const struct m_smmu *s,
					    uint32_t bdf)
{
	for (uint32_t i = 0; i < s->out.num_funcs; i++) {
		if (s->out.funcs[i].bdf == bdf)
			return &s->out.funcs[i];
	}
	return NULL;
}

/* Whether `node` is a function of the PCIe host behind the SMMU. */
static int behind_smmu(struct m_cell *c, struct m_device *d,
		       const struct m_smmu *s, const struct board *b, int node)
{
	int parent = fdt_parent_offset(b->fdt, node);
	const char *type = fdt_getprop(b->fdt, parent, "device_type", NULL);

	if (parent < 0 || type == NULL || strcmp(type, "pci") != 0) {
		diag_error(d->loc, "cell '%s': '%s' in pci-devices is not a "
			   "function of a PCIe host (a child node of one)",
			   c->name, d->ref);
		return 0;
	}
	if (s->node < 0 || parent != s->host) {
		diag_error(d->loc, "cell '%s': PCI function '%s' is behind no "
			   "SMMU the hypervisor can own, so its DMA could reach "
			   "any memory: it cannot be given to a cell",
			   c->name, d->ref);
		return 0;
	}
	return 1;
}

/* Record the function (first owner only: a second is check.c's error). */
static void add_func(struct m_system *sys, uint32_t ci, struct m_device *d,
		     const struct septum_pci_func *f)
{
	struct m_smmu *s = &sys->smmu;

	d->found = 1;
	for (uint32_t i = 0; i < SEPTUM_PCI_BARS; i++) {
		if (f->bars[i].size && d->dev.num_mmio < BOARD_MAX_REGS)
			d->dev.mmio[d->dev.num_mmio++] = (struct board_range){
				f->bars[i].pa, f->bars[i].size };
	}
	if (listed(s, f->bdf))
		return;
	if (s->out.num_funcs == SEPTUM_MAX_PCI_FUNCS) {
		diag_error(d->loc, "cell '%s': more than %u PCI functions are "
			   "passed through in all", sys->cells[ci].name,
			   SEPTUM_MAX_PCI_FUNCS);
		return;
	}
	s->out.funcs[s->out.num_funcs] = *f;
	s->out.funcs[s->out.num_funcs++].cell = ci;
}

void pcidev_resolve(struct m_system *sys, uint32_t ci, struct m_device *d,
		    const struct board *b)
{
	struct m_cell *c = &sys->cells[ci];
	struct m_smmu *s = &sys->smmu;
	struct septum_pci_func f;
	int node = board_find(b, d->ref), len;
	const uint8_t *reg;

	pcidev_board(sys, b);
	if (node < 0) {
		diag_error(d->loc, "cell '%s': PCI function '%s' is not a path, "
			   "label or alias in the board device tree", c->name,
			   d->ref);
		return;
	}
	if (!behind_smmu(c, d, s, b, node))
		return;
	memset(&f, 0, sizeof(f));
	memset(&d->dev, 0, sizeof(d->dev));
	d->dev.node = node;
	snprintf(d->dev.path, sizeof(d->dev.path), "%s", d->ref);
	reg = fdt_getprop(b->fdt, node, "reg", &len);
	if (reg == NULL || len < PCI_ENTRY_BYTES || len % PCI_ENTRY_BYTES) {
		diag_error(d->loc, "cell '%s': PCI function '%s' has no reg "
			   "naming its bus, device and function", c->name,
			   d->ref);
		return;
	}
	f.bdf = PCI_BDF(cell_at(reg, 0));
	f.stream = stream_of(s, f.bdf);
	if (f.stream >= SEPTUM_SMMU_STREAMS ||
	    (uint64_t)(f.bdf >> 8) * ECAM_BUS_BYTES >= s->out.ecam_size) {
		diag_error(d->loc, "cell '%s': PCI function '%s' (%02x:%02x.%x) "
			   "is outside the buses and StreamIDs Septum's SMMU "
			   "stream table covers (0-%u)", c->name, d->ref,
			   f.bdf >> 8, (f.bdf >> 3) & 0x1fu, f.bdf & 7u,
			   SEPTUM_SMMU_STREAMS - 1);
		return;
	}
	if (listed(s, f.bdf))
		f = *listed(s, f.bdf);	/* its BARs are placed already */
	else if (!read_bars(c, d, s, reg, len, &f))
		return;
	add_func(sys, ci, d, &f);
}

int pcidev_is_smmu(const struct m_system *sys, int node)
{
	return node >= 0 && (node == sys->smmu.node || node == sys->smmu.host);
}
