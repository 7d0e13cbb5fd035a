/*
 * libFuzzer target: SMCCC calls from cells by HVC and SMC -- PSCI for the
 * cell's own CPUs, the SMCCC architecture calls, Septum hypercalls, and
 * every other function ID (arch/arm64/smccc.c, core/cell.c, core/vm.c) --
 * together with the rest of the trap dispatch of arch/arm64/exit.c: system
 * register traps, unknown exception classes, AArch32, FIQ and SError
 * exits, and CPUs parking and waking.
 *
 * Beyond check.h: each call returns what a model of the interface says
 * (versions, features, CPU_ON's and AFFINITY_INFO's answers from the vCPU
 * states before the call, CPU_ON refused while the cell is ending; 32-bit
 * calls ignore the upper halves of their arguments) and changes no
 * register but x0 (and the PC past a trapped SMC); a vCPU started by
 * CPU_ON enters at the entry point with the context the caller gave;
 * SYSTEM_OFF stops the caller's cell (check.h holds the others to
 * isolation).
 */
#include <arch/smccc.h>
#include <septum/abi/hypercall.h>
#include <septum/config.h>
#include <string.h>

#include "check.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);


#define NOT_SUPPORTED (-1)
#define INVALID_PARAMETERS (-2)
#define ALREADY_ON (-4)
#define INTERNAL_FAILURE (-6)

/* What the step should do, worked out before it runs. */
static struct {
	bool known;		/* the model predicts x0 */
	bool running;		/* the caller's cell was running */
	int64_t ret;
	enum vcpu_state states[SEPTUM_MAX_CPUS];
	/* Where each vCPU must enter when CPU_ON starts it. */
	uint64_t entry[M_CELLS][SEPTUM_MAX_CPUS], context[M_CELLS][SEPTUM_MAX_CPUS];
	bool started[M_CELLS][SEPTUM_MAX_CPUS];
	unsigned int restarts[M_CELLS];
} model;

static void call(struct in *in, struct op *op)
{
	uint8_t b = in_u8(in);

	ops_call(in, op);
	/* Targets with stray upper bits: 32-bit calls must ignore them. */
	if (b & 1)
		op->x[1] |= (uint64_t)in_u8(in) << 32;
	if (b & 2)
		op->x[2] |= (uint64_t)in_u8(in) << 40;
}

static bool is_implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION: case PSCI_CPU_SUSPEND_32: case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF: case PSCI_CPU_ON_32: case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO_32: case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES: case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

/* Argument n of call fn as the callee must read it. */
static uint64_t arg(const struct op *op, unsigned int n)
{
	uint32_t fn = (uint32_t)op->x[0];

	return (fn & 0x40000000u) ? op->x[n] : (uint32_t)op->x[n];
}

/* The cell's vCPU with MPIDR `mpidr`, or -1 (MPIDR = vCPU number). */
static int target(const struct op *op, uint64_t mpidr)
{
	return mpidr < config_get()->cells[op->cell].num_cpus ? (int)mpidr : -1;
}

static int64_t cpu_on(const struct op *op)
{
	int t = target(op, arg(op, 1));

	if (t < 0)
		return INVALID_PARAMETERS;
	if (!model.running)
		return INTERNAL_FAILURE;	/* the cell is ending */
	/* The start is synchronous: a started vCPU is on (never ON_PENDING). */
	if (model.states[t] != VCPU_OFF)
		return ALREADY_ON;
	model.entry[op->cell][t] = arg(op, 2);
	model.context[op->cell][t] = arg(op, 3);
	model.started[op->cell][t] = true;
	return 0;
}

static int64_t affinity(const struct op *op)
{
	int t = target(op, arg(op, 1));

	if (arg(op, 2) || t < 0)
		return INVALID_PARAMETERS;
	return model.states[t] == VCPU_OFF ? 1 : 0;	/* never ON_PENDING */
}

static int64_t expect(const struct op *op)
{
	switch ((uint32_t)op->x[0]) {
	case SMCCC_VERSION: return 0x10001;
	case SMCCC_ARCH_FEATURES:
		return arg(op, 1) == SMCCC_VERSION ? 0 : NOT_SUPPORTED;
	case PSCI_VERSION: return 0x10001;
	case PSCI_FEATURES:
		return is_implemented((uint32_t)arg(op, 1)) ? 0 : NOT_SUPPORTED;
	case PSCI_CPU_SUSPEND_32: case PSCI_CPU_SUSPEND: case PSCI_CPU_OFF:
	case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET: case SEPTUM_HC_NOP:
		return 0;
	case PSCI_CPU_ON_32: case PSCI_CPU_ON: return cpu_on(op);
	case PSCI_AFFINITY_INFO_32: case PSCI_AFFINITY_INFO: return affinity(op);
	case PSCI_MIGRATE_INFO_TYPE: return 2;
	case SEPTUM_HC_VERSION: return 0x10000;
	default: return NOT_SUPPORTED;
	}
}

