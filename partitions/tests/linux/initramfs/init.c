/*
 * /init of the Linux-cell system test: a stock Debian kernel has booted in a
 * cell; check from inside what the hypervisor must provide (all the cell's
 * CPUs, timer interrupts on each, IPIs, the stock GIC driver), report TEST
 * lines on the console, then hand the console to busybox's shell (the test
 * types at its prompt; `poweroff -f` ends the cell with PSCI SYSTEM_OFF).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What the per-CPU timer, the IPIs and the interrupt controller are
 * called in /proc/interrupts. */
#if defined(__x86_64__)
#define TIMER_IRQ "Local timer"
#define RESCHED_IRQ "Rescheduling"
#define IRQCHIP "IO-APIC"
#else
#define TIMER_IRQ "arch_timer"
#define RESCHED_IRQ "Rescheduling"
#define IRQCHIP "GIC"
#endif

/* The cell's CPUs: cell_cpus=N on the kernel command line, else 3. */
#define MAX_CPUS 8
static int cell_cpus = 3;

static int passed, failed;

static void report(const char *name, int ok)
{
	printf("TEST linux.%s %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		passed++;
	else
		failed++;
}

/* No /dev/console in the archive: take the console from devtmpfs. */
static void open_console(void)
{
	int fd;

	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* The per-CPU counts of the /proc/interrupts line containing `what`. */
static int irq_counts(const char *what, unsigned long counts[MAX_CPUS])
{
	char line[512];
	FILE *f = fopen("/proc/interrupts", "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (!p || !strstr(line, what))
			continue;
		p++;
		for (int i = 0; i < cell_cpus; i++)
			counts[i] = strtoul(p, &p, 10);
		found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

static int all_nonzero(const unsigned long counts[MAX_CPUS])
{
	for (int i = 0; i < cell_cpus; i++) {
		if (counts[i] == 0)
			return 0;
	}
	return 1;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned long sum(const unsigned long counts[MAX_CPUS])
{
	unsigned long n = 0;

	for (int i = 0; i < cell_cpus; i++)
		n += counts[i];
	return n;
}

/* cell_cpus=N from /proc/cmdline, if the system passes it. */
static void read_cell_cpus(void)
{
	char buf[1024];
	FILE *f = fopen("/proc/cmdline", "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	char *p;

	if (f)
		fclose(f);
	buf[n] = '\0';
	p = strstr(buf, "cell_cpus=");
	if (p)
		cell_cpus = atoi(p + strlen("cell_cpus="));
	if (cell_cpus < 1 || cell_cpus > MAX_CPUS)
		cell_cpus = MAX_CPUS;
}

static int file_has(const char *path, const char *what)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return strstr(buf, what) != NULL;
}

/*
 * Whether Linux's random generator was seeded before userspace: the
 * hypervisor's rng-seed in /chosen (from the seed QEMU gave it) does it at
 * once; without one a non-blocking read fails until interrupts have
 * trickled in enough.
 */
static int random_ready(void)
{
	char buf[16];

	return getrandom(buf, sizeof(buf), GRND_NONBLOCK) == (ssize_t)sizeof(buf);
}

int main(void)
{
	unsigned long counts[MAX_CPUS] = { 0 };
	struct timespec nap = { 0, 200000000 };
	double t0;

	open_console();
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	read_cell_cpus();
	report("init_reached", 1);
	report("random_seeded_at_boot", random_ready());
	report("all_cell_cpus_online",
	       sysconf(_SC_NPROCESSORS_ONLN) == cell_cpus);
	t0 = now();
	nanosleep(&nap, NULL);
	report("sleep_wakes_up_on_time", now() - t0 >= 0.2 && now() - t0 < 2.0);
	report("timer_interrupts_on_every_cpu",
	       irq_counts(TIMER_IRQ, counts) && all_nonzero(counts));
	report("ipis_delivered", irq_counts(RESCHED_IRQ, counts) &&
					 sum(counts) > 0);
	report("stock_irqchip_driver", file_has("/proc/interrupts", IRQCHIP));
	printf("%d passed, %d failed\n", passed, failed);
	printf("shell ready\n");
	fflush(stdout);
	execl("/bin/sh", "sh", (char *)NULL);
	printf("no shell: powering off\n");
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 1;
}
