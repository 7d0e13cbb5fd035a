/*
 * The I/O APIC each cell sees at VIOAPIC_GPA: 24 inputs, fed by the cell's
 * virtual devices (its UART on the board's input for it, COM1's 4), each
 * routed by the cell to a vector and one of its CPUs.  Only edges: a
 * device model raises an input when its interrupt goes from clear to set.
 * Register access: IOREGSEL and IOWIN, 32 bits wide (82093AA).
 */
#include <arch/svm.h>
#include <septum/cell.h>
#include <septum/spinlock.h>

#define IOREGSEL 0x00
#define IOWIN 0x10
#define VIOAPIC_SIZE 0x1000
#define REG_ID 0x00
#define REG_VERSION 0x01
#define REG_ARB 0x02
#define REG_RTE_FIRST 0x10
#define INPUTS (SEPTUM_GSI_LAST + 1)
#define VERSION ((INPUTS - 1u) << 16 | 0x11u)
#define ID_MASK (0xfu << 24)
#define RTE_MASKED BIT(16)
#define RTE_LOGICAL BIT(11)
#define RTE_MODE(r) (((r) >> 8) & 7u)
#define RTE_WRITABLE 0xff0000000001afffull	/* not status nor remote IRR */
#define RTE_DEST(r) ((uint32_t)((r) >> 56))
#define MODE_FIXED 0u
#define MODE_LOWEST 1u

struct vioapic {
	struct spinlock lock;
	uint32_t select, id;
	uint64_t rte[INPUTS];
};

static struct vioapic vioapics[SEPTUM_MAX_CELLS];

void vioapic_reset(struct cell *c)
{
	struct vioapic *io = &vioapics[c->index];

	spin_lock(&io->lock);
	io->select = io->id = 0;
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

static void write_reg(struct vioapic *io, uint32_t v)
{
	uint32_t sel = io->select;
	uint64_t *rte, shift;

	if (sel == REG_ID) {
		io->id = v & ID_MASK;
		return;
	}
	if (sel < REG_RTE_FIRST || sel >= REG_RTE_FIRST + 2 * INPUTS)
		return;	/* read-only or absent */
	rte = &io->rte[(sel - REG_RTE_FIRST) / 2];
	shift = (sel & 1) ? 32 : 0;
	*rte = (*rte & ~(0xffffffffull << shift)) |
	       (((uint64_t)v << shift) & RTE_WRITABLE & (0xffffffffull << shift));
}

bool vioapic_mmio(struct vcpu *v, struct vm_access *a)
{
	struct vioapic *io = &vioapics[v->cell->index];
	uint64_t off = a->addr - VIOAPIC_GPA;

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
		write_reg(io, (uint32_t)a->value);
	else if (off == IOWIN)
		a->value = read_reg(io);
	else if (!a->write)
		a->value = 0;
	spin_unlock(&io->lock);
	return true;
}

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

void vioapic_raise(struct cell *c, uint32_t gsi)
{
	struct vioapic *io = &vioapics[c->index];
	uint64_t rte;
	int target;

	if (gsi >= INPUTS)
		return;
	spin_lock(&io->lock);
	rte = io->rte[gsi];
	spin_unlock(&io->lock);
	target = target_of(c, rte);
	if ((rte & RTE_MASKED) || target < 0 ||
	    (RTE_MODE(rte) != MODE_FIXED && RTE_MODE(rte) != MODE_LOWEST))
		return;
	vlapic_raise(c, (unsigned int)target, (uint8_t)rte);
}
