/*
 * An x86 cell reports its own view: long mode on its CPU 0, the hypervisor
 * it runs on (and no SVM of its own), its RAM, its timer's interrupts, IPIs
 * between its two CPUs, ports and MSRs it does not own, and typed input
 * reaching it through the shared console.  Both cells run this image.
 */
#include <kit/kit.h>
#include <septum/abi/hypercall.h>
#define TEST_MAIN
#include <septum/test.h>

#define MSR_EFER 0xc0000080u
#define EFER_LMA (1u << 10)
#define EFER_SVME (1u << 12)
#define MSR_VM_CR 0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define CPUID_HV 0x40000000u
#define TIMER_VECTOR 0x40
#define IPI_TO_1 0x41
#define IPI_TO_0 0x42
#define TICKS 20
#define SECOND_US 1000000u

static volatile unsigned int ticks, ipis_on_0, ipis_on_1;

static void on_irq(unsigned int vector)
{
	if (vector == TIMER_VECTOR)
		ticks++;
	else if (vector == IPI_TO_0)
		ipis_on_0++;
	else if (vector == IPI_TO_1)
		ipis_on_1++;
}

TEST(view, boots_on_cpu_0_in_long_mode)
{
	EXPECT_EQ(kit_cpu_index(), 0);
	EXPECT(kit_rdmsr(MSR_EFER) & EFER_LMA);
	EXPECT(!(kit_rdmsr(MSR_EFER) & EFER_SVME));	/* hidden from it */
}

TEST(view, sees_septum_and_no_svm)
{
	uint32_t r[4];

	kit_cpuid(CPUID_HV, r);
	EXPECT_EQ(r[1], 0x74706553u);	/* "Sept" */
	kit_cpuid(1, r);
	EXPECT(r[2] & (1u << 31));	/* a hypervisor is present */
	EXPECT(r[2] & (1u << 21));	/* x2APIC */
	kit_cpuid(0x80000001u, r);
	EXPECT(!(r[2] & (1u << 2)));	/* no SVM */
	EXPECT(kit_counter_freq() > 100000000u);
}

TEST(view, own_ram_reads_back)
{
	static uint32_t buf[4096];

	for (unsigned int i = 0; i < 4096; i++)
		buf[i] = i * 2654435761u;
	for (unsigned int i = 0; i < 4096; i++)
		EXPECT_EQ(buf[i], i * 2654435761u);
}

TEST(view, hypercall_version)
{
	EXPECT_EQ(kit_hypercall(SEPTUM_HC_VERSION, 0, 0, 0),
		  SEPTUM_HC_ABI_VERSION);
	EXPECT_EQ(kit_hypercall(SEPTUM_HC_BASE + 0x7f, 0, 0, 0),
		  SEPTUM_HC_NOT_SUPPORTED);
}

TEST(view, ports_not_its_own_read_all_ones)
{
	EXPECT_EQ(kit_inb(0x70), 0xff);	/* the RTC's index: write-only */
	kit_outb(0x80, 0x12);		/* dropped */
}

/* The machine's real-time clock, read-only: its time and status read the
 * chip's values (SeaBIOS set 24-hour BCD), register C and the RAM beyond
 * read as all ones, writes change nothing. */
static uint8_t rtc_read(uint8_t reg)
{
	kit_outb(0x70, reg);
	return kit_inb(0x71);
}

TEST(view, rtc_reads_the_machines_clock)
{
	uint8_t sec = rtc_read(0x00), b = rtc_read(0x0b);

	EXPECT(sec < 0x60 && (sec & 0xf) < 10);		/* BCD seconds */
	EXPECT_EQ(rtc_read(0x0d), 0x80);		/* valid RAM and time */
	EXPECT_EQ(b & 0x06, 0x02);			/* 24-hour, BCD */
	EXPECT_EQ(rtc_read(0x0c), 0xff);
	EXPECT_EQ(rtc_read(0x0e), 0xff);
	kit_outb(0x70, 0x0b);
	kit_outb(0x71, b ^ 0x04);			/* to binary: dropped */
	EXPECT_EQ(rtc_read(0x0b), b);
}

/* Ports of a passed-through device reach it directly (alpha owns QEMU's
 * debug-exit ports, which read as 0): the runner checks each cell's line. */
TEST(view, passed_through_port)
{
	uint8_t v = kit_inb(0xf4);

	kit_printf("port 0xf4 reads 0x%02x\n", v);
	EXPECT(v == 0x00 || v == 0xff);
}

TEST(view, svm_msrs_raise_gp)
{
	uint64_t v = 1;

	EXPECT(kit_try_rdmsr(MSR_VM_CR, &v));
	EXPECT_EQ(v, 0);
	EXPECT(kit_try_wrmsr(MSR_VM_HSAVE_PA, 0x1000));
	EXPECT(!kit_try_rdmsr(MSR_EFER, &v));
}

TEST(view, timer_interrupts)
{
	uint64_t end = kit_counter() + 5 * SECOND_US * (kit_counter_freq() /
							1000000);

	ticks = 0;
	kit_timer_start(TIMER_VECTOR, 1000, true);
	kit_irq_enable();
	while (ticks < TICKS && kit_counter() < end)
		__asm__ volatile("hlt");
	kit_irq_disable();
	kit_timer_stop();
	kit_printf("  %u timer interrupts\n", ticks);
	EXPECT(ticks >= TICKS);
}

static void second_cpu(unsigned int cpu)
{
	uint64_t end = kit_counter() + 5 * SECOND_US * (kit_counter_freq() /
							1000000);

	(void)cpu;
	kit_irq_enable();
	while (!ipis_on_1 && kit_counter() < end)
		__asm__ volatile("pause");
	kit_send_ipi(0, IPI_TO_0);
}

TEST(view, ipis_between_its_cpus)
{
	uint64_t end;

	ipis_on_0 = ipis_on_1 = 0;
	kit_irq_enable();
	if (!EXPECT(kit_cpu_on(1, second_cpu)))
		return;
	kit_send_ipi(1, IPI_TO_1);
	end = kit_counter() + 5 * SECOND_US * (kit_counter_freq() / 1000000);
	while (!ipis_on_0 && kit_counter() < end)
		__asm__ volatile("hlt");
	kit_irq_disable();
	EXPECT_EQ(ipis_on_1, 1);
	EXPECT_EQ(ipis_on_0, 1);
}

/* Typed input reaches the cell with the console focus only. */
TEST(view, console_input)
{
	char line[64];
	unsigned int n = 0;
	int c;

	kit_printf("ready for input\n");
	kit_irq_enable();
	while ((c = kit_getc(120 * (uint64_t)SECOND_US)) >= 0 && c != '\r' &&
	       n < sizeof(line) - 1)
		line[n++] = (char)c;
	kit_irq_disable();
	line[n] = '\0';
	kit_printf("got: %s\n", line);
	EXPECT(c == '\r');
}

int main(void)
{
	kit_irq_handler = on_irq;
	kit_printf("cell up on CPU %u\n", kit_cpu_index());
	test_run_all();
	return 0;
}
