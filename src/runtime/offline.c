/*
 * offline.c: Alembic 1.8.1's --sql output (spec §8): transaction
 * framing, step headers, statement rendering, and the version-table
 * CREATE/DROP of rule 7.5.  Mirrors MigrationContext.run_migrations().
 */
#include "offline.h"
#include "base/pycompat.h"

#include "ddl/dialect.h"
#include "revision/revplan.h"
#include "revscript.h"
#include "runopts.h"
#include "sql/sqlbind.h"

/* One emitter run: where the text goes and how it is framed. */
struct emit {
	struct rt_buf *out, *log;
	struct rt_arena *arena;
	const struct offline_opts *o;
	bool txn_ddl;		/* after the env.py override */
};

/* impl.static_output(): the text and one blank line (rule 8.4). */
static void static_item(struct rt_buf *out, const char *text)
{
	rt_buf_adds(out, text);
	rt_buf_adds(out, "\n\n");
}

static void log_line(struct emit *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void log_line(struct emit *e, const char *fmt, ...)
{
	va_list ap;

	rt_buf_adds(e->log, OFFLINE_LOG_PREFIX);
	va_start(ap, fmt);
	rt_buf_vaddf(e->log, fmt, ap);
	va_end(ap);
	rt_buf_addch(e->log, '\n');
}

void offline_item(struct rt_buf *out, const char *sql)
{
	const char *s = sql;
	size_t n = strlen(sql), i;

	/* strip() the original text: a TAB is whitespace both before and
	 * after it becomes spaces */
	pyc_strip(&s, &n);
	for (i = 0; i < n; i++) {
		if (s[i] == '\t')
			rt_buf_adds(out, "    ");
		else
			rt_buf_addch(out, s[i]);
	}
	rt_buf_adds(out, ";\n\n");
}

static void header(struct emit *e, const struct revstep *st)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *doc = st->rev ? st->rev->file->doc : NULL;

	revstep_text(&b, st);
	/* str(step) adds the doc, the comment does not (rules 8.5, 9.10). */
	if (st->kind != REVSTEP_STAMP && doc && *doc)
		log_line(e, "Running %s, %s", b.buf, doc);
	else
		log_line(e, "Running %s", b.buf);
	rt_buf_adds(e->out, "-- Running ");
	static_item(e->out, b.buf);
	rt_buf_release(&b);
}

static void begin(struct emit *e)
{
	static_item(e->out, "BEGIN;");
}

static void commit(struct emit *e)
{
	static_item(e->out, "COMMIT;");
}

static void create_table(struct emit *e)
{
	struct rt_buf b = RT_BUF_INIT;

	verstable_create(&b, e->o->dialect, &e->o->vt, true);
	offline_item(e->out, b.buf);
	rt_buf_release(&b);
}

static void drop_table(struct emit *e)
{
	struct rt_buf b = RT_BUF_INIT;

	verstable_drop(&b, e->o->dialect, &e->o->vt);
	offline_item(e->out, b.buf);
	rt_buf_release(&b);
}

static void statement(struct emit *e, const struct rev_stmt *s)
{
	char *rendered;

	if (!s->is_text) {
		offline_item(e->out, s->sql);
		return;
	}
	sqlbind_render_offline(&rendered, e->arena, s->sql);
	offline_item(e->out, rendered);
}

/*
 * The body's statements.  autocommit_block() offline on a transactional
 * dialect emits COMMIT; before and BEGIN; after the block (rule 11.6);
 * a run of autocommit statements is taken as one block.
 */
static void body_statements(struct emit *e, const struct rev_body *b)
{
	bool in_block = false;
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->stmts[i].autocommit != in_block && e->txn_ddl) {
			if (in_block)
				begin(e);
			else
				commit(e);
		}
		in_block = b->stmts[i].autocommit;
		statement(e, &b->stmts[i]);
	}
	if (in_block && e->txn_ddl)
		begin(e);
}

static int row_statements(struct emit *e, const struct revstep *st,
			  struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < st->nops && !rc; i++) {
		rt_buf_reset(&b);
		rc = verstable_rowop(&b, e->o->dialect, &e->o->vt, &st->ops[i],
				     err);
		if (!rc)
			offline_item(e->out, b.buf);
	}
	rt_buf_release(&b);
	return rc;
}

/* The step kind each job's plan holds. */
static int check_step(enum job_kind kind, const struct revstep *st,
		      const struct rev_body *body, struct rt_err *err)
{
	static const enum revstep_kind want[] = {
		[JOB_UPGRADE] = REVSTEP_UPGRADE,
		[JOB_DOWNGRADE] = REVSTEP_DOWNGRADE,
		[JOB_STAMP] = REVSTEP_STAMP,
	};

	if (kind == JOB_ENSURE_VERSION || st->kind != want[kind])
		return rt_errf(err, RT_ERROR, NULL, "offline: a step of "
			       "kind %d in a plan for command %d",
			       (int)st->kind, (int)kind);
	if (st->kind != REVSTEP_STAMP && (!body || !st->rev))
		return rt_errf(err, RT_ERROR, NULL, "offline: no body for "
			       "the step of %s",
			       st->rev ? st->rev->id : "(none)");
	return 0;
}

