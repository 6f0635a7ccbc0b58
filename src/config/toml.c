/*
 * toml.c: TOML read as Python's tomllib reads it (toml.h).  A port of
 * CPython 3.11's Lib/tomllib/_parser.py and _re.py, function by function
 * and under the same names, so that the same checks run in the same order
 * and fail at the same position.  Where Python raises, these functions
 * return the error (negative) with the message set; positions are byte
 * offsets into the "\r\n"-normalized text, turned into line and column
 * only for a message.
 */
#include "toml.h"
#include "pystr.h"
#include "base/buf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- the parser state ---- */

/* A dotted key: its parts, each a string of the arena. */
struct key {
	const char **parts;
	size_t n;
};

/* tomllib's Flags: per key, its flags and the flags of all below it. */
enum { FLAG_FROZEN = 1, FLAG_EXPLICIT_NEST = 2 };

struct flag_node {
	unsigned flags, rflags;
	struct strmap nested;	/* part -> struct flag_node */
};

struct pending {
	struct key key;
	unsigned flag;
};

struct parser {
	struct rt_arena *a;
	const struct toml_doc *doc;
	const char *s;		/* doc->src */
	size_t n;		/* doc->len */
	struct rt_err *err;
	struct flag_node flags;		/* the document's */
	struct pending *pending;	/* Flags._pending_flags */
	size_t npending, allocpending;
};

/* Grow an arena array of elements of size sz to hold nr + 1. */
static void *grow(struct rt_arena *a, void *v, size_t nr, size_t *alloc,
		  size_t sz)
{
	void *nv;

	if (nr < *alloc)
		return v;
	*alloc = *alloc ? *alloc * 2 : 4;
	nv = arena_alloc(a, *alloc * sz);
	if (nr)
		memcpy(nv, v, nr * sz);
	return nv;
}

/* The byte at pos, or -1 past the end (Python's IndexError). */
static int at(const struct parser *p, size_t pos)
{
	return pos < p->n ? (unsigned char)p->s[pos] : -1;
}

/* src.startswith(lit, pos) */
static bool starts(const struct parser *p, size_t pos, const char *lit)
{
	size_t k = strlen(lit);

	return pos <= p->n && p->n - pos >= k && !memcmp(p->s + pos, lit, k);
}

static bool is_ctrl(int c)
{
	return (c >= 0 && c < 32) || c == 127;
}

/* ILLEGAL_BASIC_STR_CHARS (also literal strings and comments) */
static bool illegal_basic(int c)
{
	return is_ctrl(c) && c != '\t';
}

/* ILLEGAL_MULTILINE_BASIC_STR_CHARS (also multi-line literal strings) */
static bool illegal_multiline(int c)
{
	return is_ctrl(c) && c != '\t' && c != '\n';
}

static bool is_ws(int c)
{
	return c == ' ' || c == '\t';
}

