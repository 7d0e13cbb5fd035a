/*
 * SMCCC calls from cells (ARM DEN 0028) by HVC or trapped SMC: PSCI for the
 * cell's own CPUs (ARM DEN 0022), the SMCCC architecture calls, and the
 * Septum hypercalls in the vendor hypervisor range.  Anything else answers
 * NOT_SUPPORTED and never reaches firmware.
 */
#include <arch/guest.h>
#include <arch/smccc.h>
#include <septum/abi/hypercall.h>
#include <septum/arch/cpu.h>
#include <septum/arch/vm.h>
#include <septum/vm.h>


#define SMCCC_NOT_SUPPORTED (-1)
#define PSCI_1_1 0x00010001
#define SMCCC_1_1 0x00010001
#define MIGRATE_NOT_REQUIRED 2	/* no Trusted OS to migrate */

static bool is_psci_implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

/* SMCCC owner (bits 29:24) of the calls a hypervisor provides itself. */
#define SMCCC_OWNER(fn) (((fn) >> 24) & 0x3fu)
#define SMCCC_OWNER_VENDOR_HYP 6u
_Static_assert(SMCCC_OWNER(SEPTUM_HC_BASE) == SMCCC_OWNER_VENDOR_HYP,
	       "Septum's hypercalls are vendor hypervisor calls");

static struct guest_frame *frame(const struct vcpu *v)
{
	return v->arch;
}

/* Arguments of the 32-bit PSCI calls are 32-bit: ignore the upper halves. */
static uint64_t arg(const struct vcpu *v, unsigned int n, uint32_t fn)
{
	uint64_t x = frame(v)->x[n];

	return (fn & 0x40000000u) ? x : (uint32_t)x;
}

/* Serve a PSCI/SMCCC call; *done false if fn is not one. */
static int64_t psci_call(struct vcpu *v, uint32_t fn, bool *done)
{
	*done = true;
	switch (fn) {
	case SMCCC_VERSION:
		return SMCCC_1_1;
	case SMCCC_ARCH_FEATURES:
		return arg(v, 1, fn) == SMCCC_VERSION ? 0 : SMCCC_NOT_SUPPORTED;
	case PSCI_VERSION:
		return PSCI_1_1;
	case PSCI_FEATURES:
		return is_psci_implemented((uint32_t)arg(v, 1, fn))
			       ? 0 : SMCCC_NOT_SUPPORTED;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND:
		arch_cpu_wait_event();	/* a wake-up event ends the suspend */
		return 0;
	case PSCI_CPU_OFF:
		cell_cpu_off(v);
		return 0;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON:
		return cell_cpu_on(v, arg(v, 1, fn), arg(v, 2, fn),
				   arg(v, 3, fn));
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO:
		return arg(v, 2, fn) ? -2 : cell_affinity_info(v, arg(v, 1, fn));
	case PSCI_MIGRATE_INFO_TYPE:
		return MIGRATE_NOT_REQUIRED;
	case PSCI_SYSTEM_OFF:
		cell_system_off(v);
		return 0;
	case PSCI_SYSTEM_RESET:
		cell_system_reset(v);
		return 0;
	default:
		*done = false;
		return SMCCC_NOT_SUPPORTED;
	}
}

void smccc_call(struct vcpu *v, bool smc)
{
	struct guest_frame *f = frame(v);
	uint32_t fn = (uint32_t)f->x[0];
	bool done;
	int64_t ret = SMCCC_OWNER(fn) == SMCCC_OWNER_VENDOR_HYP
			      ? vm_hypercall(v, fn, &done)
			      : psci_call(v, fn, &done);

	if (!done)
		vm_call_refused(v, fn, smc ? "SMC" : "HVC");
	f->x[0] = (uint64_t)ret;
}
