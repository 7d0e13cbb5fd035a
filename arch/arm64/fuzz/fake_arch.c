/*
 * The fake arm64 machine under the fuzz harnesses: per-CPU pointer, counter
 * and hypervisor timer, power, the console UART, physical memory of cells
 * and channels, and what arch/arm64/vm.c does for core -- the same calls
 * into the vGIC, without page tables or system registers.
 */
#include <arch/gic.h>
#include <arch/psci.h>
#include <arch/smmu.h>
#include <arch/stage2.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <arch/vgic_int.h>
#include <septum/arch/cpu.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/arch/vm.h>
#include <septum/config.h>
#include <septum/drivers/board.h>
#include <septum/drivers/power.h>
#include <septum/drivers/uart.h>
#include <septum/percpu.h>
#include <septum/smp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

struct percpu percpu_all[MAX_CPUS];
uint64_t fuzz_sysreg_esr_el2, fuzz_sysreg_far_el2, fuzz_sysreg_hpfar_el2;
uint64_t fuzz_sysreg_sctlr_el1, fuzz_sysreg_vbar_el1;
uint64_t fuzz_sysreg_id_aa64mmfr1_el1, fuzz_sysreg_id_aa64pfr1_el1;
unsigned long fuzz_setway_ops;

static struct percpu *local;
static unsigned long waits;	/* waits for an event since the last event */
static uint8_t ram[M_CELLS][FAKE_RAM_SIZE];
static uint8_t chan_mem[2][FAKE_CHAN_SIZE];
static uint8_t hyp_mem[FAKE_HYP_SIZE] __attribute__((aligned(4096)));

static unsigned int here(void)
{
	return local->index;
}

/* --- CPUs --------------------------------------------------------------- */

unsigned int smp_online_count(void)
{
	return M_CPUS;
}

void arch_cpu_set_local(struct percpu *p)
{
	local = p;
}

struct percpu *arch_cpu_local(void)
{
	return local;
}

/*
 * One thread plays every CPU, so a wait that no event ends is a lock this
 * CPU already holds (or one left held): the hypervisor would hang.
 */
void arch_cpu_wait_event(void)
{
	/*
	 * What the other CPUs would do meanwhile: answer the vGIC calls
	 * posted to them (they hold no lock where the machine left them).
	 */
	struct percpu *me = local;

	for (unsigned int i = 0; i < M_CPUS; i++) {
		if (i != me->index && percpu_all[i].vcpu) {
			local = &percpu_all[i];
			vgic_call_serve(percpu_all[i].vcpu);
			local = me;
		}
	}
	if (++waits > 100000) {
		fprintf(stderr, "fuzz: CPU %u waits for ever (a spinlock that "
				"is never released)\n", here());
		abort();
	}
}

void arch_cpu_yield(void)
{
}

void arch_cpu_send_event(void)
{
	waits = 0;
}

void arch_cpu_idle(void)
{
	waits = 0;
	m_leave(M_LEFT_PARKED);
}

void arch_cpu_halt(void)
{
	fprintf(stderr, "fuzz: CPU %u halted\n", here());
	abort();
}

/* --- counter and hypervisor timer ------------------------------------- */

uint64_t arch_timer_now(void)
{
	m.now += 1000;	/* 1 us per read at 1 GHz: waits time out */
	return m.now;
}

uint64_t arch_timer_freq(void)
{
	return 1000000000;
}

void arch_timer_oneshot(uint64_t delay)
{
	m.deadline[here()] = m.now + (delay ? delay : 1);
}

void fuzz_sysreg_write_spsr_und(uint64_t value)
{
	(void)value;
}

void fuzz_sysreg_write_cnthp_ctl_el2(uint64_t value)
{
	if (!(value & CNTHP_CTL_ENABLE))
		m.deadline[here()] = 0;
}

/* --- firmware ------------------------------------------------------------ */

/* A forwarded SiP call: the fake machine has no firmware (as QEMU's). */
void psci_firmware_call(uint64_t x[8])
{
	x[0] = (uint64_t)-1;	/* SMCCC NOT_SUPPORTED */
}

/* --- power and console ------------------------------------------------- */

void power_off(void)
{
	m_power_off();
}

void power_fail(int code)
{
	fprintf(stderr, "fuzz: the hypervisor failed (power_fail %d); console "
			"output:\n%.*s\n", code, (int)m.out_len, m.out);
	abort();
}

static void out(uint8_t c)
{
	if (m.out_len < M_OUT_MAX)
		m.out[m.out_len++] = (char)c;
}

void board_early_putc(uint8_t c)
{
	out(c);
}

static void u_init(uintptr_t base)
{
	(void)base;
}

static bool u_tx_ready(uintptr_t base)
{
	(void)base;
	if (m.tx_busy == 0)
		return true;
	m.tx_busy--;
	return false;
}

static void u_tx(uintptr_t base, uint8_t c)
{
	(void)base;
	out(c);
}

static bool u_rx_ready(uintptr_t base)
{
	(void)base;
	return m.rx_head != m.rx_tail;
}

static uint8_t u_rx(uintptr_t base)
{
	(void)base;
	return m.rx[m.rx_tail++ % sizeof(m.rx)];
}

static void u_rx_irq(uintptr_t base, bool on)
{
	(void)base;
	(void)on;
}

const struct uart_ops fake_uart_ops = {
	.name = "fake", .init = u_init, .tx_ready = u_tx_ready, .tx = u_tx,
	.rx_ready = u_rx_ready, .rx = u_rx, .rx_irq = u_rx_irq,
};

