/*
 * Diagnostics of the config tool, printed gcc-style so editors jump to them:
 *
 *     <file>:<line>: error: <one sentence>
 *     <file>:<line>: warning: <one sentence>
 *
 * Messages are collected, not printed at once, so that one run reports every
 * problem sorted by file and line whatever order the checks ran in.
 */
#ifndef CONFIG_DIAG_H
#define CONFIG_DIAG_H

#include <stdio.h>

/* Where a diagnostic points: file may be NULL (then "septum-config" is shown),
 * line 0 means "the whole file". */
struct loc {
	const char *file;
	int line;
};

/* Record an error / a warning at `at`.  The format makes one sentence. */
void diag_error(struct loc at, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_warning(struct loc at, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Number of errors recorded since the last diag_reset(). */
unsigned int diag_errors(void);

/* Print every recorded message to `out`, sorted by file and line (stable), and
 * forget them.  Counters are kept. */
void diag_flush(FILE *out);

/* Forget every message and reset the counters (used by fuzz targets). */
void diag_reset(void);

#endif /* CONFIG_DIAG_H */
