/*
 * Queries on the board's device tree (the hardware description in
 * boards/<board>/, compiled to a DTB): CPUs, RAM, GIC, timer, and the MMIO
 * ranges and interrupts of any device node, translated to CPU physical
 * addresses and GIC INTIDs.  Every query is bounds-checked: the board DTB is
 * input, and fuzzed as such.
 */
#ifndef CONFIG_BOARD_H
#define CONFIG_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include <septum/abi/config.h>

#define BOARD_MAX_RAM 16u
#define BOARD_MAX_RESERVED 32u
#define BOARD_MAX_REGS 16u	/* MMIO ranges of one device */
#define BOARD_MAX_IRQS 16u	/* interrupts of one device */
#define BOARD_PATH_LEN 256u

struct board_range {
	uint64_t base;
	uint64_t size;
};

struct board {
	const void *fdt;
	const char *file;			/* for messages */
	uint32_t num_cpus;
	uint64_t cpu_mpidr[SEPTUM_MAX_CPUS];
	int cpu_node[SEPTUM_MAX_CPUS];
	uint32_t num_ram;
	struct board_range ram[BOARD_MAX_RAM];
	/*
	 * RAM the board keeps for itself (firmware, a boot ROM's data): the
	 * DT's /memreserve/ entries and the /reserved-memory nodes with a
	 * `reg`.  The tool places nothing there.
	 */
	uint32_t num_reserved;
	struct board_range reserved[BOARD_MAX_RESERVED];
	int gic_node;
	uint32_t gic_version;			/* 2 or 3 */
	/*
	 * GICv2 quirk: each 4 KiB frame of the GIC-400 repeats every 64 KiB
	 * (ZynqMP: the DT gives the CPU interface and GICV 128 KiB each), so
	 * the 8 KiB interfaces are used at +0xf000, where frame 0's last
	 * alias meets frame 1 (as Linux and Xen do).  gic.gicc_pa and
	 * gic.gicv_pa are those addresses.
	 */
	int gic_alias_64k;
	struct septum_gic gic;
	uint64_t gicr_size;			/* v3: bytes of the first GICR region */
	int timer_node;
	struct septum_timer timer;
	/*
	 * The interrupt controller (enum septum_irqchip).  On an x86 board
	 * (SEPTUM_IRQCHIP_X86_APIC) gic_node is its I/O APIC, the parent of
	 * device interrupts (GSIs), and there is no GIC or generic timer.
	 */
	uint32_t irqchip;
	/*
	 * The last-level cache as cache colouring sees it: the bytes of one
	 * way (sets x line size) and so its colours (way / page, at most
	 * SEPTUM_MAX_COLOURS); 0 when the board says nothing.  From the
	 * board DT's highest-level cache node (llc_node), else given by the
	 * board's board.mk (board_set_llc_way(); llc_node -1).
	 */
	uint64_t llc_way_size;
	uint32_t llc_colours;
	int llc_node;
};

/* A device node as a cell would own it. */
struct board_device {
	int node;
	char path[BOARD_PATH_LEN];
	int disabled;				/* status = "disabled" */
	uint32_t num_mmio;
	struct board_range mmio[BOARD_MAX_REGS];	/* CPU physical, exact */
	uint32_t num_pio;
	struct board_range pio[BOARD_MAX_REGS];	/* x86 I/O ports */
	uint32_t num_irqs;
	uint32_t intid[BOARD_MAX_IRQS];		/* GIC INTIDs, or x86 GSIs */
	uint32_t irq_flags[BOARD_MAX_IRQS];	/* the DT trigger flags cell */
};

enum board_dev_error {
	BOARD_DEV_OK = 0,
	BOARD_DEV_BAD_REG,	/* reg malformed or >2 address cells (PCI) */
	BOARD_DEV_NO_TRANSLATION, /* a parent bus has no `ranges` for it */
	BOARD_DEV_TOO_MANY,	/* more ranges/interrupts than we keep */
	BOARD_DEV_NOT_GIC,	/* interrupts go to another controller */
	BOARD_DEV_BAD_IRQ,	/* interrupts property malformed */
};

/*
 * Read the board facts from the DTB `fdt` of `size` bytes, read from `file`.
 * Problems are reported with diag_error() against `file` (line 0).  Returns 0
 * when the board is usable, -1 otherwise (then *b is partially filled).
 * `fdt` must stay valid while *b is used.
 */
int board_load(struct board *b, const void *fdt, size_t size, const char *file);

/*
 * Find a device by reference: a path ("/pl011@9000000"), a label from the
 * board's __symbols__ (board compiled with dtc -@), or an alias ("serial0").
 * Returns the node offset, or -1.
 */
int board_find(const struct board *b, const char *ref);

/* Describe the device at `node` into *dev.  Returns BOARD_DEV_OK or why not. */
enum board_dev_error board_device(const struct board *b, int node,
				  struct board_device *dev);

/* One phrase for a board_dev_error, to finish "device 'x' ...". */
const char *board_dev_error_str(enum board_dev_error err);

/*
 * x86 boards (board_x86.c).  board_x86_load(): if the board has an I/O APIC
 * ("intel,ce4100-ioapic"), take it as the interrupt controller and return 1;
 * else 0.  board_x86_regs(): read the reg of a device under an `isa` bus
 * (<space address size>, space 1 = I/O ports) into dev; returns 1 if
 * `parent` is such a bus (the result in *err), 0 if not.
 * board_x86_irq(): one GSI specifier <gsi flags> into dev.
 */
int board_x86_load(struct board *b);
int board_x86_regs(const void *fdt, int parent, struct board_device *dev,
		   enum board_dev_error *err);
enum board_dev_error board_x86_irq(struct board_device *d, const void *spec);

/*
 * The last-level cache's way size given outside the DT (board.mk's
 * LLC_WAY_SIZE), used when the DT has no cache node that gives it.  A
 * size that is not a page multiple is an error (reported, returns -1).
 */
int board_set_llc_way(struct board *b, uint64_t way_size);

/* UART driver kind for the node's compatible list, or 0 if unsupported. */
uint32_t board_uart_kind(const struct board *b, int node);

/* The node is the GIC or one of its children (e.g. the ITS). */
int board_is_gic(const struct board *b, int node);

/* Read an address or size of 1 or 2 big-endian cells. */
uint64_t board_read_cells(const void *p, int cells);

#endif /* CONFIG_BOARD_H */
