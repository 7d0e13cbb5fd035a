/*
 * libFuzzer target: IVSHMEM channels (core/vdev/ivshmem.c) -- each peer's
 * register page, and for a cell with a virtual PCI host its ECAM window
 * (core/vdev/pci_host.c): configuration space of every slot and function,
 * BAR sizing, the command register's INTx masking, doorbells with any
 * target and vector, state changes, peers stopping and restarting.
 * Accesses also go to other cells' register pages, which must fault.
 *
 * Beyond check.h: every register and configuration read returns the
 * reading peer's own values (its ID, its view of the memory, its BARs or
 * their size masks while being sized, the count of its doorbells that
 * reached no one -- tracked by a model here); absent slots and functions
 * read all-ones; a doorbell raises an interrupt in its target peer only,
 * and does when the target listens; a state change interrupts only the
 * channel's other peers.
 *
 * beta's bus also has a PCI function passed through (00:02.0, plain memory
 * standing for its configuration space, given a header with a capability
 * list as the machine boots; core/vdev/pci_pass.c): its reads must be that
 * header filtered (IDs as they are, BAR0 placed or its size mask while
 * sized, only the cell's command bits, no capability list, zeros past the
 * header, the interrupt line register as last written), and no access may
 * change the real function beyond the cell's three command bits.
 */
#include <septum/abi/ivshmem.h>
#include <septum/config.h>
#include <string.h>

#include "check.h"
#include "core_check.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define ECAM_SLOT_SHIFT 15
#define ECAM_FN_SHIFT 12
#define BARS 6
#define PASS_DWORDS 1024u	/* the function's configuration space */
#define PASS_CELL 1u		/* beta */
#define PASS_CMD 0x0406u	/* memory, bus master, INTx disable */

/*
 * BAR dwords a cell's slot is sizing (written all-ones), as the OS sees;
 * each peer's dropped doorbells; what the step starts from.
 */
static struct {
	bool sizing[M_CELLS][32][BARS];
	uint32_t dropped[SEPTUM_MAX_CHANNELS][SEPTUM_MAX_PEERS];
	unsigned int restarts[M_CELLS];
	uint32_t int_control[SEPTUM_MAX_CHANNELS][SEPTUM_MAX_PEERS];
	bool running[M_CELLS];
	uint8_t pass_sizing;		/* BAR registers of beta's function
					 * being sized, by bit */
	uint8_t pass_line;		/* its interrupt line register */
	uint32_t pass_real[PASS_DWORDS];	/* the function, at boot */
} model;

/* Peer k's device on channel ci. */
static const struct ivshmem_dev *dev(unsigned int ci, unsigned int k)
{
	return &ivshmem_chans[ci].dev[k];
}

static const struct septum_config *cfg(void)
{
	return config_get();
}

/* The n-th register page of any peer (n wraps). */
static const struct septum_peer *any_peer(unsigned int n, unsigned int *ci,
					  unsigned int *k)
{
	unsigned int total = 0;

	for (unsigned int i = 0; i < cfg()->header.num_channels; i++)
		total += cfg()->channels[i].num_peers;
	n %= total ? total : 1;
	for (*ci = 0;; (*ci)++) {
		if (n < cfg()->channels[*ci].num_peers)
			break;
		n -= cfg()->channels[*ci].num_peers;
	}
	*k = n;
	return &cfg()->channels[*ci].peers[n];
}

static uint64_t ecam_address(struct in *in, const struct op *op)
{
	static const uint16_t regs[] = { 0x00, 0x04, 0x08, 0x0c, 0x10, 0x14,
					 0x18, 0x1c, 0x20, 0x24, 0x2c, 0x34,
					 0x3c, 0x40, 0x44, 0x48, 0x4c, 0x50,
					 0x54, 0x58, 0xffc };
	uint8_t b = in_u8(in), r = in_u8(in);
	uint64_t ecam = op->cell >= 0 ? cfg()->cells[op->cell].pci_ecam : 0;
	uint64_t slot = b & 0x80 ? (b >> 2) % 32u : (b >> 2) % 3u;
	uint64_t fn = b & 0x40 ? b % 8u : 0;

	if (!ecam)
		ecam = cfg()->cells[1].pci_ecam;	/* not this cell's */
	return ecam + (slot << ECAM_SLOT_SHIFT) + (fn << ECAM_FN_SHIFT) +
	       (r < 0xf0 ? regs[r % ARRAY_SIZE(regs)] + (r >> 5) % 4u
			 : in_u16(in) % 0x1000u);
}

