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

/* One list register's content, version-neutral. */
struct gic_lr {
	uint32_t vintid;
	uint32_t pintid;	/* with hw: the physical interrupt linked */
	uint8_t priority;	/* the cell's priority (8-bit) */
	uint8_t source;		/* GICv2 SGI without hw: the sending vCPU */
	bool hw;
	bool pending;
	bool active;
	bool group1;		/* else Group 0 (a virtual FIQ) */
	bool eoi;		/* without hw: maintenance interrupt once the
				 * cell deactivates it */
};

/* Virtual interface controls beside its enable (gic_ops.set_hcr). */
#define GIC_HCR_UNDERFLOW BIT(0)	/* maintenance irq: <= 1 LR in use */
#define GIC_HCR_TRAP_G1 BIT(1)		/* trap the cell's Group 1 CPU
					 * interface registers (v3 only) */

/*
 * Per-interrupt controls take the CPU whose copy of a banked interrupt
 * (SGI, PPI) they mean; SPIs ignore it.  GICv2 banks SGIs and PPIs in the
 * distributor by the accessing CPU: there `cpu` must be the calling CPU.
 * GICv3 reaches any CPU's redistributor.
 */
struct gic_ops {
	/* Set up the distributor (boot CPU) / this CPU's interface (every CPU). */
	void (*init)(const struct septum_gic *cfg);
	void (*init_cpu)(void);
	/* This CPU's interface: acknowledge the highest pending interrupt and
	 * drop its running priority at once (it stays active: EOImode 1),
	 * returning its INTID or GIC_SPURIOUS; deactivate. */
	uint32_t (*ack)(void);
	void (*deactivate)(uint32_t intid);
	/* Physical controls and state of one interrupt. */
	void (*enable)(uint32_t intid, unsigned int cpu, bool on);
	void (*route)(uint32_t intid, unsigned int cpu);
	void (*set_pending)(uint32_t intid, unsigned int cpu, bool on);
	void (*set_active)(uint32_t intid, unsigned int cpu, bool on);
	void (*set_edge)(uint32_t intid, unsigned int cpu, bool edge);
	/* Pending (for a level-sensitive one: latched, or its line high). */
	bool (*is_pending)(uint32_t intid, unsigned int cpu);
	void (*send_sgi)(uint32_t sgi, unsigned int cpu);
	/* List registers of this CPU. */
	unsigned int (*lr_count)(void);
	/* Bit i set: list register i holds nothing (ELRSR). */
	uint64_t (*lr_empty)(void);
	/* Bit i set: the cell deactivated LR i, which asked for it (EISR). */
	uint64_t (*lr_eoied)(void);
	void (*lr_read)(unsigned int i, struct gic_lr *lr);
	void (*lr_write)(unsigned int i, const struct gic_lr *lr);
	/* The exit path's common case, without a struct gic_lr: if the list
	 * registers in mask `lrs` are all empty, LR 0 gets vintid pending,
	 * linked to physical pintid, at `priority`, Group 1 if group1, and
	 * true is returned; else nothing is written and false returned. */
	bool (*lr_place_hw)(uint64_t lrs, uint32_t vintid, uint32_t pintid,
			    uint8_t priority, bool group1);
	/* The virtual interface on, with GIC_HCR_* controls. */
	void (*set_hcr)(uint32_t flags);
	/* The virtual CPU interface's group enables: bit 0 Group 0, bit 1
	 * Group 1 (ICH_VMCR_EL2 / GICH_VMCR). */
	uint32_t (*vgroups)(void);
	/* Whether GIC_HCR_TRAP_G1 exists (GICv3's ICH_HCR_EL2.TALL1). */
	bool can_trap_g1;
	/* GICv2: this CPU's virtual CPU interface (GICV) registers, as the
	 * cell would access them (NULL on GICv3). */
	uint32_t (*vif_read)(uint32_t off);
	void (*vif_write)(uint32_t off, uint32_t value);
};

extern const struct gic_ops gicv3_ops;
extern const struct gic_ops gicv2_ops;

/*
 * A driver's operations are functions p_<operation>, its table
 * GIC_OPS_OF(p, what else it sets): a GIC image calls its board's driver's
 * directly, through a copy of the table each file sees (gic_drv()), where
 * an extern table's pointers would be loaded and called indirectly.
 */
