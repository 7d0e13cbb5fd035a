/*
 * SMCCC calls from cells (ARM DEN 0028) by HVC or trapped SMC: PSCI for the
 * cell's own CPUs (ARM DEN 0022), the SMCCC architecture calls, the Septum
 * hypercalls in the vendor hypervisor range, and the SiP calls the cell's
 * config lets it forward to the platform firmware (ZynqMP clock, reset and
 * power control: only for resources no device outside the cell uses, as the
 * config tool worked out).  Anything else answers NOT_SUPPORTED and never
 * reaches firmware.
 */
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/psci.h>
#include <arch/smccc.h>
#include <arch/stage2.h>
#include <septum/abi/hypercall.h>
#include <septum/arch/cpu.h>
#include <septum/arch/vm.h>
#include <septum/log.h>
#include <septum/vm.h>

#define SMCCC_NOT_SUPPORTED (-1)
#define PSCI_SUCCESS 0
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_1_1 0x00010001
#define SMCCC_1_1 0x00010001
#define MIGRATE_NOT_REQUIRED 2	/* no Trusted OS to migrate */

#define SMCCC_64BIT 0x40000000u	/* the SMC64/HVC64 calling convention */
#define SMCCC_DENIED (-3)	/* a SiP call naming another's resource */
_Static_assert(SMCCC_OWNER(SEPTUM_HC_BASE) == SMCCC_OWNER_VENDOR_HYP,
	       "Septum's hypercalls are vendor hypervisor calls");

/*
 * PSCI function numbers (ARM DEN 0022: a call's ID is PSCI_VERSION + its
 * number, and SMCCC_64BIT more for its SMC64 form) of the calls served
 * here: all in their SMC32 form, those that pass an address or an MPIDR in
 * their SMC64 form too.
 */
#define PSCI_NR(id) (((id) & ~SMCCC_64BIT) - PSCI_VERSION)
#define SERVED(id) (1u << PSCI_NR(id))
static const uint32_t psci_served[2] = {
	SERVED(PSCI_VERSION) | SERVED(PSCI_CPU_SUSPEND_32) |
		SERVED(PSCI_CPU_OFF) | SERVED(PSCI_CPU_ON_32) |
		SERVED(PSCI_AFFINITY_INFO_32) | SERVED(PSCI_MIGRATE_INFO_TYPE) |
		SERVED(PSCI_SYSTEM_OFF) | SERVED(PSCI_SYSTEM_RESET) |
		SERVED(PSCI_FEATURES),
	SERVED(PSCI_CPU_SUSPEND) | SERVED(PSCI_CPU_ON) |
		SERVED(PSCI_AFFINITY_INFO),
};

/* fn's PSCI function number if it is a PSCI call served here, else -1. */
static int psci_number(uint32_t fn)
{
	uint32_t nr = PSCI_NR(fn);

	return nr < 32 && (psci_served[(fn & SMCCC_64BIT) != 0] >> nr & 1)
		       ? (int)nr : -1;
}

/* What PSCI_FEATURES reports implemented: the PSCI calls, SMCCC_VERSION. */
static bool is_psci_implemented(uint32_t fn)
{
	return fn == SMCCC_VERSION || psci_number(fn) >= 0;
}

static struct guest_frame *frame(const struct vcpu *v)
{
	return v->arch;
}

/* Arguments of the 32-bit PSCI calls are 32-bit: ignore the upper halves. */
static uint64_t arg(const struct vcpu *v, unsigned int n, uint32_t fn)
{
	uint64_t x = frame(v)->x[n];

	return (fn & SMCCC_64BIT) ? x : (uint32_t)x;
}

/* The cell's vCPU number whose MPIDR (affinity fields) is `mpidr`, or -1. */
static int vcpu_of_mpidr(const struct vcpu *v, uint64_t mpidr)
{
	for (unsigned int i = 0; i < v->cell->cfg->num_cpus; i++) {
		if (vm_vcpu_mpidr(i) == mpidr)
			return (int)i;
	}
	return -1;
}

/*
 * CPU_ON.  The start completes as the call returns (the target is on, or
 * about to enter, when the caller sees SUCCESS): an implementation of this
 * kind never answers ON_PENDING (ARM DEN 0022, CPU_ON), so a second CPU_ON
 * of the same CPU is ALREADY_ON.
 */
