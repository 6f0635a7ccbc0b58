/*
 * pyiop.c: Alembic's op.* calls (and batch_op.* inside
 * batch_alter_table()) interpreted into ops: positional arguments map
 * to Alembic 1.8.1's signatures (operations/base.py, ops.py).
 */
#include "pyinterp_int.h"

/* One op.*() call being interpreted. */
struct opcall {
	struct pyi *r;
	const struct py_node *call;
	struct pyargs x;
	bool batch;
	struct ops_op *op;
};

static const char *argname(struct opcall *c, const char *name)
{
	return arena_printf(c->r->a, "%s() argument '%s'", c->x.fn, name);
}

static int req_str(struct opcall *c, const char *name, const char **out,
		   bool none_ok)
{
	struct pyval *v;
	int rc;

	if ((rc = pyargs_need(&v, c->r, &c->x, name)) < 0)
		return rc;
	return pyv_want_str(out, c->r, v, argname(c, name), none_ok);
}

static int opt_str(struct opcall *c, const char *name, const char **out)
{
	struct pyval *v = pyargs_get(&c->x, name);

	if (!v)
		return 0;
	return pyv_want_str(out, c->r, v, argname(c, name), true);
}

static int opt_tri(struct opcall *c, const char *name, enum ops_tri *out)
{
	struct pyval *v = pyargs_get(&c->x, name);

	if (!v)
		return 0;
	return pyv_want_tri(out, c->r, v, argname(c, name));
}

/* A "**" keyword by name (removed from the pending list), or NULL. */
static struct pyval *take_kw(struct opcall *c, const char *name)
{
	struct pyval *kw = c->x.kw, *v;
	size_t i;

	for (i = 0; i < kw->n; i++)
		if (kw->keys[i] && !strcmp(kw->keys[i]->s, name)) {
			v = kw->v[i];
			kw->keys[i] = NULL;
			return v;
		}
	return NULL;
}

/* The "**" keywords nobody took are unsupported. */
static int no_kw_left(struct opcall *c)
{
	struct pyval *kw = c->x.kw;
	size_t i;

	for (i = 0; i < kw->n; i++)
		if (kw->keys[i])
			return pyi_unsupported(c->r, kw->v[i]->off, "%s(%s=)",
					       c->x.fn, kw->keys[i]->s);
	return 0;
}

/* table_name and schema, or the batch's. */
static int target(struct opcall *c, const char *table_param)
{
	int rc;

	if (c->batch) {
		c->op->table = c->r->batch->table;
		c->op->schema = c->r->batch->schema;
		return 0;
	}
	if ((rc = req_str(c, table_param, &c->op->table, false)) < 0)
		return rc;
	return opt_str(c, "schema", &c->op->schema);
}

/* ---- tables and columns ---- */

static int table_item(struct opcall *c, struct ops_table *t,
		      const struct pyval *v)
{
	switch (v->kind) {
	case PV_COLUMN:
		ops_table_add_column(c->r->a, t, v->u.col);
		return 0;
	case PV_CONS:
		ops_table_add_constraint(c->r->a, t, v->u.cons);
		return 0;
	case PV_INDEX:
		v->u.ix->table = t->name;
		v->u.ix->schema = t->schema;
		ops_table_add_index(c->r->a, t, v->u.ix);
		return 0;
	default:
		return pyi_unsupported(c->r, v->off, "a %s as an argument of "
				       "%s()", pyv_type_name(v), c->x.fn);
	}
}

/* mysql_<key>= and mariadb_<key>= table options (any key: SQLAlchemy's
 * MySQL dialect accepts "*"); postgresql_* and sqlite_* ones are left
 * for no_kw_left() to refuse. */
