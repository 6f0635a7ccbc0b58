/*
 * yamlops.c: the operations of a .yaml op-script, from the structs
 * libcyaml filled (and the tree, for locations and values of more than
 * one shape) into the op IR (ops.h), validated.
 */
#include "yamlrev_int.h"

/* The batch_alter_table() an op is inside of, if any. */
struct ybatch {
	const char *table, *schema;
};

typedef int (*yop_fn)(struct ops_op *op, struct yb *b, const struct y_op *o,
		      yaml_node_t *n, const char *path,
		      const struct ybatch *bt);

static const char *dup(struct yb *b, const char *s)
{
	return s ? arena_strdup(b->a, s) : NULL;
}

static const char **strv(struct yb *b, char **v, unsigned n)
{
	const char **out = arena_alloc(b->a, (n ? n : 1) * sizeof(*out));
	unsigned i;

	for (i = 0; i < n; i++)
		out[i] = arena_strdup(b->a, v[i]);
	return out;
}

static enum ops_tri tri(const bool *p)
{
	return !p ? OPS_UNSET : *p ? OPS_TRUE : OPS_FALSE;
}

static const char *at(struct yb *b, const char *path, const char *key)
{
	return arena_printf(b->a, "%s.%s", path, key);
}

static const char *item(struct yb *b, const char *path, size_t i)
{
	return arena_printf(b->a, "%s[%zu]", path, i);
}

/*
 * The table an op works on: key (table_name, source_table) and its
 * schema key, both required at the top level (the table) and refused
 * inside batch_alter_table, which names the table itself.
 */
static int op_table(struct ops_op *op, struct yb *b, yaml_node_t *n,
		    const char *path, const struct ybatch *bt,
		    const char *key, const char *table,
		    const char *skey, const char *schema)
{
	yaml_node_t *v;

	if (!bt) {
		if (!table)
			return ydoc_errf(b->d, n, b->err, "%s: missing "
					 "required field '%s'", path, key);
		op->table = dup(b, table);
		op->schema = dup(b, schema);
		return 0;
	}
	if ((v = ydoc_get(b->d, n, key)) || (v = ydoc_get(b->d, n, skey)))
		return ydoc_errf(b->d, v, b->err, "%s: %s is given by "
				 "batch_alter_table (remove it here)", path,
				 ydoc_get(b->d, n, key) ? key : skey);
	op->table = bt->table;
	op->schema = bt->schema;
	return 0;
}

/* ---- columns, constraints, indexes ---- */

static struct ops_fk *column_fk(struct yb *b, const struct y_fk *f,
				yaml_node_t *n)
{
	struct ops_fk *fk = ops_fk_new(b->a, ydoc_loc(b->d, n));
	char *col = f->column;

	fk->name = dup(b, f->name);
	fk->refspecs = strv(b, &col, 1);
	fk->nrefs = 1;
	fk->ondelete = dup(b, f->ondelete);
	fk->onupdate = dup(b, f->onupdate);
	fk->initially = dup(b, f->initially);
	fk->match = dup(b, f->match);
	fk->deferrable = tri(f->deferrable);
	return fk;
}

#define HAS(id, f, v) \
	do { \
		if ((v)->f) { \
			(id)->has_##f = true; \
			(id)->f = *(v)->f; \
		} \
	} while (0)

static struct ops_identity *identity(struct yb *b, const struct y_identity *y,
				     yaml_node_t *n)
{
	struct ops_identity *id = arena_alloc(b->a, sizeof(*id));

	id->always = y->always;
	HAS(id, start, y);
	HAS(id, increment, y);
	HAS(id, minvalue, y);
	HAS(id, maxvalue, y);
	HAS(id, cache, y);
	id->nominvalue = y->nominvalue;
	id->nomaxvalue = y->nomaxvalue;
	id->cycle = tri(y->cycle);
	id->order = tri(y->order);
	id->loc = ydoc_loc(b->d, n);
	return id;
}

