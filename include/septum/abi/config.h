/*
 * The config blob: Septum's partition table, as the host config tool writes it and
 * the hypervisor reads it.  One layout, shared by both; see docs/config.md.
 *
 * Why a flat, fixed-size table: the hypervisor must trust the blob after one
 * bounded check (blob_verify()) and then read it without parsing anything, so every
 * table has a fixed place and a fixed maximum, and variable-length data (images)
 * lives in a payload area addressed by (offset, size) pairs.
 *
 * Layout of a blob (all integers little-endian, as both ends are):
 *
 *   offset 0                       struct septum_config (fixed size)
 *   sizeof(struct septum_config)   payload: image bytes, each image starting on a
 *                                  SEPTUM_CONFIG_PAYLOAD_ALIGN boundary
 *   header.total_size              end
 *
 * header.crc32 is CRC-32/IEEE over the table (table_size bytes) computed with
 * the crc32 field itself read as zero; each image carries the CRC-32 of its own
 * bytes, checked whenever it is loaded into its cell (so a large image costs the
 * boot nothing until its own cell starts, on that cell's CPU).  Unused table
 * entries are all zero.
 *
 * Rules for this header: fixed-width types only, no pointers, no bitfields,
 * explicit padding fields (always zero), sizes pinned by _Static_assert.  Bump
 * SEPTUM_CONFIG_VERSION on any layout or meaning change.
 */
#ifndef SEPTUM_ABI_CONFIG_H
#define SEPTUM_ABI_CONFIG_H

#include <stdint.h>

/* "SPTM" read as a little-endian 32-bit word. */
#define SEPTUM_CONFIG_MAGIC 0x4d545053u
#define SEPTUM_CONFIG_VERSION 9u

/* Limits: the tool refuses configs beyond them; blob_verify() refuses blobs. */
#define SEPTUM_MAX_CPUS 8u	    /* physical CPUs on a board */
#define SEPTUM_MAX_CELLS 8u
#define SEPTUM_MAX_REGIONS 8u	    /* memory regions per cell */
#define SEPTUM_MAX_IMAGES 4u	    /* images per cell (kernel, initrd, dtb) */
#define SEPTUM_MAX_MMIO 16u	    /* MMIO ranges per cell */
#define SEPTUM_MAX_IRQS 32u	    /* passed-through interrupts per cell */
#define SEPTUM_MAX_PIO 8u	    /* passed-through I/O port ranges per cell (x86) */
#define SEPTUM_MAX_CHANNELS 8u
#define SEPTUM_MAX_PEERS 4u	    /* cells sharing one channel */
#define SEPTUM_NAME_LEN 32u	    /* names, NUL included */
#define SEPTUM_MAX_FW_CALLS 16u	    /* firmware calls a cell may forward */
#define SEPTUM_MAX_FW_IDS 32u	    /* firmware resources a cell may name */
#define SEPTUM_MAX_SEEDS 2u	    /* boot entropy slots per cell */
#define SEPTUM_MAX_SEED_LEN 64u	    /* bytes in one slot */
#define SEPTUM_MAX_COLOURS 64u	    /* last-level cache colours (a mask's bits) */
#define SEPTUM_MAX_PCI_FUNCS 16u    /* PCI functions behind the SMMU, all cells */
#define SEPTUM_PCI_BARS 6u	    /* base address registers of a function */
#define SEPTUM_SMMU_STREAMS 256u    /* StreamIDs the SMMU's stream table covers */

/* Images in the payload start on this boundary so they can be copied by pages. */
#define SEPTUM_CONFIG_PAYLOAD_ALIGN 4096u

/*
 * Interrupt numbers.  On a GIC (arm64) they are INTIDs: PPIs are per CPU,
 * SPIs are shared and routable; a device's interrupt, physical or virtual,
 * is an SPI.  On x86 they are the inputs (GSIs) of an I/O APIC: a cell's
 * virtual devices raise inputs of its virtual I/O APIC.
 * septum_device_irq_ok() says which numbers a device may use on the board's
 * interrupt controller.
 */
