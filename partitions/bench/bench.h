/*
 * The harness every benchmark guest shares (partitions/bench/, run by
 * ci/bench.py; the method is in docs/performance.md).
 *
 * One guest binary is measured twice: alone on QEMU at EL1 ("native": no
 * EL2 at all) and inside a Septum cell.  This header gives it
 *
 *  - bench_in_septum(): which of the two it is running under;
 *  - bench_param(): its run parameters (sample counts), which the runner
 *    passes as "key=value ..." in QEMU's fw_cfg file "opt/septum/bench",
 *    so the same images serve the full run and make test's quick one;
 *  - bench_print(): its results, printed after the measurement (never
 *    during it) as the lines ci/bench.py parses:
 *
 *        BENCH mode native|septum
 *        BENCH <metric> <unit> <value> <value> ...    (at most 8 a line)
 *        BENCH <metric> end <count>                   (values printed)
 *        BENCH error <text>                           (the run failed)
 *
 *    Latencies are in ns (counter ticks converted with CNTFRQ; under the
 *    runner's -icount with cntfrq = 1 GHz, 1 ns = 1 tick = 1 instruction).
 *
 * The guest build (partitions.mk) links one source file with the kit, so
 * this header is included by exactly one file of a guest: its helpers are
 * static inline.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <kit/gic.h>
#include <kit/kit.h>
#include <septum/abi/hypercall.h>

/* QEMU virt's fw_cfg device (a bench cell gets it passed through). */
#ifndef BENCH_FW_CFG
#define BENCH_FW_CFG 0x09020000ul
#endif
/* QEMU virt's GICv3 redistributors, for the native GIC setup. */
#ifndef BENCH_NATIVE_GICR
#define BENCH_NATIVE_GICR 0x080a0000ul
#endif
#define BENCH_GICR_STRIDE 0x20000ul
#define BENCH_GICR_IGROUPR0 0x10080ul	/* in the SGI_base frame */
#define BENCH_GICD_IGROUPR 0x0080u	/* distributor offset */

#define FW_CFG_DATA 0x0ul
#define FW_CFG_SELECTOR 0x8ul
#define FW_CFG_SIGNATURE 0x0000u
#define FW_CFG_FILE_DIR 0x0019u
#define FW_CFG_NAME_LEN 56u
#define BENCH_PARAMS_FILE "opt/septum/bench"
#define BENCH_PARAMS_MAX 256u

#define BENCH_PER_LINE 8u
#define NS_PER_S 1000000000ull

/*
 * Whether a hypervisor answers Septum's VERSION hypercall.  Natively there
 * is no EL2 and HVC is an undefined instruction: the kit's one-shot fault
 * catcher skips it.
 */
static inline bool bench_in_septum(void)
{
	int64_t v;

	kit_expect_fault();
	v = kit_hvc(SEPTUM_HC_VERSION, 0, 0, 0);
	if (kit_fault_taken(NULL))
		return false;
	return v == SEPTUM_HC_ABI_VERSION;
}

/*
 * Natively the guest owns the real GIC.  A GICv3 without security (QEMU
 * virt's) signals Group 0 as FIQ, so the kit's interrupts must be Group 1:
 * this CPU's SGIs and PPIs here, an SPI with bench_native_gic_spi().  A
 * GICv2 without security signals Group 0 as IRQ: nothing to do there.
 */
static inline void bench_native_gic_cpu(void)
{
	if (kit_gic_version() != 3)
		return;
	kit_write32(BENCH_NATIVE_GICR + kit_cpu_index() * BENCH_GICR_STRIDE +
			    BENCH_GICR_IGROUPR0, 0xffffffffu);
}

/* Natively, make SPI `intid` Group 1 (GICv3; nothing on a GICv2). */
static inline void bench_native_gic_spi(uint32_t intid)
{
	uint32_t reg = BENCH_GICD_IGROUPR + intid / 32 * 4;

	if (kit_gic_version() == 3)
		kit_gicd_write(reg, kit_gicd_read(reg) | 1u << (intid % 32));
}

static inline void fw_cfg_select(uint16_t key)
{
	/* The selector is a big-endian 16-bit register. */
	*(volatile uint16_t *)(BENCH_FW_CFG + FW_CFG_SELECTOR) =
		__builtin_bswap16(key);
}

static inline uint8_t fw_cfg_byte(void)
{
	return *(volatile uint8_t *)(BENCH_FW_CFG + FW_CFG_DATA);
}

static inline uint32_t fw_cfg_be(unsigned int bytes)
{
	uint32_t v = 0;

	while (bytes--)
		v = v << 8 | fw_cfg_byte();
	return v;
}

/*
 * Read fw_cfg file `name` into buf (NUL-terminated, at most cap - 1
 * bytes).  False if there is no fw_cfg device or no such file.  Only for
 * a guest that has the device: in a cell without it, this is a fault.
 */
