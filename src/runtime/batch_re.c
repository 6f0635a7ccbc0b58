/*
 * batch_re.c: SQLAlchemy 1.4's SQLite reflection patterns (base.py
 * get_pk_constraint, get_foreign_keys, get_unique_constraints,
 * get_check_constraints) matched by hand with Python re's semantics:
 * re.I, '.' stops at '\n', greedy/lazy order, finditer's scan.
 */
#include "batch_re.h"

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* Case-insensitive literal at p; the length or 0. */
static size_t lit(const char *p, const char *word)
{
	size_t i;

	for (i = 0; word[i]; i++)
		if (lower((unsigned char)p[i]) != lower((unsigned char)word[i]))
			return 0;
	return i;
}

/* \w (ASCII, and non-ASCII bytes as letters) */
static bool word(int ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (unsigned char)ch >= 0x80;
}

/* [a-z0-9_] with re.I */
static bool ident(int ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static const char *spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* The end of the line p is on ('.' matches up to it). */
static const char *eol(const char *p)
{
	const char *e = strchr(p, '\n');

	return e ? e : p + strlen(p);
}

/* An upper bound on matches: each takes a '(' or a 'U'. */
static size_t bound(const char *sql)
{
	size_t n = 1;

	for (; *sql; sql++)
		n += *sql == '(' || *sql == 'u' || *sql == 'U';
	return n;
}

static char *dup(struct rt_arena *a, const char *s, const char *e)
{
	return arena_strndup(a, s, (size_t)(e - s));
}

bool re_pk_name(struct re_match *m, const char *sql)
{
	const char *p, *w;
	size_t n;

	for (p = sql; *p; p++) {
		if (!(n = lit(p, "CONSTRAINT ")))
			continue;
		for (w = p + n; word(*w); w++)
			;
		if (w > p + n && lit(w, " PRIMARY KEY")) {
			m->g[0].s = p + n;
			m->g[0].n = (size_t)(w - p - n);
			return true;
		}
	}
	return false;
}

size_t re_sig_cols(const char ***out, struct rt_arena *a, const char *s,
		   size_t n)
{
	const char **v = arena_alloc(a, (n + 1) * sizeof(*v));
	const char *p = s, *end = s + n, *q;
	size_t k = 0;

	while (p < end) {
		if (*p == '"') {
			/* "(.+?)" */
			for (q = p + 2; q < end && *q != '"' && q[-1] != '\n';
			     q++)
				;
			if (q < end && *q == '"' && p[1] != '\n' &&
			    !memchr(p + 1, '\n', (size_t)(q - p - 1))) {
				v[k++] = dup(a, p + 1, q);
				p = q + 1;
				continue;
			}
		}
		if (ident(*p)) {
			for (q = p; q < end && ident(*q); q++)
				;
			v[k++] = dup(a, p, q);
			p = q;
			continue;
		}
		p++;
	}
	*out = v;
	return k;
}

/* ---- unique constraints ---- */

/* UNIQUE *\((.+?)\) at p: the end, the columns span */
static const char *unique_tail(const char *p, struct re_span *cols)
{
	const char *q, *c;
	size_t n;

	if (!(n = lit(p, "UNIQUE")))
		return NULL;
	q = spaces(p + n);
	if (*q != '(' || !q[1] || q[1] == '\n')
		return NULL;
	for (c = q + 2; *c && *c != ')' && *c != '\n'; c++)
		;
	if (*c != ')')
		return NULL;
	cols->s = q + 1;
	cols->n = (size_t)(c - q - 1);
	return c + 1;
}

/* (?:CONSTRAINT "?(.+?)"? +)?UNIQUE *\((.+?)\) at p */
static const char *unique_at(const char *p, struct re_span *name,
			     struct re_span *cols)
{
	const char *a, *e, *r;
	size_t n = lit(p, "CONSTRAINT ");
	int q;

	name->s = NULL;
	for (q = 1; n && q >= 0; q--) {
		const char *ns = p + n + q;

		if (q && p[n] != '"')
			continue;
		for (e = ns + 1; *e && e[-1] != '\n'; e++) {
			int cq;

			for (cq = 1; cq >= 0; cq--) {
				a = e;
				if (cq && *a != '"')
					continue;
				a += cq;
				if (*a != ' ')
					continue;
				if ((r = unique_tail(spaces(a), cols))) {
					name->s = ns;
					name->n = (size_t)(e - ns);
					return r;
				}
			}
		}
	}
	return unique_tail(p, cols);
}

/* " +[a-z0-9_ ]+? +UNIQUE" at p: the end or NULL */
static const char *inline_rest(const char *p)
{
	const char *u;

	if (*p != ' ')
		return NULL;
	for (u = p + 1; *u && (ident(*u) || *u == ' '); u++)
		if (u - p >= 3 && u[-1] == ' ' && lit(u, "UNIQUE"))
			return u + 6;
	return NULL;
}

/* (?:(".+?")|(?:[\[`])?([a-z0-9_]+)(?:[\]`])?) +[a-z0-9_ ]+? +UNIQUE */
static const char *inline_at(const char *p, struct re_span *col)
{
	const char *q, *w, *r;
	int o, c;

	if (*p == '"') {
		for (q = p + 2; *q && q[-1] != '\n'; q++) {
			if (*q != '"' || memchr(p + 1, '\n',
						(size_t)(q - p - 1)))
				continue;
			if ((r = inline_rest(q + 1))) {
				col->s = p;
				col->n = (size_t)(q + 1 - p);
				return r;
			}
		}
	}
	for (o = 1; o >= 0; o--) {
		q = p;
		if (o && *q != '[' && *q != '`')
			continue;
		q += o;
		for (w = q; ident(*w); w++)
			;
		if (w == q)
			continue;
		for (c = 1; c >= 0; c--) {
			if (c && *w != ']' && *w != '`')
				continue;
			if ((r = inline_rest(w + c))) {
				col->s = q;
				col->n = (size_t)(w - q);
				return r;
			}
		}
	}
	return NULL;
}

size_t re_uniques(struct re_unique **out, struct rt_arena *a,
		  const char *sql)
{
	size_t n = 0;
	struct re_unique *v = arena_alloc(a, bound(sql) * sizeof(*v));
	const char *p, *e;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (p = sql; *p; ) {
			struct re_span name = { NULL, 0 }, cols;

			e = pass ? inline_at(p, &cols) :
			    unique_at(p, &name, &cols);
			if (!e) {
				p++;
				continue;
			}
			v[n].name = name.s ? dup(a, name.s, name.s + name.n) :
				    NULL;
			v[n].ncols = re_sig_cols(&v[n].cols, a, cols.s,
						 cols.n);
			n++;
			p = e;
		}
	}
	*out = v;
	return n;
}

