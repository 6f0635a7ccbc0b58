/*
 * pyexpr.c: expressions of the Python subset: atoms (names, numbers,
 * parenthesised forms, lists, dicts and sets), trailers (calls,
 * attributes, subscripts), operators by precedence, expression lists,
 * and pyparse_expr.  String literals are pystring.c's.
 */
#include "pyparse_int.h"

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
		nd = pp_node(p, PYN_IMAG, p->tok.off);
		nd->fval = strtod(t, NULL);
	} else if (is_float) {
		nd = pp_node(p, PYN_FLOAT, p->tok.off);
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
		nd = pp_node(p, PYN_INT, p->tok.off);
		errno = 0;
		nd->ival = strtoll(digits, &end, base);
		if (errno == ERANGE)
			nd->op = 1;
	}
	nd->s = t;
	nd->slen = n;
	*out = nd;
	return pp_advance(p);
}

/* ( ... ): parenthesised expression or tuple. */
static int parse_paren(struct parser *p, struct py_node **out)
{
	size_t off = p->tok.off;
	struct py_node *n = NULL;
	int rc;

	if ((rc = pp_advance(p)) < 0)
		return rc;
	if (pp_is_op(p, PYO_RPAR)) {
		*out = pp_node(p, PYN_TUPLE, off);
		return pp_advance(p);
	}
	if (pp_is_kw(p, "yield"))
		return pp_unsupported(p, p->tok.off, "yield expression");
	if ((rc = pp_exprlist(p, &n, false)) < 0)
		return rc;
	if (pp_is_kw(p, "for"))
		return pp_unsupported(p, p->tok.off, "generator expression");
	if (n->kind == PYN_TUPLE && n->off != off)
		n->off = off;
	*out = n;
	return pp_expect_op(p, PYO_RPAR);
}

/* A list display item: an expression or *expression. */
static int list_item(struct parser *p, void *payload)
{
	struct py_node *e;
	int rc;

	if (pp_is_op(p, PYO_STAR)) {
		e = pp_node(p, PYN_STARRED, p->tok.off);
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &e->a)) < 0)
			return rc;
	} else if ((rc = pp_test(p, &e)) < 0) {
		return rc;
	}
	pp_push(p, payload, e);
	if (pp_is_kw(p, "for"))
		return pp_unsupported(p, p->tok.off, "list comprehension");
	return 0;
}

static int parse_list(struct parser *p, struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_LIST, p->tok.off);
	struct nodevec v = NODEVEC_INIT;
	int rc;

	if ((rc = pp_advance(p)) < 0 ||
	    (rc = pp_items(p, PYO_RSQB, list_item, &v)) < 0)
		return rc;
	n->kids = v.l;
	*out = n;
	return 0;
}

/* A { ... } display: a dict until its first item shows a set. */
struct brace {
	struct py_node *n;
	struct nodevec keys, vals;
};

/* key: value, **mapping (dict) or an expression (set). */
static int brace_item(struct parser *p, void *payload)
{
	struct brace *b = payload;
	struct py_node *k = NULL, *v = NULL;
	int rc;

	if (pp_is_op(p, PYO_DSTAR) && b->n->kind == PYN_DICT) {
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &v)) < 0)
			return rc;
	} else {
		if ((rc = pp_test(p, &k)) < 0)
			return rc;
		if (b->keys.l.n == 0 && !pp_is_op(p, PYO_COLON))
			b->n->kind = PYN_SET;
		if (b->n->kind == PYN_DICT &&
		    ((rc = pp_expect_op(p, PYO_COLON)) < 0 ||
		     (rc = pp_test(p, &v)) < 0))
			return rc;
	}
	if (pp_is_kw(p, "for"))
		return pp_unsupported(p, p->tok.off, b->n->kind == PYN_SET ?
				      "set comprehension" :
				      "dict comprehension");
	pp_push(p, &b->keys, k);
	if (b->n->kind == PYN_DICT)
		pp_push(p, &b->vals, v);
	return 0;
}

