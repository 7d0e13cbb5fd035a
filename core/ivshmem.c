/*
 * IVSHMEM devices: one per (channel, peer).  The register page and the PCI
 * configuration space are emulated here; the shared memory itself is mapped
 * by channel.c, so data never passes through the hypervisor.
 *
 * Interrupt model (INTx flavour, one vector): an event (doorbell, a peer's
 * state change) for a device whose Interrupt Control enables it raises the
 * device's interrupt in its cell; otherwise it is dropped.  A bare-metal
 * peer gets it as an edge.  A PCI peer has a pending latch behind the PCI
 * Interrupt Status bit: its line is the latch unless INTx is disabled in the
 * command register, and setting INTx Disable takes the event (what Linux's
 * uio_pci_generic does in its handler).  Re-raising an interrupt that is
 * still pending in the cell's GIC costs nothing, so a flood of doorbells
 * reaches the target at most once per interrupt it takes.
 */
#include <septum/abi/ivshmem.h>
#include <septum/arch/vm.h>
#include <septum/config.h>
#include <septum/ivshmem.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/spinlock.h>
#include <string.h>

#define PCI_COMMAND_MASK 0x0406u	/* memory, bus master, INTx disable */
#define PCI_COMMAND_INTX_DISABLE 0x0400u
#define PCI_STATUS_INTERRUPT 0x0008u
#define PCI_STATUS_CAP_LIST 0x0010u
#define PCI_BAR_MEM64_PREFETCH 0xcu
#define PCI_CAP_ID_VENDOR 0x09u
#define PCI_INT_PIN_A 1u

/* Config dwords with a BAR (sizing state bit = reg / 4 - 4). */
#define CFG_BAR0 0x10u
#define CFG_BAR2 0x18u
#define CFG_BAR3 0x1cu

struct ivshmem_dev {
	uint32_t int_control;
	uint32_t state;
	uint32_t dropped;	/* doorbells of this peer that reached no one */
	uint16_t command;	/* PCI command register */
	uint8_t priv_control;	/* vendor capability: one-shot mode */
	uint8_t int_line;	/* PCI interrupt line: scratch for the OS */
	uint8_t sizing;		/* BAR dwords written all-ones, by bit */
	bool pending;		/* PCI: an event not yet taken */
	bool drop_logged;
};

struct ivshmem_chan {
	struct spinlock lock;
	volatile uint32_t *table;	/* the state table, hypervisor VA */
	struct ivshmem_dev dev[SEPTUM_MAX_PEERS];
};

static struct ivshmem_chan chans[SEPTUM_MAX_CHANNELS];

static const struct septum_channel *chan_cfg(unsigned int i)
{
	return &config_get()->channels[i];
}

COLD void ivshmem_init(void)
{
	for (unsigned int i = 0; i < config_get()->header.num_channels; i++) {
		struct ivshmem_chan *ch = &chans[i];

		ch->lock = (struct spinlock)SPINLOCK_INIT;
		ch->table = arch_phys_map(pa(chan_cfg(i)->pa),
					  IVSHMEM_STATE_TABLE_SIZE);
		if (!ch->table)
			panic("channel %s: cannot map its state table",
			      chan_cfg(i)->name);
		memset((void *)ch->table, 0, IVSHMEM_STATE_TABLE_SIZE);
		arch_phys_sync((void *)ch->table, IVSHMEM_STATE_TABLE_SIZE);
	}
}

/* --- events ------------------------------------------------------------ */

static struct cell *peer_cell(unsigned int ci, unsigned int k)
{
	return cell_get(chan_cfg(ci)->peers[k].cell);
}

static bool is_pci(unsigned int ci, unsigned int k)
{
	return chan_cfg(ci)->peers[k].pci_slot != SEPTUM_NONE;
}

static void inject(unsigned int ci, unsigned int k)
{
	arch_vm_inject(peer_cell(ci, k), chan_cfg(ci)->peers[k].vintid);
}

/*
 * Deliver an event to peer k if it listens; false if it does not (stopped,
 * or interrupts disabled).  Channel lock held.
 */
static bool deliver(unsigned int ci, unsigned int k)
{
	struct ivshmem_dev *d = &chans[ci].dev[k];

	if (__atomic_load_n(&peer_cell(ci, k)->state, __ATOMIC_ACQUIRE) !=
		    CELL_RUNNING ||
	    !(d->int_control & IVSHMEM_INT_ENABLE))
		return false;
	if (d->priv_control & IVSHMEM_PRIV_ONESHOT)
		d->int_control &= ~IVSHMEM_INT_ENABLE;
	if (is_pci(ci, k)) {
		d->pending = true;
		if (d->command & PCI_COMMAND_INTX_DISABLE)
			return true;	/* raised when unmasked */
	}
	inject(ci, k);
	return true;
}

