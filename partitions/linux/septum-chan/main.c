/*
 * septum-chan: Septum IVSHMEM channels from a Linux cell's shell.
 *
 *   septum-chan list | state | send | recv | wait | pingpong ...
 *
 * (`septum-chan help`, -h or --help list the commands, on stdout.)  Exit
 * status: 0 when the command did what it says, 1 when it failed or timed
 * out, 2 for a usage error (an unknown command or option: the usage goes to
 * stderr).
 * Errors go to stderr as "septum-chan: <sentence>".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <septum/abi/ivshmem.h>

#include "chan.h"
#include "pingpong.h"

#define EXIT_USAGE 2
#define RECV_TIMEOUT_MS 1000
#define WAIT_TIMEOUT_MS (-1)
/* pingpong: how long a peer may take to come up, and to answer. */
#define PEER_UP_TIMEOUT_MS 10000
#define REPLY_TIMEOUT_MS 5000
/* pingpong: PINGs in flight at once (each still answered in order). */
#define PING_WINDOW 16u

struct command {
	const char *name;
	int min_args, max_args;
	const char *args;
	const char *what;
	int (*run)(char **argv, int argc);
};

/* Print "septum-chan: <sentence>" on stderr; returns `status`. */
static int vsay(int status, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("septum-chan: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return status;
}

/* A failure: the message, and the failure exit status. */
__attribute__((format(printf, 1, 2)))
static int complain(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsay(EXIT_FAILURE, fmt, ap);
	va_end(ap);
	return rc;
}

/* A malformed command line: the message, and the usage exit status. */
__attribute__((format(printf, 1, 2)))
static int misuse(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsay(EXIT_USAGE, fmt, ap);
	va_end(ap);
	return rc;
}

static int lib_error(void)
{
	return complain("%s", chan_error());
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Milliseconds left until `deadline` (0 if past); -1 stays "for ever". */
static int left_ms(long long deadline)
{
	long long left;

	if (deadline < 0)
		return -1;
	left = deadline - now_ms();
	return left > 0 ? (int)left : 0;
}

static long long deadline_in(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
}

static bool parse_u32(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || end == s || *end || n > UINT32_MAX || s[0] == '-')
		return false;
	*v = (uint32_t)n;
	return true;
}

static bool parse_timeout(const char *s, int *ms)
{
	uint32_t v;

	if (strcmp(s, "-1") == 0) {
		*ms = -1;
		return true;
	}
	if (!parse_u32(s, &v) || v > INT32_MAX)
		return false;
	*ms = (int)v;
	return true;
}

static void print_states(const struct chan *ch)
{
	for (uint32_t p = 0; p < ch->num_peers; p++)
		printf("%s%u=0x%x%s", p ? " " : "", p, chan_peer_state(ch, p),
		       p == ch->id ? " (this)" : "");
}

static void describe(const struct chan *ch)
{
	printf("%s: PCI %s, /dev/uio%u, peer %u of %u\n",
	       ch->info.name[0] ? ch->info.name : "(unnamed)", ch->info.pci,
	       ch->uio, ch->id, ch->num_peers);
	printf("  shared memory 0x%zx bytes: state table 0x%x, read/write "
	       "0x%llx, output 0x%llx per peer\n", ch->shmem_size,
	       ch->state_size, (unsigned long long)ch->rw_size,
	       (unsigned long long)ch->out_size);
	printf("  states: ");
	print_states(ch);
	printf("; doorbells dropped: %u\n", chan_dropped(ch));
}

static int cmd_list(char **argv, int argc)
{
	struct chan_info all[CHAN_MAX];
	struct chan ch;
	size_t n;
	int rc = EXIT_SUCCESS;

	(void)argv;
	(void)argc;
	if (chan_list(all, CHAN_MAX, &n) != CHAN_OK)
		return lib_error();
	if (n == 0)
		return complain("no channel: no ivshmem device %04x:%04x on "
				"PCI", IVSHMEM_PCI_VENDOR, IVSHMEM_PCI_DEVICE);
	for (size_t i = 0; i < n; i++) {
		if (chan_open_info(&ch, &all[i]) != CHAN_OK) {
			rc = lib_error();
			continue;
		}
		describe(&ch);
		chan_close(&ch);
	}
	return rc;
}

/* Open channel argv[0] and, if `peer_arg` is given, its rings to a peer. */
static int open_with_rings(struct chan *ch, const char *name,
			   const char *peer_arg, uint32_t *peer,
			   struct chan_ring *r)
{
	if (!parse_u32(peer_arg, peer))
		return misuse("bad peer ID '%s'", peer_arg);
	if (chan_open(ch, name) != CHAN_OK)
		return lib_error();
	if (chan_rings(ch, *peer, PINGPONG_SLOT, r) != CHAN_OK) {
		chan_close(ch);
		return lib_error();
	}
	return EXIT_SUCCESS;
}

static int cmd_state(char **argv, int argc)
{
	struct chan ch;
	uint32_t value;

	if (argc == 2 && !parse_u32(argv[1], &value))
		return misuse("bad state value '%s'", argv[1]);
	if (chan_open(&ch, argv[0]) != CHAN_OK)
		return lib_error();
	if (argc == 2)
		chan_set_state(&ch, value);
	printf("%s: ", argv[0]);
	print_states(&ch);
	printf("\n");
	chan_close(&ch);
	return EXIT_SUCCESS;
}

static int cmd_send(char **argv, int argc)
{
	struct chan_ring r;
	struct chan ch;
	uint32_t peer, len = (uint32_t)strlen(argv[2]);
	enum chan_ring_status st;
	int rc;

	(void)argc;
	rc = open_with_rings(&ch, argv[0], argv[1], &peer, &r);
	if (rc != EXIT_SUCCESS)
		return rc;
	st = chan_ring_send(&r, argv[2], len);
	if (st == CHAN_RING_OK)
		chan_notify(&ch, peer);
	else if (st == CHAN_RING_FULL)
		rc = complain("%s: the ring to peer %u is full (it has not "
			      "taken its messages)", argv[0], peer);
	else if (st == CHAN_RING_EINVAL)
		rc = complain("%s: a message of %u bytes does not fit a slot "
			      "(%u bytes at most)", argv[0], len,
			      chan_ring_max_msg(&r));
	else
		rc = complain("%s: peer %u's ring counters are corrupt",
			      argv[0], peer);
	chan_close(&ch);
	return rc;
}

/* Print a received message: text as it is, ping-pong messages decoded. */
static void print_message(const uint8_t *msg, uint32_t len)
{
	struct pingpong_msg m;

	if (pingpong_decode(msg, len, &m)) {
		printf("%s seq %u echo %u, %u payload bytes\n",
		       m.magic == PINGPONG_PING ? "PING" : "PONG", m.seq,
		       m.echo, m.len);
		return;
	}
	fwrite(msg, 1, len, stdout);
	printf("\n");
}

/*
 * Receive one message from the ring into buf, waiting for interrupts until
 * `deadline`.  EXIT_SUCCESS, or EXIT_FAILURE after printing why.
 */
static int receive(struct chan *ch, struct chan_ring *r, uint32_t peer,
		   long long deadline, uint8_t *buf, uint32_t *len)
{
	for (;;) {
		enum chan_ring_status st = chan_ring_recv(r, buf, PINGPONG_SLOT,
							  len);
		enum chan_status w;

		if (st == CHAN_RING_OK)
			return EXIT_SUCCESS;
		if (st != CHAN_RING_EMPTY)
			return complain("%s: peer %u's ring is corrupt (status "
					"%d)", ch->info.name, peer, st);
		w = chan_wait(ch, left_ms(deadline));
		if (w == CHAN_ETIMEOUT && chan_ring_pending(r))
			return complain("%s: a message from peer %u is in the "
					"ring but no interrupt announced it",
					ch->info.name, peer);
		if (w == CHAN_ETIMEOUT)
			return complain("%s: no message from peer %u in time "
					"(its state 0x%x)", ch->info.name, peer,
					chan_peer_state(ch, peer));
		if (w != CHAN_OK)
			return lib_error();
	}
}

static int cmd_recv(char **argv, int argc)
{
	uint8_t buf[PINGPONG_SLOT];
	struct chan_ring r;
	struct chan ch;
	int timeout = RECV_TIMEOUT_MS, rc;
	uint32_t peer, len;

	if (argc == 3 && !parse_timeout(argv[2], &timeout))
		return misuse("bad timeout '%s' (milliseconds, or -1)",
			      argv[2]);
	rc = open_with_rings(&ch, argv[0], argv[1], &peer, &r);
	if (rc != EXIT_SUCCESS)
		return rc;
	rc = receive(&ch, &r, peer, deadline_in(timeout), buf, &len);
	if (rc == EXIT_SUCCESS)
		print_message(buf, len);
	chan_close(&ch);
	return rc;
}

/*
 * wait NAME [TIMEOUT [PEER STATE]]: one interrupt, or interrupts until one
 * leaves PEER at STATE in the state table.  Says when it is listening, so a
 * script can start it in the background and then cause the event.
 */
static int cmd_wait(char **argv, int argc)
{
	int timeout = WAIT_TIMEOUT_MS, rc = EXIT_FAILURE;
	uint32_t peer = 0, want = 0;
	bool cond = argc == 4;
	long long deadline;
	enum chan_status w;
	struct chan ch;

	if (argc >= 2 && !parse_timeout(argv[1], &timeout))
		return misuse("bad timeout '%s' (milliseconds, or -1)",
			      argv[1]);
	if (argc == 3)
		return misuse("wait: give both PEER and STATE, or neither");
	if (cond && (!parse_u32(argv[2], &peer) || !parse_u32(argv[3], &want)))
		return misuse("bad peer '%s' or state '%s'", argv[2], argv[3]);
	if (chan_open(&ch, argv[0]) != CHAN_OK)
		return lib_error();
	if (cond && peer >= ch.num_peers) {
		chan_close(&ch);
		return complain("%s: no peer %u (%u peers)", argv[0], peer,
				ch.num_peers);
	}
	printf("%s: listening for interrupts\n", argv[0]);
	fflush(stdout);
	deadline = deadline_in(timeout);
	while ((w = chan_wait(&ch, left_ms(deadline))) == CHAN_OK) {
		printf("%s: interrupt; states ", argv[0]);
		print_states(&ch);
		printf("\n");
		fflush(stdout);
		if (!cond || chan_peer_state(&ch, peer) == want) {
			rc = EXIT_SUCCESS;
			break;
		}
	}
	if (w == CHAN_ETIMEOUT && cond)
		complain("%s: peer %u not at state 0x%x after an interrupt "
			 "within %d ms", argv[0], peer, want, timeout);
	else if (w != CHAN_OK)
		lib_error();
	chan_close(&ch);
	return rc;
}

/* The PING numbered `seq`: a payload of varying length and content. */
static void make_ping(uint32_t seq, struct pingpong_msg *m)
{
	m->magic = PINGPONG_PING;
	m->seq = seq;
	m->echo = 0;
	m->len = seq % (PINGPONG_MAX_PAYLOAD + 1u);
	for (uint32_t i = 0; i < m->len; i++)
		m->payload[i] =
			(uint8_t)((seq * 2654435761u) >> (i % 4 * 8) ^ i);
}

struct pingpong {
	struct chan *ch;
	struct chan_ring *r;
	uint32_t peer, count, sent, got;
	uint32_t base;		/* the peer's first PONG number */
	uint32_t interrupts;
	char why[160];		/* the failure */
};

/* Check reply number pp->got (the answer to PING pp->got). */
static bool check_pong(struct pingpong *pp, const uint8_t *wire, uint32_t n)
{
	struct pingpong_msg m, want;

	make_ping(pp->got, &want);
	if (!pingpong_decode(wire, n, &m)) {
		snprintf(pp->why, sizeof(pp->why), "reply %u: %s (%u bytes)",
			 pp->got, pingpong_is_binary(wire, n) ?
			 "bad length or CRC-32" : "not a ping-pong message", n);
		return false;
	}
	if (pp->got == 0)
		pp->base = m.seq;
	if (m.magic != PINGPONG_PONG || m.echo != pp->got ||
	    m.seq != pp->base + pp->got) {
		snprintf(pp->why, sizeof(pp->why), "reply %u: %s seq %u echo "
			 "%u, expected PONG seq %u echo %u", pp->got,
			 m.magic == PINGPONG_PONG ? "PONG" : "PING", m.seq,
			 m.echo, pp->base + pp->got, pp->got);
		return false;
	}
	if (m.len != want.len || memcmp(m.payload, want.payload, m.len)) {
		snprintf(pp->why, sizeof(pp->why), "reply %u: payload differs "
			 "from the PING's", pp->got);
		return false;
	}
	return true;
}

/* Queue PINGs while the window allows; ring the doorbell if any went. */
static bool send_pings(struct pingpong *pp, uint32_t window)
{
	uint8_t wire[PINGPONG_MAX_WIRE];
	struct pingpong_msg m;
	uint32_t before = pp->sent;
	enum chan_ring_status st = CHAN_RING_OK;

	while (pp->sent < pp->count && pp->sent - pp->got < window) {
		make_ping(pp->sent, &m);
		st = chan_ring_send(pp->r, wire, pingpong_encode(&m, wire));
		if (st != CHAN_RING_OK)
			break;
		pp->sent++;
	}
	if (pp->sent != before)
		chan_notify(pp->ch, pp->peer);
	if (st == CHAN_RING_OK || st == CHAN_RING_FULL)
		return true;
	snprintf(pp->why, sizeof(pp->why), "sending PING %u: ring error %d",
		 pp->sent, st);
	return false;
}

/* Take every reply there is; false on a bad one. */
static bool take_pongs(struct pingpong *pp, bool *progress)
{
	uint8_t wire[PINGPONG_SLOT];
	enum chan_ring_status st;
	uint32_t n;

	while ((st = chan_ring_recv(pp->r, wire, sizeof(wire), &n)) ==
	       CHAN_RING_OK) {
		if (pp->got >= pp->sent) {
			snprintf(pp->why, sizeof(pp->why), "a reply nobody "
				 "asked for after %u", pp->got);
			return false;
		}
		if (!check_pong(pp, wire, n))
			return false;
		pp->got++;
		*progress = true;
	}
	if (st == CHAN_RING_EMPTY)
		return true;
	snprintf(pp->why, sizeof(pp->why), "after reply %u: the peer's ring "
		 "is corrupt (status %d)", pp->got, st);
	return false;
}

/* Sleep for the next reply; false (with the reason) if none comes. */
static bool await_pong(struct pingpong *pp)
{
	enum chan_status w = chan_wait(pp->ch, REPLY_TIMEOUT_MS);

	if (w == CHAN_OK) {
		pp->interrupts++;
		return true;
	}
	if (w != CHAN_ETIMEOUT)
		snprintf(pp->why, sizeof(pp->why), "%s", chan_error());
	else if (chan_ring_pending(pp->r))
		snprintf(pp->why, sizeof(pp->why), "reply %u is in the ring "
			 "but no interrupt came within %d ms", pp->got,
			 REPLY_TIMEOUT_MS);
	else
		snprintf(pp->why, sizeof(pp->why), "no reply to PING %u "
			 "within %d ms (peer state 0x%x, doorbells dropped "
			 "%u)", pp->got, REPLY_TIMEOUT_MS,
			 chan_peer_state(pp->ch, pp->peer),
			 chan_dropped(pp->ch));
	return false;
}

/* Wait (interrupt-driven) for the peer's state to be non-zero. */
static bool await_peer_up(struct pingpong *pp)
{
	long long deadline = deadline_in(PEER_UP_TIMEOUT_MS);

	while (chan_peer_state(pp->ch, pp->peer) == 0) {
		enum chan_status w = chan_wait(pp->ch, left_ms(deadline));

		if (w == CHAN_ETIMEOUT) {
			snprintf(pp->why, sizeof(pp->why), "peer %u did not "
				 "come up (state 0) within %d ms", pp->peer,
				 PEER_UP_TIMEOUT_MS);
			return false;
		}
		if (w != CHAN_OK) {
			snprintf(pp->why, sizeof(pp->why), "%s", chan_error());
			return false;
		}
	}
	return true;
}

/* Throw away what the peer sent before this run; how many. */
static uint32_t drain(struct chan_ring *r)
{
	uint8_t wire[PINGPONG_SLOT];
	uint32_t n, dropped = 0;

	while (chan_ring_recv(r, wire, sizeof(wire), &n) == CHAN_RING_OK)
		dropped++;
	return dropped;
}

static bool run_pingpong(struct pingpong *pp)
{
	uint32_t window = PING_WINDOW, stale;
	bool progress;

	if (window > pp->r->nslots / 2)
		window = pp->r->nslots / 2;
	if (!await_peer_up(pp))
		return false;
	stale = drain(pp->r);
	if (stale)
		printf("%s: dropped %u earlier messages from peer %u\n",
		       pp->ch->info.name, stale, pp->peer);
	while (pp->got < pp->count) {
		progress = false;
		if (!send_pings(pp, window) || !take_pongs(pp, &progress))
			return false;
		if (!progress && !await_pong(pp))
			return false;
	}
	return true;
}

static int cmd_pingpong(char **argv, int argc)
{
	struct pingpong pp = { 0 };
	struct chan_ring r;
	struct chan ch;
	long long t0;
	int rc;

	(void)argc;
	if (!parse_u32(argv[2], &pp.count) || pp.count == 0)
		return misuse("bad message count '%s'", argv[2]);
	rc = open_with_rings(&ch, argv[0], argv[1], &pp.peer, &r);
	if (rc != EXIT_SUCCESS)
		return rc;
	pp.ch = &ch;
	pp.r = &r;
	t0 = now_ms();
	if (run_pingpong(&pp)) {
		double secs = (double)(now_ms() - t0) / 1000.0;

		printf("pingpong %s peer %u: PASS: %u PINGs answered in order "
		       "(sequence numbers, payload, CRC-32 checked) in %.2f s, "
		       "%.0f round trips/s, %u interrupts\n", argv[0], pp.peer,
		       pp.count, secs, secs > 0 ? pp.count / secs : 0.0,
		       pp.interrupts);
	} else {
		printf("pingpong %s peer %u: FAIL: %s (%u sent, %u answered)\n",
		       argv[0], pp.peer, pp.why, pp.sent, pp.got);
		rc = EXIT_FAILURE;
	}
	chan_close(&ch);
	return rc;
}

static int cmd_help(char **argv, int argc);

static const struct command commands[] = {
	{ "list", 0, 0, "", "every channel: name, PCI address, ID, peers, "
	  "sizes, states", cmd_list },
	{ "state", 1, 2, "NAME [VALUE]", "show the state table, or set this "
	  "peer's state first", cmd_state },
	{ "send", 3, 3, "NAME PEER TEXT", "queue TEXT for PEER and ring its "
	  "doorbell", cmd_send },
	{ "recv", 2, 3, "NAME PEER [TIMEOUT_MS]", "print PEER's next message "
	  "(waits 1000 ms by default, -1: for ever)", cmd_recv },
	{ "wait", 1, 4, "NAME [TIMEOUT_MS [PEER STATE]]", "wait for an "
	  "interrupt (doorbell or state change); with PEER STATE, until one "
	  "leaves PEER at STATE", cmd_wait },
	{ "pingpong", 3, 3, "NAME PEER COUNT", "COUNT PINGs to PEER, every "
	  "PONG checked (sequence numbers, payload, CRC-32)", cmd_pingpong },
	{ "help", 0, 0, "", "this text", cmd_help },
};

static int usage(FILE *f)
{
	fprintf(f, "usage: septum-chan COMMAND [ARGS]\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s %s\n      %s\n", commands[i].name,
			commands[i].args, commands[i].what);
	fprintf(f, "NAME is the channel's name (its PCI device's DT label or ACPI "
		"description), "
		"PEER a peer ID.\nExit status: 0 done, 1 failed or timed out, "
		"2 usage error.\n");
	return f == stdout ? EXIT_SUCCESS : EXIT_USAGE;
}

static int cmd_help(char **argv, int argc)
{
	(void)argv;
	(void)argc;
	return usage(stdout);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(stdout);
	if (argv[1][0] == '-') {
		misuse("unknown option '%s'", argv[1]);
		return usage(stderr);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];

		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (argc - 2 < c->min_args || argc - 2 > c->max_args)
			return misuse("usage: septum-chan %s %s", c->name,
				      c->args);
		return c->run(argv + 2, argc - 2);
	}
	misuse("unknown command '%s'", argv[1]);
	return usage(stderr);
}
