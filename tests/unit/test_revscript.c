/*
 * test_revscript.c: the statements of upgrade()/downgrade() (.py, spec
 * rule 12.1 (a)) and of .sql sections, their flags and locations, and
 * every error with its file:line:col.
 */
#include "unit.h"
#include "base/buf.h"
#include "ddl/render.h"
#include "runtime/revscript.h"
#include "script/revread.h"
#include "sql/sqlbind.h"

static struct rt_arena *arena;
static char *tmp;
static char msg[4096];
static int last_rc;

#define FIX UNIT_SRC("fixtures/revscripts")

#define EQS UNIT_EQS

/* Two header lines: a body starts at line 3 or later. */
#define HDR "revision = 'a1'\ndown_revision = None\n"
#define IMPORTS "from alembic import op\nimport sqlalchemy as sa\n"

static void setup(void)
{
	arena = arena_new();
	tmp = unit_tmpdir();
}

static void teardown(void)
{
	unit_rmtree(tmp);
	free(tmp);
	arena_free(arena);
}

/* The dialect and mode bodies are loaded for (tests change them). */
static const struct dialect *dia = &dialect_postgresql;
static bool online;

/* Load f into s: "" or the error text (last_rc: the code). */
static const char *load_file(struct rev_script *s, const struct rev_file *f,
			     unsigned flags)
{
	struct rt_err err = RT_ERR_INIT;
	struct render_session rs;
	struct revscript_opts o = { &rs, flags, online };

	msg[0] = '\0';
	render_session_init(&rs, arena, dia, !online);
	last_rc = revscript_load(s, arena, f, &o, &err);
	render_session_release(&rs);
	if (last_rc < 0) {
		CU_ASSERT_EQUAL(err.code, last_rc);
		rt_err_str(&err, msg, sizeof(msg));
	}
	return msg;
}

/* Load dir/name into s: "" or the error text (last_rc: the code). */
static const char *load_at(struct rev_script *s, const char *dir,
			   const char *name, unsigned flags)
{
	struct rt_err err = RT_ERR_INIT;
	struct rev_file *f = arena_alloc(arena, sizeof(*f));

	msg[0] = '\0';
	last_rc = rev_file_read(f, arena, dir, name, &err);
	CU_ASSERT_EQUAL_FATAL(last_rc, 0);
	return load_file(s, f, flags);
}

/* Write text as tmp/name and load it. */
static const char *load(struct rev_script *s, const char *name,
			const char *text)
{
	unit_write(tmp, name, text);
	return load_at(s, tmp, name, 0);
}

/* "TMP/name:L:C: what" */
static const char *at(const char *name, const char *rest)
{
	return arena_printf(arena, "%s/%s:%s", tmp, name, rest);
}

/* The statements of b, "L:C flags|sql" each on a line, then the raise. */
static const char *dump(const struct rev_body *b)
{
	struct rt_buf out = RT_BUF_INIT;
	size_t i;
	char *s;

	for (i = 0; i < b->n; i++) {
		const struct rev_stmt *st = &b->stmts[i];

		rt_buf_addf(&out, "%d:%d %s%s|%s\n", st->loc.line,
			    st->loc.col, st->is_text ? "t" : "-",
			    st->autocommit ? "a" : "-", st->sql);
	}
	if (b->irreversible)
		rt_buf_addf(&out, "raise %d:%d %s: %s\n", b->raise_loc.line,
			    b->raise_loc.col,
			    b->raise_exc ? b->raise_exc : "(null)",
			    b->raise_msg ? b->raise_msg : "(null)");
	s = arena_strndup(arena, out.buf, out.len);
	rt_buf_release(&out);
	return s;
}

/* Body of upgrade() only: the dump, or the error text. */
static const char *up(const char *body)
{
	struct rev_script s;
	const char *text = arena_printf(arena, HDR IMPORTS "def upgrade():\n"
					"%s\ndef downgrade():\n    pass\n",
					body);
	const char *e = load(&s, "v.py", text);

	return *e ? e : dump(&s.up);
}