static void before(const struct op *op)
{
	const struct cell *c;

	model.known = false;
	if (op->kind != OP_CALL || m.cpu[op->cpu] != M_GUEST || op->cell < 0)
		return;
	c = cell_get((unsigned)op->cell);
	model.running = c->state == CELL_RUNNING;
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++)
		model.states[i] = c->vcpus[i].state;
	model.ret = expect(op);
	model.known = true;
}

/* The caller's registers after a call it returned from. */
static void check_return(const struct op *op)
{
	const struct guest_frame *f = &m.frame[op->cpu];

	if ((int64_t)f->x[0] != model.ret)
		check_fail("cell %d: call 0x%08x(0x%llx, 0x%llx) returned %lld, "
			   "want %lld", op->cell, (uint32_t)op->x[0],
			   (unsigned long long)op->x[1],
			   (unsigned long long)op->x[2], (long long)f->x[0],
			   (long long)model.ret);
	for (unsigned int i = 1; i < 31; i++) {
		uint64_t was = i < 4 ? op->x[i] : op->before.x[i];

		if (f->x[i] != was)
			check_fail("cell %d: call 0x%08x changed x%u", op->cell,
				   (uint32_t)op->x[0], i);
	}
	if (f->pc != op->before.pc + (op->smc ? 4 : 0) ||
	    f->pstate != op->before.pstate)
		check_fail("cell %d: call 0x%08x moved the PC by %lld", op->cell,
			   (uint32_t)op->x[0],
			   (long long)(f->pc - op->before.pc));
}

/* vCPUs (re)started in this step enter where they were told to. */
static void check_entries(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++) {
		const struct cell *cl = cell_get(c);

		for (unsigned int i = 0; i < cl->cfg->num_cpus; i++) {
			const struct guest_frame *f = &m.frame[cl->vcpus[i].pcpu];
			uint64_t entry = model.entry[c][i], ctx = model.context[c][i];

			if (!(m.resets[c] & (1u << i)))
				continue;
			if (!model.started[c][i]) {
				entry = cl->cfg->images[cl->cfg->entry_image].entry_ipa;
				ctx = cl->cfg->dtb_ipa;
			}
			model.started[c][i] = false;
			if (f->pc != entry || f->x[0] != ctx)
				check_fail("cell %s vCPU %u entered at 0x%llx with "
					   "x0 0x%llx, want 0x%llx and 0x%llx",
					   cl->cfg->name, i,
					   (unsigned long long)f->pc,
					   (unsigned long long)f->x[0],
					   (unsigned long long)entry,
					   (unsigned long long)ctx);
		}
	}
}

/* Starts that can no longer happen: the cell restarted, or the vCPU is off. */
static void forget_starts(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++) {
		const struct cell *cl = cell_get(c);

		for (unsigned int i = 0; i < cl->cfg->num_cpus; i++) {
			if (cl->restarts != model.restarts[c] ||
			    cl->vcpus[i].state == VCPU_OFF)
				model.started[c][i] = false;
		}
		model.restarts[c] = cl->restarts;
	}
}

static void after(const struct op *op)
{
	uint32_t fn = (uint32_t)op->x[0];
	bool reset_here = op->cell >= 0 &&
			  (m.resets[op->cell] & (1u << op->vcpu));

	for (unsigned int c = 0; c < M_CELLS; c++) {
		if (cell_get(c)->restarts != model.restarts[c])
			memset(model.started[c], 0, sizeof(model.started[c]));
	}
	check_entries();
	forget_starts();
	if (!model.known || !op->ran)
		return;
	/* (A cell already ending goes the way asked first.) */
	if (fn == PSCI_SYSTEM_OFF && model.running &&
	    cell_get((unsigned)op->cell)->state != CELL_STOPPED)
		check_fail("cell %d still runs after SYSTEM_OFF", op->cell);
	if (m.cpu[op->cpu] == M_GUEST && !reset_here)
		check_return(op);
}

static uint64_t any_address(struct in *in, const struct op *op)
{
	(void)op;
	return in_u32(in);
}

static void boot(void)
{
	memset(&model, 0, sizeof(model));
}

static const struct target psci_target = {
	.mix = { OP_CALL, OP_CALL, OP_CALL, OP_CALL, OP_CALL, OP_CALL, OP_CALL,
		 OP_WAKE, OP_WAKE, OP_WAKE, OP_SYSREG, OP_EXIT, OP_IRQ,
		 OP_GUEST_LR, OP_MMIO, OP_TIME },
	.address = any_address,
	.call = call,
	.boot = boot,
	.before = before,
	.after = after,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	hv_state_save();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ops_run(&psci_target, data, size);
}
