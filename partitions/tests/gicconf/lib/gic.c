/*
 * The guest's GIC access: register frames, the CPU interface of either
 * version, SGIs, and the set-up an OS does.  Addresses come from the
 * device tree (gc), never from the cell's configuration.
 */
#include "../gicconf.h"

#define V3_CTLR_GRP1 (1u << 1)
#define V3_CTLR_ARE (1u << 4)
#define V3_CTLR_RWP (1u << 31)
#define ICC_CTLR_EOIMODE (1u << 1)
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_EOIMODE (1u << 9)
#define SGIR_OTHERS (1u << 24)
#define SGIR_SELF (2u << 24)
#define SGI1R_IRM (1ull << 40)
#define POLL_US 10000u
/* The private interrupts the guest uses: SGIs 0-15, PPIs 27 and 30. */
#define PRIVATE_MASK (0xffffu | 1u << GC_VTIMER_INTID | 1u << GC_PTIMER_INTID)
#define DEFAULT_PRIO 0xa0u

volatile bool gc_split[GC_MAX_CPUS];

uint32_t gc_rd32(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

void gc_wr32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

uint8_t gc_rd8(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint8_t)v;
}

void gc_wr8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

uint64_t gc_rd64(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

void gc_wr64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

uintptr_t gc_frame(unsigned int cpu, uint32_t intid)
{
	if (gc.version == 3 && intid < 32)
		return gc.rd[cpu] + GICR_SGI;
	return gc.gicd;
}

bool gc_bit(unsigned int cpu, uint32_t reg, uint32_t intid)
{
	return (gc_rd32(gc_frame(cpu, intid) + reg + intid / 32 * 4) >>
		(intid % 32)) & 1u;
}

void gc_bit_set(unsigned int cpu, uint32_t reg, uint32_t intid)
{
	gc_wr32(gc_frame(cpu, intid) + reg + intid / 32 * 4, 1u << (intid % 32));
}

uint8_t gc_prio(unsigned int cpu, uint32_t intid)
{
	return gc_rd8(gc_frame(cpu, intid) + GICD_IPRIORITYR + intid);
}

void gc_prio_set(unsigned int cpu, uint32_t intid, uint8_t prio)
{
	gc_wr8(gc_frame(cpu, intid) + GICD_IPRIORITYR + intid, prio);
}

void gc_cfg_edge(unsigned int cpu, uint32_t intid, bool edge)
{
	uintptr_t reg = gc_frame(cpu, intid) + GICD_ICFGR + intid / 16 * 4;
	uint32_t bit = 2u << (intid % 16 * 2);
	uint32_t v = gc_rd32(reg);

	gc_wr32(reg, edge ? v | bit : v & ~bit);
}

void gc_route(uint32_t intid, unsigned int cpu)
{
	if (gc.version == 3)
		gc_wr64(gc.gicd + GICD_IROUTER + 8u * intid, cpu);
	else
		gc_wr8(gc.gicd + GICD_ITARGETSR + intid, (uint8_t)(1u << cpu));
}

void gc_group1(unsigned int cpu, uint32_t intid)
{
	uintptr_t reg = gc_frame(cpu, intid) + GICD_IGROUPR + intid / 32 * 4;

	/* GICv2: everything stays Group 0, which a GIC without security
	 * extensions signals as IRQ; GICv3 (DS=1) signals Group 0 as FIQ. */
	if (gc.version == 3)
		gc_wr32(reg, gc_rd32(reg) | 1u << (intid % 32));
}

uint32_t gc_intid(uint32_t iar)
{
	return gc.version == 3 ? iar & 0xffffffu : iar & 0x3ffu;
}

uint32_t gc_iar(void)
{
	if (gc.version == 3)
		return (uint32_t)gc_sysread(ICC_IAR1);
	return gc_rd32(gc.gicc + GICC_IAR);
}

void gc_eoi(uint32_t iar)
{
	if (gc.version == 3)
		gc_syswrite(ICC_EOIR1, iar);
	else
		gc_wr32(gc.gicc + GICC_EOIR, iar);
}

void gc_dir(uint32_t iar)
{
	if (gc.version == 3)
		gc_syswrite(ICC_DIR, iar);
	else
		gc_wr32(gc.gicc + GICC_DIR, iar);
}

uint32_t gc_hppir(void)
{
	if (gc.version == 3)
		return (uint32_t)gc_sysread(ICC_HPPIR1);
	return gc_rd32(gc.gicc + GICC_HPPIR);
}

uint32_t gc_rpr(void)
{
	if (gc.version == 3)
		return (uint32_t)gc_sysread(ICC_RPR);
	return gc_rd32(gc.gicc + GICC_RPR);
}

uint32_t gc_pmr(void)
{
	if (gc.version == 3)
		return (uint32_t)gc_sysread(ICC_PMR);
	return gc_rd32(gc.gicc + GICC_PMR);
}

void gc_pmr_set(uint32_t v)
{
	if (gc.version == 3)
		gc_syswrite(ICC_PMR, v);
	else
		gc_wr32(gc.gicc + GICC_PMR, v);
}

uint32_t gc_bpr(void)
{
	if (gc.version == 3)
		return (uint32_t)gc_sysread(ICC_BPR1);
	return gc_rd32(gc.gicc + GICC_BPR);
}

void gc_bpr_set(uint32_t v)
{
	if (gc.version == 3)
		gc_syswrite(ICC_BPR1, v);
	else
		gc_wr32(gc.gicc + GICC_BPR, v);
}

void gc_eoimode_set(bool split)
{
	gc_split[kit_cpu_index()] = split;
	if (gc.version == 3) {
		uint64_t v = gc_sysread(ICC_CTLR) & ~(uint64_t)ICC_CTLR_EOIMODE;

		gc_syswrite(ICC_CTLR, v | (split ? ICC_CTLR_EOIMODE : 0));
	} else {
		uint32_t v = gc_rd32(gc.gicc + GICC_CTLR) & ~GICC_CTLR_EOIMODE;

		gc_wr32(gc.gicc + GICC_CTLR, v | (split ? GICC_CTLR_EOIMODE : 0));
	}
}

void gc_cpuif_enable(bool on)
{
	if (gc.version == 3) {
		gc_syswrite(ICC_IGRPEN1, on ? 1 : 0);
	} else {
		uint32_t v = gc_rd32(gc.gicc + GICC_CTLR) & ~GICC_CTLR_ENABLE_GRP0;

		gc_wr32(gc.gicc + GICC_CTLR, v | (on ? GICC_CTLR_ENABLE_GRP0 : 0));
	}
}

static void wait_rwp(void)
{
	uint64_t end = kit_counter() + gc_ticks(POLL_US);

	while (gc.version == 3 && (gc_rd32(gc.gicd + GICD_CTLR) & V3_CTLR_RWP) &&
	       kit_counter() < end)
		;
}

void gc_dist_enable(bool on)
{
	if (gc.version == 3)
		gc_wr32(gc.gicd + GICD_CTLR, V3_CTLR_ARE | (on ? V3_CTLR_GRP1 : 0));
	else
		gc_wr32(gc.gicd + GICD_CTLR, on ? 1u : 0u);
	wait_rwp();
}

static void sgi_barrier(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

void gc_sgi(uint32_t sgi, uint32_t targets)
{
	sgi_barrier();
	if (gc.version == 3)
		gc_syswrite(ICC_SGI1R, (uint64_t)sgi << 24 | (targets & 0xffffu));
	else
		gc_wr32(gc.gicd + GICD_SGIR, (targets & 0xffu) << 16 | sgi);
}

void gc_sgi_others(uint32_t sgi)
{
	sgi_barrier();
	if (gc.version == 3)
		gc_syswrite(ICC_SGI1R, (uint64_t)sgi << 24 | SGI1R_IRM);
	else
		gc_wr32(gc.gicd + GICD_SGIR, SGIR_OTHERS | sgi);
}

void gc_sgi_self(uint32_t sgi)
{
	sgi_barrier();
	if (gc.version == 3)
		gc_syswrite(ICC_SGI1R, (uint64_t)sgi << 24 | 1u << kit_cpu_index());
	else
		gc_wr32(gc.gicd + GICD_SGIR, SGIR_SELF | sgi);
}

/* An owned SPI as after an OS's set-up: off, idle, level, CPU 0. */
static void spi_init(uint32_t intid)
{
	gc_group1(0, intid);
	gc_bit_set(0, GICD_ICENABLER, intid);
	gc_bit_set(0, GICD_ICPENDR, intid);
	gc_bit_set(0, GICD_ICACTIVER, intid);
	gc_prio_set(0, intid, DEFAULT_PRIO);
	gc_cfg_edge(0, intid, false);
	gc_route(intid, 0);
}

void gc_gic_init(void)
{
	gc_dist_enable(false);
	spi_init(GC_UART_INTID);
	spi_init(GC_RTC_INTID);
	gc_dist_enable(true);
}

/* GICv3: wake this CPU's redistributor (IHI 0069 §11.1: the power-up steps). */
static void redist_wake(uintptr_t rd)
{
	uint64_t end = kit_counter() + gc_ticks(POLL_US);

	gc_wr32(rd + GICR_WAKER, gc_rd32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while ((gc_rd32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP) &&
	       kit_counter() < end)
		;
}

static void private_init(unsigned int cpu)
{
	uintptr_t f = gc_frame(cpu, 0);

	if (gc.version == 3)
		gc_wr32(f + GICD_IGROUPR, gc_rd32(f + GICD_IGROUPR) | PRIVATE_MASK);
	gc_wr32(f + GICD_ICENABLER, PRIVATE_MASK);
	gc_wr32(f + GICD_ICPENDR, PRIVATE_MASK);
	gc_wr32(f + GICD_ICACTIVER, PRIVATE_MASK);
	for (uint32_t i = 0; i < 16; i++)
		gc_prio_set(cpu, i, DEFAULT_PRIO);
	gc_prio_set(cpu, GC_VTIMER_INTID, DEFAULT_PRIO);
	gc_prio_set(cpu, GC_PTIMER_INTID, DEFAULT_PRIO);
}

void gc_gic_init_cpu(void)
{
	unsigned int cpu = kit_cpu_index();

	if (gc.version == 3) {
		redist_wake(gc.rd[cpu]);
		gc_syswrite(ICC_SRE, 0x7);
		private_init(cpu);
		gc_syswrite(ICC_PMR, 0xff);
		gc_syswrite(ICC_BPR1, 0);
		gc_syswrite(ICC_CTLR, 0);
		gc_syswrite(ICC_IGRPEN1, 1);
	} else {
		private_init(cpu);
		gc_wr32(gc.gicc + GICC_PMR, 0xff);
		gc_wr32(gc.gicc + GICC_BPR, 0);
		gc_wr32(gc.gicc + GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	}
}
