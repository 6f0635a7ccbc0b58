/*
 * runtest.c: runner test cases shared by the SQLite, PostgreSQL and
 * MariaDB suites (runtest.h): projects copied from fixtures/runner,
 * runs through the runner API, and checks on the resulting rows.
 */
#include "unit.h"

#include "runtest.h"

#include "drivers/driver.h"
#include "runtime/job.h"
#include "runtime/offline.h"

#include <unistd.h>

static void on_log(const char *line, void *payload)
{
	struct rtest *t = payload;

	/* timings vary: keep only that the line was there */
	if (!strncmp(line, RUNNER_LOG_PREFIX, strlen(RUNNER_LOG_PREFIX)))
		line = RUNNER_LOG_PREFIX "Finished";
	rt_buf_addf(&t->log, "%s\n", line);
}

static void on_notice(const char *text, void *payload)
{
	struct rtest *t = payload;

	rt_buf_addf(&t->notice, "%s\n", text);
}

static void load(struct rtest *t)
{
	struct rt_err err = RT_ERR_INIT;
	/* the reference the suites compare against: Alembic 1.8.1 */
	struct runopts_env env = { .url_option = t->url,
				   .alembic_version = "1.8" };
	struct script_opts so = { .cache_dir = UNIT_CACHE_DIR };

	CU_ASSERT_EQUAL_FATAL(config_load(&t->cfg, t->a, "alembic.ini", &err),
			      0);
	CU_ASSERT_EQUAL_FATAL(script_dir_open(&t->sd, t->a, t->cfg,
					      "alembic", &err), 0);
	CU_ASSERT_EQUAL_FATAL(script_dir_load(&t->sd, t->a, &so, &err), 0);
	CU_ASSERT_EQUAL_FATAL(revmap_build(&t->map, t->a, t->sd.revs,
					   t->sd.nrevs, &err), 0);
	CU_ASSERT_EQUAL_FATAL(runopts_load(&t->o, t->a, t->cfg, "alembic",
					   &env, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
}

void rtest_open(struct rtest *t, const char *fixture)
{
	char cmd[1024];

	memset(t, 0, sizeof(*t));
	t->a = arena_new();
	t->dir = unit_tmpdir();
	rt_buf_init(&t->log, 0);
	rt_buf_init(&t->notice, 0);
	snprintf(cmd, sizeof(cmd), "cp -r '%s/%s/.' '%s'", RT_SOURCE_DIR,
		 fixture, t->dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL_FATAL(chdir(t->dir), 0);
	t->url = rtest_db->fresh(t->a, t->dir);
	load(t);
}

void rtest_reload(struct rtest *t)
{
	revmap_free(t->map);
	memset(&t->sd, 0, sizeof(t->sd));
	load(t);
}

void rtest_close(struct rtest *t)
{
	if (rtest_db->drop)
		rtest_db->drop();
	revmap_free(t->map);
	CU_ASSERT_EQUAL(chdir("/"), 0);
	unit_rmtree(t->dir);
	free(t->dir);
	rt_buf_release(&t->log);
	rt_buf_release(&t->notice);
	arena_free(t->a);
}

static int run_job(struct rtest *t, const struct job *job,
		   struct rt_err *err)
{
	struct runner_io io = { on_log, on_notice, NULL, t };
	struct runner r;
	int rc;

	if ((rc = runner_open(&r, t->a, &t->o, &io, err)) >= 0)
		rc = runner_migrate(&r, t->map, job, err);
	runner_close(&r);
	return rc;
}

int rtest_run(struct rtest *t, enum revstep_kind kind, const char *arg,
	      struct rt_err *err)
{
	struct job job = { kind == REVSTEP_DOWNGRADE ? JOB_DOWNGRADE :
			   JOB_UPGRADE, &arg, 1, false, false };

	return run_job(t, &job, err);
}

int rtest_stamp(struct rtest *t, const char *const *args, size_t n,
		bool purge, struct rt_err *err)
{
	struct job job = { JOB_STAMP, args, n, purge, false };

	return run_job(t, &job, err);
}

static int collect(const struct rt_row *row, void *payload)
{
	struct rt_buf *b = payload;
	size_t i;

	if (b->len)
		rt_buf_addch(b, ',');
	for (i = 0; i < row->ncols; i++)
		rt_buf_addf(b, "%s%s", i ? "|" : "",
			    row->values[i] ? row->values[i] : "NULL");
	return 0;
}

const char *rtest_query(struct rtest *t, const char *sql)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	struct rt_conn *c = NULL;
	const char *out;

	CU_ASSERT_EQUAL_FATAL(conn_open(&c, t->o.url, NULL, &err), 0);
	if (conn_query(c, sql, collect, &b, &err) < 0)
		out = "ERROR";
	else
		out = arena_strdup(t->a, b.buf);
	conn_close(c);
	rt_buf_release(&b);
	return out;
}

const char *rtest_rows(struct rtest *t)
{
	const char *r = rtest_query(t, "SELECT version_num FROM "
				    "alembic_version ORDER BY version_num");

	return strcmp(r, "ERROR") ? r : "-";
}

/* ---- cases ---- */

#define RUN_OK(t, kind, arg) \
	do { \
		struct rt_err e_ = RT_ERR_INIT; \
		CU_ASSERT_EQUAL(rtest_run((t), (kind), (arg), &e_), 0); \
		CU_ASSERT_STRING_EQUAL(e_.msg, ""); \
	} while (0)

#define STAMP_OK(t, purge, ...) \
	do { \
		const char *a_[] = { __VA_ARGS__ }; \
		struct rt_err e_ = RT_ERR_INIT; \
		CU_ASSERT_EQUAL(rtest_stamp((t), a_, RT_ARRAY_SIZE(a_), \
					    (purge), &e_), 0); \
		CU_ASSERT_STRING_EQUAL(e_.msg, ""); \
	} while (0)

static const char *runlog(struct rtest *t)
{
	return rtest_query(t, "SELECT rev FROM runlog ORDER BY rev");
}

static const char *impl_lines(void)
{
	if (!strcmp(rtest_db->name, "postgresql"))
		return OFFLINE_LOG_PREFIX "Context impl PostgresqlImpl.\n"
		       OFFLINE_LOG_PREFIX "Will assume transactional DDL.\n";
	if (!strcmp(rtest_db->name, "mysql"))
		return OFFLINE_LOG_PREFIX "Context impl MySQLImpl.\n"
		       OFFLINE_LOG_PREFIX "Will assume non-transactional "
		       "DDL.\n";
	return OFFLINE_LOG_PREFIX "Context impl SQLiteImpl.\n"
	       OFFLINE_LOG_PREFIX "Will assume non-transactional DDL.\n";
}

void rtest_case_sequence(void)
{
	struct rtest t;
	const char *want;

	rtest_open(&t, "fixtures/runner/basic");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "-");
	RUN_OK(&t, REVSTEP_UPGRADE, "b1");
	want = arena_printf(t.a, "%s"
		OFFLINE_LOG_PREFIX "Running upgrade  -> a1, create runlog\n"
		RUNNER_LOG_PREFIX "Finished\n"
		OFFLINE_LOG_PREFIX "Running upgrade a1 -> a2, second\n"
		RUNNER_LOG_PREFIX "Finished\n"
		OFFLINE_LOG_PREFIX "Running upgrade a2 -> b1, branch b\n"
		RUNNER_LOG_PREFIX "Finished\n", impl_lines());
	CU_ASSERT_STRING_EQUAL(t.log.buf, want);
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "b1");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "a1,a2,b1");
	RUN_OK(&t, REVSTEP_UPGRADE, "c1");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "b1,c1");
	RUN_OK(&t, REVSTEP_UPGRADE, "heads");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "m1");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "a1,a2,b1,c1,m1");
	rt_buf_reset(&t.log);
	RUN_OK(&t, REVSTEP_DOWNGRADE, "a2");
	want = arena_printf(t.a, "%s"
		OFFLINE_LOG_PREFIX "Running downgrade m1 -> b1, c1, merge\n"
		RUNNER_LOG_PREFIX "Finished\n"
		OFFLINE_LOG_PREFIX "Running downgrade b1 -> a2, branch b\n"
		RUNNER_LOG_PREFIX "Finished\n"
		OFFLINE_LOG_PREFIX "Running downgrade c1 -> a2, branch c\n"
		RUNNER_LOG_PREFIX "Finished\n", impl_lines());
	CU_ASSERT_STRING_EQUAL(t.log.buf, want);
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "a2");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "a1,a2");
	/* nothing to do: no step, the rows stay */
	RUN_OK(&t, REVSTEP_UPGRADE, "a2");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "a2");
	STAMP_OK(&t, false, "b1", "c1");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "b1,c1");
	STAMP_OK(&t, true, "a2");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "a2");
	RUN_OK(&t, REVSTEP_DOWNGRADE, "base");
	/* rule 7.20: emptied, never dropped online */
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "ERROR");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t1"),
			       "ERROR");
	rtest_close(&t);
}

