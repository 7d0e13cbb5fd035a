/*
 * PCI functions given to cells (`pci-devices`): each is a child node of the
 * board's PCIe host (the DT PCI binding: reg's first entry names its
 * configuration space, the others its BARs and their sizes), behind the
 * board's SMMUv3 (the host's iommu-map), which the hypervisor owns.  The
 * tool places every memory BAR, 32 or 64-bit, in the host's 32-bit memory
 * window, in the order the functions are listed (a 64-bit BAR below 4 GiB
 * is as valid as above, and the cells' guest address space is 39 bits), and
 * hands the BARs to the owning cell as MMIO ranges,
 * and the SPI the function's INTx pin lands on (the host's interrupt-map) as
 * one of its interrupts.
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
#define PCI_SPACE_MEM64 0x03000000u
#define PCI_REGNUM(hi) ((hi) & 0xffu)
#define PCI_BAR0_REG 0x10u
#define PCI_BDF(hi) (((hi) >> 8) & 0xffffu)
#define IOMMU_MAP_BYTES (4 * CELL_BYTES)
#define PCI_INT_PINS 4u		/* INTA-INTD */
#define GIC_SPI 0u
#define GIC_LEVEL_MASK 0xcu	/* the flags cell: level high (4) or low (8) */
#define MAP_MAX_CELLS 8
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

/* Whether a BAR entry (phys.hi `hi`, `size`) is one Septum can place:
 * memory, 32 or 64-bit, a power of two, at a BAR register.  0 with the
 * complaint in diag. */
static int bar_entry_ok(const struct m_cell *c, const struct m_device *d,
			uint32_t hi, uint64_t size)
{
	uint32_t num = (PCI_REGNUM(hi) - PCI_BAR0_REG) / 4u;
	const char *why = NULL;

	if (PCI_SPACE(hi) != PCI_SPACE_MEM32 &&
	    PCI_SPACE(hi) != PCI_SPACE_MEM64)
		why = "is not memory (an I/O or configuration space entry), "
		      "which Septum cannot pass through";
	else if (PCI_REGNUM(hi) < PCI_BAR0_REG || PCI_REGNUM(hi) % 4u ||
		 num >= SEPTUM_PCI_BARS)
		why = "names no BAR register (0x10-0x24)";
	else if (size == 0 || (size & (size - 1u)) != 0)
		why = "has a size that is not a power of two";
	else if (PCI_SPACE(hi) == PCI_SPACE_MEM64 &&
		 num + 1u >= SEPTUM_PCI_BARS)
		why = "is a 64-bit BAR in the last register, with no room "
		      "for its upper half";
	if (why)
		diag_error(d->loc, "cell '%s': PCI function '%s': the reg entry "
			   "for register 0x%x %s", c->name, d->ref,
			   PCI_REGNUM(hi), why);
	return why == NULL;
}

/* The function's BARs, from its reg entries after the first (*bar64: the
 * 64-bit ones, by bit). */
