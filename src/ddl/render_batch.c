/*
 * render_batch.c: the SQL of a batch_alter_table() block: the nested ops
 * as plain ALTERs, or Alembic's move and copy (ApplyBatchImpl._create():
 * CREATE TABLE _alembic_tmp_<t>, INSERT ... SELECT, DROP, RENAME, CREATE
 * INDEX) of the plan ops/batch.c builds; and whether to move and copy
 * (_should_recreate(), SQLiteImpl.requires_recreate_in_batch()).
 */
#include "render_batch.h"

#include "ops/batch.h"
#include "render_int.h"

/* An add_column that brings a constraint: toimpl.add_column() queues
 * add_constraint() for it, which is not add_column. */
static bool column_brings_constraint(const struct ops_column *c)
{
	const struct ops_type *t = c->type;

	if (c->nfks || (c->unique && !c->index))
		return true;
	return t->create_constraint &&
	       (t->kind == OPS_T_BOOLEAN ||
		(t->kind == OPS_T_ENUM));
}

bool batch_needs_recreate(const struct ops_op *batch, size_t n,
			  const struct dialect *d)
{
	size_t i;

	if (batch->u.batch.recreate != OPS_RECREATE_AUTO)
		return batch->u.batch.recreate == OPS_RECREATE_ALWAYS;
	if (!d->requires_recreate_in_batch)
		return false;
	for (i = 0; i < n && i < batch->u.batch.n; i++) {
		const struct ops_op *op = batch->u.batch.ops[i];

		switch (op->kind) {
		case OPS_ADD_COLUMN:
			/* a default that is a ClauseElement: sa.text(),
			 * sa.func.*(), sa.true() ... */
			if ((op->u.column->server_default &&
			     (op->u.column->server_default->is_text ||
			      op->u.column->server_default->expr !=
			      OPS_D_SQL)) ||
			    column_brings_constraint(op->u.column))
				return true;
			break;
		case OPS_CREATE_INDEX:
		case OPS_DROP_INDEX:
			break;
		default:
			return true;
		}
	}
	return false;
}


/* Nested ops name the batch's table (BatchOperations binds it). */
static void bind_nested(struct ops_op *batch)
{
	size_t i;

	for (i = 0; i < batch->u.batch.n; i++) {
		struct ops_op *op = batch->u.batch.ops[i];

		if (!op->table) {
			op->table = batch->table;
			op->schema = batch->schema;
		}
		if ((op->kind == OPS_CREATE_INDEX ||
		     op->kind == OPS_DROP_INDEX) && !op->u.index->table) {
			op->u.index->table = batch->table;
			op->u.index->schema = batch->schema;
		}
	}
}

static const char no_reflect[] =
	"This operation cannot proceed in --sql mode; batch mode with "
	"dialect %s requires a live database connection with which to "
	"reflect the table \"%s\". To generate a batch SQL migration script "
	"using table \"move and copy\", a complete Table object should be "
	"passed to the \"copy_from\" argument of the batch_alter_table() "
	"method so that table reflection can be skipped.";

/* BatchOperationsImpl.add_column(): asked while the block fills. */
static int check_insert_pos(const struct ops_op *batch,
			    const struct dialect *d, struct rt_err *err)
{
	size_t i;

	for (i = 0; i < batch->u.batch.n; i++) {
		const struct ops_op *op = batch->u.batch.ops[i];

		if (op->kind == OPS_ADD_COLUMN &&
		    (op->insert_before || op->insert_after) &&
		    !batch_needs_recreate(batch, i, d))
			return rt_errf(err, RT_ECOMMAND, &op->loc,
				       "Can't specify insert_before or "
				       "insert_after when using ALTER; please "
				       "specify recreate='always'");
	}
	return 0;
}

static struct ops_op *synth(struct render_session *s, enum ops_kind kind,
			    const struct ops_op *batch, const char *table)
{
	struct ops_op *op = ops_op_new(s->arena, kind, batch->loc);

	op->table = table;
	op->schema = batch->schema;
	return op;
}

/* "schema.table.col" as SQLAlchemy's compiler names a column. */
static void column_ref(struct rt_buf *b, const struct dialect *d,
		       const char *schema, const char *table, const char *col)
{
	if (schema) {
		dialect_ident(b, d, schema);
		rt_buf_addch(b, '.');
	}
	dialect_ident(b, d, table);
	rt_buf_addch(b, '.');
	dialect_ident(b, d, col);
}

static int select_item(struct rt_buf *b, struct render_session *s,
		       const struct batch_plan *p, const struct batch_xfer *x,
		       struct rt_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < x->ncasts; i++)
		rt_buf_adds(b, "CAST(");
	column_ref(b, s->dialect, p->src->schema, p->src->name, x->key);
	for (i = 0; i < x->ncasts; i++) {
		rt_buf_adds(b, " AS ");
		if ((rc = render_type(b, s, x->casts[i], err)) < 0)
			return rc;
		rt_buf_addch(b, ')');
	}
	if (x->ncasts) {
		rt_buf_adds(b, " AS ");
		dialect_ident(b, s->dialect, x->key);
	}
	return 0;
}

/* INSERT INTO tmp (new names) SELECT old columns FROM t */
static int copy_rows(struct render_list *out, struct render_session *s,
		     const struct ops_op *batch, const struct batch_plan *p,
		     struct rt_err *err)
{
	struct render_ctx c = { s, s->dialect, NULL, out, s->arena, batch,
				err };
	struct rt_buf b = RT_BUF_INIT;
	size_t i;
	int rc = 0;

