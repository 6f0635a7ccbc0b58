/*
 * revscript.c: turns a revision file into the SQL statements of its
 * upgrade and downgrade: interprets the op.execute() subset of .py bodies
 * (spec rule 12.1 (a)) and splits the sections of .sql files.
 */
#include "revscript.h"

#include <ctype.h>
#include <strings.h>

#include "pyparse.h"
#include "strmap.h"

#define UNSUPPORTED_HINT "retort runs op.execute() with literal SQL; the " \
	"full op.* subset comes later"

/* The .py interpreter's state. */
struct pyrun {
	const struct rev_file *f;
	struct rt_arena *a;
	struct rt_err *err;
	struct strmap names;	/* module name -> "sqlalchemy.text"; "" when
				 * bound to something else */
	struct rev_body *body;
	size_t alloc;
	const char *fn;		/* "upgrade" or "downgrade" */
	bool autocommit;
};

static struct rt_loc py_loc(const struct pyrun *r, size_t off)
{
	return rt_loc_at(r->f->path, r->f->src, off);
}

static int unsupported(struct pyrun *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int unsupported(struct pyrun *r, size_t off, const char *fmt, ...)
{
	struct rt_loc loc = py_loc(r, off);
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rt_errf(r->err, RT_ENOTIMPL, &loc, "unsupported in a revision "
		       "body: %s (" UNSUPPORTED_HINT ")", what);
}

/* ---- names bound by the module ---- */

static void bind_name(struct pyrun *r, const char *name, const char *qual)
{
	strmap_put(&r->names, name, (void *)qual);
}

/* import a.b.c (binds a), import a.b as x (binds x to a.b). */
static void bind_import(struct pyrun *r, const struct py_node *st)
{
	size_t i;

	for (i = 0; i < st->kids.n; i++) {
		const struct py_node *al = st->kids.v[i];
		const char *dot = strchr(al->s, '.');

		if (al->s2)
			bind_name(r, al->s2, al->s);
		else if (dot)
			bind_name(r, arena_strndup(r->a, al->s, dot - al->s),
				  arena_strndup(r->a, al->s, dot - al->s));
		else
			bind_name(r, al->s, al->s);
	}
}

/* from m import x [as y]; relative modules never match ("." prefix). */
static void bind_from(struct pyrun *r, const struct py_node *st)
{
	const char *mod = st->op ? arena_printf(r->a, ".%s", st->s) : st->s;
	size_t i;

	for (i = 0; i < st->kids.n; i++) {
		const struct py_node *al = st->kids.v[i];

		if (strcmp(al->s, "*"))
			bind_name(r, al->s2 ? al->s2 : al->s,
				  arena_printf(r->a, "%s.%s", mod, al->s));
	}
}

/* Names bound by assignment targets: no longer what an import said. */
static void shadow_target(struct pyrun *r, const struct py_node *t)
{
	size_t i;

	if (!t)
		return;
	if (t->kind == PYN_NAME)
		bind_name(r, t->s, "");
	if (t->kind == PYN_TUPLE || t->kind == PYN_LIST)
		for (i = 0; i < t->kids.n; i++)
			shadow_target(r, t->kids.v[i]);
	if (t->kind == PYN_STARRED)
		shadow_target(r, t->a);
}

static void shadow_block(struct pyrun *r, const struct py_list *l);

/*
 * A top-level statement.  Inside a compound statement every binding is
 * conditional, so it only shadows (rebinds to "").
 */
static void bind_stmt(struct pyrun *r, const struct py_node *st, bool top)
{
	size_t i;

	switch (st->kind) {
	case PYN_IMPORT:
	case PYN_FROM:
		if (top) {
			if (st->kind == PYN_IMPORT)
				bind_import(r, st);
			else
				bind_from(r, st);
			return;
		}
		for (i = 0; i < st->kids.n; i++) {
			const struct py_node *al = st->kids.v[i];
			const char *dot = strchr(al->s, '.');

			if (al->s2)
				bind_name(r, al->s2, "");
			else if (strcmp(al->s, "*"))
				bind_name(r, dot ? arena_strndup(r->a, al->s,
								 dot - al->s) :
					  al->s, "");
		}
		return;
	case PYN_DEF:
		bind_name(r, st->s, "");
		return;
	case PYN_ASSIGN:
		for (i = 0; i < st->kids.n; i++)
			shadow_target(r, st->kids.v[i]);
		return;
	case PYN_ANNASSIGN:
	case PYN_AUGASSIGN:
		shadow_target(r, st->a);
		return;
	case PYN_FOR:
		shadow_target(r, st->a);
		break;
	case PYN_WITH:
		for (i = 0; i < st->kids.n; i++)
			shadow_target(r, st->kids.v[i]->b);
		break;
	default:
		break;
	}
	shadow_block(r, &st->kids2);
	shadow_block(r, &st->kids3);
}

static void shadow_block(struct pyrun *r, const struct py_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		bind_stmt(r, l->v[i], false);
}

/* The qualified name an expression stands for ("alembic.op.execute"). */
static const char *resolve(struct pyrun *r, const struct py_node *n)
{
	const char *q;

	if (n->kind == PYN_NAME) {
		q = strmap_get(&r->names, n->s);
		return q && *q ? q : NULL;
	}
	if (n->kind == PYN_ATTR && (q = resolve(r, n->a)))
		return arena_printf(r->a, "%s.%s", q, n->s);
	return NULL;
}

static bool resolves_to(struct pyrun *r, const struct py_node *n,
			const char *qual)
{
	const char *q = resolve(r, n);

	return q && !strcmp(q, qual);
}

/* A dotted name as written ("op.create_table"), or NULL. */
static const char *spelled(struct pyrun *r, const struct py_node *n)
{
	const char *q;

	if (n->kind == PYN_NAME)
		return n->s;
	if (n->kind == PYN_ATTR && (q = spelled(r, n->a)))
		return arena_printf(r->a, "%s.%s", q, n->s);
	return NULL;
}

/* ---- op.execute() ---- */

static bool is_text_func(struct pyrun *r, const struct py_node *callee)
{
	static const char *const texts[] = {
		"sqlalchemy.text", "sqlalchemy.sql.text",
		"sqlalchemy.sql.expression.text",
	};
	const char *q = resolve(r, callee);
	size_t i;

	for (i = 0; q && i < RT_ARRAY_SIZE(texts); i++)
		if (!strcmp(q, texts[i]))
			return true;
	return false;
}

/* Why arg is not literal SQL, for the message. */
static const char *describe_arg(struct pyrun *r, const struct py_node *arg)
{
	const char *name;

	switch (arg->kind) {
	case PYN_FSTRING:
		return "an f-string";
	case PYN_BYTES:
		return "a bytes literal";
	case PYN_NAME:
		return arena_printf(r->a, "a variable (%s)", arg->s);
	case PYN_BINOP:
		if (arg->op == PYO_PERCENT)
			return "'%' string formatting";
		return arena_printf(r->a, "an expression ('%s')",
				    pylex_op_str(arg->op));
	case PYN_CALL:
		if (arg->a->kind == PYN_ATTR && !strcmp(arg->a->s, "format"))
			return "a .format() call";
		if ((name = spelled(r, arg->a)))
			return arena_printf(r->a, "%s()", name);
		return "a function call";
	default:
		return arena_printf(r->a, "a %s", pyparse_kind_name(arg->kind));
	}
}

/* The one positional argument of call, named fn in messages. */
static int one_arg(const struct py_node **out, struct pyrun *r,
		   const struct py_node *call, const char *fn)
{
	if (call->kids2.n)
		return unsupported(r, call->kids2.v[0]->off, "%s() with "
				   "keyword arguments", fn);
	if (call->kids.n != 1)
		return unsupported(r, call->off, "%s() with %zu arguments "
				   "(expected one string literal)", fn,
				   call->kids.n);
	*out = call->kids.v[0];
	return 0;
}

static void add_stmt(struct pyrun *r, const struct py_node *str)
{
	struct rev_body *b = r->body;

	RT_ALLOC_GROW(b->stmts, b->n + 1, r->alloc);
	b->stmts[b->n++] = (struct rev_stmt){
		.sql = str->s,
		.loc = py_loc(r, str->off),
		.is_text = true,
		.autocommit = r->autocommit,
	};
}

/* op.execute(<str>) or op.execute(<text>(<str>)). */
static int op_execute(struct pyrun *r, const struct py_node *call)
{
	const struct py_node *arg = NULL;
	const char *fn = spelled(r, call->a);
	int rc;

	if ((rc = one_arg(&arg, r, call, fn)) < 0)
		return rc;
	if (arg->kind == PYN_CALL && is_text_func(r, arg->a)) {
		fn = spelled(r, arg->a);
		if ((rc = one_arg(&arg, r, arg, fn)) < 0)
			return rc;
	}
	if (arg->kind != PYN_STR)
		return unsupported(r, arg->off, "%s() of %s", fn,
				   describe_arg(r, arg));
	if (strlen(arg->s) != arg->slen)
		return unsupported(r, arg->off, "SQL text with a NUL "
				   "character");
	add_stmt(r, arg);
	return 0;
}

/* ---- bodies ---- */

static int run_block(struct pyrun *r, const struct py_list *l, bool top);

/* with op.get_context().autocommit_block(): */
static bool is_autocommit_item(struct pyrun *r, const struct py_node *it)
{
	const struct py_node *c = it->a, *ctx;

	if (c->kind != PYN_CALL || c->kids.n || c->kids2.n ||
	    c->a->kind != PYN_ATTR || strcmp(c->a->s, "autocommit_block"))
		return false;
	ctx = c->a->a;
	return ctx->kind == PYN_CALL && !ctx->kids.n && !ctx->kids2.n &&
	       resolves_to(r, ctx->a, "alembic.op.get_context");
}

static int run_with(struct pyrun *r, const struct py_node *st)
{
	int rc;

	if (st->kids.n != 1 || !is_autocommit_item(r, st->kids.v[0])) {
		const struct py_node *e = st->kids.v[0]->a;
		const char *name = e->kind == PYN_CALL ? spelled(r, e->a) :
				   NULL;

		return unsupported(r, st->off, "with %s%s", name ? name :
				   "statement", name ? "()" : "");
	}
	if (r->autocommit)
		return unsupported(r, st->off, "autocommit_block() inside "
				   "autocommit_block()");
	r->autocommit = true;
	rc = run_block(r, &st->kids2, false);
	r->autocommit = false;
	return rc;
}

/* raise [X | X("literal")]: the body fails when it runs. */
static void run_raise(struct pyrun *r, const struct py_node *st)
{
	const struct py_node *e = st->a;
	struct rev_body *b = r->body;

	b->irreversible = true;
	b->raise_loc = py_loc(r, st->off);
	if (!e) {
		b->raise_exc = "RuntimeError";
		b->raise_msg = "No active exception to reraise";
		return;
	}
	if (e->kind != PYN_CALL) {
		b->raise_exc = spelled(r, e);
		return;
	}
	b->raise_exc = spelled(r, e->a);
	if (e->kids.n == 1 && !e->kids2.n && e->kids.v[0]->kind == PYN_STR)
		b->raise_msg = e->kids.v[0]->s;
}

static int run_expr(struct pyrun *r, const struct py_node *st)
{
	const struct py_node *e = st->a;
	const char *name;

	if (e->kind == PYN_STR || e->kind == PYN_ELLIPSIS)
		return 0;	/* a docstring or `...` */
	if (e->kind == PYN_CALL && resolves_to(r, e->a, "alembic.op.execute"))
		return op_execute(r, e);
	if (e->kind == PYN_CALL && e->a->kind == PYN_ATTR &&
	    !strcmp(e->a->s, "execute") && e->a->a->kind == PYN_NAME &&
	    !resolves_to(r, e->a->a, "alembic.op"))
		return unsupported(r, e->off, "%s.execute() where '%s' is not "
				   "alembic's op (expected 'from alembic "
				   "import op')", e->a->a->s, e->a->a->s);
	if (e->kind == PYN_CALL && (name = spelled(r, e->a)))
		return unsupported(r, e->off, "%s()", name);
	return unsupported(r, e->off, "%s", describe_arg(r, e));
}

static int run_stmt(struct pyrun *r, const struct py_node *st, bool last,
		    bool top)
{
	switch (st->kind) {
	case PYN_PASS:
		return 0;
	case PYN_EXPR_STMT:
		return run_expr(r, st);
	case PYN_WITH:
		return run_with(r, st);
	case PYN_RAISE:
		if (!last || !top)
			break;
		run_raise(r, st);
		return 0;
	case PYN_RETURN:
		if (!last || !top || (st->a && st->a->kind != PYN_NONE))
			break;
		return 0;
	default:
		break;
	}
	if (st->kind == PYN_RETURN && st->a && st->a->kind != PYN_NONE)
		return unsupported(r, st->off, "return with a value");
	if (st->kind == PYN_RAISE || st->kind == PYN_RETURN)
		return unsupported(r, st->off, "%s before the end of %s()",
				   pyparse_kind_name(st->kind), r->fn);
	return unsupported(r, st->off, "%s", pyparse_kind_name(st->kind));
}

static int run_block(struct pyrun *r, const struct py_list *l, bool top)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++)
		if ((rc = run_stmt(r, l->v[i], i + 1 == l->n, top)) < 0)
			return rc;
	return 0;
}

