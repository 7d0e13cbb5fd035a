/*
 * The distributor's registers, for the interrupts the guest owns, at the
 * access widths the architecture allows: 32 bits everywhere, bytes for
 * GICD_IPRIORITYR and (v2) GICD_ITARGETSR, 64 bits for (v3) GICD_IROUTER.
 * Each write is followed by the reads that show what it did.  The
 * interrupts are disabled and their sources quiet throughout.
 */
#include "../gicconf.h"

#define ARCHREV(pidr2) (((pidr2) >> 4) & 0xfu)
#define FIELD(v, hi, lo) (((v) >> (lo)) & ((1ull << ((hi) - (lo) + 1)) - 1))
#define CTLR_RWP (1u << 31)

static const uint32_t spis[] = { GC_UART_INTID, GC_RTC_INTID };
#define NSPIS (sizeof(spis) / sizeof(spis[0]))

static uint32_t ctlr(void)
{
	return gc_rd32(gc.gicd + GICD_CTLR) & ~CTLR_RWP;
}

static void typer_v3(uint32_t t)
{
	gc_resx(FIELD(t, 7, 5), "dist.typer.cpunumber");
	gc_resx(FIELD(t, 8, 8), "dist.typer.espi");
	gc_resx(FIELD(t, 10, 10), "dist.typer.securityextn");
	gc_resx(FIELD(t, 15, 11), "dist.typer.num_lpis");
	gc_resx(FIELD(t, 16, 16), "dist.typer.mbis");
	gc_resx(FIELD(t, 17, 17), "dist.typer.lpis");
	gc_resx(FIELD(t, 18, 18), "dist.typer.dvis");
	gc_resx(FIELD(t, 23, 19), "dist.typer.idbits");
	gc_resx(FIELD(t, 24, 24), "dist.typer.a3v");
	gc_resx(FIELD(t, 25, 25), "dist.typer.no1n");
	gc_resx(FIELD(t, 26, 26), "dist.typer.rss");
	gc_resx(gc_rd32(gc.gicd + GICD_TYPER2), "dist.typer2");
	gc_resx(gc_rd32(gc.gicd + GICD_STATUSR), "dist.statusr");
}

static void id_regs(void)
{
	uint32_t t = gc_rd32(gc.gicd + GICD_TYPER);
	uint32_t lines = 32 * ((t & 0x1fu) + 1);

	gc_info("GICD_TYPER 0x%lx: %lu interrupt IDs", (unsigned long)t,
		(unsigned long)lines);
	gc_resx(ARCHREV(gc_rd32(gc.gicd + (gc.version == 3 ? GICD_PIDR2_V3 :
						  GICD_PIDR2_V2))),
		"dist.pidr2.archrev");
	/* ITLinesNumber depends on the machine: does it cover the guest's? */
	gc_resu(lines > GC_RTC_INTID && lines > GC_UART_INTID,
		"dist.typer.itlines_cover_owned_spis");
	gc_resx(gc_rd32(gc.gicd + GICD_IIDR), "dist.iidr");
	if (gc.version == 3) {
		typer_v3(t);
		gc_resx(gc_rd32(gc.gicd + GICD_PIDR2_V2), "dist.v2_id_offset_0xfe8");
	} else {
		gc_resx(FIELD(t, 7, 5), "dist.typer.cpunumber");
		gc_resx(FIELD(t, 10, 10), "dist.typer.securityextn");
		gc_resx(FIELD(t, 15, 11), "dist.typer.lspi");
	}
}

static void ctlr_writes(void)
{
	static const uint32_t v3[] = { 0x12, 0x13, 0x11, 0x10, 0x12 };
	static const uint32_t v2[] = { 0x1, 0x0, 0x3, 0x1 };
	const uint32_t *w = gc.version == 3 ? v3 : v2;
	unsigned int n = gc.version == 3 ? sizeof(v3) / sizeof(v3[0])
					 : sizeof(v2) / sizeof(v2[0]);

	gc_resx(ctlr(), "dist.ctlr.after_init");
	for (unsigned int i = 0; i < n; i++) {
		gc_wr32(gc.gicd + GICD_CTLR, w[i]);
		gc_resx(ctlr(), "dist.ctlr.write_0x%lx.%u", (unsigned long)w[i], i);
	}
	gc_dist_enable(true);
}

