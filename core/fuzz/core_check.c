/*
 * Core's invariants (core_check.h).  Harness code: it keeps its own state
 * across inputs and resets it in core_check_boot().
 */
#include <septum/config.h>
#include <septum/mux.h>
#include <string.h>

#include "core_check.h"
#include "fuzz.h"

#define STREAM_MAX 65536

/* Each cell's console bytes: queued (line ends aside), and seen on the line. */
struct stream {
	char queued[STREAM_MAX];
	size_t nqueued, emitted;
	uint64_t total;		/* bytes queued, line ends included */
	bool overflow;
};

static struct stream streams[SEPTUM_MAX_CELLS];
static size_t parsed;		/* console output checked so far */

static const struct septum_config *cfg(void)
{
	return config_get();
}

static const char *name(unsigned int c)
{
	return cfg()->cells[c].name;
}

size_t __wrap_mux_put(unsigned int src, const char *bytes, size_t n)
{
	size_t taken = __real_mux_put(src, bytes, n);
	struct stream *s;

	if (src == MUX_SOURCE_HYP || src > SEPTUM_MAX_CELLS)
		return taken;
	s = &streams[src - 1];
	s->total += taken;
	for (size_t i = 0; i < taken; i++) {
		if (bytes[i] == '\r' || bytes[i] == '\n')
			continue;
		if (s->nqueued == STREAM_MAX)
			s->overflow = true;
		else
			s->queued[s->nqueued++] = bytes[i];
	}
	return taken;
}

void core_check_boot(void)
{
	memset(streams, 0, sizeof(streams));
	parsed = 0;
}

/* --- snapshots ------------------------------------------------------------ */

void core_snap(unsigned int c, struct core_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->cell = *cell_get(c);
	s->uart = pl011_states[c];
	s->uart.line = false;
	/* RIS follows the console (events); the mask is the cell's. */
	s->uart.status &= PL011_STATUS_IMSC;
	s->uart.lock = (struct spinlock)SPINLOCK_INIT;	/* console events */
	s->queued = streams[c].total;
	s->rx = mux_rx_count(mux_source_of(c));
	for (unsigned int i = 0; i < cfg()->header.num_channels; i++) {
		for (unsigned int k = 0; k < cfg()->channels[i].num_peers; k++) {
			struct ivshmem_dev *d = &s->dev[i][k];

			if (cfg()->channels[i].peers[k].cell != c)
				continue;
			*d = ivshmem_chans[i].dev[k];
			d->pending = false;
			if (d->priv_control & IVSHMEM_PRIV_ONESHOT)
				d->int_control = 0;
			s->table[i][k] = ivshmem_chans[i].table ?
						 ivshmem_chans[i].table[k] : 0;
		}
	}
}

const char *core_snap_diff(const struct core_snap *a, const struct core_snap *b,
			   bool input)
{
	if (memcmp(&a->cell, &b->cell, sizeof(a->cell)))
		return "cell and vCPU records";
	if (memcmp(&a->uart, &b->uart, sizeof(a->uart)))
		return "virtual UART";
	if (a->queued != b->queued)
		return "console output";
	if (a->rx != b->rx && !input)
		return "console input";
	if (memcmp(a->dev, b->dev, sizeof(a->dev)))
		return "IVSHMEM devices";
	if (memcmp(a->table, b->table, sizeof(a->table)))
		return "IVSHMEM state table entries";
	return NULL;
}

bool core_event_intid(unsigned int c, uint32_t vintid)
{
	const struct septum_cell *s = &cfg()->cells[c];

	if (s->vuart.kind != SEPTUM_VUART_NONE && s->vuart.vintid == vintid)
		return true;
	for (unsigned int i = 0; i < cfg()->header.num_channels; i++) {
		const struct septum_channel *ch = &cfg()->channels[i];

		for (unsigned int k = 0; k < ch->num_peers; k++) {
			if (ch->peers[k].cell == c && ch->peers[k].vintid == vintid)
				return true;
		}
	}
	return false;
}

/* --- channels --------------------------------------------------------------- */