/*
 * Spec rule 8.6 applied to a statement the way Alembic prints it offline:
 * bind parameters, tabs -> 4 spaces, strip, ';'.
 */
static const char *offline(const char *sql)
{
	struct rt_buf b = RT_BUF_INIT;
	char *r, *s;
	size_t i, n;

	sqlbind_render_offline(&r, arena, sql);
	for (; *r; r++)
		if (*r == '\t')
			rt_buf_adds(&b, "    ");
		else
			rt_buf_addch(&b, *r);
	for (i = 0; i < b.len && strchr(" \n\t\r\f\v", b.buf[i]); i++)
		;
	for (n = b.len; n > i && strchr(" \n\t\r\f\v", b.buf[n - 1]); n--)
		;
	s = arena_printf(arena, "%.*s;", (int)(n - i), b.buf + i);
	rt_buf_release(&b);
	return s;
}

static void test_revscript_fixture_py(void)
{
	struct rev_script s;
	const char *path = FIX "/2b3c4d5e6f7a_add_email.py";

	setup();
	EQS(load_at(&s, FIX, "1a2b3c4d5e6f_create_account.py", 0), "");
	EQS(dump(&s.up),
	    "21:16 t-|CREATE TABLE account (id INTEGER PRIMARY KEY, "
	    "name VARCHAR(50))\n"
	    "23:9 t-|INSERT INTO account (id, name) VALUES (1, 'admin')\n");
	EQS(dump(&s.down), "30:16 t-|DROP TABLE account\n");

	EQS(load_at(&s, FIX, "2b3c4d5e6f7a_add_email.py", 0), "");
	EQS(dump(&s.up),
	    "24:24 t-|ALTER TABLE account ADD COLUMN email VARCHAR(100)\n"
	    "25:21 t-|UPDATE account SET email = name || '@example.com' "
	    "WHERE name ~ '^\\w+$'\n"
	    "26:16 t-|\n        UPDATE account\n"
	    "           SET name = 'ops\\:team'\n         WHERE id = 1\n"
	    "    \n"
	    "32:16 t-|COMMENT ON COLUMN account.email IS "
	    "'format: :user@host'\n"
	    "34:20 ta|CREATE INDEX CONCURRENTLY ix_account_email ON account "
	    "(email)\n");
	EQS(dump(&s.down), "raise 38:5 NotImplementedError: email cannot be "
	    "removed safely\n");
	EQS(s.up.stmts[0].loc.file, path);
	EQS(s.down.raise_loc.file, path);
	teardown();
}

/*
 * What `alembic upgrade head --sql` (1.8.1, postgresql) printed for the
 * two fixtures' upgrades, item by item: the statements of revscript,
 * rendered with sqlbind and rule 8.6, must be the same.
 */
static void test_revscript_matches_alembic_offline(void)
{
	static const char *const alembic[] = {
		"CREATE TABLE account (id INTEGER PRIMARY KEY, name "
		"VARCHAR(50));",
		"INSERT INTO account (id, name) VALUES (1, 'admin');",
		"ALTER TABLE account ADD COLUMN email VARCHAR(100);",
		"UPDATE account SET email = name || '@example.com' WHERE "
		"name ~ '^\\w+$';",
		"UPDATE account\n           SET name = 'ops:team'\n"
		"         WHERE id = 1;",
		"COMMENT ON COLUMN account.email IS 'format: NULL@host';",
		/* between COMMIT; and BEGIN; (the autocommit block) */
		"CREATE INDEX CONCURRENTLY ix_account_email ON account "
		"(email);",
	};
	struct rev_script s1, s2;
	size_t i;

	setup();
	EQS(load_at(&s1, FIX, "1a2b3c4d5e6f_create_account.py", 0), "");
	EQS(load_at(&s2, FIX, "2b3c4d5e6f7a_add_email.py", 0), "");
	CU_ASSERT_EQUAL_FATAL(s1.up.n + s2.up.n, RT_ARRAY_SIZE(alembic));
	for (i = 0; i < s1.up.n; i++)
		EQS(offline(s1.up.stmts[i].sql), alembic[i]);
	for (i = 0; i < s2.up.n; i++)
		EQS(offline(s2.up.stmts[i].sql), alembic[s1.up.n + i]);
	CU_ASSERT_TRUE(s2.up.stmts[s2.up.n - 1].autocommit);
	teardown();
}