static int column(struct ops_column **out, struct yb *b,
		  const struct y_column *c, yaml_node_t *n, const char *path)
{
	struct ops_type *type = NULL;
	struct ops_column *col;
	yaml_node_t *v, *fks;
	unsigned i;
	int rc;

	v = ydoc_get(b->d, n, "type");
	if (v && (rc = yops_type(&type, b, v, at(b, path, "type"))) < 0)
		return rc;
	col = ops_column_new(b->a, dup(b, c->name), type, ydoc_loc(b->d, n));
	col->nullable = tri(c->nullable);
	col->primary_key = c->primary_key;
	col->autoincrement = c->autoincrement == Y_AUTO_TRUE ? OPS_TRUE :
			     c->autoincrement == Y_AUTO_FALSE ? OPS_FALSE :
			     OPS_UNSET;
	col->ignore_fk = c->autoincrement == Y_AUTO_IGNORE_FK;
	v = ydoc_get(b->d, n, "server_default");
	if (v && (rc = yops_default(&col->server_default, b, v,
				    at(b, path, "server_default"))) < 0)
		return rc;
	col->comment = dup(b, c->comment);
	if (c->identity)
		col->identity = identity(b, c->identity,
					 ydoc_get(b->d, n, "identity"));
	col->unique = c->unique;
	col->index = c->index;
	fks = ydoc_get(b->d, n, "foreign_keys");
	for (i = 0; i < c->foreign_keys_count; i++)
		ops_column_add_fk(b->a, col,
				  column_fk(b, &c->foreign_keys[i],
					    ydoc_item(b->d, fks, i)));
	*out = col;
	return 0;
}

static struct ops_constraint *constraint(struct yb *b, const struct y_cons *c,
					 yaml_node_t *n)
{
	struct rt_loc loc = ydoc_loc(b->d, n);
	const struct y_keycons *k = c->PrimaryKeyConstraint ?
		c->PrimaryKeyConstraint : c->UniqueConstraint;
	struct ops_constraint *out;

	if (k) {
		out = ops_constraint_new(b->a, c->PrimaryKeyConstraint ?
					 OPS_C_PRIMARY : OPS_C_UNIQUE, loc);
		out->name = dup(b, k->name);
		out->cols = strv(b, k->columns, k->columns_count);
		out->ncols = k->columns_count;
		out->deferrable = tri(k->deferrable);
		out->initially = dup(b, k->initially);
	} else if (c->CheckConstraint) {
		out = ops_constraint_new(b->a, OPS_C_CHECK, loc);
		out->name = dup(b, c->CheckConstraint->name);
		out->sqltext = dup(b, c->CheckConstraint->sqltext);
	} else {
		const struct y_fkcons *f = c->ForeignKeyConstraint;
		struct ops_fk *fk = ops_fk_new(b->a, loc);

		out = ops_constraint_new(b->a, OPS_C_FOREIGN, loc);
		out->name = fk->name = dup(b, f->name);
		out->cols = fk->cols = strv(b, f->columns, f->columns_count);
		out->ncols = fk->ncols = f->columns_count;
		fk->refspecs = strv(b, f->refcolumns, f->refcolumns_count);
		fk->nrefs = f->refcolumns_count;
		fk->ondelete = dup(b, f->ondelete);
		fk->onupdate = dup(b, f->onupdate);
		fk->initially = out->initially = dup(b, f->initially);
		fk->match = dup(b, f->match);
		fk->deferrable = out->deferrable = tri(f->deferrable);
		out->fk = fk;
	}
	return out;
}

/* The index column named by key k, or an error. */
static int index_col(struct ops_index_col **out, struct ops_index *ix,
		     struct yb *b, yaml_node_t *k, const char *path)
{
	size_t i;

	if (k->type == YAML_SCALAR_NODE)
		for (i = 0; i < ix->ncols; i++)
			if (!ix->cols[i].is_expr &&
			    !strcmp(ix->cols[i].name, ydoc_str(k))) {
				*out = &ix->cols[i];
				return 0;
			}
	return ydoc_errf(b->d, k, b->err, "%s: the index has no column %s",
			 path, ydoc_describe(b->d, k));
}

/* postgresql_ops: a mapping of column name to operator class. */
static int index_ops(struct ops_index *ix, struct yb *b, yaml_node_t *n,
		     const char *path)
{
	struct ops_index_col *col;
	yaml_node_pair_t *pr;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return ydoc_want(b->d, n, path, "a mapping of column names "
				 "to operator classes", b->err);
	for (pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&b->d->doc, pr->key);

		if ((rc = index_col(&col, ix, b, k, path)) < 0 ||
		    (rc = yops_string(&col->pg_ops, b,
				      yaml_document_get_node(&b->d->doc,
							     pr->value),
				      at(b, path, ydoc_str(k)))) < 0)
			return rc;
	}
	return 0;
}

/* mysql_length / mariadb_length: an integer for every column, or a
 * mapping of column name to integer. */
