#include <arch/sysreg.h>
#include <septum/arch/timer.h>

uint64_t arch_timer_now(void)
{
	isb();	/* do not let the read float above earlier instructions */
	return sysreg_read(cntpct_el0);
}

uint64_t arch_timer_freq(void)
{
	uint64_t f = sysreg_read(cntfrq_el0);

	return f ? f : 1;
}

void arch_timer_oneshot(uint64_t delay)
{
	/* The EL2 physical timer is the hypervisor's own. */
	sysreg_write(cnthp_tval_el2, delay);
	sysreg_write(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
}
