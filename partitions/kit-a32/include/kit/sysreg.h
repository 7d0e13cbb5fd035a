/*
 * CP15 system register access for AArch32 kit guests (ARM DDI 0487 G8):
 * the generic timer and the GICv3 CPU interface, as the AArch64 kit's
 * kit/sysreg.h offers them.
 */
#ifndef KIT_SYSREG_H
#define KIT_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

#define cp15_read32(op1, crn, crm, op2)                                        \
	__extension__({                                                        \
		uint32_t v_;                                                   \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm     \
				 ", " #op2 : "=r"(v_));                        \
		v_;                                                            \
	})
#define cp15_write32(op1, crn, crm, op2, v)                                    \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2   \
			 : : "r"((uint32_t)(v)) : "memory")
#define cp15_read64(op1, crm)                                                  \
	__extension__({                                                        \
		uint32_t lo_, hi_;                                             \
		__asm__ volatile("mrrc p15, " #op1 ", %0, %1, " #crm          \
				 : "=r"(lo_), "=r"(hi_));                      \
		(uint64_t)hi_ << 32 | lo_;                                     \
	})
#define cp15_write64(op1, crm, v)                                              \
	do {                                                                   \
		uint64_t w_ = (v);                                             \
		__asm__ volatile("mcrr p15, " #op1 ", %0, %1, " #crm          \
				 : : "r"((uint32_t)w_),                        \
				   "r"((uint32_t)(w_ >> 32)) : "memory");      \
	} while (0)

static inline void kit_isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

/* CNTV_CTL (and CNTP_CTL) fields. */
#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

/* The EL1 virtual timer: CNTV_CTL, CNTV_CVAL, CNTV_TVAL. */
static inline uint32_t kit_cntv_ctl_read(void)
{
	return cp15_read32(0, c14, c3, 1);
}

static inline void kit_cntv_ctl_write(uint32_t v)
{
	cp15_write32(0, c14, c3, 1, v);
	kit_isb();
}

static inline void kit_cntv_cval_write(uint64_t v)
{
	cp15_write64(3, c14, v);
	kit_isb();
}

static inline void kit_cntv_tval_write(uint32_t v)
{
	cp15_write32(0, c14, c3, 0, v);
	kit_isb();
}

/* Whether IRQs are masked on this CPU (CPSR.I). */
static inline bool kit_irqs_masked(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return (v & (1u << 7)) != 0;
}

/* As the AArch64 kit's (see there): before sleeping with IRQs masked. */
static inline void kit_vtimer_unstick(void)
{
	if (kit_cntv_ctl_read() & CNTV_CTL_ISTATUS) {
		kit_cntv_ctl_write(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
		kit_cntv_ctl_write(CNTV_CTL_ENABLE);
	}
}

/* The GICv3 CPU interface's Group 1 registers (ICC_*), over CP15. */
static inline void kit_icc_sre_enable(void)
{
	cp15_write32(0, c12, c12, 5, 0x7);	/* ICC_SRE: SRE, DFB, DIB */
	kit_isb();
}

static inline void kit_icc_pmr_write(uint32_t v)
{
	cp15_write32(0, c4, c6, 0, v);		/* ICC_PMR */
}

static inline void kit_icc_igrpen1_write(uint32_t v)
{
	cp15_write32(0, c12, c12, 7, v);	/* ICC_IGRPEN1 */
	kit_isb();
}

static inline uint32_t kit_icc_iar1_read(void)
{
	return cp15_read32(0, c12, c12, 0);	/* ICC_IAR1 */
}

static inline void kit_icc_eoir1_write(uint32_t v)
{
	cp15_write32(0, c12, c12, 1, v);	/* ICC_EOIR1 */
}

static inline void kit_icc_sgi1r_write(uint64_t v)
{
	cp15_write64(0, c12, v);		/* ICC_SGI1R */
	kit_isb();
}

#endif /* KIT_SYSREG_H */
