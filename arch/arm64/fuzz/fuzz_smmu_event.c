/*
 * libFuzzer target: SMMUv3 event records (arch/arm64/smmu_event.c), which
 * the SMMU writes into the hypervisor's event queue as a device's DMA or a
 * cell's configuration (through its passed-through functions) makes it: a
 * record's every bit is the world's, not the hypervisor's.
 *
 * The input is a run of 32-byte records (a shorter tail is left out).  Each
 * is copied into a heap block of exactly one record, so AddressSanitizer
 * stops any read past it, and decoded into an event whose fields are
 * poisoned first, so UBSan stops a field left unwritten (a bool that is
 * neither 0 nor 1).  Then:
 *
 *  - every field is the record's as SMMUv3 lays it out (ARM IHI 0070, 7.3):
 *    the type its low byte, the StreamID its upper word; a fault exactly
 *    for F_WALK_EABT and F_TRANSLATION .. F_PERMISSION, and only a fault
 *    has a direction, a stage and an address (RnW, S2, InputAddr);
 *  - decoding is a pure function of the record: twice gives the same event;
 *  - the event's name, for its type and for any 32-bit number, is a short
 *    printable phrase, never NULL;
 *  - the two lines arch/arm64/smmu.c logs for an event (the fault of a
 *    cell's function, with the longest cell name and any PCI address, and
 *    the event of a stream no cell owns), formatted as it formats them by
 *    core's formatter, fit a console line whole: nothing of them is cut.
 * A violation prints what and where, and aborts (libFuzzer's crash).
 */
#include <arch/smmu.h>
#include <septum/abi/config.h>
#include <septum/console.h>
#include <septum/fmt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECORD_BYTES 32u
#define NAME_MAX_LEN 64u	/* a phrase, well within a line */
#define F_WALK_EABT 0x0bu
#define F_TRANSLATION 0x10u
#define F_PERMISSION 0x13u
/* What log_line() puts around a message, and fault_end() around a cell's. */
#define LOG_PREFIX_MAX sizeof("[septum] warning: ")
#define CELL_WRAP "cell %s: %s; restarting it"

static const uint64_t *record;

static void fail(const char *what)
{
	fprintf(stderr, "smmu_event: %s; record %016llx %016llx %016llx "
		"%016llx\n", what, (unsigned long long)record[0],
		(unsigned long long)record[1], (unsigned long long)record[2],
		(unsigned long long)record[3]);
	abort();
}

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			fail(#cond);                                           \
	} while (0)

static void check_name(const char *name)
{
	size_t n;

	CHECK(name != NULL);
	n = strnlen(name, NAME_MAX_LEN);
	CHECK(n > 0 && n < NAME_MAX_LEN);
	for (size_t i = 0; i < n; i++)
		CHECK(name[i] >= 0x20 && name[i] < 0x7f);
}

static bool is_fault(uint32_t type)
{
	return type == F_WALK_EABT ||
	       (type >= F_TRANSLATION && type <= F_PERMISSION);
}

/* The length a message takes in a console line, with its log prefix. */
static void check_fits(size_t message)
{
	/* log_line(): prefix, message, newline, NUL. */
	CHECK(LOG_PREFIX_MAX - 1 + message + 2 <= CONSOLE_LINE_MAX);
}

static void check_log_lines(const struct smmu_event *ev)
{
	char name[SEPTUM_NAME_LEN], why[4 * CONSOLE_LINE_MAX];
	char line[8 * CONSOLE_LINE_MAX];
	size_t n;

	memset(name, 'c', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	/* function_fault(): its text, then fault_end()'s line around it. */
	n = fmt_snprintf(why, sizeof(why), "DMA %s by PCI %02x:%02x.%x "
			 "(stream 0x%x) at IPA 0x%llx, blocked by the SMMU: "
			 "%s%s", ev->read ? "read" : "write", 0xffu, 0x1fu, 7u,
			 ev->stream, (unsigned long long)ev->addr,
			 smmu_event_name(ev->type),
			 ev->stage2 ? " at stage 2" : "");
	CHECK(n < sizeof(why));
	CHECK(n < CONSOLE_LINE_MAX);	/* fault_end()'s buffer for it */
	n = fmt_snprintf(line, sizeof(line), CELL_WRAP, name, why);
	CHECK(n < sizeof(line));
	check_fits(n);
	/* handle_event(), for a stream no cell owns (the longer of its two
	 * lines: the other is the same without the owner). */
	n = fmt_snprintf(line, sizeof(line), "SMMU: %s (event 0x%02x) from "
			 "stream 0x%x, which no cell owns: blocked (logged "
			 "once per stream)", smmu_event_name(ev->type),
			 ev->type, ev->stream);
	CHECK(n < sizeof(line));
	check_fits(n);
}

static void check_record(const uint64_t *rec)
{
	struct smmu_event ev, again;
	uint32_t type = (uint32_t)rec[0] & 0xffu;

	record = rec;
	memset(&ev, 0xa5, sizeof(ev));
	memset(&again, 0x5a, sizeof(again));
	smmu_event_decode(rec, &ev);
	CHECK(ev.type == type);
	CHECK(ev.stream == (uint32_t)(rec[0] >> 32));
	CHECK(ev.fault == is_fault(type));
	if (ev.fault) {
		CHECK(ev.read == (((rec[1] >> 35) & 1u) != 0));
		CHECK(ev.stage2 == (((rec[1] >> 39) & 1u) != 0));
		CHECK(ev.addr == rec[2]);
	} else {
		CHECK(!ev.read && !ev.stage2 && ev.addr == 0);
	}
	smmu_event_decode(rec, &again);
	CHECK(again.type == ev.type && again.stream == ev.stream &&
	      again.fault == ev.fault && again.read == ev.read &&
	      again.stage2 == ev.stage2 && again.addr == ev.addr);
	check_name(smmu_event_name(ev.type));
	/* Any number at all, as a caller might pass it. */
	check_name(smmu_event_name((uint32_t)rec[3]));
	check_name(smmu_event_name((uint32_t)(rec[3] >> 32)));
	check_log_lines(&ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t at = 0; at + RECORD_BYTES <= size; at += RECORD_BYTES) {
		uint64_t *rec = malloc(RECORD_BYTES);

		if (!rec)
			abort();
		memcpy(rec, data + at, RECORD_BYTES);
		check_record(rec);
		free(rec);
	}
	return 0;
}
