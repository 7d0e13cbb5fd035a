/*
 * The local APIC a cell's CPU sees: a virtual one, in x2APIC mode (MSRs
 * 0x800-0x8ff; APIC id = the cell's CPU number), emulated by the
 * hypervisor, which keeps the physical APIC to itself.
 *
 * Why virtual, not the physical APIC with trapped ICR writes: the physical
 * APIC's timer is the hypervisor's own (its console and its cells' timers
 * share it), and a cell's APIC must only ever reach the cell's CPUs; with
 * the x2APIC interface every access is an MSR exit that needs no
 * instruction decoding, and an interrupt is injected by the CPU's own event
 * injection.  The cost is an exit for each EOI and timer programming.
 *
 * IPIs reach the cell's CPUs only (a destination outside the cell is
 * dropped and logged); INIT turns the target off (it waits for a SIPI),
 * a STARTUP IPI starts it in real mode at the vector's page.  The timer
 * (one-shot or periodic; no TSC-deadline mode) runs at the physical APIC
 * timer's rate, which CPUID leaf 0x40000010 tells the cell.
 */
#include <arch/apic.h>
#include <arch/svm.h>
#include <septum/arch/timer.h>
#include <septum/arch/vm.h>
#include <septum/log.h>
#include <string.h>

#define REG(msr) ((msr) - 0x800u)
#define R_ID 0x02
#define R_VERSION 0x03
#define R_TPR 0x08
#define R_PPR 0x0a
#define R_EOI 0x0b
#define R_LDR 0x0d
#define R_DFR 0x0e
#define R_SVR 0x0f
#define R_ISR 0x10
#define R_TMR 0x18
#define R_IRR 0x20
#define R_ESR 0x28
#define R_LVT_CMCI 0x2f
#define R_ICR 0x30
#define R_ICR_HIGH 0x31
#define R_LVT_TIMER 0x32
#define R_LVT_THERMAL 0x33
#define R_LVT_PMC 0x34
#define R_LVT_LINT0 0x35
#define R_LVT_LINT1 0x36
#define R_LVT_ERROR 0x37
#define R_TIMER_INITIAL 0x38
#define R_TIMER_CURRENT 0x39
#define R_TIMER_DIVIDE 0x3e
#define R_SELF_IPI 0x3f

#define VERSION 0x00050014u	/* version 0x14, six LVT entries */
#define SVR_RESET 0xffu
#define SVR_ENABLE BIT(8)
#define SVR_MASK 0x1ffu
#define LVT_MASKED BIT(16)
#define LVT_VECTOR(v) ((v) & 0xffu)
#define LVT_TIMER_PERIODIC BIT(17)
#define LVT_TIMER_MASK 0x700ffu
#define LVT_MASK 0x117ffu
#define PRIORITY(v) ((v) >> 4)

#define ICR_VECTOR(i) ((uint8_t)(i))
#define ICR_MODE(i) ((unsigned int)((i) >> 8) & 7u)
#define ICR_LOGICAL BIT(11)
#define ICR_ASSERT BIT(14)
#define ICR_SHORTHAND(i) (((i) >> 18) & 3u)
#define ICR_DEST(i) ((uint32_t)((i) >> 32))
#define ICR_RESERVED 0xfff33000u	/* x2APIC: 31:20, 17:16, 13:12 */
#define DIVIDE_BITS 0xbu
#define MODE_FIXED 0u
#define MODE_LOWEST 1u
#define MODE_INIT 5u
#define MODE_STARTUP 6u
#define SHORT_NONE 0u
#define SHORT_SELF 1u
#define SHORT_ALL 2u
#define SHORT_OTHERS 3u
#define DEST_BROADCAST 0xffffffffu
#define CLUSTER_SHIFT 4
#define CLUSTER_CPUS 16u
#define SIPI_PAGE_SHIFT 12

uint64_t vlapic_timer_hz(void)
{
	return apic_timer_hz();
}

void vlapic_reset(struct svm_cpu *s)
{
	struct vlapic *l = &s->lapic;

	memset(l, 0, sizeof(*l));
	l->svr = SVR_RESET;
	l->lvt_timer = l->lvt_lint0 = l->lvt_lint1 = l->lvt_error =
		l->lvt_thermal = l->lvt_pmc = l->lvt_cmci = LVT_MASKED;
	timer_set_guest(0);
}