static int read_bars(struct m_cell *c, struct m_device *d, struct m_smmu *s,
		     const uint8_t *reg, int len, struct septum_pci_func *f,
		     uint8_t *bar64)
{
	uint8_t used = 0;

	*bar64 = 0;
	for (int off = PCI_ENTRY_BYTES; off + PCI_ENTRY_BYTES <= len;
	     off += PCI_ENTRY_BYTES) {
		uint32_t hi = cell_at(reg + off, 0);
		uint32_t num = (PCI_REGNUM(hi) - PCI_BAR0_REG) / 4u;
		uint64_t size = board_read_cells(reg + off + PCI_ADDR_CELLS *
							       CELL_BYTES, 2);
		int wide = PCI_SPACE(hi) == PCI_SPACE_MEM64;
		uint8_t regs;

		if (!bar_entry_ok(c, d, hi, size))
			return 0;
		regs = (uint8_t)(wide ? 3u << num : 1u << num);
		if (used & regs) {
			diag_error(d->loc, "cell '%s': PCI function '%s': its "
				   "reg entries claim register 0x%x twice (a "
				   "64-bit BAR takes its own register and the "
				   "next)", c->name, d->ref, PCI_BAR0_REG + 4u *
				   ((used & (1u << num)) ? num : num + 1u));
			return 0;
		}
		used |= regs;
		if (wide)
			*bar64 = (uint8_t)(*bar64 | 1u << num);
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

/* A #...-cells property of `node`, or `dflt` when it has none. */
static int node_cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p && len == CELL_BYTES ? (int)fdt32_to_cpu(*p) : dflt;
}

/*
 * The GIC interrupt the host's interrupt-map routes pin `pin` of function
 * `bdf` to (an entry: child address and pin, masked by interrupt-map-mask,
 * then the parent's phandle, address and specifier).  Functions sit on
 * the root bus, so the pin is looked up as the function raises it (no
 * bridge swizzles it).  0 if no entry matches; SEPTUM_NONE if the entry
 * is not a level-triggered SPI of the board's GIC.
 */
static uint32_t intx_route(const struct board *b, const struct m_smmu *s,
			   uint32_t bdf, uint32_t pin, uint32_t *flags)
{
	int len, mlen, off;
	const uint8_t *map = fdt_getprop(b->fdt, s->host, "interrupt-map", &len);
	const uint8_t *mask = fdt_getprop(b->fdt, s->host, "interrupt-map-mask",
					  &mlen);
	uint32_t key[PCI_ADDR_CELLS + 1] = { bdf << 8, 0, 0, pin };

	if (map == NULL || mask == NULL ||
	    mlen != (PCI_ADDR_CELLS + 1) * CELL_BYTES ||
	    node_cells(b->fdt, s->host, "#interrupt-cells", 0) != 1)
		return 0;
	for (int i = 0; i <= PCI_ADDR_CELLS; i++)
		key[i] &= cell_at(mask, i);
	for (off = 0; off + (PCI_ADDR_CELLS + 2) * CELL_BYTES <= len;) {
		const uint8_t *e = map + off;
		int parent = fdt_node_offset_by_phandle(
			b->fdt, cell_at(e, PCI_ADDR_CELLS + 1));
		int pac = parent < 0 ? -1 :
			node_cells(b->fdt, parent, "#address-cells", 0);
		int pic = parent < 0 ? -1 :
			node_cells(b->fdt, parent, "#interrupt-cells", -1);
		int cells = PCI_ADDR_CELLS + 2 + pac + pic, i;

		if (pac < 0 || pic < 3 || cells > PCI_ADDR_CELLS + 2 +
				MAP_MAX_CELLS || off + cells * CELL_BYTES > len)
			return 0;	/* malformed: nothing matches */
		for (i = 0; i <= PCI_ADDR_CELLS && cell_at(e, i) == key[i]; i++)
			;
		off += cells * CELL_BYTES;
		if (i <= PCI_ADDR_CELLS)
			continue;
		e += (PCI_ADDR_CELLS + 2 + pac) * CELL_BYTES;
		if (parent != b->gic_node || cell_at(e, 0) != GIC_SPI ||
		    cell_at(e, 1) > SEPTUM_INTID_SPI_LAST - SEPTUM_INTID_SPI_FIRST ||
		    !(cell_at(e, 2) & GIC_LEVEL_MASK))
			return SEPTUM_NONE;
		*flags = cell_at(e, 2);
		return cell_at(e, 1) + SEPTUM_INTID_SPI_FIRST;
	}
	return 0;
}

/* The function owned by another cell whose INTx shares line `intid`. */
static const struct septum_pci_func *line_taken(const struct m_smmu *s,
						uint32_t ci, uint32_t intid)
{
	for (uint32_t i = 0; i < s->out.num_funcs; i++) {
		if (s->out.intx[i].intid == intid && s->out.funcs[i].cell != ci)
			return &s->out.funcs[i];
	}
	return NULL;
}

/*
 * The function's INTx (its node's `interrupts`: the pin, 1-4, as the DT PCI
 * binding writes it; none: no INTx) routed to the cell: the SPI becomes one
 * of its interrupts, unless another function of it brought it already.
 */
static int read_intx(struct m_system *sys, uint32_t ci, struct m_device *d,
		     const struct board *b, struct septum_pci_intx *x,
		     uint32_t bdf)
{
	struct m_smmu *s = &sys->smmu;
	const struct m_cell *c = &sys->cells[ci];
	const struct septum_pci_func *other;
	int len;
	uint32_t flags = 0;
	const uint8_t *p = fdt_getprop(b->fdt, d->dev.node, "interrupts", &len);

	*x = (struct septum_pci_intx){ 0, SEPTUM_NONE };
	if (p == NULL)
		return 1;
	x->pin = len == CELL_BYTES ? cell_at(p, 0) : 0;
	x->intid = x->pin >= 1 && x->pin <= PCI_INT_PINS ?
		intx_route(b, s, bdf, x->pin, &flags) : 0;
	if (x->intid == 0 || x->intid == SEPTUM_NONE) {
		diag_error(d->loc, "cell '%s': PCI function '%s': %s", c->name,
			   d->ref, x->intid == SEPTUM_NONE ?
			   "its INTx pin is routed to something other than a "
			   "level-triggered SPI of the GIC" :
			   "its INTx pin (interrupts) is not one the PCIe "
			   "host's interrupt-map routes");
		return 0;
	}
	other = line_taken(s, ci, x->intid);
	if (other) {
		diag_error(d->loc, "cell '%s': PCI function '%s' raises INT%c on "
			   "SPI %u (INTID %u), a level-triggered line shared "
			   "with PCI function %02x:%02x.%x of cell '%s': one "
			   "line cannot be split between cells", c->name, d->ref,
			   (char)('A' + x->pin - 1), x->intid -
			   SEPTUM_INTID_SPI_FIRST, x->intid, other->bdf >> 8,
			   (other->bdf >> 3) & 0x1fu, other->bdf & 7u,
			   sys->cells[other->cell].name);
		return 0;
	}
	for (uint32_t i = 0; i < s->out.num_funcs; i++) {
		if (s->out.intx[i].intid == x->intid)
			return 1;	/* the cell has the line already */
	}
	if (d->dev.num_irqs < BOARD_MAX_IRQS) {
		d->dev.irq_flags[d->dev.num_irqs] = flags;
		d->dev.intid[d->dev.num_irqs++] = x->intid;
	}
	return 1;
}

/* Record the function (first owner only: a second is check.c's error). */
static void add_func(struct m_system *sys, uint32_t ci, struct m_device *d,
		     const struct septum_pci_func *f,
		     const struct septum_pci_intx *x, uint8_t bar64)
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
	s->out.intx[s->out.num_funcs] = *x;
	s->out.bar64[s->out.num_funcs] = bar64;
	s->out.funcs[s->out.num_funcs] = *f;
	s->out.funcs[s->out.num_funcs++].cell = ci;
}