static void test_revscript_literals(void)
{
	setup();
	EQS(up("    pass\n"), "");
	EQS(up("    \"\"\"Docstring.\"\"\"\n    # a comment\n    ...\n"
	       "    'another string'\n"), "");
	EQS(up("    op.execute('SELECT 1')  # trailing comment\n"),
	    "6:16 t-|SELECT 1\n");
	EQS(up("    op.execute(\n        'SELECT '\n        \"1\"  # c\n"
	       "        r'\\n'\n    )\n"),
	    "7:9 t-|SELECT 1\\n\n");
	EQS(up("    op.execute(u'caf\\xe9\\t;')\n"),
	    "6:16 t-|caf\xc3\xa9\t;\n");
	EQS(up("    op.execute('''a\n'b'\n''')\n"), "6:16 t-|a\n'b'\n\n");
	EQS(up("    op.execute(sa.text(R\"x\\:y\"))\n"),
	    "6:24 t-|x\\:y\n");
	EQS(up("    op.execute(\"\")\n"), "6:16 t-|\n");
	teardown();
}

/* The names op and text may come from (two import lines, one call). */
static void test_revscript_imports(void)
{
	static const char *const ok[][2] = {
		{ "from alembic import op\nfrom sqlalchemy import text\n",
		  "op.execute(text('s'))" },
		{ "from alembic import op\nfrom sqlalchemy.sql import text\n",
		  "op.execute(text('s'))" },
		{ "from alembic import op\n"
		  "from sqlalchemy.sql.expression import text as T\n",
		  "op.execute(T('s'))" },
		{ "from alembic import op\nimport sqlalchemy\n",
		  "op.execute(sqlalchemy.text('s'))" },
		{ "from alembic import op\nimport sqlalchemy.sql\n",
		  "op.execute(sqlalchemy.sql.text('s'))" },
		{ "from alembic import op as migrate\n"
		  "import sqlalchemy as sa\n",
		  "migrate.execute(sa.text('s'))" },
		{ "import alembic.op as op\nimport sqlalchemy as sa\n",
		  "op.execute(sa.text('s'))" },
		{ "from alembic import (\n    op,)\n", "op.execute('s')" },
	};
	struct rev_script s;
	size_t i;

	setup();
	for (i = 0; i < RT_ARRAY_SIZE(ok); i++) {
		const char *text = arena_printf(arena, HDR "%s"
						"def upgrade():\n    %s\n",
						ok[i][0], ok[i][1]);

		EQS(load(&s, "v.py", text), "");
		CU_ASSERT_EQUAL_FATAL(s.up.n, 1);
		EQS(s.up.stmts[0].sql, "s");
		CU_ASSERT_TRUE(s.up.stmts[0].is_text);
		CU_ASSERT_EQUAL(s.up.stmts[0].loc.line, 6);
	}
	teardown();
}

static void test_revscript_autocommit(void)
{
	setup();
	EQS(up("    op.execute('SELECT 1')\n"
	       "    with op.get_context().autocommit_block():\n"
	       "        # PostgreSQL runs these outside a transaction\n"
	       "        op.execute(\"ALTER TYPE mood ADD VALUE 'meh'\")\n"
	       "        op.execute('CREATE INDEX CONCURRENTLY i ON t (x)')\n"
	       "    op.execute('SELECT 2')\n"),
	    "6:16 t-|SELECT 1\n"
	    "9:20 ta|ALTER TYPE mood ADD VALUE 'meh'\n"
	    "10:20 ta|CREATE INDEX CONCURRENTLY i ON t (x)\n"
	    "11:16 t-|SELECT 2\n");
	EQS(up("    with op.get_context().autocommit_block():\n"
	       "        pass\n"), "");
	teardown();
}