static int run_def(struct pyrun *r, struct rev_body *b,
		   const struct py_node *def)
{
	int rc;

	r->body = b;
	r->alloc = 0;
	r->fn = def->s;
	if (def->kids3.n)
		return unsupported(r, def->kids3.v[0]->off, "a decorated "
				   "%s()", def->s);
	if (def->kids.n)
		return unsupported(r, def->kids.v[0]->off, "%s() with "
				   "parameters (the multidb template's "
				   "engine_name)", def->s);
	rc = run_block(r, &def->kids2, true);
	if (b->n) {	/* from the heap into the arena */
		struct rev_stmt *heap = b->stmts;

		b->stmts = arena_memdup(r->a, heap, b->n * sizeof(*heap));
		free(heap);
	}
	return rc;
}

/* Alembic's module name for the file: re.sub(r"\W", "_", filename). */
static const char *module_name(struct rt_arena *a, const char *name)
{
	char *mod = arena_strdup(a, name), *p;

	for (p = mod; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' ||
		      (unsigned char)*p >= 0x80))
			*p = '_';
	return mod;
}

static int load_py_defs(struct rev_script *out, struct pyrun *r,
			const struct py_module *m)
{
	const struct py_node *up = NULL, *down = NULL, *st;
	struct rt_loc loc = { r->f->path, 0, 0 };
	size_t i;
	int rc;

	for (i = 0; i < m->body.n; i++) {
		st = m->body.v[i];
		if (st->kind == PYN_DEF && !strcmp(st->s, "upgrade"))
			up = st;
		if (st->kind == PYN_DEF && !strcmp(st->s, "downgrade"))
			down = st;
	}
	if (!up)
		return rt_errf(r->err, RT_ESYNTAX, &loc, "no upgrade() "
			       "function (expected 'def upgrade():' at the "
			       "top level of the module)");
	if ((rc = run_def(r, &out->up, up)) < 0)
		return rc;
	if (!down) {
		out->down.irreversible = true;
		out->down.raise_loc = loc;
		out->down.raise_exc = "AttributeError";
		out->down.raise_msg = arena_printf(r->a, "module '%s' has no "
						   "attribute 'downgrade'",
						   module_name(r->a,
							       r->f->name));
		return 0;
	}
	return run_def(r, &out->down, down);
}

