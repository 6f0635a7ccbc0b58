/*
 * test_dialect.c: dialect lookup by URL scheme (spec rules 8.1, 8.2),
 * identifier quoting (rule 7.4) and string literals, with expected texts
 * produced by SQLAlchemy 1.4.46's own IdentifierPreparer and compiler.
 */
#include "unit.h"

#include "ddl/dialect.h"

static const struct dialect *const all[] = {
	&dialect_postgresql, &dialect_mysql, &dialect_mariadb,
	&dialect_sqlite,
};

/* scheme -> dialect name, Alembic impl, transactional DDL, quote. */
static void test_dialect_schemes(void)
{
	static const struct {
		const char *scheme, *name, *impl;
		bool txn;
		char quote;
	} cases[] = {
		{ "postgresql", "postgresql", "PostgresqlImpl", true, '"' },
		{ "postgresql+psycopg2", "postgresql", "PostgresqlImpl", true,
		  '"' },
		{ "postgresql+pg8000", "postgresql", "PostgresqlImpl", true,
		  '"' },
		{ "mysql", "mysql", "MySQLImpl", false, '`' },
		{ "mysql+pymysql", "mysql", "MySQLImpl", false, '`' },
		{ "mariadb", "mariadb", "MariaDBImpl", false, '`' },
		{ "mariadb+mariadbconnector", "mariadb", "MariaDBImpl", false,
		  '`' },
		{ "sqlite", "sqlite", "SQLiteImpl", false, '"' },
		{ "sqlite+pysqlite", "sqlite", "SQLiteImpl", false, '"' },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		struct rt_err err = RT_ERR_INIT;
		const struct dialect *d = NULL;

		CU_ASSERT_EQUAL(dialect_for_scheme(&d, cases[i].scheme, &err),
				0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CU_ASSERT_STRING_EQUAL(d->name, cases[i].name);
		CU_ASSERT_STRING_EQUAL(d->impl, cases[i].impl);
		CU_ASSERT_EQUAL(d->transactional_ddl, cases[i].txn);
		CU_ASSERT_EQUAL(d->quote, cases[i].quote);
		CU_ASSERT_PTR_EQUAL(dialect_by_name(cases[i].name), d);
	}
	CU_ASSERT_PTR_NULL(dialect_by_name("postgres"));
	CU_ASSERT_PTR_NULL(dialect_by_name("mssql"));
	CU_ASSERT_PTR_NULL(dialect_by_name(""));
}

static void bad_scheme(const char *scheme, int code, const char *msg)
{
	struct rt_err err = RT_ERR_INIT;
	const struct dialect *d = &dialect_sqlite;

	CU_ASSERT_EQUAL(dialect_for_scheme(&d, scheme, &err), code);
	CU_ASSERT_EQUAL(err.code, code);
	CU_ASSERT_STRING_EQUAL(err.msg, msg);
	CU_ASSERT_PTR_NULL(d);
}

/* SQLAlchemy 1.4 dropped `postgres` (rule 8.1); others are not ours. */
static void test_dialect_bad_schemes(void)
{
	bad_scheme("postgres", RT_ECONFIG,
		   "Can't load plugin: sqlalchemy.dialects:postgres");
	bad_scheme("postgres+psycopg2", RT_ECONFIG,
		   "Can't load plugin: sqlalchemy.dialects:postgres.psycopg2");
	bad_scheme("", RT_ECONFIG, "Can't load plugin: sqlalchemy.dialects:");
	bad_scheme("Postgresql", RT_ECONFIG,
		   "Can't load plugin: sqlalchemy.dialects:Postgresql");
	bad_scheme("mssql+pyodbc", RT_ENOTIMPL,
		   "database dialect 'mssql' is not supported by retort");
	bad_scheme("oracle", RT_ENOTIMPL,
		   "database dialect 'oracle' is not supported by retort");
}

/* The tables are SQLAlchemy's, whole and sorted (bisection needs it). */
static void test_dialect_reserved_tables(void)
{
	static const size_t counts[] = { 102, 275, 262, 117 };
	size_t i, j;

	for (i = 0; i < RT_ARRAY_SIZE(all); i++) {
		const struct dialect *d = all[i];

		CU_ASSERT_EQUAL(*d->nreserved, counts[i]);
		for (j = 0; j < *d->nreserved; j++) {
			if (j)
				CU_ASSERT(strcmp(d->reserved[j - 1],
						 d->reserved[j]) < 0);
			CU_ASSERT(dialect_is_reserved(d, d->reserved[j]));
			CU_ASSERT(dialect_needs_quote(d, d->reserved[j]));
		}
	}
	CU_ASSERT(dialect_is_reserved(&dialect_postgresql, "all"));
	CU_ASSERT(dialect_is_reserved(&dialect_postgresql, "window"));
	CU_ASSERT(!dialect_is_reserved(&dialect_postgresql, "ORDER"));
	CU_ASSERT(!dialect_is_reserved(&dialect_postgresql, "rank"));
	CU_ASSERT(dialect_is_reserved(&dialect_mysql, "zerofill"));
	CU_ASSERT(!dialect_is_reserved(&dialect_mysql, "zzz"));
	CU_ASSERT(!dialect_is_reserved(&dialect_sqlite, ""));
	CU_ASSERT(!dialect_is_reserved(&dialect_sqlite, "a"));
}

/*
 * name, then its rendering for postgresql, mysql, mariadb, sqlite, as
 * SQLAlchemy 1.4.46's preparer.quote() gives it (the empty name, which
 * SQLAlchemy fails on with IndexError, is retort's choice).
 */
static const struct {
	const char *name;
	const char *want[4];
} quoting[] = {
	{ "alembic_version", { "alembic_version", "alembic_version",
	  "alembic_version", "alembic_version" } },
	{ "Version", { "\"Version\"", "`Version`", "`Version`",
	  "\"Version\"" } },
	{ "order", { "\"order\"", "`order`", "`order`", "\"order\"" } },
	{ "ORDER", { "\"ORDER\"", "`ORDER`", "`ORDER`", "\"ORDER\"" } },
	{ "my-ver", { "\"my-ver\"", "`my-ver`", "`my-ver`", "\"my-ver\"" } },
	{ "my_ver", { "my_ver", "my_ver", "my_ver", "my_ver" } },
	{ "1abc", { "\"1abc\"", "`1abc`", "`1abc`", "\"1abc\"" } },
	{ "a1", { "a1", "a1", "a1", "a1" } },
	{ "$s", { "\"$s\"", "`$s`", "`$s`", "\"$s\"" } },
	{ "s$", { "s$", "s$", "s$", "s$" } },
	{ "_x", { "_x", "_x", "_x", "_x" } },
	{ "user", { "\"user\"", "user", "user", "user" } },
	{ "analyse", { "\"analyse\"", "analyse", "analyse", "analyse" } },
	{ "abort", { "abort", "abort", "abort", "abort" } },
	{ "rank", { "rank", "`rank`", "rank", "rank" } },
	{ "window", { "\"window\"", "`window`", "`window`", "window" } },
	{ "current_role", { "\"current_role\"", "current_role",
	  "`current_role`", "current_role" } },
	{ "offset", { "\"offset\"", "offset", "`offset`", "\"offset\"" } },
	{ "key", { "key", "`key`", "`key`", "\"key\"" } },
	{ "mod", { "mod", "`mod`", "`mod`", "mod" } },
	{ "over", { "\"over\"", "`over`", "`over`", "over" } },
	{ "sql_log_bin", { "sql_log_bin", "sql_log_bin", "sql_log_bin",
	  "sql_log_bin" } },
	{ "a b", { "\"a b\"", "`a b`", "`a b`", "\"a b\"" } },
	{ "\303\251", { "\"\303\251\"", "`\303\251`", "`\303\251`",
	  "\"\303\251\"" } },
	{ "name\n", { "name\n", "name\n", "name\n", "name\n" } },
	{ "name\n\n", { "\"name\n\n\"", "`name\n\n`", "`name\n\n`",
	  "\"name\n\n\"" } },
	{ "my\"ver", { "\"my\"\"ver\"", "`my\"ver`", "`my\"ver`",
	  "\"my\"\"ver\"" } },
	{ "my`ver", { "\"my`ver\"", "`my``ver`", "`my``ver`", "\"my`ver\"" } },
	{ "select", { "\"select\"", "`select`", "`select`", "\"select\"" } },
	{ "Select", { "\"Select\"", "`Select`", "`Select`", "\"Select\"" } },
	{ "vacuum", { "vacuum", "vacuum", "vacuum", "\"vacuum\"" } },
	{ "returning", { "\"returning\"", "returning", "`returning`",
	  "returning" } },
	{ "general", { "general", "`general`", "`general`", "general" } },
	{ "intersect", { "\"intersect\"", "intersect", "`intersect`",
	  "\"intersect\"" } },
	{ "", { "\"\"", "``", "``", "\"\"" } },
};

static void test_dialect_quoting(void)
{
	size_t i, j;

	for (i = 0; i < RT_ARRAY_SIZE(quoting); i++)
		for (j = 0; j < RT_ARRAY_SIZE(all); j++) {
			struct rt_buf b = RT_BUF_INIT;

			rt_buf_adds(&b, "<");
			dialect_ident(&b, all[j], quoting[i].name);
			if (strcmp(b.buf + 1, quoting[i].want[j]))
				fprintf(stderr, "\n%s [%s]: got %s\n",
					all[j]->name, quoting[i].name, b.buf);
			CU_ASSERT_STRING_EQUAL(b.buf + 1, quoting[i].want[j]);
			CU_ASSERT_EQUAL(dialect_needs_quote(all[j],
							    quoting[i].name),
					strcmp(quoting[i].name,
					       quoting[i].want[j]) != 0);
			rt_buf_release(&b);
		}
}

static const char *lit(const struct dialect *d, const char *s, bool esc)
{
	static char out[256];
	struct rt_buf b = RT_BUF_INIT;

	dialect_literal(&b, d, s, esc);
	snprintf(out, sizeof(out), "%s", b.buf);
	rt_buf_release(&b);
	return out;
}

/*
 * SQLAlchemy 1.4.46, select(literal(s, String())) compiled with
 * literal_binds: PostgreSQL and MySQL double backslashes (their
 * _backslash_escapes stays true without a connection), SQLite does not.
 */
static void test_dialect_literals(void)
{
	const char *s = "a'b\\c%d";

	CU_ASSERT_STRING_EQUAL(lit(&dialect_postgresql, s, true),
			       "'a''b\\\\c%d'");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_mysql, s, true),
			       "'a''b\\\\c%d'");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_mariadb, s, true),
			       "'a''b\\\\c%d'");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_sqlite, s, true),
			       "'a''b\\c%d'");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_postgresql, s, false),
			       "'a''b\\c%d'");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_mysql, s, false),
			       "'a''b\\c%d'");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_sqlite, "", true), "''");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_sqlite, "''", true), "''''''");
	CU_ASSERT_STRING_EQUAL(lit(&dialect_postgresql, "\n\t\303\251", true),
			       "'\n\t\303\251'");
}

void unit_register(void)
{
	UNIT_SUITE("dialect",
		   UNIT_TEST(test_dialect_schemes),
		   UNIT_TEST(test_dialect_bad_schemes),
		   UNIT_TEST(test_dialect_reserved_tables),
		   UNIT_TEST(test_dialect_quoting),
		   UNIT_TEST(test_dialect_literals));
}