static int table_opts(struct opcall *c, struct ops_table *t)
{
	static const char *const dialects[] = { "mysql", "mariadb" };
	struct pyval *kw = c->x.kw;
	size_t i, j, n;

	for (i = 0; i < kw->n; i++) {
		const char *k = kw->keys[i] ? kw->keys[i]->s : NULL;

		for (j = 0; k && j < RT_ARRAY_SIZE(dialects); j++) {
			n = strlen(dialects[j]);
			if (strncmp(k, dialects[j], n) || k[n] != '_')
				continue;
			if (kw->v[i]->kind != PV_STR)
				return pyi_unsupported(c->r, kw->v[i]->off,
						       "%s(%s=) of a %s "
						       "(expected a str)",
						       c->x.fn, k,
						       pyv_type_name(kw->v[i]));
			ops_table_add_opt(c->r->a, t, dialects[j], k + n + 1,
					  kw->v[i]->s,
					  pyi_loc(c->r, kw->v[i]->off));
			kw->keys[i] = NULL;
			break;
		}
	}
	return 0;
}

static int create_table(struct opcall *c)
{
	struct ops_table *t;
	struct pyval *cols = pyargs_get(&c->x, "columns"), *v;
	size_t i;
	int rc;

	if ((rc = req_str(c, "table_name", &c->op->table, false)) < 0)
		return rc;
	t = ops_table_new(c->r->a, c->op->table, c->op->loc);
	if ((v = take_kw(c, "schema")) &&
	    (rc = pyv_want_str(&t->schema, c->r, v, argname(c, "schema"),
			       true)) < 0)
		return rc;
	if ((v = take_kw(c, "comment")) &&
	    (rc = pyv_want_str(&t->comment, c->r, v, argname(c, "comment"),
			       true)) < 0)
		return rc;
	c->op->schema = t->schema;
	c->op->u.create = t;
	for (i = 0; i < cols->n; i++)
		if ((rc = table_item(c, t, cols->v[i])) < 0)
			return rc;
	if ((rc = table_opts(c, t)) < 0)
		return rc;
	return no_kw_left(c);
}

static int drop_table(struct opcall *c)
{
	int rc = target(c, "table_name");

	return rc < 0 ? rc : no_kw_left(c);
}

static int add_column(struct opcall *c)
{
	struct pyval *v;
	int rc;

	if ((rc = target(c, "table_name")) < 0 ||
	    (rc = pyargs_need(&v, c->r, &c->x, "column")) < 0)
		return rc;
	if (v->kind != PV_COLUMN)
		return pyi_unsupported(c->r, v->off, "%s() of a %s (expected "
				       "sa.Column())", c->x.fn,
				       pyv_type_name(v));
	c->op->u.column = v->u.col;
	if (!c->batch)
		return 0;
	if ((rc = opt_str(c, "insert_before", &c->op->insert_before)) < 0)
		return rc;
	return opt_str(c, "insert_after", &c->op->insert_after);
}

static int drop_column(struct opcall *c)
{
	int rc;

	if ((rc = target(c, "table_name")) < 0 ||
	    (rc = req_str(c, "column_name", &c->op->u.column_name,
			  false)) < 0)
		return rc;
	return no_kw_left(c);
}

/* comment=, server_default=: False (the default) is "not given". */
static bool given(const struct pyval *v)
{
	return v && !(v->kind == PV_BOOL && !v->b);
}

static int alter_types(struct opcall *c, struct ops_alter *al)
{
	struct pyval *v;
	int rc;

	if ((v = pyargs_get(&c->x, "type_")) &&
	    (rc = pyv_want_type(&al->type, c->r, v, argname(c, "type_"))) < 0)
		return rc;
	if ((v = pyargs_get(&c->x, "existing_type")) &&
	    (rc = pyv_want_type(&al->existing_type, c->r, v,
				argname(c, "existing_type"))) < 0)
		return rc;
	return 0;
}

