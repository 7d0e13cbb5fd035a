/*
 * The hypervisor's virtual address layout on x86_64 and its per-CPU stacks.
 * Shared by C, assembly and the linker script: plain constants only.
 *
 * Four-level paging, 48-bit canonical addresses.  The image is linked in the
 * top 2 GiB (the compilers' "kernel" code model) wherever it was loaded; the
 * other windows sit in their own top-level slots, far from the low physical
 * addresses the boot's identity mappings cover.
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define HV_VA_IMAGE 0xffffffff80000000	/* text, rodata, data, bss */
#define HV_VA_IO 0xffffffc000000000	/* device registers */
#define HV_VA_IO_SIZE 0x40000000	/* 1 GiB of device window */
#define HV_VA_PHYS 0xffff800000000000	/* cells' memory, at +PA, on demand */
#define HV_PHYS_BITS 40			/* physical addresses the window covers */

#define X86_MAX_CPUS 8

/*
 * One stack slot per CPU, 64 KiB and aligned to its size, so the CPU's slot
 * (and with it the CPU) follows from any address on any of its stacks:
 *   [0, 4K)       guard page, unmapped
 *   [4K, 12K)     exception stack (IST 1): faults, for the fatal report
 *   [12K, 16K)    guard page, unmapped
 *   [16K, 20K)    double-fault and NMI stack (IST 2)
 *   [20K, 24K)    guard page, unmapped
 *   [24K, 64K)    the CPU's stack
 * A stack overflow hits a guard page; the page fault is taken on the
 * exception stack and reported.
 */
#define STACK_SLOT_SHIFT 16
#define STACK_SLOT_SIZE (1 << STACK_SLOT_SHIFT)
#define EXC_STACK_BASE 0x1000
#define EXC_STACK_TOP 0x3000
#define DF_STACK_BASE 0x4000
#define DF_STACK_TOP 0x5000
#define CPU_STACK_BASE 0x6000
#define CPU_STACK_TOP 0x10000

/* Where a CPU's stack starts: 16-byte aligned, below the slot's end. */
#define CPU_STACK_START (CPU_STACK_TOP - 16)

/* Segment selectors of the hypervisor's GDT (one per CPU, same layout). */
#define SEL_CODE64 0x08
#define SEL_DATA 0x10
#define SEL_CODE32 0x18		/* the AP trampoline's protected-mode step */
#define SEL_TSS 0x20

/* The AP start-up trampoline: one page below 1 MiB (SIPI vector = page). */
#define TRAMPOLINE_PA 0x8000

/* Boot page tables built by head.S (pages of boot_pt). */
#define BOOT_PT_PML4 0
#define BOOT_PT_PDPT_LO 1
#define BOOT_PT_PD_LO 2		/* four pages: the first 4 GiB, 2 MiB pages */
#define BOOT_PT_PDPT_HI 6
#define BOOT_PT_PD_HI 7		/* the image at HV_VA_IMAGE, 2 MiB pages */
#define BOOT_PT_PAGES 8

/* Exception frame built by the entry stubs (see trap.h, struct x86_frame). */
#define FRAME_SIZE 176
#define FRAME_VECTOR 120

#endif /* ARCH_LAYOUT_H */
