/*
 * pyheader.c: the header mode of history/heads (spec rules 3.1, 3.2,
 * 3.8): the module's top-level statements only, compound-statement
 * bodies skipped by tokens, header names checked to be bound to literals.
 */
#include "pyparse_int.h"

const char *const pyparse_header_names[PYH__COUNT] = {
	"revision", "down_revision", "branch_labels", "depends_on",
};

/* The index of the header name s[0, n), or -1. */
static int header_lookup(const char *s, size_t n)
{
	int i;

	/* The first byte rules out most names without a strlen(). */
	for (i = 0; i < PYH__COUNT; i++)
		if (n && s[0] == pyparse_header_names[i][0] &&
		    strlen(pyparse_header_names[i]) == n &&
		    !memcmp(s, pyparse_header_names[i], n))
			return i;
	return -1;
}

/* The header name that the token t or the node n is, or -1. */
static int header_index(const struct parser *p, const struct py_token *t)
{
	if (t->type != PY_NAME)
		return -1;
	return header_lookup(p->lx.src + t->off, t->len);
}

static int node_header(const struct py_node *n)
{
	return n->kind == PYN_NAME ? header_lookup(n->s, strlen(n->s)) : -1;
}

/*
 * The header name at the current token when '=' or ':' follows it
 * (an assignment), else -1.
 */
static int header_target(struct parser *p, int *out)
{
	struct py_token *nx;
	int rc;

	if ((*out = header_index(p, &p->tok)) < 0)
		return 0;
	if ((rc = pp_peek(p, &nx)) < 0)
		return rc;
	if (!(nx->type == PY_OP && (nx->op == PYO_EQUAL ||
				    nx->op == PYO_COLON)))
		*out = -1;
	return 0;
}

/* What header h must be bound to (rule 3.2), for messages. */
static const char *header_expect(int h)
{
	return h == PYH_REVISION ? "a string" :
	       "a string, a tuple or list of strings, or None";
}

static int header_type_err(struct parser *p, int h, size_t off)
{
	return pp_err(p, off, "%s must be %s", pyparse_header_names[h],
		      header_expect(h));
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
	int rc;

	if (t->kind == PYN_STARRED)
		return header_unpack(p, t->a);
	if (node_header(t) >= 0)
		return pp_err(p, t->off, "%s must be assigned on its own "
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

		len = strcspn(bound, ".");
		if (header_lookup(bound, len) >= 0)
			return pp_err(p, al->off, "%.*s must be assigned a "
				      "literal, not imported", (int)len, bound);
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

			if ((h = node_header(t)) >= 0)
				rc = header_set(p, out, h, t, n->a);
			else
				rc = header_unpack(p, t);
			if (rc < 0)
				return rc;
		}
		return 0;
	case PYN_ANNASSIGN:
		if (n->c && (h = node_header(n->a)) >= 0)
			return header_set(p, out, h, n->a, n->c);
		return 0;
	case PYN_AUGASSIGN:
		if (node_header(n->a) >= 0)
			return pp_err(p, n->a->off, "%s must be assigned a "
				      "literal (expected `%s = <literal>`, "
				      "not augmented assignment)", n->a->s,
				      n->a->s);
		return 0;
	case PYN_IMPORT:
	case PYN_FROM:
		return header_import(p, n);
	default:
		return 0;
	}
}

static int header_stmts(struct parser *p, struct py_header *out,
			const struct py_list *l)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++)
		if ((rc = header_stmt(p, out, l->v[i])) < 0)
			return rc;
	return 0;
}

/*
 * In tokens that are skipped, a header name at the start of a statement
 * followed by '=' or ':' is an assignment Alembic would execute.
 */
static int skipped_check(struct parser *p, bool stmt_start)
{
	int h, rc;

	if (!stmt_start)
		return 0;
	if ((rc = header_target(p, &h)) < 0)
		return rc;
	if (h >= 0)
		return pp_err(p, p->tok.off, "%s must be assigned at the top "
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
			if ((rc = pp_advance(p)) < 0)
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
				return pp_advance(p);
			break;
		default:
			break;
		}
		stmt_start = starts_stmt(&p->tok);
		if ((rc = pp_advance(p)) < 0)
			return rc;
	}
}

