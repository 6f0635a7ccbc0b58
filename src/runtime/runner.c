/*
 * runner.c: an online run's session (spec §11): connection, migration
 * lock, the outer transaction, reading and creating the version table
 * (rules 7.5, 7.12, 7.18), and runner_migrate() tying them to a plan.
 * The steps themselves run in runexec.c.
 */
#include "runner.h"

#include "ddl/dialect.h"
#include "drivers/driver.h"
#include "job.h"
#include "offline.h"
#include "revision/revplan.h"
#include "runopts.h"

static void log_line(struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void log_line(struct runner *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!r->io.log)
		return;
	va_start(ap, fmt);
	msg = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	r->io.log(msg, r->io.payload);
}

int runner_open(struct runner *r, struct rt_arena *a,
		const struct runopts *o, const struct runner_io *io,
		struct rt_err *err)
{
	struct rt_conn_opts co = { 0 };
	int rc;

	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->opts = o;
	if (io)
		r->io = *io;
	if ((rc = dialect_for_scheme(&r->dialect, o->url->scheme, err)) < 0)
		return rc;
	r->txn_ddl = o->has_transactional_ddl ? o->transactional_ddl :
		     r->dialect->transactional_ddl;
	r->outer = r->txn_ddl && !o->transaction_per_migration;
	co.fail_exec_at = o->fail_exec_at;
	co.connect_timeout_s = o->connect_timeout_s;
	co.connect_timeout_name = o->connect_timeout_name;
	co.read_timeout_s = o->read_timeout_s;
	co.read_timeout_name = o->read_timeout_name;
	if ((rc = conn_open(&r->conn, o->url, &co, err)) < 0)
		return rc;
	if (r->dialect->on_mariadb && conn_server_version(r->conn) &&
	    strstr(conn_server_version(r->conn), "MariaDB"))
		r->dialect = r->dialect->on_mariadb;
	log_line(r, "%sContext impl %s.", OFFLINE_LOG_PREFIX,
		 r->dialect->impl);
	log_line(r, "%sWill assume %s DDL.", OFFLINE_LOG_PREFIX,
		 r->txn_ddl ? "transactional" : "non-transactional");
	/* pymysql and mysqlclient run with autocommit off: after DDL's
	 * implicit commit the next statements start a new transaction
	 * (rule 11.4, MySQL case). */
	if (conn_caps(r->conn) & RT_DRV_DDL_COMMITS)
		return conn_exec(r->conn, "SET autocommit=0", err);
	return 0;
}

void runner_close(struct runner *r)
{
	conn_close(r->conn);
	r->conn = NULL;
}

static void lock_wait(const char *name, void *payload)
{
	struct runner *r = payload;
	long t = r->opts->lock_timeout_ms;

	if (!r->io.notice)
		return;
	if (t < 0)
		r->io.notice(arena_printf(r->arena, "waiting for the "
					  "migration lock '%s' ...", name),
			     r->io.payload);
	else
		r->io.notice(arena_printf(r->arena, "waiting for the "
					  "migration lock '%s' (up to %ld s)"
					  " ...", name, (t + 999) / 1000),
			     r->io.payload);
}

static int has_row(const struct rt_row *row, void *payload)
{
	*(bool *)payload = true;
	return 0;
}

/* has_table() as SQLAlchemy asks it (verstable.h). */
static int table_exists(struct runner *r, bool *out, struct rt_err *err)
{
	struct rt_buf q[2] = { RT_BUF_INIT, RT_BUF_INIT };
	size_t n = 0, i;
	int rc;

	*out = false;
	rc = verstable_exists_queries(q, &n, r->dialect, &r->opts->vt, err);
	for (i = 0; i < n && rc >= 0 && !*out; i++)
		rc = conn_query(r->conn, q[i].buf, has_row, out, err);
	rt_buf_release(&q[0]);
	rt_buf_release(&q[1]);
	return rc;
}

struct rowsink {
	struct runner *r;
	const char **v;
	size_t n, alloc;
};

static int add_row(const struct rt_row *row, void *payload)
{
	struct rowsink *s = payload;

	if (!row->ncols || !row->values[0])
		return 0;
	RT_ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = arena_strdup(s->r->arena, row->values[0]);
	return 0;
}

