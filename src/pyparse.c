/*
 * pyparse.c: recursive descent over pylex tokens for the Python subset
 * (expressions, simple statements, def/with/for/if blocks), f-string
 * fields, and the header mode that skips compound-statement bodies.
 */
#include "pyparse.h"

#define PY_MAXDEPTH 200

const char *const pyparse_header_names[PYH__COUNT] = {
	"revision", "down_revision", "branch_labels", "depends_on",
};

struct parser {
	struct pylex lx;
	struct rt_arena *a;
	struct rt_err *err;
	struct py_token tok;		/* current significant token */
	struct py_token peek;
	bool has_peek;
	bool unsupported;		/* the error is "unsupported" */
	bool lexerr;			/* the error is lexical */
	int depth;
};

/* A list being built in the arena (doubling, old blocks abandoned). */
struct nodevec {
	struct py_list l;
	size_t alloc;
};

static int parse_test(struct parser *p, struct py_node **out);
static int parse_star_exprs(struct parser *p, struct py_node **out,
			    bool allow_star);
static int parse_block(struct parser *p, struct py_list *out);
static int parse_fstring_body(struct parser *p, struct nodevec *parts,
			      size_t off, size_t end, unsigned flags);
static int parse_sub_expr(struct parser *p, struct py_node **out,
			  size_t start, size_t end);

static void vec_push(struct parser *p, struct nodevec *v, struct py_node *n)
{
	if (v->l.n == v->alloc) {
		size_t na = v->alloc ? v->alloc * 2 : 4;
		struct py_node **nv = arena_alloc(p->a, na * sizeof(*nv));

		if (v->l.n)
			memcpy(nv, v->l.v, v->l.n * sizeof(*nv));
		v->l.v = nv;
		v->alloc = na;
	}
	v->l.v[v->l.n++] = n;
}

static struct py_node *node(struct parser *p, enum py_kind kind, size_t off)
{
	struct py_node *n = arena_alloc(p->a, sizeof(*n));

	n->kind = kind;
	n->off = (uint32_t)off;
	return n;
}

