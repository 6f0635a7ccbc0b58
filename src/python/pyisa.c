/*
 * pyisa.c: SQLAlchemy's constructors in the interpreter: types with
 * their positional parameters (ops_type_spec), Column, ForeignKey, the
 * constraints, Index, Identity, server default expressions (sa.func.*,
 * sa.true/false) and table()/column() for bulk_insert.
 */
#include "pyinterp_int.h"

static const struct {
	const char *prefix;
	enum ops_module module;
} type_modules[] = {
	{ "sqlalchemy.dialects.postgresql.", OPS_M_POSTGRESQL },
	{ "sqlalchemy.dialects.mysql.", OPS_M_MYSQL },
	{ "sqlalchemy.dialects.sqlite.", OPS_M_SQLITE },
	{ "sqlalchemy.", OPS_M_SA },
};

const struct ops_type_spec *pyisa_type_spec(const char *qual)
{
	size_t i, n;

	if (!qual)
		return NULL;
	for (i = 0; i < RT_ARRAY_SIZE(type_modules); i++) {
		n = strlen(type_modules[i].prefix);
		if (!strncmp(qual, type_modules[i].prefix, n) &&
		    !strchr(qual + n, '.'))
			return ops_type_lookup(type_modules[i].module,
					       qual + n);
	}
	return NULL;
}

int pyisa_type_exists(struct pyi *r, const struct ops_type_spec *s,
		      size_t off)
{
	size_t i, n;

	if (!ops_type_sa2_only(s) || alembic_sa2(r->o->alembic))
		return 0;
	for (i = 0; i < RT_ARRAY_SIZE(type_modules); i++)
		if (type_modules[i].module == s->module)
			break;
	n = strlen(type_modules[i].prefix) - 1;
	return pyi_raise(r, off, "AttributeError", arena_printf(r->a,
			 "module '%.*s' has no attribute '%s'", (int)n,
			 type_modules[i].prefix, s->pyname));
}

const char *pyisa_spec_qual(struct pyi *r, const struct ops_type_spec *s)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(type_modules); i++)
		if (type_modules[i].module == s->module)
			break;
	return arena_printf(r->a, "%s%s", type_modules[i].prefix, s->pyname);
}

/* What a call's message names it by: as written, else the class. */
static const char *fname(struct pyi *r, const struct py_node *call,
			 const char *cls)
{
	const char *s = pyi_spelled(r, call->a);

	return s ? s : cls;
}

/* "<fn>() argument '<name>'" */
static const char *argname(struct pyi *r, const struct pyargs *x,
			   const char *name)
{
	return arena_printf(r->a, "%s() argument '%s'", x->fn, name);
}

static int opt_str(const char **out, struct pyi *r, const struct pyargs *x,
		   const char *name)
{
	struct pyval *v = pyargs_get(x, name);

	if (!v)
		return 0;
	return pyv_want_str(out, r, v, argname(r, x, name), true);
}

static int opt_tri(enum ops_tri *out, struct pyi *r, const struct pyargs *x,
		   const char *name)
{
	struct pyval *v = pyargs_get(x, name);

	if (!v)
		return 0;
	return pyv_want_tri(out, r, v, argname(r, x, name));
}

/* Keywords accepted but without effect on DDL: fine when None/False. */
static int must_be_unset(struct pyi *r, const struct pyargs *x,
			 const char *name)
{
	struct pyval *v = pyargs_get(x, name);

	if (!v || v->kind == PV_NONE || (v->kind == PV_BOOL && !v->b))
		return 0;
	return pyi_unsupported(r, v->off, "%s(%s=)", x->fn, name);
}

/* Every "**" keyword is unsupported (dialect options ...). */
static int no_extra_kw(struct pyi *r, const struct pyargs *x)
{
	if (!x->kw->n)
		return 0;
	return pyi_unsupported(r, x->kw->v[0]->off, "%s(%s=)", x->fn,
			       x->kw->keys[0]->s);
}

/* ---- types ---- */

static int type_arg(struct ops_type *t, struct pyi *r, const char *name,
		    struct pyval *v)
{
	struct ops_value *lit;
	size_t i;
	int rc;

