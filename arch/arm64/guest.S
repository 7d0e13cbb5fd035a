/*
 * Leaving and re-entering a cell.  The exit vectors (vectors.S) put x0/x1 in
 * the frame at the top of the CPU's stack and come here: a hypercall and an
 * interrupt save the short frame (x2-x18, x30: what C code may change), any
 * other exit (a data abort its own way) the full one, then call the handler
 * in exit.c (an interrupt first vgic_exit_irq(), which finishes the common
 * one by itself; a data abort on the GIC distributor's first page
 * vgic_dist_trap(), which does the same for the registers it knows);
 * returning from it restores the frame and resumes the guest with ERET.
 * guest_enter() starts a guest from a prepared (full) frame.
 */
#include <arch/asm.h>
#include <arch/layout.h>

/* The registers C code may change, and the return state. */
.macro save_short
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
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

	.section .text, "ax"

	.globl	guest_exit_hvc
guest_exit_hvc:
	save_short
	bl	arm64_exit_hvc
	b	resume_short

	/* The common interrupt needs nothing but vgic_exit_irq(). */
	.globl	guest_exit_irq
guest_exit_irq:
	save_short
	bl	vgic_exit_irq
	cbnz	w0, resume_short
	mov	x0, sp
	bl	arm64_exit_irq
	b	resume_short

	/* The frame is full (a store may name any register), but the handler
	 * leaves x19-x29 as they were unless it sets `full` (a load into one
	 * of them, a reset): the way back is the short one's.  An abort on
	 * the distributor's first page (HPFAR_EL2 says which page) goes to
	 * vgic_dist_trap(), the rest to arm64_exit_dabt(). */
	.globl	guest_exit_dabt
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

	.globl	guest_exit_sync
guest_exit_sync:
	save_callee
	save_short
	bl	arm64_exit_sync
	b	resume_full

	/* x1: the vector kind. */
	.globl	guest_exit_other
guest_exit_other:
	save_callee
	str	x1, [sp, #8]		/* frees x1: the guest's goes back below */
	save_short
	ldr	x1, [sp, #8]
	bl	arm64_exit_other
	b	resume_full

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
