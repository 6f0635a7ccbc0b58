/*
 * cmd_show.c: `show REV` (spec rule 9.9): the log entry of every
 * revision REV denotes.
 */
#include "clirun.h"
#include "revfmt.h"

static void show_list(struct cli_ctx *ctx, struct revision **list, size_t n)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		rt_buf_reset(&b);
		revfmt_entry(&b, list[i], REVFMT_VERBOSE);
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
}

/* `show current`: every row as stored, no rule 9.12 filtering (9.9);
 * Alembic's get_revisions() of the rows tuple. */
static int show_current(struct cli_ctx *ctx, struct rt_err *err)
{
	struct revision **list;
	const char **rows;
	size_t nrows, n, i;
	int rc;

	if ((rc = cli_read_rows(ctx, true, &rows, &nrows, NULL, err)) < 0 ||
	    (rc = cli_load_map(ctx, err)) < 0)
		return rc;
	for (i = 0; i < nrows; i++) {
		if ((rc = revmap_get_revisions(&list, &n, ctx->map, rows[i],
					       err)) < 0)
			return rc;
		show_list(ctx, list, n);
	}
	return 0;
}

static int run_show(struct cli_ctx *ctx, struct rt_err *err)
{
	const char *rev = ctx->args.pos[0];
	struct revision **list;
	size_t n;
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0)
		return rc;
	if (!strcmp(rev, "current"))
		return show_current(ctx, err);
	if ((rc = cli_load_map(ctx, err)) < 0 ||
	    (rc = revmap_get_revisions(&list, &n, ctx->map, rev, err)) < 0)
		return rc;
	show_list(ctx, list, n);
	return 0;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.help = "Show the revision(s) denoted by the given symbol.",
	.pos_kind = POS_ONE,
	.pos_name = "rev",
	.run = run_show,
};
