/* dtc's messages in the tool's form; see dtcmsg.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtcmsg.h"
#include "util.h"

#define MAX_INCLUDE_DEPTH 16
#define LINE_LEN 4096

/* Interned file names: diagnostics keep pointers to them. */
static const char *keep(const char *s, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

/*
 * "FILE:LINE.COL-...: rest" or "FILE:LINE.COL-... rest": sets *at and
 * returns the rest (after ": " or " "), or NULL when `s` does not start so.
 */
static const char *parse_position(const char *s, struct loc *at)
{
	const char *colon = strchr(s, ':'), *p;
	char *end;
	long line;

	if (colon == NULL || colon == s)
		return NULL;
	line = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '.' || line <= 0)
		return NULL;
	p = end + strcspn(end, ": ");
	if (*p == '\0')
		return NULL;
	at->file = keep(s, (size_t)(colon - s));
	at->line = (int)line;
	return p + strspn(p, ": ");
}

/* Line `line` of `file` (1-based) into buf; 0 if there is none. */
static int source_line(const char *file, int line, char *buf, size_t size)
{
	FILE *f = fopen(file, "r");
	int n = 0, found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(buf, (int)size, f))
		found = ++n == line;
	fclose(f);
	return found;
}

/* A syntax error on a C preprocessor line gets the reason. */
static void syntax_error(struct loc at, const char *msg)
{
	char text[LINE_LEN];
	int have = source_line(at.file, at.line, text, sizeof(text));

	if (have && text[strspn(text, " \t")] == '#')
		diag_error(at, "%s: dtc reads the system DTS without the C "
			   "preprocessor, so '#' lines are not understood "
			   "(use /include/ \"file\")", msg);
	else
		diag_error(at, "%s", msg);
}

/* `dir` of `path`, with its trailing slash, into buf ("" for none). */
static void dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) + 1 : 0;

	snprintf(buf, size, "%.*s", (int)len, path);
}

/*
 * Find the line of `file` (or of a file it includes) that includes `name`;
 * dtc looks an included name up next to the file that names it.
 */
static int find_include(const char *file, const char *name, int depth,
			struct loc *at)
{
	char line[LINE_LEN], dir[LINE_LEN], inc[2 * LINE_LEN];
	FILE *f = fopen(file, "r");
	int n = 0, found = 0;

	if (f == NULL || depth > MAX_INCLUDE_DEPTH) {
		if (f)
			fclose(f);
		return 0;
	}
	dir_of(file, dir, sizeof(dir));
	while (!found && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "/include/"), *q, *e;

		n++;
		if (p == NULL || (q = strchr(p, '"')) == NULL ||
		    (e = strchr(q + 1, '"')) == NULL)
			continue;
		*e = '\0';
		if (strcmp(q + 1, name) == 0) {
			*at = (struct loc){ keep(file, strlen(file)), n };
			found = 1;
		} else {
			snprintf(inc, sizeof(inc), "%s%s",
				 q[1] == '/' ? "" : dir, q + 1);
			found = find_include(inc, name, depth + 1, at);
		}
	}
	fclose(f);
	return found;
}

/* FATAL ERROR: Couldn't open "NAME": REASON */
static void open_error(const char *dts, const char *msg)
{
	const char *q = strchr(msg, '"'), *e = q ? strchr(q + 1, '"') : NULL;
	char name[LINE_LEN];
	struct loc at = { dts, 0 };

	if (e == NULL) {
		diag_error(at, "dtc: %s", msg);
		return;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(e - q - 1), q + 1);
	if (strcmp(name, dts) == 0)
		diag_error(at, "cannot open the system DTS%s", e + 1);
	else if (find_include(dts, name, 0, &at))
		diag_error(at, "cannot open the included file '%s'%s", name,
			   e + 1);
	else
		diag_error(at, "cannot open '%s'%s", name, e + 1);
}

/* "ERROR (check): /path: text" or "Warning (check): /path: text". */
static void check_message(struct loc at, const char *rest)
{
	int error = strncmp(rest, "ERROR", 5) == 0;
	const char *close = strstr(rest, "): "), *text;

	text = close ? close + 3 : rest;
	if (error)
		diag_error(at, "%s", text);
	else
		diag_warning(at, "%s", text);
}

static void one_line(const char *dts, const char *line, int *errors)
{
	struct loc at;
	const char *rest;

	if (*line == '\0' || strstr(line, "Failed prerequisite") ||
	    strncmp(line, "ERROR: Input tree has errors", 28) == 0 ||
	    (*errors && strncmp(line, "FATAL ERROR: Unable to parse", 28) == 0))
		return;	/* follow-ons of a message already given */
	if (strncmp(line, "Error: ", 7) == 0 &&
	    (rest = parse_position(line + 7, &at)) != NULL) {
		syntax_error(at, rest);
		(*errors)++;
	} else if (strncmp(line, "FATAL ERROR: Couldn't open", 26) == 0) {
		open_error(dts, line + 13);
		(*errors)++;
	} else if ((rest = parse_position(line, &at)) != NULL &&
		   (strncmp(rest, "ERROR", 5) == 0 ||
		    strncmp(rest, "Warning", 7) == 0)) {
		check_message(at, rest);
		*errors += strncmp(rest, "ERROR", 5) == 0;
	} else {
		diag_error((struct loc){ dts, 0 }, "dtc: %s", line);
		(*errors)++;
	}
}

void dtcmsg_report(const char *dts, const char *text, int failed)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	int errors = 0;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		one_line(dts, line, &errors);
	if (failed && errors == 0)
		diag_error((struct loc){ dts, 0 }, "dtc could not compile the "
			   "system DTS");
	free(copy);
}
