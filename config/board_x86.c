/*
 * x86 boards in the board device tree (see board.h): the I/O APIC as the
 * interrupt controller, devices on the I/O port space under an `isa` bus
 * (the Open Firmware ISA binding: reg = <space address size>, space bit 0
 * set for I/O), and interrupts given as I/O APIC inputs (GSIs).
 */
#include <libfdt.h>
#include <string.h>

#include "board.h"

#define CELL_BYTES 4
#define ISA_ADDR_CELLS 2
#define ISA_SIZE_CELLS 1
#define ISA_SPACE_IO 1u

int board_x86_load(struct board *b)
{
	int node = fdt_node_offset_by_compatible(b->fdt, -1,
						 "intel,ce4100-ioapic");

	if (node < 0)
		return 0;
	b->irqchip = SEPTUM_IRQCHIP_X86_APIC;
	b->gic_node = node;	/* the parent of device interrupts */
	return 1;
}

static int is_isa_bus(const void *fdt, int node)
{
	int len;
	const char *type = fdt_getprop(fdt, node, "device_type", &len);

	return type != NULL && len == 4 && memcmp(type, "isa", 4) == 0;
}

static enum board_dev_error add_range(struct board_device *d, uint32_t space,
				      uint64_t base, uint64_t size)
{
	struct board_range r = { base, size };

	if (size == 0 || base + size - 1u < base ||
	    ((space & ISA_SPACE_IO) && base + size > SEPTUM_PIO_PORTS))
		return BOARD_DEV_BAD_REG;
	if ((space & ISA_SPACE_IO) ? d->num_pio == BOARD_MAX_REGS
				   : d->num_mmio == BOARD_MAX_REGS)
		return BOARD_DEV_TOO_MANY;
	if (space & ISA_SPACE_IO)
		d->pio[d->num_pio++] = r;
	else
		d->mmio[d->num_mmio++] = r;	/* ISA memory: identity */
	return BOARD_DEV_OK;
}

int board_x86_regs(const void *fdt, int parent, struct board_device *d,
		   enum board_dev_error *err)
{
	const uint8_t *reg;
	int len, off, entry = (ISA_ADDR_CELLS + ISA_SIZE_CELLS) * CELL_BYTES;

	if (parent < 0 || !is_isa_bus(fdt, parent))
		return 0;
	reg = fdt_getprop(fdt, d->node, "reg", &len);
	*err = BOARD_DEV_OK;
	if (fdt_address_cells(fdt, parent) != ISA_ADDR_CELLS ||
	    fdt_size_cells(fdt, parent) != ISA_SIZE_CELLS || len % entry != 0) {
		*err = BOARD_DEV_BAD_REG;
		return 1;
	}
	for (off = 0; off < len && *err == BOARD_DEV_OK; off += entry)
		*err = add_range(d, (uint32_t)board_read_cells(reg + off, 1),
				 board_read_cells(reg + off + CELL_BYTES, 1),
				 board_read_cells(reg + off + 2 * CELL_BYTES, 1));
	return 1;
}

enum board_dev_error board_x86_irq(struct board_device *d, const void *spec)
{
	const fdt32_t *s = spec;
	uint32_t gsi = fdt32_to_cpu(s[0]);

	if (gsi > SEPTUM_GSI_LAST)
		return BOARD_DEV_BAD_IRQ;
	if (d->num_irqs == BOARD_MAX_IRQS)
		return BOARD_DEV_TOO_MANY;
	d->irq_flags[d->num_irqs] = 0;
	d->intid[d->num_irqs++] = gsi;
	return BOARD_DEV_OK;
}
