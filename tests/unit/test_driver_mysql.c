/*
 * test_driver_mysql.c: the MySQL/MariaDB driver against the test server
 * of tests/db/start.sh (RETORT_TEST_MYSQL_URL).  Each test works in its
 * own database retort_drv_<pid> (the test user may create retort_*).
 */
#include "drvtest.h"

#include <unistd.h>

static const char *base_url;	/* RETORT_TEST_MYSQL_URL */
static struct rt_arena *A;
static char dbname[64];

static struct rt_url *url(const char *text)
{
	return drv_url(A, text);
}

/* The test URL with another database and scheme, and extra query text. */
static const char *url_for(const char *scheme, const char *db,
			   const char *extra)
{
	const char *q = strchr(base_url, '?');
	const char *rest = strstr(base_url, "://") + 3;
	size_t len = q ? (size_t)(q - rest) : strlen(rest);
	const char *slash = memchr(rest, '/', len);
	size_t auth = slash ? (size_t)(slash - rest) : len;

	return arena_printf(A, "%s://%.*s/%s%s%s%s", scheme, (int)auth, rest,
			    db, q ? q : "", extra ? (q ? "&" : "?") : "",
			    extra ? extra : "");
}

static struct rt_conn *open_opts(const struct rt_conn_opts *opts)
{
	return drv_open(A, url_for("mysql", dbname, NULL), opts);
}

static struct rt_conn *open_ok(void)
{
	return open_opts(NULL);
}

static void admin(const char *fmt)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	char sql[256];

	if (conn_open(&c, url(base_url), NULL, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		CU_FAIL_FATAL("cannot connect to RETORT_TEST_MYSQL_URL");
	}
	snprintf(sql, sizeof(sql), fmt, dbname, dbname);
	drv_exec_ok(c, sql);
	conn_close(c);
}

static void setup(void)
{
	A = arena_new();
	snprintf(dbname, sizeof(dbname), "retort_drv_%ld", (long)getpid());
	admin("DROP DATABASE IF EXISTS %s; CREATE DATABASE %s");
}

static void teardown(void)
{
	admin("DROP DATABASE %s; -- %s");
	arena_free(A);
}

static void test_driver_mysql_connect(void)
{
	struct rt_conn *c = open_ok();

	CU_ASSERT_STRING_EQUAL(c->drv->name, "mysql");
	CU_ASSERT_EQUAL(conn_caps(c), RT_DRV_LOCK | RT_DRV_DDL_COMMITS |
			RT_DRV_ROWCOUNT);
	/* the test server is MariaDB 10.11 (spec: 10.11.19) */
	CU_ASSERT_NSTRING_EQUAL(conn_server_version(c), "10.11.", 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(conn_server_version(c), "MariaDB"));
	drv_query_is(c, "SELECT DATABASE(), @@character_set_client",
		     arena_printf(A, "%s|utf8mb4\n", dbname));
	conn_close(c);
	/* the mariadb scheme and +dbapi forms use the same driver */
	c = drv_open(A, url_for("mariadb+pymysql", dbname, NULL), NULL);
	CU_ASSERT_STRING_EQUAL(c->drv->name, "mysql");
	conn_close(c);
}

static void test_driver_mysql_rows(void)
{
	struct rt_conn *c = open_ok();

	/* same values updated are counted through CLIENT_FOUND_ROWS */
	drv_rows(c);
	drv_query_is(c, "SELECT 1 FROM t WHERE 0", "");
	drv_query_is(c, "SELECT 'x'; SELECT 'y', NULL", "x\ny|NULL\n");
	conn_close(c);
}

static void test_driver_mysql_transactions(void)
{
	struct rt_conn *c = open_ok();
	struct rt_err err = RT_ERR_INIT;

	drv_exec_ok(c, "CREATE TABLE t (x int) ENGINE=InnoDB");
	drv_transactions(c, NULL);
	/* RT_DRV_DDL_COMMITS: DDL commits what came before it */
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	drv_exec_ok(c, "INSERT INTO t VALUES (3)");
	drv_exec_ok(c, "CREATE TABLE u (y int)");
	CU_ASSERT_EQUAL(conn_rollback(c, &err), 0);
	drv_query_is(c, "SELECT x FROM t ORDER BY x", "2\n3\n");
	conn_close(c);
}

static void test_driver_mysql_errors(void)
{
	struct rt_conn *c = open_ok();
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_exec(c, "SELECT * FROM nope", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(A, "Table '%s.nope' "
						     "doesn't exist", dbname));
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1146");
	rt_err_clear(&err);
	drv_exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY)");
	CU_ASSERT_EQUAL(conn_exec(c, "CREATE TABLE t (x int)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "Table 't' already exists");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1050");
	rt_err_clear(&err);
	drv_exec_ok(c, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "Duplicate entry '1' for key "
			       "'PRIMARY'");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1062");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_query(c, "SELEC 1", drv_collect, NULL, &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "You have an error in your SQL syntax;"
			       " check the manual that corresponds to your "
			       "MariaDB server version for the right syntax "
			       "to use near 'SELEC 1' at line 1");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1064");
	rt_err_clear(&err);
	/* an error in the middle of a multi-statement exec stops it, and
	 * the connection stays usable */
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (5); "
				  "SELECT * FROM nope2; "
				  "INSERT INTO t VALUES (6)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(A, "Table '%s.nope2' "
						     "doesn't exist", dbname));
	drv_query_is(c, "SELECT id FROM t ORDER BY id", "1\n5\n");
	conn_close(c);
}

