/*
 * test_batch_live.c: batch_alter_table() online on SQLite, against what
 * real Alembic did (fixtures/batch/live/<case>/, recorded by
 * fixtures/batch/gen.py): the statements retort renders from the
 * reflected table, and the schema and rows the runner leaves.
 */
#include "unit.h"

#include "ddl/render_batch.h"
#include "runtime/batch_reflect.h"
#include "irtest.h"
#include "drvtest.h"
#include "revision/revplan.h"
#include "runtime/revscript.h"
#include "runtime/runner.h"
#include "runtime/runopts.h"

static struct rt_arena *A;
/* The run settings of the batch runs: zero, Alembic 1.8.1's output. */
static const struct runopts ref_opts;

/* The text of path, in A. */
static char *read_text(const char *path)
{
	char *text = unit_slurp(path), *s = arena_strdup(A, text);

	free(text);
	return s;
}

static const char *case_file(const char *c, const char *name)
{
	return arena_printf(A, "%s/%s/%s", UNIT_SRC("fixtures/batch/live"), c,
			    name);
}

/* ---- the IR of each case's batch.py ---- */

static struct ops_op *case_ir(const char *name)
{
	struct ops_op *b = irt_batch(A, "t"), *op;
	struct ops_alter *al;
	struct ops_column *c;

	if (!strcmp(name, "drop_column")) {
		irt_nest(A, b, OPS_DROP_COLUMN)->u.column_name = "flag";
	} else if (!strcmp(name, "alter_column")) {
		al = irt_alter(A, b, "n");
		al->type = irt_type(A, "Integer", 0);
		al->existing_type = irt_type(A, "Numeric", 0);
		al = irt_alter(A, b, "name");
		al->nullable = OPS_TRUE;
		al->new_name = "title";
		al->existing_type = irt_type(A, "String", 50);
		al = irt_alter(A, b, "qty");
		al->server_default_set = true;
		al->existing_type = irt_type(A, "Integer", 0);
	} else if (!strcmp(name, "add_fk")) {
		static const char *const qty = "qty", *const id = "id";
		struct ops_constraint *k = ops_constraint_new(
			A, OPS_C_FOREIGN, irt_at(11));

		k->name = "fk_t_a2";
		k->fk = ops_fk_new(A, irt_at(11));
		k->fk->name = k->name;
		k->fk->cols = ops_strv(A, &qty, 1);
		k->fk->ncols = k->fk->nrefs = 1;
		k->fk->ref_table = "a";
		k->fk->ref_cols = ops_strv(A, &id, 1);
		k->fk->onupdate = "SET NULL";
		irt_nest(A, b, OPS_ADD_CONSTRAINT)->u.cons = k;
	} else if (!strcmp(name, "add_unique")) {
		static const char *const col = "name";
		struct ops_constraint *k = ops_constraint_new(
			A, OPS_C_UNIQUE, irt_at(11));

		k->name = "uq_t_name";
		k->cols = ops_strv(A, &col, 1);
		k->ncols = 1;
		irt_nest(A, b, OPS_ADD_CONSTRAINT)->u.cons = k;
	} else if (!strcmp(name, "drop_constraint")) {
		irt_drop_constraint(A, b, "fk_t_a", "foreignkey");
	} else if (!strcmp(name, "create_index")) {
		irt_nest(A, b, OPS_DROP_COLUMN)->u.column_name = "flag";
		irt_create_index(A, b, "ix_t_name", "name", true);
		op = irt_nest(A, b, OPS_DROP_INDEX);
		op->u.index = ops_index_new(A, "ix_t_n", op->loc);
	} else if (!strcmp(name, "direct")) {
		c = ops_column_new(A, "extra", irt_type(A, "String", 10),
				   irt_at(11));
		c->server_default = ops_default_new(A, false, "e", irt_at(11));
		irt_nest(A, b, OPS_ADD_COLUMN)->u.column = c;
		irt_create_index(A, b, "ix_t_extra", "extra", false);
	} else if (!strcmp(name, "always")) {
		b->u.batch.recreate = OPS_RECREATE_ALWAYS;
		c = ops_column_new(A, "extra", irt_type(A, "Integer", 0),
				   irt_at(11));
		c->nullable = OPS_FALSE;
		c->server_default = ops_default_new(A, true, "7", irt_at(11));
		irt_nest(A, b, OPS_ADD_COLUMN)->u.column = c;
	} else if (!strcmp(name, "no_such_constraint")) {
		irt_nest(A, b, OPS_DROP_COLUMN)->u.column_name = "flag";
		irt_drop_constraint(A, b, "nope", NULL);
	} else if (!strcmp(name, "copy_fails")) {
		irt_alter(A, b, "n")->nullable = OPS_FALSE;
	} else if (!strcmp(name, "quirky")) {
		irt_alter(A, b, "n")->nullable = OPS_FALSE;
	} else {
		CU_FAIL_FATAL("unknown case");
	}
	return b;
}

