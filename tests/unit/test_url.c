/*
 * test_url.c: SQLAlchemy URL parsing, masking, precedence, and the
 * scheme -> dialect/driver table of drivers/driver.c.
 */
#include "unit.h"

#include "drivers/driver.h"
#include "config/url.h"

static struct rt_arena *A;

static struct rt_url *parse_ok(const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_url *u = NULL;

	CU_ASSERT_EQUAL_FATAL(url_parse(&u, A, text, NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	return u;
}

/* Parse text expecting failure; return the whole message (static). */
static const char *parse_fail(const char *text, const struct rt_loc *loc)
{
	static char out[RT_ERR_MSG_MAX + 600];
	struct rt_err err = RT_ERR_INIT;
	struct rt_url *u = NULL;

	CU_ASSERT_EQUAL(url_parse(&u, A, text, loc, &err), RT_ECONFIG);
	CU_ASSERT_PTR_NULL(u);
	return rt_err_str(&err, out, sizeof(out));
}

#define STR_OR_NULL(got, want) \
	do { \
		if (want) { \
			CU_ASSERT_STRING_EQUAL(got ? got : "(null)", want); \
		} else { \
			CU_ASSERT_PTR_NULL(got); \
		} \
	} while (0)

static void check(const char *text, const char *dialect, const char *dbapi,
		  const char *user, const char *pw, const char *host, int port,
		  const char *db)
{
	struct rt_url *u = parse_ok(text);
	const char *d = NULL;
	struct rt_err err = RT_ERR_INIT;

	STR_OR_NULL(u->dialect, dialect);
	STR_OR_NULL(u->dbapi, dbapi);
	STR_OR_NULL(u->user, user);
	STR_OR_NULL(u->password, pw);
	STR_OR_NULL(u->host, host);
	CU_ASSERT_EQUAL(u->port, port);
	STR_OR_NULL(u->database, db);
	/* every form listed in docs/databases.md has a known dialect */
	CU_ASSERT_EQUAL(driver_dialect(&d, u, &err), 0);
	CU_ASSERT_STRING_EQUAL(d ? d : "", dialect);
}

static void test_url_postgresql(void)
{
	check("postgresql://scott:tiger@localhost:5432/mydb", "postgresql",
	      NULL, "scott", "tiger", "localhost", 5432, "mydb");
	check("postgresql+psycopg2://u:p@db.example/app", "postgresql",
	      "psycopg2", "u", "p", "db.example", 0, "app");
	check("postgresql+psycopg://u@h/d", "postgresql", "psycopg", "u",
	      NULL, "h", 0, "d");
	check("postgresql+asyncpg://h/d", "postgresql", "asyncpg", NULL, NULL,
	      "h", 0, "d");
	check("postgresql+pg8000://h:6543", "postgresql", "pg8000", NULL, NULL,
	      "h", 6543, NULL);
	/* no host: libpq's default (unix socket) */
	check("postgresql:///d", "postgresql", NULL, NULL, NULL, NULL, 0, "d");
	/* empty password is a password */
	check("postgresql://u:@h/d", "postgresql", NULL, "u", "", "h", 0, "d");
}

static void test_url_mysql_mariadb(void)
{
	check("mysql://root:pw@127.0.0.1:3306/test", "mysql", NULL, "root",
	      "pw", "127.0.0.1", 3306, "test");
	check("mysql+pymysql://u:p@h/d", "mysql", "pymysql", "u", "p", "h", 0,
	      "d");
	check("mysql+mysqldb://u@h/d", "mysql", "mysqldb", "u", NULL, "h", 0,
	      "d");
	check("mysql+mysqlconnector://h/d", "mysql", "mysqlconnector", NULL,
	      NULL, "h", 0, "d");
	check("mysql+aiomysql://h/d", "mysql", "aiomysql", NULL, NULL, "h", 0,
	      "d");
	check("mariadb://u:p@h:3307/d", "mariadb", NULL, "u", "p", "h", 3307,
	      "d");
	check("mariadb+pymysql://u:p@h/d", "mariadb", "pymysql", "u", "p", "h",
	      0, "d");
	check("mariadb+mariadbconnector://h/d", "mariadb", "mariadbconnector",
	      NULL, NULL, "h", 0, "d");
}

static void test_url_sqlite(void)
{
	check("sqlite:///relative.db", "sqlite", NULL, NULL, NULL, NULL, 0,
	      "relative.db");
	check("sqlite:///sub/dir/x.db", "sqlite", NULL, NULL, NULL, NULL, 0,
	      "sub/dir/x.db");
	check("sqlite:////abs/path.db", "sqlite", NULL, NULL, NULL, NULL, 0,
	      "/abs/path.db");
	check("sqlite://", "sqlite", NULL, NULL, NULL, NULL, 0, NULL);
	check("sqlite:///", "sqlite", NULL, NULL, NULL, NULL, 0, "");
	check("sqlite:///:memory:", "sqlite", NULL, NULL, NULL, NULL, 0,
	      ":memory:");
	check("sqlite+pysqlite:///x.db", "sqlite", "pysqlite", NULL, NULL,
	      NULL, 0, "x.db");
	check("sqlite+aiosqlite:///x.db", "sqlite", "aiosqlite", NULL, NULL,
	      NULL, 0, "x.db");
}

static void test_url_decoding(void)
{
	struct rt_url *u = parse_ok("postgresql://us%40er:p%40ss%3Aw%2Fd%25@"
				    "h/my%20db?application_name=a%26b+c"
				    "&options=-c%20x%3Dy");

	CU_ASSERT_STRING_EQUAL(u->user, "us@er");
	CU_ASSERT_STRING_EQUAL(u->password, "p@ss:w/d%");
	CU_ASSERT_STRING_EQUAL(u->database, "my db");
	CU_ASSERT_EQUAL_FATAL(u->nparams, 2);
	CU_ASSERT_STRING_EQUAL(u->params[0].key, "application_name");
	CU_ASSERT_STRING_EQUAL(u->params[0].value, "a&b c");
	CU_ASSERT_STRING_EQUAL(u->params[1].key, "options");
	CU_ASSERT_STRING_EQUAL(u->params[1].value, "-c x=y");
	CU_ASSERT_STRING_EQUAL(url_param(u, "options"), "-c x=y");
	CU_ASSERT_PTR_NULL(url_param(u, "sslmode"));
	/* Python's unquote leaves a bad escape alone; '+' is literal in
	 * the password */
	u = parse_ok("mysql://u:a%zz+b%4@h/d");
	CU_ASSERT_STRING_EQUAL(u->password, "a%zz+b%4");
	CU_ASSERT_STRING_EQUAL(parse_fail("mysql://u:a%00b@h/d", NULL),
			       "percent-encoded NUL byte in database URL "
			       "'mysql://u:***@h/d'");
}

static void test_url_ipv6(void)
{
	check("postgresql://u:p@[::1]:5433/db", "postgresql", NULL, "u", "p",
	      "::1", 5433, "db");
	check("mysql://[2001:db8::7]/d", "mysql", NULL, NULL, NULL,
	      "2001:db8::7", 0, "d");
	CU_ASSERT_STRING_EQUAL(url_masked(parse_ok(
				"postgresql://u:p@[::1]:5/d")),
			       "postgresql://u:***@[::1]:5/d");
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql://[::1/d", NULL),
			       "unterminated IPv6 address in database URL "
			       "'postgresql://[::1/d'");
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql://[::1]x/d", NULL),
			       "unexpected text after IPv6 address in database "
			       "URL 'postgresql://[::1]x/d'");
}

/* SQLAlchemy's regex: the user info ends at the last '@' that fits. */
static void test_url_userinfo(void)
{
	check("postgresql://a@b@host/db", "postgresql", NULL, "a@b", NULL,
	      "host", 0, "db");
	check("postgresql://u:p@w@host/db", "postgresql", NULL, "u", "p",
	      "w@host", 0, "db");
	check("postgresql://host:5432/db", "postgresql", NULL, NULL, NULL,
	      "host", 5432, "db");
	check("sqlite:///x@y.db", "sqlite", NULL, NULL, NULL, NULL, 0,
	      "x@y.db");
}

static void test_url_query(void)
{
	/* parse_qsl: fields without '=' and blank values are dropped */
	struct rt_url *u = parse_ok("postgresql://h/d?sslmode=require&flag"
				    "&empty=&&connect_timeout=10");

	CU_ASSERT_EQUAL_FATAL(u->nparams, 2);
	CU_ASSERT_STRING_EQUAL(u->params[0].key, "sslmode");
	CU_ASSERT_STRING_EQUAL(u->params[0].value, "require");
	CU_ASSERT_STRING_EQUAL(u->params[1].key, "connect_timeout");
	CU_ASSERT_STRING_EQUAL(u->params[1].value, "10");
	CU_ASSERT_STRING_EQUAL(url_masked(u), "postgresql://h/d?"
			       "connect_timeout=10&sslmode=require");
	CU_ASSERT_STRING_EQUAL(parse_fail("mysql://h/d?charset=utf8&"
					  "charset=latin1", NULL),
			       "query parameter 'charset' given more than "
			       "once in database URL "
			       "'mysql://h/d?charset=utf8&charset=latin1'");
	u = parse_ok("sqlite:///x.db?mode=ro&uri=true");
	CU_ASSERT_STRING_EQUAL(u->database, "x.db");
	CU_ASSERT_STRING_EQUAL(url_param(u, "uri"), "true");
}

