/*
 * AArch32 cells: EL1 in AArch32 under the hypervisor's AArch64 EL2.  The
 * registers of an exception from AArch32 reach EL2 in their AArch64 view
 * (ARM DDI 0487 D1.20.1: R0-R12 and the banked SP/LR of each mode in fixed
 * X registers), and every register number a syndrome gives (ISS.SRT, Rt,
 * Rt2) is already in that view, so the exit frame serves both states.
 * What differs is decoded here: instruction length, conditions and IT
 * blocks, and the coprocessor interface (CP15 for the system registers the
 * hypervisor traps, CP14 for debug).  An instruction the hypervisor refuses
 * is UNDEFINED for the cell: the cell takes the Undefined Instruction
 * exception in its own handler.
 */
#include <arch/aarch32.h>
#include <arch/cache.h>
#include <arch/smccc.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <septum/console.h>
#include <septum/fmt.h>
#include <septum/log.h>
#include <stdarg.h>

bool aarch32_cell(const struct cell *c)
{
	const struct septum_cell *cfg = c->cfg;

	return cfg->images[cfg->entry_image].arch == SEPTUM_ARCH_AARCH32;
}

uint64_t aarch32_entry_pstate(uint64_t entry)
{
	return SPSR_MODE_SVC | SPSR_A32_AIF | ((entry & 1) ? SPSR_A32_T : 0);
}

/* ITSTATE (ARM DDI 0487 G1.9.3): 0 outside an IT block. */
static unsigned int itstate(uint64_t pstate)
{
	return (unsigned int)(SPSR_IT_HI(pstate) << 2 | SPSR_IT_LO(pstate));
}

static uint64_t with_itstate(uint64_t pstate, unsigned int it)
{
	return (pstate & ~SPSR_IT_MASK) | (uint64_t)(it & 3u) << 25 |
	       (uint64_t)(it >> 2) << 10;
}

void aarch32_skip(struct guest_frame *f, uint64_t esr)
{
	unsigned int it = itstate(f->pstate);

	f->pc += (esr & ESR_IL) ? 4 : 2;
	if (it == 0)
		return;
	/* ITAdvance(): the block ends after its last instruction. */
	if ((it & 7u) == 0)
		it = 0;
	else
		it = (it & 0xe0u) | ((it << 1) & 0x1fu);
	f->pstate = with_itstate(f->pstate, it);
}

/*
 * ConditionHolds() over the saved N, Z, C, V flags (PSTATE bits 31:28, as
 * a number NZCV from 0 to 15): for each pair of conditions (EQ/NE, CS/CC,
 * MI/PL, VS/VC, HI/LS, GE/LT, GT/LE), the set of NZCV values for which the
 * first holds, as a 16-bit mask; the second is its complement.
 */
#define NZCV_N 0xff00u		/* N set: NZCV 8 to 15 */
#define NZCV_Z 0xf0f0u
#define NZCV_C 0xccccu
#define NZCV_V 0xaaaau
static const uint16_t cond_holds[7] = {
	NZCV_Z, NZCV_C, NZCV_N, NZCV_V, NZCV_C & ~NZCV_Z,
	(uint16_t)~(NZCV_N ^ NZCV_V), (uint16_t)(~(NZCV_N ^ NZCV_V) & ~NZCV_Z),
};

static bool condition_holds(unsigned int cond, uint64_t pstate)
{
	bool result;

	if (cond >> 1 >= 7)
		return true;	/* AL, and 0b1111 */
	result = cond_holds[cond >> 1] >> FIELD_GET(pstate, 31, 28) & 1;
	return (cond & 1) ? !result : result;
}

#define ISS_CV BIT(24)
#define ISS_COND(esr) ((unsigned int)FIELD_GET(esr, 23, 20))

bool aarch32_condition_passed(const struct guest_frame *f, uint64_t esr)
{
	unsigned int it = itstate(f->pstate);

	if (esr & ISS_CV)
		return condition_holds(ISS_COND(esr), f->pstate);
	/* No condition in the syndrome: the IT block's, if any, applies. */
	return it == 0 || condition_holds(it >> 4, f->pstate);
}

/* A register the guest names, as AArch32 code sees it (32 bits). */
static uint32_t reg(const struct guest_frame *f, unsigned int rt)
{
	return rt < 31 ? (uint32_t)f->x[rt] : 0;
}

/* What a refused instruction was, for its log line (once per cell each). */
enum refused {
	REFUSED_CP15,
	REFUSED_CP15_64,
	REFUSED_CP14,
	REFUSED_CP14_64,
	REFUSED_CP14_LS,
};

static uint32_t refused_logged[SEPTUM_MAX_CELLS];