static bool is_ws_nl(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool is_bare(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

struct rt_loc toml_loc(const struct toml_doc *d, size_t off)
{
	struct rt_loc loc = { d->path, 1, 1 };
	size_t i;

	if (off > d->len)
		off = d->len;
	for (i = 0; i < off; i++) {
		if (d->src[i] == '\n') {
			loc.line++;
			loc.col = 1;
		} else if (((unsigned char)d->src[i] & 0xc0) != 0x80) {
			loc.col++;
		}
	}
	return loc;
}

/* suffixed_err(): tomllib's message, its coordinates as the location. */
__attribute__((format(printf, 3, 4)))
static int suffixed_err(struct parser *p, size_t pos, const char *fmt, ...)
{
	struct rt_loc loc = toml_loc(p->doc, pos);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rt_verrf(p->err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return rc;
}

/* repr() of one character of the source (for "Illegal character"). */
static const char *char_repr(struct parser *p, size_t pos)
{
	size_t len = 1;

	if ((unsigned char)p->s[pos] >= 0x80)
		pystr_u8_get(p->s + pos, &len);
	return pystr_repr(p->a, p->s + pos, len);
}

/* repr() of a key tuple: ('a',) or ('a', 'b') */
static const char *key_repr(struct parser *p, const struct key *k)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;
	size_t i;

	rt_buf_addch(&b, '(');
	for (i = 0; i < k->n; i++) {
		if (i)
			rt_buf_adds(&b, ", ");
		pystr_repr_buf(&b, k->parts[i], strlen(k->parts[i]));
	}
	rt_buf_adds(&b, k->n == 1 ? ",)" : ")");
	r = arena_strndup(p->a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

/* a + b[0..nb) as a new key */
static struct key key_join(struct parser *p, const struct key *a,
			   const struct key *b, size_t nb)
{
	struct key k;

	k.n = a->n + nb;
	k.parts = arena_alloc(p->a, (k.n + 1) * sizeof(*k.parts));
	if (a->n)
		memcpy(k.parts, a->parts, a->n * sizeof(*k.parts));
	if (nb)
		memcpy(k.parts + a->n, b->parts, nb * sizeof(*k.parts));
	return k;
}

/* ---- values and tables ---- */

static struct toml_value *new_value(struct parser *p, enum toml_type t,
				    size_t off)
{
	struct toml_value *v = arena_alloc(p->a, sizeof(*v));

	v->type = t;
	v->off = off;
	return v;
}

static struct toml_table *new_table(struct rt_arena *a)
{
	struct toml_table *t = arena_alloc(a, sizeof(*t));

	strmap_init_arena(&t->index, a);
	return t;
}

static struct toml_value *new_table_value(struct parser *p, size_t off)
{
	struct toml_value *v = new_value(p, TOML_TABLE, off);

	v->table = new_table(p->a);
	return v;
}

struct toml_value *toml_get(const struct toml_table *t, const char *key)
{
	return strmap_get(&t->index, key);
}

static void table_put(struct parser *p, struct toml_table *t,
		      const char *key, struct toml_value *v)
{
	size_t alloc = t->alloc;

	t->keys = grow(p->a, t->keys, t->n, &alloc, sizeof(*t->keys));
	t->vals = grow(p->a, t->vals, t->n, &t->alloc, sizeof(*t->vals));
	t->keys[t->n] = key;
	t->vals[t->n++] = v;
	strmap_put(&t->index, key, v);
}

static void array_append(struct parser *p, struct toml_value *arr,
			 struct toml_value *v)
{
	arr->items = grow(p->a, arr->items, arr->nitems, &arr->allocitems,
			  sizeof(*arr->items));
	arr->items[arr->nitems++] = v;
}

static bool is_container(const struct toml_value *v)
{
	return v->type == TOML_TABLE || v->type == TOML_ARRAY;
}

/* ---- Flags ---- */

static struct flag_node *flag_child(struct parser *p, struct flag_node *f,
				    const char *part, bool create)
{
	struct flag_node *c = strmap_get(&f->nested, part);

	if (!c && create) {
		c = arena_alloc(p->a, sizeof(*c));
		strmap_init_arena(&c->nested, p->a);
		strmap_put(&f->nested, part, c);
	}
	return c;
}

/* Flags.is_() */
static bool flags_is(const struct flag_node *root, const struct key *k,
		     unsigned flag)
{
	const struct flag_node *f = root, *c;
	size_t i;

	if (!k->n)
		return false;	/* document root has no flags */
	for (i = 0; i + 1 < k->n; i++) {
		if (!(c = strmap_get(&f->nested, k->parts[i])))
			return false;
		if (c->rflags & flag)
			return true;
		f = c;
	}
	c = strmap_get(&f->nested, k->parts[k->n - 1]);
	return c && ((c->flags | c->rflags) & flag);
}

/* Flags.set() */
static void flags_set(struct parser *p, struct flag_node *root,
		      const struct key *k, unsigned flag, bool recursive)
{
	struct flag_node *f = root;
	size_t i;

	for (i = 0; i < k->n; i++)
		f = flag_child(p, f, k->parts[i], true);
	if (recursive)
		f->rflags |= flag;
	else
		f->flags |= flag;
}

/* Flags.unset_all(): an empty node in its place is the same as none. */
static void flags_unset_all(struct parser *p, struct flag_node *root,
			    const struct key *k)
{
	struct flag_node *f = root, *fresh;
	size_t i;

	for (i = 0; i + 1 < k->n; i++)
		if (!(f = flag_child(p, f, k->parts[i], false)))
			return;
	if (!strmap_get(&f->nested, k->parts[k->n - 1]))
		return;
	fresh = arena_alloc(p->a, sizeof(*fresh));
	strmap_init_arena(&fresh->nested, p->a);
	strmap_put(&f->nested, k->parts[k->n - 1], fresh);
}

static void flags_add_pending(struct parser *p, const struct key *k,
			      unsigned flag)
{
	p->pending = grow(p->a, p->pending, p->npending, &p->allocpending,
			  sizeof(*p->pending));
	p->pending[p->npending].key = *k;
	p->pending[p->npending++].flag = flag;
}

static void flags_finalize_pending(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->npending; i++)
		flags_set(p, &p->flags, &p->pending[i].key,
			  p->pending[i].flag, false);
	p->npending = 0;
}

/* ---- NestedDict ---- */

/*
 * NestedDict.get_or_create_nest(): the table at key under root, made as
 * needed; with access_lists, an array of tables stands for its last
 * table.  -1 where Python raises KeyError (a value that is no table).
 */
static int get_or_create_nest(struct toml_table **out, struct parser *p,
			      struct toml_table *root, const struct key *k,
			      bool access_lists, size_t off)
{
	struct toml_table *cont = root;
	struct toml_value *v;
	size_t i;

	for (i = 0; i < k->n; i++) {
		if (!(v = toml_get(cont, k->parts[i]))) {
			v = new_table_value(p, off);
			table_put(p, cont, k->parts[i], v);
		}
		if (access_lists && v->type == TOML_ARRAY) {
			if (!v->nitems)
				return -1;
			v = v->items[v->nitems - 1];
		}
		if (v->type != TOML_TABLE)
			return -1;
		cont = v->table;
	}
	*out = cont;
	return 0;
}

/* NestedDict.append_nest_to_list() */
static int append_nest_to_list(struct parser *p, struct toml_table *root,
			       const struct key *k, size_t off)
{
	struct key parent = { k->parts, k->n - 1 };
	const char *last = k->parts[k->n - 1];
	struct toml_table *cont;
	struct toml_value *list;

	if (get_or_create_nest(&cont, p, root, &parent, true, off) < 0)
		return -1;
	if ((list = toml_get(cont, last))) {
		if (list->type != TOML_ARRAY)
			return -1;
	} else {
		list = new_value(p, TOML_ARRAY, off);
		table_put(p, cont, last, list);
	}
	array_append(p, list, new_table_value(p, off));
	return 0;
}

/* ---- skipping ---- */

static size_t skip_ws(const struct parser *p, size_t pos)
{
	while (is_ws(at(p, pos)))
		pos++;
	return pos;
}

static size_t skip_ws_nl(const struct parser *p, size_t pos)
{
	while (is_ws_nl(at(p, pos)))
		pos++;
	return pos;
}

/*
 * skip_until(): *pos moves to the next expect (or the end, which is an
 * error with error_on_eof); a character in error_on before it is an
 * error.
 */
static int skip_until(struct parser *p, size_t *pos, const char *expect,
		      bool (*error_on)(int), bool error_on_eof)
{
	size_t k = strlen(expect), new_pos = *pos, i;

	while (new_pos < p->n &&
	       (p->n - new_pos < k || memcmp(p->s + new_pos, expect, k)))
		new_pos++;
	if (new_pos >= p->n || p->n - new_pos < k) {
		new_pos = p->n;
		if (error_on_eof)
			return suffixed_err(p, new_pos, "Expected %s",
					    pystr_repr(p->a, expect, k));
	}
	for (i = *pos; i < new_pos; i++)
		if (error_on((unsigned char)p->s[i]))
			return suffixed_err(p, i, "Found invalid character "
					    "%s", char_repr(p, i));
	*pos = new_pos;
	return 0;
}

static int skip_comment(struct parser *p, size_t *pos)
{
	if (at(p, *pos) != '#')
		return 0;
	*pos += 1;
	return skip_until(p, pos, "\n", illegal_basic, false);
}

static int skip_comments_and_array_ws(struct parser *p, size_t *pos)
{
	size_t before;
	int rc;

	do {
		before = *pos;
		*pos = skip_ws_nl(p, *pos);
		if ((rc = skip_comment(p, pos)) < 0)
			return rc;
	} while (*pos != before);
	return 0;
}

/* ---- strings ---- */

/* chr(c) appended; U+0000 as C0 80 (toml.h) */
static void put_char(struct rt_buf *b, uint32_t c)
{
	if (!c)
		rt_buf_add(b, "\xc0\x80", 2);
	else
		pystr_u8_put(b, c);
}

static int parse_hex_char(struct parser *p, size_t *pos, size_t hex_len,
			  struct rt_buf *out)
{
	uint32_t v = 0;
	size_t i;
	int c;

	for (i = 0; i < hex_len; i++)
		if (!is_hex(at(p, *pos + i)))
			return suffixed_err(p, *pos, "Invalid hex value: "
					    "expected %zu hex digits", hex_len);
	for (i = 0; i < hex_len; i++) {
		c = at(p, *pos + i);
		v = v * 16 + (uint32_t)(is_digit(c) ? c - '0' :
					(c | 32) - 'a' + 10);
		if (v > 0x10ffff)
			v = 0x110000;	/* stays out of range */
	}
	*pos += hex_len;
	if (!(v <= 0xd7ff || (v >= 0xe000 && v <= 0x10ffff)))
		return suffixed_err(p, *pos, "Escaped character is not a "
				    "Unicode scalar value");
	put_char(out, v);
	return 0;
}

static int parse_basic_str_escape(struct parser *p, size_t *pos,
				  bool multiline, struct rt_buf *out)
{
	int c = at(p, *pos + 1);
	const char *rep = NULL;

	*pos += 2;
	if (multiline && (c == ' ' || c == '\t' || c == '\n')) {
		/* a line-ending backslash: skip to the next non-blank */
		if (c != '\n') {
			*pos = skip_ws(p, *pos);
			c = at(p, *pos);
			if (c < 0)
				return 0;
			if (c != '\n')
				return suffixed_err(p, *pos, "Unescaped '\\' "
						    "in a string: expected "
						    "only blanks after a "
						    "line-ending '\\'");
			*pos += 1;
		}
		*pos = skip_ws_nl(p, *pos);
		return 0;
	}
	if (c == 'u')
		return parse_hex_char(p, pos, 4, out);
	if (c == 'U')
		return parse_hex_char(p, pos, 8, out);
	switch (c) {
	case 'b': rep = "\b"; break;
	case 't': rep = "\t"; break;
	case 'n': rep = "\n"; break;
	case 'f': rep = "\f"; break;
	case 'r': rep = "\r"; break;
	case '"': rep = "\""; break;
	case '\\': rep = "\\"; break;
	}
	if (!rep)
		return suffixed_err(p, *pos, "Unescaped '\\' in a string: "
				    "expected \\b \\t \\n \\f \\r \\\" \\\\ "
				    "\\uXXXX or \\UXXXXXXXX");
	rt_buf_adds(out, rep);
	return 0;
}

static int parse_basic_str(struct parser *p, size_t *pos, bool multiline,
			   const char **out)
{
	bool (*error_on)(int) = multiline ? illegal_multiline : illegal_basic;
	struct rt_buf b = RT_BUF_INIT;
	size_t start = *pos;
	int c, rc = 0;

	for (;;) {
		c = at(p, *pos);
		if (c < 0) {
			rc = suffixed_err(p, *pos, "Unterminated string: "
					  "expected %s", multiline ?
					  "'\"\"\"'" : "'\"'");
			break;
		}
		if (c == '"') {
			if (!multiline || starts(p, *pos, "\"\"\"")) {
				rt_buf_add(&b, p->s + start, *pos - start);
				*pos += multiline ? 3 : 1;
				break;
			}
			*pos += 1;
			continue;
		}
		if (c == '\\') {
			rt_buf_add(&b, p->s + start, *pos - start);
			if ((rc = parse_basic_str_escape(p, pos, multiline,
							 &b)) < 0)
				break;
			start = *pos;
			continue;
		}
		if (error_on(c)) {
			rc = suffixed_err(p, *pos, "Illegal character %s",
					  char_repr(p, *pos));
			break;
		}
		*pos += 1;
	}
	if (!rc)
		*out = arena_strndup(p->a, b.buf, b.len);
	rt_buf_release(&b);
	return rc;
}

static int parse_literal_str(struct parser *p, size_t *pos,
			     const char **out)
{
	size_t start = *pos + 1;
	int rc;

	*pos = start;
	if ((rc = skip_until(p, pos, "'", illegal_basic, true)) < 0)
		return rc;
	*out = arena_strndup(p->a, p->s + start, *pos - start);
	*pos += 1;
	return 0;
}

static int parse_multiline_str(struct parser *p, size_t *pos, bool literal,
			       const char **out)
{
	char delim = literal ? '\'' : '"';
	size_t start;
	const char *r;
	int rc;

	*pos += 3;
	if (at(p, *pos) == '\n')
		*pos += 1;
	if (literal) {
		start = *pos;
		if ((rc = skip_until(p, pos, "'''", illegal_multiline,
				     true)) < 0)
			return rc;
		r = arena_strndup(p->a, p->s + start, *pos - start);
		*pos += 3;
	} else if ((rc = parse_basic_str(p, pos, true, &r)) < 0) {
		return rc;
	}
	/* a closing run of 4 or 5 delimiters ends with 1 or 2 of them */
	if (at(p, *pos) != delim) {
		*out = r;
		return 0;
	}
	*pos += 1;
	if (at(p, *pos) != delim) {
		*out = arena_printf(p->a, "%s%c", r, delim);
		return 0;
	}
	*pos += 1;
	*out = arena_printf(p->a, "%s%c%c", r, delim, delim);
	return 0;
}

static int parse_one_line_basic_str(struct parser *p, size_t *pos,
				    const char **out)
{
	*pos += 1;
	return parse_basic_str(p, pos, false, out);
}

/* ---- keys ---- */

static int parse_key_part(struct parser *p, size_t *pos, const char **out)
{
	int c = at(p, *pos);
	size_t start = *pos;

	if (is_bare(c)) {
		while (is_bare(at(p, *pos)))
			*pos += 1;
		*out = arena_strndup(p->a, p->s + start, *pos - start);
		return 0;
	}
	if (c == '\'')
		return parse_literal_str(p, pos, out);
	if (c == '"')
		return parse_one_line_basic_str(p, pos, out);
	return suffixed_err(p, *pos, "Invalid initial character for a key "
			    "part: expected a bare key (A-Z a-z 0-9 - _) or "
			    "a quoted key");
}

static int parse_key(struct parser *p, size_t *pos, struct key *out)
{
	size_t alloc = 0;
	const char *part;
	int rc;

	out->parts = NULL;
	out->n = 0;
	for (;;) {
		if ((rc = parse_key_part(p, pos, &part)) < 0)
			return rc;
		out->parts = grow(p->a, out->parts, out->n, &alloc,
				  sizeof(*out->parts));
		out->parts[out->n++] = part;
		*pos = skip_ws(p, *pos);
		if (at(p, *pos) != '.')
			return 0;
		*pos = skip_ws(p, *pos + 1);
	}
}

/* ---- scalar values (_re.py) ---- */

/* [0-9]{n} at pos: their value, or -1 */
static int digits(const struct parser *p, size_t pos, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(at(p, pos + i)))
			return -1;
		v = v * 10 + at(p, pos + i) - '0';
	}
	return v;
}

struct dt {
	int year, month, day;
	int hour, minute, second, micro;
	bool has_date, has_time;
	char tz;		/* 0 local, 'Z', '+' or '-' */
	int tzh, tzm;
};

/*
 * _TIME_RE_STR at pos: ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])
 * (?:\.([0-9]{1,6})[0-9]*)?  Returns the end, or 0 if it does not match.
 */
static size_t match_time(const struct parser *p, size_t pos, struct dt *t)
{
	int h = digits(p, pos, 2), m = digits(p, pos + 3, 2);
	int s = digits(p, pos + 6, 2), k = 0;

	if (h < 0 || h > 23 || at(p, pos + 2) != ':' || m < 0 || m > 59 ||
	    at(p, pos + 5) != ':' || s < 0 || s > 59)
		return 0;
	t->hour = h;
	t->minute = m;
	t->second = s;
	t->micro = 0;
	t->has_time = true;
	pos += 8;
	if (at(p, pos) == '.' && is_digit(at(p, pos + 1))) {
		for (pos++; is_digit(at(p, pos)); pos++, k++)
			if (k < 6)
				t->micro = t->micro * 10 + at(p, pos) - '0';
		for (; k < 6; k++)
			t->micro *= 10;	/* ljust(6, "0") */
	}
	return pos;
}

/* RE_DATETIME at pos: the end, or 0 if it does not match. */
static size_t match_datetime(const struct parser *p, size_t pos,
			     struct dt *t)
{
	int y = digits(p, pos, 4), mo = digits(p, pos + 5, 2);
	int d = digits(p, pos + 8, 2), c, oh, om;
	size_t end;

	memset(t, 0, sizeof(*t));
	if (y < 0 || at(p, pos + 4) != '-' || mo < 1 || mo > 12 ||
	    at(p, pos + 7) != '-' || d < 1 || d > 31)
		return 0;
	t->year = y;
	t->month = mo;
	t->day = d;
	t->has_date = true;
	pos += 10;
	c = at(p, pos);
	if ((c != 'T' && c != 't' && c != ' ') ||
	    !(end = match_time(p, pos + 1, t))) {
		t->has_time = false;
		return pos;
	}
	c = at(p, end);
	if (c == 'Z' || c == 'z') {
		t->tz = 'Z';
		return end + 1;
	}
	oh = digits(p, end + 1, 2);
	om = digits(p, end + 4, 2);
	if ((c == '+' || c == '-') && oh >= 0 && oh <= 23 &&
	    at(p, end + 3) == ':' && om >= 0 && om <= 59) {
		t->tz = (char)c;
		t->tzh = oh;
		t->tzm = om;
		return end + 6;
	}
	return end;
}

/* What date() and datetime() accept (else Python's ValueError). */
static bool valid_date(const struct dt *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	bool leap = (t->year % 4 == 0 && t->year % 100 != 0) ||
		    t->year % 400 == 0;

	if (t->year < 1)
		return false;
	return t->day <= mdays[t->month - 1] + (t->month == 2 && leap);
}

/* isoformat() of the date, datetime or time. */
static const char *dt_iso(struct rt_arena *a, const struct dt *t)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;
	int off;

	if (t->has_date)
		rt_buf_addf(&b, "%04d-%02d-%02d", t->year, t->month, t->day);
	if (t->has_date && t->has_time)
		rt_buf_addch(&b, 'T');
	if (t->has_time) {
		rt_buf_addf(&b, "%02d:%02d:%02d", t->hour, t->minute,
			    t->second);
		if (t->micro)
			rt_buf_addf(&b, ".%06d", t->micro);
	}
	if (t->tz) {
		off = t->tz == '-' ? -(t->tzh * 60 + t->tzm) :
				     t->tzh * 60 + t->tzm;
		rt_buf_addf(&b, "%c%02d:%02d", off < 0 ? '-' : '+',
			    abs(off) / 60, abs(off) % 60);
	}
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

/* (?:_?D)* after a first D: the end of the run */
static size_t digit_run(const struct parser *p, size_t pos, bool (*d)(int))
{
	for (;;) {
		if (d(at(p, pos)))
			pos++;
		else if (at(p, pos) == '_' && d(at(p, pos + 1)))
			pos += 2;
		else
			return pos;
	}
}

static bool is_bin(int c)
{
	return c == '0' || c == '1';
}

static bool is_oct(int c)
{
	return c >= '0' && c <= '7';
}

/*
 * RE_NUMBER at pos: the end (0: no match); *is_float when the float
 * part matched.
 */
static size_t match_number(const struct parser *p, size_t pos,
			   bool *is_float)
{
	int c = at(p, pos + 1);
	bool (*d)(int) = c == 'x' ? is_hex : c == 'b' ? is_bin :
			 c == 'o' ? is_oct : NULL;
	size_t end;

	*is_float = false;
	if (at(p, pos) == '0' && d && d(at(p, pos + 2)))
		return digit_run(p, pos + 3, d);
	if (at(p, pos) == '+' || at(p, pos) == '-')
		pos++;
	if (at(p, pos) == '0')
		end = pos + 1;
	else if (at(p, pos) >= '1' && at(p, pos) <= '9')
		end = digit_run(p, pos + 1, is_digit);
	else
		return 0;
	if (at(p, end) == '.' && is_digit(at(p, end + 1))) {
		end = digit_run(p, end + 2, is_digit);
		*is_float = true;
	}
	c = at(p, end);
	if (c == 'e' || c == 'E') {
		size_t e = end + 1;

		if (at(p, e) == '+' || at(p, e) == '-')
			e++;
		if (is_digit(at(p, e))) {
			end = digit_run(p, e + 1, is_digit);
			*is_float = true;
		}
	}
	return end;
}

/* int(text, 0) into v; false if it does not fit in 64 bits. */
static bool int_value(const char *text, long long *v)
{
	unsigned long long u = 0, lim;
	bool neg = false;
	unsigned base = 10, dv;
	const char *s = text;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
		base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
		s += 2;
	}
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (; *s; s++) {
		if (*s == '_')
			continue;
		dv = is_digit(*s) ? (unsigned)(*s - '0') :
				    (unsigned)((*s | 32) - 'a' + 10);
		if (u > (lim - dv) / base)
			return false;
		u = u * base + dv;
	}
	*v = neg ? (long long)(0 - u) : (long long)u;
	return true;
}

