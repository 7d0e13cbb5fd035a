/*
 * Board-wide facts from the board DTB: CPUs, RAM, GIC, timer.  See board.h.
 * Device-level queries (reg translation, interrupts) are in board_dev.c.
 */
#include <libfdt.h>
#include <string.h>

#include "board.h"
#include "diag.h"

#define CELL_BYTES 4
#define GIC_V2 2u
#define GIC_V3 3u
/* A GICv3 redistributor is two 64 KiB frames (RD_base, SGI_base). */
#define GICV3_RD_STRIDE 0x20000u
#define TIMER_PPIS 4u

static struct loc board_loc(const struct board *b)
{
	return (struct loc){ b->file, 0 };
}

uint64_t board_read_cells(const void *p, int cells)
{
	const fdt32_t *c = p;

	if (cells == 1)
		return fdt32_to_cpu(c[0]);
	return ((uint64_t)fdt32_to_cpu(c[0]) << 32) | fdt32_to_cpu(c[1]);
}

/* Property `prop` of `node` holds the string `val` (bounds-checked: a board
 * DTB's strings are not trusted to be NUL-terminated). */
static int prop_has(const void *fdt, int node, const char *prop,
		    const char *val)
{
	int len;
	const char *p = fdt_getprop(fdt, node, prop, &len);

	return p != NULL && fdt_stringlist_contains(p, len, val);
}

static int load_cpu(struct board *b, int node, int addr_cells)
{
	const void *reg;
	int len;

	reg = fdt_getprop(b->fdt, node, "reg", &len);
	if (reg == NULL || addr_cells < 1 || addr_cells > 2 ||
	    len < addr_cells * CELL_BYTES) {
		diag_error(board_loc(b), "board CPU node '%s' has no valid reg "
			   "(its MPIDR)", fdt_get_name(b->fdt, node, NULL));
		return -1;
	}
	if (b->num_cpus == SEPTUM_MAX_CPUS) {
		diag_warning(board_loc(b), "the board has more than %u CPUs; "
			     "Septum uses the first %u", SEPTUM_MAX_CPUS,
			     SEPTUM_MAX_CPUS);
		return -1;
	}
	b->cpu_mpidr[b->num_cpus] = board_read_cells(reg, addr_cells);
	b->cpu_node[b->num_cpus] = node;
	b->num_cpus++;
	return 0;
}

static int load_cpus(struct board *b)
{
	int cpus = fdt_path_offset(b->fdt, "/cpus");

	if (cpus >= 0) {
		int ac = fdt_address_cells(b->fdt, cpus), node;

		fdt_for_each_subnode(node, b->fdt, cpus) {
			if (prop_has(b->fdt, node, "device_type", "cpu") &&
			    load_cpu(b, node, ac) != 0)
				break;
		}
	}
	if (b->num_cpus == 0) {
		diag_error(board_loc(b), "the board device tree describes no "
			   "CPU under /cpus");
		return -1;
	}
	return 0;
}

