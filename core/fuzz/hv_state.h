/*
 * Force-included into every file of a fuzz build whose static state must
 * start afresh for each input (the code under test's and its machine's):
 * their data and bss go to sections that hv_state.ld gathers into one block,
 * which the harness saves once and copies back before each input
 * (hv_state_save(), hv_state_restore() in fuzz.h).
 */
#pragma clang section bss = ".septum_hv.bss" data = ".septum_hv.data"
