/*
 * Fatal exceptions taken by the hypervisor: a decoded dump, then a panic.
 * Also runs with the MMU off (early boot), so it uses no pointer tables: names
 * come from switch statements.
 */
#include <arch/layout.h>
#include <arch/sysreg.h>
#include <septum/arch/trap.h>
#include <septum/console.h>
#include <septum/panic.h>
#include <septum/percpu.h>

/* The frame vectors.S builds; offsets pinned in layout.h. */
struct arm64_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct arm64_frame) == FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct arm64_frame, sp) == FRAME_SP, "sp");
_Static_assert(__builtin_offsetof(struct arm64_frame, elr) == FRAME_ELR, "elr");
_Static_assert(__builtin_offsetof(struct arm64_frame, esr) == FRAME_ESR, "esr");

NORETURN void arm64_trap_fatal(const struct arm64_frame *f, unsigned int kind);

/*
 * Exception classes (ESR_ELx.EC), ARM DDI 0487 D13.2.37: each a byte, the
 * class, then its name and a NUL.  Characters, not pointers, so that the
 * lookup reads nothing absolute with the MMU off.
 */
static const char ec_names[] =
	"\x01WFI/WFE\0"
	"\x07SIMD/FP access\0"
	"\x0eillegal execution state\0"
	"\x11SVC (AArch32)\0"
	"\x12HVC (AArch32)\0"
	"\x13SMC (AArch32)\0"
	"\x15SVC\0"
	"\x16HVC\0"
	"\x17SMC\0"
	"\x18system register access\0"
	"\x20instruction abort from a lower EL\0"
	"\x21instruction abort at the current EL\0"
	"\x22PC alignment fault\0"
	"\x24" "data abort from a lower EL\0"
	"\x25" "data abort at the current EL\0"
	"\x26SP alignment fault\0"
	"\x2c" "floating-point exception\0"
	"\x2fSError\0"
	"\x30" "breakpoint from a lower EL\0"
	"\x31" "breakpoint at the current EL\0"
	"\x32software step from a lower EL\0"
	"\x33software step at the current EL\0"
	"\x34watchpoint from a lower EL\0"
	"\x35watchpoint at the current EL\0"
	"\x3c" "BRK instruction\0";

static const char *ec_name(uint64_t ec)
{
	const char *p = ec_names;

	if (ec == 0)
		return "unknown reason";
	while (p < ec_names + sizeof(ec_names) - 1) {
		if ((uint8_t)*p++ == ec)
			return p;
		while (*p++)
			;
	}
	return "reserved or unhandled class";
}

/* Fault status codes of aborts (ISS.DFSC/IFSC). */
static const char *fsc_name(uint64_t fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	default: break;
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	default: return "other fault";
	}
}

static const char *vector_name(unsigned int kind)
{
	switch (kind / 4) {
	case 0: return "at EL2 while handling an exception";
	case 1: return "at EL2";
	case 2: return "from a lower EL (AArch64)";
	default: return "from a lower EL (AArch32)";
	}
}

static const char *type_name(unsigned int kind)
{
	switch (kind % 4) {
	case 0: return "synchronous exception";
	case 1: return "IRQ";
	case 2: return "FIQ";
	default: return "SError";
	}
}

static void dump_abort(uint64_t esr)
{
	uint64_t ec = ESR_EC(esr);
	uint64_t fsc = ESR_ISS_FSC(esr);
	const char *access = ", on an instruction fetch";

	if (ec != 0x20 && ec != 0x21 && ec != 0x24 && ec != 0x25)
		return;
	if (ec >= 0x24)
		access = (esr & ESR_ISS_WNR) ? ", on a write" : ", on a read";
	if (fsc < 0x10)	/* the faults that name a translation level */
		console_printf("[septum]   %s, level %u%s\n", fsc_name(fsc),
			       (unsigned int)(fsc & 3), access);
	else
		console_printf("[septum]   %s%s\n", fsc_name(fsc), access);
}

static void dump_frame(const struct arm64_frame *f)
{
	for (unsigned int i = 0; i < 31; i += 2) {
		if (i == 30)
			console_printf("[septum]   x30 %016llx  sp  %016llx\n",
				       (unsigned long long)f->x[30],
				       (unsigned long long)f->sp);
		else
			console_printf("[septum]   x%-2u %016llx  x%-2u %016llx\n",
				       i, (unsigned long long)f->x[i], i + 1,
				       (unsigned long long)f->x[i + 1]);
	}
}

void arm64_trap_fatal(const struct arm64_frame *f, unsigned int kind)
{
	const struct percpu *p = percpu_this();

	if (!panic_begin()) {
		console_printf("[septum] FATAL: fault while reporting a fault: "
			       "ESR 0x%llx ELR 0x%llx FAR 0x%llx\n",
			       (unsigned long long)f->esr,
			       (unsigned long long)f->elr,
			       (unsigned long long)f->far);
		panic_end();
	}
	/* Lines that always go together, one call each pair (at most 200
	 * bytes: within CONSOLE_LINE_MAX). */
	console_printf("[septum] FATAL: unexpected %s %s on CPU %u "
		       "(hwid 0x%llx)\n"
		       "[septum]   EC 0x%02llx (%s), IL %u, ISS 0x%07llx\n",
		       type_name(kind), vector_name(kind), p ? p->index : 0,
		       (unsigned long long)(sysreg_read(mpidr_el1) &
					    MPIDR_AFFINITY_MASK),
		       (unsigned long long)ESR_EC(f->esr), ec_name(ESR_EC(f->esr)),
		       (f->esr & ESR_IL) ? 1u : 0u,
		       (unsigned long long)ESR_ISS(f->esr));
	dump_abort(f->esr);
	console_printf("[septum]   ESR %016llx  FAR %016llx\n"
		       "[septum]   ELR %016llx  SPSR %016llx\n",
		       (unsigned long long)f->esr, (unsigned long long)f->far,
		       (unsigned long long)f->elr, (unsigned long long)f->spsr);
	dump_frame(f);
	panic_end();
}

void arch_trap_provoke_fault(void)
{
	/* Page 0 is never mapped at EL2: the image, DTB and devices live high. */
	uint64_t unmapped = 16, value;

	__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(unmapped) : "memory");
	(void)value;
	panic("reading an unmapped address did not fault");
}
