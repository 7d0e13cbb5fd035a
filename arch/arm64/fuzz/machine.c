/*
 * The fuzz machine (machine.h): boot, and the operations that run one CPU
 * through one exit or wake-up.
 */
#include <arch/gic.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <septum/arch/irq.h>
#include <septum/config.h>
#include <septum/console.h>
#include <septum/hypmem.h>
#include <septum/percpu.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "fake.h"
#include "fake_gic.h"
#include "fuzz.h"

#define ESR_IL_BIT (1ull << 25)
#define EC_SHIFT 26

struct m_state m;
static jmp_buf *back;	/* where the running CPU returns to the machine */

void m_leave(enum m_left how)
{
	if (!back) {
		fprintf(stderr, "fuzz: a CPU left the hypervisor outside a run\n");
		abort();
	}
	longjmp(*back, (int)how);
}

void m_power_off(void)
{
	for (unsigned int i = 0; i < cell_count(); i++) {
		const struct cell *c = cell_get(i);

		if (c->state == CELL_RUNNING || c->restart_pending) {
			fprintf(stderr, "fuzz: power-off while cell %u runs\n", i);
			abort();
		}
	}
	m.alive = false;
	m_leave(M_LEFT_OFF);
}

struct vcpu *m_vcpu(unsigned int cpu)
{
	return percpu_all[cpu].vcpu;
}

/* Run fn(arg) on `cpu` until it returns or the CPU leaves; note where it is. */
static void run_on(unsigned int cpu, void (*fn)(void *), void *arg)
{
	jmp_buf here;
	int how;

	arch_cpu_set_local(&percpu_all[cpu]);
	back = &here;
	how = setjmp(here);
	if (how == 0) {
		fn(arg);
		how = M_LEFT_RETURNED;
	}
	back = NULL;
	if (how == M_LEFT_PARKED || how == M_LEFT_OFF)
		m.cpu[cpu] = m_vcpu(cpu) ? M_PARKED : M_IDLE;
	else if (how == M_LEFT_ENTERED)
		m.cpu[cpu] = M_GUEST;
	if (how == M_LEFT_OFF)
		m.alive = false;
}

static void run_cpu(void *arg)
{
	(void)arg;
	cell_run_this_cpu();
}

static void poll_irqs(void *arg)
{
	(void)arg;
	arch_irq_poll();
}

void m_boot(unsigned int gic_version, unsigned int nlr, bool stop)
{
	const struct septum_config *cfg;

	hv_state_restore();
	mconfig_select(gic_version, stop);
	cfg = config_get();
	m.alive = true;
	fgic_reset(nlr);
	for (unsigned int i = 0; i < M_CPUS; i++)
		percpu_all[i] = (struct percpu){ .index = i, .hwid = i,
						 .online = true };
	arch_cpu_set_local(&percpu_all[0]);
	console_init(&fake_uart_ops, 0);
	(void)hypmem_init(pa(FAKE_HYP_PA), pa(FAKE_HYP_PA + FAKE_HYP_SIZE));
	cell_init_all(0);
	/* As main.c: console input interrupts go to the last CPU. */
	console_start_mux(cfg->hyp.uart_intid, M_CPUS - 1);
	for (unsigned int i = 0; i < M_CPUS && m.alive; i++)
		run_on(i, run_cpu, NULL);
}

/* --- exits -------------------------------------------------------------- */

struct exit_arg {
	unsigned int cpu, kind;
};

/*
 * vectors.S's way for a data abort on the distributor's first page.  Every
 * access there the syndrome describes is the vGIC's, whether
 * vgic_dist_trap() does it or hands it to arm64_exit_dabt() (whose
 * arch_vm_mmio() says so too); said first, as the exit may not return.
 */
static void dist_trap(struct guest_frame *f)
{
	m.vgic_handled = (fuzz_sysreg_esr_el2 & (ISS_ISV | ISS_S1PTW)) == ISS_ISV;
	vgic_dist_trap(f);
}

/* What the exit vectors (vectors.S) do with each kind. */
static void do_exit(void *arg)
{
	const struct exit_arg *e = arg;
	struct guest_frame *f = &m.frame[e->cpu];

	if (e->kind == 8 && ESR_EC(fuzz_sysreg_esr_el2) == EC_HVC64)
		arm64_exit_hvc(f);
	else if (e->kind == 8 && ESR_EC(fuzz_sysreg_esr_el2) == EC_DABT_LOW &&
		 fuzz_sysreg_hpfar_el2 == vgic_dist_hpfar)
		dist_trap(f);
	else if (e->kind == 8 && ESR_EC(fuzz_sysreg_esr_el2) == EC_DABT_LOW)
		arm64_exit_dabt(f);
	else if (e->kind == 8)
		arm64_exit_sync(f);
	else if (e->kind == 9 && !vgic_exit_irq(f))
		arm64_exit_irq(f);
	else
		arm64_exit_other(f, e->kind);
}