static void test_driver_mysql_connect_fail(void)
{
	struct rt_url *good = url(base_url);
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	const char *bad;

	drv_bad_password(A, "mysql", good, "Access denied for user '%s'@'",
			 "(using password: YES)", "1045");
	bad = url_for("mysql", dbname, "foo=1");
	CU_ASSERT_EQUAL(conn_open(&c, url(bad), NULL, &err), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(A, "unknown query "
		"parameter 'foo' in database URL '%s' (the mysql driver "
		"accepts: unix_socket, charset, connect_timeout, read_timeout, "
		"write_timeout, ssl_ca, ssl_capath, ssl_cert, ssl_key, "
		"ssl_cipher, ssl_verify_cert, ssl_check_hostname, "
		"init_command, local_infile)", url_masked(url(bad))));
	CU_ASSERT_PTR_NULL(strstr(err.msg, good->password));
	rt_err_clear(&err);
	bad = url_for("mariadb", dbname, "connect_timeout=soon");
	CU_ASSERT_EQUAL(conn_open(&c, url(bad), NULL, &err), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(A, "query parameter "
		"'connect_timeout' of database URL '%s' must be a whole "
		"number", url_masked(url(bad))));
}

static void test_driver_mysql_params(void)
{
	const char *u = url_for("mysql+pymysql", dbname,
				"charset=latin1&connect_timeout=5"
				"&binary_prefix=true"
				"&init_command=SET+@rt%3D42");
	struct rt_conn *c = drv_open(A, u, NULL);

	drv_query_is(c, "SELECT @@character_set_client, @rt", "latin1|42\n");
	conn_close(c);
}

static void test_driver_mysql_lock(void)
{
	struct rt_conn_opts opts = { .lock_poll_ms = 20 };
	struct rt_conn *a = open_opts(&opts), *b = open_opts(&opts);
	char name[64];

	snprintf(name, sizeof(name), "rt_test_%ld", (long)getpid());
	drv_lock_contended(a, b, name, 200);
	drv_lock_handover(a, b, name);
}

static void test_driver_mysql_fault(void)
{
	struct rt_conn_opts opts = { .fail_exec_at = 2 };

	drv_fault(open_opts(&opts));
}

/* A server that accepts but never greets: refused after the connect
 * timeout; the URL's own connect_timeout wins. */
static void test_driver_mysql_silent(void)
{
	struct rt_conn_opts opts = { .connect_timeout_s = 1,
		.connect_timeout_name = "retort.connect_timeout" };

	drv_silent_server(A, "mysql", "", &opts, 1,
			  "retort.connect_timeout");
	opts.connect_timeout_s = 30;
	drv_silent_server(A, "mariadb", "?connect_timeout=1", &opts, 1,
			  "connect_timeout in the URL");
}

/* A statement that keeps the server silent past the read timeout. */
static void test_driver_mysql_read_timeout(void)
{
	struct rt_conn_opts opts = { .read_timeout_s = 1,
		.read_timeout_name = "retort.read_timeout" };

	drv_read_timeout(A, open_opts(&opts), "DO SLEEP(0.2)",
			 "DO SLEEP(3)", true);
}

DRV_WRAP(test_driver_mysql_connect)
DRV_WRAP(test_driver_mysql_rows)
DRV_WRAP(test_driver_mysql_transactions)
DRV_WRAP(test_driver_mysql_errors)
DRV_WRAP(test_driver_mysql_connect_fail)
DRV_WRAP(test_driver_mysql_params)
DRV_WRAP(test_driver_mysql_lock)
DRV_WRAP(test_driver_mysql_fault)
DRV_WRAP(test_driver_mysql_silent)
DRV_WRAP(test_driver_mysql_read_timeout)

void unit_register(void)
{
	base_url = drv_server_url("RETORT_TEST_MYSQL_URL", "driver_mysql",
				  "test_driver_mysql_env_missing");
	if (!base_url)
		return;
	UNIT_SUITE("driver_mysql",
		   { "test_driver_mysql_connect", test_driver_mysql_connect_w },
		   { "test_driver_mysql_rows", test_driver_mysql_rows_w },
		   { "test_driver_mysql_transactions",
		     test_driver_mysql_transactions_w },
		   { "test_driver_mysql_errors", test_driver_mysql_errors_w },
		   { "test_driver_mysql_connect_fail",
		     test_driver_mysql_connect_fail_w },
		   { "test_driver_mysql_params", test_driver_mysql_params_w },
		   { "test_driver_mysql_lock", test_driver_mysql_lock_w },
		   { "test_driver_mysql_fault", test_driver_mysql_fault_w },
		   { "test_driver_mysql_silent", test_driver_mysql_silent_w },
		   { "test_driver_mysql_read_timeout",
		     test_driver_mysql_read_timeout_w });
}
