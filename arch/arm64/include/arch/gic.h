/*
 * The physical GIC as the hypervisor drives it (arm64 only), version 3 or 2:
 * the board's, fixed when the image is built (gic_version()).  The
 * hypervisor owns the distributor and every CPU interface; cells see only
 * the virtual GIC (vgic.c), fed through the list registers.
 *
 * Interrupts are Group 1, all at one priority; the CPU interface splits
 * priority drop from deactivation (EOImode 1), so an interrupt handed to a
 * cell through a hardware-linked list register is deactivated by the cell's
 * own EOI, without an exit.
 */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include <septum/abi/config.h>
#include <septum/types.h>

#define GIC_SPURIOUS 1023
#define GIC_KICK_SGI 0	/* the hypervisor's "look at your vCPU" SGI */

/*
 * One list register's content, version-neutral: GICv3's ICH_LR<n>_EL2
 * layout (ARM IHI 0069), which the GICv2 driver converts to and from
 * GICH_LR<n>.  Without HW, bits 34:32 hold a GICv2 SGI's sending vCPU
 * (GICH_LR.CPUID; 0 on GICv3).  A value neither pending nor active is an
 * empty list register.
 */
#define ICH_LR_PINTID_SHIFT 32		/* with HW */
#define ICH_LR_SOURCE_SHIFT 32		/* without HW */
#define ICH_LR_EOI BIT(41)		/* without HW */
#define ICH_LR_PRIORITY_SHIFT 48
#define ICH_LR_GROUP1 BIT(60)
#define ICH_LR_HW BIT(61)
#define ICH_LR_PENDING BIT(62)
#define ICH_LR_ACTIVE BIT(63)

static inline uint32_t gic_lr_vintid(uint64_t lr)
{
	return (uint32_t)lr;
}

/* With HW: the physical interrupt linked. */
static inline uint32_t gic_lr_pintid(uint64_t lr)
{
	return (uint32_t)FIELD_GET(lr, 44, 32);
}

static inline uint8_t gic_lr_priority(uint64_t lr)
{
	return (uint8_t)(lr >> ICH_LR_PRIORITY_SHIFT);
}

/* A GICv2 SGI's sender (0 with HW). */
static inline uint8_t gic_lr_source(uint64_t lr)
{
	return (lr & ICH_LR_HW) ? 0 : (uint8_t)((lr >> ICH_LR_SOURCE_SHIFT) & 7);
}

/* Without HW: maintenance interrupt once the cell deactivates it. */
static inline bool gic_lr_eoi(uint64_t lr)
{
	return (lr & (ICH_LR_HW | ICH_LR_EOI)) == ICH_LR_EOI;
}

/* A pending list register: vintid at `priority`, linked to physical
 * pintid if hw, else asking to see its deactivation if eoi. */
static inline uint64_t gic_lr_pending(uint32_t vintid, uint32_t pintid,
				      uint8_t priority, bool hw, bool group1,
				      bool eoi)
{
	return ICH_LR_PENDING | (group1 ? ICH_LR_GROUP1 : 0) |
	       (uint64_t)priority << ICH_LR_PRIORITY_SHIFT |
	       (hw ? ICH_LR_HW | (uint64_t)pintid << ICH_LR_PINTID_SHIFT
		   : (eoi ? ICH_LR_EOI : 0)) |
	       vintid;
}

/* Virtual interface controls beside its enable (gic_set_hcr()). */
#define GIC_HCR_UNDERFLOW BIT(0)	/* maintenance irq: <= 1 LR in use */
#define GIC_HCR_TRAP_G1 BIT(1)		/* trap the cell's Group 1 CPU
					 * interface registers (v3 only) */

/* Distributor registers at the same offsets in GICv2 and GICv3. */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00

#define GIC_PRIORITY 0xa0	/* of every physical interrupt */

/*
 * The GIC version the hypervisor drives.  An image drives its board's GIC
 * (board.mk GIC, which sets GIC_VERSION to 2 or 3) and links that
 * version's driver alone, gicv3.c or gicv2.c, each defining the functions
 * below: the vGIC calls them directly, and its branches for the other
 * version fold away.  The vGIC fuzzers (GIC_VERSION 0) link a fake GIC of
 * either version, the one their partition table names, which vgic_init()
 * sets in gic_any_version.
 */