static const char *down(const char *body)
{
	struct rev_script s;
	const char *text = arena_printf(arena, HDR IMPORTS
					"def upgrade() -> None:\n    pass\n\n"
					"def downgrade() -> None:\n%s", body);
	const char *e = load(&s, "v.py", text);

	return *e ? e : dump(&s.down);
}

static void test_revscript_raise(void)
{
	setup();
	EQS(down("    raise NotImplementedError(\"no downgrade\")\n"),
	    "raise 9:5 NotImplementedError: no downgrade\n");
	EQS(down("    raise NotImplementedError\n"),
	    "raise 9:5 NotImplementedError: (null)\n");
	EQS(down("    raise NotImplementedError()\n"),
	    "raise 9:5 NotImplementedError: (null)\n");
	EQS(down("    '''Irreversible.'''\n    raise RuntimeError('a' 'b')\n"),
	    "raise 10:5 RuntimeError: ab\n");
	EQS(down("    raise exc.CommandError(f'{x}')\n"),
	    "raise 9:5 exc.CommandError: (null)\n");
	EQS(down("    raise\n"),
	    "raise 9:5 RuntimeError: No active exception to reraise\n");
	EQS(down("    op.execute('DELETE FROM t')\n"
		 "    raise ValueError('x')\n"),
	    "9:16 t-|DELETE FROM t\nraise 10:5 ValueError: x\n");
	EQS(down("    op.execute('DROP TABLE t')\n    return\n"),
	    "9:16 t-|DROP TABLE t\n");
	EQS(down("    return None\n"), "");
	teardown();
}

static void test_revscript_missing_functions(void)
{
	struct rev_script s;

	setup();
	EQS(load(&s, "1_x-y.py", HDR IMPORTS "def upgrade():\n"
		 "    op.execute('SELECT 1')\n"), "");
	EQS(dump(&s.down), "raise 0:0 AttributeError: module '1_x_y_py' has "
	    "no attribute 'downgrade'\n");
	EQS(s.down.raise_loc.file, arena_printf(arena, "%s/1_x-y.py", tmp));
	EQS(load(&s, "v.py", HDR IMPORTS "def downgrade():\n    pass\n"),
	    at("v.py", " no upgrade() function (expected 'def upgrade():' "
	       "at the top level of the module)"));
	CU_ASSERT_EQUAL(last_rc, RT_ESYNTAX);
	/* Python keeps the last definition */
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade():\n    op.create()\n"
		 "def upgrade():\n    op.execute('x')\n"
		 "def downgrade():\n    pass\n"), "");
	EQS(dump(&s.up), "8:16 t-|x\n");
	teardown();
}

/* What stays outside the subset: RT_ENOTIMPL at the construct (the
 * constructs themselves: test_pyinterp.c). */
