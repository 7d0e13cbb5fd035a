/*
 * Running cells on arm64: second-stage translation, the EL2 controls a
 * partitioned guest runs under, and vCPU reset/entry.
 */
#include <arch/aarch32.h>
#include <arch/gic.h>
#include <arch/guest.h>
#include <arch/layout.h>
#include <arch/mmu_boot.h>
#include <arch/pgtable.h>
#include <arch/smmu.h>
#include <arch/stage2.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/config.h>
#include <septum/hypmem.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/ram.h>
#include <septum/smp.h>
#include <septum/spinlock.h>

/* Guest-physical addresses: 39 bits, walks start at level 1. */
#define IPA_BITS 39

/* Stage-2 descriptor fields (ARM DDI 0487, D8.5). */
#define S2_MEMATTR_NORMAL_WB ((uint64_t)0xf << 2)
#define S2_MEMATTR_DEVICE_NGNRE ((uint64_t)0x1 << 2)
#define S2_MEMATTR_NORMAL_NC ((uint64_t)0x5 << 2)
#define S2_READ BIT(6)
#define S2_WRITE BIT(7)
#define S2_SH_INNER ((uint64_t)3 << 8)
#define S2_AF BIT(10)
#define S2_XN BIT(54)

/*
 * How a partitioned guest runs: its own stage 2; physical interrupts and
 * SErrors to EL2; SMC trapped (firmware is the hypervisor's); set/way cache
 * operations trapped (an invalidate by set/way could discard another cell's
 * dirty lines); IMPLEMENTATION DEFINED and auxiliary control registers
 * trapped (they can reach shared hardware); TLB and cache maintenance
 * broadcast in the inner shareable domain.  WFI/WFE not trapped.  EL1 is
 * AArch64 (HCR_EL2.RW) unless the cell's image is AArch32.
 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW)

struct arm64_cell {
	struct pgtable s2;
	uint64_t vttbr;
};

static struct arm64_cell vm_cells[SEPTUM_MAX_CELLS];

/*
 * A vCPU's own stage-2 path to one page (stage2_trap_page()), by physical
 * CPU: the rest of its cell's tables are shared.  Built the first time the
 * vCPU needs it, from the table pool (pool_lock: CPUs build them at run
 * time, each for itself), and used by that vCPU from then on.
 */
struct own_page {
	struct pgtable s2;
	bool failed;		/* the pool could not give it one: never */
	uint64_t *desc;		/* the page's descriptor in s2, or NULL */
	uint64_t mapped;	/* its value when mapped */
	uint64_t vttbr;
};

static struct own_page own_pages[SEPTUM_MAX_CPUS];
static struct spinlock pool_lock = SPINLOCK_INIT;

/*
 * The cells' tables come from the hypervisor's region, 64 KiB at a time as
 * they are needed (cell_init at boot; a vCPU's own path at run time, under
 * pool_lock).
 */
#define S2_CHUNK_PAGES 16

/* A coloured hypervisor's runs are short: a pool given fewer pages reaches
 * them all through hypmem's window (linear in the physical address). */
static bool s2_pool_grow(struct pgtable_pool *pool)
{
	return mmu_pool_grow(pool, S2_CHUNK_PAGES, true);
}

static struct pgtable_pool s2_pool = { .grow = s2_pool_grow };

size_t stage2_pool_bytes(void)
{
	return pgtable_pool_pages(&s2_pool) * PAGE_SIZE;
}

/* The i-th stage-2 table in use: the cells', then the vCPUs' own paths. */
static const struct pgtable *stage2_table(unsigned int i)
{
	if (i < SEPTUM_MAX_CELLS)
		return vm_cells[i].s2.pool ? &vm_cells[i].s2 : NULL;
	i -= SEPTUM_MAX_CELLS;
	return own_pages[i].desc ? &own_pages[i].s2 : NULL;
}

#define STAGE2_TABLES (SEPTUM_MAX_CELLS + SEPTUM_MAX_CPUS)

size_t stage2_table_bytes(void)
{
	size_t pages = 0;

	for (unsigned int i = 0; i < STAGE2_TABLES; i++)
		pages += stage2_table(i) ? stage2_table(i)->tables : 0;
	return pages * PAGE_SIZE;
}

static void no_leaf(void *arg, uint64_t va, uint64_t pa, uint64_t size,
		    uint64_t desc)
{
	(void)arg;
	(void)va;
	(void)pa;
	(void)size;
	(void)desc;
}

void stage2_table_pages(pgtable_table_fn *fn, void *arg)
{
	for (unsigned int i = 0; i < STAGE2_TABLES; i++) {
		if (stage2_table(i))
			pgtable_walk(stage2_table(i), no_leaf, fn, arg);
	}
}