void rtest_case_dag_rows(void)
{
	/* DAG B, rows as Alembic 1.8.1 leaves them (run on SQLite). */
	static const struct {
		enum revstep_kind kind;
		const char *arg, *arg2, *rows;
	} steps[] = {
		{ REVSTEP_UPGRADE, "m2main", NULL, "m2main" },
		{ REVSTEP_UPGRADE, "f2feat", NULL, "f2feat,m2main" },
		{ REVSTEP_UPGRADE, "heads", NULL, "top001" },
		{ REVSTEP_DOWNGRADE, "m1main", NULL, "f2feat,m1main" },
		{ REVSTEP_STAMP, "r2main", NULL, "r2main" },
		{ REVSTEP_STAMP, "f2feat", "m2main", "f2feat,m2main" },
		{ REVSTEP_DOWNGRADE, "base", NULL, "" },
	};
	struct rtest t;
	size_t i;

	rtest_open(&t, "fixtures/dag_b");
	for (i = 0; i < RT_ARRAY_SIZE(steps); i++) {
		struct rt_err err = RT_ERR_INIT;
		const char *args[] = { steps[i].arg, steps[i].arg2 };

		int rc;

		if (steps[i].kind == REVSTEP_STAMP)
			rc = rtest_stamp(&t, args, args[1] ? 2 : 1, false,
					 &err);
		else
			rc = rtest_run(&t, steps[i].kind, args[0], &err);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_STRING_EQUAL(err.msg, "");
		CU_ASSERT_STRING_EQUAL(rtest_rows(&t), steps[i].rows);
	}
	rtest_close(&t);
}