static void test_revscript_unsupported(void)
{
	static const struct {
		const char *body, *where;
	} cases[] = {
		{ "    x: int = 1\n    x += 1\n",
		  "7:5: augmented assignment" },
		{ "    for t in sa.inspect(op.get_bind()).get_table_names():\n"
		  "        pass\n", "6:14: sa.inspect()" },
		{ "    def f():\n        pass\n", "6:5: function definition" },
		{ "    print('x')\n", "6:5: print()" },
		{ "    1 + 2\n", "6:5: an expression ('+')" },
		{ "    op.execute(b'SELECT 1')\n", "6:16: a bytes literal" },
		{ "    op.execute(sa.table('t').delete())\n",
		  "6:16: a .delete() call" },
		{ "    op.execute(sa.select(1))\n", "6:16: sa.select()" },
		{ "    op.execute(('a',))\n",
		  "6:16: op.execute() argument 'sqltext' of type tuple "
		  "(expected a str or sa.text())" },
		{ "    op.execute(sa.text('x :y').bindparams(y=1))\n",
		  "6:16: a .bindparams() call" },
		{ "    op.execute('a\\x00b')\n",
		  "6:16: SQL text with a NUL character" },
		{ "    with open('x') as f:\n        pass\n",
		  "6:5: with open()" },
		{ "    with op.get_context().autocommit_block():\n"
		  "        with op.get_context().autocommit_block():\n"
		  "            pass\n",
		  "7:9: autocommit_block() inside autocommit_block()" },
		{ "    raise ValueError('x')\n    pass\n",
		  "6:5: raise before the end of upgrade()" },
		{ "    return\n    pass\n",
		  "6:5: return before the end of upgrade()" },
		{ "    return 1\n", "6:5: return with a value" },
		{ "    sa.execute('x')\n",
		  "6:5: sa.execute() where 'sa' is not alembic's op (expected "
		  "'from alembic import op')" },
	};
	size_t i;

	setup();
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		const char *colon, *want;

		colon = strchr(cases[i].where, ' ');
		want = arena_printf(arena, "%s/v.py:%.*s unsupported in a "
				    "revision body: %s", tmp,
				    (int)(colon - cases[i].where),
				    cases[i].where, colon + 1);
		EQS(up(cases[i].body), want);
		CU_ASSERT_EQUAL(last_rc, RT_ENOTIMPL);
	}
	/* offline, Python fails there: what follows is not interpreted */
	EQS(up("    op.get_bind().execute('x').fetchall()\n"
	       "    print('never interpreted')\n"),
	    "6:27 t-|x\nraise 6:5 AttributeError: 'NoneType' object has no "
	    "attribute 'fetchall'\n");
	teardown();
}

/*
 * Rendering for the run (revscript_opts): the dialect answers the ifs;
 * SQLite online leaves batch blocks to the runner; an op Alembic fails
 * on ends the body with rev_body.fail.
 */
static void test_revscript_render(void)
{
	static const char *const body =
		"    if op.get_context().dialect.name == 'sqlite':\n"
		"        op.execute('lite')\n"
		"    with op.batch_alter_table('t') as b:\n"
		"        b.add_column(sa.Column('c', sa.Integer()))\n"
		"    op.add_column('t', sa.Column('d', sa.Text()))\n";
	struct rev_script s;

	setup();
	dia = &dialect_sqlite;
	online = true;
	EQS(up(body), "7:20 t-|lite\n"
	    "8:10 --|(null)\n"
	    "10:5 --|ALTER TABLE t ADD COLUMN d TEXT\n");
	EQS(load(&s, "v.py", arena_printf(arena, HDR IMPORTS
		 "def upgrade():\n%s", body)), "");
	CU_ASSERT_PTR_NULL(s.up.stmts[1].sql);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.up.stmts[1].batch);
	CU_ASSERT_EQUAL(s.up.stmts[1].batch->kind, OPS_BATCH);
	CU_ASSERT_EQUAL(s.up.stmts[1].batch->u.batch.n, 1);
	/* not SQLite: the batch op renders as plain ALTERs */
	dia = &dialect_postgresql;
	EQS(up(body), "9:9 --|ALTER TABLE t ADD COLUMN c INTEGER\n"
	    "10:5 --|ALTER TABLE t ADD COLUMN d TEXT\n");
	/* SQLite cannot ALTER constraints: the statements before, then the
	 * error when the step gets there (the whole body is interpreted
	 * first: what is unsupported after it still fails the load) */
	dia = &dialect_sqlite;
	online = false;
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade():\n"
		 "    op.execute('before')\n"
		 "    op.create_unique_constraint('uq', 't', ['a'])\n"
		 "    print('x')\n"),
	    at("v.py", "8:5: unsupported in a revision body: print()"));
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade():\n"
		 "    op.execute('before')\n"
		 "    op.create_unique_constraint('uq', 't', ['a'])\n"
		 "    op.execute('after')\n"), "");
	CU_ASSERT_EQUAL(s.up.n, 1);
	CU_ASSERT_TRUE(s.up.irreversible);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.up.fail);
	EQS(s.up.fail->msg, "No support for ALTER of constraints in SQLite "
	    "dialect. Please refer to the batch mode feature which allows "
	    "for SQLite migrations using a copy-and-move strategy.");
	CU_ASSERT_EQUAL(s.up.fail->loc.line, 7);
	CU_ASSERT_EQUAL(s.up.fail->loc.col, 5);
	dia = &dialect_postgresql;
	teardown();
}

