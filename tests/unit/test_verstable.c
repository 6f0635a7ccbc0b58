/*
 * test_verstable.c: version-table statement texts (spec rules 7.1, 7.3,
 * 7.4, 7.10, 7.12, 7.18) per dialect and setting.  Expected texts are
 * Alembic 1.8.1's --sql output (fixtures/offline/expected) or, for the
 * online-only statements, SQLAlchemy 1.4.46's compiled text.
 */
#include "unit.h"

#include "ddl/dialect.h"
#include "revision/revplan.h"
#include "runtime/verstable.h"

static const struct verstable deflt = VERSTABLE_INIT;

static char got[1024];

/* What fn appended, into got. */
#define TEXT(call) \
	do { \
		struct rt_buf b_ = RT_BUF_INIT; \
		struct rt_buf *b = &b_; \
		call; \
		snprintf(got, sizeof(got), "%s", b_.buf); \
		rt_buf_release(&b_); \
	} while (0)

#define OK(call) \
	do { \
		struct rt_err err_ = RT_ERR_INIT; \
		struct rt_err *err = &err_; \
		TEXT(CU_ASSERT_EQUAL(call, 0)); \
		CU_ASSERT_EQUAL(err_.code, 0); \
	} while (0)

static const char create_default[] =
	"CREATE TABLE alembic_version (\n"
	"    version_num VARCHAR(32) NOT NULL, \n"
	"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
	")";

/* Rule 7.1: one text for every dialect, TABs online. */
static void test_verstable_create(void)
{
	const struct dialect *ds[] = { &dialect_postgresql, &dialect_mysql,
				       &dialect_mariadb, &dialect_sqlite };
	struct verstable nopk = { "Version", NULL, false, 0 };
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(ds); i++) {
		TEXT(verstable_create(b, ds[i], &deflt, true));
		CU_ASSERT_STRING_EQUAL(got, create_default);
		TEXT(verstable_create(b, ds[i], &deflt, false));
		CU_ASSERT_STRING_EQUAL(got,
			"CREATE TABLE alembic_version (\n"
			"\tversion_num VARCHAR(32) NOT NULL, \n"
			"\tCONSTRAINT alembic_version_pkc PRIMARY KEY "
			"(version_num)\n)");
	}
	/* Rule 7.3: no constraint, no trailing comma and blank. */
	TEXT(verstable_create(b, &dialect_postgresql, &nopk, true));
	CU_ASSERT_STRING_EQUAL(got, "CREATE TABLE \"Version\" (\n"
			       "    version_num VARCHAR(32) NOT NULL\n)");
	TEXT(verstable_create(b, &dialect_mysql, &nopk, false));
	CU_ASSERT_STRING_EQUAL(got, "CREATE TABLE `Version` (\n"
			       "\tversion_num VARCHAR(32) NOT NULL\n)");
}

/* Rule 7.4 and fixtures custom-pg-quote / custom-mysql-dash: the
 * constraint name is quoted on its own. */
