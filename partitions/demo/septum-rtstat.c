/*
 * septum-rtstat: the real-time cell's live statistics, from the Linux cell
 * of Septum's demo.
 *
 *   septum-rtstat [-c CHANNEL] [-n COUNT] [-i SECONDS]
 *   septum-rtstat -h | --help
 *
 * Opens the channel (default rt-linux) by name through libseptum-chan, finds
 * the peer whose state says it publishes statistics (rtstat.h), reads its
 * block under the block's sequence lock and prints it: ticks, deadline
 * misses, wake-up latency min/avg/max and the latency histogram.  -n COUNT
 * prints COUNT snapshots (0: until interrupted), -i SECONDS apart (default
 * 1, fractions allowed); later snapshots also show what changed.
 *
 * Exit status: 0 when every snapshot was read (or the usage was asked for:
 * it goes to stdout), 1 when the rt cell is not publishing or the channel
 * cannot be used, 2 for a usage error (the usage goes to stderr).  Errors go
 * to stderr as "septum-rtstat: <sentence>".
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chan.h"
#include "rtstat.h"

#define EXIT_USAGE 2
#define DEFAULT_CHANNEL "rt-linux"
/* rt rewrites the block every millisecond, for well under a microsecond:
 * a reader that keeps meeting a write is retried this often, this far
 * apart, before it gives up. */
#define READ_TRIES 1000
#define READ_RETRY_NS 100000L
#define NS_PER_S 1000000000.0
#define NS_PER_US 1000.0

struct options {
	const char *channel;
	unsigned long count;		/* 0: for ever */
	double interval_s;
	bool help;			/* -h, --help: the usage, nothing else */
};