static int parse_brace(struct parser *p, struct py_node **out)
{
	struct brace b = { pp_node(p, PYN_DICT, p->tok.off), NODEVEC_INIT,
			   NODEVEC_INIT };
	int rc;

	if ((rc = pp_advance(p)) < 0 ||
	    (rc = pp_items(p, PYO_RBRACE, brace_item, &b)) < 0)
		return rc;
	b.n->kids = b.keys.l;
	b.n->kids2 = b.vals.l;
	*out = b.n;
	return 0;
}

/* n->s and n->slen: the current token's text. */
static void name_from_tok(struct parser *p, struct py_node *n)
{
	n->s = pp_tok_str(p, &p->tok);
	n->slen = p->tok.len;
}

static int parse_name_atom(struct parser *p, struct py_node **out)
{
	static const struct { const char *kw; enum py_kind k; } consts[] = {
		{ "True", PYN_TRUE }, { "False", PYN_FALSE },
		{ "None", PYN_NONE },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(consts); i++)
		if (pp_is_kw(p, consts[i].kw)) {
			*out = pp_node(p, consts[i].k, p->tok.off);
			return pp_advance(p);
		}
	if (pp_is_kw(p, "lambda"))
		return pp_unsupported(p, p->tok.off, "lambda");
	if (pp_is_kw(p, "yield"))
		return pp_unsupported(p, p->tok.off, "yield expression");
	if (pp_is_kw(p, "await"))
		return pp_unsupported(p, p->tok.off, "await expression");
	if (pp_is_keyword(p, &p->tok))
		return pp_expected(p, "an expression");
	*out = pp_node(p, PYN_NAME, p->tok.off);
	name_from_tok(p, *out);
	return pp_advance(p);
}

static int parse_atom(struct parser *p, struct py_node **out)
{
	switch (p->tok.type) {
	case PY_NAME:
		return parse_name_atom(p, out);
	case PY_NUMBER:
		return parse_number(p, out);
	case PY_STRING:
		return pp_strings(p, out);
	case PY_OP:
		if (pp_is_op(p, PYO_LPAR))
			return parse_paren(p, out);
		if (pp_is_op(p, PYO_LSQB))
			return parse_list(p, out);
		if (pp_is_op(p, PYO_LBRACE))
			return parse_brace(p, out);
		if (pp_is_op(p, PYO_ELLIPSIS)) {
			*out = pp_node(p, PYN_ELLIPSIS, p->tok.off);
			return pp_advance(p);
		}
		/* fall through */
	default:
		return pp_expected(p, "an expression");
	}
}

/* ---- trailers: calls, attributes, subscripts ---- */

/* A call's arguments: positional (and *x), then keyword (and **x). */
struct call_args {
	struct nodevec args, kws;
};

static int parse_call_arg(struct parser *p, void *payload)
{
	struct call_args *c = payload;
	struct py_node *n = NULL;
	struct py_token *nx;
	int rc;

	if (pp_is_op(p, PYO_STAR) || pp_is_op(p, PYO_DSTAR)) {
		bool dstar = pp_is_op(p, PYO_DSTAR);

		n = pp_node(p, dstar ? PYN_KEYWORD : PYN_STARRED, p->tok.off);
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &n->a)) < 0)
			return rc;
		pp_push(p, dstar ? &c->kws : &c->args, n);
		return 0;
	}
	if (p->tok.type == PY_NAME && !pp_is_keyword(p, &p->tok)) {
		if ((rc = pp_peek(p, &nx)) < 0)
			return rc;
		if (nx->type == PY_OP && nx->op == PYO_EQUAL) {
			n = pp_node(p, PYN_KEYWORD, p->tok.off);
			name_from_tok(p, n);
			if ((rc = pp_advance(p)) < 0 ||
			    (rc = pp_advance(p)) < 0 ||
			    (rc = pp_test(p, &n->a)) < 0)
				return rc;
			pp_push(p, &c->kws, n);
			return 0;
		}
	}
	if ((rc = pp_test(p, &n)) < 0)
		return rc;
	if (pp_is_kw(p, "for"))
		return pp_unsupported(p, p->tok.off, "generator expression");
	if (pp_is_op(p, PYO_COLONEQ))
		return pp_unsupported(p, p->tok.off, "assignment expression");
	if (c->kws.l.n)
		return pp_err(p, n->off, "positional argument follows keyword "
			      "argument (expected name=value)");
	pp_push(p, &c->args, n);
	return 0;
}