/* Imported names that are rebound, and lookalikes, are not op/text. */
static void test_revscript_names(void)
{
	struct rev_script s;

	setup();
	/* Python: AttributeError when the step runs */
	EQS(load(&s, "v.py", HDR IMPORTS "op = None\ndef upgrade():\n"
		 "    op.execute('x')\n"), "");
	EQS(dump(&s.up), "raise 7:5 AttributeError: 'NoneType' object has "
	    "no attribute 'execute'\n");
	EQS(load(&s, "v.py", HDR IMPORTS "if True:\n    import os as op\n"
		 "def upgrade():\n    op.execute('x')\n"),
	    at("v.py", "8:5: unsupported in a revision body: op.execute() "
	       "where 'op' is not alembic's op (expected 'from alembic "
	       "import op')"));
	EQS(load(&s, "v.py", HDR IMPORTS "def text(s):\n    return s\n"
		 "def upgrade():\n    op.execute(text('x'))\n"),
	    at("v.py", "8:16: unsupported in a revision body: text()"));
	EQS(load(&s, "v.py", HDR "from .alembic import op\n"
		 "def upgrade():\n    op.execute('x')\n"),
	    at("v.py", "5:5: unsupported in a revision body: op.execute() "
	       "where 'op' is not alembic's op (expected 'from alembic "
	       "import op')"));
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade():\n"
		 "    op.execute(sa.sql.expression.text('x'))\n"), "");
	EQS(dump(&s.up), "6:39 t-|x\n");
	teardown();
}

static void test_revscript_defs(void)
{
	struct rev_script s;

	setup();
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade(engine_name: str):\n"
		 "    pass\n"),
	    at("v.py", "5:13: unsupported in a revision body: upgrade() "
	       "with parameters (the multidb template's engine_name)"));
	EQS(load(&s, "v.py", HDR IMPORTS "@decorate\ndef upgrade():\n"
		 "    pass\n"),
	    at("v.py", "5:2: unsupported in a revision body: a decorated "
	       "upgrade()"));
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade():\n    pass\n"
		 "def downgrade(x=1):\n    pass\n"),
	    at("v.py", "7:15: unsupported in a revision body: downgrade() "
	       "with parameters (the multidb template's engine_name)"));
	/* pyparse's own errors come through */
	EQS(load(&s, "v.py", HDR IMPORTS "def upgrade():\n    try:\n"
		 "        pass\n    finally:\n        pass\n"),
	    at("v.py", "6:5: unsupported Python construct: try statement"));
	CU_ASSERT_EQUAL(last_rc, RT_ESYNTAX);
	teardown();
}

/* ---- .sql ---- */

static const char *load_sql(struct rev_script *s, const char *name,
			    unsigned flags)
{
	return load_at(s, FIX, name, flags);
}

