/*
 * test_batch.c: batch_alter_table() rendered without a connection: the
 * nested ops as plain ALTERs on PostgreSQL, MySQL and SQLite, move and
 * copy from copy_from, and Alembic's errors.  Expected text: Alembic
 * 1.8.1 `--sql` output (MigrationContext as_sql, literal_binds) of the
 * same block, as printed (TABs as four spaces, ";\n\n").
 */
#include "unit.h"

#include "ddl/render_batch.h"
#include "irtest.h"

static struct rt_arena *A;
static struct rt_buf out = RT_BUF_INIT;	/* what render() printed */
static struct rt_err err = RT_ERR_INIT;	/* and its error */

/* A new case: a fresh arena, output and error; its batch block on "t". */
static struct ops_op *begin(void)
{
	A = arena_new();
	rt_buf_reset(&out);
	rt_err_clear(&err);
	return irt_batch(A, "t");
}

/* The end of a case begun by begin(). */
static void end(void)
{
	rt_buf_release(&out);
	arena_free(A);
}

static struct ops_type *numeric(int p, int s)
{
	struct ops_type *t = irt_type(A, "Numeric", 0);

	t->precision = p;
	t->scale = s;
	return t;
}

static struct ops_column *column(const char *name, struct ops_type *t)
{
	return ops_column_new(A, name, t, irt_at(1));
}

static void add_column(struct ops_op *b, struct ops_column *c)
{
	irt_nest(A, b, OPS_ADD_COLUMN)->u.column = c;
}

static void drop_column(struct ops_op *b, const char *name)
{
	irt_nest(A, b, OPS_DROP_COLUMN)->u.column_name = name;
}

static void drop_index(struct ops_op *b, const char *name)
{
	irt_nest(A, b, OPS_DROP_INDEX)->u.index = ops_index_new(A, name,
								irt_at(1));
}

static struct ops_constraint *cons(enum ops_cons_kind k, const char *name,
				   const char *col)
{
	struct ops_constraint *c = ops_constraint_new(A, k, irt_at(1));

	c->name = name;
	if (col) {
		c->cols = ops_strv(A, &col, 1);
		c->ncols = 1;
	}
	return c;
}

static void add_cons(struct ops_op *b, struct ops_constraint *c)
{
	irt_nest(A, b, OPS_ADD_CONSTRAINT)->u.cons = c;
}

/* create_foreign_key(name, "a", [col], ["id"], ondelete=) */
static struct ops_constraint *fk(const char *name, const char *col,
				 const char *ondelete)
{
	struct ops_constraint *c = cons(OPS_C_FOREIGN, name, NULL);
	static const char *const id = "id";

	c->fk = ops_fk_new(A, irt_at(1));
	c->fk->name = name;
	c->fk->cols = ops_strv(A, &col, 1);
	c->fk->ncols = c->fk->nrefs = 1;
	c->fk->ref_table = "a";
	c->fk->ref_cols = ops_strv(A, &id, 1);
	c->fk->ondelete = ondelete;
	return c;
}

static struct ops_constraint *check(const char *name, const char *sql)
{
	struct ops_constraint *c = cons(OPS_C_CHECK, name, NULL);

	c->sqltext = sql;
	return c;
}

/* Render b on dialect d as Alembic prints it offline, after out; the
 * error goes to err. */
static int render(const char *d, struct ops_op *b)
{
	struct render_session s;
	struct render_list l = { NULL, 0, 0 };
	size_t i;
	int rc;

	render_session_init(&s, A, dialect_by_name(d), true);
	rc = render_op(&l, &s, b, &err);
	for (i = 0; i < l.n; i++) {
		const char *p = l.v[i].sql, *e = p + strlen(p);

		while (*p == '\n' || *p == ' ')
			p++;
		while (e > p && (e[-1] == '\n' || e[-1] == ' '))
			e--;
		for (; p < e; p++) {
			if (*p == '\t')
				rt_buf_adds(&out, "    ");
			else
				rt_buf_addch(&out, *p);
		}
		rt_buf_adds(&out, ";\n\n");
	}
	render_session_release(&s);
	return rc;
}

/* b renders on d without an error, as want (then out is emptied). */
static void expect_text(const char *d, struct ops_op *b, const char *want)
{
	CU_ASSERT_EQUAL(render(d, b), 0);
	CU_ASSERT_STRING_EQUAL(out.buf, want);
	if (strcmp(out.buf, want))
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", out.buf, want);
	rt_buf_reset(&out);
}

