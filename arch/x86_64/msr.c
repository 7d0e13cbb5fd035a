/*
 * CPUID and MSRs as a cell sees them.
 *
 * CPUID: the host's answers, with the cell's own CPU numbers (APIC id =
 * its vCPU number), the hypervisor bit and Septum's leaves (its signature,
 * the TSC's and the APIC timer's rates, since a cell cannot measure them
 * against hardware it does not have), and without what a cell does not
 * get: SVM, MONITOR/MWAIT, the TSC-deadline timer, machine-check banks.
 *
 * MSRs: the permission map lets through only the cell's own per-CPU
 * state (segment bases, syscall MSRs, PAT, TSC reads).  Everything else
 * exits: the x2APIC range goes to the virtual APIC, EFER and the APIC base
 * are emulated, TSC writes move the cell's TSC offset; the SVM MSRs and
 * anything unknown raise #GP, as on a CPU without them, with a log line.
 */
#include <arch/svm.h>
#include <arch/x86.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/log.h>
#include <string.h>

#define VEC_GP 13

#define MSR_TSC 0x10u
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_CSTAR 0xc0000083u
#define MSR_SFMASK 0xc0000084u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define MSR_TSC_AUX 0xc0000103u
#define MSR_SYSENTER_CS 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u
#define MSR_X2APIC_FIRST 0x800u
#define MSR_X2APIC_LAST 0x8ffu

#define APIC_BASE_EXTD BIT(10)	/* x2APIC mode */
#define APIC_DEFAULT_BASE 0xfee00000u

#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_TIMING 0x40000010u
#define CPUID_TOPOLOGY 0x0000000bu
#define CPUID_TOPOLOGY_V2 0x0000001fu
#define CPUID_1_ECX_MONITOR BIT(3)
#define CPUID_1_ECX_VMX BIT(5)
#define CPUID_1_ECX_TSC_DEADLINE BIT(24)
#define CPUID_1_ECX_HYPERVISOR BIT(31)
#define CPUID_1_EDX_MCE BIT(7)
#define CPUID_1_EDX_MCA BIT(14)

/* MSR permission map: 2 bits per MSR (read, write) in three ranges. */
#define MSRPM_SIZE (2 * PAGE_SIZE)
#define MSRPM_RANGE_MSRS 0x2000u
#define MSRPM_RANGE_BYTES 0x800u

static uint8_t msrpm[MSRPM_SIZE] __attribute__((aligned(PAGE_SIZE)));

static const uint32_t msrpm_base[] = { 0x00000000u, 0xc0000000u, 0xc0010000u };


/* Let the cell read (and write, if `write`) `msr` without an exit. */
static void pass(uint32_t msr, bool write)
{
	for (unsigned int r = 0; r < ARRAY_SIZE(msrpm_base); r++) {
		uint32_t n = msr - msrpm_base[r];

		if (msr < msrpm_base[r] || n >= MSRPM_RANGE_MSRS)
			continue;
		msrpm[r * MSRPM_RANGE_BYTES + n / 4] &=
			(uint8_t)~((write ? 3u : 1u) << (2 * (n % 4)));
	}
}

void msr_init(void)
{
	static const uint32_t own[] = {
		MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_STAR,
		MSR_LSTAR, MSR_CSTAR, MSR_SFMASK, MSR_SYSENTER_CS,
		MSR_SYSENTER_ESP, MSR_SYSENTER_EIP, MSR_PAT, MSR_TSC_AUX,
	};

	memset(msrpm, 0xff, sizeof(msrpm));
	for (unsigned int i = 0; i < ARRAY_SIZE(own); i++)
		pass(own[i], true);
	pass(MSR_TSC, false);
}

uint64_t vm_msrpm_pa(void)
{
	return arch_mmu_image_pa(msrpm).bits;
}