/* One bit of a set/clear register pair: write set, read both, clear, read. */
static void set_clear(uint32_t intid, const char *name, uint32_t set,
		      uint32_t clr)
{
	gc_bit_set(0, set, intid);
	gc_resu(gc_bit(0, set, intid), "dist.%u.%s.set.read_set", intid, name);
	gc_resu(gc_bit(0, clr, intid), "dist.%u.%s.set.read_clear", intid, name);
	gc_bit_set(0, clr, intid);
	gc_resu(gc_bit(0, set, intid), "dist.%u.%s.clear.read_set", intid, name);
	gc_resu(gc_bit(0, clr, intid), "dist.%u.%s.clear.read_clear", intid,
		name);
}

static void group(uint32_t intid)
{
	uintptr_t reg = gc.gicd + GICD_IGROUPR + intid / 32 * 4;
	uint32_t bit = 1u << (intid % 32), was = gc_rd32(reg);

	gc_resu((was & bit) != 0, "dist.%u.igroupr.after_init", intid);
	gc_wr32(reg, was ^ bit);
	gc_resu((gc_rd32(reg) & bit) != 0, "dist.%u.igroupr.toggled", intid);
	gc_wr32(reg, was);
	gc_resu((gc_rd32(reg) & bit) != 0, "dist.%u.igroupr.restored", intid);
}

static void priority(uint32_t intid)
{
	static const uint8_t vals[] = { 0xff, 0x00, 0xa4, 0x81, 0x80 };
	uintptr_t word = gc.gicd + GICD_IPRIORITYR + (intid & ~3u);
	uint32_t lane = (intid % 4) * 8;

	for (unsigned int i = 0; i < sizeof(vals); i++) {
		gc_prio_set(0, intid, vals[i]);
		gc_resx(gc_prio(0, intid), "dist.%u.ipriorityr.byte_0x%02x", intid,
			vals[i]);
	}
	gc_resx((gc_rd32(word) >> lane) & 0xffu, "dist.%u.ipriorityr.word_read",
		intid);
	gc_wr32(word, (gc_rd32(word) & ~(0xffu << lane)) | 0x90u << lane);
	gc_resx(gc_prio(0, intid), "dist.%u.ipriorityr.word_write_0x90", intid);
	gc_prio_set(0, intid, 0xa0);
}

static void config(uint32_t intid)
{
	uintptr_t reg = gc.gicd + GICD_ICFGR + intid / 16 * 4;
	unsigned int sh = intid % 16 * 2;
	uint32_t was = gc_rd32(reg);

	gc_resx((was >> sh) & 3u, "dist.%u.icfgr.after_init", intid);
	gc_wr32(reg, was | 2u << sh);
	gc_resx((gc_rd32(reg) >> sh) & 3u, "dist.%u.icfgr.edge", intid);
	gc_wr32(reg, was | 1u << sh);
	gc_resx((gc_rd32(reg) >> sh) & 3u, "dist.%u.icfgr.bit0", intid);
	gc_wr32(reg, was & ~(3u << sh));
	gc_resx((gc_rd32(reg) >> sh) & 3u, "dist.%u.icfgr.level", intid);
}

static void irouter(uint32_t intid)
{
	static const uint64_t vals[] = { 0x0, 0x100000000ull, 0x80000000ull,
					 0x7, 0x1, 0x100, 0x0 };
	uintptr_t reg = gc.gicd + GICD_IROUTER + 8u * intid;

	for (unsigned int i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		gc_wr64(reg, vals[i]);
		gc_resx(gc_rd64(reg), "dist.%u.irouter.write64_0x%llx.%u", intid,
			(unsigned long long)vals[i], i);
	}
	gc_wr32(reg, 0x1);
	gc_wr32(reg + 4, 0x0);
	gc_resx(gc_rd64(reg), "dist.%u.irouter.write32_lo_0x1", intid);
	gc_resx(gc_rd32(reg), "dist.%u.irouter.read32_lo", intid);
	gc_resx(gc_rd32(reg + 4), "dist.%u.irouter.read32_hi", intid);
	gc_route(intid, 0);
	gc_resx(gc_rd64(reg), "dist.%u.irouter.restored", intid);
}