/* The board the console belongs to: its UART is the fake one, at 0. */
const struct board_info board = { "fuzz", "fake", 0, 0 };
const struct uart_ops *const uart_drivers[] = { &fake_uart_ops };
const unsigned int uart_driver_count = 1;

/* No device is mapped anew: the console stays on the board's UART. */
uintptr_t arch_mmu_map_device(paddr_t base, size_t size)
{
	(void)base;
	(void)size;
	return 0;
}

/* --- physical memory ---------------------------------------------------- */

uint8_t *fake_ram(unsigned int cell)
{
	return ram[cell];
}

/* [base, base + size) inside [at, at + n) backed by mem: its address. */
static void *inside(uint64_t base, uint64_t size, uint64_t at, uint8_t *mem,
		    uint64_t n)
{
	if (base >= at && size <= n && base - at <= n - size)
		return mem + (base - at);
	return NULL;
}

/* The fuzzed machine's hypervisor is not coloured: nothing is scattered
 * and there are no tables of its own to walk. */
void *arch_mmu_map_own(paddr_t page)
{
	(void)page;
	return NULL;
}

void arch_mmu_own_pages(own_page_fn *fn, void *arg)
{
	(void)fn;
	(void)arg;
}

void *arch_phys_map(paddr_t base, uint64_t size)
{
	const struct septum_config *cfg = config_get();
	void *p = NULL;

	for (unsigned int i = 0; !p && i < M_CELLS; i++)
		p = inside(base.bits, size, cfg->cells[i].regions[0].pa, ram[i],
			   FAKE_RAM_SIZE);
	for (unsigned int i = 0; !p && i < 2; i++)
		p = inside(base.bits, size, cfg->channels[i].pa, chan_mem[i],
			   FAKE_CHAN_SIZE);
	if (!p)
		p = inside(base.bits, size, FAKE_HYP_PA, hyp_mem, FAKE_HYP_SIZE);
	return p;
}

void arch_phys_sync(void *va, uint64_t size)
{
	(void)va;
	(void)size;
}

/* --- running cells: arch/arm64/vm.c without the hardware --------------- */

void arch_vm_init(void)
{
	vgic_init();
}

void arch_vm_cpu_init(void)
{
	vgic_init_cpu();
}

enum err arch_vm_cell_init(struct cell *c)
{
	vgic_cell_init(c);
	return vgic_cell_map(c);
}

/* Only the GICv2 virtual CPU interface is mapped this way. */
enum err stage2_map_device(struct cell *c, ipaddr_t at, paddr_t base,
			   uint64_t size)
{
	const struct septum_gic *g = &config_get()->board.arch.arm64.gic;

	(void)c;
	if (at.bits != g->gicc_pa || base.bits != g->gicv_pa || size != 0x2000) {
		fprintf(stderr, "fuzz: unexpected stage-2 device mapping\n");
		abort();
	}
	return E_OK;
}

/* GICv2: a vCPU traps its virtual CPU interface page, or no longer. */
bool stage2_trap_page(struct vcpu *v, ipaddr_t page, bool trap)
{
	const struct septum_gic *g = &config_get()->board.arch.arm64.gic;

	if (page.bits != g->gicc_pa || v->pcpu != here() ||
	    config_get()->board.irqchip != SEPTUM_IRQCHIP_GICV2) {
		fprintf(stderr, "fuzz: unexpected stage-2 page trap\n");
		abort();
	}
	m.gicv_trapped[here()] = trap;
	return true;
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

void arch_vm_cell_stopped(struct cell *c)
{
	vgic_cell_stopped(c);
}

void arch_vm_cell_reset_devices(struct cell *c)
{
	(void)c;
}

/* The fuzz machine's cells never use the `inject` policy. */
bool arch_vcpu_external_abort(struct vcpu *v, bool fetch, bool write)
{
	(void)v;
	(void)fetch;
	(void)write;
	return false;
}

bool arch_vm_mmio(struct vcpu *v, struct vm_access *a)
{
	bool handled = vgic_mmio(v, a);

	m.vgic_handled |= handled;
	return handled;
}

void arch_vm_inject(struct cell *c, uint32_t vintid)
{
	unsigned int n = m.ninjected[c->index]++;

	if (n < ARRAY_SIZE(m.injected[0]))
		m.injected[c->index][n] = vintid;
	vgic_inject(c, vintid);
}

void arch_vm_set_line(struct cell *c, uint32_t vintid, bool level)
{
	vgic_set_line(c, vintid, level);
}

void arch_vcpu_park(struct vcpu *v)
{
	vgic_vcpu_park(v);
}

uint64_t vm_vcpu_mpidr(unsigned int index)
{
	return index;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	struct guest_frame *f = &m.frame[v->pcpu];

	*f = (struct guest_frame){ .pc = entry, .pstate = 0x3c5, .vcpu = v };
	f->x[0] = arg;
	v->arch = f;
	m.resets[v->cell->index] |= 1u << v->index;
	vgic_vcpu_reset(v);
}

void arch_vcpu_enter(struct vcpu *v)
{
	(void)v;
	m_leave(M_LEFT_ENTERED);
}

void arch_cpu_kick(unsigned int cpu)
{
	if (vgic_up && cpu != here())
		gic_send_sgi(GIC_KICK_SGI, cpu);
	arch_cpu_send_event();
}

/* The fake machine has no SMMU: none of its interrupts is the SMMU's. */
bool smmu_irq(uint32_t intid)
{
	(void)intid;
	return false;
}
