/*
 * cmd_history.c: `history [-r RANGE] [-v] [-i]` (spec rules 5.11, 6.9,
 * 9.5).
 */
#include "cli.h"
#include "revfmt.h"
#include "revplan.h"

static int run_history(struct cli_ctx *ctx, struct rt_err *err)
{
	const char *range = ctx->args.str[SLOT_REV_RANGE];
	struct rt_buf b = RT_BUF_INIT;
	struct revision **list;
	unsigned flags = REVFMT_BRANCHES | REVFMT_DOC | REVFMT_PARENTS |
		REVFMT_TREE;
	size_t n, i;
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0)
		return rc;
	if (range && !strchr(range, ':'))
		return rt_errf(err, RT_ECOMMAND, NULL, "History range requires "
			       "[start]:[end], [start]:, or :[end]");
	if (ctx->args.flag[SLOT_INDICATE_CURRENT] ||
	    (range && revplan_range_uses_current(range)))
		return rt_errf(err, RT_ENOTIMPL, NULL, "history -i and "
			       "'current' in a range read the database, which "
			       "this version of retort cannot do yet");
	if ((rc = cli_load_map(ctx, err)) < 0 ||
	    (rc = revplan_history(&list, &n, ctx->map, range, NULL, 0,
				  err)) < 0)
		return rc;
	if (ctx->args.flag[SLOT_VERBOSE])
		flags |= REVFMT_VERBOSE;
	for (i = 0; i < n; i++) {
		rt_buf_reset(&b);
		revfmt_entry(&b, list[i], flags);
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
	return 0;
}

static const struct cli_opt *const history_opts[] = {
	&opt_rev_range, &opt_verbose, &opt_indicate_current, NULL
};

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.help = "List changeset scripts in chronological order.",
	.opts = history_opts,
	.run = run_history,
};
