/*
 * pycompat.c: Python 3's str semantics on UTF-8 text (see pycompat.h);
 * the Unicode tables are pycompat_tab.h, generated from /usr/bin/python3.
 */
#include "pycompat.h"
#include "rt.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pycompat_tab.h"

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t pyc_u8_get(const char *s, size_t n, uint32_t *c)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t lo, v;

	if (p[0] < 0x80) {
		*c = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		v = p[0] & 0x1fu;
		lo = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		v = p[0] & 0x0fu;
		lo = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		v = p[0] & 0x07u;
		lo = 0x10000;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if (!is_cont(p[i]))
			goto bad;
		v = v << 6 | (p[i] & 0x3fu);
	}
	/* overlong forms, UTF-16 surrogates, past U+10FFFF */
	if (v < lo || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		goto bad;
	*c = v;
	return len;
bad:
	*c = 0xdc00 + p[0];
	return 1;
}

bool pyc_isspace(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	       c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

bool pyc_isprint(uint32_t c)
{
	size_t lo = 0, hi = RT_ARRAY_SIZE(pyc_unprintable), mid;

	if (c < 0x80)
		return c >= 0x20 && c < 0x7f;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c < pyc_unprintable[mid][0])
			hi = mid;
		else if (c > pyc_unprintable[mid][1])
			lo = mid + 1;
		else
			return false;
	}
	return true;
}

void pyc_repr(struct rt_buf *b, const char *s, size_t n)
{
	char q = memchr(s, '\'', n) && !memchr(s, '"', n) ? '"' : '\'';
	size_t i, len;
	uint32_t c;

	rt_buf_addch(b, q);
	for (i = 0; i < n; i += len) {
		len = pyc_u8_get(s + i, n - i, &c);
		if (c == (uint32_t)q || c == '\\')
			rt_buf_addf(b, "\\%c", (int)c);
		else if (c == '\t')
			rt_buf_adds(b, "\\t");
		else if (c == '\n')
			rt_buf_adds(b, "\\n");
		else if (c == '\r')
			rt_buf_adds(b, "\\r");
		else if (pyc_isprint(c))
			rt_buf_add(b, s + i, len);
		else if (c < 0x100)
			rt_buf_addf(b, "\\x%02x", (unsigned)c);
		else if (c < 0x10000)
			rt_buf_addf(b, "\\u%04x", (unsigned)c);
		else
			rt_buf_addf(b, "\\U%08x", (unsigned)c);
	}
	rt_buf_addch(b, q);
}

const char *pyc_repr_str(struct rt_arena *a, const char *s)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;

	pyc_repr(&b, s, strlen(s));
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

void pyc_float_repr(struct rt_buf *b, double x)
{
	char buf[64], digits[32];
	const char *p;
	int prec, e, nd = 0, i;

	if (isinf(x)) {
		rt_buf_adds(b, x < 0 ? "-inf" : "inf");
		return;
	}
	if (isnan(x)) {
		rt_buf_adds(b, "nan");
		return;
	}
	/* the shortest %e that reads back as x (17 digits always do) */
	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	snprintf(buf, sizeof(buf), "%.*e", prec - 1, x);
	for (p = buf + (buf[0] == '-'); *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	e = (int)strtol(p + 1, NULL, 10);
	if (buf[0] == '-')
		rt_buf_addch(b, '-');
	if (e < -4 || e >= 16) {
		rt_buf_addch(b, digits[0]);
		if (nd > 1)
			rt_buf_addf(b, ".%.*s", nd - 1, digits + 1);
		rt_buf_addf(b, "e%c%02d", e < 0 ? '-' : '+', abs(e));
	} else if (e < 0) {
		rt_buf_adds(b, "0.");
		for (i = -1; i > e; i--)
			rt_buf_addch(b, '0');
		rt_buf_add(b, digits, (size_t)nd);
	} else {
		for (i = 0; i <= e; i++)
			rt_buf_addch(b, i < nd ? digits[i] : '0');
		rt_buf_addch(b, '.');
		if (nd > e + 1)
			rt_buf_add(b, digits + e + 1, (size_t)(nd - e - 1));
		else
			rt_buf_addch(b, '0');
	}
}

const char *pyc_float_repr_str(struct rt_arena *a, double x)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;

	pyc_float_repr(&b, x);
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

/* Bytes of whitespace at s[0..n) (0 if none), as one code point. */
static size_t space_at(const char *s, size_t n)
{
	uint32_t c;
	size_t len = pyc_u8_get(s, n, &c);

	return pyc_isspace(c) ? len : 0;
}

void pyc_strip(const char **s, size_t *n)
{
	const char *p = *s;
	size_t i = 0, len, keep = 0, end = *n;

	while (i < end && (len = space_at(p + i, end - i)))
		i += len;
	p += i;
	end -= i;
	/* the end of the last non-space code point */
	for (i = 0; i < end; i += len) {
		len = space_at(p + i, end - i);
		if (!len) {
			uint32_t c;

			len = pyc_u8_get(p + i, end - i, &c);
			keep = i + len;
		}
	}
	*s = p;
	*n = keep;
}

/* The decimal value of c (Unicode Nd), or -1. */
static int digit_value(uint32_t c)
{
	size_t lo = 0, hi = RT_ARRAY_SIZE(pyc_digit_zeros), mid;

	if (c < 0x80)
		return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c < pyc_digit_zeros[mid])
			hi = mid;
		else if (c > pyc_digit_zeros[mid] + 9)
			lo = mid + 1;
		else
			return (int)(c - pyc_digit_zeros[mid]);
	}
	return -1;
}

/*
 * int() turns non-ASCII whitespace into ' ' and non-ASCII digits into
 * ASCII ones, then skips C isspace() around the number: so the space
 * set is pyc_isspace() without U+001C..U+001F.
 */
static bool int_space(uint32_t c)
{
	return pyc_isspace(c) && (c < 0x1c || c > 0x1f);
}

enum pyc_int_rc pyc_int(const char *s, long long *out)
{
	size_t n = strlen(s), i = 0, len;
	unsigned long long v = 0, lim;
	bool neg = false, digit = false, under = false, big = false;
	uint32_t c;
	int d;

	*out = 0;
	while (i < n && (len = pyc_u8_get(s + i, n - i, &c)) &&
	       int_space(c))
		i += len;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (; i < n; i += len) {
		len = pyc_u8_get(s + i, n - i, &c);
		if (c == '_' && digit && !under) {
			under = true;
			continue;
		}
		if ((d = digit_value(c)) < 0)
			break;
		digit = true;
		under = false;
		if (v > (lim - (unsigned)d) / 10)
			big = true;
		else
			v = v * 10 + (unsigned)d;
	}
	while (i < n && (len = pyc_u8_get(s + i, n - i, &c)) &&
	       int_space(c))
		i += len;
	if (!digit || under || i < n)
		return PYC_INT_INVALID;
	if (big) {
		*out = neg ? LLONG_MIN : LLONG_MAX;
		return PYC_INT_RANGE;
	}
	*out = neg ? (long long)(0 - v) : (long long)v;
	return PYC_INT_OK;
}
