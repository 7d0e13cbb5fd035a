/*
 * Cell exits that core serves: accesses to virtual devices and the log
 * line for calls nobody serves (Septum's hypercalls: inline, septum/vm.h).
 */
#include <septum/arch/vm.h>
#include <septum/console.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/vdev.h>
#include <septum/vm.h>

static const char *space_name(enum vm_space space)
{
	return space == VM_SPACE_PIO ? "port" : "IPA";
}

COLD void vm_check_reserved(const struct cell *c, bool guest, uint64_t base,
			    uint64_t size, const char *what)
{
	struct vm_range r;

	for (unsigned int k = 0; arch_vm_reserved(guest, k, &r); k++) {
		if (base < r.base + r.size && r.base < base + size)
			panic("the partition config is unusable: cell %s: its "
			      "%s at %s 0x%llx meets %s", c->cfg->name, what,
			      guest ? "guest-physical" : "physical",
			      (unsigned long long)base, r.what);
	}
}

/* vm_exit_access() when no device took `a` as it was (e from vdev_access()). */
static COLD NOINLINE enum err unserved(struct vcpu *v, struct vm_access *a,
				       enum err e)
{
	const char *access = a->write ? "write" : "read";

	if (e == E_INVALID) {
		char why[CONSOLE_LINE_MAX];

		vdev_describe(v->cell, a, why, sizeof(why));
		cell_fault(v, "%u-byte %s at %s", a->size, access, why);
		return E_DENIED;
	}
	if (a->space == VM_SPACE_MMIO && arch_vm_mmio(v, a))
		return E_OK;
	cell_access_fault(v, false, a->write, "%s of %u bytes at %s 0x%llx, "
			  "which is %s for this cell (%s)", access, a->size,
			  space_name(a->space), (unsigned long long)a->addr,
			  arch_vm_fault_denied(a) ? "read-only" : "not mapped",
			  arch_vm_fault_kind(a));
	return E_DENIED;
}

enum err vm_exit_access(struct vcpu *v, struct vm_access *a)
{
	enum err e = vdev_access(v, a);

	return __builtin_expect(e == E_OK, 1) ? E_OK : unserved(v, a, e);
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

/*
 * A call that only asks whether something exists: a service range's
 * count, UID and revision queries (function numbers 0xff00-0xff03, SMCCC
 * 1.4 section 6) and the TRNG's VERSION and FEATURES, which a stock Linux
 * makes at every boot.  Refused all the same, but not a warning.
 */
static bool discovery_call(uint32_t fn)
{
	return ((fn & 0xffffu) >= 0xff00u && (fn & 0xffffu) <= 0xff03u) ||
	       (fn & ~1u) == 0x84000050u;
}

COLD void vm_call_refused(struct vcpu *v, uint32_t fn, const char *conduit)
{
	struct cell *c = v->cell;
	bool full = false, log;

	/* Rare: the lock's shared copies, not an inline one here. */
	spin_lock_shared(&c->lock);
	log = first_refusal(c, fn, &full);
	spin_unlock_shared(&c->lock);
	if (log && full)
		log_warn("cell %s: more unsupported calls than the log keeps "
			 "track of: further ones are answered silently",
			 c->cfg->name);
	else if (log && discovery_call(fn))
		log_info("cell %s: CPU %u: %s function 0x%08x (a discovery "
			 "call) is not supported: answered NOT_SUPPORTED",
			 c->cfg->name, v->index, conduit, fn);
	else if (log)
		log_warn("cell %s: CPU %u: %s function 0x%08x is not supported: "
			 "answered NOT_SUPPORTED (logged once)", c->cfg->name,
			 v->index, conduit, fn);
}
