/*
 * The partition table as the config tool holds it while checking: what the
 * system DTS says (with the source location of everything, for messages) plus
 * what the tool resolved from the board (device ranges, interrupts, defaults).
 *
 * Arrays are larger than the ABI limits so that a config exceeding a limit is
 * read whole and reported by the checks, not truncated silently.
 */
#ifndef CONFIG_MODEL_H
#define CONFIG_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <septum/abi/config.h>

#include "board.h"
#include "diag.h"

#define MODEL_MAX 64u		/* items of any kind the reader keeps */
#define MODEL_NAME_LEN 256u	/* longer names are cut (and reported) */
/* The start of an x86 bzImage kept for its setup header (x86boot.c). */
#define X86_SETUP_BYTES 0x280u

struct m_region {
	char name[MODEL_NAME_LEN];
	struct loc loc;
	uint64_t pa, ipa, size;
	struct loc pa_loc, ipa_loc, size_loc;	/* base, guest-base, size */
	uint32_t flags;		/* SEPTUM_MEM_* */
	int malformed;		/* a value could not be read (reported) */
	int pa_placed;		/* no base written: the tool chose pa */
	int ipa_placed;		/* no base or guest-base: the tool chose ipa */
};

struct m_image {
	char name[MODEL_NAME_LEN];	/* node name: kernel, initrd or dtb */
	struct loc loc;
	uint32_t kind;			/* enum septum_image_kind */
	char *file;			/* NULL for a generated DTB */
	struct loc file_loc;
	uint64_t load, entry;
	struct loc load_loc, entry_loc;
	uint32_t arch;			/* enum septum_image_arch */
	int arch_given;			/* `arch` was written */
	uint64_t max_size;		/* 0: the file's size */
	int preloaded;			/* the loader puts it in place */
	int present;			/* the file was read */
	uint64_t file_size;
	uint64_t size;			/* bytes reserved in the cell */
	uint8_t *data;			/* file contents, when read */
};

struct m_device {
	char *ref;			/* as written: path or label */
	struct loc loc;			/* the `devices` property */
	int found;
	int pci;			/* from `pci-devices`: a PCI function */
	struct board_device dev;
	uint64_t ipa_offset;		/* guest = physical + this (0) */
};

/* A firmware call the cell may forward (its `firmware { }` node). */
struct m_fw_call {
	uint32_t fn;			/* SMCCC function ID */
	uint32_t arg;			/* enum septum_fw_arg */
	struct loc loc;			/* the list naming it */
};

struct m_cell {
	char name[MODEL_NAME_LEN];
	struct loc loc;
	uint32_t num_cpus;
	uint32_t cpus[MODEL_MAX];	/* board CPU indices */
	struct loc cpus_loc;
	uint32_t num_regions;
	struct m_region regions[MODEL_MAX];
	uint32_t num_images;
	struct m_image images[SEPTUM_MAX_IMAGES + 1];
	uint32_t num_devices;
	struct m_device devices[MODEL_MAX];
	int is_linux;			/* os = "linux" */
	char *bootargs;
	struct loc bootargs_loc;
	uint32_t fault_policy;
	struct loc policy_loc;
	int focus;			/* console-focus */
	struct loc focus_loc;
	uint64_t vuart_ipa;		/* a port for SEPTUM_VUART_NS16550_PIO */
	uint32_t vuart_vintid;
	uint32_t vuart_kind;		/* enum septum_vuart_kind */
	struct loc vuart_loc;
	int no_console;		/* console = "none": no virtual UART */
	uint64_t dtb_ipa;		/* generated or given DTB, Linux cells */
	int dtb_given;			/* dtb-address was written */
	struct loc dtb_loc;
	uint64_t pci_ecam, pci_mmio, pci_mmio_size; /* virtual PCI host */
	struct loc pci_loc;
	struct loc ecam_loc, window_loc, window_size_loc;
	int window_placed;		/* window-size alone: the tool chose */
	uint8_t *gen_dtb;		/* generated device tree, if any */
	size_t gen_dtb_size;
	/* Its /chosen seed properties' values: offsets in gen_dtb, lengths */
	uint32_t seed_offset[SEPTUM_MAX_SEEDS], seed_len[SEPTUM_MAX_SEEDS];
	/* What a seed slot holds when there is no seed (septum_seed.blank). */
	uint32_t seed_blank_before;
	uint8_t seed_blank[4];
	/* x86 Linux: the kernel's setup header (x86boot_take_kernel()). */
	int x86_kernel;			/* taken apart: the fields below hold */
	const char *x86_kernel_bad;	/* why the kernel is not usable */
	uint8_t x86_setup[X86_SETUP_BYTES];
	uint32_t x86_hdr_end, x86_init_size, x86_align, x86_cmdline_size;
	uint32_t num_fw_calls;
	struct m_fw_call fw_calls[MODEL_MAX];
	uint32_t num_fw_ids;		/* resources only its devices use */
	struct septum_fw_id fw_ids[MODEL_MAX];
	/* Cache colouring (colour.c): its regions then have no base. */
	int coloured;			/* cache-colors was written */
	struct loc colours_loc;
	uint32_t num_colour_list;
	uint32_t colour_list[MODEL_MAX];	/* as written */
	uint64_t colours;		/* the valid ones, as a mask */
	uint32_t num_runs;		/* where colour.c placed its pages */
	struct septum_run *runs;	/* sorted by ipa */
};