/* Fix f2's third statement in the temp copy. */
static void fix_f2(struct rtest *t)
{
	unit_write(t->dir, "migrations/versions/f2_second.py",
		   "\"\"\"second\"\"\"\nfrom alembic import op\n\n"
		   "revision = 'f2'\ndown_revision = 'f1'\n\n\n"
		   "def upgrade():\n"
		   "    op.execute(\"CREATE TABLE IF NOT EXISTS t2 "
		   "(id INTEGER)\")\n"
		   "    op.execute(\"INSERT INTO t1 (id) VALUES (2)\")\n"
		   "    op.execute(\"INSERT INTO t2 (id) VALUES (3)\")\n\n\n"
		   "def downgrade():\n    pass\n");
	rtest_reload(t);
}

static void check_f2_error(struct rtest *t, const struct rt_err *err)
{
	char text[RT_ERR_MSG_MAX + 600];
	const char *want = arena_printf(t->a, "%s/migrations/versions/"
		"f2_second.py:22:16: upgrade f1 -> f2 failed: %s\n"
		"[SQL: INSERT INTO nosuch (id) VALUES (3)]", t->dir,
		rtest_db->nosuch_msg());

	CU_ASSERT_EQUAL(err->code, RT_EDB);
	CU_ASSERT_STRING_EQUAL(rt_err_str(err, text, sizeof(text)), want);
}

/* Issue 3: the third statement of f2 fails. */
void rtest_case_failure(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rtest t;

	rtest_open(&t, "fixtures/runner/fail");
	RUN_OK(&t, REVSTEP_UPGRADE, "f1");
	CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_UPGRADE, "head", &err), RT_EDB);
	check_f2_error(&t, &err);
	/* at the previous revision; MySQL keeps f2's committed DDL */
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "f1");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t1 ORDER BY "
					   "id"), "1");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t2"),
			       rtest_db->ddl_commits ? "" : "ERROR");
	fix_f2(&t);
	RUN_OK(&t, REVSTEP_UPGRADE, "head");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "f3");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t1 ORDER BY "
					   "id"), "1,2");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t2"), "3");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t3"), "");
	rtest_close(&t);
}

