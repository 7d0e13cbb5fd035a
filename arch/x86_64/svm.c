/*
 * A cell's vCPU under AMD SVM: the per-CPU control blocks, the state a vCPU
 * (re)starts in, the entry loop and how virtual interrupts get in.
 */
#include <arch/apic.h>
#include <arch/svm.h>
#include <arch/x86.h>
#include <septum/arch/cpu.h>
#include <septum/arch/irq.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/arch/vm.h>
#include <septum/fmt.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <string.h>

_Static_assert(sizeof(struct guest_regs) == 128, "guest.S's REGS_* offsets");

/* Architectural values after INIT (AMD64 APM vol. 2, 14.1.3). */
#define RESET_RFLAGS RFLAGS_RESERVED1
#define RESET_DR6 0xffff0ff0u
#define RESET_DR7 0x400u
#define RESET_PAT 0x0007040600070406ull
#define RESET_CR0 (CR0_ET | CR0_NE)
#define SEG_LIMIT_4G 0xffffffffu
#define SEG_LIMIT_64K 0xffffu
#define GUEST_SEL_CODE 0x08u
#define GUEST_SEL_DATA 0x10u
#define REAL_MODE_SEGMENT_SHIFT 4

#define VEC_GP 13

/*
 * What a cell's CPU may not do without the hypervisor: take physical
 * interrupts and NMIs (they are the hypervisor's), look at CPUID (it sees
 * its own CPU numbers and no SVM), port I/O and MSRs (per the permission
 * maps), HLT (its CPU waits in the hypervisor), INVD (it could discard
 * other cells' data in shared caches), task switches, and every SVM
 * instruction (VMRUN must be intercepted, and nested virtualization is not
 * offered).
 */
#define INTERCEPTS1 (INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI |       \
		     INTERCEPT_INIT | INTERCEPT_CPUID | INTERCEPT_INVD |       \
		     INTERCEPT_HLT | INTERCEPT_INVLPGA | INTERCEPT_IOIO |      \
		     INTERCEPT_MSR | INTERCEPT_TASK_SWITCH |                  \
		     INTERCEPT_SHUTDOWN)
#define INTERCEPTS2 (INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD | \
		     INTERCEPT_VMSAVE | INTERCEPT_STGI | INTERCEPT_CLGI |     \
		     INTERCEPT_SKINIT | INTERCEPT_MONITOR | INTERCEPT_MWAIT |  \
		     INTERCEPT_RDPRU)

static struct svm_cpu svm_cpus[MAX_CPUS];
static unsigned int refusals[SEPTUM_MAX_CELLS];

bool svm_log_refusal(const struct cell *c)
{
	unsigned int n = __atomic_fetch_add(&refusals[c->index], 1,
					    __ATOMIC_RELAXED);

	if (n == REFUSALS_LOGGED)
		log_warn("cell %s: more refused requests than the log shows: "
			 "further ones are not reported", c->cfg->name);
	return n < REFUSALS_LOGGED;
}

struct svm_cpu *svm_of(unsigned int cpu)
{
	return &svm_cpus[cpu];
}

struct svm_cpu *svm_this(void)
{
	return &svm_cpus[percpu_this()->index];
}

void svm_cpu_init(void)
{
	struct svm_cpu *s = svm_this();

	s->vmcb_pa = arch_mmu_image_pa(&s->vmcb).bits;
	s->host_pa = arch_mmu_image_pa(&s->host).bits;
	wrmsr(MSR_VM_HSAVE_PA, arch_mmu_image_pa(s->hsave).bits);
	__asm__ volatile("vmsave %0" : : "a"(s->host_pa) : "memory");
}

static void set_seg(struct vmcb_seg *seg, uint16_t sel, uint16_t attrib,
		    uint32_t limit, uint64_t base)
{
	*seg = (struct vmcb_seg){ sel, attrib, limit, base };
}

/*
 * 32-bit protected mode, flat, paging off, interrupts off: how a Multiboot
 * or PVH kernel starts.  EBX (and ESI) = arg.
 */
static void protected_mode(struct vmcb_save *g, struct guest_regs *r,
			   uint64_t entry, uint64_t arg)
{
	set_seg(&g->cs, GUEST_SEL_CODE, SEG_CODE32, SEG_LIMIT_4G, 0);
	set_seg(&g->ds, GUEST_SEL_DATA, SEG_DATA32, SEG_LIMIT_4G, 0);
	g->es = g->ss = g->fs = g->gs = g->ds;
	g->cr0 = RESET_CR0 | CR0_PE;
	g->rip = entry;
	r->gpr[GPR_RBX] = r->gpr[GPR_RSI] = arg;
}

#define SEG_CODE64 (0xa9bu)	/* present, DPL 0, execute/read, accessed, L, G */

/*
 * What the kernel learns only here, appended to its command line in the
 * boot block: the TSC's rate (a cell cannot measure it against hardware
 * it does not have), and that the TSC is reliable (every CPU of a cell
 * reads the same, never-written physical TSC).  Once per load: a restart
 * reloads the block first.
 */
