/*
 * The console mux (see septum/mux.h).
 *
 * Each source's ring has one producer (the caller serialises a source's
 * producers) and one consumer (whoever holds `drain_lock`), so head and tail
 * need only acquire/release ordering.  The drain state (which source's line
 * is open on the UART, how far its tag got) belongs to the drain lock.
 *
 * The file is built for speed; its COLD functions lock through the shared
 * out-of-line copies (spin_lock_shared()), as code built for size does.
 */
#include <septum/arch/timer.h>
#include <septum/config.h>
#include <septum/drivers/uart.h>
#include <septum/fmt.h>
#include <septum/hypmem.h>
#include <septum/log.h>
#include <septum/mux.h>
#include <septum/spinlock.h>

#define NSOURCES (1 + SEPTUM_MAX_CELLS)
#define TAG_MAX (SEPTUM_NAME_LEN + 3)
#define DRAIN_BUDGET 4096	/* bytes per drain, so no CPU stays long */
#define RETRY_US 500		/* look again this soon when the UART is busy */

struct source {
	char *ring;		/* MUX_RING_SIZE bytes, once used */
	uint32_t head;		/* next byte written (producer) */
	uint32_t tail;		/* next byte read (drain) */
	uint32_t looked;	/* drain: no '\n' from tail to here */
	uint64_t last_put;	/* counter value of the last bytes added */
	char tag[TAG_MAX];	/* "[name] ", or "" for the hypervisor */
	bool used;
	/*
	 * The source's terminal state as its bytes reach the UART (drain
	 * lock): an escape sequence under way, a '\r' held back until the
	 * next byte shows whether it ends the line, and whether the cursor
	 * was sent back to the start of a line or the screen cleared, so the
	 * tag must be written again before more text.
	 */
	struct term {
		enum { TERM_TEXT, TERM_ESC, TERM_CSI, TERM_STRING } state;
		unsigned int args[2];	/* a CSI sequence's first two numbers */
		unsigned int nargs;	/* separators seen */
		bool cr_held;
		bool retag;
		bool moved;	/* bytes went out since the tag or a '\r' */
	} term;
	/* Input for the source's cell: one producer (input), one consumer. */
	uint8_t rx[MUX_RX_SIZE];
	uint32_t rx_head, rx_tail;
	uint64_t rx_lost;	/* bytes received while its ring was full */
};

/* The hypervisor's ring is here from the first log line; the cells'
 * come from the hypervisor's memory, for the cells that have a console. */
static char hyp_ring[MUX_RING_SIZE];
static struct source sources[NSOURCES] = {
	[MUX_SOURCE_HYP] = { .ring = hyp_ring, .used = true },
};
static bool rings_taken;
static const struct uart_ops *uart;
static uintptr_t uart_base;
static bool active;
static struct spinlock drain_lock = SPINLOCK_INIT;

/* Drain state, under drain_lock. */
static int open_src = -1;	/* source whose line is on the UART */
static unsigned int tag_pos;	/* bytes of its tag written so far */
static bool lf_pending;		/* '\r' written, '\n' still to go */
static unsigned int next_src;	/* round-robin start */
static bool stopping;		/* flush partial lines at once */
/*
 * Sources with news for their cell since it was last told: output drained
 * (room again), or input arrived.  The telling (mux_take_news(), by the
 * console) takes the cell's UART lock, so it never happens from mux_put()
 * (called under that lock).
 */
static uint32_t news;

/* Input state (one receiver: the UART interrupt, under input_lock). */
static struct spinlock input_lock = SPINLOCK_INIT;
static int focus = -1;
static enum { IN_NORMAL, IN_ESCAPE, IN_NAME } in_state;
static char in_name[SEPTUM_NAME_LEN];
static unsigned int in_name_len;

static uint32_t used_bytes(const struct source *s)
{
	return __atomic_load_n(&s->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&s->tail, __ATOMIC_ACQUIRE);
}

bool mux_active(void)
{
	return __atomic_load_n(&active, __ATOMIC_ACQUIRE);
}

size_t mux_space(unsigned int src)
{
	return src < NSOURCES ? MUX_RING_SIZE - used_bytes(&sources[src]) : 0;
}

size_t mux_pending(unsigned int src)
{
	return src < NSOURCES ? used_bytes(&sources[src]) : 0;
}

int mux_focus(void)
{
	return __atomic_load_n(&focus, __ATOMIC_ACQUIRE);
}

/* The counter's ticks per microsecond, read once (mux_init()): a fixed rate. */
static uint64_t ticks_per_us;

