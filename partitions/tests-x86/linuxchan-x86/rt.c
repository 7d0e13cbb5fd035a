/*
 * rt: the bare-metal x86 peer of channel rt-linux in the linuxchan-x86
 * test, the twin of the arm64 linuxchan test's rt, built from its source on
 * the x86 kit.
 */
#include "../../tests/linuxchan/rt.c"
