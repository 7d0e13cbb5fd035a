/*
 * The partition table of core's fuzz machine, written out as a blob that
 * must pass blob_verify() (the harness runs only configs the hypervisor
 * would accept), and its backing memory.  The board is the fake arch's
 * (host_board()).
 *
 * Seven CPUs, four cells, two channels, every kind of core device:
 *   alpha  CPUs 0-1  console (focus), restart policy
 *   beta   CPUs 2-3  console, virtual PCI host, restart
 *          (alpha and beta stop instead in the `stop` variant)
 *   gamma  CPU 4     console at another INTID, stop policy
 *   delta  CPU 5     no console, restart
 *   CPU 6 has no cell; it takes the console UART's interrupt.
 *   channel link: alpha (registers page) and beta (PCI slot 0)
 *   channel trio: beta (PCI slot 1), gamma (read-only), alpha
 *   PCI function 02.0 of the board's host (behind its SMMU): beta's, on
 *   its virtual host beside its channels' slots
 * (This file keeps its state across inputs: it is not in hv_state.h's
 * block.)
 */
#include <host/fake.h>
#include <septum/blob.h>
#include <septum/config.h>
#include <septum/crc32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

/* The table, rounded up to the payload alignment. */
#define TABLE_END ALIGN_UP((unsigned int)sizeof(struct septum_config), \
			   SEPTUM_CONFIG_PAYLOAD_ALIGN)
#define IMAGE_SIZE 0x1000u
#define BLOB_SIZE (TABLE_END + M_CELLS * IMAGE_SIZE)
#define RAM_IPA 0x40000000u
#define RAM_PA(i) (0x60000000u + (i) * 0x10000u)
#define CHAN_PA(i) (0x61000000u + (i) * 0x4000u)
#define CHAN_SIZE 0x4000u
#define UART_IPA 0x09000000u

/* [cells alpha and beta restart, or stop, on a fault] */
static struct septum_config configs[2];
static _Alignas(8) uint8_t blobs[2][BLOB_SIZE];
static const struct septum_config *selected;
static const uint8_t *selected_blob;

/* The machine's physical memory: zeroed as it boots. */
static uint8_t ram[M_CELLS][M_RAM_SIZE];
static uint8_t chan_mem[2][CHAN_SIZE];
/* The hypervisor's own region, what hypmem hands out (the cells' console
 * rings, for one): the same memory for every input. */
#define HYP_PA 0x40000000u
#define HYP_SIZE 0x1000000u
static uint8_t hyp_mem[HYP_SIZE] __attribute__((aligned(4096)));

static void board(struct septum_config *c)
{
	host_board(&c->board);
	c->board.num_cpus = M_CPUS;
	for (unsigned int i = 0; i < M_CPUS; i++)
		c->board.cpu_hwid[i] = i;
	c->hyp = (struct septum_hyp){ .mem_pa = HYP_PA, .mem_size = HYP_SIZE,
		.uart_pa = 0x09000000, .uart_size = 0x1000,
		.uart_kind = SEPTUM_UART_PL011, .uart_intid = 33,
		.log_level = SEPTUM_LOG_INFO };
}

/* Cell i: name, CPUs [first, first + n), console INTID (0: none). */
static struct septum_cell *cell(struct septum_config *c, unsigned int i,
				const char *name, unsigned int first,
				unsigned int n, uint32_t console)
{
	struct septum_cell *s = &c->cells[i];

	snprintf(s->name, sizeof(s->name), "%s", name);
	s->fault_policy = SEPTUM_FAULT_RESTART;
	s->num_cpus = n;
	for (unsigned int k = 0; k < n; k++)
		s->cpus[k] = (struct septum_cell_cpu){ .board_cpu = first + k,
						       .hwid = first + k };
	s->num_regions = 1;
	s->regions[0] = (struct septum_region){ .pa = RAM_PA(i), .ipa = RAM_IPA,
		.size = M_RAM_SIZE,
		.flags = SEPTUM_MEM_READ | SEPTUM_MEM_WRITE | SEPTUM_MEM_EXEC };
	s->num_images = 1;
	s->images[0] = (struct septum_image){ .kind = SEPTUM_IMAGE_KERNEL,
		.source = SEPTUM_SRC_BLOB, .offset = TABLE_END + i * IMAGE_SIZE,
		.size = IMAGE_SIZE, .load_ipa = RAM_IPA, .entry_ipa = RAM_IPA,
		.arch = host_kernel_arch };
	s->dtb_ipa = RAM_IPA + 0x3000;
	if (console)
		s->vuart = (struct septum_vuart){ UART_IPA, console,
						  host_vuart_kind };
	return s;
}

static struct septum_peer peer(uint32_t cell_index, uint32_t rights,
			       uint64_t at, uint64_t regs, uint32_t vintid,
			       uint32_t slot)
{
	return (struct septum_peer){ cell_index, rights, at, regs, vintid, slot };
}