static int alter_kw(struct opcall *c, struct ops_alter *al)
{
	struct pyval *v;
	int rc;

	if ((v = take_kw(c, "postgresql_using")) &&
	    (rc = pyv_want_str(&al->pg_using, c->r, v, "postgresql_using",
			       true)) < 0)
		return rc;
	if ((v = take_kw(c, "autoincrement")) &&
	    (rc = pyv_want_tri(&al->autoincrement, c->r, v,
			       "autoincrement")) < 0)
		return rc;
	if ((v = take_kw(c, "existing_autoincrement")) &&
	    (rc = pyv_want_tri(&al->existing_autoincrement, c->r, v,
			       "existing_autoincrement")) < 0)
		return rc;
	return no_kw_left(c);
}

static int alter_column(struct opcall *c)
{
	struct ops_alter *al = &c->op->u.alter;
	struct pyval *v;
	int rc;

	if ((rc = target(c, "table_name")) < 0 ||
	    (rc = req_str(c, "column_name", &al->column, false)) < 0 ||
	    (rc = opt_tri(c, "nullable", &al->nullable)) < 0 ||
	    (rc = opt_tri(c, "existing_nullable",
			  &al->existing_nullable)) < 0 ||
	    (rc = opt_str(c, "new_column_name", &al->new_name)) < 0 ||
	    (rc = opt_str(c, "existing_comment", &al->existing_comment)) < 0 ||
	    (rc = alter_types(c, al)) < 0)
		return rc;
	if (given(v = pyargs_get(&c->x, "comment"))) {
		al->comment_set = true;
		if ((rc = pyv_want_str(&al->comment, c->r, v,
				       argname(c, "comment"), true)) < 0)
			return rc;
	}
	if (given(v = pyargs_get(&c->x, "server_default"))) {
		al->server_default_set = true;
		if ((rc = pyv_want_default(&al->server_default, c->r, v,
					   argname(c, "server_default"))) < 0)
			return rc;
	}
	if (given(v = pyargs_get(&c->x, "existing_server_default")) &&
	    (rc = pyv_want_default(&al->existing_server_default, c->r, v,
				   argname(c, "existing_server_default"))) < 0)
		return rc;
	if (c->batch && ((v = pyargs_get(&c->x, "insert_before")) ||
			 (v = pyargs_get(&c->x, "insert_after"))) &&
	    v->kind != PV_NONE)
		return pyi_unsupported(c->r, v->off, "%s() with "
				       "insert_before/insert_after",
				       c->x.fn);
	return alter_kw(c, al);
}

static int rename_table(struct opcall *c)
{
	int rc;

	if ((rc = target(c, "old_table_name")) < 0)
		return rc;
	return req_str(c, "new_table_name", &c->op->u.new_name, false);
}

/* ---- indexes and constraints ---- */

static int create_index(struct opcall *c)
{
	struct ops_index *ix = ops_index_new(c->r->a, NULL, c->op->loc);
	struct pyval *v;
	int rc;

	if ((rc = req_str(c, "index_name", &ix->name, true)) < 0 ||
	    (rc = target(c, "table_name")) < 0 ||
	    (rc = pyargs_need(&v, c->r, &c->x, "columns")) < 0 ||
	    (rc = pyisa_index_cols(ix, c->r, v, argname(c, "columns"))) < 0)
		return rc;
	if (!(v = pyargs_get(&c->x, "unique")))
		v = take_kw(c, "unique");
	if (v && (rc = pyv_want_bool(&ix->unique, c->r, v,
				     argname(c, "unique"))) < 0)
		return rc;
	ix->table = c->op->table;
	ix->schema = c->op->schema;
	c->op->u.index = ix;
	return pyisa_index_kw(ix, c->r, c->x.kw, c->x.fn);
}