/* ---- the database ---- */

static struct rt_conn *setup_db(const char *dir, const char *name,
				const char *c)
{
	struct rt_conn *conn = drv_open(A, arena_printf(A, "sqlite:///%s/%s",
							dir, name), NULL);
	char *sql = read_text(case_file(c, "setup.sql")), *p, *e;

	for (p = sql; *p; p = e) {
		e = strstr(p, ";\n");
		if (e)
			*e = '\0';
		if (*p)
			drv_exec_ok(conn, p);
		e = e ? e + 2 : p + strlen(p);
	}
	return conn;
}

/* What gen.py's dump() prints. */
static const char *dump(struct rt_conn *conn)
{
	struct rt_buf tables = RT_BUF_INIT, out = RT_BUF_INIT;
	struct rt_err err = RT_ERR_INIT;
	char *p, *nl;
	const char *s;

	CU_ASSERT_EQUAL(conn_query(conn, "SELECT type, name, tbl_name, sql "
				   "FROM sqlite_master ORDER BY name",
				   drv_collect, &out, &err), 0);
	CU_ASSERT_EQUAL(conn_query(conn, "SELECT name FROM sqlite_master "
				   "WHERE type = 'table' ORDER BY name",
				   drv_collect, &tables, &err), 0);
	for (p = tables.buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		rt_buf_addf(&out, "-- rows of %s\n", p);
		CU_ASSERT_EQUAL(conn_query(conn, arena_printf(
			A, "SELECT * FROM \"%s\"", p), drv_collect, &out,
			&err), 0);
	}
	s = arena_strdup(A, out.buf);
	rt_buf_release(&tables);
	rt_buf_release(&out);
	return s;
}

static bool is_index(const char *s)
{
	return !strncmp(s, "CREATE INDEX", 12) ||
	       !strncmp(s, "CREATE UNIQUE INDEX", 19);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Statements "...\n-- end\n" joined, the final run of CREATE INDEX
 * sorted: Alembic creates the copied indexes in the order of a Python
 * set (it varies from run to run). */
static const char *canonical(char **v, size_t n, const char *error)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i = n, j;
	const char *s;

	while (i > 0 && is_index(v[i - 1]))
		i--;
	qsort(v + i, n - i, sizeof(*v), cmp_str);
	for (j = 0; j < n; j++)
		rt_buf_addf(&b, "%s\n-- end\n", v[j]);
	if (error)
		rt_buf_adds(&b, error);
	s = arena_strdup(A, b.buf);
	rt_buf_release(&b);
	return s;
}

static const char *expected_sql(const char *c)
{
	char *text = read_text(case_file(c, "expected.sql")), *p, *e;
	char **v = arena_alloc(A, 64 * sizeof(*v));
	const char *error = NULL;
	size_t n = 0;

	for (p = text; *p && n < 64; p = e + 8) {
		if (!strncmp(p, "ERROR: ", 7)) {
			error = p;
			break;
		}
		e = strstr(p, "\n-- end\n");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		*e = '\0';
		v[n++] = p;
	}
	return canonical(v, n, error);
}

/* Python's exception line for an error retort reports. */
static const char *py_error(const struct rt_err *err)
{
	const char *m = err->msg;

	if (!strncmp(m, "No such constraint", 18))
		return arena_printf(A, "ERROR: ValueError: %s\n", m);
	return arena_printf(A, "ERROR: %s\n", m);
}