/* Peer `from`'s state became `state`: table, then the others.  Lock held. */
static void set_state(unsigned int ci, unsigned int from, uint32_t state)
{
	struct ivshmem_chan *ch = &chans[ci];

	if (ch->dev[from].state == state)
		return;
	ch->dev[from].state = state;
	__atomic_store_n(&ch->table[from], state, __ATOMIC_RELEASE);
	arch_phys_sync((void *)&ch->table[from], sizeof(uint32_t));
	for (unsigned int k = 0; k < chan_cfg(ci)->num_peers; k++) {
		if (k != from)
			(void)deliver(ci, k);
	}
}

static const char *doorbell_refusal(unsigned int ci, uint32_t target,
				    uint32_t vector)
{
	if (target >= chan_cfg(ci)->num_peers)
		return "no such peer";
	if (vector >= IVSHMEM_VECTORS)
		return "no such vector";
	return deliver(ci, target) ? NULL : "the peer is stopped or not "
					   "listening";
}

static void doorbell(unsigned int ci, unsigned int from, uint32_t value)
{
	struct ivshmem_dev *d = &chans[ci].dev[from];
	const char *why;

	/* What the sender wrote before ringing is visible before the IRQ. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	why = doorbell_refusal(ci, value >> 16, value & 0xffffu);
	if (!why)
		return;
	d->dropped++;
	if (!d->drop_logged)
		log_info("cell %s: doorbell 0x%08x on channel %s dropped (%s); "
			 "further drops are only counted (logged once)",
			 peer_cell(ci, from)->cfg->name, value,
			 chan_cfg(ci)->name, why);
	d->drop_logged = true;
}

/* --- the register page ------------------------------------------------- */

static uint32_t reg_read(unsigned int ci, unsigned int k, uint64_t off)
{
	const struct septum_channel *cc = chan_cfg(ci);
	const struct ivshmem_dev *d = &chans[ci].dev[k];
	uint64_t shmem = cc->peers[k].ipa;

	switch (off) {
	case IVSHMEM_REG_ID:
		return k;
	case IVSHMEM_REG_MAX_PEERS:
		return cc->num_peers;
	case IVSHMEM_REG_INT_CONTROL:
		return d->int_control;
	case IVSHMEM_REG_STATE:
		return d->state;
	case IVSHMEM_REG_STATE_TABLE_SIZE:
		return IVSHMEM_STATE_TABLE_SIZE;
	case IVSHMEM_REG_RW_SIZE_LO:
		return (uint32_t)cc->rw_size;
	case IVSHMEM_REG_RW_SIZE_HI:
		return (uint32_t)(cc->rw_size >> 32);
	case IVSHMEM_REG_OUT_SIZE_LO:
		return (uint32_t)cc->out_size;
	case IVSHMEM_REG_OUT_SIZE_HI:
		return (uint32_t)(cc->out_size >> 32);
	case IVSHMEM_REG_SHMEM_LO:
		return (uint32_t)shmem;
	case IVSHMEM_REG_SHMEM_HI:
		return (uint32_t)(shmem >> 32);
	case IVSHMEM_REG_DROPPED:
		return d->dropped;
	default:
		return 0;	/* DOORBELL and unbacked offsets read as zero */
	}
}

static void reg_write(unsigned int ci, unsigned int k, uint64_t off,
		      uint32_t value)
{
	struct ivshmem_dev *d = &chans[ci].dev[k];

	switch (off) {
	case IVSHMEM_REG_INT_CONTROL:
		d->int_control = value & IVSHMEM_INT_ENABLE;
		break;
	case IVSHMEM_REG_DOORBELL:
		doorbell(ci, k, value);
		break;
	case IVSHMEM_REG_STATE:
		set_state(ci, k, value);
		break;
	default:
		break;	/* read-only and unbacked offsets ignore writes */
	}
}

/*
 * Cell c is ending: ivshmem_cell_reset() has reset (or, under this
 * channel's lock, is about to reset) its devices, and they stay reset
 * until it restarts.  A vCPU of c still in its guest -- another of its
 * CPUs faulted -- must not change them meanwhile, or what it wrote would
 * outlive the restart and reach the peers.  Channel lock held: cell_end()
 * marks the cell before ivshmem_cell_reset() takes the lock.
 */
static bool ending(const struct cell *c)
{
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) != CELL_RUNNING;
}