void pcidev_resolve(struct m_system *sys, uint32_t ci, struct m_device *d,
		    const struct board *b)
{
	struct m_cell *c = &sys->cells[ci];
	struct m_smmu *s = &sys->smmu;
	struct septum_pci_func f;
	struct septum_pci_intx x;
	uint8_t bar64;
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
	if (f.stream >= SEPTUM_SMMU_STREAMS || (f.bdf >> 8) != 0 ||
	    ECAM_BUS_BYTES > s->out.ecam_size) {
		/* The root bus only: a cell's virtual host has one bus, and no
		 * bridge swizzles the INTx pin looked up in interrupt-map. */
		diag_error(d->loc, "cell '%s': PCI function '%s' (%02x:%02x.%x) "
			   "is not on the host's root bus (bus 0) with a "
			   "StreamID Septum's SMMU stream table covers (0-%u)",
			   c->name, d->ref, f.bdf >> 8, (f.bdf >> 3) & 0x1fu,
			   f.bdf & 7u, SEPTUM_SMMU_STREAMS - 1);
		return;
	}
	if (listed(s, f.bdf)) {
		const struct septum_pci_func *was = listed(s, f.bdf);

		f = *was;	/* its BARs are placed already */
		x = s->out.intx[was - s->out.funcs];
		bar64 = s->out.bar64[was - s->out.funcs];
	} else if (!read_bars(c, d, s, reg, len, &f, &bar64) ||
		   !read_intx(sys, ci, d, b, &x, f.bdf)) {
		return;
	}
	add_func(sys, ci, d, &f, &x, bar64);
}

int pcidev_is_smmu(const struct m_system *sys, int node)
{
	return node >= 0 && (node == sys->smmu.node || node == sys->smmu.host);
}