extern unsigned int gic_any_version;

static inline unsigned int gic_version(void)
{
	return GIC_VERSION ? GIC_VERSION : gic_any_version;
}

/*
 * The driver.  Per-interrupt controls take the CPU whose copy of a banked
 * interrupt (SGI, PPI) they mean; SPIs ignore it.  GICv2 banks SGIs and
 * PPIs in the distributor by the accessing CPU: there `cpu` must be the
 * calling CPU.  GICv3 reaches any CPU's redistributor.
 */

/* Set up the distributor (boot CPU) / this CPU's interface (every CPU). */
COLD void gic_init(const struct septum_gic *cfg);
COLD void gic_init_cpu(void);
/* This CPU's interface: acknowledge the highest pending interrupt and drop
 * its running priority at once (it stays active: EOImode 1), returning its
 * INTID or GIC_SPURIOUS; deactivate. */
uint32_t gic_ack(void);
void gic_deactivate(uint32_t intid);
/* Physical controls and state of one interrupt. */
COLD void gic_enable(uint32_t intid, unsigned int cpu, bool on);
COLD void gic_route(uint32_t intid, unsigned int cpu);
COLD void gic_set_pending(uint32_t intid, unsigned int cpu, bool on);
COLD void gic_set_active(uint32_t intid, unsigned int cpu, bool on);
COLD void gic_set_edge(uint32_t intid, unsigned int cpu, bool edge);
/* Pending (for a level-sensitive one: latched, or its line high). */
COLD bool gic_is_pending(uint32_t intid, unsigned int cpu);
void gic_send_sgi(uint32_t sgi, unsigned int cpu);
/* List registers of this CPU. */
COLD unsigned int gic_lr_count(void);
/* Bit i set: list register i holds nothing (ELRSR). */
uint64_t gic_lr_empty(void);
/* Bit i set: the cell deactivated LR i, which asked for it (EISR). */
uint64_t gic_lr_eoied(void);
/* LR i's value (above), read or written; a value neither pending nor
 * active written empties it (GICv2 keeps the priority's top 5 bits). */
uint64_t gic_lr_read(unsigned int i);
void gic_lr_write(unsigned int i, uint64_t lr);
/* The exit path's common case: if the list registers in mask `lrs` are
 * all empty, LR 0 gets vintid pending, linked to physical pintid, at
 * `priority`, Group 1 if group1, and true is returned; else nothing is
 * written and false returned. */
bool gic_lr_place_hw(uint64_t lrs, uint32_t vintid, uint32_t pintid,
		     uint8_t priority, bool group1);
/* The virtual interface on, with GIC_HCR_* controls. */
void gic_set_hcr(uint32_t flags);
/* The virtual CPU interface's group enables: bit 0 Group 0, bit 1 Group 1
 * (ICH_VMCR_EL2 / GICH_VMCR). */
uint32_t gic_vgroups(void);

/* Whether GIC_HCR_TRAP_G1 exists (GICv3's ICH_HCR_EL2.TALL1). */
static inline bool gic_can_trap_g1(void)
{
	return gic_version() == 3;
}

/* GICv2 alone (gicv2.c): this CPU's virtual CPU interface (GICV)
 * registers, as the cell would access them.  Called only where
 * gic_version() is 2. */
COLD uint32_t gic_vif_read(uint32_t off);
COLD void gic_vif_write(uint32_t off, uint32_t value);

/*
 * Interrupts first to lines - 1 (multiples of 32) of a frame laid out as a
 * distributor at `base` (GICv3's SGI_base too) disabled, not pending,
 * inactive, Group 1 if `group1`, at the hypervisor's priority: both
 * drivers' set-up (gic.c).  At boot or as a CPU comes up, its own frame.
 */
void gic_frame_reset(uintptr_t base, unsigned int first, unsigned int lines,
		     bool group1);

#endif /* ARCH_GIC_H */
