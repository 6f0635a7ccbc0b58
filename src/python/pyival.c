/*
 * pyival.c: the interpreter's expressions: literals, names, containers,
 * comparisons and boolean logic (dialect ifs), the dialect objects of
 * op.get_context()/op.get_bind(), and argument binding for calls.
 */
#include "pyinterp_int.h"
#include "base/pycompat.h"

#include <math.h>

struct pyval *pyv_new(struct pyi *r, enum pyv_kind kind, size_t off)
{
	struct pyval *v = arena_alloc(r->a, sizeof(*v));

	v->kind = kind;
	v->off = off;
	return v;
}

struct pyval *pyv_str(struct pyi *r, const char *s, size_t off)
{
	struct pyval *v = pyv_new(r, PV_STR, off);

	v->s = s;
	v->slen = strlen(s);
	return v;
}

const char *pyv_type_name(const struct pyval *v)
{
	static const char *const names[] = {
		"NoneType", "bool", "int", "float", "str", "TextClause",
		"list", "tuple", "dict", "type instance", "type class",
		"Column", "ColumnClause", "ForeignKey", "Constraint", "Index",
		"TableClause", "MigrationContext", "Connection", "Dialect",
		"Function", "Identity",
	};

	if (v->kind == PV_TYPE)
		return v->u.type->pyname;
	if (v->kind == PV_SQLEXPR && v->u.def->expr != OPS_D_FUNC)
		return v->u.def->expr == OPS_D_TRUE ? "True_" : "False_";
	return names[v->kind];
}

/* ---- names and attributes ---- */

static int eval_name(struct pyval **out, struct pyi *r,
		     const struct py_node *n)
{
	const struct pybind *b = pyi_lookup(r, n->s);
	const struct ops_type_spec *spec;

	if (!b)
		return pyi_error(r, n->off, "name '%s' is not defined", n->s);
	if (b->val) {
		*out = b->val;
		return 0;
	}
	if (b->qual && (spec = pyisa_type_spec(pyi_qual(r, n)))) {
		int rc = pyisa_type_exists(r, spec, n->off);

		if (rc < 0)
			return rc;
		*out = pyv_new(r, PV_TYPECLS, n->off);
		(*out)->u.spec = spec;
		return 0;
	}
	if (b->qual)
		return pyi_unsupported(r, n->off, "%s as a value", n->s);
	return pyi_unsupported(r, n->off, "the name '%s' (bound to %s)", n->s,
			       b->what);
}

static int dialect_attr(struct pyval **out, struct pyi *r,
			const struct pyval *base, const struct py_node *n)
{
	if ((base->kind == PV_CONTEXT || base->kind == PV_BIND) &&
	    !strcmp(n->s, "dialect")) {
		*out = pyv_new(r, PV_DIALECT, n->off);
		return 0;
	}
	if (base->kind == PV_BIND && !strcmp(n->s, "engine")) {
		*out = pyv_new(r, PV_DIALECT, n->off);
		return 0;
	}
	if (base->kind == PV_DIALECT && !strcmp(n->s, "name")) {
		*out = pyv_str(r, r->o->dialect, n->off);
		return 0;
	}
	return pyi_unsupported(r, n->off, "%s", pyi_describe(r, n));
}

static int eval_attr(struct pyval **out, struct pyi *r,
		     const struct py_node *n)
{
	const char *q = pyi_qual(r, n);
	const struct ops_type_spec *spec;
	struct pyval *base;
	int rc;

	if (q && (spec = pyisa_type_spec(q))) {
		if ((rc = pyisa_type_exists(r, spec, n->off)) < 0)
			return rc;
		*out = pyv_new(r, PV_TYPECLS, n->off);
		(*out)->u.spec = spec;
		return 0;
	}
	if (q)
		return pyi_unsupported(r, n->off, "%s as a value",
				       pyi_spelled(r, n));
	if ((rc = pyi_eval(&base, r, n->a)) < 0)
		return rc;
	if (base->kind == PV_NONE)
		return pyi_raise(r, n->off, "AttributeError", arena_printf(
				 r->a, "'NoneType' object has no attribute "
				 "'%s'", n->s));
	return dialect_attr(out, r, base, n);
}