static void linux_cmdline(const struct cell *c, uint64_t block)
{
	char *line = guestmem_phys(c, block + SEPTUM_X86_BOOT_CMDLINE,
				   SEPTUM_X86_BOOT_CMDLINE_ROOM);
	size_t n = 0;

	if (!line)
		return;
	while (n < SEPTUM_X86_BOOT_CMDLINE_ROOM - 1 && line[n])
		n++;
	(void)fmt_snprintf(line + n, SEPTUM_X86_BOOT_CMDLINE_ROOM - n,
			   "%stsc_early_khz=%llu tsc=reliable", n ? " " : "",
			   (unsigned long long)(arch_timer_freq() / 1000));
	arch_phys_sync(line, SEPTUM_X86_BOOT_CMDLINE_ROOM);
}

/*
 * Linux's 64-bit boot protocol: long mode on the boot block's identity
 * tables and GDT (selector 0x10 code, 0x18 data), interrupts off, RSI =
 * the boot parameters.
 */
static void linux_long_mode(struct vmcb_save *g, struct guest_regs *r,
			    uint64_t entry, uint64_t block)
{
	set_seg(&g->cs, SEPTUM_X86_BOOT_CS, SEG_CODE64, SEG_LIMIT_4G, 0);
	set_seg(&g->ds, SEPTUM_X86_BOOT_DS, SEG_DATA32, SEG_LIMIT_4G, 0);
	g->es = g->ss = g->fs = g->gs = g->ds;
	set_seg(&g->gdtr, 0, 0, SEPTUM_X86_BOOT_GDT_LIMIT,
		block + SEPTUM_X86_BOOT_GDT);
	g->cr0 = RESET_CR0 | CR0_PE | CR0_PG;
	g->cr3 = block + SEPTUM_X86_BOOT_PML4;
	g->cr4 = CR4_PAE;
	g->efer = EFER_SVME | EFER_LME | EFER_LMA;
	g->rip = entry;
	r->gpr[GPR_RSI] = block + SEPTUM_X86_BOOT_PARAMS;
}

/* Real mode at entry (a page below 1 MiB): how a SIPI starts an AP. */
static void real_mode(struct vmcb_save *g, uint64_t entry)
{
	set_seg(&g->cs, (uint16_t)(entry >> REAL_MODE_SEGMENT_SHIFT),
		SEG_CODE16, SEG_LIMIT_64K, entry);
	set_seg(&g->ds, 0, SEG_DATA16, SEG_LIMIT_64K, 0);
	g->es = g->ss = g->fs = g->gs = g->ds;
	g->cr0 = RESET_CR0;
	g->rip = 0;
}

static void reset_save(struct vmcb_save *g)
{
	memset(g, 0, sizeof(*g));
	set_seg(&g->gdtr, 0, 0, SEG_LIMIT_64K, 0);
	set_seg(&g->idtr, 0, 0, SEG_LIMIT_64K, 0);
	set_seg(&g->ldtr, 0, SEG_LDT, SEG_LIMIT_64K, 0);
	set_seg(&g->tr, 0, SEG_TSS_BUSY, SEG_LIMIT_64K, 0);
	g->efer = EFER_SVME;	/* required by VMRUN; hidden from the cell */
	g->rflags = RESET_RFLAGS;
	g->dr6 = RESET_DR6;
	g->dr7 = RESET_DR7;
	g->g_pat = RESET_PAT;
}

static void reset_control(struct vmcb_control *c, const struct cell *cell)
{
	memset(c, 0, sizeof(*c));
	c->intercept_misc1 = INTERCEPTS1;
	c->intercept_misc2 = INTERCEPTS2;
	c->iopm_pa = vm_cell_iopm_pa(cell);
	c->msrpm_pa = vm_msrpm_pa();
	c->asid = cell->index + 1;	/* ASID 0 is the hypervisor's */
	c->tlb_control = TLB_FLUSH_ALL;
	c->int_ctl = V_INTR_MASKING;	/* the guest's IF masks virtual only */
	c->nested_ctl = NESTED_PAGING;
	c->nested_cr3 = vm_cell_npt_pa(cell);
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	struct svm_cpu *s = svm_of(v->pcpu);

	v->arch = s;
	s->vcpu = v;
	s->offered = -1;
	memset(&s->regs, 0, sizeof(s->regs));
	reset_control(&s->vmcb.control, v->cell);
	reset_save(&s->vmcb.save);
	if (arg == X86_START_SIPI) {
		real_mode(&s->vmcb.save, entry);
	} else if (v->cell->cfg->flags & SEPTUM_CELL_LINUX) {
		linux_long_mode(&s->vmcb.save, &s->regs, entry, arg);
		linux_cmdline(v->cell, arg);
	} else
		protected_mode(&s->vmcb.save, &s->regs, entry, arg);
	vlapic_reset(s);
}

void arch_vcpu_park(struct vcpu *v)
{
	struct svm_cpu *s = v->arch;

	if (s)
		vlapic_reset(s);
}