#define SEPTUM_INTID_PPI_FIRST 16u
#define SEPTUM_INTID_SPI_FIRST 32u
#define SEPTUM_INTID_SPI_LAST 1019u
#define SEPTUM_GSI_LAST 23u	    /* x86: the inputs of one I/O APIC */

/* Stage-2 granule: regions, MMIO ranges and channels are multiples of it. */
#define SEPTUM_PAGE_SIZE 4096u

/* "No such thing" for optional 32-bit fields (INTIDs, PCI slots, cell indices). */
#define SEPTUM_NONE 0xffffffffu

/* Kinds of UART the hypervisor has a driver for (septum_hyp.uart_kind). */
enum septum_uart_kind {
	SEPTUM_UART_PL011 = 1,
	SEPTUM_UART_NS16550 = 2,    /* 8250 family with 32-bit registers */
	SEPTUM_UART_CADENCE = 3,    /* Xilinx/Cadence UART (ZynqMP) */
	SEPTUM_UART_IMX = 4,	    /* NXP i.MX UART */
	SEPTUM_UART_BCM2835_AUX = 5, /* Broadcom auxiliary mini UART (Pi) */
	SEPTUM_UART_NS16550_PIO = 6, /* 16550 on x86 I/O ports: uart_pa is the
				      * base port */
	SEPTUM_UART_KINDS	    /* number of values, not a kind */
};

/* Hypervisor log levels (septum_hyp.log_level): a message is printed when its
 * level is at or below this one. */
enum septum_log_level {
	SEPTUM_LOG_ERROR = 0,
	SEPTUM_LOG_WARN = 1,
	SEPTUM_LOG_INFO = 2,
	SEPTUM_LOG_DEBUG = 3,
};

/* Memory region attributes (septum_region.flags). */
#define SEPTUM_MEM_READ (1u << 0)
#define SEPTUM_MEM_WRITE (1u << 1)
#define SEPTUM_MEM_EXEC (1u << 2)
#define SEPTUM_MEM_DMA (1u << 3)     /* a passed-through device may DMA here */
#define SEPTUM_MEM_ALL_FLAGS 0xfu

/* Image kinds (septum_image.kind). */
enum septum_image_kind {
	SEPTUM_IMAGE_KERNEL = 1,    /* the cell's entry image (Linux Image or binary) */
	SEPTUM_IMAGE_INITRD = 2,
	SEPTUM_IMAGE_DTB = 3,	    /* the cell's device tree (generated or given);
				     * an x86 Linux cell's boot block
				     * (septum/abi/x86_linux.h) */
};

/* Where an image's bytes are (septum_image.source). */
enum septum_image_source {
	SEPTUM_SRC_BLOB = 1,	    /* at blob offset `offset` */
	SEPTUM_SRC_PHYS = 2,	    /* the loader put it at physical address `pa` */
};

/* Execution state a kernel image starts in (septum_image.arch). */
enum septum_image_arch {
	SEPTUM_ARCH_NONE = 0,	    /* not executable (initrd, dtb) */
	SEPTUM_ARCH_AARCH64 = 1,
	SEPTUM_ARCH_AARCH32 = 2,
	SEPTUM_ARCH_X86_64 = 3,	    /* entered in 32-bit protected mode, paging
				     * off (as Multiboot), EBX = its argument */
	SEPTUM_ARCH_COUNT	    /* number of values, not an arch */
};

/* The board's interrupt controller (septum_board.irqchip). */
enum septum_irqchip {
	SEPTUM_IRQCHIP_GICV2 = 2,
	SEPTUM_IRQCHIP_GICV3 = 3,
	SEPTUM_IRQCHIP_X86_APIC = 4, /* x86: local APICs and an I/O APIC */
};

/* The model of a cell's virtual UART (septum_vuart.kind). */
enum septum_vuart_kind {
	SEPTUM_VUART_NONE = 0,	    /* console = "none" */
	SEPTUM_VUART_PL011 = 1,	    /* memory-mapped PL011: base is an IPA */
	SEPTUM_VUART_NS16550_PIO = 2, /* 16550 on x86 I/O ports: base is a port */
	SEPTUM_VUART_KINDS	    /* number of values, not a kind */
};