static void itargets(uint32_t intid)
{
	uintptr_t reg = gc.gicd + GICD_ITARGETSR + intid;
	static const uint8_t vals[] = { 0x01, 0x00, 0xff, 0x03, 0x02, 0x01 };
	unsigned int lane = intid % 4 * 8;

	for (unsigned int i = 0; i < sizeof(vals); i++) {
		gc_wr8(reg, vals[i]);
		gc_resx(gc_rd8(reg), "dist.%u.itargetsr.byte_0x%02x.%u", intid,
			vals[i], i);
	}
	gc_resx((gc_rd32(reg & ~3ul) >> lane) & 0xffu,
		"dist.%u.itargetsr.word_read", intid);
	gc_wr32(reg & ~3ul, (gc_rd32(reg & ~3ul) & ~(0xffu << lane)) | 1u << lane);
	gc_resx(gc_rd8(reg), "dist.%u.itargetsr.word_write_0x01", intid);
	gc_route(intid, 0);
}

static void spi(uint32_t intid)
{
	gc_bit_set(0, GICD_ICENABLER, intid);
	group(intid);
	set_clear(intid, "enable", GICD_ISENABLER, GICD_ICENABLER);
	set_clear(intid, "pend", GICD_ISPENDR, GICD_ICPENDR);
	set_clear(intid, "active", GICD_ISACTIVER, GICD_ICACTIVER);
	priority(intid);
	config(intid);
	if (gc.version == 3)
		irouter(intid);
	else
		itargets(intid);
}

/*
 * The architecture's way to find which interrupts exist (IHI 0048
 * §3.1.2, IHI 0069 §12.9.22 for ISENABLER): write ones, read back.  Only
 * the guest's own SPIs are compared.
 */
static void probe(void)
{
	uintptr_t set = gc.gicd + GICD_ISENABLER + 4, clr = gc.gicd + GICD_ICENABLER + 4;
	uint32_t own = 1u << (GC_UART_INTID - 32) | 1u << (GC_RTC_INTID - 32);

	gc_wr32(set, ~0u);
	gc_resx(gc_rd32(set) & own, "dist.probe.isenabler1.owned");
	gc_wr32(clr, ~0u);
	gc_resx(gc_rd32(set) & own, "dist.probe.icenabler1.owned");
}

/* GICv2: SGIs and PPIs are in the distributor, banked per CPU. */
static void private_v2(void)
{
	static const uint32_t ids[] = { 0, 1, 15, GC_VTIMER_INTID, GC_PTIMER_INTID };

	for (unsigned int i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		gc_resx(gc_rd8(gc.gicd + GICD_ITARGETSR + ids[i]),
			"dist.%u.itargetsr.read", ids[i]);
	gc_resx(gc_rd32(gc.gicd + GICD_ICFGR), "dist.icfgr0.sgis");
	set_clear(1, "enable", GICD_ISENABLER, GICD_ICENABLER);
	set_clear(GC_VTIMER_INTID, "enable", GICD_ISENABLER, GICD_ICENABLER);
	set_clear(GC_VTIMER_INTID, "pend", GICD_ISPENDR, GICD_ICPENDR);
	set_clear(GC_VTIMER_INTID, "active", GICD_ISACTIVER, GICD_ICACTIVER);
	gc_prio_set(0, 1, 0xff);
	gc_resx(gc_prio(0, 1), "dist.1.ipriorityr.byte_0xff");
	gc_prio_set(0, 1, 0xa0);
	config(GC_VTIMER_INTID);
}

void gc_sec_dist(void)
{
	gc_quiet_all();
	id_regs();
	ctlr_writes();
	for (unsigned int i = 0; i < NSPIS; i++)
		spi(spis[i]);
	probe();
	if (gc.version == 2)
		private_v2();
}