static uint64_t address(struct in *in, const struct op *op)
{
	uint8_t b = in_u8(in);
	unsigned int ci, k;
	const struct septum_peer *p;

	if (b < 0x60)
		return ecam_address(in, op);
	if (b >= 0xf8)
		return in_u32(in);
	p = any_peer(b, &ci, &k);
	return p->regs_ipa + (b & 0x80 ? in_u8(in) % 0x20u * 4u
				       : in_u16(in) % IVSHMEM_REGS_SIZE);
}

/* Doorbells and states with small targets and vectors, BARs all-ones. */
static uint64_t value(struct in *in, const struct op *op)
{
	uint8_t b = in_u8(in);

	(void)op;
	switch (b % 8) {
	case 0:
		return IVSHMEM_DOORBELL(in_u8(in) % 5u, in_u8(in) % 3u);
	case 1:
		return 0xffffffffu;
	case 2:
		return in_u8(in) % 4u;
	case 3:
		return 0x0406u & in_u16(in);
	default:
		return in_u64(in);
	}
}

/* --- the register page ---------------------------------------------------- */

/* Channel and peer whose register page holds ipa in cell c, if any. */
static bool own_regs(unsigned int c, uint64_t ipa, unsigned int *ci,
		     unsigned int *k)
{
	for (*ci = 0; *ci < cfg()->header.num_channels; (*ci)++) {
		const struct septum_channel *ch = &cfg()->channels[*ci];

		for (*k = 0; *k < ch->num_peers; (*k)++) {
			const struct septum_peer *p = &ch->peers[*k];

			if (p->cell == c && ipa >= p->regs_ipa &&
			    ipa - p->regs_ipa < IVSHMEM_REGS_SIZE)
				return true;
		}
	}
	return false;
}

static uint32_t reg_expected(unsigned int ci, unsigned int k, uint64_t off)
{
	const struct septum_channel *ch = &cfg()->channels[ci];
	uint64_t shmem = ch->peers[k].ipa;

	switch (off) {
	case IVSHMEM_REG_ID: return k;
	case IVSHMEM_REG_MAX_PEERS: return ch->num_peers;
	case IVSHMEM_REG_INT_CONTROL: return dev(ci, k)->int_control;
	case IVSHMEM_REG_STATE: return dev(ci, k)->state;
	case IVSHMEM_REG_STATE_TABLE_SIZE: return IVSHMEM_STATE_TABLE_SIZE;
	case IVSHMEM_REG_RW_SIZE_LO: return (uint32_t)ch->rw_size;
	case IVSHMEM_REG_RW_SIZE_HI: return (uint32_t)(ch->rw_size >> 32);
	case IVSHMEM_REG_OUT_SIZE_LO: return (uint32_t)ch->out_size;
	case IVSHMEM_REG_OUT_SIZE_HI: return (uint32_t)(ch->out_size >> 32);
	case IVSHMEM_REG_SHMEM_LO: return (uint32_t)shmem;
	case IVSHMEM_REG_SHMEM_HI: return (uint32_t)(shmem >> 32);
	case IVSHMEM_REG_DROPPED: return model.dropped[ci][k];
	default: return 0;
	}
}

#define NOBODY (-2)
#define OTHERS (-1)

/*
 * Every interrupt the step raised is that of peer `to` of channel ci (or,
 * with OTHERS, of any of its peers but `from`; with NOBODY, there is none).
 */
static void only_to(unsigned int ci, int to, unsigned int from)
{
	const struct septum_channel *ch = &cfg()->channels[ci];

	for (unsigned int i = 0; i < host_injections && i < HOST_INJECTIONS;
	     i++) {
		const struct host_injection *j = &host_injection_log[i];
		bool ok = false;

		for (unsigned int p = 0; p < ch->num_peers && to != NOBODY; p++)
			ok |= ch->peers[p].cell == j->cell &&
			      ch->peers[p].vintid == j->vintid &&
			      (to == OTHERS ? p != from : p == (unsigned)to);
		if (!ok)
			check_fail("channel %s: peer %u's action raised "
				   "interrupt %u in cell %u", ch->name, from,
				   j->vintid, j->cell);
	}
}

/* Whether the step raised an interrupt in cell c. */
static bool injected(unsigned int c)
{
	for (unsigned int i = 0; i < host_injections && i < HOST_INJECTIONS; i++) {
		if (host_injection_log[i].cell == c)
			return true;
	}
	return false;
}

