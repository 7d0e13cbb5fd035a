/*
 * The I/O APIC each cell sees at VIOAPIC_GPA: 24 inputs, fed by the cell's
 * virtual devices (its UART on the board's input for it, COM1's 4; its
 * channels' doorbells and PCI INTx lines), each routed by the cell to a
 * vector and one of its CPUs.  Register access: IOREGSEL and IOWIN, 32 bits
 * wide (82093AA).
 *
 * An input is an edge (vioapic_raise(): the UART, a bare-metal cell's
 * doorbell) or a line with a level (vioapic_set_line(): a PCI function's
 * INTx).  An entry the cell programs level-triggered works as the 82093AA
 * does: a delivery sets its Remote IRR and marks the vector level-triggered
 * in the target's local APIC; the EOI of that vector clears Remote IRR, and
 * a line still asserted then (or when the entry is unmasked, or turned
 * level-triggered) is delivered again.  So a level interrupt is never lost
 * while it is masked, nor taken twice for one assertion.  Writing an entry
 * edge-triggered clears its Remote IRR (what Linux's EOI of an interrupt
 * delivered as an edge does, masking the entry and setting it to edge and
 * back, on an I/O APIC without an EOI register).
 */
#include <arch/svm.h>
#include <septum/cell.h>
#include <septum/spinlock.h>

#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_ID 0x00
#define REG_VERSION 0x01
#define REG_ARB 0x02
#define REG_RTE_FIRST 0x10
#define INPUTS (SEPTUM_GSI_LAST + 1)
#define VERSION ((INPUTS - 1u) << 16 | 0x11u)
#define ID_MASK (0xfu << 24)
#define RTE_MASKED BIT(16)
#define RTE_LEVEL BIT(15)
#define RTE_REMOTE_IRR BIT(14)
#define RTE_LOGICAL BIT(11)
#define RTE_MODE(r) (((r) >> 8) & 7u)
#define RTE_WRITABLE 0xff0000000001afffull	/* not status nor remote IRR */
#define RTE_DEST(r) ((uint32_t)((r) >> 56))
#define MODE_FIXED 0u
#define MODE_LOWEST 1u

struct vioapic {
	struct spinlock lock;
	uint32_t select, id;
	uint32_t line;		/* inputs whose line is asserted, by bit */
	uint64_t rte[INPUTS];
};

static struct vioapic vioapics[SEPTUM_MAX_CELLS];

void vioapic_reset(struct cell *c)
{
	struct vioapic *io = &vioapics[c->index];

	spin_lock(&io->lock);
	io->select = io->id = io->line = 0;
	for (unsigned int i = 0; i < INPUTS; i++)
		io->rte[i] = RTE_MASKED;
	spin_unlock(&io->lock);
}

static uint32_t read_reg(const struct vioapic *io)
{
	uint32_t sel = io->select;

	if (sel == REG_ID || sel == REG_ARB)
		return io->id;
	if (sel == REG_VERSION)
		return VERSION;
	if (sel >= REG_RTE_FIRST && sel < REG_RTE_FIRST + 2 * INPUTS) {
		uint64_t rte = io->rte[(sel - REG_RTE_FIRST) / 2];

		return (sel & 1) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
	}
	return 0;
}

/* Write the selected register; the input whose entry changed, or -1. */
static int write_reg(struct vioapic *io, uint32_t v)
{
	uint32_t sel = io->select;
	uint64_t *rte, shift;

	if (sel == REG_ID) {
		io->id = v & ID_MASK;
		return -1;
	}
	if (sel < REG_RTE_FIRST || sel >= REG_RTE_FIRST + 2 * INPUTS)
		return -1;	/* read-only or absent */
	rte = &io->rte[(sel - REG_RTE_FIRST) / 2];
	shift = (sel & 1) ? 32 : 0;
	*rte = (*rte & ~(0xffffffffull << shift)) |
	       (((uint64_t)v << shift) & RTE_WRITABLE & (0xffffffffull << shift));
	if (!(*rte & RTE_LEVEL))
		*rte &= ~RTE_REMOTE_IRR;
	return (int)((sel - REG_RTE_FIRST) / 2);
}

/* Where an entry delivers: a CPU of the cell and a vector. */
struct target {
	unsigned int cpu;
	uint8_t vector;
};

/* The cell CPU an entry delivers to, or -1 (a destination not the cell's). */
static int target_of(const struct cell *c, uint64_t rte)
{
	uint32_t dest = RTE_DEST(rte);

	if (rte & RTE_LOGICAL)
		return dest ? __builtin_ctz(dest) < (int)c->cfg->num_cpus ?
				      __builtin_ctz(dest) : -1
			    : -1;
	return dest < c->cfg->num_cpus ? (int)dest : -1;
}

