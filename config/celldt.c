/*
 * Cell device tree generator; see celldt.h.  The tree is written with libfdt's
 * sequential-write API, in the order a reader expects: root properties, chosen,
 * aliases, cpus, psci, memory, interrupt controller, timer, clocks, UART,
 * devices, PCI host.
 */
#include <errno.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "celldt.h"
#include "celldt_int.h"
#include "resolve.h"
#include "util.h"
#include "x86boot.h"

#define DT_BUF_SIZE 0x10000u
#define GICV3_GICD_SIZE 0x10000u
#define GICV2_GICD_SIZE 0x1000u
#define GICV2_GICC_SIZE 0x2000u
#define UART_SIZE 0x1000u
#define UART_CLOCK_HZ 24000000u
#define GIC_SPI 0u
#define IRQ_LEVEL_HIGH 4u
#define IRQ_EDGE_RISING 1u
#define NAME_LEN 128

int dt_u64_pair(void *fdt, const char *prop, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	return fdt_property(fdt, prop, v, sizeof(v));
}

int dt_string(void *fdt, const char *prop, const char *s)
{
	return fdt_property(fdt, prop, s, (int)strlen(s) + 1);
}

int dt_spi(void *fdt, uint32_t vintid, uint32_t flags)
{
	fdt32_t v[3] = { cpu_to_fdt32(GIC_SPI),
			 cpu_to_fdt32(vintid - SEPTUM_INTID_SPI_FIRST),
			 cpu_to_fdt32(flags) };

	return fdt_property(fdt, "interrupts", v, sizeof(v));
}

static int begin_at(void *fdt, const char *base, uint64_t addr)
{
	char name[NAME_LEN];

	snprintf(name, sizeof(name), "%s@%" PRIx64, base, addr);
	return fdt_begin_node(fdt, name);
}

/*
 * The random seeds of a Linux cell's /chosen: rng-seed (256 bits, what
 * Linux needs to count its generator as seeded) and kaslr-seed (one u64).
 */
static const struct {
	const char *name;
	uint32_t len;
} seed_props[SEPTUM_MAX_SEEDS] = { { "rng-seed", 32 }, { "kaslr-seed", 8 } };

static int write_chosen(void *fdt, const struct m_cell *c)
{
	char path[NAME_LEN];
	void *unused;
	uint32_t k;
	int err;

	snprintf(path, sizeof(path), "/pl011@%" PRIx64, c->vuart_ipa);
	err = fdt_begin_node(fdt, "chosen");
	if (!c->no_console)
		err = err ? err : dt_string(fdt, "stdout-path", path);
	if (!err && c->bootargs)
		err = dt_string(fdt, "bootargs", c->bootargs);
	for (k = 0; !err && k < c->num_images; k++) {
		const struct m_image *im = &c->images[k];

		if (im->kind != SEPTUM_IMAGE_INITRD)
			continue;
		err = fdt_property_u64(fdt, "linux,initrd-start", im->load);
		/* A preloaded initrd not built yet: its reserved size. */
		err = err ? err : fdt_property_u64(fdt, "linux,initrd-end",
						   im->load + (im->present ?
						   im->file_size : im->size));
	}
	if (!err && c->pci_ecam)
		err = fdt_property_u32(fdt, "linux,pci-probe-only", 1);
	/* Placeholders the hypervisor fills at each start (seed_slots()). */
	for (k = 0; !err && k < SEPTUM_MAX_SEEDS; k++)
		err = fdt_property_placeholder(fdt, seed_props[k].name,
					       (int)seed_props[k].len, &unused);
	err = err ? err : fdt_end_node(fdt);
	err = err ? err : fdt_begin_node(fdt, "aliases");
	err = err ? err : dt_string(fdt, "serial0", path);
	return err ? err : fdt_end_node(fdt);
}

static int write_cpus(void *fdt, const struct m_cell *c,
		      const struct board *b)
{
	uint32_t k;
	int err = fdt_begin_node(fdt, "cpus");

	err = err ? err : fdt_property_u32(fdt, "#address-cells", 1);
	err = err ? err : fdt_property_u32(fdt, "#size-cells", 0);
	for (k = 0; !err && k < c->num_cpus; k++) {
		int len;
		const void *compat = fdt_getprop(b->fdt,
						 b->cpu_node[c->cpus[k]],
						 "compatible", &len);

		err = begin_at(fdt, "cpu", k);
		err = err ? err : dt_string(fdt, "device_type", "cpu");
		if (!err && compat)
			err = fdt_property(fdt, "compatible", compat, len);
		err = err ? err : fdt_property_u32(fdt, "reg", k);
		err = err ? err : dt_string(fdt, "enable-method",
						      "psci");
		err = err ? err : fdt_end_node(fdt);
	}
	return err ? err : fdt_end_node(fdt);
}