static int parse_call(struct parser *p, struct py_node **inout)
{
	struct py_node *n = pp_node(p, PYN_CALL, (*inout)->off);
	struct call_args c = { NODEVEC_INIT, NODEVEC_INIT };
	int rc;

	n->a = *inout;
	if ((rc = pp_advance(p)) < 0 ||
	    (rc = pp_items(p, PYO_RPAR, parse_call_arg, &c)) < 0)
		return rc;
	n->kids = c.args.l;
	n->kids2 = c.kws.l;
	*inout = n;
	return 0;
}

/* One subscript element: an expression or a slice. */
static int parse_slice(struct parser *p, struct py_node **out)
{
	struct py_node *n, *lo = NULL;
	size_t off = p->tok.off;
	int rc;

	if (!pp_is_op(p, PYO_COLON)) {
		if ((rc = pp_test(p, &lo)) < 0)
			return rc;
		if (!pp_is_op(p, PYO_COLON)) {
			*out = lo;
			return 0;
		}
	}
	n = pp_node(p, PYN_SLICE, off);
	n->a = lo;
	if ((rc = pp_advance(p)) < 0)
		return rc;
	if (!pp_is_op(p, PYO_COLON) && !pp_is_op(p, PYO_RSQB) &&
	    !pp_is_op(p, PYO_COMMA) && (rc = pp_test(p, &n->b)) < 0)
		return rc;
	if (pp_is_op(p, PYO_COLON)) {
		if ((rc = pp_advance(p)) < 0)
			return rc;
		if (!pp_is_op(p, PYO_RSQB) && !pp_is_op(p, PYO_COMMA) &&
		    (rc = pp_test(p, &n->c)) < 0)
			return rc;
	}
	*out = n;
	return 0;
}

static int parse_subscript(struct parser *p, struct py_node **inout)
{
	struct py_node *n = pp_node(p, PYN_SUBSCRIPT, (*inout)->off), *e;
	struct nodevec v = NODEVEC_INIT;
	size_t off;
	bool comma = false;
	int rc;

	n->a = *inout;
	if ((rc = pp_advance(p)) < 0)
		return rc;
	off = p->tok.off;
	for (;;) {
		if ((rc = parse_slice(p, &e)) < 0)
			return rc;
		pp_push(p, &v, e);
		if (!pp_is_op(p, PYO_COMMA))
			break;
		comma = true;
		if ((rc = pp_advance(p)) < 0)
			return rc;
		if (pp_is_op(p, PYO_RSQB))
			break;
	}
	if (comma) {
		n->b = pp_node(p, PYN_TUPLE, off);
		n->b->kids = v.l;
	} else {
		n->b = v.l.v[0];
	}
	*inout = n;
	return pp_expect_op(p, PYO_RSQB);
}

int pp_primary(struct parser *p, struct py_node **out)
{
	struct py_node *n, *at;
	int rc, links = 0;

	if (pp_is_kw(p, "await"))
		return pp_unsupported(p, p->tok.off, "await expression");
	if ((rc = parse_atom(p, &n)) < 0)
		return rc;
	/* each trailer makes the tree one level deeper */
	while (pp_is_op(p, PYO_DOT) || pp_is_op(p, PYO_LPAR) ||
	       pp_is_op(p, PYO_LSQB)) {
		if ((rc = pp_link(p)) < 0)
			return rc;
		links++;
		if (pp_is_op(p, PYO_DOT)) {
			if ((rc = pp_advance(p)) < 0)
				return rc;
			if (p->tok.type != PY_NAME)
				return pp_expected(p, "an attribute name");
			at = pp_node(p, PYN_ATTR, n->off);
			at->a = n;
			name_from_tok(p, at);
			n = at;
			rc = pp_advance(p);
		} else if (pp_is_op(p, PYO_LPAR)) {
			rc = parse_call(p, &n);
		} else {
			rc = parse_subscript(p, &n);
		}
		if (rc < 0)
			return rc;
	}
	p->height -= links;
	*out = n;
	return 0;
}

