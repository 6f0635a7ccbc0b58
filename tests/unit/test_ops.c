/*
 * test_ops.c: the op IR: type lookup and keyword setting, validation
 * errors (whole message and the user's file:line:col), and the render
 * errors SQLAlchemy/Alembic raise before any SQL is printed.
 */
#include "unit.h"

#include "ddl/render.h"

static struct rt_loc at(int line, int col)
{
	return (struct rt_loc){ "versions/x.py", line, col };
}

static void expect_err(const struct rt_err *err, int code, const char *msg)
{
	char buf[RT_ERR_MSG_MAX + 600];

	CU_ASSERT_EQUAL(err->code, code);
	rt_err_str(err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, msg);
	if (strcmp(buf, msg))
		fprintf(stderr, "got: %s\nwant: %s\n", buf, msg);
}

static struct ops_type *type(struct rt_arena *a, enum ops_module m,
			     const char *name)
{
	const struct ops_type_spec *s = ops_type_lookup(m, name);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return ops_type_new(a, s, at(3, 20));
}

static void test_ops_type_lookup(void)
{
	const struct ops_type_spec *s;

	s = ops_type_lookup(OPS_M_SA, "String");
	CU_ASSERT_EQUAL(s->kind, OPS_T_STRING);
	CU_ASSERT_STRING_EQUAL(s->params[0], "length");
	CU_ASSERT_STRING_EQUAL(s->params[1], "collation");
	s = ops_type_lookup(OPS_M_POSTGRESQL, "INTEGER");
	CU_ASSERT_EQUAL(s->kind, OPS_T_INTEGER);
	CU_ASSERT_EQUAL(s->module, OPS_M_SA);
	s = ops_type_lookup(OPS_M_MYSQL, "INTEGER");
	CU_ASSERT_EQUAL(s->module, OPS_M_MYSQL);
	CU_ASSERT_STRING_EQUAL(s->params[0], "display_width");
	CU_ASSERT_PTR_NULL(ops_type_lookup(OPS_M_SA, "Geometry"));
	/* SQLAlchemy 2.0's names; 1.4's dialect classes of the same name */
	s = ops_type_lookup(OPS_M_SA, "Uuid");
	CU_ASSERT_EQUAL(s->kind, OPS_T_UUID_GENERIC);
	CU_ASSERT(ops_type_sa2_only(s));
	CU_ASSERT(ops_type_sa2_only(ops_type_lookup(OPS_M_SA, "UUID")));
	CU_ASSERT(ops_type_sa2_only(ops_type_lookup(OPS_M_POSTGRESQL,
						    "CITEXT")));
	CU_ASSERT(!ops_type_sa2_only(ops_type_lookup(OPS_M_POSTGRESQL,
						     "UUID")));
	CU_ASSERT(!ops_type_sa2_only(ops_type_lookup(OPS_M_POSTGRESQL,
						     "DOUBLE_PRECISION")));
	CU_ASSERT(!ops_type_sa2_only(ops_type_lookup(OPS_M_SA, "Float")));
	CU_ASSERT_PTR_NULL(ops_type_lookup(OPS_M_SQLITE, "Integer"));
}

static void test_ops_type_set(void)
{
	struct rt_arena *a = arena_new();
	struct ops_type *t = type(a, OPS_M_SA, "Numeric");
	struct ops_value v = { OPS_V_INT, false, 10, NULL, { "versions/x.py",
							     4, 30 } };
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(t->precision, -1);
	CU_ASSERT_EQUAL(ops_type_set(t, "precision", &v, &err), 0);
	CU_ASSERT_EQUAL(t->precision, 10);
	CU_ASSERT_EQUAL(ops_type_set(t, "timezone", &v, &err), RT_ENOTIMPL);
	expect_err(&err, RT_ENOTIMPL, "versions/x.py:4:30: Numeric() keyword "
		   "'timezone' is not supported");
	rt_err_clear(&err);
	t = type(a, OPS_M_SA, "DateTime");
	CU_ASSERT_EQUAL(ops_type_set(t, "timezone", &v, &err), RT_ESYNTAX);
	expect_err(&err, RT_ESYNTAX, "versions/x.py:4:30: DateTime() "
		   "argument 'timezone' must be True or False");
	rt_err_clear(&err);
	t = type(a, OPS_M_SA, "Integer");
	CU_ASSERT_EQUAL(ops_type_set(t, "unsigned", &v, &err), RT_ENOTIMPL);
	arena_free(a);
}

