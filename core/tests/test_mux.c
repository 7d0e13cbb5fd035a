/*
 * The console mux's output over a slow UART: whole tagged lines, in order,
 * nothing lost; a full ring pushes back on the producer; partial lines go
 * out once idle.  Each test runs in a child (the mux is global state).
 */
#include <septum/test.h>

#include <host/fake.h>
#include <septum/console.h>
#include <septum/drivers/uart.h>
#include <septum/hypmem.h>
#include <septum/mux.h>
#include <stdio.h>
#include <string.h>

static void two_cells(void)
{
	memset(&host_config, 0, sizeof(host_config));
	host_config.header.num_cells = 2;
	strcpy(host_config.cells[0].name, "a");
	strcpy(host_config.cells[1].name, "b");
	host_config.cells[0].vuart = (struct septum_vuart){
		0x9000000, 33, SEPTUM_VUART_PL011 };
	host_config.cells[1].vuart = host_config.cells[0].vuart;
	/* The cells' rings come from the hypervisor's memory. */
	EXPECT(hypmem_init(pa(0x70000000), pa(0x70000000 + 16 * PAGE_SIZE)));
	console_init(&host_uart_ops, 0);
	mux_init(&host_uart_ops, 0);
	host_console_reset();
}

/* Feed the UART `per_poll` bytes at a time until everything is out. */
static void drain_slowly(int per_poll)
{
	for (int i = 0; i < 100000 && (mux_pending(1) || mux_pending(2)); i++) {
		host_uart_budget = per_poll;
		mux_poll();
	}
	host_uart_budget = 0;
	mux_poll();
}

static void interleaved_lines(void *arg)
{
	char line[64];

	(void)arg;
	two_cells();
	host_uart_budget = 0;	/* the UART takes nothing while we write */
	for (int n = 0; n < 20; n++) {
		/* Each source writes its line in two halves, interleaved. */
		snprintf(line, sizeof(line), "line %02d of a", n);
		(void)mux_put(1, line, 7);
		snprintf(line, sizeof(line), "line %02d of b\n", n);
		(void)mux_put(2, line, 7);
		(void)mux_put(1, " of a\n", 6);
		(void)mux_put(2, line + 7, strlen(line) - 7);
		drain_slowly(5);
	}
	host_exit(0);
}

TEST(mux, lines_stay_whole_on_a_slow_uart)
{
	static char out[8192];
	char want[64];
	int a = 0, b = 0;

	EXPECT_EQ(host_run_isolated(interleaved_lines, NULL, out, sizeof(out)),
		  0);
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
		if (l[1] == 'a')
			snprintf(want, sizeof(want), "[a] line %02d of a\r", a++);
		else
			snprintf(want, sizeof(want), "[b] line %02d of b\r", b++);
		if (!EXPECT(strcmp(l, want) == 0))
			printf("  got \"%s\"\n", l);
	}
	EXPECT_EQ(a, 20);
	EXPECT_EQ(b, 20);
}

static void full_ring(void *arg)
{
	static char burst[MUX_RING_SIZE + 100];

	(void)arg;
	two_cells();
	memset(burst, 'x', sizeof(burst));
	host_uart_budget = 0;
	/* The ring takes what fits, then says "full": nothing is dropped. */
	if (mux_put(1, burst, sizeof(burst)) != MUX_RING_SIZE ||
	    mux_space(1) != 0 || mux_put(1, "y", 1) != 0)
		host_exit(1);
	host_uart_budget = 10;
	mux_poll();	/* a full ring goes out even without a newline */
	if (mux_space(1) != 10 - 4)	/* "[a] " took four of the ten */
		host_exit(2);
	host_exit(0);
}

TEST(mux, full_ring_pushes_back)
{
	char out[4096];

	EXPECT_EQ(host_run_isolated(full_ring, NULL, out, sizeof(out)), 0);
}

static void prompt(void *arg)
{
	(void)arg;
	two_cells();
	(void)mux_put(2, "login: ", 7);
	mux_poll();
	if (strstr(host_console_text(), "login"))
		host_exit(1);	/* too early: the line may still grow */
	host_timer_step = 200000000;	/* 200 ms per counter read */
	mux_poll();
	host_exit(strcmp(host_console_text(), "[b] login: ") == 0 ? 0 : 2);
}

TEST(mux, partial_line_appears_when_idle)
{
	char out[256];

	EXPECT_EQ(host_run_isolated(prompt, NULL, out, sizeof(out)), 0);
}

/*
 * What a cell's terminal control does to its tag: text after a carriage
 * return, a reset, a cursor-home or a clear-screen sequence starts with the
 * tag again; other sequences and "\r\n" leave the line alone.
 */