static int perr(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, size_t off, const char *fmt, ...)
{
	struct rt_loc loc = pylex_loc(&p->lx, off);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(p->err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

static int unsupported(struct parser *p, size_t off, const char *what)
{
	if (!p->err || !p->err->code)
		p->unsupported = true;
	return perr(p, off, "unsupported Python construct: %s", what);
}

/* Read the next token that is not a comment or NL. */
static int lex_sig(struct parser *p, struct py_token *t)
{
	int rc;

	do {
		if ((rc = pylex_next(&p->lx, t, p->err)) < 0) {
			p->lexerr = true;
			return rc;
		}
	} while (t->type == PY_COMMENT || t->type == PY_NL);
	return 0;
}

static int advance(struct parser *p)
{
	if (p->has_peek) {
		p->tok = p->peek;
		p->has_peek = false;
		return 0;
	}
	return lex_sig(p, &p->tok);
}

static int peek(struct parser *p, struct py_token **out)
{
	int rc;

	if (!p->has_peek) {
		if ((rc = lex_sig(p, &p->peek)) < 0)
			return rc;
		p->has_peek = true;
	}
	*out = &p->peek;
	return 0;
}

static bool is_op(const struct parser *p, enum py_op op)
{
	return p->tok.type == PY_OP && p->tok.op == op;
}

static bool tok_is_kw(const struct parser *p, const struct py_token *t,
		      const char *kw)
{
	size_t n;

	/* The first byte rules out most keywords without a strlen(). */
	if (t->type != PY_NAME || p->lx.src[t->off] != kw[0])
		return false;
	n = strlen(kw);
	return t->len == n && !memcmp(p->lx.src + t->off, kw, n);
}

static bool is_kw(const struct parser *p, const char *kw)
{
	return tok_is_kw(p, &p->tok, kw);
}

static bool is_keyword(const struct parser *p, const struct py_token *t)
{
	static const char *const kws[] = {
		"False", "None", "True", "and", "as", "assert", "async",
		"await", "break", "class", "continue", "def", "del", "elif",
		"else", "except", "finally", "for", "from", "global", "if",
		"import", "in", "is", "lambda", "nonlocal", "not", "or",
		"pass", "raise", "return", "try", "while", "with", "yield",
	};
	size_t i;

	if (t->type != PY_NAME)
		return false;
	for (i = 0; i < RT_ARRAY_SIZE(kws); i++)
		if (tok_is_kw(p, t, kws[i]))
			return true;
	return false;
}

/* What the current token is, for "expected X, found Y" messages. */
static const char *tok_desc(struct parser *p, char *buf, size_t n)
{
	const struct py_token *t = &p->tok;

	switch (t->type) {
	case PY_NEWLINE:
		return "end of line";
	case PY_ENDMARKER:
		return "end of file";
	case PY_INDENT:
		return "an indented block";
	case PY_DEDENT:
		return "the end of the indented block";
	default:
		snprintf(buf, n, "'%.*s'", (int)(t->len > 40 ? 40 : t->len),
			 p->lx.src + t->off);
		return buf;
	}
}

static int expected(struct parser *p, const char *what)
{
	char buf[64];

	if (p->tok.type == PY_INDENT)
		return perr(p, p->tok.off + p->tok.len, "unexpected indent "
			    "(expected %s)", what);
	return perr(p, p->tok.off, "invalid syntax: expected %s, found %s",
		    what, tok_desc(p, buf, sizeof(buf)));
}

static int expect_op(struct parser *p, enum py_op op)
{
	char what[16];

	if (is_op(p, op))
		return advance(p);
	snprintf(what, sizeof(what), "'%s'", pylex_op_str(op));
	return expected(p, what);
}

static const char *tok_str(struct parser *p, const struct py_token *t)
{
	return arena_strndup(p->a, p->lx.src + t->off, t->len);
}

static int enter(struct parser *p)
{
	if (++p->depth > PY_MAXDEPTH)
		return perr(p, p->tok.off, "too deeply nested expression "
			    "(expected at most %d levels)", PY_MAXDEPTH);
	return 0;
}

/* ---- atoms ---- */

static int parse_number(struct parser *p, struct py_node **out)
{
	const char *s = p->lx.src + p->tok.off;
	size_t i, n = 0, len = p->tok.len;
	char *t = arena_alloc(p->a, len + 1);
	struct py_node *nd;
	bool is_float = false;

	for (i = 0; i < len; i++)
		if (s[i] != '_')
			t[n++] = s[i];
	t[n] = '\0';
	if (!(n > 1 && t[0] == '0' && strchr("xXoObB", t[1])))
		is_float = strpbrk(t, ".eEjJ") != NULL;
	if ((t[n - 1] | 0x20) == 'j') {
		nd = node(p, PYN_IMAG, p->tok.off);
		nd->fval = strtod(t, NULL);
	} else if (is_float) {
		nd = node(p, PYN_FLOAT, p->tok.off);
		nd->fval = strtod(t, NULL);
	} else {
		int base = 10;
		const char *digits = t;
		char *end;

		if (n > 1 && t[0] == '0' && t[1]) {
			int c = t[1] | 0x20;

			base = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 10;
			if (base != 10)
				digits = t + 2;
		}
		nd = node(p, PYN_INT, p->tok.off);
		errno = 0;
		nd->ival = strtoll(digits, &end, base);
		if (errno == ERANGE)
			nd->op = 1;
	}
	nd->s = t;
	nd->slen = n;
	*out = nd;
	return advance(p);
}

/* Merge adjacent literal parts of an f-string. */
static void fstring_merge(struct parser *p, struct py_node *fs)
{
	size_t i, j = 0;
	struct py_list *l = &fs->kids;

	for (i = 0; i < l->n; i++) {
		struct py_node *cur = l->v[i];

		if (j && cur->kind == PYN_STR && l->v[j - 1]->kind == PYN_STR) {
			struct py_node *prev = l->v[j - 1];
			char *s = arena_alloc(p->a, prev->slen + cur->slen + 1);

			memcpy(s, prev->s, prev->slen);
			memcpy(s + prev->slen, cur->s, cur->slen);
			prev->s = s;
			prev->slen += cur->slen;
			continue;
		}
		l->v[j++] = cur;
	}
	l->n = j;
}

static int add_literal(struct parser *p, struct nodevec *parts, size_t off,
		       size_t len, unsigned flags)
{
	struct rt_buf b = RT_BUF_INIT;
	struct py_node *n = NULL;
	int rc;

	if (!len)
		return 0;
	rc = pylex_str_decode(&b, &p->lx, flags, off, len, p->err);
	if (!rc) {
		n = node(p, PYN_STR, off);
		n->s = arena_strndup(p->a, b.buf, b.len);
		n->slen = b.len;
		vec_push(p, parts, n);
	}
	rt_buf_release(&b);
	return rc;
}

/* Adjacent STRING tokens: a str/bytes constant or an f-string. */
static int parse_strings(struct parser *p, struct py_node **out)
{
	struct py_token first = p->tok, last = p->tok, toks[64];
	struct nodevec parts = { { NULL, 0 }, 0 };
	size_t n = 0, off, len, i;
	unsigned flags, any = 0, allf = 0;
	struct py_node *nd;
	int rc;

	while (p->tok.type == PY_STRING) {
		if (n == RT_ARRAY_SIZE(toks))
			return unsupported(p, p->tok.off, "more than 64 "
					   "adjacent string literals");
		pylex_str_parts(&flags, &off, &len, p->lx.src, &p->tok);
		any |= flags;
		allf |= (flags & PYSTR_BYTES);
		last = toks[n++] = p->tok;
		if ((rc = advance(p)) < 0)
			return rc;
	}
	if (!(any & PYSTR_F)) {
		bool bytes;

		nd = node(p, PYN_STR, first.off);
		rc = pylex_str_value(&nd->s, &nd->slen, &bytes, p->a, &p->lx,
				     toks, n, p->err);
		if (bytes)
			nd->kind = PYN_BYTES;
		*out = nd;
		return rc;
	}
	if (allf)
		return perr(p, first.off, "cannot mix bytes and nonbytes "
			    "literals");
	nd = node(p, PYN_FSTRING, first.off);
	nd->s = arena_strndup(p->a, p->lx.src + first.off,
			      last.off + last.len - first.off);
	nd->slen = last.off + last.len - first.off;
	for (i = 0; i < n; i++) {
		pylex_str_parts(&flags, &off, &len, p->lx.src, &toks[i]);
		if (flags & PYSTR_F)
			rc = parse_fstring_body(p, &parts, off, off + len,
						flags);
		else
			rc = add_literal(p, &parts, off, len, flags);
		if (rc < 0)
			return rc;
	}
	nd->kids = parts.l;
	fstring_merge(p, nd);
	*out = nd;
	return 0;
}

/* ( ... ): parenthesised expression or tuple. */
static int parse_paren(struct parser *p, struct py_node **out)
{
	size_t off = p->tok.off;
	struct py_node *n = NULL;
	int rc;

	if ((rc = advance(p)) < 0)
		return rc;
	if (is_op(p, PYO_RPAR)) {
		*out = node(p, PYN_TUPLE, off);
		return advance(p);
	}
	if (is_kw(p, "yield"))
		return unsupported(p, p->tok.off, "yield expression");
	if ((rc = parse_star_exprs(p, &n, true)) < 0)
		return rc;
	if (is_kw(p, "for"))
		return unsupported(p, p->tok.off, "generator expression");
	if (n->kind == PYN_TUPLE && n->off != off)
		n->off = (uint32_t)off;
	*out = n;
	return expect_op(p, PYO_RPAR);
}

static int parse_list(struct parser *p, struct py_node **out)
{
	struct py_node *n = node(p, PYN_LIST, p->tok.off), *e;
	struct nodevec v = { { NULL, 0 }, 0 };
	int rc;

	if ((rc = advance(p)) < 0)
		return rc;
	while (!is_op(p, PYO_RSQB)) {
		if (is_op(p, PYO_STAR)) {
			e = node(p, PYN_STARRED, p->tok.off);
			if ((rc = advance(p)) < 0 ||
			    (rc = parse_test(p, &e->a)) < 0)
				return rc;
		} else if ((rc = parse_test(p, &e)) < 0) {
			return rc;
		}
		vec_push(p, &v, e);
		if (is_kw(p, "for"))
			return unsupported(p, p->tok.off,
					   "list comprehension");
		if (!is_op(p, PYO_COMMA))
			break;
		if ((rc = advance(p)) < 0)
			return rc;
	}
	n->kids = v.l;
	*out = n;
	return expect_op(p, PYO_RSQB);
}

/* { ... }: dict or set. */
static int parse_brace(struct parser *p, struct py_node **out)
{
	struct py_node *n = node(p, PYN_DICT, p->tok.off), *k, *v;
	struct nodevec keys = { { NULL, 0 }, 0 }, vals = keys;
	int rc;

	if ((rc = advance(p)) < 0)
		return rc;
	while (!is_op(p, PYO_RBRACE)) {
		if (is_op(p, PYO_DSTAR) && n->kind == PYN_DICT) {
			if ((rc = advance(p)) < 0 ||
			    (rc = parse_test(p, &v)) < 0)
				return rc;
			k = NULL;
		} else {
			if ((rc = parse_test(p, &k)) < 0)
				return rc;
			if (keys.l.n == 0 && !is_op(p, PYO_COLON))
				n->kind = PYN_SET;
			if (n->kind == PYN_DICT) {
				if ((rc = expect_op(p, PYO_COLON)) < 0 ||
				    (rc = parse_test(p, &v)) < 0)
					return rc;
			} else {
				v = NULL;
			}
		}
		if (is_kw(p, "for"))
			return unsupported(p, p->tok.off, n->kind == PYN_SET ?
					   "set comprehension" :
					   "dict comprehension");
		vec_push(p, &keys, k);
		if (n->kind == PYN_DICT)
			vec_push(p, &vals, v);
		if (!is_op(p, PYO_COMMA))
			break;
		if ((rc = advance(p)) < 0)
			return rc;
	}
	n->kids = keys.l;
	n->kids2 = vals.l;
	*out = n;
	return expect_op(p, PYO_RBRACE);
}

static int parse_name_atom(struct parser *p, struct py_node **out)
{
	static const struct { const char *kw; enum py_kind k; } consts[] = {
		{ "True", PYN_TRUE }, { "False", PYN_FALSE },
		{ "None", PYN_NONE },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(consts); i++)
		if (is_kw(p, consts[i].kw)) {
			*out = node(p, consts[i].k, p->tok.off);
			return advance(p);
		}
	if (is_kw(p, "lambda"))
		return unsupported(p, p->tok.off, "lambda");
	if (is_kw(p, "yield"))
		return unsupported(p, p->tok.off, "yield expression");
	if (is_kw(p, "await"))
		return unsupported(p, p->tok.off, "await expression");
	if (is_keyword(p, &p->tok))
		return expected(p, "an expression");
	*out = node(p, PYN_NAME, p->tok.off);
	(*out)->s = tok_str(p, &p->tok);
	(*out)->slen = p->tok.len;
	return advance(p);
}

static int parse_atom(struct parser *p, struct py_node **out)
{
	switch (p->tok.type) {
	case PY_NAME:
		return parse_name_atom(p, out);
	case PY_NUMBER:
		return parse_number(p, out);
	case PY_STRING:
		return parse_strings(p, out);
	case PY_OP:
		if (is_op(p, PYO_LPAR))
			return parse_paren(p, out);
		if (is_op(p, PYO_LSQB))
			return parse_list(p, out);
		if (is_op(p, PYO_LBRACE))
			return parse_brace(p, out);
		if (is_op(p, PYO_ELLIPSIS)) {
			*out = node(p, PYN_ELLIPSIS, p->tok.off);
			return advance(p);
		}
		/* fall through */
	default:
		return expected(p, "an expression");
	}
}

/* ---- trailers: calls, attributes, subscripts ---- */

static int parse_call_arg(struct parser *p, struct py_node *call,
			  struct nodevec *args, struct nodevec *kws)
{
	struct py_node *n = NULL;
	struct py_token *nx;
	int rc;

	if (is_op(p, PYO_STAR) || is_op(p, PYO_DSTAR)) {
		bool dstar = is_op(p, PYO_DSTAR);

		n = node(p, dstar ? PYN_KEYWORD : PYN_STARRED, p->tok.off);
		if ((rc = advance(p)) < 0 || (rc = parse_test(p, &n->a)) < 0)
			return rc;
		vec_push(p, dstar ? kws : args, n);
		return 0;
	}
	if (p->tok.type == PY_NAME && !is_keyword(p, &p->tok)) {
		if ((rc = peek(p, &nx)) < 0)
			return rc;
		if (nx->type == PY_OP && nx->op == PYO_EQUAL) {
			n = node(p, PYN_KEYWORD, p->tok.off);
			n->s = tok_str(p, &p->tok);
			n->slen = p->tok.len;
			if ((rc = advance(p)) < 0 || (rc = advance(p)) < 0 ||
			    (rc = parse_test(p, &n->a)) < 0)
				return rc;
			vec_push(p, kws, n);
			return 0;
		}
	}
	if ((rc = parse_test(p, &n)) < 0)
		return rc;
	if (is_kw(p, "for"))
		return unsupported(p, p->tok.off, "generator expression");
	if (is_op(p, PYO_COLONEQ))
		return unsupported(p, p->tok.off, "assignment expression");
	if (kws->l.n)
		return perr(p, n->off, "positional argument follows keyword "
			    "argument (expected name=value)");
	vec_push(p, args, n);
	return 0;
}

static int parse_call(struct parser *p, struct py_node **inout)
{
	struct py_node *n = node(p, PYN_CALL, p->tok.off);
	struct nodevec args = { { NULL, 0 }, 0 }, kws = args;
	int rc;

	n->a = *inout;
	n->off = (*inout)->off;
	if ((rc = advance(p)) < 0)
		return rc;
	while (!is_op(p, PYO_RPAR)) {
		if ((rc = parse_call_arg(p, n, &args, &kws)) < 0)
			return rc;
		if (!is_op(p, PYO_COMMA))
			break;
		if ((rc = advance(p)) < 0)
			return rc;
	}
	n->kids = args.l;
	n->kids2 = kws.l;
	*inout = n;
	return expect_op(p, PYO_RPAR);
}

/* One subscript element: an expression or a slice. */
static int parse_slice(struct parser *p, struct py_node **out)
{
	struct py_node *n, *lo = NULL;
	size_t off = p->tok.off;
	int rc;

	if (!is_op(p, PYO_COLON)) {
		if ((rc = parse_test(p, &lo)) < 0)
			return rc;
		if (!is_op(p, PYO_COLON)) {
			*out = lo;
			return 0;
		}
	}
	n = node(p, PYN_SLICE, off);
	n->a = lo;
	if ((rc = advance(p)) < 0)
		return rc;
	if (!is_op(p, PYO_COLON) && !is_op(p, PYO_RSQB) &&
	    !is_op(p, PYO_COMMA) && (rc = parse_test(p, &n->b)) < 0)
		return rc;
	if (is_op(p, PYO_COLON)) {
		if ((rc = advance(p)) < 0)
			return rc;
		if (!is_op(p, PYO_RSQB) && !is_op(p, PYO_COMMA) &&
		    (rc = parse_test(p, &n->c)) < 0)
			return rc;
	}
	*out = n;
	return 0;
}

static int parse_subscript(struct parser *p, struct py_node **inout)
{
	struct py_node *n = node(p, PYN_SUBSCRIPT, (*inout)->off), *e;
	struct nodevec v = { { NULL, 0 }, 0 };
	size_t off;
	bool comma = false;
	int rc;

	n->a = *inout;
	if ((rc = advance(p)) < 0)
		return rc;
	off = p->tok.off;
	for (;;) {
		if ((rc = parse_slice(p, &e)) < 0)
			return rc;
		vec_push(p, &v, e);
		if (!is_op(p, PYO_COMMA))
			break;
		comma = true;
		if ((rc = advance(p)) < 0)
			return rc;
		if (is_op(p, PYO_RSQB))
			break;
	}
	if (comma) {
		n->b = node(p, PYN_TUPLE, off);
		n->b->kids = v.l;
	} else {
		n->b = v.l.v[0];
	}
	*inout = n;
	return expect_op(p, PYO_RSQB);
}

static int parse_primary(struct parser *p, struct py_node **out)
{
	struct py_node *n, *at;
	int rc;

	if (is_kw(p, "await"))
		return unsupported(p, p->tok.off, "await expression");
	if ((rc = parse_atom(p, &n)) < 0)
		return rc;
	for (;;) {
		if (is_op(p, PYO_DOT)) {
			if ((rc = advance(p)) < 0)
				return rc;
			if (p->tok.type != PY_NAME)
				return expected(p, "an attribute name");
			at = node(p, PYN_ATTR, n->off);
			at->a = n;
			at->s = tok_str(p, &p->tok);
			at->slen = p->tok.len;
			n = at;
			rc = advance(p);
		} else if (is_op(p, PYO_LPAR)) {
			rc = parse_call(p, &n);
		} else if (is_op(p, PYO_LSQB)) {
			rc = parse_subscript(p, &n);
		} else {
			break;
		}
		if (rc < 0)
			return rc;
	}
	*out = n;
	return 0;
}

/* ---- operators, by precedence ---- */

static int parse_factor(struct parser *p, struct py_node **out);

static int parse_power(struct parser *p, struct py_node **out)
{
	struct py_node *n, *b;
	int rc;

	if ((rc = parse_primary(p, &n)) < 0)
		return rc;
	if (is_op(p, PYO_DSTAR)) {
		b = node(p, PYN_BINOP, n->off);
		b->op = PYO_DSTAR;
		b->a = n;
		if ((rc = advance(p)) < 0 || (rc = parse_factor(p, &b->b)) < 0)
			return rc;
		n = b;
	}
	*out = n;
	return 0;
}

static int parse_factor(struct parser *p, struct py_node **out)
{
	struct py_node *n = NULL;
	int rc;

	if (is_op(p, PYO_MINUS) || is_op(p, PYO_PLUS) || is_op(p, PYO_TILDE)) {
		n = node(p, PYN_UNARY, p->tok.off);
		n->op = p->tok.op;
		if ((rc = enter(p)) < 0 || (rc = advance(p)) < 0 ||
		    (rc = parse_factor(p, &n->a)) < 0)
			return rc;
		p->depth--;
		*out = n;
		return 0;
	}
	return parse_power(p, out);
}

/* Binary levels, lowest first after comparison (Python's grammar). */
static const enum py_op bin_levels[][5] = {
	{ PYO_VBAR },
	{ PYO_CIRCUMFLEX },
	{ PYO_AMPER },
	{ PYO_LSHIFT, PYO_RSHIFT },
	{ PYO_PLUS, PYO_MINUS },
	{ PYO_STAR, PYO_SLASH, PYO_DSLASH, PYO_PERCENT, PYO_AT },
};

static bool level_has(size_t level, const struct parser *p)
{
	size_t i;

	if (p->tok.type != PY_OP)
		return false;
	for (i = 0; i < 5 && bin_levels[level][i]; i++)
		if (p->tok.op == bin_levels[level][i])
			return true;
	return false;
}

static int parse_binary(struct parser *p, size_t level, struct py_node **out)
{
	struct py_node *n, *b;
	int rc;

	if (level == RT_ARRAY_SIZE(bin_levels))
		return parse_factor(p, out);
	if ((rc = parse_binary(p, level + 1, &n)) < 0)
		return rc;
	while (level_has(level, p)) {
		b = node(p, PYN_BINOP, n->off);
		b->op = p->tok.op;
		b->a = n;
		if ((rc = advance(p)) < 0 ||
		    (rc = parse_binary(p, level + 1, &b->b)) < 0)
			return rc;
		n = b;
	}
	*out = n;
	return 0;
}

/* The comparison operator at the current token, or 0; may peek. */
static int comp_op(struct parser *p, int *op, int *ntok)
{
	static const enum py_op ops[] = {
		PYO_LESS, PYO_GREATER, PYO_EQEQ, PYO_NOTEQ, PYO_LESSEQ,
		PYO_GREATEREQ,
	};
	struct py_token *nx;
	size_t i;
	int rc;

	*op = 0;
	*ntok = 1;
	for (i = 0; p->tok.type == PY_OP && i < RT_ARRAY_SIZE(ops); i++)
		if (p->tok.op == ops[i])
			*op = ops[i];
	if (is_kw(p, "in")) {
		*op = PY_IN_OP;
	} else if (is_kw(p, "not")) {
		if ((rc = peek(p, &nx)) < 0)
			return rc;
		if (tok_is_kw(p, nx, "in")) {
			*op = PY_NOTIN_OP;
			*ntok = 2;
		}
	} else if (is_kw(p, "is")) {
		*op = PY_IS_OP;
		if ((rc = peek(p, &nx)) < 0)
			return rc;
		if (tok_is_kw(p, nx, "not")) {
			*op = PY_ISNOT_OP;
			*ntok = 2;
		}
	}
	return 0;
}

static int parse_comparison(struct parser *p, struct py_node **out)
{
	struct py_node *n, *c = NULL, *e;
	struct nodevec v = { { NULL, 0 }, 0 };
	int op, ntok, rc;
	size_t nops = 0, allocops = 0;
	int *ops = NULL;

	if ((rc = parse_binary(p, 0, &n)) < 0)
		return rc;
	for (;;) {
		if ((rc = comp_op(p, &op, &ntok)) < 0)
			return rc;
		if (!op)
			break;
		if (!c) {
			c = node(p, PYN_COMPARE, n->off);
			c->a = n;
		}
		while (ntok--)
			if ((rc = advance(p)) < 0)
				return rc;
		if ((rc = parse_binary(p, 0, &e)) < 0)
			return rc;
		if (nops == allocops) {
			int *no = arena_alloc(p->a, (allocops * 2 + 4) *
					      sizeof(*no));

			if (nops)
				memcpy(no, ops, nops * sizeof(*no));
			ops = no;
			allocops = allocops * 2 + 4;
		}
		ops[nops++] = op;
		vec_push(p, &v, e);
	}
	if (c) {
		c->kids = v.l;
		c->ops = ops;
		n = c;
	}
	*out = n;
	return 0;
}

static int parse_not(struct parser *p, struct py_node **out)
{
	struct py_node *n = NULL;
	int rc;

	if (!is_kw(p, "not"))
		return parse_comparison(p, out);
	n = node(p, PYN_UNARY, p->tok.off);
	n->op = PY_NOT_OP;
	if ((rc = enter(p)) < 0 || (rc = advance(p)) < 0 ||
	    (rc = parse_not(p, &n->a)) < 0)
		return rc;
	p->depth--;
	*out = n;
	return 0;
}

static int parse_boolop(struct parser *p, bool is_or, struct py_node **out)
{
	const char *kw = is_or ? "or" : "and";
	struct py_node *n, *b = NULL, *e;
	struct nodevec v = { { NULL, 0 }, 0 };
	int rc;

	rc = is_or ? parse_boolop(p, false, &n) : parse_not(p, &n);
	if (rc < 0)
		return rc;
	while (is_kw(p, kw)) {
		if (!b) {
			b = node(p, PYN_BOOLOP, n->off);
			b->op = is_or ? PY_OR_OP : PY_AND_OP;
			vec_push(p, &v, n);
		}
		if ((rc = advance(p)) < 0)
			return rc;
		rc = is_or ? parse_boolop(p, false, &e) : parse_not(p, &e);
		if (rc < 0)
			return rc;
		vec_push(p, &v, e);
	}
	if (b) {
		b->kids = v.l;
		n = b;
	}
	*out = n;
	return 0;
}

/*
 * Whether the current token alone is the whole expression: a name,
 * number or string followed by a token that no operator starts with.
 * Most header values are; this skips the precedence ladder for them.
 */
static int lone_atom(struct parser *p, bool *yes)
{
	struct py_token *nx;
	int rc;

	*yes = false;
	if (p->tok.type != PY_NUMBER && p->tok.type != PY_STRING &&
	    p->tok.type != PY_NAME)
		return 0;
	if ((rc = peek(p, &nx)) < 0)
		return rc;
	if (nx->type == PY_NEWLINE || nx->type == PY_ENDMARKER)
		*yes = true;
	else if (nx->type == PY_OP)
		*yes = nx->op == PYO_COMMA || nx->op == PYO_RPAR ||
		       nx->op == PYO_RSQB || nx->op == PYO_RBRACE ||
		       nx->op == PYO_EQUAL || nx->op == PYO_SEMI;
	return 0;
}

/* test: or_test ['if' or_test 'else' test] */
static int parse_test(struct parser *p, struct py_node **out)
{
	struct py_node *n, *c;
	bool lone;
	int rc;

	if ((rc = lone_atom(p, &lone)) < 0)
		return rc;
	if (lone)
		return parse_atom(p, out);
	if ((rc = enter(p)) < 0 || (rc = parse_boolop(p, true, &n)) < 0)
		return rc;
	if (is_kw(p, "if")) {
		c = node(p, PYN_IFEXP, n->off);
		c->b = n;
		if ((rc = advance(p)) < 0 ||
		    (rc = parse_boolop(p, true, &c->a)) < 0)
			return rc;
		if (!is_kw(p, "else"))
			return expected(p, "'else' in the conditional "
					"expression");
		if ((rc = advance(p)) < 0 || (rc = parse_test(p, &c->c)) < 0)
			return rc;
		n = c;
	}
	if (is_op(p, PYO_COLONEQ))
		return unsupported(p, p->tok.off, "assignment expression");
	p->depth--;
	*out = n;
	return 0;
}

static bool ends_exprs(const struct parser *p)
{
	const struct py_token *t = &p->tok;

	if (t->type == PY_NEWLINE || t->type == PY_ENDMARKER)
		return true;
	if (t->type == PY_OP)
		return t->op == PYO_RPAR || t->op == PYO_RSQB ||
		       t->op == PYO_RBRACE || t->op == PYO_EQUAL ||
		       t->op == PYO_SEMI || t->op == PYO_COLON ||
		       (t->op >= PYO_PLUSEQ && t->op <= PYO_RSHIFTEQ);
	return is_kw(p, "in") || is_kw(p, "for");
}

/* Comma-separated expressions (a tuple when there is a comma). */
static int parse_star_exprs(struct parser *p, struct py_node **out,
			    bool allow_star)
{
	struct py_node *t = NULL, *e;
	struct nodevec v = { { NULL, 0 }, 0 };
	size_t off = p->tok.off;
	int rc;

	for (;;) {
		if (allow_star && is_op(p, PYO_STAR)) {
			e = node(p, PYN_STARRED, p->tok.off);
			if ((rc = advance(p)) < 0 ||
			    (rc = parse_binary(p, 0, &e->a)) < 0)
				return rc;
		} else if ((rc = parse_test(p, &e)) < 0) {
			return rc;
		}
		vec_push(p, &v, e);
		if (!is_op(p, PYO_COMMA))
			break;
		if (!t)
			t = node(p, PYN_TUPLE, off);
		if ((rc = advance(p)) < 0)
			return rc;
		if (ends_exprs(p))
			break;
	}
	if (t) {
		t->kids = v.l;
		*out = t;
	} else {
		*out = v.l.v[0];
	}
	return 0;
}

/* ---- f-strings ---- */

/* Skip a quoted string inside an f-string field; returns its end. */
static size_t skip_quoted(const char *s, size_t i, size_t end)
{
	char q = s[i];
	bool triple = i + 2 < end && s[i + 1] == q && s[i + 2] == q;

	i += triple ? 3 : 1;
	while (i < end) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == q && (!triple || (i + 2 < end && s[i + 1] == q &&
					      s[i + 2] == q)))
			return i + (triple ? 3 : 1);
		i++;
	}
	return end;
}

