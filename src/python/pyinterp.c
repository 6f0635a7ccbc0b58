/*
 * pyinterp.c: the interpreter's statements and names: imports and
 * top-level bindings, upgrade()/downgrade() bodies (assignments, dialect
 * ifs, for loops over literals, autocommit and batch blocks, raise).
 */
#include "pyinterp_int.h"

#include <stdarg.h>

struct rt_loc pyi_loc(struct pyi *r, size_t off)
{
	if (!r->map.src)
		srcmap_init(&r->map, r->path, r->src, strlen(r->src), 0);
	return srcmap_loc(&r->map, r->a, off);
}

int pyi_unsupported(struct pyi *r, size_t off, const char *fmt, ...)
{
	struct rt_loc loc = pyi_loc(r, off);
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rt_errf(r->err, RT_ENOTIMPL, &loc, "unsupported in a revision "
		       "body: %s", what);
}

int pyi_error(struct pyi *r, size_t off, const char *fmt, ...)
{
	struct rt_loc loc = pyi_loc(r, off);
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rt_errf(r->err, RT_ESYNTAX, &loc, "%s", what);
}

int pyi_raise(struct pyi *r, size_t off, const char *exc, const char *msg)
{
	if (!r->body)
		return pyi_unsupported(r, off, "%s: %s outside upgrade() and "
				       "downgrade()", exc, msg);
	r->body->irreversible = true;
	r->body->raise_loc = pyi_loc(r, off);
	r->body->raise_exc = exc;
	r->body->raise_msg = msg;
	r->stop = true;
	r->raised = true;
	return RT_ERROR;
}

/* ---- names ---- */

const struct pybind *pyi_lookup(struct pyi *r, const char *name)
{
	const struct pybind *b = NULL;

	if (r->local)
		b = strmap_get(r->local, name);
	return b ? b : strmap_get(&r->module, name);
}

void pyi_bind(struct pyi *r, const char *name, const struct pybind *b)
{
	struct pybind *c = arena_memdup(r->a, b, sizeof(*b));

	strmap_put(r->local ? r->local : &r->module, name, c);
}

static void bind_qual(struct pyi *r, const char *name, const char *qual)
{
	struct pybind b = { qual, NULL, NULL, 0 };

	pyi_bind(r, name, &b);
}

/* Bound to something retort does not evaluate (what, at off). */
static void bind_opaque(struct pyi *r, const char *name, const char *what,
			size_t off)
{
	struct pybind b = { NULL, NULL, what, off };

	pyi_bind(r, name, &b);
}

static void bind_val(struct pyi *r, const char *name, struct pyval *v)
{
	struct pybind b = { NULL, v, NULL, 0 };

	pyi_bind(r, name, &b);
}

/* import a.b.c (binds a), import a.b as x (binds x to a.b). */
static void bind_import(struct pyi *r, const struct py_node *st)
{
	size_t i;

	for (i = 0; i < st->kids.n; i++) {
		const struct py_node *al = st->kids.v[i];
		const char *dot = strchr(al->s, '.');
		const char *root = dot ? arena_strndup(r->a, al->s,
						       (size_t)(dot - al->s)) :
				   al->s;

		if (al->s2)
			bind_qual(r, al->s2, al->s);
		else
			bind_qual(r, root, root);
	}
}

/* from m import x [as y]; relative modules never match ("." prefix). */
static void bind_from(struct pyi *r, const struct py_node *st)
{
	const char *mod = st->op ? arena_printf(r->a, ".%s", st->s) : st->s;
	size_t i;

	for (i = 0; i < st->kids.n; i++) {
		const struct py_node *al = st->kids.v[i];

		if (strcmp(al->s, "*"))
			bind_qual(r, al->s2 ? al->s2 : al->s,
				  arena_printf(r->a, "%s.%s", mod, al->s));
	}
}

/* Every name a statement may bind, made opaque (conditional code). */
static void shadow_target(struct pyi *r, const struct py_node *t,
			  const char *what)
{
	size_t i;

	if (!t)
		return;
	if (t->kind == PYN_NAME)
		bind_opaque(r, t->s, what, t->off);
	if (t->kind == PYN_TUPLE || t->kind == PYN_LIST)
		for (i = 0; i < t->kids.n; i++)
			shadow_target(r, t->kids.v[i], what);
	if (t->kind == PYN_STARRED)
		shadow_target(r, t->a, what);
}

