/*
 * The thief of isolation-x86 against a Linux victim (hostile-linux-x86):
 * the same catalogue, its first attempt aimed at the Linux cell's RAM, and
 * started by "go" once the Linux cell's heartbeat runs.
 */
#define VICTIM_RAM 0x8000000u	/* system.dts: the Linux cell's RAM */
#define THIEF_WAITS_FOR_GO
#include "../isolation-x86/thief.c"