/* The end of a field's expression at depth 0: '}', '!', ':' or '='. */
static size_t field_expr_end(const char *s, size_t i, size_t end)
{
	int depth = 0;

	while (i < end) {
		char c = s[i];

		if (c == '\'' || c == '"') {
			i = skip_quoted(s, i, end);
			continue;
		}
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if ((c == ')' || c == ']' || c == '}') && depth)
			depth--;
		else if (!depth && (c == '}' || c == ':'))
			return i;
		else if (!depth && c == '!' && !(i + 1 < end &&
						 s[i + 1] == '='))
			return i;
		else if (!depth && c == '=' && i + 1 < end &&
			 s[i + 1] != '=' && !strchr("=!<>", s[i - 1]))
			return i;
		i++;
	}
	return end;
}

static int parse_field(struct parser *p, struct nodevec *parts, size_t i,
		       size_t end, unsigned flags, size_t *next)
{
	const char *s = p->lx.src;
	struct py_node *f = node(p, PYN_FIELD, i);
	size_t e = field_expr_end(s, i + 1, end), k;
	int depth, rc;

	if (e >= end)
		return perr(p, i, "f-string: expecting '}'");
	if (s[e] == '=')
		return unsupported(p, e, "f-string '=' specifier");
	f->s = arena_strndup(p->a, s + i + 1, e - i - 1);
	f->slen = e - i - 1;
	if ((rc = parse_sub_expr(p, &f->a, i + 1, e)) < 0)
		return rc;
	if (s[e] == '!') {
		if (e + 1 >= end || !strchr("rsa", s[e + 1]) || !s[e + 1])
			return perr(p, e, "f-string: invalid conversion "
				    "character (expected 'r', 's' or 'a')");
		f->op = s[e + 1];
		e += 2;
	}
	if (e < end && s[e] == ':') {
		for (k = e + 1, depth = 0; k < end; k++) {
			if (s[k] == '{')
				depth++;
			else if (s[k] == '}' && !depth--)
				break;
		}
		f->b = node(p, PYN_FSTRING, e + 1);
		{
			struct nodevec spec = { { NULL, 0 }, 0 };

			if ((rc = parse_fstring_body(p, &spec, e + 1, k,
						     flags)) < 0)
				return rc;
			f->b->kids = spec.l;
		}
		f->b->s = arena_strndup(p->a, s + e + 1, k - e - 1);
		f->b->slen = k - e - 1;
		fstring_merge(p, f->b);
		e = k;
	}
	if (e >= end || s[e] != '}')
		return perr(p, e < end ? e : i, "f-string: expecting '}'");
	vec_push(p, parts, f);
	*next = e + 1;
	return 0;
}