/* The doorbell was written by peer k of channel ci. */
static void check_doorbell(unsigned int ci, unsigned int k, uint32_t v)
{
	const struct septum_channel *ch = &cfg()->channels[ci];
	unsigned int t = v >> 16;
	bool listens;

	if (t >= ch->num_peers) {
		only_to(ci, NOBODY, k);
		model.dropped[ci][k]++;	/* no such peer */
		return;
	}
	only_to(ci, v & 0xffff ? NOBODY : (int)t, k);
	listens = (v & 0xffff) == 0 && model.running[ch->peers[t].cell] &&
		  (model.int_control[ci][t] & IVSHMEM_INT_ENABLE);
	if (!listens)
		model.dropped[ci][k]++;	/* no such vector, or deaf */
	else if (!injected(ch->peers[t].cell) && !dev(ci, t)->pending)
		check_fail("channel %s: doorbell from peer %u to listening peer "
			   "%u delivered nothing", ch->name, k, t);
}

static void after_regs(const struct op *op, unsigned int ci, unsigned int k)
{
	uint64_t off = op->a.addr - cfg()->channels[ci].peers[k].regs_ipa, v;

	if (!op->a.write) {
		if (op_read(op, &v) && v != reg_expected(ci, k, off))
			check_fail("channel %s peer %u: register 0x%llx reads "
				   "0x%llx, want 0x%x", cfg()->channels[ci].name,
				   k, (unsigned long long)off,
				   (unsigned long long)v, reg_expected(ci, k, off));
		return;
	}
	v = op->a.reg < 31 ? (uint32_t)op->a.value : 0;
	if (off == IVSHMEM_REG_DOORBELL)
		check_doorbell(ci, k, (uint32_t)v);
	else if (off == IVSHMEM_REG_STATE && dev(ci, k)->state != v)
		check_fail("channel %s peer %u: state %u written, %u kept",
			   cfg()->channels[ci].name, k, (uint32_t)v,
			   dev(ci, k)->state);
	else if (off == IVSHMEM_REG_STATE)
		only_to(ci, OTHERS, k);
	else
		only_to(ci, NOBODY, k);
}

/* --- configuration space -------------------------------------------------- */

/* Channel and peer in PCI slot `slot` of cell c, if any. */
static bool in_slot(unsigned int c, uint64_t slot, unsigned int *ci,
		    unsigned int *k)
{
	for (*ci = 0; *ci < cfg()->header.num_channels; (*ci)++) {
		for (*k = 0; *k < cfg()->channels[*ci].num_peers; (*k)++) {
			const struct septum_peer *p = &cfg()->channels[*ci].peers[*k];

			if (p->cell == c && p->pci_slot == slot)
				return true;
		}
	}
	return false;
}

/* What dword `reg` of the device in the cell's slot must read, or false
 * if this model does not say (the registers the device keeps itself). */
static bool cfg_expected(unsigned int c, uint64_t slot, unsigned int ci,
			 unsigned int k, uint32_t reg, uint32_t *want)
{
	const struct septum_channel *ch = &cfg()->channels[ci];
	const struct septum_peer *p = &ch->peers[k];
	unsigned int bar = (reg - 0x10) / 4;
	bool sizing = reg >= 0x10 && reg < 0x28 && model.sizing[c][slot][bar];
	uint64_t mask = ~(ch->size - 1);

	switch (reg) {
	case 0x00:
		*want = IVSHMEM_PCI_DEVICE << 16 | IVSHMEM_PCI_VENDOR;
		return true;
	case 0x10:
		*want = sizing ? ~(IVSHMEM_REGS_SIZE - 1) : (uint32_t)p->regs_ipa;
		return true;
	case 0x18:
		*want = (uint32_t)(sizing ? mask : p->ipa) | 0xcu;
		return true;
	case 0x1c:
		*want = (uint32_t)((sizing ? mask : p->ipa) >> 32);
		return true;
	case 0x14:
	case 0x20:
	case 0x24:
		*want = 0;
		return true;
	default:
		return false;
	}
}

static void after_cfg_write(const struct op *op, unsigned int c, uint64_t slot,
			    uint32_t reg)
{
	uint32_t v = op->a.reg < 31 ? (uint32_t)op->a.value : 0;

	if (reg >= 0x10 && reg < 0x28 && slot < 32)
		model.sizing[c][slot][(reg - 0x10) / 4] =
			op->a.size == 4 && v == 0xffffffffu;
}

