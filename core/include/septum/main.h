/*
 * The hypervisor's entry points from arch code, and what boot hands over.
 */
#ifndef SEPTUM_MAIN_H
#define SEPTUM_MAIN_H

#include <septum/fdt.h>
#include <septum/types.h>

struct boot_info {
	paddr_t image_pa;	/* where the image was loaded */
	size_t image_size;
	paddr_t dtb_pa;		/* the boot DTB ... */
	const void *dtb;	/* ... and where the hypervisor maps it */
	size_t dtb_size;
	uint64_t entry_ticks;	/* arch_timer_now() at the image's entry */
};

/*
 * The boot CPU's entry into core, with the MMU on, at the hypervisor's own
 * virtual addresses, on its own stack and exception vectors.
 */
NORETURN void main_primary(const struct boot_info *boot);

/* A secondary CPU's entry into core, in the same state as main_primary(). */
NORETURN void main_secondary(unsigned int index);

#endif /* SEPTUM_MAIN_H */
