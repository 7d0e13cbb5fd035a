/*
 * Fatal errors: a broken hypervisor invariant or hardware that does not answer.
 * A panic stops every CPU, reports, and ends the system through the board's
 * power driver (power_fail()): it never returns and never hangs silently.
 * Guest mistakes are never a reason to panic.
 */
#ifndef SEPTUM_PANIC_H
#define SEPTUM_PANIC_H

#include <septum/types.h>

/* Print "[septum] PANIC on CPU n: <message>", stop all CPUs, end the system. */
NORETURN void panic(const char *format, ...) PRINTF_LIKE(1, 2);

/*
 * Begin a fatal report from any context (a panic or an unexpected exception):
 * claims the panic for this CPU, tells the others to stop, takes the console.
 * A second CPU (or a nested fault on the same CPU) that gets here while a
 * report is under way halts at once (returns false for the nested case only,
 * so the caller skips straight to panic_end()).
 */
bool panic_begin(void);

/* Finish a fatal report: end the system through power_fail().  Never returns. */
NORETURN void panic_end(void);

/* True once any CPU has begun a fatal report: idle CPUs then halt. */
bool panic_active(void);

/* The check: if `cond` is false, panic naming the condition and its place. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			panic("check failed: %s (%s:%d)", #cond, __FILE__,     \
			      __LINE__);                                       \
	} while (0)

#endif /* SEPTUM_PANIC_H */
