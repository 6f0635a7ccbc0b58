/*
 * drvtest.c: the helpers and driver-independent checks of the driver
 * suites (drvtest.h).
 */
#include "drvtest.h"

#include "base/buf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static void drv_env_missing(void)
{
	CU_FAIL("the test server's URL is not set: run tests/db/start.sh");
}

const char *drv_server_url(const char *var, const char *suite,
			   const char *missing_test)
{
	const char *url = getenv(var);
	struct unit_case one = { missing_test, drv_env_missing };

	if (url && *url && strstr(url, "://"))
		return url;
	fprintf(stderr, "%s not set: run tests/db/start.sh\n", var);
	unit_add_suite(suite, &one, 1);
	return NULL;
}

struct rt_url *drv_url(struct rt_arena *a, const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_url *u = NULL;

	CU_ASSERT_EQUAL_FATAL(url_parse(&u, a, text, NULL, &err), 0);
	return u;
}

struct rt_conn *drv_open(struct rt_arena *a, const char *text,
			 const struct rt_conn_opts *opts)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;

	CU_ASSERT_EQUAL(conn_open(&c, drv_url(a, text), opts, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	return c;
}

void drv_exec_ok(struct rt_conn *c, const char *sql)
{
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_exec(c, sql, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
}

int drv_collect(const struct rt_row *row, void *payload)
{
	struct rt_buf *b = payload;
	size_t i;

	for (i = 0; i < row->ncols; i++)
		rt_buf_addf(b, "%s%s", i ? "|" : "",
			    row->values[i] ? row->values[i] : "NULL");
	rt_buf_addch(b, '\n');
	return 0;
}

void drv_query_is(struct rt_conn *c, const char *sql, const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;

	CU_ASSERT_EQUAL(conn_query(c, sql, drv_collect, &b, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_STRING_EQUAL(b.buf, want);
	rt_buf_release(&b);
}

void drv_rows(struct rt_conn *c)
{
	drv_exec_ok(c, "CREATE TABLE t (id int PRIMARY KEY, name text, "
		    "n int)");
	drv_exec_ok(c, "INSERT INTO t VALUES (1, 'a', 10), (2, NULL, NULL), "
		    "(3, 'c', NULL)");
	CU_ASSERT_EQUAL(conn_affected(c), 3);
	drv_exec_ok(c, "UPDATE t SET n = 5 WHERE id >= 2");
	CU_ASSERT_EQUAL(conn_affected(c), 2);
	/* same value again: still counted (spec rule 7.11) */
	drv_exec_ok(c, "UPDATE t SET n = 5 WHERE id = 2");
	CU_ASSERT_EQUAL(conn_affected(c), 1);
	drv_exec_ok(c, "DELETE FROM t WHERE id = 99");
	CU_ASSERT_EQUAL(conn_affected(c), 0);
	drv_query_is(c, "SELECT id, name, n FROM t ORDER BY id",
		     "1|a|10\n2|NULL|5\n3|c|5\n");
}

void drv_transactions(struct rt_conn *c, const char *ddl)
{
	struct rt_err err = RT_ERR_INIT;

	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	drv_exec_ok(c, "INSERT INTO t VALUES (1)");
	if (ddl)
		drv_exec_ok(c, ddl);
	CU_ASSERT_EQUAL(conn_rollback(c, &err), 0);
	drv_query_is(c, "SELECT count(*) FROM t", "0\n");
	CU_ASSERT_EQUAL(conn_begin(c, &err), 0);
	drv_exec_ok(c, "INSERT INTO t VALUES (2)");
	CU_ASSERT_EQUAL(conn_commit(c, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	drv_query_is(c, "SELECT x FROM t", "2\n");
}

void drv_on_wait(const char *name, void *payload)
{
	struct drv_waits *w = payload;

	w->calls++;
	snprintf(w->name, sizeof(w->name), "%s", name);
}

void drv_lock_contended(struct rt_conn *a, struct rt_conn *b,
			const char *name, long timeout_ms)
{
	struct rt_err err = RT_ERR_INIT;
	struct drv_waits w = { 0, "" };
	char want[200];
	long t0;

	CU_ASSERT_EQUAL(conn_lock(a, name, 0, drv_on_wait, &w, &err), 0);
	CU_ASSERT_EQUAL(w.calls, 0);
	t0 = driver_now_ms();
	CU_ASSERT_EQUAL(conn_lock(b, name, timeout_ms, drv_on_wait, &w,
				  &err), RT_EDB);
	CU_ASSERT(driver_now_ms() - t0 >= timeout_ms);
	snprintf(want, sizeof(want), "could not acquire lock '%s' within %ld "
		 "ms: it is held by another connection", name, timeout_ms);
	CU_ASSERT_STRING_EQUAL(err.msg, want);
	CU_ASSERT_EQUAL(w.calls, 1);
	CU_ASSERT_STRING_EQUAL(w.name, name);
}

void drv_lock_handover(struct rt_conn *a, struct rt_conn *b,
		       const char *name)
{
	struct rt_err err = RT_ERR_INIT;
	struct drv_waits w = { 0, "" };

	CU_ASSERT_EQUAL(conn_unlock(a, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_EQUAL(conn_lock(b, name, 1000, drv_on_wait, &w, &err), 0);
	CU_ASSERT_EQUAL(w.calls, 0);
	conn_close(b);
	CU_ASSERT_EQUAL(conn_lock(a, name, 1000, NULL, NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	conn_close(a);
}

void drv_fault(struct rt_conn *c)
{
	struct rt_err err = RT_ERR_INIT;

	drv_exec_ok(c, "CREATE TABLE t (x int)");
	CU_ASSERT_EQUAL(conn_exec(c, "INSERT INTO t VALUES (1)", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, "injected fault: exec #2");
	CU_ASSERT_STRING_EQUAL(err.sqlstate, "");
	drv_exec_ok(c, "INSERT INTO t VALUES (3)");
	/* the failed exec did not run; queries are not counted */
	drv_query_is(c, "SELECT x FROM t", "3\n");
	CU_ASSERT_EQUAL(c->nexec, 3);
	conn_close(c);
}

void drv_bad_password(struct rt_arena *a, const char *scheme,
		      const struct rt_url *good, const char *says,
		      const char *also, const char *sqlstate)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	const char *bad, *want, *server;

	CU_ASSERT_PTR_NOT_NULL_FATAL(good->host);
	CU_ASSERT_PTR_NOT_NULL_FATAL(good->password);
	CU_ASSERT_PTR_NOT_NULL_FATAL(good->user);
	bad = arena_printf(a, "%s://%s:Wr0ngPassw0rd@%s:%d/%s", scheme,
			   good->user, good->host, good->port,
			   good->database);
	server = arena_printf(a, says, good->user);
	want = arena_printf(a, "could not connect to %s://%s:***@%s:%d/%s: "
			    "%s", scheme, good->user, good->host, good->port,
			    good->database, server);
	CU_ASSERT_EQUAL(conn_open(&c, drv_url(a, bad), NULL, &err), RT_EDB);
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, also));
	CU_ASSERT_PTR_NULL(strstr(err.msg, "Wr0ngPassw0rd"));
	CU_ASSERT_PTR_NULL(strstr(err.msg, good->password));
	CU_ASSERT_STRING_EQUAL(err.sqlstate, sqlstate);
}

int drv_silent_listener(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	CU_ASSERT_FATAL(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_EQUAL_FATAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)),
			      0);
	CU_ASSERT_EQUAL_FATAL(listen(fd, 8), 0);
	CU_ASSERT_EQUAL_FATAL(getsockname(fd, (struct sockaddr *)&sa, &len),
			      0);
	*port = ntohs(sa.sin_port);
	return fd;
}

void drv_silent_server(struct rt_arena *a, const char *scheme,
		       const char *query, const struct rt_conn_opts *opts,
		       int shown_s, const char *by)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *c = NULL;
	struct rt_url *u;
	const char *want;
	int port, fd = drv_silent_listener(&port);

	u = drv_url(a, arena_printf(a, "%s://u:S3cretPw@127.0.0.1:%d/db%s",
				    scheme, port, query));
	want = arena_printf(a, "could not connect to %s: no answer within "
			    "%d s (the limit set by %s): ", url_masked(u),
			    shown_s, by);
	CU_ASSERT_EQUAL(conn_open(&c, u, opts, &err), RT_EDB);
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
	CU_ASSERT_PTR_NULL(strstr(err.msg, "S3cret"));
	close(fd);
}

void drv_read_timeout(struct rt_arena *a, struct rt_conn *c,
		      const char *quick, const char *sleep, bool with_lib)
{
	struct rt_err err = RT_ERR_INIT;
	const char *want = arena_printf(a, "no answer from %s within 1 s (the "
					"limit set by retort.read_timeout)%s",
					c->where, with_lib ? ": " : "");

	CU_ASSERT_EQUAL(c->opts.read_timeout_s, 1);
	drv_exec_ok(c, quick);
	CU_ASSERT_EQUAL(conn_exec(c, sleep, &err), RT_EDB);
	if (with_lib) {
		CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
	} else {
		CU_ASSERT_STRING_EQUAL(err.msg, want);
	}
	conn_close(c);
}
