/*
 * Device-level queries on the board DTB: a node's reg ranges translated through
 * every parent bus's `ranges` to CPU physical addresses, and its interrupts
 * turned into GIC INTIDs (the "+32 for SPIs" is done here, once, for everyone).
 */
#include <libfdt.h>
#include <string.h>

#include "board.h"

#define CELL_BYTES 4
#define MAX_ADDR_CELLS 2
#define GIC_SPI_TYPE 0u
#define GIC_PPI_TYPE 1u
#define GIC_MIN_IRQ_CELLS 2
#define MAX_IRQ_CELLS 4
#define MAX_PARENT_DEPTH 32

static int cells_ok(int n)
{
	return n >= 1 && n <= MAX_ADDR_CELLS;
}

/* Map `*addr` (in `bus`'s child address space) through bus's `ranges`. */
static enum board_dev_error through_ranges(const void *fdt, int bus,
					   uint64_t *addr, uint64_t size)
{
	int parent = fdt_parent_offset(fdt, bus), len, off;
	int cac = fdt_address_cells(fdt, bus), csc = fdt_size_cells(fdt, bus);
	int pac, entry;
	const uint8_t *r = fdt_getprop(fdt, bus, "ranges", &len);

	if (r == NULL || parent < 0)
		return BOARD_DEV_NO_TRANSLATION;
	if (len == 0)
		return BOARD_DEV_OK;	/* empty ranges: identity */
	pac = fdt_address_cells(fdt, parent);
	if (!cells_ok(cac) || !cells_ok(csc) || !cells_ok(pac))
		return BOARD_DEV_NO_TRANSLATION;
	entry = (cac + pac + csc) * CELL_BYTES;
	for (off = 0; off + entry <= len; off += entry) {
		uint64_t child = board_read_cells(r + off, cac);
		uint64_t to = board_read_cells(r + off + cac * CELL_BYTES, pac);
		uint64_t span = board_read_cells(
			r + off + (cac + pac) * CELL_BYTES, csc);

		if (*addr >= child && *addr - child < span &&
		    size <= span - (*addr - child)) {
			*addr = *addr - child + to;
			return BOARD_DEV_OK;
		}
	}
	return BOARD_DEV_NO_TRANSLATION;
}

/* Translate a bus address of `node`'s parent up to the root. */
static enum board_dev_error translate(const void *fdt, int node, uint64_t *addr,
				      uint64_t size)
{
	int bus = fdt_parent_offset(fdt, node), depth;

	for (depth = 0; bus > 0 && depth < MAX_PARENT_DEPTH; depth++) {
		enum board_dev_error err = through_ranges(fdt, bus, addr, size);

		if (err != BOARD_DEV_OK)
			return err;
		bus = fdt_parent_offset(fdt, bus);
	}
	return bus == 0 ? BOARD_DEV_OK : BOARD_DEV_NO_TRANSLATION;
}

static enum board_dev_error read_regs(const void *fdt, struct board_device *d)
{
	int parent = fdt_parent_offset(fdt, d->node), len, off, entry, ac, sc;
	const uint8_t *reg = fdt_getprop(fdt, d->node, "reg", &len);
	enum board_dev_error err;

	if (reg == NULL)
		return BOARD_DEV_OK;	/* a device with interrupts only */
	if (board_x86_regs(fdt, parent, d, &err))
		return err;
	ac = parent >= 0 ? fdt_address_cells(fdt, parent) : -1;
	sc = parent >= 0 ? fdt_size_cells(fdt, parent) : -1;
	if (!cells_ok(ac) || !cells_ok(sc))
		return BOARD_DEV_BAD_REG;
	entry = (ac + sc) * CELL_BYTES;
	if (len % entry != 0)
		return BOARD_DEV_BAD_REG;
	for (off = 0; off < len; off += entry) {
		uint64_t base = board_read_cells(reg + off, ac);
		uint64_t size = board_read_cells(reg + off + ac * CELL_BYTES, sc);

		if (size == 0 || base + size - 1u < base)
			return BOARD_DEV_BAD_REG;
		if (d->num_mmio == BOARD_MAX_REGS)
			return BOARD_DEV_TOO_MANY;
		err = translate(fdt, d->node, &base, size);
		if (err != BOARD_DEV_OK)
			return err;
		d->mmio[d->num_mmio++] = (struct board_range){ base, size };
	}
	return BOARD_DEV_OK;
}

