/*
 * SGIs on one CPU: the target list, "every other CPU", "this CPU", targets
 * that do not exist, the other SGI registers (GICv3: Aff1, ICC_SGI0R and
 * ICC_ASGI1R for a Group 1 SGI; GICv2: GICD_SPENDSGIR and
 * GICD_CPENDSGIR), and on GICv2 the source CPU
 * the acknowledge names.  SGIs between CPUs are in lib/mp.c.
 */
#include "../gicconf.h"

#define SGI 9u
#define ABSENT_CPU 7u
#define SGI1R_AFF1(a) ((uint64_t)(a) << 16)

static const char *scn;

static void prepare(const char *name)
{
	scn = name;
	gc_irq_reset();
	gc_bit_set(0, GICD_ICENABLER, SGI);
	gc_bit_set(0, GICD_ICPENDR, SGI);
	gc_prio_set(0, SGI, 0x80);
	gc_bit_set(0, GICD_ISENABLER, SGI);
}

static void result(void)
{
	gc_window(GC_WINDOW_US);
	gc_resu(gc_irqs[0].count[SGI], "sgi.%s.fires", scn);
	/* GICv2: the source CPU of the first acknowledge. */
	if (gc.version == 2 && gc_irqs[0].count[SGI])
		gc_resu((gc_irqs[0].iars[0] >> 10) & 7u, "sgi.%s.cpuid", scn);
	else if (gc.version == 2)
		gc_res("none", "sgi.%s.cpuid", scn);
	gc_bit_set(0, GICD_ICPENDR, SGI);
}

static void common(void)
{
	unsigned int me = kit_cpu_index();

	prepare("target_list_self");
	gc_sgi(SGI, 1u << me);
	result();
	prepare("target_list_absent_cpu");
	gc_sgi(SGI, 1u << ABSENT_CPU);
	result();
	prepare("target_list_empty");
	gc_sgi(SGI, 0);
	result();
	prepare("others");
	gc_sgi_others(SGI);
	result();
	prepare("self");
	gc_sgi_self(SGI);
	result();
	prepare("twice");
	gc_sgi_self(SGI);
	gc_sgi_self(SGI);
	result();
}

static void v3(void)
{
	prepare("sgi1r_aff1");
	gc_syswrite(ICC_SGI1R, (uint64_t)SGI << 24 | SGI1R_AFF1(1) | 1u);
	result();
	prepare("sgi0r_group1_sgi");
	__asm__ volatile("dsb ishst" : : : "memory");
	gc_syswrite(ICC_SGI0R, (uint64_t)SGI << 24 | 1u << kit_cpu_index());
	gc_spin(GC_SETTLE_US);
	gc_resx(gc_sysread(ICC_HPPIR0), "sgi.%s.hppir0", scn);
	result();
	prepare("asgi1r_group1_sgi");
	__asm__ volatile("dsb ishst" : : : "memory");
	gc_syswrite(ICC_ASGI1R, (uint64_t)SGI << 24 | 1u << kit_cpu_index());
	result();
}

static void v2(void)
{
	uintptr_t spend = gc.gicd + GICD_SPENDSGIR + SGI / 4 * 4;
	uintptr_t cpend = gc.gicd + GICD_CPENDSGIR + SGI / 4 * 4;
	unsigned int lane = SGI % 4 * 8;

	prepare("spendsgir");
	gc_wr8(gc.gicd + GICD_SPENDSGIR + SGI, 1);
	gc_resx((gc_rd32(spend) >> lane) & 0xffu, "sgi.%s.read", scn);
	gc_resu(gc_bit(0, GICD_ISPENDR, SGI), "sgi.%s.ispendr", scn);
	result();
	prepare("cpendsgir");
	gc_sgi_self(SGI);
	gc_spin(GC_SETTLE_US);
	gc_resx((gc_rd32(spend) >> lane) & 0xffu, "sgi.%s.spendsgir_after_send",
		scn);
	gc_wr8(gc.gicd + GICD_CPENDSGIR + SGI, 0xff);
	gc_resx((gc_rd32(cpend) >> lane) & 0xffu, "sgi.%s.read", scn);
	gc_resu(gc_bit(0, GICD_ISPENDR, SGI), "sgi.%s.ispendr", scn);
	result();
}

void gc_sec_sgi(void)
{
	common();
	if (gc.version == 3)
		v3();
	else
		v2();
	gc_bit_set(0, GICD_ICENABLER, SGI);
	gc_prio_set(0, SGI, 0xa0);
	gc_irq_reset();
}