/* SPSR (AArch32 view) fields an exception entry sets or clears. */
#define SPSR_MODE_MASK 0x1full
#define SPSR_MODE_UND 0x1bull
#define SPSR_A32_I BIT(7)
#define SPSR_A32_E BIT(9)
#define SPSR_A32_IL BIT(20)
#define SPSR_A32_SS BIT(21)
#define SPSR_A32_PAN BIT(22)
#define SPSR_A32_SSBS BIT(23)
#define SPSR_EL2_DIT BIT(24)	/* where SPSR_EL2 keeps an AArch32 DIT */
#define SPSR_A32_DIT BIT(21)	/* where an AArch32 SPSR keeps it */
/* SCTLR (AArch32) fields that shape the entry. */
#define SCTLR32_V BIT(13)	/* high vectors at 0xffff0000 */
#define SCTLR32_SPAN BIT(23)	/* 0: PSTATE.PAN set on entry */
#define SCTLR32_EE BIT(25)
#define SCTLR32_TE BIT(30)	/* exceptions taken in T32 */
#define SCTLR32_DSSBS BIT(31)
#define HIGH_VECTORS 0xffff0000ull
#define VEC_UNDEF 0x4ull
/* LR_und is X22 in the AArch64 view of the AArch32 registers. */
#define X_LR_UND 22

/*
 * The CPSR of AArch32 code as an AArch32 SPSR holds it, from SPSR_EL2's
 * form of it (ARM DDI 0487 C5.2.19, G8.2.147): no SS, DIT at bit 21.
 */
static uint64_t aarch32_spsr(uint64_t spsr_el2)
{
	uint64_t v = spsr_el2 & ~(SPSR_A32_SS | SPSR_EL2_DIT);

	return (spsr_el2 & SPSR_EL2_DIT) ? v | SPSR_A32_DIT : v;
}

/*
 * Take the Undefined Instruction exception in the cell, as its CPU does for
 * an instruction that is UNDEFINED (ARM DDI 0487, AArch32.TakeUndefInstr
 * Exception() and AArch32.EnterMode()): SPSR_und := CPSR, LR_und := the
 * instruction's address + 4 (A32) or + 2 (T32), Undefined mode with IRQs
 * masked, the instruction set, endianness, PAN and SSBS from SCTLR, the IT
 * block left, and the PC to the vector (VBAR or the high vectors) + 4.
 */
static void take_undef(struct guest_frame *f)
{
	uint64_t sctlr = sysreg_read(sctlr_el1);
	uint64_t old = f->pstate, new = old;
	bool t32 = old & SPSR_A32_T;

	new &= ~(SPSR_MODE_MASK | SPSR_A32_T | SPSR_IT_MASK | SPSR_A32_E |
		 SPSR_A32_IL | SPSR_A32_SS);
	new |= SPSR_M_AARCH32 | SPSR_MODE_UND | SPSR_A32_I;
	if (sctlr & SCTLR32_TE)
		new |= SPSR_A32_T;
	if (sctlr & SCTLR32_EE)
		new |= SPSR_A32_E;
	if (FIELD_GET(sysreg_read(id_aa64mmfr1_el1), 23, 20) &&
	    !(sctlr & SCTLR32_SPAN))
		new |= SPSR_A32_PAN;
	if (FIELD_GET(sysreg_read(id_aa64pfr1_el1), 7, 4))
		new = (sctlr & SCTLR32_DSSBS) ? new | SPSR_A32_SSBS
					      : new & ~SPSR_A32_SSBS;
	sysreg_write(spsr_und, aarch32_spsr(old));
	f->x[X_LR_UND] = (uint32_t)(f->pc + (t32 ? 2 : 4));
	f->pstate = new;
	f->pc = ((sctlr & SCTLR32_V) ? HIGH_VECTORS
				     : (uint32_t)sysreg_read(vbar_el1)) +
		VEC_UNDEF;
}

/*
 * An instruction the cell may not execute: it is UNDEFINED for the cell, as
 * it is where the hardware does not implement it, whatever the cell's fault
 * policy (an AArch32 OS probes features that way).  Logged once per cell
 * and kind, so a loop of them costs its own CPU only.
 */
static COLD PRINTF_LIKE(4, 5) void refuse(struct vcpu *v, struct guest_frame *f,
					  enum refused kind,
					  const char *format, ...)
{
	uint32_t bit = 1u << kind;
	char why[CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, format);
	fmt_vsnprintf(why, sizeof(why), format, ap);
	va_end(ap);
	/* These classes come from AArch32 only; anything else is a fault. */
	if (!aarch32_frame(f)) {
		cell_fault(v, "%s, which cells may not use", why);
		return;
	}
	take_undef(f);
	if (__atomic_fetch_or(&refused_logged[v->cell->index], bit,
			      __ATOMIC_RELAXED) & bit)
		return;
	log_warn("cell %s: %s, which cells may not use: delivered to it as an "
		 "undefined instruction (logged once)", v->cell->cfg->name, why);
}