/* float(text): underscores dropped, strtod as Python's parser. */
static double float_value(struct rt_arena *a, const char *text)
{
	char *clean = arena_strdup(a, text), *w = clean;
	const char *r;

	for (r = text; *r; r++)
		if (*r != '_')
			*w++ = *r;
	*w = '\0';
	return strtod(clean, NULL);
}

/* ---- compound values ---- */

static int parse_value(struct parser *p, size_t *pos,
		       struct toml_value **out);

static int parse_key_value_pair(struct parser *p, size_t *pos,
				struct key *key, struct toml_value **value)
{
	int rc;

	if ((rc = parse_key(p, pos, key)) < 0)
		return rc;
	if (at(p, *pos) != '=')
		return suffixed_err(p, *pos, "Expected '=' after a key in a "
				    "key/value pair");
	*pos = skip_ws(p, *pos + 1);
	return parse_value(p, pos, value);
}

static int parse_array(struct parser *p, size_t *pos,
		       struct toml_value *arr)
{
	struct toml_value *v;
	int rc;

	*pos += 1;
	if ((rc = skip_comments_and_array_ws(p, pos)) < 0)
		return rc;
	if (at(p, *pos) == ']') {
		*pos += 1;
		return 0;
	}
	for (;;) {
		if ((rc = parse_value(p, pos, &v)) < 0)
			return rc;
		array_append(p, arr, v);
		if ((rc = skip_comments_and_array_ws(p, pos)) < 0)
			return rc;
		if (at(p, *pos) == ']') {
			*pos += 1;
			return 0;
		}
		if (at(p, *pos) != ',')
			return suffixed_err(p, *pos, "Unclosed array: "
					    "expected ',' or ']'");
		*pos += 1;
		if ((rc = skip_comments_and_array_ws(p, pos)) < 0)
			return rc;
		if (at(p, *pos) == ']') {
			*pos += 1;
			return 0;
		}
	}
}

