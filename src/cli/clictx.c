/*
 * clictx.c: the context a command runs in: the lazy setup of the config,
 * the script directory and the revision map, and listing output.
 */
#include "cli.h"
#include "config/config.h"
#include "revision/revmap.h"
#include "script/hcache.h"
#include "script/script.h"

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
	struct script_opts so = { .cache_dir = NULL };
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
