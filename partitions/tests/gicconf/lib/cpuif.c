/*
 * The CPU interface registers a guest uses, idle (nothing pending or
 * active): GICv3's ICC_* system registers (ICV_* in a cell), GICv2's GICC
 * frame (the hardware's GICV in a cell).  Every CPU looks at its own.
 */
#include "../gicconf.h"

#define FIELD(v, hi, lo) (((v) >> (lo)) & ((1ull << ((hi) - (lo) + 1)) - 1))

static const uint32_t pmrs[] = { 0xff, 0x80, 0x00, 0xa4, 0xf8, 0xff };
#define NPMRS (sizeof(pmrs) / sizeof(pmrs[0]))

static void v3_ctlr(unsigned int cpu)
{
	uint64_t c = gc_sysread(ICC_CTLR);

	gc_resx(FIELD(c, 0, 0), "cpuif.cpu%u.icc_ctlr.cbpr", cpu);
	gc_resx(FIELD(c, 1, 1), "cpuif.cpu%u.icc_ctlr.eoimode", cpu);
	gc_resx(FIELD(c, 6, 6), "cpuif.cpu%u.icc_ctlr.pmhe", cpu);
	gc_resx(FIELD(c, 10, 8), "cpuif.cpu%u.icc_ctlr.pribits", cpu);
	gc_resx(FIELD(c, 13, 11), "cpuif.cpu%u.icc_ctlr.idbits", cpu);
	gc_resx(FIELD(c, 14, 14), "cpuif.cpu%u.icc_ctlr.seis", cpu);
	gc_resx(FIELD(c, 15, 15), "cpuif.cpu%u.icc_ctlr.a3v", cpu);
	gc_resx(FIELD(c, 18, 18), "cpuif.cpu%u.icc_ctlr.rss", cpu);
	gc_resx(FIELD(c, 19, 19), "cpuif.cpu%u.icc_ctlr.extrange", cpu);
	gc_syswrite(ICC_CTLR, c | 2u);
	gc_resx(FIELD(gc_sysread(ICC_CTLR), 1, 1),
		"cpuif.cpu%u.icc_ctlr.eoimode_write_1", cpu);
	gc_syswrite(ICC_CTLR, c | 1u);
	gc_resx(FIELD(gc_sysread(ICC_CTLR), 0, 0),
		"cpuif.cpu%u.icc_ctlr.cbpr_write_1", cpu);
	gc_syswrite(ICC_CTLR, c);
}

#define BPR_V3(reg, name)                                                      \
	do {                                                                   \
		for (uint32_t b_ = 0; b_ < 8; b_++) {                          \
			gc_syswrite(reg, b_);                                  \
			gc_resx(gc_sysread(reg), "cpuif.cpu%u.%s.write_%lu",   \
				cpu, name, (unsigned long)b_);                 \
		}                                                              \
	} while (0)

static void v3(unsigned int cpu)
{
	gc_resx(gc_sysread(ICC_SRE), "cpuif.cpu%u.icc_sre", cpu);
	v3_ctlr(cpu);
	for (unsigned int i = 0; i < NPMRS; i++) {
		gc_syswrite(ICC_PMR, pmrs[i]);
		gc_resx(gc_sysread(ICC_PMR), "cpuif.cpu%u.icc_pmr.write_0x%02lx.%u",
			cpu, (unsigned long)pmrs[i], i);
	}
	BPR_V3(ICC_BPR0, "icc_bpr0");
	BPR_V3(ICC_BPR1, "icc_bpr1");
	gc_syswrite(ICC_BPR0, 0);
	gc_syswrite(ICC_BPR1, 0);
	gc_resx(gc_sysread(ICC_IGRPEN1), "cpuif.cpu%u.icc_igrpen1", cpu);
	gc_syswrite(ICC_IGRPEN0, 1);
	gc_resx(gc_sysread(ICC_IGRPEN0), "cpuif.cpu%u.icc_igrpen0.write_1", cpu);
	gc_syswrite(ICC_IGRPEN0, 0);
	gc_resx(gc_sysread(ICC_IGRPEN0), "cpuif.cpu%u.icc_igrpen0.write_0", cpu);
	gc_resx(gc_sysread(ICC_RPR), "cpuif.cpu%u.icc_rpr.idle", cpu);
	gc_resx(gc_sysread(ICC_HPPIR1), "cpuif.cpu%u.icc_hppir1.idle", cpu);
	gc_resx(gc_sysread(ICC_HPPIR0), "cpuif.cpu%u.icc_hppir0.idle", cpu);
	gc_resx(gc_sysread(ICC_IAR1), "cpuif.cpu%u.icc_iar1.idle", cpu);
	gc_resx(gc_sysread(ICC_IAR0), "cpuif.cpu%u.icc_iar0.idle", cpu);
	gc_resx(gc_sysread(ICC_AP1R0), "cpuif.cpu%u.icc_ap1r0.idle", cpu);
	gc_resx(gc_sysread(ICC_AP0R0), "cpuif.cpu%u.icc_ap0r0.idle", cpu);
}

