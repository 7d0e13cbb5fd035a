/*
 * Hypervisor log lines: "[septum] <message>" for information,
 * "[septum] warning: ...", "[septum] error: ..." for problems.
 */
#ifndef SEPTUM_LOG_H
#define SEPTUM_LOG_H

#include <septum/types.h>

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

/* Lines above this level are not printed.  Defaults to LOG_INFO. */
void log_set_level(enum log_level level);

/* Print one log line (a trailing newline is added).  Any context. */
void log_info(const char *format, ...) PRINTF_LIKE(1, 2);
void log_warn(const char *format, ...) PRINTF_LIKE(1, 2);
void log_error(const char *format, ...) PRINTF_LIKE(1, 2);
void log_debug(const char *format, ...) PRINTF_LIKE(1, 2);

#endif /* SEPTUM_LOG_H */