/* What happens when a cell faults (septum_cell.fault_policy). */
enum septum_fault_policy {
	SEPTUM_FAULT_STOP = 1,	    /* park its CPUs, keep its memory for post-mortem */
	SEPTUM_FAULT_RESTART = 2,   /* reload its images and start it again */
	SEPTUM_FAULT_INJECT = 3,    /* an access outside its map: the cell takes
				     * a synchronous external abort (AArch64
				     * cells on arm64); other faults: stop */
};

/*
 * What a forwarded firmware call's first argument names (septum_fw_call.arg,
 * septum_fw_id.arg): on arm64, x1 bits 31:0 of an SMCCC SiP call (the
 * ZynqMP/Versal EEMI ABI puts the clock, reset or power node id there).
 */
enum septum_fw_arg {
	SEPTUM_FW_ARG_NONE = 0,	    /* nothing of any cell's: forwarded as is */
	SEPTUM_FW_ARG_CLOCK = 1,    /* a clock of the firmware's */
	SEPTUM_FW_ARG_RESET = 2,    /* a reset line */
	SEPTUM_FW_ARG_POWER = 3,    /* a power domain / device node */
	SEPTUM_FW_ARG_KINDS	    /* number of values, not a kind */
};

/* Cell flags (septum_cell.flags). */
#define SEPTUM_CELL_LINUX (1u << 0)	   /* boots with the arch's Linux protocol */
#define SEPTUM_CELL_CONSOLE_FOCUS (1u << 1) /* owns console input at boot */
#define SEPTUM_CELL_ALL_FLAGS 0x3u

/* Channel peer rights (septum_peer.rights). */
#define SEPTUM_PEER_READ (1u << 0)
#define SEPTUM_PEER_WRITE (1u << 1)
#define SEPTUM_PEER_ALL_RIGHTS 0x3u

struct septum_config_header {
	uint32_t magic;		/* SEPTUM_CONFIG_MAGIC */
	uint32_t version;	/* SEPTUM_CONFIG_VERSION */
	uint32_t crc32;		/* see the top of this file */
	uint32_t table_size;	/* sizeof(struct septum_config) */
	uint64_t total_size;	/* table + payload, bytes */
	uint32_t num_cells;	/* 1..SEPTUM_MAX_CELLS */
	uint32_t num_channels;	/* 0..SEPTUM_MAX_CHANNELS */
};

/* The hypervisor itself. */
struct septum_hyp {
	uint64_t mem_pa;	/* its own memory: image, stacks, page tables */
	uint64_t mem_size;
	uint64_t uart_pa;	/* the physical UART the console mux drives;
				 * all UART fields 0 (intid NONE): none */
	uint64_t uart_size;
	uint32_t uart_kind;	/* enum septum_uart_kind */
	uint32_t uart_intid;	/* its interrupt (GIC INTID), or SEPTUM_NONE */
	uint32_t log_level;	/* enum septum_log_level */
	uint32_t pad0;
};

/* arm64: the board's GIC, as the hypervisor programs it. */
struct septum_gic {
	uint32_t maint_intid;	/* maintenance interrupt (a PPI INTID) */
	uint32_t pad0;
	uint64_t gicd_pa;	/* distributor */
	uint64_t gicr_pa;	/* v3: first redistributor frame; v2: 0 */
	uint64_t gicr_stride;	/* v3: bytes per CPU's redistributor; v2: 0 */
	uint64_t gicc_pa;	/* v2: CPU interface; v3: 0 */
	uint64_t gich_pa;	/* v2: virtual interface control; v3: 0 */
	uint64_t gicv_pa;	/* v2: virtual CPU interface; v3: 0 */
};

/* arm64: the generic timer's PPIs, as GIC INTIDs. */
struct septum_timer {
	uint32_t sec_phys_intid;
	uint32_t phys_intid;	/* EL1 physical timer */
	uint32_t virt_intid;	/* EL1 virtual timer */
	uint32_t hyp_intid;	/* EL2 physical timer */
};

/* What an arm64 board adds to the common description. */
struct septum_board_arm64 {
	struct septum_gic gic;
	struct septum_timer timer;
	uint64_t pad0[3];
};

/*
 * The board: its CPUs and interrupt controller, and the facts of its
 * architecture the hypervisor programs (the member `irqchip` selects).
 */