struct m_peer {
	char name[MODEL_NAME_LEN];	/* the cell's name, as written */
	struct loc loc;
	int cell;			/* index, -1 if no such cell */
	uint32_t rights;		/* SEPTUM_PEER_* */
	uint64_t ipa;
	int has_ipa;
	int ipa_placed;			/* the tool chose ipa in free space */
	struct loc ipa_loc;
	uint64_t regs_ipa;		/* doorbell register page */
	int has_regs;
	struct loc regs_loc;
	uint32_t vintid;		/* 0 until assigned */
	int vintid_given;		/* `interrupt` was written */
	struct loc vintid_loc;
	uint32_t pci_slot;
};

struct m_channel {
	char name[MODEL_NAME_LEN];
	struct loc loc;
	uint64_t pa, size;
	uint64_t out_size;		/* each peer's output section */
	struct loc pa_loc, size_loc, out_loc;
	int malformed;
	int pa_placed;			/* no base written: the tool chose pa */
	uint32_t num_peers;
	struct m_peer peers[MODEL_MAX];
};

/* The board's SMMUv3 and the PCI functions cells own behind it (pcidev.c). */
struct m_smmu {
	int looked;			/* the board was searched for it */
	int node;			/* the SMMU, or -1: the board has none */
	int host;			/* the PCIe host behind it, or -1 */
	struct septum_smmu out;		/* as the blob carries it */
	uint32_t rid_base, sid_base, sid_len; /* the host's iommu-map */
	uint64_t win_bus, win_cpu, win_size;  /* its 32-bit memory window */
	uint64_t cursor;		/* next free bus address in it */
};

struct m_system {
	const char *file;		/* the system DTS */
	char *board_name;	/* the first board named */
	char *board_names;	/* every board named: NUL-separated strings */
	int board_names_len;
	struct loc board_loc;
	struct loc hyp_loc;
	uint64_t hyp_pa, hyp_size;
	int hyp_malformed;
	struct loc hyp_mem_loc;		/* its base */
	struct loc hyp_size_loc;
	/* Its own cache colours (colour.c), as cells' are. */
	int hyp_coloured;		/* cache-colors was written */
	struct loc hyp_colours_loc;
	uint32_t num_hyp_colour_list;
	uint32_t hyp_colour_list[MODEL_MAX];	/* as written */
	uint64_t hyp_colours;		/* the valid ones, as a mask */
	char *uart_ref;
	int no_console;		/* /hypervisor console = "none" */
	struct loc uart_loc;
	int uart_node;
	struct board_device uart;
	uint32_t uart_kind;
	uint32_t log_level;
	uint32_t num_cells;
	struct m_cell cells[MODEL_MAX];
	uint32_t num_channels;
	struct m_channel channels[MODEL_MAX];
	uint32_t focus_cell;
	struct m_smmu smmu;
};

#endif /* CONFIG_MODEL_H */
