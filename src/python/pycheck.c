/*
 * pycheck.c: the syntax of a whole module in full Python 3.11, checked
 * without building anything (pyparse_check()): CPython's grammar
 * (python.gram) plus the compiler's simple checks: where return, yield,
 * await, break and continue may stand, assignment and deletion targets,
 * parameters, call arguments, string escapes, f-string fields and
 * __future__ imports.  Alembic imports every revision file, so a
 * SyntaxError anywhere in one fails heads and history.
 */
#include "pyparse_int.h"

/* What an expression is as an assignment target. */
enum shape {
	SH_OTHER,	/* a literal, a call, an operation: never a target */
	SH_NAME,	/* a name */
	SH_ATTR,	/* an attribute or a subscript */
	SH_STAR,	/* *expr */
	SH_SEQ,		/* a tuple or list display */
};

/* An expression as the statements see it. */
struct ex {
	enum shape shape;
	bool target;	/* may be assigned: a name, attribute, subscript, or
			 * a starred expression or display of such */
	bool tuple;	/* an unparenthesized tuple (a top-level comma) */
	bool paren;	/* in parentheses */
	bool debug;	/* binds __debug__ */
	bool star;	/* holds a starred target at some depth */
	bool str;	/* string literals only (a docstring) */
	bool yield;	/* a yield expression */
	int nstar;	/* starred elements of a display or tuple */
	size_t off;
};

struct checker {
	struct parser p;
	int depth;		/* of nested expressions and patterns */
	int funcs;		/* enclosing def or lambda bodies */
	int scopes;		/* enclosing def, lambda or class bodies */
	bool func;		/* directly in a function (return, yield) */
	bool async_fn;		/* ... an async one (await, async for) */
	bool loop;		/* in a loop (break, continue) */
	int comp;		/* in a comprehension (no yield) */
	int genexp;		/* in a generator expression (await and
				 * async for allowed: an async generator) */
	size_t await_off;	/* an await outside an async function in
				 * what may be a generator expression's
				 * element (NO_AWAIT: none) */
	unsigned yields;	/* yield expressions read so far */
	bool first;		/* before the module's first statement */
	bool future;		/* `from __future__` may still come */
};

#define NO_AWAIT SIZE_MAX

/* The expression parsers' options. */
enum {
	X_WALRUS = 1 << 0,	/* NAME := expr allowed (named_expression) */
	X_STAR = 1 << 1,	/* *expr elements allowed */
	X_TUPLE = 1 << 2,	/* a comma makes a tuple */
	X_NOCMP = 1 << 3,	/* bitwise_or elements (targets before 'in') */
	X_YIELD = 1 << 4,	/* a yield expression may be the whole */
};

static int expr(struct checker *c, struct ex *e, unsigned flags);
static int exprs(struct checker *c, struct ex *e, unsigned flags);
static int disjunction(struct checker *c, struct ex *e);
static int block(struct checker *c);
static int stmt(struct checker *c);

/* ---- tokens ---- */

static const struct py_token *tok(const struct checker *c)
{
	return &c->p.tok;
}

static int next(struct checker *c)
{
	return pp_advance(&c->p);
}

static bool is_op(const struct checker *c, enum py_op op)
{
	return pp_is_op(&c->p, op);
}

static bool is_kw(const struct checker *c, const char *kw)
{
	return pp_is_kw(&c->p, kw);
}

/* The token after the current one is the operator op. */
static bool peek_op(struct checker *c, enum py_op op)
{
	struct py_token *t;

	return pp_peek(&c->p, &t) == 0 && t->type == PY_OP && t->op == op;
}

static int expected(struct checker *c, const char *what)
{
	return pp_expected(&c->p, what);
}

static int err_at(struct checker *c, size_t off, const char *msg)
{
	return pp_err(&c->p, off, "%s", msg);
}

static int expect_op(struct checker *c, enum py_op op)
{
	return pp_expect_op(&c->p, op);
}

/* A name that is no keyword (soft keywords are names). */
static bool at_name(const struct checker *c)
{
	return tok(c)->type == PY_NAME && !pp_is_keyword(&c->p, tok(c));
}

static bool tok_is(const struct checker *c, const struct py_token *t,
		   const char *s)
{
	size_t n = strlen(s);

	return t->len == n && !memcmp(c->p.lx.src + t->off, s, n);
}

/* A name into *t (set in any case), else "expected <what>". */
static int take_name(struct checker *c, struct py_token *t, const char *what)
{
	if (t)
		*t = *tok(c);
	if (!at_name(c))
		return expected(c, what);
	return next(c);
}

static int enter(struct checker *c)
{
	if (++c->depth > PY_MAXDEPTH)
		return pp_err(&c->p, tok(c)->off, "too deeply nested "
			      "expression (expected at most %d levels)",
			      PY_MAXDEPTH);
	return 0;
}

/* ---- string literals ---- */

static bool is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' &&
					    (ch | 0x20) <= 'f');
}

/* The escapes of a literal's text [i, end) (not raw). */
static int check_escapes(struct checker *c, size_t i, size_t end,
			 bool bytes)
{
	const char *s = c->p.lx.src, *bs;
	unsigned long v;
	size_t k, n;

	while ((bs = memchr(s + i, '\\', end - i))) {
		i = (size_t)(bs - s) + 1;
		if (i >= end)
			break;
		n = s[i] == 'x' ? 2 : bytes ? 0 : s[i] == 'u' ? 4 :
		    s[i] == 'U' ? 8 : 0;
		for (k = 0, v = 0; k < n; k++) {
			char h = i + 1 + k < end ? s[i + 1 + k] : 0;

			if (!is_hex(h))
				return err_at(c, i - 1, "(unicode error) "
					      "truncated escape (expected "
					      "\\xXX, \\uXXXX or "
					      "\\UXXXXXXXX)");
			v = v * 16 + (unsigned long)(h <= '9' ? h - '0' :
						     (h | 0x20) - 'a' + 10);
		}
		if (n == 8 && v > 0x10FFFF)
			return err_at(c, i - 1, "(unicode error) illegal "
				      "Unicode character");
		if (!bytes && s[i] == 'N' && (i + 1 >= end ||
					      s[i + 1] != '{' ||
					      !memchr(s + i, '}', end - i)))
			return err_at(c, i - 1, "(unicode error) malformed "
				      "\\N character escape");
		i += 1 + n;
	}
	return 0;
}

/* A bytes literal's text holds ASCII only. */
static int check_ascii(struct checker *c, size_t i, size_t end)
{
	const char *s = c->p.lx.src;

	for (; i < end; i++)
		if ((unsigned char)s[i] >= 0x80)
			return err_at(c, i, "bytes can only contain ASCII "
				      "literal characters");
	return 0;
}

static int fstring(struct checker *c, size_t off, size_t end,
		   unsigned flags, int nest);

/* The expression of an f-string field, src[start, end). */
static int field_expr(struct checker *c, size_t start, size_t end)
{
	const char *s = c->p.lx.src;
	struct checker sub = *c;
	struct ex e;
	size_t i;
	int rc;

	for (i = start; i < end && strchr(" \t\n\r\f", s[i]); i++)
		;
	if (i == end)
		return err_at(c, start, "f-string: empty expression not "
			      "allowed");
	if (memchr(s + start, '\\', end - start))
		return err_at(c, start, "f-string expression part cannot "
			      "include a backslash");
	for (i = start; i < end; i++) {
		const char *q;

		if (s[i] == '#')
			return err_at(c, i, "f-string expression part cannot "
				      "include '#'");
		/* a quoted string (no backslash in it: see above) */
		if ((s[i] == '\'' || s[i] == '"') &&
		    (q = memchr(s + i + 1, s[i], end - i - 1)))
			i = (size_t)(q - s);
	}
	rc = pp_start_expr(&sub.p, c->p.a, c->p.lx.file, s, start, end,
			   c->p.err);
	if (!rc && is_kw(&sub, "yield"))
		rc = expr(&sub, &e, X_YIELD);	/* as if in parentheses */
	else if (!rc)
		rc = exprs(&sub, &e, X_STAR | X_TUPLE);
	if (!rc && e.shape == SH_STAR && !e.tuple)
		rc = err_at(&sub, e.off, "f-string: can't use starred "
			    "expression here");
	if (!rc && sub.p.tok.type != PY_ENDMARKER)
		rc = pp_expected(&sub.p, "'}' after the f-string expression");
	return rc;
}