/* ---- containers and operators ---- */

static int eval_seq(struct pyval **out, struct pyi *r,
		    const struct py_node *n, enum pyv_kind kind)
{
	struct pyval *v = pyv_new(r, kind, n->off), *item, **items;
	size_t i, j, cap = n->kids.n, cnt;
	int rc;

	v->v = arena_alloc(r->a, (cap ? cap : 1) * sizeof(*v->v));
	for (i = 0; i < n->kids.n; i++) {
		const struct py_node *k = n->kids.v[i];

		if (k->kind != PYN_STARRED) {
			if ((rc = pyi_eval(&v->v[v->n++], r, k)) < 0)
				return rc;
			continue;
		}
		if ((rc = pyi_eval(&item, r, k->a)) < 0 ||
		    (rc = pyv_want_seq(&items, &cnt, r, item,
				       "a starred item")) < 0)
			return rc;
		cap += cnt;
		items = v->v;
		v->v = arena_alloc(r->a, cap * sizeof(*v->v));
		memcpy(v->v, items, v->n * sizeof(*v->v));
		for (j = 0; j < cnt; j++)
			v->v[v->n++] = item->kind == PV_DICT ?
				       item->keys[j] : item->v[j];
	}
	*out = v;
	return 0;
}

static int eval_dict(struct pyval **out, struct pyi *r,
		     const struct py_node *n)
{
	struct pyval *v = pyv_new(r, PV_DICT, n->off);
	size_t i, cap = n->kids.n ? n->kids.n : 1;
	int rc;

	v->keys = arena_alloc(r->a, cap * sizeof(*v->keys));
	v->v = arena_alloc(r->a, cap * sizeof(*v->v));
	for (i = 0; i < n->kids.n; i++) {
		if (!n->kids.v[i])
			return pyi_unsupported(r, n->kids2.v[i]->off,
					       "'**' in a dict display");
		if ((rc = pyi_eval(&v->keys[i], r, n->kids.v[i])) < 0 ||
		    (rc = pyi_eval(&v->v[i], r, n->kids2.v[i])) < 0)
			return rc;
		if (v->keys[i]->kind != PV_STR)
			return pyi_unsupported(r, n->kids.v[i]->off, "a dict "
					       "key of type %s (expected a "
					       "str)",
					       pyv_type_name(v->keys[i]));
	}
	v->n = n->kids.n;
	*out = v;
	return 0;
}

static bool is_scalar(const struct pyval *v)
{
	return v->kind <= PV_STR;
}

/* Python's == for scalars and sequences of them; -1: not comparable. */
static int equal(const struct pyval *x, const struct pyval *y)
{
	size_t i;
	int e;

	if ((x->kind == PV_INT || x->kind == PV_BOOL) &&
	    (y->kind == PV_INT || y->kind == PV_BOOL))
		return (x->kind == PV_INT ? x->i : x->b) ==
		       (y->kind == PV_INT ? y->i : y->b);
	if (x->kind == PV_FLOAT || y->kind == PV_FLOAT) {
		if (!is_scalar(x) || !is_scalar(y) || x->kind == PV_STR ||
		    y->kind == PV_STR || x->kind == PV_NONE ||
		    y->kind == PV_NONE)
			return is_scalar(x) && is_scalar(y) ? 0 : -1;
		return (x->kind == PV_FLOAT ? strtod(x->s, NULL) :
			(double)(x->kind == PV_INT ? x->i : x->b)) ==
		       (y->kind == PV_FLOAT ? strtod(y->s, NULL) :
			(double)(y->kind == PV_INT ? y->i : y->b));
	}
	if ((x->kind == PV_LIST || x->kind == PV_TUPLE) && x->kind == y->kind) {
		if (x->n != y->n)
			return 0;
		for (i = 0; i < x->n; i++)
			if ((e = equal(x->v[i], y->v[i])) != 1)
				return e;
		return 1;
	}
	if (!is_scalar(x) || !is_scalar(y))
		return -1;
	if (x->kind != y->kind)
		return 0;
	if (x->kind == PV_STR)
		return x->slen == y->slen && !memcmp(x->s, y->s, x->slen);
	return 1;	/* None == None */
}