/* b fails on d with code and the whole message msg (err is cleared). */
static void expect_err(const char *d, struct ops_op *b, int code,
		       const char *msg)
{
	char buf[RT_ERR_MSG_MAX + 600];

	CU_ASSERT_EQUAL(render(d, b), code);
	CU_ASSERT_EQUAL(err.code, code);
	rt_err_str(&err, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, msg);
	if (strcmp(buf, msg))
		fprintf(stderr, "got: %s\nwant: %s\n", buf, msg);
	rt_err_clear(&err);
}

/* Add z (String(10), default 'q'), drop b, rename name to title (was
 * String(50), now nullable), n to Integer (was Numeric(10, 2)). */
static void column_ops(struct ops_op *b)
{
	struct ops_column *z = column("z", irt_type(A, "String", 10));
	struct ops_alter *al;

	z->server_default = ops_default_new(A, false, "q", irt_at(1));
	add_column(b, z);
	drop_column(b, "b");
	al = irt_alter(A, b, "name");
	al->new_name = "title";
	al->existing_type = irt_type(A, "String", 50);
	al->nullable = OPS_TRUE;
	al = irt_alter(A, b, "n");
	al->type = irt_type(A, "Integer", 0);
	al->existing_type = numeric(10, 2);
}

/* The block of every ALTER kind (Alembic renders it as plain ops). */
static struct ops_op *plain_block(void)
{
	struct ops_op *b = begin();

	column_ops(b);
	irt_create_index(A, b, "ix_t_title", "name", true);
	drop_index(b, "ix_t_n");
	add_cons(b, cons(OPS_C_UNIQUE, "uq_t_z", "z"));
	add_cons(b, fk("fk_t_a", "a_id", "CASCADE"));
	add_cons(b, check("ck_t_n", "n > 0"));
	irt_drop_constraint(A, b, "uq_old", "unique");
	return b;
}

static void test_batch_postgresql(void)
{
	expect_text("postgresql", plain_block(),
	"ALTER TABLE t ADD COLUMN z VARCHAR(10) DEFAULT 'q';\n"
	"\n"
	"ALTER TABLE t DROP COLUMN b;\n"
	"\n"
	"ALTER TABLE t ALTER COLUMN name DROP NOT NULL;\n"
	"\n"
	"ALTER TABLE t RENAME name TO title;\n"
	"\n"
	"ALTER TABLE t ALTER COLUMN n TYPE INTEGER;\n"
	"\n"
	"CREATE UNIQUE INDEX ix_t_title ON t (name);\n"
	"\n"
	"DROP INDEX ix_t_n;\n"
	"\n"
	"ALTER TABLE t ADD CONSTRAINT uq_t_z UNIQUE (z);\n"
	"\n"
	"ALTER TABLE t ADD CONSTRAINT fk_t_a FOREIGN KEY(a_id) REFERENCES a "
	"(id) ON DELETE CASCADE;\n"
	"\n"
	"ALTER TABLE t ADD CONSTRAINT ck_t_n CHECK (n > 0);\n"
	"\n"
	"ALTER TABLE t DROP CONSTRAINT uq_old;\n"
	"\n");
	end();
}

static void test_batch_mysql(void)
{
	expect_text("mysql", plain_block(),
	"ALTER TABLE t ADD COLUMN z VARCHAR(10) DEFAULT 'q';\n"
	"\n"
	"ALTER TABLE t DROP COLUMN b;\n"
	"\n"
	"ALTER TABLE t CHANGE name title VARCHAR(50) NULL;\n"
	"\n"
	"ALTER TABLE t MODIFY n INTEGER NULL;\n"
	"\n"
	"CREATE UNIQUE INDEX ix_t_title ON t (name);\n"
	"\n"
	"DROP INDEX ix_t_n ON t;\n"
	"\n"
	"ALTER TABLE t ADD CONSTRAINT uq_t_z UNIQUE (z);\n"
	"\n"
	"ALTER TABLE t ADD CONSTRAINT fk_t_a FOREIGN KEY(a_id) REFERENCES a "
	"(id) ON DELETE CASCADE;\n"
	"\n"
	"ALTER TABLE t ADD CONSTRAINT ck_t_n CHECK (n > 0);\n"
	"\n"
	"ALTER TABLE t DROP INDEX uq_old;\n"
	"\n");
	end();
}