void core_check_tables(void)
{
	for (unsigned int i = 0; i < cfg()->header.num_channels; i++) {
		const struct ivshmem_chan *ch = &ivshmem_chans[i];

		for (unsigned int k = 0; k < cfg()->channels[i].num_peers; k++) {
			uint32_t entry = ch->table ? ch->table[k] : 0;

			if (entry != ch->dev[k].state)
				check_fail("channel %s: state table says %u for "
					   "peer %u, its device %u",
					   cfg()->channels[i].name, entry, k,
					   ch->dev[k].state);
		}
	}
}

void core_check_restarted(unsigned int c)
{
	static const struct ivshmem_dev zero;

	for (unsigned int i = 0; i < cfg()->header.num_channels; i++) {
		for (unsigned int k = 0; k < cfg()->channels[i].num_peers; k++) {
			const struct ivshmem_dev *d = &ivshmem_chans[i].dev[k];

			if (cfg()->channels[i].peers[k].cell != c)
				continue;
			if (memcmp(d, &zero, sizeof(zero)) ||
			    (ivshmem_chans[i].table && ivshmem_chans[i].table[k]))
				check_fail("cell %s restarted with its IVSHMEM "
					   "device on channel %s not reset (state "
					   "%u, interrupts 0x%x)", name(c),
					   cfg()->channels[i].name, d->state,
					   d->int_control);
		}
	}
	if (mux_rx_count(mux_source_of(c)))
		check_fail("cell %s restarted with %u bytes of console input "
			   "from its last life", name(c),
			   mux_rx_count(mux_source_of(c)));
}

/* --- console output ------------------------------------------------------ */

/* The cell whose tag starts line [p, p + n), or -1 for the hypervisor's. */
static int line_owner(const char *p, size_t n, size_t *skip)
{
	static const char hyp[] = "[septum] ";

	if (n >= sizeof(hyp) - 1 && !memcmp(p, hyp, sizeof(hyp) - 1)) {
		*skip = n;
		return -1;
	}
	for (unsigned int c = 0; c < cfg()->header.num_cells; c++) {
		size_t len = strlen(name(c));

		if (cfg()->cells[c].vuart.kind != SEPTUM_VUART_NONE &&
		    n >= len + 3 && p[0] == '[' && !memcmp(p + 1, name(c), len) &&
		    p[len + 1] == ']' && p[len + 2] == ' ') {
			*skip = len + 3;
			return (int)c;
		}
	}
	check_fail("console line without a cell's tag: \"%.*s\"", (int)n, p);
}

/*
 * Whether line [p, p + n) has its tag (skip bytes) again at i: the mux
 * repeats it before text after a carriage return (always), or after an
 * escape sequence the cell wrote (when the cell's bytes do not match).
 */
static bool retagged(const char *p, size_t n, size_t i, size_t skip,
		     bool esc, bool matches)
{
	if (p[i - 1] != '\r' && (!esc || matches))
		return false;
	return i + skip <= n && !memcmp(p + i, p, skip);
}

static void check_line(const char *p, size_t n)
{
	size_t skip;
	int c = line_owner(p, n, &skip);
	struct stream *s;
	bool esc = false;

	if (c < 0)
		return;
	s = &streams[c];
	for (size_t i = skip; i < n && !s->overflow; i++, s->emitted++) {
		if (p[i] == '\r') {	/* the cell's own, not queued */
			s->emitted--;
			continue;
		}
		if (retagged(p, n, i, skip, esc, s->emitted < s->nqueued &&
			     s->queued[s->emitted] == p[i])) {
			i += skip - 1;
			s->emitted--;
			continue;
		}
		esc |= p[i] == 0x1b;
		if (s->emitted >= s->nqueued || s->queued[s->emitted] != p[i])
			check_fail("console: cell %s's output byte %zu is '%c', "
				   "it wrote '%c'", name((unsigned)c), s->emitted,
				   p[i], s->emitted < s->nqueued ?
				   s->queued[s->emitted] : '?');
	}
}

void core_check_console(const char *out, size_t len, bool truncated)
{
	while (!truncated && parsed < len) {
		const char *start = out + parsed;
		size_t left = len - parsed;
		const char *cr = memchr(start, '\n', left);

		/* A cell's lone '\r' goes out inside its line. */
		if (!cr)
			return;
		if (cr == start || cr[-1] != '\r')
			check_fail("console: line feed without a carriage return");
		cr--;
		check_line(start, (size_t)(cr - start));
		parsed += (size_t)(cr - start) + 2;
	}
}
