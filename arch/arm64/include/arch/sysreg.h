/*
 * arm64 system registers: access and named fields (ARM DDI 0487, D13).
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <arch/esr.h>
#include <septum/types.h>

#define sysreg_read(name)                                                      \
	__extension__({                                                        \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));                 \
		v_;                                                            \
	})

#define sysreg_write(name, value)                                              \
	do {                                                                   \
		uint64_t w_ = (value);                                         \
		__asm__ volatile("msr " #name ", %0" : : "r"(w_));             \
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
#define ESR_EC(esr) FIELD_GET(esr, 31, ESR_EC_SHIFT)
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

/* HCR_EL2 */
#define HCR_VM BIT(0)
#define HCR_SWIO BIT(1)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_FB BIT(9)
#define HCR_BSU_IS ((uint64_t)1 << 10)
#define HCR_TSC BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TACR BIT(21)
#define HCR_TSW BIT(22)
#define HCR_RW BIT(31)

/* VTCR_EL2 */
#define VTCR_T0SZ(bits) ((uint64_t)(64 - (bits)))
#define VTCR_SL0_LEVEL1 ((uint64_t)1 << 6)
#define VTCR_IRGN0_WBWA ((uint64_t)1 << 8)
#define VTCR_ORGN0_WBWA ((uint64_t)1 << 10)
#define VTCR_SH0_INNER ((uint64_t)3 << 12)
#define VTCR_TG0_4K ((uint64_t)0 << 14)
#define VTCR_PS(parange) ((uint64_t)(parange) << 16)
#define VTCR_RES1 BIT(31)

#define VTTBR_VMID(vmid) ((uint64_t)(vmid) << 48)

/* CPTR_EL2 (non-VHE): RES1 bits; TFP (bit 10) clear: FP/SIMD not trapped. */
#define CPTR_EL2_RES1 0x33ffull

/* MDCR_EL2 */
#define MDCR_HPMN(n) ((uint64_t)(n) & 0x1f)
#define MDCR_TDOSA BIT(10)	/* trap the OS lock and power-down registers */
#define MDCR_TDRA BIT(11)	/* trap the debug ROM address registers */
#define PMCR_N(pmcr) FIELD_GET(pmcr, 15, 11)

/* SPSR: EL1 with SP_EL1, all of DAIF masked. */
#define SPSR_EL1H 0x5ull
#define SPSR_DAIF_MASKED (0xfull << 6)

#define SCTLR_EL1_RES1 0x30d00800ull

/* Data abort ISS (ESR_EL2, EC 0x24) */
#define ISS_ISV BIT(24)
#define ISS_SAS(iss) FIELD_GET(iss, 23, 22)
#define ISS_SSE BIT(21)
#define ISS_SRT(iss) FIELD_GET(iss, 20, 16)
#define ISS_SF BIT(15)
#define ISS_S1PTW BIT(7)
#define HPFAR_FIPA(v) FIELD_GET(v, 43, 4)
/* HPFAR_EL2 of a stage-2 fault at IPA `ipa`: its page in FIPA. */
#define HPFAR_OF(ipa) ((uint64_t)(ipa) >> PAGE_SHIFT << 4)


/* CNTHP_CTL_EL2 */
#define CNTHP_CTL_ENABLE BIT(0)

/* DAIF */
#define DAIF_ALL (BIT(9) | BIT(8) | BIT(7) | BIT(6))

#endif /* ARCH_SYSREG_H */
