/*
 * The machine under core's device fuzzers: core -- its boot, cells, console
 * mux, virtual devices -- over the host fake arch (arch/host/), with seven
 * CPUs and four cells (mconfig.c).  Nothing of a real arch is in it, so
 * every arch inherits what these fuzzers show.
 *
 * One thread plays every CPU (host_cpu_run()).  A CPU is idle (no cell), in
 * its guest, or parked in the hypervisor waiting to be started; an operation
 * runs one exit (or one wake-up) on one CPU to its end, as that CPU would:
 * a trapped access handed to vm_exit_access() decoded (what an arch's trap
 * path does), a request to core's cell lifecycle (what PSCI becomes on
 * arm64, INIT/SIPI on x86), an interrupt exit, then the exit checkpoint.
 */
#ifndef FUZZ_MACHINE_H
#define FUZZ_MACHINE_H

#include <septum/abi/config.h>
#include <septum/cell.h>
#include <septum/types.h>

#define M_CPUS 7
#define M_CELLS 4
#define M_NO_CELL (-1)
#define M_ECAM_PA 0x4010000000ull	/* the board's PCIe host */
#define M_PCI_FN 0x10u			/* beta's PCI function: 00:02.0 */
#define M_PCI_BAR2_BUS 0x1c0000000ull	/* its 64-bit BAR2, on the bus */

enum m_cpu_state {
	M_IDLE,		/* no vCPU: serves the hypervisor's interrupts */
	M_GUEST,	/* its vCPU runs guest code */
	M_PARKED,	/* its vCPU waits in the hypervisor */
};

struct m_state {
	bool alive;		/* false once the hypervisor powered off */
	enum m_cpu_state cpu[M_CPUS];
};

extern struct m_state m;

/* --- configuration (mconfig.c) ---------------------------------------- */

/*
 * Make the partition table current (built and verified by blob_verify() the
 * first time): `stop`: alpha and beta stop on a fault instead of restarting.
 */
void mconfig_select(bool stop);

/* Cell whose vCPU CPU `cpu` runs, or M_NO_CELL. */
int m_cell_of_cpu(unsigned int cpu);

/* Backing memory of cell c's one region (mconfig.c's layout). */
uint8_t *m_ram(unsigned int c);
#define M_RAM_SIZE 0x4000u

/* --- life of the machine ----------------------------------------------- */

/*
 * Put the static state back as the program started and boot: core's boot
 * flow (main_primary()) on CPU 0, then every other CPU until it enters its
 * guest or parks.  `stop` as for mconfig_select().
 */
void m_boot(bool stop);

/* The vCPU CPU `cpu` runs, or NULL. */
struct vcpu *m_vcpu(unsigned int cpu);

/* --- operations: each returns false if it could not run -------------- */

/*
 * A trapped data access of `size` bytes at `addr`; `reg` the guest register
 * it reads into or writes from (31: a zero register, reads discarded),
 * `denied`: mapped, but not for this access (a permission fault);
 * `undecodable`: the arch could not decode the instruction.
 */
struct m_access {
	uint64_t addr;
	unsigned int size;
	bool write, denied, undecodable;
	unsigned int reg;
	uint64_t value;		/* what the register holds for a write */
};
bool m_access(unsigned int cpu, const struct m_access *a);

/* A guest's request to core, as an arch's call conventions turn it. */
enum m_call {
	M_CALL_HYPERCALL,	/* vm_hypercall(fn), refused if none */
	M_CALL_WAIT,		/* wait for an event (a suspend) */
	M_CALL_VCPU_OFF,	/* cell_vcpu_off() */
	M_CALL_VCPU_START,	/* cell_vcpu_start(x1, entry x2, argument x3) */
	M_CALL_VCPU_IS_ON,	/* cell_vcpu_is_on(x1) */
	M_CALL_SYSTEM_OFF,	/* cell_system_off() */
	M_CALL_SYSTEM_RESET,	/* cell_system_reset() */
};
/* The request, its function number and arguments; the answer in x0. */
bool m_call(unsigned int cpu, enum m_call call, uint32_t fn, const uint64_t x[4]);

/* An interrupt exit; an exit the arch cannot serve (the cell faults). */
bool m_irq(unsigned int cpu);
bool m_exit(unsigned int cpu, unsigned int kind, uint64_t syndrome);

/* A parked or idle CPU wakes up and looks at its state. */
bool m_wake(unsigned int cpu);

/* Bytes typed on the console; how many the UART took. */
unsigned int m_type(const uint8_t *bytes, unsigned int n);

/*
 * A device raises physical interrupt `intid`: only the console UART's
 * reaches core (cells' own devices interrupt them directly).
 */
void m_raise(uint32_t intid);

/* Time passes. */
void m_advance(uint64_t ticks);

/* The UART refuses the next `polls` transmit polls. */
void m_uart_busy(unsigned int polls);

#endif /* FUZZ_MACHINE_H */
