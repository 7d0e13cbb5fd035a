/*
 * Passed-through devices and the virtual PCI host of a generated cell tree.
 * A device node is copied from the board with its registers given as CPU
 * physical addresses (the cell sees devices at their physical address), its
 * interrupts rewritten for the cell's GIC, and every property that points at
 * other board nodes (pinctrl, resets, DMA...) dropped: those nodes stay with
 * the hypervisor.  Fixed clocks are the exception: they are copied along.
 */
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "celldt_int.h"
#include "diag.h"

#define CELL_BYTES 4
#define NAME_LEN 128
#define MAX_CLOCKS 16u
#define GIC_SPI 0u
#define PCI_SLOT_SHIFT 11u
#define PCI_INT_PINS 1u		/* INTA only */
#define PCI_MEM32 0x02000000u	/* phys.hi: 32-bit memory space */
#define PCI_MEM64 0x03000000u	/* phys.hi: 64-bit memory space */
#define PCI_BDF_SHIFT 8u	/* phys.hi: bus, device, function */
#define MAP_ENTRY_CELLS 10u
#define RANGE_CELLS 7u
#define MAX_RANGES (1u + SEPTUM_MAX_PCI_FUNCS * SEPTUM_PCI_BARS)
#define PCI_SLOT_MASK 0xf800u
#define PCI_PIN_MASK 7u
#define IRQ_LEVEL_HIGH 4u
#define PCI_ECAM_BYTES 0x100000u	/* bus 0 */

static const char *const dropped_props[] = {
	"reg", "interrupts", "interrupt-parent", "phandle", "linux,phandle",
	"status", "clocks", "clock-names", "assigned-clocks",
	"assigned-clock-parents", "assigned-clock-rates", "resets",
	"reset-names", "dmas", "dma-names", "power-domains",
	"power-domain-names", "phys", "phy-names", "iommus",
	"interrupts-extended", "msi-parent", "memory-region", "nvmem-cells",
	"nvmem-cell-names", "phy-handle", "syscon", "operating-points-v2",
	"mboxes", "mbox-names", "interconnects", "interconnect-names", "gpios",
	"pinctrl-names", NULL,
};
static const char *const dropped_suffixes[] = { "-gpios", "-gpio", "-supply",
						"-handle", NULL };

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int dropped(const char *name)
{
	const char *const *p;

	if (strncmp(name, "pinctrl-", strlen("pinctrl-")) == 0)
		return 1;
	for (p = dropped_props; *p; p++) {
		if (strcmp(name, *p) == 0)
			return 1;
	}
	for (p = dropped_suffixes; *p; p++) {
		if (ends_with(name, *p))
			return 1;
	}
	return 0;
}

/* Clock phandles of the board mapped to the generated tree's. */
struct clock_map {
	uint32_t n;
	uint32_t from[MAX_CLOCKS], to[MAX_CLOCKS];
	int node[MAX_CLOCKS];
};

static uint32_t map_clock(const struct clock_map *m, uint32_t ph)
{
	uint32_t i;

	for (i = 0; i < m->n; i++) {
		if (m->from[i] == ph)
			return m->to[i];
	}
	return 0;
}

/* The device's clocks are all fixed clocks with #clock-cells = 0: add them
 * to the map and return 1; otherwise return 0 (its clocks are dropped). */
static int fixed_clocks(const struct board *b, int node, struct clock_map *m)
{
	int len, i;
	const fdt32_t *p = fdt_getprop(b->fdt, node, "clocks", &len);

	for (i = 0; p && i < len / CELL_BYTES; i++) {
		uint32_t ph = fdt32_to_cpu(p[i]);
		int clk = fdt_node_offset_by_phandle(b->fdt, ph);
		const fdt32_t *cells = clk < 0 ? NULL :
			fdt_getprop(b->fdt, clk, "#clock-cells", NULL);

		if (clk < 0 || cells == NULL || fdt32_to_cpu(*cells) != 0 ||
		    fdt_node_check_compatible(b->fdt, clk, "fixed-clock") != 0)
			return 0;
		if (map_clock(m, ph) == 0 && m->n < MAX_CLOCKS) {
			m->from[m->n] = ph;
			m->to[m->n] = PHANDLE_FIRST_FREE + m->n;
			m->node[m->n] = clk;
			m->n++;
		}
	}
	return p != NULL;
}