static int highest(const uint32_t *bits)
{
	for (int w = VLAPIC_WORDS - 1; w >= 0; w--) {
		uint32_t v = __atomic_load_n(&bits[w], __ATOMIC_ACQUIRE);

		if (v)
			return w * 32 + 31 - __builtin_clz(v);
	}
	return -1;
}

static uint32_t ppr(const struct vlapic *l)
{
	int isr = highest(l->isr);
	uint32_t isr_class = isr < 0 ? 0 : PRIORITY((uint32_t)isr);

	return PRIORITY(l->tpr) > isr_class ? l->tpr : isr_class << 4;
}

int vlapic_next(const struct svm_cpu *s, bool *held)
{
	const struct vlapic *l = &s->lapic;
	int v = highest(l->irr), isr;
	uint32_t class, isr_class;

	*held = false;
	if (v < 0 || !(l->svr & SVR_ENABLE))
		return -1;
	/* Above the PPR's class: above the TPR's and the in-service one's. */
	isr = highest(l->isr);
	class = PRIORITY((uint32_t)v);
	isr_class = isr < 0 ? 0 : PRIORITY((uint32_t)isr);
	if (class <= isr_class)
		return -1;
	if (class > PRIORITY(l->tpr))
		return v;
	*held = true;
	return -1;
}

int vlapic_pending(const struct svm_cpu *s)
{
	bool held;

	return vlapic_next(s, &held);
}

void vlapic_offer(struct svm_cpu *s, unsigned int vector)
{
	__atomic_fetch_and(&s->lapic.irr[vector / 32], ~(1u << (vector % 32)),
			   __ATOMIC_ACQ_REL);
}

void vlapic_offer_end(struct svm_cpu *s, unsigned int vector, bool taken)
{
	struct vlapic *l = &s->lapic;
	uint32_t bit = 1u << (vector % 32);

	if (taken)
		l->isr[vector / 32] |= bit;
	else
		__atomic_fetch_or(&l->irr[vector / 32], bit, __ATOMIC_ACQ_REL);
}

static void set_irr(struct svm_cpu *s, uint8_t vector)
{
	__atomic_fetch_or(&s->lapic.irr[vector / 32], 1u << (vector % 32),
			  __ATOMIC_ACQ_REL);
}

void vlapic_raise(struct cell *c, unsigned int target, uint8_t vector,
		  bool level)
{
	const struct vcpu *t = &c->vcpus[target];
	struct vlapic *l = &svm_of(t->pcpu)->lapic;
	uint32_t bit = 1u << (vector % 32);

	/* The trigger mode is recorded as the interrupt is accepted. */
	if (level)
		__atomic_fetch_or(&l->tmr[vector / 32], bit, __ATOMIC_ACQ_REL);
	else
		__atomic_fetch_and(&l->tmr[vector / 32], ~bit, __ATOMIC_ACQ_REL);
	set_irr(svm_of(t->pcpu), vector);
	arch_cpu_kick(t->pcpu);
}

/* The highest vector in service ends; a level-triggered one's EOI goes on
 * to the cell's I/O APIC (the broadcast the architecture specifies). */
static void eoi(struct svm_cpu *s)
{
	struct vlapic *l = &s->lapic;
	int v = highest(l->isr);
	uint32_t bit;

	if (v < 0)
		return;
	bit = 1u << (v % 32);
	l->isr[v / 32] &= ~bit;
	if (__atomic_fetch_and(&l->tmr[v / 32], ~bit, __ATOMIC_ACQ_REL) & bit)
		vioapic_eoi(s->vcpu->cell, (uint8_t)v);
}

/* --- the timer ---------------------------------------------------------- */

static unsigned int divisor(uint32_t dcr)
{
	unsigned int v = ((dcr & 8u) >> 1) | (dcr & 3u);

	return v == 7 ? 1u : 2u << v;
}