/* One replacement field at s[i] == '{'; *next: just after it. */
static int fstring_field(struct checker *c, size_t i, size_t end,
			 unsigned flags, int nest, size_t *after)
{
	const char *s = c->p.lx.src;
	size_t e = pp_field_expr_end(s, i + 1, end), k;
	int depth, rc;

	if (nest >= 2)
		return err_at(c, i, "f-string: expressions nested too "
			      "deeply");
	if (e >= end)
		return err_at(c, i, "f-string: expecting '}'");
	if ((rc = field_expr(c, i + 1, e)) < 0)
		return rc;
	if (s[e] == '=')	/* the self-documenting form (3.8) */
		for (e++; e < end && strchr(" \t\n\r\f", s[e]); e++)
			;
	if (e < end && s[e] == '!') {
		if (e + 1 >= end || !strchr("rsa", s[e + 1]) || !s[e + 1])
			return err_at(c, e, "f-string: invalid conversion "
				      "character: expected 's', 'r', or 'a'");
		e += 2;
	}
	if (e < end && s[e] == ':') {
		for (k = e + 1, depth = 0; k < end; k++) {
			if (s[k] == '{')
				depth++;
			else if (s[k] == '}' && !depth--)
				break;
		}
		if ((rc = fstring(c, e + 1, k, flags, nest + 1)) < 0)
			return rc;
		e = k;
	}
	if (e >= end || s[e] != '}')
		return err_at(c, e < end ? e : i, "f-string: expecting '}'");
	*after = e + 1;
	return 0;
}

/* The text [off, end) of an f-string (or of a format spec in one). */
static int fstring(struct checker *c, size_t off, size_t end,
		   unsigned flags, int nest)
{
	const char *s = c->p.lx.src;
	size_t i = off, start = off;
	int rc;

	while (i < end) {
		char ch = s[i];

		if (ch == '\\' && !(flags & PYSTR_RAW)) {
			/* \N{NAME}: its braces are no field */
			const char *cl = i + 2 < end && s[i + 1] == 'N' &&
					 s[i + 2] == '{' ?
					 memchr(s + i, '}', end - i) : NULL;

			i = cl ? (size_t)(cl - s) + 1 : i + 2;
			continue;
		}
		if (ch != '{' && ch != '}') {
			i++;
			continue;
		}
		if (i + 1 < end && s[i + 1] == ch) {
			i += 2;
			continue;
		}
		if (ch == '}')
			return err_at(c, i, "f-string: single '}' is not "
				      "allowed");
		if (!(flags & PYSTR_RAW) &&
		    (rc = check_escapes(c, start, i, false)) < 0)
			return rc;
		if ((rc = fstring_field(c, i, end, flags, nest, &i)) < 0)
			return rc;
		start = i;
	}
	if (!(flags & PYSTR_RAW))
		return check_escapes(c, start, end, false);
	return 0;
}

/* Adjacent STRING tokens. */
static int strings(struct checker *c, struct ex *e)
{
	int kind = -1, rc;

	e->str = true;
	while (tok(c)->type == PY_STRING) {
		unsigned flags;
		size_t off, len;
		bool bytes;

		pylex_str_parts(&flags, &off, &len, c->p.lx.src, tok(c));
		bytes = flags & PYSTR_BYTES;
		if (kind >= 0 && kind != bytes)
			return err_at(c, tok(c)->off, "cannot mix bytes and "
				      "nonbytes literals");
		kind = bytes;
		if (flags & PYSTR_F) {
			e->str = false;
			rc = fstring(c, off, off + len, flags, 0);
		} else if (bytes && (rc = check_ascii(c, off, off + len)) < 0) {
			return rc;
		} else {
			rc = flags & PYSTR_RAW ? 0 :
			     check_escapes(c, off, off + len, bytes);
		}
		if (rc < 0 || (rc = next(c)) < 0)
			return rc;
	}
	return 0;
}

/* ---- expressions ---- */

static void ex_init(struct ex *e, size_t off)
{
	memset(e, 0, sizeof(*e));
	e->off = off;
}

/* e is not a target any more (an operator applied to it). */
static void ex_value(struct ex *e)
{
	size_t off = e->off;

	ex_init(e, off);
}

static int await_err(struct checker *c, size_t off)
{
	return err_at(c, off, c->funcs ? "'await' outside async function" :
		      "'await' outside function");
}

/*
 * After what may have been a generator expression's element (its
 * awaits noted in c->await_off since saved): one it was (genexp), or
 * the awaits are errors unless an outer element may still be one.
 */
static int settle_awaits(struct checker *c, size_t saved, bool genexp)
{
	size_t off = c->await_off;

	c->await_off = saved;
	if (genexp || off == NO_AWAIT)
		return 0;
	if (c->genexp) {
		if (saved == NO_AWAIT)
			c->await_off = off;
		return 0;
	}
	return await_err(c, off);
}

/* yield in the element of a comprehension (read before its 'for') */
static int comp_yield(struct checker *c, unsigned before, const char *what)
{
	if (c->yields == before)
		return 0;
	return pp_err(&c->p, tok(c)->off, "'yield' inside %s", what);
}

/*
 * Comprehension clauses after an element: (['async'] 'for' targets 'in'
 * disjunction ('if' disjunction)*)+.  Only a generator expression
 * (genexp) may be asynchronous outside an async function.
 */
static int comp_for(struct checker *c, bool genexp)
{
	struct ex t, x;
	int rc;

	c->comp++;
	c->genexp += genexp;
	while (is_kw(c, "for") || (is_kw(c, "async"))) {
		if (is_kw(c, "async") && !c->async_fn && !c->genexp)
			return err_at(c, tok(c)->off, "asynchronous "
				      "comprehension outside of an "
				      "asynchronous function");
		if (is_kw(c, "async") && (rc = next(c)) < 0)
			return rc;
		if (!is_kw(c, "for"))
			return expected(c, "'for'");
		if ((rc = next(c)) < 0 ||
		    (rc = exprs(c, &t, X_STAR | X_TUPLE | X_NOCMP)) < 0)
			return rc;
		if (!t.target || (t.shape == SH_STAR && !t.tuple))
			return err_at(c, t.off, "cannot assign to this "
				      "expression in a comprehension");
		if (!is_kw(c, "in"))
			return expected(c, "'in'");
		if ((rc = next(c)) < 0 || (rc = disjunction(c, &x)) < 0)
			return rc;
		while (is_kw(c, "if"))
			if ((rc = next(c)) < 0 ||
			    (rc = disjunction(c, &x)) < 0)
				return rc;
	}
	c->comp--;
	c->genexp -= genexp;
	return 0;
}

static bool at_comp(const struct checker *c)
{
	return is_kw(c, "for") || is_kw(c, "async");
}

/*
 * The elements of a tuple or list display after its first one (already
 * in e), up to close (consumed).
 */
static int display_rest(struct checker *c, struct ex *e, enum py_op close)
{
	struct ex x;
	int rc;

	while (is_op(c, PYO_COMMA)) {
		if ((rc = next(c)) < 0)
			return rc;
		if (is_op(c, close))
			break;
		if ((rc = expr(c, &x, X_WALRUS | X_STAR)) < 0)
			return rc;
		e->target &= x.target;
		e->debug |= x.debug;
		e->star |= x.star;
		e->nstar += x.shape == SH_STAR;
	}
	return expect_op(c, close);
}

/* '(' ... ')': a group, a tuple, a generator expression, a yield. */
static int paren_atom(struct checker *c, struct ex *e)
{
	size_t off = tok(c)->off, saved;
	struct ex x;
	unsigned yields;
	int rc;

	if ((rc = next(c)) < 0)
		return rc;
	ex_init(e, off);
	if (is_op(c, PYO_RPAR)) {		/* () */
		e->shape = SH_SEQ;
		e->target = true;
		return next(c);
	}
	if (is_kw(c, "yield")) {
		if ((rc = expr(c, &x, X_YIELD)) < 0)
			return rc;
		return expect_op(c, PYO_RPAR);
	}
	/* It may be a generator expression's element, where await is
	 * allowed: known only at its 'for'. */
	saved = c->await_off;
	yields = c->yields;
	c->await_off = NO_AWAIT;
	c->genexp++;
	rc = expr(c, &x, X_WALRUS | X_STAR);
	c->genexp--;
	if (rc < 0 || (rc = settle_awaits(c, saved, at_comp(c))) < 0)
		return rc;
	if (at_comp(c)) {
		if (x.shape == SH_STAR)
			return err_at(c, x.off, "iterable unpacking cannot be "
				      "used in comprehension");
		if ((rc = comp_yield(c, yields, "generator expression")) < 0 ||
		    (rc = comp_for(c, true)) < 0)
			return rc;
		return expect_op(c, PYO_RPAR);
	}
	if (!is_op(c, PYO_COMMA)) {
		if (x.shape == SH_STAR)
			return err_at(c, x.off, "cannot use starred "
				      "expression here");
		*e = x;
		e->paren = true;
		e->tuple = false;
		return expect_op(c, PYO_RPAR);
	}
	e->shape = SH_SEQ;
	e->target = x.target;
	e->debug = x.debug;
	e->star = x.star;
	e->nstar = x.shape == SH_STAR;
	return display_rest(c, e, PYO_RPAR);
}

/* '[' ... ']': a list display or comprehension. */
static int list_atom(struct checker *c, struct ex *e)
{
	struct ex x;
	unsigned yields;
	int rc;

	ex_init(e, tok(c)->off);
	if ((rc = next(c)) < 0)
		return rc;
	e->shape = SH_SEQ;
	e->target = true;
	if (is_op(c, PYO_RSQB))
		return next(c);
	yields = c->yields;
	if ((rc = expr(c, &x, X_WALRUS | X_STAR)) < 0)
		return rc;
	if (at_comp(c)) {
		ex_value(e);
		if (x.shape == SH_STAR)
			return err_at(c, x.off, "iterable unpacking cannot be "
				      "used in comprehension");
		if ((rc = comp_yield(c, yields, "list comprehension")) < 0 ||
		    (rc = comp_for(c, false)) < 0)
			return rc;
		return expect_op(c, PYO_RSQB);
	}
	e->target = x.target;
	e->debug = x.debug;
	e->star = x.star;
	e->nstar = x.shape == SH_STAR;
	return display_rest(c, e, PYO_RSQB);
}

