/*
 * Running cells on x86_64 (AMD SVM with nested paging): not yet.  Cells are
 * built but never started; the hypervisor boots, runs its self-tests and
 * idles.
 */
#include <arch/apic.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/percpu.h>

size_t npt_table_bytes(void);

size_t npt_table_bytes(void)
{
	return 0;
}

void arch_vm_init(void)
{
}

void arch_vm_cpu_init(void)
{
}

enum err arch_vm_cell_init(struct cell *c)
{
	log_error("cell %s: this hypervisor cannot run cells on x86_64 yet: "
		  "cell not started", c->cfg->name);
	return E_DENIED;
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
	(void)c;
	(void)vintid;
}

void arch_vm_flush(struct cell *c)
{
	(void)c;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	(void)v;
	(void)entry;
	(void)arg;
}

void arch_vcpu_park(struct vcpu *v)
{
	(void)v;
}

void arch_vcpu_enter(struct vcpu *v)
{
	panic("cell %s: cannot enter a cell on x86_64 yet", v->cell->cfg->name);
}

void arch_cpu_kick(unsigned int cpu)
{
	if (cpu != percpu_this()->index)
		apic_send_ipi((uint32_t)percpu_all[cpu].hwid, VECTOR_KICK);
}
