/*
 * test_driver_sqlite.c: the SQLite driver through the conn_*() wrappers:
 * URL forms, statements, rows, transactions, errors, the write lock and
 * fault injection.  Works in a temp directory; needs no server.
 */
#include "unit.h"

#include "buf.h"
#include "driver.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static struct rt_arena *A;
static char *dir;

static struct rt_url *url(const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_url *u = NULL;

	CU_ASSERT_EQUAL_FATAL(url_parse(&u, A, text, NULL, &err), 0);
	return u;
}

static struct rt_conn *open_opts(const char *text,
				 const struct rt_conn_opts *opts)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;

	CU_ASSERT_EQUAL(conn_open(&c, url(text), opts, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	return c;
}

static struct rt_conn *open_ok(const char *text)
{
	return open_opts(text, NULL);
}

/* A URL for file name in the test's temp dir. */
static const char *file_url(const char *name)
{
	return arena_printf(A, "sqlite:///%s/%s", dir, name);
}

static void exec_ok(struct rt_conn *c, const char *sql)
{
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_exec(c, sql, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
}

/* Rows as "v1|v2\n" lines, NULL as "NULL". */
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

static void setup(void)
{
	A = arena_new();
	dir = unit_tmpdir();
}

static void teardown(void)
{
	unit_rmtree(dir);
	free(dir);
	arena_free(A);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void test_driver_sqlite_paths(void)
{
	char cwd[4096];
	struct rt_conn *c;

	/* sqlite:///rel.db is relative to the CWD */
	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
	CU_ASSERT_EQUAL_FATAL(chdir(dir), 0);
	c = open_ok("sqlite:///rel.db");
	exec_ok(c, "CREATE TABLE t (x)");
	conn_close(c);
	CU_ASSERT_EQUAL_FATAL(chdir(cwd), 0);
	CU_ASSERT(exists(arena_printf(A, "%s/rel.db", dir)));
	/* sqlite:////abs.db: dir is absolute, so file_url() has 4 slashes */
	CU_ASSERT_EQUAL(dir[0], '/');
	c = open_ok(file_url("abs.db"));
	exec_ok(c, "CREATE TABLE t (x)");
	conn_close(c);
	CU_ASSERT(exists(arena_printf(A, "%s/abs.db", dir)));
	/* memory databases: each connection has its own */
	c = open_ok("sqlite://");
	exec_ok(c, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	query_is(c, "SELECT count(*) FROM t", "1\n");
	conn_close(c);
	c = open_ok("sqlite+pysqlite:///:memory:");
	query_is(c, "SELECT count(*) FROM sqlite_master", "0\n");
	conn_close(c);
	CU_ASSERT_FALSE(exists(":memory:"));
}

static void test_driver_sqlite_rows(void)
{
	struct rt_conn *c = open_ok(file_url("rows.db"));

	CU_ASSERT_STRING_EQUAL(c->drv->name, "sqlite");
	CU_ASSERT_EQUAL(conn_caps(c), RT_DRV_LOCK | RT_DRV_ROWCOUNT);
	CU_ASSERT_STRING_EQUAL(conn_server_version(c), sqlite3_libversion());
	exec_ok(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INT)");
	exec_ok(c, "INSERT INTO t VALUES (1, 'a', 10), (2, NULL, NULL), "
		"(3, 'c', NULL)");
	CU_ASSERT_EQUAL(conn_affected(c), 3);
	exec_ok(c, "UPDATE t SET n = 5 WHERE id >= 2");
	CU_ASSERT_EQUAL(conn_affected(c), 2);
	exec_ok(c, "DELETE FROM t WHERE id = 99");
	CU_ASSERT_EQUAL(conn_affected(c), 0);
	query_is(c, "SELECT id, name, n FROM t ORDER BY id",
		 "1|a|10\n2|NULL|5\n3|c|5\n");
	query_is(c, "SELECT 1 WHERE 0", "");
	/* several statements: rows of each */
	query_is(c, "SELECT 'x'; SELECT 'y', NULL", "x\ny|NULL\n");
	conn_close(c);
}

static int names(const struct rt_row *row, void *payload)
{
	struct rt_buf *b = payload;

	rt_buf_addf(b, "%zu:%s,%s", row->ncols, row->names[0], row->names[1]);
	return -42;	/* stop at the first row */
}

static void test_driver_sqlite_callback(void)
{
	struct rt_conn *c = open_ok("sqlite://");
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;

	CU_ASSERT_EQUAL(conn_query(c, "SELECT 1 AS one, 2 AS two UNION ALL "
				   "SELECT 3, 4", names, &b, &err), -42);
	CU_ASSERT_STRING_EQUAL(b.buf, "2:one,two");
	rt_buf_release(&b);
	/* the connection is still usable */
	query_is(c, "SELECT 7", "7\n");
	conn_close(c);
}

static void test_driver_sqlite_transactions(void)
{
	struct rt_conn *c = open_ok(file_url("tx.db"));
	struct rt_err err = RT_ERR_INIT;

	exec_ok(c, "CREATE TABLE t (x)");
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	exec_ok(c, "CREATE TABLE u (y)");
	CU_ASSERT_EQUAL(conn_rollback(c, &err), 0);
	query_is(c, "SELECT count(*) FROM t", "0\n");
	query_is(c, "SELECT count(*) FROM sqlite_master WHERE name = 'u'",
		 "0\n");
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	exec_ok(c, "INSERT INTO t VALUES (2)");
	CU_ASSERT_EQUAL(conn_commit(c, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	conn_close(c);
	c = open_ok(file_url("tx.db"));
	query_is(c, "SELECT x FROM t", "2\n");
	/* misuse */
	CU_ASSERT_EQUAL(conn_commit(c, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "no transaction is open");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	CU_ASSERT_EQUAL(conn_begin(c, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "a transaction is already open");
	/* conn_close() rolls an open transaction back */
	exec_ok(c, "INSERT INTO t VALUES (3)");
	conn_close(c);
	c = open_ok(file_url("tx.db"));
	query_is(c, "SELECT x FROM t", "2\n");
	conn_close(c);
}

static void test_driver_sqlite_errors(void)
{
	struct rt_conn *c = open_ok("sqlite://");
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_exec(c, "SELECT * FROM nope", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "no such table: nope");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1");	/* SQLITE_ERROR */
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_exec(c, "CREATE TABLE t (id INT PRIMARY KEY); "
				  "CREATE TABLE t (x)", &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "table t already exists");
	rt_err_clear(&err);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "UNIQUE constraint failed: t.id");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1555");	/* _PRIMARYKEY */
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_query(c, "SELEC 1", collect, NULL, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "near \"SELEC\": syntax error");
	conn_close(c);
}

static const char *open_fail(const char *text, int code)
{
	static char msg[RT_ERR_MSG_MAX];
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;

	CU_ASSERT_EQUAL(conn_open(&c, url(text), NULL, &err), code);
	CU_ASSERT_PTR_NULL(c);
	snprintf(msg, sizeof(msg), "%s", err.msg);
	return msg;
}

static void test_driver_sqlite_url_params(void)
{
	struct rt_conn *c;
	struct rt_err err = RT_ERR_INIT;
	const char *u;

	CU_ASSERT_STRING_EQUAL(open_fail("sqlite:////nonexistent-dir/x.db",
					 RT_EDB),
			       "could not connect to "
			       "sqlite:////nonexistent-dir/x.db: unable to "
			       "open database file");
	CU_ASSERT_STRING_EQUAL(open_fail("sqlite://host/x.db", RT_ECONFIG),
			       "invalid SQLite URL 'sqlite://host/x.db': use "
			       "sqlite:///relative.db, sqlite:////absolute.db "
			       "or sqlite:// (memory)");
	CU_ASSERT_STRING_EQUAL(open_fail("sqlite:///x.db?foo=1", RT_ECONFIG),
			       "unknown query parameter 'foo' in database URL "
			       "'sqlite:///x.db?foo=1' (the sqlite driver "
			       "accepts: timeout, uri, mode, cache, vfs, "
			       "immutable, nolock, psow, modeof)");
	CU_ASSERT_STRING_EQUAL(open_fail("sqlite:///x.db?mode=ro", RT_ECONFIG),
			       "invalid SQLite URL 'sqlite:///x.db?mode=ro': "
			       "query parameters such as mode need uri=true");
	CU_ASSERT_STRING_EQUAL(open_fail("sqlite:///x.db?timeout=soon",
					 RT_ECONFIG),
			       "invalid SQLite URL "
			       "'sqlite:///x.db?timeout=soon': timeout must "
			       "be a number of seconds");
	CU_ASSERT_STRING_EQUAL(open_fail("sqlite:///x.db?uri=maybe",
					 RT_ECONFIG),
			       "invalid SQLite URL 'sqlite:///x.db?uri=maybe': "
			       "uri must be true or false");
	/* pysqlite-only keys are ignored */
	c = open_ok("sqlite://?check_same_thread=false&timeout=0.5");
	conn_close(c);
	/* uri=true: the rest of the query goes into the file: URI */
	c = open_ok(file_url("ro.db"));
	exec_ok(c, "CREATE TABLE t (x)");
	conn_close(c);
	u = arena_printf(A, "sqlite:///file:%s/ro.db?mode=ro&uri=true", dir);
	c = open_ok(u);
	query_is(c, "SELECT count(*) FROM t", "0\n");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "attempt to write a readonly database");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "8");	/* SQLITE_READONLY */
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

static void test_driver_sqlite_lock(void)
{
	struct rt_conn_opts opts = { 0, 20 };
	struct rt_conn *a = open_opts(file_url("lock.db"), &opts);
	struct rt_conn *b = open_opts(file_url("lock.db"), &opts);
	struct rt_err err = RT_ERR_INIT;
	struct waits w = { 0, "" };
	long t0;

	exec_ok(a, "CREATE TABLE t (x)");
	CU_ASSERT_EQUAL(conn_lock(a, "alembic", 0, on_wait, &w, &err), 0);
	CU_ASSERT_EQUAL(w.calls, 0);
	t0 = driver_now_ms();
	CU_ASSERT_EQUAL(conn_lock(b, "alembic", 150, on_wait, &w, &err),
			RT_EDB);
	CU_ASSERT(driver_now_ms() - t0 >= 150);
	CU_ASSERT_STRING_EQUAL(err.msg, "could not acquire lock 'alembic' "
			       "within 150 ms: it is held by another "
			       "connection");
	CU_ASSERT_EQUAL(w.calls, 1);
	CU_ASSERT_STRING_EQUAL(w.name, "alembic");
	rt_err_clear(&err);
	/* with the lock, transactions are savepoints in the lock's one */
	CU_ASSERT_EQUAL(conn_begin(a, &err), 0);
	exec_ok(a, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_rollback(a, &err), 0);
	CU_ASSERT_EQUAL(conn_begin(a, &err), 0);
	exec_ok(a, "INSERT INTO t VALUES (2)");
	CU_ASSERT_EQUAL(conn_commit(a, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_EQUAL(conn_lock(a, "other", 0, NULL, NULL, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "lock 'alembic' is already held");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_unlock(a, &err), 0);
	/* released: b takes it at once, and sees a's committed work */
	w.calls = 0;
	CU_ASSERT_EQUAL(conn_lock(b, "alembic", 1000, on_wait, &w, &err), 0);
	CU_ASSERT_EQUAL(w.calls, 0);
	query_is(b, "SELECT x FROM t", "2\n");
	CU_ASSERT_EQUAL(conn_unlock(b, &err), 0);
	CU_ASSERT_EQUAL(conn_unlock(b, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "no lock is held");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_lock(b, "bad name", 0, NULL, NULL, &err),
			RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(err.msg, "invalid lock name 'bad name': use "
			       "1-64 characters of A-Z a-z 0-9 _ . : -");
	conn_close(a);
	conn_close(b);
}

/* conn_close() releases a held lock. */
static void test_driver_sqlite_lock_close(void)
{
	struct rt_conn *a = open_ok(file_url("lc.db"));
	struct rt_conn *b = open_ok(file_url("lc.db"));
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_lock(a, "x", 0, NULL, NULL, &err), 0);
	exec_ok(a, "CREATE TABLE t (x)");
	conn_close(a);
	CU_ASSERT_EQUAL(conn_lock(b, "x", 0, NULL, NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	query_is(b, "SELECT count(*) FROM t", "0\n");
	conn_close(b);
}

static void test_driver_sqlite_fault(void)
{
	struct rt_conn_opts opts = { 2, 0 };
	struct rt_conn *c = open_opts("sqlite://", &opts);
	struct rt_err err = RT_ERR_INIT;

	exec_ok(c, "CREATE TABLE t (x)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "injected fault: exec #2");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "");
	exec_ok(c, "INSERT INTO t VALUES (3)");
	/* the failed exec did not run; queries are not counted */
	query_is(c, "SELECT x FROM t", "3\n");
	CU_ASSERT_EQUAL(c->nexec, 3);
	conn_close(c);
}

#define WRAP(fn) \
	static void fn##_w(void) { setup(); fn(); teardown(); }
WRAP(test_driver_sqlite_paths)
WRAP(test_driver_sqlite_rows)
WRAP(test_driver_sqlite_callback)
WRAP(test_driver_sqlite_transactions)
WRAP(test_driver_sqlite_errors)
WRAP(test_driver_sqlite_url_params)
WRAP(test_driver_sqlite_lock)
WRAP(test_driver_sqlite_lock_close)
WRAP(test_driver_sqlite_fault)

void unit_register(void)
{
	UNIT_SUITE("driver_sqlite",
		   { "test_driver_sqlite_paths", test_driver_sqlite_paths_w },
		   { "test_driver_sqlite_rows", test_driver_sqlite_rows_w },
		   { "test_driver_sqlite_callback",
		     test_driver_sqlite_callback_w },
		   { "test_driver_sqlite_transactions",
		     test_driver_sqlite_transactions_w },
		   { "test_driver_sqlite_errors", test_driver_sqlite_errors_w },
		   { "test_driver_sqlite_url_params",
		     test_driver_sqlite_url_params_w },
		   { "test_driver_sqlite_lock", test_driver_sqlite_lock_w },
		   { "test_driver_sqlite_lock_close",
		     test_driver_sqlite_lock_close_w },
		   { "test_driver_sqlite_fault", test_driver_sqlite_fault_w });
}
