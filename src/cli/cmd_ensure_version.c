/*
 * cmd_ensure_version.c: `ensure_version [--sql]` (spec rule 7.21):
 * create the version table if it does not exist.
 */
#include "clirun.h"

static int run_ensure_version(struct cli_ctx *ctx, struct rt_err *err)
{
	return cli_migrate(ctx, JOB_ENSURE_VERSION, err);
}

static const struct cli_opt *const ensure_version_opts[] = {
	&opt_sql, NULL };

const struct cmd_entry cmd_ensure_version_entry = {
	.name = "ensure_version",
	.help = "Create the alembic version table if it doesn't exist "
		"already .",
	.opts = ensure_version_opts,
	.run = run_ensure_version,
};
