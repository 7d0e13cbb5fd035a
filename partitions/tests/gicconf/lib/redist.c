/*
 * GICv3 redistributors: each CPU looks at its own frame (the one the walk
 * found for it), at the widths the architecture allows (GICR_TYPER is a
 * 64-bit register, also readable as two 32-bit halves).
 */
#include "../gicconf.h"

#define ARCHREV(pidr2) (((pidr2) >> 4) & 0xfu)
#define FIELD(v, hi, lo) (((v) >> (lo)) & ((1ull << ((hi) - (lo) + 1)) - 1))
#define OWNED0 (0xffffu | 1u << GC_VTIMER_INTID | 1u << GC_PTIMER_INTID)

static void typer(unsigned int cpu, uintptr_t rd)
{
	uint64_t t = gc_rd64(rd + GICR_TYPER);
	uint64_t halves = gc_rd32(rd + GICR_TYPER) |
			  (uint64_t)gc_rd32(rd + GICR_TYPER + 4) << 32;

	gc_resx(t >> 32, "redist.cpu%u.typer.affinity", cpu);
	gc_resx(FIELD(t, 23, 8), "redist.cpu%u.typer.processor_number", cpu);
	gc_resx(FIELD(t, 0, 0), "redist.cpu%u.typer.plpis", cpu);
	gc_resx(FIELD(t, 1, 1), "redist.cpu%u.typer.vlpis", cpu);
	gc_resx(FIELD(t, 2, 2), "redist.cpu%u.typer.dirty", cpu);
	gc_resx(FIELD(t, 3, 3), "redist.cpu%u.typer.directlpi", cpu);
	gc_resx(FIELD(t, 5, 5), "redist.cpu%u.typer.dpgs", cpu);
	gc_resx(FIELD(t, 7, 6), "redist.cpu%u.typer.mpam_rvpeid", cpu);
	gc_resx(FIELD(t, 25, 24), "redist.cpu%u.typer.commonlpiaff", cpu);
	gc_resu(halves == t, "redist.cpu%u.typer.halves_equal_64bit_read", cpu);
}

static void waker(unsigned int cpu, uintptr_t rd)
{
	gc_resx(gc_rd32(rd + GICR_WAKER), "redist.cpu%u.waker.after_init", cpu);
	gc_wr32(rd + GICR_WAKER, GICR_WAKER_SLEEP);
	gc_resx(gc_rd32(rd + GICR_WAKER), "redist.cpu%u.waker.sleep", cpu);
	gc_wr32(rd + GICR_WAKER, 0);
	gc_spin(GC_SETTLE_US);
	gc_resx(gc_rd32(rd + GICR_WAKER), "redist.cpu%u.waker.awake", cpu);
}

static void bits(unsigned int cpu, uintptr_t sgi, const char *name,
		 uint32_t set, uint32_t clr, uint32_t intid)
{
	gc_wr32(sgi + set, 1u << intid);
	gc_resx(gc_rd32(sgi + set) & OWNED0, "redist.cpu%u.%s.set_%u", cpu, name,
		intid);
	gc_wr32(sgi + clr, 1u << intid);
	gc_resx(gc_rd32(sgi + clr) & OWNED0, "redist.cpu%u.%s.clear_%u", cpu,
		name, intid);
}