/* A dict item after '{' or ',': '**' bitwise_or | expr ':' expr */
static int dict_item(struct checker *c)
{
	struct ex x;
	int rc;

	if (is_op(c, PYO_DSTAR))
		return next(c) < 0 ? RT_ESYNTAX : expr(c, &x, X_NOCMP);
	if ((rc = expr(c, &x, 0)) < 0 || (rc = expect_op(c, PYO_COLON)) < 0)
		return rc;
	return expr(c, &x, 0);
}

/* '{' ... '}': a dict or set display or comprehension. */
static int brace_atom(struct checker *c, struct ex *e)
{
	unsigned yields = c->yields;
	struct ex x;
	bool dict;
	int rc;

	ex_init(e, tok(c)->off);
	if ((rc = next(c)) < 0)
		return rc;
	if (is_op(c, PYO_RBRACE))
		return next(c);
	if (is_op(c, PYO_DSTAR)) {
		dict = true;
		if ((rc = dict_item(c)) < 0)
			return rc;
	} else {
		if ((rc = expr(c, &x, X_WALRUS | X_STAR)) < 0)
			return rc;
		dict = is_op(c, PYO_COLON);
		if (dict && (x.shape == SH_STAR))
			return err_at(c, x.off, "cannot use a starred "
				      "expression in a dictionary key");
		if (dict && ((rc = next(c)) < 0 ||
			     (rc = expr(c, &x, 0)) < 0))
			return rc;
		if (at_comp(c)) {
			if (!dict && x.shape == SH_STAR)
				return err_at(c, x.off, "iterable unpacking "
					      "cannot be used in "
					      "comprehension");
			if ((rc = comp_yield(c, yields, dict ? "dict "
					     "comprehension" : "set "
					     "comprehension")) < 0 ||
			    (rc = comp_for(c, false)) < 0)
				return rc;
			return expect_op(c, PYO_RBRACE);
		}
	}
	while (is_op(c, PYO_COMMA)) {
		if ((rc = next(c)) < 0)
			return rc;
		if (is_op(c, PYO_RBRACE))
			break;
		rc = dict ? dict_item(c) : expr(c, &x, X_WALRUS | X_STAR);
		if (rc < 0)
			return rc;
	}
	return expect_op(c, PYO_RBRACE);
}

static int atom(struct checker *c, struct ex *e)
{
	const struct py_token *t = tok(c);

	ex_init(e, t->off);
	switch (t->type) {
	case PY_NUMBER:
		return next(c);
	case PY_STRING:
		return strings(c, e);
	case PY_NAME:
		if (at_name(c)) {
			e->shape = SH_NAME;
			e->target = true;
			e->debug = tok_is(c, t, "__debug__");
			return next(c);
		}
		if (is_kw(c, "None") || is_kw(c, "True") ||
		    is_kw(c, "False"))
			return next(c);
		return expected(c, "an expression");
	case PY_OP:
		if (t->op == PYO_LPAR)
			return paren_atom(c, e);
		if (t->op == PYO_LSQB)
			return list_atom(c, e);
		if (t->op == PYO_LBRACE)
			return brace_atom(c, e);
		if (t->op == PYO_ELLIPSIS)
			return next(c);
		return expected(c, "an expression");
	default:
		return expected(c, "an expression");
	}
}

/* One subscript item: a slice, a named expression or *bitwise_or. */
static int slice(struct checker *c)
{
	struct ex x;
	int rc;

	if (is_op(c, PYO_STAR))
		return expr(c, &x, X_STAR);
	if (!is_op(c, PYO_COLON)) {
		if ((rc = expr(c, &x, X_WALRUS)) < 0)
			return rc;
		if (!is_op(c, PYO_COLON))
			return 0;
	}
	if ((rc = next(c)) < 0)		/* the first ':' */
		return rc;
	if (!is_op(c, PYO_COLON) && !is_op(c, PYO_COMMA) &&
	    !is_op(c, PYO_RSQB) && (rc = expr(c, &x, 0)) < 0)
		return rc;
	if (!is_op(c, PYO_COLON))
		return 0;
	if ((rc = next(c)) < 0)
		return rc;
	if (!is_op(c, PYO_COMMA) && !is_op(c, PYO_RSQB))
		return expr(c, &x, 0);
	return 0;
}

/* A keyword argument's name seen before in the same call? */
static bool kw_repeated(struct checker *c, const struct py_token *names,
			size_t n, const struct py_token *t)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i].len == t->len &&
		    !memcmp(c->p.lx.src + names[i].off,
			    c->p.lx.src + t->off, t->len))
			return true;
	return false;
}

/*
 * A positional argument; a generator expression when genexp (the first
 * argument of a call), which must then be the only one.
 */
static int positional_arg(struct checker *c, bool genexp)
{
	size_t off = tok(c)->off, saved = c->await_off;
	unsigned yields = c->yields;
	struct ex x;
	int rc;

	c->await_off = NO_AWAIT;
	c->genexp += genexp;
	rc = expr(c, &x, X_WALRUS);
	c->genexp -= genexp;
	if (rc < 0 ||
	    (rc = settle_awaits(c, saved, genexp && at_comp(c))) < 0 ||
	    !at_comp(c))
		return rc;
	if (!genexp)
		return expected(c, "')' or ','");
	if ((rc = comp_yield(c, yields, "generator expression")) < 0 ||
	    (rc = comp_for(c, true)) < 0)
		return rc;
	if (!is_op(c, PYO_RPAR))
		return err_at(c, off, "Generator expression must be "
			      "parenthesized");
	return 0;
}

/*
 * The arguments of a call (or of a class definition: no generator
 * expression, genexp false), after '(' up to ')' (consumed).
 */
static int call_args(struct checker *c, bool genexp)
{
	struct py_token *names = NULL;
	size_t n = 0, alloc = 0, nargs = 0;
	bool kw = false, dstar = false;
	struct ex x;
	int rc = 0;

	while (!is_op(c, PYO_RPAR) && rc == 0) {
		size_t off = tok(c)->off;

		nargs++;
		if (is_op(c, PYO_COMMA)) {
			rc = expected(c, "an argument");
		} else if (is_op(c, PYO_STAR)) {
			if (dstar)
				rc = err_at(c, off, "iterable argument "
					    "unpacking follows keyword "
					    "argument unpacking");
			else if ((rc = next(c)) == 0)
				rc = expr(c, &x, 0);
		} else if (is_op(c, PYO_DSTAR)) {
			dstar = true;
			if ((rc = next(c)) == 0)
				rc = expr(c, &x, 0);
		} else if (tok(c)->type == PY_NAME && peek_op(c, PYO_EQUAL)) {
			if (!at_name(c)) {
				rc = expected(c, "an argument");
				break;
			}
			if (tok_is(c, tok(c), "__debug__")) {
				rc = err_at(c, off, "cannot assign to "
					    "__debug__");
				break;
			}
			if (kw_repeated(c, names, n, tok(c))) {
				rc = pp_err(&c->p, off, "keyword argument "
					    "repeated: %.*s",
					    (int)tok(c)->len,
					    c->p.lx.src + off);
				break;
			}
			RT_ALLOC_GROW(names, n + 1, alloc);
			names[n++] = *tok(c);
			kw = true;
			if ((rc = next(c)) == 0 && (rc = next(c)) == 0)
				rc = expr(c, &x, 0);
		} else if (kw || dstar) {
			rc = err_at(c, off, dstar ? "positional argument "
				    "follows keyword argument unpacking" :
				    "positional argument follows keyword "
				    "argument");
		} else {
			rc = positional_arg(c, genexp && nargs == 1);
		}
		if (rc < 0 || !is_op(c, PYO_COMMA))
			break;
		rc = next(c);
	}
	free(names);
	if (rc < 0)
		return rc;
	return expect_op(c, PYO_RPAR);
}

/* atom trailers: '.' NAME, '(' args ')', '[' slices ']' */
static int primary(struct checker *c, struct ex *e)
{
	int rc;

	if ((rc = atom(c, e)) < 0)
		return rc;
	for (;;) {
		size_t off = e->off;
		bool debug = false;

		if (is_op(c, PYO_DOT)) {
			if ((rc = next(c)) < 0)
				return rc;
			debug = at_name(c) && tok_is(c, tok(c), "__debug__");
			if ((rc = take_name(c, NULL, "a name after '.'")) < 0)
				return rc;
		} else if (is_op(c, PYO_LPAR)) {
			if ((rc = next(c)) < 0 ||
			    (rc = call_args(c, true)) < 0)
				return rc;
			ex_init(e, off);
			continue;
		} else if (is_op(c, PYO_LSQB)) {
			if ((rc = next(c)) < 0 || (rc = slice(c)) < 0)
				return rc;
			while (is_op(c, PYO_COMMA)) {
				if ((rc = next(c)) < 0)
					return rc;
				if (is_op(c, PYO_RSQB))
					break;
				if ((rc = slice(c)) < 0)
					return rc;
			}
			if ((rc = expect_op(c, PYO_RSQB)) < 0)
				return rc;
		} else {
			return 0;
		}
		ex_init(e, off);
		e->shape = SH_ATTR;
		e->target = true;
		e->debug = debug;
	}
}

