#include <septum/test.h>

#include <host/fake.h>
#include <septum/console.h>
#include <septum/drivers/uart.h>
#include <septum/log.h>
#include <string.h>

TEST(console, log_lines_are_tagged_and_crlf_terminated)
{
	console_init(&host_uart_ops, 0);
	host_console_reset();
	log_info("CPU %u online", 3u);
	log_warn("odd");
	log_error("bad %s", "thing");
	EXPECT(strcmp(host_console_text(),
		      "[septum] CPU 3 online\r\n"
		      "[septum] warning: odd\r\n"
		      "[septum] error: bad thing\r\n") == 0);
}

TEST(console, levels_filter)
{
	console_init(&host_uart_ops, 0);
	host_console_reset();
	log_debug("hidden");
	log_set_level(LOG_DEBUG);
	log_debug("shown");
	log_set_level(LOG_INFO);
	EXPECT(strcmp(host_console_text(), "[septum] shown\r\n") == 0);
}

TEST(console, long_lines_are_cut_but_terminated)
{
	char big[600];
	const char *out;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	console_init(&host_uart_ops, 0);
	host_console_reset();
	log_info("%s", big);
	out = host_console_text();
	EXPECT(strlen(out) < CONSOLE_LINE_MAX + 2);
	EXPECT(strcmp(out + strlen(out) - 2, "\r\n") == 0);
}

static void print_with_dead_uart(void *arg)
{
	(void)arg;
	console_init(&host_uart_ops, 0);
	host_uart_ready = false;
	console_puts("lost\n");
	host_uart_ready = true;
	/* The console gave up on the UART rather than hang; it says so. */
	if (console_dropped() == 6)
		host_exit(7);
}

TEST(console, dead_uart_does_not_hang)
{
	char out[256];

	EXPECT_EQ(host_run_isolated(print_with_dead_uart, NULL, out,
				    sizeof(out)), 7);
}

TEST(console, early_output_goes_to_the_board_uart)
{
	console_early_init();
	host_console_reset();
	console_printf("early %d\n", 1);
	EXPECT(strcmp(host_console_text(), "early 1\r\n") == 0);
	console_init(&host_uart_ops, 0);
}
