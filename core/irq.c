/*
 * The hypervisor's own interrupts: the console is their only user.  Its
 * timer drives the console's output; a device interrupt is the console
 * UART's input.
 */
#include <septum/console.h>
#include <septum/irq.h>
#include <septum/log.h>

void irq_timer_expired(void)
{
	console_poll();
}

void irq_device(uint32_t intid)
{
	if (!console_irq(intid))
		log_warn("interrupt %u was claimed, but no one serves it", intid);
}