static int parse_inline_table(struct parser *p, size_t *pos,
			      struct toml_value *tab)
{
	struct flag_node flags = { 0, 0, STRMAP_INIT };
	struct toml_table *nest;
	struct toml_value *v;
	struct key k, parent;
	const char *stem;
	int rc;

	strmap_init_arena(&flags.nested, p->a);
	*pos = skip_ws(p, *pos + 1);
	if (at(p, *pos) == '}') {
		*pos += 1;
		return 0;
	}
	for (;;) {
		if ((rc = parse_key_value_pair(p, pos, &k, &v)) < 0)
			return rc;
		parent.parts = k.parts;
		parent.n = k.n - 1;
		stem = k.parts[k.n - 1];
		if (flags_is(&flags, &k, FLAG_FROZEN))
			return suffixed_err(p, *pos, "Cannot mutate immutable "
					    "namespace %s", key_repr(p, &k));
		if (get_or_create_nest(&nest, p, tab->table, &parent, false,
				       v->off) < 0)
			return suffixed_err(p, *pos, "Cannot overwrite a "
					    "value");
		if (toml_get(nest, stem))
			return suffixed_err(p, *pos, "Duplicate inline table "
					    "key %s", pystr_repr(p->a, stem,
								 strlen(stem)));
		table_put(p, nest, stem, v);
		*pos = skip_ws(p, *pos);
		if (at(p, *pos) == '}') {
			*pos += 1;
			return 0;
		}
		if (at(p, *pos) != ',')
			return suffixed_err(p, *pos, "Unclosed inline table: "
					    "expected ',' or '}'");
		if (is_container(v))
			flags_set(p, &flags, &k, FLAG_FROZEN, true);
		*pos = skip_ws(p, *pos + 1);
	}
}

