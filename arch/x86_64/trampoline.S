/*
 * The application processors' way from reset to the hypervisor.  INIT-SIPI
 * starts an AP in real mode at TRAMPOLINE_PA (the SIPI vector is that page);
 * the boot CPU copies this code there and fills in trampoline_params first.
 * The AP goes through protected mode into long mode on the hypervisor's own
 * page tables (which identity-map this one page until every AP runs), takes
 * its stack and jumps to x86_ap_entry(index) at its virtual address.
 *
 * Only copied, never run where it is linked: it lives in rodata and refers
 * to itself by offsets from trampoline_start plus TRAMPOLINE_PA.
 */
#include <arch/layout.h>

#define HERE(label) (TRAMPOLINE_PA + (label) - trampoline_start)
#define CR0_PE 0x1
#define CR0_PG_WP 0x80010000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_LME_NXE 0x900

	.section .rodata.trampoline, "a"
	.balign	16
	.globl	trampoline_start
trampoline_start:
	.code16
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tr_gdtr - trampoline_start
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $HERE(tr_protected)

	.code32
tr_protected:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	HERE(tr_cr3), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME_NXE, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PG_WP, %eax
	movl	%eax, %cr0
	ljmp	$SEL_CODE64, $HERE(tr_long)

	.code64
tr_long:
	movq	HERE(tr_stack), %rsp
	pushq	$0			/* a zero return address ends backtraces */
	movl	HERE(tr_index), %edi
	movq	HERE(tr_entry), %rax
	jmp	*%rax

	/* Accessed bits preset: the page is read-only once paging is on. */
	.balign	8
tr_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* SEL_CODE64 */
	.quad	0x00cf93000000ffff	/* SEL_DATA */
	.quad	0x00cf9b000000ffff	/* SEL_CODE32 */
tr_gdt_end:
tr_gdtr:
	.word	tr_gdt_end - tr_gdt - 1
	.long	HERE(tr_gdt)

	/* struct trampoline_params (cpu.c) */
	.balign	8
	.globl	trampoline_params
trampoline_params:
tr_cr3:
	.quad	0
tr_stack:
	.quad	0
tr_entry:
	.quad	0
tr_index:
	.quad	0
	.globl	trampoline_end
trampoline_end:
