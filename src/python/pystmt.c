/*
 * pystmt.c: statements of the Python subset: simple statements (expression,
 * assignment, import, flow), def/with/for/if blocks, and pyparse_module.
 */
#include "pyparse_int.h"

static int parse_block(struct parser *p, struct py_list *out);

/* A name that is not a keyword into *out, else "expected <what>". */
static int take_name(struct parser *p, const char **out, const char *what)
{
	if (p->tok.type != PY_NAME || pp_is_keyword(p, &p->tok))
		return pp_expected(p, what);
	*out = pp_tok_str(p, &p->tok);
	return pp_advance(p);
}

/*
 * Statements that start with a keyword of tab[i][0] are outside the
 * subset: "unsupported Python construct: <tab[i][1]>".
 */
static int reject_kw(struct parser *p, const char *const (*tab)[2],
		     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pp_is_kw(p, tab[i][0]))
			return pp_unsupported(p, p->tok.off, tab[i][1]);
	return 0;
}

/* ---- simple statements ---- */

static bool at_simple_end(const struct parser *p)
{
	return p->tok.type == PY_NEWLINE || p->tok.type == PY_ENDMARKER ||
	       pp_is_op(p, PYO_SEMI);
}

static int end_simple(struct parser *p)
{
	return at_simple_end(p) ? 0 : pp_expected(p, "end of line");
}

static int parse_dotted(struct parser *p, const char **out, bool allow_dots,
			int *ndots)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc = 0;

	if (ndots)
		*ndots = 0;
	while (allow_dots &&
	       (pp_is_op(p, PYO_DOT) || pp_is_op(p, PYO_ELLIPSIS))) {
		*ndots += pp_is_op(p, PYO_DOT) ? 1 : 3;
		if ((rc = pp_advance(p)) < 0)
			goto out;
	}
	while (p->tok.type == PY_NAME && !pp_is_kw(p, "import")) {
		rt_buf_add(&b, p->lx.src + p->tok.off, p->tok.len);
		if ((rc = pp_advance(p)) < 0 || !pp_is_op(p, PYO_DOT))
			goto out;
		rt_buf_addch(&b, '.');
		if ((rc = pp_advance(p)) < 0)
			goto out;
	}
	if (!b.len && !(ndots && *ndots))
		rc = pp_expected(p, "a module name");
	else if (b.len && b.buf[b.len - 1] == '.')
		rc = pp_expected(p, "a name after '.'");
out:
	*out = arena_strndup(p->a, b.buf, b.len);
	rt_buf_release(&b);
	return rc;
}

static int parse_alias(struct parser *p, struct nodevec *v, bool dotted)
{
	struct py_node *al = pp_node(p, PYN_ALIAS, p->tok.off);
	int rc;

	rc = dotted ? parse_dotted(p, &al->s, false, NULL) :
	     take_name(p, &al->s, "a name to import");
	if (rc < 0)
		return rc;
	if (pp_is_kw(p, "as") && ((rc = pp_advance(p)) < 0 ||
	    (rc = take_name(p, &al->s2, "a name after 'as'")) < 0))
		return rc;
	pp_push(p, v, al);
	return 0;
}

static int parse_import(struct parser *p, struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_IMPORT, p->tok.off);
	struct nodevec v = NODEVEC_INIT;
	bool paren = false;
	int rc;

	if (pp_is_kw(p, "from")) {
		n->kind = PYN_FROM;
		if ((rc = pp_advance(p)) < 0 ||
		    (rc = parse_dotted(p, &n->s, true, &n->op)) < 0)
			return rc;
		if (!pp_is_kw(p, "import"))
			return pp_expected(p, "'import'");
	}
	if ((rc = pp_advance(p)) < 0)
		return rc;
	if (n->kind == PYN_FROM && pp_is_op(p, PYO_STAR)) {
		struct py_node *al = pp_node(p, PYN_ALIAS, p->tok.off);

		al->s = "*";
		pp_push(p, &v, al);
		rc = pp_advance(p);
	} else {
		if (n->kind == PYN_FROM && pp_is_op(p, PYO_LPAR)) {
			paren = true;
			if ((rc = pp_advance(p)) < 0)
				return rc;
		}
		for (;;) {
			rc = parse_alias(p, &v, n->kind == PYN_IMPORT);
			if (rc < 0)
				return rc;
			if (!pp_is_op(p, PYO_COMMA))
				break;
			if ((rc = pp_advance(p)) < 0)
				return rc;
			if (paren && pp_is_op(p, PYO_RPAR))
				break;
		}
		if (paren)
			rc = pp_expect_op(p, PYO_RPAR);
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
	return pp_err(p, t->off, "cannot assign to %s (expected a name, "
		      "attribute, subscript or tuple of them)",
		      pyparse_kind_name(t->kind));
}