static uint64_t apic_base(const struct svm_cpu *s)
{
	uint32_t mode = s->lapic.mode;

	return APIC_DEFAULT_BASE |
	       (mode != VLAPIC_DISABLED ? APIC_BASE_ENABLE : 0) |
	       (mode == VLAPIC_X2APIC ? APIC_BASE_EXTD : 0) |
	       (s->vcpu->index == 0 ? APIC_BASE_BSP : 0);
}

/* #GP for an MSR the cell's CPU does not have, said once per cell. */
static bool refuse(struct svm_cpu *s, uint32_t msr, bool write, uint64_t v)
{
	svm_inject_exception(s, VEC_GP, true, 0);
	if (!svm_log_refusal(s->vcpu->cell))
		return false;
	log_warn("cell %s: CPU %u: %s MSR 0x%x%s, which cells do not have: "
		 "#GP", s->vcpu->cell->cfg->name, s->vcpu->index,
		 write ? "WRMSR to" : "RDMSR of", msr,
		 msr == MSR_VM_HSAVE_PA ? " (VM_HSAVE_PA)" :
		 msr == MSR_VM_CR ? " (VM_CR)" : "");
	(void)v;
	return false;
}

static bool write_efer(struct svm_cpu *s, uint64_t v)
{
	uint64_t lma = s->vmcb.save.efer & EFER_LMA;

	if (v & EFER_SVME) {
		svm_inject_exception(s, VEC_GP, true, 0);
		if (svm_log_refusal(s->vcpu->cell))
			log_warn("cell %s: CPU %u: WRMSR to EFER setting SVME, "
				 "which cells do not have: #GP",
				 s->vcpu->cell->cfg->name, s->vcpu->index);
		return false;
	}
	s->vmcb.save.efer = (v & ~EFER_LMA) | lma | EFER_SVME;
	return true;
}

/*
 * The APIC base: its address stays; EN and EXTD choose the mode (x2APIC,
 * xAPIC through its page, or off), as a kernel that leaves x2APIC mode
 * (no interrupt remapping) asks.
 */
static bool write_apic_base(struct svm_cpu *s, uint64_t v)
{
	uint64_t flags = APIC_BASE_ENABLE | APIC_BASE_EXTD | APIC_BASE_BSP;

	if ((v & ~flags) == APIC_DEFAULT_BASE) {
		s->lapic.mode = !(v & APIC_BASE_ENABLE) ? VLAPIC_DISABLED :
				(v & APIC_BASE_EXTD) ? VLAPIC_X2APIC :
						       VLAPIC_XAPIC;
		return true;
	}
	if (svm_log_refusal(s->vcpu->cell))
		log_warn("cell %s: CPU %u: WRMSR to the APIC base (0x%llx): "
			 "its APIC stays at 0x%x; write ignored", s->vcpu->cell->cfg->name,
			 s->vcpu->index, (unsigned long long)v,
			 APIC_DEFAULT_BASE);
	return true;
}

static bool rdmsr_exit(struct svm_cpu *s, uint32_t msr, uint64_t *v)
{
	if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST)
		return (s->lapic.mode == VLAPIC_X2APIC &&
			vlapic_rdmsr(s, msr, v) == E_OK) ||
		       refuse(s, msr, false, 0);
	switch (msr) {
	case MSR_EFER:
		*v = s->vmcb.save.efer & ~EFER_SVME;
		return true;
	case MSR_APIC_BASE:
		*v = apic_base(s);
		return true;
	default:
		return refuse(s, msr, false, 0);
	}
}

/* A WRMSR setting reserved bits of an x2APIC register: #GP. */
static bool reserved_bits(struct svm_cpu *s, uint32_t msr, uint64_t v)
{
	svm_inject_exception(s, VEC_GP, true, 0);
	if (svm_log_refusal(s->vcpu->cell))
		log_warn("cell %s: CPU %u: WRMSR of 0x%llx to x2APIC register "
			 "MSR 0x%x sets reserved bits: #GP",
			 s->vcpu->cell->cfg->name, s->vcpu->index,
			 (unsigned long long)v, msr);
	return false;
}

