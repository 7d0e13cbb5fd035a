/*
 * GICv3 driver for the hypervisor (ARM IHI 0069): distributor and
 * redistributors by MMIO, CPU interface and list registers by system
 * registers.
 *
 * Board quirk "virq-unwired" (board.mk GIC_QUIRKS; GIC_VIRQ_UNWIRED is 1
 * then): a machine whose GIC drives no virtual IRQ line into the CPUs.
 * QEMU 10.0's imx8mp-evk model is one: it wires the GIC's IRQ and FIQ
 * outputs to each CPU but not its virtual IRQ and FIQ outputs, so a
 * pending list register never interrupts the cell (the GIC raises the
 * line; nothing is connected to it).  The CPU's own virtual IRQ input,
 * HCR_EL2.VI, stands in for the wire: it is raised while a list register
 * holds a pending interrupt the cell's virtual CPU interface would signal
 * (group 1 enabled, priority above the mask), and the GIC's "no pending"
 * maintenance interrupt (ICH_HCR_EL2.NPIE) brings the CPU back to EL2 to
 * lower it once the cell has acknowledged that interrupt (or, with group 1
 * off, the "group 1 enabled" one when the cell turns it on).  Every list
 * register write and every maintenance interrupt recomputes it.  The cost:
 * one more exit per interrupt, on that board only.  A priority mask the cell
 * raises while the line is up is not seen until its next exit (the cell then
 * reads a spurious INTID): Linux and the kit mask with PSTATE.I instead.
 * Group 1 only: a Group 0 list register (a virtual FIQ) is not signalled.
 */
#include <arch/gic_exit.h>
#include <arch/sysreg.h>
#include <septum/arch/mmu.h>
#include <septum/mmio.h>
#include <septum/panic.h>
#include <septum/percpu.h>

#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICV2_PIDR2 0x0fe8
#define GICD_SIZE 0x10000
#define CTLR_GRP1 BIT(1)
#define CTLR_ARE BIT(4)
#define CTLR_RWP BIT(31)

#define GICR_CTLR 0x0000
#define GICR_CTLR_RWP BIT(3)
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_STRIDE 0x20000
#define TYPER_LAST BIT(4)
#define WAKER_SLEEP BIT(1)
#define WAKER_CHILDREN_ASLEEP BIT(2)

#define ICC_SRE_SRE BIT(0)
#define ICC_SRE_ENABLE BIT(3)
#define ICC_CTLR_EOIMODE BIT(1)
#define ICH_HCR_EN BIT(0)
#define ICH_HCR_UIE BIT(1)
#define ICH_HCR_NPIE BIT(3)
#define ICH_HCR_VGRP1EIE BIT(6)
#define ICH_HCR_TALL1 BIT(12)
#define ICH_VMCR_VENG1 BIT(1)
#define ICH_VMCR_VPMR(v) FIELD_GET(v, 31, 24)
#define HCR_VI BIT(7)

#define POLL_LIMIT 1000000u	/* register writes settle well within this */

static const bool virq_unwired = GIC_VIRQ_UNWIRED;
static uint32_t maint_intid;
static uintptr_t gicd;
static uintptr_t gicr_base;
static uint64_t gicr_span;
/* Each CPU's SGI_base frame, found as it comes up (gic_init_cpu()). */
static uintptr_t gicr_sgi[SEPTUM_MAX_CPUS];
static unsigned int spi_lines;	/* interrupt IDs the distributor implements */

/* Wait for a register write to take effect: GICD_CTLR.RWP (bit 31) or
 * GICR_CTLR.RWP (bit 3, ICENABLER0 writes). */
static COLD void wait_rwp_bit(uintptr_t ctlr, uint64_t rwp)
{
	for (unsigned int i = 0; mmio_read32(ctlr) & rwp; i++) {
		if (i == POLL_LIMIT)
			panic("GICv3: register write never completed "
			      "(RWP stuck at 0x%lx)", (unsigned long)ctlr);
	}
}

static COLD void wait_rwp(uintptr_t ctlr)
{
	wait_rwp_bit(ctlr, CTLR_RWP);
}

