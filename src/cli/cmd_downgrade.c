/*
 * cmd_downgrade.c: `downgrade [--sql] [--tag T] REV` (spec §6, §7.B,
 * §8, §11); --sql needs START:END (rule 5.12).
 */
#include "clirun.h"

static int run_downgrade(struct cli_ctx *ctx, struct rt_err *err)
{
	return cli_migrate(ctx, JOB_DOWNGRADE, err);
}

static const struct cli_opt *const downgrade_opts[] = {
	&opt_sql, &opt_tag, NULL };

const struct cmd_entry cmd_downgrade_entry = {
	.name = "downgrade",
	.help = "Revert to a previous version.",
	.opts = downgrade_opts,
	.pos_kind = POS_ONE,
	.pos_name = "revision",
	.pos_help = "revision identifier",
	.run = run_downgrade,
};
