/*
 * The AMD SVM virtual machine control block (AMD64 APM vol. 2, appendix B):
 * the control area the hypervisor programs and the guest state save area.
 * Only the fields Septum uses are named; the layout is pinned below.
 */
#ifndef ARCH_VMCB_H
#define ARCH_VMCB_H

#include <septum/types.h>

struct __attribute__((packed)) vmcb_seg {
	uint16_t selector;
	uint16_t attrib;	/* descriptor bits 40-47 and 52-55, packed */
	uint32_t limit;
	uint64_t base;
};

struct __attribute__((packed)) vmcb_control {
	uint32_t intercept_cr;		/* reads 15:0, writes 31:16 */
	uint32_t intercept_dr;
	uint32_t intercept_exceptions;
	uint32_t intercept_misc1;
	uint32_t intercept_misc2;
	uint8_t reserved0[0x3c - 0x14];
	uint16_t pause_threshold;
	uint16_t pause_count;
	uint64_t iopm_pa;
	uint64_t msrpm_pa;
	uint64_t tsc_offset;
	uint32_t asid;
	uint8_t tlb_control;
	uint8_t reserved1[3];
	uint64_t int_ctl;		/* V_TPR, V_IRQ, V_INTR_*; vector at 39:32 */
	uint64_t int_state;		/* bit 0: interrupt shadow */
	uint64_t exit_code;
	uint64_t exit_info1;
	uint64_t exit_info2;
	uint64_t exit_int_info;
	uint64_t nested_ctl;		/* bit 0: nested paging */
	uint64_t avic_bar;
	uint64_t ghcb_pa;
	uint64_t event_inj;
	uint64_t nested_cr3;
	uint64_t lbr_ctl;
	uint32_t clean_bits;
	uint32_t reserved2;
	uint64_t next_rip;
	uint8_t insn_len;
	uint8_t insn_bytes[15];
	uint8_t reserved3[0x400 - 0xe0];
};

struct __attribute__((packed)) vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	uint8_t reserved0[43];
	uint8_t cpl;
	uint8_t reserved1[4];
	uint64_t efer;
	uint8_t reserved2[112];
	uint64_t cr4, cr3, cr0, dr7, dr6, rflags, rip;
	uint8_t reserved3[88];
	uint64_t rsp;
	uint8_t reserved4[24];
	uint64_t rax;
	uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t cr2;
	uint8_t reserved5[32];
	uint64_t g_pat;
	uint64_t dbgctl;
	uint8_t reserved6[0xc00 - 0x278];
};

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
} __attribute__((aligned(4096)));

_Static_assert(sizeof(struct vmcb) == 4096, "VMCB size");
_Static_assert(__builtin_offsetof(struct vmcb_control, iopm_pa) == 0x40, "iopm");
_Static_assert(__builtin_offsetof(struct vmcb_control, int_ctl) == 0x60, "int_ctl");
_Static_assert(__builtin_offsetof(struct vmcb_control, exit_code) == 0x70, "exit");
_Static_assert(__builtin_offsetof(struct vmcb_control, nested_ctl) == 0x90, "np");
_Static_assert(__builtin_offsetof(struct vmcb_control, event_inj) == 0xa8, "inj");
_Static_assert(__builtin_offsetof(struct vmcb_control, nested_cr3) == 0xb0, "ncr3");
_Static_assert(__builtin_offsetof(struct vmcb_control, next_rip) == 0xc8, "nrip");
_Static_assert(__builtin_offsetof(struct vmcb_save, cpl) == 0xcb, "cpl");
_Static_assert(__builtin_offsetof(struct vmcb_save, efer) == 0xd0, "efer");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr4) == 0x148, "cr4");
_Static_assert(__builtin_offsetof(struct vmcb_save, rip) == 0x178, "rip");
_Static_assert(__builtin_offsetof(struct vmcb_save, rsp) == 0x1d8, "rsp");
_Static_assert(__builtin_offsetof(struct vmcb_save, rax) == 0x1f8, "rax");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr2) == 0x240, "cr2");
_Static_assert(__builtin_offsetof(struct vmcb_save, g_pat) == 0x268, "pat");

/* Intercepts (misc1). */
#define INTERCEPT_INTR BIT(0)
#define INTERCEPT_NMI BIT(1)
#define INTERCEPT_SMI BIT(2)
#define INTERCEPT_INIT BIT(3)
#define INTERCEPT_VINTR BIT(4)
#define INTERCEPT_CPUID BIT(18)
#define INTERCEPT_INVD BIT(22)
#define INTERCEPT_HLT BIT(24)
#define INTERCEPT_INVLPGA BIT(26)
#define INTERCEPT_IOIO BIT(27)
#define INTERCEPT_MSR BIT(28)
#define INTERCEPT_TASK_SWITCH BIT(29)
#define INTERCEPT_SHUTDOWN BIT(31)
/* Intercepts (misc2). */
#define INTERCEPT_VMRUN BIT(0)
#define INTERCEPT_VMMCALL BIT(1)
#define INTERCEPT_VMLOAD BIT(2)
#define INTERCEPT_VMSAVE BIT(3)
#define INTERCEPT_STGI BIT(4)
#define INTERCEPT_CLGI BIT(5)
#define INTERCEPT_SKINIT BIT(6)
#define INTERCEPT_RDTSCP BIT(7)
#define INTERCEPT_ICEBP BIT(8)
#define INTERCEPT_MONITOR BIT(10)
#define INTERCEPT_MWAIT BIT(11)
#define INTERCEPT_XSETBV BIT(13)
#define INTERCEPT_RDPRU BIT(14)

