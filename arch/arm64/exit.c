/*
 * A cell's exits on arm64: dispatch by exception class through one constant
 * table, decode what core needs, complete the instruction, resume.  Anything
 * the cell may not do ends in cell_fault() with the syndrome decoded.
 */
#include <arch/aarch32.h>
#include <arch/cache.h>
#include <arch/guest.h>
#include <arch/smccc.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <arch/vgic_int.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/vdev.h>
#include <septum/vm.h>

typedef void (*exit_handler)(struct vcpu *v, struct guest_frame *f,
			     uint64_t esr);

/* Skip the trapped instruction (A64: always 4 bytes; AArch32: aarch32.c). */
static void skip(struct guest_frame *f, uint64_t esr)
{
	if (aarch32_frame(f))
		aarch32_skip(f, esr);
	else
		f->pc += 4;
}

/* Fault status code: its type, the level aside. */
#define FSC_TYPE(esr) (ESR_ISS_FSC(esr) & 0x3cu)
#define FSC_TRANSLATION 0x04u
#define FSC_ACCESS_FLAG 0x08u
#define FSC_PERMISSION 0x0cu

/* The abort's kind in words: one copy for its three callers. */
static COLD NOINLINE const char *abort_kind(uint64_t esr)
{
	switch (FSC_TYPE(esr)) {
	case FSC_TRANSLATION:
		return "translation fault";
	case FSC_ACCESS_FLAG:
		return "access flag fault";
	case FSC_PERMISSION:
		return "permission fault";
	case 0x00:
		return "address size fault";
	default:
		return "external or other abort";
	}
}

/* The guest-physical address of an access the syndrome describes (ISV),
 * not its stage-1 walk: HPFAR's page, FAR's offset. */
static inline uint64_t access_ipa(void)
{
	return HPFAR_FIPA(sysreg_read(hpfar_el2)) << PAGE_SHIFT |
	       (sysreg_read(far_el2) & (PAGE_SIZE - 1));
}

/*
 * The faulting guest-physical address.  For a fault of the guest's own
 * stage-1 table walk, HPFAR holds the descriptor's page and FAR the address
 * being translated: the page alone is known.
 */
static uint64_t fault_ipa(uint64_t esr)
{
	if (esr & ISS_S1PTW)
		return HPFAR_FIPA(sysreg_read(hpfar_el2)) << PAGE_SHIFT;
	return access_ipa();
}

/* Whether the syndrome describes the access whole (ISV, not the walk). */
static inline bool described(uint64_t esr)
{
	return __builtin_expect((esr & ISS_ISV) != 0, 1) &&
	       __builtin_expect(!(esr & ISS_S1PTW), 1);
}

static COLD void unexpected(struct vcpu *v, struct guest_frame *f,
			    uint64_t esr)
{
	cell_fault(v, "unhandled trap EC 0x%02llx (ESR 0x%08llx) at PC 0x%llx",
		   (unsigned long long)ESR_EC(esr), (unsigned long long)esr,
		   (unsigned long long)f->pc);
}

/*
 * An abort the cell may not make: an instruction fetch (`fetch`) outside
 * its map, or a data abort that names no single register access or hit
 * its walk (its own page tables outside its map: under `inject`, the
 * abort on a walk).  One body for both: the same fields, two sentences.
 */
static COLD NOINLINE void abort_refused(struct vcpu *v,
					const struct guest_frame *f,
					uint64_t esr, bool fetch)
{
	static const char walk[] = " during its own table walk";
	const char *how = (esr & ISS_S1PTW) ? walk : "";

	if (!fetch)	/* ", %s": the walk without its space, or why not */
		how = *how ? walk + 1 : "not a single load/store";
	cell_access_fault(v, fetch, !fetch && (esr & ESR_ISS_WNR),
			  fetch ? "instruction fetch from IPA 0x%llx (PC "
				  "0x%llx): %s%s (ESR 0x%08llx)"
				: "data abort at IPA 0x%llx, PC 0x%llx: %s, %s "
				  "(ESR 0x%08llx)",
			  (unsigned long long)fault_ipa(esr),
			  (unsigned long long)f->pc, abort_kind(esr), how,
			  (unsigned long long)esr);
}