struct septum_board {
	uint32_t irqchip;	/* enum septum_irqchip */
	uint32_t num_cpus;	/* 1..SEPTUM_MAX_CPUS */
	uint64_t cpu_hwid[SEPTUM_MAX_CPUS]; /* each CPU's hardware id: MPIDR
					     * affinity fields on arm64 */
	union {
		struct septum_board_arm64 arm64;
		uint64_t raw[12];
	} arch;
};

/* One physical CPU of a cell; the cell sees it as virtual CPU <its index here>. */
struct septum_cell_cpu {
	uint32_t board_cpu;	/* index into septum_board.cpu_hwid */
	uint32_t pad0;
	uint64_t hwid;		/* copy of septum_board.cpu_hwid[board_cpu] */
};

/* One memory region: guest-physical [ipa, ipa + size) maps to [pa, pa + size). */
struct septum_region {
	uint64_t pa;
	uint64_t ipa;
	uint64_t size;		/* non-zero, page multiple */
	uint32_t flags;		/* SEPTUM_MEM_* */
	uint32_t pad0;
};

struct septum_image {
	uint32_t kind;		/* enum septum_image_kind */
	uint32_t source;	/* enum septum_image_source */
	uint64_t offset;	/* SEPTUM_SRC_BLOB: where in the blob */
	uint64_t pa;		/* SEPTUM_SRC_PHYS: where the loader put it */
	uint64_t size;		/* bytes */
	uint64_t load_ipa;	/* copied to this guest address, inside a region */
	uint64_t entry_ipa;	/* kernels: first instruction; else 0 */
	uint32_t arch;		/* enum septum_image_arch */
	uint32_t crc32;		/* SEPTUM_SRC_BLOB: of its bytes, checked at every
				 * load; else 0 */
};

/* A passed-through MMIO range, page-rounded by the tool. */
struct septum_mmio {
	uint64_t pa;
	uint64_t ipa;
	uint64_t size;
};

/* A passed-through interrupt: the physical INTID raised in the cell as vintid. */
struct septum_irq {
	uint32_t pintid;
	uint32_t vintid;
};

/* x86: the I/O port space, 64 Ki ports. */
#define SEPTUM_PIO_PORTS 0x10000u

/* A passed-through range of x86 I/O ports [base, base + size). */
struct septum_pio {
	uint32_t base;
	uint32_t size;
};

/*
 * A place in the cell's memory that the hypervisor fills with fresh random
 * bytes each time the cell starts, after its images are loaded (a Linux
 * cell's /chosen rng-seed and kaslr-seed).  A hypervisor with no entropy of
 * its own (its boot loader gave it no seed) writes the 4-byte pattern
 * `blank` over [ipa - blank_before, ipa + len rounded up to 4) instead: in a
 * device tree, FDT_NOP tokens over the whole property, which vanishes.
 */
struct septum_seed {
	uint64_t ipa;		/* where the bytes go; 4-byte aligned */
	uint32_t len;		/* 0: unused slot, else 1..SEPTUM_MAX_SEED_LEN */
	uint32_t blank_before;	/* a multiple of 4, at most 16 */
	uint8_t blank[4];
	uint32_t pad0;
};

/* The cell's virtual UART (served by the console mux). */
struct septum_vuart {
	uint64_t base;		/* where the cell sees it, in its kind's
				 * address space; 0 with SEPTUM_VUART_NONE */
	uint32_t vintid;	/* its interrupt in the cell */
	uint32_t kind;		/* enum septum_vuart_kind */
};

/* A firmware call the cell may forward: its function ID, what it names. */
struct septum_fw_call {
	uint32_t fn;		/* SMCCC function ID (arm64: a SiP call) */
	uint32_t arg;		/* enum septum_fw_arg */
};

/* A firmware resource the cell may name: only its devices use it. */
struct septum_fw_id {
	uint32_t arg;		/* enum septum_fw_arg, never NONE */
	uint32_t id;		/* the firmware's number for it */
};

/*
 * The firmware calls a cell may make (default: none; every call the
 * hypervisor does not serve itself is refused).  A call is forwarded only if
 * its function is listed and, for one naming a resource, that resource is
 * listed with the same kind.
 */
