/*
 * The virtual GIC each cell sees (arm64): an emulated distributor (and, for
 * GICv3, redistributors) showing only the cell's own interrupts, and the
 * hardware's virtual CPU interface fed through the list registers.
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include <arch/guest.h>
#include <septum/cell.h>
#include <septum/vm.h>

/* Set up the physical GIC from the config (boot CPU) and this CPU (each). */
void vgic_init(void);
/* vgic_init() has run: never without a partition table. */
extern bool vgic_up;
void vgic_init_cpu(void);

/* Work out cell c's interrupts from its config.  Boot CPU. */
void vgic_cell_init(struct cell *c);

/* Map what the cell's GIC needs in stage 2 (GICv2: the GICV frame). */
enum err vgic_cell_map(struct cell *c) MUST_CHECK;

/* A vCPU starts on its CPU / leaves the guest: its interrupt state. */
void vgic_vcpu_reset(struct vcpu *v);
void vgic_vcpu_park(struct vcpu *v);

/* The cell stopped: mask its devices' interrupts. */
void vgic_cell_stopped(struct cell *c);

/* Emulate an access if it hits the cell's distributor or redistributors. */
bool vgic_mmio(struct vcpu *v, struct vm_access *a);

/*
 * A trapped write of ICC_SGI1R_EL1 (group1) or of ICC_SGI0R_EL1 /
 * ICC_ASGI1R_EL1 (!group1: Group 0 with one security state): virtual SGIs.
 */
void vgic_sgi_sysreg(struct vcpu *v, uint64_t value, bool group1);

/* A trapped access to a Group 1 CPU interface register (GICv3). */
enum g1_access {
	G1_IAR,		/* ICC_IAR1_EL1: the cell acknowledges */
	G1_HPPIR,	/* ICC_HPPIR1_EL1 */
	G1_OTHER,	/* EOIR1, BPR1, AP1Rn, IGRPEN1 */
};

/*
 * Such an access trapped (ICH_HCR_EL2.TALL1 is set while hardware-linked
 * interrupts wait that may be stale): bring the list registers up to date.
 * True: a read it answered (*value; the caller completes the instruction);
 * false: the caller resumes the cell at the same instruction, which then
 * runs on the virtual interface untrapped.
 */
bool vgic_g1_trap(struct vcpu *v, enum g1_access what, uint64_t *value);

/*
 * Deliver physical interrupt `intid` (level, or an edge if `edge`) to the
 * hypervisor on CPU `cpu`.  Routing needs the target CPU's interface set up
 * (GICv2 learns its target bit then), so it happens when that CPU runs
 * vgic_init_cpu().
 */
void vgic_claim(uint32_t intid, unsigned int cpu, bool edge);

/*
 * Take one pending physical interrupt of this CPU, for vCPU v (NULL: the CPU
 * is in the hypervisor).  False if none was pending.  An IRQ exit takes one:
 * another one still pending exits again as soon as the guest resumes.
 */
bool vgic_handle_irq(struct vcpu *v);

/*
 * An IRQ exit (vectors.S, before arm64_exit_irq()): vgic_handle_irq() for the
 * frame's vCPU.  True if that put the interrupt in a list register with
 * nothing else to do before the cell resumes (the common timer or
 * passed-through interrupt); false: the exit goes on in arm64_exit_irq().
 */
bool vgic_exit_irq(struct guest_frame *f);

/*
 * HPFAR_EL2 as a cell's data abort on the first page of the distributor
 * sets it: the exit vector (vectors.S) sends such an abort to
 * vgic_dist_trap() instead of arm64_exit_dabt().
 */
extern uint64_t vgic_dist_hpfar;

/*
 * A data abort on that page, with the full frame (vectors.S): the registers
 * a running cell uses most (its SPIs' priorities, enables, pending and
 * active bits; GICD_CTLR reads) are answered there and the cell resumes,
 * when the exit had nothing else to do before; anything else goes on in
 * arm64_exit_dabt(), which would do the same for these.
 */
void vgic_dist_trap(struct guest_frame *f);

/*
 * Answer the requests other CPUs of v's cell made about the interrupts in
 * this CPU's list registers (vgic_call.c).  On v's CPU: its exits do it;
 * a CPU waiting in the hypervisor calls it as it polls.
 */
void vgic_call_serve(struct vcpu *v);

/* Before resuming the guest: move pending virtual interrupts into LRs. */
void vgic_flush(struct vcpu *v);

/* Raise virtual interrupt vintid in cell c (an emulated device's edge). */
void vgic_inject(struct cell *c, uint32_t vintid);

/* The level of an emulated device's line to vintid (arch_vm_set_line()). */
void vgic_set_line(struct cell *c, uint32_t vintid, bool level);

#endif /* ARCH_VGIC_H */