/* Every check that can fail before output starts. */
static int precheck(struct emit *e, enum job_kind kind,
		    const struct revplan *plan,
		    const struct rev_body *const *bodies, struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i, j;
	int rc = 0;

	if (!plan)
		return kind == JOB_ENSURE_VERSION ? 0 :
		       rt_errf(err, RT_ERROR, NULL, "offline: no plan");
	for (i = 0; i < plan->nsteps && !rc; i++) {
		const struct revstep *st = &plan->steps[i];

		rc = check_step(kind, st, bodies ? bodies[i] : NULL, err);
		for (j = 0; j < st->nops && !rc; j++)
			rc = verstable_rowop(&b, e->o->dialect, &e->o->vt,
					     &st->ops[j], err);
	}
	rt_buf_release(&b);
	return rc;
}

/* One step of run_migrations(), inside its own transaction if any. */
static int run_step(struct emit *e, const struct revplan *plan, size_t i,
		    const struct rev_body *body, struct rt_err *err)
{
	const struct revstep *st = &plan->steps[i];
	bool per_step = e->txn_ddl && e->o->transaction_per_migration;
	int rc;

	if (per_step)
		begin(e);
	if (st->rows_empty_before)
		create_table(e);
	header(e, st);
	if (st->kind != REVSTEP_STAMP) {
		body_statements(e, body);
		if (body->irreversible)
			return rev_body_fail(body, err);
	}
	/* A crashing step (rule 7.7) still printed the row statements
	 * that came before the failing heads.remove(): st->ops. */
	rc = row_statements(e, st, err);
	if (rc)
		return rc;
	if (plan->last_step_crashes && i + 1 == plan->nsteps)
		return rt_errf(err, RT_ERROR, NULL, "the version table "
			       "update of the last step fails");
	if (per_step)
		commit(e);
	return 0;
}

int offline_emit(struct rt_buf *out, struct rt_buf *log, struct rt_arena *a,
		 const struct offline_opts *o, enum job_kind kind,
		 const struct revplan *plan,
		 const struct rev_body *const *bodies, struct rt_err *err)
{
	struct emit e = { out, log, a, o, o->dialect->transactional_ddl };
	bool outer;
	size_t i;
	int rc;

	if (o->transactional_ddl)
		e.txn_ddl = *o->transactional_ddl;
	rc = precheck(&e, kind, plan, bodies, err);
	if (rc)
		return rc;
	log_line(&e, "Context impl %s.", o->dialect->impl);
	log_line(&e, "Generating static SQL");
	log_line(&e, "Will assume %s DDL.",
		 e.txn_ddl ? "transactional" : "non-transactional");

	/* begin_transaction(): offline, a BEGIN;/COMMIT; pair around the
	 * run on a transactional dialect unless per migration (rule 8.3). */
	outer = e.txn_ddl && !o->transaction_per_migration;
	if (outer)
		begin(&e);
	if (kind == JOB_ENSURE_VERSION)
		create_table(&e);
	for (i = 0; plan && i < plan->nsteps; i++) {
		rc = run_step(&e, plan, i, bodies ? bodies[i] : NULL, err);
		if (rc)
			return rc;
	}
	if (!plan || !plan->nfinal_rows)
		drop_table(&e);
	if (outer)
		commit(&e);
	return 0;
}

int offline_opts_init(struct offline_opts *out, const struct runopts *o,
		      struct rt_err *err)
{
	memset(out, 0, sizeof(*out));
	out->vt = o->vt;
	out->transaction_per_migration = o->transaction_per_migration;
	if (o->has_transactional_ddl)
		out->transactional_ddl = &o->transactional_ddl;
	return dialect_for_scheme(&out->dialect, o->url->scheme, err);
}

/*
 * What Alembic prints before the plan fails (offline_emit() never
 * runs then): the first log lines and, when the run is framed by one
 * transaction, its BEGIN; (rule 8.3).
 */
static void plan_failed(struct rt_buf *out, struct rt_buf *log,
			const struct offline_opts *o)
{
	bool t = o->transactional_ddl ? *o->transactional_ddl :
		 o->dialect->transactional_ddl;

	if (t && !o->transaction_per_migration)
		rt_buf_adds(out, "BEGIN;\n\n");
	rt_buf_addf(log, "%sContext impl %s.\n%sGenerating static SQL\n"
		    "%sWill assume %s DDL.\n", OFFLINE_LOG_PREFIX,
		    o->dialect->impl, OFFLINE_LOG_PREFIX, OFFLINE_LOG_PREFIX,
		    t ? "transactional" : "non-transactional");
}

int offline_run(struct rt_buf *out, struct rt_buf *log, struct rt_arena *a,
		const struct offline_opts *o, struct revmap *m,
		const struct job *job, const char **warning,
		struct rt_err *err)
{
	struct rt_err plan_err = RT_ERR_INIT;
	const struct rev_body **bodies = NULL;
	struct revplan *plan = NULL;
	int rc;

	*warning = NULL;
	rc = job_plan(&plan, m, job, NULL, 0, &plan_err);
	if (rc < 0 && !(plan && plan->last_step_crashes)) {
		plan_failed(out, log, o);
		*err = plan_err;
		return rc;
	}
	if (plan)
		*warning = plan->warning;
	if (plan && (rc = job_load_bodies(&bodies, a, plan, o->dialect,
					  false, o->vt.alembic, err)) < 0)
		return rc;
	/* a row-maintenance crash of the last step (plan_err) wins */
	if (!plan_err.code)
		return offline_emit(out, log, a, o, job->kind, plan, bodies,
				    err);
	rc = offline_emit(out, log, a, o, job->kind, plan, bodies, &plan_err);
	*err = plan_err;
	return rc < 0 ? rc : plan_err.code;
}