static int contains(bool *out, struct pyi *r, const struct pyval *item,
		    const struct pyval *seq, size_t off)
{
	struct pyval **v = seq->kind == PV_DICT ? seq->keys : seq->v;
	size_t i;
	int e;

	if (seq->kind == PV_STR && item->kind == PV_STR) {
		*out = item->slen == 0;
		for (i = 0; !*out && i + item->slen <= seq->slen; i++)
			*out = !memcmp(seq->s + i, item->s, item->slen);
		return 0;
	}
	if (seq->kind != PV_LIST && seq->kind != PV_TUPLE &&
	    seq->kind != PV_DICT)
		return pyi_unsupported(r, off, "'in' of a %s",
				       pyv_type_name(seq));
	for (i = 0, *out = false; i < seq->n && !*out; i++) {
		if ((e = equal(item, v[i])) < 0)
			return pyi_unsupported(r, off, "comparing a %s",
					       pyv_type_name(item));
		*out = e == 1;
	}
	return 0;
}

static int compare_one(bool *out, struct pyi *r, int op,
		       const struct pyval *x, const struct pyval *y,
		       size_t off)
{
	int e, rc;

	switch (op) {
	case PYO_EQEQ:
	case PYO_NOTEQ:
		if ((e = equal(x, y)) < 0)
			return pyi_unsupported(r, off, "comparing a %s with a "
					       "%s", pyv_type_name(x),
					       pyv_type_name(y));
		*out = (e == 1) == (op == PYO_EQEQ);
		return 0;
	case PY_IS_OP:
	case PY_ISNOT_OP:
		if (x->kind != PV_NONE && y->kind != PV_NONE &&
		    x->kind != PV_BOOL && y->kind != PV_BOOL)
			return pyi_unsupported(r, off, "'is' between a %s and "
					       "a %s", pyv_type_name(x),
					       pyv_type_name(y));
		*out = (x->kind == y->kind && equal(x, y) == 1) ==
		       (op == PY_IS_OP);
		return 0;
	case PY_IN_OP:
	case PY_NOTIN_OP:
		if ((rc = contains(out, r, x, y, off)) < 0)
			return rc;
		*out = *out == (op == PY_IN_OP);
		return 0;
	default:
		return pyi_unsupported(r, off, "the comparison '%s'",
				       pylex_op_str(op));
	}
}

static struct pyval *pyv_bool(struct pyi *r, bool b, size_t off)
{
	struct pyval *v = pyv_new(r, PV_BOOL, off);

	v->b = b;
	return v;
}

static int eval_compare(struct pyval **out, struct pyi *r,
			const struct py_node *n)
{
	struct pyval *x, *y;
	bool t = true;
	size_t i;
	int rc;

	if ((rc = pyi_eval(&x, r, n->a)) < 0)
		return rc;
	for (i = 0; i < n->kids.n && t; i++) {
		if ((rc = pyi_eval(&y, r, n->kids.v[i])) < 0 ||
		    (rc = compare_one(&t, r, n->ops[i], x, y,
				      n->kids.v[i]->off)) < 0)
			return rc;
		x = y;
	}
	*out = pyv_bool(r, t, n->off);
	return 0;
}

int pyi_truth(bool *out, struct pyi *r, const struct pyval *v)
{
	switch (v->kind) {
	case PV_NONE:
		*out = false;
		return 0;
	case PV_BOOL:
		*out = v->b;
		return 0;
	case PV_INT:
		*out = v->i != 0;
		return 0;
	case PV_FLOAT:
		*out = strtod(v->s, NULL) != 0;
		return 0;
	case PV_STR:
	case PV_LIST:
	case PV_TUPLE:
	case PV_DICT:
		*out = v->kind == PV_STR ? v->slen != 0 : v->n != 0;
		return 0;
	default:
		return pyi_unsupported(r, v->off, "the truth of a %s",
				       pyv_type_name(v));
	}
}