static bool wrmsr_exit(struct svm_cpu *s, uint32_t msr, uint64_t v)
{
	if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST) {
		enum err e = s->lapic.mode == VLAPIC_X2APIC
				     ? vlapic_wrmsr(s, msr, v, true)
				     : E_INVALID;

		return e == E_OK || (e == E_RANGE ? reserved_bits(s, msr, v)
						  : refuse(s, msr, true, v));
	}
	switch (msr) {
	case MSR_EFER:
		return write_efer(s, v);
	case MSR_APIC_BASE:
		return write_apic_base(s, v);
	case MSR_TSC:
		s->vmcb.control.tsc_offset = v - arch_timer_now();
		return true;
	default:
		return refuse(s, msr, true, v);
	}
}

bool msr_exit(struct svm_cpu *s, bool write)
{
	uint32_t msr = (uint32_t)s->regs.gpr[GPR_RCX];
	uint64_t v = (s->regs.gpr[GPR_RDX] << 32) | (uint32_t)s->vmcb.save.rax;

	if (write)
		return wrmsr_exit(s, msr, v);
	if (!rdmsr_exit(s, msr, &v))
		return false;
	s->vmcb.save.rax = (uint32_t)v;
	s->regs.gpr[GPR_RDX] = v >> 32;
	return true;
}

/* "SeptumSeptum": the hypervisor's signature (EBX, ECX, EDX). */
#define SIG_EBX 0x74706553u	/* "Sept" */
#define SIG_ECX 0x65536d75u	/* "umSe" */
#define SIG_EDX 0x6d757470u	/* "ptum" */

static void hv_leaf(uint32_t leaf, struct cpuid_regs *r)
{
	*r = (struct cpuid_regs){ 0 };
	if (leaf == CPUID_HV_BASE)
		*r = (struct cpuid_regs){ CPUID_HV_TIMING, SIG_EBX, SIG_ECX,
					  SIG_EDX };
	else if (leaf == CPUID_HV_TIMING)
		*r = (struct cpuid_regs){
			(uint32_t)(arch_timer_freq() / 1000),
			(uint32_t)(vlapic_timer_hz() / 1000), 0, 0 };
}

static void adjust(const struct svm_cpu *s, uint32_t leaf, struct cpuid_regs *r)
{
	uint32_t id = s->vcpu->index, cpus = s->vcpu->cell->cfg->num_cpus;

	switch (leaf) {
	case CPUID_FEATURES:
		r->ebx = (r->ebx & 0xffffu) | cpus << 16 | id << 24;
		r->ecx = (uint32_t)((r->ecx | CPUID_1_ECX_X2APIC |
				     CPUID_1_ECX_HYPERVISOR) &
				    ~(CPUID_1_ECX_MONITOR | CPUID_1_ECX_VMX |
				      CPUID_1_ECX_TSC_DEADLINE));
		/* Machine checks are the hypervisor's: no MCA banks. */
		r->edx &= ~(uint32_t)(CPUID_1_EDX_MCE | CPUID_1_EDX_MCA);
		break;
	case CPUID_TOPOLOGY:
	case CPUID_TOPOLOGY_V2:
		r->edx = id;
		break;
	case CPUID_EXT_FEATURES:
		r->ecx &= (uint32_t)~CPUID_EXT_ECX_SVM;
		break;
	case CPUID_SVM:
		*r = (struct cpuid_regs){ 0 };
		break;
	default:
		break;
	}
}

void cpuid_exit(struct svm_cpu *s)
{
	uint32_t leaf = (uint32_t)s->vmcb.save.rax;
	struct cpuid_regs r;

	if ((leaf & 0xf0000000u) == CPUID_HV_BASE)
		hv_leaf(leaf, &r);
	else
		r = cpuid(leaf, (uint32_t)s->regs.gpr[GPR_RCX]);
	adjust(s, leaf, &r);
	s->vmcb.save.rax = r.eax;
	s->regs.gpr[GPR_RBX] = r.ebx;
	s->regs.gpr[GPR_RCX] = r.ecx;
	s->regs.gpr[GPR_RDX] = r.edx;
}
