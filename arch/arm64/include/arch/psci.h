/*
 * PSCI client: how the hypervisor asks firmware to start CPUs and to power the
 * system off (ARM DEN 0022).  The conduit is SMC: the hypervisor owns EL2, so
 * firmware is only ever reached at EL3.
 */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include <septum/error.h>
#include <dt/fdt.h>
#include <septum/types.h>

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)

/* One SMC with up to three arguments; returns x0. */
int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/*
 * One SMC to the platform firmware with x0-x7 from x[] (a cell's forwarded
 * SiP call): x0-x3 come back in x[0..3].  Any CPU.
 */
void psci_firmware_call(uint64_t x[8]);

/*
 * Check the boot DTB's /psci node: firmware must be reached by SMC (an "hvc"
 * method would call the hypervisor itself).  Returns E_OK or E_INVALID with
 * the reason logged.  Boot CPU.
 */
enum err psci_init(const struct fdt *fdt) MUST_CHECK;

/* CPU_ON for MPIDR affinity `hwid` at physical `entry` with x0 = `context`. */
enum err psci_cpu_on(uint64_t hwid, paddr_t entry, uint64_t context) MUST_CHECK;

/* SYSTEM_OFF; returns only if firmware refused. */
void psci_system_off(void);

#endif /* ARCH_PSCI_H */