/* Whether entry `rte` delivers now (unmasked, to a CPU of the cell, in a
 * mode a device interrupt has), and where. */
static bool routed(const struct cell *c, uint64_t rte, struct target *to)
{
	int cpu = target_of(c, rte);

	if ((rte & RTE_MASKED) || cpu < 0 ||
	    (RTE_MODE(rte) != MODE_FIXED && RTE_MODE(rte) != MODE_LOWEST))
		return false;
	to->cpu = (unsigned int)cpu;
	to->vector = (uint8_t)rte;
	return true;
}

/*
 * Asserted input `gsi` of a level-triggered entry: delivered unless the
 * last delivery awaits its EOI (Remote IRR), which it then sets.  An entry
 * now edge-triggered takes no level: its line's next rise is its edge.
 * Lock held.
 */
static bool level_take(const struct cell *c, struct vioapic *io, uint32_t gsi,
		       struct target *to)
{
	uint64_t *rte = &io->rte[gsi];

	if (!(*rte & RTE_LEVEL) || (*rte & RTE_REMOTE_IRR) ||
	    !routed(c, *rte, to))
		return false;
	*rte |= RTE_REMOTE_IRR;
	return true;
}

bool vioapic_mmio(struct vcpu *v, struct vm_access *a)
{
	struct cell *c = v->cell;
	struct vioapic *io = &vioapics[c->index];
	uint64_t off = a->addr - VIOAPIC_GPA;
	struct target to;
	bool take = false;
	int pin = -1;

	if (a->addr < VIOAPIC_GPA || off >= VIOAPIC_SIZE)
		return false;
	if (a->size != 4 || (off & 3)) {
		cell_fault(v, "%u-byte %s at offset 0x%llx of its I/O APIC: its "
			   "registers take aligned 32-bit accesses only",
			   a->size, a->write ? "write" : "read",
			   (unsigned long long)off);
		return true;
	}
	spin_lock(&io->lock);
	if (off == IOREGSEL && a->write)
		io->select = (uint32_t)a->value & 0xffu;
	else if (off == IOREGSEL)
		a->value = io->select;
	else if (off == IOWIN && a->write)
		pin = write_reg(io, (uint32_t)a->value);
	else if (off == IOWIN)
		a->value = read_reg(io);
	else if (!a->write)
		a->value = 0;
	/* An asserted line whose entry now lets it through is delivered. */
	if (pin >= 0 && (io->line & BIT(pin)))
		take = level_take(c, io, (uint32_t)pin, &to);
	spin_unlock(&io->lock);
	if (take)
		vlapic_raise(c, to.cpu, to.vector, true);
	return true;
}

void vioapic_raise(struct cell *c, uint32_t gsi)
{
	struct vioapic *io = &vioapics[c->index];
	struct target to;
	bool take;

	if (gsi >= INPUTS)
		return;
	spin_lock(&io->lock);
	take = routed(c, io->rte[gsi], &to);
	spin_unlock(&io->lock);
	if (take)
		vlapic_raise(c, to.cpu, to.vector, false);
}

void vioapic_set_line(struct cell *c, uint32_t gsi, bool level)
{
	struct vioapic *io = &vioapics[c->index];
	struct target to;
	bool take = false, rising, lvl;

	if (gsi >= INPUTS)
		return;
	spin_lock(&io->lock);
	rising = level && !(io->line & BIT(gsi));
	if (level)
		io->line |= (uint32_t)BIT(gsi);
	else
		io->line &= ~(uint32_t)BIT(gsi);
	lvl = io->rte[gsi] & RTE_LEVEL;
	if (lvl)
		take = level && level_take(c, io, gsi, &to);
	else
		take = rising && routed(c, io->rte[gsi], &to);
	spin_unlock(&io->lock);
	if (take)
		vlapic_raise(c, to.cpu, to.vector, lvl);
}

void vioapic_eoi(struct cell *c, uint8_t vector)
{
	struct vioapic *io = &vioapics[c->index];
	struct target to[INPUTS];
	unsigned int n = 0;

	/* Every entry of that vector awaiting it (a cell may share one). */
	spin_lock(&io->lock);
	for (uint32_t i = 0; i < INPUTS; i++) {
		uint64_t *rte = &io->rte[i];

		if ((uint8_t)*rte != vector || !(*rte & RTE_REMOTE_IRR))
			continue;
		*rte &= ~RTE_REMOTE_IRR;
		if ((io->line & BIT(i)) && level_take(c, io, i, &to[n]))
			n++;
	}
	spin_unlock(&io->lock);
	for (unsigned int k = 0; k < n; k++)
		vlapic_raise(c, to[k].cpu, to[k].vector, true);
}
