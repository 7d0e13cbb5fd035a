/*
 * The boot block of an x86 Linux cell; see x86boot.h.  Field offsets are
 * those of Linux's struct boot_params and setup header
 * (Documentation/arch/x86/boot.rst, "The real-mode kernel header" and
 * "zero-page.rst").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <septum/abi/x86_linux.h>

#include "resolve.h"
#include "util.h"
#include "x86boot.h"

/* The setup header, at these offsets of the bzImage and of boot_params. */
#define HDR_SETUP_SECTS 0x1f1u
#define HDR_BOOT_FLAG 0x1feu
#define HDR_JUMP 0x200u
#define HDR_MAGIC 0x202u
#define HDR_VERSION 0x206u
#define HDR_TYPE_OF_LOADER 0x210u
#define HDR_LOADFLAGS 0x211u
#define HDR_RAMDISK_IMAGE 0x218u
#define HDR_RAMDISK_SIZE 0x21cu
#define HDR_CMD_LINE_PTR 0x228u
#define HDR_KERNEL_ALIGNMENT 0x230u
#define HDR_RELOCATABLE 0x234u
#define HDR_XLOADFLAGS 0x236u
#define HDR_CMDLINE_SIZE 0x238u
#define HDR_SETUP_DATA 0x250u
#define HDR_INIT_SIZE 0x260u
#define HDR_END_MIN 0x264u	/* init_size's end: protocol 2.10 */

#define BOOT_FLAG 0xaa55u
#define HDR_MAGIC_VALUE 0x53726448u	/* "HdrS" */
#define PROTOCOL_MIN 0x20cu		/* 2.12: xloadflags, 64-bit entry */
#define LOADED_HIGH 0x01u
#define XLF_KERNEL_64 0x01u
#define LOADER_UNDEFINED 0xffu
#define SECTOR 512u
#define DEFAULT_SETUP_SECTS 4u		/* what setup_sects 0 means */

/* Fields of boot_params outside the setup header. */
#define BP_ACPI_RSDP 0x070u
#define BP_EXT_RAMDISK_IMAGE 0x0c0u
#define BP_EXT_RAMDISK_SIZE 0x0c4u
#define BP_EXT_CMD_LINE_PTR 0x0c8u
#define BP_E820_ENTRIES 0x1e8u
#define BP_E820_TABLE 0x2d0u
#define BP_E820_MAX 128u
#define E820_ENTRY 20u
#define E820_RAM 1u
#define E820_ACPI 3u

/* setup_data: next (8), type (4), len (4), then the bytes. */
#define SETUP_DATA_HEADER 16u
#define SETUP_RNG_SEED 9u
#define RNG_SEED_LEN 32u

#define PTE_P 0x001u
#define PTE_RW 0x002u
#define PTE_PS 0x080u
#define LARGE_PAGE 0x200000ull
#define PT_ENTRIES 512u
#define GDT_CODE64 0x00af9a000000ffffull	/* present, DPL 0, L */
#define GDT_DATA 0x00cf92000000ffffull		/* present, writable, 4 GiB */

static void put8(uint8_t *p, uint32_t off, uint8_t v)
{
	p[off] = v;
}

