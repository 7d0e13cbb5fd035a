/*
 * The virtual devices core emulates for cells: one constant table.  A new
 * device model is a file in this folder defining its `const struct vdev`,
 * plus its line here (and its declaration in vdev_int.h).  An image is
 * built with this table less the models its arch's cells cannot have
 * (ARCH_NO_VDEVS in arch/<arch>/arch.mk): those are not linked.
 *
 * Order matters only for speed: a cell's claims are searched in this order,
 * the consoles first (their data register is a cell's most frequent trap).
 */
#include "vdev_int.h"

const struct vdev *const vdev_table[] = {
	&pl011_vdev,
	&ns16550_vdev,
	&ivshmem_vdev,
	&pci_host_vdev,
};

const unsigned int vdev_table_size = ARRAY_SIZE(vdev_table);
