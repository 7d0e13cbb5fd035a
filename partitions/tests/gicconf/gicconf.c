/*
 * gicconf: a differential conformance test of the GIC a guest sees.  See
 * gicconf.h for what it prints and how ci/gicconf.py uses it; the sections
 * live in lib/.  This file finds the machine, sets up the GIC as an OS
 * would, starts the other CPUs and runs the sections in a fixed order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gicconf.h"

#define HOLD_BYTES 16384u
/* Where QEMU virt has them, for a run without a device tree. */
#define DEFAULT_GICD 0x08000000ul
#define DEFAULT_GICC 0x08010000ul
#define DEFAULT_GICR 0x080a0000ul
#define DEFAULT_GICR_SIZE 0xf60000ul

struct gc_machine gc;

/* The kit's probe (kit/gic.h, whose register names this guest defines
 * itself), for a run without a device tree. */
unsigned int kit_gic_version(void);

static const char *section = "start";
static unsigned int problems, failed_sections;
static bool holding;
static char held[HOLD_BYTES];
static unsigned int held_len;

/* ---------------------------------------------------------------- output */

static void out_line(const char *line)
{
	unsigned int n = (unsigned int)strlen(line);

	if (!holding) {
		kit_printf("%s\n", line);
		return;
	}
	if (held_len + n + 2 > HOLD_BYTES) {
		gc_problem("result buffer full");
		return;
	}
	memcpy(held + held_len, line, n);
	held_len += n;
	held[held_len++] = '\n';
	held[held_len] = '\0';
}

void gc_hold(void)
{
	holding = true;
}

void gc_flush(void)
{
	holding = false;
	if (held_len)
		kit_printf("%s", held);
	held_len = 0;
	held[0] = '\0';
}

static void result(const char *value, const char *keyfmt, va_list ap)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "GICCONF ");

	n += vsnprintf(line + n, sizeof(line) - (size_t)n, keyfmt, ap);
	if (n > 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, " %s", value);
	out_line(line);
}

void gc_res(const char *value, const char *keyfmt, ...)
{
	va_list ap;

	va_start(ap, keyfmt);
	result(value, keyfmt, ap);
	va_end(ap);
}

void gc_resx(uint64_t value, const char *keyfmt, ...)
{
	char v[24];
	va_list ap;

	snprintf(v, sizeof(v), "0x%llx", (unsigned long long)value);
	va_start(ap, keyfmt);
	result(v, keyfmt, ap);
	va_end(ap);
}

void gc_resu(uint64_t value, const char *keyfmt, ...)
{
	char v[24];
	va_list ap;

	snprintf(v, sizeof(v), "%llu", (unsigned long long)value);
	va_start(ap, keyfmt);
	result(v, keyfmt, ap);
	va_end(ap);
}

void gc_info(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n = snprintf(line, sizeof(line), "gicconf: ");

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	out_line(line);
}

void gc_problem(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n = snprintf(line, sizeof(line), "gicconf: problem in %s: ",
			 section);

	problems++;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	kit_printf("%s\n", line);
}

void gc_section_begin(const char *name)
{
	section = name;
	problems = 0;
}

void gc_section_end(void)
{
	gc_flush();
	kit_printf("TEST gicconf.%s %s\n", section, problems ? "FAIL" : "PASS");
	if (problems)
		failed_sections++;
}

/* ---------------------------------------------------------------- the machine */

static void defaults(void)
{
	gc.gicd = DEFAULT_GICD;
	gc.version = kit_gic_version();
	gc.gicc = DEFAULT_GICC;
	gc.nregions = 1;
	gc.rd_base[0] = DEFAULT_GICR;
	gc.rd_size[0] = DEFAULT_GICR_SIZE;
	gc.ncpus = 1;
}

static void find_machine(void)
{
	uintptr_t dtb = (uintptr_t)kit_boot_x0;

	gc.septum = kit_in_septum();
	if (!dtb && !gc.septum)
		dtb = GC_NATIVE_DTB;
	gc.have_dt = dtb && gc_fdt_read(dtb, &gc);
	if (!gc.have_dt) {
		gc_problem("no device tree with a GIC (x0 0x%llx): QEMU virt's "
			   "addresses assumed", (unsigned long long)kit_boot_x0);
		defaults();
	}
	if (gc.ncpus == 0)
		gc.ncpus = 1;
	if (gc.ncpus > GC_MAX_CPUS)
		gc.ncpus = GC_MAX_CPUS;
}

static void run_section(const char *name, void (*fn)(void))
{
	gc_section_begin(name);
	fn();
	gc_section_end();
}

int main(void)
{
	gc_vectors_install();
	find_machine();
	kit_printf("gicconf: mode %s, GICv%u, %u CPUs, device tree %s\n",
		   gc.septum ? "septum" : "native", gc.version, gc.ncpus,
		   gc.have_dt ? "found" : "missing");
	run_section("discover", gc_sec_discover);
	run_section("reset", gc_sec_reset);
	gc_section_begin("init");
	gc_gic_init();
	gc_gic_init_cpu();
	gc_sources_init();
	gc_irq_reset();
	if (gc_cpus_start() != gc.ncpus)
		gc_problem("not every CPU started");
	gc_section_end();
	run_section("dist", gc_sec_dist);
	run_section("access", gc_sec_access);
	if (gc.version == 3)
		run_section("redist", gc_sec_redist);
	run_section("cpuif", gc_sec_cpuif);
	run_section("life", gc_sec_life);
	run_section("prio", gc_sec_prio);
	run_section("sgi", gc_sec_sgi);
	if (gc.ncpus > 1) {
		run_section("mp", gc_sec_mp);
		run_section("psci", gc_sec_psci);
		run_section("off", gc_sec_off);
	}
	kit_printf("TEST gicconf.done %s\n", failed_sections ? "FAIL" : "PASS");
	kit_printf("gicconf: end\n");
	return 0;
}