static void put16(uint8_t *p, uint32_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t off, uint32_t v)
{
	put16(p, off, (uint16_t)v);
	put16(p, off + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint32_t off, uint64_t v)
{
	put32(p, off, (uint32_t)v);
	put32(p, off + 4, (uint32_t)(v >> 32));
}

static uint32_t get16(const uint8_t *p, uint32_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8;
}

static uint32_t get32(const uint8_t *p, uint32_t off)
{
	return get16(p, off) | get16(p, off + 2) << 16;
}

const char *x86boot_take_kernel(struct m_cell *c, struct m_image *im)
{
	const uint8_t *d = im->data;
	uint64_t skip;
	uint32_t hdr_end;

	if (d == NULL || im->file_size < X86_SETUP_BYTES ||
	    get16(d, HDR_BOOT_FLAG) != BOOT_FLAG ||
	    get32(d, HDR_MAGIC) != HDR_MAGIC_VALUE)
		return "it is not a Linux bzImage (no setup header)";
	if (get16(d, HDR_VERSION) < PROTOCOL_MIN ||
	    !(get16(d, HDR_XLOADFLAGS) & XLF_KERNEL_64) ||
	    !(d[HDR_LOADFLAGS] & LOADED_HIGH))
		return "it has no 64-bit entry (boot protocol 2.12 or later, "
		       "XLF_KERNEL_64, loaded high)";
	hdr_end = HDR_MAGIC + d[HDR_JUMP + 1];
	skip = ((uint64_t)(d[HDR_SETUP_SECTS] ? d[HDR_SETUP_SECTS]
					       : DEFAULT_SETUP_SECTS) + 1u) *
	       SECTOR;
	if (hdr_end < HDR_END_MIN || hdr_end > X86_SETUP_BYTES ||
	    skip >= im->file_size)
		return "its setup header is malformed";
	memcpy(c->x86_setup, d, X86_SETUP_BYTES);
	c->x86_hdr_end = hdr_end;
	c->x86_init_size = get32(d, HDR_INIT_SIZE);
	c->x86_align = get32(d, HDR_KERNEL_ALIGNMENT);
	c->x86_cmdline_size = get32(d, HDR_CMDLINE_SIZE);
	memmove(im->data, im->data + skip, im->file_size - skip);
	im->file_size -= skip;
	im->size = im->size > skip ? im->size - skip : im->file_size;
	im->entry = im->load + SEPTUM_X86_LINUX_ENTRY64;
	c->x86_kernel = 1;
	return NULL;
}

/* The cell's memory map: its regions as RAM, the boot block as ACPI data
 * (Linux leaves it alone), in address order. */
static uint32_t write_e820(uint8_t *bp, const struct m_cell *c)
{
	uint64_t starts[MODEL_MAX * 3], sizes[MODEL_MAX * 3];
	uint32_t types[MODEL_MAX * 3], n = 0, i, k;
	uint64_t blk = c->dtb_ipa, blk_end = c->dtb_ipa + SEPTUM_X86_BOOT_SIZE;

	for (i = 0; i < c->num_regions && n + 3 <= ARRAY_SIZE(starts); i++) {
		uint64_t a = c->regions[i].ipa, e = a + c->regions[i].size;

		if (!ranges_overlap(a, e - a, blk, SEPTUM_X86_BOOT_SIZE)) {
			starts[n] = a, sizes[n] = e - a, types[n++] = E820_RAM;
			continue;
		}
		if (blk > a)
			starts[n] = a, sizes[n] = blk - a, types[n++] = E820_RAM;
		starts[n] = blk, sizes[n] = SEPTUM_X86_BOOT_SIZE;
		types[n++] = E820_ACPI;
		if (e > blk_end)
			starts[n] = blk_end, sizes[n] = e - blk_end,
			types[n++] = E820_RAM;
	}
	for (i = 0; i < n && i < BP_E820_MAX; i++) {
		uint32_t min = i;

		for (k = i + 1; k < n; k++)
			min = starts[k] < starts[min] ? k : min;
		uint64_t s = starts[min], z = sizes[min];
		uint32_t t = types[min];

		starts[min] = starts[i], sizes[min] = sizes[i];
		types[min] = types[i];
		put64(bp, BP_E820_TABLE + i * E820_ENTRY, s);
		put64(bp, BP_E820_TABLE + i * E820_ENTRY + 8, z);
		put32(bp, BP_E820_TABLE + i * E820_ENTRY + 16, t);
	}
	put8(bp, BP_E820_ENTRIES, (uint8_t)i);
	return i;
}

static const struct m_image *initrd_of(const struct m_cell *c)
{
	for (uint32_t i = 0; i < c->num_images; i++) {
		if (c->images[i].kind == SEPTUM_IMAGE_INITRD)
			return &c->images[i];
	}
	return NULL;
}

/* The zero page: the kernel's own setup header, then what the loader says. */
static void write_boot_params(uint8_t *bp, const struct m_cell *c,
			      uint64_t seed_data)
{
	const struct m_image *rd = initrd_of(c);
	uint64_t cmdline = c->dtb_ipa + SEPTUM_X86_BOOT_CMDLINE;

	memcpy(bp + HDR_SETUP_SECTS, c->x86_setup + HDR_SETUP_SECTS,
	       c->x86_hdr_end - HDR_SETUP_SECTS);
	put8(bp, HDR_TYPE_OF_LOADER, LOADER_UNDEFINED);
	put32(bp, HDR_CMD_LINE_PTR, (uint32_t)cmdline);
	put32(bp, BP_EXT_CMD_LINE_PTR, (uint32_t)(cmdline >> 32));
	if (rd) {
		uint64_t size = rd->present ? rd->file_size : rd->size;

		put32(bp, HDR_RAMDISK_IMAGE, (uint32_t)rd->load);
		put32(bp, BP_EXT_RAMDISK_IMAGE, (uint32_t)(rd->load >> 32));
		put32(bp, HDR_RAMDISK_SIZE, (uint32_t)size);
		put32(bp, BP_EXT_RAMDISK_SIZE, (uint32_t)(size >> 32));
	}
	put64(bp, HDR_SETUP_DATA, seed_data);
	put64(bp, BP_ACPI_RSDP, c->dtb_ipa + SEPTUM_X86_BOOT_ACPI);
	(void)write_e820(bp, c);
}

static void write_gdt_and_tables(uint8_t *blk, uint64_t at)
{
	uint32_t pml4 = SEPTUM_X86_BOOT_PML4, pdpt = pml4 + 0x1000u;

	put64(blk, SEPTUM_X86_BOOT_GDT + SEPTUM_X86_BOOT_CS, GDT_CODE64);
	put64(blk, SEPTUM_X86_BOOT_GDT + SEPTUM_X86_BOOT_DS, GDT_DATA);
	put64(blk, pml4, at + pdpt + PTE_P + PTE_RW);
	for (uint32_t g = 0; g < SEPTUM_X86_BOOT_PAGE_TABLES - 2; g++) {
		uint32_t pd = pdpt + 0x1000u * (g + 1);

		put64(blk, pdpt + g * 8, at + pd + PTE_P + PTE_RW);
		for (uint32_t k = 0; k < PT_ENTRIES; k++)
			put64(blk, pd + k * 8,
			      ((uint64_t)g * PT_ENTRIES + k) * LARGE_PAGE +
				      PTE_P + PTE_RW + PTE_PS);
	}
}

int x86boot_generate(struct m_system *sys, uint32_t ci, const struct board *b)
{
	struct m_cell *c = &sys->cells[ci];
	uint8_t *blk = xcalloc(1, SEPTUM_X86_BOOT_SIZE);
	size_t acpi, room = SEPTUM_X86_BOOT_SIZE - SEPTUM_X86_BOOT_ACPI;
	uint32_t seed;

	(void)b;
	acpi = x86acpi_write(sys, ci, c->dtb_ipa + SEPTUM_X86_BOOT_ACPI,
			     blk + SEPTUM_X86_BOOT_ACPI,
			     room - SETUP_DATA_HEADER - RNG_SEED_LEN);
	if (acpi == 0) {
		diag_error(c->loc, "cell '%s': its ACPI tables do not fit its "
			   "boot block", c->name);
		free(blk);
		return -1;
	}
	seed = (uint32_t)align_up(SEPTUM_X86_BOOT_ACPI + acpi, 16);
	put32(blk, seed + 8, SETUP_RNG_SEED);
	put32(blk, seed + 12, RNG_SEED_LEN);
	write_boot_params(blk + SEPTUM_X86_BOOT_PARAMS, c, c->dtb_ipa + seed);
	write_gdt_and_tables(blk, c->dtb_ipa);
	memcpy(blk + SEPTUM_X86_BOOT_CMDLINE, X86_LINUX_CMDLINE_PREFIX,
	       strlen(X86_LINUX_CMDLINE_PREFIX));
	if (c->bootargs)
		memcpy(blk + SEPTUM_X86_BOOT_CMDLINE +
			       strlen(X86_LINUX_CMDLINE_PREFIX),
		       c->bootargs, strlen(c->bootargs) + 1);
	c->gen_dtb = blk;
	c->gen_dtb_size = SEPTUM_X86_BOOT_SIZE;
	/* Blanked, the entry turns into type 0 (SETUP_NONE), length 0. */
	c->seed_offset[0] = seed + SETUP_DATA_HEADER;
	c->seed_len[0] = RNG_SEED_LEN;
	c->seed_blank_before = 8;
	memset(c->seed_blank, 0, sizeof(c->seed_blank));
	return 0;
}