struct septum_firmware {
	uint32_t num_calls;	/* 0..SEPTUM_MAX_FW_CALLS */
	uint32_t num_ids;	/* 0..SEPTUM_MAX_FW_IDS */
	struct septum_fw_call calls[SEPTUM_MAX_FW_CALLS];
	struct septum_fw_id ids[SEPTUM_MAX_FW_IDS];
};

struct septum_cell {
	char name[SEPTUM_NAME_LEN];	/* NUL-terminated */
	uint32_t flags;			/* SEPTUM_CELL_* */
	uint32_t fault_policy;		/* enum septum_fault_policy */
	uint32_t num_cpus;		/* 1..SEPTUM_MAX_CPUS */
	uint32_t num_regions;		/* 1..SEPTUM_MAX_REGIONS */
	uint32_t num_images;		/* 1..SEPTUM_MAX_IMAGES */
	uint32_t num_mmio;		/* 0..SEPTUM_MAX_MMIO */
	uint32_t num_irqs;		/* 0..SEPTUM_MAX_IRQS */
	uint32_t entry_image;		/* index of the kernel image */
	uint64_t dtb_ipa;		/* for x0 at entry (Linux), else 0 */
	uint64_t pci_ecam;		/* its virtual PCI host's ECAM window
					 * (bus 0, 1 MiB), or 0: none */
	struct septum_vuart vuart;
	struct septum_cell_cpu cpus[SEPTUM_MAX_CPUS];
	struct septum_region regions[SEPTUM_MAX_REGIONS];
	struct septum_image images[SEPTUM_MAX_IMAGES];
	struct septum_mmio mmio[SEPTUM_MAX_MMIO];
	struct septum_irq irqs[SEPTUM_MAX_IRQS];
	struct septum_firmware firmware;
	uint32_t num_pio;		/* 0..SEPTUM_MAX_PIO (x86) */
	uint32_t pad1;
	struct septum_pio pio[SEPTUM_MAX_PIO];
	struct septum_seed seeds[SEPTUM_MAX_SEEDS];
	/*
	 * Cache colouring (ABI version 6).  A coloured cell's RAM is made of
	 * pages of its colours only: its regions give the guest side (ipa,
	 * size, flags; pa is 0) and its runs, in the payload, where each
	 * piece is in physical memory.
	 */
	uint64_t colours;		/* bit n: it may use colour n; 0:
					 * uncoloured (each region is
					 * contiguous at its pa) */
	uint64_t runs_offset;		/* coloured: blob offset of its
					 * struct septum_run[num_runs]; else 0 */
	uint32_t num_runs;		/* coloured: 1.., else 0 */
	uint32_t pad2;
};

/*
 * A piece of a coloured cell's RAM: guest [ipa, ipa + size) is physical
 * [pa, pa + size).  A cell's runs are sorted by ipa, do not overlap, each
 * lies inside one of its regions, and together they fill its regions.
 */
struct septum_run {
	uint64_t pa;
	uint64_t ipa;
	uint64_t size;		/* non-zero, page multiple */
};

/*
 * The board's last-level cache as colouring sees it: a page's colour is
 * (its physical address / SEPTUM_PAGE_SIZE) % colours, the pages that
 * compete for the same cache sets.  colours = the size of one way / the
 * page size, at most SEPTUM_MAX_COLOURS (a cache with more is coloured in
 * groups: still disjoint sets for disjoint colours).
 */
struct septum_llc {
	uint32_t colours;	/* 0: no geometry, nothing coloured */
	uint32_t pad0;
};

/* One cell's view of a channel. */
struct septum_peer {
	uint32_t cell;		/* index into septum_config.cells */
	uint32_t rights;	/* SEPTUM_PEER_* */
	uint64_t ipa;		/* where the cell sees the shared memory */
	uint64_t regs_ipa;	/* the channel's doorbell register page in the
				 * cell (for a PCI peer: BAR0's address) */
	uint32_t vintid;	/* doorbell interrupt in the cell */
	uint32_t pci_slot;	/* device number on the cell's virtual PCI bus, or
				 * SEPTUM_NONE for a cell without one */
};