static int factor(struct checker *c, struct ex *e);

/* ['await'] primary ['**' factor] */
static int power(struct checker *c, struct ex *e)
{
	size_t off = tok(c)->off;
	bool await = is_kw(c, "await");
	int rc;

	if (await) {
		if (!c->async_fn && !c->genexp)
			return await_err(c, off);
		if (!c->async_fn && c->await_off == NO_AWAIT)
			c->await_off = off;	/* settled by the caller */
		if ((rc = next(c)) < 0)
			return rc;
	}
	if ((rc = primary(c, e)) < 0)
		return rc;
	if (await)
		ex_value(e);
	if (!is_op(c, PYO_DSTAR))
		return 0;
	ex_value(e);
	if ((rc = next(c)) < 0)
		return rc;
	{
		struct ex x;

		return factor(c, &x);
	}
}

/* ('+' | '-' | '~')* power */
static int factor(struct checker *c, struct ex *e)
{
	size_t off = tok(c)->off;
	int rc, levels = 0;

	while (is_op(c, PYO_PLUS) || is_op(c, PYO_MINUS) ||
	       is_op(c, PYO_TILDE)) {
		if ((rc = enter(c)) < 0 || (rc = next(c)) < 0)
			return rc;
		levels++;
	}
	rc = power(c, e);
	c->depth -= levels;
	if (levels) {
		ex_value(e);
		e->off = off;
	}
	return rc;
}

static bool at_binop(const struct checker *c)
{
	static const bool ops[PYO__COUNT] = {
		[PYO_VBAR] = true, [PYO_CIRCUMFLEX] = true,
		[PYO_AMPER] = true, [PYO_LSHIFT] = true, [PYO_RSHIFT] = true,
		[PYO_PLUS] = true, [PYO_MINUS] = true, [PYO_STAR] = true,
		[PYO_SLASH] = true, [PYO_DSLASH] = true,
		[PYO_PERCENT] = true, [PYO_AT] = true,
	};

	return tok(c)->type == PY_OP && tok(c)->op < PYO__COUNT &&
	       ops[tok(c)->op];
}

/* bitwise_or: factor (binop factor)*, all binary operators being
 * left-associative over factors. */
static int bitor(struct checker *c, struct ex *e)
{
	struct ex x;
	int rc;

	if ((rc = factor(c, e)) < 0)
		return rc;
	while (at_binop(c)) {
		ex_value(e);
		if ((rc = next(c)) < 0 || (rc = factor(c, &x)) < 0)
			return rc;
	}
	return 0;
}

/* A comparison operator at the current token; 'not in' and 'is not'
 * take two tokens: *two set. */
static bool at_cmp(struct checker *c, bool *two)
{
	struct py_token *t;

	*two = false;
	if (tok(c)->type == PY_OP)
		return tok(c)->op == PYO_LESS || tok(c)->op == PYO_GREATER ||
		       tok(c)->op == PYO_EQEQ || tok(c)->op == PYO_NOTEQ ||
		       tok(c)->op == PYO_LESSEQ ||
		       tok(c)->op == PYO_GREATEREQ;
	if (is_kw(c, "in"))
		return true;
	if (is_kw(c, "is")) {
		*two = pp_peek(&c->p, &t) == 0 &&
		       pp_tok_is_kw(&c->p, t, "not");
		return true;
	}
	if (is_kw(c, "not") && pp_peek(&c->p, &t) == 0 &&
	    pp_tok_is_kw(&c->p, t, "in")) {
		*two = true;
		return true;
	}
	return false;
}

static int comparison(struct checker *c, struct ex *e)
{
	struct ex x;
	bool two;
	int rc;

	if ((rc = bitor(c, e)) < 0)
		return rc;
	while (at_cmp(c, &two)) {
		ex_value(e);
		if ((rc = next(c)) < 0 || (two && (rc = next(c)) < 0) ||
		    (rc = bitor(c, &x)) < 0)
			return rc;
	}
	return 0;
}

/* disjunction: ('not'* comparison) joined by 'and' / 'or' */
static int disjunction(struct checker *c, struct ex *e)
{
	struct ex x;
	int rc, levels;

	for (;;) {
		size_t off = tok(c)->off;

		levels = 0;
		while (is_kw(c, "not")) {
			if ((rc = enter(c)) < 0 || (rc = next(c)) < 0)
				return rc;
			levels++;
		}
		rc = comparison(c, e);
		c->depth -= levels;
		if (rc < 0)
			return rc;
		if (levels) {
			ex_value(e);
			e->off = off;
		}
		if (!is_kw(c, "and") && !is_kw(c, "or"))
			return 0;
		ex_value(e);
		if ((rc = next(c)) < 0)
			return rc;
		e = &x;
	}
}

/* lambda [params] ':' expression, in its own function context. */
static int params(struct checker *c, enum py_op close, bool lambda);

static int lambdef(struct checker *c, struct ex *e)
{
	struct checker save = *c;
	int rc;

	ex_init(e, tok(c)->off);
	if ((rc = next(c)) < 0)
		return rc;
	c->funcs++;
	c->scopes++;
	c->func = true;
	c->async_fn = false;
	c->loop = false;
	c->comp = c->genexp = 0;
	if ((rc = params(c, PYO_COLON, true)) < 0 ||
	    (rc = expr(c, NULL, 0)) < 0)
		return rc;
	c->funcs = save.funcs;
	c->scopes = save.scopes;
	c->func = save.func;
	c->async_fn = save.async_fn;
	c->loop = save.loop;
	c->comp = save.comp;
	c->genexp = save.genexp;
	c->yields = save.yields;	/* its own, not a comprehension's */
	return 0;
}

/* 'yield' ['from' expression | star_expressions] */
static int yield_expr(struct checker *c, struct ex *e)
{
	size_t off = tok(c)->off;
	struct ex x;
	int rc;

	if (!c->func)
		return err_at(c, off, "'yield' outside function");
	if (c->comp)
		return err_at(c, off, "'yield' inside list comprehension");
	c->yields++;
	ex_init(e, off);
	e->yield = true;
	if ((rc = next(c)) < 0)
		return rc;
	if (is_kw(c, "from")) {
		if ((rc = next(c)) < 0)
			return rc;
		return expr(c, &x, 0);
	}
	if (tok(c)->type == PY_NEWLINE || tok(c)->type == PY_ENDMARKER ||
	    is_op(c, PYO_RPAR) || is_op(c, PYO_SEMI) || is_op(c, PYO_EQUAL) ||
	    is_op(c, PYO_RSQB) || is_op(c, PYO_RBRACE))
		return 0;
	if ((rc = exprs(c, &x, X_STAR | X_TUPLE)) < 0)
		return rc;
	if (x.shape == SH_STAR && !x.tuple)
		return err_at(c, x.off, "can't use starred expression here");
	return 0;
}

/*
 * One expression: flags X_WALRUS (NAME ':=' expression), X_STAR
 * ('*' bitwise_or), X_NOCMP (a bitwise_or only), X_YIELD (a yield
 * expression).
 */
static int expr(struct checker *c, struct ex *e, unsigned flags)
{
	struct ex tmp, x;
	int rc;

	if (!e)
		e = &tmp;
	if ((rc = enter(c)) < 0)
		return rc;
	if ((flags & X_STAR) && is_op(c, PYO_STAR)) {
		size_t off = tok(c)->off;

		if ((rc = next(c)) < 0 || (rc = bitor(c, &x)) < 0)
			goto out;
		ex_init(e, off);
		e->shape = SH_STAR;
		e->target = x.target;
		e->debug = x.debug;
		e->star = true;
		goto out;
	}
	if ((flags & X_YIELD) && is_kw(c, "yield")) {
		rc = yield_expr(c, e);
		goto out;
	}
	if (flags & X_NOCMP) {
		rc = bitor(c, e);
		goto out;
	}
	if (is_kw(c, "lambda")) {
		rc = lambdef(c, e);
		goto out;
	}
	if (at_name(c) && peek_op(c, PYO_COLONEQ)) {
		size_t off = tok(c)->off;

		if (!(flags & X_WALRUS)) {
			rc = expected(c, "an expression (an assignment "
				      "expression needs parentheses here)");
			goto out;
		}
		if (tok_is(c, tok(c), "__debug__")) {
			rc = err_at(c, off, "cannot assign to __debug__");
			goto out;
		}
		if ((rc = next(c)) < 0 || (rc = next(c)) < 0 ||
		    (rc = expr(c, &x, 0)) < 0)
			goto out;
		ex_init(e, off);
		goto out;
	}
	if ((rc = disjunction(c, e)) < 0)
		goto out;
	if (is_kw(c, "if")) {
		ex_value(e);
		if ((rc = next(c)) < 0 || (rc = disjunction(c, &x)) < 0)
			goto out;
		if (!is_kw(c, "else")) {
			rc = expected(c, "'else' in the conditional "
				      "expression");
			goto out;
		}
		if ((rc = next(c)) < 0 || (rc = expr(c, &x, 0)) < 0)
			goto out;
	}
out:
	c->depth--;
	return rc;
}

