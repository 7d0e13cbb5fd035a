/*
 * Hand-made partition tables: the given blob with one thing changed that
 * the config tool would refuse (or cannot make yet), and the table's CRC
 * recomputed, so only the hypervisor's own checks can refuse it.
 *
 *   blob-patch CHANGE IN.blob OUT.blob
 *
 * CHANGE, always to the first cell (and the second for `shared-device`):
 *   hypmap          its first memory region onto the hypervisor's memory
 *   gic             a device range onto the GIC distributor's registers
 *   gich            (GICv2) a device range onto the virtual interface control
 *   vgic            a device range where it finds its virtual GIC
 *   vuart-vgic      its virtual UART where it finds its virtual GIC
 *   shared-device   the same device range given to the first two cells
 *   lapic           (x86) a device range onto the local APIC's page
 *   rtc-ports       (x86) the real-time clock's ports 0x70-0x71, valid, which
 *                   the tool gives no cell yet (the clock has an interrupt)
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <septum/abi/config.h>
#include <septum/crc32.h>

#define CRC_FIELD_OFFSET offsetof(struct septum_config_header, crc32)
#define CRC_FIELD_SIZE sizeof(uint32_t)
/* On QEMU's virt board: the PL031 real-time clock, given to no cell. */
#define FREE_DEVICE 0x9010000ull
#define FAR_IPA 0x30000000ull
#define X86_LAPIC 0xfee00000ull
#define X86_RTC_PORT 0x70u

static uint32_t table_crc(const uint8_t *p)
{
	static const uint8_t zero[CRC_FIELD_SIZE];
	uint32_t crc = crc32_update(0, p, CRC_FIELD_OFFSET);

	crc = crc32_update(crc, zero, CRC_FIELD_SIZE);
	return crc32_update(crc, p + CRC_FIELD_OFFSET + CRC_FIELD_SIZE,
			    sizeof(struct septum_config) - CRC_FIELD_OFFSET -
				    CRC_FIELD_SIZE);
}

/* Give cell c one more device range: guest [ipa, +size) to [pa, +size). */
static int add_mmio(struct septum_cell *c, uint64_t pa, uint64_t ipa,
		    uint64_t size)
{
	if (c->num_mmio == SEPTUM_MAX_MMIO)
		return 0;
	c->mmio[c->num_mmio++] = (struct septum_mmio){ pa, ipa, size };
	return 1;
}

static int patch(struct septum_config *cfg, const char *change)
{
	struct septum_cell *c = &cfg->cells[0];
	uint64_t gicd = cfg->board.arch.arm64.gic.gicd_pa;

	if (strcmp(change, "hypmap") == 0) {
		c->regions[0].pa = cfg->hyp.mem_pa;
		return 1;
	}
	if (strcmp(change, "gic") == 0)
		return add_mmio(c, gicd, FAR_IPA, 0x10000);
	if (strcmp(change, "gich") == 0)
		return add_mmio(c, cfg->board.arch.arm64.gic.gich_pa, FAR_IPA,
				0x1000);
	if (strcmp(change, "vgic") == 0)
		return add_mmio(c, FREE_DEVICE, gicd, 0x1000);
	if (strcmp(change, "vuart-vgic") == 0) {
		c->vuart.base = gicd;
		return 1;
	}
	if (strcmp(change, "shared-device") == 0)
		return cfg->header.num_cells > 1 &&
		       add_mmio(c, FREE_DEVICE, FAR_IPA, 0x1000) &&
		       add_mmio(&cfg->cells[1], FREE_DEVICE, FAR_IPA, 0x1000);
	if (strcmp(change, "lapic") == 0)
		return add_mmio(c, X86_LAPIC, FAR_IPA, 0x1000);
	if (strcmp(change, "rtc-ports") == 0) {
		if (c->num_pio == SEPTUM_MAX_PIO)
			return 0;
		c->pio[c->num_pio++] = (struct septum_pio){ X86_RTC_PORT, 2 };
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	uint8_t *buf;
	long size;
	struct septum_config *cfg;

	if (argc != 4 || (in = fopen(argv[2], "rb")) == NULL) {
		fprintf(stderr, "usage: blob-patch CHANGE IN.blob OUT.blob\n");
		return 2;
	}
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	rewind(in);
	buf = malloc((size_t)size);
	if (size < (long)sizeof(*cfg) || !buf ||
	    fread(buf, 1, (size_t)size, in) != (size_t)size) {
		fprintf(stderr, "blob-patch: cannot read %s\n", argv[2]);
		return 2;
	}
	fclose(in);
	cfg = (struct septum_config *)(void *)buf;
	if (!patch(cfg, argv[1])) {
		fprintf(stderr, "blob-patch: cannot make change %s to %s\n",
			argv[1], argv[2]);
		return 2;
	}
	cfg->header.crc32 = table_crc(buf);
	out = fopen(argv[3], "wb");
	if (!out || fwrite(buf, 1, (size_t)size, out) != (size_t)size ||
	    fclose(out) != 0) {
		fprintf(stderr, "blob-patch: cannot write %s\n", argv[3]);
		return 2;
	}
	free(buf);
	return 0;
}
