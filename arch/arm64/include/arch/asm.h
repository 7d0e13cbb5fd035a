/*
 * Assembler macros shared by the arm64 entry code (assembly files only).
 */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

/* Store x2-x17 at [sp + 16 ...]: the frame layout after x0/x1 at [sp]. */
.macro save_x2_x17
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
.endm

/* Store x2-x30 in the same frame. */
.macro save_x2_x30
	save_x2_x17
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
.endm

#endif /* ARCH_ASM_H */
