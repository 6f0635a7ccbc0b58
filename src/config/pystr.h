/*
 * pystr.h: Python's str semantics on UTF-8 text, for the readers that
 * must match Python byte for byte (configparser's alembic.ini, tomllib's
 * pyproject.toml): the strict UTF-8 decode check, str.isspace() /
 * strip(), str.lower() and repr().  The text must be valid UTF-8
 * (pystr_utf8_check()) before any other function sees it.
 */
#ifndef PYSTR_H
#define PYSTR_H

#include "base/arena.h"
#include "base/buf.h"

/* Decode one code point of valid UTF-8; *len gets its byte length. */
uint32_t pystr_u8_get(const char *s, size_t *len);

/* Append code point c as UTF-8. */
void pystr_u8_put(struct rt_buf *b, uint32_t c);

/* str.isspace() of one code point: what strip() and the regex \s take. */
bool pystr_isspace(uint32_t c);

/* Bytes of whitespace at the start of s[0..n); *cps (if set) gets them
 * counted in code points. */
size_t pystr_lspace(const char *s, size_t n, size_t *cps);

/* Length of s[0..n) without its trailing whitespace. */
size_t pystr_rstrip(const char *s, size_t n);

/*
 * str.lower() (configparser's optionxform).  Non-ASCII goes through the
 * C.UTF-8 locale's towlower plus Python's two special cases: U+0130
 * becomes "i\u0307", and a capital sigma after a letter and not before
 * one becomes the final sigma.  An arena string.
 */
char *pystr_lower(struct rt_arena *a, const char *s, size_t n);

/*
 * repr() of a str, quotes and escapes as CPython prints them (which
 * non-ASCII characters count as printable is approximated), appended
 * to b; pystr_repr() returns it as an arena string.
 */
void pystr_repr_buf(struct rt_buf *b, const char *s, size_t n);
const char *pystr_repr(struct rt_arena *a, const char *s, size_t n);

/*
 * Python's strict UTF-8 decode of s[0..n): true if it decodes.  Else
 * false, *off is the offset of the first bad byte and msg gets
 * UnicodeDecodeError's text ("'utf-8' codec can't decode byte 0xff in
 * position 21: invalid start byte").  With stop_at_nul, a NUL byte also
 * stops the check (false, *off at it, msg left empty).
 */
bool pystr_utf8_check(const char *s, size_t n, bool stop_at_nul,
		      size_t *off, struct rt_buf *msg);

#endif
