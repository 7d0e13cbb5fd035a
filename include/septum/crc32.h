/*
 * CRC-32/IEEE (the zlib/Ethernet CRC: reflected polynomial 0xedb88320, initial
 * value and final XOR 0xffffffff), in core/crc32.c.  Shared by the hypervisor,
 * which checks the config blob with it, the host config tool, which writes
 * it, and the guest libraries, whose channel protocols check payloads with
 * it.
 */
#ifndef SEPTUM_CRC32_H
#define SEPTUM_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * Extend the CRC `crc` of some bytes with `len` more bytes at `data`.
 * Start with crc = 0; the result of one call is a finished CRC that can be
 * passed to the next call to continue the same stream (zlib's convention).
 * Pure function, any context; data may be NULL when len is 0.
 */
uint32_t crc32_update(uint32_t crc, const void *data, size_t len);

#endif /* SEPTUM_CRC32_H */