static void after_ecam(const struct op *op, uint64_t off)
{
	unsigned int c = (unsigned int)op->cell, ci, k;
	uint64_t slot = off >> ECAM_SLOT_SHIFT, v;
	uint32_t reg = (uint32_t)off & 0xffcu, shift = (off & 3) * 8, want;
	uint64_t mask = op->a.size == 4 ? 0xffffffffu : BIT(8 * op->a.size) - 1;
	bool present = (off >> ECAM_FN_SHIFT) % 8 == 0 &&
		       in_slot(c, slot, &ci, &k);

	if (op->a.write) {
		if (present)
			after_cfg_write(op, c, slot, reg);
		return;
	}
	if (!op_read(op, &v))
		return;
	if (!present && v != mask)
		check_fail("cell %u: absent PCI function at 0x%llx reads 0x%llx",
			   c, (unsigned long long)off, (unsigned long long)v);
	if (present && cfg_expected(c, slot, ci, k, reg, &want) &&
	    v != ((want >> shift) & mask))
		check_fail("cell %u slot %llu: config dword 0x%x reads 0x%llx, "
			   "want 0x%x", c, (unsigned long long)slot, reg,
			   (unsigned long long)v, want);
}

/* --- the passed-through function ----------------------------------------- */

static volatile uint32_t *pass_real(void)
{
	return (volatile uint32_t *)(pci_pass_ecam +
				     ((uintptr_t)M_PCI_FN << ECAM_FN_SHIFT));
}

/* A header as a real function has it: IDs, status with a capability list,
 * BIST, an expansion ROM, an MSI capability at 0x40, pin A. */
static void pass_header(void)
{
	static const uint32_t header[][2] = {
		{ 0x00, 0x11e81234u }, { 0x04, 0x06b00000u },
		{ 0x08, 0x00ff0010u }, { 0x0c, 0x80800010u },
		{ 0x2c, 0x11001af4u }, { 0x30, 0xfffe0001u },
		{ 0x34, 0x40u }, { 0x3c, 0x01020100u }, { 0x40, 0x00805005u },
		{ 0x100, 0x10010001u },
	};
	volatile uint32_t *r = pass_real();

	for (unsigned int i = 0; i < ARRAY_SIZE(header); i++)
		r[header[i][0] / 4] = header[i][1];
	for (unsigned int i = 0; i < PASS_DWORDS; i++)
		model.pass_real[i] = r[i];
}

/* What beta's function has in BAR register n: BAR0 (32-bit) and BAR2
 * (64-bit, BAR3 its upper half) as placed; the others are not there. */
static uint32_t pass_placed(unsigned int n)
{
	const struct septum_pci_bar *bars = cfg()->smmu.funcs[0].bars;

	return n == 3 ? (uint32_t)(bars[2].bus >> 32) : (uint32_t)bars[n].bus;
}

/* BAR register n read: sized, placed with the type bits, or absent.
 * (Measured on plain memory: every bit stays as written, so the mask is
 * all-ones and a lower half shows type bits 0xf.) */
static uint32_t pass_bar(unsigned int n)
{
	if (n != 0 && n != 2 && n != 3)
		return 0;
	if (model.pass_sizing & BIT(n))
		return 0xffffffffu;
	return pass_placed(n) | (n == 3 ? 0 : 0xfu);
}

/* What dword `reg` of beta's function must read. */
static uint32_t pass_expected(uint32_t reg)
{
	const volatile uint32_t *r = pass_real();

	switch (reg) {
	case 0x00:
	case 0x08:
	case 0x2c:
		return r[reg / 4];
	case 0x04:
		return r[1] & (PASS_CMD | 0x06a80000u);
	case 0x0c:
		return r[3] & 0x00ffffffu;
	case 0x10:
	case 0x14:
	case 0x18:
	case 0x1c:
	case 0x20:
	case 0x24:
		return pass_bar((reg - 0x10) / 4);
	case 0x3c:
		return (r[0x3c / 4] & 0xffff0000u) | model.pass_line;
	default:
		return 0;
	}
}