	if (!strcmp(name, "values") && t->kind == OPS_T_ENUM) {
		for (i = 0; i < v->n; i++) {
			if (v->v[i]->kind != PV_STR)
				return pyi_unsupported(r, v->v[i]->off, "%s() "
						       "of a %s (expected "
						       "string values)",
						       t->pyname,
						       pyv_type_name(v->v[i]));
			ops_type_add_value(r->a, t, v->v[i]->s);
		}
		return 0;
	}
	if (!strcmp(name, "item_type") && t->kind == OPS_T_ARRAY)
		return pyv_want_type(&t->item, r, v, "ARRAY() item_type");
	if (!strcmp(name, "astext_type") && (t->kind == OPS_T_JSON ||
					     t->kind == OPS_T_JSONB)) {
		struct ops_type *ignored;

		/* what ->> returns: no effect on DDL */
		return pyv_want_type(&ignored, r, v, arena_printf(r->a,
				     "%s() astext_type", t->pyname));
	}
	if ((rc = pyv_literal(&lit, r, v, arena_printf(r->a, "%s() argument "
						       "'%s'", t->pyname,
						       name))) < 0)
		return rc;
	return ops_type_set(t, name, lit, r->err);
}

static int type_call(struct pyval **out, struct pyi *r,
		     const struct ops_type_spec *spec,
		     const struct py_node *call)
{
	const char *params[RT_ARRAY_SIZE(spec->params) + 2];
	struct ops_type *t = ops_type_new(r->a, spec, pyi_loc(r, call->off));
	struct pyargs x;
	size_t i, n = 0;
	int rc;

	while (n < RT_ARRAY_SIZE(spec->params) && spec->params[n]) {
		params[n] = spec->params[n];
		n++;
	}
	params[n] = "**";
	params[n + 1] = NULL;
	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, spec->pyname),
				params)) < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (x.v[i] && (rc = type_arg(t, r, params[i][0] == '*' ?
					     params[i] + 1 : params[i],
					     x.v[i])) < 0)
			return rc;
	for (i = 0; i < x.kw->n; i++)
		if ((rc = type_arg(t, r, x.kw->keys[i]->s, x.kw->v[i])) < 0)
			return rc;
	*out = pyv_new(r, PV_TYPE, call->off);
	(*out)->u.type = t;
	return 0;
}

/* ---- Column ---- */

static int column_autoinc(struct ops_column *c, struct pyi *r,
			  const struct pyval *v)
{
	if (v->kind == PV_STR && !strcmp(v->s, "auto"))
		return 0;
	if (v->kind == PV_STR && !strcmp(v->s, "ignore_fk")) {
		c->ignore_fk = true;
		return 0;
	}
	if (v->kind != PV_BOOL)
		return pyi_error(r, v->off, "Column() argument 'autoincrement' "
				 "must be True, False, 'auto' or "
				 "'ignore_fk'");
	c->autoincrement = v->b ? OPS_TRUE : OPS_FALSE;
	return 0;
}

static int column_kw(struct ops_column *c, struct pyi *r,
		     const struct pyargs *x)
{
	static const char *const ignored[] = {
		"default", "onupdate", "doc", "key", "info",
	};
	struct pyval *v;
	size_t i, j;
	int rc;

	if ((rc = opt_tri(&c->nullable, r, x, "nullable")) < 0 ||
	    (rc = opt_str(&c->comment, r, x, "comment")) < 0 ||
	    ((v = pyargs_get(x, "primary_key")) &&
	     (rc = pyv_want_bool(&c->primary_key, r, v,
				 argname(r, x, "primary_key"))) < 0) ||
	    ((v = pyargs_get(x, "unique")) &&
	     (rc = pyv_want_bool(&c->unique, r, v,
				 argname(r, x, "unique"))) < 0) ||
	    ((v = pyargs_get(x, "index")) &&
	     (rc = pyv_want_bool(&c->index, r, v,
				 argname(r, x, "index"))) < 0) ||
	    ((v = pyargs_get(x, "server_default")) &&
	     (rc = pyv_want_default(&c->server_default, r, v,
				    "Column() server_default")) < 0) ||
	    ((v = pyargs_get(x, "autoincrement")) &&
	     (rc = column_autoinc(c, r, v)) < 0))
		return rc;
	for (i = 0; i < x->kw->n; i++) {
		for (j = 0; j < RT_ARRAY_SIZE(ignored); j++)
			if (!strcmp(x->kw->keys[i]->s, ignored[j]))
				break;
		if (j == RT_ARRAY_SIZE(ignored))
			return pyi_unsupported(r, x->kw->v[i]->off,
					       "%s(%s=)", x->fn,
					       x->kw->keys[i]->s);
	}
	return 0;
}

