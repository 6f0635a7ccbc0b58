/*
 * offline.h: the output of `upgrade/downgrade/stamp/ensure_version
 * --sql` (spec §8, rule 7.5): the SQL script Alembic 1.8.1 prints on
 * stdout and the log lines it prints on stderr, from a plan and bodies.
 */
#ifndef OFFLINE_H
#define OFFLINE_H

#include "job.h"
#include "verstable.h"

struct rev_body;
struct revmap;
struct revplan;
struct runopts;

/* What env.py's context.configure() may set (rules 7.3, 8.3, 8.8). */
struct offline_opts {
	const struct dialect *dialect;
	struct verstable vt;
	bool transaction_per_migration;
	const bool *transactional_ddl;	/* NULL: the dialect's default */
};

/* The prefix of every log line with alembic.ini's default logging
 * configuration (rule 8.2). */
#define OFFLINE_LOG_PREFIX "INFO  [alembic.runtime.migration] "

/*
 * Append to out the exact stdout of Alembic 1.8.1's --sql run of a job of
 * the given kind (its plan: job_plan() with job->sql; ensure_version: no
 * plan, NULL, giving CREATE, then DROP), and to log its stderr lines
 * (each OFFLINE_LOG_PREFIX + message + "\n"): "Context impl <Impl>.",
 * "Generating static SQL", "Will assume [non-]transactional DDL.", then
 * per step "Running <step>[, <doc>]" (rule 9.10).
 *
 * stdout is a list of items, each followed by a blank line (rule 8.4):
 * BEGIN;/COMMIT; framing (rules 8.3, 8.8: around everything on a
 * transactional dialect, or around each step with
 * transaction_per_migration), CREATE TABLE at each step that starts with
 * no rows (rule 7.5), the "-- Running ..." header (rule 8.5), the body
 * statements rendered per rule 8.6 (is_text ones through
 * sqlbind_render_offline() first; a run of autocommit statements is
 * preceded by COMMIT; and followed by BEGIN; on a transactional dialect,
 * rule 11.6), the step's row statements (rule 7.10), and DROP TABLE at
 * the end when no rows remain (1.8.1).
 *
 * bodies[i] is the body run by plan->steps[i]: the upgrade body for an
 * upgrade step, the downgrade body for a downgrade step, ignored (may be
 * NULL, as may bodies itself) for stamp steps.  Strings rendered through
 * sqlbind live in a.
 *
 * Errors, with out/log holding what Alembic printed before failing:
 *  - an irreversible body (rule 12): its statements, then RT_ERROR
 *    "<raise_exc>[: <raise_msg>]" at raise_loc (the last line of
 *    Python's traceback; "Exception" when raise_exc is unknown);
 *  - plan->last_step_crashes: that step's statements and the row
 *    statements recorded before the crash (st->ops: Alembic printed
 *    them before heads.remove() failed), then RT_ERROR (err normally
 *    already holds the plan's error, which then wins);
 *  - a revision id containing ' (verstable.h): RT_ECOMMAND before
 *    anything is written;
 *  - a step kind that does not belong to kind, or a missing body:
 *    RT_ERROR (a caller bug).
 */
int offline_emit(struct rt_buf *out, struct rt_buf *log, struct rt_arena *a,
		 const struct offline_opts *o, enum job_kind kind,
		 const struct revplan *plan,
		 const struct rev_body *const *bodies, struct rt_err *err);

/*
 * The offline settings of the run settings o (borrowed: out points into
 * it): the dialect of o->url (dialect_for_scheme(), whose error it
 * returns), the version table and the transaction settings.
 */
int offline_opts_init(struct offline_opts *out, const struct runopts *o,
		      struct rt_err *err);

/*
 * A whole --sql job (job->sql set; its arguments already checked with
 * job_check_args()) over the map m: the plan (job_plan()), every body
 * loaded (job_load_bodies()), then offline_emit() into out and log.
 * *warning gets the plan's UserWarning (revplan.warning, to print before
 * out and log) or NULL.  On error out and log hold what Alembic printed
 * before failing: when the plan fails, its first log lines and, in one
 * transaction, "BEGIN;" (offline_emit() never runs then, rule 8.3); a
 * plan whose last step crashes (last_step_crashes) is emitted and its
 * error returned.  Errors: job_plan(), job_load_bodies() and
 * offline_emit() ones.
 */
int offline_run(struct rt_buf *out, struct rt_buf *log, struct rt_arena *a,
		const struct offline_opts *o, struct revmap *m,
		const struct job *job, const char **warning,
		struct rt_err *err);

/*
 * Rule 8.6 for one statement text: TABs become 4 spaces, Python's
 * str.strip() whitespace (Unicode included) goes, ';' is appended.  The
 * result is appended to out, followed by the blank line of rule 8.4.
 */
void offline_item(struct rt_buf *out, const char *sql);

#endif
