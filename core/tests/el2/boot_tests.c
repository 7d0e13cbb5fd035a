/*
 * EL2 self-tests of boot: every CPU up, in hypervisor mode, with its own MMU
 * and vectors; the hypervisor's own mappings as documented.
 */
#include <septum/console.h>
#define TEST_PRINTF console_printf
#include <septum/test.h>

#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/percpu.h>
#include <septum/selftest.h>
#include <septum/smp.h>

static const uint32_t rodata_word = 0x5e97u;
static uint32_t data_word = 1;

TEST(boot, all_cpus_online)
{
	unsigned int want = selftest_boot->num_cpus;

	console_printf("  %u of %u CPUs online\n", smp_online_count(), want);
	EXPECT(want >= 1);
	EXPECT_EQ(smp_online_count(), want);
}

TEST(boot, every_cpu_in_hyp_mode_with_mmu_and_vectors)
{
	for (unsigned int i = 0; i < smp_online_count(); i++) {
		const struct arch_cpu_facts *f = &percpu_all[i].facts;

		console_printf("  CPU %u hwid 0x%llx: EL%u, MMU %s, vectors %s\n",
			       i, (unsigned long long)percpu_all[i].hwid,
			       f->exception_level, f->mmu_on ? "on" : "off",
			       f->vectors_installed ? "ours" : "foreign");
		EXPECT(f->hyp_mode);
		EXPECT(f->mmu_on);
		EXPECT(f->vectors_installed);
	}
}

TEST(boot, cpu_ids_distinct)
{
	for (unsigned int i = 0; i < smp_online_count(); i++) {
		EXPECT_EQ(percpu_all[i].index, i);
		for (unsigned int j = i + 1; j < smp_online_count(); j++)
			EXPECT(percpu_all[i].hwid != percpu_all[j].hwid);
	}
}

TEST(mmu, text_is_read_only_and_executable)
{
	uintptr_t text = (uintptr_t)&selftest_run;

	EXPECT(arch_mmu_can_access(text, MMU_READ | MMU_EXEC));
	EXPECT(!arch_mmu_can_access(text, MMU_WRITE));
}

TEST(mmu, rodata_is_read_only_and_not_executable)
{
	uintptr_t ro = (uintptr_t)&rodata_word;

	EXPECT(arch_mmu_can_access(ro, MMU_READ));
	EXPECT(!arch_mmu_can_access(ro, MMU_WRITE));
	EXPECT(!arch_mmu_can_access(ro, MMU_EXEC));
}

TEST(mmu, data_is_writable_and_not_executable)
{
	uintptr_t rw = (uintptr_t)&data_word;

	EXPECT(arch_mmu_can_access(rw, MMU_READ | MMU_WRITE));
	EXPECT(!arch_mmu_can_access(rw, MMU_EXEC));
}

TEST(mmu, boot_identity_map_dropped)
{
	uint64_t image_pa = selftest_boot->image_pa.bits;

	EXPECT((uintptr_t)&selftest_run != image_pa);
	EXPECT(!arch_mmu_can_access((uintptr_t)image_pa, MMU_READ));
}

TEST(mmu, page_zero_unmapped)
{
	EXPECT(!arch_mmu_can_access(0, MMU_READ));
}

TEST(timer, counter_runs_forward)
{
	uint64_t a = arch_timer_now(), b;

	for (volatile unsigned int i = 0; i < 10000; i++)
		;
	b = arch_timer_now();
	EXPECT(arch_timer_freq() >= 1000000);	/* the spec asks >= 1 MHz */
	EXPECT(b > a);
}