static bool guest_exit(unsigned int cpu, unsigned int kind, uint64_t esr)
{
	struct exit_arg e = { cpu, kind };

	if (!m.alive || cpu >= M_CPUS || m.cpu[cpu] != M_GUEST)
		return false;
	fuzz_sysreg_esr_el2 = esr;
	run_on(cpu, do_exit, &e);
	return true;
}

bool m_data_abort(unsigned int cpu, const struct m_access *a)
{
	unsigned int sas = a->size == 8 ? 3 : a->size == 4 ? 2 : a->size == 2;
	uint64_t esr = (uint64_t)EC_DABT_LOW << EC_SHIFT | ESR_IL_BIT |
		       (a->isv ? ISS_ISV : 0) | (uint64_t)sas << 22 |
		       (a->sse ? ISS_SSE : 0) | (uint64_t)(a->srt & 31) << 16 |
		       (a->sf ? ISS_SF : 0) | (a->s1ptw ? ISS_S1PTW : 0) |
		       (a->write ? ESR_ISS_WNR : 0) | (a->fsc & 0x3f);

	if (!m.alive || cpu >= M_CPUS || m.cpu[cpu] != M_GUEST)
		return false;
	if (a->write && a->srt < 31)
		m.frame[cpu].x[a->srt] = a->value;
	fuzz_sysreg_hpfar_el2 = (a->ipa >> PAGE_SHIFT) << 4;
	fuzz_sysreg_far_el2 = 0xffff000000000000ull | (a->ipa & (PAGE_SIZE - 1));
	return guest_exit(cpu, M_KIND_SYNC, esr);
}

bool m_call(unsigned int cpu, bool smc, const uint64_t x[4])
{
	uint64_t esr = (uint64_t)(smc ? EC_SMC64 : EC_HVC64) << EC_SHIFT |
		       ESR_IL_BIT;

	if (!m.alive || cpu >= M_CPUS || m.cpu[cpu] != M_GUEST)
		return false;
	for (unsigned int i = 0; i < 4; i++)
		m.frame[cpu].x[i] = x[i];
	return guest_exit(cpu, M_KIND_SYNC, esr);
}

bool m_sysreg(unsigned int cpu, uint32_t iss, uint64_t value)
{
	unsigned int rt = (unsigned int)FIELD_GET(iss, 9, 5);
	uint64_t esr = (uint64_t)EC_SYSREG << EC_SHIFT | ESR_IL_BIT |
		       (iss & 0x1ffffffu);

	if (!m.alive || cpu >= M_CPUS || m.cpu[cpu] != M_GUEST)
		return false;
	if (rt < 31)
		m.frame[cpu].x[rt] = value;
	return guest_exit(cpu, M_KIND_SYNC, esr);
}

bool m_exit(unsigned int cpu, unsigned int kind, uint64_t esr)
{
	return guest_exit(cpu, kind, esr);
}

bool m_wake(unsigned int cpu)
{
	if (!m.alive || cpu >= M_CPUS || m.cpu[cpu] == M_GUEST)
		return false;
	run_on(cpu, m.cpu[cpu] == M_PARKED ? run_cpu : poll_irqs, NULL);
	return true;
}

/* --- the outside world -------------------------------------------------- */

void m_type(const uint8_t *bytes, unsigned int n)
{
	for (unsigned int i = 0; i < n && m.rx_head - m.rx_tail < sizeof(m.rx);
	     i++)
		m.rx[m.rx_head++ % sizeof(m.rx)] = bytes[i];
	fgic_raise(0, config_get()->hyp.uart_intid);
}

void m_advance(uint64_t ticks)
{
	m.now += ticks;
	for (unsigned int i = 0; i < M_CPUS; i++) {
		/* Level: asserted until the handler turns the timer off. */
		if (m.deadline[i] && m.deadline[i] <= m.now)
			fgic_raise(i, config_get()->board.arch.arm64.timer.hyp_intid);
	}
}

void m_uart_busy(unsigned int polls)
{
	m.tx_busy = polls;
}