static void shadow_stmt(struct pyi *r, const struct py_node *st);

static void shadow_block(struct pyi *r, const struct py_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		shadow_stmt(r, l->v[i]);
}

static void shadow_stmt(struct pyi *r, const struct py_node *st)
{
	const char *what = "a name bound in a compound statement";
	size_t i;

	switch (st->kind) {
	case PYN_IMPORT:
	case PYN_FROM:
		for (i = 0; i < st->kids.n; i++) {
			const struct py_node *al = st->kids.v[i];
			const char *dot = strchr(al->s, '.');

			if (al->s2)
				bind_opaque(r, al->s2, what, st->off);
			else if (strcmp(al->s, "*"))
				bind_opaque(r, dot ? arena_strndup(r->a, al->s,
					    (size_t)(dot - al->s)) : al->s,
					    what, st->off);
		}
		return;
	case PYN_DEF:
		bind_opaque(r, st->s, "a function", st->off);
		return;
	case PYN_ASSIGN:
		for (i = 0; i < st->kids.n; i++)
			shadow_target(r, st->kids.v[i], what);
		return;
	case PYN_ANNASSIGN:
	case PYN_AUGASSIGN:
		shadow_target(r, st->a, what);
		return;
	case PYN_FOR:
		shadow_target(r, st->a, what);
		break;
	case PYN_WITH:
		for (i = 0; i < st->kids.n; i++)
			shadow_target(r, st->kids.v[i]->b, what);
		break;
	default:
		break;
	}
	shadow_block(r, &st->kids2);
	shadow_block(r, &st->kids3);
}

/* name = value at the top level: evaluated now when retort can. */
static void bind_top_assign(struct pyi *r, const struct py_node *target,
			    const struct py_node *value)
{
	struct rt_err scratch = RT_ERR_INIT, *err = r->err;
	struct pyval *v = NULL;
	int rc;

	if (target->kind != PYN_NAME) {
		shadow_target(r, target, "an unpacked value");
		return;
	}
	if (!value)
		return;
	r->err = &scratch;
	rc = pyi_eval(&v, r, value);
	r->err = err;
	if (rc < 0)
		bind_opaque(r, target->s, pyi_describe(r, value), value->off);
	else
		bind_val(r, target->s, v);
}

static void bind_top(struct pyi *r, const struct py_node *st)
{
	size_t i;

	switch (st->kind) {
	case PYN_IMPORT:
		bind_import(r, st);
		return;
	case PYN_FROM:
		bind_from(r, st);
		return;
	case PYN_ASSIGN:
		for (i = 0; i < st->kids.n; i++)
			bind_top_assign(r, st->kids.v[i], st->a);
		return;
	case PYN_ANNASSIGN:
		bind_top_assign(r, st->a, st->c);
		return;
	default:
		shadow_stmt(r, st);
	}
}

/* ---- dotted names ---- */

/* n as written when it is names, attributes and calls without
 * arguments ("op.get_bind().execute"), or NULL. */
static const char *chain(struct pyi *r, const struct py_node *n)
{
	const char *q;

	if (n->kind == PYN_NAME)
		return n->s;
	if (n->kind == PYN_ATTR && (q = chain(r, n->a)))
		return arena_printf(r->a, "%s.%s", q, n->s);
	if (n->kind == PYN_CALL && !n->kids.n && !n->kids2.n &&
	    (q = chain(r, n->a)))
		return arena_printf(r->a, "%s()", q);
	return NULL;
}

const char *pyi_spelled(struct pyi *r, const struct py_node *n)
{
	const char *q;

	if (n->kind == PYN_NAME)
		return n->s;
	if (n->kind == PYN_ATTR && (q = pyi_spelled(r, n->a)))
		return arena_printf(r->a, "%s.%s", q, n->s);
	return NULL;
}