static int index_lengths(struct ops_index *ix, struct yb *b, yaml_node_t *n,
			 bool maria, const char *path)
{
	struct ops_index_col *col;
	yaml_node_pair_t *pr;
	struct ops_value *v;
	size_t i;
	int rc;

	if (n->type == YAML_SCALAR_NODE) {
		if ((rc = yops_value(&v, b, n, path)) < 0)
			return rc;
		if (v->kind != OPS_V_INT)
			return ydoc_want(b->d, n, path, "an integer or a "
					 "mapping of column names to "
					 "integers", b->err);
		for (i = 0; i < ix->ncols; i++)
			*(maria ? &ix->cols[i].mariadb_length :
			  &ix->cols[i].mysql_length) = (int)v->i;
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		return ydoc_want(b->d, n, path, "an integer or a mapping of "
				 "column names to integers", b->err);
	for (pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&b->d->doc, pr->key);
		yaml_node_t *val = yaml_document_get_node(&b->d->doc,
							   pr->value);
		const char *sub = at(b, path, ydoc_str(k));

		if ((rc = index_col(&col, ix, b, k, path)) < 0 ||
		    (rc = yops_value(&v, b, val, sub)) < 0)
			return rc;
		if (v->kind != OPS_V_INT)
			return ydoc_want(b->d, val, sub, "an integer", b->err);
		*(maria ? &col->mariadb_length : &col->mysql_length) =
			(int)v->i;
	}
	return 0;
}

/* columns: [name or {text: SQL expression}], then the lengths. */
static int index_cols(struct ops_index *ix, struct yb *b, yaml_node_t *n,
		      const char *path)
{
	yaml_node_t *cols = ydoc_get(b->d, n, "columns"), *v;
	const char *cpath = at(b, path, "columns"), *s;
	bool is_expr;
	size_t i;
	int rc;

	if (cols->type != YAML_SEQUENCE_NODE || !ydoc_len(cols))
		return ydoc_want(b->d, cols, cpath, "a list of column names",
				 b->err);
	for (i = 0; i < ydoc_len(cols); i++) {
		rc = yops_text(&s, &is_expr, b, ydoc_item(b->d, cols, i),
			       "text", item(b, cpath, i), "a column name or "
			       "{text: SQL expression}");
		if (rc < 0)
			return rc;
		ops_index_add_col(b->a, ix, s, is_expr);
	}
	if ((v = ydoc_get(b->d, n, "mysql_length")) &&
	    (rc = index_lengths(ix, b, v, false,
				at(b, path, "mysql_length"))) < 0)
		return rc;
	if ((v = ydoc_get(b->d, n, "mariadb_length")) &&
	    (rc = index_lengths(ix, b, v, true,
				at(b, path, "mariadb_length"))) < 0)
		return rc;
	if ((v = ydoc_get(b->d, n, "postgresql_ops")) &&
	    (rc = index_ops(ix, b, v, at(b, path, "postgresql_ops"))) < 0)
		return rc;
	return 0;
}

/* ---- the operations ---- */

/* create_table's sa.Index() items. */
static int table_indexes(struct ops_table *t, struct yb *b,
			 const struct y_create_table *c, yaml_node_t *seq,
			 const char *path)
{
	unsigned i;
	int rc;

	for (i = 0; i < c->indexes_count; i++) {
		const struct y_index *y = &c->indexes[i];
		yaml_node_t *in = ydoc_item(b->d, seq, i);
		struct ops_index *ix;

		ix = ops_index_new(b->a, dup(b, y->name), ydoc_loc(b->d, in));
		ix->table = t->name;
		ix->schema = t->schema;
		ix->unique = y->unique;
		ix->pg_where = dup(b, y->postgresql_where);
		ix->pg_using = dup(b, y->postgresql_using);
		ix->pg_include = strv(b, y->postgresql_include,
				      y->postgresql_include_count);
		ix->npg_include = y->postgresql_include_count;
		if ((rc = index_cols(ix, b, in, item(b, path, i))) < 0)
			return rc;
		ops_table_add_index(b->a, t, ix);
	}
	return 0;
}

/* table_options: a mapping of <dialect>_<option> to a string, as the
 * keyword arguments of op.create_table(); mysql_* and mariadb_* only. */
static int table_options(struct ops_table *t, struct yb *b, yaml_node_t *n,
			 const char *path)
{
	static const char *const dialects[] = { "mysql", "mariadb" };
	yaml_node_pair_t *pr;
	const char *value;
	size_t j, len;
	int rc;

	if (!n)
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return ydoc_want(b->d, n, path, "a mapping of option names "
				 "to strings", b->err);
	for (pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&b->d->doc, pr->key);
		const char *key = k->type == YAML_SCALAR_NODE ?
				  ydoc_str(k) : "";

		for (j = 0; j < RT_ARRAY_SIZE(dialects); j++) {
			len = strlen(dialects[j]);
			if (!strncmp(key, dialects[j], len) &&
			    key[len] == '_' && key[len + 1])
				break;
		}
		if (j == RT_ARRAY_SIZE(dialects))
			return ydoc_errf(b->d, k, b->err, "%s: %s is not "
					 "supported (expected mysql_<option> "
					 "or mariadb_<option>)", path,
					 ydoc_describe(b->d, k));
		if ((rc = yops_string(&value, b, yaml_document_get_node(
				      &b->d->doc, pr->value),
				      at(b, path, key))) < 0)
			return rc;
		ops_table_add_opt(b->a, t, dialects[j], dup(b, key + len + 1),
				  value, ydoc_loc(b->d, k));
	}
	return 0;
}