/* Column(name, type, *schema_items): positional forms as SQLAlchemy
 * takes them (name and type optional, in that order). */
static int column_args(struct ops_column *c, struct pyi *r,
		       const struct pyval *args)
{
	size_t i = 0;
	int rc;

	if (i < args->n && args->v[i]->kind == PV_STR)
		c->name = args->v[i++]->s;
	if (i < args->n && (args->v[i]->kind == PV_TYPE ||
			    args->v[i]->kind == PV_TYPECLS)) {
		if ((rc = pyv_want_type(&c->type, r, args->v[i++],
					"Column() type")) < 0)
			return rc;
	}
	for (; i < args->n; i++) {
		const struct pyval *v = args->v[i];

		if (v->kind == PV_FK)
			ops_column_add_fk(r->a, c, v->u.fk);
		else if (v->kind == PV_IDENTITY)
			c->identity = v->u.ident;
		else if (v->kind == PV_CONS && v->u.cons->kind == OPS_C_CHECK)
			ops_column_add_check(r->a, c, v->u.cons);
		else
			return pyi_unsupported(r, v->off, "a %s as an "
					       "argument of Column()",
					       pyv_type_name(v));
	}
	return 0;
}

static int column_call(struct pyval **out, struct pyi *r,
		       const struct py_node *call)
{
	static const char *const params[] = {
		"*args", "name", "type_", "nullable", "primary_key",
		"autoincrement", "server_default", "comment", "unique",
		"index", "**", NULL
	};
	struct ops_column *c = ops_column_new(r->a, NULL, NULL,
					      pyi_loc(r, call->off));
	struct ops_type *t;
	struct pyargs x;
	struct pyval *v;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, "Column"),
				params)) < 0 ||
	    (rc = column_args(c, r, x.v[0])) < 0 ||
	    (rc = column_kw(c, r, &x)) < 0)
		return rc;
	if ((v = pyargs_get(&x, "name")) &&
	    (rc = pyv_want_str(&c->name, r, v, argname(r, &x, "name"),
			       false)) < 0)
		return rc;
	if ((v = pyargs_get(&x, "type_"))) {
		if ((rc = pyv_want_type(&t, r, v, "Column() type_")) < 0)
			return rc;
		if (t)
			c->type = t;
	}
	if (!c->name)
		return pyi_unsupported(r, call->off, "%s() without a name",
				       x.fn);
	*out = pyv_new(r, PV_COLUMN, call->off);
	(*out)->u.col = c;
	return 0;
}

/* ---- ForeignKey and constraints ---- */

static int fk_options(struct ops_fk *fk, struct pyi *r,
		      const struct pyargs *x)
{
	int rc;

	if ((rc = opt_str(&fk->name, r, x, "name")) < 0 ||
	    (rc = opt_str(&fk->onupdate, r, x, "onupdate")) < 0 ||
	    (rc = opt_str(&fk->ondelete, r, x, "ondelete")) < 0 ||
	    (rc = opt_str(&fk->initially, r, x, "initially")) < 0 ||
	    (rc = opt_str(&fk->match, r, x, "match")) < 0 ||
	    (rc = opt_tri(&fk->deferrable, r, x, "deferrable")) < 0 ||
	    (rc = must_be_unset(r, x, "use_alter")) < 0 ||
	    (rc = must_be_unset(r, x, "link_to_name")) < 0 ||
	    (rc = must_be_unset(r, x, "table")) < 0)
		return rc;
	return no_extra_kw(r, x);
}

static int fk_call(struct pyval **out, struct pyi *r,
		   const struct py_node *call)
{
	static const char *const params[] = {
		"column", "_constraint", "use_alter", "name", "onupdate",
		"ondelete", "deferrable", "initially", "link_to_name",
		"match", "info", "**", NULL
	};
	struct ops_fk *fk = ops_fk_new(r->a, pyi_loc(r, call->off));
	const char *target;
	struct pyargs x;
	struct pyval *v;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, "ForeignKey"),
				params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "column")) < 0 ||
	    (rc = must_be_unset(r, &x, "_constraint")) < 0 ||
	    (rc = fk_options(fk, r, &x)) < 0)
		return rc;
	if (v->kind != PV_STR)
		return pyi_unsupported(r, v->off, "%s() of a %s (expected "
				       "'table.column')", x.fn,
				       pyv_type_name(v));
	if ((rc = pyv_want_str(&target, r, v, argname(r, &x, "column"),
			       false)) < 0)
		return rc;
	fk->refspecs = ops_strv(r->a, &target, 1);
	fk->nrefs = 1;
	*out = pyv_new(r, PV_FK, call->off);
	(*out)->u.fk = fk;
	return 0;
}