static uint64_t ticks_from_us(uint64_t us)
{
	return ticks_per_us * us;
}

/*
 * Whether s has had no new bytes for `ms`.  Signed: `now` was read before
 * another CPU may have stamped a later last_put.
 */
static bool idle(const struct source *s, uint64_t now, unsigned int ms)
{
	int64_t quiet = (int64_t)(now - __atomic_load_n(&s->last_put,
							  __ATOMIC_RELAXED));

	return quiet >= (int64_t)ticks_from_us((uint64_t)ms * 1000);
}

/*
 * Whether source s may start (or continue) a line on the UART now.  A
 * whole line is looked for only in the bytes that came since the last
 * look, so a line costs its length, not its length squared.
 */
static bool ready(struct source *s, uint64_t now)
{
	uint32_t n;

	if (!s->used)
		return false;	/* never has bytes (mux_put() takes none) */
	n = used_bytes(s);
	if (n == 0)
		return false;
	if (n == MUX_RING_SIZE || stopping)
		return true;	/* full (or the end): its partial line must go */
	if (s->looked - s->tail > n)
		s->looked = s->tail;	/* the drain went past it */
	for (; s->looked != s->tail + n; s->looked++) {
		if (s->ring[s->looked % MUX_RING_SIZE] == '\n')
			return true;	/* a whole line */
	}
	return idle(s, now, MUX_IDLE_MS);
}

/* The first ready source from `from` on, round-robin, but `except`; or -1. */
static int next_ready(unsigned int from, int except, uint64_t now)
{
	for (unsigned int i = 0; i < NSOURCES; i++) {
		unsigned int s = (from + i) % NSOURCES;

		if ((int)s != except && ready(&sources[s], now))
			return (int)s;
	}
	return -1;
}

/* The next source with something to write, round-robin, or -1. */
static int pick(uint64_t now)
{
	int s = next_ready(next_src, -1, now);

	if (s >= 0)
		next_src = (unsigned int)s + 1;
	return s;
}

/* Some other source has a whole line waiting (so an idle open line yields). */
static bool others_waiting(int except, uint64_t now)
{
	return next_ready(0, except, now) >= 0;
}

#define ASCII_ESC 0x1b
#define ASCII_BEL 0x07

/*
 * A CSI sequence's final byte: whether it leaves the cursor at the start of
 * a line (CUP, HVP or CHA to column 1) or clears the whole screen (ED 2, 3).
 */
static bool csi_moves_home(const struct term *t, char final)
{
	switch (final) {
	case 'H':
	case 'f':
		return t->nargs == 0 || t->args[1] <= 1;
	case 'G':
		return t->args[0] <= 1;
	case 'J':
		return t->args[0] >= 2;
	default:
		return false;
	}
}

static void csi_arg(struct term *t, char c)
{
	unsigned int *a;

	if (c == ';') {
		t->nargs++;
		return;
	}
	if (t->nargs >= 2)
		return;
	a = &t->args[t->nargs];
	if (*a < 10000)
		*a = *a * 10 + (unsigned int)(c - '0');
}

/*
 * Follow an ECMA-48 escape sequence through byte c (written to the UART):
 * ESC c (reset) and the CSI sequences of csi_moves_home() ask for the tag
 * again.  Strings (OSC, DCS, ...) end at BEL or ESC \.  An ESC starts a
 * new sequence in any state (it cancels one under way).  Only an ESC or a
 * sequence under way gets here (next_byte()): plain text is the fast way.
 */
static COLD NOINLINE void term_track(struct term *t, char c)
{
	bool home = false;	/* the sequence ends: whether it sent us home */

	if (c == ASCII_ESC) {
		t->state = TERM_ESC;
		return;
	}
	switch (t->state) {
	case TERM_ESC:
		if (c == '[') {
			t->state = TERM_CSI;
			t->args[0] = 0;
			t->args[1] = 0;
			t->nargs = 0;
			return;
		}
		if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
			t->state = TERM_STRING;
			return;
		}
		if (c >= 0x20 && c <= 0x2f)
			return;		/* an intermediate */
		home = c == 'c';
		break;
	case TERM_CSI:
		if ((c >= '0' && c <= '9') || c == ';') {
			csi_arg(t, c);
			return;
		}
		if (c < 0x40 || c > 0x7e)
			return;
		home = csi_moves_home(t, c);
		break;
	case TERM_STRING:
		if (c != ASCII_BEL)
			return;
		break;
	default:
		return;		/* TERM_TEXT: only an ESC matters */
	}
	t->retag |= home;
	t->state = TERM_TEXT;
}

