/*
 * Running a cell's vCPU with AMD SVM (svm.c, exit.c, vlapic.c, vioapic.c):
 * the per-CPU state (one vCPU per physical CPU, pinned for life) and what
 * the pieces say to each other.
 */
#ifndef ARCH_SVM_H
#define ARCH_SVM_H

#include <arch/decode.h>
#include <arch/vmcb.h>
#include <septum/abi/x86_linux.h>
#include <septum/cell.h>
#include <septum/vm.h>

/* General registers by their encoding number (ModRM, REX). */
enum x86_gpr {
	GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI,
	GPR_R8, GPR_R9, GPR_R10, GPR_R11, GPR_R12, GPR_R13, GPR_R14, GPR_R15,
	GPR_COUNT
};

/*
 * The guest's general registers that the VMCB does not hold, by number
 * (the slots of RAX and RSP are unused: those live in the VMCB).
 */
struct guest_regs {
	uint64_t gpr[GPR_COUNT];
};

#define VLAPIC_WORDS 8	/* 256 vectors, 32 a word */

/* The cell's view of its local APIC (x2APIC registers), per vCPU. */
struct vlapic {
	uint32_t irr[VLAPIC_WORDS];	/* any CPU sets (atomically) */
	uint32_t isr[VLAPIC_WORDS];	/* the vCPU's own CPU only, as below */
	uint32_t tmr[VLAPIC_WORDS];	/* level-triggered vectors (atomic) */
	uint32_t tpr;			/* also the guest's CR8 (svm.c) */
	uint32_t svr, esr;
	uint32_t lvt_timer, lvt_lint0, lvt_lint1, lvt_error, lvt_thermal,
		lvt_pmc, lvt_cmci;
	uint32_t timer_initial, timer_divide;
	uint64_t timer_start;		/* TSC when the count was loaded */
	uint64_t timer_period;		/* TSC ticks of a full count */
	uint64_t timer_deadline;	/* TSC, or 0 when stopped */
	bool init_pending;		/* a sibling sent INIT (atomic) */
	uint32_t mode;			/* enum vlapic_mode */
	uint32_t ldr, dfr, icr_high;	/* xAPIC mode's own registers */
};

/* How the cell's CPU reaches its APIC (the APIC base MSR's EN and EXTD). */
enum vlapic_mode {
	VLAPIC_X2APIC = 0,		/* MSRs: the state every vCPU starts in */
	VLAPIC_XAPIC = 1,		/* the page at SEPTUM_X86_LAPIC_GPA */
	VLAPIC_DISABLED = 2,
};

struct svm_cpu {
	struct vmcb vmcb;		/* the guest's */
	struct vmcb host;		/* the hypervisor's VMSAVE state */
	uint8_t hsave[PAGE_SIZE];	/* VM_HSAVE_PA */
	struct guest_regs regs;
	struct vlapic lapic;
	struct vcpu *vcpu;
	uint64_t vmcb_pa, host_pa;
	int offered;			/* vector in V_IRQ, or -1 */
} __attribute__((aligned(PAGE_SIZE)));

/*
 * The `arg` of a vCPU start that came from a STARTUP IPI: the vCPU starts
 * in real mode at `entry` (the SIPI's page), as the architecture says.
 * Every other start is the cell's boot entry (protected mode, EBX = arg).
 */
#define X86_START_SIPI (~0ull)

/* Enter the guest of `s` and come back at its exit (guest.S). */
void svm_run(uint64_t vmcb_pa, uint64_t host_pa, struct guest_regs *regs);

/* The calling CPU's SVM state; the one of hypervisor CPU `cpu`. */
struct svm_cpu *svm_this(void);
struct svm_cpu *svm_of(unsigned int cpu);

/*
 * Set the calling CPU up for SVM: its host save area (VM_HSAVE_PA) and its
 * host state for VMLOAD after each exit.  Every CPU, before it enters a
 * cell (arch_vm_cpu_init()).
 */
void svm_cpu_init(void);

/* Handle the exit the calling CPU's vCPU just took (exit.c). */
void svm_exit(struct svm_cpu *s);

/* --- the cells' memory and ports (vm.c) and MSRs (msr.c) --------------- */

/* Physical addresses of cell c's I/O permission map and nested tables. */
uint64_t vm_cell_iopm_pa(const struct cell *c);
uint64_t vm_cell_npt_pa(const struct cell *c);

/* Bytes of every cell's nested page tables (arch_mmu_usage()). */
size_t npt_table_bytes(void);

/* Build the MSR permission map every cell shares (boot CPU, once). */
void msr_init(void);

/* Its physical address. */
uint64_t vm_msrpm_pa(void);

/*
 * Emulate the RDMSR or WRMSR (`write`) that exited: true if it completed
 * (the caller steps over it), false if the guest now takes #GP.
 */
bool msr_exit(struct svm_cpu *s, bool write);

/* Answer the CPUID that exited (RAX, RBX, RCX, RDX of the guest). */
void cpuid_exit(struct svm_cpu *s);

/*
 * Whether another line about a refused request of cell c may be logged:
 * the first REFUSALS_LOGGED are, then one saying the rest are not, so a
 * cell that repeats them cannot flood the console.  Any CPU.
 */
#define REFUSALS_LOGGED 32u
bool svm_log_refusal(const struct cell *c);

/* Queue exception `vector` (with `error` if has_error) for the next entry. */
void svm_inject_exception(struct svm_cpu *s, unsigned int vector,
			  bool has_error, uint32_t error);

