/*
 * clirun.c: the glue between the commands that use a database and the
 * runtime: settings from the environment (read here, in the CLI, only),
 * log callbacks printing on stderr, and where --sql output goes.
 */
#include "clirun.h"

#include "config/url.h"
#include "runtime/job.h"
#include "runtime/offline.h"
#include "runtime/runner.h"
#include "runtime/runopts.h"

/* The run settings: --url, $RETORT_DATABASE_URL, $RETORT_FAULT and the
 * main section (runopts_load()).  Loads the config first. */
static int cli_runopts(struct cli_ctx *ctx, struct runopts *out,
		       struct rt_err *err)
{
	struct runopts_env env = {
		ctx->args.str[SLOT_URL],
		getenv("RETORT_DATABASE_URL"),
		getenv("RETORT_FAULT"),
		getenv("RETORT_CONNECT_TIMEOUT"),
		getenv("RETORT_READ_TIMEOUT"),
		getenv("RETORT_ALEMBIC_VERSION"),
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

/* The SQL on stdout, the log lines on stderr (none with -q). */
static int offline(struct cli_ctx *ctx, const struct job *job,
		   struct rt_err *err)
{
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct offline_opts oo;
	const char *warning;
	struct runopts o;
	int rc;

	if ((rc = cli_runopts(ctx, &o, err)) < 0 ||
	    (rc = offline_opts_init(&oo, &o, err)) < 0 ||
	    (rc = cli_load_map(ctx, err)) < 0)
		return rc;
	rc = offline_run(&out, &log, ctx->arena, &oo, ctx->map, job, &warning,
			 err);
	if (warning)
		print_warning(warning, ctx);
	fputs(out.buf, ctx->out);
	write_log(ctx, &log);
	rt_buf_release(&out);
	rt_buf_release(&log);
	return rc;
}

int cli_migrate(struct cli_ctx *ctx, enum job_kind kind, struct rt_err *err)
{
	struct job job = { kind, ctx->args.pos, ctx->args.npos,
			   ctx->args.flag[SLOT_PURGE],
			   ctx->args.flag[SLOT_SQL] };
	struct runopts o;
	struct runner r;
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0 ||
	    (rc = job_check_args(&job, err)) < 0)
		return rc;
	if (job.sql)
		return offline(ctx, &job, err);
	/* online, ensure_version has no plan: no revision file is read */
	if ((rc = open_runner(ctx, &r, &o, err)) >= 0 &&
	    (kind == JOB_ENSURE_VERSION ||
	     (rc = cli_load_map(ctx, err)) >= 0))
		rc = runner_migrate(&r, ctx->map, &job, err);
	runner_close(&r);
	return rc;
}
