/*
 * clirun.c: the glue between the commands that use a database and the
 * runner: settings from the environment (read here, in the CLI, only),
 * log callbacks printing on stderr, and the offline (--sql) path.
 */
#include "clirun.h"

#include "config/config.h"
#include "revision/revmap.h"

int cli_runopts(struct cli_ctx *ctx, struct runopts *out,
		struct rt_err *err)
{
	struct runopts_env env = {
		ctx->args.str[SLOT_URL],
		getenv("RETORT_DATABASE_URL"),
		getenv("RETORT_FAULT"),
		getenv("RETORT_CONNECT_TIMEOUT"),
		getenv("RETORT_READ_TIMEOUT"),
	};
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0 ||
	    (rc = runopts_load(out, ctx->arena, ctx->config, ctx->section,
			       &env, err)) < 0)
		return rc;
	/* Any user can read a process's arguments (/proc/PID/cmdline,
	 * ps) for as long as it runs. */
	if (out->url_src == URL_SRC_OPTION && url_has_secret(out->url))
		fprintf(ctx->log, "retort: warning: the --url value carries a "
			"password, which other users of this machine can read "
			"in the process list while retort runs; set "
			"RETORT_DATABASE_URL or sqlalchemy.url instead\n");
	return 0;
}

static void print_log(const char *line, void *payload)
{
	struct cli_ctx *ctx = payload;

	if (ctx->args.flag[SLOT_QUIET])
		return;
	ctx->logging = true;
	fflush(ctx->out);
	fprintf(ctx->log, "%s\n", line);
	fflush(ctx->log);
}

static void print_notice(const char *text, void *payload)
{
	struct cli_ctx *ctx = payload;

	if (ctx->args.flag[SLOT_QUIET])
		return;
	fprintf(ctx->log, "retort: %s\n", text);
	fflush(ctx->log);
}

static void print_warning(const char *text, void *payload)
{
	struct cli_ctx *ctx = payload;

	fprintf(ctx->log, "retort: warning: %s\n", text);
}

static int open_runner(struct cli_ctx *ctx, struct runner *r,
		       struct runopts *o, struct rt_err *err)
{
	struct runner_io io = { print_log, print_notice, print_warning, ctx };
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = cli_runopts(ctx, o, err)) < 0)
		return rc;
	return runner_open(r, ctx->arena, o, &io, err);
}

/* The command's revision arguments (stamp: all; others: one). */
static const char *const *rev_args(struct cli_ctx *ctx, size_t *n)
{
	*n = ctx->args.npos;
	return ctx->args.pos;
}

static int check_args(struct cli_ctx *ctx, enum revstep_kind kind,
		      unsigned flags, struct rt_err *err)
{
	size_t n;
	const char *const *args = rev_args(ctx, &n);

	return revplan_check_args(kind, args, n, flags, err);
}

int cli_migrate(struct cli_ctx *ctx, enum revstep_kind kind,
		struct rt_err *err)
{
	struct runner_job job = { kind, NULL, 0,
				  ctx->args.flag[SLOT_PURGE] };
	struct runopts o;
	struct runner r;
	int rc;

	job.args = rev_args(ctx, &job.nargs);
	if ((rc = cli_load_scripts(ctx, err)) < 0 ||
	    (rc = check_args(ctx, kind, job.purge ? REVPLAN_PURGE : 0,
			     err)) < 0)
		return rc;
	if ((rc = open_runner(ctx, &r, &o, err)) >= 0 &&
	    (rc = cli_load_map(ctx, err)) >= 0)
		rc = runner_migrate(&r, ctx->map, &job, err);
	runner_close(&r);
	return rc;
}

int cli_ensure_version(struct cli_ctx *ctx, struct rt_err *err)
{
	struct runopts o;
	struct runner r;
	int rc;

	if ((rc = open_runner(ctx, &r, &o, err)) >= 0 &&
	    (rc = runner_start(&r, RUNNER_MUTATE, err)) >= 0)
		rc = runner_finish(&r, err);
	runner_close(&r);
	return rc;
}

/* Alembic 1.8.1's obfuscate_url_pw(): the password shows as XXXXX. */
static const char *url_181(struct rt_arena *a, const struct rt_url *u)
{
	const char *m = url_masked(u), *auth = strstr(m, "://");
	const char *hit = auth ? strstr(auth, ":***@") : NULL;
	const char *slash = auth ? strchr(auth + 3, '/') : NULL;

	if (!u->password || !hit || (slash && slash < hit))
		return m;
	return arena_printf(a, "%.*s:XXXXX@%s", (int)(hit - m), m, hit + 5);
}

int cli_read_rows(struct cli_ctx *ctx, bool mutate, const char ***rows,
		  size_t *nrows, const char **masked, struct rt_err *err)
{
	struct runopts o;
	struct runner r;
	int rc;

	*rows = NULL;
	*nrows = 0;
	if ((rc = open_runner(ctx, &r, &o, err)) >= 0 &&
	    (rc = runner_start(&r, mutate ? RUNNER_MUTATE : RUNNER_READ,
			       err)) >= 0 &&
	    (rc = runner_finish(&r, err)) >= 0) {
		*rows = r.rows;
		*nrows = r.nrows;
		if (masked)
			*masked = url_181(ctx->arena, o.url);
	}
	runner_close(&r);
	return rc;
}

