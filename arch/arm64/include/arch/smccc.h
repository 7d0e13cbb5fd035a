/* SMCCC calls of cells on arm64 (smccc.c). */
#ifndef ARCH_SMCCC_H
#define ARCH_SMCCC_H

#include <septum/cell.h>

/* SMCCC / PSCI function IDs (ARM DEN 0028, ARM DEN 0022). */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND_32 0x84000001u
#define PSCI_CPU_SUSPEND 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON 0xc4000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_AFFINITY_INFO 0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au

/* SMCCC owner (bits 29:24) of the calls a hypervisor provides itself. */
#define SMCCC_OWNER(fn) (((fn) >> 24) & 0x3fu)
#define SMCCC_OWNER_VENDOR_HYP 6u
#define SMCCC_OWNER_SIP 2u

/*
 * An SMC or HVC from the guest: serve it (x0 = function ID, x1-x3
 * arguments) and put the result in x0.  On the exiting CPU.
 */
void smccc_call(struct vcpu *v, bool smc);

#endif /* ARCH_SMCCC_H */