static int eval_boolop(struct pyval **out, struct pyi *r,
		       const struct py_node *n)
{
	size_t i;
	bool t;
	int rc;

	for (i = 0; i < n->kids.n; i++) {
		if ((rc = pyi_eval(out, r, n->kids.v[i])) < 0 ||
		    (rc = pyi_truth(&t, r, *out)) < 0)
			return rc;
		if (t == (n->op == PY_OR_OP))
			return 0;
	}
	return 0;
}

static int eval_unary(struct pyval **out, struct pyi *r,
		      const struct py_node *n)
{
	struct pyval *v;
	bool t;
	int rc;

	if ((rc = pyi_eval(&v, r, n->a)) < 0)
		return rc;
	if (n->op == PY_NOT_OP) {
		if ((rc = pyi_truth(&t, r, v)) < 0)
			return rc;
		*out = pyv_bool(r, !t, n->off);
		return 0;
	}
	if (n->op == PYO_MINUS && v->kind == PV_INT) {
		*out = pyv_new(r, PV_INT, n->off);
		(*out)->i = -v->i;
		return 0;
	}
	if (n->op == PYO_MINUS && v->kind == PV_FLOAT) {
		*out = pyv_new(r, PV_FLOAT, n->off);
		(*out)->s = pyc_float_repr_str(r->a, -strtod(v->s, NULL));
		return 0;
	}
	if (n->op == PYO_PLUS && (v->kind == PV_INT || v->kind == PV_FLOAT)) {
		*out = v;
		return 0;
	}
	return pyi_unsupported(r, n->off, "the unary operator '%s' on a %s",
			       n->op == PYO_TILDE ? "~" : pylex_op_str(n->op),
			       pyv_type_name(v));
}

static int eval_binop(struct pyval **out, struct pyi *r,
		      const struct py_node *n)
{
	struct pyval *x, *y, *v;
	int rc;

	if ((rc = pyi_eval(&x, r, n->a)) < 0 ||
	    (rc = pyi_eval(&y, r, n->b)) < 0)
		return rc;
	if (n->op == PYO_PERCENT && x->kind == PV_STR)
		return pyfmt_percent(out, r, x, y, n->off);
	if (n->op == PYO_PLUS && x->kind == PV_STR && y->kind == PV_STR) {
		v = pyv_new(r, PV_STR, n->off);
		v->slen = x->slen + y->slen;
		v->s = arena_alloc(r->a, v->slen + 1);
		memcpy((char *)v->s, x->s, x->slen);
		memcpy((char *)v->s + x->slen, y->s, y->slen);
		*out = v;
		return 0;
	}
	if (x->kind == PV_INT && y->kind == PV_INT &&
	    (n->op == PYO_PLUS || n->op == PYO_MINUS || n->op == PYO_STAR)) {
		v = pyv_new(r, PV_INT, n->off);
		v->i = n->op == PYO_PLUS ? x->i + y->i : n->op == PYO_MINUS ?
		       x->i - y->i : x->i * y->i;
		*out = v;
		return 0;
	}
	return pyi_unsupported(r, n->off, "the operator '%s' on a %s and a %s",
			       pylex_op_str(n->op), pyv_type_name(x),
			       pyv_type_name(y));
}

static int eval_subscript(struct pyval **out, struct pyi *r,
			  const struct py_node *n)
{
	struct pyval *x, *k;
	long long i;
	size_t j;
	int rc;

	if (n->b->kind == PYN_SLICE)
		return pyi_unsupported(r, n->b->off, "a slice");
	if ((rc = pyi_eval(&x, r, n->a)) < 0 ||
	    (rc = pyi_eval(&k, r, n->b)) < 0)
		return rc;
	if (x->kind == PV_DICT && k->kind == PV_STR) {
		for (j = 0; j < x->n; j++)
			if (equal(x->keys[j], k) == 1) {
				*out = x->v[j];
				return 0;
			}
		return pyi_error(r, n->b->off, "KeyError: '%s'", k->s);
	}
	if ((x->kind == PV_LIST || x->kind == PV_TUPLE) && k->kind == PV_INT) {
		i = k->i < 0 ? k->i + (long long)x->n : k->i;
		if (i < 0 || i >= (long long)x->n)
			return pyi_error(r, n->b->off, "IndexError: %s index "
					 "out of range", pyv_type_name(x));
		*out = x->v[i];
		return 0;
	}
	return pyi_unsupported(r, n->off, "subscripting a %s with a %s",
			       pyv_type_name(x), pyv_type_name(k));
}

