#include <septum/test.h>

#include <septum/fmt.h>
#include <string.h>

/*
 * fmt_snprintf() without the compiler's format checking, so the tests can
 * hand it what a careless caller might.
 */
static size_t fmt_unchecked(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, format);
	n = fmt_vsnprintf(buf, size, format, ap);
	va_end(ap);
	return n;
}

/* Whether formatting gives exactly `want` (and reports its length). */
#define EXPECT_FMT(want, ...)                                                  \
	do {                                                                   \
		char buf_[128];                                                \
		size_t n_ = fmt_unchecked(buf_, sizeof(buf_), __VA_ARGS__);     \
		if (!EXPECT(strcmp(buf_, want) == 0))                          \
			printf("  got \"%s\", want \"%s\"\n", buf_, want);     \
		EXPECT_EQ(n_, strlen(want));                                   \
	} while (0)

TEST(fmt, integers)
{
	EXPECT_FMT("0 -1 42", "%d %d %u", 0, -1, 42u);
	EXPECT_FMT("-2147483648", "%d", (int)0x80000000u);
	EXPECT_FMT("-9223372036854775808", "%lld", (long long)(1ull << 63));
	EXPECT_FMT("18446744073709551615", "%llu", ~0ull);
	EXPECT_FMT("ff FF 0", "%x %X %x", 255u, 255u, 0u);
	EXPECT_FMT("deadbeefcafe", "%llx", 0xdeadbeefcafeull);
	EXPECT_FMT("65535 255", "%hu %hhu", 0xffffu, 0x1ffu);
	EXPECT_FMT("-1", "%hhd", 0xff);
	EXPECT_FMT("123 456", "%zu %lu", (size_t)123, 456ul);
}

/* Each length reads its own size of argument, sign-extended for %d and %i. */
TEST(fmt, lengths_and_signs)
{
	EXPECT_FMT("-5 -6 -7 -8", "%ld %lld %zd %jd", -5l, -6ll, (ssize_t)-7,
		   (intmax_t)-8);
	EXPECT_FMT("-2 -3 -4", "%hd %hhi %i", (short)-2, (signed char)-3, -4);
	EXPECT_FMT("fffe 254 4294967295", "%hx %hhu %u", 0xfffeu, 0xfeu,
		   0xffffffffu);
	EXPECT_FMT("-9223372036854775807 ffffffffffffffff", "%ld %lx",
		   -0x7fffffffffffffffl, ~0ul);
	EXPECT_FMT("x|  -3|y", "%c|%*d|%c", 'x', 4, -3, 'y');
	EXPECT_FMT("1  |z", "%-*u|%c", -3, 1u, 'z');
}

TEST(fmt, width_and_flags)
{
	EXPECT_FMT("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
	EXPECT_FMT("-0042", "%05d", -42);
	EXPECT_FMT("0000000000001000", "%016llx", 0x1000ull);
	EXPECT_FMT("  ab|ab  |", "%4s|%-4s|", "ab", "ab");
	EXPECT_FMT("   7", "%*u", 4, 7u);
	EXPECT_FMT("x2 ", "x%-*u", 2, 2u);
}

TEST(fmt, strings_chars_pointers)
{
	EXPECT_FMT("hello", "%s", "hello");
	EXPECT_FMT("hel", "%.3s", "hello");
	EXPECT_FMT("he|", "%.*s|", 2, "hello");
	EXPECT_FMT("(null)", "%s", (const char *)NULL);
	EXPECT_FMT("a%b", "%c%%%c", 'a', 'b');
	EXPECT_FMT("0x1000", "%p", (void *)0x1000);
}

TEST(fmt, unknown_conversions_are_visible)
{
	EXPECT_FMT("%q", "%q");
	EXPECT_FMT("50", "50%");
}

TEST(fmt, truncation)
{
	char buf[8];

	EXPECT_EQ(fmt_unchecked(buf, sizeof(buf), "%s", "0123456789"), 10);
	EXPECT(strcmp(buf, "0123456") == 0);
	EXPECT_EQ(fmt_unchecked(buf, 1, "abc"), 3);
	EXPECT_EQ(buf[0], '\0');
	EXPECT_EQ(fmt_unchecked(NULL, 0, "%d", 12345), 5);
}