/* ---- --sql ---- */

static void write_log(struct cli_ctx *ctx, const struct rt_buf *log)
{
	if (ctx->args.flag[SLOT_QUIET] || !log->len)
		return;
	ctx->logging = true;
	fputs(log->buf, ctx->log);
}

static int offline_plan(struct cli_ctx *ctx, enum offline_cmd cmd,
			struct revplan **plan, struct rt_err *err)
{
	unsigned flags = REVPLAN_SQL;
	size_t n;
	const char *const *args = rev_args(ctx, &n);

	switch (cmd) {
	case OFFLINE_UPGRADE:
		return revplan_upgrade(plan, ctx->map, args[0], NULL, 0, flags,
				       err);
	case OFFLINE_DOWNGRADE:
		return revplan_downgrade(plan, ctx->map, args[0], NULL, 0,
					 flags, err);
	case OFFLINE_STAMP:
		if (ctx->args.flag[SLOT_PURGE])
			flags |= REVPLAN_PURGE;
		return revplan_stamp(plan, ctx->map, args, n, NULL, 0, flags,
				     err);
	case OFFLINE_ENSURE_VERSION:
		*plan = NULL;
		return 0;
	}
	return rt_errf(err, RT_ERROR, NULL, "offline: unknown command");
}

/* The step kind of an offline command, for revplan_check_args(). */
static enum revstep_kind offline_kind(enum offline_cmd cmd)
{
	return cmd == OFFLINE_DOWNGRADE ? REVSTEP_DOWNGRADE :
	       cmd == OFFLINE_STAMP ? REVSTEP_STAMP : REVSTEP_UPGRADE;
}

/*
 * What Alembic prints before the plan fails (offline_emit() never
 * runs then): the first log lines and, when the run is framed by one
 * transaction, its BEGIN; (rule 8.3).
 */
static void plan_failed(struct rt_buf *out, struct rt_buf *log,
			const struct offline_opts *oo)
{
	bool t = oo->transactional_ddl ? *oo->transactional_ddl :
		 oo->dialect->transactional_ddl;

	if (t && !oo->transaction_per_migration)
		rt_buf_adds(out, "BEGIN;\n\n");
	rt_buf_addf(log, "%sContext impl %s.\n%sGenerating static SQL\n"
		    "%sWill assume %s DDL.\n", OFFLINE_LOG_PREFIX,
		    oo->dialect->impl, OFFLINE_LOG_PREFIX, OFFLINE_LOG_PREFIX,
		    t ? "transactional" : "non-transactional");
}

/* Load every body, then render (plan_err: a row-maintenance crash of
 * the last step, which then wins). */
static int emit(struct cli_ctx *ctx, enum offline_cmd cmd,
		const struct revplan *plan, const struct offline_opts *oo,
		struct rt_buf *out, struct rt_buf *log,
		struct rt_err *plan_err, struct rt_err *err)
{
	const struct rev_body **bodies = NULL;
	int rc;

	if (plan && (rc = runner_load_bodies(&bodies, ctx->arena, plan,
					     oo->dialect, false, err)) < 0)
		return rc;
	if (!plan_err->code)
		return offline_emit(out, log, ctx->arena, oo, cmd, plan,
				    bodies, err);
	rc = offline_emit(out, log, ctx->arena, oo, cmd, plan, bodies,
			  plan_err);
	*err = *plan_err;
	return rc < 0 ? rc : plan_err->code;
}

int cli_offline(struct cli_ctx *ctx, enum offline_cmd cmd,
		struct rt_err *err)
{
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct rt_err plan_err = RT_ERR_INIT;
	struct offline_opts oo = { 0 };
	struct revplan *plan = NULL;
	struct runopts o;
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0 ||
	    /* --purge with --sql fails later, inside the transaction
	     * (MigrationContext.run_migrations): so not checked here */
	    (cmd != OFFLINE_ENSURE_VERSION &&
	     (rc = check_args(ctx, offline_kind(cmd), REVPLAN_SQL,
			      err)) < 0) ||
	    (rc = cli_runopts(ctx, &o, err)) < 0 ||
	    (rc = dialect_for_scheme(&oo.dialect, o.url->scheme, err)) < 0 ||
	    (rc = cli_load_map(ctx, err)) < 0)
		return rc;
	oo.vt = o.vt;
	oo.transaction_per_migration = o.transaction_per_migration;
	if (o.has_transactional_ddl)
		oo.transactional_ddl = &o.transactional_ddl;
	rc = offline_plan(ctx, cmd, &plan, &plan_err);
	if (rc < 0 && !(plan && plan->last_step_crashes)) {
		plan_failed(&out, &log, &oo);
		*err = plan_err;
	} else {
		if (plan && plan->warning)
			print_warning(plan->warning, ctx);
		rc = emit(ctx, cmd, plan, &oo, &out, &log, &plan_err, err);
	}
	fputs(out.buf, ctx->out);
	write_log(ctx, &log);
	rt_buf_release(&out);
	rt_buf_release(&log);
	return rc;
}
