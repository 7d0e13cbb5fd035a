/*
 * Force-included into every file of the fuzz build whose static state must
 * start afresh for each input (the hypervisor's and the fake machine's):
 * their data and bss go to sections that hv_state.ld gathers into one block,
 * which the harness saves once and copies back before each input.
 */
#pragma clang section bss = ".septum_hv.bss" data = ".septum_hv.data"
