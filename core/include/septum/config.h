/*
 * The partition table the host tool compiled (include/septum/abi/config.h),
 * checked once at boot.  It is linked into the hypervisor image, or, for an
 * image built without one, passed by the boot loader as an initrd or module
 * (U-Boot's booti, as a flashed board boots: docs/boot.md).
 */
#ifndef SEPTUM_CONFIG_H
#define SEPTUM_CONFIG_H

#include <septum/abi/config.h>
#include <septum/types.h>

struct boot_info;

/*
 * Find the blob -- linked in, else the boot loader's initrd -- and verify it
 * (magic, version, size, CRC, every bound).  An initrd blob is first moved
 * into the hypervisor's own memory right after its image (which ends at
 * image_end), so no cell's memory holds it.  A bad or misplaced blob is
 * refused with a sentence naming the problem: panic.  Returns false when
 * there is no blob at all (self-test images).  Boot CPU.
 */
bool config_init(const struct boot_info *boot, paddr_t image_end);

/* Where the table moved from the initrd ends; 0 for a linked table. */
paddr_t config_kept_end(void);

/* The verified table.  Only after config_init() returned true. */
const struct septum_config *config_get(void) PURE;

/* The payload bytes at blob offset `offset` (verified in bounds). */
const void *config_payload(uint64_t offset) PURE;

/* Name of cell i, for log lines. */
const char *config_cell_name(unsigned int i) PURE;

#endif /* SEPTUM_CONFIG_H */
