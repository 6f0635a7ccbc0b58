/*
 * clirun.h: what the commands that use a database share (clirun.c): the
 * migration commands (online or --sql) and reading the version table,
 * with the run settings from the command line, environment and ini.
 */
#ifndef CLIRUN_H
#define CLIRUN_H

#include "cli.h"
#include "runtime/job.h"

/*
 * upgrade/downgrade/stamp/ensure_version with the command's arguments
 * (the positionals, --purge, --sql): online (runner_migrate()), or with
 * --sql (spec §8, offline_run()) the SQL on stdout and the log lines on
 * stderr (none with -q).
 */
int cli_migrate(struct cli_ctx *ctx, enum job_kind kind, struct rt_err *err);

/*
 * Connect and read the version table rows (database order) into *rows
 * (arena).  mutate: as every command but `current` does, lock and
 * create the table when there are no rows (rule 7.5).  *masked (may be
 * NULL) gets the URL as Alembic 1.8.1's `current -v` shows it.
 */
int cli_read_rows(struct cli_ctx *ctx, bool mutate, const char ***rows,
		  size_t *nrows, const char **masked, struct rt_err *err);

#endif
