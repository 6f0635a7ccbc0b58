/*
 * test_render_errors.c: the errors SQLAlchemy 1.4 / Alembic 1.8.1 raise
 * while rendering, per dialect, against what they printed for
 * fixtures/render/errors (expected/errors-<dialect>.txt from gen.sh):
 * each revision's one op is built here as IR by hand.
 */
#include "unit.h"

#include "ddl/render.h"

#define RDIR UNIT_SRC("fixtures/render")

static struct rt_arena *A;
static const char *FILE_;

/* Every op sits on line 17, column 5 of its revision file. */
static struct rt_loc L(void)
{
	return (struct rt_loc){ FILE_, 17, 5 };
}

static struct ops_type *T(const char *name, enum ops_module m)
{
	const struct ops_type_spec *s = ops_type_lookup(m, name);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return ops_type_new(A, s, L());
}

static struct ops_op *OP(enum ops_kind k, const char *table)
{
	struct ops_op *op = ops_op_new(A, k, L());

	op->table = table;
	return op;
}

static struct ops_column *COL(const char *name, struct ops_type *t)
{
	return ops_column_new(A, name, t, L());
}

static struct ops_op *TABLE1(struct ops_column *c)
{
	struct ops_op *op = OP(OPS_CREATE_TABLE, "t");

	op->u.create = ops_table_new(A, "t", L());
	ops_table_add_column(A, op->u.create, c);
	return op;
}

static struct ops_value *VAL(enum ops_value_kind k, long long i,
			     const char *text)
{
	struct ops_value *v = arena_alloc(A, sizeof(*v));

	v->kind = k;
	v->i = i;
	v->text = text;
	v->loc = L();
	return v;
}

/* bulk_insert(sa.table("t", sa.column(name, type)), [{name: v}]) */
static struct ops_op *BULK1(const char *name, struct ops_type *t,
			    struct ops_value *v)
{
	struct ops_op *op = OP(OPS_BULK_INSERT, "t");
	struct rt_err err = RT_ERR_INIT;

	op->u.create = ops_table_new(A, "t", L());
	ops_table_add_column(A, op->u.create, COL(name, t));
	op->rows = arena_alloc(A, sizeof(*op->rows));
	op->nrows = 1;
	CU_ASSERT_EQUAL(ops_row_new(&op->rows[0], A, op->u.create, &name,
				    &v, 1, L(), &err), 0);
	return op;
}

static struct ops_fk *FK1(const char *col, const char *ref_table,
			  const char *ref_col)
{
	struct ops_fk *fk = ops_fk_new(A, L());

	fk->cols = ops_strv(A, &col, 1);
	fk->ncols = fk->nrefs = 1;
	fk->ref_table = ref_table;
	fk->ref_cols = ops_strv(A, &ref_col, 1);
	return fk;
}

static struct ops_op *e01(void)
{
	struct ops_op *op = OP(OPS_DROP_CONSTRAINT, "t");

	op->u.drop.name = "c";
	return op;
}

static struct ops_op *e02(void)
{
	struct ops_op *op = OP(OPS_ALTER_COLUMN, "t");

	op->u.alter.column = "c";
	op->u.alter.nullable = OPS_FALSE;
	return op;
}

static struct ops_op *e03(void)
{
	struct ops_op *op = OP(OPS_ADD_COLUMN, "t");
	struct ops_fk *fk = ops_fk_new(A, L());
	const char *spec = "u.id";

	op->u.column = COL("c", T("Integer", OPS_M_SA));
	fk->refspecs = ops_strv(A, &spec, 1);
	fk->nrefs = 1;
	ops_column_add_fk(A, op->u.column, fk);
	return op;
}

static struct ops_op *e04(void)
{
	struct ops_op *op = TABLE1(COL("a", T("Integer", OPS_M_SA)));
	struct ops_constraint *k = ops_constraint_new(A, OPS_C_FOREIGN, L());
	const char *col = "a", *ref = "u.id";

	k->fk = ops_fk_new(A, L());
	k->fk->cols = ops_strv(A, &col, 1);
	k->fk->refspecs = ops_strv(A, &ref, 1);
	k->fk->ncols = k->fk->nrefs = 1;
	k->fk->match = "FULL";
	ops_table_add_constraint(A, op->u.create, k);
	return op;
}

static struct ops_op *e06(void)
{
	struct ops_type *e = T("Enum", OPS_M_SA);

	ops_type_add_value(A, e, "x");
	ops_type_add_value(A, e, "y");
	return TABLE1(COL("a", e));
}

static struct ops_op *e07(void)
{
	return TABLE1(COL("a", T("String", OPS_M_SA)));
}

