/*
 * Interrupt and exception entry: one 16-byte stub per vector, in order, so
 * the IDT entry of vector v points at entry_stubs + 16 * v.  Each stub makes
 * the frame uniform (an error code of 0 where the CPU pushes none, then the
 * vector), saves every general register and calls x86_trap(frame)
 * (layout: struct x86_frame in arch/trap.h).  Exceptions never return
 * (they are fatal); interrupts do, through IRETQ.
 */
#include <arch/layout.h>

.macro stub vec
	.balign	16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || \
	    (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
.endm

	.section .text.entry, "ax"
	.balign	16
	.globl	entry_stubs
entry_stubs:
	.altmacro
	.set	vec, 0
	.rept	256
	stub	%vec
	.set	vec, vec + 1
	.endr
	.noaltmacro
	.balign	16
	.globl	entry_stubs_end
entry_stubs_end:		/* image.lds checks each stub took 16 bytes */

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	call	x86_trap
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector and error code */
	iretq
