/*
 * clirun.h: what the commands that use a database share (clirun.c): the
 * run settings from the command line, environment and ini, the --sql
 * path, the online migration commands, and reading the version table.
 */
#ifndef CLIRUN_H
#define CLIRUN_H

#include "cli.h"
#include "runtime/offline.h"
#include "runtime/runner.h"

/* The run settings: --url, $RETORT_DATABASE_URL, $RETORT_FAULT and the
 * main section (runopts_load()).  Loads the config first. */
int cli_runopts(struct cli_ctx *ctx, struct runopts *out,
		struct rt_err *err);

/* upgrade/downgrade/stamp/ensure_version --sql (spec §8): the SQL on
 * stdout, the log lines on stderr (none with -q). */
int cli_offline(struct cli_ctx *ctx, enum offline_cmd cmd,
		struct rt_err *err);

/* upgrade/downgrade/stamp online (runner_migrate()); kind REVSTEP_*. */
int cli_migrate(struct cli_ctx *ctx, enum revstep_kind kind,
		struct rt_err *err);

/*
 * Connect and read the version table rows (database order) into *rows
 * (arena).  mutate: as every command but `current` does, lock and
 * create the table when there are no rows (rule 7.5).  *masked (may be
 * NULL) gets the URL as Alembic 1.8.1's `current -v` shows it.
 */
int cli_read_rows(struct cli_ctx *ctx, bool mutate, const char ***rows,
		  size_t *nrows, const char **masked, struct rt_err *err);

/* ensure_version online (rule 7.21). */
int cli_ensure_version(struct cli_ctx *ctx, struct rt_err *err);

#endif