/* SQLite: add_column (string default), create_index, drop_index need no
 * move and copy (SQLiteImpl.requires_recreate_in_batch). */
static void test_batch_sqlite_direct(void)
{
	struct ops_op *bt = begin();
	struct ops_column *z;

	z = column("z", irt_type(A, "String", 10));
	z->server_default = ops_default_new(A, false, "q", irt_at(1));
	add_column(bt, z);
	irt_create_index(A, bt, "ix_t_z", "z", false);
	drop_index(bt, "ix_old");
	CU_ASSERT_FALSE(batch_needs_recreate(bt, bt->u.batch.n,
					     dialect_by_name("sqlite")));
	expect_text("sqlite", bt,
	"ALTER TABLE t ADD COLUMN z VARCHAR(10) DEFAULT 'q';\n"
	"\n"
	"CREATE INDEX ix_t_z ON t (z);\n"
	"\n"
	"DROP INDEX ix_old;\n"
	"\n");
	/* an sa.text() default, a ForeignKey(), any other op: recreate */
	z->server_default->is_text = true;
	CU_ASSERT_TRUE(batch_needs_recreate(bt, 1, dialect_by_name("sqlite")));
	CU_ASSERT_FALSE(batch_needs_recreate(bt, 1,
					     dialect_by_name("postgresql")));
	z->server_default->is_text = false;
	ops_column_add_fk(A, z, ops_fk_new(A, irt_at(1)));
	CU_ASSERT_TRUE(batch_needs_recreate(bt, 1, dialect_by_name("sqlite")));
	end();
}

/* sa.Table("t", ...) as copy_from */
static struct ops_table *copy_from_table(void)
{
	struct ops_table *t = ops_table_new(A, "t", irt_at(5));
	struct ops_column *c;
	struct ops_fk *f;
	struct ops_index *ix;
	static const char *const ref = "a.id";

	c = column("id", irt_type(A, "Integer", 0));
	c->primary_key = true;
	ops_table_add_column(A, t, c);
	c = column("name", irt_type(A, "String", 50));
	c->nullable = OPS_FALSE;
	c->server_default = ops_default_new(A, false, "x", irt_at(1));
	ops_table_add_column(A, t, c);
	ops_table_add_column(A, t, column("n", numeric(10, 2)));
	ops_table_add_column(A, t, column("b", irt_type(A, "Boolean", 0)));
	c = column("a_id", irt_type(A, "Integer", 0));
	f = ops_fk_new(A, irt_at(1));
	f->refspecs = ops_strv(A, &ref, 1);
	f->ondelete = "CASCADE";
	ops_column_add_fk(A, c, f);
	ops_table_add_column(A, t, c);
	ops_table_add_constraint(A, t, cons(OPS_C_UNIQUE, "uq_name", "name"));
	ops_table_add_constraint(A, t, check("ck_n", "n > 0"));
	ix = ops_index_new(A, "ix_t_n", irt_at(1));
	ops_index_add_col(A, ix, "n", false);
	ops_table_add_index(A, t, ix);
	return t;
}

/* A new case (begin()) whose block copies from copy_from_table(). */
static struct ops_op *copy_block(void)
{
	struct ops_op *bt = begin();

	bt->u.batch.copy_from = copy_from_table();
	return bt;
}

