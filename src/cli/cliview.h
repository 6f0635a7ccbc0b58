/*
 * cliview.h: one parser level as argparse sees it: the top level (global
 * options and the command choice) or one command (its options and
 * positional).  Shared by the parser (cliparse.c) and the help
 * formatter (clihelp.c).
 */
#ifndef CLIVIEW_H
#define CLIVIEW_H

#include "cli.h"

#define CLI_VIEW_MAX_OPTS 32

struct cli_view {
	const char *prog;		/* "retort" or "retort history" */
	bool top;
	const struct cli_opt *opts[CLI_VIEW_MAX_OPTS];	/* -h first */
	size_t nopts;
	enum cli_pos_kind pos_kind;
	const char *pos_name, *pos_help;
	const char *choices;		/* top: "{branches,...}" */
};

/* The view of cmd, or of the top level when cmd is NULL. */
void cli_view_init(struct cli_view *v, struct rt_arena *a, const char *prog,
		   const struct cmd_entry *cmd);
const char *cli_view_usage(struct rt_arena *a, const struct cli_view *v,
			   int width);
const char *cli_view_help(struct rt_arena *a, const struct cli_view *v,
			  int width);

#endif