/* Peer p's register page holds ipa. */
static bool regs_at(const struct septum_peer *p, uint64_t ipa)
{
	return ipa >= p->regs_ipa && ipa - p->regs_ipa < IVSHMEM_REGS_SIZE;
}

/* Peer p sits in PCI slot `slot` (never for a cell without PCI). */
static bool in_slot(const struct septum_peer *p, uint64_t slot)
{
	return p->pci_slot == slot;
}

/* The channel and peer of cell c for which match(peer, key) holds, if any. */
static bool find_dev(const struct cell *c,
		     bool (*match)(const struct septum_peer *, uint64_t),
		     uint64_t key, unsigned int *ci, unsigned int *k)
{
	for (unsigned int i = 0; i < config_get()->header.num_channels; i++) {
		const struct septum_channel *cc = chan_cfg(i);

		for (unsigned int p = 0; p < cc->num_peers; p++) {
			if (cc->peers[p].cell == c->index &&
			    match(&cc->peers[p], key)) {
				*ci = i;
				*k = p;
				return true;
			}
		}
	}
	return false;
}

bool ivshmem_mmio(struct vcpu *v, struct vm_access *a, bool *faulted)
{
	unsigned int ci, k;
	uint64_t off;

	if (!find_dev(v->cell, regs_at, a->ipa.bits, &ci, &k))
		return false;
	off = a->ipa.bits - chan_cfg(ci)->peers[k].regs_ipa;
	*faulted = a->size != 4 || off % 4 != 0;
	if (*faulted) {
		cell_fault(v, "%u-byte %s at offset 0x%llx of the registers of "
			      "channel %s: they take aligned 32-bit accesses "
			      "only", a->size, a->write ? "write" : "read",
			   (unsigned long long)off, chan_cfg(ci)->name);
		return true;
	}
	spin_lock(&chans[ci].lock);
	if (ending(v->cell))
		a->value = 0;
	else if (a->write)
		reg_write(ci, k, off, (uint32_t)a->value);
	else
		a->value = reg_read(ci, k, off);
	spin_unlock(&chans[ci].lock);
	return true;
}

/* --- PCI configuration space ------------------------------------------- */

/* BAR2's size: the memory, a power of two (the config tool checks it). */
static uint64_t shmem_bar_mask(unsigned int ci)
{
	return ~(chan_cfg(ci)->size - 1u);
}

/*
 * A BAR reads its fixed address, or its size mask while being sized (Linux
 * writes all-ones, reads, and writes the address back): BARs do not move.
 */
static uint32_t cfg_bar(unsigned int ci, unsigned int k, uint32_t reg)
{
	const struct septum_peer *p = &chan_cfg(ci)->peers[k];
	bool sizing = chans[ci].dev[k].sizing & (1u << (reg / 4 - 4));

	switch (reg) {
	case CFG_BAR0:
		return sizing ? (uint32_t)~(IVSHMEM_REGS_SIZE - 1u)
			      : (uint32_t)p->regs_ipa;
	case CFG_BAR2:
		return (uint32_t)(sizing ? shmem_bar_mask(ci) : p->ipa) |
		       PCI_BAR_MEM64_PREFETCH;
	case CFG_BAR3:
		return (uint32_t)((sizing ? shmem_bar_mask(ci) : p->ipa) >> 32);
	default:
		return 0;	/* BAR1 (no MSI-X), BAR4, BAR5 */
	}
}

