/*
 * Leaving and re-entering a cell.  Exit vectors (vectors.S) save the guest's
 * registers in the frame at the top of the CPU's stack and call
 * arm64_guest_exit(); returning from it restores the frame and resumes the
 * guest with ERET.  guest_enter() starts a guest from a prepared frame.
 */
#include <arch/layout.h>

	.section .text, "ax"
	.globl	guest_exit_common
guest_exit_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #GUEST_FRAME_PC]
	mov	x1, x0
	mov	x0, sp
	bl	arm64_guest_exit
	mov	x0, sp
	b	resume

	.globl	guest_enter
guest_enter:
	mov	sp, x0
resume:
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
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp]
	add	sp, sp, #GUEST_FRAME_SIZE
	eret
