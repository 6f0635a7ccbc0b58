/*
 * pystr.c: Python's str semantics on UTF-8 text (see pystr.h).
 */
#include "pystr.h"

#include <locale.h>
#include <pthread.h>
#include <wctype.h>

/* The C.UTF-8 locale for towlower/iswprint, created once per process,
 * whichever thread (of a libretort program) asks first. */
static pthread_once_t u8_once = PTHREAD_ONCE_INIT;
static locale_t u8_loc;

static void u8_init(void)
{
	u8_loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static locale_t u8_locale(void)
{
	pthread_once(&u8_once, u8_init);
	return u8_loc;
}

/* Decode one code point of valid UTF-8; *len gets its byte length. */
uint32_t pystr_u8_get(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xe0) {
		*len = 2;
		return (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	}
	if (p[0] < 0xf0) {
		*len = 3;
		return (uint32_t)(p[0] & 0x0f) << 12 |
		       (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	}
	*len = 4;
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
	       (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
}

void pystr_u8_put(struct rt_buf *b, uint32_t c)
{
	if (c < 0x80) {
		rt_buf_addch(b, (int)c);
	} else if (c < 0x800) {
		rt_buf_addch(b, (int)(0xc0 | c >> 6));
		rt_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		rt_buf_addch(b, (int)(0xe0 | c >> 12));
		rt_buf_addch(b, (int)(0x80 | (c >> 6 & 0x3f)));
		rt_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else {
		rt_buf_addch(b, (int)(0xf0 | c >> 18));
		rt_buf_addch(b, (int)(0x80 | (c >> 12 & 0x3f)));
		rt_buf_addch(b, (int)(0x80 | (c >> 6 & 0x3f)));
		rt_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	}
}

/* str.isspace(): what strip() and the regex \s remove. */
bool pystr_isspace(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	       c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Bytes of whitespace at the start of s[0..n); *cps gets code points. */
size_t pystr_lspace(const char *s, size_t n, size_t *cps)
{
	size_t i = 0, len, k = 0;

	while (i < n && pystr_isspace(pystr_u8_get(s + i, &len))) {
		i += len;
		k++;
	}
	if (cps)
		*cps = k;
	return i;
}

/* Length of s[0..n) without trailing whitespace. */
size_t pystr_rstrip(const char *s, size_t n)
{
	size_t i = 0, len, keep = 0;

	while (i < n) {
		if (!pystr_isspace(pystr_u8_get(s + i, &len)))
			keep = i + len;
		i += len;
	}
	return keep;
}

/* str.isprintable(), approximated: known Z and C categories, else libc. */
static bool py_isprint(uint32_t c)
{
	locale_t loc;

	if (c < 0x80)
		return c >= 0x20 && c < 0x7f;
	if (c <= 0xa0 || c == 0xad || (pystr_isspace(c) && c != ' ') ||
	    (c >= 0x600 && c <= 0x605) || c == 0x61c || c == 0x6dd ||
	    c == 0x70f || c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
	    (c >= 0xe000 && c <= 0xf8ff) || c == 0xfeff ||
	    (c >= 0xfff9 && c <= 0xfffb) || c >= 0xe0000)
		return false;
	loc = u8_locale();
	return loc ? iswprint_l((wint_t)c, loc) != 0 : true;
}

/* Python's repr() of a str: quotes and escapes as CPython prints them. */
void pystr_repr_buf(struct rt_buf *b, const char *s, size_t n)
{
	char q = '\'';
	size_t i, len;

	if (memchr(s, '\'', n) && !memchr(s, '"', n))
		q = '"';
	rt_buf_addch(b, q);
	for (i = 0; i < n; i += len) {
		uint32_t c = pystr_u8_get(s + i, &len);

		if (c == (uint32_t)q || c == '\\')
			rt_buf_addf(b, "\\%c", (int)c);
		else if (c == '\t')
			rt_buf_adds(b, "\\t");
		else if (c == '\n')
			rt_buf_adds(b, "\\n");
		else if (c == '\r')
			rt_buf_adds(b, "\\r");
		else if (py_isprint(c))
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

/* repr() as an arena string. */
const char *pystr_repr(struct rt_arena *a, const char *s, size_t n)
{
	struct rt_buf b = RT_BUF_INIT;
	char *r;

	pystr_repr_buf(&b, s, n);
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

static bool is_letter(uint32_t c)
{
	locale_t loc = u8_locale();

	return loc ? iswalpha_l((wint_t)c, loc) != 0
		   : (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Python's Final_Sigma: a letter before position i and none after it. */
static bool final_sigma(const char *s, size_t i, size_t len, size_t n)
{
	size_t j = i, l;

	if (!i)
		return false;
	while (j > 0 && ((unsigned char)s[j - 1] & 0xc0) == 0x80)
		j--;
	if (j > 0)
		j--;
	if (!is_letter(pystr_u8_get(s + j, &l)))
		return false;
	return i + len >= n || !is_letter(pystr_u8_get(s + i + len, &l));
}

/*
 * str.lower() (ConfigParser.optionxform).  Non-ASCII goes through the
 * C.UTF-8 locale's towlower plus Python's two special cases: U+0130
 * becomes "i\u0307", and a capital sigma after a letter and not before
 * one becomes the final sigma.
 */
char *pystr_lower(struct rt_arena *a, const char *s, size_t n)
{
	struct rt_buf b = RT_BUF_INIT;
	locale_t loc = u8_locale();
	size_t i, len;
	char *r;

	for (i = 0; i < n; i += len) {
		uint32_t c = pystr_u8_get(s + i, &len);

		if (c < 0x80)
			rt_buf_addch(&b, c >= 'A' && c <= 'Z' ? (int)c + 32
							     : (int)c);
		else if (c == 0x130)
			rt_buf_adds(&b, "i\xcc\x87");
		else if (c == 0x3a3 && final_sigma(s, i, len, n))
			pystr_u8_put(&b, 0x3c2);
		else
			pystr_u8_put(&b, loc ? (uint32_t)towlower_l((wint_t)c,
								    loc) : c);
	}
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

bool pystr_utf8_check(const char *s, size_t n, bool stop_at_nul,
		      size_t *off, struct rt_buf *msg)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, need;
	const char *why;
	unsigned char lo, hi;

	while (i < n) {
		if (!p[i] && stop_at_nul) {
			*off = i;
			return false;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80, hi = 0xbf;
		if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			need = 1;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			need = 2;
			lo = p[i] == 0xe0 ? 0xa0 : 0x80;
			hi = p[i] == 0xed ? 0x9f : 0xbf;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			need = 3;
			lo = p[i] == 0xf0 ? 0x90 : 0x80;
			hi = p[i] == 0xf4 ? 0x8f : 0xbf;
		} else {
			k = 0;
			why = "invalid start byte";
			goto bad;
		}
		for (k = 0; k < need; k++) {
			if (i + 1 + k >= n) {
				why = "unexpected end of data";
				goto bad;
			}
			if (p[i + 1 + k] < lo || p[i + 1 + k] > hi) {
				why = "invalid continuation byte";
				goto bad;
			}
			lo = 0x80, hi = 0xbf;
		}
		i += need + 1;
	}
	return true;
bad:
	*off = i;
	if (!k)
		rt_buf_addf(msg, "'utf-8' codec can't decode byte 0x%02x in "
			    "position %zu: %s", p[i], i, why);
	else
		rt_buf_addf(msg, "'utf-8' codec can't decode bytes in "
			    "position %zu-%zu: %s", i, i + k, why);
	return false;
}