static void test_batch_sqlite_copy_from(void)
{
	struct ops_op *bt = copy_block();

	column_ops(bt);
	irt_create_index(A, bt, "ix_t_z", "z", true);
	add_cons(bt, cons(OPS_C_UNIQUE, "uq_t_z", "z"));
	add_cons(bt, fk("fk_t_a", "a_id", "CASCADE"));
	add_cons(bt, check("ck_t_n", "n > 0"));
	irt_drop_constraint(A, bt, "uq_name", "unique");
	expect_text("sqlite", bt,
	"CREATE TABLE _alembic_tmp_t (\n"
	"    id INTEGER NOT NULL, \n"
	"    title VARCHAR(50) DEFAULT 'x', \n"
	"    n INTEGER, \n"
	"    a_id INTEGER, \n"
	"    z VARCHAR(10) DEFAULT 'q', \n"
	"    PRIMARY KEY (id), \n"
	"    CONSTRAINT ck_n CHECK (n > 0), \n"
	"    CONSTRAINT uq_t_z UNIQUE (z), \n"
	"    CONSTRAINT fk_t_a FOREIGN KEY(a_id) REFERENCES a (id) ON DELETE "
	"CASCADE, \n"
	"    CONSTRAINT ck_t_n CHECK (n > 0), \n"
	"    FOREIGN KEY(a_id) REFERENCES a (id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"INSERT INTO _alembic_tmp_t (id, title, n, a_id) SELECT t.id, "
	"t.name, CAST(t.n AS INTEGER) AS n, t.a_id \n"
	"FROM t;\n"
	"\n"
	"DROP TABLE t;\n"
	"\n"
	"ALTER TABLE _alembic_tmp_t RENAME TO t;\n"
	"\n"
	"CREATE INDEX ix_t_n ON t (n);\n"
	"\n"
	"CREATE UNIQUE INDEX ix_t_z ON t (z);\n"
	"\n");
	end();
}

/* recreate="always" on PostgreSQL: prep_table_for_batch() drops the
 * named constraints the copy keeps; no CAST within one affinity. */
static void test_batch_pg_always(void)
{
	struct ops_op *bt = begin();
	struct ops_table *t;
	struct ops_column *c;
	struct ops_alter *al;
	const char *want =
	"CREATE TABLE _alembic_tmp_t (\n"
	"    id %s NOT NULL, \n"
	"    n BIGINT, \n"
	"    PRIMARY KEY (id), \n"
	"    CONSTRAINT ck_n CHECK (n > 0)\n"
	");\n"
	"\n"
	"INSERT INTO _alembic_tmp_t (id, n) SELECT t.id, t.n \n"
	"FROM t;\n"
	"\n"
	"DROP TABLE t;\n"
	"\n"
	"ALTER TABLE _alembic_tmp_t RENAME TO t;\n"
	"\n";
	char *pg;

	bt->u.batch.recreate = OPS_RECREATE_ALWAYS;
	t = ops_table_new(A, "t", irt_at(5));
	c = column("id", irt_type(A, "Integer", 0));
	c->primary_key = true;
	ops_table_add_column(A, t, c);
	ops_table_add_column(A, t, column("n", irt_type(A, "Integer", 0)));
	ops_table_add_column(A, t, column("b", irt_type(A, "String", 5)));
	ops_table_add_constraint(A, t, check("ck_n", "n > 0"));
	bt->u.batch.copy_from = t;
	drop_column(bt, "b");
	al = irt_alter(A, bt, "n");
	al->type = irt_type(A, "BigInteger", 0);
	al->existing_type = irt_type(A, "Integer", 0);
	pg = arena_printf(A, "ALTER TABLE t DROP CONSTRAINT ck_n;\n\n%s",
			  arena_printf(A, want, "SERIAL"));
	expect_text("postgresql", bt, pg);
	expect_text("sqlite", bt, arena_printf(A, want, "INTEGER"));
	end();
}

/* impl.cast_for_batch_migrate(): a change of affinity to JSON is CAST
 * except on SQLite (SQLiteImpl leaves JSON alone). */
static void test_batch_json_cast(void)
{
	struct ops_op *bt = begin();
	struct ops_table *t;
	struct ops_column *c;
	struct ops_alter *al;
	const char *want =
	"CREATE TABLE _alembic_tmp_t (\n"
	"    id %s, \n"
	"    j JSON, \n"
	"    PRIMARY KEY (id)\n"
	");\n"
	"\n"
	"INSERT INTO _alembic_tmp_t (id, j) SELECT t.id, %s \n"
	"FROM t;\n"
	"\n"
	"DROP TABLE t;\n"
	"\n"
	"ALTER TABLE _alembic_tmp_t RENAME TO t;\n"
	"\n";

	bt->u.batch.recreate = OPS_RECREATE_ALWAYS;
	t = ops_table_new(A, "t", irt_at(5));
	c = column("id", irt_type(A, "Integer", 0));
	c->primary_key = true;
	ops_table_add_column(A, t, c);
	ops_table_add_column(A, t, column("j", irt_type(A, "String", 20)));
	bt->u.batch.copy_from = t;
	al = irt_alter(A, bt, "j");
	al->type = irt_type(A, "JSON", 0);
	al->existing_type = irt_type(A, "String", 20);
	expect_text("postgresql", bt, arena_printf(A, want, "SERIAL NOT NULL",
		    "CAST(t.j AS JSON) AS j"));
	expect_text("mysql", bt, arena_printf(A, want,
		    "INTEGER NOT NULL AUTO_INCREMENT",
		    "CAST(t.j AS JSON) AS j"));
	expect_text("sqlite", bt, arena_printf(A, want, "INTEGER NOT NULL",
		    "t.j"));
	end();
}

