/*
 * libFuzzer target: the virtual PL011 (core/vdev/pl011.c) each cell sees,
 * the console mux behind it (core/mux.c) and the console that joins them
 * to the UART (core/console.c): register accesses of every width and
 * offset, typing at the console (focus changes with Ctrl-] included), a
 * slow UART, time passing, cells restarting.
 *
 * Beyond check.h (which already holds each cell's output lines to its own
 * tag and bytes): typed input follows a model of the console's escape
 * rules -- every byte lands in the receive ring of the cell that has focus
 * at that moment, in order, and nowhere else; a data register read returns
 * exactly the oldest byte waiting for the reading cell; the flag and raw
 * interrupt status registers agree with what waits and the transmit ring.
 */
#include <septum/config.h>
#include <septum/mux.h>
#include <string.h>

#include "../vdev/vdev_int.h"
#include "check.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define UART_IPA 0x09000000u
#define RX_SIZE MUX_RX_SIZE
#define TYPED_MAX 256u		/* the host UART's receive queue */

/* The console's input side as the user sees it, and each cell's FIFO. */
static struct {
	uint8_t fifo[M_CELLS][RX_SIZE];
	unsigned int count[M_CELLS];
	int focus;
	enum { IN_NORMAL, IN_ESCAPE, IN_NAME } state;
	char name[SEPTUM_NAME_LEN];
	unsigned int name_len;
	uint8_t typed[TYPED_MAX];	/* what the UART took, by position */
	unsigned int ntyped;
	unsigned int rx_taken;		/* typed bytes the model has seen */
	unsigned int restarts[M_CELLS];
} model;

static uint64_t address(struct in *in, const struct op *op)
{
	static const uint16_t regs[] = { 0x000, 0x004, 0x018, 0x024, 0x028,
					 0x02c, 0x030, 0x034, 0x038, 0x03c,
					 0x040, 0x044, 0x048, 0xfe0, 0xfe4,
					 0xffc };
	uint8_t b = in_u8(in);

	(void)op;
	if (b < 0xc0)
		return UART_IPA + regs[b % ARRAY_SIZE(regs)];
	if (b < 0xf0)
		return UART_IPA + in_u16(in) % 0x1000u;
	return in_u32(in);
}

static bool has_console(unsigned int c)
{
	return c < M_CELLS &&
	       config_get()->cells[c].vuart.kind != SEPTUM_VUART_NONE;
}

/* The name typed after Ctrl-] : is a C string (a typed NUL ends it). */
static void focus_name(void)
{
	size_t len = strnlen(model.name, model.name_len);

	for (unsigned int c = 0; c < M_CELLS; c++) {
		if (strlen(config_get()->cells[c].name) == len &&
		    !memcmp(config_get()->cells[c].name, model.name, len) &&
		    has_console(c))
			model.focus = (int)c;
	}
}

static void focus_next(void)
{
	for (unsigned int i = 1; i <= M_CELLS; i++) {
		unsigned int c = ((unsigned int)model.focus + i) % M_CELLS;

		if (has_console(c)) {
			model.focus = (int)c;
			return;
		}
	}
}

static void deliver(uint8_t byte)
{
	unsigned int c = (unsigned int)model.focus;

	if (model.focus >= 0 && model.count[c] < RX_SIZE)
		model.fifo[c][model.count[c]++] = byte;
}

/* One typed byte through the escape rules documented in septum/mux.h. */
static void typed(uint8_t byte)
{
	if (model.state == IN_NAME) {
		if (byte == '\r' || byte == '\n') {
			model.state = IN_NORMAL;
			focus_name();
		} else if (model.name_len < SEPTUM_NAME_LEN - 1) {
			model.name[model.name_len++] = (char)byte;
		}
	} else if (model.state == IN_ESCAPE) {
		model.state = IN_NORMAL;
		if (byte == MUX_ESCAPE)
			deliver(byte);
		else if (byte >= '0' && byte <= '9' && has_console(byte - '0'))
			model.focus = byte - '0';
		else if (byte == 'n')
			focus_next();
		else if (byte == ':')
			model.state = IN_NAME;
		model.name_len = 0;
	} else if (byte == MUX_ESCAPE) {
		model.state = IN_ESCAPE;
	} else {
		deliver(byte);
	}
}

static void boot(void)
{
	memset(&model, 0, sizeof(model));
	model.focus = mux_focus();
	model.rx_taken = host_uart_rx_taken;
}

