/*
 * cmd_show.c: `show REV` (spec rule 9.9): the log entry of every
 * revision REV denotes.
 */
#include "cli.h"
#include "revfmt.h"

static int run_show(struct cli_ctx *ctx, struct rt_err *err)
{
	const char *rev = ctx->args.pos[0];
	struct rt_buf b = RT_BUF_INIT;
	struct revision **list;
	size_t n, i;
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0)
		return rc;
	if (!strcmp(rev, "current"))
		return rt_errf(err, RT_ENOTIMPL, NULL, "show current reads "
			       "the database, which this version of retort "
			       "cannot do yet");
	if ((rc = cli_load_map(ctx, err)) < 0 ||
	    (rc = revmap_get_revisions(&list, &n, ctx->map, rev, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		rt_buf_reset(&b);
		revfmt_entry(&b, list[i], REVFMT_VERBOSE);
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
	return 0;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.help = "Show the revision(s) denoted by the given symbol.",
	.pos_kind = POS_ONE,
	.pos_name = "rev",
	.run = run_show,
};