static int parse_fstring_body(struct parser *p, struct nodevec *parts,
			      size_t off, size_t end, unsigned flags)
{
	const char *s = p->lx.src;
	size_t i = off, start = off;
	int rc;

	while (i < end) {
		char c = s[i];

		if (c == '\\' && !(flags & PYSTR_RAW)) {
			i += 2;
			continue;
		}
		if (c != '{' && c != '}') {
			i++;
			continue;
		}
		if (i + 1 < end && s[i + 1] == c) {
			if ((rc = add_literal(p, parts, start, i + 1 - start,
					      flags)) < 0)
				return rc;
			i += 2;
			start = i;
			continue;
		}
		if (c == '}')
			return perr(p, i, "f-string: single '}' is not "
				    "allowed (expected '}}')");
		if ((rc = add_literal(p, parts, start, i - start, flags)) < 0 ||
		    (rc = parse_field(p, parts, i, end, flags, &i)) < 0)
			return rc;
		start = i;
	}
	return add_literal(p, parts, start, end - start, flags);
}

/* ---- statements ---- */

static bool at_simple_end(const struct parser *p)
{
	return p->tok.type == PY_NEWLINE || p->tok.type == PY_ENDMARKER ||
	       is_op(p, PYO_SEMI);
}

static int end_simple(struct parser *p)
{
	return at_simple_end(p) ? 0 : expected(p, "end of line");
}