static int create_table(struct ops_op *op, struct yb *b, const struct y_op *o,
			yaml_node_t *n, const char *path,
			const struct ybatch *bt)
{
	const struct y_create_table *c = o->create_table;
	struct ops_table *t;
	yaml_node_t *seq;
	unsigned i;
	int rc;

	op->table = dup(b, c->table_name);
	op->schema = dup(b, c->schema);
	t = op->u.create = ops_table_new(b->a, op->table, op->loc);
	t->schema = op->schema;
	t->comment = dup(b, c->comment);
	seq = ydoc_get(b->d, n, "columns");
	for (i = 0; i < c->columns_count; i++) {
		struct ops_column *col;

		rc = column(&col, b, &c->columns[i], ydoc_item(b->d, seq, i),
			    item(b, at(b, path, "columns"), i));
		if (rc < 0)
			return rc;
		ops_table_add_column(b->a, t, col);
	}
	seq = ydoc_get(b->d, n, "constraints");
	for (i = 0; i < c->constraints_count; i++) {
		yaml_node_t *cn = ydoc_item(b->d, seq, i);

		ops_table_add_constraint(b->a, t, constraint(b,
					 &c->constraints[i], cn));
	}
	if ((rc = table_options(t, b, ydoc_get(b->d, n, "table_options"),
				at(b, path, "table_options"))) < 0)
		return rc;
	return table_indexes(t, b, c, ydoc_get(b->d, n, "indexes"),
			     at(b, path, "indexes"));
}

static int drop_table(struct ops_op *op, struct yb *b, const struct y_op *o,
		      yaml_node_t *n, const char *path,
		      const struct ybatch *bt)
{
	op->table = dup(b, o->drop_table->table_name);
	op->schema = dup(b, o->drop_table->schema);
	return 0;
}

static int add_column(struct ops_op *op, struct yb *b, const struct y_op *o,
		      yaml_node_t *n, const char *path,
		      const struct ybatch *bt)
{
	const struct y_add_column *c = o->add_column;
	yaml_node_t *v;
	int rc;

	rc = op_table(op, b, n, path, bt, "table_name", c->table_name,
		      "schema", c->schema);
	if (rc < 0)
		return rc;
	v = ydoc_get(b->d, n, "insert_before");
	if (!v)
		v = ydoc_get(b->d, n, "insert_after");
	if (v && !bt)
		return ydoc_errf(b->d, v, b->err, "%s: insert_before and "
				 "insert_after are for add_column inside "
				 "batch_alter_table", path);
	op->insert_before = dup(b, c->insert_before);
	op->insert_after = dup(b, c->insert_after);
	return column(&op->u.column, b, c->column,
		      ydoc_get(b->d, n, "column"), at(b, path, "column"));
}

static int drop_column(struct ops_op *op, struct yb *b, const struct y_op *o,
		       yaml_node_t *n, const char *path,
		       const struct ybatch *bt)
{
	const struct y_table_op *c = o->drop_column;

	op->u.column_name = dup(b, c->column_name);
	return op_table(op, b, n, path, bt, "table_name", c->table_name,
			"schema", c->schema);
}

/* alter_column's keywords whose absence differs from null. */
static int alter_tree(struct ops_alter *al, struct yb *b, yaml_node_t *n,
		      const char *path)
{
	yaml_node_t *v;
	int rc = 0;

	if ((v = ydoc_get(b->d, n, "comment"))) {
		al->comment_set = true;
		if (!ydoc_is_null(v))
			rc = yops_string(&al->comment, b, v,
					 at(b, path, "comment"));
	}
	if (rc == 0 && (v = ydoc_get(b->d, n, "server_default"))) {
		al->server_default_set = true;
		rc = yops_default(&al->server_default, b, v,
				  at(b, path, "server_default"));
	}
	if (rc == 0 && (v = ydoc_get(b->d, n, "existing_server_default")))
		rc = yops_default(&al->existing_server_default, b, v,
				  at(b, path, "existing_server_default"));
	if (rc == 0 && (v = ydoc_get(b->d, n, "type_")))
		rc = yops_type(&al->type, b, v, at(b, path, "type_"));
	if (rc == 0 && (v = ydoc_get(b->d, n, "existing_type")))
		rc = yops_type(&al->existing_type, b, v,
			       at(b, path, "existing_type"));
	return rc;
}

