/* System register access for kit guests. */
#ifndef KIT_SYSREG_H
#define KIT_SYSREG_H

#include <stdint.h>

#define sysreg_write(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define sysreg_read(r)                                                         \
	__extension__({                                                        \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                    \
		v_;                                                            \
	})

/* CNTV_CTL_EL0 (and CNTP_CTL_EL0) fields. */
#define CNTV_CTL_ENABLE (1ull << 0)
#define CNTV_CTL_IMASK (1ull << 1)
#define CNTV_CTL_ISTATUS (1ull << 2)

/*
 * Before sleeping with interrupts masked: if the virtual timer is due,
 * toggle its mask.  QEMU's GICv2 model, with the timer's interrupt
 * hardware-linked by a hypervisor, re-examines a level interrupt still
 * asserted when the guest's EOI deactivates it only at the next change of
 * some interrupt line or GIC register access, so a tick that fell due
 * between the handler's new deadline and its EOI would wait for some
 * unrelated event.  The toggle is such a change.  Harmless elsewhere: the
 * line is only asserted again.  (If silicon showed this, the hypervisor's
 * GICv2 driver would be the place for the cure.)
 */
static inline void kit_vtimer_unstick(void)
{
	if (sysreg_read(cntv_ctl_el0) & CNTV_CTL_ISTATUS) {
		sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
		__asm__ volatile("isb" : : : "memory");
		sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
		__asm__ volatile("isb" : : : "memory");
	}
}

#endif /* KIT_SYSREG_H */