static int parse_dotted(struct parser *p, const char **out, bool allow_dots,
			int *ndots)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc = 0;

	if (ndots)
		*ndots = 0;
	while (allow_dots && (is_op(p, PYO_DOT) || is_op(p, PYO_ELLIPSIS))) {
		*ndots += is_op(p, PYO_DOT) ? 1 : 3;
		if ((rc = advance(p)) < 0)
			goto out;
	}
	while (p->tok.type == PY_NAME && !is_kw(p, "import")) {
		rt_buf_add(&b, p->lx.src + p->tok.off, p->tok.len);
		if ((rc = advance(p)) < 0 || !is_op(p, PYO_DOT))
			goto out;
		rt_buf_addch(&b, '.');
		if ((rc = advance(p)) < 0)
			goto out;
	}
	if (!b.len && !(ndots && *ndots))
		rc = expected(p, "a module name");
	else if (b.len && b.buf[b.len - 1] == '.')
		rc = expected(p, "a name after '.'");
out:
	*out = arena_strndup(p->a, b.buf, b.len);
	rt_buf_release(&b);
	return rc;
}

static int parse_alias(struct parser *p, struct nodevec *v, bool dotted)
{
	struct py_node *al = node(p, PYN_ALIAS, p->tok.off);
	int rc;

	if (dotted) {
		if ((rc = parse_dotted(p, &al->s, false, NULL)) < 0)
			return rc;
	} else {
		if (p->tok.type != PY_NAME || is_keyword(p, &p->tok))
			return expected(p, "a name to import");
		al->s = tok_str(p, &p->tok);
		if ((rc = advance(p)) < 0)
			return rc;
	}
	if (is_kw(p, "as")) {
		if ((rc = advance(p)) < 0)
			return rc;
		if (p->tok.type != PY_NAME || is_keyword(p, &p->tok))
			return expected(p, "a name after 'as'");
		al->s2 = tok_str(p, &p->tok);
		if ((rc = advance(p)) < 0)
			return rc;
	}
	vec_push(p, v, al);
	return 0;
}

static int parse_import(struct parser *p, struct py_node **out)
{
	struct py_node *n = node(p, PYN_IMPORT, p->tok.off);
	struct nodevec v = { { NULL, 0 }, 0 };
	bool paren = false;
	int rc;

	if (is_kw(p, "from")) {
		n->kind = PYN_FROM;
		if ((rc = advance(p)) < 0 ||
		    (rc = parse_dotted(p, &n->s, true, &n->op)) < 0)
			return rc;
		if (!is_kw(p, "import"))
			return expected(p, "'import'");
	}
	if ((rc = advance(p)) < 0)
		return rc;
	if (n->kind == PYN_FROM && is_op(p, PYO_STAR)) {
		struct py_node *al = node(p, PYN_ALIAS, p->tok.off);

		al->s = "*";
		vec_push(p, &v, al);
		rc = advance(p);
	} else {
		if (n->kind == PYN_FROM && is_op(p, PYO_LPAR)) {
			paren = true;
			if ((rc = advance(p)) < 0)
				return rc;
		}
		for (;;) {
			rc = parse_alias(p, &v, n->kind == PYN_IMPORT);
			if (rc < 0)
				return rc;
			if (!is_op(p, PYO_COMMA))
				break;
			if ((rc = advance(p)) < 0)
				return rc;
			if (paren && is_op(p, PYO_RPAR))
				break;
		}
		if (paren)
			rc = expect_op(p, PYO_RPAR);
	}
	n->kids = v.l;
	*out = n;
	return rc;
}

static bool is_target(const struct py_node *n)
{
	size_t i;

	switch (n->kind) {
	case PYN_NAME:
	case PYN_ATTR:
	case PYN_SUBSCRIPT:
		return true;
	case PYN_STARRED:
		return is_target(n->a);
	case PYN_TUPLE:
	case PYN_LIST:
		for (i = 0; i < n->kids.n; i++)
			if (!is_target(n->kids.v[i]))
				return false;
		return true;
	default:
		return false;
	}
}

static int check_target(struct parser *p, const struct py_node *t)
{
	if (is_target(t))
		return 0;
	return perr(p, t->off, "cannot assign to %s (expected a name, "
		    "attribute, subscript or tuple of them)",
		    pyparse_kind_name(t->kind));
}

static int parse_expr_stmt(struct parser *p, struct py_node **out)
{
	struct py_node *e, *n;
	struct nodevec targets = { { NULL, 0 }, 0 };
	int rc;

	if ((rc = parse_star_exprs(p, &e, true)) < 0)
		return rc;
	if (is_op(p, PYO_COLON)) {
		n = node(p, PYN_ANNASSIGN, e->off);
		n->a = e;
		if (e->kind != PYN_NAME && e->kind != PYN_ATTR &&
		    e->kind != PYN_SUBSCRIPT)
			return perr(p, e->off, "only single target (not %s) "
				    "can be annotated",
				    pyparse_kind_name(e->kind));
		if ((rc = advance(p)) < 0 || (rc = parse_test(p, &n->b)) < 0)
			return rc;
		if (is_op(p, PYO_EQUAL) && ((rc = advance(p)) < 0 ||
		    (rc = parse_star_exprs(p, &n->c, true)) < 0))
			return rc;
		*out = n;
		return end_simple(p);
	}
	if (p->tok.type == PY_OP && p->tok.op >= PYO_PLUSEQ &&
	    p->tok.op <= PYO_RSHIFTEQ) {
		n = node(p, PYN_AUGASSIGN, e->off);
		n->a = e;
		n->op = p->tok.op;
		if (e->kind != PYN_NAME && e->kind != PYN_ATTR &&
		    e->kind != PYN_SUBSCRIPT)
			return perr(p, e->off, "illegal expression for "
				    "augmented assignment (expected a name, "
				    "attribute or subscript)");
		if ((rc = advance(p)) < 0 ||
		    (rc = parse_star_exprs(p, &n->b, true)) < 0)
			return rc;
		*out = n;
		return end_simple(p);
	}
	if (!is_op(p, PYO_EQUAL)) {
		n = node(p, PYN_EXPR_STMT, e->off);
		n->a = e;
		*out = n;
		return end_simple(p);
	}
	n = node(p, PYN_ASSIGN, e->off);
	while (is_op(p, PYO_EQUAL)) {
		if ((rc = check_target(p, e)) < 0)
			return rc;
		vec_push(p, &targets, e);
		if ((rc = advance(p)) < 0)
			return rc;
		if (is_kw(p, "yield"))
			return unsupported(p, p->tok.off, "yield expression");
		if ((rc = parse_star_exprs(p, &e, true)) < 0)
			return rc;
	}
	n->kids = targets.l;
	n->a = e;
	*out = n;
	return end_simple(p);
}

static int parse_flow(struct parser *p, struct py_node **out)
{
	struct py_node *n = NULL;
	int rc;

	if (is_kw(p, "pass") || is_kw(p, "break") || is_kw(p, "continue")) {
		n = node(p, is_kw(p, "pass") ? PYN_PASS : is_kw(p, "break") ?
			 PYN_BREAK : PYN_CONTINUE, p->tok.off);
		*out = n;
		if ((rc = advance(p)) < 0)
			return rc;
		return end_simple(p);
	}
	n = node(p, is_kw(p, "return") ? PYN_RETURN : PYN_RAISE, p->tok.off);
	if ((rc = advance(p)) < 0)
		return rc;
	if (!at_simple_end(p)) {
		rc = n->kind == PYN_RETURN ?
		     parse_star_exprs(p, &n->a, true) : parse_test(p, &n->a);
		if (rc < 0)
			return rc;
		if (n->kind == PYN_RAISE && is_kw(p, "from") &&
		    ((rc = advance(p)) < 0 || (rc = parse_test(p, &n->b)) < 0))
			return rc;
	}
	*out = n;
	return end_simple(p);
}