static void test_batch_offline_needs_table(void)
{
	struct ops_op *bt = begin();

	drop_column(bt, "b");
	expect_err("sqlite", bt, RT_ECOMMAND, "versions/b.py:10:9: This "
		   "operation "
		   "cannot proceed in --sql mode; batch mode with dialect "
		   "sqlite requires a live database connection with which to "
		   "reflect the table \"t\". To generate a batch SQL migration "
		   "script using table \"move and copy\", a complete Table "
		   "object should be passed to the \"copy_from\" argument of "
		   "the batch_alter_table() method so that table reflection "
		   "can be skipped.");
	CU_ASSERT_EQUAL(out.len, 0);
	end();
}

static void test_batch_insert_before(void)
{
	struct ops_op *bt;
	const char *d[] = { "postgresql", "sqlite" };
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(d); i++) {
		bt = begin();
		add_column(bt, column("z", irt_type(A, "Integer", 0)));
		bt->u.batch.ops[0]->insert_before = "n";
		expect_err(d[i], bt, RT_ECOMMAND, "versions/b.py:11:9: Can't "
			   "specify insert_before or insert_after when using "
			   "ALTER; please specify recreate='always'");
		end();
	}
}

/* create_index on the new name of a renamed column: KeyError after the
 * table moved (the index collection is keyed by old names) */
static void index_renamed(struct ops_op *bt)
{
	irt_alter(A, bt, "name")->new_name = "title";
	irt_create_index(A, bt, "ix_t_title", "title", false);
}

static void drop_no_constraint(struct ops_op *bt)
{
	drop_column(bt, "b");
	irt_drop_constraint(A, bt, "nope", NULL);
}

static void drop_no_index(struct ops_op *bt)
{
	drop_column(bt, "b");
	drop_index(bt, "ix_nope");
}

/* add_column(Column(..., ForeignKey("a.id"))): an unnamed FK */
static void add_unnamed_fk(struct ops_op *bt)
{
	struct ops_column *z = column("z", irt_type(A, "Integer", 0));
	static const char *const ref = "a.id";

	ops_column_add_fk(A, z, ops_fk_new(A, irt_at(1)));
	z->fks[0]->refspecs = ops_strv(A, &ref, 1);
	add_column(bt, z);
}

static void drop_no_column(struct ops_op *bt)
{
	drop_column(bt, "nope");
}

/* Errors ApplyBatchImpl raises, after what Alembic emitted first. */
static void test_batch_copy_errors(void)
{
	static const struct {
		void (*build)(struct ops_op *bt);
		const char *msg;
	} cases[] = {
		{ index_renamed, "versions/b.py:12:9: KeyError: 'title'" },
		{ drop_no_constraint,
		  "versions/b.py:12:9: No such constraint: 'nope'" },
		{ drop_no_index,
		  "versions/b.py:12:9: No such index: 'ix_nope'" },
		{ add_unnamed_fk,
		  "versions/b.py:11:9: Constraint must have a name" },
		{ drop_no_column, "versions/b.py:11:9: KeyError: 'nope'" },
	};
	struct ops_op *bt;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		bt = copy_block();
		cases[i].build(bt);
		expect_err("sqlite", bt, RT_ERROR, cases[i].msg);
		if (cases[i].build == index_renamed) {
			CU_ASSERT_PTR_NOT_NULL(strstr(out.buf, "ALTER TABLE "
					"_alembic_tmp_t RENAME TO t;\n\n"));
			CU_ASSERT_PTR_NULL(strstr(out.buf, "CREATE INDEX"));
		}
		end();
	}
}

