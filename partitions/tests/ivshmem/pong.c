/*
 * pong: echoes ping's messages, one life per round (see shared.h), and ends
 * each life differently: life 1 resets itself (PSCI SYSTEM_RESET), life 2
 * writes ping's output section and life 3 the state table (both read-only
 * for it: the permission fault restarts it), life 4 powers itself off.
 *
 * Its TEST lines span its lives, so it runs its tests itself: the suite
 * `every` in every life, `later` from life 2 on, `lifeN` in life N only,
 * printed as lifeN.<name>.  The counts survive in its own output section
 * and the closing line comes at the end of the last life.
 */
#include <kit/gic.h>
#include <string.h>

#include "shared.h"

#include <septum/test.h>

extern const struct test_case __start_septum_tests[];
extern const struct test_case __stop_septum_tests[];
unsigned int test_failures;

static struct kit_chan ch;
static struct chan_ring ring;
static uint32_t life;
static bool broken;

/* Changed before a life ends; a restart must bring back the image's values. */
static volatile uint32_t data_mark = 0x64617461u;
static volatile uint32_t bss_mark;

static void irq(uint32_t intid)
{
	(void)kit_chan_irq(&ch, intid);
}

TEST(later, restarted_clean)
{
	EXPECT_EQ(data_mark, 0x64617461u);
	EXPECT_EQ(bss_mark, 0);
	/* The hypervisor reset our side of the channel: state, interrupts. */
	EXPECT_EQ(kit_read32(LINK_REGS + IVSHMEM_REG_INT_CONTROL), 0);
	EXPECT_EQ(kit_read32(LINK_REGS + IVSHMEM_REG_STATE), 0);
	EXPECT_EQ(((volatile uint32_t *)LINK_SHMEM)[PONG_ID], 0);
}

TEST(every, opens)
{
	if (!EXPECT(kit_chan_open(&ch, LINK_REGS, LINK_INTID))) {
		broken = true;
		return;
	}
	EXPECT_EQ(ch.id, PONG_ID);
	EXPECT_EQ(ch.num_peers, 2);
	EXPECT_EQ(ch.rw_size, LINK_RW_SIZE);
	EXPECT_EQ(ch.out_size, LINK_OUT_SIZE);
	EXPECT_EQ((uintptr_t)ch.shmem, LINK_SHMEM);
	EXPECT_EQ(kit_read32(LINK_REGS + IVSHMEM_REG_INT_CONTROL),
		  IVSHMEM_INT_ENABLE);
	if (!EXPECT_EQ(kit_chan_ring(&ch, &ring, PING_ID, SLOT_SIZE),
		       CHAN_RING_OK))
		broken = true;
}

/* Ping has finished with our last life: zero our lanes, say so. */
TEST(every, comes_up)
{
	if (!EXPECT(!broken &&
		    wait_state(&ch, PING_ID, STATE(ST_DOWN, life - 1)))) {
		broken = true;
		return;
	}
	chan_ring_reset(&ring);
	kit_chan_set_state(&ch, STATE(ST_RESET, life));
	EXPECT_EQ(kit_read32(LINK_REGS + IVSHMEM_REG_STATE),
		  STATE(ST_RESET, life));
	if (!EXPECT(wait_state(&ch, PING_ID, STATE(ST_RESET, life))))
		broken = true;
}

/* Pong's side of a round. */
struct echo {
	uint32_t n;		/* messages each way */
	uint32_t got;		/* received and checked */
	uint32_t replied;	/* answers queued for ping */
	bool held;		/* `reply` waits for room in the ring */
	uint32_t reply_len;
	struct msg reply;
};

/*
 * Answer and receive until the ring to ping is full (the answer is held
 * back) or nothing waits: CHAN_RING_OK, or what went wrong.
 */
static enum chan_ring_status exchange(struct echo *e, bool *progress)
{
	enum chan_ring_status st;
	struct msg m;
	uint32_t len;

	for (;;) {
		if (e->held) {
			st = chan_ring_send(&ring, &e->reply, e->reply_len);
			if (st != CHAN_RING_OK)
				return st == CHAN_RING_FULL ? CHAN_RING_OK : st;
			e->held = false;
			e->replied++;
			*progress = true;
		}
		if (e->got == e->n)
			return CHAN_RING_OK;
		st = chan_ring_recv(&ring, &m, sizeof(m), &len);
		if (st != CHAN_RING_OK)
			return st == CHAN_RING_EMPTY ? CHAN_RING_OK : st;
		if (!msg_ok(&m, len, e->got, DIR_PING)) {
			kit_printf("message %u: bad (seq %u, %u bytes)\n",
				   e->got, m.seq, len);
			return CHAN_RING_EPROTO;
		}
		msg_fill(&e->reply, e->got, DIR_PONG);
		e->reply_len = MSG_HDR + msg_len(e->got++, DIR_PONG);
		e->held = true;
		*progress = true;
	}
}