/* Rule 11.4 from an empty database, one outer transaction (PostgreSQL)
 * and one per migration (everywhere). */
void rtest_case_failure_from_empty(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rtest t;
	bool outer = !strcmp(rtest_db->name, "postgresql");

	rtest_open(&t, "fixtures/runner/fail");
	CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_UPGRADE, "head", &err), RT_EDB);
	check_f2_error(&t, &err);
	/* PostgreSQL: everything rolled back, the version table too */
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), outer ? "-" : "f1");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t1"),
			       outer ? "ERROR" : "1");
	if (outer) {
		rt_err_clear(&err);
		t.o.transaction_per_migration = true;
		CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_UPGRADE, "head", &err),
				RT_EDB);
		check_f2_error(&t, &err);
		CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "f1");
		CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t2"),
				       "ERROR");
	}
	fix_f2(&t);
	RUN_OK(&t, REVSTEP_UPGRADE, "head");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "f3");
	CU_ASSERT_STRING_EQUAL(rtest_query(&t, "SELECT id FROM t1 ORDER BY "
					   "id"), "1,2");
	rtest_close(&t);
}

/* The revisions the rows claim (ancestors included), sorted. */
static const char *claimed(struct rtest *t, const char *rows)
{
	static const char *const all[] = { "a1", "a2", "b1", "c1", "m1" };
	struct rt_buf b = RT_BUF_INIT;
	const char *out;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(all); i++) {
		struct revision *r = revmap_lookup(t->map, all[i]);
		bool in = false;
		const char *p = rows;

		while (*p && !in) {
			size_t n = strcspn(p, ",");
			char *id = arena_strndup(t->a, p, n);

			in = revmap_is_ancestor(t->map, r,
						revmap_lookup(t->map, id));
			p += n + (p[n] == ',');
		}
		if (in)
			rt_buf_addf(&b, "%s%s", b.len ? "," : "", all[i]);
	}
	out = arena_strdup(t->a, b.buf);
	rt_buf_release(&b);
	return out;
}

/* RETORT_FAULT=exec:N for every N until a run succeeds: after each
 * failure the schema (the runlog table) matches the version rows. */
void rtest_case_fault_loop(void)
{
	struct rtest t;
	long n;
	int rc = -1;

	rtest_open(&t, "fixtures/runner/basic");
	for (n = 1; n < 100 && rc < 0; n++) {
		struct rt_err err = RT_ERR_INIT;
		const char *rows, *log;

		t.url = rtest_db->fresh(t.a, t.dir);
		rtest_reload(&t);
		t.o.fail_exec_at = n;
		rc = rtest_run(&t, REVSTEP_UPGRADE, "heads", &err);
		rows = rtest_rows(&t);
		if (rc < 0) {
			CU_ASSERT_EQUAL(err.code, RT_EDB);
			CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, arena_printf(
				t.a, "injected fault: exec #%ld", n)));
			log = runlog(&t);
			CU_ASSERT_STRING_EQUAL(strcmp(log, "ERROR") ? log : "",
					       claimed(&t, strcmp(rows, "-") ?
						       rows : ""));
		}
		/* finish the job (MySQL: a step's committed DDL would
		 * fail again, as with Alembic) */
		if (rtest_db->ddl_commits)
			continue;
		t.o.fail_exec_at = 0;
		RUN_OK(&t, REVSTEP_UPGRADE, "heads");
		CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "m1");
		CU_ASSERT_STRING_EQUAL(runlog(&t), "a1,a2,b1,c1,m1");
	}
	/* every exec of the run got its fault */
	CU_ASSERT(n > 15);
	CU_ASSERT_EQUAL(rc, 0);
	rtest_close(&t);
}

/* Rule 7.11: s2 deletes the version rows itself. */
void rtest_case_rowcount(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rtest t;

	rtest_open(&t, "fixtures/runner/special");
	RUN_OK(&t, REVSTEP_UPGRADE, "s1");
	CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_UPGRADE, "s2", &err),
			RT_ECOMMAND);
	CU_ASSERT_STRING_EQUAL(err.msg, "Online migration expected to match "
			       "one row when updating 's1' to 's2' in "
			       "'alembic_version'; 0 found");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "s1");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "s1");
	rtest_close(&t);
}

