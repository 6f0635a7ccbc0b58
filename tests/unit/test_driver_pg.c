/*
 * test_driver_pg.c: the PostgreSQL driver against the test server of
 * tests/db/start.sh (RETORT_TEST_PG_URL).  Each run works in its own
 * schema, chosen through the `options` query parameter.
 */
#include "unit.h"

#include "buf.h"
#include "driver.h"

#include <unistd.h>

static const char *base_url;	/* RETORT_TEST_PG_URL */
static struct rt_arena *A;
static char schema[64];

static struct rt_url *url(const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_url *u = NULL;

	CU_ASSERT_EQUAL_FATAL(url_parse(&u, A, text, NULL, &err), 0);
	return u;
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
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	const char *u = url_with(arena_printf(A, "options=-csearch_path%%3D%s",
					      schema));

	CU_ASSERT_EQUAL(conn_open(&c, url(u), opts, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	return c;
}

static struct rt_conn *open_ok(void)
{
	return open_opts(NULL);
}

static void exec_ok(struct rt_conn *c, const char *sql)
{
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_exec(c, sql, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
}

static int collect(const struct rt_row *row, void *payload)
{
	struct rt_buf *b = payload;
	size_t i;

	for (i = 0; i < row->ncols; i++)
		rt_buf_addf(b, "%s%s", i ? "|" : "",
			    row->values[i] ? row->values[i] : "NULL");
	rt_buf_addch(b, '\n');
	return 0;
}

static void query_is(struct rt_conn *c, const char *sql, const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;

	CU_ASSERT_EQUAL(conn_query(c, sql, collect, &b, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_STRING_EQUAL(b.buf, want);
	rt_buf_release(&b);
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
	exec_ok(c, sql);
	conn_close(c);
}

static void teardown(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	char sql[256];

	if (conn_open(&c, url(base_url), NULL, &err) == 0) {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
		exec_ok(c, sql);
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
	query_is(c, "SHOW application_name", "retort\n");
	query_is(c, "SELECT current_schema()",
		 arena_printf(A, "%s\n", schema));
	conn_close(c);
}

static void test_driver_pg_rows(void)
{
	struct rt_conn *c = open_ok();

	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY, name text, n int)");
	exec_ok(c, "INSERT INTO t VALUES (1, 'a', 10), (2, NULL, NULL), "
		"(3, 'c', NULL)");
	CU_ASSERT_EQUAL(conn_affected(c), 3);
	exec_ok(c, "UPDATE t SET n = 5 WHERE id >= 2");
	CU_ASSERT_EQUAL(conn_affected(c), 2);
	/* same value again: still counted (spec rule 7.11) */
	exec_ok(c, "UPDATE t SET n = 5 WHERE id = 2");
	CU_ASSERT_EQUAL(conn_affected(c), 1);
	exec_ok(c, "DELETE FROM t WHERE id = 99");
	CU_ASSERT_EQUAL(conn_affected(c), 0);
	query_is(c, "SELECT id, name, n FROM t ORDER BY id",
		 "1|a|10\n2|NULL|5\n3|c|5\n");
	query_is(c, "SELECT 1 WHERE false", "");
	query_is(c, "SELECT 'x'; SELECT 'y', NULL::text", "x\ny|NULL\n");
	/* notices ("does not exist, skipping") are not printed */
	exec_ok(c, "DROP TABLE IF EXISTS nope");
	conn_close(c);
}

static void test_driver_pg_transactions(void)
{
	struct rt_conn *c = open_ok();
	struct rt_err err = RT_ERR_INIT;

	exec_ok(c, "CREATE TABLE t (x int)");
	/* transactional DDL: the rollback removes the table too */
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	exec_ok(c, "CREATE TABLE u (y int)");
	CU_ASSERT_EQUAL(conn_rollback(c, &err), 0);
	query_is(c, "SELECT count(*) FROM t", "0\n");
	query_is(c, "SELECT to_regclass('u') IS NULL", "t\n");
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	exec_ok(c, "INSERT INTO t VALUES (2)");
	CU_ASSERT_EQUAL(conn_commit(c, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	query_is(c, "SELECT x FROM t", "2\n");
	/* a failed statement dooms the transaction; COMMIT says so */
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	exec_ok(c, "INSERT INTO t VALUES (3)");
	CU_ASSERT_EQUAL(conn_exec(c, "SELECT 1/0", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "division by zero");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "22012");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_commit(c, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "COMMIT rolled back the transaction: "
			       "an earlier statement in it failed");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "25P02");
	query_is(c, "SELECT x FROM t", "2\n");
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
	exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY)");
	CU_ASSERT_EQUAL(conn_exec(c, "CREATE TABLE t (x int)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "relation \"t\" already exists");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "42P07");
	rt_err_clear(&err);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "duplicate key value violates unique "
			       "constraint \"t_pkey\"\nDETAIL:  Key (id)=(1) "
			       "already exists.");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "23505");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_query(c, "SELEC 1", collect, NULL, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "syntax error at or near \"SELEC\"");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "42601");
	rt_err_clear(&err);
	/* an error in the middle of a multi-statement exec stops it */
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (5); "
				  "SELECT * FROM nope2; "
				  "INSERT INTO t VALUES (6)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "relation \"nope2\" does not exist");
	query_is(c, "SELECT id FROM t ORDER BY id", "1\n");
	conn_close(c);
}

/* Connection failures: the password never appears, the URL is masked. */
static void test_driver_pg_connect_fail(void)
{
	struct rt_url *good = url(base_url);
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	const char *bad, *want;

	/* this test needs a TCP URL with user and password */
	CU_ASSERT_PTR_NOT_NULL_FATAL(good->host);
	CU_ASSERT_PTR_NOT_NULL_FATAL(good->password);
	CU_ASSERT_PTR_NOT_NULL_FATAL(good->user);
	bad = arena_printf(A, "postgresql://%s:Wr0ngPassw0rd@%s:%d"
				       "/%s", good->user, good->host,
				       good->port, good->database);
	want = arena_printf(A, "could not connect to "
					"postgresql://%s:***@%s:%d/%s: ",
					good->user, good->host, good->port,
					good->database);

	CU_ASSERT_EQUAL(conn_open(&c, url(bad), NULL, &err), RT_EDB);
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "password authentication "
				      "failed for user"));
	CU_ASSERT_PTR_NULL(strstr(err.msg, "Wr0ngPassw0rd"));
	CU_ASSERT_PTR_NULL(strstr(err.msg, good->password));
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "08001");
	/* unknown query parameters: libpq rejects them */
	rt_err_clear(&err);
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
	query_is(c, "SHOW application_name", "rt app\n");
	query_is(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = "
		 "pg_backend_pid()", "f\n");
	conn_close(c);
}

