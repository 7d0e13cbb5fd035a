#include <septum/arch/cpu.h>
#include <septum/spinlock.h>

NOINLINE void spin_lock_wait(struct spinlock *l, uint16_t me)
{
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		arch_cpu_wait_event();
}

void spin_lock_shared(struct spinlock *l)
{
	spin_lock_inline(l);
}

void spin_unlock_shared(struct spinlock *l)
{
	spin_unlock_inline(l);
}

bool spin_lock_bounded(struct spinlock *l, unsigned long max_polls)
{
	uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	uint16_t want = owner;

	/*
	 * Take a ticket only when the lock is free right now, so giving up never
	 * leaves a ticket behind that would block everyone after us.
	 */
	for (unsigned long polls = 0; polls <= max_polls; polls++) {
		if (__atomic_compare_exchange_n(&l->next, &want,
						(uint16_t)(owner + 1), false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
		arch_cpu_wait_event();
		owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
		want = owner;
	}
	return false;
}

void spin_lock_break(struct spinlock *l)
{
	__atomic_store_n(&l->owner, __atomic_load_n(&l->next, __ATOMIC_RELAXED),
			 __ATOMIC_RELEASE);
	arch_cpu_send_event();
}
