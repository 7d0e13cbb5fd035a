/*
 * The Multiboot (version 1) information block a boot loader passes in EBX:
 * the parts the hypervisor reads (Multiboot Specification 0.6.96, 3.3).
 */
#ifndef ARCH_MULTIBOOT_H
#define ARCH_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOT_MAGIC 0x2badb002u

/* Which fields of the block are valid (flags). */
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS (1u << 3)
#define MB_INFO_MMAP (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;	/* physical address of a C string */
	uint32_t mods_count;
	uint32_t mods_addr;	/* physical address of mods_count modules */
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;	/* physical address of a C string */
};

struct multiboot_module {
	uint32_t mod_start, mod_end;	/* [start, end) physical */
	uint32_t string;		/* its command line */
	uint32_t reserved;
};

_Static_assert(__builtin_offsetof(struct multiboot_info, cmdline) == 16,
	       "Multiboot cmdline offset");
_Static_assert(__builtin_offsetof(struct multiboot_info, mmap_addr) == 48,
	       "Multiboot mmap offset");
_Static_assert(__builtin_offsetof(struct multiboot_info, boot_loader_name) ==
	       64, "Multiboot boot loader name offset");
_Static_assert(sizeof(struct multiboot_module) == 16, "module size");

#endif /* ARCH_MULTIBOOT_H */