static int alter_column(struct ops_op *op, struct yb *b, const struct y_op *o,
			yaml_node_t *n, const char *path,
			const struct ybatch *bt)
{
	const struct y_alter_column *c = o->alter_column;
	struct ops_alter *al = &op->u.alter;
	int rc;

	rc = op_table(op, b, n, path, bt, "table_name", c->table_name,
		      "schema", c->schema);
	if (rc < 0)
		return rc;
	al->column = dup(b, c->column_name);
	al->nullable = tri(c->nullable);
	al->existing_nullable = tri(c->existing_nullable);
	al->new_name = dup(b, c->new_column_name);
	al->existing_comment = dup(b, c->existing_comment);
	al->autoincrement = tri(c->autoincrement);
	al->existing_autoincrement = tri(c->existing_autoincrement);
	al->pg_using = dup(b, c->postgresql_using);
	return alter_tree(al, b, n, path);
}

static int rename_table(struct ops_op *op, struct yb *b, const struct y_op *o,
			yaml_node_t *n, const char *path,
			const struct ybatch *bt)
{
	op->table = dup(b, o->rename_table->old_table_name);
	op->u.new_name = dup(b, o->rename_table->new_table_name);
	op->schema = dup(b, o->rename_table->schema);
	return 0;
}

static int create_index(struct ops_op *op, struct yb *b, const struct y_op *o,
			yaml_node_t *n, const char *path,
			const struct ybatch *bt)
{
	const struct y_create_index *c = o->create_index;
	struct ops_index *ix;
	int rc;

	rc = op_table(op, b, n, path, bt, "table_name", c->table_name,
		      "schema", c->schema);
	if (rc < 0)
		return rc;
	ix = op->u.index = ops_index_new(b->a, dup(b, c->index_name),
					 op->loc);
	ix->table = op->table;
	ix->schema = op->schema;
	ix->unique = c->unique;
	ix->pg_where = dup(b, c->postgresql_where);
	ix->pg_using = dup(b, c->postgresql_using);
	ix->pg_concurrently = c->postgresql_concurrently;
	ix->pg_include = strv(b, c->postgresql_include,
			      c->postgresql_include_count);
	ix->npg_include = c->postgresql_include_count;
	return index_cols(ix, b, n, path);
}

static int drop_index(struct ops_op *op, struct yb *b, const struct y_op *o,
		      yaml_node_t *n, const char *path,
		      const struct ybatch *bt)
{
	const struct y_drop_index *c = o->drop_index;
	struct ops_index *ix;
	int rc;

	/* Alembic's table_name is optional here (MySQL needs it). */
	if (bt && (rc = op_table(op, b, n, path, bt, "table_name", NULL,
				 "schema", NULL)) < 0)
		return rc;
	if (!bt) {
		op->table = dup(b, c->table_name);
		op->schema = dup(b, c->schema);
	}
	ix = op->u.index = ops_index_new(b->a, dup(b, c->index_name),
					 op->loc);
	ix->table = op->table;
	ix->schema = op->schema;
	ix->pg_concurrently = c->postgresql_concurrently;
	return 0;
}

static int add_key(struct ops_op *op, struct yb *b, const struct y_add_key *c,
		   enum ops_cons_kind kind, yaml_node_t *n, const char *path,
		   const struct ybatch *bt)
{
	struct ops_constraint *k;

	k = op->u.cons = ops_constraint_new(b->a, kind, op->loc);
	k->name = dup(b, c->constraint_name);
	k->cols = strv(b, c->columns, c->columns_count);
	k->ncols = c->columns_count;
	k->deferrable = tri(c->deferrable);
	k->initially = dup(b, c->initially);
	return op_table(op, b, n, path, bt, "table_name", c->table_name,
			"schema", c->schema);
}

static int create_unique(struct ops_op *op, struct yb *b,
			 const struct y_op *o, yaml_node_t *n,
			 const char *path, const struct ybatch *bt)
{
	return add_key(op, b, o->create_unique_constraint, OPS_C_UNIQUE, n,
		       path, bt);
}

static int create_pk(struct ops_op *op, struct yb *b, const struct y_op *o,
		     yaml_node_t *n, const char *path,
		     const struct ybatch *bt)
{
	return add_key(op, b, o->create_primary_key, OPS_C_PRIMARY, n, path,
		       bt);
}

