/*
 * cli.c: the command table, setup of what a command needs, and the one
 * place that prints errors and picks the exit status (spec rule 0.6).
 */
#include "cli.h"
#include "config/config.h"
#include "revision/revmap.h"
#include "script/hcache.h"
#include "script/script.h"

#include <sys/ioctl.h>
#include <unistd.h>

extern const struct cmd_entry cmd_branches_entry, cmd_current_entry,
	cmd_downgrade_entry, cmd_edit_entry, cmd_ensure_version_entry,
	cmd_heads_entry, cmd_history_entry, cmd_init_entry,
	cmd_list_templates_entry, cmd_merge_entry, cmd_revision_entry,
	cmd_show_entry, cmd_stamp_entry, cmd_upgrade_entry;

/* Sorted by name, as Alembic lists them (dir(alembic.command)). */
const struct cmd_entry *const cmd_table[] = {
	&cmd_branches_entry, &cmd_current_entry, &cmd_downgrade_entry,
	&cmd_edit_entry, &cmd_ensure_version_entry, &cmd_heads_entry,
	&cmd_history_entry, &cmd_init_entry, &cmd_list_templates_entry,
	&cmd_merge_entry, &cmd_revision_entry, &cmd_show_entry,
	&cmd_stamp_entry, &cmd_upgrade_entry, NULL
};

void cli_print(struct cli_ctx *ctx, const char *text)
{
	if (ctx->args.flag[SLOT_QUIET])
		return;
	fputs(text, ctx->out);
	fputc('\n', ctx->out);
}

int cli_load_scripts(struct cli_ctx *ctx, struct rt_err *err)
{
	int rc;

	if (ctx->scripts)
		return 0;
	if (!ctx->config &&
	    ((rc = config_load(&ctx->config, ctx->arena, ctx->config_path,
			       err)) < 0 ||
	     (rc = config_load_toml(ctx->config, ctx->toml_path, err)) < 0))
		return rc;
	ctx->scripts = arena_alloc(ctx->arena, sizeof(*ctx->scripts));
	rc = script_dir_open(ctx->scripts, ctx->arena, ctx->config,
			     ctx->section, err);
	if (rc < 0)
		ctx->scripts = NULL;
	return rc;
}

static void print_warnings(struct cli_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->scripts->nwarnings; i++)
		fprintf(ctx->log, "retort: warning: %s\n",
			ctx->scripts->warnings[i]);
}

int cli_load_map(struct cli_ctx *ctx, struct rt_err *err)
{
	struct hcache_env env = {
		getenv("RETORT_CACHE"),
		getenv("XDG_CACHE_HOME"),
		getenv("HOME"),
	};
	struct script_opts so;
	int rc;

	if (ctx->map)
		return 0;
	if ((rc = cli_load_scripts(ctx, err)) < 0)
		return rc;
	so.cache_dir = hcache_dir(ctx->arena, &env);
	rc = script_dir_load(ctx->scripts, ctx->arena, &so, err);
	print_warnings(ctx);
	if (rc < 0)
		return rc;
	return revmap_build(&ctx->map, ctx->arena, ctx->scripts->revs,
			    ctx->scripts->nrevs, err);
}

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

void cli_wrap(struct rt_buf *out, const char *text, size_t width,
	      size_t indent_first, size_t indent)
{
	const char *p = text;
	size_t col = 0, lines = 0;

	if (width < 1)
		width = 1;
	while (*p) {
		const char *w;
		size_t len;

		while (*p && strchr(" \t\n\r\v\f", *p))
			p++;
		w = p;
		while (*p && !strchr(" \t\n\r\v\f", *p))
			p++;
		len = (size_t)(p - w);
		while (len) {
			size_t take;

			if (col && col + 1 + len > width) {
				rt_buf_addch(out, '\n');
				col = 0;
			}
			if (!col)
				rt_buf_addf(out, "%*s", (int)(lines++ ? indent
						: indent_first), "");
			else
				rt_buf_addch(out, ' '), col++;
			/* break_long_words: split a word longer than width */
			take = len > width - col ? width - col : len;
			rt_buf_add(out, w, take);
			col += take;
			w += take;
			len -= take;
			if (len) {
				rt_buf_addch(out, '\n');
				col = 0;
			}
		}
	}
	rt_buf_addch(out, '\n');
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
