/*
 * Arch interface: exceptions taken by the hypervisor itself.
 *
 * An exception the hypervisor did not expect (a fault in its own code, an
 * unexpected interrupt, an SError) is fatal: the arch code prints a decoded
 * dump (exception class by name, syndrome, fault address, return address,
 * saved status, every general register, the CPU) through the console and ends
 * with panic_begin()/panic_end().  Exceptions are taken on a per-CPU exception
 * stack, so a stack overflow into a guard page is reported, not looped on.
 */
#ifndef SEPTUM_ARCH_TRAP_H
#define SEPTUM_ARCH_TRAP_H

#include <septum/types.h>

/*
 * Self-test hook: make the hypervisor fault now by reading an unmapped
 * address, to show the fatal-exception path.  Only test builds call it.
 */
NORETURN void arch_trap_provoke_fault(void);

#endif /* SEPTUM_ARCH_TRAP_H */
