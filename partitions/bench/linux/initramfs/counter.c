/*
 * counter: print the generic timer's virtual count (CNTVCT_EL0) and its
 * frequency.  Under `-icount shift=0` with a 1 GHz counter (ci/bench.py)
 * the count is the instructions the machine has run since reset, whichever
 * way it booted (natively, under the stage-2 floor, in a cell: Septum sets
 * no counter offset), so differences of counts are exact costs.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint64_t count, freq;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(count));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	printf("%llu %llu\n", (unsigned long long)count, (unsigned long long)freq);
	return 0;
}
