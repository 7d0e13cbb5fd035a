/*
 * The host "fake arch": core/ runs in an ordinary process, CPUs and devices
 * simulated over plain memory.  These knobs let unit tests steer it.
 */
#ifndef HOST_FAKE_H
#define HOST_FAKE_H

#include <septum/abi/config.h>
#include <septum/error.h>
#include <septum/types.h>

/* How the fake firmware answers arch_cpu_start(), and whether CPUs arrive. */
extern enum err host_cpu_start_result;
extern bool host_cpu_arrives;
extern unsigned int host_cpu_start_calls;
extern uint64_t host_boot_hwid;

/* Fake counter: every read advances it by host_timer_step ticks. */
extern uint64_t host_timer_step;

/*
 * The UART the host console writes to; tx_ready() answers host_uart_ready,
 * and while host_uart_budget >= 0 it also takes only that many more bytes
 * (a slow line).
 */
extern const struct uart_ops host_uart_ops;
extern bool host_uart_ready;
extern int host_uart_budget;

/*
 * Physical memory: arch_phys_map() of a range inside [host_phys_pa, +size)
 * returns the matching bytes of host_phys_va (else fresh zeroed memory).
 */
extern uint8_t *host_phys_va;
extern uint64_t host_phys_pa, host_phys_size;

/*
 * arch_vm_inject() calls (and rising levels of arch_vm_set_line()) per cell
 * index, the last INTID injected, and the level last set (one line a cell).
 */
extern unsigned int host_injected[SEPTUM_MAX_CELLS];
extern uint32_t host_injected_vintid[SEPTUM_MAX_CELLS];
extern bool host_line[SEPTUM_MAX_CELLS];

/*
 * The machine the fake arch stands for, as a partition table describes it:
 * its board (CPUs aside), the execution state its kernels start in, its
 * virtual UART's kind, and an interrupt number no device may use there.
 */
void host_board(struct septum_board *b);
extern const uint32_t host_kernel_arch;
extern const uint32_t host_vuart_kind;
extern const uint32_t host_bad_device_irq;

/* The partition table unit tests fill (arch/host/config.c). */
extern struct septum_config host_config;

/* Everything written to the console (early or not) since the last reset. */
const char *host_console_text(void);
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

/* End the process with `code`, handing the console text to the parent. */
NORETURN void host_exit(int code);

#endif /* HOST_FAKE_H */
