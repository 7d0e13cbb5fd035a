/*
 * GIC helpers for kit guests (see kit/gic.h).  Register maps: ARM IHI 0069
 * (GICv3) and ARM IHI 0048 (GICv2).
 */
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>

#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010

#define SPURIOUS 1023

static unsigned int version;


uint32_t kit_gicd_read(uint32_t offset)
{
	return kit_read32(KIT_GICD + offset);
}

void kit_gicd_write(uint32_t offset, uint32_t value)
{
	kit_write32(KIT_GICD + offset, value);
}

void kit_gicd_write8(uint32_t offset, uint8_t value)
{
	kit_write8(KIT_GICD + offset, value);
}

unsigned int kit_gic_version(void)
{
	uint32_t rev;

	if (version)
		return version;
	/* In a GICv3 distributor offset 0xfe8 is reserved and reads as zero. */
	rev = (kit_gicd_read(GICV2_PIDR2) >> 4) & 0xf;
	if (rev == 0)
		rev = (kit_gicd_read(GICV3_PIDR2) >> 4) & 0xf;
	version = rev >= 3 ? 3 : rev;
	return version;
}

#define GICR_SCAN_MAX 64

static uintptr_t my_gicr[KIT_MAX_CPUS];

/*
 * This CPU's redistributor: the frame whose TYPER names its affinity.  The
 * hypervisor shows a cell the frames of its own CPUs where the board has
 * them; other frames read as zero (no GICv3 ID), so they are skipped.  A
 * cell on CPUs that are not consecutive has several redistributor regions
 * (its device tree lists them), each ending on GICR_TYPER.Last: without the
 * tree, the scan looks on past a Last until it finds this CPU's frame
 * (natively, its frame comes before the one Last).
 */
static uintptr_t find_gicr(void)
{
	unsigned int cpu = kit_cpu_index();

	for (unsigned int i = 0; !my_gicr[cpu] && i < GICR_SCAN_MAX; i++) {
		uintptr_t rd = KIT_GICR + (uintptr_t)i * GICR_STRIDE;

		if (((kit_read32(rd + GICV3_PIDR2) >> 4) & 0xf) < 3)
			continue;
		if ((kit_read64(rd + GICR_TYPER) >> 32) == cpu)
			my_gicr[cpu] = rd;
	}
	return my_gicr[cpu];
}

static uintptr_t gicr_sgi(void)
{
	return find_gicr() + GICR_SGI;
}

void kit_gic_init(void)
{
	/* v3: affinity routing and group 1; v2: forwarding on. */
	kit_gicd_write(GICD_CTLR, kit_gic_version() == 3 ? 0x12 : 0x1);
	kit_gic_init_cpu();
}

void kit_gic_init_cpu(void)
{
	if (kit_gic_version() == 3) {
		uintptr_t rd = find_gicr();

		kit_write32(rd + GICR_WAKER, 0);
		kit_icc_sre_enable();
		kit_icc_pmr_write(0xff);
		kit_icc_igrpen1_write(1);
	} else {
		kit_write32(KIT_GICC + GICC_PMR, 0xff);
		kit_write32(KIT_GICC + GICC_CTLR, 1);
	}
}

/* The enable register bank of an interrupt: this CPU's for SGIs/PPIs. */
static uintptr_t enable_reg(uint32_t intid, uint32_t bank)
{
	if (intid < 32 && kit_gic_version() == 3)
		return gicr_sgi() + bank;
	return KIT_GICD + bank + intid / 32 * 4;
}

void kit_gic_enable(uint32_t intid)
{
	kit_write32(enable_reg(intid, GICD_ISENABLER), 1u << (intid % 32));
}

void kit_gic_disable(uint32_t intid)
{
	kit_write32(enable_reg(intid, GICD_ICENABLER), 1u << (intid % 32));
}

void kit_gic_set_pending(uint32_t intid)
{
	kit_write32(enable_reg(intid, GICD_ISPENDR), 1u << (intid % 32));
}

void kit_gic_route(uint32_t intid, unsigned int cpu)
{
	if (kit_gic_version() == 3) {
		kit_write64(KIT_GICD + GICD_IROUTER + intid * 8, cpu);
	} else {
		uintptr_t reg = KIT_GICD + GICD_ITARGETSR + (intid & ~3u);
		uint32_t shift = (intid % 4) * 8;
		uint32_t v = kit_read32(reg) & ~(0xffu << shift);

		kit_write32(reg, v | (1u << cpu) << shift);
	}
}

void kit_gic_send_sgi(uint32_t intid, unsigned int cpu)
{
	if (kit_gic_version() == 3) {
		/* ICC_SGI1R: INTID [27:24], target list [15:0] (Aff0). */
		kit_icc_sgi1r_write((uint64_t)intid << 24 | (1u << cpu));
	} else {
		kit_gicd_write(GICD_SGIR, (1u << (16 + cpu)) | intid);
	}
}

void kit_gic_dispatch(void)
{
	uint32_t iar;

	if (kit_gic_version() == 3)
		iar = kit_icc_iar1_read();
	else
		iar = kit_read32(KIT_GICC + GICC_IAR);
	if ((iar & 0x3ff) >= SPURIOUS)
		return;
	if (kit_irq_handler)
		kit_irq_handler(iar & 0x3ff);
	if (kit_gic_version() == 3)
		kit_icc_eoir1_write(iar);
	else
		kit_write32(KIT_GICC + GICC_EOIR, iar);
}
