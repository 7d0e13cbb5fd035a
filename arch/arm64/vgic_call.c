/*
 * Work on another vCPU's list registers, which only its own CPU can read
 * and write: the caller posts (interrupt, operation) in its slot of the
 * target's mailbox, asks the target to look (SUMMARY_ATTN and a kick: the
 * target leaves its guest, or its wait), and waits for the answer.
 *
 * Only the registers' rare paths call (a pending or active state read, a
 * disable, a re-route of an interrupt another vCPU holds), from an exit,
 * holding no lock.  A CPU that waits answers its own callers meanwhile, so
 * two CPUs calling each other both finish; a CPU that is off answers from
 * its wait (arch_irq_poll()).  The wait is bounded: a target that does not
 * answer in time (it cannot, short of a hypervisor bug: its guest is
 * always interruptible) costs the caller that time and a log line, and the
 * operation is then taken as having found nothing.  The bound is far above
 * any answer on silicon (microseconds): under an emulator on a busy host a
 * target CPU's thread may not run for tens of milliseconds, and a bound
 * that such a pause crosses would turn host load into wrong answers.
 */
#include <arch/vgic_int.h>
#include <septum/arch/cpu.h>
#include <septum/arch/timer.h>
#include <septum/arch/vm.h>
#include <septum/log.h>

#define CALL_TIMEOUT_US 1000000u

struct call {
	uint32_t seq;		/* posted by the caller */
	uint32_t done;		/* the seq last answered */
	uint16_t vintid;	/* every INTID fits (NR_INTIDS) */
	uint16_t op;		/* enum lr_op */
	uint32_t result;
};
_Static_assert(NR_INTIDS <= 0x10000, "struct call holds an INTID in 16 bits");

/* calls[target CPU][caller CPU]: one outstanding call per caller. */
static struct call calls[SEPTUM_MAX_CPUS][SEPTUM_MAX_CPUS];
/* Per target CPU: the callers whose call waits. */
static uint32_t waiting[SEPTUM_MAX_CPUS];
static bool timeout_logged;

void vgic_call_serve(struct vcpu *v)
{
	struct call *row = calls[v->pcpu];
	uint32_t from = __atomic_exchange_n(&waiting[v->pcpu], 0,
					    __ATOMIC_ACQUIRE);

	if (!from)
		return;
	for (; from; from &= from - 1) {
		struct call *k = &row[vgic_ctz(from)];
		uint32_t seq = __atomic_load_n(&k->seq, __ATOMIC_ACQUIRE);

		k->result = vgic_lr_op(v, k->vintid, (enum lr_op)k->op);
		__atomic_store_n(&k->done, seq, __ATOMIC_RELEASE);
	}
	arch_cpu_send_event();
}

unsigned int vgic_call(struct vcpu *v, unsigned int target, uint32_t vintid,
		       enum lr_op op)
{
	uint64_t end = arch_timer_now() +
		       arch_timer_freq() / 1000000u * CALL_TIMEOUT_US;
	unsigned int me = v->pcpu, to = vgic_pcpu(v->cell, target);
	struct call *k = &calls[to][me];
	uint32_t seq = k->seq + 1;

	k->vintid = (uint16_t)vintid;
	k->op = (uint16_t)op;
	__atomic_store_n(&k->seq, seq, __ATOMIC_RELEASE);
	__atomic_fetch_or(&waiting[to], (uint32_t)BIT(me), __ATOMIC_RELEASE);
	vgic_attention(v->cell, target);
	while (__atomic_load_n(&k->done, __ATOMIC_ACQUIRE) != seq) {
		vgic_call_serve(v);
		if (arch_timer_now() > end) {
			if (!__atomic_exchange_n(&timeout_logged, true,
						 __ATOMIC_RELAXED))
				log_warn("cell %s: CPU %u: its CPU %u did not "
					 "answer a GIC state request in time "
					 "(logged once)", v->cell->cfg->name,
					 v->index, target);
			return 0;
		}
		arch_cpu_wait_event();
	}
	return k->result;
}
