/*
 * arch/arm64/exit.c for the host.  Its one inline instruction, DC CISW (a
 * trapped set/way cache operation, done on the guest's behalf), names no
 * host instruction: an assembler macro of that name turns it into nothing.
 */
__asm__(".macro dc op, reg\n.endm");

#include "../exit.c"