/* SQLAlchemy's modules that re-export the same objects as sqlalchemy. */
static const char *const sa_modules[] = {
	"sqlalchemy.sql.expression.", "sqlalchemy.sql.sqltypes.",
	"sqlalchemy.sql.schema.", "sqlalchemy.sql.", "sqlalchemy.schema.",
	"sqlalchemy.types.",
};

static const char *fold(struct pyi *r, const char *q)
{
	size_t i, n;

	for (i = 0; i < RT_ARRAY_SIZE(sa_modules); i++) {
		n = strlen(sa_modules[i]);
		if (!strncmp(q, sa_modules[i], n) && !strchr(q + n, '.'))
			return arena_printf(r->a, "sqlalchemy.%s", q + n);
	}
	return q;
}

static const char *qual_raw(struct pyi *r, const struct py_node *n)
{
	const struct pybind *b;
	const char *q;

	if (n->kind == PYN_NAME) {
		b = pyi_lookup(r, n->s);
		return b && b->qual ? b->qual : NULL;
	}
	if (n->kind == PYN_ATTR && (q = qual_raw(r, n->a)))
		return arena_printf(r->a, "%s.%s", q, n->s);
	return NULL;
}

const char *pyi_qual(struct pyi *r, const struct py_node *n)
{
	const char *q = qual_raw(r, n);

	return q ? fold(r, q) : NULL;
}

const char *pyi_describe(struct pyi *r, const struct py_node *n)
{
	const char *name;

	switch (n->kind) {
	case PYN_FSTRING:
		return "an f-string";
	case PYN_BYTES:
		return "a bytes literal";
	case PYN_NAME:
		return arena_printf(r->a, "a variable (%s)", n->s);
	case PYN_BINOP:
		if (n->op == PYO_PERCENT)
			return "'%' string formatting";
		return arena_printf(r->a, "an expression ('%s')",
				    pylex_op_str(n->op));
	case PYN_CALL:
		if (n->a->kind == PYN_ATTR && !strcmp(n->a->s, "format"))
			return "a .format() call";
		if ((name = chain(r, n->a)))
			return arena_printf(r->a, "%s()", name);
		if (n->a->kind == PYN_ATTR)
			return arena_printf(r->a, "a .%s() call", n->a->s);
		return "a function call";
	case PYN_ATTR:
		if ((name = chain(r, n)))
			return name;
		return "an attribute";
	default:
		return arena_printf(r->a, "a %s", pyparse_kind_name(n->kind));
	}
}

/* ---- statements ---- */

void pyi_emit(struct pyi *r, struct ops_op *op)
{
	struct pyinterp_body *b = r->body;

	if (r->batch) {
		struct ops_op ***v = &r->batch->u.batch.ops;
		size_t n = r->batch->u.batch.n;
		struct ops_op **nv = arena_alloc(r->a, (n + 1) * sizeof(*nv));

		if (n)
			memcpy(nv, *v, n * sizeof(*nv));
		nv[n] = op;
		*v = nv;
		r->batch->u.batch.n = n + 1;
		return;
	}
	ops_list_add(r->a, &b->ops, op);
	if (b->ops.n > b->acalloc) {
		bool *nv;

		b->acalloc = b->ops.alloc;
		nv = arena_alloc(r->a, b->acalloc * sizeof(*nv));
		if (b->ops.n > 1)
			memcpy(nv, b->autocommit, (b->ops.n - 1) *
			       sizeof(*nv));
		b->autocommit = nv;
	}
	b->autocommit[b->ops.n - 1] = r->autocommit;
}

static int run_block(struct pyi *r, const struct py_list *l);

/* raise [X | X("literal")]: the body fails when it gets there. */
static void run_raise(struct pyi *r, const struct py_node *st)
{
	const struct py_node *e = st->a;
	struct pyinterp_body *b = r->body;

	b->irreversible = true;
	b->raise_loc = pyi_loc(r, st->off);
	r->stop = true;
	if (!e) {
		b->raise_exc = "RuntimeError";
		b->raise_msg = "No active exception to reraise";
		return;
	}
	if (e->kind != PYN_CALL) {
		b->raise_exc = pyi_spelled(r, e);
		return;
	}
	b->raise_exc = pyi_spelled(r, e->a);
	if (e->kids.n == 1 && !e->kids2.n && e->kids.v[0]->kind == PYN_STR)
		b->raise_msg = e->kids.v[0]->s;
}

