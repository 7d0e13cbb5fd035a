/*
 * A cell's exits on x86_64: dispatch by exit code through one constant
 * table, emulate or refuse, complete the instruction, resume.  Without
 * NRIP-save (QEMU's TCG has none) the length of each completed instruction
 * comes from the decoder, at the guest's RIP.
 */
#include <arch/apic.h>
#include <arch/decode.h>
#include <arch/svm.h>
#include <arch/x86.h>
#include <septum/abi/hypercall.h>
#include <septum/abi/x86_linux.h>
#include <septum/arch/cpu.h>
#include <septum/arch/irq.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/vdev.h>
#include <septum/vm.h>

typedef void (*exit_handler)(struct svm_cpu *s);

#define EXIT_TABLE_SIZE 0x90
#define PORT_RESET_CONTROL 0xcf9	/* a PC's reset register */
#define RESET_CPU BIT(2)
#define VEC_UD 6
#define VEC_GP 13
#define CR8_RESERVED (~0xfull)


/* Ports already reported per cell, so a polling guest does not flood. */
#define PORTS_LOGGED 16
static struct {
	struct spinlock lock;
	uint16_t port[PORTS_LOGGED];
	unsigned int n;
} port_log[SEPTUM_MAX_CELLS];

static struct vcpu *vcpu_of(const struct svm_cpu *s)
{
	return s->vcpu;
}

static uint64_t rip(const struct svm_cpu *s)
{
	return s->vmcb.save.rip;
}

/* The guest's instruction bytes at RIP (as many as are readable). */
static unsigned int fetch(struct svm_cpu *s, uint8_t *bytes)
{
	uint64_t la = s->vmcb.save.cs.base + rip(s);
	unsigned int n = X86_INSN_MAX;

	/* Up to the end of the page if the next one is not readable. */
	if (guestmem_read(s, la, bytes, n) != E_OK) {
		n = (unsigned int)(PAGE_SIZE - (la & (PAGE_SIZE - 1)));
		if (n > X86_INSN_MAX || guestmem_read(s, la, bytes, n) != E_OK)
			return 0;
	}
	return n;
}

/*
 * Step over the instruction `which` that exited.  If the bytes at RIP are
 * not it (the guest changed them under its own feet), the cell pays.
 */
static bool complete(struct svm_cpu *s, enum x86_simple which)
{
	uint8_t bytes[X86_INSN_MAX];
	unsigned int n = fetch(s, bytes), len;

	if (x86_decode_length(bytes, n, svm_guest_mode(s), which, &len) !=
	    E_OK) {
		cell_fault(vcpu_of(s), "CPU %u: cannot decode the instruction "
			   "at RIP 0x%llx that exited (exit 0x%llx)",
			   vcpu_of(s)->index, (unsigned long long)rip(s),
			   (unsigned long long)s->vmcb.control.exit_code);
		return false;
	}
	s->vmcb.save.rip += len;
	return true;
}

static void intr(struct svm_cpu *s)
{
	(void)s;
	arch_irq_poll();	/* the interrupt was left pending: take it */
}

static void cpuid_insn(struct svm_cpu *s)
{
	cpuid_exit(s);
	(void)complete(s, X86_CPUID);
}

static void msr(struct svm_cpu *s)
{
	bool write = s->vmcb.control.exit_info1 & 1;

	if (msr_exit(s, write))
		(void)complete(s, write ? X86_WRMSR : X86_RDMSR);
}

/* The vCPU has something to do: an interrupt, a state change, an INIT. */
static bool wake(struct svm_cpu *s)
{
	struct vcpu *v = vcpu_of(s);

	return vlapic_pending(s) >= 0 ||
	       __atomic_load_n(&s->lapic.init_pending, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&v->cell->state, __ATOMIC_ACQUIRE) !=
		       CELL_RUNNING ||
	       __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON;
}

/*
 * HLT: the CPU waits in the hypervisor until the vCPU has work.  The HLT
 * has executed, so an STI shadow it was in is over: the interrupt that
 * ends it is taken before the next instruction (`sti; hlt; cli` sleeps
 * and takes it), not held off past it.
 */
static void hlt(struct svm_cpu *s)
{
	if (!complete(s, X86_HLT))
		return;
	s->vmcb.control.int_state &= ~(uint64_t)INT_STATE_SHADOW;
	for (;;) {
		arch_irq_poll();	/* before the look: a kick stays pending */
		if (wake(s))
			return;
		arch_cpu_idle();
	}
}

