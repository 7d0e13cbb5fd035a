/*
 * Fake cell execution for host unit tests: translations always succeed,
 * "physical" memory is host memory, a vCPU's registers are an array.
 */
#include <host/fake.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/vm.h>
#include <stdlib.h>

static uint64_t regs[SEPTUM_MAX_CPUS][31];

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
	(void)entry;
	v->arch = regs[v->pcpu];
	regs[v->pcpu][0] = arg;
}

void arch_vcpu_enter(struct vcpu *v)
{
	(void)v;
	host_exit(HOST_EXIT_HALTED);
}

uint8_t *host_phys_va;
uint64_t host_phys_pa, host_phys_size;
unsigned int host_injected[SEPTUM_MAX_CELLS];
uint32_t host_injected_vintid[SEPTUM_MAX_CELLS];

void *arch_phys_map(paddr_t base, uint64_t size)
{
	if (host_phys_va && base.bits >= host_phys_pa &&
	    base.bits - host_phys_pa + size <= host_phys_size)
		return host_phys_va + (base.bits - host_phys_pa);
	return calloc(1, size);
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
}

void arch_vcpu_park(struct vcpu *v)
{
	(void)v;
}

const char *arch_vm_fault_kind(const struct vm_access *a)
{
	(void)a;
	return "host fault";
}

bool arch_vm_fault_denied(const struct vm_access *a)
{
	return a->syndrome != 0;	/* tests: non-zero stands for read-only */
}