/* Column names: strings, or Column objects (their names). */
static int names(const char ***out, size_t *n, struct pyi *r,
		 const struct pyval *seq, const char *what)
{
	struct pyval **items;
	size_t i;
	int rc;

	if ((rc = pyv_want_seq(&items, n, r, seq, what)) < 0)
		return rc;
	*out = arena_alloc(r->a, (*n ? *n : 1) * sizeof(**out));
	for (i = 0; i < *n; i++) {
		if (items[i]->kind == PV_COLUMN || items[i]->kind == PV_SACOL) {
			(*out)[i] = items[i]->u.col->name;
			continue;
		}
		if ((rc = pyv_want_str(&(*out)[i], r, items[i], what,
				       false)) < 0)
			return rc;
	}
	return 0;
}

static int cons_common(struct ops_constraint *c, struct pyi *r,
		       const struct pyargs *x)
{
	int rc;

	if ((rc = opt_str(&c->name, r, x, "name")) < 0 ||
	    (rc = opt_tri(&c->deferrable, r, x, "deferrable")) < 0 ||
	    (rc = opt_str(&c->initially, r, x, "initially")) < 0 ||
	    (rc = must_be_unset(r, x, "table")) < 0)
		return rc;
	return no_extra_kw(r, x);
}

static int cols_cons_call(struct pyval **out, struct pyi *r,
			  const struct py_node *call, enum ops_cons_kind kind)
{
	static const char *const params[] = {
		"*columns", "name", "deferrable", "initially", "info",
		"**", NULL
	};
	struct ops_constraint *c = ops_constraint_new(r->a, kind,
						      pyi_loc(r, call->off));
	struct pyargs x;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, kind ==
				OPS_C_PRIMARY ? "PrimaryKeyConstraint" :
				"UniqueConstraint"), params)) < 0 ||
	    (rc = names(&c->cols, &c->ncols, r, x.v[0],
			arena_printf(r->a, "%s() column", x.fn))) < 0 ||
	    (rc = cons_common(c, r, &x)) < 0)
		return rc;
	*out = pyv_new(r, PV_CONS, call->off);
	(*out)->u.cons = c;
	return 0;
}

static int check_call(struct pyval **out, struct pyi *r,
		      const struct py_node *call)
{
	static const char *const params[] = {
		"sqltext", "name", "deferrable", "initially", "table", "info",
		"**", NULL
	};
	struct ops_constraint *c = ops_constraint_new(r->a, OPS_C_CHECK,
						      pyi_loc(r, call->off));
	struct pyargs x;
	struct pyval *v;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call,
				"CheckConstraint"), params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "sqltext")) < 0 ||
	    (rc = pyv_want_sql(&c->sqltext, &c->sqltext_is_text, r, v,
			       arena_printf(r->a, "%s() sqltext", x.fn))) < 0 ||
	    (rc = cons_common(c, r, &x)) < 0)
		return rc;
	*out = pyv_new(r, PV_CONS, call->off);
	(*out)->u.cons = c;
	return 0;
}

static int fkc_call(struct pyval **out, struct pyi *r,
		    const struct py_node *call)
{
	static const char *const params[] = {
		"columns", "refcolumns", "name", "onupdate", "ondelete",
		"deferrable", "initially", "use_alter", "link_to_name",
		"match", "table", "info", "**", NULL
	};
	struct rt_loc loc = pyi_loc(r, call->off);
	struct ops_constraint *c = ops_constraint_new(r->a, OPS_C_FOREIGN,
						      loc);
	struct ops_fk *fk = ops_fk_new(r->a, loc);
	struct pyargs x;
	struct pyval *cols, *refs;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call,
				"ForeignKeyConstraint"), params)) < 0 ||
	    (rc = pyargs_need(&cols, r, &x, "columns")) < 0 ||
	    (rc = pyargs_need(&refs, r, &x, "refcolumns")) < 0 ||
	    (rc = names(&fk->cols, &fk->ncols, r, cols,
			arena_printf(r->a, "%s() columns", x.fn))) < 0 ||
	    (rc = names(&fk->refspecs, &fk->nrefs, r, refs,
			arena_printf(r->a, "%s() refcolumns", x.fn))) < 0 ||
	    (rc = fk_options(fk, r, &x)) < 0)
		return rc;
	c->fk = fk;
	c->name = fk->name;
	c->deferrable = fk->deferrable;
	c->initially = fk->initially;
	*out = pyv_new(r, PV_CONS, call->off);
	(*out)->u.cons = c;
	return 0;
}