/* Whether c, next, is text to show (rather than line end or control). */
static bool term_is_text(const struct term *t, char c)
{
	return t->state == TERM_TEXT && c != ASCII_ESC && c != '\r' &&
	       c != '\n';
}

/* next_byte(): a '\r' taken from the ring and held back, nothing to write. */
#define HELD 0x100

/*
 * The next byte of the open line for the UART, HELD, or -1 when it is
 * finished or has nothing more to give now.
 *
 * '\n' ends the line ("\r\n" on the UART); a '\r' before it is dropped,
 * and so is one with nothing written since the tag (the cursor is already
 * at the cell's column 0).  Any other '\r' goes out, and text after it,
 * after ESC c or after a cursor-home or clear-screen sequence gets the tag
 * again, so every line on the screen still says whose it is.
 */
static int next_byte(struct source *s)
{
	struct term *t = &s->term;
	char c;

	if (lf_pending) {
		lf_pending = false;
		open_src = -1;	/* the line is complete */
		return '\n';
	}
	if (s->tag[tag_pos])
		return (uint8_t)s->tag[tag_pos++];
	if (used_bytes(s) == 0)
		return -1;
	c = s->ring[s->tail % MUX_RING_SIZE];
	if (t->cr_held && c != '\n') {
		/* Right after the tag, the cursor already is where it goes. */
		t->cr_held = false;
		if (t->moved) {
			t->moved = false;
			t->retag = true;
			return '\r';
		}
	}
	if (t->retag && s->tag[0] && term_is_text(t, c)) {
		t->retag = false;
		tag_pos = 1;
		return (uint8_t)s->tag[0];
	}
	__atomic_store_n(&s->tail, s->tail + 1, __ATOMIC_RELEASE);
	if (c == '\n') {
		*t = (struct term){ .state = TERM_TEXT };
		lf_pending = true;
		return '\r';
	}
	if (c == '\r') {
		t->cr_held = true;
		return HELD;
	}
	t->moved = true;
	if (t->state != TERM_TEXT || c == ASCII_ESC)
		term_track(t, c);	/* text leaves the state as it is */
	return (uint8_t)c;
}

/*
 * Drain under drain_lock: returns true when output is left over (the UART
 * was busy, or a partial line waits for its idle time).  *drained gets a bit
 * for each source that lost bytes (room for its producer again).
 */
static bool drain_locked(uint32_t *drained)
{
	uint64_t now = arch_timer_now();

	for (unsigned int budget = DRAIN_BUDGET; budget; budget--) {
		int b;

		if (!uart->tx_ready(uart_base))
			return true;
		if (open_src < 0 && !lf_pending) {
			open_src = pick(now);
			tag_pos = 0;
			if (open_src < 0)
				break;
			/* A new line has its tag: nothing to repeat. */
			sources[open_src].term.cr_held = false;
			sources[open_src].term.retag = false;
			sources[open_src].term.moved = false;
		}
		b = next_byte(&sources[open_src < 0 ? 0 : open_src]);
		if (b >= 0 && open_src >= 0) {
			*drained |= 1u << open_src;
		} else if (b < 0) {
			if (open_src < 0 || lf_pending)
				continue;
			/* The open line has no more bytes for now. */
			if (!stopping &&
			    (!idle(&sources[open_src], now, MUX_YIELD_MS) ||
			     !others_waiting(open_src, now)))
				break;
			/* End it, so another source's line can go out. */
			lf_pending = true;
			b = '\r';
		}
		if (b != HELD)
			uart->tx(uart_base, (uint8_t)b);
	}
	for (unsigned int s = 0; s < NSOURCES; s++) {
		if (sources[s].used && used_bytes(&sources[s]))
			return true;
	}
	return open_src >= 0 || lf_pending;
}

/* Drain if no other CPU is; true when output is left over. */
static bool drain(void)
{
	uint32_t drained = 0;
	bool more;

	if (!spin_lock_bounded(&drain_lock, 0))
		return false;	/* someone else is draining: they will finish */
	more = drain_locked(&drained);
	spin_unlock(&drain_lock);
	if (drained)
		__atomic_fetch_or(&news, drained, __ATOMIC_RELAXED);
	return more;
}

void mux_poll(void)
{
	if (mux_active() && drain())
		arch_timer_oneshot(ticks_from_us(RETRY_US));
}