static void sgi_frame(unsigned int cpu, uintptr_t sgi)
{
	uint32_t grp = gc_rd32(sgi + GICD_IGROUPR);

	gc_resx(grp & OWNED0, "redist.cpu%u.igroupr0.after_init", cpu);
	gc_wr32(sgi + GICD_IGROUPR, grp & ~2u);
	gc_resx(gc_rd32(sgi + GICD_IGROUPR) & OWNED0,
		"redist.cpu%u.igroupr0.sgi1_group0", cpu);
	gc_wr32(sgi + GICD_IGROUPR, grp);
	bits(cpu, sgi, "enable", GICD_ISENABLER, GICD_ICENABLER, 1);
	bits(cpu, sgi, "enable", GICD_ISENABLER, GICD_ICENABLER, GC_VTIMER_INTID);
	bits(cpu, sgi, "pend", GICD_ISPENDR, GICD_ICPENDR, 1);
	bits(cpu, sgi, "pend", GICD_ISPENDR, GICD_ICPENDR, GC_PTIMER_INTID);
	bits(cpu, sgi, "active", GICD_ISACTIVER, GICD_ICACTIVER, 1);
	bits(cpu, sgi, "active", GICD_ISACTIVER, GICD_ICACTIVER, GC_VTIMER_INTID);
	gc_wr32(sgi + GICD_IPRIORITYR, 0x10203040u);
	gc_resx(gc_rd32(sgi + GICD_IPRIORITYR), "redist.cpu%u.ipriorityr0.word",
		cpu);
	gc_wr8(sgi + GICD_IPRIORITYR + GC_VTIMER_INTID, 0xff);
	gc_resx(gc_rd8(sgi + GICD_IPRIORITYR + GC_VTIMER_INTID),
		"redist.cpu%u.ipriorityr.27.byte_0xff", cpu);
	for (uint32_t i = 0; i < 4; i++)
		gc_prio_set(cpu, i, 0xa0);
	gc_prio_set(cpu, GC_VTIMER_INTID, 0xa0);
}

static void config(unsigned int cpu, uintptr_t sgi)
{
	uint32_t own1 = 3u << (GC_VTIMER_INTID % 16 * 2) |
			3u << (GC_PTIMER_INTID % 16 * 2);
	uint32_t c1 = gc_rd32(sgi + GICD_ICFGR + 4);

	gc_resx(gc_rd32(sgi + GICD_ICFGR), "redist.cpu%u.icfgr0", cpu);
	gc_wr32(sgi + GICD_ICFGR, 0);
	gc_resx(gc_rd32(sgi + GICD_ICFGR), "redist.cpu%u.icfgr0.write_0", cpu);
	gc_resx(c1 & own1, "redist.cpu%u.icfgr1.owned", cpu);
	gc_wr32(sgi + GICD_ICFGR + 4, c1 | 2u << (GC_VTIMER_INTID % 16 * 2));
	gc_resx(gc_rd32(sgi + GICD_ICFGR + 4) & own1,
		"redist.cpu%u.icfgr1.vtimer_edge", cpu);
	gc_wr32(sgi + GICD_ICFGR + 4, c1);
	gc_resx(gc_rd32(sgi + GICD_ICFGR + 4) & own1,
		"redist.cpu%u.icfgr1.restored", cpu);
	gc_resx(gc_rd32(sgi + GICD_IGRPMODR), "redist.cpu%u.igrpmodr0", cpu);
	gc_resx(gc_rd32(sgi + GICD_NSACR), "redist.cpu%u.nsacr", cpu);
}

void gc_redist_cpu(uint32_t cpu)
{
	uintptr_t rd = gc.rd[cpu];

	if (!rd)
		return;
	gc_resx(ARCHREV(gc_rd32(rd + GICR_PIDR2)), "redist.cpu%u.pidr2.archrev",
		cpu);
	gc_resx(gc_rd32(rd + GICR_IIDR), "redist.cpu%u.iidr", (unsigned int)cpu);
	gc_resx(gc_rd32(rd + GICR_CTLR), "redist.cpu%u.ctlr", (unsigned int)cpu);
	typer(cpu, rd);
	waker(cpu, rd);
	sgi_frame(cpu, rd + GICR_SGI);
	config(cpu, rd + GICR_SGI);
}

void gc_sec_redist(void)
{
	for (unsigned int c = 0; c < gc.ncpus; c++) {
		if (gc_cpu_up(c))
			gc_on_cpu(c, gc_redist_cpu, c);
	}
}