COLD void gic_init(const struct septum_gic *cfg)
{
	maint_intid = cfg->maint_intid;
	gicd = arch_mmu_map_device(pa(cfg->gicd_pa), GICD_SIZE);
	gicr_span = (uint64_t)GICR_STRIDE * SEPTUM_MAX_CPUS;
	gicr_base = arch_mmu_map_device(pa(cfg->gicr_pa), gicr_span);
	if (!gicd || !gicr_base)
		panic("GICv3: cannot map the distributor or redistributors");
	/*
	 * A GICv2 keeps its ID registers in its first 4 KiB (where a GICv3's
	 * are reserved and read as zero); reading a GICv3's ID offset there
	 * would abort, so look at the GICv2 place first.
	 */
	if (FIELD_GET(mmio_read32(gicd + GICV2_PIDR2), 7, 4) != 0 ||
	    FIELD_GET(mmio_read32(gicd + GICD_PIDR2), 7, 4) < 3)
		panic("the config describes a GICv3 at 0x%llx, but the hardware "
		      "there is not one: build for this board's variant",
		      (unsigned long long)cfg->gicd_pa);
	spi_lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (spi_lines > 1020)
		spi_lines = 1020;
	mmio_write32(gicd + GICD_CTLR, 0);
	wait_rwp(gicd + GICD_CTLR);
	gic_frame_reset(gicd, 32, spi_lines, true);
	wait_rwp(gicd + GICD_CTLR);
	mmio_write32(gicd + GICD_CTLR, (uint32_t)(CTLR_ARE | CTLR_GRP1));
	wait_rwp(gicd + GICD_CTLR);
}

/* This CPU's redistributor (RD_base), found by its affinity. */
static uintptr_t this_gicr(void)
{
	uint64_t mpidr = percpu_this()->hwid;
	uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;

	for (uint64_t off = 0; off < gicr_span; off += GICR_STRIDE) {
		uint64_t typer = mmio_read32(gicr_base + off + GICR_TYPER) |
				 (uint64_t)mmio_read32(gicr_base + off +
						       GICR_TYPER + 4) << 32;

		if (typer >> 32 == aff)
			return gicr_base + off;
		if (typer & TYPER_LAST)
			break;
	}
	panic("GICv3: no redistributor for CPU hwid 0x%llx",
	      (unsigned long long)mpidr);
}

COLD void gic_init_cpu(void)
{
	uintptr_t rd = this_gicr(), sgi = rd + GICR_SGI;

	gicr_sgi[percpu_this()->index] = sgi;

	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~(uint32_t)WAKER_SLEEP);
	for (unsigned int i = 0; mmio_read32(rd + GICR_WAKER) &
				 WAKER_CHILDREN_ASLEEP; i++) {
		if (i == POLL_LIMIT)
			panic("GICv3: redistributor of this CPU does not wake");
	}
	gic_frame_reset(sgi, 0, 32, true);
	sysreg_write(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	sysreg_write(icc_pmr_el1, 0xff);
	sysreg_write(icc_bpr1_el1, 0);
	sysreg_write(icc_ctlr_el1, ICC_CTLR_EOIMODE);
	sysreg_write(icc_igrpen1_el1, 1);
	sysreg_write(ich_hcr_el2, ICH_HCR_EN);
	isb();
}

static uint64_t lr_get(unsigned int i);

/* Quirk virq-unwired (top of this file): HCR_EL2.VI as the vIRQ line. */
static void virq_line_update(void)
{
	uint64_t vmcr = sysreg_read(ich_vmcr_el2);
	uint64_t ich = sysreg_read(ich_hcr_el2) &
		       ~(uint64_t)(ICH_HCR_NPIE | ICH_HCR_VGRP1EIE);
	unsigned int lrs = (unsigned int)FIELD_GET(sysreg_read(ich_vtr_el2),
						   4, 0) + 1;
	bool pending = false, raise = false;

	for (unsigned int i = 0; i < lrs && !raise; i++) {
		uint64_t lr = lr_get(i);

		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE | ICH_LR_GROUP1)) !=
		    (ICH_LR_PENDING | ICH_LR_GROUP1))
			continue;
		pending = true;
		raise = (vmcr & ICH_VMCR_VENG1) &&
			FIELD_GET(lr, 55, 48) < ICH_VMCR_VPMR(vmcr);
	}
	if (raise)
		ich |= ICH_HCR_NPIE;
	else if (pending && !(vmcr & ICH_VMCR_VENG1))
		ich |= ICH_HCR_VGRP1EIE;
	sysreg_write(ich_hcr_el2, ich);
	sysreg_write(hcr_el2, (sysreg_read(hcr_el2) & ~(uint64_t)HCR_VI) |
				      (raise ? HCR_VI : 0));
	isb();
}