/* ---- operators, by precedence ---- */

/* lhs <op> ...: a PYN_BINOP of the current operator, moving past it. */
static int binop(struct parser *p, struct py_node *lhs, struct py_node **out)
{
	struct py_node *b = pp_node(p, PYN_BINOP, lhs->off);

	b->op = p->tok.op;
	b->a = lhs;
	*out = b;
	return pp_advance(p);
}

/* A prefix operator (the current token) applied to operand(). */
static int prefix(struct parser *p, int op,
		  int (*operand)(struct parser *p, struct py_node **out),
		  struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_UNARY, p->tok.off);
	int rc;

	n->op = op;
	if ((rc = pp_enter(p)) < 0 || (rc = pp_advance(p)) < 0 ||
	    (rc = operand(p, &n->a)) < 0)
		return rc;
	pp_leave(p);
	*out = n;
	return 0;
}

static int parse_factor(struct parser *p, struct py_node **out);

static int parse_power(struct parser *p, struct py_node **out)
{
	struct py_node *n, *b;
	int rc;

	if ((rc = pp_primary(p, &n)) < 0)
		return rc;
	if (pp_is_op(p, PYO_DSTAR)) {
		/* right-associative: 2 ** 2 ** ... recurses */
		if ((rc = pp_link(p)) < 0 || (rc = binop(p, n, &b)) < 0 ||
		    (rc = parse_factor(p, &b->b)) < 0)
			return rc;
		p->height--;
		n = b;
	}
	*out = n;
	return 0;
}

static int parse_factor(struct parser *p, struct py_node **out)
{
	if (pp_is_op(p, PYO_MINUS) || pp_is_op(p, PYO_PLUS) ||
	    pp_is_op(p, PYO_TILDE))
		return prefix(p, p->tok.op, parse_factor, out);
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
	int rc, links = 0;

	if (level == RT_ARRAY_SIZE(bin_levels))
		return parse_factor(p, out);
	if ((rc = parse_binary(p, level + 1, &n)) < 0)
		return rc;
	/* left-associative: each operator makes the tree deeper */
	while (level_has(level, p)) {
		if ((rc = pp_link(p)) < 0 || (rc = binop(p, n, &b)) < 0 ||
		    (rc = parse_binary(p, level + 1, &b->b)) < 0)
			return rc;
		links++;
		n = b;
	}
	p->height -= links;
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
	if (pp_is_kw(p, "in")) {
		*op = PY_IN_OP;
	} else if (pp_is_kw(p, "not")) {
		if ((rc = pp_peek(p, &nx)) < 0)
			return rc;
		if (pp_tok_is_kw(p, nx, "in")) {
			*op = PY_NOTIN_OP;
			*ntok = 2;
		}
	} else if (pp_is_kw(p, "is")) {
		*op = PY_IS_OP;
		if ((rc = pp_peek(p, &nx)) < 0)
			return rc;
		if (pp_tok_is_kw(p, nx, "not")) {
			*op = PY_ISNOT_OP;
			*ntok = 2;
		}
	}
	return 0;
}

static int parse_comparison(struct parser *p, struct py_node **out)
{
	struct py_node *n, *c = NULL, *e;
	struct nodevec v = NODEVEC_INIT;
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
			c = pp_node(p, PYN_COMPARE, n->off);
			c->a = n;
		}
		while (ntok--)
			if ((rc = pp_advance(p)) < 0)
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
		pp_push(p, &v, e);
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
	if (!pp_is_kw(p, "not"))
		return parse_comparison(p, out);
	return prefix(p, PY_NOT_OP, parse_not, out);
}

