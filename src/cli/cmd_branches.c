/*
 * cmd_branches.c: `branches [-v]` (spec rule 9.7): every branch point in
 * history order, with one line per versioned child.
 */
#include "cli.h"
#include "revision/revfmt.h"
#include "revision/revplan.h"

static void branch_block(struct rt_buf *b, const struct revision *r,
			 bool verbose)
{
	size_t i;

	revfmt_entry(b, r, REVFMT_BRANCHES | REVFMT_TREE |
		     (verbose ? REVFMT_VERBOSE : 0));
	rt_buf_addch(b, '\n');
	/* children in load order (Alembic: set order, Appendix A.4) */
	for (i = 0; i < r->nchildren; i++) {
		rt_buf_addf(b, "%s%*s -> ", i ? "\n" : "", (int)strlen(r->id),
			    "");
		revfmt_entry(b, r->children[i], REVFMT_BRANCHES | REVFMT_TREE |
			     (verbose ? REVFMT_DOC : 0));
	}
	rt_buf_addch(b, '\n');
}

static int run_branches(struct cli_ctx *ctx, struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	struct revision **points;
	size_t n, i;
	int rc;

	if ((rc = cli_load_map(ctx, err)) < 0 ||
	    (rc = revplan_branch_points(&points, &n, ctx->map, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		rt_buf_reset(&b);
		branch_block(&b, points[i], ctx->args.flag[SLOT_VERBOSE]);
		cli_print(ctx, b.buf);
	}
	rt_buf_release(&b);
	return 0;
}

static const struct cli_opt *const branches_opts[] = { &opt_verbose, NULL };

const struct cmd_entry cmd_branches_entry = {
	.name = "branches",
	.help = "Show current branch points.",
	.opts = branches_opts,
	.run = run_branches,
};