static void after_pass(const struct op *op, uint32_t off)
{
	uint32_t reg = off & 0xffcu, shift = (off & 3) * 8;
	uint64_t mask = op->a.size == 4 ? 0xffffffffu : BIT(8 * op->a.size) - 1;
	uint64_t v = op->a.reg < 31 ? op->a.value & mask : 0;

	if (!op->a.write) {
		if (op_read(op, &v) &&
		    v != ((pass_expected(reg) >> shift) & mask))
			check_fail("PCI 00:02.0: config dword 0x%x reads "
				   "0x%llx, want 0x%x", reg,
				   (unsigned long long)v, pass_expected(reg));
		return;
	}
	if (reg == 0x10 || reg == 0x18 || reg == 0x1c) {
		unsigned int n = (reg - 0x10) / 4;
		uint32_t wmask = (uint32_t)(mask << shift);
		bool all = ((pass_placed(n) & ~wmask) |
			    ((uint32_t)v << shift & wmask)) == 0xffffffffu;

		model.pass_sizing = (uint8_t)(all ? model.pass_sizing | BIT(n)
					      : model.pass_sizing & ~BIT(n));
	}
	if (reg == 0x3c && shift == 0)
		model.pass_line = (uint8_t)v;
}

/* The real function changed only in the cell's command bits (its status
 * half is written 0, which clears nothing on hardware). */
static void check_pass_real(void)
{
	const volatile uint32_t *r = pass_real();

	for (unsigned int i = 0; i < PASS_DWORDS; i++) {
		uint32_t keep = i == 1 ? 0xffffu & ~PASS_CMD : 0xffffffffu;

		if ((r[i] ^ model.pass_real[i]) & keep)
			check_fail("PCI 00:02.0: the cell changed its real "
				   "configuration dword 0x%x: 0x%x, was 0x%x",
				   i * 4, r[i], model.pass_real[i]);
	}
}

/* --- the hooks ------------------------------------------------------------ */

static void boot(void)
{
	memset(&model, 0, sizeof(model));
	model.pass_line = 0xff;	/* no INTx routed */
	if (pci_pass_ecam == 0)
		check_fail("beta's PCI function: the real ECAM is not mapped");
	pass_header();
}

static void before(const struct op *op)
{
	(void)op;
	for (unsigned int c = 0; c < M_CELLS; c++)
		model.running[c] = cell_get(c)->state == CELL_RUNNING;
	for (unsigned int i = 0; i < cfg()->header.num_channels; i++) {
		for (unsigned int k = 0; k < cfg()->channels[i].num_peers; k++)
			model.int_control[i][k] = dev(i, k)->int_control;
	}
}

/* Cell c ended (and maybe started again): its devices were reset. */
static void forget(unsigned int c)
{
	memset(model.sizing[c], 0, sizeof(model.sizing[c]));
	if (c == PASS_CELL) {
		model.pass_sizing = 0;
		model.pass_line = 0xff;
	}
	for (unsigned int i = 0; i < cfg()->header.num_channels; i++) {
		for (unsigned int k = 0; k < cfg()->channels[i].num_peers; k++) {
			if (cfg()->channels[i].peers[k].cell == c)
				model.dropped[i][k] = 0;
		}
	}
}

static void after(const struct op *op)
{
	unsigned int ci, k;
	uint64_t ecam = op->cell >= 0 ? cfg()->cells[op->cell].pci_ecam : 0;

	for (unsigned int c = 0; c < M_CELLS; c++) {
		if (cell_get(c)->restarts != model.restarts[c] ||
		    cell_get(c)->state != CELL_RUNNING)
			forget(c);
		model.restarts[c] = cell_get(c)->restarts;
	}
	check_pass_real();
	if (op->kind != OP_MMIO || !op->ran || !op_emulated(op) ||
	    !model.running[op->cell])
		return;
	if (own_regs((unsigned)op->cell, op->a.addr, &ci, &k))
		after_regs(op, ci, k);
	else if (ecam && op->cell == PASS_CELL && op->a.addr >= ecam &&
		 (op->a.addr - ecam) >> ECAM_FN_SHIFT == M_PCI_FN)
		after_pass(op, (uint32_t)(op->a.addr - ecam) & 0xfffu);
	else if (ecam && op->a.addr >= ecam && op->a.addr - ecam < 0x100000)
		after_ecam(op, op->a.addr - ecam);
}

static const struct target ivshmem_target = {
	.mix = { OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO,
		 OP_MMIO, OP_IRQ, OP_GUEST, OP_WAKE, OP_WAKE, OP_CALL, OP_EXIT,
		 OP_RAISE, OP_TIME },
	.address = address,
	.value = value,
	.boot = boot,
	.before = before,
	.after = after,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	hv_state_save();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ops_run(&ivshmem_target, data, size);
}
