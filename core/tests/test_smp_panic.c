/*
 * CPU bring-up and panics over the fake arch: every CPU the boot information
 * lists started, and the failure modes (firmware refuses, a CPU never arrives) end in a
 * panic that names the CPU and stops the system with the panic code.
 */
#include <septum/test.h>

#include <host/fake.h>
#include <septum/console.h>
#include <septum/drivers/power.h>
#include <septum/main.h>
#include <septum/panic.h>
#include <septum/percpu.h>
#include <septum/smp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Four CPUs, hardware ids 0-3, as the arch's boot would list them. */
static const struct boot_info four_cpus = {
	.num_cpus = 4, .cpu_hwid = { 0, 1, 2, 3 }, .cmdline = "",
};

static void boot_all(void *arg)
{
	unsigned int online;

	(void)arg;
	console_init(&host_uart_ops, 0);
	smp_init_boot_cpu();
	online = smp_boot_secondaries(&four_cpus);
	printf("  %u CPUs online\n", online);
	host_exit((int)online);
}

TEST(smp, starts_every_cpu_the_boot_lists)
{
	char out[1024];

	EXPECT_EQ(host_run_isolated(boot_all, NULL, out, sizeof(out)), 4);
}

static void boot_refused(void *arg)
{
	(void)arg;
	host_cpu_start_result = E_DENIED;
	boot_all(NULL);
}

TEST(smp, firmware_refusal_panics_naming_the_cpu)
{
	char out[1024];

	EXPECT_EQ(host_run_isolated(boot_refused, NULL, out, sizeof(out)),
		  POWER_FAIL_PANIC);
	EXPECT(strstr(out, "PANIC on CPU 0: firmware refused to start CPU 1 "
			   "(hwid 0x1): denied") != NULL);
	EXPECT(strstr(out, "system stopped") != NULL);
}

static void boot_lost(void *arg)
{
	(void)arg;
	host_cpu_arrives = false;
	boot_all(NULL);
}

TEST(smp, cpu_that_never_arrives_times_out)
{
	char out[1024];

	EXPECT_EQ(host_run_isolated(boot_lost, NULL, out, sizeof(out)),
		  POWER_FAIL_PANIC);
	EXPECT(strstr(out, "CPU 1 (hwid 0x1) accepted the start request but "
			   "did not arrive within 1000 ms") != NULL);
}

static void double_panic(void *arg)
{
	(void)arg;
	console_init(&host_uart_ops, 0);
	smp_init_boot_cpu();
	/* A panic while reporting a panic must still end the system. */
	if (!panic_begin())
		host_exit(0);
	if (panic_begin())
		host_exit(0);	/* wrongly claimed a second time */
	panic_end();
}

TEST(panic, nested_report_still_ends_the_system)
{
	char out[256];

	EXPECT_EQ(host_run_isolated(double_panic, NULL, out, sizeof(out)),
		  POWER_FAIL_PANIC);
	EXPECT(strstr(out, "system stopped") != NULL);
}

static void check_fails(void *arg)
{
	(void)arg;
	console_init(&host_uart_ops, 0);
	CHECK(1 + 1 == 3);
}

TEST(panic, check_names_condition_and_place)
{
	char out[512];

	EXPECT_EQ(host_run_isolated(check_fails, NULL, out, sizeof(out)),
		  POWER_FAIL_PANIC);
	EXPECT(strstr(out, "check failed: 1 + 1 == 3 (core/tests/") != NULL);
}
