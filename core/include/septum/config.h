/*
 * The partition table the host tool compiled (include/septum/abi/config.h),
 * linked into the hypervisor image and checked once at boot.
 */
#ifndef SEPTUM_CONFIG_H
#define SEPTUM_CONFIG_H

#include <septum/abi/config.h>
#include <septum/types.h>

/*
 * Verify the linked blob (magic, version, size, CRC, every bound).  A bad
 * blob is refused with a sentence naming the problem: panic.  Returns false
 * when the image carries no blob at all (self-test images).  Boot CPU.
 */
bool config_init(void);

/* The verified table.  Only after config_init() returned true. */
const struct septum_config *config_get(void);

/* The payload bytes at blob offset `offset` (verified in bounds). */
const void *config_payload(uint64_t offset);

/* Name of cell i, for log lines. */
const char *config_cell_name(unsigned int i);

#endif /* SEPTUM_CONFIG_H */