static int64_t cpu_on(struct vcpu *v, unsigned int target, uint64_t entry,
		      uint64_t context)
{
	switch (cell_vcpu_start(v, target, entry, context)) {
	case E_OK:
		return PSCI_SUCCESS;
	case E_BUSY:
		return PSCI_ALREADY_ON;
	case E_INVALID:
		return PSCI_INVALID_PARAMETERS;
	default:
		/* The cell is ending: another of its CPUs faulted or reset it. */
		return PSCI_INTERNAL_FAILURE;
	}
}

/* AFFINITY_INFO at level 0 (higher levels: INVALID_PARAMETERS). */
static int64_t affinity_info(const struct vcpu *v, unsigned int target,
			     uint64_t level)
{
	if (level)
		return PSCI_INVALID_PARAMETERS;
	return cell_vcpu_is_on(v->cell, target) ? PSCI_AFF_ON : PSCI_AFF_OFF;
}

/* Serve a PSCI/SMCCC call: E_NOTFOUND if fn is not one. */
static enum err psci_serve(struct vcpu *v, uint32_t fn, int64_t *result)
{
	int nr, target;

	if (fn == SMCCC_VERSION) {
		*result = SMCCC_1_1;
		return E_OK;
	}
	if (fn == SMCCC_ARCH_FEATURES) {
		*result = arg(v, 1, fn) == SMCCC_VERSION ? 0 : SMCCC_NOT_SUPPORTED;
		return E_OK;
	}
	nr = psci_number(fn);
	switch (nr) {
	case PSCI_NR(PSCI_VERSION):
		*result = PSCI_1_1;
		break;
	case PSCI_NR(PSCI_FEATURES):
		*result = is_psci_implemented((uint32_t)arg(v, 1, fn))
				  ? 0 : SMCCC_NOT_SUPPORTED;
		break;
	case PSCI_NR(PSCI_CPU_SUSPEND):	/* and PSCI_CPU_SUSPEND_32 */
		arch_cpu_wait_event();	/* a wake-up event ends the suspend */
		*result = PSCI_SUCCESS;
		break;
	case PSCI_NR(PSCI_CPU_OFF):
		cell_vcpu_off(v, "PSCI CPU_OFF");
		*result = PSCI_SUCCESS;
		break;
	case PSCI_NR(PSCI_CPU_ON):	/* and PSCI_CPU_ON_32 */
	case PSCI_NR(PSCI_AFFINITY_INFO):	/* and AFFINITY_INFO_32 */
		/* Both name a CPU by its MPIDR in x1. */
		target = vcpu_of_mpidr(v, arg(v, 1, fn));
		if (target < 0)
			*result = PSCI_INVALID_PARAMETERS; /* not the cell's */
		else if (nr == PSCI_NR(PSCI_CPU_ON))
			*result = cpu_on(v, (unsigned int)target, arg(v, 2, fn),
					 arg(v, 3, fn));
		else
			*result = affinity_info(v, (unsigned int)target,
						arg(v, 2, fn));
		break;
	case PSCI_NR(PSCI_MIGRATE_INFO_TYPE):
		*result = MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_NR(PSCI_SYSTEM_OFF):
		cell_system_off(v, "PSCI SYSTEM_OFF");
		*result = PSCI_SUCCESS;
		break;
	case PSCI_NR(PSCI_SYSTEM_RESET):
		cell_system_reset(v, "PSCI SYSTEM_RESET");
		*result = PSCI_SUCCESS;
		break;
	default:
		return E_NOTFOUND;
	}
	return E_OK;
}

/* Whether the cell may name resource `id` of kind `arg`. */
static bool resource_is_cells(const struct septum_firmware *fw, uint32_t arg,
			      uint32_t id)
{
	for (uint32_t i = 0; i < fw->num_ids; i++) {
		if (fw->ids[i].arg == arg && fw->ids[i].id == id)
			return true;
	}
	return false;
}

/* Refusals and forwards of listed calls, logged once per cell and call. */
static uint32_t denied_logged[SEPTUM_MAX_CELLS];
static uint32_t forward_logged[SEPTUM_MAX_CELLS];