static int run_assign(struct pyi *r, const struct py_node *st)
{
	const struct py_node *value = st->kind == PYN_ASSIGN ? st->a : st->c;
	struct pyval *v;
	size_t i;
	int rc;

	if (st->kind == PYN_ANNASSIGN && st->a->kind != PYN_NAME)
		return pyi_unsupported(r, st->a->off, "annotated assignment "
				       "to %s", pyi_describe(r, st->a));
	for (i = 0; st->kind == PYN_ASSIGN && i < st->kids.n; i++)
		if (st->kids.v[i]->kind != PYN_NAME)
			return pyi_unsupported(r, st->kids.v[i]->off,
					       "assignment to %s",
					       pyi_describe(r,
							    st->kids.v[i]));
	if (!value)
		return 0;	/* x: int */
	if ((rc = pyi_eval(&v, r, value)) < 0)
		return rc;
	if (st->kind == PYN_ANNASSIGN)
		bind_val(r, st->a->s, v);
	for (i = 0; st->kind == PYN_ASSIGN && i < st->kids.n; i++)
		bind_val(r, st->kids.v[i]->s, v);
	return 0;
}

static int run_if(struct pyi *r, const struct py_node *st)
{
	struct pyval *v;
	bool t;
	int rc;

	if ((rc = pyi_eval(&v, r, st->a)) < 0 ||
	    (rc = pyi_truth(&t, r, v)) < 0)
		return rc;
	return run_block(r, t ? &st->kids2 : &st->kids3);
}

/* Bind the loop target (a name or a tuple of names) to item. */
static int bind_target(struct pyi *r, const struct py_node *t,
		       struct pyval *item)
{
	size_t i;
	int rc;

	if (t->kind == PYN_NAME) {
		bind_val(r, t->s, item);
		return 0;
	}
	if (t->kind != PYN_TUPLE && t->kind != PYN_LIST)
		return pyi_unsupported(r, t->off, "a for loop over %s",
				       pyi_describe(r, t));
	if (item->kind != PV_TUPLE && item->kind != PV_LIST)
		return pyi_error(r, item->off, "cannot unpack non-iterable "
				 "%s object", pyv_type_name(item));
	if (item->n != t->kids.n)
		return pyi_error(r, item->off, "%s values to unpack "
				 "(expected %zu, got %zu)", item->n >
				 t->kids.n ? "too many" : "not enough",
				 t->kids.n, item->n);
	for (i = 0; i < t->kids.n; i++)
		if ((rc = bind_target(r, t->kids.v[i], item->v[i])) < 0)
			return rc;
	return 0;
}

static int run_for(struct pyi *r, const struct py_node *st)
{
	struct pyval *seq;
	size_t i;
	int rc;

	if ((rc = pyi_eval(&seq, r, st->b)) < 0)
		return rc;
	if (seq->kind == PV_NONE)
		return pyi_unsupported(r, st->b->off, "a for loop over None");
	if (seq->kind != PV_LIST && seq->kind != PV_TUPLE &&
	    seq->kind != PV_DICT)
		return pyi_unsupported(r, st->b->off, "a for loop over a %s "
				       "(expected a list or tuple)",
				       pyv_type_name(seq));
	for (i = 0; i < seq->n && !r->stop; i++) {
		struct pyval *item = seq->kind == PV_DICT ? seq->keys[i] :
				     seq->v[i];

		if ((rc = bind_target(r, st->a, item)) < 0 ||
		    (rc = run_block(r, &st->kids2)) < 0)
			return rc;
	}
	return r->stop ? 0 : run_block(r, &st->kids3);
}

/* with op.get_context().autocommit_block(): */
static bool is_autocommit_item(struct pyi *r, const struct py_node *it)
{
	const struct py_node *c = it->a, *ctx;
	const char *q;

	if (c->kind != PYN_CALL || c->kids.n || c->kids2.n ||
	    c->a->kind != PYN_ATTR || strcmp(c->a->s, "autocommit_block"))
		return false;
	ctx = c->a->a;
	return ctx->kind == PYN_CALL && !ctx->kids.n && !ctx->kids2.n &&
	       (q = pyi_qual(r, ctx->a)) &&
	       !strcmp(q, "alembic.op.get_context");
}

