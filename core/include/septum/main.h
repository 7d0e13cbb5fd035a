/*
 * The hypervisor's entry points from arch code, and what boot hands over.
 */
#ifndef SEPTUM_MAIN_H
#define SEPTUM_MAIN_H

#include <septum/percpu.h>
#include <septum/types.h>

/*
 * What the machine told the arch's boot code (from a device tree on arm64,
 * from the boot loader's information on x86), in the arch-neutral terms core
 * needs.
 */
#define BOOT_SEEDS 2u

struct boot_info {
	paddr_t image_pa;	/* where the image was loaded */
	size_t image_size;
	uint64_t entry_ticks;	/* arch_timer_now() at the image's entry */
	/* The CPUs, in the firmware's order, the boot CPU among them. */
	unsigned int num_cpus;
	uint64_t cpu_hwid[MAX_CPUS];
	unsigned int cpus_left_out;	/* beyond MAX_CPUS: not used */
	/* The boot loader's module that may hold the partition table. */
	paddr_t initrd_pa;
	uint64_t initrd_size;	/* 0: none */
	const char *cmdline;	/* the boot command line, "" if none */
	/* Random seeds the boot loader handed over (len 0: none). */
	struct boot_seed {
		const void *data;
		size_t len;
	} seeds[BOOT_SEEDS];
};

/*
 * The boot CPU's entry into core, with the MMU on, at the hypervisor's own
 * virtual addresses, on its own stack and exception vectors.
 */
NORETURN void main_primary(const struct boot_info *boot);

/* A secondary CPU's entry into core, in the same state as main_primary(). */
NORETURN void main_secondary(unsigned int index);

#endif /* SEPTUM_MAIN_H */