static void load_ram_node(struct board *b, int node, int ac, int sc)
{
	const uint8_t *reg;
	int len, entry = (ac + sc) * CELL_BYTES, off;

	reg = fdt_getprop(b->fdt, node, "reg", &len);
	if (reg == NULL || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return;
	for (off = 0; off + entry <= len; off += entry) {
		uint64_t base = board_read_cells(reg + off, ac);
		uint64_t size = board_read_cells(reg + off + ac * CELL_BYTES, sc);

		if (size == 0 || base + size < base)
			continue;
		if (b->num_ram == BOARD_MAX_RAM)
			return;
		b->ram[b->num_ram].base = base;
		b->ram[b->num_ram].size = size;
		b->num_ram++;
	}
}

/* RAM is every root-level node with device_type = "memory". */
static void load_ram(struct board *b)
{
	int ac = fdt_address_cells(b->fdt, 0), sc = fdt_size_cells(b->fdt, 0);
	int node;

	fdt_for_each_subnode(node, b->fdt, 0) {
		if (prop_has(b->fdt, node, "device_type", "memory"))
			load_ram_node(b, node, ac, sc);
	}
}

static void add_reserved(struct board *b, uint64_t base, uint64_t size)
{
	if (size == 0 || base + size < base ||
	    b->num_reserved == BOARD_MAX_RESERVED)
		return;
	b->reserved[b->num_reserved].base = base;
	b->reserved[b->num_reserved].size = size;
	b->num_reserved++;
}

/*
 * What the board keeps for itself: /memreserve/ entries, and the `reg` of
 * each /reserved-memory child (one placed at boot by `size` alone has none
 * yet, and is not the board's to keep).
 */
static void load_reserved(struct board *b)
{
	int rm = fdt_path_offset(b->fdt, "/reserved-memory");
	int n = fdt_num_mem_rsv(b->fdt), node, ac, sc;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(b->fdt, i, &base, &size) == 0)
			add_reserved(b, base, size);
	}
	if (rm < 0)
		return;
	ac = fdt_address_cells(b->fdt, rm);
	sc = fdt_size_cells(b->fdt, rm);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return;
	fdt_for_each_subnode(node, b->fdt, rm) {
		int len, entry = (ac + sc) * CELL_BYTES, off;
		const uint8_t *reg = fdt_getprop(b->fdt, node, "reg", &len);

		for (off = 0; reg && off + entry <= len; off += entry)
			add_reserved(b, board_read_cells(reg + off, ac),
				     board_read_cells(reg + off +
						      ac * CELL_BYTES, sc));
	}
}

static const char *const gic_v3_compat[] = { "arm,gic-v3" };
static const char *const gic_v2_compat[] = {
	"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a7-gic", "arm,gic-v2",
};

static int compat_any(const void *fdt, int node, const char *const *list,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fdt_node_check_compatible(fdt, node, list[i]) == 0)
			return 1;
	}
	return 0;
}

