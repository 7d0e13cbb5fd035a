/*
 * Ticket spinlock: fair, and waiters sleep in WFE-style waits rather than
 * spinning (under QEMU -icount a spinning CPU burns the others' virtual time).
 * Only usable once the MMU is on (exclusive accesses need normal memory).
 */
#ifndef SEPTUM_SPINLOCK_H
#define SEPTUM_SPINLOCK_H

#include <septum/arch/cpu.h>
#include <septum/types.h>

struct spinlock {
	uint16_t next;	/* ticket handed to the next arrival */
	uint16_t owner;	/* ticket now allowed in */
};

#define SPINLOCK_INIT { 0, 0 }

/* spin_lock()'s wait, out of line: ticket `me` is not yet the owner. */
void spin_lock_wait(struct spinlock *l, uint16_t me);

/*
 * spin_lock() and spin_unlock() out of line: what code built for size
 * (-Os, __OPTIMIZE_SIZE__) calls, one copy rather than one per file.
 */
void spin_lock_shared(struct spinlock *l);
void spin_unlock_shared(struct spinlock *l);

/* spin_lock() and spin_unlock() inline (what the shared copies are). */
static inline void spin_lock_inline(struct spinlock *l)
{
	uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	if (__builtin_expect(__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me,
			     0))
		spin_lock_wait(l, me);
}

static inline void spin_unlock_inline(struct spinlock *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
	arch_cpu_send_event();
}

/* Acquire; waits as long as it takes.  Any context with interrupts masked. */
static inline void spin_lock(struct spinlock *l)
{
#ifdef __OPTIMIZE_SIZE__
	spin_lock_shared(l);
#else
	spin_lock_inline(l);
#endif
}

/* Acquire, waiting at most `max_polls` wake-ups; returns whether it got it. */
bool spin_lock_bounded(struct spinlock *l, unsigned long max_polls) MUST_CHECK;

/* Release and wake waiters. */
static inline void spin_unlock(struct spinlock *l)
{
#ifdef __OPTIMIZE_SIZE__
	spin_unlock_shared(l);
#else
	spin_unlock_inline(l);
#endif
}

/* Forcibly make the lock free: only for the panic path. */
void spin_lock_break(struct spinlock *l);

#endif /* SEPTUM_SPINLOCK_H */