/* create_table(t, Column("id"), ...) with one constraint */
static struct ops_op *table_op(struct rt_arena *a, struct ops_constraint *k)
{
	struct ops_op *op = ops_op_new(a, OPS_CREATE_TABLE, at(2, 5));
	struct ops_table *t = ops_table_new(a, "t", at(2, 5));

	ops_table_add_column(a, t, ops_column_new(a, "id",
						  type(a, OPS_M_SA, "Integer"),
						  at(3, 9)));
	if (k)
		ops_table_add_constraint(a, t, k);
	op->table = "t";
	op->u.create = t;
	return op;
}

static void test_ops_validate(void)
{
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct ops_constraint *k;
	struct ops_op *op;
	const char *cols[] = { "nope" }, *refs[] = { "a.b", "x.y" };
	const char *bad[] = { "users" }, *ok[] = { "s.users.id" };

	k = ops_constraint_new(a, OPS_C_UNIQUE, at(4, 9));
	k->cols = ops_strv(a, cols, 1);
	k->ncols = 1;
	CU_ASSERT_EQUAL(ops_op_validate(table_op(a, k), a, &err), RT_ESYNTAX);
	expect_err(&err, RT_ESYNTAX, "versions/x.py:4:9: UniqueConstraint() "
		   "names column 'nope' that table 't' does not have");
	rt_err_clear(&err);

	k = ops_constraint_new(a, OPS_C_FOREIGN, at(5, 9));
	k->fk = ops_fk_new(a, at(5, 9));
	k->fk->cols = ops_strv(a, (const char *[]){ "id" }, 1);
	k->fk->ncols = 1;
	k->fk->refspecs = refs;
	k->fk->nrefs = 2;
	CU_ASSERT_EQUAL(ops_op_validate(table_op(a, k), a, &err), RT_ESYNTAX);
	expect_err(&err, RT_ESYNTAX, "versions/x.py:5:9: ForeignKeyConstraint "
		   "number of constrained columns must match the number of "
		   "referenced columns.");
	rt_err_clear(&err);

	k->fk->nrefs = 1;
	k->fk->refspecs = bad;
	CU_ASSERT_EQUAL(ops_op_validate(table_op(a, k), a, &err), RT_ESYNTAX);
	expect_err(&err, RT_ESYNTAX, "versions/x.py:5:9: ForeignKey() target "
		   "'users' must be 'table.column' or 'schema.table.column'");
	rt_err_clear(&err);

	k->fk->refspecs = ok;
	CU_ASSERT_EQUAL(ops_op_validate(table_op(a, k), a, &err), 0);
	CU_ASSERT_STRING_EQUAL(k->fk->ref_schema, "s");
	CU_ASSERT_STRING_EQUAL(k->fk->ref_table, "users");
	CU_ASSERT_STRING_EQUAL(k->fk->ref_cols[0], "id");

	op = table_op(a, NULL);
	ops_table_add_column(a, op->u.create,
			     ops_column_new(a, "id", NULL, at(4, 9)));
	CU_ASSERT_EQUAL(ops_op_validate(op, a, &err), RT_ESYNTAX);
	expect_err(&err, RT_ESYNTAX, "versions/x.py:4:9: table 't' has "
		   "column 'id' twice");
	rt_err_clear(&err);

	op = ops_op_new(a, OPS_DROP_CONSTRAINT, at(7, 5));
	op->u.drop.name = "x";
	op->u.drop.type_ = "index";
	CU_ASSERT_EQUAL(ops_op_validate(op, a, &err), RT_ESYNTAX);
	expect_err(&err, RT_ESYNTAX, "versions/x.py:7:5: drop_constraint() "
		   "type_ must be one of 'foreignkey', 'primary', 'unique', "
		   "'check'");
	arena_free(a);

}

