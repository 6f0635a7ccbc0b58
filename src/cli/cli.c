/*
 * cli.c: the dispatcher: parse the command line (cliparse.c), run the
 * command, and be the one place that prints errors and picks the exit
 * status (spec rule 0.6).
 */
#include "cli.h"
#include "clihelp.h"
#include "cliparse.h"
#include "revision/revmap.h"

#include <sys/ioctl.h>
#include <unistd.h>

/* os.path.basename(path) == "pyproject.toml" */
static bool is_pyproject(const char *path)
{
	const char *slash = strrchr(path, '/');

	return !strcmp(slash ? slash + 1 : path, "pyproject.toml");
}

/*
 * The ini file: the last -c value, else $ALEMBIC_CONFIG, else alembic.ini
 * (rule 1.1).  The pyproject.toml, as Alembic 1.16's
 * CommandLine._inis_from_config() finds it (rule 1.17): a -c value named
 * pyproject.toml, else $ALEMBIC_CONFIG if so named, else pyproject.toml;
 * such values do not count as the ini file.  Two of them: Alembic's
 * CommandError, raised before any command runs (a traceback, exit 1).
 * Two ini files stay 1.8.1's "the last one wins", which 1.16 refuses.
 */
static int config_paths(struct cli_ctx *ctx, struct rt_err *err)
{
	const char *env = getenv("ALEMBIC_CONFIG"), *ini = NULL, *toml = NULL;
	size_t i;

	for (i = 0; i < ctx->args.nlist[SLOT_CONFIG]; i++) {
		const char *name = ctx->args.list[SLOT_CONFIG][i];

		if (!is_pyproject(name))
			ini = name;
		else if (toml)
			return rt_errf(err, RT_ECONFIG, NULL, "pyproject.toml "
				       "indicated more than once");
		else
			toml = name;
	}
	if (env && *env && is_pyproject(env)) {
		ctx->toml_path = toml ? toml : env;
		ctx->config_path = ini ? ini : "alembic.ini";
	} else {
		ctx->toml_path = toml ? toml : "pyproject.toml";
		ctx->config_path = ini ? ini : env ? env : "alembic.ini";
	}
	return 0;
}

/*
 * util.msg() (spec rule 9.1): when stdin is a terminal of known width W,
 * wrapped to W columns and every line indented by two blanks (1.8.1);
 * otherwise verbatim.
 */
static void print_message(struct cli_ctx *ctx, const char *msg)
{
	struct winsize ws;
	struct rt_buf b = RT_BUF_INIT;

	if (ctx->args.flag[SLOT_QUIET])
		return;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) || !ws.ws_col) {
		fprintf(ctx->out, "%s\n", msg);
		return;
	}
	cli_wrap(&b, msg, ws.ws_col, 2, 2);
	fputs(b.buf, ctx->out);
	rt_buf_release(&b);
}

static bool is_command_error(const struct cli_ctx *ctx, int code)
{
	switch (code) {
	case RT_ENOTFOUND:
	case RT_EAMBIGUOUS:
	case RT_ECOMMAND:
		return true;
	case RT_EGRAPH:
		return !(ctx->cmd->flags & CMD_MAP_ERRORS_CRASH);
	default:
		return false;
	}
}

/* The only place errors are printed (STYLE: libgit2 cli/error.h). */
static int report(struct cli_ctx *ctx, const struct rt_err *err)
{
	char text[RT_ERR_MSG_MAX + 600];

	fflush(ctx->out);
	/* Alembic's CommandError text, byte for byte: no location */
	if (is_command_error(ctx, err->code) &&
	    !ctx->args.flag[SLOT_RAISEERR]) {
		/* util.err() logs first, where env.py configured logging */
		if (ctx->logging)
			fprintf(ctx->log, "ERROR [alembic.util.messaging] %s\n",
				err->msg);
		print_message(ctx, arena_printf(ctx->arena, "FAILED: %s",
						err->msg));
		return 255;
	}
	fprintf(ctx->log, "retort: error: %s\n",
		rt_err_str(err, text, sizeof(text)));
	return err->code == RT_EUSAGE ? 2 : 1;
}

static int run(struct cli_ctx *ctx)
{
	struct rt_err err = RT_ERR_INIT;
	int rc;

	if (ctx->cmd->flags & CMD_NOT_BUILT) {
		fprintf(ctx->log, "retort: the '%s' command is not built into "
			"this version of retort yet\n", ctx->cmd->name);
		return 1;
	}
	rc = ctx->cmd->run(ctx, &err);
	if (rc < 0 && !err.code)
		rt_errf(&err, rc, NULL, "'%s' failed", ctx->cmd->name);
	if (ctx->map)
		revmap_free(ctx->map);
	if (fflush(ctx->out) && !err.code)
		rt_errf(&err, RT_EIO, NULL, "could not write the output: %s",
			strerror(errno));
	return err.code ? report(ctx, &err) : 0;
}

int cli_main(int argc, const char **argv)
{
	struct cli_parse_result parsed;
	struct cli_ctx ctx = { 0 };
	int status;

	ctx.arena = arena_new();
	ctx.out = stdout;
	ctx.log = stderr;
	cli_parse(&parsed, ctx.arena, "retort", argc - 1, argv + 1);
	if (parsed.status >= 0) {
		if (parsed.outtext)
			fputs(parsed.outtext, stdout);
		if (parsed.errtext)
			fputs(parsed.errtext, stderr);
		status = parsed.status;
	} else {
		struct rt_err err = RT_ERR_INIT;

		ctx.cmd = parsed.cmd;
		ctx.args = parsed.args;
		ctx.section = ctx.args.str[SLOT_NAME] ?
			ctx.args.str[SLOT_NAME] : "alembic";
		if (config_paths(&ctx, &err) < 0)
			status = report(&ctx, &err);
		else
			status = run(&ctx);
	}
	arena_free(ctx.arena);
	return status;
}