/* Print "septum-rtstat: <sentence>" on stderr; returns `status`. */
__attribute__((format(printf, 2, 3)))
static int say(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("septum-rtstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* The usage on f: asked for (stdout, status 0) or after a mistake (2). */
static int usage(FILE *f)
{
	fprintf(f, "usage: septum-rtstat [-c CHANNEL] [-n COUNT] "
		"[-i SECONDS]\n"
		"  the real-time cell's statistics on CHANNEL (default %s);\n"
		"  COUNT snapshots (default 1, 0: until interrupted), SECONDS "
		"apart (default 1)\n"
		"  -h, --help: this text\n", DEFAULT_CHANNEL);
	return f == stdout ? EXIT_SUCCESS : EXIT_USAGE;
}

static bool parse_count(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && s[0] != '-';
}

static bool parse_seconds(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' && *v >= 0.0 &&
	       *v <= 86400.0;
}

/* 0, or the exit status of a usage error. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->channel = DEFAULT_CHANNEL;
	o->count = 1;
	o->interval_s = 1.0;
	o->help = false;
	while ((c = getopt_long(argc, argv, "c:n:i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			o->help = true;
			break;
		case 'c':
			o->channel = optarg;
			break;
		case 'n':
			if (!parse_count(optarg, &o->count))
				return say(EXIT_USAGE, "bad count '%s'", optarg);
			break;
		case 'i':
			if (!parse_seconds(optarg, &o->interval_s))
				return say(EXIT_USAGE, "bad interval '%s' (seconds, "
					   "0 to 86400)", optarg);
			break;
		default:
			return usage(stderr);
		}
	}
	return optind == argc ? 0 : usage(stderr);
}

/* The peer whose state says it publishes; false if there is none. */
static bool find_publisher(const struct chan *ch, uint32_t *peer)
{
	for (uint32_t p = 0; p < ch->num_peers; p++) {
		if (p != ch->id &&
		    chan_peer_state(ch, p) == RTSTAT_STATE_PUBLISHING) {
			*peer = p;
			return true;
		}
	}
	return false;
}

static int not_publishing(const struct chan *ch)
{
	char states[128] = "";
	size_t n = 0;

	for (uint32_t p = 0; p < ch->num_peers && n < sizeof(states); p++)
		n += (size_t)snprintf(states + n, sizeof(states) - n, "%s%u=0x%x",
				      p ? " " : "", p, chan_peer_state(ch, p));
	return say(EXIT_FAILURE, "the real-time cell is not publishing on "
		   "channel %s (states: %s; it publishes with state 0x%x): it "
		   "is stopped, restarting or not started yet", ch->info.name,
		   states, RTSTAT_STATE_PUBLISHING);
}

/*
 * Copy the block at `b` under its sequence lock (rtstat.h): true once two
 * reads of seq around the copy agree on an even value.
 */
static bool read_consistent(const struct rtstat *b, struct rtstat *out)
{
	const struct timespec nap = { 0, READ_RETRY_NS };

	for (int i = 0; i < READ_TRIES; i++) {
		uint32_t seq = __atomic_load_n(&b->seq, __ATOMIC_ACQUIRE);

		if ((seq & 1u) == 0) {
			memcpy(out, b, sizeof(*out));
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (__atomic_load_n(&b->seq, __ATOMIC_RELAXED) == seq)
				return true;
		}
		nanosleep(&nap, NULL);
	}
	return false;
}

/* One snapshot of the publisher's block into `s`: 0 or an exit status. */
static int take_snapshot(const struct chan *ch, struct rtstat *s,
			 uint32_t *peer)
{
	const struct rtstat *b;

	if (!find_publisher(ch, peer))
		return not_publishing(ch);
	if (ch->out_size < sizeof(*s))
		return say(EXIT_FAILURE, "channel %s's output sections (0x%llx "
			   "bytes) cannot hold the statistics", ch->info.name,
			   (unsigned long long)ch->out_size);
	b = (const struct rtstat *)(ch->shmem +
		rtstat_offset(ch->state_size, ch->rw_size, ch->out_size, *peer));
	if (!read_consistent(b, s))
		return say(EXIT_FAILURE, "peer %u's statistics kept changing "
			   "while read (%d tries)", *peer, READ_TRIES);
	if (s->magic != RTSTAT_MAGIC || s->version != RTSTAT_VERSION ||
	    s->size != sizeof(*s) || s->counter_hz == 0 ||
	    s->period_ns == 0)
		return say(EXIT_FAILURE, "peer %u publishes no statistics this "
			   "tool knows (magic 0x%08x, version %u, size %u; "
			   "expected 0x%08x, %u, %zu)", *peer, s->magic,
			   s->version, s->size, RTSTAT_MAGIC, RTSTAT_VERSION,
			   sizeof(*s));
	return 0;
}

static double us(uint64_t ns)
{
	return (double)ns / NS_PER_US;
}

static void print_histogram(const struct rtstat *s)
{
	uint32_t lo = 0;

	printf("  histogram  (wake-up latency: ticks)\n");
	for (uint32_t i = 0; i < RTSTAT_BUCKETS; i++) {
		double pct = s->ticks ? 100.0 * (double)s->hist[i] /
						(double)s->ticks : 0.0;

		if (s->bucket_us[i] == UINT32_MAX)
			printf("    >= %4u us   ", lo);
		else
			printf("    %4u-%-4u us ", lo, s->bucket_us[i]);
		printf("%12llu  %6.2f%%\n", (unsigned long long)s->hist[i],
		       pct);
		lo = s->bucket_us[i];
	}
}

/* The block, and with `prev` (the same start of rt) what changed since. */
static void print_snapshot(const struct rtstat *s, const struct rtstat *prev,
			   const char *channel, uint32_t peer)
{
	double seconds = (double)s->ticks * s->period_ns / NS_PER_S;
	uint64_t avg = s->ticks ? s->lat_sum_ns / s->ticks : 0;

	printf("rt cell: peer %u on %s, start %u, %.0f Hz task, %llu Hz "
	       "counter\n", peer, channel, s->starts,
	       NS_PER_S / s->period_ns, (unsigned long long)s->counter_hz);
	printf("  ticks      %llu (%.1f s)", (unsigned long long)s->ticks,
	       seconds);
	if (prev)
		printf(", +%llu", (unsigned long long)(s->ticks - prev->ticks));
	printf("\n  misses     %llu", (unsigned long long)s->misses);
	if (prev)
		printf(", +%llu", (unsigned long long)(s->misses - prev->misses));
	printf("\n  latency    min %.1f us, avg %.1f us, max %.1f us\n",
	       us(s->lat_min_ns), us(avg), us(s->lat_max_ns));
	print_histogram(s);
}

static void sleep_s(double seconds)
{
	struct timespec t;

	t.tv_sec = (time_t)seconds;
	t.tv_nsec = (long)((seconds - (double)t.tv_sec) * NS_PER_S);
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

static int run(const struct options *o, const struct chan *ch)
{
	struct rtstat s, prev;
	bool have_prev = false;
	uint32_t peer = 0;
	int rc;

	for (unsigned long i = 0; o->count == 0 || i < o->count; i++) {
		if (i)
			sleep_s(o->interval_s);
		rc = take_snapshot(ch, &s, &peer);
		if (rc)
			return rc;
		if (i)
			printf("\n");
		print_snapshot(&s, have_prev && prev.starts == s.starts &&
					   s.ticks >= prev.ticks ? &prev : NULL,
			       ch->info.name, peer);
		fflush(stdout);
		prev = s;
		have_prev = true;
	}
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct options o;
	struct chan ch;
	int rc = parse_options(argc, argv, &o);

	if (rc)
		return rc;
	if (o.help)
		return usage(stdout);
	if (chan_open(&ch, o.channel) != CHAN_OK)
		return say(EXIT_FAILURE, "%s", chan_error());
	rc = run(&o, &ch);
	chan_close(&ch);
	return rc;
}
