/*
 * Entry of the hypervisor image from a Multiboot (v1) boot loader: QEMU's
 * -kernel, GRUB's `multiboot`.
 *
 * The image is a 64-bit ELF linked at HV_VA_IMAGE.  Its Multiboot header
 * carries the load addresses itself (the "address" flag), so a loader puts
 * the file's bytes at their physical addresses without reading the ELF (QEMU
 * refuses 64-bit ELFs otherwise).  The loader enters in 32-bit protected
 * mode, paging off, EAX = the Multiboot magic, EBX = its information block.
 *
 * This stub builds boot page tables -- the first 4 GiB identity-mapped and
 * the image at its virtual address, both with 2 MiB pages -- switches to
 * long mode, jumps to the image's virtual address and calls
 * x86_boot_primary(magic, info, entry TSC).  Until paging is on it runs at
 * physical addresses: it only uses the *_pa symbols the linker script
 * computes (no stack exists yet).
 */
#include <arch/layout.h>

#define MB_HEADER_MAGIC 0x1badb002
#define MB_PAGE_ALIGN (1 << 0)
#define MB_MEMORY_INFO (1 << 1)
#define MB_ADDRESSES (1 << 16)	/* the header gives the load addresses */
#define MB_FLAGS (MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_ADDRESSES)

#define PTE_P_RW 0x3
#define PTE_LARGE 0x83		/* present, writable, 2 MiB */
#define LARGE_SIZE 0x200000
#define CR0_PE_WP_PG 0x80010001
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define EFER_NXE 0x800
#define CPUID_EXT 0x80000001
#define CPUID_EDX_NX (1 << 20)
#define CPUID_EDX_LM (1 << 29)
#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define LSR_THRE 0x20

	.section .text.head, "ax"
	.code32
	.globl	_start
_start:
	jmp	multiboot_entry

	.balign	4
	.globl	mb_header
mb_header:
	.long	MB_HEADER_MAGIC
	.long	MB_FLAGS
	.long	-(MB_HEADER_MAGIC + MB_FLAGS)
	.long	mb_header_pa
	.long	__image_pa		/* load_addr: the image's first byte */
	.long	__load_end_pa		/* end of what the file holds */
	.long	__image_end_pa		/* end of bss: zeroed by the loader */
	.long	multiboot_entry_pa

/* Print the NUL-terminated string at %esi on COM1 and stop (no stack). */
early_fail:
1:	movb	(%esi), %bl
	testb	%bl, %bl
	jz	3f
	movw	$COM1_LSR, %dx
2:	inb	%dx, %al
	testb	$LSR_THRE, %al
	jz	2b
	movw	$COM1, %dx
	movb	%bl, %al
	outb	%al, %dx
	incl	%esi
	jmp	1b
3:	cli
	hlt
	jmp	3b

	.globl	multiboot_entry
multiboot_entry:
	cli
	cld
	movl	%eax, %ebp		/* Multiboot magic */
	movl	%ebx, boot_mb_info_pa	/* Multiboot information */
	rdtsc
	movl	%eax, boot_entry_tsc_pa
	movl	%edx, boot_entry_tsc_pa + 4

	movl	$CPUID_EXT, %eax
	cpuid
	movl	$msg_no_lm_pa, %esi
	testl	$CPUID_EDX_LM, %edx
	jz	early_fail
	movl	%edx, %esp		/* the features, kept for EFER below */

	/* Zero the boot tables. */
	movl	$boot_pt_pa, %edi
	movl	$(BOOT_PT_PAGES * 1024), %ecx
	xorl	%eax, %eax
	rep stosl

	/* PML4: slot 0 -> the low PDPT, slot 511 -> the high one. */
	movl	$(boot_pt_pa + BOOT_PT_PDPT_LO * 4096 + PTE_P_RW), \
		boot_pt_pa + BOOT_PT_PML4 * 4096
	movl	$(boot_pt_pa + BOOT_PT_PDPT_HI * 4096 + PTE_P_RW), \
		boot_pt_pa + BOOT_PT_PML4 * 4096 + 511 * 8

	/* Low PDPT: four directories, identity over the first 4 GiB. */
	movl	$(boot_pt_pa + BOOT_PT_PDPT_LO * 4096), %edi
	movl	$(boot_pt_pa + BOOT_PT_PD_LO * 4096 + PTE_P_RW), %eax
	movl	$4, %ecx
1:	movl	%eax, (%edi)
	addl	$4096, %eax
	addl	$8, %edi
	loop	1b
	movl	$(boot_pt_pa + BOOT_PT_PD_LO * 4096), %edi
	movl	$PTE_LARGE, %eax
	movl	$2048, %ecx
2:	movl	%eax, (%edi)
	addl	$LARGE_SIZE, %eax
	addl	$8, %edi
	loop	2b

	/* High PDPT slot 510 (HV_VA_IMAGE) -> the image's directory. */
	movl	$(boot_pt_pa + BOOT_PT_PD_HI * 4096 + PTE_P_RW), \
		boot_pt_pa + BOOT_PT_PDPT_HI * 4096 + 510 * 8
	movl	$(boot_pt_pa + BOOT_PT_PD_HI * 4096), %edi
	movl	$(__image_pa + PTE_LARGE), %eax
	movl	$__image_large_pages, %ecx
3:	movl	%eax, (%edi)
	addl	$LARGE_SIZE, %eax
	addl	$8, %edi
	loop	3b

	/* Long mode: PAE, the tables, EFER.LME (and NXE if there is NX). */
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$(boot_pt_pa + BOOT_PT_PML4 * 4096), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	testl	$CPUID_EDX_NX, %esp
	jz	4f
	orl	$EFER_NXE, %eax
4:	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PE_WP_PG, %eax
	movl	%eax, %cr0
	lgdt	boot_gdtr_pa
	ljmp	$SEL_CODE64, $long_entry_pa

	.code64
	.globl	long_entry
long_entry:
	/* 64-bit, still at the physical address: go to the virtual one. */
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$high_entry, %rax
	jmp	*%rax

high_entry:
	movq	$(hv_stacks + CPU_STACK_START), %rsp
	xorl	%eax, %eax
	pushq	%rax			/* a zero return address ends backtraces */
	/* Zero bss (the stacks, tables and boot tables are outside it). */
	movq	$__bss_start, %rdi
	movq	$__bss_end, %rcx
	subq	%rdi, %rcx
	rep stosb
	movl	%ebp, %edi		/* magic */
	movl	boot_mb_info(%rip), %esi	/* information block (physical) */
	movq	boot_entry_tsc(%rip), %rdx
	call	x86_boot_primary	/* never returns */
5:	cli
	hlt
	jmp	5b

	.section .rodata.head, "a"
	.balign	8
	.globl	boot_gdt
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* SEL_CODE64: 64-bit code */
	.quad	0x00cf92000000ffff	/* SEL_DATA: flat data */
	.quad	0x00cf9a000000ffff	/* SEL_CODE32: flat 32-bit code */
boot_gdt_end:
	.globl	boot_gdtr
boot_gdtr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt_pa
	.globl	msg_no_lm
msg_no_lm:
	.asciz	"septum: this CPU has no long mode (x86_64): cannot boot\r\n"

	.section .data.head, "aw"
	.balign	8
	.globl	boot_entry_tsc
boot_entry_tsc:
	.quad	0
	.globl	boot_mb_info
boot_mb_info:
	.long	0