/*
 * Comma-separated expressions (star_expressions and the like): flags as
 * expr(), and X_TUPLE: a comma makes a tuple (else one expression).
 */
static int exprs(struct checker *c, struct ex *e, unsigned flags)
{
	struct ex x;
	int rc;

	if ((rc = expr(c, e, flags)) < 0 || !(flags & X_TUPLE) ||
	    !is_op(c, PYO_COMMA) || e->yield)
		return rc;
	flags &= ~X_YIELD;
	e->nstar = e->shape == SH_STAR;
	e->shape = SH_SEQ;
	e->tuple = true;
	e->paren = false;
	e->str = false;
	while (is_op(c, PYO_COMMA)) {
		if ((rc = next(c)) < 0)
			return rc;
		/* a trailing comma: what may follow the list */
		if (tok(c)->type == PY_NEWLINE || tok(c)->type == PY_ENDMARKER ||
		    is_op(c, PYO_EQUAL) || is_op(c, PYO_SEMI) ||
		    is_op(c, PYO_COLON) || is_op(c, PYO_RPAR) ||
		    is_op(c, PYO_RSQB) || is_op(c, PYO_RBRACE) ||
		    is_kw(c, "in") || (tok(c)->type == PY_OP &&
				       tok(c)->op >= PYO_PLUSEQ))
			break;
		if ((rc = expr(c, &x, flags)) < 0)
			return rc;
		e->target &= x.target;
		e->debug |= x.debug;
		e->star |= x.star;
		e->nstar += x.shape == SH_STAR;
	}
	return 0;
}

/* ---- targets ---- */

enum target_kind { TG_ASSIGN, TG_DEL, TG_AUG, TG_ANN };

/* Whether e may be assigned (kind), else the error. */
static int target(struct checker *c, const struct ex *e,
		  enum target_kind kind)
{
	if (e->yield)
		return err_at(c, e->off, "assignment to yield expression not "
			      "possible");
	if (!e->target)
		return err_at(c, e->off, kind == TG_DEL ? "cannot delete "
			      "this expression" : "cannot assign to this "
			      "expression (expected a name, an attribute, a "
			      "subscript, or a tuple or list of them)");
	if (e->debug)
		return err_at(c, e->off, kind == TG_DEL ? "cannot delete "
			      "__debug__" : "cannot assign to __debug__");
	switch (kind) {
	case TG_DEL:
		if (e->star)
			return err_at(c, e->off, "cannot delete starred");
		return 0;
	case TG_AUG:
		if (e->shape != SH_NAME && e->shape != SH_ATTR)
			return err_at(c, e->off, "illegal expression for "
				      "augmented assignment");
		return 0;
	case TG_ANN:
		if (e->shape != SH_NAME && e->shape != SH_ATTR)
			return err_at(c, e->off, "only single target (not "
				      "tuple) can be annotated");
		return 0;
	default:
		if (e->shape == SH_STAR)
			return err_at(c, e->off, "starred assignment target "
				      "must be in a list or tuple");
		if (e->nstar > 1)
			return err_at(c, e->off, "multiple starred expressions "
				      "in assignment");
		return 0;
	}
}

/* ---- parameters ---- */

/* A parameter's name: not repeated, not __debug__. */
static int param_name(struct checker *c, struct py_token **names, size_t *n,
		      size_t *alloc)
{
	struct py_token t = *tok(c);
	int rc;

	if ((rc = take_name(c, NULL, "a parameter name")) < 0)
		return rc;
	if (tok_is(c, &t, "__debug__"))
		return err_at(c, t.off, "cannot assign to __debug__");
	if (kw_repeated(c, *names, *n, &t))
		return pp_err(&c->p, t.off, "duplicate argument '%.*s' in "
			      "function definition", (int)t.len,
			      c->p.lx.src + t.off);
	RT_ALLOC_GROW(*names, *n + 1, *alloc);
	(*names)[(*n)++] = t;
	return 0;
}

/* An annotation ':' expression (def only; *args may have *expr). */
static int annotation(struct checker *c, bool lambda, bool star)
{
	struct ex x;
	int rc;

	if (lambda || !is_op(c, PYO_COLON))
		return 0;
	if ((rc = next(c)) < 0)
		return rc;
	return expr(c, &x, star ? X_STAR : 0);
}

/*
 * The parameters of a def (after '(', up to ')') or a lambda (up to
 * ':'), close consumed: positional-only ones before '/', defaults not
 * followed by parameters without one, one '*' or *args, keyword-only
 * ones after a bare '*', '**kwargs' last; no name twice.
 */
static int params(struct checker *c, enum py_op close, bool lambda)
{
	struct py_token *names = NULL;
	size_t n = 0, alloc = 0;
	bool dflt = false, star = false, bare = false, dstar = false;
	bool slash = false;
	size_t bare_off = 0;
	int rc = 0;

	while (!is_op(c, close) && rc == 0) {
		size_t off = tok(c)->off;

		if (dstar) {
			rc = expected(c, lambda ? "':' after **kwargs" :
				      "')' after **kwargs");
			break;
		}
		if (is_op(c, PYO_SLASH)) {
			if (!n || slash || star)
				rc = err_at(c, off, "invalid syntax: '/' must "
					    "follow the positional "
					    "parameters");
			else
				rc = next(c);
			slash = true;
		} else if (is_op(c, PYO_STAR)) {
			if (star) {
				rc = err_at(c, off, "* argument may appear "
					    "only once");
				break;
			}
			star = true;
			if ((rc = next(c)) < 0)
				break;
			if (is_op(c, PYO_COMMA) || is_op(c, close)) {
				bare = true;
				bare_off = off;
			} else if ((rc = param_name(c, &names, &n,
						    &alloc)) == 0) {
				rc = annotation(c, lambda, true);
			}
		} else if (is_op(c, PYO_DSTAR)) {
			dstar = true;
			if ((rc = next(c)) == 0 &&
			    (rc = param_name(c, &names, &n, &alloc)) == 0)
				rc = annotation(c, lambda, false);
		} else {
			if ((rc = param_name(c, &names, &n, &alloc)) < 0 ||
			    (rc = annotation(c, lambda, false)) < 0)
				break;
			bare = false;
			if (is_op(c, PYO_EQUAL)) {
				dflt = true;
				if ((rc = next(c)) == 0)
					rc = expr(c, NULL, 0);
			} else if (dflt && !star) {
				rc = err_at(c, off, "non-default argument "
					    "follows default argument");
			}
		}
		if (rc < 0 || !is_op(c, PYO_COMMA))
			break;
		rc = next(c);
	}
	free(names);
	if (rc < 0)
		return rc;
	if (bare)
		return err_at(c, bare_off, "named arguments must follow "
			      "bare *");
	return expect_op(c, close);
}

/* ---- simple statements ---- */

/* dotted_name: NAME ('.' NAME)* */
static int dotted(struct checker *c, struct py_token *first)
{
	int rc;

	if ((rc = take_name(c, first, "a module name")) < 0)
		return rc;
	while (is_op(c, PYO_DOT))
		if ((rc = next(c)) < 0 ||
		    (rc = take_name(c, NULL, "a name after '.'")) < 0)
			return rc;
	return 0;
}

/* ['as' NAME] */
static int as_name(struct checker *c)
{
	struct py_token t;
	int rc;

	if (!is_kw(c, "as"))
		return 0;
	if ((rc = next(c)) < 0 || (rc = take_name(c, &t, "a name after "
						  "'as'")) < 0)
		return rc;
	if (tok_is(c, &t, "__debug__"))
		return err_at(c, t.off, "cannot assign to __debug__");
	return 0;
}

static bool future_feature(struct checker *c, const struct py_token *t)
{
	static const char *const known[] = {
		"nested_scopes", "generators", "division", "absolute_import",
		"with_statement", "print_function", "unicode_literals",
		"barry_as_FLUFL", "generator_stop", "annotations",
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(known); i++)
		if (tok_is(c, t, known[i]))
			return true;
	return false;
}