static const char *const batch_params[] = {
	"table_name", "schema", "recreate", "partial_reordering",
	"copy_from", "table_args", "table_kwargs", "reflect_args",
	"reflect_kwargs", "naming_convention", NULL
};

/* recreate=, table_args=, partial_reordering=; the rest unsupported. */
static int batch_options(struct pyi *r, struct ops_op *op,
			 const struct pyargs *x)
{
	static const char *const modes[] = { "auto", "always", "never" };
	struct pyval *v, **items, **cols;
	const char *mode;
	size_t i, j, n, nc;
	int rc;

	if ((v = pyargs_get(x, "recreate"))) {
		if ((rc = pyv_want_str(&mode, r, v, "recreate", false)) < 0)
			return rc;
		for (i = 0; i < 3 && strcmp(mode, modes[i]); i++)
			;
		if (i == 3)
			return pyi_error(r, v->off, "batch_alter_table() "
					 "recreate must be 'auto', 'always' "
					 "or 'never'");
		op->u.batch.recreate = (enum ops_recreate)i;
	}
	if ((v = pyargs_get(x, "table_args"))) {
		if ((rc = pyv_want_seq(&items, &n, r, v, "table_args")) < 0)
			return rc;
		op->u.batch.table_args = arena_alloc(r->a, (n ? n : 1) *
					sizeof(*op->u.batch.table_args));
		for (i = 0; i < n; i++) {
			if (items[i]->kind != PV_CONS)
				return pyi_unsupported(r, items[i]->off,
						       "batch_alter_table("
						       "table_args=) item of "
						       "type %s",
						       pyv_type_name(items[i]));
			op->u.batch.table_args[i] = items[i]->u.cons;
		}
		op->u.batch.ntable_args = n;
	}
	if ((v = pyargs_get(x, "partial_reordering")) && v->kind != PV_NONE) {
		if ((rc = pyv_want_seq(&items, &n, r, v,
				       "partial_reordering")) < 0)
			return rc;
		op->u.batch.reorder = arena_alloc(r->a, (n ? n : 1) *
					sizeof(*op->u.batch.reorder));
		op->u.batch.nreorder = arena_alloc(r->a, (n ? n : 1) *
					sizeof(*op->u.batch.nreorder));
		for (i = 0; i < n; i++) {
			if ((rc = pyv_want_seq(&cols, &nc, r, items[i],
					       "partial_reordering item")) < 0)
				return rc;
			op->u.batch.reorder[i] = arena_alloc(r->a, (nc ? nc :
						 1) * sizeof(const char *));
			for (j = 0; j < nc; j++)
				if ((rc = pyv_want_str(
					&op->u.batch.reorder[i][j], r,
					cols[j], "partial_reordering",
					false)) < 0)
					return rc;
			op->u.batch.nreorder[i] = nc;
		}
		op->u.batch.nreorders = n;
	}
	for (i = 4; batch_params[i]; i++)
		if (i != 5 && (v = pyargs_get(x, batch_params[i])))
			return pyi_unsupported(r, v->off, "batch_alter_table"
					       "(%s=)", batch_params[i]);
	return 0;
}

