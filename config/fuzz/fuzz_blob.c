/*
 * libFuzzer target: blob_verify() on arbitrary bytes.  Each input is checked
 * twice: as it is (most fail the magic or CRC check early; real blobs from the
 * golden tests are the seeds), and written over a valid blob skeleton after
 * its header with the CRC fixed up, so the fuzzer reaches the table checks
 * behind the CRC.  The skeleton has room after its table for what a table
 * points into (a coloured cell's runs, a cell's device tree): the seed
 * seed-coloured-cell-body is a coloured cell's blob from its table on, so
 * its cooked copy passes every check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <septum/blob.h>
#include <septum/crc32.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CRC_OFFSET 8u
#define HEADER_KEPT 24u	/* magic, version, crc, table and total size */
#define PAYLOAD_ROOM 8192u	/* the skeleton's bytes after its table */

/* A minimal blob that passes blob_verify(): one cell, one CPU, one region. */
static void skeleton(struct septum_config *cfg)
{
	struct septum_cell *c = &cfg->cells[0];

	memset(cfg, 0, sizeof(*cfg));
	cfg->header.magic = SEPTUM_CONFIG_MAGIC;
	cfg->header.version = SEPTUM_CONFIG_VERSION;
	cfg->header.table_size = sizeof(*cfg);
	cfg->header.total_size = sizeof(*cfg) + PAYLOAD_ROOM;
	cfg->header.num_cells = 1;
	cfg->hyp = (struct septum_hyp){ .mem_pa = 0x40000000, .mem_size = 0x1000000,
		.uart_pa = 0x9000000, .uart_size = 0x1000,
		.uart_kind = SEPTUM_UART_PL011, .uart_intid = 33,
		.log_level = SEPTUM_LOG_INFO };
	cfg->board.irqchip = SEPTUM_IRQCHIP_GICV3;
	cfg->board.arch.arm64.gic = (struct septum_gic){ .maint_intid = 25 };
	cfg->board.arch.arm64.timer = (struct septum_timer){ 29, 30, 27, 26 };
	cfg->board.num_cpus = 1;
	memcpy(c->name, "cell", 5);
	c->fault_policy = SEPTUM_FAULT_STOP;
	c->num_cpus = c->num_regions = c->num_images = 1;
	c->regions[0] = (struct septum_region){ 0x41000000, 0, 0x100000,
						SEPTUM_MEM_READ, 0 };
	c->images[0] = (struct septum_image){ .kind = SEPTUM_IMAGE_KERNEL,
		.source = SEPTUM_SRC_PHYS, .pa = 0x41000000, .size = 0x1000,
		.arch = SEPTUM_ARCH_AARCH64 };
	c->vuart = (struct septum_vuart){ 0x9000000, 33, SEPTUM_VUART_PL011 };
}

/* A blob's CRC covers its table alone. */
static void fix_crc(uint8_t *blob)
{
	uint32_t zero = 0, crc;

	memcpy(blob + CRC_OFFSET, &zero, sizeof(zero));
	crc = crc32_update(0, blob, sizeof(struct septum_config));
	memcpy(blob + CRC_OFFSET, &crc, sizeof(crc));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = sizeof(struct septum_config) + PAYLOAD_ROOM;
	size_t body = len - HEADER_KEPT;
	uint8_t *raw = aligned_alloc(8, (size + 8u) & ~(size_t)7u);
	uint8_t *cooked = aligned_alloc(8, len);
	struct blob_fault fault;

	/* As it is, in an 8-byte aligned copy of exactly its size. */
	memcpy(raw, data, size);
	if (blob_verify(raw, size, &fault) != E_OK)
		(void)blob_check_str(fault.check);
	/* Over the skeleton, keeping its magic, version and sizes. */
	memset(cooked, 0, len);
	skeleton((struct septum_config *)(void *)cooked);
	memcpy(cooked + HEADER_KEPT, data, size < body ? size : body);
	fix_crc(cooked);
	if (blob_verify(cooked, len, &fault) != E_OK)
		(void)blob_check_str(fault.check);
	free(raw);
	free(cooked);
	return 0;
}
