/*
 * The virtual GIC each cell sees (arm64): an emulated distributor (and, for
 * GICv3, redistributors) showing only the cell's own interrupts, and the
 * hardware's virtual CPU interface fed through the list registers.
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include <septum/cell.h>
#include <septum/vm.h>

/* Set up the physical GIC from the config (boot CPU) and this CPU (each). */
void vgic_init(void);
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

/* A trapped write of ICC_SGI1R_EL1 (or ASGI1R/SGI0R): virtual SGIs. */
void vgic_sgi_sysreg(struct vcpu *v, uint64_t value);

/*
 * Deliver physical interrupt `intid` (level) to the hypervisor on CPU `cpu`.
 * Routing needs the target CPU's interface set up (GICv2 learns its target
 * bit then), so it happens when that CPU runs vgic_init_cpu().
 */
void vgic_claim(uint32_t intid, unsigned int cpu);

/*
 * Take one pending physical interrupt of this CPU, for vCPU v (NULL: the CPU
 * is in the hypervisor).  False if none was pending.  An IRQ exit takes one:
 * another one still pending exits again as soon as the guest resumes.
 */
bool vgic_handle_irq(struct vcpu *v);

/* Before resuming the guest: move pending virtual interrupts into LRs. */
void vgic_flush(struct vcpu *v);

/* Raise virtual interrupt vintid in cell c (an emulated device's). */
void vgic_inject(struct cell *c, uint32_t vintid);

#endif /* ARCH_VGIC_H */
