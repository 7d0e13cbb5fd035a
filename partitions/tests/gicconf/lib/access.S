/*
 * One load or store of a GIC register through a chosen general register,
 * with every other register holding a known value (lib/access.c).  Each
 * routine is
 *
 *     void gc_acc_<op>_<n>(const uint64_t in[31], uint64_t out[31])
 *
 * It loads x0-x30 from in[] (in[] also holds the address, in x0, or in x1
 * when the access names register 0), makes the one access naming register
 * n (zr: the zero register), and stores x0-x30 as they are after it in
 * out[].  Tables gc_acc_<op> list the routines for n = 0..30, then zr.
 * The caller keeps IRQs masked: nothing but the access may change a
 * register between the two.
 */

/* in: x0; out: saved at [sp, #96] with the callee-saved registers. */
.macro acc_fill
	stp	x29, x30, [sp, #-112]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x1, [sp, #96]
	mov	x1, x0
	ldp	x2, x3, [x1, #16]
	ldp	x4, x5, [x1, #32]
	ldp	x6, x7, [x1, #48]
	ldp	x8, x9, [x1, #64]
	ldp	x10, x11, [x1, #80]
	ldp	x12, x13, [x1, #96]
	ldp	x14, x15, [x1, #112]
	ldp	x16, x17, [x1, #128]
	ldp	x18, x19, [x1, #144]
	ldp	x20, x21, [x1, #160]
	ldp	x22, x23, [x1, #176]
	ldp	x24, x25, [x1, #192]
	ldp	x26, x27, [x1, #208]
	ldp	x28, x29, [x1, #224]
	ldr	x30, [x1, #240]
	ldr	x0, [x1]
	ldr	x1, [x1, #8]
.endm

.macro acc_dump
	sub	sp, sp, #256
	stp	x0, x1, [sp]
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
	ldr	x1, [sp, #256 + 96]
	mov	x2, #0
1:	ldr	x3, [sp, x2, lsl #3]
	str	x3, [x1, x2, lsl #3]
	add	x2, x2, #1
	cmp	x2, #31
	b.lo	1b
	add	sp, sp, #256
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret
.endm

/* gc_acc_<op>_<n>: `insn <w or x><n>, [address]`. */
.macro acc op, insn, width, n
	.balign	4
gc_acc_\op\()_\n:
	acc_fill
	.ifc \n, 0
	\insn	\width\n, [x1]
	.else
	\insn	\width\n, [x0]
	.endif
	acc_dump
.endm

/* Every register, then the table. */
.macro acc_all op, insn, width
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, \
		17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, zr
	acc	\op, \insn, \width, \n
	.endr
	.section .rodata
	.balign	8
	.globl	gc_acc_\op
gc_acc_\op:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, \
		17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, zr
	.quad	gc_acc_\op\()_\n
	.endr
	.text
.endm

	.text
	acc_all ldr_w, ldr, w
	acc_all ldrb_w, ldrb, w
	acc_all strb_w, strb, w
	acc_all ldrsb_x, ldrsb, x
	acc_all ldrsb_w, ldrsb, w
