/* Collected, sorted gcc-style diagnostics; see diag.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

enum severity { SEV_ERROR, SEV_WARNING };

struct message {
	const char *file;
	int line;
	enum severity sev;
	unsigned int seq;	/* arrival order, to keep the sort stable */
	char *text;
};

static struct message *messages;
static unsigned int num_messages, cap_messages, num_errors;

static void record(struct loc at, enum severity sev, const char *fmt,
		   va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (num_messages == cap_messages) {
		cap_messages = cap_messages ? 2 * cap_messages : 32;
		messages = xrealloc(messages, cap_messages * sizeof(*messages));
	}
	messages[num_messages] = (struct message){ at.file, at.line, sev,
						   num_messages, xstrdup(buf) };
	num_messages++;
	if (sev == SEV_ERROR)
		num_errors++;
}

void diag_error(struct loc at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(at, SEV_ERROR, fmt, ap);
	va_end(ap);
}

void diag_warning(struct loc at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(at, SEV_WARNING, fmt, ap);
	va_end(ap);
}

unsigned int diag_errors(void)
{
	return num_errors;
}

static int compare(const void *pa, const void *pb)
{
	const struct message *a = pa, *b = pb;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static void forget(void)
{
	unsigned int i;

	for (i = 0; i < num_messages; i++)
		free(messages[i].text);
	num_messages = 0;
}

void diag_flush(FILE *out)
{
	unsigned int i;

	if (num_messages == 0)
		return;
	qsort(messages, num_messages, sizeof(*messages), compare);
	for (i = 0; i < num_messages; i++) {
		const struct message *m = &messages[i];
		const char *kind = m->sev == SEV_ERROR ? "error" : "warning";

		if (m->file && m->line > 0)
			fprintf(out, "%s:%d: %s: %s\n", m->file, m->line, kind,
				m->text);
		else
			fprintf(out, "%s: %s: %s\n",
				m->file ? m->file : "septum-config", kind, m->text);
	}
	forget();
}

void diag_reset(void)
{
	forget();
	num_errors = 0;
}
