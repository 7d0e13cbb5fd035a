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

#endif /* KIT_SYSREG_H */