static int eval_literal(struct pyval **out, struct pyi *r,
			const struct py_node *n)
{
	struct pyval *v;

	switch (n->kind) {
	case PYN_STR:
		v = pyv_new(r, PV_STR, n->off);
		v->s = n->s;
		v->slen = n->slen;
		break;
	case PYN_INT:
		if (n->op)
			return pyi_unsupported(r, n->off, "an integer that "
					       "does not fit in 64 bits");
		v = pyv_new(r, PV_INT, n->off);
		v->i = n->ival;
		break;
	case PYN_FLOAT:
		v = pyv_new(r, PV_FLOAT, n->off);
		v->s = pyc_float_repr_str(r->a, n->fval);
		break;
	case PYN_TRUE:
	case PYN_FALSE:
		v = pyv_bool(r, n->kind == PYN_TRUE, n->off);
		break;
	case PYN_NONE:
		v = pyv_new(r, PV_NONE, n->off);
		break;
	default:
		return pyi_unsupported(r, n->off, "%s", pyi_describe(r, n));
	}
	*out = v;
	return 0;
}

/* ---- calls ---- */

/* <bind>.execute(sql): offline Alembic's mock connection prints it as
 * op.execute() would and returns None; online it runs (spec rule 8.6
 * bind rules only for sa.text()). */
static int bind_execute(struct pyval **out, struct pyi *r,
			const struct py_node *call)
{
	static const char *const params[] = { "object_", "**", NULL };
	struct pyargs x;
	struct pyval *v;
	struct ops_op *op;
	bool is_text;
	int rc;

	if (!r->body || r->batch)
		return pyi_unsupported(r, call->off, "%s %s",
				       pyi_describe(r, call),
				       r->body ? "inside batch_alter_table()" :
				       "outside upgrade() and downgrade()");
	if (r->o->online && r->stmt_call != call)
		return pyi_unsupported(r, call->off, "using the result of "
				       "%s (retort does not read query "
				       "results)", pyi_describe(r, call));
	if ((rc = pyi_bind_args(&x, r, call, "Connection.execute",
				params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "object_")) < 0)
		return rc;
	if (x.kw->n || call->kids.n > 1)
		return pyi_unsupported(r, call->off, "execute() with "
				       "parameters");
	op = ops_op_new(r->a, OPS_EXECUTE, pyi_loc(r, v->off));
	if ((rc = pyv_want_sql(&op->u.exec.sql, &is_text, r, v,
			       "execute() argument")) < 0)
		return rc;
	op->u.exec.is_text = is_text || !r->o->online;
	pyi_emit(r, op);
	*out = pyv_new(r, PV_NONE, call->off);
	return 0;
}