static int parse_expr_stmt(struct parser *p, struct py_node **out)
{
	struct py_node *e, *n;
	struct nodevec targets = NODEVEC_INIT;
	int rc;

	if ((rc = pp_exprlist(p, &e, false)) < 0)
		return rc;
	if (pp_is_op(p, PYO_COLON)) {
		n = pp_node(p, PYN_ANNASSIGN, e->off);
		n->a = e;
		if (e->kind != PYN_NAME && e->kind != PYN_ATTR &&
		    e->kind != PYN_SUBSCRIPT)
			return pp_err(p, e->off, "only single target (not %s) "
				      "can be annotated",
				      pyparse_kind_name(e->kind));
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &n->b)) < 0)
			return rc;
		if (pp_is_op(p, PYO_EQUAL) && ((rc = pp_advance(p)) < 0 ||
		    (rc = pp_exprlist(p, &n->c, false)) < 0))
			return rc;
		*out = n;
		return end_simple(p);
	}
	if (p->tok.type == PY_OP && p->tok.op >= PYO_PLUSEQ &&
	    p->tok.op <= PYO_RSHIFTEQ) {
		n = pp_node(p, PYN_AUGASSIGN, e->off);
		n->a = e;
		n->op = p->tok.op;
		if (e->kind != PYN_NAME && e->kind != PYN_ATTR &&
		    e->kind != PYN_SUBSCRIPT)
			return pp_err(p, e->off, "illegal expression for "
				      "augmented assignment (expected a name, "
				      "attribute or subscript)");
		if ((rc = pp_advance(p)) < 0 ||
		    (rc = pp_exprlist(p, &n->b, false)) < 0)
			return rc;
		*out = n;
		return end_simple(p);
	}
	if (!pp_is_op(p, PYO_EQUAL)) {
		n = pp_node(p, PYN_EXPR_STMT, e->off);
		n->a = e;
		*out = n;
		return end_simple(p);
	}
	n = pp_node(p, PYN_ASSIGN, e->off);
	while (pp_is_op(p, PYO_EQUAL)) {
		if ((rc = check_target(p, e)) < 0)
			return rc;
		pp_push(p, &targets, e);
		if ((rc = pp_advance(p)) < 0)
			return rc;
		if (pp_is_kw(p, "yield"))
			return pp_unsupported(p, p->tok.off,
					      "yield expression");
		if ((rc = pp_exprlist(p, &e, false)) < 0)
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

	if (pp_is_kw(p, "pass") || pp_is_kw(p, "break") ||
	    pp_is_kw(p, "continue")) {
		n = pp_node(p, pp_is_kw(p, "pass") ? PYN_PASS :
			    pp_is_kw(p, "break") ? PYN_BREAK : PYN_CONTINUE,
			    p->tok.off);
		*out = n;
		if ((rc = pp_advance(p)) < 0)
			return rc;
		return end_simple(p);
	}
	n = pp_node(p, pp_is_kw(p, "return") ? PYN_RETURN : PYN_RAISE,
		    p->tok.off);
	if ((rc = pp_advance(p)) < 0)
		return rc;
	if (!at_simple_end(p)) {
		rc = n->kind == PYN_RETURN ?
		     pp_exprlist(p, &n->a, false) : pp_test(p, &n->a);
		if (rc < 0)
			return rc;
		if (n->kind == PYN_RAISE && pp_is_kw(p, "from") &&
		    ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &n->b)) < 0))
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
	int rc;

	if ((rc = reject_kw(p, unsup, RT_ARRAY_SIZE(unsup))) < 0)
		return rc;
	if (pp_is_kw(p, "import") || pp_is_kw(p, "from")) {
		rc = parse_import(p, out);
		return rc < 0 ? rc : end_simple(p);
	}
	if (pp_is_kw(p, "pass") || pp_is_kw(p, "break") ||
	    pp_is_kw(p, "continue") || pp_is_kw(p, "return") ||
	    pp_is_kw(p, "raise"))
		return parse_flow(p, out);
	return parse_expr_stmt(p, out);
}

int pp_simple_stmts(struct parser *p, struct nodevec *v)
{
	struct py_node *n = NULL;
	int rc;

	for (;;) {
		if ((rc = parse_small(p, &n)) < 0)
			return rc;
		pp_push(p, v, n);
		if (!pp_is_op(p, PYO_SEMI))
			break;
		if ((rc = pp_advance(p)) < 0)
			return rc;
		if (p->tok.type == PY_NEWLINE || p->tok.type == PY_ENDMARKER)
			break;
	}
	if (p->tok.type == PY_ENDMARKER)
		return 0;
	if (p->tok.type != PY_NEWLINE)
		return pp_expected(p, "end of line");
	return pp_advance(p);
}

/* ---- compound statements ---- */

/* A def's parameter list, and whether a default was seen since '*'. */
struct params {
	struct nodevec v;
	bool seen_def;
};

static int parse_param(struct parser *p, void *payload)
{
	struct params *ps = payload;
	struct py_node *n = pp_node(p, PYN_PARAM, p->tok.off);
	int rc;

	if (pp_is_op(p, PYO_SLASH)) {
		n->op = PYP_SLASH;
		pp_push(p, &ps->v, n);
		return pp_advance(p);
	}
	if (pp_is_op(p, PYO_STAR) || pp_is_op(p, PYO_DSTAR)) {
		n->op = pp_is_op(p, PYO_STAR) ? PYP_STAR_ARGS : PYP_KWARGS;
		if ((rc = pp_advance(p)) < 0)
			return rc;
		ps->seen_def = false;
		if (n->op == PYP_STAR_ARGS &&
		    (pp_is_op(p, PYO_COMMA) || pp_is_op(p, PYO_RPAR))) {
			n->op = PYP_STAR;
			pp_push(p, &ps->v, n);
			return 0;
		}
	}
	if ((rc = take_name(p, &n->s, "a parameter name")) < 0)
		return rc;
	if (pp_is_op(p, PYO_COLON) && ((rc = pp_advance(p)) < 0 ||
				       (rc = pp_test(p, &n->a)) < 0))
		return rc;
	if (pp_is_op(p, PYO_EQUAL) && n->op == PYP_NORMAL) {
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &n->b)) < 0)
			return rc;
		ps->seen_def = true;
	} else if (n->op == PYP_NORMAL && ps->seen_def) {
		return pp_err(p, n->off, "non-default argument follows "
			      "default argument (expected name=default)");
	}
	pp_push(p, &ps->v, n);
	return 0;
}

static int parse_def(struct parser *p, struct py_list decorators,
		     struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_DEF, p->tok.off);
	struct params ps = { NODEVEC_INIT, false };
	int rc;

	if ((rc = pp_advance(p)) < 0 ||
	    (rc = take_name(p, &n->s, "a function name")) < 0 ||
	    (rc = pp_expect_op(p, PYO_LPAR)) < 0 ||
	    (rc = pp_items(p, PYO_RPAR, parse_param, &ps)) < 0)
		return rc;
	if (pp_is_op(p, PYO_RARROW) && ((rc = pp_advance(p)) < 0 ||
					(rc = pp_test(p, &n->a)) < 0))
		return rc;
	n->kids = ps.v.l;
	n->kids3 = decorators;
	*out = n;
	return parse_block(p, &n->kids2);
}

static int parse_with(struct parser *p, struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_WITH, p->tok.off), *it;
	struct nodevec items = NODEVEC_INIT;
	int rc;

	if ((rc = pp_advance(p)) < 0)
		return rc;
	for (;;) {
		it = pp_node(p, PYN_WITHITEM, p->tok.off);
		if ((rc = pp_test(p, &it->a)) < 0)
			return rc;
		if (pp_is_kw(p, "as")) {
			if ((rc = pp_advance(p)) < 0 ||
			    (rc = pp_primary(p, &it->b)) < 0 ||
			    (rc = check_target(p, it->b)) < 0)
				return rc;
		}
		pp_push(p, &items, it);
		if (!pp_is_op(p, PYO_COMMA))
			break;
		if ((rc = pp_advance(p)) < 0)
			return rc;
	}
	n->kids = items.l;
	*out = n;
	return parse_block(p, &n->kids2);
}

static int parse_else(struct parser *p, struct py_list *out)
{
	if (!pp_is_kw(p, "else"))
		return 0;
	if (pp_advance(p) < 0)
		return RT_ESYNTAX;
	return parse_block(p, out);
}