static int load_py(struct rev_script *out, struct rt_arena *a,
		   const struct rev_file *f, struct rt_err *err)
{
	struct py_module m;
	struct pyrun r;
	size_t i;
	int rc;

	rc = pyparse_module(&m, a, f->path, f->src, f->srclen, err);
	if (rc < 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.f = f;
	r.a = a;
	r.err = err;
	strmap_init(&r.names);
	for (i = 0; i < m.body.n; i++)
		bind_stmt(&r, m.body.v[i], true);
	rc = load_py_defs(out, &r, &m);
	strmap_release(&r.names);
	return rc;
}

/* ---- .sql ---- */

/* "-- transaction: none" among the lines before the first section. */
static int sql_transaction(bool *autocommit, const struct rev_file *f,
			   struct rt_err *err)
{
	size_t end = f->srclen, p, e, k, v;
	const char *s = f->src;

	*autocommit = false;
	if (f->sql_up.present && f->sql_up.off < end)
		end = f->sql_up.off;
	if (f->sql_down.present && f->sql_down.off < end)
		end = f->sql_down.off;
	for (p = 0; p < end; p = e + 1) {
		const char *nl = memchr(s + p, '\n', end - p);

		e = nl ? (size_t)(nl - s) : end;
		for (k = p; k < e && isspace((unsigned char)s[k]); k++)
			;
		if (e - k < 2 || s[k] != '-' || s[k + 1] != '-')
			continue;
		for (k += 2; k < e && isblank((unsigned char)s[k]); k++)
			;
		if (e - k < 11 || strncasecmp(s + k, "transaction", 11))
			continue;
		for (v = k + 11; v < e && isblank((unsigned char)s[v]); v++)
			;
		if (v == e || s[v] != ':')
			continue;
		for (v++; v < e && isblank((unsigned char)s[v]); v++)
			;
		for (k = e; k > v && isspace((unsigned char)s[k - 1]); k--)
			;
		if (k - v == 4 && !strncasecmp(s + v, "none", 4)) {
			*autocommit = true;
		} else {
			struct rt_loc loc = rt_loc_at(f->path, s, v);

			return rt_errf(err, RT_ESYNTAX, &loc, "unknown "
				       "transaction mode '%.*s' (expected "
				       "'-- transaction: none')",
				       (int)(k - v), s + v);
		}
	}
	return 0;
}

static int load_section(struct rev_body *b, struct rt_arena *a,
			const struct rev_file *f,
			const struct rev_sql_section *sec, bool autocommit,
			unsigned flags, struct rt_err *err)
{
	struct sqlsplit_stmt *v;
	size_t n, i;
	int rc;

	rc = sqlsplit(&v, &n, a, f->path, f->src, sec->off,
		      sec->off + sec->len, sec->line, 1, flags, err);
	if (rc < 0)
		return rc;
	b->stmts = n ? arena_alloc(a, n * sizeof(*b->stmts)) : NULL;
	b->n = n;
	for (i = 0; i < n; i++)
		b->stmts[i] = (struct rev_stmt){
			.sql = arena_strndup(a, f->src + v[i].off, v[i].len),
			.loc = { f->path, v[i].line, v[i].col },
			.is_text = false,
			.autocommit = autocommit,
		};
	return 0;
}

static int load_sql(struct rev_script *out, struct rt_arena *a,
		    const struct rev_file *f, unsigned flags,
		    struct rt_err *err)
{
	struct rt_loc loc = { f->path, 0, 0 };
	bool autocommit;
	int rc;

	if ((rc = sql_transaction(&autocommit, f, err)) < 0)
		return rc;
	if (!f->sql_up.present)
		return rt_errf(err, RT_ESYNTAX, &loc, "no upgrade section "
			       "(expected a '-- upgrade' line before the "
			       "upgrade SQL)");
	rc = load_section(&out->up, a, f, &f->sql_up, autocommit, flags,
			  err);
	if (rc < 0)
		return rc;
	if (!f->sql_down.present) {
		out->down.irreversible = true;
		out->down.raise_loc = loc;
		out->down.raise_msg = "no downgrade section in this revision "
				      "file";
		return 0;
	}
	return load_section(&out->down, a, f, &f->sql_down, autocommit,
			    flags, err);
}

int revscript_load(struct rev_script *out, struct rt_arena *a,
		   const struct rev_file *f, unsigned split_flags,
		   struct rt_err *err)
{
	struct rt_loc loc = { f->path, 0, 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	/* script_dir_load() keeps headers only: read the body now. */
	if ((rc = rev_file_source(&f, a, f, err)) < 0)
		return rc;
	switch (f->kind) {
	case REV_PY:
		return load_py(out, a, f, err);
	case REV_SQL:
		return load_sql(out, a, f, split_flags, err);
	default:
		return rt_errf(err, RT_ENOTIMPL, &loc, "this kind of revision "
			       "file has no runnable body yet (expected .py "
			       "or .sql)");
	}
}
