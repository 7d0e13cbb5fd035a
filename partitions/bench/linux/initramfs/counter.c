/*
 * counter: print the generic timer's virtual count (CNTVCT_EL0) and its
 * frequency.  Under `-icount shift=0` with a 1 GHz counter (ci/bench.py)
 * the count is the instructions the machine has run since reset, whichever
 * way it booted (natively, under the stage-2 floor, in a cell: Septum sets
 * no counter offset), so differences of counts are exact costs.
 *
 * On x86 it prints the TSC and a frequency of 0 (no user-visible register
 * holds the TSC's rate): under `-icount shift=0` QEMU's TSC counts one per
 * instruction from reset, natively and in a cell alike (Septum sets no TSC
 * offset unless the cell writes its TSC), so the count is the figure.
 */
#include <stdint.h>
#include <stdio.h>

#ifdef __x86_64__
static void read_counter(uint64_t *count, uint64_t *freq)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	*count = (uint64_t)hi << 32 | lo;
	*freq = 0;
}
#else
static void read_counter(uint64_t *count, uint64_t *freq)
{
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(*count));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(*freq));
}
#endif

int main(void)
{
	uint64_t count, freq;

	read_counter(&count, &freq);
	printf("%llu %llu\n", (unsigned long long)count, (unsigned long long)freq);
	return 0;
}
