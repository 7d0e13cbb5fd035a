/*
 * x86 Linux cells: reading the kernel's bzImage setup header, and writing
 * the cell's boot block (boot parameters, command line, GDT, identity page
 * tables, ACPI tables, random-seed slot) as include/septum/abi/x86_linux.h
 * lays it out.  docs/config.md says what a Linux cell on x86 sees.
 */
#ifndef CONFIG_X86BOOT_H
#define CONFIG_X86BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "model.h"

/*
 * What the tool puts before a Linux cell's bootargs.  Linux picks EFI first
 * for a restart when the FADT is hardware-reduced and no DMI quirk applies
 * (arch/x86/kernel/reboot.c), then a BIOS jump in real mode: neither is a
 * cell's, so it is told to use the FADT's reset register.  A `reboot=` of
 * the cell's own bootargs comes later and wins.
 */
#define X86_LINUX_CMDLINE_PREFIX "reboot=acpi "

/*
 * Take a Linux cell's kernel image apart: check its setup header (a 64-bit
 * capable bzImage of boot protocol 2.12 or later), keep the header in the
 * cell (x86_setup), leave in the image only its protected-mode part (what
 * is loaded) and set its entry to the 64-bit one.  Returns NULL, or why the
 * file is not such a kernel (then the image is left as it was).
 */
const char *x86boot_take_kernel(struct m_cell *c, struct m_image *im);

/*
 * Generate the boot block of Linux cell `ci` (into gen_dtb, its seed slot
 * in seed_offset/seed_len).  Returns 0, or -1 with an error reported.
 */
int x86boot_generate(struct m_system *sys, uint32_t ci,
		     const struct board *b);

/*
 * The ACPI tables of cell `ci` (RSDP at `at`, the rest after it) written
 * into `buf` (room: `room` bytes): what x86boot_generate() puts at
 * SEPTUM_X86_BOOT_ACPI.  Returns the bytes used, or 0 if they do not fit.
 */
size_t x86acpi_write(const struct m_system *sys, uint32_t ci, uint64_t at,
		     uint8_t *buf, size_t room);

#endif /* CONFIG_X86BOOT_H */
