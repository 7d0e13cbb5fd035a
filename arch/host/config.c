/*
 * The host's partition table: instead of core/config.c (which verifies a
 * blob linked into the image), unit tests and fuzzers fill host_config
 * (the fuzzers from a blob that blob_verify() accepted, host_blob).
 */
#include <host/fake.h>
#include <septum/config.h>
#include <septum/main.h>

struct septum_config host_config;
const uint8_t *host_blob;

bool config_init(const struct boot_info *boot, paddr_t image_end)
{
	(void)boot;
	(void)image_end;
	return host_config.header.num_cells != 0;
}

paddr_t config_kept_end(void)
{
	return pa(0);	/* the table is host memory */
}

const struct septum_config *config_get(void)
{
	return &host_config;
}

const void *config_payload(uint64_t offset)
{
	return host_blob ? host_blob + offset : NULL;
}

const char *config_cell_name(unsigned int i)
{
	return host_config.cells[i].name;
}

/*
 * The fake arch stands for a QEMU virt-like arm64 machine: a GICv3, whose
 * device interrupts are its SPIs (32 up), and PL011 virtual UARTs.
 */
void host_board(struct septum_board *b)
{
	b->irqchip = SEPTUM_IRQCHIP_GICV3;
	b->arch.arm64.gic = (struct septum_gic){ .maint_intid = 25,
						 .gicd_pa = 0x8000000 };
	b->arch.arm64.timer = (struct septum_timer){ 29, 30, 27, 26 };
}

const uint32_t host_kernel_arch = SEPTUM_ARCH_AARCH64;
const uint32_t host_vuart_kind = SEPTUM_VUART_PL011;
const uint32_t host_bad_device_irq = 27;	/* a PPI */
