/*
 * Cells whose EL1 runs in AArch32 (aarch32.c): their entry state, the
 * completion of their trapped instructions (A32 or T32, conditional, inside
 * an IT block), and the exits only AArch32 code takes (ARM DDI 0487, D1.20
 * and G1).
 */
#ifndef ARCH_AARCH32_H
#define ARCH_AARCH32_H

#include <arch/guest.h>
#include <septum/cell.h>

/* SPSR_EL2 of an exception taken from AArch32 (ARM DDI 0487 C5.2.19). */
#define SPSR_M_AARCH32 BIT(4)		/* M[4]: the state was AArch32 */
#define SPSR_MODE_SVC 0x13ull		/* M[4:0] of Supervisor mode */
#define SPSR_A32_T BIT(5)		/* T32 instruction set */
#define SPSR_A32_AIF (BIT(8) | BIT(7) | BIT(6))
#define SPSR_IT_LO(spsr) FIELD_GET(spsr, 26, 25)	/* ITSTATE[1:0] */
#define SPSR_IT_HI(spsr) FIELD_GET(spsr, 15, 10)	/* ITSTATE[7:2] */
#define SPSR_IT_MASK (GENMASK(26, 25) | GENMASK(15, 10))

/* SCTLR (AArch32) as after reset: MMU, caches and alignment checks off. */
#define SCTLR_A32_RESET 0x00c50838ull

/* Whether the cell's kernel image runs in AArch32 (its config says so). */
bool aarch32_cell(const struct cell *c);

/*
 * The PSTATE a vCPU of an AArch32 cell starts with at `entry`: Supervisor
 * mode, A, I and F masked, T32 if bit 0 of `entry` is set (as an ELF entry
 * point or a PSCI CPU_ON address says), else A32.  The PC is `entry` with
 * bit 0 clear.
 */
uint64_t aarch32_entry_pstate(uint64_t entry);

/* Whether f's exception came from AArch32 (on the exiting CPU). */
static inline bool aarch32_frame(const struct guest_frame *f)
{
	return (f->pstate & SPSR_M_AARCH32) != 0;
}

/*
 * Complete a trapped AArch32 instruction: step the PC past it (ESR_EL2.IL:
 * 2 or 4 bytes) and the IT block on.  On the exiting CPU.
 */
void aarch32_skip(struct guest_frame *f, uint64_t esr);

/*
 * Whether a trapped conditional instruction passes its condition (ESR_EL2
 * CV/COND, else the IT block's); one that fails is completed as a no-op.
 */
bool aarch32_condition_passed(const struct guest_frame *f, uint64_t esr);

/*
 * The MDCR_EL2 trap bits an AArch32 cell runs with: its CP14 accesses to
 * the debug ROM's addresses (DBGDRAR, DBGDSAR: TDRA) and to the OS lock and
 * power-down registers (DBGOSLAR, DBGOSDLR, DBGPRCR...: TDOSA), which
 * aarch32_exit_cp14() makes undefined.
 */
uint64_t aarch32_mdcr_traps(void);

/*
 * Exits of AArch32 code, for exit.c's table (ESR_EL2.EC 0x03-0x0c, 0x13).
 * An instruction they refuse (a CP15 or CP14 register cells may not use)
 * is undefined for the cell: it takes the Undefined Instruction exception
 * at its own vector, whatever its fault policy, and the hypervisor logs
 * the first of each kind per cell.
 */
void aarch32_exit_cp15(struct vcpu *v, struct guest_frame *f, uint64_t esr);
void aarch32_exit_cp15_64(struct vcpu *v, struct guest_frame *f, uint64_t esr);
void aarch32_exit_cp14(struct vcpu *v, struct guest_frame *f, uint64_t esr);
void aarch32_exit_smc(struct vcpu *v, struct guest_frame *f, uint64_t esr);

#endif /* ARCH_AARCH32_H */
