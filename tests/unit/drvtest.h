/*
 * drvtest.h: what the driver suites (test_driver_*.c) share, test code
 * only: connecting and running SQL under assertions, rows as text, and
 * the checks every driver must pass alike (row counts, transactions,
 * the write lock, fault injection, a wrong password).
 */
#ifndef TEST_DRVTEST_H
#define TEST_DRVTEST_H

#include "unit.h"

#include "drivers/driver.h"

/*
 * The server URL of the environment variable var ("RETORT_TEST_PG_URL"),
 * or NULL when it is unset or not a URL: then the suite gets the one
 * test named missing_test, which fails (run tests/db/start.sh).
 */
const char *drv_server_url(const char *var, const char *suite,
			   const char *missing_test);

/* text as a URL in a; a parse error fails the test (fatal). */
struct rt_url *drv_url(struct rt_arena *a, const char *text);
/* A connection to text that must open without a message (fatal). */
struct rt_conn *drv_open(struct rt_arena *a, const char *text,
			 const struct rt_conn_opts *opts);
/* conn_exec() that must succeed without a message. */
void drv_exec_ok(struct rt_conn *c, const char *sql);
/* conn_query() callback: rows as "v1|v2\n" lines into the rt_buf
 * payload, NULL as "NULL". */
int drv_collect(const struct rt_row *row, void *payload);
/* The rows of sql, as drv_collect() writes them, must be want. */
void drv_query_is(struct rt_conn *c, const char *sql, const char *want);

/*
 * Table t (id, name, n) with three rows: conn_affected() after INSERT,
 * UPDATE (also of rows whose value does not change: spec rule 7.11) and
 * DELETE, and the rows with a NULL.
 */
void drv_rows(struct rt_conn *c);

/*
 * With an empty table t (x int): a transaction that inserts 1 and runs
 * ddl (unless NULL) is rolled back, so t is empty; one that inserts 2 is
 * committed, so t holds 2.  The caller checks what became of ddl.
 */
void drv_transactions(struct rt_conn *c, const char *ddl);

/* conn_lock()'s on_wait: counts the calls and keeps the lock name. */
struct drv_waits {
	int calls;
	char name[64];
};
void drv_on_wait(const char *name, void *payload);

/*
 * a takes lock name at once; b then waits timeout_ms for it and fails
 * with "could not acquire lock ...", having called on_wait once.
 */
void drv_lock_contended(struct rt_conn *a, struct rt_conn *b,
			const char *name, long timeout_ms);
/*
 * a, holding lock name, releases it; b takes it at once; closing b
 * releases it to a.  Closes a and b.
 */
void drv_lock_handover(struct rt_conn *a, struct rt_conn *b,
		       const char *name);

/*
 * c, opened with fail_exec_at = 2: the second conn_exec() fails with
 * "injected fault: exec #2" and does not run; queries are not counted.
 * Closes c.
 */
void drv_fault(struct rt_conn *c);

/*
 * Connecting to good's server as good's user with a wrong password
 * fails (RT_EDB, no connection) with "could not connect to <good's URL,
 * password masked>: <says>..." (says: a printf format that may use %s
 * once for the user), also somewhere in it, the SQLSTATE or errno
 * sqlstate, and neither password anywhere.  good must be a TCP URL with
 * user and password (fatal).
 */
void drv_bad_password(struct rt_arena *a, const char *scheme,
		      const struct rt_url *good, const char *says,
		      const char *also, const char *sqlstate);

/*
 * A TCP listener on a free loopback port that never accepts nor
 * answers (the kernel completes the handshake; nobody reads or
 * writes).  *port gets its port; close() the returned socket.
 */
int drv_silent_listener(int *port);

/*
 * Connecting to a silent listener as scheme://u:S3cretPw@127.0.0.1:PORT
 * /db plus query (may be "") with opts' connect timeout fails with
 * RT_EDB "could not connect to <that URL, secrets masked>: no answer
 * within shown_s s (the limit set by <by>): ..." and no secret of the
 * URL anywhere.
 */
void drv_silent_server(struct rt_arena *a, const char *scheme,
		       const char *query, const struct rt_conn_opts *opts,
		       int shown_s, const char *by);

/*
 * c, opened with opts.read_timeout_s = 1 (name "retort.read_timeout"):
 * running sleep (a statement that keeps the server silent for 3 s)
 * fails with RT_EDB "no answer from <c's masked URL> within 1 s (the
 * limit set by retort.read_timeout)" (then ": <library message>" when
 * with_lib); a statement silent for less passes first.  Closes c.
 */
void drv_read_timeout(struct rt_arena *a, struct rt_conn *c,
		      const char *quick, const char *sleep, bool with_lib);

/* fn_w: the test fn between the suite's setup() and teardown(). */
#define DRV_WRAP(fn) \
	static void fn##_w(void) { setup(); fn(); teardown(); }

#endif