/* The statements retort renders from the reflected table. */
static void check_statements(const char *dir, const char *c)
{
	struct rt_conn *conn = setup_db(dir, "render.db", c);
	struct render_session s;
	struct render_list l = { NULL, 0, 0 };
	struct rt_err err = RT_ERR_INIT;
	struct ops_table *live = NULL;
	struct ops_op *b = case_ir(c);
	char **v;
	size_t i;
	int rc = 0;
	const char *got, *want = expected_sql(c);

	render_session_init(&s, A, &dialect_sqlite, false);
	if (batch_needs_recreate(b, b->u.batch.n, &dialect_sqlite))
		rc = batch_reflect(&live, conn, A, "t", NULL, &b->loc, &err);
	if (rc == 0)
		rc = batch_render(&l, &s, b, live, NULL, &err);
	v = arena_alloc(A, (l.n + 1) * sizeof(*v));
	for (i = 0; i < l.n; i++)
		v[i] = arena_strdup(A, l.v[i].sql);
	got = canonical(v, l.n, rc < 0 ? py_error(&err) : NULL);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "%s: got:\n%s\nwant:\n%s\n", c, got, want);
	render_session_release(&s);
	conn_close(conn);
}

/* The runner executes the block: schema and rows as Alembic left them. */
static int run_case(const char *dir, const char *c, struct rt_err *err)
{
	struct rt_conn *conn = setup_db(dir, "run.db", c);
	struct rev_file file = { .id = "b1", .doc = "" };
	struct revision rev = { .id = "b1", .file = &file };
	struct revstep st = { .kind = REVSTEP_UPGRADE, .rev = &rev };
	struct revplan plan = { .steps = &st, .nsteps = 1 };
	struct ops_op *b = case_ir(c);
	struct rev_stmt stmt = { .loc = b->loc, .batch = b };
	struct rev_body body = { .stmts = &stmt, .n = 1 };
	const struct rev_body *bodies[] = { &body };
	struct runner r = { .arena = A, .opts = &ref_opts,
			    .dialect = &dialect_sqlite, .conn = conn };
	const char *got, *want = read_text(case_file(c, "expected.master"));
	int rc;

	rc = runner_execute(&r, &plan, bodies, NULL, err);
	got = dump(conn);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "%s: got:\n%s\nwant:\n%s\n", c, got, want);
	conn_close(conn);
	return rc;
}