/* import ... | from ... import ...; *future: a __future__ import. */
static int import_stmt(struct checker *c, bool *future)
{
	size_t off = tok(c)->off;
	struct py_token first = { .len = 0 }, t;
	bool dots = false, paren = false;
	int rc;

	*future = false;
	if (is_kw(c, "import")) {
		do {
			if ((rc = next(c)) < 0 || (rc = dotted(c, NULL)) < 0 ||
			    (rc = as_name(c)) < 0)
				return rc;
		} while (is_op(c, PYO_COMMA));
		return 0;
	}
	if ((rc = next(c)) < 0)			/* from */
		return rc;
	while (is_op(c, PYO_DOT) || is_op(c, PYO_ELLIPSIS)) {
		dots = true;
		if ((rc = next(c)) < 0)
			return rc;
	}
	if (!is_kw(c, "import") || !dots)
		if ((rc = dotted(c, &first)) < 0)
			return rc;
	*future = !dots && tok_is(c, &first, "__future__") &&
		  is_kw(c, "import");
	if (*future && !c->future)
		return err_at(c, off, "from __future__ imports must occur at "
			      "the beginning of the file");
	if (!is_kw(c, "import"))
		return expected(c, "'import'");
	if ((rc = next(c)) < 0)
		return rc;
	if (is_op(c, PYO_STAR)) {
		if (c->scopes)
			return err_at(c, off, "import * only allowed at "
				      "module level");
		return next(c);
	}
	if (is_op(c, PYO_LPAR)) {
		paren = true;
		if ((rc = next(c)) < 0)
			return rc;
	}
	for (;;) {
		t = *tok(c);
		if ((rc = take_name(c, NULL, "a name to import")) < 0)
			return rc;
		if (*future && !future_feature(c, &t))
			return tok_is(c, &t, "braces") ?
			       err_at(c, t.off, "not a chance") :
			       pp_err(&c->p, t.off, "future feature %.*s is "
				      "not defined", (int)t.len,
				      c->p.lx.src + t.off);
		if ((rc = as_name(c)) < 0)
			return rc;
		if (!is_op(c, PYO_COMMA))
			break;
		if ((rc = next(c)) < 0)
			return rc;
		if (paren && is_op(c, PYO_RPAR))
			break;
		if (!paren && !at_name(c))
			return expected(c, "a name to import");
	}
	return paren ? expect_op(c, PYO_RPAR) : 0;
}

/* global / nonlocal NAME (',' NAME)* */
static int names_stmt(struct checker *c, bool nonlocal)
{
	size_t off = tok(c)->off;
	int rc;

	if (nonlocal && !c->funcs)
		return err_at(c, off, "nonlocal declaration not allowed at "
			      "module level");
	do {
		if ((rc = next(c)) < 0 ||
		    (rc = take_name(c, NULL, "a name")) < 0)
			return rc;
	} while (is_op(c, PYO_COMMA));
	return 0;
}

/* An expression statement, or an assignment of any form. */
static int expr_stmt(struct checker *c, struct ex *first)
{
	struct ex e, v;
	int rc;

	if ((rc = exprs(c, &e, X_STAR | X_TUPLE | X_YIELD)) < 0)
		return rc;
	*first = e;
	if (is_op(c, PYO_COLON)) {		/* annotated */
		if ((rc = target(c, &e, TG_ANN)) < 0 || (rc = next(c)) < 0 ||
		    (rc = expr(c, &v, 0)) < 0)
			return rc;
		if (!is_op(c, PYO_EQUAL))
			return 0;
		if ((rc = next(c)) < 0 ||
		    (rc = exprs(c, &v, X_STAR | X_TUPLE | X_YIELD)) < 0)
			return rc;
		goto value;
	}
	if (tok(c)->type == PY_OP && tok(c)->op >= PYO_PLUSEQ) {
		if ((rc = target(c, &e, TG_AUG)) < 0 || (rc = next(c)) < 0 ||
		    (rc = exprs(c, &v, X_STAR | X_TUPLE | X_YIELD)) < 0)
			return rc;
		goto value;
	}
	v = e;
	while (is_op(c, PYO_EQUAL)) {
		if ((rc = target(c, &v, TG_ASSIGN)) < 0 ||
		    (rc = next(c)) < 0 ||
		    (rc = exprs(c, &v, X_STAR | X_TUPLE | X_YIELD)) < 0)
			return rc;
	}
value:
	if (v.shape == SH_STAR && !v.tuple)
		return err_at(c, v.off, "can't use starred expression here");
	return 0;
}

/* One simple statement; *future / *doc: what it was. */
static int simple_stmt(struct checker *c, bool *future, bool *doc)
{
	size_t off = tok(c)->off;
	struct ex e;
	int rc;

	*future = *doc = false;
	if (is_kw(c, "pass"))
		return next(c);
	if (is_kw(c, "break") || is_kw(c, "continue")) {
		if (!c->loop)
			return err_at(c, off, is_kw(c, "break") ?
				      "'break' outside loop" :
				      "'continue' not properly in loop");
		return next(c);
	}
	if (is_kw(c, "return")) {
		if (!c->func)
			return err_at(c, off, "'return' outside function");
		if ((rc = next(c)) < 0)
			return rc;
		if (tok(c)->type == PY_NEWLINE || is_op(c, PYO_SEMI) ||
		    tok(c)->type == PY_ENDMARKER)
			return 0;
		if ((rc = exprs(c, &e, X_STAR | X_TUPLE)) < 0)
			return rc;
		if (e.shape == SH_STAR && !e.tuple)
			return err_at(c, e.off, "can't use starred expression "
				      "here");
		return 0;
	}
	if (is_kw(c, "raise")) {
		if ((rc = next(c)) < 0)
			return rc;
		if (tok(c)->type == PY_NEWLINE || is_op(c, PYO_SEMI) ||
		    tok(c)->type == PY_ENDMARKER)
			return 0;
		if ((rc = expr(c, &e, 0)) < 0 || !is_kw(c, "from"))
			return rc;
		return next(c) < 0 ? RT_ESYNTAX : expr(c, &e, 0);
	}
	if (is_kw(c, "global") || is_kw(c, "nonlocal"))
		return names_stmt(c, is_kw(c, "nonlocal"));
	if (is_kw(c, "del")) {
		if ((rc = next(c)) < 0 ||
		    (rc = exprs(c, &e, X_STAR | X_TUPLE)) < 0)
			return rc;
		return target(c, &e, TG_DEL);
	}
	if (is_kw(c, "assert")) {
		if ((rc = next(c)) < 0 || (rc = expr(c, &e, 0)) < 0 ||
		    !is_op(c, PYO_COMMA))
			return rc;
		return next(c) < 0 ? RT_ESYNTAX : expr(c, &e, 0);
	}
	if (is_kw(c, "import") || is_kw(c, "from"))
		return import_stmt(c, future);
	if ((rc = expr_stmt(c, &e)) < 0)
		return rc;
	*doc = e.str && !e.paren && !e.tuple;
	return 0;
}

/*
 * simple_stmt (';' simple_stmt)* [';'] NEWLINE.  Each that is neither a
 * `from __future__` import nor the module's docstring ends the place for
 * those imports.
 */
static int simple_stmts(struct checker *c)
{
	bool future, doc;
	int rc;

	for (;;) {
		if ((rc = simple_stmt(c, &future, &doc)) < 0)
			return rc;
		if (!future && !(doc && c->first))
			c->future = false;
		c->first = false;
		if (!is_op(c, PYO_SEMI))
			break;
		if ((rc = next(c)) < 0)
			return rc;
		if (tok(c)->type == PY_NEWLINE)
			break;
	}
	if (tok(c)->type == PY_ENDMARKER)
		return 0;
	if (tok(c)->type != PY_NEWLINE)
		return expected(c, "the end of the statement");
	return next(c);
}

/* ---- compound statements ---- */

/* A block run in a loop (loop: true) or not; the flag comes back. */
static int loop_block(struct checker *c, bool loop)
{
	bool save = c->loop;
	int rc;

	c->loop = loop;
	rc = block(c);
	c->loop = save;
	return rc;
}

static int if_stmt(struct checker *c)
{
	int rc;

	do {	/* 'if' or 'elif' */
		if ((rc = next(c)) < 0 || (rc = expr(c, NULL, X_WALRUS)) < 0 ||
		    (rc = block(c)) < 0)
			return rc;
	} while (is_kw(c, "elif"));
	if (is_kw(c, "else") && ((rc = next(c)) < 0 || (rc = block(c)) < 0))
		return rc;
	return 0;
}

static int while_stmt(struct checker *c)
{
	int rc;

	if ((rc = next(c)) < 0 || (rc = expr(c, NULL, X_WALRUS)) < 0 ||
	    (rc = loop_block(c, true)) < 0)
		return rc;
	if (is_kw(c, "else") && ((rc = next(c)) < 0 || (rc = block(c)) < 0))
		return rc;
	return 0;
}

static int for_stmt(struct checker *c)
{
	struct ex e;
	int rc;

	if ((rc = next(c)) < 0 ||
	    (rc = exprs(c, &e, X_STAR | X_TUPLE | X_NOCMP)) < 0 ||
	    (rc = target(c, &e, TG_ASSIGN)) < 0)
		return rc;
	if (!is_kw(c, "in"))
		return expected(c, "'in'");
	if ((rc = next(c)) < 0 || (rc = exprs(c, &e, X_STAR | X_TUPLE)) < 0)
		return rc;
	if (e.shape == SH_STAR && !e.tuple)
		return err_at(c, e.off, "can't use starred expression here");
	if ((rc = loop_block(c, true)) < 0)
		return rc;
	if (is_kw(c, "else") && ((rc = next(c)) < 0 || (rc = block(c)) < 0))
		return rc;
	return 0;
}