static int parse_small(struct parser *p, struct py_node **out)
{
	static const char *const unsup[][2] = {
		{ "global", "global statement" },
		{ "nonlocal", "nonlocal statement" },
		{ "del", "del statement" },
		{ "assert", "assert statement" },
		{ "yield", "yield expression" },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(unsup); i++)
		if (is_kw(p, unsup[i][0]))
			return unsupported(p, p->tok.off, unsup[i][1]);
	if (is_kw(p, "import") || is_kw(p, "from")) {
		int rc = parse_import(p, out);

		return rc < 0 ? rc : end_simple(p);
	}
	if (is_kw(p, "pass") || is_kw(p, "break") || is_kw(p, "continue") ||
	    is_kw(p, "return") || is_kw(p, "raise"))
		return parse_flow(p, out);
	return parse_expr_stmt(p, out);
}

/* small (';' small)* [';'] NEWLINE */
static int parse_simple_stmts(struct parser *p, struct nodevec *v)
{
	struct py_node *n = NULL;
	int rc;

	for (;;) {
		if ((rc = parse_small(p, &n)) < 0)
			return rc;
		vec_push(p, v, n);
		if (!is_op(p, PYO_SEMI))
			break;
		if ((rc = advance(p)) < 0)
			return rc;
		if (p->tok.type == PY_NEWLINE || p->tok.type == PY_ENDMARKER)
			break;
	}
	if (p->tok.type == PY_ENDMARKER)
		return 0;
	if (p->tok.type != PY_NEWLINE)
		return expected(p, "end of line");
	return advance(p);
}

static int parse_param(struct parser *p, struct nodevec *v, bool *seen_def)
{
	struct py_node *n = node(p, PYN_PARAM, p->tok.off);
	int rc;

	if (is_op(p, PYO_SLASH)) {
		n->op = PYP_SLASH;
		vec_push(p, v, n);
		return advance(p);
	}
	if (is_op(p, PYO_STAR) || is_op(p, PYO_DSTAR)) {
		n->op = is_op(p, PYO_STAR) ? PYP_STAR_ARGS : PYP_KWARGS;
		if ((rc = advance(p)) < 0)
			return rc;
		*seen_def = false;
		if (n->op == PYP_STAR_ARGS &&
		    (is_op(p, PYO_COMMA) || is_op(p, PYO_RPAR))) {
			n->op = PYP_STAR;
			vec_push(p, v, n);
			return 0;
		}
	}
	if (p->tok.type != PY_NAME || is_keyword(p, &p->tok))
		return expected(p, "a parameter name");
	n->s = tok_str(p, &p->tok);
	if ((rc = advance(p)) < 0)
		return rc;
	if (is_op(p, PYO_COLON) && ((rc = advance(p)) < 0 ||
				    (rc = parse_test(p, &n->a)) < 0))
		return rc;
	if (is_op(p, PYO_EQUAL) && n->op == PYP_NORMAL) {
		if ((rc = advance(p)) < 0 || (rc = parse_test(p, &n->b)) < 0)
			return rc;
		*seen_def = true;
	} else if (n->op == PYP_NORMAL && *seen_def) {
		return perr(p, n->off, "non-default argument follows default "
			    "argument (expected name=default)");
	}
	vec_push(p, v, n);
	return 0;
}

static int parse_def(struct parser *p, struct py_list decorators,
		     struct py_node **out)
{
	struct py_node *n = node(p, PYN_DEF, p->tok.off);
	struct nodevec params = { { NULL, 0 }, 0 };
	bool seen_def = false;
	int rc;

	if ((rc = advance(p)) < 0)
		return rc;
	if (p->tok.type != PY_NAME || is_keyword(p, &p->tok))
		return expected(p, "a function name");
	n->s = tok_str(p, &p->tok);
	if ((rc = advance(p)) < 0 || (rc = expect_op(p, PYO_LPAR)) < 0)
		return rc;
	while (!is_op(p, PYO_RPAR)) {
		if ((rc = parse_param(p, &params, &seen_def)) < 0)
			return rc;
		if (!is_op(p, PYO_COMMA))
			break;
		if ((rc = advance(p)) < 0)
			return rc;
	}
	if ((rc = expect_op(p, PYO_RPAR)) < 0)
		return rc;
	if (is_op(p, PYO_RARROW) && ((rc = advance(p)) < 0 ||
				     (rc = parse_test(p, &n->a)) < 0))
		return rc;
	n->kids = params.l;
	n->kids3 = decorators;
	*out = n;
	return parse_block(p, &n->kids2);
}

static int parse_with(struct parser *p, struct py_node **out)
{
	struct py_node *n = node(p, PYN_WITH, p->tok.off), *it;
	struct nodevec items = { { NULL, 0 }, 0 };
	int rc;

	if ((rc = advance(p)) < 0)
		return rc;
	for (;;) {
		it = node(p, PYN_WITHITEM, p->tok.off);
		if ((rc = parse_test(p, &it->a)) < 0)
			return rc;
		if (is_kw(p, "as")) {
			if ((rc = advance(p)) < 0 ||
			    (rc = parse_primary(p, &it->b)) < 0 ||
			    (rc = check_target(p, it->b)) < 0)
				return rc;
		}
		vec_push(p, &items, it);
		if (!is_op(p, PYO_COMMA))
			break;
		if ((rc = advance(p)) < 0)
			return rc;
	}
	n->kids = items.l;
	*out = n;
	return parse_block(p, &n->kids2);
}

static int parse_else(struct parser *p, struct py_list *out)
{
	if (!is_kw(p, "else"))
		return 0;
	if (advance(p) < 0)
		return RT_ESYNTAX;
	return parse_block(p, out);
}

/* The targets of a for loop: or-expressions, no comparisons ("in"). */
static int parse_targets(struct parser *p, struct py_node **out)
{
	struct py_node *t = NULL, *e;
	struct nodevec v = { { NULL, 0 }, 0 };
	size_t off = p->tok.off;
	int rc;

	for (;;) {
		if (is_op(p, PYO_STAR)) {
			e = node(p, PYN_STARRED, p->tok.off);
			if ((rc = advance(p)) < 0 ||
			    (rc = parse_binary(p, 0, &e->a)) < 0)
				return rc;
		} else if ((rc = parse_binary(p, 0, &e)) < 0) {
			return rc;
		}
		vec_push(p, &v, e);
		if (!is_op(p, PYO_COMMA))
			break;
		if (!t)
			t = node(p, PYN_TUPLE, off);
		if ((rc = advance(p)) < 0)
			return rc;
		if (is_kw(p, "in"))
			break;
	}
	if (t)
		t->kids = v.l;
	*out = t ? t : v.l.v[0];
	return 0;
}

static int parse_for(struct parser *p, struct py_node **out)
{
	struct py_node *n = node(p, PYN_FOR, p->tok.off);
	int rc;

	if ((rc = advance(p)) < 0 || (rc = parse_targets(p, &n->a)) < 0 ||
	    (rc = check_target(p, n->a)) < 0)
		return rc;
	if (!is_kw(p, "in"))
		return expected(p, "'in'");
	if ((rc = advance(p)) < 0 ||
	    (rc = parse_star_exprs(p, &n->b, true)) < 0 ||
	    (rc = parse_block(p, &n->kids2)) < 0)
		return rc;
	*out = n;
	return parse_else(p, &n->kids3);
}

static int parse_if(struct parser *p, struct py_node **out)
{
	struct py_node *n = node(p, PYN_IF, p->tok.off), *elif;
	int rc;

	if ((rc = advance(p)) < 0 || (rc = parse_test(p, &n->a)) < 0 ||
	    (rc = parse_block(p, &n->kids2)) < 0)
		return rc;
	*out = n;
	if (is_kw(p, "elif")) {
		if ((rc = parse_if(p, &elif)) < 0)
			return rc;
		n->kids3.v = arena_alloc(p->a, sizeof(*n->kids3.v));
		n->kids3.v[0] = elif;
		n->kids3.n = 1;
		return 0;
	}
	return parse_else(p, &n->kids3);
}

static int parse_decorated(struct parser *p, struct py_node **out)
{
	struct nodevec decs = { { NULL, 0 }, 0 };
	struct py_node *d;
	int rc;

	while (is_op(p, PYO_AT)) {
		if ((rc = advance(p)) < 0 || (rc = parse_test(p, &d)) < 0)
			return rc;
		if (p->tok.type != PY_NEWLINE)
			return expected(p, "end of line after the decorator");
		if ((rc = advance(p)) < 0)
			return rc;
		vec_push(p, &decs, d);
	}
	if (!is_kw(p, "def"))
		return is_kw(p, "class") ? unsupported(p, p->tok.off,
						       "class definition") :
		       expected(p, "'def' after the decorators");
	return parse_def(p, decs.l, out);
}