void svm_inject_exception(struct svm_cpu *s, unsigned int vector,
			  bool has_error, uint32_t error)
{
	s->vmcb.control.event_inj = vector | EVENT_TYPE_EXCEPTION | EVENT_VALID |
				    (has_error ? EVENT_ERROR_VALID |
						 (uint64_t)error << EVENT_ERROR_SHIFT
					       : 0);
}

/*
 * CR8 is the vlapic's TPR seen by its class (CR8[3:0] = TPR[7:4]).  With
 * V_INTR_MASKING the guest's MOV to and from CR8 use the VMCB's V_TPR
 * without an exit, so V_TPR is loaded from the TPR before each entry and
 * compared after each exit: a class that changed was written through CR8,
 * which loads TPR[7:4] and clears TPR[3:0].  (A CR8 write of the class the
 * TPR already has leaves its low nibble, which no priority decision reads.)
 */
static void tpr_from_cr8(struct svm_cpu *s)
{
	uint32_t cr8 = (uint32_t)(s->vmcb.control.int_ctl & V_TPR_MASK);

	if (cr8 != s->lapic.tpr >> 4)
		s->lapic.tpr = cr8 << 4;
}

/*
 * Before entry: an event the last entry did not deliver goes again
 * (EXITINTINFO); the highest pending interrupt that the vlapic's priority
 * (TPR and in-service) lets in is offered as the virtual interrupt (V_IRQ,
 * vector in V_INTR_VECTOR, its class in V_INTR_PRIO), which the CPU
 * delivers only where the guest can take an external interrupt: RFLAGS.IF
 * set, outside an interrupt shadow, and while its class is above V_TPR
 * (AMD64 APM vol. 2, 15.21.4), so that a CR8 raised after the entry holds
 * it too (QEMU's TCG holds it only for a CR8 above its class; at its class
 * the next exit does).  Each entry offers afresh, so a higher vector that came in
 * meanwhile, or a raised TPR, replaces the offer.  While the TPR alone
 * holds the highest pending interrupt, a MOV to CR8 exits (exit.c), so
 * the one that lowers it lets the interrupt in at once; otherwise CR8
 * writes cost no exit.
 *
 * Not EVENTINJ: that injects unconditionally, so the check would be the
 * hypervisor's, and QEMU's TCG, having delivered an injected INTR at the
 * VMRUN, keeps it as its pending exception and can deliver it a second
 * time, with the guest's IF clear, when it next stops the CPU's loop
 * before any exit.
 */
static void inject_pending(struct svm_cpu *s)
{
	struct vmcb_control *c = &s->vmcb.control;
	bool held;
	int vector;

	if (!(c->event_inj & EVENT_VALID) && (c->exit_int_info & EVENT_VALID))
		c->event_inj = c->exit_int_info;
	c->exit_int_info = 0;
	c->int_ctl = (c->int_ctl & ~(V_TPR_MASK | V_IRQ | V_INTR_PRIO_MASK |
				     V_IGN_TPR | V_INTR_VECTOR_MASK)) |
		     s->lapic.tpr >> 4;
	vector = vlapic_next(s, &held);
	c->intercept_cr = held ? INTERCEPT_CR8_WRITE : 0;
	s->offered = vector;
	if (vector < 0)
		return;
	vlapic_offer(s, (unsigned int)vector);
	c->int_ctl |= V_IRQ | (uint64_t)vector >> 4 << V_INTR_PRIO_SHIFT |
		      (uint64_t)vector << V_INTR_VECTOR_SHIFT;
}

/*
 * After the exit: the CPU clears V_IRQ when it takes the virtual
 * interrupt, so a cleared offer is an accepted interrupt (in service now,
 * whether or not its delivery was cut short: then it is in EXITINTINFO);
 * one still set goes back to the pending ones.
 */
static void offer_end(struct svm_cpu *s)
{
	if (s->offered >= 0)
		vlapic_offer_end(s, (unsigned int)s->offered,
				 !(s->vmcb.control.int_ctl & V_IRQ));
	s->offered = -1;
}

void arch_vcpu_enter(struct vcpu *v)
{
	struct svm_cpu *s = v->arch;

	for (;;) {
		inject_pending(s);
		svm_run(s->vmcb_pa, s->host_pa, &s->regs);
		s->vmcb.control.tlb_control = 0;
		/* Delivered, or back in exit_int_info for the next entry. */
		s->vmcb.control.event_inj = 0;
		tpr_from_cr8(s);
		offer_end(s);
		svm_exit(s);
		(void)cell_exit_checkpoint(v);
	}
}

enum x86_mode svm_guest_mode(const struct svm_cpu *s)
{
	const struct vmcb_seg *cs = &s->vmcb.save.cs;

	if ((s->vmcb.save.efer & EFER_LMA) && (cs->attrib & SEG_ATTR_L))
		return X86_MODE_64;
	if (!(s->vmcb.save.cr0 & CR0_PE))
		return X86_MODE_16;
	return (cs->attrib & SEG_ATTR_DB) ? X86_MODE_32 : X86_MODE_16;
}
