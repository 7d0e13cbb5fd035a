#include <septum/test.h>

#include <septum/spinlock.h>

TEST(spinlock, bounded_acquire_fails_while_held)
{
	struct spinlock l = SPINLOCK_INIT;

	EXPECT(spin_lock_bounded(&l, 0));
	EXPECT(!spin_lock_bounded(&l, 10));
	spin_unlock(&l);
	EXPECT(spin_lock_bounded(&l, 0));
	spin_unlock(&l);
	spin_lock(&l);
	spin_unlock(&l);
	EXPECT_EQ(l.next, l.owner);
}

TEST(spinlock, break_frees_a_stuck_lock)
{
	struct spinlock l = SPINLOCK_INIT;

	spin_lock(&l);
	spin_lock_break(&l);
	EXPECT(spin_lock_bounded(&l, 0));
	spin_unlock(&l);
}

TEST(spinlock, tickets_wrap)
{
	struct spinlock l = { 0xffff, 0xffff };

	spin_lock(&l);
	spin_unlock(&l);
	EXPECT_EQ(l.owner, 0);
	EXPECT(spin_lock_bounded(&l, 0));
}