static COLD void cp_refuse(struct vcpu *v, struct guest_frame *f,
			   unsigned int cp, uint64_t esr)
{
	bool read = SYSREG_READ(esr);

	refuse(v, f, cp == 15 ? REFUSED_CP15 : REFUSED_CP14,
	       "access to CP%u register %s p%u, %u, r, c%u, c%u, %u (%s) at PC "
	       "0x%llx",
	       cp, read ? "MRC" : "MCR", cp, SYSREG_OP1(esr), SYSREG_CRN(esr),
	       SYSREG_CRM(esr), SYSREG_OP2(esr), read ? "read" : "write",
	       (unsigned long long)f->pc);
}

/*
 * MCR/MRC p15 the hypervisor traps: DCISW, DCCSW, DCCISW (HCR_EL2.TSW) and
 * the GIC's Group 1 registers as for AArch64 cells (arm64_exit_sysreg_
 * alike()); ACTLR, ACTLR2 (TACR) and the IMPLEMENTATION DEFINED registers
 * (TIDCP) are undefined for the cell.
 */
void aarch32_exit_cp15(struct vcpu *v, struct guest_frame *f, uint64_t esr)
{
	if (!aarch32_condition_passed(f, esr)) {
		aarch32_skip(f, esr);
		return;
	}
	if (!arm64_exit_sysreg_alike(v, f, esr))
		cp_refuse(v, f, 15, esr);
}

/*
 * MCRR/MRRC p15: the GICv3 SGI generation registers (ICC_SGI1R: op1 0,
 * ICC_ASGI1R: 1, ICC_SGI0R: 2; CRm 12; trapped by HCR_EL2.IMO) make virtual
 * SGIs; anything else trapped is refused.
 */
void aarch32_exit_cp15_64(struct vcpu *v, struct guest_frame *f, uint64_t esr)
{
	unsigned int op1 = (unsigned int)FIELD_GET(esr, 19, 16);
	unsigned int crm = (unsigned int)FIELD_GET(esr, 4, 1);
	unsigned int rt = (unsigned int)FIELD_GET(esr, 9, 5);
	unsigned int rt2 = (unsigned int)FIELD_GET(esr, 14, 10);
	bool read = esr & 1;

	if (!aarch32_condition_passed(f, esr)) {
		aarch32_skip(f, esr);
		return;
	}
	if (!read && crm == 12 && op1 <= 2) {
		vgic_sgi_sysreg(v, (uint64_t)reg(f, rt2) << 32 | reg(f, rt),
				op1 == 0);
		aarch32_skip(f, esr);
		return;
	}
	refuse(v, f, REFUSED_CP15_64, "access to CP15 register %s p15, %u, r, "
	       "r, c%u (%s) at PC 0x%llx", read ? "MRRC" : "MCRR", op1, crm,
	       read ? "read" : "write", (unsigned long long)f->pc);
}

uint64_t aarch32_mdcr_traps(void)
{
	return MDCR_TDRA | MDCR_TDOSA;
}

/*
 * CP14 accesses trapped for an AArch32 cell (aarch32_mdcr_traps(): the
 * debug ROM's addresses, the OS lock and power-down registers), and any an
 * implementation traps on its own: undefined for the cell, whichever of the
 * three forms it is.  A trapped instruction that fails its condition is a
 * no-op.
 */
void aarch32_exit_cp14(struct vcpu *v, struct guest_frame *f, uint64_t esr)
{
	if (!aarch32_condition_passed(f, esr)) {
		aarch32_skip(f, esr);
		return;
	}
	if (ESR_EC(esr) == EC_CP14_32) {
		cp_refuse(v, f, 14, esr);
		return;
	}
	refuse(v, f, ESR_EC(esr) == EC_CP14_LS ? REFUSED_CP14_LS
					       : REFUSED_CP14_64,
	       "access to CP14 by %s (ESR 0x%08llx) at PC 0x%llx",
	       ESR_EC(esr) == EC_CP14_LS ? "LDC/STC" : "MCRR/MRRC",
	       (unsigned long long)esr, (unsigned long long)f->pc);
}

#define ISS_CCKNOWNPASS BIT(19)

/*
 * A trapped SMC from AArch32: it may trap even when it fails its condition
 * (ISS.CCKNOWNPASS clear), and then it is a no-op.  A trapped SMC returns to
 * itself: the PC steps past it.
 */
void aarch32_exit_smc(struct vcpu *v, struct guest_frame *f, uint64_t esr)
{
	if ((esr & ISS_CCKNOWNPASS) || aarch32_condition_passed(f, esr))
		smccc_call(v, true);
	aarch32_skip(f, esr);
}