uint32_t gic_ack(void)
{
	uint32_t intid = gicv3_ack_drop();

	gic_exit_sync();
	return intid;
}

void gic_deactivate(uint32_t intid)
{
	gicv3_deactivate(intid);
	gic_exit_sync();
	if (virq_unwired && intid == maint_intid)
		virq_line_update();
}

/* The distributor (SPIs) or CPU `cpu`'s SGI frame (SGIs, PPIs). */
static uintptr_t bank(uint32_t intid, unsigned int cpu)
{
	return intid < 32 ? gicr_sgi[cpu] : gicd;
}

/* Write intid's bit of a set/clear register pair (`set` or `clear`). */
static void write_bit(uint32_t intid, unsigned int cpu, uint32_t set,
		      uint32_t clear, bool on)
{
	mmio_write32(bank(intid, cpu) + (on ? set : clear) + intid / 32 * 4,
		     1u << (intid % 32));
}

COLD void gic_enable(uint32_t intid, unsigned int cpu, bool on)
{
	write_bit(intid, cpu, GICD_ISENABLER, GICD_ICENABLER, on);
	if (intid >= 32)
		wait_rwp(gicd + GICD_CTLR);
	else if (!on)
		wait_rwp_bit(gicr_sgi[cpu] - GICR_SGI, GICR_CTLR_RWP);
}

COLD void gic_route(uint32_t intid, unsigned int cpu)
{
	uint64_t mpidr = percpu_all[cpu].hwid;
	uint64_t route = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32;

	if (intid < 32)
		return;
	mmio_write32(gicd + GICD_IROUTER + intid * 8, (uint32_t)route);
	mmio_write32(gicd + GICD_IROUTER + intid * 8 + 4, (uint32_t)(route >> 32));
}

COLD void gic_set_pending(uint32_t intid, unsigned int cpu, bool on)
{
	write_bit(intid, cpu, GICD_ISPENDR, GICD_ICPENDR, on);
}

COLD void gic_set_active(uint32_t intid, unsigned int cpu, bool on)
{
	write_bit(intid, cpu, GICD_ISACTIVER, GICD_ICACTIVER, on);
}

COLD bool gic_is_pending(uint32_t intid, unsigned int cpu)
{
	return (mmio_read32(bank(intid, cpu) + GICD_ISPENDR + intid / 32 * 4) >>
		(intid % 32)) & 1;
}

COLD void gic_set_edge(uint32_t intid, unsigned int cpu, bool edge)
{
	uintptr_t reg = bank(intid, cpu) + GICD_ICFGR + intid / 16 * 4;
	uint32_t bit = 2u << (intid % 16 * 2);
	uint32_t v = mmio_read32(reg);

	if (intid < 16)
		return;	/* SGIs are always edge */
	mmio_write32(reg, edge ? v | bit : v & ~bit);
}

/*
 * ICC_SGI1R_EL1 naming each CPU, the INTID aside: its affinity and its bit
 * in the target list.  Computed at a CPU's first SGI (never 0: one target
 * bit is always set), so the kick of the doorbell path is one load.
 */
static uint64_t sgi_dest[SEPTUM_MAX_CPUS];

static uint64_t sgi_dest_of(unsigned int cpu)
{
	uint64_t mpidr = percpu_all[cpu].hwid;

	return BIT(mpidr & 0xf) | FIELD_GET(mpidr, 15, 8) << 16 |
	       FIELD_GET(mpidr, 23, 16) << 32 | FIELD_GET(mpidr, 39, 32) << 48 |
	       (FIELD_GET(mpidr, 7, 4) << 44); /* RS: Aff0 / 16 */
}

