/*
 * Source map built from `dtc -O dts -T` output.  Every node and property line of
 * that output ends with a C comment holding where it came from, e.g. a line
 * `cpus = <0x00>;` followed by the comment "system.dts:6" (or "a.dts:2, b.dts:9"
 * for a node merged from several places: the first one is kept).
 *
 * We track the node path by braces and record (path, property) -> file:line.
 */
#include <stdlib.h>
#include <string.h>

#include "srcmap.h"
#include "util.h"

#define MAX_DEPTH 64
#define MAX_PATH 1024

struct entry {
	char *path;
	char *prop;	/* NULL for the node itself */
	struct loc loc;
	unsigned int kind;	/* enum srcmap_kind mask, properties only */
};

static struct entry *entries;
static unsigned int num_entries, cap_entries;
static char **files;	/* interned file names, owned here */
static unsigned int num_files;
static struct loc fallback_loc;

/*
 * dtc names files as it opened them relative to the including file's
 * directory; put that directory back so messages point at real paths.
 */
static const char *real_name(const char *name, size_t len, char *buf,
			     size_t size)
{
	const char *top = fallback_loc.file, *slash = strrchr(top, '/');
	size_t dir = slash ? (size_t)(slash - top) + 1 : 0;

	if (memchr(name, '/', len) != NULL || dir == 0 || dir + len >= size)
		return name;
	memcpy(buf, top, dir);
	memcpy(buf + dir, name, len);
	buf[dir + len] = '\0';
	return buf;
}

static const char *intern_file(const char *raw, size_t raw_len)
{
	char buf[1024];
	const char *name = real_name(raw, raw_len, buf, sizeof(buf));
	size_t len = name == buf ? strlen(buf) : raw_len;
	unsigned int i;

	for (i = 0; i < num_files; i++) {
		if (strlen(files[i]) == len && memcmp(files[i], name, len) == 0)
			return files[i];
	}
	files = xrealloc(files, (num_files + 1) * sizeof(*files));
	files[num_files] = xmalloc(len + 1);
	memcpy(files[num_files], name, len);
	files[num_files][len] = '\0';
	return files[num_files++];
}

static void add(const char *path, const char *prop, struct loc loc,
		unsigned int kind)
{
	if (num_entries == cap_entries) {
		cap_entries = cap_entries ? 2 * cap_entries : 256;
		entries = xrealloc(entries, cap_entries * sizeof(*entries));
	}
	entries[num_entries].path = xstrdup(path);
	entries[num_entries].prop = prop ? xstrdup(prop) : NULL;
	entries[num_entries].loc = loc;
	entries[num_entries].kind = kind;
	num_entries++;
}

/* Cut the trailing annotation comment off `line` and parse its first
 * "file:line"; returns 0 when the line has no annotation. */
static int parse_annotation(char *line, struct loc *loc)
{
	char *open = strstr(line, " /* "), *colon, *end;
	size_t n = strlen(line);

	if (n < 3 || strcmp(line + n - 3, " */") != 0)
		return 0;
	for (char *p = open; p; p = strstr(p + 1, " /* "))
		open = p;	/* the last comment on the line is dtc's */
	if (open == NULL)
		return 0;
	*open = '\0';
	open += 4;
	end = open + strcspn(open, ", *");
	colon = end;
	while (colon > open && *colon != ':')
		colon--;
	if (*colon != ':')
		return 0;
	loc->file = intern_file(open, (size_t)(colon - open));
	loc->line = atoi(colon + 1);
	return 1;
}

/* "label: name {" -> "name" (in place). */
static char *node_name(char *code)
{
	char *brace = strrchr(code, '{'), *colon;

	while (brace > code && (brace[-1] == ' ' || brace[-1] == '{'))
		brace--;
	*brace = '\0';
	while ((colon = strstr(code, ": ")) != NULL)
		code = colon + 2;
	return code;
}