static int copy_clock(void *fdt, const struct board *b,
		      const struct clock_map *m, uint32_t i)
{
	char name[NAME_LEN];
	int off, err;

	snprintf(name, sizeof(name), "clock-%u", m->to[i]);
	err = fdt_begin_node(fdt, name);
	fdt_for_each_property_offset(off, b->fdt, m->node[i]) {
		const char *pname;
		int len;
		const void *v = fdt_getprop_by_offset(b->fdt, off, &pname, &len);

		if (!err && v && strcmp(pname, "phandle") != 0 &&
		    strcmp(pname, "linux,phandle") != 0)
			err = fdt_property(fdt, pname, v, len);
	}
	err = err ? err : fdt_property_u32(fdt, "phandle", m->to[i]);
	return err ? err : fdt_end_node(fdt);
}

static int write_regs_irqs(void *fdt, const struct board_device *d)
{
	fdt64_t reg[2 * BOARD_MAX_REGS];
	fdt32_t irq[3 * BOARD_MAX_IRQS];
	uint32_t i;
	int err = 0;

	for (i = 0; i < d->num_mmio; i++) {
		reg[2 * i] = cpu_to_fdt64(d->mmio[i].base);
		reg[2 * i + 1] = cpu_to_fdt64(d->mmio[i].size);
	}
	for (i = 0; i < d->num_irqs; i++) {
		irq[3 * i] = cpu_to_fdt32(GIC_SPI);
		irq[3 * i + 1] = cpu_to_fdt32(d->intid[i] -
					      SEPTUM_INTID_SPI_FIRST);
		irq[3 * i + 2] = cpu_to_fdt32(d->irq_flags[i]);
	}
	if (d->num_mmio)
		err = fdt_property(fdt, "reg", reg,
				   (int)(d->num_mmio * sizeof(reg[0]) * 2));
	if (!err && d->num_irqs)
		err = fdt_property(fdt, "interrupts", irq,
				   (int)(d->num_irqs * 3 * sizeof(irq[0])));
	return err;
}

static int write_clocks(void *fdt, const struct board *b, int node,
			const struct clock_map *m)
{
	fdt32_t out[MAX_CLOCKS];
	int len, i, err;
	const fdt32_t *p = fdt_getprop(b->fdt, node, "clocks", &len);
	const void *names;

	for (i = 0; i < len / CELL_BYTES && i < (int)MAX_CLOCKS; i++)
		out[i] = cpu_to_fdt32(map_clock(m, fdt32_to_cpu(p[i])));
	err = fdt_property(fdt, "clocks", out, (int)(i * CELL_BYTES));
	names = fdt_getprop(b->fdt, node, "clock-names", &len);
	if (!err && names)
		err = fdt_property(fdt, "clock-names", names, len);
	return err;
}

static int write_device(void *fdt, const struct m_cell *c,
			const struct m_device *md, const struct board *b,
			struct clock_map *m)
{
	const struct board_device *d = &md->dev;
	const char *full = fdt_get_name(b->fdt, d->node, NULL);
	char name[NAME_LEN];
	int off, err, clocks = fixed_clocks(b, d->node, m);

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(full, "@"), full);
	if (d->num_mmio)
		snprintf(name + strlen(name), sizeof(name) - strlen(name),
			 "@%" PRIx64, d->mmio[0].base);
	if (!clocks && fdt_getprop(b->fdt, d->node, "clocks", NULL))
		diag_warning(md->loc, "cell '%s': the clocks of device '%s' "
			     "stay with the board; its node in the cell's "
			     "device tree has none", c->name, md->ref);
	err = fdt_begin_node(fdt, name);
	fdt_for_each_property_offset(off, b->fdt, d->node) {
		const char *pname;
		int len;
		const void *v = fdt_getprop_by_offset(b->fdt, off, &pname, &len);

		if (!err && v && !dropped(pname))
			err = fdt_property(fdt, pname, v, len);
	}
	err = err ? err : write_regs_irqs(fdt, d);
	if (!err && clocks)
		err = write_clocks(fdt, b, d->node, m);
	return err ? err : fdt_end_node(fdt);
}