void rtest_case_bind_and_irreversible(void)
{
	char text[RT_ERR_MSG_MAX + 600];
	struct rt_err err = RT_ERR_INIT;
	struct rtest t;

	rtest_open(&t, "fixtures/runner/special");
	RUN_OK(&t, REVSTEP_UPGRADE, "s1");
	rt_buf_reset(&t.log);
	/* rule 8.6: checked before anything runs */
	CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_UPGRADE, "b1", &err), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(rt_err_str(&err, text, sizeof(text)),
		arena_printf(t.a, "%s/migrations/versions/b1_bind.py:21:16: "
			     "A value is required for bind parameter 'z'",
			     t.dir));
	CU_ASSERT_STRING_EQUAL(t.log.buf, impl_lines());
	CU_ASSERT_STRING_EQUAL(runlog(&t), "s1");
	RUN_OK(&t, REVSTEP_UPGRADE, "i1");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "i1,s1");
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_DOWNGRADE, "s1", &err),
			RT_ERROR);
	CU_ASSERT_STRING_EQUAL(rt_err_str(&err, text, sizeof(text)),
		arena_printf(t.a, "%s/migrations/versions/i1_irreversible.py"
			     ":25:5: NotImplementedError: no way back", t.dir));
	/* the statement before the raise was rolled back with the step */
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "i1");
	CU_ASSERT_STRING_EQUAL(runlog(&t), "i1,s1");
	rtest_close(&t);
}

static void ignore_wait(const char *name, void *payload)
{
}

/* Another connection holds the migration lock: wait, then time out. */
void rtest_case_lock_timeout(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_conn *holder = NULL;
	struct rtest t;
	const char *name;

	rtest_open(&t, "fixtures/runner/basic");
	name = runopts_lock_name(&t.o, t.a);
	CU_ASSERT_EQUAL_FATAL(conn_open(&holder, t.o.url, NULL, &err), 0);
	CU_ASSERT_EQUAL_FATAL(conn_lock(holder, name, 0, ignore_wait, NULL,
					&err), 0);
	t.o.lock_timeout_ms = 300;
	CU_ASSERT_EQUAL(rtest_run(&t, REVSTEP_UPGRADE, "heads", &err),
			RT_EDB);
	CU_ASSERT_STRING_EQUAL(err.msg, arena_printf(t.a, "could not acquire "
			       "lock '%s' within 300 ms: it is held by "
			       "another connection", name));
	CU_ASSERT_STRING_EQUAL(t.notice.buf, arena_printf(t.a, "waiting for "
			       "the migration lock '%s' (up to 1 s) ...\n",
			       name));
	conn_close(holder);
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "-");
	/* once released, the run goes through */
	RUN_OK(&t, REVSTEP_UPGRADE, "heads");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "m1");
	rtest_close(&t);
}

/* current (RUNNER_READ) never creates the table; ensure_version does. */
void rtest_case_read_only(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct runner r;
	struct rtest t;

	rtest_open(&t, "fixtures/runner/basic");
	CU_ASSERT_EQUAL(runner_open(&r, t.a, &t.o, NULL, &err), 0);
	CU_ASSERT_EQUAL(runner_start(&r, RUNNER_READ, &err), 0);
	CU_ASSERT_EQUAL(r.nrows, 0);
	CU_ASSERT_EQUAL(runner_finish(&r, &err), 0);
	runner_close(&r);
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "-");
	CU_ASSERT_EQUAL(runner_open(&r, t.a, &t.o, NULL, &err), 0);
	CU_ASSERT_EQUAL(runner_start(&r, RUNNER_MUTATE, &err), 0);
	CU_ASSERT_EQUAL(runner_finish(&r, &err), 0);
	runner_close(&r);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_STRING_EQUAL(rtest_rows(&t), "");
	rtest_close(&t);
}

void rtest_admin(const char *url, const char *sql)
{
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct rt_url *u = NULL;
	struct rt_conn *c = NULL;

	CU_ASSERT_EQUAL_FATAL(url_parse(&u, a, url, NULL, &err), 0);
	CU_ASSERT_EQUAL_FATAL(conn_open(&c, u, NULL, &err), 0);
	CU_ASSERT_EQUAL(conn_exec(c, sql, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	conn_close(c);
	arena_free(a);
}