static struct ops_op *e08(void)
{
	struct ops_op *op = TABLE1(COL("a", T("Integer", OPS_M_SA)));
	struct ops_column *b = COL("b", T("Integer", OPS_M_SA));

	op->u.create->cols[0]->primary_key = true;
	b->primary_key = true;
	b->autoincrement = OPS_TRUE;
	ops_table_add_column(A, op->u.create, b);
	return op;
}

static struct ops_op *e09(void)
{
	struct ops_op *op = OP(OPS_ALTER_COLUMN, "t");

	op->u.alter.column = "c";
	op->u.alter.existing_type = T("Integer", OPS_M_SA);
	op->u.alter.pg_using = "c::int";
	return op;
}

static struct ops_op *e10(void)
{
	return BULK1("d", T("Date", OPS_M_SA),
		     VAL(OPS_V_STR, 0, "2024-01-02"));
}

static struct ops_op *e12(void)
{
	struct ops_op *op = OP(OPS_ADD_COLUMN, "t");

	op->u.column = COL("c", T("Integer", OPS_M_SA));
	op->u.column->unique = true;
	return op;
}

static struct ops_op *e13(void)
{
	struct ops_op *op = OP(OPS_ADD_CONSTRAINT, "t");
	const char *col = "a";

	op->u.cons = ops_constraint_new(A, OPS_C_UNIQUE, L());
	op->u.cons->name = "uq";
	op->u.cons->cols = ops_strv(A, &col, 1);
	op->u.cons->ncols = 1;
	return op;
}

static struct ops_op *e14(void)
{
	struct ops_op *op = OP(OPS_ALTER_COLUMN, "t");

	op->u.alter.column = "c";
	op->u.alter.existing_type = T("Integer", OPS_M_SA);
	op->u.alter.comment_set = true;
	op->u.alter.comment = "x";
	return op;
}

static struct ops_op *e15(void)
{
	return BULK1("j", T("JSON", OPS_M_SA), VAL(OPS_V_STR, 0, "x"));
}

static struct ops_op *e16(void)
{
	struct ops_type *s = T("String", OPS_M_SA);
	struct ops_op *op;

	s->length = 10;
	op = TABLE1(COL("a", s));
	op->u.create->cols[0]->primary_key = true;
	op->u.create->cols[0]->autoincrement = OPS_TRUE;
	return op;
}

static struct ops_op *e17(void)
{
	struct ops_op *op = e01();

	op->u.drop.type_ = "unique";
	return op;
}

static struct ops_op *e18(void)
{
	return BULK1("x", NULL, VAL(OPS_V_INT, 1, NULL));
}

static struct ops_op *e19(void)
{
	return BULK1("b", T("Boolean", OPS_M_SA), VAL(OPS_V_STR, 0, "yes"));
}

static struct ops_op *e21(void)
{
	return BULK1("s", T("String", OPS_M_SA), VAL(OPS_V_INT, 5, NULL));
}

static struct ops_op *e22(void)
{
	struct ops_op *op = OP(OPS_ADD_CONSTRAINT, "t");

	op->u.cons = ops_constraint_new(A, OPS_C_FOREIGN, L());
	op->u.cons->name = "f";
	op->u.cons->fk = FK1("a", "u", "id");
	op->u.cons->fk->name = "f";
	op->u.cons->fk->ondelete = "CASCADE;";
	return op;
}

static struct ops_op *e23(void)
{
	return TABLE1(COL("a", T("JSONB", OPS_M_POSTGRESQL)));
}

static struct ops_op *e24(void)
{
	return TABLE1(COL("a", T("UUID", OPS_M_POSTGRESQL)));
}

/*
 * A case: the revision id and its op.  Where retort words an error
 * itself (SQLAlchemy's text names Python objects), mine[] gives
 * retort's message for the dialects that fail, in the order pg, mysql,
 * mariadb, sqlite (NULL: compare with Alembic's).  e11 (an int
 * server_default, SQLAlchemy's ArgumentError while building the Column)
 * cannot be expressed in the IR: the interpreter owns that error.
 */
struct ecase {
	const char *id;
	struct ops_op *(*build)(void);
	const char *mine[4];
};