static int create_fk(struct ops_op *op, struct yb *b, const struct y_op *o,
		     yaml_node_t *n, const char *path,
		     const struct ybatch *bt)
{
	const struct y_add_fk *c = o->create_foreign_key;
	struct ops_constraint *k;
	struct ops_fk *fk;

	k = op->u.cons = ops_constraint_new(b->a, OPS_C_FOREIGN, op->loc);
	fk = k->fk = ops_fk_new(b->a, op->loc);
	k->name = fk->name = dup(b, c->constraint_name);
	k->cols = fk->cols = strv(b, c->local_cols, c->local_cols_count);
	k->ncols = fk->ncols = c->local_cols_count;
	fk->ref_table = dup(b, c->referent_table);
	fk->ref_schema = dup(b, c->referent_schema);
	fk->ref_cols = strv(b, c->remote_cols, c->remote_cols_count);
	fk->nrefs = c->remote_cols_count;
	fk->ondelete = dup(b, c->ondelete);
	fk->onupdate = dup(b, c->onupdate);
	fk->initially = k->initially = dup(b, c->initially);
	fk->match = dup(b, c->match);
	fk->deferrable = k->deferrable = tri(c->deferrable);
	return op_table(op, b, n, path, bt, "source_table", c->source_table,
			"source_schema", c->source_schema);
}

static int create_check(struct ops_op *op, struct yb *b, const struct y_op *o,
			yaml_node_t *n, const char *path,
			const struct ybatch *bt)
{
	const struct y_add_check *c = o->create_check_constraint;
	struct ops_constraint *k;

	k = op->u.cons = ops_constraint_new(b->a, OPS_C_CHECK, op->loc);
	k->name = dup(b, c->constraint_name);
	k->sqltext = dup(b, c->condition);
	return op_table(op, b, n, path, bt, "table_name", c->table_name,
			"schema", c->schema);
}

static int drop_constraint(struct ops_op *op, struct yb *b,
			   const struct y_op *o, yaml_node_t *n,
			   const char *path, const struct ybatch *bt)
{
	const struct y_drop_constraint *c = o->drop_constraint;

	op->u.drop.name = dup(b, c->constraint_name);
	op->u.drop.type_ = c->type_ ? yops_drop_types[c->type_ - 1] : NULL;
	return op_table(op, b, n, path, bt, "table_name", c->table_name,
			"schema", c->schema);
}

