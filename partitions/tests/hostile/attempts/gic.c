/*
 * Interrupts the cell does not own, through its emulated distributor and
 * redistributors and its SGI registers.  Documented outcome: another's
 * interrupt reads as zero and ignores writes (logged once per register
 * kind); redistributor frames of CPUs that are not the cell's read as zero
 * and ignore writes; an SGI reaches only the sender's own cell, whatever
 * target list, broadcast or affinity it names.
 */
#include <kit/gic.h>
#include <kit/sysreg.h>

#include "../hostile.h"

/* Its own SPIs: the virtual UART and the two channels' doorbells. */
#define OWN_SPIS ((1u << (OWN_UART_INTID - 32)) | \
		  (1u << (PROGRESS_INTID - 32)) | (1u << (READONLY_INTID - 32)))

static bool v3(void)
{
	return kit_gic_version() == 3;
}

static uint32_t bit(uint32_t intid)
{
	return 1u << (intid % 32);
}

static uint32_t word(uint32_t intid)
{
	return intid / 32 * 4;
}

/* Every register kind, aimed at interrupt `intid`, with non-zero data. */
static void hit_interrupt(uint32_t intid)
{
	uint32_t byte = 0xa0u << (intid % 4 * 8);

	kit_gicd_write(GICD_ISENABLER + word(intid), bit(intid));
	kit_gicd_write(GICD_ICENABLER + word(intid), bit(intid));
	kit_gicd_write(GICD_ISPENDR + word(intid), bit(intid));
	kit_gicd_write(GICD_ICPENDR + word(intid), bit(intid));
	kit_gicd_write(GICD_ISACTIVER + word(intid), bit(intid));
	kit_gicd_write(GICD_ICACTIVER + word(intid), bit(intid));
	kit_gicd_write(GICD_IPRIORITYR + (intid & ~3u), byte);
	kit_gicd_write(GICD_ICFGR + intid / 16 * 4, 2u << (intid % 16 * 2));
	if (v3())
		kit_write64(GICD + GICD_IROUTER + intid * 8, 1);
	else
		kit_gicd_write(GICD_ITARGETSR + (intid & ~3u), 0x02u << (intid % 4 * 8));
}

/* The PPIs of its own CPU that are not its (PMU, maintenance, EL2 timer). */
static uintptr_t own_ppi_enable(void)
{
	return v3() ? GICV3_GICR + GICR_SGI + GICD_ISENABLER
		    : GICD + GICD_ISENABLER;
}

void gicd_foreign_round(const struct round *r)
{
	uint32_t id = RTC_INTID, shift = id % 4 * 8;
	uint32_t ppis = (1u << 23) | (1u << 25) | (1u << 26);
	uint64_t route;

	(void)r;
	hit_interrupt(id);
	route = v3() ? kit_read64(GICD + GICD_IROUTER + id * 8)
		     : (kit_gicd_read(GICD_ITARGETSR + (id & ~3u)) >> shift) & 0xff;
	check("gicd_foreign.enable_reads_zero",
	      !(kit_gicd_read(GICD_ISENABLER + word(id)) & bit(id)));
	check("gicd_foreign.pending_reads_zero",
	      !(kit_gicd_read(GICD_ISPENDR + word(id)) & bit(id)));
	check("gicd_foreign.active_reads_zero",
	      !(kit_gicd_read(GICD_ISACTIVER + word(id)) & bit(id)));
	check("gicd_foreign.priority_reads_zero",
	      !((kit_gicd_read(GICD_IPRIORITYR + (id & ~3u)) >> shift) & 0xff));
	check("gicd_foreign.config_reads_zero",
	      !((kit_gicd_read(GICD_ICFGR + id / 16 * 4) >> (id % 16 * 2)) & 3));
	check("gicd_foreign.route_reads_zero", route == 0);
	kit_write32(own_ppi_enable(), ppis);
	check("gicd_foreign.unowned_ppis_stay_off",
	      !(kit_read32(own_ppi_enable()) & ppis));
}

/* Write `value` to every SPI word of a bank; return the bank's OR. */
static uint32_t sweep(uint32_t bank, uint32_t value, uint32_t *first_word)
{
	uint32_t others = 0;

	for (uint32_t w = 1; w < 32; w++)
		kit_gicd_write(bank + w * 4, value);
	*first_word = kit_gicd_read(bank + 4);
	for (uint32_t w = 2; w < 32; w++)
		others |= kit_gicd_read(bank + w * 4);
	return others;
}

