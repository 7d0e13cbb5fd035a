/*
 * Formatted output into a buffer: the subset of C's printf the hypervisor needs.
 * Conversions: %c %s %d %i %u %x %X %p %%; flags '-' and '0'; a field width
 * (digits or '*'); a precision for %s (digits or '*'); length modifiers
 * hh h l ll z j t.
 * Anything else is copied to the output verbatim, so a mistake is visible.
 */
#ifndef SEPTUM_FMT_H
#define SEPTUM_FMT_H

#include <stdarg.h>
#include <septum/types.h>

/*
 * Format into buf (size bytes, always NUL-terminated when size > 0).  Returns the
 * length the full output would have had, like vsnprintf().  Any context; uses no
 * global state, so it is safe before the MMU is on.
 */
size_t fmt_vsnprintf(char *buf, size_t size, const char *format, va_list ap);

/* fmt_vsnprintf() with variable arguments. */
size_t fmt_snprintf(char *buf, size_t size, const char *format, ...)
	PRINTF_LIKE(3, 4);

#endif /* SEPTUM_FMT_H */
