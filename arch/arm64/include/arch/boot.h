/* What arm64's boot keeps for later (boot.c). */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#include <dt/fdt.h>

/* The boot device tree, opened (for self-tests that compare it to hardware). */
extern struct fdt arm64_boot_fdt;

#endif /* ARCH_BOOT_H */
