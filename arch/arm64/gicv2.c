/*
 * GICv2 driver for the hypervisor (ARM IHI 0048): distributor, CPU
 * interface and virtual interface control (GICH) all by MMIO.  The cells'
 * CPU interface is the hardware's virtual one (GICV), mapped by stage 2.
 */
#include <arch/gic_exit.h>
#include <arch/sysreg.h>
#include <septum/arch/mmu.h>
#include <septum/mmio.h>
#include <septum/panic.h>
#include <septum/percpu.h>

#define GICD_PIDR2 0xfe8

#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_CTLR_ENABLE BIT(0)
#define GICC_CTLR_EOIMODE BIT(9)

#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_EISR0 0x020
#define GICH_EISR1 0x024
#define GICH_ELRSR1 0x034
#define GICH_HCR_EN BIT(0)
#define GICH_HCR_UIE BIT(1)
/* GICC_IAR, EOIR and DIR, GICH_ELRSR0, GICH_LR<n>: arch/gic_exit.h */

static uintptr_t gicd, gicv;
uintptr_t gicv2_gicc, gicv2_gich;	/* for arch/gic_exit.h */
static unsigned int lines;
static uint8_t cpu_mask[SEPTUM_MAX_CPUS];	/* CPU interface bit of each CPU */

COLD void gic_init(const struct septum_gic *cfg)
{
	gicd = arch_mmu_map_device(pa(cfg->gicd_pa), 0x1000);
	gicv2_gicc = arch_mmu_map_device(pa(cfg->gicc_pa), 0x2000);
	gicv2_gich = arch_mmu_map_device(pa(cfg->gich_pa), 0x1000);
	gicv = arch_mmu_map_device(pa(cfg->gicv_pa), 0x1000);
	if (!gicd || !gicv2_gicc || !gicv2_gich || !gicv)
		panic("GICv2: cannot map the distributor or CPU interfaces");
	if (FIELD_GET(mmio_read32(gicd + GICD_PIDR2), 7, 4) != 2)
		panic("the config describes a GICv2 at 0x%llx, but the hardware "
		      "there is not one: build for this board's variant",
		      (unsigned long long)cfg->gicd_pa);
	lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (lines > 1020)
		lines = 1020;
	mmio_write32(gicd + GICD_CTLR, 0);
	gic_frame_reset(gicd, 32, lines, false);
	mmio_write32(gicd + GICD_CTLR, 1);
}

COLD void gic_init_cpu(void)
{
	/* ITARGETSR0 is banked: it reads as this CPU's own interface bit. */
	cpu_mask[percpu_this()->index] = (uint8_t)mmio_read32(gicd + GICD_ITARGETSR);
	gic_frame_reset(gicd, 0, 32, false);
	mmio_write32(gicv2_gicc + GICC_PMR, 0xff);
	mmio_write32(gicv2_gicc + GICC_BPR, 0);
	mmio_write32(gicv2_gicc + GICC_CTLR, (uint32_t)(GICC_CTLR_ENABLE |
						  GICC_CTLR_EOIMODE));
	mmio_write32(gicv2_gich + GICH_HCR, (uint32_t)GICH_HCR_EN);
}

uint32_t gic_ack(void)
{
	return gicv2_ack_drop();
}

void gic_deactivate(uint32_t intid)
{
	gicv2_deactivate(intid);
}

/*
 * Write intid's bit of a set/clear register pair.  SGIs and PPIs are banked
 * by the accessing CPU: `cpu` is the caller (arch/gic.h).
 */
static void write_bit(uint32_t intid, uint32_t set, uint32_t clear, bool on)
{
	mmio_write32(gicd + (on ? set : clear) + intid / 32 * 4,
		     1u << (intid % 32));
}

COLD void gic_enable(uint32_t intid, unsigned int cpu, bool on)
{
	(void)cpu;
	write_bit(intid, GICD_ISENABLER, GICD_ICENABLER, on);
}

COLD void gic_route(uint32_t intid, unsigned int cpu)
{
	if (intid >= 32)
		mmio_write8(gicd + GICD_ITARGETSR + intid, cpu_mask[cpu]);
}

COLD void gic_set_pending(uint32_t intid, unsigned int cpu, bool on)
{
	(void)cpu;
	write_bit(intid, GICD_ISPENDR, GICD_ICPENDR, on);
}