static void test_url_masked(void)
{
	struct rt_url *u;

	u = parse_ok("postgresql+psycopg2://scott:tiger@localhost:5432/mydb"
		     "?sslmode=require&application_name=my+app");
	CU_ASSERT_STRING_EQUAL(url_masked(u), "postgresql+psycopg2://"
			       "scott:***@localhost:5432/mydb?"
			       "application_name=my+app&sslmode=require");
	/* user quoting as SQLAlchemy's _sqla_url_quote; no password */
	u = parse_ok("mysql://us%40er@h/d");
	CU_ASSERT_STRING_EQUAL(url_masked(u), "mysql://us%40er@h/d");
	/* a password in the query string is hidden too */
	u = parse_ok("postgresql://u@h/d?password=s3cret&user=x");
	CU_ASSERT_STRING_EQUAL(url_masked(u),
			       "postgresql://u@h/d?password=***&user=x");
	u = parse_ok("mysql://h/d?passwd=s3cret");
	CU_ASSERT_STRING_EQUAL(url_masked(u), "mysql://h/d?passwd=***");
	/* every secret-bearing key: libpq's sslpassword, MySQL Connector's
	 * password1, MariaDB's tls_passphrase, tokens; any case */
	u = parse_ok("postgresql://u@h/d?sslpassword=k3y&sslkey=/k.pem"
		     "&passfile=/p&Password1=a&tls_passphrase=b"
		     "&client_secret=c&auth_token=d&sslmode=require");
	CU_ASSERT_STRING_EQUAL(url_masked(u), "postgresql://u@h/d?"
			       "Password1=***&auth_token=***&client_secret=***"
			       "&passfile=%2Fp&sslkey=%2Fk.pem&sslmode=require"
			       "&sslpassword=***&tls_passphrase=***");
	CU_ASSERT(url_has_secret(u));
	CU_ASSERT(url_has_secret(parse_ok("mysql://u:p@h/d")));
	CU_ASSERT(url_has_secret(parse_ok("mysql://u:@h/d")));
	CU_ASSERT(!url_has_secret(parse_ok("mysql://u@h/d?ssl_key=/k")));
	CU_ASSERT(url_secret_key("SSLPASSWORD"));
	CU_ASSERT(!url_secret_key("passfile"));
	CU_ASSERT(!url_secret_key("sslkey"));
	CU_ASSERT_STRING_EQUAL(url_masked(parse_ok("sqlite://")), "sqlite://");
	CU_ASSERT_STRING_EQUAL(url_masked(parse_ok("sqlite:////a/b.db")),
			       "sqlite:////a/b.db");
	/* the database is shown as written */
	CU_ASSERT_STRING_EQUAL(url_masked(parse_ok("sqlite:///my%20x.db")),
			       "sqlite:///my%20x.db");
}