void gicd_sweep_round(const struct round *r)
{
	uint32_t typer = kit_gicd_read(GICD_TYPER), first, others;

	(void)r;
	others = sweep(GICD_ISENABLER, ~0u, &first);
	check("gicd_sweep.only_own_spis_enable", first == OWN_SPIS && !others);
	(void)sweep(GICD_ICENABLER, ~0u, &first);
	check("gicd_sweep.disable_leaves_nothing_on",
	      !(kit_gicd_read(GICD_ISENABLER + 4)));
	(void)sweep(GICD_ICPENDR, ~0u, &first);
	for (uint32_t id = 32; id < 1020; id++) {
		if (v3())
			kit_write64(GICD + GICD_IROUTER + id * 8, 0x80000001u);
		else if (id % 4 == 0)
			kit_gicd_write(GICD_ITARGETSR + id, 0xffffffffu);
	}
	/*
	 * An own SPI routed to a CPU the cell lacks goes to no CPU, as the
	 * architecture says: v3 keeps the route as written, v2's target bits
	 * of absent CPUs read as zero.  Then back to its CPU 0.
	 */
	if (v3())
		kit_write64(GICD + GICD_IROUTER + OWN_UART_INTID * 8, 7);
	else
		kit_gicd_write(GICD_ITARGETSR + 32, 0x8080u);
	check("gicd_sweep.route_beyond_its_cpus_reaches_nobody",
	      v3() ? kit_read64(GICD + GICD_IROUTER + OWN_UART_INTID * 8) == 7
		   : ((kit_gicd_read(GICD_ITARGETSR + 32) >> 8) & 0xff) == 0);
	kit_gic_route(OWN_UART_INTID, 0);
	/* CPUNumber: v2 its CPUs; v3 0 (affinity routing is always on). */
	check("gicd_sweep.typer_shows_own_lines_and_cpus",
	      (typer & 0x1f) == 1 &&
		      ((typer >> 5) & 7) == (v3() ? 0 : hostile_cpus() - 1));
	/* Its own distributor off and on again: nobody else's. */
	kit_gicd_write(GICD_CTLR, 0);
	check("gicd_sweep.ctlr_is_its_own",
	      !(kit_gicd_read(GICD_CTLR) & (v3() ? 2u : 1u)));
	kit_gic_init();
}

/* --- SGIs -------------------------------------------------------------- */

#define ICC_SGI1R(v) sysreg_write(S3_0_C12_C11_5, (v))
#define ICC_ASGI1R(v) sysreg_write(S3_0_C12_C11_6, (v))
#define ICC_SGI0R(v) sysreg_write(S3_0_C12_C11_7, (v))
#define SGI_ID(n) ((uint64_t)(n) << 24)
#define SGI_AFF1(n) ((uint64_t)(n) << 16)
#define SGI_AFF2(n) ((uint64_t)(n) << 32)
#define SGI_IRM (1ull << 40)
#define SGI_RS(n) ((uint64_t)(n) << 44)
#define SGI_AFF3(n) ((uint64_t)(n) << 48)
#define SGIR_FILTER(f) ((uint32_t)(f) << 24)
#define SGIR_TARGETS(t) ((uint32_t)(t) << 16)

/* What one SGI case should deliver to CPU 0 and CPU 1 of the cell. */
struct sgi_case {
	const char *name;
	uint32_t sgi;
	uint64_t value;		/* ICC_SGI1R (v3) or GICD_SGIR (v2) */
	unsigned int to0, to1;
	unsigned int reg;	/* v3: 0 SGI1R, 1 ASGI1R, 2 SGI0R */
};

static const struct sgi_case v3_cases[] = {
	{ "sgi.every_aff0_reaches_own_cpus", 1, SGI_ID(1) | 0xffff, 1, 1, 0 },
	{ "sgi.broadcast_stays_in_cell", 2, SGI_ID(2) | SGI_IRM, 0, 1, 0 },
	{ "sgi.other_cluster_reaches_nobody", 3, SGI_ID(3) | SGI_AFF1(1) | 0xffff,
	  0, 0, 0 },
	{ "sgi.aff2_aff3_rs_reach_nobody", 4,
	  SGI_ID(4) | SGI_AFF2(1) | SGI_AFF3(1) | SGI_RS(1) | 0xffff, 0, 0, 0 },
	/* Group 0 SGIs (one security state): its SGIs are Group 1, so these
	 * reach nobody, its own CPUs included. */
	{ "sgi.asgi1r_stays_in_cell", 5, SGI_ID(5) | 1, 0, 0, 1 },
	{ "sgi.sgi0r_stays_in_cell", 6, SGI_ID(6) | 1, 0, 0, 2 },
};