/*
 * A def, class or decorator line and its body: nothing in it runs at
 * import time, so the lexer skips it without tokens when it can vouch
 * for it (pylex_skip_block), else skip_tokens() finds the error.
 */
static int skip_def(struct parser *p)
{
	if (!p->has_peek && pylex_skip_block(&p->lx))
		return pp_advance(p);
	return skip_tokens(p, false, false);
}

static bool is_compound_kw(const struct parser *p, bool *runs)
{
	static const char *const kws[] = {
		"if", "elif", "else", "for", "while", "with", "try",
		"except", "finally", "async",
	};
	size_t i;

	*runs = false;
	if (pp_is_kw(p, "def") || pp_is_kw(p, "class") || pp_is_op(p, PYO_AT))
		return true;
	*runs = true;
	for (i = 0; i < RT_ARRAY_SIZE(kws); i++)
		if (pp_is_kw(p, kws[i]))
			return true;
	return false;
}

static void err_move(struct rt_err *to, const struct rt_err *from)
{
	if (to && !to->code)
		rt_errf(to, from->code, &from->loc, "%s", from->msg);
}

/* ---- the common lines, straight from the tokens ---- */

/*
 * The current token as a node of kind k (a name's text in s), then the
 * next token; NULL if that fails.  Errors are not reported here (the
 * caller falls back to the statement parser, which reports them).
 */
static struct py_node *fast_take(struct parser *p, enum py_kind k)
{
	struct py_node *n = pp_node(p, k, p->tok.off);

	if (k == PYN_NAME || k == PYN_ALIAS)
		n->s = pp_tok_str(p, &p->tok);
	if (k == PYN_NAME)
		n->slen = p->tok.len;
	return pp_advance(p) < 0 ? NULL : n;
}

/* A name that is not a keyword, as a node of kind k. */
static struct py_node *fast_name(struct parser *p, enum py_kind k)
{
	if (p->tok.type != PY_NAME || pp_is_keyword(p, &p->tok))
		return NULL;
	return fast_take(p, k);
}

/* `None`, or one str literal that is not an f-string. */
static struct py_node *fast_value(struct parser *p)
{
	struct py_token t = p->tok;
	struct py_node *n;
	size_t off, len;
	unsigned flags;
	bool bytes;

	if (pp_is_kw(p, "None"))
		return fast_take(p, PYN_NONE);
	if (t.type != PY_STRING)
		return NULL;
	pylex_str_parts(&flags, &off, &len, p->lx.src, &t);
	if (flags & (PYSTR_F | PYSTR_BYTES))
		return NULL;
	n = pp_node(p, PYN_STR, t.off);
	if (pylex_str_value(&n->s, &n->slen, &bytes, p->a, &p->lx, &t, 1,
			    NULL) < 0 || pp_advance(p) < 0 ||
	    p->tok.type == PY_STRING)
		return NULL;
	return n;
}

/* import NAME [as NAME] | from NAME import NAME [as NAME] */
static struct py_node *fast_import(struct parser *p)
{
	struct nodevec v = NODEVEC_INIT;
	bool from = pp_is_kw(p, "from");
	struct py_node *n = fast_take(p, from ? PYN_FROM : PYN_IMPORT), *al;

	if (!n)
		return NULL;
	if (from) {
		if (!(al = fast_name(p, PYN_NAME)) || !pp_is_kw(p, "import") ||
		    pp_advance(p) < 0)
			return NULL;
		n->s = al->s;
	}
	if (!(al = fast_name(p, PYN_ALIAS)))
		return NULL;
	if (pp_is_kw(p, "as")) {
		struct py_node *as;

		if (pp_advance(p) < 0 || !(as = fast_name(p, PYN_NAME)))
			return NULL;
		al->s2 = as->s;
	}
	pp_push(p, &v, al);
	n->kids = v.l;
	return n;
}