static void test_verstable_quoted_names(void)
{
	struct verstable q = { "my\"ver", "Sch\"ema", true, 0 };
	struct verstable bt = { "my`ver", "$s", true, 0 };
	struct verstable order = { "order", "Select", true, 0 };

	TEXT(verstable_create(b, &dialect_postgresql, &q, true));
	CU_ASSERT_STRING_EQUAL(got,
		"CREATE TABLE \"Sch\"\"ema\".\"my\"\"ver\" (\n"
		"    version_num VARCHAR(32) NOT NULL, \n"
		"    CONSTRAINT \"my\"\"ver_pkc\" PRIMARY KEY (version_num)\n"
		")");
	OK(verstable_insert(b, &dialect_postgresql, &q, "r1base", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO \"Sch\"\"ema\".\"my\"\"ver\" (version_num) "
		"VALUES ('r1base') RETURNING "
		"\"Sch\"\"ema\".\"my\"\"ver\".version_num");
	TEXT(verstable_create(b, &dialect_mysql, &bt, true));
	CU_ASSERT_STRING_EQUAL(got,
		"CREATE TABLE `$s`.`my``ver` (\n"
		"    version_num VARCHAR(32) NOT NULL, \n"
		"    CONSTRAINT `my``ver_pkc` PRIMARY KEY (version_num)\n"
		")");
	OK(verstable_update(b, &dialect_mysql, &bt, "r1base", "r2main",
			    err));
	CU_ASSERT_STRING_EQUAL(got,
		"UPDATE `$s`.`my``ver` SET version_num='r2main' WHERE "
		"`$s`.`my``ver`.version_num = 'r1base'");
	OK(verstable_delete(b, &dialect_sqlite, &order, "r1base", err));
	CU_ASSERT_STRING_EQUAL(got,
		"DELETE FROM \"Select\".\"order\" WHERE "
		"\"Select\".\"order\".version_num = 'r1base'");
	TEXT(verstable_drop(b, &dialect_mariadb, &order));
	CU_ASSERT_STRING_EQUAL(got, "DROP TABLE `Select`.`order`");
	TEXT(verstable_ref(b, &dialect_postgresql, &deflt));
	CU_ASSERT_STRING_EQUAL(got, "alembic_version");
}

/* Rule 7.10's table; RETURNING on PostgreSQL with the primary key only. */
static void test_verstable_row_statements(void)
{
	struct verstable nopk = { NULL, NULL, false, 0 };
	struct verstable sch = { "my_version", "myschema", true, 0 };
	struct verstable sa2 = { NULL, NULL, true, ALEMBIC_V(13, 2) };
	struct verstable sa2nopk = { NULL, NULL, false, ALEMBIC_V(13, 2) };

	OK(verstable_insert(b, &dialect_postgresql, &deflt, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1') "
		"RETURNING alembic_version.version_num");
	OK(verstable_insert(b, &dialect_postgresql, &nopk, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1')");
	OK(verstable_insert(b, &dialect_mysql, &deflt, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1')");
	OK(verstable_insert(b, &dialect_sqlite, &deflt, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1')");
	/* SQLAlchemy 2.0 (Alembic >= 1.13): SQLite returns the column
	 * unqualified, as Alembic 1.13.2 prints it; no primary key, none */
	OK(verstable_insert(b, &dialect_sqlite, &sa2, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1') "
		"RETURNING version_num");
	OK(verstable_insert(b, &dialect_sqlite, &sa2nopk, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1')");
	OK(verstable_insert(b, &dialect_postgresql, &sa2, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1') "
		"RETURNING alembic_version.version_num");
	OK(verstable_insert(b, &dialect_mysql, &sa2, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO alembic_version (version_num) VALUES ('r1')");
	/* Spec 7.3 / 8.8. */
	OK(verstable_insert(b, &dialect_postgresql, &sch, "r1base", err));
	CU_ASSERT_STRING_EQUAL(got,
		"INSERT INTO myschema.my_version (version_num) VALUES "
		"('r1base') RETURNING myschema.my_version.version_num");
	OK(verstable_update(b, &dialect_postgresql, &sch, "r1base", "r2main",
			    err));
	CU_ASSERT_STRING_EQUAL(got,
		"UPDATE myschema.my_version SET version_num='r2main' WHERE "
		"myschema.my_version.version_num = 'r1base'");
	OK(verstable_delete(b, &dialect_mariadb, &deflt, "r1", err));
	CU_ASSERT_STRING_EQUAL(got,
		"DELETE FROM alembic_version WHERE "
		"alembic_version.version_num = 'r1'");
	TEXT(verstable_purge(b, &dialect_postgresql, &sch));
	CU_ASSERT_STRING_EQUAL(got, "DELETE FROM myschema.my_version");
	TEXT(verstable_select(b, &dialect_sqlite, &deflt));
	CU_ASSERT_STRING_EQUAL(got, "SELECT alembic_version.version_num "
			       "FROM alembic_version");
	TEXT(verstable_select(b, &dialect_mysql, &sch));
	CU_ASSERT_STRING_EQUAL(got, "SELECT myschema.my_version.version_num "
			       "FROM myschema.my_version");
	TEXT(verstable_drop(b, &dialect_postgresql, &deflt));
	CU_ASSERT_STRING_EQUAL(got, "DROP TABLE alembic_version");
	/* Ids are embedded as written, other characters included. */
	OK(verstable_insert(b, &dialect_sqlite, &deflt, "a\\b%c", err));
	CU_ASSERT_STRING_EQUAL(got, "INSERT INTO alembic_version "
			       "(version_num) VALUES ('a\\b%c')");
}

static void test_verstable_rowops(void)
{
	struct rowop ins = { ROWOP_INSERT, "a1", NULL };
	struct rowop del = { ROWOP_DELETE, "a1", NULL };
	struct rowop upd = { ROWOP_UPDATE, "a1", "a2" };

	OK(verstable_rowop(b, &dialect_sqlite, &deflt, &ins, err));
	CU_ASSERT_STRING_EQUAL(got, "INSERT INTO alembic_version "
			       "(version_num) VALUES ('a1')");
	OK(verstable_rowop(b, &dialect_sqlite, &deflt, &del, err));
	CU_ASSERT_STRING_EQUAL(got, "DELETE FROM alembic_version WHERE "
			       "alembic_version.version_num = 'a1'");
	OK(verstable_rowop(b, &dialect_sqlite, &deflt, &upd, err));
	CU_ASSERT_STRING_EQUAL(got, "UPDATE alembic_version SET "
			       "version_num='a2' WHERE "
			       "alembic_version.version_num = 'a1'");
}

static void bad_id(int rc, const struct rt_err *err, const char *id)
{
	char want[256];

	snprintf(want, sizeof(want), "revision id '%s' contains a single "
		 "quote, which cannot be written to the version table", id);
	CU_ASSERT_EQUAL(rc, RT_ECOMMAND);
	CU_ASSERT_EQUAL(err->code, RT_ECOMMAND);
	CU_ASSERT_STRING_EQUAL(err->msg, want);
	CU_ASSERT_STRING_EQUAL(got, "");
}

/* Rule 7.10: Alembic would write broken SQL; retort refuses. */
static void test_verstable_quote_in_id(void)
{
	struct rowop upd = { ROWOP_UPDATE, "ok", "it's" };
	struct rt_err e1 = RT_ERR_INIT, e2 = RT_ERR_INIT, e3 = RT_ERR_INIT;
	struct rt_err e4 = RT_ERR_INIT, e5 = RT_ERR_INIT;
	int rc = 0;

	TEXT(rc = verstable_insert(b, &dialect_postgresql, &deflt, "a'b",
				   &e1));
	bad_id(rc, &e1, "a'b");
	TEXT(rc = verstable_update(b, &dialect_postgresql, &deflt, "'", "x",
				   &e2));
	bad_id(rc, &e2, "'");
	TEXT(rc = verstable_delete(b, &dialect_mysql, &deflt, "x'", &e3));
	bad_id(rc, &e3, "x'");
	TEXT(rc = verstable_rowop(b, &dialect_sqlite, &deflt, &upd, &e4));
	bad_id(rc, &e4, "it's");
	TEXT(rc = verstable_update(b, &dialect_sqlite, &deflt, "a'", "b'",
				   &e5));
	bad_id(rc, &e5, "a'");
}

/* How SQLAlchemy 1.4.46's has_table() asks, names as literals. */
static void exists(const struct dialect *d, const struct verstable *vt,
		   const char *want0, const char *want1)
{
	struct rt_buf q[2] = { RT_BUF_INIT, RT_BUF_INIT };
	struct rt_err err = RT_ERR_INIT;
	size_t n = 0;

	CU_ASSERT_EQUAL(verstable_exists_queries(q, &n, d, vt, &err), 0);
	CU_ASSERT_EQUAL(n, want1 ? 2u : 1u);
	CU_ASSERT_STRING_EQUAL(q[0].buf, want0);
	CU_ASSERT_STRING_EQUAL(q[1].buf, want1 ? want1 : "");
	rt_buf_release(&q[0]);
	rt_buf_release(&q[1]);
}

static void test_verstable_exists(void)
{
	struct verstable sch = { "Ver", "my schema", true, 0 };

	exists(&dialect_postgresql, &deflt,
	       "select relname from pg_class c join pg_namespace n on "
	       "n.oid=c.relnamespace where "
	       "pg_catalog.pg_table_is_visible(c.oid) and "
	       "relname='alembic_version'", NULL);
	exists(&dialect_postgresql, &sch,
	       "select relname from pg_class c join pg_namespace n on "
	       "n.oid=c.relnamespace where n.nspname='my schema' and "
	       "relname='Ver'", NULL);
	exists(&dialect_mysql, &deflt,
	       "SELECT table_name FROM information_schema.tables WHERE "
	       "table_schema = DATABASE() AND "
	       "table_name = 'alembic_version'", NULL);
	exists(&dialect_mariadb, &sch,
	       "SELECT table_name FROM information_schema.tables WHERE "
	       "table_schema = 'my schema' AND table_name = 'Ver'", NULL);
	exists(&dialect_sqlite, &deflt,
	       "PRAGMA main.table_info(\"alembic_version\")",
	       "PRAGMA temp.table_info(\"alembic_version\")");
	exists(&dialect_sqlite, &sch,
	       "PRAGMA \"my schema\".table_info(\"Ver\")", NULL);
}

static void test_verstable_exists_refused(void)
{
	struct verstable q1 = { "a'b", NULL, true, 0 };
	struct verstable q2 = { "ok", "x\\y", true, 0 };
	struct rt_buf q[2] = { RT_BUF_INIT, RT_BUF_INIT };
	struct rt_err e1 = RT_ERR_INIT, e2 = RT_ERR_INIT;
	size_t n = 0;

	CU_ASSERT_EQUAL(verstable_exists_queries(q, &n, &dialect_sqlite, &q1,
						 &e1), RT_ENOTIMPL);
	CU_ASSERT_STRING_EQUAL(e1.msg, "version_table 'a'b' with a quote "
			       "or backslash is not supported");
	CU_ASSERT_EQUAL(verstable_exists_queries(q, &n, &dialect_mysql, &q2,
						 &e2), RT_ENOTIMPL);
	CU_ASSERT_STRING_EQUAL(e2.msg, "version_table_schema 'x\\y' with a "
			       "quote or backslash is not supported");
	CU_ASSERT_EQUAL(q[0].len, 0u);
	CU_ASSERT_EQUAL(q[1].len, 0u);
}

void unit_register(void)
{
	UNIT_SUITE("verstable",
		   UNIT_TEST(test_verstable_create),
		   UNIT_TEST(test_verstable_quoted_names),
		   UNIT_TEST(test_verstable_row_statements),
		   UNIT_TEST(test_verstable_rowops),
		   UNIT_TEST(test_verstable_quote_in_id),
		   UNIT_TEST(test_verstable_exists),
		   UNIT_TEST(test_verstable_exists_refused));
}
