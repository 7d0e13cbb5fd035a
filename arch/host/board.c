/*
 * The host's "board": a UART that records what the console writes and
 * receives what is typed at it, and the process plumbing behind
 * host_run_isolated().
 */
#include <host/fake.h>
#include <septum/drivers/board.h>
#include <septum/drivers/uart.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RX_MAX 256u

/*
 * The host UART stands at the address the test and fuzz configs give the
 * hypervisor's UART, so the console stays on it (console_use()): moved to
 * the PL011 driver, it would poll a page of plain memory whose receive
 * FIFO never reads empty and read its own output back as input.
 */
#define HOST_UART_PA 0x09000000u

const struct board_info board = { "host", "host", HOST_UART_PA, 0 };

static char captured[HOST_CONSOLE_MAX];
static size_t captured_len;
static int child_fd = -1;
bool host_uart_ready = true;
int host_uart_budget = -1;
unsigned int host_uart_busy_polls;
unsigned int host_uart_rx_taken;
static uint8_t rx[RX_MAX];
static unsigned int rx_queued;	/* bytes ever typed and taken */
static bool rx_irq_on;

static void capture(uint8_t c)
{
	if (captured_len + 1 < sizeof(captured))
		captured[captured_len++] = (char)c;
	captured[captured_len] = '\0';
}

void board_early_putc(uint8_t c)
{
	capture(c);
}

static void host_uart_init(uintptr_t base)
{
	(void)base;
}

static bool host_uart_tx_ready(uintptr_t base)
{
	(void)base;
	if (host_uart_busy_polls) {
		host_uart_busy_polls--;
		return false;
	}
	return host_uart_ready && host_uart_budget != 0;
}

static void host_uart_tx(uintptr_t base, uint8_t c)
{
	(void)base;
	if (host_uart_budget > 0)
		host_uart_budget--;
	capture(c);
}

unsigned int host_uart_type(const uint8_t *bytes, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && rx_queued - host_uart_rx_taken < RX_MAX; i++)
		rx[rx_queued++ % RX_MAX] = bytes[i];
	return i;
}

static bool host_uart_rx_ready(uintptr_t base)
{
	(void)base;
	return rx_queued != host_uart_rx_taken;
}

static uint8_t host_uart_rx(uintptr_t base)
{
	(void)base;
	return rx[host_uart_rx_taken++ % RX_MAX];
}

static void host_uart_rx_irq(uintptr_t base, bool on)
{
	(void)base;
	rx_irq_on = on;
}

bool host_uart_irq_level(void)
{
	return rx_irq_on && rx_queued != host_uart_rx_taken;
}

const struct uart_ops host_uart_ops = {
	.name = "host",
	.init = host_uart_init,
	.tx_ready = host_uart_tx_ready,
	.tx = host_uart_tx,
	.rx_ready = host_uart_rx_ready,
	.rx = host_uart_rx,
	.rx_irq = host_uart_rx_irq,
};

const struct uart_ops *const uart_drivers[] = {
	&host_uart_ops, &pl011_uart_ops, &ns16550_uart_ops, &ns16550_r32_uart_ops,
	&cadence_uart_ops, &imx_uart_ops, &bcm2835_aux_uart_ops,
};
const unsigned int uart_driver_count = 7;

const char *host_console_text(void)
{
	return captured;
}

size_t host_console_len(void)
{
	return captured_len;
}

void host_console_reset(void)
{
	captured_len = 0;
	captured[0] = '\0';
}

void host_exit(int code)
{
	if (child_fd < 0 && host_cpu_in_run()) {
		fprintf(stderr, "host: system ended (code %d) in a CPU run; "
				"console output:\n%s\n", code, captured);
		abort();
	}
	if (child_fd < 0) {
		fprintf(stderr, "host: system ended (code %d) outside "
				"host_run_isolated:\n%s\n", code, captured);
		exit(code ? code : 1);
	}
	if (write(child_fd, captured, captured_len) < 0)
		code = 98;
	_exit(code);
}

int host_run_isolated(void (*fn)(void *), void *arg, char *out, size_t size)
{
	int fds[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	fflush(NULL);
	if (pipe(fds) != 0 || (pid = fork()) < 0)
		abort();
	if (pid == 0) {
		close(fds[0]);
		child_fd = fds[1];
		host_console_reset();
		fn(arg);
		host_exit(HOST_EXIT_RETURNED);
	}
	close(fds[1]);
	while (size > 1 && (n = read(fds[0], out + got, size - 1 - (size_t)got)) > 0)
		got += n;
	if (size)
		out[got] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}