static int drop_index(struct opcall *c)
{
	struct ops_index *ix = ops_index_new(c->r->a, NULL, c->op->loc);
	int rc;

	if ((rc = req_str(c, "index_name", &ix->name, false)) < 0)
		return rc;
	if (c->batch) {
		c->op->table = c->r->batch->table;
		c->op->schema = c->r->batch->schema;
	} else if ((rc = opt_str(c, "table_name", &c->op->table)) < 0 ||
		   (rc = opt_str(c, "schema", &c->op->schema)) < 0) {
		return rc;
	}
	ix->table = c->op->table;
	ix->schema = c->op->schema;
	c->op->u.index = ix;
	return pyisa_index_kw(ix, c->r, c->x.kw, c->x.fn);
}

static int cons_kw(struct opcall *c, struct ops_constraint *k)
{
	struct pyval *v;
	int rc;

	if ((v = take_kw(c, "deferrable")) &&
	    (rc = pyv_want_tri(&k->deferrable, c->r, v, "deferrable")) < 0)
		return rc;
	if ((v = take_kw(c, "initially")) &&
	    (rc = pyv_want_str(&k->initially, c->r, v, "initially",
			       true)) < 0)
		return rc;
	return no_kw_left(c);
}

static int cols_arg(struct opcall *c, const char *name, const char ***out,
		    size_t *n)
{
	struct pyval *v, **items;
	size_t i;
	int rc;

	if ((rc = pyargs_need(&v, c->r, &c->x, name)) < 0 ||
	    (rc = pyv_want_seq(&items, n, c->r, v, argname(c, name))) < 0)
		return rc;
	*out = arena_alloc(c->r->a, (*n ? *n : 1) * sizeof(**out));
	for (i = 0; i < *n; i++)
		if ((rc = pyv_want_str(&(*out)[i], c->r, items[i],
				       argname(c, name), false)) < 0)
			return rc;
	return 0;
}

static int add_cons(struct opcall *c, enum ops_cons_kind kind)
{
	struct ops_constraint *k = ops_constraint_new(c->r->a, kind,
						      c->op->loc);
	int rc;

	c->op->u.cons = k;
	if ((rc = req_str(c, "constraint_name", &k->name, true)) < 0 ||
	    (rc = target(c, "table_name")) < 0 ||
	    (rc = cols_arg(c, "columns", &k->cols, &k->ncols)) < 0)
		return rc;
	return kind == OPS_C_PRIMARY ? 0 : cons_kw(c, k);
}

static int create_unique(struct opcall *c)
{
	return add_cons(c, OPS_C_UNIQUE);
}

static int create_pk(struct opcall *c)
{
	return add_cons(c, OPS_C_PRIMARY);
}

static int create_check(struct opcall *c)
{
	struct ops_constraint *k = ops_constraint_new(c->r->a, OPS_C_CHECK,
						      c->op->loc);
	struct pyval *v;
	int rc;

	c->op->u.cons = k;
	if ((rc = req_str(c, "constraint_name", &k->name, true)) < 0 ||
	    (rc = target(c, "table_name")) < 0 ||
	    (rc = pyargs_need(&v, c->r, &c->x, "condition")) < 0 ||
	    (rc = pyv_want_sql(&k->sqltext, &k->sqltext_is_text, c->r, v,
			       argname(c, "condition"))) < 0)
		return rc;
	return cons_kw(c, k);
}

static int create_fk(struct opcall *c)
{
	struct ops_constraint *k = ops_constraint_new(c->r->a, OPS_C_FOREIGN,
						      c->op->loc);
	struct ops_fk *fk = ops_fk_new(c->r->a, c->op->loc);
	int rc;

	c->op->u.cons = k;
	k->fk = fk;
	if ((rc = req_str(c, "constraint_name", &k->name, true)) < 0 ||
	    (rc = req_str(c, "referent_table", &fk->ref_table, false)) < 0 ||
	    (rc = cols_arg(c, "local_cols", &fk->cols, &fk->ncols)) < 0 ||
	    (rc = cols_arg(c, "remote_cols", &fk->ref_cols, &fk->nrefs)) < 0 ||
	    (rc = opt_str(c, "referent_schema", &fk->ref_schema)) < 0 ||
	    (rc = opt_str(c, "onupdate", &fk->onupdate)) < 0 ||
	    (rc = opt_str(c, "ondelete", &fk->ondelete)) < 0 ||
	    (rc = opt_str(c, "initially", &fk->initially)) < 0 ||
	    (rc = opt_str(c, "match", &fk->match)) < 0 ||
	    (rc = opt_tri(c, "deferrable", &fk->deferrable)) < 0)
		return rc;
	fk->name = k->name;
	if (c->batch) {
		c->op->table = c->r->batch->table;
		c->op->schema = c->r->batch->schema;
	} else if ((rc = req_str(c, "source_table", &c->op->table,
				 false)) < 0 ||
		   (rc = opt_str(c, "source_schema", &c->op->schema)) < 0) {
		return rc;
	}
	return no_kw_left(c);
}

