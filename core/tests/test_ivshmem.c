/*
 * IVSHMEM devices over the fake arch: doorbells reach their target only,
 * the state table follows the State registers and cell resets, and a PCI
 * peer's configuration space behaves as uio_pci_generic needs (INTx status
 * and mask, BAR sizing, absent functions).
 */
#include <septum/test.h>

#include <host/fake.h>
#include <septum/abi/ivshmem.h>
#include <septum/cell.h>
#include <septum/vdev.h>
#include <string.h>

#include "../vdev/vdev_int.h"


#define SHM_PA 0x48000000u
#define REGS 0x48100000u	/* bare-metal peers' register page */
#define ECAM 0x30000000u	/* cell 1's virtual PCI host */
#define BAR0 0x20200000u
#define BAR2 0x20000000u

static uint8_t shmem[0x8000] __attribute__((aligned(4096)));
static const volatile uint32_t *const table = (const uint32_t *)shmem;

/* Cells 0 (bare metal) and 1 (PCI) share a channel; cell 2 is not a peer. */
static void setup(void)
{
	struct septum_channel *ch = &host_config.channels[0];

	memset(&host_config, 0, sizeof(host_config));
	memset(ivshmem_chans, 0, sizeof(ivshmem_chans));	/* a new boot */
	memset(shmem, 0xa5, sizeof(shmem));
	memset(host_injected, 0, sizeof(host_injected));
	memset(host_line, 0, sizeof(host_line));
	host_config.header.num_cells = 3;
	host_config.header.num_channels = 1;
	host_config.cells[1].pci_ecam = ECAM;
	*ch = (struct septum_channel){
		.pa = SHM_PA, .size = sizeof(shmem), .rw_size = 0x1000,
		.out_size = 0x3000, .num_peers = 2 };
	strcpy(ch->name, "link");
	ch->peers[0] = (struct septum_peer){ .cell = 0, .ipa = SHM_PA,
		.regs_ipa = REGS, .vintid = 40, .pci_slot = SEPTUM_NONE };
	ch->peers[1] = (struct septum_peer){ .cell = 1, .ipa = BAR2,
		.regs_ipa = BAR0, .vintid = 33, .pci_slot = 0 };
	for (unsigned int i = 0; i < 3; i++) {
		struct cell *c = cell_get(i);

		c->cfg = &host_config.cells[i];
		c->index = i;
		c->state = CELL_RUNNING;
		c->vcpus[0].cell = c;
	}
	memset(host_phys, 0, sizeof(host_phys));
	host_phys[0] = (struct host_phys){ SHM_PA, sizeof(shmem), shmem };
	for (unsigned int i = 0; i < 3; i++)
		vdev_cell_init(cell_get(i));
	for (unsigned int i = 0; i < 3; i++)
		vdev_cell_stop(cell_get(i));
}

static uint64_t mmio(unsigned int cell, uint64_t addr, unsigned int size,
		       bool write, uint64_t value, bool *hit)
{
	struct vm_access a = { .space = VM_SPACE_MMIO, .addr = addr,
			       .size = size, .write = write, .value = value };
	struct vcpu *v = &cell_get(cell)->vcpus[0];
	enum err e = vdev_access(v, &a);

	*hit = e == E_OK;
	EXPECT(e != E_INVALID);
	return a.value;
}

static uint32_t reg_read(unsigned int cell, uint64_t regs, uint32_t off)
{
	bool hit;
	uint32_t v = (uint32_t)mmio(cell, regs + off, 4, false, 0, &hit);

	EXPECT(hit);
	return v;
}

static void reg_write(unsigned int cell, uint64_t regs, uint32_t off,
		      uint32_t value)
{
	bool hit;

	mmio(cell, regs + off, 4, true, value, &hit);
	EXPECT(hit);
}

static uint32_t cfg_read(uint32_t off, unsigned int size)
{
	bool hit;

	return (uint32_t)mmio(1, ECAM + off, size, false, 0, &hit);
}