bool stage2_trap_page(struct vcpu *v, ipaddr_t page, bool trap)
{
	struct own_page *p = &own_pages[v->pcpu];

	if (!p->desc) {
		if (!trap || p->failed)
			return !trap;
		spin_lock(&pool_lock);
		p->desc = pgtable_private_page(&vm_cells[v->cell->index].s2,
					       &p->s2, page.bits);
		spin_unlock(&pool_lock);
		p->failed = !p->desc;
		if (!p->desc)
			return false;
		p->mapped = *p->desc;
		p->vttbr = p->s2.root_pa | VTTBR_VMID(v->cell->index + 1);
		sysreg_write(vttbr_el2, p->vttbr);
	}
	__atomic_store_n(p->desc, trap ? 0 : p->mapped, __ATOMIC_RELAXED);
	/* Its own translations only (the copy is this CPU's). */
	__asm__ volatile("dsb ishst\n\ttlbi ipas2e1, %0\n\tdsb nsh\n\t"
			 "tlbi vmalle1\n\tdsb nsh\n\tisb"
			 : : "r"(page.bits >> PAGE_SHIFT) : "memory");
	return true;
}

/* The output size of the cells' stage 2 (VTCR_EL2.PS): the CPU's, at most
 * 48 bits. */
static uint64_t stage2_parange(void)
{
	uint64_t parange = MMFR0_PARANGE(sysreg_read(id_aa64mmfr0_el1));

	return parange > PARANGE_48BIT ? PARANGE_48BIT : parange;
}

void arch_vm_init(void)
{
	mmu_pool_close_boot();
	vgic_init();
	/* Its interrupts go where the console's do: the last CPU. */
	smmu_init(config_get(), smp_online_count() - 1,
		  (uint32_t)stage2_parange());
}

void arch_vm_cpu_init(void)
{
	vgic_init_cpu();
}

static uint64_t region_attrs(uint32_t flags)
{
	uint64_t a = S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_AF;

	if (flags & SEPTUM_MEM_READ)
		a |= S2_READ;
	if (flags & SEPTUM_MEM_WRITE)
		a |= S2_WRITE;
	if (!(flags & SEPTUM_MEM_EXEC))
		a |= S2_XN;
	return a;
}

enum err arch_vm_cell_init(struct cell *c)
{
	struct arm64_cell *ac = &vm_cells[c->index];
	const struct septum_cell *cfg = c->cfg;
	uint32_t arch = cfg->images[cfg->entry_image].arch;
	enum err e = pgtable_init(&ac->s2, &s2_pool, 1);
	struct ram_piece p;

	if (e == E_OK && arch != SEPTUM_ARCH_AARCH64 &&
	    arch != SEPTUM_ARCH_AARCH32) {
		log_error("cell %s: its kernel is neither AArch64 nor AArch32 "
			  "code: cell not started", cfg->name);
		return E_DENIED;
	}
	/* Each region, or each run of a coloured cell's pages. */
	for (unsigned int n = 0; e == E_OK && ram_piece(cfg, n, &p); n++)
		e = pgtable_map(&ac->s2, p.ipa.bits, p.pa.bits, p.size,
				region_attrs(p.flags), true);
	for (unsigned int i = 0; e == E_OK && i < cfg->num_mmio; i++) {
		const struct septum_mmio *m = &cfg->mmio[i];

		e = pgtable_map(&ac->s2, m->ipa, m->pa, m->size,
				S2_MEMATTR_DEVICE_NGNRE | S2_READ | S2_WRITE |
					S2_AF | S2_XN,
				true);
	}
	/* VMID 0 is left unused, so no cell shares it with anything. */
	ac->vttbr = ac->s2.root_pa | VTTBR_VMID(c->index + 1);
	vgic_cell_init(c);
	if (e == E_OK)
		e = vgic_cell_map(c);
	dsb_ishst();
	if (e == E_OK)
		smmu_cell_start(c, ac->s2.root_pa, (uint16_t)(c->index + 1));
	return e;
}

enum err stage2_map_device(struct cell *c, ipaddr_t at, paddr_t base,
			   uint64_t size)
{
	enum err e = pgtable_map(&vm_cells[c->index].s2, at.bits, base.bits,
				 size, S2_MEMATTR_DEVICE_NGNRE | S2_READ |
					       S2_WRITE | S2_AF | S2_XN,
				 false);

	dsb_ishst();
	return e;
}

void arch_vm_cell_stopped(struct cell *c)
{
	vgic_cell_stopped(c);
	smmu_cell_stop(c);
}

void arch_vm_cell_reset_devices(struct cell *c)
{
	smmu_cell_reset(c);
}

bool arch_vm_mmio(struct vcpu *v, struct vm_access *a)
{
	return vgic_mmio(v, a);
}

void arch_vm_inject(struct cell *c, uint32_t vintid)
{
	vgic_inject(c, vintid);
}

