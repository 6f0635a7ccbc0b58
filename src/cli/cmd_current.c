/*
 * cmd_current.c: `current [-v]` (spec rules 9.8, 9.12): the current
 * revisions of the database; never creates the version table.
 */
#include "clirun.h"
#include "revision/revfmt.h"
#include "revision/revplan.h"

static int run_current(struct cli_ctx *ctx, struct rt_err *err)
{
	bool verbose = ctx->args.flag[SLOT_VERBOSE];
	struct rt_buf b = RT_BUF_INIT;
	struct revision **cur;
	const char **rows, *url;
	size_t nrows, n, i;
	int rc;

	if ((rc = cli_read_rows(ctx, false, &rows, &nrows, &url, err)) < 0)
		return rc;
	if (verbose)
		cli_print(ctx, arena_printf(ctx->arena, "Current revision(s) "
					    "for %s:", url));
	if ((rc = cli_load_map(ctx, err)) < 0 ||
	    (rc = revplan_current(&cur, &n, ctx->map,
				  (const char *const *)rows, nrows, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		rt_buf_reset(&b);
		revfmt_entry(&b, cur[i], verbose ? REVFMT_VERBOSE :
			     REVFMT_TREE);
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
	return 0;
}

static const struct cli_opt *const current_opts[] = { &opt_verbose, NULL };

const struct cmd_entry cmd_current_entry = {
	.name = "current",
	.help = "Display the current revision for a database.",
	.opts = current_opts,
	.run = run_current,
};