/* The statement of a fast line, before its NEWLINE. */
static struct py_node *fast_stmt(struct parser *p)
{
	struct nodevec targets = NODEVEC_INIT;
	struct py_node *n, *t;

	if (pp_is_kw(p, "import") || pp_is_kw(p, "from"))
		return fast_import(p);
	if (p->tok.type == PY_STRING) {
		n = pp_node(p, PYN_EXPR_STMT, p->tok.off);
		return (n->a = fast_value(p)) ? n : NULL;
	}
	if (!(t = fast_name(p, PYN_NAME)) || !pp_is_op(p, PYO_EQUAL) ||
	    pp_advance(p) < 0)
		return NULL;
	n = pp_node(p, PYN_ASSIGN, t->off);
	pp_push(p, &targets, t);
	n->kids = targets.l;
	return (n->a = fast_value(p)) ? n : NULL;
}

/*
 * The commonest header lines (`name = 'text'`, `name = None`, a lone
 * string such as the docstring, `import a [as b]`, `from a import b [as
 * c]`) read straight from the tokens, as the statement parser would read
 * them (it costs several times more).  NULL when the line is anything
 * else (or has an error): p is then as it was.
 */
static struct py_node *fast_line(struct parser *p)
{
	struct parser save = *p;
	struct py_node *n;

	p->err = NULL;
	n = fast_stmt(p);
	if (n && p->tok.type == PY_NEWLINE && pp_advance(p) == 0) {
		p->err = save.err;
		return n;
	}
	*p = save;
	return NULL;
}

/* One top-level simple-statement line in header mode. */
static int header_line(struct parser *p, struct py_header *out, bool first,
		       struct rt_err *err)
{
	struct rt_err tmp;
	struct nodevec v = NODEVEC_INIT;
	struct py_node *n;
	int h, rc;

	/* Not RT_ERR_INIT: zeroing its 2.5 KB per statement shows. */
	tmp.code = 0;
	tmp.loc = (struct rt_loc){ NULL, 0, 0 };
	tmp.msg[0] = tmp.file[0] = tmp.sqlstate[0] = '\0';
	if ((rc = header_target(p, &h)) < 0)
		return rc;
	if ((n = fast_line(p))) {
		pp_push(p, &v, n);
		goto done;
	}
	p->err = &tmp;
	p->unsupported = false;
	rc = pp_simple_stmts(p, &v);
	p->err = err;
	if (rc < 0) {
		if (p->lexerr || (h >= 0 && !p->unsupported)) {
			err_move(err, &tmp);
			return rc;
		}
		if (h >= 0)
			return rt_errf(err, RT_ESYNTAX, &tmp.loc, "%s must be "
				       "%s (found %s)", pyparse_header_names[h],
				       header_expect(h),
				       tmp.msg + strlen("unsupported Python "
							"construct: "));
		/* Outside the subset and not a header: skip it. */
		if ((rc = header_stmts(p, out, &v.l)) < 0)
			return rc;
		return skip_tokens(p, true, starts_stmt(&p->tok));
	}
done:
	if (first && v.l.n)
		pp_docstring(v.l.v[0], &out->doc, &out->doclen);
	return header_stmts(p, out, &v.l);
}

int pyparse_header(struct py_header *out, struct rt_arena *a,
		   const char *file, const char *src, size_t len,
		   struct rt_err *err)
{
	struct parser p;
	bool first = true, runs;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pp_start(&p, a, file, src, len, err)) < 0)
		return rc;
	while (p.tok.type != PY_ENDMARKER) {
		if (p.tok.type == PY_NEWLINE || p.tok.type == PY_DEDENT) {
			rc = pp_advance(&p);
		} else if (p.tok.type == PY_INDENT) {
			rc = pp_err(&p, p.tok.off + p.tok.len,
				    "unexpected indent (expected a statement "
				    "at column 1)");
		} else if (is_compound_kw(&p, &runs)) {
			rc = runs ? skip_tokens(&p, true, false) :
			     skip_def(&p);
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

