/* SMCCC calls of cells on arm64 (smccc.c). */
#ifndef ARCH_SMCCC_H
#define ARCH_SMCCC_H

#include <septum/cell.h>

/*
 * An SMC or HVC from the guest: serve it (x0 = function ID, x1-x3
 * arguments) and put the result in x0.  On the exiting CPU.
 */
void smccc_call(struct vcpu *v, bool smc);

#endif /* ARCH_SMCCC_H */