/* with_item: expression ['as' star_target] */
static int with_item(struct checker *c)
{
	struct ex e;
	int rc;

	if ((rc = expr(c, &e, 0)) < 0 || !is_kw(c, "as"))
		return rc;
	if ((rc = next(c)) < 0 || (rc = expr(c, &e, X_STAR | X_NOCMP)) < 0)
		return rc;
	return target(c, &e, TG_ASSIGN);
}

/* 'with' items ':' block; the items may be in parentheses (3.9). */
static int with_stmt(struct checker *c)
{
	struct checker save;
	struct rt_err tmp = RT_ERR_INIT, *err = c->p.err;
	int rc;

	if ((rc = next(c)) < 0)
		return rc;
	if (is_op(c, PYO_LPAR)) {
		/* '(' items [','] ')' ':', else an expression */
		save = *c;
		c->p.err = &tmp;
		rc = next(c);
		while (rc == 0 && !is_op(c, PYO_RPAR)) {
			if ((rc = with_item(c)) < 0 || !is_op(c, PYO_COMMA))
				break;
			rc = next(c);
		}
		if (rc == 0 && (rc = expect_op(c, PYO_RPAR)) == 0 &&
		    is_op(c, PYO_COLON)) {
			c->p.err = err;
			return block(c);
		}
		*c = save;
	}
	do {
		if ((rc = with_item(c)) < 0)
			return rc;
		if (!is_op(c, PYO_COMMA))
			break;
	} while ((rc = next(c)) == 0);
	if (rc < 0)
		return rc;
	return block(c);
}

static int try_stmt(struct checker *c)
{
	bool plain = false, star = false, bare = false;
	struct ex e;
	int rc;

	if ((rc = next(c)) < 0 || (rc = block(c)) < 0)
		return rc;
	while (is_kw(c, "except")) {
		size_t off = tok(c)->off;

		if (bare)
			return err_at(c, off, "default 'except:' must be "
				      "last");
		if ((rc = next(c)) < 0)
			return rc;
		if (is_op(c, PYO_STAR)) {
			star = true;
			if ((rc = next(c)) < 0)
				return rc;
			if (is_op(c, PYO_COLON))
				return expected(c, "an exception type after "
						"'except*'");
		} else {
			plain = true;
		}
		if (plain && star)
			return err_at(c, off, "cannot have both 'except' and "
				      "'except*' on the same 'try'");
		if (is_op(c, PYO_COLON)) {
			bare = true;
		} else {
			if ((rc = expr(c, &e, 0)) < 0)
				return rc;
			if (is_kw(c, "as") &&
			    ((rc = next(c)) < 0 ||
			     (rc = take_name(c, NULL, "a name after 'as'")) < 0))
				return rc;
		}
		if ((rc = block(c)) < 0)
			return rc;
	}
	if (is_kw(c, "else")) {
		if (!plain && !star)
			return expected(c, "'except' or 'finally'");
		if ((rc = next(c)) < 0 || (rc = block(c)) < 0)
			return rc;
	}
	if (is_kw(c, "finally"))
		return next(c) < 0 ? RT_ESYNTAX : block(c);
	if (!plain && !star)
		return expected(c, "'except' or 'finally'");
	return 0;
}

/* A function's body: its own context. */
static int def_stmt(struct checker *c, bool async)
{
	struct checker save = *c;
	struct ex e;
	int rc;

	if ((rc = next(c)) < 0 ||
	    (rc = take_name(c, NULL, "a function name")) < 0 ||
	    (rc = expect_op(c, PYO_LPAR)) < 0 ||
	    (rc = params(c, PYO_RPAR, false)) < 0)
		return rc;
	if (is_op(c, PYO_RARROW) &&
	    ((rc = next(c)) < 0 || (rc = expr(c, &e, 0)) < 0))
		return rc;
	c->funcs++;
	c->scopes++;
	c->func = true;
	c->async_fn = async;
	c->loop = false;
	c->comp = c->genexp = 0;
	rc = block(c);
	c->funcs = save.funcs;
	c->scopes = save.scopes;
	c->func = save.func;
	c->async_fn = save.async_fn;
	c->loop = save.loop;
	c->comp = save.comp;
	c->genexp = save.genexp;
	return rc;
}

static int class_stmt(struct checker *c)
{
	struct checker save = *c;
	int rc;

	if ((rc = next(c)) < 0 ||
	    (rc = take_name(c, NULL, "a class name")) < 0)
		return rc;
	if (is_op(c, PYO_LPAR) &&
	    ((rc = next(c)) < 0 || (rc = call_args(c, false)) < 0))
		return rc;
	c->scopes++;
	c->func = false;
	c->async_fn = false;
	c->loop = false;
	c->genexp = 0;
	rc = block(c);
	c->scopes = save.scopes;
	c->func = save.func;
	c->async_fn = save.async_fn;
	c->loop = save.loop;
	c->genexp = save.genexp;
	return rc;
}

/* ---- match (3.10) ---- */

static int pattern(struct checker *c);

/* A signed number, or a complex one: ['-'] NUMBER [('+'|'-') NUMBER] */
static int number_pattern(struct checker *c)
{
	int rc;

	if (is_op(c, PYO_MINUS) && (rc = next(c)) < 0)
		return rc;
	if (tok(c)->type != PY_NUMBER)
		return expected(c, "a number");
	if ((rc = next(c)) < 0)
		return rc;
	if (!is_op(c, PYO_PLUS) && !is_op(c, PYO_MINUS))
		return 0;
	if ((rc = next(c)) < 0)
		return rc;
	if (tok(c)->type != PY_NUMBER)
		return expected(c, "an imaginary number");
	return next(c);
}

/* NAME ('.' NAME)*; *dotted: there was a '.' */
static int name_or_attr(struct checker *c, bool *dotted_name)
{
	int rc;

	*dotted_name = false;
	if ((rc = next(c)) < 0)
		return rc;
	while (is_op(c, PYO_DOT)) {
		*dotted_name = true;
		if ((rc = next(c)) < 0 ||
		    (rc = take_name(c, NULL, "a name after '.'")) < 0)
			return rc;
	}
	return 0;
}

/* '*' NAME | pattern, in a sequence pattern; *nstar counts the first */
static int star_pattern(struct checker *c, int *nstar)
{
	size_t off = tok(c)->off;
	int rc;

	if (!is_op(c, PYO_STAR))
		return pattern(c);
	if (++*nstar > 1)
		return err_at(c, off, "multiple starred names in sequence "
			      "pattern");
	if ((rc = next(c)) < 0)
		return rc;
	return take_name(c, NULL, "a name after '*'");
}

/* Sequence items up to close (consumed); *seq: a comma or a star. */
static int seq_patterns(struct checker *c, enum py_op close, bool *seq)
{
	int rc, nstar = 0;

	*seq = false;
	while (!is_op(c, close)) {
		*seq |= is_op(c, PYO_STAR);
		if ((rc = star_pattern(c, &nstar)) < 0)
			return rc;
		if (!is_op(c, PYO_COMMA))
			break;
		*seq = true;
		if ((rc = next(c)) < 0)
			return rc;
	}
	return expect_op(c, close);
}

static int mapping_pattern(struct checker *c)
{
	bool dotted_name;
	int rc;

	if ((rc = next(c)) < 0)
		return rc;
	while (!is_op(c, PYO_RBRACE)) {
		if (is_op(c, PYO_DSTAR)) {
			if ((rc = next(c)) < 0 ||
			    (rc = take_name(c, NULL, "a name after '**'")) < 0)
				return rc;
			if (is_op(c, PYO_COMMA) && (rc = next(c)) < 0)
				return rc;
			break;
		}
		if (tok(c)->type == PY_STRING) {
			struct ex e;

			ex_init(&e, tok(c)->off);
			if ((rc = strings(c, &e)) < 0)
				return rc;
		} else if (at_name(c)) {
			if ((rc = name_or_attr(c, &dotted_name)) < 0)
				return rc;
			if (!dotted_name)
				return expected(c, "a literal or a dotted "
						"name as a mapping key");
		} else if (is_kw(c, "None") || is_kw(c, "True") ||
			   is_kw(c, "False")) {
			if ((rc = next(c)) < 0)
				return rc;
		} else if ((rc = number_pattern(c)) < 0) {
			return rc;
		}
		if ((rc = expect_op(c, PYO_COLON)) < 0 ||
		    (rc = pattern(c)) < 0)
			return rc;
		if (!is_op(c, PYO_COMMA))
			break;
		if ((rc = next(c)) < 0)
			return rc;
	}
	return expect_op(c, PYO_RBRACE);
}

/* The arguments of a class pattern, after '(' up to ')' (consumed). */
static int class_patterns(struct checker *c)
{
	bool kw = false;
	int rc;

	while (!is_op(c, PYO_RPAR)) {
		if (tok(c)->type == PY_NAME && peek_op(c, PYO_EQUAL)) {
			kw = true;
			if ((rc = take_name(c, NULL, "a keyword")) < 0 ||
			    (rc = next(c)) < 0 || (rc = pattern(c)) < 0)
				return rc;
		} else if (kw) {
			return err_at(c, tok(c)->off, "positional patterns "
				      "follow keyword patterns");
		} else if ((rc = pattern(c)) < 0) {
			return rc;
		}
		if (!is_op(c, PYO_COMMA))
			break;
		if ((rc = next(c)) < 0)
			return rc;
	}
	return expect_op(c, PYO_RPAR);
}