static void test_url_errors(void)
{
	struct rt_loc loc = { "alembic.ini", 7, 0 };

	CU_ASSERT_STRING_EQUAL(parse_fail("not a url", NULL),
			       "Could not parse SQLAlchemy URL from string "
			       "'not a url'");
	CU_ASSERT_STRING_EQUAL(parse_fail("", &loc),
			       "alembic.ini:7: Could not parse SQLAlchemy URL "
			       "from string ''");
	/* the password is hidden even in unparsable text */
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql:/u:secret@h/d", NULL),
			       "Could not parse SQLAlchemy URL from string "
			       "'postgresql:/u:***@h/d'");
	/* and so are secret query values */
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql:/u:pw@h/d?a=1&"
					  "sslpassword=s3&b=2", NULL),
			       "Could not parse SQLAlchemy URL from string "
			       "'postgresql:/u:***@h/d?a=1&sslpassword=***&b=2'");
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql://h/d?sslpassword=a%00"
					  "&x=1", NULL),
			       "percent-encoded NUL byte in database URL "
			       "'postgresql://h/d?sslpassword=***&x=1'");
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql://h/d?token=t1&token=t2",
					  NULL),
			       "query parameter 'token' given more than once "
			       "in database URL "
			       "'postgresql://h/d?token=***&token=***'");
	CU_ASSERT_STRING_EQUAL(parse_fail("scott:tiger@localhost/db", NULL),
			       "Could not parse SQLAlchemy URL from string "
			       "'scott:***@localhost/db'");
	CU_ASSERT_STRING_EQUAL(parse_fail("pg-sql://h/d", NULL),
			       "Could not parse SQLAlchemy URL from string "
			       "'pg-sql://h/d'");
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql://u:secret@h:abc/d",
					  &loc),
			       "alembic.ini:7: invalid port 'abc' in database "
			       "URL 'postgresql://u:***@h:abc/d'");
	CU_ASSERT_STRING_EQUAL(parse_fail("mysql://h:65536/d", NULL),
			       "invalid port '65536' in database URL "
			       "'mysql://h:65536/d'");
	/* SQLAlchemy: int('') raises ValueError */
	CU_ASSERT_STRING_EQUAL(parse_fail("postgresql://h:/d", NULL),
			       "invalid port '' in database URL "
			       "'postgresql://h:/d'");
	CU_ASSERT_STRING_EQUAL(parse_fail("mysql://h:0/d", NULL),
			       "invalid port '0' in database URL "
			       "'mysql://h:0/d'");
}

static const char *dialect_fail(const char *text)
{
	static char msg[RT_ERR_MSG_MAX];
	struct rt_err err = RT_ERR_INIT;
	const char *d = NULL;

	CU_ASSERT_EQUAL(driver_dialect(&d, parse_ok(text), &err), RT_ECONFIG);
	CU_ASSERT_PTR_NULL(d);
	snprintf(msg, sizeof(msg), "%s", err.msg);
	return msg;
}

static void test_url_unknown_dialects(void)
{
	/* SQLAlchemy 1.4 rejects the deprecated postgres:// scheme */
	CU_ASSERT_STRING_EQUAL(dialect_fail("postgres://u:p@h/d"),
			       "Can't load plugin: "
			       "sqlalchemy.dialects:postgres");
	CU_ASSERT_STRING_EQUAL(dialect_fail("foo://x"),
			       "Can't load plugin: sqlalchemy.dialects:foo");
	CU_ASSERT_STRING_EQUAL(dialect_fail("postgresql+bogus://x/y"),
			       "Can't load plugin: "
			       "sqlalchemy.dialects:postgresql.bogus");
	CU_ASSERT_STRING_EQUAL(dialect_fail("PostgreSQL://x/y"),
			       "Can't load plugin: "
			       "sqlalchemy.dialects:PostgreSQL");
}

static void find_one(const char *text, int want_rc, const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	const struct rt_driver *drv = NULL;
	int rc = driver_find(&drv, parse_ok(text), &err);

	CU_ASSERT_EQUAL(rc, want_rc);
	if (rc == 0) {
		CU_ASSERT_STRING_EQUAL(drv->name, want);
	} else {
		CU_ASSERT_STRING_EQUAL(err.msg, want);
	}
}

