/*
 * CRC-32/IEEE with a 16-entry table: one lookup per 4-bit nibble.  Why this size:
 * it is 64 bytes of rodata instead of 1 KiB, and still about 8x faster than the
 * bit-by-bit loop, which matters when the hypervisor checks a blob holding a
 * Linux kernel at boot with caches possibly off.
 */
#include <septum/crc32.h>

#define CRC32_FINAL_XOR 0xffffffffu
#define NIBBLE_BITS 4u
#define NIBBLE_MASK 0xfu

/* crc32_nibble[n] = CRC of the 4-bit value n, reflected polynomial 0xedb88320. */
static const uint32_t crc32_nibble[16] = {
	0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu,
	0x76dc4190u, 0x6b6b51f4u, 0x4db26158u, 0x5005713cu,
	0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
	0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
};

static uint32_t crc32_step(uint32_t crc)
{
	return (crc >> NIBBLE_BITS) ^ crc32_nibble[crc & NIBBLE_MASK];
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	crc ^= CRC32_FINAL_XOR;
	for (i = 0; i < len; i++) {
		crc ^= p[i];
		crc = crc32_step(crc);
		crc = crc32_step(crc);
	}
	return crc ^ CRC32_FINAL_XOR;
}