static int parse_value(struct parser *p, size_t *pos,
		       struct toml_value **out)
{
	size_t start = *pos, end;
	int c = at(p, start);
	struct toml_value *v;
	bool is_float;
	struct dt t;
	const char *text;
	int rc;

	if (c == '"' || c == '\'') {
		v = new_value(p, TOML_STRING, start);
		if (starts(p, start, c == '"' ? "\"\"\"" : "'''"))
			rc = parse_multiline_str(p, pos, c == '\'', &v->str);
		else if (c == '\'')
			rc = parse_literal_str(p, pos, &v->str);
		else
			rc = parse_one_line_basic_str(p, pos, &v->str);
		*out = v;
		return rc;
	}
	if ((c == 't' && starts(p, start, "true")) ||
	    (c == 'f' && starts(p, start, "false"))) {
		v = new_value(p, TOML_BOOL, start);
		v->b = c == 't';
		*pos += c == 't' ? 4 : 5;
		*out = v;
		return 0;
	}
	if (c == '[' || c == '{') {
		if (c == '[') {
			v = new_value(p, TOML_ARRAY, start);
			rc = parse_array(p, pos, v);
		} else {
			v = new_table_value(p, start);
			rc = parse_inline_table(p, pos, v);
		}
		*out = v;
		return rc;
	}
	if ((end = match_datetime(p, start, &t))) {
		if (!valid_date(&t))
			return suffixed_err(p, start, "Invalid date or "
					    "datetime");
		v = new_value(p, t.has_time ? TOML_DATETIME : TOML_DATE,
			      start);
		v->str = dt_iso(p->a, &t);
		*pos = end;
		*out = v;
		return 0;
	}
	memset(&t, 0, sizeof(t));
	if ((end = match_time(p, start, &t))) {
		v = new_value(p, TOML_TIME, start);
		v->str = dt_iso(p->a, &t);
		*pos = end;
		*out = v;
		return 0;
	}
	if ((end = match_number(p, start, &is_float))) {
		text = arena_strndup(p->a, p->s + start, end - start);
		v = new_value(p, is_float ? TOML_FLOAT : TOML_INTEGER, start);
		v->str = text;
		if (is_float)
			v->f = float_value(p->a, text);
		else
			v->big = !int_value(text, &v->i);
		*pos = end;
		*out = v;
		return 0;
	}
	/* special floats */
	end = starts(p, start, "inf") || starts(p, start, "nan") ? 3 :
	      (c == '+' || c == '-') && (starts(p, start + 1, "inf") ||
					 starts(p, start + 1, "nan")) ? 4 : 0;
	if (end) {
		v = new_value(p, TOML_FLOAT, start);
		v->str = arena_strndup(p->a, p->s + start, end);
		v->f = strtod(v->str, NULL);
		*pos += end;
		*out = v;
		return 0;
	}
	return suffixed_err(p, start, "Invalid value: expected a string, "
			    "number, boolean, date or time, array or inline "
			    "table");
}

