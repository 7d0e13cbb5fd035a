/*
 * An AArch32 cell reports its own view: its mode and instruction set at
 * entry, its RAM, newlib's printf and malloc, PSCI and Septum's hypercalls
 * by SMC32/HVC32, its virtual timer through CP15, SGIs between its two CPUs,
 * set/way maintenance, emulated loads and stores inside IT blocks (the
 * UART's, the distributor's), and a CP15 write it may not make, undefined
 * for it in A32 and in T32.  Both cells of the test run this image, one
 * entered in A32, one in T32.
 */
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>
#include <septum/abi/hypercall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define TEST_MAIN
#include <septum/test.h>

#define VTIMER_PPI 27	/* the board's EL1 virtual timer */
#define SGI_FROM_CPU1 5
#define SGI_SELF 3

static volatile unsigned int irqs[1024];
static volatile unsigned int cpu1_ran;

static void on_irq(uint32_t intid)
{
	if (intid == VTIMER_PPI)
		kit_cntv_ctl_write(0);	/* one tick: the line drops */
	irqs[intid]++;
}

/*
 * Wait (bounded by the counter: 1 s) until *count reaches `want`; called
 * and returning with IRQs unmasked.  They are masked from each look at the
 * count to the WFI: an interrupt taken in between would raise the count
 * unseen and leave the WFI waiting for another that may never come.  One
 * pending while masked ends the WFI all the same, and is taken as soon as
 * they are unmasked, before the next look.
 */
static bool wait_count(volatile unsigned int *count, unsigned int want)
{
	uint64_t end = kit_counter() + kit_counter_freq();

	kit_irq_disable();
	while (*count < want && kit_counter() < end) {
		__asm__ volatile("wfi" : : : "memory");
		kit_irq_enable();
		__asm__ volatile("isb" : : : "memory");
		kit_irq_disable();
	}
	kit_irq_enable();
	return *count >= want;
}

static uint32_t cpsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

TEST(view32, boots_on_cpu_0_in_supervisor_mode)
{
	EXPECT_EQ(kit_cpu_index(), 0);
	EXPECT_EQ(cpsr() & 0x1f, 0x13);
	EXPECT_EQ(kit_boot_r0, 0);
}

TEST(view32, own_ram_reads_back)
{
	static uint32_t buf[4096];

	for (unsigned int i = 0; i < 4096; i++)
		buf[i] = i * 2654435761u;
	for (unsigned int i = 0; i < 4096; i++)
		EXPECT_EQ(buf[i], i * 2654435761u);
}

TEST(view32, newlib_malloc_and_snprintf)
{
	char *p = malloc(4000), *q = malloc(100);

	EXPECT(p && q && p != q);
	if (!p || !q)
		return;
	memset(p, 0xa5, 4000);
	snprintf(q, 100, "%d-%s-%05.1f", 42, "a32", 2.5);
	EXPECT(strcmp(q, "42-a32-002.5") == 0);
	EXPECT_EQ((uint8_t)p[3999], 0xa5);
	free(p);
	free(q);
}

TEST(view32, psci_by_smc32_and_hvc32)
{
	EXPECT_EQ(kit_hvc(PSCI_VERSION, 0, 0, 0), 0x10001);
	EXPECT_EQ(kit_smc(PSCI_VERSION, 0, 0, 0), 0x10001);
	EXPECT_EQ(kit_smc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), 0);
	EXPECT_EQ(kit_smc(SMCCC_VERSION, 0, 0, 0), 0x10001);
	/* SMCCC: a 64-bit function ID from AArch32 is unknown. */
	EXPECT_EQ(kit_smc(PSCI_CPU_ON_64, 1, 0, 0), PSCI_NOT_SUPPORTED);
}

TEST(view32, hypercalls_by_32_bit_ids)
{
	EXPECT_EQ(kit_hvc(SEPTUM_HC_32(SEPTUM_HC_VERSION), 0, 0, 0),
		  SEPTUM_HC_ABI_VERSION);
	EXPECT_EQ(kit_hvc(SEPTUM_HC_32(SEPTUM_HC_NOP), 0, 0, 0), SEPTUM_HC_OK);
	EXPECT_EQ(kit_hvc(SEPTUM_HC_VERSION, 0, 0, 0), SEPTUM_HC_NOT_SUPPORTED);
}

