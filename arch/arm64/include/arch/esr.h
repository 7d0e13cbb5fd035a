/*
 * Exception classes (ESR_ELx.EC, ARM DDI 0487 D13.2.37) that the exit path
 * tells apart.  Plain constants: shared by C and the exit vectors.
 */
#ifndef ARCH_ESR_H
#define ARCH_ESR_H

#define ESR_EC_SHIFT 26

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_CP15_32 0x03		/* MCR/MRC p15 (AArch32) */
#define EC_CP15_64 0x04		/* MCRR/MRRC p15 (AArch32) */
#define EC_CP14_32 0x05		/* MCR/MRC p14 (AArch32) */
#define EC_CP14_LS 0x06		/* LDC/STC p14 (AArch32) */
#define EC_CP14_64 0x0c		/* MCRR/MRRC p14 (AArch32) */
#define EC_HVC32 0x12
#define EC_SMC32 0x13
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define EC_COUNT 64

#endif /* ARCH_ESR_H */