/* The bits an access of `size` bytes moves: a shift by 64 - 8 * size,
 * taken modulo 64 (so none for 8 bytes). */
static inline uint64_t size_mask(unsigned int size)
{
	return ~0ull >> ((0u - 8u * size) & 63u);
}

/* What a store of `size` bytes writes: its register, 31 being the zero
 * register here. */
static inline uint64_t stored(const struct guest_frame *f, uint64_t esr,
			      unsigned int size)
{
	uint64_t srt = ISS_SRT(esr);

	return srt < 31 ? f->x[srt] & size_mask(size) : 0;
}

/* A load's value into its register, as the instruction leaves it there. */
static void load_into(struct guest_frame *f, uint64_t esr, uint64_t value)
{
	unsigned int srt = (unsigned int)ISS_SRT(esr);
	uint64_t mask = size_mask(1u << ISS_SAS(esr));

	value &= mask;
	if ((esr & ISS_SSE) && (value & ~(mask >> 1)))
		value |= ~mask;
	if (srt >= 31)
		return;
	f->x[srt] = (esr & ISS_SF) ? value : (uint32_t)value;
	/* x19-x29 come back from the frame only when it says so (vectors.S). */
	if (srt >= 19 && srt <= 29)
		f->full = 1;
}

/*
 * A load or store the syndrome describes whole (ISV): register, width and
 * direction straight from the ESR, no instruction decode.
 */
static inline void access_of(struct vm_access *a, const struct guest_frame *f,
			     uint64_t esr)
{
	a->space = VM_SPACE_MMIO;
	a->addr = access_ipa();
	a->size = 1u << ISS_SAS(esr);
	a->write = FIELD_GET(esr, 6, 6);	/* WnR */
	a->syndrome = esr;
	a->value = a->write ? stored(f, esr, a->size) : 0;
}

/* An emulated access done: a load's value written back, the step past. */
static inline void access_done(struct guest_frame *f, uint64_t esr,
			       uint64_t value)
{
	if (!(esr & ESR_ISS_WNR))
		load_into(f, esr, value);
	skip(f, esr);
}

const char *arch_vm_fault_kind(const struct vm_access *a)
{
	return abort_kind(a->syndrome);
}

bool arch_vm_fault_denied(const struct vm_access *a)
{
	return FSC_TYPE(a->syndrome) == FSC_PERMISSION;
}

static COLD void instruction_abort(struct vcpu *v, struct guest_frame *f,
				   uint64_t esr)
{
	abort_refused(v, f, esr, true);
}

static void smc(struct vcpu *v, struct guest_frame *f, uint64_t esr)
{
	smccc_call(v, true);
	skip(f, esr);	/* a trapped SMC returns to the SMC itself */
}

/*
 * What both states' traps share: DC ISW/CSW/CISW (TSW) become a clean and
 * invalidate of the same set/way, which never loses anyone's data; the
 * GICv3 Group 1 registers go to the vGIC, a read answered here, or the
 * access run again untrapped.  An AArch32 cell's registers are 32 bits.
 */
