/*
 * The few GIC accesses of an IRQ exit's common case, inline for each
 * version so that the exit path (vgic_exit_irq(), vgic_flush()) reaches the
 * hardware without an indirect call: acknowledge with priority drop,
 * deactivation, and an interrupt into list register 0 when the list
 * registers are empty.  gicv3.c and gicv2.c build their gic_ack(),
 * gic_deactivate() and gic_lr_place_hw() from the same functions.
 *
 * None of them synchronises: a GICv3 system register write takes effect at
 * the next context synchronisation, which on the exit path is the ERET into
 * the cell (SCTLR_EL2.EOS is set: head.S), and is gic_exit_sync() (an ISB)
 * in the drivers' ops and wherever the hypervisor goes on to use the CPU
 * interface or the list registers itself.
 */
#ifndef ARCH_GIC_EXIT_H
#define ARCH_GIC_EXIT_H

#include <arch/gic.h>
#include <arch/sysreg.h>
#include <septum/mmio.h>

/* GICv3 list registers, ICH_LR<n>_EL2: arch/gic.h's list register value. */

/* GICv2 list registers, GICH_LR<n> (ARM IHI 0048). */
#define GICH_LR_PINTID_SHIFT 10
#define GICH_LR_CPUID_SHIFT 10		/* without HW: an SGI's source CPU */
#define GICH_LR_EOI BIT(19)		/* without HW */
#define GICH_LR_PRIORITY_SHIFT 23	/* the top 5 bits of the priority */
#define GICH_LR_PENDING BIT(28)
#define GICH_LR_ACTIVE BIT(29)
#define GICH_LR_GROUP1 BIT(30)
#define GICH_LR_HW BIT(31)

#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR 0x1000
#define GICH_ELRSR0 0x030
#define GICH_LR 0x100

/* GICv2: the CPU interface and the virtual interface control (gicv2.c). */
extern uintptr_t gicv2_gicc, gicv2_gich;

/*
 * GICv3: the highest pending Group 1 interrupt, acknowledged and its
 * priority dropped (EOImode 1: it stays active), or GIC_SPURIOUS.  The
 * DSB completes the acknowledge before anything the interrupt's handling
 * reads.
 */
static inline uint32_t gicv3_ack_drop(void)
{
	uint32_t intid = (uint32_t)sysreg_read(icc_iar1_el1) & 0xffffff;

	dsb_ish();
	if (intid >= GIC_SPURIOUS)
		return GIC_SPURIOUS;	/* 1020-1023: nothing to drop */
	sysreg_write(icc_eoir1_el1, intid);
	return intid;
}

/*
 * GICv2: the same through GICC_IAR and GICC_EOIR.  An SGI's EOIR and DIR
 * writes must repeat the source CPU its GICC_IAR read gave (bits 12:10,
 * IHI 0048B 4.4.5 and 4.4.15; a GIC-400 otherwise leaves it active and its
 * priority running).  The SGIs the hypervisor takes are its kicks, which
 * need nothing but the exit they cause: one is deactivated here, with its
 * source, and gicv2_deactivate() leaves SGIs alone.
 */
static inline uint32_t gicv2_ack_drop(void)
{
	uint32_t iar = mmio_read32(gicv2_gicc + GICC_IAR) & 0x1fff;
	uint32_t intid = iar & 0x3ff;

	if (intid >= GIC_SPURIOUS)
		return GIC_SPURIOUS;
	mmio_write32(gicv2_gicc + GICC_EOIR, iar);
	if (intid < 16)
		mmio_write32(gicv2_gicc + GICC_DIR, iar);
	return intid;
}

/* Deactivate intid, whose priority was dropped (GICv3: after
 * gic_exit_sync()). */
static inline void gicv3_deactivate(uint32_t intid)
{
	sysreg_write(icc_dir_el1, intid);
}

static inline void gicv2_deactivate(uint32_t intid)
{
	if (intid >= 16)	/* an SGI was, at its acknowledge */
		mmio_write32(gicv2_gicc + GICC_DIR, intid);
}

/* GICv3 system register writes take effect (GICv2: nothing to do). */
static inline void gic_exit_sync(void)
{
	isb();
}

/* gic_lr_place_hw() (arch/gic.h) without its synchronisation. */
static inline bool gicv3_place_hw(uint64_t lrs, uint32_t vintid,
				  uint32_t pintid, uint8_t priority,
				  bool group1)
{
	if ((sysreg_read(ich_elrsr_el2) & lrs) != lrs)
		return false;
	sysreg_write(ich_lr0_el2, ICH_LR_PENDING | ICH_LR_HW |
				  (group1 ? ICH_LR_GROUP1 : 0) |
				  (uint64_t)priority << ICH_LR_PRIORITY_SHIFT |
				  (uint64_t)pintid << ICH_LR_PINTID_SHIFT |
				  vintid);
	return true;
}

/* Whether list registers `lrs` are all empty (GICv2: 0-31 only, which
 * GICH_ELRSR0 covers; the vGIC uses at most MAX_LRS). */
static inline bool gicv3_lrs_empty(uint64_t lrs)
{
	return (sysreg_read(ich_elrsr_el2) & lrs) == lrs;
}

static inline bool gicv2_lrs_empty(uint32_t lrs)
{
	return (mmio_read32(gicv2_gich + GICH_ELRSR0) & lrs) == lrs;
}

/*
 * A pending interrupt into list register 0, which is empty: vintid at
 * `priority`, Group 1 if group1, linked to physical pintid if hw, else
 * asking to see its deactivation if eoi (neither active nor a GICv2 SGI:
 * no source).  Not on a board with the quirk "virq-unwired"
 * (gic_lr_write() raises HCR_EL2.VI there).
 */
static inline void gicv3_lr0_pending(uint32_t vintid, uint32_t pintid,
				     uint8_t priority, bool hw, bool group1,
				     bool eoi)
{
	sysreg_write(ich_lr0_el2,
		     gic_lr_pending(vintid, pintid, priority, hw, group1, eoi));
}

static inline void gicv2_lr0_pending(uint32_t vintid, uint32_t pintid,
				     uint8_t priority, bool hw, bool group1,
				     bool eoi)
{
	mmio_write32(gicv2_gich + GICH_LR,
		     (uint32_t)GICH_LR_PENDING |
			     (group1 ? (uint32_t)GICH_LR_GROUP1 : 0) |
			     (uint32_t)(priority >> 3) << GICH_LR_PRIORITY_SHIFT |
			     (hw ? (uint32_t)GICH_LR_HW |
					   pintid << GICH_LR_PINTID_SHIFT
				 : (eoi ? (uint32_t)GICH_LR_EOI : 0)) |
			     vintid);
}

/* GICv2: `lrs` names list registers 0-31 only (the vGIC uses at most
 * MAX_LRS), which GICH_ELRSR0 covers. */
static inline bool gicv2_place_hw(uint32_t lrs, uint32_t vintid,
				  uint32_t pintid, uint8_t priority,
				  bool group1)
{
	if ((mmio_read32(gicv2_gich + GICH_ELRSR0) & lrs) != lrs)
		return false;
	mmio_write32(gicv2_gich + GICH_LR,
		     (uint32_t)GICH_LR_PENDING | (uint32_t)GICH_LR_HW |
			     (group1 ? (uint32_t)GICH_LR_GROUP1 : 0) |
			     (uint32_t)(priority >> 3) << GICH_LR_PRIORITY_SHIFT |
			     pintid << GICH_LR_PINTID_SHIFT | vintid);
	return true;
}

#endif /* ARCH_GIC_EXIT_H */
