/*
 * Arch interface: running cells.  Implemented by arch/<arch>/vm.c.
 *
 * One virtual CPU per physical CPU, pinned for life: a vCPU's registers live
 * in its physical CPU, so nothing is switched except on exits.  Exits come
 * back to core through the vm_exit_*() functions (septum/vm.h) on the CPU
 * that took them, with that CPU's exit frame current.
 */
#ifndef SEPTUM_ARCH_VM_H
#define SEPTUM_ARCH_VM_H

#include <septum/error.h>
#include <septum/types.h>

struct cell;
struct vcpu;
struct vm_access;

/*
 * Set up what running cells needs from the machine (the physical interrupt
 * controller, from the config): boot CPU, before any cell is built; then
 * once on every CPU before it enters a cell.
 */
void arch_vm_init(void);
void arch_vm_cpu_init(void);

/*
 * Build cell `c`'s second-stage translation: its RAM regions and
 * passed-through MMIO, nothing else.  Emulated devices are left unmapped so
 * accesses trap.  Boot CPU.  E_NOMEM if the table pool is exhausted (a
 * hypervisor/config mismatch); E_DENIED, with a log line saying why, if
 * this hypervisor cannot run the cell (its kernel's execution state): the
 * cell is then built but never started.
 */
enum err arch_vm_cell_init(struct cell *c) MUST_CHECK;

/*
 * Map `size` bytes at guest-physical `ipa` to `base` in cell `c`, normal
 * memory, read-only unless `writable`.  For channels.  Boot CPU.
 */
enum err arch_vm_map_shared(struct cell *c, ipaddr_t ipa, paddr_t base,
			    uint64_t size, bool writable) MUST_CHECK;

/*
 * Cell c ended: mask its devices' interrupts and stop their DMA (bus
 * mastering off, their IOMMU streams blocked).  Any CPU.
 */
void arch_vm_cell_stopped(struct cell *c);

/*
 * Cell c has stopped (arch_vm_cell_stopped()) and its last vCPU is out,
 * before its memory is reloaded for a restart, or for good: reset its
 * devices where the hardware can (a PCI function-level reset), so nothing
 * of its last life is left in them.  May wait, bounded.  On that vCPU's
 * CPU, cell lock held.
 */
void arch_vm_cell_reset_devices(struct cell *c);

/*
 * Emulate an access to a device the arch provides to every cell (the
 * interrupt controller: the arch's own hook, beside core's virtual devices).
 * Returns false if `a` is not for one.
 */
bool arch_vm_mmio(struct vcpu *v, struct vm_access *a);

/*
 * Addresses the arch keeps from every cell: its interrupt controller's
 * registers (physical: no cell may map them) and the window where each cell
 * finds the controller the arch emulates (guest-physical: no cell's memory,
 * device or virtual device may lie there).  Range k of the `guest` or the
 * physical ones into *r; false past the last.  After arch_vm_init().
 */
struct vm_range {
	uint64_t base, size;
	const char *what;	/* for log lines, e.g. "the GIC distributor" */
};
bool arch_vm_reserved(bool guest, unsigned int k, struct vm_range *r);

/*
 * For the log line of an access that faults: the arch's decoding of its
 * trap (e.g. "translation fault"), and whether the address is mapped but
 * not for this kind of access (a write to a read-only page).  Any CPU.
 */
const char *arch_vm_fault_kind(const struct vm_access *a);
bool arch_vm_fault_denied(const struct vm_access *a);

/*
 * Make vCPU v (running on this CPU, in an exit) take a synchronous external
 * abort for the access it trapped on (`fetch`: an instruction fetch, else a
 * data access, `write` which), as the hardware raises one for a physical
 * address with nothing behind it: false if the arch cannot for this vCPU.
 */
bool arch_vcpu_external_abort(struct vcpu *v, bool fetch, bool write);

/*
 * Raise virtual interrupt `vintid` in cell c, as routed by the cell: an
 * edge (for core's emulated devices and channels, e.g. a doorbell).  Any
 * CPU.
 */
void arch_vm_inject(struct cell *c, uint32_t vintid);

/*
 * Set the level of an emulated device's interrupt line to `vintid` in cell
 * c (a UART's, a PCI function's INTx): rising, the interrupt becomes
 * pending; falling, a level-sensitive one is pending no more unless the
 * cell's interrupt controller latched it.  Call it on every change (the
 * same level again does nothing).  Any CPU; may hold the device's lock: it
 * never waits for another CPU.
 */
void arch_vm_set_line(struct cell *c, uint32_t vintid, bool level);

/*
 * Cell `c` starts again (a restart, its images reloaded): invalidate every
 * cached translation of it (all CPUs, its devices' IOMMU) and let its
 * devices' DMA through its translation again.
 */
void arch_vm_flush(struct cell *c);

/*
 * Put the calling CPU's vCPU in its reset state, to start at guest-physical
 * `entry` with first argument `arg`: EL1, MMU off, interrupts masked,
 * registers zeroed, timers off.  Only on the vCPU's own CPU.
 */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg);

/* The calling CPU's vCPU leaves the guest: drop its interrupt state. */
void arch_vcpu_park(struct vcpu *v);

/*
 * Enter the guest on the calling CPU with the state arch_vcpu_reset() made.
 * Never returns: exits arrive through vm_exit_*() and resume the guest.
 */
NORETURN void arch_vcpu_enter(struct vcpu *v);


/*
 * Hypervisor address of physical memory [base, base + size): cells' RAM and
 * preloaded images, for loading and resetting cells.  Returns NULL if the
 * range cannot be mapped.  Boot CPU maps; any CPU may use a mapping after.
 */
void *arch_phys_map(paddr_t base, uint64_t size);

/*
 * Map the page at `page` at the next page of the hypervisor's window on its
 * own scattered memory (a cache-coloured hypervisor's pages): successive
 * calls give successive virtual addresses, so pages taken one by one are
 * seen contiguous.  NULL when the window or the table pages run out.  Boot
 * CPU, or under the caller's lock (hypmem's).
 */
void *arch_mmu_map_own(paddr_t page);

/*
 * Make what the hypervisor wrote to [va, va + size) (a phys mapping) visible
 * to a guest running with its caches off, instructions included.
 */
void arch_phys_sync(void *va, uint64_t size);

/* Ask CPU `cpu` (a hypervisor logical index) to look at its vCPU state. */
void arch_cpu_kick(unsigned int cpu);

#endif /* SEPTUM_ARCH_VM_H */