static void join(char *out, const char *parent, const char *name)
{
	char tmp[MAX_PATH];

	if (strcmp(parent, "/") == 0)
		snprintf(tmp, sizeof(tmp), "/%s", name);
	else
		snprintf(tmp, sizeof(tmp), "%s/%s", parent, name);
	memcpy(out, tmp, sizeof(tmp));
}

/* Skip a "string" (with its escapes) or a <...>/[...] group at `p`. */
static const char *skip_group(const char *p, char close)
{
	for (p++; *p && *p != close; p++) {
		if (close == '"' && *p == '\\' && p[1])
			p++;
	}
	return *p ? p + 1 : p;
}

/* The forms of the value after a property's name: " = <1>, \"a\";" */
static unsigned int value_kind(const char *v)
{
	unsigned int kind = 0;

	v += strspn(v, " ");
	if (*v != '=')
		return SRCMAP_EMPTY;
	for (v++; *v && *v != ';'; ) {
		if (*v == '"') {
			kind |= SRCMAP_STRING;
			v = skip_group(v, '"');
		} else if (*v == '<') {
			kind |= SRCMAP_CELLS;
			v = skip_group(v, '>');
		} else if (*v == '[') {
			kind |= SRCMAP_BYTES;
			v = skip_group(v, ']');
		} else {
			if (*v == '&')
				kind |= SRCMAP_STRING;
			v++;
		}
	}
	return kind;
}

/* One annotated line: a node opening, a node closing or a property. */
static void parse_line(char *code, struct loc loc, char (*stack)[MAX_PATH],
		       int *depth)
{
	size_t n;

	code += strspn(code, "\t ");
	n = strlen(code);
	if (n == 0 || strncmp(code, "};", 2) == 0) {
		if (*depth > 0)
			(*depth)--;
		return;
	}
	if (code[n - 1] == '{') {
		char *name = node_name(code);

		if (*depth == 0)
			snprintf(stack[0], MAX_PATH, "/");
		else if (*depth < MAX_DEPTH)
			join(stack[*depth], stack[*depth - 1], name);
		if (*depth < MAX_DEPTH)
			add(stack[*depth], NULL, loc, 0);
		(*depth)++;
		return;
	}
	if (*depth > 0 && *depth <= MAX_DEPTH) {
		size_t name = strcspn(code, " =;");
		unsigned int kind = value_kind(code + name);

		code[name] = '\0';
		add(stack[*depth - 1], code, loc, kind);
	}
}

void srcmap_load(const char *text, struct loc fallback)
{
	static char stack[MAX_DEPTH][MAX_PATH];
	char *copy = xstrdup(text), *line, *save = NULL;
	int depth = 0;

	srcmap_free();
	fallback_loc = fallback;
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct loc loc;

		if (parse_annotation(line, &loc))
			parse_line(line, loc, stack, &depth);
	}
	free(copy);
}

struct loc srcmap_find(const char *path, const char *prop)
{
	struct loc node = fallback_loc;
	unsigned int i;

	for (i = 0; i < num_entries; i++) {
		if (strcmp(entries[i].path, path) != 0)
			continue;
		if (entries[i].prop == NULL)
			node = entries[i].loc;
		else if (prop && strcmp(entries[i].prop, prop) == 0)
			return entries[i].loc;
	}
	return node;
}

unsigned int srcmap_kind(const char *path, const char *prop)
{
	unsigned int i;

	for (i = 0; i < num_entries; i++) {
		if (entries[i].prop && strcmp(entries[i].path, path) == 0 &&
		    strcmp(entries[i].prop, prop) == 0)
			return entries[i].kind;
	}
	return SRCMAP_UNKNOWN;
}

void srcmap_free(void)
{
	unsigned int i;

	for (i = 0; i < num_entries; i++) {
		free(entries[i].path);
		free(entries[i].prop);
	}
	free(entries);
	entries = NULL;
	num_entries = cap_entries = 0;
	/* File names stay interned: diagnostics may still point at them. */
}
