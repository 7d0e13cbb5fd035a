/*
 * Fake cell execution for the host: translations always succeed, "physical"
 * memory is host memory, a vCPU's registers are an array, entering the
 * guest ends the CPU's run (host/fake.h).
 */
#include <host/fake.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/vm.h>
#include <stdlib.h>

struct host_vcpu_regs host_vcpu_regs[MAX_CPUS];
struct host_phys host_phys[HOST_PHYS_RANGES];
unsigned int host_injected[SEPTUM_MAX_CELLS];
uint32_t host_injected_vintid[SEPTUM_MAX_CELLS];
struct host_injection host_injection_log[HOST_INJECTIONS];
unsigned int host_injections;
bool host_line[SEPTUM_MAX_CELLS];
uint64_t host_levels[SEPTUM_MAX_CELLS][HOST_LINES / 64];

/* The image carries no partition config. */
const uint8_t config_blob[1], config_blob_end[1];

enum err arch_vm_cell_init(struct cell *c)
{
	(void)c;
	return E_OK;
}

enum err arch_vm_map_shared(struct cell *c, ipaddr_t at, paddr_t base,
			    uint64_t size, bool writable)
{
	(void)c;
	(void)at;
	(void)base;
	(void)size;
	(void)writable;
	return E_OK;
}

void arch_vm_flush(struct cell *c)
{
	(void)c;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	struct host_vcpu_regs *r = &host_vcpu_regs[v->pcpu];
	unsigned int resets = r->resets;

	*r = (struct host_vcpu_regs){ .pc = entry, .resets = resets + 1 };
	r->x[0] = arg;
	v->arch = r;
}

void arch_vcpu_enter(struct vcpu *v)
{
	(void)v;
	if (host_cpu_in_run())
		host_cpu_leave(HOST_LEFT_GUEST);
	host_exit(HOST_EXIT_HALTED);
}

void *arch_phys_map(paddr_t base, uint64_t size)
{
	for (unsigned int i = 0; i < HOST_PHYS_RANGES; i++) {
		const struct host_phys *r = &host_phys[i];

		if (r->size && base.bits >= r->pa && size <= r->size &&
		    base.bits - r->pa <= r->size - size)
			return r->va + (base.bits - r->pa);
	}
	return calloc(1, size);
}

/*
 * The window on scattered pages: plain memory, contiguous, apart from the
 * pages (host tests check what hypmem hands out, not what aliases them).
 */
#define HOST_OWN_PAGES 64
static uint8_t host_own[HOST_OWN_PAGES][PAGE_SIZE];
static unsigned int host_own_next;

void *arch_mmu_map_own(paddr_t page)
{
	(void)page;
	if (host_own_next == HOST_OWN_PAGES)
		return NULL;
	return host_own[host_own_next++];
}

void arch_phys_sync(void *va, uint64_t size)
{
	(void)va;
	(void)size;
}

void arch_cpu_kick(unsigned int cpu)
{
	(void)cpu;
}

void arch_vm_init(void)
{
}

void arch_vm_cpu_init(void)
{
}

void arch_vm_cell_stopped(struct cell *c)
{
	(void)c;
}

void arch_vm_cell_reset_devices(struct cell *c)
{
	(void)c;
}

bool arch_vm_mmio(struct vcpu *v, struct vm_access *a)
{
	(void)v;
	(void)a;
	return false;
}

void arch_vm_inject(struct cell *c, uint32_t vintid)
{
	host_injected[c->index]++;
	host_injected_vintid[c->index] = vintid;
	if (host_injections < HOST_INJECTIONS)
		host_injection_log[host_injections] =
			(struct host_injection){ c->index, vintid };
	host_injections++;
}

/* A line's rising level counts as one injection too. */
void arch_vm_set_line(struct cell *c, uint32_t vintid, bool level)
{
	uint64_t bit = 1ull << (vintid % 64);

	if (level && !host_line[c->index])
		arch_vm_inject(c, vintid);
	host_line[c->index] = level;
	if (vintid >= HOST_LINES)
		return;
	if (level)
		host_levels[c->index][vintid / 64] |= bit;
	else
		host_levels[c->index][vintid / 64] &= ~bit;
}

void arch_vcpu_park(struct vcpu *v)
{
	(void)v;
}

/* The host's fake machine keeps nothing from its cells. */
bool arch_vm_reserved(bool guest, unsigned int k, struct vm_range *r)
{
	(void)guest;
	(void)k;
	(void)r;
	return false;
}

const char *arch_vm_fault_kind(const struct vm_access *a)
{
	return a->syndrome ? "permission fault" : "translation fault";
}

bool arch_vm_fault_denied(const struct vm_access *a)
{
	return a->syndrome != 0;	/* tests: non-zero stands for read-only */
}

unsigned int host_external_aborts;

bool arch_vcpu_external_abort(struct vcpu *v, bool fetch, bool write)
{
	(void)v;
	(void)fetch;
	(void)write;
	host_external_aborts++;
	return true;
}