static void invd(struct svm_cpu *s)
{
	/* Write back as well: dropping dirty lines could lose others' data. */
	__asm__ volatile("wbinvd" : : : "memory");
	(void)complete(s, X86_INVD);
}

static uint64_t io_mask(unsigned int size)
{
	return size == 4 ? 0xffffffffu : BIT(8 * size) - 1;
}

/* Whether `port` is new to the cell's log (and now remembered). */
static bool first_time(unsigned int cell, uint16_t port, bool *full)
{
	unsigned int n;
	bool is_new = true;

	spin_lock(&port_log[cell].lock);
	n = port_log[cell].n;
	for (unsigned int i = 0; i < n && i < PORTS_LOGGED; i++)
		is_new = is_new && port_log[cell].port[i] != port;
	is_new = is_new && n <= PORTS_LOGGED;	/* past: said it was full */
	*full = is_new && n == PORTS_LOGGED;
	if (is_new && n < PORTS_LOGGED)
		port_log[cell].port[n] = port;
	if (is_new)
		port_log[cell].n++;
	spin_unlock(&port_log[cell].lock);
	return is_new;
}

/*
 * A port no device of the cell claims and the cell does not own: it reads
 * as all ones and writes are dropped, as on a bus where nothing answers;
 * said once per port.
 */
static void unclaimed_port(struct svm_cpu *s, struct vm_access *a)
{
	struct vcpu *v = vcpu_of(s);
	bool full;

	if (!a->write)
		a->value = io_mask(a->size);
	if (!first_time(v->cell->index, (uint16_t)a->addr, &full))
		return;
	if (full)
		log_warn("cell %s: more ports than the log keeps track of: "
			 "further ones are not reported", v->cell->cfg->name);
	else
		log_warn("cell %s: CPU %u: %s of port 0x%llx, which is not the "
			 "cell's: %s (logged once per port)", v->cell->cfg->name,
			 v->index, a->write ? "write" : "read",
			 (unsigned long long)a->addr,
			 a->write ? "dropped" : "reads as all ones");
}

/*
 * The power registers (abi/x86_linux.h), one byte each, for an access that
 * starts in their block; its bytes past the block read as all ones and drop
 * writes.  Every register reads as 0: the cell is awake (WAK_STS clear), and
 * sleep control and reset have nothing to read back.  The reset value in
 * the reset register restarts the cell; SLP_EN with the soft-off SLP_TYP
 * stops it, with another it is ignored (logged as refusals are).  Returns
 * whether the cell ended.
 */
static bool pm_ports(struct vcpu *v, struct vm_access *a)
{
	uint64_t value = 0;

	for (unsigned int i = 0; i < a->size; i++) {
		uint64_t port = a->addr + i;
		uint8_t b = (uint8_t)(a->value >> (8 * i));

		if (port >= SEPTUM_X86_PM_PORT + SEPTUM_X86_PM_PORTS) {
			value |= 0xffull << (8 * i);
			continue;
		}
		if (!a->write)
			continue;
		if (port == SEPTUM_X86_RESET && b == SEPTUM_X86_RESET_VALUE) {
			cell_system_reset(v, "ACPI reset register");
			return true;
		}
		if (port != SEPTUM_X86_SLEEP_CONTROL || !(b & SEPTUM_X86_SLP_EN))
			continue;
		if ((b & SEPTUM_X86_SLP_TYP_MASK) >> SEPTUM_X86_SLP_TYP_SHIFT ==
		    SEPTUM_X86_SLP_TYP_S5) {
			cell_system_off(v, "ACPI sleep control register, S5");
			return true;
		}
		if (svm_log_refusal(v->cell))
			log_warn("cell %s: CPU %u: sleep type %u written to the "
				 "ACPI sleep control register: only S5 (%u) is "
				 "a state of the cell; ignored",
				 v->cell->cfg->name, v->index,
				 (b & SEPTUM_X86_SLP_TYP_MASK) >>
					 SEPTUM_X86_SLP_TYP_SHIFT,
				 SEPTUM_X86_SLP_TYP_S5);
	}
	a->value = value;
	return false;
}