static int drop_constraint(struct opcall *c)
{
	int rc;

	if ((rc = req_str(c, "constraint_name", &c->op->u.drop.name,
			  false)) < 0 ||
	    (rc = target(c, "table_name")) < 0)
		return rc;
	return opt_str(c, "type_", &c->op->u.drop.type_);
}

/* ---- execute, bulk_insert, comments ---- */

static int execute(struct opcall *c)
{
	struct pyval *v, *o;
	int rc;

	if ((rc = pyargs_need(&v, c->r, &c->x, "sqltext")) < 0)
		return rc;
	if ((o = pyargs_get(&c->x, "execution_options")) && o->kind != PV_NONE)
		return pyi_unsupported(c->r, o->off, "%s(execution_options=)",
				       c->x.fn);
	/* the statement's location is its SQL text's */
	c->op->loc = pyi_loc(c->r, v->off);
	if ((rc = pyv_want_sql(&c->op->u.exec.sql, &c->op->u.exec.is_text,
			       c->r, v, argname(c, "sqltext"))) < 0)
		return rc;
	/* Alembic wraps a str in text(): the bind rules apply to both */
	c->op->u.exec.is_text = true;
	return 0;
}

static int bulk_row(struct opcall *c, const struct ops_table *t,
		    const struct pyval *row, struct ops_row **out)
{
	const char **keys;
	struct ops_value **vals;
	size_t i;
	int rc;

	if (row->kind != PV_DICT)
		return pyi_unsupported(c->r, row->off, "a bulk_insert() row "
				       "of type %s (expected a dict)",
				       pyv_type_name(row));
	keys = arena_alloc(c->r->a, (row->n ? row->n : 1) * sizeof(*keys));
	vals = arena_alloc(c->r->a, (row->n ? row->n : 1) * sizeof(*vals));
	for (i = 0; i < row->n; i++) {
		keys[i] = row->keys[i]->s;
		if ((rc = pyv_literal(&vals[i], c->r, row->v[i],
				      "a bulk_insert() value")) < 0)
			return rc;
	}
	return ops_row_new(out, c->r->a, t, keys, vals, row->n,
			   pyi_loc(c->r, row->off), c->r->err);
}

static int bulk_insert(struct opcall *c)
{
	struct pyval *t, *rows, **items;
	size_t i, n;
	int rc;

	if ((rc = pyargs_need(&t, c->r, &c->x, "table")) < 0 ||
	    (rc = pyargs_need(&rows, c->r, &c->x, "rows")) < 0)
		return rc;
	if (t->kind != PV_TABLE)
		return pyi_unsupported(c->r, t->off, "%s() into a %s "
				       "(expected sa.table())", c->x.fn,
				       pyv_type_name(t));
	if ((rc = pyv_want_seq(&items, &n, c->r, rows,
			       argname(c, "rows"))) < 0)
		return rc;
	c->op->table = t->u.tab->name;
	c->op->schema = t->u.tab->schema;
	c->op->u.create = t->u.tab;
	c->op->rows = arena_alloc(c->r->a, (n ? n : 1) * sizeof(*c->op->rows));
	for (i = 0; i < n; i++)
		if ((rc = bulk_row(c, t->u.tab, items[i],
				   &c->op->rows[i])) < 0)
			return rc;
	c->op->nrows = n;
	return 0;
}