/*
 * An IVSHMEM channel: shared memory [pa, pa + size) between 2+ cells, laid
 * out as septum/abi/ivshmem.h says: state table, read/write section, one
 * output section per peer (size = state table + rw_size + peers * out_size).
 */
struct septum_channel {
	char name[SEPTUM_NAME_LEN];
	uint64_t pa;
	uint64_t size;		/* non-zero, page multiple */
	uint64_t rw_size;	/* page multiple, may be 0 */
	uint64_t out_size;	/* page multiple, may be 0 */
	uint32_t num_peers;	/* 2..SEPTUM_MAX_PEERS */
	uint32_t pad0;
	struct septum_peer peers[SEPTUM_MAX_PEERS];
};

/*
 * One memory BAR of a passed-through PCI function, placed by the tool: the
 * hypervisor writes `bus` into the BAR and the cell reaches the registers at
 * `pa` (an MMIO range of the cell, identity-mapped).  size 0: unused.
 */
struct septum_pci_bar {
	uint64_t pa;		/* CPU physical address */
	uint64_t bus;		/* PCI bus address written in the BAR */
	uint64_t size;		/* power of two, at least a page */
};

/* A PCI function of the board's PCIe host given to one cell. */
struct septum_pci_func {
	uint32_t bdf;		/* bus << 8 | device << 3 | function */
	uint32_t cell;		/* index into septum_config.cells */
	uint32_t stream;	/* its SMMU StreamID (< SEPTUM_SMMU_STREAMS) */
	uint32_t pad0;
	struct septum_pci_bar bars[SEPTUM_PCI_BARS]; /* by BAR number; memory
						      * BARs only (a 64-bit one:
						      * septum_smmu.bar64) */
};

/*
 * A passed-through function's legacy interrupt (ABI version 7): the pin its
 * configuration space names and the INTID the PCIe host's interrupt-map
 * routes that pin to, one of the owning cell's hardware interrupts.  pin 0
 * and intid SEPTUM_NONE: the function's INTx reaches no cell.
 */
struct septum_pci_intx {
	uint32_t pin;		/* 1-4: INTA-INTD, or 0 */
	uint32_t intid;		/* GIC INTID (an SPI), or SEPTUM_NONE */
};

/*
 * arm64: the board's SMMUv3, owned by the hypervisor, and the PCI functions
 * of the PCIe host behind it that cells own.  pa 0: the board has none (and
 * every other field is zero).
 */
struct septum_smmu {
	uint64_t pa;		/* its registers (two 64 KiB pages) */
	uint64_t size;
	uint64_t ecam_pa;	/* the PCIe host's configuration space (ECAM) */
	uint64_t ecam_size;
	uint32_t evtq_intid;	/* event queue interrupt (wired SPI, edge) */
	uint32_t gerror_intid;	/* global error interrupt (wired SPI, edge) */
	uint32_t num_funcs;	/* 0..SEPTUM_MAX_PCI_FUNCS */
	uint32_t pad0;
	struct septum_pci_func funcs[SEPTUM_MAX_PCI_FUNCS];
	struct septum_pci_intx intx[SEPTUM_MAX_PCI_FUNCS]; /* by function
							    * (ABI 7) */
	/*
	 * By function (ABI 8): bit n set, BAR n is a 64-bit memory BAR and
	 * register n + 1 its upper half (bars[n + 1] unused); clear, a 32-bit
	 * one.  Unused functions: 0.
	 */
	uint8_t bar64[SEPTUM_MAX_PCI_FUNCS];
};

struct septum_config {
	struct septum_config_header header;
	struct septum_hyp hyp;
	struct septum_board board;
	uint32_t focus_cell;	/* cell owning console input at boot */
	uint32_t pad0;
	struct septum_cell cells[SEPTUM_MAX_CELLS];
	struct septum_channel channels[SEPTUM_MAX_CHANNELS];
	struct septum_llc llc;	/* ABI version 6 */
	struct septum_smmu smmu;
	/*
	 * ABI version 9: the hypervisor's own last-level cache colours (bit n:
	 * colour n of llc), 0: uncoloured.  Its image (the partition table
	 * aside), tables and state then move to pages of these colours of
	 * its memory at boot.
	 */
	uint64_t hyp_colours;
};

