/*
 * Virtual devices: the device models core emulates for cells (core/vdev/),
 * listed in one constant table (core/vdev.c).
 *
 * A device claims ranges of a cell's address spaces (memory-mapped or I/O
 * ports), as the cell's config says: when the cell is built, the table is
 * walked and every range a device claims is recorded in the cell (its
 * claims).  A trapped access that falls in a claim goes to that device, after
 * core has checked it against the device's access rule (sizes, alignment).
 * The cell's lifecycle walks the table too: each device sets itself up for
 * the cell, hears when the cell ends, and is reset when it (re)starts.
 *
 * Adding a device: a file in core/vdev/ defining one `const struct vdev`,
 * and its entry in the table of core/vdev.c (docs/architecture.md).
 */
#ifndef SEPTUM_VDEV_H
#define SEPTUM_VDEV_H

#include <septum/cell.h>
#include <septum/vm.h>

/*
 * What a device may hear of a cell, each hook optional: the cell is built
 * (boot CPU); it ends (stops, or a restart begins; some of its vCPUs may
 * still be in the guest; cell lock held); it (re)starts (none of its vCPUs
 * runs; state as after reset); the console has news for it (input arrived,
 * or its output made progress; any CPU).
 */
enum vdev_hook {
	VDEV_CELL_INIT,
	VDEV_CELL_STOP,
	VDEV_CELL_RESET,
	VDEV_CONSOLE_EVENT,
	VDEV_HOOKS
};

/* One range a device claims in a cell. */
struct vdev_range {
	enum vm_space space;
	uint64_t base, size;
	uint32_t instance;	/* the device's own number for it */
	const char *label;	/* names it in log lines, e.g. "channel link" */
};

struct vdev {
	/* What it is, for log lines: "<what> <label>" ("the registers of"). */
	const char *what;
	/* Access sizes it takes: bit n set for n-byte accesses. */
	uint16_t sizes;
	/* Accesses must be naturally aligned. */
	bool aligned;
	/* The rule above as a sentence, for the log line of one that breaks it. */
	const char *rule;
	/*
	 * Range number `i` (from 0) that the device claims in cell c: false
	 * when it claims no more.  A function of the config alone: called as
	 * the cell is built (boot CPU), and again for the label of a range a
	 * log line names (any CPU).
	 */
	bool (*claim)(const struct cell *c, unsigned int i, struct vdev_range *r);
	/*
	 * Emulate one access at offset `off` into the claimed range with
	 * `instance` (the rule is met): a write's value in a->value, a read's
	 * result into it.  On the accessing vCPU's CPU; any CPU may be in the
	 * same device at once.
	 */
	void (*access)(struct vcpu *v, uint32_t instance, uint64_t off,
		       struct vm_access *a);
	/* Its lifecycle hooks, by enum vdev_hook (NULL: nothing to do). */
	void (*hook[VDEV_HOOKS])(struct cell *c);
};

/*
 * What the cell records of a claim (struct cell's claims), with the
 * device's access rule copied in, so that a trapped access is checked
 * without looking at the device.  `key` is the base with the address space
 * in bit 63 (vdev_key()), so one subtraction and one compare tell whether an
 * access falls in the claim.
 */
struct vdev_claim {
	uint64_t key, size;
	uint32_t instance;
	uint16_t sizes;		/* the device's rule */
	uint8_t aligned;
	uint8_t dev;		/* index in the device table */
	/* The device's access(), copied in: one load away on a trap. */
	void (*access)(struct vcpu *v, uint32_t instance, uint64_t off,
		       struct vm_access *a);
};

/* The table (core/vdev/table.c): every device model, and how many there are. */
extern const struct vdev *const vdev_table[];
extern const unsigned int vdev_table_size;

static inline uint64_t vdev_key(enum vm_space space, uint64_t addr)
{
	return addr | (uint64_t)space << 63;
}

/*
 * Whether claim cl takes access `a` at offset `off` into it (its rule met).
 * A claim is at least VDEV_MIN_CLAIM bytes, so one compare tells whether
 * the access lies inside (an address below the claim wraps round).
 */
static inline bool vdev_takes(const struct vdev_claim *cl,
			      const struct vm_access *a, uint64_t off)
{
	/* Sizes are powers of two: a mask tests the alignment. */
	return off <= cl->size - a->size && (cl->sizes >> a->size) & 1 &&
	       !(cl->aligned && (off & (a->size - 1)));
}

#define VDEV_MAX_CLAIMS 16
#define VDEV_MIN_CLAIM 8	/* bytes: the widest access */

/*
 * Walk the table for a new cell: record its claims and set the devices up.
 * A config that makes devices claim more ranges than a cell holds, or two
 * overlapping ones, is a config/hypervisor mismatch: panic.  Boot CPU.
 */
void vdev_cell_init(struct cell *c);

/* The cell ends / (re)starts: every device's cell_stop / cell_reset. */
void vdev_cell_stop(struct cell *c);
void vdev_cell_reset(struct cell *c);

/* The console has news for cell number `cell` (septum/console.h). */
void vdev_console_event(unsigned int cell);

/* vdev_access() when the vCPU's last claim does not take the access. */
enum err vdev_access_search(struct vcpu *v, struct vm_access *a) MUST_CHECK;

/*
 * Emulate `a` if the claim of the vCPU's last device access takes it: true
 * (done), false (nothing done: vdev_access() searches the cell's claims).
 * A guest's accesses to one device come in runs (a driver's register
 * sequence, a console line), so a trap to it reaches its device in a few
 * instructions: one subtraction and one compare place the access in the
 * claim, the device's rule is two more tests.  Inline, for the exit paths
 * to try first, before the arch's own devices: no claim overlaps them (the
 * config tool refuses a device over the interrupt controller's frames), so
 * the order changes nothing.  On the vCPU's CPU.
 */
static inline bool vdev_hot_access(struct vcpu *v, struct vm_access *a)
{
	const struct vdev_claim *cl = v->vdev_hot;
	uint64_t off = vdev_key(a->space, a->addr) - cl->key;

	if (!vdev_takes(cl, a, off))
		return false;
	cl->access(v, cl->instance, off, a);
	return true;
}

/*
 * Emulate `a` if a device of v's cell claims it: E_OK; E_NOTFOUND if none
 * does; E_INVALID if it breaks the device's rule (nothing done: the caller
 * applies the fault policy, naming the device with vdev_describe()).  On
 * the vCPU's CPU.  The vCPU's last claim first (vdev_hot_access()), then
 * the cell's claims.
 */
static inline MUST_CHECK enum err vdev_access(struct vcpu *v,
					      struct vm_access *a)
{
	if (__builtin_expect(!vdev_hot_access(v, a), 0))
		return vdev_access_search(v, a);
	return E_OK;
}

/*
 * "offset <n> of <what> <label>: <rule>" for the device claiming `a` in
 * cell c (the log line of an access that broke its rule), into buf.
 */
void vdev_describe(const struct cell *c, const struct vm_access *a, char *buf,
		   size_t size);

#endif /* SEPTUM_VDEV_H */
