/*
 * Flattened device tree reader.  Layout (devicetree specification, ch. 5): a
 * header of big-endian 32-bit words, a structure block of tokens and a strings
 * block of property names.  Every read is checked against the blocks' bounds.
 */
#include <dt/fdt.h>

enum {
	TOK_BEGIN_NODE = 1,
	TOK_END_NODE = 2,
	TOK_PROP = 3,
	TOK_NOP = 4,
	TOK_END = 9,
};

enum {
	HDR_MAGIC = 0,
	HDR_TOTALSIZE = 1,
	HDR_OFF_STRUCT = 2,
	HDR_OFF_STRINGS = 3,
	HDR_VERSION = 5,
	HDR_LAST_COMP_VERSION = 6,
	HDR_SIZE_STRINGS = 8,
	HDR_SIZE_STRUCT = 9,
	HDR_WORDS = 10,
};

#define FDT_MIN_VERSION 17

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

uint32_t fdt_cell(const void *value, uint32_t len, uint32_t i)
{
	if (!value || i >= len / 4)
		return 0;
	return be32((const uint8_t *)value + 4 * i);
}

uint32_t fdt_total_size(const void *blob)
{
	const uint8_t *b = blob;

	if (be32(b) != FDT_MAGIC)
		return 0;
	return be32(b + 4);
}

/* Whether [off, off + len) lies within a block of `size` bytes. */
static bool in_block(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

enum err fdt_open(struct fdt *fdt, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;
	uint32_t h[HDR_WORDS];

	if (max_size < sizeof(h))
		return E_RANGE;
	for (unsigned int i = 0; i < HDR_WORDS; i++)
		h[i] = be32(b + 4 * i);
	if (h[HDR_MAGIC] != FDT_MAGIC || h[HDR_VERSION] < FDT_MIN_VERSION ||
	    h[HDR_LAST_COMP_VERSION] > FDT_MIN_VERSION)
		return E_INVALID;
	if (h[HDR_TOTALSIZE] > max_size || h[HDR_TOTALSIZE] < sizeof(h) ||
	    !in_block(h[HDR_OFF_STRUCT], h[HDR_SIZE_STRUCT], h[HDR_TOTALSIZE]) ||
	    !in_block(h[HDR_OFF_STRINGS], h[HDR_SIZE_STRINGS],
		      h[HDR_TOTALSIZE]) ||
	    h[HDR_OFF_STRUCT] % 4 || h[HDR_SIZE_STRUCT] % 4)
		return E_RANGE;
	*fdt = (struct fdt){
		.blob = b,
		.size = h[HDR_TOTALSIZE],
		.struct_off = h[HDR_OFF_STRUCT],
		.struct_size = h[HDR_SIZE_STRUCT],
		.strings_off = h[HDR_OFF_STRINGS],
		.strings_size = h[HDR_SIZE_STRINGS],
	};
	return E_OK;
}

/* Token at structure-block offset `off`, or TOK_END past the block. */
static uint32_t token_at(const struct fdt *fdt, int off)
{
	if (off < 0 || !in_block((uint64_t)off, 4, fdt->struct_size))
		return TOK_END;
	return be32(fdt->blob + fdt->struct_off + (uint32_t)off);
}

/* Length of the NUL-terminated string at structure offset off, or -1. */
static int struct_strlen(const struct fdt *fdt, int off)
{
	const uint8_t *s = fdt->blob + fdt->struct_off;

	for (uint32_t i = (uint32_t)off; i < fdt->struct_size; i++) {
		if (!s[i])
			return (int)(i - (uint32_t)off);
	}
	return -1;
}

static int align4(int off)
{
	return (off + 3) & ~3;
}

/*
 * Offset of the token after the one at `off`, or -1 if malformed.  Skipping a
 * BEGIN_NODE steps into the node (to its first property or child).
 */
static int next_token(const struct fdt *fdt, int off)
{
	int len;

	switch (token_at(fdt, off)) {
	case TOK_BEGIN_NODE:
		len = struct_strlen(fdt, off + 4);
		return len < 0 ? -1 : align4(off + 4 + len + 1);
	case TOK_PROP: {
		uint32_t plen = token_at(fdt, off + 4);

		if (!in_block((uint64_t)off + 12, plen, fdt->struct_size))
			return -1;
		return align4(off + 12 + (int)plen);
	}
	case TOK_END_NODE:
	case TOK_NOP:
		return off + 4;
	default:
		return -1;
	}
}

/* Offset just past the END_NODE of the node at `node`, or -1. */
static int skip_node(const struct fdt *fdt, int node)
{
	int depth = 0, off = node;

	do {
		uint32_t tok = token_at(fdt, off);

		if (tok == TOK_BEGIN_NODE)
			depth++;
		else if (tok == TOK_END_NODE)
			depth--;
		off = next_token(fdt, off);
	} while (off >= 0 && depth > 0);
	return off;
}

int fdt_next_child(const struct fdt *fdt, int parent, int prev)
{
	int off = prev < 0 ? next_token(fdt, parent) : skip_node(fdt, prev);

	while (off >= 0) {
		switch (token_at(fdt, off)) {
		case TOK_BEGIN_NODE:
			return off;
		case TOK_PROP:
		case TOK_NOP:
			off = next_token(fdt, off);
			break;
		default:
			return -1;	/* END_NODE of the parent, or junk */
		}
	}
	return -1;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	if (token_at(fdt, node) != TOK_BEGIN_NODE ||
	    struct_strlen(fdt, node + 4) < 0)
		return NULL;
	return (const char *)fdt->blob + fdt->struct_off + node + 4;
}

static bool str_eq_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i])
			return false;
	}
	return true;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Child of `parent` named exactly by the n bytes at `name`, or -1. */