/* op.get_context(), op.get_bind(), op.f(name), sa.text(sql). */
static int call_builtin(struct pyval **out, struct pyi *r, const char *q,
			const struct py_node *call)
{
	static const char *const f_params[] = { "name", NULL };
	static const char *const text_params[] = { "text", "bind", NULL };
	struct pyargs x;
	struct pyval *v;
	int rc;

	if (!strcmp(q, "alembic.op.get_context") ||
	    !strcmp(q, "alembic.op.get_bind")) {
		if (call->kids.n || call->kids2.n)
			return pyi_error(r, call->off, "%s() takes no "
					 "arguments", q + 8);
		*out = pyv_new(r, strcmp(q, "alembic.op.get_bind") ?
			       PV_CONTEXT : PV_BIND, call->off);
		return 1;
	}
	if (!strcmp(q, "alembic.op.f")) {
		if ((rc = pyi_bind_args(&x, r, call, "op.f", f_params)) < 0 ||
		    (rc = pyargs_need(&v, r, &x, "name")) < 0)
			return rc;
		if (v->kind != PV_STR)
			return pyi_error(r, v->off, "op.f() argument 'name' "
					 "must be a str, not %s",
					 pyv_type_name(v));
		*out = v;
		return 1;
	}
	if (!strcmp(q, "sqlalchemy.text")) {
		if ((rc = pyi_bind_args(&x, r, call, pyi_spelled(r, call->a),
					text_params)) < 0 ||
		    (rc = pyargs_need(&v, r, &x, "text")) < 0)
			return rc;
		if (pyargs_get(&x, "bind"))
			return pyi_unsupported(r, call->off, "text(bind=)");
		if (v->kind != PV_STR)
			return pyi_unsupported(r, v->off, "%s() of %s",
					       pyi_spelled(r, call->a),
					       v->kind == PV_NONE ? "None" :
					       arena_printf(r->a, "a %s",
						       pyv_type_name(v)));
		*out = pyv_new(r, PV_TEXT, v->off);
		(*out)->s = v->s;
		(*out)->slen = v->slen;
		return 1;
	}
	return 0;
}

/* <type>.with_variant(type_, dialect_name): SQLAlchemy picks the
 * variant whose name is the dialect's (so "mysql" not for mariadb://). */
static int with_variant(struct pyval **out, struct pyi *r,
			struct pyval *base, const struct py_node *call)
{
	static const char *const params[] = { "type_", "dialect_name", NULL };
	struct pyval *t, *name;
	struct ops_type *ty;
	struct pyargs x;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, "with_variant", params)) < 0 ||
	    (rc = pyargs_need(&t, r, &x, "type_")) < 0 ||
	    (rc = pyargs_need(&name, r, &x, "dialect_name")) < 0 ||
	    (rc = pyv_want_type(&ty, r, t, "with_variant() type_")) < 0)
		return rc;
	if (name->kind != PV_STR)
		return pyi_error(r, name->off, "with_variant() dialect_name "
				 "must be a str, not %s",
				 pyv_type_name(name));
	if (strcmp(name->s, r->o->dialect)) {
		*out = base;
		return 0;
	}
	*out = pyv_new(r, PV_TYPE, t->off);
	(*out)->u.type = ty;
	return 0;
}

static int eval_method(struct pyval **out, struct pyi *r,
		       const struct py_node *call)
{
	const struct py_node *m = call->a;
	struct pyval *base;
	int rc;

	if ((rc = pyi_eval(&base, r, m->a)) < 0)
		return rc;
	if (base->kind == PV_NONE)
		return pyi_raise(r, m->off, "AttributeError", arena_printf(
				 r->a, "'NoneType' object has no attribute "
				 "'%s'", m->s));
	if (base->kind == PV_STR && !strcmp(m->s, "format"))
		return pyfmt_format(out, r, base, call);
	if (base->kind == PV_BIND && !strcmp(m->s, "execute"))
		return bind_execute(out, r, call);
	if ((base->kind == PV_TYPE || base->kind == PV_TYPECLS) &&
	    !strcmp(m->s, "with_variant"))
		return with_variant(out, r, base, call);
	return pyi_unsupported(r, call->off, "%s", pyi_describe(r, call));
}

