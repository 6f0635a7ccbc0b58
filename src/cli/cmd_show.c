/*
 * cmd_show.c: `show REV` (spec rule 9.9): the log entry of every
 * revision REV denotes.
 */
#include "clirun.h"
#include "revision/revfmt.h"

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

/*
 * `show current`: every row as stored, no rule 9.12 filtering (9.9).
 * Alembic resolves the whole rows tuple before printing: a row that
 * fails to resolve prints nothing, a "-N" row that overwalks prints the
 * rows before it and its partial result (revmap_get_revisions()).
 */
static int show_current(struct cli_ctx *ctx, struct rt_err *err)
{
	struct rt_err e1 = RT_ERR_INIT, crash = RT_ERR_INIT;
	struct revision ***lists;
	const char **rows;
	size_t nrows, *ns, i, stop;
	int rc;

	if ((rc = cli_read_rows(ctx, true, &rows, &nrows, NULL, err)) < 0 ||
	    (rc = cli_load_map(ctx, err)) < 0)
		return rc;
	lists = arena_alloc(ctx->arena, (nrows + 1) * sizeof(*lists));
	ns = arena_alloc(ctx->arena, (nrows + 1) * sizeof(*ns));
	stop = nrows;
	for (i = 0; i < nrows; i++) {
		rt_err_clear(&e1);
		rc = revmap_get_revisions(&lists[i], &ns[i], ctx->map, rows[i],
					  &e1);
		if (rc < 0 && !lists[i])
			return rt_errf(err, rc, NULL, "%s", e1.msg);
		if (rc < 0 && stop == nrows) {
			stop = i;
			crash = e1;
		}
	}
	for (i = 0; i < nrows && i <= stop; i++)
		show_list(ctx, lists[i], ns[i]);
	if (stop < nrows)
		return rt_errf(err, crash.code, NULL, "%s", crash.msg);
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
	if ((rc = cli_load_map(ctx, err)) < 0)
		return rc;
	/* On an overwalk list holds what Alembic prints before crashing. */
	rc = revmap_get_revisions(&list, &n, ctx->map, rev, err);
	if (list)
		show_list(ctx, list, n);
	return rc;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.help = "Show the revision(s) denoted by the given symbol.",
	.pos_kind = POS_ONE,
	.pos_name = "rev",
	.run = run_show,
};