	rt_buf_adds(&b, "INSERT INTO ");
	render_table(&b, &c, p->src->schema, p->tmp);
	rt_buf_adds(&b, " (");
	for (i = 0; i < p->nxfer; i++) {
		if (i)
			rt_buf_adds(&b, ", ");
		render_ident(&b, &c, p->xfer[i].name);
	}
	rt_buf_adds(&b, ") SELECT ");
	for (i = 0; i < p->nxfer && rc == 0; i++) {
		if (i)
			rt_buf_adds(&b, ", ");
		rc = select_item(&b, s, p, &p->xfer[i], err);
	}
	rt_buf_adds(&b, " \nFROM ");
	render_table(&b, &c, p->src->schema, p->src->name);
	if (rc == 0)
		render_emit(&c, &b);
	rt_buf_release(&b);
	return rc;
}

static const char *const drop_types[] = {
	"primary", "foreignkey", "unique", "check",
};

/* PostgresqlImpl.prep_table_for_batch(): named constraints the copy
 * keeps are dropped from the old table first. */
static int prep_table(struct render_list *out, struct render_session *s,
		   const struct ops_op *batch, const struct batch_plan *p,
		   struct rt_err *err)
{
	size_t i;
	int rc;

	if (!s->dialect->prep_table_for_batch)
		return 0;
	for (i = 0; i < p->nkeep; i++) {
		struct ops_op *op = synth(s, OPS_DROP_CONSTRAINT, batch,
					  p->src->name);

		op->u.drop.name = p->keep[i]->name;
		op->u.drop.type_ = drop_types[p->keep[i]->kind];
		if ((rc = render_op(out, s, op, err)) < 0)
			return rc;
	}
	return 0;
}

static int move_and_copy(struct render_list *out, struct render_session *s,
			 struct ops_op *batch, const struct batch_plan *p,
			 struct batch_result *res, struct rt_err *err)
{
	struct ops_op *op;
	size_t i;
	int rc;

	if ((rc = prep_table(out, s, batch, p, err)) < 0)
		return rc;
	op = synth(s, OPS_CREATE_TABLE, batch, p->tmp);
	op->u.create = p->nt;
	if ((rc = render_op(out, s, op, err)) < 0)
		return rc;
	res->copy_first = out->n;
	if ((rc = copy_rows(out, s, batch, p, err)) < 0)
		return rc;
	op = synth(s, OPS_DROP_TABLE, batch, p->src->name);
	if ((rc = render_op(out, s, op, err)) < 0)
		return rc;
	res->copy_end = out->n;
	op = synth(s, OPS_DROP_TABLE, batch, p->tmp);
	{
		struct render_list tmp = { NULL, 0, 0 };

		if ((rc = render_op(&tmp, s, op, err)) < 0)
			return rc;
		res->cleanup = tmp.v[0].sql;
	}
	op = synth(s, OPS_RENAME_TABLE, batch, p->tmp);
	op->u.new_name = p->src->name;
	if ((rc = render_op(out, s, op, err)) < 0)
		return rc;
	if (p->bad_key)
		return rt_errf(err, RT_ERROR, &p->bad_loc, "KeyError: '%s'",
			       p->bad_key);
	for (i = 0; i < p->nidx; i++) {
		op = synth(s, OPS_CREATE_INDEX, batch, p->src->name);
		op->u.index = p->idx[i];
		if ((rc = render_op(out, s, op, err)) < 0)
			return rc;
	}
	return 0;
}

/* copy_from: a Table as create_table() would have built it. */
static int validate_copy_from(struct render_session *s,
			      const struct ops_op *batch, struct rt_err *err)
{
	struct ops_op *op = synth(s, OPS_CREATE_TABLE, batch,
				  batch->u.batch.copy_from->name);

	op->u.create = batch->u.batch.copy_from;
	return ops_op_validate(op, s->arena, err);
}

int batch_render(struct render_list *out, struct render_session *s,
		 struct ops_op *batch, const struct ops_table *live,
		 struct batch_result *res, struct rt_err *err)
{
	struct batch_result ignore;
	struct batch_plan p;
	size_t i;
	int rc;

	res = res ? res : &ignore;
	memset(res, 0, sizeof(*res));
	bind_nested(batch);
	for (i = 0; i < batch->u.batch.n; i++)
		if ((rc = ops_op_validate(batch->u.batch.ops[i], s->arena,
					  err)) < 0)
			return rc;
	if ((rc = check_insert_pos(batch, s->dialect, err)) < 0)
		return rc;
	if (!batch_needs_recreate(batch, batch->u.batch.n, s->dialect)) {
		/* flush() without recreate: impl.<op>() in order */
		for (i = 0; i < batch->u.batch.n; i++)
			if ((rc = render_op(out, s, batch->u.batch.ops[i],
					    err)) < 0)
				return rc;
		return 0;
	}
	if (!live && !batch->u.batch.copy_from)
		return rt_errf(err, RT_ECOMMAND, &batch->loc, no_reflect,
			       s->dialect->name, batch->table);
	if (!live && (rc = validate_copy_from(s, batch, err)) < 0)
		return rc;
	if ((rc = batch_plan_build(&p, s->arena, batch,
				   live ? live : batch->u.batch.copy_from,
				   live != NULL, s->dialect->batch_cast_json,
				   err)) < 0)
		return rc;
	return move_and_copy(out, s, batch, &p, res, err);
}
