/*
 * What the two GIC drivers (gicv3.c, gicv2.c: an image links its board's)
 * share.
 */
#include <arch/gic.h>
#include <septum/mmio.h>

COLD void gic_frame_reset(uintptr_t base, unsigned int first,
			  unsigned int lines, bool group1)
{
	for (unsigned int i = first; i < lines; i += 32) {
		mmio_write32(base + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(base + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(base + GICD_ICACTIVER + i / 8, ~0u);
		if (group1)
			mmio_write32(base + GICD_IGROUPR + i / 8, ~0u);
	}
	for (unsigned int i = first; i < lines; i += 4)
		mmio_write32(base + GICD_IPRIORITYR + i,
			     0x01010101u * GIC_PRIORITY);
}