TEST(view32, virtual_timer_interrupt_through_cp15)
{
	unsigned int before = irqs[VTIMER_PPI];

	kit_gic_enable(VTIMER_PPI);
	kit_cntv_cval_write(kit_counter() + kit_counter_freq() / 1000);
	kit_cntv_ctl_write(CNTV_CTL_ENABLE);
	kit_irq_enable();
	EXPECT(wait_count(&irqs[VTIMER_PPI], before + 1));
	kit_irq_disable();
}

TEST(view32, sgi_to_itself)
{
	unsigned int before = irqs[SGI_SELF];

	kit_gic_enable(SGI_SELF);
	kit_irq_enable();
	kit_gic_send_sgi(SGI_SELF, 0);
	EXPECT(wait_count(&irqs[SGI_SELF], before + 1));
	kit_irq_disable();
}

static void cpu1_main(unsigned int cpu)
{
	cpu1_ran = cpu;
	kit_gic_init_cpu();
	kit_gic_send_sgi(SGI_FROM_CPU1, 0);
}

TEST(view32, second_cpu_by_psci_sends_an_sgi)
{
	uint64_t end;

	kit_gic_enable(SGI_FROM_CPU1);
	kit_irq_enable();
	EXPECT_EQ(kit_cpu_on(1, cpu1_main), PSCI_SUCCESS);
	EXPECT(wait_count(&irqs[SGI_FROM_CPU1], 1));
	kit_irq_disable();
	EXPECT_EQ(cpu1_ran, 1);
	/* It powers itself off when its function returns. */
	end = kit_counter() + kit_counter_freq();
	while (kit_smc(PSCI_AFFINITY_INFO, 1, 0, 0) != 1 && kit_counter() < end)
		;
	EXPECT_EQ(kit_smc(PSCI_AFFINITY_INFO, 1, 0, 0), 1);
	EXPECT_EQ(kit_smc(PSCI_CPU_ON, 4, 0, 0), PSCI_INVALID_PARAMETERS);
}

TEST(view32, set_way_maintenance_is_harmless)
{
	static volatile uint32_t data = 0x1234;

	data = 0x5678;
	for (uint32_t way = 0; way < 4; way++) {
		for (uint32_t set = 0; set < 16; set++) {
			uint32_t sw = way << 30 | set << 6;

			cp15_write32(0, c7, c6, 2, sw);		/* DCISW */
			cp15_write32(0, c7, c10, 2, sw);	/* DCCSW */
			cp15_write32(0, c7, c14, 2, sw);	/* DCCISW */
		}
	}
	__asm__ volatile("dsb sy");
	EXPECT_EQ(data, 0x5678);
}

/*
 * A 16-bit T32 load of its emulated UART inside an IT block: the hypervisor
 * steps the PC by 2 and the IT block on, so the rest of the block runs
 * under its own conditions.
 */
TEST(view32, emulated_load_inside_an_it_block)
{
	register uint32_t addr __asm__("r2") = KIT_UART + 0x18;	/* UARTFR */
	register uint32_t got __asm__("r3") = 0;
	register uint32_t flags __asm__("r1") = 0xdead;

	__asm__ volatile("cmp r2, r2\n\t"
			 "itet eq\n\t"
			 "ldreq r1, [r2]\n\t"
			 "movne r3, #2\n\t"
			 "moveq r3, #1"
			 : "+r"(got), "+r"(flags) : "r"(addr) : "cc", "memory");
	EXPECT_EQ(got, 1);
	EXPECT(flags != 0xdead);
}

/*
 * Distributor accesses the hypervisor answers on its short way (an enable
 * word and a priority byte of SPIs, resolved whether or not the cell owns
 * them), inside an IT block: a 16-bit load and store, then a 32-bit load.
 * Each steps the PC by its own length and the IT block on, so the
 * instructions between them run under their own conditions.  The priority
 * byte is written with what it holds.
 */
