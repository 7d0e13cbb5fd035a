/*
 * CRC-32/IEEE (septum/crc32.h) with the Armv8 CRC32 instructions, eight
 * bytes per instruction: the hypervisor checks every image it loads, and a
 * Linux kernel is tens of MiB.  The instructions are optional in Armv8.0
 * (every Cortex-A core Septum supports has them); without them this falls
 * back to a bit at a time, correct and slow.  Replaces core/crc32.c in the
 * hypervisor (Makefile: ARCH_REPLACED).
 */
#include <arch/sysreg.h>
#include <septum/crc32.h>

#define CRC32_POLY_REFLECTED 0xedb88320u
#define ISAR0_CRC32(isar0) FIELD_GET(isar0, 19, 16)

static uint32_t crc_byte(uint32_t crc, uint8_t b)
{
	__asm__(".arch_extension crc\n\tcrc32b %w0, %w0, %w1" : "+r"(crc) : "r"((uint32_t)b));
	return crc;
}

static uint32_t crc_dword(uint32_t crc, uint64_t d)
{
	__asm__(".arch_extension crc\n\tcrc32x %w0, %w0, %x1" : "+r"(crc) : "r"(d));
	return crc;
}

static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (unsigned int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (CRC32_POLY_REFLECTED & -(crc & 1u));
	}
	return crc;
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	if (!ISAR0_CRC32(sysreg_read(id_aa64isar0_el1)))
		return ~crc_bitwise(crc, p, len);
	for (; len && ((uintptr_t)p & 15u); len--)
		crc = crc_byte(crc, *p++);
	for (; len >= 16; len -= 16, p += 16) {
		const uint64_t *w = (const void *)p;

		crc = crc_dword(crc_dword(crc, w[0]), w[1]);
	}
	for (; len; len--)
		crc = crc_byte(crc, *p++);
	return ~crc;
}