struct mux_state mux_state_of(unsigned int src)
{
	const struct source *s = &sources[src];

	return (struct mux_state){
		used_bytes(s),
		__atomic_load_n(&s->rx_head, __ATOMIC_ACQUIRE) -
			__atomic_load_n(&s->rx_tail, __ATOMIC_RELAXED) };
}

uint32_t mux_take_news(void)
{
	return __atomic_exchange_n(&news, 0, __ATOMIC_ACQ_REL) &
	       ~(1u << MUX_SOURCE_HYP);
}

COLD void mux_stop(void)
{
	uint32_t drained = 0;	/* nobody waits for room any more */

	if (!mux_active())
		return;
	/* Bounded: a dead UART or a CPU that died draining ends the wait. */
	for (unsigned long i = 0; i < 1000000; i++) {
		bool more;

		if (!spin_lock_bounded(&drain_lock, 0))
			continue;
		stopping = true;
		more = drain_locked(&drained);
		spin_unlock_shared(&drain_lock);
		if (!more)
			break;
	}
	__atomic_store_n(&active, false, __ATOMIC_RELEASE);
}

size_t mux_put(unsigned int src, const char *bytes, size_t n)
{
	struct source *s;
	uint32_t head;
	size_t room;

	if (src >= NSOURCES || !sources[src].used)
		return 0;
	s = &sources[src];
	head = s->head;
	room = MUX_RING_SIZE - used_bytes(s);
	if (n > room)
		n = room;
	for (size_t i = 0; i < n; i++)
		s->ring[(head + i) % MUX_RING_SIZE] = bytes[i];
	__atomic_store_n(&s->last_put, arch_timer_now(), __ATOMIC_RELAXED);
	__atomic_store_n(&s->head, head + (uint32_t)n, __ATOMIC_RELEASE);
	/*
	 * Drain now; the timer tells waiting producers soon, and writes a
	 * partial line once it has been idle long enough.
	 */
	arch_timer_oneshot(ticks_from_us(
		drain() || __atomic_load_n(&news, __ATOMIC_RELAXED) ?
			RETRY_US : MUX_IDLE_MS * 1000 + RETRY_US));
	return n;
}

COLD void mux_take_rings(void)
{
	const struct septum_config *cfg = config_get();
	unsigned int n = 0;
	char *at;

	if (rings_taken)
		return;
	rings_taken = true;
	for (unsigned int i = 0; i < cfg->header.num_cells; i++)
		n += cfg->cells[i].vuart.kind != SEPTUM_VUART_NONE;
	if (!n)
		return;
	at = hypmem_need((size_t)n * MUX_RING_SIZE, NULL,
			 "the cells' console rings");
	for (unsigned int i = 0; i < cfg->header.num_cells; i++) {
		if (cfg->cells[i].vuart.kind == SEPTUM_VUART_NONE)
			continue;	/* console = none */
		sources[1 + i].ring = at;
		at += MUX_RING_SIZE;
	}
}

/* Whether cell `cell` has a console (a source past the config's cells is
 * never used). */
static bool has_console(unsigned int cell)
{
	return cell < SEPTUM_MAX_CELLS && sources[1 + cell].used;
}

COLD void mux_init(const struct uart_ops *ops, uintptr_t base)
{
	const struct septum_config *cfg = config_get();

	mux_take_rings();
	ticks_per_us = arch_timer_freq() / 1000000;
	uart = ops;
	uart_base = base;
	for (unsigned int i = 0; i < cfg->header.num_cells; i++) {
		if (cfg->cells[i].vuart.kind == SEPTUM_VUART_NONE)
			continue;	/* console = none */
		sources[1 + i].used = true;
		/* "[name] ": at most TAG_MAX - 4 bytes of the name. */
		fmt_snprintf(sources[1 + i].tag, TAG_MAX, "[%.*s] ",
			     (int)(TAG_MAX - 4), cfg->cells[i].name);
		if (focus < 0 || (cfg->cells[i].flags & SEPTUM_CELL_CONSOLE_FOCUS))
			focus = (int)i;
	}
	if (has_console(cfg->focus_cell))
		focus = (int)cfg->focus_cell;
	__atomic_store_n(&active, true, __ATOMIC_RELEASE);
}

/* --- input ------------------------------------------------------------ */

static unsigned int num_cells(void)
{
	return config_get()->header.num_cells;
}

static COLD void announce(void)
{
	int f = mux_focus();

	if (f >= 0)
		log_info("console input goes to cell %u (%s); Ctrl-] then a "
			 "number, n (next) or :name to switch",
			 (unsigned int)f, config_cell_name((unsigned int)f));
}