/* ---- Index ---- */

/* mysql_length= / mariadb_length=: an int for every column, or a dict
 * by column name. */
static int index_length(struct ops_index *ix, struct pyi *r,
			const struct pyval *v, bool mariadb)
{
	size_t i, j;

	for (i = 0; i < ix->ncols; i++) {
		const struct pyval *len = v;
		int *dst = mariadb ? &ix->cols[i].mariadb_length :
			   &ix->cols[i].mysql_length;

		if (v->kind == PV_DICT) {
			for (j = 0, len = NULL; j < v->n && !len; j++)
				if (!strcmp(v->keys[j]->s, ix->cols[i].name))
					len = v->v[j];
			if (!len)
				continue;
		}
		if (len->kind != PV_INT)
			return pyi_error(r, len->off, "%s_length must be an "
					 "int or a dict of ints",
					 mariadb ? "mariadb" : "mysql");
		*dst = (int)len->i;
	}
	return 0;
}

int pyisa_index_kw(struct ops_index *ix, struct pyi *r,
		   const struct pyval *kw, const char *fn)
{
	size_t i;
	int rc;

	for (i = 0; i < kw->n; i++) {
		const char *k = kw->keys[i] ? kw->keys[i]->s : NULL;
		const struct pyval *v = kw->v[i];
		bool is_text;

		if (!k)
			continue;	/* taken by the caller */

		if (!strcmp(k, "postgresql_where")) {
			if (v->kind != PV_NONE &&
			    (rc = pyv_want_sql(&ix->pg_where, &is_text, r, v,
					       "postgresql_where")) < 0)
				return rc;
		} else if (!strcmp(k, "postgresql_using")) {
			if ((rc = pyv_want_str(&ix->pg_using, r, v,
					       "postgresql_using", true)) < 0)
				return rc;
		} else if (!strcmp(k, "postgresql_concurrently")) {
			if ((rc = pyv_want_bool(&ix->pg_concurrently, r, v,
						"postgresql_concurrently")) < 0)
				return rc;
		} else if (!strcmp(k, "mysql_length") ||
			   !strcmp(k, "mariadb_length")) {
			if ((rc = index_length(ix, r, v, k[1] == 'a')) < 0)
				return rc;
		} else {
			return pyi_unsupported(r, v->off, "%s(%s=)", fn, k);
		}
	}
	return 0;
}

/* Index columns: names or sa.text() expressions. */
int pyisa_index_cols(struct ops_index *ix, struct pyi *r,
		     const struct pyval *seq, const char *what)
{
	struct pyval **items;
	size_t i, n;
	int rc;

	if ((rc = pyv_want_seq(&items, &n, r, seq, what)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		const struct pyval *v = items[i];

		if (v->kind == PV_COLUMN || v->kind == PV_SACOL)
			ops_index_add_col(r->a, ix, v->u.col->name, false);
		else if (v->kind == PV_STR || v->kind == PV_TEXT)
			ops_index_add_col(r->a, ix, v->s, v->kind == PV_TEXT);
		else
			return pyi_unsupported(r, v->off, "%s of type %s",
					       what, pyv_type_name(v));
	}
	return 0;
}

static int index_call(struct pyval **out, struct pyi *r,
		      const struct py_node *call)
{
	static const char *const params[] = {
		"name", "*expressions", "unique", "quote", "info", "**", NULL
	};
	struct ops_index *ix = ops_index_new(r->a, NULL,
					     pyi_loc(r, call->off));
	struct pyargs x;
	struct pyval *v;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, "Index"),
				params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "name")) < 0 ||
	    (rc = pyv_want_str(&ix->name, r, v, argname(r, &x, "name"),
			       true)) < 0 ||
	    (rc = pyisa_index_cols(ix, r, x.v[1], "an Index() "
				   "expression")) < 0 ||
	    (rc = must_be_unset(r, &x, "quote")) < 0 ||
	    ((v = pyargs_get(&x, "unique")) &&
	     (rc = pyv_want_bool(&ix->unique, r, v,
				 argname(r, &x, "unique"))) < 0) ||
	    (rc = pyisa_index_kw(ix, r, x.kw, x.fn)) < 0)
		return rc;
	*out = pyv_new(r, PV_INDEX, call->off);
	(*out)->u.ix = ix;
	return 0;
}

