/*
 * runner.h: online migration runs (spec §7, §11; issue 3 items 5, 6):
 * connect, take the migration lock, read and create the version table,
 * then execute a plan's statements and row operations inside Alembic's
 * transaction layout.
 */
#ifndef RUNNER_H
#define RUNNER_H

#include "base/arena.h"

struct dialect;
struct job;
struct rev_body;
struct revmap;
struct revplan;
struct rt_conn;
struct runopts;

/*
 * Where the runner reports (nothing below the CLI prints): log gets
 * whole log lines without "\n" (Alembic's INFO lines, rules 8.2, 9.10,
 * and retort's timing lines), notice gets "waiting for the migration
 * lock ..." once per wait, warning gets Alembic's UserWarning texts.
 * Any of them may be NULL.
 */
struct runner_io {
	void (*log)(const char *line, void *payload);
	void (*notice)(const char *text, void *payload);
	void (*warning)(const char *text, void *payload);
	void *payload;
};

/* The prefix of retort's own log lines (step timings). */
#define RUNNER_LOG_PREFIX "INFO  [retort.runtime] "

struct runner {
	struct rt_arena *arena;
	const struct runopts *opts;
	const struct dialect *dialect;
	struct runner_io io;
	struct rt_conn *conn;		/* owned; runner_close() closes */
	bool txn_ddl;			/* after transactional_ddl */
	bool outer;			/* one transaction around the run */
	/* The version-table rows read by runner_start(), database order
	 * (rule 7.12); arena strings. */
	const char **rows;
	size_t nrows;
	bool table_exists;		/* before runner_start() created it */
};

/*
 * Connect to o->url (o borrowed, must outlive r) and log "Context impl
 * <Impl>." and "Will assume [non-]transactional DDL." as Alembic does
 * online (rule 8.2).  Fault injection (o->fail_exec_at) is set on the
 * connection.  On MySQL/MariaDB (DDL commits implicitly) the session
 * gets autocommit=0, as Python's DBAPI has it, so that statements after
 * an implicit commit still belong to the step's transaction.
 * Errors: dialect_for_scheme(), conn_open() ones.  runner_close() must
 * be called in every case.
 */
int runner_open(struct runner *r, struct rt_arena *a,
		const struct runopts *o, const struct runner_io *io,
		struct rt_err *err);

/* Roll back what is open, release the lock, disconnect.  Idempotent. */
void runner_close(struct runner *r);

enum runner_mode {
	/* current: read the rows, never create the table (rule 9.8) */
	RUNNER_READ,
	/* upgrade, downgrade, stamp, ensure_version, history -i, show
	 * current: lock, begin, read, create the table when there are no
	 * rows (rule 7.5) */
	RUNNER_MUTATE,
	/* stamp --purge (rule 7.18): lock, begin, create the table if
	 * missing, DELETE every row; r->rows stays empty */
	RUNNER_PURGE,
	/* runner_migrate(): as RUNNER_MUTATE, but the table is created
	 * later, once the plan is known and its bodies have loaded (a
	 * body that cannot load leaves the database untouched, as a
	 * revision module that fails to import does in Alembic) */
	RUNNER_MIGRATE,
};

/*
 * Start a run: for RUNNER_MUTATE/PURGE/MIGRATE take the migration lock
 * (runopts_lock_name(), polled up to o->lock_timeout_ms, io.notice
 * once when waiting) and BEGIN the outer transaction when DDL is
 * transactional and not per migration (rule 11.2); read the rows into
 * r->rows; create the table (TAB form, rule 7.1) in the outer
 * transaction, else in its own.  Errors: the driver's (RT_EDB), the
 * lock timeout, verstable_exists_queries() ones.
 */
int runner_start(struct runner *r, enum runner_mode mode,
		 struct rt_err *err);

/*
 * Execute plan (from revplan_* with r->rows) after runner_start():
 * per step, in its own transaction unless r->outer, log "Running
 * <step>[, <doc>]", run the body's statements (autocommit ones outside
 * any transaction: commit before, begin after, rule 11.6), fail on an
 * irreversible body, then the row operations with the affected-row
 * check of rule 7.11, then log "Finished in N.NNN s" (RUNNER_LOG_PREFIX).
 * plan_err: when plan->last_step_crashes, the error revplan returned;
 * it is returned after the last step's statements ran.
 *
 * On failure the open transaction is rolled back (the version table
 * then matches the schema: rule 11.4) and:
 *  - a statement: RT_EDB at the statement's file:line:col, "<step>
 *    failed: <server message>\n[SQL: <statement>]", SQLSTATE kept;
 *  - a row operation: RT_EDB "<step> failed to update the version
 *    table: <server message>\n[SQL: ...]", or RT_ECOMMAND with rule
 *    7.11's text ("Online migration expected to match one row ...");
 *  - an irreversible body: RT_ERROR "<exc>[: <msg>]" at the raise.
 */
int runner_execute(struct runner *r, const struct revplan *plan,
		   const struct rev_body *const *bodies,
		   const struct rt_err *plan_err, struct rt_err *err);

/* Commit the outer transaction (if any) and release the lock. */
int runner_finish(struct runner *r, struct rt_err *err);

/*
 * A whole job online (job->sql false): runner_start(), the plan from
 * r->rows (job_plan(); its errors returned after the table creation, as
 * Alembic computes the plan), its warning to io.warning, every body
 * loaded and checked (job_load_bodies()), runner_execute(),
 * runner_finish().  ensure_version: runner_start(RUNNER_MUTATE) and
 * runner_finish() only (m is not used, may be NULL).  The caller still
 * calls runner_close().
 */
int runner_migrate(struct runner *r, struct revmap *m, const struct job *job,
		   struct rt_err *err);

#endif