/* Intercepts (intercept_cr): CRn reads at bit n, writes at 16 + n. */
#define INTERCEPT_CR8_WRITE BIT(24)

/* int_ctl. */
#define V_TPR_MASK 0xfull		/* the guest's CR8 (V_INTR_MASKING) */
#define V_IRQ BIT(8)
#define V_INTR_PRIO_SHIFT 16
#define V_INTR_PRIO_MASK (0xfull << V_INTR_PRIO_SHIFT)
#define V_IGN_TPR BIT(20)
#define V_INTR_MASKING BIT(24)
#define V_INTR_VECTOR_SHIFT 32
#define V_INTR_VECTOR_MASK (0xffull << V_INTR_VECTOR_SHIFT)
#define INT_STATE_SHADOW BIT(0)

#define TLB_FLUSH_ALL 1
#define NESTED_PAGING BIT(0)

/* EVENTINJ / EXITINTINFO. */
#define EVENT_VECTOR(e) ((e) & 0xffu)
#define EVENT_TYPE_INTR ((uint64_t)0 << 8)
#define EVENT_TYPE_NMI ((uint64_t)2 << 8)
#define EVENT_TYPE_EXCEPTION ((uint64_t)3 << 8)
#define EVENT_TYPE_SOFT ((uint64_t)4 << 8)
#define EVENT_ERROR_VALID BIT(11)
#define EVENT_VALID BIT(31)
#define EVENT_ERROR_SHIFT 32

/* Exit codes. */
#define EXIT_CR8_WRITE 0x18
#define EXIT_EXCEPTION_BASE 0x40
#define EXIT_INTR 0x60
#define EXIT_NMI 0x61
#define EXIT_SMI 0x62
#define EXIT_INIT 0x63
#define EXIT_VINTR 0x64
#define EXIT_CPUID 0x72
#define EXIT_INVD 0x76
#define EXIT_HLT 0x78
#define EXIT_INVLPGA 0x7a
#define EXIT_IOIO 0x7b
#define EXIT_MSR 0x7c
#define EXIT_TASK_SWITCH 0x7d
#define EXIT_SHUTDOWN 0x7f
#define EXIT_VMRUN 0x80
#define EXIT_VMMCALL 0x81
#define EXIT_VMLOAD 0x82
#define EXIT_VMSAVE 0x83
#define EXIT_STGI 0x84
#define EXIT_CLGI 0x85
#define EXIT_SKINIT 0x86
#define EXIT_RDTSCP 0x87
#define EXIT_ICEBP 0x88
#define EXIT_MONITOR 0x8a
#define EXIT_MWAIT 0x8b
#define EXIT_XSETBV 0x8d
#define EXIT_RDPRU 0x8e
#define EXIT_NPF 0x400
#define EXIT_INVALID 0xffffffffffffffffull

/* IOIO exit information (exit_info1). */
#define IOIO_IN BIT(0)
#define IOIO_STRING BIT(2)
#define IOIO_REP BIT(3)
#define IOIO_SIZE(i) (((i) >> 4) & 7u)	/* one-hot: 1, 2 or 4 bytes */
#define IOIO_PORT(i) ((uint16_t)((i) >> 16))

/* NPF exit information (exit_info1). */
#define NPF_PRESENT BIT(0)
#define NPF_WRITE BIT(1)
#define NPF_USER BIT(2)
#define NPF_FETCH BIT(4)
#define NPF_GUEST_TABLE BIT(33)	/* during the guest's own table walk */

/* Segment attributes (struct vmcb_seg.attrib). */
#define SEG_ATTR_L BIT(9)	/* 64-bit code */
#define SEG_ATTR_DB BIT(10)	/* 32-bit default operand size */
#define SEG_CODE32 0xc9bu	/* present, DPL 0, execute/read, accessed, D, G */
#define SEG_DATA32 0xc93u	/* present, DPL 0, read/write, accessed, B, G */
#define SEG_CODE16 0x09bu	/* real mode: 16-bit, byte granular */
#define SEG_DATA16 0x093u
#define SEG_LDT 0x082u
#define SEG_TSS_BUSY 0x08bu

#endif /* ARCH_VMCB_H */