static void channels(struct septum_config *c)
{
	struct septum_channel *link = &c->channels[0], *trio = &c->channels[1];
	uint32_t rw = SEPTUM_PEER_READ | SEPTUM_PEER_WRITE;

	c->header.num_channels = 2;
	*link = (struct septum_channel){ .name = "link", .pa = CHAN_PA(0),
		.size = CHAN_SIZE, .rw_size = 0x1000, .out_size = 0x1000,
		.num_peers = 2 };
	link->peers[0] = peer(0, rw, 0x48000000, 0x0a000000, 70, SEPTUM_NONE);
	link->peers[1] = peer(1, rw, 0x20000000, 0x10000000, 71, 0);
	*trio = (struct septum_channel){ .name = "trio", .pa = CHAN_PA(1),
		.size = CHAN_SIZE, .rw_size = 0, .out_size = 0x1000,
		.num_peers = 3 };
	trio->peers[0] = peer(1, rw, 0x20100000, 0x10001000, 72, 1);
	trio->peers[1] = peer(2, SEPTUM_PEER_READ, 0x48000000, 0x0a000000, 74,
			      SEPTUM_NONE);
	trio->peers[2] = peer(0, rw, 0x48100000, 0x0a001000, 73, SEPTUM_NONE);
}

/* The board's SMMU and host, function 02.0 (BAR0: 1 MiB; BAR2: 16 KiB,
 * 64-bit, above 4 GiB on the bus) given to beta. */
static void smmu(struct septum_config *c)
{
	struct septum_smmu *s = &c->smmu;

	*s = (struct septum_smmu){ .pa = 0x09050000, .size = 0x20000,
		.ecam_pa = M_ECAM_PA, .ecam_size = 0x100000,
		.evtq_intid = 106, .gerror_intid = 109, .num_funcs = 1 };
	s->funcs[0] = (struct septum_pci_func){ .bdf = M_PCI_FN, .cell = 1,
		.stream = M_PCI_FN };
	s->funcs[0].bars[0] = (struct septum_pci_bar){ 0x11000000, 0x11000000,
		0x100000 };
	s->funcs[0].bars[2] = (struct septum_pci_bar){ 0x11100000,
		M_PCI_BAR2_BUS, 0x4000 };
	s->bar64[0] = 1u << 2;
	s->intx[0] = (struct septum_pci_intx){ 0, SEPTUM_NONE };
}

static void build(struct septum_config *c, bool stop)
{
	struct septum_cell *s;

	memset(c, 0, sizeof(*c));
	c->header = (struct septum_config_header){ .magic = SEPTUM_CONFIG_MAGIC,
		.version = SEPTUM_CONFIG_VERSION,
		.table_size = sizeof(*c), .total_size = BLOB_SIZE,
		.num_cells = M_CELLS };
	board(c);
	s = cell(c, 0, "alpha", 0, 2, 33);
	s->flags = SEPTUM_CELL_CONSOLE_FOCUS;
	if (stop)
		s->fault_policy = SEPTUM_FAULT_STOP;
	s = cell(c, 1, "beta", 2, 2, 33);
	s->pci_ecam = 0x30000000;
	if (stop)
		s->fault_policy = SEPTUM_FAULT_STOP;
	s = cell(c, 2, "gamma", 4, 1, 35);
	s->fault_policy = SEPTUM_FAULT_STOP;
	(void)cell(c, 3, "delta", 5, 1, 0);
	channels(c);
	smmu(c);
}

/* Write c out as a blob with its CRCs (images, table) and verify it. */
static void verify(struct septum_config *c, uint8_t *blob)
{
	struct blob_fault fault;

	for (unsigned int i = TABLE_END; i < BLOB_SIZE; i++)
		blob[i] = (uint8_t)(i * 7u + (i - TABLE_END) / IMAGE_SIZE + 1u);
	for (unsigned int i = 0; i < M_CELLS; i++) {
		struct septum_image *im = &c->cells[i].images[0];

		im->crc32 = crc32_update(0, blob + im->offset, im->size);
	}
	c->header.crc32 = 0;
	c->header.crc32 = crc32_update(0, c, sizeof(*c));
	memcpy(blob, c, sizeof(*c));
	if (blob_verify(blob, BLOB_SIZE, &fault) != E_OK) {
		fprintf(stderr, "fuzz machine: its config is invalid: %s (%u)\n",
			blob_check_str(fault.check), fault.where);
		abort();
	}
}

void mconfig_select(bool stop)
{
	struct septum_config *c = &configs[stop];

	if (c->header.magic == 0) {
		build(c, stop);
		verify(c, blobs[stop]);
	}
	selected = c;
	selected_blob = blobs[stop];
	host_config = *c;
	host_blob = selected_blob;
	memset(ram, 0, sizeof(ram));
	memset(chan_mem, 0, sizeof(chan_mem));
	for (unsigned int i = 0; i < M_CELLS; i++)
		host_phys[i] = (struct host_phys){ RAM_PA(i), M_RAM_SIZE, ram[i] };
	for (unsigned int i = 0; i < 2; i++)
		host_phys[M_CELLS + i] =
			(struct host_phys){ CHAN_PA(i), CHAN_SIZE, chan_mem[i] };
	host_phys[M_CELLS + 2] = (struct host_phys){ HYP_PA, HYP_SIZE, hyp_mem };
}

int m_cell_of_cpu(unsigned int cpu)
{
	for (unsigned int i = 0; i < selected->header.num_cells; i++) {
		const struct septum_cell *s = &selected->cells[i];

		for (unsigned int k = 0; k < s->num_cpus; k++) {
			if (s->cpus[k].board_cpu == cpu)
				return (int)i;
		}
	}
	return M_NO_CELL;
}

uint8_t *m_ram(unsigned int c)
{
	return ram[c];
}
