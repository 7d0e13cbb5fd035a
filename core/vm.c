/*
 * Cell exits that core serves: emulated device accesses, Septum hypercalls,
 * and the log line for calls nobody serves.
 */
#include <septum/abi/hypercall.h>
#include <septum/arch/vm.h>
#include <septum/ivshmem.h>
#include <septum/log.h>
#include <septum/vm.h>
#include <septum/vpci.h>
#include <septum/vuart.h>

bool vm_exit_mmio(struct vcpu *v, struct vm_access *a)
{
	struct cell *c = v->cell;
	uint64_t uart = c->cfg->vuart.ipa;
	bool faulted;

	/* The UART first: a cell's console output is its most common trap. */
	if (uart && a->ipa.bits >= uart && a->ipa.bits - uart < VUART_SIZE) {
		vuart_access(c, a->ipa.bits - uart, a);
		return true;
	}
	if (arch_vm_mmio(v, a))
		return true;
	if (ivshmem_mmio(v, a, &faulted) || vpci_mmio(v, a, &faulted))
		return !faulted;
	cell_fault(v, "%s of %u bytes at IPA 0x%llx, which is %s for this cell "
		      "(%s)", a->write ? "write" : "read", a->size,
		   (unsigned long long)a->ipa.bits,
		   a->denied ? "read-only" : "not mapped", a->fault);
	return false;
}

int64_t vm_hypercall(struct vcpu *v, uint32_t fn, bool *done)
{
	(void)v;
	*done = true;
	switch (fn) {
	case SEPTUM_HC_VERSION:
		return SEPTUM_HC_ABI_VERSION;
	case SEPTUM_HC_NOP:
		return SEPTUM_HC_OK;
	default:
		*done = false;
		return SEPTUM_HC_NOT_SUPPORTED;
	}
}

/* Whether fn is new to c's log (and now remembered); cell lock held. */
static bool first_refusal(struct cell *c, uint32_t fn, bool *table_full)
{
	unsigned int max = ARRAY_SIZE(c->refused);
	unsigned int known = c->nrefused < max ? c->nrefused : max;

	for (unsigned int i = 0; i < known; i++) {
		if (c->refused[i] == fn)
			return false;
	}
	if (c->nrefused > max)
		return false;	/* the table filled and that was said */
	*table_full = c->nrefused == max;
	if (!*table_full)
		c->refused[c->nrefused] = fn;
	c->nrefused++;
	return true;
}

void vm_call_refused(struct vcpu *v, uint32_t fn, const char *conduit)
{
	struct cell *c = v->cell;
	bool full = false, log;

	spin_lock(&c->lock);
	log = first_refusal(c, fn, &full);
	spin_unlock(&c->lock);
	if (log && full)
		log_warn("cell %s: more unsupported calls than the log keeps "
			 "track of: further ones are answered silently",
			 c->cfg->name);
	else if (log)
		log_warn("cell %s: CPU %u: %s function 0x%08x is not supported: "
			 "answered NOT_SUPPORTED (logged once)", c->cfg->name,
			 v->index, conduit, fn);
}

