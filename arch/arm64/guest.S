/*
 * Leaving and re-entering a cell.  Exit vectors (vectors.S) save the guest's
 * registers in the frame at the top of the CPU's stack and call
 * arm64_guest_exit(); returning from it restores the frame and resumes the
 * guest with ERET.  guest_enter() starts a guest from a prepared frame.
 */
#include <arch/asm.h>
#include <arch/layout.h>

	.section .text, "ax"
	.globl	guest_exit_common
guest_exit_common:
	save_x2_x30
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
	restore_x2_x30
	ldp	x0, x1, [sp]
	add	sp, sp, #GUEST_FRAME_SIZE
	eret
