/*
 * test_driver_pg.c: the PostgreSQL driver against the test server of
 * tests/db/start.sh (RETORT_TEST_PG_URL).  Each run works in its own
 * schema, chosen through the `options` query parameter.
 */
#include "drvtest.h"

#include <unistd.h>

static const char *base_url;	/* RETORT_TEST_PG_URL */
static struct rt_arena *A;
static char schema[64];

static struct rt_url *url(const char *text)
{
	return drv_url(A, text);
}

/* The test URL with extra query parameters (text after '?' or '&'). */
static const char *url_with(const char *extra)
{
	return arena_printf(A, "%s%c%s", base_url,
			    strchr(base_url, '?') ? '&' : '?', extra);
}

/* A connection whose search_path is this run's schema. */
static struct rt_conn *open_opts(const struct rt_conn_opts *opts)
{
	const char *o = arena_printf(A, "options=-csearch_path%%3D%s", schema);

	return drv_open(A, url_with(o), opts);
}

static struct rt_conn *open_ok(void)
{
	return open_opts(NULL);
}

/* Fresh schema per test, dropped afterwards. */
static void setup(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	char sql[256];

	A = arena_new();
	snprintf(schema, sizeof(schema), "rt_drvtest_%ld", (long)getpid());
	if (conn_open(&c, url(base_url), NULL, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		CU_FAIL_FATAL("cannot connect to RETORT_TEST_PG_URL");
	}
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
		 "CREATE SCHEMA %s", schema, schema);
	drv_exec_ok(c, sql);
	conn_close(c);
}

static void teardown(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	char sql[256];

	if (conn_open(&c, url(base_url), NULL, &err) == 0) {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
		drv_exec_ok(c, sql);
		conn_close(c);
	}
	arena_free(A);
}

static void test_driver_pg_connect(void)
{
	struct rt_conn *c = open_ok();
	const char *v = conn_server_version(c);

	CU_ASSERT_STRING_EQUAL(c->drv->name, "postgresql");
	CU_ASSERT_EQUAL(conn_caps(c), RT_DRV_TXN_DDL | RT_DRV_LOCK |
			RT_DRV_RETURNING | RT_DRV_ROWCOUNT);
	/* the test server is PostgreSQL 15 (spec: 15.20) */
	CU_ASSERT_NSTRING_EQUAL(v, "15.", 3);
	drv_query_is(c, "SHOW application_name", "retort\n");
	drv_query_is(c, "SELECT current_schema()",
		     arena_printf(A, "%s\n", schema));
	conn_close(c);
}

static void test_driver_pg_rows(void)
{
	struct rt_conn *c = open_ok();

	drv_rows(c);
	drv_query_is(c, "SELECT 1 WHERE false", "");
	drv_query_is(c, "SELECT 'x'; SELECT 'y', NULL::text", "x\ny|NULL\n");
	/* notices ("does not exist, skipping") are not printed */
	drv_exec_ok(c, "DROP TABLE IF EXISTS nope");
	conn_close(c);
}

static void test_driver_pg_transactions(void)
{
	struct rt_conn *c = open_ok();
	struct rt_err err = RT_ERR_INIT;

	drv_exec_ok(c, "CREATE TABLE t (x int)");
	/* transactional DDL: the rollback removes the table too */
	drv_transactions(c, "CREATE TABLE u (y int)");
	drv_query_is(c, "SELECT to_regclass('u') IS NULL", "t\n");
	/* a failed statement dooms the transaction; COMMIT says so */
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	drv_exec_ok(c, "INSERT INTO t VALUES (3)");
	CU_ASSERT_EQUAL(conn_exec(c, "SELECT 1/0", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "division by zero");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "22012");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_commit(c, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "COMMIT rolled back the transaction: "
			       "an earlier statement in it failed");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "25P02");
	drv_query_is(c, "SELECT x FROM t", "2\n");
	conn_close(c);
}

static void test_driver_pg_errors(void)
{
	struct rt_conn *c = open_ok();
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_exec(c, "SELECT * FROM nope", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "relation \"nope\" does not exist");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "42P01");
	rt_err_clear(&err);
	drv_exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY)");
	CU_ASSERT_EQUAL(conn_exec(c, "CREATE TABLE t (x int)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "relation \"t\" already exists");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "42P07");
	rt_err_clear(&err);
	drv_exec_ok(c, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "duplicate key value violates unique "
			       "constraint \"t_pkey\"\nDETAIL:  Key (id)=(1) "
			       "already exists.");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "23505");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_query(c, "SELEC 1", drv_collect, NULL, &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "syntax error at or near \"SELEC\"");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "42601");
	rt_err_clear(&err);
	/* an error in the middle of a multi-statement exec stops it */
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (5); "
				  "SELECT * FROM nope2; "
				  "INSERT INTO t VALUES (6)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "relation \"nope2\" does not exist");
	drv_query_is(c, "SELECT id FROM t ORDER BY id", "1\n");
	conn_close(c);
}