/* op.batch_alter_table(...) as NAME: the block's batch_op.* calls. */
static int run_batch(struct pyi *r, const struct py_node *st,
		     const struct py_node *call)
{
	struct ops_op *op, *outer = r->batch;
	const char *outer_name = r->batch_name;
	struct pyargs x;
	struct pyval *v;
	size_t i;
	int rc;

	if (r->batch)
		return pyi_unsupported(r, st->off, "batch_alter_table() "
				       "inside batch_alter_table()");
	if (!st->kids.v[0]->b || st->kids.v[0]->b->kind != PYN_NAME)
		return pyi_unsupported(r, st->off, "batch_alter_table() "
				       "without 'as <name>'");
	if ((rc = pyi_bind_args(&x, r, call, "op.batch_alter_table",
				batch_params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "table_name")) < 0)
		return rc;
	op = ops_op_new(r->a, OPS_BATCH, pyi_loc(r, call->off));
	if ((rc = pyv_want_str(&op->table, r, v, "table_name", false)) < 0 ||
	    ((v = pyargs_get(&x, "schema")) &&
	     (rc = pyv_want_str(&op->schema, r, v, "schema", true)) < 0))
		return rc;
	if ((rc = batch_options(r, op, &x)) < 0)
		return rc;
	r->batch = op;
	r->batch_name = st->kids.v[0]->b->s;
	bind_opaque(r, r->batch_name, "batch_alter_table()", st->off);
	rc = run_block(r, &st->kids2);
	r->batch = outer;
	r->batch_name = outer_name;
	if (rc < 0)
		return rc;
	if (r->stop && r->body->irreversible)
		return 0;	/* an exception: Alembic never flushes it */
	for (i = 0; i < op->u.batch.n; i++)
		if ((rc = ops_op_validate(op->u.batch.ops[i], r->a,
					  r->err)) < 0)
			return rc;
	pyi_emit(r, op);
	return 0;
}

static int run_with(struct pyi *r, const struct py_node *st)
{
	const struct py_node *e = st->kids.v[0]->a;
	const char *q = e->kind == PYN_CALL ? pyi_qual(r, e->a) : NULL;
	int rc;

	if (st->kids.n == 1 && q && !strcmp(q, "alembic.op.batch_alter_table"))
		return run_batch(r, st, e);
	if (st->kids.n != 1 || !is_autocommit_item(r, st->kids.v[0])) {
		const char *name = e->kind == PYN_CALL ?
				   pyi_spelled(r, e->a) : NULL;

		return pyi_unsupported(r, st->off, "with %s%s", name ? name :
				       "statement", name ? "()" : "");
	}
	if (r->autocommit)
		return pyi_unsupported(r, st->off, "autocommit_block() inside "
				       "autocommit_block()");
	if (r->batch)
		return pyi_unsupported(r, st->off, "autocommit_block() inside "
				       "batch_alter_table()");
	r->autocommit = true;
	rc = run_block(r, &st->kids2);
	r->autocommit = false;
	return rc;
}

/* x.create_table() where x looks like op but is not alembic's. */
static bool op_lookalike(struct pyi *r, const struct py_node *callee)
{
	const struct py_node *base = callee->a;
	const struct pybind *b;
	const char *q;

	if (callee->kind != PYN_ATTR || base->kind != PYN_NAME ||
	    !pyiop_is_op(callee->s) ||
	    (r->batch && !strcmp(base->s, r->batch_name)))
		return false;
	b = pyi_lookup(r, base->s);
	q = pyi_qual(r, base);
	return !(b && b->val) && !(q && !strcmp(q, "alembic.op"));
}

/* A call statement: op.*(), <batch_op>.*(), <bind>.execute(). */
static int run_call(struct pyi *r, const struct py_node *e)
{
	struct pyval *v;

	if (op_lookalike(r, e->a))
		return pyi_unsupported(r, e->off, "%s.%s() where '%s' is not "
				       "alembic's op (expected 'from alembic "
				       "import op')", e->a->a->s, e->a->s,
				       e->a->a->s);
	r->stmt_call = e;
	return pyi_eval(&v, r, e);
}

static int run_expr(struct pyi *r, const struct py_node *st)
{
	const struct py_node *e = st->a;
	struct pyval *v;

	if (e->kind == PYN_STR || e->kind == PYN_ELLIPSIS)
		return 0;	/* a docstring or `...` */
	if (e->kind == PYN_CALL)
		return run_call(r, e);
	if (e->kind == PYN_ATTR)
		return pyi_eval(&v, r, e);	/* AttributeError offline */
	return pyi_unsupported(r, e->off, "%s", pyi_describe(r, e));
}

static int run_import(struct pyi *r, const struct py_node *st)
{
	if (st->kind == PYN_IMPORT)
		bind_import(r, st);
	else
		bind_from(r, st);
	return 0;
}