static void ioio(struct svm_cpu *s)
{
	uint64_t info = s->vmcb.control.exit_info1;
	unsigned int size = IOIO_SIZE(info) == 4 ? 4 : IOIO_SIZE(info) == 2 ? 2 : 1;
	struct vm_access a = { VM_SPACE_PIO, IOIO_PORT(info), size,
			       !(info & IOIO_IN), s->vmcb.save.rax & io_mask(size),
			       info };
	enum err e;

	if (info & IOIO_STRING) {
		cell_fault(vcpu_of(s), "string I/O (INS/OUTS) on port 0x%x at "
			   "RIP 0x%llx: not emulated", IOIO_PORT(info),
			   (unsigned long long)rip(s));
		return;
	}
	if (a.write && a.addr == PORT_RESET_CONTROL && (a.value & RESET_CPU)) {
		cell_system_reset(vcpu_of(s), "write to reset port 0xcf9");
		return;
	}
	if (a.addr >= SEPTUM_X86_PM_PORT &&
	    a.addr < SEPTUM_X86_PM_PORT + SEPTUM_X86_PM_PORTS) {
		if (pm_ports(vcpu_of(s), &a))
			return;
		e = E_OK;
	} else {
		e = vdev_access(vcpu_of(s), &a);
	}
	if (e == E_NOTFOUND && rtc_access(vcpu_of(s)->cell, &a))
		e = E_OK;
	if (e == E_NOTFOUND)
		unclaimed_port(s, &a);
	else if (e != E_OK && vm_exit_access(vcpu_of(s), &a) != E_OK)
		return;	/* broke the device's rule: the cell pays */
	if (!a.write)
		s->vmcb.save.rax = (s->vmcb.save.rax & ~io_mask(size)) |
				   (a.value & io_mask(size));
	s->vmcb.save.rip = s->vmcb.control.exit_info2;
}

/* Septum's own hypercalls on x86, then the common ones. */
static int64_t hypercall(struct svm_cpu *s, uint32_t fn)
{
	struct vcpu *v = vcpu_of(s);
	int64_t ret = SEPTUM_HC_OK;

	switch (fn) {
	case SEPTUM_HC_CPU_OFF:
		cell_vcpu_off(v, "hypercall CPU_OFF");
		break;
	case SEPTUM_HC_SYSTEM_OFF:
		cell_system_off(v, "hypercall SYSTEM_OFF");
		break;
	case SEPTUM_HC_SYSTEM_RESET:
		cell_system_reset(v, "hypercall SYSTEM_RESET");
		break;
	default:
		if (vm_hypercall(v, fn, &ret) != E_OK) {
			vm_call_refused(v, fn, "VMMCALL");
			ret = SEPTUM_HC_NOT_SUPPORTED;
		}
	}
	return ret;
}

static void vmmcall(struct svm_cpu *s)
{
	if (!complete(s, X86_VMMCALL))
		return;
	s->vmcb.save.rax = (uint64_t)hypercall(s, (uint32_t)s->vmcb.save.rax);
}

static COLD const char *svm_insn_name(uint64_t code)
{
	switch (code) {
	case EXIT_VMRUN: return "VMRUN";
	case EXIT_VMLOAD: return "VMLOAD";
	case EXIT_VMSAVE: return "VMSAVE";
	case EXIT_STGI: return "STGI";
	case EXIT_CLGI: return "CLGI";
	case EXIT_SKINIT: return "SKINIT";
	default: return "INVLPGA";
	}
}

/* SVM instructions: the cell's CPU has no SVM (CPUID says so). */
static COLD void svm_insn(struct svm_cpu *s)
{
	cell_fault(vcpu_of(s), "CPU %u: %s at RIP 0x%llx: SVM instructions "
		   "are not for cells", vcpu_of(s)->index,
		   svm_insn_name(s->vmcb.control.exit_code),
		   (unsigned long long)rip(s));
}

/* MONITOR/MWAIT: not offered (CPUID), so undefined, as on such a CPU. */
static void monitor_mwait(struct svm_cpu *s)
{
	svm_inject_exception(s, VEC_UD, false, 0);
}

static COLD void shutdown(struct svm_cpu *s)
{
	cell_fault(vcpu_of(s), "CPU %u: triple fault (shutdown) at RIP 0x%llx",
		   vcpu_of(s)->index, (unsigned long long)rip(s));
}

