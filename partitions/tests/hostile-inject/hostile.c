/*
 * The hostile guest of partitions/tests/hostile/, built for a cell under
 * the `inject` fault policy: the same rounds, with each access outside the
 * cell's map taken by its own handler (see hostile.c there).
 */
#define HOSTILE_INJECT 1
#include "../hostile/hostile.c"