COLD bool arm64_exit_sysreg_alike(struct vcpu *v, struct guest_frame *f,
				  uint64_t esr)
{
	unsigned int op0 = SYSREG_OP0(esr), op1 = SYSREG_OP1(esr),
		     crn = SYSREG_CRN(esr), crm = SYSREG_CRM(esr),
		     op2 = SYSREG_OP2(esr), rt = SYSREG_RT(esr);
	bool a32 = aarch32_frame(f), read = SYSREG_READ(esr);
	uint64_t mask = a32 ? 0xffffffffull : ~0ull, value;

	/* CRn 7, CRm 6/10/14, op2 2: a SYS (op0 1), or an MCR. */
	if ((a32 ? !read : op0 == 1) && op1 == 0 && crn == 7 && op2 == 2 &&
	    (crm == 6 || crm == 10 || crm == 14)) {
		cache_clean_inval_setway(rt < 31 ? f->x[rt] & mask : 0);
		skip(f, esr);
		return true;
	}
	/* ICC_IAR1, EOIR1, HPPIR1, BPR1, IGRPEN1 (CRm 12), AP1Rn (CRm 9). */
	if (!((a32 || op0 == 3) && op1 == 0 && crn == 12 &&
	      ((crm == 12 && (op2 <= 3 || op2 == 7)) || (crm == 9 && op2 <= 3))))
		return false;
	if (vgic_g1_trap(v, crm == 12 && op2 == 0 ? G1_IAR :
			    crm == 12 && op2 == 2 ? G1_HPPIR : G1_OTHER,
			 &value)) {
		if (rt < 31 && (read || !a32))
			f->x[rt] = value & mask;
		skip(f, esr);
	}
	return true;
}

static COLD void sysreg_refuse(struct vcpu *v, const struct guest_frame *f,
			       uint64_t esr)
{
	cell_fault(v, "access to system register op0=%u op1=%u CRn=%u CRm=%u "
		      "op2=%u (%s) at PC 0x%llx, which cells may not use",
		   SYSREG_OP0(esr), SYSREG_OP1(esr), SYSREG_CRN(esr),
		   SYSREG_CRM(esr), SYSREG_OP2(esr),
		   SYSREG_READ(esr) ? "read" : "write", (unsigned long long)f->pc);
}

/*
 * System instructions trapped by HCR_EL2: the SGI registers, the most
 * frequent, here; DC ISW/CSW/CISW and the Group 1 registers as from AArch32
 * (arm64_exit_sysreg_alike()); anything else (IMPLEMENTATION DEFINED
 * registers, ACTLR) is refused.
 */
static void sysreg(struct vcpu *v, struct guest_frame *f, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	unsigned int op0 = (unsigned int)FIELD_GET(iss, 21, 20);
	unsigned int crn = (unsigned int)FIELD_GET(iss, 13, 10);
	unsigned int crm = (unsigned int)FIELD_GET(iss, 4, 1);
	unsigned int op2 = (unsigned int)FIELD_GET(iss, 19, 17);
	unsigned int rt = (unsigned int)FIELD_GET(iss, 9, 5);

	/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1 (writes, HCR_EL2.IMO). */
	if (op0 == 3 && crn == 12 && crm == 11 && op2 >= 5 && !(iss & 1)) {
		vgic_sgi_sysreg(v, rt < 31 ? f->x[rt] : 0, op2 == 5);
		skip(f, esr);
		return;
	}
	if (!arm64_exit_sysreg_alike(v, f, esr))
		sysreg_refuse(v, f, esr);
}

/*
 * Synchronous exits by class (a hypercall comes through arm64_exit_hvc(), a
 * data abort through arm64_exit_dabt()).  WFI and WFE are not trapped: they
 * never exit.
 */
static const exit_handler handlers[EC_COUNT] = {
	[EC_CP15_32] = aarch32_exit_cp15,
	[EC_CP15_64] = aarch32_exit_cp15_64,
	[EC_CP14_32] = aarch32_exit_cp14,
	[EC_CP14_LS] = aarch32_exit_cp14,
	[EC_CP14_64] = aarch32_exit_cp14,
	[EC_SMC32] = aarch32_exit_smc,
	[EC_SMC64] = smc,
	[EC_SYSREG] = sysreg,
	[EC_IABT_LOW] = instruction_abort,
};

/* What every exit does before the guest resumes. */
static inline void leave(struct vcpu *v)
{
	(void)cell_exit_checkpoint(v);
	vgic_flush(v);
}