void arch_vm_set_line(struct cell *c, uint32_t vintid, bool level)
{
	vgic_set_line(c, vintid, level);
}

void arch_vcpu_park(struct vcpu *v)
{
	vgic_vcpu_park(v);
}

enum err arch_vm_map_shared(struct cell *c, ipaddr_t at, paddr_t base,
			    uint64_t size, bool writable)
{
	/*
	 * Non-cacheable: stage 2 caps what a cell's own mapping asks for, so
	 * every peer sees the memory alike whatever it maps (Linux can only map
	 * a BAR non-cacheable from user space), and no peer reads stale lines.
	 */
	uint64_t attrs = S2_MEMATTR_NORMAL_NC | S2_SH_INNER | S2_AF | S2_READ |
			 S2_XN | (writable ? S2_WRITE : 0);
	enum err e = pgtable_map(&vm_cells[c->index].s2, at.bits, base.bits,
				 size, attrs, true);

	dsb_ishst();
	return e;
}

void arch_vm_flush(struct cell *c)
{
	uint64_t saved = sysreg_read(vttbr_el2);

	/* TLBI VMALLS12E1IS acts on the VMID in VTTBR_EL2. */
	sysreg_write(vttbr_el2, vm_cells[c->index].vttbr);
	isb();
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish" : : : "memory");
	sysreg_write(vttbr_el2, saved);
	isb();
	/* Its devices' DMA goes through its stage 2 again. */
	smmu_cell_start(c, vm_cells[c->index].s2.root_pa,
			(uint16_t)(c->index + 1));
}

uint64_t vm_vcpu_mpidr(unsigned int index)
{
	return index;	/* Aff0 = the cell's CPU number, as its DTB says */
}

struct guest_frame *guest_frame_of(unsigned int cpu)
{
	extern uint8_t hv_stack_window[];

	return (struct guest_frame *)(void *)(hv_stack_window +
					      cpu * STACK_SLOT_SIZE +
					      CPU_STACK_START);
}

/* EL2 controls for running v's cell (AArch32 if a32) on this CPU. */
static void load_cell_controls(const struct vcpu *v, bool a32)
{
	uint64_t parange = stage2_parange();

	sysreg_write(vtcr_el2, VTCR_RES1 | VTCR_T0SZ(IPA_BITS) |
				       VTCR_SL0_LEVEL1 | VTCR_IRGN0_WBWA |
				       VTCR_ORGN0_WBWA | VTCR_SH0_INNER |
				       VTCR_TG0_4K | VTCR_PS(parange));
	sysreg_write(vttbr_el2, own_pages[v->pcpu].desc
					? own_pages[v->pcpu].vttbr
					: vm_cells[v->cell->index].vttbr);
	sysreg_write(hcr_el2, HCR_GUEST | (uint64_t)!a32 * HCR_RW);
	/* No AArch32 CP15 register is trapped by its CRn (reset: UNKNOWN). */
	sysreg_write(hstr_el2, 0);
	sysreg_write(cptr_el2, CPTR_EL2_RES1);
	sysreg_write(mdcr_el2, MDCR_HPMN(PMCR_N(sysreg_read(pmcr_el0))) |
				       (a32 ? aarch32_mdcr_traps() : 0));
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(vmpidr_el2, BIT(31) | vm_vcpu_mpidr(v->index));
	sysreg_write(cntvoff_el2, 0);
	isb();
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	struct guest_frame *f = guest_frame_of(v->pcpu);
	bool a32 = aarch32_cell(v->cell);

	for (unsigned int i = 0; i < 31; i++)
		f->x[i] = 0;
	f->x[0] = arg;
	f->pc = entry;
	f->pstate = SPSR_EL1H | SPSR_DAIF_MASKED;
	if (a32) {
		f->x[0] = (uint32_t)arg;
		f->pc = entry & ~1ull;
		f->pstate = aarch32_entry_pstate(entry);
	}
	f->vcpu = v;
	f->full = 1;	/* every register comes from the frame */
	v->arch = f;
	load_cell_controls(v, a32);
	/* EL1 as after reset: MMU and caches off, timers off. */
	sysreg_write(sctlr_el1, a32 ? SCTLR_A32_RESET : SCTLR_EL1_RES1);
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntp_ctl_el0, 0);
	isb();
	vgic_vcpu_reset(v);
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb"
			 : : : "memory");
}

void arch_vcpu_enter(struct vcpu *v)
{
	guest_enter(v->arch);
}

void arch_cpu_kick(unsigned int cpu)
{
	/* The SGI takes a CPU out of its guest; the event out of a wait. */
	if (vgic_up && cpu != percpu_this()->index)
		gic_send_sgi(GIC_KICK_SGI, cpu);
	arch_cpu_send_event();
}
