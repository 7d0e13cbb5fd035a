/*
 * What a guest finds before it sets anything up: its GIC and, on GICv3,
 * its redistributors, walked the way an OS walks them (region by region,
 * frame by frame until GICR_TYPER.Last); then the state the GIC is in out
 * of reset.
 */
#include <stdio.h>
#include <string.h>

#include "../gicconf.h"

#define FRAME_VLPI 0x40000ul	/* RD, SGI, VLPI and reserved frames */
#define ARCHREV(pidr2) (((pidr2) >> 4) & 0xfu)

/* How one region's walk ended. */
enum walk_end { END_LAST, END_NO_LAST, END_HOLE };

struct walk {
	char cpus[64];		/* Aff0 of each frame, in walk order */
	unsigned int frames, len;
	unsigned int found[GC_MAX_CPUS];
	char ends[96];		/* the regions that did not end on Last */
	unsigned int elen;
};

static void add_frame(struct walk *w, uintptr_t at, uint64_t typer)
{
	unsigned int aff0 = (unsigned int)(typer >> 32) & 0xffu;
	int n = snprintf(w->cpus + w->len, sizeof(w->cpus) - w->len, "%s%u",
			 w->frames ? " " : "", aff0);

	if (n > 0 && (unsigned int)n < sizeof(w->cpus) - w->len)
		w->len += (unsigned int)n;
	w->frames++;
	/* The frame's CPU is its affinity (Aff3-1 are zero on QEMU virt). */
	if ((typer >> 40) == 0 && aff0 < GC_MAX_CPUS) {
		w->found[aff0]++;
		if (!gc.rd[aff0])
			gc.rd[aff0] = at;
	}
}

static enum walk_end walk_region(struct walk *w, unsigned int r)
{
	uintptr_t at = gc.rd_base[r], end = at + gc.rd_size[r];

	while (at + GICR_FRAME <= end) {
		uint64_t typer;

		if (ARCHREV(gc_rd32(at + GICR_PIDR2)) < 3)
			return END_HOLE;
		typer = gc_rd64(at + GICR_TYPER);
		add_frame(w, at, typer);
		if (typer & GICR_TYPER_LAST)
			return END_LAST;
		at += (typer & GICR_TYPER_VLPIS) ? FRAME_VLPI : GICR_FRAME;
	}
	return END_NO_LAST;
}

static void walk(void)
{
	static const char *const names[] = { "last", "no-last", "hole" };
	struct walk w = { .frames = 0 };
	bool all = true;

	for (unsigned int r = 0; r < gc.nregions; r++) {
		enum walk_end e = walk_region(&w, r);
		int n;

		gc_info("redistributor region %u: 0x%lx, 0x%llx bytes: %s", r,
			(unsigned long)gc.rd_base[r],
			(unsigned long long)gc.rd_size[r], names[e]);
		if (e == END_LAST)
			continue;
		n = snprintf(w.ends + w.elen, sizeof(w.ends) - w.elen,
			     "%sregion%u:%s", w.elen ? " " : "", r, names[e]);
		if (n > 0 && (unsigned int)n < sizeof(w.ends) - w.elen)
			w.elen += (unsigned int)n;
	}
	gc_res(w.frames ? w.cpus : "none", "redist.walk.aff0");
	gc_res(w.elen ? w.ends : "every-region-ends-on-last", "redist.walk.end");
	for (unsigned int c = 0; c < gc.ncpus; c++)
		all = all && w.found[c] == 1;
	gc_resu(all && w.frames == gc.ncpus, "redist.walk.each_cpu_once");
	for (unsigned int c = 0; c < gc.ncpus; c++) {
		if (!gc.rd[c])
			gc_problem("no redistributor found for CPU %u", c);
	}
}

void gc_sec_discover(void)
{
	gc_resu(gc.version, "machine.gic_version");
	gc_resu(gc.ncpus, "machine.cpus");
	gc_info("distributor 0x%lx, CPU interface 0x%lx, %u redistributor "
		"regions", (unsigned long)gc.gicd, (unsigned long)gc.gicc,
		gc.nregions);
	if (gc.version == 3)
		walk();
}

/* Owned interrupts of a word, as a mask: SGIs, the timers, the SPIs. */
static uint32_t owned(unsigned int word)
{
	if (word == 0)
		return 0xffffu | 1u << GC_VTIMER_INTID | 1u << GC_PTIMER_INTID;
	if (word == 1)
		return 1u << (GC_UART_INTID - 32) | 1u << (GC_RTC_INTID - 32);
	return 0;
}

static void reset_bits(const char *name, uint32_t reg)
{
	for (unsigned int w = 0; w < 2; w++) {
		uintptr_t f = gc_frame(0, w * 32) + reg + w * 4;

		gc_resx(gc_rd32(f) & owned(w), "reset.%s%u.owned", name, w);
	}
}

void gc_sec_reset(void)
{
	if (gc.version == 3) {
		gc_resx(gc_rd32(gc.gicd + GICD_CTLR) & 0x7fffffffu, "reset.gicd_ctlr");
		gc_resx(gc_rd32(gc.rd[0] + GICR_WAKER), "reset.gicr_waker");
		gc_resx(gc_rd32(gc.rd[0] + GICR_CTLR), "reset.gicr_ctlr");
		gc_resx(gc_sysread(ICC_IGRPEN1), "reset.icc_igrpen1");
		gc_resx(gc_sysread(ICC_IGRPEN0), "reset.icc_igrpen0");
		gc_resx(gc_sysread(ICC_CTLR) & 0x3u, "reset.icc_ctlr.eoimode_cbpr");
		gc_resx(gc_sysread(ICC_AP1R0), "reset.icc_ap1r0");
		gc_resx(gc_sysread(ICC_RPR), "reset.icc_rpr");
	} else {
		gc_resx(gc_rd32(gc.gicd + GICD_CTLR), "reset.gicd_ctlr");
		gc_resx(gc_rd32(gc.gicc + GICC_CTLR), "reset.gicc_ctlr");
		gc_resx(gc_rd32(gc.gicc + GICC_APR0), "reset.gicc_apr0");
		gc_resx(gc_rd32(gc.gicc + GICC_RPR), "reset.gicc_rpr");
	}
	reset_bits("isenabler", GICD_ISENABLER);
	reset_bits("ispendr", GICD_ISPENDR);
	reset_bits("isactiver", GICD_ISACTIVER);
	reset_bits("igroupr", GICD_IGROUPR);
}