static void test_revscript_fixture_sql(void)
{
	struct rev_script s;

	setup();
	EQS(load_sql(&s, "3c4d5e6f7a8b_audit.sql", SQLSPLIT_SQLITE), "");
	EQS(dump(&s.up),
	    "6:1 --|CREATE TABLE audit_log (\n    id INTEGER PRIMARY KEY,\n"
	    "    account_id INTEGER,\n    note TEXT  -- free text; may "
	    "contain ';'\n)\n"
	    "13:1 --|CREATE TRIGGER account_audit AFTER UPDATE ON account\n"
	    "BEGIN\n    INSERT INTO audit_log (account_id, note)\n"
	    "    VALUES (new.id, CASE WHEN new.name <> old.name\n"
	    "                         THEN 'renamed; was ' || old.name\n"
	    "                         ELSE 'updated' END);\nEND\n");
	EQS(dump(&s.down), "22:1 --|DROP TRIGGER account_audit\n"
	    "23:1 --|DROP TABLE audit_log\n");
	EQS(s.up.stmts[1].loc.file, FIX "/3c4d5e6f7a8b_audit.sql");

	EQS(load_sql(&s, "4d5e6f7a8b9c_touch.sql", SQLSPLIT_POSTGRESQL), "");
	EQS(dump(&s.up),
	    "6:1 --|CREATE FUNCTION touch() RETURNS trigger AS $fn$\nBEGIN\n"
	    "    NEW.updated := now();  -- a ';' in a body\n"
	    "    RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql\n"
	    "12:1 --|COMMENT ON FUNCTION touch() IS E'sets \\'updated\\'; "
	    "always'\n");
	EQS(dump(&s.down), "16:1 --|DROP FUNCTION touch()\n");
	/* the same file split for SQLite: no dollar quotes, no E'' */
	EQS(load_sql(&s, "4d5e6f7a8b9c_touch.sql", SQLSPLIT_SQLITE), "");
	EQS(dump(&s.up),
	    "6:1 --|CREATE FUNCTION touch() RETURNS trigger AS $fn$\nBEGIN\n"
	    "    NEW.updated := now();  -- a ';' in a body\n"
	    "    RETURN NEW;\nEND\n"
	    "11:1 --|$fn$ LANGUAGE plpgsql\n"
	    "12:1 --|COMMENT ON FUNCTION touch() IS E'sets \\'updated\\'; "
	    "always'\n"
	    "13:26 --|end here\n13:36 --|*/\n");

	EQS(load_sql(&s, "5e6f7a8b9c0d_counter.sql", SQLSPLIT_MYSQL), "");
	EQS(dump(&s.up),
	    "6:1 --|CREATE PROCEDURE bump(IN n INT)\nBEGIN\n"
	    "    DECLARE i INT DEFAULT 0;\n    WHILE i < n DO\n"
	    "        UPDATE counter SET value = value + 1, note = "
	    "'it\\'s; done';\n        SET i = i + 1;\n    END WHILE;\nEND\n"
	    "15:1 --|/*!40101 SET @saved = @@sql_mode */\n");
	/* an empty downgrade section: nothing to run, not irreversible */
	EQS(dump(&s.down), "");
	CU_ASSERT_FALSE(s.down.irreversible);
	teardown();
}

static const char *sql(struct rev_script *s, const char *text)
{
	unit_write(tmp, "v.sql", text);
	return load_at(s, tmp, "v.sql", 0);
}

#define SQLHDR "-- revision: a1\n-- down_revision:\n"

static void test_revscript_sql_sections(void)
{
	struct rev_script s;

	setup();
	EQS(sql(&s, SQLHDR "-- downgrade\nSELECT 1;\n"),
	    at("v.sql", " no upgrade section (expected a '-- upgrade' line "
	       "before the upgrade SQL)"));
	CU_ASSERT_EQUAL(last_rc, RT_ESYNTAX);
	EQS(sql(&s, SQLHDR "-- upgrade\nSELECT 1\n"), "");
	EQS(dump(&s.up), "4:1 --|SELECT 1\n");
	EQS(dump(&s.down), "raise 0:0 (null): no downgrade section in this "
	    "revision file\n");
	EQS(sql(&s, SQLHDR "-- down\nSELECT 'x;\n-- up\nSELECT 1;\n"),
	    at("v.sql", "4:8: unterminated string literal (expected a "
	       "closing ' before the end of the section)"));
	EQS(sql(&s, SQLHDR "-- up\n-- nothing yet\n-- down\n\n"), "");
	EQS(dump(&s.up), "");
	EQS(dump(&s.down), "");
	teardown();
}