/*
 * Whether leave() may have anything to do: a request for the vCPU or its
 * cell (core's attention flag, read without ordering here: leave() reads
 * it again as cell_exit_checkpoint() does), an interrupt waiting for a
 * list register, or interface controls in force (what vgic_flush() looks
 * at).  Three loads.
 */
static inline bool leave_needed(const struct guest_frame *f)
{
	const struct vgic_vcpu *vv = f->vgic;

	/* One branch: the three ORed. */
	return (*(const volatile uint8_t *)&f->vcpu->attention |
		__atomic_load_n(&vv->summary, __ATOMIC_RELAXED) | vv->hcr) != 0;
}

void arm64_exit_hvc(struct guest_frame *f)
{
	struct vcpu *v = f->vcpu;
	uint32_t fn = (uint32_t)f->x[0];
	int64_t ret;

	/* Septum's own calls from AArch64 go straight to core; anything else,
	 * and any call core does not know, through smccc_call(). */
	if (SMCCC_OWNER(fn) == SMCCC_OWNER_VENDOR_HYP && !aarch32_frame(f) &&
	    vm_hypercall(v, fn, &ret) == E_OK)
		f->x[0] = (uint64_t)ret;
	else	/* ELR already points past the HVC */
		smccc_call(v, false);
	leave(v);
}

void arm64_exit_irq(struct guest_frame *f)
{
	leave(f->vcpu);	/* vgic_exit_irq() took the interrupt */
}

void arm64_exit_sync(struct guest_frame *f)
{
	struct vcpu *v = f->vcpu;
	uint64_t esr = sysreg_read(esr_el2);
	exit_handler h = handlers[ESR_EC(esr)];

	(h ? h : unexpected)(v, f, esr);
	leave(v);
}

/*
 * arm64_exit_dabt() beyond its common case: an abort that names no single
 * access, or one the vCPU's last device claim does not take.  The arch's
 * own device, the GIC (found by two compares), then the cell's virtual
 * devices and the rest, through core.  Out of line: the common case keeps
 * a small frame.
 */
static NOINLINE void dabt_general(struct guest_frame *f, uint64_t esr,
				  struct vm_access *a)
{
	struct vcpu *v = f->vcpu;

	if (!described(esr))
		abort_refused(v, f, esr, false);
	else if (arch_vm_mmio(v, a) || vm_exit_access(v, a) == E_OK)
		access_done(f, esr, a->value);
	if (leave_needed(f))
		leave(v);
}

/*
 * A data abort, the most frequent synchronous exit: the vectors tell it
 * apart and come straight here (the distributor's first page aside:
 * vgic_dist_trap()).  The common case is an access to the device the
 * vCPU used last (vdev_hot_access()): emulated, completed, and, when the
 * exit has nothing else to do (leave_needed()), the guest resumed at once.
 */
void arm64_exit_dabt(struct guest_frame *f)
{
	uint64_t esr = sysreg_read(esr_el2);
	struct vm_access a;

	if (!described(esr)) {
		dabt_general(f, esr, &a);
		return;
	}
	access_of(&a, f, esr);
	if (__builtin_expect(!vdev_hot_access(f->vcpu, &a), 0)) {
		dabt_general(f, esr, &a);
		return;
	}
	access_done(f, esr, a.value);
	if (__builtin_expect(leave_needed(f), 0))
		leave(f->vcpu);
}

void arm64_exit_done(struct guest_frame *f)
{
	if (leave_needed(f))
		leave(f->vcpu);
}

/* Vector kinds (vectors.S): 10, 11 from AArch64; 14, 15 from AArch32. */
#define KIND_TYPE_SERROR 3	/* kind % 4: 2 FIQ, 3 SError */

COLD void arm64_exit_other(struct guest_frame *f, unsigned int kind)
{
	struct vcpu *v = f->vcpu;

	cell_fault(v, "%s from the cell (ESR 0x%08llx)",
		   kind % 4 == KIND_TYPE_SERROR ? "SError" : "FIQ",
		   (unsigned long long)sysreg_read(esr_el2));
	leave(v);
}