/* The interrupt parent of `node`: its own or an ancestor's interrupt-parent. */
static int irq_parent(const void *fdt, int node)
{
	int depth, len;

	for (depth = 0; node >= 0 && depth < MAX_PARENT_DEPTH; depth++) {
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent",
						&len);

		if (ph != NULL && len == CELL_BYTES)
			return fdt_node_offset_by_phandle(fdt,
							  fdt32_to_cpu(*ph));
		if (node == 0)
			break;
		node = fdt_parent_offset(fdt, node);
	}
	return -1;
}

/* One GIC interrupt specifier (type, number, flags...) -> INTID. */
static enum board_dev_error add_irq(struct board_device *d, const fdt32_t *spec)
{
	uint32_t type = fdt32_to_cpu(spec[0]), num = fdt32_to_cpu(spec[1]);
	uint32_t intid;

	if (type == GIC_SPI_TYPE && num <= SEPTUM_INTID_SPI_LAST -
					       SEPTUM_INTID_SPI_FIRST)
		intid = num + SEPTUM_INTID_SPI_FIRST;
	else if (type == GIC_PPI_TYPE &&
		 num < SEPTUM_INTID_SPI_FIRST - SEPTUM_INTID_PPI_FIRST)
		intid = num + SEPTUM_INTID_PPI_FIRST;
	else
		return BOARD_DEV_BAD_IRQ;
	if (d->num_irqs == BOARD_MAX_IRQS)
		return BOARD_DEV_TOO_MANY;
	d->irq_flags[d->num_irqs] = fdt32_to_cpu(spec[2]);
	d->intid[d->num_irqs++] = intid;
	return BOARD_DEV_OK;
}

static enum board_dev_error read_irqs(const struct board *b,
				      struct board_device *d)
{
	const void *fdt = b->fdt;
	int len, cells, off, ic_len;
	const fdt32_t *p = fdt_getprop(fdt, d->node, "interrupts", &len);
	const fdt32_t *ic;

	if (p == NULL)
		return fdt_getprop(fdt, d->node, "interrupts-extended", NULL) ?
			       BOARD_DEV_NOT_GIC : BOARD_DEV_OK;
	if (irq_parent(fdt, d->node) != b->gic_node)
		return BOARD_DEV_NOT_GIC;
	ic = fdt_getprop(fdt, b->gic_node, "#interrupt-cells", &ic_len);
	cells = ic && ic_len == CELL_BYTES ? (int)fdt32_to_cpu(*ic) : 0;
	if (cells < (b->irqchip == SEPTUM_IRQCHIP_X86_APIC ? 1 :
		     GIC_MIN_IRQ_CELLS + 1) ||
	    cells > MAX_IRQ_CELLS || len % (cells * CELL_BYTES) != 0)
		return BOARD_DEV_BAD_IRQ;
	for (off = 0; off < len / CELL_BYTES; off += cells) {
		enum board_dev_error err = b->irqchip == SEPTUM_IRQCHIP_X86_APIC ?
			board_x86_irq(d, p + off) : add_irq(d, p + off);

		if (err != BOARD_DEV_OK)
			return err;
	}
	return BOARD_DEV_OK;
}

enum board_dev_error board_device(const struct board *b, int node,
				  struct board_device *dev)
{
	int len;
	const char *status;
	enum board_dev_error err;

	memset(dev, 0, sizeof(*dev));
	dev->node = node;
	if (fdt_get_path(b->fdt, node, dev->path, sizeof(dev->path)) != 0)
		dev->path[0] = '\0';
	status = fdt_getprop(b->fdt, node, "status", &len);
	dev->disabled = status != NULL &&
			!fdt_stringlist_contains(status, len, "okay") &&
			!fdt_stringlist_contains(status, len, "ok");
	/* Interrupts first: a device wired to another controller (a GPIO
	 * expander's, on an I2C bus) is told so, whatever its reg. */
	err = read_irqs(b, dev);
	if (err == BOARD_DEV_OK)
		err = read_regs(b->fdt, dev);
	return err;
}

const char *board_dev_error_str(enum board_dev_error err)
{
	switch (err) {
	case BOARD_DEV_OK:
		return "is usable";
	case BOARD_DEV_BAD_REG:
		return "has a reg property Septum cannot read (PCI or malformed)";
	case BOARD_DEV_NO_TRANSLATION:
		return "sits on a bus whose ranges do not map it to CPU addresses";
	case BOARD_DEV_TOO_MANY:
		return "has more MMIO ranges or interrupts than Septum supports";
	case BOARD_DEV_NOT_GIC:
		return "has interrupts routed to a controller other than the GIC";
	case BOARD_DEV_BAD_IRQ:
		return "has a malformed interrupts property";
	}
	return "is unusable";
}
