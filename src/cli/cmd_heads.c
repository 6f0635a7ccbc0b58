/*
 * cmd_heads.c: `heads [-v] [--resolve-dependencies]` (spec rule 9.6).
 */
#include "cli.h"
#include "revision/revfmt.h"

static int run_heads(struct cli_ctx *ctx, struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	struct revision **heads;
	size_t n, i;
	unsigned flags = REVFMT_BRANCHES;
	int rc;

	if ((rc = cli_load_map(ctx, err)) < 0)
		return rc;
	/* --resolve-dependencies: get_revisions("heads"), the real heads */
	if (ctx->args.flag[SLOT_RESOLVE_DEPENDENCIES]) {
		heads = ctx->map->real_heads;
		n = ctx->map->nreal_heads;
	} else {
		heads = ctx->map->heads;
		n = ctx->map->nheads;
	}
	if (ctx->args.flag[SLOT_VERBOSE])
		flags |= REVFMT_VERBOSE;
	for (i = 0; i < n; i++) {
		rt_buf_reset(&b);
		revfmt_entry(&b, heads[i], flags);
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
	return 0;
}

static const struct cli_opt *const heads_opts[] = {
	&opt_verbose, &opt_resolve_dependencies, NULL
};

const struct cmd_entry cmd_heads_entry = {
	.name = "heads",
	.help = "Show current available heads in the script directory.",
	.opts = heads_opts,
	/* heads does not translate RevisionError (spec rule 4.16) */
	.flags = CMD_MAP_ERRORS_CRASH,
	.run = run_heads,
};