static int parse_compound(struct parser *p, struct py_node **out,
			  bool *handled)
{
	static const char *const unsup[][2] = {
		{ "class", "class definition" },
		{ "while", "while loop" },
		{ "try", "try statement" },
		{ "async", "async statement" },
	};
	struct py_list none = { NULL, 0 };
	size_t i;

	*handled = true;
	if (is_kw(p, "def"))
		return parse_def(p, none, out);
	if (is_kw(p, "if"))
		return parse_if(p, out);
	if (is_kw(p, "for"))
		return parse_for(p, out);
	if (is_kw(p, "with"))
		return parse_with(p, out);
	if (is_op(p, PYO_AT))
		return parse_decorated(p, out);
	for (i = 0; i < RT_ARRAY_SIZE(unsup); i++)
		if (is_kw(p, unsup[i][0]))
			return unsupported(p, p->tok.off, unsup[i][1]);
	*handled = false;
	return 0;
}

static int parse_stmt(struct parser *p, struct nodevec *v)
{
	struct py_node *n = NULL;
	bool handled;
	int rc;

	if (p->tok.type == PY_INDENT)
		return perr(p, p->tok.off + p->tok.len, "unexpected indent "
			    "(expected a statement at the enclosing block's "
			    "indentation)");
	if (is_kw(p, "else") || is_kw(p, "elif"))
		return expected(p, "a statement");
	if ((rc = parse_compound(p, &n, &handled)) < 0)
		return rc;
	if (handled) {
		vec_push(p, v, n);
		return 0;
	}
	return parse_simple_stmts(p, v);
}

/* ':' (simple_stmts | NEWLINE INDENT stmt+ DEDENT) */
static int parse_block(struct parser *p, struct py_list *out)
{
	struct nodevec v = { { NULL, 0 }, 0 };
	int rc;

	if ((rc = expect_op(p, PYO_COLON)) < 0)
		return rc;
	if (p->tok.type != PY_NEWLINE) {
		rc = parse_simple_stmts(p, &v);
		*out = v.l;
		return rc;
	}
	if ((rc = advance(p)) < 0)
		return rc;
	if (p->tok.type != PY_INDENT)
		return expected(p, "an indented block");
	if ((rc = advance(p)) < 0)
		return rc;
	while (p->tok.type != PY_DEDENT && p->tok.type != PY_ENDMARKER)
		if ((rc = parse_stmt(p, &v)) < 0)
			return rc;
	*out = v.l;
	return p->tok.type == PY_DEDENT ? advance(p) : 0;
}

static void parser_init(struct parser *p, struct rt_arena *a,
			const char *file, const char *src, size_t len,
			struct rt_err *err)
{
	memset(p, 0, sizeof(*p));
	pylex_init(&p->lx, file, src, len);
	p->a = a;
	p->err = err;
}

/* The docstring of rule 3.8: the first statement, a str constant. */
static void docstring_of(const struct py_node *first, const char **doc,
			 size_t *len)
{
	if (first && first->kind == PYN_EXPR_STMT &&
	    first->a->kind == PYN_STR) {
		*doc = first->a->s;
		*len = first->a->slen;
	}
}

int pyparse_module(struct py_module *out, struct rt_arena *a,
		   const char *file, const char *src, size_t len,
		   struct rt_err *err)
{
	struct parser p;
	struct nodevec v = { { NULL, 0 }, 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	out->file = file;
	out->src = src;
	out->len = len;
	parser_init(&p, a, file, src, len, err);
	if ((rc = advance(&p)) < 0)
		return rc;
	while (p.tok.type != PY_ENDMARKER) {
		if (p.tok.type == PY_DEDENT || p.tok.type == PY_NEWLINE) {
			if ((rc = advance(&p)) < 0)
				return rc;
			continue;
		}
		if ((rc = parse_stmt(&p, &v)) < 0)
			return rc;
	}
	out->body = v.l;
	docstring_of(v.l.n ? v.l.v[0] : NULL, &out->doc, &out->doclen);
	return 0;
}

static int expr_range(struct parser *p, struct py_node **out, size_t start)
{
	int rc;

	if ((rc = advance(p)) < 0)
		return rc;
	if (p->tok.type == PY_ENDMARKER)
		return perr(p, start, "f-string: empty expression not "
			    "allowed (expected an expression)");
	if ((rc = parse_star_exprs(p, out, true)) < 0)
		return rc;
	if (p->tok.type != PY_ENDMARKER)
		return expected(p, "the end of the expression");
	return 0;
}

int pyparse_expr(struct py_node **out, struct rt_arena *a,
		 const char *file, const char *src, size_t start, size_t end,
		 struct rt_err *err)
{
	struct parser p;