static void test_url_driver_find(void)
{
#ifdef RETORT_WITH_POSTGRES
	find_one("postgresql+asyncpg://h/d", 0, "postgresql");
#else
	find_one("postgresql+asyncpg://h/d", RT_ENOTIMPL, "database driver "
		 "'postgresql' is not built into this retort");
#endif
#ifdef RETORT_WITH_MYSQL
	find_one("mariadb+pymysql://h/d", 0, "mysql");
#else
	find_one("mariadb+pymysql://h/d", RT_ENOTIMPL, "database driver "
		 "'mysql' is not built into this retort");
#endif
#ifdef RETORT_WITH_SQLITE
	find_one("sqlite+pysqlite://", 0, "sqlite");
#else
	find_one("sqlite+pysqlite://", RT_ENOTIMPL, "database driver "
		 "'sqlite' is not built into this retort");
#endif
	find_one("mssql+pyodbc://h/d", RT_ENOTIMPL,
		 "database dialect 'mssql+pyodbc' is not supported by retort");
	find_one("postgres://h/d", RT_ECONFIG,
		 "Can't load plugin: sqlalchemy.dialects:postgres");
}

static void test_url_pick(void)
{
	struct rt_err err = RT_ERR_INIT;
	enum url_source src;
	const char *u;

	CU_ASSERT_EQUAL(url_pick(&u, &src, "o://", "e://", "i://", &err), 0);
	CU_ASSERT_STRING_EQUAL(u, "o://");
	CU_ASSERT_EQUAL(src, URL_SRC_OPTION);
	CU_ASSERT_EQUAL(url_pick(&u, &src, NULL, "e://", "i://", &err), 0);
	CU_ASSERT_STRING_EQUAL(u, "e://");
	CU_ASSERT_EQUAL(src, URL_SRC_ENV);
	CU_ASSERT_EQUAL(url_pick(&u, &src, NULL, "", "i://", &err), 0);
	CU_ASSERT_STRING_EQUAL(u, "i://");
	CU_ASSERT_EQUAL(src, URL_SRC_INI);
	CU_ASSERT_EQUAL(url_pick(&u, NULL, NULL, NULL, "i://", &err), 0);
	CU_ASSERT_STRING_EQUAL(u, "i://");
	CU_ASSERT_EQUAL(url_pick(&u, &src, NULL, "", NULL, &err), RT_ECONFIG);
	CU_ASSERT_PTR_NULL(u);
	CU_ASSERT_EQUAL(src, URL_SRC_NONE);
	CU_ASSERT_STRING_EQUAL(err.msg, "no database URL: use --url, set "
			       "RETORT_DATABASE_URL or set sqlalchemy.url in "
			       "the ini file");
}

static void test_url_lock_key(void)
{
	/* FNV-1a 64 (documented in docs/databases.md) */
	CU_ASSERT_EQUAL(driver_lock_key(""), (int64_t)0xcbf29ce484222325ULL);
	CU_ASSERT_EQUAL(driver_lock_key("a"), (int64_t)0xaf63dc4c8601ec8cULL);
}

static void suite_setup(void)
{
	A = arena_new();
}

static void suite_teardown(void)
{
	arena_free(A);
	A = NULL;
}

static void with_arena(void (*fn)(void))
{
	suite_setup();
	fn();
	suite_teardown();
}

#define WRAP(fn) \
	static void fn##_w(void) { with_arena(fn); }
WRAP(test_url_postgresql)
WRAP(test_url_mysql_mariadb)
WRAP(test_url_sqlite)
WRAP(test_url_decoding)
WRAP(test_url_ipv6)
WRAP(test_url_userinfo)
WRAP(test_url_query)
WRAP(test_url_masked)
WRAP(test_url_errors)
WRAP(test_url_unknown_dialects)
WRAP(test_url_driver_find)
WRAP(test_url_pick)
WRAP(test_url_lock_key)

void unit_register(void)
{
	UNIT_SUITE("url",
		   { "test_url_postgresql", test_url_postgresql_w },
		   { "test_url_mysql_mariadb", test_url_mysql_mariadb_w },
		   { "test_url_sqlite", test_url_sqlite_w },
		   { "test_url_decoding", test_url_decoding_w },
		   { "test_url_ipv6", test_url_ipv6_w },
		   { "test_url_userinfo", test_url_userinfo_w },
		   { "test_url_query", test_url_query_w },
		   { "test_url_masked", test_url_masked_w },
		   { "test_url_errors", test_url_errors_w },
		   { "test_url_unknown_dialects", test_url_unknown_dialects_w },
		   { "test_url_driver_find", test_url_driver_find_w },
		   { "test_url_pick", test_url_pick_w },
		   { "test_url_lock_key", test_url_lock_key_w });
}