/* ---- Identity, server default expressions ---- */

static int opt_int(bool *has, long long *out, struct pyi *r,
		   const struct pyargs *x, const char *name)
{
	struct pyval *v = pyargs_get(x, name);

	if (!v || v->kind == PV_NONE)
		return 0;
	if (v->kind != PV_INT)
		return pyi_unsupported(r, v->off, "%s(%s=) of a %s (expected "
				       "an int)", x->fn, name,
				       pyv_type_name(v));
	*has = true;
	*out = v->i;
	return 0;
}

/* get_identity_options() tests nominvalue/nomaxvalue "is not None":
 * False says NO MINVALUE too. */
static void opt_given(bool *out, const struct pyargs *x, const char *name)
{
	struct pyval *v = pyargs_get(x, name);

	*out = v && v->kind != PV_NONE;
}

static int identity_call(struct pyval **out, struct pyi *r,
			 const struct py_node *call)
{
	static const char *const params[] = {
		"always", "on_null", "start", "increment", "minvalue",
		"maxvalue", "nominvalue", "nomaxvalue", "cycle", "cache",
		"order", NULL
	};
	struct ops_identity *id = arena_alloc(r->a, sizeof(*id));
	struct pyargs x;
	struct pyval *v;
	int rc;

	memset(id, 0, sizeof(*id));
	id->loc = pyi_loc(r, call->off);
	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, "Identity"),
				params)) < 0 ||
	    ((v = pyargs_get(&x, "always")) &&
	     (rc = pyv_want_bool(&id->always, r, v,
				 argname(r, &x, "always"))) < 0) ||
	    (rc = must_be_unset(r, &x, "on_null")) < 0 ||
	    (rc = opt_int(&id->has_start, &id->start, r, &x, "start")) < 0 ||
	    (rc = opt_int(&id->has_increment, &id->increment, r, &x,
			  "increment")) < 0 ||
	    (rc = opt_int(&id->has_minvalue, &id->minvalue, r, &x,
			  "minvalue")) < 0 ||
	    (rc = opt_int(&id->has_maxvalue, &id->maxvalue, r, &x,
			  "maxvalue")) < 0 ||
	    (rc = opt_int(&id->has_cache, &id->cache, r, &x, "cache")) < 0 ||
	    (rc = opt_tri(&id->cycle, r, &x, "cycle")) < 0 ||
	    (rc = opt_tri(&id->order, r, &x, "order")) < 0)
		return rc;
	opt_given(&id->nominvalue, &x, "nominvalue");
	opt_given(&id->nomaxvalue, &x, "nomaxvalue");
	*out = pyv_new(r, PV_IDENTITY, call->off);
	(*out)->u.ident = id;
	return 0;
}

/* sa.func.<name>(), sa.true(), sa.false(): without arguments, what a
 * server_default= takes (render.c compiles them per dialect). */
static int sqlexpr_call(struct pyval **out, struct pyi *r, const char *qual,
			const struct py_node *call)
{
	struct ops_default *d;

	if (call->kids.n || call->kids2.n)
		return pyi_unsupported(r, call->off, "%s() with arguments",
				       pyi_spelled(r, call->a));
	d = ops_default_new(r->a, false, NULL, pyi_loc(r, call->off));
	if (!strcmp(qual, "sqlalchemy.true")) {
		d->expr = OPS_D_TRUE;
	} else if (!strcmp(qual, "sqlalchemy.false")) {
		d->expr = OPS_D_FALSE;
	} else {
		d->expr = OPS_D_FUNC;
		d->sql = qual + strlen("sqlalchemy.func.");
	}
	*out = pyv_new(r, PV_SQLEXPR, call->off);
	(*out)->u.def = d;
	return 0;
}

