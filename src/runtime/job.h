/*
 * job.h: one migration job (Alembic's command.upgrade / downgrade /
 * stamp / ensure_version, online or --sql): its argument checks, its
 * plan, and the bodies its steps run, loaded before anything runs.
 * Written once for the online runner (runner.h) and --sql (offline.h).
 */
#ifndef JOB_H
#define JOB_H

#include "base/arena.h"

struct dialect;
struct rev_body;
struct revmap;
struct revplan;

enum job_kind {
	JOB_UPGRADE,
	JOB_DOWNGRADE,
	JOB_STAMP,
	JOB_ENSURE_VERSION,	/* no plan: create the version table */
};

struct job {
	enum job_kind kind;
	/* The revision arguments, borrowed: one for upgrade and downgrade
	 * (with sql, may be START:END, rule 5.12), one or more for stamp,
	 * none for ensure_version. */
	const char *const *args;
	size_t nargs;
	bool purge;		/* stamp --purge (rule 7.18) */
	bool sql;		/* --sql: offline (spec §8) */
};

/*
 * revplan_check_args() for the job (RT_ECOMMAND): the text-only checks
 * Alembic makes before it loads anything.  ensure_version has none; with
 * sql, --purge is not checked here (Alembic fails on it later, inside
 * the transaction: revplan_stamp() with REVPLAN_SQL | REVPLAN_PURGE).
 */
int job_check_args(const struct job *job, struct rt_err *err);

/*
 * The job's plan over m (revplan_upgrade/downgrade/stamp with
 * REVPLAN_SQL when job->sql, REVPLAN_PURGE for stamp --purge) from the
 * version-table rows (database order; online only, NULL/0 with sql).
 * ensure_version: *out is NULL and 0 is returned.  Errors and *out on
 * error as revplan_upgrade()'s (last_step_crashes sets *out too).
 */
int job_plan(struct revplan **out, struct revmap *m, const struct job *job,
	     const char *const *rows, size_t nrows, struct rt_err *err);

/*
 * The body each step of plan runs (NULL for stamp steps), loaded with
 * revscript_load() for dialect d, in plan order with one rendering
 * session for the whole run (render.h; released before returning):
 * *out is an arena array of plan->nsteps pointers.  online: .py bodies
 * are interpreted and rendered for a live run (SQLite batch blocks are
 * left to the runner, literals without PostgreSQL backslash escapes);
 * also check the SQLAlchemy text() bind rule of every op.execute()
 * statement (rule 8.6): RT_ERROR "A value is required for bind
 * parameter '<name>'" or "KeyError: '<name>'" at the statement.  Every
 * step is loaded before anything runs; revscript_load() errors
 * (RT_ESYNTAX, RT_ENOTIMPL at file:line) are returned as they are.
 * alembic: the release the bodies follow (config/alembicver.h).
 */
int job_load_bodies(const struct rev_body ***out, struct rt_arena *a,
		    const struct revplan *plan, const struct dialect *d,
		    bool online, int alembic, struct rt_err *err);

#endif