static void cfg_write(uint32_t off, unsigned int size, uint32_t value)
{
	bool hit;

	mmio(1, ECAM + off, size, true, value, &hit);
}

TEST(ivshmem, registers_describe_the_channel)
{
	setup();
	EXPECT_EQ(reg_read(0, REGS, IVSHMEM_REG_ID), 0);
	EXPECT_EQ(reg_read(1, BAR0, IVSHMEM_REG_ID), 1);
	EXPECT_EQ(reg_read(0, REGS, IVSHMEM_REG_MAX_PEERS), 2);
	EXPECT_EQ(reg_read(0, REGS, IVSHMEM_REG_RW_SIZE_LO), 0x1000);
	EXPECT_EQ(reg_read(0, REGS, IVSHMEM_REG_OUT_SIZE_LO), 0x3000);
	EXPECT_EQ(reg_read(1, BAR0, IVSHMEM_REG_SHMEM_LO), BAR2);
	EXPECT_EQ(reg_read(0, REGS, 0x800), 0);	/* unbacked: RAZ */
	EXPECT_EQ(table[0], 0);			/* cleared at init */
	EXPECT_EQ(table[1], 0);
}

TEST(ivshmem, doorbell_reaches_only_a_listening_target)
{
	bool hit;

	setup();
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	EXPECT_EQ(host_injected[1], 0);		/* not listening yet */
	reg_write(1, BAR0, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	EXPECT_EQ(host_injected[1], 1);
	EXPECT_EQ(host_injected_vintid[1], 33);
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(7, 0));
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 1));
	cell_get(1)->state = CELL_STOPPED;
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	EXPECT_EQ(host_injected[1], 1);
	EXPECT_EQ(host_injected[0] + host_injected[2], 0);
	EXPECT_EQ(reg_read(0, REGS, IVSHMEM_REG_DROPPED), 4);
	/* The non-peer has no register page: not emulated for it. */
	mmio(2, REGS + IVSHMEM_REG_DOORBELL, 4, true, 0x10000, &hit);
	EXPECT(!hit);
}

TEST(ivshmem, state_goes_to_the_table_and_to_listening_peers)
{
	setup();
	reg_write(0, REGS, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
	reg_write(1, BAR0, IVSHMEM_REG_STATE, 5);
	EXPECT_EQ(table[1], 5);
	EXPECT_EQ(reg_read(1, BAR0, IVSHMEM_REG_STATE), 5);
	EXPECT_EQ(host_injected[0], 1);
	reg_write(1, BAR0, IVSHMEM_REG_STATE, 5);	/* no change, no IRQ */
	EXPECT_EQ(host_injected[0], 1);
	EXPECT_EQ(host_injected[1], 0);			/* not to itself */
	/* Cell 1 restarts: its entry goes to 0 and peer 0 hears of it. */
	vdev_cell_stop(cell_get(1));
	EXPECT_EQ(table[1], 0);
	EXPECT_EQ(host_injected[0], 2);
	EXPECT_EQ(reg_read(1, BAR0, IVSHMEM_REG_INT_CONTROL), 0);
}

TEST(ivshmem, one_shot_mode_disables_after_each_interrupt)
{
	setup();
	cfg_write(IVSHMEM_PCI_CAP + IVSHMEM_CAP_PRIV_CONTROL, 1,
		  IVSHMEM_PRIV_ONESHOT);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_CAP_PRIV_CONTROL, 1), 1);
	reg_write(1, BAR0, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	EXPECT_EQ(host_injected[1], 1);
	EXPECT_EQ(reg_read(1, BAR0, IVSHMEM_REG_INT_CONTROL), 0);
}