int celldt_write_devices(void *fdt, const struct m_cell *c,
			 const struct board *b)
{
	struct clock_map m = { 0 };
	uint32_t k;
	int err = 0;

	for (k = 0; k < c->num_devices; k++)
		fixed_clocks(b, c->devices[k].dev.node, &m);
	for (k = 0; !err && k < m.n; k++)
		err = copy_clock(fdt, b, &m, k);
	for (k = 0; !err && k < c->num_devices; k++) {
		if (!c->devices[k].pci)	/* on its virtual PCI host */
			err = write_device(fdt, c, &c->devices[k], b, &m);
	}
	return err;
}

/* One interrupt-map entry: pin `pin` of slot `slot` -> SPI `intid`. */
static uint32_t map_entry(fdt32_t *map, uint32_t n, uint32_t slot,
			  uint32_t pin, uint32_t intid)
{
	const uint32_t entry[MAP_ENTRY_CELLS] = {
		slot << PCI_SLOT_SHIFT, 0, 0, pin, PHANDLE_GIC, 0, 0, GIC_SPI,
		intid - SEPTUM_INTID_SPI_FIRST, IRQ_LEVEL_HIGH };

	for (uint32_t e = 0; e < n; e += MAP_ENTRY_CELLS) {
		if (fdt32_to_cpu(map[e]) == entry[0] &&
		    fdt32_to_cpu(map[e + 3]) == pin)
			return n;	/* another function of the slot */
	}
	for (uint32_t e = 0; e < MAP_ENTRY_CELLS; e++)
		map[n + e] = cpu_to_fdt32(entry[e]);
	return n + MAP_ENTRY_CELLS;
}

/* interrupt-map: INTA of each channel's slot -> its doorbell SPI, and the
 * pin of each PCI function of the cell -> the SPI the board routes it to. */
static int write_intx_map(void *fdt, const struct m_system *sys, uint32_t ci)
{
	fdt32_t map[(SEPTUM_MAX_CHANNELS + SEPTUM_MAX_PCI_FUNCS) *
		    MAP_ENTRY_CELLS];
	const fdt32_t mask[4] = { cpu_to_fdt32(PCI_SLOT_MASK), 0, 0,
				  cpu_to_fdt32(PCI_PIN_MASK) };
	const struct septum_smmu *s = &sys->smmu.out;
	uint32_t i, k, n = 0;
	int err;

	for (i = 0; i < sys->num_channels && i < SEPTUM_MAX_CHANNELS; i++) {
		for (k = 0; k < sys->channels[i].num_peers; k++) {
			const struct m_peer *p = &sys->channels[i].peers[k];

			if (p->cell == (int)ci)
				n = map_entry(map, n, p->pci_slot,
					      PCI_INT_PINS, p->vintid);
		}
	}
	for (i = 0; i < s->num_funcs; i++) {
		if (s->funcs[i].cell == ci && s->intx[i].pin)
			n = map_entry(map, n, (s->funcs[i].bdf >> 3) & 0x1fu,
				      s->intx[i].pin, s->intx[i].intid);
	}
	err = fdt_property(fdt, "interrupt-map-mask", mask, sizeof(mask));
	return err ? err : fdt_property(fdt, "interrupt-map", map,
					(int)(n * CELL_BYTES));
}