/* ---- CHECK constraints ---- */

/* CHECK *\( *(.+) *\),? * at p (greedy: to the last ')' of the line) */
static const char *check_tail(const char *p, struct re_span *text)
{
	const char *q, *s, *r, *e;
	size_t n;

	if (!(n = lit(p, "CHECK")))
		return NULL;
	q = spaces(p + n);
	if (*q != '(')
		return NULL;
	s = spaces(q + 1);
	e = eol(s);
	for (r = e; r > s + 1 && r[-1] != ')'; r--)
		;
	if (r <= s + 1)
		return NULL;
	text->s = s;
	text->n = (size_t)(r - 1 - s);
	if (*r == ',')
		r++;
	return spaces(r);
}

static const char *check_at(const char *p, struct re_span *name,
			    struct re_span *text)
{
	size_t n = lit(p, "CONSTRAINT ");
	const char *k, *r;

	name->s = NULL;
	if (n) {
		/* (.+) +CHECK: the longest name first */
		for (k = eol(p + n); k > p + n + 1; k--) {
			if (k[-1] != ' ' || !lit(k, "CHECK"))
				continue;
			if ((r = check_tail(k, text))) {
				name->s = p + n;
				name->n = (size_t)(k - 1 - (p + n));
				return r;
			}
		}
	}
	return check_tail(p, text);
}

size_t re_checks(struct re_check **out, struct rt_arena *a, const char *sql)
{
	struct re_check *v = arena_alloc(a, bound(sql) * sizeof(*v));
	const char *p, *e;
	size_t n = 0;

	for (p = sql; *p; ) {
		struct re_span name, text;

		if (!(e = check_at(p, &name, &text)) || e == p) {
			p++;
			continue;
		}
		v[n].sqltext = dup(a, text.s, text.s + text.n);
		v[n].name = NULL;
		if (name.s) {
			const char *s = name.s, *t = name.s + name.n;

			/* re.sub(r'^"|"$', "", name) */
			if (t > s && *s == '"')
				s++;
			if (t > s && t[-1] == '"')
				t--;
			v[n].name = dup(a, s, t);
		}
		n++;
		p = e;
	}
	*out = v;
	return n;
}

/* ---- foreign keys ---- */

static const char *const fk_actions[] = {
	"SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT", "NO ACTION",
};

/* (?:ON (?:DELETE|UPDATE) (?:SET NULL|...) *)* */
static const char *fk_options(const char *p, const char **del,
			      const char **upd, struct rt_arena *a)
{
	for (;;) {
		const char *q = p, *what;
		size_t n, i;

		if (!(n = lit(q, "ON ")))
			return p;
		q += n;
		if ((n = lit(q, "DELETE ")))
			what = "D";
		else if ((n = lit(q, "UPDATE ")))
			what = "U";
		else
			return p;
		q += n;
		for (i = 0; i < RT_ARRAY_SIZE(fk_actions); i++)
			if ((n = lit(q, fk_actions[i])))
				break;
		if (i == RT_ARRAY_SIZE(fk_actions))
			return p;
		/* NO ACTION is left out; the value is upper-cased */
		if (i != 4)
			*(*what == 'D' ? del : upd) = arena_strdup(
				a, fk_actions[i]);
		p = spaces(q + n);
	}
}