static int find_child(const struct fdt *fdt, int parent, const char *name,
		      size_t n)
{
	for (int c = fdt_next_child(fdt, parent, -1); c >= 0;
	     c = fdt_next_child(fdt, parent, c)) {
		const char *cn = fdt_node_name(fdt, c);

		/* name's n bytes are no NUL: cn ends at the first mismatch */
		if (cn && str_eq_n(cn, name, n) && cn[n] == '\0')
			return c;
	}
	return -1;
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	int node = 0;

	if (path[0] != '/' || token_at(fdt, 0) != TOK_BEGIN_NODE)
		return -1;
	while (*path) {
		size_t n = 0;

		while (*path == '/')
			path++;
		while (path[n] && path[n] != '/')
			n++;
		if (n == 0)
			break;
		node = find_child(fdt, node, path, n);
		if (node < 0)
			return -1;
		path += n;
	}
	return node;
}

/* The property name at strings-block offset `off`, or NULL. */
static const char *string_at(const struct fdt *fdt, uint32_t off)
{
	const char *s = (const char *)fdt->blob + fdt->strings_off;

	for (uint32_t i = off; i < fdt->strings_size; i++) {
		if (!s[i])
			return s + off;
	}
	return NULL;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const void *fdt_prop(const struct fdt *fdt, int node, const char *name,
		     uint32_t *len)
{
	if (token_at(fdt, node) != TOK_BEGIN_NODE)
		return NULL;
	for (int off = next_token(fdt, node); off >= 0;
	     off = next_token(fdt, off)) {
		uint32_t tok = token_at(fdt, off);
		const char *pname;

		if (tok == TOK_NOP)
			continue;
		if (tok != TOK_PROP)
			return NULL;	/* properties come before children */
		pname = string_at(fdt, token_at(fdt, off + 8));
		if (pname && str_eq(pname, name) &&
		    next_token(fdt, off) >= 0) {
			if (len)
				*len = token_at(fdt, off + 4);
			return fdt->blob + fdt->struct_off + off + 12;
		}
	}
	return NULL;
}

/* A property of NUL-terminated strings (*len bytes), or NULL. */
static const char *prop_strings(const struct fdt *fdt, int node,
				const char *name, uint32_t *len)
{
	const char *s = fdt_prop(fdt, node, name, len);

	if (!s || *len == 0 || s[*len - 1] != '\0')
		return NULL;
	return s;
}

const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len;

	return prop_strings(fdt, node, name, &len);
}

bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name,
			 const char *value)
{
	uint32_t len, i = 0;
	const char *s = prop_strings(fdt, node, name, &len);

	if (!s)
		return false;
	while (i < len) {
		if (str_eq(s + i, value))
			return true;
		i += (uint32_t)str_len(s + i) + 1;
	}
	return false;
}