static COLD void task_switch(struct svm_cpu *s)
{
	cell_fault(vcpu_of(s), "CPU %u: hardware task switch at RIP 0x%llx: "
		   "not supported", vcpu_of(s)->index,
		   (unsigned long long)rip(s));
}

static uint64_t get_reg(const struct svm_cpu *s, unsigned int n);

/*
 * A MOV to CR8, intercepted while the TPR alone holds a pending interrupt
 * (svm.c): the TPR takes the new class (TPR[3:0] cleared) and the entry
 * that follows offers what it lets in.  Reserved bits set: #GP, as the
 * CPU's own check would give.
 */
static void cr8_write(struct svm_cpu *s)
{
	uint8_t bytes[X86_INSN_MAX];
	unsigned int n = fetch(s, bytes), reg, len;
	enum x86_mode mode = svm_guest_mode(s);
	uint64_t v;

	if (x86_decode_mov_cr8(bytes, n, mode, &reg, &len) != E_OK) {
		cell_fault(vcpu_of(s), "CPU %u: cannot decode the MOV to CR8 "
			   "at RIP 0x%llx", vcpu_of(s)->index,
			   (unsigned long long)rip(s));
		return;
	}
	v = get_reg(s, reg);
	if (mode != X86_MODE_64)
		v = (uint32_t)v;
	if (v & CR8_RESERVED) {
		svm_inject_exception(s, VEC_GP, true, 0);
		return;
	}
	s->lapic.tpr = (uint32_t)v << 4;
	s->vmcb.save.rip += len;
}

static void ignore(struct svm_cpu *s)
{
	(void)s;	/* NMI, SMI, INIT of the physical CPU: taken after STGI */
}

static const exit_handler handlers[EXIT_TABLE_SIZE] = {
	[EXIT_CR8_WRITE] = cr8_write,
	[EXIT_INTR] = intr,
	[EXIT_NMI] = ignore,
	[EXIT_SMI] = ignore,
	[EXIT_INIT] = ignore,
	[EXIT_CPUID] = cpuid_insn,
	[EXIT_INVD] = invd,
	[EXIT_HLT] = hlt,
	[EXIT_INVLPGA] = svm_insn,
	[EXIT_IOIO] = ioio,
	[EXIT_MSR] = msr,
	[EXIT_TASK_SWITCH] = task_switch,
	[EXIT_SHUTDOWN] = shutdown,
	[EXIT_VMRUN] = svm_insn,
	[EXIT_VMMCALL] = vmmcall,
	[EXIT_VMLOAD] = svm_insn,
	[EXIT_VMSAVE] = svm_insn,
	[EXIT_STGI] = svm_insn,
	[EXIT_CLGI] = svm_insn,
	[EXIT_SKINIT] = svm_insn,
	[EXIT_MONITOR] = monitor_mwait,
	[EXIT_MWAIT] = monitor_mwait,
};

/* General register n of the guest (RAX and RSP live in the VMCB). */
static uint64_t get_reg(const struct svm_cpu *s, unsigned int n)
{
	if (n == GPR_RAX)
		return s->vmcb.save.rax;
	if (n == GPR_RSP)
		return s->vmcb.save.rsp;
	return s->regs.gpr[n % GPR_COUNT];
}

static void set_reg(struct svm_cpu *s, unsigned int n, uint64_t v)
{
	if (n == GPR_RAX)
		s->vmcb.save.rax = v;
	else if (n == GPR_RSP)
		s->vmcb.save.rsp = v;
	else
		s->regs.gpr[n % GPR_COUNT] = v;
}

/* Store a load's value into the destination register. */
static void write_back(struct svm_cpu *s, const struct x86_insn *in,
		       uint64_t value)
{
	uint64_t old = get_reg(s, in->reg);
	uint64_t mask = in->size == 8 ? ~0ull : BIT(8 * in->size) - 1;

	value &= mask;
	if (in->high_byte)
		value = (old & ~0xff00ull) | (value & 0xff) << 8;
	else if (in->dest_size < 4)
		value = (old & ~(BIT(8 * in->dest_size) - 1)) | value;
	/* else: 32-bit results zero-extend to 64 bits, MOVZX's too */
	set_reg(s, in->reg, value);
}

static uint64_t read_reg(const struct svm_cpu *s, const struct x86_insn *in)
{
	uint64_t v = get_reg(s, in->reg);

	return in->high_byte ? v >> 8 : v;
}