/* Answer every message of the round, sleeping on doorbells when idle. */
static bool echo_round(void)
{
	struct echo e = { .n = round_msgs(life) };

	while (e.replied < e.n) {
		uint32_t seen = ch.events;
		bool progress = false;
		enum chan_ring_status st = exchange(&e, &progress);

		if (st != CHAN_RING_OK) {
			kit_printf("ring status %d (got %u, replied %u)\n",
				   (int)st, e.got, e.replied);
			return false;
		}
		if (progress) {
			kit_chan_notify(&ch, PING_ID);
			continue;
		}
		if (kit_chan_peer_state(&ch, PING_ID) !=
		    STATE(ST_RESET, life)) {
			kit_printf("ping left during the round\n");
			return false;
		}
		if (kit_chan_wait(&ch, seen, WAIT_US) == seen) {
			kit_printf("no doorbell for %u us (got %u, replied "
				   "%u)\n", WAIT_US, e.got, e.replied);
			return false;
		}
	}
	return true;
}

TEST(every, echoes_the_round)
{
	if (!EXPECT(!broken && echo_round()))
		broken = true;
}

/* Only the one good doorbell of ping's quiet window reaches us. */
TEST(life1, bad_doorbells_unheard)
{
	uint32_t before;

	if (!EXPECT(!broken && wait_flag(&LINK_RW->quiet_request)))
		return;
	kit_udelay(SETTLE_US);
	before = ch.events;
	LINK_RW->quiet_open = 1;
	if (!EXPECT(wait_flag(&LINK_RW->quiet_done)))
		return;
	EXPECT_EQ(ch.events - before, 1);
}

TEST(every, says_bye)
{
	if (!EXPECT(!broken))
		return;
	kit_chan_set_state(&ch, STATE(ST_BYE, life));
	EXPECT(wait_state(&ch, PING_ID, STATE(ST_BYE, life)));
}

/* Whether t runs in this life. */
static bool runs_now(const struct test_case *t)
{
	char name[8] = "life";

	if (!strcmp(t->suite, "every"))
		return true;
	if (!strcmp(t->suite, "later"))
		return life > 1;
	name[4] = (char)('0' + life);
	return life < 10 && !strcmp(t->suite, name);
}

/* This life's tests in source order, counted across lives. */
static void run_tests(void)
{
	size_t count = ((uintptr_t)__stop_septum_tests -
			(uintptr_t)__start_septum_tests) /
		       sizeof(struct test_case);
	int last = 0;

	for (;;) {
		const struct test_case *next = NULL;

		for (size_t i = 0; i < count; i++) {
			const struct test_case *t = &__start_septum_tests[i];

			if (runs_now(t) && t->line > last &&
			    (!next || t->line < next->line))
				next = t;
		}
		if (!next)
			return;
		last = next->line;
		test_failures = 0;
		next->fn();
		kit_printf("TEST life%u.%s %s\n", life, next->name,
			   test_failures ? "FAIL" : "PASS");
		if (test_failures)
			PONG_KEEP->failed++;
		else
			PONG_KEEP->passed++;
	}
}

/* A write the stage-2 tables must refuse: coming back is a failure. */
static void forbidden_write(const char *what, uintptr_t addr, uint32_t value)
{
	kit_printf("life %u: writing %s at 0x%lx\n", life, what,
		   (unsigned long)addr);
	kit_write32(addr, value);
	kit_printf("TEST life%u.write_to_%s_faults FAIL\n", life, what);
	PONG_KEEP->failed++;
}

static void end_life(void)
{
	data_mark = 0;
	bss_mark = life;
	switch (life) {
	case END_WRITE_OUTPUT:
		forbidden_write("ping_output", OWN_LANE(PING_ID), 0xbad);
		break;
	case END_WRITE_STATE:
		forbidden_write("state_table", LINK_SHMEM + 4u * PING_ID,
				STATE(ST_DOWN, life));
		break;
	case END_OFF:
		kit_printf("%u passed, %u failed\n", PONG_KEEP->passed,
			   PONG_KEEP->failed);
		kit_system_off();
	default:
		break;
	}
	kit_system_reset();
}

int main(void)
{
	kit_irq_handler = irq;
	kit_gic_init();
	kit_irq_enable();
	life = ++PONG_KEEP->lives;
	kit_printf("life %u\n", life);
	if (life > LIVES) {
		kit_printf("too many lives\n");
		kit_system_off();
	}
	run_tests();
	end_life();
	return 0;
}
