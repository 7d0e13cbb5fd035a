/*
 * A small vsnprintf.  Written without tables of pointers or global state so it
 * also runs before the MMU is on, at the image's load address.
 */
#include <septum/fmt.h>

struct out {
	char *buf;
	size_t size;
	size_t len;	/* bytes the full output has so far */
};

struct spec {
	bool left;	/* '-' flag */
	bool zero;	/* '0' flag */
	unsigned int width;
	int precision;	/* -1: none */
	int length;	/* count of 'l' (2 = ll/j/z/t), -1 = h, -2 = hh */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, size_t n)
{
	while (n--)
		out_char(o, c);
}

static size_t str_len(const char *s, int max)
{
	size_t n = 0;

	while (s[n] && (max < 0 || n < (size_t)max))
		n++;
	return n;
}

/*
 * One conversion's field: n characters from s, after a '-' if neg, padded
 * to the width with spaces (before, or after for '-'), or with zeros after
 * the sign (zero: a number's '0' flag).  Strings and numbers alike.
 */
static void out_field(struct out *o, const struct spec *sp, const char *s,
		      size_t n, bool neg, bool zero)
{
	size_t total = n + (neg ? 1 : 0);
	size_t pad = sp->width > total ? sp->width - total : 0;

	if (neg && zero)
		out_char(o, '-');
	if (!sp->left)
		out_pad(o, zero ? '0' : ' ', pad);
	if (neg && !zero)
		out_char(o, '-');
	while (n--)
		out_char(o, *s++);
	if (sp->left)
		out_pad(o, ' ', pad);
}

static void out_str(struct out *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	out_field(o, sp, s, str_len(s, sp->precision), false, false);
}

static void out_num(struct out *o, const struct spec *sp, uint64_t v,
		    unsigned int base, bool neg, bool upper)
{
	char digits[24];
	char *d = digits + sizeof(digits);

	/* Letters are lower case with bit 5 set; digits have it anyway. */
	do {
		*--d = (char)("0123456789ABCDEF"[v % base] |
			      (upper ? 0 : 0x20));
		v /= base;
	} while (v);
	out_field(o, sp, d, (size_t)(digits + sizeof(digits) - d), neg,
		  sp->zero);
}

/*
 * The next integer argument, of the type its length modifier names, widened
 * to 64 bits: sign-extended for a signed conversion.  A signed argument is
 * read as the unsigned type of its size and converted back, as C libraries
 * do: one read per size rather than one per type.
 */
static NOINLINE uint64_t arg_int(int length, va_list *ap, bool is_signed)
{
	uint64_t v;

	if (length >= 2)
		return va_arg(*ap, unsigned long long);
	if (length == 1) {
		v = va_arg(*ap, unsigned long);
		return is_signed ? (uint64_t)(int64_t)(long)v : v;
	}
	v = va_arg(*ap, unsigned int);
	if (length == -1)
		return is_signed ? (uint64_t)(int64_t)(short)v
				 : (unsigned short)v;
	if (length == -2)
		return is_signed ? (uint64_t)(int64_t)(signed char)v
				 : (unsigned char)v;
	return is_signed ? (uint64_t)(int64_t)(int)v : v;
}

/* The next pointer argument (%p, %s): one read for both. */
static NOINLINE void *arg_ptr(va_list *ap)
{
	return va_arg(*ap, void *);
}

/* Decimal digits at f appended to *n; past them. */
static NOINLINE const char *decimal(const char *f, unsigned int *n)
{
	for (; *f >= '0' && *f <= '9'; f++)
		*n = *n * 10 + (unsigned int)(*f - '0');
	return f;
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		int w = (int)arg_int(0, ap, true);

		sp->left |= w < 0;
		sp->width = (unsigned int)(w < 0 ? -w : w);
		f++;
	}
	f = decimal(f, &sp->width);
	if (*f == '.') {
		unsigned int digs;

		sp->precision = 0;
		if (*++f == '*') {
			int p = (int)arg_int(0, ap, true);

			sp->precision = p < 0 ? -1 : p;
			f++;
		}
		digs = (unsigned int)sp->precision;
		f = decimal(f, &digs);
		sp->precision = (int)digs;
	}
	for (;; f++) {
		if (*f == 'l')
			sp->length++;
		else if (*f == 'h')
			sp->length = sp->length <= -1 ? -2 : -1;
		else if (*f == 'z' || *f == 'j' || *f == 't')
			sp->length = 2;
		else
			return f;
	}
}

/* Emit one conversion; returns false for an unknown conversion character. */
static bool convert(struct out *o, const struct spec *sp, char c, va_list *ap)
{
	bool is_signed = c == 'd' || c == 'i', neg;
	unsigned int base = 10;
	uint64_t v;

	switch (c) {
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		v = (uintptr_t)arg_ptr(ap);
		base = 16;
		break;
	case 'x':
	case 'X':
		base = 16;
		/* fall through */
	case 'd':
	case 'i':
	case 'u':
		v = arg_int(sp->length, ap, is_signed);
		break;
	case 'c':
		out_char(o, (char)arg_int(0, ap, false));
		return true;
	case 's':
		out_str(o, sp, arg_ptr(ap));
		return true;
	case '%':
		out_char(o, '%');
		return true;
	default:
		return false;
	}
	/* One path for every number: %p's too. */
	neg = is_signed && (int64_t)v < 0;
	out_num(o, sp, neg ? 0 - v : v, base, neg, c == 'X');
	return true;
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *format, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (const char *f = format; *f; f++) {
		const char *start = f;
		struct spec sp;

		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &args);
		if (!*f)
			break;	/* a lone '%' at the end */
		if (!convert(&o, &sp, *f, &args)) {
			for (; start <= f; start++)
				out_char(&o, *start);
		}
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

size_t fmt_snprintf(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, format);
	n = fmt_vsnprintf(buf, size, format, ap);
	va_end(ap);
	return n;
}