static const struct sgi_case v2_cases[] = {
	{ "sgi.every_target_reaches_own_cpus", 1,
	  SGIR_FILTER(0) | SGIR_TARGETS(0xff) | 1, 1, 1, 0 },
	{ "sgi.all_but_self_stays_in_cell", 2, SGIR_FILTER(1) | 2, 0, 1, 0 },
	{ "sgi.reserved_filter_reaches_nobody", 3,
	  SGIR_FILTER(3) | SGIR_TARGETS(0xff) | 3, 0, 0, 0 },
	{ "sgi.self_filter_reaches_self", 5, SGIR_FILTER(2) | 5, 1, 0, 0 },
};

static void send(const struct sgi_case *c)
{
	if (!v3())
		kit_gicd_write(GICD_SGIR, (uint32_t)c->value);
	else if (c->reg == 1)
		ICC_ASGI1R(c->value);
	else if (c->reg == 2)
		ICC_SGI0R(c->value);
	else
		ICC_SGI1R(c->value);
	__asm__ volatile("isb" : : : "memory");
}

/* Send one case and check exactly what arrived where. */
static void sgi_case(const struct sgi_case *c, bool sibling)
{
	uint32_t b0 = irq_count[0][c->sgi], b1 = irq_count[1][c->sgi];
	unsigned int to1 = sibling ? c->to1 : 0;

	send(c);
	(void)wait_count(&irq_count[0][c->sgi], b0 + c->to0, WAIT_US);
	(void)wait_count(&irq_count[1][c->sgi], b1 + to1, WAIT_US);
	kit_udelay(20000);	/* anything more would be late, not missing */
	check(c->name, irq_count[0][c->sgi] == b0 + c->to0 &&
			       irq_count[1][c->sgi] == b1 + to1);
}

void sgi_round(const struct round *r)
{
	bool sibling = hostile_cpus() > 1 && second_cpu_start(second_cpu_idle);
	const struct sgi_case *cases = v3() ? v3_cases : v2_cases;
	unsigned int n = v3() ? sizeof(v3_cases) / sizeof(v3_cases[0])
			      : sizeof(v2_cases) / sizeof(v2_cases[0]);

	(void)r;
	for (uint32_t s = 0; s < 16; s++)
		kit_gic_enable(s);
	for (unsigned int i = 0; i < n; i++)
		sgi_case(&cases[i], sibling);
	if (sibling)
		check("sgi.sibling_stops", second_cpu_stop());
}

/* --- GICv3 redistributors ------------------------------------------- */

static bool board_cpu_is_own(unsigned int b)
{
	return b == 0 || (b == 2 && hostile_cpus() > 1);
}

/* Hit a foreign frame with writes; true if it still reads all zero. */
static bool frame_inert(uintptr_t rd)
{
	kit_write32(rd + GICR_WAKER, 2);	/* ProcessorSleep */
	kit_write32(rd + GICR_CTLR, 0);
	kit_write32(rd + GICR_SGI + GICD_ICENABLER, ~0u);
	kit_write32(rd + GICR_SGI + GICD_ISPENDR, ~0u);
	kit_write32(rd + GICR_SGI + GICD_ICPENDR, ~0u);
	kit_write32(rd + GICR_SGI + GICD_IPRIORITYR, ~0u);
	return kit_read64(rd + GICR_TYPER) == 0 && kit_read32(rd + GICR_PIDR2) == 0 &&
	       kit_read32(rd + GICR_WAKER) == 0 &&
	       kit_read32(rd + GICR_SGI + GICD_ISENABLER) == 0 &&
	       kit_read32(rd + GICR_SGI + GICD_ISPENDR) == 0;
}

void gicr_round(const struct round *r)
{
	bool inert = true, own = true;

	(void)r;
	for (unsigned int b = 0; b < 8; b++) {
		uintptr_t rd = GICV3_GICR + b * GICR_STRIDE;

		if (board_cpu_is_own(b))
			own &= (kit_read64(rd + GICR_TYPER) >> 32) == (b ? 1u : 0u);
		else
			inert &= frame_inert(rd);
	}
	check("gicr.foreign_frames_read_zero_and_ignore_writes", inert);
	check("gicr.own_frames_show_its_cpus", own);
	/* Any CPU may reach its sibling's frame, and only its interrupts. */
	if (hostile_cpus() > 1) {
		uintptr_t sib = GICV3_GICR + 2 * GICR_STRIDE + GICR_SGI;
		uint32_t mine = 0xffffu | 1u << VTIMER_INTID | 1u << PTIMER_INTID;

		kit_write32(sib + GICD_ISENABLER, ~0u);
		check("gicr.sibling_sgi_frame_has_its_interrupts_only",
		      kit_read32(sib + GICD_ISENABLER) == mine);
		kit_write32(sib + GICD_ICENABLER, ~0u);
	}
}