static const struct ecase cases[] = {
	{ "e01_drop_generic", e01, { NULL } },
	{ "e02_mysql_no_type", e02, { NULL } },
	{ "e03_add_fk", e03, { NULL } },
	{ "e04_match", e04, { NULL } },
	{ "e06_enum_noname", e06, { NULL } },
	{ "e07_varchar", e07, { NULL } },
	{ "e08_composite_ai", e08, { NULL } },
	{ "e09_using", e09, { NULL } },
	{ "e10_date_str", e10, { NULL } },
	{ "e12_add_unique", e12, { NULL } },
	{ "e13_create_uq", e13, { NULL } },
	{ "e14_comment", e14, { NULL, NULL, NULL,
				"dialect sqlite cannot render "
				"alter_column(comment=...): ColumnComment "
				"construct has no default compilation "
				"handler" } },
	{ "e15_bulk_json", e15, { NULL } },
	{ "e16_ai_text", e16, { NULL } },
	{ "e17_drop_sqlite", e17, { NULL } },
	{ "e18_bulk_nulltype", e18, { NULL } },
	{ "e19_bulk_bool_str", e19, { NULL } },
	{ "e21_bulk_str_int", e21, { NULL } },
	{ "e22_phrase", e22, { NULL } },
	{ "e23_type_unsupported", e23, { NULL,
		"(in table 't', column 'a'): type postgresql.JSONB cannot be "
		"rendered on dialect mysql",
		"(in table 't', column 'a'): type postgresql.JSONB cannot be "
		"rendered on dialect mariadb",
		"(in table 't', column 'a'): type postgresql.JSONB cannot be "
		"rendered on dialect sqlite" } },
	{ "e24_uuid_sqlite", e24, { NULL,
		"(in table 't', column 'a'): type postgresql.UUID cannot be "
		"rendered on dialect mysql",
		"(in table 't', column 'a'): type postgresql.UUID cannot be "
		"rendered on dialect mariadb",
		"(in table 't', column 'a'): type postgresql.UUID cannot be "
		"rendered on dialect sqlite" } },
};

/* The line "<id>: <rc> <rest>" of the expected file */
static const char *expected_line(const char *all, const char *id)
{
	char *key = arena_printf(A, "%s: ", id);
	const char *p = strstr(all, key), *end;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen(key);
	end = strchr(p, '\n');
	return arena_strndup(A, p, end ? (size_t)(end - p) : strlen(p));
}

/* What retort must say for Alembic's "<rc> <Class>: <msg>" line: the
 * code and message (without the exception class or log prefix). */
static void want_of(const char *line, int *code, const char **msg)
{
	const char *p;

	*msg = NULL;
	*code = 0;
	if (!strcmp(line, "0 ok"))
		return;
	if (!strncmp(line, "255 ERROR [alembic.util.messaging] ", 35)) {
		*code = RT_ECOMMAND;
		*msg = line + 35;
		return;
	}
	CU_ASSERT_FATAL(!strncmp(line, "1 ", 2));
	*code = RT_ERROR;
	p = strstr(line, ": ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	*msg = p + 2;
}

static void check_case(const struct ecase *k, const struct dialect *d,
		       int di, const char *all)
{
	struct render_session s;
	struct render_list out = { NULL, 0, 0 };
	struct rt_err err = RT_ERR_INIT;
	char buf[RT_ERR_MSG_MAX + 600];
	const char *msg, *full;
	int code, rc;

	FILE_ = arena_printf(A, "versions/%s.py", k->id);
	want_of(expected_line(all, k->id), &code, &msg);
	if (msg && k->mine[di])
		msg = k->mine[di];
	render_session_init(&s, A, d, true);
	rc = render_op(&out, &s, k->build(), &err);
	render_session_release(&s);
	CU_ASSERT_EQUAL(rc, code);
	if (!msg)
		return;
	full = arena_printf(A, "%s:17:5: %s", FILE_, msg);
	rt_err_str(&err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, full);
	if (rc != code || strcmp(buf, full))
		fprintf(stderr, "%s %s: rc %d\n got: %s\nwant: %s\n", d->name,
			k->id, rc, buf, full);
}

static void check_dialect(const char *section, const struct dialect *d,
			  int di)
{
	char *all;
	size_t i;

	A = arena_new();
	all = unit_slurp(arena_printf(A, "%s/expected/errors-%s.txt", RDIR,
				      section));
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++)
		check_case(&cases[i], d, di, all);
	free(all);
	arena_free(A);
}

static void test_render_errors_pg(void)
{
	check_dialect("pg", &dialect_postgresql, 0);
}

static void test_render_errors_mysql(void)
{
	check_dialect("mysql", &dialect_mysql, 1);
}

static void test_render_errors_mariadb(void)
{
	check_dialect("mariadb", &dialect_mariadb, 2);
}

static void test_render_errors_sqlite(void)
{
	check_dialect("sqlite", &dialect_sqlite, 3);
}

void unit_register(void)
{
	UNIT_SUITE("render_errors",
		   UNIT_TEST(test_render_errors_pg),
		   UNIT_TEST(test_render_errors_mysql),
		   UNIT_TEST(test_render_errors_mariadb),
		   UNIT_TEST(test_render_errors_sqlite));
}
