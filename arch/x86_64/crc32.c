/*
 * CRC-32/IEEE (septum/crc32.h) four bytes at a time ("slicing by four"):
 * the hypervisor checks every image it loads, and a Linux cell's kernel and
 * initramfs are megabytes, which core's nibble table (two lookups a byte)
 * takes about 14 instructions a byte to check.  Four 256-entry tables
 * (4 KiB) take one 32-bit load and four lookups for four bytes.  The
 * hypervisor has no SSE (guests own those registers), so no carry-less
 * multiply.  Replaces core/crc32.c in the hypervisor (arch.mk:
 * ARCH_REPLACED).
 *
 * The tables are built on the first call, which is the boot CPU's check of
 * the partition table before any other CPU runs.
 */
#include <septum/crc32.h>
#include <stdbool.h>

#define POLY_REFLECTED 0xedb88320u
#define SLICES 4u

static uint32_t table[SLICES][256];
static bool built;

static void build(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (unsigned int k = 0; k < 8; k++)
			c = (c >> 1) ^ (POLY_REFLECTED & -(c & 1u));
		table[0][n] = c;
	}
	for (uint32_t n = 0; n < 256; n++) {
		for (unsigned int s = 1; s < SLICES; s++)
			table[s][n] = (table[s - 1][n] >> 8) ^
				      table[0][table[s - 1][n] & 0xffu];
	}
	__atomic_store_n(&built, true, __ATOMIC_RELEASE);
}

static uint32_t byte(uint32_t crc, uint8_t b)
{
	return (crc >> 8) ^ table[0][(crc ^ b) & 0xffu];
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!__atomic_load_n(&built, __ATOMIC_ACQUIRE))
		build();
	crc = ~crc;
	for (; len >= SLICES; len -= SLICES, p += SLICES) {
		/* Little-endian: the first byte is the lowest. */
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = table[3][crc & 0xffu] ^ table[2][(crc >> 8) & 0xffu] ^
		      table[1][(crc >> 16) & 0xffu] ^ table[0][crc >> 24];
	}
	for (; len; len--)
		crc = byte(crc, *p++);
	return ~crc;
}