/* Connection failures: the password never appears, the URL is masked. */
static void test_driver_pg_connect_fail(void)
{
	struct rt_url *good = url(base_url);
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	const char *want;

	drv_bad_password(A, "postgresql", good, "", "password authentication "
			 "failed for user", "08001");
	/* unknown query parameters: libpq rejects them */
	CU_ASSERT_EQUAL(conn_open(&c, url(url_with("foo=bar")), NULL, &err),
			RT_EDB);
	want = arena_printf(A, "could not connect to %s: invalid connection "
			    "option \"foo\"", url_masked(url(url_with(
								"foo=bar"))));
	CU_ASSERT_STRING_EQUAL(err.msg, want);
	CU_ASSERT_PTR_NULL(strstr(err.msg, good->password));
	/* a password echoed back by libpq is scrubbed as well */
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_open(&c, url(url_with(arena_printf(A,
			"sslmode=%s", good->password))), NULL, &err), RT_EDB);
	want = arena_printf(A, "could not connect to postgresql://%s:***@%s:%d"
			    "/%s?sslmode=***: invalid sslmode value: \"***\"",
			    good->user, good->host, good->port,
			    good->database);
	CU_ASSERT_STRING_EQUAL(err.msg, want);
	/* and so is a secret query value (sslpassword: libpq's key
	 * passphrase) */
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_open(&c, url(url_with("sslmode=K3yPhrase"
			"&sslpassword=K3yPhrase")), NULL, &err), RT_EDB);
	want = arena_printf(A, "could not connect to postgresql://%s:***@%s:%d"
			    "/%s?sslmode=***&sslpassword=***: invalid sslmode "
			    "value: \"***\"", good->user, good->host,
			    good->port, good->database);
	CU_ASSERT_STRING_EQUAL(err.msg, want);
}

static void test_driver_pg_params(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	const char *u = url_with("application_name=rt+app&connect_timeout=5"
				 "&sslmode=disable"
				 "&prepared_statement_cache_size=10");

	CU_ASSERT_EQUAL(conn_open(&c, url(u), NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	drv_query_is(c, "SHOW application_name", "rt app\n");
	drv_query_is(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = "
		     "pg_backend_pid()", "f\n");
	conn_close(c);
}

static void test_driver_pg_lock(void)
{
	struct rt_conn_opts opts = { .lock_poll_ms = 20 };
	struct rt_conn *a = open_opts(&opts), *b = open_opts(&opts);
	struct rt_err err = RT_ERR_INIT;
	char name[64];

	snprintf(name, sizeof(name), "rt_test_%ld", (long)getpid());
	drv_lock_contended(a, b, name, 200);
	/* the advisory lock is a session lock: transactions don't matter */
	CU_ASSERT_EQUAL(conn_begin(a, &err), 0);
	CU_ASSERT_EQUAL(conn_rollback(a, &err), 0);
	CU_ASSERT_EQUAL(conn_lock(b, name, 0, NULL, NULL, &err), RT_EDB);
	drv_lock_handover(a, b, name);
}

static void test_driver_pg_fault(void)
{
	struct rt_conn_opts opts = { .fail_exec_at = 2 };

	drv_fault(open_opts(&opts));
}

/* A server that accepts but never answers: refused after the connect
 * timeout (libpq waits at least 2 s); the URL's own connect_timeout
 * wins; sslpassword is masked like the password. */
static void test_driver_pg_silent(void)
{
	struct rt_conn_opts opts = { .connect_timeout_s = 1,
		.connect_timeout_name = "RETORT_CONNECT_TIMEOUT" };

	drv_silent_server(A, "postgresql", "?sslpassword=S3cretKeyPw", &opts,
			  2, "RETORT_CONNECT_TIMEOUT");
	opts.connect_timeout_s = 30;
	drv_silent_server(A, "postgresql", "?connect_timeout=2", &opts, 2,
			  "connect_timeout in the URL");
}

/* A statement that keeps the server silent past the read timeout; the
 * connection is given up. */
static void test_driver_pg_read_timeout(void)
{
	struct rt_conn_opts opts = { .read_timeout_s = 1,
		.read_timeout_name = "retort.read_timeout" };
	struct rt_conn *c = open_opts(&opts);
	struct rt_err err = RT_ERR_INIT;
	const char *want = arena_printf(A, "the connection to %s was given "
					"up after a timeout", c->where);

	CU_ASSERT_PTR_NULL(strstr(c->where, url(base_url)->password));
	drv_read_timeout(A, open_opts(&opts), "SELECT pg_sleep(0.2)",
			 "SELECT pg_sleep(3)", false);
	/* a long reply that keeps coming is not a timeout */
	drv_query_is(c, "SELECT count(*) FROM generate_series(1, 300000)",
		     "300000\n");
	CU_ASSERT_EQUAL(conn_exec(c, "SELECT pg_sleep(3)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "08006");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_exec(c, "SELECT 1", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, want);
	conn_close(c);
}

DRV_WRAP(test_driver_pg_connect)
DRV_WRAP(test_driver_pg_rows)
DRV_WRAP(test_driver_pg_transactions)
DRV_WRAP(test_driver_pg_errors)
DRV_WRAP(test_driver_pg_connect_fail)
DRV_WRAP(test_driver_pg_params)
DRV_WRAP(test_driver_pg_lock)
DRV_WRAP(test_driver_pg_fault)
DRV_WRAP(test_driver_pg_silent)
DRV_WRAP(test_driver_pg_read_timeout)

void unit_register(void)
{
	base_url = drv_server_url("RETORT_TEST_PG_URL", "driver_pg",
				  "test_driver_pg_env_missing");
	if (!base_url)
		return;
	UNIT_SUITE("driver_pg",
		   { "test_driver_pg_connect", test_driver_pg_connect_w },
		   { "test_driver_pg_rows", test_driver_pg_rows_w },
		   { "test_driver_pg_transactions",
		     test_driver_pg_transactions_w },
		   { "test_driver_pg_errors", test_driver_pg_errors_w },
		   { "test_driver_pg_connect_fail",
		     test_driver_pg_connect_fail_w },
		   { "test_driver_pg_params", test_driver_pg_params_w },
		   { "test_driver_pg_lock", test_driver_pg_lock_w },
		   { "test_driver_pg_fault", test_driver_pg_fault_w },
		   { "test_driver_pg_silent", test_driver_pg_silent_w },
		   { "test_driver_pg_read_timeout",
		     test_driver_pg_read_timeout_w });
}