/* sa.Table("t", id (primary key), a, b, c: Integer) */
static struct ops_table *abc_table(void)
{
	struct ops_table *t = ops_table_new(A, "t", irt_at(5));
	struct ops_column *c = column("id", irt_type(A, "Integer", 0));
	const char *names[] = { "a", "b", "c" };
	size_t i;

	c->primary_key = true;
	ops_table_add_column(A, t, c);
	for (i = 0; i < RT_ARRAY_SIZE(names); i++)
		ops_table_add_column(A, t, column(names[i],
						  irt_type(A, "Integer", 0)));
	return t;
}

static void add_at(struct ops_op *b, const char *name, const char *before,
		   const char *after)
{
	add_column(b, column(name, irt_type(A, "Integer", 0)));
	b->u.batch.ops[b->u.batch.n - 1]->insert_before = before;
	b->u.batch.ops[b->u.batch.n - 1]->insert_after = after;
}

/* insert_before/insert_after and partial_reordering: SQLAlchemy's
 * topological sort of Alembic's column pairs. */
static void test_batch_reorder(void)
{
	struct ops_op *bt = begin();
	struct ops_table *t;
	static const char *const t1[] = { "c", "a" }, *const t2[] = { "b",
								       "id" };
	static const size_t nt[] = { 2, 2 };

	bt->u.batch.recreate = OPS_RECREATE_ALWAYS;
	t = abc_table();
	ops_table_add_constraint(A, t, cons(OPS_C_UNIQUE, "uq_b", "b"));
	bt->u.batch.copy_from = t;
	drop_column(bt, "a");
	add_at(bt, "x", "b", NULL);
	add_at(bt, "y", NULL, "id");
	add_at(bt, "z", NULL, "x");
	add_at(bt, "w", NULL, NULL);
	drop_column(bt, "b");
	expect_text("sqlite", bt,
	"CREATE TABLE _alembic_tmp_t (\n"
	"    id INTEGER NOT NULL, \n"
	"    c INTEGER, \n"
	"    x INTEGER, \n"
	"    y INTEGER, \n"
	"    z INTEGER, \n"
	"    w INTEGER, \n"
	"    PRIMARY KEY (id)\n"
	");\n"
	"\n"
	"INSERT INTO _alembic_tmp_t (id, c) SELECT t.id, t.c \n"
	"FROM t;\n"
	"\n"
	"DROP TABLE t;\n"
	"\n"
	"ALTER TABLE _alembic_tmp_t RENAME TO t;\n"
	"\n");
	end();

	bt = begin();
	bt->u.batch.copy_from = abc_table();
	bt->u.batch.reorder = arena_alloc(A, 2 * sizeof(*bt->u.batch.reorder));
	bt->u.batch.reorder[0] = ops_strv(A, t1, 2);
	bt->u.batch.reorder[1] = ops_strv(A, t2, 2);
	bt->u.batch.nreorder = (size_t *)nt;
	bt->u.batch.nreorders = 2;
	add_column(bt, column("x", irt_type(A, "Integer", 0)));
	irt_alter(A, bt, "a")->new_name = "aa";
	expect_text("sqlite", bt,
	"CREATE TABLE _alembic_tmp_t (\n"
	"    b INTEGER, \n"
	"    c INTEGER, \n"
	"    x INTEGER, \n"
	"    id INTEGER NOT NULL, \n"
	"    aa INTEGER, \n"
	"    PRIMARY KEY (id)\n"
	");\n"
	"\n"
	"INSERT INTO _alembic_tmp_t (b, c, id, aa) SELECT t.b, t.c, t.id, "
	"t.a \n"
	"FROM t;\n"
	"\n"
	"DROP TABLE t;\n"
	"\n"
	"ALTER TABLE _alembic_tmp_t RENAME TO t;\n"
	"\n");
	end();
}

void unit_register(void)
{
	UNIT_SUITE("batch",
		   UNIT_TEST(test_batch_postgresql),
		   UNIT_TEST(test_batch_mysql),
		   UNIT_TEST(test_batch_sqlite_direct),
		   UNIT_TEST(test_batch_sqlite_copy_from),
		   UNIT_TEST(test_batch_pg_always),
		   UNIT_TEST(test_batch_json_cast),
		   UNIT_TEST(test_batch_offline_needs_table),
		   UNIT_TEST(test_batch_insert_before),
		   UNIT_TEST(test_batch_copy_errors),
		   UNIT_TEST(test_batch_reorder));
}