/* bindparams: bind names to values (sa.text(...).bindparams()). */
static int exec_binds(struct ops_op *op, struct yb *b, yaml_node_t *n,
		      const char *path)
{
	yaml_node_pair_t *pr;
	struct ops_bind *bd;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return ydoc_want(b->d, n, path, "a mapping of bind parameter "
				 "names to values", b->err);
	op->u.exec.binds = arena_alloc(b->a, (ydoc_len(n) + 1) *
				       sizeof(*op->u.exec.binds));
	for (pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		bd = &op->u.exec.binds[op->u.exec.nbinds++];
		rc = yops_string(&bd->name, b, yaml_document_get_node(
					 &b->d->doc, pr->key), path);
		if (rc == 0)
			rc = yops_value(&bd->value, b, yaml_document_get_node(
						&b->d->doc, pr->value),
					at(b, path, bd->name));
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* SQL text, or {sqltext: SQL text, bindparams: {...}}. */
static int execute(struct ops_op *op, struct yb *b, const struct y_op *o,
		   yaml_node_t *n, const char *path, const struct ybatch *bt)
{
	yaml_node_t *sql = n, *binds = NULL;
	yaml_node_pair_t *pr;
	const char *spath = path;

	/* op.execute("...") wraps a str in text() too (spec rule 8.6) */
	op->u.exec.is_text = true;
	for (pr = n->data.mapping.pairs.start; n->type == YAML_MAPPING_NODE &&
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&b->d->doc, pr->key);

		if (k->type != YAML_SCALAR_NODE ||
		    (strcmp(ydoc_str(k), "sqltext") &&
		     strcmp(ydoc_str(k), "bindparams")))
			return ydoc_errf(b->d, k, b->err, "%s: unknown field "
					 "%s (expected sqltext or "
					 "bindparams)", path,
					 ydoc_describe(b->d, k));
	}
	if (n->type == YAML_MAPPING_NODE) {
		if (!(sql = ydoc_get(b->d, n, "sqltext")))
			return ydoc_errf(b->d, n, b->err, "%s: missing "
					 "required field 'sqltext'", path);
		spath = at(b, path, "sqltext");
		binds = ydoc_get(b->d, n, "bindparams");
	}
	if (sql->type != YAML_SCALAR_NODE || ydoc_is_null(sql))
		return ydoc_want(b->d, sql, spath, "SQL text or {sqltext: SQL "
				 "text}", b->err);
	op->u.exec.sql = arena_strdup(b->a, ydoc_str(sql));
	if (binds)
		return exec_binds(op, b, binds, at(b, path, "bindparams"));
	return 0;
}

/* One row: a mapping of column names to values. */
static int bulk_row(struct ops_row **out, struct yb *b, struct ops_op *op,
		    yaml_node_t *r, const char *path)
{
	size_t n = ydoc_len(r), k;
	const char **keys = arena_alloc(b->a, (n + 1) * sizeof(*keys));
	struct ops_value **vals = arena_alloc(b->a, (n + 1) * sizeof(*vals));
	yaml_node_pair_t *pr;
	int rc;

	if (r->type != YAML_MAPPING_NODE)
		return ydoc_want(b->d, r, path, "a mapping of column names "
				 "to values", b->err);
	for (pr = r->data.mapping.pairs.start, k = 0; k < n; pr++, k++) {
		yaml_node_t *kn = yaml_document_get_node(&b->d->doc, pr->key);
		yaml_node_t *vn = yaml_document_get_node(&b->d->doc,
							  pr->value);

		if ((rc = yops_string(&keys[k], b, kn, path)) < 0 ||
		    (rc = yops_value(&vals[k], b, vn,
				     at(b, path, keys[k]))) < 0)
			return rc;
	}
	return ops_row_new(out, b->a, op->u.create, keys,
			   (struct ops_value *const *)vals, n,
			   ydoc_loc(b->d, r), b->err);
}

static int bulk_rows(struct ops_op *op, struct yb *b, yaml_node_t *rows,
		     const char *path)
{
	size_t i;
	int rc;

	if (rows->type != YAML_SEQUENCE_NODE)
		return ydoc_want(b->d, rows, path, "a list of rows", b->err);
	op->nrows = ydoc_len(rows);
	op->rows = arena_alloc(b->a, (op->nrows + 1) * sizeof(*op->rows));
	for (i = 0; i < op->nrows; i++) {
		rc = bulk_row(&op->rows[i], b, op, ydoc_item(b->d, rows, i),
			      item(b, path, i));
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int bulk_insert(struct ops_op *op, struct yb *b, const struct y_op *o,
		       yaml_node_t *n, const char *path,
		       const struct ybatch *bt)
{
	const struct y_table *y = o->bulk_insert->table;
	yaml_node_t *tn = ydoc_get(b->d, n, "table");
	yaml_node_t *cols = ydoc_get(b->d, tn, "columns");
	const char *tpath = at(b, path, "table");
	struct ops_table *t;
	unsigned i;
	int rc;

	op->table = dup(b, y->name);
	op->schema = dup(b, y->schema);
	t = op->u.create = ops_table_new(b->a, op->table, ydoc_loc(b->d, tn));
	t->schema = op->schema;
	for (i = 0; i < y->columns_count; i++) {
		yaml_node_t *cn = ydoc_item(b->d, cols, i);
		yaml_node_t *tyn = ydoc_get(b->d, cn, "type");
		struct ops_type *type = NULL;

		if (tyn && (rc = yops_type(&type, b, tyn,
					   at(b, item(b, at(b, tpath,
							    "columns"), i),
					      "type"))) < 0)
			return rc;
		ops_table_add_column(b->a, t, ops_column_new(b->a,
				     dup(b, y->columns[i].name), type,
				     ydoc_loc(b->d, cn)));
	}
	return bulk_rows(op, b, ydoc_get(b->d, n, "rows"),
			 at(b, path, "rows"));
}

static int table_comment(struct ops_op *op, struct yb *b,
			 const struct y_table_comment *c, yaml_node_t *n,
			 const char *path, const struct ybatch *bt)
{
	op->u.tcomment.comment = dup(b, c->comment);
	op->u.tcomment.existing_comment = dup(b, c->existing_comment);
	return op_table(op, b, n, path, bt, "table_name", c->table_name,
			"schema", c->schema);
}

static int create_comment(struct ops_op *op, struct yb *b,
			  const struct y_op *o, yaml_node_t *n,
			  const char *path, const struct ybatch *bt)
{
	return table_comment(op, b, o->create_table_comment, n, path, bt);
}

static int drop_comment(struct ops_op *op, struct yb *b, const struct y_op *o,
			yaml_node_t *n, const char *path,
			const struct ybatch *bt)
{
	return table_comment(op, b, o->drop_table_comment, n, path, bt);
}

static int build_list(struct ops_list *out, struct yb *b,
		      const struct y_op *list, unsigned n, yaml_node_t *seq,
		      const char *path, const struct ybatch *bt);

static int batch(struct ops_op *op, struct yb *b, const struct y_op *o,
		 yaml_node_t *n, const char *path, const struct ybatch *bt)
{
	const struct y_batch *c = o->batch_alter_table;
	struct ops_list l = { 0 };
	struct ybatch inner;
	int rc;

	op->table = inner.table = dup(b, c->table_name);
	op->schema = inner.schema = dup(b, c->schema);
	op->u.batch.recreate = (enum ops_recreate)c->recreate;
	rc = build_list(&l, b, c->ops, c->ops_count, ydoc_get(b->d, n, "ops"),
			at(b, path, "ops"), &inner);
	op->u.batch.ops = l.v;
	op->u.batch.n = l.n;
	return rc;
}

static const struct yop_kind {
	const char *name;
	enum ops_kind kind;
	bool in_batch;		/* a batch_op.<name>() exists */
	yop_fn fn;
} kinds[] = {
	{ "create_table", OPS_CREATE_TABLE, false, create_table },
	{ "drop_table", OPS_DROP_TABLE, false, drop_table },
	{ "add_column", OPS_ADD_COLUMN, true, add_column },
	{ "drop_column", OPS_DROP_COLUMN, true, drop_column },
	{ "alter_column", OPS_ALTER_COLUMN, true, alter_column },
	{ "rename_table", OPS_RENAME_TABLE, false, rename_table },
	{ "create_index", OPS_CREATE_INDEX, true, create_index },
	{ "drop_index", OPS_DROP_INDEX, true, drop_index },
	{ "create_unique_constraint", OPS_ADD_CONSTRAINT, true,
	  create_unique },
	{ "create_primary_key", OPS_ADD_CONSTRAINT, true, create_pk },
	{ "create_foreign_key", OPS_ADD_CONSTRAINT, true, create_fk },
	{ "create_check_constraint", OPS_ADD_CONSTRAINT, true,
	  create_check },
	{ "drop_constraint", OPS_DROP_CONSTRAINT, true, drop_constraint },
	/* batch_op.execute() runs at once, before the batch: not inside */
	{ "execute", OPS_EXECUTE, false, execute },
	{ "bulk_insert", OPS_BULK_INSERT, false, bulk_insert },
	{ "create_table_comment", OPS_CREATE_TABLE_COMMENT, true,
	  create_comment },
	{ "drop_table_comment", OPS_DROP_TABLE_COMMENT, true, drop_comment },
	{ "batch_alter_table", OPS_BATCH, false, batch },
};

/* One list item: {name: fields}, as ydoc_check() let it through. */
static int build_op(struct ops_op **out, struct yb *b, const struct y_op *o,
		    yaml_node_t *it, const char *path,
		    const struct ybatch *bt)
{
	yaml_node_t *k = yaml_document_get_node(&b->d->doc,
					it->data.mapping.pairs.start->key);
	yaml_node_t *v = yaml_document_get_node(&b->d->doc,
					it->data.mapping.pairs.start->value);
	const char *name = ydoc_str(k), *opath;
	size_t i;

	for (i = 0; strcmp(kinds[i].name, name); i++)
		;
	if (bt && !kinds[i].in_batch)
		return ydoc_errf(b->d, k, b->err, "%s: %s is not an "
				 "operation of batch_alter_table", path,
				 name);
	opath = at(b, path, name);
	*out = ops_op_new(b->a, kinds[i].kind, ydoc_loc(b->d, it));
	return kinds[i].fn(*out, b, o, v, opath, bt);
}

static int build_list(struct ops_list *out, struct yb *b,
		      const struct y_op *list, unsigned n, yaml_node_t *seq,
		      const char *path, const struct ybatch *bt)
{
	struct ops_op *op = NULL;
	unsigned i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = build_op(&op, b, &list[i], ydoc_item(b->d, seq, i),
			      item(b, path, i), bt);
		if (rc == 0)
			rc = ops_op_validate(op, b->a, b->err);
		if (rc < 0)
			return rc;
		ops_list_add(b->a, out, op);
	}
	return 0;
}

int yops_build(struct ops_list *out, struct ydoc *d, const struct y_op *list,
	       unsigned n, yaml_node_t *seq, const char *path,
	       struct rt_err *err)
{
	struct yb b = { d, d->a, err };

	return build_list(out, &b, list, n, seq, path, NULL);
}