static int run_stmt(struct pyi *r, const struct py_node *st, bool last)
{
	switch (st->kind) {
	case PYN_PASS:
		return 0;
	case PYN_EXPR_STMT:
		return run_expr(r, st);
	case PYN_ASSIGN:
	case PYN_ANNASSIGN:
		return run_assign(r, st);
	case PYN_IF:
		return run_if(r, st);
	case PYN_FOR:
		return run_for(r, st);
	case PYN_WITH:
		return run_with(r, st);
	case PYN_IMPORT:
	case PYN_FROM:
		return run_import(r, st);
	case PYN_RAISE:
		if (!last)
			break;
		run_raise(r, st);
		return 0;
	case PYN_RETURN:
		if (!last || (st->a && st->a->kind != PYN_NONE))
			break;
		r->stop = true;
		return 0;
	default:
		break;
	}
	if (st->kind == PYN_RETURN && st->a && st->a->kind != PYN_NONE)
		return pyi_unsupported(r, st->off, "return with a value");
	if (st->kind == PYN_RAISE || st->kind == PYN_RETURN)
		return pyi_unsupported(r, st->off, "%s before the end of %s()",
				       pyparse_kind_name(st->kind), r->fn);
	return pyi_unsupported(r, st->off, "%s", pyparse_kind_name(st->kind));
}

static int run_block(struct pyi *r, const struct py_list *l)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n && !r->stop; i++) {
		rc = run_stmt(r, l->v[i], i + 1 == l->n);
		if (rc < 0 && r->raised)
			r->raised = false;	/* r->stop ends the body */
		else if (rc < 0)
			return rc;
	}
	return 0;
}

static int run_def(struct pyi *r, struct pyinterp_body *b,
		   const struct py_node *def)
{
	struct strmap local;
	int rc;

	r->body = b;
	r->fn = def->s;
	r->stop = false;
	if (def->kids3.n)
		return pyi_unsupported(r, def->kids3.v[0]->off, "a decorated "
				       "%s()", def->s);
	if (def->kids.n)
		return pyi_unsupported(r, def->kids.v[0]->off, "%s() with "
				       "parameters (the multidb template's "
				       "engine_name)", def->s);
	strmap_init_arena(&local, r->a);
	r->local = &local;
	rc = run_block(r, &def->kids2);
	r->local = NULL;
	return rc;
}

static int run_defs(struct pyinterp_body *up, struct pyinterp_body *down,
		    struct pyi *r, const struct py_module *m)
{
	const struct py_node *u = NULL, *d = NULL, *st;
	struct rt_loc loc = { r->path, 0, 0 };
	size_t i;
	int rc;

	for (i = 0; i < m->body.n; i++) {
		st = m->body.v[i];
		if (st->kind == PYN_DEF && !strcmp(st->s, "upgrade"))
			u = st;
		if (st->kind == PYN_DEF && !strcmp(st->s, "downgrade"))
			d = st;
	}
	if (!u)
		return rt_errf(r->err, RT_ESYNTAX, &loc, "no upgrade() "
			       "function (expected 'def upgrade():' at the "
			       "top level of the module)");
	if ((rc = run_def(r, up, u)) < 0)
		return rc;
	if (!d) {
		down->irreversible = true;
		down->raise_loc = loc;
		down->raise_exc = "AttributeError";
		down->raise_msg = arena_printf(r->a, "module '%s' has no "
					       "attribute 'downgrade'",
					       r->o->module);
		return 0;
	}
	return run_def(r, down, d);
}

int pyinterp_module(struct pyinterp_body *up, struct pyinterp_body *down,
		    struct rt_arena *a, const struct py_module *m,
		    const char *path, const char *src,
		    const struct pyinterp_opts *o, struct rt_err *err)
{
	struct pyi r;
	size_t i;

	memset(up, 0, sizeof(*up));
	memset(down, 0, sizeof(*down));
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.path = path;
	r.src = src;
	r.o = o;
	r.err = err;
	strmap_init_arena(&r.module, a);
	for (i = 0; i < m->body.n; i++)
		bind_top(&r, m->body.v[i]);
	return run_defs(up, down, &r, m);
}