/* ---- table() / column() ---- */

static int sacolumn_call(struct pyval **out, struct pyi *r,
			 const struct py_node *call)
{
	static const char *const params[] = {
		"text", "type_", "is_literal", "_selectable", NULL
	};
	struct ops_type *t = NULL;
	const char *name;
	struct pyargs x;
	struct pyval *v;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, "column"),
				params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "text")) < 0 ||
	    (rc = pyv_want_str(&name, r, v, argname(r, &x, "text"),
			       false)) < 0 ||
	    ((v = pyargs_get(&x, "type_")) &&
	     (rc = pyv_want_type(&t, r, v, "column() type_")) < 0) ||
	    (rc = must_be_unset(r, &x, "is_literal")) < 0 ||
	    (rc = must_be_unset(r, &x, "_selectable")) < 0)
		return rc;
	*out = pyv_new(r, PV_SACOL, call->off);
	(*out)->u.col = ops_column_new(r->a, name, t, pyi_loc(r, call->off));
	return 0;
}

static int table_call(struct pyval **out, struct pyi *r,
		      const struct py_node *call)
{
	static const char *const params[] = {
		"name", "*columns", "schema", NULL
	};
	struct ops_table *t;
	const char *name;
	struct pyargs x;
	struct pyval *v;
	size_t i;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, fname(r, call, "table"),
				params)) < 0 ||
	    (rc = pyargs_need(&v, r, &x, "name")) < 0 ||
	    (rc = pyv_want_str(&name, r, v, argname(r, &x, "name"),
			       false)) < 0)
		return rc;
	t = ops_table_new(r->a, name, pyi_loc(r, call->off));
	if ((rc = opt_str(&t->schema, r, &x, "schema")) < 0)
		return rc;
	for (i = 0; i < x.v[1]->n; i++) {
		v = x.v[1]->v[i];
		if (v->kind != PV_SACOL)
			return pyi_unsupported(r, v->off, "a %s as an "
					       "argument of %s() (expected "
					       "column())", pyv_type_name(v),
					       x.fn);
		ops_table_add_column(r->a, t, v->u.col);
	}
	*out = pyv_new(r, PV_TABLE, call->off);
	(*out)->u.tab = t;
	return 0;
}

int pyisa_call(struct pyval **out, struct pyi *r, const char *qual,
	       const struct py_node *call)
{
	static const struct {
		const char *name;
		int (*fn)(struct pyval **, struct pyi *,
			  const struct py_node *);
	} ctors[] = {
		{ "sqlalchemy.Column", column_call },
		{ "sqlalchemy.ForeignKey", fk_call },
		{ "sqlalchemy.CheckConstraint", check_call },
		{ "sqlalchemy.ForeignKeyConstraint", fkc_call },
		{ "sqlalchemy.Index", index_call },
		{ "sqlalchemy.table", table_call },
		{ "sqlalchemy.column", sacolumn_call },
		{ "sqlalchemy.Identity", identity_call },
	};
	const struct ops_type_spec *spec;
	size_t i;
	int rc;

	for (i = 0; i < RT_ARRAY_SIZE(ctors); i++)
		if (!strcmp(qual, ctors[i].name))
			return (rc = ctors[i].fn(out, r, call)) < 0 ? rc : 1;
	if (!strcmp(qual, "sqlalchemy.true") ||
	    !strcmp(qual, "sqlalchemy.false") ||
	    (!strncmp(qual, "sqlalchemy.func.", 16) && qual[16] &&
	     !strchr(qual + 16, '.')))
		return (rc = sqlexpr_call(out, r, qual, call)) < 0 ? rc : 1;
	if (!strcmp(qual, "sqlalchemy.PrimaryKeyConstraint") ||
	    !strcmp(qual, "sqlalchemy.UniqueConstraint"))
		return (rc = cols_cons_call(out, r, call, qual[11] == 'P' ?
					    OPS_C_PRIMARY : OPS_C_UNIQUE)) < 0 ?
		       rc : 1;
	if ((spec = pyisa_type_spec(qual))) {
		if ((rc = pyisa_type_exists(r, spec, call->off)) < 0)
			return rc;
		return (rc = type_call(out, r, spec, call)) < 0 ? rc : 1;
	}
	return 0;
}
