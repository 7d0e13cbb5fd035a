/*
 * The smallest useful bare-metal cell (docs/cells.md walks through it): it
 * greets, then prints its virtual timer's count once a second, three times,
 * and stops its cell.  Built to build/partitions/examples/hello/hello.bin.
 */
#include <kit/kit.h>

#define TICKS 3

int main(void)
{
	uint64_t hz = kit_counter_freq();

	kit_printf("hello: running on CPU %u, timer at %llu Hz\n",
		   kit_cpu_index(), (unsigned long long)hz);
	for (int i = 1; i <= TICKS; i++) {
		kit_udelay(1000000);
		kit_printf("hello: tick %d of %d\n", i, TICKS);
	}
	kit_printf("hello: done, stopping the cell\n");
	kit_system_off();
}