static inline bool bench_fw_cfg_file(const char *name, char *buf, uint32_t cap)
{
	char entry[FW_CFG_NAME_LEN];
	uint32_t count, size = 0, len = 0;
	uint16_t key = 0, select;

	fw_cfg_select(FW_CFG_SIGNATURE);
	if (fw_cfg_be(4) != 0x51454d55u)	/* "QEMU" */
		return false;
	fw_cfg_select(FW_CFG_FILE_DIR);
	count = fw_cfg_be(4);
	for (uint32_t i = 0; i < count && !key; i++) {
		size = fw_cfg_be(4);
		select = (uint16_t)fw_cfg_be(2);
		(void)fw_cfg_be(2);	/* reserved */
		for (uint32_t k = 0; k < FW_CFG_NAME_LEN; k++)
			entry[k] = (char)fw_cfg_byte();
		if (strncmp(entry, name, FW_CFG_NAME_LEN) == 0)
			key = select;
	}
	if (!key)
		return false;
	fw_cfg_select(key);
	while (len < size && len + 1 < cap)
		buf[len++] = (char)fw_cfg_byte();
	buf[len] = '\0';
	return true;
}

/* The run's parameters as the runner passed them ("" when it did not). */
static char bench_args[BENCH_PARAMS_MAX];

/* Load the run's parameters (the guest that owns fw_cfg, once). */
static inline void bench_load_params(void)
{
	if (!bench_fw_cfg_file(BENCH_PARAMS_FILE, bench_args,
			       sizeof(bench_args)))
		bench_args[0] = '\0';
}

/*
 * Parameter `key` of the run ("key=N" among space-separated words),
 * clamped to [1, max]; `def` when the runner did not give it.
 */
static inline uint32_t bench_param(const char *key, uint32_t def, uint32_t max)
{
	size_t klen = strlen(key);

	for (const char *p = bench_args; *p; ) {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			uint64_t v = 0;

			for (p += klen + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint64_t)(*p - '0');
			if (v > max)
				v = max;
			return v ? (uint32_t)v : 1;
		}
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return def;
}

/* Counter ticks as ns (exact when the counter runs at 1 GHz). */
static inline uint64_t bench_ns(uint64_t ticks)
{
	uint64_t freq = kit_counter_freq();

	return ticks / freq * NS_PER_S + ticks % freq * NS_PER_S / freq;
}

/*
 * Sleep until *events differs from `seen`.  Interrupts are masked from the
 * look at *events to the WFI, so an event cannot slip in between and be
 * missed; a pending one ends the WFI and is taken at the unmask.  No
 * timeout: a lost event hangs the guest, and the runner's timeout reports
 * it.  Under QEMU's round-robin vCPU scheduling the WFI is what hands the
 * (one) host thread over to the next vCPU at once.
 */
static inline void bench_wait_event(const volatile uint32_t *events,
				    uint32_t seen)
{
	for (;;) {
		kit_irq_disable();
		if (*events != seen)
			break;
		__asm__ volatile("wfi" : : : "memory");
		kit_irq_enable();
		__asm__ volatile("isb" : : : "memory");
	}
	kit_irq_enable();
}

static inline void bench_mode_line(bool septum)
{
	kit_printf("BENCH mode %s\n", septum ? "septum" : "native");
}

/* One value, fixed-point with `decimals` places, appended to line[*len]. */
static inline void bench_append(char *line, size_t cap, size_t *len,
				uint64_t v, unsigned int decimals)
{
	uint64_t scale = 1;
	int n;

	for (unsigned int d = 0; d < decimals; d++)
		scale *= 10;
	if (decimals)
		n = snprintf(line + *len, cap - *len, " %llu.%0*llu",
			     (unsigned long long)(v / scale), (int)decimals,
			     (unsigned long long)(v % scale));
	else
		n = snprintf(line + *len, cap - *len, " %llu",
			     (unsigned long long)v);
	if (n > 0)
		*len += (size_t)n < cap - *len ? (size_t)n : cap - *len - 1;
}

/*
 * Print a metric's samples.  Values are fixed-point with `decimals`
 * decimal places (v = 12345, decimals 1: "1234.5").
 */
static inline void bench_print(const char *metric, const char *unit,
			       const uint64_t *v, uint32_t n,
			       unsigned int decimals)
{
	char line[256];

	for (uint32_t i = 0; i < n; i += BENCH_PER_LINE) {
		/* Metric names and units are short: the prefix always fits. */
		size_t len = (size_t)snprintf(line, sizeof(line), "BENCH %s %s",
					      metric, unit);

		for (uint32_t k = i; k < n && k < i + BENCH_PER_LINE; k++)
			bench_append(line, sizeof(line), &len, v[k], decimals);
		kit_printf("%s\n", line);
	}
	kit_printf("BENCH %s end %u\n", metric, n);
}

#endif /* BENCH_BENCH_H */
