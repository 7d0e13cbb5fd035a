/*
 * A cell's life over the fake arch's CPU runs (host_cpu_run()): core's own
 * boot builds and enters it, a reset restarts it with its image reloaded,
 * and its power-off ends the system.  In a child process: the boot changes
 * core's static state for good.
 */
#include <septum/test.h>

#include <host/fake.h>
#include <septum/cell.h>
#include <septum/console.h>
#include <septum/crc32.h>
#include <septum/main.h>
#include <string.h>

#define RAM_PA 0x60000000u
#define ENTRY 0x80u

static uint8_t ram[0x1000];
static const uint8_t image[16] = "a cell's kernel";

static void one_cell(void)
{
	struct septum_cell *c = &host_config.cells[0];

	memset(&host_config, 0, sizeof(host_config));
	host_config.header.num_cells = 1;
	host_config.hyp = (struct septum_hyp){ .mem_pa = 0x40000000,
		.mem_size = 0x1000000, .uart_pa = 0x9000000, .uart_intid = 33 };
	host_board(&host_config.board);
	host_config.board.num_cpus = 1;
	strcpy(c->name, "solo");
	c->fault_policy = SEPTUM_FAULT_RESTART;
	c->num_cpus = c->num_regions = c->num_images = 1;
	c->regions[0] = (struct septum_region){ .pa = RAM_PA, .size = sizeof(ram),
		.flags = SEPTUM_MEM_READ | SEPTUM_MEM_WRITE };
	c->images[0] = (struct septum_image){ .kind = SEPTUM_IMAGE_KERNEL,
		.source = SEPTUM_SRC_BLOB, .size = sizeof(image),
		.entry_ipa = ENTRY, .arch = host_kernel_arch,
		.crc32 = crc32_update(0, image, sizeof(image)) };
	host_blob = image;
	host_phys[0] = (struct host_phys){ RAM_PA, sizeof(ram), ram };
}

static void boot(void *arg)
{
	static const struct boot_info info = { .image_pa = { 0x40200000 },
		.image_size = 0x100000, .num_cpus = 1, .cmdline = "" };

	(void)arg;
	console_init(&host_uart_ops, 0);
	main_primary(&info);
}

/* Exits in which the guest resets or powers off, ended as an arch ends them. */
static void reset(void *arg)
{
	struct vcpu *v = cell_this_vcpu();

	(void)arg;
	cell_system_reset(v, "test");
	(void)cell_exit_checkpoint(v);
}

static void power_off_cell(void *arg)
{
	struct vcpu *v = cell_this_vcpu();

	(void)arg;
	cell_system_off(v, "test");
	(void)cell_exit_checkpoint(v);
}

/* Exit code: 0, or the number of the first step that went wrong. */
static void life(void *arg)
{
	(void)arg;
	one_cell();
	if (host_cpu_run(0, boot, NULL) != HOST_LEFT_GUEST)
		host_exit(1);
	if (host_vcpu_regs[0].pc != ENTRY || memcmp(ram, image, sizeof(image)))
		host_exit(2);
	memset(ram, 0xee, sizeof(ram));		/* the guest's work */
	host_vcpu_regs[0].pc = 0x1234;
	/* Restarted within the exit: it returns to a reset vCPU. */
	if (host_cpu_run(0, reset, NULL) != HOST_LEFT_RETURNED)
		host_exit(3);
	if (host_vcpu_regs[0].pc != ENTRY || host_vcpu_regs[0].resets != 2 ||
	    memcmp(ram, image, sizeof(image)) || ram[sizeof(image)])
		host_exit(4);
	if (host_cpu_run(0, power_off_cell, NULL) != HOST_LEFT_OFF)
		host_exit(5);
	host_exit(0);
}

TEST(cell, boots_restarts_and_powers_off_over_cpu_runs)
{
	char out[4096];

	EXPECT_EQ(host_run_isolated(life, NULL, out, sizeof(out)), 0);
	EXPECT(strstr(out, "cell solo: restarted (restart #1)") != NULL);
	EXPECT(strstr(out, "every cell has stopped: powering off") != NULL);
}

/* An exit for an access outside the cell's map (the arch decoded it). */
static void outside_map(void *arg)
{
	struct vcpu *v = cell_this_vcpu();

	(void)arg;
	cell_access_fault(v, false, true, "write of 4 bytes at IPA 0x%x",
			  0x50000000u);
	(void)cell_exit_checkpoint(v);
}

/* Exit code: 0, or the number of the first step that went wrong. */
static void aborts(void *arg)
{
	uint32_t policy = *(const uint32_t *)arg;

	one_cell();
	host_config.cells[0].fault_policy = policy;
	if (host_cpu_run(0, boot, NULL) != HOST_LEFT_GUEST)
		host_exit(1);
	if (policy != SEPTUM_FAULT_INJECT) {
		(void)host_cpu_run(0, outside_map, NULL);
		host_exit(host_external_aborts == 0 ? 0 : 2);
	}
	for (unsigned int i = 0; i < 3; i++) {
		if (host_cpu_run(0, outside_map, NULL) != HOST_LEFT_RETURNED)
			host_exit(3);
	}
	host_exit(host_external_aborts == 3 ? 0 : 4);
}

TEST(cell, inject_policy_delivers_each_abort_and_logs_the_first)
{
	static const char line[] = "cell solo: write of 4 bytes at IPA "
		"0x50000000; delivered to it as a synchronous external abort "
		"(logged once)";
	uint32_t policy = SEPTUM_FAULT_INJECT;
	char out[4096];
	const char *first;

	EXPECT_EQ(host_run_isolated(aborts, &policy, out, sizeof(out)), 0);
	first = strstr(out, line);
	EXPECT(first != NULL);
	EXPECT(first == NULL || strstr(first + 1, line) == NULL);
	EXPECT(strstr(out, "stopping it") == NULL);
	policy = SEPTUM_FAULT_STOP;
	EXPECT_EQ(host_run_isolated(aborts, &policy, out, sizeof(out)), 0);
	EXPECT(strstr(out, "cell solo: write of 4 bytes at IPA 0x50000000; "
			   "stopping it") != NULL);
}
