/*
 * Starting CPUs by spin table (the "spin-table" enable-method of the Linux
 * arm64 boot protocol): the boot firmware parks each secondary CPU in a
 * loop that waits, with WFE, for a non-zero entry address at the CPU's
 * cpu-release-addr, then jumps there at EL2 with the MMU off.  The Raspberry
 * Pi 4's firmware (and QEMU's raspi4b model) start CPUs this way; no PSCI
 * firmware is needed for Septum to run there.
 */
#ifndef ARCH_SPINTABLE_H
#define ARCH_SPINTABLE_H

#include <septum/error.h>
#include <septum/types.h>

/* CPU hwid waits on a spin table at physical address release.  Boot CPU. */
void spintable_note(uint64_t hwid, uint64_t release);

/*
 * Release CPU hwid into the hypervisor as logical CPU `index`: E_OK;
 * E_NOTFOUND if it does not start by spin table (nothing done); E_NOMEM if
 * its release address cannot be mapped.  Boot CPU, one CPU at a time (the
 * CPU reads its index from one shared slot as it enters).
 */
enum err spintable_cpu_on(unsigned int index, uint64_t hwid) MUST_CHECK;

#endif /* ARCH_SPINTABLE_H */
