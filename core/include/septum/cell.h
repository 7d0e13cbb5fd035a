/*
 * Cells and their virtual CPUs, built from the verified config.
 *
 * A cell is running or stopped.  Its vCPUs are each pinned to one physical
 * CPU; a vCPU is off (its CPU waits in the hypervisor), on (in the guest), or
 * asked to stop.  State changes requested by another CPU (a sibling starting
 * it -- PSCI CPU_ON on arm64 --, a cell-wide stop) are published with release
 * stores and the target CPU is kicked; the target acts on them itself, so
 * every vCPU's registers are only ever touched on their own CPU.
 */
#ifndef SEPTUM_CELL_H
#define SEPTUM_CELL_H

#include <septum/abi/config.h>
#include <septum/error.h>
#include <septum/spinlock.h>
#include <septum/types.h>

enum vcpu_state {
	VCPU_OFF = 0,		/* waiting in the hypervisor */
	VCPU_STARTING,		/* start accepted: enter at `entry` */
	VCPU_ON,		/* running guest code */
};

struct cell;
struct vdev_claim;

struct vcpu {
	struct cell *cell;
	unsigned int index;	/* the cell's CPU number (from 0) */
	unsigned int pcpu;	/* the hypervisor CPU it is pinned to */
	enum vcpu_state state;
	uint64_t entry;		/* for VCPU_STARTING */
	uint64_t arg;
	void *arch;		/* the arch's per-vCPU state (its exit frame) */
	uint64_t boot_entry;	/* counter as the cell first entered, until
				 * reported at its first exit; else 0 */
	bool attention;		/* set (release) whenever its exit must look
				 * at more than "carry on": the cell or this
				 * vCPU changed state, or its first entry */
	/* The claim its last access to a virtual device fell in, looked at
	 * first by the next (septum/vdev.h); only its own CPU uses it. */
	const struct vdev_claim *vdev_hot;
};

enum cell_state {
	CELL_RUNNING = 0,
	CELL_STOPPED,
};

struct cell {
	const struct septum_cell *cfg;
	unsigned int index;
	enum cell_state state;
	bool restart_pending;	/* the last vCPU out restarts the cell */
	unsigned int restarts;
	unsigned int vcpus_in_guest;
	struct spinlock lock;	/* state changes of the whole cell */
	struct vcpu vcpus[SEPTUM_MAX_CPUS];
	uint32_t refused[8];	/* unserved call IDs already logged ... */
	unsigned int nrefused;	/* ... (under lock) */
	bool abort_logged;	/* `inject`: the first abort delivered was said */
	const struct vdev_claim *claims;	/* its virtual devices' ranges */
	unsigned int nclaims;
};

/*
 * Create every cell of the config: second-stage tables, virtual devices,
 * vCPUs pinned to CPUs by hardware id.  Boot CPU, before the others enter
 * cells.  A cell that cannot be built is a config/hypervisor mismatch:
 * panic.  boot_ticks:
 * arch_timer_now() at the hypervisor's entry, the origin of the time each
 * cell's first entry is logged with.
 */
void cell_init_all(uint64_t boot_ticks);

/* Number of cells, and cell i. */
unsigned int cell_count(void);
struct cell *cell_get(unsigned int i);

/*
 * Run the calling CPU's vCPU, if it has one, for ever; a CPU without a cell
 * idles.  Every CPU calls it once boot is done.
 */
NORETURN void cell_run_this_cpu(void);

/* The vCPU of the calling CPU, or NULL. */
struct vcpu *cell_this_vcpu(void);

/*
 * A guest did something its cell must pay for: log one line
 * "cell <name>: <why>" and apply the cell's fault policy (stop or restart).
 * Called on the faulting vCPU's CPU, from an exit; the vCPU leaves the
 * faulting context at its cell_exit_checkpoint().
 */
void cell_fault(struct vcpu *v, const char *format, ...) PRINTF_LIKE(2, 3);

/*
 * The guest accessed what its map does not give it (`fetch`: an
 * instruction fetch; else a load or store, `write` which).  Under the
 * `inject` policy the cell takes the abort the hardware would raise for a
 * physical address with nothing behind it (arch_vcpu_external_abort()),
 * logged once per cell ("cell <name>: <why>; delivered to it as a
 * synchronous external abort"); where the arch cannot deliver one, and
 * under the other policies, it is cell_fault().
 */
void cell_access_fault(struct vcpu *v, bool fetch, bool write,
		       const char *format, ...) PRINTF_LIKE(4, 5);

/*
 * A device of cell c did what only a fault of the cell explains (a DMA its
 * IOMMU blocked): log "cell <name>: <why>" and apply the cell's fault
 * policy, as cell_fault() does, from any CPU (every vCPU of c is kicked).
 * Takes the cell's lock.
 */
void cell_device_fault(struct cell *c, const char *format, ...)
	PRINTF_LIKE(2, 3);

/*
 * The cell stops itself or restarts; `how` names the request in the log
 * line (on arm64 "PSCI SYSTEM_OFF", "PSCI SYSTEM_RESET").
 */
void cell_system_off(struct vcpu *v, const char *how);
void cell_system_reset(struct vcpu *v, const char *how);

/*
 * Start vCPU `target` of v's cell at guest address `entry` with first
 * argument `arg` (a sibling's PSCI CPU_ON; INIT/SIPI on x86).  E_OK: it
 * starts (the start is complete for the caller: asking again is E_BUSY);
 * E_INVALID: the cell has no such CPU; E_BUSY: it is on or starting;
 * E_DENIED: the cell is ending (a start accepted now would survive into its
 * next life).
 */
enum err cell_vcpu_start(struct vcpu *v, unsigned int target, uint64_t entry,
			 uint64_t arg) MUST_CHECK;

/*
 * The calling vCPU turns itself off (`how`: "PSCI CPU_OFF" on arm64): it
 * waits in the hypervisor until a sibling starts it again.  The cell's last
 * CPU to turn off stops the cell.
 */
void cell_vcpu_off(struct vcpu *v, const char *how);

/* Whether vCPU `index` of cell c is on (or started and on its way). */
bool cell_vcpu_is_on(const struct cell *c, unsigned int index);

/* cell_exit_checkpoint()'s slow path: anything but "carry on". */
bool cell_exit_slow(struct vcpu *v);

/*
 * Whether vCPU v's exit must look at more than "carry on" (the slow path
 * of cell_exit_checkpoint()).  On v's CPU, from an exit: one load.  A
 * request made after it answered false comes with a kick, so it is seen
 * at the next exit.
 */
static inline bool cell_exit_pending(const struct vcpu *v)
{
	return __atomic_load_n(&v->attention, __ATOMIC_ACQUIRE);
}

/*
 * Called by arch code on every exit before resuming the guest: if the cell
 * was stopped or restarted, or this vCPU turned off, wait here until it may
 * run again and return true if its registers were reset (the exit's saved
 * state is gone).  Normally returns false at once, inline: one load.
 */
static inline bool cell_exit_checkpoint(struct vcpu *v)
{
	if (__builtin_expect(!cell_exit_pending(v), 1))
		return false;
	return cell_exit_slow(v);
}

#endif /* SEPTUM_CELL_H */
