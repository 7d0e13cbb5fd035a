/*
 * Ticket spinlock: fair, and waiters sleep in WFE-style waits rather than
 * spinning (under QEMU -icount a spinning CPU burns the others' virtual time).
 * Only usable once the MMU is on (exclusive accesses need normal memory).
 */
#ifndef SEPTUM_SPINLOCK_H
#define SEPTUM_SPINLOCK_H

#include <septum/types.h>

struct spinlock {
	uint16_t next;	/* ticket handed to the next arrival */
	uint16_t owner;	/* ticket now allowed in */
};

#define SPINLOCK_INIT { 0, 0 }

/* Acquire; waits as long as it takes.  Any context with interrupts masked. */
void spin_lock(struct spinlock *l);

/* Acquire, waiting at most `max_polls` wake-ups; returns whether it got it. */
bool spin_lock_bounded(struct spinlock *l, unsigned long max_polls) MUST_CHECK;

/* Release and wake waiters. */
void spin_unlock(struct spinlock *l);

/* Forcibly make the lock free: only for the panic path. */
void spin_lock_break(struct spinlock *l);

#endif /* SEPTUM_SPINLOCK_H */
