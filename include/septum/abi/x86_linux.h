/*
 * x86 Linux cells: where things are in the boot block the config tool
 * writes for each of them, and the fixed places of the devices every x86
 * cell sees.  Shared by the config tool (which writes the block) and the
 * hypervisor (which enters the kernel with it and serves the devices).
 *
 * The boot block is the cell's generated description image (its
 * SEPTUM_IMAGE_DTB image, at septum_cell.dtb_ipa): Linux's 64-bit boot
 * protocol (Documentation/arch/x86/boot.rst) wants the boot parameters (the
 * "zero page"), a command line, a GDT and identity page tables, and Linux
 * learns the machine from the ACPI tables that follow.  Offsets are from the
 * block's start, which is page aligned.
 */
#ifndef SEPTUM_ABI_X86_LINUX_H
#define SEPTUM_ABI_X86_LINUX_H

/* struct boot_params: RSI at the kernel's 64-bit entry. */
#define SEPTUM_X86_BOOT_PARAMS 0x0000u
/* A flat GDT: selector 0x10 64-bit code, 0x18 data (the protocol's). */
#define SEPTUM_X86_BOOT_GDT 0x1000u
#define SEPTUM_X86_BOOT_GDT_LIMIT 0x1fu
#define SEPTUM_X86_BOOT_CS 0x10u
#define SEPTUM_X86_BOOT_DS 0x18u
/*
 * The command line, NUL-terminated.  The hypervisor appends what it learns
 * only at boot (the measured TSC rate); the tool leaves it room.
 */
#define SEPTUM_X86_BOOT_CMDLINE 0x1100u
#define SEPTUM_X86_BOOT_CMDLINE_ROOM 0x0f00u
#define SEPTUM_X86_BOOT_CMDLINE_HYP 64u	/* bytes kept for the hypervisor */
/* Page tables (CR3): PML4, PDPT and four page directories, mapping the
 * first 4 GiB of guest-physical space to itself with 2 MiB pages. */
#define SEPTUM_X86_BOOT_PML4 0x2000u
#define SEPTUM_X86_BOOT_PAGE_TABLES 6u
/* The ACPI tables, RSDP first; then the random seed (setup_data). */
#define SEPTUM_X86_BOOT_ACPI 0x8000u
#define SEPTUM_X86_BOOT_SIZE 0xa000u

/* Where the kernel's 64-bit entry is, from its protected-mode start. */
#define SEPTUM_X86_LINUX_ENTRY64 0x200u

/* The virtual interrupt controllers every x86 cell sees. */
#define SEPTUM_X86_LAPIC_GPA 0xfee00000u
#define SEPTUM_X86_IOAPIC_GPA 0xfec00000u

/*
 * The power registers every x86 cell sees, byte-wide in I/O port space and
 * served by the hypervisor (a cell may not own these ports): the sleep
 * control and status registers and the reset register of a
 * hardware-reduced ACPI platform (ACPI 6.5, 4.8.3.7 and 4.8.3.6).  A Linux
 * cell's FADT points at them and its DSDT's \_S5 gives SLP_TYP_S5.
 */
#define SEPTUM_X86_PM_PORT 0x0540u	/* the block's first port */
#define SEPTUM_X86_PM_PORTS 4u		/* ports reserved from there */
#define SEPTUM_X86_SLEEP_CONTROL (SEPTUM_X86_PM_PORT + 0u)
#define SEPTUM_X86_SLEEP_STATUS (SEPTUM_X86_PM_PORT + 1u)
#define SEPTUM_X86_RESET (SEPTUM_X86_PM_PORT + 2u)
#define SEPTUM_X86_RESET_VALUE 0x01u	/* written to the reset register */
#define SEPTUM_X86_SLP_TYP_S5 5u	/* the soft-off sleep type */
/* Sleep control: SLP_TYP in bits 4:2, SLP_EN bit 5; sleep status: WAK_STS
 * bit 7. */
#define SEPTUM_X86_SLP_TYP_SHIFT 2u
#define SEPTUM_X86_SLP_TYP_MASK 0x1cu
#define SEPTUM_X86_SLP_EN 0x20u
#define SEPTUM_X86_WAK_STS 0x80u

#endif /* SEPTUM_ABI_X86_LINUX_H */