/* Find the GIC: the first interrupt controller with a known compatible. */
static int find_gic(struct board *b)
{
	int node;

	for (node = fdt_next_node(b->fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(b->fdt, node, NULL)) {
		if (fdt_getprop(b->fdt, node, "interrupt-controller", NULL) ==
		    NULL)
			continue;
		if (compat_any(b->fdt, node, gic_v3_compat, 1)) {
			b->gic_version = GIC_V3;
			return node;
		}
		if (compat_any(b->fdt, node, gic_v2_compat,
			       sizeof(gic_v2_compat) / sizeof(gic_v2_compat[0]))) {
			b->gic_version = GIC_V2;
			return node;
		}
	}
	return -1;
}

/*
 * A GIC-400 whose CPU interface and GICV regions are 128 KiB in the DT has
 * its 4 KiB frames repeating every 64 KiB: GICC + 0x1000 (GICC_DIR) is then
 * an alias of GICC_CTLR.  The contiguous 8 KiB interfaces are at +0xf000
 * (frame 0's last alias, then frame 1's first): use them there, for the
 * hypervisor and for the cells (see board.h, gic_alias_64k).
 */
#define GICV2_ALIAS_SPAN 0x20000u
#define GICV2_ALIAS_OFFSET 0xf000u

static void gic_v2_alias(struct board *b, const struct board_device *d)
{
	if (d->mmio[1].size < GICV2_ALIAS_SPAN ||
	    d->mmio[3].size < GICV2_ALIAS_SPAN)
		return;
	b->gic_alias_64k = 1;
	b->gic.gicc_pa += GICV2_ALIAS_OFFSET;
	b->gic.gicv_pa += GICV2_ALIAS_OFFSET;
}

static int gic_regs(struct board *b, const struct board_device *d)
{
	uint32_t need = b->gic_version == GIC_V3 ? 2u : 4u;

	if (d->num_mmio < need) {
		diag_error(board_loc(b), b->gic_version == GIC_V3 ?
			   "the board's GICv3 node lacks its redistributor "
			   "region" : "the board's GICv2 node lacks the "
			   "GICC, GICH and GICV regions that virtualization needs");
		return -1;
	}
	b->gic.gicd_pa = d->mmio[0].base;
	if (b->gic_version == GIC_V3) {
		b->gic.gicr_pa = d->mmio[1].base;
		b->gicr_size = d->mmio[1].size;
		b->gic.gicr_stride = GICV3_RD_STRIDE;
	} else {
		b->gic.gicc_pa = d->mmio[1].base;
		b->gic.gich_pa = d->mmio[2].base;
		b->gic.gicv_pa = d->mmio[3].base;
		gic_v2_alias(b, d);
	}
	return 0;
}

static int load_gic(struct board *b)
{
	struct board_device d;

	b->gic_node = find_gic(b);
	if (b->gic_node < 0) {
		diag_error(board_loc(b), "the board device tree has no GICv2 "
			   "or GICv3 interrupt controller");
		return -1;
	}
	if (board_device(b, b->gic_node, &d) != BOARD_DEV_OK ||
	    gic_regs(b, &d) != 0) {
		if (d.num_mmio == 0)
			diag_error(board_loc(b), "the board's GIC node has no "
				   "usable reg property");
		return -1;
	}
	b->gic.maint_intid = d.num_irqs > 0 ? d.intid[0] : 0;
	if (b->gic.maint_intid < SEPTUM_INTID_PPI_FIRST ||
	    b->gic.maint_intid >= SEPTUM_INTID_SPI_FIRST) {
		diag_error(board_loc(b), "the board's GIC node does not give "
			   "its maintenance interrupt as a PPI");
		return -1;
	}
	return 0;
}

static const char *const timer_compat[] = { "arm,armv8-timer",
					    "arm,armv7-timer" };

static int load_timer(struct board *b)
{
	struct board_device d;
	uint32_t i;

	b->timer_node = -1;
	for (i = 0; i < 2 && b->timer_node < 0; i++)
		b->timer_node = fdt_node_offset_by_compatible(b->fdt, -1,
							      timer_compat[i]);
	if (b->timer_node < 0 ||
	    board_device(b, b->timer_node, &d) != BOARD_DEV_OK ||
	    d.num_irqs < TIMER_PPIS) {
		diag_error(board_loc(b), "the board device tree has no generic "
			   "timer node with its four PPIs");
		return -1;
	}
	for (i = 0; i < TIMER_PPIS; i++) {
		if (d.intid[i] < SEPTUM_INTID_PPI_FIRST ||
		    d.intid[i] >= SEPTUM_INTID_SPI_FIRST) {
			diag_error(board_loc(b), "the board's timer interrupts "
				   "are not PPIs");
			return -1;
		}
	}
	b->timer = (struct septum_timer){ d.intid[0], d.intid[1], d.intid[2],
					  d.intid[3] };
	return 0;
}

/* A one-cell u32 property, or 0 when absent or malformed. */
static uint32_t prop_u32(const void *fdt, int node, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p != NULL && len == CELL_BYTES ? fdt32_to_cpu(*p) : 0;
}

static void set_llc(struct board *b, uint64_t way_size)
{
	uint64_t colours = way_size / SEPTUM_PAGE_SIZE;

	b->llc_way_size = way_size;
	b->llc_colours = (uint32_t)(colours > SEPTUM_MAX_COLOURS ?
					    SEPTUM_MAX_COLOURS : colours);
}

/*
 * The last-level cache: of the nodes the DT binding calls caches
 * (compatible "cache", with a cache-level), the one of the highest level;
 * its way is cache-sets lines of cache-line-size (or cache-block-size)
 * bytes.  A cache node that does not give both leaves the geometry unknown.
 */
static void load_llc(struct board *b)
{
	uint32_t best = 0;
	int node;

	b->llc_node = -1;
	for (node = fdt_node_offset_by_compatible(b->fdt, -1, "cache");
	     node >= 0;
	     node = fdt_node_offset_by_compatible(b->fdt, node, "cache")) {
		uint32_t level = prop_u32(b->fdt, node, "cache-level");

		if (level > best) {
			best = level;
			b->llc_node = node;
		}
	}
	if (b->llc_node >= 0) {
		uint64_t sets = prop_u32(b->fdt, b->llc_node, "cache-sets");
		uint64_t line = prop_u32(b->fdt, b->llc_node, "cache-line-size");

		if (line == 0)
			line = prop_u32(b->fdt, b->llc_node, "cache-block-size");
		if (sets * line >= SEPTUM_PAGE_SIZE &&
		    (sets * line) % SEPTUM_PAGE_SIZE == 0)
			set_llc(b, sets * line);
		else
			b->llc_node = -1;
	}
}

int board_set_llc_way(struct board *b, uint64_t way_size)
{
	if (way_size == 0 || way_size % SEPTUM_PAGE_SIZE != 0) {
		diag_error(board_loc(b), "the board's last-level cache way size "
			   "(LLC_WAY_SIZE) must be a non-zero multiple of 4 KiB, "
			   "not 0x%llx", (unsigned long long)way_size);
		return -1;
	}
	if (b->llc_colours == 0)
		set_llc(b, way_size);
	return 0;
}

int board_load(struct board *b, const void *fdt, size_t size, const char *file)
{
	int err;

	memset(b, 0, sizeof(*b));
	b->fdt = fdt;
	b->file = file;
	b->gic_node = -1;
	b->timer_node = -1;
	/* libfdt 1.6's fdt_check_full() crashes on some pre-v16 trees. */
	err = size >= FDT_V1_SIZE && fdt_version(fdt) < 16 ?
		      -FDT_ERR_BADVERSION : fdt_check_full(fdt, size);
	if (err != 0) {
		diag_error(board_loc(b), "not a valid device tree blob (%s)",
			   fdt_strerror(err));
		return -1;
	}
	load_ram(b);
	load_reserved(b);
	load_llc(b);
	if (load_cpus(b) != 0)
		return -1;
	if (board_x86_load(b))
		return 0;	/* an x86 board: no GIC, no generic timer */
	if (load_gic(b) != 0 || load_timer(b) != 0)
		return -1;
	b->irqchip = b->gic_version == GIC_V3 ? SEPTUM_IRQCHIP_GICV3
					      : SEPTUM_IRQCHIP_GICV2;
	return 0;
}

/* A label from __symbols__ or an alias: a string property holding a path. */
static int find_by_name(const struct board *b, const char *holder,
			const char *name)
{
	int node = fdt_path_offset(b->fdt, holder), len;
	const char *path;

	if (node < 0)
		return -1;
	path = fdt_getprop(b->fdt, node, name, &len);
	/* Only an absolute, NUL-terminated path: never recurse into aliases. */
	if (path == NULL || len < 2 || path[0] != '/' ||
	    memchr(path, '\0', (size_t)len) == NULL)
		return -1;
	node = fdt_path_offset(b->fdt, path);
	return node >= 0 ? node : -1;
}

int board_find(const struct board *b, const char *ref)
{
	int node;

	if (ref[0] == '/') {
		node = fdt_path_offset(b->fdt, ref);
		return node >= 0 ? node : -1;
	}
	if (ref[0] == '\0' || strchr(ref, '/') != NULL)
		return -1;
	node = find_by_name(b, "/__symbols__", ref);
	if (node < 0)
		node = find_by_name(b, "/aliases", ref);
	return node;
}

struct uart_compat {
	const char *compatible;
	uint32_t kind;
};

static const struct uart_compat uart_compat[] = {
	{ "arm,pl011", SEPTUM_UART_PL011 },
	{ "ns16550a", SEPTUM_UART_NS16550 },
	{ "ns16550", SEPTUM_UART_NS16550 },
	{ "snps,dw-apb-uart", SEPTUM_UART_NS16550 },
	{ "cdns,uart-r1p12", SEPTUM_UART_CADENCE },
	{ "xlnx,xuartps", SEPTUM_UART_CADENCE },
	{ "fsl,imx6q-uart", SEPTUM_UART_IMX },
	{ "fsl,imx21-uart", SEPTUM_UART_IMX },
	{ "brcm,bcm2835-aux-uart", SEPTUM_UART_BCM2835_AUX },
};

uint32_t board_uart_kind(const struct board *b, int node)
{
	size_t i;

	for (i = 0; i < sizeof(uart_compat) / sizeof(uart_compat[0]); i++) {
		if (fdt_node_check_compatible(b->fdt, node,
					      uart_compat[i].compatible) == 0)
			return uart_compat[i].kind;
	}
	return 0;
}

int board_is_gic(const struct board *b, int node)
{
	while (node > 0) {
		if (node == b->gic_node)
			return 1;
		node = fdt_parent_offset(b->fdt, node);
	}
	return node == b->gic_node;
}
