/*
 * arm64 system registers: access and named fields (ARM DDI 0487, D13).
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <septum/types.h>

#define sysreg_read(name)                                                      \
	__extension__({                                                        \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));                 \
		v_;                                                            \
	})

#define sysreg_write(name, value)                                              \
	do {                                                                   \
		uint64_t v_ = (value);                                         \
		__asm__ volatile("msr " #name ", %0" : : "r"(v_));             \
	} while (0)

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

/* CurrentEL */
#define CURRENTEL_EL(v) FIELD_GET(v, 3, 2)

/* MPIDR_EL1: the affinity fields identify a CPU; bit 31 is RES1, bit 30 U. */
#define MPIDR_AFFINITY_MASK (GENMASK(39, 32) | GENMASK(23, 0))

/* SCTLR_EL2 (non-VHE) */
#define SCTLR_M BIT(0)
#define SCTLR_C BIT(2)
#define SCTLR_SA BIT(3)
#define SCTLR_I BIT(12)
#define SCTLR_WXN BIT(19)

/* ID_AA64MMFR0_EL1 */
#define MMFR0_PARANGE(v) FIELD_GET(v, 3, 0)
#define PARANGE_48BIT 5

/* TCR_EL2 (non-VHE) */
#define TCR_T0SZ(bits) ((uint64_t)(64 - (bits)))
#define TCR_IRGN0_WBWA ((uint64_t)1 << 8)
#define TCR_ORGN0_WBWA ((uint64_t)1 << 10)
#define TCR_SH0_INNER ((uint64_t)3 << 12)
#define TCR_TG0_4K ((uint64_t)0 << 14)
#define TCR_PS(parange) ((uint64_t)(parange) << 16)
#define TCR_EL2_RES1 (BIT(31) | BIT(23))

/* MAIR_EL2 attribute encodings, by the index used in descriptors. */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1
#define MAIR_NORMAL_WB 0xffull		/* inner/outer write-back, RW-allocate */
#define MAIR_DEVICE_NGNRNE 0x00ull
#define MAIR_VALUE                                                             \
	(MAIR_NORMAL_WB << (8 * MAIR_IDX_NORMAL) |                             \
	 MAIR_DEVICE_NGNRNE << (8 * MAIR_IDX_DEVICE))

/* ESR_ELx */
#define ESR_EC(esr) FIELD_GET(esr, 31, 26)
#define ESR_IL BIT(25)
#define ESR_ISS(esr) FIELD_GET(esr, 24, 0)
/* Data/instruction abort ISS */
#define ESR_ISS_WNR BIT(6)
#define ESR_ISS_FSC(esr) FIELD_GET(esr, 5, 0)

/* CNTHCTL_EL2 (non-VHE) */
#define CNTHCTL_EL1PCTEN BIT(0)
#define CNTHCTL_EL1PCEN BIT(1)
#define CNTHCTL_EVNTEN BIT(2)
#define CNTHCTL_EVNTI(bit) ((uint64_t)(bit) << 4)

/* DAIF */
#define DAIF_ALL (BIT(9) | BIT(8) | BIT(7) | BIT(6))

#endif /* ARCH_SYSREG_H */