/* The part after REFERENCES's table: *\((.+?)\) * and the options. */
static const char *fk_refcols(const char *p, struct re_fk *fk,
			      struct rt_arena *a)
{
	const char *q = spaces(p), *c, *r;
	size_t n;

	if (*q != '(' || !q[1] || q[1] == '\n')
		return NULL;
	for (c = q + 2; *c && *c != ')' && *c != '\n'; c++)
		;
	if (*c != ')')
		return NULL;
	fk->nref_cols = re_sig_cols(&fk->ref_cols, a, q + 1,
				    (size_t)(c - q - 1));
	r = fk_options(spaces(c + 1), &fk->ondelete, &fk->onupdate, a);
	if ((n = lit(r, "NOT ")) && lit(spaces(r + n), "DEFERRABLE")) {
		fk->deferrable = OPS_FALSE;
		r = spaces(r + n) + 10;
	} else if ((n = lit(r, "DEFERRABLE"))) {
		fk->deferrable = OPS_TRUE;
		r += n;
	}
	/* (?: +INITIALLY +(DEFERRED|IMMEDIATE))?: the spaces before may
	 * have been taken by a greedy ' *' and are given back */
	for (q = r; q > p && q[-1] == ' '; q--)
		;
	if (*q == ' ' && (n = lit(spaces(q), "INITIALLY ")) &&
	    (lit(spaces(spaces(q) + n), "DEFERRED") ||
	     lit(spaces(spaces(q) + n), "IMMEDIATE"))) {
		q = spaces(spaces(q) + n);
		fk->initially = lit(q, "DEFERRED") ? "DEFERRED" : "IMMEDIATE";
		r = q + strlen(fk->initially);
	}
	return r;
}

/* REFERENCES +(?:(?:"(.+?)")|([a-z0-9_]+)) and the rest, at p */
static const char *fk_refs(const char *p, struct re_fk *fk,
			   struct rt_arena *a)
{
	const char *q, *c, *r;
	size_t n;

	if (!(n = lit(p, "REFERENCES")) || p[n] != ' ')
		return NULL;
	q = spaces(p + n);
	if (*q == '"') {
		for (c = q + 2; *c && c[-1] != '\n'; c++) {
			if (*c != '"' || memchr(q + 1, '\n',
						(size_t)(c - q - 1)))
				continue;
			if ((r = fk_refcols(c + 1, fk, a))) {
				fk->ref_table = dup(a, q + 1, c);
				return r;
			}
		}
	}
	for (c = q; ident(*c); c++)
		;
	if (c == q || !(r = fk_refcols(c, fk, a)))
		return NULL;
	fk->ref_table = dup(a, q, c);
	return r;
}

/* FOREIGN KEY *\( *(.+?) *\) +REFERENCES ... at p */
static const char *fk_body(const char *p, struct re_fk *fk,
			   struct rt_arena *a)
{
	const char *q, *e, *r;
	size_t n;

	if (!(n = lit(p, "FOREIGN KEY")))
		return NULL;
	q = spaces(p + n);
	if (*q != '(')
		return NULL;
	q = spaces(q + 1);
	for (e = q + 1; *e && e[-1] != '\n'; e++) {
		const char *c = spaces(e);

		if (*c != ')' || c[1] != ' ')
			continue;
		memset(fk, 0, sizeof(*fk));
		if ((r = fk_refs(spaces(c + 1), fk, a))) {
			fk->ncols = re_sig_cols(&fk->cols, a, q,
						(size_t)(e - q));
			return r;
		}
	}
	return NULL;
}

static const char *fk_at(const char *p, struct re_fk *fk, struct rt_arena *a)
{
	size_t n = lit(p, "CONSTRAINT ");
	const char *w, *r;

	if (n) {
		for (w = p + n; word(*w); w++)
			;
		if (w > p + n && *w == ' ' && (r = fk_body(spaces(w), fk, a))) {
			fk->name = dup(a, p + n, w);
			return r;
		}
	}
	return fk_body(p, fk, a);
}

size_t re_fks(struct re_fk **out, struct rt_arena *a, const char *sql)
{
	struct re_fk *v = arena_alloc(a, bound(sql) * sizeof(*v));
	const char *p, *e;
	size_t n = 0;

	for (p = sql; *p; ) {
		if (!(e = fk_at(p, &v[n], a))) {
			p++;
			continue;
		}
		n++;
		p = e > p ? e : p + 1;
	}
	*out = v;
	return n;
}
