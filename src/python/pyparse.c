/*
 * pyparse.c: the parser's state and token cursor shared by pyexpr.c,
 * pystmt.c and pyheader.c: reading significant tokens, node and list
 * allocation, syntax errors, comma-separated lists; and node kind names.
 */
#include "pyparse_int.h"

int pp_start(struct parser *p, struct rt_arena *a, const char *file,
	     const char *src, size_t len, struct rt_err *err)
{
	memset(p, 0, sizeof(*p));
	pylex_init(&p->lx, file, src, len);
	p->a = a;
	p->err = err;
	return pp_advance(p);
}

int pp_start_expr(struct parser *p, struct rt_arena *a, const char *file,
		  const char *src, size_t start, size_t end,
		  struct rt_err *err)
{
	memset(p, 0, sizeof(*p));
	pylex_init_expr(&p->lx, file, src, start, end);
	p->a = a;
	p->err = err;
	return pp_advance(p);
}

void pp_push(struct parser *p, struct nodevec *v, struct py_node *n)
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

struct py_node *pp_node(struct parser *p, enum py_kind kind, size_t off)
{
	struct py_node *n = arena_alloc(p->a, sizeof(*n));

	n->kind = kind;
	n->off = off;
	return n;
}

int pp_err(struct parser *p, size_t off, const char *fmt, ...)
{
	struct rt_loc loc = pylex_loc(&p->lx, off);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(p->err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

int pp_unsupported(struct parser *p, size_t off, const char *what)
{
	if (!p->err || !p->err->code)
		p->unsupported = true;
	return pp_err(p, off, "unsupported Python construct: %s", what);
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

int pp_advance(struct parser *p)
{
	if (p->has_peek) {
		p->tok = p->peek;
		p->has_peek = false;
		return 0;
	}
	return lex_sig(p, &p->tok);
}

int pp_peek(struct parser *p, struct py_token **out)
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

bool pp_is_keyword(const struct parser *p, const struct py_token *t)
{
	/* Python's reserved words by length, each followed by a blank. */
	static const char *const by_len[9] = {
		[2] = "as if in is or ",
		[3] = "and def del for not try ",
		[4] = "None True elif else from pass with ",
		[5] = "False async await break class raise while yield ",
		[6] = "assert except global import lambda return ",
		[7] = "finally ",
		[8] = "continue nonlocal ",
	};
	const char *s = p->lx.src + t->off, *k;

	if (t->type != PY_NAME || t->len < 2 || t->len > 8)
		return false;
	for (k = by_len[t->len]; *k; k += t->len + 1)
		if (*k == *s && !memcmp(k, s, t->len))
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

int pp_expected(struct parser *p, const char *what)
{
	char buf[64];

	if (p->tok.type == PY_INDENT)
		return pp_err(p, p->tok.off + p->tok.len, "unexpected indent "
			      "(expected %s)", what);
	return pp_err(p, p->tok.off, "invalid syntax: expected %s, found %s",
		      what, tok_desc(p, buf, sizeof(buf)));
}

int pp_expect_op(struct parser *p, enum py_op op)
{
	char what[16];

	if (pp_is_op(p, op))
		return pp_advance(p);
	snprintf(what, sizeof(what), "'%s'", pylex_op_str(op));
	return pp_expected(p, what);
}

const char *pp_tok_str(struct parser *p, const struct py_token *t)
{
	return arena_strndup(p->a, p->lx.src + t->off, t->len);
}

int pp_link(struct parser *p)
{
	if (++p->height > PY_MAXHEIGHT)
		return pp_err(p, p->tok.off, "too deeply nested expression "
			      "(expected at most %d levels of operators, "
			      "calls, subscripts and attributes)",
			      PY_MAXHEIGHT);
	return 0;
}

int pp_enter(struct parser *p)
{
	if (++p->depth > PY_MAXDEPTH)
		return pp_err(p, p->tok.off, "too deeply nested expression "
			      "(expected at most %d levels)", PY_MAXDEPTH);
	return pp_link(p);
}

void pp_leave(struct parser *p)
{
	p->depth--;
	p->height--;
}

int pp_items(struct parser *p, enum py_op close,
	     int (*item)(struct parser *p, void *payload), void *payload)
{
	int rc;

	while (!pp_is_op(p, close)) {
		if ((rc = item(p, payload)) < 0)
			return rc;
		if (!pp_is_op(p, PYO_COMMA))
			break;
		if ((rc = pp_advance(p)) < 0)
			return rc;
	}
	return pp_expect_op(p, close);
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