/* TSC ticks for `count` ticks of the timer (kHz rates: no overflow). */
static uint64_t to_tsc(const struct vlapic *l, uint64_t count)
{
	uint64_t khz = vlapic_timer_hz() / 1000;

	return khz ? count * divisor(l->timer_divide) *
			     (arch_timer_freq() / 1000) / khz
		   : 0;
}

static uint32_t current_count(const struct vlapic *l)
{
	uint64_t elapsed, left, khz = vlapic_timer_hz() / 1000;

	if (!l->timer_deadline || !l->timer_period)
		return 0;
	elapsed = arch_timer_now() - l->timer_start;
	if (l->lvt_timer & LVT_TIMER_PERIODIC)
		elapsed %= l->timer_period;
	else if (elapsed >= l->timer_period)
		return 0;
	left = l->timer_period - elapsed;
	return (uint32_t)(left * khz / (arch_timer_freq() / 1000) /
			  divisor(l->timer_divide));
}

static void start_timer(struct vlapic *l, uint32_t count)
{
	l->timer_initial = count;
	l->timer_period = to_tsc(l, count);
	l->timer_start = arch_timer_now();
	l->timer_deadline = count ? l->timer_start + l->timer_period : 0;
	timer_set_guest(l->timer_deadline);
}

void vlapic_timer_expired(struct svm_cpu *s)
{
	struct vlapic *l = &s->lapic;

	if (!l->timer_deadline || arch_timer_now() < l->timer_deadline)
		return;
	if (!(l->lvt_timer & LVT_MASKED))
		set_irr(s, (uint8_t)LVT_VECTOR(l->lvt_timer));
	if ((l->lvt_timer & LVT_TIMER_PERIODIC) && l->timer_period) {
		l->timer_start = l->timer_deadline;
		l->timer_deadline += l->timer_period;
	} else {
		l->timer_deadline = 0;
	}
	timer_set_guest(l->timer_deadline);
}

/* --- IPIs ---------------------------------------------------------------- */

/* Whether x2APIC destination `dest` (physical or logical) names CPU `id`. */
static bool names(uint64_t icr, unsigned int id)
{
	uint32_t dest = ICR_DEST(icr);

	if (!(icr & ICR_LOGICAL))
		return dest == DEST_BROADCAST || dest == id;
	return (dest >> 16) == id / CLUSTER_CPUS &&
	       (dest & (1u << (id % CLUSTER_CPUS)));
}

static void deliver(struct svm_cpu *s, unsigned int target, uint64_t icr)
{
	struct vcpu *v = s->vcpu;
	struct cell *c = v->cell;
	struct svm_cpu *t = svm_of(c->vcpus[target].pcpu);
	enum err e;

	switch (ICR_MODE(icr)) {
	case MODE_FIXED:
	case MODE_LOWEST:
		vlapic_raise(c, target, ICR_VECTOR(icr), false);
		break;
	case MODE_INIT:
		if (!(icr & ICR_ASSERT))
			break;	/* the old INIT de-assert: nothing to do */
		__atomic_store_n(&t->lapic.init_pending, true, __ATOMIC_RELEASE);
		arch_cpu_kick(c->vcpus[target].pcpu);
		break;
	case MODE_STARTUP:
		/*
		 * Only a CPU waiting for it (after INIT, or never started)
		 * starts; one that runs ignores it (E_BUSY), as hardware does.
		 */
		e = cell_vcpu_start(v, target,
				    (uint64_t)ICR_VECTOR(icr) << SIPI_PAGE_SHIFT,
				    X86_START_SIPI);
		(void)e;
		break;
	default:
		if (svm_log_refusal(c))
			log_warn("cell %s: CPU %u: IPI delivery mode %u (NMI, "
				 "SMI) is not supported: dropped", c->cfg->name,
				 v->index, ICR_MODE(icr));
	}
}

static COLD const char *mode_name(unsigned int mode)
{
	switch (mode) {
	case MODE_INIT: return "INIT";
	case MODE_STARTUP: return "STARTUP IPI";
	default: return "IPI";
	}
}

