/*
 * pycompat.h: Python 3's str semantics on UTF-8 text, where retort must
 * print or parse exactly as Alembic's Python does: repr() of a str and
 * of a float, int() of a str, str.isspace() and str.strip().
 *
 * Invalid UTF-8 reads as Python's surrogateescape does (os.listdir(),
 * sys.argv): each bad byte is the code point U+DC00 + byte.
 */
#ifndef RT_PYCOMPAT_H
#define RT_PYCOMPAT_H

#include "arena.h"
#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode the code point at s (n > 0 bytes left) into *c; returns its
 * length in bytes (1 for a byte of invalid UTF-8, *c = U+DC00 + byte). */
size_t pyc_u8_get(const char *s, size_t n, uint32_t *c);

/* str.isspace() of one code point (what strip() and int() skip). */
bool pyc_isspace(uint32_t c);

/* str.isprintable() of one code point (Python 3.11, Unicode 14). */
bool pyc_isprint(uint32_t c);

/*
 * Append repr(s) of the str s[0..n): single quotes, or double ones when
 * s holds a ' and no "; backslash and that quote escaped; \t, \n, \r;
 * other non-printable code points as \xNN, \uNNNN or \UNNNNNNNN.
 */
void pyc_repr(struct rt_buf *b, const char *s, size_t n);

/* repr() of the NUL-terminated s, as a string in a. */
const char *pyc_repr_str(struct rt_arena *a, const char *s);

/* Append repr(x) of a float: the shortest digits that read back as x,
 * fixed notation for exponents -4..15, else d.ddde+XX; inf, nan. */
void pyc_float_repr(struct rt_buf *b, double x);

/* repr() of a float, as a string in a. */
const char *pyc_float_repr_str(struct rt_arena *a, double x);

/* str.strip(): narrow [*s, *s + *n) to drop leading and trailing
 * whitespace (pyc_isspace()). */
void pyc_strip(const char **s, size_t *n);

enum pyc_int_rc {
	PYC_INT_OK = 0,
	PYC_INT_INVALID = -1,	/* ValueError: invalid literal for int() */
	PYC_INT_RANGE = 1,	/* an int, but outside long long */
};

/*
 * int(s) of the NUL-terminated str s (base 10): whitespace around, an
 * optional sign, decimal digits (any Unicode Nd digit) with single '_'s
 * between them.  On PYC_INT_RANGE *out is LLONG_MIN or LLONG_MAX.  The
 * ValueError's text is "invalid literal for int() with base 10: " and
 * pyc_repr() of s.
 */
enum pyc_int_rc pyc_int(const char *s, long long *out);

#endif
