/*
 * Exception classes (ESR_ELx.EC, ARM DDI 0487 D13.2.37) that the exit path
 * tells apart.  Plain constants: shared by C and the exit vectors.
 */
#ifndef ARCH_ESR_H
#define ARCH_ESR_H

#define ESR_EC_SHIFT 26

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define EC_COUNT 64

#endif /* ARCH_ESR_H */
