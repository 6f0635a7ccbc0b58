/*
 * cmd_stamp.c: `stamp [--sql] [--tag T] [--purge] REV...` (spec §7.D):
 * only the version table changes.
 */
#include "clirun.h"

static int run_stamp(struct cli_ctx *ctx, struct rt_err *err)
{
	return cli_migrate(ctx, JOB_STAMP, err);
}

static const struct cli_opt *const stamp_opts[] = {
	&opt_sql, &opt_tag, &opt_purge, NULL };

const struct cmd_entry cmd_stamp_entry = {
	.name = "stamp",
	.help = "'stamp' the revision table with the given revision; don't "
		"run any migrations.",
	.opts = stamp_opts,
	.pos_kind = POS_MANY,
	.pos_name = "revisions",
	.pos_help = "one or more revisions, or 'heads' for all heads",
	.run = run_stamp,
};