struct waits {
	int calls;
	char name[64];
};

static void on_wait(const char *name, void *payload)
{
	struct waits *w = payload;

	w->calls++;
	snprintf(w->name, sizeof(w->name), "%s", name);
}

static void test_driver_pg_lock(void)
{
	struct rt_conn_opts opts = { 0, 20 };
	struct rt_conn *a = open_opts(&opts), *b = open_opts(&opts);
	struct rt_err err = RT_ERR_INIT;
	struct waits w = { 0, "" };
	char name[64], want[200];
	long t0;

	snprintf(name, sizeof(name), "rt_test_%ld", (long)getpid());
	CU_ASSERT_EQUAL(conn_lock(a, name, 0, on_wait, &w, &err), 0);
	CU_ASSERT_EQUAL(w.calls, 0);
	t0 = driver_now_ms();
	CU_ASSERT_EQUAL(conn_lock(b, name, 200, on_wait, &w, &err), RT_EDB);
	CU_ASSERT(driver_now_ms() - t0 >= 200);
	snprintf(want, sizeof(want), "could not acquire lock '%s' within 200 "
		 "ms: it is held by another connection", name);
	CU_ASSERT_STRING_EQUAL(err.msg, want);
	CU_ASSERT_EQUAL(w.calls, 1);
	CU_ASSERT_STRING_EQUAL(w.name, name);
	rt_err_clear(&err);
	/* the advisory lock is a session lock: transactions don't matter */
	CU_ASSERT_EQUAL(conn_begin(a, &err), 0);
	CU_ASSERT_EQUAL(conn_rollback(a, &err), 0);
	CU_ASSERT_EQUAL(conn_lock(b, name, 0, NULL, NULL, &err), RT_EDB);
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_unlock(a, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	w.calls = 0;
	CU_ASSERT_EQUAL(conn_lock(b, name, 1000, on_wait, &w, &err), 0);
	CU_ASSERT_EQUAL(w.calls, 0);
	/* closing b releases it for a */
	conn_close(b);
	CU_ASSERT_EQUAL(conn_lock(a, name, 1000, NULL, NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	conn_close(a);
}

static void test_driver_pg_fault(void)
{
	struct rt_conn_opts opts = { 2, 0 };
	struct rt_conn *c = open_opts(&opts);
	struct rt_err err = RT_ERR_INIT;

	exec_ok(c, "CREATE TABLE t (x int)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "injected fault: exec #2");
	exec_ok(c, "INSERT INTO t VALUES (3)");
	query_is(c, "SELECT x FROM t", "3\n");
	conn_close(c);
}

static void test_driver_pg_env_missing(void)
{
	CU_FAIL("RETORT_TEST_PG_URL not set: run tests/db/start.sh");
}

#define WRAP(fn) \
	static void fn##_w(void) { setup(); fn(); teardown(); }
WRAP(test_driver_pg_connect)
WRAP(test_driver_pg_rows)
WRAP(test_driver_pg_transactions)
WRAP(test_driver_pg_errors)
WRAP(test_driver_pg_connect_fail)
WRAP(test_driver_pg_params)
WRAP(test_driver_pg_lock)
WRAP(test_driver_pg_fault)

void unit_register(void)
{
	base_url = getenv("RETORT_TEST_PG_URL");
	if (!base_url || !*base_url) {
		fputs("RETORT_TEST_PG_URL not set: run tests/db/start.sh\n",
		      stderr);
		UNIT_SUITE("driver_pg", UNIT_TEST(test_driver_pg_env_missing));
		return;
	}
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
		   { "test_driver_pg_fault", test_driver_pg_fault_w });
}
