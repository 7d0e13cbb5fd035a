/*
 * The hypervisor's virtual address layout on arm64 and its per-CPU stacks.
 * Shared by C, assembly and the linker script: plain constants only.
 *
 * EL2 translates 48-bit virtual addresses through TTBR0_EL2 (4 KiB granule,
 * four levels).  The image is linked at HV_VA_IMAGE wherever it was loaded.
 * The image, the boot DTB, the devices and a coloured hypervisor's own pages
 * share one 512 GiB level-0 slot (one level-1 table); the image, the device
 * window and the scattered pages each have a GiB (a level-2 table) of their
 * own, and the DTB lies at the start of the device window's GiB, so it needs
 * no level-2 table of its own.  The window on the cells' memory has level-0
 * slots of its own.  All lie
 * far above any physical address the boot identity map can cover.
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define HV_VA_IMAGE 0x0000fc0000000000	/* text, rodata, data, bss */
#define HV_VA_IMAGE_SIZE 0x100000000	/* 4 GiB: the image and its table */
#define HV_VA_FDT 0x0000fc0140000000	/* the boot DTB, read-only */
#define HV_VA_IO 0x0000fc0140400000	/* device registers, 4 MiB further */
#define HV_VA_IO_SIZE 0x3fc00000	/* the rest of that GiB */
#define HV_VA_OWN 0x0000fc0180000000	/* a coloured hypervisor's scattered
					 * pages, seen contiguous */
#define HV_VA_OWN_SIZE 0x40000000
#define HV_VA_PHYS 0x0000fe0000000000	/* cells' memory, at +PA, on demand */
#define HV_PHYS_BITS 40			/* physical addresses the window covers */
#define HV_VA_BITS 48

#define HV_FDT_MAX_SIZE 0x200000	/* largest boot DTB accepted (it may
					 * start anywhere in its first page) */

#define ARM64_MAX_CPUS 8

/*
 * One stack slot per CPU, 20 KiB of virtual addresses in the stack window
 * right after the image (hv_stack_window, image.lds):
 *   [0, 4K)       guard page, unmapped
 *   [4K, 8K)      exception stack (SP_EL0 at EL2), for fatal exceptions
 *   [8K, 12K)     guard page, unmapped
 *   [12K, 20K)    the CPU's stack (SP_EL2)
 * A stack overflow hits a guard page and is reported on the exception stack.
 * Only the two stacks have memory behind them: 12 KiB per CPU in the image's
 * bss (hv_stacks, STACK_PAGES_SIZE each: the exception stack, then the CPU's
 * stack), which is also where the boot CPU's stacks are while its MMU is
 * off.  The deepest use measured (a hostile cell's faults and a Linux
 * cell's life, stacks painted at boot) is about 2 KiB of the CPU's stack,
 * the exit frame included; a fatal dump needs less than 2 KiB of the
 * exception stack.
 */
#define STACK_SLOT_SIZE 0x5000
#define EXC_STACK_BASE 0x1000
#define EXC_STACK_TOP 0x2000
#define CPU_STACK_BASE 0x3000
#define CPU_STACK_TOP 0x5000
#define STACK_PAGES_SIZE 0x3000
#define STACK_PAGES_CPU 0x1000	/* the CPU's stack within its pages */

/*
 * The top of each CPU's stack holds the frame of a cell's exit (guest
 * registers), at a fixed place: the guest runs with SP_EL2 at the stack top,
 * so an exit's frame always lands there.  GUEST_FRAME_FULL is a word that
 * says the frame's x19-x29 must be loaded on the way back (vectors.S).
 */
#define GUEST_FRAME_SIZE 288
#define GUEST_FRAME_PC 248
#define GUEST_FRAME_FULL 272
#define CPU_STACK_START (CPU_STACK_TOP - GUEST_FRAME_SIZE)

/* Exception frame built by the vectors (see trap.c, struct arm64_frame). */
#define FRAME_SIZE 288
#define FRAME_SP 248
#define FRAME_ELR 256
#define FRAME_ESR 272

#endif /* ARCH_LAYOUT_H */