static void test_ops_row(void)
{
	struct rt_arena *a = arena_new();
	struct ops_table *t = ops_table_new(a, "users", at(1, 1));
	struct ops_value v = { OPS_V_INT, false, 1, NULL, { "versions/x.py",
							    9, 22 } };
	struct ops_value *vals[] = { &v, &v };
	const char *keys[] = { "id", "nope" };
	struct rt_err err = RT_ERR_INIT;
	struct ops_row *r = NULL;

	ops_table_add_column(a, t, ops_column_new(a, "id", NULL, at(1, 1)));
	CU_ASSERT_EQUAL(ops_row_new(&r, a, t, keys, vals, 1, at(9, 9), &err),
			0);
	CU_ASSERT_PTR_EQUAL(r->vals[0], &v);
	CU_ASSERT_EQUAL(ops_row_new(&r, a, t, keys, vals, 2, at(9, 9), &err),
			RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:9:22: bulk_insert: table "
		   "'users' has no column 'nope'");
	arena_free(a);
}

/* Render one op on d; returns the code, err filled. */
static int render1(struct rt_arena *a, const struct dialect *d,
		   struct ops_op *op, struct rt_err *err)
{
	struct render_session s;
	struct render_list out = { NULL, 0, 0 };
	int rc;

	render_session_init(&s, a, d, true);
	rc = render_op(&out, &s, op, err);
	render_session_release(&s);
	return rc;
}

