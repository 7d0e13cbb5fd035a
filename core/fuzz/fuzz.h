/*
 * What every hypervisor fuzz harness shares, core's (core/fuzz/) and the
 * arch's (arch/<arch>/fuzz/): the input as a stream of bytes, the reset of
 * static state between inputs, and how a violated invariant is reported.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <septum/types.h>

/* The input, read front to back; past its end it reads zeros. */
struct in {
	const uint8_t *p;
	size_t n;
};

uint8_t in_u8(struct in *in);
uint16_t in_u16(struct in *in);
uint32_t in_u32(struct in *in);
uint64_t in_u64(struct in *in);

/*
 * Save the static state of the code under test and its machine (once,
 * before the first input), and put it back (before each input).
 */
void hv_state_save(void);
void hv_state_restore(void);

/*
 * Report a violated invariant, with the machine's console output so far,
 * and abort (libFuzzer's crash).  Each machine's check.c defines it.
 */
NORETURN void check_fail(const char *format, ...) PRINTF_LIKE(1, 2);

#endif /* FUZZ_FUZZ_H */
