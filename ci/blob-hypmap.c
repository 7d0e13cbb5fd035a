/*
 * A hand-made partition table for a failure test: the given blob with its
 * first cell's first memory region moved onto the hypervisor's own memory,
 * and the table's CRC recomputed, so only the verifier's overlap check can
 * refuse it.
 *
 *   blob-hypmap IN.blob OUT.blob
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <septum/abi/config.h>
#include <septum/crc32.h>

#define CRC_FIELD_OFFSET offsetof(struct septum_config_header, crc32)
#define CRC_FIELD_SIZE sizeof(uint32_t)

static uint32_t table_crc(const uint8_t *p)
{
	static const uint8_t zero[CRC_FIELD_SIZE];
	uint32_t crc = crc32_update(0, p, CRC_FIELD_OFFSET);

	crc = crc32_update(crc, zero, CRC_FIELD_SIZE);
	return crc32_update(crc, p + CRC_FIELD_OFFSET + CRC_FIELD_SIZE,
			    sizeof(struct septum_config) - CRC_FIELD_OFFSET -
				    CRC_FIELD_SIZE);
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	uint8_t *buf;
	long size;
	struct septum_config *cfg;

	if (argc != 3 || (in = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: blob-hypmap IN.blob OUT.blob\n");
		return 2;
	}
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	rewind(in);
	buf = malloc((size_t)size);
	if (size < (long)sizeof(*cfg) || !buf ||
	    fread(buf, 1, (size_t)size, in) != (size_t)size) {
		fprintf(stderr, "blob-hypmap: cannot read %s\n", argv[1]);
		return 2;
	}
	fclose(in);
	cfg = (struct septum_config *)(void *)buf;
	cfg->cells[0].regions[0].pa = cfg->hyp.mem_pa;
	cfg->header.crc32 = table_crc(buf);
	out = fopen(argv[2], "wb");
	if (!out || fwrite(buf, 1, (size_t)size, out) != (size_t)size ||
	    fclose(out) != 0) {
		fprintf(stderr, "blob-hypmap: cannot write %s\n", argv[2]);
		return 2;
	}
	free(buf);
	return 0;
}