static int eval_call(struct pyval **out, struct pyi *r,
		     const struct py_node *call)
{
	const char *q = pyi_qual(r, call->a);
	const struct pybind *b;
	struct pyval *cls;
	int rc;

	if (q && !strncmp(q, "alembic.op.", 11) && !strchr(q + 11, '.')) {
		if ((rc = call_builtin(out, r, q, call)) != 0)
			return rc < 0 ? rc : 0;
		return pyiop_call(out, r, q + 11, call);
	}
	if (r->batch && call->a->kind == PYN_ATTR &&
	    call->a->a->kind == PYN_NAME &&
	    !strcmp(call->a->a->s, r->batch_name))
		return !strcmp(call->a->s, "f") ?
		       ((rc = call_builtin(out, r, "alembic.op.f", call)) < 0 ?
			rc : 0) :
		       pyiop_call(out, r, call->a->s, call);
	if (q) {
		if ((rc = call_builtin(out, r, q, call)) != 0 ||
		    (rc = pyisa_call(out, r, q, call)) != 0)
			return rc < 0 ? rc : 0;
		return pyi_unsupported(r, call->off, "%s()",
				       pyi_spelled(r, call->a));
	}
	if (call->a->kind == PYN_ATTR)
		return eval_method(out, r, call);
	if (call->a->kind != PYN_NAME)
		return pyi_unsupported(r, call->off, "%s",
				       pyi_describe(r, call));
	if (!(b = pyi_lookup(r, call->a->s)) || !b->val)
		return pyi_unsupported(r, call->off, "%s()", call->a->s);
	cls = b->val;
	if (cls->kind != PV_TYPECLS)
		return pyi_unsupported(r, call->off, "calling a %s",
				       pyv_type_name(cls));
	if ((rc = pyisa_call(out, r, pyisa_spec_qual(r, cls->u.spec),
			     call)) < 0)
		return rc;
	return 0;
}

int pyi_eval(struct pyval **out, struct pyi *r, const struct py_node *n)
{
	switch (n->kind) {
	case PYN_NAME:
		return eval_name(out, r, n);
	case PYN_ATTR:
		return eval_attr(out, r, n);
	case PYN_CALL:
		return eval_call(out, r, n);
	case PYN_FSTRING:
		return pyfmt_fstring(out, r, n);
	case PYN_TUPLE:
		return eval_seq(out, r, n, PV_TUPLE);
	case PYN_LIST:
		return eval_seq(out, r, n, PV_LIST);
	case PYN_DICT:
		return eval_dict(out, r, n);
	case PYN_COMPARE:
		return eval_compare(out, r, n);
	case PYN_BOOLOP:
		return eval_boolop(out, r, n);
	case PYN_UNARY:
		return eval_unary(out, r, n);
	case PYN_BINOP:
		return eval_binop(out, r, n);
	case PYN_SUBSCRIPT:
		return eval_subscript(out, r, n);
	case PYN_IFEXP: {
		struct pyval *c;
		bool t;
		int rc;

		if ((rc = pyi_eval(&c, r, n->a)) < 0 ||
		    (rc = pyi_truth(&t, r, c)) < 0)
			return rc;
		return pyi_eval(out, r, t ? n->b : n->c);
	}
	default:
		return eval_literal(out, r, n);
	}
}

/* ---- argument binding ---- */

static int nparams(const char *const *params)
{
	int n = 0;

	while (params[n])
		n++;
	return n;
}

/* Append key: v to dict d (copies in the arena; dicts are small). */
static void dict_add(struct pyi *r, struct pyval *d, struct pyval *key,
		     struct pyval *v)
{
	struct pyval **keys = arena_alloc(r->a, (d->n + 1) * sizeof(*keys));
	struct pyval **vals = arena_alloc(r->a, (d->n + 1) * sizeof(*vals));

	if (d->n) {
		memcpy(keys, d->keys, d->n * sizeof(*keys));
		memcpy(vals, d->v, d->n * sizeof(*vals));
	}
	keys[d->n] = key;
	vals[d->n] = v;
	d->keys = keys;
	d->v = vals;
	d->n++;
}

static int add_kw(struct pyargs *x, struct pyi *r, const char *name,
		  struct pyval *v, size_t off)
{
	size_t i, np = x->nparams;
	bool any = np && !strcmp(x->params[np - 1], "**");