static void v2_reg(unsigned int cpu, uint32_t off, const char *name,
		   uint32_t val, unsigned int i)
{
	gc_wr32(gc.gicc + off, val);
	gc_resx(gc_rd32(gc.gicc + off), "cpuif.cpu%u.%s.write_0x%lx.%u", cpu,
		name, (unsigned long)val, i);
}

static void v2(unsigned int cpu)
{
	static const uint32_t ctlrs[] = { 0x1, 0x201, 0x3, 0x5, 0x9, 0x11, 0x1 };
	uint32_t c = gc_rd32(gc.gicc + GICC_CTLR);

	gc_resx(c, "cpuif.cpu%u.gicc_ctlr.after_init", cpu);
	for (unsigned int i = 0; i < sizeof(ctlrs) / sizeof(ctlrs[0]); i++)
		v2_reg(cpu, GICC_CTLR, "gicc_ctlr", ctlrs[i], i);
	for (unsigned int i = 0; i < NPMRS; i++)
		v2_reg(cpu, GICC_PMR, "gicc_pmr", pmrs[i], i);
	for (uint32_t b = 0; b < 8; b++)
		v2_reg(cpu, GICC_BPR, "gicc_bpr", b, b);
	for (uint32_t b = 0; b < 8; b++)
		v2_reg(cpu, GICC_ABPR, "gicc_abpr", b, b);
	gc_wr32(gc.gicc + GICC_BPR, 0);
	gc_wr32(gc.gicc + GICC_ABPR, 0);
	gc_wr32(gc.gicc + GICC_CTLR, c);
	gc_resx(gc_rd32(gc.gicc + GICC_IIDR), "cpuif.cpu%u.gicc_iidr", cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_RPR), "cpuif.cpu%u.gicc_rpr.idle", cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_HPPIR), "cpuif.cpu%u.gicc_hppir.idle", cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_AHPPIR), "cpuif.cpu%u.gicc_ahppir.idle",
		cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_IAR), "cpuif.cpu%u.gicc_iar.idle", cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_AIAR), "cpuif.cpu%u.gicc_aiar.idle", cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_APR0), "cpuif.cpu%u.gicc_apr0.idle", cpu);
	gc_resx(gc_rd32(gc.gicc + GICC_NSAPR0), "cpuif.cpu%u.gicc_nsapr0.idle",
		cpu);
}

void gc_cpuif_cpu(uint32_t cpu)
{
	if (gc.version == 3) {
		v3(cpu);
		gc_syswrite(ICC_PMR, 0xff);
	} else {
		v2(cpu);
		gc_wr32(gc.gicc + GICC_PMR, 0xff);
	}
	gc_eoimode_set(false);
}

void gc_sec_cpuif(void)
{
	for (unsigned int c = 0; c < gc.ncpus; c++) {
		if (gc_cpu_up(c))
			gc_on_cpu(c, gc_cpuif_cpu, c);
	}
}