/* ---- statements ---- */

static int create_dict_rule(struct parser *p, size_t *pos,
			    struct toml_table *root, struct key *header)
{
	struct toml_table *nest;
	size_t start = *pos;
	struct key k;
	int rc;

	*pos = skip_ws(p, *pos + 1);
	if ((rc = parse_key(p, pos, &k)) < 0)
		return rc;
	if (flags_is(&p->flags, &k, FLAG_EXPLICIT_NEST) ||
	    flags_is(&p->flags, &k, FLAG_FROZEN))
		return suffixed_err(p, *pos, "Cannot declare %s twice",
				    key_repr(p, &k));
	flags_set(p, &p->flags, &k, FLAG_EXPLICIT_NEST, false);
	if (get_or_create_nest(&nest, p, root, &k, true, start) < 0)
		return suffixed_err(p, *pos, "Cannot overwrite a value");
	if (at(p, *pos) != ']')
		return suffixed_err(p, *pos, "Expected ']' at the end of a "
				    "table declaration");
	*pos += 1;
	*header = k;
	return 0;
}

static int create_list_rule(struct parser *p, size_t *pos,
			    struct toml_table *root, struct key *header)
{
	size_t start = *pos;
	struct key k;
	int rc;

	*pos = skip_ws(p, *pos + 2);
	if ((rc = parse_key(p, pos, &k)) < 0)
		return rc;
	if (flags_is(&p->flags, &k, FLAG_FROZEN))
		return suffixed_err(p, *pos, "Cannot mutate immutable "
				    "namespace %s", key_repr(p, &k));
	/* free the namespace for the new table, but not the key itself */
	flags_unset_all(p, &p->flags, &k);
	flags_set(p, &p->flags, &k, FLAG_EXPLICIT_NEST, false);
	if (append_nest_to_list(p, root, &k, start) < 0)
		return suffixed_err(p, *pos, "Cannot overwrite a value");
	if (!starts(p, *pos, "]]"))
		return suffixed_err(p, *pos, "Expected ']]' at the end of an "
				    "array declaration");
	*pos += 2;
	*header = k;
	return 0;
}

