/* The demo's real-time cell (partitions/demo/rt.c), built for AArch32. */
#include "../../demo/rt.c"