static int parse_for(struct parser *p, struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_FOR, p->tok.off);
	int rc;

	if ((rc = pp_advance(p)) < 0 ||
	    (rc = pp_exprlist(p, &n->a, true)) < 0 ||
	    (rc = check_target(p, n->a)) < 0)
		return rc;
	if (!pp_is_kw(p, "in"))
		return pp_expected(p, "'in'");
	if ((rc = pp_advance(p)) < 0 ||
	    (rc = pp_exprlist(p, &n->b, false)) < 0 ||
	    (rc = parse_block(p, &n->kids2)) < 0)
		return rc;
	*out = n;
	return parse_else(p, &n->kids3);
}

static int parse_if(struct parser *p, struct py_node **out)
{
	struct py_node *n = pp_node(p, PYN_IF, p->tok.off), *elif;
	int rc;

	if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &n->a)) < 0 ||
	    (rc = parse_block(p, &n->kids2)) < 0)
		return rc;
	*out = n;
	if (pp_is_kw(p, "elif")) {
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
	struct nodevec decs = NODEVEC_INIT;
	struct py_node *d;
	int rc;

	while (pp_is_op(p, PYO_AT)) {
		if ((rc = pp_advance(p)) < 0 || (rc = pp_test(p, &d)) < 0)
			return rc;
		if (p->tok.type != PY_NEWLINE)
			return pp_expected(p, "end of line after the "
					   "decorator");
		if ((rc = pp_advance(p)) < 0)
			return rc;
		pp_push(p, &decs, d);
	}
	if (!pp_is_kw(p, "def"))
		return pp_is_kw(p, "class") ?
		       pp_unsupported(p, p->tok.off, "class definition") :
		       pp_expected(p, "'def' after the decorators");
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
	int rc;

	*handled = true;
	if (pp_is_kw(p, "def"))
		return parse_def(p, none, out);
	if (pp_is_kw(p, "if"))
		return parse_if(p, out);
	if (pp_is_kw(p, "for"))
		return parse_for(p, out);
	if (pp_is_kw(p, "with"))
		return parse_with(p, out);
	if (pp_is_op(p, PYO_AT))
		return parse_decorated(p, out);
	if ((rc = reject_kw(p, unsup, RT_ARRAY_SIZE(unsup))) < 0)
		return rc;
	*handled = false;
	return 0;
}

static int parse_stmt(struct parser *p, struct nodevec *v)
{
	struct py_node *n = NULL;
	bool handled;
	int rc;

	if (p->tok.type == PY_INDENT)
		return pp_err(p, p->tok.off + p->tok.len, "unexpected indent "
			      "(expected a statement at the enclosing block's "
			      "indentation)");
	if (pp_is_kw(p, "else") || pp_is_kw(p, "elif"))
		return pp_expected(p, "a statement");
	if ((rc = parse_compound(p, &n, &handled)) < 0)
		return rc;
	if (handled) {
		pp_push(p, v, n);
		return 0;
	}
	return pp_simple_stmts(p, v);
}

/* ':' (simple_stmts | NEWLINE INDENT stmt+ DEDENT) */
static int parse_block(struct parser *p, struct py_list *out)
{
	struct nodevec v = NODEVEC_INIT;
	int rc;

	if ((rc = pp_expect_op(p, PYO_COLON)) < 0)
		return rc;
	if (p->tok.type != PY_NEWLINE) {
		rc = pp_simple_stmts(p, &v);
		*out = v.l;
		return rc;
	}
	if ((rc = pp_advance(p)) < 0)
		return rc;
	if (p->tok.type != PY_INDENT)
		return pp_expected(p, "an indented block");
	if ((rc = pp_advance(p)) < 0)
		return rc;
	while (p->tok.type != PY_DEDENT && p->tok.type != PY_ENDMARKER)
		if ((rc = parse_stmt(p, &v)) < 0)
			return rc;
	*out = v.l;
	return p->tok.type == PY_DEDENT ? pp_advance(p) : 0;
}

/* ---- modules ---- */

void pp_docstring(const struct py_node *first, const char **doc,
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
	struct nodevec v = NODEVEC_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	out->file = file;
	out->src = src;
	out->len = len;
	if ((rc = pp_start(&p, a, file, src, len, err)) < 0)
		return rc;
	while (p.tok.type != PY_ENDMARKER) {
		if (p.tok.type == PY_DEDENT || p.tok.type == PY_NEWLINE) {
			if ((rc = pp_advance(&p)) < 0)
				return rc;
			continue;
		}
		if ((rc = parse_stmt(&p, &v)) < 0)
			return rc;
	}
	out->body = v.l;
	pp_docstring(v.l.n ? v.l.v[0] : NULL, &out->doc, &out->doclen);
	return 0;
}