static void send_ipi(struct svm_cpu *s, uint64_t icr)
{
	struct vcpu *v = s->vcpu;
	unsigned int n = v->cell->cfg->num_cpus, hits = 0;
	unsigned int sh = ICR_SHORTHAND(icr);

	for (unsigned int i = 0; i < n; i++) {
		bool to = sh == SHORT_SELF ? i == v->index :
			  sh == SHORT_ALL ? true :
			  sh == SHORT_OTHERS ? i != v->index : names(icr, i);

		if (to) {
			deliver(s, i, icr);
			hits++;
		}
	}
	if (!hits && sh == SHORT_NONE && svm_log_refusal(v->cell))
		log_warn("cell %s: CPU %u: %s (vector 0x%02x) to %s APIC id 0x%x, "
			 "which is not one of the cell's CPUs: dropped",
			 v->cell->cfg->name, v->index, mode_name(ICR_MODE(icr)),
			 ICR_VECTOR(icr),
			 (icr & ICR_LOGICAL) ? "logical" : "physical",
			 ICR_DEST(icr));
}

/* --- the registers ------------------------------------------------------- */

static uint32_t *lvt(struct vlapic *l, uint32_t reg)
{
	switch (reg) {
	case R_LVT_TIMER: return &l->lvt_timer;
	case R_LVT_THERMAL: return &l->lvt_thermal;
	case R_LVT_PMC: return &l->lvt_pmc;
	case R_LVT_LINT0: return &l->lvt_lint0;
	case R_LVT_LINT1: return &l->lvt_lint1;
	case R_LVT_ERROR: return &l->lvt_error;
	case R_LVT_CMCI: return &l->lvt_cmci;
	default: return NULL;
	}
}

enum err vlapic_rdmsr(struct svm_cpu *s, uint32_t msr, uint64_t *value)
{
	struct vlapic *l = &s->lapic;
	uint32_t reg = REG(msr), id = s->vcpu->index;
	const uint32_t *p = lvt(l, reg);

	if (p) {
		*value = *p;
		return E_OK;
	}
	if (reg >= R_ISR && reg < R_ISR + VLAPIC_WORDS)
		*value = l->isr[reg - R_ISR];
	else if (reg >= R_IRR && reg < R_IRR + VLAPIC_WORDS)
		*value = __atomic_load_n(&l->irr[reg - R_IRR], __ATOMIC_ACQUIRE);
	else if (reg >= R_TMR && reg < R_TMR + VLAPIC_WORDS)
		*value = __atomic_load_n(&l->tmr[reg - R_TMR], __ATOMIC_ACQUIRE);
	else if (reg == R_ID)
		*value = id;
	else if (reg == R_VERSION)
		*value = VERSION;
	else if (reg == R_TPR)
		*value = l->tpr;
	else if (reg == R_PPR)
		*value = ppr(l);
	else if (reg == R_LDR)
		*value = (id / CLUSTER_CPUS) << 16 | 1u << (id % CLUSTER_CPUS);
	else if (reg == R_SVR)
		*value = l->svr;
	else if (reg == R_ESR)
		*value = l->esr;
	else if (reg == R_TIMER_INITIAL)
		*value = l->timer_initial;
	else if (reg == R_TIMER_CURRENT)
		*value = current_count(l);
	else if (reg == R_TIMER_DIVIDE)
		*value = l->timer_divide;
	else
		return E_INVALID;	/* write-only (EOI, self IPI) or absent */
	return E_OK;
}

/* Whether `value` sets only bits of `allowed`, or reserved bits are not
 * checked (the xAPIC page ignores them). */
static inline bool fits(bool x2apic, uint64_t value, uint64_t allowed)
{
	return !x2apic || !(value & ~allowed);
}