static void test_ops_render_errors(void)
{
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct ops_op *op;
	struct ops_constraint *k;
	struct ops_table *t;
	struct ops_row *r;
	struct ops_value v = { OPS_V_STR, false, 0, "x", { "versions/x.py",
							   12, 40 } };
	struct ops_value *vals[] = { &v };
	const char *keys[] = { "note" };

	/* String() without a length, on MySQL (SQLAlchemy CompileError) */
	op = ops_op_new(a, OPS_ADD_COLUMN, at(2, 5));
	op->table = "t";
	op->u.column = ops_column_new(a, "c", type(a, OPS_M_SA, "String"),
				      at(2, 25));
	CU_ASSERT_EQUAL(render1(a, &dialect_mysql, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:3:20: VARCHAR requires a "
		   "length on dialect mysql");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(render1(a, &dialect_postgresql, op, &err), 0);

	/* a dialect type elsewhere */
	op->u.column->type = type(a, OPS_M_POSTGRESQL, "JSONB");
	CU_ASSERT_EQUAL(render1(a, &dialect_sqlite, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:3:20: type "
		   "postgresql.JSONB cannot be rendered on dialect sqlite");
	rt_err_clear(&err);

	/* ALTER of constraints on SQLite (Alembic NotImplementedError) */
	op = ops_op_new(a, OPS_ADD_CONSTRAINT, at(5, 5));
	op->table = "t";
	k = ops_constraint_new(a, OPS_C_CHECK, at(5, 5));
	k->sqltext = "x > 0";
	op->u.cons = k;
	CU_ASSERT_EQUAL(render1(a, &dialect_sqlite, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:5:5: No support for ALTER "
		   "of constraints in SQLite dialect. Please refer to the "
		   "batch mode feature which allows for SQLite migrations "
		   "using a copy-and-move strategy.");
	rt_err_clear(&err);

	/* drop_constraint without type_ on MySQL */
	op = ops_op_new(a, OPS_DROP_CONSTRAINT, at(6, 5));
	op->table = "t";
	op->u.drop.name = "uq";
	CU_ASSERT_EQUAL(render1(a, &dialect_mysql, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:6:5: No generic 'DROP "
		   "CONSTRAINT' in MySQL - please specify constraint type");
	rt_err_clear(&err);

	/* MySQL MODIFY without existing_type (Alembic CommandError) */
	op = ops_op_new(a, OPS_ALTER_COLUMN, at(7, 5));
	op->table = "t";
	op->u.alter.column = "c";
	op->u.alter.nullable = OPS_FALSE;
	CU_ASSERT_EQUAL(render1(a, &dialect_mysql, op, &err), RT_ECOMMAND);
	expect_err(&err, RT_ECOMMAND, "versions/x.py:7:5: All MySQL "
		   "CHANGE/MODIFY COLUMN operations require the existing "
		   "type.");
	rt_err_clear(&err);

	/* alter_column(comment=) on SQLite */
	op->u.alter.nullable = OPS_UNSET;
	op->u.alter.comment_set = true;
	op->u.alter.comment = "c";
	CU_ASSERT_EQUAL(render1(a, &dialect_sqlite, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:7:5: dialect sqlite cannot "
		   "render alter_column(comment=...): ColumnComment construct "
		   "has no default compilation handler");
	rt_err_clear(&err);

	/* bulk_insert into an untyped sa.column (seen with Alembic) */
	t = ops_table_new(a, "users", at(10, 5));
	ops_table_add_column(a, t, ops_column_new(a, "note", NULL, at(11, 9)));
	CU_ASSERT_EQUAL(ops_row_new(&r, a, t, keys, vals, 1, at(12, 9), &err),
			0);
	op = ops_op_new(a, OPS_BULK_INSERT, at(12, 5));
	op->u.create = t;
	op->rows = &r;
	op->nrows = 1;
	CU_ASSERT_EQUAL(render1(a, &dialect_postgresql, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:12:40: No literal value "
		   "renderer is available for literal value \"'x'\" with "
		   "datatype NULL");
	rt_err_clear(&err);

	/* PostgreSQL ENUM without a name */
	op = table_op(a, NULL);
	op->u.create->cols[0]->type = type(a, OPS_M_SA, "Enum");
	CU_ASSERT_EQUAL(render1(a, &dialect_postgresql, op, &err), RT_ERROR);
	expect_err(&err, RT_ERROR, "versions/x.py:3:20: PostgreSQL ENUM type "
		   "requires a name.");
	rt_err_clear(&err);
	arena_free(a);

}

/* The PostgreSQL ENUM memo lasts the whole run (Alembic's impl.memo). */
static void test_ops_pg_enum_once(void)
{
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct render_session s;
	struct render_list out = { NULL, 0, 0 };
	struct ops_op *op1 = table_op(a, NULL), *op2 = table_op(a, NULL);
	struct ops_type *e = type(a, OPS_M_SA, "Enum");

	e->name = "Mood";
	ops_type_add_value(a, e, "a\\b");
	op1->u.create->cols[0]->type = e;
	op2->u.create->cols[0]->type = e;
	op2->u.create->name = "t2";
	render_session_init(&s, a, &dialect_postgresql, true);
	CU_ASSERT_EQUAL(render_op(&out, &s, op1, &err), 0);
	CU_ASSERT_EQUAL(render_op(&out, &s, op2, &err), 0);
	render_session_release(&s);
	CU_ASSERT_EQUAL_FATAL(out.n, 3);
	CU_ASSERT_STRING_EQUAL(out.v[0].sql,
			       "CREATE TYPE \"Mood\" AS ENUM ('a\\\\b')");
	CU_ASSERT_STRING_EQUAL(out.v[1].sql, "\nCREATE TABLE t (\n\tid "
			       "\"Mood\"\n)\n\n");
	CU_ASSERT_STRING_EQUAL(out.v[2].sql, "\nCREATE TABLE t2 (\n\tid "
			       "\"Mood\"\n)\n\n");
	arena_free(a);
}

void unit_register(void)
{
	UNIT_SUITE("ops",
		   UNIT_TEST(test_ops_type_lookup),
		   UNIT_TEST(test_ops_type_set),
		   UNIT_TEST(test_ops_validate),
		   UNIT_TEST(test_ops_row),
		   UNIT_TEST(test_ops_render_errors),
		   UNIT_TEST(test_ops_pg_enum_once));
}