/* Whether a virtual UART of `kind` is memory-mapped (a page at its base). */
static inline int septum_vuart_is_mmio(uint32_t kind)
{
	return kind == SEPTUM_VUART_PL011;
}

/* Whether the hypervisor knows an interrupt controller of kind `irqchip`. */
static inline int septum_irqchip_known(uint32_t irqchip)
{
	return irqchip == SEPTUM_IRQCHIP_GICV2 ||
	       irqchip == SEPTUM_IRQCHIP_GICV3 ||
	       irqchip == SEPTUM_IRQCHIP_X86_APIC;
}

/*
 * Whether `n` is an interrupt number a device (passed through or virtual)
 * may raise in a cell, on a board whose interrupt controller is `irqchip`.
 */
static inline int septum_device_irq_ok(uint32_t irqchip, uint32_t n)
{
	switch (irqchip) {
	case SEPTUM_IRQCHIP_GICV2:
	case SEPTUM_IRQCHIP_GICV3:
		return n >= SEPTUM_INTID_SPI_FIRST && n <= SEPTUM_INTID_SPI_LAST;
	case SEPTUM_IRQCHIP_X86_APIC:
		return n <= SEPTUM_GSI_LAST;
	default:
		return 0;
	}
}

/* Pinned layout: a change here is an ABI change (bump SEPTUM_CONFIG_VERSION). */
_Static_assert(sizeof(struct septum_config_header) == 32, "header size");
_Static_assert(sizeof(struct septum_hyp) == 48, "hyp size");
_Static_assert(sizeof(struct septum_gic) == 56, "gic size");
_Static_assert(sizeof(struct septum_timer) == 16, "timer size");
_Static_assert(sizeof(struct septum_board_arm64) == 96, "arm64 board size");
_Static_assert(sizeof(struct septum_board) == 168, "board size");
_Static_assert(sizeof(struct septum_cell_cpu) == 16, "cell cpu size");
_Static_assert(sizeof(struct septum_region) == 32, "region size");
_Static_assert(sizeof(struct septum_image) == 56, "image size");
_Static_assert(sizeof(struct septum_mmio) == 24, "mmio size");
_Static_assert(sizeof(struct septum_irq) == 8, "irq size");
_Static_assert(sizeof(struct septum_vuart) == 16, "vuart size");
_Static_assert(sizeof(struct septum_fw_call) == 8, "fw call size");
_Static_assert(sizeof(struct septum_fw_id) == 8, "fw id size");
_Static_assert(sizeof(struct septum_firmware) == 392, "firmware size");
_Static_assert(sizeof(struct septum_pio) == 8, "pio size");
_Static_assert(sizeof(struct septum_seed) == 24, "seed size");
_Static_assert(sizeof(struct septum_cell) == 1880, "cell size");
_Static_assert(sizeof(struct septum_run) == 24, "run size");
_Static_assert(sizeof(struct septum_llc) == 8, "llc size");
_Static_assert(sizeof(struct septum_peer) == 32, "peer size");
_Static_assert(sizeof(struct septum_channel) == 200, "channel size");
_Static_assert(sizeof(struct septum_pci_bar) == 24, "pci bar size");
_Static_assert(sizeof(struct septum_pci_func) == 160, "pci func size");
_Static_assert(sizeof(struct septum_pci_intx) == 8, "pci intx size");
_Static_assert(sizeof(struct septum_smmu) == 2752, "smmu size");
_Static_assert(sizeof(struct septum_config) == 19664, "config size");
_Static_assert(__builtin_offsetof(struct septum_config_header, total_size) == 16,
	       "total_size offset");
_Static_assert(__builtin_offsetof(struct septum_config, hyp) == 32, "hyp offset");
_Static_assert(__builtin_offsetof(struct septum_config, board) == 80,
	       "board offset");
_Static_assert(__builtin_offsetof(struct septum_config, cells) == 256,
	       "cells offset");
_Static_assert(__builtin_offsetof(struct septum_cell, cpus) == 96,
	       "cell cpus offset");

#endif /* SEPTUM_ABI_CONFIG_H */