void gic_send_sgi(uint32_t sgi, unsigned int cpu)
{
	uint64_t dest = __atomic_load_n(&sgi_dest[cpu], __ATOMIC_RELAXED);

	if (!dest) {
		dest = sgi_dest_of(cpu);
		__atomic_store_n(&sgi_dest[cpu], dest, __ATOMIC_RELAXED);
	}
	dsb_ishst();
	sysreg_write(icc_sgi1r_el1, (uint64_t)sgi << 24 | dest);
	isb();
}

COLD unsigned int gic_lr_count(void)
{
	return (unsigned int)FIELD_GET(sysreg_read(ich_vtr_el2), 4, 0) + 1;
}

uint64_t gic_lr_empty(void)
{
	return sysreg_read(ich_elrsr_el2);
}

uint64_t gic_lr_eoied(void)
{
	return sysreg_read(ich_eisr_el2);
}

static uint64_t lr_get(unsigned int i)
{
	switch (i) {
	case 0: return sysreg_read(ich_lr0_el2);
	case 1: return sysreg_read(ich_lr1_el2);
	case 2: return sysreg_read(ich_lr2_el2);
	case 3: return sysreg_read(ich_lr3_el2);
	case 4: return sysreg_read(ich_lr4_el2);
	case 5: return sysreg_read(ich_lr5_el2);
	case 6: return sysreg_read(ich_lr6_el2);
	case 7: return sysreg_read(ich_lr7_el2);
	case 8: return sysreg_read(ich_lr8_el2);
	case 9: return sysreg_read(ich_lr9_el2);
	case 10: return sysreg_read(ich_lr10_el2);
	case 11: return sysreg_read(ich_lr11_el2);
	case 12: return sysreg_read(ich_lr12_el2);
	case 13: return sysreg_read(ich_lr13_el2);
	case 14: return sysreg_read(ich_lr14_el2);
	default: return sysreg_read(ich_lr15_el2);
	}
}

static void lr_set(unsigned int i, uint64_t v)
{
	switch (i) {
	case 0: sysreg_write(ich_lr0_el2, v); break;
	case 1: sysreg_write(ich_lr1_el2, v); break;
	case 2: sysreg_write(ich_lr2_el2, v); break;
	case 3: sysreg_write(ich_lr3_el2, v); break;
	case 4: sysreg_write(ich_lr4_el2, v); break;
	case 5: sysreg_write(ich_lr5_el2, v); break;
	case 6: sysreg_write(ich_lr6_el2, v); break;
	case 7: sysreg_write(ich_lr7_el2, v); break;
	case 8: sysreg_write(ich_lr8_el2, v); break;
	case 9: sysreg_write(ich_lr9_el2, v); break;
	case 10: sysreg_write(ich_lr10_el2, v); break;
	case 11: sysreg_write(ich_lr11_el2, v); break;
	case 12: sysreg_write(ich_lr12_el2, v); break;
	case 13: sysreg_write(ich_lr13_el2, v); break;
	case 14: sysreg_write(ich_lr14_el2, v); break;
	default: sysreg_write(ich_lr15_el2, v); break;
	}
}

uint64_t gic_lr_read(unsigned int i)
{
	return lr_get(i);
}

void gic_lr_write(unsigned int i, uint64_t lr)
{
	lr_set(i, (lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) ? lr : 0);
	isb();
	if (virq_unwired)
		virq_line_update();
}

bool gic_lr_place_hw(uint64_t lrs, uint32_t vintid, uint32_t pintid,
		     uint8_t priority, bool group1)
{
	if (!gicv3_place_hw(lrs, vintid, pintid, priority, group1))
		return false;
	gic_exit_sync();
	if (virq_unwired)
		virq_line_update();
	return true;
}

void gic_set_hcr(uint32_t flags)
{
	sysreg_write(ich_hcr_el2, ICH_HCR_EN |
				  ((flags & GIC_HCR_UNDERFLOW) ? ICH_HCR_UIE : 0) |
				  ((flags & GIC_HCR_TRAP_G1) ? ICH_HCR_TALL1 : 0));
	isb();
	if (virq_unwired)
		virq_line_update();
}

uint32_t gic_vgroups(void)
{
	return (uint32_t)sysreg_read(ich_vmcr_el2) & 3;	/* VENG0, VENG1 */
}

