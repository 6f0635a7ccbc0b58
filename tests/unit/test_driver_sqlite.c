/*
 * test_driver_sqlite.c: the SQLite driver through the conn_*() wrappers:
 * URL forms, statements, rows, transactions, errors, the write lock and
 * fault injection.  Works in a temp directory; needs no server.
 */
#include "drvtest.h"

#include "base/buf.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static struct rt_arena *A;
static char *dir;

static struct rt_conn *open_ok(const char *text)
{
	return drv_open(A, text, NULL);
}

/* A URL for file name in the test's temp dir. */
static const char *file_url(const char *name)
{
	return arena_printf(A, "sqlite:///%s/%s", dir, name);
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
	drv_exec_ok(c, "CREATE TABLE t (x)");
	conn_close(c);
	CU_ASSERT_EQUAL_FATAL(chdir(cwd), 0);
	CU_ASSERT(exists(arena_printf(A, "%s/rel.db", dir)));
	/* sqlite:////abs.db: dir is absolute, so file_url() has 4 slashes */
	CU_ASSERT_EQUAL(dir[0], '/');
	c = open_ok(file_url("abs.db"));
	drv_exec_ok(c, "CREATE TABLE t (x)");
	conn_close(c);
	CU_ASSERT(exists(arena_printf(A, "%s/abs.db", dir)));
	/* memory databases: each connection has its own */
	c = open_ok("sqlite://");
	drv_exec_ok(c, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	drv_query_is(c, "SELECT count(*) FROM t", "1\n");
	conn_close(c);
	c = open_ok("sqlite+pysqlite:///:memory:");
	drv_query_is(c, "SELECT count(*) FROM sqlite_master", "0\n");
	conn_close(c);
	CU_ASSERT_FALSE(exists(":memory:"));
}

/* A file that is not a database fails at connect, naming the file. */
static void test_driver_sqlite_not_a_database(void)
{
	char cwd[4096], here[4096];
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	FILE *f;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
	CU_ASSERT_EQUAL_FATAL(chdir(dir), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(here, sizeof(here)));
	f = fopen("notes.db", "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 0; i < 100; i++)
		fputs("not a database at all\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(conn_open(&c, drv_url(A, "sqlite:///notes.db"), NULL,
				  &err), RT_EDB);
	CU_ASSERT_EQUAL_FATAL(chdir(cwd), 0);
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(A, "could not connect "
			       "to sqlite:///notes.db: file is not a database "
			       "(database file '%s/notes.db')", here));
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "26");	/* SQLITE_NOTADB */
}

static void test_driver_sqlite_rows(void)
{
	struct rt_conn *c = open_ok(file_url("rows.db"));

	CU_ASSERT_STRING_EQUAL(c->drv->name, "sqlite");
	CU_ASSERT_EQUAL(conn_caps(c), RT_DRV_LOCK | RT_DRV_ROWCOUNT);
	CU_ASSERT_STRING_EQUAL(conn_server_version(c), sqlite3_libversion());
	drv_rows(c);
	drv_query_is(c, "SELECT 1 WHERE 0", "");
	/* several statements: rows of each */
	drv_query_is(c, "SELECT 'x'; SELECT 'y', NULL", "x\ny|NULL\n");
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
	drv_query_is(c, "SELECT 7", "7\n");
	conn_close(c);
}