static int key_value_rule(struct parser *p, size_t *pos,
			  struct toml_table *root, const struct key *header)
{
	struct key k, abs_parent, cont_key, full;
	struct toml_table *nest;
	struct toml_value *v;
	const char *stem;
	size_t i;
	int rc;

	if ((rc = parse_key_value_pair(p, pos, &k, &v)) < 0)
		return rc;
	stem = k.parts[k.n - 1];
	abs_parent = key_join(p, header, &k, k.n - 1);
	for (i = 1; i < k.n; i++) {
		cont_key = key_join(p, header, &k, i);
		/* dotted keys do not redefine a table */
		if (flags_is(&p->flags, &cont_key, FLAG_EXPLICIT_NEST))
			return suffixed_err(p, *pos, "Cannot redefine "
					    "namespace %s",
					    key_repr(p, &cont_key));
		/* nor can the tables they make be opened again */
		flags_add_pending(p, &cont_key, FLAG_EXPLICIT_NEST);
	}
	if (flags_is(&p->flags, &abs_parent, FLAG_FROZEN))
		return suffixed_err(p, *pos, "Cannot mutate immutable "
				    "namespace %s", key_repr(p, &abs_parent));
	if (get_or_create_nest(&nest, p, root, &abs_parent, true, v->off) < 0)
		return suffixed_err(p, *pos, "Cannot overwrite a value");
	if (toml_get(nest, stem))
		return suffixed_err(p, *pos, "Cannot overwrite a value");
	if (is_container(v)) {
		full = key_join(p, header, &k, k.n);
		flags_set(p, &p->flags, &full, FLAG_FROZEN, true);
	}
	table_put(p, nest, stem, v);
	return 0;
}

