/*
 * cmd_upgrade.c: `upgrade [--sql] [--tag T] REV` (spec §6, §7.B, §8,
 * §11).  --tag has no effect with the default env.py (rule 1.14).
 */
#include "clirun.h"

static int run_upgrade(struct cli_ctx *ctx, struct rt_err *err)
{
	return cli_migrate(ctx, JOB_UPGRADE, err);
}

static const struct cli_opt *const upgrade_opts[] = {
	&opt_sql, &opt_tag, NULL };

const struct cmd_entry cmd_upgrade_entry = {
	.name = "upgrade",
	.help = "Upgrade to a later version.",
	.opts = upgrade_opts,
	.pos_kind = POS_ONE,
	.pos_name = "revision",
	.pos_help = "revision identifier",
	.run = run_upgrade,
};