static int write_psci(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";
	int err = fdt_begin_node(fdt, "psci");

	err = err ? err : fdt_property(fdt, "compatible", compat,
				       sizeof(compat));
	err = err ? err : dt_string(fdt, "method", "hvc");
	return err ? err : fdt_end_node(fdt);
}

static int write_memory(void *fdt, const struct m_cell *c)
{
	uint32_t k;
	int err = 0;

	for (k = 0; !err && k < c->num_regions; k++) {
		err = begin_at(fdt, "memory", c->regions[k].ipa);
		err = err ? err : dt_string(fdt, "device_type",
						      "memory");
		err = err ? err : dt_u64_pair(fdt, "reg", c->regions[k].ipa,
					      c->regions[k].size);
		err = err ? err : fdt_end_node(fdt);
	}
	return err;
}

/* GICv3 redistributors of the cell's CPUs: one reg entry per run of
 * consecutive board CPUs, in the cell's CPU order. */
static int write_gicr(void *fdt, const struct m_cell *c, const struct board *b)
{
	fdt64_t reg[2 + 2 * SEPTUM_MAX_CPUS];
	uint32_t k = 0, n = 0, runs = 0;

	reg[n++] = cpu_to_fdt64(b->gic.gicd_pa);
	reg[n++] = cpu_to_fdt64(GICV3_GICD_SIZE);
	while (k < c->num_cpus && k < SEPTUM_MAX_CPUS) {
		uint32_t first = k;

		while (k + 1 < c->num_cpus && c->cpus[k + 1] == c->cpus[k] + 1)
			k++;
		k++;
		reg[n++] = cpu_to_fdt64(b->gic.gicr_pa +
					c->cpus[first] * b->gic.gicr_stride);
		reg[n++] = cpu_to_fdt64((k - first) * b->gic.gicr_stride);
		runs++;
	}
	if (fdt_property(fdt, "reg", reg, (int)(n * sizeof(reg[0]))) != 0)
		return -1;
	return fdt_property_u32(fdt, "#redistributor-regions", runs);
}

static int write_gic(void *fdt, const struct m_cell *c, const struct board *b)
{
	static const char v3[] = "arm,gic-v3";
	static const char v2[] = "arm,cortex-a15-gic";
	int v3_gic = b->gic_version == 3;
	int err = begin_at(fdt, "interrupt-controller", b->gic.gicd_pa);

	err = err ? err : dt_string(fdt, "compatible", v3_gic ? v3 : v2);
	err = err ? err : fdt_property_u32(fdt, "#interrupt-cells", 3);
	err = err ? err : fdt_property(fdt, "interrupt-controller", NULL, 0);
	/* Address cells and `ranges` as on real boards, so an interrupt-map
	 * can name this controller with a unit address. */
	err = err ? err : fdt_property_u32(fdt, "#address-cells", 2);
	err = err ? err : fdt_property_u32(fdt, "#size-cells", 2);
	err = err ? err : fdt_property(fdt, "ranges", NULL, 0);
	if (!err && v3_gic)
		err = write_gicr(fdt, c, b);
	else if (!err)
		err = fdt_property(fdt, "reg", (fdt64_t[]){
			cpu_to_fdt64(b->gic.gicd_pa), cpu_to_fdt64(GICV2_GICD_SIZE),
			cpu_to_fdt64(b->gic.gicc_pa),
			cpu_to_fdt64(GICV2_GICC_SIZE) }, 4 * sizeof(fdt64_t));
	err = err ? err : fdt_property_u32(fdt, "phandle", PHANDLE_GIC);
	return err ? err : fdt_end_node(fdt);
}

/* The board's timer interrupts are PPIs: the same in every cell. */
static int write_timer(void *fdt, const struct board *b)
{
	static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
	int len, err = fdt_begin_node(fdt, "timer");
	const void *irqs = fdt_getprop(b->fdt, b->timer_node, "interrupts",
				       &len);

	err = err ? err : fdt_property(fdt, "compatible", compat,
				       sizeof(compat));
	err = err ? err : fdt_property(fdt, "interrupts", irqs, len);
	err = err ? err : fdt_property(fdt, "always-on", NULL, 0);
	return err ? err : fdt_end_node(fdt);
}

