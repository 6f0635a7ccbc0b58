/*
 * job.c: a migration job's argument checks, plan and bodies (job.h),
 * shared by the online runner and --sql.
 */
#include "job.h"

#include "ddl/render.h"
#include "revision/revplan.h"
#include "revscript.h"
#include "sql/sqlbind.h"

static enum revstep_kind step_kind(enum job_kind kind)
{
	return kind == JOB_DOWNGRADE ? REVSTEP_DOWNGRADE :
	       kind == JOB_STAMP ? REVSTEP_STAMP : REVSTEP_UPGRADE;
}

int job_check_args(const struct job *job, struct rt_err *err)
{
	unsigned flags = job->sql ? REVPLAN_SQL :
			 job->purge ? REVPLAN_PURGE : 0;

	if (job->kind == JOB_ENSURE_VERSION)
		return 0;
	return revplan_check_args(step_kind(job->kind), job->args,
				  job->nargs, flags, err);
}

int job_plan(struct revplan **out, struct revmap *m, const struct job *job,
	     const char *const *rows, size_t nrows, struct rt_err *err)
{
	unsigned flags = job->sql ? REVPLAN_SQL : 0;
	const char *arg = job->nargs ? job->args[0] : "";

	*out = NULL;
	switch (job->kind) {
	case JOB_UPGRADE:
		return revplan_upgrade(out, m, arg, rows, nrows, flags, err);
	case JOB_DOWNGRADE:
		return revplan_downgrade(out, m, arg, rows, nrows, flags, err);
	case JOB_STAMP:
		return revplan_stamp(out, m, job->args, job->nargs, rows,
				     nrows, flags | (job->purge ?
						     REVPLAN_PURGE : 0), err);
	case JOB_ENSURE_VERSION:
		return 0;
	}
	return rt_errf(err, RT_ERROR, NULL, "job: unknown kind %d",
		       (int)job->kind);
}

/* Rule 8.6: the bind-parameter check SQLAlchemy makes online. */
static int check_binds(const struct rev_stmt *s, struct rt_err *err)
{
	const char *name;
	int n;

	if (!s->is_text)
		return 0;
	if ((n = sqlbind_check_online(s->sql, &name)) > 0)
		return rt_errf(err, RT_ERROR, &s->loc, "A value is required "
			       "for bind parameter '%.*s'", n, name);
	if ((n = sqlbind_stray_name(s->sql, &name)) > 0)
		return rt_errf(err, RT_ERROR, &s->loc, "KeyError: '%.*s'", n,
			       name);
	return 0;
}

/*
 * The session every body of the run renders in.  Online, literals follow
 * the servers' defaults (dialect.h's server_backslash_escapes).
 */
static void load_session(struct render_session *rs, struct rt_arena *a,
			 const struct dialect *d, bool online, int alembic)
{
	render_session_init(rs, a, d, !online || d->server_backslash_escapes);
	rs->alembic = alembic;
}

int job_load_bodies(const struct rev_body ***out, struct rt_arena *a,
		    const struct revplan *plan, const struct dialect *d,
		    bool online, int alembic, struct rt_err *err)
{
	const struct rev_body **v = arena_alloc(a, (plan->nsteps + 1) *
						sizeof(*v));
	struct render_session rs;
	struct revscript_opts o = { &rs, sqlsplit_dialect_flags(d->name),
				    online };
	size_t i, j;
	int rc = 0;

	*out = v;
	load_session(&rs, a, d, online, alembic);
	for (i = 0; i < plan->nsteps && rc == 0; i++) {
		const struct revstep *st = &plan->steps[i];
		struct rev_script *sc;

		if (st->kind == REVSTEP_STAMP)
			continue;
		sc = arena_alloc(a, sizeof(*sc));
		if ((rc = revscript_load(sc, a, st->rev->file, &o, err)) < 0)
			break;
		v[i] = st->kind == REVSTEP_UPGRADE ? &sc->up : &sc->down;
		for (j = 0; online && j < v[i]->n && rc == 0; j++)
			if (v[i]->stmts[j].sql)
				rc = check_binds(&v[i]->stmts[j], err);
	}
	render_session_release(&rs);
	return rc;
}