static void pop(unsigned int c)
{
	memmove(model.fifo[c], model.fifo[c] + 1, --model.count[c]);
}

/*
 * A read of the data, flag or status register by the cell; its register
 * shows the value unless the vCPU was reset at the end of the exit.
 */
static void check_read(const struct op *op, uint64_t off)
{
	unsigned int c = (unsigned int)op->cell;
	uint64_t v = 0;
	bool reg = op_emulated(op) && op_read(op, &v);

	if (off == 0x000) {
		uint8_t want = model.count[c] ? model.fifo[c][0] : 0;

		if (model.count[c])
			pop(c);
		if (reg && (v & 0xff) != want)
			check_fail("cell %u read 0x%02llx from its UART, the FIFO "
				   "holds 0x%02x first", c,
				   (unsigned long long)v, want);
	} else if (off == 0x018 && reg) {
		bool empty = model.count[c] == 0;
		bool full = mux_space(mux_source_of(c)) == 0;

		if (!!(v & 0x10) != empty || !!(v & 0x40) !=
		    (model.count[c] == RX_SIZE) || !!(v & 0x20) != full)
			check_fail("cell %u: UARTFR 0x%llx, FIFO %u bytes, ring %s",
				   c, (unsigned long long)v, model.count[c],
				   full ? "full" : "not full");
	} else if (off == 0x03c && reg && !!(v & 0x10) != (model.count[c] != 0)) {
		check_fail("cell %u: UARTRIS 0x%llx with %u bytes waiting", c,
			   (unsigned long long)v, model.count[c]);
	}
}

/*
 * Cell c's interrupt line, once every step is done, is the OR of its
 * UART's masked status (UARTMIS = UARTRIS & UARTIMSC, the status it last
 * showed or was told): whatever path a mask write took, no interrupt is
 * left raised that the status does not explain, nor one it explains left
 * low.
 */
static void check_line(unsigned int c)
{
	uint32_t st = pl011_states[c].status;
	bool level = ((st >> PL011_STATUS_RIS_SHIFT) & st & PL011_STATUS_IMSC) != 0;
	uint32_t vintid = config_get()->cells[c].vuart.vintid;

	if (has_console(c) && host_level(c, vintid) != level)
		check_fail("cell %u: its UART's line is %s, its masked status "
			   "0x%x", c, host_level(c, vintid) ? "high" : "low",
			   (st >> PL011_STATUS_RIS_SHIFT) & st &
				   PL011_STATUS_IMSC);
}

static void after(const struct op *op)
{
	/* What the UART took of the typing, the model sees as it is read. */
	for (unsigned int i = 0; op->kind == OP_TYPE && i < op->taken; i++)
		model.typed[model.ntyped++ % TYPED_MAX] =
			(uint8_t)(op->value >> (8 * i));
	for (; model.rx_taken != host_uart_rx_taken; model.rx_taken++)
		typed(model.typed[model.rx_taken % TYPED_MAX]);
	if (model.focus != mux_focus())
		check_fail("console focus is cell %d, typing gave it to %d",
			   mux_focus(), model.focus);
	/* The read came first; a restart at the end of the exit then. */
	if (op->kind == OP_MMIO && op->ran && !op->a.write &&
	    !op->a.undecodable && op->a.addr - UART_IPA < 0x1000 &&
	    has_console((unsigned)op->cell))
		check_read(op, op->a.addr - UART_IPA);
	for (unsigned int c = 0; c < M_CELLS; c++) {
		if (cell_get(c)->restarts != model.restarts[c])
			model.count[c] = 0;	/* the UART is reset */
		model.restarts[c] = cell_get(c)->restarts;
	}
	for (unsigned int c = 0; c < M_CELLS; c++)
		check_line(c);
	for (unsigned int c = 0; c < M_CELLS; c++) {
		unsigned int n = mux_rx_count(mux_source_of(c));

		if (n != model.count[c])
			check_fail("cell %u has %u bytes of console input "
				   "waiting, the console sent it %u", c, n,
				   model.count[c]);
	}
}

static const struct target vuart_target = {
	.mix = { OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_MMIO, OP_TYPE,
		 OP_TYPE, OP_WAKE, OP_WAKE, OP_IRQ, OP_TIME, OP_UART, OP_GUEST,
		 OP_CALL, OP_EXIT },
	.address = address,
	.boot = boot,
	.after = after,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	hv_state_save();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ops_run(&vuart_target, data, size);
}