/* tomllib.loads(): one statement (typically one line) at a time. */
static int parse_document(struct parser *p, struct toml_table *root)
{
	struct key header = { NULL, 0 };
	size_t pos = 0;
	int c, rc;

	for (;;) {
		pos = skip_ws(p, pos);
		c = at(p, pos);
		if (c < 0)
			return 0;
		if (c == '\n') {
			pos++;
			continue;
		}
		if (is_bare(c) || c == '"' || c == '\'') {
			if ((rc = key_value_rule(p, &pos, root, &header)) < 0)
				return rc;
			pos = skip_ws(p, pos);
		} else if (c == '[') {
			flags_finalize_pending(p);
			if (at(p, pos + 1) == '[')
				rc = create_list_rule(p, &pos, root, &header);
			else
				rc = create_dict_rule(p, &pos, root, &header);
			if (rc < 0)
				return rc;
			pos = skip_ws(p, pos);
		} else if (c != '#') {
			return suffixed_err(p, pos, "Invalid statement: "
					    "expected a key = value pair, a "
					    "[table] or [[array]] header, or "
					    "a comment");
		}
		if ((rc = skip_comment(p, &pos)) < 0)
			return rc;
		c = at(p, pos);
		if (c < 0)
			return 0;
		if (c != '\n')
			return suffixed_err(p, pos, "Expected newline or end "
					    "of document after a statement");
		pos++;
	}
}

/* ---- entry points ---- */

/* The location of byte off of the raw text (for a decode error). */
static struct rt_loc raw_loc(const char *path, const char *s, size_t off)
{
	struct toml_doc d = { path, s, off, NULL };

	return toml_loc(&d, off);
}

int toml_parse(struct toml_doc **out, struct rt_arena *a, const char *path,
	       const char *text, size_t n, struct rt_err *err)
{
	struct parser p = { 0 };
	struct rt_buf msg = RT_BUF_INIT;
	struct toml_doc *d;
	struct rt_loc loc;
	char *src;
	size_t i, k = 0, off;
	int rc;

	if (!pystr_utf8_check(text, n, false, &off, &msg)) {
		loc = raw_loc(path, text, off);
		rc = rt_errf(err, RT_ECONFIG, &loc, "%s", msg.buf);
		rt_buf_release(&msg);
		return rc;
	}
	/* "The spec allows converting \r\n to \n, even in string literals" */
	src = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		if (!(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n'))
			src[k++] = text[i];
	d = arena_alloc(a, sizeof(*d));
	d->path = arena_strdup(a, path);
	d->src = src;
	d->len = k;
	d->root = new_table(a);
	p.a = a;
	p.doc = d;
	p.s = src;
	p.n = k;
	p.err = err;
	strmap_init_arena(&p.flags.nested, a);
	if ((rc = parse_document(&p, d->root)) < 0)
		return rc;
	*out = d;
	return 0;
}

int toml_load(struct toml_doc **out, struct rt_arena *a, const char *path,
	      struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	char chunk[8192];
	size_t got;
	int rc, e = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return rt_errf(err, RT_EIO, NULL, "[Errno %d] %s: %s", errno,
			       strerror(errno), pystr_repr(a, path,
							   strlen(path)));
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, got);
	if (ferror(f))
		e = errno ? errno : EIO;
	fclose(f);
	if (e)
		rc = rt_errf(err, RT_EIO, NULL, "[Errno %d] %s: %s", e,
			     strerror(e), pystr_repr(a, path, strlen(path)));
	else
		rc = toml_parse(out, a, path, b.buf, b.len, err);
	rt_buf_release(&b);
	return rc;
}

const char *toml_type_name(enum toml_type t)
{
	switch (t) {
	case TOML_STRING: return "str";
	case TOML_INTEGER: return "int";
	case TOML_FLOAT: return "float";
	case TOML_BOOL: return "bool";
	case TOML_DATETIME: return "datetime.datetime";
	case TOML_DATE: return "datetime.date";
	case TOML_TIME: return "datetime.time";
	case TOML_ARRAY: return "list";
	case TOML_TABLE: return "dict";
	}
	return "object";
}
