/*
 * Entry points of the hypervisor image.
 *
 * The image starts with an arm64 Image header, so QEMU -kernel and U-Boot
 * booti can load it; QEMU can also load the ELF.  Either way the code is
 * entered at EL2 with the MMU off, at whatever physical address the loader
 * chose.  Until the MMU is on, only PC-relative addressing is used.
 *
 *   primary_entry: the boot CPU.  x0 = DTB physical address, or 0.
 *   secondary_entry: a CPU started by PSCI CPU_ON, x0 = its logical index.
 *   spin_entry: a CPU released from its spin table (spintable.c), which
 *     passes nothing: its logical index is in spin_index.
 *
 * Both switch the MMU on with tables built by the boot CPU (which also map
 * the image at its load address), then jump to the image's virtual address.
 */
#include <arch/layout.h>

#define SCTLR_EL2_RES1 0x30c50830	/* RES1 bits of SCTLR_EL2, non-VHE */
#define SCTLR_EL2_MMU_ON (SCTLR_EL2_RES1 | (1 << 0) | (1 << 2) | (1 << 3) | \
			  (1 << 12) | (1 << 19))	/* M C SA I WXN */
#define IMAGE_FLAGS 0xa		/* little-endian, 4 KiB pages, load anywhere */

	.section .text.head, "ax"
	.globl	_start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__image_size		/* image_size, bss included */
	.quad	IMAGE_FLAGS
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE header offset) */

/* Known state for EL2: interrupts masked, MMU and caches off, no per-CPU. */
.macro el2_reset_state
	msr	daifset, #0xf
	ldr	x1, =SCTLR_EL2_RES1
	msr	sctlr_el2, x1
	isb
	msr	tpidr_el2, xzr
	adr	x1, vectors
	msr	vbar_el2, x1
.endm

/* sp and sp_el0 := CPU \idx's stack slot in the window at \base (MMU on). */
.macro set_stacks idx, base, tmp
	mov	\tmp, #STACK_SLOT_SIZE
	madd	\base, \idx, \tmp, \base
	add	\tmp, \base, #(EXC_STACK_TOP >> 12), lsl #12
	msr	sp_el0, \tmp
	add	\tmp, \base, #(CPU_STACK_TOP >> 12), lsl #12
	sub	\tmp, \tmp, #GUEST_FRAME_SIZE	/* reserved: the exit frame */
	mov	sp, \tmp
.endm

/* The same for the boot CPU with the MMU off: its pages of hv_stacks. */
.macro set_boot_stacks tmp
	adrp	\tmp, hv_stacks
	add	\tmp, \tmp, #(STACK_PAGES_CPU >> 12), lsl #12
	msr	sp_el0, \tmp
	add	\tmp, \tmp, #((STACK_PAGES_SIZE - STACK_PAGES_CPU) >> 12), lsl #12
	sub	\tmp, \tmp, #GUEST_FRAME_SIZE
	mov	sp, \tmp
.endm

primary_entry:
	mrs	x21, cntpct_el0		/* the boot's start, for its time line */
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	wrong_el
	el2_reset_state
	set_boot_stacks x1

	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	adr	x0, _start
	mov	x1, x19
	mov	x2, x21
	bl	arm64_boot_early	/* C with the MMU off: build the tables */
	bl	mmu_enable
	ldr	x1, =primary_virt
	br	x1

primary_virt:
	ldr	x1, =vectors
	msr	vbar_el2, x1
	ldr	x20, =hv_stack_window
	set_stacks xzr, x20, x1
	bl	arm64_boot_primary	/* never returns */
	b	halt

	.globl	spin_entry
spin_entry:
	adrp	x0, spin_index
	ldr	x0, [x0, :lo12:spin_index]

	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	halt
	cmp	x19, #ARM64_MAX_CPUS
	b.hs	halt
	el2_reset_state
	bl	mmu_enable
	ldr	x1, =secondary_virt
	br	x1

secondary_virt:
	ldr	x1, =vectors
	msr	vbar_el2, x1
	ldr	x20, =hv_stack_window
	set_stacks x19, x20, x1
	mov	x0, x19
	bl	arm64_boot_secondary	/* never returns */
	b	halt

/*
 * Not entered at EL2: nothing can be partitioned.  Report it on the early
 * console if the boot loader left the UART reachable, then stop.
 */
wrong_el:
	set_boot_stacks x1
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	bl	arm64_boot_wrong_el
halt:
	msr	daifset, #0xf
	wfi
	b	halt

/*
 * Switch the MMU on with the registers arm64_boot_early() prepared in
 * mmu_boot_regs (MAIR, TCR, TTBR0).  Runs at the physical address, which the
 * tables identity-map; uses no stack.
 */
mmu_enable:
	adrp	x1, mmu_boot_regs
	add	x1, x1, :lo12:mmu_boot_regs
	ldp	x2, x3, [x1]
	ldr	x4, [x1, #16]
	msr	mair_el2, x2
	msr	tcr_el2, x3
	msr	ttbr0_el2, x4
	isb
	tlbi	alle2
	ic	iallu
	dsb	nsh
	isb
	ldr	x2, =SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x2
	isb
	ret

/*
 * mmu_switch_copy(x0 = pages, x1 = count, x2 = TTBR0): copy `count` pages,
 * each { dst, src } (virtual addresses, 4 KiB), then switch TTBR0_EL2 to
 * the tables mapping every src address to its dst.  Writes nothing but the
 * copies, with interrupts masked, so each copy holds what its page held at
 * the switch (the caller's stack frame included); the code runs on, at the
 * same addresses, from its copy.
 */
	.globl	mmu_switch_copy
mmu_switch_copy:
	mrs	x8, daif
	msr	daifset, #0xf
	cbz	x1, 3f
1:	ldp	x3, x4, [x0], #16
	mov	x5, #4096
2:	ldp	x6, x7, [x4], #16
	stp	x6, x7, [x3], #16
	subs	x5, x5, #16
	b.ne	2b
	subs	x1, x1, #1
	b.ne	1b
3:	dsb	ish
	msr	ttbr0_el2, x2
	isb
	tlbi	alle2
	dsb	ish
	ic	iallu
	dsb	ish
	isb
	msr	daif, x8
	ret

	.ltorg