static COLD uint32_t cfg_dword(unsigned int ci, unsigned int k, uint32_t reg)
{
	const struct septum_channel *cc = chan_cfg(ci);
	const struct ivshmem_dev *d = &chans[ci].dev[k];
	uint32_t status = PCI_STATUS_CAP_LIST |
			  (d->pending ? PCI_STATUS_INTERRUPT : 0);

	switch (reg) {
	case 0x00:	/* vendor, device */
	case 0x2c:	/* subsystem vendor, subsystem */
		return IVSHMEM_PCI_DEVICE << 16 | IVSHMEM_PCI_VENDOR;
	case 0x04:
		return status << 16 | d->command;
	case 0x08:	/* class, revision 0, protocol 0 (undefined) */
		return IVSHMEM_PCI_CLASS << 24;
	case 0x34:
		return IVSHMEM_PCI_CAP;
	case 0x3c:
		return PCI_INT_PIN_A << 8 | d->int_line;
	case IVSHMEM_PCI_CAP:
		return (uint32_t)d->priv_control << 24 |
		       IVSHMEM_PCI_CAP_LEN << 16 | PCI_CAP_ID_VENDOR;
	case IVSHMEM_PCI_CAP + IVSHMEM_CAP_STATE_TABLE_SIZE:
		return IVSHMEM_STATE_TABLE_SIZE;
	case IVSHMEM_PCI_CAP + IVSHMEM_CAP_RW_SIZE:
		return (uint32_t)cc->rw_size;
	case IVSHMEM_PCI_CAP + IVSHMEM_CAP_RW_SIZE + 4:
		return (uint32_t)(cc->rw_size >> 32);
	case IVSHMEM_PCI_CAP + IVSHMEM_CAP_OUT_SIZE:
		return (uint32_t)cc->out_size;
	case IVSHMEM_PCI_CAP + IVSHMEM_CAP_OUT_SIZE + 4:
		return (uint32_t)(cc->out_size >> 32);
	default:
		return reg >= CFG_BAR0 && reg < 0x28 ? cfg_bar(ci, k, reg) : 0;
	}
}

COLD bool ivshmem_cfg_read(struct cell *c, uint32_t slot, uint32_t reg,
		      uint32_t *value)
{
	unsigned int ci, k;

	if (!find_dev(c, in_slot, slot, &ci, &k))
		return false;
	spin_lock(&chans[ci].lock);
	*value = cfg_dword(ci, k, reg);
	spin_unlock(&chans[ci].lock);
	return true;
}

/* INTx Disable set: the event is taken; cleared: a pending one fires. */
static void write_command(unsigned int ci, unsigned int k, uint16_t command)
{
	struct ivshmem_dev *d = &chans[ci].dev[k];
	bool was_masked = d->command & PCI_COMMAND_INTX_DISABLE;
	bool masked = command & PCI_COMMAND_INTX_DISABLE;

	d->command = command;
	if (masked && !was_masked)
		d->pending = false;
	else if (!masked && was_masked && d->pending)
		inject(ci, k);
}

static COLD void cfg_write(unsigned int ci, unsigned int k, uint32_t reg,
		      uint32_t value, uint32_t mask)
{
	struct ivshmem_dev *d = &chans[ci].dev[k];
	uint32_t merged = (cfg_dword(ci, k, reg) & ~mask) | (value & mask);

	switch (reg) {
	case 0x04:	/* the status half is read-only here */
		if (mask & 0xffffu)
			write_command(ci, k, merged & PCI_COMMAND_MASK);
		break;
	case CFG_BAR0:
	case CFG_BAR2:
	case CFG_BAR3:
		if (value == UINT32_MAX && mask == UINT32_MAX)
			d->sizing |= (uint8_t)(1u << (reg / 4 - 4));
		else
			d->sizing &= (uint8_t)~(1u << (reg / 4 - 4));
		break;
	case 0x3c:
		d->int_line = (uint8_t)merged;
		break;
	case IVSHMEM_PCI_CAP:
		d->priv_control = (uint8_t)((merged >> 24) &
					    IVSHMEM_PRIV_ONESHOT);
		break;
	default:
		break;	/* read-only, or not implemented */
	}
}

COLD bool ivshmem_cfg_write(struct cell *c, uint32_t slot, uint32_t reg,
		       uint32_t value, uint32_t mask)
{
	unsigned int ci, k;

	if (!find_dev(c, in_slot, slot, &ci, &k))
		return false;
	spin_lock(&chans[ci].lock);
	if (!ending(c))
		cfg_write(ci, k, reg, value, mask);
	spin_unlock(&chans[ci].lock);
	return true;
}

/* --- cell lifecycle ---------------------------------------------------- */

COLD void ivshmem_cell_reset(struct cell *c)
{
	for (unsigned int i = 0; i < config_get()->header.num_channels; i++) {
		const struct septum_channel *cc = chan_cfg(i);

		for (unsigned int k = 0; k < cc->num_peers; k++) {
			if (cc->peers[k].cell != c->index)
				continue;
			spin_lock(&chans[i].lock);
			set_state(i, k, 0);
			chans[i].dev[k] = (struct ivshmem_dev){ 0 };
			spin_unlock(&chans[i].lock);
		}
	}
}