	memset(&p, 0, sizeof(p));
	pylex_init_expr(&p.lx, file, src, start, end);
	p.a = a;
	p.err = err;
	return expr_range(&p, out, start);
}

/* An f-string field: a sub-parser whose error kind flows back to p. */
static int parse_sub_expr(struct parser *p, struct py_node **out,
			  size_t start, size_t end)
{
	struct parser sub;
	int rc;

	memset(&sub, 0, sizeof(sub));
	pylex_init_expr(&sub.lx, p->lx.file, p->lx.src, start, end);
	sub.a = p->a;
	sub.err = p->err;
	sub.depth = p->depth;
	rc = expr_range(&sub, out, start);
	p->unsupported |= sub.unsupported;
	p->lexerr |= sub.lexerr;
	return rc;
}

/* ---- header mode (spec rules 3.1, 3.2, 3.8) ---- */

static int header_index(const struct parser *p, const struct py_token *t)
{
	int i;

	for (i = 0; i < PYH__COUNT; i++)
		if (tok_is_kw(p, t, pyparse_header_names[i]))
			return i;
	return -1;
}

static int header_name_index(const char *name)
{
	int i;

	for (i = 0; i < PYH__COUNT; i++)
		if (!strcmp(name, pyparse_header_names[i]))
			return i;
	return -1;
}

static int header_type_err(struct parser *p, int h, size_t off)
{
	if (h == PYH_REVISION)
		return perr(p, off, "revision must be a string");
	return perr(p, off, "%s must be a string, a tuple or list of strings,"
		    " or None", pyparse_header_names[h]);
}

/* Record name = value after checking it is a rule 3.2 literal. */
static int header_set(struct parser *p, struct py_header *out, int h,
		      const struct py_node *name, struct py_node *v)
{
	size_t i;

	if (v->kind == PYN_STR)
		goto ok;
	if (h == PYH_REVISION)
		return header_type_err(p, h, v->off);
	if (v->kind == PYN_TUPLE || v->kind == PYN_LIST) {
		for (i = 0; i < v->kids.n; i++)
			if (v->kids.v[i]->kind != PYN_STR)
				return header_type_err(p, h,
						       v->kids.v[i]->off);
		goto ok;
	}
	if (v->kind != PYN_NONE)
		return header_type_err(p, h, v->off);
ok:
	/* A later assignment overrides an earlier one (rule 3.1). */
	out->value[h] = v;
	out->name_off[h] = name->off;
	return 0;
}

/* A tuple/list target that binds a header name is not supported. */
static int header_unpack(struct parser *p, const struct py_node *t)
{
	size_t i;
	int h, rc;

	if (t->kind == PYN_STARRED)
		return header_unpack(p, t->a);
	if (t->kind == PYN_NAME && (h = header_name_index(t->s)) >= 0)
		return perr(p, t->off, "%s must be assigned on its own "
			    "(expected `%s = <literal>`, not tuple "
			    "unpacking)", t->s, t->s);
	if (t->kind != PYN_TUPLE && t->kind != PYN_LIST)
		return 0;
	for (i = 0; i < t->kids.n; i++)
		if ((rc = header_unpack(p, t->kids.v[i])) < 0)
			return rc;
	return 0;
}

static int header_import(struct parser *p, const struct py_node *n)
{
	size_t i, len;

	for (i = 0; i < n->kids.n; i++) {
		const struct py_node *al = n->kids.v[i];
		const char *bound = al->s2 ? al->s2 : al->s;
		char first[32];

		len = strcspn(bound, ".");
		snprintf(first, sizeof(first), "%.*s", (int)len, bound);
		if (len < sizeof(first) && header_name_index(first) >= 0)
			return perr(p, al->off, "%s must be assigned a "
				    "literal, not imported", first);
	}
	return 0;
}

static int header_stmt(struct parser *p, struct py_header *out,
		       const struct py_node *n)
{
	size_t i;
	int h, rc;

	switch (n->kind) {
	case PYN_ASSIGN:
		for (i = 0; i < n->kids.n; i++) {
			const struct py_node *t = n->kids.v[i];

			if (t->kind == PYN_NAME &&
			    (h = header_name_index(t->s)) >= 0)
				rc = header_set(p, out, h, t, n->a);
			else
				rc = header_unpack(p, t);
			if (rc < 0)
				return rc;
		}
		return 0;
	case PYN_ANNASSIGN:
		if (n->a->kind == PYN_NAME && n->c &&
		    (h = header_name_index(n->a->s)) >= 0)
			return header_set(p, out, h, n->a, n->c);
		return 0;
	case PYN_AUGASSIGN:
		if (n->a->kind == PYN_NAME &&
		    (h = header_name_index(n->a->s)) >= 0)
			return perr(p, n->a->off, "%s must be assigned a "
				    "literal (expected `%s = <literal>`, not "
				    "augmented assignment)", n->a->s,
				    n->a->s);
		return 0;
	case PYN_IMPORT:
	case PYN_FROM:
		return header_import(p, n);
	default:
		return 0;
	}
}

/*
 * In tokens that are skipped, a header name at the start of a statement
 * followed by '=' or ':' is an assignment Alembic would execute.
 */
static int skipped_check(struct parser *p, bool stmt_start)
{
	struct py_token *nx;
	int h, rc;

	if (!stmt_start || (h = header_index(p, &p->tok)) < 0)
		return 0;
	if ((rc = peek(p, &nx)) < 0)
		return rc;
	if (nx->type == PY_OP && (nx->op == PYO_EQUAL ||
				  nx->op == PYO_COLON))
		return perr(p, p->tok.off, "%s must be assigned at the top "
			    "level of the module (expected `%s = <literal>` "
			    "outside any block)", pyparse_header_names[h],
			    pyparse_header_names[h]);
	return 0;
}

static bool starts_stmt(const struct py_token *t)
{
	return t->type == PY_NEWLINE || t->type == PY_INDENT ||
	       t->type == PY_DEDENT || (t->type == PY_OP &&
					(t->op == PYO_SEMI ||
					 t->op == PYO_COLON));
}

/*
 * Skip the rest of a logical line and, if an indented block follows,
 * the whole block (balanced INDENT/DEDENT), without parsing.  check:
 * the skipped code runs at import time (if/for/while/with/try).
 */
static int skip_tokens(struct parser *p, bool check, bool stmt_start)
{
	int level = 0, rc;

	for (;;) {
		if (check && (rc = skipped_check(p, stmt_start)) < 0)
			return rc;
		switch (p->tok.type) {
		case PY_ENDMARKER:
			return 0;
		case PY_NEWLINE:
			if ((rc = advance(p)) < 0)
				return rc;
			if (level == 0 && p->tok.type != PY_INDENT)
				return 0;
			stmt_start = true;
			continue;
		case PY_INDENT:
			level++;
			break;
		case PY_DEDENT:
			if (--level <= 0)
				return advance(p);
			break;
		default:
			break;
		}
		stmt_start = starts_stmt(&p->tok);
		if ((rc = advance(p)) < 0)
			return rc;
	}
}

static bool is_compound_kw(const struct parser *p, bool *runs)
{
	static const char *const kws[] = {
		"if", "elif", "else", "for", "while", "with", "try",
		"except", "finally", "async",
	};
	size_t i;

	*runs = false;
	if (is_kw(p, "def") || is_kw(p, "class") || is_op(p, PYO_AT))
		return true;
	*runs = true;
	for (i = 0; i < RT_ARRAY_SIZE(kws); i++)
		if (is_kw(p, kws[i]))
			return true;
	return false;
}

static void err_move(struct rt_err *to, const struct rt_err *from)
{
	if (to && !to->code)
		rt_errf(to, from->code, &from->loc, "%s", from->msg);
}

/* One top-level simple-statement line in header mode. */
static int header_line(struct parser *p, struct py_header *out, bool first,
		       struct rt_err *err)
{
	struct rt_err tmp = RT_ERR_INIT;
	struct nodevec v = { { NULL, 0 }, 0 };
	struct py_token *nx;
	size_t i;
	int h = header_index(p, &p->tok), rc;

	if (h >= 0) {
		if ((rc = peek(p, &nx)) < 0)
			return rc;
		if (!(nx->type == PY_OP && (nx->op == PYO_EQUAL ||
					     nx->op == PYO_COLON)))
			h = -1;
	}
	p->err = &tmp;
	p->unsupported = false;
	rc = parse_simple_stmts(p, &v);
	p->err = err;
	if (rc < 0) {
		if (p->lexerr || (h >= 0 && !p->unsupported)) {
			err_move(err, &tmp);
			return rc;
		}
		if (h >= 0)
			return rt_errf(err, RT_ESYNTAX, &tmp.loc, "%s must be "
				       "a string%s (found %s)",
				       pyparse_header_names[h],
				       h == PYH_REVISION ? "" : ", a tuple "
				       "or list of strings, or None",
				       tmp.msg + strlen("unsupported Python "
							"construct: "));
		/* Outside the subset and not a header: skip it. */
		for (i = 0; i < v.l.n; i++)
			if ((rc = header_stmt(p, out, v.l.v[i])) < 0)
				return rc;
		return skip_tokens(p, true, starts_stmt(&p->tok));
	}
	if (first && v.l.n)
		docstring_of(v.l.v[0], &out->doc, &out->doclen);
	for (i = 0; i < v.l.n; i++)
		if ((rc = header_stmt(p, out, v.l.v[i])) < 0)
			return rc;
	return 0;
}

int pyparse_header(struct py_header *out, struct rt_arena *a,
		   const char *file, const char *src, size_t len,
		   struct rt_err *err)
{
	struct parser p;
	bool first = true, runs;
	int rc;

	memset(out, 0, sizeof(*out));
	parser_init(&p, a, file, src, len, err);
	if ((rc = advance(&p)) < 0)
		return rc;
	while (p.tok.type != PY_ENDMARKER) {
		if (p.tok.type == PY_NEWLINE || p.tok.type == PY_DEDENT) {
			rc = advance(&p);
		} else if (p.tok.type == PY_INDENT) {
			rc = perr(&p, p.tok.off + p.tok.len, "unexpected "
				  "indent (expected a statement at column 1)");
		} else if (is_compound_kw(&p, &runs)) {
			rc = skip_tokens(&p, runs, false);
			first = false;
		} else {
			rc = header_line(&p, out, first, err);
			first = false;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

const char *pyparse_kind_name(enum py_kind k)
{
	static const char *const names[] = {
		[PYN_NAME] = "name", [PYN_STR] = "string literal",
		[PYN_BYTES] = "bytes literal", [PYN_INT] = "integer",
		[PYN_FLOAT] = "float", [PYN_IMAG] = "imaginary number",
		[PYN_TRUE] = "True", [PYN_FALSE] = "False",
		[PYN_NONE] = "None", [PYN_ELLIPSIS] = "Ellipsis",
		[PYN_FSTRING] = "f-string", [PYN_FIELD] = "f-string field",
		[PYN_ATTR] = "attribute", [PYN_CALL] = "function call",
		[PYN_KEYWORD] = "keyword argument",
		[PYN_STARRED] = "starred expression",
		[PYN_SUBSCRIPT] = "subscript", [PYN_SLICE] = "slice",
		[PYN_TUPLE] = "tuple", [PYN_LIST] = "list", [PYN_SET] = "set",
		[PYN_DICT] = "dict", [PYN_UNARY] = "expression",
		[PYN_BINOP] = "expression", [PYN_BOOLOP] = "expression",
		[PYN_COMPARE] = "comparison",
		[PYN_IFEXP] = "conditional expression",
		[PYN_EXPR_STMT] = "expression statement",
		[PYN_ASSIGN] = "assignment",
		[PYN_ANNASSIGN] = "annotated assignment",
		[PYN_AUGASSIGN] = "augmented assignment",
		[PYN_IMPORT] = "import", [PYN_FROM] = "from-import",
		[PYN_ALIAS] = "import alias", [PYN_DEF] = "function definition",
		[PYN_PARAM] = "parameter", [PYN_WITH] = "with statement",
		[PYN_WITHITEM] = "with item", [PYN_FOR] = "for loop",
		[PYN_IF] = "if statement", [PYN_PASS] = "pass",
		[PYN_BREAK] = "break", [PYN_CONTINUE] = "continue",
		[PYN_RETURN] = "return", [PYN_RAISE] = "raise",
	};

	return (size_t)k < RT_ARRAY_SIZE(names) && names[k] ? names[k] : "?";
}