static int table_comment(struct opcall *c)
{
	int rc;

	if ((rc = target(c, "table_name")) < 0 ||
	    (rc = opt_str(c, "existing_comment",
			  &c->op->u.tcomment.existing_comment)) < 0)
		return rc;
	if (c->op->kind == OPS_DROP_TABLE_COMMENT)
		return 0;
	return req_str(c, "comment", &c->op->u.tcomment.comment, true);
}

/* ---- the table of ops ---- */

#define N NULL
static const char *const p_create_table[] = { "table_name", "*columns", "**",
					      N };
static const char *const p_drop_table[] = { "table_name", "schema", "**", N };
static const char *const p_add_column[] = { "table_name", "column", "schema",
					    N };
static const char *const b_add_column[] = { "column", "insert_before",
					    "insert_after", N };
static const char *const p_drop_column[] = { "table_name", "column_name",
					     "schema", "**", N };
static const char *const b_drop_column[] = { "column_name", "**", N };
static const char *const p_alter_column[] = {
	"table_name", "column_name", "nullable", "comment", "server_default",
	"new_column_name", "type_", "existing_type",
	"existing_server_default", "existing_nullable", "existing_comment",
	"schema", "**", N
};
static const char *const b_alter_column[] = {
	"column_name", "nullable", "comment", "server_default",
	"new_column_name", "type_", "existing_type",
	"existing_server_default", "existing_nullable", "existing_comment",
	"insert_before", "insert_after", "**", N
};
static const char *const p_rename_table[] = { "old_table_name",
					      "new_table_name", "schema", N };
static const char *const p_create_index[] = { "index_name", "table_name",
					      "columns", "schema", "unique",
					      "**", N };
static const char *const b_create_index[] = { "index_name", "columns", "**",
					      N };
static const char *const p_drop_index[] = { "index_name", "table_name",
					    "schema", "**", N };
static const char *const b_drop_index[] = { "index_name", "**", N };
static const char *const p_create_unique[] = { "constraint_name",
					       "table_name", "columns",
					       "schema", "**", N };
static const char *const b_create_unique[] = { "constraint_name", "columns",
					       "**", N };
static const char *const p_create_pk[] = { "constraint_name", "table_name",
					   "columns", "schema", N };
static const char *const b_create_pk[] = { "constraint_name", "columns", N };
static const char *const p_create_fk[] = {
	"constraint_name", "source_table", "referent_table", "local_cols",
	"remote_cols", "onupdate", "ondelete", "deferrable", "initially",
	"match", "source_schema", "referent_schema", "**", N
};
static const char *const b_create_fk[] = {
	"constraint_name", "referent_table", "local_cols", "remote_cols",
	"referent_schema", "onupdate", "ondelete", "deferrable", "initially",
	"match", "**", N
};
static const char *const p_create_check[] = { "constraint_name",
					      "table_name", "condition",
					      "schema", "**", N };
static const char *const b_create_check[] = { "constraint_name",
					      "condition", "**", N };
static const char *const p_drop_constraint[] = { "constraint_name",
						 "table_name", "type_",
						 "schema", N };
static const char *const b_drop_constraint[] = { "constraint_name", "type_",
						 N };
static const char *const p_execute[] = { "sqltext", "execution_options", N };
static const char *const p_bulk_insert[] = { "table", "rows", "multiinsert",
					     N };
static const char *const p_create_comment[] = { "table_name", "comment",
						"existing_comment", "schema",
						N };
static const char *const b_create_comment[] = { "comment",
						"existing_comment", N };
static const char *const p_drop_comment[] = { "table_name",
					      "existing_comment", "schema", N };