static const struct retag_case {
	const char *in;
	const char *want;
} retag_cases[] = {
	{ "\033[H\033[2Jtop\n", "[b] \033[H\033[2J[b] top\r\n" },
	{ "\033[2J\033[1;1Hx\nnext\n",
	  "[b] \033[2J\033[1;1H[b] x\r\n[b] next\r\n" },
	{ "\033cafter reset\n", "[b] \033c[b] after reset\r\n" },
	{ "\033[3Jy\n", "[b] \033[3J[b] y\r\n" },
	{ "50%\r60%\n", "[b] 50%\r[b] 60%\r\n" },
	{ "ab\033[Gcd\n", "[b] ab\033[G[b] cd\r\n" },
	{ "\033[H\033[2J\nline\n", "[b] \033[H\033[2J\r\n[b] line\r\n" },
	{ "dos line\r\n", "[b] dos line\r\n" },
	{ "\r\n", "[b] \r\n" },
	{ "/ # \033[6nls\n", "[b] / # \033[6nls\r\n" },
	{ "a\033[5;10Hb\033[Jc\033[1;31mred\033[0m\n",
	  "[b] a\033[5;10Hb\033[Jc\033[1;31mred\033[0m\r\n" },
	{ "\033]0;title\033\\t\n", "[b] \033]0;title\033\\t\r\n" },
	{ "\033]0;title\007\033cz\n", "[b] \033]0;title\007\033c[b] z\r\n" },
	{ "\033[1m\rbold\n", "[b] \033[1m\r[b] bold\r\n" },
	{ "\r/ # \n", "[b] / # \r\n" },
	{ "a\r\rb\n", "[b] a\r[b] b\r\n" },
	{ "x\r\033[K\rnew\n", "[b] x\r\033[K\r[b] new\r\n" },
};

static void retag(void *arg)
{
	const struct retag_case *c = arg;
	size_t n = strlen(c->in);

	two_cells();
	/* Split anywhere, drained a byte at a time: the state carries over. */
	host_uart_budget = 0;
	(void)mux_put(2, c->in, n / 2);
	drain_slowly(1);
	(void)mux_put(2, c->in + n / 2, n - n / 2);
	drain_slowly(1);
	host_uart_budget = -1;	/* the last line's '\n' */
	mux_poll();
	if (strcmp(host_console_text(), c->want) == 0)
		host_exit(0);
	printf("  got ");
	for (const char *p = host_console_text(); *p; p++)
		printf(*p >= ' ' && *p < 0x7f ? "%c" : "\\x%02x",
		       (unsigned char)*p);
	printf("\n");
	fflush(stdout);
	host_exit(1);
}

TEST(mux, tag_again_after_cursor_home_clear_or_cr)
{
	char out[1024];

	for (size_t i = 0; i < sizeof(retag_cases) / sizeof(retag_cases[0]);
	     i++) {
		if (!EXPECT_EQ(host_run_isolated(retag, (void *)&retag_cases[i],
						 out, sizeof(out)), 0))
			printf("  case %zu: %s", i, out);
	}
}

static void hyp_untagged(void *arg)
{
	(void)arg;
	two_cells();
	(void)mux_put(MUX_SOURCE_HYP, "\033[2J[septum] x\rz\n", 17);
	host_exit(strcmp(host_console_text(), "\033[2J[septum] x\rz\r\n") ? 1 :
		  0);
}

TEST(mux, hypervisor_lines_keep_their_own_tag)
{
	char out[256];

	EXPECT_EQ(host_run_isolated(hyp_untagged, NULL, out, sizeof(out)), 0);
}

/* Ctrl-] says what it waits for; the command then does what it said. */
static void escape_says_so(void *arg)
{
	(void)arg;
	two_cells();
	mux_input(MUX_ESCAPE);
	if (!strstr(host_console_text(), "[septum] console: Ctrl-] pressed, "
		    "waiting for a command: a cell number, n (next cell), "
		    ":name then Enter, ? (where input goes), Ctrl-] again "
		    "(send it)\r\n"))
		host_exit(1);
	host_console_reset();
	mux_input('n');
	if (!strstr(host_console_text(), "console input goes to cell 1 (b)") ||
	    mux_focus() != 1 || mux_rx_count(1) || mux_rx_count(2))
		host_exit(2);
	host_console_reset();
	mux_input(MUX_ESCAPE);
	mux_input(':');
	if (!strstr(host_console_text(), "waiting for a cell's name, then "
		    "Enter"))
		host_exit(3);
	mux_input('a');
	mux_input('\r');
	if (mux_focus() != 0 || mux_rx_count(1) || mux_rx_count(2))
		host_exit(4);
	/* Twice: the cell gets one Ctrl-], after the same prompt. */
	host_console_reset();
	mux_input(MUX_ESCAPE);
	mux_input(MUX_ESCAPE);
	if (!strstr(host_console_text(), "waiting for a command") ||
	    mux_rx_count(1) != 1 || mux_rx_take(1) != MUX_ESCAPE)
		host_exit(5);
	host_exit(0);
}

TEST(mux, escape_says_it_waits_for_a_command)
{
	char out[1024];

	EXPECT_EQ(host_run_isolated(escape_says_so, NULL, out, sizeof(out)),
		  0);
}