COLD void gic_set_active(uint32_t intid, unsigned int cpu, bool on)
{
	(void)cpu;
	write_bit(intid, GICD_ISACTIVER, GICD_ICACTIVER, on);
}

COLD bool gic_is_pending(uint32_t intid, unsigned int cpu)
{
	(void)cpu;
	return (mmio_read32(gicd + GICD_ISPENDR + intid / 32 * 4) >>
		(intid % 32)) & 1;
}

COLD void gic_set_edge(uint32_t intid, unsigned int cpu, bool edge)
{
	uintptr_t reg = gicd + GICD_ICFGR + intid / 16 * 4;
	uint32_t bit = 2u << (intid % 16 * 2);
	uint32_t v = mmio_read32(reg);

	(void)cpu;
	if (intid >= 16)
		mmio_write32(reg, edge ? v | bit : v & ~bit);
}

void gic_send_sgi(uint32_t sgi, unsigned int cpu)
{
	dsb_ishst();
	mmio_write32(gicd + GICD_SGIR, (uint32_t)cpu_mask[cpu] << 16 | sgi);
}

COLD unsigned int gic_lr_count(void)
{
	return (mmio_read32(gicv2_gich + GICH_VTR) & 0x3f) + 1;
}

uint64_t gic_lr_empty(void)
{
	return mmio_read32(gicv2_gich + GICH_ELRSR0) |
	       (uint64_t)mmio_read32(gicv2_gich + GICH_ELRSR1) << 32;
}

uint64_t gic_lr_eoied(void)
{
	return mmio_read32(gicv2_gich + GICH_EISR0) |
	       (uint64_t)mmio_read32(gicv2_gich + GICH_EISR1) << 32;
}

/*
 * GICv2: list register value lr (arch/gic.h) as GICH_LR<n> holds it.  Bits
 * 41:32 (pINTID, or EOI and CPUID) are GICH_LR's 19:10; the priority keeps
 * its top 5 bits.
 */
static uint32_t gicv2_lr_of(uint64_t lr)
{
	return (uint32_t)(lr | ((lr >> 22) & 0xffc00) |
			  ((lr >> 51) & 0x1f) << GICH_LR_PRIORITY_SHIFT |
			  ((lr >> 34) & (GICH_LR_PENDING | GICH_LR_ACTIVE)) |
			  ((lr >> 30) & (GICH_LR_GROUP1 | GICH_LR_HW)));
}

/* GICH_LR<n> as arch/gic.h's value: gicv2_lr_of() undone. */
uint64_t gic_lr_read(unsigned int i)
{
	uint64_t v = mmio_read32(gicv2_gich + GICH_LR + 4 * i);

	return (v & 0x3ff) | (v & 0xffc00) << 22 |
	       ((v >> GICH_LR_PRIORITY_SHIFT) & 0x1f) << 51 |
	       (v & (GICH_LR_PENDING | GICH_LR_ACTIVE)) << 34 |
	       (v & (GICH_LR_GROUP1 | GICH_LR_HW)) << 30;
}

void gic_lr_write(unsigned int i, uint64_t lr)
{
	mmio_write32(gicv2_gich + GICH_LR + 4 * i,
		     (lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) ? gicv2_lr_of(lr)
							    : 0);
}

bool gic_lr_place_hw(uint64_t lrs, uint32_t vintid, uint32_t pintid,
		     uint8_t priority, bool group1)
{
	if ((lrs >> 32) && (gic_lr_empty() & lrs) != lrs)
		return false;
	return gicv2_place_hw((uint32_t)lrs, vintid, pintid, priority,
			      group1);
}

/* GICv2 has no trap of the virtual CPU interface: GIC_HCR_TRAP_G1 is not
 * offered (can_trap_g1), and ignored. */
void gic_set_hcr(uint32_t flags)
{
	mmio_write32(gicv2_gich + GICH_HCR,
		     (uint32_t)(GICH_HCR_EN | ((flags & GIC_HCR_UNDERFLOW) ?
						       GICH_HCR_UIE : 0)));
}

uint32_t gic_vgroups(void)
{
	/* VMGrp0En, VMGrp1En */
	return mmio_read32(gicv2_gich + GICH_VMCR) & 3;
}

/* The cell's CPU interface, accessed for it while its page traps. */
COLD uint32_t gic_vif_read(uint32_t off)
{
	return mmio_read32(gicv + off);
}

COLD void gic_vif_write(uint32_t off, uint32_t value)
{
	mmio_write32(gicv + off, value);
}