const char *arch_vm_fault_kind(const struct vm_access *a)
{
	if (a->space == VM_SPACE_PIO)
		return "port I/O";
	return (a->syndrome & NPF_PRESENT) ? "nested page fault: permission"
					   : "nested page fault: no page";
}

bool arch_vm_fault_denied(const struct vm_access *a)
{
	return a->space == VM_SPACE_MMIO && (a->syndrome & NPF_PRESENT);
}

/* On a PC an access to an address nothing decodes raises no exception (a
 * read returns all ones): no abort to deliver, the config tool refuses
 * `inject` for x86 cells. */
bool arch_vcpu_external_abort(struct vcpu *v, bool fetch, bool write)
{
	(void)v;
	(void)fetch;
	(void)write;
	return false;
}

/* An access to guest memory no mapping serves: emulate it, or not. */
static void npf(struct svm_cpu *s)
{
	uint64_t info = s->vmcb.control.exit_info1, gpa = s->vmcb.control.exit_info2;
	uint8_t bytes[X86_INSN_MAX];
	struct x86_insn in;
	struct vm_access a = { VM_SPACE_MMIO, gpa, 0, false, 0, info };
	unsigned int n;

	if (info & (NPF_GUEST_TABLE | NPF_FETCH)) {
		cell_fault(vcpu_of(s), "%s at guest-physical 0x%llx, RIP 0x%llx, "
			   "which is not the cell's memory (nested page fault "
			   "0x%llx)", (info & NPF_FETCH) ? "instruction fetch"
			   : "its own page-table walk", (unsigned long long)gpa,
			   (unsigned long long)rip(s), (unsigned long long)info);
		return;
	}
	/* The access was the CPU's own, delivering an event (its frame pushed
	 * or its gate read), not the instruction at RIP's: nothing to
	 * emulate. */
	if (s->vmcb.control.exit_int_info & EVENT_VALID) {
		cell_fault(vcpu_of(s), "delivering vector 0x%x at RIP 0x%llx: "
			   "its stack or descriptor tables at guest-physical "
			   "0x%llx, which is not the cell's memory (nested page "
			   "fault 0x%llx)",
			   (unsigned int)EVENT_VECTOR(s->vmcb.control.exit_int_info),
			   (unsigned long long)rip(s), (unsigned long long)gpa,
			   (unsigned long long)info);
		return;
	}
	n = fetch(s, bytes);
	if (x86_decode_access(bytes, n, svm_guest_mode(s), &in) != E_OK) {
		cell_fault(vcpu_of(s), "access to guest-physical 0x%llx at RIP "
			   "0x%llx (%s): not a single MOV this hypervisor "
			   "emulates", (unsigned long long)gpa,
			   (unsigned long long)rip(s), arch_vm_fault_kind(&a));
		return;
	}
	a.size = in.size;
	a.write = in.access != X86_LOAD;
	a.value = in.access == X86_STORE_IMM ? in.imm : read_reg(s, &in);
	if (a.size < 8)
		a.value &= BIT(8 * a.size) - 1;
	if (vm_exit_access(vcpu_of(s), &a) != E_OK)
		return;
	if (in.access == X86_LOAD)
		write_back(s, &in, a.value);
	s->vmcb.save.rip += in.len;
}

/* A sibling's INIT: this vCPU waits for a SIPI (turns itself off). */
static void take_init(struct svm_cpu *s)
{
	if (__atomic_exchange_n(&s->lapic.init_pending, false, __ATOMIC_ACQ_REL))
		cell_vcpu_off(vcpu_of(s), "INIT from a sibling");
}

void svm_exit(struct svm_cpu *s)
{
	uint64_t code = s->vmcb.control.exit_code;

	if (code == EXIT_NPF)
		npf(s);
	else if (code < EXIT_TABLE_SIZE && handlers[code])
		handlers[code](s);
	else
		cell_fault(vcpu_of(s), "CPU %u: unexpected exit 0x%llx (info "
			   "0x%llx, 0x%llx) at RIP 0x%llx", vcpu_of(s)->index,
			   (unsigned long long)code,
			   (unsigned long long)s->vmcb.control.exit_info1,
			   (unsigned long long)s->vmcb.control.exit_info2,
			   (unsigned long long)rip(s));
	take_init(s);
}