static void live_case(const char *c)
{
	char *dir = unit_tmpdir();
	struct rt_err err = RT_ERR_INIT;

	A = arena_new();
	check_statements(dir, c);
	CU_ASSERT_EQUAL(run_case(dir, c, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	arena_free(A);
	unit_rmtree(dir);
	free(dir);
}

static void test_batch_live_drop_column(void)
{
	live_case("drop_column");
}

static void test_batch_live_alter_column(void)
{
	live_case("alter_column");
}

static void test_batch_live_add_fk(void)
{
	live_case("add_fk");
}

static void test_batch_live_add_unique(void)
{
	live_case("add_unique");
}

static void test_batch_live_drop_constraint(void)
{
	live_case("drop_constraint");
}

static void test_batch_live_create_index(void)
{
	live_case("create_index");
}

static void test_batch_live_direct(void)
{
	live_case("direct");
}

static void test_batch_live_always(void)
{
	live_case("always");
}

/* Hand-written DDL: SQLAlchemy's regular expressions drop the unnamed
 * CHECK, lose the inline FK's ON DELETE and the NOT NULL of "integer
 * primary key"; retort does the same. */
static void test_batch_live_quirky(void)
{
	live_case("quirky");
}

/* An error: nothing changed, the message names the op's line. */
static void test_batch_live_no_such_constraint(void)
{
	char *dir = unit_tmpdir();
	struct rt_err err = RT_ERR_INIT;
	char buf[RT_ERR_MSG_MAX + 100];

	A = arena_new();
	check_statements(dir, "no_such_constraint");
	CU_ASSERT_EQUAL(run_case(dir, "no_such_constraint", &err), RT_ERROR);
	rt_err_str(&err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "versions/b.py:12:9: No such "
			       "constraint: 'nope'");
	arena_free(A);
	unit_rmtree(dir);
	free(dir);
}

/* The copy fails (a NULL into NOT NULL): the new table is dropped (as
 * Alembic does) and the step rolled back, so the schema is as before.
 * (Alembic under pysqlite keeps _alembic_tmp_t: its CREATE TABLE ran
 * outside the transaction the INSERT opened.) */
static void test_batch_live_copy_fails(void)
{
	char *dir = unit_tmpdir();
	struct rt_conn *conn;
	struct rt_err err = RT_ERR_INIT;
	struct rev_file file = { .id = "b1", .doc = "" };
	struct revision rev = { .id = "b1", .file = &file };
	struct revstep st = { .kind = REVSTEP_UPGRADE, .rev = &rev };
	struct revplan plan = { .steps = &st, .nsteps = 1 };
	struct ops_op *b;
	struct rev_stmt stmt;
	struct rev_body body = { .stmts = &stmt, .n = 1 };
	const struct rev_body *bodies[] = { &body };
	struct runner r = { .opts = &ref_opts, .dialect = &dialect_sqlite };
	char buf[RT_ERR_MSG_MAX + 100];
	const char *before;

	A = arena_new();
	conn = setup_db(dir, "run.db", "drop_column");
	b = case_ir("copy_fails");
	stmt = (struct rev_stmt){ .loc = b->loc, .batch = b };
	r.arena = A;
	r.conn = conn;
	before = dump(conn);
	CU_ASSERT_EQUAL(runner_execute(&r, &plan, bodies, NULL, &err),
			RT_EDB);
	rt_err_str(&err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "versions/b.py:10:9: upgrade  -> b1 "
			       "failed: NOT NULL constraint failed: "
			       "_alembic_tmp_t.n\n[SQL: INSERT INTO "
			       "_alembic_tmp_t (id, name, n, flag, qty, "
			       "created, a_id) SELECT t.id, t.name, t.n, "
			       "t.flag, t.qty, t.created, t.a_id \nFROM t]");
	CU_ASSERT_STRING_EQUAL(dump(conn), before);
	conn_close(conn);
	arena_free(A);
	unit_rmtree(dir);
	free(dir);
}

/* A table that does not exist, and a type the IR cannot hold. */
static void test_batch_live_reflect_errors(void)
{
	char *dir = unit_tmpdir();
	struct rt_conn *conn;
	struct rt_err err = RT_ERR_INIT;
	struct ops_table *t;
	struct rt_loc loc = irt_at(10);
	char buf[RT_ERR_MSG_MAX + 100];

	A = arena_new();
	conn = drv_open(A, arena_printf(A, "sqlite:///%s/x.db", dir), NULL);
	drv_exec_ok(conn, "CREATE TABLE c (id INTEGER, code NCHAR(3))");
	CU_ASSERT_EQUAL(batch_reflect(&t, conn, A, "nope", NULL, &loc, &err),
			RT_ERROR);
	rt_err_str(&err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "versions/b.py:10:9: NoSuchTableError: "
			       "nope");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(batch_reflect(&t, conn, A, "c", NULL, &loc, &err),
			RT_ENOTIMPL);
	rt_err_str(&err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "versions/b.py:10:9: batch_alter_table(): "
			       "reflected column type 'NCHAR(3)' of 'c.code' "
			       "is not supported by retort");
	conn_close(conn);
	arena_free(A);
	unit_rmtree(dir);
	free(dir);
}

void unit_register(void)
{
	UNIT_SUITE("batch_live",
		   UNIT_TEST(test_batch_live_drop_column),
		   UNIT_TEST(test_batch_live_alter_column),
		   UNIT_TEST(test_batch_live_add_fk),
		   UNIT_TEST(test_batch_live_add_unique),
		   UNIT_TEST(test_batch_live_drop_constraint),
		   UNIT_TEST(test_batch_live_create_index),
		   UNIT_TEST(test_batch_live_direct),
		   UNIT_TEST(test_batch_live_always),
		   UNIT_TEST(test_batch_live_quirky),
		   UNIT_TEST(test_batch_live_no_such_constraint),
		   UNIT_TEST(test_batch_live_copy_fails),
		   UNIT_TEST(test_batch_live_reflect_errors));
}