TEST(ivshmem, pci_header_and_capability)
{
	setup();
	EXPECT_EQ(cfg_read(0x00, 2), IVSHMEM_PCI_VENDOR);
	EXPECT_EQ(cfg_read(0x02, 2), IVSHMEM_PCI_DEVICE);
	EXPECT_EQ(cfg_read(0x0b, 1), IVSHMEM_PCI_CLASS);
	EXPECT_EQ(cfg_read(0x06, 2), 0x10);		/* capabilities */
	EXPECT_EQ(cfg_read(0x34, 1), IVSHMEM_PCI_CAP);
	EXPECT_EQ(cfg_read(0x3d, 1), 1);		/* INTA */
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP, 1), 0x09);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_CAP_RW_SIZE, 4), 0x1000);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_CAP_OUT_SIZE, 4), 0x3000);
	EXPECT_EQ(cfg_read(0x2c, 4),
		  IVSHMEM_PCI_DEVICE << 16 | IVSHMEM_PCI_VENDOR);
	EXPECT_EQ(cfg_read(0x08, 4), IVSHMEM_PCI_CLASS << 24);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_CAP_STATE_TABLE_SIZE, 4),
		  IVSHMEM_STATE_TABLE_SIZE);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_CAP_RW_SIZE + 4, 4), 0);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_CAP_OUT_SIZE + 4, 4), 0);
	/* No expansion ROM, reserved dwords, nothing past the capability. */
	EXPECT_EQ(cfg_read(0x30, 4), 0);
	EXPECT_EQ(cfg_read(0x38, 4), 0);
	EXPECT_EQ(cfg_read(IVSHMEM_PCI_CAP + IVSHMEM_PCI_CAP_LEN, 4), 0);
	EXPECT_EQ(cfg_read(0xffc, 4), 0);
	/* Absent slots and functions read as all-ones. */
	EXPECT_EQ(cfg_read(1u << 15, 4), UINT32_MAX);
	EXPECT_EQ(cfg_read(1u << 12, 2), 0xffff);
}

TEST(ivshmem, bars_size_and_stay_put)
{
	setup();
	EXPECT_EQ(cfg_read(0x10, 4), BAR0);
	EXPECT_EQ(cfg_read(0x18, 4), BAR2 | 0xc);	/* 64-bit, prefetchable */
	cfg_write(0x10, 4, UINT32_MAX);
	EXPECT_EQ(cfg_read(0x10, 4), 0xfffff000u);
	cfg_write(0x10, 4, BAR0);
	EXPECT_EQ(cfg_read(0x10, 4), BAR0);
	cfg_write(0x18, 4, UINT32_MAX);
	cfg_write(0x1c, 4, UINT32_MAX);
	EXPECT_EQ(cfg_read(0x18, 4), (uint32_t)~(sizeof(shmem) - 1) | 0xc);
	EXPECT_EQ(cfg_read(0x1c, 4), UINT32_MAX);
	cfg_write(0x18, 4, 0x12340000);		/* a move is not taken */
	cfg_write(0x1c, 4, 0);
	EXPECT_EQ(cfg_read(0x18, 4), BAR2 | 0xc);
	EXPECT_EQ(cfg_read(0x1c, 4), 0);
}

/* What uio_pci_generic does: mask in the handler, unmask from user space. */
TEST(ivshmem, intx_status_and_mask)
{
	setup();
	reg_write(1, BAR0, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
	cfg_write(0x04, 2, 0x0002);			/* memory on */
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	EXPECT_EQ(host_injected[1], 1);
	EXPECT_EQ(cfg_read(0x04, 4) >> 16 & 0x8, 0x8);	/* interrupt status */
	EXPECT(host_line[1]);				/* INTx is a level */
	cfg_write(0x04, 2, 0x0402);			/* handler masks */
	EXPECT_EQ(cfg_read(0x06, 2) & 0x8, 0);		/* event taken */
	EXPECT(!host_line[1]);
	reg_write(0, REGS, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(1, 0));
	EXPECT_EQ(host_injected[1], 1);			/* held while masked */
	EXPECT_EQ(cfg_read(0x06, 2) & 0x8, 0x8);
	cfg_write(0x04, 2, 0x0002);			/* user unmasks */
	EXPECT_EQ(host_injected[1], 2);
	EXPECT_EQ(cfg_read(0x04, 2), 0x0002);
	cfg_write(0x04, 2, 0xffff);			/* only RW bits stick */
	EXPECT_EQ(cfg_read(0x04, 2), 0x0406);
}
