/*
 * arch/sysreg.h for the host fuzz build: the real header's names and fields,
 * with system register accesses turned into reads and writes of the fuzz
 * machine's variables (fake_arch.c), so the exit path and the vGIC compile
 * for the host.  A register nobody fakes is a link error naming it.
 */
#ifndef FUZZ_ARCH_SYSREG_H
#define FUZZ_ARCH_SYSREG_H

#include_next <arch/sysreg.h>

#undef sysreg_read
#undef sysreg_write

#define sysreg_read(name) (fuzz_sysreg_##name)
#define sysreg_write(name, value) fuzz_sysreg_write_##name(value)

/* What the exit being handled left in the syndrome registers. */
extern uint64_t fuzz_sysreg_esr_el2;
extern uint64_t fuzz_sysreg_far_el2;
extern uint64_t fuzz_sysreg_hpfar_el2;

/*
 * An AArch32 cell's refused instruction is delivered to it (aarch32.c):
 * the EL1 state it reads (all 0: low vectors, A32, no PAN or SSBS) and the
 * SPSR_und it writes.
 */
extern uint64_t fuzz_sysreg_sctlr_el1;
extern uint64_t fuzz_sysreg_vbar_el1;
extern uint64_t fuzz_sysreg_id_aa64mmfr1_el1;
extern uint64_t fuzz_sysreg_id_aa64pfr1_el1;
void fuzz_sysreg_write_spsr_und(uint64_t value);

/* The hypervisor timer handler turns the timer off. */
void fuzz_sysreg_write_cnthp_ctl_el2(uint64_t value);

#endif /* FUZZ_ARCH_SYSREG_H */
