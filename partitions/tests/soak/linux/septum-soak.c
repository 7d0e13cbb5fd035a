/*
 * septum-soak: the Linux side of the soak test (partitions/tests/soak/,
 * protocol in soak.h).
 *
 *   septum-soak NAME PEER ROUNDS COUNT LINES
 *
 * Plays ROUNDS rounds against the bare-metal cell at PEER of channel NAME:
 * in each, COUNT DATA messages each way at once, LINES numbered console
 * lines printed by each cell, and a restart of the peer (by itself, on
 * request, by a fault, in turn) that this side must see as its state going
 * to 0 and coming back with the next life.  Every message is checked
 * (sequence number, CRC-32, payload); the peer's counters, reported after
 * every round and at the end, must agree with this side's exactly.
 *
 * Prints TEST soak.<check> PASS|FAIL lines and a closing "N passed, M
 * failed" line.  Exit status 0 when every check passed, 1 otherwise, 2 for
 * a usage error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chan.h"
#include "soak.h"

#define EXIT_USAGE 2
#define STATE_TIMEOUT_MS 30000	/* a restart, under TCG on a loaded host */
#define WAIT_MS 5000
#define STALL_WAITS 6		/* WAIT_MS each without progress: stuck */

struct soak {
	struct chan ch;
	struct chan_ring r;
	uint32_t peer, rounds, count, lines;
	uint32_t life;			/* the peer's life being played */
	/* This side's counters over the whole soak. */
	uint32_t tx_msgs, tx_data;
	uint32_t rx_next, rx_msgs, rx_data, rx_bad, rx_gaps;
	uint32_t lines_done;
	uint32_t downs, ups;		/* peer restarts seen in the table */
	uint32_t state_irqs;		/* interrupts that came while waiting */
	uint32_t missed_irqs;		/* messages no interrupt announced */
	uint32_t rounds_agreed;		/* rounds whose DONE matched */
	/* The round being played. */
	uint32_t r_want, r_lines;	/* DATA each way, lines (0 at the end) */
	uint32_t r_tx, r_rx, first_line;
	bool reported;			/* DONE (or TOTALS) came */
	struct soak_totals peer_t;	/* ... with these counters */
	uint32_t peer_seq;		/* ... as message number */
	char why[320];			/* the first failure */
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Record the first failure; false. */
__attribute__((format(printf, 2, 3)))
static bool fail(struct soak *s, const char *fmt, ...)
{
	va_list ap;

	if (s->why[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	return false;
}

static bool parse_u32(const char *text, uint32_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(text, &end, 0);
	if (errno || end == text || *end || n > UINT32_MAX || text[0] == '-')
		return false;
	*v = (uint32_t)n;
	return true;
}

/* The peer's record in its output section, for diagnostics. */
static void print_peer_record(const struct soak *s)
{
	uint64_t off = soak_record_offset(s->ch.state_size, s->ch.rw_size,
					  s->ch.out_size, s->ch.num_peers,
					  s->peer);
	const volatile struct soak_record *rec =
		(const volatile struct soak_record *)(s->ch.shmem + off);

	if (off == 0)
		return;
	printf("soak: peer record: lives %u, rounds %u, from linux %u "
	       "messages (next %u), %u data, %u bad, %u gaps; to linux %u "
	       "messages, %u data; lines %u; states %u/%u; pending to us %u; "
	       "doorbells dropped %u\n", rec->t.lives, rec->t.rounds,
	       rec->t.rx_msgs, rec->rx_next, rec->t.rx_data, rec->t.rx_bad,
	       rec->t.rx_gaps, rec->t.tx_msgs, rec->t.tx_data, rec->t.lines,
	       chan_peer_state(&s->ch, s->peer),
	       chan_peer_state(&s->ch, s->ch.id), chan_ring_pending(&s->r),
	       chan_dropped(&s->ch));
}

static enum chan_ring_status send_msg(struct soak *s, uint32_t kind,
				      const void *payload, uint32_t len)
{
	uint8_t wire[SOAK_MAX_WIRE];
	uint32_t n = soak_encode(kind, s->tx_msgs, payload, len, wire);
	enum chan_ring_status st = chan_ring_send(&s->r, wire, n);

	if (st == CHAN_RING_OK)
		s->tx_msgs++;
	return st;
}

static void print_lines(struct soak *s)
{
	uint32_t due = soak_lines_due(s->r_lines, s->r_tx + s->r_rx,
				      2u * s->r_want);

	while (s->lines_done - s->first_line < due) {
		printf(SOAK_LINE_FMT, SOAK_LINE_ARGS(s->lines_done));
		s->lines_done++;
	}
}

/* Stream DATA, up to `upto` of the round, while the ring has room. */
static bool send_data(struct soak *s, uint32_t upto, bool *progress)
{
	uint8_t payload[SOAK_MAX_PAYLOAD];
	enum chan_ring_status st = CHAN_RING_OK;

	while (s->r_tx < upto) {
		uint32_t len = soak_data_fill(SOAK_TO_RT, s->tx_msgs, payload);

		st = send_msg(s, SOAK_DATA, payload, len);
		if (st != CHAN_RING_OK)
			break;
		s->tx_data++;
		s->r_tx++;
		*progress = true;
		print_lines(s);
	}
	if (st == CHAN_RING_OK || st == CHAN_RING_FULL)
		return true;
	return fail(s, "sending DATA %u: ring error %d", s->tx_msgs, st);
}

static bool take_report(struct soak *s, const struct soak_msg *m)
{
	if (m->len != sizeof(s->peer_t) || s->reported)
		return fail(s, "message %u: a report of %u bytes, or a second "
			    "one", m->seq, m->len);
	memcpy(&s->peer_t, m->payload, sizeof(s->peer_t));
	s->peer_seq = m->seq;
	s->reported = true;
	return true;
}

/* One message from the peer, in its place in the sequence. */
static bool handle(struct soak *s, const struct soak_msg *m)
{
	if (m->seq != s->rx_next) {
		if (m->seq > s->rx_next)
			s->rx_gaps += m->seq - s->rx_next;
		else
			s->rx_bad++;
		fail(s, "message %u from the peer, expected %u", m->seq,
		     s->rx_next);
	}
	s->rx_next = m->seq + 1u;
	s->rx_msgs++;
	if (m->kind == SOAK_DONE || m->kind == SOAK_TOTALS)
		return take_report(s, m);
	if (m->kind != SOAK_DATA || s->reported || s->r_rx >= s->r_want) {
		s->rx_bad++;
		return fail(s, "message %u: kind %u out of turn (%u DATA of "
			    "%u taken)", m->seq, m->kind, s->r_rx, s->r_want);
	}
	if (!soak_data_ok(SOAK_TO_LINUX, m)) {
		s->rx_bad++;
		return fail(s, "DATA %u: payload differs", m->seq);
	}
	s->rx_data++;
	s->r_rx++;
	print_lines(s);
	return true;
}

/* Take every message there is; false on a bad one or a corrupt ring. */
static bool receive(struct soak *s, bool *progress)
{
	uint8_t wire[SOAK_SLOT];
	struct soak_msg m;
	enum chan_ring_status st;
	uint32_t n;

	while ((st = chan_ring_recv(&s->r, wire, sizeof(wire), &n)) ==
	       CHAN_RING_OK) {
		*progress = true;
		if (!soak_decode(wire, n, &m)) {
			s->rx_msgs++;
			s->rx_next++;
			s->rx_bad++;
			return fail(s, "message %u: bad length, magic or "
				    "CRC-32 (%u bytes)", s->rx_next - 1u, n);
		}
		if (!handle(s, &m))
			return false;
	}
	if (st == CHAN_RING_EMPTY)
		return true;
	return fail(s, "the peer's ring is corrupt (status %d)", st);
}

/*
 * Wait, interrupt-driven, for the peer's state to be `want`: 0 when its
 * life ends, the life number when it comes up.
 */
static bool await_state(struct soak *s, uint32_t want)
{
	long long deadline = now_ms() + STATE_TIMEOUT_MS;
	uint32_t st;

	while ((st = chan_peer_state(&s->ch, s->peer)) != want) {
		long long left = deadline - now_ms();
		enum chan_status w;

		if (want != 0 && st != 0)
			return fail(s, "the peer came up as life %u, expected "
				    "%u", st, want);
		w = chan_wait(&s->ch, left > 0 ? (int)left : 0);
		if (w == CHAN_ETIMEOUT)
			return fail(s, "the peer's state stayed 0x%x, not "
				    "0x%x, for %d ms", st, want,
				    STATE_TIMEOUT_MS);
		if (w != CHAN_OK)
			return fail(s, "%s", chan_error());
		s->state_irqs++;
	}
	return true;
}

/*
 * Start the round (or the end) while the peer is down: queue GO and a first
 * batch of DATA (they must survive its restart), then name the life it
 * must come up as, and wait for it.
 */
static bool start_round(struct soak *s, uint32_t round)
{
	struct soak_go go = { round, s->count, s->lines,
			      round % SOAK_METHODS };
	bool last = round == s->rounds, progress = false;
	enum chan_ring_status st;

	s->life = round + 1u;
	s->r_want = last ? 0 : s->count;
	s->r_lines = last ? 0 : s->lines;
	s->r_tx = s->r_rx = 0;
	s->reported = false;
	s->first_line = s->lines_done;
	if (last)
		st = send_msg(s, SOAK_END, NULL, 0);
	else
		st = send_msg(s, SOAK_GO, &go, sizeof(go));
	if (st != CHAN_RING_OK)
		return fail(s, "round %u: cannot queue GO: ring status %d",
			    round, st);
	if (!send_data(s, s->r_want < s->r.nslots / 2 ? s->r_want :
		       s->r.nslots / 2, &progress))
		return false;
	chan_set_state(&s->ch, s->life);
	if (!await_state(s, s->life))
		return false;
	s->ups++;
	chan_notify(&s->ch, s->peer);
	return true;
}

/* Nothing to do: sleep for the peer's doorbell; false if none comes. */
static bool idle(struct soak *s, unsigned int *quiet)
{
	enum chan_status w = chan_wait(&s->ch, WAIT_MS);

	if (w == CHAN_OK) {
		*quiet = 0;
		return true;
	}
	if (w != CHAN_ETIMEOUT)
		return fail(s, "%s", chan_error());
	if (chan_ring_pending(&s->r)) {
		s->missed_irqs++;	/* counted; the loop takes them */
		return true;
	}
	if (++*quiet < STALL_WAITS)
		return true;
	return fail(s, "round %u: nothing from the peer for %d ms (%u of %u "
		    "DATA sent, %u taken)", s->life - 1u, WAIT_MS * STALL_WAITS,
		    s->r_tx, s->r_want, s->r_rx);
}

/*
 * Stream both ways until the peer's report; the ring is read to the end
 * even when the peer's life ended right after it.  A doorbell rung as the
 * peer ends its life by itself reaches no one: the hypervisor drops and
 * counts it (the totals show how many), which loses nothing, as the peer
 * reads its ring when it comes up.
 */
static bool traffic(struct soak *s)
{
	unsigned int quiet = 0;

	while (!s->reported) {
		bool sent = false, got = false;

		if (!send_data(s, s->r_want, &sent) || !receive(s, &got))
			return false;
		if (sent || (got && !s->reported))
			chan_notify(&s->ch, s->peer);
		print_lines(s);
		if (sent || got || s->reported)
			continue;
		if (chan_peer_state(&s->ch, s->peer) != s->life &&
		    !chan_ring_pending(&s->r))
			return fail(s, "round %u: the peer's life %u ended "
				    "before its report", s->life - 1u,
				    s->life);
		if (!idle(s, &quiet))
			return false;
	}
	return true;
}

/* The peer's report against this side's counters: exactly equal. */
static bool agree(struct soak *s, uint32_t rounds)
{
	const struct soak_totals *t = &s->peer_t;

	if (t->lives == s->life && t->rounds == rounds &&
	    t->rx_msgs == s->tx_msgs && t->rx_data == s->tx_data &&
	    t->tx_msgs == s->peer_seq && s->rx_msgs == s->peer_seq + 1u &&
	    t->tx_data == s->rx_data && t->rx_bad == 0 && t->rx_gaps == 0 &&
	    t->lines == rounds * s->lines)
		return true;
	return fail(s, "after round %u the peer reports life %u, %u rounds, "
		    "%u messages taken (%u data, %u bad, %u gaps), %u sent "
		    "before the report (%u data), %u lines; this side sent %u "
		    "(%u data) and took %u (%u data)", rounds, t->lives,
		    t->rounds, t->rx_msgs, t->rx_data, t->rx_bad, t->rx_gaps,
		    t->tx_msgs, t->tx_data, t->lines, s->tx_msgs, s->tx_data,
		    s->rx_msgs, s->rx_data);
}

/* Ask the peer to end its life, unless it ends it by itself. */
static bool ask_restart(struct soak *s, uint32_t method)
{
	enum chan_ring_status st;

	if (method == SOAK_BY_SELF)
		return true;
	st = send_msg(s, SOAK_RESTART, NULL, 0);
	if (st != CHAN_RING_OK)
		return fail(s, "cannot queue RESTART: ring status %d", st);
	chan_notify(&s->ch, s->peer);
	return true;
}

static const char *const method_names[SOAK_METHODS] = {
	[SOAK_BY_SELF] = "by itself",
	[SOAK_BY_REQUEST] = "on request",
	[SOAK_BY_FAULT] = "by a fault",
};

/* One round: up, traffic both ways, report, the life ends, seen down. */
static bool play_round(struct soak *s, uint32_t round)
{
	uint32_t method = round % SOAK_METHODS;

	if (!start_round(s, round) || !traffic(s))
		return false;
	print_lines(s);
	if (!agree(s, round + 1u))
		return false;
	s->rounds_agreed++;
	printf("soak: round %u: %u DATA each way, counters agree; the peer "
	       "ends life %u %s\n", round, s->count, s->life,
	       method_names[method]);
	if (!ask_restart(s, method) || !await_state(s, 0))
		return false;
	s->downs++;
	return true;
}

/* After the last round: END, and the peer's totals. */
static bool finish(struct soak *s)
{
	if (!start_round(s, s->rounds) || !traffic(s))
		return false;
	return agree(s, s->rounds);
}

/* Lives ended by each method: round i used method i % SOAK_METHODS. */
static bool ends_ok(const struct soak *s)
{
	for (uint32_t m = 0; m < SOAK_METHODS; m++) {
		if (s->peer_t.ends[m] !=
		    (s->rounds + SOAK_METHODS - 1u - m) / SOAK_METHODS)
			return false;
	}
	return true;
}

static void print_totals(const struct soak *s)
{
	printf("soak totals: rounds %u; peer lives seen up %u, ended and seen "
	       "down %u (%u state interrupts); to peer: %u messages, %u data; "
	       "from peer: %u messages, %u data, %u bad, %u gaps; console "
	       "lines %u; interrupts missed %u; doorbells dropped %u\n",
	       s->rounds_agreed, s->ups, s->downs, s->state_irqs, s->tx_msgs,
	       s->tx_data, s->rx_msgs, s->rx_data, s->rx_bad, s->rx_gaps,
	       s->lines_done, s->missed_irqs, chan_dropped(&s->ch));
}

/* The verdicts, as TEST lines and a closing line; the exit status. */
static int report(const struct soak *s, bool played)
{
	const struct soak_totals *t = &s->peer_t;
	uint32_t data = s->rounds * s->count, lines = s->rounds * s->lines;
	const struct {
		const char *name;
		bool ok;
	} checks[] = {
		{ "rounds_completed", s->rounds_agreed == s->rounds },
		{ "restarts_seen", s->downs == s->rounds &&
		  s->ups == s->rounds + 1u },
		{ "no_loss_to_peer", played && t->rx_data == data &&
		  s->tx_data == data && t->rx_msgs == s->tx_msgs &&
		  t->rx_gaps == 0 },
		{ "no_loss_from_peer", played && s->rx_data == data &&
		  t->tx_data == data && s->rx_msgs == s->peer_seq + 1u &&
		  s->rx_gaps == 0 },
		{ "no_corruption", played && t->rx_bad == 0 && s->rx_bad == 0 },
		{ "console_lines", played && t->lines == lines &&
		  s->lines_done == lines },
		{ "lives", played && t->lives == s->rounds + 1u && ends_ok(s) },
	};
	int n = (int)(sizeof(checks) / sizeof(checks[0])), failed = 0;

	if (s->why[0]) {
		printf("soak: FAIL: %s\n", s->why);
		print_peer_record(s);
	}
	print_totals(s);
	for (int i = 0; i < n; i++) {
		printf("TEST soak.%s %s\n", checks[i].name,
		       checks[i].ok ? "PASS" : "FAIL");
		failed += !checks[i].ok;
	}
	printf("%d passed, %d failed\n", n - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int usage(void)
{
	fprintf(stderr, "usage: septum-soak NAME PEER ROUNDS COUNT LINES\n"
		"  ROUNDS rounds against PEER on channel NAME, each with COUNT "
		"DATA messages\n  each way, LINES console lines per cell and a "
		"restart of PEER.\n");
	return EXIT_USAGE;
}

static bool open_soak(struct soak *s, const char *name)
{
	if (chan_open(&s->ch, name) != CHAN_OK)
		return fail(s, "%s", chan_error());
	if (chan_rings(&s->ch, s->peer, SOAK_SLOT, &s->r) != CHAN_OK) {
		fail(s, "%s", chan_error());
		chan_close(&s->ch);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	static struct soak s;
	bool played = true;
	long long t0 = now_ms();
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 6 || !parse_u32(argv[2], &s.peer) ||
	    !parse_u32(argv[3], &s.rounds) || !parse_u32(argv[4], &s.count) ||
	    !parse_u32(argv[5], &s.lines) || s.rounds == 0)
		return usage();
	if (!open_soak(&s, argv[1])) {
		printf("soak: FAIL: %s\nTEST soak.channel_open FAIL\n"
		       "0 passed, 1 failed\n", s.why);
		return EXIT_FAILURE;
	}
	printf("soak: %u rounds on %s with peer %u: %u DATA each way and %u "
	       "console lines per cell each, %u-slot rings; the peer's lives "
	       "end by itself, on request and by a fault in turn\n", s.rounds,
	       argv[1], s.peer, s.count, s.lines, s.r.nslots);
	for (uint32_t i = 0; i < s.rounds && played; i++)
		played = play_round(&s, i);
	played = played && finish(&s);
	printf("soak: %s after %.1f s\n", played ? "done" : "stopped",
	       (double)(now_ms() - t0) / 1000.0);
	rc = report(&s, played);
	chan_close(&s.ch);
	return rc;
}