static void test_driver_sqlite_transactions(void)
{
	struct rt_conn *c = open_ok(file_url("tx.db"));
	struct rt_err err = RT_ERR_INIT;

	drv_exec_ok(c, "CREATE TABLE t (x)");
	/* the rollback removes the table u too */
	drv_transactions(c, "CREATE TABLE u (y)");
	drv_query_is(c, "SELECT count(*) FROM sqlite_master WHERE name = 'u'",
		     "0\n");
	conn_close(c);
	c = open_ok(file_url("tx.db"));
	drv_query_is(c, "SELECT x FROM t", "2\n");
	/* misuse */
	CU_ASSERT_EQUAL(conn_commit(c, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "no transaction is open");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	CU_ASSERT_EQUAL(conn_begin(c, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "a transaction is already open");
	/* conn_close() rolls an open transaction back */
	drv_exec_ok(c, "INSERT INTO t VALUES (3)");
	conn_close(c);
	c = open_ok(file_url("tx.db"));
	drv_query_is(c, "SELECT x FROM t", "2\n");
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
	drv_exec_ok(c, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "UNIQUE constraint failed: t.id");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "1555");	/* _PRIMARYKEY */
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_query(c, "SELEC 1", drv_collect, NULL, &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "near \"SELEC\": syntax error");
	conn_close(c);
}

static const char *open_fail(const char *text, int code)
{
	static char msg[RT_ERR_MSG_MAX];
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;

	CU_ASSERT_EQUAL(conn_open(&c, drv_url(A, text), NULL, &err), code);
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
			       "open database file (database file "
			       "'/nonexistent-dir/x.db')");
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
	drv_exec_ok(c, "CREATE TABLE t (x)");
	conn_close(c);
	u = arena_printf(A, "sqlite:///file:%s/ro.db?mode=ro&uri=true", dir);
	c = open_ok(u);
	drv_query_is(c, "SELECT count(*) FROM t", "0\n");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(A, "attempt to write a "
			       "readonly database (database file '%s/ro.db')",
			       dir));
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "8");	/* SQLITE_READONLY */
	conn_close(c);
}

static void test_driver_sqlite_lock(void)
{
	struct rt_conn_opts opts = { .lock_poll_ms = 20 };
	struct rt_conn *a = drv_open(A, file_url("lock.db"), &opts);
	struct rt_conn *b = drv_open(A, file_url("lock.db"), &opts);
	struct rt_err err = RT_ERR_INIT;
	struct drv_waits w = { 0, "" };

	drv_exec_ok(a, "CREATE TABLE t (x)");
	drv_lock_contended(a, b, "alembic", 150);
	/* with the lock, transactions are savepoints in the lock's one */
	CU_ASSERT_EQUAL(conn_begin(a, &err), 0);
	drv_exec_ok(a, "INSERT INTO t VALUES (1)");
	CU_ASSERT_EQUAL(conn_rollback(a, &err), 0);
	CU_ASSERT_EQUAL(conn_begin(a, &err), 0);
	drv_exec_ok(a, "INSERT INTO t VALUES (2)");
	CU_ASSERT_EQUAL(conn_commit(a, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_EQUAL(conn_lock(a, "other", 0, NULL, NULL, &err), RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "lock 'alembic' is already held");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(conn_unlock(a, &err), 0);
	/* released: b takes it at once, and sees a's committed work */
	CU_ASSERT_EQUAL(conn_lock(b, "alembic", 1000, drv_on_wait, &w, &err),
			0);
	CU_ASSERT_EQUAL(w.calls, 0);
	drv_query_is(b, "SELECT x FROM t", "2\n");
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
	drv_exec_ok(a, "CREATE TABLE t (x)");
	conn_close(a);
	CU_ASSERT_EQUAL(conn_lock(b, "x", 0, NULL, NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	drv_query_is(b, "SELECT count(*) FROM t", "0\n");
	conn_close(b);
}

static void test_driver_sqlite_fault(void)
{
	struct rt_conn_opts opts = { .fail_exec_at = 2 };

	drv_fault(drv_open(A, "sqlite://", &opts));
}

DRV_WRAP(test_driver_sqlite_paths)
DRV_WRAP(test_driver_sqlite_not_a_database)
DRV_WRAP(test_driver_sqlite_rows)
DRV_WRAP(test_driver_sqlite_callback)
DRV_WRAP(test_driver_sqlite_transactions)
DRV_WRAP(test_driver_sqlite_errors)
DRV_WRAP(test_driver_sqlite_url_params)
DRV_WRAP(test_driver_sqlite_lock)
DRV_WRAP(test_driver_sqlite_lock_close)
DRV_WRAP(test_driver_sqlite_fault)

void unit_register(void)
{
	UNIT_SUITE("driver_sqlite",
		   { "test_driver_sqlite_paths", test_driver_sqlite_paths_w },
		   { "test_driver_sqlite_not_a_database",
		     test_driver_sqlite_not_a_database_w },
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