/* One ranges entry: PCI memory [bus, bus + size) at CPU address cpu. */
static uint32_t range_entry(fdt32_t *r, uint32_t n, uint64_t bus,
			    uint64_t cpu, uint64_t size)
{
	const uint32_t entry[RANGE_CELLS] = {
		bus + size > 0x100000000ull ? PCI_MEM64 : PCI_MEM32,
		(uint32_t)(bus >> 32), (uint32_t)bus,
		(uint32_t)(cpu >> 32), (uint32_t)cpu,
		(uint32_t)(size >> 32), (uint32_t)size };

	for (uint32_t e = 0; e < RANGE_CELLS; e++)
		r[n + e] = cpu_to_fdt32(entry[e]);
	return n + RANGE_CELLS;
}

/*
 * ranges: the channels' window, and each BAR of the cell's PCI functions
 * where the tool placed it (bus address to the CPU address the cell reaches
 * it at), so that Linux, probing only, finds every BAR inside a window.
 */
static int write_ranges(void *fdt, const struct m_system *sys, uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	const struct septum_smmu *s = &sys->smmu.out;
	fdt32_t r[MAX_RANGES * RANGE_CELLS];
	uint32_t n = range_entry(r, 0, c->pci_mmio, c->pci_mmio,
				 c->pci_mmio_size);

	for (uint32_t i = 0; i < s->num_funcs; i++) {
		for (uint32_t k = 0; s->funcs[i].cell == ci &&
				     k < SEPTUM_PCI_BARS; k++) {
			const struct septum_pci_bar *bar = &s->funcs[i].bars[k];

			if (bar->size)
				n = range_entry(r, n, bar->bus, bar->pa,
						bar->size);
		}
	}
	return fdt_property(fdt, "ranges", r, (int)(n * CELL_BYTES));
}

/*
 * A node per channel device, so Linux attaches it to the PCI device and
 * user space finds the channel by name (of_node/label in sysfs).
 */
static int write_pci_devices(void *fdt, const struct m_system *sys,
			     uint32_t ci)
{
	uint32_t i, k;
	int err = 0;

	for (i = 0; !err && i < sys->num_channels; i++) {
		for (k = 0; !err && k < sys->channels[i].num_peers; k++) {
			const struct m_peer *p = &sys->channels[i].peers[k];
			fdt32_t reg[5] = {
				cpu_to_fdt32(p->pci_slot << PCI_SLOT_SHIFT) };
			char name[NAME_LEN];

			if (p->cell != (int)ci)
				continue;
			snprintf(name, sizeof(name), "ivshmem@%x", p->pci_slot);
			err = fdt_begin_node(fdt, name);
			err = err ? err : fdt_property(fdt, "reg", reg,
						       sizeof(reg));
			err = err ? err : dt_string(fdt, "compatible",
						    "pci110a,4106");
			err = err ? err : dt_string(fdt, "label",
						    sys->channels[i].name);
			err = err ? err : fdt_end_node(fdt);
		}
	}
	return err;
}

int celldt_write_pci(void *fdt, const struct m_system *sys, uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	char name[NAME_LEN];
	fdt32_t bus_range[2] = { 0, 0 };
	int err;

	if (c->pci_ecam == 0)
		return 0;
	snprintf(name, sizeof(name), "pcie@%" PRIx64, c->pci_ecam);
	err = fdt_begin_node(fdt, name);
	err = err ? err : dt_string(fdt, "compatible",
					      "pci-host-ecam-generic");
	err = err ? err : dt_string(fdt, "device_type", "pci");
	err = err ? err : fdt_property_u32(fdt, "#address-cells", 3);
	err = err ? err : fdt_property_u32(fdt, "#size-cells", 2);
	err = err ? err : fdt_property_u32(fdt, "#interrupt-cells", 1);
	err = err ? err : dt_u64_pair(fdt, "reg", c->pci_ecam, PCI_ECAM_BYTES);
	err = err ? err : fdt_property(fdt, "bus-range", bus_range,
				       sizeof(bus_range));
	err = err ? err : write_ranges(fdt, sys, ci);
	err = err ? err : write_intx_map(fdt, sys, ci);
	err = err ? err : fdt_property(fdt, "dma-coherent", NULL, 0);
	err = err ? err : write_pci_devices(fdt, sys, ci);
	return err ? err : fdt_end_node(fdt);
}