static int read_rows(struct runner *r, struct rt_err *err)
{
	struct rowsink s = { r, NULL, 0, 0 };
	struct rt_buf q = RT_BUF_INIT;
	int rc;

	verstable_select(&q, r->dialect, &r->opts->vt);
	rc = conn_query(r->conn, q.buf, add_row, &s, err);
	rt_buf_release(&q);
	r->rows = arena_alloc(r->arena, (s.n + 1) * sizeof(char *));
	if (s.n)
		memcpy(r->rows, s.v, s.n * sizeof(char *));
	r->nrows = rc < 0 ? 0 : s.n;
	free(s.v);
	return rc;
}

/* Run sql in the outer transaction, or in its own (rule 11.2). */
static int exec_small(struct runner *r, const char *sql, struct rt_err *err)
{
	int rc;

	if (r->outer)
		return conn_exec(r->conn, sql, err);
	if ((rc = conn_begin(r->conn, err)) < 0)
		return rc;
	if ((rc = conn_exec(r->conn, sql, err)) < 0) {
		struct rt_err ignore = RT_ERR_INIT;

		conn_rollback(r->conn, &ignore);
		return rc;
	}
	return conn_commit(r->conn, err);
}

static int create_table(struct runner *r, struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	verstable_create(&b, r->dialect, &r->opts->vt, false);
	rc = exec_small(r, b.buf, err);
	rt_buf_release(&b);
	return rc;
}

static int purge(struct runner *r, struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	verstable_purge(&b, r->dialect, &r->opts->vt);
	rc = exec_small(r, b.buf, err);
	rt_buf_release(&b);
	return rc;
}

int runner_start(struct runner *r, enum runner_mode mode,
		 struct rt_err *err)
{
	const char *name = runopts_lock_name(r->opts, r->arena);
	int rc;

	r->rows = NULL;
	r->nrows = 0;
	if (mode != RUNNER_READ) {
		if ((rc = conn_lock(r->conn, name, r->opts->lock_timeout_ms,
				    lock_wait, r, err)) < 0 ||
		    (r->outer && (rc = conn_begin(r->conn, err)) < 0))
			return rc;
	}
	if ((rc = table_exists(r, &r->table_exists, err)) < 0)
		return rc;
	if (mode != RUNNER_PURGE && r->table_exists &&
	    (rc = read_rows(r, err)) < 0)
		return rc;
	if (mode == RUNNER_READ || mode == RUNNER_MIGRATE || r->nrows)
		return 0;
	if (!r->table_exists && (rc = create_table(r, err)) < 0)
		return rc;
	return mode == RUNNER_PURGE ? purge(r, err) : 0;
}

/* RUNNER_MIGRATE's deferred CREATE TABLE (rule 7.5). */
static int create_missing(struct runner *r, struct rt_err *err)
{
	if (r->nrows || r->table_exists)
		return 0;
	return create_table(r, err);
}

int runner_finish(struct runner *r, struct rt_err *err)
{
	int rc = 0;

	if (r->conn->in_txn)
		rc = conn_commit(r->conn, err);
	if (rc >= 0 && r->conn->lock)
		rc = conn_unlock(r->conn, err);
	return rc;
}

int runner_migrate(struct runner *r, struct revmap *m, const struct job *job,
		   struct rt_err *err)
{
	struct rt_err plan_err = RT_ERR_INIT;
	const struct rev_body **bodies;
	struct revplan *plan = NULL;
	int rc;

	if (job->kind == JOB_ENSURE_VERSION) {
		if ((rc = runner_start(r, RUNNER_MUTATE, err)) < 0)
			return rc;
		return runner_finish(r, err);
	}
	if ((rc = runner_start(r, job->purge ? RUNNER_PURGE : RUNNER_MIGRATE,
			       err)) < 0)
		return rc;
	rc = job_plan(&plan, m, job, (const char *const *)r->rows, r->nrows,
		      &plan_err);
	if (rc < 0 && !(plan && plan->last_step_crashes)) {
		/* Alembic has created the table before its plan fails */
		struct rt_err ignore = RT_ERR_INIT;

		create_missing(r, &ignore);
		*err = plan_err;
		return rc;
	}
	if (plan->warning && r->io.warning)
		r->io.warning(plan->warning, r->io.payload);
	if ((rc = job_load_bodies(&bodies, r->arena, plan, r->dialect, true,
				  r->opts->alembic, err)) < 0 ||
	    (rc = create_missing(r, err)) < 0 ||
	    (rc = runner_execute(r, plan, bodies,
				 plan_err.code ? &plan_err : NULL, err)) < 0)
		return rc;
	return runner_finish(r, err);
}