static COLD void set_focus(int cell)
{
	if (cell < 0 || !has_console((unsigned int)cell)) {
		log_warn("console: no such cell with a console; input stays "
			 "with cell %d", mux_focus());
		return;
	}
	__atomic_store_n(&focus, cell, __ATOMIC_RELEASE);
	announce();
}

static COLD void focus_next(void)
{
	unsigned int f = (unsigned int)mux_focus(), n = num_cells();

	for (unsigned int i = 1; i <= n; i++) {
		unsigned int c = (f + i) % n;

		if (has_console(c)) {
			set_focus((int)c);
			return;
		}
	}
}

static COLD void focus_by_name(void)
{
	in_name[in_name_len] = '\0';
	for (unsigned int i = 0; i < num_cells(); i++) {
		const char *n = config_cell_name(i);
		unsigned int k = 0;

		while (n[k] && n[k] == in_name[k])
			k++;
		if (!n[k] && !in_name[k]) {
			set_focus((int)i);
			return;
		}
	}
	log_warn("console: no cell named \"%s\"", in_name);
}

/* A byte of input for the cell with focus: its receive ring.  Input lock held. */
static COLD void deliver(uint8_t c)
{
	int f = mux_focus();
	struct source *s;

	if (f < 0)
		return;
	s = &sources[mux_source_of((unsigned int)f)];
	if (s->rx_head - __atomic_load_n(&s->rx_tail, __ATOMIC_ACQUIRE) ==
	    MUX_RX_SIZE) {
		s->rx_lost++;
		return;
	}
	s->rx[s->rx_head % MUX_RX_SIZE] = c;
	__atomic_store_n(&s->rx_head, s->rx_head + 1, __ATOMIC_RELEASE);
	__atomic_fetch_or(&news, 1u << mux_source_of((unsigned int)f),
			  __ATOMIC_RELAXED);
}

unsigned int mux_rx_count(unsigned int src)
{
	const struct source *s = &sources[src];

	return __atomic_load_n(&s->rx_head, __ATOMIC_ACQUIRE) - s->rx_tail;
}

uint8_t mux_rx_take(unsigned int src)
{
	struct source *s = &sources[src];
	uint8_t c = s->rx[s->rx_tail % MUX_RX_SIZE];

	__atomic_store_n(&s->rx_tail, s->rx_tail + 1, __ATOMIC_RELEASE);
	return c;
}

void mux_rx_flush(unsigned int src)
{
	struct source *s = &sources[src];

	__atomic_store_n(&s->rx_tail, __atomic_load_n(&s->rx_head,
						      __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
}

/* Ctrl-] typed: say what the console now waits for. */
static COLD void escape_prompt(void)
{
	log_info("console: Ctrl-] pressed, waiting for a command: a cell "
		 "number, n (next cell), :name then Enter, ? (where input "
		 "goes), Ctrl-] again (send it)");
}

/* The byte after Ctrl-]. */
static COLD void escape_command(uint8_t c)
{
	in_state = IN_NORMAL;
	if (c == MUX_ESCAPE)
		deliver(c);
	else if (c >= '0' && c <= '9')
		set_focus(c - '0');
	else if (c == 'n')
		focus_next();
	else if (c == ':') {
		in_state = IN_NAME;
		in_name_len = 0;
		log_info("console: waiting for a cell's name, then Enter");
	} else
		announce();	/* '?' and anything else: say where input goes */
}

COLD void mux_input(uint8_t c)
{
	spin_lock_shared(&input_lock);
	switch (in_state) {
	case IN_NORMAL:
		if (c == MUX_ESCAPE) {
			in_state = IN_ESCAPE;
			escape_prompt();
		} else {
			deliver(c);
		}
		break;
	case IN_ESCAPE:
		escape_command(c);
		break;
	case IN_NAME:
		if (c == '\r' || c == '\n') {
			in_state = IN_NORMAL;
			focus_by_name();
		} else if (in_name_len < SEPTUM_NAME_LEN - 1) {
			in_name[in_name_len++] = (char)c;
		}
		break;
	}
	spin_unlock_shared(&input_lock);
}

COLD void mux_uart_irq(void)
{
	/* Bounded: a stuck receiver cannot hold this CPU. */
	for (unsigned int i = 0; i < 256 && uart->rx_ready(uart_base); i++)
		mux_input(uart->rx(uart_base));
}