static const char *const b_drop_comment[] = { "existing_comment", N };
#undef N

static const struct opsig {
	const char *name;
	enum ops_kind kind;
	const char *const *params, *const *batch_params;
	int (*build)(struct opcall *c);
} opsigs[] = {
	{ "add_column", OPS_ADD_COLUMN, p_add_column, b_add_column,
	  add_column },
	{ "alter_column", OPS_ALTER_COLUMN, p_alter_column, b_alter_column,
	  alter_column },
	{ "bulk_insert", OPS_BULK_INSERT, p_bulk_insert, NULL, bulk_insert },
	{ "create_check_constraint", OPS_ADD_CONSTRAINT, p_create_check,
	  b_create_check, create_check },
	{ "create_foreign_key", OPS_ADD_CONSTRAINT, p_create_fk, b_create_fk,
	  create_fk },
	{ "create_index", OPS_CREATE_INDEX, p_create_index, b_create_index,
	  create_index },
	{ "create_primary_key", OPS_ADD_CONSTRAINT, p_create_pk, b_create_pk,
	  create_pk },
	{ "create_table", OPS_CREATE_TABLE, p_create_table, NULL,
	  create_table },
	{ "create_table_comment", OPS_CREATE_TABLE_COMMENT, p_create_comment,
	  b_create_comment, table_comment },
	{ "create_unique_constraint", OPS_ADD_CONSTRAINT, p_create_unique,
	  b_create_unique, create_unique },
	{ "drop_column", OPS_DROP_COLUMN, p_drop_column, b_drop_column,
	  drop_column },
	{ "drop_constraint", OPS_DROP_CONSTRAINT, p_drop_constraint,
	  b_drop_constraint, drop_constraint },
	{ "drop_index", OPS_DROP_INDEX, p_drop_index, b_drop_index,
	  drop_index },
	{ "drop_table", OPS_DROP_TABLE, p_drop_table, NULL, drop_table },
	{ "drop_table_comment", OPS_DROP_TABLE_COMMENT, p_drop_comment,
	  b_drop_comment, table_comment },
	{ "execute", OPS_EXECUTE, p_execute, NULL, execute },
	{ "rename_table", OPS_RENAME_TABLE, p_rename_table, NULL,
	  rename_table },
};

bool pyiop_is_op(const char *name)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(opsigs); i++)
		if (!strcmp(opsigs[i].name, name))
			return true;
	return false;
}

int pyiop_call(struct pyval **out, struct pyi *r, const char *name,
	       const struct py_node *call)
{
	const char *who = r->batch ? r->batch_name : "op";
	const struct opsig *sig = NULL;
	struct opcall c;
	size_t i;
	int rc;

	for (i = 0; i < RT_ARRAY_SIZE(opsigs) && !sig; i++)
		if (!strcmp(opsigs[i].name, name))
			sig = &opsigs[i];
	if (!sig || (r->batch && !sig->batch_params))
		return pyi_unsupported(r, call->off, "%s.%s()", who, name);
	if (!r->body)
		return pyi_unsupported(r, call->off, "%s.%s() outside "
				       "upgrade() and downgrade()", who, name);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.call = call;
	c.batch = r->batch != NULL;
	c.op = ops_op_new(r->a, sig->kind, pyi_loc(r, call->off));
	if ((rc = pyi_bind_args(&c.x, r, call, arena_printf(r->a, "%s.%s",
				who, name), c.batch ? sig->batch_params :
				sig->params)) < 0 ||
	    (rc = sig->build(&c)) < 0)
		return rc;
	pyi_emit(r, c.op);
	/* op.create_table() returns the Table (bulk_insert() takes it) */
	*out = pyv_new(r, c.op->kind == OPS_CREATE_TABLE ? PV_TABLE : PV_NONE,
		       call->off);
	(*out)->u.tab = c.op->kind == OPS_CREATE_TABLE ? c.op->u.create :
			NULL;
	return 0;
}