static int closed_pattern(struct checker *c)
{
	bool seq, dotted_name;
	struct ex e;
	int rc;

	if (tok(c)->type == PY_NUMBER || is_op(c, PYO_MINUS))
		return number_pattern(c);
	if (tok(c)->type == PY_STRING) {
		ex_init(&e, tok(c)->off);
		if ((rc = strings(c, &e)) < 0)
			return rc;
		return e.str ? 0 : err_at(c, e.off, "patterns may only match "
					  "literals and attribute lookups");
	}
	if (is_kw(c, "None") || is_kw(c, "True") || is_kw(c, "False"))
		return next(c);
	if (is_op(c, PYO_LPAR)) {
		if ((rc = next(c)) < 0)
			return rc;
		return seq_patterns(c, PYO_RPAR, &seq);
	}
	if (is_op(c, PYO_LSQB)) {
		if ((rc = next(c)) < 0)
			return rc;
		return seq_patterns(c, PYO_RSQB, &seq);
	}
	if (is_op(c, PYO_LBRACE))
		return mapping_pattern(c);
	if (!at_name(c))
		return expected(c, "a pattern");
	if ((rc = name_or_attr(c, &dotted_name)) < 0)
		return rc;
	if (!is_op(c, PYO_LPAR))
		return 0;
	if ((rc = next(c)) < 0)
		return rc;
	return class_patterns(c);
}

/* or_pattern ['as' NAME] */
static int pattern(struct checker *c)
{
	int rc;

	if ((rc = enter(c)) < 0)
		return rc;
	do {
		if (is_op(c, PYO_VBAR) && (rc = next(c)) < 0)
			break;
		if ((rc = closed_pattern(c)) < 0)
			break;
	} while (is_op(c, PYO_VBAR));
	if (rc == 0 && is_kw(c, "as")) {
		struct py_token t;

		if ((rc = next(c)) == 0 &&
		    (rc = take_name(c, &t, "a name after 'as'")) == 0 &&
		    tok_is(c, &t, "_"))
			rc = err_at(c, t.off, "cannot use '_' as a target");
	}
	c->depth--;
	return rc;
}

/* case patterns ['if' named_expression] ':' block */
static int case_block(struct checker *c)
{
	int rc, nstar = 0;

	if ((rc = next(c)) < 0)		/* "case" */
		return rc;
	/* open_sequence_pattern: items with a comma, no brackets */
	do {
		if ((rc = star_pattern(c, &nstar)) < 0)
			return rc;
		if (!is_op(c, PYO_COMMA))
			break;
		if ((rc = next(c)) < 0)
			return rc;
	} while (!is_op(c, PYO_COLON) && !is_kw(c, "if"));
	if (is_kw(c, "if") &&
	    ((rc = next(c)) < 0 || (rc = expr(c, NULL, X_WALRUS)) < 0))
		return rc;
	return block(c);
}

/*
 * "match" subject ':' NEWLINE INDENT case_block+ DEDENT.  "match" is a
 * soft keyword: 1 when this is not a match statement (c unchanged: the
 * caller reads a simple statement), else 0 or the error.
 */
static int match_stmt(struct checker *c)
{
	struct checker save = *c;
	struct rt_err tmp = RT_ERR_INIT, *err = c->p.err;
	struct ex e;
	int rc;

	c->p.err = &tmp;
	rc = next(c);
	if (rc == 0 && !is_op(c, PYO_COLON))
		rc = exprs(c, &e, X_STAR | X_TUPLE | X_WALRUS);
	if (rc == 0 && is_op(c, PYO_COLON) && (rc = next(c)) == 0 &&
	    tok(c)->type == PY_NEWLINE && (rc = next(c)) == 0 &&
	    tok(c)->type == PY_INDENT && (rc = next(c)) == 0 &&
	    is_kw(c, "case")) {
		/* a match statement: errors from here on are real */
		c->p.err = err;
		while (is_kw(c, "case"))
			if ((rc = case_block(c)) < 0)
				return rc;
		if (tok(c)->type == PY_DEDENT)
			return next(c);
		if (tok(c)->type == PY_ENDMARKER)
			return 0;
		return expected(c, "'case'");
	}
	*c = save;
	return 1;
}

/* ---- blocks and statements ---- */

/* ':' (simple_stmts | NEWLINE INDENT statement+ DEDENT) */
static int block(struct checker *c)
{
	int rc;

	if ((rc = expect_op(c, PYO_COLON)) < 0)
		return rc;
	if (tok(c)->type != PY_NEWLINE)
		return simple_stmts(c);
	if ((rc = next(c)) < 0)
		return rc;
	if (tok(c)->type != PY_INDENT)
		return expected(c, "an indented block");
	if ((rc = next(c)) < 0)
		return rc;
	while (tok(c)->type != PY_DEDENT && tok(c)->type != PY_ENDMARKER)
		if ((rc = stmt(c)) < 0)
			return rc;
	return tok(c)->type == PY_DEDENT ? next(c) : 0;
}

/* decorators, then def or class (optionally async def) */
static int decorated(struct checker *c)
{
	int rc;

	while (is_op(c, PYO_AT)) {
		if ((rc = next(c)) < 0 || (rc = expr(c, NULL, X_WALRUS)) < 0)
			return rc;
		if (tok(c)->type != PY_NEWLINE)
			return expected(c, "the end of the line after the "
					"decorator");
		if ((rc = next(c)) < 0)
			return rc;
	}
	if (is_kw(c, "def"))
		return def_stmt(c, false);
	if (is_kw(c, "class"))
		return class_stmt(c);
	if (is_kw(c, "async")) {
		if ((rc = next(c)) < 0)
			return rc;
		if (is_kw(c, "def"))
			return def_stmt(c, true);
	}
	return expected(c, "'def' or 'class' after the decorators");
}

/* async def | async for | async with */
static int async_stmt(struct checker *c)
{
	size_t off = tok(c)->off;
	int rc;

	if ((rc = next(c)) < 0)
		return rc;
	if (is_kw(c, "def"))
		return def_stmt(c, true);
	if (!is_kw(c, "for") && !is_kw(c, "with"))
		return expected(c, "'def', 'for' or 'with' after 'async'");
	if (!c->async_fn)
		return pp_err(&c->p, off, "'async %s' outside async function",
			      is_kw(c, "for") ? "for" : "with");
	return is_kw(c, "for") ? for_stmt(c) : with_stmt(c);
}

/* A compound statement at the current token (not match). */
static int compound(struct checker *c)
{
	if (is_kw(c, "if"))
		return if_stmt(c);
	if (is_kw(c, "while"))
		return while_stmt(c);
	if (is_kw(c, "for"))
		return for_stmt(c);
	if (is_kw(c, "with"))
		return with_stmt(c);
	if (is_kw(c, "try"))
		return try_stmt(c);
	if (is_kw(c, "def"))
		return def_stmt(c, false);
	if (is_kw(c, "class"))
		return class_stmt(c);
	if (is_kw(c, "async"))
		return async_stmt(c);
	return decorated(c);
}

static bool at_compound(const struct checker *c)
{
	static const char *const kws[] = {
		"if", "while", "for", "with", "try", "def", "class", "async",
	};
	size_t i;

	if (is_op(c, PYO_AT))
		return true;
	for (i = 0; i < RT_ARRAY_SIZE(kws); i++)
		if (is_kw(c, kws[i]))
			return true;
	return false;
}

/* One statement. */
static int stmt(struct checker *c)
{
	int rc;

	if (tok(c)->type == PY_INDENT)
		return pp_err(&c->p, tok(c)->off + tok(c)->len, "unexpected "
			      "indent (expected a statement at the enclosing "
			      "block's indentation)");
	if (at_compound(c)) {
		c->future = c->first = false;
		return compound(c);
	}
	if (tok(c)->type == PY_NAME && tok_is(c, tok(c), "match") &&
	    (rc = match_stmt(c)) <= 0) {
		c->future = c->first = false;
		return rc;
	}
	return simple_stmts(c);
}

int pyparse_check(struct rt_arena *a, const char *file, const char *src,
		  size_t len, struct rt_err *err)
{
	struct checker c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.first = c.future = true;
	c.await_off = NO_AWAIT;
	if ((rc = pp_start(&c.p, a, file, src, len, err)) < 0)
		return rc;
	while (c.p.tok.type != PY_ENDMARKER) {
		if (c.p.tok.type == PY_NEWLINE || c.p.tok.type == PY_DEDENT) {
			if ((rc = next(&c)) < 0)
				return rc;
			continue;
		}
		if ((rc = stmt(&c)) < 0)
			return rc;
	}
	/* an error of a peek that was not taken still counts */
	return c.p.lexerr ? RT_ESYNTAX : 0;
}
