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

static void out_str(struct out *o, const struct spec *sp, const char *s)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = str_len(s, sp->precision);
	if (!sp->left && sp->width > n)
		out_pad(o, ' ', sp->width - n);
	for (size_t i = 0; i < n; i++)
		out_char(o, s[i]);
	if (sp->left && sp->width > n)
		out_pad(o, ' ', sp->width - n);
}

static void out_num(struct out *o, const struct spec *sp, uint64_t v,
		    unsigned int base, bool neg, bool upper)
{
	char digits[24];
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0, total;

	do {
		digits[n++] = set[v % base];
		v /= base;
	} while (v);
	total = n + (neg ? 1 : 0);
	if (!sp->left && !sp->zero && sp->width > total)
		out_pad(o, ' ', sp->width - total);
	if (neg)
		out_char(o, '-');
	if (!sp->left && sp->zero && sp->width > total)
		out_pad(o, '0', sp->width - total);
	while (n)
		out_char(o, digits[--n]);
	if (sp->left && sp->width > total)
		out_pad(o, ' ', sp->width - total);
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
	switch (c) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X': {
		bool is_signed = c == 'd' || c == 'i';
		uint64_t v = arg_int(sp->length, ap, is_signed);
		bool neg = is_signed && (int64_t)v < 0;

		out_num(o, sp, neg ? 0 - v : v, c == 'x' || c == 'X' ? 16 : 10,
			neg, c == 'X');
		return true;
	}
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		out_num(o, sp, (uintptr_t)arg_ptr(ap), 16, false, false);
		return true;
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
