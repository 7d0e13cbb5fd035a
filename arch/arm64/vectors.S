/*
 * EL2 exception vectors, and the code that leaves and re-enters a cell.
 * Exceptions from a lower EL are a cell's exits: they save the guest's
 * registers and are handled.  Exceptions at EL2 itself are unexpected and
 * fatal.
 *
 * A fatal exception switches to the CPU's exception stack (SP_EL0) before
 * touching memory, so even a stack overflow into a guard page is reported.
 * The frame (layout in layout.h and trap.c) holds x0-x30, the interrupted SP,
 * ELR, SPSR, ESR and FAR.  An exception taken while already on the exception
 * stack (SPSel = 0) arrives at the SP_EL0 vectors and is reported as nested.
 *
 * A cell's exit puts x0/x1 in the frame at the top of the CPU's stack: a
 * hypercall and an interrupt save the short frame (x2-x18, x30: what C code
 * may change), any other exit (a data abort its own way) the full one, then
 * call the handler in exit.c (an interrupt first vgic_exit_irq(), which
 * finishes the common one by itself; a data abort on the GIC distributor's
 * first page vgic_dist_trap(), which does the same for the registers it
 * knows); returning from it restores the frame and resumes the guest with
 * ERET.  guest_enter() starts a guest from a prepared (full) frame.
 *
 * The table takes 2 KiB whatever its entries hold, so the exit and fatal
 * paths live in its 128-byte slots, after the entries' own instructions
 * (each slot begins at its offset, `slot`: the assembler refuses a slot
 * that overflows into the next).
 */
#include <arch/asm.h>
#include <arch/esr.h>
#include <arch/layout.h>

/* Slot n of the table (n = the vector kind, below). */
.macro slot n
	.org	(\n) * 0x80
.endm

/* The registers C code may change, and the return state. */
.macro save_short
	save_x2_x17
	str	x18, [sp, #144]
	str	x30, [sp, #240]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #GUEST_FRAME_PC]
	mov	x0, sp
.endm

/* Callee-saved x19-x29: C code keeps them, the frame needs them only when full. */
.macro save_callee
	str	x19, [sp, #152]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
.endm

.macro restore_callee
	ldr	x19, [sp, #152]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
.endm

/* Vector kinds passed to C: group * 4 + type (sync, irq, fiq, serror). */
.macro fatal_vector kind
	slot	\kind
	msr	spsel, #0
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	save_x2_x30
	mov	x0, #\kind
	b	fatal_common
.endm

/* A cell's exit: the frame goes at the top of the CPU's stack. */
.macro guest_entry kind
	slot	\kind
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
.endm

/* Its exception class in x0. */
.macro guest_class
	mrs	x0, esr_el2
	lsr	x0, x0, #ESR_EC_SHIFT
.endm

/* Anything else from a cell: handled with its kind in x1. */
.macro guest_other_vector kind
	guest_entry \kind
	mov	x1, #\kind
	b	guest_exit_other
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	vectors
vectors:
	fatal_vector 0		/* current EL, SP_EL0: nested fault */
	fatal_vector 1
	fatal_vector 2
	fatal_vector 3
	fatal_vector 4		/* current EL, SP_EL2 */
	fatal_vector 5
	fatal_vector 6
	fatal_vector 7

	/* Lower EL, AArch64, synchronous: a hypercall takes the short way,
	 * a data abort its own. */
	guest_entry 8
	guest_class
	cmp	x0, #EC_HVC64
	b.ne	1f
guest_exit_hvc:
	save_short
	bl	arm64_exit_hvc
	b	resume_short
1:	cmp	x0, #EC_DABT_LOW
	b.eq	guest_exit_dabt
	b	guest_exit_sync

	/* The common interrupt needs nothing but vgic_exit_irq(). */
	guest_entry 9
guest_exit_irq:
	save_short
	bl	vgic_exit_irq
	cbnz	w0, resume_short
	mov	x0, sp
	bl	arm64_exit_irq
	b	resume_short

	guest_other_vector 10
	guest_entry 11
	mov	x1, #11
	/* x1: the vector kind. */
guest_exit_other:
	save_callee
	str	x1, [sp, #8]		/* frees x1: the guest's goes back below */
	save_short
	ldr	x1, [sp, #8]
	bl	arm64_exit_other
	b	resume_full

	/* Lower EL, AArch32 (its cells' exits), synchronous. */
	guest_entry 12
	guest_class
	cmp	x0, #EC_HVC32
	b.eq	guest_exit_hvc
	cmp	x0, #EC_DABT_LOW
	b.eq	guest_exit_dabt
guest_exit_sync:
	save_callee
	save_short
	bl	arm64_exit_sync
	b	resume_full

	guest_entry 13
	b	guest_exit_irq
	/* The frame is full (a store may name any register), but the handler
	 * leaves x19-x29 as they were unless it sets `full` (a load into one
	 * of them, a reset): the way back is the short one's.  An abort on
	 * the distributor's first page (HPFAR_EL2 says which page) goes to
	 * vgic_dist_trap(), the rest to arm64_exit_dabt(). */
guest_exit_dabt:
	save_callee
	save_short
	mrs	x1, hpfar_el2
	adrp	x2, vgic_dist_hpfar
	ldr	x2, [x2, :lo12:vgic_dist_hpfar]
	cmp	x1, x2
	b.eq	1f
	bl	arm64_exit_dabt
	b	resume_short
1:	bl	vgic_dist_trap
	b	resume_short

	guest_other_vector 14
	/* After a short save: the frame's x19-x29 count only if someone set it full. */
resume_short:
	ldr	w1, [sp, #GUEST_FRAME_FULL]
	cbz	w1, resume_regs
resume_full:
	str	wzr, [sp, #GUEST_FRAME_FULL]
	restore_callee
resume_regs:
	ldp	x1, x2, [sp, #GUEST_FRAME_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldr	x18, [sp, #144]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp]
	add	sp, sp, #GUEST_FRAME_SIZE
	eret

	.globl	guest_enter
guest_enter:
	mov	sp, x0
	b	resume_full

	guest_other_vector 15
fatal_common:
	/* The interrupted SP: SP_EL2 unless this is a nested (SP_EL0) fault. */
	mov	x1, sp
	add	x1, x1, #FRAME_SIZE
	cmp	x0, #4
	b.lo	1f
	msr	spsel, #1
	mov	x1, sp
	msr	spsel, #0
1:	str	x1, [sp, #FRAME_SP]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #FRAME_ELR]
	mrs	x1, esr_el2
	mrs	x2, far_el2
	stp	x1, x2, [sp, #FRAME_ESR]
	mov	x1, x0
	mov	x0, sp
	bl	arm64_trap_fatal	/* never returns */
2:	wfi
	b	2b
	slot	16			/* the table's end: nothing past it */