static int write_uart(void *fdt, const struct m_cell *c)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	fdt32_t clocks[2] = { cpu_to_fdt32(PHANDLE_CLOCK),
			      cpu_to_fdt32(PHANDLE_CLOCK) };
	int err = fdt_begin_node(fdt, "apb-pclk");

	err = err ? err : dt_string(fdt, "compatible", "fixed-clock");
	err = err ? err : fdt_property_u32(fdt, "#clock-cells", 0);
	err = err ? err : fdt_property_u32(fdt, "clock-frequency",
					   UART_CLOCK_HZ);
	err = err ? err : fdt_property_u32(fdt, "phandle", PHANDLE_CLOCK);
	err = err ? err : fdt_end_node(fdt);
	err = err ? err : begin_at(fdt, "pl011", c->vuart_ipa);
	err = err ? err : fdt_property(fdt, "compatible", compat,
				       sizeof(compat));
	err = err ? err : dt_u64_pair(fdt, "reg", c->vuart_ipa, UART_SIZE);
	err = err ? err : dt_spi(fdt, c->vuart_vintid, IRQ_LEVEL_HIGH);
	err = err ? err : fdt_property(fdt, "clocks", clocks, sizeof(clocks));
	err = err ? err : fdt_property(fdt, "clock-names", clock_names,
				       sizeof(clock_names));
	return err ? err : fdt_end_node(fdt);
}

static int write_tree(void *fdt, const struct m_system *sys, uint32_t ci,
		      const struct board *b)
{
	const struct m_cell *c = &sys->cells[ci];
	char model[NAME_LEN];
	int err;

	snprintf(model, sizeof(model), "Septum cell %s", c->name);
	err = fdt_create(fdt, DT_BUF_SIZE);
	err = err ? err : fdt_finish_reservemap(fdt);
	err = err ? err : fdt_begin_node(fdt, "");
	err = err ? err : dt_string(fdt, "compatible", "septum,cell");
	err = err ? err : dt_string(fdt, "model", model);
	err = err ? err : fdt_property_u32(fdt, "#address-cells", 2);
	err = err ? err : fdt_property_u32(fdt, "#size-cells", 2);
	err = err ? err : fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC);
	err = err ? err : write_chosen(fdt, c);
	err = err ? err : write_cpus(fdt, c, b);
	err = err ? err : write_psci(fdt);
	err = err ? err : write_memory(fdt, c);
	err = err ? err : write_gic(fdt, c, b);
	err = err ? err : write_timer(fdt, b);
	if (!c->no_console)
		err = err ? err : write_uart(fdt, c);
	err = err ? err : celldt_write_devices(fdt, c, b);
	err = err ? err : celldt_write_pci(fdt, sys, ci);
	err = err ? err : fdt_end_node(fdt);
	return err ? err : fdt_finish(fdt);
}

/* Where the finished tree holds its seed placeholders (zero-filled). */
static void seed_slots(struct m_cell *c)
{
	int chosen = fdt_path_offset(c->gen_dtb, "/chosen");

	for (uint32_t k = 0; k < SEPTUM_MAX_SEEDS; k++) {
		int len;
		uint8_t *v = fdt_getprop_w(c->gen_dtb, chosen,
					   seed_props[k].name, &len);

		memset(v, 0, (size_t)len);
		c->seed_offset[k] = (uint32_t)(v - c->gen_dtb);
		c->seed_len[k] = (uint32_t)len;
	}
	/* FDT_PROP, length, name offset, then the value; FDT_NOP over all */
	c->seed_blank_before = 12;
	memcpy(c->seed_blank, (const uint8_t[4]){ 0, 0, 0, 4 }, 4);
}

static int save(const struct m_cell *c, const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.dtb", dir, c->name);
	if (write_file(path, c->gen_dtb, c->gen_dtb_size) != 0) {
		fprintf(stderr, "septum-config: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

int celldt_generate_all(struct m_system *sys, const struct board *board,
			const char *dir)
{
	uint32_t i, k;

	for (i = 0; i < sys->num_cells; i++) {
		struct m_cell *c = &sys->cells[i];
		int err, given = 0;

		for (k = 0; k < c->num_images; k++)
			given |= c->images[k].kind == SEPTUM_IMAGE_DTB;
		if (!c->is_linux || given)
			continue;
		if (board->irqchip == SEPTUM_IRQCHIP_X86_APIC) {
			/* x86: no device tree; the boot block and ACPI. */
			if (x86boot_generate(sys, i, board) != 0)
				return -1;
			if (dir && save(c, dir) != 0)
				return -1;
			continue;
		}
		c->gen_dtb = xcalloc(1, DT_BUF_SIZE);
		err = write_tree(c->gen_dtb, sys, i, board);
		if (err) {
			diag_error(c->loc, "cell '%s': its device tree could "
				   "not be generated (%s)", c->name,
				   fdt_strerror(err));
			return -1;
		}
		c->gen_dtb_size = fdt_totalsize(c->gen_dtb);
		seed_slots(c);
		if (dir && save(c, dir) != 0)
			return -1;
	}
	return 0;
}