	for (i = 0; i < np; i++) {
		if (x->params[i][0] == '*' || strcmp(x->params[i], name))
			continue;
		if (x->v[i])
			return pyi_error(r, off, "%s() got multiple values "
					 "for argument '%s'", x->fn, name);
		x->v[i] = v;
		return 0;
	}
	if (!any)
		return pyi_error(r, off, "%s() got an unexpected keyword "
				 "argument '%s'", x->fn, name);
	for (i = 0; i < x->kw->n; i++)
		if (!strcmp(x->kw->keys[i]->s, name))
			return pyi_error(r, off, "%s() got multiple values "
					 "for keyword argument '%s'", x->fn,
					 name);
	dict_add(r, x->kw, pyv_str(r, name, off), v);
	return 0;
}

/* Positional values of call, with *seq expanded. */
static int positional(struct pyval ***out, size_t *n, struct pyi *r,
		      const struct py_node *call)
{
	struct py_node tuple;
	struct pyval *t;
	int rc;

	memset(&tuple, 0, sizeof(tuple));
	tuple.kind = PYN_TUPLE;
	tuple.off = call->off;
	tuple.kids = call->kids;

	if ((rc = eval_seq(&t, r, &tuple, PV_TUPLE)) < 0)
		return rc;
	*out = t->v;
	*n = t->n;
	return 0;
}

static int bind_positional(struct pyargs *x, struct pyi *r,
			   struct pyval **pos, size_t n)
{
	size_t i, k = 0, np = x->nparams, fixed = 0;
	struct pyval *rest;

	while (fixed < np && x->params[fixed][0] != '*')
		fixed++;
	for (i = 0; i < n && k < fixed; i++)
		x->v[k++] = pos[i];
	if (i == n) {
		if (fixed < np && x->params[fixed][1] &&
		    x->params[fixed][1] != '*') {
			x->v[fixed] = pyv_new(r, PV_TUPLE, x->off);
		}
		return 0;
	}
	if (fixed == np || !strcmp(x->params[fixed], "**"))
		return pyi_error(r, pos[i]->off, "%s() takes %zu positional "
				 "argument%s but %zu were given", x->fn, fixed,
				 fixed == 1 ? "" : "s", n);
	rest = pyv_new(r, PV_TUPLE, pos[i]->off);
	rest->v = pos + i;
	rest->n = n - i;
	x->v[fixed] = rest;
	return 0;
}

int pyi_bind_args(struct pyargs *out, struct pyi *r,
		  const struct py_node *call, const char *fn,
		  const char *const *params)
{
	struct pyval **pos, *d;
	size_t n, i, j;
	int rc;

	memset(out, 0, sizeof(*out));
	out->fn = fn;
	out->params = params;
	out->nparams = (size_t)nparams(params);
	out->v = arena_alloc(r->a, (out->nparams + 1) * sizeof(*out->v));
	out->kw = pyv_new(r, PV_DICT, call->off);
	out->off = call->off;
	if ((rc = positional(&pos, &n, r, call)) < 0 ||
	    (rc = bind_positional(out, r, pos, n)) < 0)
		return rc;
	for (i = 0; i < call->kids2.n; i++) {
		const struct py_node *k = call->kids2.v[i];

		if ((rc = pyi_eval(&d, r, k->a)) < 0)
			return rc;
		if (k->s) {
			if ((rc = add_kw(out, r, k->s, d, k->off)) < 0)
				return rc;
			continue;
		}
		if (d->kind != PV_DICT)
			return pyi_error(r, k->off, "%s() argument after ** "
					 "must be a mapping, not %s", fn,
					 pyv_type_name(d));
		for (j = 0; j < d->n; j++)
			if ((rc = add_kw(out, r, d->keys[j]->s, d->v[j],
					 d->v[j]->off)) < 0)
				return rc;
	}
	return 0;
}

struct pyval *pyargs_get(const struct pyargs *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->nparams; i++) {
		const char *p = x->params[i];

		if (!strcmp(p[0] == '*' ? p + 1 : p, name))
			return x->v[i];
	}
	return NULL;
}

int pyargs_need(struct pyval **out, struct pyi *r, const struct pyargs *x,
		const char *name)
{
	if ((*out = pyargs_get(x, name)))
		return 0;
	return pyi_error(r, x->off, "%s() missing required argument '%s'",
			 x->fn, name);
}
