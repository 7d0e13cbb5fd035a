/*
 * arm64's fuzz machine: the hypervisor's real exit path (arch/arm64/exit.c),
 * virtual GIC and PSCI/SMCCC dispatch, with core under them, built for the
 * host over a fake arm64 machine with seven CPUs and four cells (mconfig.c,
 * the layout of core's fuzz machine, core/fuzz/machine.h, plus a GIC).
 *
 * One thread plays every CPU.  A CPU is idle (no cell), in its guest, or
 * parked in the hypervisor waiting to be started; an operation runs one
 * exit (or one wake-up) on one CPU to its end, exactly as that CPU would:
 * when the hypervisor would sleep or enter the guest, the machine takes the
 * CPU back (setjmp/longjmp) and notes where it is.  Every guest-visible
 * effect goes through the function the trap vector calls,
 * the exit handlers of exit.c.
 */
#ifndef FUZZ_MACHINE_H
#define FUZZ_MACHINE_H

#include <arch/guest.h>
#include <septum/abi/config.h>
#include <septum/cell.h>
#include <septum/types.h>

#define M_CPUS 7
#define M_CELLS 4
#define M_NO_CELL (-1)

enum m_cpu_state {
	M_IDLE,		/* no vCPU: serves the hypervisor's interrupts */
	M_GUEST,	/* its vCPU runs guest code */
	M_PARKED,	/* its vCPU waits in the hypervisor */
};

/*
 * How an exit came: the vector kinds of vectors.S from a lower EL, 8-11
 * AArch64 (synchronous, IRQ, FIQ, SError), 12-15 AArch32.
 */
#define M_KIND_SYNC 8
#define M_KIND_IRQ 9

/* The console UART's output, as the board's serial line carries it. */
#define M_OUT_MAX 65536

struct m_state {
	bool alive;		/* false once the hypervisor powered off */
	enum m_cpu_state cpu[M_CPUS];
	struct guest_frame frame[M_CPUS];
	uint64_t now;		/* the system counter */
	uint64_t deadline[M_CPUS];	/* hypervisor timer, 0: off */
	uint8_t rx[256];	/* console input not yet read by the mux */
	unsigned int rx_head, rx_tail;
	unsigned int tx_busy;	/* the UART refuses this many more polls */
	char out[M_OUT_MAX];
	size_t out_len;
	/* What happened during the current step (the checks clear it). */
	uint32_t injected[M_CELLS][8];	/* arch_vm_inject() calls */
	unsigned int ninjected[M_CELLS];
	uint32_t resets[M_CELLS];	/* vCPUs reset, a bit each */
	bool vgic_handled;		/* the vGIC emulated an access */
	bool gicv_trapped[M_CPUS];	/* GICv2: the CPU interface page traps */
};

extern struct m_state m;

/* --- configuration (mconfig.c) ---------------------------------------- */

/*
 * Use the config of GIC version 2 or 3 (built and verified by blob_verify()
 * the first time), `stop`: alpha and beta stop on a fault, not restart.
 */
void mconfig_select(unsigned int gic_version, bool stop);

/* Cell whose vCPU CPU `cpu` runs, or M_NO_CELL. */
int m_cell_of_cpu(unsigned int cpu);

/* --- life of the machine (machine.c) --------------------------------- */

/*
 * Put the static state of the hypervisor and the machine back as the
 * program started (hv_state_restore()) and boot: cells built, every CPU run
 * until it enters its guest or parks.  `nlr` list registers per CPU; `stop`
 * as for mconfig_select().
 */
void m_boot(unsigned int gic_version, unsigned int nlr, bool stop);

/* The vCPU CPU `cpu` runs, or NULL. */
struct vcpu *m_vcpu(unsigned int cpu);

/* --- operations: each returns false if it could not run -------------- */

/*
 * A trapped data access of `size` bytes at `ipa` (a stage-2 fault of kind
 * `fsc`); `srt` the register (31: xzr), sign-extended/64-bit as `sse`/`sf`
 * say.  `isv` false: a syndrome without instruction details.
 */
struct m_access {
	uint64_t ipa;
	unsigned int size;
	bool write, sse, sf, isv, s1ptw;
	unsigned int srt;
	unsigned int fsc;
	uint64_t value;
};
bool m_data_abort(unsigned int cpu, const struct m_access *a);

/* HVC or SMC with x0-x3 (the other registers keep their values). */
bool m_call(unsigned int cpu, bool smc, const uint64_t x[4]);

/* A trapped system register access: ISS of EC 0x18, x[rt] = value. */
bool m_sysreg(unsigned int cpu, uint32_t iss, uint64_t value);

/* An exit of another class (syndrome `esr`) or vector `kind`. */
bool m_exit(unsigned int cpu, unsigned int kind, uint64_t esr);

/* A parked or idle CPU wakes up and looks at its state. */
bool m_wake(unsigned int cpu);

/* Bytes typed on the console (its receive interrupt is raised). */
void m_type(const uint8_t *bytes, unsigned int n);

/* Time passes; expired hypervisor timers raise their interrupt. */
void m_advance(uint64_t ticks);

/* The UART refuses the next `polls` transmit polls. */
void m_uart_busy(unsigned int polls);

#endif /* FUZZ_MACHINE_H */
