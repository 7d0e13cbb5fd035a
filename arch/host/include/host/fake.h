/*
 * The host "fake arch": core/ runs in an ordinary process, CPUs and devices
 * simulated over plain memory.  Unit tests and the fuzzers of core's devices
 * (core/fuzz/) steer it through these knobs.
 */
#ifndef HOST_FAKE_H
#define HOST_FAKE_H

#include <septum/abi/config.h>
#include <septum/error.h>
#include <septum/percpu.h>
#include <septum/types.h>

/* How the fake firmware answers arch_cpu_start(), and whether CPUs arrive. */
extern enum err host_cpu_start_result;
extern bool host_cpu_arrives;
extern unsigned int host_cpu_start_calls;
extern unsigned int host_external_aborts;	/* arch_vcpu_external_abort() */
extern uint64_t host_boot_hwid;

/*
 * Where a CPU went when it left host_cpu_run(): everything the hypervisor
 * does that a real CPU would not come back from.
 */
enum host_left {
	HOST_LEFT_RETURNED,	/* fn returned */
	HOST_LEFT_IDLE,		/* it sleeps until an interrupt (arch_cpu_idle) */
	HOST_LEFT_GUEST,	/* it entered its guest (arch_vcpu_enter) */
	HOST_LEFT_OFF,		/* it powered the system off (power_off) */
};

/*
 * Run fn(arg) as CPU `cpu` (percpu_all[cpu] becomes the calling CPU's) until
 * it returns or leaves the hypervisor.  One thread plays every CPU, a run at
 * a time, so a CPU that would wait for another is taken back instead: it is
 * idle, in its guest, or off, and a later run carries on from there (from
 * cell_run_this_cpu() or an exit).  Outside a run, arch_cpu_idle() returns at
 * once, arch_vcpu_enter() halts and power_off() ends the process, as unit
 * tests expect.  Inside one, a wait for an event nothing can end (a lock
 * this thread holds) and a panic abort the process.
 */
enum host_left host_cpu_run(unsigned int cpu, void (*fn)(void *), void *arg);

/* Whether a host_cpu_run() is under way; end it (never returns). */
bool host_cpu_in_run(void);
NORETURN void host_cpu_leave(enum host_left how);

/*
 * Fake counter: every read advances it by host_timer_step ticks (1 GHz);
 * host_timer_advance() lets time pass.  arch_timer_oneshot() sets the
 * calling CPU's deadline (0: none); arch_irq_poll() on that CPU takes the
 * expiry once the counter reaches it.
 */
extern uint64_t host_timer_step;
extern uint64_t host_timer_deadline[MAX_CPUS];
uint64_t host_timer_peek(void);
void host_timer_advance(uint64_t ticks);

/*
 * The hypervisor's device interrupt (arch_irq_claim(): the console UART's),
 * SEPTUM_NONE until claimed, and the CPU it goes to.  It is asserted while
 * the UART has input and its receive interrupt is on, or once after
 * host_irq_raise(); arch_irq_poll() on that CPU hands it to irq_device().
 */
extern uint32_t host_irq_claimed;
extern unsigned int host_irq_cpu;
void host_irq_raise(void);

/*
 * The UART the host console writes to; tx_ready() answers host_uart_ready,
 * refuses the next host_uart_busy_polls polls, and while host_uart_budget
 * >= 0 takes only that many more bytes (a slow line).  host_uart_type()
 * queues received bytes (up to 256 waiting; it returns how many it took);
 * host_uart_rx_taken counts those the driver has read.
 */
extern const struct uart_ops host_uart_ops;
extern bool host_uart_ready;
extern int host_uart_budget;
extern unsigned int host_uart_busy_polls;
extern unsigned int host_uart_rx_taken;
unsigned int host_uart_type(const uint8_t *bytes, unsigned int n);
/* Whether its receive interrupt is asserted (for arch_irq_poll()). */
bool host_uart_irq_level(void);

/*
 * Physical memory: arch_phys_map() of a range inside one of these returns
 * its bytes (an entry with size 0 is unused); of anything else, fresh zeroed
 * memory.
 */
struct host_phys {
	uint64_t pa, size;
	uint8_t *va;
};
#define HOST_PHYS_RANGES 8
extern struct host_phys host_phys[HOST_PHYS_RANGES];

/*
 * arch_vm_inject() calls (and rising levels of arch_vm_set_line()): per
 * cell index (and the last INTID), and in order as (cell, INTID) since
 * host_injections was last set to 0 (only the first HOST_INJECTIONS are
 * kept); the level last set (one line a cell).
 */
extern unsigned int host_injected[SEPTUM_MAX_CELLS];
extern uint32_t host_injected_vintid[SEPTUM_MAX_CELLS];
struct host_injection {
	unsigned int cell;
	uint32_t vintid;
};
#define HOST_INJECTIONS 64
extern struct host_injection host_injection_log[HOST_INJECTIONS];
extern unsigned int host_injections;
extern bool host_line[SEPTUM_MAX_CELLS];
/* Every line's level, by cell and INTID (host_level()). */
#define HOST_LINES 1024
extern uint64_t host_levels[SEPTUM_MAX_CELLS][HOST_LINES / 64];

/* The level last set by arch_vm_set_line() for `vintid` in cell `cell`. */
static inline bool host_level(unsigned int cell, uint32_t vintid)
{
	return vintid < HOST_LINES &&
	       (host_levels[cell][vintid / 64] >> (vintid % 64)) & 1;
}

/*
 * Each physical CPU's vCPU registers, as arch_vcpu_reset() leaves them (x0
 * the argument, pc the entry, the rest zero; v->arch points here), and how
 * many times it was reset.
 */
struct host_vcpu_regs {
	uint64_t x[31];
	uint64_t pc;
	unsigned int resets;
};
extern struct host_vcpu_regs host_vcpu_regs[MAX_CPUS];

/*
 * The machine the fake arch stands for, as a partition table describes it:
 * its board (CPUs aside), the execution state its kernels start in, its
 * virtual UART's kind, and an interrupt number no device may use there.
 */
void host_board(struct septum_board *b);
extern const uint32_t host_kernel_arch;
extern const uint32_t host_vuart_kind;
extern const uint32_t host_bad_device_irq;

/*
 * The partition table (arch/host/config.c stands in for core/config.c):
 * tests fill host_config; config_init() says there is one when it has
 * cells.  config_payload() reads the payload of host_blob (NULL: none).
 */
extern struct septum_config host_config;
extern const uint8_t *host_blob;

/*
 * Everything written to the console (early or not) since the last reset,
 * NUL-terminated, and its length (capture stops at HOST_CONSOLE_MAX - 1).
 */
#define HOST_CONSOLE_MAX 65536
const char *host_console_text(void);
size_t host_console_len(void);
void host_console_reset(void);

/*
 * Run fn(arg) in a child process, so a panic, halt or power-off (which end
 * the process) can be observed.  Returns the child's exit code (the code
 * power_fail() was given, 0 for power_off(), HOST_EXIT_HALTED for a halted
 * CPU, HOST_EXIT_RETURNED if fn returned); its console output is copied to
 * out (NUL-terminated, truncated to size).
 */
int host_run_isolated(void (*fn)(void *), void *arg, char *out, size_t size);

#define HOST_EXIT_RETURNED 100
#define HOST_EXIT_HALTED 99

/*
 * End the process with `code`, handing the console text to the parent (in
 * a host_cpu_run() outside host_run_isolated(): print it and abort).
 */
NORETURN void host_exit(int code);

#endif /* HOST_FAKE_H */