TEST(view32, distributor_accesses_inside_an_it_block)
{
	uint32_t enables = kit_gicd_read(GICD_ISENABLER + 4);
	uint32_t prio = kit_gicd_read(GICD_IPRIORITYR + 32) >> 8 & 0xff;
	register uint32_t at __asm__("r2") = KIT_GICD + GICD_ISENABLER + 4;
	register uint32_t prio_at __asm__("r4") = KIT_GICD + GICD_IPRIORITYR + 33;
	register uint32_t byte __asm__("r5") = prio;
	register uint32_t got16 __asm__("r1") = 0xdead;
	register uint32_t got32 __asm__("r3") = 0xbeef;
	register uint32_t skipped __asm__("r6") = 0;

	__asm__ volatile("cmp r2, r2\n\t"
			 "ittet eq\n\t"
			 "ldreq r1, [r2]\n\t"
			 "strbeq r5, [r4]\n\t"
			 "movne r6, #1\n\t"
			 "ldreq.w r3, [r2]"
			 : "+r"(got16), "+r"(got32), "+r"(skipped)
			 : "r"(at), "r"(prio_at), "r"(byte) : "cc", "memory");
	EXPECT_EQ(got16, enables);
	EXPECT_EQ(got32, enables);
	EXPECT_EQ(skipped, 0);
	EXPECT_EQ(kit_gicd_read(GICD_IPRIORITYR + 32) >> 8 & 0xff, prio);
}

/*
 * An ACTLR write, which the hypervisor refuses, in each instruction set:
 * the MCR is the first instruction of each, so its address is the
 * function's (bit 0 clear).
 */
void a32_actlr_write(uint32_t value);
void t32_actlr_write(uint32_t value);
__asm__(".pushsection .text.actlr_write, \"ax\"\n"
	".balign 4\n"
	".arm\n"
	".type a32_actlr_write, %function\n"
	"a32_actlr_write:\n"
	"	mcr p15, 0, r0, c1, c0, 1\n"
	"	bx lr\n"
	".thumb\n"
	".balign 4\n"
	".thumb_func\n"
	".type t32_actlr_write, %function\n"
	"t32_actlr_write:\n"
	"	mcr p15, 0, r0, c1, c0, 1\n"
	"	bx lr\n"
	".popsection\n");

#define MODE_SVC 0x13u
#define MODE_UND 0x1bu
#define PSR_T (1u << 5)
#define PSR_I (1u << 7)

/*
 * The refused write is undefined: the cell takes the Undefined Instruction
 * exception at its vector, LR_und = the MCR + `offset`, in Undefined mode
 * with IRQs masked, its handler in A32 (SCTLR.TE 0), and carries on after
 * the MCR.  (SPSR_und is not checked: QEMU does not show it, see the kit.)
 */
static void expect_undefined(void (*write)(uint32_t), uint32_t offset,
			     bool t32)
{
	uintptr_t mcr = (uintptr_t)write & ~(uintptr_t)1;
	struct kit_undef u;

	kit_expect_undef(t32);
	write(0);
	EXPECT(kit_undef_taken(&u));
	EXPECT_EQ(u.lr, mcr + offset);
	EXPECT_EQ(u.cpsr & 0x1fu, MODE_UND);
	EXPECT_EQ(u.cpsr & (PSR_I | PSR_T), PSR_I);
	EXPECT_EQ(cpsr() & 0x1fu, MODE_SVC);
}

TEST(view32, refused_cp15_write_is_undefined_in_a32)
{
	expect_undefined(a32_actlr_write, 4, false);
}

TEST(view32, refused_cp15_write_is_undefined_in_t32)
{
	expect_undefined(t32_actlr_write, 2, true);
}

int main(void)
{
	kit_irq_handler = on_irq;
	kit_gic_init();
	kit_printf("cell up in %s, newlib printf %s\n",
		   kit_entry_t32 ? "T32" : "A32", "works");
	test_run_all();
	return 0;
}