/* Whether bit `call` of `logged` (for the cell of v) was clear, now set. */
static COLD NOINLINE bool first_time(uint32_t *logged, const struct vcpu *v,
				     unsigned int call)
{
	uint32_t bit = 1u << call;

	return !(__atomic_fetch_or(&logged[v->cell->index], bit,
				   __ATOMIC_RELAXED) & bit);
}

static COLD void log_forward(const struct vcpu *v, unsigned int call,
			     uint32_t fn)
{
	if (!first_time(forward_logged, v, call))
		return;
	log_info("cell %s: CPU %u: SiP call 0x%08x forwarded to the firmware "
		 "(logged once)", v->cell->cfg->name, v->index, fn);
}

static COLD void log_denied(const struct vcpu *v, unsigned int call, uint32_t fn,
			    uint32_t id)
{
	static const char *const kinds[] = { "nothing", "clock", "reset",
					     "power node" };
	const struct septum_firmware *fw = &v->cell->cfg->firmware;

	if (!first_time(denied_logged, v, call))
		return;
	log_warn("cell %s: CPU %u: SiP call 0x%08x names %s %u, which is not "
		 "the cell's alone: answered DENIED, not forwarded (logged once)",
		 v->cell->cfg->name, v->index, fn, kinds[fw->calls[call].arg],
		 id);
}

/*
 * A SiP call (SMCCC owner 2): forwarded to the platform firmware if the
 * cell's config lists it and, when its first argument (x1 bits 31:0) names
 * a clock, reset or power node, that one is the cell's.  E_NOTFOUND: not
 * listed (refused like any unknown call).
 */
static enum err sip_call(struct vcpu *v, uint32_t fn, int64_t *result)
{
	const struct septum_firmware *fw = &v->cell->cfg->firmware;
	struct guest_frame *f = frame(v);
	unsigned int i;

	for (i = 0; i < fw->num_calls && fw->calls[i].fn != fn; i++)
		;
	if (i == fw->num_calls)
		return E_NOTFOUND;
	if (fw->calls[i].arg != SEPTUM_FW_ARG_NONE &&
	    !resource_is_cells(fw, fw->calls[i].arg, (uint32_t)f->x[1])) {
		log_denied(v, i, fn, (uint32_t)f->x[1]);
		*result = SMCCC_DENIED;
		return E_OK;
	}
	log_forward(v, i, fn);
	psci_firmware_call(f->x);	/* x0-x7 in, x0-x3 back */
	*result = (int64_t)f->x[0];
	return E_OK;
}

/*
 * An AArch32 caller: its registers are 32 bits wide (the upper halves of
 * x0-x7 are not its own), and it may make only SMC32/HVC32 calls (SMCCC:
 * a 64-bit function ID from AArch32 is an unknown function).  Septum's
 * hypercalls answer to their 32-bit IDs too (bit 30 clear).
 */
static bool aarch32_call(struct guest_frame *f, uint32_t *fn)
{
	for (unsigned int i = 0; i < 8; i++)
		f->x[i] = (uint32_t)f->x[i];
	if (*fn & SMCCC_64BIT)
		return false;
	if (SMCCC_OWNER(*fn) == SMCCC_OWNER_VENDOR_HYP)
		*fn |= SMCCC_64BIT;
	return true;
}

void smccc_call(struct vcpu *v, bool smc)
{
	struct guest_frame *f = frame(v);
	uint32_t called = (uint32_t)f->x[0], fn = called;
	int64_t ret;
	enum err e = E_NOTFOUND;

	if (!aarch32_frame(f) || aarch32_call(f, &fn))
		e = SMCCC_OWNER(fn) == SMCCC_OWNER_VENDOR_HYP
			    ? vm_hypercall(v, fn, &ret)
		    : SMCCC_OWNER(fn) == SMCCC_OWNER_SIP
			    ? sip_call(v, fn, &ret)
			    : psci_serve(v, fn, &ret);
	if (e != E_OK) {
		vm_call_refused(v, called, smc ? "SMC" : "HVC");
		ret = SMCCC_NOT_SUPPORTED;
	}
	f->x[0] = (uint64_t)ret;
}
