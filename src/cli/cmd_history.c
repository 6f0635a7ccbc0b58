/*
 * cmd_history.c: `history [-r RANGE] [-v] [-i]` (spec rules 5.11, 6.9,
 * 9.5).
 */
#include "clirun.h"
#include "revision/revfmt.h"
#include "revision/revplan.h"

static int run_history(struct cli_ctx *ctx, struct rt_err *err)
{
	const char *range = ctx->args.str[SLOT_REV_RANGE];
	struct rt_buf b = RT_BUF_INIT;
	struct revision **list;
	unsigned flags = REVFMT_BRANCHES | REVFMT_DOC | REVFMT_PARENTS |
		REVFMT_TREE;
	bool current = ctx->args.flag[SLOT_INDICATE_CURRENT];
	struct strmap cur = STRMAP_INIT;
	const char **rows = NULL;
	size_t n, i, nrows = 0;
	int rc;

	if ((rc = cli_load_scripts(ctx, err)) < 0)
		return rc;
	if (range && !strchr(range, ':'))
		return rt_errf(err, RT_ECOMMAND, NULL, "History range requires "
			       "[start]:[end], [start]:, or :[end]");
	/* -i or a "current" bound runs env.py: the rows are read (and the
	 * table created, rule 7.5) before the map is loaded. */
	if ((current || (range && revplan_range_uses_current(range))) &&
	    (rc = cli_read_rows(ctx, true, &rows, &nrows, NULL, err)) < 0)
		return rc;
	if ((rc = cli_load_map(ctx, err)) < 0 ||
	    (rc = revplan_history(&list, &n, ctx->map, range,
				  (const char *const *)rows, nrows, err)) < 0)
		return rc;
	if (current)
		for (i = 0; i < nrows; i++)
			strmap_put(&cur, rows[i], (void *)rows[i]);
	if (ctx->args.flag[SLOT_VERBOSE])
		flags |= REVFMT_VERBOSE;
	for (i = 0; i < n; i++) {
		revfmt_prefetch(list, n, i, flags);
		rt_buf_reset(&b);
		revfmt_entry(&b, list[i], flags |
			     (strmap_has(&cur, list[i]->id) ?
			      REVFMT_CURRENT : 0));
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
	strmap_release(&cur);
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
