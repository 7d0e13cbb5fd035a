/*
 * The `inject` fault policy on arm64: an access outside the cell's map
 * becomes, in the cell, the synchronous external abort a real machine
 * raises for a physical address with nothing behind it (what QEMU's virt
 * raises natively for the same access).  The exception is taken to EL1 as
 * the architecture does it (ARM DDI 0487, "Exception entry"): ESR_EL1,
 * FAR_EL1, ELR_EL1 and SPSR_EL1 written, PSTATE to EL1h with D, A, I and F
 * masked, the PC to the vector for the level the cell was at.
 *
 * When the access outside the map was a descriptor fetch of the cell's own
 * stage-1 walk (a stage-2 fault with S1PTW), the hardware's abort is the
 * one on a translation table walk: FSC 0x14 + the walk's level (0x13 for
 * level -1), FAR the virtual address being translated.  HPFAR gives only
 * the descriptor's page, so the walk is redone (s1walk.c) over the cell's
 * RAM to find the level; when it does not reach that page (the guest
 * changed its tables meanwhile, or reserved settings), no level can be
 * stated truthfully and the cell is stopped as under `stop`.
 */
#include <arch/aarch32.h>
#include <arch/esr.h>
#include <arch/guest.h>
#include <arch/s1walk.h>
#include <arch/sysreg.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/ram.h>

#define EC_IABT_CUR 0x21u	/* instruction abort, taken without a change
				 * of level */
#define EC_DABT_CUR 0x25u
#define ESR_IL_32 (1ull << 25)	/* the instruction was 32 bits (A64) */
#define ISS_WNR_BIT (1ull << 6)
#define FSC_SYNC_EXTERNAL 0x10u	/* not on a translation table walk */
#define FSC_WALK_EXTERNAL 0x14u	/* on a walk: + level 0 to 3 */
#define FSC_WALK_EXTERNAL_LM1 0x13u	/* on a walk, level -1 (FEAT_LPA2) */

#define SPSR_M_MASK 0xfull	/* M[3:0]: exception level and stack */
#define SPSR_M_EL1H 0x5ull
#define SPSR_M_EL1T 0x4ull
#define SPSR_DAIF (0xfull << 6)
#define SPSR_SS_IL (3ull << 20)	/* software step, illegal state: cleared */

/* Vector offsets from VBAR_EL1: from EL1 on SP_EL0, on SP_EL1, from EL0. */
#define VEC_CUR_SP0 0x000u
#define VEC_CUR_SPX 0x200u
#define VEC_LOWER_A64 0x400u
#define VEC_SYNC 0x000u

/* A descriptor from the cell's RAM, through the hypervisor's map of it. */
static bool read_desc(void *ctx, uint64_t at, uint64_t *desc)
{
	const struct septum_cell *cfg = ctx;
	uint64_t contig;
	paddr_t p = ram_pa(cfg, ipa(at), &contig);
	const volatile uint64_t *va;

	if (contig < sizeof(*desc) || (at & (sizeof(*desc) - 1)))
		return false;
	va = arch_phys_map(p, sizeof(*desc));
	if (!va)
		return false;
	*desc = *va;
	return true;
}

/*
 * The FSC of the abort for this exit: FSC_SYNC_EXTERNAL, or for a fault
 * of the cell's own walk the walk abort at the level found (false when it
 * cannot be found).
 */
static bool abort_fsc(const struct vcpu *v, uint64_t *fsc)
{
	struct s1walk_regs r;
	int level;

	*fsc = FSC_SYNC_EXTERNAL;
	if (!(sysreg_read(esr_el2) & ISS_S1PTW))
		return true;
	r.sctlr = sysreg_read(sctlr_el1);
	r.tcr = sysreg_read(tcr_el1);
	r.ttbr0 = sysreg_read(ttbr0_el1);
	r.ttbr1 = sysreg_read(ttbr1_el1);
	if (!s1walk_level(&r, sysreg_read(far_el2),
			  HPFAR_FIPA(sysreg_read(hpfar_el2)) << PAGE_SHIFT,
			  read_desc, (void *)v->cell->cfg, &level))
		return false;
	*fsc = level < 0 ? FSC_WALK_EXTERNAL_LM1
			 : FSC_WALK_EXTERNAL + (uint64_t)level;
	return true;
}

bool arch_vcpu_external_abort(struct vcpu *v, bool fetch, bool write)
{
	struct guest_frame *f = guest_frame_of(v->pcpu);
	uint64_t m = f->pstate & SPSR_M_MASK, esr, vector, fsc;
	bool lower;

	/* An AArch32 cell (or process) has its own abort modes: not here. */
	if (aarch32_frame(f) || !abort_fsc(v, &fsc))
		return false;
	lower = m != SPSR_M_EL1H && m != SPSR_M_EL1T;
	vector = lower ? VEC_LOWER_A64
		       : (m == SPSR_M_EL1H ? VEC_CUR_SPX : VEC_CUR_SP0);
	/* From EL0 the class is one lower: EC_IABT_LOW, EC_DABT_LOW. */
	esr = (uint64_t)((fetch ? EC_IABT_CUR : EC_DABT_CUR) - (lower ? 1u : 0u))
		      << ESR_EC_SHIFT |
	      ESR_IL_32 | fsc |
	      (!fetch && write ? ISS_WNR_BIT : 0);
	sysreg_write(esr_el1, esr);
	sysreg_write(far_el1, sysreg_read(far_el2));
	sysreg_write(elr_el1, f->pc);
	sysreg_write(spsr_el1, f->pstate);
	f->pstate = (f->pstate & ~(SPSR_M_MASK | SPSR_DAIF | SPSR_SS_IL)) |
		    SPSR_M_EL1H | SPSR_DAIF;
	f->pc = sysreg_read(vbar_el1) + vector + VEC_SYNC;
	return true;
}