enum err vlapic_wrmsr(struct svm_cpu *s, uint32_t msr, uint64_t value,
		      bool x2apic)
{
	struct vlapic *l = &s->lapic;
	uint32_t reg = REG(msr), v = (uint32_t)value;
	uint32_t *p = lvt(l, reg);

	if (reg != R_ICR && !fits(x2apic, value, UINT32_MAX))
		return E_RANGE;
	if (p) {
		*p = v & (reg == R_LVT_TIMER ? LVT_TIMER_MASK : LVT_MASK);
		return E_OK;
	}
	switch (reg) {
	case R_TPR:
		if (!fits(x2apic, v, 0xffu))
			return E_RANGE;
		l->tpr = v & 0xffu;
		break;
	case R_EOI:
		if (!fits(x2apic, v, 0))
			return E_RANGE;
		eoi(s);
		break;
	case R_SVR:
		l->svr = v & SVR_MASK;
		break;
	case R_ESR:
		if (!fits(x2apic, v, 0))
			return E_RANGE;
		l->esr = 0;
		break;
	case R_ICR:
		if (!fits(x2apic, value, ~(uint64_t)ICR_RESERVED))
			return E_RANGE;
		send_ipi(s, value);
		break;
	case R_TIMER_INITIAL:
		start_timer(l, v);
		break;
	case R_TIMER_DIVIDE:
		if (!fits(x2apic, v, DIVIDE_BITS))
			return E_RANGE;
		l->timer_divide = v & DIVIDE_BITS;
		break;
	case R_SELF_IPI:
		if (!fits(x2apic, v, 0xffu))
			return E_RANGE;
		set_irr(s, (uint8_t)v);
		break;
	default:
		return E_INVALID;	/* read-only or absent */
	}
	return E_OK;
}

/* --- the xAPIC page -------------------------------------------------------- */

#define XAPIC_REG_SHIFT 4
#define XAPIC_ID_SHIFT 24
#define XAPIC_BROADCAST 0xffu
#define DFR_RESET 0xffffffffu

/* ICR low as written, with the 8-bit destination of ICR high, in the
 * x2APIC layout send_ipi() reads. */
static uint64_t xapic_icr(const struct vlapic *l, uint32_t low)
{
	uint32_t dest = l->icr_high >> XAPIC_ID_SHIFT;

	if (!(low & ICR_LOGICAL) && dest == XAPIC_BROADCAST)
		dest = DEST_BROADCAST;
	return (uint64_t)dest << 32 | low;
}

static bool xapic_own(struct svm_cpu *s, uint32_t reg, struct vm_access *a)
{
	struct vlapic *l = &s->lapic;

	switch (reg) {
	case R_ID:
		if (!a->write)
			a->value = (uint64_t)s->vcpu->index << XAPIC_ID_SHIFT;
		return true;
	case R_LDR:
		if (a->write)
			l->ldr = (uint32_t)a->value & 0xff000000u;
		else
			a->value = l->ldr;
		return true;
	case R_DFR:
		if (a->write)
			l->dfr = (uint32_t)a->value | 0x0fffffffu;
		else
			a->value = l->dfr ? l->dfr : DFR_RESET;
		return true;
	case R_ICR:
		if (a->write)
			send_ipi(s, xapic_icr(l, (uint32_t)a->value));
		else
			a->value = 0;	/* delivered at once: idle */
		return true;
	case R_ICR_HIGH:
		if (a->write)
			l->icr_high = (uint32_t)a->value & 0xff000000u;
		else
			a->value = l->icr_high;
		return true;
	default:
		return false;
	}
}

bool vlapic_mmio(struct vcpu *v, struct vm_access *a)
{
	struct svm_cpu *s = v->arch;
	uint64_t off = a->addr - SEPTUM_X86_LAPIC_GPA, value;
	uint32_t reg = (uint32_t)(off >> XAPIC_REG_SHIFT);
	enum err e;

	if (a->addr < SEPTUM_X86_LAPIC_GPA || off >= XAPIC_PAGE || !s ||
	    s->lapic.mode != VLAPIC_XAPIC)
		return false;
	if (a->size != 4 || (off & 0xf)) {
		cell_fault(v, "%u-byte %s at offset 0x%llx of its local APIC: "
			   "its registers take aligned 32-bit accesses only",
			   a->size, a->write ? "write" : "read",
			   (unsigned long long)off);
		return true;
	}
	if (xapic_own(s, reg, a))
		return true;
	/*
	 * The rest is the x2APIC's register at the same index; on the page a
	 * read-only or absent one drops writes and reads as 0.
	 */
	value = 0;
	e = a->write ? vlapic_wrmsr(s, 0x800u + reg, (uint32_t)a->value, false)
		     : vlapic_rdmsr(s, 0x800u + reg, &value);
	if (!a->write)
		a->value = e == E_OK ? (uint32_t)value : 0;
	return true;
}