static int parse_boolop(struct parser *p, bool is_or, struct py_node **out)
{
	const char *kw = is_or ? "or" : "and";
	struct py_node *n, *b = NULL, *e;
	struct nodevec v = NODEVEC_INIT;
	int rc;

	rc = is_or ? parse_boolop(p, false, &n) : parse_not(p, &n);
	if (rc < 0)
		return rc;
	while (pp_is_kw(p, kw)) {
		if (!b) {
			b = pp_node(p, PYN_BOOLOP, n->off);
			b->op = is_or ? PY_OR_OP : PY_AND_OP;
			pp_push(p, &v, n);
		}
		if ((rc = pp_advance(p)) < 0)
			return rc;
		rc = is_or ? parse_boolop(p, false, &e) : parse_not(p, &e);
		if (rc < 0)
			return rc;
		pp_push(p, &v, e);
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
	if ((rc = pp_peek(p, &nx)) < 0)
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
int pp_test(struct parser *p, struct py_node **out)
{
	struct py_node *n, *c;
	bool lone;
	int rc;

	if ((rc = lone_atom(p, &lone)) < 0)
		return rc;
	if (lone)
		return parse_atom(p, out);
	if ((rc = pp_enter(p)) < 0 || (rc = parse_boolop(p, true, &n)) < 0)
		return rc;
	if (pp_is_kw(p, "if")) {
		c = pp_node(p, PYN_IFEXP, n->off);
		c->b = n;
		if ((rc = pp_advance(p)) < 0 ||
		    (rc = parse_boolop(p, true, &c->a)) < 0)
			return rc;
		if (!pp_is_kw(p, "else"))
			return pp_expected(p, "'else' in the conditional "
					   "expression");
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &c->c)) < 0)
			return rc;
		n = c;
	}
	if (pp_is_op(p, PYO_COLONEQ))
		return pp_unsupported(p, p->tok.off, "assignment expression");
	pp_leave(p);
	*out = n;
	return 0;
}

/* ---- expression lists and pyparse_expr ---- */

/* Whether the token after a trailing comma ends the expression list. */
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
	return pp_is_kw(p, "in") || pp_is_kw(p, "for");
}

int pp_exprlist(struct parser *p, struct py_node **out, bool for_targets)
{
	struct py_node *t = NULL, *e;
	struct nodevec v = NODEVEC_INIT;
	size_t off = p->tok.off;
	int rc;

	for (;;) {
		if (pp_is_op(p, PYO_STAR)) {
			e = pp_node(p, PYN_STARRED, p->tok.off);
			if ((rc = pp_advance(p)) < 0 ||
			    (rc = parse_binary(p, 0, &e->a)) < 0)
				return rc;
		} else if ((rc = for_targets ? parse_binary(p, 0, &e) :
			    pp_test(p, &e)) < 0) {
			return rc;
		}
		pp_push(p, &v, e);
		if (!pp_is_op(p, PYO_COMMA))
			break;
		if (!t)
			t = pp_node(p, PYN_TUPLE, off);
		if ((rc = pp_advance(p)) < 0)
			return rc;
		if (for_targets ? pp_is_kw(p, "in") : ends_exprs(p))
			break;
	}
	if (t)
		t->kids = v.l;
	*out = t ? t : v.l.v[0];
	return 0;
}

int pp_expr_range(struct parser *p, struct py_node **out, size_t start)
{
	int rc;

	if (p->tok.type == PY_ENDMARKER)
		return pp_err(p, start, "f-string: empty expression not "
			      "allowed (expected an expression)");
	if ((rc = pp_exprlist(p, out, false)) < 0)
		return rc;
	if (p->tok.type != PY_ENDMARKER)
		return pp_expected(p, "the end of the expression");
	return 0;
}

int pyparse_expr(struct py_node **out, struct rt_arena *a,
		 const char *file, const char *src, size_t start, size_t end,
		 struct rt_err *err)
{
	struct parser p;
	int rc;

	if ((rc = pp_start_expr(&p, a, file, src, start, end, err)) < 0)
		return rc;
	return pp_expr_range(&p, out, start);
}
