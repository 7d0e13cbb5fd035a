/*
 * Septum hypercalls: HVC (or SMC) calls following the SMC Calling Convention,
 * in the range SMCCC reserves for vendor-specific hypervisor services
 * (owner 6, fast calls, 64-bit).  x0 = function ID, x1.. arguments; results in
 * x0 (negative: an error below) and x1...  Shared by the hypervisor and guests.
 */
#ifndef SEPTUM_ABI_HYPERCALL_H
#define SEPTUM_ABI_HYPERCALL_H

#include <stdint.h>

#define SEPTUM_HC_BASE 0xc6000000u
/*
 * AArch32 cells make the same calls with the 32-bit convention (SMCCC
 * bit 30 clear: SEPTUM_HC_32(SEPTUM_HC_VERSION)), r0 = function ID, r1..
 * arguments, results in r0...; arm64 cells may use either form.
 */
#define SEPTUM_HC_32(fn) ((fn) & ~0x40000000u)

/* x0 = SEPTUM_HC_ABI_VERSION. */
#define SEPTUM_HC_VERSION (SEPTUM_HC_BASE + 0x0)
/* Does nothing, returns 0: the cost of a hypercall round trip. */
#define SEPTUM_HC_NOP (SEPTUM_HC_BASE + 0x1)

/*
 * x86 cells call VMMCALL with the function ID in RAX and arguments in RDI,
 * RSI, RDX; the result comes back in RAX.  The calls arm64 cells make
 * through PSCI are these on x86 (x86 has no firmware interface for them):
 */
#define SEPTUM_HC_CPU_OFF (SEPTUM_HC_BASE + 0x100)	/* this CPU waits for a SIPI */
#define SEPTUM_HC_SYSTEM_OFF (SEPTUM_HC_BASE + 0x101)	/* the cell stops */
#define SEPTUM_HC_SYSTEM_RESET (SEPTUM_HC_BASE + 0x102) /* the cell restarts */

#define SEPTUM_HC_ABI_VERSION 0x00010000u	/* 1.0 */

/* Results (SMCCC style). */
#define SEPTUM_HC_OK 0
#define SEPTUM_HC_NOT_SUPPORTED (-1)	/* unknown function */
#define SEPTUM_HC_INVALID (-2)		/* a bad argument */
#define SEPTUM_HC_DENIED (-3)		/* not allowed for this cell */

#endif /* SEPTUM_ABI_HYPERCALL_H */