#define GIC_DRIVER(p)							\
	COLD void p##_init(const struct septum_gic *cfg);		\
	COLD void p##_init_cpu(void);					\
	uint32_t p##_ack(void);						\
	void p##_deactivate(uint32_t intid);				\
	COLD void p##_enable(uint32_t intid, unsigned int cpu, bool on); \
	COLD void p##_route(uint32_t intid, unsigned int cpu);		\
	COLD void p##_set_pending(uint32_t intid, unsigned int cpu, bool on); \
	COLD void p##_set_active(uint32_t intid, unsigned int cpu, bool on); \
	COLD void p##_set_edge(uint32_t intid, unsigned int cpu, bool edge); \
	COLD bool p##_is_pending(uint32_t intid, unsigned int cpu);	\
	void p##_send_sgi(uint32_t sgi, unsigned int cpu);		\
	COLD unsigned int p##_lr_count(void);				\
	uint64_t p##_lr_empty(void);					\
	uint64_t p##_lr_eoied(void);					\
	void p##_lr_read(unsigned int i, struct gic_lr *lr);		\
	void p##_lr_write(unsigned int i, const struct gic_lr *lr);	\
	bool p##_lr_place_hw(uint64_t lrs, uint32_t vintid, uint32_t pintid, \
			     uint8_t priority, bool group1);		\
	void p##_set_hcr(uint32_t flags);				\
	uint32_t p##_vgroups(void)

#define GIC_OPS_OF(p, ...) {						\
	.init = p##_init, .init_cpu = p##_init_cpu, .ack = p##_ack,	\
	.deactivate = p##_deactivate, .enable = p##_enable,		\
	.route = p##_route, .set_pending = p##_set_pending,		\
	.set_active = p##_set_active, .set_edge = p##_set_edge,		\
	.is_pending = p##_is_pending, .send_sgi = p##_send_sgi,		\
	.lr_count = p##_lr_count, .lr_empty = p##_lr_empty,		\
	.lr_eoied = p##_lr_eoied, .lr_read = p##_lr_read,		\
	.lr_write = p##_lr_write, .lr_place_hw = p##_lr_place_hw,	\
	.set_hcr = p##_set_hcr, .vgroups = p##_vgroups, __VA_ARGS__ }

GIC_DRIVER(gicv3_op);	/* gicv3.c */
GIC_DRIVER(gicv2_op);	/* gicv2.c */
COLD uint32_t gicv2_op_vif_read(uint32_t off);
COLD void gicv2_op_vif_write(uint32_t off, uint32_t value);

#if GIC_VERSION == 3
static const struct gic_ops gic_board_ops =
	GIC_OPS_OF(gicv3_op, .can_trap_g1 = true);
#elif GIC_VERSION == 2
static const struct gic_ops gic_board_ops =
	GIC_OPS_OF(gicv2_op, .vif_read = gicv2_op_vif_read,
		   .vif_write = gicv2_op_vif_write);
#endif

/*
 * The GIC version the hypervisor drives, and its driver.  An image drives
 * its board's GIC (board.mk GIC, which sets GIC_VERSION to 2 or 3): the
 * other version's paths fold away and the linker drops its driver.  The
 * vGIC fuzzers (GIC_VERSION 0) drive a fake GIC of either version, the one
 * their partition table names: vgic_init() sets gic_any_version and
 * gic_any from it.
 */
extern unsigned int gic_any_version;
extern const struct gic_ops *gic_any;

static inline unsigned int gic_version(void)
{
	return GIC_VERSION ? GIC_VERSION : gic_any_version;
}

static inline const struct gic_ops *gic_drv(void)
{
#if GIC_VERSION
	return &gic_board_ops;
#else
	return gic_any;
#endif
}

/*
 * Interrupts first to lines - 1 (multiples of 32) of a frame laid out as a
 * distributor at `base` (GICv3's SGI_base too) disabled, not pending,
 * inactive, Group 1 if `group1`, at the hypervisor's priority: both
 * drivers' set-up (gicv2.c).  At boot or as a CPU comes up, its own frame.
 */
void gic_frame_reset(uintptr_t base, unsigned int first, unsigned int lines,
		     bool group1);

/* Pick and initialise the driver for the config's GIC.  Boot CPU. */
void gic_init(const struct septum_gic *cfg);

#endif /* ARCH_GIC_H */
