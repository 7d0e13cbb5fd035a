/* System register access for kit guests. */
#ifndef KIT_SYSREG_H
#define KIT_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

#define sysreg_write(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define sysreg_read(r)                                                         \
	__extension__({                                                        \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                    \
		v_;                                                            \
	})

/* CNTV_CTL_EL0 (and CNTP_CTL_EL0) fields. */
#define CNTV_CTL_ENABLE (1ull << 0)
#define CNTV_CTL_IMASK (1ull << 1)
#define CNTV_CTL_ISTATUS (1ull << 2)

/*
 * Before sleeping with interrupts masked: if the virtual timer is due,
 * toggle its mask.  QEMU's GICv2 model, with the timer's interrupt
 * hardware-linked by a hypervisor, re-examines a level interrupt still
 * asserted when the guest's EOI deactivates it only at the next change of
 * some interrupt line or GIC register access, so a tick that fell due
 * between the handler's new deadline and its EOI would wait for some
 * unrelated event.  The toggle is such a change.  Harmless elsewhere: the
 * line is only asserted again.  (If silicon showed this, the hypervisor's
 * GICv2 driver would be the place for the cure.)
 */
static inline void kit_vtimer_unstick(void)
{
	if (sysreg_read(cntv_ctl_el0) & CNTV_CTL_ISTATUS) {
		sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
		__asm__ volatile("isb" : : : "memory");
		sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
		__asm__ volatile("isb" : : : "memory");
	}
}

/* The EL1 virtual timer (the AArch32 kit has the same over CP15). */
static inline void kit_cntv_cval_write(uint64_t v)
{
	sysreg_write(cntv_cval_el0, v);
	__asm__ volatile("isb" : : : "memory");
}

static inline void kit_cntv_ctl_write(uint32_t v)
{
	sysreg_write(cntv_ctl_el0, v);
	__asm__ volatile("isb" : : : "memory");
}

/* Whether IRQs are masked on this CPU (PSTATE.I). */
static inline bool kit_irqs_masked(void)
{
	return (sysreg_read(daif) & (1u << 7)) != 0;
}

/*
 * The GICv3 CPU interface's Group 1 registers (ICC_*_EL1), for the GIC
 * helpers (gic.c); the AArch32 kit has the same functions over CP15.
 */
static inline void kit_icc_sre_enable(void)
{
	sysreg_write(S3_0_C12_C12_5, 0x7);	/* ICC_SRE_EL1: SRE, DFB, DIB */
	__asm__ volatile("isb");
}

static inline void kit_icc_pmr_write(uint32_t v)
{
	sysreg_write(S3_0_C4_C6_0, v);		/* ICC_PMR_EL1 */
}

static inline void kit_icc_igrpen1_write(uint32_t v)
{
	sysreg_write(S3_0_C12_C12_7, v);	/* ICC_IGRPEN1_EL1 */
	__asm__ volatile("isb");
}

static inline uint32_t kit_icc_iar1_read(void)
{
	return (uint32_t)sysreg_read(S3_0_C12_C12_0);	/* ICC_IAR1_EL1 */
}

static inline void kit_icc_eoir1_write(uint32_t v)
{
	sysreg_write(S3_0_C12_C12_1, v);	/* ICC_EOIR1_EL1 */
}

static inline void kit_icc_sgi1r_write(uint64_t v)
{
	sysreg_write(S3_0_C12_C11_5, v);	/* ICC_SGI1R_EL1 */
	__asm__ volatile("isb");
}

#endif /* KIT_SYSREG_H */