/*
 * "-- transaction: none".  sqlrev.c does not accept the key yet, so the
 * rev_file is built here the way rev_file_read() would.
 */
static const char *txn(struct rev_script *s, const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rev_file f;
	const char *up_m = strstr(text, "-- upgrade\n");
	const char *down_m = strstr(text, "-- downgrade\n");
	const char *p;
	int line = 1;

	memset(&f, 0, sizeof(f));
	f.path = "/x/v.sql";
	f.name = "v.sql";
	f.kind = REV_SQL;
	f.src = text;
	f.srclen = strlen(text);
	for (p = text; p < up_m; p++)
		line += *p == '\n';
	f.sql_up = (struct sqlrev_section){
		true, (size_t)(up_m - text) + 11,
		(size_t)(down_m - up_m) - 11, line + 1,
	};
	for (; p < down_m; p++)
		line += *p == '\n';
	f.sql_down = (struct sqlrev_section){
		true, (size_t)(down_m - text) + 13,
		strlen(down_m + 13), line + 1,
	};
	(void)err;
	return load_file(s, &f, SQLSPLIT_POSTGRESQL);
}

static void test_revscript_sql_transaction(void)
{
	struct rev_script s;

	setup();
	EQS(txn(&s, SQLHDR "-- Transaction : NONE \n-- upgrade\n"
		"CREATE INDEX CONCURRENTLY i ON t (x);\n"
		"ALTER TYPE mood ADD VALUE 'meh';\n"
		"-- downgrade\nDROP INDEX CONCURRENTLY i;\n"), "");
	EQS(dump(&s.up), "5:1 -a|CREATE INDEX CONCURRENTLY i ON t (x)\n"
	    "6:1 -a|ALTER TYPE mood ADD VALUE 'meh'\n");
	EQS(dump(&s.down), "8:1 -a|DROP INDEX CONCURRENTLY i\n");
	/* only before the sections: inside one it is just a comment */
	EQS(txn(&s, SQLHDR "-- upgrade\n-- transaction: none\nSELECT 1;\n"
		"-- downgrade\n"), "");
	EQS(dump(&s.up), "5:1 --|SELECT 1\n");
	EQS(txn(&s, SQLHDR "--transaction:per-step\n-- upgrade\n"
		"-- downgrade\n"),
	    "/x/v.sql:3:15: unknown transaction mode 'per-step' (expected "
	    "'-- transaction: none')");
	CU_ASSERT_EQUAL(last_rc, RT_ESYNTAX);
	teardown();
}

void unit_register(void)
{
	UNIT_SUITE("revscript",
		   UNIT_TEST(test_revscript_fixture_py),
		   UNIT_TEST(test_revscript_matches_alembic_offline),
		   UNIT_TEST(test_revscript_literals),
		   UNIT_TEST(test_revscript_imports),
		   UNIT_TEST(test_revscript_autocommit),
		   UNIT_TEST(test_revscript_raise),
		   UNIT_TEST(test_revscript_missing_functions),
		   UNIT_TEST(test_revscript_unsupported),
		   UNIT_TEST(test_revscript_render),
		   UNIT_TEST(test_revscript_names),
		   UNIT_TEST(test_revscript_defs),
		   UNIT_TEST(test_revscript_fixture_sql),
		   UNIT_TEST(test_revscript_sql_sections),
		   UNIT_TEST(test_revscript_sql_transaction));
}