/* The mode the guest's code runs in now (for the decoder). */
enum x86_mode svm_guest_mode(const struct svm_cpu *s);

/*
 * Read `n` bytes at the guest's linear address `la` (through its page
 * tables, if paging is on) into buf.  E_OK, or E_NOTFOUND if a page is
 * not the cell's memory or not mapped by the guest, E_INVALID for a paging
 * mode the walk does not handle.  On the vCPU's own CPU.
 */
enum err guestmem_read(struct svm_cpu *s, uint64_t la, void *buf,
		       unsigned int n) MUST_CHECK;

/* Hypervisor address of [gpa, gpa + size) of cell c's RAM, or NULL. */
void *guestmem_phys(const struct cell *c, uint64_t gpa, uint64_t size);

/* --- the virtual local APIC (vlapic.c) --------------------------------- */

/*
 * The xAPIC page (SEPTUM_X86_LAPIC_GPA) of a vCPU in xAPIC mode: false if
 * `a` is not for it (or the vCPU is in x2APIC mode: the page is absent).
 * A misaligned or narrow access stops the cell.  The vCPU's own CPU.
 */
bool vlapic_mmio(struct vcpu *v, struct vm_access *a);
#define XAPIC_PAGE 0x1000u

/*
 * x2APIC MSRs (0x800-0x8ff): E_OK, or E_INVALID (read-only or absent: the
 * guest gets #GP).  A write through the MSR (`x2apic`) that sets a reserved
 * bit is E_RANGE and changes nothing (#GP too, Intel SDM vol. 3A,
 * 11.12.1.3); one from the xAPIC page ignores such bits.  Every bit of the
 * TPR, EOI, ESR, ICR, divide and self-IPI registers is checked, bits 63:32
 * of the others.
 */
enum err vlapic_rdmsr(struct svm_cpu *s, uint32_t msr, uint64_t *value)
	MUST_CHECK;
enum err vlapic_wrmsr(struct svm_cpu *s, uint32_t msr, uint64_t value,
		      bool x2apic) MUST_CHECK;

/* Reset the vCPU's APIC (its own CPU). */
void vlapic_reset(struct svm_cpu *s);

/*
 * Raise `vector` in vCPU `target` of cell c (any CPU: kicks its CPU), as a
 * level-triggered interrupt of the cell's I/O APIC (its EOI is then passed
 * on to vioapic_eoi()) or an edge.
 */
void vlapic_raise(struct cell *c, unsigned int target, uint8_t vector,
		  bool level);

/* The highest vector the vCPU may take now, or -1 (its own CPU). */
int vlapic_pending(const struct svm_cpu *s);

/*
 * The same, and in *held whether the highest pending vector waits for the
 * TPR alone (the TPR's class is at or above its own and the ISR's).
 */
int vlapic_next(const struct svm_cpu *s, bool *held);

/*
 * `vector` is offered to the guest (V_IRQ): it leaves IRR, so a request
 * for it while it is offered sets IRR again and is not lost to it.  At the
 * exit the offer ends: taken, the vector is in service (ISR); not taken,
 * it is back in IRR.  Its own CPU.
 */
void vlapic_offer(struct svm_cpu *s, unsigned int vector);
void vlapic_offer_end(struct svm_cpu *s, unsigned int vector, bool taken);

/* The cell's timer on this CPU expired (interrupt context, own CPU). */
void vlapic_timer_expired(struct svm_cpu *s);

/* The guest timer's rate: what CPUID tells a cell (Hz). */
uint64_t vlapic_timer_hz(void);

/* --- the virtual I/O APIC (vioapic.c) ---------------------------------- */

/* Its registers (at VIOAPIC_GPA in every cell): false if `a` is not them. */
bool vioapic_mmio(struct vcpu *v, struct vm_access *a);

/* Input `gsi` of cell c's I/O APIC had an edge: deliver it.  Any CPU. */
void vioapic_raise(struct cell *c, uint32_t gsi);

/*
 * The line of input `gsi` of cell c's I/O APIC is now `level` (asserted or
 * not): delivered on its rise, or while asserted for a level-triggered
 * entry (see vioapic.c).  Any CPU; the same level again changes nothing.
 */
void vioapic_set_line(struct cell *c, uint32_t gsi, bool level);

/* A CPU of cell c ended level-triggered `vector` (its EOI): the entries
 * that delivered it may deliver again.  Any CPU. */
void vioapic_eoi(struct cell *c, uint8_t vector);

/* Reset cell c's I/O APIC (every input masked). */
void vioapic_reset(struct cell *c);

#define VIOAPIC_GPA SEPTUM_X86_IOAPIC_GPA
#define VIOAPIC_SIZE 0x1000

/* --- the real-time clock, read-only (rtc.c) ----------------------------- */

/*
 * A one-byte port access of cell c that no device claimed: served if it is
 * the real-time clock's index write or data read (the machine's clock), and
 * returns whether it was.
 */
struct vm_access;
bool rtc_access(const struct cell *c, struct vm_access *a);

/* --- the hypervisor's timer, shared with the cell's (timer.c) ---------- */

/* The cell's timer on this CPU: TSC deadline, or 0 to stop it. */
void timer_set_guest(uint64_t deadline);

/* The local APIC timer fired: run whatever deadline passed. */
void timer_interrupt(void);

#endif /* ARCH_SVM_H */
