#include <septum/console.h>
#include <septum/fmt.h>
#include <septum/log.h>

static enum log_level log_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	log_level = level;
}

/* By the list's address: each caller's own, not a copy of it. */
static void log_line(enum log_level level, const char *format, va_list *ap)
{
	char line[CONSOLE_LINE_MAX];
	const char *tag = "";
	size_t n;

	if (level > log_level)
		return;
	if (level == LOG_ERROR)
		tag = "error: ";
	else if (level == LOG_WARN)
		tag = "warning: ";
	n = fmt_snprintf(line, sizeof(line), "[septum] %s", tag);
	if (n < sizeof(line))
		n += fmt_vsnprintf(line + n, sizeof(line) - n, format, *ap);
	/* Always end with a newline, even when the message was cut short. */
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n] = '\n';
	line[n + 1] = '\0';
	console_puts(line);
}

#define LOG_FN(fn, level)                                                      \
	void fn(const char *format, ...)                                       \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, format);                                          \
		log_line(level, format, &ap);                                  \
		va_end(ap);                                                    \
	}

LOG_FN(log_error, LOG_ERROR)
LOG_FN(log_warn, LOG_WARN)
LOG_FN(log_info, LOG_INFO)
LOG_FN(log_debug, LOG_DEBUG)
