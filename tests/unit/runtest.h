/*
 * runtest.h: the runner test cases shared by test_runner.c (SQLite),
 * test_runner_pg.c and test_runner_mysql.c: each file supplies a backend
 * (a fresh namespace per test) and registers the cases it runs.
 */
#ifndef RUNTEST_H
#define RUNTEST_H

#include "base/buf.h"
#include "revision/revplan.h"
#include "runtime/runner.h"
#include "runtime/runopts.h"
#include "script/script.h"

/* A database under test. */
struct rtest_backend {
	const char *name;		/* "sqlite", "postgresql", "mysql" */
	/* A URL for a fresh, empty namespace (arena a); dir is the test's
	 * temp directory. */
	const char *(*fresh)(struct rt_arena *a, const char *dir);
	/* Drop the namespace of the last fresh() (may be NULL). */
	void (*drop)(void);
	/* The server message for "INSERT INTO nosuch ..." in the current
	 * namespace, and whether the DDL before a failure stays (MySQL
	 * commits it). */
	const char *(*nosuch_msg)(void);
	bool ddl_commits;
};

/* The backend the cases below run on (set by each test file). */
extern const struct rtest_backend *rtest_db;

/* Open the temp copy of fixtures/runner/<name> with rtest_db. */
struct rtest {
	struct rt_arena *a;
	char *dir;
	const char *url;
	struct config *cfg;
	struct script_dir sd;
	struct revmap *map;
	struct runopts o;
	struct rt_buf log;		/* log lines, one per line */
	struct rt_buf notice;
};

void rtest_open(struct rtest *t, const char *fixture);
void rtest_close(struct rtest *t);
/* Re-read the revision files (after editing one). */
void rtest_reload(struct rtest *t);
/* Run one upgrade or downgrade (kind), or stamp; log lines go to
 * t->log. */
int rtest_run(struct rtest *t, enum revstep_kind kind, const char *arg,
	      struct rt_err *err);
int rtest_stamp(struct rtest *t, const char *const *args, size_t n,
		bool purge, struct rt_err *err);
/* The version rows, sorted, joined by ","; "-" when the table is
 * missing. */
const char *rtest_rows(struct rtest *t);
/* The rows of sql, columns "|"- and rows ","-joined; "ERROR" when it
 * fails. */
const char *rtest_query(struct rtest *t, const char *sql);
/* Run sql on the server of url in a connection of its own (creating
 * and dropping the tests' schemas and databases); asserts success. */
void rtest_admin(const char *url, const char *sql);

/* The cases. */
void rtest_case_sequence(void);
void rtest_case_dag_rows(void);
void rtest_case_failure(void);
void rtest_case_failure_from_empty(void);
void rtest_case_fault_loop(void);
void rtest_case_rowcount(void);
void rtest_case_bind_and_irreversible(void);
void rtest_case_lock_timeout(void);
void rtest_case_read_only(void);

#define RTEST_CASES \
	UNIT_TEST(rtest_case_sequence), UNIT_TEST(rtest_case_dag_rows), \
	UNIT_TEST(rtest_case_failure), \
	UNIT_TEST(rtest_case_failure_from_empty), \
	UNIT_TEST(rtest_case_fault_loop), UNIT_TEST(rtest_case_rowcount), \
	UNIT_TEST(rtest_case_bind_and_irreversible), \
	UNIT_TEST(rtest_case_lock_timeout), UNIT_TEST(rtest_case_read_only)

#endif
